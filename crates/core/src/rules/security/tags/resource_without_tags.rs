//! TFG690 `resource-without-tags`.

use std::collections::HashMap;
use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Attribute, Block};

use crate::analysis::Analyzed;
use crate::analysis::provenance::trace_of;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::{Configuration, Resource};
use crate::eval::{Scope, Value};
use crate::facts;
use crate::finding::{Advice, Category, Family, Finding, Severity};
use crate::submission::UnitId;

pub static CHECK: Check = Check {
    code: "TFG690",
    name: "resource-without-tags",
    family: Family::Security,
    severity: Severity::Low,
    category: Category::B,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds resources of types that take `tags` (per the AWS provider schema) \
               that have no tags, or empty ones (`tags = {}`), while their provider has \
               no `default_tags` block. With several `aws` providers, a resource's \
               `provider = aws.<alias>` picks the one whose `default_tags` count.",
        why: "Untagged resources cannot be attributed: cost reports, ownership, clean-up of \
              abandoned stacks and tag-based access policies all rely on tags. Provider \
              `default_tags` tag every resource in one place.",
        example: r#"provider "aws" {
  region = "us-east-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}"#,
        use_instead: r#"provider "aws" {
  region = "us-east-1"

  default_tags {
    tags = {
      Project     = "shop"
      Environment = "prod"
      ManagedBy   = "terraform"
    }
  }
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}"#,
        fix: "Display-only: shows a `default_tags` block for the provider. Not applied \
              mechanically: the values that make tags useful (project, owner, cost centre, \
              environment) are choices a tool cannot make, a placeholder such as \
              `ManagedBy = \"terraform\"` would silence the finding without giving those \
              answers, and adding `default_tags` updates the tags of every deployed \
              resource of the provider.",
        limitations: "Any one tag is enough: which tags a resource carries is not judged. \
                      Tags or `default_tags` whose value the code cannot know (`tags = \
                      var.tags` without a default) get an info note.",
    },
    run: Run::Configuration(run),
};

/// What a provider's `default_tags` give its resources.
#[derive(Clone)]
enum DefaultTags {
    /// At least one tag.
    Some,
    /// No `default_tags`, or empty ones.
    None { empty: bool },
    /// Their value cannot be known.
    Unknown {
        unit: UnitId,
        range: Range<usize>,
        reason: String,
    },
}

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    let providers = provider_tags(config);
    let mut noted_providers: Vec<String> = Vec::new();
    for resource in &config.resources {
        if !facts::resource(resource.kind).is_some_and(|f| f.takes_tags) {
            continue;
        }
        let Some(provider) = provider_of(resource) else {
            continue;
        };
        let default = providers
            .get(&provider)
            .cloned()
            .unwrap_or(DefaultTags::None { empty: false });
        let (unit, range, reason) = match default {
            DefaultTags::Some => continue,
            DefaultTags::Unknown {
                unit,
                range,
                reason,
            } => (unit, range, reason),
            DefaultTags::None { empty } => {
                judge_resource(config, out, resource, &provider, empty);
                continue;
            }
        };
        // Resources with their own tags do not depend on the provider's.
        if matches!(own_tags(config, resource), OwnTags::Some) {
            continue;
        }
        if !noted_providers.contains(&provider) {
            noted_providers.push(provider.clone());
            out.push(CHECK.unknown(unit, range, format!(
                    "cannot tell whether the `{provider}` provider's `default_tags` tag its resources: {reason}"
                )).with_resource(format!("provider.{provider}")));
        }
    }
}

/// What a resource's own `tags` argument gives.
enum OwnTags {
    Some,
    /// Absent.
    Missing,
    /// Empty or null in at least one instance (the value, for the message).
    Empty(Value),
    Unknown(String),
}

fn own_tags(config: &Configuration<'_>, resource: &Resource<'_>) -> OwnTags {
    let Some(attr) = resource.block.body.get_attribute("tags") else {
        return OwnTags::Missing;
    };
    let mut unknown = None;
    for instance in config.instances(resource.unit, resource.block) {
        match tags_value(config, resource.unit, attr, &instance.scope) {
            Ok(true) => {}
            Ok(false) => {
                return OwnTags::Empty(config.eval(resource.unit, &attr.value, &instance.scope));
            }
            Err(reason) => unknown = unknown.or(Some(reason)),
        }
    }
    match unknown {
        Some(reason) => OwnTags::Unknown(reason),
        None => OwnTags::Some,
    }
}

