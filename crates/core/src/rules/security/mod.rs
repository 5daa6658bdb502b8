//! Security and quality (RUBRIC.md 3.6): encryption, IAM, secrets, public exposure, high
//! availability, tags and logging.

// Data protection and IAM (TFG601-TFG629).
mod block_edits;
mod dynamodb_settings;
pub mod dynamodb_table_without_kms;
pub mod dynamodb_table_without_pitr;
mod iam_actions;
pub mod iam_wildcard_action;
pub mod iam_wildcard_principal;
pub mod iam_wildcard_resource;
pub mod kms_key_rotation_disabled;
mod policy;
mod policy_findings;
mod policy_json;
pub mod s3_bucket_encryption_not_kms;
pub mod s3_bucket_public_access_not_blocked;
mod s3_links;
