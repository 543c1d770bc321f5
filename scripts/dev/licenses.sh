#!/usr/bin/env bash
# Writes ui/src/lib/licenses.json, the licences Sobre lists: every third-party Rust crate
# that ponte-desktop and ponte link on x86_64 Linux (normal dependencies, proc-macros left
# out: they run in the compiler and ship nothing), and every npm package bundled into the
# UI (the production dependency tree, plus Svelte's client runtime). Name, version and
# the licence expression each declares; a package that declares none is listed as
# "licença não declarada", never dropped. Sorted, so the output is the same on every run.
#
# Offline and quick: Cargo.lock (--locked) and ui/node_modules, no registry.
#   scripts/dev/licenses.sh            rewrite ui/src/lib/licenses.json
#   scripts/dev/licenses.sh --stdout   print it instead (the staleness test compares it)
# Needs cargo, python3, and ui/node_modules (npm ci).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/ui/src/lib/licenses.json"
case "${1:-}" in
  "") ;;
  --stdout) out="" ;;
  *) echo "uso: scripts/dev/licenses.sh [--stdout]" >&2; exit 2 ;;
esac
if [[ ! -d "$root/ui/node_modules" ]]; then
  echo "ui/node_modules não existe: rode npm --prefix ui ci (ou ./dev test) antes." >&2
  exit 1
fi

# One "name version|licence" line per crate; {p} of a workspace crate carries its path,
# "(/…)", which marks it as ours and not listed.
crates="$(cd "$root" && cargo tree --locked --offline -p ponte-desktop -p ponte \
  --target x86_64-unknown-linux-gnu -e normal,no-proc-macro --prefix none --format '{p}|{l}')"

CRATES="$crates" ROOT="$root" OUT="$out" python3 - <<'PY'
import json, os, sys

UNDECLARED = "licença não declarada"
root = os.environ["ROOT"]
ui = os.path.join(root, "ui")

def expression(value):
    """A package's licence as one SPDX-like expression ("/" is Cargo's old spelling of OR).
    A plain choice ("MIT OR Apache-2.0") is put in one order, so Sobre groups "Apache-2.0 OR
    MIT" with it."""
    terms = " ".join((value or "").replace("/", " OR ").split())
    if not terms:
        return UNDECLARED
    choices = terms.split(" OR ")
    if not any(mark in terms for mark in ("(", " AND ", " WITH ")):
        terms = " OR ".join(sorted(set(choices)))
    return terms

rust = {}
for line in os.environ["CRATES"].splitlines():
    line = line.strip().removesuffix(" (*)")
    if not line:
        continue
    package, _, licence = line.partition("|")
    if " (" in package:  # a workspace crate (path dependency)
        continue
    name, _, version = package.partition(" v")
    rust[(name, version)] = expression(licence)

def npm_licence(manifest):
    """package.json's "license", or the older {"type": …} and "licenses": [{"type": …}]."""
    value = manifest.get("license")
    if isinstance(value, dict):
        value = value.get("type")
    if not value and isinstance(manifest.get("licenses"), list):
        value = " OR ".join(str(item.get("type", "")) for item in manifest["licenses"] if isinstance(item, dict))
    return expression(value if isinstance(value, str) else None)

def resolve(name, from_dir):
    """Node's lookup: node_modules of the requiring package, then of each folder above, up to ui/."""
    directory = from_dir
    while True:
        candidate = os.path.join(directory, "node_modules", name)
        if os.path.isfile(os.path.join(candidate, "package.json")):
            return candidate
        if os.path.samefile(directory, ui) or directory == os.path.dirname(directory):
            sys.exit(f"{name} não está em ui/node_modules: rode npm --prefix ui ci.")
        directory = os.path.dirname(directory)

def manifest_of(directory):
    with open(os.path.join(directory, "package.json"), encoding="utf-8") as file:
        return json.load(file)

npm = {}
def walk(name, from_dir, follow):
    directory = resolve(name, from_dir)
    manifest = manifest_of(directory)
    key = (manifest["name"], manifest["version"])
    if key in npm:
        return
    npm[key] = npm_licence(manifest)
    if follow:
        for dependency in sorted(manifest.get("dependencies", {})):
            walk(dependency, directory, True)

for dependency in sorted(manifest_of(ui).get("dependencies", {})):
    walk(dependency, ui, True)
# Svelte is a devDependency (the compiler), yet its client runtime, and the two packages
# that runtime imports, are compiled into every component of the bundle. The rest of its
# dependencies serve the compiler only.
for dependency in ("svelte", "clsx", "esm-env"):
    walk(dependency, ui, False)

def listing(packages):
    return [
        {"name": name, "version": version, "license": licence}
        for (name, version), licence in sorted(packages.items())
    ]

text = json.dumps(
    {"generated_by": "scripts/dev/licenses.sh", "rust": listing(rust), "npm": listing(npm)},
    ensure_ascii=False,
    indent=2,
) + "\n"
if os.environ["OUT"]:
    with open(os.environ["OUT"], "w", encoding="utf-8") as file:
        file.write(text)
else:
    sys.stdout.write(text)
PY
