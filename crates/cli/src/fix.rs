//! `tfgrade fix`: applies fixes and writes the files back, or prints the diff.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};

use anyhow::{Context, Result};
use similar::TextDiff;
use tfgrade_core::fix::{FixOutcome, FixSet};
use tfgrade_core::report::Report;
use tfgrade_core::{Applicability, InputFile, Options, grade};

use crate::human::summary_line;
use crate::input::{Loaded, Source};

/// Applies the fixes and writes or prints the result; returns the report of the files as
/// they are after the fixes, which decides the exit code.
pub fn run(loaded: &Loaded, options: &Options, unsafe_fixes: bool, diff: bool) -> Result<Report> {
    if let Source::Zip(archive) = &loaded.source
        && !diff
    {
        anyhow::bail!(
            "fixes cannot be written into a zip archive (`{}`): run with `--diff`, or unpack it first",
            archive.display()
        );
    }
    let graded = grade(loaded.files.clone(), options);
    let set = if unsafe_fixes {
        FixSet::All
    } else {
        FixSet::Safe
    };
    let outcome = graded.fix(set);
    // The fixed text of each input, encoded as the original was.
    let fixed: Vec<InputFile> = loaded
        .files
        .iter()
        .map(
            |input| match outcome.files.iter().find(|f| f.path == input.path) {
                Some(file) => {
                    InputFile::new(input.path.clone(), encode_like(&input.bytes, &file.fixed))
                }
                None => input.clone(),
            },
        )
        .collect();
    let after = grade(fixed.clone(), options).report();

    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut err = io::stderr().lock();
    let is_stdin = matches!(loaded.source, Source::Stdin);
    if diff {
        for file in &outcome.files {
            let path = loaded.display_path(&file.path);
            TextDiff::from_lines(&file.original, &file.fixed)
                .unified_diff()
                .header(&format!("a/{path}"), &format!("b/{path}"))
                .to_writer(&mut out)?;
        }
    } else if is_stdin {
        // Standard input cannot be written back: the fixed text goes to standard output.
        for file in &fixed {
            out.write_all(&file.bytes)?;
        }
    } else {
        for (input, file) in loaded.files.iter().zip(&fixed) {
            if input.bytes == file.bytes {
                continue;
            }
            let Some(path) = loaded.disk_path(&input.path) else {
                continue;
            };
            let on_disk =
                fs::read(&path).with_context(|| format!("cannot read `{}`", path.display()))?;
            if on_disk != input.bytes {
                anyhow::bail!(
                    "`{}` changed on disk while it was being fixed; not written",
                    path.display()
                );
            }
            fs::write(&path, &file.bytes)
                .with_context(|| format!("cannot write `{}`", path.display()))?;
        }
    }
    out.flush()?;
    writeln!(err, "{}", applied_line(&outcome, diff))?;
    for path in &outcome.withheld {
        writeln!(
            err,
            "warning: fixes to `{path}` were not applied: the fixed text would not parse (a defect of tfgrade: please report it)"
        )?;
    }
    writeln!(err, "after fixes: {}", summary_line(&after))?;
    let unsafe_left = after
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none())
        .filter(|f| {
            f.fix
                .as_ref()
                .is_some_and(|fix| fix.applicability == Applicability::Unsafe)
        })
        .count();
    if !unsafe_fixes && unsafe_left > 0 {
        let fixes = if unsafe_left == 1 {
            "fix is"
        } else {
            "fixes are"
        };
        writeln!(
            err,
            "help: {unsafe_left} unsafe {fixes} available with `--unsafe`"
        )?;
    }
    Ok(after)
}

/// `applied 2 fixes (2 TFG201) to 1 file`.
fn applied_line(outcome: &FixOutcome, diff: bool) -> String {
    if outcome.applied.is_empty() {
        return "no fixes to apply".to_owned();
    }
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for code in &outcome.applied {
        *by_code.entry(code).or_default() += 1;
    }
    let codes: Vec<String> = by_code
        .iter()
        .map(|(code, n)| format!("{n} {code}"))
        .collect();
    let n = outcome.applied.len();
    let files = outcome.files.len();
    format!(
        "{} {n} {} ({}) to {files} {}",
        if diff { "would apply" } else { "applied" },
        if n == 1 { "fix" } else { "fixes" },
        codes.join(", "),
        if files == 1 { "file" } else { "files" },
    )
}

/// Encodes fixed text the way the original file was: a UTF-8 byte-order mark, or UTF-16
/// with its byte-order mark, is kept.
fn encode_like(original: &[u8], text: &str) -> Vec<u8> {
    match original {
        [0xEF, 0xBB, 0xBF, ..] => [&[0xEF, 0xBB, 0xBF], text.as_bytes()].concat(),
        [0xFF, 0xFE, ..] => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        [0xFE, 0xFF, ..] => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        _ => text.as_bytes().to_vec(),
    }
}