/// Whether a `tags` value holds at least one tag; `Err` says why it cannot be known.
fn tags_value(
    config: &Configuration<'_>,
    unit: UnitId,
    attr: &Attribute,
    scope: &Scope,
) -> Result<bool, String> {
    let value = config.eval(unit, &attr.value, scope);
    if let Some(map) = value.as_map() {
        return Ok(!map.is_empty());
    }
    if value.is_null() {
        return Ok(false);
    }
    // `merge(var.common_tags, { Name = "x" })`: a known non-empty argument is enough.
    if let Expression::FuncCall(call) = &attr.value
        && call.name.name.as_str() == "merge"
        && call.args.iter().any(|arg| {
            config
                .eval(unit, arg, scope)
                .as_map()
                .is_some_and(|m| !m.is_empty())
        })
    {
        return Ok(true);
    }
    Err(value
        .unknown_reason()
        .unwrap_or("`tags` is not a map")
        .to_owned())
}

fn judge_resource(
    config: &Configuration<'_>,
    out: &mut Vec<Finding>,
    resource: &Resource<'_>,
    provider: &str,
    default_empty: bool,
) {
    let address = resource.address();
    let provider_says = if default_empty {
        format!("the `{provider}` provider's `default_tags` are empty")
    } else {
        format!("the `{provider}` provider has no `default_tags`")
    };
    let (range, message, trace) =
        match own_tags(config, resource) {
            OwnTags::Some => return,
            OwnTags::Missing => (
                header_range(resource.block),
                format!("`{address}` has no `tags` and {provider_says}"),
                Vec::new(),
            ),
            OwnTags::Empty(value) => {
                let trace = trace_of(config, &value);
                let Some(attr) = resource.block.body.get_attribute("tags") else {
                    return;
                };
                // Name the reference an empty value came through: `var.tags` is `{}`.
                let via = match &attr.value {
                    Expression::Object(_) => String::new(),
                    other => format!(
                        " (`{}` is `{value}`)",
                        config.source_of(resource.unit, other)
                    ),
                };
                (
                    attr.value
                        .span()
                        .unwrap_or_else(|| header_range(resource.block)),
                    format!("`{address}` has empty `tags`{via} and {provider_says}"),
                    trace,
                )
            }
            OwnTags::Unknown(reason) => {
                let Some(attr) = resource.block.body.get_attribute("tags") else {
                    return;
                };
                out.push(CHECK.unknown(resource.unit, attr
                    .value
                    .span()
                    .unwrap_or_else(|| header_range(resource.block)), format!(
                    "cannot tell whether `{address}` has tags ({provider_says}): {reason}"
                )).with_resource(address.clone()));
                return;
            }
        };
    out.push(
        CHECK
            .finding(resource.unit, range, message)
            .with_resource(address)
            .with_trace(trace)
            .with_alternatives(vec![advice(config, provider)]),
    );
}

