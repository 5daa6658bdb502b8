//! State locking (RUBRIC.md 3.1): an S3 backend must lock its state, and a lock table in
//! the configuration must be fit for it.
//!
//! A backend is judged once per `terraform init` the submission shows: the `backend` block
//! alone, or the block completed by each backend configuration file (`*.tfbackend`) of
//! its directory ([`init_settings`]). Backend settings cannot use variables or references,
//! so their values are literals; anything else is reported as unknown.

pub mod backend_without_lock_setting;
pub mod local_state;
pub mod lock_table_not_on_demand;
pub mod lock_table_without_kms;
pub mod lock_table_without_pitr;
pub mod s3_backend_dynamodb_locking_deprecated;
pub mod s3_backend_without_locking;
pub mod state_policy_without_lock_permissions;

use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::structure::{Attribute, Block, Body, Structure};

use crate::config::{BackendFile, Config, Resource};
use crate::eval::{Scope, Value};
use crate::finding::{Advice, Edit, Finding, Severity};
use crate::paths::file_name;
use crate::rules::security::policy;
use crate::submission::UnitId;

/// The backend types Terraform knows (1.11), for telling which backend a
/// `NAME.TYPE.tfbackend` file is for.
const BACKEND_TYPES: &[&str] = &[
    "azurerm",
    "consul",
    "cos",
    "gcs",
    "http",
    "kubernetes",
    "local",
    "oss",
    "pg",
    "remote",
    "s3",
];

/// The first Terraform release with S3-native locking (`use_lockfile`): experimental in
/// 1.10, generally available since 1.11.
const LOCKFILE_SINCE: (u64, u64, u64) = (1, 10, 0);

/// A `backend "TYPE"` block of a `terraform` block.
#[derive(Debug, Clone, Copy)]
pub struct Backend<'a> {
    pub unit: UnitId,
    pub kind: &'a str,
    pub block: &'a Block,
}

impl Backend<'_> {
    /// `backend "s3"`, for messages.
    pub fn label(&self) -> String {
        format!("`backend \"{}\"`", self.kind)
    }
}

/// The backends of a configuration, in file order.
pub fn backends<'a>(config: &Config<'a>) -> Vec<Backend<'a>> {
    let mut out = Vec::new();
    for terraform in &config.terraform_blocks {
        for block in terraform.block.body.get_blocks("backend") {
            if let [label] = block.labels.as_slice() {
                out.push(Backend {
                    unit: terraform.unit,
                    kind: label.as_str(),
                    block,
                });
            }
        }
    }
    out
}

/// Whether the configuration uses HCP Terraform through a `cloud` block (which locks).
pub fn uses_cloud_block(config: &Config<'_>) -> bool {
    config
        .terraform_blocks
        .iter()
        .any(|t| t.block.body.has_blocks("cloud"))
}

/// A backend setting as one `terraform init` sees it.
#[derive(Debug, Clone)]
pub struct Setting<'a> {
    pub unit: UnitId,
    pub attr: &'a Attribute,
    pub value: Value,
    /// The backend configuration file that gives it, when not the block.
    pub file: Option<&'a str>,
}

impl Setting<'_> {
    /// The range of the setting's value.
    pub fn value_range(&self) -> Range<usize> {
        self.attr
            .value
            .span()
            .or_else(|| self.attr.span())
            .unwrap_or(0..0)
    }

    /// The setting as a string, when known and not null.
    pub fn known_str(&self) -> Option<&str> {
        self.value.as_str()
    }
}

/// The settings of a backend for one `terraform init`: the block's attributes, overridden
/// by those of one backend configuration file.
#[derive(Debug, Clone, Copy)]
pub struct InitSettings<'a> {
    pub backend: Backend<'a>,
    pub file: Option<BackendFile<'a>>,
}

