//! Every check of the rubric, configuration and bundle checks alike, in one table sorted
//! by code: what the CLI, the Wasm API and the page list, and what the pipeline runs.

use crate::check::Check;
use crate::rules;

/// Every check, in code order.
pub static REGISTRY: &[&Check] = &[
    // state locking: TFG101-TFG199
    &rules::state_locking::s3_backend_without_locking::CHECK,
    &rules::state_locking::s3_backend_dynamodb_locking_deprecated::CHECK,
    &rules::state_locking::local_state::CHECK,
    &rules::state_locking::backend_without_lock_setting::CHECK,
    &rules::state_locking::lock_table_not_on_demand::CHECK,
    &rules::state_locking::lock_table_without_kms::CHECK,
    &rules::state_locking::lock_table_without_pitr::CHECK,
    &rules::state_locking::state_policy_without_lock_permissions::CHECK,
    // network exposure: TFG201-TFG299
    &rules::network_exposure::ssh_open_to_world::CHECK,
    &rules::network_exposure::rdp_open_to_world::CHECK,
    &rules::network_exposure::database_port_open_to_world::CHECK,
    &rules::network_exposure::all_ports_open_to_world::CHECK,
    // tests: TFG301-TFG399
    &rules::test_suites::bundle_without_tests::CHECK,
    &rules::test_suites::placeholder_test::CHECK,
    &rules::test_suites::integration_tests_offline::CHECK,
    &rules::test_suites::service_not_covered::CHECK,
    // naming: TFG401-TFG499
    &rules::naming::fixed_unique_name::CHECK,
    // documentation: TFG501-TFG599
    &rules::documentation::doc_missing::CHECK,
    &rules::documentation::doc_placeholder::CHECK,
    &rules::documentation::doc_too_thin::CHECK,
    &rules::documentation::ideal_differs_from_lib::CHECK,
    &rules::documentation::lib_file_not_presented::CHECK,
    // security: TFG601-TFG699
    &rules::security::s3::s3_bucket_encryption_not_kms::CHECK,
    &rules::security::s3::s3_bucket_public_access_not_blocked::CHECK,
    &rules::security::iam::iam_wildcard_action::CHECK,
    &rules::security::iam::iam_wildcard_principal::CHECK,
    &rules::security::iam::iam_wildcard_resource::CHECK,
    &rules::security::kms::kms_key_rotation_disabled::CHECK,
    &rules::security::dynamodb::dynamodb_table_without_pitr::CHECK,
    &rules::security::dynamodb::dynamodb_table_without_kms::CHECK,
    &rules::security::cloudtrail::cloudtrail_without_kms::CHECK,
    &rules::security::cloudtrail::cloudtrail_log_validation_disabled::CHECK,
    &rules::security::cloudtrail::cloudtrail_single_region::CHECK,
    &rules::security::logs::log_group_without_retention::CHECK,
    &rules::security::logs::log_group_without_kms::CHECK,
    &rules::security::secrets::hard_coded_secret::CHECK,
    &rules::security::ec2::instance_public_ip_outside_bastion::CHECK,
    &rules::security::ec2::imdsv2_not_required::CHECK,
    &rules::security::availability::subnets_in_one_availability_zone::CHECK,
    &rules::security::availability::rds_without_multi_az::CHECK,
    &rules::security::tags::resource_without_tags::CHECK,
    // validity: TFG701-TFG799
    &rules::validity::undeclared_reference::CHECK,
    &rules::validity::duplicate_declaration::CHECK,
    &rules::validity::unknown_resource_type::CHECK,
    &rules::validity::unknown_argument::CHECK,
    &rules::validity::argument_block_mismatch::CHECK,
    &rules::validity::missing_required_argument::CHECK,
    &rules::validity::invalid_attribute_reference::CHECK,
    &rules::validity::wrong_value_type::CHECK,
    &rules::validity::value_refused_by_api::CHECK,
];

/// Every check, in code order.
pub fn checks() -> impl Iterator<Item = &'static Check> {
    REGISTRY.iter().copied()
}

/// The check with this code.
pub fn by_code(code: &str) -> Option<&'static Check> {
    REGISTRY
        .binary_search_by(|c| c.code.cmp(code))
        .ok()
        .map(|i| REGISTRY[i])
}

/// The check with this code or name, in any case.
pub fn find(code_or_name: &str) -> Option<&'static Check> {
    checks().find(|c| {
        c.code.eq_ignore_ascii_case(code_or_name) || c.name.eq_ignore_ascii_case(code_or_name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_by_code_without_duplicates_and_names_are_unique() {
        for pair in REGISTRY.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} before {}",
                pair[0].code,
                pair[1].code
            );
        }
        let mut names: Vec<&str> = REGISTRY.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), REGISTRY.len());
        assert_eq!(by_code("TFG201").map(|c| c.name), Some("ssh-open-to-world"));
        assert_eq!(by_code("TFG999").map(|c| c.name), None);
        assert_eq!(find("SSH-open-to-world").map(|c| c.code), Some("TFG201"));
    }

    #[test]
    fn each_check_lives_in_a_file_named_after_it_under_its_family() {
        let families = [
            ("1", "state_locking"),
            ("2", "network_exposure"),
            ("3", "test_suites"),
            ("4", "naming"),
            ("5", "documentation"),
            ("6", "security"),
            ("7", "validity"),
        ];
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        for check in REGISTRY {
            let (_, folder) = families
                .iter()
                .find(|(hundreds, _)| check.code[3..4] == **hundreds)
                .expect("a family for every code");
            let file = format!("{}.rs", check.name.replace('-', "_"));
            let found = walk(&src.join(folder))
                .into_iter()
                .any(|p| p.ends_with(&file));
            assert!(
                found,
                "{} `{}`: no file {file} under rules/{folder}",
                check.code, check.name
            );
        }
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
        out
    }
}
