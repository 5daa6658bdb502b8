//! TFG101 `s3-backend-without-locking`.

use super::dynamodb_lock_table_advice;
use crate::analysis::Analyzed;
use crate::analysis::backend::{
    Backend, BackendSetting, InitSettings, S3Lock, backends, init_settings, lockfile_supported,
    s3_lock,
};
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::Configuration;
use crate::edit::{add_attributes, braces, header_range};
use crate::finding::{Advice, Applicability, Category, Edit, Family, Finding, Fix, Severity};
use crate::paths::file_name;

pub static CHECK: Check = Check {
    code: "TFG101",
    name: "s3-backend-without-locking",
    family: Family::StateLocking,
    severity: Severity::High,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds `backend \"s3\"` blocks that lock the state neither with S3 lock \
               files (`use_lockfile = true`) nor with a DynamoDB table \
               (`dynamodb_table`). `use_lockfile = false` and an empty `dynamodb_table` \
               count as no lock. When a backend configuration file (`*.s3.tfbackend` or \
               `*.tfbackend`) sits beside the block, each file is judged together with \
               the block.",
        why: "Without a lock, two `terraform apply` runs at once (two engineers, or CI beside a \
              laptop) both read the same state, both write it back, and the later write drops \
              the other's resources from the state: they keep running, unmanaged, and the \
              next apply may try to create them again.",
        example: r#"terraform {
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "network/terraform.tfstate"
    region = "us-east-1"
  }
}"#,
        use_instead: r#"terraform {
  backend "s3" {
    bucket       = "acme-terraform-state"
    key          = "network/terraform.tfstate"
    region       = "us-east-1"
    use_lockfile = true
  }
}"#,
        fix: "Safe: adds `use_lockfile = true` to the backend block (or to the backend \
              configuration file that lacks it, or turns `use_lockfile = false` to `true`), \
              indented and aligned like its neighbours. S3-native locking needs Terraform 1.10 \
              or later, `terraform init -reconfigure`, and `s3:GetObject`, `s3:PutObject` and \
              `s3:DeleteObject` on the `.tflock` object beside the state. No fix when \
              `required_version` rules out Terraform 1.10. A DynamoDB lock table is shown as \
              a display-only alternative.",
        limitations: "Settings given at `terraform init` (`-backend-config`) are not in \
                      the code. A partial configuration that names its bucket but no lock \
                      setting is still reported, though `terraform init` could add one; \
                      one without `bucket` and without a lock setting (empty, or with only \
                      `region`, `key` or `encrypt`) gets an info note instead, since the \
                      bucket and the lock both come from there. A lock setting \
                      whose value the code cannot know also gets an info note.",
    },
    run: Run::Configuration(run),
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    for backend in backends(config).into_iter().filter(|b| b.kind == "s3") {
        for settings in init_settings(config, backend) {
            match s3_lock(config, &settings) {
                S3Lock::Locked { .. } => {}
                S3Lock::NotInCode { empty } => out.push(not_in_code(backend, empty)),
                S3Lock::Unknown(setting, reason) => out.push(CHECK.unknown(
                    setting.unit,
                    setting.value_range(),
                    format!(
                        "cannot tell whether {} locks the state: {reason}",
                        settings.label()
                    ),
                )),
                S3Lock::Unlocked {
                    use_lockfile,
                    dynamodb_table,
                } => out.push(unlocked(config, &settings, use_lockfile, dynamodb_table)),
            }
        }
    }
}

fn not_in_code(backend: Backend<'_>, empty: bool) -> Finding {
    let partial = if empty {
        "is an empty partial configuration"
    } else {
        "gives no `bucket` and no lock setting, so it is a partial configuration"
    };
    let mut note = CHECK.unknown(
        backend.unit,
        header_range(backend.block),
        format!(
            "{} {partial}: whether it locks the state depends on the settings given at \
             `terraform init` (`-backend-config`), which the code does not show",
            backend.label()
        ),
    );
    note.alternatives.push(Advice {
        title: "lock in the code".to_owned(),
        note: "add `use_lockfile = true` to the block, or to the backend configuration file \
               given to `terraform init`"
            .to_owned(),
        snippet: Some(
            "terraform {\n  backend \"s3\" {\n    use_lockfile = true\n  }\n}".to_owned(),
        ),
    });
    note
}

