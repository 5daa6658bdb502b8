//! TFG504 `ideal-differs-from-lib`.

use std::ops::Range;

use similar::{DiffTag, TextDiff};

use crate::check::{BundleContext, Check, CheckDocs, FixAvailability, Run};
use crate::finding::{Advice, Category, Family, Finding, Severity};
use crate::paths::file_name;
use crate::submission::{Role, Submission, Syntax, Unit};

pub static CHECK: Check = Check {
    code: "TFG504",
    name: "ideal-differs-from-lib",
    family: Family::Documentation,
    severity: Severity::Medium,
    category: Category::C,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Compares each code block of IDEAL_RESPONSE.md with the lib/ file it \
               presents (the file of the same name, or for an unnamed block the lib/ file \
               with the most similar content), ignoring whitespace-only differences (line \
               endings, indentation, alignment, trailing spaces, blank lines). Each \
               differing part is reported at its first line in IDEAL_RESPONSE.md, with \
               the diff as advice.",
        why: "IDEAL_RESPONSE.md is the answer a model is trained on; when it drifts from \
              the lib/ code that was deployed and tested, the pair teaches code nobody ran.",
        example: "## lib/main.tf\n```hcl\nresource \"aws_ecs_service\" \"app\" {\n  desired_count = 2\n}\n```\n(lib/main.tf says desired_count = 3)",
        use_instead: "## lib/main.tf\n```hcl\nresource \"aws_ecs_service\" \"app\" {\n  desired_count = 3\n}\n```",
        fix: "None: copy the lib/ file into IDEAL_RESPONSE.md (the diff shows what differs).",
        limitations: "Whole-line comments (`#`, `//`) are ignored, so a comment the ideal \
                      adds or changes is not reported. A code block that matches no lib/ \
                      file by name and is less than half similar to every one is not \
                      compared; `lib-file-not-presented` reports the lib/ files the ideal \
                      leaves out.",
    },
    run: Run::Bundle(run),
};

/// A line of code compared without its whitespace, and where it is in its unit.
pub(super) struct Line {
    pub text: String,
    pub range: Range<usize>,
}

/// The lines of a unit that are neither blank nor whole-line comments (an explanatory
/// comment in the ideal changes nothing deployed), each with its inner whitespace collapsed.
pub(super) fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let trimmed = raw.trim();
        let comment = trimmed.starts_with('#') || trimmed.starts_with("//");
        if !trimmed.is_empty() && !comment {
            let start = offset + (raw.len() - raw.trim_start().len());
            out.push(Line {
                text: trimmed.split_whitespace().collect::<Vec<_>>().join(" "),
                range: start..start + trimmed.len(),
            });
        }
        offset += raw.len();
    }
    out
}

/// The lib/ Terraform files a bundle deploys: units of configurations that do not come
/// from a response, in the directory of IDEAL_RESPONSE.md when it has one.
pub(super) fn lib_units<'s>(s: &'s Submission, ideal_dir: &str) -> Vec<&'s Unit> {
    let here = terraform_units(s, |path| parent(path) == ideal_dir);
    if here.is_empty() {
        terraform_units(s, |_| true)
    } else {
        here
    }
}

/// The Terraform files of the bundle (not of a response) whose path `keep` accepts.
fn terraform_units(s: &Submission, keep: impl Fn(&str) -> bool) -> Vec<&Unit> {
    s.units
        .iter()
        .filter(|u| {
            let file = s.file(u.file);
            file.role == Role::Terraform
                && u.syntax != Syntax::Text
                && !u.is_virtual
                && keep(&file.path)
        })
        .collect()
}

/// The lib/ file a block names by its heading or first comment: the same path, a path
/// that ends with the block's name (`modules/vpc/main.tf` is `lib/modules/vpc/main.tf`),
/// or, for a bare file name, the file of that name in lib/ itself. A block naming
/// `modules/vpc/variables.tf` never presents `lib/variables.tf`.
fn named_lib<'s>(
    s: &Submission,
    name: &str,
    libs: &[&'s Unit],
    ideal_dir: &str,
) -> Option<&'s Unit> {
    let path_of = |l: &&Unit| s.file(l.file).path.clone();
    if let Some(exact) = libs.iter().find(|l| path_of(l) == name) {
        return Some(exact);
    }
    if let Some(suffix) = libs
        .iter()
        .find(|l| path_of(l).ends_with(&format!("/{name}")))
    {
        return Some(suffix);
    }
    if name.contains('/') {
        return None;
    }
    libs.iter()
        .find(|l| {
            let path = path_of(l);
            file_name(&path) == name && parent(&path) == ideal_dir
        })
        .copied()
}

