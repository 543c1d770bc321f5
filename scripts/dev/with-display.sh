#!/usr/bin/env bash
# Runs a command with an X display: the current one when DISPLAY is local and up, otherwise a
# throwaway Xvfb that ends with the command. The real-window tests and the desktop
# benchmarks need one; CI has none.
#
#   bash scripts/dev/with-display.sh cargo nextest run
#
# Does not own installing Xvfb (see install.sh).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

(($# > 0)) || die "usage: bash scripts/dev/with-display.sh COMMAND [ARG...]"

# A local display answers on its socket; a DISPLAY left over from elsewhere (a closed
# session, a container's environment) does not, and gets an Xvfb like no DISPLAY at all.
display_number=${DISPLAY:-}
display_number=${display_number#*:}
display_number=${display_number%%.*}
if [[ -n $display_number && -S /tmp/.X11-unix/X$display_number ]]; then
  exec "$@"
fi

have Xvfb || die "Xvfb not found: install the xvfb package"
display_file=$(mktemp "${TMPDIR:-/tmp}/ponte-xvfb.XXXXXX")
xvfb_pid=

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  if [[ -n $xvfb_pid ]]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -f "$display_file"
}
trap cleanup EXIT

# -displayfd: Xvfb picks a free display number and writes it once it accepts clients, so
# there is neither a guessed number nor a race with the first client. The screen is large
# enough for the app's default window (1180×780).
Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp 3>"$display_file" 2>/dev/null &
xvfb_pid=$!
for _ in {1..100}; do
  [[ -s $display_file ]] && break
  kill -0 "$xvfb_pid" 2>/dev/null || die "Xvfb exited at start"
  sleep 0.1
done
[[ -s $display_file ]] || die "Xvfb did not start within 10 s"
DISPLAY=":$(tr -d '[:space:]' <"$display_file")"
export DISPLAY

status=0
"$@" || status=$?
exit "$status"
