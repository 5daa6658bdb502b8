//! The claims of MODEL_FAILURES.md, checked against the findings (RUBRIC.md 2, issue
//! "Task bundles"). The analysis is split into claims: numbered headings or items (with
//! their **Issue** / **Fix** text, nested bullets included), and the bullets of unnumbered
//! sections ("Code Quality Improvements", "Not changed"). Each claim's wording is read by
//! the concept table of [`wording`] and judged by those checks' results on the model
//! response and on the ideal (the lib/ configuration and IDEAL_RESPONSE.md), by the
//! comparison of PROMPT.md with the pair for the requested services and region, or by the
//! parse errors for code that did not parse: *verified*, *contradicted* (with the
//! evidence), or *not checkable* (no check reads what it speaks of, or the value could
//! not be known).
//!
//! The scope rule: a claim that names resources ([`ClaimScope`]) is judged on the findings
//! about them when there are any; the ideal's findings on other resources are named in the
//! evidence ("not judged, on resources the claim does not name") but do not decide. When
//! none of the claim's findings is about the named resources, a fix claim is verified by
//! the ideal adding a named resource the model response lacks; otherwise the claim is
//! judged on every finding of its checks. A claim about every instance ("no policy uses
//! wildcards anymore") has no scope.

use serde::Serialize;

mod reading;

pub use reading::Expectation;
#[cfg(test)]
use reading::negated;
use reading::split;

use super::prompt::{PromptReport, ProviderRegion, ServicePresence, ServiceRequirement};
use super::wording::{self, Concept, Kind, Requirement};
use super::{ConfigFacts, Side};
use crate::analysis::services::{family_of_resource, resource_types_in};
use crate::finding::{Finding, Severity};
use crate::paths::file_name;
use crate::prose::find_words;
use crate::submission::Submission;

/// One claim of MODEL_FAILURES.md and its verdict.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimRow {
    /// `1`, `2` for numbered claims; a section letter and an index (`N1`) for the bullets
    /// of an unnumbered section.
    pub number: String,
    pub title: String,
    /// 1-based line of the claim in MODEL_FAILURES.md.
    pub line: usize,
    /// The claim's prose (code blocks left out).
    pub text: String,
    /// What the claim says happened, after its wording (negations included) is read.
    pub expectation: Expectation,
    /// The checks the claim is about (only codes of the registries).
    pub codes: Vec<&'static str>,
    /// The prompt's requirements the claim is about, judged by the comparison of PROMPT.md
    /// with the configurations: `services`, `region`.
    pub requirements: Vec<Requirement>,
    /// What the claim speaks of that no check reads ("outputs", "dead-letter queues"):
    /// the category of a claimed fix (RUBRIC.md 4.3) comes from it.
    pub topics: Vec<&'static str>,
    pub verdict: Verdict,
    pub evidence: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The model response had the flaw (or its side cannot be known) and the ideal does
    /// not.
    Verified,
    /// The ideal still has the flaw, or the change the claim describes is not in it.
    Contradicted,
    /// The claim lists several flaws one by one and only some of them are confirmed: the
    /// others are not in the findings, or no check reads them.
    Partly,
    /// The ideal does not have the flaw, but the model response did not have it either:
    /// the review describes a flaw the model response does not show.
    Unfounded,
    /// No check reads what the claim speaks of, or the value cannot be known.
    NotCheckable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Verified => "verified",
            Verdict::Contradicted => "contradicted",
            Verdict::Unfounded => "unfounded",
            Verdict::Partly => "partly",
            Verdict::NotCheckable => "not checkable",
        }
    }
}

/// Text without IAM action names (`kms:Decrypt`): a policy naming KMS actions is about
/// permissions, not encryption. A wildcard action (`s3:*`, `logs:*`) is read as the word
/// "wildcard".
fn without_actions(text: &str) -> String {
    text.split_whitespace()
        .filter_map(|word| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '*' && c != ':');
            let action = bare.split_once(':').filter(|(service, action)| {
                !service.is_empty()
                    && service
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && action
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '*')
            });
            match action {
                Some((_, action)) if action.ends_with('*') => Some("wildcard"),
                Some(_) => None,
                None => Some(word),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a claim's wording names: check codes, prompt requirements, topics no check reads.
#[derive(Debug, Default)]
struct Mapping {
    /// Codes of the registries (a `TFG3` concept gives every tests check there is).
    codes: Vec<&'static str>,
    /// Among them, the codes a concept of a single check names (`rotation`, `ssh`):
    /// specific enough to hold even when the model response did not fail them.
    specific: Vec<&'static str>,
    requirements: Vec<Requirement>,
    /// Topics of concepts no check reads ("outputs").
    unchecked: Vec<&'static str>,
    /// The claim speaks of code that does not parse.
    syntax: bool,
    /// The topics of the concepts whose checks judge the claim.
    topics: Vec<&'static str>,
    /// The codes come from a subject the claim names (IAM, secrets) without naming a
    /// failure of it: they can show the claim holds, but a finding of theirs holds the
    /// claim to a stricter standard than it states.
    subject_only: bool,
    /// Code prefixes that may judge what the issue says of the unchecked topics.
    refined_by: Vec<&'static str>,
    /// Aspects no check reads (documentation, input validation): in a title they make
    /// the claim not checkable.
    aspects: Vec<&'static str>,
}

impl Mapping {
    /// Whether the text names something a claim is judged by: a check, a requirement of
    /// the prompt, or code that does not parse.
    fn judged(&self) -> bool {
        !self.codes.is_empty() || !self.requirements.is_empty() || self.syntax
    }
}

/// Topics of concepts whose checks read many kinds of resources at different standards:
/// a claim that names only the topic is not held to each of them.
const BROAD_TOPICS: &[&str] = &[
    "KMS encryption",
    "encryption",
    "IAM permissions",
    "IAM",
    "secrets",
    "network exposure",
];

/// Checks whose findings are many, one per resource of a kind: a claim is held to them
/// only on the resources it names, or when it speaks of every one.
const NEEDS_RESOURCE: &[&str] = &[
    "TFG302", "TFG304", "TFG401", "TFG501", "TFG502", "TFG503", "TFG504", "TFG505", "TFG601",
    "TFG603", "TFG604", "TFG605", "TFG608", "TFG630", "TFG641", "TFG690",
];

/// The resource types a check's findings are about, where they are of one service: S3
/// encryption checks say nothing of an SNS topic. None: any resource, or none.
fn types_read(code: &str) -> Option<&'static [&'static str]> {
    Some(match code {
        "TFG601" | "TFG602" => &["aws_s3_bucket"],
        "TFG606" => &["aws_kms_key"],
        "TFG105" | "TFG106" | "TFG107" | "TFG607" | "TFG608" => &["aws_dynamodb_table"],
        "TFG630" | "TFG631" | "TFG632" => &["aws_cloudtrail"],
        "TFG640" | "TFG641" => &["aws_cloudwatch_log_group"],
        "TFG660" | "TFG670" => &["aws_instance", "aws_launch_template"],
        "TFG681" => &["aws_db_instance", "aws_rds_cluster"],
        _ => return None,
    })
}

/// Whether a check reads resources of the services a claim names (every check does when
/// the claim names none). KMS beside another service is the means of encryption ("SNS
/// topic with KMS encryption"), not the service the claim is about.
fn reads_families(code: &str, families: &[&str]) -> bool {
    let Some(types) = types_read(code) else {
        return true;
    };
    let named: Vec<&str> = if families.len() > 1 {
        families.iter().copied().filter(|f| *f != "kms").collect()
    } else {
        families.to_vec()
    };
    named.is_empty()
        || types
            .iter()
            .any(|t| family_of_resource(t).is_some_and(|f| named.contains(&f.as_str())))
}

/// The codes a text names, among the checks that exist.
#[cfg(test)]
fn codes_of(text: &str) -> Vec<&'static str> {
    mapping(text).codes
}

/// Reads a claim's wording with the concept table ([`wording::CONCEPTS`]): failures give
/// their codes; a subject (IAM, secrets) gives its codes only when no failure is named;
/// words of exposure in general give every network check unless one is named; prompt
/// requirements and unchecked topics are kept apart.
fn mapping(text: &str) -> Mapping {
    let concepts = wording::concepts_in(&without_actions(text));
    let mut out = Mapping::default();
    let mut wanted: Vec<&'static str> = Vec::new();
    let failures: Vec<&Concept> = concepts
        .iter()
        .copied()
        .filter(|c| c.kind == Kind::Failure)
        .collect();
    // A subject (IAM, secrets) beside a topic no check reads ("the notification depends on
    // the Lambda permission") is what that topic is about.
    let unchecked_topic = concepts.iter().any(|c| c.kind == Kind::Unchecked);
    out.subject_only =
        failures.is_empty() && !unchecked_topic && concepts.iter().any(|c| c.kind == Kind::Subject);
    let chosen: Vec<&Concept> = if failures.is_empty() && !unchecked_topic {
        concepts
            .iter()
            .copied()
            .filter(|c| c.kind == Kind::Subject)
            .collect()
    } else {
        failures
    };
    for concept in chosen {
        out.topics.push(concept.topic);
        wanted.extend_from_slice(concept.codes);
        if let [one] = concept.codes {
            out.specific.push(one);
        }
    }
    for concept in &concepts {
        match concept.kind {
            Kind::Network if !wanted.iter().any(|c| c.starts_with("TFG2")) => {
                out.topics.push(concept.topic);
                wanted.extend_from_slice(concept.codes);
            }
            Kind::Requirement(r) => out.requirements.push(r),
            Kind::Unchecked => {
                out.unchecked.push(concept.topic);
                out.refined_by.extend_from_slice(concept.codes);
            }
            Kind::Syntax => out.syntax = true,
            Kind::Aspect => out.aspects.push(concept.topic),
            _ => {}
        }
    }
    // "Trail limited to one region ... the prompt asks for all regions" is about the trail.
    if wanted.contains(&"TFG632") {
        out.requirements.retain(|r| *r != Requirement::Region);
    }
    // Only checks that exist; `TFG3` stands for every tests check there is.
    let mut codes: Vec<&'static str> = crate::registry::checks()
        .map(|c| c.code)
        .filter(|code| {
            wanted.iter().any(|w| {
                if w.len() < 6 {
                    code.starts_with(w)
                } else {
                    code == w
                }
            })
        })
        .collect();
    codes.sort_unstable();
    codes.dedup();
    out.specific.retain(|c| codes.contains(c));
    out.codes = codes;
    out
}

