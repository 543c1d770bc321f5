# shellcheck shell=bash
# The headless demo behind `./dev run`: a seeded sandbox of the provider on loopback, and
# the ponte CLI syncing it into a throwaway data dir. Replaced by the desktop app later.
# Needs lib.sh.

SANDBOX_ADDR=127.0.0.1:8787
# Where cargo put the release binaries (CARGO_TARGET_DIR moves them).
RELEASE_DIR=${CARGO_TARGET_DIR:-target}/release
DEMO_DIR=.dev/demo
sandbox_pid=

start_sandbox() {
  # Something else answering there would stand in for the sandbox unnoticed.
  if sandbox_answers; then
    die "$SANDBOX_ADDR is already in use; stop whatever listens there and retry"
  fi
  mkdir -p .dev
  say "starting ponte-sandbox on $SANDBOX_ADDR (log: .dev/sandbox.log)"
  "$RELEASE_DIR/ponte-sandbox" serve --addr "$SANDBOX_ADDR" --seed 7 --scale small \
    >.dev/sandbox.log 2>&1 &
  sandbox_pid=$!
  trap stop_sandbox EXIT
  wait_for_sandbox
}

# shellcheck disable=SC2317 # called by the EXIT trap
stop_sandbox() {
  if [[ -n $sandbox_pid ]]; then
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
    sandbox_pid=
  fi
}

# Any HTTP answer, even a 404, means it is listening.
sandbox_answers() {
  curl -s -o /dev/null --max-time 1 "http://$SANDBOX_ADDR/"
}

wait_for_sandbox() {
  local _
  for _ in {1..100}; do
    if ! kill -0 "$sandbox_pid" 2>/dev/null; then
      cat .dev/sandbox.log >&2
      die "ponte-sandbox exited before answering (port $SANDBOX_ADDR taken?)"
    fi
    if sandbox_answers; then
      return 0
    fi
    sleep 0.2
  done
  die "ponte-sandbox did not answer on $SANDBOX_ADDR within 20 s (see .dev/sandbox.log)"
}

# The CLI calls of the demo. Adjust here as the CLI grows.
run_headless_demo() {
  local ponte=$RELEASE_DIR/ponte
  # The sandbox's fixed tokens. Credentials are not stored, so every call needs them.
  local -x PONTE_GESTAOCLICK_ACCESS_TOKEN=sandbox-access-token
  local -x PONTE_GESTAOCLICK_SECRET_ACCESS_TOKEN=sandbox-secret-token
  rm -rf "$DEMO_DIR"
  say "ponte integration add gestaoclick (data dir $DEMO_DIR)"
  "$ponte" --data-dir "$DEMO_DIR" integration add gestaoclick \
    --name "Gestão Click (demonstração)" \
    --base-url "http://$SANDBOX_ADDR" \
    --no-store-credentials
  say "ponte sync"
  "$ponte" --data-dir "$DEMO_DIR" sync
  say "ponte status"
  "$ponte" --data-dir "$DEMO_DIR" status
}
