//! Terraform's built-in functions, evaluated over [`Value`]s.
//!
//! Conventions every function here follows:
//!
//! - **Errors are unknowns.** A call Terraform would reject (a wrong type or arity, an
//!   index out of range, an unparsable CIDR) returns an unknown whose reason starts with
//!   `error: `, for example "error: `element` expects a list as its first argument, got a
//!   string". The evaluator marks failed expressions the same way, so `try` and `can`
//!   treat a failed call and a failed reference alike. Nothing here panics.
//! - **`try` and `can`.** Their arguments are evaluated before the call. `try` returns the
//!   first argument that holds no error; a plain unknown is not a failure, so it is
//!   returned as it is. When every argument failed, the last error is the result.
//!   `can` returns `false` for an argument that holds an error, the unknown itself for one
//!   that holds a plain unknown, and `true` otherwise.
//! - **Unknowns propagate.** By default an unknown anywhere in the arguments is the
//!   result, the same value so that its reason survives. Functions whose answer does not
//!   depend on every element (`length`, `concat`, `merge`, `element`, `lookup`, `tolist`,
//!   `flatten`, `coalesce`, ...) inspect only what they need and keep unknown elements as
//!   elements.
//! - **Provenance.** Elements passed through (by `concat`, `lookup`, `merge`, `sort`, ...)
//!   keep their `origin`. So do converted values (`tostring(5)`, a number in a list that
//!   becomes a list of strings): they are still the literal that was written. Computed
//!   strings and numbers have no origin, except that a string function that changes
//!   nothing (`lower("abc")`) returns its argument as it was.
//! - **Sets** are lists in first-seen order without duplicates, as [`Data::List`] says;
//!   Terraform would sort them.
//! - **Numbers** are `f64`: functions that need whole numbers reject fractions, and
//!   non-finite numbers are rejected everywhere.
//! - Strings are measured in Unicode scalar values, where Terraform counts grapheme
//!   clusters; the two differ only for combining characters and emoji sequences.
//!
//! Other departures from Terraform 1.11, on purpose: `element` with a negative index and
//! `cidrsubnet` with negative new bits or subnet number are errors (Terraform panics or
//! computes an address outside the prefix); `replace` with a `/regex/` is a plain unknown;
//! IPv4-mapped IPv6 prefixes are IPv4; `jsondecode` refuses numbers beyond `f64`.

use std::ops::RangeInclusive;

use crate::value::{Data, Value};

use args::{Outcome, arg, describe, error, holds_error};

mod args;
mod collections;
mod conversion;
mod encoding;
mod format;
mod network;
mod numbers;
mod strings;

type Run = fn(Vec<Value>) -> Outcome;

/// Upper bound of the arity of variadic functions.
const MANY: usize = usize::MAX;

/// How a function treats unknown arguments.
#[derive(Clone, Copy)]
enum Unknowns {
    /// An unknown anywhere in any argument is the result.
    Propagate,
    /// The function looks at unknowns itself.
    Inspect,
}

struct Function {
    arity: RangeInclusive<usize>,
    unknowns: Unknowns,
    run: Run,
}

/// Calls the Terraform function `name` (without a `provider::` namespace) on evaluated arguments.
/// `expand_final` is true when the call's last argument was written with `...`.
pub fn call(name: &str, args: Vec<Value>, expand_final: bool) -> Value {
    if let Some(reason) = not_evaluated(name) {
        return Value::unknown(reason);
    }
    let Some(function) = function(name) else {
        return Value::unknown(format!("function `{name}` is not evaluated by tfgrade"));
    };
    let args = if expand_final {
        match expand(name, args) {
            Ok(args) => args,
            Err(result) => return result,
        }
    } else {
        args
    };
    if !function.arity.contains(&args.len()) {
        return arity_error(name, &function.arity, args.len());
    }
    if let Unknowns::Propagate = function.unknowns
        && let Some(unknown) = args.iter().find_map(Value::find_unknown)
    {
        return unknown.clone();
    }
    match (function.run)(args) {
        Ok(result) | Err(result) => result,
    }
}

