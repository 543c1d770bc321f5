// Mounts the app, or the recovery screen when the shell could not open the store (it then
// runs without a Core, and the app's own commands would have nothing to answer with; the
// recovery screen is loaded only then). Styles come from app.css and the components'
// compiled CSS.
import { mount } from "svelte";
import App from "./App.svelte";
import { commands } from "./lib/bindings";
import "./app.css";

const target = document.getElementById("app");
if (!target) throw new Error("#app não encontrado em index.html");
const damaged = await commands.damagedStore();
export default damaged
  ? mount((await import("./screens/Recuperacao.svelte")).default, { target, props: { damaged } })
  : mount(App, { target });