pub(super) fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// A code unit of IDEAL_RESPONSE.md and the lib/ unit it presents, when one matches.
pub(super) type Presented<'s> = (&'s Unit, Option<&'s Unit>);

/// IDEAL_RESPONSE.md's code units, each with the lib/ unit it presents (by name, else by
/// the most similar content).
pub(super) fn presented(s: &Submission) -> Option<(&str, Vec<Presented<'_>>)> {
    let (file, source) = s.find_document("IDEAL_RESPONSE.md")?;
    let ideal: Vec<&Unit> = s
        .units
        .iter()
        .filter(|u| u.file == file && u.syntax != Syntax::Text)
        .collect();
    let ideal_dir = parent(&source.path);
    // Modules included: a block may present `lib/modules/vpc/main.tf`.
    let libs = {
        let under = terraform_units(s, |path| {
            ideal_dir.is_empty() || path.starts_with(&format!("{ideal_dir}/"))
        });
        if under.is_empty() {
            lib_units(s, ideal_dir)
        } else {
            under
        }
    };
    let pairs = ideal
        .into_iter()
        .map(|unit| {
            let named = unit.is_virtual && !unit.name.starts_with("block-");
            let by_name = named
                .then(|| named_lib(s, &unit.name, &libs, ideal_dir))
                .flatten();
            let matched = by_name.or_else(|| {
                let mine_lines = lines(&unit.text);
                let mine: Vec<&str> = mine_lines.iter().map(|l| l.text.as_str()).collect();
                libs.iter()
                    .copied()
                    .map(|l| {
                        let their_lines = lines(&l.text);
                        let theirs: Vec<&str> =
                            their_lines.iter().map(|l| l.text.as_str()).collect();
                        (TextDiff::from_slices(&theirs, &mine).ratio(), l)
                    })
                    .filter(|(ratio, _)| *ratio >= 0.5)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, l)| l)
            });
            (unit, matched)
        })
        .collect();
    Some((source.path.as_str(), pairs))
}

fn run(context: &BundleContext<'_, '_>, out: &mut Vec<Finding>) {
    let s = context.submission;
    let Some((ideal_path, pairs)) = presented(s) else {
        return;
    };
    for (unit, lib) in pairs {
        let Some(lib) = lib else {
            continue;
        };
        let lib_path = &s.file(lib.file).path;
        let lib_source = s.file(lib.file);
        let old = lines(&lib.text);
        let new = lines(&unit.text);
        let old_text: Vec<&str> = old.iter().map(|l| l.text.as_str()).collect();
        let new_text: Vec<&str> = new.iter().map(|l| l.text.as_str()).collect();
        let diff = TextDiff::from_slices(&old_text, &new_text);
        for group in diff.grouped_ops(0) {
            let (Some(first), Some(last)) = (group.first(), group.last()) else {
                continue;
            };
            let old_range = first.old_range().start..last.old_range().end;
            let new_range = first.new_range().start..last.new_range().end;
            if group.iter().all(|op| op.tag() == DiffTag::Equal) {
                continue;
            }
            // Where the ideal's text differs.
            let at = if new_range.is_empty() {
                // Lines only lib/ has: after the ideal's last line before them.
                new_range.start.saturating_sub(1)
            } else {
                new_range.start
            }
            .min(new.len().saturating_sub(1));
            let Some(line) = new.get(at) else {
                continue;
            };
            let lib_line = |i: usize| {
                old.get(i).map_or(0, |l| {
                    lib_source
                        .line_index
                        .position(&lib_source.text, l.range.start)
                        .line
                })
            };
            let lib_lines = if old_range.is_empty() {
                String::new()
            } else if old_range.len() == 1 {
                format!("line {}", lib_line(old_range.start))
            } else {
                format!(
                    "lines {}-{}",
                    lib_line(old_range.start),
                    lib_line(old_range.end - 1)
                )
            };
            let message = match (old_range.is_empty(), new_range.is_empty()) {
                (true, _) => format!(
                    "`{ideal_path}` shows {} line(s) that `{lib_path}` does not have, from `{}`",
                    new_range.len(),
                    line.text
                ),
                (_, true) => format!(
                    "`{lib_path}` {lib_lines} (from `{}`) are missing from `{ideal_path}` here",
                    old_text[old_range.start]
                ),
                _ => format!(
                    "`{ideal_path}` shows `{}` where `{lib_path}` {lib_lines} says `{}`",
                    line.text, old_text[old_range.start]
                ),
            };
            let mut f = CHECK.finding(unit.id, line.range.clone(), message);
            f.trace = vec![format!(
                "`{}` in `{ideal_path}` compared with `{lib_path}`, ignoring whitespace",
                if unit.is_virtual {
                    unit.name.as_str()
                } else {
                    ideal_path
                }
            )];
            f.alternatives = vec![Advice {
                title: format!("diff of `{lib_path}` against `{ideal_path}`"),
                note: "whitespace-only differences left out".to_owned(),
                snippet: Some(unified(
                    &old_text, &new_text, &old_range, &new_range, lib_path, ideal_path,
                )),
            }];
            out.push(f);
        }
    }
}

