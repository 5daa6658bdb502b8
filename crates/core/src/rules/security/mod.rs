//! Security and quality (RUBRIC.md 3.6): encryption, IAM, secrets, public exposure, high
//! availability, tags and logging.
pub mod resource_without_tags;
