//! `format` and `formatlist`: the verbs Terraform accepts (`%v %#v %t %s %q %d %b %o %x
//! %X %e %E %f %g %G %%`) with flags, width, precision and `%[n]` argument indexes.

use std::iter::Peekable;
use std::str::CharIndices;

use super::args::{Outcome, describe, error, primitive_string, string_arg, to_number};
use super::encoding::{json_string, write_json};
use crate::value::{Data, Value};

/// Widths and precisions beyond this are refused rather than allocated.
const MAX_WIDTH: usize = 10_000;

pub(super) fn format(args: Vec<Value>) -> Outcome {
    let spec = string_arg("format", &args, 0)?;
    let rest = args.get(1..).unwrap_or_default();
    Ok(Value::string(render("format", &spec, rest)?))
}

pub(super) fn formatlist(args: Vec<Value>) -> Outcome {
    let spec = string_arg("formatlist", &args, 0)?;
    let rest = args.get(1..).unwrap_or_default();
    // Lists are walked together, element by element; other arguments repeat.
    let mut rows: Option<(usize, usize)> = None;
    for (index, arg) in rest.iter().enumerate() {
        let Some(items) = arg.as_list() else { continue };
        match rows {
            None => rows = Some((items.len(), index)),
            Some((length, first)) if length != items.len() => {
                return Err(error(format!(
                    "`formatlist` got lists of different lengths: argument {} has {}, argument {} has {length}",
                    index + 2,
                    items.len(),
                    first + 2
                )));
            }
            Some(_) => {}
        }
    }
    let count = rows.map_or(1, |(length, _)| length);
    let mut out = Vec::with_capacity(count);
    for row in 0..count {
        let row_args: Vec<Value> = rest
            .iter()
            .map(|arg| match arg.as_list() {
                Some(items) => items.get(row).cloned().unwrap_or_else(Value::null),
                None => arg.clone(),
            })
            .collect();
        out.push(Value::string(render("formatlist", &spec, &row_args)?));
    }
    Ok(Value::list(out))
}

/// One `%` directive's flags, width and precision.
#[derive(Default)]
struct Directive {
    minus: bool,
    plus: bool,
    space: bool,
    zero: bool,
    sharp: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

fn render(name: &str, spec: &str, args: &[Value]) -> Result<String, Value> {
    let mut out = String::new();
    let mut chars = spec.char_indices().peekable();
    let mut next = 0;
    // How many arguments the directives reach; Terraform refuses unused ones.
    let mut used = 0;
    while let Some((offset, c)) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut directive = Directive::default();
        while let Some(&(_, flag)) = chars.peek() {
            match flag {
                '-' => directive.minus = true,
                '+' => directive.plus = true,
                ' ' => directive.space = true,
                '0' => directive.zero = true,
                '#' => directive.sharp = true,
                _ => break,
            }
            chars.next();
        }
        let mut explicit = argument_index(name, &mut chars, offset)?;
        directive.width = digits(name, &mut chars, offset)?;
        if chars.next_if(|&(_, c)| c == '.').is_some() {
            directive.precision = Some(digits(name, &mut chars, offset)?.unwrap_or(0));
        }
        if let Some(index) = argument_index(name, &mut chars, offset)? {
            explicit = Some(index);
        }
        let Some((_, verb)) = chars.next() else {
            return Err(error(format!(
                "`{name}` format string ends inside the directive at offset {offset}"
            )));
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let index = explicit.unwrap_or(next);
        let Some(value) = args.get(index) else {
            return Err(error(format!(
                "`{name}` has no argument for `%{verb}` at offset {offset}"
            )));
        };
        next = index + 1;
        used = used.max(next);
        let at = Place { name, verb, offset };
        write_directive(&mut out, &at, &directive, value)?;
    }
    if used < args.len() {
        return Err(error(format!(
            "`{name}` got {} arguments but its format string uses {used}",
            args.len()
        )));
    }
    Ok(out)
}

/// Where a directive is, for messages.
struct Place<'a> {
    name: &'a str,
    verb: char,
    offset: usize,
}

