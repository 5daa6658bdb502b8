"""Summary of tfgrade's reports on real task bundles: findings per check, claims per
verdict, bundles whose MODEL_FAILURES.md yields no claim, findings per bundle, errors.

    python3 summary.py REPORT_DIR ID...
"""
import collections
import json
import statistics
import sys


def main():
    folder, ids = sys.argv[1], sys.argv[2:]
    counted = collections.Counter()
    notes = collections.Counter()
    verdicts = collections.Counter()
    per_bundle = []
    without_claims = []
    unreadable = []
    errors = 0
    for bundle in ids:
        try:
            with open(f"{folder}/{bundle}.json") as f:
                report = json.load(f)
        except (OSError, ValueError):
            unreadable.append(bundle)
            continue
        n = 0
        for finding in report["findings"]:
            if finding.get("suppressed"):
                continue
            if finding["severity"] == "info":
                notes[finding["code"]] += 1
            else:
                counted[finding["code"]] += 1
                n += 1
        per_bundle.append((n, bundle))
        errors += len(report["errors"])
        for claim in report.get("claims", []):
            verdicts[claim["verdict"]] += 1
        has_failures = any(
            f["path"].endswith("MODEL_FAILURES.md") for f in report["files"]
        )
        if has_failures and not report.get("claims"):
            without_claims.append(bundle)

    print(f"bundles: {len(ids)} ({len(unreadable)} without a readable report)")
    print("\ncounted findings per check:")
    for code, n in sorted(counted.items()):
        print(f"  {code} {n}")
    print(f"  total {sum(counted.values())}")
    print("\ninfo notes per check:")
    for code, n in sorted(notes.items()):
        print(f"  {code} {n}")
    print("\nclaims per verdict:")
    for verdict, n in sorted(verdicts.items()):
        print(f"  {verdict}: {n}")
    print(f"\nbundles with MODEL_FAILURES.md but no claim: {len(without_claims)}")
    if per_bundle:
        counts = sorted(n for n, _ in per_bundle)
        top = sorted(per_bundle, reverse=True)[:5]
        print(
            f"\ncounted findings per bundle: median {statistics.median(counts)}, "
            f"max {counts[-1]} ({', '.join(f'{b} {n}' for n, b in top)})"
        )
    print(f"input errors: {errors}")
    if unreadable:
        print("without a report: " + " ".join(unreadable))


if __name__ == "__main__":
    main()
