//! Arithmetic functions over `f64`.

use super::args::{Outcome, describe, error, integer_arg, list_arg, number_arg, to_number};
use crate::value::{Data, Value};

/// A computed number, refused when `f64` cannot hold it (Terraform's numbers are unbounded).
fn finite(name: &str, n: f64) -> Outcome {
    if n.is_finite() {
        Ok(Value::number(n))
    } else {
        Err(error(format!("`{name}` result is out of range")))
    }
}

pub(super) fn abs(args: Vec<Value>) -> Outcome {
    finite("abs", number_arg("abs", &args, 0)?.abs())
}

pub(super) fn ceil(args: Vec<Value>) -> Outcome {
    finite("ceil", number_arg("ceil", &args, 0)?.ceil())
}

pub(super) fn floor(args: Vec<Value>) -> Outcome {
    finite("floor", number_arg("floor", &args, 0)?.floor())
}

pub(super) fn signum(args: Vec<Value>) -> Outcome {
    let n = integer_arg("signum", &args, 0)?;
    Ok(Value::number(n.signum() as f64))
}

pub(super) fn pow(args: Vec<Value>) -> Outcome {
    let base = number_arg("pow", &args, 0)?;
    let exponent = number_arg("pow", &args, 1)?;
    finite("pow", base.powf(exponent))
}

pub(super) fn max(args: Vec<Value>) -> Outcome {
    extreme("max", &args, |candidate, best| candidate > best)
}

pub(super) fn min(args: Vec<Value>) -> Outcome {
    extreme("min", &args, |candidate, best| candidate < best)
}

/// The argument that beats all others; a number argument is returned as it was, origin
/// included.
fn extreme(name: &str, args: &[Value], beats: fn(f64, f64) -> bool) -> Outcome {
    let mut best: Option<(f64, usize)> = None;
    for index in 0..args.len() {
        let n = number_arg(name, args, index)?;
        if best.is_none_or(|(b, _)| beats(n, b)) {
            best = Some((n, index));
        }
    }
    let (n, index) = best.ok_or_else(|| error(format!("`{name}` expects at least 1 number")))?;
    match args.get(index) {
        Some(original) if matches!(original.data, Data::Number(_)) => Ok(original.clone()),
        _ => Ok(Value::number(n)),
    }
}

pub(super) fn sum(args: Vec<Value>) -> Outcome {
    let items = list_arg("sum", &args, 0)?;
    if items.is_empty() {
        return Err(error("`sum` cannot sum an empty list"));
    }
    let mut total = 0.0;
    for item in items {
        total += to_number(item).ok_or_else(|| {
            error(format!(
                "`sum` expects a list of numbers, got an element that is {}",
                describe(item)
            ))
        })?;
    }
    finite("sum", total)
}

#[cfg(test)]
mod tests {
    use crate::eval::functions::test_support::*;

    #[test]
    fn arithmetic_matches_terraform() {
        assert_eq!(eval("abs", vec![n(-3.5)]), n(3.5));
        assert_eq!(eval("ceil", vec![n(1.2)]), n(2.0));
        assert_eq!(eval("floor", vec![n(-1.2)]), n(-2.0));
        assert_eq!(eval("signum", vec![n(-7.0)]), n(-1.0));
        assert_eq!(eval("pow", vec![n(2.0), n(10.0)]), n(1024.0));
        assert_eq!(eval("max", vec![n(1.0), n(5.0), n(3.0)]), n(5.0));
        assert_eq!(eval("min", vec![n(1.0), s("0")]), n(0.0));
        assert_eq!(eval("sum", vec![list(vec![n(1.0), n(2.5)])]), n(3.5));
        assert_eq!(eval("sum", vec![list(vec![s("1"), n(2.0)])]), n(3.0));
        let port = n(443.0).with_origin(origin(7));
        assert_eq!(eval("max", vec![n(80.0), port.clone()]).origin, port.origin);
        assert_error(&eval("signum", vec![n(3.5)]), "whole number");
        assert_error(&eval("sum", vec![list(vec![])]), "empty list");
        assert_error(&eval("max", vec![s("a")]), "a number");
        assert_error(&eval("pow", vec![n(10.0), n(400.0)]), "out of range");
    }
}
