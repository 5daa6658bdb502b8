#!/usr/bin/env bash
# Grades every repository folder under a corpus directory (default: /work/corpus) with the
# release CLI and prints, per check, how many findings it raised, plus crashes, parse
# errors and time. Not part of the test run: the corpus is public code fetched by hand.
#
#   scripts/corpus.sh [CORPUS_DIR] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-/work/corpus}
out=${2:-target/corpus}
mkdir -p "$out"
cargo build -q --release -p tfgrade-cli
bin=target/release/tfgrade
crashes=0
start=$(date +%s.%N)
for repo in "$corpus"/*/; do
  name=$(basename "$repo")
  set +e
  "$bin" check "$repo" --format json > "$out/$name.json" 2> "$out/$name.stderr"
  code=$?
  set -e
  if (( code > 1 )); then
    crashes=$((crashes + 1))
    echo "CRASH ($code) in $name: $(head -c 300 "$out/$name.stderr")"
  fi
done
end=$(date +%s.%N)
python3 - "$out" <<'PY'
import json, sys, glob, collections
counts = collections.Counter(); notes = collections.Counter(); errors = 0; files = 0; tf = 0
for path in sorted(glob.glob(sys.argv[1] + "/*.json")):
    try:
        report = json.load(open(path))
    except Exception:
        continue
    files += report["summary"]["files"]
    tf += sum(1 for f in report["files"] if f["role"] == "terraform")
    errors += len(report["errors"])
    for f in report["findings"]:
        (notes if f["severity"] == "info" else counts)[f["code"] + " " + f["name"]] += 1
print(f"{files} files ({tf} Terraform), {errors} input errors")
print("findings per check:")
for k, v in sorted(counts.items()):
    print(f"  {k}: {v}")
print("info notes per check:")
for k, v in sorted(notes.items()):
    print(f"  {k}: {v}")
PY
echo "crashes: $crashes; wall time $(echo "$end - $start" | bc) s"
