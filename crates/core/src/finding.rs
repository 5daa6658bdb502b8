//! What a check reports: findings, fixes and edits, as plain data (RUBRIC.md 5).

use std::ops::Range;

use serde::Serialize;

use crate::submission::UnitId;

/// How serious a finding is. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|sev| sev.as_str() == s)
    }
}

/// The rubric family a check belongs to (RUBRIC.md 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    StateLocking,
    NetworkExposure,
    Tests,
    Naming,
    Documentation,
    Security,
    Validity,
}

impl Family {
    /// Every family, in the rubric's order.
    pub const ALL: [Family; 7] = [
        Family::StateLocking,
        Family::NetworkExposure,
        Family::Tests,
        Family::Naming,
        Family::Documentation,
        Family::Security,
        Family::Validity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Family::StateLocking => "state-locking",
            Family::NetworkExposure => "network-exposure",
            Family::Tests => "tests",
            Family::Naming => "naming",
            Family::Documentation => "documentation",
            Family::Security => "security",
            Family::Validity => "validity",
        }
    }
}

/// Rating category of a fix to this check (RUBRIC.md 4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Category {
    /// Security, architecture, whole features, integrations.
    A,
    /// Naming, tagging, standard practices.
    B,
    /// Lint, typos, hard-coded values, missing outputs, docs.
    C,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::A => "A",
            Category::B => "B",
            Category::C => "C",
        }
    }
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// Whether applying a fix changes what gets deployed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Does not change deployed resources (adding a validation, a backend setting).
    Safe,
    /// Changes deployed resources: replaces them, adds billable ones, or adds a required
    /// input. The fix's note says which.
    Unsafe,
    /// Advice without edits.
    DisplayOnly,
}

/// One replacement of a byte range in a unit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub unit: UnitId,
    pub range: Range<usize>,
    pub content: String,
}

impl Edit {
    pub fn replace(unit: UnitId, range: Range<usize>, content: impl Into<String>) -> Self {
        Self {
            unit,
            range,
            content: content.into(),
        }
    }

    pub fn insert(unit: UnitId, at: usize, content: impl Into<String>) -> Self {
        Self::replace(unit, at..at, content)
    }

    pub fn delete(unit: UnitId, range: Range<usize>) -> Self {
        Self::replace(unit, range, "")
    }
}

/// A mechanical fix: the edits that resolve one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    /// For unsafe fixes, what changes when it is applied.
    pub note: Option<String>,
    pub edits: Vec<Edit>,
}

/// Display-only advice shown beside (or instead of) a fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Advice {
    pub title: String,
    pub note: String,
    /// HCL to copy, when the advice has some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

/// One finding of one check, in unit coordinates.
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: &'static str,
    pub unit: UnitId,
    pub range: Range<usize>,
    /// Overrides the check's severity; unknown-value notes are `Info`.
    pub severity: Severity,
    /// Terraform address of the resource or object the evidence belongs to.
    pub resource: Option<String>,
    pub message: String,
    /// Where the value came from, one step per line ("via var.ssh_cidr, default \"0.0.0.0/0\"").
    pub trace: Vec<String>,
    /// The finding says that a value could not be known.
    pub unknown: bool,
    pub fix: Option<Fix>,
    pub alternatives: Vec<Advice>,
    /// The reason given by a `# tfgrade:ignore` comment.
    pub suppressed: Option<String>,
    /// The instances of a `count` / `for_each` block that have this finding, by key
    /// (`["api"]`, `[0]`), when it stands for several; `resource` is then the block.
    pub instances: Vec<String>,
    /// The same finding where the same code is shown again: IDEAL_RESPONSE.md presenting
    /// the lib/ files. One root cause is one finding (RUBRIC.md 3); these are its other
    /// locations.
    pub related: Vec<Related>,
}

/// Another location of a finding's root cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub unit: UnitId,
    pub range: Range<usize>,
    /// Why the location is related ("the same code in IDEAL_RESPONSE.md").
    pub note: String,
}

/// Builder methods, after [`Check::finding`](crate::check::Check::finding).
impl Finding {
    /// The Terraform address of the resource or object the evidence belongs to.
    pub fn with_resource(mut self, address: impl Into<String>) -> Self {
        self.resource = Some(address.into());
        self
    }

    /// A severity other than the check's.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Where the judged value came from, one step per line.
    pub fn with_trace(mut self, trace: Vec<String>) -> Self {
        self.trace = trace;
        self
    }

    /// The fix, when the check could make one.
    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// Another location of the same root cause.
    pub fn with_related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    /// Display-only advice shown beside the fix.
    pub fn with_alternatives(mut self, advice: impl IntoIterator<Item = Advice>) -> Self {
        self.alternatives.extend(advice);
        self
    }
}
