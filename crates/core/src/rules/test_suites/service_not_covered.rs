//! TFG304 `service-not-covered`: an AWS service family the bundle's Terraform creates that
//! no test covers (see [`super::coverage`]).

use crate::check::{BundleContext, Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};

use crate::analysis::coverage::bundle_resources;
use crate::analysis::services::family_of_resource;

pub static CHECK: Check = Check {
    code: "TFG304",
    name: "service-not-covered",
    family: Family::Tests,
    severity: Severity::Low,
    category: Category::B,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Reports each AWS service family the bundle's Terraform creates (`aws_s3_*` is s3, `aws_instance` and `aws_vpc` are ec2, `aws_cloudwatch_log_*` is logs, ...) that no test covers: no running test calls its SDK client or command, a boto3 client or terratest helper of it, or an AWS CLI command of it (`aws iam get-role ...` passed to a call), or asserts on a resource of its types (a type named in a literal, or a member named like one: `counts.emr_cluster`). A service named only in a comment, a string outside an assertion, a test title or a type-only import does not count. Reported at the family's first resource.",
        why: "The coverage map shows which parts of the stack the tests exercise. A service no test touches can be misconfigured or missing without any test failing.",
        example: "# lib/main.tf: an S3 bucket, but the tests only read the outputs file\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket_prefix = \"logs-\"\n}\n",
        use_instead: "// test/terraform.int.test.ts\nimport { S3Client, GetBucketVersioningCommand } from '@aws-sdk/client-s3';\n\ntest('bucket keeps versions', async () => {\n  const res = await new S3Client({}).send(new GetBucketVersioningCommand({ Bucket: outputs.bucket }));\n  expect(res.Status).toBe('Enabled');\n});\n",
        fix: "None: add a test that calls the service's SDK client on the deployed resource, or a unit test asserting on its resources.",
        limitations: "Judged only when the bundle has test cases of its own; a bundle without any is left to `bundle-without-tests`. A test that calls a service covers it, whatever it checks.",
    },
    run: Run::Bundle(run),
};

fn run(ctx: &BundleContext<'_, '_>, out: &mut Vec<Finding>) {
    let has_tests = ctx
        .tests
        .iter()
        .any(|f| !f.from_response && !f.source.cases.is_empty());
    if !has_tests {
        return;
    }
    for row in ctx.coverage.iter().filter(|r| r.covered_by.is_empty()) {
        let Some(first) = bundle_resources(ctx.configs)
            .find(|r| family_of_resource(r.kind).as_deref() == Some(row.family.as_str()))
        else {
            continue;
        };
        let range = crate::edit::header_range(first.block);
        out.push(CHECK.finding(first.unit, range, format!(
                "no test covers the `{}` service ({}): no test calls its SDK or asserts on its resources",
                row.family,
                row.resource_types
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )).with_resource(first.address()));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::findings;
    use super::*;

    const TF: &str = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket_prefix = \"logs-\"\n}\n\nresource \"aws_sqs_queue\" \"q\" {\n  name_prefix = \"q-\"\n}\n";

    fn uncovered(test: &str) -> Vec<usize> {
        findings(&[("lib/main.tf", TF), ("test/terraform.int.test.ts", test)])
            .into_iter()
            .filter(|f| f.0 == "TFG304")
            .map(|f| f.2)
            .collect()
    }

    #[test]
    fn docs_example_fires_and_advice_is_silent() {
        let offline = "test('a', () => { expect(outputs.bucket).toBeDefined(); });\n";
        let found = findings(&[
            ("lib/main.tf", CHECK.docs.example),
            ("test/terraform.int.test.ts", offline),
        ]);
        assert!(
            found.contains(&("TFG304", "lib/main.tf".to_owned(), 2)),
            "{found:?}"
        );
        let found = findings(&[
            ("lib/main.tf", CHECK.docs.example),
            ("test/terraform.int.test.ts", CHECK.docs.use_instead),
        ]);
        assert!(!found.iter().any(|f| f.0 == "TFG304"), "{found:?}");
    }

    #[test]
    fn names_in_comments_strings_titles_and_type_imports_do_not_cover() {
        let tricky = "import type { SQSClient } from '@aws-sdk/client-sqs';\n// new S3Client() with GetBucketEncryptionCommand\nconst plan = 'SQSClient ReceiveMessageCommand aws_sqs_queue';\ntest('S3Client reads aws_s3_bucket', () => { expect(outputs.x).toBeDefined(); });\n";
        assert_eq!(uncovered(tricky), [1, 5]);
    }

    #[test]
    fn sdk_calls_and_assertions_on_resource_types_cover() {
        let sdk = "import { SQSClient } from '@aws-sdk/client-sqs';\ntest('q', async () => { const c = new SQSClient({}); expect(await c.send(x)).toBeDefined(); });\n";
        assert_eq!(uncovered(sdk), [1]);
        let unit = "test('bucket', () => { expect(tf).toMatch(/resource \"aws_s3_bucket\"/); });\n";
        assert_eq!(uncovered(unit), [5]);
    }
}
