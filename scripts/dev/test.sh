# shellcheck shell=bash
# The checks behind `./dev test`: format, lints, build, tests against a real keyring, doc tests.
# Needs lib.sh.

print_tool_versions() {
  rustc --version
  cargo --version
  cargo nextest --version | head -n 1
}

run_checks() {
  if [[ ${CI:-} == true ]]; then
    print_tool_versions
  fi
  step "cargo fmt --check" cargo fmt --all --check
  step "cargo clippy" cargo clippy --workspace --all-targets -- -D warnings
  # The cross-process tests in tests/ spawn these binaries from target/debug.
  step "cargo build (binaries)" cargo build --workspace --bins
  step "cargo nextest (private D-Bus + throwaway gnome-keyring)" \
    dbus-run-session -- bash scripts/dev/with-keyring.sh \
    cargo nextest run --workspace --no-fail-fast "$@"
  # nextest does not run doc tests.
  step "cargo test --doc" cargo test --workspace --doc
  say "all checks passed"
}
