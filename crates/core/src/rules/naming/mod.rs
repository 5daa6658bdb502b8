//! Naming collisions (RUBRIC.md 3.4): names that must be unique in their scope, written as
//! fixed strings, so that a second deployment fails with "already exists".
//!
//! A name is read as a sequence of [`Part`]s ([`analyze`]): text fixed in the code, and the
//! references that make it differ between deployments. Which kind of part removes a
//! collision in which scope:
//!
//! | part in the name                                  | tells apart          | collision removed |
//! |---------------------------------------------------|----------------------|-------------------|
//! | an attribute of a `random_*` resource             | every deployment     | in every scope    |
//! | a name Terraform generates (`*_prefix`, omitted)  | every deployment     | in every scope    |
//! | a suffix/environment variable without a value, `terraform.workspace` | deployments given different values | in every scope |
//! | the account id (`data.aws_caller_identity`)      | accounts             | none: two deployments in one account still collide |
//! | the region (`data.aws_region`, a region variable) | regions              | none: two deployments in one region still collide |
//!
//! Account ids and regions narrow a name's scope (an S3 bucket named after the account
//! collides only within that account) but never make two deployments into one account and
//! region differ; the finding stays and its message says what the part does tell apart.

pub mod fixed_unique_name;

use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::template::Element;

use crate::configuration::Configuration;
use crate::eval::Scope;
use crate::facts;
use crate::submission::UnitId;

/// How deep names are followed through locals and other resources' names.
const MAX_DEPTH: usize = 8;

/// One part of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Text known from the code: literals, variable defaults, values in .tfvars. `echo` is
    /// the resource whose name the text repeats (`"${aws_iam_role.app.name}-profile"`).
    Fixed { text: String, echo: Option<String> },
    /// An attribute of a `random_*` resource (the reference).
    Random(String),
    /// A name that Terraform generates: another resource's `*_prefix` or omitted name.
    Generated(String),
    /// A value chosen per deployment: a suffix or environment variable without a value in
    /// the code, or `terraform.workspace`.
    PerDeployment(String),
    /// The account id.
    Account(String),
    /// The region.
    Region(String),
    /// A value that cannot be known from the code.
    Unknown { reference: String, reason: String },
}

/// A name as its parts, and as text for messages (`app-${data.aws_region.current.name}`).
#[derive(Debug, Clone, Default)]
pub struct NameAnalysis {
    pub parts: Vec<Part>,
    pub rendered: String,
}

impl NameAnalysis {
    /// The part that makes the name differ between deployments, if any.
    pub fn unique_by(&self) -> Option<&Part> {
        self.parts.iter().find(|p| {
            matches!(
                p,
                Part::Random(_) | Part::Generated(_) | Part::PerDeployment(_)
            )
        })
    }

    /// The first part that cannot be known: (reference, reason).
    pub fn unknown(&self) -> Option<(&str, &str)> {
        self.parts.iter().find_map(|p| match p {
            Part::Unknown { reference, reason } => Some((reference.as_str(), reason.as_str())),
            _ => None,
        })
    }

    /// Whether every part is fixed text: the name is exactly `rendered`.
    pub fn is_fixed_text(&self) -> bool {
        self.parts.iter().all(|p| matches!(p, Part::Fixed { .. }))
    }

    /// The resources whose names this name repeats.
    pub fn echoes(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Fixed {
                echo: Some(address),
                ..
            } => Some(address.as_str()),
            _ => None,
        })
    }

    /// The longest the name can be, in characters: account ids have 12 digits, region
    /// names at most 14 characters.
    pub fn max_len(&self) -> usize {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Fixed { text, .. } => text.chars().count(),
                Part::Account(_) => 12,
                Part::Region(_) => 14,
                _ => 0,
            })
            .sum()
    }

    fn fixed(text: String) -> Self {
        Self {
            rendered: text.clone(),
            parts: vec![Part::Fixed { text, echo: None }],
        }
    }

    fn single(part: Part, source: &str) -> Self {
        Self {
            parts: vec![part],
            rendered: format!("${{{source}}}"),
        }
    }

    fn unknowable(source: &str, reason: &str) -> Self {
        Self::single(
            Part::Unknown {
                reference: source.to_owned(),
                reason: reason.to_owned(),
            },
            source,
        )
    }

    fn extend(&mut self, other: NameAnalysis) {
        self.parts.extend(other.parts);
        self.rendered.push_str(&other.rendered);
    }
}

