//! TFG607 `dynamodb-table-without-pitr`.

use super::{FeatureRule, report};
use crate::analysis::Analyzed;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG607",
    name: "dynamodb-table-without-pitr",
    family: Family::Security,
    severity: Severity::Medium,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds `aws_dynamodb_table`s without `point_in_time_recovery { enabled = \
               true }` (no block, `enabled = false`, or `enabled` left out), `dynamic` \
               blocks included.",
        why: "Without point-in-time recovery, an item deleted or overwritten by a bug, a bad \
              migration or a compromised credential is gone unless an on-demand backup \
              happens to hold it; with it, the table can be restored to any second of the \
              last 35 days.",
        example: r#"resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}"#,
        use_instead: r#"resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }
}"#,
        fix: "Unsafe: adds `point_in_time_recovery { enabled = true }` before the table's \
              closing brace (or sets a `false` written in place to `true`). Continuous \
              backups are billed by the table's size.",
        limitations: "State lock tables (hash key `LockID`, or the table an S3 backend \
                      names) are left to `lock-table-without-pitr`, so the same table is \
                      not reported twice. An `enabled` whose value the code cannot know \
                      gets an info note.",
    },
    run: Run::Configuration(run),
};

const PITR: FeatureRule = FeatureRule {
    check: &CHECK,
    block: "point_in_time_recovery",
    consequence: "items deleted or overwritten cannot be restored to an earlier point in time",
    fix_title: "enable point-in-time recovery",
    fix_note: "enables continuous backups of the table, billed per GB-month of its size",
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    report(config, &PITR, out);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_reports, assert_silent, fixed};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        super::CHECK.docs.example,
        r#"resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "pk"
  point_in_time_recovery {
    enabled = false
  }
}"#,
        r#"variable "pitr" {
  type    = bool
  default = false
}
resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "pk"
  dynamic "point_in_time_recovery" {
    for_each = [var.pitr]
    content {
      enabled = point_in_time_recovery.value
    }
  }
}"#,
    ];

    const PASS: &[&str] = &[
        super::CHECK.docs.use_instead,
        // The table the backend locks with, whatever its hash key: the state-locking
        // family's too (it reports TFG107 on it), so not reported twice.
        r#"terraform {
  backend "s3" {
    bucket         = "acme-state"
    key            = "app.tfstate"
    region         = "us-east-1"
    dynamodb_table = "acme-locks"
  }
}
resource "aws_dynamodb_table" "locks" {
  name         = "acme-locks"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
}"#,
        // A state lock table is the state-locking family's.
        r#"resource "aws_dynamodb_table" "lock" {
  name         = "terraform-locks"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"
  attribute {
    name = "LockID"
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
        for tf in &FAIL[..2] {
            fixed(tf, CODE);
        }
    }
}
