//! What every check of the registry owes its users, proven once for all of them: complete
//! docs whose example it reports and whose advice it accepts, a declared fix availability
//! that matches what it does, and codes that the claim wording table can name.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use tfgrade_core::check::{Check, FixAvailability, Run};
use tfgrade_core::finding::Family;
use tfgrade_core::registry::REGISTRY;
use tfgrade_core::report::Report;
use tfgrade_core::{Applicability, InputFile, Options, Severity, grade};

fn report(files: Vec<InputFile>) -> Report {
    grade(files, &Options::default()).report()
}

/// The codes of the counted findings of a report.
fn counted(report: &Report) -> Vec<&'static str> {
    report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info && f.suppressed.is_none())
        .map(|f| f.code)
        .collect()
}

/// Words of tfgrade's own code and design that mean nothing to a user reading a check's
/// docs (Terraform and AWS words are fine). `unit` is allowed only in "unit test".
const INTERNAL_WORDS: &[&str] = &[
    "unit",
    "units",
    "unitid",
    "segment",
    "segments",
    "evaluator",
    "evaluatedattribute",
    "provenance",
    "registry",
    "analysis layer",
    "analyzed",
    "tablefeature",
    "bundlecontext",
    "submission",
    "pipeline",
    "the engine",
    "seed",
    "tfgrade_core",
    "crate::",
    "super::",
    "self::",
    ".rs",
    ".txt",
];

/// Whether `text` holds `term` (case-insensitive) as a whole word: not inside a longer
/// identifier such as `xray:PutTraceSegments`.
fn mentions(text: &str, term: &str) -> bool {
    let text = text.to_lowercase().replace("unit test", "test");
    let term = term.to_lowercase();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let starts_word = term.starts_with(word);
    let ends_word = term.ends_with(word);
    text.match_indices(&term).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + term.len()..].chars().next();
        let inside_before = starts_word && before.is_some_and(word);
        let inside_after = ends_word && after.is_some_and(word);
        !inside_before && !inside_after
    })
}

#[test]
fn every_check_is_declared_completely() {
    let hundreds = |family: Family| match family {
        Family::StateLocking => '1',
        Family::NetworkExposure => '2',
        Family::Tests => '3',
        Family::Naming => '4',
        Family::Documentation => '5',
        Family::Security => '6',
        Family::Validity => '7',
    };
    assert!(REGISTRY.len() >= 41, "{} checks", REGISTRY.len());
    for check in REGISTRY {
        let code = check.code;
        assert!(
            code.len() == 6
                && code.starts_with("TFG")
                && code[3..].chars().all(|c| c.is_ascii_digit()),
            "{code}: a code is TFG and three digits"
        );
        assert_eq!(
            code.chars().nth(3),
            Some(hundreds(check.family)),
            "{code}: the hundreds name the family {}",
            check.family.as_str()
        );
        assert!(
            !check.name.is_empty()
                && check
                    .name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{code}: `{}` is not a kebab-case name",
            check.name
        );
        let docs = &check.docs;
        for (section, text) in [
            ("what", docs.what),
            ("why", docs.why),
            ("example", docs.example),
            ("use instead", docs.use_instead),
            ("fix", docs.fix),
        ] {
            assert!(!text.trim().is_empty(), "{code}: empty `{section}`");
        }
        assert_eq!(
            docs.limitations,
            docs.limitations.trim(),
            "{code}: `limitations` starts or ends with whitespace"
        );
        for (section, text) in [
            ("what", docs.what),
            ("why", docs.why),
            ("example", docs.example),
            ("use instead", docs.use_instead),
            ("fix", docs.fix),
            ("limitations", docs.limitations),
        ] {
            for term in INTERNAL_WORDS {
                assert!(
                    !mentions(text, term),
                    "{code}: `{section}` speaks of `{term}`, a word of tfgrade's code, not of its users"
                );
            }
        }
        assert_ne!(
            docs.example, docs.use_instead,
            "{code}: the example and the advice are the same"
        );
        let says_none = docs.fix.starts_with("None") || docs.fix.starts_with("Display-only");
        assert_eq!(
            says_none,
            check.fix == FixAvailability::None,
            "{code}: the fix section and the declared availability disagree: {}",
            docs.fix
        );
    }
}

#[test]
fn internal_words_are_found_as_whole_words() {
    assert!(mentions("when the submission holds a file", "submission"));
    assert!(mentions("read from a text Unit", "unit"));
    assert!(mentions("see crate::rules::naming", "crate::"));
    assert!(mentions("a curated table (`iam_actions.txt`)", ".txt"));
    assert!(!mentions("write unit tests of the configuration", "unit"));
    assert!(!mentions("`xray:PutTraceSegments`", "segments"));
    assert!(!mentions("`engine = \"postgres\"`", "the engine"));
}

