//! TFG303 `integration-tests-offline`: integration tests that never reach a deployed
//! resource.

use crate::check::{BundleContext, Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};

use super::first_line;

pub static CHECK: Check = Check {
    code: "TFG303",
    name: "integration-tests-offline",
    family: Family::Tests,
    severity: Severity::High,
    category: Category::A,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Reports an integration test file (its name or folder says `int` or `integration`) that never reaches a deployed resource: it constructs no AWS SDK client or command (`new S3Client(`, `new GetBucketEncryptionCommand(`, `boto3.client(\"s3\")`, an aws-sdk-go service client), calls no terratest `aws.` helper or `terraform.InitAndApply`, runs no AWS CLI command (`aws iam get-role ...` passed to a call), and requests no deployed endpoint (`fetch`, `requests`, `http_helper`). Reading the outputs file alone does not count: it is a file, not the stack. A type-only import of an SDK client constructs nothing.",
        why: "Integration tests exist to show that the deployed stack behaves as the configuration says. Tests that only look at the outputs file or at strings pass whether or not the resources exist or are configured as claimed.",
        example: "// test/terraform.int.test.ts\nimport type { SQSClient } from '@aws-sdk/client-sqs';\nconst outputs = JSON.parse(readFileSync('cfn-outputs/flat-outputs.json', 'utf8'));\n\ntest('queue URL is regional', () => {\n  expect(outputs.queue_url).toContain('sqs.ap-northeast-1.amazonaws.com');\n});\n",
        use_instead: "// test/terraform.int.test.ts\nimport { SQSClient, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';\nconst outputs = JSON.parse(readFileSync('cfn-outputs/flat-outputs.json', 'utf8'));\n\ntest('queue has a dead-letter queue', async () => {\n  const res = await new SQSClient({}).send(new GetQueueAttributesCommand({ QueueUrl: outputs.queue_url, AttributeNames: ['RedrivePolicy'] }));\n  expect(res.Attributes?.RedrivePolicy).toContain('maxReceiveCount');\n});\n",
        fix: "None: call the deployed resources through the AWS SDK with the identifiers from the outputs file.",
        limitations: "Integration test files are recognised by their name only. A file whose every test is already a placeholder is left to `placeholder-test`, and test files shown only in a response are not judged. One call that reaches the stack is enough: what the tests then assert is not judged.",
    },
    run: Run::Bundle(run),
};

fn run(ctx: &BundleContext<'_, '_>, out: &mut Vec<Finding>) {
    for file in ctx.tests {
        if file.from_response || !file.is_integration() {
            continue;
        }
        let source = &file.source;
        let reaches = source
            .evidence
            .iter()
            .any(|e| e.reaches && source.runs_at(e.range.start));
        if reaches {
            continue;
        }
        if !source.has_real_tests() && !source.cases.is_empty() {
            // Every test is a placeholder, reported as such.
            continue;
        }
        let (range, message) = match source.type_only_sdk_imports.first() {
            Some(import) => (
                import.clone(),
                format!(
                    "integration tests in `{}` reach no deployed resource: the AWS SDK is imported for its types only and no client or command is constructed{}",
                    file.unit.name,
                    if source.reads_outputs {
                        "; the outputs file is read, but that is not the stack"
                    } else {
                        ""
                    }
                ),
            ),
            None => (
                first_line(&file.unit.text),
                format!(
                    "integration tests in `{}` reach no deployed resource: no AWS SDK client or command, no terratest helper, no request to an endpoint{}",
                    file.unit.name,
                    if source.reads_outputs {
                        "; the outputs file is read, but that is not the stack"
                    } else {
                        ", and the outputs file is never read"
                    }
                ),
            ),
        };
        out.push(
            CHECK
                .finding(file.unit.id, range, message)
                .with_resource(file.unit.name.clone()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{BUCKET_TF, findings};
    use super::*;

    fn lines(name: &str, test: &str) -> Vec<usize> {
        findings(&[("lib/main.tf", BUCKET_TF), (name, test)])
            .into_iter()
            .filter(|f| f.0 == "TFG303")
            .map(|f| f.2)
            .collect()
    }

    #[test]
    fn docs_example_fires_and_advice_is_silent() {
        assert_eq!(lines("test/terraform.int.test.ts", CHECK.docs.example), [2]);
        assert!(lines("test/terraform.int.test.ts", CHECK.docs.use_instead).is_empty());
    }

    #[test]
    fn fail_and_pass() {
        // No SDK at all: the file's first line.
        let offline =
            "// Integration tests.\ntest('a', () => {\n  expect(outputs.x).toBeDefined();\n});\n";
        assert_eq!(lines("test/terraform.int.test.ts", offline), [1]);
        // The SDK named only in a comment and a string.
        let named = "// new S3Client({})\nconst s = 'new S3Client()';\ntest('a', () => { expect(outputs.x).toMatch(/b/); });\n";
        assert_eq!(lines("test/stack.integration.test.ts", named), [1]);
        // A unit test file is not an integration test.
        assert!(lines("test/terraform.unit.test.ts", offline).is_empty());
        // fetch of a deployed endpoint reaches it.
        let http = "test('a', async () => { const r = await fetch(outputs.url); expect(r.status).toBe(200); });\n";
        assert!(lines("test/terraform.int.test.ts", http).is_empty());
        // Python and Go.
        let py = "import boto3\n\ndef test_a(outputs):\n    sqs = boto3.client(\"sqs\")\n    assert sqs.get_queue_url(QueueName=outputs['q'])\n";
        assert!(lines("tests/test_integration.py", py).is_empty());
        let py_offline = "def test_a(outputs):\n    assert outputs['q'].startswith('https://')\n";
        assert_eq!(lines("tests/test_integration.py", py_offline), [1]);
        let go = "package t\nimport \"github.com/gruntwork-io/terratest/modules/aws\"\nfunc TestA(t *testing.T) {\n\tv := aws.GetS3BucketVersioning(t, r, b)\n\tif v != \"Enabled\" { t.Error(v) }\n}\n";
        assert!(lines("test/integration/stack_test.go", go).is_empty());
    }

    #[test]
    fn a_client_only_in_a_skipped_test_does_not_reach() {
        let src = "import { S3Client } from '@aws-sdk/client-s3';\nit.skip('a', async () => { await new S3Client({}).send(x); });\nit('b', () => { expect(outputs.b).toBeDefined(); });\n";
        assert_eq!(lines("test/terraform.int.test.ts", src), [1]);
    }
}
