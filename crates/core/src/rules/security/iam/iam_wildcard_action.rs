//! TFG603 `iam-wildcard-action`.

use hcl_edit::Span;
use hcl_edit::expr::Expression;

use super::{ActionScope, Reporter, action_scope};
use crate::analysis::Analyzed;
use crate::analysis::iam::policy::{self, Context, Statement};
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::Configuration;
use crate::finding::{Advice, Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG603",
    name: "iam-wildcard-action",
    family: Family::Security,
    severity: Severity::High,
    category: Category::A,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds `Allow` statements of IAM policies that grant every action \
               (`\"*\"`), every action of a service (`\"s3:*\"`), or every action but \
               some (`NotAction`). Policies are read in every form: `jsonencode`, heredoc \
               or string JSON, `aws_iam_policy_document` data sources (`dynamic` \
               statements too), through locals, in identity policies (`aws_iam_policy`, \
               role, user and group policies, a role's `inline_policy`), trust policies \
               and resource policies (S3, SQS, SNS, ECR, Secrets Manager, KMS). In an \
               identity policy, `\"*\"` or `NotAction` on every resource is critical; \
               otherwise they are high, as are `iam:*`, `sts:*` and `organizations:*`; \
               another `service:*` is high on every resource and medium on named ones. \
               Attaching a broad AWS managed policy is the same grant and is reported on \
               its ARN: `AdministratorAccess`, `PowerUserAccess`, `IAMFullAccess`, \
               `SecretsManagerReadWrite` and the full-access policies of S3, DynamoDB, \
               SQS, SNS, Lambda, EC2, RDS, SSM and CloudWatch Logs.",
        why: "A wildcard action grants what nobody reviewed: `\"*\"` makes the holder an \
              administrator, `s3:*` includes deleting buckets and rewriting their policies, and \
              `iam:*` lets the holder grant itself anything. Least privilege means naming the \
              actions the workload calls.",
        example: r#"resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
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
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "${aws_s3_bucket.data.arn}/*"
    }]
  })
}"#,
        fix: "None mechanical: which actions the workload needs is a decision for its author. \
              The finding's advice names what to list instead.",
        limitations: "`Deny` statements grant nothing and are not judged, nor are VPC \
                      endpoint policies, which only limit what passes through the endpoint. In a KMS key \
                      policy, `kms:*` for the account root is AWS's default key policy \
                      and is not reported. Other AWS managed policies are not recognised, \
                      however broad. A policy that cannot be read (from `file()`, a \
                      variable without a default) or an action whose value the code \
                      cannot know gets an info note.",
    },
    run: Run::Configuration(run),
};

/// Services whose every action lets the holder raise its own privileges.
const ESCALATING_SERVICES: &[&str] = &["iam", "sts", "organizations"];

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
            policy.context != Context::Trust,
            &mut reporter,
        ) {
            let every_resource =
                statement.on_every_resource() && policy.context == Context::Identity;
            let on = if every_resource {
                " on every resource"
            } else {
                ""
            };
            if let Some(leaf) = statement.not_action.as_ref().and_then(|l| l.first()) {
                let severity = if every_resource {
                    Severity::Critical
                } else {
                    Severity::High
                };
                let listed =
                    super::describe_leaves(statement.not_action.as_deref().unwrap_or_default());
                reporter.push(
                    policy,
                    CHECK.finding(policy.unit, policy.evidence(leaf), format!(
                            "{} of `{}` allows every action except those in `NotAction` ({listed}){on}",
                            statement.label(),
                            policy.address()
                        )).with_severity(severity).with_resource(policy.address()).with_trace(leaf.trace(config)).with_alternatives(vec![advice("`NotAction`")]),
                );
            }
            for leaf in statement.action.iter().flatten() {
                let Some(text) = leaf.text() else {
                    if let Some(reason) = leaf.unknown_reason()
                        && !reporter.has_note(policy, code)
                    {
                        reporter.push(
                            policy,
                            CHECK
                                .unknown(
                                    policy.unit,
                                    policy.evidence(leaf),
                                    format!(
                                        "cannot tell which actions {} of `{}` allows: {reason}",
                                        statement.label(),
                                        policy.address()
                                    ),
                                )
                                .with_resource(policy.address()),
                        );
                    }
                    continue;
                };
                let (severity, what) = match action_scope(text) {
                    ActionScope::Named => continue,
                    ActionScope::Everything => (
                        if every_resource {
                            Severity::Critical
                        } else {
                            Severity::High
                        },
                        format!("every action (`{text}`)"),
                    ),
                    ActionScope::Service(service) => {
                        if is_default_key_policy(policy.context, &service, statement) {
                            continue;
                        }
                        let severity =
                            if every_resource || ESCALATING_SERVICES.contains(&service.as_str()) {
                                Severity::High
                            } else {
                                Severity::Medium
                            };
                        (severity, format!("every `{service}` action (`{text}`)"))
                    }
                };
                reporter.push(
                    policy,
                    CHECK
                        .finding(
                            policy.unit,
                            policy.evidence(leaf),
                            format!(
                                "{} of `{}` allows {what}{on}",
                                statement.label(),
                                policy.address()
                            ),
                        )
                        .with_severity(severity)
                        .with_resource(policy.address())
                        .with_trace(leaf.trace(config))
                        .with_alternatives(vec![advice(&format!("`{text}`"))]),
                );
            }
        }
    }
    reporter.finish(out);
    managed_policies(config, out);
}