impl<'a> InitSettings<'a> {
    pub fn get(&self, config: &Config<'a>, name: &str) -> Option<Setting<'a>> {
        let (unit, attr, file) = match self.file.and_then(|f| {
            f.body
                .get_attribute(name)
                .map(|a| (f.unit, a, Some(f.name)))
        }) {
            Some(found) => found,
            None => (
                self.backend.unit,
                self.backend.block.body.get_attribute(name)?,
                None,
            ),
        };
        let value = config.eval(unit, &attr.value, &Scope::new());
        if value.is_null() {
            return None;
        }
        Some(Setting {
            unit,
            attr,
            value,
            file,
        })
    }

    /// No setting at all: an empty partial configuration (`backend "s3" {}`) whose
    /// settings are all given at `terraform init`.
    pub fn is_empty(&self) -> bool {
        self.file.is_none() && self.backend.block.body.attributes().next().is_none()
    }

    /// Some settings the backend needs are missing from the code: the rest are given at
    /// `terraform init` with `-backend-config`.
    pub fn is_partial(&self, config: &Config<'a>, required: &[&str]) -> bool {
        required.iter().any(|name| self.get(config, name).is_none())
    }

    /// `backend "s3"` or `backend "s3"` with `prod.s3.tfbackend`, for messages.
    pub fn label(&self) -> String {
        match &self.file {
            Some(file) => format!("{} with `{}`", self.backend.label(), file_name(file.name)),
            None => self.backend.label(),
        }
    }
}

/// The `terraform init`s a backend can see: one per backend configuration file meant for
/// it, else the block alone.
pub fn init_settings<'a>(config: &Config<'a>, backend: Backend<'a>) -> Vec<InitSettings<'a>> {
    let files: Vec<InitSettings<'a>> = config
        .backend_files
        .iter()
        .filter(|f| backend_file_applies(f.name, backend.kind))
        .map(|&file| InitSettings {
            backend,
            file: Some(file),
        })
        .collect();
    if files.is_empty() {
        vec![InitSettings {
            backend,
            file: None,
        }]
    } else {
        files
    }
}

/// `prod.s3.tfbackend` is for the s3 backend only; `prod.tfbackend` for any.
fn backend_file_applies(path: &str, kind: &str) -> bool {
    let name = file_name(path).to_ascii_lowercase();
    let stem = name.strip_suffix(".tfbackend").unwrap_or(&name);
    match stem.rsplit_once('.') {
        Some((_, named)) if BACKEND_TYPES.contains(&named) => named == kind,
        _ => true,
    }
}

/// How an S3 backend locks its state for one `terraform init`.
#[derive(Debug, Clone)]
pub enum S3Lock<'a> {
    /// S3 lock files (`use_lockfile = true`), a DynamoDB table, or both.
    Locked {
        lockfile: bool,
        table: Option<Setting<'a>>,
    },
    /// No lock: neither setting, `use_lockfile = false`, or an empty table name.
    Unlocked {
        use_lockfile: Option<Setting<'a>>,
        dynamodb_table: Option<Setting<'a>>,
    },
    /// A setting's value cannot be known: the setting and why.
    Unknown(Setting<'a>, String),
    /// An empty partial configuration: every setting is given at `terraform init`.
    NotInCode,
}

pub fn s3_lock<'a>(config: &Config<'a>, settings: &InitSettings<'a>) -> S3Lock<'a> {
    if settings.is_empty() {
        return S3Lock::NotInCode;
    }
    let use_lockfile = settings.get(config, "use_lockfile");
    let dynamodb_table = settings.get(config, "dynamodb_table");
    let lockfile = match &use_lockfile {
        None => Ok(false),
        Some(s) => s.value.as_bool().ok_or(s),
    };
    let table = match &dynamodb_table {
        None => Ok(false),
        Some(s) => s.known_str().map(|name| !name.is_empty()).ok_or(s),
    };
    match (lockfile, table) {
        (Ok(true), _) | (_, Ok(true)) => S3Lock::Locked {
            lockfile: matches!(lockfile, Ok(true)),
            table: dynamodb_table.clone().filter(|_| matches!(table, Ok(true))),
        },
        (Err(s), _) => S3Lock::Unknown(s.clone(), unknown_reason(s, "a bool")),
        (_, Err(s)) => S3Lock::Unknown(s.clone(), unknown_reason(s, "a string")),
        (Ok(false), Ok(false)) => S3Lock::Unlocked {
            use_lockfile: use_lockfile.clone(),
            dynamodb_table: dynamodb_table.clone(),
        },
    }
}

/// Why a setting's value is not usable: unknown, or of the wrong type.
fn unknown_reason(setting: &Setting<'_>, expected: &str) -> String {
    match setting.value.unknown_reason() {
        Some(reason) => reason.to_owned(),
        None => format!(
            "`{}` is {} {}, not {expected}",
            setting.attr.key.as_str(),
            article(setting.value.type_name()),
            setting.value.type_name()
        ),
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Whether the configuration's `required_version` admits a Terraform with S3-native
/// locking. Constraints that cannot be read admit it.
pub fn lockfile_supported(config: &Config<'_>) -> bool {
    config.terraform_blocks.iter().all(|t| {
        t.block
            .body
            .get_attribute("required_version")
            .and_then(|a| {
                config
                    .eval(t.unit, &a.value, &Scope::new())
                    .as_str()
                    .map(admits_lockfile)
            })
            .unwrap_or(true)
    })
}

/// Whether a version constraint string (`">= 1.5, < 1.10"`) admits some Terraform release
/// at or after [`LOCKFILE_SINCE`]: only upper bounds can rule it out.
fn admits_lockfile(constraints: &str) -> bool {
    constraints.split(',').all(|constraint| {
        let c = constraint.trim();
        let (op, rest) = ["~>", ">=", "<=", "!=", ">", "<", "="]
            .iter()
            .find_map(|op| c.strip_prefix(op).map(|rest| (*op, rest)))
            .unwrap_or(("=", c));
        let Some((version, parts)) = parse_version(rest.trim()) else {
            return true;
        };
        match op {
            "<" => version > LOCKFILE_SINCE,
            "<=" | "=" => version >= LOCKFILE_SINCE,
            "~>" => {
                let upper = if parts >= 3 {
                    (version.0, version.1 + 1, 0)
                } else {
                    (version.0 + 1, 0, 0)
                };
                upper > LOCKFILE_SINCE
            }
            _ => true,
        }
    })
}

/// `1.9.5` as (1, 9, 5) and how many parts were written.
fn parse_version(text: &str) -> Option<((u64, u64, u64), usize)> {
    let core = text.trim_start_matches('v').split(['-', '+']).next()?;
    let parts: Vec<u64> = core
        .split('.')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let at = |i: usize| parts.get(i).copied().unwrap_or(0);
    (!parts.is_empty() && parts.len() <= 3).then(|| ((at(0), at(1), at(2)), parts.len()))
}

pub use crate::rules::security::block_edits::header_range;
use crate::rules::security::block_edits::{indent_at, line_start};

/// The offset just after the newline that ends the line holding `offset` (the text's end
/// when it is the last line).
fn next_line_start(text: &str, offset: usize) -> Option<usize> {
    text.get(offset..)?.find('\n').map(|i| offset + i + 1)
}

fn line_number(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count()
}

/// Where a block's body starts and ends (a file's top-level body has no braces).
#[derive(Debug, Clone, Copy)]
pub struct Braces {
    /// Just after `{`.
    pub open: usize,
    /// At `}`.
    pub close: usize,
}

/// The braces of a block, when its text has them where expected.
pub fn braces(text: &str, block: &Block) -> Option<Braces> {
    let span = block.span()?;
    let header_end = header_range(block).end;
    let open = header_end + text.get(header_end..span.end)?.find('{')? + 1;
    let close = span.end.checked_sub(1)?;
    (text.as_bytes().get(close) == Some(&b'}') && open <= close).then_some(Braces { open, close })
}

/// Edits adding `name = value` lines to `body`: after its last attribute that comes before
/// any block (else at the start of the body), indented like their neighbours and aligned
/// the way the neighbouring `=` signs are (`terraform fmt` style is kept by padding the
/// group when a new name is longer). Attributes named in `skip` are ignored (the same fix
/// deletes them). `None` when the body's layout leaves no line to add to (a block written
/// on one line).
pub fn add_attributes(
    text: &str,
    unit: UnitId,
    body: &Body,
    braces: Option<Braces>,
    new: &[(&str, &str)],
    skip: &[&str],
) -> Option<Vec<Edit>> {
    let mut attrs: Vec<&Attribute> = Vec::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => attrs.push(attr),
            Structure::Block(_) => break,
        }
    }
    let skipped = |attr: &Attribute| skip.contains(&attr.key.as_str());
    let close = braces.map_or(text.len(), |b| b.close);
    let mut edits = Vec::new();
    let (at, indent, group) = match attrs.iter().rposition(|a| !skipped(a)) {
        Some(anchor) => {
            let span = attrs[anchor].span()?;
            let at = next_line_start(text, span.end).unwrap_or(text.len());
            let indent = indent_at(text, span.start).to_owned();
            (at, indent, alignment_group(text, &attrs[..=anchor], skip))
        }
        None => {
            let (at, indent) = match braces {
                Some(b) => {
                    let at = next_line_start(text, b.open)?;
                    let first = body.iter().next().and_then(|s| s.span()).map(|s| s.start);
                    let indent = match first {
                        Some(start) => indent_at(text, start).to_owned(),
                        None => format!("{}  ", indent_at(text, b.open)),
                    };
                    (at, indent)
                }
                None => (text.len(), String::new()),
            };
            (at, indent, Vec::new())
        }
    };
    if at > close {
        return None;
    }
    let new_width = new.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    let mut column = indent.len() + new_width + 1;
    if let Some(group_column) = aligned_column(text, &group) {
        if group_column >= column {
            column = group_column;
        } else {
            for member in group.iter().filter(|m| !m.skipped) {
                edits.push(Edit::insert(
                    unit,
                    member.eq,
                    " ".repeat(column - group_column),
                ));
            }
        }
    }
    let mut lines = String::new();
    if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
        lines.push('\n');
    }
    for (name, value) in new {
        let pad = column.saturating_sub(indent.len() + name.len());
        lines.push_str(&format!(
            "{indent}{name}{}= {value}\n",
            " ".repeat(pad.max(1))
        ));
    }
    edits.push(Edit::insert(unit, at, lines));
    Some(edits)
}

