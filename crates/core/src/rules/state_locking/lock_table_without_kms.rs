//! TFG106 `lock-table-without-kms`.

use hcl_edit::Span;

use crate::analysis::Analyzed;
use crate::analysis::backend::{LockTable, lock_tables};
use crate::analysis::dynamodb::{TableFeature, read};
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::Configuration;
use crate::edit::{add_attributes, add_block_after, add_block_at_end, braces, header_range};
use crate::finding::{Applicability, Category, Edit, Family, Finding, Fix, Severity};

pub static CHECK: Check = Check {
    code: "TFG106",
    name: "lock-table-without-kms",
    family: Family::StateLocking,
    severity: Severity::Medium,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds state lock tables (an `aws_dynamodb_table` whose hash key is \
               `LockID`, or the table an S3 backend names) not encrypted with a customer \
               managed KMS key: no `server_side_encryption` block or `enabled = false` \
               (DynamoDB then uses an AWS-owned key), or `enabled = true` without \
               `kms_key_arn` (the AWS managed key `aws/dynamodb`, reported as low).",
        why: "The lock table holds the checksum of every state file and who holds each lock. \
              With an AWS-owned key the account cannot see, restrict or audit use of the key; \
              the AWS managed key is visible but its policy cannot be changed. A customer \
              managed key puts access to the table's data under the account's own key \
              policy and CloudTrail.",
        example: r#"resource "aws_dynamodb_table" "lock" {
  name         = "terraform-state-lock"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }
}"#,
        use_instead: r#"resource "aws_kms_key" "lock" {
  description         = "Encrypts the Terraform state lock table"
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "lock" {
  name         = "terraform-state-lock"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.lock.arn
  }
}"#,
        fix: "Unsafe: sets `server_side_encryption { enabled = true, kms_key_arn = ... }` \
              with the configuration's only `aws_kms_key`, or a new `aws_kms_key` (with \
              rotation) named after the table: the deployed table is re-encrypted, and a new \
              key is billed monthly.",
        limitations: "Only lock tables this configuration creates are judged: a table \
                      that the backend names but another configuration creates cannot be \
                      seen. Any `kms_key_arn` counts, whatever key it names. An `enabled` \
                      whose value the code cannot know gets an info note.",
    },
    run: Run::Configuration(run),
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    for table in lock_tables(config) {
        let resource = &table.resource;
        let address = &table.address;
        let unit = resource.unit;
        let turned_off = |range, written: Option<&hcl_edit::structure::Block>| {
            let mut finding = CHECK.finding(table.resource.unit, range, format!(
                    "lock table `{address}` turns `server_side_encryption` off: it is encrypted with an AWS-owned key, which the account cannot see, restrict or audit"
                )).with_resource(table.address.clone());
            finding.fix = written.and_then(|block| kms_fix(config, &table, Some(block)));
            finding
        };
        match read(config, resource, "server_side_encryption", &table.scope) {
            TableFeature::Missing => {
                let message = format!(
                    "lock table `{address}` has no `server_side_encryption`: it is encrypted with an AWS-owned key, which the account cannot see, restrict or audit"
                );
                let mut finding = CHECK.finding(table.resource.unit, header_range(resource.block), message).with_resource(table.address.clone());
                finding.fix = kms_fix(config, &table, None);
                out.push(finding);
            }
            TableFeature::Enabled(sse) => {
                let has_key = sse
                    .body
                    .get_attribute("kms_key_arn")
                    .is_some_and(|a| !config.eval(unit, &a.value, &sse.scope).is_null());
                if has_key {
                    continue;
                }
                let mut finding = CHECK.finding(table.resource.unit, header_range(sse.block), format!(
                        "lock table `{address}` is encrypted with the AWS managed key `aws/dynamodb`, whose policy the account cannot change, not a customer managed key (`kms_key_arn`)"
                    )).with_severity(Severity::Low).with_resource(table.address.clone());
                finding.fix = (sse.block.ident.as_str() == "server_side_encryption")
                    .then(|| kms_fix(config, &table, Some(sse.block)))
                    .flatten();
                out.push(finding);
            }
            TableFeature::Disabled { range, written, .. } => out.push(turned_off(range, written)),
            TableFeature::Unknown { range, reason } => out.push(CHECK.unknown(unit, range, format!(
                    "cannot tell whether lock table `{address}` is encrypted with a KMS key: {reason}"
                )).with_resource(address.clone())),
        }
    }
}

