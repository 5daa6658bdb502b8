//! Tests (RUBRIC.md 3.3, category A): a task bundle without tests, placeholder tests,
//! integration tests that never reach a deployed resource, and the coverage map of the
//! AWS service families its Terraform creates.
//!
//! Test sources are read with a tokenizer that knows comments, strings, template literals
//! and regular expressions ([`tokenize`]), then by a light structural reader per language
//! ([`reader`]): Jest/Vitest/Mocha in TypeScript or JavaScript, pytest and unittest, Go
//! (`testing` with testify or terratest), and native `.tftest.hcl` (read with hcl-edit).
//! The final test files of the bundle are judged whole; test files a model response shows
//! (fenced blocks named after a test file) are judged for placeholders only, so that a
//! pair can say whether the ideal fixed them.

pub mod coverage;
pub mod integration_tests_offline;
pub mod no_tests;
pub mod placeholder_test;
pub mod reader;
pub mod service_not_covered;
pub mod services;
pub mod tokenize;

use std::ops::Range;

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

/// The byte range of the first line of a text (without its line break).
fn first_line(text: &str) -> Range<usize> {
    0..text.find('\n').map_or(text.len(), |i| {
        if text[..i].ends_with('\r') { i - 1 } else { i }
    })
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::rules::testing::grade_files;
    use crate::{Severity, source::LineIndex};

    /// `(code, file, line)` of the tests family's counted findings of a bundle.
    pub fn findings(files: &[(&str, &str)]) -> Vec<(&'static str, String, usize)> {
        let graded = grade_files(files);
        graded
            .findings
            .iter()
            .filter(|f| f.code.starts_with("TFG3") && f.severity != Severity::Info)
            .map(|f| {
                let unit = graded.submission.unit(f.unit);
                let file = graded.submission.file(unit.file);
                let at = unit.to_file_offset(f.range.start);
                let line = LineIndex::new(&file.text).position(&file.text, at).line;
                (f.code, file.path.clone(), line)
            })
            .collect()
    }

    /// A small bundle's Terraform: one bucket.
    pub const BUCKET_TF: &str =
        "resource \"aws_s3_bucket\" \"logs\" {\n  bucket_prefix = \"logs-\"\n}\n";
}
