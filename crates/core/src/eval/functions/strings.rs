//! String functions. They compute new strings, which have no origin, except that a
//! function that changes nothing returns its argument as it was.

use super::args::{Outcome, describe, error, integer_arg, list_arg, primitive_string, string_arg};
use crate::value::{Data, Value};

/// The string result of a function of the argument at `index`: the argument itself, with
/// its origin, when nothing changed.
fn derived(args: &[Value], index: usize, result: String) -> Value {
    match args.get(index) {
        Some(original) if original.as_str() == Some(result.as_str()) => original.clone(),
        _ => Value::string(result),
    }
}

/// Maps each character by a one-to-one case mapping, as Terraform does: a character whose
/// case form has several characters (`ß` upper-cased) stays as it is.
fn map_chars(text: &str, mut map: impl FnMut(char) -> Option<char>) -> String {
    text.chars().map(|c| map(c).unwrap_or(c)).collect()
}

fn single<I: Iterator<Item = char>>(mut chars: I) -> Option<char> {
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

pub(super) fn lower(args: Vec<Value>) -> Outcome {
    let text = string_arg("lower", &args, 0)?;
    let result = map_chars(&text, |c| single(c.to_lowercase()));
    Ok(derived(&args, 0, result))
}

pub(super) fn upper(args: Vec<Value>) -> Outcome {
    let text = string_arg("upper", &args, 0)?;
    let result = map_chars(&text, |c| single(c.to_uppercase()));
    Ok(derived(&args, 0, result))
}

pub(super) fn title(args: Vec<Value>) -> Outcome {
    // Words start after a separator: ASCII other than letters, digits and `_`, or white
    // space beyond ASCII.
    fn separates(c: char) -> bool {
        if c.is_ascii() {
            !(c.is_ascii_alphanumeric() || c == '_')
        } else {
            !c.is_alphanumeric() && c.is_whitespace()
        }
    }
    let text = string_arg("title", &args, 0)?;
    let mut previous = ' ';
    let result = map_chars(&text, |c| {
        let starts_word = separates(previous);
        previous = c;
        if starts_word {
            single(c.to_uppercase())
        } else {
            None
        }
    });
    Ok(derived(&args, 0, result))
}

pub(super) fn trimspace(args: Vec<Value>) -> Outcome {
    let text = string_arg("trimspace", &args, 0)?;
    Ok(derived(&args, 0, text.trim().to_string()))
}

pub(super) fn trim(args: Vec<Value>) -> Outcome {
    let text = string_arg("trim", &args, 0)?;
    let cutset = string_arg("trim", &args, 1)?;
    let result = text.trim_matches(|c| cutset.contains(c)).to_string();
    Ok(derived(&args, 0, result))
}

pub(super) fn trimprefix(args: Vec<Value>) -> Outcome {
    let text = string_arg("trimprefix", &args, 0)?;
    let prefix = string_arg("trimprefix", &args, 1)?;
    let result = text
        .strip_prefix(prefix.as_str())
        .unwrap_or(&text)
        .to_string();
    Ok(derived(&args, 0, result))
}

pub(super) fn trimsuffix(args: Vec<Value>) -> Outcome {
    let text = string_arg("trimsuffix", &args, 0)?;
    let suffix = string_arg("trimsuffix", &args, 1)?;
    let result = text
        .strip_suffix(suffix.as_str())
        .unwrap_or(&text)
        .to_string();
    Ok(derived(&args, 0, result))
}

pub(super) fn chomp(args: Vec<Value>) -> Outcome {
    let text = string_arg("chomp", &args, 0)?;
    let result = text.trim_end_matches(['\r', '\n']).to_string();
    Ok(derived(&args, 0, result))
}

pub(super) fn strrev(args: Vec<Value>) -> Outcome {
    let text = string_arg("strrev", &args, 0)?;
    Ok(derived(&args, 0, text.chars().rev().collect()))
}

pub(super) fn replace(args: Vec<Value>) -> Outcome {
    let text = string_arg("replace", &args, 0)?;
    let search = string_arg("replace", &args, 1)?;
    let replacement = string_arg("replace", &args, 2)?;
    if search.len() > 1 && search.starts_with('/') && search.ends_with('/') {
        return Err(Value::unknown(
            "`replace` with a regular expression is not evaluated by tfgrade",
        ));
    }
    Ok(derived(&args, 0, text.replace(&search, &replacement)))
}

pub(super) fn substr(args: Vec<Value>) -> Outcome {
    let text = string_arg("substr", &args, 0)?;
    let offset = integer_arg("substr", &args, 1)?;
    let length = integer_arg("substr", &args, 2)?;
    let total = text.chars().count();
    // A negative offset counts from the end and stops at the start; a negative length
    // means "to the end".
    let start = if offset < 0 {
        total.saturating_sub(usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX))
    } else {
        usize::try_from(offset).unwrap_or(usize::MAX)
    };
    let take = if length < 0 {
        usize::MAX
    } else {
        usize::try_from(length).unwrap_or(usize::MAX)
    };
    let result = text.chars().skip(start).take(take).collect();
    Ok(derived(&args, 0, result))
}

