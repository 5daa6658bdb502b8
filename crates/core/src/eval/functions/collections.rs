//! Lists, maps and sets. Most of these pass elements through, so each keeps its origin.

use indexmap::IndexMap;

use super::args::{
    Outcome, arg, dedupe, describe, error, integer_arg, known_arg, list_arg, map_arg, number_arg,
    ordinal, primitive_string, same, string_arg,
};
use super::conversion::{stringified, unify};
use crate::value::{Data, Value};

/// Terraform refuses to build longer ranges.
const RANGE_LIMIT: usize = 1024;

pub(super) fn alltrue(args: Vec<Value>) -> Outcome {
    for item in list_arg("alltrue", &args, 0)? {
        match truth("alltrue", item)? {
            Some(true) => {}
            Some(false) | None => return Ok(Value::bool(false)),
        }
    }
    Ok(Value::bool(true))
}

pub(super) fn anytrue(args: Vec<Value>) -> Outcome {
    // A known `true` anywhere decides; otherwise an unknown element leaves it open.
    let mut unknown = None;
    for item in list_arg("anytrue", &args, 0)? {
        if item.is_unknown() {
            unknown.get_or_insert_with(|| item.clone());
        } else if truth("anytrue", item)? == Some(true) {
            return Ok(Value::bool(true));
        }
    }
    unknown.map_or(Ok(Value::bool(false)), Err)
}

/// An element of `alltrue` or `anytrue`: `None` for null, `Err` for an unknown (itself) or
/// a value that is not a bool.
fn truth(name: &str, item: &Value) -> Result<Option<bool>, Value> {
    match &item.data {
        Data::Unknown(_) => Err(item.clone()),
        Data::Null => Ok(None),
        _ => item.as_bool().map(Some).ok_or_else(|| {
            error(format!(
                "`{name}` expects a list of bools, got an element that is {}",
                describe(item)
            ))
        }),
    }
}

pub(super) fn coalesce(mut args: Vec<Value>) -> Outcome {
    unify("coalesce", args.iter_mut().collect())?;
    for arg in args {
        match &arg.data {
            Data::Null => {}
            Data::String(s) if s.is_empty() => {}
            _ => return Ok(arg),
        }
    }
    Err(error(
        "`coalesce` found no argument that is not null or an empty string",
    ))
}

pub(super) fn coalescelist(args: Vec<Value>) -> Outcome {
    // Terraform checks every argument is a list, and not null, before choosing one; an
    // unknown decides only when no list before it does.
    let mut first = None;
    for (index, arg) in args.iter().enumerate() {
        if arg.is_unknown() {
            match first {
                Some(_) => continue,
                None => return Err(arg.clone()),
            }
        }
        if !list_arg("coalescelist", &args, index)?.is_empty() {
            first.get_or_insert(arg);
        }
    }
    first
        .cloned()
        .ok_or_else(|| error("`coalescelist` found no list that is not empty"))
}

pub(super) fn compact(args: Vec<Value>) -> Outcome {
    let mut out = Vec::new();
    for item in list_arg("compact", &args, 0)? {
        match &item.data {
            Data::Null => {}
            Data::String(s) if s.is_empty() => {}
            _ => out.push(stringified(item).ok_or_else(|| {
                error(format!(
                    "`compact` expects a list of strings, got an element that is {}",
                    describe(item)
                ))
            })?),
        }
    }
    Ok(Value::list(out))
}

pub(super) fn concat(args: Vec<Value>) -> Outcome {
    let mut out = Vec::new();
    for index in 0..args.len() {
        out.extend_from_slice(list_arg("concat", &args, index)?);
    }
    Ok(Value::list(out))
}

pub(super) fn contains(args: Vec<Value>) -> Outcome {
    let list = list_arg("contains", &args, 0)?;
    let wanted = arg("contains", &args, 1)?;
    Ok(Value::bool(list.iter().any(|item| same(item, wanted))))
}

pub(super) fn distinct(args: Vec<Value>) -> Outcome {
    let mut items = list_arg("distinct", &args, 0)?.to_vec();
    unify("distinct", items.iter_mut().collect())?;
    Ok(Value::list(dedupe(items)))
}

