//! TFG401 `fixed-unique-name`.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::expr::Expression;
use hcl_edit::structure::Attribute;

use super::{NameAnalysis, Part, analyze};
use crate::analysis::Analyzed;
use crate::analysis::provenance::trace_of;
use crate::analysis::references::referenced_resources;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::{Configuration, Resource};
use crate::eval::Value;
use crate::facts::{self, NameScope, ResourceFacts};
use crate::finding::{Applicability, Category, Edit, Family, Finding, Fix, Severity};
use crate::submission::UnitId;

pub static CHECK: Check = Check {
    code: "TFG401",
    name: "fixed-unique-name",
    family: Family::Naming,
    severity: Severity::Medium,
    category: Category::B,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds resources whose name AWS requires to be unique in a scope (such as \
               S3 buckets across all accounts; IAM roles, policies, users and instance \
               profiles in the account; log groups, KMS aliases, trails, tables, \
               functions, topics, queues, load balancers and secrets in the account and \
               region; security groups in their VPC) and that are named by a fixed \
               string: literals, templates of literals, variable defaults and .tfvars \
               values. A name is unique enough when it holds an attribute of a `random_*` \
               resource, a suffix or environment variable without a value in the code \
               (`var.environment_suffix`), `terraform.workspace` or the name of another \
               resource that Terraform names itself (with `*_prefix`, or no name at all), \
               or when the resource uses its own `*_prefix` argument. An account id or \
               region in the name tells accounts or regions apart, not two deployments \
               into one account and region: still a finding. So is a security group in a \
               VPC the configuration creates: each deployment has its own VPC, but \
               replacing the group while instances use it needs the new one created \
               before the old one is destroyed, under another name. CloudWatch alarms \
               and dashboards do not collide: the API overwrites a same-named one in \
               place, so a second deployment takes them over silently; that is reported \
               as a low finding. AWS Config's recorder and delivery channel exist once \
               per region whatever their name, and are not reported.",
        why: "A second deployment of the same configuration (another environment, a test \
              stack, a colleague's account for global names) fails with \"already exists\" \
              on the first such resource, halfway through the apply.",
        example: r#"resource "aws_iam_role" "app" {
  name               = "app-role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_s3_bucket" "logs" {
  bucket = "app-logs"
}"#,
        use_instead: r#"resource "random_id" "suffix" {
  byte_length = 4
}

resource "aws_iam_role" "app" {
  name_prefix        = "app-role-"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_s3_bucket" "logs" {
  bucket = "app-logs-${random_id.suffix.hex}"
}"#,
        fix: "Unsafe: renaming replaces the resource (destroyed and created again, without \
              its contents). Security groups and IAM types that offer `name_prefix` get \
              `name_prefix = \"<name>-\"` instead of `name`, within the prefix length limit; \
              a security group also gets `create_before_destroy = true` in its `lifecycle`, \
              as the old group cannot be deleted while instances still use it. Other names get `-${random_id.suffix.hex}` appended, from one `random_id` \
              resource (reused when the configuration has one) that every fix shares; a \
              name too long for the type's limit has its fixed part cut, and the note says \
              so. The `hashicorp/random` provider is added to `required_providers` when \
              that block exists. A Lambda function's log group written as \
              `/aws/lambda/<name>` is made to follow the function's new name.",
        limitations: "Not reported: the state bucket and lock table whose names the \
                      `backend \"s3\"` block repeats as literals (a backend cannot use \
                      variables), and log groups whose names AWS derives \
                      (`/aws/lambda/<function>`, `API-Gateway-Execution-Logs_...`). \
                      Whether a variable without a value tells deployments apart is \
                      judged by its name (`suffix`, `environment`, `env`, `stage` or \
                      `workspace` in it); a name built from any other value the code \
                      cannot know gets an info note instead of a finding.",
    },
    run: Run::Configuration(run),
};

/// Log groups whose names AWS chooses: a service writes to them by that name.
const DERIVED_LOG_GROUPS: &[&str] = &[
    "/aws/lambda/",
    "API-Gateway-Execution-Logs_",
    "/aws/apigateway/welcome",
    "/aws/eks/",
    "/aws/ecs/containerinsights/",
    "/aws/rds/instance/",
    "/aws/rds/cluster/",
    "/aws/codebuild/",
    "/aws/appsync/apis/",
    "/aws/sagemaker/",
    "/aws/elasticbeanstalk/",
];

/// Characters a `random_id` with `byte_length = 4` adds: its hex, after a separator.
const DEFAULT_SUFFIX_LEN: usize = 9;

/// One instance named by a fixed string.
struct Named {
    key: String,
    analysis: NameAnalysis,
    /// Where the fixed text came from, one step per line.
    trace: Vec<String>,
}

