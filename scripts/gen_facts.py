#!/usr/bin/env python3
"""Rewrites the resource-type facts table from the AWS provider schema.

    gen_facts.py SCHEMA_JSON TABLE [PROVIDER_VERSION]

SCHEMA_JSON is the output of `terraform providers schema -json`; TABLE is
crates/core/src/facts/aws_resources.txt, read for its curated columns and rewritten in
place. Beside TABLE it also writes aws_object_arguments.txt: the arguments whose value is
a map or an object rather than a nested block, which reading JSON configuration needs. Schema-derived columns (tags, name argument, prefix argument) are refreshed for
every resource type that takes `tags` or has a name or prefix argument; curated columns
(scope, length limits, secret-bearing arguments) are kept as they were. Standard library
only. Run through scripts/gen-facts.sh, which produces the schema offline.
"""

import json
import os
import sys

PROVIDER = "registry.terraform.io/hashicorp/aws"

HEADER = """\
# Facts about AWS resource types: one type a line, columns separated by single spaces,
# `-` for none. Read by crates/core/src/facts/resources.rs.
#
#   TYPE TAGS NAME PREFIX | SCOPE NAME_MAX PREFIX_MAX SECRETS
#
# Left of `|`: derived from the AWS provider schema by scripts/gen-facts.sh; do not edit by
# hand, rerun the script. TAGS is `tags` when the type takes a `tags` argument. NAME is the
# argument holding the name the user chooses (`name`, `bucket`, `function_name`, ...) and
# PREFIX the argument that makes Terraform append a unique suffix instead (`name_prefix`,
# `bucket_prefix`). For types without a curated SCOPE, NAME is a best guess.
#
# Right of `|`: curated by hand, kept by the script; a line without `|` has none.
# SCOPE is where AWS requires the name to be unique: `global` (every account), `account`,
# `region` (the account in one region), `vpc`, or `none` (reviewed: no collision between
# deployments, such as names unique only inside a parent the deployment creates).
# NAME_MAX and PREFIX_MAX are length limits in characters (a prefix leaves room for the
# 26 characters Terraform appends). SECRETS lists arguments that carry secrets, comma
# separated, nested blocks and map keys joined with `.`; `arg(other=value)` means only when
# the argument `other` equals `value`.
"""

# Arguments that name a resource but do not follow the `name` / `<type tail>_name` pattern.
NAME_OVERRIDES = {
    "aws_iam_account_alias": "account_alias",
    "aws_cognito_user_pool_domain": "domain",
    "aws_codeartifact_domain": "domain",
    "aws_elasticache_cluster": "cluster_id",
    "aws_elasticache_replication_group": "replication_group_id",
    "aws_elasticache_user": "user_id",
    "aws_elasticache_user_group": "user_group_id",
    "aws_dms_endpoint": "endpoint_id",
    "aws_dms_s3_endpoint": "endpoint_id",
    "aws_dms_certificate": "certificate_id",
    "aws_dms_replication_instance": "replication_instance_id",
    "aws_dms_replication_task": "replication_task_id",
    "aws_dms_replication_subnet_group": "replication_subnet_group_id",
    "aws_rekognition_collection": "collection_id",
    "aws_lightsail_database": "relational_database_name",
}

# `<tail>_name` arguments that refer to another object rather than name this one.
NOT_NAMES = {
    ("aws_cognito_user_in_group", "group_name"),
    ("aws_ec2_availability_zone_group", "group_name"),
    ("aws_ses_active_receipt_rule_set", "rule_set_name"),
    ("aws_account_region", "region_name"),
    ("aws_directory_service_region", "region_name"),
    ("aws_controltower_control", "control_identifier"),
}

# `X_prefix` arguments whose `X` is not a name.
NOT_PREFIX_BASES = {"arn", "cname", "endpoint_domain"}

SCOPES = {"global", "account", "region", "vpc", "none", "-"}


def settable(attr):
    return bool(attr.get("required") or attr.get("optional"))


def is_string(attr):
    return attr.get("type") == "string"


def derive(kind, block):
    """(takes_tags, name_argument, prefix_argument) of one resource type."""
    attrs = block.get("attributes", {})
    tags = "tags" in attrs and settable(attrs["tags"])
    settable_strings = {k for k, a in attrs.items() if settable(a) and is_string(a)}

    pairs = sorted(
        k[: -len("_prefix")]
        for k in settable_strings
        if k.endswith("_prefix")
        and k[: -len("_prefix")] in settable_strings
        and k[: -len("_prefix")] not in NOT_PREFIX_BASES
    )
    override = NAME_OVERRIDES.get(kind)
    if override and override not in settable_strings:
        warn(f"{kind}: override name `{override}` is not a settable string argument")
        override = None
    if override:
        prefix = f"{override}_prefix" if override in pairs else None
        return tags, override, prefix
    if pairs:
        base = "name" if "name" in pairs else pairs[0]
        return tags, base, f"{base}_prefix"
    if "name" in settable_strings:
        return tags, "name", None
    words = kind.split("_")[1:]
    for i in range(len(words)):
        tail = "_".join(words[i:])
        for end in ("_name", "_identifier"):
            candidate = tail + end
            if candidate in settable_strings and (kind, candidate) not in NOT_NAMES:
                return tags, candidate, None
    return tags, None, None


def warn(message):
    print(f"gen_facts: warning: {message}", file=sys.stderr)


