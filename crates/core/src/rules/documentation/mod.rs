//! Documentation of a task bundle (RUBRIC.md 3.5, category C): MODEL_FAILURES.md and
//! IDEAL_RESPONSE.md missing, left as template text or too thin to be an analysis, and
//! IDEAL_RESPONSE.md code that differs from the lib/ Terraform it presents.
//!
//! These are bundle checks ([`crate::check::BundleCheck`]): they read the submission's
//! documents, whose findings point into [`Syntax::Text`] units.

pub mod doc_missing;
pub mod doc_placeholder;
pub mod doc_too_thin;
pub mod ideal_differs_from_lib;
pub mod lib_file_not_presented;

use std::ops::Range;

use crate::check::BundleContext;
use crate::submission::{FileId, Submission, Syntax, UnitId};

/// The two documents a bundle must carry, and their template text.
pub const DOCUMENTS: [(&str, &str); 2] = [
    ("MODEL_FAILURES.md", "insert here the model's failures"),
    ("IDEAL_RESPONSE.md", "insert here the ideal response"),
];

/// The text unit of a file, when it has one.
pub fn text_unit(submission: &Submission, file: FileId) -> Option<UnitId> {
    submission
        .units
        .iter()
        .find(|u| u.file == file && u.syntax == Syntax::Text)
        .map(|u| u.id)
}

/// The range of the first non-empty line of a text, without its indentation.
pub fn first_line(text: &str) -> Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let start = offset + (line.len() - line.trim_start().len());
            return start..start + trimmed.len();
        }
        offset += line.len();
    }
    0..0
}

/// Lower-case words joined by single spaces, typographic apostrophes made plain.
pub fn normalized_words(text: &str) -> String {
    text.replace(['\u{2019}', '\u{2018}'], "'")
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', '!', ':'])
        .to_owned()
}

/// The prose of a document outside headings, as normalized words.
pub fn body_prose(markdown: &str) -> String {
    let text: Vec<String> = crate::prose::prose_blocks(markdown)
        .into_iter()
        .filter(|b| !matches!(b.kind, crate::prose::ProseKind::Heading(_)))
        .map(|b| b.text)
        .collect();
    normalized_words(&text.join(" "))
}

/// Whether a document holds only its template text.
pub fn is_placeholder(markdown: &str, template: &str) -> bool {
    let prose = body_prose(markdown);
    prose == template || prose.is_empty() && normalized_words(markdown) == template
}

/// Where a bundle-level finding about a missing file goes: PROMPT.md's first line, else
/// the first line of the bundle's first file that has a unit.
pub fn bundle_anchor(context: &BundleContext<'_, '_>) -> Option<(UnitId, Range<usize>, String)> {
    let s = context.submission;
    if let Some((file, source)) = s.find_document("PROMPT.md")
        && let Some(unit) = text_unit(s, file)
    {
        return Some((unit, first_line(&source.text), source.path.clone()));
    }
    let unit = s.units.iter().min_by_key(|u| (u.file, u.id))?;
    let file = s.file(unit.file);
    let range = first_line(&unit.text);
    Some((unit.id, range, file.path.clone()))
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::{InputFile, Options, grade};

    /// The documentation findings of a bundle given as (path, text) pairs: (code, file,
    /// line) each.
    pub fn doc_findings(files: &[(&str, &str)]) -> Vec<(String, String, usize)> {
        let inputs = files
            .iter()
            .map(|(p, t)| InputFile::new(*p, t.as_bytes()))
            .collect();
        let report = grade(inputs, &Options::default()).report();
        report
            .findings
            .iter()
            .filter(|f| f.code.starts_with("TFG5"))
            .map(|f| (f.code.to_owned(), f.file.clone(), f.location.line))
            .collect()
    }

    /// A bundle whose documents are given, with a prompt and one lib/ file.
    pub fn bundle<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut files = vec![
            ("lib/PROMPT.md", "Create an S3 bucket in us-east-1.\n"),
            ("lib/main.tf", MAIN_TF),
        ];
        files.extend_from_slice(extra);
        files
    }

    pub const MAIN_TF: &str =
        "resource \"aws_s3_bucket\" \"data\" {\n  bucket_prefix = \"data-\"\n}\n";

    /// An analysis long enough and itemized.
    pub const ANALYSIS: &str = "# Model Failures\n\n## 1. Bucket name fixed\n**Issue**: The model response named the bucket with a fixed string, so a second deployment in another account or region fails because bucket names are global and the name is already taken by the first copy of the stack.\n**Fix Applied**: The bucket now uses `bucket_prefix`, which lets AWS add a unique suffix, so every deployment of the stack gets its own bucket without any collision.\n";

    pub const IDEAL: &str = "# Ideal response\n\n## lib/main.tf\n\n```hcl\nresource \"aws_s3_bucket\" \"data\" {\n  bucket_prefix = \"data-\"\n}\n```\n";
}
