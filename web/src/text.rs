//! Editor arithmetic in UTF-16 code units, the unit of a textarea's selection and of the
//! report's `column_utf16`: line starts, span offsets, and the pieces of the highlight
//! overlay.

use std::ops::Range;

/// UTF-16 offset at which each line of a text starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utf16Lines {
    starts: Vec<u32>,
    len: u32,
}

impl Utf16Lines {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let mut offset = 0u32;
        for c in text.chars() {
            offset += c.len_utf16() as u32;
            if c == '\n' {
                starts.push(offset);
            }
        }
        Self {
            starts,
            len: offset,
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Offset of a 1-based line and 1-based UTF-16 column, clamped to the text.
    pub fn offset(&self, line: usize, column_utf16: usize) -> u32 {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return self.len;
        };
        let line_end = self
            .starts
            .get(line)
            .map_or(self.len, |&next| next.saturating_sub(1));
        (start + column_utf16.saturating_sub(1) as u32).min(line_end)
    }

    /// The 1-based line holding a UTF-16 offset.
    pub fn line_of(&self, offset: u32) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}

/// A marked span of the overlay: a finding or an error, by UTF-16 offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub range: Range<u32>,
    /// CSS class naming the kind and severity (`sev-critical`, `sev-error`).
    pub class: &'static str,
    /// Which mark wins where marks overlap: the higher.
    pub rank: u8,
}

/// A piece of the overlay: text with at most one mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<'a> {
    pub text: &'a str,
    pub class: Option<&'static str>,
    /// A mark of no width (an error at a line's end): drawn as a point.
    pub point: bool,
}

/// Cuts `text` at the marks' edges; where marks overlap the highest rank shows.
/// An empty mark covers the character after it, or is a point at a line's end.
pub fn pieces<'a>(text: &'a str, marks: &[Mark]) -> Vec<Piece<'a>> {
    // Byte offset of each UTF-16 offset that begins a character.
    let mut byte_of = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        for _ in 0..c.len_utf16() {
            byte_of.push(i);
        }
    }
    byte_of.push(text.len());
    let len16 = (byte_of.len() - 1) as u32;
    let char_end = |at: u32| -> u32 {
        let byte = byte_of[at as usize];
        let width = text[byte..].chars().next().map_or(0, char::len_utf16) as u32;
        at + width
    };

    let mut spans: Vec<(Range<u32>, &'static str, u8)> = Vec::new();
    let mut points: Vec<(u32, &'static str)> = Vec::new();
    for mark in marks {
        let start = mark.range.start.min(len16);
        let end = mark.range.end.clamp(start, len16);
        if start < end {
            spans.push((start..end, mark.class, mark.rank));
        } else if text[byte_of[start as usize]..].starts_with(|c: char| c != '\n' && c != '\r') {
            spans.push((start..char_end(start), mark.class, mark.rank));
        } else {
            points.push((start, mark.class));
        }
    }

    let mut cuts: Vec<u32> = vec![0, len16];
    for (range, ..) in &spans {
        cuts.extend([range.start, range.end]);
    }
    cuts.extend(points.iter().map(|(at, _)| *at));
    // Never cut inside a surrogate pair: its second unit maps to the same byte.
    cuts.retain(|&c| c == 0 || byte_of[c as usize] != byte_of[c as usize - 1]);
    cuts.sort_unstable();
    cuts.dedup();

    let mut out = Vec::new();
    for window in cuts.windows(2) {
        let (a, b) = (window[0], window[1]);
        for (at, class) in &points {
            if *at == a {
                out.push(Piece {
                    text: "",
                    class: Some(class),
                    point: true,
                });
            }
        }
        let best = spans
            .iter()
            .filter(|(r, ..)| r.start <= a && b <= r.end)
            .max_by_key(|(_, _, rank)| *rank)
            .map(|(_, class, _)| *class);
        let slice = &text[byte_of[a as usize]..byte_of[b as usize]];
        if slice.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.class == best && !last.point => {
                let start = byte_of[a as usize] - last.text.len();
                last.text = &text[start..byte_of[b as usize]];
            }
            _ => out.push(Piece {
                text: slice,
                class: best,
                point: false,
            }),
        }
    }
    for (at, class) in &points {
        if *at == len16 {
            out.push(Piece {
                text: "",
                class: Some(class),
                point: true,
            });
        }
    }
    out
}

/// Splits a message at backticks: odd pieces are identifiers to set as code.
pub fn backtick_pieces(message: &str) -> impl Iterator<Item = (bool, &str)> {
    message
        .split('`')
        .enumerate()
        .map(|(i, s)| (i % 2 == 1, s))
        .filter(|(_, s)| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_utf16_units() {
        let text = "a😀b\ncd\n";
        let lines = Utf16Lines::new(text);
        assert_eq!(lines.line_count(), 3);
        // `b` is after a surrogate pair: UTF-16 column 4.
        assert_eq!(lines.offset(1, 4), 3);
        assert_eq!(lines.offset(2, 1), 5);
        // Past the line's end clamps to it.
        assert_eq!(lines.offset(2, 9), 7);
        assert_eq!(lines.offset(9, 1), 8);
        assert_eq!(lines.line_of(5), 2);
        assert_eq!(lines.line_of(0), 1);
    }

    #[test]
    fn pieces_mark_spans_and_keep_the_text() {
        let text = "x = \"😀0.0.0.0/0\"\ny = 1\n";
        let marks = [
            Mark {
                range: 4..17,
                class: "sev-low",
                rank: 1,
            },
            Mark {
                range: 7..16,
                class: "sev-critical",
                rank: 4,
            },
        ];
        let got = pieces(text, &marks);
        let joined: String = got.iter().map(|p| p.text).collect();
        assert_eq!(joined, text);
        let marked: Vec<(&str, Option<&str>)> = got.iter().map(|p| (p.text, p.class)).collect();
        assert_eq!(
            marked,
            [
                ("x = ", None),
                ("\"😀", Some("sev-low")),
                ("0.0.0.0/0", Some("sev-critical")),
                ("\"", Some("sev-low")),
                ("\ny = 1\n", None),
            ]
        );
    }

    #[test]
    fn an_empty_mark_covers_a_character_or_is_a_point() {
        let text = "ab\n";
        let on_char = pieces(
            text,
            &[Mark {
                range: 1..1,
                class: "sev-error",
                rank: 9,
            }],
        );
        assert_eq!(on_char[1].text, "b");
        assert_eq!(on_char[1].class, Some("sev-error"));
        let at_end = pieces(
            text,
            &[Mark {
                range: 2..2,
                class: "sev-error",
                rank: 9,
            }],
        );
        assert!(at_end.iter().any(|p| p.point && p.text.is_empty()));
        let joined: String = at_end.iter().map(|p| p.text).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn backticks_set_identifiers_apart() {
        let got: Vec<_> = backtick_pieces("SSH open via `var.x` here").collect();
        assert_eq!(
            got,
            [(false, "SSH open via "), (true, "var.x"), (false, " here")]
        );
    }
}
