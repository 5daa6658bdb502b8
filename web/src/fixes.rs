//! Fixes as the page applies them: a finding's edits on the editor's text, and the diff a
//! preview shows. Pure, so that they are tested natively.

use similar::{ChangeTag, TextDiff};
use tfgrade_core::report::EditReport;

/// The text with the edits applied (byte ranges of the text, as the report gives them),
/// or `None` when an edit does not fit it (the text changed since the grading).
pub fn apply_edits(text: &str, edits: &[EditReport]) -> Option<String> {
    let mut ordered: Vec<&EditReport> = edits.iter().collect();
    ordered.sort_by_key(|e| std::cmp::Reverse(e.location.start));
    let mut out = text.to_owned();
    let mut limit = text.len();
    for edit in ordered {
        let (start, end) = (edit.location.start, edit.location.end);
        let fits = start <= end
            && end <= limit
            && out.is_char_boundary(start)
            && out.is_char_boundary(end);
        if !fits {
            return None;
        }
        out.replace_range(start..end, &edit.replacement);
        limit = start;
    }
    Some(out)
}

/// One line of a diff as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffLine {
    /// A line both texts have, with its line number in the new text.
    Same(usize, String),
    Removed(String),
    /// A line only the new text has, with its line number there.
    Added(usize, String),
    /// Unchanged lines left out between two hunks.
    Gap,
}

/// The changed lines of `new` against `old`, with `context` unchanged lines around each
/// change.
pub fn diff_lines(old: &str, new: &str, context: usize) -> Vec<DiffLine> {
    let diff = TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for (i, group) in diff.grouped_ops(context).iter().enumerate() {
        if i > 0 {
            out.push(DiffLine::Gap);
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let text = change.value().trim_end_matches(['\n', '\r']).to_owned();
                let line = change.new_index().map_or(0, |n| n + 1);
                out.push(match change.tag() {
                    ChangeTag::Equal => DiffLine::Same(line, text),
                    ChangeTag::Delete => DiffLine::Removed(text),
                    ChangeTag::Insert => DiffLine::Added(line, text),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tfgrade_core::report::Location;

    fn edit(start: usize, end: usize, replacement: &str) -> EditReport {
        EditReport {
            file: "main.tf".into(),
            location: Location {
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 1,
                column_utf16: 1,
                end_column_utf16: 1,
                start,
                end,
            },
            replacement: replacement.into(),
        }
    }

    #[test]
    fn edits_apply_from_the_end_and_refuse_a_text_they_do_not_fit() {
        let text = "a = 1\nb = 2\n";
        let fixed = apply_edits(text, &[edit(4, 5, "10"), edit(10, 11, "20")]);
        assert_eq!(fixed.as_deref(), Some("a = 10\nb = 20\n"));
        assert_eq!(apply_edits(text, &[edit(4, 99, "x")]), None);
        assert_eq!(
            apply_edits("é", &[edit(1, 2, "x")]),
            None,
            "inside a character"
        );
        assert_eq!(
            apply_edits(text, &[edit(2, 8, "x"), edit(4, 5, "y")]),
            None,
            "overlap"
        );
    }

    #[test]
    fn the_diff_keeps_context_and_marks_changes() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\nfour\n5\n6\n7\n8\nnine\n";
        let lines = diff_lines(old, new, 1);
        assert_eq!(
            lines,
            [
                DiffLine::Same(3, "3".into()),
                DiffLine::Removed("4".into()),
                DiffLine::Added(4, "four".into()),
                DiffLine::Same(5, "5".into()),
                DiffLine::Gap,
                DiffLine::Same(8, "8".into()),
                DiffLine::Removed("9".into()),
                DiffLine::Added(9, "nine".into()),
            ]
        );
        assert!(diff_lines(old, old, 2).is_empty());
    }
}
