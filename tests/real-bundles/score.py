"""Scores tfgrade's reports on the development bundles against the hand labels: precision
of the counted findings per check, precision of the claim verdicts, and how many of the
MODEL_FAILURES.md files holding fix items yield claims.

    python3 score.py [REPORT_DIR]     (default target/real-bundles/reports)
"""
import collections
import sys

from labels import CLAIM_SAMPLES, Reports, claim_labels, extraction_labels, finding_labels

# A label of a claim and the verdict a correct tool gives it. `not-a-claim` items must not
# be read as claims at all.
VERDICT_OF_LABEL = {
    "verified": "verified",
    "contradicted": "contradicted",
    "partly": "partly",
    "unfounded": "unfounded",
    "not-checkable": "not-checkable",
    "not-a-claim": None,
}


def pct(n, d):
    return f"{100 * n / d:.1f}%" if d else "-"


def score_findings(reports):
    per = collections.defaultdict(collections.Counter)
    lost = []
    for label in finding_labels():
        found = reports.finding(label)
        counts = per[label["code"]]
        counts["labelled"] += 1
        if found is None:
            counts["gone " + label["verdict"]] += 1
            if label["verdict"] == "TP" and not label["dup"]:
                lost.append(label)
            continue
        counts[label["verdict"]] += 1
    print("counted findings (labelled sample): precision = TP / (TP + FP) of those still reported")
    print(f"{'code':7} {'lab':>4} {'TP':>4} {'FP':>4} {'DEB':>4} {'gone TP':>8} {'gone FP':>8} {'gone DEB':>9}  precision  (debatable as FP)")
    total = collections.Counter()
    for code in sorted(per):
        c = per[code]
        total.update(c)
        print(
            f"{code:7} {c['labelled']:>4} {c['TP']:>4} {c['FP']:>4} {c['DEBATABLE']:>4} "
            f"{c['gone TP']:>8} {c['gone FP']:>8} {c['gone DEBATABLE']:>9}  "
            f"{pct(c['TP'], c['TP'] + c['FP']):>9}  ({pct(c['TP'], c['TP'] + c['FP'] + c['DEBATABLE'])})"
        )
    t = total
    print(
        f"{'all':7} {t['labelled']:>4} {t['TP']:>4} {t['FP']:>4} {t['DEBATABLE']:>4} "
        f"{t['gone TP']:>8} {t['gone FP']:>8} {t['gone DEBATABLE']:>9}  "
        f"{pct(t['TP'], t['TP'] + t['FP']):>9}  ({pct(t['TP'], t['TP'] + t['FP'] + t['DEBATABLE'])})"
    )
    print(f"labelled true positives lost (not a grouped instance or copy): {len(lost)}")
    for label in lost:
        print(f"  {label['bundle']} {label['file']}:{label['line']} {label['code']}")


def score_claims(reports, sample=None):
    by_tool = collections.defaultdict(collections.Counter)
    missed = 0
    for label in claim_labels(sample):
        claim = reports.claim(label["bundle"], label["line"])
        right = VERDICT_OF_LABEL[label["verdict"]]
        if claim is None:
            if right is not None:
                missed += 1
            continue
        verdict = claim["verdict"]
        by_tool[verdict]["judged"] += 1
        by_tool[verdict]["right"] += int(verdict == right)
        by_tool[verdict]["consistent"] += int(label["verdict"] in ("partly", "verified"))
    which = "every sample" if sample is None else sample
    print(f"\nclaim verdicts ({which}): precision = right / judged, per verdict given")
    for verdict in sorted(by_tool):
        c = by_tool[verdict]
        print(f"  {verdict:15} {c['right']:>3} / {c['judged']:>3}  {pct(c['right'], c['judged'])}")
    partly = by_tool.get("partly")
    if partly:
        # *partly* says that part of what a claim lists is confirmed and the rest is not
        # (not found, or read by no check): a claim labelled verified is consistent with
        # it too, but counts as a miss above.
        print(
            f"  partly, where the label is partly or verified: "
            f"{partly['consistent']} / {partly['judged']}  {pct(partly['consistent'], partly['judged'])}"
        )
    print(f"  real claims no longer read: {missed}")


def score_extraction(reports):
    files = items = files_read = items_read = 0
    misses = []
    for label in extraction_labels():
        if label["fix_items"] == 0:
            continue
        files += 1
        lines = sorted(c["line"] for c in reports.claims(label["bundle"]))
        starts = label["item_lines"]
        read = 0
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else 10**9
            read += any(start <= line < end for line in lines)
        items += len(starts)
        items_read += read
        files_read += int(read > 0)
        if read == 0:
            misses.append(label["bundle"])
    print("\nclaim extraction (labelled MODEL_FAILURES.md files holding fix items)")
    print(f"  files with at least one item read: {files_read} / {files}  {pct(files_read, files)}")
    print(f"  items read: {items_read} / {items}  {pct(items_read, items)}")
    if misses:
        print("  files with no item read: " + " ".join(misses))


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "target/real-bundles/reports"
    reports = Reports(folder)
    score_findings(reports)
    score_claims(reports)
    for sample in CLAIM_SAMPLES:
        score_claims(reports, sample)
    score_extraction(reports)


if __name__ == "__main__":
    main()
