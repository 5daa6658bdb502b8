//! TFG701 `undeclared-reference`.

use std::collections::HashSet;
use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::expr::{Expression, ForExpr, Traversal, TraversalOperator};
use hcl_edit::structure::{Block, Body};
use hcl_edit::template::ForTemplateExpr;
use hcl_edit::visit::{Visit, visit_for_expr, visit_for_template_expr, visit_traversal};
use indexmap::IndexMap;

use crate::analysis::Analyzed;
use crate::analysis::references::provider_reference;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Edit, Family, Finding, Related, Severity};
use crate::schema::closest;
use crate::submission::UnitId;

pub static CHECK: Check = Check {
    code: "TFG701",
    name: "undeclared-reference",
    family: Family::Validity,
    severity: Severity::High,
    category: Category::C,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds references to variables, locals, resources, data sources, module calls \
               and provider configurations (`provider = aws.west`) that the configuration \
               does not declare.",
        why: "`terraform validate` rejects the configuration (\"Reference to undeclared \
              input variable\", \"Reference to undeclared resource\"; an undefined provider \
              alias fails at plan): it cannot deploy. Models reference files they never \
              wrote, rename a block and miss its uses, or assume a variable the task's \
              template declares.",
        example: r#"resource "aws_s3_bucket" "logs" {
  bucket = var.bucket_nme
}

variable "bucket_name" {
  type = string
}"#,
        use_instead: r#"resource "aws_s3_bucket" "logs" {
  bucket = var.bucket_name
}

variable "bucket_name" {
  type = string
}"#,
        fix: "Unsafe: when exactly one declared name of the same kind is a likely typo of \
              the reference, rewrites every use to it. Otherwise declare what is missing.",
        limitations: "In a markdown response, every block of the response counts as \
                      declared for every other (modules shown in one response are not told \
                      apart), so a module's own missing variable can go unreported there.",
    },
    run: Run::Configuration(run),
};

/// What a configuration declares.
struct Declared<'a> {
    variables: HashSet<&'a str>,
    locals: HashSet<&'a str>,
    modules: HashSet<&'a str>,
    resources: HashSet<(&'a str, &'a str)>,
    data: HashSet<(&'a str, &'a str)>,
    /// Provider configurations: local name and alias.
    providers: HashSet<(String, Option<String>)>,
}

/// One undeclared name and its uses.
struct Missing {
    /// `var`, `local`, `module`, `data` or `resource`.
    kind: &'static str,
    /// As written: `var.bucket_nme`, `aws_subnet.private`, `aws.west`.
    reference: String,
    suggestion: Option<String>,
    /// Each use: where, and the range of the part to rewrite.
    uses: Vec<(UnitId, Range<usize>, Range<usize>)>,
}

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    if !super::judged(config) {
        return;
    }
    let declared = declared(config);
    let mut missing: IndexMap<String, Missing> = IndexMap::new();
    for &(unit, body) in &config.bodies {
        for block in body.blocks() {
            match block.ident.as_str() {
                "terraform" | "moved" | "import" | "removed" => continue,
                // A child module gets its provider configurations from its caller.
                "resource" | "data" | "module" if !super::in_child_module(config, unit) => {
                    provider_uses(&declared, unit, block, &mut missing);
                }
                _ => {}
            }
            let mut visitor = References {
                declared: &declared,
                bound: Vec::new(),
                unit,
                missing: &mut missing,
            };
            visitor.body(&block.body, block.ident.as_str(), true);
        }
    }
    for (_, m) in missing {
        let (unit, range, _) = m.uses[0].clone();
        let what = match m.kind {
            "var" => "a variable no `variable` block declares",
            "local" => "a local value no `locals` block declares",
            "module" => "a module call no `module` block declares",
            "data" => "a data source no `data` block declares",
            "provider" => {
                "a provider configuration no `provider` block declares (no block with that `alias`)"
            }
            _ => "a resource no `resource` block declares",
        };
        let mut message = format!("`{}` refers to {what}", m.reference);
        if let Some(s) = &m.suggestion {
            message.push_str(&format!("; did you mean `{s}`?"));
        }
        if m.uses.len() > 1 {
            message.push_str(&format!(" (used {} times)", m.uses.len()));
        }
        let fix = m.suggestion.as_ref().map(|s| {
            let replacement = s.rsplit('.').next().unwrap_or(s).to_string();
            super::typo_fix(
                m.uses
                    .iter()
                    .map(|(unit, _, name)| Edit::replace(*unit, name.clone(), replacement.clone()))
                    .collect(),
                format!("Refer to `{s}`"),
                format!(
                    "`{s}` is the one declared name close to `{}`: check it is the one meant",
                    m.reference
                ),
            )
        });
        let mut finding = CHECK
            .finding(unit, range, message)
            .with_resource(m.reference.clone())
            .with_fix(fix);
        finding.related = m.uses[1..]
            .iter()
            .map(|(unit, range, _)| Related {
                unit: *unit,
                range: range.clone(),
                note: format!("another use of `{}`", m.reference),
            })
            .collect();
        out.push(finding);
    }
}