/// A resource with fixed names, before its fix is planned.
struct Reported<'c, 'a> {
    resource: &'c Resource<'a>,
    facts: &'static ResourceFacts,
    scope: NameScope,
    attr: &'a Attribute,
    instances: Vec<Named>,
    /// A security group in a VPC this configuration creates.
    in_own_vpc: bool,
}

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    let backend = BackendNames::of(config);
    let mut reported = Vec::new();
    for resource in &config.resources {
        let Some(facts) = facts::resource(resource.kind) else {
            continue;
        };
        let (Some(scope), Some(name_arg)) = (facts.scope, facts.name_arg) else {
            continue;
        };
        let body = &resource.block.body;
        if scope == NameScope::None
            || facts
                .prefix_arg
                .is_some_and(|p| body.get_attribute(p).is_some())
        {
            continue;
        }
        let Some(attr) = body.get_attribute(name_arg) else {
            continue;
        };
        let mut instances = Vec::new();
        let mut noted = false;
        for instance in config.instances(resource.unit, resource.block) {
            let value = config.eval(resource.unit, &attr.value, &instance.scope);
            if value.is_null() {
                continue;
            }
            let analysis = analyze(config, resource.unit, &attr.value, &instance.scope);
            if aws_derives(resource.kind, &analysis.rendered)
                || backend.repeats(resource.kind, &analysis)
                || analysis.unique_by().is_some()
            {
                continue;
            }
            // An empty name is a placeholder for the caller to fill (AWS refuses it), as
            // good as no value: say so once instead of reporting a name.
            let placeholder = value.as_str() == Some("");
            let unknown = analysis
                .unknown()
                .map(|(_, reason)| reason.to_owned())
                .or_else(|| {
                    placeholder.then(|| {
                        "the name is empty, a placeholder for the configuration that uses this one"
                            .to_owned()
                    })
                });
            if let Some(reason) = unknown {
                if !noted {
                    noted = true;
                    out.push(note(resource, attr, scope, &reason));
                }
                continue;
            }
            let trace = provenance(config, resource.unit, &attr.value, &instance.scope, &value);
            instances.push(Named {
                key: instance.key,
                analysis,
                trace,
            });
        }
        if !instances.is_empty() {
            reported.push(Reported {
                resource,
                facts,
                scope,
                attr,
                instances,
                in_own_vpc: scope == NameScope::Vpc && in_vpc_created_here(config, resource),
            });
        }
    }
    if reported.is_empty() {
        return;
    }
    let shared = SharedEdits::plan(config, &reported);
    // Read only when some name is reported: grading runs on every keystroke.
    let texts = TextValues::read(config);
    let addresses: HashSet<String> = reported.iter().map(|r| r.resource.address()).collect();
    for r in &reported {
        let fix = fix_for(config, r, &shared, &addresses, &texts);
        for named in &r.instances {
            out.push(finding(r, named, fix.clone()));
        }
    }
}

fn finding(r: &Reported<'_, '_>, named: &Named, fix: Option<Fix>) -> Finding {
    let address = format!("{}{}", r.resource.address(), named.key);
    let trace = named.trace.clone();
    let via: Vec<&str> = trace
        .iter()
        .filter(|step| step.starts_with("via "))
        .map(String::as_str)
        .collect();
    let via = if via.is_empty() {
        String::new()
    } else {
        format!(" ({})", via.join(", "))
    };
    let collision = if r.in_own_vpc {
        " (a VPC this configuration creates): replacing the group while instances use it \
         needs the new group created before the old one is destroyed, which fails with \
         \"already exists\""
    } else if r.scope == NameScope::Vpc && r.resource.block.body.get_attribute("vpc_id").is_none() {
        " (here the default VPC): a second deployment fails with \"already exists\""
    } else if r.scope == NameScope::Overwrite {
        ": a second deployment into the same account and region does not fail, it takes \
         this one over in place (the API overwrites a same-named one), so both deployments \
         share it silently"
    } else {
        ": a second deployment fails with \"already exists\""
    };
    let narrowed: String = named
        .analysis
        .parts
        .iter()
        .filter_map(|p| match p {
            Part::Account(reference) => Some(format!(
                "; `{reference}` in the name tells accounts apart, not deployments in one account"
            )),
            Part::Region(reference) => Some(format!(
                "; `{reference}` in the name tells regions apart, not deployments in one region"
            )),
            _ => None,
        })
        .collect();
    let message = if r.scope == NameScope::Overwrite {
        format!(
            "`{address}` is named `{}`{via}{collision}{narrowed}",
            named.analysis.rendered
        )
    } else {
        format!(
            "`{address}` is named `{}`{via}, which must be {}{collision}{narrowed}",
            named.analysis.rendered,
            r.scope.describe()
        )
    };
    CHECK
        .finding(r.resource.unit, value_range(r.attr), message)
        .with_resource(address.clone())
        .with_severity(if r.scope == NameScope::Overwrite {
            Severity::Low
        } else {
            CHECK.severity
        })
        .with_trace(trace)
        .with_fix(fix)
}

/// Where a name's value came from: its own trace, or for a template the traces of the
/// values interpolated into it.
fn provenance(
    config: &Configuration<'_>,
    unit: crate::submission::UnitId,
    expr: &Expression,
    scope: &crate::eval::Scope,
    value: &Value,
) -> Vec<String> {
    let trace = trace_of(config, value);
    if !trace.is_empty() {
        return trace;
    }
    let Expression::StringTemplate(template) = expr else {
        return Vec::new();
    };
    let mut steps: Vec<String> = Vec::new();
    for element in template.iter() {
        if let hcl_edit::template::Element::Interpolation(interp) = element {
            let part = config.eval(unit, &interp.expr, scope);
            for step in trace_of(config, &part) {
                if step.starts_with("via ") && !steps.contains(&step) {
                    steps.push(step);
                }
            }
        }
    }
    steps
}

fn note(resource: &Resource<'_>, attr: &Attribute, scope: NameScope, reason: &str) -> Finding {
    CHECK
        .unknown(
            resource.unit,
            value_range(attr),
            format!(
                "cannot tell whether the name of `{}` is {}: {reason}",
                resource.address(),
                scope.describe()
            ),
        )
        .with_resource(resource.address())
}

fn value_range(attr: &Attribute) -> Range<usize> {
    attr.value.span().or_else(|| attr.span()).unwrap_or(0..0)
}