impl Place<'_> {
    fn needs(&self, what: &str, value: &Value) -> Value {
        error(format!(
            "`{}` verb `%{}` at offset {} needs {what}, got {}",
            self.name,
            self.verb,
            self.offset,
            describe(value)
        ))
    }
}

/// `[n]` before a width or verb: the 1-based argument to use.
fn argument_index(
    name: &str,
    chars: &mut Peekable<CharIndices>,
    offset: usize,
) -> Result<Option<usize>, Value> {
    if chars.next_if(|&(_, c)| c == '[').is_none() {
        return Ok(None);
    }
    let mut text = String::new();
    for (_, c) in chars.by_ref() {
        if c == ']' {
            return match text.parse::<usize>() {
                Ok(n) if n > 0 => Ok(Some(n - 1)),
                _ => Err(error(format!(
                    "`{name}` has a bad argument index `[{text}]` at offset {offset}"
                ))),
            };
        }
        text.push(c);
    }
    Err(error(format!(
        "`{name}` has an unclosed argument index at offset {offset}"
    )))
}

/// A width or precision.
fn digits(
    name: &str,
    chars: &mut Peekable<CharIndices>,
    offset: usize,
) -> Result<Option<usize>, Value> {
    let mut found = None;
    while let Some((_, c)) = chars.next_if(|(_, c)| c.is_ascii_digit()) {
        let digit = c.to_digit(10).unwrap_or(0) as usize;
        let value = found
            .unwrap_or(0_usize)
            .saturating_mul(10)
            .saturating_add(digit);
        found = Some(value);
    }
    match found {
        Some(value) if value > MAX_WIDTH => Err(error(format!(
            "`{name}` width or precision at offset {offset} is above {MAX_WIDTH}"
        ))),
        _ => Ok(found),
    }
}

fn write_directive(
    out: &mut String,
    at: &Place,
    directive: &Directive,
    value: &Value,
) -> Result<(), Value> {
    if value.is_null() {
        return Err(error(format!(
            "`{}` cannot format null (`%{}` at offset {})",
            at.name, at.verb, at.offset
        )));
    }
    // A precision of 0 leaves strings whole.
    let truncate = |text: String| match directive.precision {
        Some(limit) if limit > 0 => text.chars().take(limit).collect(),
        _ => text,
    };
    match (at.verb, &value.data) {
        ('v', Data::Number(n)) if !directive.sharp => {
            // Terraform prints numbers for `%v` in the shortest `%g` form (`1e+06`), and
            // lays them out like text: no `+` or space for positive numbers.
            let sign = if *n < 0.0 { "-" } else { "" };
            let body = general(n.abs(), None, false);
            pad(out, directive, Fill::for_text(directive), sign, &body);
        }
        ('v', _) => {
            let text = match &value.data {
                _ if directive.sharp => json(at.name, value)?,
                Data::List(_) | Data::Map(_) => json(at.name, value)?,
                _ => primitive_string(value).ok_or_else(|| at.needs("a value", value))?,
            };
            pad(out, directive, Fill::for_text(directive), "", &text);
        }
        ('s', _) => {
            let text = primitive_string(value).ok_or_else(|| at.needs("a string", value))?;
            pad(
                out,
                directive,
                Fill::for_text(directive),
                "",
                &truncate(text),
            );
        }
        ('q', _) => {
            let text = primitive_string(value).ok_or_else(|| at.needs("a string", value))?;
            let mut quoted = String::new();
            json_string(&truncate(text), &mut quoted);
            pad(out, directive, Fill::for_text(directive), "", &quoted);
        }
        ('t', _) => {
            let b = value.as_bool().ok_or_else(|| at.needs("a bool", value))?;
            let text = if b { "true" } else { "false" };
            pad(out, directive, Fill::for_text(directive), "", text);
        }
        ('d' | 'b' | 'o' | 'x' | 'X', _) => {
            let n = to_number(value).ok_or_else(|| at.needs("a number", value))?;
            if n.fract() != 0.0 {
                return Err(at.needs("a whole number", value));
            }
            let (prefix, digits) = integer_digits(at, directive, n.abs())?;
            let sign = format!("{}{prefix}", sign(n, directive));
            pad(out, directive, Fill::for_integer(directive), &sign, &digits);
        }
        ('e' | 'E' | 'f' | 'F' | 'g' | 'G', _) => {
            let n = to_number(value).ok_or_else(|| at.needs("a number", value))?;
            let x = n.abs();
            let body = match at.verb {
                'e' | 'E' => {
                    let scientific = format!("{:.*e}", directive.precision.unwrap_or(6), x);
                    go_exponent(&scientific, at.verb == 'E')
                }
                'f' | 'F' => format!("{:.*}", directive.precision.unwrap_or(6), x),
                _ => general(x, directive.precision, at.verb == 'G'),
            };
            pad(
                out,
                directive,
                Fill::for_number(directive),
                sign(n, directive),
                &body,
            );
        }
        (verb, _) => {
            return Err(error(format!(
                "`{}` has no verb `%{verb}` (at offset {})",
                at.name, at.offset
            )));
        }
    }
    Ok(())
}

