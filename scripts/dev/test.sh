# shellcheck shell=bash
# The checks behind `./dev test`: the UI's checks and build, Rust format, lints, build,
# then every test against real parts: a throwaway gnome-keyring on a private D-Bus, a
# throwaway PostgreSQL cluster (the relay's store tests), and an X display (Xvfb when
# there is none) for the real-window tests, the install test of the .deb among them.
# Then doc tests.
# Needs lib.sh, ui.sh and package.sh.

print_tool_versions() {
  rustc --version
  cargo --version
  cargo nextest --version | head -n 1
  # The pinned Node from install.sh, which ensure_node put first on PATH.
  printf 'node %s (%s), npm %s\n' "$(node --version)" "$(command -v node)" "$(npm --version)"
  tauri-driver --help 2>&1 | head -n 1 || true
  dpkg-query -W -f='${Package} ${Version}\n' webkit2gtk-driver libwebkit2gtk-4.1-0 xvfb 2>/dev/null || true
}

run_checks() {
  if [[ ${CI:-} == true ]]; then
    print_tool_versions
    # A clean clone builds once: incremental caches only cost disk there.
    export CARGO_INCREMENTAL=0
  fi
  check_ui
  # Before anything compiles ponte-desktop: it embeds ui/dist.
  build_ui
  step "cargo fmt --check" cargo fmt --all --check
  step "cargo clippy" cargo clippy --workspace --all-targets -- -D warnings
  # The cross-process and real-window tests in tests/ spawn these binaries from
  # target/debug; ponte-desktop is built with the UI inside (custom-protocol).
  # --all-targets builds with the tests' feature set (tauri/test), so nextest reuses every
  # artifact instead of compiling tauri and its dependents a second time.
  step "cargo build (binaries and tests)" cargo build --workspace --all-targets
  # The install test (tests/installed_package.rs) installs this build as a .deb.
  bundle_debug_deb
  # WEBKIT_DISABLE_COMPOSITING_MODE: WebKitGTK paints a blank window under Xvfb without it.
  step "cargo nextest (Xvfb + private D-Bus + throwaway gnome-keyring + PostgreSQL)" \
    bash scripts/dev/with-display.sh \
    dbus-run-session -- bash scripts/dev/with-keyring.sh \
    bash scripts/dev/with-postgres.sh \
    env PONTE_DESKTOP_E2E=1 PONTE_PACKAGE_TEST=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 \
    cargo nextest run --workspace --no-fail-fast "$@"
  # nextest does not run doc tests.
  step "cargo test --doc" cargo test --workspace --doc
  say "all checks passed"
}