fn declared<'a>(config: &Analyzed<'_, 'a>) -> Declared<'a> {
    let mut providers = HashSet::new();
    for provider in &config.providers {
        let Some(name) = provider.block.labels.first() else {
            continue;
        };
        let alias = match provider.block.body.get_attribute("alias").map(|a| &a.value) {
            Some(Expression::String(s)) => Some(s.value().to_string()),
            _ => None,
        };
        providers.insert((name.as_str().to_string(), alias));
    }
    // A module's `configuration_aliases` declare the aliases its caller passes in.
    for terraform in &config.terraform_blocks {
        for required in terraform
            .block
            .body
            .blocks()
            .filter(|b| b.ident.as_str() == "required_providers")
        {
            for attr in required.body.attributes() {
                let Expression::Object(object) = &attr.value else {
                    continue;
                };
                for (key, value) in object.iter() {
                    let is_aliases = match key {
                        hcl_edit::expr::ObjectKey::Ident(i) => {
                            i.as_str() == "configuration_aliases"
                        }
                        hcl_edit::expr::ObjectKey::Expression(Expression::Variable(v)) => {
                            v.as_str() == "configuration_aliases"
                        }
                        _ => false,
                    };
                    let Expression::Array(items) = value.expr() else {
                        continue;
                    };
                    if !is_aliases {
                        continue;
                    }
                    for item in items.iter() {
                        if let Some((name, Some(alias))) = provider_reference(item) {
                            providers.insert((name.to_string(), Some(alias.to_string())));
                        }
                    }
                }
            }
        }
    }
    let mut declared = Declared {
        variables: config.variables.keys().copied().collect(),
        locals: config.locals.keys().copied().collect(),
        modules: config
            .modules
            .iter()
            .filter_map(|m| m.block.labels.first().map(|l| l.as_str()))
            .collect(),
        resources: config.resources.iter().map(|r| (r.kind, r.name)).collect(),
        data: config.data.iter().map(|r| (r.kind, r.name)).collect(),
        providers,
    };
    // A later turn (MODEL_RESPONSE2.md) continues or amends the answers before it: what
    // they declare is declared for it too.
    for body in super::earlier_turns(config) {
        for block in body.blocks() {
            let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
            match (block.ident.as_str(), labels.as_slice()) {
                ("variable", [n]) => {
                    declared.variables.insert(n);
                }
                ("locals", []) => declared
                    .locals
                    .extend(block.body.attributes().map(|a| a.key.as_str())),
                ("module", [n]) => {
                    declared.modules.insert(n);
                }
                ("resource", [t, n]) => {
                    declared.resources.insert((t, n));
                }
                ("data", [t, n]) => {
                    declared.data.insert((t, n));
                }
                ("provider", [n]) => {
                    if let Some(Expression::String(alias)) =
                        block.body.get_attribute("alias").map(|a| &a.value)
                    {
                        declared
                            .providers
                            .insert((n.to_string(), Some(alias.value().to_string())));
                    }
                }
                _ => {}
            }
        }
    }
    declared
}