/// `default_tags` for the provider, to copy into its block (or a whole block when the
/// configuration has none).
fn advice(config: &Configuration<'_>, provider: &str) -> Advice {
    let tags = "  default_tags {\n    tags = {\n      Project     = \"<project>\"\n      Environment = \"<environment>\"\n      Owner       = \"<team>\"\n      ManagedBy   = \"terraform\"\n    }\n  }\n";
    let alias = provider.strip_prefix("aws.");
    let declared = config
        .providers
        .iter()
        .any(|p| provider_key(p.block) == provider);
    let snippet = if declared {
        tags.lines()
            .map(|l| l.strip_prefix("  ").unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        let alias_line = alias.map_or(String::new(), |a| format!("  alias = \"{a}\"\n\n"));
        format!("provider \"aws\" {{\n{alias_line}{tags}}}")
    };
    Advice {
        title: format!("add `default_tags` to the `{provider}` provider"),
        note: "every resource of the provider then carries these tags; choose values that say \
               who owns a resource and what it is for. Applying them updates the tags of \
               deployed resources in place"
            .to_owned(),
        snippet: Some(snippet),
    }
}

/// `aws` or `aws.<alias>` for each `provider "aws"` block, with what its `default_tags` give.
fn provider_tags(config: &Configuration<'_>) -> HashMap<String, DefaultTags> {
    let mut out = HashMap::new();
    for item in &config.providers {
        if item.block.labels.first().map(|l| l.as_str()) != Some("aws") {
            continue;
        }
        let key = provider_key(item.block);
        if out.contains_key(&key) {
            continue;
        }
        let scope = Scope::new();
        let blocks = config.blocks(item.unit, &item.block.body, "default_tags", &scope);
        let tags = blocks
            .iter()
            .find_map(|b| b.body.get_attribute("tags").map(|a| (b, a)));
        let value = match tags {
            None => DefaultTags::None {
                empty: !blocks.is_empty(),
            },
            Some((expanded, attr)) => match tags_value(config, item.unit, attr, &expanded.scope) {
                Ok(true) => DefaultTags::Some,
                Ok(false) => DefaultTags::None { empty: true },
                Err(reason) => DefaultTags::Unknown {
                    unit: item.unit,
                    range: attr.value.span().unwrap_or(0..0),
                    reason,
                },
            },
        };
        out.insert(key, value);
    }
    out
}

/// `aws` for the default provider block, `aws.<alias>` for an aliased one.
fn provider_key(block: &Block) -> String {
    match block.body.get_attribute("alias").map(|a| &a.value) {
        Some(Expression::String(alias)) => format!("aws.{}", alias.value()),
        _ => "aws".to_owned(),
    }
}

/// The provider a resource uses: `provider = aws.west`, else `aws`. `None` for a provider
/// that is not an `aws` one.
fn provider_of(resource: &Resource<'_>) -> Option<String> {
    let Some(attr) = resource.block.body.get_attribute("provider") else {
        return Some("aws".to_owned());
    };
    let Expression::Traversal(traversal) = &attr.value else {
        return match &attr.value {
            Expression::Variable(v) if v.as_str() == "aws" => Some("aws".to_owned()),
            _ => None,
        };
    };
    let Expression::Variable(root) = &traversal.expr else {
        return None;
    };
    if root.as_str() != "aws" {
        return None;
    }
    match traversal.operators.first().map(|op| op.value()) {
        Some(TraversalOperator::GetAttr(alias)) => Some(format!("aws.{}", alias.as_str())),
        _ => Some("aws".to_owned()),
    }
}

/// `resource "aws_vpc" "main"`: from the block's start to the end of its labels.
fn header_range(block: &Block) -> Range<usize> {
    let Some(span) = block.span() else {
        return 0..0;
    };
    let end = block
        .labels
        .iter()
        .filter_map(|l| l.span())
        .map(|s| s.end)
        .max()
        .unwrap_or(span.start);
    span.start..end
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::rules::testing::assert_reports;
    use crate::{InputFile, Options, Severity, grade};

    const CODE: &str = super::CHECK.code;

    fn findings(tf: &str) -> Vec<(Severity, String)> {
        grade(vec![InputFile::new("main.tf", tf)], &Options::default())
            .findings
            .into_iter()
            .filter(|f| f.code == CODE && f.suppressed.is_none())
            .map(|f| (f.severity, f.message))
            .collect()
    }

    fn counted(tf: &str) -> usize {
        findings(tf)
            .iter()
            .filter(|(s, _)| *s != Severity::Info)
            .count()
    }

    fn notes(tf: &str) -> usize {
        findings(tf)
            .iter()
            .filter(|(s, _)| *s == Severity::Info)
            .count()
    }

    /// Each snippet has one untagged taggable resource.
    const FAIL: &[&str] = &[
        r#"resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}"#,
        r#"provider "aws" {
  region = "us-east-1"
}
resource "aws_s3_bucket" "b" {
  tags = {}
}"#,
        r#"variable "tags" {
  type    = map(string)
  default = {}
}
resource "aws_sqs_queue" "q" {
  tags = var.tags
}"#,
        // Empty default tags count as none.
        r#"provider "aws" {
  default_tags {
    tags = {}
  }
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}"#,
        // The default provider tags; the aliased one the resource uses does not.
        r#"provider "aws" {
  default_tags {
    tags = { Project = "shop" }
  }
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
resource "aws_vpc" "west" {
  provider   = aws.west
  cidr_block = "10.1.0.0/16"
}"#,
    ];

    /// Each snippet is tagged, covered by default tags, or not taggable.
    const PASS: &[&str] = &[
        r#"resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags = {
    Name = "main"
  }
}"#,
        r#"provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = {
      Project = "shop"
    }
  }
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}"#,
        r#"provider "aws" {
  alias = "west"
  default_tags {
    tags = { Project = "shop" }
  }
}
resource "aws_vpc" "west" {
  provider   = aws.west
  cidr_block = "10.1.0.0/16"
}"#,
        // Types that take no tags, and data sources.
        r#"resource "aws_iam_role_policy_attachment" "a" {
  role       = "r"
  policy_arn = "arn"
}
resource "aws_kms_alias" "a" {
  name          = "alias/a"
  target_key_id = "k"
}
data "aws_vpc" "default" {
  default = true
}"#,
        r#"variable "common_tags" {
  type = map(string)
}
resource "aws_s3_bucket" "b" {
  tags = merge(var.common_tags, { Name = "b" })
}"#,
        r#"locals {
  tags = { Project = "shop" }
}
resource "aws_sqs_queue" "q" {
  tags = local.tags
}"#,
        r#"# tfgrade:ignore TFG690 tagged by the module that adopts it
