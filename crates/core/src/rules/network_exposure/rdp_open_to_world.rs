//! TFG202 `rdp-open-to-world`.

use super::{Service, report_open};
use crate::analysis::Analyzed;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG202",
    name: "rdp-open-to-world",
    family: Family::NetworkExposure,
    severity: Severity::Critical,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds ingress that admits RDP (TCP port 3389) from `0.0.0.0/0` or `::/0`, \
               read in the same forms as `ssh-open-to-world`: security groups, their \
               rules and network ACLs, with values followed through variables, locals, \
               `for_each` and `dynamic` blocks. A variable without a default whose \
               `validation` refuses open CIDRs is not an exposure.",
        why: "Remote Desktop exposed to the internet is a leading way into Windows hosts: \
              credential stuffing and RDP vulnerabilities need nothing but the open port.",
        example: r#"resource "aws_security_group" "win" {
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}"#,
        use_instead: r#"resource "aws_security_group" "win" {
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = [var.allowed_rdp_cidr]
  }
}"#,
        fix: "Unsafe: replaces the open CIDR with a new required variable `allowed_rdp_cidr` \
              whose `validation` refuses open CIDRs, or removes an open default.",
        limitations: "Only the whole internet counts: a wide but smaller range such as \
                      `0.0.0.0/1` is not reported. A network ACL rule for the ephemeral \
                      ports up to 65535 (1024-65535 and the like) is the path replies come \
                      back on through the stateless ACL, not a way in, and is not reported; \
                      the security groups in front decide what those ports reach. A rule that admits every port is \
                      reported by `all-ports-open-to-world` instead. A CIDR whose value \
                      the code cannot know gets an info note; a rule whose protocol or \
                      ports the code cannot know is not reported.",
    },
    run: Run::Configuration(run),
};

const RDP: Service = Service {
    check: &CHECK,
    label: "RDP",
    ports: Some(&[(3389, "")]),
    notes_unknown_ports: false,
    variable_stem: "rdp",
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    report_open(config, out, &RDP);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_reports, assert_silent, fixed};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        r#"resource "aws_security_group" "a" {
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}"#,
        r#"resource "aws_vpc_security_group_ingress_rule" "rdp" {
  security_group_id = "sg-1"
  ip_protocol       = "tcp"
  from_port         = 3000
  to_port           = 4000
  cidr_ipv6         = "::/0"
}"#,
    ];

    const PASS: &[&str] = &[
        r#"resource "aws_security_group" "a" {
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["192.168.10.0/24"]
  }
}"#,
        r#"resource "aws_security_group" "a" {
  ingress {
    from_port       = 3389
    to_port         = 3389
    protocol        = "tcp"
    prefix_list_ids = ["pl-123"]
  }
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
    fn fixes_reach_a_fixed_point() {
        for tf in FAIL {
            fixed(tf, CODE);
        }
    }
}
