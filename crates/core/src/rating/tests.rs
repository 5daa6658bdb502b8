//! Every branch of RUBRIC.md 4 on hand-made inputs.

use super::*;

fn ev(text: &str) -> Evidence {
    Evidence::new("lib/main.tf", 1, text)
}

fn fix(category: Category, code: &str) -> RatedFix {
    RatedFix {
        category,
        source: FixSource::Check {
            code: code.to_owned(),
        },
        title: format!("{code} fixed"),
        evidence: vec![ev(code)],
    }
}

fn services(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

/// Two A fixes, three services and security: 8 + 2 + 2 = 12, clamped to 10.
fn strong() -> RatingInput {
    RatingInput {
        fixes: vec![fix(Category::A, "TFG101"), fix(Category::A, "TFG303")],
        complexity: Complexity {
            services: services(&["s3", "ec2", "vpc"]),
            security: Some(ev("aws_kms_key.main")),
            ..Complexity::default()
        },
        ..RatingInput::default()
    }
}

fn requested(name: &str, in_ideal: bool) -> RequestedService {
    RequestedService {
        service: name.to_owned(),
        in_ideal,
        evidence: Evidence::new("PROMPT.md", 3, format!("asks for {name}")),
    }
}

fn kinds(rating: &Rating) -> Vec<StepKind> {
    rating.steps.iter().map(|s| s.kind).collect()
}

#[test]
fn a_strong_pair_is_clamped_to_ten_and_passes() {
    let rating = rate(&strong());
    assert_eq!(rating.score, 10);
    assert!(rating.pass);
    assert_eq!(
        kinds(&rating),
        [
            StepKind::Base,
            StepKind::Fixes,
            StepKind::Complexity,
            StepKind::Clamp
        ]
    );
    assert_eq!(rating.steps[1].points, 2);
    assert!(rating.to_pass.is_empty());
}

#[test]
fn the_platform_blocker_sets_three_and_ends_the_calculation() {
    let input = RatingInput {
        platform_mismatch: Some(Evidence::new("metadata.json", 0, "platform cdk")),
        ..strong()
    };
    let rating = rate(&input);
    assert_eq!(rating.score, 3);
    assert_eq!(kinds(&rating), [StepKind::Blocker]);
    assert!(rating.fixes.is_empty());
    assert!(rating.to_pass[0].contains("remove the blocker"));
}

#[test]
fn half_the_requested_services_missing_sets_four() {
    let mut input = strong();
    input.requested = vec![requested("rds", false), requested("s3", true)];
    assert_eq!(rate(&input).score, 4);
    // Fewer than half missing: no blocker.
    input.requested.push(requested("ec2", true));
    assert_eq!(rate(&input).score, 10);
}

#[test]
fn a_region_outside_the_required_ones_sets_five_and_any_required_region_matches() {
    let mut input = strong();
    input.region = Some(RegionCheck {
        required: services(&["us-west-2"]),
        ideal: services(&["us-east-1"]),
        evidence: ev("provider region"),
    });
    assert_eq!(rate(&input).score, 5);
    // A multi-region prompt: a provider in any required region matches.
    input.region = Some(RegionCheck {
        required: services(&["us-west-2", "eu-west-1"]),
        ideal: services(&["eu-west-1"]),
        evidence: ev("provider region"),
    });
    assert_eq!(rate(&input).score, 10);
    // An unknown ideal region blocks nothing.
    input.region = Some(RegionCheck {
        required: services(&["us-west-2"]),
        ideal: Vec::new(),
        evidence: ev("provider region"),
    });
    assert_eq!(rate(&input).score, 10);
}

#[test]
fn the_lowest_blocker_wins() {
    let mut input = strong();
    input.requested = vec![requested("rds", false)];
    input.region = Some(RegionCheck {
        required: services(&["us-west-2"]),
        ideal: services(&["us-east-1"]),
        evidence: ev("provider region"),
    });
    assert_eq!(rate(&input).score, 4);
    input.platform_mismatch = Some(ev("language ts"));
    assert_eq!(rate(&input).score, 3);
}

fn with_fixes(fixes: Vec<RatedFix>) -> RatingInput {
    RatingInput {
        fixes,
        ..RatingInput::default()
    }
}

fn fixes_points(fixes: Vec<RatedFix>) -> i32 {
    let rating = rate(&with_fixes(fixes));
    rating
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Fixes)
        .map(|s| s.points)
        .expect("a fixes step")
}

