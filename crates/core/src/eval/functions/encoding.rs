//! JSON, base64 and URL encodings, byte for byte as Terraform writes them.

use std::fmt;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::args::{Outcome, arg, error, string_arg};
use crate::value::{Data, Value, format_number};

pub(super) fn jsonencode(args: Vec<Value>) -> Outcome {
    let mut out = String::new();
    write_json("jsonencode", arg("jsonencode", &args, 0)?, &mut out)?;
    Ok(Value::string(out))
}

/// Terraform's JSON: compact, object keys sorted by their bytes, numbers without exponent
/// or needless fraction.
pub(super) fn write_json(name: &str, value: &Value, out: &mut String) -> Result<(), Value> {
    match &value.data {
        Data::Null => out.push_str("null"),
        Data::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Data::Number(n) if n.is_finite() => out.push_str(&format_number(*n)),
        Data::Number(_) => {
            return Err(error(format!(
                "`{name}` cannot encode a number that is not finite"
            )));
        }
        Data::String(s) => json_string(s, out),
        Data::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(name, item, out)?;
            }
            out.push(']');
        }
        Data::Map(entries) => {
            let mut sorted: Vec<(&String, &Value)> = entries.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, item)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(key, out);
                out.push(':');
                write_json(name, item, out)?;
            }
            out.push('}');
        }
        Data::Unknown(_) => return Err(value.clone()),
    }
    Ok(())
}

/// A JSON string as Terraform writes it: `<`, `>` and `&` escaped for safe embedding in
/// HTML, line and paragraph separators escaped for JavaScript.
pub(super) fn json_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

pub(super) fn jsondecode(args: Vec<Value>) -> Outcome {
    let text = string_arg("jsondecode", &args, 0)?;
    serde_json::from_str::<Json>(&text)
        .map(|json| json.0)
        .map_err(|e| error(format!("`jsondecode` cannot parse its argument: {e}")))
}

