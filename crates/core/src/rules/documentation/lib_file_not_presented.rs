//! TFG505 `lib-file-not-presented`.

use super::ideal_differs_from_lib::{lib_units, parent, presented};
use crate::check::{BundleContext, Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Category, Family, Finding, Severity};
use crate::paths::file_name;

pub static CHECK: Check = Check {
    code: "TFG505",
    name: "lib-file-not-presented",
    family: Family::Documentation,
    severity: Severity::Low,
    category: Category::C,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds a lib/ Terraform file (`.tf`, `.tf.json`) that IDEAL_RESPONSE.md \
               does not present at all: no code block of that name or content, and no \
               mention of the file before a code block. Reported on the lib/ file's first \
               line.",
        why: "An ideal response that leaves out part of the deployed code is incomplete as \
              a training answer. Low: what it does show may be right.",
        example: "lib/main.tf and lib/iam.tf, IDEAL_RESPONSE.md shows only main.tf",
        use_instead: "IDEAL_RESPONSE.md with a `## lib/iam.tf` block as well",
        fix: "None: add the file to IDEAL_RESPONSE.md.",
        limitations: "Variable files (`.tfvars`) are left out: they hold values, not \
                      code; so are files of `terraform` and `provider` blocks only \
                      (`provider.tf`, `backend.tf`), the task's harness rather than its \
                      answer. An IDEAL_RESPONSE.md with no code block at all is not judged \
                      file by file. A mention of the file's name anywhere before a code \
                      block counts as presenting it.",
    },
    run: Run::Bundle(run),
};

fn run(context: &BundleContext<'_, '_>, out: &mut Vec<Finding>) {
    let s = context.submission;
    let Some((ideal_path, pairs)) = presented(s) else {
        return;
    };
    // A placeholder or code-free ideal is reported by TFG502; listing every file then
    // would only repeat it.
    if pairs.is_empty() {
        return;
    }
    let Some((_, ideal_source)) = s.find_document("IDEAL_RESPONSE.md") else {
        return;
    };
    for lib in lib_units(s, parent(ideal_path)) {
        let path = &s.file(lib.file).path;
        let name = file_name(path);
        if !(name.ends_with(".tf") || name.ends_with(".tf.json")) {
            continue;
        }
        let body = context
            .configs
            .iter()
            .flat_map(|c| c.bodies.iter())
            .find(|(unit, _)| *unit == lib.id)
            .map(|(_, body)| *body);
        if body.is_some_and(settings_only) {
            continue;
        }
        let shown = pairs.iter().any(|(_, l)| l.is_some_and(|l| l.id == lib.id))
            || mentioned_before_code(&ideal_source.text, name);
        if shown {
            continue;
        }
        out.push(CHECK.finding(
            lib.id,
            super::first_line(&lib.text),
            format!("`{path}` is not presented in `{ideal_path}`: no code block shows it"),
        ));
    }
}

/// A file of `terraform` and `provider` blocks only (`provider.tf`, `backend.tf`): the
/// harness of the task, which prompts often say exists already, rather than part of the
/// answer.
fn settings_only(body: &hcl_edit::structure::Body) -> bool {
    let mut blocks = body.blocks().peekable();
    blocks.peek().is_some()
        && body.attributes().next().is_none()
        && blocks.all(|b| matches!(b.ident.as_str(), "terraform" | "provider"))
}

/// The file's name appears in the markdown with a fenced block after it (a `json` block of
/// a `.tf.json` file is not cut into a unit).
fn mentioned_before_code(markdown: &str, name: &str) -> bool {
    markdown
        .find(name)
        .is_some_and(|at| markdown[at..].contains("```") || markdown[at..].contains("~~~"))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ANALYSIS, IDEAL, MAIN_TF, doc_findings};

    #[test]
    fn a_file_of_provider_and_backend_settings_need_not_be_presented() {
        let found = doc_findings(&[
            ("lib/PROMPT.md", "Create an S3 bucket.\n"),
            ("lib/main.tf", MAIN_TF),
            (
                "lib/provider.tf",
                "terraform {\n  backend \"s3\" {}\n}\n\nprovider \"aws\" {\n  region = \"us-east-1\"\n}\n",
            ),
            ("lib/MODEL_FAILURES.md", ANALYSIS),
            ("lib/IDEAL_RESPONSE.md", IDEAL),
        ]);
        assert!(
            found.iter().all(|(code, _, _)| code != "TFG505"),
            "{found:?}"
        );
    }

    #[test]
    fn a_lib_file_left_out_is_reported_on_its_first_line() {
        let found = doc_findings(&[
            ("lib/PROMPT.md", "Create an S3 bucket.\n"),
            ("lib/main.tf", MAIN_TF),
            (
                "lib/iam.tf",
                "\nresource \"aws_iam_role\" \"r\" {\n  name_prefix = \"r-\"\n}\n",
            ),
            ("lib/terraform.tfvars", "x = 1\n"),
            ("lib/MODEL_FAILURES.md", ANALYSIS),
            ("lib/IDEAL_RESPONSE.md", IDEAL),
        ]);
        assert_eq!(found, [("TFG505".to_owned(), "lib/iam.tf".to_owned(), 2)]);
    }
}
