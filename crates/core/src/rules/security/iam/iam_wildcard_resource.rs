//! TFG605 `iam-wildcard-resource`.

use super::{ActionScope, Reporter, action_scope};
use crate::analysis::Analyzed;
use crate::analysis::iam::actions::{ResourceSupport, support};
use crate::analysis::iam::policy::{Context, Leaf, Policy, Statement};
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::Configuration;
use crate::finding::{Advice, Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG605",
    name: "iam-wildcard-resource",
    family: Family::Security,
    severity: Severity::High,
    category: Category::A,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds `Allow` statements of identity policies that grant actions \
               supporting resource-level permissions on every resource (`Resource = \
               \"*\"`), on every resource of their service (an ARN whose resource part is \
               a wildcard: `arn:aws:logs:*:*:*`, `arn:aws:s3:::*`, \
               `arn:aws:dynamodb:*:*:table/*`; `arn:aws:s3:::my-bucket/*`, the objects of \
               one bucket, is scoped), or on every resource but some (`NotResource`). \
               Policies written as heredoc JSON with `${...}` in them are read too. \
               Actions that accept only `\"*\"` (such as `cloudwatch:PutMetricData`, \
               `ec2:Describe*`, `xray:PutTraceSegments`, `sts:GetCallerIdentity`) are not \
               findings.",
        why: "`s3:GetObject` on `*` reads every bucket of the account, including the state \
              bucket and other teams' data; `secretsmanager:GetSecretValue` on `*` reads every \
              secret. Naming the resources limits what a leaked credential can reach.",
        example: r#"resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:PutItem"]
      Resource = "*"
    }]
  })
}"#,
        use_instead: r#"resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:PutItem"]
      Resource = aws_dynamodb_table.orders.arn
    }, {
      Effect   = "Allow"
      Action   = ["cloudwatch:PutMetricData"]
      Resource = "*"
    }]
  })
}"#,
        fix: "None mechanical: which resources the workload uses is a decision for its author. \
              The finding's advice lists the actions to scope.",
        limitations: "Which actions support resource-level permissions comes from a list \
                      kept by hand for the common services (S3, DynamoDB, SQS, SNS, \
                      Lambda, KMS, Secrets Manager, CloudWatch Logs, EC2, IAM, RDS, ECR, \
                      SSM, STS and a few more): an action it does not know is not judged, \
                      and a statement that grants only such actions on `\"*\"` gets an \
                      info note. The network interface actions a Lambda function in a VPC \
                      needs are not judged either: AWS's own policies grant them on \
                      `\"*\"`. `\"*\"` and `service:*` actions are left to \
                      `iam-wildcard-action`. Resource, trust and key policies are not \
                      judged: there `Resource` can only be the resource the policy is \
                      attached to, and a KMS key policy must say `\"*\"`. A resource \
                      whose value the code cannot know gets an info note. A statement \
                      with a condition that names its resources (`iam:AWSServiceName`, \
                      a `ResourceTag/` key) is not reported.",
    },
    run: Run::Configuration(run),
};

