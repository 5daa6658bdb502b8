//! TFG704 `unknown-argument`.

use hcl_edit::Span;
use hcl_edit::structure::Body;

use crate::analysis::Analyzed;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::edit::attribute_removal;
use crate::finding::{Applicability, Category, Edit, Family, Finding, Fix, Severity};
use crate::schema::{Type, closest};
use crate::submission::UnitId;

use super::{Place, block_name_range, block_type, schema_bodies};

pub static CHECK: Check = Check {
    code: "TFG704",
    name: "unknown-argument",
    family: Family::Validity,
    severity: Severity::High,
    category: Category::C,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds arguments and nested blocks that a resource, data source or the \
               `provider \"aws\"` block does not take (by the AWS provider schema), values \
               set for attributes the provider computes (`arn`, `id`), and arguments a \
               `variable` or `output` block does not take.",
        why: "`terraform validate` rejects them (\"Unsupported argument\", \"Unsupported \
              block type\", \"Value for unconfigurable attribute\"): the configuration \
              cannot deploy. Models write arguments from another resource type, from an \
              older provider version, or from another tool's syntax (`required = true` in a \
              variable).",
        example: r#"resource "aws_instance" "web" {
  ami           = var.ami
  instance_typ  = "t3.micro"
}"#,
        use_instead: r#"resource "aws_instance" "web" {
  ami           = var.ami
  instance_type = "t3.micro"
}"#,
        fix: "Unsafe: when exactly one name the block takes is a likely typo of the \
              argument, renames it. Safe: removes a value set for a computed attribute, which \
              the provider decides by itself.",
        limitations: "Judged against the AWS provider schema this build carries; blocks \
                      of other providers, and calls to modules whose files are not given, are \
                      not checked. A block written in the place of a \
                      list-of-objects argument is accepted, as Terraform accepts it.",
    },
    run: Run::Configuration(run),
};

/// Arguments and blocks a `variable` block takes.
const VARIABLE: (&[&str], &[&str]) = (
    &[
        "default",
        "description",
        "ephemeral",
        "nullable",
        "sensitive",
        "type",
    ],
    &["validation"],
);
/// Arguments and blocks an `output` block takes.
const OUTPUT: (&[&str], &[&str]) = (
    &[
        "depends_on",
        "description",
        "ephemeral",
        "sensitive",
        "value",
    ],
    &["precondition"],
);

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    if !super::judged(config) {
        return;
    }
    for &(unit, body) in &config.bodies {
        for block in body.blocks() {
            let kind = block.ident.as_str();
            let table = match kind {
                "variable" => VARIABLE,
                "output" => OUTPUT,
                _ => continue,
            };
            let name = block.labels.first().map_or("", |l| l.as_str());
            builtin(unit, &block.body, kind, name, table, out);
        }
    }
    module_calls(config, out);
    let Some(schema) = config.schema else {
        return;
    };
    for at in schema_bodies(config, schema) {
        for attr in at.body.attributes() {
            let name = attr.key.as_str();
            if at.place.meta_argument(name) || at.schema.block(name).is_some() {
                continue;
            }
            let range = attr.key.span().unwrap_or(0..0);
            match at.schema.attribute(name) {
                Some(known) if known.settable() => {}
                Some(_) => {
                    let text = &config.submission.unit(at.unit).text;
                    let fix = attribute_removal(text, attr).map(|removal| Fix {
                        title: format!("Remove `{name}`"),
                        applicability: Applicability::Safe,
                        note: None,
                        edits: vec![Edit::replace(at.unit, removal, "")],
                    });
                    out.push(
                        CHECK
                            .finding(
                                at.unit,
                                range,
                                format!(
                                    "`{name}` of {} is computed by the provider and cannot be set",
                                    at.describe()
                                ),
                            )
                            .with_resource(at.owner.clone())
                            .with_fix(fix),
                    );
                }
                None => {
                    let suggestion = closest(name, at.schema.writable_names());
                    out.push(unknown(
                        at.unit,
                        range,
                        name,
                        "argument",
                        &at.describe(),
                        suggestion,
                        &at.owner,
                    ));
                }
            }
        }
        for block in at.body.blocks() {
            let ident = block.ident.as_str();
            if at.place.meta_block(ident) {
                continue;
            }
            let Some(name) = block_type(block) else {
                continue;
            };
            if at.schema.block(name).is_some() {
                continue;
            }
            match at.schema.attribute(name) {
                // Terraform reads blocks as the elements of a list-of-objects argument.
                Some(a) if attributes_as_blocks(&a.ty) => {}
                // An argument written as a block: TFG705.
                Some(_) => {}
                None => {
                    let blocks = at.schema.blocks.iter().map(|b| &*b.name);
                    let suggestion = closest(name, blocks);
                    let range = block_name_range(block);
                    let what = if at.place == Place::Nested {
                        "nested block"
                    } else {
                        "block"
                    };
                    out.push(unknown(
                        at.unit,
                        range,
                        name,
                        what,
                        &at.describe(),
                        suggestion,
                        &at.owner,
                    ));
                }
            }
        }
    }
}

