# shellcheck shell=bash
# Installs what ./dev needs on Debian/Ubuntu, skipping whatever is already present.
# Does not own what the tools are used for: see dev and the other scripts/dev/*.sh.
# Needs lib.sh.

# Debian packages, one group per reason. Later issues append a group, for example the
# desktop shell (Tauri) and its real-window tests:
#   DEV_APT_PACKAGES+=(libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev)
#   DEV_APT_PACKAGES+=(webkit2gtk-driver xvfb dunst)
DEV_APT_PACKAGES=(
  gcc libc6-dev ca-certificates curl # Rust: linker, C for bundled SQLite/ring, rustup download
  pkg-config                         # -sys crates probing system libraries
  gnome-keyring dbus dbus-x11        # Secret Service on a private bus (scripts/dev/with-keyring.sh)
  libsecret-tools                    # secret-tool: probe and diagnose the keyring
  sqlite3                            # open a Ponte store by hand when troubleshooting
)

# Rust tools as "binary=crate", installed with `cargo install --locked` when the binary is
# missing. The desktop issue appends: DEV_CARGO_TOOLS+=(tauri-driver=tauri-driver)
DEV_CARGO_TOOLS=(
  cargo-nextest=cargo-nextest
)

_dev_apt_updated=

apt_installed() {
  [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}

# `dpkg -s` alone also succeeds for removed packages whose config files remain, hence
# dpkg-query's status field.
ensure_apt_packages() {
  local pkg missing=()
  if ! have dpkg-query; then
    warn "not a Debian system; make sure these are installed: $*"
    return 0
  fi
  for pkg in "$@"; do
    apt_installed "$pkg" || missing+=("$pkg")
  done
  ((${#missing[@]} > 0)) || return 0
  say "installing Debian packages: ${missing[*]}"
  if [[ -z $_dev_apt_updated ]]; then
    as_root apt-get update -qq
    _dev_apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

ensure_rust() {
  if ! have cargo && [[ -x $HOME/.cargo/bin/cargo ]]; then
    PATH=$HOME/.cargo/bin:$PATH
  fi
  if ! have cargo; then
    say "installing Rust (rustup, stable)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
      sh -s -- -y --profile minimal --component rustfmt,clippy
    PATH=$HOME/.cargo/bin:$PATH
  fi
  local component
  for component in rustfmt clippy; do
    if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
      have rustup || die "cargo $component is missing and rustup is not available"
      say "adding Rust component $component"
      rustup component add "$component"
    fi
  done
}

ensure_cargo_tools() {
  local entry bin crate
  for entry in "$@"; do
    bin=${entry%%=*}
    crate=${entry#*=}
    have "$bin" && continue
    say "installing $crate (cargo install --locked)"
    cargo install --locked "$crate"
  done
}

# Everything ./dev needs; extra Debian packages for one subcommand go in "$@".
ensure_dev_deps() {
  ensure_apt_packages "${DEV_APT_PACKAGES[@]}" "$@"
  ensure_rust
  ensure_cargo_tools "${DEV_CARGO_TOOLS[@]}"
}