fn unlocked<'a>(
    config: &Configuration<'a>,
    settings: &InitSettings<'a>,
    use_lockfile: Option<BackendSetting<'a>>,
    dynamodb_table: Option<BackendSetting<'a>>,
) -> Finding {
    let label = settings.label();
    let backend = settings.backend;
    let (unit, range, what) = if let Some(s) = &use_lockfile {
        (
            s.unit,
            s.value_range(),
            format!(
                "{label} turns locking off with `use_lockfile = false` and has no `dynamodb_table`"
            ),
        )
    } else if let Some(s) = &dynamodb_table {
        (
            s.unit,
            s.value_range(),
            format!("{label} has an empty `dynamodb_table` and no `use_lockfile = true`"),
        )
    } else if let Some(file) = settings.file {
        let first = file.body.attributes().next().and_then(hcl_edit::Span::span);
        (
            file.unit,
            first.unwrap_or(0..0),
            format!("{label} sets neither `use_lockfile = true` nor `dynamodb_table`"),
        )
    } else {
        (
            backend.unit,
            header_range(backend.block),
            format!("{label} sets neither `use_lockfile = true` nor `dynamodb_table`"),
        )
    };
    let partial = settings.file.is_none() && settings.is_partial(config, &["bucket", "key"]);
    let supported = lockfile_supported(config);
    let message = format!(
        "{what}: concurrent applies can corrupt the state{}{}",
        if partial {
            " (a partial configuration: unless `-backend-config` adds a lock setting at `terraform init`, which the code does not show)"
        } else {
            ""
        },
        if supported {
            ""
        } else {
            "; `required_version` rules out Terraform 1.10, which `use_lockfile` needs"
        }
    );
    let fix = if supported {
        lockfile_fix(
            config,
            settings,
            use_lockfile.as_ref(),
            dynamodb_table.as_ref(),
        )
    } else {
        None
    };
    CHECK
        .finding(unit, range, message)
        .with_fix(fix)
        .with_alternatives(vec![dynamodb_lock_table_advice()])
}

/// `use_lockfile = true`: the `false` turned to `true`, else a line added where the other
/// settings of this `init` are written.
pub(super) fn lockfile_fix<'a>(
    config: &Configuration<'a>,
    settings: &InitSettings<'a>,
    use_lockfile: Option<&BackendSetting<'a>>,
    dynamodb_table: Option<&BackendSetting<'a>>,
) -> Option<Fix> {
    if let Some(s) = use_lockfile {
        return Some(Fix {
            title: "set `use_lockfile = true`".to_owned(),
            applicability: Applicability::Safe,
            note: None,
            edits: vec![Edit::replace(s.unit, s.value_range(), "true")],
        });
    }
    // Beside the table name when there is one, else in the file, else in the block.
    let in_file = match dynamodb_table {
        Some(s) => s.file.is_some(),
        None => settings.file.is_some(),
    };
    let (unit, body, braces, place) = match (in_file, settings.file) {
        (true, Some(file)) => (
            file.unit,
            file.body,
            None,
            format!("`{}`", file_name(file.name)),
        ),
        _ => {
            let backend = settings.backend;
            let text = config.text(backend.unit);
            (
                backend.unit,
                &backend.block.body,
                Some(braces(text, backend.block)?),
                backend.label(),
            )
        }
    };
    let edits = add_attributes(
        config.text(unit),
        unit,
        body,
        braces,
        &[("use_lockfile", "true")],
        &[],
    )?;
    Some(Fix {
        title: format!("add `use_lockfile = true` to {place}"),
        applicability: Applicability::Safe,
        note: None,
        edits,
    })
}

#[cfg(test)]
mod tests {
    const CODE: &str = super::CHECK.code;

    use super::super::testing::{
        assert_reports, assert_silent, codes, codes_of, fixed, fixed_by, fixed_files, grade_files,
        notes, notes_of,
    };
    use super::*;

