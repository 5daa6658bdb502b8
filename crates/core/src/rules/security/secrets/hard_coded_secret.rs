//! TFG650 `hard-coded-secret`.
//!
//! Secrets are never shown: messages, traces and fix titles carry at most the first two
//! characters of a value and its length (`"hu****" (12 characters)`).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};
use hcl_edit::visit::{Visit, visit_expr};

use super::secret_values::{
    access_key_id, looks_like_a_value, mask, names_a_password, names_a_secret, private_key, words,
};
use crate::analysis::Analyzed;
use crate::analysis::instances::targets;
use crate::analysis::provenance::trace_of;
use crate::analysis::references::referenced_names;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::Configuration;
use crate::edit::attribute_removal;
use crate::edit::{indent_at, line_start};
use crate::eval::{Origin, Scope, Value, ViaKind};
use crate::finding::{Advice, Applicability, Category, Edit, Family, Finding, Fix, Severity};
use crate::submission::UnitId;

pub static CHECK: Check = Check {
    code: "TFG650",
    name: "hard-coded-secret",
    family: Family::Security,
    severity: Severity::Critical,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: true,
    docs: CheckDocs {
        what: "Finds secrets written in the code: literal values of secret-bearing \
               arguments (database and cluster master passwords, ElastiCache `auth_token`, \
               OpenSearch master user passwords, Amazon MQ user passwords, \
               `aws_secretsmanager_secret_version.secret_string`, `SecureString` SSM \
               parameters, secret-named Lambda environment variables, the AWS provider's \
               `access_key`, `secret_key` and `token`), followed through variables, locals \
               and auto-loaded .tfvars; defaults of variables and values of locals whose \
               name says password, secret, token, API key or private key; and anywhere in a \
               string, AWS access key ids (`AKIA…`, `ASIA…`) and PEM private keys. \
               References (`random_password.db.result`, a secrets manager data source, a \
               variable without default, `manage_master_user_password = true`) are the \
               right way and are not reported. Values are masked in every message.",
        why: "A secret in the code is in every clone, every CI log that prints the plan, \
              the state file and the version history, for good: removing it later does not \
              un-leak it. Whoever reads the repository can log in to the database or call \
              the API.",
        example: r#"resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = "SuperSecret123!"
}"#,
        use_instead: r#"resource "random_password" "db" {
  length  = 24
  special = true
}

resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = random_password.db.result
}

# Or let RDS create and rotate the password in Secrets Manager:
resource "aws_db_instance" "managed" {
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
}"#,
        fix: "Unsafe, and only where the replacement is mechanical. A password that the \
              system itself sets (database, cache, broker, search domain) becomes the result \
              of a new `random_password` resource (hashicorp/random), so the next apply \
              changes it. A credential issued elsewhere (an API key, a token, a \
              `SecureString`) becomes a new sensitive variable without default. A variable's \
              default is removed and the variable marked `sensitive`: it becomes required. \
              Literal provider credentials are removed, so the provider reads the standard \
              credential chain. Values set in .tfvars files and keys found inside other \
              strings get advice only. In every case, rotate the secret: it stays in the \
              history.",
        limitations: "Secrets are recognised by where they are used and by name: a \
                      literal that reaches none of the arguments listed, in a variable or \
                      local not named as a secret (password, secret, token, API key, \
                      private key), is not found, unless it is an AWS access key id or a \
                      PEM private key. Empty values, keywords such as `optional`, ARNs, \
                      URLs, `{{resolve:...}}` references and AWS's documentation keys \
                      ending in `EXAMPLE` are not reported, nor are the credentials of a \
                      `provider \"aws\"` whose every endpoint is a local address (an \
                      emulator such as LocalStack, which they do not open).",
    },
    run: Run::Configuration(run),
};

/// How a hard-coded secret is replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Replacement {
    /// A password the system sets itself: the result of a new `random_password`.
    Generated,
    /// A credential issued elsewhere: a new sensitive variable without default.
    Input,
}

/// An argument that holds a secret: the resource type, the nested blocks leading to it,
/// the attribute, and how a literal is replaced. Kept here until the shared table of
/// resource-type facts takes it over.
struct SecretArgument {
    kind: &'static str,
    blocks: &'static [&'static str],
    attribute: &'static str,
    replacement: Replacement,
}

const fn argument(
    kind: &'static str,
    blocks: &'static [&'static str],
    attribute: &'static str,
    replacement: Replacement,
) -> SecretArgument {
    SecretArgument {
        kind,
        blocks,
        attribute,
        replacement,
    }
}

const SECRET_ARGUMENTS: &[SecretArgument] = &[
    argument("aws_db_instance", &[], "password", Replacement::Generated),
    argument(
        "aws_rds_cluster",
        &[],
        "master_password",
        Replacement::Generated,
    ),
    argument(
        "aws_docdb_cluster",
        &[],
        "master_password",
        Replacement::Generated,
    ),
    argument(
        "aws_redshift_cluster",
        &[],
        "master_password",
        Replacement::Generated,
    ),
    argument(
        "aws_redshiftserverless_namespace",
        &[],
        "admin_user_password",
        Replacement::Generated,
    ),
    argument(
        "aws_elasticache_replication_group",
        &[],
        "auth_token",
        Replacement::Generated,
    ),
    argument(
        "aws_opensearch_domain",
        &["advanced_security_options", "master_user_options"],
        "master_user_password",
        Replacement::Generated,
    ),
    argument(
        "aws_elasticsearch_domain",
        &["advanced_security_options", "master_user_options"],
        "master_user_password",
        Replacement::Generated,
    ),
    argument(
        "aws_mq_broker",
        &["user"],
        "password",
        Replacement::Generated,
    ),
];