/// AWS managed policies that grant every action, or every action of a service, on every
/// resource, with what they grant.
const BROAD_MANAGED_POLICIES: &[(&str, &str, Severity)] = &[
    (
        "AdministratorAccess",
        "every action (`*`)",
        Severity::Critical,
    ),
    (
        "PowerUserAccess",
        "every action but those of IAM, Organizations and Account (`NotAction`)",
        Severity::Critical,
    ),
    (
        "IAMFullAccess",
        "every `iam` action (`iam:*`)",
        Severity::High,
    ),
    (
        "AmazonS3FullAccess",
        "every `s3` action (`s3:*`)",
        Severity::High,
    ),
    (
        "AmazonDynamoDBFullAccess",
        "every `dynamodb` action (`dynamodb:*`)",
        Severity::High,
    ),
    (
        "AmazonSQSFullAccess",
        "every `sqs` action (`sqs:*`)",
        Severity::High,
    ),
    (
        "AmazonSNSFullAccess",
        "every `sns` action (`sns:*`)",
        Severity::High,
    ),
    (
        "AWSLambda_FullAccess",
        "every `lambda` action (`lambda:*`)",
        Severity::High,
    ),
    (
        "AmazonEC2FullAccess",
        "every `ec2` action (`ec2:*`)",
        Severity::High,
    ),
    (
        "AmazonRDSFullAccess",
        "every `rds` action (`rds:*`)",
        Severity::High,
    ),
    (
        "AmazonSSMFullAccess",
        "every `ssm` action (`ssm:*`)",
        Severity::High,
    ),
    (
        "SecretsManagerReadWrite",
        "every `secretsmanager` action (`secretsmanager:*`)",
        Severity::High,
    ),
    (
        "CloudWatchLogsFullAccess",
        "every `logs` action (`logs:*`)",
        Severity::High,
    ),
];

/// Attachments of the broad AWS managed policies: the same grant as writing the wildcard.
fn managed_policies(config: &Configuration<'_>, out: &mut Vec<Finding>) {
    for resource in &config.resources {
        let attribute = match resource.kind {
            "aws_iam_role_policy_attachment"
            | "aws_iam_user_policy_attachment"
            | "aws_iam_group_policy_attachment"
            | "aws_iam_policy_attachment" => "policy_arn",
            "aws_iam_role" => "managed_policy_arns",
            _ => continue,
        };
        let Some(attr) = resource.block.body.get_attribute(attribute) else {
            continue;
        };
        let exprs: Vec<&Expression> = match &attr.value {
            Expression::Array(array) => array.iter().collect(),
            other => vec![other],
        };
        let address = resource.address();
        let mut reported: Vec<std::ops::Range<usize>> = Vec::new();
        for instance in config.instances(resource.unit, resource.block) {
            for expr in &exprs {
                let value = config.eval(resource.unit, expr, &instance.scope);
                let arn = match value.as_str() {
                    Some(text) => text.to_owned(),
                    None => policy::template_literals(expr),
                };
                let Some(&(name, what, severity)) = BROAD_MANAGED_POLICIES
                    .iter()
                    .find(|(name, _, _)| arn.ends_with(&format!(":iam::aws:policy/{name}")))
                else {
                    continue;
                };
                let range = expr.span().unwrap_or(0..0);
                if reported.contains(&range) {
                    continue;
                }
                reported.push(range.clone());
                out.push(CHECK.finding(resource.unit, range, format!(
                        "`{address}` attaches the AWS managed policy `{name}`, which allows {what} on every resource"
                    )).with_severity(severity).with_resource(address.clone()).with_alternatives(vec![advice(&format!("`{name}`"))]));
            }
        }
    }
}