/// The functions tfgrade evaluates, by name, grouped by kind.
fn function(name: &str) -> Option<Function> {
    use Unknowns::{Inspect, Propagate};
    let (arity, unknowns, run): (RangeInclusive<usize>, Unknowns, Run) = match name {
        // Collections.
        "alltrue" => (1..=1, Inspect, collections::alltrue),
        "anytrue" => (1..=1, Inspect, collections::anytrue),
        "coalesce" => (1..=MANY, Inspect, collections::coalesce),
        "coalescelist" => (1..=MANY, Inspect, collections::coalescelist),
        "compact" => (1..=1, Propagate, collections::compact),
        "concat" => (1..=MANY, Inspect, collections::concat),
        "contains" => (2..=2, Propagate, collections::contains),
        "distinct" => (1..=1, Propagate, collections::distinct),
        "element" => (2..=2, Inspect, collections::element),
        "flatten" => (1..=1, Inspect, collections::flatten),
        "index" => (2..=2, Propagate, collections::index),
        "keys" => (1..=1, Inspect, collections::keys),
        "length" => (1..=1, Inspect, collections::length),
        "lookup" => (2..=3, Inspect, collections::lookup),
        "merge" => (0..=MANY, Inspect, collections::merge),
        "one" => (1..=1, Inspect, collections::one),
        "range" => (1..=3, Propagate, collections::range),
        "reverse" => (1..=1, Inspect, collections::reverse),
        "setintersection" => (1..=MANY, Propagate, collections::setintersection),
        "setsubtract" => (2..=2, Propagate, collections::setsubtract),
        "setunion" => (1..=MANY, Inspect, collections::setunion),
        "slice" => (3..=3, Inspect, collections::slice),
        "sort" => (1..=1, Propagate, collections::sort),
        "values" => (1..=1, Inspect, collections::values),
        "zipmap" => (2..=2, Inspect, collections::zipmap),
        // Strings.
        "chomp" => (1..=1, Propagate, strings::chomp),
        "endswith" => (2..=2, Propagate, strings::endswith),
        "format" => (1..=MANY, Propagate, format::format),
        "formatlist" => (1..=MANY, Propagate, format::formatlist),
        "join" => (2..=MANY, Propagate, strings::join),
        "lower" => (1..=1, Propagate, strings::lower),
        "replace" => (3..=3, Propagate, strings::replace),
        "split" => (2..=2, Propagate, strings::split),
        "startswith" => (2..=2, Propagate, strings::startswith),
        "strcontains" => (2..=2, Propagate, strings::strcontains),
        "strrev" => (1..=1, Propagate, strings::strrev),
        "substr" => (3..=3, Propagate, strings::substr),
        "title" => (1..=1, Propagate, strings::title),
        "trim" => (2..=2, Propagate, strings::trim),
        "trimprefix" => (2..=2, Propagate, strings::trimprefix),
        "trimspace" => (1..=1, Propagate, strings::trimspace),
        "trimsuffix" => (2..=2, Propagate, strings::trimsuffix),
        "upper" => (1..=1, Propagate, strings::upper),
        // Numbers.
        "abs" => (1..=1, Propagate, numbers::abs),
        "ceil" => (1..=1, Propagate, numbers::ceil),
        "floor" => (1..=1, Propagate, numbers::floor),
        "max" => (1..=MANY, Propagate, numbers::max),
        "min" => (1..=MANY, Propagate, numbers::min),
        "pow" => (2..=2, Propagate, numbers::pow),
        "signum" => (1..=1, Propagate, numbers::signum),
        "sum" => (1..=1, Propagate, numbers::sum),
        // Encoding.
        "base64decode" => (1..=1, Propagate, encoding::base64decode),
        "base64encode" => (1..=1, Propagate, encoding::base64encode),
        "jsondecode" => (1..=1, Propagate, encoding::jsondecode),
        "jsonencode" => (1..=1, Propagate, encoding::jsonencode),
        "urlencode" => (1..=1, Propagate, encoding::urlencode),
        // Network.
        "cidrhost" => (2..=2, Propagate, network::cidrhost),
        "cidrnetmask" => (1..=1, Propagate, network::cidrnetmask),
        "cidrsubnet" => (3..=3, Propagate, network::cidrsubnet),
        "cidrsubnets" => (1..=MANY, Propagate, network::cidrsubnets),
        // Type conversion.
        "nonsensitive" | "sensitive" => (1..=1, Inspect, conversion::pass_through),
        "tobool" => (1..=1, Propagate, conversion::tobool),
        "tolist" => (1..=1, Inspect, conversion::tolist),
        "tomap" => (1..=1, Inspect, conversion::tomap),
        "tonumber" => (1..=1, Propagate, conversion::tonumber),
        "toset" => (1..=1, Inspect, conversion::toset),
        "tostring" => (1..=1, Propagate, conversion::tostring),
        // Errors.
        "can" => (1..=1, Inspect, can),
        "try" => (1..=MANY, Inspect, try_each),
        _ => return None,
    };
    Some(Function {
        arity,
        unknowns,
        run,
    })
}