pub(super) fn element(args: Vec<Value>) -> Outcome {
    let list = list_arg("element", &args, 0)?;
    let index = integer_arg("element", &args, 1)?;
    if list.is_empty() {
        return Err(error("`element` cannot take an element of an empty list"));
    }
    let index = u64::try_from(index)
        .map_err(|_| error("`element` expects a non-negative index as its second argument"))?;
    // Terraform wraps an index past the end around to the start.
    let wrapped = index % list.len() as u64;
    usize::try_from(wrapped)
        .ok()
        .and_then(|i| list.get(i))
        .cloned()
        .ok_or_else(|| error("`element` index is out of range"))
}

pub(super) fn flatten(args: Vec<Value>) -> Outcome {
    fn into(items: &[Value], out: &mut Vec<Value>) {
        for item in items {
            match &item.data {
                Data::List(inner) => into(inner, out),
                _ => out.push(item.clone()),
            }
        }
    }
    let mut out = Vec::new();
    into(list_arg("flatten", &args, 0)?, &mut out);
    Ok(Value::list(out))
}

pub(super) fn index(args: Vec<Value>) -> Outcome {
    let list = list_arg("index", &args, 0)?;
    let wanted = arg("index", &args, 1)?;
    if list.is_empty() {
        return Err(error("`index` cannot search an empty list"));
    }
    list.iter()
        .position(|item| same(item, wanted))
        .map(|i| Value::number(i as f64))
        .ok_or_else(|| error(format!("`index` found no element equal to {wanted}")))
}

pub(super) fn keys(args: Vec<Value>) -> Outcome {
    let mut keys: Vec<&String> = map_arg("keys", &args, 0)?.keys().collect();
    keys.sort();
    Ok(Value::list(
        keys.into_iter()
            .map(|key| Value::string(key.as_str()))
            .collect(),
    ))
}

pub(super) fn length(args: Vec<Value>) -> Outcome {
    let value = known_arg("length", &args, 0)?;
    let length = match &value.data {
        Data::String(s) => s.chars().count(),
        Data::List(items) => items.len(),
        Data::Map(entries) => entries.len(),
        _ => {
            return Err(error(format!(
                "`length` expects a string, list or map, got {}",
                describe(value)
            )));
        }
    };
    Ok(Value::number(length as f64))
}

pub(super) fn lookup(args: Vec<Value>) -> Outcome {
    let map = map_arg("lookup", &args, 0)?;
    let key = string_arg("lookup", &args, 1)?;
    if let Some(found) = map.get(&key) {
        return Ok(found.clone());
    }
    match args.get(2) {
        Some(default) => Ok(default.clone()),
        None => Err(error(format!(
            "`lookup` found no key {key:?} and has no default"
        ))),
    }
}

pub(super) fn merge(args: Vec<Value>) -> Outcome {
    let mut out = IndexMap::new();
    for (index, arg) in args.iter().enumerate() {
        // Terraform skips null arguments, which lets `merge` take optional maps.
        if arg.is_null() {
            continue;
        }
        for (key, value) in map_arg("merge", &args, index)? {
            out.insert(key.clone(), value.clone());
        }
    }
    Ok(Value::map(out))
}

pub(super) fn one(args: Vec<Value>) -> Outcome {
    match list_arg("one", &args, 0)? {
        [] => Ok(Value::null()),
        [only] => Ok(only.clone()),
        more => Err(error(format!(
            "`one` expects a list of zero or one elements, got {}",
            more.len()
        ))),
    }
}

pub(super) fn range(args: Vec<Value>) -> Outcome {
    let mut numbers = Vec::with_capacity(args.len());
    for index in 0..args.len() {
        numbers.push(number_arg("range", &args, index)?);
    }
    let (start, end, step) = match numbers[..] {
        [end] => (0.0, end, None),
        [start, end] => (start, end, None),
        [start, end, step] => (start, end, Some(step)),
        _ => return Err(error("`range` expects 1 to 3 arguments")),
    };
    let step = step.unwrap_or(if end < start { -1.0 } else { 1.0 });
    if step < 0.0 && start < end {
        return Err(error(
            "`range` needs an end below its start when the step is negative",
        ));
    }
    if step > 0.0 && start > end {
        return Err(error(
            "`range` needs an end above its start when the step is positive",
        ));
    }
    // A zero step never reaches a different end; it runs into the limit.
    let ascending = step > 0.0 || (step == 0.0 && start < end);
    let mut out = Vec::new();
    loop {
        // Multiplying rather than adding keeps rounding from accumulating.
        let value = start + step * out.len() as f64;
        let before_end = if ascending { value < end } else { value > end };
        if !before_end {
            return Ok(Value::list(out));
        }
        if out.len() == RANGE_LIMIT {
            return Err(error(format!(
                "`range` would generate more than {RANGE_LIMIT} values"
            )));
        }
        out.push(Value::number(value));
    }
}

