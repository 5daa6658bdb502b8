//! Pair grading (RUBRIC.md 2, 4): the model response's findings against the ideal's, each
//! *fixed*, *kept* or *introduced*; what the ideal adds and removes; and the rating's
//! input gathered from the pair, the prompt, the claims and metadata.json.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{
    Complexity, Evidence, FixSource, RatedFix, RatingInput, RegionCheck, RequestedService,
};
use crate::analysis::services::family_of_resource;
use crate::bundle::claims::{ClaimRow, Expectation, Verdict};
use crate::bundle::metadata::MetadataReport;
use crate::bundle::prompt::PromptReport;
use crate::bundle::{ConfigFacts, Side};
use crate::finding::{Category, Finding, Severity};
use crate::paths::file_name;
use crate::submission::Submission;

/// What became of a finding between the model response and the ideal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PairStatus {
    /// In the model response, gone from the ideal.
    Fixed,
    /// In both.
    Kept,
    /// In the ideal only.
    Introduced,
}

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub file: String,
    pub line: usize,
}

/// One finding of the pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairFinding {
    pub code: &'static str,
    pub status: PairStatus,
    /// The resource address without instance keys.
    pub resource: Option<String>,
    pub message: String,
    pub model: Option<Place>,
    pub ideal: Option<Place>,
}

/// One check across the pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckOutcome {
    pub code: &'static str,
    pub model: usize,
    pub ideal: usize,
    pub fixed: usize,
    pub kept: usize,
    pub introduced: usize,
}

/// The model response against the ideal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairReport {
    /// The model response's configuration (`lib/MODEL_RESPONSE.md`).
    pub model: String,
    /// The ideal's configurations: lib/ and its modules, or IDEAL_RESPONSE.md without lib/.
    pub ideal: Vec<String>,
    pub findings: Vec<PairFinding>,
    pub checks: Vec<CheckOutcome>,
    /// Managed resources the ideal has and the model response does not, and the reverse.
    pub resources_added: Vec<String>,
    pub resources_removed: Vec<String>,
    /// AWS services (as the rating counts them) the ideal adds or drops.
    pub services_added: Vec<String>,
    pub services_removed: Vec<String>,
}

/// The AWS service of a resource type as AWS names it, with Amazon VPC apart from EC2
/// (RUBRIC.md 4, complexity); None for types of no AWS service.
pub fn aws_service(kind: &str) -> Option<String> {
    const VPC: &[&str] = &[
        "aws_vpc",
        "aws_subnet",
        "aws_internet_gateway",
        "aws_egress_only_internet_gateway",
        "aws_nat_gateway",
        "aws_eip",
        "aws_route",
        "aws_route_table",
        "aws_main_route_table_association",
        "aws_network_acl",
        "aws_security_group",
        "aws_vpc_security_group",
        "aws_default_vpc",
        "aws_default_subnet",
        "aws_default_route_table",
        "aws_default_network_acl",
        "aws_default_security_group",
        "aws_ec2_transit_gateway",
        "aws_flow_log",
    ];
    if VPC
        .iter()
        .any(|v| crate::bundle::claims::extends_type(kind, v))
    {
        return Some("vpc".to_owned());
    }
    let family = family_of_resource(kind)?;
    Some(match family.as_str() {
        "logs" => "cloudwatch".to_owned(),
        "elbv2" => "elb".to_owned(),
        _ => family,
    })
}

/// Whether a finding counts (RUBRIC.md 4.3): not an info note, not suppressed, not about
/// a value that could not be known.
fn counts(f: &Finding) -> bool {
    f.severity != Severity::Info && f.suppressed.is_none() && !f.unknown
}

fn block_address(address: &str) -> String {
    address.split('[').next().unwrap_or(address).to_owned()
}

