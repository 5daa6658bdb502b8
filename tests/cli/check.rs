//! `tfgrade check`: findings, errors, exit codes, input kinds.

use std::fs;

use crate::harness::Json::{Bool, Has, Len, Null, Num, Str};
use crate::harness::{Case, run_in};

cases! {
    // A model response whose SSH rule is open through a variable default: the finding
    // points into the markdown file (line 27 holds `cidr_blocks`) and names the variable.
    markdown_response_open_through_variable_default: Case {
        args: &["check", "--select", "network-exposure", "--format", "json", "ssh_via_variable.md"],
        code: 1,
        json: &[
            Len("/findings", 1),
            Str("/findings/0/code", "TFG201"),
            Str("/findings/0/severity", "critical"),
            Str("/findings/0/file", "ssh_via_variable.md"),
            Str("/findings/0/virtual_file", "lib/main.tf"),
            Num("/findings/0/line", 27),
            Num("/findings/0/column", 19),
            Has("/findings/0/message", "var.allowed_ssh_cidr"),
            Str("/files/0/role", "response"),
            Len("/errors", 0),
        ],
        ..Case::DEFAULT
    },
    markdown_response_human_diagnostic: Case {
        args: &["check", "--select", "network-exposure", "ssh_via_variable.md"],
        code: 1,
        stdout: &[
            "critical[TFG201]: `aws_security_group.bastion` admits SSH",
            "--> ssh_via_variable.md:27:19",
            "27 |     cidr_blocks = [var.allowed_ssh_cidr]",
            "^^^^^^^^^^^^^^^^^^^^^^ in `aws_security_group.bastion`",
            "= note: in the code block named `lib/main.tf`",
            "= note: via `var.allowed_ssh_cidr`, default \"0.0.0.0/0\"",
            "= help: fix (unsafe, with `--unsafe`): make `var.allowed_ssh_cidr` required",
            "1 finding (1 critical), 1 fixable, 0 unknown values, 0 errors in 1 file",
        ],
        // Not a terminal: no colour codes.
        stdout_lacks: &["\u{1b}["],
        ..Case::DEFAULT
    },
    // A narrow CIDR, `self = true` and a source security group expose nothing, and the
    // configuration around them (locked state, tags, generated names) is clean: every
    // check runs and none reports.
    restricted_ingress_has_no_findings: Case {
        args: &["check", "--select", "network-exposure", "--format", "json", "restricted"],
        code: 0,
        json: &[
            Len("/findings", 0),
            Len("/errors", 0),
            Num("/summary/files", 4),
            Str("/files/0/path", "main.tf"),
            Str("/files/1/path", "narrow_cidr.tf"),
            Str("/files/2/path", "self.tf"),
            Str("/files/3/path", "source_sg.tf"),
        ],
        ..Case::DEFAULT
    },
    restricted_ingress_human_summary: Case {
        args: &["check", "--select", "network-exposure", "restricted"],
        code: 0,
        stdout: &["0 findings, 0 fixable, 0 unknown values, 0 errors in 4 files"],
        stdout_lacks: &["TFG2"],
        ..Case::DEFAULT
    },
    // One file does not parse: a located error, and the other file is still graded.
    syntax_error_beside_open_ssh: Case {
        args: &["check", "--select", "network-exposure", "--format", "json", "mixed"],
        code: 1,
        json: &[
            Len("/errors", 1),
            Str("/errors/0/file", "broken.tf"),
            Num("/errors/0/line", 4),
            Num("/errors/0/column", 3),
            Has("/errors/0/message", "syntax error"),
            Len("/findings", 1),
            Str("/findings/0/file", "open.tf"),
            Null("/findings/0/virtual_file"),
            Str("/findings/0/code", "TFG201"),
            Num("/findings/0/line", 8),
            Num("/summary/errors", 1),
        ],
        ..Case::DEFAULT
    },
    syntax_error_human_location: Case {
        args: &["check", "--select", "network-exposure", "mixed"],
        code: 1,
        stdout: &[
            "error: syntax error",
            "--> mixed/broken.tf:4:3",
            "critical[TFG201]",
            "--> mixed/open.tf:8:20",
            "1 finding (1 critical), 1 fixable, 0 unknown values, 1 error in 2 files",
        ],
        ..Case::DEFAULT
    },
    stdin_hcl: Case {
        args: &["check", "--select", "network-exposure", "-"],
        stdin: Some("open_literal.tf"),
        code: 1,
        stdout: &["critical[TFG201]", "--> stdin:9:20"],
        ..Case::DEFAULT
    },
    // Without an extension, the content decides: fenced code makes it a response.
    stdin_markdown_is_recognised: Case {
        args: &["check", "--select", "network-exposure", "--format", "json", "-"],
        stdin: Some("ssh_via_variable.md"),
        code: 1,
        json: &[
            Str("/files/0/path", "stdin"),
            Str("/files/0/role", "response"),
            Str("/findings/0/code", "TFG201"),
            Str("/findings/0/virtual_file", "lib/main.tf"),
            Num("/findings/0/line", 27),
        ],
        ..Case::DEFAULT
    },
    stdin_name_names_the_file: Case {
        args: &["check", "--select", "network-exposure", "--format", "json", "--stdin-name", "lib/main.tf", "-"],
        stdin: Some("open_literal.tf"),
        code: 1,
        json: &[
            Str("/files/0/path", "lib/main.tf"),
            Str("/files/0/role", "terraform"),
            Str("/findings/0/file", "lib/main.tf"),
        ],
        ..Case::DEFAULT
    },
    fail_on_critical_ignores_a_high_finding: Case {
        args: &["check", "--select", "network-exposure", "--fail-on", "critical", "database_open.tf"],
        code: 0,
        stdout: &["high[TFG203]", "1 finding (1 high)"],
        ..Case::DEFAULT
    },
    default_fail_on_counts_a_high_finding: Case {
        args: &["check", "--select", "network-exposure", "database_open.tf"],
        code: 1,
        stdout: &["high[TFG203]"],
        ..Case::DEFAULT
    },
    fail_on_high_counts_a_high_finding: Case {
        args: &["check", "--select", "network-exposure", "--fail-on", "high", "database_open.tf"],
        code: 1,
        ..Case::DEFAULT
    },
    suppressed_finding_does_not_count: Case {
        args: &["check", "--select", "network-exposure", "suppressed.tf"],
        code: 0,
        stdout: &[
            "suppressed[TFG201]",
            "--> suppressed.tf:9:20",
            "reachable only through the corporate VPN gateway",
            "0 findings, 0 fixable, 0 unknown values, 1 suppressed, 0 errors in 1 file",
        ],
        ..Case::DEFAULT
    },
    suppressed_finding_in_json: Case {
        args: &["check", "--select", "network-exposure", "--format", "json", "suppressed.tf"],
        code: 0,
        json: &[
            Has("/findings/0/suppressed", "VPN"),
            Num("/summary/findings", 0),
            Num("/summary/suppressed", 1),
        ],
        ..Case::DEFAULT
    },
    // A value known only at plan time is an info note: shown, never counted.
    unknown_value_is_an_info_note: Case {
        args: &["check", "--select", "network-exposure", "unknown_cidr.tf"],
        code: 0,
        stdout: &[
            "note[TFG201]: cannot tell whether `aws_security_group.bastion` admits SSH",
            "--> unknown_cidr.tf:13:19",
            "1 finding (1 info), 0 fixable, 1 unknown value, 0 errors in 1 file",
        ],
        ..Case::DEFAULT
    },
    unknown_value_in_json: Case {
        args: &["check", "--select", "network-exposure", "--format", "json", "--fail-on", "low", "unknown_cidr.tf"],
        code: 0,
        json: &[
            Str("/findings/0/severity", "info"),
            Num("/summary/unknowns", 1),
        ],
        ..Case::DEFAULT
    },
    // A binary file and a Latin-1 file: errors at the offending byte, no panic, and the
    // good file beside them is still graded.
    undecodable_files_are_located_errors: Case {
        args: &["check", "--select", "network-exposure", "--format", "json", "undecodable"],
        code: 1,
        json: &[
            Len("/errors", 2),
            Str("/errors/0/file", "binary.tf"),
            Has("/errors/0/message", "binary"),
            Num("/errors/0/line", 4),
            Num("/errors/0/column", 1),
            Str("/errors/1/file", "latin1.tf"),
            Has("/errors/1/message", "0xE9"),
            Num("/errors/1/line", 1),
            Num("/errors/1/column", 6),
            Num("/errors/1/start", 5),
            Str("/findings/0/file", "open.tf"),
        ],
        ..Case::DEFAULT
    },
    undecodable_files_human: Case {
        args: &["check", "--select", "network-exposure", "undecodable"],
        code: 1,
        stdout: &[
            "error: binary file",
            "--> undecodable/binary.tf:4:1",
            "error: not UTF-8 text: invalid byte 0xE9",
            "--> undecodable/latin1.tf:1:6",
            "2 errors in 3 files",
        ],
        ..Case::DEFAULT
    },
    no_color_is_accepted: Case {
        args: &["check", "--select", "network-exposure", "--no-color", "open_literal.tf"],
        code: 1,
        stdout: &["critical[TFG201]"],
        stdout_lacks: &["\u{1b}["],
        ..Case::DEFAULT
    },
    unknown_format_is_a_usage_error: Case {
        args: &["check", "--select", "network-exposure", "--format", "xml", "open_literal.tf"],
        code: 2,
        stderr: &["error:", "'xml'", "human, json"],
        ..Case::DEFAULT
    },
    unknown_fail_on_is_a_usage_error: Case {
        args: &["check", "--select", "network-exposure", "--fail-on", "info", "open_literal.tf"],
        code: 2,
        stderr: &["error:", "'info'"],
        ..Case::DEFAULT
    },
    zero_max_size_is_a_usage_error: Case {
        args: &["check", "--select", "network-exposure", "--max-size", "0", "open_literal.tf"],
        code: 2,
        stderr: &["error:", "--max-size"],
        ..Case::DEFAULT
    },
    missing_path_is_a_usage_error: Case {
        args: &["check"],
        code: 2,
        stderr: &["error:", "<PATH>"],
        ..Case::DEFAULT
    },
    unknown_command_is_a_usage_error: Case {
        args: &["grade", "open_literal.tf"],
        code: 2,
        stderr: &["error:", "'grade'"],
        ..Case::DEFAULT
    },
    nonexistent_path_cannot_run: Case {
        args: &["check", "--select", "network-exposure", "does/not/exist.tf"],
        code: 2,
        stderr: &["error: cannot read `does/not/exist.tf`"],
        ..Case::DEFAULT
    },
    help_lists_commands_and_exit_codes: Case {
        args: &["--help"],
        code: 0,
        stdout: &["check", "fix", "rule", "rules", "Exit codes"],
        ..Case::DEFAULT
    },
}

