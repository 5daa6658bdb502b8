//! TFG108 `state-policy-without-lock-permissions`.

use crate::analysis::Analyzed;
use crate::analysis::backend::{
    InitSettings, S3Lock, backends, init_settings, lock_tables, lockfile_supported, s3_lock,
};
use crate::analysis::lock_policy::{LockPolicy, PolicyTarget};
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::Configuration;
use crate::eval::Scope;
use crate::finding::{Advice, Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG108",
    name: "state-policy-without-lock-permissions",
    family: Family::StateLocking,
    severity: Severity::Medium,
    category: Category::A,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds IAM policies that grant write access to the S3 backend's state \
               (`s3:PutObject` on the state object; when the code does \
               not name the bucket, on every bucket, as a bucket the configuration \
               creates cannot be the one its state lives in) but not the lock operations \
               the backend uses: `dynamodb:DescribeTable`, `GetItem`, `PutItem` and \
               `DeleteItem` on the lock table for `dynamodb_table`; `s3:GetObject`, \
               `PutObject` and `DeleteObject` on the `<key>.tflock` object for \
               `use_lockfile`. A backend without a lock is judged with the `use_lockfile \
               = true` that the fix of `s3-backend-without-locking` adds. Policies are \
               read from `aws_iam_policy_document` data sources and from the JSON \
               (`jsonencode` or a string) of `aws_iam_policy`, `aws_iam_role_policy`, \
               `aws_iam_user_policy`, `aws_iam_group_policy` and inline policies of \
               roles.",
        why: "Terraform takes the lock before it reads the state. A role that can read and \
              write the state but not the lock fails every plan and apply with an access \
              error; one that can take the lock file but not delete it leaves the state \
              locked after the first run, until someone forces it open.",
        example: r#"terraform {
  backend "s3" {
    bucket       = "acme-terraform-state"
    key          = "app/terraform.tfstate"
    region       = "us-east-1"
    use_lockfile = true
  }
}

