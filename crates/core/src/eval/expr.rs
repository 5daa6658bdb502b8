//! Evaluation of hcl-edit expressions in a configuration.
//!
//! Values that Terraform knows only at plan or apply time (resource attributes, data
//! sources, variables without a value) are `Unknown` with a reason; errors Terraform would
//! raise are unknowns whose reason starts with `error: ` (so `try` and `can` can see them).

use std::rc::Rc;

use hcl_edit::Span;
use hcl_edit::expr::{
    BinaryOperator, Expression, ForExpr, ObjectKey, TraversalOperator, UnaryOperator,
};
use hcl_edit::structure::{Block, Body};
use hcl_edit::template::{Directive, Element, Template};
use indexmap::IndexMap;

use super::functions;
use crate::configuration::Configuration;
use crate::submission::UnitId;
use crate::value::{Data, Origin, Value, Via, ViaKind, format_number};

/// How deep references may chain (local to local to variable ...) before giving up.
const MAX_REFERENCE_DEPTH: usize = 64;
/// How many expressions may be under evaluation at once.
const MAX_EVAL_DEPTH: usize = 200;
/// The largest collection a `for`, `count` or `for_each` expands.
pub const MAX_EXPANSION: usize = 10_000;

/// Names bound while evaluating: `each`, `count`, a dynamic block's iterator, `for` variables.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    bindings: Vec<(String, Value)>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(&self, name: impl Into<String>, value: Value) -> Scope {
        let mut scope = self.clone();
        scope.bindings.push((name.into(), value));
        scope
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.bindings
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// An error value, as Terraform would fail on it.
pub fn error(message: impl std::fmt::Display) -> Value {
    Value::unknown(format!("error: {message}"))
}

