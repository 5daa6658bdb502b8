//! Where a value came from, for messages and traces: the variables, locals and iterations
//! it passed through and where its literal is written.

use crate::configuration::Configuration;
use crate::eval::{Value, ViaKind};

/// "via `var.ssh_cidr`, default \"0.0.0.0/0\" (variables.tf line 3)" and the like.
pub fn trace_of(config: &Configuration<'_>, value: &Value) -> Vec<String> {
    let Some(origin) = &value.origin else {
        return Vec::new();
    };
    let mut steps: Vec<String> = origin
        .via
        .iter()
        .map(|via| match &via.kind {
            ViaKind::VariableDefault => format!("via `{}`, default {value}", via.address),
            ViaKind::VariableFile(file) => {
                format!("via `{}`, set to {value} in {file}", via.address)
            }
            ViaKind::Local | ViaKind::Iteration => format!("via `{}`", via.address),
        })
        .collect();
    if !origin.via.is_empty() {
        let unit = config.submission.unit(origin.unit);
        let file = config.submission.file(unit.file);
        let at = file
            .line_index
            .position(&file.text, unit.to_file_offset(origin.span.start));
        let inside = if unit.is_virtual {
            format!(" ({})", unit.name)
        } else {
            String::new()
        };
        steps.push(format!("written at {} line {}{inside}", file.path, at.line));
    }
    steps
}