fn json(name: &str, value: &Value) -> Result<String, Value> {
    let mut text = String::new();
    write_json(name, value, &mut text)?;
    Ok(text)
}

fn sign(n: f64, directive: &Directive) -> &'static str {
    if n < 0.0 {
        "-"
    } else if directive.plus {
        "+"
    } else if directive.space {
        " "
    } else {
        ""
    }
}

/// How a directive fills its width.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fill {
    /// Spaces before.
    Right,
    /// Spaces after (`-`).
    Left,
    /// Zeros between the sign and the digits (`0`).
    Zeros,
}

impl Fill {
    fn for_text(directive: &Directive) -> Self {
        match (directive.minus, directive.zero) {
            (true, _) => Self::Left,
            (false, true) => Self::Zeros,
            (false, false) => Self::Right,
        }
    }

    /// Integers take `-` over `0`, and a precision turns zero filling off.
    fn for_integer(directive: &Directive) -> Self {
        match (
            directive.minus,
            directive.zero && directive.precision.is_none(),
        ) {
            (true, _) => Self::Left,
            (false, true) => Self::Zeros,
            (false, false) => Self::Right,
        }
    }

    /// Floating-point numbers take `0` over `-`.
    fn for_number(directive: &Directive) -> Self {
        match (directive.zero, directive.minus) {
            (true, _) => Self::Zeros,
            (false, true) => Self::Left,
            (false, false) => Self::Right,
        }
    }
}

/// The prefix (`0x` with `#`) and digits of a whole, non-negative number, with at least
/// as many digits as the precision asks for.
fn integer_digits(
    at: &Place,
    directive: &Directive,
    magnitude: f64,
) -> Result<(&'static str, String), Value> {
    // 2^127: larger magnitudes do not fit the integer used to print them in other bases.
    if at.verb != 'd' && magnitude >= 1.7e38 {
        return Err(error(format!(
            "`{}` verb `%{}` at offset {} got a number too large to print",
            at.name, at.verb, at.offset
        )));
    }
    let whole = magnitude as u128;
    let (prefix, digits) = match at.verb {
        // A whole f64 displays without a fraction, however large.
        'd' => ("", format!("{magnitude}")),
        'b' => ("0b", format!("{whole:b}")),
        'o' => ("0", format!("{whole:o}")),
        'x' => ("0x", format!("{whole:x}")),
        _ => ("0X", format!("{whole:X}")),
    };
    let digits = match directive.precision {
        // Zero printed with a precision of zero is nothing at all.
        Some(0) if whole == 0 => String::new(),
        Some(minimum) => "0".repeat(minimum.saturating_sub(digits.len())) + &digits,
        None => digits,
    };
    Ok((if directive.sharp { prefix } else { "" }, digits))
}

/// Rewrites a Rust exponent (`1.5e3`) the way Go prints it (`1.5e+03`).
fn go_exponent(scientific: &str, upper: bool) -> String {
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let e = if upper { 'E' } else { 'e' };
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}{e}{sign}{:02}", exponent.unsigned_abs())
}

