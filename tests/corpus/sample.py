#!/usr/bin/env python3
"""Draws the hand-labelling samples from the corpus reports (standard library only).

    python3 tests/corpus/sample.py [REPORT_DIR] [CORPUS_DIR]

REPORT_DIR defaults to target/corpus (the JSON reports of scripts/corpus.sh), CORPUS_DIR to
/work/corpus-anon (folders c01..c17). Prints three tab-separated blocks: the counted
findings sample, the info notes sample and the silent-resources sample. The labels files
(labels-findings.tsv, labels-silent.tsv) were written from this output, by hand.

Strata (one random.Random(2026) shared by all draws, in this order):
  counted findings (severity not info, not suppressed): per check code, sorted by code,
    at most 8 for the four big checks (TFG103, TFG401, TFG670, TFG690), at most 4 for
    every other code (all of them when it has fewer);
  info notes: one per code, two for the three codes with the most notes (15 in all);
  silent resources (resource blocks of a read folder with no counted finding naming them):
    per rubric-covered type, sorted, up to 3 (5 for aws_security_group and
    aws_security_group_rule, 4 for aws_subnet, aws_iam_role_policy and aws_network_acl_rule),
    chosen to spread over repositories; then 12 from all other types, one per type at most.
"""
import collections, glob, json, os, random, re, sys

REPORTS = sys.argv[1] if len(sys.argv) > 1 else "target/corpus"
CORPUS = sys.argv[2] if len(sys.argv) > 2 else "/work/corpus-anon"
BIG = {"TFG103", "TFG401", "TFG670", "TFG690"}
COVERED = [
    "aws_cloudtrail", "aws_cloudwatch_log_group", "aws_db_instance", "aws_dynamodb_table",
    "aws_iam_policy", "aws_iam_role", "aws_iam_role_policy", "aws_iam_user",
    "aws_iam_instance_profile", "aws_iam_user_policy", "aws_iam_group_policy",
    "aws_instance", "aws_kms_key", "aws_lambda_function", "aws_launch_template",
    "aws_launch_configuration", "aws_network_acl", "aws_network_acl_rule",
    "aws_default_network_acl", "aws_s3_bucket", "aws_s3_bucket_policy",
    "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_public_access_block",
    "aws_security_group", "aws_security_group_rule", "aws_default_security_group",
    "aws_vpc_security_group_ingress_rule", "aws_subnet", "aws_kms_alias", "aws_sqs_queue",
    "aws_sns_topic", "aws_lb", "aws_secretsmanager_secret", "aws_rds_cluster",
    "aws_db_subnet_group", "aws_autoscaling_group", "aws_ssm_parameter",
]
PER_TYPE = {"aws_security_group": 5, "aws_security_group_rule": 5, "aws_subnet": 4,
            "aws_iam_role_policy": 4, "aws_network_acl_rule": 4}

rng = random.Random(2026)
findings = []
for path in sorted(glob.glob(os.path.join(REPORTS, "c*.json"))):
    repo = os.path.basename(path)[:-5]
    for f in json.load(open(path))["findings"]:
        findings.append(dict(f, repo=repo))
key = lambda f: (f["repo"], f["file"], f["line"], f["column"], f["code"], f["resource"] or "", f["message"])
findings.sort(key=key)
counted = [f for f in findings if f["severity"] != "info" and not f["suppressed"]]
infos = [f for f in findings if f["severity"] == "info"]

def by_code(fs):
    d = collections.defaultdict(list)
    for f in fs:
        d[f["code"]].append(f)
    return d

def show(f):
    return "\t".join([f["repo"], f["file"], str(f["line"]), f["code"], f["severity"],
                      f["resource"] or "", f["message"].replace("\t", " ")])

print("## counted findings sample")
sample = []
for code, fs in sorted(by_code(counted).items()):
    k = min(len(fs), 8 if code in BIG else 4)
    sample += rng.sample(fs, k)
for f in sample:
    print(show(f))
print(f"# {len(sample)} counted findings")

print("## info notes sample")
groups = by_code(infos)
biggest = {c for c, _ in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:3]}
isample = []
for code, fs in sorted(groups.items()):
    isample += rng.sample(fs, min(len(fs), 2 if code in biggest else 1))
for f in isample:
    print(show(f))
print(f"# {len(isample)} info notes")

# silent resources
RES = re.compile(r'^resource\s+"([^"]+)"\s+"([^"]+)"', re.M)
named = collections.defaultdict(set)  # (repo, folder) -> addresses named by a counted finding
for f in counted:
    folder = os.path.dirname(f["file"])
    for addr in [f["resource"] or ""] + re.findall(r"`([a-z0-9_]+\.[A-Za-z0-9_-]+)", f["message"]):
        base = re.sub(r"\[.*$", "", addr)
        if base:
            named[(f["repo"], folder)].add(base)
read_files = {}
for path in sorted(glob.glob(os.path.join(REPORTS, "c*.json"))):
    repo = os.path.basename(path)[:-5]
    rep = json.load(open(path))
    bad = {e["file"] for e in rep["errors"]}
    read_files[repo] = [f["path"] for f in rep["files"] if f["role"] == "terraform" and f["path"] not in bad]
silent = []
for repo in sorted(read_files):
    for rel in sorted(read_files[repo]):
        if not rel.endswith(".tf"):
            continue
        text = open(os.path.join(CORPUS, repo, rel), errors="replace").read()
        for m in RES.finditer(text):
            addr = f"{m.group(1)}.{m.group(2)}"
            if addr not in named[(repo, os.path.dirname(rel))]:
                line = text.count("\n", 0, m.start()) + 1
                silent.append((repo, rel, line, m.group(1), addr))
print("## silent resources sample")
by_type = collections.defaultdict(list)
for s in silent:
    by_type[s[3]].append(s)
ssample = []
for t in sorted(COVERED):
    pool = by_type.get(t, [])[:]
    rng.shuffle(pool)
    want, seen, picked = PER_TYPE.get(t, 3), set(), []
    for s in pool:  # first pass: distinct repositories
        if len(picked) < want and s[0] not in seen:
            picked.append(s); seen.add(s[0])
    for s in pool:
        if len(picked) < want and s not in picked:
            picked.append(s)
    ssample += picked
others = sorted(t for t in by_type if t not in COVERED)
for t in rng.sample(others, min(12, len(others))):
    ssample.append(rng.choice(by_type[t]))
for s in ssample:
    print("\t".join([s[0], s[1], str(s[2]), s[4]]))
print(f"# {len(ssample)} silent resources (of {len(silent)} silent, {len(by_type)} types)")
