//! Ranges and insertion points in blocks, for the evidence and fixes of the data-protection
//! checks: a block's header line, the indentation of its body, where a new attribute,
//! nested block or sibling resource goes so that the user's formatting is kept.

use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::structure::{Block, Structure};

use crate::finding::Edit;
use crate::submission::UnitId;

/// `resource "aws_s3_bucket" "logs"`: from the block's start to the end of its labels.
pub fn header_range(block: &Block) -> Range<usize> {
    let start = block.span().map_or(0, |s| s.start);
    let end = block
        .labels
        .iter()
        .filter_map(|label| match label {
            hcl_edit::structure::BlockLabel::String(s) => s.span(),
            hcl_edit::structure::BlockLabel::Ident(i) => i.span(),
        })
        .map(|s| s.end)
        .max()
        .or_else(|| block.ident.span().map(|s| s.end))
        .unwrap_or(start);
    start..end.max(start)
}

/// Where the line holding `pos` starts.
pub fn line_start(text: &str, pos: usize) -> usize {
    text.get(..pos)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// Where the line holding `pos` ends (its `\n`, or the end of the text).
pub fn line_end(text: &str, pos: usize) -> usize {
    text.get(pos..)
        .and_then(|after| after.find('\n'))
        .map_or(text.len(), |i| pos + i)
}

/// The leading whitespace of the line holding `pos`.
pub fn indent_at(text: &str, pos: usize) -> &str {
    let start = line_start(text, pos);
    let line = text.get(start..).unwrap_or("");
    let width = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..width]
}

/// The indentation of the structures in a block's body: that of its first structure, else
/// the block's own plus two spaces.
pub fn body_indent(text: &str, block: &Block) -> String {
    block
        .body
        .iter()
        .filter_map(Structure::span)
        .next()
        .map(|s| indent_at(text, s.start).to_owned())
        .unwrap_or_else(|| {
            let start = block.span().map_or(0, |s| s.start);
            format!("{}  ", indent_at(text, start))
        })
}

/// The two places where lines are added to a multi-line block body: the end of the line
/// of its last structure (or of the opening brace) and the start of the closing brace's
/// line. `None` for a block written on one line, where a new line would not parse.
pub fn append_points(text: &str, block: &Block) -> Option<(usize, usize)> {
    let span = block.span()?;
    let close = span.end.checked_sub(1)?;
    if text.as_bytes().get(close) != Some(&b'}') {
        return None;
    }
    let close_line = line_start(text, close);
    if !text.get(close_line..close)?.trim().is_empty() {
        return None;
    }
    let last = match block.body.iter().filter_map(Structure::span).last() {
        Some(last) => line_end(text, last.end),
        None => {
            let open = header_range(block).end + text.get(header_range(block).end..)?.find('{')?;
            line_end(text, open)
        }
    };
    (last < close_line).then_some((last, close_line))
}

/// An edit adding `name = value` arguments to a block's body, each on its own line with
/// the body's indentation: after the last attribute (and its trailing comment), their `=`
/// aligned with that attribute's when it is aligned further right; or first in the body
/// when it has no attribute.
pub fn add_attributes(
    text: &str,
    unit: UnitId,
    block: &Block,
    pairs: &[(&str, &str)],
) -> Option<Edit> {
    let indent = body_indent(text, block);
    let last_attribute = block
        .body
        .iter()
        .filter_map(|s| match s {
            Structure::Attribute(attr) => Some(attr),
            Structure::Block(_) => None,
        })
        .last();
    let (at, previous_width) = match last_attribute {
        Some(attr) => {
            let span = attr.span()?;
            // The key and the padding before `=`, as written.
            let key_start = attr.key.span().map_or(span.start, |s| s.start);
            let equals = text.get(key_start..span.end)?.find('=')?;
            (line_end(text, span.end), equals.saturating_sub(1))
        }
        None => (append_points(text, block)?.0, 0),
    };
    if block.body.iter().next().is_none() {
        // Keeps the closing brace on its own line: `{\n}` becomes `{\n  x = 1\n}`.
        append_points(text, block)?;
    }
    let width = pairs
        .iter()
        .map(|(k, _)| k.len())
        .max()
        .unwrap_or(0)
        .max(previous_width);
    let content: String = pairs
        .iter()
        .map(|(k, v)| format!("\n{indent}{k:width$} = {v}"))
        .collect();
    Some(Edit::insert(unit, at, content))
}