/// `%g`: the shortest digits (or `precision` significant ones), in exponent form when the
/// exponent is below -4 or reaches the precision, following Go's rules.
fn general(x: f64, precision: Option<usize>, upper: bool) -> String {
    let scientific = match precision {
        None => format!("{x:e}"),
        Some(p) => format!("{:.*e}", p.max(1) - 1, x),
    };
    let (mantissa, exponent) = scientific
        .split_once('e')
        .unwrap_or((scientific.as_str(), "0"));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    let count = digits.len() as i64;
    let point = exponent + 1;
    let mut wanted = precision.map_or(count, |p| p.max(1) as i64);
    let mut limit = wanted;
    if limit > count && count >= point {
        limit = count;
    }
    if precision.is_none() {
        limit = 6;
    }
    let digit = |i: i64| {
        usize::try_from(i)
            .ok()
            .and_then(|i| digits.get(i))
            .map_or('0', |d| char::from(*d))
    };
    if exponent < -4 || exponent >= limit {
        wanted = wanted.min(count);
        let mut text = String::from(digit(0));
        if wanted > 1 {
            text.push('.');
            text.extend((1..wanted).map(digit));
        }
        return go_exponent(&format!("{text}e{exponent}"), upper);
    }
    if wanted > point {
        wanted = count;
    }
    let mut text: String = if point > 0 {
        (0..point).map(digit).collect()
    } else {
        "0".to_string()
    };
    let fraction = (wanted - point).max(0);
    if fraction > 0 {
        text.push('.');
        text.extend((point..point + fraction).map(digit));
    }
    text
}

