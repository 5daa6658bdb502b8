//! The declaration of a check: its identity, docs and the function that runs it.

use serde::Serialize;

use crate::config::Config;
use crate::finding::{Category, Family, Finding, Severity};

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
    pub run: fn(&Config<'_>, &mut Vec<Finding>),
}

/// A check that judges a whole task bundle (tests, documentation) rather than one
/// configuration.
pub struct BundleCheck {
    pub check: Check,
    pub run: fn(&BundleContext<'_>, &mut Vec<Finding>),
}

/// What a bundle check sees.
pub struct BundleContext<'a> {
    pub submission: &'a crate::submission::Submission,
    pub configs: &'a [Config<'a>],
}

/// The `run` of a bundle check's [`Check`]: bundle checks run through [`BundleCheck::run`].
pub fn no_config_run(_: &Config<'_>, _: &mut Vec<Finding>) {}