pub(super) fn join(args: Vec<Value>) -> Outcome {
    let separator = string_arg("join", &args, 0)?;
    let mut parts = Vec::new();
    for index in 1..args.len() {
        for item in list_arg("join", &args, index)? {
            let part = match &item.data {
                Data::Null => return Err(error("`join` cannot join a null element")),
                _ => primitive_string(item).ok_or_else(|| {
                    error(format!(
                        "`join` expects lists of strings, got an element that is {}",
                        describe(item)
                    ))
                })?,
            };
            parts.push(part);
        }
    }
    Ok(Value::string(parts.join(&separator)))
}

pub(super) fn split(args: Vec<Value>) -> Outcome {
    let separator = string_arg("split", &args, 0)?;
    let text = string_arg("split", &args, 1)?;
    let parts: Vec<Value> = if separator.is_empty() {
        // An empty separator splits between characters, with no empty ends.
        text.chars().map(|c| Value::string(c.to_string())).collect()
    } else {
        text.split(separator.as_str()).map(Value::string).collect()
    };
    Ok(Value::list(parts))
}

pub(super) fn startswith(args: Vec<Value>) -> Outcome {
    let text = string_arg("startswith", &args, 0)?;
    let prefix = string_arg("startswith", &args, 1)?;
    Ok(Value::bool(text.starts_with(prefix.as_str())))
}

pub(super) fn endswith(args: Vec<Value>) -> Outcome {
    let text = string_arg("endswith", &args, 0)?;
    let suffix = string_arg("endswith", &args, 1)?;
    Ok(Value::bool(text.ends_with(suffix.as_str())))
}

pub(super) fn strcontains(args: Vec<Value>) -> Outcome {
    let text = string_arg("strcontains", &args, 0)?;
    let part = string_arg("strcontains", &args, 1)?;
    Ok(Value::bool(text.contains(part.as_str())))
}

#[cfg(test)]
mod tests {
    use crate::eval::functions::test_support::*;
    use crate::value::Value;

    #[test]
    fn case_functions_match_terraform() {
        assert_eq!(eval("lower", vec![s("ÀB")]), s("àb"));
        assert_eq!(eval("upper", vec![s("straße")]), s("STRAßE"));
        assert_eq!(eval("upper", vec![n(5.0)]), s("5"));
        assert_eq!(
            eval("title", vec![s("hello wORLD-foo_bar baz")]),
            s("Hello WORLD-Foo_bar Baz")
        );
        assert_eq!(eval("title", vec![s("ça va élan")]), s("Ça Va Élan"));
        // Unchanged text keeps where it came from; changed text is new.
        let written = traced("web", 12);
        assert_eq!(eval("lower", vec![written.clone()]).origin, written.origin);
        assert_eq!(eval("upper", vec![written]).origin, None);
    }

