"""Draws a second hand-labelling sample of claims, from the reports of the claim reader
that tells fix claims from the rest (the first sample, in labels/claims.tsv, was drawn
from reports that read two thirds non-claims, so it judges few of the new verdicts).

    python3 sample_claims.py REPORT_DIR OUT_FILE [SEED VERIFIED CONTRADICTED UNFOUNDED [PARTLY]]

Writes a tab-separated file (bundle, line, empty verdict and reason) of claims judged
verified, contradicted, unfounded (and partly), at most 2 per bundle, none already labelled. The
tool's verdict is left out so that the labelling is blind to it. One random.Random(SEED)
over the claims sorted by bundle and line.

- second sample (labels/claims-second.tsv): seed 2027, 20 / 20 / 10, from the reports of
  commit 3fa8f63, with only labels/claims.tsv labelled before;
- third sample (labels/claims-third.tsv): seed 2028, 30 / 30 / 0, from the reports of
  commit 7906633, with the first two labelled before;
- fourth sample (labels/claims-fourth.tsv): seed 2029, 20 / 10 / 0, from the reports of
  commit ddefccc, with the first three labelled before; not used to change the tool.
- fifth sample (labels/claims-fifth.tsv): seed 2030, 20 / 15 / 0 / 10, from the reports of
  commit ab7699d (the gated verdicts and *partly*), with the first four labelled before;
  not used to change the tool.
"""
import glob
import json
import os
import random
import sys

from labels import claim_labels
from sample import pick

def main():
    folder, out = sys.argv[1], sys.argv[2]
    seed, verified, contradicted, unfounded = (
        [int(a) for a in sys.argv[3:7]] if len(sys.argv) >= 7 else [2027, 20, 20, 10]
    )
    partly = int(sys.argv[7]) if len(sys.argv) >= 8 else 0
    rng = random.Random(seed)
    CLAIMS = {
        "verified": verified,
        "contradicted": contradicted,
        "unfounded": unfounded,
        "partly": partly,
    }
    labelled = {(l["bundle"], l["line"]) for l in claim_labels()}
    by_verdict = {v: [] for v in CLAIMS}
    for path in sorted(glob.glob(os.path.join(folder, "Pr*.json"))):
        bundle = os.path.basename(path)[:-5]
        for c in json.load(open(path)).get("claims", []):
            if c["verdict"] in by_verdict and (bundle, c["line"]) not in labelled:
                by_verdict[c["verdict"]].append({"bundle": bundle, "line": c["line"]})
    rows = []
    for verdict, n in CLAIMS.items():
        if n:
            rows += pick(rng, by_verdict[verdict], n, 2)
    rows.sort(key=lambda r: (r["bundle"], r["line"]))
    with open(out, "w") as f:
        f.write("bundle\tline\tverdict\treason\n")
        for r in rows:
            f.write(f"{r['bundle']}\t{r['line']}\t\t\n")


if __name__ == "__main__":
    main()