fn aws_derives(kind: &str, rendered: &str) -> bool {
    kind == "aws_cloudwatch_log_group" && DERIVED_LOG_GROUPS.iter().any(|p| rendered.starts_with(p))
}

/// A security group whose `vpc_id` refers to a VPC this configuration creates: each
/// deployment has its own VPC, so only a replacement of the group can collide.
fn in_vpc_created_here(config: &Configuration<'_>, resource: &Resource<'_>) -> bool {
    resource
        .block
        .body
        .get_attribute("vpc_id")
        .is_some_and(|attr| {
            let own_vpc = referenced_resources(&attr.value).iter().any(|address| {
                address
                    .strip_prefix("aws_vpc.")
                    .is_some_and(|name| config.resources_of("aws_vpc").any(|v| v.name == name))
            });
            // A VPC made by a module this configuration calls is its own too.
            let module_vpc = crate::analysis::references::referenced_names(&attr.value, "module")
                .iter()
                .any(|name| {
                    config
                        .modules
                        .iter()
                        .any(|m| m.block.labels.first().is_some_and(|l| l.as_str() == name))
                });
            own_vpc || module_vpc
        })
}

/// Names that the `backend "s3"` block repeats as literals: the state bucket and the lock
/// table. The backend cannot use variables, so these names must stay fixed (and belong in
/// a bootstrap configuration, which another check says).
struct BackendNames {
    buckets: Vec<String>,
    lock_tables: Vec<String>,
}

impl BackendNames {
    fn of(config: &Configuration<'_>) -> Self {
        let mut names = BackendNames {
            buckets: Vec::new(),
            lock_tables: Vec::new(),
        };
        let literal = |attr: Option<&Attribute>| match attr.map(|a| &a.value) {
            Some(Expression::String(s)) => Some(s.value().clone()),
            _ => None,
        };
        for terraform in &config.terraform_blocks {
            for backend in terraform.block.body.get_blocks("backend") {
                if backend.labels.first().map(|l| l.as_str()) != Some("s3") {
                    continue;
                }
                names
                    .buckets
                    .extend(literal(backend.body.get_attribute("bucket")));
                names
                    .lock_tables
                    .extend(literal(backend.body.get_attribute("dynamodb_table")));
            }
        }
        names
    }

    fn repeats(&self, kind: &str, analysis: &NameAnalysis) -> bool {
        if !analysis.is_fixed_text() {
            return false;
        }
        let name = &analysis.rendered;
        match kind {
            "aws_s3_bucket" => self.buckets.contains(name),
            "aws_dynamodb_table" => self.lock_tables.contains(name),
            _ => false,
        }
    }
}

/// Edits that every suffix fix shares: the `random_id` resource and the provider
/// requirement. Identical edits from several fixes are applied once.
struct SharedEdits {
    /// `random_id.suffix.hex`.
    random_ref: String,
    /// Characters the suffix adds, separator included.
    suffix_len: usize,
    random_insert: Option<Edit>,
    provider_insert: Option<Edit>,
}

impl SharedEdits {
    fn plan(config: &Configuration<'_>, reported: &[Reported<'_, '_>]) -> Self {
        let reusable = config.resources_of("random_id").find(|r| {
            r.block.body.get_attribute("count").is_none()
                && r.block.body.get_attribute("for_each").is_none()
        });
        if let Some(existing) = reusable {
            let bytes = existing
                .block
                .body
                .get_attribute("byte_length")
                .map(|a| config.eval(existing.unit, &a.value, &Default::default()))
                .and_then(|v| v.as_number())
                .filter(|n| *n >= 1.0 && n.fract() == 0.0)
                .map_or(4, |n| n as usize);
            return SharedEdits {
                random_ref: format!("random_id.{}.hex", existing.name),
                suffix_len: 1 + 2 * bytes,
                random_insert: None,
                provider_insert: None,
            };
        }
        let name = if config.resources_of("random_id").any(|r| r.name == "suffix") {
            "name_suffix"
        } else {
            "suffix"
        };
        let anchor = reported.iter().find(|r| prefix_plan(config, r).is_none());
        let random_insert = anchor.and_then(|r| {
            let text = config.text(r.resource.unit);
            let at = above_leading_comments(text, r.resource.block.span()?.start);
            Some(Edit::insert(
                r.resource.unit,
                at,
                format!("resource \"random_id\" \"{name}\" {{\n  byte_length = 4\n}}\n\n"),
            ))
        });
        SharedEdits {
            random_ref: format!("random_id.{name}.hex"),
            suffix_len: DEFAULT_SUFFIX_LEN,
            provider_insert: random_insert
                .as_ref()
                .and_then(|_| random_provider_insert(config)),
            random_insert,
        }
    }
}

/// The start of the line of `at`, moved above the comment lines directly over it (they
/// belong to the block that follows).
fn above_leading_comments(text: &str, at: usize) -> usize {
    let mut start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    while start > 0 {
        let previous = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = text[previous..start - 1].trim_start();
        if line.starts_with('#') || line.starts_with("//") {
            start = previous;
        } else {
            break;
        }
    }
    start
}

