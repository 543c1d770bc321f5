# shellcheck shell=bash
# Shared helpers for ./dev: progress lines, errors, root escalation.

say() { printf '==> %s\n' "$*"; }
warn() { printf '==> warning: %s\n' "$*" >&2; }
die() {
  printf '==> error: %s\n' "$*" >&2
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif have sudo; then
    sudo "$@"
  else
    die "need root for '$*': run as root or install sudo"
  fi
}

# Runs one named step; on failure says which step broke and returns its status.
step() {
  local name=$1 status=0
  shift
  say "$name"
  "$@" || status=$?
  if ((status != 0)); then
    printf '==> FAILED: %s (exit %d)\n' "$name" "$status" >&2
  fi
  return "$status"
}
