"""Draws the hand-labelling samples from the reports of scripts/real-bundles.sh.

    python3 sample.py REPORT_DIR OUT_DIR

Writes three tab-separated files with an empty verdict column, to be labelled by hand:
- findings.tsv: counted findings (not info, not suppressed), per check code in code order,
  10 per code (all when fewer), at most 2 per bundle and code;
- claims.tsv: claims of MODEL_FAILURES.md, 25 judged contradicted, 25 verified and 20 not
  checkable, at most 2 per bundle;
- extraction.tsv: 40 MODEL_FAILURES.md files: 20 of the bundles from which no claim is read
  (all when fewer) and the rest from the others.
One random.Random(2026) serves every draw, in this order, over reports sorted by bundle, so
the same reports give the same sample.
"""
import collections
import glob
import json
import os
import random
import sys

PER_CODE = 10
CLAIMS = {"contradicted": 25, "verified": 25, "not-checkable": 20}
EXTRACTION = 40


def pick(rng, items, n, per_bundle):
    """Up to n items, at most per_bundle from one bundle, in a seeded random order."""
    order = items[:]
    rng.shuffle(order)
    taken, seen = [], collections.Counter()
    for item in order:
        if seen[item["bundle"]] < per_bundle:
            taken.append(item)
            seen[item["bundle"]] += 1
        if len(taken) == n:
            break
    return sorted(taken, key=lambda i: (i["bundle"], i.get("file", ""), i["line"]))


def main():
    folder, out = sys.argv[1], sys.argv[2]
    rng = random.Random(2026)
    findings, claims, files = [], [], []
    for path in sorted(glob.glob(os.path.join(folder, "Pr*.json"))):
        bundle = os.path.basename(path)[:-5]
        report = json.load(open(path))
        for f in report["findings"]:
            if f["severity"] != "info" and not f["suppressed"]:
                findings.append(dict(f, bundle=bundle))
        for c in report.get("claims", []):
            claims.append(dict(c, bundle=bundle))
        failures = [f["path"] for f in report["files"] if f["path"].endswith("MODEL_FAILURES.md")]
        if failures:
            files.append({"bundle": bundle, "file": failures[0], "line": 0,
                          "claims": len(report.get("claims", []))})

    os.makedirs(out, exist_ok=True)
    by_code = collections.defaultdict(list)
    for f in findings:
        by_code[f["code"]].append(f)
    with open(os.path.join(out, "findings.tsv"), "w") as w:
        w.write("bundle\tfile\tline\tcode\tresource\tverdict\treason\n")
        for code in sorted(by_code):
            for f in pick(rng, by_code[code], PER_CODE, 2):
                w.write(f"{f['bundle']}\t{f['file']}\t{f['line']}\t{code}\t{f['resource'] or ''}\t\t\n")

    by_verdict = collections.defaultdict(list)
    for c in claims:
        by_verdict[c["verdict"]].append(c)
    with open(os.path.join(out, "claims.tsv"), "w") as w:
        w.write("bundle\tline\tcodes\ttool_verdict\tverdict\treason\n")
        for verdict, n in CLAIMS.items():
            for c in pick(rng, by_verdict[verdict], n, 2):
                codes = ",".join(c["codes"] + c["requirements"])
                w.write(f"{c['bundle']}\t{c['line']}\t{codes}\t{verdict}\t\t\n")

    without = [f for f in files if f["claims"] == 0]
    others = [f for f in files if f["claims"] > 0]
    chosen = pick(rng, without, min(20, len(without)), 1)
    chosen += pick(rng, others, EXTRACTION - len(chosen), 1)
    with open(os.path.join(out, "extraction.tsv"), "w") as w:
        w.write("bundle\tclaims_read\tfix_items\titem_lines\tshape\n")
        for f in sorted(chosen, key=lambda f: f["bundle"]):
            w.write(f"{f['bundle']}\t{f['claims']}\t\t\t\n")


if __name__ == "__main__":
    main()
