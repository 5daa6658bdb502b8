//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tfgrade_core::Severity;

/// Grades model-written Terraform against the tfgrade failure rubric.
///
/// Exit codes: 0 nothing counted at or above the failing severity, 1 findings at or above
/// it or input files that could not be read or parsed, 2 tfgrade itself could not run.
#[derive(Debug, Parser)]
#[command(name = "tfgrade", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Grade a file, a directory or standard input and report the findings
    ///
    /// The JSON report names files relative to PATH (a single file by its file name); human
    /// output names them as they open from the current directory.
    Check(CheckArgs),
    /// Apply fixes and write the files back in place, or print them as a diff
    ///
    /// Only safe fixes unless `--unsafe` is given. Standard input is never written back: its
    /// fixed text goes to standard output. What was applied goes to standard error. The exit
    /// code is that of `check` on the fixed files.
    Fix(FixArgs),
    /// Print a draft MODEL_FAILURES.md for a task bundle: the fixes found, what the ideal
    /// still has and introduces, and the training-value assessment
    ///
    /// The bundle needs a model response and an ideal (lib/ or IDEAL_RESPONSE.md). The
    /// draft is for a reviewer to check and edit, not to paste unread.
    Review(ReviewArgs),
    /// Write the Terraform files a markdown response holds into a directory
    ///
    /// Each fenced block goes to the file its heading or first-line comment names
    /// (`block-N.tf` when none does; blocks of one name are joined), so that `terraform
    /// validate` or other tools can run on a model's answer. Names that would leave the
    /// directory are refused.
    Extract(ExtractArgs),
    /// Show the documentation of one check, by code (`TFG201`) or name (`ssh-open-to-world`)
    Rule(RuleArgs),
    /// List every check of the rubric
    Rules(RulesArgs),
}

/// What to grade.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// A .tf or .tfvars file, a markdown response, a directory (walked recursively, skipping
    /// hidden entries, `node_modules` and `target`), or `-` for standard input
    #[arg(value_name = "PATH")]
    pub path: PathBuf,

    /// File name given to standard input; without an extension the content decides whether
    /// it is a markdown response (it holds fenced code) or raw HCL
    #[arg(long, value_name = "NAME", default_value = "stdin")]
    pub stdin_name: String,

    /// Refuse input larger than this many megabytes: any one file, and all files together
    #[arg(
        long,
        value_name = "MB",
        default_value_t = 50,
        value_parser = clap::value_parser!(u64).range(1..=4096)
    )]
    pub max_size: u64,

    /// Lowest severity that makes the exit code 1 (info and suppressed findings never count)
    #[arg(long, value_name = "SEVERITY", value_enum, default_value_t = FailOn::Low)]
    pub fail_on: FailOn,

    /// Run only these checks: codes (TFG201), code prefixes (TFG2), names or families
    /// (network-exposure); comma-separated or repeated
    #[arg(long, value_name = "CHECKS", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Do not run these checks (same forms as `--select`)
    #[arg(long, value_name = "CHECKS", value_delimiter = ',')]
    pub ignore: Vec<String>,
}

impl InputArgs {
    pub fn max_bytes(&self) -> usize {
        usize::try_from(self.max_size.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX)
    }

    pub fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Grade PATH as a model response against IDEAL, its ideal (`check --pair MODEL
    /// IDEAL`): the report adds the pair (each finding fixed, kept or introduced) and the
    /// training-value rating. Each may be a file or a folder; files appear under `model/`
    /// and `ideal/` in the JSON report. The exit code counts the ideal's findings only
    #[arg(long, requires = "ideal")]
    pub pair: bool,

    /// Rate PATH, one response alone, as an estimate: its ideal is the response with every
    /// automatic fix applied (safe and unsafe). The findings and the exit code are the
    /// response's; the pair names its files under `model/` and the fixed ones under `ideal/`
    #[arg(long, conflicts_with = "pair")]
    pub estimate: bool,

    /// The ideal response, with `--pair`
    #[arg(value_name = "IDEAL", requires = "pair")]
    pub ideal: Option<PathBuf>,

    /// How to print the report: diagnostics with source snippets, or the JSON report
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Never colour the output (colour is used only on a terminal, and never when the
    /// `NO_COLOR` environment variable is set)
    #[arg(long)]
    pub no_color: bool,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Also apply unsafe fixes: those that change what gets deployed
    #[arg(long)]
    pub r#unsafe: bool,

    /// Print a unified diff instead of writing the files
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The markdown response (MODEL_RESPONSE.md, IDEAL_RESPONSE.md)
    #[arg(value_name = "RESPONSE")]
    pub response: PathBuf,

    /// The directory to write into (created when missing; existing files of the same
    /// names are replaced)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// Code (`TFG201`) or name (`ssh-open-to-world`) of the check
    #[arg(value_name = "CODE|NAME")]
    pub check: String,

    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
}

impl FailOn {
    pub fn severity(self) -> Severity {
        match self {
            FailOn::Critical => Severity::Critical,
            FailOn::High => Severity::High,
            FailOn::Medium => Severity::Medium,
            FailOn::Low => Severity::Low,
        }
    }
}
