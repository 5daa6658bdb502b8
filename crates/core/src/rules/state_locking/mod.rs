//! State locking (RUBRIC.md 3.1): an S3 backend must lock its state, and a lock table in
//! the configuration must be fit for it.
//!
//! A backend is judged once per `terraform init` the submission shows: the `backend` block
//! alone, or the block completed by each backend configuration file (`*.tfbackend`) of
//! its directory ([`crate::analysis::backend::init_settings`]). Backend settings cannot use variables or references,
//! so their values are literals; anything else is reported as unknown.

pub mod backend_without_lock_setting;
pub mod local_state;
pub mod lock_table_not_on_demand;
pub mod lock_table_without_kms;
pub mod lock_table_without_pitr;
pub mod s3_backend_dynamodb_locking_deprecated;
pub mod s3_backend_without_locking;
pub mod state_policy_without_lock_permissions;

use crate::finding::Advice;

/// The seed reviewer's DynamoDB lock table, shown as display-only advice.
pub fn dynamodb_lock_table_advice() -> Advice {
    Advice {
        title: "or lock with a DynamoDB table (`dynamodb_table`)".to_owned(),
        note: "`dynamodb_table` is deprecated since Terraform 1.11 in favour of `use_lockfile`. \
               The table must exist before `terraform init`, so it belongs in a bootstrap \
               configuration, not in the configuration whose backend uses it; and the \
               backend must name it as a literal (backend settings cannot use variables or \
               references)"
            .to_owned(),
        snippet: Some(DYNAMODB_LOCK_TABLE.to_owned()),
    }
}

const DYNAMODB_LOCK_TABLE: &str = r#"# In a bootstrap configuration, applied before this one's `terraform init`:
resource "aws_kms_key" "terraform_state_lock" {
  description         = "Encrypts the Terraform state lock table"
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "terraform_state_lock" {
  name         = "terraform-state-lock"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.terraform_state_lock.arn
  }

  point_in_time_recovery {
    enabled = true
  }
}

# In this configuration's backend, the table's name as a literal:
terraform {
  backend "s3" {
    # bucket, key, region ...
    dynamodb_table = "terraform-state-lock"
  }
}"#;

/// Shared test helpers for the checks of this family.
#[cfg(test)]
pub(crate) mod testing {
    pub use crate::rules::testing::*;
}