/// Condition keys (lower case) that narrow a statement to named resources: the service
/// of a service-linked role, a tag on the resource.
fn pins_resource(key: &str) -> bool {
    key == "iam:awsservicename"
        || key
            .split_once(':')
            .is_some_and(|(_, name)| name.starts_with("resourcetag/"))
}

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    let code = CHECK.code;
    let mut reporter = Reporter::default();
    for policy in config.policies() {
        if policy.context != Context::Identity {
            continue;
        }
        for statement in super::allowing(policy, &CHECK, false, &mut reporter) {
            if statement.not_action.is_some() {
                // Every action but some: reported by `iam-wildcard-action`.
                continue;
            }
            // A condition that names the resource pins it: `iam:AWSServiceName` (the one
            // service-linked role), a resource tag.
            if statement.condition_keys.iter().any(|k| pins_resource(k)) {
                continue;
            }
            // Named actions (`s3:GetObject`, `s3:Get*`) with their service: those that
            // support resource-level permissions, and those the table does not know.
            let mut scoped_actions = Vec::new();
            let mut unknown_actions = Vec::new();
            for text in statement.action.iter().flatten().filter_map(|l| l.text()) {
                if action_scope(text) != ActionScope::Named {
                    continue;
                }
                let service = text.split(':').next().unwrap_or_default();
                match support(text) {
                    ResourceSupport::ResourceLevel => scoped_actions.push((text, service)),
                    ResourceSupport::Unknown => unknown_actions.push((text, service)),
                    ResourceSupport::StarOnly | ResourceSupport::Customary => {}
                }
            }
            if scoped_actions.is_empty() && unknown_actions.is_empty() {
                continue;
            }
            let named = |actions: &[(&str, &str)]| -> Vec<String> {
                actions
                    .iter()
                    .map(|(text, _)| format!("`{text}`"))
                    .collect()
            };
            let scoped = named(&scoped_actions);
            let unknown_actions = named(&unknown_actions);
            let listed = list(&scoped);
            if let Some(leaf) = statement.not_resource.as_ref().and_then(|l| l.first()) {
                if !scoped.is_empty() {
                    reporter.push(
                        policy,
                        CHECK.finding(policy.unit, policy.evidence(leaf), format!(
                                "{} of `{}` allows {listed} on every resource except those in `NotResource`",
                                statement.label(),
                                policy.address()
                            )).with_resource(policy.address()).with_trace(leaf.trace(config)).with_alternatives(vec![advice(&listed)]),
                    );
                }
                continue;
            }
            let resources = statement.resource.as_deref().unwrap_or_default();
            if let Some(leaf) = resources.iter().find(|l| l.text() == Some("*")) {
                if !scoped.is_empty() {
                    let finding = broad(config, policy, statement, leaf, &scoped, "(`*`)");
                    reporter.push(policy, finding);
                } else if !reporter.has_note(policy, code) {
                    reporter.push(
                        policy,
                        CHECK.note(policy.unit, policy.evidence(leaf), format!(
                                "{} of `{}` allows {} on every resource (`*`); the table of resource-level permissions does not know {}: not judged",
                                statement.label(),
                                policy.address(),
                                list(&unknown_actions),
                                if unknown_actions.len() == 1 { "it" } else { "them" }
                            )).with_resource(policy.address()),
                    );
                }
            } else if let Some((leaf, actions)) = resources.iter().find_map(|leaf| {
                let actions: Vec<String> = scoped_actions
                    .iter()
                    .filter(|(_, service)| leaf.every_resource_of(service))
                    .map(|(text, _)| format!("`{text}`"))
                    .collect();
                (!actions.is_empty()).then_some((leaf, actions))
            }) {
                // An ARN whose resource part is a wildcard: every resource of the service.
                let arn = format!("of its service (`{}`)", leaf.display().unwrap_or_default());
                let finding = broad(config, policy, statement, leaf, &actions, &arn);
                reporter.push(policy, finding);
            } else if let Some((leaf, reason)) = resources
                .iter()
                .find_map(|l| l.unknown_reason().map(|r| (l, r)))
                && !reporter.has_note(policy, code)
            {
                reporter.push(
                    policy,
                    CHECK.unknown(policy.unit, policy.evidence(leaf), format!(
                            "cannot tell whether {} of `{}` applies to every resource: {reason}",
                            statement.label(),
                            policy.address()
                        )).with_resource(policy.address()),
                );
            }
        }
    }
    reporter.finish(out);
}

/// The finding for `actions` that support resource-level permissions granted on every
/// resource (`which`: "(`*`)", or "of its service (`arn:aws:logs:*:*:*`)").
fn broad(
    config: &Configuration<'_>,
    policy: &Policy,
    statement: &Statement,
    leaf: &Leaf,
    actions: &[String],
    which: &str,
) -> Finding {
    let listed = list(actions);
    CHECK.finding(policy.unit, policy.evidence(leaf), format!(
            "{} of `{}` allows {listed} on every resource {which}, though {} resource-level permissions",
            statement.label(),
            policy.address(),
            if actions.len() == 1 {
                "it supports"
            } else {
                "they support"
            }
        )).with_resource(policy.address()).with_trace(leaf.trace(config)).with_alternatives(vec![advice(&listed)])
}

/// "`a`, `b` and 3 more".
fn list(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1..=4 => items.join(", "),
        n => format!("{} and {} more", items[..4].join(", "), n - 4),
    }
}