    /// Each snippet has an S3 backend that does not lock.
    const FAIL: &[&str] = &[
        r#"terraform {
  backend "s3" {
    bucket = "state"
    key    = "app.tfstate"
    region = "us-east-1"
  }
}"#,
        r#"terraform {
  backend "s3" {
    bucket       = "state"
    key          = "app.tfstate"
    use_lockfile = false
  }
}"#,
        r#"terraform {
  backend "s3" {
    bucket         = "state"
    key            = "app.tfstate"
    dynamodb_table = ""
  }
}"#,
        // Partial: the key and region come at `init`, the lock setting might too.
        r#"terraform {
  required_version = ">= 1.5"
  backend "s3" {
    bucket = "state"
  }
}"#,
        // Not aligned: the new line takes one space.
        r#"terraform {
  backend "s3" {
    bucket = "state"
    key = "app.tfstate"
    encrypt = true # at rest
  }
}"#,
    ];

    /// Each snippet locks, or is not an S3 backend.
    const PASS: &[&str] = &[
        r#"terraform {
  backend "s3" {
    bucket       = "state"
    key          = "app.tfstate"
    use_lockfile = true
  }
}"#,
        r#"terraform {
  backend "s3" {
    bucket         = "state"
    key            = "app.tfstate"
    dynamodb_table = "terraform-locks"
  }
}"#,
        r#"terraform {
  backend "s3" {
    bucket         = "state"
    use_lockfile   = "true"
    dynamodb_table = ""
  }
}"#,
        r#"terraform {
  backend "gcs" {
    bucket = "state"
  }
}"#,
        // Empty partial configuration: an info note, not a finding.
        r#"terraform {
  backend "s3" {}
}"#,
        r#"terraform {
  # tfgrade:ignore TFG101 single operator, no CI
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
    }

    #[test]
    fn fix_aligns_with_the_block() {
        assert_eq!(
            fixed_by(FAIL[0], CODE),
            r#"terraform {
  backend "s3" {
    bucket       = "state"
    key          = "app.tfstate"
    region       = "us-east-1"
    use_lockfile = true
  }
}"#
        );
        assert_eq!(
            fixed_by(FAIL[1], CODE),
            FAIL[1].replace("use_lockfile = false", "use_lockfile = true")
        );
        assert_eq!(
            fixed_by(FAIL[4], CODE),
            r#"terraform {
  backend "s3" {
    bucket = "state"
    key = "app.tfstate"
    encrypt = true # at rest
    use_lockfile = true
  }
}"#
        );
    }

    #[test]
    fn messages_name_the_evidence() {
        let message = |tf: &str| {
            grade_files(&[("main.tf", tf)])
                .findings
                .into_iter()
                .find(|f| f.code == CODE)
                .map(|f| f.message)
                .unwrap_or_default()
        };
        assert_eq!(
            message(FAIL[0]),
            "`backend \"s3\"` sets neither `use_lockfile = true` nor `dynamodb_table`: concurrent applies can corrupt the state"
        );
        assert!(message(FAIL[3]).contains("partial configuration"));
        assert!(message(FAIL[2]).contains("empty `dynamodb_table`"));
    }

    #[test]
    fn empty_partial_backend_is_an_unknown_note() {
        let graded = grade_files(&[("main.tf", PASS[4])]);
        let note = graded.findings.iter().find(|f| f.code == CODE).unwrap();
        assert_eq!(note.severity, Severity::Info);
        assert!(note.unknown);
        assert!(note.fix.is_none());
        assert_eq!(&PASS[4][note.range.clone()], "backend \"s3\"");
        assert!(note.message.contains("`terraform init`"));
    }

    const EMPTY_BACKEND: &str = "terraform {\n  backend \"s3\" {}\n}\n";

    #[test]
    fn backend_files_are_judged_with_the_block() {
        // A file that locks: no finding, no note.
        let locked = [
            ("main.tf", EMPTY_BACKEND),
            (
                "prod.s3.tfbackend",
                "bucket       = \"state\"\nkey          = \"app.tfstate\"\nuse_lockfile = true\n",
            ),
        ];
        assert!(!codes_of(&locked).contains(&CODE));
        assert!(!notes_of(&locked).contains(&CODE));
        // A file for another backend type does not count.
        let other = [
            ("main.tf", EMPTY_BACKEND),
            ("prod.gcs.tfbackend", "bucket = \"state\"\n"),
        ];
        assert!(notes_of(&other).contains(&CODE));
        // A file without a lock: a finding in the file, fixed there.
        let unlocked = [
            ("main.tf", EMPTY_BACKEND),
            (
                "dev.tfbackend",
                "bucket = \"state\"\nkey    = \"app.tfstate\"",
            ),
        ];
        let graded = grade_files(&unlocked);
        let finding = graded.findings.iter().find(|f| f.code == CODE).unwrap();
        assert_eq!(graded.submission.unit(finding.unit).name, "dev.tfbackend");
        let after = fixed_files(&unlocked, CODE);
        assert_eq!(
            after[1].1,
            "bucket       = \"state\"\nkey          = \"app.tfstate\"\nuse_lockfile = true\n"
        );
        assert_eq!(after[0].1, EMPTY_BACKEND);
    }

    #[test]
    fn unknown_lock_setting_is_a_note() {
        // Terraform refuses variables in a backend; either way the code cannot tell.
        let tf = r#"variable "lock" {}
terraform {
  backend "s3" {
    bucket       = "state"
    use_lockfile = var.lock
  }
}"#;
        assert!(!codes(tf).contains(&CODE));
        assert_eq!(notes(tf), [CODE]);
    }

    #[test]
    fn version_pinned_before_lockfile_has_no_fix() {
        let tf = r#"terraform {
  required_version = "~> 1.5.0"
  backend "s3" {
    bucket = "state"
    key    = "app.tfstate"
  }
}"#;
        let graded = grade_files(&[("main.tf", tf)]);
        let finding = graded.findings.iter().find(|f| f.code == CODE).unwrap();
        assert!(finding.fix.is_none());
        assert!(finding.message.contains("required_version"));
        assert_eq!(finding.alternatives.len(), 1);
        assert!(notes(tf).is_empty());
    }
}
