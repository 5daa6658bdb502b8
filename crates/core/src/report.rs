//! The report: the JSON contract shared by the CLI, the Wasm API and the page
//! (RUBRIC.md 6). Positions come from each file's [`LineIndex`](crate::source::LineIndex).

use std::collections::BTreeMap;

use serde::Serialize;

pub use crate::bundle::Side;
pub use crate::bundle::claims::{ClaimRow, Expectation, Verdict};
pub use crate::bundle::metadata::MetadataReport;
pub use crate::bundle::prompt::{
    PromptReport, ProviderRegion, RegionRequirement, ServicePresence, ServiceRequirement,
};
pub use crate::bundle::wording::Requirement;
use crate::finding::{Advice, Applicability, Category, Family, Severity};
use crate::submission::Role;

/// Bumped whenever a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 5;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub files: Vec<FileReport>,
    pub configurations: Vec<ConfigReport>,
    /// Findings sorted by file, then position.
    pub findings: Vec<FindingReport>,
    /// Files or parts of files that could not be read or parsed.
    pub errors: Vec<ErrorReport>,
    pub summary: Summary,
    /// For a task bundle: each AWS service family its Terraform creates and the tests that
    /// cover it (RUBRIC.md 3.3); empty when the submission is not a bundle.
    pub coverage: Vec<CoverageRow>,
    /// The claims of a bundle's MODEL_FAILURES.md, each with its verdict; empty when the
    /// submission is not a bundle or has no such file.
    pub claims: Vec<ClaimRow>,
    /// What a bundle's PROMPT.md asks for (services, region); None when there is none.
    pub prompt: Option<PromptReport>,
    /// A bundle's metadata.json, read leniently; None when absent or not JSON (then an
    /// error says where).
    pub metadata: Option<MetadataReport>,
    /// For a bundle with a model response and an ideal: each finding fixed, kept or
    /// introduced, and what the ideal adds and removes.
    pub pair: Option<crate::rating::pair::PairReport>,
    /// The training-value rating of the pair (RUBRIC.md 4), every step with its reason.
    pub rating: Option<crate::rating::Rating>,
}

/// One AWS service family of the bundle's Terraform and what tests it.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageRow {
    /// `s3`, `ec2`, `logs`, ...
    pub family: String,
    /// The resource types of this family the Terraform creates.
    pub resource_types: Vec<String>,
    /// Where a test covers it; empty when none does.
    pub covered_by: Vec<CoveredBy>,
}

/// A place in a test that covers a service family.
#[derive(Debug, Clone, Serialize)]
pub struct CoveredBy {
    pub file: String,
    /// The virtual file inside a markdown response, when the test is in one.
    pub virtual_file: Option<String>,
    /// 1-based line of the evidence.
    pub line: usize,
    /// The evidence: `S3Client`, `boto3.client("s3")`, `asserts on aws_s3_bucket`.
    pub how: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
    /// The version of the AWS provider schema the validity checks (TFG7xx) judged by;
    /// `None` when none was loaded and they did not run.
    pub provider_schema: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub role: Role,
    pub lines: usize,
    /// Virtual files cut from this file's code blocks (markdown responses).
    pub virtual_files: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConfigReport {
    pub name: String,
    pub files: Vec<String>,
    pub resources: usize,
}

/// A range in a file the user gave, in every unit a consumer may need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    /// 1-based.
    pub line: usize,
    /// 1-based, in Unicode characters.
    pub column: usize,
    pub end_line: usize,
    /// Exclusive.
    pub end_column: usize,
    /// 1-based, in UTF-16 code units (browser editors).
    pub column_utf16: usize,
    pub end_column_utf16: usize,
    /// Byte offsets in the file's text as decoded: UTF-8, after any byte-order mark (a
    /// UTF-16 file counts in its UTF-8 form). For a file that is not text, in its bytes.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingReport {
    pub code: &'static str,
    pub name: &'static str,
    pub family: Family,
    pub severity: Severity,
    pub category: Category,
    /// The file the user gave, relative to the path checked.
    pub file: String,
    /// The virtual file inside a markdown response, when the finding is in one.
    pub virtual_file: Option<String>,
    #[serde(flatten)]
    pub location: Location,
    pub resource: Option<String>,
    pub message: String,
    /// The range holds a secret: show it masked, never as written.
    pub evidence_is_secret: bool,
    /// Where the judged value came from.
    pub trace: Vec<String>,
    /// The finding is about a value that could not be known.
    pub unknown: bool,
    pub fix: Option<FixReport>,
    pub alternatives: Vec<Advice>,
    /// Set when a `# tfgrade:ignore` comment suppresses the finding; it then does not count.
    pub suppressed: Option<String>,
    /// When the finding stands for several instances of a `count` / `for_each` block (then
    /// `resource` is the block): their keys, `["api"]` or `[0]`. Empty otherwise.
    pub instances: Vec<String>,
    /// Other locations of the same root cause: the same code shown again
    /// (IDEAL_RESPONSE.md presenting lib/ files). Empty otherwise.
    pub related: Vec<RelatedReport>,
}

/// Another location of a finding's root cause.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedReport {
    pub file: String,
    pub virtual_file: Option<String>,
    #[serde(flatten)]
    pub location: Location,
    /// Why it is related.
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FixReport {
    pub title: String,
    pub applicability: Applicability,
    pub note: Option<String>,
    pub edits: Vec<EditReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EditReport {
    pub file: String,
    #[serde(flatten)]
    pub location: Location,
    pub replacement: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorReport {
    pub file: String,
    pub virtual_file: Option<String>,
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files: usize,
    /// Findings that count: not suppressed.
    pub findings: usize,
    pub by_severity: BTreeMap<&'static str, usize>,
    pub suppressed: usize,
    /// Findings that say a value could not be known.
    pub unknowns: usize,
    pub errors: usize,
    pub fixable: usize,
}

impl Report {
    /// Counted findings at or above `severity` (info and suppressed never count).
    pub fn failing(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| {
                f.suppressed.is_none() && f.severity != Severity::Info && f.severity >= severity
            })
            .count()
    }
}
