//! Parse recovery: a file with one broken top-level block (a resource cut off at the end
//! of a model's answer, a stray brace) is graded without that block, so what the rest of
//! it holds is not lost. The broken block is blanked (every character but line breaks
//! becomes a space) so that offsets and lines of the rest stay those of the original
//! text, and the file is parsed again.

use hcl_edit::structure::Body;
use std::ops::Range;

/// How many blocks recovery may skip in one file before it gives up, unless they are at
/// most a third of its blocks.
const MAX_SKIPPED: usize = 16;

/// Where top-level blocks start: a line that begins, at column 0, with a block type
/// (`resource`, `variable`, `terraform`, ...) followed by a label or an opening brace.
fn block_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let ident_len = line
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || *b == b'_')
            .count();
        if ident_len > 0 {
            let rest = line[ident_len..].trim_start_matches([' ', '\t']);
            if rest.starts_with('"') || rest.starts_with('{') {
                starts.push(offset);
            }
        }
        offset += line.len();
    }
    starts
}

/// `text` with `range` blanked: characters become spaces, line breaks stay.
fn blank(text: &mut String, range: Range<usize>) {
    let blanked: String = text[range.clone()]
        .chars()
        .map(|c| if c == '\n' || c == '\r' { c } else { ' ' })
        .collect();
    // Multi-byte characters become one space each: pad to keep the byte length.
    let padded = format!("{blanked:<width$}", width = range.len());
    text.replace_range(range, &padded);
}

/// Parses `text`, which does not parse as a whole, without the top-level blocks that do
/// not parse on their own. Returns the body and the blanked ranges, or None when the text
/// has no top-level block, every part of it is broken, or more than [`MAX_SKIPPED`] are.
pub fn recover(text: &str) -> Option<(Body, Vec<Range<usize>>)> {
    let mut starts = block_starts(text);
    if starts.is_empty() {
        return None;
    }
    // What comes before the first block (comments) is a part of its own.
    if starts[0] != 0 {
        starts.insert(0, 0);
    }
    let parts: Vec<Range<usize>> = starts
        .iter()
        .enumerate()
        .map(|(i, &s)| s..starts.get(i + 1).copied().unwrap_or(text.len()))
        .collect();
    let skipped: Vec<Range<usize>> = parts
        .iter()
        .filter(|r| hcl_edit::parser::parse_body(&text[(*r).clone()]).is_err())
        .cloned()
        .collect();
    // A file mostly broken is reported, not guessed at: at most MAX_SKIPPED blocks, or
    // a third of them.
    let limit = MAX_SKIPPED.max(parts.len() / 3);
    if skipped.is_empty() || skipped.len() == parts.len() || skipped.len() > limit {
        return None;
    }
    let mut work = text.to_owned();
    for range in &skipped {
        blank(&mut work, range.clone());
    }
    let body = hcl_edit::parser::parse_body(&work).ok()?;
    Some((body, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(body: &Body) -> Vec<String> {
        body.blocks()
            .map(|b| {
                b.labels
                    .iter()
                    .map(|l| l.as_str().to_owned())
                    .collect::<Vec<_>>()
                    .join(".")
            })
            .collect()
    }

    #[test]
    fn a_block_cut_off_at_the_end_is_skipped() {
        let text = "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"x\"\n}\n\nresource \"aws_instance\" \"b\" {\n  ami = \"ami-1\"\n  metadata_options {\n";
        let (body, skipped) = recover(text).expect("recovered");
        assert_eq!(labels(&body), ["aws_s3_bucket.a"]);
        assert_eq!(skipped.len(), 1);
        assert!(text[skipped[0].clone()].starts_with("resource \"aws_instance\""));
    }

    #[test]
    fn a_block_left_open_before_another_is_skipped_and_offsets_stay() {
        let text = "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"x\"\n\nresource \"aws_instance\" \"b\" {\n  ami = \"ami-1\"\n}\n\nvariable \"v\" {\n  default = \"é\" +\n}\n\noutput \"o\" {\n  value = 1\n}\n";
        let (body, skipped) = recover(text).expect("recovered");
        let kept = labels(&body);
        assert!(kept.contains(&"o".to_owned()), "{kept:?}");
        assert!(!kept.contains(&"v".to_owned()), "{kept:?}");
        // The output keeps its place in the original text.
        let output = body
            .blocks()
            .find(|b| b.ident.as_str() == "output")
            .unwrap();
        let span = hcl_edit::Span::span(&output.ident).expect("the parser keeps spans");
        assert_eq!(&text[span.start..], &text[text.find("output").unwrap()..]);
        assert!(!skipped.is_empty());
    }

    #[test]
    fn text_without_top_level_blocks_is_not_recovered() {
        let text = "  = = =\n";
        assert!(recover(text).is_none());
    }
}
