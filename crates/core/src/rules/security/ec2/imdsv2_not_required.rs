//! TFG670 `imdsv2-not-required`.

use crate::analysis::Analyzed;
use crate::analysis::instances::{Target, setting, targets, via_text};
use crate::analysis::provenance::trace_of;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::Configuration;
use crate::edit::{add_block_at_end, add_block_attributes, header_range};
use crate::eval::{Data, Scope};
use crate::finding::{Applicability, Category, Edit, Family, Finding, Fix, Severity};

pub static CHECK: Check = Check {
    code: "TFG670",
    name: "imdsv2-not-required",
    family: Family::Security,
    severity: Severity::Low,
    category: Category::A,
    fix: FixAvailability::Sometimes,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds `aws_instance`, `aws_launch_template` and `aws_launch_configuration` \
               resources whose `metadata_options` do not set `http_tokens = \"required\"` \
               (IMDSv2 only), unless the metadata service is disabled, an instance takes \
               its options from a launch template, or the configuration sets the region's \
               default with `aws_ec2_instance_metadata_defaults`.",
        why: "IMDSv1 answers any GET request: a server-side request forgery in an \
              application running on the instance hands out the instance role's \
              credentials. IMDSv2 requires a session token obtained with a PUT, which such \
              forgeries cannot send.",
        example: r#"resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}"#,
        use_instead: r#"resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }
}"#,
        fix: "Unsafe: adds `metadata_options { http_tokens = \"required\" }`, adds \
              `http_tokens` to an existing block, or replaces a literal `\"optional\"`. \
              Running instances are updated in place (a launch template gets a new \
              version); software that reads instance metadata without a session token (old \
              SDKs and agents) then fails, and containers reaching the service through a \
              bridge network also need `http_put_response_hop_limit = 2`.",
        limitations: "The AMI's own default cannot be seen: an instance without \
                      `metadata_options` is reported even when its AMI is already \
                      IMDSv2-only (Amazon Linux 2023 AMIs are), which is why the check is \
                      low. An `http_tokens` whose value the code cannot know gets an info \
                      note.",
    },
    run: Run::Configuration(run),
};

const FIX_NOTE: &str = "the instances refuse IMDSv1 requests: software that reads instance \
                        metadata without a session token (old AWS SDKs, CLIs and agents) \
                        fails; containers behind a bridge network also need \
                        `http_put_response_hop_limit = 2`";

const AMI_DEFAULT: &str =
    "unless its AMI defaults to IMDSv2-only (Amazon Linux 2023 AMIs do), it answers IMDSv1";

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    if region_default_requires_tokens(config) {
        return;
    }
    for target in targets(
        config,
        &[
            "aws_instance",
            "aws_launch_template",
            "aws_launch_configuration",
        ],
    ) {
        judge(config, out, &target);
    }
}

