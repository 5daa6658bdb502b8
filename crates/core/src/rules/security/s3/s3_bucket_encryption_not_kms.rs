//! TFG601 `s3-bucket-encryption-not-kms`.

use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::structure::Body;

use crate::analysis::Analyzed;
use crate::analysis::provenance::trace_of;
use crate::analysis::s3_links::{Companions, bucket_names, sse_s3_only_deliveries, unresolved};
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::{Configuration, Resource};
use crate::edit::{after_block, aligned, free_name, header_range, indent_at, instance_reference};
use crate::eval::{Scope, Value};
use crate::finding::{Applicability, Category, Edit, Family, Finding, Fix, Severity};
use crate::submission::UnitId;

pub static CHECK: Check = Check {
    code: "TFG601",
    name: "s3-bucket-encryption-not-kms",
    family: Family::Security,
    severity: Severity::Medium,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds S3 buckets whose default encryption is not KMS: an `aws_s3_bucket` \
               with no `aws_s3_bucket_server_side_encryption_configuration` naming it (by \
               reference, `.id` or `.bucket`, through locals or `for_each`, or by a \
               literal equal to the bucket's name, in any file of the configuration) and \
               no inline `server_side_encryption_configuration` block (the provider's \
               older style), or one whose `sse_algorithm` is `\"AES256\"`. Since January \
               2023 S3 encrypts every new object with SSE-S3 by default, so the finding \
               is \"not KMS\", not \"unencrypted\".",
        why: "With SSE-S3, anyone allowed `s3:GetObject` reads the data: the key is AWS's and \
              its use is neither logged per request nor controllable. A KMS key adds a second \
              permission (`kms:Decrypt`) that a key policy controls, a CloudTrail record of \
              every use, and the ability to revoke access by disabling the key.",
        example: r#"resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}"#,
        use_instead: r#"resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}"#,
        fix: "Unsafe: adds an `aws_s3_bucket_server_side_encryption_configuration` after the \
              bucket with `sse_algorithm = \"aws:kms\"` and `bucket_key_enabled = true`, using \
              the configuration's KMS key when it has exactly one (else the AWS managed key \
              `aws/s3`); an `\"AES256\"` written in place becomes `\"aws:kms\"`. New objects \
              are then encrypted with KMS: readers need `kms:Decrypt`, requests cost KMS \
              calls (the bucket key reduces them), and existing objects keep their \
              encryption.",
        limitations: "Buckets that receive load balancer access logs or S3 server access \
                      logs are not reported, since those deliveries support only SSE-S3; \
                      they get an info note. When some encryption configuration names its \
                      bucket in a way the code cannot follow, buckets without one of \
                      their own get an info note instead of a finding; so does an \
                      `sse_algorithm` whose value the code cannot know.",
    },
    run: Run::Configuration(run),
};

const SSE_CONFIG: &str = "aws_s3_bucket_server_side_encryption_configuration";

