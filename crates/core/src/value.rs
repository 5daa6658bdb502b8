//! Values as the evaluator knows them: HCL's types plus *unknown*, each value carrying
//! where it came from.

use std::fmt;
use std::rc::Rc;

use indexmap::IndexMap;

use crate::submission::UnitId;

/// An evaluated value and its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub data: Data,
    /// The literal this value was written as, and the references it travelled through.
    pub origin: Option<Rc<Origin>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    /// Lists, tuples and sets (sets keep first-seen order, without duplicates).
    List(Vec<Value>),
    /// Maps and objects.
    Map(IndexMap<String, Value>),
    /// A value that cannot be known before apply or from the code alone.
    Unknown(Rc<Unknown>),
}

/// Why a value is unknown, in words a reviewer can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// For example "`aws_vpc.main.cidr_block` is known only after apply".
    pub reason: String,
    /// The variable whose value this is, when it is exactly a variable without a value.
    pub variable: Option<String>,
    /// The literal text a string template ends with, when only its beginning is unknown
    /// (`"${data.http.ip.body}/32"` ends with `/32`).
    pub known_suffix: Option<String>,
    /// The reference to a resource or data source this unknown value comes from, keys
    /// evaluated (`aws_network_acl.main.id`, `aws_subnet.app[0].id`), when that is why it
    /// is unknown. Checks use it to tell which resource an argument points at.
    pub reference: Option<String>,
}

/// Where a value was written, and how it reached the place that uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    /// The unit and byte range of the literal expression that produced the value.
    pub unit: UnitId,
    pub span: std::ops::Range<usize>,
    /// References the value passed through, outermost (closest to the use) first.
    pub via: Vec<Via>,
}

/// One reference a value passed through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Via {
    /// Terraform address: `var.ssh_cidr`, `local.cidrs`, `each.value`.
    pub address: String,
    pub kind: ViaKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViaKind {
    /// A variable's `default`.
    VariableDefault,
    /// A value set for a variable in a .tfvars file (its name).
    VariableFile(String),
    Local,
    /// `each.key`, `each.value`, `count.index`, a dynamic block's iterator or a `for` variable.
    Iteration,
}

impl Value {
    pub fn new(data: Data) -> Self {
        Self { data, origin: None }
    }

    pub fn null() -> Self {
        Self::new(Data::Null)
    }

    pub fn bool(b: bool) -> Self {
        Self::new(Data::Bool(b))
    }

    pub fn number(n: f64) -> Self {
        Self::new(Data::Number(n))
    }

    pub fn string(s: impl Into<String>) -> Self {
        Self::new(Data::String(s.into()))
    }

    pub fn list(items: Vec<Value>) -> Self {
        Self::new(Data::List(items))
    }

    pub fn map(entries: IndexMap<String, Value>) -> Self {
        Self::new(Data::Map(entries))
    }

    pub fn unknown(reason: impl Into<String>) -> Self {
        Self::new(Data::Unknown(Rc::new(Unknown {
            reason: reason.into(),
            variable: None,
            known_suffix: None,
            reference: None,
        })))
    }

    /// The value of a variable that has none in the code (no default, not in a .tfvars).
    pub fn unknown_variable(name: &str) -> Self {
        Self::new(Data::Unknown(Rc::new(Unknown {
            reason: format!("`var.{name}` has no default: its value is given at plan time"),
            variable: Some(name.to_owned()),
            known_suffix: None,
            reference: None,
        })))
    }

    /// The literal end of a partly unknown string, if known.
    pub fn known_suffix(&self) -> Option<&str> {
        match &self.data {
            Data::Unknown(u) => u.known_suffix.as_deref(),
            _ => None,
        }
    }

    /// An unknown value caused by the attribute `reference` of a resource or data source.
    pub fn unknown_reference(reason: impl Into<String>, reference: String) -> Self {
        Self::new(Data::Unknown(Rc::new(Unknown {
            reason: reason.into(),
            variable: None,
            known_suffix: None,
            reference: Some(reference),
        })))
    }

