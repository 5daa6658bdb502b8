//! Mutation fuzzing of the whole grading path: decode, parse, evaluate, check, report, fix.
//!
//! Takes the project's fixtures as seeds, mutates them (bytes, tokens that matter to HCL,
//! markdown and JSON, splices between files, truncation), grades each case on a thread with
//! the browser's 1 MB stack and checks what must always hold:
//! - grading, reporting and fixing never panic and end in bounded time;
//! - every located position lies inside its file, on character boundaries, with columns
//!   that agree with the byte offsets;
//! - when the input grades without errors, the fixed files grade without errors too (the
//!   ideal must parse);
//! - grading is deterministic: the same files give the same report.
//!
//! Failing cases are written to `--out` (one folder per case, with the reason). Run with
//! `scripts/fuzz.sh [seconds]`; it is not part of the test run.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tfgrade_core::fix::FixSet;
use tfgrade_core::report::Location;
use tfgrade_core::submission::decoded_text;
use tfgrade_core::{InputFile, Options, Report, grade};

/// Longest a case may take before it counts as a hang (generous: the machine is shared).
const HANG: Duration = Duration::from_secs(30);

/// Fragments that change the structure of the formats tfgrade reads.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "\"",
    "${",
    "%{",
    "}",
    "<<EOF\n",
    "<<-EOT\n",
    "\nEOF\n",
    "\n",
    "\r\n",
    "\t",
    "=",
    ":",
    ",",
    ".",
    "*",
    "#",
    "//",
    "/*",
    "*/",
    "\\",
    "\u{feff}",
    "\u{0}",
    "é",
    "😀",
    "0.0.0.0/0",
    "::/0",
    "22",
    "-1",
    "3389",
    "var.x",
    "local.y",
    "each.key",
    "count.index",
    "self",
    "null",
    "true",
    "jsonencode(",
    "format(\"%s\", ",
    "for k, v in ",
    " : ",
    " => ",
    " ? ",
    "...",
    "dynamic \"ingress\" {",
    "content {",
    "resource \"aws_security_group\" \"r\" {",
    "variable \"x\" {",
    "locals {",
    "backend \"s3\" {",
    "```hcl\n",
    "```\n",
    "### lib/main.tf\n",
    "## ",
    "- ",
    "```ts\n",
    "expect(true).toBe(true)",
    "test('t', () => {",
    "});",
    "`",
    "${'",
    "'",
    "\"Action\": \"*\"",
    "# tfgrade:ignore TFG201 ",
];

/// A small, seedable generator (xorshift64*): reproducible runs without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A seed: files that belong together (a bundle, or one fixture file).
struct Seed {
    files: Vec<(String, Vec<u8>)>,
}

struct Args {
    seconds: u64,
    seed: u64,
    corpus: PathBuf,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut args = Args {
        seconds: 60,
        seed: 0x5eed,
        corpus: root.join("tests/fixtures"),
        out: root.join("target/fuzz"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--seconds" => args.seconds = value()?.parse().map_err(|e| format!("{e}"))?,
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("{e}"))?,
            "--corpus" => args.corpus = PathBuf::from(value()?),
            "--out" => args.out = PathBuf::from(value()?),
            "--help" | "-h" => {
                return Err(
                    "usage: fuzz [--seconds N] [--seed N] [--corpus DIR] [--out DIR]".into(),
                );
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(args)
}

fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, base, out);
        } else if let Ok(bytes) = std::fs::read(&path)
            && bytes.len() <= 256 * 1024
        {
            let rel = path.strip_prefix(base).unwrap_or(&path);
            out.push((rel.to_string_lossy().replace('\\', "/"), bytes));
        }
    }
}

/// Each bundle folder is one seed; every other file is a seed of its own.
fn load_seeds(corpus: &Path) -> Vec<Seed> {
    let mut seeds = Vec::new();
    let bundles = corpus.join("bundles");
    if let Ok(entries) = std::fs::read_dir(&bundles) {
        let mut dirs: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        dirs.sort();
        for dir in dirs.into_iter().filter(|d| d.is_dir()) {
            let mut files = Vec::new();
            walk(&dir, &dir, &mut files);
            files.retain(|(p, _)| p != "EXPECTED.md");
            if !files.is_empty() {
                seeds.push(Seed { files });
            }
        }
    }
    let mut singles = Vec::new();
    walk(corpus, corpus, &mut singles);
    for (path, bytes) in singles {
        if !path.starts_with("bundles/") && !path.ends_with(".snap") {
            seeds.push(Seed {
                files: vec![(path, bytes)],
            });
        }
    }
    seeds
}

