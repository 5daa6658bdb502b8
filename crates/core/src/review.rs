//! A draft MODEL_FAILURES.md (RUBRIC.md 4) in the shape reviewers
//! write: numbered issues with what was wrong, the evidence and the fix; what the ideal
//! still has and what it introduces; code-quality notes; the training-value assessment
//! with its score and reasons. Made from the report, so every statement has a place.

use std::fmt::Write;

use crate::rating::pair::{PairFinding, PairStatus};
use crate::rating::{FixSource, StepKind};
use crate::report::{Report, Verdict};

/// A check's name as words: `s3-backend-without-locking` → "S3 backend without locking".
fn title_of(name: &str) -> String {
    let words: Vec<String> = name
        .split('-')
        .map(|w| match w {
            "s3" | "iam" | "kms" | "ssh" | "rdp" | "sg" | "ebs" | "rds" | "imdsv2" | "sns"
            | "sqs" | "az" | "tfvars" => w.to_uppercase(),
            _ => w.to_owned(),
        })
        .collect();
    let mut text = words.join(" ");
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    text
}

/// The first sentence of a text.
fn first_sentence(text: &str) -> &str {
    text.find(". ").map_or(text, |i| &text[..=i])
}

fn place(f: &PairFinding, ideal: bool) -> String {
    let p = if ideal { &f.ideal } else { &f.model };
    p.as_ref()
        .map(|p| format!("`{}` line {}", p.file, p.line))
        .unwrap_or_default()
}

