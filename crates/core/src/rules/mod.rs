//! The rubric's checks, one per file under a folder per family, and their flat registry.

use crate::check::{BundleCheck, Check};

pub mod common;
pub mod documentation;
pub mod dynamodb_table;
pub mod naming;
pub mod network_exposure;
pub mod security;
pub mod state_locking;

pub mod test_suites;
#[cfg(test)]
pub(crate) mod testing;

/// Every check, in code order.
pub static REGISTRY: &[&Check] = &[
    // state locking: TFG101-TFG199
    &state_locking::s3_backend_without_locking::CHECK,
    &state_locking::s3_backend_dynamodb_locking_deprecated::CHECK,
    &state_locking::local_state::CHECK,
    &state_locking::backend_without_lock_setting::CHECK,
    &state_locking::lock_table_not_on_demand::CHECK,
    &state_locking::lock_table_without_kms::CHECK,
    &state_locking::lock_table_without_pitr::CHECK,
    &state_locking::state_policy_without_lock_permissions::CHECK,
    // network exposure: TFG201-TFG299
    &network_exposure::ssh_open_to_world::CHECK,
    &network_exposure::rdp_open_to_world::CHECK,
    &network_exposure::database_port_open_to_world::CHECK,
    &network_exposure::all_ports_open_to_world::CHECK,
    // tests: TFG301-TFG399
    // naming: TFG401-TFG499
    &naming::fixed_unique_name::CHECK,
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
    &security::cloudtrail_without_kms::CHECK,
    &security::cloudtrail_log_validation_disabled::CHECK,
    &security::cloudtrail_single_region::CHECK,
    &security::log_group_without_retention::CHECK,
    &security::log_group_without_kms::CHECK,
    &security::hard_coded_secret::CHECK,
    &security::instance_public_ip::CHECK,
    &security::imdsv2_not_required::CHECK,
    &security::subnets_in_one_availability_zone::CHECK,
    &security::rds_without_multi_az::CHECK,
    &security::resource_without_tags::CHECK,
];

/// Checks that judge a whole task bundle, in code order.
pub static BUNDLE_REGISTRY: &[&BundleCheck] = &[
    // tests: TFG301-TFG399
    &test_suites::no_tests::CHECK,
    &test_suites::placeholder_test::CHECK,
    &test_suites::integration_tests_offline::CHECK,
    &test_suites::service_not_covered::CHECK,
    // documentation: TFG501-TFG599
    &documentation::doc_missing::CHECK,
    &documentation::doc_placeholder::CHECK,
    &documentation::doc_too_thin::CHECK,
    &documentation::ideal_differs_from_lib::CHECK,
    &documentation::lib_file_not_presented::CHECK,
];

/// Every check of both registries, in code order.
pub fn all_checks() -> impl Iterator<Item = &'static Check> {
    let mut all: Vec<&'static Check> = REGISTRY
        .iter()
        .copied()
        .chain(BUNDLE_REGISTRY.iter().map(|b| &b.check))
        .collect();
    all.sort_by_key(|c| c.code);
    all.into_iter()
}

/// The check with this code.
pub fn by_code(code: &str) -> Option<&'static Check> {
    all_checks().find(|c| c.code == code)
}

/// The check with this code or name.
pub fn find(code_or_name: &str) -> Option<&'static Check> {
    all_checks().find(|c| {
        c.code.eq_ignore_ascii_case(code_or_name) || c.name.eq_ignore_ascii_case(code_or_name)
    })
}
