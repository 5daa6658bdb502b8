//! TFG680 `subnets-in-one-availability-zone`.

use std::ops::Range;

use indexmap::IndexMap;

use crate::analysis::Analyzed;
use crate::analysis::instances::targets;
use crate::analysis::provenance::trace_of;
use crate::analysis::references::referenced_resources;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::eval::Data;
use crate::finding::{Advice, Category, Family, Finding, Severity};
use crate::submission::UnitId;

pub static CHECK: Check = Check {
    code: "TFG680",
    name: "subnets-in-one-availability-zone",
    family: Family::Security,
    severity: Severity::Medium,
    category: Category::A,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds VPCs whose two or more `aws_subnet`s (instances of `count` and \
               `for_each` included) all sit in one availability zone, judged on the value \
               of `availability_zone` or `availability_zone_id`.",
        why: "An availability zone fails as a whole. With every subnet in one zone, \
              everything in the VPC goes down with it, and services that require subnets in \
              two zones (RDS subnet groups, load balancers, EKS) refuse the configuration.",
        example: r#"resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1a"
}"#,
        use_instead: r#"resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}"#,
        fix: "Display-only: moving a subnet to another zone replaces it and everything in \
              it; the advice shows subnets spread over the region's zones.",
        limitations: "A zone the code cannot know gives an info note, not a finding: \
                      zones read from `data.aws_availability_zones` (known only at plan \
                      time), a variable without a default, or a subnet without \
                      `availability_zone`, whose zone AWS chooses. A VPC with a single \
                      subnet is not judged.",
    },
    run: Run::Configuration(run),
};

const SPREAD_SNIPPET: &str = r#"data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = data.aws_availability_zones.available.names[count.index]
}"#;

