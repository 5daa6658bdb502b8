//! The state backend of a configuration as `terraform init` sees it (RUBRIC.md 3.1): the
//! `backend` block alone, or the block completed by each backend configuration file
//! (`*.tfbackend`) of its directory; how an S3 backend locks; which Terraform releases the
//! configuration admits; and the DynamoDB tables that serve as lock tables. Backend
//! settings cannot use variables or references, so their values are literals; anything
//! else is unknown.

use std::ops::Range;

use hcl_edit::structure::{Attribute, Block};

use crate::configuration::{BackendFile, Configuration, Resource};
use crate::eval::{Scope, Value};
use crate::paths::file_name;
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
pub fn backends<'a>(config: &Configuration<'a>) -> Vec<Backend<'a>> {
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
pub fn uses_cloud_block(config: &Configuration<'_>) -> bool {
    config
        .terraform_blocks
        .iter()
        .any(|t| t.block.body.has_blocks("cloud"))
}

/// A backend setting as one `terraform init` sees it.
#[derive(Debug, Clone)]
pub struct BackendSetting<'a> {
    pub unit: UnitId,
    pub attr: &'a Attribute,
    pub value: Value,
    /// The backend configuration file that gives it, when not the block.
    pub file: Option<&'a str>,
}

impl BackendSetting<'_> {
    /// The range of the value.
    pub fn value_range(&self) -> Range<usize> {
        crate::edit::value_range(self.attr)
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
    pub fn get(&self, config: &Configuration<'a>, name: &str) -> Option<BackendSetting<'a>> {
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
        Some(BackendSetting {
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
    pub fn is_partial(&self, config: &Configuration<'a>, required: &[&str]) -> bool {
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
pub fn init_settings<'a>(
    config: &Configuration<'a>,
    backend: Backend<'a>,
) -> Vec<InitSettings<'a>> {
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
        table: Option<BackendSetting<'a>>,
    },
    /// No lock: neither setting, `use_lockfile = false`, or an empty table name.
    Unlocked {
        use_lockfile: Option<BackendSetting<'a>>,
        dynamodb_table: Option<BackendSetting<'a>>,
    },
    /// A setting's value cannot be known: the setting and why.
    Unknown(BackendSetting<'a>, String),
    /// A partial configuration completed at `terraform init` (`-backend-config`) that
    /// writes no lock setting: `empty` when it writes nothing at all, else it lacks the
    /// `bucket`, which `init` must then give, with the lock settings or without.
    NotInCode { empty: bool },
}

pub fn s3_lock<'a>(config: &Configuration<'a>, settings: &InitSettings<'a>) -> S3Lock<'a> {
    if settings.is_empty() {
        return S3Lock::NotInCode { empty: true };
    }
    let use_lockfile = settings.get(config, "use_lockfile");
    let dynamodb_table = settings.get(config, "dynamodb_table");
    if use_lockfile.is_none()
        && dynamodb_table.is_none()
        && settings.get(config, "bucket").is_none()
    {
        return S3Lock::NotInCode { empty: false };
    }
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
fn unknown_reason(setting: &BackendSetting<'_>, expected: &str) -> String {
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
pub fn lockfile_supported(config: &Configuration<'_>) -> bool {
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

/// An aws_dynamodb_table that serves as a state lock table: hash key `LockID`, or the
/// table an S3 backend of the configuration names.
#[derive(Debug, Clone)]
pub struct LockTable<'a> {
    pub resource: Resource<'a>,
    /// Address with the instance key: `aws_dynamodb_table.lock[0]`.
    pub address: String,
    pub scope: Scope,
}

pub fn lock_tables<'a>(config: &Configuration<'a>) -> Vec<LockTable<'a>> {
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
fn backend_lock_table_names(config: &Configuration<'_>) -> Vec<String> {
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
    fn backend_files_apply_to_their_backend_type() {
        assert!(backend_file_applies("lib/prod.s3.tfbackend", "s3"));
        assert!(backend_file_applies("prod.tfbackend", "s3"));
        assert!(backend_file_applies("config.prod.tfbackend", "s3"));
        assert!(!backend_file_applies("prod.gcs.tfbackend", "s3"));
    }

    #[test]
    fn a_backend_without_bucket_or_lock_setting_is_completed_at_init() {
        use crate::rules::testing::{codes, notes};
        // Only what does not name the state: `init` gives the bucket, and may give the lock.
        for settings in [
            "region = \"us-east-1\"",
            "encrypt = true\n    key     = \"app.tfstate\"",
        ] {
            let tf = format!("terraform {{\n  backend \"s3\" {{\n    {settings}\n  }}\n}}\n");
            assert!(!codes(&tf).contains(&"TFG101"), "{tf}");
            assert!(notes(&tf).contains(&"TFG101"), "{tf}");
        }
        // A backend that names its bucket and no lock is unlocked.
        let tf = "terraform {\n  backend \"s3\" {\n    bucket = \"state\"\n    key    = \"app.tfstate\"\n  }\n}\n";
        assert!(codes(tf).contains(&"TFG101"));
    }
}
