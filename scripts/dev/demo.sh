# shellcheck shell=bash
# The demo behind `./dev run`: the release ponte-desktop in demo mode, which serves its own
# seeded Gestão Click sandbox on loopback and keeps its data apart from a real one.
# Needs lib.sh and ui.sh.

# Where cargo put the release binaries (CARGO_TARGET_DIR moves them).
RELEASE_DIR=${CARGO_TARGET_DIR:-target}/release

run_desktop_demo() {
  if [[ -z ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]]; then
    die "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset): run ./dev run from a desktop session; on a headless machine, 'bash scripts/dev/with-display.sh ./dev run' runs it on a virtual Xvfb display you cannot see"
  fi
  build_ui
  step "release build (ponte-desktop)" cargo build --release -p ponte-desktop
  say "starting Ponte in demo mode: press \"Sincronizar Agora\" (close the window, then Sair in the tray, to quit)"
  "$RELEASE_DIR/ponte-desktop" --demo "$@"
}