impl Configuration<'_> {
    /// Evaluates an expression written in `unit`.
    pub fn eval(&self, unit: UnitId, expr: &Expression, scope: &Scope) -> Value {
        // Nesting within one expression is bounded by the parser, but references chain
        // expressions together; this bound keeps the stack small (the browser's is 1 MB).
        let depth = self.eval_depth.get();
        if depth >= MAX_EVAL_DEPTH {
            return Value::unknown("the expression is nested too deeply to evaluate");
        }
        self.eval_depth.set(depth + 1);
        let value = self.eval_inner(unit, expr, scope);
        self.eval_depth.set(depth);
        value
    }

    fn eval_inner(&self, unit: UnitId, expr: &Expression, scope: &Scope) -> Value {
        let literal = |data: Data| {
            Value::new(data).with_origin(expr.span().map(|span| {
                Rc::new(Origin {
                    unit,
                    span,
                    via: Vec::new(),
                })
            }))
        };
        match expr {
            Expression::Null(_) => literal(Data::Null),
            Expression::Bool(b) => literal(Data::Bool(*b.value())),
            Expression::Number(n) => literal(Data::Number(n.value().as_f64().unwrap_or(f64::NAN))),
            Expression::String(s) => literal(Data::String(s.value().clone())),
            Expression::Array(array) => {
                Value::list(array.iter().map(|e| self.eval(unit, e, scope)).collect())
            }
            Expression::Object(object) => {
                let mut entries = IndexMap::new();
                for (key, value) in object.iter() {
                    let key = match key {
                        ObjectKey::Ident(ident) => ident.as_str().to_owned(),
                        ObjectKey::Expression(key_expr) => {
                            let key = self.eval(unit, key_expr, scope);
                            match key.to_template_string() {
                                Some(k) => k,
                                None if key.is_unknown() => return key,
                                None => return error("object key is not a string"),
                            }
                        }
                    };
                    entries.insert(key, self.eval(unit, value.expr(), scope));
                }
                Value::map(entries)
            }
            Expression::StringTemplate(template) => {
                let elements: Vec<&Element> = template.iter().collect();
                self.eval_template(unit, &elements, scope, expr)
            }
            Expression::HeredocTemplate(heredoc) => {
                // The parser has already stripped the indent of a `<<-` heredoc (and says
                // how much in `indent()`): stripping again would eat into its text.
                let elements: Vec<&Element> = heredoc.template.iter().collect();
                self.eval_template(unit, &elements, scope, expr)
            }
            Expression::Parenthesis(inner) => self.eval(unit, inner.inner(), scope),
            Expression::Variable(ident) => match scope.get(ident.as_str()) {
                Some(value) => value.clone(),
                None => Value::unknown(format!("`{}` is not known here", ident.as_str())),
            },
            Expression::Conditional(cond) => {
                let test = self.eval(unit, &cond.cond_expr, scope);
                match test.as_bool() {
                    Some(true) => self.eval(unit, &cond.true_expr, scope),
                    Some(false) => self.eval(unit, &cond.false_expr, scope),
                    None if test.is_unknown() => {
                        let yes = self.eval(unit, &cond.true_expr, scope);
                        let no = self.eval(unit, &cond.false_expr, scope);
                        if data_eq(&yes, &no) {
                            yes
                        } else {
                            Value::unknown(format!(
                                "the condition `{}` is unknown ({})",
                                self.source_of(unit, &cond.cond_expr),
                                test.unknown_reason().unwrap_or_default()
                            ))
                        }
                    }
                    None => error("condition is not a bool"),
                }
            }
            Expression::FuncCall(call) => {
                if call.name.is_namespaced() {
                    return Value::unknown(format!(
                        "provider function `{}` is not evaluated by tfgrade",
                        self.source_of(unit, expr)
                    ));
                }
                let args = call
                    .args
                    .iter()
                    .map(|a| self.eval(unit, a, scope))
                    .collect();
                functions::call(call.name.name.as_str(), args, call.args.expand_final())
            }
            Expression::Traversal(traversal) => self.eval_traversal(unit, traversal, scope),
            Expression::UnaryOp(op) => {
                let value = self.eval(unit, &op.expr, scope);
                if value.is_unknown() {
                    return value;
                }
                match op.operator.value() {
                    UnaryOperator::Neg => match value.as_number() {
                        Some(n) => Value::number(-n),
                        None => error("`-` needs a number"),
                    },
                    UnaryOperator::Not => match value.as_bool() {
                        Some(b) => Value::bool(!b),
                        None => error("`!` needs a bool"),
                    },
                }
            }
            Expression::BinaryOp(op) => {
                let lhs = self.eval(unit, &op.lhs_expr, scope);
                let rhs = self.eval(unit, &op.rhs_expr, scope);
                binary(*op.operator.value(), &lhs, &rhs)
            }
            Expression::ForExpr(for_expr) => self.eval_for(unit, for_expr, scope),
        }
    }

    fn eval_template(
        &self,
        unit: UnitId,
        elements: &[&Element],
        scope: &Scope,
        expr: &Expression,
    ) -> Value {
        // A template that is a single interpolation yields the value itself, as in Terraform.
        if let [Element::Interpolation(interp)] = elements {
            return self.eval(unit, &interp.expr, scope);
        }
        let all_literal = elements.iter().all(|e| matches!(e, Element::Literal(_)));
        let mut out = String::new();
        if let Err(unknown) = self.render_elements(unit, elements.iter().copied(), scope, &mut out)
        {
            // Keep the literal end of the template: checks can still use it.
            return match (&unknown.data, elements.last()) {
                (Data::Unknown(u), Some(Element::Literal(tail))) => {
                    let mut u = (**u).clone();
                    u.known_suffix = Some(tail.value().clone());
                    Value::new(Data::Unknown(Rc::new(u)))
                }
                _ => unknown,
            };
        }
        let value = Value::string(out);
        if all_literal {
            value.with_origin(expr.span().map(|span| {
                Rc::new(Origin {
                    unit,
                    span,
                    via: Vec::new(),
                })
            }))
        } else {
            value
        }
    }

    fn render_elements<'e>(
        &self,
        unit: UnitId,
        elements: impl Iterator<Item = &'e Element>,
        scope: &Scope,
        out: &mut String,
    ) -> Result<(), Value> {
        for element in elements {
            match element {
                Element::Literal(literal) => out.push_str(literal.value()),
                Element::Interpolation(interp) => {
                    let value = self.eval(unit, &interp.expr, scope);
                    match value.to_template_string() {
                        Some(s) => out.push_str(&s),
                        None if value.is_unknown() => return Err(value),
                        None => {
                            return Err(error(format!(
                                "cannot put a {} in a string",
                                value.type_name()
                            )));
                        }
                    }
                }
                Element::Directive(directive) => match &**directive {
                    Directive::If(if_directive) => {
                        let test = self.eval(unit, &if_directive.if_expr.cond_expr, scope);
                        match test.as_bool() {
                            Some(true) => {
                                self.render_template(
                                    unit,
                                    &if_directive.if_expr.template,
                                    scope,
                                    out,
                                )?;
                            }
                            Some(false) => {
                                if let Some(else_expr) = &if_directive.else_expr {
                                    self.render_template(unit, &else_expr.template, scope, out)?;
                                }
                            }
                            None if test.is_unknown() => return Err(test),
                            None => return Err(error("template condition is not a bool")),
                        }
                    }
                    Directive::For(for_directive) => {
                        let f = &for_directive.for_expr;
                        let collection = self.eval(unit, &f.collection_expr, scope);
                        let pairs = iteration_pairs(&collection)?;
                        for (key, value) in pairs {
                            let mut inner = scope.with(f.value_var.as_str(), value);
                            if let Some(key_var) = &f.key_var {
                                inner = inner.with(key_var.as_str(), key);
                            }
                            self.render_template(unit, &f.template, &inner, out)?;
                        }
                    }
                },
            }
        }
        Ok(())
    }

    fn render_template(
        &self,
        unit: UnitId,
        template: &Template,
        scope: &Scope,
        out: &mut String,
    ) -> Result<(), Value> {
        self.render_elements(unit, template.iter(), scope, out)
    }

    fn eval_for(&self, unit: UnitId, for_expr: &ForExpr, scope: &Scope) -> Value {
        let intro = &for_expr.intro;
        let collection = self.eval(unit, &intro.collection_expr, scope);
        let pairs = match iteration_pairs(&collection) {
            Ok(pairs) => pairs,
            Err(unknown) => return unknown,
        };
        let mut list = Vec::new();
        let mut map: IndexMap<String, Value> = IndexMap::new();
        for (key, value) in pairs {
            let mut inner = scope.clone();
            match &intro.key_var {
                Some(key_var) => {
                    inner = inner
                        .with(key_var.as_str(), key)
                        .with(intro.value_var.as_str(), value);
                }
                None => inner = inner.with(intro.value_var.as_str(), value),
            }
            if let Some(cond) = &for_expr.cond {
                let keep = self.eval(unit, &cond.expr, &inner);
                match keep.as_bool() {
                    Some(true) => {}
                    Some(false) => continue,
                    None if keep.is_unknown() => return keep,
                    None => return error("`for` condition is not a bool"),
                }
            }
            let item = self.eval(unit, &for_expr.value_expr, &inner);
            match &for_expr.key_expr {
                Some(key_expr) => {
                    let key = self.eval(unit, key_expr, &inner);
                    let Some(key) = key.to_template_string() else {
                        return if key.is_unknown() {
                            key
                        } else {
                            error("`for` key is not a string")
                        };
                    };
                    if for_expr.grouping {
                        let entry = map.entry(key).or_insert_with(|| Value::list(Vec::new()));
                        if let Data::List(items) = &mut entry.data {
                            items.push(item);
                        }
                    } else if map.insert(key.clone(), item).is_some() {
                        return error(format!("duplicate key {key:?} in `for` expression"));
                    }
                }
                None => list.push(item),
            }
        }
        if for_expr.key_expr.is_some() {
            Value::map(map)
        } else {
            Value::list(list)
        }
    }

    fn eval_traversal(
        &self,
        unit: UnitId,
        traversal: &hcl_edit::expr::Traversal,
        scope: &Scope,
    ) -> Value {
        let ops = &traversal.operators;
        let attr = |i: usize| match ops.get(i).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(name)) => Some(name.as_str()),
            _ => None,
        };
        let (mut value, used) = match &traversal.expr {
            Expression::Variable(root) => match (root.as_str(), attr(0)) {
                (name, _) if scope.get(name).is_some() => {
                    (scope.get(name).cloned().unwrap_or_else(Value::null), 0)
                }
                ("var", Some(name)) => match scope.get(&format!("var.{name}")) {
                    // A supposed value, bound when proving what a validation refuses.
                    Some(supposed) => (supposed.clone(), 1),
                    None => (self.variable(name), 1),
                },
                ("local", Some(name)) => (self.local(name), 1),
                ("path", Some(name)) => (
                    Value::string(if name == "module" || name == "root" {
                        "."
                    } else {
                        ""
                    }),
                    1,
                ),
                ("terraform", Some("workspace")) => (
                    Value::unknown("`terraform.workspace` is chosen at run time"),
                    1,
                ),
                ("data", _) => {
                    let reason = format!(
                        "`{}` is read from the provider at plan time",
                        reference_text(self, unit, traversal, 3)
                    );
                    return match self.reference_with_keys(unit, traversal, scope) {
                        Some(reference) => Value::unknown_reference(reason, reference),
                        None => Value::unknown(reason),
                    };
                }
                ("module", _) => {
                    return Value::unknown(format!(
                        "`{}` is an output of a module",
                        reference_text(self, unit, traversal, 2)
                    ));
                }
                ("each" | "count" | "self", _) => {
                    return Value::unknown(format!("`{}` is not known here", root.as_str()));
                }
                (_, Some(_)) => {
                    let reason = format!(
                        "`{}` is known only after apply",
                        reference_text(self, unit, traversal, 3)
                    );
                    return match self.reference_with_keys(unit, traversal, scope) {
                        Some(reference) => Value::unknown_reference(reason, reference),
                        None => Value::unknown(reason),
                    };
                }
                (name, None) => return Value::unknown(format!("`{name}` is not known here")),
            },
            other => (self.eval(unit, other, scope), 0),
        };
        for op in &ops[used..] {
            if value.is_unknown() {
                return value;
            }
            value = match op.value() {
                TraversalOperator::GetAttr(name) => get_key(&value, name.as_str()),
                TraversalOperator::Index(index) => {
                    let index = self.eval(unit, index, scope);
                    if index.is_unknown() {
                        return index;
                    }
                    get_index(&value, &index)
                }
                TraversalOperator::LegacyIndex(i) => {
                    get_index(&value, &Value::number(*i.value() as f64))
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    // `[*]` over a list keeps it; over a single value makes a one-element list.
                    // Later operators apply to each element, which the loop below does.
                    let items = match &value.data {
                        Data::List(items) => items.clone(),
                        Data::Null => Vec::new(),
                        _ => vec![value.clone()],
                    };
                    let rest_start = ops
                        .iter()
                        .position(|o| std::ptr::eq(o, op))
                        .map_or(ops.len(), |p| p + 1);
                    return Value::list(
                        items
                            .into_iter()
                            .map(|item| self.apply_ops(unit, item, &ops[rest_start..], scope))
                            .collect(),
                    );
                }
            };
        }
        value
    }

    /// The reference as written, instance keys and indexes evaluated
    /// (`aws_subnet.app[0].id` for `aws_subnet.app[count.index].id`); None when a key is
    /// unknown or a splat stands in it.
    fn reference_with_keys(
        &self,
        unit: UnitId,
        traversal: &hcl_edit::expr::Traversal,
        scope: &Scope,
    ) -> Option<String> {
        let mut text = self.source_of(unit, &traversal.expr).to_owned();
        for op in &traversal.operators {
            match op.value() {
                TraversalOperator::GetAttr(name) => {
                    text.push('.');
                    text.push_str(name.as_str());
                }
                TraversalOperator::Index(index) => match &self.eval(unit, index, scope).data {
                    Data::Number(n) => text.push_str(&format!("[{}]", format_number(*n))),
                    Data::String(s) => text.push_str(&format!("[{s:?}]")),
                    _ => return None,
                },
                TraversalOperator::LegacyIndex(i) => text.push_str(&format!("[{}]", i.value())),
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => return None,
            }
        }
        Some(text)
    }

    fn apply_ops(
        &self,
        unit: UnitId,
        mut value: Value,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        scope: &Scope,
    ) -> Value {
        for op in ops {
            if value.is_unknown() {
                return value;
            }
            value = match op.value() {
                TraversalOperator::GetAttr(name) => get_key(&value, name.as_str()),
                TraversalOperator::Index(index) => {
                    get_index(&value, &self.eval(unit, index, scope))
                }
                TraversalOperator::LegacyIndex(i) => {
                    get_index(&value, &Value::number(*i.value() as f64))
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => value,
            };
        }
        value
    }

    /// The value of `var.NAME`: an auto-loaded .tfvars value, else its default, else unknown.
    pub fn variable(&self, name: &str) -> Value {
        let key = format!("var.{name}");
        self.memoized(&key, || {
            if let Some(set) = self.tfvars.get(name) {
                let via = Via {
                    address: key.clone(),
                    kind: ViaKind::VariableFile(set.file.to_owned()),
                };
                return self
                    .eval(set.unit, &set.attr.value, &Scope::new())
                    .passed_through(&via);
            }
            let Some(item) = self.variables.get(name) else {
                return error(format!("`{key}` is not declared"));
            };
            // `default = null` is a value (the argument left unset), not a missing default.
            match item.block.body.get_attribute("default") {
                Some(default) => {
                    let via = Via {
                        address: key.clone(),
                        kind: ViaKind::VariableDefault,
                    };
                    self.eval(item.unit, &default.value, &Scope::new())
                        .passed_through(&via)
                }
                None => Value::unknown_variable(name),
            }
        })
    }

    /// The value of `local.NAME`.
    pub fn local(&self, name: &str) -> Value {
        let key = format!("local.{name}");
        self.memoized(&key, || match self.locals.get(name) {
            Some(local) => {
                let via = Via {
                    address: key.clone(),
                    kind: ViaKind::Local,
                };
                self.eval(local.unit, &local.attr.value, &Scope::new())
                    .passed_through(&via)
            }
            None => error(format!("`{key}` is not declared")),
        })
    }

    fn memoized(&self, key: &str, compute: impl FnOnce() -> Value) -> Value {
        if let Some(value) = self.memo.borrow().get(key) {
            return value.clone();
        }
        {
            let mut in_progress = self.in_progress.borrow_mut();
            if in_progress.iter().any(|k| k == key) {
                return error(format!("`{key}` refers to itself"));
            }
            if in_progress.len() >= MAX_REFERENCE_DEPTH {
                return Value::unknown(format!("`{key}` is reached through too many references"));
            }
            in_progress.push(key.to_owned());
        }
        let value = compute();
        self.in_progress.borrow_mut().pop();
        self.memo.borrow_mut().insert(key.to_owned(), value.clone());
        value
    }

    /// The blocks of type `ident` in `body`, with `dynamic "ident"` blocks expanded: each
    /// comes with the scope its attributes are evaluated in (binding the iterator).
    pub fn blocks<'b>(
        &self,
        unit: UnitId,
        body: &'b Body,
        ident: &str,
        scope: &Scope,
    ) -> Vec<ExpandedBlock<'b>> {
        let mut out = Vec::new();
        for block in body.blocks() {
            if block.ident.as_str() == ident {
                out.push(ExpandedBlock {
                    block,
                    body: &block.body,
                    scope: scope.clone(),
                    unknown: None,
                });
                continue;
            }
            let is_dynamic = block.ident.as_str() == "dynamic"
                && block.labels.first().is_some_and(|l| l.as_str() == ident);
            if !is_dynamic {
                continue;
            }
            let Some(content) = block.body.get_blocks("content").next() else {
                continue;
            };
            let iterator = block
                .body
                .get_attribute("iterator")
                .and_then(|a| match &a.value {
                    Expression::Variable(v) => Some(v.as_str().to_owned()),
                    _ => None,
                })
                .unwrap_or_else(|| ident.to_owned());
            let collection = match block.body.get_attribute("for_each") {
                Some(attr) => self.eval(unit, &attr.value, scope),
                None => error("dynamic block without `for_each`"),
            };
            match iteration_pairs(&collection) {
                Ok(pairs) => {
                    for (key, value) in pairs {
                        let mut entry = IndexMap::new();
                        entry.insert("key".to_owned(), key);
                        entry.insert("value".to_owned(), value);
                        out.push(ExpandedBlock {
                            block,
                            body: &content.body,
                            scope: scope.with(iterator.clone(), Value::map(entry)),
                            unknown: None,
                        });
                    }
                }
                Err(unknown) => {
                    // Still look inside once, with the iterator unknown, so that literal
                    // values in the content are judged and the unknown is reported.
                    let reason = unknown.unknown_reason().unwrap_or("unknown").to_owned();
                    out.push(ExpandedBlock {
                        block,
                        body: &content.body,
                        scope: scope.with(iterator.clone(), unknown),
                        unknown: Some(format!(
                            "the `for_each` of `dynamic \"{ident}\"` is unknown: {reason}"
                        )),
                    });
                }
            }
        }
        out
    }

    /// The instances a resource block declares (`count`, `for_each`), each with its scope.
    pub fn instances(&self, unit: UnitId, block: &Block) -> Vec<Instance> {
        let base = Scope::new();
        if let Some(count) = block.body.get_attribute("count") {
            let value = self.eval(unit, &count.value, &base);
            return match value.as_number() {
                Some(n) if n >= 0.0 && n.fract() == 0.0 => (0..(n as usize).min(MAX_EXPANSION))
                    .map(|i| {
                        let mut entry = IndexMap::new();
                        entry.insert("index".to_owned(), Value::number(i as f64));
                        Instance {
                            key: format!("[{i}]"),
                            scope: base.with("count", Value::map(entry)),
                            unknown: None,
                        }
                    })
                    .collect(),
                _ => {
                    let reason = value
                        .unknown_reason()
                        .unwrap_or("not a whole number")
                        .to_owned();
                    let mut entry = IndexMap::new();
                    entry.insert(
                        "index".to_owned(),
                        Value::unknown(format!("`count` is unknown: {reason}")),
                    );
                    vec![Instance {
                        key: String::new(),
                        scope: base.with("count", Value::map(entry)),
                        unknown: Some(format!("`count` is unknown: {reason}")),
                    }]
                }
            };
        }
        if let Some(for_each) = block.body.get_attribute("for_each") {
            let collection = self.eval(unit, &for_each.value, &base);
            let is_set = matches!(collection.data, Data::List(_));
            return match iteration_pairs(&collection) {
                Ok(pairs) => pairs
                    .into_iter()
                    .map(|(key, value)| {
                        // Over a set, each.key and each.value are both the element.
                        let key = if is_set { value.clone() } else { key };
                        let label = key.to_template_string().unwrap_or_default();
                        let mut entry = IndexMap::new();
                        entry.insert("key".to_owned(), key);
                        entry.insert("value".to_owned(), value);
                        Instance {
                            key: format!("[{label:?}]"),
                            scope: base.with("each", Value::map(entry)),
                            unknown: None,
                        }
                    })
                    .collect(),
                Err(unknown) => {
                    let reason = unknown.unknown_reason().unwrap_or("unknown").to_owned();
                    let mut entry = IndexMap::new();
                    entry.insert("key".to_owned(), unknown.clone());
                    entry.insert("value".to_owned(), unknown);
                    vec![Instance {
                        key: String::new(),
                        scope: base.with("each", Value::map(entry)),
                        unknown: Some(format!("`for_each` is unknown: {reason}")),
                    }]
                }
            };
        }
        vec![Instance {
            key: String::new(),
            scope: base,
            unknown: None,
        }]
    }
}