pub(super) fn reverse(args: Vec<Value>) -> Outcome {
    let list = list_arg("reverse", &args, 0)?;
    Ok(Value::list(list.iter().rev().cloned().collect()))
}

pub(super) fn setintersection(args: Vec<Value>) -> Outcome {
    let sets = set_args("setintersection", &args)?;
    let (first, rest) = sets
        .split_first()
        .ok_or_else(|| error("`setintersection` expects at least 1 argument"))?;
    let kept = first
        .iter()
        .filter(|item| {
            rest.iter()
                .all(|set| set.iter().any(|other| same(item, other)))
        })
        .cloned();
    Ok(Value::list(dedupe(kept)))
}

pub(super) fn setsubtract(args: Vec<Value>) -> Outcome {
    let sets = set_args("setsubtract", &args)?;
    let [from, without] = &sets[..] else {
        return Err(error("`setsubtract` expects 2 arguments"));
    };
    let kept = from
        .iter()
        .filter(|item| !without.iter().any(|other| same(item, other)))
        .cloned();
    Ok(Value::list(dedupe(kept)))
}

pub(super) fn setunion(args: Vec<Value>) -> Outcome {
    let sets = set_args("setunion", &args)?;
    Ok(Value::list(dedupe(sets.into_iter().flatten())))
}

/// The arguments of a set function, converted together to one element type.
fn set_args(name: &str, args: &[Value]) -> Result<Vec<Vec<Value>>, Value> {
    let mut sets = Vec::with_capacity(args.len());
    for index in 0..args.len() {
        sets.push(list_arg(name, args, index)?.to_vec());
    }
    unify(name, sets.iter_mut().flatten().collect())?;
    Ok(sets)
}

pub(super) fn slice(args: Vec<Value>) -> Outcome {
    let list = list_arg("slice", &args, 0)?;
    let start = integer_arg("slice", &args, 1)?;
    let end = integer_arg("slice", &args, 2)?;
    if start < 0 || end < 0 {
        return Err(error("`slice` expects non-negative indexes"));
    }
    if start > end {
        return Err(error(
            "`slice` expects a start index no greater than its end index",
        ));
    }
    let (start, end) = (start as u64, end as u64);
    if end > list.len() as u64 {
        return Err(error(format!(
            "`slice` end index {end} is past the end of a list of {}",
            list.len()
        )));
    }
    // Both bounds are at most the list's length, so they fit in `usize`.
    list.get(start as usize..end as usize)
        .map(|part| Value::list(part.to_vec()))
        .ok_or_else(|| error("`slice` indexes are out of range"))
}

pub(super) fn sort(args: Vec<Value>) -> Outcome {
    let mut out = Vec::new();
    for (index, item) in list_arg("sort", &args, 0)?.iter().enumerate() {
        out.push(stringified(item).ok_or_else(|| {
            error(format!(
                "`sort` expects a list of strings, got element {index} that is {}",
                describe(item)
            ))
        })?);
    }
    // Terraform sorts strings by their bytes; numbers become strings first.
    out.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    Ok(Value::list(out))
}

pub(super) fn values(args: Vec<Value>) -> Outcome {
    let mut entries: Vec<(&String, &Value)> = map_arg("values", &args, 0)?.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    Ok(Value::list(
        entries
            .into_iter()
            .map(|(_, value)| value.clone())
            .collect(),
    ))
}

pub(super) fn zipmap(args: Vec<Value>) -> Outcome {
    let keys = list_arg("zipmap", &args, 0)?;
    if let Some(unknown) = keys.iter().find_map(Value::find_unknown) {
        return Err(unknown.clone());
    }
    let values = list_arg("zipmap", &args, 1)?;
    if keys.len() != values.len() {
        return Err(error(format!(
            "`zipmap` got {} keys but {} values",
            keys.len(),
            values.len()
        )));
    }
    let mut out = IndexMap::new();
    for (key, value) in keys.iter().zip(values) {
        let key = primitive_string(key).ok_or_else(|| {
            error(format!(
                "`zipmap` expects strings as keys in its {}, got {}",
                ordinal(0),
                describe(key)
            ))
        })?;
        out.insert(key, value.clone());
    }
    Ok(Value::map(out))
}