/// Functions whose result cannot come from the code alone, and why.
fn not_evaluated(name: &str) -> Option<String> {
    let why = match name {
        "abspath" | "file" | "filebase64" | "filebase64sha256" | "filebase64sha512"
        | "fileexists" | "filemd5" | "fileset" | "filesha1" | "filesha256" | "filesha512"
        | "templatefile" => "reads the disk at plan time",
        "bcrypt" | "plantimestamp" | "timestamp" | "uuid" => "changes on every run",
        "pathexpand" => "depends on the machine that runs Terraform",
        _ => return None,
    };
    Some(format!("`{name}` {why}"))
}

/// Spreads the list written before `...` into the arguments.
fn expand(name: &str, mut args: Vec<Value>) -> Result<Vec<Value>, Value> {
    let Some(last) = args.pop() else {
        return Err(error(format!("`{name}` has `...` but no argument")));
    };
    if last.is_unknown() {
        return Err(last);
    }
    match last.data {
        Data::List(items) => {
            args.extend(items);
            Ok(args)
        }
        _ => Err(error(format!(
            "`{name}` expects a list before `...`, got {}",
            describe(&last)
        ))),
    }
}

fn arity_error(name: &str, arity: &RangeInclusive<usize>, given: usize) -> Value {
    let (min, max) = (*arity.start(), *arity.end());
    let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
    let expected = if min == max {
        format!("{min} {}", plural(min))
    } else if max == MANY {
        format!("at least {min} {}", plural(min))
    } else {
        format!("{min} to {max} arguments")
    };
    error(format!("`{name}` expects {expected}, got {given}"))
}

/// `try(a, b, ...)`: the first argument that did not fail.
fn try_each(args: Vec<Value>) -> Outcome {
    let mut last_error = None;
    for arg in args {
        if holds_error(&arg) {
            last_error = Some(arg);
        } else {
            return Ok(arg);
        }
    }
    Err(last_error.unwrap_or_else(|| error("`try` expects at least 1 argument")))
}

/// `can(x)`: whether `x` evaluated without an error.
fn can(args: Vec<Value>) -> Outcome {
    let value = arg("can", &args, 0)?;
    if holds_error(value) {
        return Ok(Value::bool(false));
    }
    match value.find_unknown() {
        Some(unknown) => Err(unknown.clone()),
        None => Ok(Value::bool(true)),
    }
}

#[cfg(test)]
mod test_support {
    use std::rc::Rc;

    use indexmap::IndexMap;

    use crate::submission::UnitId;
    use crate::value::{Origin, Value};

    pub fn eval(name: &str, args: Vec<Value>) -> Value {
        super::call(name, args, false)
    }

    pub fn s(text: &str) -> Value {
        Value::string(text)
    }

    pub fn n(number: f64) -> Value {
        Value::number(number)
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::list(items)
    }

    pub fn strings(items: &[&str]) -> Value {
        Value::list(items.iter().map(|item| s(item)).collect())
    }

