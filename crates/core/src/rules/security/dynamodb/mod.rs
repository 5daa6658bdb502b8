//! The `{ enabled = true }` settings blocks of `aws_dynamodb_table` (`point_in_time_recovery`,
//! `server_side_encryption`) as both DynamoDB checks report them, and where their fixes add
//! them. State lock tables are left to the state-locking family, which checks the same
//! settings on them (read by the same reader, `rules::dynamodb_table`).

pub mod dynamodb_table_without_kms;
pub mod dynamodb_table_without_pitr;

use std::ops::Range;

use crate::analysis::backend::lock_tables;
use crate::analysis::dynamodb::{TableFeature, read};
use crate::analysis::provenance::trace_of;
use crate::check::Check;
use crate::configuration::{Configuration, Resource};
use crate::edit::{add_block_at_end, add_block_attributes, header_range, nested_block};
use crate::finding::{Applicability, Edit, Finding, Fix};

/// One of the two settings.
pub struct FeatureRule {
    pub check: &'static Check,
    /// `point_in_time_recovery`.
    pub block: &'static str,
    /// What is lost without it: "deleted or overwritten items cannot be restored".
    pub consequence: &'static str,
    pub fix_title: &'static str,
    pub fix_note: &'static str,
}

/// Judges `setting` on every table of the configuration except state lock tables.
pub fn report(config: &Configuration<'_>, setting: &FeatureRule, out: &mut Vec<Finding>) {
    let lock_tables: Vec<String> = lock_tables(config).into_iter().map(|t| t.address).collect();
    for table in config.resources_of("aws_dynamodb_table") {
        let address = table.address();
        let mut reported: Vec<Range<usize>> = Vec::new();
        for instance in config.instances(table.unit, table.block) {
            if lock_tables.contains(&format!("{address}{}", instance.key)) {
                continue;
            }
            let finding = match read(config, table, setting.block, &instance.scope) {
                TableFeature::Enabled(_) => continue,
                TableFeature::Missing => setting
                    .check
                    .finding(
                        table.unit,
                        header_range(table.block),
                        format!(
                            "`{address}` has no `{}` block: {}",
                            setting.block, setting.consequence
                        ),
                    )
                    .with_resource(address.clone())
                    .with_fix(add_block(config, table, setting)),
                TableFeature::Disabled {
                    range,
                    value,
                    written,
                } => {
                    // A written block without `enabled` gets it added.
                    let block = if value.is_none() { written } else { None };
                    let in_place = value
                        .as_ref()
                        .and_then(|v| v.origin.as_ref())
                        .is_some_and(|o| o.unit == table.unit && o.span == range);
                    let said = match &value {
                        Some(value) => format!("sets `{}.enabled` to {value}", setting.block),
                        None => format!("does not set `{}.enabled`", setting.block),
                    };
                    setting
                        .check
                        .finding(
                            table.unit,
                            range.clone(),
                            format!("`{address}` {said}: {}", setting.consequence),
                        )
                        .with_resource(address.clone())
                        .with_trace(
                            value
                                .as_ref()
                                .map(|v| trace_of(config, v))
                                .unwrap_or_default(),
                        )
                        .with_fix(if in_place {
                            Some(Fix {
                                title: setting.fix_title.to_owned(),
                                applicability: Applicability::Unsafe,
                                note: Some(setting.fix_note.to_owned()),
                                edits: vec![Edit::replace(table.unit, range, "true")],
                            })
                        } else {
                            block
                                .and_then(|b| {
                                    add_block_attributes(
                                        config.text(table.unit),
                                        table.unit,
                                        b,
                                        &[("enabled", "true")],
                                    )
                                })
                                .map(|edits| Fix {
                                    title: setting.fix_title.to_owned(),
                                    applicability: Applicability::Unsafe,
                                    note: Some(setting.fix_note.to_owned()),
                                    edits,
                                })
                        })
                }
                TableFeature::Unknown { range, reason } => setting
                    .check
                    .unknown(
                        table.unit,
                        range,
                        format!(
                            "cannot tell whether `{address}` enables `{}`: {reason}",
                            setting.block
                        ),
                    )
                    .with_resource(address.clone()),
            };
            if !reported.contains(&finding.range) {
                reported.push(finding.range.clone());
                out.push(finding);
            }
        }
    }
}

fn add_block(
    config: &Configuration<'_>,
    table: &Resource<'_>,
    setting: &FeatureRule,
) -> Option<Fix> {
    let text = config.text(table.unit);
    let block = nested_block("", setting.block, &["enabled = true"]);
    let edit = add_block_at_end(text, table.unit, table.block, &block)?;
    Some(Fix {
        title: setting.fix_title.to_owned(),
        applicability: Applicability::Unsafe,
        note: Some(setting.fix_note.to_owned()),
        edits: vec![edit],
    })
}