/// `random = { source = "hashicorp/random" }` in the first `required_providers` block, on
/// its own line after the last entry, unless a block already declares it.
fn random_provider_insert(config: &Configuration<'_>) -> Option<Edit> {
    let blocks: Vec<_> = config
        .terraform_blocks
        .iter()
        .flat_map(|t| {
            t.block
                .body
                .get_blocks("required_providers")
                .map(move |b| (t.unit, b))
        })
        .collect();
    if blocks
        .iter()
        .any(|(_, b)| b.body.get_attribute("random").is_some())
    {
        return None;
    }
    let (unit, block) = blocks.first()?;
    let text = config.text(*unit);
    let last = block
        .body
        .attributes()
        .filter_map(|a| a.span())
        .max_by_key(|s| s.end)?;
    let line_start = text[..last.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..last.start];
    // A one-line block holds a single attribute; leave it (Terraform still finds
    // hashicorp/random, the default source of `random_*` resources).
    if !indent.trim().is_empty() {
        return None;
    }
    Some(Edit::insert(
        *unit,
        last.end,
        format!("\n{indent}random = {{ source = \"hashicorp/random\" }}"),
    ))
}

/// Whether the resource's `lifecycle` says `create_before_destroy = true`.
fn creates_before_destroying(config: &Configuration<'_>, resource: Resource<'_>) -> bool {
    resource
        .block
        .body
        .get_blocks("lifecycle")
        .filter_map(|l| l.body.get_attribute("create_before_destroy"))
        .any(|a| {
            config
                .eval(resource.unit, &a.value, &crate::eval::Scope::new())
                .as_bool()
                == Some(true)
        })
}

/// The edit adding `lifecycle { create_before_destroy = true }` to a security group whose
/// name becomes a prefix: a group that instances use cannot be destroyed first. None when
/// it is there already, or when its `lifecycle` says something else about it.
fn create_before_destroy_edit(
    config: &Configuration<'_>,
    resource: Resource<'_>,
) -> Option<Vec<Edit>> {
    use crate::edit::{add_block_at_end, add_block_attributes};
    let block = resource.block;
    let text = config.text(resource.unit);
    let lifecycles: Vec<_> = block.body.get_blocks("lifecycle").collect();
    if lifecycles
        .iter()
        .any(|l| l.body.get_attribute("create_before_destroy").is_some())
    {
        return None;
    }
    if let Some(lifecycle) = lifecycles.first() {
        return add_block_attributes(
            text,
            resource.unit,
            lifecycle,
            &[("create_before_destroy", "true")],
        );
    }
    Some(vec![add_block_at_end(
        text,
        resource.unit,
        block,
        "lifecycle {\n  create_before_destroy = true\n}",
    )?])
}

/// Security groups and IAM types offering a prefix argument use it instead of a suffix.
fn prefix_plan(
    config: &Configuration<'_>,
    r: &Reported<'_, '_>,
) -> Option<(Vec<Edit>, Option<String>)> {
    let kind = r.resource.kind;
    if kind != "aws_security_group" && !kind.starts_with("aws_iam_") {
        return None;
    }
    let prefix_arg = r.facts.prefix_arg?;
    let max = r.facts.prefix_max?;
    let unit = r.resource.unit;
    let text = config.text(unit);
    let value_span = r.attr.value.span()?;
    let raw = text.get(value_span.clone())?;
    if raw.contains('\n') {
        return None;
    }
    let longest = r.instances.iter().map(|n| n.analysis.max_len()).max()?;
    let ends_with_separator = r
        .instances
        .iter()
        .all(|n| n.analysis.rendered.ends_with(['-', '_']));
    let dash = if ends_with_separator { "" } else { "-" };
    let mut note = None;
    let value_edit = match &r.attr.value {
        Expression::String(s) if raw == format!("\"{}\"", s.value()) => {
            let mut base = s.value().clone();
            if base.chars().count() + dash.len() > max {
                base = cut(&base, max.saturating_sub(1));
                note = Some(format!(
                    "the name is cut to `{base}` to fit the {max}-character limit of `{prefix_arg}`"
                ));
                Edit::replace(unit, value_span, format!("\"{base}-\""))
            } else {
                Edit::replace(unit, value_span, format!("\"{base}{dash}\""))
            }
        }
        _ if longest + dash.len() > max => return None,
        Expression::StringTemplate(_) => Edit::insert(unit, value_span.end - 1, dash),
        _ => Edit::replace(unit, value_span, format!("\"${{{raw}}}{dash}\"")),
    };
    // Keep the `=` where it was when the wider key fits in the alignment spaces.
    let key_span = r.attr.key.span()?;
    let eq = key_span.end + text.get(key_span.end..)?.find('=')?;
    let width = eq - key_span.start;
    let spaces = width.saturating_sub(prefix_arg.len()).max(1);
    let key_edit = Edit::replace(
        unit,
        key_span.start..eq,
        format!("{prefix_arg}{}", " ".repeat(spaces)),
    );
    Some((vec![key_edit, value_edit], note))
}