/// An attribute of an alignment group.
struct GroupMember {
    start: usize,
    /// Offset of its `=`.
    eq: usize,
    /// Deleted by the same fix: counts for the alignment but is not padded.
    skipped: bool,
}

/// The single-line attributes on consecutive lines that end with the last of `attrs`.
fn alignment_group(text: &str, attrs: &[&Attribute], skip: &[&str]) -> Vec<GroupMember> {
    let mut group = Vec::new();
    let mut next_line: Option<usize> = None;
    for attr in attrs.iter().rev() {
        let Some(span) = attr.span() else { break };
        let (first, last) = (line_number(text, span.start), line_number(text, span.end));
        if first != last || next_line.is_some_and(|n| n != last + 1) {
            break;
        }
        let Some(key_end) = attr.key.span().map(|s| s.end) else {
            break;
        };
        let Some(eq) = text.get(key_end..span.end).and_then(|t| t.find('=')) else {
            break;
        };
        group.push(GroupMember {
            start: span.start,
            eq: key_end + eq,
            skipped: skip.contains(&attr.key.as_str()),
        });
        next_line = Some(first);
    }
    group
}

/// The column of the `=` signs of a group when they are aligned `terraform fmt` style.
fn aligned_column(text: &str, group: &[GroupMember]) -> Option<usize> {
    let columns: Vec<usize> = group
        .iter()
        .map(|m| m.eq - line_start(text, m.eq))
        .collect();
    let first = *columns.first()?;
    if columns.iter().any(|&c| c != first) {
        return None;
    }
    if let [only] = group {
        // One attribute: aligned when written `name = value`.
        let name_end = text[only.start..only.eq].trim_end().len() + only.start;
        return (only.eq == name_end + 1).then_some(first);
    }
    Some(first)
}

