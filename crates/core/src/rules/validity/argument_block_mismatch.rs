//! TFG705 `argument-block-mismatch`.

use hcl_edit::Span;
use hcl_edit::expr::{Expression, ObjectKey};

use crate::analysis::Analyzed;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Applicability, Category, Edit, Family, Finding, Fix, Severity};

use super::unknown_argument::attributes_as_blocks;
use super::{block_name_range, block_type, schema_bodies};

pub static CHECK: Check = Check {
    code: "TFG705",
    name: "argument-block-mismatch",
    family: Family::Validity,
    severity: Severity::High,
    category: Category::C,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds a nested block written as an argument (`versioning = { ... }`) and an \
               argument written as a block (`tags { ... }`), by the AWS provider schema.",
        why: "`terraform validate` rejects both (\"Unsupported argument ... Did you mean to \
              define a block\", \"Unsupported block type ... Did you mean to define argument\"): \
              the configuration cannot deploy.",
        example: r#"resource "aws_s3_bucket" "logs" {
  bucket = "logs"
  tags {
    Team = "data"
  }
}"#,
        use_instead: r#"resource "aws_s3_bucket" "logs" {
  bucket = "logs"
  tags = {
    Team = "data"
  }
}"#,
        fix: "Safe: writes `tags {` as `tags = {`, and an object value whose keys are plain \
              names as a block (`x = {` as `x {`). A value of another shape is left to you.",
        limitations: "Judged against the AWS provider schema this build carries.",
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
    for at in schema_bodies(config, schema) {
        for attr in at.body.attributes() {
            let name = attr.key.as_str();
            if at.place.meta_argument(name) || at.schema.block(name).is_none() {
                continue;
            }
            let range = attr.key.span().unwrap_or(0..0);
            // `x = { a = 1 }` reads as the block `x { a = 1 }` when its keys are names and
            // no comma separates its items.
            let text = &config.submission.unit(at.unit).text;
            let fix = match (&attr.value, attr.value.span()) {
                (Expression::Object(object), Some(value))
                    if object.iter().all(|(k, _)| matches!(k, ObjectKey::Ident(_)))
                        && !text[value.clone()].contains(',') =>
                {
                    Some(Fix {
                        title: format!("Write `{name}` as a block"),
                        applicability: Applicability::Safe,
                        note: None,
                        edits: vec![Edit::replace(at.unit, range.end..value.start, " ")],
                    })
                }
                _ => None,
            };
            out.push(
                CHECK
                    .finding(
                        at.unit,
                        range,
                        format!(
                            "`{name}` of {} is a block: write `{name} {{ ... }}`, without `=`",
                            at.describe()
                        ),
                    )
                    .with_resource(at.owner.clone())
                    .with_fix(fix),
            );
        }
        for block in at.body.blocks() {
            if at.place.meta_block(block.ident.as_str()) {
                continue;
            }
            let Some(name) = block_type(block) else {
                continue;
            };
            if at.schema.block(name).is_some() {
                continue;
            }
            let Some(argument) = at.schema.attribute(name) else {
                continue;
            };
            if attributes_as_blocks(&argument.ty) {
                continue;
            }
            let range = block_name_range(block);
            let fix = (block.ident.as_str() != "dynamic" && block.labels.is_empty()).then(|| Fix {
                title: format!("Write `{name}` as an argument"),
                applicability: Applicability::Safe,
                note: None,
                edits: vec![Edit::replace(at.unit, range.end..range.end, " =")],
            });
            out.push(
                CHECK
                    .finding(
                        at.unit,
                        range,
                        format!(
                            "`{name}` of {} is an argument ({}): write `{name} = ...`",
                            at.describe(),
                            argument.ty
                        ),
                    )
                    .with_resource(at.owner.clone())
                    .with_fix(fix),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_reports, assert_silent, fixed};

    #[test]
    fn reports_blocks_and_arguments_written_as_each_other() {
        assert_reports(
            "TFG705",
            &[
                "resource \"aws_s3_bucket\" \"b\" {\n  tags {\n    Team = \"data\"\n  }\n}\n",
                "resource \"aws_instance\" \"i\" {\n  root_block_device = {\n    volume_size = 8\n  }\n}\n",
            ],
        );
    }

    #[test]
    fn each_written_as_it_is_passes() {
        assert_silent(
            "TFG705",
            &[
                "resource \"aws_s3_bucket\" \"b\" {\n  tags = {\n    Team = \"data\"\n  }\n}\n",
                "resource \"aws_security_group\" \"sg\" {\n  ingress {\n    from_port = 22\n  }\n  egress = []\n}\n",
            ],
        );
    }

    #[test]
    fn fixes_write_each_as_it_should_be() {
        let out = fixed(
            "resource \"aws_s3_bucket\" \"b\" {\n  tags {\n    Team = \"data\"\n  }\n}\n",
            "TFG705",
        );
        assert_eq!(
            out,
            "resource \"aws_s3_bucket\" \"b\" {\n  tags = {\n    Team = \"data\"\n  }\n}\n"
        );
        let out = fixed(
            "resource \"aws_instance\" \"i\" {\n  root_block_device = {\n    volume_size = 8\n  }\n}\n",
            "TFG705",
        );
        assert_eq!(
            out,
            "resource \"aws_instance\" \"i\" {\n  root_block_device {\n    volume_size = 8\n  }\n}\n"
        );
    }
}
