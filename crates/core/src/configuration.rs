//! One Terraform configuration as checks see it: the parsed units of one directory or one
//! response, indexed by kind (variables, locals, resources, ...), with an evaluator.

use std::cell::RefCell;
use std::collections::HashMap;

use hcl_edit::Span;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, Body};
use indexmap::IndexMap;

use crate::eval::Value;
use crate::submission::{ConfigGroup, Submission, Syntax, UnitId};

/// A labelled top-level block: `resource "aws_security_group" "web" { ... }`.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    pub unit: UnitId,
    pub block: &'a Block,
}

/// A resource or data source.
#[derive(Debug, Clone, Copy)]
pub struct Resource<'a> {
    pub unit: UnitId,
    pub kind: &'a str,
    pub name: &'a str,
    pub block: &'a Block,
    pub is_data: bool,
}

impl Resource<'_> {
    /// Terraform address: `aws_security_group.web`, `data.aws_ami.ubuntu`.
    pub fn address(&self) -> String {
        if self.is_data {
            format!("data.{}.{}", self.kind, self.name)
        } else {
            format!("{}.{}", self.kind, self.name)
        }
    }
}

/// An attribute with the unit it is written in.
#[derive(Debug, Clone, Copy)]
pub struct UnitAttr<'a> {
    pub unit: UnitId,
    pub attr: &'a Attribute,
    /// Name of the .tfvars file, for values set there.
    pub file: &'a str,
}

/// A backend configuration file (`prod.s3.tfbackend`): settings given to the backend at
/// `terraform init -backend-config=FILE`, one file per `init`.
#[derive(Debug, Clone, Copy)]
pub struct BackendFile<'a> {
    pub unit: UnitId,
    pub name: &'a str,
    pub body: &'a Body,
}

/// A configuration: what checks receive.
pub struct Configuration<'a> {
    pub submission: &'a Submission,
    pub group: &'a ConfigGroup,
    /// Parsed HCL units of this configuration (not .tfvars).
    pub bodies: Vec<(UnitId, &'a Body)>,
    /// The parsed body of every unit of the submission, by unit index: what a module call
    /// reads of the module it calls.
    pub all_bodies: &'a [Option<Body>],
    pub variables: IndexMap<&'a str, Item<'a>>,
    pub locals: IndexMap<&'a str, UnitAttr<'a>>,
    pub resources: Vec<Resource<'a>>,
    /// Indexes of `resources` by type, in order: checks ask for one type at a time, per
    /// resource, and a scan of all resources each time would be quadratic.
    resources_by_kind: HashMap<&'a str, Vec<usize>>,
    pub data: Vec<Resource<'a>>,
    pub providers: Vec<Item<'a>>,
    pub terraform_blocks: Vec<Item<'a>>,
    pub modules: Vec<Item<'a>>,
    pub outputs: Vec<Item<'a>>,
    /// Values from auto-loaded variable files (`terraform.tfvars`, `*.auto.tfvars`).
    pub tfvars: IndexMap<&'a str, UnitAttr<'a>>,
    /// Backend configuration files of this configuration's directory (`*.tfbackend`).
    pub backend_files: Vec<BackendFile<'a>>,
    /// Memoized values of `var.*` and `local.*`.
    pub(crate) memo: RefCell<HashMap<String, Value>>,
    /// References being evaluated, to stop cycles.
    pub(crate) in_progress: RefCell<Vec<String>>,
    /// Expressions under evaluation, to bound the stack.
    pub(crate) eval_depth: std::cell::Cell<usize>,
}

