//! Runs the `tfgrade` binary the way a user does and checks what it printed.
//!
//! The binary belongs to another package, so Cargo does not build it for this one: the
//! first case builds it with `cargo build -p tfgrade-cli` (same profile as these tests)
//! and takes its path from Cargo's JSON messages. Set `TFGRADE_BIN` to test a binary built
//! elsewhere instead.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

/// The fixtures folder; commands run there so paths in the output stay short.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cli")
}

/// Path of the `tfgrade` binary, built on first use.
pub fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| match std::env::var_os("TFGRADE_BIN") {
        Some(path) => PathBuf::from(path),
        None => build_binary(),
    })
}

fn build_binary() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let mut command = Command::new(cargo);
    command.args([
        "build",
        "--quiet",
        "--message-format=json",
        "-p",
        "tfgrade-cli",
        "--bin",
        "tfgrade",
    ]);
    command.arg("--manifest-path").arg(&manifest);
    // The test executable lives in `<target>/<profile dir>/deps/`.
    let profile_dir = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.file_name()?.to_owned()));
    if let Some(dir) = profile_dir.filter(|d| d != "debug") {
        command.arg("--profile").arg(dir);
    }
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo build -p tfgrade-cli` failed"
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .expect("cargo reports the `tfgrade` executable")
}

/// What a JSON report must hold at a JSON pointer.
#[derive(Debug, Clone, Copy)]
pub enum Json {
    /// A string equal to this.
    Str(&'static str, &'static str),
    /// A string containing this.
    Has(&'static str, &'static str),
    Num(&'static str, u64),
    Bool(&'static str, bool),
    /// An array of this length.
    Len(&'static str, usize),
    Null(&'static str),
}

/// One command line and what it must do.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    pub args: &'static [&'static str],
    /// Fixture fed to standard input.
    pub stdin: Option<&'static str>,
    pub code: i32,
    /// Fragments standard output must contain.
    pub stdout: &'static [&'static str],
    /// Fragments standard output must not contain.
    pub stdout_lacks: &'static [&'static str],
    /// Fragments standard error must contain; an empty list means it must be empty.
    pub stderr: &'static [&'static str],
    /// Assertions on standard output read as one JSON document.
    pub json: &'static [Json],
}

impl Case {
    pub const DEFAULT: Case = Case {
        args: &[],
        stdin: None,
        code: 0,
        stdout: &[],
        stdout_lacks: &[],
        stderr: &[],
        json: &[],
    };

    /// Runs the case in the fixtures folder and checks every expectation.
    pub fn check(&self) -> Run {
        let stdin = self
            .stdin
            .map(|name| std::fs::read(fixtures().join(name)).expect("stdin fixture exists"));
        let run = run_in(&fixtures(), self.args, stdin.as_deref());
        run.expect_code(self.code);
        for fragment in self.stdout {
            run.expect_stdout(fragment);
        }
        for fragment in self.stdout_lacks {
            assert!(
                !run.stdout.contains(fragment),
                "stdout of {:?} contains {fragment:?}:\n{}",
                run.args,
                run.stdout
            );
        }
        if self.stderr.is_empty() {
            assert!(
                run.stderr.is_empty(),
                "stderr of {:?} is not empty:\n{}",
                run.args,
                run.stderr
            );
        }
        for fragment in self.stderr {
            run.expect_stderr(fragment);
        }
        if !self.json.is_empty() {
            let report = run.json();
            for assertion in self.json {
                check_json(&report, assertion, &run.args);
            }
        }
        run
    }
}

fn check_json(report: &Value, assertion: &Json, args: &[String]) {
    let pointer = match *assertion {
        Json::Str(p, _)
        | Json::Has(p, _)
        | Json::Num(p, _)
        | Json::Bool(p, _)
        | Json::Len(p, _)
        | Json::Null(p) => p,
    };
    let value = report.pointer(pointer).unwrap_or(&Value::Null);
    let holds = match *assertion {
        Json::Str(_, s) => value.as_str() == Some(s),
        Json::Has(_, s) => value.as_str().is_some_and(|v| v.contains(s)),
        Json::Num(_, n) => value.as_u64() == Some(n),
        Json::Bool(_, b) => value.as_bool() == Some(b),
        Json::Len(_, n) => value.as_array().map(Vec::len) == Some(n),
        Json::Null(_) => value.is_null(),
    };
    assert!(
        holds,
        "{args:?}: expected {assertion:?}, found {value}\nin {report:#}"
    );
}

/// The result of one run.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub stdout_bytes: Vec<u8>,
}

impl Run {
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "exit code of {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.args,
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn expect_stdout(&self, fragment: &str) -> &Self {
        assert!(
            self.stdout.contains(fragment),
            "stdout of {:?} lacks {fragment:?}:\n{}",
            self.args,
            self.stdout
        );
        self
    }

    pub fn expect_stderr(&self, fragment: &str) -> &Self {
        assert!(
            self.stderr.contains(fragment),
            "stderr of {:?} lacks {fragment:?}:\n{}",
            self.args,
            self.stderr
        );
        self
    }

    /// Standard output as one JSON document: nothing else may be printed there.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout of {:?} is not JSON ({e}):\n{}",
                self.args, self.stdout
            )
        })
    }
}

/// Runs `tfgrade` with `args` in `dir`, feeding `stdin` when given.
pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(binary())
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tfgrade starts");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        // tfgrade stops reading input above its size limit: a closed pipe is expected then.
        if let Err(e) = pipe.write_all(bytes) {
            assert_eq!(
                e.kind(),
                std::io::ErrorKind::BrokenPipe,
                "stdin is written: {e}"
            );
        }
    }
    let output = child.wait_with_output().expect("tfgrade finishes");
    let run = Run {
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        stdout_bytes: output.stdout,
    };
    assert!(
        !run.stderr.contains("panicked"),
        "{:?} panicked:\n{}",
        run.args,
        run.stderr
    );
    run
}
