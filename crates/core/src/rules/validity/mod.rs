//! Validity: what `terraform validate` or the AWS API would reject (RUBRIC.md 3, item 7).
//! The declarations of a configuration and the AWS provider schema
//! ([`crate::schema`]) are the evidence; the checks that need the schema do not run
//! without it.

pub mod argument_block_mismatch;
pub mod duplicate_declaration;
pub mod invalid_attribute_reference;
pub mod missing_required_argument;
pub mod undeclared_reference;
pub mod unknown_argument;
pub mod unknown_resource_type;
pub mod value_refused_by_api;
pub mod wrong_value_type;

use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::structure::{Block, Body};

use crate::analysis::Analyzed;
use crate::configuration::Resource;
use crate::schema::{self, Kind, Schema};
use crate::submission::UnitId;

/// The fix that rewrites a likely typo to the one close name: unsafe, since it is a guess
/// whose note says so.
pub fn typo_fix(
    edits: Vec<crate::finding::Edit>,
    title: String,
    note: String,
) -> crate::finding::Fix {
    crate::finding::Fix {
        title,
        applicability: crate::finding::Applicability::Unsafe,
        note: Some(note),
        edits,
    }
}

/// Whether validity is judged on this configuration. Not on IDEAL_RESPONSE.md when the
/// bundle holds its Terraform in files: the document presents those files (often only
/// some of them), and lib/ is the ideal that must validate (RUBRIC.md 4.3); how the
/// document differs from lib/ is the documentation family's to report.
pub fn judged(config: &Analyzed<'_, '_>) -> bool {
    !(config.from_response()
        && crate::paths::file_name(&config.group.name) == "IDEAL_RESPONSE.md"
        && config.submission.configs.iter().any(|c| !c.from_response))
}

/// What a block of the configuration is, for the names it may hold besides its schema's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Resource,
    DataSource,
    Provider,
    /// A nested block, or the `content` of a `dynamic` block.
    Nested,
}

impl Place {
    /// Meta-arguments Terraform itself reads here.
    pub fn meta_argument(self, name: &str) -> bool {
        match self {
            Place::Resource | Place::DataSource => {
                matches!(name, "count" | "for_each" | "provider" | "depends_on")
            }
            Place::Provider => matches!(name, "alias" | "version"),
            Place::Nested => false,
        }
    }

    /// Meta-blocks Terraform itself reads here.
    pub fn meta_block(self, name: &str) -> bool {
        match self {
            Place::Resource => matches!(name, "lifecycle" | "provisioner" | "connection"),
            Place::DataSource => name == "lifecycle",
            Place::Provider | Place::Nested => false,
        }
    }
}

/// One block body of the configuration with the schema it must follow.
pub struct SchemaBody<'a, 's> {
    pub unit: UnitId,
    pub body: &'a Body,
    pub schema: &'s schema::Body,
    pub place: Place,
    /// The block's header (type and labels): where a missing member is reported.
    pub header: Range<usize>,
    /// The resource, data source or provider the body belongs to (`aws_instance.web`).
    pub owner: String,
    /// Where in the owner: empty at the top, `root_block_device` or `rule.action` below.
    pub path: String,
}

impl SchemaBody<'_, '_> {
    /// `aws_instance.web`, or `root_block_device` of `aws_instance.web`.
    pub fn describe(&self) -> String {
        if self.path.is_empty() {
            format!("`{}`", self.owner)
        } else {
            format!("block `{}` of `{}`", self.path, self.owner)
        }
    }

    /// The blocks of the body standing for the nested block type `name`: written as
    /// `name { ... }` or produced by `dynamic "name"`.
    pub fn blocks_named<'b>(&'b self, name: &'b str) -> impl Iterator<Item = &'b Block> {
        self.body
            .blocks()
            .filter(move |b| block_type(b) == Some(name))
    }
}

/// The nested block type a block stands for: its type, or a `dynamic` block's label.
pub fn block_type(block: &Block) -> Option<&str> {
    if block.ident.as_str() == "dynamic" {
        block.labels.first().map(|l| l.as_str())
    } else {
        Some(block.ident.as_str())
    }
}

