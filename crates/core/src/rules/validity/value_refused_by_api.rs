//! TFG709 `value-refused-by-api`.

use hcl_edit::Span;

use crate::analysis::Analyzed;
use crate::analysis::provenance::trace_of;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG709",
    name: "value-refused-by-api",
    family: Family::Validity,
    severity: Severity::High,
    category: Category::B,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds values that AWS refuses when the resource is created, where our facts \
               know the rule: a name longer than the type allows, an S3 bucket name with \
               characters bucket names cannot have, a security group name beginning with \
               `sg-`, a Lambda runtime AWS no longer accepts for new functions, a word \
               outside the set an argument takes (`billing_mode`, `retention_in_days`, a \
               lifecycle rule's `storage_class`).",
        why: "Such a configuration passes `terraform validate` (or is judged only at plan) \
              and then fails at apply, often after other resources were created. Models \
              build names from several variables without counting, write bucket names \
              like identifiers (`App_Logs`), and use runtimes from older examples.",
        example: r#"resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  runtime       = "python3.7"
  handler       = "app.handler"
  filename      = "app.zip"
}"#,
        use_instead: r#"resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
}"#,
        fix: "None: the right name or runtime version is the author's choice (a runtime \
              upgrade may need code changes).",
        limitations: "Only names whose whole value the code gives are measured. The \
                      runtimes are those whose function creation AWS had blocked by \
                      2026 (its deprecation schedule moves; newer deprecations are not \
                      listed until creation is blocked).",
    },
    run: Run::Configuration(run),
};

/// Lambda runtimes AWS no longer accepts for new functions.
const BLOCKED_RUNTIMES: &[&str] = &[
    "dotnet5.0",
    "dotnet6",
    "dotnetcore1.0",
    "dotnetcore2.0",
    "dotnetcore2.1",
    "dotnetcore3.1",
    "go1.x",
    "java8",
    "nodejs",
    "nodejs10.x",
    "nodejs12.x",
    "nodejs14.x",
    "nodejs16.x",
    "nodejs4.3",
    "nodejs4.3-edge",
    "nodejs6.10",
    "nodejs8.10",
    "provided",
    "python2.7",
    "python3.6",
    "python3.7",
    "python3.8",
    "ruby2.5",
    "ruby2.7",
];

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    if !super::judged(config) {
        return;
    }
    for resource in &config.resources {
        if !super::is_aws_type(resource) {
            continue;
        }
        let facts = crate::facts::resource(resource.kind);
        let address = resource.address();
        let mut reported = Vec::new();
        for instance in config.instances(resource.unit, resource.block) {
            let mut problems: Vec<(std::ops::Range<usize>, String, Vec<String>)> = Vec::new();
            let read = |name: &str| {
                resource.block.body.get_attribute(name).map(|attr| {
                    let value = config.eval(resource.unit, &attr.value, &instance.scope);
                    (attr.value.span().unwrap_or(0..0), value)
                })
            };
            if let Some(facts) = facts {
                for (arg, max, what) in [
                    (facts.name_arg, facts.name_max, "name"),
                    (facts.prefix_arg, facts.prefix_max, "prefix"),
                ] {
                    let (Some(arg), Some(max)) = (arg, max) else {
                        continue;
                    };
                    let Some((range, value)) = read(arg) else {
                        continue;
                    };
                    let Some(text) = value.as_str() else {
                        continue;
                    };
                    let length = text.chars().count();
                    if length > max {
                        problems.push((
                            range,
                            format!(
                                "`{arg}` is {length} characters (\"{text}\"); AWS accepts a `{}` {what} of at most {max}",
                                resource.kind
                            ),
                            trace_of(config, &value),
                        ));
                    }
                }
            }
            if resource.kind == "aws_s3_bucket"
                && let Some((range, value)) = read("bucket")
                && let Some(name) = value.as_str()
                && let Some(rule) = bucket_name_problem(name)
            {
                problems.push((
                    range,
                    format!("the bucket name \"{name}\" {rule}: S3 refuses it"),
                    trace_of(config, &value),
                ));
            }
            if resource.kind == "aws_security_group" {
                for arg in ["name", "name_prefix"] {
                    if let Some((range, value)) = read(arg)
                        && let Some(name) = value.as_str()
                        && name.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("sg-"))
                    {
                        problems.push((
                            range,
                            format!(
                                "the security group `{arg}` \"{name}\" begins with `sg-`, which EC2 keeps for group ids and refuses in names"
                            ),
                            trace_of(config, &value),
                        ));
                    }
                }
            }
            if resource.kind == "aws_lambda_function"
                && let Some((range, value)) = read("runtime")
                && let Some(runtime) = value.as_str()
                && BLOCKED_RUNTIMES.contains(&runtime)
            {
                problems.push((
                    range,
                    format!("the runtime `{runtime}` is deprecated, and AWS no longer creates functions with it"),
                    trace_of(config, &value),
                ));
            }
            for enumeration in crate::facts::enumerations(resource.kind) {
                let (blocks, argument) = enumeration.path.split_at(enumeration.path.len() - 1);
                for body in nested_bodies(&resource.block.body, blocks) {
                    let Some(attr) = body.get_attribute(argument[0]) else {
                        continue;
                    };
                    let value = config.eval(resource.unit, &attr.value, &instance.scope);
                    let items: Vec<&crate::eval::Value> = match &value.data {
                        crate::eval::Data::List(items) => items.iter().collect(),
                        _ => vec![&value],
                    };
                    for item in items {
                        let Some(word) = item.to_template_string() else {
                            continue;
                        };
                        if enumeration.values.contains(&word.as_str()) {
                            continue;
                        }
                        let suggestion =
                            crate::schema::closest(&word, enumeration.values.iter().copied())
                                .map(|s| format!("; did you mean `{s}`?"))
                                .unwrap_or_default();
                        let shown = match item.data {
                            crate::eval::Data::String(_) => format!("\"{word}\""),
                            _ => word.clone(),
                        };
                        problems.push((
                            attr.value.span().unwrap_or(0..0),
                            format!(
                                "`{}` is {shown}, which AWS does not accept: it takes {}{suggestion}",
                                enumeration.path.join("."),
                                enumeration
                                    .values
                                    .iter()
                                    .map(|v| format!("`{v}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                            trace_of(config, &value),
                        ));
                    }
                }
            }
            for (range, message, trace) in problems {
                if reported.contains(&range) {
                    continue;
                }
                reported.push(range.clone());
                out.push(
                    CHECK
                        .finding(resource.unit, range, message)
                        .with_resource(format!("{address}{}", instance.key))
                        .with_trace(trace),
                );
            }
        }
    }
}

/// The bodies reached from `body` through nested blocks of these types, in order (blocks
/// written out; the content of `dynamic` blocks is not followed).
fn nested_bodies<'b>(
    body: &'b hcl_edit::structure::Body,
    path: &[&str],
) -> Vec<&'b hcl_edit::structure::Body> {
    let Some((first, rest)) = path.split_first() else {
        return vec![body];
    };
    body.blocks()
        .filter(|b| b.ident.as_str() == *first)
        .flat_map(|b| nested_bodies(&b.body, rest))
        .collect()
}

