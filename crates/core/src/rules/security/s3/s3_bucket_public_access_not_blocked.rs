//! TFG602 `s3-bucket-public-access-not-blocked`.

use hcl_edit::Span;

use crate::analysis::Analyzed;
use crate::analysis::provenance::trace_of;
use crate::analysis::s3_links::{Companions, bucket_names, unresolved};
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::{Configuration, Resource};
use crate::edit::{
    add_block_attributes, after_block, aligned, free_name, header_range, indent_at,
    instance_reference, line_end, line_start,
};
use crate::finding::{Applicability, Category, Edit, Family, Finding, Fix, Severity};
use crate::submission::UnitId;

pub static CHECK: Check = Check {
    code: "TFG602",
    name: "s3-bucket-public-access-not-blocked",
    family: Family::Security,
    severity: Severity::High,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds S3 buckets without an `aws_s3_bucket_public_access_block` that sets all \
               four of `block_public_acls`, `block_public_policy`, `ignore_public_acls` and \
               `restrict_public_buckets` to `true`. The block may be in any file of the \
               configuration and name the bucket by reference, through locals or \
               `for_each`, or by its literal name. A setting that is `false` is reported on \
               that setting; a missing one (the provider's default is `false`) on the block. \
               An `aws_s3_account_public_access_block` with all four `true` covers every \
               bucket of the account, and then nothing is reported.",
        why: "Without the block, one public ACL or bucket policy statement (a typo, a \
              copied example, a later change) makes the bucket readable by the internet; the \
              block is the guard that refuses them. New buckets block public access by \
              default since April 2023, but the code is what says so to a reader, to older \
              accounts and to every later apply.",
        example: r#"resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}"#,
        use_instead: r#"resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket = aws_s3_bucket.data.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}"#,
        fix: "Unsafe: adds an `aws_s3_bucket_public_access_block` with all four settings \
              `true` after the bucket, sets a `false` written in place to `true`, and adds \
              missing settings. It changes deployed access: a bucket meant to be public (a \
              website, public assets) stops serving anonymous readers, and applying a public \
              bucket policy is then refused.",
        limitations: "A bucket meant to be public (a website, public assets) is reported \
                      too: the check cannot know the intent. An account-level block \
                      counts only when this configuration declares it. When some public \
                      access block names its bucket in a way the code cannot follow, \
                      buckets without one of their own get an info note instead of a \
                      finding; so does a setting whose value the code cannot know.",
    },
    run: Run::Configuration(run),
};

const BLOCK: &str = "aws_s3_bucket_public_access_block";
const SETTINGS: [&str; 4] = [
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];
const NOTE: &str = "changes deployed access: anonymous and cross-account public access through ACLs and bucket policies is refused, so a bucket meant to be public stops serving, and a public bucket policy can no longer be applied";

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    if account_blocks_everything(config) {
        return;
    }
    let names = bucket_names(config);
    let unresolved = unresolved(config, &names, BLOCK, "bucket");
    let companions = Companions::read(config, &names, BLOCK, "bucket");
    // A block that names several buckets is judged once.
    let mut judged: Vec<String> = Vec::new();
    for bucket in config.resources_of("aws_s3_bucket") {
        if config.instances(bucket.unit, bucket.block).is_empty() {
            continue;
        }
        let address = bucket.address();
        let blocks = companions.of(bucket);
        if blocks.is_empty() {
            let header = header_range(bucket.block);
            if let Some((other, reason)) = unresolved.first() {
                out.push(finding(
                    bucket.unit,
                    header,
                    &address,
                    format!(
                        "cannot tell whether `{}` blocks public access to `{address}`: {reason}",
                        other.address()
                    ),
                    None,
                    true,
                ));
            } else {
                out.push(finding(
                    bucket.unit,
                    header,
                    &address,
                    format!("`{address}` has no public access block: a public ACL or bucket policy would expose it"),
                    add_block(config, bucket),
                    false,
                ));
            }
            continue;
        }
        for block in blocks {
            if !judged.contains(&block.address()) {
                judged.push(block.address());
                judge_block(config, block, &address, out);
            }
        }
    }
}

