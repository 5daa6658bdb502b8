//! TFG204 `all-ports-open-to-world`.

use super::{Service, report_open};
use crate::analysis::Analyzed;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG204",
    name: "all-ports-open-to-world",
    family: Family::NetworkExposure,
    severity: Severity::Critical,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds ingress that admits every port from `0.0.0.0/0` or `::/0`: protocol `-1` \
               or `all`, or TCP/UDP ports 0 to 65535. Such a rule is reported here once, not \
               again by the SSH, RDP and database checks. In a network ACL, lower-numbered \
               denies of the same ACL stop their traffic first: when they stop part of it, \
               the finding names the ports left.",
        why: "A rule that admits everything makes every listening service public, including \
              the ones nobody meant to expose (SSH, databases, debug ports, metadata \
              proxies).",
        example: r#"resource "aws_security_group" "a" {
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}"#,
        use_instead: r#"resource "aws_security_group" "a" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}"#,
        fix: "Unsafe: replaces the open CIDR with a new required variable \
              `allowed_ingress_cidr` whose `validation` refuses open CIDRs. Narrowing the \
              ports to what the service needs is the better change, and needs a person.",
        limitations: "Only the whole internet counts: a wide but smaller range such as \
                      `0.0.0.0/1` is not reported. A rule that leaves out even one port \
                      (ports 1 to 65535) is not reported here; the SSH, RDP and database \
                      checks judge it. A CIDR whose value the code cannot know gets an \
                      info note.",
    },
    run: Run::Configuration(run),
};

const ALL_PORTS: Service = Service {
    check: &CHECK,
    label: "all ports",
    ports: None,
    notes_unknown_ports: false,
    variable_stem: "ingress",
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    report_open(config, out, &ALL_PORTS);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_silent, codes, fixed};
    use crate::rules::testing::assert_reports;

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        r#"resource "aws_security_group" "a" {
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}"#,
        r#"resource "aws_network_acl" "a" {
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "all"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }
}"#,
        r#"resource "aws_security_group" "a" {
  ingress {
    from_port   = 0
    to_port     = 65535
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}"#,
    ];

    const PASS: &[&str] = &[
        r#"resource "aws_security_group" "a" {
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    self        = true
  }
}"#,
        r#"resource "aws_security_group" "a" {
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["10.0.0.0/8"]
  }
}"#,
    ];

    #[test]
    fn fails_and_is_not_reported_twice() {
        assert_reports(CODE, FAIL);
        for tf in FAIL {
            let exposures: Vec<&str> = codes(tf)
                .into_iter()
                .filter(|c| c.starts_with("TFG2"))
                .collect();
            assert_eq!(exposures, vec![CODE], "{tf}");
        }
    }

    #[test]
    fn passes() {
        assert_silent(CODE, PASS);
    }

    #[test]
    fn fixes_reach_a_fixed_point() {
        for tf in FAIL {
            fixed(tf, CODE);
        }
    }
}