/// `kms:*` for the account root in a key policy: AWS's default key policy, which lets IAM
/// policies of the account govern the key.
fn is_default_key_policy(context: Context, service: &str, statement: &Statement) -> bool {
    context == Context::KeyPolicy && service == "kms" && super::only_account_roots(statement)
}

fn advice(what: &str) -> Advice {
    Advice {
        title: format!("replace {what} with the actions the workload calls"),
        note: "list each action the code needs (for example `s3:GetObject` and `s3:PutObject`); \
               IAM Access Analyzer can generate such a policy from CloudTrail activity"
            .to_owned(),
        snippet: None,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_reports, assert_silent};

    const CODE: &str = super::CHECK.code;

    fn severities(tf: &str) -> Vec<crate::Severity> {
        crate::grade(
            vec![crate::InputFile::new("main.tf", tf)],
            &Default::default(),
        )
        .findings
        .iter()
        .filter(|f| f.code == CODE)
        .map(|f| f.severity)
        .collect()
    }

    const FAIL: &[&str] = &[
        super::CHECK.docs.example,
        // Heredoc JSON, a single statement object, a list of actions.
        r#"resource "aws_iam_policy" "p" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": ["s3:GetObject", "s3:*"],
    "Resource": "arn:aws:s3:::data/*"
  }
}
EOF
}"#,
        // A policy document data source, through a local.
        r#"data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["dynamodb:*"]
    resources = ["*"]
  }
}
locals {
  policy = data.aws_iam_policy_document.p.json
}
resource "aws_iam_policy" "p" {
  policy = local.policy
}"#,
        // NotAction with Allow.
        r#"resource "aws_iam_user_policy" "u" {
  user = "u"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", NotAction = ["iam:*"], Resource = "*" }]
  })
}"#,
        // An inline policy of a role, and a dynamic statement.
        r#"resource "aws_iam_role" "r" {
  assume_role_policy = "{}"
  inline_policy {
    name   = "all"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
  }
}"#,
        r#"locals {
  grants = { logs = "logs:*" }
}
data "aws_iam_policy_document" "d" {
  dynamic "statement" {
    for_each = local.grants
    content {
      actions   = [statement.value]
      resources = ["arn:aws:logs:*:*:*"]
    }
  }
}"#,
        // A bucket policy granting s3:* to a role.
        r#"resource "aws_s3_bucket_policy" "b" {
  bucket = "b"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/app" }
      Action    = "s3:*"
      Resource  = "arn:aws:s3:::b/*"
    }]
  })
}"#,
    ];

    const PASS: &[&str] = &[
        super::CHECK.docs.use_instead,
        // Deny grants nothing, NotAction included.
        r#"resource "aws_iam_policy" "guard" {
  policy = jsonencode({
    Statement = [
      { Effect = "Deny", Action = "*", Resource = "*", Condition = { Bool = { "aws:SecureTransport" = "false" } } },
      { Effect = "Deny", NotAction = ["iam:*"], Resource = "*" },
    ]
  })
}"#,
        // AWS's default key policy.
        r#"data "aws_caller_identity" "current" {}
