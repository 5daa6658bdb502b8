//! A JSON reader that keeps the byte span of every value, so that a finding in a policy
//! written as a heredoc can point at the `"*"` itself. serde_json parses the same text
//! first (it is the judge of validity); this reader only adds the spans.

use std::ops::Range;

/// A JSON value and the bytes it was written as.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    pub kind: JsonKind,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JsonKind {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    /// Members in written order; a repeated key keeps every occurrence.
    Object(Vec<(String, Json)>),
}

/// How deep arrays and objects may nest.
const MAX_DEPTH: usize = 64;

/// Parses `text` as one JSON value; `None` when it is not JSON.
pub fn parse(text: &str) -> Option<Json> {
    serde_json::from_str::<serde_json::Value>(text).ok()?;
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        pos: 0,
    };
    reader.skip_ws();
    let value = reader.value(0)?;
    reader.skip_ws();
    (reader.pos == text.len()).then_some(value)
}

struct Reader<'t> {
    bytes: &'t [u8],
    text: &'t str,
    pos: usize,
}

impl Reader<'_> {
    fn skip_ws(&mut self) {
        while self
            .bytes
            .get(self.pos)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        self.skip_ws();
        (self.bytes.get(self.pos) == Some(&byte)).then(|| self.pos += 1)
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        let start = self.pos;
        let kind = match self.bytes.get(self.pos)? {
            b'{' => {
                self.pos += 1;
                let mut members = Vec::new();
                if self.eat(b'}').is_none() {
                    loop {
                        self.skip_ws();
                        let key = match self.value(depth + 1)?.kind {
                            JsonKind::String(key) => key,
                            _ => return None,
                        };
                        self.eat(b':')?;
                        members.push((key, self.value(depth + 1)?));
                        if self.eat(b',').is_none() {
                            self.eat(b'}')?;
                            break;
                        }
                    }
                }
                JsonKind::Object(members)
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                if self.eat(b']').is_none() {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b',').is_none() {
                            self.eat(b']')?;
                            break;
                        }
                    }
                }
                JsonKind::Array(items)
            }
            b'"' => JsonKind::String(self.string()?),
            b't' => self.word("true", JsonKind::Bool(true))?,
            b'f' => self.word("false", JsonKind::Bool(false))?,
            b'n' => self.word("null", JsonKind::Null)?,
            _ => {
                let end = self.bytes[self.pos..]
                    .iter()
                    .position(|b| !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                    .map_or(self.bytes.len(), |n| self.pos + n);
                let number = self.text.get(self.pos..end)?.parse().ok()?;
                self.pos = end;
                JsonKind::Number(number)
            }
        };
        Some(Json {
            kind,
            span: start..self.pos,
        })
    }

    fn word(&mut self, word: &str, kind: JsonKind) -> Option<JsonKind> {
        self.text.get(self.pos..)?.starts_with(word).then(|| {
            self.pos += word.len();
            kind
        })
    }

    /// A string literal starting at the opening quote; the position ends after the closing one.
    fn string(&mut self) -> Option<String> {
        let start = self.pos + 1;
        let mut end = start;
        loop {
            match self.bytes.get(end)? {
                b'"' => break,
                b'\\' => end += 2,
                _ => end += 1,
            }
        }
        let literal = self.text.get(self.pos..=end)?;
        self.pos = end + 1;
        serde_json::from_str(literal).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_each_value() {
        let text = r#"{ "Action": ["s3:GetObject", "*"], "N": -1.5e2, "B": true, "E": "a\"b" }"#;
        let json = parse(text).expect("parses");
        let JsonKind::Object(members) = &json.kind else {
            panic!("object")
        };
        let JsonKind::Array(items) = &members[0].1.kind else {
            panic!("array")
        };
        assert_eq!(&text[items[1].span.clone()], "\"*\"");
        assert_eq!(members[1].1.kind, JsonKind::Number(-150.0));
        assert_eq!(members[3].1.kind, JsonKind::String("a\"b".to_owned()));
        assert_eq!(json.span, 0..text.len());
    }

    #[test]
    fn refuses_what_is_not_json() {
        for text in ["", "{", "{\"a\" 1}", "[1,]", "{'a': 1}", "\"open", "1 2"] {
            assert_eq!(parse(text), None, "{text}");
        }
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(parse(&deep), None);
    }
}
