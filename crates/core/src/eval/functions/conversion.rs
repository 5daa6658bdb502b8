//! Type conversions, and the element-type unification Terraform applies to lists, sets and
//! maps. A converted value is still the literal that was written, so it keeps its origin.

use super::args::{
    Outcome, arg, dedupe, describe, error, known_arg, parse_number, primitive_string,
};
use crate::value::{Data, Value};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    Number,
    String,
    List,
    Map,
}

impl Kind {
    fn of(value: &Value) -> Option<Self> {
        match &value.data {
            Data::Bool(_) => Some(Self::Bool),
            Data::Number(_) => Some(Self::Number),
            Data::String(_) => Some(Self::String),
            Data::List(_) => Some(Self::List),
            Data::Map(_) => Some(Self::Map),
            Data::Null | Data::Unknown(_) => None,
        }
    }

    fn is_primitive(self) -> bool {
        matches!(self, Self::Bool | Self::Number | Self::String)
    }

    fn described(self) -> &'static str {
        match self {
            Self::Bool => "a bool",
            Self::Number => "a number",
            Self::String => "a string",
            Self::List => "a list",
            Self::Map => "a map",
        }
    }
}

/// Converts `values` to one type in place, as Terraform does for the elements of a list,
/// set or map: a string among numbers or bools makes them all strings, while numbers with
/// bools, or primitives with collections, have no common type. Nested element types are
/// not compared; nulls and unknowns fit any type.
pub(super) fn unify(name: &str, mut values: Vec<&mut Value>) -> Result<(), Value> {
    let mut kinds: Vec<Kind> = Vec::new();
    for value in &values {
        if let Some(kind) = Kind::of(value)
            && !kinds.contains(&kind)
        {
            kinds.push(kind);
        }
    }
    match kinds[..] {
        [] | [_] => Ok(()),
        [first, second, ..] => {
            let all_primitive = kinds.iter().all(|kind| kind.is_primitive());
            if !all_primitive || !kinds.contains(&Kind::String) {
                return Err(error(format!(
                    "`{name}` needs values of one type, got {} and {}",
                    first.described(),
                    second.described()
                )));
            }
            for value in values.iter_mut() {
                if let Some(converted) = stringified(value) {
                    **value = converted;
                }
            }
            Ok(())
        }
    }
}

/// A primitive as a string value, keeping its origin; `None` for anything else.
pub(super) fn stringified(value: &Value) -> Option<Value> {
    match &value.data {
        Data::String(_) => Some(value.clone()),
        Data::Number(_) | Data::Bool(_) => Some(Value {
            data: Data::String(primitive_string(value)?),
            origin: value.origin.clone(),
        }),
        _ => None,
    }
}

/// `sensitive` and `nonsensitive` change only how Terraform displays a value.
pub(super) fn pass_through(args: Vec<Value>) -> Outcome {
    args.into_iter()
        .next()
        .ok_or_else(|| error("a sensitivity function expects 1 argument"))
}

pub(super) fn tostring(args: Vec<Value>) -> Outcome {
    let value = arg("tostring", &args, 0)?;
    if value.is_null() {
        return Ok(value.clone());
    }
    stringified(value).ok_or_else(|| {
        error(format!(
            "`tostring` cannot convert {} to a string",
            describe(value)
        ))
    })
}

pub(super) fn tonumber(args: Vec<Value>) -> Outcome {
    let value = arg("tonumber", &args, 0)?;
    match &value.data {
        Data::Null => Ok(value.clone()),
        Data::Number(n) if n.is_finite() => Ok(value.clone()),
        Data::String(s) => parse_number(s)
            .map(|n| Value {
                data: Data::Number(n),
                origin: value.origin.clone(),
            })
            .ok_or_else(|| error(format!("`tonumber` cannot convert {s:?} to a number"))),
        _ => Err(error(format!(
            "`tonumber` cannot convert {} to a number",
            describe(value)
        ))),
    }
}

pub(super) fn tobool(args: Vec<Value>) -> Outcome {
    let value = arg("tobool", &args, 0)?;
    match (&value.data, value.as_bool()) {
        (Data::Null | Data::Bool(_), _) => Ok(value.clone()),
        (Data::String(_), Some(b)) => Ok(Value {
            data: Data::Bool(b),
            origin: value.origin.clone(),
        }),
        _ => Err(error(format!("`tobool` cannot convert {value} to a bool"))),
    }
}

pub(super) fn tolist(args: Vec<Value>) -> Outcome {
    let (value, items) = sequence("tolist", &args)?;
    match items {
        Some(items) => Ok(Value::list(items).with_origin(value.origin.clone())),
        None => Ok(value.clone()),
    }
}

