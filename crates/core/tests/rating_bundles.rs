//! The rating on the task bundles of the corpus (RUBRIC.md 4): the seed scenario rates 10
//! where its review says 8, with SSH kept, and the blocker bundle is blocked.

mod common;

use tfgrade_core::finding::Category;
use tfgrade_core::rating::pair::PairStatus;
use tfgrade_core::rating::{FixSource, StepKind};
use tfgrade_core::report::Report;
use tfgrade_core::submission::InputFile;
use tfgrade_core::{Options, grade};

fn report(name: &str) -> Report {
    let bundle = common::bundles()
        .into_iter()
        .find(|b| b.name == name)
        .unwrap_or_else(|| panic!("no bundle {name}"));
    grade(bundle.files, &Options::default()).report()
}

#[test]
fn the_seed_scenario_rates_ten_with_ssh_kept_and_explains_the_reviews_eight() {
    let report = report("seed-scenario");
    let rating = report
        .rating
        .as_ref()
        .expect("a bundle with a pair is rated");
    assert_eq!(rating.score, 10, "{:#?}", rating.steps);
    assert!(rating.pass);
    let pair = report.pair.as_ref().expect("a pair");
    // SSH through the variable default is kept, not fixed.
    let ssh: Vec<_> = pair
        .findings
        .iter()
        .filter(|f| f.code == "TFG201")
        .collect();
    assert!(!ssh.is_empty());
    assert!(ssh.iter().all(|f| f.status == PairStatus::Kept), "{ssh:#?}");
    assert!(!rating.fixes.iter().any(|f| f.source
        == FixSource::Check {
            code: "TFG201".to_owned()
        }));
    // State locking (A), real tests (A) and unique names (B) are fixes.
    let codes: Vec<String> = rating
        .fixes
        .iter()
        .filter_map(|f| match &f.source {
            FixSource::Check { code } => Some(format!("{}:{}", f.category.as_str(), code)),
            _ => None,
        })
        .collect();
    for wanted in ["A:TFG101", "B:TFG401", "A:TFG302"] {
        assert!(codes.contains(&wanted.to_owned()), "{codes:?}");
    }
    let fixes = rating
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Fixes)
        .unwrap();
    assert_eq!(fixes.points, 2);
    let reviewer = rating
        .reviewer
        .as_ref()
        .expect("metadata has training_quality");
    assert_eq!(reviewer.score, 8.0);
    assert_eq!(reviewer.difference, -2.0);
    assert!(
        reviewer.explanation.contains("start at 8"),
        "{}",
        reviewer.explanation
    );
}

#[test]
fn a_bundle_missing_the_requested_services_is_blocked() {
    let report = report("missing-services-blocker");
    let rating = report.rating.as_ref().expect("rated");
    assert_eq!(
        rating.steps[0].kind,
        StepKind::Blocker,
        "{:#?}",
        rating.steps
    );
    assert!(rating.score <= 5);
    assert!(!rating.pass);
    assert!(rating.to_pass[0].contains("remove the blocker"));
}

#[test]
fn a_bundle_without_a_model_response_has_no_pair_and_no_rating() {
    let mut bundle = common::bundles()
        .into_iter()
        .find(|b| b.name == "good-rds-multiaz")
        .unwrap();
    let with = grade(bundle.files.clone(), &Options::default()).report();
    assert!(with.pair.is_some() && with.rating.is_some());
    bundle
        .files
        .retain(|f| !f.path.ends_with("MODEL_RESPONSE.md"));
    let without = grade(bundle.files, &Options::default()).report();
    assert!(without.pair.is_none());
    assert!(without.rating.is_none());
}

fn bundle(files: &[(&str, &str)]) -> Report {
    let files = files
        .iter()
        .map(|(path, text)| InputFile::new(*path, *text))
        .collect();
    grade(files, &Options::default()).report()
}

