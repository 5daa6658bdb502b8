//! The task-bundle corpus (tests/fixtures/bundles/) against its EXPECTED.md: the
//! documentation findings and the verdicts of MODEL_FAILURES.md's claims. EXPECTED.md
//! names checks descriptively; the table below maps the documentation ones to codes.
//! Claims rows are compared where EXPECTED.md quotes the claim ("...") or numbers it the
//! way the analysis does.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fmt::Write;
mod common;

use tfgrade_core::report::{Report, Verdict};
use tfgrade_core::{Options, Severity, grade};

/// Descriptive names of EXPECTED.md for the documentation codes.
fn doc_code(check: &str) -> Option<&'static str> {
    let name = check.split_whitespace().next()?;
    Some(match name {
        "doc-missing" => "TFG501",
        "placeholder-doc" => "TFG502",
        "thin-doc" => "TFG503",
        "ideal-differs-from-lib" => "TFG504",
        "lib-not-presented" => "TFG505",
        _ => return None,
    })
}

fn cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_owned())
        .collect()
}

/// (file, line, code) of the documentation rows of EXPECTED.md's finding tables.
fn expected_docs(expected: &str) -> BTreeSet<(String, usize, String)> {
    let mut out = BTreeSet::new();
    let mut file = String::new();
    for line in expected.lines() {
        if let Some(path) = line.strip_prefix("### ") {
            file = path.trim().to_owned();
        } else if line.starts_with("## ") {
            file.clear();
        } else if line.starts_with('|') && !file.is_empty() {
            let c = cells(line);
            if c.len() >= 6 && c[1] == "documentation" {
                let number = c[0].parse::<usize>().unwrap_or(0);
                // A row on another file than the heading's says so in its address column
                // only for lib/ files; the location is the heading's file.
                if let Some(code) = doc_code(&c[2]) {
                    out.insert((file.clone(), number, code.to_owned()));
                }
            }
        }
    }
    out
}

fn actual_docs(report: &Report) -> BTreeSet<(String, usize, String)> {
    report
        .findings
        .iter()
        .filter(|f| f.family.as_str() == "documentation" && f.severity != Severity::Info)
        .map(|f| (f.file.clone(), f.location.line, f.code.to_owned()))
        .collect()
}

/// Claims rows: (number, claim text, verdict cell).
fn expected_claims(expected: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut in_claims = false;
    for line in expected.lines() {
        if line.starts_with("## ") {
            in_claims = line.contains("claims");
            continue;
        }
        if in_claims && line.starts_with('|') && !line.starts_with("|---") {
            let c = cells(line);
            if c.len() >= 3 && c[0] != "#" {
                out.push((c[0].clone(), c[1].clone(), c[2].clone()));
            }
        }
    }
    out
}

fn normalize(text: &str) -> String {
    text.to_lowercase()
        .replace(['`', '*'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The quoted claim of a row: its first six words (EXPECTED.md abridges some quotes).
fn quote(claim: &str) -> Option<String> {
    let start = claim.find('"')?;
    let end = claim[start + 1..].find('"')? + start + 1;
    let quoted = normalize(claim[start + 1..end].trim_end_matches('.'));
    Some(quoted.split(' ').take(6).collect::<Vec<_>>().join(" "))
}

/// Claim rows about something no check reads: EXPECTED.md verifies them by reading the
/// code, and the claims table must say *not checkable*, naming the topic. (Statements of
/// the final state that hold, such as the review notes of `missing-services-blocker`,
/// claim no fix and are not reported: RUBRIC.md 2.)
const NO_CHECK: &[(&str, &str, &str)] = &[
    (
        "ecs-fargate-alb",
        "4",
        "desired count and Container Insights are requirements, not checks",
    ),
    ("eks-lite-region-mismatch", "2", "encryption of EKS secrets"),
    ("good-sns-sqs-pipeline", "1", "output descriptions"),
    ("good-sns-sqs-pipeline", "2", "a comment's wording"),
    ("good-sns-sqs-pipeline", "3", "file layout"),
    ("sqs-sns-tricky-tests", "2", "dead-letter queues"),
];

#[test]
fn bundles_match_their_expected_documentation_findings_and_claims() {
    let mut failures = String::new();
    let mut compared = 0;
    let mut no_check = 0;
    for common::Bundle {
        name,
        files,
        expected,
    } in common::bundles()
    {
        let report = grade(files, &Options::default()).report();
        assert!(
            report.files.iter().all(|f| f.path != "EXPECTED.md"),
            "{name}: EXPECTED.md was graded"
        );
        let want = expected_docs(&expected);
        let got = actual_docs(&report);
        if want != got {
            let _ = writeln!(
                failures,
                "{name}: documentation findings\n  missing: {:?}\n  unexpected: {:?}",
                want.difference(&got).collect::<Vec<_>>(),
                got.difference(&want).collect::<Vec<_>>()
            );
        }
        for (number, claim, verdict) in expected_claims(&expected) {
            let no_check_topic = NO_CHECK
                .iter()
                .find(|(b, n, _)| *b == name && *n == number)
                .map(|(_, _, topic)| *topic);
            if let Some(topic) = no_check_topic {
                match report.claims.iter().find(|r| r.number == number) {
                    Some(row)
                        if row.verdict == Verdict::NotCheckable
                            && row.evidence.starts_with("no check reads ") => {}
                    Some(row) => {
                        let _ = writeln!(
                            failures,
                            "{name} #{number} ({topic}): expected not checkable with the topic no check reads, got {} ({})",
                            row.verdict.as_str(),
                            row.evidence
                        );
                    }
                    None => {
                        let _ = writeln!(failures, "{name} #{number}: claim not found");
                    }
                }
                no_check += 1;
                continue;
            }
            let want = if verdict.starts_with("contradicted") {
                Verdict::Contradicted
            } else if verdict.starts_with("verified") {
                Verdict::Verified
            } else if verdict.starts_with("not checkable") {
                Verdict::NotCheckable
            } else {
                continue;
            };
            // The row's claim: by its quote, else by its number.
            let row = match quote(&claim) {
                Some(q) => report
                    .claims
                    .iter()
                    .find(|r| normalize(&r.text).contains(&q) || normalize(&r.title).contains(&q)),
                None => report.claims.iter().find(|r| r.number == number),
            };
            // Rows that name a part of the analysis by the reviewer's own label (Q1, 2a)
            // without quoting it cannot be matched to a claim: not compared.
            let Some(row) = row else {
                if quote(&claim).is_some() {
                    let _ = writeln!(failures, "{name} #{number}: claim not found: {claim}");
                }
                continue;
            };
            // A row split into parts (2a, 2b) is one claim here: a contradicted part makes
            // the whole claim contradicted, so only contradicted parts are compared.
            let split = number.len() > 1
                && number
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_lowercase());
            if split && want != Verdict::Contradicted {
                continue;
            }
            compared += 1;
            if row.verdict != want {
                let _ = writeln!(
                    failures,
                    "{name} #{number} ({claim}): expected {verdict}, got {} (claim {} `{}`, codes {:?}: {})",
                    row.verdict.as_str(),
                    row.number,
                    row.title,
                    row.codes,
                    row.evidence
                );
            }
        }
    }
    println!(
        "{compared} claim rows compared; {no_check} rows that no check reads are not checkable"
    );
    assert!(compared >= 40, "only {compared} claims compared");
    assert!(failures.is_empty(), "{failures}");
}
