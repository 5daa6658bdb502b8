//! TFG103 `local-state`.

use crate::analysis::Analyzed;
use crate::analysis::backend::{backends, uses_cloud_block};
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::edit::header_range;
use crate::finding::{Advice, Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG103",
    name: "local-state",
    family: Family::StateLocking,
    // Weaker than an unlocked shared backend: the local backend does lock its file against
    // runs on the same machine; what is lost is sharing and durability.
    severity: Severity::Low,
    category: Category::A,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds configurations that manage resources (or call modules) but keep \
               their state locally: no `backend` block and no `cloud` block, or an \
               explicit `backend \"local\"`. The finding points at the `terraform` block, \
               else at the first resource.",
        why: "Local state lives in `terraform.tfstate` on one machine: a teammate or CI run \
              cannot see it and creates everything again, nothing backs it up, and its lock \
              only guards runs on that machine. It also keeps every secret of the \
              configuration in a plain file next to the code, easily committed.",
        example: r#"resource "aws_s3_bucket" "assets" {
  bucket_prefix = "assets-"
}"#,
        use_instead: r#"terraform {
  backend "s3" {
    bucket       = "acme-terraform-state"
    key          = "assets/terraform.tfstate"
    region       = "us-east-1"
    use_lockfile = true
  }
}

resource "aws_s3_bucket" "assets" {
  bucket_prefix = "assets-"
}"#,
        fix: "None: a backend needs a bucket that exists before `terraform init`. The \
              finding shows an S3 backend with S3-native locking to adapt.",
        limitations: "Configurations without resources or module calls are not judged, \
                      nor are child modules, whose state the calling configuration keeps: \
                      folders under `modules/` and, outside a task bundle or a response, \
                      folders with variables and outputs but no provider and no backend. \
                      A configuration that has a `.tf.json` file is not judged either, \
                      nor IDEAL_RESPONSE.md when the bundle's own files declare a \
                      backend: it presents them, and may leave that file out; nor a \
                      bootstrap configuration, one that creates a lock table or a state \
                      bucket while another configuration of the bundle declares a \
                      backend.",
    },
    run: Run::Configuration(run),
};

/// Whether a configuration of the bundle's own files (not a response document) declares a
/// backend or a `cloud` block.
fn bundle_has_backend(submission: &crate::submission::Submission) -> bool {
    other_has_backend(submission, None)
}

/// Whether a configuration of the bundle's own files, other than `except`, declares a
/// backend or a `cloud` block.
fn other_has_backend(submission: &crate::submission::Submission, except: Option<&str>) -> bool {
    submission
        .configs
        .iter()
        .filter(|group| !group.from_response && Some(group.name.as_str()) != except)
        .flat_map(|group| group.units.iter())
        .filter_map(|&u| hcl_edit::parser::parse_body(&submission.unit(u).text).ok())
        .any(|body| {
            body.get_blocks("terraform").any(|terraform| {
                terraform
                    .body
                    .blocks()
                    .any(|b| matches!(b.ident.as_str(), "backend" | "cloud"))
            })
        })
}

/// Whether the configuration creates a lock table (hash key `LockID`) or a bucket whose
/// name label says it holds state (`terraform_state`, `state`).
fn creates_state_store(config: &Analyzed<'_, '_>) -> bool {
    config.resources.iter().any(|r| match r.kind {
        "aws_dynamodb_table" => r
            .block
            .body
            .get_attribute("hash_key")
            .and_then(|a| a.value.as_str())
            .is_some_and(|k| k == "LockID"),
        "aws_s3_bucket" => r.name.split('_').any(|w| w == "state" || w == "tfstate"),
        _ => false,
    })
}

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    let backends = backends(config);
    if uses_cloud_block(config) || backends.iter().any(|b| b.kind != "local") {
        return;
    }
    let child_module = config.group.name.split('/').any(|part| part == "modules")
        || (backends.is_empty() && config.is_reusable_module());
    let unread_json = config
        .group
        .units
        .iter()
        .any(|&u| config.submission.unit(u).name.ends_with(".tf.json"));
    if child_module || unread_json || (config.resources.is_empty() && config.modules.is_empty()) {
        return;
    }
    // A bootstrap configuration creates the state bucket or the lock table that another
    // configuration's backend uses: it cannot keep its own state there (RUBRIC.md 3.1).
    if !config.group.from_response
        && creates_state_store(config)
        && other_has_backend(config.submission, Some(&config.group.name))
    {
        return;
    }
    // A response document that shows some files of a configuration the bundle holds with
    // a backend (IDEAL_RESPONSE.md presenting `tap_stack.tf`, the backend in
    // `lib/provider.tf`): the state is not local, the document only leaves it out.
    if config.group.from_response
        && crate::paths::file_name(&config.group.name) == "IDEAL_RESPONSE.md"
        && bundle_has_backend(config.submission)
    {
        return;
    }
    let (unit, block, message) = if let Some(local) = backends.first() {
        (
            local.unit,
            local.block,
            format!(
                "{} keeps the state in a file on the machine that runs Terraform, which no one else can see or lock and nothing backs up",
                local.label()
            ),
        )
    } else {
        let evidence = config
            .terraform_blocks
            .first()
            .map(|t| (t.unit, t.block))
            .or_else(|| config.resources.first().map(|r| (r.unit, r.block)))
            .or_else(|| config.modules.first().map(|m| (m.unit, m.block)));
        let Some((unit, block)) = evidence else {
            return;
        };
        (
            unit,
            block,
            "no backend: the state stays in a local `terraform.tfstate`, which no one else can see or lock and nothing backs up".to_owned(),
        )
    };
    out.push(
        CHECK
            .finding(unit, header_range(block), message)
            .with_alternatives(vec![Advice {
                title: "keep the state in S3 with S3-native locking".to_owned(),
                note: "the bucket must exist before `terraform init` (create it in a bootstrap \
                   configuration, with versioning and encryption); backend settings cannot use \
                   variables"
                    .to_owned(),
                snippet: Some(
                    r#"terraform {
  backend "s3" {
    bucket       = "<state bucket>"
    key          = "<project>/terraform.tfstate"
    region       = "<region>"
    encrypt      = true
    use_lockfile = true
  }
}"#
                    .to_owned(),
                ),
            }]),
    );
}