/// Hidden folders, `node_modules` and `target` are not walked; files come sorted by path,
/// component by component.
#[test]
fn directory_walk_skips_hidden_and_vendored_folders() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let open = fs::read(crate::harness::fixtures().join("open_literal.tf")).expect("fixture");
    let clean = fs::read(crate::harness::fixtures().join("restricted/self.tf")).expect("fixture");
    for skipped in [
        ".terraform/modules/vpc/main.tf",
        ".git/hooks/main.tf",
        "node_modules/pkg/main.tf",
        "target/main.tf",
        "lib/.hidden.tf",
    ] {
        write(dir.path(), skipped, &open);
    }
    for kept in ["lib/main.tf", "lib-b/main.tf", "a.tf"] {
        write(dir.path(), kept, &clean);
    }
    let run = run_in(
        dir.path(),
        &[
            "check",
            "--select",
            "network-exposure",
            "--format",
            "json",
            ".",
        ],
        None,
    );
    run.expect_code(0);
    let report = run.json();
    let paths: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(paths, ["a.tf", "lib/main.tf", "lib-b/main.tf"]);
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(0));
}

/// A file above `--max-size` is not read: it is an error naming the limit, and the rest is
/// still graded.
#[test]
fn oversized_file_is_refused_and_the_rest_graded() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let open = fs::read(crate::harness::fixtures().join("open_literal.tf")).expect("fixture");
    write(dir.path(), "open.tf", &open);
    let mut big = b"# padding\n".repeat(150_000);
    big.extend_from_slice(b"locals {}\n");
    write(dir.path(), "big.tf", &big);

    let run = run_in(
        dir.path(),
        &[
            "check",
            "--select",
            "network-exposure",
            "--format",
            "json",
            "--max-size",
            "1",
            ".",
        ],
        None,
    );
    run.expect_code(1);
    let report = run.json();
    assert_eq!(report["errors"][0]["file"], "big.tf");
    let message = report["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("larger than the limit of 1 MB"),
        "{message}"
    );
    assert_eq!(report["findings"][0]["file"], "open.tf");
    assert_eq!(report["summary"]["files"], 2);

    let human = run_in(
        dir.path(),
        &[
            "check",
            "--select",
            "network-exposure",
            "--max-size",
            "1",
            ".",
        ],
        None,
    );
    human
        .expect_code(1)
        .expect_stdout(
            "error: file is 1.4 MB, larger than the limit of 1 MB (`--max-size`); not graded",
        )
        .expect_stdout("--> big.tf");

    // The same file is graded under the default limit.
    run_in(
        dir.path(),
        &["check", "--select", "network-exposure", "big.tf"],
        None,
    )
    .expect_code(0);
}