pub(super) fn toset(args: Vec<Value>) -> Outcome {
    let (value, items) = sequence("toset", &args)?;
    match items {
        Some(items) => Ok(Value::list(dedupe(items)).with_origin(value.origin.clone())),
        None => Ok(value.clone()),
    }
}

/// The argument of `tolist` or `toset` and its unified elements (`None` when it is null).
fn sequence<'a>(name: &str, args: &'a [Value]) -> Result<(&'a Value, Option<Vec<Value>>), Value> {
    let value = known_arg(name, args, 0)?;
    match &value.data {
        Data::Null => Ok((value, None)),
        Data::List(items) => {
            let mut items = items.clone();
            unify(name, items.iter_mut().collect())?;
            Ok((value, Some(items)))
        }
        _ => Err(error(format!(
            "`{name}` expects a list or set, got {}",
            describe(value)
        ))),
    }
}

pub(super) fn tomap(args: Vec<Value>) -> Outcome {
    let value = known_arg("tomap", &args, 0)?;
    match &value.data {
        Data::Null => Ok(value.clone()),
        Data::Map(entries) => {
            let mut entries = entries.clone();
            unify("tomap", entries.values_mut().collect())?;
            Ok(Value::map(entries).with_origin(value.origin.clone()))
        }
        _ => Err(error(format!(
            "`tomap` expects a map or object, got {}",
            describe(value)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use crate::eval::functions::test_support::*;
    use crate::value::Value;

    #[test]
    fn primitive_conversions_match_terraform() {
        assert_eq!(eval("tostring", vec![n(5.0)]), s("5"));
        assert_eq!(eval("tostring", vec![n(0.5)]), s("0.5"));
        assert_eq!(eval("tostring", vec![Value::bool(true)]), s("true"));
        assert_eq!(eval("tostring", vec![Value::null()]), Value::null());
        assert_eq!(eval("tonumber", vec![s("12.5")]), n(12.5));
        assert_eq!(eval("tonumber", vec![s("1e3")]), n(1000.0));
        assert_eq!(eval("tobool", vec![s("false")]), Value::bool(false));
        assert_error(
            &eval("tostring", vec![strings(&["a"])]),
            "cannot convert a list",
        );
        assert_error(&eval("tonumber", vec![s(" 5")]), "cannot convert \" 5\"");
        assert_error(&eval("tonumber", vec![s("0x10")]), "to a number");
        assert_error(&eval("tonumber", vec![s("NaN")]), "to a number");
        assert_error(
            &eval("tonumber", vec![Value::bool(true)]),
            "a bool to a number",
        );
        assert_error(&eval("tobool", vec![n(1.0)]), "cannot convert 1 to a bool");
    }

    #[test]
    fn conversions_keep_the_origin_of_the_literal() {
        let port = n(22.0).with_origin(origin(5));
        assert_eq!(eval("tostring", vec![port.clone()]).origin, port.origin);
        let text = traced("22", 9);
        assert_eq!(eval("tonumber", vec![text.clone()]).origin, text.origin);
        let mixed = eval("tolist", vec![list(vec![s("a"), port.clone()])]);
        let converted = mixed.as_list().and_then(|items| items.get(1)).cloned();
        assert_eq!(converted, Some(s("22").with_origin(port.origin.clone())));
    }

    #[test]
    fn collection_conversions_match_terraform() {
        assert_eq!(
            eval("tolist", vec![list(vec![s("a"), n(1.0)])]),
            strings(&["a", "1"])
        );
        assert_eq!(
            eval("toset", vec![strings(&["b", "a", "b"])]),
            strings(&["b", "a"])
        );
        assert_eq!(
            eval("tomap", vec![map(vec![("a", n(1.0)), ("b", s("x"))])]),
            map(vec![("a", s("1")), ("b", s("x"))])
        );
        assert_eq!(eval("tolist", vec![Value::null()]), Value::null());
        let nested = list(vec![strings(&["a"]), list(vec![n(1.0)])]);
        assert_eq!(eval("tolist", vec![nested.clone()]), nested);
        assert_error(
            &eval("tolist", vec![list(vec![n(1.0), Value::bool(true)])]),
            "got a number and a bool",
        );
        assert_error(
            &eval(
                "tomap",
                vec![map(vec![("a", n(1.0)), ("b", strings(&["x"]))])],
            ),
            "one type",
        );
        assert_error(&eval("tolist", vec![map(vec![])]), "got a map");
        assert_error(&eval("tomap", vec![strings(&["a"])]), "got a list");
        let secret = traced("hunter2", 4);
        assert_eq!(
            eval("sensitive", vec![secret.clone()]).origin,
            secret.origin
        );
    }
}