/// A unified diff of one changed part with two lines of context.
fn unified(
    old: &[&str],
    new: &[&str],
    old_range: &Range<usize>,
    new_range: &Range<usize>,
    old_name: &str,
    new_name: &str,
) -> String {
    const CONTEXT: usize = 2;
    let before = CONTEXT.min(old_range.start).min(new_range.start);
    let after = CONTEXT
        .min(old.len() - old_range.end)
        .min(new.len() - new_range.end);
    let old_start = old_range.start - before;
    let new_start = new_range.start - before;
    let mut text = format!(
        "--- {old_name}\n+++ {new_name}\n@@ -{},{} +{},{} @@\n",
        old_start + 1,
        old_range.len() + before + after,
        new_start + 1,
        new_range.len() + before + after
    );
    for l in &old[old_start..old_range.start] {
        text.push_str(&format!(" {l}\n"));
    }
    for l in &old[old_range.clone()] {
        text.push_str(&format!("-{l}\n"));
    }
    for l in &new[new_range.clone()] {
        text.push_str(&format!("+{l}\n"));
    }
    for l in &old[old_range.end..old_range.end + after] {
        text.push_str(&format!(" {l}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ANALYSIS, IDEAL, MAIN_TF, doc_findings};

    fn with(ideal: &str, main: &str) -> Vec<(String, String, usize)> {
        doc_findings(&[
            ("lib/PROMPT.md", "Create an S3 bucket.\n"),
            ("lib/main.tf", main),
            ("lib/MODEL_FAILURES.md", ANALYSIS),
            ("lib/IDEAL_RESPONSE.md", ideal),
        ])
    }

    #[test]
    fn a_changed_line_is_reported_where_the_ideal_shows_it() {
        let drifted = IDEAL.replace("\"data-\"", "\"old-\"");
        assert_eq!(
            with(&drifted, MAIN_TF),
            [("TFG504".to_owned(), "lib/IDEAL_RESPONSE.md".to_owned(), 7)]
        );
    }

    #[test]
    fn whitespace_only_differences_are_not_drift() {
        let spaced = IDEAL
            .replace("  bucket_prefix = ", "\tbucket_prefix    =   ")
            .replace("```hcl\n", "```hcl\n\n\n");
        assert!(with(&spaced, MAIN_TF).is_empty());
        let crlf = MAIN_TF.replace('\n', "\r\n");
        assert!(with(IDEAL, &crlf).is_empty());
    }

    #[test]
    fn an_unnamed_block_is_matched_by_content() {
        let unnamed = "Here it is:\n\n```hcl\nresource \"aws_s3_bucket\" \"data\" {\n  bucket_prefix = \"other-\"\n}\n```\n";
        assert_eq!(
            with(unnamed, MAIN_TF),
            [("TFG504".to_owned(), "lib/IDEAL_RESPONSE.md".to_owned(), 5)]
        );
    }

    #[test]
    fn a_module_file_is_compared_with_the_module_file_not_the_root_file_of_its_name() {
        let root_vars = "variable \"region\" {\n  default = \"us-east-1\"\n}\n";
        let module_vars = "variable \"cidr\" {\n  type = string\n}\n";
        let files = |ideal: &str| {
            doc_findings(&[
                ("lib/PROMPT.md", "Create an S3 bucket.\n"),
                ("lib/main.tf", MAIN_TF),
                ("lib/variables.tf", root_vars),
                ("lib/modules/vpc/variables.tf", module_vars),
                ("lib/MODEL_FAILURES.md", ANALYSIS),
                ("lib/IDEAL_RESPONSE.md", ideal),
            ])
            .into_iter()
            .filter(|(code, _, _)| code == "TFG504")
            .collect::<Vec<_>>()
        };
        for heading in ["lib/modules/vpc/variables.tf", "modules/vpc/variables.tf"] {
            let ideal = format!(
                "{IDEAL}\n## lib/variables.tf\n\n```hcl\n{root_vars}```\n\n## {heading}\n\n```hcl\n{module_vars}```\n"
            );
            assert!(files(&ideal).is_empty(), "{heading}: {:?}", files(&ideal));
        }
        // A module block that drifted from the module file is still reported.
        let drifted = format!(
            "{IDEAL}\n## modules/vpc/variables.tf\n\n```hcl\n{}```\n",
            module_vars.replace("string", "number")
        );
        assert_eq!(files(&drifted).len(), 1, "{:?}", files(&drifted));
    }
}