/// A claim about every instance ("all buckets", "no policy uses wildcards anymore"): held
/// to every check it names, not only those the model response failed.
fn universal(text: &str) -> bool {
    let lower = text.to_lowercase();
    // "No wildcard permission is left": a sentence with "no" before "left".
    let nothing_left = lower.split(['.', ';', '\n']).any(|sentence| {
        find_words(sentence, "no").is_some_and(|no| {
            ["left", "remain", "remains"]
                .iter()
                .any(|w| find_words(&sentence[no..], w).is_some())
        })
    });
    nothing_left
        || [
            "all",
            "every",
            "none",
            "anymore",
            "no wildcards",
            "no longer",
        ]
        .iter()
        .any(|w| find_words(&lower, w).is_some())
}

/// The services that "all" or "every" are said of ("all EBS volumes", "every bucket"),
/// within the three words after it; empty when they are said of nothing named.
fn families_after_all(text: &str) -> Vec<&'static str> {
    let tokens = wording::tokens(text);
    let mut out: Vec<&'static str> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if token == "all" || token == "every" {
            let after = tokens[i + 1..(i + 4).min(tokens.len())].join(" ");
            for family in super::prompt::families_named(&after) {
                if !out.contains(&family) {
                    out.push(family);
                }
            }
        }
    }
    out
}

/// Codes judged on the bundle as it is (its documents and tests), not per configuration.
fn bundle_level(code: &str) -> bool {
    code.starts_with("TFG3") || code.starts_with("TFG5")
}

/// Resource name labels too common as words to name a resource in prose.
const COMMON_LABELS: &[&str] = &[
    "this", "main", "default", "example", "primary", "all", "current", "self", "one", "new", "the",
    "it", "a",
];

/// The resources a claim speaks of (RUBRIC.md 2, claims). Its subject (title and issue)
/// names them by address (`aws_iam_role.webhook`), resource type
/// (`aws_s3_bucket_public_access_block`), name label used as a word ("the *receipts*
/// bucket", "the *webhook* role") or service noun ("bucket" is S3, "role" is IAM); its fix
/// by address only. A resource is in the scope when its address or type is named; when it
/// is of a named service, if no label names a resource of that service, else if its label
/// is named ("webhook role": that role, not every role); when no service is named, if its
/// label is. A label that is a word of a failure ("ssh") names the failure, not a resource.
#[derive(Debug, Default)]
struct ClaimScope {
    /// Addresses named, without instance keys.
    addresses: Vec<String>,
    types: Vec<String>,
    /// Name labels used as words (a data source with the label counts too:
    /// `data.aws_iam_policy_document.ingest`).
    labels: Vec<String>,
    /// Services named, as families of the coverage map.
    families: Vec<&'static str>,
    /// The named families in which a label names a resource.
    labelled_families: Vec<String>,
}

impl ClaimScope {
    /// The scope of a claim: its subject (title and issue) names resources by address,
    /// type, label or service; the rest of its text (the fix) by address only.
    fn read(subject: &str, text: &str, configs: &[ConfigFacts]) -> ClaimScope {
        let mut scope = ClaimScope {
            families: super::prompt::families_named(&without_actions(subject)),
            ..ClaimScope::default()
        };
        for source in [subject, text] {
            for (at, kind) in resource_types_in(source) {
                let name: String = source[at + kind.len()..]
                    .strip_prefix('.')
                    .map(|r| {
                        r.chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                            .collect()
                    })
                    .unwrap_or_default();
                if !name.is_empty() {
                    let address = format!("{kind}.{name}");
                    // Named by address, a resource is what the claim speaks of in its
                    // service, not every resource of it.
                    if let Some(family) = family_of_resource(kind)
                        && !scope.labelled_families.contains(&family)
                    {
                        scope.labelled_families.push(family);
                    }
                    if !scope.addresses.contains(&address) {
                        scope.addresses.push(address);
                    }
                } else if source == subject && !scope.types.iter().any(|t| t == kind) {
                    scope.types.push(kind.to_owned());
                }
            }
        }
        let tokens = wording::tokens(subject);
        let failure_word = |label: &str| {
            let label_tokens = wording::tokens(label);
            wording::CONCEPTS
                .iter()
                .filter(|c| matches!(c.kind, Kind::Failure | Kind::Network))
                .any(|c| c.terms.iter().any(|t| t.matches(label, &label_tokens)))
        };
        let mut labelled: Vec<(&str, &str)> = Vec::new();
        for config in configs.iter().filter(|c| c.side != Side::Other) {
            for (kind, name) in &config.resources {
                let words: Vec<String> = wording::tokens(name);
                if words.is_empty()
                    || name.len() < 3
                    || COMMON_LABELS.contains(&name.as_str())
                    || labelled.iter().any(|(k, n)| k == kind && n == name)
                {
                    continue;
                }
                let family = family_of_resource(kind);
                let named = (0..tokens.len()).any(|i| {
                    let label_here = words.iter().enumerate().all(|(k, w)| {
                        tokens
                            .get(i + k)
                            .is_some_and(|t| wording::is_form(t, w) || wording::is_form(w, t))
                    });
                    // Beside a named service, a label names a resource when it modifies
                    // its service's noun: "the *private* network ACL", "the *receipts*
                    // bucket" (so "the bucket stays private" names no resource).
                    let end = i + words.len();
                    let modifies = || {
                        let after =
                            tokens[end.min(tokens.len())..(end + 3).min(tokens.len())].join(" ");
                        family.as_ref().is_some_and(|f| {
                            super::prompt::families_named(&after).contains(&f.as_str())
                        })
                    };
                    label_here && (scope.families.is_empty() || modifies())
                });
                if named && !failure_word(&name.replace(['_', '-'], " ")) {
                    labelled.push((kind, name));
                }
            }
        }
        for (kind, name) in labelled {
            if let Some(family) = family_of_resource(kind)
                && scope.families.contains(&family.as_str())
                && !scope.labelled_families.contains(&family)
            {
                scope.labelled_families.push(family);
            }
            if !scope.labels.iter().any(|l| l == name) {
                scope.labels.push(name.to_owned());
            }
        }
        scope
    }

    /// Whether the claim names resources by address, type or label.
    fn names_resources(&self) -> bool {
        !self.addresses.is_empty() || !self.types.is_empty() || !self.labels.is_empty()
    }

    fn is_empty(&self) -> bool {
        !self.names_resources() && self.families.is_empty()
    }

    /// Whether the claim names this resource itself: by address, type or label, not only
    /// by its service.
    fn names(&self, address: &str) -> bool {
        let Some((address, kind, name)) = address_parts(address) else {
            return false;
        };
        self.labels.iter().any(|l| l == name) || self.names_directly(address, kind)
    }

    /// Whether the claim names this resource by its own address, exact type or label:
    /// for what each resource has of its own (its name), a target group is not its
    /// load balancer.
    fn names_own(&self, address: &str) -> bool {
        let Some((address, kind, name)) = address_parts(address) else {
            return false;
        };
        self.labels.iter().any(|l| l == name)
            || self.addresses.iter().any(|a| a == address)
            || self.types.iter().any(|t| t == kind)
    }

    /// Whether the claim names the resource by its address or its type.
    fn names_directly(&self, address: &str, kind: &str) -> bool {
        self.addresses.iter().any(|a| a == address)
            || self.types.iter().any(|t| extends_type(kind, t))
    }

    /// Whether a resource address (`aws_iam_role.x`, `data.aws_iam_policy_document.y`,
    /// `aws_subnet.a[0]`) is one the claim speaks of.
    fn contains(&self, address: &str) -> bool {
        let Some((address, kind, name)) = address_parts(address) else {
            return false;
        };
        let labelled = self.labels.iter().any(|l| l == name);
        self.names_directly(address, kind)
            || match family_of_resource(kind) {
                Some(f) if self.families.contains(&f.as_str()) => {
                    labelled || !self.labelled_families.contains(&f)
                }
                _ => labelled && self.families.is_empty(),
            }
    }
}

/// A resource address without `data.` and instance keys, with its type and name label:
/// `data.aws_iam_policy_document.y` → (`aws_iam_policy_document.y`, its type, `y`).
fn address_parts(address: &str) -> Option<(&str, &str, &str)> {
    let address = address.strip_prefix("data.").unwrap_or(address);
    let address = address.split('[').next().unwrap_or(address);
    let (kind, name) = address.split_once('.')?;
    Some((address, kind, name))
}

/// Whether a resource type is `base` or extends it (`aws_s3_bucket_policy` extends
/// `aws_s3_bucket`).
pub(crate) fn extends_type(kind: &str, base: &str) -> bool {
    kind.strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('_'))
}

/// What claims are judged with besides the findings.
pub struct Context<'a> {
    /// The configurations of the bundle.
    pub configs: &'a [ConfigFacts],
    /// PROMPT.md's requirements compared with the configurations, when there is a prompt.
    pub prompt: Option<&'a PromptReport>,
    /// The test files whose every case is a placeholder.
    pub placeholder_tests: &'a [crate::submission::UnitId],
}