/// The configurations of each side: the model response's (None when MODEL_RESPONSE.md
/// holds no usable code), and the ideal's (lib/ and its modules; IDEAL_RESPONSE.md when
/// there is no lib/).
fn sides(facts: &[ConfigFacts]) -> (Option<&ConfigFacts>, Vec<&ConfigFacts>) {
    let model = ConfigFacts::model(facts);
    let deployed: Vec<&ConfigFacts> = facts
        .iter()
        .filter(|c| c.side == Side::Ideal && !c.from_response)
        .collect();
    let ideal = if deployed.is_empty() {
        facts
            .iter()
            .filter(|c| c.side == Side::Ideal && c.from_response)
            .collect()
    } else {
        deployed
    };
    (model, ideal)
}

/// The pair of a bundle, when it has a model response and an ideal.
pub fn grade_pair(
    submission: &Submission,
    findings: &[Finding],
    facts: &[ConfigFacts],
) -> Option<PairReport> {
    let (model, ideal) = sides(facts);
    // A model response with no usable code (prose only, truncated) is a side with nothing:
    // it lacks every service the ideal builds (RUBRIC.md 4).
    let model_name = match model {
        Some(m) => m.name.clone(),
        None => submission
            .find_document("MODEL_RESPONSE.md")?
            .1
            .path
            .clone(),
    };
    if ideal.is_empty() {
        return None;
    }
    let model_index = model.map(|m| m.index);
    let ideal_indexes: Vec<usize> = ideal.iter().map(|c| c.index).collect();
    let place = |f: &Finding| {
        let unit = submission.unit(f.unit);
        let file = submission.file(unit.file);
        let offset = unit.to_file_offset(f.range.start);
        Place {
            file: file.path.clone(),
            line: file.line_index.position(&file.text, offset).line,
        }
    };
    let config_of = |f: &Finding| submission.unit(f.unit).config;
    let model_findings: Vec<&Finding> = findings
        .iter()
        .filter(|f| counts(f) && Some(config_of(f)) == model_index)
        .collect();
    let ideal_findings: Vec<&Finding> = findings
        .iter()
        .filter(|f| counts(f) && ideal_indexes.contains(&config_of(f)))
        .collect();
    let ideal_addresses: BTreeSet<String> = ideal.iter().flat_map(|c| c.addresses()).collect();
    let count_of = |list: &[&Finding], code: &str| list.iter().filter(|f| f.code == code).count();
    let key = |f: &Finding| (f.code, f.resource.as_deref().map(block_address));

    let mut out: Vec<PairFinding> = Vec::new();
    let mut matched_ideal: BTreeSet<usize> = BTreeSet::new();
    for m in &model_findings {
        let same = ideal_findings
            .iter()
            .enumerate()
            .find(|(i, f)| !matched_ideal.contains(i) && key(f) == key(m));
        let status = match same {
            Some((i, _)) => {
                matched_ideal.insert(i);
                PairStatus::Kept
            }
            None => match m.resource.as_deref().map(block_address) {
                // The resource is still there without the finding: fixed.
                Some(address) if ideal_addresses.contains(&address) => PairStatus::Fixed,
                // Renamed or moved: fixed only if the check's count on the ideal drops.
                Some(_) => {
                    if count_of(&ideal_findings, m.code) < count_of(&model_findings, m.code) {
                        PairStatus::Fixed
                    } else {
                        PairStatus::Kept
                    }
                }
                None => PairStatus::Fixed,
            },
        };
        out.push(PairFinding {
            code: m.code,
            status,
            resource: m.resource.as_deref().map(block_address),
            message: m.message.clone(),
            model: Some(place(m)),
            ideal: same.map(|(_, f)| place(f)),
        });
    }
    for (i, f) in ideal_findings.iter().enumerate() {
        if matched_ideal.contains(&i) {
            continue;
        }
        out.push(PairFinding {
            code: f.code,
            status: PairStatus::Introduced,
            resource: f.resource.as_deref().map(block_address),
            message: f.message.clone(),
            model: None,
            ideal: Some(place(f)),
        });
    }
    let mut checks: BTreeMap<&'static str, CheckOutcome> = BTreeMap::new();
    for f in &out {
        let row = checks.entry(f.code).or_insert(CheckOutcome {
            code: f.code,
            model: count_of(&model_findings, f.code),
            ideal: count_of(&ideal_findings, f.code),
            fixed: 0,
            kept: 0,
            introduced: 0,
        });
        match f.status {
            PairStatus::Fixed => row.fixed += 1,
            PairStatus::Kept => row.kept += 1,
            PairStatus::Introduced => row.introduced += 1,
        }
    }
    let model_addresses: BTreeSet<String> =
        model.map(|m| m.addresses().collect()).unwrap_or_default();
    let services = |list: &BTreeSet<String>| -> BTreeSet<String> {
        list.iter()
            .filter_map(|a| a.split('.').next().and_then(aws_service))
            .collect()
    };
    let (model_services, ideal_services) = (services(&model_addresses), services(&ideal_addresses));
    Some(PairReport {
        model: model_name,
        ideal: ideal.iter().map(|c| c.name.clone()).collect(),
        findings: out,
        checks: checks.into_values().collect(),
        resources_added: ideal_addresses
            .difference(&model_addresses)
            .cloned()
            .collect(),
        resources_removed: model_addresses
            .difference(&ideal_addresses)
            .cloned()
            .collect(),
        services_added: ideal_services
            .difference(&model_services)
            .cloned()
            .collect(),
        services_removed: model_services
            .difference(&ideal_services)
            .cloned()
            .collect(),
    })
}

