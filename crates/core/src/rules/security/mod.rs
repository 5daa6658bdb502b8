//! Security and quality (RUBRIC.md 3.6): encryption, IAM, secrets, public exposure, high
//! availability, tags and logging.

// Data protection and IAM (TFG601-TFG629).
mod block_edits;
mod iam_actions;
pub mod iam_wildcard_action;
pub mod iam_wildcard_principal;
pub mod iam_wildcard_resource;
mod policy;
mod policy_json;