    /// The resource attribute whose unknown value this is, if that is known.
    pub fn unknown_reference_name(&self) -> Option<&str> {
        match &self.data {
            Data::Unknown(u) => u.reference.as_deref(),
            _ => None,
        }
    }

    /// The variable this unknown value stands for, if any.
    pub fn unknown_variable_name(&self) -> Option<&str> {
        match &self.data {
            Data::Unknown(u) => u.variable.as_deref(),
            _ => None,
        }
    }

    pub fn with_origin(mut self, origin: Option<Rc<Origin>>) -> Self {
        self.origin = origin;
        self
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.data {
            Data::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.data {
            Data::Bool(b) => Some(*b),
            Data::String(s) if s == "true" => Some(true),
            Data::String(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match &self.data {
            Data::Number(n) => Some(*n),
            Data::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match &self.data {
            Data::List(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&IndexMap<String, Value>> {
        match &self.data {
            Data::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn unknown_reason(&self) -> Option<&str> {
        match &self.data {
            Data::Unknown(u) => Some(&u.reason),
            _ => None,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.data, Data::Unknown(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.data, Data::Null)
    }

    /// The first unknown inside this value, searching depth-first.
    pub fn find_unknown(&self) -> Option<&Value> {
        match &self.data {
            Data::Unknown(_) => Some(self),
            Data::List(items) => items.iter().find_map(Value::find_unknown),
            Data::Map(entries) => entries.values().find_map(Value::find_unknown),
            _ => None,
        }
    }

    /// Converts to a string the way Terraform does for template interpolation.
    pub fn to_template_string(&self) -> Option<String> {
        match &self.data {
            Data::String(s) => Some(s.clone()),
            Data::Number(n) => Some(format_number(*n)),
            Data::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Records that this value (and everything inside it) passed through `via`.
    pub fn passed_through(mut self, via: &Via) -> Self {
        if let Some(origin) = &self.origin {
            let mut origin = (**origin).clone();
            origin.via.insert(0, via.clone());
            self.origin = Some(Rc::new(origin));
        }
        match &mut self.data {
            Data::List(items) => {
                for item in items.iter_mut() {
                    *item = std::mem::replace(item, Value::null()).passed_through(via);
                }
            }
            Data::Map(entries) => {
                for value in entries.values_mut() {
                    *value = std::mem::replace(value, Value::null()).passed_through(via);
                }
            }
            _ => {}
        }
        self
    }

    /// Type name as Terraform says it, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.data {
            Data::Null => "null",
            Data::Bool(_) => "bool",
            Data::Number(_) => "number",
            Data::String(_) => "string",
            Data::List(_) => "list",
            Data::Map(_) => "map",
            Data::Unknown(_) => "unknown",
        }
    }
}

/// Terraform prints whole numbers without a fraction.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl fmt::Display for Value {
    /// HCL-like rendering for messages: `"0.0.0.0/0"`, `["a", "b"]`, `{ k = "v" }`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.data {
            Data::Null => f.write_str("null"),
            Data::Bool(b) => write!(f, "{b}"),
            Data::Number(n) => f.write_str(&format_number(*n)),
            Data::String(s) => write!(f, "{s:?}"),
            Data::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Data::Map(entries) => {
                f.write_str("{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    f.write_str(if i > 0 { ", " } else { " " })?;
                    write!(f, "{k} = {v}")?;
                }
                f.write_str(if entries.is_empty() { "}" } else { " }" })
            }
            Data::Unknown(_) => f.write_str("(unknown)"),
        }
    }
}

impl fmt::Display for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ViaKind::VariableDefault => write!(f, "{}, default", self.address),
            ViaKind::VariableFile(file) => write!(f, "{}, set in {file}", self.address),
            ViaKind::Local | ViaKind::Iteration => f.write_str(&self.address),
        }
    }
}
