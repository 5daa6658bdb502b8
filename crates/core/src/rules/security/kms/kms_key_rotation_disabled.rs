//! TFG606 `kms-key-rotation-disabled`.

use std::ops::Range;

use hcl_edit::Span;

use crate::analysis::Analyzed;
use crate::analysis::provenance::trace_of;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::edit::{add_block_attributes, header_range};
use crate::finding::{Applicability, Category, Edit, Family, Finding, Fix, Severity};

pub static CHECK: Check = Check {
    code: "TFG606",
    name: "kms-key-rotation-disabled",
    family: Family::Security,
    severity: Severity::Medium,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds symmetric `aws_kms_key`s (no `key_spec`, or `SYMMETRIC_DEFAULT`; the \
               deprecated `customer_master_key_spec` too) without `enable_key_rotation = \
               true`.",
        why: "Without rotation the same key material protects every object the key ever \
              encrypted, for as long as the key lives: a leak of it (or a cryptanalytic \
              weakness) exposes all of it. Automatic rotation creates new material yearly and \
              keeps the old to decrypt, with nothing to change in the code that uses the key; \
              most compliance frameworks require it.",
        example: r#"resource "aws_kms_key" "data" {
  description = "data at rest"
}"#,
        use_instead: r#"resource "aws_kms_key" "data" {
  description         = "data at rest"
  enable_key_rotation = true
}"#,
        fix: "Unsafe: adds `enable_key_rotation = true` after the key's last argument (or \
              sets a `false` written in place to `true`). Rotation keeps the key's id and ARN \
              and old ciphertexts still decrypt, so nothing that uses the key breaks; but it \
              updates the deployed key and adds a monthly charge for each retained key \
              material (for the first two rotations).",
        limitations: "Asymmetric and HMAC keys cannot rotate automatically and are not \
                      reported. A key spec or `enable_key_rotation` whose value the code \
                      cannot know gets an info note.",
    },
    run: Run::Configuration(run),
};

const NOTE: &str = "updates the key in place: AWS creates new key material every year and keeps the old to decrypt (the key id and ARN stay); each retained key material adds a monthly charge for the first two rotations";

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    for key in config.resources_of("aws_kms_key") {
        let address = key.address();
        let body = &key.block.body;
        let mut reported: Vec<Range<usize>> = Vec::new();
        let mut push = |finding: Finding| {
            if !reported.contains(&finding.range) {
                reported.push(finding.range.clone());
                out.push(finding);
            }
        };
        for instance in config.instances(key.unit, key.block) {
            let spec = ["key_spec", "customer_master_key_spec"]
                .iter()
                .find_map(|name| body.get_attribute(name))
                .map(|attr| (attr, config.eval(key.unit, &attr.value, &instance.scope)));
            if let Some((attr, spec)) = &spec {
                match (spec.as_str(), spec.unknown_reason()) {
                    (Some("SYMMETRIC_DEFAULT"), _) => {}
                    (_, Some(reason)) => {
                        push(note(
                            key.unit,
                            attr.value.span().unwrap_or(0..0),
                            &address,
                            format!(
                                "cannot tell whether `{address}` is a symmetric key, which should rotate: {reason}"
                            ),
                        ));
                        continue;
                    }
                    _ => continue,
                }
            }
            let Some(attr) = body.get_attribute("enable_key_rotation") else {
                let text = config.text(key.unit);
                let fix = add_block_attributes(
                    text,
                    key.unit,
                    key.block,
                    &[("enable_key_rotation", "true")],
                )
                .map(|edits| Fix {
                    title: "enable automatic rotation".to_owned(),
                    applicability: Applicability::Unsafe,
                    note: Some(NOTE.to_owned()),
                    edits,
                });
                push(CHECK.finding(key.unit, header_range(key.block), format!(
                        "`{address}` does not set `enable_key_rotation`: its key material never rotates"
                    )).with_resource(address.clone()).with_fix(fix));
                continue;
            };
            let value = config.eval(key.unit, &attr.value, &instance.scope);
            let range = attr.value.span().unwrap_or(0..0);
            match (value.as_bool(), value.unknown_reason()) {
                (Some(true), _) => {}
                (_, Some(reason)) => push(note(
                    key.unit,
                    range,
                    &address,
                    format!("cannot tell whether `{address}` rotates its key material: {reason}"),
                )),
                _ => {
                    let in_place = value
                        .origin
                        .as_ref()
                        .is_some_and(|o| o.unit == key.unit && o.span == range);
                    push(CHECK.finding(key.unit, range.clone(), format!(
                            "`{address}` sets `enable_key_rotation` to {value}: its key material never rotates"
                        )).with_resource(address.clone()).with_trace(trace_of(config, &value)).with_fix(in_place.then(|| Fix {
                            title: "enable automatic rotation".to_owned(),
                            applicability: Applicability::Unsafe,
                            note: Some(NOTE.to_owned()),
                            edits: vec![Edit::replace(key.unit, range, "true")],
                        })));
                }
            }
        }
    }
}

fn note(
    unit: crate::submission::UnitId,
    range: Range<usize>,
    resource: &str,
    message: String,
) -> Finding {
    CHECK
        .unknown(unit, range, message)
        .with_resource(resource.to_owned())
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::fixed_by;
    use crate::rules::testing::{assert_reports, assert_silent, fixed};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        super::CHECK.docs.example,
        r#"resource "aws_kms_key" "k" {
  description         = "k"
  key_spec            = "SYMMETRIC_DEFAULT"
  enable_key_rotation = false # decided later
}"#,
        r#"resource "aws_kms_key" "empty" {
}"#,
        r#"resource "aws_kms_key" "k" {
  count       = 2
  description = "k${count.index}" # one per tenant

  tags = {
    Name = "k"
  }
}"#,
    ];

    const PASS: &[&str] = &[
        super::CHECK.docs.use_instead,
        r#"resource "aws_kms_key" "signing" {
  key_usage = "SIGN_VERIFY"
  key_spec  = "RSA_2048"
}"#,
        r#"resource "aws_kms_key" "mac" {
  key_usage                = "GENERATE_VERIFY_MAC"
  customer_master_key_spec = "HMAC_256"
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

    #[test]
    fn rotation_goes_after_the_last_argument_and_its_comment() {
        insta::assert_snapshot!(fixed_by(FAIL[3], CODE), @r#"
        resource "aws_kms_key" "k" {
          count       = 2
          description = "k${count.index}" # one per tenant

          tags = {
            Name = "k"
          }
          enable_key_rotation = true
        }
        "#);
        insta::assert_snapshot!(fixed_by(FAIL[2], CODE), @r#"
        resource "aws_kms_key" "empty" {
          enable_key_rotation = true
        }
        "#);
    }
}
