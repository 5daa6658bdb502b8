//! What the IAM checks share when they judge a policy: the scope of an action element,
//! findings and notes about a policy, one note per policy, and findings of the instances
//! of one block reported once when they all agree.

use std::ops::Range;

use indexmap::IndexMap;

use super::policy::{Content, Context, Effect, Leaf, LeafValue, Policy, Statement};
use crate::finding::{Advice, Finding, Severity};

/// What an action element grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionScope {
    /// `*`: every action of every service.
    Everything,
    /// `s3:*`: every action of one service (lower-case prefix).
    Service(String),
    /// A named action or a partial wildcard (`s3:Get*`).
    Named,
}

pub fn action_scope(action: &str) -> ActionScope {
    let action = action.trim();
    if action.chars().all(|c| c == '*') || action == "*:*" {
        return ActionScope::Everything;
    }
    match action.split_once(':') {
        Some((service, rest)) if !rest.is_empty() && rest.chars().all(|c| c == '*') => {
            ActionScope::Service(service.to_ascii_lowercase())
        }
        _ => ActionScope::Named,
    }
}

/// Block address, code, evidence range and message without the instance key.
type GroupKey = (String, String, usize, usize, String);

/// Collects findings per policy instance; instances of one block that all give the same
/// finding are reported once, for the block.
#[derive(Default)]
pub struct Reporter {
    found: Vec<(Policy, Finding)>,
}

impl Reporter {
    pub fn push(&mut self, policy: &Policy, finding: Finding) {
        self.found.push((policy.clone(), finding));
    }

    /// Whether this check already made a note about this policy instance and argument:
    /// one note per policy, not a flood.
    pub fn has_note(&self, policy: &Policy, code: &str) -> bool {
        self.found.iter().any(|(p, f)| {
            p.address() == policy.address()
                && p.argument == policy.argument
                && f.code == code
                && f.severity == Severity::Info
        })
    }

    pub fn finish(self, out: &mut Vec<Finding>) {
        let mut groups: IndexMap<GroupKey, Vec<(Policy, Finding)>> = IndexMap::new();
        for (policy, finding) in self.found {
            let bare = finding.message.replace(
                &format!("`{}`", policy.address()),
                &format!("`{}`", policy.block),
            );
            let key = (
                policy.block.clone(),
                finding.code.to_owned(),
                finding.range.start,
                finding.range.end,
                format!("{:?} {bare}", finding.severity),
            );
            groups.entry(key).or_default().push((policy, finding));
        }
        for (_, group) in groups {
            let instances = group.first().map_or(0, |(p, _)| p.instances);
            let mut keys: Vec<&str> = group.iter().map(|(p, _)| p.key.as_str()).collect();
            keys.sort_unstable();
            keys.dedup();
            if instances > 1 && keys.len() == instances {
                if let Some((policy, mut finding)) = group.into_iter().next() {
                    finding.message = finding.message.replace(
                        &format!("`{}`", policy.address()),
                        &format!("`{}`", policy.block),
                    );
                    finding.resource = Some(policy.block.clone());
                    out.push(finding);
                }
            } else {
                out.extend(group.into_iter().map(|(_, f)| f));
            }
        }
    }
}

/// The `Resource` of a statement, for messages: `"*"` or the first few values.
pub fn describe_leaves(leaves: &[Leaf]) -> String {
    let texts: Vec<String> = leaves
        .iter()
        .filter_map(Leaf::text)
        .take(4)
        .map(|t| format!("`{t}`"))
        .collect();
    let more = leaves.len().saturating_sub(texts.len());
    match (texts.is_empty(), more) {
        (true, _) => "values that cannot be known".to_owned(),
        (false, 0) => texts.join(", "),
        (false, n) => format!("{} and {n} more", texts.join(", ")),
    }
}

/// Whether every principal of a statement is an account root (`arn:aws:iam::111122223333:root`
/// or an account id): the principal AWS's default key policy grants `kms:*` to.
pub fn only_account_roots(statement: &Statement) -> bool {
    let Some(principals) = &statement.principal else {
        return false;
    };
    !principals.is_empty()
        && principals.iter().all(|leaf| match &leaf.value {
            LeafValue::Text(text) => {
                let text = text.trim();
                text.ends_with(":root")
                    || (text.len() == 12 && text.chars().all(|c| c.is_ascii_digit()))
            }
            LeafValue::Unknown(opaque) => opaque.literal.trim().ends_with(":root"),
        })
}

/// A finding about a policy, without a fix (what to scope is a decision for its author).
pub fn finding(
    policy: &Policy,
    code: &'static str,
    severity: Severity,
    range: Range<usize>,
    message: String,
    trace: Vec<String>,
    alternatives: Vec<Advice>,
) -> Finding {
    Finding {
        code,
        unit: policy.unit,
        range,
        severity,
        resource: Some(policy.address()),
        message,
        trace,
        unknown: false,
        fix: None,
        alternatives,
        suppressed: None,
    }
}

/// An info note about a policy: `unknown` when a value could not be known.
pub fn note(
    policy: &Policy,
    code: &'static str,
    range: Range<usize>,
    message: String,
    unknown: bool,
) -> Finding {
    Finding {
        code,
        unit: policy.unit,
        range,
        severity: Severity::Info,
        resource: Some(policy.address()),
        message,
        trace: Vec::new(),
        unknown,
        fix: None,
        alternatives: Vec::new(),
        suppressed: None,
    }
}

/// Whether `code` is the check that notes an unreadable policy or statement effect: the
/// wildcard-principal check for trust policies, the wildcard-action check for the others,
/// so that one unreadable policy makes one note.
pub fn notes_unreadable(policy: &Policy, code: &str) -> bool {
    let owner = if policy.context == Context::Trust {
        super::iam_wildcard_principal::CHECK.code
    } else {
        super::iam_wildcard_action::CHECK.code
    };
    owner == code
}

/// The notes every IAM check makes about what it cannot read; returns the statements to
/// judge (those whose effect is `Allow`).
pub fn allowing<'p>(
    policy: &'p Policy,
    code: &'static str,
    reporter: &mut Reporter,
) -> Vec<&'p Statement> {
    match &policy.content {
        Content::Unknown(reason) => {
            if notes_unreadable(policy, code) && !reporter.has_note(policy, code) {
                reporter.push(
                    policy,
                    note(
                        policy,
                        code,
                        policy.fallback.clone(),
                        format!(
                            "cannot read the `{}` of `{}`: {reason}",
                            policy.argument,
                            policy.address()
                        ),
                        true,
                    ),
                );
            }
            Vec::new()
        }
        Content::Statements(statements) => statements
            .iter()
            .filter(|s| match &s.effect {
                Effect::Allow => true,
                Effect::Deny => false,
                Effect::Unknown(reason) => {
                    if notes_unreadable(policy, code) && !reporter.has_note(policy, code) {
                        reporter.push(
                            policy,
                            note(
                                policy,
                                code,
                                policy.fallback.clone(),
                                format!(
                                    "cannot tell whether {} of `{}` allows or denies: {reason}",
                                    s.label(),
                                    policy.address()
                                ),
                                true,
                            ),
                        );
                    }
                    false
                }
            })
            .collect(),
    }
}
