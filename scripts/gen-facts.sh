#!/usr/bin/env bash
# Regenerates the schema-derived columns of the resource-type facts table
# (crates/core/src/facts/aws_resources.txt) and the compact provider schema the validity
# checks read (crates/core/src/facts/aws_schema.txt) from the AWS provider's own schema,
# offline, through the provider mirror. Curated columns (scopes, length limits, secrets)
# are kept.
#
#   scripts/gen-facts.sh               uses the mirror at /opt/tf-plugins
#   TF_PLUGIN_MIRROR=DIR scripts/gen-facts.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
table="$here/crates/core/src/facts/aws_resources.txt"
mirror="${TF_PLUGIN_MIRROR:-/opt/tf-plugins}"

fail() {
  echo "gen-facts: $*" >&2
  exit 1
}

command -v terraform >/dev/null 2>&1 ||
  fail "terraform is not on PATH; install Terraform (1.11 is known to work) and run again"
[[ -d "$mirror/registry.terraform.io/hashicorp/aws" ]] ||
  fail "no AWS provider in the filesystem mirror $mirror (expected $mirror/registry.terraform.io/hashicorp/aws); set TF_PLUGIN_MIRROR to a mirror that has it"
command -v python3 >/dev/null 2>&1 || fail "python3 is not on PATH"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/cli.tfrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
EOF
cat >"$work/main.tf" <<'EOF'
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
EOF

export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
export TF_IN_AUTOMATION=1
(
  cd "$work"
  terraform init -backend=false -input=false -no-color >"$work/init.log" 2>&1 ||
    { cat "$work/init.log" >&2; fail "terraform init failed with the mirror $mirror"; }
  terraform providers schema -json >"$work/schema.json" ||
    fail "terraform providers schema -json failed"
  terraform version -json >"$work/version.json"
)
version=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["provider_selections"].get("registry.terraform.io/hashicorp/aws", "unknown"))' "$work/version.json")

python3 "$here/scripts/gen_facts.py" "$work/schema.json" "$table" "$version"
python3 "$here/scripts/gen_schema.py" "$work/schema.json" "${table%/*}/aws_schema.txt" "$version"
echo "gen-facts: $(wc -c <"$table") bytes in ${table#"$here"/}, $(wc -c <"${table%/*}/aws_object_arguments.txt") bytes in aws_object_arguments.txt, $(wc -c <"${table%/*}/aws_schema.txt") bytes in aws_schema.txt"