/// Characters every service above accepts in a password (ElastiCache allows the fewest).
const GENERATED_PASSWORD: &str = "  length           = 24
  special          = true
  override_special = \"!#$^&<>-\"
  min_upper        = 1
  min_lower        = 1
  min_numeric      = 1
  min_special      = 1";

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    let mut sites = Sites::default();
    secret_arguments(config, &mut sites);
    secrets_manager_versions(config, &mut sites);
    secure_parameters(config, &mut sites);
    lambda_environments(config, &mut sites);
    provider_credentials(config, &mut sites);
    secret_variables(config, &mut sites);
    secret_locals(config, &mut sites);
    key_patterns(config, &mut sites);
    out.extend(sites.into_findings(config));
}

/// What kind of secret a site holds, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A password, token or key found by where it is written.
    Credential,
    AccessKeyId,
    PrivateKey,
}

/// What a fix does to one site.
#[derive(Debug, Clone)]
enum Remedy {
    /// Replace the literal at `range` with a reference to a new resource or variable.
    Replace {
        unit: UnitId,
        range: Range<usize>,
        replacement: Replacement,
        hint: String,
    },
    /// Remove the variable's default and mark it sensitive.
    RemoveDefault(String),
    /// Remove the attribute (provider credentials).
    DeleteAttribute(UnitId, Range<usize>),
    /// No mechanical fix; the advice says what to do.
    Advice(String),
}

/// One hard-coded secret: where it is written and what holds it.
#[derive(Debug, Clone)]
struct Site {
    unit: UnitId,
    range: Range<usize>,
    secret: String,
    shape: Shape,
    /// Terraform address the finding is about.
    resource: String,
    /// "`aws_db_instance.main` argument `password`".
    subject: String,
    /// The value as evaluated, for the trace (None when found in the syntax).
    value: Option<Value>,
    remedy: Remedy,
}

#[derive(Default)]
struct Sites {
    sites: Vec<Site>,
}

impl Sites {
    /// Records a site once: the same literal reached twice (or a key found inside a
    /// literal already reported) is one secret.
    fn add(&mut self, site: Site) {
        let known = self.sites.iter().any(|s| {
            s.unit == site.unit && s.range.start < site.range.end && site.range.start < s.range.end
        });
        if !known {
            self.sites.push(site);
        }
    }
}

/// A value evaluated at an argument that holds a secret: a site when it is a non-empty
/// string known from the code. References (unknown values) are the right way.
#[allow(clippy::too_many_arguments)]
fn judge_value(
    config: &Configuration<'_>,
    sites: &mut Sites,
    unit: UnitId,
    value_range: Range<usize>,
    whole: bool,
    value: &Value,
    resource: &str,
    subject: String,
    replacement: Replacement,
    hint: String,
) {
    let Some(secret) = value.as_str() else {
        return;
    };
    if !looks_like_a_value(secret) {
        return;
    }
    let (unit, range, remedy) = match &value.origin {
        // Computed from literals (a function, a template): the expression is replaced whole
        // when it is the argument's own value.
        None if whole => (
            unit,
            value_range.clone(),
            Remedy::Replace {
                unit,
                range: value_range,
                replacement,
                hint,
            },
        ),
        None => (
            unit,
            value_range,
            Remedy::Advice("build the value from references instead of literals".to_owned()),
        ),
        Some(origin) => (
            origin.unit,
            origin.span.clone(),
            remedy_at_origin(config, origin, replacement, hint),
        ),
    };
    sites.add(Site {
        unit,
        range,
        secret: secret.to_owned(),
        shape: Shape::Credential,
        resource: resource.to_owned(),
        subject,
        value: Some(value.clone()),
        remedy,
    });
}

/// The remedy for a literal, by the way it reached its use.
fn remedy_at_origin(
    config: &Configuration<'_>,
    origin: &Origin,
    replacement: Replacement,
    hint: String,
) -> Remedy {
    let replace = || Remedy::Replace {
        unit: origin.unit,
        range: origin.span.clone(),
        replacement,
        hint: hint.clone(),
    };
    let Some(innermost) = origin.via.last() else {
        return replace();
    };
    match &innermost.kind {
        ViaKind::Local | ViaKind::Iteration => replace(),
        ViaKind::VariableDefault => {
            let name = innermost.address.trim_start_matches("var.");
            let whole_default = config
                .variables
                .get(name)
                .and_then(|item| item.block.body.get_attribute("default"))
                .and_then(|d| d.value.span())
                .is_some_and(|span| span == origin.span);
            if whole_default {
                Remedy::RemoveDefault(name.to_owned())
            } else {
                Remedy::Advice(format!(
                    "move the secret out of the default of `{}` and pass it at plan time",
                    innermost.address
                ))
            }
        }
        ViaKind::VariableFile(file) => Remedy::Advice(format!(
            "remove `{}` from {file} and pass it at plan time (`TF_VAR_{}`) or read it from a secrets manager; keep the file out of version control",
            innermost.address,
            innermost.address.trim_start_matches("var.")
        )),
    }
}

/// Resource arguments of the table, through nested and dynamic blocks.
fn secret_arguments(config: &Configuration<'_>, sites: &mut Sites) {
    for argument in SECRET_ARGUMENTS {
        for target in targets(config, &[argument.kind]) {
            let unit = target.unit();
            let resource = resource_label(config, &target);
            let mut bodies: Vec<(&Body, Scope)> = vec![(target.body(), target.scope.clone())];
            for ident in argument.blocks {
                bodies = bodies
                    .iter()
                    .flat_map(|(body, scope)| {
                        config
                            .blocks(unit, body, ident, scope)
                            .into_iter()
                            .map(|b| (b.body, b.scope))
                    })
                    .collect();
            }
            let path: Vec<&str> = argument
                .blocks
                .iter()
                .copied()
                .chain([argument.attribute])
                .collect();
            for (body, scope) in bodies {
                let Some(attr) = body.get_attribute(argument.attribute) else {
                    continue;
                };
                let value = config.eval(unit, &attr.value, &scope);
                judge_value(
                    config,
                    sites,
                    unit,
                    attr.value.span().unwrap_or(0..0),
                    true,
                    &value,
                    &resource,
                    format!("`{resource}` argument `{}`", path.join(".")),
                    argument.replacement,
                    format!("{}_{}", target.resource.name, argument.attribute),
                );
            }
        }
    }
}