/// The suffix edit of the name's value, and a note when the fixed part had to be cut.
fn suffix_plan(
    config: &Configuration<'_>,
    r: &Reported<'_, '_>,
    shared: &SharedEdits,
) -> Option<(Edit, Option<String>)> {
    let unit = r.resource.unit;
    let text = config.text(unit);
    let span = r.attr.value.span()?;
    let raw = text.get(span.clone())?;
    if raw.contains('\n') {
        return None;
    }
    let separator = if r.resource.kind == "aws_athena_database"
        || r.resource.kind == "aws_glue_catalog_database"
        || r.instances
            .iter()
            .all(|n| n.analysis.rendered.contains('_') && !n.analysis.rendered.contains('-'))
    {
        "_"
    } else {
        "-"
    };
    let suffix = format!("{separator}${{{}}}", shared.random_ref);
    let fifo = r
        .instances
        .iter()
        .all(|n| n.analysis.rendered.ends_with(".fifo"));
    let fifo_text = if fifo { ".fifo" } else { "" };
    let longest = r.instances.iter().map(|n| n.analysis.max_len()).max()?;
    let name_arg = r.facts.name_arg.unwrap_or("name");
    // Characters left for the fixed part when it is too long, if it is.
    let keep = r
        .facts
        .name_max
        .filter(|max| longest + shared.suffix_len > *max)
        .map(|max| (max.saturating_sub(shared.suffix_len), max));
    let cut_note = |kept: &str, max: usize| {
        format!(
            "the fixed part of the name is cut to {kept} to fit the {max}-character limit of `{name_arg}`"
        )
    };
    let edit = match (&r.attr.value, keep) {
        (Expression::String(s), keep) if raw == format!("\"{}\"", s.value()) => {
            let base = s.value().strip_suffix(fifo_text).unwrap_or(s.value());
            let (base, note) = match keep {
                Some((room, max)) => {
                    let kept = cut(base, room.saturating_sub(fifo_text.len()));
                    let note = cut_note(&format!("`{kept}`"), max);
                    (kept, Some(note))
                }
                None => (base.to_owned(), None),
            };
            return Some((
                Edit::replace(unit, span, format!("\"{base}{suffix}{fifo_text}\"")),
                note,
            ));
        }
        (Expression::StringTemplate(_), None) => {
            let at = if fifo && raw.ends_with(".fifo\"") {
                span.end - 1 - fifo_text.len()
            } else if fifo {
                return None;
            } else {
                span.end - 1
            };
            Edit::insert(unit, at, suffix)
        }
        (_, None) if fifo => Edit::replace(
            unit,
            span,
            format!("\"${{trimsuffix({raw}, \".fifo\")}}{suffix}.fifo\""),
        ),
        (_, None) => Edit::replace(unit, span, format!("\"${{{raw}}}{suffix}\"")),
        (_, Some((room, max))) => {
            let room = room.saturating_sub(fifo_text.len());
            let inner = if fifo {
                format!("trimsuffix({raw}, \".fifo\")")
            } else {
                raw.to_owned()
            };
            return Some((
                Edit::replace(
                    unit,
                    span,
                    format!("\"${{substr({inner}, 0, {room})}}{suffix}{fifo_text}\""),
                ),
                Some(cut_note(&format!("{room} characters"), max)),
            ));
        }
    };
    Some((edit, None))
}

/// The first `len` characters of `s`, without a trailing separator.
fn cut(s: &str, len: usize) -> String {
    let kept: String = s.chars().take(len).collect();
    kept.trim_end_matches(['-', '_', '.', '/']).to_owned()
}

/// A log group written as `/aws/lambda/<name>` for a function renamed by its fix follows
/// the function's name.
fn lambda_log_group_edits(config: &Configuration<'_>, r: &Reported<'_, '_>) -> Vec<Edit> {
    let [named] = r.instances.as_slice() else {
        return Vec::new();
    };
    if r.resource.kind != "aws_lambda_function" || !named.key.is_empty() {
        return Vec::new();
    }
    let expected = format!("/aws/lambda/{}", named.analysis.rendered);
    config
        .resources_of("aws_cloudwatch_log_group")
        .filter_map(|group| {
            let attr = group.block.body.get_attribute("name")?;
            let Expression::String(s) = &attr.value else {
                return None;
            };
            if *s.value() != expected {
                return None;
            }
            Some(Edit::replace(
                group.unit,
                attr.value.span()?,
                format!(
                    "\"/aws/lambda/${{{}.function_name}}\"",
                    r.resource.address()
                ),
            ))
        })
        .collect()
}

/// The arguments of every resource written as text (a literal, or a template of variables
/// and locals), by the value they evaluate to: read once per configuration, as the names
/// of all reported resources are looked up in them.
struct TextValues {
    /// Value, then the resource's address, unit and the value's range.
    by_value: HashMap<String, Vec<(String, UnitId, Range<usize>)>>,
}

impl TextValues {
    fn read(config: &Configuration<'_>) -> Self {
        let mut by_value: HashMap<String, Vec<_>> = HashMap::new();
        for resource in &config.resources {
            for attr in resource.block.body.attributes() {
                // References to resources already follow a rename.
                let written_as_text =
                    matches!(
                        attr.value,
                        Expression::String(_) | Expression::StringTemplate(_)
                    ) && crate::analysis::references::referenced_resources(&attr.value).is_empty();
                if !written_as_text {
                    continue;
                }
                let value = config.eval(resource.unit, &attr.value, &crate::eval::Scope::new());
                if let (Some(text), Some(span)) = (value.as_str(), attr.value.span()) {
                    by_value.entry(text.to_owned()).or_default().push((
                        resource.address(),
                        resource.unit,
                        span,
                    ));
                }
            }
        }
        Self { by_value }
    }
}

/// Arguments of other resources that repeat the fixed name as a literal (`bucket =
/// "example-reports"` in an encryption configuration) follow the renamed resource by
/// reference, or they would point at a name that no longer exists.
fn literal_reference_edits(r: &Reported<'_, '_>, texts: &TextValues) -> Vec<Edit> {
    let [named] = r.instances.as_slice() else {
        return Vec::new();
    };
    let Some(name_arg) = r.facts.name_arg else {
        return Vec::new();
    };
    if !named.key.is_empty() || named.analysis.rendered.is_empty() {
        return Vec::new();
    }
    let address = r.resource.address();
    let target = format!("{address}.{name_arg}");
    texts
        .by_value
        .get(named.analysis.rendered.as_str())
        .into_iter()
        .flatten()
        .filter(|(other, _, _)| *other != address)
        .map(|(_, unit, span)| Edit::replace(*unit, span.clone(), target.clone()))
        .collect()
}