/// The indentation of a block body's lines.
pub fn body_indent(text: &str, body: &Body, braces: Braces) -> String {
    match body.iter().next().and_then(|s| s.span()) {
        Some(span) => indent_at(text, span.start).to_owned(),
        None => format!("{}  ", indent_at(text, braces.open)),
    }
}

/// Indents the lines of `block` (written at column 0) by `indent`.
pub fn indented(block: &str, indent: &str) -> String {
    block
        .lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                format!("{indent}{line}\n")
            }
        })
        .collect()
}

/// An edit adding a nested block as the last thing in a body, after a blank line. `None`
/// when the closing brace does not stand on its own line.
pub fn add_block_at_end(
    text: &str,
    unit: UnitId,
    body: &Body,
    braces: Braces,
    block: &str,
) -> Option<Edit> {
    let at = line_start(text, braces.close);
    if !text[at..braces.close].trim().is_empty() || at <= braces.open {
        return None;
    }
    let indent = body_indent(text, body, braces);
    Some(Edit::insert(
        unit,
        at,
        format!("\n{}", indented(block, &indent)),
    ))
}

/// An edit adding a nested block right after another block of the body, after a blank
/// line.
pub fn add_block_after(
    text: &str,
    unit: UnitId,
    after: &Block,
    body: &Body,
    braces: Braces,
    block: &str,
) -> Option<Edit> {
    let at = after.span()?.end;
    let indent = body_indent(text, body, braces);
    let content = indented(block, &indent);
    Some(Edit::insert(
        unit,
        at,
        format!("\n\n{}", content.trim_end_matches('\n')),
    ))
}

