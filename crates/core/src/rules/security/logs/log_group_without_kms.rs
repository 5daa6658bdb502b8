//! TFG641 `log-group-without-kms`.

use crate::analysis::Analyzed;
use crate::analysis::instances::targets;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::eval::Data;
use crate::finding::{Advice, Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG641",
    name: "log-group-without-kms",
    family: Family::Security,
    severity: Severity::Medium,
    category: Category::A,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds `aws_cloudwatch_log_group` resources without `kms_key_id`, or with \
               an empty one: their events are encrypted only with keys CloudWatch Logs \
               manages.",
        why: "Application logs carry request data, identifiers and, too often, tokens. With \
              a customer managed key, reading them also needs `kms:Decrypt` under a key \
              policy you control, each use is recorded in CloudTrail, and disabling the key \
              cuts access at once.",
        example: r#"resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/api"
  retention_in_days = 365
}"#,
        use_instead: r#"resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/api"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.logs.arn
}"#,
        fix: "Display-only: the key's policy must let `logs.<region>.amazonaws.com` use it \
              for this account's log groups, or associating the key fails; the advice shows \
              such a key to adapt.",
        limitations: "Any `kms_key_id` counts, including one whose value the code cannot \
                      know; whether the key's policy lets CloudWatch Logs use it is not \
                      checked.",
    },
    run: Run::Configuration(run),
};

const KEY_SNIPPET: &str = r#"data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

resource "aws_kms_key" "logs" {
  description         = "CloudWatch Logs"
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
        Sid       = "CloudWatchLogsUsesTheKey"
        Effect    = "Allow"
        Principal = { Service = "logs.${data.aws_region.current.name}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*"
          }
        }
      }
    ]
  })
}

# in the log group:
#   kms_key_id = aws_kms_key.logs.arn"#;

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    for target in targets(config, &["aws_cloudwatch_log_group"]) {
        let unit = target.unit();
        let (range, why) = match target.setting(config, "kms_key_id") {
            None => (target.header(), "`kms_key_id` is not set"),
            Some(setting) => match &setting.value.data {
                Data::Null => (setting.value_range(), "`kms_key_id` is null"),
                Data::String(s) if s.trim().is_empty() => {
                    (setting.evidence(unit), "`kms_key_id` is empty")
                }
                _ => continue,
            },
        };
        let mut finding = CHECK
            .finding(
                unit,
                range,
                format!(
                    "`{}` is not encrypted with a customer managed KMS key: {why}",
                    target.address
                ),
            )
            .with_resource(target.address.clone());
        finding.alternatives.push(Advice {
            title: "encrypt the log group with a customer managed KMS key".to_owned(),
            note: "the key policy must let CloudWatch Logs in this region use the key for \
                   this account's log groups"
                .to_owned(),
            snippet: Some(KEY_SNIPPET.to_owned()),
        });
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {

    use crate::rules::security::testing::{assert_reports, assert_silent, findings_of};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        r#"resource "aws_cloudwatch_log_group" "a" {
  name              = "/a"
  retention_in_days = 7
}"#,
        r#"resource "aws_cloudwatch_log_group" "a" {
  name              = "/a"
  retention_in_days = 7
  kms_key_id        = null
}"#,
    ];

    const PASS: &[&str] = &[r#"resource "aws_cloudwatch_log_group" "a" {
  name              = "/a"
  retention_in_days = 7
  kms_key_id        = aws_kms_key.logs.arn
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
    fn advice_snippet_parses() {
        let findings = findings_of(FAIL[0], CODE);
        let snippet = findings[0].alternatives[0].snippet.as_deref().unwrap();
        hcl_edit::parser::parse_body(snippet).expect("snippet parses");
    }
}