#[test]
fn oversized_stdin_is_refused() {
    let big = b"# padding\n".repeat(150_000);
    let run = run_in(
        &crate::harness::fixtures(),
        &[
            "check",
            "--select",
            "network-exposure",
            "--max-size",
            "1",
            "-",
        ],
        Some(&big),
    );
    run.expect_code(1)
        .expect_stdout("error: input is larger than the limit of 1 MB");
}

fn write(root: &std::path::Path, relative: &str, bytes: &[u8]) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().expect("parent")).expect("folder is created");
    fs::write(path, bytes).expect("file is written");
}

cases! {
    // `--select` and `--ignore` choose checks by code, prefix, name or family; a selector
    // that names no check is an error, not silence.
    select_by_family_keeps_only_that_family: Case {
        args: &["check", "--format", "json", "--select", "network-exposure", "open_literal.tf"],
        code: 1,
        json: &[Len("/findings", 1), Str("/findings/0/code", "TFG201")],
        ..Case::DEFAULT
    },
    ignore_by_code_drops_that_check: Case {
        args: &["check", "--format", "json", "--select", "TFG2", "--ignore", "ssh-open-to-world", "open_literal.tf"],
        code: 0,
        json: &[Len("/findings", 0)],
        ..Case::DEFAULT
    },
    every_check_runs_by_default: Case {
        args: &["check", "--format", "json", "open_literal.tf"],
        code: 1,
        // Local state, no tags and a fixed name besides the open SSH rule.
        json: &[
            Len("/findings", 4),
            Str("/findings/0/code", "TFG103"),
            Str("/findings/1/code", "TFG690"),
            Str("/findings/2/code", "TFG401"),
            Str("/findings/3/code", "TFG201"),
        ],
        ..Case::DEFAULT
    },
    unknown_selector_is_an_error: Case {
        args: &["check", "--select", "TFG9", "open_literal.tf"],
        code: 2,
        stderr: &["error: no check matches `TFG9`"],
        ..Case::DEFAULT
    },
}

