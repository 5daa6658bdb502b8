//! What the function families share: the outcome of a call, reading and checking
//! arguments, and the errors Terraform would give.

use std::fmt::Display;

use indexmap::IndexMap;

use crate::value::{Data, Value};

/// A function's result; `Err` holds the unknown (error or propagated) that is the result.
pub(super) type Outcome = Result<Value, Value>;

/// An unknown that marks a call Terraform would reject.
pub(super) fn error(message: impl Display) -> Value {
    Value::unknown(format!("error: {message}"))
}

pub(super) fn is_error(value: &Value) -> bool {
    value
        .unknown_reason()
        .is_some_and(|reason| reason.starts_with("error: "))
}

/// Whether an error sits anywhere inside `value`.
pub(super) fn holds_error(value: &Value) -> bool {
    match &value.data {
        Data::Unknown(_) => is_error(value),
        Data::List(items) => items.iter().any(holds_error),
        Data::Map(entries) => entries.values().any(holds_error),
        _ => false,
    }
}

/// "first argument", "second argument", ... for messages.
pub(super) fn ordinal(index: usize) -> String {
    const WORDS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    match WORDS.get(index) {
        Some(word) => format!("{word} argument"),
        None => format!("argument {}", index.saturating_add(1)),
    }
}

/// The kind of a value with its article, for messages: "a string", "null".
pub(super) fn describe(value: &Value) -> &'static str {
    match &value.data {
        Data::Null => "null",
        Data::Bool(_) => "a bool",
        Data::Number(_) => "a number",
        Data::String(_) => "a string",
        Data::List(_) => "a list",
        Data::Map(_) => "a map",
        Data::Unknown(_) => "an unknown value",
    }
}

pub(super) fn expected(name: &str, what: &str, index: usize, got: &Value) -> Value {
    error(format!(
        "`{name}` expects {what} as its {}, got {}",
        ordinal(index),
        describe(got)
    ))
}

/// The argument at `index`; arity is checked before a function runs, so a missing one is
/// a defect in the function table, still reported rather than a panic.
pub(super) fn arg<'a>(name: &str, args: &'a [Value], index: usize) -> Result<&'a Value, Value> {
    args.get(index)
        .ok_or_else(|| error(format!("`{name}` is missing its {}", ordinal(index))))
}

/// The argument at `index`, if it is known at the top level.
pub(super) fn known_arg<'a>(
    name: &str,
    args: &'a [Value],
    index: usize,
) -> Result<&'a Value, Value> {
    let value = arg(name, args, index)?;
    if value.is_unknown() {
        return Err(value.clone());
    }
    Ok(value)
}

/// A primitive as a string, the conversion Terraform applies to string parameters.
pub(super) fn primitive_string(value: &Value) -> Option<String> {
    match &value.data {
        Data::Number(n) if !n.is_finite() => None,
        _ => value.to_template_string(),
    }
}

/// Terraform reads numbers from strings in decimal only: no spaces, hex, `inf` or `NaN`.
pub(super) fn parse_number(text: &str) -> Option<f64> {
    let decimal = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'));
    if !decimal {
        return None;
    }
    let n: f64 = text.parse().ok()?;
    n.is_finite().then_some(n)
}

/// A number, or a string holding one, as Terraform converts number parameters.
pub(super) fn to_number(value: &Value) -> Option<f64> {
    match &value.data {
        Data::Number(n) if n.is_finite() => Some(*n),
        Data::String(s) => parse_number(s),
        _ => None,
    }
}

/// Whether a finite number is whole and fits in an `i64`.
pub(super) fn to_integer(n: f64) -> Option<i64> {
    // 2^63 is exact in f64; anything below it in magnitude converts without saturating.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    (n.is_finite() && n.fract() == 0.0 && n > -LIMIT && n < LIMIT).then_some(n as i64)
}

pub(super) fn string_arg(name: &str, args: &[Value], index: usize) -> Result<String, Value> {
    let value = known_arg(name, args, index)?;
    primitive_string(value).ok_or_else(|| expected(name, "a string", index, value))
}

pub(super) fn number_arg(name: &str, args: &[Value], index: usize) -> Result<f64, Value> {
    let value = known_arg(name, args, index)?;
    to_number(value).ok_or_else(|| expected(name, "a number", index, value))
}

pub(super) fn integer_arg(name: &str, args: &[Value], index: usize) -> Result<i64, Value> {
    let n = number_arg(name, args, index)?;
    to_integer(n).ok_or_else(|| {
        error(format!(
            "`{name}` expects a whole number as its {}, got {}",
            ordinal(index),
            crate::value::format_number(n)
        ))
    })
}

pub(super) fn list_arg<'a>(
    name: &str,
    args: &'a [Value],
    index: usize,
) -> Result<&'a [Value], Value> {
    let value = known_arg(name, args, index)?;
    value
        .as_list()
        .ok_or_else(|| expected(name, "a list", index, value))
}

pub(super) fn map_arg<'a>(
    name: &str,
    args: &'a [Value],
    index: usize,
) -> Result<&'a IndexMap<String, Value>, Value> {
    let value = known_arg(name, args, index)?;
    value
        .as_map()
        .ok_or_else(|| expected(name, "a map", index, value))
}

/// Terraform's equality: same type and same content, whatever the provenance. An unknown
/// equals nothing, since it could be anything.
pub(super) fn same(a: &Value, b: &Value) -> bool {
    match (&a.data, &b.data) {
        (Data::Null, Data::Null) => true,
        (Data::Bool(x), Data::Bool(y)) => x == y,
        (Data::Number(x), Data::Number(y)) => x == y,
        (Data::String(x), Data::String(y)) => x == y,
        (Data::List(x), Data::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Data::Map(x), Data::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| same(x, y)))
        }
        _ => false,
    }
}

/// Values in order without repeats, keeping each first occurrence (and its origin).
pub(super) fn dedupe(values: impl IntoIterator<Item = Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for value in values {
        if !out.iter().any(|seen| same(seen, &value)) {
            out.push(value);
        }
    }
    out
}
