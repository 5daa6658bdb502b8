//! The permissions state access and locking need, judged on the IAM policy reader: only
//! Allow statements, their actions and their resources.

use std::ops::Range;

use crate::analysis::iam::policy;
use crate::submission::UnitId;

/// An IAM identity policy of the configuration.
#[derive(Debug, Clone)]
pub struct LockPolicy {
    /// `aws_iam_policy.ci`, `data.aws_iam_policy_document.state`.
    pub address: String,
    pub unit: UnitId,
    /// The policy's text (the `policy` value, or the data source's header).
    pub range: Range<usize>,
    pub statements: Vec<AllowStatement>,
}

/// An Allow statement.
#[derive(Debug, Clone, Default)]
pub struct AllowStatement {
    pub actions: Vec<ActionPattern>,
    /// `NotAction`: allows every action but these.
    pub not_action: bool,
    pub resources: Vec<ResourcePattern>,
    /// `NotResource`: applies to every resource but these.
    pub not_resource: bool,
}

#[derive(Debug, Clone)]
pub struct ActionPattern {
    pub pattern: String,
    /// Where the action is written, when in the policy's own unit.
    pub range: Option<Range<usize>>,
}

#[derive(Debug, Clone)]
pub enum ResourcePattern {
    Known(String),
    /// Known only after apply: the resources the expression refers to.
    Unknown(Vec<String>),
}

/// What a permission must apply to: an ARN with `*` for unknown parts, and the resources
/// of the configuration whose (unknown) ARNs count as it.
#[derive(Debug, Clone)]
pub struct PolicyTarget {
    pub arn: String,
    pub resources: Vec<String>,
    /// Whether a resource known only after apply, referring to no resource of the
    /// configuration (a variable without a value), counts as this target.
    pub unknown_counts: bool,
}

impl AllowStatement {
    fn allows_action(&self, action: &str) -> Option<Option<Range<usize>>> {
        let matched = self.actions.iter().find(|a| {
            glob_intersects(
                &a.pattern.to_ascii_lowercase(),
                &action.to_ascii_lowercase(),
            )
        });
        match (self.not_action, matched) {
            (false, Some(a)) => Some(a.range.clone()),
            (true, None) => Some(None),
            _ => None,
        }
    }

    fn applies_to(&self, target: &PolicyTarget) -> bool {
        let matched = self.resources.iter().any(|r| match r {
            ResourcePattern::Known(pattern) => glob_intersects(pattern, &target.arn),
            ResourcePattern::Unknown(refs) => {
                if refs.iter().any(|r| target.resources.contains(r)) {
                    true
                } else {
                    target.unknown_counts && refs.is_empty()
                }
            }
        });
        matched != self.not_resource
    }
}

impl LockPolicy {
    /// Whether the policy allows `action` on `target`; with the range of the action that
    /// allows it, when known.
    pub fn allows(&self, action: &str, target: &PolicyTarget) -> Option<Option<Range<usize>>> {
        self.statements
            .iter()
            .filter(|s| s.applies_to(target))
            .find_map(|s| s.allows_action(action))
    }
}

/// Whether some string matches both globs (`*` any run, `?` any character).
pub fn glob_intersects(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    if (n + 1).saturating_mul(m + 1) > 4_000_000 {
        // Too long to compare exactly: assume they meet.
        return true;
    }
    let mut seen = vec![false; (n + 1) * (m + 1)];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, j)) = stack.pop() {
        if std::mem::replace(&mut seen[i * (m + 1) + j], true) {
            continue;
        }
        match (a.get(i), b.get(j)) {
            (None, None) => return true,
            (Some('*'), _) => {
                stack.push((i + 1, j));
                if j < m {
                    stack.push((i, j + 1));
                }
            }
            (_, Some('*')) => {
                stack.push((i, j + 1));
                if i < n {
                    stack.push((i + 1, j));
                }
            }
            (Some(x), Some(y)) if x == y || *x == '?' || *y == '?' => stack.push((i + 1, j + 1)),
            _ => {}
        }
    }
    false
}

/// The identity policies of a configuration as the lock checks need them: the Allow
/// statements without principals of every identity policy the IAM checks read
/// (`aws_iam_policy_document` data sources, `jsonencode`, heredoc or string JSON in IAM
/// policy resources and roles' `inline_policy` blocks). A `policy` that refers to a policy
/// document is read as that document.
pub fn read_lock_policies(policies: &[policy::Policy]) -> Vec<LockPolicy> {
    policies
        .iter()
        .filter(|p| p.context == policy::Context::Identity)
        .filter_map(|p| {
            let policy::Content::Statements(statements) = &p.content else {
                return None;
            };
            let statements = statements
                .iter()
                .filter(|s| {
                    s.effect == policy::Effect::Allow
                        && s.principal.is_none()
                        && s.not_principal.is_none()
                })
                .filter_map(|s| allow_statement(p, s))
                .collect();
            Some(LockPolicy {
                address: p.address(),
                unit: p.unit,
                range: p.fallback.clone(),
                statements,
            })
        })
        .collect()
}

/// An Allow statement's actions and resources; `None` when it names either neither way.
fn allow_statement(
    policy: &policy::Policy,
    statement: &policy::Statement,
) -> Option<AllowStatement> {
    let (actions, not_action) = match (&statement.action, &statement.not_action) {
        (Some(actions), _) => (actions, false),
        (None, Some(actions)) => (actions, true),
        (None, None) => return None,
    };
    let (resources, not_resource) = match (&statement.resource, &statement.not_resource) {
        (Some(resources), _) => (resources, false),
        (None, Some(resources)) => (resources, true),
        (None, None) => return None,
    };
    let actions = actions
        .iter()
        .filter_map(|leaf| {
            let pattern = leaf.text()?.to_owned();
            // Where the action is written, when it is written right there.
            let range = leaf
                .origin
                .as_ref()
                .filter(|o| o.unit == policy.unit && o.via.is_empty())
                .map(|o| o.span.clone())
                .or_else(|| leaf.at.clone());
            Some(ActionPattern { pattern, range })
        })
        .collect();
    let resources = resources
        .iter()
        .map(|leaf| match &leaf.value {
            policy::LeafValue::Text(text) => ResourcePattern::Known(text.trim().to_owned()),
            policy::LeafValue::Unknown(opaque) => {
                ResourcePattern::Unknown(opaque.references.clone())
            }
        })
        .collect();
    Some(AllowStatement {
        actions,
        not_action,
        resources,
        not_resource,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_meet_when_some_string_matches_both() {
        assert!(glob_intersects(
            "arn:aws:s3:::state/*",
            "arn:aws:s3:::state/app.tfstate"
        ));
        assert!(glob_intersects("*", "arn:aws:dynamodb:*:*:table/lock"));
        assert!(glob_intersects(
            "arn:aws:dynamodb:us-east-1:123456789012:table/tf-*",
            "arn:aws:dynamodb:*:*:table/tf-lock"
        ));
        assert!(glob_intersects("s3:get*", "s3:getobject"));
        assert!(glob_intersects("s3:?etObject", "s3:GetObject"));
        assert!(!glob_intersects(
            "arn:aws:s3:::logs/*",
            "arn:aws:s3:::state/app.tfstate"
        ));
        assert!(!glob_intersects(
            "arn:aws:s3:::state",
            "arn:aws:s3:::state/app.tfstate"
        ));
        assert!(!glob_intersects("s3:ListBucket", "s3:GetObject"));
    }
}
