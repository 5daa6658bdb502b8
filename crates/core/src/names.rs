//! Names Terraform refuses: a resource, data source, module, variable, output or provider
//! whose label is not an identifier (`"web server"`, `"lock|table"`). The parser accepts
//! any string as a label; Terraform does not, and nothing can refer to such a block, so a
//! fix that writes a reference to it would write code that does not parse. Each one is a
//! located error; the rest of the file is still graded.

use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::structure::{BlockLabel, Body};

/// Blocks whose labels are names, and what each label names.
const NAMED_BLOCKS: &[(&str, &[&str])] = &[
    ("resource", &["resource type", "resource name"]),
    ("data", &["data source type", "data source name"]),
    ("module", &["module name"]),
    ("variable", &["variable name"]),
    ("output", &["output name"]),
    ("provider", &["provider name"]),
];

/// Terraform's rule for names: a letter or underscore, then letters, digits, underscores
/// and dashes.
pub fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// The range (in `body`'s text) and message of each top-level block label that is not a
/// valid name.
pub fn invalid_block_names(body: &Body) -> Vec<(Range<usize>, String)> {
    let mut errors = Vec::new();
    for block in body.blocks() {
        let Some((_, meanings)) = NAMED_BLOCKS
            .iter()
            .find(|(kind, _)| *kind == block.ident.as_str())
        else {
            continue;
        };
        for (label, meaning) in block.labels.iter().zip(meanings.iter()) {
            let BlockLabel::String(name) = label else {
                continue;
            };
            if is_valid_name(name.as_str()) {
                continue;
            }
            let Some(span) = label.span() else {
                continue;
            };
            errors.push((
                span,
                format!(
                    "invalid {meaning} {:?}: a name must start with a letter or underscore and hold only letters, digits, underscores and dashes",
                    name.as_str()
                ),
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_terraforms_rule() {
        for good in ["web", "_x", "lock-table", "a1", "été"] {
            assert!(is_valid_name(good), "{good}");
        }
        for bad in ["", "1st", "-x", "web server", "lock|table", "a.b", "x{"] {
            assert!(!is_valid_name(bad), "{bad}");
        }
    }
}
