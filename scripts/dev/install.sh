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
  python3                            # the licences list (scripts/dev/licenses.sh), the release feed
  postgresql                         # the relay's PostgreSQL store tests (scripts/dev/with-postgres.sh)
  # The desktop shell (Tauri 2 on WebKitGTK): webview, tray, icons, input, TLS.
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
  # Its real-window tests: WebKitWebDriver (driven by tauri-driver), a virtual display,
  # a notification daemon, xdotool (to answer the native save dialog) and pdftotext (to
  # read exported PDFs back).
  webkit2gtk-driver xvfb dunst xdotool poppler-utils
)

# The UI's toolchain: this exact Node, from the npm registry's node-linux-<arch> package (a
# plain Node binary), installed under .dev/node/ and put first on PATH. Pinned because
# Debian 12 and Ubuntu 24.04 ship Node 18, too old for Vite and jsdom (they need 20.19 or
# 22.12+), and because the UI should build the same whatever Node a machine happens to
# have. An exact version of the 22.x LTS line, so a bump is a deliberate edit here. Keep
# ui/package.json "engines" at ">=" this version (tests/dev_node.rs checks).
DEV_NODE_VERSION=22.23.5
# That package holds only the node binary, so npm comes as the registry's npm package: the
# 10.x line Node 22 itself bundles.
DEV_NPM_VERSION=10.9.9
DEV_NODE_ROOT=.dev/node
DEV_NODE_DIR=$DEV_NODE_ROOT/$DEV_NODE_VERSION

# Rust tools as "binary=crate" or "binary=crate@version-requirement", installed with
# `cargo install --locked` when the binary is missing.
DEV_CARGO_TOOLS=(
  cargo-nextest=cargo-nextest
  # The newest tauri-driver is a 3.x alpha; 2.x drives Tauri 2 apps.
  tauri-driver=tauri-driver@^2
  # Tauri's bundler for ./dev package and the install test. Pinned: unpinned, cargo
  # resolves tauri-cli to a 3.0 alpha; this is the 2.x line of the tauri crate we build.
  cargo-tauri="tauri-cli@=2.12.4"
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

# Puts the pinned Node (and its npm) first on PATH; fails when it is not installed. Needs no
# network and no system Node.
use_dev_node() {
  [[ -x $DEV_NODE_DIR/bin/node && -x $DEV_NODE_DIR/bin/npm ]] ||
    die "the pinned Node.js $DEV_NODE_VERSION is not in $DEV_NODE_DIR: run ./dev test (or ./dev run) to install it"
  PATH=$PWD/$DEV_NODE_DIR/bin:$PATH
  export PATH
  hash -r
}

# The registry's package suffix for this machine.
dev_node_arch() {
  case $(uname -m) in
    x86_64 | amd64) echo x64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) die "no pinned Node.js for $(uname -m): ./dev knows x86_64 and aarch64" ;;
  esac
}

# Installs the pinned Node into $DEV_NODE_DIR unless it is there, then uses it. The download
# goes through the system's npm, which checks each tarball against the registry's
# dist.integrity; it lands in a temporary folder renamed into place only once the new node
# runs, so an interrupted download never leaves a half-installed $DEV_NODE_DIR.
ensure_node() {
  if [[ ! -x $DEV_NODE_DIR/bin/node || ! -x $DEV_NODE_DIR/bin/npm ]]; then
    # Debian's nodejs/npm are too old to build the UI but can fetch the pinned one.
    if ! have node || ! have npm || ! npm --version >/dev/null 2>&1; then
      ensure_apt_packages nodejs npm
      hash -r
      have npm || die "npm is still missing after installing Debian's nodejs and npm: install npm and retry"
    fi
    local arch tmp
    arch=$(dev_node_arch)
    mkdir -p "$DEV_NODE_ROOT"
    # Leftovers of interrupted installs.
    rm -rf "$DEV_NODE_ROOT"/.partial-*
    tmp=$(mktemp -d "$DEV_NODE_ROOT/.partial-XXXXXX")
    chmod 755 "$tmp" # mktemp's 700 would hide the Node from other users of this checkout
    if ! step "install Node.js $DEV_NODE_VERSION and npm $DEV_NPM_VERSION into $DEV_NODE_DIR" \
      npm install --global --prefix "$PWD/$tmp" --no-audit --no-fund --loglevel=error \
      "node-linux-$arch@$DEV_NODE_VERSION" "npm@$DEV_NPM_VERSION" ||
      [[ $("$tmp/bin/node" --version 2>/dev/null) != "v$DEV_NODE_VERSION" ]]; then
      rm -rf "$tmp"
      die "could not install Node.js $DEV_NODE_VERSION from the npm registry: check the network (or the npm proxy settings) and retry"
    fi
    rm -rf "$DEV_NODE_DIR"
    mv -T "$tmp" "$DEV_NODE_DIR"
  fi
  use_dev_node
}

# node_modules follows package-lock.json and the pinned Node: reinstalled when the lock file
# is newer or when it was installed by another Node (native packages are per Node).
ensure_ui_deps() {
  local stamp=ui/node_modules/.ponte-node-version
  if [[ ! -d ui/node_modules || ui/package-lock.json -nt ui/node_modules ||
    $(cat "$stamp" 2>/dev/null) != "$DEV_NODE_VERSION" ]]; then
    step "npm ci (ui)" npm --prefix ui ci --no-audit --no-fund
    printf '%s\n' "$DEV_NODE_VERSION" >"$stamp"
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