fn check_fixes(report: &Report) -> Vec<String> {
    report
        .rating
        .as_ref()
        .expect("rated")
        .fixes
        .iter()
        .filter_map(|f| match &f.source {
            FixSource::Check { code } => Some(code.clone()),
            _ => None,
        })
        .collect()
}

const BUCKET: &str = "resource \"aws_s3_bucket\" \"data\" {\n  bucket_prefix = \"data-\"\n}\n";

fn response(code: &str) -> String {
    format!("Here is the code.\n\n```hcl\n{code}```\n")
}

#[test]
fn local_state_replaced_by_the_templates_empty_backend_is_no_fix() {
    let ideal = format!("terraform {{\n  backend \"s3\" {{}}\n}}\n{BUCKET}");
    let report = bundle(&[
        ("lib/PROMPT.md", "Create an S3 bucket for data."),
        ("lib/MODEL_RESPONSE.md", &response(BUCKET)),
        ("lib/main.tf", &ideal),
    ]);
    let pair = report.pair.as_ref().expect("a pair");
    assert!(
        pair.findings
            .iter()
            .any(|f| f.code == "TFG103" && f.status == PairStatus::Fixed),
        "{pair:#?}"
    );
    assert!(!check_fixes(&report).contains(&"TFG103".to_owned()));
    // With a real, locked backend it is a fix.
    let locked = format!(
        "terraform {{\n  backend \"s3\" {{\n    bucket       = \"state\"\n    key          = \"app.tfstate\"\n    region       = \"us-east-1\"\n    use_lockfile = true\n  }}\n}}\n{BUCKET}"
    );
    let report = bundle(&[
        ("lib/PROMPT.md", "Create an S3 bucket for data."),
        ("lib/MODEL_RESPONSE.md", &response(BUCKET)),
        ("lib/main.tf", &locked),
    ]);
    assert!(
        check_fixes(&report).contains(&"TFG103".to_owned()),
        "{:#?}",
        report.rating
    );
}

#[test]
fn the_ideals_modules_are_in_its_inventory() {
    let lib = format!("{BUCKET}module \"worker\" {{\n  source = \"./modules/worker\"\n}}\n");
    let module = "resource \"aws_sqs_queue\" \"jobs\" {\n  name_prefix = \"jobs-\"\n}\n";
    let prompt = "Create an S3 bucket for uploads and an SQS queue for the jobs.";
    let with_module = bundle(&[
        ("lib/PROMPT.md", prompt),
        ("lib/MODEL_RESPONSE.md", &response(BUCKET)),
        ("lib/main.tf", &lib),
        ("lib/modules/worker/main.tf", module),
    ]);
    let rating = with_module.rating.as_ref().unwrap();
    assert!(
        !rating.steps.iter().any(|s| s.kind == StepKind::Blocker),
        "{:#?}",
        rating.steps
    );
    // The queue the module adds is the architecture fix.
    assert!(
        rating.fixes.iter().any(
            |f| matches!(&f.source, FixSource::Architecture { service } if service.contains("sqs"))
        ),
        "{:#?}",
        rating.fixes
    );
}

#[test]
fn what_the_ideal_introduces_is_a_warning_that_does_not_change_the_score() {
    let model = "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"fixed-data\"\n}\n";
    let open = "resource \"aws_security_group\" \"admin\" {\n  name_prefix = \"admin-\"\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";
    let prompt = "Create an S3 bucket for data.";
    let clean = bundle(&[
        ("lib/PROMPT.md", prompt),
        ("lib/MODEL_RESPONSE.md", &response(model)),
        ("lib/main.tf", BUCKET),
    ]);
    let regressed = bundle(&[
        ("lib/PROMPT.md", prompt),
        ("lib/MODEL_RESPONSE.md", &response(model)),
        ("lib/main.tf", &format!("{BUCKET}{open}")),
    ]);
    let (clean, regressed) = (clean.rating.unwrap(), regressed.rating.unwrap());
    assert!(
        !clean
            .regressions
            .iter()
            .any(|r| r.text.starts_with("TFG201"))
    );
    assert!(
        regressed
            .regressions
            .iter()
            .any(|r| r.text.starts_with("TFG201")),
        "{:#?}",
        regressed.regressions
    );
    // The security group adds a service (vpc), which the complexity step may count; the
    // regression itself takes nothing off.
    assert!(regressed.score >= clean.score);
}