/// The edit that deletes an attribute: its whole line when it is alone on it.
pub fn delete_attribute(text: &str, unit: UnitId, attr: &Attribute) -> Option<Edit> {
    let span = attr.span()?;
    let start = line_start(text, span.start);
    let end = next_line_start(text, span.end).unwrap_or(text.len());
    let after = text[span.end..end].trim();
    let alone = text[start..span.start].trim().is_empty()
        && (after.is_empty() || after.starts_with('#') || after.starts_with("//"));
    Some(if alone {
        Edit::delete(unit, start..end)
    } else {
        Edit::delete(unit, span)
    })
}

/// An aws_dynamodb_table that serves as a state lock table: hash key `LockID`, or the
/// table an S3 backend of the configuration names.
#[derive(Debug, Clone)]
pub struct LockTable<'a> {
    pub resource: Resource<'a>,
    /// Address with the instance key: `aws_dynamodb_table.lock[0]`.
    pub address: String,
    pub scope: Scope,
}

pub fn lock_tables<'a>(config: &Config<'a>) -> Vec<LockTable<'a>> {
    let named: Vec<String> = backend_lock_table_names(config);
    let mut out = Vec::new();
    for resource in config.resources_of("aws_dynamodb_table") {
        for instance in config.instances(resource.unit, resource.block) {
            let get = |name: &str| {
                resource
                    .block
                    .body
                    .get_attribute(name)
                    .map(|a| config.eval(resource.unit, &a.value, &instance.scope))
            };
            let hash_key = get("hash_key");
            let name = get("name");
            let is_lock = hash_key.as_ref().and_then(Value::as_str) == Some("LockID")
                || name
                    .as_ref()
                    .and_then(Value::as_str)
                    .is_some_and(|n| named.iter().any(|t| t == n));
            if is_lock {
                out.push(LockTable {
                    resource: *resource,
                    address: format!("{}{}", resource.address(), instance.key),
                    scope: instance.scope,
                });
            }
        }
    }
    out
}

/// The lock table names the S3 backends of the configuration give.
fn backend_lock_table_names(config: &Config<'_>) -> Vec<String> {
    let mut names = Vec::new();
    for backend in backends(config).into_iter().filter(|b| b.kind == "s3") {
        for settings in init_settings(config, backend) {
            if let Some(name) = settings
                .get(config, "dynamodb_table")
                .and_then(|s| s.known_str().map(str::to_owned))
                .filter(|n| !n.is_empty())
            {
                names.push(name);
            }
        }
    }
    names
}

/// A finding about a lock table: severity, message and fix filled in by the check.
pub fn lock_table_finding(
    code: &'static str,
    table: &LockTable<'_>,
    range: Range<usize>,
    severity: Severity,
    message: String,
) -> Finding {
    Finding {
        code,
        unit: table.resource.unit,
        range,
        severity,
        resource: Some(table.address.clone()),
        message,
        trace: Vec::new(),
        unknown: false,
        fix: None,
        alternatives: Vec::new(),
        suppressed: None,
    }
}

/// An info note that a value a check needs cannot be known.
pub fn unknown_note(
    code: &'static str,
    unit: UnitId,
    range: Range<usize>,
    resource: Option<String>,
    message: String,
) -> Finding {
    Finding {
        code,
        unit,
        range,
        severity: Severity::Info,
        resource,
        message,
        trace: Vec::new(),
        unknown: true,
        fix: None,
        alternatives: Vec::new(),
        suppressed: None,
    }
}

