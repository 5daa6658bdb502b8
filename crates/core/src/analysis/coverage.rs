//! The coverage map: for each AWS service family the bundle's Terraform creates, which
//! tests cover it. A test *covers* a family when code that runs calls that service's SDK
//! client or command (or a terratest helper or an AWS CLI command of it), or when an
//! assertion names a resource type of the family in a literal (`expect(tf).toMatch(/resource
//! "aws_s3_bucket"/)`, a `.tftest.hcl` condition on `aws_s3_bucket.logs`) or by a member
//! named like one (`counts.emr_cluster`). A service named only in a comment, a
//! string outside an assertion, a test title or a type-only import does not count.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::analysis::Analyzed;
use crate::configuration::Resource;
use crate::submission::UnitId;

use super::services::family_of_resource;
use super::test_sources::TestFile;

/// One row of the map, in unit coordinates (the report turns it into lines).
#[derive(Debug, Clone)]
pub struct Coverage {
    pub family: String,
    pub resource_types: Vec<String>,
    pub covered_by: Vec<CoveredAt>,
}

/// Where a test covers a family.
#[derive(Debug, Clone)]
pub struct CoveredAt {
    pub unit: UnitId,
    pub range: Range<usize>,
    pub how: String,
}

/// The managed AWS resources of the bundle's own Terraform (not of the responses).
pub fn bundle_resources<'c, 'a>(
    configs: &'c [Analyzed<'c, 'a>],
) -> impl Iterator<Item = &'c Resource<'a>> {
    configs
        .iter()
        .filter(|c| !c.group.from_response)
        .flat_map(|c| c.resources.iter())
}

/// The coverage map of a bundle; empty when its Terraform creates no AWS resource.
pub fn coverage_map(configs: &[Analyzed<'_, '_>], files: &[TestFile<'_>]) -> Vec<Coverage> {
    let mut rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for resource in bundle_resources(configs) {
        if let Some(family) = family_of_resource(resource.kind) {
            let types = rows.entry(family).or_default();
            if !types.iter().any(|t| t == resource.kind) {
                types.push(resource.kind.to_owned());
            }
        }
    }
    if rows.is_empty() {
        return Vec::new();
    }
    rows.into_iter()
        .map(|(family, mut resource_types)| {
            resource_types.sort();
            let mut covered_by: Vec<CoveredAt> = Vec::new();
            // One place per test case (or per file, outside test cases) is enough.
            let mut seen: Vec<(UnitId, Option<usize>)> = Vec::new();
            for file in files.iter().filter(|f| !f.from_response) {
                let source = &file.source;
                for evidence in &source.evidence {
                    if evidence.family.as_deref() != Some(family.as_str())
                        || !source.runs_at(evidence.range.start)
                    {
                        continue;
                    }
                    let case = source.case_at(evidence.range.start);
                    let key = (file.unit.id, case.map(|c| c.head.start));
                    if seen.contains(&key) {
                        continue;
                    }
                    seen.push(key);
                    covered_by.push(CoveredAt {
                        unit: file.unit.id,
                        range: evidence.range.clone(),
                        how: match case {
                            Some(c) => format!("{} in `{}`", evidence.how, c.title),
                            None => evidence.how.clone(),
                        },
                    });
                }
            }
            // Evidence inside a test first: it names the test.
            covered_by.sort_by_key(|c| !c.how.contains(" in `"));
            Coverage {
                family,
                resource_types,
                covered_by,
            }
        })
        .collect()
}