/// A block after `dynamic` expansion.
#[derive(Debug, Clone)]
pub struct ExpandedBlock<'b> {
    /// The block as written (`ingress` or `dynamic "ingress"`).
    pub block: &'b Block,
    /// The body holding the attributes (`content` for a dynamic block).
    pub body: &'b Body,
    pub scope: Scope,
    /// Why the expansion is uncertain, when it is.
    pub unknown: Option<String>,
}

/// One instance of a resource.
#[derive(Debug, Clone)]
pub struct Instance {
    /// `[0]`, `["ssh"]`, or empty for a single instance.
    pub key: String,
    pub scope: Scope,
    pub unknown: Option<String>,
}

/// Key/value pairs to iterate over: list index and element, or map key and value.
/// `Err` carries the unknown (or error) when the collection cannot be iterated.
pub fn iteration_pairs(collection: &Value) -> Result<Vec<(Value, Value)>, Value> {
    match &collection.data {
        Data::List(items) if items.len() <= MAX_EXPANSION => Ok(items
            .iter()
            .enumerate()
            .map(|(i, v)| (Value::number(i as f64), v.clone()))
            .collect()),
        Data::Map(entries) if entries.len() <= MAX_EXPANSION => Ok(entries
            .iter()
            .map(|(k, v)| (Value::string(k.clone()), v.clone()))
            .collect()),
        Data::Null => Ok(Vec::new()),
        Data::Unknown(_) => Err(collection.clone()),
        Data::List(_) | Data::Map(_) => Err(Value::unknown(format!(
            "the collection has more than {MAX_EXPANSION} elements"
        ))),
        _ => Err(error(format!(
            "cannot iterate over a {}",
            collection.type_name()
        ))),
    }
}

