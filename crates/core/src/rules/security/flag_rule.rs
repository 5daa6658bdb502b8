//! A boolean argument that should be `true` (log file validation, multi-region trails,
//! multi-AZ databases): one judgement and one fix for the checks of such flags.

use crate::analysis::instances::{Flag, Target, via_text};
use crate::analysis::provenance::trace_of;
use crate::check::Check;
use crate::configuration::Configuration;
use crate::edit::add_block_attributes;
use crate::finding::{Applicability, Edit, Finding, Fix};

/// A boolean argument that should be `true`, and how to say so.
pub(crate) struct FlagRule {
    pub check: &'static Check,
    pub attribute: &'static str,
    /// What the resource does when the flag is on: "validates its log files".
    pub does: &'static str,
    /// What it fails to do when off: "does not validate its log files".
    pub lacks: &'static str,
    pub fix_title: &'static str,
    pub applicability: Applicability,
    pub fix_note: &'static str,
}

/// The finding (or unknown note) for a flag that is not on, with a fix when the flag is
/// missing or written as a literal in the attribute itself.
pub(crate) fn judge_flag(
    config: &Configuration<'_>,
    target: &Target<'_, '_>,
    rule: &FlagRule,
) -> Option<Finding> {
    let unit = target.unit();
    let attribute = rule.attribute;
    let text = config.text(unit);
    let fix = |edits: Vec<Edit>| Fix {
        title: rule.fix_title.to_owned(),
        applicability: rule.applicability,
        note: Some(rule.fix_note.to_owned()),
        edits,
    };
    match target.flag(config, attribute) {
        Flag::On => None,
        Flag::Missing => {
            let mut finding = rule
                .check
                .finding(
                    unit,
                    target.header(),
                    format!(
                        "`{}` {}: `{attribute}` is not set and defaults to false",
                        target.address, rule.lacks
                    ),
                )
                .with_resource(target.address.clone());
            finding.fix =
                add_block_attributes(text, unit, target.block(), &[(attribute, "true")]).map(fix);
            Some(finding)
        }
        Flag::Off(setting) => {
            let value = &setting.value;
            let mut source = via_text(config, value);
            if source.is_empty() && !setting.literal_here(unit) {
                source = format!(" (`{}`)", config.source_of(unit, &setting.attr.value));
            }
            let mut finding = rule
                .check
                .finding(
                    unit,
                    setting.evidence(unit),
                    format!(
                        "`{}` {}: `{attribute}` is {value}{source}",
                        target.address, rule.lacks
                    ),
                )
                .with_resource(target.address.clone());
            finding.trace = trace_of(config, value);
            finding.fix = setting
                .literal_replacement(unit, "true")
                .map(|edit| fix(vec![edit]));
            Some(finding)
        }
        Flag::Unknown(setting) => Some(
            rule.check
                .unknown(
                    unit,
                    setting.value_range(),
                    format!(
                        "cannot tell whether `{}` {}: {}",
                        target.address,
                        rule.does,
                        setting
                            .value
                            .unknown_reason()
                            .unwrap_or("its value is unknown")
                    ),
                )
                .with_resource(target.address.clone()),
        ),
    }
}
