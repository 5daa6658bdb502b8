//! Reads the compact schema text (format: `scripts/gen_schema.py`).

use std::collections::HashMap;

use super::model::{Attribute, Body, BodyId, NestedBlock, Nesting, Schema, Type};

/// The schema text is not in the form this build reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("schema line {line}: {message}")]
pub struct SchemaError {
    pub line: usize,
    pub message: String,
}

/// A body being read: its index, the indentation of its members.
struct Open {
    id: usize,
    depth: usize,
}

impl Schema {
    /// Reads the compact text form.
    pub fn parse(text: &str) -> Result<Schema, SchemaError> {
        parse(text)
    }
}

fn parse(text: &str) -> Result<Schema, SchemaError> {
    let mut schema = Schema {
        version: String::new(),
        provider: BodyId(0),
        resources: HashMap::new(),
        data_sources: HashMap::new(),
        bodies: Vec::new(),
    };
    let mut shared: HashMap<u32, BodyId> = HashMap::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut has_provider = false;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let fail = |message: String| SchemaError { line, message };
        if raw.is_empty() || raw.starts_with('#') {
            continue;
        }
        let depth = raw.len() - raw.trim_start_matches(' ').len();
        let mut words = raw[depth..].split(' ');
        let first = words.next().unwrap_or_default();
        if depth == 0 {
            stack.clear();
            let name = words
                .next()
                .ok_or_else(|| fail("a name after the tag".into()))?;
            let id = schema.bodies.len();
            schema.bodies.push(Body::default());
            let body = BodyId(id as u32);
            match first {
                "V" => {
                    schema.version = name.to_string();
                    schema.bodies.pop();
                    continue;
                }
                "P" => {
                    schema.provider = body;
                    has_provider = true;
                }
                "R" => {
                    schema.resources.insert(name.into(), body);
                }
                "D" => {
                    schema.data_sources.insert(name.into(), body);
                }
                other => return Err(fail(format!("unknown tag `{other}`"))),
            }
            stack.push(Open { id, depth: 1 });
            continue;
        }
        while stack.last().is_some_and(|open| open.depth > depth) {
            stack.pop();
        }
        let parent = match stack.last() {
            Some(open) if open.depth == depth => open.id,
            _ => return Err(fail(format!("indentation {depth} matches no open block"))),
        };
        let rest: Vec<&str> = words.collect();
        match rest.as_slice() {
            [flags, ty] => {
                let attribute = Attribute {
                    name: first.into(),
                    required: flags.contains('r'),
                    optional: flags.contains('o'),
                    computed: flags.contains('c'),
                    deprecated: flags.contains('d'),
                    ty: read_type(ty).ok_or_else(|| fail(format!("unreadable type `{ty}`")))?,
                };
                schema.bodies[parent].attributes.push(attribute);
            }
            [mode, min, max, tail @ ..] => {
                let nesting = match *mode {
                    "l" => Nesting::List,
                    "s" => Nesting::Set,
                    "1" => Nesting::Single,
                    "g" => Nesting::Group,
                    "m" => Nesting::Map,
                    other => return Err(fail(format!("unknown nesting `{other}`"))),
                };
                let number = |s: &str| {
                    s.parse::<u32>()
                        .map_err(|_| fail(format!("`{s}` is not a count")))
                };
                let (min_items, max_items) = (number(min)?, number(max)?);
                let body = match tail {
                    [reference] if reference.starts_with('@') => {
                        let key = number(&reference[1..])?;
                        *shared
                            .get(&key)
                            .ok_or_else(|| fail(format!("`{reference}` is not defined before")))?
                    }
                    [] | [_] => {
                        let id = schema.bodies.len();
                        schema.bodies.push(Body::default());
                        if let [definition] = tail {
                            let key = definition
                                .strip_prefix('#')
                                .ok_or_else(|| fail(format!("unexpected `{definition}`")))?;
                            shared.insert(number(key)?, BodyId(id as u32));
                        }
                        stack.push(Open {
                            id,
                            depth: depth + 1,
                        });
                        BodyId(id as u32)
                    }
                    _ => return Err(fail("too many words for a block".into())),
                };
                schema.bodies[parent].blocks.push(NestedBlock {
                    name: first.into(),
                    nesting,
                    min_items,
                    max_items,
                    body,
                });
            }
            _ => return Err(fail("neither an attribute nor a block".into())),
        }
    }
    if !has_provider {
        return Err(SchemaError {
            line: text.lines().count(),
            message: "no provider block (`P NAME`)".into(),
        });
    }
    for body in &mut schema.bodies {
        body.attributes.sort_by(|a, b| a.name.cmp(&b.name));
        body.blocks.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(schema)
}

/// Reads a type code (`s`, `l(s)`, `o(a:s,b:n)`).
fn read_type(code: &str) -> Option<Type> {
    let (ty, rest) = type_at(code)?;
    rest.is_empty().then_some(ty)
}

fn type_at(code: &str) -> Option<(Type, &str)> {
    let (head, rest) = code.split_at_checked(1)?;
    let simple = match head {
        "s" => Some(Type::String),
        "n" => Some(Type::Number),
        "b" => Some(Type::Bool),
        "a" => Some(Type::Any),
        _ => None,
    };
    if let Some(ty) = simple {
        return Some((ty, rest));
    }
    let inner = rest.strip_prefix('(')?;
    match head {
        "l" | "S" | "m" => {
            let (element, rest) = type_at(inner)?;
            let rest = rest.strip_prefix(')')?;
            let element = Box::new(element);
            let ty = match head {
                "l" => Type::List(element),
                "S" => Type::Set(element),
                _ => Type::Map(element),
            };
            Some((ty, rest))
        }
        "o" => {
            let mut fields = Vec::new();
            let mut rest = inner;
            if let Some(after) = rest.strip_prefix(')') {
                return Some((Type::Object(fields), after));
            }
            loop {
                let colon = rest.find(':')?;
                let name = &rest[..colon];
                let (ty, after) = type_at(&rest[colon + 1..])?;
                fields.push((name.into(), ty));
                if let Some(after) = after.strip_prefix(',') {
                    rest = after;
                } else {
                    return Some((Type::Object(fields), after.strip_prefix(')')?));
                }
            }
        }
        "t" => {
            let mut items = Vec::new();
            let mut rest = inner;
            if let Some(after) = rest.strip_prefix(')') {
                return Some((Type::Tuple(items), after));
            }
            loop {
                let (ty, after) = type_at(rest)?;
                items.push(ty);
                if let Some(after) = after.strip_prefix(',') {
                    rest = after;
                } else {
                    return Some((Type::Tuple(items), after.strip_prefix(')')?));
                }
            }
        }
        _ => None,
    }
}