/// `secret_string`: secret-named keys of a `jsonencode` object, or the whole literal.
fn secrets_manager_versions(config: &Configuration<'_>, sites: &mut Sites) {
    for target in targets(config, &["aws_secretsmanager_secret_version"]) {
        let unit = target.unit();
        let resource = resource_label(config, &target);
        let Some(attr) = target.body().get_attribute("secret_string") else {
            continue;
        };
        let range = attr.value.span().unwrap_or(0..0);
        if let Some(object) = jsonencode_argument(&attr.value) {
            let value = config.eval(unit, object, &target.scope);
            secret_entries(
                config,
                sites,
                unit,
                &range,
                &value,
                &resource,
                &format!("`{resource}` argument `secret_string` key"),
                target.resource.name,
            );
            continue;
        }
        let value = config.eval(unit, &attr.value, &target.scope);
        let is_json = value.as_str().is_some_and(|s| {
            serde_json::from_str::<serde_json::Value>(s).is_ok_and(|j| j.is_object())
        });
        if is_json {
            // A JSON text: replacing it whole would change its shape.
            if let (Some(secret), Some(origin)) = (value.as_str(), &value.origin) {
                sites.add(Site {
                    unit: origin.unit,
                    range: origin.span.clone(),
                    secret: secret.to_owned(),
                    shape: Shape::Credential,
                    resource: resource.clone(),
                    subject: format!("`{resource}` argument `secret_string`"),
                    value: Some(value.clone()),
                    remedy: Remedy::Advice(
                        "build the secret with `jsonencode` from references (`random_password.x.result`, a variable without default)".to_owned(),
                    ),
                });
            }
            continue;
        }
        judge_value(
            config,
            sites,
            unit,
            range,
            true,
            &value,
            &resource,
            format!("`{resource}` argument `secret_string`"),
            Replacement::Input,
            format!("{}_secret_string", target.resource.name),
        );
    }
}

/// The object a `jsonencode(...)` call encodes.
fn jsonencode_argument(expr: &Expression) -> Option<&Expression> {
    match expr {
        Expression::FuncCall(call) if call.name.name.as_str() == "jsonencode" => {
            call.args.iter().next()
        }
        Expression::Parenthesis(p) => jsonencode_argument(p.inner()),
        _ => None,
    }
}

/// Entries of a map (nested maps too) whose key names a secret and whose value is written
/// in the code.
#[allow(clippy::too_many_arguments)]
fn secret_entries(
    config: &Configuration<'_>,
    sites: &mut Sites,
    unit: UnitId,
    range: &Range<usize>,
    value: &Value,
    resource: &str,
    subject: &str,
    name: &str,
) {
    let Some(entries) = value.as_map() else {
        return;
    };
    for (key, entry) in entries {
        if entry.as_map().is_some() {
            secret_entries(config, sites, unit, range, entry, resource, subject, name);
            continue;
        }
        if !names_a_secret(key) {
            continue;
        }
        let replacement = if names_a_password(key) {
            Replacement::Generated
        } else {
            Replacement::Input
        };
        judge_value(
            config,
            sites,
            unit,
            range.clone(),
            false,
            entry,
            resource,
            format!("{subject} `{key}`"),
            replacement,
            format!("{name}_{}", key.to_ascii_lowercase()),
        );
    }
}

/// `aws_ssm_parameter` of type `SecureString`: its `value`.
fn secure_parameters(config: &Configuration<'_>, sites: &mut Sites) {
    for target in targets(config, &["aws_ssm_parameter"]) {
        let secure = target
            .setting(config, "type")
            .is_some_and(|s| s.value.as_str() == Some("SecureString"));
        let Some(attr) = target.body().get_attribute("value").filter(|_| secure) else {
            continue;
        };
        let resource = resource_label(config, &target);
        let value = config.eval(target.unit(), &attr.value, &target.scope);
        judge_value(
            config,
            sites,
            target.unit(),
            attr.value.span().unwrap_or(0..0),
            true,
            &value,
            &resource,
            format!("`{resource}` argument `value` (a `SecureString`)"),
            Replacement::Input,
            format!("{}_value", target.resource.name),
        );
    }
}

/// Lambda environment variables whose name says they hold a secret.
fn lambda_environments(config: &Configuration<'_>, sites: &mut Sites) {
    for target in targets(config, &["aws_lambda_function"]) {
        let unit = target.unit();
        let resource = resource_label(config, &target);
        for block in config.blocks(unit, target.body(), "environment", &target.scope) {
            let Some(attr) = block.body.get_attribute("variables") else {
                continue;
            };
            let value = config.eval(unit, &attr.value, &block.scope);
            let range = attr.value.span().unwrap_or(0..0);
            let Some(entries) = value.as_map() else {
                continue;
            };
            for (key, entry) in entries {
                if names_a_secret(key) {
                    judge_value(
                        config,
                        sites,
                        unit,
                        range.clone(),
                        false,
                        entry,
                        &resource,
                        format!("`{resource}` environment variable `{key}`"),
                        Replacement::Input,
                        format!("{}_{}", target.resource.name, key.to_ascii_lowercase()),
                    );
                }
            }
        }
    }
}

