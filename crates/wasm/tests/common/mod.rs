//! The checks both suites run, once under Node.js and once in headless Chrome: the
//! JavaScript API as a page or a script sees it (plain objects, thrown `TypeError`s), and
//! the Rust API the page links.

use js_sys::{Array, Object, Reflect};
use tfgrade_wasm::{JsWorkspace, Workspace, WorkspaceOptions};
use wasm_bindgen::{JsCast, JsValue};

/// An open-SSH security group. Line 8 holds an astral-plane emoji (two UTF-16 code
/// units, one character) before the open CIDR, so its UTF-16 column is one more than its
/// character column.
pub const OPEN_SSH: &str = r#"# Bastion access 🔐
resource "aws_security_group" "bastion" {
  description = "SSH for operators 🛠"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    /* 🌍 */ cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;

/// The same group restricted to a narrow office network: no finding.
pub const NARROW_SSH: &str = r#"resource "aws_security_group" "bastion" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["203.0.113.0/24"]
  }
}
"#;

/// A model's markdown answer: fenced HCL under a file heading.
pub const MARKDOWN: &str = r#"# Bastion

Here is the configuration.

## lib/main.tf

```hcl
variable "allowed_ssh_cidr" {
  type    = string
  default = "0.0.0.0/0"
}

resource "aws_security_group" "bastion" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.allowed_ssh_cidr]
  }
}
```
"#;

pub const BROKEN: &str = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \n}\n";

pub fn workspace() -> JsWorkspace {
    JsWorkspace::new(JsValue::UNDEFINED).expect("default options are valid")
}

/// `value.a.b.c`, panicking with the path when a step is missing.
pub fn at(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        let next = if let Ok(index) = key.parse::<u32>() {
            Reflect::get_u32(&v, index)
        } else {
            Reflect::get(&v, &JsValue::from_str(key))
        };
        next.unwrap_or_else(|_| panic!("no `{path}` in {v:?}"))
    })
}

pub fn text(value: &JsValue, path: &str) -> String {
    at(value, path)
        .as_string()
        .unwrap_or_else(|| panic!("`{path}` is not a string in {value:?}"))
}

pub fn number(value: &JsValue, path: &str) -> usize {
    at(value, path)
        .as_f64()
        .unwrap_or_else(|| panic!("`{path}` is not a number in {value:?}")) as usize
}

pub fn array(value: &JsValue, path: &str) -> Vec<JsValue> {
    let v = at(value, path);
    assert!(Array::is_array(&v), "`{path}` is not an array: {v:?}");
    v.unchecked_into::<Array>().iter().collect()
}

pub fn findings_with_code(report: &JsValue, code: &str) -> Vec<JsValue> {
    array(report, "findings")
        .into_iter()
        .filter(|f| text(f, "code") == code)
        .collect()
}

pub fn files(list: &[(&str, &str)]) -> JsValue {
    let array = Array::new();
    for (path, content) in list {
        let file = Object::new();
        Reflect::set(&file, &"path".into(), &(*path).into()).expect("set path");
        Reflect::set(&file, &"text".into(), &(*content).into()).expect("set text");
        array.push(&file);
    }
    array.into()
}

pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &(*key).into(), value).expect("set");
    }
    object.into()
}

/// The text between two UTF-16 columns (1-based, end exclusive) of a 1-based line:
/// how a browser editor would cut the span.
pub fn utf16_slice(source: &str, line: usize, start: usize, end: usize) -> String {
    let line: Vec<u16> = source
        .lines()
        .nth(line - 1)
        .expect("line exists")
        .encode_utf16()
        .collect();
    String::from_utf16(&line[start - 1..end - 1]).expect("span on character boundaries")
}

/// A thrown value's class and message.
pub fn thrown(result: Result<JsValue, JsValue>) -> (String, String) {
    let error = result.expect_err("misuse must throw");
    let error: js_sys::Error = error.dyn_into().expect("an Error object is thrown");
    (
        error.name().as_string().unwrap_or_default(),
        error.message().as_string().unwrap_or_default(),
    )
}