/// The end of the line holding a block's closing brace (after a comment there): where a
/// new top-level block goes after it.
pub fn after_block(text: &str, block: &Block) -> Option<usize> {
    block.span().map(|span| line_end(text, span.end))
}

/// The lines that make a new resource cover every instance of `target`: `count` or
/// `for_each` copied from it, and the expression that refers to the instance's `attr`.
pub fn instance_reference(
    target: &crate::config::Resource<'_>,
    attr: &str,
) -> (Option<(&'static str, String)>, String) {
    let address = target.address();
    let body = &target.block.body;
    if body.get_attribute("for_each").is_some() {
        (Some(("for_each", address)), format!("each.value.{attr}"))
    } else if body.get_attribute("count").is_some() {
        (
            Some(("count", format!("length({address})"))),
            format!("{address}[count.index].{attr}"),
        )
    } else {
        (None, format!("{address}.{attr}"))
    }
}

/// `key = value` lines with their `=` aligned, as `terraform fmt` writes them.
pub fn aligned(pairs: &[(&str, String)]) -> Vec<String> {
    let width = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    pairs
        .iter()
        .map(|(k, v)| format!("{k:width$} = {v}"))
        .collect()
}

/// A resource name of `kind` not yet used in the configuration: `name`, else `name_suffix`.
pub fn free_name(
    config: &crate::config::Config<'_>,
    kind: &str,
    name: &str,
    suffix: &str,
) -> String {
    let taken = |candidate: &str| config.resources_of(kind).any(|r| r.name == candidate);
    if !taken(name) {
        return name.to_owned();
    }
    let mut candidate = format!("{name}_{suffix}");
    let mut n = 2;
    while taken(&candidate) {
        candidate = format!("{name}_{suffix}{n}");
        n += 1;
    }
    candidate
}

/// The text of a nested block, indented for a body at `indent`.
pub fn nested_block(indent: &str, name: &str, lines: &[&str]) -> String {
    let mut out = format!("{indent}{name} {{\n");
    for line in lines {
        out.push_str(&format!("{indent}  {line}\n"));
    }
    out.push_str(&format!("{indent}}}"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_block(text: &str) -> Block {
        hcl_edit::parser::parse_body(text)
            .expect("parses")
            .blocks()
            .next()
            .expect("a block")
            .clone()
    }

    #[test]
    fn header_is_the_first_line_up_to_the_labels() {
        let text = "resource \"aws_kms_key\" \"k\" {\n  description = \"x\"\n}\n";
        let block = first_block(text);
        assert_eq!(
            &text[header_range(&block)],
            "resource \"aws_kms_key\" \"k\""
        );
    }

    #[test]
    fn attributes_go_after_the_last_one_and_its_comment() {
        let text = "resource \"a\" \"b\" {\n  x = 1 # why\n\n  tags {\n  }\n}\n";
        let block = first_block(text);
        let edit = add_attributes(text, UnitId(0), &block, &[("y", "true")]).expect("edit");
        let mut fixed = text.to_owned();
        fixed.replace_range(edit.range, &edit.content);
        assert_eq!(
            fixed,
            "resource \"a\" \"b\" {\n  x = 1 # why\n  y = true\n\n  tags {\n  }\n}\n"
        );
    }

    #[test]
    fn one_line_blocks_get_no_insertion_point() {
        let block = first_block("resource \"a\" \"b\" { x = 1 }\n");
        assert_eq!(
            append_points("resource \"a\" \"b\" { x = 1 }\n", &block),
            None
        );
        let text = "resource \"a\" \"b\" {\n}\n";
        let block = first_block(text);
        let edit = add_attributes(text, UnitId(0), &block, &[("y", "1")]).expect("edit");
        let mut fixed = text.to_owned();
        fixed.replace_range(edit.range, &edit.content);
        assert_eq!(fixed, "resource \"a\" \"b\" {\n  y = 1\n}\n");
    }
}
