#!/usr/bin/env python3
"""Compares tfgrade's validity findings (TFG7xx) with `terraform validate` on real bundles.

    validate.py BUNDLES_DIR OUT_DIR [--bin TFGRADE] [--jobs N] [--limit N]

BUNDLES_DIR is the `bundles/` folder that scripts/real-bundles.sh extracts. For each
bundle, two configurations are judged: lib/ (the ideal) and the model's response
(MODEL_RESPONSE.md, written out by `tfgrade extract`). Each goes to its own folder under
OUT_DIR, where `terraform init -backend=false` (AWS provider from the local mirror) and
`terraform validate -json` run (errors in the configuration's structure stop `init`: its
diagnostics are the answer then), and `tfgrade check --format json` grades the same folder,
so both name the same files and lines. Configurations whose providers the mirror lacks
are skipped and counted.

Prints recall (validate errors at a file and line where tfgrade reports a validity
finding, or a syntax error of its report), precision (tfgrade validity findings at a file and line where validate reports
an error; and, more loosely, in a configuration validate rejects), and every
disagreement class: validate's summaries we miss, our codes validate does not confirm.
Validate stops at the first phase that fails (a duplicate provider block hides schema
errors), so a finding in a configuration that validate rejected for another reason is
counted apart, not as a false positive. Writes OUT_DIR/validate.json with every pair.
`validate.py --regrade OUT_DIR [TFGRADE]` grades the kept folders again with another
build and reports, without running terraform; `validate.py --report OUT_DIR` reports.
Needs terraform on PATH and the mirror at /opt/tf-plugins (or TFGRADE_TF_PLUGINS).
"""

import argparse
import collections
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import threading


def cli_config(out_dir, mirror):
    cache = os.path.join(out_dir, "plugin-cache")
    os.makedirs(cache, exist_ok=True)
    path = os.path.join(out_dir, "cli.tfrc")
    with open(path, "w", encoding="utf-8") as f:
        f.write(
            f'plugin_cache_dir = "{cache}"\n'
            "provider_installation {\n"
            f'  filesystem_mirror {{\n    path = "{mirror}"\n'
            '    include = ["registry.terraform.io/hashicorp/*"]\n  }\n'
            '  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n'
        )
    return path


def prepare(bundle_dir, work, tfgrade):
    """Writes the two configurations of a bundle; returns [(side, folder)]."""
    out = []
    lib = os.path.join(bundle_dir, "lib")
    if os.path.isdir(lib) and any(
        name.endswith(".tf") for name in os.listdir(lib)
    ):
        dest = os.path.join(work, "ideal")
        shutil.copytree(
            lib,
            dest,
            ignore=shutil.ignore_patterns("*.md", "*.json", "*.ts", "*.py", "*.js", "node_modules"),
            dirs_exist_ok=True,
        )
        out.append(("ideal", dest))
    response = os.path.join(lib, "MODEL_RESPONSE.md")
    if os.path.isfile(response):
        dest = os.path.join(work, "model")
        done = subprocess.run(
            [tfgrade, "extract", response, "--out", dest],
            capture_output=True,
            text=True,
        )
        if done.returncode == 0:
            flatten_lib(dest)
            out.append(("model", dest))
    return out


def flatten_lib(root):
    """A response names its files `lib/main.tf` and `provider.tf` alike: they are one
    configuration (tfgrade grades a response as one), so `lib/` files move to the root,
    where terraform reads them; `lib/modules/x` becomes `modules/x`."""
    lib = os.path.join(root, "lib")
    if not os.path.isdir(lib):
        return
    for dirpath, _, names in os.walk(lib):
        for name in names:
            source = os.path.join(dirpath, name)
            target = os.path.join(root, os.path.relpath(source, lib))
            if os.path.exists(target):
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.move(source, target)
    shutil.rmtree(lib, ignore_errors=True)


def diagnostics_of(lines):
    """Error diagnostics of `terraform init -json` output, as validate gives them."""
    out = []
    for line in lines.splitlines():
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            continue
        d = message.get("diagnostic")
        if not d or d.get("severity") != "error":
            continue
        if d.get("summary", "").startswith("Terraform encountered problems during initialisation"):
            continue
        out.append(d)
    return out


def as_errors(diagnostics):
    errors = []
    for d in diagnostics:
        if d.get("severity") != "error":
            continue
        r = d.get("range") or {}
        errors.append(
            {
                "file": r.get("filename"),
                "line": (r.get("start") or {}).get("line"),
                "summary": d.get("summary", ""),
                "detail": d.get("detail", "")[:200],
            }
        )
    return errors