/// `provider "aws"` credentials written in the code.
fn provider_credentials(config: &Configuration<'_>, sites: &mut Sites) {
    for provider in &config.providers {
        if provider.block.labels.first().map(|l| l.as_str()) != Some("aws")
            || calls_a_local_emulator(config, provider.unit, provider.block)
        {
            continue;
        }
        let unit = provider.unit;
        for name in ["access_key", "secret_key", "token"] {
            let Some(attr) = provider.block.body.get_attribute(name) else {
                continue;
            };
            let value = config.eval(unit, &attr.value, &Scope::new());
            let Some(secret) = value.as_str().filter(|s| looks_like_a_value(s)) else {
                continue;
            };
            let value_range = attr.value.span().unwrap_or(0..0);
            let (site_unit, range, remedy) = match &value.origin {
                Some(origin) if !origin.via.is_empty() => (
                    origin.unit,
                    origin.span.clone(),
                    remedy_at_origin(config, origin, Replacement::Input, format!("aws_{name}")),
                ),
                Some(origin) => (
                    origin.unit,
                    origin.span.clone(),
                    attribute_removal(config.text(unit), attr)
                        .map_or(Remedy::Advice(String::new()), |line| {
                            Remedy::DeleteAttribute(unit, line)
                        }),
                ),
                None => (
                    unit,
                    value_range.clone(),
                    attribute_removal(config.text(unit), attr)
                        .map_or(Remedy::Advice(String::new()), |line| {
                            Remedy::DeleteAttribute(unit, line)
                        }),
                ),
            };
            sites.add(Site {
                unit: site_unit,
                range,
                secret: secret.to_owned(),
                shape: Shape::Credential,
                resource: "provider.aws".to_owned(),
                subject: format!("`provider \"aws\"` argument `{name}`"),
                value: Some(value.clone()),
                remedy,
            });
        }
    }
}

/// Whether every endpoint of a provider is a local address (`http://localhost:4566`): the
/// provider talks to an emulator such as LocalStack, whose credentials (`test`) open
/// nothing. An endpoint whose value cannot be known is not local.
fn calls_a_local_emulator(config: &Configuration<'_>, unit: UnitId, block: &Block) -> bool {
    const LOCAL_HOSTS: [&str; 5] = [
        "localhost",
        "127.0.0.1",
        "localstack",
        "host.docker.internal",
        "0.0.0.0",
    ];
    let mut endpoints = block
        .body
        .get_blocks("endpoints")
        .flat_map(|e| e.body.attributes())
        .peekable();
    endpoints.peek().is_some()
        && endpoints.all(|attr| {
            let value = config.eval(unit, &attr.value, &Scope::new());
            value.as_str().is_some_and(|url| {
                let host = url
                    .split("://")
                    .nth(1)
                    .unwrap_or(url)
                    .split(['/', ':'])
                    .next()
                    .unwrap_or("");
                LOCAL_HOSTS.contains(&host.to_ascii_lowercase().as_str())
            })
        })
}

/// Variables whose name says they hold a secret, with a literal default or a value in an
/// auto-loaded .tfvars file.
fn secret_variables(config: &Configuration<'_>, sites: &mut Sites) {
    for (name, item) in &config.variables {
        if !names_a_secret(name) {
            continue;
        }
        if let Some(default) = item.block.body.get_attribute("default") {
            let value = config.eval(item.unit, &default.value, &Scope::new());
            if let (Some(secret), Some(span)) = (
                value.as_str().filter(|s| looks_like_a_value(s)),
                default.value.span(),
            ) {
                sites.add(Site {
                    unit: item.unit,
                    range: span,
                    secret: secret.to_owned(),
                    shape: Shape::Credential,
                    resource: format!("var.{name}"),
                    subject: format!("the default of `var.{name}`"),
                    value: None,
                    remedy: Remedy::RemoveDefault((*name).to_owned()),
                });
            }
        }
        if let Some(set) = config.tfvars.get(name) {
            let value = config.eval(set.unit, &set.attr.value, &Scope::new());
            if let (Some(secret), Some(span)) = (
                value.as_str().filter(|s| looks_like_a_value(s)),
                set.attr.value.span(),
            ) {
                sites.add(Site {
                    unit: set.unit,
                    range: span,
                    secret: secret.to_owned(),
                    shape: Shape::Credential,
                    resource: format!("var.{name}"),
                    subject: format!("`var.{name}` in {}", set.file),
                    value: None,
                    remedy: Remedy::Advice(format!(
                        "remove `{name}` from {} and pass it at plan time (`TF_VAR_{name}`) or read it from a secrets manager; keep the file out of version control",
                        set.file
                    )),
                });
            }
        }
    }
}

/// Locals whose name says they hold a secret and whose value is written in the code.
fn secret_locals(config: &Configuration<'_>, sites: &mut Sites) {
    for (name, local) in &config.locals {
        if !names_a_secret(name) {
            continue;
        }
        let value = config.local(name);
        let replacement = if names_a_password(name) {
            Replacement::Generated
        } else {
            Replacement::Input
        };
        judge_value(
            config,
            sites,
            local.unit,
            local.attr.value.span().unwrap_or(0..0),
            true,
            &value,
            &format!("local.{name}"),
            format!("`local.{name}`"),
            replacement,
            (*name).to_owned(),
        );
    }
}

/// AWS access key ids and PEM private keys in any string of the configuration.
fn key_patterns(config: &Configuration<'_>, sites: &mut Sites) {
    let mut strings = Vec::new();
    for (unit, body) in &config.bodies {
        for block in body.blocks() {
            let holder = holder_of(block);
            if block.ident.as_str() == "locals" {
                for attr in block.body.attributes() {
                    collect_strings(
                        *unit,
                        &attr.value,
                        &format!("local.{}", attr.key.as_str()),
                        &mut strings,
                    );
                }
            } else {
                StringCollector {
                    unit: *unit,
                    holder: &holder,
                    out: &mut strings,
                }
                .visit_body(&block.body);
            }
        }
    }
    for (name, set) in &config.tfvars {
        collect_strings(
            set.unit,
            &set.attr.value,
            &format!("var.{name}"),
            &mut strings,
        );
    }
    for (unit, range, text, holder) in strings {
        let (secret, shape) = if let Some(key) = access_key_id(&text) {
            (key.to_owned(), Shape::AccessKeyId)
        } else if let Some(pem) = private_key(&text) {
            (pem.to_owned(), Shape::PrivateKey)
        } else {
            continue;
        };
        // The key itself when the source shows it as written (no escapes in between).
        let raw = config.text(unit).get(range.clone()).unwrap_or("");
        let within = match shape {
            Shape::PrivateKey => raw.find("-----BEGIN ").and_then(|start| {
                let end = raw.rfind("PRIVATE KEY-----")? + "PRIVATE KEY-----".len();
                (start < end).then_some(start..end)
            }),
            _ => raw.find(&secret).map(|start| start..start + secret.len()),
        };
        let range = within.map_or(range.clone(), |w| {
            range.start + w.start..range.start + w.end
        });
        let advice = match shape {
            Shape::PrivateKey => {
                "generate the key where it is used (`tls_private_key`, AWS Certificate Manager) or read it from a secrets manager"
            }
            _ => "remove the key; give the workload an IAM role instead, and deactivate the key",
        };
        sites.add(Site {
            unit,
            range,
            secret,
            shape,
            resource: holder.clone(),
            subject: format!("a string in `{holder}`"),
            value: None,
            remedy: Remedy::Advice(advice.to_owned()),
        });
    }
}

