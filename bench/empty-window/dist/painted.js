// Tells the shell, once, that the page has painted: two frames, as Ponte's Painel does
// (ui/src/lib/ready.ts), the first scheduling the paint and the second running after it.
// Tauri's own IPC entry point, so the page needs no bundled @tauri-apps/api.
requestAnimationFrame(() =>
  requestAnimationFrame(() => void window.__TAURI_INTERNALS__.invoke("painted")),
);