fn fix_for(
    config: &Configuration<'_>,
    r: &Reported<'_, '_>,
    shared: &SharedEdits,
    reported: &HashSet<String>,
    texts: &TextValues,
) -> Option<Fix> {
    let address = r.resource.address();
    let replaced = format!(
        "renaming replaces `{address}`: Terraform destroys it and creates it under the new name, without its contents"
    );
    // A name that repeats another reported resource's name becomes unique with its fix.
    if let Some(echo) = r
        .instances
        .iter()
        .flat_map(|n| n.analysis.echoes())
        .find(|echo| reported.contains(*echo))
    {
        return Some(Fix {
            title: format!("renaming `{echo}` makes this name unique too"),
            applicability: Applicability::DisplayOnly,
            note: None,
            edits: Vec::new(),
        });
    }
    let references = literal_reference_edits(r, texts);
    if let Some((mut edits, cut)) = prefix_plan(config, r) {
        edits.extend(references);
        let prefix_arg = r.facts.prefix_arg.unwrap_or("name_prefix");
        let mut note = format!(
            "{replaced}; Terraform appends a unique suffix to `{prefix_arg}`; references by attribute follow, the name written elsewhere as text does not"
        );
        if r.resource.kind == "aws_security_group" {
            match create_before_destroy_edit(config, *r.resource) {
                Some(lifecycle) => {
                    edits.extend(lifecycle);
                    note.push_str(
                        "; `create_before_destroy` makes Terraform create the new group before destroying the old one, which cannot be deleted while instances or interfaces still use it",
                    );
                }
                None if !creates_before_destroying(config, *r.resource) => note.push_str(
                    "; set `create_before_destroy = true` in its `lifecycle`: the old group cannot be deleted while instances or interfaces still use it",
                ),
                None => {}
            }
        }
        if let Some(cut) = cut {
            note.push_str("; ");
            note.push_str(&cut);
        }
        return Some(Fix {
            title: format!("use `{prefix_arg}` instead of a fixed name"),
            applicability: Applicability::Unsafe,
            note: Some(note),
            edits,
        });
    }
    let (edit, cut) = suffix_plan(config, r, shared)?;
    let mut edits = vec![edit];
    let mut note = replaced;
    if let Some(insert) = &shared.random_insert {
        edits.push(insert.clone());
        note.push_str(&format!(
            "; adds `{}` and the `hashicorp/random` provider (run `terraform init` again)",
            shared.random_ref.trim_end_matches(".hex")
        ));
    }
    edits.extend(shared.provider_insert.clone());
    edits.extend(references);
    let followers = lambda_log_group_edits(config, r);
    if !followers.is_empty() {
        note.push_str("; its log group follows the new name");
    }
    edits.extend(followers);
    if let Some(cut) = cut {
        note.push_str("; ");
        note.push_str(&cut);
    }
    Some(Fix {
        title: format!("append `{}` to the name", shared.random_ref),
        applicability: Applicability::Unsafe,
        note: Some(note),
        edits,
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, fixed, notes};
    use super::CHECK;
    use crate::rules::testing::assert_reports;
    use crate::{InputFile, grade};

    const CODE: &str = super::CHECK.code;

    /// Each snippet names a resource by a fixed string.
    const FAIL: &[&str] = &[
        r#"resource "aws_s3_bucket" "logs" {
  bucket = "app-logs"
}"#,
        r#"resource "aws_iam_role" "app" {
  name               = "app-role"
  assume_role_policy = "{}"
}"#,
        // Through a variable default and a template of it.
        r#"variable "project" {
  default = "shop"
}
resource "aws_dynamodb_table" "orders" {
  name         = "${var.project}-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
}"#,
        // An environment variable with a fixed default is fixed.
        r#"variable "environment" {
  default = "dev"
}
resource "aws_sqs_queue" "jobs" {
  name = "jobs-${var.environment}"
}"#,
        // The account id tells accounts apart, not deployments in one account.
        r#"data "aws_caller_identity" "current" {}
resource "aws_s3_bucket" "logs" {
  bucket = "logs-${data.aws_caller_identity.current.account_id}"
}"#,
        // Through a local, with count: every instance is fixed.
        r#"locals {
  prefix = "app"
}
resource "aws_cloudwatch_log_group" "svc" {
  count = 2
  name  = "/${local.prefix}/svc-${count.index}"
}"#,
        // A security group in the default VPC.
        r#"resource "aws_security_group" "web" {
  name = "web-sg"
}"#,
        // Repeating another resource's fixed name.
        r#"resource "aws_iam_role" "app" {
  name               = "app-role"
  assume_role_policy = "{}"
}
resource "aws_iam_instance_profile" "app" {
  name = "${aws_iam_role.app.name}-profile"
  role = aws_iam_role.app.name
}"#,
        r#"resource "aws_lb" "public" {
  name = "a-load-balancer-with-a-very-long-name"
}"#,
        r#"resource "aws_sqs_queue" "orders" {
  name       = "orders.fifo"
  fifo_queue = true
}"#,
        r#"resource "aws_kms_alias" "app" {
  name          = "alias/app"
  target_key_id = aws_kms_key.app.key_id
}"#,
        r#"resource "aws_lambda_function" "api" {
  function_name = "api-handler"
  role          = aws_iam_role.app.arn
}
resource "aws_cloudwatch_log_group" "api" {
  name = "/aws/lambda/api-handler"
}"#,
        // A security group in a VPC this configuration creates: its replacement collides.
        r#"resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_security_group" "web" {
  name   = "web-sg"
  vpc_id = aws_vpc.main.id
}"#,
    ];

    /// Each snippet is unique per deployment, exempt, or not a scoped name.
    const PASS: &[&str] = &[
        r#"resource "random_id" "suffix" {
  byte_length = 4
}
resource "aws_s3_bucket" "logs" {
  bucket = "app-logs-${random_id.suffix.hex}"
}"#,
        r#"resource "random_string" "s" {
  length  = 6
  special = false
  upper   = false
}
locals {
  suffix = random_string.s.result
}
resource "aws_iam_role" "app" {
  name               = "app-role-${local.suffix}"
  assume_role_policy = "{}"
}"#,
        r#"resource "random_pet" "p" {}
