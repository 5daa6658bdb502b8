use super::*;
use crate::report::{FindingReport, Report};
use crate::{InputFile, Options, grade};

fn hcl(json: &str) -> String {
    let t = translate(json, FileKind::Configuration);
    assert!(t.errors.is_empty(), "{:?}", t.errors);
    hcl_edit::parser::parse_body(&t.text).unwrap_or_else(|e| panic!("{e}\n{}", t.text));
    t.text
}

fn report(files: &[(&str, &str)]) -> Report {
    grade(
        files
            .iter()
            .map(|(path, text)| InputFile::new(*path, *text))
            .collect(),
        &Options::default(),
    )
    .report()
}

fn finding<'r>(report: &'r Report, code: &str) -> &'r FindingReport {
    report
        .findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", report.findings))
}

const SG: &str = r#"{
  "resource": {
    "aws_security_group": {
      "bastion": {
        "name_prefix": "bastion-",
        "tags": {"Name": "bastion"},
        "ingress": [
          {
            "from_port": 22,
            "to_port": 22,
            "protocol": "tcp",
            "cidr_blocks": ["${var.ssh_cidr}"]
          }
        ]
      }
    }
  },
  "variable": {
    "ssh_cidr": {"type": "string", "default": "0.0.0.0/0"}
  }
}
"#;

#[test]
fn blocks_attributes_and_templates_become_hcl() {
    assert_eq!(
        hcl(SG),
        r#"resource "aws_security_group" "bastion" {
  name_prefix = "bastion-"
  tags = { "Name" = "bastion" }
  ingress {
    from_port = 22
    to_port = 22
    protocol = "tcp"
    cidr_blocks = [var.ssh_cidr]
  }
}
variable "ssh_cidr" {
  type = string
  default = "0.0.0.0/0"
}
"#
    );
}

