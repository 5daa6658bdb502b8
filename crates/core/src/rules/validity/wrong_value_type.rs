//! TFG708 `wrong-value-type`.

use hcl_edit::Span;

use crate::analysis::Analyzed;
use crate::analysis::provenance::trace_of;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::eval::{Data, Scope, Value};
use crate::finding::{Category, Family, Finding, Severity};
use crate::schema::Type;

use super::{Place, schema_bodies};

pub static CHECK: Check = Check {
    code: "TFG708",
    name: "wrong-value-type",
    family: Family::Validity,
    severity: Severity::High,
    category: Category::C,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds arguments of AWS resources, data sources and the provider whose value, \
               once evaluated, cannot become the type the schema declares: a string where a \
               list is expected, a list where a string is, a word where a number or a bool \
               is; and a `provider` chosen by an expression, which Terraform cannot resolve.",
        why: "`terraform validate` rejects the configuration (\"Incorrect attribute value \
              type\"): it cannot deploy. Terraform converts between strings, numbers and \
              bools when it can, but never a single value into a list, or a list into a \
              string.",
        example: r#"resource "aws_instance" "web" {
  ami             = var.ami
  instance_type   = "t3.micro"
  security_groups = "web"
}"#,
        use_instead: r#"resource "aws_instance" "web" {
  ami             = var.ami
  instance_type   = "t3.micro"
  security_groups = ["web"]
}"#,
        fix: "None: whether to wrap the value in a list or to pick one element is the \
              author's choice.",
        limitations: "Values the code cannot know (attributes of other resources, \
                      variables without a value) are not judged; inside `dynamic` blocks \
                      only values that do not use the iterator are.",
    },
    run: Run::Configuration(run),
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    if !super::judged(config) {
        return;
    }
    dynamic_providers(config, out);
    let Some(schema) = config.schema else {
        return;
    };
    for at in schema_bodies(config, schema) {
        // The first instance's scope at the top of a resource; nested bodies share it for
        // values that do not use `each` or `count`, which evaluate as unknown otherwise.
        let scope = match at.place {
            Place::Resource | Place::DataSource => {
                let block = config
                    .resources
                    .iter()
                    .chain(&config.data)
                    .find(|r| r.address() == at.owner)
                    .map(|r| (r.unit, r.block));
                block
                    .and_then(|(unit, block)| config.instances(unit, block).into_iter().next())
                    .map(|i| i.scope)
                    .unwrap_or_else(Scope::new)
            }
            Place::Provider | Place::Nested => Scope::new(),
        };
        for attr in at.body.attributes() {
            let name = attr.key.as_str();
            if at.place.meta_argument(name) {
                continue;
            }
            let Some(expected) = at.schema.attribute(name).filter(|a| a.settable()) else {
                continue;
            };
            let value = config.eval(at.unit, &attr.value, &scope);
            let Some(problem) = mismatch(&value, &expected.ty) else {
                continue;
            };
            let range = attr.value.span().unwrap_or(0..0);
            out.push(
                CHECK
                    .finding(
                        at.unit,
                        range,
                        format!(
                            "`{name}` of {} takes {}; {problem}",
                            at.describe(),
                            expected.ty
                        ),
                    )
                    .with_resource(at.owner.clone())
                    .with_trace(trace_of(config, &value)),
            );
        }
    }
}

/// `provider = local.providers[each.key]`: Terraform resolves provider configurations
/// before it evaluates anything, so the argument must name one (`aws`, `aws.west`). A
/// quoted name (`"aws.west"`) is only deprecated, and is left alone.
fn dynamic_providers(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    let blocks = config
        .resources
        .iter()
        .chain(&config.data)
        .map(|r| (r.unit, r.block, r.address()));
    for (unit, block, address) in blocks {
        let Some(attr) = block.body.get_attribute("provider") else {
            continue;
        };
        if crate::analysis::references::provider_reference(&attr.value).is_some()
            || matches!(attr.value, hcl_edit::expr::Expression::String(_))
        {
            continue;
        }
        out.push(
            CHECK
                .finding(
                    unit,
                    attr.value.span().unwrap_or(0..0),
                    format!(
                        "`provider` of `{address}` must name one provider configuration (`aws` or `aws.west`); Terraform does not choose it by an expression (`{}`)",
                        config.source_of(unit, &attr.value)
                    ),
                )
                .with_resource(address),
        );
    }
}

