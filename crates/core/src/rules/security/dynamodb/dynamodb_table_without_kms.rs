//! TFG608 `dynamodb-table-without-kms`.

use super::{FeatureRule, report};
use crate::analysis::Analyzed;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG608",
    name: "dynamodb-table-without-kms",
    family: Family::Security,
    severity: Severity::Medium,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds `aws_dynamodb_table`s without `server_side_encryption { enabled = \
               true }`: without it DynamoDB encrypts with an AWS owned key, not KMS. With \
               `enabled = true` and no `kms_key_arn` the table uses the AWS managed key \
               `aws/dynamodb`, which is KMS and accepted.",
        why: "An AWS owned key is invisible to the account: its use is not logged in \
              CloudTrail, no key policy controls it, and access cannot be revoked by \
              disabling it. A KMS key (AWS managed or, better, customer managed) adds that \
              audit trail and control.",
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

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }
}"#,
        fix: "Unsafe: adds `server_side_encryption { enabled = true }` after the table's last \
              argument (or sets a `false` written in place to `true`): the table is \
              re-encrypted with the AWS managed key `aws/dynamodb`, whose requests are billed \
              KMS calls. Naming a customer managed key (`kms_key_arn`) is left to the author.",
        limitations: "State lock tables (hash key `LockID`, or the table an S3 backend \
                      names) are left to `lock-table-without-kms`, so the same table is \
                      not reported twice. An `enabled` whose value the code cannot know \
                      gets an info note.",
    },
    run: Run::Configuration(run),
};

const SSE: FeatureRule = FeatureRule {
    check: &CHECK,
    block: "server_side_encryption",
    consequence: "the table is encrypted with an AWS owned key, not KMS",
    fix_title: "encrypt with KMS (the AWS managed key `aws/dynamodb`)",
    fix_note: "switches the table's encryption to the AWS managed KMS key `aws/dynamodb`: requests become billed KMS calls",
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    report(config, &SSE, out);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_reports, assert_silent, codes, fixed};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        super::CHECK.docs.example,
        r#"resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "pk"
  server_side_encryption {
    enabled = false
  }
}"#,
        r#"resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "pk"
}"#,
    ];

    const PASS: &[&str] = &[
        super::CHECK.docs.use_instead,
        r#"resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "pk"
  server_side_encryption {
    enabled = true
  }
}"#,
        r#"resource "aws_dynamodb_table" "lock" {
  name     = "locks"
  hash_key = "LockID"
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
    fn both_table_fixes_apply_in_one_pass() {
        let fixed = fixed(super::CHECK.docs.example, CODE);
        assert!(!codes(&fixed).contains(&"TFG607"), "{fixed}");
        insta::assert_snapshot!(fixed, @r#"
        resource "aws_dynamodb_table" "orders" {
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

          server_side_encryption {
            enabled = true
          }
        }
        "#);
    }
}
