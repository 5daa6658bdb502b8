//! TFG604 `iam-wildcard-principal`.

use super::Reporter;
use crate::analysis::Analyzed;
use crate::analysis::iam::policy::{Context, Statement};
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Advice, Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG604",
    name: "iam-wildcard-principal",
    family: Family::Security,
    severity: Severity::High,
    category: Category::A,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds `Allow` statements of trust and resource policies whose principal is \
               anyone: `Principal = \"*\"`, `{ AWS = \"*\" }` (any principal type), a \
               policy document's `principals { identifiers = [\"*\"] }`, or \
               `NotPrincipal` (everyone but those listed). Read in the same forms as the \
               other IAM checks: a role's `assume_role_policy`, bucket, queue, topic, \
               repository, secret and key policies.",
        why: "A `*` principal opens the resource to every AWS account and to anonymous \
              callers: a public bucket, a queue anyone can write to, a role anyone can assume. \
              Name the accounts, roles or services that need access.",
        example: r#"resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
    }]
  })
}"#,
        use_instead: r#"resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}"#,
        fix: "None mechanical: who should have access is a decision for the policy's author. \
              The finding's advice says what to name instead.",
        limitations: "A statement with a condition on the caller (`aws:SourceArn`, \
                      `aws:SourceAccount`, `aws:PrincipalOrgID`, `aws:SourceVpce`, \
                      `aws:SourceIp` and similar keys) is not reported, whatever the \
                      condition's value. `Deny` statements are not judged, nor VPC \
                      endpoint policies, which only limit what passes through the endpoint. A principal \
                      whose value the code cannot know, or a trust policy that cannot be \
                      read, gets an info note.",
    },
    run: Run::Configuration(run),
};

/// Condition keys that restrict who can use a statement with a `*` principal.
const NARROWING_KEYS: &[&str] = &[
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:principalarn",
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "kms:calleraccount",
];

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    let code = CHECK.code;
    let mut reporter = Reporter::default();
    for policy in config.policies() {
        if !policy.context.grants() {
            continue;
        }
        for statement in super::allowing(
            policy,
            &CHECK,
            policy.context == Context::Trust,
            &mut reporter,
        ) {
            if narrowed(statement) {
                continue;
            }
            let to = actions_of(statement);
            if let Some(leaf) = statement.not_principal.as_ref().and_then(|l| l.first()) {
                reporter.push(
                    policy,
                    CHECK.finding(policy.unit, policy.evidence(leaf), format!(
                            "{} of `{}` allows every principal except those in `NotPrincipal`{to}",
                            statement.label(),
                            policy.address()
                        )).with_resource(policy.address()).with_trace(leaf.trace(config)).with_alternatives(vec![advice()]),
                );
            }
            for leaf in statement.principal.iter().flatten() {
                match leaf.text() {
                    Some("*") => {
                        reporter.push(
                            policy,
                            CHECK
                                .finding(
                                    policy.unit,
                                    policy.evidence(leaf),
                                    format!(
                                        "{} of `{}` allows any principal (`*`){to}",
                                        statement.label(),
                                        policy.address()
                                    ),
                                )
                                .with_resource(policy.address())
                                .with_trace(leaf.trace(config))
                                .with_alternatives(vec![advice()]),
                        );
                        break;
                    }
                    Some(_) => {}
                    None => {
                        if let Some(reason) = leaf.unknown_reason()
                            && !reporter.has_note(policy, code)
                        {
                            reporter.push(
                                policy,
                                CHECK.unknown(policy.unit, policy.evidence(leaf), format!(
                                        "cannot tell whether {} of `{}` allows any principal: {reason}",
                                        statement.label(),
                                        policy.address()
                                    )).with_resource(policy.address()),
                            );
                        }
                    }
                }
            }
        }
    }
    reporter.finish(out);
}

fn narrowed(statement: &Statement) -> bool {
    statement
        .condition_keys
        .iter()
        .any(|key| NARROWING_KEYS.contains(&key.as_str()))
}

/// " to `s3:GetObject`" and the like, when the actions are known.
fn actions_of(statement: &Statement) -> String {
    match &statement.action {
        Some(actions) if actions.iter().all(|a| a.text().is_some()) && !actions.is_empty() => {
            format!(" to {}", super::describe_leaves(actions))
        }
        _ => String::new(),
    }
}

fn advice() -> Advice {
    Advice {
        title: "name the principals that need access".to_owned(),
        note: "use the ARNs of the accounts or roles (`{ AWS = aws_iam_role.app.arn }`) or the \
               service (`{ Service = \"lambda.amazonaws.com\" }`); when a service acts for a \
               resource, add a `aws:SourceArn` or `aws:SourceAccount` condition"
            .to_owned(),
        snippet: None,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_reports, assert_silent};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        super::CHECK.docs.example,
        r#"resource "aws_s3_bucket_policy" "public" {
  bucket = "site"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::site/*"
    }]
  })
}"#,
        r#"data "aws_iam_policy_document" "queue" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:us-east-1:111122223333:q"]
  }
}
resource "aws_sqs_queue_policy" "q" {
  queue_url = "https://sqs/q"
  policy    = data.aws_iam_policy_document.queue.json
}"#,
        r#"resource "aws_sns_topic_policy" "t" {
  arn = "arn:aws:sns:us-east-1:111122223333:t"
  policy = <<-POLICY
    {"Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sns:Publish", "Resource": "*"}]}
  POLICY
}"#,
    ];

    const PASS: &[&str] = &[
        super::CHECK.docs.use_instead,
        // Narrowed by the source of the call.
        r#"resource "aws_sqs_queue_policy" "q" {
  queue_url = "https://sqs/q"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = "*"
    }, {
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = "*"
      Condition = { ArnEquals = { "aws:SourceArn" = "arn:aws:sns:us-east-1:111122223333:t" } }
    }]
  })
}"#,
        // Deny with a `*` principal is the usual TLS-only guard.
        r#"resource "aws_s3_bucket_policy" "tls" {
  bucket = "b"
  policy = jsonencode({
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
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
}