/// Arguments of a `module` block must be variables of the module it calls, when the
/// submission holds that module; a registry or remote module's inputs are unknown, and an
/// info note says so.
fn module_calls(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    for module in &config.modules {
        let block = module.block;
        let label = block.labels.first().map_or("", |l| l.as_str());
        let owner = format!("module.{label}");
        let Some(called) = super::called_module(config, module.unit, block) else {
            let source = match block.body.get_attribute("source").map(|a| &a.value) {
                Some(hcl_edit::expr::Expression::String(s)) => s.value().to_string(),
                _ => continue,
            };
            let why = if source.starts_with("./") || source.starts_with("../") {
                "its files are not among the files given"
            } else {
                "it comes from a registry or another repository"
            };
            out.push(
                CHECK
                    .note(
                        module.unit,
                        crate::edit::header_range(block),
                        format!(
                            "the inputs of module `{label}` (`{source}`) are not checked: {why}"
                        ),
                    )
                    .with_resource(owner),
            );
            continue;
        };
        let place = format!("module `{label}` (`{}`)", called.dir);
        let inputs: Vec<&str> = block
            .body
            .attributes()
            .map(|a| a.key.as_str())
            .filter(|name| !super::module_meta_argument(name))
            .collect();
        // A module that declares no variable at all: its variables file is missing, one
        // cause for every input.
        if called.variables.is_empty() {
            if !inputs.is_empty() {
                let related = block
                    .body
                    .attributes()
                    .filter(|a| !super::module_meta_argument(a.key.as_str()))
                    .map(|a| crate::finding::Related {
                        unit: module.unit,
                        range: a.key.span().unwrap_or(0..0),
                        note: format!(
                            "input `{}`, which the module does not declare",
                            a.key.as_str()
                        ),
                    });
                let mut finding = CHECK
                        .finding(
                            module.unit,
                            crate::edit::header_range(block),
                            format!(
                                "{place} declares no `variable`, yet the call passes {} input{} ({}): its variables are missing",
                                inputs.len(),
                                if inputs.len() == 1 { "" } else { "s" },
                                inputs.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
                            ),
                        )
                        .with_resource(owner);
                finding.related.extend(related);
                out.push(finding);
            }
            continue;
        }
        for attr in block.body.attributes() {
            let name = attr.key.as_str();
            if super::module_meta_argument(name) || called.variables.iter().any(|(v, _)| *v == name)
            {
                continue;
            }
            let range = attr.key.span().unwrap_or(0..0);
            let suggestion = closest(name, called.variables.iter().map(|(v, _)| *v));
            let mut finding = unknown(
                module.unit,
                range,
                name,
                "input",
                &place,
                suggestion,
                &owner,
            );
            finding
                .message
                .push_str(" (no `variable` block of the module declares it)");
            out.push(finding);
        }
    }
}

/// Whether Terraform accepts blocks for an argument of this type.
pub(super) fn attributes_as_blocks(ty: &Type) -> bool {
    matches!(ty, Type::List(t) | Type::Set(t) if matches!(**t, Type::Object(_)))
}

