//! What a task bundle says about itself (RUBRIC.md 1): metadata.json read leniently, the
//! requirements of PROMPT.md, and the claims of MODEL_FAILURES.md checked against the
//! findings.

pub mod claims;
pub mod metadata;
pub mod prompt;
pub mod wording;

use hcl_edit::structure::Body;
use serde::Serialize;

use crate::configuration::Configuration;
use crate::eval::expr::Scope;
use crate::paths::file_name;
use crate::submission::{NO_CONFIGURATION, Submission};
use crate::value::ViaKind;

/// Which side of the pair a configuration is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The code blocks of MODEL_RESPONSE.md.
    Model,
    /// The final Terraform (lib/) or IDEAL_RESPONSE.md.
    Ideal,
    /// Code of another markdown file.
    Other,
}

impl Side {
    /// The side of a configuration of the submission (`NO_CONFIGURATION` is `Other`).
    pub fn of(submission: &Submission, config: usize) -> Side {
        if config == NO_CONFIGURATION {
            return Side::Other;
        }
        match submission.configs.get(config) {
            // Two loose inputs: the side is the folder they were put under.
            Some(c) if submission.pair => {
                if c.name == "model" || c.name.starts_with("model/") {
                    Side::Model
                } else {
                    Side::Ideal
                }
            }
            Some(c) if !c.from_response => Side::Ideal,
            Some(c) => match file_name(&c.name) {
                "MODEL_RESPONSE.md" => Side::Model,
                "IDEAL_RESPONSE.md" => Side::Ideal,
                _ => Side::Other,
            },
            None => Side::Other,
        }
    }
}

/// What a configuration creates and where it deploys, as a bundle's documents are
/// compared with it.
#[derive(Debug, Clone)]
pub struct ConfigFacts {
    /// Index in the submission's configurations.
    pub index: usize,
    pub name: String,
    pub side: Side,
    pub from_response: bool,
    /// Managed resources, as (type, name label).
    pub resources: Vec<(String, String)>,
    /// The region of the default `provider "aws"`; None when there is no such provider.
    pub region: Option<Result<EvaluatedRegion, String>>,
    /// The first resource that encrypts its storage by its own arguments
    /// (`storage_encrypted`, `encrypted`, a root or EBS block device with `encrypted =
    /// true`), as its address: a security practice of the rating's complexity step.
    pub encrypts_storage: Option<String>,
}

/// A provider region and where its value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluatedRegion {
    pub region: String,
    /// `var.aws_region (default)`, `local.region`, when it came through references.
    pub via: Option<String>,
}

impl ConfigFacts {
    /// The configurations of a submission, each read once.
    pub fn of_submission(submission: &Submission, bodies: &[Option<Body>]) -> Vec<ConfigFacts> {
        submission
            .configs
            .iter()
            .enumerate()
            .map(|(index, group)| {
                let config = Configuration::new(submission, group, bodies);
                ConfigFacts {
                    index,
                    name: group.name.clone(),
                    side: Side::of(submission, index),
                    from_response: group.from_response,
                    resources: config
                        .resources
                        .iter()
                        .map(|r| (r.kind.to_owned(), r.name.to_owned()))
                        .collect(),
                    region: provider_region(&config),
                    encrypts_storage: encrypts_storage(&config),
                }
            })
            .collect()
    }

    /// The ideal's configuration: lib/ (what gets deployed) before IDEAL_RESPONSE.md.
    pub fn ideal(facts: &[ConfigFacts]) -> Option<&ConfigFacts> {
        facts
            .iter()
            .filter(|c| c.side == Side::Ideal)
            .min_by_key(|c| (c.from_response, c.name != "lib", c.name.len()))
    }

    /// The model response's configuration.
    pub fn model(facts: &[ConfigFacts]) -> Option<&ConfigFacts> {
        facts.iter().find(|c| c.side == Side::Model)
    }

    /// Addresses of the managed resources.
    pub fn addresses(&self) -> impl Iterator<Item = String> + '_ {
        self.resources.iter().map(|(k, n)| format!("{k}.{n}"))
    }
}

/// The first resource whose own arguments encrypt its storage, by address.
fn encrypts_storage(config: &Configuration<'_>) -> Option<String> {
    use crate::analysis::instances::{Flag, flag, targets};
    const DIRECT: &[(&str, &str)] = &[
        ("aws_db_instance", "storage_encrypted"),
        ("aws_rds_cluster", "storage_encrypted"),
        ("aws_ebs_volume", "encrypted"),
        ("aws_efs_file_system", "encrypted"),
    ];
    for (kind, name) in DIRECT {
        if let Some(t) = targets(config, &[kind])
            .into_iter()
            .find(|t| matches!(t.flag(config, name), Flag::On))
        {
            return Some(t.address);
        }
    }
    // Block devices of instances and launch templates.
    for t in targets(config, &["aws_instance", "aws_launch_template"]) {
        let devices = t.body().blocks().filter(|b| {
            matches!(
                b.ident.as_str(),
                "root_block_device" | "ebs_block_device" | "block_device_mappings"
            )
        });
        for device in devices {
            let bodies = std::iter::once(&device.body).chain(
                device
                    .body
                    .blocks()
                    .filter(|b| b.ident.as_str() == "ebs")
                    .map(|b| &b.body),
            );
            for body in bodies {
                if matches!(
                    flag(config, t.unit(), body, "encrypted", &t.scope),
                    Flag::On
                ) {
                    return Some(t.address.clone());
                }
            }
        }
    }
    None
}

/// The region of the configuration's default `provider "aws"` (no alias): Ok(region), or
/// Err(why it is unknown); None when there is no such provider.
fn provider_region(config: &Configuration<'_>) -> Option<Result<EvaluatedRegion, String>> {
    let provider = config.providers.iter().find(|p| {
        p.block.labels.first().is_some_and(|l| l.as_str() == "aws")
            && p.block.body.get_attribute("alias").is_none()
    })?;
    let Some(attr) = provider.block.body.get_attribute("region") else {
        return Some(Err(
            "`provider \"aws\"` sets no `region` (it comes from the environment)".to_owned(),
        ));
    };
    let value = config.eval(provider.unit, &attr.value, &Scope::new());
    Some(match value.as_str() {
        Some(region) => Ok(EvaluatedRegion {
            region: region.to_owned(),
            via: value.origin.as_ref().and_then(|o| {
                let via: Vec<String> = o
                    .via
                    .iter()
                    .map(|v| match &v.kind {
                        ViaKind::VariableDefault => format!("`{}` (default)", v.address),
                        ViaKind::VariableFile(file) => format!("`{}` ({file})", v.address),
                        _ => format!("`{}`", v.address),
                    })
                    .collect();
                (!via.is_empty()).then(|| via.join(" via "))
            }),
        }),
        None => Err(value
            .unknown_reason()
            .map_or_else(|| "the region is not a string".to_owned(), str::to_owned)),
    })
}
