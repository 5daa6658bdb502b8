//! TFG102 `s3-backend-dynamodb-locking-deprecated`.

use super::s3_backend_without_locking::lockfile_fix;
use super::state_policy_without_lock_permissions::{Lock, lock_permission_findings};
use crate::analysis::Analyzed;
use crate::analysis::backend::{S3Lock, backends, init_settings, lockfile_supported, s3_lock};
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Advice, Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG102",
    name: "s3-backend-dynamodb-locking-deprecated",
    family: Family::StateLocking,
    severity: Severity::Low,
    // A deprecation: locking works today, so moving off it is a standard practice (B),
    // not a security or architecture fix (A).
    category: Category::B,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds `backend \"s3\"` blocks that lock only with a DynamoDB table \
               (`dynamodb_table`) when the configuration admits a Terraform with S3-native \
               locking (`use_lockfile`, 1.10 and later).",
        why: "HashiCorp deprecated `dynamodb_table` in Terraform 1.11 in favour of \
              `use_lockfile`, and will remove it in a future release. S3-native locking also \
              needs no table to create before `terraform init`, pay for, encrypt and back up.",
        example: r#"terraform {
  backend "s3" {
    bucket         = "acme-terraform-state"
    key            = "network/terraform.tfstate"
    region         = "us-east-1"
    dynamodb_table = "terraform-locks"
  }
}"#,
        use_instead: r#"terraform {
  backend "s3" {
    bucket         = "acme-terraform-state"
    key            = "network/terraform.tfstate"
    region         = "us-east-1"
    dynamodb_table = "terraform-locks"
    use_lockfile   = true
  }
}"#,
        fix: "Safe: adds `use_lockfile = true` beside `dynamodb_table` (or turns \
              `use_lockfile = false` to `true`): HashiCorp's migration path, in which \
              Terraform takes both locks until every user runs 1.11 or later and \
              `dynamodb_table` can be removed. Withheld (shown as advice) while an IAM policy \
              of the configuration reaches the state but lacks `s3:GetObject`, \
              `s3:PutObject` or `s3:DeleteObject` on the `.tflock` object: runs under it \
              would fail to lock.",
        limitations: "",
    },
    run: Run::Configuration(run),
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    if !lockfile_supported(config) {
        return;
    }
    let policies = config.lock_policies();
    for backend in backends(config).into_iter().filter(|b| b.kind == "s3") {
        for settings in init_settings(config, backend) {
            let S3Lock::Locked {
                lockfile: false,
                table: Some(table),
            } = s3_lock(config, &settings)
            else {
                continue;
            };
            // A policy that reaches the state but not the lock file would fail every run
            // once the lock file is taken: the fix waits for it.
            let lockfile_only = Lock {
                lockfile: true,
                table: None,
                anticipated: false,
            };
            let blocking: Vec<String> =
                lock_permission_findings(config, policies, &settings, &lockfile_only)
                    .into_iter()
                    .filter_map(|f| f.resource.map(|r| format!("`{r}`")))
                    .collect();
            let use_lockfile = settings.get(config, "use_lockfile");
            let mut alternatives = Vec::new();
            let fix = if blocking.is_empty() {
                lockfile_fix(config, &settings, use_lockfile.as_ref(), Some(&table)).map(
                    |mut fix| {
                        fix.note = Some(
                            "Terraform takes both locks until `dynamodb_table` is removed"
                                .to_owned(),
                        );
                        fix
                    },
                )
            } else {
                alternatives.push(Advice {
                    title: "add `use_lockfile = true` once the policies allow the lock file"
                        .to_owned(),
                    note: format!(
                        "{} reach the state but cannot get, put and delete its `.tflock` object: \
                         with `use_lockfile = true` alone, runs under them would fail to lock",
                        blocking.join(", ")
                    ),
                    snippet: None,
                });
                None
            };
            out.push(CHECK.finding(table.unit, table.value_range(), format!(
                    "{} locks with `dynamodb_table = {}`, deprecated since Terraform 1.11 in favour of `use_lockfile = true`",
                    settings.label(),
                    table.value
                )).with_fix(fix).with_alternatives(alternatives));
        }
    }
}

#[cfg(test)]
mod tests {
    const CODE: &str = super::CHECK.code;

    use super::super::testing::{
        assert_reports, assert_silent, codes_of, fixed, fixed_by, fixed_files, grade_files,
    };

    const FAIL: &[&str] = &[
        r#"terraform {
  backend "s3" {
    bucket         = "state"
    key            = "app.tfstate"
    dynamodb_table = "locks"
  }
}"#,
        r#"terraform {
  backend "s3" {
    bucket         = "state"
    dynamodb_table = "locks"
    use_lockfile   = false
  }
}"#,
    ];

    const PASS: &[&str] = &[
        r#"terraform {
  backend "s3" {
    bucket         = "state"
    dynamodb_table = "locks"
    use_lockfile   = true
  }
}"#,
        // Pinned to a Terraform without `use_lockfile`: the table is the only way.
        r#"terraform {
  required_version = ">= 1.3, < 1.10"
  backend "s3" {
    bucket         = "state"
    dynamodb_table = "locks"
  }
}"#,
        r#"terraform {
  backend "s3" {
    bucket = "state"
    key    = "app.tfstate"
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
        for tf in FAIL {
            fixed(tf, CODE);
        }
        assert_eq!(
            fixed_by(FAIL[0], CODE),
            r#"terraform {
  backend "s3" {
    bucket         = "state"
    key            = "app.tfstate"
    dynamodb_table = "locks"
    use_lockfile   = true
  }
}"#
        );
    }

    #[test]
    fn fix_waits_for_policies_that_cannot_take_the_lock_file() {
        let tf = format!(
            "{}\n{}",
            FAIL[0],
            r#"resource "aws_iam_policy" "ci" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "arn:aws:s3:::state/*" },
      { Effect = "Allow", Action = "dynamodb:*", Resource = "*" },
    ]
  })
}"#
        );
        let graded = grade_files(&[("main.tf", &tf)]);
        let finding = graded.findings.iter().find(|f| f.code == CODE).unwrap();
        assert!(finding.fix.is_none());
        assert!(finding.alternatives[0].note.contains("`aws_iam_policy.ci`"));
        // With `s3:*` on the state, the lock file is covered and the fix is offered.
        let tf = tf.replace("[\"s3:GetObject\", \"s3:PutObject\"]", "\"s3:*\"");
        let graded = grade_files(&[("main.tf", &tf)]);
        let finding = graded.findings.iter().find(|f| f.code == CODE).unwrap();
        assert!(finding.fix.is_some());
    }

    #[test]
    fn table_named_in_a_backend_file_is_fixed_there() {
        let files = [
            ("main.tf", "terraform {\n  backend \"s3\" {}\n}\n"),
            (
                "prod.s3.tfbackend",
                "bucket         = \"state\"\ndynamodb_table = \"locks\"\n",
            ),
        ];
        assert!(codes_of(&files).contains(&CODE));
        let after = fixed_files(&files, CODE);
        assert_eq!(
            after[1].1,
            "bucket         = \"state\"\ndynamodb_table = \"locks\"\nuse_lockfile   = true\n"
        );
    }
}
