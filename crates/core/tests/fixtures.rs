//! Fixture tests: every file or folder under `tests/fixtures/core/<family>/` is graded;
//! its `# expect: CODE` and `# expect-note: CODE` comments (in JSON, a member
//! `"//": "expect: CODE"`) say which findings (counted, or info notes) start on the next
//! line, and nothing else may be reported. Each fixture
//! also has a snapshot of its findings and of the diff its fixes make, and its fixes must
//! reach a fixed point: the fixed text parses and no longer has the fixed findings.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fmt::Write;

mod common;

use tfgrade_core::fix::FixSet;
use tfgrade_core::{InputFile, Options, Severity, grade};

/// The family whose findings a fixture folder tests: each folder checks its own family
/// only, so that a new check elsewhere does not disturb it. `evaluation` fixtures prove
/// the evaluator through network exposure.
fn family_of(fixture: &str) -> &str {
    match fixture.split('/').next().unwrap_or("") {
        "evaluation" => "network-exposure",
        family => family,
    }
}

/// (file, line, code, is_note) from the expectation comments.
fn expectations(files: &[InputFile]) -> BTreeSet<(String, usize, String, bool)> {
    let mut out = BTreeSet::new();
    for file in files {
        let text = String::from_utf8_lossy(&file.bytes);
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            // `//` markers serve test sources in TypeScript, JavaScript and Go.
            for (marker, note) in [
                ("# expect: ", false),
                ("# expect-note: ", true),
                ("// expect: ", false),
                ("// expect-note: ", true),
            ] {
                // JSON has no comments: a `"//"` member holds the marker.
                let json_comment = line
                    .strip_prefix("\"//\": \"")
                    .map(|rest| rest.trim_end_matches(',').trim_end_matches('"'));
                let comment = json_comment.map(|c| format!("# {c}"));
                let line = comment.as_deref().unwrap_or(line);
                if let Some(codes) = line.strip_prefix(marker) {
                    for code in codes.split(',') {
                        out.insert((file.path.clone(), i + 2, code.trim().to_owned(), note));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn fixtures_report_exactly_their_expectations() {
    let mut failures = String::new();
    let all = common::core_fixtures();
    assert!(all.len() >= 10, "fixtures found: {}", all.len());
    for common::Fixture { name, files } in all {
        let expected = expectations(&files);
        let graded = grade(files.clone(), &Options::default());
        let report = graded.report();
        assert!(report.errors.is_empty(), "{name}: {:?}", report.errors);
        let family = family_of(&name);
        let actual: BTreeSet<_> = report
            .findings
            .iter()
            .filter(|f| f.family.as_str() == family)
            .map(|f| {
                (
                    f.file.clone(),
                    f.location.line,
                    f.code.to_owned(),
                    f.severity == Severity::Info,
                )
            })
            .collect();
        if expected != actual {
            let _ = writeln!(
                failures,
                "{name}:\n  missing: {:?}\n  unexpected: {:?}",
                expected.difference(&actual).collect::<Vec<_>>(),
                actual.difference(&expected).collect::<Vec<_>>()
            );
        }
        insta::with_settings!({ snapshot_suffix => name.replace('/', "__"), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("fixture", render(&graded, family));
        });
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn fixes_reach_a_fixed_point() {
    for common::Fixture { name, files } in common::core_fixtures() {
        let graded = grade(files.clone(), &Options::default());
        let outcome = graded.fix(FixSet::All);
        if outcome.files.is_empty() {
            continue;
        }
        assert!(
            outcome.passes < tfgrade_core::fix::MAX_PASSES,
            "{name}: fixes converge"
        );
        let fixed_inputs: Vec<InputFile> = files
            .iter()
            .map(|f| match outcome.files.iter().find(|x| x.path == f.path) {
                Some(x) => InputFile::new(f.path.clone(), x.fixed.clone()),
                None => f.clone(),
            })
            .collect();
        let regraded = grade(fixed_inputs, &Options::default()).report();
        assert!(
            regraded.errors.is_empty(),
            "{name}: fixed text does not parse: {:?}",
            regraded.errors
        );
        // Per check and resource, only the findings that had no fix may remain.
        let mut allowed: std::collections::BTreeMap<_, usize> = Default::default();
        for f in graded
            .report()
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
        {
            let fixable = f.fix.as_ref().is_some_and(|x| !x.edits.is_empty());
            *allowed.entry((f.code, f.resource.clone())).or_default() += usize::from(!fixable);
        }
        let mut remaining: std::collections::BTreeMap<_, usize> = Default::default();
        for f in regraded
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
        {
            *remaining.entry((f.code, f.resource.clone())).or_default() += 1;
        }
        for (key, count) in remaining {
            // A fix may bring a finding that needs a person (such as an added resource
            // without tags, when tags are the owner's choice); it must not bring one that a
            // fix would have removed, or the ideal would not be a fixed point.
            let needs_a_person = tfgrade_core::registry::by_code(key.0)
                .is_some_and(|c| c.fix == tfgrade_core::check::FixAvailability::None);
            if needs_a_person && !allowed.contains_key(&key) {
                continue;
            }
            let limit = allowed.get(&key).copied().unwrap_or(0);
            assert!(
                count <= limit,
                "{name}: {} on {:?} is still reported after its fix ({count} left, {limit} had no fix)",
                key.0,
                key.1
            );
        }
    }
}

/// Findings and the fix diff as text, for snapshots.
fn render(graded: &tfgrade_core::Graded, family: &str) -> String {
    let report = graded.report();
    let mut out = String::new();
    for f in report
        .findings
        .iter()
        .filter(|f| f.family.as_str() == family)
    {
        let _ = writeln!(
            out,
            "{}:{}:{} {} {} [{}] {}",
            f.file,
            f.location.line,
            f.location.column,
            f.code,
            f.severity.as_str(),
            f.resource.as_deref().unwrap_or("-"),
            f.message
        );
        for step in &f.trace {
            let _ = writeln!(out, "    {step}");
        }
        if let Some(fix) = &f.fix {
            let _ = writeln!(out, "    fix ({:?}): {}", fix.applicability, fix.title);
        }
    }
    let unknowns = report
        .findings
        .iter()
        .filter(|f| f.family.as_str() == family && f.unknown)
        .count();
    let _ = writeln!(out, "unknowns: {unknowns}");
    if family == "tests" {
        for row in &report.coverage {
            let by: Vec<String> = row
                .covered_by
                .iter()
                .map(|c| format!("{}:{} {}", c.file, c.line, c.how))
                .collect();
            let _ = writeln!(
                out,
                "coverage {} ({}): {}",
                row.family,
                row.resource_types.join(", "),
                if by.is_empty() {
                    "not covered".to_owned()
                } else {
                    by.join("; ")
                }
            );
        }
    }
    let of_family = |f: &tfgrade_core::finding::Finding| {
        tfgrade_core::registry::by_code(f.code).is_some_and(|c| c.family.as_str() == family)
    };
    for file in graded.fix_where(FixSet::All, &of_family).files {
        let diff = similar::TextDiff::from_lines(&file.original, &file.fixed);
        let _ = write!(
            out,
            "\n{}",
            diff.unified_diff()
                .context_radius(2)
                .header(&file.path, &file.path)
        );
    }
    out
}
