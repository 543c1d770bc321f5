# shellcheck shell=bash
# The benchmarks behind `./dev bench`. Each benchmark is a bench target or binary of the
# ponte-bench package in bench/; its runner decides which programs to run (`./dev bench
# --only desktop`, `--skip-desktop`, `--help`).
# Needs lib.sh and ui.sh, and PostgreSQL (with-postgres.sh).

has_bench_targets() {
  cargo metadata --no-deps --format-version 1 | grep -q '"kind":\["bench"\]'
}

run_benchmarks() {
  if [[ ! -f bench/Cargo.toml ]] || ! grep -Eq '^name *= *"ponte-bench"' bench/Cargo.toml; then
    say "no benchmark is defined yet (expected a ponte-bench package in bench/)"
    return 1
  fi
  # The desktop benchmarks launch the release ponte-desktop, which embeds ui/dist when it
  # is compiled: build the UI first, so they never measure a stale or missing front end.
  build_ui
  # --workspace --bins builds ponte-desktop and bench/empty-window (the desktop benchmarks'
  # floor) too. --benches only when a crate declares one: otherwise it rebuilds every lib
  # and bin as a bench harness for nothing.
  local build=(cargo build --release --workspace --bins)
  if has_bench_targets; then
    build+=(--benches)
  fi
  step "release build" "${build[@]}"
  # The relay benchmarks run relays on PostgreSQL too: a throwaway cluster for the run,
  # with the durable settings a deployment has (fsync on), each measurement in a fresh
  # database on it (PONTE_TEST_POSTGRES_URL names the server).
  step "ponte-bench" env PONTE_POSTGRES_DURABLE=1 bash scripts/dev/with-postgres.sh \
    cargo run --release -p ponte-bench -- "$@"
}
