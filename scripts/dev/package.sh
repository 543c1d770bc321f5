# shellcheck shell=bash
# `./dev package`: the desktop app bundled by Tauri's bundler (the pinned tauri-cli) as a
# .deb and an .rpm that carry ponte-desktop and the ponte CLI, and ponte-relay as a
# tar.gz for servers, and with the signing key the updater's signatures and latest.json.
# Everything lands in target/packages/. AppImage is not built: its
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

# With the update signing key in the environment (TAURI_SIGNING_PRIVATE_KEY and
# TAURI_SIGNING_PRIVATE_KEY_PASSWORD), the bundler also signs each package (a .sig beside
# it) for the in-app updater; without it the packages are built unsigned.
updater_artifacts_override() {
  if [[ -n ${TAURI_SIGNING_PRIVATE_KEY:-} ]]; then
    printf '{"bundle":{"createUpdaterArtifacts":true}}'
  else
    printf '{}'
  fi
}

# The updater's feed for these packages, target/packages/latest.json: the version, the
# notes (PONTE_RELEASE_NOTES), the date, and per package kind the address it will be
# published at (PONTE_RELEASE_URL, the folder the packages are uploaded to) with the
# content of its .sig. Written only for signed packages.
write_update_feed() {
  local out=$1
  [[ -n ${TAURI_SIGNING_PRIVATE_KEY:-} ]] || return 0
  [[ -n ${PONTE_RELEASE_URL:-} ]] ||
    die "PONTE_RELEASE_URL is not set: the https folder the packages will be published in, for latest.json"
  OUT="$out" VERSION="$(workspace_version)" python3 - <<'PY'
import datetime, json, os, pathlib
out = pathlib.Path(os.environ["OUT"])
base = os.environ["PONTE_RELEASE_URL"].rstrip("/")
platforms = {}
for kind, pattern in (("deb", "*.deb"), ("rpm", "*.rpm")):
    for package in sorted(out.glob(pattern)):
        signature = package.with_name(package.name + ".sig")
        if not signature.is_file():
            raise SystemExit(f"{package.name} has no .sig: is TAURI_SIGNING_PRIVATE_KEY right?")
        platforms[f"linux-x86_64-{kind}"] = {
            "url": f"{base}/{package.name}",
            "signature": signature.read_text().strip(),
        }
feed = {
    "version": os.environ["VERSION"],
    "notes": os.environ.get("PONTE_RELEASE_NOTES", ""),
    "pub_date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "platforms": platforms,
}
(out / "latest.json").write_text(json.dumps(feed, indent=2, ensure_ascii=False) + "\n")
PY
}

# Copies the bundler's output to target/packages/ under Debian's and RPM's usual lower-case
# names (the bundler names them after the product, "Ponte_…").
collect_packages() {
  local profile=$1 out bundle file
  out="$(cargo_target_dir)/packages"
  bundle="$(cargo_target_dir)/$profile/bundle"
  mkdir -p "$out"
  for file in "$bundle"/deb/*.deb "$bundle"/rpm/*.rpm "$bundle"/deb/*.deb.sig "$bundle"/rpm/*.rpm.sig; do
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
    cargo tauri build --ci --bundles deb,rpm --config "$(cli_files_override "$profile")" \
    --config "$(updater_artifacts_override)" -- --locked
  collect_packages "$profile"
  package_relay
  write_update_feed "$(cargo_target_dir)/packages"
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
