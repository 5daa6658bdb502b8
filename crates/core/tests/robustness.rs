//! Bad input of any kind gives a located error or a plain answer: never a panic, a hang or
//! a lost file. Each case runs on a thread with a small stack (the browser's Wasm stack is
//! about 1 MB) so that unbounded recursion would show here.

use tfgrade_core::{InputFile, Limits, Options, grade};

fn grade_small_stack(files: Vec<InputFile>) -> tfgrade_core::Report {
    std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || grade(files, &Options::default()).report())
        .expect("spawn")
        .join()
        .expect("grading panicked")
}

#[test]
fn deeply_nested_expressions_are_a_located_error() {
    let tf = format!(
        "locals {{\n  x = {}1{}\n}}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let report = grade_small_stack(vec![InputFile::new("deep.tf", tf)]);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].file, "deep.tf");
    assert_eq!(report.errors[0].location.line, 2);
}

#[test]
fn nesting_within_the_parser_limit_evaluates_on_a_small_stack() {
    // 60 levels in each of 60 locals that refer to each other.
    let mut tf = String::from("locals {\n");
    for i in 0..60 {
        let inner = if i == 59 {
            "\"0.0.0.0/0\"".to_owned()
        } else {
            format!("local.l{}", i + 1)
        };
        tf.push_str(&format!(
            "  l{i} = {}{inner}{}\n",
            "[".repeat(30),
            "]".repeat(30)
        ));
    }
    tf.push_str("}\nresource \"aws_security_group\" \"a\" {\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = \"tcp\"\n    cidr_blocks = local.l0\n  }\n}\n");
    let report = grade_small_stack(vec![InputFile::new("chain.tf", tf)]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

#[test]
fn long_reference_chains_and_cycles_end() {
    let mut tf = String::from("locals {\n");
    for i in 0..2000 {
        tf.push_str(&format!("  l{i} = local.l{}\n", i + 1));
    }
    tf.push_str("  l2000 = local.l0\n  self_ref = local.self_ref\n}\n");
    tf.push_str("resource \"aws_security_group\" \"a\" {\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = \"tcp\"\n    cidr_blocks = [local.l0, local.self_ref]\n  }\n}\n");
    let report = grade_small_stack(vec![InputFile::new("cycle.tf", tf)]);
    assert!(report.errors.is_empty());
    // Both values are unknown, and said to be.
    assert_eq!(report.summary.unknowns, 2, "{:#?}", report.findings);
}

#[test]
fn huge_expansions_are_bounded() {
    let tf = r#"
locals {
  many  = range(100000000)
  rules = { for i in range(1000000) : tostring(i) => i }
}
resource "aws_security_group_rule" "r" {
  count             = 1000000000
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
  security_group_id = "sg-1"
}
"#;
    let report = grade_small_stack(vec![InputFile::new("big.tf", tf)]);
    assert!(report.errors.is_empty());
}

#[test]
fn binary_broken_and_empty_files_are_errors_and_the_rest_is_graded() {
    let open = "resource \"aws_security_group\" \"a\" {\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";
    let report = grade_small_stack(vec![
        InputFile::new("a.tf", vec![0x7f, b'E', b'L', b'F', 0, 0, 1]),
        InputFile::new("b.tf", b"resource \"x\" {\n  a = \xff\n}\n".to_vec()),
        InputFile::new("c.tf", "resource \"x\" \"y\" {\n  a = \n}\n"),
        InputFile::new("d.tf", ""),
        InputFile::new("e.tf", open),
        InputFile::new("lib/MODEL_RESPONSE.md", "```hcl\nresource {{{\n```\n"),
    ]);
    let files: Vec<&str> = report.errors.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(files, ["a.tf", "b.tf", "c.tf", "lib/MODEL_RESPONSE.md"]);
    assert_eq!(report.errors[1].location.line, 2);
    assert_eq!(report.errors[2].location.line, 2);
    // The markdown error points into the markdown file, at the code's line.
    assert_eq!(report.errors[3].location.line, 2);
    // Only the good file has findings: its open SSH (and its local state). The bundle's
    // missing documents are reported on its first file, which is no parse result.
    assert!(
        report
            .findings
            .iter()
            .filter(|f| f.family.as_str() != "documentation")
            .all(|f| f.file == "e.tf")
    );
    assert!(report.findings.iter().any(|f| f.code == "TFG201"));
}

#[test]
fn input_over_the_limit_is_refused_with_a_clear_error() {
    let options = Options {
        limits: Limits {
            max_input_bytes: 1000,
        },
        ..Options::default()
    };
    let report = grade(vec![InputFile::new("big.tf", "#".repeat(2000))], &options).report();
    assert_eq!(report.errors.len(), 1);
    assert!(
        report.errors[0].message.contains("limit"),
        "{}",
        report.errors[0].message
    );
}

#[test]
fn random_bytes_never_panic() {
    // A small deterministic generator: the same cases on every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b"resource variable locals \"{}[]()=.,:?!<>*#/\\\n ${}%{}0123456789abc_-";
    for _ in 0..300 {
        let len = (next() % 400) as usize;
        let text: Vec<u8> = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        grade_small_stack(vec![InputFile::new("fuzz.tf", text)]);
    }
}

#[test]
fn a_repeated_object_key_is_a_located_error_that_says_terraform_accepts_it() {
    let tf = "locals {\n  tags = {\n    Name = \"a\"\n    Name = \"b\"\n  }\n}\nresource \"aws_security_group\" \"a\" {}\n";
    let report = grade_small_stack(vec![
        InputFile::new("repeated.tf", tf),
        InputFile::new("other.tf", "resource \"aws_vpc\" \"v\" {}\n"),
    ]);
    assert_eq!(report.errors.len(), 1);
    let error = &report.errors[0];
    assert_eq!(
        (error.file.as_str(), error.location.line),
        ("repeated.tf", 4)
    );
    assert!(
        error.message.contains("Terraform accepts a repeated key"),
        "{}",
        error.message
    );
    // The other file is still graded.
    assert!(report.findings.iter().any(|f| f.file == "other.tf"));
}

#[test]
fn a_name_terraform_refuses_is_a_located_error_and_the_rest_is_graded() {
    let tf = r#"resource "aws_security_group" "web server" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;
    let report = grade_small_stack(vec![InputFile::new("main.tf", tf)]);
    assert_eq!(report.errors.len(), 1, "{:#?}", report.errors);
    let error = &report.errors[0];
    assert!(
        error
            .message
            .starts_with("invalid resource name \"web server\""),
        "{}",
        error.message
    );
    assert_eq!((error.location.line, error.location.column), (1, 31));
    assert!(report.findings.iter().any(|f| f.code == "TFG201"));
}

#[test]
fn a_response_with_a_nul_byte_is_one_error_and_not_graded_in_part() {
    let mut md = b"# Answer\n\n```hcl\nresource \"aws_security_group\" \"a\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n```\n\n```hcl\nprovider \"aws\" {".to_vec();
    md.push(0);
    md.extend_from_slice(b"\n}\n```\n");
    let report = grade_small_stack(vec![InputFile::new("MODEL_RESPONSE.md", md)]);
    assert_eq!(report.errors.len(), 1, "{:#?}", report.errors);
    assert!(report.errors[0].message.starts_with("binary file"));
    assert_eq!(report.errors[0].location.line, 15);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

#[test]
fn bad_json_configuration_is_located_and_the_rest_is_graded() {
    let deep = format!(
        "{{\"locals\": {{\"x\": {}1{}}}}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let templates = format!("{{\"locals\": {{\"x\": \"{}\"}}}}", "${\\\"".repeat(5000));
    let report = grade_small_stack(vec![
        InputFile::new("deep.tf.json", deep),
        InputFile::new("shape.tf.json", "{\n  \"resource\": 3\n}\n"),
        InputFile::new("broken.tf.json", "{\"variable\": {\"a\": }"),
        InputFile::new("templates.tf.json", templates),
        InputFile::new("list.tfvars.json", "[1, 2]"),
        InputFile::new(
            "main.tf",
            "resource \"aws_security_group\" \"a\" {\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n",
        ),
    ]);
    let located: Vec<(&str, usize)> = report
        .errors
        .iter()
        .map(|e| (e.file.as_str(), e.location.line))
        .collect();
    assert_eq!(
        located,
        [
            ("deep.tf.json", 1),
            ("shape.tf.json", 2),
            ("broken.tf.json", 1),
            ("templates.tf.json", 1),
            ("list.tfvars.json", 1),
        ],
        "{:?}",
        report.errors
    );
    assert!(report.errors[0].message.contains("nested deeper"));
    assert!(report.findings.iter().any(|f| f.code == "TFG201"));
}

#[test]
fn a_syntax_error_inside_a_character_is_located_at_its_start() {
    let report = grade_small_stack(vec![InputFile::new("main.tf", "resource é")]);
    assert_eq!(report.errors.len(), 1, "{:#?}", report.errors);
    let error = &report.errors[0];
    assert_eq!((error.location.start, error.location.column), (9, 10));
}