def validate(folder, env):
    """Validate's errors for a folder, or None and why it could not be judged. Errors in
    the configuration's structure stop `init` already: they are its answer."""
    init = subprocess.run(
        ["terraform", "init", "-backend=false", "-input=false", "-no-color", "-json"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )
    if init.returncode != 0:
        diagnostics = diagnostics_of(init.stdout)
        text = " ".join(d.get("summary", "") + " " + d.get("detail", "") for d in diagnostics)
        missing = sorted(set(re.findall(r"provider registry\.terraform\.io/([\w-]+/[\w-]+) was", text)))
        if missing:
            return None, ["providers not in the mirror: " + ", ".join(missing)]
        if any(s in text for s in ("Failed to query available provider packages", "Module not installed", "Failed to download module", "could not be read for module", "Module source has changed")):
            return None, ["a module or provider it needs is not available offline"]
        if "this is a bug in Terraform" in text or not diagnostics:
            return None, ["init failed: " + (text or init.stderr)[:120]]
        return as_errors(diagnostics), None
    done = subprocess.run(
        ["terraform", "validate", "-json", "-no-color"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError:
        return None, ["validate printed no JSON"]
    return as_errors(result.get("diagnostics", [])), None


def ours(folder, tfgrade):
    done = subprocess.run(
        [tfgrade, "check", folder, "--format", "json"], capture_output=True, text=True
    )
    report = json.loads(done.stdout)
    found = []
    for f in report["findings"]:
        if not f["code"].startswith("TFG7") or f["severity"] == "info" or f.get("suppressed"):
            continue
        lines = {(f["file"], f["line"])}
        for r in f.get("related", []):
            lines.add((r["file"], r["line"]))
        found.append(
            {"code": f["code"], "file": f["file"], "line": f["line"], "lines": sorted(lines), "message": f["message"]}
        )
    # Files that do not parse are located input errors of the report, not findings.
    for e in report.get("errors", []):
        found.append(
            {"code": "syntax error", "file": e["file"], "line": e["line"], "lines": [(e["file"], e["line"])], "message": e["message"]}
        )
    return found


_caches = {}
_caches_lock = threading.Lock()


def worker_env(env, out_dir):
    """The environment of this worker thread: a plugin cache of its own, since Terraform's
    cache is not safe for two installs at once (it holds only links to the mirror)."""
    with _caches_lock:
        index = _caches.setdefault(threading.get_ident(), len(_caches))
    cache = os.path.join(out_dir, f"plugin-cache-{index}")
    os.makedirs(cache, exist_ok=True)
    return dict(env, TF_PLUGIN_CACHE_DIR=cache)


def judge(args_tuple):
    bundle, bundles_dir, out_dir, tfgrade, env = args_tuple
    env = worker_env(env, out_dir)
    work = os.path.join(out_dir, "work", bundle)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    results = []
    for side, folder in prepare(os.path.join(bundles_dir, bundle), work, tfgrade):
        errors, skipped = validate(folder, env)
        results.append(
            {
                "bundle": bundle,
                "side": side,
                "skipped": skipped,
                "validate": errors or [],
                "ours": ours(folder, tfgrade),
            }
        )
        # Keep the disk small: the provider is linked from the cache, the code stays.
        shutil.rmtree(os.path.join(folder, ".terraform"), ignore_errors=True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundles")
    parser.add_argument("out")
    parser.add_argument("--bin", default="target/release/tfgrade")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    if shutil.which("terraform") is None:
        sys.exit("validate.py: terraform is not on PATH")
    mirror = os.environ.get("TFGRADE_TF_PLUGINS", "/opt/tf-plugins")
    os.makedirs(args.out, exist_ok=True)
    env = dict(os.environ)
    env["TF_CLI_CONFIG_FILE"] = cli_config(os.path.abspath(args.out), mirror)
    env["TF_IN_AUTOMATION"] = "1"
    env["CHECKPOINT_DISABLE"] = "1"
    tfgrade = os.path.abspath(args.bin)
    bundles = sorted(os.listdir(args.bundles))
    if args.limit:
        bundles = bundles[: args.limit]
    results = []
    jobs = [(b, args.bundles, os.path.abspath(args.out), tfgrade, env) for b in bundles]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for i, rs in enumerate(pool.map(judge, jobs), 1):
            results.extend(rs)
            if i % 25 == 0:
                print(f"  {i}/{len(bundles)} bundles", file=sys.stderr)
    with open(os.path.join(args.out, "validate.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)
    report(results)


def matches_without_range(error, ours):
    """Validate names no place for a missing provider configuration; its detail names the
    alias (`provider[...].west`), which our finding names too (`aws.west`)."""
    if error["file"] or error["summary"] != "Provider configuration not present":
        return False
    for o in ours:
        m = re.match(r"`(\w+)\.(\w+)` refers to a provider configuration", o["message"])
        if m and f'/{m.group(1)}"].{m.group(2)}' in error["detail"]:
            return True
    return False


def report(results):
    judged = [r for r in results if not r["skipped"]]
    skipped = collections.Counter(r["side"] for r in results if r["skipped"])
    reasons = collections.Counter(r["skipped"][0].split(":")[0] for r in results if r["skipped"])
    print(f"configurations: {len(results)}, validated {len(judged)}, skipped {dict(skipped)}: {dict(reasons)}")
    rejected = [r for r in judged if r["validate"]]
    print(f"validate rejects {len(rejected)} of {len(judged)}: "
          + ", ".join(f"{s} {sum(1 for r in rejected if r['side'] == s)}/{sum(1 for r in judged if r['side'] == s)}" for s in ("model", "ideal")))
    flagged = [r for r in judged if r["ours"]]
    both = [r for r in flagged if r["validate"]]
    print(f"configurations with a validity finding: {len(flagged)}, of which validate rejects {len(both)}")
    # Recall at file and line.
    hit = collections.Counter()
    miss = collections.Counter()
    for r in judged:
        our_lines = {(f, l) for o in r["ours"] for f, l in o["lines"]}
        for e in r["validate"]:
            key = e["summary"] if not e["summary"].startswith('"') else "provider value check: " + e["summary"].split(":")[0]
            if matches_without_range(e, r["ours"]) or (e["file"], e["line"]) in our_lines:
                hit[key] += 1
            else:
                miss[key] += 1
    total = sum(hit.values()) + sum(miss.values())
    print(f"\nrecall: {sum(hit.values())}/{total} validate errors at a line we report")
    for key in sorted(set(hit) | set(miss), key=lambda k: -(hit[k] + miss[k])):
        print(f"  {hit[key]:4d}/{hit[key] + miss[key]:<4d} {key}")
    # Precision at file and line.
    agree = collections.Counter()
    rejected_other = collections.Counter()
    accepted = collections.Counter()
    for r in judged:
        v_lines = {(e["file"], e["line"]) for e in r["validate"]}
        for o in r["ours"]:
            if any(tuple(x) in v_lines for x in o["lines"]) or any(
                matches_without_range(e, [o]) for e in r["validate"]
            ):
                agree[o["code"]] += 1
            elif r["validate"]:
                rejected_other[o["code"]] += 1
            else:
                accepted[o["code"]] += 1
    n = sum(agree.values()) + sum(rejected_other.values()) + sum(accepted.values())
    print(f"\nprecision: {sum(agree.values())}/{n} of our findings at a line validate rejects; "
          f"{sum(rejected_other.values())} more in a configuration validate rejects elsewhere "
          f"(it stops at the first failing phase); {sum(accepted.values())} in one validate accepts")
    for code in sorted(set(agree) | set(rejected_other) | set(accepted)):
        print(f"  {code}: at the line {agree[code]}, configuration rejected elsewhere {rejected_other[code]}, configuration accepted {accepted[code]}")


def regrade(out_dir, tfgrade):
    """Grades the kept folders again with another tfgrade, keeping validate's answers."""
    path = os.path.join(out_dir, "validate.json")
    with open(path, encoding="utf-8") as f:
        results = json.load(f)
    for r in results:
        folder = os.path.join(out_dir, "work", r["bundle"], r["side"])
        r["ours"] = ours(folder, tfgrade)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)
    return results


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--report":
        # validate.py --report OUT_DIR: the figures of a finished run.
        with open(os.path.join(sys.argv[2], "validate.json"), encoding="utf-8") as f:
            report(json.load(f))
    elif len(sys.argv) > 1 and sys.argv[1] == "--regrade":
        # validate.py --regrade OUT_DIR [TFGRADE]: our side again, validate's kept.
        report(regrade(sys.argv[2], os.path.abspath(sys.argv[3] if len(sys.argv) > 3 else "target/release/tfgrade")))
    else:
        main()