/// `server_side_encryption` with `enabled = true` and a `kms_key_arn`: the block added
/// (after the `attribute` blocks), or completed.
fn kms_fix(
    config: &Configuration<'_>,
    table: &LockTable<'_>,
    sse: Option<&hcl_edit::structure::Block>,
) -> Option<Fix> {
    let resource = &table.resource;
    let unit = resource.unit;
    let text = config.text(unit);
    let body = &resource.block.body;
    let (key, new_key) = kms_key(config, table);
    let mut edits = Vec::new();
    match sse {
        Some(sse) => {
            let enabled = sse.body.get_attribute("enabled");
            if let Some(enabled) = enabled {
                edits.push(Edit::replace(unit, enabled.value.span()?, "true"));
            }
            let mut new: Vec<(&str, &str)> = Vec::new();
            if enabled.is_none() {
                new.push(("enabled", "true"));
            }
            if !sse.body.has_attribute("kms_key_arn") {
                new.push(("kms_key_arn", &key));
            }
            if !new.is_empty() {
                edits.extend(add_attributes(
                    text,
                    unit,
                    &sse.body,
                    Some(braces(text, sse)?),
                    &new,
                    &[],
                )?);
            }
        }
        None => {
            let block = format!(
                "server_side_encryption {{\n  enabled     = true\n  kms_key_arn = {key}\n}}"
            );
            // After the `attribute` blocks, so as not to meet the point-in-time recovery
            // block that TFG107 adds at the end.
            let edit = match body.get_blocks("attribute").last() {
                Some(attribute) => add_block_after(text, unit, attribute, resource.block, &block)?,
                None => add_block_at_end(text, unit, resource.block, &block)?,
            };
            edits.push(edit);
        }
    }
    let mut note = format!(
        "re-encrypts the deployed table `{}` with a customer managed key",
        table.address
    );
    if let Some(name) = &new_key {
        let block_end = resource.block.span()?.end;
        edits.push(Edit::insert(
            unit,
            block_end,
            format!(
                "\n\nresource \"aws_kms_key\" \"{name}\" {{\n  description         = \"Encrypts the Terraform state lock table\"\n  enable_key_rotation = true\n}}"
            ),
        ));
        note.push_str(&format!(", the new `aws_kms_key.{name}` (billed monthly)"));
    }
    Some(Fix {
        title: format!(
            "encrypt `{}` with a customer managed KMS key",
            table.address
        ),
        applicability: Applicability::Unsafe,
        note: Some(note),
        edits,
    })
}

/// The key to use: the configuration's only `aws_kms_key` (a single instance), else a new
/// one named after the table (its name is returned).
fn kms_key(config: &Configuration<'_>, table: &LockTable<'_>) -> (String, Option<String>) {
    let keys: Vec<_> = config.resources_of("aws_kms_key").collect();
    if let [key] = keys.as_slice()
        && !key.block.body.has_attribute("count")
        && !key.block.body.has_attribute("for_each")
    {
        return (format!("{}.arn", key.address()), None);
    }
    let mut name = table.resource.name.to_owned();
    if keys.iter().any(|k| k.name == name) {
        name.push_str("_lock_table");
    }
    (format!("aws_kms_key.{name}.arn"), Some(name))
}

#[cfg(test)]
mod tests {
    const CODE: &str = super::CHECK.code;

    use super::super::testing::{assert_reports, assert_silent, fixed, fixed_by};

    const FAIL: &[&str] = &[
        r#"resource "aws_dynamodb_table" "lock" {
  name         = "terraform-state-lock"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }
}"#,
        r#"resource "aws_kms_key" "state" {
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "lock" {
  name         = "terraform-state-lock"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }

  server_side_encryption {
    enabled = false
  }
}"#,
        // The AWS managed key.
        r#"resource "aws_dynamodb_table" "lock" {
  name         = "terraform-state-lock"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }

  server_side_encryption {
    enabled = true
  }
}"#,
    ];

    const PASS: &[&str] = &[
        r#"resource "aws_kms_key" "lock" {
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "lock" {
  name         = "terraform-state-lock"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.lock.arn
  }
}"#,
        r#"resource "aws_dynamodb_table" "sessions" {
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "SessionId"
  attribute {
    name = "SessionId"
    type = "S"
  }
}"#,
    ];

    #[test]
    fn fails() {
        assert_reports(CODE, FAIL);
    }

    #[test]
    fn passes() {
        assert_silent(CODE, PASS);
    }

    #[test]
    fn fixes_reach_a_fixed_point() {
        for tf in FAIL {
            fixed(tf, CODE);
        }
    }

    #[test]
    fn fix_adds_a_key_or_reuses_the_only_one() {
        insta::assert_snapshot!("new_key", fixed_by(FAIL[0], CODE));
        insta::assert_snapshot!("only_key", fixed_by(FAIL[1], CODE));
    }

    #[test]
    fn fixes_of_one_table_compose() {
        // Billing, encryption and point-in-time recovery fixed at once, in one pass.
        let tf = r#"resource "aws_dynamodb_table" "lock" {
  name           = "terraform-state-lock"
  hash_key       = "LockID"
  read_capacity  = 5
  write_capacity = 5

  attribute {
    name = "LockID"
    type = "S"
  }
}"#;
        insta::assert_snapshot!(fixed(tf, CODE));
    }
}