/// Field names declared for `interface name` in tfgrade.d.ts, with those of the
/// interfaces it extends.
pub fn declared_fields(name: &str) -> Vec<String> {
    const TYPES: &str = include_str!("../../tfgrade.d.ts");
    let head = format!("export interface {name} ");
    let start = TYPES
        .find(&head)
        .unwrap_or_else(|| panic!("tfgrade.d.ts declares no `{name}`"));
    let rest = &TYPES[start + head.len()..];
    let (extends, body) = rest.split_once('{').expect("interface body");
    let body = &body[..body.find("\n}").expect("interface end")];
    let mut fields: Vec<String> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("/*") && !l.starts_with('*'))
        .filter_map(|l| l.split_once(':'))
        .map(|(field, _)| field.trim_end_matches('?').to_owned())
        .filter(|f| f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !f.is_empty())
        .collect();
    if let Some(parent) = extends.trim().strip_prefix("extends ") {
        fields.extend(declared_fields(parent.trim()));
    }
    fields.sort();
    fields
}

pub fn keys(value: &JsValue) -> Vec<String> {
    let mut keys: Vec<String> = Object::keys(value.unchecked_ref::<Object>())
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    keys.sort();
    keys
}

pub fn open_ssh_is_located_in_utf16_columns() {
    let report = workspace()
        .check(OPEN_SSH.into(), JsValue::UNDEFINED)
        .expect("check");
    let found = findings_with_code(&report, "TFG201");
    assert_eq!(found.len(), 1, "one open-SSH finding: {report:?}");
    let f = &found[0];
    assert_eq!(text(f, "file"), "main.tf", "raw HCL is named main.tf");
    assert_eq!(text(f, "severity"), "critical");
    assert_eq!(text(f, "resource"), "aws_security_group.bastion");
    assert_eq!(number(f, "line"), 8);
    let column = number(f, "column");
    let column16 = number(f, "column_utf16");
    assert_eq!(column16, column + 1, "the emoji counts twice in UTF-16");
    let span = utf16_slice(
        OPEN_SSH,
        number(f, "line"),
        column16,
        number(f, "end_column_utf16"),
    );
    assert!(
        span.contains("0.0.0.0/0"),
        "the span shows the open CIDR: {span:?}"
    );
    // Byte offsets cut the same span out of the text.
    assert_eq!(&OPEN_SSH[number(f, "start")..number(f, "end")], span);
}

pub fn narrow_cidr_is_not_reported() {
    let report = workspace()
        .check(NARROW_SSH.into(), JsValue::UNDEFINED)
        .expect("check");
    let exposures: Vec<JsValue> = array(&report, "findings")
        .into_iter()
        .filter(|f| text(f, "family") == "network-exposure")
        .collect();
    assert!(exposures.is_empty(), "{report:?}");
    assert_eq!(number(&report, "summary.by_severity.critical"), 0);
    assert_eq!(number(&report, "summary.errors"), 0);
}

pub fn markdown_is_graded_through_its_code_blocks() {
    let report = workspace()
        .check(MARKDOWN.into(), JsValue::UNDEFINED)
        .expect("check");
    let found = findings_with_code(&report, "TFG201");
    assert_eq!(found.len(), 1, "{report:?}");
    let f = &found[0];
    assert_eq!(
        text(f, "file"),
        "response.md",
        "markdown is named response.md"
    );
    assert_eq!(text(f, "virtual_file"), "lib/main.tf");
    // Lines point into the markdown the user gave: the open value is used on line 18.
    assert_eq!(number(f, "line"), 18);
    let span = utf16_slice(
        MARKDOWN,
        18,
        number(f, "column_utf16"),
        number(f, "end_column_utf16"),
    );
    assert!(span.contains("var.allowed_ssh_cidr"), "{span:?}");
    let trace = array(f, "trace");
    assert!(
        trace.iter().any(|t| t
            .as_string()
            .unwrap_or_default()
            .contains("var.allowed_ssh_cidr")),
        "the trace names the variable: {trace:?}"
    );
    // A given name wins over the guess.
    let named = workspace()
        .check(MARKDOWN.into(), "lib/MODEL_RESPONSE.md".into())
        .expect("check");
    assert_eq!(text(&named, "findings.0.file"), "lib/MODEL_RESPONSE.md");
}