/// Reads MODEL_FAILURES.md and judges each claim by the findings of the submission and the
/// comparison of the prompt with the configurations.
pub fn judge(
    submission: &Submission,
    findings: &[Finding],
    markdown: &str,
    context: &Context<'_>,
) -> Vec<ClaimRow> {
    let line_index = crate::source::LineIndex::new(markdown);
    let counted = |f: &&Finding| f.suppressed.is_none() && f.severity != Severity::Info;
    let config_of = |f: &Finding| submission.unit(f.unit).config;
    let is_model = |config: usize| Side::of(submission, config) == Side::Model;
    let is_ideal = |config: usize| Side::of(submission, config) == Side::Ideal;
    let has_model = ConfigFacts::model(context.configs).is_some();
    // A parse error in the model response: what it lacks may be in the part not read.
    let model_unparsed = submission.errors.iter().find_map(|e| {
        let source = submission.file(e.file);
        (file_name(&source.path) == "MODEL_RESPONSE.md").then(|| {
            let line = source.line_index.position(&source.text, e.range.start).line;
            format!("{}:{line}", source.path)
        })
    });
    let describe = |f: &Finding| {
        let unit = submission.unit(f.unit);
        let source = submission.file(unit.file);
        let offset = unit.to_file_offset(f.range.start);
        let line = source.line_index.position(&source.text, offset).line;
        format!("{} ({}:{line})", f.message, source.path)
    };
    // The codes of the headed items read so far: a later list item about the same checks
    // restates one ("Summary: 1. random suffixes on every name").
    let mut numbered_codes: Vec<&'static str> = Vec::new();
    // Their titles' words: "Module Structure" restates "Module Directory Structure".
    let mut headed_titles: Vec<Vec<String>> = Vec::new();
    split(markdown)
        .into_iter()
        .filter_map(|claim| {
            // What the claim says of itself (not its impact or root cause): whether it
            // speaks of every instance.
            let claim_words = format!("{} {}", claim.subject, claim.fix);
            // What the title names decides; the issue text only when the title names
            // nothing a claim is judged by ("Resource Cleanup Restrictions").
            let by_title = mapping(&claim.title);
            // "Documentation left as template text" is a failure of the documents a
            // check reads, not an aspect no check reads.
            let aspects: Vec<&'static str> = by_title
                .aspects
                .iter()
                .copied()
                .filter(|a| {
                    !(*a == "documentation and instructions"
                        && by_title.topics.contains(&"documentation"))
                })
                .collect();
            let mut mapped = if !aspects.is_empty() {
                // "Missing Backend Bootstrap Documentation" speaks of documents, not of
                // locking: nothing the title names otherwise judges it.
                Mapping {
                    unchecked: aspects,
                    ..Mapping::default()
                }
            } else if by_title.judged() {
                by_title
            } else if !by_title.unchecked.is_empty() {
                // A title about something no check reads ("Hardcoded Backend
                // Configuration") is judged by its issue only where the issue refines
                // that topic into a check ("the tests were placeholders").
                let mut by_subject = mapping(&claim.subject);
                let refined = |c: &&str| by_title.refined_by.iter().any(|p| c.starts_with(p));
                by_subject.codes.retain(refined);
                by_subject.specific.retain(refined);
                by_subject.requirements.clear();
                by_subject.syntax = false;
                by_subject.unchecked = by_title.unchecked.clone();
                by_subject
            } else {
                mapping(&claim.subject)
            };
            // A fix part claims the fix it describes: what it names of the claim's own
            // family ("Key rotation is enabled", "integration tests against the deployed
            // stack") is held against the ideal too.
            let by_fix = mapping(&claim.fix);
            let families_of = |c: &str| c.get(..4).map(str::to_owned);
            let fix_specific: Vec<&'static str> = by_fix
                .codes
                .iter()
                .copied()
                .filter(|c| {
                    mapped.codes.iter().any(|m| families_of(m) == families_of(c))
                        && (by_fix.specific.contains(c) || bundle_level(c))
                })
                .collect();
            for code in &fix_specific {
                if !mapped.codes.contains(code) {
                    mapped.codes.push(code);
                }
            }
            mapped.codes.sort_unstable();
            // A claim whose title and issue name no check is judged by what its fix says
            // specifically of the final state ("the database ports are now restricted").
            let fix_only = mapped.codes.is_empty()
                && mapped.unchecked.is_empty()
                && !by_fix.specific.is_empty();
            if fix_only {
                mapped.codes = by_fix.specific.clone();
                mapped.specific = by_fix.specific.clone();
                mapped.topics = by_fix.topics.clone();
                mapped.subject_only = by_fix.subject_only;
            }
            // A fix that names the failure ("all buckets now use KMS") holds the claim to
            // it, whatever its title named.
            if !by_fix.subject_only && by_fix.codes.iter().any(|c| mapped.codes.contains(c)) {
                mapped.subject_only = false;
            }
            let expectation = if fix_only && claim.expectation == Expectation::Fixed {
                Expectation::Holds
            } else {
                claim.expectation
            };
            // A claim about a service the checks do not read ("SNS topic with KMS
            // encryption") is not judged by them.
            let families = if universal(&claim_words) {
                Vec::new()
            } else {
                super::prompt::families_named(&without_actions(&claim.subject))
            };
            let unread: Vec<&'static str> = mapped
                .codes
                .iter()
                .copied()
                .filter(|code| !fix_specific.contains(code) && !reads_families(code, &families))
                .collect();
            mapped.codes.retain(|c| !unread.contains(c));
            mapped.specific.retain(|c| !unread.contains(c));
            let codes = mapped.codes.clone();
            // What the fix says it did specifically ("key rotation is enabled") holds too.
            let mut specific = mapped.specific.clone();
            specific.extend(
                by_fix
                    .specific
                    .iter()
                    .copied()
                    .chain(fix_specific.iter().copied())
                    .filter(|c| codes.contains(c)),
            );
            let of = |code: &str, side: &dyn Fn(usize) -> bool| -> Vec<&Finding> {
                findings
                    .iter()
                    .filter(|f| f.code == code && side(config_of(f)))
                    .collect()
            };
            let mut model: Vec<&Finding> = Vec::new();
            let mut model_unknown: Vec<&Finding> = Vec::new();
            let mut ideal: Vec<&Finding> = Vec::new();
            let mut ideal_unknown: Vec<&Finding> = Vec::new();
            for code in &codes {
                if bundle_level(code) {
                    // Tests shown inside MODEL_RESPONSE.md are the model's, not the ideal's.
                    let in_model_response = |f: &&Finding| {
                        let file = submission.file(submission.unit(f.unit).file);
                        file_name(&file.path) == "MODEL_RESPONSE.md"
                    };
                    for f in findings.iter().filter(|f| f.code == *code).filter(counted) {
                        if in_model_response(&f) {
                            model.push(f);
                        } else {
                            ideal.push(f);
                        }
                    }
                } else {
                    let m = of(code, &is_model);
                    model.extend(m.iter().copied().filter(counted));
                    model_unknown.extend(m.iter().copied().filter(|f| f.unknown));
                    let i = of(code, &is_ideal);
                    ideal_unknown.extend(i.iter().copied().filter(|f| f.unknown));
                    ideal.extend(i.into_iter().filter(counted));
                }
            }
            // The claim's scope: when findings of its checks are about the resources it
            // names, it is judged on those; the ideal's findings on other resources are
            // named in the evidence but do not decide.
            // A claim about every instance ("no policy uses wildcards anymore") has none.
            // What the claim speaks of; a claim about every instance ("no policy uses
            // wildcards anymore") speaks of every one, of the kinds its title names.
            let mut scope = if universal(&claim_words) {
                ClaimScope::default()
            } else {
                ClaimScope::read(&claim.subject, &claim.text, context.configs)
            };
            // A claim that a kind of resource was missing is about that kind: the
            // checks judge it on those resources only ("Missing KMS key policy" is not
            // about the log groups' encryption).
            let presence = (expectation == Expectation::Fixed)
                .then(|| judge_presence(&claim.subject, context.configs))
                .flatten();
            // The types only the presence judgement names: "Missing CloudTrail" is about
            // the trail's existence, not about how the trail is set.
            let mut presence_only: Vec<String> = Vec::new();
            if let Some((_, _, types)) = &presence {
                for kind in types {
                    if !scope.types.contains(kind) {
                        scope.types.push(kind.clone());
                        presence_only.push(kind.clone());
                    }
                }
            }
            // The types the claim's title names by their words ("GuardDuty detector",
            // "SNS topic") are what it speaks of.
            {
                let all_types: Vec<&str> = context
                    .configs
                    .iter()
                    .flat_map(|c| c.resources.iter().map(|(k, _)| k.as_str()))
                    .collect();
                for (kind, _) in named_types(&wording::tokens(&claim.title), context.configs) {
                    // A setting resource speaks of its parent too: the public access
                    // block of a bucket is the bucket's (`aws_s3_bucket`).
                    let parents = all_types
                        .iter()
                        .copied()
                        .filter(|t| *t != kind && extends_type(kind, t));
                    for kind in parents.chain([kind]) {
                        presence_only.retain(|t| t != kind);
                        if !scope.types.iter().any(|t| t == kind) {
                            scope.types.push(kind.to_owned());
                        }
                    }
                    if let Some(family) = family_of_resource(kind)
                        && !scope.labelled_families.contains(&family)
                    {
                        scope.labelled_families.push(family);
                    }
                }
            }
            // A finding about no resource (the backend) cannot be outside the scope.
            let scoped = |f: &&Finding| {
                bundle_level(f.code) || f.resource.as_deref().is_none_or(|r| scope.contains(r))
            };
            let mut elsewhere: Vec<&Finding> = Vec::new();
            let mut out_of_scope: Option<String> = None;
            if !scope.is_empty() {
                let any_scoped = model
                    .iter()
                    .chain(&ideal)
                    .chain(&model_unknown)
                    .chain(&ideal_unknown)
                    .any(|f| !bundle_level(f.code) && scoped(f));
                if any_scoped {
                    elsewhere = ideal.iter().copied().filter(|f| !scoped(f)).collect();
                    model.retain(scoped);
                    model_unknown.retain(scoped);
                    ideal.retain(scoped);
                    ideal_unknown.retain(scoped);
                } else if !model.is_empty()
                        || !ideal.is_empty()
                        || !model_unknown.is_empty()
                        || !ideal_unknown.is_empty()
                {
                    // Findings of its checks exist, but none about what the claim names:
                    // they do not judge it.
                    elsewhere = ideal.clone();
                    out_of_scope = model
                        .first()
                        .or(ideal.first())
                        .or(model_unknown.first())
                        .or(ideal_unknown.first())
                        .map(|f| describe(f));
                    model.clear();
                    ideal.clear();
                    model_unknown.clear();
                    ideal_unknown.clear();
                }
            }
            // A fix claim is about what the model response failed: of a broad group of
            // checks (encryption, IAM), the ideal is held only to those the model failed,
            // plus the ones the claim names specifically, unless it speaks of every case.
            if expectation == Expectation::Fixed
                && !model.is_empty()
                && !universal(&claim_words)
            {
                let failed: Vec<&str> = model.iter().map(|f| f.code).collect();
                ideal.retain(|f| {
                    bundle_level(f.code)
                        || failed.contains(&f.code)
                        || specific.contains(&f.code)
                });
            }
            // Evidence from lib/ first: it is what gets deployed.
            ideal.sort_by_key(|f| {
                submission
                    .configs
                    .get(config_of(f))
                    .is_none_or(|c| c.from_response)
            });
            // What the fix says it kept ("limited to `ssm:*`") does not contradict it.
            // A name the ideal changed from the model response's ("added a suffix") is the
            // change a naming claim describes; whether the new name is unique per
            // deployment is the finding's own matter.
            let model_names = of("TFG401", &is_model);
            let renamed = |f: &Finding| {
                fn at(g: &Finding) -> Option<&str> {
                    g.resource.as_deref().and_then(address_parts).map(|p| p.0)
                }
                f.code == "TFG401" && {
                    let before: Vec<&&Finding> =
                        model_names.iter().filter(|m| at(m) == at(f)).collect();
                    !before.is_empty() && before.iter().all(|m| m.message != f.message)
                }
            };
            let (kept, rest): (Vec<&Finding>, Vec<&Finding>) =
                ideal.iter().partition(|f| {
                    renamed(f) || kept_as_described(f, &format!("{} {}", claim.title, claim.text))
                });
            ideal = rest;
            // A name the API overwrites in place (an alarm, a dashboard) does not collide:
            // it does not hold a claim of unique names.
            ideal.retain(|f| !(f.code == "TFG401" && f.severity == Severity::Low));
            // Checks of many resources of a kind (names, KMS, IAM statements, tags,
            // tests, documents) hold a claim to a finding only on the resources it names,
            // or when it speaks of every one ("no policy uses wildcards anymore"): "IAM
            // least privilege" in a list is not contradicted by some statement elsewhere.
            let every = universal(&claim_words);
            // The uncovered service named by the claim ("tests cover S3 and Lambda").
            let named_family = |f: &Finding| {
                f.resource
                    .as_deref()
                    .and_then(|r| r.split('.').next())
                    .and_then(family_of_resource)
                    .is_some_and(|family| scope.families.contains(&family.as_str()))
            };
            // A placeholder test in a file of placeholders only holds the whole suite to it.
            let whole_file = |f: &Finding| {
                f.code == "TFG302" && context.placeholder_tests.contains(&f.unit)
            };
            // Tests and documents are many: "all" in a claim about them is not every
            // test. "All" speaks of every resource of what the claim names, when it names
            // no resource by itself.
            // "All EBS volumes encrypted" speaks of every volume, not of every trail.
            let every_of = families_after_all(&claim_words);
            let of_every = |f: &Finding| {
                every
                    && !f.code.starts_with("TFG3")
                    && !f.code.starts_with("TFG5")
                    && !scope.names_resources()
                    && (scope.families.is_empty() || named_family(f))
                    && (every_of.is_empty()
                        || f.resource
                            .as_deref()
                            .and_then(|r| r.split('.').next())
                            .and_then(family_of_resource)
                            .is_some_and(|family| every_of.contains(&family.as_str())))
            };
            let named_resource = |f: &Finding| {
                f.resource.as_deref().is_some_and(|r| {
                    if f.code == "TFG401" {
                        scope.names_own(r)
                    } else {
                        scope.names(r)
                    }
                })
            };
            let (undecided, decisive): (Vec<&Finding>, Vec<&Finding>) =
                ideal.iter().partition(|f| {
                    let held = of_every(f)
                        || whole_file(f)
                        || f.code == "TFG304" && named_family(f)
                        || named_resource(f);
                    NEEDS_RESOURCE.contains(&f.code) && !held
                });
            ideal = decisive;
            // The checks whose findings in the ideal contradict the claim, if any.
            let contradicting: Vec<&'static str> = ideal.iter().map(|f| f.code).collect();
            let kept_note = kept.first().map(|f| {
                format!("; the ideal keeps what the claim's fix says it kept: {}", describe(f))
            });
            let only_bundle_level = codes.iter().all(|c| bundle_level(c));
            let model_resources: &[(String, String)] =
                ConfigFacts::model(context.configs).map_or(&[], |c| &c.resources);
            let ideal_resources: &[(String, String)] =
                ConfigFacts::ideal(context.configs).map_or(&[], |c| &c.resources);
            // The types the claim's checks read, when every check reads some; those the
            // model response has none of and the ideal has.
            let read: Option<Vec<&str>> = codes
                .iter()
                .map(|c| types_read(c))
                .collect::<Option<Vec<_>>>()
                .map(|all| all.concat());
            let model_has_read_types = read.as_ref().is_some_and(|types| {
                types
                    .iter()
                    .any(|t| model_resources.iter().any(|(k, _)| extends_type(k, t)))
            });
            let lacked_types: Vec<String> = read
                .unwrap_or_default()
                .into_iter()
                .filter(|t| {
                    !model_resources.iter().any(|(k, _)| extends_type(k, t))
                        && ideal_resources.iter().any(|(k, _)| extends_type(k, t))
                })
                .map(|t| format!("`{t}`"))
                .collect();
            // Coverage of every service is a claim of its own: a claim about the tests
            // that does not speak of coverage is not held to it.
            let words = wording::tokens(&format!("{} {}", claim.subject, claim.fix));
            let speaks_of_coverage = words
                .iter()
                .any(|t| wording::is_form(t, "cover") || t == "coverage")
                && words.iter().any(|t| {
                    ["all", "every", "full", "complete", "entire", "100", "90"].contains(&t.as_str())
                });
            if !speaks_of_coverage {
                ideal.retain(|f| f.code != "TFG304");
            }
            // A finding contradicts a claim only when the claim is about it: the claim
            // names its check specifically ("key rotation"), names its resource, speaks of
            // every one, or names one narrow topic the check belongs to. A finding of a
            // broad group ("encryption", "IAM") on some resource holds a claim about
            // something else to a standard it does not state.
            let one_narrow_topic = match mapped.topics.as_slice() {
                [topic] => !BROAD_TOPICS.contains(topic),
                _ => false,
            };
            let named_setting = |f: &Finding| {
                named_resource(f)
                    && !f.resource.as_deref().and_then(address_parts).is_some_and(|(_, kind, _)| {
                        presence_only.iter().any(|t| extends_type(kind, t))
                    })
            };
            let (pinned, loose): (Vec<&Finding>, Vec<&Finding>) = ideal.iter().partition(|f| {
                specific.contains(&f.code)
                    || named_setting(f)
                    || of_every(f)
                    || whole_file(f)
                    || one_narrow_topic
            });
            ideal = pinned;
            let list = codes.join(", ");
            let lacked_access = expectation == Expectation::Fixed
                && !codes.is_empty()
                && codes.iter().all(|c| c.starts_with("TFG2"))
                && lacked_access(&claim.subject);
            let by_codes = if codes.is_empty() {
                None
            } else if lacked_access {
                // "Missing OpenSSH access": the model lacked access the prompt asks for; the
                // exposure checks judge how open the added access is, which the claim does
                // not speak of.
                let model_has: Vec<String> = ConfigFacts::model(context.configs)
                    .map(|c| c.addresses().collect())
                    .unwrap_or_default();
                let added: Vec<String> = ConfigFacts::ideal(context.configs)
                    .map(|c| {
                        c.addresses()
                            .filter(|a| scope.names_resources() && scope.contains(a) && !model_has.contains(a))
                            .collect()
                    })
                    .unwrap_or_default();
                Some(if added.is_empty() {
                    (
                        Verdict::NotCheckable,
                        "the claim is about access the model response lacked; no check reads missing access and the claim names no resource the ideal adds".to_owned(),
                    )
                } else {
                    let found = ideal
                        .first()
                        .map(|f| format!("; not claimed, but found on it: {}", describe(f)))
                        .unwrap_or_default();
                    (
                        Verdict::Verified,
                        format!(
                            "the ideal adds {}, which the model response lacks{found}",
                            added.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
                        ),
                    )
                })
            } else {
                Some(match expectation {
                    _ if ideal.is_empty() && !loose.is_empty() => (
                        Verdict::NotCheckable,
                        format!(
                            "the claim does not name what its checks found in the ideal specifically enough to be held to it: {}",
                            describe(loose[0])
                        ),
                    ),
                    _ if ideal.is_empty() && !undecided.is_empty() => (
                        Verdict::NotCheckable,
                        format!(
                            "the claim names no resource that its checks can hold it to, and does not speak of every one; found: {}",
                            describe(undecided[0])
                        ),
                    ),
                    // The fix describes what the ideal keeps, and the model response had
                    // the same ("removed the backend to use local state" where it had
                    // no backend): nothing changed.
                    Expectation::Fixed
                        if ideal.is_empty()
                            && !kept.is_empty()
                            && kept.iter().all(|k| {
                                model.iter().any(|m| m.code == k.code && m.message == k.message)
                            }) =>
                    {
                        (
                            Verdict::Unfounded,
                            format!(
                                "the ideal keeps what the claim's fix describes, and so did the model response: {}",
                                describe(kept[0])
                            ),
                        )
                    }
                    _ if out_of_scope.is_some() => (
                        Verdict::NotCheckable,
                        format!(
                            "no check reads {} of the resources the claim names; the findings of {list} are on others: {}",
                            mapped.topics.join(" or "),
                            out_of_scope.as_deref().unwrap_or_default()
                        ),
                    ),
                    Expectation::Fixed | Expectation::Holds | Expectation::Unchanged { .. }
                        if !ideal.is_empty() =>
                    {
                        let more = if ideal.len() > 1 {
                            format!("; {} more finding(s) of {list}", ideal.len() - 1)
                        } else {
                            String::new()
                        };
                        (
                            Verdict::Contradicted,
                            format!("the ideal still has it: {}{more}", describe(ideal[0])),
                        )
                    }
                    Expectation::Fixed if !model.is_empty() => (
                        Verdict::Verified,
                        format!(
                            "the model response had it ({}); the ideal has no finding of {list}{}",
                            describe(model[0]),
                            if elsewhere.is_empty() { "" } else { " on the resources the claim names" }
                        ),
                    ),
                    Expectation::Fixed if only_bundle_level => {
                        (Verdict::Verified, format!("no finding of {list} in the bundle"))
                    }
                    // The model's side could not be known but the ideal's is, on a check
                    // the claim is squarely about: what it says was fixed is there, and
                    // the evidence says what is unknown (RUBRIC.md 2). A broad claim
                    // ("IAM security") is not confirmed by an unknown value.
                    Expectation::Fixed
                        if ideal_unknown.is_empty()
                            && model_unknown
                                .iter()
                                .any(|f| specific.contains(&f.code) || one_narrow_topic) =>
                    {
                        (
                            Verdict::Verified,
                            format!(
                                "the ideal has no finding of {list}; the model response's value could not be known: {}",
                                describe(model_unknown[0])
                            ),
                        )
                    }
                    Expectation::Fixed if !model_unknown.is_empty() => (
                        Verdict::NotCheckable,
                        format!(
                            "the model response's value could not be known: {}",
                            describe(model_unknown[0])
                        ),
                    ),
                    Expectation::Fixed
                        if model_unparsed.is_some()
                            && model_has_read_types
                            && model_unknown.is_empty() =>
                    {
                        (
                            Verdict::Unfounded,
                            format!("the model response had no such failure on the resources these checks read (part of it did not parse, but not those): no finding of {list} in it; the ideal has none either"),
                        )
                    }
                    Expectation::Fixed if model_unparsed.is_some() && ideal_unknown.is_empty() => (
                        Verdict::Verified,
                        format!(
                            "the ideal has no finding of {list}; the model response's side cannot be judged: part of it did not parse ({})",
                            model_unparsed.as_deref().unwrap_or_default()
                        ),
                    ),
                    Expectation::Fixed if model_unparsed.is_some() => (
                        Verdict::NotCheckable,
                        format!(
                            "the model response has no finding of {list}, but part of it did not parse ({})",
                            model_unparsed.as_deref().unwrap_or_default()
                        ),
                    ),
                    Expectation::Fixed if !has_model => (
                        Verdict::NotCheckable,
                        "the bundle has no model response configuration to compare".to_owned(),
                    ),
                    // A response that shows no resources: its side cannot be known.
                    Expectation::Fixed if model_resources.is_empty() => (
                        Verdict::Verified,
                        format!("the ideal has no finding of {list}; the model response shows no resources, so its side cannot be known"),
                    ),
                    // The model response had none of what the checks read ("PITR on all
                    // DynamoDB tables" where it had no table): the ideal's have the property.
                    Expectation::Fixed if !lacked_types.is_empty() => (
                        Verdict::Verified,
                        format!(
                            "the model response has no {}; the ideal's have no finding of {list}",
                            lacked_types.join(", ")
                        ),
                    ),
                    Expectation::Fixed => (
                        Verdict::Unfounded,
                        format!("the model response had no such failure: no finding of {list} in it; the ideal has none either"),
                    ),
                    Expectation::Unchanged { already: true } if !model.is_empty() => (
                        Verdict::Contradicted,
                        format!("the model response had it: {}", describe(model[0])),
                    ),
                    // A statement of the final state in a review is an improvement over
                    // the model response: when that response was known to be right too,
                    // it describes no flaw of it.
                    Expectation::Holds
                        if has_model
                            && model.is_empty()
                            && model_unknown.is_empty()
                            && model_unparsed.is_none()
                            && lacked_types.is_empty()
                            && !model_resources.is_empty()
                            && !universal(&claim_words) =>
                    {
                        (
                            Verdict::Unfounded,
                            format!("no finding of {list} in the ideal, nor in the model response: it had no such flaw"),
                        )
                    }
                    Expectation::Holds | Expectation::Unchanged { .. } => (
                        Verdict::Verified,
                        format!(
                            "no finding of {list} in the ideal{}",
                            if elsewhere.is_empty() { "" } else { " on the resources the claim names" }
                        ),
                    ),
                    Expectation::StillOpen if !ideal.is_empty() => (
                        Verdict::Verified,
                        format!("the ideal still has it, as the claim says: {}", describe(ideal[0])),
                    ),
                    Expectation::StillOpen => (
                        Verdict::Contradicted,
                        format!("the ideal has no finding of {list}: the gap the claim admits is not there"),
                    ),
                })
            };
            // A claim that names a subject but no failure of it ("errors in the IAM
            // policies") is not contradicted by a failure it does not name.
            let by_codes = by_codes.map(|(verdict, evidence)| {
                if verdict == Verdict::Contradicted && mapped.subject_only {
                    (
                        Verdict::NotCheckable,
                        format!(
                            "the claim names {} but no failure of it that a check reads; found: {evidence}",
                            mapped.topics.join(" or ")
                        ),
                    )
                } else {
                    (verdict, evidence)
                }
            });
            // Honest evidence: what is still found on resources the claim does not name.
            let by_codes = by_codes.map(|(verdict, mut evidence)| {
                if let Some(note) = &kept_note {
                    evidence.push_str(note);
                }
                if let Some(first) = elsewhere.first() {
                    evidence.push_str(&format!(
                        "; not judged, on resources the claim does not name: {}{}",
                        describe(first),
                        if elsewhere.len() > 1 {
                            format!(" and {} more", elsewhere.len() - 1)
                        } else {
                            String::new()
                        }
                    ));
                }
                (verdict, evidence)
            });
            let by_requirements: Vec<(Verdict, String)> = mapped
                .requirements
                .iter()
                .map(|r| {
                    // The services the title names scope a claim about requested services.
                    // So do the resource types it names ("GuardDuty detector").
                    let mut named: Vec<String> =
                        super::prompt::families_named(&without_actions(&claim.title))
                            .into_iter()
                            .map(str::to_owned)
                            .collect();
                    for (kind, _) in named_types(&wording::tokens(&claim.title), context.configs) {
                        if let Some(family) = family_of_resource(kind)
                            && !named.contains(&family)
                        {
                            named.push(family);
                        }
                    }
                    let named: Vec<&str> = named.iter().map(String::as_str).collect();
                    judge_requirement(*r, expectation, context.prompt, &named)
                })
                .collect();
            let by_syntax = mapped
                .syntax
                .then(|| judge_syntax(submission, expectation, &claim.subject));
            let by_presence = presence.map(|(verdict, evidence, _)| (verdict, evidence));
            let (verdict, evidence) = combine(
                by_codes
                    .into_iter()
                    .chain(by_requirements)
                    .chain(by_syntax)
                    .chain(by_presence)
                    .collect(),
            )
                .unwrap_or_else(|| {
                    let evidence = if !unread.is_empty() && mapped.unchecked.is_empty() {
                        format!(
                            "the checks the claim's words name ({}) do not read {}",
                            unread.join(", "),
                            families.join(", ")
                        )
                    } else if mapped.unchecked.is_empty() {
                        "no check maps to this claim".to_owned()
                    } else {
                        format!("no check reads {}", mapped.unchecked.join(" or "))
                    };
                    (Verdict::NotCheckable, evidence)
                });
            // A claim that lists flaws one by one is verified only as far as the checks
            // read each of them ("No encryption / No versioning / No public access
            // block": versioning is read by no check).
            // The items phrased as absences ("No encryption", "Missing public access
            // blocks"): flaws, where "IAM with least privilege" states the final state.
            let absences: Vec<String> = claim
                .issue_items
                .iter()
                .filter(|item| {
                    wording::tokens(item)
                        .first()
                        .is_some_and(|t| MISSING_WORDS.contains(&t.as_str()) || t == "absence")
                })
                .cloned()
                .collect();
            let (verdict, evidence) = match verdict {
                Verdict::Verified => match unread_items(&claim.issue_items, &codes, context.configs) {
                    Some(unread) => (
                        Verdict::Partly,
                        format!("{evidence}; but no check confirms: {unread}"),
                    ),
                    None => (verdict, evidence),
                },
                // One flaw of a list contradicted does not contradict the others (a false
                // statement in a list of final-state statements is contradicted as such).
                Verdict::Contradicted
                    if expectation == Expectation::Fixed
                        && !contradicting.is_empty()
                        && unread_items(&absences, &contradicting, context.configs).is_some() =>
                {
                    (
                        Verdict::Partly,
                        format!("{evidence}; the claim's other items are not contradicted"),
                    )
                }
                _ => (verdict, evidence),
            };
            // A statement of the final state, or that nothing changed, claims no fix
            // (RUBRIC.md 2): it is reported only when the pair contradicts it.
            let statement = matches!(
                claim.expectation,
                Expectation::Holds | Expectation::Unchanged { .. }
            );
            let words = title_words(&claim.title);
            let restates = !claim.headed
                && (!codes.is_empty() && codes.iter().all(|c| numbered_codes.contains(c))
                    || !words.is_empty()
                        && headed_titles.iter().any(|earlier| {
                            words
                                .iter()
                                .all(|w| earlier.iter().any(|e| wording::is_form(e, w) || wording::is_form(w, e)))
                        }));
            if claim.headed {
                numbered_codes.extend(codes.iter().copied());
                headed_titles.push(words);
            }
            // A bullet that restates numbered items (a summary under a heading that does
            // not say so) claims nothing of its own, unless the pair contradicts it.
            let claims_nothing = statement || restates;
            (!claims_nothing || verdict == Verdict::Contradicted).then(|| ClaimRow {
                number: claim.number,
                title: claim.title,
                line: line_index.position(markdown, claim.start).line,
                text: claim.text,
                expectation,
                codes,
                topics: mapped.unchecked.clone(),
                requirements: mapped.requirements,
                verdict,
                evidence,
            })
        })
        .collect()
}

