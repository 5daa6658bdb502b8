"""Draws the development bundles to rate by hand by RUBRIC.md section 4, before the
rating is run on them.

    python3 sample_ratings.py BUNDLES_DIR OUT_FILE [SEED N]

Writes a tab-separated file (bundle and empty columns for the hand rating) of N bundles
that hold a MODEL_RESPONSE.md and a lib/ configuration, drawn with one
random.Random(SEED) from the sorted list. The first draw: seed 2031, 20 bundles
(labels/ratings.tsv).
"""
import os
import random
import sys

COLUMNS = ["bundle", "score", "blocker", "fixes_a", "fixes_b", "fixes_c", "complexity", "steps"]


def main():
    folder, out = sys.argv[1], sys.argv[2]
    seed, n = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) >= 5 else (2031, 20)
    candidates = []
    for bundle in sorted(os.listdir(folder)):
        lib = os.path.join(folder, bundle, "lib")
        if os.path.isfile(os.path.join(lib, "MODEL_RESPONSE.md")) and any(
            name.endswith(".tf") for name in os.listdir(lib)
        ):
            candidates.append(bundle)
    chosen = sorted(random.Random(seed).sample(candidates, n))
    with open(out, "w") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for bundle in chosen:
            f.write(bundle + "\t" * (len(COLUMNS) - 1) + "\n")


if __name__ == "__main__":
    main()
