"""The training-value rating on the development bundles (RUBRIC.md 4): its agreement with
the hand ratings (labels/ratings.tsv), its distribution, and its agreement with the
reviewers' `training_quality` (reported, never tuned to).

    python3 tests/real-bundles/ratings.py REPORT_DIR
"""
import collections
import glob
import json
import os
import statistics
import sys

from labels import rows


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "target/real-bundles/reports"
    reports = {}
    for path in sorted(glob.glob(os.path.join(folder, "Pr*.json"))):
        with open(path) as f:
            try:
                reports[os.path.basename(path)[:-5]] = json.load(f)
            except ValueError:
                pass
    rated = {b: r["rating"] for b, r in reports.items() if r.get("rating")}
    print(f"bundles: {len(reports)}, rated: {len(rated)} (the others have no model response or no ideal)")

    hand = rows("ratings.tsv")
    exact = 0
    print("\nagainst the hand ratings (labels/ratings.tsv):")
    for label in hand:
        rating = rated.get(label["bundle"])
        tool = rating["score"] if rating else None
        want = int(label["score"])
        exact += int(tool == want)
        mark = "" if tool == want else "   <- differs"
        print(f"  {label['bundle']}  hand {want:>2}  tool {tool if tool is not None else '-':>2}{mark}")
    print(f"  exact agreement: {exact} / {len(hand)}")

    dist = collections.Counter(r["score"] for r in rated.values())
    print("\ndistribution of the rating:")
    for score in range(11):
        print(f"  {score:>2} {dist.get(score, 0):>4} {'#' * dist.get(score, 0)}")
    passing = sum(1 for r in rated.values() if r["pass"])
    print(f"  pass (8 or more): {passing} / {len(rated)}")

    pairs = [
        (r["score"], r["reviewer"]["score"])
        for r in rated.values()
        if r.get("reviewer") is not None
    ]
    if pairs:
        mad = statistics.mean(abs(t - v) for t, v in pairs)
        agree = sum(1 for t, v in pairs if (t >= 8) == (v >= 8))
        above = sum(1 for t, v in pairs if v > t)
        below = sum(1 for t, v in pairs if v < t)
        print(f"\nagainst the reviewers' training_quality ({len(pairs)} bundles with one):")
        print(f"  mean absolute difference: {mad:.2f}")
        print(f"  pass/fail agreement: {agree} / {len(pairs)}")
        print(f"  reviewer above the guide: {above}, below: {below}, equal: {len(pairs) - above - below}")
        reviewer_dist = collections.Counter(round(v) for _, v in pairs)
        print("  reviewers' scores: " + ", ".join(f"{k}: {reviewer_dist[k]}" for k in sorted(reviewer_dist)))


if __name__ == "__main__":
    main()