cases! {
    // A hard-coded secret is located, but neither the message nor the snippet shows it.
    secrets_are_masked_in_human_output: Case {
        args: &["check", "--select", "hard-coded-secret", "secret.tf"],
        code: 1,
        stdout: &["critical[TFG650]", "--> secret.tf:4:23", "\"***************\""],
        stdout_lacks: &["SuperSecret123!", "perSecret"],
        ..Case::DEFAULT
    },
    secrets_are_masked_in_json: Case {
        args: &["check", "--format", "json", "--select", "TFG650", "secret.tf"],
        code: 1,
        json: &[Str("/findings/0/code", "TFG650"), Has("/findings/0/message", "Su****")],
        stdout_lacks: &["SuperSecret123!"],
        ..Case::DEFAULT
    },
}

cases! {
    // The seed review's scenario as a bundle: its locking, tests, naming and docs claims
    // hold in the ideal; its SSH claim is contradicted, with the open default as evidence.
    seed_scenario_claims_are_judged: Case {
        args: &["check", "--format", "json", "../bundles/seed-scenario"],
        code: 1,
        json: &[
            Str("/claims/0/verdict", "verified"),
            Str("/claims/1/verdict", "contradicted"),
            Has("/claims/1/evidence", "`var.allowed_ssh_cidr`, default \"0.0.0.0/0\""),
            Str("/claims/2/verdict", "verified"),
            Str("/claims/3/verdict", "verified"),
            Str("/claims/4/verdict", "verified"),
            Str("/metadata/platform", "tf"),
            Str("/prompt/region/region", "us-west-2"),
        ],
        ..Case::DEFAULT
    },
}

