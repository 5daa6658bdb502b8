#!/usr/bin/env bash
# Installs every tool the project needs, skipping each one already present at the
# pinned version. Safe to run again; a machine that has everything pays seconds.
#
#   scripts/setup.sh            everything (Rust targets, wasm tools, npm tools, Chromium)
#   scripts/setup.sh --web      only what building and serving the page needs
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14

want_browser=1
if [[ "${1:-}" == "--web" ]]; then want_browser=0; fi

log() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo not found; install Rust with rustup first" >&2
  exit 2
fi

# 1. The wasm32 target for the page and the Wasm API.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "wasm32-unknown-unknown target present"
else
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli: must equal the wasm-bindgen crate pinned in Cargo.lock.
#    (no --locked: its lock names a webpki-roots release missing from the index)
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" == "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  log "wasm-bindgen-cli $WASM_BINDGEN_VERSION present"
else
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# 3. trunk builds the page.
if [[ "$(trunk --version 2>/dev/null || true)" == "trunk $TRUNK_VERSION" ]]; then
  log "trunk $TRUNK_VERSION present"
else
  log "installing trunk $TRUNK_VERSION (about ten minutes on two cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

# 4. npm tools (binaryen's wasm-opt, playwright-core) in a project-local folder.
tools="$here/tests/browser"
if [[ -f "$tools/node_modules/.package-lock.json" && "$tools/node_modules/.package-lock.json" -nt "$tools/package-lock.json" ]]; then
  log "npm tools present"
else
  log "installing npm tools"
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
fi

# 5. Chromium and ChromeDriver for the browser tests (Debian packages).
if (( want_browser )); then
  if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    log "chromium and chromedriver present"
  else
    log "installing chromium and chromium-driver"
    sudo_cmd=""
    if [[ $(id -u) -ne 0 ]]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi

log "ready"
