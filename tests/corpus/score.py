#!/usr/bin/env python3
"""Scores tfgrade against the hand labels of the corpus sample (standard library only).

    python3 tests/corpus/score.py [LABELS_DIR]

Reads labels-findings.tsv (verdicts TP / FP / DEBATABLE on sampled findings and info notes)
and labels-silent.tsv (verdicts TN / FN on sampled resources that got no counted finding),
both tab-separated with a header row, from LABELS_DIR (default: this file's folder).

Prints, for counted findings (severity other than info) and separately for info notes:
TP / FP / DEBATABLE per check and precision = TP / (TP + FP), DEBATABLE excluded from both;
then TN / FN on the silent sample, recall = TP / (TP + FN) per check code that has any
(an FN row may name several codes, comma separated: each gets one FN), and every FP and FN
with its reason.
"""
import collections
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def read(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    head = lines[0].split("\t")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(head):
            sys.exit(f"{path}:{n}: {len(cells)} columns, expected {len(head)}")
        rows.append(dict(zip(head, cells)))
    return rows


def pct(num, den):
    return f"{100.0 * num / den:5.1f}%" if den else "    -"


def table(rows, title):
    per = collections.defaultdict(collections.Counter)
    for r in rows:
        v = r["verdict"]
        if v not in ("TP", "FP", "DEBATABLE"):
            sys.exit(f"bad verdict {v!r} in labels-findings.tsv")
        per[r["code"]][v] += 1
    print(f"== {title}: {len(rows)} labelled")
    print(f"  {'code':8} {'TP':>3} {'FP':>3} {'DEB':>3}  precision")
    tot = collections.Counter()
    for code in sorted(per):
        c = per[code]
        tot.update(c)
        print(f"  {code:8} {c['TP']:3} {c['FP']:3} {c['DEBATABLE']:3}  {pct(c['TP'], c['TP'] + c['FP'])}")
    print(f"  {'all':8} {tot['TP']:3} {tot['FP']:3} {tot['DEBATABLE']:3}  {pct(tot['TP'], tot['TP'] + tot['FP'])}"
          f"   (DEBATABLE excluded; counting DEBATABLE as FP: {pct(tot['TP'], sum(tot.values()))})")
    return per, tot


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else HERE
    findings = read(os.path.join(folder, "labels-findings.tsv"))
    silent = read(os.path.join(folder, "labels-silent.tsv"))

    counted = [r for r in findings if r["severity"] != "info"]
    notes = [r for r in findings if r["severity"] == "info"]
    per, tot = table(counted, "counted findings")
    print()
    table(notes, "info notes")

    print()
    sv = collections.Counter(r["verdict"] for r in silent)
    bad = set(sv) - {"TN", "FN"}
    if bad:
        sys.exit(f"bad verdicts {bad} in labels-silent.tsv")
    fn = collections.Counter()
    for r in silent:
        if r["verdict"] == "FN":
            for code in r["expected_code"].split(","):
                fn[code.strip()] += 1
    print(f"== silent resources: {len(silent)} labelled, TN {sv['TN']}, FN {sv['FN']}"
          f" (share of silent resources that should have been reported: {pct(sv['FN'], len(silent))})")

    print()
    print("== recall on the combined sample, TP / (TP + FN), codes with any")
    print(f"  {'code':8} {'TP':>3} {'FN':>3}  recall")
    all_tp = all_fn = 0
    for code in sorted(set(per) | set(fn)):
        tp, f = per[code]["TP"] if code in per else 0, fn[code]
        if tp + f == 0:
            continue
        all_tp += tp
        all_fn += f
        print(f"  {code:8} {tp:3} {f:3}  {pct(tp, tp + f)}")
    print(f"  {'all':8} {all_tp:3} {all_fn:3}  {pct(all_tp, all_tp + all_fn)}")
    print("  (the sample is stratified, not proportional: these are per-check rates on the sample,"
          " not corpus-wide rates)")

    print()
    print("== false positives")
    for r in findings:
        if r["verdict"] == "FP":
            print(f"  {r['code']} {r['severity']:8} {r['repo']} {r['file']}:{r['line']}"
                  f" {r['resource'] or '-'}\n      {r['reason']}")
    print()
    print("== false negatives")
    for r in silent:
        if r["verdict"] == "FN":
            print(f"  {r['expected_code']:13} {r['repo']} {r['file']}:{r['line']} {r['resource']}"
                  f"\n      {r['reason']}")


if __name__ == "__main__":
    main()
