//! TFG681 `rds-without-multi-az`.

use hcl_edit::Span;

use crate::analysis::Analyzed;
use crate::analysis::instances::{Flag, targets};
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::edit::attribute_removal;
use crate::edit::indent_at;
use crate::finding::{Applicability, Category, Edit, Family, Finding, Severity};
use crate::rules::security::flag_rule::{FlagRule, judge_flag};

pub static CHECK: Check = Check {
    code: "TFG681",
    name: "rds-without-multi-az",
    family: Family::Security,
    severity: Severity::Medium,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds `aws_db_instance` resources without `multi_az = true`.",
        why: "A single-AZ database is down for as long as its zone or its host is, and \
              maintenance that needs a reboot takes it offline. Multi-AZ keeps a synchronous \
              standby in another zone and fails over to it in a minute or two.",
        example: r#"resource "aws_db_instance" "main" {
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
}"#,
        use_instead: r#"resource "aws_db_instance" "main" {
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  multi_az                    = true
}"#,
        fix: "Unsafe: sets `multi_az = true` (adds the line, or replaces a literal `false`) \
              and removes `availability_zone`, which a Multi-AZ instance may not set. The \
              standby doubles the instance's cost, and converting an existing instance \
              takes a snapshot and causes a brief failover. A value from a variable or a \
              local (often a per-environment switch) is left to the author.",
        limitations: "Read replicas (`replicate_source_db`) are not reported, nor is \
                      Aurora (`aws_rds_cluster_instance`), whose cluster spreads its \
                      instances itself. A `multi_az` whose value the code cannot know \
                      (often a per-environment variable) gets an info note.",
    },
    run: Run::Configuration(run),
};

const RULE: FlagRule = FlagRule {
    check: &CHECK,
    attribute: "multi_az",
    does: "has a standby in another availability zone",
    lacks: "runs in a single availability zone",
    fix_title: "set `multi_az = true`",
    applicability: Applicability::Unsafe,
    fix_note: "adds a standby instance in another zone, which doubles the instance's cost; \
               converting an existing instance causes a brief failover",
};

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    for target in targets(config, &["aws_db_instance"]) {
        let replica = target
            .setting(config, "replicate_source_db")
            .is_some_and(|s| !s.value.is_null());
        if replica {
            continue;
        }
        let Some(mut finding) = judge_flag(config, &target, &RULE) else {
            continue;
        };
        let text = config.text(target.unit());
        let zone = target
            .body()
            .get_attribute("availability_zone")
            .and_then(|a| Some((a, attribute_removal(text, a)?)));
        if let (Some(fix), Some((zone, line))) = (finding.fix.as_mut(), zone) {
            if matches!(target.flag(config, "multi_az"), Flag::Missing) {
                // The zone's line becomes the `multi_az` line: one edit, aligned like it.
                let indent = indent_at(text, line.start);
                let equals = zone
                    .value
                    .span()
                    .and_then(|v| text.get(line.start..v.start))
                    .and_then(|before| before.find('='))
                    .unwrap_or(0);
                let pad = equals
                    .saturating_sub(indent.len() + "multi_az".len())
                    .max(1);
                fix.edits = vec![Edit::replace(
                    target.unit(),
                    line,
                    format!("{indent}multi_az{}= true\n", " ".repeat(pad)),
                )];
            } else {
                fix.edits.push(Edit::delete(target.unit(), line));
            }
            if let Some(note) = fix.note.as_mut() {
                note.push_str(
                    "; removes `availability_zone`: a Multi-AZ instance lets RDS place the primary",
                );
            }
        }
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {

    use crate::rules::security::testing::{assert_reports, assert_silent, findings_of, fixed};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        r#"resource "aws_db_instance" "a" {
  engine         = "mysql"
  instance_class = "db.t3.micro"
}"#,
        r#"resource "aws_db_instance" "a" {
  engine         = "mysql"
  instance_class = "db.t3.micro"
  multi_az       = false
}"#,
        r#"resource "aws_db_instance" "a" {
  engine            = "mysql"
  instance_class    = "db.t3.micro"
  availability_zone = "us-east-1a"
}"#,
        r#"resource "aws_db_instance" "a" {
  engine            = "mysql"
  availability_zone = "us-east-1a"
  multi_az          = false
  instance_class    = "db.t3.micro"
}"#,
        r#"variable "environment" {
  default = "dev"
}
resource "aws_db_instance" "a" {
  engine         = "mysql"
  instance_class = "db.t3.micro"
  multi_az       = var.environment == "prod"
}"#,
    ];

    const PASS: &[&str] = &[
        r#"resource "aws_db_instance" "a" {
  engine         = "mysql"
  instance_class = "db.t3.micro"
  multi_az       = true
}"#,
        r#"resource "aws_db_instance" "replica" {
  replicate_source_db = aws_db_instance.a.identifier
  instance_class      = "db.t3.micro"
}"#,
        r#"resource "aws_rds_cluster_instance" "a" {
  cluster_identifier = aws_rds_cluster.main.id
  instance_class     = "db.r6g.large"
  engine             = "aurora-postgresql"
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
        for tf in &FAIL[..4] {
            fixed(tf, CODE);
        }
    }

    #[test]
    fn fix_removes_the_fixed_zone() {
        insta::assert_snapshot!(fixed(FAIL[2], CODE));
    }

    #[test]
    fn a_per_environment_switch_is_explained_not_fixed() {
        let findings = findings_of(FAIL[4], CODE);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].fix.is_none());
        assert!(
            findings[0].message.contains("is false"),
            "{}",
            findings[0].message
        );
    }
}