/// A decoded JSON value. Decoding through serde keeps object keys in document order
/// whatever features `serde_json` was built with; a repeated key keeps its last value.
struct Json(Value);

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json(Value::null()))
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Json, E> {
        Ok(Json(Value::bool(b)))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Json, E> {
        Ok(Json(Value::number(n as f64)))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Json, E> {
        Ok(Json(Value::number(n as f64)))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Json, E> {
        Ok(Json(Value::number(n)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Json, E> {
        Ok(Json(Value::string(s)))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Json, E> {
        Ok(Json(Value::string(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(Json(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json(Value::list(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries = IndexMap::new();
        while let Some((key, Json(item))) = map.next_entry::<String, Json>()? {
            entries.insert(key, item);
        }
        Ok(Json(Value::map(entries)))
    }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub(super) fn base64encode(args: Vec<Value>) -> Outcome {
    let text = string_arg("base64encode", &args, 0)?;
    let mut out = String::with_capacity(text.len().div_ceil(3) * 4);
    for chunk in text.as_bytes().chunks(3) {
        let bytes = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let group = u32::from(bytes[0]) << 16 | u32::from(bytes[1]) << 8 | u32::from(bytes[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(BASE64[(group >> shift & 0x3f) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    Ok(Value::string(out))
}

pub(super) fn base64decode(args: Vec<Value>) -> Outcome {
    let text = string_arg("base64decode", &args, 0)?;
    let bytes = decode_base64(&text)
        .ok_or_else(|| error(format!("`base64decode` cannot decode {text:?}")))?;
    String::from_utf8(bytes)
        .map(Value::string)
        .map_err(|_| error("`base64decode` decoded bytes that are not UTF-8 text"))
}

/// Standard base64 with padding; line breaks are ignored, as Terraform ignores them.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let symbols: Vec<u8> = text
        .bytes()
        .filter(|b| !matches!(b, b'\r' | b'\n'))
        .collect();
    if !symbols.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(symbols.len() / 4 * 3);
    let last = symbols.len() / 4;
    for (index, quad) in symbols.chunks(4).enumerate() {
        let padding = quad.iter().rev().take_while(|&&b| b == b'=').count();
        if padding > 2 || (padding > 0 && index + 1 != last) {
            return None;
        }
        let mut group = 0_u32;
        for &symbol in &quad[..4 - padding] {
            let value = BASE64.iter().position(|&b| b == symbol)?;
            group = group << 6 | value as u32;
        }
        group <<= 6 * padding as u32;
        let decoded = [(group >> 16) as u8, (group >> 8) as u8, group as u8];
        out.extend_from_slice(&decoded[..3 - padding]);
    }
    Some(out)
}

pub(super) fn urlencode(args: Vec<Value>) -> Outcome {
    let text = string_arg("urlencode", &args, 0)?;
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    Ok(Value::string(out))
}

#[cfg(test)]
mod tests {
    use crate::eval::functions::test_support::*;
    use crate::value::Value;

    #[test]
    fn jsonencode_writes_a_policy_like_terraform() {
        let statement = map(vec![
            ("Effect", s("Allow")),
            ("Action", strings(&["s3:GetObject"])),
            ("Resource", s("arn:aws:s3:::b/*")),
            (
                "Condition",
                map(vec![("StringLike", map(vec![("aws:Referer", s("<x>&"))]))]),
            ),
        ]);
        let policy = map(vec![
            ("Version", s("2012-10-17")),
            ("Statement", list(vec![statement])),
        ]);
        assert_eq!(
            eval("jsonencode", vec![policy]),
            s(
                r#"{"Statement":[{"Action":["s3:GetObject"],"Condition":{"StringLike":{"aws:Referer":"\u003cx\u003e\u0026"}},"Effect":"Allow","Resource":"arn:aws:s3:::b/*"}],"Version":"2012-10-17"}"#
            )
        );
    }

    #[test]
    fn jsonencode_scalars_match_terraform() {
        for (value, expected) in [
            (
                s("a\nb\t\"\\ é \u{2028} \u{1} \u{8}\u{c}\u{7f}"),
                r#""a\nb\t\"\\ é \u2028 \u0001 \b\f"#.to_string() + "\u{7f}\"",
            ),
            (n(0.1), "0.1".to_string()),
            (n(1e21), "1000000000000000000000".to_string()),
            (n(1e-7), "0.0000001".to_string()),
            (n(-0.5), "-0.5".to_string()),
            (n(42.0), "42".to_string()),
            (list(vec![]), "[]".to_string()),
            (map(vec![]), "{}".to_string()),
            (Value::null(), "null".to_string()),
            (
                list(vec![Value::bool(true), Value::null()]),
                "[true,null]".to_string(),
            ),
        ] {
            assert_eq!(
                eval("jsonencode", vec![value.clone()]),
                s(&expected),
                "{value}"
            );
        }
    }

    #[test]
    fn jsondecode_keeps_order_and_types() {
        let decoded = eval(
            "jsondecode",
            vec![s(r#"{"b":1,"a":[true,null,"x"],"c":{"d":2.5}}"#)],
        );
        assert_eq!(
            decoded,
            map(vec![
                ("b", n(1.0)),
                ("a", list(vec![Value::bool(true), Value::null(), s("x")])),
                ("c", map(vec![("d", n(2.5))])),
            ])
        );
        assert_eq!(
            eval("jsondecode", vec![s(r#"{"a":1,"a":2}"#)]),
            map(vec![("a", n(2.0))])
        );
        assert_eq!(
            eval("jsondecode", vec![s("18446744073709551616")]),
            n(18446744073709551616.0)
        );
        assert_error(&eval("jsondecode", vec![s("[1, 2")]), "cannot parse");
        assert_error(&eval("jsondecode", vec![s("")]), "cannot parse");
        let deep = "[".repeat(100_000);
        assert_error(&eval("jsondecode", vec![s(&deep)]), "cannot parse");
        // Decoding and encoding again gives Terraform's canonical form.
        let round = eval(
            "jsonencode",
            vec![eval(
                "jsondecode",
                vec![s(r#"{ "b": [1, 2.0], "a": "<" }"#)],
            )],
        );
        assert_eq!(round, s(r#"{"a":"\u003c","b":[1,2]}"#));
    }

    #[test]
    fn base64_and_urlencode_match_terraform() {
        for (plain, encoded) in [
            ("", ""),
            ("h", "aA=="),
            ("he", "aGU="),
            ("hello", "aGVsbG8="),
            ("hé", "aMOp"),
            ("#!/bin/bash\necho hi\n", "IyEvYmluL2Jhc2gKZWNobyBoaQo="),
        ] {
            assert_eq!(eval("base64encode", vec![s(plain)]), s(encoded));
            assert_eq!(eval("base64decode", vec![s(encoded)]), s(plain));
        }
        assert_eq!(eval("base64decode", vec![s("aGVs\nbG8=\n")]), s("hello"));
        assert_error(&eval("base64decode", vec![s("aGVsbG8")]), "cannot decode");
        assert_error(&eval("base64decode", vec![s("aGV sbG8=")]), "cannot decode");
        assert_error(&eval("base64decode", vec![s("aA==aA==")]), "cannot decode");
        assert_error(&eval("base64decode", vec![s("/w==")]), "not UTF-8");
        assert_eq!(
            eval("urlencode", vec![s("a b&c=d/é~")]),
            s("a+b%26c%3Dd%2F%C3%A9~")
        );
    }
}
