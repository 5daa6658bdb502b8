//! IAM policies as the configuration writes them: read from every form (policy documents,
//! `jsonencode`, heredoc JSON with interpolations, inline policies) into statements whose
//! values are known or not, and what each action supports.

pub mod actions;
pub mod policy;
pub mod policy_json;
pub mod policy_template;
