//! TFG501 `doc-missing`.

use super::{DOCUMENTS, bundle_anchor};
use crate::check::{BundleContext, Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};

pub static CHECK: Check = Check {
    code: "TFG501",
    name: "doc-missing",
    family: Family::Documentation,
    severity: Severity::Medium,
    category: Category::C,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds a task bundle (one with PROMPT.md, metadata.json or MODEL_RESPONSE.md) \
               without MODEL_FAILURES.md or IDEAL_RESPONSE.md. A file cannot be pointed at \
               when it is missing: the finding sits on PROMPT.md's first line (else the \
               bundle's first file) and says so.",
        why: "The reviewer's analysis and the corrected answer are what a training pair \
              is made of; without them the bundle teaches nothing and its claims cannot \
              be checked. Medium rather than high: nothing deployed is at risk, but \
              reviewers count missing documents as a failure of the task.",
        example: "lib/PROMPT.md\nlib/MODEL_RESPONSE.md\nlib/main.tf\n(no MODEL_FAILURES.md)",
        use_instead: "lib/PROMPT.md\nlib/MODEL_RESPONSE.md\nlib/IDEAL_RESPONSE.md\nlib/MODEL_FAILURES.md\nlib/main.tf",
        fix: "None: write the document.",
        limitations: "",
    },
    run: Run::Bundle(run),
};

fn run(context: &BundleContext<'_, '_>, out: &mut Vec<Finding>) {
    let s = context.submission;
    if !s.expects_documents() {
        return;
    }
    let Some((unit, range, anchor)) = bundle_anchor(context) else {
        return;
    };
    for (name, _) in DOCUMENTS {
        if s.find_document(name).is_none() {
            out.push(CHECK.finding(unit, range.clone(), format!("the bundle has no `{name}` (reported on the first line of `{anchor}`, since a missing file has no line)")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ANALYSIS, IDEAL, bundle, doc_findings};

    #[test]
    fn missing_documents_are_reported_on_the_prompt() {
        let found = doc_findings(&bundle(&[("lib/MODEL_FAILURES.md", ANALYSIS)]));
        assert_eq!(
            found,
            [("TFG501".to_owned(), "lib/PROMPT.md".to_owned(), 1)]
        );
        let found = doc_findings(&bundle(&[]));
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn silent_when_both_are_there_or_not_a_task_bundle() {
        assert!(
            doc_findings(&bundle(&[
                ("lib/MODEL_FAILURES.md", ANALYSIS),
                ("lib/IDEAL_RESPONSE.md", IDEAL)
            ]))
            .is_empty()
        );
        // A folder of Terraform under lib/ is not a task bundle's documents.
        assert!(
            doc_findings(&[
                ("lib/main.tf", super::super::testing::MAIN_TF),
                ("lib/x.tf", "")
            ])
            .is_empty()
        );
    }
}
