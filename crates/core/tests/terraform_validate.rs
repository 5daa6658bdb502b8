//! Fixes keep valid Terraform valid: every fixture that `terraform validate` accepts
//! (and that uses only the AWS provider, the one mirrored on these machines) must still be
//! accepted once all its fixes are applied. All fixtures are validated in one run, each
//! as a module of a generated root, so the provider schema loads twice in all.
//!
//! Needs `terraform` on PATH and the provider mirror at `/opt/tf-plugins` (or
//! `TFGRADE_TF_PLUGINS`). The registries this project installs from hold neither, so the
//! set-up cannot install them: it finds them or not, and `scripts/test.sh` sets
//! `TFGRADE_REQUIRE_TERRAFORM=1` when it found them. Then their absence or a failing
//! `terraform init` fails this test; without the variable the test says it is skipped.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

mod common;

use tfgrade_core::fix::FixSet;
use tfgrade_core::{InputFile, Options, grade};

/// The fixtures Terraform can validate here: plain `.tf` and `.tfvars` files of the AWS
/// provider alone, named for the modules of the generated root.
fn tf_fixtures() -> Vec<common::Fixture> {
    common::core_fixtures()
        .into_iter()
        // The validity fixtures are invalid on purpose; validity_oracle.rs validates them.
        .filter(|f| !f.name.starts_with("validity/"))
        .filter(|f| {
            f.files.iter().all(|file| {
                !file.path.contains('/')
                    && (file.path.ends_with(".tf") || file.path.ends_with(".tfvars"))
            }) && only_aws(&f.files)
        })
        .map(|f| common::Fixture {
            name: f.name.replace(['/', '.'], "_"),
            files: f.files,
        })
        .collect()
}

/// Whether every resource and data source of the fixture comes from the AWS provider, and
/// no `required_version` pins another Terraform than the one installed here.
fn only_aws(files: &[InputFile]) -> bool {
    files.iter().all(|f| {
        let text = String::from_utf8_lossy(&f.bytes);
        match hcl_edit::parser::parse_body(&text) {
            Ok(body) => body.blocks().all(|b| match b.ident.as_str() {
                "resource" | "data" => b
                    .labels
                    .first()
                    .is_some_and(|l| l.as_str().starts_with("aws_")),
                "terraform" => !b.body.has_attribute("required_version"),
                _ => true,
            }),
            Err(_) => false,
        }
    })
}

