//! TFG105 `lock-table-not-on-demand`.

use hcl_edit::Span;

use crate::analysis::Analyzed;
use crate::analysis::backend::{LockTable, lock_tables};
use crate::analysis::provenance::trace_of;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::Configuration;
use crate::edit::{add_attributes, braces, delete_attribute, header_range};
use crate::finding::{Applicability, Category, Edit, Family, Finding, Fix, Severity};

pub static CHECK: Check = Check {
    code: "TFG105",
    name: "lock-table-not-on-demand",
    family: Family::StateLocking,
    severity: Severity::Low,
    // Cost and throttling: a standard practice (B), not a security matter.
    category: Category::B,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds state lock tables (an `aws_dynamodb_table` whose hash key is `LockID`, \
               or the table an S3 backend names) billed by provisioned capacity: no \
               `billing_mode` (it defaults to `PROVISIONED`) or `billing_mode = \"PROVISIONED\"`.",
        why: "A lock table sees a few requests per plan or apply. Provisioned capacity is paid \
              for around the clock while idle, and a burst of runs beyond it is throttled, \
              which fails to take the lock. On-demand billing (`PAY_PER_REQUEST`) costs \
              nothing at rest and scales with the runs.",
        example: r#"resource "aws_dynamodb_table" "lock" {
  name           = "terraform-state-lock"
  hash_key       = "LockID"
  read_capacity  = 5
  write_capacity = 5

  attribute {
    name = "LockID"
    type = "S"
  }
}"#,
        use_instead: r#"resource "aws_dynamodb_table" "lock" {
  name         = "terraform-state-lock"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }
}"#,
        fix: "Unsafe: sets `billing_mode = \"PAY_PER_REQUEST\"` and removes `read_capacity` \
              and `write_capacity`, which switches the deployed table's billing in place. No \
              fix when a global secondary index sets its own capacity.",
        limitations: "Only lock tables this configuration creates are judged: a table \
                      that the backend names but another configuration creates cannot be \
                      seen. A `billing_mode` whose value the code cannot know gets an \
                      info note.",
    },
    run: Run::Configuration(run),
};

const ON_DEMAND: &str = "PAY_PER_REQUEST";

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    for table in lock_tables(config) {
        let resource = &table.resource;
        let attr = resource.block.body.get_attribute("billing_mode");
        let value = attr.map(|a| config.eval(resource.unit, &a.value, &table.scope));
        let address = &table.address;
        let (range, message, trace) = match (attr, &value) {
            (Some(attr), Some(value)) if !value.is_null() => match value.as_str() {
                Some(ON_DEMAND) => continue,
                Some(mode) => (
                    attr.value
                        .span()
                        .unwrap_or_else(|| header_range(resource.block)),
                    format!(
                        "lock table `{address}` has `billing_mode = \"{mode}\"`: its capacity is paid for while idle, and a burst of runs beyond it is throttled and fails to take the lock"
                    ),
                    trace_of(config, value),
                ),
                None => {
                    out.push(CHECK.unknown(resource.unit, attr.value.span().unwrap_or_else(|| header_range(resource.block)), format!(
                            "cannot tell whether lock table `{address}` is billed on demand: {}",
                            value.unknown_reason().unwrap_or("`billing_mode` is not a string")
                        )).with_resource(address.clone()));
                    continue;
                }
            },
            _ => (
                header_range(resource.block),
                format!(
                    "lock table `{address}` has no `billing_mode`, so it is `PROVISIONED`: its capacity is paid for while idle, and a burst of runs beyond it is throttled and fails to take the lock"
                ),
                Vec::new(),
            ),
        };
        let mut finding = CHECK
            .finding(table.resource.unit, range, message)
            .with_resource(table.address.clone());
        finding.trace = trace;
        finding.fix = on_demand_fix(config, &table);
        out.push(finding);
    }
}