/// Why `value` cannot convert to `ty`, when it cannot; unknown parts are never a mismatch.
fn mismatch(value: &Value, ty: &Type) -> Option<String> {
    let shown = |v: &Value| match &v.data {
        Data::String(s) => format!("the string \"{}\"", shorten(s)),
        Data::Number(_) | Data::Bool(_) => {
            format!("the value {}", v.to_template_string().unwrap_or_default())
        }
        Data::List(_) => "a list".to_string(),
        Data::Map(_) => "a map or object".to_string(),
        Data::Null | Data::Unknown(_) => String::new(),
    };
    match (&value.data, ty) {
        (Data::Null | Data::Unknown(_), _) | (_, Type::Any) => None,
        (Data::String(_) | Data::Number(_) | Data::Bool(_), Type::String) => None,
        (Data::Number(_), Type::Number) => None,
        (Data::String(s), Type::Number) if s.trim().parse::<f64>().is_ok() => None,
        (Data::Bool(_), Type::Bool) => None,
        (Data::String(s), Type::Bool) if matches!(s.as_str(), "true" | "false") => None,
        (Data::List(items), Type::List(element) | Type::Set(element)) => items
            .iter()
            .find_map(|item| mismatch(item, element))
            .map(|inner| format!("an element is wrong: {inner}")),
        (Data::Map(entries), Type::Map(element)) => entries
            .iter()
            .find_map(|(key, item)| mismatch(item, element).map(|m| format!("`{key}`: {m}"))),
        (Data::Map(entries), Type::Object(fields)) => fields.iter().find_map(|(key, field)| {
            entries
                .get(&**key)
                .and_then(|item| mismatch(item, field))
                .map(|m| format!("`{key}`: {m}"))
        }),
        (Data::List(_), Type::Tuple(_)) => None,
        _ => Some(format!("this is {}", shown(value))),
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}...", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_reports, assert_silent};

    #[test]
    fn reports_values_that_cannot_become_the_declared_type() {
        assert_reports(
            "TFG708",
            &[
                "resource \"aws_instance\" \"i\" {\n  security_groups = \"web\"\n}\n",
                "resource \"aws_instance\" \"i\" {\n  instance_type = [\"t3.micro\"]\n}\n",
                "variable \"size\" {\n  default = \"large\"\n}\nresource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"us-east-1a\"\n  size              = var.size\n}\n",
                "resource \"aws_s3_bucket\" \"b\" {\n  force_destroy = \"yes\"\n  tags          = { Name = [\"a\"] }\n}\n",
                "resource \"aws_vpc\" \"v\" {\n  for_each = local.regions\n  provider = local.providers[each.key]\n}\n",
            ],
        );
    }

    #[test]
    fn values_terraform_converts_and_unknown_ones_pass() {
        assert_silent(
            "TFG708",
            &[
                r#"variable "sgs" {}
resource "aws_instance" "i" {
  instance_type          = "t3.micro"
  vpc_security_group_ids = var.sgs
  ebs_optimized          = "true"
  subnet_id              = aws_subnet.a.id
  security_groups        = [aws_security_group.a.name, "web"]
  tags                   = { Size = 8, On = true }
  root_block_device {
    volume_size = "20"
  }
}
"#,
                // Quoted references are only deprecated: validate warns and accepts them.
                "resource \"aws_s3_bucket\" \"b\" {\n  provider   = \"aws.west\"\n  depends_on = [\"aws_iam_role.app\"]\n}\n",
            ],
        );
    }
}