/// An `sse_algorithm` argument and what it evaluates to.
struct Algorithm {
    /// The resource it is written in (the bucket or its encryption configuration).
    owner: String,
    unit: UnitId,
    /// The argument's value.
    range: Range<usize>,
    value: Value,
}

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    let names = bucket_names(config);
    let unresolved = unresolved(config, &names, SSE_CONFIG, "bucket");
    let companions = Companions::read(config, &names, SSE_CONFIG, "bucket");
    let deliveries = sse_s3_only_deliveries(config, &names);
    for bucket in config.resources_of("aws_s3_bucket") {
        let instances = config.instances(bucket.unit, bucket.block);
        if instances.is_empty() {
            continue;
        }
        let address = bucket.address();
        let delivery = deliveries.get(&address);
        let mut algorithms = Vec::new();
        for instance in &instances {
            for sse in config.blocks(
                bucket.unit,
                &bucket.block.body,
                "server_side_encryption_configuration",
                &instance.scope,
            ) {
                read_rules(config, bucket, sse.body, &sse.scope, &mut algorithms);
            }
        }
        let linked = companions.of(bucket);
        for companion in &linked {
            for instance in config.instances(companion.unit, companion.block) {
                read_rules(
                    config,
                    companion,
                    &companion.block.body,
                    &instance.scope,
                    &mut algorithms,
                );
            }
        }
        if algorithms.is_empty() && linked.is_empty() {
            let header = header_range(bucket.block);
            if let Some(delivery) = delivery {
                out.push(note(
                    bucket.unit,
                    header,
                    &address,
                    format!("`{address}` has no KMS default encryption, and receives {delivery}, which support only SSE-S3: not reported"),
                    false,
                ));
            } else if let Some((other, reason)) = unresolved.first() {
                out.push(note(
                    bucket.unit,
                    header,
                    &address,
                    format!(
                        "cannot tell whether `{}` configures the encryption of `{address}`: {reason}",
                        other.address()
                    ),
                    true,
                ));
            } else {
                out.push(CHECK.finding(bucket.unit, header, format!(
                        "`{address}` has no default encryption configuration: S3 encrypts its objects with SSE-S3 (`AES256`), not KMS"
                    )).with_resource(address.clone()).with_fix(add_configuration(config, bucket)));
            }
            continue;
        }
        let mut seen: Vec<(UnitId, Range<usize>)> = Vec::new();
        let mut noted_unknown = false;
        for algorithm in algorithms {
            if seen.contains(&(algorithm.unit, algorithm.range.clone())) {
                continue;
            }
            seen.push((algorithm.unit, algorithm.range.clone()));
            let owner = &algorithm.owner;
            let whose = if *owner == address {
                format!("`{address}`")
            } else {
                format!("`{owner}` of `{address}`")
            };
            match (algorithm.value.as_str(), algorithm.value.unknown_reason()) {
                (Some(text), _) if text.eq_ignore_ascii_case("AES256") => {
                    if let Some(delivery) = &delivery {
                        out.push(note(
                            algorithm.unit,
                            algorithm.range.clone(),
                            owner,
                            format!("{whose} uses SSE-S3 (`AES256`), which {delivery} require: not reported"),
                            false,
                        ));
                        continue;
                    }
                    let trace = trace_of(config, &algorithm.value);
                    out.push(
                        CHECK
                            .finding(
                                algorithm.unit,
                                algorithm.range.clone(),
                                format!(
                                    "default encryption of {whose} is SSE-S3 (`AES256`), not KMS"
                                ),
                            )
                            .with_resource(owner.clone())
                            .with_trace(trace)
                            .with_fix(replace_algorithm(&algorithm)),
                    );
                }
                (_, Some(reason)) if !noted_unknown => {
                    noted_unknown = true;
                    out.push(note(
                        algorithm.unit,
                        algorithm.range.clone(),
                        owner,
                        format!(
                            "cannot tell whether the default encryption of {whose} is KMS: {reason}"
                        ),
                        true,
                    ));
                }
                _ => {}
            }
        }
    }
}

/// The `sse_algorithm` of each `rule { apply_server_side_encryption_by_default { ... } }`.
fn read_rules(
    config: &Configuration<'_>,
    owner: &Resource<'_>,
    body: &Body,
    scope: &Scope,
    out: &mut Vec<Algorithm>,
) {
    for rule in config.blocks(owner.unit, body, "rule", scope) {
        for default in config.blocks(
            owner.unit,
            rule.body,
            "apply_server_side_encryption_by_default",
            &rule.scope,
        ) {
            if let Some(attr) = default.body.get_attribute("sse_algorithm") {
                out.push(Algorithm {
                    owner: owner.address(),
                    unit: owner.unit,
                    range: attr.value.span().unwrap_or(0..0),
                    value: config.eval(owner.unit, &attr.value, &default.scope),
                });
            }
        }
    }
}

fn note(
    unit: UnitId,
    range: Range<usize>,
    resource: &str,
    message: String,
    unknown: bool,
) -> Finding {
    let note = if unknown {
        CHECK.unknown(unit, range, message)
    } else {
        CHECK.note(unit, range, message)
    };
    note.with_resource(resource)
}

const KMS_NOTE: &str = "new objects are encrypted with KMS: readers need `kms:Decrypt` on the key and requests are billed KMS calls (the bucket key reduces them); existing objects keep their encryption";

/// `"AES256"` written as the argument's value becomes `"aws:kms"`.
fn replace_algorithm(algorithm: &Algorithm) -> Option<Fix> {
    let origin = algorithm.value.origin.as_ref()?;
    if origin.unit != algorithm.unit || origin.span != algorithm.range {
        // Set through a variable or local: changing it there could change other uses.
        return None;
    }
    Some(Fix {
        title: "encrypt with KMS (`aws:kms`)".to_owned(),
        applicability: Applicability::Unsafe,
        note: Some(KMS_NOTE.to_owned()),
        edits: vec![Edit::replace(
            algorithm.unit,
            origin.span.clone(),
            "\"aws:kms\"",
        )],
    })
}

