//! Security and quality (RUBRIC.md 3.6): encryption, IAM, secrets, public exposure, high
//! availability, tags and logging.

pub mod cloudtrail_log_validation_disabled;
pub mod cloudtrail_single_region;
pub mod cloudtrail_without_kms;
pub mod dynamodb_table_without_kms;
pub mod dynamodb_table_without_pitr;
pub mod hard_coded_secret;
pub mod iam_wildcard_action;
pub mod iam_wildcard_principal;
pub mod iam_wildcard_resource;
pub mod imdsv2_not_required;
pub mod instance_public_ip;
pub mod kms_key_rotation_disabled;
pub mod log_group_without_kms;
pub mod log_group_without_retention;
pub mod rds_without_multi_az;
pub mod resource_without_tags;
pub mod s3_bucket_encryption_not_kms;
pub mod s3_bucket_public_access_not_blocked;
pub mod subnets_in_one_availability_zone;

// Shared by the checks above.
pub(crate) mod block_edits;
mod dynamodb_settings;
mod iam_actions;
mod infra;
pub(crate) mod policy;
mod policy_findings;
mod policy_json;
mod policy_template;
mod s3_links;
mod secret_values;