/// A bundle whose ideal closes the model's open SSH rule: rated, the pair and rating
/// shaped as declared, and a draft review; a loose file has neither.
pub fn a_bundle_is_rated_and_reviewed() {
    let ideal = "resource \"aws_security_group\" \"web\" {\n  name_prefix = \"web-\"\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"10.0.0.0/8\"]\n  }\n}\n";
    let bundle = files(&[
        (
            "lib/PROMPT.md",
            "Create a security group for SSH from the office network.",
        ),
        ("lib/MODEL_RESPONSE.md", MARKDOWN),
        ("lib/main.tf", ideal),
        (
            "metadata.json",
            "{\"platform\": \"tf\", \"language\": \"hcl\", \"training_quality\": 7}",
        ),
    ]);
    let ws = workspace();
    let report = ws.check_files(bundle.clone()).expect("checkFiles");
    let rating = at(&report, "rating");
    assert_eq!(keys(&rating), declared_fields("Rating"), "{rating:?}");
    assert_eq!(keys(&at(&report, "pair")), declared_fields("PairReport"));
    assert_eq!(keys(&at(&rating, "steps.0")), declared_fields("Step"));
    let fixed: Vec<JsValue> = array(&report, "pair.findings")
        .into_iter()
        .filter(|f| text(f, "code") == "TFG201")
        .collect();
    assert_eq!(text(&fixed[0], "status"), "fixed", "{report:?}");
    assert!(
        array(&rating, "fixes")
            .iter()
            .any(|f| text(f, "source.kind") == "check" && text(f, "source.code") == "TFG201"),
        "{rating:?}"
    );
    assert_eq!(number(&rating, "reviewer.score"), 7);
    let draft = ws.review_files(bundle).expect("reviewFiles");
    let draft = draft.as_string().expect("a draft for a bundle");
    assert!(draft.starts_with("# Model Failures Analysis"), "{draft}");
    assert!(draft.contains("SSH open to world"), "{draft}");
    let loose = ws
        .review_files(files(&[("main.tf", OPEN_SSH)]))
        .expect("reviewFiles");
    assert!(loose.is_null());
    // One response alone: no rating from checkFiles, an estimate from estimateFiles.
    let plain = ws
        .check_files(files(&[("main.tf", OPEN_SSH)]))
        .expect("checkFiles");
    assert!(at(&plain, "rating").is_null());
    let estimate = ws
        .estimate_files(files(&[("main.tf", OPEN_SSH)]))
        .expect("estimateFiles");
    assert_eq!(at(&estimate, "rating.estimate").as_bool(), Some(true));
    assert_eq!(text(&estimate, "findings.0.file"), "main.tf");
}

pub fn syntax_error_is_located_and_other_files_still_graded() {
    let report = workspace()
        .check_files(files(&[
            ("lib/broken.tf", BROKEN),
            ("lib/network.tf", OPEN_SSH),
        ]))
        .expect("checkFiles");
    let errors = array(&report, "errors");
    assert_eq!(errors.len(), 1, "{report:?}");
    assert_eq!(text(&errors[0], "file"), "lib/broken.tf");
    assert!(text(&errors[0], "message").contains("syntax error"));
    assert!(
        (2..=3).contains(&number(&errors[0], "line")),
        "the error is at the missing value: {:?}",
        errors[0]
    );
    let found = findings_with_code(&report, "TFG201");
    assert_eq!(found.len(), 1, "the other file is still graded: {report:?}");
    assert_eq!(text(&found[0], "file"), "lib/network.tf");
    assert_eq!(number(&report, "summary.errors"), 1);
    assert_eq!(number(&report, "summary.files"), 2);
}

pub fn bytes_are_read_like_text() {
    let file = Object::new();
    Reflect::set(&file, &"path".into(), &"main.tf".into()).expect("set");
    let bom_and_text = [&[0xEF, 0xBB, 0xBF][..], OPEN_SSH.as_bytes()].concat();
    let bytes = js_sys::Uint8Array::from(bom_and_text.as_slice());
    Reflect::set(&file, &"bytes".into(), &bytes).expect("set");
    let list = Array::of1(&file);
    let report = workspace().check_files(list.into()).expect("checkFiles");
    let found = findings_with_code(&report, "TFG201");
    assert_eq!(found.len(), 1, "{report:?}");
    assert_eq!(number(&found[0], "line"), 8);
}

