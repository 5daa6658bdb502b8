//! Facts about resource types that the code of a configuration cannot tell: which types
//! take tags, which argument names a resource and in what scope that name must be unique,
//! length limits, and which arguments carry secrets. Each table is our own compact text
//! format, embedded in the binary and parsed once on first use.

mod resources;

pub use resources::{NameScope, ResourceFacts, SecretArg, resource, resources};