fn reference_text(
    config: &Configuration<'_>,
    unit: UnitId,
    traversal: &hcl_edit::expr::Traversal,
    parts: usize,
) -> String {
    let mut text = config.source_of(unit, &traversal.expr).to_owned();
    for op in traversal.operators.iter().take(parts.saturating_sub(1)) {
        match op.value() {
            TraversalOperator::GetAttr(name) => {
                text.push('.');
                text.push_str(name.as_str());
            }
            _ => break,
        }
    }
    text
}

fn get_key(value: &Value, key: &str) -> Value {
    match &value.data {
        Data::Map(entries) => entries
            .get(key)
            .cloned()
            .unwrap_or_else(|| error(format!("no attribute `{key}`"))),
        Data::Null => error(format!("attribute `{key}` of null")),
        _ => error(format!("a {} has no attribute `{key}`", value.type_name())),
    }
}

fn get_index(value: &Value, index: &Value) -> Value {
    match &value.data {
        Data::List(items) => match index.as_number() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 && (n as usize) < items.len() => {
                items[n as usize].clone()
            }
            Some(n) => error(format!(
                "index {n} is out of range for a list of {}",
                items.len()
            )),
            None => error("list index is not a number"),
        },
        Data::Map(entries) => match index.to_template_string() {
            Some(k) => entries
                .get(&k)
                .cloned()
                .unwrap_or_else(|| error(format!("no key {k:?}"))),
            None => error("map key is not a string"),
        },
        _ => error(format!("cannot index a {}", value.type_name())),
    }
}

