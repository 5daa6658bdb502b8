//! TFG201 `ssh-open-to-world`.

use super::{Service, report_open};
use crate::analysis::Analyzed;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG201",
    name: "ssh-open-to-world",
    family: Family::NetworkExposure,
    severity: Severity::Critical,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds ingress that admits SSH (TCP port 22) from `0.0.0.0/0` or `::/0`: inline \
               `ingress` of security groups and network ACLs (default ones too), \
               `aws_security_group_rule`, `aws_vpc_security_group_ingress_rule` and \
               `aws_network_acl_rule`, with values followed through variables, locals, \
               `for_each` and `dynamic` blocks. Port ranges that contain 22 count. In a \
               network ACL, a lower-numbered deny of the same ACL (inline or an \
               `aws_network_acl_rule`) that covers port 22 and the allow's CIDR means the \
               allow does not admit SSH; a deny of other ports leaves SSH open. A variable without a default whose `validation` refuses open \
               CIDRs is not an exposure.",
        why: "SSH open to the whole internet is scanned within minutes of deployment; every \
              password guess and every unpatched sshd vulnerability is then one hop from the \
              instance. A variable meant to restrict access whose default is still \
              `0.0.0.0/0` restricts nothing.",
        example: r#"variable "allowed_ssh_cidr" {
  type    = string
  default = "0.0.0.0/0"
}

resource "aws_security_group" "bastion" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.allowed_ssh_cidr]
  }
}"#,
        use_instead: r#"variable "allowed_ssh_cidr" {
  type = string

  validation {
    condition     = !contains(["0.0.0.0/0", "::/0"], var.allowed_ssh_cidr)
    error_message = "allowed_ssh_cidr must not be open to the whole internet (0.0.0.0/0 or ::/0)."
  }
}

resource "aws_security_group" "bastion" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.allowed_ssh_cidr]
  }
}"#,
        fix: "Unsafe: replaces the open CIDR with a new required variable `allowed_ssh_cidr` \
              whose `validation` refuses `0.0.0.0/0` and `::/0`; when the open value is a \
              variable's default, removes the default and adds that validation. Every plan \
              must then say which network may connect.",
        limitations: "Only the whole internet counts: a wide but smaller range such as \
                      `0.0.0.0/1` is not reported. A CIDR, protocol or port whose value \
                      the code cannot know (a variable without a default, a data source) \
                      gets an info note instead of a finding.",
    },
    run: Run::Configuration(run),
};

