//! The declaration of a check: its identity, docs and the function that runs it.

use std::ops::Range;

use serde::Serialize;

use crate::analysis::Analyzed;
use crate::analysis::coverage::Coverage;
use crate::analysis::test_sources::TestFile;
use crate::finding::{Category, Family, Finding, Severity};
use crate::submission::{Submission, UnitId};

/// The text shown for a check, identically in the CLI, the API and the page.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CheckDocs {
    /// What it does.
    pub what: &'static str,
    /// Why is this bad?
    pub why: &'static str,
    /// HCL that the check reports.
    pub example: &'static str,
    /// HCL that it accepts instead.
    pub use_instead: &'static str,
    /// What the fix does and whether it is safe.
    pub fix: &'static str,
    /// What the check cannot know or deliberately leaves out; empty when it has no caveat.
    /// Always serialized, so the JSON shape is the same for every check.
    pub limitations: &'static str,
}

/// Whether a check offers mechanical fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "none",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "always",
        }
    }
}

/// A check of the rubric, as listed in the registry.
#[derive(Debug, Serialize)]
pub struct Check {
    /// Stable code: `TFG` and three digits, the hundreds naming the family.
    pub code: &'static str,
    /// Kebab-case name stating the thing checked: `ssh-open-to-world`.
    pub name: &'static str,
    pub family: Family,
    pub severity: Severity,
    pub category: Category,
    pub fix: FixAvailability,
    /// The evidence itself is a secret: every face masks the finding's range when it shows
    /// source text.
    pub evidence_is_secret: bool,
    pub docs: CheckDocs,
    #[serde(skip)]
    pub run: Run,
}

/// What a check judges, and the function that does it.
#[derive(Debug, Clone, Copy)]
pub enum Run {
    /// One configuration at a time.
    Configuration(fn(&Analyzed<'_, '_>, &mut Vec<Finding>)),
    /// A whole task bundle: its tests and documents (bundles only).
    Bundle(fn(&BundleContext<'_, '_>, &mut Vec<Finding>)),
}

/// What a bundle check sees.
pub struct BundleContext<'c, 'a> {
    pub submission: &'a Submission,
    pub configs: &'c [Analyzed<'c, 'a>],
    /// Which test covers each AWS service family of the bundle's Terraform.
    pub coverage: &'c [Coverage],
    /// The bundle's test sources and those shown in responses, each read once.
    pub tests: &'c [TestFile<'a>],
}

impl Check {
    /// A finding of this check at `range` of `unit`, at the check's severity; the builder
    /// methods of [`Finding`] add the rest.
    pub fn finding(
        &'static self,
        unit: UnitId,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            code: self.code,
            unit,
            range,
            severity: self.severity,
            resource: None,
            message: message.into(),
            trace: Vec::new(),
            unknown: false,
            fix: None,
            alternatives: Vec::new(),
            suppressed: None,
            instances: Vec::new(),
            related: Vec::new(),
        }
    }

    /// An info note of this check: something a reader should know that is not a failure.
    pub fn note(
        &'static self,
        unit: UnitId,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Finding {
        self.finding(unit, range, message)
            .with_severity(Severity::Info)
    }

    /// An info note that a value this check needs cannot be known; the report counts it
    /// among the unknowns.
    pub fn unknown(
        &'static self,
        unit: UnitId,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Finding {
        let mut note = self.note(unit, range, message);
        note.unknown = true;
        note
    }
}