    pub fn map(entries: Vec<(&str, Value)>) -> Value {
        Value::map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<IndexMap<_, _>>(),
        )
    }

    pub fn origin(start: usize) -> Option<Rc<Origin>> {
        Some(Rc::new(Origin {
            unit: UnitId(0),
            span: start..start + 4,
            via: vec![],
        }))
    }

    /// A string written at byte `start` of unit 0.
    pub fn traced(text: &str, start: usize) -> Value {
        s(text).with_origin(origin(start))
    }

    pub fn reason(value: &Value) -> &str {
        value.unknown_reason().unwrap_or("(known)")
    }

    /// Asserts that `value` is a rejected call whose reason contains `part`.
    #[track_caller]
    pub fn assert_error(value: &Value, part: &str) {
        let reason = reason(value);
        assert!(
            reason.starts_with("error: ") && reason.contains(part),
            "expected an error containing {part:?}, got {value:?}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::call;
    use super::test_support::*;
    use crate::value::{Data, Value};

    #[test]
    fn unknown_arguments_propagate_with_their_reason() {
        let unknown = Value::unknown("`aws_vpc.main.cidr_block` is known only after apply");
        for (name, args) in [
            ("upper", vec![unknown.clone()]),
            ("cidrsubnet", vec![unknown.clone(), n(8.0), n(1.0)]),
            (
                "jsonencode",
                vec![map(vec![("a", list(vec![unknown.clone()]))])],
            ),
            ("format", vec![s("%s-%s"), s("a"), unknown.clone()]),
            ("element", vec![unknown.clone(), n(0.0)]),
            ("lookup", vec![map(vec![("a", s("x"))]), unknown.clone()]),
            ("concat", vec![strings(&["a"]), unknown.clone()]),
        ] {
            assert_eq!(eval(name, args), unknown, "{name}");
        }
    }

    #[test]
    fn some_functions_answer_despite_unknown_elements() {
        let unknown = Value::unknown("known after apply");
        let with_unknown = list(vec![s("a"), unknown.clone()]);
        assert_eq!(eval("length", vec![with_unknown.clone()]), n(2.0));
        assert_eq!(
            eval("concat", vec![with_unknown.clone(), strings(&["b"])]),
            list(vec![s("a"), unknown.clone(), s("b")])
        );
        assert_eq!(eval("element", vec![with_unknown.clone(), n(0.0)]), s("a"));
        assert_eq!(eval("tolist", vec![with_unknown.clone()]), with_unknown);
        assert_eq!(
            eval("coalesce", vec![Value::null(), s("x"), unknown.clone()]),
            s("x")
        );
        assert_eq!(
            eval("coalesce", vec![s(""), unknown.clone(), s("x")]),
            unknown
        );
        assert_eq!(
            eval("coalescelist", vec![strings(&["a"]), unknown.clone()]),
            strings(&["a"])
        );
        assert_eq!(
            eval("coalescelist", vec![list(vec![]), unknown.clone()]),
            unknown
        );
        assert_eq!(
            eval(
                "keys",
                vec![map(vec![("b", unknown.clone()), ("a", n(1.0))])]
            ),
            strings(&["a", "b"])
        );
        assert_eq!(
            eval(
                "merge",
                vec![map(vec![("a", unknown.clone())]), map(vec![])]
            ),
            map(vec![("a", unknown)])
        );
    }

    #[test]
    fn try_returns_the_first_argument_without_an_error() {
        let failed = eval("tonumber", vec![s("x")]);
        assert_error(&failed, "`tonumber`");
        assert_eq!(eval("try", vec![failed.clone(), n(5.0)]), n(5.0));
        let plain = Value::unknown("known after apply");
        assert_eq!(eval("try", vec![plain.clone(), n(5.0)]), plain);
        let nested = list(vec![failed.clone()]);
        assert_eq!(eval("try", vec![nested, s("fallback")]), s("fallback"));
        // Every argument failed: the last error is the result.
        let other = eval("element", vec![list(vec![]), n(0.0)]);
        assert_eq!(eval("try", vec![failed.clone(), other.clone()]), other);
        let kept = traced("kept", 9);
        assert_eq!(eval("try", vec![failed, kept.clone()]).origin, kept.origin);
    }

    #[test]
    fn can_reports_whether_its_argument_failed() {
        let failed = eval("tonumber", vec![s("x")]);
        assert_eq!(eval("can", vec![failed]), Value::bool(false));
        assert_eq!(eval("can", vec![n(1.0)]), Value::bool(true));
        assert_eq!(eval("can", vec![Value::null()]), Value::bool(true));
        let plain = Value::unknown("known after apply");
        assert_eq!(eval("can", vec![list(vec![plain.clone()])]), plain);
        assert_error(&eval("can", vec![]), "`can` expects 1 argument, got 0");
    }

    #[test]
    fn functions_outside_the_code_are_plain_unknowns() {
        let file = eval("file", vec![s("policy.json")]);
        assert_eq!(reason(&file), "`file` reads the disk at plan time");
        let timestamp = eval("timestamp", vec![]);
        assert_eq!(reason(&timestamp), "`timestamp` changes on every run");
        let uuid = eval("uuid", vec![]);
        assert_eq!(reason(&uuid), "`uuid` changes on every run");
        let md5 = eval("md5", vec![s("x")]);
        assert_eq!(reason(&md5), "function `md5` is not evaluated by tfgrade");
        // Not an error: `try` keeps them.
        assert_eq!(eval("try", vec![file.clone(), s("x")]), file);
    }

    #[test]
    fn a_final_list_with_ellipsis_is_spread() {
        let numbers = list(vec![n(3.0), n(9.0), n(4.0)]);
        assert_eq!(call("max", vec![numbers.clone()], true), n(9.0));
        assert_eq!(call("max", vec![n(10.0), numbers], true), n(10.0));
        assert_error(
            &call("max", vec![n(1.0)], true),
            "expects a list before `...`",
        );
        assert_error(
            &call("max", vec![], true),
            "`max` has `...` but no argument",
        );
        let unknown = Value::unknown("later");
        assert_eq!(call("max", vec![unknown.clone()], true), unknown);
    }

    #[test]
    fn arity_is_checked() {
        assert_error(
            &eval("element", vec![strings(&["a"])]),
            "`element` expects 2 arguments, got 1",
        );
        assert_error(
            &eval("lookup", vec![]),
            "`lookup` expects 2 to 3 arguments, got 0",
        );
        assert_error(
            &eval("concat", vec![]),
            "`concat` expects at least 1 argument, got 0",
        );
    }

    #[test]
    fn bad_calls_never_panic() {
        let huge = n(1e300);
        let nan = n(f64::NAN);
        let inf = n(f64::INFINITY);
        let empty = list(vec![]);
        let samples = [
            Value::null(),
            Value::bool(true),
            n(-1.0),
            n(0.5),
            n(-9.3e18),
            huge.clone(),
            nan.clone(),
            inf.clone(),
            s(""),
            s("%"),
            s("%[0]d %[99999999999999999999]s %99999999999d"),
            s("10.0.0.0/8"),
            s("::/0"),
            s("0.0.0.0/0"),
            s("fd00::/200"),
            empty.clone(),
            list(vec![Value::null(), empty.clone(), n(1.0)]),
            map(vec![("a", empty.clone()), ("b", nan.clone())]),
            Value::unknown("error: broken"),
        ];
        let names = [
            "alltrue",
            "anytrue",
            "coalesce",
            "coalescelist",
            "compact",
            "concat",
            "contains",
            "distinct",
            "element",
            "flatten",
            "index",
            "keys",
            "length",
            "lookup",
            "merge",
            "one",
            "range",
            "reverse",
            "setintersection",
            "setsubtract",
            "setunion",
            "slice",
            "sort",
            "values",
            "zipmap",
            "chomp",
            "endswith",
            "format",
            "formatlist",
            "join",
            "lower",
            "replace",
            "split",
            "startswith",
            "strcontains",
            "strrev",
            "substr",
            "title",
            "trim",
            "trimprefix",
            "trimspace",
            "trimsuffix",
            "upper",
            "abs",
            "ceil",
            "floor",
            "max",
            "min",
            "pow",
            "signum",
            "sum",
            "base64decode",
            "base64encode",
            "jsondecode",
            "jsonencode",
            "urlencode",
            "cidrhost",
            "cidrnetmask",
            "cidrsubnet",
            "cidrsubnets",
            "sensitive",
            "tobool",
            "tolist",
            "tomap",
            "tonumber",
            "toset",
            "tostring",
            "can",
            "try",
            "nosuch",
        ];
        for name in names {
            call(name, vec![], false);
            call(name, vec![], true);
            for a in &samples {
                call(name, vec![a.clone()], false);
                call(name, vec![a.clone()], true);
                for b in &samples {
                    call(name, vec![a.clone(), b.clone()], false);
                    call(name, vec![a.clone(), b.clone(), huge.clone()], false);
                    call(name, vec![a.clone(), n(-1.0), b.clone()], false);
                    call(name, vec![b.clone(), n(64.0), nan.clone()], false);
                }
            }
        }
    }

    #[test]
    fn specific_bad_calls_are_errors() {
        for (name, args, part) in [
            ("element", vec![list(vec![]), n(0.0)], "empty list"),
            ("element", vec![strings(&["a"]), n(f64::NAN)], "a number"),
            ("element", vec![strings(&["a"]), n(1e300)], "whole number"),
            ("element", vec![strings(&["a"]), n(-1.0)], "non-negative"),
            ("range", vec![n(1e9)], "1024"),
            ("range", vec![n(0.0), n(1.0), n(0.0)], "1024"),
            (
                "cidrsubnet",
                vec![s("10.0.0.0/16"), n(1e300), n(1.0)],
                "whole number",
            ),
            (
                "cidrsubnet",
                vec![s("10.0.0.0/16"), n(100.0), n(1.0)],
                "cannot extend",
            ),
            (
                "cidrhost",
                vec![s("10.0.0.0/24"), n(f64::INFINITY)],
                "a number",
            ),
            ("substr", vec![s("abc"), n(f64::NAN), n(1.0)], "a number"),
            ("format", vec![s("%d"), s("x")], "`%d`"),
            ("jsonencode", vec![n(f64::NAN)], "not finite"),
            ("sum", vec![list(vec![n(1e308), n(1e308)])], "out of range"),
            ("abs", vec![s("abc")], "a number"),
            ("lower", vec![Value::null()], "got null"),
        ] {
            let result = eval(name, args);
            assert_error(&result, part);
            assert!(matches!(result.data, Data::Unknown(_)));
        }
    }
}
