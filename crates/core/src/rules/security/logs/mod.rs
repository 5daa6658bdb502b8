//! CloudWatch log groups: retention and KMS encryption.

pub mod log_group_without_kms;
pub mod log_group_without_retention;
