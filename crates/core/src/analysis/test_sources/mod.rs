//! Test sources of a submission, read: a tokenizer that knows comments, strings, template
//! literals and regular expressions ([`tokenize`]), then a light structural reader per
//! language ([`reader`]): Jest/Vitest/Mocha in TypeScript or JavaScript, pytest and
//! unittest, Go (`testing` with testify or terratest), and native `.tftest.hcl` (read with
//! hcl-edit).

pub mod reader;
pub mod tokenize;

use crate::submission::{Role, Submission, Syntax, Unit};
use reader::Source;
use tokenize::Language;

/// A test source of the submission, read.
pub struct TestFile<'a> {
    pub unit: &'a Unit,
    pub language: Language,
    /// Shown in a model response rather than a file of the bundle.
    pub from_response: bool,
    pub source: Source,
}

impl TestFile<'_> {
    /// Whether the file has test cases and every one is a placeholder.
    pub fn placeholders_only(&self) -> bool {
        !self.source.cases.is_empty() && !self.source.has_real_tests()
    }

    /// Whether the file is an integration test: its name or folder says `int` or
    /// `integration` (`terraform.int.test.ts`, `test_integration.py`,
    /// `integration/stack_test.go`).
    pub fn is_integration(&self) -> bool {
        self.unit
            .name
            .to_ascii_lowercase()
            .split(['/', '.', '_', '-'])
            .any(|word| word == "int" || word.starts_with("integration"))
    }
}

/// Every test source: the bundle's test files, then the test files shown in responses.
pub fn test_files(submission: &Submission) -> Vec<TestFile<'_>> {
    submission
        .units
        .iter()
        .filter(|u| u.syntax == Syntax::Text)
        .filter_map(|unit| {
            let role = submission.file(unit.file).role;
            let from_response = match role {
                Role::Test => false,
                Role::Response => true,
                _ => return None,
            };
            let language = Language::of(&unit.name)?;
            Some(TestFile {
                unit,
                language,
                from_response,
                source: reader::read(&unit.text, language),
            })
        })
        .collect()
}