/// The AWS provider's schema of a resource or data source, when the type is the AWS
/// provider's (`aws_` and no `provider` argument naming another provider).
pub fn aws_type<'s>(schema: &'s Schema, resource: &Resource<'_>) -> Option<&'s schema::Body> {
    if !is_aws_type(resource) {
        return None;
    }
    let kind = if resource.is_data {
        Kind::DataSource
    } else {
        Kind::Resource
    };
    schema.type_body(kind, resource.kind)
}

/// Whether the resource or data source belongs to the AWS provider.
pub fn is_aws_type(resource: &Resource<'_>) -> bool {
    let local = resource
        .block
        .body
        .get_attribute("provider")
        .and_then(|a| crate::analysis::references::provider_reference(&a.value))
        .map_or_else(
            || resource.kind.split('_').next().unwrap_or_default(),
            |(local, _)| local,
        );
    local == "aws" && resource.kind.starts_with("aws_")
}

/// Every body of the configuration that an AWS schema governs: resources and data sources
/// of the AWS provider, `provider "aws"` blocks, and their nested blocks (the `content` of
/// `dynamic` blocks included), outermost first.
pub fn schema_bodies<'a, 's>(
    config: &Analyzed<'_, 'a>,
    schema: &'s Schema,
) -> Vec<SchemaBody<'a, 's>> {
    let mut out = Vec::new();
    for resource in config.resources.iter().chain(&config.data) {
        let Some(body) = aws_type(schema, resource) else {
            continue;
        };
        let place = if resource.is_data {
            Place::DataSource
        } else {
            Place::Resource
        };
        walk(
            &mut out,
            schema,
            SchemaBody {
                unit: resource.unit,
                body: &resource.block.body,
                schema: body,
                place,
                header: crate::edit::header_range(resource.block),
                owner: resource.address(),
                path: String::new(),
            },
        );
    }
    for provider in &config.providers {
        if provider.block.labels.first().map(|l| l.as_str()) != Some("aws") {
            continue;
        }
        walk(
            &mut out,
            schema,
            SchemaBody {
                unit: provider.unit,
                body: &provider.block.body,
                schema: schema.provider(),
                place: Place::Provider,
                header: crate::edit::header_range(provider.block),
                owner: "provider \"aws\"".into(),
                path: String::new(),
            },
        );
    }
    out
}

fn walk<'a, 's>(out: &mut Vec<SchemaBody<'a, 's>>, schema: &'s Schema, at: SchemaBody<'a, 's>) {
    let mut children = Vec::new();
    for block in at.body.blocks() {
        let ident = block.ident.as_str();
        if at.place.meta_block(ident) {
            continue;
        }
        let Some(name) = block_type(block) else {
            continue;
        };
        let Some(nested) = at.schema.block(name) else {
            continue;
        };
        let body = if ident == "dynamic" {
            match block.body.blocks().find(|b| b.ident.as_str() == "content") {
                Some(content) => &content.body,
                None => continue,
            }
        } else {
            &block.body
        };
        let path = if at.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", at.path)
        };
        children.push(SchemaBody {
            unit: at.unit,
            body,
            schema: schema.body(nested.body),
            place: Place::Nested,
            header: crate::edit::header_range(block),
            owner: at.owner.clone(),
            path,
        });
    }
    out.push(at);
    for child in children {
        walk(out, schema, child);
    }
}

/// The span of a block's type keyword (or a `dynamic` block's label).
pub fn block_name_range(block: &Block) -> Range<usize> {
    if block.ident.as_str() == "dynamic"
        && let Some(label) = block.labels.first()
    {
        return label.span().unwrap_or(0..0);
    }
    block.ident.span().unwrap_or(0..0)
}

/// The turn of a model response file: `MODEL_RESPONSE.md` is 1, `MODEL_RESPONSE3.md` is 3.
fn response_turn(path: &str) -> Option<u32> {
    let number = crate::paths::file_name(path)
        .strip_prefix("MODEL_RESPONSE")?
        .strip_suffix(".md")?;
    if number.is_empty() {
        Some(1)
    } else {
        number.parse().ok()
    }
}