/// `provider = aws.west` of a resource, data source or module call (and `providers = {...}`
/// of a module call): the aliased configuration must exist.
fn provider_uses(
    declared: &Declared<'_>,
    unit: UnitId,
    block: &Block,
    missing: &mut IndexMap<String, Missing>,
) {
    let mut exprs: Vec<&Expression> = Vec::new();
    if let Some(attr) = block.body.get_attribute("provider") {
        exprs.push(&attr.value);
    }
    if let Some(Expression::Object(object)) =
        block.body.get_attribute("providers").map(|a| &a.value)
    {
        exprs.extend(object.iter().map(|(_, v)| v.expr()));
    }
    for expr in exprs {
        let Some((name, Some(alias))) = provider_reference(expr) else {
            continue;
        };
        if declared
            .providers
            .contains(&(name.to_string(), Some(alias.to_string())))
        {
            continue;
        }
        let range = expr.span().unwrap_or(0..0);
        let reference = format!("{name}.{alias}");
        let aliases: Vec<String> = declared
            .providers
            .iter()
            .filter(|(n, a)| n == name && a.is_some())
            .filter_map(|(_, a)| a.clone())
            .collect();
        let suggestion =
            closest(alias, aliases.iter().map(String::as_str)).map(|a| format!("{name}.{a}"));
        let alias_range = match expr {
            Expression::Traversal(t) => t
                .operators
                .first()
                .and_then(|op| op.span())
                .map(|s| (s.start + 1).min(s.end)..s.end)
                .unwrap_or(range.clone()),
            _ => range.clone(),
        };
        missing
            .entry(format!("provider:{reference}"))
            .or_insert_with(|| Missing {
                kind: "provider",
                reference,
                suggestion,
                uses: Vec::new(),
            })
            .uses
            .push((unit, range, alias_range));
    }
}

struct References<'d, 'a, 'm> {
    declared: &'d Declared<'a>,
    /// Names bound where the visit is: `for` variables, `dynamic` iterators.
    bound: Vec<String>,
    unit: UnitId,
    missing: &'m mut IndexMap<String, Missing>,
}

impl References<'_, '_, '_> {
    /// Visits the expressions of a block body; `ident` is the block's type.
    fn body(&mut self, body: &Body, ident: &str, top: bool) {
        for attr in body.attributes() {
            let key = attr.key.as_str();
            // Names of arguments, provider references and module sources: no references.
            let skip = match (ident, top) {
                ("lifecycle", _) => key == "ignore_changes",
                ("resource" | "data", true) => key == "provider",
                ("module", true) => matches!(key, "providers" | "source" | "version"),
                _ => false,
            };
            if !skip {
                self.visit_expr(&attr.value);
            }
        }
        for block in body.blocks() {
            if block.ident.as_str() == "dynamic" {
                let iterator = match block.body.get_attribute("iterator").map(|a| &a.value) {
                    Some(Expression::Variable(v)) => Some(v.as_str().to_string()),
                    _ => block.labels.first().map(|l| l.as_str().to_string()),
                };
                let bound = iterator.is_some();
                self.bound.extend(iterator);
                self.body(&block.body, "dynamic", false);
                if bound {
                    self.bound.pop();
                }
            } else {
                self.body(&block.body, block.ident.as_str(), false);
            }
        }
    }

    fn check(&mut self, traversal: &Traversal) {
        let Expression::Variable(root) = &traversal.expr else {
            return;
        };
        let root_name = root.as_str();
        if self.bound.iter().any(|b| b == root_name)
            || matches!(root_name, "each" | "count" | "self" | "path" | "terraform")
        {
            return;
        }
        let names: Vec<(&str, Range<usize>)> = traversal
            .operators
            .iter()
            .map_while(|op| match op.value() {
                TraversalOperator::GetAttr(name) => {
                    Some((name.as_str(), name.span().unwrap_or(0..0)))
                }
                _ => None,
            })
            .collect();
        let start = traversal.span().map_or(0, |s| s.start);
        let d = self.declared;
        let (kind, reference, name_range, suggestion) = match (root_name, names.as_slice()) {
            ("var", [(name, at), ..]) => {
                if d.variables.contains(name) {
                    return;
                }
                let s = closest(name, d.variables.iter().copied()).map(|s| format!("var.{s}"));
                ("var", format!("var.{name}"), at.clone(), s)
            }
            ("local", [(name, at), ..]) => {
                if d.locals.contains(name) {
                    return;
                }
                let s = closest(name, d.locals.iter().copied()).map(|s| format!("local.{s}"));
                ("local", format!("local.{name}"), at.clone(), s)
            }
            ("module", [(name, at), ..]) => {
                if d.modules.contains(name) {
                    return;
                }
                let s = closest(name, d.modules.iter().copied()).map(|s| format!("module.{s}"));
                ("module", format!("module.{name}"), at.clone(), s)
            }
            ("data", [(kind, _), (name, at), ..]) => {
                if d.data.contains(&(*kind, *name)) {
                    return;
                }
                let same_type = d.data.iter().filter(|(k, _)| k == kind).map(|(_, n)| *n);
                let s = closest(name, same_type).map(|s| format!("data.{kind}.{s}"));
                ("data", format!("data.{kind}.{name}"), at.clone(), s)
            }
            ("var" | "local" | "module" | "data", _) => return,
            (kind, [(name, at), ..]) => {
                if d.resources.contains(&(kind, *name)) {
                    return;
                }
                let same_type = d
                    .resources
                    .iter()
                    .filter(|(k, _)| *k == kind)
                    .map(|(_, n)| *n);
                let s = closest(name, same_type).map(|s| format!("{kind}.{s}"));
                ("resource", format!("{kind}.{name}"), at.clone(), s)
            }
            _ => return,
        };
        let range = start..name_range.end.max(start);
        self.missing
            .entry(reference.clone())
            .or_insert_with(|| Missing {
                kind,
                reference,
                suggestion,
                uses: Vec::new(),
            })
            .uses
            .push((self.unit, range, name_range));
    }
}

