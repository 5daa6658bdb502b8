#!/usr/bin/env bash
# Sets up what is missing, then runs every test: formatting and lints, the native test
# suites (core, CLI, fixtures), the Wasm API under Node and headless Chrome, the release
# build of the page, and the end-to-end browser tests against it.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

"$here/scripts/setup.sh"

export PATH="$HOME/.cargo/bin:$here/tests/browser/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }
started=$(date +%s)

# Terraform and the AWS provider come from no registry this project reaches, so set-up
# cannot install them; where the machine has them, the tests that need them must run.
plugins=${TFGRADE_TF_PLUGINS:-/opt/tf-plugins}
if command -v terraform >/dev/null 2>&1 && [[ -d "$plugins/registry.terraform.io/hashicorp/aws" ]]; then
  export TFGRADE_REQUIRE_TERRAFORM=1
  echo "terraform $(terraform version | head -n 1 | cut -d' ' -f2) and the AWS provider mirror found: the terraform validate tests run"
else
  echo "NOTE: no terraform or no AWS provider mirror at $plugins: the terraform validate tests are skipped"
fi

step "format"
cargo fmt --all -- --check

step "lints (native)"
cargo clippy --all-targets --locked -- -D warnings

step "lints (wasm)"
cargo clippy -p tfgrade-wasm -p tfgrade-web --target wasm32-unknown-unknown --locked -- -D warnings

step "native tests: core, CLI, fixtures, page helpers"
cargo test --locked
cargo test --locked -p tfgrade-web --lib

step "Wasm API tests under Node and headless Chrome"
cargo test -p tfgrade-wasm --target wasm32-unknown-unknown --locked

step "release build of the page"
trunk build --release

step "browser tests"
(cd tests/browser && TFGRADE_DIST="$here/dist" node --test)

step "all tests passed in $(( $(date +%s) - started )) s"