/// The seed reviewer's DynamoDB lock table, shown as display-only advice.
pub fn dynamodb_lock_table_advice() -> Advice {
    Advice {
        title: "or lock with a DynamoDB table (`dynamodb_table`)".to_owned(),
        note: "`dynamodb_table` is deprecated since Terraform 1.11 in favour of `use_lockfile`. \
               The table must exist before `terraform init`, so it belongs in a bootstrap \
               configuration, not in the configuration whose backend uses it; and the \
               backend must name it as a literal (backend settings cannot use variables or \
               references)"
            .to_owned(),
        snippet: Some(DYNAMODB_LOCK_TABLE.to_owned()),
    }
}

const DYNAMODB_LOCK_TABLE: &str = r#"# In a bootstrap configuration, applied before this one's `terraform init`:
resource "aws_kms_key" "terraform_state_lock" {
  description         = "Encrypts the Terraform state lock table"
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "terraform_state_lock" {
  name         = "terraform-state-lock"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.terraform_state_lock.arn
  }

  point_in_time_recovery {
    enabled = true
  }
}

# In this configuration's backend, the table's name as a literal:
terraform {
  backend "s3" {
    # bucket, key, region ...
    dynamodb_table = "terraform-state-lock"
  }
}"#;

// ---------------------------------------------------------------------------------------
// The permissions state access and locking need, judged on the IAM checks' policy reader:
// only Allow statements, their actions and their resources.
// ---------------------------------------------------------------------------------------

/// An IAM identity policy of the configuration.
#[derive(Debug, Clone)]
pub struct LockPolicy {
    /// `aws_iam_policy.ci`, `data.aws_iam_policy_document.state`.
    pub address: String,
    pub unit: UnitId,
    /// The policy's text (the `policy` value, or the data source's header).
    pub range: Range<usize>,
    pub statements: Vec<AllowStatement>,
}

/// An Allow statement.
#[derive(Debug, Clone, Default)]
pub struct AllowStatement {
    pub actions: Vec<ActionPattern>,
    /// `NotAction`: allows every action but these.
    pub not_action: bool,
    pub resources: Vec<ResourcePattern>,
    /// `NotResource`: applies to every resource but these.
    pub not_resource: bool,
}

#[derive(Debug, Clone)]
pub struct ActionPattern {
    pub pattern: String,
    /// Where the action is written, when in the policy's own unit.
    pub range: Option<Range<usize>>,
}

#[derive(Debug, Clone)]
pub enum ResourcePattern {
    Known(String),
    /// Known only after apply: the resources the expression refers to.
    Unknown(Vec<String>),
}

/// What a permission must apply to: an ARN with `*` for unknown parts, and the resources
/// of the configuration whose (unknown) ARNs count as it.
#[derive(Debug, Clone)]
pub struct PolicyTarget {
    pub arn: String,
    pub resources: Vec<String>,
    /// Whether a resource known only after apply, referring to no resource of the
    /// configuration (a variable without a value), counts as this target.
    pub unknown_counts: bool,
}

impl AllowStatement {
    fn allows_action(&self, action: &str) -> Option<Option<Range<usize>>> {
        let matched = self.actions.iter().find(|a| {
            glob_intersects(
                &a.pattern.to_ascii_lowercase(),
                &action.to_ascii_lowercase(),
            )
        });
        match (self.not_action, matched) {
            (false, Some(a)) => Some(a.range.clone()),
            (true, None) => Some(None),
            _ => None,
        }
    }

    fn applies_to(&self, target: &PolicyTarget) -> bool {
        let matched = self.resources.iter().any(|r| match r {
            ResourcePattern::Known(pattern) => glob_intersects(pattern, &target.arn),
            ResourcePattern::Unknown(refs) => {
                if refs.iter().any(|r| target.resources.contains(r)) {
                    true
                } else {
                    target.unknown_counts && refs.is_empty()
                }
            }
        });
        matched != self.not_resource
    }
}