/// What is wrong with an S3 bucket name, by S3's naming rules for general purpose buckets.
fn bucket_name_problem(name: &str) -> Option<&'static str> {
    let length = name.len();
    if !(3..=63).contains(&length) {
        return Some("is not 3 to 63 characters long");
    }
    if name.chars().any(|c| c.is_ascii_uppercase()) {
        return Some("has upper-case letters");
    }
    if name.contains('_') {
        return Some("has an underscore");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
    {
        return Some("has characters other than lower-case letters, digits, `-` and `.`");
    }
    let first = name.chars().next()?;
    let last = name.chars().last()?;
    if !first.is_ascii_alphanumeric() || !last.is_ascii_alphanumeric() {
        return Some("does not begin and end with a letter or digit");
    }
    if name.contains("..") {
        return Some("has two dots in a row");
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_reports, assert_silent};

    #[test]
    fn reports_names_and_runtimes_aws_refuses() {
        assert_reports(
            "TFG709",
            &[
                "resource \"aws_lb\" \"l\" {\n  name = \"a-very-long-load-balancer-name-that-is-over-32\"\n}\n",
                "variable \"project\" {\n  default = \"My_App\"\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"${var.project}-logs\"\n}\n",
                "resource \"aws_lambda_function\" \"f\" {\n  runtime = \"python3.7\"\n}\n",
                "resource \"aws_security_group\" \"alb\" {\n  name_prefix = \"sg-alb-\"\n}\n",
                "resource \"aws_dynamodb_table\" \"t\" {\n  billing_mode = \"ON_DEMAND\"\n}\nresource \"aws_cloudwatch_log_group\" \"l\" {\n  retention_in_days = 2\n}\n",
                "resource \"aws_db_instance\" \"db\" {\n  enabled_cloudwatch_logs_exports = [\"error\", \"slow_query\"]\n}\nresource \"aws_s3_bucket_lifecycle_configuration\" \"l\" {\n  rule {\n    transition {\n      storage_class = \"GLACIER_INSTANT_RETRIEVAL\"\n    }\n  }\n}\n",
            ],
        );
    }

    #[test]
    fn accepted_and_unknown_values_pass() {
        assert_silent(
            "TFG709",
            &[
                "resource \"aws_lb\" \"l\" {\n  name = \"web\"\n}\n",
                "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"my-app.logs-1\"\n}\n",
                "variable \"p\" {}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"${var.p}-Logs\"\n}\n",
                "resource \"aws_lambda_function\" \"f\" {\n  runtime = \"python3.12\"\n}\n",
                "resource \"aws_security_group\" \"alb\" {\n  name_prefix = \"alb-sg-\"\n}\n",
                "resource \"aws_dynamodb_table\" \"t\" {\n  billing_mode = \"PAY_PER_REQUEST\"\n  attribute {\n    type = \"S\"\n  }\n}\nresource \"aws_cloudwatch_log_group\" \"l\" {\n  retention_in_days = 30\n}\n",
            ],
        );
    }
}