/// One random change to `bytes`.
fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>, donors: &[&[u8]]) {
    let len = bytes.len();
    let at = rng.below(len + 1);
    match rng.below(8) {
        0 if len > 0 => {
            let i = rng.below(len);
            bytes[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let end = (at + 1 + rng.below(64)).min(len);
            bytes.drain(at.min(end)..end);
        }
        2 if len > 0 => {
            let start = rng.below(len);
            let end = (start + 1 + rng.below(256)).min(len);
            let piece = bytes[start..end].to_vec();
            bytes.splice(at..at, piece);
        }
        3 => bytes.truncate(at),
        4 if !donors.is_empty() => {
            let donor = donors[rng.below(donors.len())];
            if !donor.is_empty() {
                let start = rng.below(donor.len());
                let end = (start + 1 + rng.below(512)).min(donor.len());
                bytes.splice(at..at, donor[start..end].iter().copied());
            }
        }
        5 => {
            // Deep nesting, the kind that exhausts a recursive reader's stack.
            let depth = 1 + rng.below(400);
            let open = ["[", "{", "(", "${"][rng.below(4)];
            let piece = open.repeat(depth).into_bytes();
            bytes.splice(at..at, piece);
        }
        _ => {
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            bytes.splice(at..at, token.iter().copied());
        }
    }
}

fn make_case(rng: &mut Rng, seeds: &[Seed]) -> Vec<InputFile> {
    let seed = &seeds[rng.below(seeds.len())];
    let donors: Vec<&[u8]> = seeds[rng.below(seeds.len())]
        .files
        .iter()
        .map(|(_, b)| b.as_slice())
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = seed.files.clone();
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        let i = rng.below(files.len());
        mutate(rng, &mut files[i].1, &donors);
    }
    // Now and then a file is dropped, or two seeds meet in one submission.
    if files.len() > 1 && rng.chance(10) {
        let i = rng.below(files.len());
        files.remove(i);
    }
    if rng.chance(5) {
        let other = &seeds[rng.below(seeds.len())];
        for (path, bytes) in &other.files {
            files.push((format!("other/{path}"), bytes.clone()));
        }
    }
    files
        .into_iter()
        .map(|(path, bytes)| InputFile::new(path, bytes))
        .collect()
}

/// What one case produced, or why it failed.
enum Outcome {
    Passed,
    Failed(String),
}

fn check_location(
    report: &Report,
    files: &[InputFile],
    file: &str,
    loc: &Location,
    what: &str,
) -> Result<(), String> {
    let Some(input) = files.iter().find(|f| f.path == file) else {
        if report.files.iter().any(|f| f.path == file) {
            return Ok(());
        }
        return Err(format!("{what} names `{file}`, which was not given"));
    };
    // Offsets are into the text as decoded: after a byte-order mark, UTF-16 made UTF-8.
    let Some(text) = decoded_text(&input.bytes) else {
        return Ok(());
    };
    if loc.start > loc.end || loc.end > text.len() {
        return Err(format!(
            "{what} in `{file}`: range {}..{} outside the file's {} bytes of text",
            loc.start,
            loc.end,
            text.len()
        ));
    }
    if !text.is_char_boundary(loc.start) || !text.is_char_boundary(loc.end) {
        return Err(format!(
            "{what} in `{file}`: range {}..{} splits a character",
            loc.start, loc.end
        ));
    }
    // Line and column from the byte offset, counted here independently.
    let before = &text[..loc.start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..loc.start].chars().count() + 1;
    let column_utf16 = text[line_start..loc.start].encode_utf16().count() + 1;
    if loc.line != line || loc.column != column {
        return Err(format!(
            "{what} in `{file}`: byte {} is line {line} column {column}, the report says {}:{}",
            loc.start, loc.line, loc.column
        ));
    }
    if loc.column_utf16 != column_utf16 {
        return Err(format!(
            "{what} in `{file}`: byte {} is UTF-16 column {column_utf16}, the report says {}",
            loc.start, loc.column_utf16
        ));
    }
    Ok(())
}

fn run_case(files: &[InputFile], determinism: bool) -> Outcome {
    let options = Options::default();
    let graded = grade(files.to_vec(), &options);
    let report = graded.report();
    for f in &report.findings {
        if let Err(e) = check_location(&report, files, &f.file, &f.location, f.code) {
            return Outcome::Failed(e);
        }
    }
    for e in &report.errors {
        if let Err(e) = check_location(&report, files, &e.file, &e.location, "error") {
            return Outcome::Failed(e);
        }
    }
    if determinism {
        let again = grade(files.to_vec(), &options).report();
        let a = serde_json::to_string(&report).unwrap_or_default();
        let b = serde_json::to_string(&again).unwrap_or_default();
        if a != b {
            return Outcome::Failed("grading the same files twice gave different reports".into());
        }
    }
    let outcome = graded.fix(FixSet::All);
    if report.errors.is_empty() && !outcome.withheld.is_empty() {
        return Outcome::Failed(format!(
            "fixes to {:?} were withheld: they would not parse",
            outcome.withheld
        ));
    }
    if report.errors.is_empty() && !outcome.files.is_empty() {
        let fixed: Vec<InputFile> = files
            .iter()
            .map(|f| match outcome.files.iter().find(|x| x.path == f.path) {
                Some(x) => InputFile::new(f.path.clone(), x.fixed.clone()),
                None => f.clone(),
            })
            .collect();
        let after = grade(fixed, &options).report();
        if let Some(e) = after.errors.first() {
            return Outcome::Failed(format!(
                "the fixed files do not parse: {}:{}:{}: {} (fixes applied: {:?})",
                e.file, e.location.line, e.location.column, e.message, outcome.applied
            ));
        }
    }
    Outcome::Passed
}

