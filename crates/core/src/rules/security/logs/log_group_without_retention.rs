//! TFG640 `log-group-without-retention`.

use crate::analysis::Analyzed;
use crate::analysis::instances::{targets, via_text};
use crate::analysis::provenance::trace_of;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::edit::add_block_attributes;
use crate::eval::Data;
use crate::finding::{Applicability, Category, Edit, Family, Finding, Fix, Severity};

pub static CHECK: Check = Check {
    code: "TFG640",
    name: "log-group-without-retention",
    family: Family::Security,
    severity: Severity::Low,
    category: Category::B,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds `aws_cloudwatch_log_group` resources without `retention_in_days`, or \
               with `retention_in_days = 0` or `null`: their events never expire.",
        why: "Logs kept forever are billed forever, and hold personal data and secrets that \
              leaked into them long after anyone needs them. A retention period is a \
              decision: write it down.",
        example: r#"resource "aws_cloudwatch_log_group" "app" {
  name = "/app/api"
}"#,
        use_instead: r#"resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/api"
  retention_in_days = 365
}"#,
        fix: "Unsafe: sets `retention_in_days = 365` (adds the line, or replaces a literal \
              `0` or `null`); CloudWatch Logs then deletes events older than a year, \
              including those already stored. One year is a common floor for audit logs \
              (PCI DSS asks for a year of history) and one of the periods the API accepts; \
              choose a shorter one for debug logs or a longer one where a regulation asks. \
              A value from a variable or a local is left to the author.",
        limitations: "Any other retention passes, however long. A `retention_in_days` \
                      whose value the code cannot know gets an info note.",
    },
    run: Run::Configuration(run),
};

/// The retention the fix writes, in days: one year.
const DEFAULT_RETENTION_DAYS: u32 = 365;

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    let fix = |edits: Vec<Edit>| Fix {
        title: format!("keep log events for {DEFAULT_RETENTION_DAYS} days"),
        applicability: Applicability::Unsafe,
        note: Some(format!(
            "CloudWatch Logs deletes events older than {DEFAULT_RETENTION_DAYS} days, including those already stored"
        )),
        edits,
    };
    for target in targets(config, &["aws_cloudwatch_log_group"]) {
        let unit = target.unit();
        let text = config.text(unit);
        let Some(setting) = target.setting(config, "retention_in_days") else {
            let mut finding = CHECK
                .finding(
                    unit,
                    target.header(),
                    format!(
                        "`{}` keeps its events forever: `retention_in_days` is not set",
                        target.address
                    ),
                )
                .with_resource(target.address.clone());
            finding.fix = add_block_attributes(
                text,
                unit,
                target.block(),
                &[("retention_in_days", &DEFAULT_RETENTION_DAYS.to_string())],
            )
            .map(fix);
            out.push(finding);
            continue;
        };
        let value = &setting.value;
        let forever = match &value.data {
            Data::Null => true,
            Data::Unknown(unknown) => {
                out.push(
                    CHECK
                        .unknown(
                            unit,
                            setting.value_range(),
                            format!(
                                "cannot tell how long `{}` keeps its events: {}",
                                target.address, unknown.reason
                            ),
                        )
                        .with_resource(target.address.clone()),
                );
                continue;
            }
            _ => value.as_number() == Some(0.0),
        };
        if !forever {
            continue;
        }
        let mut finding = CHECK
            .finding(
                unit,
                setting.evidence(unit),
                format!(
                    "`{}` keeps its events forever: `retention_in_days` is {value}{}",
                    target.address,
                    via_text(config, value)
                ),
            )
            .with_resource(target.address.clone());
        finding.trace = trace_of(config, value);
        finding.fix = setting
            .literal_replacement(unit, DEFAULT_RETENTION_DAYS.to_string())
            .map(|edit| fix(vec![edit]));
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {

    use crate::rules::security::testing::{assert_reports, assert_silent, findings_of, fixed};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        r#"resource "aws_cloudwatch_log_group" "a" {
  name = "/a"
}"#,
        r#"resource "aws_cloudwatch_log_group" "a" {
  name              = "/a"
  retention_in_days = 0
}"#,
        r#"resource "aws_cloudwatch_log_group" "a" {
  for_each = toset(["api", "worker"])
  name     = "/app/${each.key}"
}"#,
        r#"variable "retention" {
  default = 0
}
resource "aws_cloudwatch_log_group" "a" {
  name              = "/a"
  retention_in_days = var.retention
}"#,
    ];

    const PASS: &[&str] = &[
        r#"resource "aws_cloudwatch_log_group" "a" {
  name              = "/a"
  retention_in_days = 30
}"#,
        r#"variable "retention" {
  default = 90
}
resource "aws_cloudwatch_log_group" "a" {
  name              = "/a"
  retention_in_days = var.retention
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
        for tf in &FAIL[..3] {
            fixed(tf, CODE);
        }
    }

    #[test]
    fn the_instances_are_one_finding_and_one_edit_fixes_them_all() {
        let findings = findings_of(FAIL[2], CODE);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(
            findings[0].resource.as_deref(),
            Some("aws_cloudwatch_log_group.a")
        );
        assert_eq!(findings[0].instances, [r#"["api"]"#, r#"["worker"]"#]);
        insta::assert_snapshot!(fixed(FAIL[2], CODE));
    }

    #[test]
    fn an_unknown_retention_is_a_note() {
        let findings = findings_of(
            r#"resource "aws_cloudwatch_log_group" "a" {
  name              = "/a"
  retention_in_days = var.days
}
variable "days" {
  type = number
}"#,
            CODE,
        );
        assert_eq!(findings.len(), 1);
        assert!(findings[0].unknown);
    }
}