#[test]
fn category_bands_follow_the_guide() {
    let a = || fix(Category::A, "TFG201");
    let b = || fix(Category::B, "TFG401");
    let c = || fix(Category::C, "TFG650");
    assert_eq!(fixes_points(vec![a()]), 1);
    assert_eq!(fixes_points(vec![a(), a()]), 2);
    assert_eq!(fixes_points(vec![a(), a(), a(), c()]), 2);
    // B present: 0, and C counts for nothing.
    assert_eq!(fixes_points(vec![b(), c(), c(), c(), c(), c(), c()]), 0);
    // Only C: the bands, not monotonic.
    assert_eq!(fixes_points(vec![c(); 6]), -2);
    assert_eq!(fixes_points(vec![c(); 5]), -1);
    assert_eq!(fixes_points(vec![c(); 4]), -1);
    assert_eq!(fixes_points(vec![c(); 3]), -3);
    assert_eq!(fixes_points(vec![c(); 2]), -4);
    assert_eq!(fixes_points(vec![c()]), -4);
}

#[test]
fn no_fix_at_all_caps_the_score_at_three() {
    let input = RatingInput {
        complexity: Complexity {
            services: services(&["s3", "ec2", "vpc"]),
            security: Some(ev("kms")),
            ..Complexity::default()
        },
        ..RatingInput::default()
    };
    let rating = rate(&input);
    assert_eq!(rating.score, 3);
    assert_eq!(rating.steps.last().unwrap().kind, StepKind::NoFixCap);
    assert!(!rating.pass);
    assert!(rating.to_pass[0].contains("capped at 3"));
}

#[test]
fn a_claimed_fix_counts_like_a_found_one_and_is_listed_by_source() {
    let claimed = RatedFix {
        category: Category::A,
        source: FixSource::Claim {
            number: "3".to_owned(),
        },
        title: "dead-letter queue added".to_owned(),
        evidence: vec![Evidence::new("MODEL_FAILURES.md", 12, "claim 3")],
    };
    let rating = rate(&with_fixes(vec![claimed]));
    // 8 + 1, no complexity: 9.
    assert_eq!(rating.score, 9);
    assert!(matches!(rating.fixes[0].source, FixSource::Claim { .. }));
}

#[test]
fn complexity_counts_in_priority_order_up_to_two() {
    let input = RatingInput {
        fixes: vec![fix(Category::B, "TFG401")],
        complexity: Complexity {
            services: services(&["s3", "lambda", "sqs"]),
            security: Some(ev("kms")),
            high_availability: Some(ev("multi_az")),
            advanced: Some(ev("sqs")),
        },
        ..RatingInput::default()
    };
    let rating = rate(&input);
    let step = rating
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Complexity)
        .unwrap();
    assert_eq!(step.points, 2);
    // Services and security are counted; the rest is named as beyond the cap.
    assert!(step.reason.starts_with("3 AWS services"), "{}", step.reason);
    assert!(step.reason.contains("not counted beyond the cap"));
    assert!(step.reason.contains("high availability"));
    assert_eq!(rating.score, 10);
}

#[test]
fn exactly_one_service_costs_one_after_the_cap() {
    let input = RatingInput {
        fixes: vec![fix(Category::B, "TFG401")],
        complexity: Complexity {
            services: services(&["s3"]),
            security: Some(ev("kms")),
            ..Complexity::default()
        },
        ..RatingInput::default()
    };
    let rating = rate(&input);
    // 8 + 0 + 1 - 1 = 8.
    assert_eq!(rating.score, 8);
    assert_eq!(rating.steps.last().unwrap().kind, StepKind::SingleService);
}

#[test]
fn scores_below_zero_are_clamped() {
    let input = with_fixes(vec![fix(Category::C, "TFG650")]);
    // 8 - 4 = 4: no clamp; a blocker-free floor is 8 - 4 - 1 = 3 with one service.
    assert_eq!(rate(&input).score, 4);
    let mut one_service = input.clone();
    one_service.complexity.services = services(&["s3"]);
    assert_eq!(rate(&one_service).score, 3);
    assert!(!kinds(&rate(&one_service)).contains(&StepKind::Clamp));
}

#[test]
fn the_reviewers_score_is_shown_with_the_difference_explained() {
    let input = RatingInput {
        reviewer_score: Some(8.0),
        ..strong()
    };
    let rating = rate(&input);
    let reviewer = rating.reviewer.expect("compared");
    assert_eq!(reviewer.difference, -2.0);
    assert!(
        reviewer.explanation.contains("below"),
        "{}",
        reviewer.explanation
    );
    assert!(reviewer.explanation.contains("start at 8"));
    let agrees = rate(&RatingInput {
        reviewer_score: Some(10.0),
        ..strong()
    });
    assert!(agrees.reviewer.unwrap().explanation.contains("agrees"));
}

#[test]
fn a_failing_score_says_what_would_raise_it() {
    let input = with_fixes(vec![fix(Category::B, "TFG401")]);
    let rating = rate(&input);
    // 8 + 0, no complexity: 8 passes; one service makes it fail.
    assert!(rating.pass);
    let mut failing = input;
    failing.complexity.services = services(&["s3"]);
    let rating = rate(&failing);
    assert_eq!(rating.score, 7);
    assert!(rating.to_pass.iter().any(|t| t.contains("category A")));
    assert!(rating.to_pass.last().unwrap().contains("1 point(s) short"));
}