pub fn fix_returns_the_new_variable() {
    let ws = workspace();
    let all = ws
        .fix(OPEN_SSH.into(), object(&[("unsafe", true.into())]))
        .expect("fix");
    let changed = array(&all, "files");
    assert_eq!(changed.len(), 1, "{all:?}");
    assert_eq!(text(&changed[0], "path"), "main.tf");
    assert_eq!(text(&changed[0], "original"), OPEN_SSH);
    let fixed = text(&changed[0], "fixed");
    assert!(fixed.contains("variable \"allowed_ssh_cidr\""), "{fixed}");
    assert!(fixed.contains("var.allowed_ssh_cidr"), "{fixed}");
    assert!(!fixed.contains("\"0.0.0.0/0\"]"), "{fixed}");
    assert!(
        array(&all, "applied")
            .iter()
            .any(|c| c.as_string().as_deref() == Some("TFG201")),
        "{all:?}"
    );
    // Grading the fixed text again no longer reports the exposure; at most an info note
    // says why the new variable is not one.
    let again = ws.check(fixed.into(), JsValue::UNDEFINED).expect("check");
    for f in findings_with_code(&again, "TFG201") {
        assert_eq!(text(&f, "severity"), "info", "{again:?}");
    }
    assert_eq!(
        number(&again, "summary.by_severity.critical"),
        0,
        "{again:?}"
    );
    assert_eq!(number(&again, "summary.errors"), 0, "{again:?}");

    // The fix adds a required variable: unsafe, so safe mode leaves the exposure alone.
    let safe = ws.fix(OPEN_SSH.into(), JsValue::UNDEFINED).expect("fix");
    for file in array(&safe, "files") {
        assert!(text(&file, "fixed").contains("[\"0.0.0.0/0\"]"), "{safe:?}");
    }
    assert!(
        !array(&safe, "applied")
            .iter()
            .any(|c| c.as_string().as_deref() == Some("TFG201")),
        "{safe:?}"
    );

    // Files are fixed by path.
    let by_path = ws
        .fix(
            files(&[("lib/network.tf", OPEN_SSH)]),
            object(&[("unsafe", true.into())]),
        )
        .expect("fix");
    assert_eq!(text(&by_path, "files.0.path"), "lib/network.tf");
}

pub fn rules_list_the_checks_with_docs() {
    let ws = workspace();
    let rules = ws.rules().expect("rules");
    assert!(Array::is_array(&rules), "{rules:?}");
    let list: Vec<JsValue> = rules.unchecked_ref::<Array>().iter().collect();
    let ssh = list
        .iter()
        .find(|r| text(r, "code") == "TFG201")
        .expect("TFG201 is listed");
    // Bundle checks are listed with configuration checks, in code order.
    let codes: Vec<String> = list.iter().map(|r| text(r, "code")).collect();
    assert!(codes.iter().any(|c| c == "TFG301") && codes.iter().any(|c| c == "TFG505"));
    assert!(codes.windows(2).all(|w| w[0] < w[1]), "{codes:?}");
    assert_eq!(text(ssh, "name"), "ssh-open-to-world");
    assert_eq!(text(ssh, "family"), "network-exposure");
    assert!(text(ssh, "docs.what").contains("SSH"));
    assert!(text(ssh, "docs.example").contains("0.0.0.0/0"));
    assert!(!text(ssh, "docs.use_instead").is_empty());
    assert!(
        Reflect::get(ssh, &"run".into())
            .expect("get")
            .is_undefined()
    );

    let by_name = ws.rule("ssh-open-to-world".into()).expect("rule");
    assert_eq!(text(&by_name, "code"), "TFG201");
    assert_eq!(
        text(&ws.rule("tfg201".into()).expect("rule"), "name"),
        "ssh-open-to-world"
    );
    assert!(ws.rule("TFG999".into()).expect("rule").is_undefined());
    assert_eq!(ws.version(), env!("CARGO_PKG_VERSION"));
}