cases! {
    // The prompt's services and region against the pair: three requested services are
    // in neither configuration, and the claim that all are present is contradicted.
    prompt_services_are_compared_with_the_pair: Case {
        args: &["check", "--format", "json", "../bundles/missing-services-blocker"],
        code: 1,
        json: &[
            Str("/prompt/services/0/service", "apigateway"),
            Bool("/prompt/services/0/ideal/present", false),
            Str("/prompt/services/3/ideal/resources/0", "aws_s3_bucket.uploads"),
            Str("/prompt/provider_regions/0/side", "model"),
            Bool("/prompt/provider_regions/0/matches", true),
            Str("/claims/1/requirements/0", "services"),
            Str("/claims/1/verdict", "contradicted"),
        ],
        ..Case::DEFAULT
    },
    prompt_services_human_section: Case {
        args: &["check", "../bundles/eks-lite-region-mismatch"],
        code: 1,
        stdout: &[
            "SERVICE",
            "kms        7    NO    yes   aws_kms_key.secrets",
            // "S3 backend with `use_lockfile`" is a practice: S3 is not asked for.
            "missing: 1 of 4 in the model response, 0 in the ideal",
            "region: eu-central-1 required (line 2)",
            "ideal  DIFFERS  us-east-1 (lib)",
        ],
        ..Case::DEFAULT
    },
}

/// Writes a zip archive with these entries (stored with deflate), for the tests below.
fn write_zip(path: &std::path::Path, entries: &[(&str, &[u8])]) {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(fs::File::create(path).expect("archive created"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).expect("entry started");
        writer.write_all(bytes).expect("entry written");
    }
    writer.finish().expect("archive finished");
}

/// A bundle handed over as a .zip is graded like the folder: its single top folder is
/// dropped from the paths, and positions point into the entries.
#[test]
fn a_zipped_bundle_is_graded_like_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = crate::harness::fixtures().join("../bundles/seed-scenario");
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for path in [
        "metadata.json",
        "lib/PROMPT.md",
        "lib/MODEL_RESPONSE.md",
        "lib/IDEAL_RESPONSE.md",
        "lib/MODEL_FAILURES.md",
        "lib/tap_stack.tf",
        "lib/provider.tf",
        "test/terraform.int.test.ts",
        "test/terraform.unit.test.ts",
    ] {
        if let Ok(bytes) = fs::read(bundle.join(path)) {
            entries.push((format!("seed-scenario/{path}"), bytes));
        }
    }
    let borrowed: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    write_zip(&dir.path().join("bundle.zip"), &borrowed);
    let run = run_in(
        dir.path(),
        &["check", "--format", "json", "bundle.zip"],
        None,
    );
    run.expect_code(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        report["errors"].as_array().unwrap().is_empty(),
        "{}",
        report["errors"]
    );
    assert_eq!(report["files"][0]["path"], "lib/IDEAL_RESPONSE.md");
    assert_eq!(report["claims"][1]["verdict"], "contradicted");
    let ssh = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "TFG201" && f["file"] == "lib/tap_stack.tf")
        .expect("the open SSH rule of the ideal");
    assert!(ssh["line"].as_u64().unwrap() > 1);
    // Fixes cannot be written into the archive; the diff can be shown.
    let fix = run_in(dir.path(), &["fix", "--unsafe", "bundle.zip"], None);
    fix.expect_code(2);
    assert!(
        fix.stderr.contains("cannot be written into a zip archive"),
        "{}",
        fix.stderr
    );
}