resource "aws_eip" "nat" {
  domain = "vpc"
}"#,
    ];

    #[test]
    fn fails() {
        assert_reports(CODE, FAIL);
        for (i, tf) in FAIL.iter().enumerate() {
            assert_eq!(counted(tf), 1, "FAIL[{i}]: {:?}\n{tf}", findings(tf));
        }
    }

    #[test]
    fn passes() {
        for (i, tf) in PASS.iter().enumerate() {
            assert!(
                findings(tf).is_empty(),
                "PASS[{i}]: {:?}\n{tf}",
                findings(tf)
            );
        }
    }

    #[test]
    fn unknown_tags_get_one_note() {
        let own = r#"variable "tags" {
  type = map(string)
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags       = var.tags
}"#;
        assert_eq!((counted(own), notes(own)), (0, 1));
        let provider = r#"variable "default_tags" {
  type = map(string)
}
provider "aws" {
  default_tags {
    tags = var.default_tags
  }
}
resource "aws_vpc" "a" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_vpc" "b" {
  cidr_block = "10.1.0.0/16"
}"#;
        assert_eq!((counted(provider), notes(provider)), (0, 1));
    }

    #[test]
    fn docs_example_fails_and_use_instead_passes() {
        hcl_edit::parser::parse_body(CHECK.docs.example).expect("example parses");
        hcl_edit::parser::parse_body(CHECK.docs.use_instead).expect("use_instead parses");
        assert_eq!(counted(CHECK.docs.example), 1);
        assert!(findings(CHECK.docs.use_instead).is_empty());
    }

    #[test]
    fn the_evidence_is_the_block_header_or_the_empty_value() {
        let graded = grade(
            vec![
                InputFile::new("main.tf", FAIL[0]),
                InputFile::new("b.tf", FAIL[1]),
            ],
            &Options::default(),
        );
        let report = graded.report();
        let ranges: Vec<(String, usize, usize, usize)> = report
            .findings
            .iter()
            .filter(|f| f.code == CODE)
            .map(|f| {
                (
                    f.file.clone(),
                    f.location.line,
                    f.location.column,
                    f.location.end_column,
                )
            })
            .collect();
        // `resource "aws_vpc" "main"` and `{}`.
        assert_eq!(
            ranges,
            [
                ("main.tf".to_owned(), 1, 1, 26),
                ("b.tf".to_owned(), 5, 10, 12)
            ]
        );
    }

    #[test]
    fn advice_shows_default_tags_for_the_provider_used() {
        let graded = grade(
            vec![InputFile::new("main.tf", FAIL[4])],
            &Options::default(),
        );
        let finding = graded.findings.iter().find(|f| f.code == CODE).unwrap();
        assert!(finding.fix.is_none());
        let advice = &finding.alternatives[0];
        assert_eq!(
            advice.title,
            "add `default_tags` to the `aws.west` provider"
        );
        let snippet = advice.snippet.as_deref().unwrap();
        assert!(snippet.starts_with("default_tags {"), "{snippet}");
        hcl_edit::parser::parse_body(snippet).expect("snippet parses");
        let bare = grade(
            vec![InputFile::new("main.tf", FAIL[0])],
            &Options::default(),
        );
        let finding = bare.findings.iter().find(|f| f.code == CODE).unwrap();
        let snippet = finding.alternatives[0].snippet.clone().unwrap();
        assert!(snippet.starts_with("provider \"aws\" {"), "{snippet}");
        hcl_edit::parser::parse_body(&snippet).expect("snippet parses");
        insta::assert_snapshot!(snippet);
    }
}