/// Whether an account-level public access block sets all four settings to `true`.
fn account_blocks_everything(config: &Configuration<'_>) -> bool {
    config
        .resources_of("aws_s3_account_public_access_block")
        .any(|account| {
            config
                .instances(account.unit, account.block)
                .iter()
                .any(|instance| {
                    SETTINGS.iter().all(|setting| {
                        account.block.body.get_attribute(setting).is_some_and(|a| {
                            config
                                .eval(account.unit, &a.value, &instance.scope)
                                .as_bool()
                                == Some(true)
                        })
                    })
                })
        })
}

fn judge_block(
    config: &Configuration<'_>,
    block: &Resource<'_>,
    bucket: &str,
    out: &mut Vec<Finding>,
) {
    let address = block.address();
    let body = &block.block.body;
    let mut missing = Vec::new();
    let mut noted = false;
    let mut reported: Vec<&str> = Vec::new();
    for instance in config.instances(block.unit, block.block) {
        for setting in SETTINGS {
            let Some(attr) = body.get_attribute(setting) else {
                if !missing.contains(&setting) {
                    missing.push(setting);
                }
                continue;
            };
            let value = config.eval(block.unit, &attr.value, &instance.scope);
            let range = attr.value.span().unwrap_or(0..0);
            match (value.as_bool(), value.unknown_reason()) {
                (Some(true), _) => {}
                (_, Some(reason)) if !noted => {
                    noted = true;
                    out.push(finding(
                        block.unit,
                        range,
                        &address,
                        format!("cannot tell whether `{address}` sets `{setting}` for `{bucket}`: {reason}"),
                        None,
                        true,
                    ));
                }
                (_, Some(_)) => {}
                _ if !reported.contains(&setting) => {
                    reported.push(setting);
                    let in_place = value
                        .origin
                        .as_ref()
                        .is_some_and(|o| o.unit == block.unit && o.span == range);
                    let fix = in_place.then(|| Fix {
                        title: format!("set `{setting}` to `true`"),
                        applicability: Applicability::Unsafe,
                        note: Some(NOTE.to_owned()),
                        edits: vec![Edit::replace(block.unit, range.clone(), "true")],
                    });
                    let mut f = finding(
                        block.unit,
                        range,
                        &address,
                        format!("`{address}` sets `{setting}` to {value} for `{bucket}`"),
                        fix,
                        false,
                    );
                    f.trace = trace_of(config, &value);
                    out.push(f);
                }
                _ => {}
            }
        }
    }
    if !missing.is_empty() {
        let text = config.text(block.unit);
        let pairs: Vec<(&str, &str)> = missing.iter().map(|s| (*s, "true")).collect();
        let fix = add_block_attributes(text, block.unit, block.block, &pairs).map(|edits| Fix {
            title: format!("add {}", list(&missing, " = true")),
            applicability: Applicability::Unsafe,
            note: Some(NOTE.to_owned()),
            edits,
        });
        out.push(finding(
            block.unit,
            header_range(block.block),
            &address,
            format!(
                "`{address}` does not set {} for `{bucket}`: the provider's default is `false`",
                list(&missing, "")
            ),
            fix,
            false,
        ));
    }
}