/// Equality of values as Terraform compares them (provenance ignored).
pub fn data_eq(a: &Value, b: &Value) -> bool {
    match (&a.data, &b.data) {
        (Data::List(x), Data::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| data_eq(p, q))
        }
        (Data::Map(x), Data::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| data_eq(v, w)))
        }
        (Data::Number(x), Data::String(s)) | (Data::String(s), Data::Number(x)) => {
            s.parse::<f64>().is_ok_and(|y| y == *x)
        }
        (Data::Unknown(_), _) | (_, Data::Unknown(_)) => false,
        (x, y) => x == y,
    }
}

fn binary(op: BinaryOperator, lhs: &Value, rhs: &Value) -> Value {
    use BinaryOperator as B;
    // `false && unknown` and `true || unknown` are known.
    match (op, lhs.as_bool(), rhs.as_bool()) {
        (B::And, Some(false), _) | (B::And, _, Some(false)) => return Value::bool(false),
        (B::Or, Some(true), _) | (B::Or, _, Some(true)) => return Value::bool(true),
        _ => {}
    }
    if lhs.is_unknown() {
        return lhs.clone();
    }
    if rhs.is_unknown() {
        return rhs.clone();
    }
    match op {
        B::Eq => Value::bool(data_eq(lhs, rhs)),
        B::NotEq => Value::bool(!data_eq(lhs, rhs)),
        B::And | B::Or => match (lhs.as_bool(), rhs.as_bool()) {
            (Some(a), Some(b)) => Value::bool(if op == B::And { a && b } else { a || b }),
            _ => error("`&&` and `||` need bools"),
        },
        _ => {
            let (Some(a), Some(b)) = (lhs.as_number(), rhs.as_number()) else {
                return error(format!("`{}` needs numbers", op.as_str()));
            };
            match op {
                B::Plus => Value::number(a + b),
                B::Minus => Value::number(a - b),
                B::Mul => Value::number(a * b),
                B::Div if b == 0.0 => error("division by zero"),
                B::Div => Value::number(a / b),
                B::Mod if b == 0.0 => error("modulo by zero"),
                B::Mod => Value::number(a % b),
                B::Less => Value::bool(a < b),
                B::LessEq => Value::bool(a <= b),
                B::Greater => Value::bool(a > b),
                B::GreaterEq => Value::bool(a >= b),
                B::Eq | B::NotEq | B::And | B::Or => error("operator handled above"),
            }
        }
    }
}