/// The validity checks run once the provider schema is loaded, in every workspace; a text
/// that is not a schema throws an Error naming its line.
pub fn validity_checks_run_once_the_schema_is_loaded() {
    let invented = "resource \"aws_s3_buckets\" \"logs\" {\n  bucket = \"logs\"\n}\n";
    let (name, message) = thrown(tfgrade_wasm::load_schema_js(
        "P aws\nR x\n  deep o s\n".into(),
    ));
    assert_eq!(name, "Error");
    assert!(message.contains("schema line 3"), "{message}");
    let ws = workspace();
    if ws.schema_version().is_none() {
        assert!(
            findings_with_code(
                &ws.check(invented.into(), JsValue::UNDEFINED)
                    .expect("check"),
                "TFG703"
            )
            .is_empty()
        );
        let info = tfgrade_wasm::load_schema_js(
            include_str!("../../../core/src/facts/aws_schema.txt").into(),
        )
        .expect("the schema loads");
        assert!(number(&info, "resourceTypes") > 1000, "{info:?}");
        assert_eq!(text(&info, "version"), "5.100.0");
    }
    assert_eq!(ws.schema_version().as_deref(), Some("5.100.0"));
    let report = ws
        .check(invented.into(), JsValue::UNDEFINED)
        .expect("check");
    let found = findings_with_code(&report, "TFG703");
    assert_eq!(found.len(), 1, "{report:?}");
    assert!(text(&found[0], "message").contains("aws_s3_bucket"));
    assert_eq!(text(&report, "tool.provider_schema"), "5.100.0");
}

pub fn results_are_plain_objects_shaped_as_declared() {
    let report = workspace()
        .check(MARKDOWN.into(), JsValue::UNDEFINED)
        .expect("check");
    let by_severity = at(&report, "summary.by_severity");
    assert!(
        !by_severity.is_instance_of::<js_sys::Map>(),
        "maps are objects"
    );
    assert_eq!(number(&by_severity, "critical"), 1);
    assert_eq!(keys(&report), declared_fields("Report"));
    assert_eq!(keys(&at(&report, "summary")), declared_fields("Summary"));
    let finding = findings_with_code(&report, "TFG201").remove(0);
    assert_eq!(keys(&finding), declared_fields("Finding"));
    assert!(at(&finding, "suppressed").is_null(), "None is null");
    assert_eq!(keys(&at(&report, "files.0")), declared_fields("FileReport"));
    assert_eq!(
        keys(&at(&report, "configurations.0")),
        declared_fields("ConfigReport")
    );
    let fix = at(&finding, "fix");
    assert_eq!(keys(&fix), declared_fields("Fix"));
    assert_eq!(keys(&at(&fix, "edits.0")), declared_fields("Edit"));
    let broken = workspace()
        .check(BROKEN.into(), JsValue::UNDEFINED)
        .expect("check");
    assert_eq!(
        keys(&at(&broken, "errors.0")),
        declared_fields("InputError")
    );
    let fixed = workspace()
        .fix(OPEN_SSH.into(), object(&[("unsafe", true.into())]))
        .expect("fix");
    assert_eq!(keys(&fixed), declared_fields("FixResult"));
    assert_eq!(keys(&at(&fixed, "files.0")), declared_fields("FixedFile"));
    let rules = workspace().rules().expect("rules");
    assert_eq!(keys(&at(&rules, "0")), declared_fields("Check"));
    assert_eq!(keys(&at(&rules, "0.docs")), declared_fields("CheckDocs"));
}

pub fn oversized_input_is_an_error_in_the_report() {
    let small = JsWorkspace::new(object(&[("maxInputBytes", 64.into())])).expect("options");
    let report = small
        .check(OPEN_SSH.into(), JsValue::UNDEFINED)
        .expect("check");
    let errors = array(&report, "errors");
    assert_eq!(errors.len(), 1, "{report:?}");
    assert!(text(&errors[0], "message").contains("larger than the limit"));
    assert!(array(&report, "findings").is_empty());
}

pub fn select_and_ignore_choose_the_checks() {
    let only_ssh = JsWorkspace::new(object(&[(
        "select",
        Array::of1(&"ssh-open-to-world".into()).into(),
    )]))
    .expect("options");
    let report = only_ssh
        .check(MARKDOWN.into(), JsValue::UNDEFINED)
        .expect("check");
    let codes: Vec<String> = array(&report, "findings")
        .iter()
        .map(|f| text(f, "code"))
        .collect();
    assert_eq!(codes, ["TFG201"], "{report:?}");

    let without_exposure = JsWorkspace::new(object(&[(
        "ignore",
        Array::of1(&"network-exposure".into()).into(),
    )]))
    .expect("options");
    let report = without_exposure
        .check(MARKDOWN.into(), JsValue::UNDEFINED)
        .expect("check");
    assert!(
        findings_with_code(&report, "TFG201").is_empty(),
        "{report:?}"
    );

    let (_, message) =
        thrown(JsWorkspace::new(object(&[("select", "TFG201".into())])).map(JsValue::from));
    assert!(
        message.contains("`options.select` must be an array of strings, got string"),
        "{message}"
    );
}

