//! The rubric's checks, one per file under a folder per family, and their flat registry.

use crate::check::Check;

pub mod common;
pub mod naming;
pub mod network_exposure;
pub mod security;
pub mod state_locking;
pub mod suppression;

/// Every check, in code order.
pub static REGISTRY: &[&Check] = &[
    // state locking: TFG101-TFG199
    // network exposure: TFG201-TFG299
    &network_exposure::ssh_open_to_world::CHECK,
    &network_exposure::rdp_open_to_world::CHECK,
    &network_exposure::database_port_open_to_world::CHECK,
    &network_exposure::all_ports_open_to_world::CHECK,
    // tests: TFG301-TFG399
    // naming: TFG401-TFG499
    // documentation: TFG501-TFG599
    // security: TFG601-TFG699
    &security::s3_bucket_encryption_not_kms::CHECK,
    &security::s3_bucket_public_access_not_blocked::CHECK,
    &security::iam_wildcard_action::CHECK,
    &security::iam_wildcard_principal::CHECK,
    &security::iam_wildcard_resource::CHECK,
    &security::kms_key_rotation_disabled::CHECK,
    &security::dynamodb_table_without_pitr::CHECK,
    &security::dynamodb_table_without_kms::CHECK,
];

/// The check with this code.
pub fn by_code(code: &str) -> Option<&'static Check> {
    REGISTRY.iter().copied().find(|c| c.code == code)
}

/// The check with this code or name.
pub fn find(code_or_name: &str) -> Option<&'static Check> {
    REGISTRY.iter().copied().find(|c| {
        c.code.eq_ignore_ascii_case(code_or_name) || c.name.eq_ignore_ascii_case(code_or_name)
    })
}
