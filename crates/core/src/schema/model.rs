//! The schema's types.

use std::collections::HashMap;
use std::fmt;

/// A value type as the provider declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    String,
    Number,
    Bool,
    /// Any value (`dynamic`).
    Any,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Object(Vec<(Box<str>, Type)>),
    Tuple(Vec<Type>),
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String => f.write_str("string"),
            Type::Number => f.write_str("number"),
            Type::Bool => f.write_str("bool"),
            Type::Any => f.write_str("any"),
            Type::List(t) => write!(f, "list({t})"),
            Type::Set(t) => write!(f, "set({t})"),
            Type::Map(t) => write!(f, "map({t})"),
            Type::Object(_) => f.write_str("object"),
            Type::Tuple(_) => f.write_str("tuple"),
        }
    }
}

/// An attribute of a block: an argument the configuration sets (`required` or `optional`)
/// or a value the provider computes and exports.
#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: Box<str>,
    pub required: bool,
    pub optional: bool,
    pub computed: bool,
    pub deprecated: bool,
    pub ty: Type,
}

impl Attribute {
    /// Whether the configuration may set it.
    pub fn settable(&self) -> bool {
        self.required || self.optional
    }
}

/// How a nested block repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nesting {
    List,
    Set,
    Single,
    Group,
    Map,
}

/// A nested block type of a block.
#[derive(Debug, Clone)]
pub struct NestedBlock {
    pub name: Box<str>,
    pub nesting: Nesting,
    /// Fewest blocks of this type the parent needs (0: optional).
    pub min_items: u32,
    /// Most blocks of this type the parent takes (0: no limit).
    pub max_items: u32,
    pub body: BodyId,
}

/// Index of a block body in the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyId(pub(super) u32);

/// The attributes and nested blocks of one block type, each sorted by name.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<NestedBlock>,
}

impl Body {
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes
            .binary_search_by(|a| (*a.name).cmp(name))
            .ok()
            .map(|i| &self.attributes[i])
    }

    pub fn block(&self, name: &str) -> Option<&NestedBlock> {
        self.blocks
            .binary_search_by(|b| (*b.name).cmp(name))
            .ok()
            .map(|i| &self.blocks[i])
    }

    /// Names the configuration may write in this body: settable attributes and blocks.
    pub fn writable_names(&self) -> impl Iterator<Item = &str> {
        self.attributes
            .iter()
            .filter(|a| a.settable())
            .map(|a| &*a.name)
            .chain(self.blocks.iter().map(|b| &*b.name))
    }
}

/// The schema of one provider.
pub struct Schema {
    /// The provider version the schema was generated from.
    pub version: String,
    pub(super) provider: BodyId,
    pub(super) resources: HashMap<Box<str>, BodyId>,
    pub(super) data_sources: HashMap<Box<str>, BodyId>,
    pub(super) bodies: Vec<Body>,
}

impl fmt::Debug for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Schema")
            .field("version", &self.version)
            .field("resources", &self.resources.len())
            .field("data_sources", &self.data_sources.len())
            .finish()
    }
}

/// What a type name is, for lookups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Resource,
    DataSource,
}

impl Schema {
    pub fn body(&self, id: BodyId) -> &Body {
        &self.bodies[id.0 as usize]
    }

    /// The provider block's schema.
    pub fn provider(&self) -> &Body {
        self.body(self.provider)
    }

    /// The schema of a resource or data source type.
    pub fn type_body(&self, kind: Kind, type_name: &str) -> Option<&Body> {
        let table = match kind {
            Kind::Resource => &self.resources,
            Kind::DataSource => &self.data_sources,
        };
        table.get(type_name).map(|&id| self.body(id))
    }

    /// Every type name of one kind, unsorted.
    pub fn type_names(&self, kind: Kind) -> impl Iterator<Item = &str> {
        let table = match kind {
            Kind::Resource => &self.resources,
            Kind::DataSource => &self.data_sources,
        };
        table.keys().map(|k| &**k)
    }

    /// Number of resource and data source types.
    pub fn type_counts(&self) -> (usize, usize) {
        (self.resources.len(), self.data_sources.len())
    }
}