/// The words of a title that say what it is about: four letters or more, without the
/// words every review uses ("missing", "issue").
fn title_words(title: &str) -> Vec<String> {
    const COMMON: &[&str] = &[
        "missing",
        "issue",
        "issues",
        "error",
        "errors",
        "failure",
        "incorrect",
        "wrong",
        "model",
        "response",
        "ideal",
        "with",
        "from",
        "that",
        "this",
        "into",
        "over",
        "fixed",
    ];
    wording::tokens(title)
        .into_iter()
        .filter(|w| w.len() >= 4 && !COMMON.contains(&w.as_str()))
        .collect()
}

/// Whether a finding of the ideal is what the claim's text says the fix kept: the
/// wildcard actions the finding quotes (`` `ssm:*` ``), each written in the claim too
/// ("limited to `ssm:*`"). Naming exact actions does not acknowledge a wildcard resource.
fn kept_as_described(finding: &Finding, text: &str) -> bool {
    let text = text.to_lowercase();
    let quoted: Vec<&str> = finding
        .message
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|q| {
            q.split_once(':').is_some_and(|(service, action)| {
                !service.is_empty()
                    && service
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && action.ends_with('*')
                    && !action.contains(' ')
            })
        })
        .collect();
    if !quoted.is_empty() && quoted.iter().all(|q| text.contains(&q.to_lowercase())) {
        return true;
    }
    // A name that comes through the variable the claim says was added ("added
    // `environment_suffix` to all names"): the change is there, at the strength the claim
    // states; whether its default is unique is the finding's own matter.
    let message = finding.message.to_lowercase();
    // A fix that says it removed KMS from what the finding is about ("removed
    // `kms_key_id` from the log group").
    if ["TFG601", "TFG630", "TFG641", "TFG608"].contains(&finding.code)
        && wording::Term::Near(
            &["remove", "drop", "without", "delete"],
            &["kms", "kms key id", "encryption"],
        )
        .matches(&text, &wording::tokens(&text))
    {
        return true;
    }
    // A fix that says it moved to local state ("removed the backend to use local state").
    if finding.code == "TFG103" && (text.contains("local state") || text.contains("local backend"))
    {
        return true;
    }
    // A name that is no longer a literal: it comes through a variable or tfvars, as a
    // naming claim describes ("names use the environment suffix"); whether that value
    // differs per deployment is the finding's own matter, not the claim's.
    if finding.code == "TFG401" && message.contains("(via `") {
        return true;
    }
    finding.code == "TFG401"
        && text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .map(|w| w.trim_matches('.'))
            .map(|w| {
                w.strip_prefix("var.")
                    .or(w.strip_prefix("local."))
                    .unwrap_or(w)
            })
            .filter(|w| w.contains('_') && w.len() >= 5 && !w.starts_with("aws_"))
            .any(|w| {
                message.contains(&format!("var.{w}`")) || message.contains(&format!("local.{w}`"))
            })
}