impl Sites {
    fn into_findings(self, config: &Configuration<'_>) -> Vec<Finding> {
        let plan = Plan::new(config, &self.sites);
        self.sites
            .iter()
            .map(|site| {
                let length = site.secret.chars().count();
                let masked = mask(&site.secret);
                let what = match site.shape {
                    Shape::Credential => "is a hard-coded secret",
                    Shape::AccessKeyId => "holds an AWS access key id",
                    Shape::PrivateKey => "holds a PEM private key",
                };
                let via = site
                    .value
                    .as_ref()
                    .and_then(|v| v.origin.as_ref())
                    .map(|o| via_addresses(&o.via))
                    .unwrap_or_default();
                let trace = site
                    .value
                    .as_ref()
                    .map(|v| {
                        let hidden = Value::string(masked.trim_matches('"'));
                        trace_of(config, &hidden.with_origin(v.origin.clone()))
                    })
                    .unwrap_or_default();
                let mut alternatives = Vec::new();
                let fix = match &site.remedy {
                    Remedy::Advice(advice) => {
                        if !advice.is_empty() {
                            alternatives.push(Advice {
                                title: "keep the secret out of the code".to_owned(),
                                note: advice.clone(),
                                snippet: None,
                            });
                        }
                        None
                    }
                    remedy => plan.fix(config, site, remedy),
                };
                alternatives.push(Advice {
                    title: "rotate the secret".to_owned(),
                    note: "it is in the history of the code and in every copy of it: treat it as leaked".to_owned(),
                    snippet: None,
                });
                CHECK.finding(site.unit, site.range.clone(), format!(
                        "{} {what}: {masked} ({length} characters){via}",
                        site.subject
                    )).with_resource(site.resource.clone()).with_trace(trace).with_fix(fix).with_alternatives(alternatives)
            })
            .collect()
    }
}

/// ", via `local.db`, the default of `var.db_password`".
fn via_addresses(via: &[crate::eval::Via]) -> String {
    if via.is_empty() {
        return String::new();
    }
    let steps: Vec<String> = via
        .iter()
        .map(|v| match &v.kind {
            ViaKind::VariableDefault => format!("the default of `{}`", v.address),
            ViaKind::VariableFile(file) => format!("`{}` set in {file}", v.address),
            ViaKind::Local | ViaKind::Iteration => format!("`{}`", v.address),
        })
        .collect();
    format!(", via {}", steps.join(", "))
}

/// Where new declarations go: unit, offset, and whether after a block (resources) or
/// before it (variables).
type Place = (UnitId, usize, bool);

/// The new resources and variables the fixes add, shared by every site that holds the
/// same secret, and inserted once per block they follow or precede.
struct Plan {
    /// (replacement, secret) to the name of the new resource or variable.
    names: HashMap<(Replacement, String), String>,
    /// Name to the insertion edit that declares it (all declarations at that place).
    declarations: HashMap<String, Edit>,
    /// Variables that outputs show: marking them sensitive would fail the plan.
    shown_by_outputs: HashSet<String>,
}

impl Plan {
    fn new(config: &Configuration<'_>, sites: &[Site]) -> Self {
        let mut taken: HashSet<String> = config
            .resources_of("random_password")
            .map(|r| r.name.to_owned())
            .chain(config.variables.keys().map(|k| (*k).to_owned()))
            .collect();
        let mut names = HashMap::new();
        // A literal equal to a variable's removed default takes that variable.
        let mut variables: HashMap<&str, &str> = HashMap::new();
        for site in sites {
            if let Remedy::RemoveDefault(name) = &site.remedy {
                variables
                    .entry(site.secret.as_str())
                    .or_insert(name.as_str());
            }
        }
        let mut places: Vec<(Place, Vec<(String, String)>)> = Vec::new();
        for site in sites {
            let Remedy::Replace {
                unit,
                range,
                replacement,
                hint,
            } = &site.remedy
            else {
                continue;
            };
            let key = (*replacement, site.secret.clone());
            if names.contains_key(&key) {
                continue;
            }
            if let Some(variable) = variables.get(site.secret.as_str()) {
                names.insert(key, format!("var.{variable}"));
                continue;
            }
            let Some(block) = top_level_block(config, *unit, range.start) else {
                continue;
            };
            let name = unique_name(&identifier(hint), &mut taken);
            let text = config.text(*unit);
            let (place, declaration) = match replacement {
                Replacement::Generated => (
                    (*unit, block.span().map_or(0, |s| s.end), true),
                    format!(
                        "\n\nresource \"random_password\" \"{name}\" {{\n{GENERATED_PASSWORD}\n}}"
                    ),
                ),
                Replacement::Input => (
                    (*unit, comments_before(text, block), false),
                    format!(
                        "variable \"{name}\" {{\n  description = \"Secret for {}; set it at plan time (TF_VAR_{name}), never in code\"\n  type        = string\n  sensitive   = true\n}}\n\n",
                        site.subject.replace('"', "'").replace('`', "")
                    ),
                ),
            };
            match places.iter_mut().find(|(p, _)| *p == place) {
                Some((_, list)) => list.push((name.clone(), declaration)),
                None => places.push((place, vec![(name.clone(), declaration)])),
            }
            names.insert(key, name);
        }
        let mut declarations = HashMap::new();
        for ((unit, offset, _), list) in places {
            let content: String = list.iter().map(|(_, d)| d.as_str()).collect();
            for (name, _) in list {
                declarations.insert(name, Edit::insert(unit, offset, content.clone()));
            }
        }
        Plan {
            names,
            declarations,
            shown_by_outputs: variables_in_outputs(config),
        }
    }