impl Visit for References<'_, '_, '_> {
    fn visit_traversal(&mut self, traversal: &Traversal) {
        self.check(traversal);
        visit_traversal(self, traversal);
    }

    fn visit_for_expr(&mut self, node: &ForExpr) {
        let before = self.bound.len();
        self.bound
            .extend(node.intro.key_var.as_ref().map(|k| k.as_str().to_string()));
        self.bound.push(node.intro.value_var.as_str().to_string());
        visit_for_expr(self, node);
        self.bound.truncate(before);
    }

    fn visit_for_template_expr(&mut self, node: &ForTemplateExpr) {
        let before = self.bound.len();
        self.bound
            .extend(node.key_var.as_ref().map(|k| k.as_str().to_string()));
        self.bound.push(node.value_var.as_str().to_string());
        visit_for_template_expr(self, node);
        self.bound.truncate(before);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_reports, assert_silent, findings_of, fixed};

    #[test]
    fn reports_each_kind_of_undeclared_reference() {
        assert_reports(
            "TFG701",
            &[
                "resource \"aws_s3_bucket\" \"b\" {\n  bucket = var.bucket_nme\n}\nvariable \"bucket_name\" {}\n",
                "output \"o\" {\n  value = local.name\n}\n",
                "resource \"aws_instance\" \"i\" {\n  subnet_id = aws_subnet.privat.id\n}\nresource \"aws_subnet\" \"private\" {}\n",
                "output \"o\" {\n  value = data.aws_ami.ubuntu.id\n}\n",
                "output \"o\" {\n  value = module.vpc.id\n}\n",
                "resource \"aws_s3_bucket\" \"b\" {\n  provider = aws.west\n}\nprovider \"aws\" {\n  region = \"us-east-1\"\n}\n",
                "locals {\n  names = \"${var.env}-a ${var.env}-b\"\n}\n",
            ],
        );
    }

    #[test]
    fn bound_names_and_declared_ones_pass() {
        assert_silent(
            "TFG701",
            &[
                // `for` variables, template `for`, dynamic iterators, meta references.
                r#"variable "names" {}
locals {
  upper = [for n in var.names : upper(n)]
  text  = "%{ for n in var.names }${n}%{ endfor }"
  pairs = { for k, v in var.names : k => v }
}
resource "aws_security_group" "sg" {
  count = 1
  name  = "sg-${count.index}-${path.module}-${terraform.workspace}"
  dynamic "ingress" {
    for_each = var.names
    content {
      from_port = ingress.value
    }
  }
  dynamic "egress" {
    for_each = var.names
    iterator = rule
    content {
      to_port = rule.value
    }
  }
  lifecycle {
    ignore_changes = [tags, name]
  }
}
"#,
                // Provider aliases declared here or passed in by the caller.
                r#"provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
resource "aws_s3_bucket" "b" {
  provider = aws.west
}
"#,
                r#"terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws.peer]
    }
  }
}
data "aws_caller_identity" "peer" {
  provider = aws.peer
}
"#,
                // moved blocks name addresses that no longer exist.
                "moved {\n  from = aws_s3_bucket.old\n  to   = aws_s3_bucket.new\n}\nresource \"aws_s3_bucket\" \"new\" {}\n",
            ],
        );
    }

    #[test]
    fn uses_of_one_name_are_one_finding_and_the_fix_rewrites_them_all() {
        let tf = "variable \"environment\" {}\nlocals {\n  a = var.enviroment\n  b = \"x-${var.enviroment}\"\n}\n";
        let found = findings_of(tf, "TFG701");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].related.len(), 1);
        let out = fixed(tf, "TFG701");
        assert!(
            !out.contains("enviroment\n") && out.matches("var.environment").count() == 2,
            "{out}"
        );
    }
}