impl<'a> Configuration<'a> {
    pub fn new(
        submission: &'a Submission,
        group: &'a ConfigGroup,
        parsed: &'a [Option<Body>],
    ) -> Self {
        let mut config = Configuration {
            submission,
            group,
            bodies: Vec::new(),
            all_bodies: parsed,
            variables: IndexMap::new(),
            locals: IndexMap::new(),
            resources: Vec::new(),
            resources_by_kind: HashMap::new(),
            data: Vec::new(),
            providers: Vec::new(),
            terraform_blocks: Vec::new(),
            modules: Vec::new(),
            outputs: Vec::new(),
            tfvars: IndexMap::new(),
            backend_files: Vec::new(),
            memo: RefCell::new(HashMap::new()),
            in_progress: RefCell::new(Vec::new()),
            eval_depth: std::cell::Cell::new(0),
        };
        for &unit_id in &group.units {
            let unit = submission.unit(unit_id);
            let Some(body) = parsed[unit_id.0 as usize].as_ref() else {
                continue;
            };
            match unit.syntax {
                Syntax::Tfvars if crate::submission::is_backend_config(&unit.name) => {
                    config.backend_files.push(BackendFile {
                        unit: unit_id,
                        name: &unit.name,
                        body,
                    });
                }
                Syntax::Tfvars => config.add_variable_values(unit_id, &unit.name, body),
                Syntax::Json if crate::submission::is_json_variables_file(&unit.name) => {
                    config.add_variable_values(unit_id, &unit.name, body);
                }
                Syntax::Text => {}
                // JSON configuration is read as the HCL it stands for.
                Syntax::Hcl | Syntax::Json => {
                    config.bodies.push((unit_id, body));
                    config.index_body(unit_id, body);
                }
            }
        }
        config
    }

    /// The values of a variables file, when Terraform loads it by itself.
    fn add_variable_values(&mut self, unit: UnitId, name: &'a str, body: &'a Body) {
        if !auto_loaded(name) {
            return;
        }
        for attr in body.attributes() {
            self.tfvars.insert(
                attr.key.as_str(),
                UnitAttr {
                    unit,
                    attr,
                    file: name,
                },
            );
        }
    }

    fn index_body(&mut self, unit: UnitId, body: &'a Body) {
        for block in body.blocks() {
            let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
            let item = Item { unit, block };
            match (block.ident.as_str(), labels.as_slice()) {
                ("variable", [name]) => {
                    self.variables.insert(name, item);
                }
                ("locals", []) => {
                    for attr in block.body.attributes() {
                        self.locals.insert(
                            attr.key.as_str(),
                            UnitAttr {
                                unit,
                                attr,
                                file: "",
                            },
                        );
                    }
                }
                (kind @ ("resource" | "data"), [type_, name]) => {
                    let resource = Resource {
                        unit,
                        kind: type_,
                        name,
                        block,
                        is_data: kind == "data",
                    };
                    if resource.is_data {
                        self.data.push(resource);
                    } else {
                        self.resources_by_kind
                            .entry(resource.kind)
                            .or_default()
                            .push(self.resources.len());
                        self.resources.push(resource);
                    }
                }
                ("provider", [_]) => self.providers.push(item),
                ("terraform", []) => self.terraform_blocks.push(item),
                ("module", [_]) => self.modules.push(item),
                ("output", [_]) => self.outputs.push(item),
                _ => {}
            }
        }
    }

    /// Resources of one type.
    pub fn resources_of<'s>(
        &'s self,
        kind: &'s str,
    ) -> impl Iterator<Item = &'s Resource<'a>> + 's {
        self.resources_by_kind
            .get(kind)
            .into_iter()
            .flatten()
            .map(|&i| &self.resources[i])
    }

    /// Whether this is a reusable module rather than a root: it takes inputs and gives
    /// outputs but configures no provider, so whoever calls it holds the state and the
    /// provider settings. Responses and task bundles are always roots.
    pub fn is_reusable_module(&self) -> bool {
        !self.group.from_response
            && !self.submission.is_bundle
            && self.providers.is_empty()
            && !self.variables.is_empty()
            && !self.outputs.is_empty()
    }

    /// Whether this configuration comes from a markdown response.
    pub fn from_response(&self) -> bool {
        self.group.from_response
    }

    /// The text of a unit.
    pub fn text(&self, unit: UnitId) -> &'a str {
        &self.submission.unit(unit).text
    }

    /// The source text of an expression, trimmed, for messages.
    pub fn source_of(&self, unit: UnitId, expr: &Expression) -> &'a str {
        expr.span()
            .and_then(|span| self.text(unit).get(span))
            .map_or("", str::trim)
    }
}

/// Variable files Terraform loads without being asked.
pub fn auto_loaded(name: &str) -> bool {
    let file = crate::paths::file_name(name);
    matches!(file, "terraform.tfvars" | "terraform.tfvars.json")
        || file.ends_with(".auto.tfvars")
        || file.ends_with(".auto.tfvars.json")
}
