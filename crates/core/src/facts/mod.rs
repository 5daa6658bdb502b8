//! Facts about resource types that the code of a configuration cannot tell: which types
//! take tags, which argument names a resource and in what scope that name must be unique,
//! length limits, which arguments carry secrets, which arguments take a map or an object
//! rather than a nested block, and which take one of a fixed set of words. Each table is
//! our own compact text format, embedded in the binary and parsed once on first use.

mod arguments;
mod enumerations;
mod resources;

pub use arguments::is_object_argument;
pub use enumerations::{Enumeration, enumerations};
pub use resources::{NameScope, ResourceFacts, SecretArg, resource, resources};
