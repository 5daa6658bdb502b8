#!/usr/bin/env bash
# Mutation fuzzing of the grading path (decode, parse, evaluate, check, report, fix) from
# the project's fixtures: never a panic, a hang, a position outside its file, an ideal
# that does not parse, or two answers for the same files. Not part of the test run.
#   scripts/fuzz.sh [SECONDS] [SEED]
# Failing cases are written to target/fuzz/case-*/ with the reason; the case running when
# the process died (a stack overflow aborts it) is in target/fuzz/current-case.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
seed="${2:-$(date +%s)}"
exec cargo run --locked --release -p tfgrade-core --example fuzz -- \
  --seconds "$seconds" --seed "$seed" --out target/fuzz
