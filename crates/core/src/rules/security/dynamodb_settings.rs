//! The `{ enabled = true }` settings blocks of `aws_dynamodb_table` (`point_in_time_recovery`,
//! `server_side_encryption`) as both DynamoDB checks report them, and where their fixes add
//! them. State lock tables are left to the state-locking family, which checks the same
//! settings on them (read by the same reader, `rules::dynamodb_table`).

use std::ops::Range;

use super::block_edits::{add_attributes, append_points, body_indent, header_range, nested_block};
use crate::check::Check;
use crate::config::{Config, Resource};
use crate::finding::{Applicability, Edit, Finding, Fix, Severity};
use crate::rules::common::trace_of;
use crate::rules::dynamodb_table::{Setting, read};
use crate::rules::state_locking::lock_tables;

/// Where the fix adds a block: the encryption block after the last argument, the recovery
/// block before the closing brace, so that both apply together.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    AfterLastArgument,
    BeforeClosingBrace,
}

/// One of the two settings.
pub struct TableSetting {
    pub check: &'static Check,
    /// `point_in_time_recovery`.
    pub block: &'static str,
    pub placement: Placement,
    /// What is lost without it: "deleted or overwritten items cannot be restored".
    pub consequence: &'static str,
    pub fix_title: &'static str,
    pub fix_note: &'static str,
}

/// Judges `setting` on every table of the configuration except state lock tables.
pub fn report(config: &Config<'_>, setting: &TableSetting, out: &mut Vec<Finding>) {
    let code = setting.check.code;
    let lock_tables: Vec<String> = lock_tables(config).into_iter().map(|t| t.address).collect();
    for table in config.resources_of("aws_dynamodb_table") {
        let address = table.address();
        let mut reported: Vec<Range<usize>> = Vec::new();
        for instance in config.instances(table.unit, table.block) {
            if lock_tables.contains(&format!("{address}{}", instance.key)) {
                continue;
            }
            let finding = match read(config, table, setting.block, &instance.scope) {
                Setting::Enabled(_) => continue,
                Setting::Missing => Finding {
                    code,
                    unit: table.unit,
                    range: header_range(table.block),
                    severity: setting.check.severity,
                    resource: Some(address.clone()),
                    message: format!(
                        "`{address}` has no `{}` block: {}",
                        setting.block, setting.consequence
                    ),
                    trace: Vec::new(),
                    unknown: false,
                    fix: add_block(config, table, setting),
                    alternatives: Vec::new(),
                    suppressed: None,
                },
                Setting::Disabled {
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
                    Finding {
                        code,
                        unit: table.unit,
                        range: range.clone(),
                        severity: setting.check.severity,
                        resource: Some(address.clone()),
                        message: format!("`{address}` {said}: {}", setting.consequence),
                        trace: value
                            .as_ref()
                            .map(|v| trace_of(config, v))
                            .unwrap_or_default(),
                        unknown: false,
                        fix: if in_place {
                            Some(Fix {
                                title: setting.fix_title.to_owned(),
                                applicability: Applicability::Unsafe,
                                note: Some(setting.fix_note.to_owned()),
                                edits: vec![Edit::replace(table.unit, range, "true")],
                            })
                        } else {
                            block
                                .and_then(|b| {
                                    add_attributes(
                                        config.text(table.unit),
                                        table.unit,
                                        b,
                                        &[("enabled", "true")],
                                    )
                                })
                                .map(|edit| Fix {
                                    title: setting.fix_title.to_owned(),
                                    applicability: Applicability::Unsafe,
                                    note: Some(setting.fix_note.to_owned()),
                                    edits: vec![edit],
                                })
                        },
                        alternatives: Vec::new(),
                        suppressed: None,
                    }
                }
                Setting::Unknown { range, reason } => Finding {
                    code,
                    unit: table.unit,
                    range,
                    severity: Severity::Info,
                    resource: Some(address.clone()),
                    message: format!(
                        "cannot tell whether `{address}` enables `{}`: {reason}",
                        setting.block
                    ),
                    trace: Vec::new(),
                    unknown: true,
                    fix: None,
                    alternatives: Vec::new(),
                    suppressed: None,
                },
            };
            if !reported.contains(&finding.range) {
                reported.push(finding.range.clone());
                out.push(finding);
            }
        }
    }
}

fn add_block(config: &Config<'_>, table: &Resource<'_>, setting: &TableSetting) -> Option<Fix> {
    let text = config.text(table.unit);
    let (last, close_line) = append_points(text, table.block)?;
    let indent = body_indent(text, table.block);
    let block = nested_block(&indent, setting.block, &["enabled = true"]);
    let edit = match setting.placement {
        Placement::AfterLastArgument => Edit::insert(table.unit, last, format!("\n\n{block}")),
        Placement::BeforeClosingBrace => {
            Edit::insert(table.unit, close_line, format!("\n{block}\n"))
        }
    };
    Some(Fix {
        title: setting.fix_title.to_owned(),
        applicability: Applicability::Unsafe,
        note: Some(setting.fix_note.to_owned()),
        edits: vec![edit],
    })
}
