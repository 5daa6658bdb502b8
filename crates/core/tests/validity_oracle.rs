//! `terraform validate` is the oracle of the validity family: each fixture of
//! `tests/fixtures/core/validity/` (one error kind each, broken on purpose) is validated
//! as a root configuration of its own, offline, and where validate reports an error our
//! validity findings (their locations and related locations) must be at the same files
//! and lines, and the other way round. A missing provider configuration has no place in
//! validate's answer; it matches by the alias it names. Values only the AWS API refuses
//! (TFG709) are outside validate's reach unless they are literal: such fixtures only
//! need validate to reject them too.
//!
//! Terraform and the provider mirror are found as in `terraform_validate.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

mod common;

use tfgrade_core::{Options, Severity, grade};

/// (file, line) of validate's errors, and the details of those without a place.
type Errors = (BTreeSet<(String, usize)>, Vec<String>);

fn validate(
    terraform: &common::Terraform,
    name: &str,
    files: &[tfgrade_core::InputFile],
) -> Errors {
    let root = terraform.dir.join(name.replace('/', "_"));
    for file in files {
        let path = root.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &file.bytes).unwrap();
    }
    // Errors of the configuration's structure stop `init` already; the rest, `validate`.
    let init = terraform.run(
        &root,
        &[
            "init",
            "-backend=false",
            "-input=false",
            "-no-color",
            "-json",
        ],
    );
    let diagnostics: Vec<serde_json::Value> = if init.status.success() {
        let out = terraform.run(&root, &["validate", "-json", "-no-color"]);
        let report: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("validate -json");
        report["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    } else {
        String::from_utf8_lossy(&init.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter_map(|message| message.get("diagnostic").cloned())
            .filter(|d| {
                !d["summary"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("Terraform encountered problems during initialisation")
            })
            .collect()
    };
    let mut placed = BTreeSet::new();
    let mut unplaced = Vec::new();
    for d in diagnostics {
        if d["severity"] != "error" {
            continue;
        }
        match (
            d["range"]["filename"].as_str(),
            d["range"]["start"]["line"].as_u64(),
        ) {
            (Some(file), Some(line)) => {
                placed.insert((file.to_owned(), line as usize));
            }
            _ => unplaced.push(d["detail"].as_str().unwrap_or_default().to_owned()),
        }
    }
    (placed, unplaced)
}

#[test]
fn validity_findings_agree_with_terraform_validate() {
    let Some(terraform) = common::Terraform::find("validity oracle") else {
        return;
    };
    let fixtures: Vec<_> = common::core_fixtures()
        .into_iter()
        .filter(|f| f.name.starts_with("validity/"))
        .collect();
    assert!(fixtures.len() >= 20, "{} validity fixtures", fixtures.len());
    // One at a time: Terraform's plugin cache is not safe for two `init`s at once.
    let disagreements = judge(&terraform, &fixtures);
    eprintln!("validity oracle: {} fixtures validated", fixtures.len());
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}

/// The disagreements between our findings and validate's errors on some fixtures.
fn judge(terraform: &common::Terraform, fixtures: &[common::Fixture]) -> Vec<String> {
    let mut disagreements = Vec::new();
    for fixture in fixtures {
        let report = grade(fixture.files.clone(), &Options::default()).report();
        let findings: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code.starts_with("TFG7") && f.severity != Severity::Info)
            .collect();
        assert!(
            !findings.is_empty(),
            "{}: no validity finding",
            fixture.name
        );
        let (placed, unplaced) = validate(terraform, &fixture.name, &fixture.files);
        assert!(
            !placed.is_empty() || !unplaced.is_empty(),
            "{}: terraform validate accepts it, but the fixture is meant to be invalid",
            fixture.name
        );
        let api_only = findings.iter().all(|f| f.code == "TFG709");
        // Where we report, and the other places of the same causes (each use of an
        // undeclared name, each input a module lacks, the first of two declarations).
        let primary: BTreeSet<(String, usize)> = findings
            .iter()
            .map(|f| (f.file.clone(), f.location.line))
            .collect();
        let mut ours = primary.clone();
        for f in &findings {
            ours.extend(f.related.iter().map(|r| (r.file.clone(), r.location.line)));
        }
        // A provider alias: validate names it in the detail only.
        let aliases: Vec<String> = findings
            .iter()
            .filter_map(|f| f.resource.as_deref())
            .filter(|r| r.starts_with("aws."))
            .map(|r| format!("hashicorp/aws\"].{}", &r[4..]))
            .collect();
        for detail in &unplaced {
            if !aliases.iter().any(|a| detail.contains(a)) {
                disagreements.push(format!(
                    "{}: validate without a place: {detail}",
                    fixture.name
                ));
            }
        }
        if api_only {
            continue;
        }
        let alias_findings: BTreeSet<(String, usize)> = findings
            .iter()
            .filter(|f| f.resource.as_deref().is_some_and(|r| r.starts_with("aws.")))
            .map(|f| (f.file.clone(), f.location.line))
            .collect();
        for missed in placed.difference(&ours) {
            disagreements.push(format!(
                "{}: validate reports {missed:?}, we do not",
                fixture.name
            ));
        }
        for extra in primary.difference(&placed) {
            if !alias_findings.contains(extra) {
                disagreements.push(format!(
                    "{}: we report {extra:?}, validate does not",
                    fixture.name
                ));
            }
        }
    }
    disagreements
}