/// A broken archive and an entry that would leave the archive's folder are reported, not
/// lost and not followed.
#[test]
fn broken_zips_and_unsafe_entries_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("broken.zip"),
        b"PK\x03\x04 this is not a zip archive",
    )
    .unwrap();
    let run = run_in(
        dir.path(),
        &["check", "--format", "json", "broken.zip"],
        None,
    );
    run.expect_code(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["errors"][0]["file"], "broken.zip");
    assert!(
        report["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not a readable zip archive")
    );

    write_zip(
        &dir.path().join("escape.zip"),
        &[
            ("../outside.tf", b"resource \"aws_vpc\" \"v\" {}\n"),
            ("main.tf", b"resource \"aws_vpc\" \"v\" {}\n"),
        ],
    );
    let run = run_in(
        dir.path(),
        &["check", "--format", "json", "escape.zip"],
        None,
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("unsafe path")
    );
    assert!(
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "main.tf")
    );
}

cases! {
    // JSON configuration syntax is graded like HCL: the finding points into the JSON.
    json_configuration_is_checked: Case {
        args: &["check", "json_config.tf.json"],
        code: 1,
        stdout: &[
            "critical[TFG201]: `aws_security_group.a` admits SSH (port 22) from `0.0.0.0/0`",
            "--> json_config.tf.json:1:124",
        ],
        stdout_lacks: &["not checked"],
        ..Case::DEFAULT
    },
    // A variable default written in JSON is evaluated, and named as the value's origin.
    json_variable_default_is_evaluated: Case {
        args: &["check", "json_variables"],
        code: 1,
        stdout: &[
            "--> json_variables/main.tf:8:19",
            "via `var.ssh_cidr`, default \"0.0.0.0/0\"",
            "written at variables.tf.json line 6",
        ],
        ..Case::DEFAULT
    },
}

cases! {
    // Two loose inputs graded as a pair: the model's open SSH rule and fixed name are
    // fixed in the ideal, and the rating card comes first.
    check_pair_rates_a_model_response_against_its_ideal: Case {
        args: &["check", "--pair", "open_literal.tf", "pair/ideal"],
        // The ideal keeps local state (low): the exit code counts the ideal's findings.
        code: 1,
        stdout: &[
            "training value: ",
            "check TFG201",
            "ssh-open-to-world (1 of 1 finding(s) gone)",
        ],
        ..Case::DEFAULT
    },
    // The model response's critical finding does not fail a pair whose ideal is clean
    // at that severity.
    check_pair_exit_code_counts_the_ideal_only: Case {
        args: &["check", "--pair", "--fail-on", "high", "open_literal.tf", "pair/ideal"],
        code: 0,
        stdout: &["admits SSH (port 22) from `0.0.0.0/0`"],
        ..Case::DEFAULT
    },
    // One response alone: its ideal is itself with every fix applied, and the rating
    // says it is an estimate; the findings and the exit code stay the response's.
    check_estimate_rates_one_response_with_its_fixes_applied: Case {
        args: &["check", "--estimate", "open_literal.tf"],
        code: 1,
        stdout: &[
            "(an estimate: the ideal is the response with every automatic fix applied)",
            "ssh-open-to-world (1 of 1 finding(s) gone)",
            "in 1 file",
        ],
        ..Case::DEFAULT
    },
    // The rating card of a bundle comes first and shows what the ideal kept: the seed
    // scenario's SSH rule, "fixed" in its review, is still open through the default.
    check_a_bundle_prints_the_rating_card_with_what_was_kept: Case {
        args: &["check", "../bundles/seed-scenario"],
        code: 1,
        stdout: &[
            "training value: 10/10, pass",
            "kept by the ideal (not fixed):",
            "TFG201: `aws_security_group.bastion` admits SSH (port 22) from `0.0.0.0/0`",
            "reviewer's score: 8 (-2)",
        ],
        ..Case::DEFAULT
    },
    check_pair_needs_the_ideal: Case {
        args: &["check", "--pair", "open_literal.tf"],
        code: 2,
        stderr: &["<IDEAL>"],
        ..Case::DEFAULT
    },
}
