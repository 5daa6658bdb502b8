//! A string template or heredoc read part by part, for policies whose text is partly
//! known: `"arn:aws:dynamodb:*:${local.account}:table/*"`, or a heredoc JSON policy with
//! `${aws_s3_bucket.data.arn}` in it. Each interpolation is evaluated on its own; the ones
//! that cannot be known become holes, so that what is known can still be judged.

use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::expr::Expression;
use hcl_edit::template::Element;

use crate::configuration::Configuration;
use crate::eval::{Scope, Value};
use crate::submission::UnitId;

/// A template rendered with its unknown interpolations left as holes.
pub struct Rendered {
    /// The text, each hole written as the marker [`hole_marker`] gives.
    pub text: String,
    /// The unknown values, by hole number.
    pub holes: Vec<Hole>,
    /// Where each part of `text` was written.
    segments: Vec<Segment>,
}

/// An interpolation whose value cannot be known.
pub struct Hole {
    pub value: Value,
}

struct Segment {
    text: Range<usize>,
    source: Range<usize>,
    literal: bool,
    /// The text is the source itself, byte for byte (a literal without escapes).
    exact: bool,
}

/// Starts and ends a hole's number in the rendered text: characters of Unicode's private
/// use area, which no policy writes.
const HOLE_START: char = '\u{E000}';
const HOLE_END: char = '\u{E001}';

/// What stands for hole `index` in the rendered text.
pub fn hole_marker(index: usize) -> String {
    format!("{HOLE_START}{index}{HOLE_END}")
}

/// A rendered string cut into known text and holes.
pub enum Piece<'t> {
    Text(&'t str),
    Hole(usize),
}

/// A string holding hole markers as a reader sees it: `arn:aws:s3:::${…}/*`.
pub fn display(text: &str) -> String {
    pieces(text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => text,
            Piece::Hole(_) => "${…}",
        })
        .collect()
}

/// The pieces of a string holding hole markers, in order.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(HOLE_START) {
        let Some(len) = rest[start..].find(HOLE_END) else {
            break;
        };
        let number = &rest[start + HOLE_START.len_utf8()..start + len];
        let Ok(index) = number.parse() else {
            break;
        };
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        out.push(Piece::Hole(index));
        rest = &rest[start + len + HOLE_END.len_utf8()..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Renders a string template or heredoc with holes for the interpolations that cannot be
/// known. `quote_outside_strings`: a hole outside a JSON string is written as a JSON
/// string (`"<hole>"`), so that a JSON document with an unknown value still parses.
/// `None` for other expressions, and for templates with directives (`%{ if }`).
pub fn render(
    config: &Configuration<'_>,
    unit: UnitId,
    expr: &Expression,
    scope: &Scope,
    quote_outside_strings: bool,
) -> Option<Rendered> {
    // A `<<-` heredoc comes from the parser with its indent already stripped.
    let elements: Vec<&Element> = match expr {
        Expression::StringTemplate(template) => template.iter().collect(),
        Expression::HeredocTemplate(heredoc) => heredoc.template.iter().collect(),
        _ => return None,
    };
    let source = config.text(unit);
    let mut out = Rendered {
        text: String::new(),
        holes: Vec::new(),
        segments: Vec::new(),
    };
    for element in elements {
        let start = out.text.len();
        match element {
            Element::Literal(literal) => {
                out.text.push_str(literal.value());
                let span = literal.span()?;
                let exact = source.get(span.clone()) == Some(literal.value().as_str());
                out.segments.push(Segment {
                    text: start..out.text.len(),
                    source: span,
                    literal: true,
                    exact,
                });
            }
            Element::Interpolation(interpolation) => {
                let span = interpolation.span()?;
                let value = config.eval(unit, &interpolation.expr, scope);
                if let Some(text) = value.to_template_string() {
                    out.text.push_str(&text);
                } else if value.is_unknown() {
                    let marker = hole_marker(out.holes.len());
                    if quote_outside_strings && !inside_json_string(&out.text) {
                        out.text.push_str(&format!("\"{marker}\""));
                    } else {
                        out.text.push_str(&marker);
                    }
                    out.holes.push(Hole { value });
                } else {
                    // A list or an object in a string: Terraform refuses it.
                    return None;
                }
                out.segments.push(Segment {
                    text: start..out.text.len(),
                    source: span,
                    literal: false,
                    exact: false,
                });
            }
            Element::Directive(_) => return None,
        }
    }
    Some(out)
}

impl Rendered {
    /// Where a range of the rendered text was written: the same bytes of a literal that is
    /// its own source, else the one interpolation it overlaps (and only literal text that
    /// is its source besides).
    pub fn source_of(&self, range: &Range<usize>) -> Option<Range<usize>> {
        if let Some(segment) = self
            .segments
            .iter()
            .find(|s| s.exact && s.text.start <= range.start && range.end <= s.text.end)
        {
            let start = segment.source.start + (range.start - segment.text.start);
            return Some(start..start + (range.end - range.start));
        }
        let overlapping: Vec<&Segment> = self
            .segments
            .iter()
            .filter(|s| s.text.start < range.end && range.start < s.text.end)
            .collect();
        if overlapping.iter().any(|s| s.literal && !s.exact) {
            // Text changed on its way (escapes, a stripped indent): no place to point at.
            return None;
        }
        let mut overlapping = overlapping.into_iter().filter(|s| !s.literal);
        match (overlapping.next(), overlapping.next()) {
            (Some(one), None) => Some(one.source.clone()),
            _ => None,
        }
    }
}

/// Whether the end of `text` is inside a JSON string: an odd number of unescaped quotes.
fn inside_json_string(text: &str) -> bool {
    let mut inside = false;
    let mut escaped = false;
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if inside => escaped = true,
            '"' => inside = !inside,
            _ => {}
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_split_text_and_holes() {
        let text = format!("arn:aws:s3:::{}/{}", hole_marker(0), hole_marker(12));
        let parts: Vec<String> = pieces(&text)
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => t.to_owned(),
                Piece::Hole(i) => format!("<{i}>"),
            })
            .collect();
        assert_eq!(parts, ["arn:aws:s3:::", "<0>", "/", "<12>"]);
    }

    #[test]
    fn quotes_are_counted_with_escapes() {
        assert!(inside_json_string(r#"{"Resource": "arn:"#));
        assert!(!inside_json_string(r#"{"Resource": "a\"b", "X": "#));
        assert!(inside_json_string(r#"{"Resource": "a\\"#));
    }
}
