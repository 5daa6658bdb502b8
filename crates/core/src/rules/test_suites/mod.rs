//! Tests (RUBRIC.md 3.3, category A): a task bundle without tests, placeholder tests,
//! integration tests that never reach a deployed resource, and the coverage map of the
//! AWS service families its Terraform creates.
//!
//! Test sources are read with a tokenizer that knows comments, strings, template literals
//! and regular expressions, then by a light structural reader per language
//! ([`crate::analysis::test_sources`]): Jest/Vitest/Mocha in TypeScript or JavaScript, pytest and unittest, Go
//! (`testing` with testify or terratest), and native `.tftest.hcl` (read with hcl-edit).
//! The final test files of the bundle are judged whole; test files a model response shows
//! (fenced blocks named after a test file) are judged for placeholders only, so that a
//! pair can say whether the ideal fixed them.

pub mod bundle_without_tests;
pub mod integration_tests_offline;
pub mod placeholder_test;
pub mod service_not_covered;

use std::ops::Range;

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
