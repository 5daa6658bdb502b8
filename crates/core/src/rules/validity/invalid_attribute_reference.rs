//! TFG707 `invalid-attribute-reference`.

use std::collections::HashMap;

use hcl_edit::Span;
use hcl_edit::expr::{Expression, Traversal, TraversalOperator};
use hcl_edit::visit::{Visit, visit_traversal};

use crate::analysis::Analyzed;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::Resource;
use crate::finding::{Category, Edit, Family, Finding, Severity};
use crate::schema::closest;
use crate::submission::UnitId;

use super::aws_type;

pub static CHECK: Check = Check {
    code: "TFG707",
    name: "invalid-attribute-reference",
    family: Family::Validity,
    severity: Severity::High,
    category: Category::C,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds references to attributes that an AWS resource or data source type does \
               not have (`aws_s3_bucket.logs.arns`), and attributes of a resource with \
               `count` or `for_each` read without choosing an instance.",
        why: "`terraform validate` rejects both (\"Unsupported attribute\", \"Missing \
              resource instance key\"): the configuration cannot deploy. Models guess \
              attribute names from the console's labels or another type.",
        example: r#"resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

output "logs_arn" {
  value = aws_s3_bucket.logs.arns
}"#,
        use_instead: r#"output "logs_arn" {
  value = aws_s3_bucket.logs.arn
}"#,
        fix: "Unsafe: when exactly one attribute of the type is a likely typo of the name, \
              renames the reference to it.",
        limitations: "Judged against the AWS provider schema this build carries; attributes \
                      inside nested blocks are not followed.",
    },
    run: Run::Configuration(run),
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    if !super::judged(config) {
        return;
    }
    let Some(schema) = config.schema else {
        return;
    };
    let mut by_address: HashMap<(bool, &str, &str), &Resource<'_>> = HashMap::new();
    for r in config.resources.iter().chain(&config.data) {
        by_address.insert((r.is_data, r.kind, r.name), r);
    }
    let mut visitor = Reads {
        config,
        schema,
        by_address: &by_address,
        unit: UnitId(0),
        out,
    };
    for &(unit, body) in &config.bodies {
        visitor.unit = unit;
        for block in body.blocks() {
            if matches!(
                block.ident.as_str(),
                "moved" | "import" | "removed" | "terraform"
            ) {
                continue;
            }
            hcl_edit::visit::visit_block(&mut visitor, block);
        }
    }
}

struct Reads<'v, 'a> {
    config: &'v Analyzed<'v, 'a>,
    schema: &'v crate::schema::Schema,
    by_address: &'v HashMap<(bool, &'a str, &'a str), &'v Resource<'a>>,
    unit: UnitId,
    out: &'v mut Vec<Finding>,
}

impl Reads<'_, '_> {
    fn check(&mut self, traversal: &Traversal) {
        let Expression::Variable(root) = &traversal.expr else {
            return;
        };
        let ops: Vec<&TraversalOperator> = traversal.operators.iter().map(|o| o.value()).collect();
        if root.as_str() == "module" {
            self.module_output(traversal, &ops);
            return;
        }
        let (is_data, kind, name, rest) = match (root.as_str(), ops.as_slice()) {
            (
                "data",
                [
                    TraversalOperator::GetAttr(k),
                    TraversalOperator::GetAttr(n),
                    rest @ ..,
                ],
            ) => (true, k.as_str(), n.as_str(), rest),
            (k, [TraversalOperator::GetAttr(n), rest @ ..]) if k.contains('_') => {
                (false, k, n.as_str(), rest)
            }
            _ => return,
        };
        let Some(resource) = self.by_address.get(&(is_data, kind, name)) else {
            return;
        };
        let Some(body) = aws_type(self.schema, resource) else {
            return;
        };
        let repeated = resource.block.body.has_attribute("count")
            || resource.block.body.has_attribute("for_each");
        let start = traversal.span().map_or(0, |s| s.start);
        let address = resource.address();
        // The first operator after the address: an instance key, a splat, or the attribute.
        let mut attribute = None;
        for (i, op) in rest.iter().enumerate() {
            match op {
                TraversalOperator::GetAttr(a) => {
                    if i == 0 && repeated {
                        let end = a.span().map_or(start, |s| s.end);
                        let how = if resource.block.body.has_attribute("count") {
                            format!(
                                "`{address}[0].{}` or `{address}[*].{}`",
                                a.as_str(),
                                a.as_str()
                            )
                        } else {
                            format!(
                                "`{address}[\"KEY\"].{}` or `values({address})[*].{}`",
                                a.as_str(),
                                a.as_str()
                            )
                        };
                        let meta = if resource.block.body.has_attribute("count") {
                            "count"
                        } else {
                            "for_each"
                        };
                        self.out.push(
                            CHECK
                                .finding(
                                    self.unit,
                                    start..end,
                                    format!(
                                        "`{address}` has `{meta}`: read its attributes per instance, as {how}"
                                    ),
                                )
                                .with_resource(address.clone()),
                        );
                        return;
                    }
                    attribute = Some(a);
                    break;
                }
                TraversalOperator::Index(_)
                | TraversalOperator::LegacyIndex(_)
                | TraversalOperator::AttrSplat(_)
                | TraversalOperator::FullSplat(_) => {}
            }
        }
        let Some(attribute) = attribute else {
            return;
        };
        let name = attribute.as_str();
        if body.attribute(name).is_some() || body.block(name).is_some() {
            return;
        }
        let range = attribute.span().unwrap_or(0..0);
        let names = body
            .attributes
            .iter()
            .map(|a| &*a.name)
            .chain(body.blocks.iter().map(|b| &*b.name));
        let suggestion = closest(name, names);
        let mut message = format!("`{}` has no attribute `{name}`", resource.kind);
        if let Some(s) = suggestion {
            message.push_str(&format!("; did you mean `{s}`?"));
        }
        let fix = suggestion.map(|s| {
            super::typo_fix(
                vec![Edit::replace(self.unit, range.clone(), s.to_string())],
                format!("Read `{s}`"),
                format!(
                    "`{s}` is the one attribute of `{}` close to `{name}`",
                    resource.kind
                ),
            )
        });
        self.out.push(
            CHECK
                .finding(self.unit, start..range.end.max(start), message)
                .with_resource(address)
                .with_fix(fix),
        );
    }
}