#[cfg(test)]
mod tests {
    use crate::eval::functions::test_support::*;
    use crate::value::Value;

    #[test]
    fn origins_survive_concat_element_lookup_and_merge() {
        let a = traced("a", 3);
        let b = traced("b", 20);
        let joined = eval("concat", vec![list(vec![a.clone()]), list(vec![b.clone()])]);
        let items = joined.as_list().unwrap_or_default();
        assert_eq!(items, [a.clone(), b.clone()]);
        assert_eq!(items[0].origin, a.origin);
        assert_eq!(items[1].origin, b.origin);

        let picked = eval("element", vec![joined.clone(), n(3.0)]);
        assert_eq!(picked, b);
        assert_eq!(picked.origin, b.origin);

        let table = map(vec![("ssh", a.clone())]);
        let found = eval("lookup", vec![table.clone(), s("ssh")]);
        assert_eq!(found.origin, a.origin);
        let defaulted = eval("lookup", vec![table.clone(), s("rdp"), b.clone()]);
        assert_eq!(defaulted.origin, b.origin);

        let merged = eval("merge", vec![table, map(vec![("web", b.clone())])]);
        let entries = merged.as_map().cloned().unwrap_or_default();
        assert_eq!(entries.get("ssh").and_then(|v| v.origin.clone()), a.origin);
        assert_eq!(entries.get("web").and_then(|v| v.origin.clone()), b.origin);
    }

    #[test]
    fn origins_survive_other_pass_through_functions() {
        let a = traced("a", 3);
        let b = traced("b", 20);
        let both = list(vec![b.clone(), a.clone()]);
        for (name, args, at) in [
            ("reverse", vec![both.clone()], 0),
            ("sort", vec![both.clone()], 0),
            (
                "distinct",
                vec![list(vec![a.clone(), s("a"), b.clone()])],
                0,
            ),
            (
                "flatten",
                vec![list(vec![list(vec![a.clone()]), b.clone()])],
                0,
            ),
            ("compact", vec![list(vec![s(""), a.clone(), b.clone()])], 0),
            ("slice", vec![both.clone(), n(1.0), n(2.0)], 0),
            ("setunion", vec![list(vec![a.clone()]), both.clone()], 0),
            (
                "values",
                vec![map(vec![("z", b.clone()), ("y", a.clone())])],
                0,
            ),
            ("tolist", vec![both.clone()], 1),
            ("toset", vec![list(vec![a.clone(), a.clone()])], 0),
        ] {
            let result = eval(name, args);
            let item = result.as_list().and_then(|items| items.get(at));
            assert_eq!(
                item.map(|v| v.origin.clone()),
                Some(a.origin.clone()),
                "{name}"
            );
        }
        assert_eq!(eval("one", vec![list(vec![a.clone()])]).origin, a.origin);
        assert_eq!(eval("coalesce", vec![s(""), a.clone()]).origin, a.origin);
        assert_eq!(
            eval("coalescelist", vec![list(vec![]), list(vec![a.clone()])]),
            list(vec![a.clone()])
        );
    }

