//! TFG203 `database-port-open-to-world`.

use super::{Service, report_open};
use crate::analysis::Analyzed;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG203",
    name: "database-port-open-to-world",
    family: Family::NetworkExposure,
    severity: Severity::High,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds ingress that admits a database or cache port from `0.0.0.0/0` or \
               `::/0`: MySQL 3306, PostgreSQL 5432, SQL Server 1433, Oracle 1521, \
               Redshift 5439, MongoDB 27017, Redis 6379, Memcached 11211, Cassandra 9042, \
               Elasticsearch 9200. Rules are read in the same forms as \
               `ssh-open-to-world`.",
        why: "Databases are meant to be reached from the application tier only. An open \
              database port invites brute-force logins and exploits of the database \
              server itself, and leaks data at the first weak password.",
        example: r#"resource "aws_security_group" "db" {
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}"#,
        use_instead: r#"resource "aws_security_group" "db" {
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
}"#,
        fix: "Unsafe: replaces the open CIDR with a new required variable \
              `allowed_database_cidr` whose `validation` refuses open CIDRs. A source \
              security group, as shown above, is often better still.",
        limitations: "Only the whole internet counts: a wide but smaller range such as \
                      `0.0.0.0/1` is not reported. A network ACL rule for the ephemeral \
                      ports up to 65535 (1024-65535 and the like) is the path replies come \
                      back on through the stateless ACL, not a way in, and is not reported; \
                      the security groups in front decide what those ports reach. Other database ports (a non-default \
                      port, or an engine not listed) are not reported, and a rule that \
                      admits every port is reported by `all-ports-open-to-world` instead. \
                      A CIDR whose value the code cannot know gets an info note; a rule \
                      whose protocol or ports the code cannot know is not reported.",
    },
    run: Run::Configuration(run),
};

const DATABASE: Service = Service {
    check: &CHECK,
    label: "database",
    ports: Some(&[
        (3306, "MySQL"),
        (5432, "PostgreSQL"),
        (1433, "SQL Server"),
        (1521, "Oracle"),
        (5439, "Redshift"),
        (27017, "MongoDB"),
        (6379, "Redis"),
        (11211, "Memcached"),
        (9042, "Cassandra"),
        (9200, "Elasticsearch"),
    ]),
    notes_unknown_ports: false,
    variable_stem: "database",
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    report_open(config, out, &DATABASE);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_reports, assert_silent, fixed};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        r#"resource "aws_security_group" "db" {
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}"#,
        r#"variable "db_port" {
  default = 3306
}
resource "aws_security_group_rule" "db" {
  type              = "ingress"
  from_port         = var.db_port
  to_port           = var.db_port
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = "sg-1"
}"#,
    ];

    const PASS: &[&str] = &[
        r#"resource "aws_security_group" "db" {
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
}"#,
        r#"resource "aws_security_group" "web" {
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
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
        assert_silent(CODE, PASS);
    }

    #[test]
    fn fixes_reach_a_fixed_point() {
        for tf in FAIL {
            fixed(tf, CODE);
        }
    }
}