impl Reads<'_, '_> {
    /// `module.NAME.OUTPUT`: the output must be one the called module declares.
    fn module_output(&mut self, traversal: &Traversal, ops: &[&TraversalOperator]) {
        let [TraversalOperator::GetAttr(name), rest @ ..] = ops else {
            return;
        };
        let Some(module) = self
            .config
            .modules
            .iter()
            .find(|m| m.block.labels.first().map(|l| l.as_str()) == Some(name.as_str()))
        else {
            return;
        };
        let repeated =
            module.block.body.has_attribute("count") || module.block.body.has_attribute("for_each");
        let output = rest.iter().find_map(|op| match op {
            TraversalOperator::GetAttr(o) => Some(o),
            _ => None,
        });
        let Some(output) = output else {
            return;
        };
        if repeated && matches!(rest.first(), Some(TraversalOperator::GetAttr(_))) {
            return;
        }
        let Some(called) = super::called_module(self.config, module.unit, module.block) else {
            return;
        };
        if called.outputs.contains(&output.as_str()) {
            return;
        }
        let start = traversal.span().map_or(0, |s| s.start);
        let range = output.span().unwrap_or(0..0);
        let suggestion = closest(output.as_str(), called.outputs.iter().copied());
        let mut message = format!(
            "module `{}` (`{}`) has no output `{}`",
            name.as_str(),
            called.dir,
            output.as_str()
        );
        if let Some(s) = suggestion {
            message.push_str(&format!("; did you mean `{s}`?"));
        }
        let fix = suggestion.map(|s| {
            super::typo_fix(
                vec![Edit::replace(self.unit, range.clone(), s.to_string())],
                format!("Read `{s}`"),
                format!(
                    "`{s}` is the one output of the module close to `{}`",
                    output.as_str()
                ),
            )
        });
        self.out.push(
            CHECK
                .finding(self.unit, start..range.end.max(start), message)
                .with_resource(format!("module.{}", name.as_str()))
                .with_fix(fix),
        );
    }
}

impl Visit for Reads<'_, '_> {
    fn visit_traversal(&mut self, traversal: &Traversal) {
        self.check(traversal);
        visit_traversal(self, traversal);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_reports, assert_silent, fixed};

    #[test]
    fn reports_attributes_the_type_lacks_and_reads_without_an_instance() {
        assert_reports(
            "TFG707",
            &[
                "resource \"aws_s3_bucket\" \"b\" {}\noutput \"o\" {\n  value = aws_s3_bucket.b.bucket_arn\n}\n",
                "data \"aws_ami\" \"u\" {}\noutput \"o\" {\n  value = data.aws_ami.u.image\n}\n",
                "resource \"aws_s3_bucket\" \"b\" {\n  count = 2\n}\noutput \"o\" {\n  value = aws_s3_bucket.b.arn\n}\n",
                "resource \"aws_s3_bucket\" \"b\" {\n  for_each = toset([\"a\"])\n}\noutput \"o\" {\n  value = aws_s3_bucket.b.arn\n}\n",
            ],
        );
    }

    #[test]
    fn attributes_the_type_has_pass() {
        assert_silent(
            "TFG707",
            &[r#"resource "aws_s3_bucket" "b" {
  count = 2
}
resource "aws_instance" "i" {}
output "o" {
  value = [aws_s3_bucket.b[0].arn, aws_s3_bucket.b[*].id, aws_s3_bucket.b.*.bucket, aws_instance.i.root_block_device[0].volume_id]
}
output "all" {
  value = aws_s3_bucket.b
}
"#],
        );
    }

    #[test]
    fn the_fix_renames_a_typo() {
        let out = fixed(
            "resource \"aws_s3_bucket\" \"b\" {}\noutput \"o\" {\n  value = aws_s3_bucket.b.arns\n}\n",
            "TFG707",
        );
        assert!(out.contains("aws_s3_bucket.b.arn\n"), "{out}");
    }
}