#[test]
fn configuration_checks_report_their_example_and_accept_their_advice() {
    for check in REGISTRY
        .iter()
        .filter(|c| matches!(c.run, Run::Configuration(_)))
    {
        let example = report(vec![InputFile::new("main.tf", check.docs.example)]);
        assert!(
            counted(&example).contains(&check.code),
            "{} does not report its own example: {:?}",
            check.code,
            counted(&example)
        );
        let advice = report(vec![InputFile::new("main.tf", check.docs.use_instead)]);
        assert!(
            !counted(&advice).contains(&check.code),
            "{} reports its own advice",
            check.code
        );
    }
}

/// A small bundle that every bundle check accepts: a prompt, the model response, an ideal
/// that presents lib/main.tf, an analysis, and unit and integration tests of the bucket.
fn clean_bundle() -> BTreeMap<&'static str, String> {
    let main_tf = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket_prefix = \"logs-\"\n}\n";
    BTreeMap::from([
        (
            "metadata.json",
            r#"{"platform": "tf", "language": "hcl", "complexity": "medium"}"#.to_owned(),
        ),
        (
            "lib/PROMPT.md",
            "Create an S3 bucket for application logs in us-east-1.\n".to_owned(),
        ),
        (
            "lib/MODEL_RESPONSE.md",
            "## lib/main.tf\n```hcl\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n```\n".to_owned(),
        ),
        ("lib/IDEAL_RESPONSE.md", format!("## lib/main.tf\n```hcl\n{main_tf}```\n")),
        (
            "lib/MODEL_FAILURES.md",
            "# Model Failures\n\n## 1. Bucket name fixed\n\n**Issue**: the model named the bucket with a literal string, so a second deployment of the same stack into the account fails, because a bucket of that name already exists and bucket names are global across every account.\n\n**Fix Applied**: the ideal gives the bucket a `bucket_prefix`, so that Terraform appends a unique suffix to every deployment's bucket name.\n".to_owned(),
        ),
        ("lib/main.tf", main_tf.to_owned()),
        (
            "test/terraform.unit.test.ts",
            "import { readFileSync } from 'fs';\n\ntest('bucket uses a prefix', () => {\n  const tf = readFileSync('lib/main.tf', 'utf8');\n  expect(tf).toMatch(/resource \"aws_s3_bucket\" \"logs\"/);\n});\n".to_owned(),
        ),
        (
            "test/terraform.int.test.ts",
            "import { S3Client, GetBucketVersioningCommand } from '@aws-sdk/client-s3';\nconst outputs = JSON.parse(readFileSync('cfn-outputs/flat-outputs.json', 'utf8'));\n\ntest('bucket exists', async () => {\n  const res = await new S3Client({}).send(new GetBucketVersioningCommand({ Bucket: outputs.bucket }));\n  expect(res.$metadata.httpStatusCode).toBe(200);\n});\n".to_owned(),
        ),
    ])
}

/// The text of a docs snippet below its first line when that line names the file it is
/// (`// test/terraform.int.test.ts`, `# lib/main.tf, and ...`).
fn below_path_line(snippet: &str) -> String {
    snippet
        .split_once('\n')
        .map_or("", |(_, rest)| rest)
        .to_owned()
}

/// The bundle made from a bundle check's docs: its example (or, with `advice`, what it
/// advises instead) put in place of the file it shows. Every bundle check has one.
fn docs_bundle(check: &Check, advice: bool) -> BTreeMap<&'static str, String> {
    let docs = check.docs;
    let mut bundle = clean_bundle();
    let shown = if advice {
        docs.use_instead
    } else {
        docs.example
    };
    match (check.code, advice) {
        ("TFG301", false) => {
            bundle.remove("test/terraform.unit.test.ts");
            bundle.remove("test/terraform.int.test.ts");
            bundle.insert("lib/main.tf", below_path_line(shown));
        }
        ("TFG301" | "TFG302" | "TFG303" | "TFG304", _) if shown.starts_with("// test/") => {
            bundle.insert("test/terraform.int.test.ts", below_path_line(shown));
        }
        ("TFG304", false) => {
            bundle.insert("lib/main.tf", below_path_line(shown));
            bundle.insert(
                "test/terraform.int.test.ts",
                "const outputs = JSON.parse(readFileSync('cfn-outputs/flat-outputs.json', 'utf8'));\n\ntest('bucket output', () => {\n  expect(outputs.bucket).toMatch(/^logs-/);\n});\n".to_owned(),
            );
            bundle.insert(
                "test/terraform.unit.test.ts",
                "test('outputs exist', () => {\n  expect(Object.keys(require('../cfn-outputs/flat-outputs.json'))).toContain('bucket');\n});\n".to_owned(),
            );
        }
        ("TFG501", _) => {
            // The example and the advice list the files of the bundle.
            bundle.retain(|path, _| !path.ends_with(".md") || shown.contains(path));
        }
        ("TFG502" | "TFG503", _) => {
            bundle.insert("lib/MODEL_FAILURES.md", shown.to_owned());
        }
        ("TFG504", _) => {
            let ideal = shown.split("\n(").next().unwrap_or(shown);
            bundle.insert("lib/IDEAL_RESPONSE.md", format!("{ideal}\n"));
            bundle.insert(
                "lib/main.tf",
                "resource \"aws_ecs_service\" \"app\" {\n  desired_count = 3\n}\n".to_owned(),
            );
        }
        ("TFG505", false) => {
            bundle.insert(
                "lib/iam.tf",
                "resource \"aws_iam_role\" \"app\" {\n  name_prefix        = \"app-\"\n  assume_role_policy = \"{}\"\n}\n".to_owned(),
            );
        }
        ("TFG505", true) => {
            bundle.insert(
                "lib/iam.tf",
                "resource \"aws_iam_role\" \"app\" {\n  name_prefix        = \"app-\"\n  assume_role_policy = \"{}\"\n}\n".to_owned(),
            );
            let ideal = bundle["lib/IDEAL_RESPONSE.md"].clone();
            bundle.insert(
                "lib/IDEAL_RESPONSE.md",
                format!(
                    "{ideal}\n## lib/iam.tf\n```hcl\n{}```\n",
                    bundle["lib/iam.tf"]
                ),
            );
        }
        (code, _) => panic!("{code}: no bundle is made from its docs; add one here"),
    }
    bundle
}