fn pad(out: &mut String, directive: &Directive, fill: Fill, sign: &str, body: &str) {
    let length = sign.chars().count() + body.chars().count();
    let padding = directive.width.unwrap_or(0).saturating_sub(length);
    match fill {
        Fill::Right => {
            out.extend(std::iter::repeat_n(' ', padding));
            out.push_str(sign);
            out.push_str(body);
        }
        Fill::Left => {
            out.push_str(sign);
            out.push_str(body);
            out.extend(std::iter::repeat_n(' ', padding));
        }
        Fill::Zeros => {
            out.push_str(sign);
            out.extend(std::iter::repeat_n('0', padding));
            out.push_str(body);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::eval::functions::test_support::*;
    use crate::value::Value;

    fn format(spec: &str, args: Vec<Value>) -> Value {
        let mut all = vec![s(spec)];
        all.extend(args);
        eval("format", all)
    }

    #[test]
    fn format_matches_terraform() {
        for (spec, args, expected) in [
            ("%s-%d", vec![s("a"), n(5.0)], "a-5"),
            (
                "%v",
                vec![list(vec![n(1.0), s("a"), map(vec![("b", n(1.0))])])],
                r#"[1,"a",{"b":1}]"#,
            ),
            (
                "%v",
                vec![map(vec![("b", n(1.0)), ("a", s("<"))])],
                r#"{"a":"\u003c","b":1}"#,
            ),
            ("%q", vec![s("a\"b")], r#""a\"b""#),
            (
                "%q|%q",
                vec![s("<a\tb>"), n(5.0)],
                r#""\u003ca\tb\u003e"|"5""#,
            ),
            (
                "%5s|%-5s|%05s|",
                vec![s("ab"), s("cd"), s("x")],
                "   ab|cd   |0000x|",
            ),
            ("%05d", vec![n(42.0)], "00042"),
            (
                "%.2f|%10.3f|",
                vec![n(1.23456), n(1.23456)],
                "1.23|     1.235|",
            ),
            ("%f", vec![n(3.0)], "3.000000"),
            ("%%", vec![], "%"),
            ("%s", vec![Value::bool(true)], "true"),
            ("%d", vec![s("12")], "12"),
            ("%d", vec![n(1e20)], "100000000000000000000"),
            ("%s", vec![n(1e20)], "100000000000000000000"),
            ("%[2]s %[1]s", vec![s("a"), s("b")], "b a"),
            ("%[1]s %[1]s %s", vec![s("a"), s("b")], "a a b"),
            (
                "%x %X %o %b",
                vec![n(255.0), n(255.0), n(8.0), n(5.0)],
                "ff FF 10 101",
            ),
            (
                "%#x %#o %x",
                vec![n(255.0), n(8.0), n(-255.0)],
                "0xff 010 -ff",
            ),
            (
                "%e|%E",
                vec![n(1234.5), n(1234.5)],
                "1.234500e+03|1.234500E+03",
            ),
            ("%10.4e|", vec![n(123.456)], "1.2346e+02|"),
            ("%e", vec![n(0.0)], "0.000000e+00"),
            (
                "%t|%-6t|",
                vec![Value::bool(true), s("false")],
                "true|false |",
            ),
            (
                "% d|%+.1f|%08.3f|%-08d|",
                vec![n(5.0), n(2.25), n(-1.23456), n(7.0)],
                " 5|+2.2|-001.235|7       |",
            ),
            (
                "%.1f %.2f %.0f %.0f",
                vec![n(0.25), n(1.005), n(0.5), n(1.5)],
                "0.2 1.00 0 2",
            ),
            (
                "%g %g %g %.3g",
                vec![n(1234567.0), n(0.00001234), n(100.0), n(1.23456)],
                "1.234567e+06 1.234e-05 100 1.23",
            ),
            (
                "%G %g %g %.3g",
                vec![n(1e-10), n(0.0), n(0.5), n(1.0)],
                "1E-10 0 0.5 1",
            ),
            (
                "%5v|%v|%v",
                vec![s("ab"), n(1.5), Value::bool(false)],
                "   ab|1.5|false",
            ),
            (
                "%#v %#v",
                vec![s("x"), map(vec![("a", list(vec![n(1.0)]))])],
                r#""x" {"a":[1]}"#,
            ),
            ("%.3s", vec![s("héllo")], "hél"),
            ("%d", vec![n(-0.0)], "0"),
            ("%+d", vec![n(5.0)], "+5"),
        ] {
            assert_eq!(format(spec, args), s(expected), "format({spec:?})");
        }
    }

    #[test]
    fn format_rejects_what_terraform_rejects() {
        assert_error(&format("%d", vec![n(5.5)]), "whole number");
        assert_error(&format("%s", vec![]), "no argument for `%s` at offset 0");
        assert_error(&format("%s %s", vec![s("a")]), "at offset 3");
        assert_error(
            &format("%s", vec![s("a"), s("b")]),
            "got 2 arguments but its format string uses 1",
        );
        assert_error(&format("%s %[1]s", vec![s("a"), s("b")]), "uses 1");
        assert_error(
            &format("%s", vec![strings(&["a"])]),
            "needs a string, got a list",
        );
        assert_error(&format("%q", vec![strings(&["a"])]), "needs a string");
        assert_error(&format("%x", vec![s("ff")]), "needs a number");
        assert_error(&format("%z", vec![n(1.0)]), "no verb `%z`");
        assert_error(&format("%", vec![n(1.0)]), "ends inside");
        assert_error(&format("%[0]s", vec![s("a")]), "bad argument index");
        assert_error(
            &format("%[99999999999999999999999]s", vec![s("a")]),
            "bad argument index",
        );
        assert_error(&format("%999999999999999999999d", vec![n(1.0)]), "above");
        assert_error(&format("%s", vec![Value::null()]), "cannot format null");
    }

    #[test]
    fn formatlist_matches_terraform() {
        assert_eq!(
            eval("formatlist", vec![s("%s-%s"), strings(&["a", "b"]), s("x")]),
            strings(&["a-x", "b-x"])
        );
        assert_eq!(
            eval(
                "formatlist",
                vec![s("%s-%s"), strings(&["a", "b"]), strings(&["x", "y"])]
            ),
            strings(&["a-x", "b-y"])
        );
        assert_eq!(eval("formatlist", vec![s("%s"), s("a")]), strings(&["a"]));
        assert_eq!(
            eval("formatlist", vec![s("%s-%s"), list(vec![]), s("x")]),
            list(vec![])
        );
        assert_error(
            &eval(
                "formatlist",
                vec![s("%s-%s"), strings(&["a", "b"]), strings(&["x"])],
            ),
            "different lengths",
        );
    }
}
