"""Compares the hand labels with the reports of the current tool (target/corpus/*.json,
made by scripts/corpus.sh): which labelled findings are still reported, which false
positives are gone, which missed resources are now reported. Run after changing a check:

    scripts/corpus.sh CORPUS_DIR target/corpus && python3 tests/corpus/compare.py
"""
import csv
import glob
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
reports_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "target", "corpus")

reported = set()
by_resource = set()
for path in glob.glob(os.path.join(reports_dir, "*.json")):
    repo = os.path.basename(path)[:-5]
    with open(path) as f:
        report = json.load(f)
    for finding in report["findings"]:
        counted = finding["severity"] != "info" and not finding["suppressed"]
        reported.add((repo, finding["file"], finding["line"], finding["code"], counted))
        if counted and finding["resource"]:
            base = finding["resource"].split("[")[0]
            by_resource.add((repo, finding["file"], base, finding["code"]))

def rows(name):
    with open(os.path.join(here, name)) as f:
        return list(csv.DictReader(f, delimiter="\t"))

still = {"TP": 0, "FP": 0, "DEBATABLE": 0}
gone = {"TP": [], "FP": [], "DEBATABLE": []}
for row in rows("labels-findings.tsv"):
    counted = row["severity"] != "info"
    key = (row["repo"], row["file"], int(row["line"]), row["code"], counted)
    verdict = row["verdict"]
    if key in reported:
        still[verdict] += 1
    else:
        gone[verdict].append(key)
print("labelled findings still reported:", still)
for verdict, keys in gone.items():
    print(f"labelled {verdict} no longer reported: {len(keys)}")
    for key in keys:
        print("   ", *key[:4])

now_found = []
for row in rows("labels-silent.tsv"):
    if row["verdict"] != "FN":
        continue
    base = row["resource"].split("[")[0]
    codes = [c.strip() for c in row["expected_code"].replace("+", ",").split(",") if c.strip()]
    hit = [c for c in codes if (row["repo"], row["file"], base, c) in by_resource]
    now_found.append((row["repo"], row["file"], base, codes, hit))
print("labelled false negatives now reported:")
for repo, file, resource, codes, hit in now_found:
    print(f"    {repo} {file} {resource}: expected {','.join(codes)}, now {','.join(hit) or 'none'}")