/// The draft, for a bundle with a pair; None otherwise.
pub fn draft(report: &Report) -> Option<String> {
    let pair = report.pair.as_ref()?;
    let rating = report.rating.as_ref()?;
    let mut out = String::new();
    let _ = writeln!(out, "# Model Failures Analysis\n");
    let _ = writeln!(
        out,
        "Draft written by tfgrade from the checks' findings on the model response (`{}`) and the ideal (`{}`): review every item before use.\n",
        pair.model,
        pair.ideal.join("`, `")
    );
    let _ = writeln!(out, "## Issues Identified and Fixed\n");
    let mut n = 0;
    for fix in &rating.fixes {
        n += 1;
        match &fix.source {
            FixSource::Check { code } => {
                let check = crate::registry::by_code(code);
                let fixed: Vec<&PairFinding> = pair
                    .findings
                    .iter()
                    .filter(|f| f.code == code && f.status == PairStatus::Fixed)
                    .collect();
                let title = check.map_or_else(|| fix.title.clone(), |c| title_of(c.name));
                let _ = writeln!(
                    out,
                    "### {n}. **{title}** ({code}, category {})",
                    fix.category.as_str()
                );
                match fixed.first() {
                    Some(first) => {
                        let more = if fixed.len() > 1 {
                            format!(" ({} findings in all)", fixed.len())
                        } else {
                            String::new()
                        };
                        let _ = writeln!(
                            out,
                            "**Issue**: {} ({}){more}.\n",
                            first.message.trim_end_matches('.'),
                            place(first, false)
                        );
                    }
                    // A fix of the bundle's tests.
                    None => {
                        let _ = writeln!(out, "**Issue**: {}.\n", fix.title);
                    }
                }
                if let Some(check) = check {
                    let _ = writeln!(
                        out,
                        "**Why it matters**: {}\n",
                        first_sentence(check.docs.why)
                    );
                }
                let resources: Vec<String> = fixed
                    .iter()
                    .filter_map(|f| f.resource.clone())
                    .take(6)
                    .collect();
                let _ = writeln!(
                    out,
                    "**Fix Applied**: the ideal no longer has it{}.\n",
                    if resources.is_empty() {
                        String::new()
                    } else {
                        format!(" (`{}`)", resources.join("`, `"))
                    }
                );
            }
            FixSource::Architecture { service } => {
                let _ = writeln!(
                    out,
                    "### {n}. **Services the prompt asks for** (category {})",
                    fix.category.as_str()
                );
                let _ = writeln!(
                    out,
                    "**Issue**: the model response does not build {service}, which the prompt asks for.\n"
                );
                let _ = writeln!(out, "**Fix Applied**: the ideal adds {service}.\n");
            }
            FixSource::Claim { number } => {
                let claim = report.claims.iter().find(|c| &c.number == number);
                let title = claim.map_or(fix.title.as_str(), |c| c.title.as_str());
                let _ = writeln!(
                    out,
                    "### {n}. **{title}** (category {}, claim {number} of the review)",
                    fix.category.as_str()
                );
                let _ = match claim {
                    Some(c) if c.verdict == Verdict::NotCheckable => writeln!(
                        out,
                        "**Issue**: as the review describes it ({}); confirm it by hand.\n",
                        c.evidence
                    ),
                    Some(c) => writeln!(
                        out,
                        "**Issue**: as the review describes it; {}: {}.\n",
                        if c.verdict == Verdict::Partly {
                            "partly confirmed"
                        } else {
                            "confirmed"
                        },
                        c.evidence
                    ),
                    None => writeln!(out, "**Issue**: as the review describes it.\n"),
                };
            }
        }
    }
    if n == 0 {
        let _ = writeln!(
            out,
            "No fix was found by a check or claimed by the review: the ideal repeats the model response where the checks look.\n"
        );
    }
    let kept: Vec<&PairFinding> = pair
        .findings
        .iter()
        .filter(|f| f.status == PairStatus::Kept)
        .collect();
    if !kept.is_empty() {
        let _ = writeln!(out, "## Still Open in the Ideal\n");
        for f in kept.iter().take(15) {
            let _ = writeln!(out, "- {} ({}): {}", f.code, place(f, true), f.message);
        }
        if kept.len() > 15 {
            let _ = writeln!(out, "- and {} more", kept.len() - 15);
        }
        let _ = writeln!(out);
    }
    if !rating.regressions.is_empty() {
        let _ = writeln!(out, "## Introduced by the Ideal (to review)\n");
        for r in rating.regressions.iter().take(15) {
            let _ = writeln!(out, "- `{}` line {}: {}", r.file, r.line, r.text);
        }
        if rating.regressions.len() > 15 {
            let _ = writeln!(out, "- and {} more", rating.regressions.len() - 15);
        }
        let _ = writeln!(out);
    }
    if !pair.services_added.is_empty() || !pair.resources_added.is_empty() {
        let _ = writeln!(out, "## Code Quality Notes\n");
        if !pair.services_added.is_empty() {
            let _ = writeln!(
                out,
                "- Services the ideal adds: {}",
                pair.services_added.join(", ")
            );
        }
        if !pair.services_removed.is_empty() {
            let _ = writeln!(
                out,
                "- Services the ideal drops: {}",
                pair.services_removed.join(", ")
            );
        }
        let _ = writeln!(
            out,
            "- Resources: {} added, {} removed",
            pair.resources_added.len(),
            pair.resources_removed.len()
        );
        for step in rating
            .steps
            .iter()
            .filter(|s| s.kind == StepKind::Complexity)
        {
            let _ = writeln!(out, "- Complexity: {}", step.reason);
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Training Value Assessment\n");
    let _ = writeln!(
        out,
        "This pair has a training value of **{}/10** ({}) by the scoring guide:\n",
        rating.score,
        if rating.pass { "pass" } else { "fail" }
    );
    for step in &rating.steps {
        let _ = writeln!(out, "- {} (running score {})", step.reason, step.score);
    }
    let _ = writeln!(
        out,
        "\nGap: {} A, {} B and {} C fixes; {} checks resolved, {} findings gone.",
        rating.gap.a,
        rating.gap.b,
        rating.gap.c,
        rating.gap.checks_resolved,
        rating.gap.findings_fixed
    );
    if !rating.to_pass.is_empty() {
        let _ = writeln!(out, "\nTo reach a pass:");
        for hint in &rating.to_pass {
            let _ = writeln!(out, "- {hint}");
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_names_read_as_titles() {
        assert_eq!(
            title_of("s3-backend-without-locking"),
            "S3 backend without locking"
        );
        assert_eq!(title_of("ssh-open-to-world"), "SSH open to world");
    }
}
