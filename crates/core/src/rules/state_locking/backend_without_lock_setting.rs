//! TFG104 `backend-without-lock-setting`.

use crate::analysis::Analyzed;
use crate::analysis::backend::{Backend, backends, init_settings};
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::Configuration;
use crate::edit::header_range;
use crate::finding::{Applicability, Category, Edit, Family, Finding, Fix, Severity};

pub static CHECK: Check = Check {
    code: "TFG104",
    name: "backend-without-lock-setting",
    family: Family::StateLocking,
    severity: Severity::High,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds backends other than S3 that do not lock: `backend \"http\"` without \
               `lock_address` and `backend \"oss\"` without `tablestore_table` (they lock \
               only when told where), and `backend \"consul\"` with `lock = false`. The \
               backends that always lock by themselves (`gcs`, `azurerm`, `pg`, \
               `kubernetes`, `cos`, `remote`, and the `cloud` block) are not reported. A \
               backend configuration file (`*.tfbackend`) beside the block is judged \
               together with it.",
        why: "Without a lock, two `terraform apply` runs at once both write the state and \
              the later one drops the other's changes: resources keep running, unmanaged.",
        example: r#"terraform {
  backend "http" {
    address = "https://gitlab.example.com/api/v4/projects/42/terraform/state/app"
  }
}"#,
        use_instead: r#"terraform {
  backend "http" {
    address        = "https://gitlab.example.com/api/v4/projects/42/terraform/state/app"
    lock_address   = "https://gitlab.example.com/api/v4/projects/42/terraform/state/app/lock"
    unlock_address = "https://gitlab.example.com/api/v4/projects/42/terraform/state/app/lock"
    lock_method    = "POST"
    unlock_method  = "DELETE"
  }
}"#,
        fix: "Safe, for consul: `lock = true`. None for http and oss: the lock endpoint or \
              table depends on the server; set `lock_address` (and `unlock_address`) for http, \
              `tablestore_table` for oss.",
        limitations: "Settings given at `terraform init` (`-backend-config`) or in the \
                      environment are not in the code: an http backend without \
                      `lock_address` is reported even when `TF_HTTP_LOCK_ADDRESS` may set \
                      it where Terraform runs, while an empty partial http or oss \
                      configuration (`backend \"http\" {}`) gets an info note instead of \
                      a finding. A lock setting whose value the code cannot know also \
                      gets an info note.",
    },
    run: Run::Configuration(run),
};

/// Backend type, the setting that turns its locking on, and how else it may be given.
const LOCK_SETTINGS: &[(&str, &str, &str)] = &[
    (
        "http",
        "lock_address",
        " unless `TF_HTTP_LOCK_ADDRESS` is set where Terraform runs",
    ),
    ("oss", "tablestore_table", ""),
];

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    for backend in backends(config) {
        if backend.kind == "consul" {
            consul_lock_turned_off(config, backend, out);
            continue;
        }
        let Some(&(_, setting, otherwise)) =
            LOCK_SETTINGS.iter().find(|(k, ..)| *k == backend.kind)
        else {
            continue;
        };
        for settings in init_settings(config, backend) {
            let label = settings.label();
            if settings.is_empty() {
                out.push(CHECK.unknown(backend.unit, header_range(backend.block), format!(
                        "{label} is an empty partial configuration: whether it sets `{setting}` depends on the settings given at `terraform init`, which the code does not show"
                    )));
                continue;
            }
            let (unit, range, what) = match settings.get(config, setting) {
                Some(s) => match s.known_str() {
                    Some(value) if !value.is_empty() => continue,
                    Some(_) => (s.unit, s.value_range(), format!("has an empty `{setting}`")),
                    None => {
                        out.push(CHECK.unknown(
                            s.unit,
                            s.value_range(),
                            format!(
                                "cannot tell whether {label} locks the state: {}",
                                s.value.unknown_reason().map_or_else(
                                    || format!("`{setting}` is not a string"),
                                    str::to_owned
                                )
                            ),
                        ));
                        continue;
                    }
                },
                None => {
                    let (unit, range) = match settings.file {
                        Some(file) => (
                            file.unit,
                            file.body
                                .attributes()
                                .next()
                                .and_then(hcl_edit::Span::span)
                                .unwrap_or(0..0),
                        ),
                        None => (backend.unit, header_range(backend.block)),
                    };
                    (unit, range, format!("sets no `{setting}`"))
                }
            };
            out.push(CHECK.finding(unit, range, format!(
                    "{label} {what}: the state is not locked{otherwise}, so concurrent applies can corrupt it"
                )).with_fix(None));
        }
    }
}

