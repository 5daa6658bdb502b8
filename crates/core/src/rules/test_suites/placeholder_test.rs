//! TFG302 `placeholder-test`: a test that cannot fail, or cannot pass, whatever was
//! deployed: constant assertions, todo and skipped tests, empty bodies.

use crate::check::{BundleContext, Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};

use crate::analysis::test_sources::reader::{Case, State};

pub static CHECK: Check = Check {
    code: "TFG302",
    name: "placeholder-test",
    family: Family::Tests,
    severity: Severity::High,
    category: Category::A,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Reports placeholder tests: a test whose only assertions compare constants (`expect(false).toBe(true)`, `expect(true).toBe(true)`, `assert True`, `assert.True(t, true)`, a local string compared with a literal), a `test.todo`, a skipped test or suite (`it.skip`, `xit`, `describe.skip`, `@pytest.mark.skip`, `t.Skip()`), and a test with an empty body (or one holding only a comment or `pass`). Test files shown in a model response are read too.",
        why: "A placeholder passes or fails whatever was deployed, so the bundle's tests prove nothing; the template's `'Dont forget!'` test, left in, fails every run. Reviewers count real tests as an architecture-level fix.",
        example: "// test/terraform.int.test.ts\ndescribe('Turn Around Prompt API Integration Tests', () => {\n  test('Dont forget!', async () => {\n    expect(false).toBe(true);\n  });\n});\n",
        use_instead: "// test/terraform.int.test.ts\nimport { S3Client, GetBucketVersioningCommand } from '@aws-sdk/client-s3';\n\ntest('bucket keeps versions', async () => {\n  const res = await new S3Client({}).send(new GetBucketVersioningCommand({ Bucket: outputs.bucket }));\n  expect(res.Status).toBe('Enabled');\n});\n",
        fix: "None: replace the placeholder with assertions on the configuration or on the deployed resources.",
        limitations: "Placeholders are recognised by their form: a test that asserts on a real value, even the wrong one, is not reported.",
    },
    run: Run::Bundle(run),
};

