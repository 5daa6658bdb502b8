//! TFG631 `cloudtrail-log-validation-disabled`.

use crate::analysis::Analyzed;
use crate::analysis::instances::targets;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Applicability, Category, Family, Finding, Severity};
use crate::rules::security::flag_rule::{FlagRule, judge_flag};

pub static CHECK: Check = Check {
    code: "TFG631",
    name: "cloudtrail-log-validation-disabled",
    family: Family::Security,
    severity: Severity::Medium,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds `aws_cloudtrail` trails without `enable_log_file_validation = true`.",
        why: "Without validation nothing proves that a log file was not changed or deleted \
              after delivery: someone who gains write access to the bucket can erase their \
              tracks unnoticed. With it, CloudTrail writes an hourly digest file, signed and \
              chained to the previous one, that `aws cloudtrail validate-logs` checks.",
        example: r#"resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
  kms_key_id            = aws_kms_key.trail.arn
}"#,
        use_instead: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  kms_key_id                 = aws_kms_key.trail.arn
  enable_log_file_validation = true
}"#,
        fix: "Unsafe: sets `enable_log_file_validation = true` (adds the line, or replaces a \
              literal `false`). The trail is updated in place and from then on writes a \
              digest file every hour under `AWSLogs/<account>/CloudTrail-Digest/` in the same \
              bucket: a small storage cost, and a bucket policy that admits CloudTrail's \
              writes only under `.../CloudTrail/` must be widened. A value that comes from a \
              variable or a local is left to the author.",
        limitations: "An `enable_log_file_validation` whose value the code cannot know (a \
                      variable without a default) gets an info note instead of a finding.",
    },
    run: Run::Configuration(run),
};

const RULE: FlagRule = FlagRule {
    check: &CHECK,
    attribute: "enable_log_file_validation",
    does: "validates its log files",
    lacks: "does not validate its log files",
    fix_title: "set `enable_log_file_validation = true`",
    // It changes the deployed trail and adds objects to the bucket: not a no-op.
    applicability: Applicability::Unsafe,
    fix_note: "updates the trail in place: CloudTrail then writes an hourly digest file under \
               `AWSLogs/<account>/CloudTrail-Digest/` in the trail's bucket (small storage \
               cost; the bucket policy must admit those writes)",
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    for target in targets(config, &["aws_cloudtrail"]) {
        out.extend(judge_flag(config, &target, &RULE));
    }
}

#[cfg(test)]
mod tests {

    use crate::rules::security::testing::{assert_reports, assert_silent, findings_of, fixed};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        r#"resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = "b"
}"#,
        r#"resource "aws_cloudtrail" "t" {
  name                       = "t"
  s3_bucket_name             = "b"
  enable_log_file_validation = false
}"#,
        r#"variable "validate" {
  default = false
}
resource "aws_cloudtrail" "t" {
  name                       = "t"
  s3_bucket_name             = "b"
  enable_log_file_validation = var.validate
}"#,
    ];

    const PASS: &[&str] = &[
        r#"resource "aws_cloudtrail" "t" {
  name                       = "t"
  s3_bucket_name             = "b"
  enable_log_file_validation = true
}"#,
        r#"locals {
  validate = true
}
resource "aws_cloudtrail" "t" {
  name                       = "t"
  s3_bucket_name             = "b"
  enable_log_file_validation = local.validate
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

    #[test]
    fn fix_adds_an_aligned_line() {
        insta::assert_snapshot!(fixed(FAIL[0], CODE));
    }

    #[test]
    fn a_variable_default_is_named_and_left_to_the_author() {
        let findings = findings_of(FAIL[2], CODE);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].fix.is_none());
        insta::assert_snapshot!(findings[0].message);
    }

    #[test]
    fn an_unknown_value_is_a_note() {
        let tf = r#"resource "aws_cloudtrail" "t" {
  name                       = "t"
  s3_bucket_name             = "b"
  enable_log_file_validation = var.validate
}
variable "validate" {
  type = bool
}"#;
        let findings = findings_of(tf, CODE);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].unknown);
        assert_eq!(findings[0].severity, crate::Severity::Info);
    }
}
