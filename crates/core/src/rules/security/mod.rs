//! Security and quality (RUBRIC.md 3.6): encryption, IAM, secrets, public exposure, high
//! availability, tags and logging.

pub mod cloudtrail_log_validation_disabled;
pub mod cloudtrail_single_region;
pub mod cloudtrail_without_kms;
pub mod hard_coded_secret;
pub mod imdsv2_not_required;
mod infra;
pub mod instance_public_ip;
pub mod log_group_without_kms;
pub mod log_group_without_retention;
pub mod rds_without_multi_az;
pub mod resource_without_tags;
mod secret_values;
pub mod subnets_in_one_availability_zone;