def read_curated(path):
    """Curated columns by type, as the strings written in the table."""
    curated = {}
    old_left = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return curated, old_left
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        left, _, right = line.partition("|")
        left_cols = left.split()
        if len(left_cols) != 4:
            sys.exit(f"gen_facts: {path}:{number}: expected TYPE TAGS NAME PREFIX before `|`")
        kind = left_cols[0]
        if kind in old_left:
            sys.exit(f"gen_facts: {path}:{number}: `{kind}` appears twice")
        old_left[kind] = left_cols[1:]
        if not right.strip():
            continue
        right_cols = right.split()
        if len(right_cols) != 4:
            sys.exit(
                f"gen_facts: {path}:{number}: expected SCOPE NAME_MAX PREFIX_MAX SECRETS after `|`"
            )
        scope, name_max, prefix_max, _secrets = right_cols
        if scope not in SCOPES:
            sys.exit(f"gen_facts: {path}:{number}: unknown scope `{scope}`")
        for limit in (name_max, prefix_max):
            if limit != "-" and not limit.isdigit():
                sys.exit(f"gen_facts: {path}:{number}: length limit `{limit}` is not a number")
        curated[kind] = right_cols
    return curated, old_left


def has_path(block, path):
    """Whether a dotted argument path exists in a schema block (map keys end the walk)."""
    head, _, rest = path.partition(".")
    attrs = block.get("attributes", {})
    if head in attrs:
        return not rest or "map" in json.dumps(attrs[head].get("type"))
    nested = block.get("block_types", {}).get(head)
    return bool(nested) and bool(rest) and has_path(nested["block"], rest)


def check_curated(kind, cols, schema_block, name, prefix):
    scope, name_max, prefix_max, secrets = cols
    if scope not in ("-", "none") and name is None:
        warn(f"{kind}: scope `{scope}` but no name argument in the schema")
    if prefix_max != "-" and prefix is None:
        warn(f"{kind}: PREFIX_MAX given but the schema has no prefix argument")
    if schema_block is None or secrets == "-":
        return
    for secret in secrets.split(","):
        path = secret.split("(")[0]
        if not has_path(schema_block, path):
            warn(f"{kind}: secret argument `{path}` is not in the schema")


OBJECT_ARGUMENTS_HEADER = """\
# Arguments of AWS resource and data source types whose value is a map or an object, not
# a nested block: one type a line (`data.` before a data source), then the argument names,
# separated by single spaces. Read by crates/core/src/facts/arguments.rs to tell, in JSON
# configuration syntax, `"tags": {...}` (an argument) from `"ingress": {...}` (a block).
#
# Generated by scripts/gen-facts.sh from the provider schema; do not edit by hand. Names
# are collected at any depth of the type's schema. Left out: `tags` and `tags_all` at the
# top level (always arguments), and names that are also a nested block of the same type
# (read as blocks). Types without such arguments have no line.
"""


def object_like(attr):
    """Whether a settable attribute takes a map or an object (JSON `{...}`).

    A list or set of objects is left out: that is how the schema shows arguments written
    as blocks (`ingress` of aws_security_group, `route` of aws_route_table), which checks
    read as blocks.
    """
    if not settable(attr):
        return False
    if "nested_type" in attr:
        return True
    kind = attr.get("type")
    return isinstance(kind, list) and kind[0] in ("map", "object")


def object_arguments(block):
    """Names of a type's map or object arguments that are not also one of its blocks."""
    arguments, blocks = set(), set()

    def walk(b, top):
        for name, attr in b.get("attributes", {}).items():
            if object_like(attr) and not (top and name in ("tags", "tags_all")):
                arguments.add(name)
        for name, nested in b.get("block_types", {}).items():
            blocks.add(name)
            walk(nested["block"], False)

    walk(block, True)
    return sorted(arguments - blocks)


def write_object_arguments(schema, path, version):
    provider = schema["provider_schemas"][PROVIDER]
    out = [OBJECT_ARGUMENTS_HEADER.rstrip("\n"), f"# Schema: {PROVIDER} {version}.", ""]
    for key, prefix in (("resource_schemas", ""), ("data_source_schemas", "data.")):
        for kind, entry in sorted(provider.get(key, {}).items()):
            names = object_arguments(entry["block"])
            if names:
                out.append(" ".join([prefix + kind, *names]))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"gen_facts: {len(out) - 3} types with object arguments -> {path}", file=sys.stderr)


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit(__doc__)
    schema_path, table_path = argv[1], argv[2]
    version = argv[3] if len(argv) == 4 else "unknown"
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        resources = schema["provider_schemas"][PROVIDER]["resource_schemas"]
    except KeyError:
        sys.exit(f"gen_facts: {schema_path} holds no resource schemas of {PROVIDER}")
    curated, old_left = read_curated(table_path)

    rows = {}
    for kind, entry in resources.items():
        tags, name, prefix = derive(kind, entry["block"])
        if tags or name or prefix or kind in curated:
            rows[kind] = ["tags" if tags else "-", name or "-", prefix or "-"]
    for kind in curated:
        if kind not in rows:
            warn(f"{kind}: curated but not in the provider schema; kept as it was")
            rows[kind] = old_left[kind]
    for kind, cols in curated.items():
        left = rows[kind]
        block = resources.get(kind, {}).get("block")
        check_curated(
            kind,
            cols,
            block,
            None if left[1] == "-" else left[1],
            None if left[2] == "-" else left[2],
        )

    out = [HEADER.rstrip("\n"), f"# Schema: {PROVIDER} {version}.", ""]
    for kind in sorted(rows):
        line = " ".join([kind, *rows[kind]])
        if kind in curated:
            line += " | " + " ".join(curated[kind])
        out.append(line)
    with open(table_path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    write_object_arguments(
        schema,
        os.path.join(os.path.dirname(table_path) or ".", "aws_object_arguments.txt"),
        version,
    )
    print(
        f"gen_facts: {len(rows)} resource types, {sum(1 for r in rows.values() if r[0] == 'tags')} "
        f"take tags, {len(curated)} curated -> {table_path}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main(sys.argv)