/// The category of a claimed fix by what it speaks of (RUBRIC.md 4.3): features and
/// security A; naming, standard practices and settings that made deployment fail B;
/// outputs, docs, comments, layout and validate-level errors C. A claim whose topic no
/// concept names is read by its words: errors `terraform validate` rejects are C, values
/// that made the deployment fail B, anything else C.
fn claimed_category(topics: &[&str], text: &str) -> Category {
    const A: &[&str] = &[
        "dead-letter queues",
        "alarms and metric filters",
        "routing and NAT",
        "CloudFront and TLS settings",
        "key policies",
    ];
    const B: &[&str] = &[
        "backend settings other than locking",
        "inline rules and separate rule resources",
        "name lengths and characters",
        "naming conventions",
        "deletion settings",
        "dependencies between resources",
        "sizes and settings the prompt requires",
        "the approach taken",
    ];
    const VALIDATE: &[&str] = &[
        "undeclared",
        "undefined",
        "unsupported argument",
        "unknown argument",
        "syntax",
        "duplicate",
        "reference to",
        "typo",
    ];
    const DEPLOYMENT: &[&str] = &[
        "deploy",
        "deployment",
        "apply",
        "refuse",
        "reject",
        "invalid",
        "not supported",
        "unsupported",
        "deprecated",
        "already exist",
        "access denied",
        "fail",
    ];
    if topics.iter().any(|t| A.contains(t)) {
        return Category::A;
    }
    if topics.iter().any(|t| B.contains(t)) {
        return Category::B;
    }
    if !topics.is_empty() {
        return Category::C;
    }
    let tokens = crate::bundle::wording::tokens(text);
    let says = |w: &str| crate::bundle::wording::has_phrase(&tokens, w);
    if VALIDATE.iter().any(|w| says(w)) {
        Category::C
    } else if DEPLOYMENT.iter().any(|w| says(w)) {
        Category::B
    } else {
        Category::C
    }
}