#[test]
fn tests_are_a_fix_where_the_prompt_asks_for_them_and_the_model_gave_none() {
    let model = "resource \"aws_s3_bucket\" \"data\" {\n  bucket_prefix = \"data-\"\n}\n";
    let test = "import { S3Client, HeadBucketCommand } from '@aws-sdk/client-s3';\nimport outputs from '../cfn-outputs/flat-outputs.json';\n\ndescribe('bucket', () => {\n  test('exists', async () => {\n    const s3 = new S3Client({});\n    const out = await s3.send(new HeadBucketCommand({ Bucket: outputs.bucket_name }));\n    expect(out.$metadata.httpStatusCode).toBe(200);\n  });\n});\n";
    let asks = bundle(&[
        (
            "lib/PROMPT.md",
            "Create an S3 bucket for data, with integration tests.",
        ),
        ("lib/MODEL_RESPONSE.md", &response(model)),
        ("lib/main.tf", BUCKET),
        ("test/terraform.int.test.ts", test),
    ]);
    let silent = bundle(&[
        ("lib/PROMPT.md", "Create an S3 bucket for data."),
        ("lib/MODEL_RESPONSE.md", &response(model)),
        ("lib/main.tf", BUCKET),
        ("test/terraform.int.test.ts", test),
    ]);
    let tests_fix = |r: &Report| {
        r.rating
            .as_ref()
            .unwrap()
            .fixes
            .iter()
            .any(|f| f.category == Category::A && f.title.contains("tests"))
    };
    assert!(tests_fix(&asks), "{:#?}", asks.rating);
    assert!(!tests_fix(&silent), "{:#?}", silent.rating);
}

#[test]
fn one_response_alone_is_rated_as_an_estimate_from_its_fixes() {
    let open = "resource \"aws_security_group\" \"admin\" {\n  name_prefix = \"admin-\"\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";
    let graded =
        tfgrade_core::grade_estimate(vec![InputFile::new("main.tf", open)], &Options::default());
    let report = graded.report();
    let rating = report.rating.as_ref().expect("an estimate is rated");
    assert!(rating.estimate);
    let pair = report.pair.as_ref().unwrap();
    assert_eq!(pair.model, "model");
    assert!(
        pair.findings
            .iter()
            .any(|f| f.code == "TFG201" && f.status == PairStatus::Fixed),
        "{pair:#?}"
    );
    // A plain grade of the same file has no rating.
    let plain = grade(vec![InputFile::new("main.tf", open)], &Options::default()).report();
    assert!(plain.rating.is_none());
}

#[test]
fn storage_encrypted_by_its_own_arguments_is_a_security_practice() {
    let instance = |encrypted: bool| {
        format!(
            "resource \"aws_instance\" \"web\" {{\n  ami           = \"ami-123\"\n  instance_type = \"t3.micro\"\n  root_block_device {{\n    encrypted = {encrypted}\n  }}\n}}\n"
        )
    };
    let model = "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-123\"\n  instance_type = \"t2.micro\"\n}\n";
    let security = |encrypted: bool| {
        let report = bundle(&[
            ("lib/PROMPT.md", "Create an EC2 instance."),
            ("lib/MODEL_RESPONSE.md", &response(model)),
            ("lib/main.tf", &instance(encrypted)),
        ]);
        report
            .rating
            .unwrap()
            .steps
            .iter()
            .any(|s| s.kind == StepKind::Complexity && s.reason.contains("security practices"))
    };
    assert!(security(true));
    assert!(!security(false));
}

