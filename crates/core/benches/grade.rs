//! How long grading takes, natively, on a generated 1,000-line configuration, beside the
//! time hcl-edit alone needs to parse it: the ratio is what to watch, since these
//! machines are shared and absolute times drift. A second group grades configurations in
//! which every resource is reported, at three sizes: time per resource should stay flat.
//! Run with `scripts/bench.sh`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tfgrade_core::{InputFile, Options, grade};

/// A configuration of about `lines` lines in the shape model responses take: variables,
/// locals, security groups with static and dynamic ingress, rules with `for_each`.
pub fn configuration(lines: usize) -> String {
    let mut tf = String::from(
        "variable \"allowed_ssh_cidr\" {\n  type    = string\n  default = \"0.0.0.0/0\"\n}\n\nlocals {\n  ports = { ssh = 22, https = 443, app = 8080 }\n  cidrs = [\"10.0.0.0/16\", \"10.1.0.0/16\"]\n}\n\n",
    );
    let mut i = 0;
    while tf.lines().count() < lines {
        tf.push_str(&format!(
            r#"resource "aws_security_group" "sg_{i}" {{
  name_prefix = "sg-{i}-"
  vpc_id      = aws_vpc.main.id

  ingress {{
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.allowed_ssh_cidr]
  }}

  dynamic "ingress" {{
    for_each = local.ports
    content {{
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = local.cidrs
    }}
  }}
}}

resource "aws_security_group_rule" "rule_{i}" {{
  for_each          = local.ports
  type              = "ingress"
  from_port         = each.value
  to_port           = each.value
  protocol          = "tcp"
  cidr_blocks       = ["10.2.0.0/16"]
  security_group_id = aws_security_group.sg_{i}.id
}}

"#
        ));
        i += 1;
    }
    tf
}

fn bench(c: &mut Criterion) {
    let tf = configuration(1000);
    let mut group = c.benchmark_group(format!("{} lines", tf.lines().count()));
    group.bench_function("parse only (hcl-edit)", |b| {
        b.iter(|| hcl_edit::parser::parse_body(black_box(&tf)))
    });
    group.bench_function("grade and report", |b| {
        b.iter(|| {
            grade(
                vec![InputFile::new("main.tf", tf.as_str())],
                &Options::default(),
            )
            .report()
        })
    });
    group.finish();
}

/// `pairs` buckets with fixed names and security groups open through a variable: every
/// resource is reported and fixable, as in a large careless response. Grading time per
/// resource should not grow with the number of resources: compare the sizes' times.
pub fn reported_resources(pairs: usize) -> String {
    let mut tf = String::from("variable \"cidr\" {\n  default = \"0.0.0.0/0\"\n}\n\n");
    for i in 0..pairs {
        tf.push_str(&format!(
            r#"resource "aws_s3_bucket" "b{i}" {{
  bucket = "bucket-{i}"
}}

resource "aws_s3_bucket_server_side_encryption_configuration" "b{i}" {{
  bucket = aws_s3_bucket.b{i}.id
  rule {{
    apply_server_side_encryption_by_default {{
      sse_algorithm = "AES256"
    }}
  }}
}}

resource "aws_security_group" "sg{i}" {{
  ingress {{
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.cidr]
  }}
}}

"#
        ));
    }
    tf
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("every resource reported");
    group.sample_size(10);
    for pairs in [250, 1000, 4000] {
        let tf = reported_resources(pairs);
        group.bench_function(format!("{pairs} buckets and groups"), |b| {
            b.iter(|| {
                grade(
                    vec![InputFile::new("main.tf", tf.as_str())],
                    &Options::default(),
                )
                .report()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench, scaling);
criterion_main!(benches);