#[test]
fn a_finding_in_json_points_at_the_json_bytes() {
    let report = report(&[("main.tf.json", SG)]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let ssh = finding(&report, "TFG201");
    assert_eq!(ssh.file, "main.tf.json");
    // `"cidr_blocks": ["${var.ssh_cidr}"]`: the value covers the array, brackets included.
    let at = &ssh.location;
    assert_eq!((at.line, at.column), (12, 28));
    assert_eq!((at.end_line, at.end_column), (12, 47));
    assert_eq!(&SG[at.start..at.end], r#"["${var.ssh_cidr}"]"#);
    assert!(
        ssh.trace
            .iter()
            .any(|t| t.contains("default \"0.0.0.0/0\"")),
        "{:?}",
        ssh.trace
    );
    // The tags are an argument, so the resource is tagged; the name has a prefix.
    assert!(report.findings.iter().all(|f| f.code != "TFG690"));
}

#[test]
fn fixes_of_json_are_display_only_and_leave_the_file_alone() {
    let main = "resource \"aws_security_group\" \"web\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [var.ssh_cidr]\n  }\n}\n";
    let vars = r#"{"variable": {"ssh_cidr": {"default": "0.0.0.0/0"}}}"#;
    let files = vec![
        InputFile::new("main.tf", main),
        InputFile::new("variables.tf.json", vars),
    ];
    let graded = grade(files, &Options::default());
    let report = graded.report();
    let ssh = finding(&report, "TFG201");
    assert_eq!(ssh.file, "main.tf");
    let fix = ssh.fix.as_ref().expect("a fix");
    assert_eq!(fix.applicability, crate::Applicability::DisplayOnly);
    assert!(fix.edits.is_empty());
    assert!(
        fix.note
            .as_deref()
            .is_some_and(|n| n.contains("`variables.tf.json` is JSON configuration syntax")),
        "{:?}",
        fix.note
    );
    let outcome = graded.fix(crate::fix::FixSet::All);
    assert!(
        outcome.files.iter().all(|f| f.path != "variables.tf.json"),
        "{:?}",
        outcome.files
    );
    // A finding inside JSON has no applicable fix either.
    let graded = grade(
        vec![InputFile::new("main.tf.json", SG)],
        &Options::default(),
    );
    assert!(graded.fix(crate::fix::FixSet::All).files.is_empty());
}

#[test]
fn a_variable_default_is_literal_and_a_type_is_an_expression() {
    let text = hcl(
        r#"{"variable": {"x": {"type": "map(string)", "default": {"a": "${not.a.template}", "b": [1, null, true]}}}}"#,
    );
    assert!(text.contains("type = map(string)"), "{text}");
    assert!(
        text.contains(r#"default = { "a" = "$${not.a.template}", "b" = [1, null, true] }"#),
        "{text}"
    );
}

#[test]
fn templates_keep_their_interpolations_and_escapes() {
    let text = hcl(
        r#"{"locals": {"name": "web-${var.env}", "quoted": "say \"hi\"\n", "lookup": "${lookup(var.m, \"k\", \"d\")}", "literal": "$${x}", "mixed": "a ${jsonencode({\"b\" = \"}\"})} c"}}"#,
    );
    assert!(text.contains(r#"name = "web-${var.env}""#), "{text}");
    assert!(text.contains(r#"quoted = "say \"hi\"\n""#), "{text}");
    assert!(
        text.contains(r#"lookup = lookup(var.m, "k", "d")"#),
        "{text}"
    );
    assert!(text.contains(r#"literal = "$${x}""#), "{text}");
    assert!(
        text.contains(r#"mixed = "a ${jsonencode({"b" = "}"})} c""#),
        "{text}"
    );
}

#[test]
fn meta_arguments_and_meta_blocks() {
    let text = hcl(r#"{
  "resource": {"aws_instance": {"a": [{
    "count": 2,
    "provider": "aws.west",
    "depends_on": ["aws_iam_role.r"],
    "lifecycle": {"ignore_changes": ["tags"], "create_before_destroy": true},
    "metadata_options": {"http_tokens": "optional"},
    "root_block_device": {"tags": {"Backup": "yes"}},
    "dynamic": {"ebs_block_device": {"for_each": "${var.disks}", "iterator": "disk", "content": {"device_name": "${disk.value}"}}},
    "provisioner": {"local-exec": {"command": "echo hi"}},
    "//": "a comment"
  }]}},
  "terraform": {"backend": {"s3": {"bucket": "b", "use_lockfile": true}}, "required_providers": {"aws": {"source": "hashicorp/aws"}}},
  "provider": {"aws": [{"region": "us-east-1", "default_tags": {"tags": {"Team": "x"}}}, {"alias": "west", "region": "us-west-2"}]},
  "output": {"id": {"value": "${aws_instance.a[0].id}", "sensitive": false}},
  "module": {"m": {"source": "./m", "providers": {"aws": "aws.west"}, "settings": {"a": 1}}}
}"#);
    for expected in [
        "  count = 2\n",
        "  provider = aws.west\n",
        "  depends_on = [aws_iam_role.r]\n",
        "  lifecycle {\n    ignore_changes = [tags]\n",
        "  metadata_options {\n    http_tokens = \"optional\"\n  }\n",
        "  root_block_device {\n    tags = { \"Backup\" = \"yes\" }\n",
        "  dynamic \"ebs_block_device\" {\n    for_each = var.disks\n    iterator = disk\n    content {\n      device_name = disk.value\n",
        "  provisioner \"local-exec\" {\n",
        "terraform {\n  backend \"s3\" {\n    bucket = \"b\"\n",
        "  required_providers {\n    aws = { \"source\" = \"hashicorp/aws\" }\n",
        "provider \"aws\" {\n  region = \"us-east-1\"\n  default_tags {\n    tags = { \"Team\" = \"x\" }\n",
        "provider \"aws\" {\n  alias = \"west\"\n",
        "output \"id\" {\n  value = aws_instance.a[0].id\n",
        "  providers = { aws = aws.west }\n",
        "  settings = { \"a\" = 1 }\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    // Comment members are comments, where suppressions are read.
    assert!(text.contains("  # a comment\n"), "{text}");
}

#[test]
fn wrong_shapes_are_located_errors_and_the_rest_is_read() {
    let json = "{\n  \"resource\": 3,\n  \"variable\": {\"v\": {\"type\": \"list(\", \"default\": 1}},\n  \"bogus\": {},\n  \"locals\": {\"a\": \"${\"}\n}\n";
    let t = translate(json, FileKind::Configuration);
    let messages: Vec<&str> = t.errors.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(t.errors.len(), 4, "{messages:?}");
    assert!(messages[0].contains("not a number"), "{messages:?}");
    assert_eq!(&json[t.errors[0].0.clone()], "3");
    assert_eq!(&json[t.errors[1].0.clone()], "\"list(\"");
    assert!(messages[2].contains("`bogus` is not a block type"));
    assert!(messages[3].contains("not closed"));
    // The variable is kept without its type; the local as literal text.
    assert_eq!(
        t.text,
        "variable \"v\" {\n  default = 1\n}\nlocals {\n  a = \"$${\"\n}\n"
    );
    let report = report(&[("main.tf.json", json)]);
    let error = &report.errors[0];
    assert_eq!(error.file, "main.tf.json");
    assert_eq!((error.location.line, error.location.column), (2, 15));
}

#[test]
fn invalid_json_is_one_located_error() {
    let json = "{\n  \"variable\": {\n    \"a\": {\"default\": tru}\n  }\n}\n";
    let report = report(&[("lib/main.tf.json", json), ("lib/other.tf", "locals {}\n")]);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let error = &report.errors[0];
    assert!(
        error.message.starts_with("JSON syntax error"),
        "{}",
        error.message
    );
    assert_eq!((error.location.line, error.location.column), (3, 22));
}

#[test]
fn json_variable_files_load_like_tfvars() {
    let main = "resource \"aws_security_group\" \"web\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [var.ssh_cidr]\n  }\n}\nvariable \"ssh_cidr\" {\n  default = \"10.0.0.0/8\"\n}\n";
    let open = r#"{"ssh_cidr": "0.0.0.0/0"}"#;
    let with = |name: &str| report(&[("main.tf", main), (name, open)]);
    for loaded in ["terraform.tfvars.json", "prod.auto.tfvars.json"] {
        let report = with(loaded);
        let ssh = finding(&report, "TFG201");
        assert!(
            ssh.trace.iter().any(|t| t.contains(loaded)),
            "{loaded}: {:?}",
            ssh.trace
        );
    }
    let report = with("prod.tfvars.json");
    assert!(report.findings.iter().all(|f| f.code != "TFG201"));
    // A template in a variables file is literal text.
    let t = translate(r#"{"a": "${b}", "//": "note"}"#, FileKind::Variables);
    assert_eq!(t.text, "a = \"$${b}\"\n");
}

#[test]
fn escaped_strings_map_each_character_back() {
    let json = r#"{"locals": {"k": "a\u00e9${var.x}"}}"#;
    let t = translate(json, FileKind::Configuration);
    let unit_at = t.text.find("var.x").expect("kept");
    let file_at = crate::submission::Unit {
        id: crate::submission::UnitId(0),
        file: crate::submission::FileId(0),
        name: String::new(),
        is_virtual: false,
        syntax: crate::submission::Syntax::Json,
        text: t.text.clone(),
        segments: t.segments.clone(),
        config: 0,
    }
    .to_file_offset(unit_at);
    assert_eq!(&json[file_at..file_at + 5], "var.x");
}

#[test]
fn deep_or_odd_input_never_breaks_the_translation() {
    for json in [
        format!(
            "{{\"locals\": {{\"a\": {}1{}}}}}",
            "[".repeat(70),
            "]".repeat(70)
        ),
        format!("{{\"locals\": {{\"a\": \"{}\"}}}}", "${\\\"".repeat(200)),
        "[]".to_owned(),
        "{\"resource\": {\"aws_s3_bucket\": {\"b\": {\"tags\": {\"a b\": 1, \"a b\": 2}}}}}"
            .to_owned(),
        "{\"resource\": {\"aws_s3_bucket\": {\"bad name\": {}}}}".to_owned(),
    ] {
        let t = translate(&json, FileKind::Configuration);
        assert!(
            hcl_edit::parser::parse_body(&t.text).is_ok(),
            "{json}\n{}",
            t.text
        );
    }
}

#[test]
fn a_json_block_of_a_response_points_into_the_markdown() {
    let md = "# Answer\n\n## lib/main.tf.json\n\n```json\n{\"resource\": {\"aws_security_group\": {\"a\": {\n  \"ingress\": {\"from_port\": 22, \"to_port\": 22, \"protocol\": \"tcp\", \"cidr_blocks\": [\"0.0.0.0/0\"]}\n}}}}\n```\n\n```json\n{\"not\": \"terraform\"}\n```\n";
    let report = report(&[("MODEL_RESPONSE.md", md)]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let ssh = finding(&report, "TFG201");
    assert_eq!(ssh.file, "MODEL_RESPONSE.md");
    assert_eq!(ssh.virtual_file.as_deref(), Some("lib/main.tf.json"));
    // The open CIDR itself, inside the array.
    assert_eq!((ssh.location.line, ssh.location.column), (7, 82));
    assert_eq!(&md[ssh.location.start..ssh.location.end], "\"0.0.0.0/0\"");
}

#[test]
fn comment_members_carry_suppressions() {
    let json = r#"{
  "resource": {
    "aws_security_group": {
      "bastion": {
        "//": "tfgrade:ignore TFG690 tagged by the account's tag policy",
        "name_prefix": "bastion-",
        "ingress": [
          {
            "from_port": 22,
            "to_port": 22,
            "protocol": "tcp",
            "//": "tfgrade:ignore TFG201 the office VPN ends here",
            "cidr_blocks": ["0.0.0.0/0"]
          }
        ]
      }
    }
  }
}"#;
    let text = hcl(json);
    assert!(
        text.contains("resource \"aws_security_group\" \"bastion\" { # tfgrade:ignore TFG690"),
        "{text}"
    );
    let report = report(&[("main.tf.json", json)]);
    let ssh = finding(&report, "TFG201");
    assert_eq!(
        ssh.suppressed.as_deref(),
        Some("the office VPN ends here"),
        "{ssh:#?}"
    );
    assert_eq!(ssh.location.line, 13);
    let tags = finding(&report, "TFG690");
    assert_eq!(
        tags.suppressed.as_deref(),
        Some("tagged by the account's tag policy")
    );
}