    #[test]
    fn trimming_matches_terraform() {
        assert_eq!(eval("trimspace", vec![s("  a b \n")]), s("a b"));
        assert_eq!(eval("trim", vec![s("?!hello?!"), s("!?")]), s("hello"));
        assert_eq!(
            eval("trimprefix", vec![s("helloworld"), s("hello")]),
            s("world")
        );
        assert_eq!(
            eval("trimsuffix", vec![s("helloworld"), s("world")]),
            s("hello")
        );
        assert_eq!(eval("trimsuffix", vec![s("hello"), s("x")]), s("hello"));
        assert_eq!(eval("chomp", vec![s("a\r\n\n")]), s("a"));
        assert_eq!(eval("strrev", vec![s("abc")]), s("cba"));
    }

    #[test]
    fn substr_and_replace_match_terraform() {
        let hello = || s("hello");
        for (offset, length, expected) in [
            (1.0, 4.0, "ello"),
            (-3.0, -1.0, "llo"),
            (1.0, -2.0, "ello"),
            (10.0, 2.0, ""),
            (3.0, 10.0, "lo"),
            (-10.0, 2.0, "he"),
            (5.0, 1.0, ""),
        ] {
            assert_eq!(
                eval("substr", vec![hello(), n(offset), n(length)]),
                s(expected),
                "substr(\"hello\", {offset}, {length})"
            );
        }
        assert_eq!(eval("substr", vec![s("héllo"), n(1.0), n(2.0)]), s("él"));
        assert_error(
            &eval("substr", vec![hello(), n(1.5), n(1.0)]),
            "whole number",
        );
        assert_eq!(
            eval("replace", vec![s("aaa"), s("a"), s("bb")]),
            s("bbbbbb")
        );
        assert_eq!(eval("replace", vec![s("abc"), s(""), s("-")]), s("-a-b-c-"));
        let regex = eval("replace", vec![hello(), s("/l+/"), s("L")]);
        assert_eq!(
            reason(&regex),
            "`replace` with a regular expression is not evaluated by tfgrade"
        );
    }

    #[test]
    fn join_and_split_match_terraform() {
        assert_eq!(
            eval(
                "join",
                vec![s(","), list(vec![s("a"), n(1.0), Value::bool(true)])]
            ),
            s("a,1,true")
        );
        assert_eq!(
            eval("join", vec![s("-"), strings(&["a"]), strings(&["b", "c"])]),
            s("a-b-c")
        );
        assert_eq!(eval("join", vec![s(","), list(vec![])]), s(""));
        assert_eq!(
            eval("split", vec![s(","), s("a,b,,c")]),
            strings(&["a", "b", "", "c"])
        );
        assert_eq!(eval("split", vec![s(","), s("")]), strings(&[""]));
        assert_eq!(
            eval("split", vec![s(""), s("abc")]),
            strings(&["a", "b", "c"])
        );
        assert_error(
            &eval("join", vec![s(","), list(vec![s("a"), Value::null()])]),
            "null element",
        );
        assert_error(
            &eval("join", vec![s(","), list(vec![strings(&["a"])])]),
            "an element that is a list",
        );
    }

    #[test]
    fn string_tests_match_terraform() {
        let t = Value::bool(true);
        assert_eq!(eval("startswith", vec![s("hello"), s("he")]), t);
        assert_eq!(eval("startswith", vec![s("hello"), s("")]), t);
        assert_eq!(eval("endswith", vec![s("hello"), s("lo")]), t);
        assert_eq!(eval("strcontains", vec![s("hello"), s("ell")]), t);
        assert_eq!(
            eval("strcontains", vec![s("hello"), s("xyz")]),
            Value::bool(false)
        );
    }
}
