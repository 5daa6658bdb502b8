//! TFG107 `lock-table-without-pitr`.

use hcl_edit::Span;

use crate::analysis::Analyzed;
use crate::analysis::backend::{LockTable, lock_tables};
use crate::analysis::dynamodb::{TableFeature, read};
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::Configuration;
use crate::edit::{add_attributes, add_block_at_end, braces, header_range};
use crate::finding::{Applicability, Category, Edit, Family, Finding, Fix};

pub static CHECK: Check = Check {
    code: "TFG107",
    name: "lock-table-without-pitr",
    family: Family::StateLocking,
    severity: crate::finding::Severity::Low,
    // Recovery of state data: durability, with high availability under A.
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds state lock tables (an `aws_dynamodb_table` whose hash key is \
               `LockID`, or the table an S3 backend names) without point-in-time \
               recovery: no `point_in_time_recovery` block, `enabled = false`, or \
               `enabled` left out.",
        why: "Besides the locks, the table holds the checksum (`<bucket>/<key>-md5`) that \
              Terraform compares with the state it reads from S3. A table deleted or \
              overwritten by mistake leaves every run failing on a checksum mismatch or \
              without a lock; point-in-time recovery restores it to any second of the last 35 \
              days.",
        example: r#"resource "aws_dynamodb_table" "lock" {
  name         = "terraform-state-lock"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }
}"#,
        use_instead: r#"resource "aws_dynamodb_table" "lock" {
  name         = "terraform-state-lock"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }
}"#,
        fix: "Unsafe: adds `point_in_time_recovery { enabled = true }` (or turns `enabled` \
              to `true`), which turns on continuous backups of the deployed table, billed by \
              its size.",
        limitations: "Only lock tables this configuration creates are judged: a table \
                      that the backend names but another configuration creates cannot be \
                      seen. An `enabled` whose value the code cannot know gets an info \
                      note.",
    },
    run: Run::Configuration(run),
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    for table in lock_tables(config) {
        let resource = &table.resource;
        let address = &table.address;
        let unit = resource.unit;
        let (range, fix) = match read(config, resource, "point_in_time_recovery", &table.scope) {
            TableFeature::Enabled(_) => continue,
            TableFeature::Missing => (header_range(resource.block), pitr_fix(config, &table, None)),
            TableFeature::Disabled { range, written, .. } => (
                range,
                written.and_then(|block| pitr_fix(config, &table, Some(block))),
            ),
            TableFeature::Unknown { range, reason } => {
                out.push(CHECK.unknown(unit, range, format!(
                        "cannot tell whether lock table `{address}` has point-in-time recovery: {reason}"
                    )).with_resource(address.clone()));
                continue;
            }
        };
        let message = format!(
            "lock table `{address}` has no point-in-time recovery: if it is deleted or overwritten, the state checksums it holds are lost and runs fail until it is rebuilt"
        );
        let mut finding = CHECK
            .finding(table.resource.unit, range, message)
            .with_resource(table.address.clone());
        finding.fix = fix;
        out.push(finding);
    }
}

/// `point_in_time_recovery { enabled = true }`: the block added at the end of the table,
/// or its `enabled` set.
fn pitr_fix(
    config: &Configuration<'_>,
    table: &LockTable<'_>,
    pitr: Option<&hcl_edit::structure::Block>,
) -> Option<Fix> {
    let resource = &table.resource;
    let unit = resource.unit;
    let text = config.text(unit);
    let edits = match pitr {
        Some(pitr) => match pitr.body.get_attribute("enabled") {
            Some(enabled) => vec![Edit::replace(unit, enabled.value.span()?, "true")],
            None => add_attributes(
                text,
                unit,
                &pitr.body,
                Some(braces(text, pitr)?),
                &[("enabled", "true")],
                &[],
            )?,
        },
        None => vec![add_block_at_end(
            text,
            unit,
            resource.block,
            "point_in_time_recovery {\n  enabled = true\n}",
        )?],
    };
    Some(Fix {
        title: format!("turn on point-in-time recovery for `{}`", table.address),
        applicability: Applicability::Unsafe,
        note: Some(format!(
            "turns on continuous backups of the deployed table `{}`, billed by its size",
            table.address
        )),
        edits,
    })
}

#[cfg(test)]
mod tests {
    const CODE: &str = super::CHECK.code;

    use super::super::testing::{assert_reports, assert_silent, codes, fixed, fixed_by, notes};

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
        r#"resource "aws_dynamodb_table" "lock" {
  name         = "terraform-state-lock"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }

  point_in_time_recovery {
    enabled = false
  }
}"#,
        // One finding per instance; the fix is shared.
        r#"resource "aws_dynamodb_table" "lock" {
  for_each     = toset(["dev", "prod"])
  name         = "terraform-state-lock-${each.key}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"
  attribute {
    name = "LockID"
    type = "S"
  }
}"#,
    ];

    const PASS: &[&str] = &[
        r#"resource "aws_dynamodb_table" "lock" {
  name         = "terraform-state-lock"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }
}"#,
        r#"resource "aws_dynamodb_table" "cache" {
  name     = "cache"
  hash_key = "Key"
  attribute {
    name = "Key"
    type = "S"
  }
}"#,
    ];

    #[test]
    fn fails() {
        assert_reports(CODE, FAIL);
        // Two instances of one block without recovery are one finding.
        assert_eq!(codes(FAIL[2]).iter().filter(|c| **c == CODE).count(), 1);
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
        assert_eq!(
            fixed_by(FAIL[1], CODE),
            FAIL[1].replace("enabled = false", "enabled = true")
        );
    }

    #[test]
    fn fix_adds_the_block_at_the_end() {
        assert_eq!(
            fixed_by(FAIL[0], CODE),
            format!(
                "{}\n\n  point_in_time_recovery {{\n    enabled = true\n  }}\n}}",
                FAIL[0].trim_end_matches('}').trim_end()
            )
        );
    }

    #[test]
    fn unknown_enabled_is_a_note() {
        let tf = FAIL[1].replace("enabled = false", "enabled = var.pitr");
        let tf = format!("variable \"pitr\" {{}}\n{tf}");
        assert!(!codes(&tf).contains(&CODE));
        assert!(notes(&tf).contains(&CODE));
    }
}
