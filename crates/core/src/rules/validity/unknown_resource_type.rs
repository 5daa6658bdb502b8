//! TFG703 `unknown-resource-type`.

use hcl_edit::Span;

use crate::analysis::Analyzed;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Edit, Family, Finding, Severity};
use crate::schema::{Kind, closest};

use super::is_aws_type;

pub static CHECK: Check = Check {
    code: "TFG703",
    name: "unknown-resource-type",
    family: Family::Validity,
    severity: Severity::High,
    category: Category::C,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds `resource` and `data` blocks of the AWS provider (`aws_` types) whose \
               type the provider does not have.",
        why: "`terraform validate` stops at an unknown type (\"Invalid resource type\"): \
              nothing of the configuration deploys. Models invent plausible types \
              (`aws_s3_buckets`, `aws_rds_instance`) or use ones a provider version removed.",
        example: r#"resource "aws_s3_buckets" "logs" {
  bucket = "logs"
}"#,
        use_instead: r#"resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}"#,
        fix: "Unsafe: when exactly one type of the provider is a likely typo of the name, \
              renames the block's type to it. The arguments still have to fit the new type.",
        limitations: "Judged against the AWS provider schema this build carries (its \
                      version is in the report); types of other providers are not checked.",
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
    for resource in config.resources.iter().chain(&config.data) {
        if !is_aws_type(resource) {
            continue;
        }
        let kind = if resource.is_data {
            Kind::DataSource
        } else {
            Kind::Resource
        };
        if schema.type_body(kind, resource.kind).is_some() {
            continue;
        }
        let Some(label) = resource.block.labels.first() else {
            continue;
        };
        let range = label.span().unwrap_or(0..0);
        let what = if resource.is_data {
            "data source"
        } else {
            "resource"
        };
        let other_kind = match kind {
            Kind::Resource => Kind::DataSource,
            Kind::DataSource => Kind::Resource,
        };
        let suggestion = closest(resource.kind, schema.type_names(kind));
        let mut message = format!(
            "the AWS provider ({}) has no {what} type `{}`",
            schema.version, resource.kind
        );
        if let Some(name) = suggestion {
            message.push_str(&format!("; did you mean `{name}`?"));
        } else if schema.type_body(other_kind, resource.kind).is_some() {
            let other = if resource.is_data {
                "a resource"
            } else {
                "a data source"
            };
            message.push_str(&format!(" (it is {other} type)"));
        }
        let fix = suggestion.map(|name| {
            super::typo_fix(
                vec![Edit::replace(
                    resource.unit,
                    range.clone(),
                    format!("\"{name}\""),
                )],
                format!("Use the type `{name}`"),
                format!(
                    "`{name}` is the one {what} type close to `{}`; check that its arguments fit",
                    resource.kind
                ),
            )
        });
        out.push(
            CHECK
                .finding(resource.unit, range, message)
                .with_resource(resource.address())
                .with_fix(fix),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_reports, assert_silent, fixed};

    #[test]
    fn reports_types_the_provider_does_not_have() {
        assert_reports(
            "TFG703",
            &[
                "resource \"aws_s3_buckets\" \"logs\" {\n  bucket = \"logs\"\n}\n",
                "data \"aws_iam_policy_documents\" \"x\" {}\n",
                "resource \"aws_ami\" \"x\" {}\nresource \"aws_rds_instance\" \"db\" {}\n",
            ],
        );
    }

    #[test]
    fn known_types_and_other_providers_pass() {
        assert_silent(
            "TFG703",
            &[
                "resource \"aws_s3_bucket\" \"ok\" {\n  bucket = \"ok\"\n}\n",
                "data \"aws_ami\" \"ubuntu\" {}\n",
                "resource \"google_storage_bucket\" \"g\" {}\n",
                "resource \"aws_thing\" \"x\" {\n  provider = other.x\n}\n",
                "resource \"random_id\" \"x\" {}\n",
            ],
        );
    }

    #[test]
    fn the_fix_renames_a_typo() {
        let out = fixed(
            "resource \"aws_s3_buckets\" \"logs\" {\n  bucket = \"logs\"\n}\n",
            "TFG703",
        );
        assert!(
            out.starts_with("resource \"aws_s3_bucket\" \"logs\""),
            "{out}"
        );
    }
}
