//! The edit toolkit: where in the user's text a fix inserts, replaces or deletes, so that
//! everything else the user wrote (formatting, comments, order) stays as it is.
//!
//! Fixes are edits of the original text at byte offsets taken from hcl-edit's spans, not
//! a re-rendering of the parsed file: hcl-edit keeps every byte, but writing a changed
//! tree back would touch more than the fix needs, and a fix must show only its own change
//! in the diff. New text follows its neighbours: their indentation, and the column of
//! their `=` signs as `terraform fmt` aligns them.

use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::structure::{Attribute, Block, Body, Structure};

use crate::configuration::{Configuration, Resource};
use crate::finding::Edit;
use crate::submission::UnitId;

// Positions -----------------------------------------------------------------------------

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

/// The range of an attribute's value (of the attribute, when the value has no span).
pub fn value_range(attr: &Attribute) -> Range<usize> {
    attr.value.span().or_else(|| attr.span()).unwrap_or(0..0)
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

/// The offset just after the newline that ends the line holding `offset` (the text's end
/// when it is the last line).
pub fn next_line_start(text: &str, offset: usize) -> Option<usize> {
    text.get(offset..)?.find('\n').map(|i| offset + i + 1)
}

fn line_number(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count()
}

/// Where a block's body starts and ends (a file's top-level body has no braces).
#[derive(Debug, Clone, Copy)]
pub struct Braces {
    /// Just after `{`.
    pub open: usize,
    /// At `}`.
    pub close: usize,
}

/// The braces of a block, when its text has them where expected.
pub fn braces(text: &str, block: &Block) -> Option<Braces> {
    let span = block.span()?;
    let header_end = header_range(block).end;
    let open = header_end + text.get(header_end..span.end)?.find('{')? + 1;
    let close = span.end.checked_sub(1)?;
    (text.as_bytes().get(close) == Some(&b'}') && open <= close).then_some(Braces { open, close })
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

// Attributes ----------------------------------------------------------------------------

/// Edits adding `name = value` lines to `body`: after its last attribute that comes before
/// any block (else at the start of the body), indented like their neighbours and aligned
/// the way the neighbouring `=` signs are (`terraform fmt` style is kept by padding the
/// group when a new name is longer). Attributes named in `skip` are not anchors (the same
/// fix deletes them). `None` when the body's layout leaves no line to add to (a block
/// written on one line).
pub fn add_attributes(
    text: &str,
    unit: UnitId,
    body: &Body,
    braces: Option<Braces>,
    new: &[(&str, &str)],
    skip: &[&str],
) -> Option<Vec<Edit>> {
    let mut attrs: Vec<&Attribute> = Vec::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => attrs.push(attr),
            Structure::Block(_) => break,
        }
    }
    let skipped = |attr: &Attribute| skip.contains(&attr.key.as_str());
    let close = braces.map_or(text.len(), |b| b.close);
    let (at, indent, group) = match attrs.iter().rposition(|a| !skipped(a)) {
        Some(anchor) => {
            let span = attrs[anchor].span()?;
            let at = next_line_start(text, span.end).unwrap_or(text.len());
            let indent = indent_at(text, span.start).to_owned();
            (at, indent, alignment_group(text, &attrs[..=anchor]))
        }
        None => {
            let (at, indent) = match braces {
                Some(b) => {
                    let at = next_line_start(text, b.open)?;
                    let first = body.iter().next().and_then(|s| s.span()).map(|s| s.start);
                    let indent = match first {
                        Some(start) => indent_at(text, start).to_owned(),
                        None => format!("{}  ", indent_at(text, b.open)),
                    };
                    (at, indent)
                }
                None => (text.len(), String::new()),
            };
            (at, indent, Vec::new())
        }
    };
    if at > close {
        return None;
    }
    let new_width = new.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    let mut column = indent.len() + new_width + 1;
    let mut edits = Vec::new();
    if let Some(group_column) = aligned_column(text, &group) {
        if group_column >= column {
            column = group_column;
        } else {
            // A longer name moves the group's `=` signs to its column, as `terraform fmt`
            // would. The padding replaces the spaces before each `=`, so that two fixes
            // padding one group differently conflict (the engine applies one, then the
            // other against the new text) rather than add up.
            for member in &group {
                let spaces = text[..member.eq].trim_end_matches([' ', '\t']).len();
                edits.push(Edit::replace(
                    unit,
                    spaces..member.eq,
                    " ".repeat(member.eq - spaces + column - group_column),
                ));
            }
        }
    }
    let mut lines = String::new();
    if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
        lines.push('\n');
    }
    for (name, value) in new {
        let pad = column.saturating_sub(indent.len() + name.len());
        lines.push_str(&format!(
            "{indent}{name}{}= {value}\n",
            " ".repeat(pad.max(1))
        ));
    }
    edits.push(Edit::insert(unit, at, lines));
    Some(edits)
}

