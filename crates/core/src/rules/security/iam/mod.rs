//! What the IAM checks share when they judge a policy: the scope of an action element,
//! findings and notes about a policy, one note per policy, and findings of the instances
//! of one block reported once when they all agree.

pub mod iam_wildcard_action;
pub mod iam_wildcard_principal;
pub mod iam_wildcard_resource;

use indexmap::IndexMap;

use crate::analysis::iam::policy::{Content, Effect, Leaf, LeafValue, Policy, Statement};
use crate::check::Check;
use crate::finding::{Finding, Severity};

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

/// The statements of a policy to judge (those whose effect is `Allow`). With
/// `notes_unreadable`, also the note that the policy or a statement's effect cannot be
/// read: one check makes it for each policy (the wildcard-principal check for trust
/// policies, the wildcard-action check for the others), so that one unreadable policy
/// makes one note.
pub fn allowing<'p>(
    policy: &'p Policy,
    check: &'static Check,
    notes_unreadable: bool,
    reporter: &mut Reporter,
) -> Vec<&'p Statement> {
    match &policy.content {
        Content::Unknown(reason) => {
            if notes_unreadable && !reporter.has_note(policy, check.code) {
                reporter.push(
                    policy,
                    check
                        .unknown(
                            policy.unit,
                            policy.fallback.clone(),
                            format!(
                                "cannot read the `{}` of `{}`: {reason}",
                                policy.argument,
                                policy.address()
                            ),
                        )
                        .with_resource(policy.address()),
                );
            }
            Vec::new()
        }
        Content::Statements(statements) => {
            statements
                .iter()
                .filter(|s| match &s.effect {
                    Effect::Allow => true,
                    Effect::Deny => false,
                    Effect::Unknown(reason) => {
                        if notes_unreadable && !reporter.has_note(policy, check.code) {
                            reporter.push(
                            policy,
                            check.unknown(policy.unit, policy.fallback.clone(), format!(
                                    "cannot tell whether {} of `{}` allows or denies: {reason}",
                                    s.label(),
                                    policy.address()
                                )).with_resource(policy.address()),
                        );
                        }
                        false
                    }
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::codes;

    /// An S3 gateway endpoint whose policy lets any principal of the VPC use the bucket.
    const ENDPOINT: &str = r#"data "aws_iam_policy_document" "endpoint" {
  statement {
    effect = "Allow"
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    actions   = ["s3:*"]
    resources = ["*"]
  }
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id       = aws_vpc.main.id
  service_name = "com.amazonaws.us-east-1.s3"
  policy       = data.aws_iam_policy_document.endpoint.json
}"#;

    #[test]
    fn endpoint_policies_grant_nothing() {
        let found = codes(ENDPOINT);
        assert!(!found.iter().any(|c| c.starts_with("TFG60")), "{found:?}");
        let inline = r#"resource "aws_vpc_endpoint_policy" "s3" {
  vpc_endpoint_id = aws_vpc_endpoint.s3.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = "*", Resource = "*" }]
  })
}"#;
        let found = codes(inline);
        assert!(!found.iter().any(|c| c.starts_with("TFG60")), "{found:?}");
    }

    #[test]
    fn the_same_document_on_a_bucket_still_opens_it() {
        let bucket = ENDPOINT.replace(
            r#"resource "aws_vpc_endpoint" "s3" {
  vpc_id       = aws_vpc.main.id
  service_name = "com.amazonaws.us-east-1.s3"
  policy       = data.aws_iam_policy_document.endpoint.json
}"#,
            r#"resource "aws_s3_bucket_policy" "b" {
  bucket = "b"
  policy = data.aws_iam_policy_document.endpoint.json
}"#,
        );
        assert!(codes(&bucket).contains(&"TFG604"), "{bucket}");
    }
}