/// Consul locks unless told not to with `lock = false`.
fn consul_lock_turned_off(
    config: &Configuration<'_>,
    backend: Backend<'_>,
    out: &mut Vec<Finding>,
) {
    for settings in init_settings(config, backend) {
        let Some(lock) = settings.get(config, "lock") else {
            continue;
        };
        let label = settings.label();
        match lock.value.as_bool() {
            Some(true) => {}
            Some(false) => out.push(CHECK.finding(lock.unit, lock.value_range(), format!(
                    "{label} turns locking off with `lock = false`: concurrent applies can corrupt the state"
                )).with_fix(Some(Fix {
                    title: "set `lock = true`".to_owned(),
                    applicability: Applicability::Safe,
                    note: None,
                    edits: vec![Edit::replace(lock.unit, lock.value_range(), "true")],
                }))),
            None => out.push(CHECK.unknown(lock.unit, lock.value_range(), format!(
                    "cannot tell whether {label} locks the state: {}",
                    lock.value
                        .unknown_reason()
                        .unwrap_or("`lock` is not a bool")
                ))),
        }
    }
}

#[cfg(test)]
mod tests {
    const CODE: &str = super::CHECK.code;

    use super::super::testing::{assert_reports, codes, codes_of, fixed, notes};

    const FAIL: &[&str] = &[
        r#"terraform {
  backend "http" {
    address = "https://state.example.com/app"
  }
}"#,
        r#"terraform {
  backend "http" {
    address      = "https://state.example.com/app"
    lock_address = ""
  }
}"#,
        r#"terraform {
  backend "oss" {
    bucket = "state"
    prefix = "app"
  }
}"#,
        r#"terraform {
  backend "consul" {
    path = "app/state"
    lock = false
  }
}"#,
    ];

    /// Backends that lock natively, or are told how to.
    const PASS: &[&str] = &[
        r#"terraform {
  backend "http" {
    address      = "https://state.example.com/app"
    lock_address = "https://state.example.com/app/lock"
  }
}"#,
        r#"terraform {
  backend "oss" {
    bucket              = "state"
    tablestore_endpoint = "https://state.cn-hangzhou.ots.aliyuncs.com"
    tablestore_table    = "statelock"
  }
}"#,
        r#"terraform {
  backend "gcs" {
    bucket = "state"
  }
}"#,
        r#"terraform {
  backend "azurerm" {
    storage_account_name = "state"
    container_name       = "tfstate"
    key                  = "app.tfstate"
  }
}"#,
        r#"terraform {
  backend "consul" {
    path = "app/state"
  }
}"#,
        r#"terraform {
  backend "pg" {
    conn_str = "postgres://state.example.com/terraform"
  }
}"#,
        r#"terraform {
  backend "kubernetes" {
    secret_suffix = "state"
  }
}"#,
    ];

    #[test]
    fn fails() {
        assert_reports(CODE, FAIL);
    }

    #[test]
    fn passes() {
        for (i, tf) in PASS.iter().enumerate() {
            assert!(!codes(tf).contains(&CODE), "PASS[{i}] reported\n{tf}");
            assert!(!notes(tf).contains(&CODE), "PASS[{i}] noted\n{tf}");
        }
    }

    #[test]
    fn consul_fix_turns_the_lock_on() {
        assert_eq!(
            fixed(FAIL[3], CODE),
            FAIL[3].replace("lock = false", "lock = true")
        );
    }

    #[test]
    fn empty_partial_http_backend_is_a_note_unless_a_file_completes_it() {
        let empty = "terraform {\n  backend \"http\" {}\n}\n";
        assert_eq!(notes(empty), [CODE]);
        let with_file = [
            ("main.tf", empty),
            (
                "gitlab.http.tfbackend",
                "address = \"https://state.example.com/app\"\n",
            ),
        ];
        assert!(codes_of(&with_file).contains(&CODE));
    }
}