/// An attribute of an alignment group.
struct GroupMember {
    start: usize,
    /// Offset of its `=`.
    eq: usize,
}

/// The single-line attributes on consecutive lines that end with the last of `attrs`.
fn alignment_group(text: &str, attrs: &[&Attribute]) -> Vec<GroupMember> {
    let mut group = Vec::new();
    let mut next_line: Option<usize> = None;
    for attr in attrs.iter().rev() {
        let Some(span) = attr.span() else { break };
        let (first, last) = (line_number(text, span.start), line_number(text, span.end));
        if first != last || next_line.is_some_and(|n| n != last + 1) {
            break;
        }
        let Some(key_end) = attr.key.span().map(|s| s.end) else {
            break;
        };
        let Some(eq) = text.get(key_end..span.end).and_then(|t| t.find('=')) else {
            break;
        };
        group.push(GroupMember {
            start: span.start,
            eq: key_end + eq,
        });
        next_line = Some(first);
    }
    group
}

/// The column of the `=` signs of a group when they are aligned `terraform fmt` style.
fn aligned_column(text: &str, group: &[GroupMember]) -> Option<usize> {
    let columns: Vec<usize> = group
        .iter()
        .map(|m| m.eq - line_start(text, m.eq))
        .collect();
    let first = *columns.first()?;
    if columns.iter().any(|&c| c != first) {
        return None;
    }
    if let [only] = group {
        // One attribute: aligned when written `name = value`.
        let name_end = text[only.start..only.eq].trim_end().len() + only.start;
        return (only.eq == name_end + 1).then_some(first);
    }
    Some(first)
}

/// [`add_attributes`] to the body of a block.
pub fn add_block_attributes(
    text: &str,
    unit: UnitId,
    block: &Block,
    new: &[(&str, &str)],
) -> Option<Vec<Edit>> {
    add_attributes(
        text,
        unit,
        &block.body,
        Some(braces(text, block)?),
        new,
        &[],
    )
}

/// The range that removes an attribute: its whole line (with a comment after it) when it
/// stands alone on its line, else the attribute itself.
pub fn attribute_removal(text: &str, attr: &Attribute) -> Option<Range<usize>> {
    let span = attr.span()?;
    let start = line_start(text, span.start);
    let end = next_line_start(text, span.end).unwrap_or(text.len());
    let after = text.get(span.end..end)?.trim();
    let alone = text.get(start..span.start)?.trim().is_empty()
        && (after.is_empty() || after.starts_with('#') || after.starts_with("//"));
    Some(if alone { start..end } else { span })
}

/// The edit that deletes an attribute (see [`attribute_removal`]).
pub fn delete_attribute(text: &str, unit: UnitId, attr: &Attribute) -> Option<Edit> {
    Some(Edit::delete(unit, attribute_removal(text, attr)?))
}

// Blocks --------------------------------------------------------------------------------

/// Indents the lines of `block` (written at column 0) by `indent`.
pub fn indented(block: &str, indent: &str) -> String {
    block
        .lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                format!("{indent}{line}\n")
            }
        })
        .collect()
}

/// An edit adding a nested block as the last thing in a body, after a blank line. `None`
/// when the closing brace does not stand on its own line.
pub fn add_block_at_end(text: &str, unit: UnitId, container: &Block, block: &str) -> Option<Edit> {
    let braces = braces(text, container)?;
    let at = line_start(text, braces.close);
    if !text[at..braces.close].trim().is_empty() || at <= braces.open {
        return None;
    }
    let indent = body_indent(text, container);
    Some(Edit::insert(
        unit,
        at,
        format!("\n{}", indented(block, &indent)),
    ))
}

