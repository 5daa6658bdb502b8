//! `tfgrade fix`: diffs, writing in place, standard input.

use std::fs;
use std::path::Path;

use crate::harness::{Case, fixtures, run_in};

cases! {
    // Safe fixes only by default: the SSH fix is unsafe, so nothing changes.
    fix_without_unsafe_leaves_unsafe_fixes: Case {
        args: &["fix", "--select", "network-exposure", "--diff", "open_literal.tf"],
        code: 1,
        stdout_lacks: &["+++"],
        stderr: &["no fixes to apply", "1 unsafe fix is available with `--unsafe`"],
        ..Case::DEFAULT
    },
    fix_stdin_prints_the_fixed_text: Case {
        args: &["fix", "--select", "network-exposure", "--unsafe", "-"],
        stdin: Some("open_literal.tf"),
        code: 0,
        stdout: &[
            "# Bastion security group.",
            "cidr_blocks = [var.allowed_ssh_cidr]",
            "variable \"allowed_ssh_cidr\" {",
        ],
        stdout_lacks: &["\"0.0.0.0/0\"]"],
        stderr: &["applied 1 fix (1 TFG201) to 1 file"],
        ..Case::DEFAULT
    },
    fix_markdown_diff_drops_the_open_default: Case {
        args: &["fix", "--select", "network-exposure", "--unsafe", "--diff", "ssh_via_variable.md"],
        code: 0,
        stdout: &[
            "--- a/ssh_via_variable.md",
            "-  default     = \"0.0.0.0/0\"",
            "+  validation {",
        ],
        stderr: &["would apply 1 fix (1 TFG201) to 1 file"],
        ..Case::DEFAULT
    },
}

/// Fixes are HCL edits: they never write into a JSON configuration file, whether the
/// finding is in the JSON or in HCL that uses a value the JSON declares.
#[test]
fn fix_never_edits_json_configuration() {
    for (dir_name, files) in [
        ("json_config", &["json_config.tf.json"][..]),
        (
            "json_variables",
            &["json_variables/main.tf", "json_variables/variables.tf.json"][..],
        ),
    ] {
        let dir = tempfile::tempdir().expect("temporary directory");
        for file in files {
            let to = dir.path().join(file);
            fs::create_dir_all(to.parent().expect("a parent")).expect("folder");
            fs::copy(fixtures().join(file), &to).expect("fixture is copied");
        }
        let before: Vec<Vec<u8>> = files
            .iter()
            .map(|f| fs::read(dir.path().join(f)).expect("copy"))
            .collect();
        let target = files[0].split('/').next().expect("a path");
        let run = run_in(dir.path(), &["fix", "--unsafe", target], None);
        run.expect_code(1)
            .expect_stderr("no fixes to apply")
            .expect_stderr("after fixes: ");
        let after: Vec<Vec<u8>> = files
            .iter()
            .map(|f| fs::read(dir.path().join(f)).expect("copy"))
            .collect();
        assert_eq!(after, before, "{dir_name}: a file was changed");
    }
}

/// `--diff` shows the new variable and writes nothing.
#[test]
fn fix_diff_shows_the_added_variable() {
    let dir = copy_fixture("open_literal.tf");
    let path = dir.path().join("open_literal.tf");
    let before = fs::read(&path).expect("copy");
    let run = run_in(
        dir.path(),
        &[
            "fix",
            "--select",
            "network-exposure",
            "--unsafe",
            "--diff",
            "open_literal.tf",
        ],
        None,
    );
    run.expect_code(0)
        .expect_stdout("--- a/open_literal.tf\n+++ b/open_literal.tf\n")
        .expect_stdout("-    cidr_blocks = [\"0.0.0.0/0\"]\n")
        .expect_stdout("+    cidr_blocks = [var.allowed_ssh_cidr]\n")
        .expect_stdout("+variable \"allowed_ssh_cidr\" {\n")
        .expect_stdout(
            "+    condition     = !contains([\"0.0.0.0/0\", \"::/0\"], var.allowed_ssh_cidr)\n",
        )
        .expect_stderr("would apply 1 fix (1 TFG201) to 1 file");
    assert_eq!(
        fs::read(&path).expect("copy"),
        before,
        "`--diff` wrote the file"
    );
}

/// Fixing in place writes the file, and grading it again finds nothing that counts.
#[test]
fn fix_in_place_then_check_is_clean() {
    let dir = copy_fixture("open_literal.tf");
    let path = dir.path().join("open_literal.tf");
    let run = run_in(
        dir.path(),
        &[
            "fix",
            "--select",
            "network-exposure",
            "--unsafe",
            "open_literal.tf",
        ],
        None,
    );
    run.expect_code(0)
        .expect_stderr("applied 1 fix (1 TFG201) to 1 file");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let fixed = fs::read_to_string(&path).expect("fixed file");
    assert!(fixed.starts_with("# Bastion security group.\n"), "{fixed}");
    assert!(fixed.contains("variable \"allowed_ssh_cidr\" {"), "{fixed}");

    let check = run_in(
        dir.path(),
        &[
            "check",
            "--select",
            "network-exposure",
            "--format",
            "json",
            "open_literal.tf",
        ],
        None,
    );
    check.expect_code(0);
    let report = check.json();
    assert_eq!(
        report["summary"]["by_severity"]["critical"], 0,
        "{report:#}"
    );
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(0));
}

/// A file saved with a UTF-8 byte-order mark keeps it when fixed.
#[test]
fn fix_keeps_a_byte_order_mark() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("main.tf");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(fs::read(fixtures().join("open_literal.tf")).expect("fixture"));
    fs::write(&path, bytes).expect("written");
    run_in(
        dir.path(),
        &["fix", "--select", "network-exposure", "--unsafe", "."],
        None,
    )
    .expect_code(0);
    let fixed = fs::read(&path).expect("fixed file");
    assert!(
        fixed.starts_with(&[0xEF, 0xBB, 0xBF, b'#']),
        "byte-order mark lost"
    );
    assert!(String::from_utf8_lossy(&fixed).contains("var.allowed_ssh_cidr"));
}

/// Standard input with nothing to fix comes back unchanged.
#[test]
fn fix_stdin_without_fixes_passes_the_text_through() {
    let text = fs::read(fixtures().join("restricted/narrow_cidr.tf")).expect("fixture");
    let run = run_in(
        &fixtures(),
        &["fix", "--select", "network-exposure", "--unsafe", "-"],
        Some(&text),
    );
    run.expect_code(0).expect_stderr("no fixes to apply");
    assert_eq!(run.stdout_bytes, text);
}

fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    fs::copy(fixtures().join(name), dir.path().join(Path::new(name))).expect("fixture is copied");
    dir
}