    #[test]
    fn list_functions_match_terraform() {
        assert_eq!(
            eval("concat", vec![list(vec![n(1.0)]), strings(&["a"])]),
            list(vec![n(1.0), s("a")])
        );
        assert_eq!(
            eval("element", vec![strings(&["a", "b", "c"]), n(4.0)]),
            s("b")
        );
        assert_eq!(eval("element", vec![strings(&["a", "b"]), s("1")]), s("b"));
        assert_eq!(eval("length", vec![s("héllo")]), n(5.0));
        assert_eq!(eval("length", vec![map(vec![("a", n(1.0))])]), n(1.0));
        assert_eq!(
            eval("distinct", vec![list(vec![n(1.0), n(2.0), n(1.0), s("1")])]),
            strings(&["1", "2"])
        );
        assert_eq!(
            eval(
                "flatten",
                vec![list(vec![
                    list(vec![n(1.0)]),
                    list(vec![list(vec![n(2.0), n(3.0)])]),
                    Value::null(),
                ])]
            ),
            list(vec![n(1.0), n(2.0), n(3.0), Value::null()])
        );
        assert_eq!(
            eval(
                "compact",
                vec![list(vec![s("a"), s(""), Value::null(), n(1.0)])]
            ),
            strings(&["a", "1"])
        );
        assert_eq!(
            eval("sort", vec![strings(&["b", "a", "C", "10", "9"])]),
            strings(&["10", "9", "C", "a", "b"])
        );
        assert_eq!(
            eval("sort", vec![list(vec![n(3.0), n(1.0)])]),
            strings(&["1", "3"])
        );
        assert_eq!(
            eval("reverse", vec![strings(&["a", "b", "c"])]),
            strings(&["c", "b", "a"])
        );
        assert_eq!(
            eval(
                "slice",
                vec![strings(&["a", "b", "c", "d"]), n(1.0), n(3.0)]
            ),
            strings(&["b", "c"])
        );
        assert_eq!(eval("index", vec![strings(&["a", "b"]), s("b")]), n(1.0));
        assert_eq!(
            eval("contains", vec![strings(&["a", "b"]), s("b")]),
            Value::bool(true)
        );
        assert_eq!(
            eval("contains", vec![list(vec![n(1.0)]), s("1")]),
            Value::bool(false)
        );
        assert_eq!(eval("one", vec![list(vec![])]), Value::null());
        assert_eq!(
            eval("coalesce", vec![n(1.0), s("a")]),
            s("1"),
            "a string among the arguments makes the result a string"
        );
        assert_eq!(eval("coalesce", vec![Value::null(), s(""), n(2.0)]), s("2"));
        assert_eq!(eval("coalesce", vec![Value::null(), n(2.0)]), n(2.0));

        assert_error(&eval("element", vec![list(vec![]), n(0.0)]), "empty list");
        assert_error(
            &eval("slice", vec![strings(&["a"]), n(0.0), n(2.0)]),
            "past the end",
        );
        assert_error(
            &eval("slice", vec![strings(&["a"]), n(1.0), n(0.0)]),
            "no greater",
        );
        assert_error(&eval("index", vec![strings(&["a"]), s("z")]), "no element");
        assert_error(&eval("one", vec![strings(&["a", "b"])]), "zero or one");
        assert_error(&eval("one", vec![Value::null()]), "got null");
        assert_error(
            &eval("concat", vec![strings(&["a"]), s("b")]),
            "second argument",
        );
        assert_error(&eval("length", vec![n(5.0)]), "got a number");
        assert_error(&eval("coalesce", vec![list(vec![]), s("a")]), "one type");
        assert_error(
            &eval("coalesce", vec![n(1.0), Value::bool(true)]),
            "one type",
        );
        assert_error(&eval("coalesce", vec![Value::null(), s("")]), "no argument");
        assert_error(&eval("coalescelist", vec![list(vec![])]), "no list");
        assert_error(
            &eval("sort", vec![list(vec![s("a"), Value::null()])]),
            "element 1",
        );
        assert_error(&eval("flatten", vec![s("a")]), "expects a list");
    }

    #[test]
    fn map_functions_match_terraform() {
        let table = map(vec![
            ("b", n(1.0)),
            ("a", n(2.0)),
            ("B", n(3.0)),
            ("_", n(4.0)),
        ]);
        assert_eq!(
            eval("keys", vec![table.clone()]),
            strings(&["B", "_", "a", "b"])
        );
        assert_eq!(
            eval("values", vec![table.clone()]),
            list(vec![n(3.0), n(4.0), n(2.0), n(1.0)])
        );
        assert_eq!(eval("lookup", vec![table.clone(), s("a")]), n(2.0));
        assert_eq!(
            eval("lookup", vec![table.clone(), s("z"), Value::null()]),
            Value::null()
        );
        assert_eq!(
            eval(
                "merge",
                vec![
                    map(vec![("a", n(1.0))]),
                    Value::null(),
                    map(vec![("b", n(2.0))]),
                    map(vec![("a", n(3.0))]),
                ]
            ),
            map(vec![("a", n(3.0)), ("b", n(2.0))])
        );
        assert_eq!(eval("merge", vec![]), map(vec![]));
        assert_eq!(
            eval(
                "zipmap",
                vec![strings(&["a", "b"]), list(vec![n(1.0), n(2.0)])]
            ),
            map(vec![("a", n(1.0)), ("b", n(2.0))])
        );

        assert_error(&eval("lookup", vec![table.clone(), s("z")]), "no key \"z\"");
        assert_error(
            &eval("lookup", vec![strings(&["a"]), s("0")]),
            "expects a map",
        );
        assert_error(&eval("keys", vec![strings(&["a"])]), "expects a map");
        assert_error(
            &eval("merge", vec![table, strings(&["a"])]),
            "second argument",
        );
        assert_error(
            &eval("zipmap", vec![strings(&["a", "b"]), list(vec![n(1.0)])]),
            "2 keys but 1 values",
        );
    }

