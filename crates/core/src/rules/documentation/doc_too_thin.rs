//! TFG503 `doc-too-thin`.

use super::{DOCUMENTS, first_line, is_placeholder, text_unit};
use crate::check::{BundleContext, Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};
use crate::prose::{ProseKind, prose_blocks};

/// Fewer words of prose than this is not an analysis.
pub const MIN_WORDS: usize = 50;

pub static CHECK: Check = Check {
    code: "TFG503",
    name: "doc-too-thin",
    family: Family::Documentation,
    severity: Severity::Medium,
    category: Category::C,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds a MODEL_FAILURES.md too thin to be an analysis: no issue items (no \
               heading below the title, no numbered or bulleted item) or fewer than 50 \
               words of prose, counted outside code blocks and headings.",
        why: "An analysis names each failure, its evidence and its fix; two lines of \
              \"looked fine, added retention\" cannot be checked against the code and \
              teach nothing.",
        example: "Model response was fine overall. Added log retention.",
        use_instead: "# Model Failures\n\n## 1. Log group without retention\n\n**Issue**: `aws_cloudwatch_log_group.app` had no `retention_in_days`, so its events were kept forever and billed forever.\n\n**Fix Applied**: the ideal sets `retention_in_days = 365` and encrypts the group with the customer managed key the stack already creates, so logs expire after a year and stay readable only to the roles that hold `kms:Decrypt`.",
        fix: "None: write the analysis.",
        limitations: "It measures structure and length, not whether the analysis is \
                      right. A MODEL_FAILURES.md that holds only the template text is \
                      left to `doc-placeholder`.",
    },
    run: Run::Bundle(run),
};

fn run(context: &BundleContext<'_, '_>, out: &mut Vec<Finding>) {
    let s = context.submission;
    let (name, template) = DOCUMENTS[0];
    let Some((file, source)) = s.find_document(name) else {
        return;
    };
    if source.text.trim().is_empty() || is_placeholder(&source.text, template) {
        if source.text.trim().is_empty()
            && let Some(unit) = text_unit(s, file)
        {
            out.push(CHECK.finding(unit, 0..0, format!("`{name}` is empty")));
        }
        return;
    }
    let blocks = prose_blocks(&source.text);
    let items = blocks
        .iter()
        .filter(|b| matches!(b.kind, ProseKind::Heading(2..) | ProseKind::Item { .. }))
        .count();
    let words: usize = blocks
        .iter()
        .filter(|b| !matches!(b.kind, ProseKind::Heading(_)))
        .map(crate::prose::ProseBlock::words)
        .sum();
    if items > 0 && words >= MIN_WORDS {
        return;
    }
    let Some(unit) = text_unit(s, file) else {
        return;
    };
    let mut reasons = Vec::new();
    if items == 0 {
        reasons.push("no issue items (headings or list items)".to_owned());
    }
    if words < MIN_WORDS {
        reasons.push(format!(
            "{words} words of prose (at least {MIN_WORDS} expected)"
        ));
    }
    let start = blocks
        .iter()
        .find(|b| !matches!(b.kind, ProseKind::Heading(_)))
        .map_or(0, |b| b.start);
    let line = first_line(&source.text[start..]);
    out.push(CHECK.finding(
        unit,
        start + line.start..start + line.end,
        format!(
            "`{name}` is too thin to be an analysis: {}",
            reasons.join(", ")
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ANALYSIS, IDEAL, bundle, doc_findings};

    #[test]
    fn two_lines_are_not_an_analysis() {
        let found = doc_findings(&bundle(&[
            (
                "lib/MODEL_FAILURES.md",
                "Model response was fine overall. Added log retention.\nTraining quality 9.\n",
            ),
            ("lib/IDEAL_RESPONSE.md", IDEAL),
        ]));
        assert_eq!(
            found,
            [("TFG503".to_owned(), "lib/MODEL_FAILURES.md".to_owned(), 1)]
        );
        // Items but hardly any prose.
        let found = doc_findings(&bundle(&[
            (
                "lib/MODEL_FAILURES.md",
                "# Failures\n\n## 1. Names\n\nFixed.\n",
            ),
            ("lib/IDEAL_RESPONSE.md", IDEAL),
        ]));
        assert_eq!(
            found,
            [("TFG503".to_owned(), "lib/MODEL_FAILURES.md".to_owned(), 5)]
        );
    }

    #[test]
    fn code_does_not_count_as_prose() {
        let code = format!(
            "# Failures\n\n## 1. Names\n\nFixed.\n\n```hcl\n{}\n```\n",
            "a = 1\n".repeat(60)
        );
        assert_eq!(
            doc_findings(&bundle(&[
                ("lib/MODEL_FAILURES.md", &code),
                ("lib/IDEAL_RESPONSE.md", IDEAL)
            ]))
            .len(),
            1
        );
        assert!(
            doc_findings(&bundle(&[
                ("lib/MODEL_FAILURES.md", ANALYSIS),
                ("lib/IDEAL_RESPONSE.md", IDEAL)
            ]))
            .is_empty()
        );
    }
}