    fn fix(&self, config: &Configuration<'_>, site: &Site, remedy: &Remedy) -> Option<Fix> {
        match remedy {
            Remedy::Replace {
                unit,
                range,
                replacement,
                ..
            } => {
                let name = self.names.get(&(*replacement, site.secret.clone()))?;
                if name.starts_with("var.") {
                    return Some(Fix {
                        title: format!("use `{name}`, whose default held the same secret"),
                        applicability: Applicability::Unsafe,
                        note: Some(format!(
                            "the value now comes from `{name}`, which becomes required: every plan must set it"
                        )),
                        edits: vec![Edit::replace(*unit, range.clone(), name.clone())],
                    });
                }
                let declaration = self.declarations.get(name)?.clone();
                Some(match replacement {
                    Replacement::Generated => Fix {
                        title: format!("use the result of a new `random_password.{name}`"),
                        applicability: Applicability::Unsafe,
                        note: Some(format!(
                            "adds `random_password.{name}` (hashicorp/random provider): the next apply sets a new, generated password, and whoever used the old one must read the new one (from the resource's state or a secret that stores it)"
                        )),
                        edits: vec![
                            Edit::replace(*unit, range.clone(), format!("random_password.{name}.result")),
                            declaration,
                        ],
                    },
                    Replacement::Input => Fix {
                        title: format!("read the secret from a new sensitive variable `{name}`"),
                        applicability: Applicability::Unsafe,
                        note: Some(format!(
                            "adds the required variable `{name}` (sensitive, no default): every plan must now set it, for example with `TF_VAR_{name}`"
                        )),
                        edits: vec![
                            Edit::replace(*unit, range.clone(), format!("var.{name}")),
                            declaration,
                        ],
                    },
                })
            }
            Remedy::RemoveDefault(name) => self.remove_default(config, name),
            Remedy::DeleteAttribute(unit, range) => Some(Fix {
                title: "remove the credential from the provider".to_owned(),
                applicability: Applicability::Unsafe,
                note: Some(
                    "the provider then takes credentials from the environment (`AWS_PROFILE`, `AWS_ACCESS_KEY_ID`, an SSO or instance role): whoever runs Terraform must have them, and they decide the account deployed to"
                        .to_owned(),
                ),
                edits: vec![Edit::delete(*unit, range.clone())],
            }),
            Remedy::Advice(_) => None,
        }
    }

    /// Removes a variable's default; marks it sensitive unless an output shows it.
    fn remove_default(&self, config: &Configuration<'_>, name: &str) -> Option<Fix> {
        let item = config.variables.get(name)?;
        let body = &item.block.body;
        let default = body.get_attribute("default")?;
        let text = config.text(item.unit);
        let line = attribute_removal(text, default)?;
        let sensitive = body.get_attribute("sensitive");
        let already_sensitive = sensitive.is_some_and(|s| {
            config.eval(item.unit, &s.value, &Scope::new()).as_bool() == Some(true)
        });
        let shown = self.shown_by_outputs.contains(name);
        // A `sensitive` that is there but not true is set, not written a second time.
        let mut edits = Vec::new();
        if let Some(s) = sensitive.filter(|_| !already_sensitive && !shown) {
            edits.push(Edit::replace(item.unit, s.value.span()?, "true".to_owned()));
        }
        let content = if already_sensitive || shown || sensitive.is_some() {
            String::new()
        } else if line.start == line_start(text, line.start)
            && text
                .get(line.start..default.span()?.start)?
                .trim()
                .is_empty()
        {
            // Keep the `=` where the default had it.
            let indent = indent_at(text, line.start);
            let equals = text
                .get(line.start..default.value.span()?.start)?
                .find('=')?;
            let pad = equals
                .saturating_sub(indent.len() + "sensitive".len())
                .max(1);
            format!("{indent}sensitive{}= true\n", " ".repeat(pad))
        } else {
            "sensitive = true".to_owned()
        };
        let mut note = format!(
            "`var.{name}` becomes required: every plan must now set it, for example with `TF_VAR_{name}` or from a secrets manager"
        );
        if shown {
            note.push_str(&format!(
                "; an output shows `var.{name}`, so it is not marked `sensitive` here: mark that output `sensitive = true` too"
            ));
        }
        Some(Fix {
            title: if content.is_empty() && edits.is_empty() {
                format!("remove the default of `var.{name}`")
            } else {
                format!("remove the default of `var.{name}` and mark it sensitive")
            },
            applicability: Applicability::Unsafe,
            note: Some(note),
            edits: {
                edits.push(Edit::replace(item.unit, line, content));
                edits
            },
        })
    }
}

/// The top-level block of `unit` that holds `offset`.
fn top_level_block<'a>(
    config: &Configuration<'a>,
    unit: UnitId,
    offset: usize,
) -> Option<&'a Block> {
    config
        .bodies
        .iter()
        .filter(|(u, _)| *u == unit)
        .flat_map(|(_, body)| body.blocks())
        .find(|b| b.span().is_some_and(|s| s.contains(&offset)))
}

/// Where a block starts, comment lines above it included, so that an insertion keeps
/// them with their block.
fn comments_before(text: &str, block: &Block) -> usize {
    let mut start = line_start(text, block.span().map_or(0, |s| s.start));
    while start > 0 {
        let previous = line_start(text, start - 1);
        let line = text.get(previous..start).unwrap_or("").trim();
        if line.starts_with('#') || line.starts_with("//") {
            start = previous;
        } else {
            break;
        }
    }
    start
}