/// The parts of the name `expr` gives, evaluated in `scope` (an instance's `count` or
/// `each`).
pub fn analyze(
    config: &Configuration<'_>,
    unit: UnitId,
    expr: &Expression,
    scope: &Scope,
) -> NameAnalysis {
    analyze_at(config, unit, expr, scope, 0)
}

fn analyze_at(
    config: &Configuration<'_>,
    unit: UnitId,
    expr: &Expression,
    scope: &Scope,
    depth: usize,
) -> NameAnalysis {
    let value = config.eval(unit, expr, scope);
    if let Some(text) = value.to_template_string() {
        return NameAnalysis::fixed(text);
    }
    let source = config.source_of(unit, expr);
    let reason = value.unknown_reason().unwrap_or("not a string");
    if depth >= MAX_DEPTH {
        return NameAnalysis::unknowable(source, reason);
    }
    match expr {
        Expression::StringTemplate(template) => {
            let mut out = NameAnalysis::default();
            for element in template.iter() {
                match element {
                    Element::Literal(literal) => {
                        out.extend(NameAnalysis::fixed(literal.value().clone()));
                    }
                    Element::Interpolation(interp) => {
                        out.extend(analyze_at(config, unit, &interp.expr, scope, depth + 1));
                    }
                    Element::Directive(_) => out.extend(NameAnalysis::unknowable(source, reason)),
                }
            }
            out
        }
        Expression::Parenthesis(inner) => analyze_at(config, unit, inner.inner(), scope, depth + 1),
        Expression::Traversal(traversal) => {
            analyze_traversal(config, traversal, depth, source, reason)
        }
        Expression::FuncCall(call) => {
            // The result is made of its arguments: their parts count, the text is the call.
            let mut out = NameAnalysis::default();
            for arg in call.args.iter() {
                out.parts
                    .extend(analyze_at(config, unit, arg, scope, depth + 1).parts);
            }
            out.rendered = format!("${{{source}}}");
            out
        }
        Expression::Conditional(cond) => {
            let test = config.eval(unit, &cond.cond_expr, scope);
            match test.as_bool() {
                Some(true) => analyze_at(config, unit, &cond.true_expr, scope, depth + 1),
                Some(false) => analyze_at(config, unit, &cond.false_expr, scope, depth + 1),
                None => {
                    let yes = analyze_at(config, unit, &cond.true_expr, scope, depth + 1);
                    let no = analyze_at(config, unit, &cond.false_expr, scope, depth + 1);
                    if yes.unique_by().is_some() && no.unique_by().is_some() {
                        yes
                    } else {
                        NameAnalysis::unknowable(
                            config.source_of(unit, &cond.cond_expr),
                            test.unknown_reason().unwrap_or("not a bool"),
                        )
                    }
                }
            }
        }
        _ => NameAnalysis::unknowable(source, reason),
    }
}