impl LockPolicy {
    /// Whether the policy allows `action` on `target`; with the range of the action that
    /// allows it, when known.
    pub fn allows(&self, action: &str, target: &PolicyTarget) -> Option<Option<Range<usize>>> {
        self.statements
            .iter()
            .filter(|s| s.applies_to(target))
            .find_map(|s| s.allows_action(action))
    }
}

/// Whether some string matches both globs (`*` any run, `?` any character).
pub fn glob_intersects(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    if (n + 1).saturating_mul(m + 1) > 4_000_000 {
        // Too long to compare exactly: assume they meet.
        return true;
    }
    let mut seen = vec![false; (n + 1) * (m + 1)];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, j)) = stack.pop() {
        if std::mem::replace(&mut seen[i * (m + 1) + j], true) {
            continue;
        }
        match (a.get(i), b.get(j)) {
            (None, None) => return true,
            (Some('*'), _) => {
                stack.push((i + 1, j));
                if j < m {
                    stack.push((i, j + 1));
                }
            }
            (_, Some('*')) => {
                stack.push((i, j + 1));
                if i < n {
                    stack.push((i + 1, j));
                }
            }
            (Some(x), Some(y)) if x == y || *x == '?' || *y == '?' => stack.push((i + 1, j + 1)),
            _ => {}
        }
    }
    false
}

/// The identity policies of a configuration as the lock checks need them: the Allow
/// statements without principals of every identity policy the IAM checks read
/// (`aws_iam_policy_document` data sources, `jsonencode`, heredoc or string JSON in IAM
/// policy resources and roles' `inline_policy` blocks). A `policy` that refers to a policy
/// document is read as that document.
pub fn read_lock_policies(config: &Config<'_>) -> Vec<LockPolicy> {
    policy::collect(config)
        .into_iter()
        .filter(|p| p.context == policy::Context::Identity)
        .filter_map(|p| {
            let policy::Content::Statements(statements) = &p.content else {
                return None;
            };
            let statements = statements
                .iter()
                .filter(|s| {
                    s.effect == policy::Effect::Allow
                        && s.principal.is_none()
                        && s.not_principal.is_none()
                })
                .filter_map(|s| allow_statement(&p, s))
                .collect();
            Some(LockPolicy {
                address: p.address(),
                unit: p.unit,
                range: p.fallback.clone(),
                statements,
            })
        })
        .collect()
}

/// An Allow statement's actions and resources; `None` when it names either neither way.
fn allow_statement(
    policy: &policy::Policy,
    statement: &policy::Statement,
) -> Option<AllowStatement> {
    let (actions, not_action) = match (&statement.action, &statement.not_action) {
        (Some(actions), _) => (actions, false),
        (None, Some(actions)) => (actions, true),
        (None, None) => return None,
    };
    let (resources, not_resource) = match (&statement.resource, &statement.not_resource) {
        (Some(resources), _) => (resources, false),
        (None, Some(resources)) => (resources, true),
        (None, None) => return None,
    };
    let actions = actions
        .iter()
        .filter_map(|leaf| {
            let pattern = leaf.text()?.to_owned();
            // Where the action is written, when it is written right there.
            let range = leaf
                .origin
                .as_ref()
                .filter(|o| o.unit == policy.unit && o.via.is_empty())
                .map(|o| o.span.clone())
                .or_else(|| leaf.at.clone());
            Some(ActionPattern { pattern, range })
        })
        .collect();
    let resources = resources
        .iter()
        .map(|leaf| match &leaf.value {
            policy::LeafValue::Text(text) => ResourcePattern::Known(text.trim().to_owned()),
            policy::LeafValue::Unknown(opaque) => {
                ResourcePattern::Unknown(opaque.references.clone())
            }
        })
        .collect();
    Some(AllowStatement {
        actions,
        not_action,
        resources,
        not_resource,
    })
}

/// Shared test helpers for the checks of this family.
#[cfg(test)]
pub(crate) mod testing {
    pub use crate::rules::testing::*;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_constraints_that_rule_out_s3_native_locking() {
        for admits in [
            "",
            ">= 1.5.0",
            "~> 1.5",
            ">= 1.11, < 2.0.0",
            "1.10.2",
            "~> 1.10.0",
            "!= 1.9.0",
            "latest",
        ] {
            assert!(admits_lockfile(admits), "{admits}");
        }
        for refuses in [
            "< 1.10",
            "<= 1.9.8",
            "~> 1.5.0",
            "1.9.5",
            "= 1.6.0",
            ">= 1.0, < 1.10.0",
            "~> 0.14",
        ] {
            assert!(!admits_lockfile(refuses), "{refuses}");
        }
    }