/// Everything the rating needs, gathered from a graded bundle.
#[allow(clippy::too_many_arguments)]
pub fn rating_input(
    submission: &Submission,
    findings: &[Finding],
    facts: &[ConfigFacts],
    pair: &PairReport,
    prompt: Option<&PromptReport>,
    claims: &[ClaimRow],
    metadata: Option<&MetadataReport>,
    failures_file: Option<&str>,
) -> RatingInput {
    let mut input = RatingInput {
        reviewer_score: metadata.and_then(|m| m.training_quality),
        ..RatingInput::default()
    };
    // Blockers.
    if let Some(m) = metadata {
        let terraform = |v: &Option<String>, names: &[&str]| {
            v.as_deref()
                .is_none_or(|v| names.contains(&v.to_ascii_lowercase().as_str()))
        };
        if !terraform(&m.platform, &["tf", "terraform", "hcl"])
            || !terraform(&m.language, &["hcl", "tf", "terraform"])
        {
            input.platform_mismatch = Some(Evidence::new(
                m.file.clone(),
                0,
                format!(
                    "platform {:?}, language {:?}; the code is Terraform (HCL)",
                    m.platform.as_deref().unwrap_or("-"),
                    m.language.as_deref().unwrap_or("-")
                ),
            ));
        }
    }
    if let Some(p) = prompt {
        input.requested = p
            .services
            .iter()
            .map(|s| RequestedService {
                service: s.service.to_owned(),
                in_ideal: s.ideal.as_ref().is_none_or(|i| i.present),
                evidence: Evidence::new(p.file.clone(), s.line, s.sentence.clone()),
            })
            .collect();
        if let Some(required) = &p.region {
            input.region = Some(RegionCheck {
                required: required.regions.clone(),
                ideal: p
                    .provider_regions
                    .iter()
                    .filter(|r| r.side == Side::Ideal)
                    .filter(|r| pair.ideal.contains(&r.configuration))
                    .filter_map(|r| r.region.clone())
                    .collect(),
                evidence: Evidence::new(p.file.clone(), required.line, required.sentence.clone()),
            });
        }
    }
    // Fixes found by checks: one per check with a finding fixed.
    let ideal_unknown_backend = findings.iter().any(|f| {
        f.code == "TFG101"
            && f.unknown
            && pair.ideal.iter().any(|c| {
                submission
                    .configs
                    .get(submission.unit(f.unit).config)
                    .is_some_and(|g| &g.name == c)
            })
    });
    for outcome in pair.checks.iter().filter(|c| c.fixed > 0) {
        // Local state replaced by the template's empty backend is no fix at all.
        if outcome.code == "TFG103" && ideal_unknown_backend {
            continue;
        }
        let Some(check) = crate::registry::by_code(outcome.code) else {
            continue;
        };
        let first = pair
            .findings
            .iter()
            .find(|f| f.code == outcome.code && f.status == PairStatus::Fixed);
        input.fixes.push(RatedFix {
            category: check.category,
            source: FixSource::Check {
                code: outcome.code.to_owned(),
            },
            title: format!(
                "{} ({} of {} finding(s) gone)",
                check.name, outcome.fixed, outcome.model
            ),
            evidence: first
                .and_then(|f| {
                    f.model
                        .as_ref()
                        .map(|m| Evidence::new(m.file.clone(), m.line, f.message.clone()))
                })
                .into_iter()
                .collect(),
        });
    }
    // Tests: a fix where the model response had placeholder tests, or the prompt asks for
    // tests and the model gave none, and the bundle's tests are real.
    let tests = crate::analysis::test_sources::test_files(submission);
    let in_model_response = |t: &crate::analysis::test_sources::TestFile<'_>| {
        file_name(&submission.file(t.unit.file).path) == "MODEL_RESPONSE.md"
    };
    let model_tests: Vec<_> = tests.iter().filter(|t| in_model_response(t)).collect();
    let real_bundle_test = tests
        .iter()
        .find(|t| !t.from_response && t.source.has_real_tests());
    let asks_for_tests = submission.find_document("PROMPT.md").is_some_and(|(_, f)| {
        let tokens = crate::bundle::wording::tokens(&f.text);
        ["unit test", "integration test", "tests", "test suite"]
            .iter()
            .any(|w| crate::bundle::wording::has_phrase(&tokens, w))
    });
    if let Some(real) = real_bundle_test {
        let replaced =
            !model_tests.is_empty() && model_tests.iter().all(|t| !t.source.has_real_tests());
        if replaced || model_tests.is_empty() && asks_for_tests {
            input.fixes.push(RatedFix {
                category: Category::A,
                source: FixSource::Check {
                    code: "TFG302".to_owned(),
                },
                title: if replaced {
                    "real tests replace the model response's placeholder tests".to_owned()
                } else {
                    "the tests the prompt asks for, which the model response did not give"
                        .to_owned()
                },
                evidence: vec![Evidence::new(
                    submission.file(real.unit.file).path.clone(),
                    0,
                    "real test cases",
                )],
            });
        }
    }
    // Architecture: the ideal adds services the prompt asks for.
    if let Some(p) = prompt {
        let added: Vec<&crate::bundle::prompt::ServiceRequirement> = p
            .services
            .iter()
            .filter(|s| {
                s.ideal.as_ref().is_some_and(|i| i.present)
                    && s.model.as_ref().is_none_or(|m| !m.present)
            })
            .collect();
        if !added.is_empty() {
            input.fixes.push(RatedFix {
                category: Category::A,
                source: FixSource::Architecture {
                    service: added
                        .iter()
                        .map(|s| s.service)
                        .collect::<Vec<_>>()
                        .join(", "),
                },
                title: "the ideal adds services the prompt asks for and the model response lacks"
                    .to_owned(),
                evidence: added
                    .iter()
                    .map(|s| Evidence::new(p.file.clone(), s.line, s.sentence.clone()))
                    .collect(),
            });
        }
    }
    // The gap, and what the ideal introduces.
    input.checks_resolved = pair.checks.iter().filter(|c| c.fixed > 0).count();
    input.findings_fixed = pair.checks.iter().map(|c| c.fixed).sum();
    input.regressions = pair
        .findings
        .iter()
        .filter(|f| f.status == PairStatus::Introduced)
        .filter_map(|f| {
            f.ideal.as_ref().map(|p| {
                Evidence::new(p.file.clone(), p.line, format!("{}: {}", f.code, f.message))
            })
        })
        .collect();
    // Requested services the model response built and the ideal drops.
    if let Some(p) = prompt {
        for s in &p.services {
            let model_has = s.model.as_ref().is_some_and(|m| m.present);
            let ideal_lacks = s.ideal.as_ref().is_some_and(|i| !i.present);
            if model_has && ideal_lacks {
                input.regressions.push(Evidence::new(
                    p.file.clone(),
                    s.line,
                    format!(
                        "the ideal drops {}, which the prompt asks for and the model response built",
                        s.service
                    ),
                ));
            }
        }
    }
    // Claimed fixes: what the review claims, that nothing contradicts and that the model
    // response did have (verified, partly, not checkable); a claim about a check already
    // counted as a fix adds nothing.
    let counted: Vec<String> = input
        .fixes
        .iter()
        .filter_map(|f| match &f.source {
            FixSource::Check { code } => Some(code.clone()),
            _ => None,
        })
        .collect();
    // A review that lists the same fix twice (an item, then a summary of it) claims it
    // once.
    let mut titles: Vec<String> = Vec::new();
    for claim in claims.iter().filter(|c| {
        matches!(
            c.verdict,
            Verdict::NotCheckable | Verdict::Verified | Verdict::Partly
        ) && c.expectation == Expectation::Fixed
            && !c.codes.iter().any(|code| counted.iter().any(|k| k == code))
    }) {
        let title = claim.title.trim().to_lowercase();
        if titles.contains(&title) {
            continue;
        }
        titles.push(title);
        let by_check = claim
            .codes
            .iter()
            .filter(|_| claim.verdict != Verdict::NotCheckable)
            .find_map(|code| crate::registry::by_code(code))
            .map(|check| check.category);
        input.fixes.push(RatedFix {
            category: by_check.unwrap_or_else(|| {
                claimed_category(&claim.topics, &format!("{} {}", claim.title, claim.text))
            }),
            source: FixSource::Claim {
                number: claim.number.clone(),
            },
            title: match claim.verdict {
                Verdict::NotCheckable => {
                    format!("claimed by the review, not verified: {}", claim.title)
                }
                Verdict::Partly => {
                    format!("claimed by the review, partly confirmed: {}", claim.title)
                }
                _ => format!("claimed by the review, confirmed: {}", claim.title),
            },
            evidence: vec![Evidence::new(
                failures_file.unwrap_or("MODEL_FAILURES.md"),
                claim.line,
                claim.title.clone(),
            )],
        });
    }
    // Complexity of the ideal.
    let ideal: Vec<&ConfigFacts> = facts
        .iter()
        .filter(|c| pair.ideal.contains(&c.name))
        .collect();
    let resources: Vec<(&str, &str, &str)> = ideal
        .iter()
        .flat_map(|c| {
            c.resources
                .iter()
                .map(move |(k, n)| (c.name.as_str(), k.as_str(), n.as_str()))
        })
        .collect();
    let first = |pred: &dyn Fn(&str, &str) -> bool| {
        resources
            .iter()
            .find(|(_, k, n)| pred(k, n))
            .map(|(config, k, n)| Evidence::new(*config, 0, format!("{k}.{n}")))
    };
    let ideal_indexes: Vec<usize> = ideal.iter().map(|c| c.index).collect();
    let single_az: BTreeSet<String> = findings
        .iter()
        .filter(|f| f.code == "TFG681" && counts(f))
        .filter(|f| ideal_indexes.contains(&submission.unit(f.unit).config))
        .filter_map(|f| f.resource.as_deref().map(block_address))
        .collect();
    let services: BTreeSet<String> = resources
        .iter()
        .filter_map(|(_, k, _)| aws_service(k))
        .collect();
    input.complexity = Complexity {
        services: services.into_iter().collect(),
        // KMS or encryption resources; storage encrypted by its own arguments; else IAM
        // policies of which no statement is found over-broad (least privilege).
        security: first(&|k, _| {
            k == "aws_kms_key" || k.contains("encryption") || k == "aws_kms_alias"
        })
        .or_else(|| {
            ideal.iter().find_map(|c| {
                c.encrypts_storage
                    .as_ref()
                    .map(|a| Evidence::new(c.name.clone(), 0, format!("{a} encrypts its storage")))
            })
        })
        .or_else(|| {
            let broad = findings.iter().any(|f| {
                ["TFG603", "TFG604", "TFG605"].contains(&f.code)
                    && counts(f)
                    && ideal_indexes.contains(&submission.unit(f.unit).config)
            });
            (!broad)
                .then(|| {
                    first(&|k, _| {
                        matches!(
                            k,
                            "aws_iam_policy" | "aws_iam_role_policy" | "aws_iam_policy_document"
                        )
                    })
                })
                .flatten()
        }),
        high_availability: first(&|k, n| {
            matches!(
                k,
                "aws_autoscaling_group"
                    | "aws_route53_health_check"
                    | "aws_elasticache_replication_group"
            ) || matches!(k, "aws_db_instance" | "aws_rds_cluster")
                && !single_az.contains(&format!("{k}.{n}"))
        }),
        advanced: first(&|k, _| {
            [
                "aws_lambda_function",
                "aws_sqs_queue",
                "aws_sns_topic",
                "aws_kinesis_stream",
                "aws_kinesis_firehose_delivery_stream",
                "aws_cloudwatch_event_rule",
                "aws_sfn_state_machine",
                "aws_api_gateway_rest_api",
                "aws_apigatewayv2_api",
                "aws_lambda_event_source_mapping",
            ]
            .contains(&k)
        }),
    };
    input
}
