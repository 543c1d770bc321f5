# shellcheck shell=bash
# Installs what ./dev needs on Debian/Ubuntu, skipping whatever is already present.
# Does not own what the tools are used for: see dev and the other scripts/dev/*.sh.
# Needs lib.sh.

# Debian packages, one group per reason.
DEV_APT_PACKAGES=(
  gcc libc6-dev ca-certificates curl # Rust: linker, C for bundled SQLite/ring, rustup download
  pkg-config                         # -sys crates probing system libraries
  gnome-keyring dbus dbus-x11        # Secret Service on a private bus (scripts/dev/with-keyring.sh)
  libsecret-tools                    # secret-tool: probe and diagnose the keyring
  sqlite3                            # open a Ponte store by hand when troubleshooting
  postgresql                         # the relay's PostgreSQL store tests (scripts/dev/with-postgres.sh)
  # The desktop shell (Tauri 2 on WebKitGTK): webview, tray, icons, input, TLS.
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
  # Its real-window tests: WebKitWebDriver (driven by tauri-driver), a virtual display,
  # a notification daemon, xdotool (to answer the native save dialog) and pdftotext (to
  # read exported PDFs back).
  webkit2gtk-driver xvfb dunst xdotool poppler-utils
)

# The UI's toolchain (ui/package.json "engines"). Debian's own nodejs is older, so an older
# or missing node is an error with what to do, not a silent apt-get.
DEV_NODE_MIN=20.19

# Rust tools as "binary=crate" or "binary=crate@version-requirement", installed with
# `cargo install --locked` when the binary is missing.
DEV_CARGO_TOOLS=(
  cargo-nextest=cargo-nextest
  # The newest tauri-driver is a 3.x alpha; 2.x drives Tauri 2 apps.
  tauri-driver=tauri-driver@^2
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
  local entry bin crate version
  for entry in "$@"; do
    bin=${entry%%=*}
    crate=${entry#*=}
    version=
    if [[ $crate == *@* ]]; then
      version=${crate#*@}
      crate=${crate%%@*}
    fi
    have "$bin" && continue
    say "installing $crate${version:+ $version} (cargo install --locked)"
    cargo install --locked "$crate" ${version:+--version "$version"}
  done
}

ensure_node() {
  if ! have node || ! have npm; then
    die "Node.js >= $DEV_NODE_MIN with npm is needed for the UI (ui/): install it (for example from https://nodejs.org or NodeSource) and retry"
  fi
  local version
  version=$(node --version)
  version=${version#v}
  if [[ $(printf '%s\n%s\n' "$DEV_NODE_MIN" "$version" | sort -V | head -n 1) != "$DEV_NODE_MIN" ]]; then
    die "Node.js $version is too old for the UI: install Node.js >= $DEV_NODE_MIN and retry"
  fi
}

# node_modules follows package-lock.json: reinstalled when the lock file is newer.
ensure_ui_deps() {
  if [[ ! -d ui/node_modules || ui/package-lock.json -nt ui/node_modules ]]; then
    step "npm ci (ui)" npm --prefix ui ci --no-audit --no-fund
    touch ui/node_modules
  fi
}

# Everything ./dev needs.
ensure_dev_deps() {
  ensure_apt_packages "${DEV_APT_PACKAGES[@]}"
  ensure_rust
  ensure_cargo_tools "${DEV_CARGO_TOOLS[@]}"
  ensure_node
  ensure_ui_deps
}