fn list(settings: &[&str], suffix: &str) -> String {
    settings
        .iter()
        .map(|s| format!("`{s}{suffix}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn finding(
    unit: UnitId,
    range: std::ops::Range<usize>,
    resource: &str,
    message: String,
    fix: Option<Fix>,
    unknown: bool,
) -> Finding {
    let finding = if unknown {
        CHECK.unknown(unit, range, message)
    } else {
        CHECK.finding(unit, range, message)
    };
    finding.with_resource(resource).with_fix(fix)
}

/// An `aws_s3_bucket_public_access_block` on the line after the bucket (the encryption
/// check adds its resource right after the closing brace, so both fixes apply together).
fn add_block(config: &Configuration<'_>, bucket: &Resource<'_>) -> Option<Fix> {
    let text = config.text(bucket.unit);
    let span = bucket.block.span()?;
    let indent = indent_at(text, span.start);
    let name = free_name(config, BLOCK, bucket.name, "public_access");
    let (iteration, reference) = instance_reference(bucket, "id");
    let mut head: Vec<(&str, String)> = iteration.into_iter().collect();
    head.push(("bucket", reference));
    let settings: Vec<(&str, String)> = SETTINGS.iter().map(|s| (*s, "true".to_owned())).collect();
    let mut lines = vec![format!("resource \"{BLOCK}\" \"{name}\" {{")];
    lines.extend(aligned(&head).into_iter().map(|l| format!("  {l}")));
    lines.push(String::new());
    lines.extend(aligned(&settings).into_iter().map(|l| format!("  {l}")));
    lines.push("}".to_owned());
    let block: String = lines
        .iter()
        .map(|l| {
            if l.is_empty() {
                "\n".to_owned()
            } else {
                format!("{indent}{l}\n")
            }
        })
        .collect();
    let end = after_block(text, bucket.block)?;
    let edit = if end < text.len() {
        Edit::insert(bucket.unit, end + 1, format!("\n{block}"))
    } else if line_end(text, span.end) == span.end {
        // The file ends right after the bucket, where the encryption fix inserts: go before.
        Edit::insert(
            bucket.unit,
            line_start(text, span.start),
            format!("{block}\n"),
        )
    } else {
        Edit::insert(bucket.unit, end, format!("\n\n{}", block.trim_end()))
    };
    Some(Fix {
        title: format!("add `{BLOCK}.{name}` blocking all public access"),
        applicability: Applicability::Unsafe,
        note: Some(NOTE.to_owned()),
        edits: vec![edit],
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::fixed_by;
    use crate::rules::testing::{assert_reports, assert_silent, codes, fixed};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        super::CHECK.docs.example,
        r#"resource "aws_s3_bucket" "site" {
  bucket = "example-site"
}
resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  block_public_policy     = false # the website needs a public policy
  ignore_public_acls      = true
  restrict_public_buckets = false
}"#,
        r#"resource "aws_s3_bucket" "b" {
  bucket = "example-b"
}
resource "aws_s3_bucket_public_access_block" "b" {
  bucket            = "example-b"
  block_public_acls = true
}"#,
        // An account-level block that leaves something open does not cover the bucket.
        r#"resource "aws_s3_account_public_access_block" "account" {
  block_public_acls   = true
  block_public_policy = true
}
resource "aws_s3_bucket" "b" {
  bucket = "example-b"
}"#,
    ];

    const PASS: &[&str] = &[
        super::CHECK.docs.use_instead,
        r#"resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket" "b" {
  bucket = "example-b"
}"#,
        r#"locals {
  bucket_id = aws_s3_bucket.b.id
}
resource "aws_s3_bucket" "b" {
  bucket = "example-b"
}
resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = local.bucket_id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
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
    fn each_false_setting_is_a_finding() {
        let graded = crate::grade(
            vec![crate::InputFile::new("main.tf", FAIL[1])],
            &Default::default(),
        );
        let lines: Vec<usize> = graded
            .report()
            .findings
            .iter()
            .filter(|f| f.code == CODE)
            .map(|f| f.location.line)
            .collect();
        assert_eq!(lines, [7, 9]);
    }

    #[test]
    fn missing_settings_are_added() {
        insta::assert_snapshot!(fixed_by(FAIL[2], CODE), @r#"
        resource "aws_s3_bucket" "b" {
          bucket = "example-b"
        }
        resource "aws_s3_bucket_public_access_block" "b" {
          bucket                  = "example-b"
          block_public_acls       = true
          block_public_policy     = true
          ignore_public_acls      = true
          restrict_public_buckets = true
        }
        "#);
    }

    #[test]
    fn both_bucket_fixes_apply_in_one_pass() {
        let tf = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"example-b\"\n}";
        let text = fixed(tf, CODE);
        assert!(!codes(&text).contains(&"TFG601"), "{text}");
        let tf = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"example-b\"\n} # data\n\noutput \"x\" {\n  value = 1\n}\n";
        insta::assert_snapshot!(fixed(tf, CODE), @r#"
        resource "aws_s3_bucket" "b" {
          bucket = "example-b"
        } # data

        resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
          bucket = aws_s3_bucket.b.id

          rule {
            apply_server_side_encryption_by_default {
              sse_algorithm = "aws:kms"
            }
            bucket_key_enabled = true
          }
        }

        resource "aws_s3_bucket_public_access_block" "b" {
          bucket = aws_s3_bucket.b.id

          block_public_acls       = true
          block_public_policy     = true
          ignore_public_acls      = true
          restrict_public_buckets = true
        }

        output "x" {
          value = 1
        }
        "#);
    }
}