fn analyze_traversal(
    config: &Configuration<'_>,
    traversal: &hcl_edit::expr::Traversal,
    depth: usize,
    source: &str,
    reason: &str,
) -> NameAnalysis {
    let Expression::Variable(root) = &traversal.expr else {
        return NameAnalysis::unknowable(source, reason);
    };
    // Attribute names after the root, skipping instance indexes (`aws_x.y[0].name`).
    let names: Vec<&str> = traversal
        .operators
        .iter()
        .filter_map(|op| match op.value() {
            TraversalOperator::GetAttr(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let root = root.as_str();
    match (root, names.as_slice()) {
        ("var", [name, ..]) => {
            let value = config.variable(name);
            if value.unknown_variable_name().is_none() {
                // The variable has a value; something after it is what is unknown.
                return NameAnalysis::unknowable(source, reason);
            }
            if says_per_deployment(name) {
                NameAnalysis::single(Part::PerDeployment(source.to_owned()), source)
            } else if says_region(name) {
                NameAnalysis::single(Part::Region(source.to_owned()), source)
            } else {
                NameAnalysis::unknowable(source, value.unknown_reason().unwrap_or(reason))
            }
        }
        ("local", [name, ..]) => match config.locals.get(name) {
            // The whole local is read, even when an index picks a part of it.
            Some(local) => analyze_at(
                config,
                local.unit,
                &local.attr.value,
                &Scope::new(),
                depth + 1,
            ),
            None => NameAnalysis::unknowable(source, reason),
        },
        ("terraform", ["workspace", ..]) => {
            NameAnalysis::single(Part::PerDeployment(source.to_owned()), source)
        }
        ("data", ["aws_caller_identity", _, "account_id", ..]) => {
            NameAnalysis::single(Part::Account(source.to_owned()), source)
        }
        ("data", ["aws_region", _, "name" | "id" | "region", ..]) => {
            NameAnalysis::single(Part::Region(source.to_owned()), source)
        }
        (kind, [_, ..]) if kind.starts_with("random_") => {
            NameAnalysis::single(Part::Random(source.to_owned()), source)
        }
        (kind, [name, attr, ..]) if kind.starts_with("aws_") => {
            echo_of(config, kind, name, attr, depth, source)
                .unwrap_or_else(|| NameAnalysis::unknowable(source, reason))
        }
        _ => NameAnalysis::unknowable(source, reason),
    }
}

/// Types whose `id` is their name.
const ID_IS_NAME: &[&str] = &[
    "aws_s3_bucket",
    "aws_iam_role",
    "aws_iam_user",
    "aws_iam_group",
    "aws_iam_instance_profile",
    "aws_dynamodb_table",
    "aws_lambda_function",
    "aws_cloudwatch_log_group",
    "aws_kms_alias",
    "aws_ecr_repository",
    "aws_ssm_parameter",
    "aws_rds_cluster",
    "aws_elasticache_cluster",
    "aws_elasticache_replication_group",
];

/// The name of another resource of the configuration, read where it is written, when
/// `kind.name.attr` is that name.
fn echo_of(
    config: &Configuration<'_>,
    kind: &str,
    name: &str,
    attr: &str,
    depth: usize,
    source: &str,
) -> Option<NameAnalysis> {
    let facts = facts::resource(kind)?;
    let name_arg = facts.name_arg?;
    if attr != name_arg && !(attr == "id" && ID_IS_NAME.contains(&kind)) {
        return None;
    }
    let target = config
        .resources
        .iter()
        .find(|r| r.kind == kind && r.name == name)?;
    let address = target.address();
    let generated = || NameAnalysis::single(Part::Generated(source.to_owned()), source);
    if facts
        .prefix_arg
        .is_some_and(|p| target.block.body.get_attribute(p).is_some())
    {
        return Some(generated());
    }
    let Some(named) = target.block.body.get_attribute(name_arg) else {
        return Some(generated());
    };
    // The first instance stands for all: instances differ by their key, not in kind.
    let scope = config
        .instances(target.unit, target.block)
        .into_iter()
        .next()
        .map(|i| i.scope)
        .unwrap_or_default();
    let mut analysis = analyze_at(config, target.unit, &named.value, &scope, depth + 1);
    for part in &mut analysis.parts {
        if let Part::Fixed { echo, .. } = part
            && echo.is_none()
        {
            *echo = Some(address.clone());
        }
    }
    Some(analysis)
}

/// A variable whose name says it tells deployments apart: `environment`, `env`, `stage`,
/// `workspace`, `*suffix*`.
pub fn says_per_deployment(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.contains("suffix")
        || name.contains("environment")
        || name
            .split(['_', '-'])
            .any(|w| matches!(w, "env" | "stage" | "workspace"))
}

fn says_region(name: &str) -> bool {
    name.to_ascii_lowercase()
        .split(['_', '-'])
        .any(|w| w == "region")
}

/// Shared test helpers for the checks of this family.
#[cfg(test)]
pub(crate) mod testing {
    pub use crate::rules::testing::*;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deployment_variables_are_recognised_by_name() {
        for name in [
            "environment",
            "environment_suffix",
            "env",
            "deploy_env",
            "stage",
            "workspace",
            "name_suffix",
            "ENV",
        ] {
            assert!(says_per_deployment(name), "{name}");
        }
        for name in [
            "project",
            "envelope",
            "bucket_name",
            "staged_files",
            "region",
        ] {
            assert!(!says_per_deployment(name), "{name}");
        }
        assert!(says_region("aws_region"));
    }
}
