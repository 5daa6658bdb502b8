//! DynamoDB tables as two families judge them: the security family's table checks and the
//! state-locking family's lock table checks read the same `{ enabled = ... }` settings
//! blocks (`point_in_time_recovery`, `server_side_encryption`) the same way, here.

use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::structure::Block;

use crate::configuration::{Configuration, Resource};
use crate::edit::header_range;
use crate::eval::{ExpandedBlock, Scope, Value};

/// What a table's settings block says.
pub enum TableFeature<'b> {
    /// `enabled = true`, in this block.
    Enabled(ExpandedBlock<'b>),
    /// No block: the setting is off.
    Missing,
    /// `enabled` is false (the range of its value), or absent from the block (the range
    /// of the block's header).
    Disabled {
        range: Range<usize>,
        /// The value, when `enabled` is written.
        value: Option<Value>,
        /// The block, when it is written as such (not `dynamic`).
        written: Option<&'b Block>,
    },
    Unknown {
        range: Range<usize>,
        reason: String,
    },
}

/// Reads the settings block `block` of one instance of `table`: enabled when any of its
/// blocks (a `dynamic` one may make several) says `enabled = true`.
pub fn read<'b>(
    config: &Configuration<'_>,
    table: &Resource<'b>,
    block: &str,
    scope: &Scope,
) -> TableFeature<'b> {
    let blocks = config.blocks(table.unit, &table.block.body, block, scope);
    let Some(first) = blocks.first() else {
        return TableFeature::Missing;
    };
    let written = |expanded: &ExpandedBlock<'b>| {
        (expanded.block.ident.as_str() == block).then_some(expanded.block)
    };
    let mut result = None;
    for expanded in &blocks {
        let Some(attr) = expanded.body.get_attribute("enabled") else {
            result.get_or_insert(TableFeature::Disabled {
                range: header_range(expanded.block),
                value: None,
                written: written(expanded),
            });
            continue;
        };
        let value = config.eval(table.unit, &attr.value, &expanded.scope);
        let range = attr.value.span().unwrap_or(0..0);
        match (value.as_bool(), value.unknown_reason()) {
            (Some(true), _) => return TableFeature::Enabled(expanded.clone()),
            (_, Some(reason)) => {
                let reason = expanded
                    .unknown
                    .clone()
                    .unwrap_or_else(|| reason.to_owned());
                result = Some(TableFeature::Unknown { range, reason });
            }
            _ => {
                result.get_or_insert(TableFeature::Disabled {
                    range,
                    value: Some(value),
                    written: written(expanded),
                });
            }
        }
    }
    result.unwrap_or(TableFeature::Disabled {
        range: header_range(first.block),
        value: None,
        written: written(first),
    })
}