fn advice(actions: &str) -> Advice {
    Advice {
        title: "name the resources these actions need".to_owned(),
        note: format!(
            "give {actions} the ARNs of the resources the workload uses (for example \
             `aws_s3_bucket.data.arn` and `\"${{aws_s3_bucket.data.arn}}/*\"`); keep `\"*\"` \
             only for actions that accept nothing else, in a statement of their own"
        ),
        snippet: None,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_reports, assert_silent};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        super::CHECK.docs.example,
        // ARNs whose resource part is a wildcard: every resource of the service.
        r#"resource "aws_iam_policy" "logs" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["logs:PutLogEvents"], Resource = "arn:aws:logs:*:*:*" }]
  })
}"#,
        r#"resource "aws_iam_policy" "buckets" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = ["arn:aws:s3:::*"] }]
  })
}"#,
        r#"resource "aws_iam_policy" "tables" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["dynamodb:GetItem"], Resource = "arn:aws:dynamodb:*:*:table/*" }]
  })
}"#,
        // A policy document, a partial wildcard that covers resource-level actions.
        r#"data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:Get*"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "read" {
  policy = data.aws_iam_policy_document.read.json
}"#,
        // NotResource with Allow.
        r#"resource "aws_iam_group_policy" "g" {
  group = "g"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", NotResource = "arn:aws:secretsmanager:*:*:secret:admin-*" }]
  })
}"#,
        // Heredoc with the resource in a list.
        r#"resource "aws_iam_role_policy" "r" {
  role   = "r"
  policy = <<EOF
{"Statement": [{"Effect": "Allow", "Action": ["sqs:SendMessage", "cloudwatch:PutMetricData"], "Resource": ["*"]}]}
EOF
}"#,
    ];

    const PASS: &[&str] = &[
        super::CHECK.docs.use_instead,
        // One service-linked role, named by the condition.
        r#"data "aws_iam_policy_document" "lb" {
  statement {
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "iam:AWSServiceName"
      values   = ["elasticloadbalancing.amazonaws.com"]
    }
  }
}"#,
        // An ARN pattern of one environment's topics.
        r#"resource "aws_iam_policy" "topics" {
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["sns:Publish"]
      Resource = "arn:aws:sns:us-east-1:111122223333:*-${var.environment_suffix}"
    }]
  })
}"#,
        // The objects of one bucket, and an ARN wildcard of another service.
        r#"resource "aws_iam_policy" "objects" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::my-bucket/*" },
      { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = "arn:aws:logs:*:*:*" },
    ]
  })
}"#,
        // Actions that accept only "*".
        r#"resource "aws_iam_role_policy" "telemetry" {
  role = "r"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["cloudwatch:PutMetricData", "ec2:Describe*", "xray:PutTraceSegments", "sts:GetCallerIdentity", "logs:DescribeLogGroups"]
      Resource = "*"
    }]
  })
}"#,
        // A key policy must say "*".
        r#"data "aws_iam_policy_document" "key" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/app"]
    }
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]
  }
}
resource "aws_kms_key" "k" {
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}"#,
        // A bucket policy's resource is the bucket.
        r#"resource "aws_s3_bucket_policy" "b" {
  bucket = "b"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/x" }, Action = "s3:GetObject", Resource = "*" }]
  })
}"#,
        // Deny on "*".
        r#"resource "aws_iam_policy" "deny" {
  policy = jsonencode({
    Statement = [{ Effect = "Deny", Action = ["s3:DeleteObject"], Resource = "*" }]
  })
}"#,
        // Scoped through resource attributes and templates.
        r#"resource "aws_iam_policy" "scoped" {
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
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

    #[test]
    fn unknown_actions_on_every_resource_are_a_note() {
        let tf = r#"resource "aws_iam_policy" "p" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "states:StartExecution", Resource = "*" }] })
}"#;
        let graded = crate::grade(
            vec![crate::InputFile::new("main.tf", tf)],
            &Default::default(),
        );
        let notes: Vec<_> = graded.findings.iter().filter(|f| f.code == CODE).collect();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].severity, crate::Severity::Info);
        assert!(!notes[0].unknown);
    }

    #[test]
    fn message_lists_the_scoped_actions() {
        let graded = crate::grade(
            vec![crate::InputFile::new("main.tf", FAIL[6])],
            &Default::default(),
        );
        let report = graded.report();
        let finding = report
            .findings
            .iter()
            .find(|f| f.code == CODE)
            .expect("found");
        assert_eq!(finding.location.line, 4);
        insta::assert_snapshot!(finding.message, @"a statement of `aws_iam_role_policy.r` allows `sqs:SendMessage` on every resource (`*`), though it supports resource-level permissions");
    }
}
