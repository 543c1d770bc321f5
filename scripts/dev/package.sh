# shellcheck shell=bash
# `./dev package`: the desktop app bundled by Tauri's bundler (the pinned tauri-cli) as a
# .deb and an .rpm that carry ponte-desktop and the ponte CLI, and ponte-relay as a
# tar.gz for servers. Everything lands in target/packages/. AppImage is not built: its
# bundler downloads linuxdeploy from GitHub at bundle time, which an offline build cannot.
# Needs lib.sh and ui.sh.

cargo_target_dir() {
  printf '%s\n' "${CARGO_TARGET_DIR:-$PWD/target}"
}

# The bundle config's /usr/bin/ponte source for a profile: tauri.conf.json names the
# release build under ./target; this keeps it right for a debug bundle or another
# CARGO_TARGET_DIR (JSON merge patch over tauri.conf.json).
cli_files_override() {
  local cli
  cli="$(cargo_target_dir)/$1/ponte"
  printf '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/ponte":"%s"}},"rpm":{"files":{"/usr/bin/ponte":"%s"}}}}}' \
    "$cli" "$cli"
}

# Copies the bundler's output to target/packages/ under Debian's and RPM's usual lower-case
# names (the bundler names them after the product, "Ponte_…").
collect_packages() {
  local profile=$1 out bundle file
  out="$(cargo_target_dir)/packages"
  bundle="$(cargo_target_dir)/$profile/bundle"
  mkdir -p "$out"
  for file in "$bundle"/deb/*.deb "$bundle"/rpm/*.rpm; do
    [[ -e $file ]] || continue
    cp "$file" "$out/$(basename "$file" | tr '[:upper:]' '[:lower:]')"
  done
}

# ponte-relay for servers: the binary and its systemd unit, in one archive.
package_relay() {
  local version out staging name
  version=$(workspace_version)
  out="$(cargo_target_dir)/packages"
  name="ponte-relay_${version}_linux_$(uname -m)"
  staging=$(mktemp -d)
  mkdir -p "$staging/$name" "$out"
  cp "$(cargo_target_dir)/release/ponte-relay" "$staging/$name/"
  cp crates/relay/packaging/ponte-relay.service "$staging/$name/"
  tar -C "$staging" -czf "$out/$name.tar.gz" "$name"
  rm -rf "$staging"
}

workspace_version() {
  sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml
}

build_packages() {
  local profile=release
  rm -rf "$(cargo_target_dir)/packages" "$(cargo_target_dir)/$profile/bundle"
  step "cargo build --release (ponte, ponte-relay)" \
    cargo build --release --locked -p ponte -p ponte-relay
  # tauri build runs the UI build itself (beforeBuildCommand), then cargo build --release.
  step "cargo tauri build (deb, rpm)" \
    cargo tauri build --ci --bundles deb,rpm --config "$(cli_files_override "$profile")" -- --locked
  collect_packages "$profile"
  package_relay
  say "packages in $(cargo_target_dir)/packages:"
  ls -l "$(cargo_target_dir)/packages"
}

# The .deb the install test installs: the debug build `./dev test` has just made, bundled
# by the same bundler and config as a release (only the compiler's profile differs), so
# the test costs no second build.
bundle_debug_deb() {
  rm -rf "$(cargo_target_dir)/debug/bundle/deb"
  step "cargo tauri bundle --debug (deb)" \
    cargo tauri bundle --ci --debug --bundles deb --config "$(cli_files_override debug)"
}
