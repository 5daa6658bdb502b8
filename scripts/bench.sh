#!/usr/bin/env bash
# Prints how long grading a 1,000-line configuration takes natively, beside parsing alone.
# Not part of the test run: figures drift on shared machines; compare the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p tfgrade-core --bench grade -- --noplot "$@"
