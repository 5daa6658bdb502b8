//! S3 buckets: default encryption with KMS, the public access block.

pub mod s3_bucket_encryption_not_kms;
pub mod s3_bucket_public_access_not_blocked;