/// Whether a claim's subject says the model response lacked access ("Missing OpenSSH
/// access", "the response had no rule"), rather than that it allowed too much.
fn lacked_access(subject: &str) -> bool {
    let tokens = wording::tokens(subject);
    let lower = subject.to_lowercase();
    wording::Term::Near(&["missing", "lack", "no", "without"], &["access", "rule"])
        .matches(&lower, &tokens)
        && !wording::concepts_in(subject)
            .iter()
            .any(|c| c.kind == Kind::Network)
}

/// Words that say something was missing, before what was missing ("Missing SNS topic
/// policy", "no CloudTrail", "did not create a KMS key").
const MISSING_WORDS: &[&str] = &[
    "missing", "no", "lack", "lacks", "lacked", "lacking", "without", "absent", "omitted", "omits",
    "not",
];

/// Words that, after a resource type's words, name another resource of it ("SNS topic
/// *policy*", "security group *rule*"): the shorter type is not what is named.
const SUB_RESOURCE_WORDS: &[&str] = &[
    "policy",
    "policies",
    "rule",
    "rules",
    "attachment",
    "association",
    "configuration",
    "subscription",
    "permission",
    "version",
    "alias",
    "mapping",
    "access",
    "integration",
    "target",
    "listener",
    "notification",
    "lifecycle",
    "encryption",
    "replication",
];

