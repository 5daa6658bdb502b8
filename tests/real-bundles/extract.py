"""Extracts task bundles of the dataset from a clone of its repository, at one commit.

    python3 extract.py GIT_DIR COMMIT OUT_DIR ID...

Each bundle `archive/tf-hcl/<ID>/` becomes OUT_DIR/<ID>/. Files whose content the clone
does not hold (a partial mirror leaves out its largest blobs) are named on standard error
and skipped; a bundle already extracted is left as it is.
"""
import os
import subprocess
import sys


def main():
    repo, commit, out, ids = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    todo = [i for i in ids if not os.path.isdir(os.path.join(out, i))]
    if not todo:
        return
    listing = subprocess.run(
        ["git", "-C", repo, "ls-tree", "-r", "-z", commit, "--"]
        + [f"archive/tf-hcl/{i}/" for i in todo],
        check=True, capture_output=True,
    ).stdout.split(b"\0")
    entries = []
    for line in filter(None, listing):
        meta, path = line.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob" and mode != b"120000":
            entries.append((sha.decode(), path.decode()))
    batch = subprocess.Popen(
        ["git", "-C", repo, "cat-file", "--batch"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )
    missing = 0
    for sha, path in entries:
        batch.stdin.write(sha.encode() + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if len(header) < 3:
            missing += 1
            print(f"extract: {path}: content not in the clone, skipped", file=sys.stderr)
            continue
        data = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)
        target = os.path.join(out, path[len("archive/tf-hcl/"):])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
    batch.stdin.close()
    batch.wait()
    print(f"extracted {len(todo)} bundles, {len(entries) - missing} files ({missing} not in the clone)")


if __name__ == "__main__":
    main()