    #[test]
    fn globs_meet_when_some_string_matches_both() {
        assert!(glob_intersects(
            "arn:aws:s3:::state/*",
            "arn:aws:s3:::state/app.tfstate"
        ));
        assert!(glob_intersects("*", "arn:aws:dynamodb:*:*:table/lock"));
        assert!(glob_intersects(
            "arn:aws:dynamodb:us-east-1:123456789012:table/tf-*",
            "arn:aws:dynamodb:*:*:table/tf-lock"
        ));
        assert!(glob_intersects("s3:get*", "s3:getobject"));
        assert!(glob_intersects("s3:?etObject", "s3:GetObject"));
        assert!(!glob_intersects(
            "arn:aws:s3:::logs/*",
            "arn:aws:s3:::state/app.tfstate"
        ));
        assert!(!glob_intersects(
            "arn:aws:s3:::state",
            "arn:aws:s3:::state/app.tfstate"
        ));
        assert!(!glob_intersects("s3:ListBucket", "s3:GetObject"));
    }

    #[test]
    fn backend_files_apply_to_their_backend_type() {
        assert!(backend_file_applies("lib/prod.s3.tfbackend", "s3"));
        assert!(backend_file_applies("prod.tfbackend", "s3"));
        assert!(backend_file_applies("config.prod.tfbackend", "s3"));
        assert!(!backend_file_applies("prod.gcs.tfbackend", "s3"));
    }

    #[test]
    fn headers_end_after_the_labels() {
        let text = "# lock\nresource \"aws_dynamodb_table\" \"lock\" {\n  name = \"x\"\n}\n";
        let body = hcl_edit::parser::parse_body(text).unwrap();
        let block = body.blocks().next().unwrap();
        assert_eq!(
            &text[header_range(block)],
            "resource \"aws_dynamodb_table\" \"lock\""
        );
        let b = braces(text, block).unwrap();
        assert_eq!(&text[b.close..], "}\n");
    }

    fn added(text: &str, new: &[(&str, &str)]) -> String {
        let body = hcl_edit::parser::parse_body(text).unwrap();
        let block = body.blocks().next().unwrap();
        let edits =
            add_attributes(text, UnitId(0), &block.body, braces(text, block), new, &[]).unwrap();
        let mut out = text.to_owned();
        let mut edits = edits;
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        for e in edits {
            out.replace_range(e.range, &e.content);
        }
        out
    }

    #[test]
    fn added_attributes_follow_the_alignment_of_their_group() {
        // Aligned, and the new name fits: padded to the column.
        assert_eq!(
            added(
                "b {\n  bucket         = \"s\"\n  dynamodb_table = \"t\"\n}\n",
                &[("use_lockfile", "true")]
            ),
            "b {\n  bucket         = \"s\"\n  dynamodb_table = \"t\"\n  use_lockfile   = true\n}\n"
        );
        // Aligned, and the new name is longer: the group is padded too.
        assert_eq!(
            added(
                "b {\n  bucket = \"s\"\n  key    = \"k\"\n}\n",
                &[("use_lockfile", "true")]
            ),
            "b {\n  bucket       = \"s\"\n  key          = \"k\"\n  use_lockfile = true\n}\n"
        );
        // Not aligned: one space, nothing else touched. A trailing comment stays put.
        assert_eq!(
            added(
                "b {\n    bucket = \"s\"\n    key = \"k\" # the key\n}\n",
                &[("use_lockfile", "true")]
            ),
            "b {\n    bucket = \"s\"\n    key = \"k\" # the key\n    use_lockfile = true\n}\n"
        );
        // A blank line ends the group that is aligned.
        assert_eq!(
            added(
                "b {\n  region = \"r\"\n\n  key = \"k\"\n}\n",
                &[("use_lockfile", "true")]
            ),
            "b {\n  region = \"r\"\n\n  key          = \"k\"\n  use_lockfile = true\n}\n"
        );
    }
}