/// Writes each fixture as a module of one root and validates; returns the fixtures with
/// error diagnostics (ignoring the root's "missing required argument" for module inputs).
fn invalid_fixtures(
    terraform: &common::Terraform,
    fixtures: &[(String, Vec<InputFile>)],
) -> BTreeSet<String> {
    let dir = terraform.dir.as_path();
    let _ = std::fs::remove_dir_all(dir.join("modules"));
    let mut root = String::from(
        "terraform {\n  required_providers {\n    aws = { source = \"hashicorp/aws\" }\n  }\n}\n",
    );
    for (name, files) in fixtures {
        let module = dir.join("modules").join(name);
        std::fs::create_dir_all(&module).unwrap();
        for file in files {
            std::fs::write(module.join(&file.path), &file.bytes).unwrap();
        }
        // Required variables get a value of their type (a narrow CIDR for strings): a
        // module call that lacks them stops terraform from validating the module at all.
        let required: String = files
            .iter()
            .filter_map(|f| hcl_edit::parser::parse_body(&String::from_utf8_lossy(&f.bytes)).ok())
            .flat_map(|body| {
                body.blocks()
                    .filter(|b| b.ident.as_str() == "variable" && !b.body.has_attribute("default"))
                    .filter_map(|b| {
                        let kind = b
                            .body
                            .get_attribute("type")
                            .map(|a| a.value.to_string().trim().to_owned())
                            .unwrap_or_default();
                        let value = if kind == "list(string)" || kind == "set(string)" {
                            "[\"192.0.2.0/24\"]"
                        } else if kind.starts_with("list") || kind.starts_with("set") {
                            "[]"
                        } else if kind.starts_with("map") {
                            "{}"
                        } else if kind.starts_with("object") || kind.starts_with("tuple") {
                            "null"
                        } else if kind == "number" {
                            "1"
                        } else if kind == "bool" {
                            "true"
                        } else {
                            "\"192.0.2.0/24\""
                        };
                        b.labels
                            .first()
                            .map(|l| format!("  {} = {value}\n", l.as_str()))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        root.push_str(&format!(
            "module \"{name}\" {{\n  source = \"./modules/{name}\"\n{required}}}\n"
        ));
    }
    std::fs::write(dir.join("main.tf"), root).unwrap();
    let run = |args: &[&str]| terraform.run(dir, args);
    let init = run(&["init", "-backend=false", "-input=false", "-no-color"]);
    assert!(
        init.status.success(),
        "terraform init: {}",
        String::from_utf8_lossy(&init.stderr)
    );
    let validate = run(&["validate", "-json", "-no-color"]);
    let report: serde_json::Value =
        serde_json::from_slice(&validate.stdout).expect("validate -json");
    let mut invalid = BTreeSet::new();
    for diagnostic in report["diagnostics"].as_array().into_iter().flatten() {
        if diagnostic["severity"] != "error" {
            continue;
        }
        let file = diagnostic["range"]["filename"].as_str().unwrap_or("");
        let summary = diagnostic["summary"].as_str().unwrap_or("");
        match file
            .strip_prefix("modules/")
            .and_then(|p| p.split('/').next())
        {
            Some(name) => {
                eprintln!(
                    "  {file}: {summary}: {}",
                    diagnostic["detail"].as_str().unwrap_or("")
                );
                invalid.insert(name.to_owned());
            }
            None => panic!("unexpected diagnostic in the generated root: {diagnostic}"),
        }
    }
    invalid
}

#[test]
fn fixed_fixtures_still_pass_terraform_validate() {
    let Some(terraform) = common::Terraform::find("terraform validate of fixed fixtures") else {
        return;
    };

    let fixtures = tf_fixtures();
    let originals: Vec<(String, Vec<InputFile>)> = fixtures
        .iter()
        .map(|f| (f.name.clone(), f.files.clone()))
        .collect();
    let invalid_before = invalid_fixtures(&terraform, &originals);

    let mut fixed = Vec::new();
    let mut without_other_providers = 0;
    for fixture in fixtures
        .iter()
        .filter(|f| !invalid_before.contains(&f.name))
    {
        let graded = grade(fixture.files.clone(), &Options::default());
        let apply = |outcome: tfgrade_core::fix::FixOutcome| -> Vec<InputFile> {
            fixture
                .files
                .iter()
                .map(|f| match outcome.files.iter().find(|x| x.path == f.path) {
                    Some(x) => InputFile::new(f.path.clone(), x.fixed.clone()),
                    None => f.clone(),
                })
                .collect()
        };
        let mut files = apply(graded.fix(FixSet::All));
        // Fixes that add resources of another provider (a `random_id` for unique names)
        // cannot be validated here: validate the other fixes without them.
        if !only_aws(&files) {
            without_other_providers += 1;
            files = apply(graded.fix_where(FixSet::All, &|f| f.code != "TFG401"));
        }
        if files
            .iter()
            .zip(&fixture.files)
            .all(|(a, b)| a.bytes == b.bytes)
        {
            continue;
        }
        fixed.push((fixture.name.clone(), files));
    }
    let invalid_after = invalid_fixtures(&terraform, &fixed);
    eprintln!(
        "terraform validate: {} AWS-only fixtures, {} valid as written (invalid: {invalid_before:?}), {} changed by fixes ({without_other_providers} without the fixes that add the random provider), {} invalid after fixes",
        fixtures.len(),
        fixtures.len() - invalid_before.len(),
        fixed.len(),
        invalid_after.len()
    );
    assert!(
        fixed.len() >= 3,
        "too few fixed fixtures were validated: {}",
        fixed.len()
    );
    assert!(
        invalid_after.is_empty(),
        "fixes broke these fixtures: {invalid_after:?}"
    );
}
