# shellcheck shell=bash
# The benchmarks behind `./dev bench`. Each benchmark is a bench target or binary of the
# ponte-bench package in bench/; its runner decides which programs to run.
# Needs lib.sh.

has_bench_targets() {
  cargo metadata --no-deps --format-version 1 | grep -q '"kind":\["bench"\]'
}

run_benchmarks() {
  if [[ ! -f bench/Cargo.toml ]] || ! grep -Eq '^name *= *"ponte-bench"' bench/Cargo.toml; then
    say "no benchmark is defined yet (expected a ponte-bench package in bench/)"
    return 1
  fi
  # --benches only when a crate declares one: otherwise it rebuilds every lib and bin as a
  # bench harness for nothing.
  local build=(cargo build --release --workspace --bins)
  if has_bench_targets; then
    build+=(--benches)
  fi
  step "release build" "${build[@]}"
  step "ponte-bench" cargo run --release -p ponte-bench -- "$@"
}