/// An edit adding a nested block right after another block of the body, after a blank
/// line.
pub fn add_block_after(
    text: &str,
    unit: UnitId,
    after: &Block,
    container: &Block,
    block: &str,
) -> Option<Edit> {
    let at = after.span()?.end;
    let indent = body_indent(text, container);
    let content = indented(block, &indent);
    Some(Edit::insert(
        unit,
        at,
        format!("\n\n{}", content.trim_end_matches('\n')),
    ))
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

/// The end of the line holding a block's closing brace (after a comment there): where a
/// new top-level block goes after it.
pub fn after_block(text: &str, block: &Block) -> Option<usize> {
    block.span().map(|span| line_end(text, span.end))
}

/// The lines that make a new resource cover every instance of `target`: `count` or
/// `for_each` copied from it, and the expression that refers to the instance's `attr`.
pub fn instance_reference(
    target: &Resource<'_>,
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
pub fn free_name(config: &Configuration<'_>, kind: &str, name: &str, suffix: &str) -> String {
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
        let fixed = applied(
            text,
            add_block_attributes(text, UnitId(0), &block, &[("y", "true")]),
        );
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
        let fixed = applied(
            text,
            add_block_attributes(text, UnitId(0), &block, &[("y", "1")]),
        );
        assert_eq!(fixed, "resource \"a\" \"b\" {\n  y = 1\n}\n");
        let one_line = "resource \"a\" \"b\" { x = 1 }\n";
        let block = first_block(one_line);
        assert_eq!(
            add_block_attributes(one_line, UnitId(0), &block, &[("y", "1")]),
            None
        );
    }

    #[test]
    fn headers_end_after_the_labels() {
        let text = "# lock\nresource \"aws_dynamodb_table\" \"lock\" {\n  name = \"x\"\n}\n";
        let body = hcl_edit::parser::parse_body(text).unwrap();
        let block = body.blocks().next().unwrap();
        assert_eq!(
            &text[header_range(block)],
            "resource \"aws_dynamodb_table\" \"lock\""
        );
        let b = braces(text, block).unwrap();
        assert_eq!(&text[b.close..], "}\n");
    }

    /// The text with the edits applied, from the end backwards.
    /// The text with the edits applied, from the end backwards.
    fn applied(text: &str, edits: Option<Vec<Edit>>) -> String {
        let mut edits = edits.expect("edits");
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        let mut out = text.to_owned();
        for e in edits {
            out.replace_range(e.range, &e.content);
        }
        out
    }

    fn added(text: &str, new: &[(&str, &str)]) -> String {
        applied(
            text,
            add_block_attributes(text, UnitId(0), &first_block(text), new),
        )
    }

    #[test]
    fn added_attributes_follow_the_alignment_of_their_group() {
        // Aligned, and the new name fits: padded to the column.
        assert_eq!(
            added(
                "b {\n  bucket         = \"s\"\n  dynamodb_table = \"t\"\n}\n",
                &[("use_lockfile", "true")]
            ),
            "b {\n  bucket         = \"s\"\n  dynamodb_table = \"t\"\n  use_lockfile   = true\n}\n"
        );
        // Aligned, and the new name is longer: the group is padded too.
        assert_eq!(
            added(
                "b {\n  bucket = \"s\"\n  key    = \"k\"\n}\n",
                &[("use_lockfile", "true")]
            ),
            "b {\n  bucket       = \"s\"\n  key          = \"k\"\n  use_lockfile = true\n}\n"
        );
        // Not aligned: one space, nothing else touched. A trailing comment stays put.
        assert_eq!(
            added(
                "b {\n    bucket = \"s\"\n    key = \"k\" # the key\n}\n",
                &[("use_lockfile", "true")]
            ),
            "b {\n    bucket = \"s\"\n    key = \"k\" # the key\n    use_lockfile = true\n}\n"
        );
        // A blank line ends the group that is aligned.
        assert_eq!(
            added(
                "b {\n  region = \"r\"\n\n  key = \"k\"\n}\n",
                &[("use_lockfile", "true")]
            ),
            "b {\n  region = \"r\"\n\n  key          = \"k\"\n  use_lockfile = true\n}\n"
        );
    }
}
