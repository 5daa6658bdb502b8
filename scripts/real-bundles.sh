#!/usr/bin/env bash
# Grades the development half of the public dataset of reviewed task bundles
# (../shared/datasets/README.md) and prints per-check counts, claims per verdict, bundles
# without claims, findings per bundle, and crashes. Not part of the test run.
#
#   scripts/real-bundles.sh [--repo GIT_DIR] [--out DIR] [--bin TFGRADE] [--list FILE]
#
# GIT_DIR is a clone (or bare mirror) of the dataset's repository; the bundles are read at
# the commit the dataset names and extracted under OUT/bundles (never committed). Reports
# go to OUT/reports/<id>.json. Defaults: the repository's mirror under /work/.mirror, OUT
# target/real-bundles, the release CLI built from this tree, the list of development
# bundles beside the dataset's README.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

commit=e7851f81248dc1fa9200fa923fe13e79ba5eb182
repo=/work/.mirror/ADNANFAKHAR4504+rlhf-synth-fixer/repo
out=target/real-bundles
bin=""
list="$here/../shared/datasets/real-bundles-dev.txt"
while (( $# )); do
  case "$1" in
    --repo) repo=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --list) list=$2; shift 2 ;;
    *) echo "real-bundles: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -f "$list" ]] || { echo "real-bundles: no bundle list at $list" >&2; exit 2; }
git -C "$repo" cat-file -e "$commit^{commit}" 2>/dev/null || {
  echo "real-bundles: $repo does not hold commit $commit of the dataset's repository" >&2
  exit 2
}
if [[ -z "$bin" ]]; then
  cargo build -q --release -p tfgrade-cli
  bin=target/release/tfgrade
fi

mkdir -p "$out/bundles" "$out/reports"
ids=$(grep -E '^Pr[0-9]+$' "$list")
# shellcheck disable=SC2086
python3 "$here/tests/real-bundles/extract.py" "$repo" "$commit" "$out/bundles" $ids

crashes=0
start=$(date +%s.%N)
for id in $ids; do
  set +e
  "$bin" check "$out/bundles/$id" --format json > "$out/reports/$id.json" 2> "$out/reports/$id.stderr"
  code=$?
  set -e
  if (( code > 1 )); then
    crashes=$((crashes + 1))
    echo "CRASH ($code) in $id: $(head -c 300 "$out/reports/$id.stderr")"
  fi
done
end=$(date +%s.%N)
python3 "$here/tests/real-bundles/summary.py" "$out/reports" $ids
echo "crashes: $crashes; graded in $(python3 -c "print(round($end - $start, 1))") s"
