//! TFG706 `missing-required-argument`.

use crate::analysis::Analyzed;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};

use super::schema_bodies;

pub static CHECK: Check = Check {
    code: "TFG706",
    name: "missing-required-argument",
    family: Family::Validity,
    severity: Severity::High,
    category: Category::C,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds resources, data sources and nested blocks without an argument or a \
               nested block that the AWS provider schema requires, and blocks given more \
               times than the schema allows.",
        why: "`terraform validate` rejects the configuration (\"Missing required argument\", \
              \"Insufficient ... blocks\", \"Too many ... blocks\"): it cannot deploy. \
              Models leave out what they do not know (an IAM role's trust policy) or repeat \
              a block that the type takes once.",
        example: r#"resource "aws_iam_role" "app" {
  name = "app"
}"#,
        use_instead: r#"resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}"#,
        fix: "None: the value is the author's to choose. The finding names every missing \
              argument of the block.",
        limitations: "Requirements the schema does not state (\"one of `subnets` or \
                      `subnet_mapping`\") are not checked. A `dynamic` block counts as \
                      giving the blocks it names.",
    },
    run: Run::Configuration(run),
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    if !super::judged(config) {
        return;
    }
    for module in &config.modules {
        let Some(called) = super::called_module(config, module.unit, module.block) else {
            continue;
        };
        let missing: Vec<String> = called
            .variables
            .iter()
            .filter(|(name, required)| *required && !module.block.body.has_attribute(name))
            .map(|(name, _)| format!("input `{name}`"))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let label = module.block.labels.first().map_or("", |l| l.as_str());
        out.push(
            CHECK
                .finding(
                    module.unit,
                    crate::edit::header_range(module.block),
                    format!(
                        "module `{label}` lacks the required {} (a `variable` of `{}` without a default)",
                        join_and(&missing),
                        called.dir
                    ),
                )
                .with_resource(format!("module.{label}")),
        );
    }
    let Some(schema) = config.schema else {
        return;
    };
    for at in schema_bodies(config, schema) {
        let mut missing: Vec<String> = Vec::new();
        for attr in at.schema.attributes.iter().filter(|a| a.required) {
            let given = at.body.get_attribute(&attr.name).is_some()
                || at.blocks_named(&attr.name).next().is_some();
            if !given {
                missing.push(format!("argument `{}`", attr.name));
            }
        }
        for nested in at.schema.blocks.iter() {
            let blocks: Vec<_> = at.blocks_named(&nested.name).collect();
            let dynamic = blocks.iter().any(|b| b.ident.as_str() == "dynamic");
            let count = blocks.len() as u32;
            if !dynamic && count < nested.min_items {
                missing.push(if nested.min_items == 1 {
                    format!("block `{}`", nested.name)
                } else {
                    format!("{} `{}` blocks", nested.min_items, nested.name)
                });
            }
            if nested.max_items > 0 && count > nested.max_items {
                let extra = blocks[nested.max_items as usize];
                out.push(
                    CHECK
                        .finding(
                            at.unit,
                            super::block_name_range(extra),
                            format!(
                                "{} takes at most {} `{}` block{}, and has {count}",
                                at.describe(),
                                nested.max_items,
                                nested.name,
                                if nested.max_items == 1 { "" } else { "s" }
                            ),
                        )
                        .with_resource(at.owner.clone()),
                );
            }
        }
        if missing.is_empty() {
            continue;
        }
        let message = format!(
            "{} lacks the required {}",
            at.describe(),
            join_and(&missing)
        );
        out.push(
            CHECK
                .finding(at.unit, at.header.clone(), message)
                .with_resource(at.owner.clone()),
        );
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_reports, assert_silent};

    #[test]
    fn reports_what_the_schema_requires_and_is_missing() {
        assert_reports(
            "TFG706",
            &[
                "resource \"aws_iam_role\" \"r\" {\n  name = \"r\"\n}\n",
                "resource \"aws_instance\" \"i\" {\n  root_block_device {\n    volume_size = 8\n  }\n  root_block_device {\n    volume_size = 9\n  }\n}\n",
                "resource \"aws_lb_listener\" \"l\" {\n  load_balancer_arn = \"x\"\n}\n",
            ],
        );
    }

    #[test]
    fn complete_blocks_pass() {
        assert_silent(
            "TFG706",
            &[
                "resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = \"{}\"\n}\n",
                "resource \"aws_lb_listener\" \"l\" {\n  load_balancer_arn = \"x\"\n  dynamic \"default_action\" {\n    for_each = []\n    content {\n      type = \"forward\"\n    }\n  }\n}\n",
            ],
        );
    }
}