#[test]
fn a_requested_service_the_ideal_drops_is_a_regression() {
    let queue = "resource \"aws_sqs_queue\" \"jobs\" {\n  name_prefix = \"jobs-\"\n}\n";
    let report = bundle(&[
        (
            "lib/PROMPT.md",
            "Create an S3 bucket for uploads and an SQS queue for the jobs.",
        ),
        (
            "lib/MODEL_RESPONSE.md",
            &response(&format!("{BUCKET}{queue}")),
        ),
        ("lib/main.tf", BUCKET),
    ]);
    let rating = report.rating.unwrap();
    assert!(
        rating
            .regressions
            .iter()
            .any(|r| r.text.starts_with("the ideal drops sqs") && r.file.ends_with("PROMPT.md")),
        "{:#?}",
        rating.regressions
    );
}

#[test]
fn a_fix_the_review_lists_twice_is_claimed_once() {
    let failures = "# Failures\n\n## Critical Issues\n\n### 1. Dead-letter queue missing\nThe queue had no dead-letter queue.\n\n## Fixes Applied\n\n### 1. Dead-letter queue missing\nAdded a redrive policy.\n";
    let report = bundle(&[
        ("lib/PROMPT.md", "Create an S3 bucket for data."),
        ("lib/MODEL_RESPONSE.md", &response(BUCKET)),
        ("lib/MODEL_FAILURES.md", failures),
        ("lib/main.tf", BUCKET),
    ]);
    let claimed = report
        .rating
        .unwrap()
        .fixes
        .iter()
        .filter(|f| matches!(f.source, FixSource::Claim { .. }))
        .count();
    assert_eq!(claimed, 1, "{:#?}", report.claims);
}

/// Adapting the model's code to the template's files (RUBRIC.md 4.3): the model wrote its
/// own provider block beside the template's and used a region variable and a provider
/// alias that nothing declares; the ideal drops the duplicate and declares both. These
/// are validate-level fixes, category C; alone (two of them), they are the guide's
/// "minimal changes".
#[test]
fn template_adaptations_are_category_c_fixes() {
    let model_provider = "provider \"aws\" {\n  region = var.aws_region\n}\n";
    let template_provider = "provider \"aws\" {\n  region = \"us-east-1\"\n}\n";
    let model = format!(
        "## provider.tf\n```hcl\n{template_provider}```\n\n## main.tf\n```hcl\n{model_provider}resource \"aws_s3_bucket\" \"data\" {{\n  provider      = aws.replica\n  bucket_prefix = \"data-\"\n}}\n```\n"
    );
    let ideal_main = "provider \"aws\" {\n  alias  = \"replica\"\n  region = var.aws_region\n}\nvariable \"aws_region\" {\n  default = \"us-west-2\"\n}\nresource \"aws_s3_bucket\" \"data\" {\n  provider      = aws.replica\n  bucket_prefix = \"data-\"\n}\n";
    let report = bundle(&[
        ("lib/PROMPT.md", "Create an S3 bucket for data."),
        ("lib/MODEL_RESPONSE.md", &model),
        ("lib/provider.tf", template_provider),
        ("lib/main.tf", ideal_main),
    ]);
    let rating = report.rating.as_ref().expect("rated");
    let fixes: Vec<String> = rating
        .fixes
        .iter()
        .filter_map(|f| match &f.source {
            FixSource::Check { code } => Some(format!("{}:{code}", f.category.as_str())),
            _ => None,
        })
        .collect();
    assert!(fixes.contains(&"C:TFG701".to_owned()), "{fixes:?}");
    assert!(fixes.contains(&"C:TFG702".to_owned()), "{fixes:?}");
    assert!(
        rating.fixes.iter().all(|f| f.category == Category::C),
        "{:#?}",
        rating.fixes
    );
    let step = rating
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Fixes)
        .expect("a fixes step");
    assert_eq!(step.points, -4, "two C fixes alone: {step:#?}");
}