/// Resource types too general to be named by their one word ("instance", "route").
const GENERAL_TYPES: &[&str] = &["aws_instance", "aws_route"];

/// Judges a claim that a kind of resource was missing ("Missing SNS Topic Policy",
/// "No CloudTrail configuration"): a resource type named by its words (or its
/// `aws_` name) within a few words after a word of absence. Verified when the model
/// response has no resource of the type (or shows no configuration) and the ideal adds
/// one; no judgement when the model response has one (the claim is about something
/// else of it) or neither has.
/// The resource types of the pair a text names by their words ("SNS topic policy",
/// "GuardDuty detector"; a type of one word, such as CloudTrail, by that word), each
/// with where its phrase starts in the text's tokens. A longer type wins over the types
/// it extends ("SNS topic policy" names `aws_sns_topic_policy`, not `aws_sns_topic`),
/// and a phrase followed by a word of another resource of it ("security group *rule*")
/// names neither.
fn named_types<'a>(tokens: &[String], configs: &'a [ConfigFacts]) -> Vec<(&'a str, usize)> {
    let mut types: Vec<&str> = configs
        .iter()
        .filter(|c| c.side != Side::Other)
        .flat_map(|c| c.resources.iter().map(|(kind, _)| kind.as_str()))
        .collect();
    types.sort_unstable();
    types.dedup();
    let at = |kind: &str| -> Option<usize> {
        let rest = kind.strip_prefix("aws_")?;
        let words: Vec<&str> = rest.split('_').collect();
        let shortest = if words.len() == 1 { 1 } else { 2 };
        (0..=words.len() - shortest).find_map(|skip| {
            let phrase = &words[skip..];
            if phrase.len() == 1 && (GENERAL_TYPES.contains(&kind) || skip > 0) {
                return None;
            }
            (0..tokens.len().saturating_sub(phrase.len() - 1)).find(|&i| {
                phrase
                    .iter()
                    .enumerate()
                    .all(|(k, w)| tokens.get(i + k).is_some_and(|t| wording::is_form(t, w)))
                    && tokens
                        .get(i + phrase.len())
                        .is_none_or(|next| !SUB_RESOURCE_WORDS.contains(&next.as_str()))
            })
        })
    };
    let named: Vec<(&str, usize)> = types
        .into_iter()
        .filter_map(|k| at(k).map(|i| (k, i)))
        .collect();
    named
        .iter()
        .copied()
        .filter(|(k, _)| {
            !named
                .iter()
                .any(|(longer, _)| longer != k && extends_type(longer, k))
        })
        .collect()
}

fn judge_presence(
    subject: &str,
    configs: &[ConfigFacts],
) -> Option<(Verdict, String, Vec<String>)> {
    let model: &[(String, String)] = ConfigFacts::model(configs).map_or(&[], |c| &c.resources);
    let ideal = ConfigFacts::ideal(configs)?;
    let tokens = wording::tokens(subject);
    let missing_at: Vec<usize> = tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| MISSING_WORDS.contains(&t.as_str()))
        .map(|(i, _)| i)
        .collect();
    // A word of absence at most four words before the type's words.
    let named = named_types(&tokens, configs)
        .into_iter()
        .filter(|(_, i)| missing_at.iter().any(|&m| m < *i && i - m <= 4))
        .map(|(k, _)| k);
    let mut added: Vec<String> = Vec::new();
    let mut kinds: Vec<String> = Vec::new();
    for kind in named {
        if model.iter().any(|(k, _)| k == kind) {
            return None;
        }
        if let Some((_, name)) = ideal.resources.iter().find(|(k, _)| k == kind) {
            added.push(format!("`{kind}.{name}`"));
            kinds.push(kind.to_owned());
        }
    }
    (!added.is_empty()).then(|| {
        (
            Verdict::Verified,
            format!(
                "the ideal adds {}; the model response has no resource of {}",
                added.join(", "),
                if added.len() == 1 {
                    "its type"
                } else {
                    "their types"
                }
            ),
            kinds,
        )
    })
}

/// The flaws a claim lists one per item that no check of the claim's verdict reads, quoted;
/// None when it lists fewer than two, or every one is read. An item is a flaw when it is
/// short (a bullet, not an explanation) and does not introduce a list (`...:`); it is
/// read when its words name one of the claim's checks, or a kind of resource the
/// configurations hold.
fn unread_items(items: &[String], codes: &[&str], configs: &[ConfigFacts]) -> Option<String> {
    let flaws: Vec<&String> = items
        .iter()
        .filter(|item| {
            let words = item.split_whitespace().count();
            (2..=16).contains(&words) && !item.trim_end().ends_with(':')
        })
        .collect();
    if flaws.len() < 2 {
        return None;
    }
    let unread: Vec<String> = flaws
        .iter()
        .filter(|item| {
            let mapped = mapping(item);
            let by_codes = mapped.codes.iter().any(|c| codes.contains(c));
            let by_type = !named_types(&wording::tokens(item), configs).is_empty();
            !by_codes && !by_type && !mapped.judged()
        })
        .map(|item| format!("\"{}\"", item.trim()))
        .collect();
    (!unread.is_empty() && unread.len() < flaws.len() + 1).then(|| unread.join(", "))
}

/// Judges a claim about code that did not parse by the parse errors of each side.
/// When the claim names files (`compute.tf`), only their errors count.
fn judge_syntax(
    submission: &Submission,
    expectation: Expectation,
    subject: &str,
) -> (Verdict, String) {
    let named: Vec<&str> = subject
        .split(|c: char| {
            c.is_whitespace() || c == '`' || c == '"' || c == ',' || c == '(' || c == ')'
        })
        .map(|w| w.trim_end_matches(['.', ':', ';']))
        .filter(|w| w.ends_with(".tf") || w.ends_with(".tf.json"))
        .collect();
    let in_named = |e: &crate::submission::InputError| {
        let source = submission.file(e.file);
        let unit_name = e.unit.map(|u| submission.unit(u).name.as_str());
        named.is_empty()
            || named.iter().any(|n| {
                file_name(&source.path) == file_name(n)
                    || unit_name.is_some_and(|u| file_name(u) == file_name(n))
            })
    };
    let error_of = |side: Side| {
        submission
            .errors
            .iter()
            .filter(|e| in_named(e))
            .find_map(|e| {
                let source = submission.file(e.file);
                let config = e.unit.map(|u| submission.unit(u).config);
                let of_side = match config {
                    Some(c) if c != crate::submission::NO_CONFIGURATION => {
                        Side::of(submission, c) == side
                    }
                    _ => match file_name(&source.path) {
                        "MODEL_RESPONSE.md" => side == Side::Model,
                        "IDEAL_RESPONSE.md" => side == Side::Ideal,
                        _ => {
                            side == Side::Ideal && source.role == crate::submission::Role::Terraform
                        }
                    },
                };
                of_side.then(|| {
                    let line = source.line_index.position(&source.text, e.range.start).line;
                    format!("{} ({}:{line})", e.message, source.path)
                })
            })
    };
    let (model, ideal) = (error_of(Side::Model), error_of(Side::Ideal));
    match (expectation, model, ideal) {
        (Expectation::StillOpen, _, Some(e)) => (
            Verdict::Verified,
            format!("the ideal still does not parse, as the claim says: {e}"),
        ),
        (Expectation::StillOpen, _, None) => (
            Verdict::Contradicted,
            "every file of the ideal parses: the gap the claim admits is not there".to_owned(),
        ),
        (_, _, Some(e)) => (
            Verdict::Contradicted,
            format!("the ideal does not parse: {e}"),
        ),
        (Expectation::Fixed, Some(m), None) => (
            Verdict::Verified,
            format!("the model response did not parse ({m}); every file of the ideal parses"),
        ),
        (Expectation::Fixed, None, None) => (
            Verdict::Unfounded,
            "the model response had no such failure: it parses".to_owned(),
        ),
        (_, _, None) => (
            Verdict::Verified,
            "every file of the ideal parses".to_owned(),
        ),
    }
}