/// Variables whose value some output shows.
fn variables_in_outputs(config: &Configuration<'_>) -> HashSet<String> {
    let mut found = HashSet::new();
    for (_, body) in &config.bodies {
        for output in body.get_blocks("output") {
            let sensitive = output
                .body
                .get_attribute("sensitive")
                .is_some_and(|s| matches!(&s.value, Expression::Bool(b) if *b.value()));
            if let Some(value) = output.body.get_attribute("value").filter(|_| !sensitive) {
                found.extend(referenced_names(&value.value, "var"));
            }
        }
    }
    found
}

/// The address a finding on this resource names: with its instance key when the block
/// declares one instance, else the block's address (a literal is shared by all instances).
fn resource_label(
    config: &Configuration<'_>,
    target: &crate::analysis::instances::Target<'_, '_>,
) -> String {
    let instances = config.instances(target.unit(), target.block()).len();
    if instances == 1 {
        target.address.clone()
    } else {
        target.resource.address()
    }
}

/// What a top-level block is called in messages: `aws_instance.web`, `var.x`, ...
fn holder_of(block: &Block) -> String {
    let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
    match (block.ident.as_str(), labels.as_slice()) {
        ("resource", [kind, name]) => format!("{kind}.{name}"),
        ("data", [kind, name]) => format!("data.{kind}.{name}"),
        ("variable", [name]) => format!("var.{name}"),
        ("output", [name]) => format!("output.{name}"),
        ("module", [name]) => format!("module.{name}"),
        ("provider", [name]) => format!("provider.{name}"),
        (ident, _) => ident.to_owned(),
    }
}

/// A string written in the configuration: unit, range, text, holder.
type Written = (UnitId, Range<usize>, String, String);

fn collect_strings(unit: UnitId, expr: &Expression, holder: &str, out: &mut Vec<Written>) {
    StringCollector { unit, holder, out }.visit_expr(expr);
}

/// Collects quoted strings, and the literal text of templates and heredocs.
struct StringCollector<'o> {
    unit: UnitId,
    holder: &'o str,
    out: &'o mut Vec<Written>,
}

impl Visit for StringCollector<'_> {
    fn visit_expr(&mut self, expr: &Expression) {
        let text = match expr {
            Expression::String(s) => Some(s.value().clone()),
            Expression::StringTemplate(t) => Some(literal_text(t.iter())),
            Expression::HeredocTemplate(h) => Some(literal_text(h.template.iter())),
            _ => None,
        };
        if let (Some(text), Some(span)) = (text, expr.span()) {
            self.out
                .push((self.unit, span, text, self.holder.to_owned()));
        }
        visit_expr(self, expr);
    }
}

