//! The training-value rating (RUBRIC.md 4): a pure function over what the pair grading,
//! the prompt comparison, the claims and metadata.json established, every step recorded
//! with its reason and evidence.

pub mod pair;

use serde::Serialize;

use crate::finding::Category;

/// Where a step's reason can be seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub file: String,
    /// 1-based; 0 when the evidence is the file as a whole.
    pub line: usize,
    pub text: String,
}

impl Evidence {
    pub fn new(file: impl Into<String>, line: usize, text: impl Into<String>) -> Evidence {
        Evidence {
            file: file.into(),
            line,
            text: text.into(),
        }
    }
}

/// What a fix was found by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FixSource {
    /// A check whose findings in the model response are all or partly gone from the ideal.
    Check { code: String },
    /// The ideal adds an AWS service the prompt asks for.
    Architecture { service: String },
    /// A claim of MODEL_FAILURES.md that no check reads and nothing contradicts.
    Claim { number: String },
}

/// One fix of the pair, as the rating counts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RatedFix {
    pub category: Category,
    pub source: FixSource,
    /// What was fixed, in a reviewer's words.
    pub title: String,
    pub evidence: Vec<Evidence>,
}

/// A requested service, as the blockers read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestedService {
    pub service: String,
    pub in_ideal: bool,
    pub evidence: Evidence,
}

/// Whether the ideal matches the region the prompt requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionCheck {
    /// Every region the prompt requires.
    pub required: Vec<String>,
    /// The ideal's provider regions, where known.
    pub ideal: Vec<String>,
    pub evidence: Evidence,
}

/// What the complexity step reads of the ideal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Complexity {
    /// AWS services of the ideal as AWS names them (VPC apart from EC2).
    pub services: Vec<String>,
    /// Evidence of security practices (KMS, least-privilege IAM, encryption), if any.
    pub security: Option<Evidence>,
    /// Evidence of high availability (multi-AZ, autoscaling, failover), if any.
    pub high_availability: Option<Evidence>,
    /// Evidence of advanced patterns (event-driven, serverless, queues, streams), if any.
    pub advanced: Option<Evidence>,
}

/// Everything the rating is a function of.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RatingInput {
    /// The platform or language of metadata.json that differs from the code's
    /// (Terraform, HCL), with where it is said.
    pub platform_mismatch: Option<Evidence>,
    /// The services the prompt asks to be built; empty when there is no prompt.
    pub requested: Vec<RequestedService>,
    pub region: Option<RegionCheck>,
    /// Fixes found by checks and the architecture fix, then claimed fixes.
    pub fixes: Vec<RatedFix>,
    pub complexity: Complexity,
    /// The reviewer's `training_quality` in metadata.json.
    pub reviewer_score: Option<f64>,
    /// The ideal is the response with every automatic fix applied (one response alone).
    pub estimate: bool,
    /// What the ideal introduces (findings the model response did not have): warnings that
    /// need review, outside the guide's arithmetic.
    pub regressions: Vec<Evidence>,
    /// How large the gap was: checks resolved and findings gone.
    pub checks_resolved: usize,
    pub findings_fixed: usize,
}

/// The kind of a step of the rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    Blocker,
    Base,
    Fixes,
    NoFixCap,
    Complexity,
    SingleService,
    Clamp,
}

/// One step of the rating: what it adds (or the score it sets), why, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub kind: StepKind,
    /// Points added; for a blocker, base or cap, the score it sets.
    pub points: i32,
    /// The running score after this step.
    pub score: i32,
    pub reason: String,
    pub evidence: Vec<Evidence>,
}

/// The rating of a pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rating {
    /// 0 to 10.
    pub score: u8,
    /// 8 or more.
    pub pass: bool,
    /// The ideal was made by applying automatic fixes to one response: an estimate.
    pub estimate: bool,
    pub steps: Vec<Step>,
    /// The fixes counted, by category and source.
    pub fixes: Vec<RatedFix>,
    /// When failing: what would raise the score to a pass.
    pub to_pass: Vec<String>,
    /// The reviewer's score and why it differs, when metadata.json has one.
    pub reviewer: Option<ReviewerComparison>,
    /// What the ideal introduces: warnings that need review; they do not change the score.
    pub regressions: Vec<Evidence>,
    /// The size of the gap beside the score, so that two 10s can be told apart.
    pub gap: Gap,
}

/// How large the gap between the model response and the ideal was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub a: usize,
    pub b: usize,
    pub c: usize,
    /// Checks with a finding fixed.
    pub checks_resolved: usize,
    /// Findings of the model response gone from the ideal.
    pub findings_fixed: usize,
}

/// The reviewer's score beside the rating.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewerComparison {
    pub score: f64,
    pub difference: f64,
    pub explanation: String,
}

/// The score a pass needs.
pub const PASS: i32 = 8;