resource "aws_kms_key" "k" {
  enable_key_rotation = true
  policy = jsonencode({
    Statement = [{
      Sid       = "EnableIAMUserPermissions"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}"#,
        // Partial wildcards are scoped enough for this check.
        r#"resource "aws_iam_policy" "read" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:Get*", "s3:List*"], Resource = "arn:aws:s3:::b/*" }]
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
    fn severity_follows_the_scope() {
        use crate::Severity::*;
        assert_eq!(severities(FAIL[0]), [Critical]);
        assert_eq!(severities(FAIL[1]), [Medium]);
        assert_eq!(severities(FAIL[2]), [High]);
        assert_eq!(severities(FAIL[3]), [Critical]);
        assert_eq!(severities(FAIL[6]), [Medium]);
    }

    #[test]
    fn evidence_is_the_wildcard_in_a_heredoc() {
        let graded = crate::grade(
            vec![crate::InputFile::new("main.tf", FAIL[1])],
            &Default::default(),
        );
        let report = graded.report();
        let finding = report
            .findings
            .iter()
            .find(|f| f.code == super::CHECK.code)
            .expect("a wildcard action");
        assert_eq!((finding.location.line, finding.location.column), (7, 32));
        assert_eq!(
            finding.location.end - finding.location.start,
            "\"s3:*\"".len()
        );
        insta::assert_snapshot!(finding.message, @"a statement of `aws_iam_policy.p` allows every `s3` action (`s3:*`)");
    }

    #[test]
    fn broad_managed_policies_are_reported_on_their_arn() {
        use crate::Severity::*;
        let tf = r#"data "aws_partition" "current" {}
resource "aws_iam_role_policy_attachment" "admin" {
  role       = "ops"
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_user_policy_attachment" "s3" {
  user       = "ci"
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonS3FullAccess"
}
resource "aws_iam_role" "app" {
  assume_role_policy  = "{}"
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/PowerUserAccess"]
}
resource "aws_iam_role_policy_attachment" "basic" {
  role       = "app"
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}"#;
        assert_eq!(severities(tf), [Critical, High, Critical]);
    }

    #[test]
    fn a_policy_read_from_a_file_is_a_note() {
        let tf = r#"resource "aws_iam_policy" "p" {
  policy = file("${path.module}/policy.json")
}"#;
        let graded = crate::grade(
            vec![crate::InputFile::new("main.tf", tf)],
            &Default::default(),
        );
        let notes: Vec<_> = graded.findings.iter().filter(|f| f.unknown).collect();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].code, CODE);
        assert!(
            notes[0].message.contains("reads the disk"),
            "{}",
            notes[0].message
        );
    }

    /// A plain heredoc whose text is partly known: the finding points at the wildcard in
    /// its text, the note at the interpolation that cannot be known.
    const INTERPOLATED_HEREDOC: &str = r#"resource "aws_iam_role_policy" "p" {
  role   = "app"
  policy = <<EOF
{
  "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "${aws_s3_bucket.data.arn}"},
    {"Effect": "Allow", "Action": ${jsonencode(var.actions)}, "Resource": "*"}
  ]
}
EOF
}
variable "actions" {
  type = list(string)
}"#;

    #[test]
    fn an_interpolated_heredoc_is_read_around_what_cannot_be_known() {
        let graded = crate::grade(
            vec![crate::InputFile::new("main.tf", INTERPOLATED_HEREDOC)],
            &Default::default(),
        );
        let report = graded.report();
        let found: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code == CODE)
            .map(|f| {
                let text = &INTERPOLATED_HEREDOC[f.location.start..f.location.end];
                (f.severity, f.location.line, text, f.unknown)
            })
            .collect();
        assert_eq!(
            found,
            [
                (crate::Severity::High, 6, "\"*\"", false),
                (crate::Severity::Info, 7, "${jsonencode(var.actions)}", true),
            ]
        );
        let note = report
            .findings
            .iter()
            .find(|f| f.code == CODE && f.unknown)
            .expect("a note");
        assert!(note.message.contains("`var.actions`"), "{}", note.message);
    }

    #[test]
    fn an_indented_heredoc_with_interpolations_is_read_once_dedented() {
        // Its indent is stripped by the parser; stripping it again broke the JSON.
        let tf = r#"resource "aws_iam_role_policy" "p" {
  role   = "app"
  policy = <<-EOF
    {
      "Statement": [{
        "Effect": "Allow",
        "Action": ${jsonencode(var.actions)},
        "Resource": "${var.resource}"
      }]
    }
  EOF
}
variable "actions" {
  default = ["s3:*"]
}
variable "resource" {
  default = "*"
}"#;
        assert_eq!(severities(tf), [crate::Severity::High]);
    }
}
