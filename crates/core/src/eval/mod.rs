//! The evaluator: Terraform expressions to values, with unknowns and provenance.

pub mod expr;
pub mod functions;
pub mod value;

pub use expr::{ExpandedBlock, Instance, Scope, data_eq};
pub use value::{Data, Origin, Unknown, Value, Via, ViaKind};
