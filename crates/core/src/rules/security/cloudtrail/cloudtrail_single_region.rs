//! TFG632 `cloudtrail-single-region`.

use crate::analysis::Analyzed;
use crate::analysis::instances::targets;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Applicability, Category, Family, Finding, Severity};
use crate::rules::security::flag_rule::{FlagRule, judge_flag};

pub static CHECK: Check = Check {
    code: "TFG632",
    name: "cloudtrail-single-region",
    family: Family::Security,
    severity: Severity::Medium,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds `aws_cloudtrail` trails without `is_multi_region_trail = true`.",
        why: "A single-region trail records only the region it is created in. Activity in \
              any other region (a favourite place to run unauthorised instances, because \
              nobody looks there) goes unrecorded.",
        example: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
}"#,
        use_instead: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
  is_multi_region_trail      = true
}"#,
        fix: "Unsafe: sets `is_multi_region_trail = true` (adds the line, or replaces a \
              literal `false`). The trail then records events of every region: more log \
              files and, when another trail already records management events there, a \
              charge for the second copy. A value from a variable or a local is left to the \
              author.",
        limitations: "An `is_multi_region_trail` whose value the code cannot know (a \
                      variable without a default) gets an info note instead of a finding.",
    },
    run: Run::Configuration(run),
};

const RULE: FlagRule = FlagRule {
    check: &CHECK,
    attribute: "is_multi_region_trail",
    does: "records every region",
    lacks: "records only its own region",
    fix_title: "set `is_multi_region_trail = true`",
    applicability: Applicability::Unsafe,
    fix_note: "the trail records events of every region from then on: more log files in the \
               bucket, and a charge for management events that another trail already records",
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    for target in targets(config, &["aws_cloudtrail"]) {
        out.extend(judge_flag(config, &target, &RULE));
    }
}

#[cfg(test)]
mod tests {

    use crate::rules::security::testing::{assert_reports, assert_silent, fixed};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        r#"resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = "b"
}"#,
        r#"resource "aws_cloudtrail" "t" {
  name                  = "t"
  s3_bucket_name        = "b"
  is_multi_region_trail = false

  event_selector {
    read_write_type = "All"
  }
}"#,
        r#"resource "aws_cloudtrail" "t" {
  for_each       = toset(["a", "b"])
  name           = each.key
  s3_bucket_name = "b"
}"#,
    ];

    const PASS: &[&str] = &[r#"resource "aws_cloudtrail" "t" {
  name                  = "t"
  s3_bucket_name        = "b"
  is_multi_region_trail = true
}"#];

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
    fn validation_and_multi_region_are_fixed_together_in_one_pass() {
        insta::assert_snapshot!(fixed(FAIL[0], CODE));
    }
}
