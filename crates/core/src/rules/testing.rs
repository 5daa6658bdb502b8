//! Test helpers shared by the checks of every family.

use crate::finding::Finding;
use crate::fix::FixSet;
use crate::pipeline::Graded;
use crate::{InputFile, Options, Severity, grade};

/// Grades some `(path, text)` files.
pub fn grade_files(files: &[(&str, &str)]) -> Graded {
    grade(
        files.iter().map(|(p, t)| InputFile::new(*p, *t)).collect(),
        &Options::default(),
    )
}

/// All findings of a Terraform text.
pub fn findings(tf: &str) -> Vec<Finding> {
    grade_files(&[("main.tf", tf)]).findings
}

/// Findings of one check, notes included.
pub fn findings_of(tf: &str, code: &str) -> Vec<Finding> {
    findings(tf)
        .into_iter()
        .filter(|f| f.code == code)
        .collect()
}

/// Codes of the counted (non-info, unsuppressed) findings of some files.
pub fn codes_of(files: &[(&str, &str)]) -> Vec<&'static str> {
    grade_files(files)
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info && f.suppressed.is_none())
        .map(|f| f.code)
        .collect()
}

/// Codes of the counted findings of a Terraform text.
pub fn codes(tf: &str) -> Vec<&'static str> {
    codes_of(&[("main.tf", tf)])
}

/// Codes of the info notes of some files.
pub fn notes_of(files: &[(&str, &str)]) -> Vec<&'static str> {
    grade_files(files)
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Info)
        .map(|f| f.code)
        .collect()
}

/// Codes of the info notes of a Terraform text.
pub fn notes(tf: &str) -> Vec<&'static str> {
    notes_of(&[("main.tf", tf)])
}

fn family_of(code: &str) -> Option<crate::finding::Family> {
    crate::registry::by_code(code).map(|c| c.family)
}

/// Applies the fixes of `code`'s family to some files (so that checks of one family are
/// seen composing, without other families' edits); asserts the fixed point (the fixes
/// converge within the engine's passes, every file parses, `code` gone) and returns every
/// file's text after fixing.
pub fn fixed_files(files: &[(&str, &str)], code: &str) -> Vec<(String, String)> {
    let family = family_of(code);
    let select = |f: &Finding| family_of(f.code) == family;
    apply(files, code, &select)
}

/// Applies the fixes of `code`'s family to one Terraform text; see [`fixed_files`].
pub fn fixed(tf: &str, code: &str) -> String {
    fixed_files(&[("main.tf", tf)], code)
        .pop()
        .map(|(_, text)| text)
        .unwrap_or_default()
}

/// Applies only the fixes of `code` to one Terraform text.
pub fn fixed_by(tf: &str, code: &str) -> String {
    apply(&[("main.tf", tf)], code, &|f| f.code == code)
        .pop()
        .map(|(_, text)| text)
        .unwrap_or_default()
}

fn apply(
    files: &[(&str, &str)],
    code: &str,
    select: &dyn Fn(&Finding) -> bool,
) -> Vec<(String, String)> {
    let graded = grade_files(files);
    let outcome = graded.fix_where(FixSet::All, select);
    assert!(
        outcome.passes < crate::fix::MAX_PASSES,
        "fixes converge: {files:#?}"
    );
    let after: Vec<(String, String)> = files
        .iter()
        .map(|(path, text)| {
            let fixed = outcome
                .files
                .iter()
                .find(|f| f.path == *path)
                .map_or_else(|| (*text).to_owned(), |f| f.fixed.clone());
            ((*path).to_owned(), fixed)
        })
        .collect();
    for (path, text) in &after {
        if path.ends_with(".tf") || path.ends_with(".tfvars") {
            hcl_edit::parser::parse_body(text)
                .unwrap_or_else(|e| panic!("{path} does not parse after the fix: {e}\n{text}"));
        }
    }
    let borrowed: Vec<(&str, &str)> = after
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    assert!(
        !codes_of(&borrowed).contains(&code),
        "{code} still reported after the fix:\n{after:#?}"
    );
    after
}

/// Check `code` reports each Terraform text of `cases` as a counted finding, and what it
/// reports (each finding of the check, notes included: where, severity, resource and
/// message) matches the snapshot `reports@CODE` beside the calling check's file.
#[track_caller]
pub fn assert_reports(code: &str, cases: &[&str]) {
    let mut rendered = String::new();
    for (i, tf) in cases.iter().enumerate() {
        let report = grade_files(&[("main.tf", tf)]).report();
        let mine: Vec<_> = report.findings.iter().filter(|f| f.code == code).collect();
        assert!(
            mine.iter()
                .any(|f| f.severity != Severity::Info && f.suppressed.is_none()),
            "case {i} not reported\n{tf}"
        );
        rendered.push_str(&format!("case {i}:\n"));
        for f in mine {
            let at = &f.location;
            rendered.push_str(&format!(
                "  {}:{}-{}:{} {} {}: {}\n",
                at.line,
                at.column,
                at.end_line,
                at.end_column,
                f.severity.as_str(),
                f.resource.as_deref().unwrap_or("-"),
                f.message
            ));
            if !f.instances.is_empty() {
                rendered.push_str(&format!("    in instances {}\n", f.instances.join(", ")));
            }
        }
    }
    // Beside the check that calls: `src/rules/<family>/.../snapshots/`.
    let caller = std::path::Path::new(std::panic::Location::caller().file());
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let within = caller.strip_prefix("crates/core").unwrap_or(caller);
    let folder = manifest
        .join(within)
        .parent()
        .map(|dir| dir.join("snapshots"))
        .expect("the caller's folder");
    insta::with_settings!({
        snapshot_path => folder,
        prepend_module_to_snapshot => false,
        snapshot_suffix => code,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("reports", rendered);
    });
}

/// Check `code` reports none of the Terraform texts of `cases` as a counted finding.
pub fn assert_silent(code: &str, cases: &[&str]) {
    for (i, tf) in cases.iter().enumerate() {
        assert!(!codes(tf).contains(&code), "case {i} reported\n{tf}");
    }
}
