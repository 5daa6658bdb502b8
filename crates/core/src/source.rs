//! Source text positions: byte offsets in, line and column out.
//!
//! Every range in the core is a byte range. Lines and columns are computed only at the
//! edge (report, CLI, Wasm API) by one [`LineIndex`], so that all faces agree.

use serde::Serialize;

/// Maps byte offsets of one text to 1-based lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts; the first is always 0.
    line_starts: Vec<usize>,
    len: usize,
}

/// A position as the report shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
    /// 1-based column in UTF-16 code units, as a browser editor counts.
    pub column_utf16: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self {
            line_starts,
            len: text.len(),
        }
    }

    /// Position of a byte offset in `text` (the text this index was built from).
    /// Offsets past the end clamp to the end; offsets inside a character move to its start.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(self.len);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let before = &text[self.line_starts[line]..offset];
        Position {
            line: line + 1,
            column: before.chars().count() + 1,
            column_utf16: before.encode_utf16().count() + 1,
        }
    }

    /// Byte range of line `line` (1-based), without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts[(line - 1).min(self.line_starts.len() - 1)];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.len, |&next| next - 1);
        let end = if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }

    /// Byte offset of a 1-based line and character column, clamped to the text.
    pub fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let range = self.line_range(text, line.max(1));
        text[range.clone()]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(range.end, |(i, _)| range.start + i)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_utf16_units() {
        let text = "a = 1\nb = \"é😀x\"\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        let pos = index.position(text, x);
        assert_eq!(pos.line, 2);
        // `b = "` is 5 characters, then é and 😀: x is the 8th character.
        assert_eq!(pos.column, 8);
        // 😀 takes two UTF-16 units.
        assert_eq!(pos.column_utf16, 9);
    }

    #[test]
    fn end_of_text_and_line_starts() {
        let text = "ab\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 3).line, 2);
        assert_eq!(index.position(text, 3).column, 1);
        assert_eq!(index.position(text, 99).column, 3);
        assert_eq!(index.line_range(text, 1), 0..2);
        assert_eq!(index.offset(text, 2, 2), 4);
    }

    #[test]
    fn offsets_inside_a_character_move_to_its_start() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 1).column, 1);
    }

    #[test]
    fn crlf_line_range_excludes_carriage_return() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(&text[index.line_range(text, 1)], "ab");
    }
}