    #[test]
    fn set_functions_match_terraform() {
        assert_eq!(
            eval("setunion", vec![strings(&["a", "b"]), strings(&["b", "c"])]),
            strings(&["a", "b", "c"])
        );
        assert_eq!(
            eval("setunion", vec![strings(&["a"]), list(vec![n(1.0)])]),
            strings(&["a", "1"])
        );
        assert_eq!(
            eval(
                "setintersection",
                vec![strings(&["a", "b"]), strings(&["b", "c", "a"])]
            ),
            strings(&["a", "b"])
        );
        assert_eq!(
            eval(
                "setsubtract",
                vec![strings(&["a", "b", "c"]), strings(&["b"])]
            ),
            strings(&["a", "c"])
        );
        let unknown = Value::unknown("later");
        assert_eq!(
            eval(
                "setunion",
                vec![strings(&["a"]), list(vec![unknown.clone()])]
            ),
            list(vec![s("a"), unknown.clone()])
        );
        assert_eq!(
            eval(
                "setintersection",
                vec![strings(&["a"]), list(vec![unknown.clone()])]
            ),
            unknown
        );
    }

    #[test]
    fn bool_lists_match_terraform() {
        let t = Value::bool(true);
        let f = Value::bool(false);
        let unknown = Value::unknown("later");
        assert_eq!(eval("alltrue", vec![list(vec![])]), t);
        assert_eq!(eval("alltrue", vec![list(vec![t.clone(), s("true")])]), t);
        assert_eq!(eval("alltrue", vec![list(vec![Value::null()])]), f);
        assert_eq!(
            eval("alltrue", vec![list(vec![f.clone(), unknown.clone()])]),
            f
        );
        assert_eq!(
            eval("alltrue", vec![list(vec![t.clone(), unknown.clone()])]),
            unknown
        );
        assert_eq!(eval("anytrue", vec![list(vec![])]), f);
        assert_eq!(
            eval("anytrue", vec![list(vec![unknown.clone(), t.clone()])]),
            t
        );
        assert_eq!(
            eval("anytrue", vec![list(vec![f.clone(), unknown.clone()])]),
            unknown
        );
        assert_error(&eval("anytrue", vec![list(vec![n(1.0)])]), "list of bools");
    }

    #[test]
    fn range_matches_terraform() {
        let numbers = |items: &[f64]| list(items.iter().map(|x| n(*x)).collect());
        assert_eq!(eval("range", vec![n(3.0)]), numbers(&[0.0, 1.0, 2.0]));
        assert_eq!(
            eval("range", vec![n(1.0), n(4.0)]),
            numbers(&[1.0, 2.0, 3.0])
        );
        assert_eq!(
            eval("range", vec![n(0.0), n(1.0), n(0.25)]),
            numbers(&[0.0, 0.25, 0.5, 0.75])
        );
        assert_eq!(
            eval("range", vec![n(3.0), n(0.0)]),
            numbers(&[3.0, 2.0, 1.0])
        );
        assert_eq!(eval("range", vec![n(-1.0)]), numbers(&[0.0]));
        assert_eq!(eval("range", vec![n(1.0), n(1.0)]), numbers(&[]));
        assert_eq!(
            eval("length", vec![eval("range", vec![n(1024.0)])]),
            n(1024.0)
        );
        assert_error(&eval("range", vec![n(1025.0)]), "more than 1024");
        assert_error(&eval("range", vec![n(0.0), n(3.0), n(-1.0)]), "negative");
    }
}