fn literal_text<'e>(elements: impl Iterator<Item = &'e hcl_edit::template::Element>) -> String {
    elements
        .filter_map(|e| match e {
            hcl_edit::template::Element::Literal(l) => Some(l.value().as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An identifier for a new resource or variable: lower-case letters, digits, `_`.
fn identifier(hint: &str) -> String {
    let mut out: String = words(hint).join("_");
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "secret_");
    }
    out
}

fn unique_name(base: &str, taken: &mut HashSet<String>) -> String {
    let mut name = base.to_owned();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

#[cfg(test)]
mod tests {

    use crate::rules::security::testing::{assert_reports, assert_silent, findings_of, fixed};

    const CODE: &str = super::CHECK.code;

    /// The secret every FAIL snippet holds; no output may show it.
    const SECRET: &str = "hunter2hunter2";

    const FAIL: &[&str] = &[
        r#"resource "aws_db_instance" "main" {
  engine   = "postgres"
  username = "app"
  password = "hunter2hunter2"
}"#,
        r#"variable "db_password" {
  type    = string
  default = "hunter2hunter2"
}
resource "aws_rds_cluster" "main" {
  engine          = "aurora-postgresql"
  master_username = "app"
  master_password = var.db_password
}"#,
        r#"locals {
  redis_auth = "hunter2hunter2"
}
resource "aws_elasticache_replication_group" "cache" {
  replication_group_id = "cache"
  description          = "cache"
  auth_token           = local.redis_auth
}"#,
        r#"resource "aws_opensearch_domain" "search" {
  domain_name = "search"
  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = true
    master_user_options {
      master_user_name     = "admin"
      master_user_password = "hunter2hunter2"
    }
  }
}"#,
        r#"resource "aws_mq_broker" "mq" {
  broker_name        = "mq"
  engine_type        = "ActiveMQ"
  engine_version     = "5.17.6"
  host_instance_type = "mq.t3.micro"
  user {
    username = "admin"
    password = "hunter2hunter2"
  }
}"#,
        r#"resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    username = "app"
    password = "hunter2hunter2"
  })
}"#,
        r#"resource "aws_ssm_parameter" "api" {
  name  = "/app/api-key"
  type  = "SecureString"
  value = "hunter2hunter2"
}"#,
        r#"provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAABCDEFGHIJKLMNOP"
  secret_key = "hunter2hunter2"
}"#,
        r#"variable "api_token" {
  default = "hunter2hunter2"
}"#,
        r#"resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  environment {
    variables = {
      STRIPE_API_KEY = "hunter2hunter2"
      TABLE          = "orders"
    }
  }
}"#,
        r#"resource "aws_instance" "web" {
  ami       = "ami-1"
  user_data = <<-EOT
    #!/bin/bash
    export AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP
  EOT
}"#,
        r#"resource "aws_redshift_cluster" "dw" {
  cluster_identifier = "dw"
  node_type          = "dc2.large"
  master_username    = "admin"
  master_password    = join("", ["hunter2", "hunter2"])
}"#,
    ];

    const PASS: &[&str] = &[
        r#"resource "random_password" "db" {
  length = 24
}
resource "aws_db_instance" "main" {
  username = "app"
  password = random_password.db.result
}"#,
        r#"data "aws_secretsmanager_secret_version" "db" {
  secret_id = "prod/db"
}
resource "aws_db_instance" "main" {
  username = "app"
  password = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["password"]
}"#,
        r#"variable "db_password" {
  type      = string
  sensitive = true
}
resource "aws_db_instance" "main" {
  username = "app"
  password = var.db_password
}"#,
        r#"resource "aws_db_instance" "main" {
  username                    = "app"
  manage_master_user_password = true
}"#,
        // Names that speak about a secret without holding one.
        r#"variable "db_secret_name" {
  default = "prod/db"
}
variable "password_length" {
  default = 24
}
variable "api_token_ssm_parameter" {
  default = "/prod/api/token"
}
locals {
  secret_arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:db"
}"#,
        r#"resource "aws_ssm_parameter" "endpoint" {
  name  = "/app/endpoint"
  type  = "String"
  value = "db.internal"
}"#,
        r#"resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    username = "app"
    password = random_password.db.result
  })
}"#,
        // A setting's keyword under a name that says token.
        r#"variable "imds_tokens" {
  default = "optional"
}"#,
        // The documentation's example key.
        r#"variable "doc" {
  description = "An access key id looks like AKIAIOSFODNN7EXAMPLE"
  type        = string
}"#,
    ];

    #[test]
    fn credentials_for_a_local_emulator_are_no_secret() {
        let provider = |endpoint: &str| {
            format!(
                "provider \"aws\" {{\n  region     = \"us-east-1\"\n  access_key = \"test\"\n  secret_key = \"test\"\n  skip_credentials_validation = true\n  endpoints {{\n    s3  = \"{endpoint}\"\n    sts = \"http://localhost:4566\"\n  }}\n}}\n"
            )
        };
        assert!(findings_of(&provider("http://localhost:4566"), CODE).is_empty());
        assert!(findings_of(&provider("http://127.0.0.1:4566/"), CODE).is_empty());
        // One endpoint in AWS (or unknown): the keys reach AWS.
        let remote = provider("https://s3.us-east-1.amazonaws.com");
        assert_eq!(findings_of(&remote, CODE).len(), 2, "{remote}");
    }

    #[test]
    fn fails() {
        assert_reports(CODE, FAIL);
    }

    #[test]
    fn passes() {
        assert_silent(CODE, PASS);
    }

    #[test]
    fn no_output_shows_the_secret() {
        for tf in FAIL {
            for finding in findings_of(tf, CODE) {
                let mut shown = vec![finding.message.clone()];
                shown.extend(finding.trace.clone());
                shown.extend(finding.alternatives.iter().map(|a| format!("{a:?}")));
                if let Some(fix) = &finding.fix {
                    shown.push(fix.title.clone());
                    shown.extend(fix.note.clone());
                    shown.extend(fix.edits.iter().map(|e| e.content.clone()));
                }
                for text in shown {
                    assert!(!text.contains(SECRET), "{text}");
                    assert!(!text.contains("AKIAABCDEFGHIJKLMNOP"), "{text}");
                }
            }
        }
    }

    #[test]
    fn fixes_reach_a_fixed_point() {
        for (i, tf) in FAIL.iter().enumerate() {
            // The key inside user_data has advice only.
            if i != 10 {
                fixed(tf, CODE);
            }
        }
    }

    #[test]
    fn a_resource_literal_becomes_a_random_password() {
        insta::assert_snapshot!(fixed(FAIL[0], CODE));
    }

    #[test]
    fn a_variable_default_is_removed_and_marked_sensitive() {
        insta::assert_snapshot!(fixed(FAIL[1], CODE));
    }

    #[test]
    fn a_sensitive_that_is_not_true_is_set_rather_than_repeated() {
        for value in ["false", "var.unknown_flag"] {
            let tf = format!(
                "variable \"db_password\" {{\n  type      = string\n  sensitive = {value}\n  default   = \"Sup3rS3cretPassw0rd\"\n}}\n"
            );
            let out = fixed(&tf, CODE);
            assert_eq!(
                out, "variable \"db_password\" {\n  type      = string\n  sensitive = true\n}\n",
                "from `sensitive = {value}`"
            );
        }
    }

    #[test]
    fn an_issued_credential_becomes_a_sensitive_variable() {
        insta::assert_snapshot!(fixed(FAIL[6], CODE));
    }

    #[test]
    fn a_json_secret_key_is_replaced_in_place() {
        insta::assert_snapshot!(fixed(FAIL[5], CODE));
    }

    #[test]
    fn messages_are_masked() {
        let messages: Vec<String> = FAIL
            .iter()
            .flat_map(|tf| findings_of(tf, CODE))
            .map(|f| {
                std::iter::once(f.message)
                    .chain(f.trace)
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect();
        insta::assert_snapshot!(messages.join("\n"));
    }

    #[test]
    fn the_same_secret_shares_one_generated_password() {
        let tf = r#"resource "aws_db_instance" "main" {
  username = "app"
  password = "hunter2hunter2"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    username = "app"
    password = "hunter2hunter2"
  })
}"#;
        let text = fixed(tf, CODE);
        assert_eq!(
            text.matches("resource \"random_password\"").count(),
            1,
            "{text}"
        );
        assert_eq!(
            text.matches("random_password.main_password.result").count(),
            2,
            "{text}"
        );
    }

    #[test]
    fn an_output_showing_the_variable_keeps_it_plain() {
        let tf = r#"variable "db_password" {
  default = "hunter2hunter2"
}
output "password" {
  value = var.db_password
}"#;
        let findings = findings_of(tf, CODE);
        let fix = findings[0].fix.as_ref().unwrap();
        assert!(fix.note.as_deref().unwrap().contains("output"));
        assert!(fix.edits.iter().all(|e| !e.content.contains("sensitive")));
    }
}
