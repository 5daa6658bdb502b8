//! A JSON reader that keeps where everything is: each value, key and string character
//! knows its byte range in the text, so that the configuration translated from it points
//! back into the file the user wrote. serde_json checks syntax but drops positions.

use std::ops::Range;

/// Deeper JSON is refused with a located error, so the recursive reader (and the HCL
/// parser after it, whose own limit is 64) never overflows a small stack.
pub const MAX_DEPTH: usize = 64;

/// A JSON value and its byte range (from its first to its last byte).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    /// The number as written (JSON number syntax is also HCL number syntax).
    Number(String),
    String(Text),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

impl Kind {
    /// What a value is, for messages: "a number", "an array".
    pub fn describe(&self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Object(_) => "an object",
        }
    }
}

/// An object member: its key (a string) and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: Text,
    pub value: Node,
}

/// A decoded JSON string and where each of its characters was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub value: String,
    /// Range of the whole string token, quotes included.
    pub span: Range<usize>,
    /// For strings with escapes: (byte offset in `value`, byte range in the JSON text) of
    /// each character. None when the value is the text between the quotes, byte for byte.
    escapes: Option<Vec<(usize, Range<usize>)>>,
}

impl Text {
    /// Byte range in the JSON text of the character at byte `at` of the value.
    pub fn source_of(&self, at: usize) -> Range<usize> {
        match &self.escapes {
            None => {
                let start = self.span.start + 1 + at;
                let len = self.value[at..].chars().next().map_or(0, char::len_utf8);
                start..start + len
            }
            Some(map) => {
                let i = map.partition_point(|(v, _)| *v <= at).saturating_sub(1);
                map.get(i)
                    .map_or(self.span.end - 1..self.span.end - 1, |(_, r)| r.clone())
            }
        }
    }

    /// Whether the value is the text between the quotes, byte for byte.
    pub fn is_verbatim(&self) -> bool {
        self.escapes.is_none()
    }
}

/// A syntax error at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub offset: usize,
    pub message: String,
}

/// Reads one JSON value that makes up the whole text (whitespace around it allowed).
pub fn read(text: &str) -> Result<Node, Error> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    reader.skip_space();
    let node = reader.value(0)?;
    reader.skip_space();
    if reader.pos < reader.bytes.len() {
        return Err(reader.error("trailing characters after the JSON value"));
    }
    Ok(node)
}

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
}