/// One subnet instance and its zone.
struct Placed {
    address: String,
    unit: UnitId,
    range: Range<usize>,
    /// The zone, or why it cannot be known.
    zone: Result<String, String>,
    trace: Vec<String>,
}

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    // Subnets by the VPC they belong to (the `vpc_id` reference, else its text).
    let mut by_vpc: IndexMap<String, Vec<Placed>> = IndexMap::new();
    for target in targets(config, &["aws_subnet"]) {
        let unit = target.unit();
        let vpc = target
            .body()
            .get_attribute("vpc_id")
            .map(|a| {
                referenced_resources(&a.value)
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| config.source_of(unit, &a.value).to_owned())
            })
            .unwrap_or_default();
        let zone_setting = target
            .setting(config, "availability_zone")
            .or_else(|| target.setting(config, "availability_zone_id"));
        let placed = match zone_setting {
            None => Placed {
                address: target.address.clone(),
                unit,
                range: target.header(),
                zone: Err(
                    "`availability_zone` is not set, so AWS chooses the zone at creation"
                        .to_owned(),
                ),
                trace: Vec::new(),
            },
            Some(setting) => {
                let zone = match &setting.value.data {
                    Data::String(zone) => Ok(zone.clone()),
                    Data::Unknown(unknown) => Err(unknown.reason.clone()),
                    _ => Err(format!("the zone is {}", setting.value)),
                };
                // Where a zone that is not written as a literal comes from.
                let mut trace = Vec::new();
                if zone.is_ok() && !setting.literal_here(unit) {
                    trace.push(format!(
                        "`{}`: `{}` is {}",
                        target.address,
                        config.source_of(unit, &setting.attr.value),
                        setting.value
                    ));
                    trace.extend(trace_of(config, &setting.value));
                }
                Placed {
                    address: target.address.clone(),
                    unit,
                    range: setting.evidence(unit),
                    zone,
                    trace,
                }
            }
        };
        by_vpc.entry(vpc).or_default().push(placed);
    }
    for (vpc, subnets) in by_vpc {
        if subnets.len() < 2 {
            continue;
        }
        let mut zones: Vec<&str> = subnets
            .iter()
            .filter_map(|s| s.zone.as_deref().ok())
            .collect();
        zones.dedup();
        zones.sort_unstable();
        zones.dedup();
        if zones.len() >= 2 {
            continue;
        }
        let owner = if vpc.starts_with("aws_vpc.") {
            format!("`{vpc}`")
        } else {
            "the VPC".to_owned()
        };
        let resource = if vpc.starts_with("aws_vpc.") {
            vpc.clone()
        } else {
            subnets[0].address.clone()
        };
        let names = |list: &[&Placed]| {
            list.iter()
                .map(|s| format!("`{}`", s.address))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let unknown: Vec<&Placed> = subnets.iter().filter(|s| s.zone.is_err()).collect();
        if let Some(first) = unknown.first() {
            let known: Vec<&Placed> = subnets.iter().filter(|s| s.zone.is_ok()).collect();
            let so_far = match zones.first() {
                Some(zone) => format!("{} in `{zone}`, ", names(&known)),
                None => String::new(),
            };
            out.push(CHECK.unknown(first.unit, first.range.clone(), format!(
                    "cannot tell whether the {} subnets of {owner} span several availability zones: {so_far}the {} of {} {} unknown ({})",
                    subnets.len(),
                    if unknown.len() == 1 { "zone" } else { "zones" },
                    names(&unknown),
                    if unknown.len() == 1 { "is" } else { "are" },
                    first.zone.as_ref().err().map_or("", String::as_str)
                )).with_resource(resource));
            continue;
        }
        let Some(zone) = zones.first() else { continue };
        let first = &subnets[0];
        let all: Vec<&Placed> = subnets.iter().collect();
        let mut finding = CHECK
            .finding(
                first.unit,
                first.range.clone(),
                format!(
                    "all {} subnets of {owner} are in one availability zone, `{zone}`: {}",
                    subnets.len(),
                    names(&all)
                ),
            )
            .with_resource(resource);
        finding.trace = subnets.iter().flat_map(|s| s.trace.clone()).collect();
        finding.alternatives.push(Advice {
            title: "spread the subnets over availability zones".to_owned(),
            note: "one subnet per tier in each of at least two zones; moving a subnet replaces \
                   it and what runs in it"
                .to_owned(),
            snippet: Some(SPREAD_SNIPPET.to_owned()),
        });
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {

    use crate::rules::security::testing::{assert_reports, assert_silent, findings_of};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        r#"variable "region" {
  default = "us-east-1"
}
resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "${var.region}a"
}
resource "aws_subnet" "private" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1a"
}"#,
        r#"resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
  availability_zone = "eu-west-1a"
}"#,
    ];

    const PASS: &[&str] = &[
        r#"resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
  availability_zone = ["us-east-1a", "us-east-1b"][count.index]
}"#,
        // One subnet only.
        r#"resource "aws_subnet" "only" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}"#,
        // Two VPCs with one subnet each.
        r#"resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.a.id
  availability_zone = "us-east-1a"
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.b.id
  availability_zone = "us-east-1a"
}"#,
    ];

    #[test]
    fn fails() {
        assert_reports(CODE, FAIL);
    }

    #[test]
    fn passes() {
        assert_silent(CODE, PASS);
    }

    #[test]
    fn zones_from_a_data_source_are_one_note() {
        let findings = findings_of(
            r#"data "aws_availability_zones" "available" {}
resource "aws_subnet" "private" {
  count             = 3
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
  availability_zone = element(data.aws_availability_zones.available.names, count.index)
}"#,
            CODE,
        );
        assert_eq!(findings.len(), 1);
        assert!(findings[0].unknown);
        insta::assert_snapshot!(findings[0].message);
    }

    #[test]
    fn message_lists_the_subnets_and_the_zone() {
        let findings = findings_of(FAIL[0], CODE);
        insta::assert_snapshot!(findings[0].message);
    }
}