resource "aws_sns_topic" "alerts" {
  name = format("alerts-%s", random_pet.p.id)
}"#,
        r#"variable "environment_suffix" {
  type = string
}
resource "aws_dynamodb_table" "orders" {
  name     = "orders-${var.environment_suffix}"
  hash_key = "id"
}"#,
        r#"resource "aws_sqs_queue" "jobs" {
  name = "jobs-${terraform.workspace}"
}"#,
        r#"resource "aws_iam_role" "app" {
  name_prefix        = "app-role-"
  assume_role_policy = "{}"
}"#,
        r#"resource "aws_s3_bucket" "logs" {
  bucket_prefix = "app-logs-"
}"#,
        // No name: Terraform generates one.
        r#"resource "aws_s3_bucket" "logs" {}
resource "aws_security_group" "web" {
  description = "web"
}"#,
        // The lock table and state bucket repeated by the backend.
        r#"terraform {
  backend "s3" {
    bucket         = "tf-state-shop"
    key            = "shop.tfstate"
    region         = "us-east-1"
    dynamodb_table = "tf-locks"
  }
}
resource "aws_dynamodb_table" "locks" {
  name         = "tf-locks"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"
}
resource "aws_s3_bucket" "state" {
  bucket = "tf-state-shop"
}"#,
        // Log groups whose names AWS derives.
        r#"resource "aws_lambda_function" "api" {
  function_name = "api-${random_id.s.hex}"
  role          = "r"
}
resource "random_id" "s" {
  byte_length = 4
}
resource "aws_cloudwatch_log_group" "api" {
  name = "/aws/lambda/${aws_lambda_function.api.function_name}"
}
resource "aws_cloudwatch_log_group" "exec" {
  name = "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.a.id}/prod"
}"#,
        // Names that need not be unique between deployments.
        r#"resource "aws_iam_role_policy" "p" {
  name   = "inline"
  role   = aws_iam_role.app.id
  policy = "{}"
}
resource "aws_route53_record" "www" {
  name    = "www.example.com"
  zone_id = "Z1"
  type    = "A"
}"#,
        // An explicit null name.
        r#"resource "aws_sqs_queue" "q" {
  name = null
}"#,
        r#"resource "aws_s3_bucket" "logs" {
  # tfgrade:ignore TFG401 a single shared bucket on purpose
  bucket = "app-logs"
}"#,
    ];

    /// Each snippet's name holds a value the code cannot know: an info note, not a finding.
    const NOTE: &[&str] = &[
        r#"variable "bucket_name" {
  type = string
}
resource "aws_s3_bucket" "b" {
  bucket = var.bucket_name
}"#,
        r#"resource "aws_security_group" "web" {
  name   = "web-${aws_vpc.main.id}"
  vpc_id = data.aws_vpc.default.id
}"#,
        r#"resource "aws_sqs_queue" "q" {
  name = "q-${data.aws_partition.current.partition}"
}"#,
    ];

    #[test]
    fn fails() {
        assert_reports(CODE, FAIL);
    }

    #[test]
    fn passes() {
        for (i, tf) in PASS.iter().enumerate() {
            let found = codes(tf);
            assert!(
                !found.contains(&CODE),
                "PASS[{i}] reported: {found:?}\n{tf}"
            );
            assert!(!notes(tf).contains(&CODE), "PASS[{i}] noted\n{tf}");
        }
    }

    #[test]
    fn unknown_names_are_noted_once() {
        for (i, tf) in NOTE.iter().enumerate() {
            assert!(!codes(tf).contains(&CODE), "NOTE[{i}] reported\n{tf}");
            assert_eq!(
                notes(tf).iter().filter(|c| **c == CODE).count(),
                1,
                "NOTE[{i}]\n{tf}"
            );
        }
    }

    #[test]
    fn docs_example_fails_and_use_instead_passes() {
        hcl_edit::parser::parse_body(CHECK.docs.example).expect("example parses");
        hcl_edit::parser::parse_body(CHECK.docs.use_instead).expect("use_instead parses");
        let found: Vec<_> = codes(CHECK.docs.example)
            .into_iter()
            .filter(|c| *c == CODE)
            .collect();
        assert_eq!(found, [CODE, CODE], "the example reports both names");
        assert!(!codes(CHECK.docs.use_instead).contains(&CODE));
    }

    #[test]
    fn fixes_reach_a_fixed_point() {
        for tf in FAIL {
            fixed(tf, CODE);
        }
    }

    fn messages(tf: &str) -> Vec<String> {
        let graded = grade(vec![InputFile::new("main.tf", tf)], &Default::default());
        graded
            .findings
            .iter()
            .filter(|f| f.code == CODE)
            .map(|f| format!("[{}] {}", f.resource.as_deref().unwrap_or("-"), f.message))
            .collect()
    }

    #[test]
    fn alarms_are_taken_over_and_config_recorders_are_shared() {
        let tf = r#"resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "app-cpu-high"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 60
  statistic           = "Average"
  threshold           = 80
}