fn files(bundle: BTreeMap<&str, String>) -> Vec<InputFile> {
    bundle
        .into_iter()
        .map(|(path, text)| InputFile::new(path, text))
        .collect()
}

#[test]
fn bundle_checks_report_their_example_and_accept_their_advice() {
    let clean = report(files(clean_bundle()));
    assert!(
        counted(&clean)
            .iter()
            .all(|c| !c.starts_with("TFG3") && !c.starts_with("TFG5")),
        "the clean bundle has bundle findings: {:?}",
        counted(&clean)
    );
    for check in REGISTRY.iter().filter(|c| matches!(c.run, Run::Bundle(_))) {
        let example = report(files(docs_bundle(check, false)));
        assert!(
            counted(&example).contains(&check.code),
            "{} does not report the bundle made from its example: {:?}",
            check.code,
            counted(&example)
        );
        let advice = report(files(docs_bundle(check, true)));
        assert!(
            !counted(&advice).contains(&check.code),
            "{} reports the bundle made from its advice",
            check.code
        );
    }
}

/// What the fixture corpora and the docs examples show of each check's fixes.
#[derive(Default)]
struct FixesSeen {
    findings: usize,
    with_fix: usize,
}

#[test]
fn declared_fix_availability_matches_what_checks_do() {
    let mut seen: BTreeMap<&str, FixesSeen> = BTreeMap::new();
    let mut inputs: Vec<Vec<InputFile>> = common::core_fixtures()
        .into_iter()
        .map(|f| f.files)
        .chain(common::bundles().into_iter().map(|b| b.files))
        .collect();
    inputs.extend(REGISTRY.iter().map(|c| match c.run {
        Run::Configuration(_) => vec![InputFile::new("main.tf", c.docs.example)],
        Run::Bundle(_) => files(docs_bundle(c, false)),
    }));
    for files in inputs {
        for finding in report(files).findings {
            if finding.severity == Severity::Info || finding.suppressed.is_some() {
                continue;
            }
            let entry = seen.entry(finding.code).or_default();
            entry.findings += 1;
            let fixable = finding.fix.as_ref().is_some_and(|fix| {
                fix.applicability != Applicability::DisplayOnly && !fix.edits.is_empty()
            });
            entry.with_fix += usize::from(fixable);
        }
    }
    for check in REGISTRY {
        let Some(s) = seen.get(check.code) else {
            panic!("{}: no fixture or example shows a finding", check.code);
        };
        match check.fix {
            FixAvailability::None => assert_eq!(
                s.with_fix, 0,
                "{} declares no fix but fixed {} of {} findings",
                check.code, s.with_fix, s.findings
            ),
            FixAvailability::Sometimes => assert!(
                s.with_fix > 0,
                "{} declares fixes but fixed none of {} findings",
                check.code,
                s.findings
            ),
            FixAvailability::Always => assert_eq!(
                s.with_fix, s.findings,
                "{} declares a fix for every finding",
                check.code
            ),
        }
    }
}

#[test]
fn the_claim_wording_table_names_only_checks_that_exist() {
    for concept in tfgrade_core::bundle::wording::CONCEPTS {
        for code in concept.codes {
            assert!(
                REGISTRY.iter().any(|c| c.code.starts_with(code)),
                "the wording table names {code}, which no check has"
            );
        }
    }
}
