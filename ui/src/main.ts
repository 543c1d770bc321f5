// Mounts the app. Styles come from app.css and the components' compiled CSS.
import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";

const target = document.getElementById("app");
if (!target) throw new Error("#app não encontrado em index.html");
export default mount(App, { target });