fn save(out: &Path, files: &[InputFile], reason: &str) -> PathBuf {
    let mut hasher = DefaultHasher::new();
    for f in files {
        f.path.hash(&mut hasher);
        f.bytes.hash(&mut hasher);
    }
    let dir = out.join(format!("case-{:016x}", hasher.finish()));
    let _ = std::fs::create_dir_all(&dir);
    for f in files {
        let path = dir.join("files").join(&f.path);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(path, &f.bytes);
    }
    let _ = std::fs::write(dir.join("reason.txt"), reason);
    dir
}

/// Writes the case about to run, so that a case that kills the process (a stack overflow
/// aborts it) is not lost: one file, each input preceded by its path and length.
fn record_current(out: &Path, files: &[InputFile]) {
    let mut all = Vec::new();
    for f in files {
        all.extend_from_slice(format!("=== {} ({} bytes)\n", f.path, f.bytes.len()).as_bytes());
        all.extend_from_slice(&f.bytes);
        all.push(b'\n');
    }
    let _ = std::fs::write(out.join("current-case.txt"), all);
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let seeds = load_seeds(&args.corpus);
    if seeds.is_empty() {
        eprintln!("no seed files under {}", args.corpus.display());
        std::process::exit(2);
    }
    // Panics are counted and saved, not printed by the default hook for every case.
    std::panic::set_hook(Box::new(|_| {}));
    println!(
        "fuzzing for {} s from {} seeds (seed {}), failures to {}",
        args.seconds,
        seeds.len(),
        args.seed,
        args.out.display()
    );
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("cannot create {}: {e}", args.out.display());
        std::process::exit(2);
    }
    let mut rng = Rng(args.seed | 1);
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let mut last_progress = Instant::now();
    let (mut cases, mut failures) = (0u64, 0u64);
    let mut slowest = Duration::ZERO;
    while Instant::now() < deadline {
        let files = make_case(&mut rng, &seeds);
        let determinism = rng.chance(10);
        record_current(&args.out, &files);
        let (tx, rx) = mpsc::channel();
        let case = files.clone();
        let begun = Instant::now();
        let spawned = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || {
                let result = std::panic::catch_unwind(|| run_case(&case, determinism));
                let _ = tx.send(match result {
                    Ok(outcome) => outcome,
                    Err(payload) => {
                        let message = payload
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                            .unwrap_or_else(|| "a panic without a message".to_owned());
                        Outcome::Failed(format!("panic: {message}"))
                    }
                });
            });
        if let Err(e) = spawned {
            eprintln!("cannot start a case: {e}");
            std::process::exit(2);
        }
        cases += 1;
        match rx.recv_timeout(HANG) {
            Ok(Outcome::Passed) => {}
            Ok(Outcome::Failed(reason)) => {
                failures += 1;
                let dir = save(&args.out, &files, &reason);
                println!("FAIL {}: {reason}", dir.display());
            }
            Err(_) => {
                let reason = format!(
                    "no answer after {} s (a hang, or a stack overflow)",
                    HANG.as_secs()
                );
                let dir = save(&args.out, &files, &reason);
                println!("FAIL {}: {reason}", dir.display());
                println!("stopping: the hung case still runs");
                std::process::exit(1);
            }
        }
        slowest = slowest.max(begun.elapsed());
        if last_progress.elapsed() >= Duration::from_secs(10) {
            last_progress = Instant::now();
            println!(
                "{cases} cases, {:.0}/s, {failures} failures, slowest {:.0} ms",
                cases as f64 / started.elapsed().as_secs_f64(),
                slowest.as_secs_f64() * 1000.0
            );
        }
    }
    println!(
        "done: {cases} cases in {:.0} s, {failures} failures, slowest case {:.0} ms",
        started.elapsed().as_secs_f64(),
        slowest.as_secs_f64() * 1000.0
    );
    std::process::exit(i32::from(failures > 0));
}