/// An `aws_s3_bucket_server_side_encryption_configuration` after the bucket.
fn add_configuration(config: &Configuration<'_>, bucket: &Resource<'_>) -> Option<Fix> {
    let text = config.text(bucket.unit);
    let at = after_block(text, bucket.block)?;
    let indent = indent_at(text, bucket.block.span()?.start);
    let name = free_name(config, SSE_CONFIG, bucket.name, "encryption");
    let (iteration, reference) = instance_reference(bucket, "id");
    let keys: Vec<&Resource<'_>> = config.resources_of("aws_kms_key").collect();
    let key = match keys.as_slice() {
        [key]
            if key.block.body.get_attribute("count").is_none()
                && key.block.body.get_attribute("for_each").is_none() =>
        {
            Some(key.address())
        }
        _ => None,
    };
    let mut lines = vec![format!("resource \"{SSE_CONFIG}\" \"{name}\" {{")];
    let mut head: Vec<(&str, String)> = iteration.into_iter().collect();
    head.push(("bucket", reference));
    lines.extend(aligned(&head).into_iter().map(|l| format!("  {l}")));
    lines.push(String::new());
    lines.push("  rule {".to_owned());
    lines.push("    apply_server_side_encryption_by_default {".to_owned());
    match &key {
        Some(key) => {
            lines.push("      sse_algorithm     = \"aws:kms\"".to_owned());
            lines.push(format!("      kms_master_key_id = {key}.arn"));
        }
        None => lines.push("      sse_algorithm = \"aws:kms\"".to_owned()),
    }
    lines.push("    }".to_owned());
    lines.push("    bucket_key_enabled = true".to_owned());
    lines.push("  }".to_owned());
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
    let key_words = match &key {
        Some(key) => format!("with `{key}`"),
        None => "with the AWS managed key `aws/s3`".to_owned(),
    };
    Some(Fix {
        title: format!("add `{SSE_CONFIG}.{name}` encrypting {key_words}"),
        applicability: Applicability::Unsafe,
        note: Some(KMS_NOTE.to_owned()),
        edits: vec![Edit::insert(
            bucket.unit,
            at,
            format!("\n\n{}", block.trim_end()),
        )],
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::fixed_by;
    use crate::rules::testing::{assert_reports, assert_silent, fixed};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        super::CHECK.docs.example,
        // AES256 in the separate resource, linked by the bucket's name.
        r#"resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}
resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = "example-logs"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}"#,
        // The older inline block.
        r#"resource "aws_s3_bucket" "old" {
  bucket = "example-old"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
}"#,
        // Counted buckets, one KMS key in the configuration.
        r#"resource "aws_kms_key" "s3" {
  enable_key_rotation = true
}
resource "aws_s3_bucket" "many" {
  count  = 2
  bucket = "example-${count.index}"
}"#,
        r#"resource "aws_s3_bucket" "each" {
  for_each = toset(["a", "b"])
  bucket   = "example-${each.key}"
}
"#,
    ];

    const PASS: &[&str] = &[
        super::CHECK.docs.use_instead,
        // Linked through `.bucket`, with DSSE.
        r#"resource "aws_s3_bucket" "b" {
  bucket_prefix = "b-"
}
resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
  bucket = aws_s3_bucket.b.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms:dsse"
    }
  }
}"#,
        // for_each over the buckets.
        r#"resource "aws_s3_bucket" "b" {
  for_each = toset(["x", "y"])
  bucket   = "example-${each.key}"
}
resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
  for_each = aws_s3_bucket.b
  bucket   = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}"#,
        // Load balancer access logs support only SSE-S3.
        r#"resource "aws_s3_bucket" "alb_logs" {
  bucket = "example-alb-logs"
}
resource "aws_lb" "web" {
  access_logs {
    bucket  = aws_s3_bucket.alb_logs.id
    enabled = true
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

    #[test]
    fn fix_adds_a_configuration_with_the_only_key() {
        insta::assert_snapshot!(fixed_by(FAIL[3], CODE), @r#"
        resource "aws_kms_key" "s3" {
          enable_key_rotation = true
        }
        resource "aws_s3_bucket" "many" {
          count  = 2
          bucket = "example-${count.index}"
        }

        resource "aws_s3_bucket_server_side_encryption_configuration" "many" {
          count  = length(aws_s3_bucket.many)
          bucket = aws_s3_bucket.many[count.index].id

          rule {
            apply_server_side_encryption_by_default {
              sse_algorithm     = "aws:kms"
              kms_master_key_id = aws_kms_key.s3.arn
            }
            bucket_key_enabled = true
          }
        }
        "#);
    }
}