pub fn misuse_throws_a_type_error_naming_the_argument() {
    let ws = workspace();
    let (name, message) = thrown(ws.check(42.into(), JsValue::UNDEFINED));
    assert_eq!(name, "TypeError");
    assert_eq!(
        message,
        "Workspace.check: `text` must be a string, got number"
    );

    let (_, message) = thrown(ws.check("x".into(), true.into()));
    assert!(
        message.contains("`name` must be a string, got boolean"),
        "{message}"
    );

    let (_, message) = thrown(ws.check_files("main.tf".into()));
    assert!(message.contains("`files` must be an array"), "{message}");

    let bad = Array::of1(&object(&[("path", 3.into()), ("text", "".into())]));
    let (_, message) = thrown(ws.check_files(bad.into()));
    assert!(
        message.contains("`files[0].path` must be a string, got number"),
        "{message}"
    );

    let missing = Array::of1(&object(&[("path", "a.tf".into())]));
    let (_, message) = thrown(ws.check_files(missing.into()));
    assert!(message.contains("exactly one of `text`"), "{message}");

    let (_, message) = thrown(ws.fix(JsValue::NULL, JsValue::UNDEFINED));
    assert!(
        message.contains("`input` must be a string or an array of files, got null"),
        "{message}"
    );

    let (_, message) = thrown(ws.fix("x".into(), object(&[("unsafe", "yes".into())])));
    assert!(
        message.contains("`options.unsafe` must be a boolean, got string"),
        "{message}"
    );

    let (_, message) = thrown(ws.rule(JsValue::UNDEFINED));
    assert!(
        message.contains("`code` must be a string, got undefined"),
        "{message}"
    );

    let (_, message) =
        thrown(JsWorkspace::new(object(&[("maxInputByte", 10.into())])).map(JsValue::from));
    assert!(
        message.contains("unknown option `maxInputByte`"),
        "{message}"
    );

    let (_, message) =
        thrown(JsWorkspace::new(object(&[("maxInputBytes", (-1).into())])).map(JsValue::from));
    assert!(message.contains("positive whole number"), "{message}");

    // A throw leaves the workspace usable.
    let report = ws
        .check(OPEN_SSH.into(), JsValue::UNDEFINED)
        .expect("check");
    assert_eq!(findings_with_code(&report, "TFG201").len(), 1);
}

pub fn rust_api_returns_typed_values() {
    let ws = Workspace::new(WorkspaceOptions::default());
    let report = ws.check(OPEN_SSH, None);
    let f = report
        .findings
        .iter()
        .find(|f| f.code == "TFG201")
        .expect("TFG201");
    assert_eq!(f.location.line, 8);
    assert_eq!(f.location.column_utf16, f.location.column + 1);
    let outcome = ws.fix(OPEN_SSH, None, tfgrade_wasm::FixSet::All);
    assert!(
        outcome.files[0]
            .fixed
            .contains("variable \"allowed_ssh_cidr\"")
    );
    assert!(Workspace::rules().iter().any(|c| c.code == "TFG201"));
    assert_eq!(tfgrade_wasm::default_name(MARKDOWN), "response.md");
    assert_eq!(tfgrade_wasm::default_name(OPEN_SSH), "main.tf");
}

/// Defines one `#[wasm_bindgen_test]` per shared check in the suite that expands it.
#[macro_export]
macro_rules! shared_tests {
    () => {
        shared_tests!(
            open_ssh_is_located_in_utf16_columns,
            narrow_cidr_is_not_reported,
            markdown_is_graded_through_its_code_blocks,
            syntax_error_is_located_and_other_files_still_graded,
            bytes_are_read_like_text,
            fix_returns_the_new_variable,
            rules_list_the_checks_with_docs,
            results_are_plain_objects_shaped_as_declared,
            oversized_input_is_an_error_in_the_report,
            select_and_ignore_choose_the_checks,
            misuse_throws_a_type_error_naming_the_argument,
            rust_api_returns_typed_values,
            a_bundle_is_rated_and_reviewed,
            validity_checks_run_once_the_schema_is_loaded,
        );
    };
    ($($name:ident),* $(,)?) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            fn $name() {
                common::$name();
            }
        )*
    };
}