resource "aws_config_configuration_recorder" "main" {
  name     = "default"
  role_arn = "arn:aws:iam::123456789012:role/config"
}
"#;
        let graded = grade(vec![InputFile::new("main.tf", tf)], &Default::default());
        let found: Vec<_> = graded.findings.iter().filter(|f| f.code == CODE).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].resource.as_deref(),
            Some("aws_cloudwatch_metric_alarm.cpu")
        );
        assert_eq!(found[0].severity, crate::Severity::Low);
        assert!(
            found[0].message.contains("takes this one over"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn messages_name_the_name_its_scope_and_origin() {
        insta::assert_snapshot!(
            [FAIL[1], FAIL[3], FAIL[4], FAIL[5], FAIL[6], NOTE[0]]
                .iter()
                .flat_map(|tf| messages(tf))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    #[test]
    fn one_random_id_serves_every_name() {
        let tf = r#"terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

# Application logs.
resource "aws_s3_bucket" "logs" {
  bucket = "app-logs"
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
}

resource "aws_iam_role" "app" {
  name               = "app-role"
  assume_role_policy = "{}"
}
"#;
        insta::assert_snapshot!(fixed(tf, CODE));
    }

    #[test]
    fn an_existing_random_id_is_reused() {
        let tf = r#"resource "random_id" "bucket" {
  byte_length = 2
}
resource "aws_s3_bucket" "logs" {
  bucket = "logs-${random_id.bucket.hex}"
}
resource "aws_sns_topic" "alerts" {
  name = "alerts"
}
"#;
        let out = fixed(tf, CODE);
        assert!(
            out.contains(r#"name = "alerts-${random_id.bucket.hex}""#),
            "{out}"
        );
        assert_eq!(out.matches("resource \"random_id\"").count(), 1, "{out}");
    }

    #[test]
    fn long_names_are_cut_to_the_limit() {
        let out = fixed(FAIL[8], CODE);
        // 32 characters for a load balancer: prefix of 6 is too short, so a suffix.
        assert!(
            out.contains(r#"name = "a-load-balancer-with-a-${random_id.suffix.hex}""#),
            "{out}"
        );
        let graded = grade(
            vec![InputFile::new("main.tf", FAIL[8])],
            &Default::default(),
        );
        let finding = graded.findings.iter().find(|f| f.code == CODE).unwrap();
        let note = finding.fix.as_ref().unwrap().note.clone().unwrap();
        assert!(note.contains("cut to `a-load-balancer-with-a`"), "{note}");
    }

    #[test]
    fn fifo_names_keep_their_suffix_last() {
        let out = fixed(FAIL[9], CODE);
        assert!(
            out.contains(r#"name       = "orders-${random_id.suffix.hex}.fifo""#),
            "{out}"
        );
    }

    #[test]
    fn security_groups_and_iam_get_a_prefix_keeping_alignment() {
        let out = fixed(FAIL[1], CODE);
        assert!(out.contains(r#"name_prefix        = "app-role-""#), "{out}");
        assert!(!out.contains("random_id"), "{out}");
        let out = fixed(FAIL[6], CODE);
        assert!(out.contains(r#"name_prefix = "web-sg-""#), "{out}");
    }

    #[test]
    fn a_security_group_given_a_prefix_is_created_before_the_old_is_destroyed() {
        let sg = |lifecycle: &str| {
            format!(
                "resource \"aws_security_group\" \"web\" {{\n  name   = \"web-sg\"\n  vpc_id = \"vpc-1\"\n{lifecycle}}}\n"
            )
        };
        assert_eq!(
            fixed(&sg(""), CODE),
            "resource \"aws_security_group\" \"web\" {\n  name_prefix = \"web-sg-\"\n  vpc_id = \"vpc-1\"\n\n  lifecycle {\n    create_before_destroy = true\n  }\n}\n"
        );
        // A `lifecycle` that is there gets the setting.
        let out = fixed(
            &sg("\n  lifecycle {\n    ignore_changes = [tags]\n  }\n"),
            CODE,
        );
        assert!(
            out.contains("    ignore_changes        = [tags]\n    create_before_destroy = true\n"),
            "{out}"
        );
        // One that says it already, or says otherwise, is left as written.
        for setting in ["true", "false"] {
            let tf = sg(&format!(
                "\n  lifecycle {{\n    create_before_destroy = {setting}\n  }}\n"
            ));
            let out = fixed(&tf, CODE);
            assert_eq!(out.matches("create_before_destroy").count(), 1, "{out}");
        }
    }

    #[test]
    fn a_lambda_log_group_follows_the_new_function_name() {
        let out = fixed(FAIL[11], CODE);
        assert!(
            out.contains(r#"name = "/aws/lambda/${aws_lambda_function.api.function_name}""#),
            "{out}"
        );
    }

    #[test]
    fn a_repeated_name_is_fixed_with_the_name_it_repeats() {
        let graded = grade(
            vec![InputFile::new("main.tf", FAIL[7])],
            &Default::default(),
        );
        let profile = graded
            .findings
            .iter()
            .find(|f| {
                f.code == CODE && f.resource.as_deref() == Some("aws_iam_instance_profile.app")
            })
            .expect("the profile is reported");
        let fix = profile.fix.as_ref().unwrap();
        assert_eq!(fix.applicability, crate::Applicability::DisplayOnly);
        assert!(fix.title.contains("aws_iam_role.app"), "{}", fix.title);
    }
}