fn run(ctx: &BundleContext<'_, '_>, out: &mut Vec<Finding>) {
    for file in ctx.tests {
        let source = &file.source;
        let mut push = |range: std::ops::Range<usize>, title: &str, message: String| {
            out.push(
                CHECK
                    .finding(file.unit.id, range, message)
                    .with_resource(title.to_owned()),
            );
        };
        // A skipped suite is one placeholder; its tests are not reported one by one.
        for suite in source.suites.iter().filter(|s| s.skipped) {
            let inside_skipped = source.suites.iter().any(|outer| {
                outer.skipped
                    && outer.body.start <= suite.head.start
                    && suite.head.start < outer.body.end
            });
            if !inside_skipped {
                push(
                    suite.head.clone(),
                    &suite.title,
                    format!("suite `{}` is skipped: none of its tests runs", suite.title),
                );
            }
        }
        // A suite of todo entries only is one placeholder, reported at its first entry.
        let mut todo_suites_reported = Vec::new();
        for case in source
            .cases
            .iter()
            .filter(|c| !source.in_skipped_suite(c.head.start))
        {
            match case.state {
                State::Todo => {
                    let siblings: Vec<&Case> = source
                        .cases
                        .iter()
                        .filter(|c| c.suite == case.suite)
                        .collect();
                    let all_todo =
                        case.suite.is_some() && siblings.iter().all(|c| c.state == State::Todo);
                    if all_todo {
                        if todo_suites_reported.contains(&case.suite) {
                            continue;
                        }
                        todo_suites_reported.push(case.suite);
                        let suite = case.suite.and_then(|i| source.suites.get(i));
                        let title = suite.map_or(case.title.as_str(), |s| s.title.as_str());
                        push(
                            case.head.clone(),
                            title,
                            format!(
                                "suite `{title}` holds only `todo` entries ({}): no test is written",
                                siblings.len()
                            ),
                        );
                    } else {
                        push(
                            case.head.clone(),
                            &case.title,
                            format!("test `{}` is a `todo`: it has no body", case.title),
                        );
                    }
                }
                State::Skipped => push(
                    case.skip_call.clone().unwrap_or_else(|| case.head.clone()),
                    &case.title,
                    format!("test `{}` is skipped: it never runs", case.title),
                ),
                State::Active if case.empty => push(
                    case.head.clone(),
                    &case.title,
                    format!(
                        "test `{}` has an empty body: it asserts nothing",
                        case.title
                    ),
                ),
                State::Active => {
                    if case.only_constant_assertions() {
                        let first = &case.assertions[0];
                        let shown = file.unit.text.get(first.range.clone()).unwrap_or("");
                        let shown = shown.lines().next().unwrap_or(shown);
                        push(
                            first.range.clone(),
                            &case.title,
                            format!(
                                "test `{}` only compares constants (`{shown}`): it passes or fails whatever was deployed",
                                case.title
                            ),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{BUCKET_TF, findings};
    use super::*;

    fn lines(test: &str) -> Vec<usize> {
        findings(&[
            ("lib/main.tf", BUCKET_TF),
            ("test/terraform.unit.test.ts", test),
        ])
        .into_iter()
        .filter(|f| f.0 == "TFG302")
        .map(|f| f.2)
        .collect()
    }

    #[test]
    fn docs_example_fires_and_advice_is_silent() {
        assert_eq!(lines(CHECK.docs.example), [4]);
        assert!(lines(CHECK.docs.use_instead).is_empty());
    }

    const FAIL: &[(&str, &[usize])] = &[
        ("test('a', () => {\n  expect(true).toBe(true);\n});\n", &[2]),
        (
            "it('a', () => {\n  expect(1).toEqual(1);\n  expect('x').not.toBe('');\n});\n",
            &[2],
        ),
        (
            "test('a', () => {\n  const plan = 'S3Client';\n  expect(plan).toContain('S3');\n});\n",
            &[3],
        ),
        (
            "test.todo('a');\ntest('b', () => { expect(f()).toBe(1); });\n",
            &[1],
        ),
        (
            "describe('s', () => {\n  test.todo('a');\n  test.todo('b');\n});\n",
            &[2],
        ),
        ("xit('a', () => { expect(f()).toBe(1); });\n", &[1]),
        (
            "describe.skip('s', () => {\n  it('a', () => { expect(f()).toBe(1); });\n});\n",
            &[1],
        ),
        (
            "test('a', () => {});\ntest('b', () => {\n  // later\n});\n",
            &[1, 2],
        ),
    ];

    const PASS: &[&str] = &[
        "test('a', () => {\n  expect(main).toMatch(/aws_s3_bucket/);\n});\n",
        "test('a', async () => {\n  const res = await s3.send(cmd);\n  expect(res.Status).toBe('Enabled');\n});\n",
        "test('a', () => {\n  // expect(true).toBe(true)\n  expect(names.length).toBe(4);\n});\n",
        "const re = /test('x', () => {})/;\nit('a', () => { expect(re.test(main)).toBe(true); });\n",
        "test.each(['a', 'b'])('%s', (k) => { expect(outputs[k]).toBeDefined(); });\n",
    ];

    #[test]
    fn fail_and_pass() {
        for (src, expected) in FAIL {
            assert_eq!(lines(src), *expected, "{src}");
        }
        for src in PASS {
            assert!(lines(src).is_empty(), "{src}");
        }
    }

    #[test]
    fn python_go_and_terraform_test_placeholders() {
        let py = "def test_a():\n    assert True\n\ndef test_b(tf):\n    assert 'aws_s3_bucket' in tf\n\n@pytest.mark.skip\ndef test_c():\n    assert f()\n\ndef test_d():\n    pass\n";
        let go = "package t\nfunc TestA(t *testing.T) {\n\tassert.True(t, true)\n}\nfunc TestB(t *testing.T) {\n\tif f() { t.Error(\"x\") }\n}\n";
        let hcl = "run \"a\" {\n  assert {\n    condition     = true\n    error_message = \"x\"\n  }\n}\n";
        let found = findings(&[
            ("lib/main.tf", BUCKET_TF),
            ("tests/test_stack.py", py),
            ("test/stack_test.go", go),
            ("tests/main.tftest.hcl", hcl),
        ]);
        let got: Vec<(String, usize)> = found
            .into_iter()
            .filter(|f| f.0 == "TFG302")
            .map(|f| (f.1, f.2))
            .collect();
        assert_eq!(
            got,
            [
                ("tests/test_stack.py".to_owned(), 2),
                ("tests/test_stack.py".to_owned(), 8),
                ("tests/test_stack.py".to_owned(), 11),
                ("test/stack_test.go".to_owned(), 3),
                ("tests/main.tftest.hcl".to_owned(), 3),
            ]
        );
    }

    #[test]
    fn test_files_in_a_model_response_are_read() {
        let response = "## Tests\n\n```typescript\n// test/terraform.int.test.ts\ntest('Dont forget!', async () => {\n  expect(false).toBe(true);\n});\n```\n";
        let found = findings(&[
            ("lib/main.tf", BUCKET_TF),
            ("lib/MODEL_RESPONSE.md", response),
        ]);
        assert!(
            found.contains(&("TFG302", "lib/MODEL_RESPONSE.md".to_owned(), 6)),
            "{found:?}"
        );
    }
}
