//! Facts about resource types that the code of a configuration cannot tell: which types
//! take tags, which argument names a resource and in what scope that name must be unique,
//! length limits, which arguments carry secrets, and which arguments take a map or an
//! object rather than a nested block. Each table is our own compact text format, embedded
//! in the binary and parsed once on first use.

mod arguments;
mod resources;

pub use arguments::is_object_argument;
pub use resources::{NameScope, ResourceFacts, SecretArg, resource, resources};
