#!/usr/bin/env bash
# Runs a command against a throwaway, unlocked gnome-keyring on a private D-Bus session.
#
#   dbus-run-session -- bash scripts/dev/with-keyring.sh cargo nextest run --workspace
#
# The keyring lives in a mktemp directory removed on exit, so tests never see the
# developer's real keyring. Does not own installing gnome-keyring (see install.sh).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

(($# > 0)) || die "usage: dbus-run-session -- bash scripts/dev/with-keyring.sh COMMAND [ARG...]"

# On a desktop the inherited bus is the user's own, with the real keyring on it. Only a bus
# that dbus-run-session made for us is safe, so anything else gets a private one first.
if [[ $(readlink "/proc/$PPID/exe" 2>/dev/null) != */dbus-run-session ]]; then
  have dbus-run-session || die "dbus-run-session not found: install the dbus package"
  exec dbus-run-session -- bash "${BASH_SOURCE[0]}" "$@"
fi

have gnome-keyring-daemon || die "gnome-keyring-daemon not found: install gnome-keyring"
have secret-tool || die "secret-tool not found: install libsecret-tools"

keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/ponte-keyring.XXXXXX")
daemon_pid=

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  if [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null; then
    local _
    for _ in {1..20}; do
      kill -0 "$daemon_pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -rf "$keyring_home"
}
trap cleanup EXIT

bus_call() {
  timeout 5 dbus-send --session --print-reply --dest=org.freedesktop.DBus \
    /org/freedesktop/DBus "org.freedesktop.DBus.$1" "string:org.freedesktop.secrets"
}

# A keyring that already serves this bus would not be ours, nor empty.
if bus_call NameHasOwner | grep -q 'boolean true'; then
  die "a Secret Service already runs on this D-Bus session; refusing to use it"
fi

mkdir -p "$keyring_home"/{data,config,cache,runtime}
chmod 700 "$keyring_home"/runtime

# --unlock reads the password on stdin and creates the "login" keyring with it when there
# is none, which becomes the default collection. Without it the collection would be locked
# and the first Secret Service call would wait forever for a prompt nobody can answer.
# The daemon forks and the parent exits, printing GNOME_KEYRING_CONTROL=... only when the
# control socket is not in the default place; clients use D-Bus anyway.
keyring_password=${PONTE_TEST_KEYRING_PASSWORD:-ponte-test-keyring}
daemon_env=$(
  printf '%s' "$keyring_password" |
    env HOME="$keyring_home" \
      XDG_DATA_HOME="$keyring_home/data" \
      XDG_CONFIG_HOME="$keyring_home/config" \
      XDG_CACHE_HOME="$keyring_home/cache" \
      XDG_RUNTIME_DIR="$keyring_home/runtime" \
      gnome-keyring-daemon --unlock --components=secrets
)
while IFS= read -r line; do
  case $line in
    GNOME_KEYRING_*=*) export "${line?}" ;;
  esac
done <<<"$daemon_env"

# The parent may print before the child owns the bus name. Calling too early would make
# D-Bus auto-start a second, locked daemon, so ask without activating.
for _ in {1..50}; do
  bus_call NameHasOwner | grep -q 'boolean true' && break
  sleep 0.1
done
daemon_pid=$(bus_call GetConnectionUnixProcessID | awk '/uint32/ { print $2 }') ||
  die "gnome-keyring-daemon did not register org.freedesktop.secrets"
[[ -n $daemon_pid ]] || die "gnome-keyring-daemon did not register org.freedesktop.secrets"

probe=(service ponte-keyring-probe pid "$$")
timeout 10 secret-tool store --label="ponte keyring probe" "${probe[@]}" <<<"probe" ||
  die "cannot store in the test keyring (locked? see secret-tool output above)"
[[ $(timeout 10 secret-tool lookup "${probe[@]}") == probe ]] ||
  die "the test keyring did not return what was stored"
timeout 10 secret-tool clear "${probe[@]}"

export PONTE_KEYRING_TESTS=1
status=0
"$@" || status=$?
exit "$status"
