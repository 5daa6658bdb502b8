//! TFG301 `bundle-without-tests`: a task bundle whose Terraform no test exercises.

use crate::check::{BundleContext, Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};

use super::first_line;

pub static CHECK: Check = Check {
    code: "TFG301",
    name: "bundle-without-tests",
    family: Family::Tests,
    // As serious as a placeholder test: nothing shows the configuration works.
    severity: Severity::High,
    category: Category::A,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Reports a task bundle whose Terraform has no test: no test file (`*.test.ts`, `test_*.py`, `*_test.go`, `*.tftest.hcl`), or test files that define no test case.",
        why: "A bundle is graded on whether its infrastructure is shown to work. Without unit tests of the configuration and integration tests of the deployed stack, nothing backs the claim that the code does what the prompt asked.",
        example: "# lib/main.tf, and no test/ folder\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket_prefix = \"logs-\"\n}\n",
        use_instead: "// test/terraform.int.test.ts\nimport { S3Client, GetBucketEncryptionCommand } from '@aws-sdk/client-s3';\n\ntest('bucket is KMS-encrypted', async () => {\n  const res = await new S3Client({}).send(new GetBucketEncryptionCommand({ Bucket: outputs.bucket }));\n  expect(res.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('aws:kms');\n});\n",
        fix: "None: write unit tests of the configuration and integration tests that call the deployed resources through the AWS SDK.",
        limitations: "Test files that appear only as code blocks of a response (MODEL_RESPONSE.md) do not count: the bundle must carry them as files. Whether the tests pass, or test the right things, is not judged here.",
    },
    run: Run::Bundle(run),
};

fn run(ctx: &BundleContext<'_, '_>, out: &mut Vec<Finding>) {
    let files: Vec<_> = ctx.tests.iter().filter(|f| !f.from_response).collect();
    if files.iter().any(|f| !f.source.cases.is_empty()) {
        return;
    }
    // A test file without cases is the evidence; else the first resource of the bundle.
    let (unit, message) = match files.first() {
        Some(file) => (
            file.unit,
            format!(
                "`{}` defines no test case, and no other test file does",
                file.unit.name
            ),
        ),
        None => {
            // The first resource of the bundle's Terraform: what no test exercises.
            let Some(resource) = crate::analysis::coverage::bundle_resources(ctx.configs).next()
            else {
                return;
            };
            let unit = ctx.submission.unit(resource.unit);
            let range = crate::edit::header_range(resource.block);
            push(
                out,
                unit,
                range,
                "the bundle has no test file: nothing exercises its Terraform".to_owned(),
            );
            return;
        }
    };
    let range = first_line(&unit.text);
    push(out, unit, range, message);
}

fn push(
    out: &mut Vec<Finding>,
    unit: &crate::submission::Unit,
    range: std::ops::Range<usize>,
    message: String,
) {
    out.push(CHECK.finding(unit.id, range, message));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{BUCKET_TF, findings};
    use super::*;

    #[test]
    fn fires_on_a_bundle_without_tests_and_on_test_files_without_cases() {
        assert_eq!(
            findings(&[("lib/main.tf", CHECK.docs.example)]),
            [("TFG301", "lib/main.tf".to_owned(), 2)]
        );
        assert_eq!(
            findings(&[
                ("lib/main.tf", BUCKET_TF),
                ("test/a.unit.test.ts", "import x from 'y';\n")
            ]),
            [("TFG301", "test/a.unit.test.ts".to_owned(), 1)]
        );
    }

    #[test]
    fn silent_with_a_test_and_outside_bundles() {
        let found = findings(&[
            ("lib/main.tf", BUCKET_TF),
            ("test/terraform.int.test.ts", CHECK.docs.use_instead),
        ]);
        assert!(!found.iter().any(|f| f.0 == "TFG301"), "{found:?}");
        // A lone Terraform file is not a bundle.
        assert!(findings(&[("main.tf", BUCKET_TF)]).is_empty());
    }
}