fn on_demand_fix(config: &Configuration<'_>, table: &LockTable<'_>) -> Option<Fix> {
    let resource = &table.resource;
    let body = &resource.block.body;
    let text = config.text(resource.unit);
    let index_capacity = body.get_blocks("global_secondary_index").any(|index| {
        index.body.has_attribute("read_capacity") || index.body.has_attribute("write_capacity")
    });
    if index_capacity {
        return None;
    }
    let capacity = ["read_capacity", "write_capacity"];
    let mut edits: Vec<Edit> = capacity
        .iter()
        .filter_map(|name| body.get_attribute(name))
        .filter_map(|attr| delete_attribute(text, resource.unit, attr))
        .collect();
    let quoted = format!("\"{ON_DEMAND}\"");
    match body.get_attribute("billing_mode") {
        Some(attr) => edits.push(Edit::replace(resource.unit, attr.value.span()?, quoted)),
        None => edits.extend(add_attributes(
            text,
            resource.unit,
            body,
            Some(braces(text, resource.block)?),
            &[("billing_mode", &quoted)],
            &capacity,
        )?),
    }
    Some(Fix {
        title: format!("bill `{}` on demand (`PAY_PER_REQUEST`)", table.address),
        applicability: Applicability::Unsafe,
        note: Some(format!(
            "switches the deployed table `{}` to on-demand billing, in place",
            table.address
        )),
        edits,
    })
}

#[cfg(test)]
mod tests {
    const CODE: &str = super::CHECK.code;

    use super::super::testing::{assert_reports, assert_silent, codes, fixed, fixed_by, notes};

    const FAIL: &[&str] = &[
        r#"resource "aws_dynamodb_table" "lock" {
  name           = "terraform-state-lock"
  hash_key       = "LockID"
  read_capacity  = 5
  write_capacity = 5

  attribute {
    name = "LockID"
    type = "S"
  }
}"#,
        r#"resource "aws_dynamodb_table" "lock" {
  name           = "terraform-state-lock"
  billing_mode   = "PROVISIONED"
  read_capacity  = 1
  write_capacity = 1
  hash_key       = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }
}"#,
        // Named by the backend, whatever its hash key is called in a variable.
        r#"terraform {
  backend "s3" {
    bucket         = "state"
    key            = "app.tfstate"
    dynamodb_table = "locks"
  }
}

variable "lock_key" {
  default = "LockID"
}

resource "aws_dynamodb_table" "lock" {
  name     = "locks"
  hash_key = var.lock_key
  attribute {
    name = var.lock_key
    type = "S"
  }
}"#,
    ];

    const PASS: &[&str] = &[
        r#"resource "aws_dynamodb_table" "lock" {
  name         = "terraform-state-lock"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"
  attribute {
    name = "LockID"
    type = "S"
  }
}"#,
        // Not a lock table.
        r#"resource "aws_dynamodb_table" "orders" {
  name           = "orders"
  hash_key       = "OrderId"
  read_capacity  = 5
  write_capacity = 5
  attribute {
    name = "OrderId"
    type = "S"
  }
}"#,
        r#"resource "aws_dynamodb_table" "lock" {
  count        = 0
  name         = "terraform-state-lock"
  hash_key     = "LockID"
  attribute {
    name = "LockID"
    type = "S"
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
        assert_eq!(
            fixed_by(FAIL[0], CODE),
            r#"resource "aws_dynamodb_table" "lock" {
  name           = "terraform-state-lock"
  hash_key       = "LockID"
  billing_mode   = "PAY_PER_REQUEST"

  attribute {
    name = "LockID"
    type = "S"
  }
}"#
        );
    }

    #[test]
    fn unknown_billing_mode_is_a_note() {
        let tf = r#"variable "mode" {}
resource "aws_dynamodb_table" "lock" {
  name         = "terraform-state-lock"
  billing_mode = var.mode
  hash_key     = "LockID"
  attribute {
    name = "LockID"
    type = "S"
  }
}"#;
        assert!(!codes(tf).contains(&CODE));
        assert!(notes(tf).contains(&CODE));
    }
}
