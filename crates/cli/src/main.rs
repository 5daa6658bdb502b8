//! `tfgrade`: the command-line face of the tfgrade core. Reads files, hands them to the
//! core, prints the report; grading itself lives in `tfgrade_core` only.

mod args;
mod docs;
mod fix;
mod human;
mod input;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Parser;
use tfgrade_core::report::Report;
use tfgrade_core::{Limits, Options, Severity, grade, registry};

use crate::args::{
    CheckArgs, Cli, Command, ExtractArgs, FixArgs, Format, InputArgs, ReviewArgs, RuleArgs,
    RulesArgs,
};
use crate::input::Loaded;

/// Nothing counted at or above the failing severity.
const CLEAN: u8 = 0;
/// Findings at or above the failing severity, or input files that could not be read or parsed.
const FAILING: u8 = 1;
/// tfgrade itself could not run.
const BROKEN: u8 = 2;

fn main() -> ExitCode {
    // Usage errors are reported by clap, which exits with code 2.
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => check(args),
        Command::Fix(args) => fix(args),
        Command::Review(args) => review(args),
        Command::Extract(args) => extract(args),
        Command::Rule(args) => rule(args),
        Command::Rules(args) => list_rules(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            // A closed pipe (`tfgrade check . | head`) is not worth a message.
            let kind = match error.downcast_ref::<io::Error>() {
                Some(e) => Some(e.kind()),
                None => error
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind),
            };
            let closed_pipe = kind == Some(io::ErrorKind::BrokenPipe);
            if !closed_pipe {
                eprintln!("error: {error:#}");
            }
            ExitCode::from(BROKEN)
        }
    }
}

fn check(args: &CheckArgs) -> Result<u8> {
    let loaded = load(&args.input)?;
    // With `--pair`, the ideal is loaded like the model response, and each side's files
    // are named under `model/` and `ideal/`.
    let ideal = match (&args.ideal, args.pair) {
        (Some(path), true) => Some(input::load(
            path,
            path.as_os_str() == "-",
            &args.input.stdin_name,
            args.input.max_bytes(),
        )?),
        _ => None,
    };
    let graded = match &ideal {
        Some(ideal) => tfgrade_core::grade_pair(
            loaded.files.clone(),
            ideal.files.clone(),
            &options(&args.input)?,
        ),
        None => grade(loaded.files.clone(), &options(&args.input)?),
    };
    let display = |path: &str| -> String {
        match (&ideal, path.split_once('/')) {
            (Some(_), Some(("model", rest))) => loaded.display_path(rest),
            (Some(ideal), Some(("ideal", rest))) => ideal.display_path(rest),
            _ => loaded.display_path(path),
        }
    };
    let sources: human::Sources<'_> = graded
        .submission
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    // With `--estimate`, the response is what is checked and reported; the pair of it with
    // its fixed copy only gives the estimated rating.
    let report = if args.estimate {
        tfgrade_core::report_with_estimate(loaded.files.clone(), &options(&args.input)?)
    } else {
        graded.report()
    };

    // Buffered: a report of many findings is many lines, and standard output alone flushes
    // at each one.
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        Format::Human => {
            let color = !args.no_color && !no_color_env() && io::stdout().is_terminal();
            human::write_report(&mut out, &report, &sources, &display, color)?;
        }
    }
    out.flush()?;
    if ideal.is_some() {
        // A pair is judged by what its ideal ships: the model response's findings are the
        // gap the rating measures, not a failure of the check.
        let mut shipped = report.clone();
        shipped.findings.retain(|f| f.file.starts_with("ideal/"));
        shipped.errors.retain(|e| e.file.starts_with("ideal/"));
        return Ok(exit_code(&shipped, args.input.fail_on.severity()));
    }
    Ok(exit_code(&report, args.input.fail_on.severity()))
}

fn fix(args: &FixArgs) -> Result<u8> {
    let loaded = load(&args.input)?;
    let after = fix::run(&loaded, &options(&args.input)?, args.r#unsafe, args.diff)?;
    Ok(exit_code(&after, args.input.fail_on.severity()))
}

fn review(args: &ReviewArgs) -> Result<u8> {
    let loaded = load(&args.input)?;
    let report = grade(loaded.files.clone(), &options(&args.input)?).report();
    let Some(draft) = tfgrade_core::review::draft(&report) else {
        bail!(
            "{} is not a task bundle with a model response (MODEL_RESPONSE.md) and an ideal (lib/ or IDEAL_RESPONSE.md): there is no pair to review",
            args.input.path.display()
        );
    };
    let mut out = io::stdout().lock();
    out.write_all(draft.as_bytes())?;
    out.flush()?;
    Ok(0)
}

fn extract(args: &ExtractArgs) -> Result<u8> {
    let bytes = std::fs::read(&args.response)
        .with_context(|| format!("cannot read {}", args.response.display()))?;
    let Ok(text) = String::from_utf8(bytes) else {
        bail!("{} is not UTF-8 text", args.response.display());
    };
    let files = tfgrade_core::markdown::code_files(&text);
    if files.is_empty() {
        bail!("{} holds no Terraform code block", args.response.display());
    }
    for file in &files {
        let name = if file.name.is_empty() {
            "main.tf"
        } else {
            &file.name
        };
        let relative = std::path::Path::new(name);
        let safe = relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !safe {
            bail!(
                "the block named `{name}` would be written outside {}",
                args.out.display()
            );
        }
        let path = args.out.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, &file.text)
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(CLEAN)
}

fn rule(args: &RuleArgs) -> Result<u8> {
    let Some(check) = registry::find(&args.check) else {
        bail!(
            "no check has the code or name `{}`; run `tfgrade rules` to list them all",
            args.check
        );
    };
    let mut out = io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, check)?;
            writeln!(out)?;
        }
        Format::Human => docs::write_rule(&mut out, check)?,
    }
    out.flush()?;
    Ok(CLEAN)
}

fn list_rules(args: &RulesArgs) -> Result<u8> {
    let mut out = io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &registry::checks().collect::<Vec<_>>())?;
            writeln!(out)?;
        }
        Format::Human => docs::write_rules(&mut out, &registry::checks().collect::<Vec<_>>())?,
    }
    out.flush()?;
    Ok(CLEAN)
}

fn load(args: &InputArgs) -> Result<Loaded> {
    input::load(
        &args.path,
        args.is_stdin(),
        &args.stdin_name,
        args.max_bytes(),
    )
}

fn options(args: &InputArgs) -> Result<Options> {
    let options = Options {
        limits: Limits {
            max_input_bytes: args.max_bytes(),
        },
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        ..Options::default()
    };
    let unknown = options.unknown_selectors();
    if !unknown.is_empty() {
        bail!(
            "no check matches {}; run `tfgrade rules` to list them",
            unknown
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(options)
}

fn exit_code(report: &Report, fail_on: Severity) -> u8 {
    if report.failing(fail_on) > 0 || !report.errors.is_empty() {
        FAILING
    } else {
        CLEAN
    }
}

/// `NO_COLOR` set to anything but the empty string turns colour off.
fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}
