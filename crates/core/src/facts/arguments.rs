//! Which arguments take a map or an object rather than a nested block
//! (`aws_object_arguments.txt`, generated from the AWS provider schema by
//! `scripts/gen-facts.sh`). HCL shows the difference (`tags = {...}` against
//! `ingress {...}`); JSON configuration syntax writes both as `"name": {...}`, so reading it
//! needs the schema.

use std::collections::BTreeMap;
use std::sync::OnceLock;

static TABLE: &str = include_str!("aws_object_arguments.txt");

/// Map arguments of common types of other providers (`random_id.keepers`,
/// `null_resource.triggers`, Kubernetes `labels`), for types the table does not cover.
const OTHER_PROVIDERS: &[&str] = &[
    "annotations",
    "binary_data",
    "data",
    "input",
    "keepers",
    "labels",
    "string_data",
    "tags",
    "tags_all",
    "triggers",
    "triggers_replace",
    "values",
    "variables",
];

/// Whether `name` in the body of a `kind` resource (or data source) is an argument that
/// takes a map or an object, rather than a nested block. `top` says whether it is written
/// at the top level of the resource body, where `tags` and `tags_all` are always arguments.
///
/// AWS types follow the provider schema: anything not listed as an object argument is a
/// block. Other providers' types are read the other way round from a short list of common
/// map arguments, since nested blocks are what checks read.
pub fn is_object_argument(kind: &str, is_data: bool, name: &str, top: bool) -> bool {
    if top && matches!(name, "tags" | "tags_all") {
        return true;
    }
    if !kind.starts_with("aws_") {
        return OTHER_PROVIDERS.contains(&name);
    }
    let key = if is_data {
        format!("data.{kind}")
    } else {
        kind.to_owned()
    };
    table()
        .get(key.as_str())
        .is_some_and(|names| names.contains(&name))
}

fn table() -> &'static BTreeMap<&'static str, Vec<&'static str>> {
    static PARSED: OnceLock<BTreeMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    PARSED.get_or_init(|| {
        TABLE
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .filter_map(|line| {
                let mut words = line.split(' ');
                Some((words.next()?, words.collect()))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_and_blocks_follow_the_schema() {
        // Top-level tags are arguments; ingress is a block.
        assert!(is_object_argument(
            "aws_security_group",
            false,
            "tags",
            true
        ));
        assert!(!is_object_argument(
            "aws_security_group",
            false,
            "ingress",
            true
        ));
        // A map inside a nested block: `environment { variables = {...} }`.
        assert!(!is_object_argument(
            "aws_lambda_function",
            false,
            "environment",
            true
        ));
        assert!(is_object_argument(
            "aws_lambda_function",
            false,
            "variables",
            false
        ));
        // `tag_specifications { tags = {...} }`.
        assert!(is_object_argument(
            "aws_launch_template",
            false,
            "tags",
            false
        ));
        assert!(is_object_argument(
            "aws_api_gateway_stage",
            false,
            "variables",
            true
        ));
        assert!(is_object_argument("aws_ami", true, "tags", true));
        // Other providers: a short list of map arguments.
        assert!(is_object_argument("random_id", false, "keepers", true));
        assert!(!is_object_argument(
            "kubernetes_deployment",
            false,
            "metadata",
            true
        ));
    }

    #[test]
    fn every_line_names_a_type_and_arguments() {
        for line in TABLE
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let words: Vec<&str> = line.split(' ').collect();
            assert!(words.len() >= 2, "{line}");
            assert!(
                words[0].starts_with("aws_") || words[0].starts_with("data.aws_"),
                "{line}"
            );
            assert!(words.iter().all(|w| !w.is_empty()), "{line}");
        }
    }
}
