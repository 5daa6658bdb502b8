//! KMS keys: rotation of symmetric keys.

pub mod kms_key_rotation_disabled;
