//! TFG630 `cloudtrail-without-kms`.

use crate::analysis::Analyzed;
use crate::analysis::instances::targets;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::eval::Data;
use crate::finding::{Advice, Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG630",
    name: "cloudtrail-without-kms",
    family: Family::Security,
    severity: Severity::Medium,
    category: Category::A,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds `aws_cloudtrail` trails without `kms_key_id`, or with an empty one: \
               their log files get only the bucket's default encryption (SSE-S3 unless \
               the bucket sets a KMS key).",
        why: "A trail records who did what in the account. With SSE-S3 anyone who can read \
              the bucket reads the trail; with a KMS key, reading also needs `kms:Decrypt` \
              on a key whose policy is separate from the bucket's, every use of the key is \
              itself logged, and the key can be disabled to cut access at once.",
        example: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}"#,
        use_instead: r#"resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
}"#,
        fix: "Display-only: a KMS key for CloudTrail needs a key policy that lets \
              `cloudtrail.amazonaws.com` generate data keys for this account's trails, and \
              whoever reads the logs needs `kms:Decrypt`; a wrong policy stops log delivery. \
              The advice shows such a key and policy to adapt.",
        limitations: "Any `kms_key_id` counts, including one whose value the code cannot \
                      know; whether the key's policy lets CloudTrail use it is not \
                      checked.",
    },
    run: Run::Configuration(run),
};

/// A key and policy CloudTrail can use, for the advice.
const KEY_SNIPPET: &str = r#"data "aws_caller_identity" "current" {}

resource "aws_kms_key" "cloudtrail" {
  description         = "CloudTrail log files"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministersTheKey"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrailEncryptsLogs"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringLike = {
            "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*"
          }
        }
      }
    ]
  })
}

# in the trail:
#   kms_key_id = aws_kms_key.cloudtrail.arn"#;

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    for target in targets(config, &["aws_cloudtrail"]) {
        let unit = target.unit();
        let (range, why) = match target.setting(config, "kms_key_id") {
            None => (target.header(), "`kms_key_id` is not set".to_owned()),
            Some(setting) => match &setting.value.data {
                Data::Null => (setting.value_range(), "`kms_key_id` is null".to_owned()),
                Data::String(s) if s.trim().is_empty() => {
                    (setting.evidence(unit), "`kms_key_id` is empty".to_owned())
                }
                // A key ARN, an alias or a reference to a key: encrypted with that key.
                _ => continue,
            },
        };
        let mut finding = CHECK.finding(unit, range, format!(
                "`{}` does not encrypt its log files with a KMS key: {why}, so only the bucket's default encryption applies",
                target.address
            )).with_resource(target.address.clone());
        finding.alternatives.push(Advice {
            title: "encrypt the trail with a customer managed KMS key".to_owned(),
            note: "the key policy must let CloudTrail generate data keys for this account's \
                   trails; readers of the logs also need `kms:Decrypt` on the key"
                .to_owned(),
            snippet: Some(KEY_SNIPPET.to_owned()),
        });
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {

    use crate::rules::security::testing::{assert_reports, assert_silent};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        r#"resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = "b"
}"#,
        r#"resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = "b"
  kms_key_id     = null
}"#,
        r#"variable "trail_key" {
  default = ""
}
resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = "b"
  kms_key_id     = var.trail_key
}"#,
    ];

    const PASS: &[&str] = &[
        r#"resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = "b"
  kms_key_id     = aws_kms_key.trail.arn
}"#,
        r#"resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = "b"
  kms_key_id     = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}"#,
        // A required variable: some key is given at plan time.
        r#"variable "trail_key_arn" {
  type = string
}
resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = "b"
  kms_key_id     = var.trail_key_arn
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
    fn offers_a_key_policy_as_advice_only() {
        let findings = crate::rules::security::testing::findings_of(FAIL[0], CODE);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].fix.is_none());
        let snippet = findings[0].alternatives[0].snippet.as_deref().unwrap();
        assert!(snippet.contains("cloudtrail.amazonaws.com"));
        hcl_edit::parser::parse_body(snippet).expect("snippet parses");
    }
}