/// One verdict from several judgements: contradicted if any part is, else verified if any
/// part is; the evidence of the deciding parts first.
fn combine(mut parts: Vec<(Verdict, String)>) -> Option<(Verdict, String)> {
    if parts.is_empty() {
        return None;
    }
    let rank = |v: Verdict| match v {
        Verdict::Contradicted => 0,
        Verdict::Partly => 1,
        Verdict::Verified => 1,
        Verdict::Unfounded => 2,
        Verdict::NotCheckable => 3,
    };
    parts.sort_by_key(|(v, _)| rank(*v));
    let verdict = parts[0].0;
    let evidence = parts
        .into_iter()
        .map(|(_, e)| e)
        .collect::<Vec<_>>()
        .join("; and ");
    Some((verdict, evidence))
}

/// Judges a claim about the prompt's requested services or required region by the
/// comparison of PROMPT.md with the configurations.
fn judge_requirement(
    requirement: Requirement,
    expectation: Expectation,
    prompt: Option<&PromptReport>,
    named: &[&str],
) -> (Verdict, String) {
    let Some(prompt) = prompt else {
        return (
            Verdict::NotCheckable,
            "the bundle has no PROMPT.md to compare with".to_owned(),
        );
    };
    // (what the model response lacks, what the ideal lacks, what the ideal has); None
    // where the side has no configuration or the value is unknown.
    let (model_missing, ideal_missing, ideal_has, what): (
        Option<Vec<String>>,
        Option<Vec<String>>,
        String,
        &str,
    ) = match requirement {
        Requirement::Services => {
            if prompt.services.is_empty() {
                return (
                    Verdict::NotCheckable,
                    format!("{} names no AWS service the table knows", prompt.file),
                );
            }
            // A claim that names services ("GuardDuty was required") is about those.
            let services: Vec<&ServiceRequirement> = prompt
                .services
                .iter()
                .filter(|s| named.is_empty() || s.families.iter().any(|f| named.contains(f)))
                .collect();
            if services.is_empty() {
                return (
                    Verdict::NotCheckable,
                    format!(
                        "{} does not ask for the services the claim names ({})",
                        prompt.file,
                        named.join(", ")
                    ),
                );
            }
            let missing = |side: fn(&ServiceRequirement) -> Option<&ServicePresence>| {
                services
                    .iter()
                    .map(|s| side(s).map(|p| (s, p.present)))
                    .collect::<Option<Vec<_>>>()
                    .map(|all| {
                        all.into_iter()
                            .filter(|(_, present)| !present)
                            .map(|(s, _)| {
                                format!("{} ({} line {})", s.service, prompt.file, s.line)
                            })
                            .collect::<Vec<_>>()
                    })
            };
            let has = services
                .iter()
                .filter_map(|s| {
                    let p = s.ideal.as_ref()?;
                    p.resources
                        .first()
                        .map(|r| format!("{} (`{r}`)", s.service))
                })
                .collect::<Vec<_>>()
                .join(", ");
            (
                missing(|s| s.model.as_ref()),
                missing(|s| s.ideal.as_ref()),
                has,
                "requested service",
            )
        }
        Requirement::Region => {
            let Some(required) = &prompt.region else {
                return (
                    Verdict::NotCheckable,
                    format!("{} requires no region", prompt.file),
                );
            };
            let side = |s: Side| -> Option<Vec<String>> {
                let regions: Vec<&ProviderRegion> = prompt
                    .provider_regions
                    .iter()
                    .filter(|r| r.side == s)
                    .collect();
                let first = regions.first()?;
                match (&first.region, first.matches) {
                    (Some(region), Some(false)) => Some(vec![format!(
                        "{} sets `{region}`, not `{}`",
                        first.configuration, required.region
                    )]),
                    (Some(_), _) => Some(Vec::new()),
                    (None, _) => None,
                }
            };
            (
                side(Side::Model),
                side(Side::Ideal),
                format!("the region `{}`", required.region),
                "required region",
            )
        }
    };
    let Some(ideal_missing) = ideal_missing else {
        return (
            Verdict::NotCheckable,
            format!(
                "the ideal's {what} could not be compared: no configuration or an unknown value"
            ),
        );
    };
    let ideal_lacks = || format!("the ideal lacks: {}", ideal_missing.join(", "));
    let ideal_ok = || format!("the ideal has every {what}: {ideal_has}");
    match expectation {
        Expectation::StillOpen if ideal_missing.is_empty() => (
            Verdict::Contradicted,
            format!("{}; the gap the claim admits is not there", ideal_ok()),
        ),
        Expectation::StillOpen => (Verdict::Verified, ideal_lacks()),
        _ if !ideal_missing.is_empty() => (Verdict::Contradicted, ideal_lacks()),
        Expectation::Fixed => match model_missing {
            Some(m) if m.is_empty() => (
                Verdict::Unfounded,
                format!("the model response had no such failure: it has every {what} too"),
            ),
            Some(m) => (
                Verdict::Verified,
                format!(
                    "the model response lacked: {}; {}",
                    m.join(", "),
                    ideal_ok()
                ),
            ),
            None => (
                Verdict::NotCheckable,
                format!("{}; the model response could not be compared", ideal_ok()),
            ),
        },
        Expectation::Unchanged { already: true } => match model_missing {
            Some(m) if !m.is_empty() => (
                Verdict::Contradicted,
                format!("the model response lacked: {}", m.join(", ")),
            ),
            _ => (Verdict::Verified, ideal_ok()),
        },
        Expectation::Holds | Expectation::Unchanged { .. } => (Verdict::Verified, ideal_ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_headings_and_section_bullets_are_claims() {
        let md = "# Model Failures\n\n## 1. State not locked\n**Issue**: no locking.\n**Fix Applied**: `use_lockfile = true`.\n\n## Not changed\n- Log file validation was already enabled.\n- We did not add state locking, since the backend is configured at init.\n\n## Security\n- No IAM policy uses wildcards anymore.\n\n## Training value\n- 8/10\n";
        let claims = split(md);
        let rows: Vec<(&str, Expectation)> = claims
            .iter()
            .map(|c| (c.number.as_str(), c.expectation))
            .collect();
        assert_eq!(
            rows,
            [
                ("1", Expectation::Fixed),
                ("N1", Expectation::Unchanged { already: true }),
                ("N2", Expectation::Unchanged { already: false }),
                ("S1", Expectation::Holds),
            ]
        );
        assert_eq!(claims[0].title, "State not locked");
        assert!(codes_of(&claims[0].subject).contains(&"TFG101"));
    }

    #[test]
    fn negations_flip_what_is_expected() {
        assert_eq!(
            negated("We did not add locking."),
            Some(Expectation::StillOpen)
        );
        assert_eq!(
            negated("SSH was not restricted."),
            Some(Expectation::StillOpen)
        );
        assert_eq!(
            negated("No changes were made to SSH."),
            Some(Expectation::Unchanged { already: false })
        );
        assert_eq!(
            negated("The log group still has no retention."),
            Some(Expectation::StillOpen)
        );
        assert_eq!(negated("No IAM policy uses wildcards anymore."), None);
        assert_eq!(negated("Removed the rule; SSH is closed."), None);
    }

    #[test]
    fn keywords_name_codes() {
        assert_eq!(codes_of("SSH open to the internet"), ["TFG201"]);
        assert_eq!(codes_of("Port 22 was open to `0.0.0.0/0`"), ["TFG201"]);
        assert_eq!(
            codes_of("no overly permissive network access remain"),
            ["TFG201", "TFG202", "TFG203", "TFG204"]
        );
        assert_eq!(codes_of("Outputs had no description"), Vec::<&str>::new());
        assert!(codes_of("names collide: already exists").contains(&"TFG401"));
    }

    #[test]
    fn reworded_claims_map_to_the_same_checks() {
        const IAM: [&str; 3] = ["TFG603", "TFG604", "TFG605"];
        assert_eq!(codes_of("Role allowed everything"), IAM);
        assert_eq!(
            codes_of("The operator policy granted almost everything"),
            IAM
        );
        assert_eq!(codes_of("task role with `logs:*`"), IAM);
        assert_eq!(codes_of("Missing OpenSSH access"), ["TFG201"]);
        assert_eq!(
            codes_of("Default security group allowed everything"),
            ["TFG204"]
        );
        assert_eq!(codes_of("Every name was fixed"), ["TFG401"]);
        assert_eq!(codes_of("Resource Naming Conflicts"), ["TFG401"]);
        assert_eq!(
            codes_of("`catalog-app-alb` and `catalog-app-tg` clash"),
            ["TFG401"]
        );
        assert_eq!(codes_of("Buckets were left untagged"), ["TFG690"]);
        assert!(codes_of("The state was never locked").contains(&"TFG101"));
        // A noun of a subject is not the failure: IAM names are a naming claim, secrets
        // not encrypted an encryption claim; alone, the subject is the claim's check.
        assert_eq!(codes_of("Fixed IAM names"), ["TFG401"]);
        assert!(!codes_of("Secrets not encrypted with a customer key").contains(&"TFG650"));
        assert_eq!(codes_of("Password written into the parameter"), ["TFG650"]);
        // Actions named are permissions, not encryption; a wildcard action is a wildcard.
        assert_eq!(codes_of("`kms:Decrypt` on the key"), Vec::<&str>::new());
    }

    #[test]
    fn reworded_negations_are_read_by_their_stems() {
        assert_eq!(
            negated("We never enabled locking."),
            Some(Expectation::StillOpen)
        );
        assert_eq!(
            negated("Locking wasn't added."),
            Some(Expectation::StillOpen)
        );
        assert_eq!(
            negated("No tags were added to the queues."),
            Some(Expectation::StillOpen)
        );
        assert_eq!(
            negated("We didn't configure locking because the backend comes from init."),
            Some(Expectation::Unchanged { already: false })
        );
        assert_eq!(negated("No database port is reachable."), None);
    }

    #[test]
    fn nested_issue_and_fix_items_belong_to_their_claim() {
        let md = "## Changes\n1. **Outputs**\n   - Issue: the outputs had no description.\n   - Fix Applied: added descriptions.\n2. **Documentation Gaps**\n   - Issue: placeholders.\n   - Fix Applied: wrote the files.\n";
        let claims = split(md);
        let rows: Vec<(&str, Expectation)> = claims
            .iter()
            .map(|c| (c.number.as_str(), c.expectation))
            .collect();
        assert_eq!(rows, [("1", Expectation::Fixed), ("2", Expectation::Fixed)]);
        assert_eq!(claims[0].fix, "added descriptions.");
        assert_eq!(claims[0].subject, "Outputs the outputs had no description.");
    }

    /// A bundle whose model response opens SSH on `aws_security_group.web` and whose ideal
    /// closes it there but keeps SSH open on another group, with a claim.
    fn judged(failures: &str, prompt: &str, lib: &str) -> Vec<ClaimRow> {
        let model = "```hcl\nresource \"aws_security_group\" \"web\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n```\n";
        let files = [
            ("lib/PROMPT.md", prompt),
            ("lib/MODEL_RESPONSE.md", model),
            ("lib/MODEL_FAILURES.md", failures),
            ("lib/main.tf", lib),
        ];
        crate::rules::testing::grade_files(&files).report().claims
    }

    const LIB_BASTION_OPEN: &str = "provider \"aws\" {\n  region = var.region\n}\nvariable \"region\" {\n  default = \"us-east-1\"\n}\nresource \"aws_security_group\" \"web\" {}\nresource \"aws_security_group\" \"bastion\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";

    #[test]
    fn a_claim_that_names_a_resource_is_judged_on_it() {
        let rows = judged(
            "## 1. SSH open on the web group\n**Issue**: port 22 from anywhere.\n**Fix Applied**: removed.\n\n## 2. SSH open\n**Issue**: port 22 from anywhere.\n**Fix Applied**: removed.\n",
            "Create security groups in us-east-1.",
            LIB_BASTION_OPEN,
        );
        // The claim names the web group: verified there, with the bastion named as still
        // open; the claim that names no resource is contradicted by the bastion.
        assert_eq!(rows[0].verdict, Verdict::Verified, "{}", rows[0].evidence);
        assert!(
            rows[0].evidence.contains("not judged"),
            "{}",
            rows[0].evidence
        );
        assert!(rows[0].evidence.contains("aws_security_group.bastion"));
        assert_eq!(
            rows[1].verdict,
            Verdict::Contradicted,
            "{}",
            rows[1].evidence
        );
    }

    #[test]
    fn labels_name_resources_as_modifiers_of_their_service() {
        let facts = [ConfigFacts {
            index: 0,
            name: "lib".to_owned(),
            side: Side::Ideal,
            from_response: false,
            resources: [
                ("aws_network_acl", "private"),
                ("aws_s3_bucket", "private"),
                ("aws_iam_role", "webhook"),
                ("aws_lambda_function", "webhook"),
                ("aws_kms_key", "trail"),
                ("aws_cloudtrail", "org"),
            ]
            .map(|(k, n)| (k.to_owned(), n.to_owned()))
            .to_vec(),
            region: None,
            encrypts_storage: None,
        }];
        let scope = |text: &str| ClaimScope::read(text, "", &facts);
        let s = scope("The private network ACL admitted port 22");
        assert!(s.contains("aws_network_acl.private"));
        assert!(!s.contains("aws_s3_bucket.private"));
        let s = scope("The webhook role had `s3:*`");
        assert!(s.contains("aws_iam_role.webhook"));
        assert!(!s.contains("aws_lambda_function.webhook"));
        // A label that is only an adjective here, or a service noun, names no resource.
        let s = scope("The bucket stays private");
        assert!(s.labels.is_empty());
        assert!(
            s.contains("aws_s3_bucket.private"),
            "the service is the scope"
        );
        let s = scope("Trail limited to one region");
        assert!(s.contains("aws_cloudtrail.org") && !s.contains("aws_kms_key.trail"));
        // Without a service noun, a label alone names its resources.
        assert!(scope("Everything for the webhook").contains("aws_lambda_function.webhook"));
    }

    #[test]
    fn service_and_region_claims_are_judged_by_the_prompt_comparison() {
        let rows = judged(
            "## Notes\n- All requested services are present.\n- The stack is deployed in the required region.\n",
            "Deploy in us-west-2. Create an S3 bucket and a security group.",
            LIB_BASTION_OPEN,
        );
        assert_eq!(rows[0].requirements, [Requirement::Services]);
        assert_eq!(
            rows[0].verdict,
            Verdict::Contradicted,
            "{}",
            rows[0].evidence
        );
        assert!(rows[0].evidence.contains("s3"), "{}", rows[0].evidence);
        assert_eq!(rows[1].requirements, [Requirement::Region]);
        assert_eq!(
            rows[1].verdict,
            Verdict::Contradicted,
            "{}",
            rows[1].evidence
        );
        assert!(
            rows[1].evidence.contains("us-east-1"),
            "{}",
            rows[1].evidence
        );
    }

    #[test]
    fn claims_no_check_reads_say_what_they_speak_of() {
        let rows = judged(
            "## Failures\n1. Outputs had no descriptions.\n2. No dead-letter queue caught failures.\n",
            "Create a security group.",
            LIB_BASTION_OPEN,
        );
        assert_eq!(rows[0].verdict, Verdict::NotCheckable);
        assert_eq!(rows[0].evidence, "no check reads outputs");
        assert_eq!(rows[1].evidence, "no check reads dead-letter queues");
    }

    #[test]
    fn a_title_about_an_aspect_no_check_reads_is_not_checkable() {
        // The ideal still has SSH open, but the claim speaks of documentation.
        let rows = judged(
            "## 1. Missing SSH Access Documentation\nThe bastion's SSH access was not documented.\n",
            "Create a bastion.",
            LIB_BASTION_OPEN,
        );
        assert_eq!(
            rows[0].verdict,
            Verdict::NotCheckable,
            "{}",
            rows[0].evidence
        );
        assert!(
            rows[0].evidence.contains("documentation"),
            "{}",
            rows[0].evidence
        );
    }

    #[test]
    fn a_broad_claim_is_not_held_to_a_finding_it_does_not_name() {
        // "Security hardening" names IAM and encryption; the ideal's open SSH rule is a
        // network finding the claim does not speak of, and an unencrypted bucket is an
        // encryption finding on a resource it does not name.
        let lib = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket_prefix = \"logs-\"\n}\nresource \"aws_security_group\" \"web\" {}\n";
        let rows = judged(
            "## 1. Weak encryption and IAM\nThe model did not encrypt data and its IAM was loose.\n",
            "Create a bucket.",
            lib,
        );
        assert_ne!(
            rows[0].verdict,
            Verdict::Contradicted,
            "{}",
            rows[0].evidence
        );
    }

    #[test]
    fn a_list_of_flaws_partly_read_is_partly_verified() {
        let lib = "resource \"aws_security_group\" \"web\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"10.0.0.0/8\"]\n  }\n}\n";
        let rows = judged(
            "## 1. Network gaps\n- SSH open to 0.0.0.0/0\n- No blue-green deployment pattern\n",
            "Create a security group.",
            lib,
        );
        assert_eq!(rows[0].verdict, Verdict::Partly, "{}", rows[0].evidence);
        assert!(
            rows[0]
                .evidence
                .contains("No blue-green deployment pattern"),
            "{}",
            rows[0].evidence
        );
        // Every item read: verified.
        let rows = judged(
            "## 1. Network gaps\n- SSH open to 0.0.0.0/0\n- SSH reachable from anywhere\n",
            "Create a security group.",
            lib,
        );
        assert_eq!(rows[0].verdict, Verdict::Verified, "{}", rows[0].evidence);
    }

    #[test]
    fn a_flaw_the_model_response_never_had_is_unfounded() {
        let lib = "resource \"aws_security_group\" \"web\" {\n  name_prefix = \"web-\"\n}\n";
        let rows = judged(
            "## 1. Instances allowed IMDSv1\nThe instances did not require tokens.\n",
            "Create a security group.",
            lib,
        );
        assert_eq!(rows[0].verdict, Verdict::Unfounded, "{}", rows[0].evidence);
        assert!(
            rows[0].evidence.contains("no such failure"),
            "{}",
            rows[0].evidence
        );
    }

    #[test]
    fn a_missing_kind_of_resource_is_judged_by_its_presence() {
        let with_policy = "resource \"aws_sns_topic\" \"alerts\" {}\nresource \"aws_sns_topic_policy\" \"alerts\" {\n  arn    = aws_sns_topic.alerts.arn\n  policy = \"{}\"\n}\n";
        let rows = judged(
            "## 1. Missing SNS Topic Policy\nEventBridge could not publish.\n",
            "Create a topic.",
            with_policy,
        );
        assert_eq!(rows[0].verdict, Verdict::Verified, "{}", rows[0].evidence);
        assert!(
            rows[0].evidence.contains("`aws_sns_topic_policy.alerts`"),
            "{}",
            rows[0].evidence
        );
        // The topic alone does not stand for its policy.
        let rows = judged(
            "## 1. Missing SNS Topic Policy\nEventBridge could not publish.\n",
            "Create a topic.",
            "resource \"aws_sns_topic\" \"alerts\" {}\n",
        );
        assert_eq!(
            rows[0].verdict,
            Verdict::NotCheckable,
            "{}",
            rows[0].evidence
        );
    }

    #[test]
    fn checks_that_do_not_read_the_named_service_do_not_judge() {
        let rows = judged(
            "## 1. The SNS topic was not encrypted with KMS\nIt used the default key.\n",
            "Create a topic.",
            "resource \"aws_sns_topic\" \"alerts\" {}\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket_prefix = \"logs-\"\n}\n",
        );
        assert_eq!(
            rows[0].verdict,
            Verdict::NotCheckable,
            "{}",
            rows[0].evidence
        );
        assert!(
            rows[0].evidence.contains("do not read"),
            "{}",
            rows[0].evidence
        );
    }

    #[test]
    fn a_list_that_restates_the_items_claims_nothing_more() {
        let lib = "resource \"aws_security_group\" \"web\" {\n  name_prefix = \"web-\"\n}\n";
        let rows = judged(
            "## 1. Module Directory Structure Outside lib\nModules were at the root.\n\n## 2. SSH open to the world\nPort 22 from 0.0.0.0/0.\n\n## Recap\n1. Module Structure: outside lib\n2. SSH: open to the world\n",
            "Create a security group.",
            lib,
        );
        let titles: Vec<&str> = rows.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Module Directory Structure Outside lib",
                "SSH open to the world"
            ],
            "{rows:?}"
        );
    }

    #[test]
    fn claims_that_nothing_is_left_speak_of_every_instance() {
        assert!(universal("The role has no wildcard permission left."));
        assert!(universal("No open port is left on the bastion"));
        assert!(!universal(
            "The webhook role was left with `kms:*`; now scoped."
        ));
        assert!(!universal("No tags on the queue. Left as is."));
    }
}