const SSH: Service = Service {
    check: &CHECK,
    label: "SSH",
    ports: Some(&[(22, "")]),
    notes_unknown_ports: true,
    variable_stem: "ssh",
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    report_open(config, out, &SSH);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, fixed};
    use crate::rules::testing::assert_reports;

    const CODE: &str = super::CHECK.code;

    /// Each snippet admits SSH from the whole internet.
    const FAIL: &[&str] = &[
        r#"resource "aws_security_group" "a" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}"#,
        // A port range containing 22, protocol number 6, IPv6.
        r#"resource "aws_security_group" "a" {
  ingress {
    from_port        = 20
    to_port          = 30
    protocol         = "6"
    ipv6_cidr_blocks = ["::/0"]
  }
}"#,
        r#"resource "aws_default_security_group" "d" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}"#,
        r#"resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.a.id
}"#,
        r#"resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.a.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "0.0.0.0/0"
}"#,
        r#"resource "aws_network_acl" "public" {
  vpc_id = aws_vpc.main.id
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 22
    to_port    = 22
    cidr_block = "0.0.0.0/0"
  }
}"#,
        r#"resource "aws_network_acl_rule" "ssh" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 110
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}"#,
        // Through a variable default, the seed's "fix".
        r#"variable "allowed_ssh_cidr" {
  description = "CIDR allowed to SSH"
  type        = string
  default     = "0.0.0.0/0"
}
resource "aws_security_group" "a" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.allowed_ssh_cidr]
  }
}"#,
        // Through locals referring to each other.
        r#"locals {
  anywhere = "0.0.0.0/0"
  admin    = [local.anywhere]
}
resource "aws_security_group" "a" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = local.admin
  }
}"#,
        // A dynamic block over a map in locals, with a custom iterator.
        r#"locals {
  rules = {
    ssh   = { port = 22, cidr = "0.0.0.0/0" }
    https = { port = 443, cidr = "0.0.0.0/0" }
  }
}
resource "aws_security_group" "a" {
  dynamic "ingress" {
    for_each = local.rules
    iterator = rule
    content {
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = "tcp"
      cidr_blocks = [rule.value.cidr]
    }
  }
}"#,
        // for_each over a map, each.value.
        r#"resource "aws_security_group_rule" "in" {
  for_each          = { ssh = 22, web = 80 }
  type              = "ingress"
  from_port         = each.value
  to_port           = each.value
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = "sg-123"
}"#,
        // A NACL allow after a deny of other traffic is still open.
        r#"resource "aws_network_acl" "public" {
  ingress {
    rule_no    = 90
    action     = "deny"
    protocol   = "tcp"
    from_port  = 3389
    to_port    = 3389
    cidr_block = "0.0.0.0/0"
  }
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 22
    to_port    = 22
    cidr_block = "0.0.0.0/0"
  }
}"#,
    ];

    /// Each snippet keeps SSH closed to the internet, or is not about SSH.
    const PASS: &[&str] = &[
        r#"resource "aws_security_group" "a" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}"#,
        r#"resource "aws_security_group" "a" {
  ingress {
    from_port = 22
    to_port   = 22
    protocol  = "tcp"
    self      = true
  }
  ingress {
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    security_groups = [aws_security_group.bastion.id]
  }
}"#,
        r#"resource "aws_security_group" "lb" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}"#,
        // ICMP ignores ports.
        r#"resource "aws_security_group" "a" {
  ingress {
    from_port   = 0
    to_port     = 22
    protocol    = "icmp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}"#,
        r#"resource "aws_security_group_rule" "out" {
  type              = "egress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = "sg-1"
}"#,
        // A lower-numbered deny shadows the allow.
        r#"resource "aws_network_acl" "public" {
  ingress {
    rule_no    = 50
    action     = "deny"
    protocol   = "tcp"
    from_port  = 22
    to_port    = 22
    cidr_block = "0.0.0.0/0"
  }
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 22
    to_port    = 22
    cidr_block = "0.0.0.0/0"
  }
}"#,
        // The default ACL's inline deny stops SSH for a rule that names the same ACL
        // through the VPC's attribute.
        r#"resource "aws_default_network_acl" "main" {
  default_network_acl_id = aws_vpc.main.default_network_acl_id
  ingress {
    rule_no    = 10
    action     = "deny"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }
}
resource "aws_network_acl_rule" "ssh" {
  network_acl_id = aws_vpc.main.default_network_acl_id
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}"#,
        r#"resource "aws_network_acl_rule" "out" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 100
  egress         = true
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}"#,
        // A required variable whose validation refuses open CIDRs: provably not open.
        r#"variable "admin_cidr" {
  type = string
  validation {
    condition     = var.admin_cidr != "0.0.0.0/0"
    error_message = "not open"
  }
}
resource "aws_security_group" "a" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}"#,
        // Suppressed with a reason.
        r#"resource "aws_security_group" "a" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    # tfgrade:ignore TFG201 honeypot on purpose
    cidr_blocks = ["0.0.0.0/0"]
  }
}"#,
    ];

    #[test]
    fn fails() {
        assert_reports(CODE, FAIL);
    }

    #[test]
    fn passes() {
        for (i, tf) in PASS.iter().enumerate() {
            let found = codes(tf);
            assert!(
                !found.contains(&CODE),
                "PASS[{i}] reported: {found:?}\n{tf}"
            );
        }
    }

    #[test]
    fn fixes_reach_a_fixed_point() {
        // Every failing snippet whose open value is written in the configuration is fixed.
        for tf in FAIL {
            fixed(tf, CODE);
        }
    }

    #[test]
    fn fix_of_a_literal_adds_a_validated_variable() {
        insta::assert_snapshot!(fixed(FAIL[0], CODE));
    }

    #[test]
    fn fix_of_a_variable_default_removes_it_and_validates() {
        insta::assert_snapshot!(fixed(FAIL[7], CODE));
    }

    #[test]
    fn message_names_the_variable_and_its_default() {
        let graded = crate::grade(
            vec![crate::InputFile::new("main.tf", FAIL[7])],
            &Default::default(),
        );
        let report = graded.report();
        let finding = report
            .findings
            .iter()
            .find(|f| f.code == CODE)
            .expect("an SSH finding");
        assert_eq!(finding.resource.as_deref(), Some("aws_security_group.a"));
        assert_eq!(finding.location.line, 11);
        insta::assert_snapshot!(finding.message);
    }
}
