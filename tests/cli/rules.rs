//! `tfgrade rule` and `tfgrade rules`: the checks' documentation.

use crate::harness::Case;
use crate::harness::Json::{Has, Str};

cases! {
    rule_by_code_shows_every_docs_section: Case {
        args: &["rule", "TFG201"],
        code: 0,
        stdout: &[
            "TFG201 `ssh-open-to-world`",
            "severity: critical, family: network-exposure, category: A, fix: sometimes",
            "What it does",
            "Why is this bad?",
            "Example",
            "    variable \"allowed_ssh_cidr\" {",
            "      default = \"0.0.0.0/0\"",
            "Use instead",
            "      validation {",
            "Fix",
            "Unsafe:",
            "Limitations",
            "Only the whole internet counts",
        ],
        ..Case::DEFAULT
    },
    rule_without_limitations_shows_no_such_section: Case {
        args: &["rule", "TFG102"],
        code: 0,
        stdout: &["TFG102 `s3-backend-dynamodb-locking-deprecated`", "Fix", "Safe:"],
        stdout_lacks: &["Limitations"],
        ..Case::DEFAULT
    },
    rule_code_is_case_insensitive: Case {
        args: &["rule", "tfg201"],
        code: 0,
        stdout: &["TFG201 `ssh-open-to-world`"],
        ..Case::DEFAULT
    },
    rule_by_name_as_json: Case {
        args: &["rule", "ssh-open-to-world", "--format", "json"],
        code: 0,
        json: &[
            Str("/code", "TFG201"),
            Str("/name", "ssh-open-to-world"),
            Str("/severity", "critical"),
            Str("/fix", "sometimes"),
            Has("/docs/why", "SSH"),
            Has("/docs/example", "0.0.0.0/0"),
            Has("/docs/limitations", "info note"),
        ],
        ..Case::DEFAULT
    },
    rule_without_limitations_has_them_empty_in_json: Case {
        args: &["rule", "TFG102", "--format", "json"],
        code: 0,
        json: &[Str("/code", "TFG102"), Str("/docs/limitations", "")],
        ..Case::DEFAULT
    },
    unknown_rule_cannot_run: Case {
        args: &["rule", "TFG999"],
        code: 2,
        stderr: &["error: no check has the code or name `TFG999`", "`tfgrade rules`"],
        ..Case::DEFAULT
    },
    rules_table_lists_the_checks: Case {
        args: &["rules"],
        code: 0,
        stdout: &[
            "CODE    NAME",
            "TFG201  ssh-open-to-world",
            "network-exposure",
            "critical",
            "TFG203",
            "high",
            "sometimes",
        ],
        ..Case::DEFAULT
    },
    rules_as_json: Case {
        args: &["rules", "--format", "json"],
        code: 0,
        // The registry in code order: the state-locking family comes first.
        json: &[
            Str("/0/code", "TFG101"),
            Str("/0/family", "state-locking"),
            Has("/0/docs/what", "use_lockfile"),
        ],
        ..Case::DEFAULT
    },
}

/// The README's table of checks is `tfgrade rules` as markdown: every check, in order,
/// with its name, family, severity, rating category and fix availability.
#[test]
fn readme_lists_every_check_as_tfgrade_rules_does() {
    let readme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"),
    )
    .expect("README.md");
    let header = "| code | name | family | severity | rating category | fix |";
    let start = readme
        .find(header)
        .expect("the README has the table of checks");
    let rows: Vec<String> = readme[start..]
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(str::to_owned)
        .collect();
    let rules =
        crate::harness::run_in(&std::env::temp_dir(), &["rules", "--format", "json"], None).json();
    let expected: Vec<String> = rules
        .as_array()
        .expect("a list of checks")
        .iter()
        .map(|c| {
            let field = |name: &str| c[name].as_str().unwrap_or_default().to_owned();
            format!(
                "| {} | {} | {} | {} | {} | {} |",
                field("code"),
                field("name"),
                field("family"),
                field("severity"),
                field("category"),
                field("fix")
            )
        })
        .collect();
    assert_eq!(
        rows,
        expected,
        "the README's table of checks differs from `tfgrade rules`; it should read:\n{header}\n|---|---|---|---|---|---|\n{}",
        expected.join("\n")
    );
}
