//! The evaluator: Terraform expressions to values, with unknowns and provenance.

pub mod expr;
pub mod functions;

pub use crate::value::{Data, Origin, Unknown, Value, Via, ViaKind};
pub use expr::{ExpandedBlock, Instance, Scope, data_eq};
