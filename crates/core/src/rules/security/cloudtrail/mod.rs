//! CloudTrail trails: KMS encryption, log file validation, every region.

pub mod cloudtrail_log_validation_disabled;
pub mod cloudtrail_single_region;
pub mod cloudtrail_without_kms;
