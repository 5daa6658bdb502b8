//! The rating on the task bundles of the corpus (RUBRIC.md 4): the seed scenario rates 10
//! where its review says 8, with SSH kept, and the blocker bundle is blocked.

mod common;

use tfgrade_core::rating::pair::PairStatus;
use tfgrade_core::rating::{FixSource, StepKind};
use tfgrade_core::report::Report;
use tfgrade_core::{Options, grade};

fn report(name: &str) -> Report {
    let bundle = common::bundles()
        .into_iter()
        .find(|b| b.name == name)
        .unwrap_or_else(|| panic!("no bundle {name}"));
    grade(bundle.files, &Options::default()).report()
}

#[test]
fn the_seed_scenario_rates_ten_with_ssh_kept_and_explains_the_reviews_eight() {
    let report = report("seed-scenario");
    let rating = report
        .rating
        .as_ref()
        .expect("a bundle with a pair is rated");
    assert_eq!(rating.score, 10, "{:#?}", rating.steps);
    assert!(rating.pass);
    let pair = report.pair.as_ref().expect("a pair");
    // SSH through the variable default is kept, not fixed.
    let ssh: Vec<_> = pair
        .findings
        .iter()
        .filter(|f| f.code == "TFG201")
        .collect();
    assert!(!ssh.is_empty());
    assert!(ssh.iter().all(|f| f.status == PairStatus::Kept), "{ssh:#?}");
    assert!(!rating.fixes.iter().any(|f| f.source
        == FixSource::Check {
            code: "TFG201".to_owned()
        }));
    // State locking (A), real tests (A) and unique names (B) are fixes.
    let codes: Vec<String> = rating
        .fixes
        .iter()
        .filter_map(|f| match &f.source {
            FixSource::Check { code } => Some(format!("{}:{}", f.category.as_str(), code)),
            _ => None,
        })
        .collect();
    for wanted in ["A:TFG101", "B:TFG401", "A:TFG302"] {
        assert!(codes.contains(&wanted.to_owned()), "{codes:?}");
    }
    let fixes = rating
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Fixes)
        .unwrap();
    assert_eq!(fixes.points, 2);
    let reviewer = rating
        .reviewer
        .as_ref()
        .expect("metadata has training_quality");
    assert_eq!(reviewer.score, 8.0);
    assert_eq!(reviewer.difference, -2.0);
    assert!(
        reviewer.explanation.contains("start at 8"),
        "{}",
        reviewer.explanation
    );
}

#[test]
fn a_bundle_missing_the_requested_services_is_blocked() {
    let report = report("missing-services-blocker");
    let rating = report.rating.as_ref().expect("rated");
    assert_eq!(
        rating.steps[0].kind,
        StepKind::Blocker,
        "{:#?}",
        rating.steps
    );
    assert!(rating.score <= 5);
    assert!(!rating.pass);
    assert!(rating.to_pass[0].contains("remove the blocker"));
}

#[test]
fn a_bundle_without_a_model_response_has_no_pair_and_no_rating() {
    let mut bundle = common::bundles()
        .into_iter()
        .find(|b| b.name == "good-rds-multiaz")
        .unwrap();
    let with = grade(bundle.files.clone(), &Options::default()).report();
    assert!(with.pair.is_some() && with.rating.is_some());
    bundle
        .files
        .retain(|f| !f.path.ends_with("MODEL_RESPONSE.md"));
    let without = grade(bundle.files, &Options::default()).report();
    assert!(without.pair.is_none());
    assert!(without.rating.is_none());
}