impl Reader<'_> {
    fn error(&self, message: impl Into<String>) -> Error {
        Error {
            offset: self.pos,
            message: message.into(),
        }
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, Error> {
        let start = self.pos;
        let kind = match self.bytes.get(self.pos) {
            None => return Err(self.error("unexpected end of JSON: a value is missing")),
            Some(b'{' | b'[') if depth >= MAX_DEPTH => {
                return Err(self.error(format!(
                    "JSON nested deeper than {MAX_DEPTH} levels; not graded"
                )));
            }
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b't') => self.keyword("true", Kind::Bool(true))?,
            Some(b'f') => self.keyword("false", Kind::Bool(false))?,
            Some(b'n') => self.keyword("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => {
                let c = self.text[self.pos..].chars().next().unwrap_or(' ');
                return Err(self.error(format!("expected a JSON value, found `{c}`")));
            }
        };
        Ok(Node {
            span: start..self.pos,
            kind,
        })
    }

    fn keyword(&mut self, word: &str, kind: Kind) -> Result<Kind, Error> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(kind)
        } else {
            Err(self.error("expected a JSON value (`true`, `false`, `null`, a number, a string, an array or an object)"))
        }
    }

    fn number(&mut self) -> Result<Kind, Error> {
        let start = self.pos;
        let digits = |r: &mut Self| {
            let from = r.pos;
            while r.bytes.get(r.pos).is_some_and(u8::is_ascii_digit) {
                r.pos += 1;
            }
            r.pos > from
        };
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        if self.bytes.get(self.pos) == Some(&b'0') {
            self.pos += 1;
        } else if !digits(self) {
            return Err(self.error("a number needs digits"));
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.error("a number needs digits after its decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error("a number needs digits in its exponent"));
            }
        }
        Ok(Kind::Number(self.text[start..self.pos].to_owned()))
    }

    fn string(&mut self) -> Result<Text, Error> {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        let mut escapes: Option<Vec<(usize, Range<usize>)>> = None;
        loop {
            let char_start = self.pos;
            let Some(c) = self.text[self.pos..].chars().next() else {
                self.pos = start;
                return Err(self.error("this string is not closed"));
            };
            match c {
                '"' => {
                    self.pos += 1;
                    break;
                }
                '\\' => {
                    let decoded = self.escape()?;
                    let map = escapes.get_or_insert_with(|| {
                        // Every character so far was written as itself.
                        value
                            .char_indices()
                            .map(|(i, ch)| {
                                let from = start + 1 + i;
                                (i, from..from + ch.len_utf8())
                            })
                            .collect()
                    });
                    map.push((value.len(), char_start..self.pos));
                    value.push(decoded);
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.error(
                        "a control character (such as a line break) inside a string must be escaped",
                    ));
                }
                c => {
                    self.pos += c.len_utf8();
                    if let Some(map) = escapes.as_mut() {
                        map.push((value.len(), char_start..self.pos));
                    }
                    value.push(c);
                }
            }
        }
        Ok(Text {
            value,
            span: start..self.pos,
            escapes,
        })
    }

    /// Reads an escape sequence at `\`; returns the character it stands for.
    fn escape(&mut self) -> Result<char, Error> {
        self.pos += 1;
        let Some(&b) = self.bytes.get(self.pos) else {
            return Err(self.error("this string is not closed"));
        };
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) {
                    // A surrogate pair: `\uD83D\uDE00`.
                    if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                        self.pos += 2;
                        let low = self.hex4()?;
                        if (0xDC00..0xE000).contains(&low) {
                            let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                            return char::from_u32(code)
                                .ok_or_else(|| self.error("invalid `\\u` escape"));
                        }
                    }
                    return Err(self.error("a lone UTF-16 surrogate in a `\\u` escape"));
                }
                char::from_u32(high)
                    .ok_or_else(|| self.error("a lone UTF-16 surrogate in a `\\u` escape"))?
            }
            _ => {
                self.pos -= 2;
                return Err(self.error("invalid escape in a string (JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"));
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("`\\u` needs four hexadecimal digits"))?;
        self.pos += 4;
        u32::from_str_radix(digits, 16)
            .map_err(|_| self.error("`\\u` needs four hexadecimal digits"))
    }

    fn array(&mut self, depth: usize) -> Result<Kind, Error> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Kind::Array(items));
        }
        loop {
            self.skip_space();
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Kind::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]` in this array")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Kind, Error> {
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Kind::Object(members));
        }
        loop {
            self.skip_space();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.error("expected a key (a string in double quotes)"));
            }
            let key = self.string()?;
            self.skip_space();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.error("expected `:` after this key"));
            }
            self.pos += 1;
            self.skip_space();
            let value = self.value(depth + 1)?;
            members.push(Member { key, value });
            self.skip_space();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Kind::Object(members));
                }
                _ => return Err(self.error("expected `,` or `}` in this object")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_byte_ranges() {
        let text = r#" {"a": [1, true, null], "b\u00e9": "x\ny"} "#;
        let node = read(text).unwrap();
        assert_eq!(&text[node.span.clone()], &text[1..text.len() - 1]);
        let Kind::Object(members) = &node.kind else {
            panic!("not an object")
        };
        assert_eq!(members[0].key.value, "a");
        assert_eq!(&text[members[0].value.span.clone()], "[1, true, null]");
        assert_eq!(members[1].key.value, "bé");
        // `é` was written as an escape: its source is the six bytes `\u00e9`.
        assert_eq!(&text[members[1].key.source_of(1)], "\\u00e9");
        let Kind::String(s) = &members[1].value.kind else {
            panic!("not a string")
        };
        assert_eq!(s.value, "x\ny");
        assert_eq!(&text[s.source_of(2)], "y");
    }

    #[test]
    fn errors_are_located() {
        let cases = [
            ("{\"a\": }", 6),
            ("{\"a\" 1}", 5),
            ("[1, 2", 5),
            ("\"abc", 0),
            ("{} x", 3),
            ("[01]", 2),
            ("\"\\q\"", 1),
        ];
        for (text, offset) in cases {
            let e = read(text).unwrap_err();
            assert_eq!(e.offset, offset, "{text}: {}", e.message);
        }
    }

    #[test]
    fn surrogate_pairs_decode() {
        let node = read(r#""\ud83d\ude00""#).unwrap();
        let Kind::String(text) = node.kind else {
            panic!("not a string")
        };
        assert_eq!(text.value, "😀");
        assert_eq!(text.source_of(0), 1..13);
    }

    #[test]
    fn deep_nesting_is_an_error_not_an_overflow() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let e = read(&text).unwrap_err();
        assert_eq!(e.offset, MAX_DEPTH);
        assert!(e.message.contains("nested deeper"));
    }
}
