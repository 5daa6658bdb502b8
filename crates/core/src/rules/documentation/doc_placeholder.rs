//! TFG502 `doc-placeholder`.

use super::{DOCUMENTS, first_line, is_placeholder, text_unit};
use crate::check::{BundleContext, Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG502",
    name: "doc-placeholder",
    family: Family::Documentation,
    severity: Severity::Medium,
    category: Category::C,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds MODEL_FAILURES.md or IDEAL_RESPONSE.md that hold only the template \
               text (\"Insert here the model's failures\", \"Insert here the ideal \
               response\"), compared without regard to case, spacing or headings.",
        why: "A template left in place means the analysis or the corrected answer was \
              never written: the pair has no ideal and no explanation. Medium: reviewers \
              treat it as a failure to fix, though it deploys nothing (category C).",
        example: "Insert here the model's failures",
        use_instead: "# Model Failures\n\n## 1. Bucket name fixed\n\n**Issue**: the model named the bucket with a literal, so a second deployment of the stack fails because bucket names are global and the name already exists.\n\n**Fix Applied**: the ideal uses `bucket_prefix`, so Terraform appends a unique suffix to each deployment's bucket name, and the outputs and tests read the name from the resource instead of repeating it.",
        fix: "None: write the document.",
        limitations: "Only the template text is recognised: other filler such as `TODO` \
                      is not reported here (in MODEL_FAILURES.md, `doc-too-thin` reports \
                      it).",
    },
    run: Run::Bundle(run),
};

fn run(context: &BundleContext<'_, '_>, out: &mut Vec<Finding>) {
    let s = context.submission;
    for (name, template) in DOCUMENTS {
        let Some((file, source)) = s.find_document(name) else {
            continue;
        };
        if !is_placeholder(&source.text, template) {
            continue;
        }
        let Some(unit) = text_unit(s, file) else {
            continue;
        };
        out.push(CHECK.finding(
            unit,
            template_line(&source.text),
            format!(
                "`{name}` holds only the template text \"{}\"",
                capitalized(template)
            ),
        ));
    }
}

/// The first line of prose outside headings: where the template text is.
fn template_line(markdown: &str) -> std::ops::Range<usize> {
    let start = crate::prose::prose_blocks(markdown)
        .iter()
        .find(|b| !matches!(b.kind, crate::prose::ProseKind::Heading(_)))
        .map_or(0, |b| b.start);
    let line = first_line(&markdown[start..]);
    start + line.start..start + line.end
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ANALYSIS, IDEAL, bundle, doc_findings};

    #[test]
    fn template_text_is_reported_at_its_line() {
        let found = doc_findings(&bundle(&[
            (
                "lib/MODEL_FAILURES.md",
                "\n  INSERT here the model’s   failures.\n",
            ),
            ("lib/IDEAL_RESPONSE.md", "Insert here the ideal response"),
        ]));
        assert_eq!(
            found,
            [
                ("TFG502".to_owned(), "lib/MODEL_FAILURES.md".to_owned(), 2),
                ("TFG502".to_owned(), "lib/IDEAL_RESPONSE.md".to_owned(), 1),
            ]
        );
    }

    #[test]
    fn a_written_document_quoting_the_template_is_not_one() {
        let quoting =
            format!("{ANALYSIS}\nThe template said \"Insert here the model's failures\".\n");
        assert!(
            doc_findings(&bundle(&[
                ("lib/MODEL_FAILURES.md", &quoting),
                ("lib/IDEAL_RESPONSE.md", IDEAL)
            ]))
            .is_empty()
        );
    }
}
