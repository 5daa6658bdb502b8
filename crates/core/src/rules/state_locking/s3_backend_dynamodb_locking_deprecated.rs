//! TFG102 `s3-backend-dynamodb-locking-deprecated`.

use super::s3_backend_without_locking::lockfile_fix;
use super::{S3Lock, backends, init_settings, lockfile_supported, s3_lock};
use crate::check::{Check, CheckDocs, FixAvailability};
use crate::config::Config;
use crate::finding::{Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG102",
    name: "s3-backend-dynamodb-locking-deprecated",
    family: Family::StateLocking,
    severity: Severity::Low,
    // A deprecation: locking works today, so moving off it is a standard practice (B),
    // not a security or architecture fix (A).
    category: Category::B,
    fix: FixAvailability::Always,
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
              `dynamodb_table` can be removed. The state's IAM policies then also need \
              `s3:GetObject`, `s3:PutObject` and `s3:DeleteObject` on the `.tflock` object.",
    },
    run,
};

const CODE: &str = "TFG102";

fn run(config: &Config<'_>, out: &mut Vec<Finding>) {
    if !lockfile_supported(config) {
        return;
    }
    for backend in backends(config).into_iter().filter(|b| b.kind == "s3") {
        for settings in init_settings(config, backend) {
            let S3Lock::Locked {
                lockfile: false,
                table: Some(table),
            } = s3_lock(config, &settings)
            else {
                continue;
            };
            let use_lockfile = settings.get(config, "use_lockfile");
            let mut fix = lockfile_fix(config, &settings, use_lockfile.as_ref(), Some(&table));
            if let Some(fix) = &mut fix {
                fix.note = Some(
                    "Terraform takes both locks until `dynamodb_table` is removed; the state's \
                     IAM policies need `s3:DeleteObject` on the `.tflock` object too"
                        .to_owned(),
                );
            }
            out.push(Finding {
                code: CODE,
                unit: table.unit,
                range: table.value_range(),
                severity: CHECK.severity,
                resource: None,
                message: format!(
                    "{} locks with `dynamodb_table = {}`, deprecated since Terraform 1.11 in favour of `use_lockfile = true`",
                    settings.label(),
                    table.value
                ),
                trace: Vec::new(),
                unknown: false,
                fix,
                alternatives: Vec::new(),
                suppressed: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_docs, codes, codes_of, fixed, fixed_by, fixed_files};
    use super::*;

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
        for (i, tf) in FAIL.iter().enumerate() {
            assert!(codes(tf).contains(&CODE), "FAIL[{i}] not reported\n{tf}");
        }
    }

    #[test]
    fn passes() {
        for (i, tf) in PASS.iter().enumerate() {
            assert!(!codes(tf).contains(&CODE), "PASS[{i}] reported\n{tf}");
        }
    }

    #[test]
    fn docs_examples() {
        assert_docs(&CHECK);
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
