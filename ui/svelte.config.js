// Svelte compiles components' CSS into the bundle's stylesheet, never into <style> tags,
// so the strict CSP (style-src 'self') holds.
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

export default {
  preprocess: vitePreprocess(),
  compilerOptions: { css: "external" },
};