resource "aws_iam_policy" "deployer" {
  name = "terraform-deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "arn:aws:s3:::acme-terraform-state/app/*"
    }]
  })
}"#,
        use_instead: r#"terraform {
  backend "s3" {
    bucket       = "acme-terraform-state"
    key          = "app/terraform.tfstate"
    region       = "us-east-1"
    use_lockfile = true
  }
}

resource "aws_iam_policy" "deployer" {
  name = "terraform-deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
      Resource = "arn:aws:s3:::acme-terraform-state/app/*"
    }]
  })
}"#,
        fix: "None: where the permission belongs depends on the policy's purpose. The \
              finding shows the statement to add.",
        limitations: "Each policy is judged alone: a role that gets state access from one \
                      policy and the lock permissions from another is still reported. \
                      Policies attached by ARN from outside the configuration, such as \
                      AWS managed policies, are not read.",
    },
    run: Run::Configuration(run),
};

const STATE_ACCESS: &[&str] = &["s3:GetObject", "s3:PutObject"];
const LOCKFILE_ACTIONS: &[&str] = &["s3:GetObject", "s3:PutObject", "s3:DeleteObject"];
const TABLE_ACTIONS: &[&str] = &[
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:DeleteItem",
];

/// A lock the backend takes: the actions it needs on what.
struct LockNeed {
    actions: &'static [&'static str],
    target: PolicyTarget,
    /// `s3://state/app.tfstate.tflock`, `the lock table \`locks\``.
    label: String,
    /// The `Resource` to show in the advice.
    arn: String,
}

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    let Some(backend) = backends(config).into_iter().find(|b| b.kind == "s3") else {
        return;
    };
    let policies = config.lock_policies();
    if policies.is_empty() {
        return;
    }
    let supported = lockfile_supported(config);
    for settings in init_settings(config, backend) {
        let (lockfile, table, anticipated) = match s3_lock(config, &settings) {
            S3Lock::Locked { lockfile, table } => (
                lockfile,
                table.and_then(|t| t.known_str().map(str::to_owned)),
                false,
            ),
            S3Lock::Unlocked { .. } if supported => (true, None, true),
            _ => continue,
        };
        let lock = Lock {
            lockfile,
            table: table.as_deref(),
            anticipated,
        };
        for finding in lock_permission_findings(config, policies, &settings, &lock) {
            // Several backend files may give the same finding.
            let seen = out.iter().any(|f| {
                f.code == CHECK.code
                    && f.resource == finding.resource
                    && f.message == finding.message
            });
            if !seen {
                out.push(finding);
            }
        }
    }
}

/// The lock an `init` takes, for which permissions are needed.
pub(super) struct Lock<'t> {
    pub lockfile: bool,
    pub table: Option<&'t str>,
    /// Not taken yet: the `use_lockfile = true` that TFG101's fix adds.
    pub anticipated: bool,
}

/// A finding for each policy that reaches the state of one `init` but cannot take `lock`.
pub(super) fn lock_permission_findings(
    config: &Configuration<'_>,
    policies: &[LockPolicy],
    settings: &InitSettings<'_>,
    lock: &Lock<'_>,
) -> Vec<Finding> {
    let known = |name: &str| {
        settings
            .get(config, name)
            .and_then(|s| s.known_str().map(str::to_owned))
            .filter(|v| !v.is_empty())
    };
    let (bucket, key) = (known("bucket"), known("key"));
    let state = object_target(config, bucket.as_deref(), key.as_deref(), "", false);
    let mut needs = Vec::new();
    if lock.lockfile {
        let target = object_target(config, bucket.as_deref(), key.as_deref(), ".tflock", true);
        needs.push(LockNeed {
            actions: LOCKFILE_ACTIONS,
            label: format!(
                "`{}`",
                object_label(bucket.as_deref(), key.as_deref(), ".tflock")
            ),
            arn: target.arn.clone(),
            target,
        });
    }
    if let Some(table) = lock.table {
        let target = table_target(config, table);
        needs.push(LockNeed {
            actions: TABLE_ACTIONS,
            label: format!("the lock table `{table}`"),
            arn: target.arn.clone(),
            target,
        });
    }
    let mut out = Vec::new();
    for policy in policies {
        // A policy that cannot write the state does not run Terraform (a read-only or
        // an application role on every bucket).
        if policy.allows("s3:PutObject", &state).is_none() {
            continue;
        }
        let Some((granted, range)) = STATE_ACCESS
            .iter()
            .find_map(|action| policy.allows(action, &state).map(|r| (*action, r)))
        else {
            continue;
        };
        let missing: Vec<(&LockNeed, Vec<&str>)> = needs
            .iter()
            .map(|need| {
                let actions = need
                    .actions
                    .iter()
                    .copied()
                    .filter(|a| policy.allows(a, &need.target).is_none())
                    .collect::<Vec<_>>();
                (need, actions)
            })
            .filter(|(_, actions)| !actions.is_empty())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let lacks: Vec<String> = missing
            .iter()
            .map(|(need, actions)| {
                let actions: Vec<String> = actions.iter().map(|a| format!("`{a}`")).collect();
                format!("{} on {}", actions.join(", "), need.label)
            })
            .collect();
        let message = format!(
            "`{}` grants `{granted}` on the state ({}) but not {}: Terraform running with it cannot take or release the state lock{}",
            policy.address,
            state_label(bucket.as_deref(), key.as_deref()),
            lacks.join(", nor "),
            if lock.anticipated {
                " once `use_lockfile = true` locks the backend"
            } else {
                ""
            }
        );
        out.push(
            CHECK
                .finding(
                    policy.unit,
                    range.unwrap_or_else(|| policy.range.clone()),
                    message,
                )
                .with_resource(policy.address.clone())
                .with_alternatives(vec![advice(policy, &missing)]),
        );
    }
    out
}

/// The state object (or its lock file), as a policy must name it.
fn object_target(
    config: &Configuration<'_>,
    bucket: Option<&str>,
    key: Option<&str>,
    suffix: &str,
    unknown_counts: bool,
) -> PolicyTarget {
    let arn = match (bucket, key) {
        (Some(bucket), Some(key)) => format!("arn:aws:s3:::{bucket}/{key}{suffix}"),
        (Some(bucket), None) => format!("arn:aws:s3:::{bucket}/*"),
        (None, _) => "arn:aws:s3:::*".to_owned(),
    };
    // Buckets of the configuration whose ARNs are known only after apply: the state bucket
    // when its name is the backend's. When the backend's name is not in the code, none: the
    // state bucket exists before `init`, so a bucket this configuration creates is another
    // (an application's uploads, its logs).
    let resources = config
        .resources_of("aws_s3_bucket")
        .filter(|r| match bucket {
            None => false,
            Some(bucket) => r.block.body.get_attribute("bucket").is_some_and(|a| {
                config.eval(r.unit, &a.value, &Scope::new()).as_str() == Some(bucket)
            }),
        })
        .map(|r| r.address())
        .collect();
    PolicyTarget {
        arn,
        resources,
        unknown_counts,
    }
}

fn table_target(config: &Configuration<'_>, name: &str) -> PolicyTarget {
    let mut resources: Vec<String> = lock_tables(config)
        .iter()
        .map(|t| t.resource.address())
        .collect();
    resources.dedup();
    PolicyTarget {
        arn: format!("arn:aws:dynamodb:*:*:table/{name}"),
        resources,
        unknown_counts: true,
    }
}

fn object_label(bucket: Option<&str>, key: Option<&str>, suffix: &str) -> String {
    match (bucket, key) {
        (Some(bucket), Some(key)) => format!("s3://{bucket}/{key}{suffix}"),
        (Some(bucket), None) => format!("s3://{bucket}/<key>{suffix}"),
        (None, Some(key)) => format!("s3://<bucket>/{key}{suffix}"),
        (None, None) => format!("<key>{suffix}"),
    }
}

fn state_label(bucket: Option<&str>, key: Option<&str>) -> String {
    match bucket {
        Some(_) => format!("`{}`", object_label(bucket, key, "")),
        None => "any S3 object, as the code does not name the state bucket".to_owned(),
    }
}

/// The statements to add, in the policy's own syntax.
fn advice(policy: &LockPolicy, missing: &[(&LockNeed, Vec<&str>)]) -> Advice {
    let document = policy.address.starts_with("data.");
    let statements: Vec<String> = missing
        .iter()
        .map(|(need, _)| {
            let actions: Vec<String> = need.actions.iter().map(|a| format!("\"{a}\"")).collect();
            if document {
                format!(
                    "statement {{\n  actions   = [{}]\n  resources = [\"{}\"]\n}}",
                    actions.join(", "),
                    need.arn
                )
            } else {
                format!(
                    "{{\n  Effect   = \"Allow\"\n  Action   = [{}]\n  Resource = \"{}\"\n}}",
                    actions.join(", "),
                    need.arn
                )
            }
        })
        .collect();
    Advice {
        title: format!("allow the lock operations in `{}`", policy.address),
        note: "add to the policy (account and region may replace the `*` in a table ARN)"
            .to_owned(),
        snippet: Some(statements.join(if document { "\n\n" } else { ",\n" })),
    }
}

#[cfg(test)]
mod tests {
    const CODE: &str = super::CHECK.code;

    use super::super::testing::{assert_reports, codes, grade_files};

    const LOCKFILE_BACKEND: &str = r#"terraform {
  backend "s3" {
    bucket       = "state"
    key          = "app.tfstate"
    use_lockfile = true
  }
}
"#;

    const TABLE_BACKEND: &str = r#"terraform {
  backend "s3" {
    bucket         = "state"
    key            = "app.tfstate"
    dynamodb_table = "locks"
  }
}
"#;

    fn with(backend: &str, policy: &str) -> String {
        format!("{backend}\n{policy}")
    }

    const JSON_STATE_ONLY: &str = r#"resource "aws_iam_policy" "ci" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "arn:aws:s3:::state/*"
    }]
  })
}"#;

    const DOCUMENT_STATE_AND_TABLE: &str = r#"data "aws_iam_policy_document" "ci" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["arn:aws:s3:::state/*"]
  }
  statement {
    actions   = ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"]
    resources = ["arn:aws:dynamodb:us-east-1:123456789012:table/locks"]
  }
}"#;

    #[test]
    fn fails() {
        let fail = [
            with(LOCKFILE_BACKEND, JSON_STATE_ONLY),
            with(TABLE_BACKEND, JSON_STATE_ONLY),
            // A heredoc JSON policy, with `s3:*` on the state.
            with(
                TABLE_BACKEND,
                r#"resource "aws_iam_role_policy" "ci" {
  role   = "ci"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::state", "arn:aws:s3:::state/*"]},
    {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"], "Resource": "*"}
  ]
}
EOF
}"#,
            ),
            // The state bucket is a resource of the configuration, referred to.
            with(
                LOCKFILE_BACKEND,
                r#"resource "aws_s3_bucket" "state" {
  bucket = "state"
}
data "aws_iam_policy_document" "ci" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${aws_s3_bucket.state.arn}/*"]
  }
}"#,
            ),
            // The bucket is given at `init`, and the policy reaches every bucket.
            with(
                "terraform {\n  backend \"s3\" {\n    use_lockfile = true\n  }\n}\n",
                &JSON_STATE_ONLY.replace("arn:aws:s3:::state/*", "arn:aws:s3:::*"),
            ),
            // No lock at all: judged with the `use_lockfile` that TFG101 adds.
            with(
                "terraform {\n  backend \"s3\" {\n    bucket = \"state\"\n    key    = \"app.tfstate\"\n  }\n}\n",
                JSON_STATE_ONLY,
            ),
        ];
        let fail: Vec<&str> = fail.iter().map(String::as_str).collect();
        assert_reports(CODE, &fail);
    }

    #[test]
    fn passes() {
        let pass = [
            with(TABLE_BACKEND, DOCUMENT_STATE_AND_TABLE),
            with(LOCKFILE_BACKEND, DOCUMENT_STATE_AND_TABLE),
            // A read-only role on every bucket does not run Terraform.
            with(
                "terraform {\n  backend \"s3\" {\n    use_lockfile = true\n  }\n}\n",
                &JSON_STATE_ONLY
                    .replace("arn:aws:s3:::state/*", "*")
                    .replace(
                        "[\"s3:GetObject\", \"s3:PutObject\"]",
                        "[\"s3:GetObject\", \"s3:ListBucket\"]",
                    ),
            ),
            // Access to another bucket is not state access.
            with(
                LOCKFILE_BACKEND,
                &JSON_STATE_ONLY.replace("arn:aws:s3:::state/*", "arn:aws:s3:::assets/*"),
            ),
            // Wildcards cover the lock operations.
            with(
                TABLE_BACKEND,
                r#"resource "aws_iam_policy" "admin" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "s3:*", Resource = "*" },
      { Effect = "Allow", Action = "dynamodb:*", Resource = aws_dynamodb_table.locks.arn },
    ]
  })
}
resource "aws_dynamodb_table" "locks" {
  name     = "locks"
  hash_key = "LockID"
  attribute {
    name = "LockID"
    type = "S"
  }
}"#,
            ),
            // Locking unknown (empty partial backend): nothing to require.
            with("terraform {\n  backend \"s3\" {}\n}\n", JSON_STATE_ONLY),
            // Deny statements grant nothing.
            with(
                LOCKFILE_BACKEND,
                &JSON_STATE_ONLY.replace("\"Allow\"", "\"Deny\""),
            ),
            // The bucket is given at `init`: a bucket this configuration creates is not it.
            with(
                "terraform {\n  backend \"s3\" {\n    use_lockfile = true\n  }\n}\n",
                r#"resource "aws_s3_bucket" "uploads" {
  bucket_prefix = "uploads-"
}
resource "aws_iam_role_policy" "thumbnailer" {
  role = "thumbnailer"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "${aws_s3_bucket.uploads.arn}/*"
    }]
  })
}"#,
            ),
        ];
        for (i, tf) in pass.iter().enumerate() {
            assert!(!codes(tf).contains(&CODE), "pass[{i}] reported\n{tf}");
        }
    }

    #[test]
    fn message_names_what_is_missing_and_points_at_the_action() {
        let tf = with(LOCKFILE_BACKEND, JSON_STATE_ONLY);
        let graded = grade_files(&[("main.tf", &tf)]);
        let finding = graded.findings.iter().find(|f| f.code == CODE).unwrap();
        assert_eq!(
            finding.message,
            "`aws_iam_policy.ci` grants `s3:GetObject` on the state (`s3://state/app.tfstate`) but not `s3:DeleteObject` on `s3://state/app.tfstate.tflock`: Terraform running with it cannot take or release the state lock"
        );
        assert_eq!(&tf[finding.range.clone()], "\"s3:GetObject\"");
        assert_eq!(finding.resource.as_deref(), Some("aws_iam_policy.ci"));
        insta::assert_snapshot!(finding.alternatives[0].snippet.clone().unwrap_or_default());
    }
}