/// The bodies of the model's earlier turns, when this configuration is a later one
/// (`MODEL_RESPONSE2.md` continues `MODEL_RESPONSE.md`): a continuation refers to what the
/// turns before it declared.
pub fn earlier_turns<'a>(config: &Analyzed<'_, 'a>) -> Vec<&'a Body> {
    let Some(turn) = response_turn(&config.group.name).filter(|&t| t > 1) else {
        return Vec::new();
    };
    let submission = config.submission;
    let earlier: Vec<usize> = submission
        .configs
        .iter()
        .enumerate()
        .filter(|(_, c)| c.from_response && response_turn(&c.name).is_some_and(|t| t < turn))
        .map(|(i, _)| i)
        .collect();
    submission
        .units
        .iter()
        .filter(|u| earlier.contains(&u.config))
        .filter_map(|u| config.all_bodies.get(u.id.0 as usize)?.as_ref())
        .collect()
}

/// What a local module declares, read at a call site: its variables (and whether each is
/// required) and its outputs.
pub struct ModuleInterface<'a> {
    /// The module's directory, as the submission names it (`lib/modules/vpc`).
    pub dir: String,
    pub variables: Vec<(&'a str, bool)>,
    pub outputs: Vec<&'a str>,
}

/// The module a `module` block calls, when its source is a local path (`./modules/vpc`)
/// whose files the submission holds: in a response, the blocks named under that path;
/// otherwise the files of that directory. `None` for registry and remote sources, and for
/// local ones whose files are not given.
pub fn called_module<'a>(
    config: &Analyzed<'_, 'a>,
    unit: UnitId,
    block: &Block,
) -> Option<ModuleInterface<'a>> {
    let source = match block.body.get_attribute("source").map(|a| &a.value) {
        Some(hcl_edit::expr::Expression::String(s)) => s.value().to_string(),
        _ => return None,
    };
    if !(source.starts_with("./") || source.starts_with("../")) {
        return None;
    }
    let submission = config.submission;
    let caller = submission.unit(unit);
    let dir = join_path(parent(&caller.name), &source)?;
    let mut interface = ModuleInterface {
        dir: dir.clone(),
        variables: Vec::new(),
        outputs: Vec::new(),
    };
    let mut found = false;
    for candidate in &submission.units {
        let same_place = if config.from_response() {
            candidate.config == caller.config
        } else {
            !candidate.is_virtual
        };
        if !same_place || parent(&candidate.name) != dir {
            continue;
        }
        let Some(Some(body)) = config.all_bodies.get(candidate.id.0 as usize) else {
            continue;
        };
        if !candidate.name.ends_with(".tf") {
            continue;
        }
        found = true;
        for b in body.blocks() {
            let Some(name) = b.labels.first().map(|l| l.as_str()) else {
                continue;
            };
            match b.ident.as_str() {
                "variable" => interface
                    .variables
                    .push((name, !b.body.has_attribute("default"))),
                "output" => interface.outputs.push(name),
                _ => {}
            }
        }
    }
    found.then_some(interface)
}

/// Arguments of a `module` block that Terraform itself reads.
pub fn module_meta_argument(name: &str) -> bool {
    matches!(
        name,
        "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
    )
}

