"""Which labelled items a change moved: compares two harness runs (before and after a
change) on the hand-labelled findings and claims, and prints each item whose outcome
changed with its label, so that a fixed false positive and a lost true positive are seen
apart.

    python3 moved.py BEFORE_REPORTS AFTER_REPORTS
"""
import sys

from labels import Reports, claim_labels, finding_labels


def main():
    before, after = Reports(sys.argv[1]), Reports(sys.argv[2])
    print("findings (label: before -> after)")
    moved = 0
    for label in finding_labels():
        was = before.finding(label) is not None
        now = after.finding(label) is not None
        if was != now:
            moved += 1
            dup = f" ({label['dup']})" if label["dup"] else ""
            print(
                f"  {label['verdict']:9}{dup:11} {'reported' if was else 'silent'} -> "
                f"{'reported' if now else 'silent'}  {label['bundle']} {label['file']}:{label['line']} "
                f"{label['code']}  {label['reason'][:90]}"
            )
    print(f"  {moved} moved")
    print("claims (label: before -> after)")
    moved = 0
    for label in claim_labels():
        was = before.claim(label["bundle"], label["line"])
        now = after.claim(label["bundle"], label["line"])
        a = was["verdict"] if was else "not read"
        b = now["verdict"] if now else "not read"
        if a != b:
            moved += 1
            print(f"  {label['verdict']:14} {a:>14} -> {b:14} {label['bundle']}:{label['line']}")
    print(f"  {moved} moved")


if __name__ == "__main__":
    main()
