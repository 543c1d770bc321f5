# shellcheck shell=bash
# The UI's checks and build (ui/: Svelte 5 + TypeScript + Vite). ponte-desktop embeds
# ui/dist when it compiles, so every cargo build of it comes after build_ui.
# Needs lib.sh; install.sh's ensure_node has put the pinned Node first on PATH (every npm
# here, and the vite/svelte-check/vitest it starts, runs on it) and ensure_ui_deps has
# installed node_modules.

check_ui() {
  step "ui: svelte-check" npm --prefix ui run --silent check
  step "ui: vitest" npm --prefix ui test --silent
}

build_ui() {
  step "ui: vite build" npm --prefix ui run --silent build
}