/// Points of the fixes by category (RUBRIC.md 4, step 3): A +1 or +2 (C then counts for
/// nothing); B present, 0 (C for nothing); only C: 6 or more -2, 4 or 5 -1, 3 -3, 1 or 2 -4.
fn fix_points(a: usize, b: usize, c: usize) -> (i32, String) {
    if a >= 2 {
        (
            2,
            format!("{a} category A fixes (security, architecture, features, tests): +2"),
        )
    } else if a == 1 {
        (
            1,
            "one category A fix (security, architecture, features, tests): +1".to_owned(),
        )
    } else if b > 0 {
        (
            0,
            format!(
                "{b} category B fix(es) (naming, tagging, standard practices, deployment settings) and no A fix: 0{}",
                if c > 0 {
                    "; C fixes then count for nothing"
                } else {
                    ""
                }
            ),
        )
    } else {
        let points = match c {
            6.. => -2,
            4 | 5 => -1,
            3 => -3,
            _ => -4,
        };
        let band = if c >= 4 { "" } else { " (minimal changes)" };
        (
            points,
            format!(
                "only category C fixes (lint, typos, hard-coded values, outputs, docs), {c} of them{band}: {points}"
            ),
        )
    }
}

/// The rating (RUBRIC.md 4), every step recorded.
pub fn rate(input: &RatingInput) -> Rating {
    let mut steps: Vec<Step> = Vec::new();
    let finish = |score: i32, steps: Vec<Step>, fixes: Vec<RatedFix>| {
        let score = score.clamp(0, 10);
        let to_pass = if score >= PASS {
            Vec::new()
        } else {
            to_pass(input, score, &steps)
        };
        let count = |c: Category| input.fixes.iter().filter(|f| f.category == c).count();
        Rating {
            regressions: input.regressions.clone(),
            gap: Gap {
                a: count(Category::A),
                b: count(Category::B),
                c: count(Category::C),
                checks_resolved: input.checks_resolved,
                findings_fixed: input.findings_fixed,
            },
            score: u8::try_from(score).unwrap_or(0),
            pass: score >= PASS,
            estimate: input.estimate,
            reviewer: input.reviewer_score.map(|r| compare(r, score, &steps)),
            steps,
            fixes,
            to_pass,
        }
    };

    // 1. Blockers, judged on the ideal: the lowest applies and ends the calculation.
    let mut blockers: Vec<Step> = Vec::new();
    if let Some(evidence) = &input.platform_mismatch {
        blockers.push(blocker(
            3,
            "the platform or language of the code differs from metadata.json".to_owned(),
            vec![evidence.clone()],
        ));
    }
    if !input.requested.is_empty() {
        let missing: Vec<&RequestedService> =
            input.requested.iter().filter(|s| !s.in_ideal).collect();
        if missing.len() * 2 >= input.requested.len() {
            blockers.push(blocker(
                4,
                format!(
                    "{} of the {} services the prompt asks to be built are missing from the ideal: {}",
                    missing.len(),
                    input.requested.len(),
                    missing
                        .iter()
                        .map(|s| s.service.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                missing.iter().map(|s| s.evidence.clone()).collect(),
            ));
        }
    }
    if let Some(region) = &input.region
        && !region.ideal.is_empty()
        && !region.ideal.iter().any(|r| region.required.contains(r))
    {
        blockers.push(blocker(
            5,
            format!(
                "the ideal's provider region ({}) is none of the regions the prompt requires ({})",
                region.ideal.join(", "),
                region.required.join(", ")
            ),
            vec![region.evidence.clone()],
        ));
    }
    if let Some(lowest) = blockers.iter().min_by_key(|b| b.points).cloned() {
        let score = lowest.points;
        steps.push(lowest);
        return finish(score, steps, Vec::new());
    }

    // 2. Base.
    let mut score = 8;
    steps.push(Step {
        kind: StepKind::Base,
        points: 8,
        score,
        reason: "no blocker: start at 8".to_owned(),
        evidence: Vec::new(),
    });

    // 3. Fixes.
    let count = |c: Category| input.fixes.iter().filter(|f| f.category == c).count();
    let (a, b, c) = (count(Category::A), count(Category::B), count(Category::C));
    let no_fix = input.fixes.is_empty();
    if !no_fix {
        let (points, reason) = fix_points(a, b, c);
        score += points;
        steps.push(Step {
            kind: StepKind::Fixes,
            points,
            score,
            reason,
            // The fixes that decide the band: A when there is one, else B, else C.
            evidence: {
                let deciding = if a > 0 {
                    Category::A
                } else if b > 0 {
                    Category::B
                } else {
                    Category::C
                };
                input
                    .fixes
                    .iter()
                    .filter(|f| f.category == deciding)
                    .flat_map(|f| f.evidence.first().cloned())
                    .collect()
            },
        });
    }

    // 4. Complexity, in priority order, at most +2; exactly one service -1 after the cap.
    let cx = &input.complexity;
    let factors: Vec<(String, Option<Evidence>)> = [
        (
            cx.services.len() >= 3,
            format!(
                "{} AWS services working together ({})",
                cx.services.len(),
                cx.services.join(", ")
            ),
            None,
        ),
        (
            cx.security.is_some(),
            "security practices (KMS, least-privilege IAM, encryption)".to_owned(),
            cx.security.clone(),
        ),
        (
            cx.high_availability.is_some(),
            "high availability (multi-AZ, autoscaling, failover)".to_owned(),
            cx.high_availability.clone(),
        ),
        (
            cx.advanced.is_some(),
            "advanced patterns (event-driven, serverless, queues, streams)".to_owned(),
            cx.advanced.clone(),
        ),
    ]
    .into_iter()
    .filter(|(applies, _, _)| *applies)
    .map(|(_, reason, evidence)| (reason, evidence))
    .collect();
    let counted = factors.len().min(2);
    if counted > 0 {
        let points = i32::try_from(counted).unwrap_or(2);
        score += points;
        let mut reason = factors[..counted]
            .iter()
            .map(|(r, _)| format!("{r} +1"))
            .collect::<Vec<_>>()
            .join("; ");
        if factors.len() > counted {
            reason.push_str(&format!(
                "; not counted beyond the cap of +2: {}",
                factors[counted..]
                    .iter()
                    .map(|(r, _)| r.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
        steps.push(Step {
            kind: StepKind::Complexity,
            points,
            score,
            reason,
            evidence: factors.iter().filter_map(|(_, e)| e.clone()).collect(),
        });
    }
    if cx.services.len() == 1 {
        score -= 1;
        steps.push(Step {
            kind: StepKind::SingleService,
            points: -1,
            score,
            reason: format!("exactly one AWS service ({}): -1", cx.services[0]),
            evidence: Vec::new(),
        });
    }

    // No fix at all: at most 3.
    if no_fix && score > 3 {
        steps.push(Step {
            kind: StepKind::NoFixCap,
            points: 3,
            score: 3,
            reason: "no fix found by a check or claimed by the review: the guide's \"no gap\" band, at most 3".to_owned(),
            evidence: Vec::new(),
        });
        score = 3;
    }

    // 5. Clamp.
    let clamped = score.clamp(0, 10);
    if clamped != score {
        steps.push(Step {
            kind: StepKind::Clamp,
            points: clamped - score,
            score: clamped,
            reason: format!("{score} is clamped to 0..10: {clamped}"),
            evidence: Vec::new(),
        });
    }
    finish(clamped, steps, input.fixes.clone())
}

fn blocker(score: i32, reason: String, evidence: Vec<Evidence>) -> Step {
    Step {
        kind: StepKind::Blocker,
        points: score,
        score,
        reason: format!("blocker: {reason}: the score is {score}"),
        evidence,
    }
}

/// What would raise a failing score to a pass, from what the steps lacked.
fn to_pass(input: &RatingInput, score: i32, steps: &[Step]) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(blocker) = steps.iter().find(|s| s.kind == StepKind::Blocker) {
        out.push(format!(
            "remove the blocker ({}); then the rating starts at 8",
            blocker.reason.trim_start_matches("blocker: ")
        ));
        return out;
    }
    let a = input
        .fixes
        .iter()
        .filter(|f| f.category == Category::A)
        .count();
    if input.fixes.is_empty() {
        out.push("a pair with no fix is capped at 3: the ideal must fix something the model response got wrong".to_owned());
    }
    if a < 2 {
        let gain = if a == 0 { "+1 or +2" } else { "+1" };
        out.push(format!(
            "{} more category A fix(es) (security, architecture, whole features, real tests): {gain}",
            2 - a
        ));
    }
    let complexity: i32 = steps
        .iter()
        .filter(|s| s.kind == StepKind::Complexity)
        .map(|s| s.points)
        .sum();
    if complexity < 2 {
        out.push(
            "more complexity in the ideal (three or more services, security practices, high availability, advanced patterns): up to +2".to_owned(),
        );
    }
    out.push(format!("{} point(s) short of {PASS}", PASS - score));
    out
}

/// The reviewer's score against the rating, explained by the steps.
fn compare(reviewer: f64, score: i32, steps: &[Step]) -> ReviewerComparison {
    let difference = reviewer - f64::from(score);
    let explanation = if difference.abs() < 0.5 {
        "the reviewer's score agrees with the guide".to_owned()
    } else {
        let by = steps
            .iter()
            .map(|s| match s.kind {
                StepKind::Blocker | StepKind::Base | StepKind::NoFixCap => {
                    format!("{} (sets {})", s.reason, s.points)
                }
                _ => format!("{} ({:+})", s.reason, s.points),
            })
            .collect::<Vec<_>>()
            .join("; ");
        format!(
            "the reviewer rates {reviewer} where the guide gives {score} ({}); the guide's steps: {by}",
            if difference > 0.0 {
                "above: reviewers often score a pair above the guide"
            } else {
                "below: the review may count fewer fixes or less complexity than the checks find"
            }
        )
    };
    ReviewerComparison {
        score: reviewer,
        difference,
        explanation,
    }
}

#[cfg(test)]
mod tests;
