//! Arguments that take one of a fixed set of words (`aws_enumerations.txt`, curated by
//! hand): a DynamoDB table's `billing_mode`, a log group's `retention_in_days`.

use std::collections::HashMap;
use std::sync::OnceLock;

static TABLE: &str = include_str!("aws_enumerations.txt");

/// One argument with a fixed set of values.
#[derive(Debug)]
pub struct Enumeration {
    /// The nested blocks above the argument, outermost first, then the argument.
    pub path: Vec<&'static str>,
    pub values: Vec<&'static str>,
}

/// The enumerated arguments of a resource type.
pub fn enumerations(kind: &str) -> &'static [Enumeration] {
    static PARSED: OnceLock<HashMap<&'static str, Vec<Enumeration>>> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            let mut table: HashMap<&'static str, Vec<Enumeration>> = HashMap::new();
            for line in TABLE
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            {
                let mut words = line.split(' ');
                let (Some(kind), Some(path)) = (words.next(), words.next()) else {
                    continue;
                };
                table.entry(kind).or_default().push(Enumeration {
                    path: path.split('.').collect(),
                    values: words.collect(),
                });
            }
            table
        })
        .get(kind)
        .map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_paths_and_values() {
        let table = enumerations("aws_dynamodb_table");
        let billing = table
            .iter()
            .find(|e| e.path == ["billing_mode"])
            .expect("billing_mode");
        assert_eq!(billing.values, ["PROVISIONED", "PAY_PER_REQUEST"]);
        assert!(table.iter().any(|e| e.path == ["attribute", "type"]));
        assert!(enumerations("aws_nothing").is_empty());
        // Every line has a type, a path and at least two values.
        for line in TABLE
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            assert!(line.split(' ').count() >= 4, "{line}");
        }
    }
}