/// The directory part of a path (`""` for a bare file name).
fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// `base` joined with a relative `path`, `.` and `..` resolved; `None` when it climbs out.
fn join_path(base: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = base
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Whether a unit belongs to a child module rather than a root configuration: its
/// directory (or, in a response, its path) goes through `modules/`.
pub fn in_child_module(config: &Analyzed<'_, '_>, unit: UnitId) -> bool {
    let name = &config.submission.unit(unit).name;
    name.split('/').rev().skip(1).any(|part| part == "modules")
}

#[cfg(test)]
mod tests {
    use crate::Severity;
    use crate::rules::testing::grade_files;

    /// (code, file, line, message) of the validity findings of some files.
    fn validity(files: &[(&str, &str)]) -> Vec<(String, String, usize, String)> {
        let report = grade_files(files).report();
        report
            .findings
            .iter()
            .filter(|f| f.code.starts_with("TFG7"))
            .map(|f| {
                let kind = if f.severity == Severity::Info {
                    "note"
                } else {
                    f.code
                };
                (
                    kind.to_string(),
                    f.file.clone(),
                    f.location.line,
                    f.message.clone(),
                )
            })
            .collect()
    }

    const MODULE_VARIABLES: &str =
        "variable \"name\" {}\nvariable \"cidr\" {\n  default = \"10.0.0.0/16\"\n}\n";
    const MODULE_OUTPUTS: &str = "output \"vpc_id\" {\n  value = \"x\"\n}\n";

    #[test]
    fn a_local_module_is_checked_at_its_call_site() {
        let root = "module \"vpc\" {\n  source = \"./modules/vpc\"\n  nam    = \"main\"\n}\noutput \"id\" {\n  value = module.vpc.vpc_idd\n}\n";
        let found = validity(&[
            ("main.tf", root),
            ("modules/vpc/variables.tf", MODULE_VARIABLES),
            ("modules/vpc/outputs.tf", MODULE_OUTPUTS),
        ]);
        let codes: Vec<(&str, usize)> = found.iter().map(|(c, _, l, _)| (c.as_str(), *l)).collect();
        assert_eq!(
            codes,
            [("TFG706", 1), ("TFG704", 3), ("TFG707", 6)],
            "{found:#?}"
        );
        assert!(found[0].3.contains("input `name`"), "{found:#?}");
        assert!(found[1].3.contains("did you mean `name`"), "{found:#?}");
        assert!(found[2].3.contains("did you mean `vpc_id`"), "{found:#?}");
    }

    #[test]
    fn a_response_calls_the_modules_it_shows() {
        let response = format!(
            "## main.tf\n```hcl\nmodule \"vpc\" {{\n  source = \"./modules/vpc\"\n  name   = \"main\"\n  zones  = 2\n}}\n```\n\n## modules/vpc/variables.tf\n```hcl\n{MODULE_VARIABLES}```\n"
        );
        let found = validity(&[("MODEL_RESPONSE.md", &response)]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].3.contains("takes no input `zones`"), "{found:#?}");
        // A module shown without its variables: one finding for the call.
        let response = "## main.tf\n```hcl\nmodule \"vpc\" {\n  source = \"./modules/vpc\"\n  name   = \"main\"\n  zones  = 2\n}\n```\n\n## modules/vpc/main.tf\n```hcl\nresource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n```\n";
        let found = validity(&[("MODEL_RESPONSE.md", response)]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0]
                .3
                .contains("declares no `variable`, yet the call passes 2 inputs"),
            "{found:#?}"
        );
    }

    #[test]
    fn registry_modules_and_missing_files_are_noted_not_judged() {
        let root = "module \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  anything = 1\n}\nmodule \"db\" {\n  source = \"./modules/db\"\n}\n";
        let found = validity(&[("main.tf", root)]);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|(kind, ..)| kind == "note"), "{found:#?}");
        assert!(found[0].3.contains("registry"), "{found:#?}");
        assert!(
            found[1].3.contains("not among the files given"),
            "{found:#?}"
        );
    }

    #[test]
    fn a_child_module_takes_its_provider_aliases_from_the_caller() {
        let child = "resource \"aws_s3_bucket\" \"b\" {\n  provider = aws.replica\n}\n";
        assert!(validity(&[("modules/replica/main.tf", child)]).is_empty());
        assert_eq!(validity(&[("main.tf", child)]).len(), 1);
    }

    #[test]
    fn a_later_turn_refers_to_what_the_earlier_turns_declared() {
        let first = "```hcl\nresource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\nvariable \"env\" {}\n```\n";
        let second = "I'll continue:\n\n```hcl\nresource \"aws_subnet\" \"a\" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = \"10.0.1.0/24\"\n  tags       = { Env = var.env, Other = var.missing }\n}\n```\n";
        let found = validity(&[
            ("lib/MODEL_RESPONSE.md", first),
            ("lib/MODEL_RESPONSE2.md", second),
        ]);
        let messages: Vec<&str> = found.iter().map(|f| f.3.as_str()).collect();
        assert_eq!(messages.len(), 1, "{found:#?}");
        assert!(messages[0].starts_with("`var.missing`"), "{found:#?}");
    }

    #[test]
    fn the_ideal_response_document_is_not_judged_beside_lib() {
        let lib =
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n}\nvariable \"name\" {}\n";
        let ideal = "## lib/main.tf\n```hcl\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n}\n```\n";
        let found = validity(&[("lib/main.tf", lib), ("lib/IDEAL_RESPONSE.md", ideal)]);
        assert!(found.is_empty(), "{found:#?}");
    }
}