#[cfg(test)]
mod tests {
    const CODE: &str = super::CHECK.code;

    use super::super::testing::{assert_reports, assert_silent, codes, codes_of, grade_files};

    const FAIL: &[&str] = &[
        r#"resource "aws_s3_bucket" "a" {
  bucket_prefix = "a-"
}"#,
        r#"terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

module "vpc" {
  source = "./vpc"
}"#,
        r#"terraform {
  backend "local" {
    path = "state/terraform.tfstate"
  }
}

resource "aws_s3_bucket" "a" {}"#,
    ];

    const PASS: &[&str] = &[
        // No resources: nothing to keep state for.
        r#"variable "region" {
  default = "us-east-1"
}

output "region" {
  value = var.region
}"#,
        r#"terraform {
  backend "gcs" {
    bucket = "state"
  }
}

resource "google_storage_bucket" "a" {}"#,
        r#"terraform {
  backend "s3" {}
}

resource "aws_s3_bucket" "a" {}"#,
        r#"terraform {
  cloud {
    organization = "acme"
    workspaces {
      name = "app"
    }
  }
}

resource "aws_s3_bucket" "a" {}"#,
        r#"terraform {
  backend "remote" {
    organization = "acme"
  }
}

resource "aws_s3_bucket" "a" {}"#,
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
    fn evidence_is_the_terraform_block_else_the_first_resource() {
        let range = |tf: &str| {
            let graded = grade_files(&[("main.tf", tf)]);
            let f = graded.findings.iter().find(|f| f.code == CODE).unwrap();
            tf[f.range.clone()].to_owned()
        };
        assert_eq!(range(FAIL[0]), "resource \"aws_s3_bucket\" \"a\"");
        assert_eq!(range(FAIL[1]), "terraform");
        assert_eq!(range(FAIL[2]), "backend \"local\"");
    }

    #[test]
    fn a_reusable_module_keeps_no_state_of_its_own() {
        let module = "variable \"name\" {}\n\nresource \"aws_s3_bucket\" \"a\" {\n  bucket = var.name\n}\n\noutput \"arn\" {\n  value = aws_s3_bucket.a.arn\n}\n";
        assert!(!codes(module).contains(&CODE));
        // The same with a provider block is a root.
        let root = format!("provider \"aws\" {{}}\n\n{module}");
        assert!(codes(&root).contains(&CODE));
    }

    #[test]
    fn child_modules_and_separate_configurations() {
        let resource = "resource \"aws_s3_bucket\" \"a\" {}\n";
        // A child module's backend is the root's business.
        assert!(!codes_of(&[("lib/modules/store/main.tf", resource)]).contains(&CODE));
        // Each configuration is judged alone: a backend in lib/ does not cover a response.
        let backend = "terraform {\n  backend \"s3\" {}\n}\n";
        let response = format!("# Answer\n\n```hcl\n{resource}```\n");
        let found: Vec<_> = grade_files(&[
            ("lib/backend.tf", backend),
            ("lib/main.tf", resource),
            ("lib/MODEL_RESPONSE.md", &response),
        ])
        .findings
        .into_iter()
        .filter(|f| f.code == CODE)
        .collect();
        assert_eq!(found.len(), 1);
        // IDEAL_RESPONSE.md presents lib/: a file it leaves out holds the backend.
        let found: Vec<_> = grade_files(&[
            ("lib/backend.tf", backend),
            ("lib/main.tf", resource),
            ("lib/IDEAL_RESPONSE.md", &response),
        ])
        .findings
        .into_iter()
        .filter(|f| f.code == CODE)
        .collect();
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_bootstrap_configuration_keeps_its_state_locally() {
        let bootstrap = "resource \"aws_s3_bucket\" \"terraform_state\" {\n  bucket_prefix = \"state-\"\n}\n\nresource \"aws_dynamodb_table\" \"locks\" {\n  name         = \"locks\"\n  hash_key     = \"LockID\"\n  billing_mode = \"PAY_PER_REQUEST\"\n  attribute {\n    name = \"LockID\"\n    type = \"S\"\n  }\n}\n";
        let app = "terraform {\n  backend \"s3\" {\n    bucket       = \"state\"\n    key          = \"app.tfstate\"\n    region       = \"us-east-1\"\n    use_lockfile = true\n  }\n}\n\nresource \"aws_sqs_queue\" \"q\" {\n  name_prefix = \"q-\"\n}\n";
        let with_app = grade_files(&[("lib/bootstrap/main.tf", bootstrap), ("lib/main.tf", app)]);
        assert!(
            with_app.findings.iter().all(|f| f.code != CODE),
            "{:?}",
            with_app.findings
        );
        // Alone, with no configuration that uses it as a backend, it is local state.
        let alone = grade_files(&[("lib/main.tf", bootstrap)]);
        assert!(alone.findings.iter().any(|f| f.code == CODE));
    }
}