fn unknown(
    unit: UnitId,
    range: std::ops::Range<usize>,
    name: &str,
    what: &str,
    place: &str,
    suggestion: Option<&str>,
    owner: &str,
) -> Finding {
    let mut message = format!("{place} takes no {what} `{name}`");
    if let Some(s) = suggestion {
        message.push_str(&format!("; did you mean `{s}`?"));
    }
    let fix = suggestion.map(|s| {
        super::typo_fix(
            vec![Edit::replace(unit, range.clone(), s.to_string())],
            format!("Rename `{name}` to `{s}`"),
            format!("`{s}` is the one name here close to `{name}`: check it is the one meant"),
        )
    });
    CHECK
        .finding(unit, range, message)
        .with_resource(owner.to_string())
        .with_fix(fix)
}

/// A `variable` or `output` block: its arguments are Terraform's own.
fn builtin(
    unit: UnitId,
    body: &Body,
    kind: &str,
    label: &str,
    (arguments, blocks): (&[&str], &[&str]),
    out: &mut Vec<Finding>,
) {
    let owner = match kind {
        "variable" => format!("var.{label}"),
        _ => format!("output.{label}"),
    };
    let place = format!("{kind} `{label}`");
    for attr in body.attributes() {
        let name = attr.key.as_str();
        if arguments.contains(&name) {
            continue;
        }
        let range = attr.key.span().unwrap_or(0..0);
        let suggestion = closest(name, arguments.iter().copied());
        out.push(unknown(
            unit, range, name, "argument", &place, suggestion, &owner,
        ));
    }
    for block in body.blocks() {
        let name = block.ident.as_str();
        if blocks.contains(&name) {
            continue;
        }
        let suggestion = closest(name, blocks.iter().copied());
        out.push(unknown(
            unit,
            block_name_range(block),
            name,
            "block",
            &place,
            suggestion,
            &owner,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_reports, assert_silent, fixed};

    #[test]
    fn reports_arguments_and_blocks_the_type_does_not_take() {
        assert_reports(
            "TFG704",
            &[
                "resource \"aws_instance\" \"web\" {\n  ami          = \"ami-1\"\n  instance_typ = \"t3.micro\"\n}\n",
                "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n  arn    = \"x\"\n}\n",
                "resource \"aws_instance\" \"web\" {\n  ebs_block_devices {\n    device_name = \"x\"\n  }\n}\n",
                "resource \"aws_instance\" \"web\" {\n  root_block_device {\n    size = 8\n  }\n}\n",
                "variable \"name\" {\n  type     = string\n  required = true\n}\n",
                "provider \"aws\" {\n  regoin = \"us-east-1\"\n}\n",
                "resource \"aws_instance\" \"web\" {\n  dynamic \"ebs_volume\" {\n    for_each = []\n    content {}\n  }\n}\n",
            ],
        );
    }

    #[test]
    fn schema_arguments_meta_arguments_and_blocks_for_list_arguments_pass() {
        assert_silent(
            "TFG704",
            &[
                r#"resource "aws_instance" "web" {
  count         = 2
  ami           = "ami-1"
  instance_type = "t3.micro"
  depends_on    = []
  root_block_device {
    volume_size = 8
  }
  dynamic "ebs_block_device" {
    for_each = []
    content {
      device_name = "x"
    }
  }
  lifecycle {
    create_before_destroy = true
  }
  provisioner "local-exec" {
    command = "echo"
  }
}
"#,
                // `ingress` is a set-of-objects argument that Terraform also takes as blocks.
                "resource \"aws_security_group\" \"sg\" {\n  ingress {\n    from_port = 22\n  }\n}\n",
                "provider \"aws\" {\n  alias  = \"west\"\n  region = \"us-west-2\"\n  default_tags {\n    tags = {}\n  }\n}\n",
                "variable \"v\" {\n  type    = string\n  default = \"x\"\n  validation {\n    condition     = true\n    error_message = \"x\"\n  }\n}\n",
                "resource \"google_storage_bucket\" \"g\" {\n  anything = 1\n}\n",
            ],
        );
    }

    #[test]
    fn fixes_rename_a_typo_and_remove_a_computed_value() {
        let out = fixed(
            "resource \"aws_instance\" \"web\" {\n  ami          = \"ami-1\"\n  instance_typ = \"t3.micro\"\n}\n",
            "TFG704",
        );
        assert!(out.contains("instance_type = \"t3.micro\""), "{out}");
        let out = fixed(
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n  arn    = \"x\"\n}\n",
            "TFG704",
        );
        assert_eq!(
            out,
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n"
        );
    }
}