fn judge(config: &Configuration<'_>, out: &mut Vec<Finding>, target: &Target<'_, '_>) {
    let unit = target.unit();
    let text = config.text(unit);
    let address = &target.address;
    let fix = |title: &str, edits: Vec<Edit>| Fix {
        title: title.to_owned(),
        applicability: Applicability::Unsafe,
        note: Some(FIX_NOTE.to_owned()),
        edits,
    };
    let blocks = config.blocks(unit, target.body(), "metadata_options", &target.scope);
    if blocks.is_empty() {
        // An instance launched from a template takes the template's options.
        if target.resource.kind == "aws_instance"
            && target.body().get_blocks("launch_template").next().is_some()
        {
            return;
        }
        let mut finding = CHECK.finding(unit, target.header(), format!(
                "`{address}` does not require IMDSv2: `metadata_options` is not set, so {AMI_DEFAULT}"
            )).with_resource(address.clone());
        finding.fix = add_block_at_end(
            text,
            unit,
            target.block(),
            "metadata_options {\n  http_tokens = \"required\"\n}\n",
        )
        .map(|edit| fix("require IMDSv2 (`http_tokens = \"required\"`)", vec![edit]));
        out.push(finding);
        return;
    }
    for block in blocks {
        let endpoint = setting(config, unit, block.body, "http_endpoint", &block.scope);
        if endpoint
            .as_ref()
            .is_some_and(|e| e.value.as_str() == Some("disabled"))
        {
            continue;
        }
        let is_dynamic = block.block.ident.as_str() == "dynamic";
        let Some(tokens) = setting(config, unit, block.body, "http_tokens", &block.scope) else {
            let mut finding = CHECK.finding(unit, header_range(block.block), format!(
                    "`{address}` does not require IMDSv2: `metadata_options.http_tokens` is not set, so {AMI_DEFAULT}"
                )).with_resource(address.clone());
            if !is_dynamic {
                finding.fix = add_block_attributes(
                    text,
                    unit,
                    block.block,
                    &[("http_tokens", "\"required\"")],
                )
                .map(|edits| fix("set `http_tokens = \"required\"`", edits));
            }
            out.push(finding);
            continue;
        };
        let value = &tokens.value;
        match &value.data {
            Data::String(s) if s == "required" => {}
            Data::Unknown(unknown) => out.push(
                CHECK
                    .unknown(
                        unit,
                        tokens.value_range(),
                        format!(
                            "cannot tell whether `{address}` requires IMDSv2: {}",
                            unknown.reason
                        ),
                    )
                    .with_resource(address.clone()),
            ),
            _ => {
                let mut finding = CHECK.finding(unit, tokens.evidence(unit), format!(
                        "`{address}` does not require IMDSv2: `metadata_options.http_tokens` is {value}{}, so it answers IMDSv1",
                        via_text(config, value)
                    )).with_resource(address.clone());
                finding.trace = trace_of(config, value);
                finding.fix = tokens
                    .literal_replacement(unit, "\"required\"")
                    .map(|edit| fix("set `http_tokens = \"required\"`", vec![edit]));
                out.push(finding);
            }
        }
    }
}

/// Whether the configuration makes IMDSv2 the region's default for new instances.
fn region_default_requires_tokens(config: &Configuration<'_>) -> bool {
    config
        .resources_of("aws_ec2_instance_metadata_defaults")
        .any(|r| {
            setting(config, r.unit, &r.block.body, "http_tokens", &Scope::new())
                .is_some_and(|s| s.value.as_str() == Some("required"))
        })
}

#[cfg(test)]
mod tests {

    use crate::rules::security::testing::{assert_reports, assert_silent, findings_of, fixed};

    const CODE: &str = super::CHECK.code;

    const FAIL: &[&str] = &[
        r#"resource "aws_instance" "a" {
  ami           = "ami-1"
  instance_type = "t3.micro"
}"#,
        r#"resource "aws_instance" "a" {
  ami           = "ami-1"
  instance_type = "t3.micro"

  metadata_options {
    http_endpoint = "enabled"
  }
}"#,
        r#"resource "aws_launch_template" "a" {
  image_id = "ami-1"

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "optional"
  }
}"#,
        r#"resource "aws_launch_configuration" "a" {
  image_id      = "ami-1"
  instance_type = "t3.micro"
}"#,
    ];

    const PASS: &[&str] = &[
        r#"resource "aws_instance" "a" {
  ami           = "ami-1"
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = "required"
  }
}"#,
        r#"resource "aws_instance" "a" {
  ami = "ami-1"
  metadata_options {
    http_endpoint = "disabled"
  }
}"#,
        // The template decides.
        r#"resource "aws_instance" "a" {
  launch_template {
    id = aws_launch_template.t.id
  }
}"#,
        r#"resource "aws_ec2_instance_metadata_defaults" "region" {
  http_tokens = "required"
}
resource "aws_instance" "a" {
  ami = "ami-1"
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
    fn fix_adds_a_metadata_options_block() {
        insta::assert_snapshot!(fixed(FAIL[0], CODE));
    }

    #[test]
    fn fix_completes_an_existing_block() {
        insta::assert_snapshot!(fixed(FAIL[1], CODE));
    }

    #[test]
    fn message_says_the_ami_may_already_require_tokens() {
        let findings = findings_of(FAIL[0], CODE);
        assert!(findings[0].message.contains("Amazon Linux 2023"));
        assert_eq!(findings[0].severity, crate::Severity::Low);
    }
}
