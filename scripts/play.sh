#!/usr/bin/env bash
# Serves the playground (the page, with the example answer loaded) on 127.0.0.1.
#
#   scripts/play.sh             http://127.0.0.1:8080/
#   PORT=9000 scripts/play.sh   another port
#
# Installs what building the page needs first (scripts/setup.sh --web), then runs
# `trunk serve --release`, which rebuilds and reloads the page when a source changes.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

"$here/scripts/setup.sh" --web

# Trunk takes wasm-opt (binaryen 132) from PATH, from the project-local npm tools.
export PATH="$here/tests/browser/node_modules/.bin:$HOME/.cargo/bin:$PATH"

port="${PORT:-8080}"
if ! [[ "$port" =~ ^[0-9]+$ ]] || (( port < 1 || port > 65535 )); then
  echo "play: PORT must be a number from 1 to 65535, got '$port'" >&2
  exit 2
fi

printf '\n\033[1mplay:\033[0m tfgrade playground at http://127.0.0.1:%s/ (first build takes a few minutes; Ctrl-C stops)\n\n' "$port"
exec trunk serve --release --address 127.0.0.1 --port "$port" --disable-address-lookup
