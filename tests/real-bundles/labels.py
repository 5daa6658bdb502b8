"""Hand labels of tfgrade's output on the development bundles, and how they meet a set of
reports: shared by score.py and moved.py."""
import csv
import glob
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = os.path.join(HERE, "labels")


def rows(name):
    with open(os.path.join(LABELS, name), newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def finding_labels():
    out = []
    for path in sorted(glob.glob(os.path.join(LABELS, "findings-*.tsv"))):
        out.extend(rows(os.path.basename(path)))
    for r in out:
        r["line"] = int(r["line"])
    return out


CLAIM_SAMPLES = (
    "claims.tsv",
    "claims-second.tsv",
    "claims-third.tsv",
    "claims-fourth.tsv",
    "claims-fifth.tsv",
)


def claim_labels(sample=None):
    """The claim samples (README.md): the first (claims.tsv, drawn from the reports before
    the claim reader was rebuilt), then the second, third and fourth (drawn by
    sample_claims.py, labelled blind to the verdicts). `sample` picks one file."""
    out = []
    for name in CLAIM_SAMPLES if sample is None else (sample,):
        for r in rows(name):
            r["sample"] = name
            out.append(r)
    for r in out:
        r["line"] = int(r["line"])
    return out


def extraction_labels():
    out = rows("extraction.tsv")
    for r in out:
        r["fix_items"] = int(r["fix_items"] or 0)
        r["item_lines"] = [int(x) for x in r["item_lines"].split(",") if x.strip()]
    return out


def without_instance_key(address):
    """`aws_x.y["a"]` and `aws_x.y[0]` name the block `aws_x.y`."""
    return re.sub(r"\[[^\]]*\]$", "", address or "")


class Reports:
    """The reports of one harness run, by bundle."""

    def __init__(self, folder):
        self.folder = folder
        self.cache = {}

    def get(self, bundle):
        if bundle not in self.cache:
            try:
                with open(os.path.join(self.folder, bundle + ".json")) as f:
                    self.cache[bundle] = json.load(f)
            except (OSError, ValueError):
                self.cache[bundle] = None
        return self.cache[bundle]

    def finding(self, label):
        """The counted finding a label names: same bundle, file, line and code; the
        resource (without instance keys) decides between several. A finding that groups
        instances or copies counts when the labelled place is one of its locations."""
        report = self.get(label["bundle"])
        if report is None:
            return None
        candidates = []
        for f in report["findings"]:
            if f["code"] != label["code"] or f["severity"] == "info" or f.get("suppressed"):
                continue
            places = [(f["file"], f["line"])] + [
                (r.get("file"), r.get("line")) for r in f.get("related", [])
            ]
            if (label["file"], label["line"]) in places:
                candidates.append(f)
        if not candidates:
            return None
        wanted = without_instance_key(label.get("resource"))
        for f in candidates:
            if wanted and without_instance_key(f.get("resource")) == wanted:
                return f
        return candidates[0]

    def claims(self, bundle):
        report = self.get(bundle)
        return [] if report is None else report.get("claims", [])

    def claim(self, bundle, line):
        for c in self.claims(bundle):
            if c["line"] == line:
                return c
        return None
