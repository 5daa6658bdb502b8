//! The claims of MODEL_FAILURES.md, checked against the findings (RUBRIC.md 2, issue
//! "Task bundles"). The analysis is split into claims: numbered headings or items (with
//! their **Issue** / **Fix** text), and the bullets of unnumbered sections ("Code Quality
//! Improvements", "Not changed"). Each claim maps to check codes by a keyword table and is
//! judged by those checks' results on the model response and on the ideal (the lib/
//! configuration and IDEAL_RESPONSE.md): *verified*, *contradicted* (with the evidence),
//! or *not checkable* (no check maps to it, or the value could not be known).

use serde::Serialize;

use super::{ProseKind, find_words, prose_blocks, sentences};
use crate::finding::{Finding, Severity};
use crate::submission::{NO_CONFIGURATION, Submission, file_name};

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
    pub verdict: Verdict,
    pub evidence: String,
}

/// What a claim asserts about its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expectation {
    /// The model response had the failure and the ideal fixed it.
    Fixed,
    /// The ideal has the property (a statement of the final state).
    Holds,
    /// Nothing was changed because nothing was wrong ("no change was needed", "we did not
    /// add locking, since ..."); `already`: the model response was right too.
    Unchanged { already: bool },
    /// An admitted gap: the ideal still has the failure ("still has no retention").
    StillOpen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Verified,
    Contradicted,
    NotCheckable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Verified => "verified",
            Verdict::Contradicted => "contradicted",
            Verdict::NotCheckable => "not checkable",
        }
    }
}

/// A claim as read, before it is judged.
#[derive(Debug, Clone)]
struct Claim {
    number: String,
    title: String,
    start: usize,
    text: String,
    /// Title and issue text: what the claim is about.
    subject: String,
    expectation: Expectation,
    numbered: bool,
}

/// The kind of an unnumbered section, from its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Training value: not claims about checks.
    Skip,
    Holds,
    Unchanged,
    StillOpen,
}

fn section_kind(title: &str) -> Section {
    let t = title.to_lowercase();
    if t.contains("training") || t.contains("assessment") && t.contains("value") {
        Section::Skip
    } else if t.contains("not changed") || t.contains("unchanged") || t.contains("no change") {
        Section::Unchanged
    } else if t.contains("remaining")
        || t.contains("gaps")
        || t.contains("not fixed")
        || t.contains("known issues")
        || t.contains("limitations")
    {
        Section::StillOpen
    } else {
        Section::Holds
    }
}

/// `1. **State Was Never Locked** ❌→✅` → ("1", "State Was Never Locked").
fn numbered_title(heading: &str) -> Option<(String, String)> {
    let t = heading.trim().trim_start_matches(['*', '_', ' ']);
    let t = t
        .strip_prefix("Issue ")
        .or_else(|| t.strip_prefix("Failure "))
        .unwrap_or(t);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let rest = &t[digits.len()..];
    let rest = rest.strip_prefix(['.', ')', ':']).unwrap_or(rest);
    let title: String = rest
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '`' && c != '"')
        .replace("**", "");
    Some((digits, title.trim().to_owned()))
}

/// Splits MODEL_FAILURES.md into claims.
fn split(markdown: &str) -> Vec<Claim> {
    let mut claims: Vec<Claim> = Vec::new();
    let mut open: Option<(Claim, u8)> = None;
    let mut section = Section::Skip;
    let mut section_letter = 'S';
    let mut bullets = 0usize;
    let close = |open: &mut Option<(Claim, u8)>, claims: &mut Vec<Claim>| {
        if let Some((claim, _)) = open.take() {
            claims.push(claim);
        }
    };
    for block in prose_blocks(markdown) {
        match block.kind {
            ProseKind::Heading(level) => {
                if open.as_ref().is_some_and(|(_, l)| level <= *l) {
                    close(&mut open, &mut claims);
                }
                if let Some((number, title)) = numbered_title(&block.text) {
                    close(&mut open, &mut claims);
                    let kind = section_kind(&title);
                    if kind == Section::Skip {
                        section = Section::Skip;
                        continue;
                    }
                    let expectation = match kind {
                        Section::StillOpen => Expectation::StillOpen,
                        Section::Unchanged => Expectation::Unchanged { already: false },
                        _ => Expectation::Fixed,
                    };
                    open = Some((
                        Claim {
                            number,
                            subject: title.clone(),
                            title,
                            start: block.start,
                            text: String::new(),
                            expectation,
                            numbered: true,
                        },
                        level,
                    ));
                } else if open.is_none() {
                    section = if level == 1 {
                        Section::Skip
                    } else {
                        section_kind(&block.text)
                    };
                    section_letter = block
                        .text
                        .chars()
                        .find(|c| c.is_alphabetic())
                        .map_or('S', |c| c.to_ascii_uppercase());
                    bullets = 0;
                }
            }
            ProseKind::Paragraph | ProseKind::Item { .. } if open.is_some() => {
                if let Some((claim, _)) = open.as_mut() {
                    if !claim.text.is_empty() {
                        claim.text.push(' ');
                    }
                    claim.text.push_str(block.text.trim());
                }
            }
            ProseKind::Item { ordered, number } if section != Section::Skip => {
                bullets += 1;
                let number = match (ordered, number) {
                    (true, Some(n)) => n.to_string(),
                    _ => format!("{section_letter}{bullets}"),
                };
                let text = block.text.trim().to_owned();
                let first = sentences(&text)
                    .first()
                    .map_or(text.clone(), |r| text[r.clone()].to_owned());
                let expectation = match section {
                    Section::Unchanged => Expectation::Unchanged { already: false },
                    Section::StillOpen => Expectation::StillOpen,
                    _ if ordered => Expectation::Fixed,
                    _ => Expectation::Holds,
                };
                claims.push(Claim {
                    number,
                    title: first,
                    start: block.start,
                    subject: text.clone(),
                    text,
                    expectation,
                    numbered: ordered,
                });
            }
            _ => {}
        }
    }
    close(&mut open, &mut claims);
    for claim in &mut claims {
        if claim.numbered && !claim.text.is_empty() {
            let (issue, fix) = issue_and_fix(&claim.text);
            claim.subject = format!("{} {}", claim.title, issue);
            if let Some(e) = negated(&fix) {
                claim.expectation = e;
            }
        } else if let Some(e) = negated(&claim.text) {
            claim.expectation = e;
        }
    }
    claims
}

/// The issue text and the fix text of a claim (`Issue: ... Fix Applied: ...`).
fn issue_and_fix(text: &str) -> (String, String) {
    let lower = text.to_lowercase();
    let fix_at = [
        "fix applied:",
        "fix:",
        "fixed:",
        "resolution:",
        "solution:",
        "correction:",
    ]
    .iter()
    .filter_map(|m| lower.find(m).map(|i| (i, m.len())))
    .min();
    match fix_at {
        Some((i, len)) if text.is_char_boundary(i) && text.is_char_boundary(i + len) => {
            let issue = text[..i].trim();
            let issue = issue
                .strip_prefix("Issue:")
                .or_else(|| issue.strip_prefix("Problem:"))
                .unwrap_or(issue);
            (issue.trim().to_owned(), text[i + len..].trim().to_owned())
        }
        _ => (text.to_owned(), String::new()),
    }
}

/// Negations that change what a claim asserts, read on the first sentence of the text: "we
/// did not add locking" (a gap, unless a reason follows: then nothing was wrong), "no
/// change was needed", "was already enabled", "still has no retention". "No policy uses
/// wildcards anymore" is not a negation of a fix: it states one.
fn negated(text: &str) -> Option<Expectation> {
    let first = sentences(text)
        .first()
        .map_or(String::new(), |r| first_clause(&text[r.clone()]));
    if first.is_empty() {
        return None;
    }
    const NEGATORS: [&str; 11] = [
        "did not",
        "didn't",
        "was not",
        "wasn't",
        "were not",
        "weren't",
        "has not been",
        "have not been",
        "is not",
        "are not",
        "not",
    ];
    const VERBS: [&str; 14] = [
        "add",
        "added",
        "change",
        "changed",
        "restrict",
        "restricted",
        "fix",
        "fixed",
        "modify",
        "modified",
        "touch",
        "touched",
        "enable",
        "enabled",
    ];
    const REASONS: [&str; 8] = [
        "since",
        "because",
        "as the",
        "already",
        "handled",
        "configured",
        "not needed",
        "no need",
    ];
    let has = |w: &str| find_words(&first, w).is_some();
    if has("already") {
        return Some(Expectation::Unchanged { already: true });
    }
    if has("no change")
        || has("no changes")
        || has("unchanged")
        || has("not changed") && !has("still")
    {
        return Some(Expectation::Unchanged { already: false });
    }
    let negated_verb = NEGATORS.iter().any(|n| {
        VERBS
            .iter()
            .any(|v| has(&format!("{n} {v}")) || has(&format!("{n} yet {v}")))
    });
    if negated_verb {
        return Some(if REASONS.iter().any(|r| has(r)) {
            Expectation::Unchanged { already: false }
        } else {
            Expectation::StillOpen
        });
    }
    if [
        "still has no",
        "still have no",
        "still without",
        "still lacks",
        "still open",
        "still has",
        "remains open",
    ]
    .iter()
    .any(|p| first.contains(p))
    {
        return Some(Expectation::StillOpen);
    }
    None
}

/// The first clause of a sentence (up to a colon or semicolon, where lists begin), lower
/// case, without parenthesized asides ("(these already carried the suffix)").
fn first_clause(sentence: &str) -> String {
    let clause = sentence.split([':', ';']).next().unwrap_or(sentence);
    let mut out = String::new();
    let mut depth = 0usize;
    for c in clause.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

/// Text without IAM action names (`kms:Decrypt`, `s3:*`): a policy naming KMS actions is
/// about permissions, not encryption.
fn without_actions(text: &str) -> String {
    text.split_whitespace()
        .filter(|word| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '*' && c != ':');
            !word.split_once(':').is_some_and(|(service, action)| {
                !service.is_empty()
                    && service
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && action
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '*')
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Keywords of claims and the checks they name. Specific network words come before the
/// generic ones, which apply only when no specific one did.
const KEYWORDS: &[(&[&str], &[&str])] = &[
    (
        &[
            "lock",
            "locked",
            "locking",
            "lockfile",
            "use_lockfile",
            "state lock",
            "lock table",
            "concurrent applies",
            "local state",
        ],
        &[
            "TFG101", "TFG103", "TFG104", "TFG105", "TFG106", "TFG107", "TFG108",
        ],
    ),
    (&["ssh", "port 22"], &["TFG201"]),
    (&["rdp", "3389", "remote desktop"], &["TFG202"]),
    (
        &[
            "database port",
            "database ports",
            "5432",
            "3306",
            "6379",
            "1433",
            "redis",
            "db port",
            "db ports",
        ],
        &["TFG203"],
    ),
    (
        &[
            "all ports",
            "all traffic",
            "all protocols",
            "every port",
            "admitted everything",
            "allow-all",
            "allow all",
        ],
        &["TFG204"],
    ),
    (
        &[
            "test",
            "tests",
            "integration test",
            "integration tests",
            "unit tests",
            "placeholder test",
            "placeholder tests",
        ],
        &["TFG3"],
    ),
    (
        &[
            "already exists",
            "collide",
            "collides",
            "collision",
            "collisions",
            "unique",
            "random suffix",
            "random_id",
            "suffix",
            "name_prefix",
            "fixed name",
            "fixed names",
            "literal names",
            "hard-coded names",
        ],
        &["TFG401"],
    ),
    (
        &[
            "documentation",
            "model_failures.md",
            "ideal_response.md",
            "template text",
            "template placeholders",
            "docs",
        ],
        &["TFG501", "TFG502", "TFG503", "TFG504"],
    ),
    (
        &[
            "encryption",
            "encrypted",
            "encrypt",
            "kms",
            "customer-managed key",
            "customer managed key",
            "customer key",
            "cmk",
            "aes256",
            "sse-s3",
            "sse-kms",
        ],
        &["TFG601", "TFG606", "TFG630", "TFG641", "TFG608"],
    ),
    (
        &["rotation", "rotates", "rotate", "enable_key_rotation"],
        &["TFG606"],
    ),
    (
        &["public access block", "public access", "block public"],
        &["TFG602"],
    ),
    (
        &[
            "least privilege",
            "least-privilege",
            "wildcard",
            "wildcards",
            "iam",
            "over-broad",
            "overly broad",
            "notaction",
            "principal",
        ],
        &["TFG603", "TFG604", "TFG605"],
    ),
    (
        &["tag", "tags", "tagging", "tagged", "default_tags"],
        &["TFG690"],
    ),
    (
        &[
            "multi-az",
            "multi_az",
            "availability zone",
            "availability zones",
            "high availability",
            "single-az",
            "single az",
        ],
        &["TFG680", "TFG681"],
    ),
    (
        &["retention", "retention_in_days", "events forever"],
        &["TFG640"],
    ),
    (
        &[
            "secret",
            "secrets",
            "password",
            "passwords",
            "api key",
            "credentials",
        ],
        &["TFG650"],
    ),
    (
        &[
            "imds",
            "imdsv1",
            "imdsv2",
            "http_tokens",
            "metadata_options",
            "instance metadata",
        ],
        &["TFG670"],
    ),
    (
        &[
            "multi-region",
            "multi region",
            "one region",
            "single region",
            "single-region",
            "is_multi_region_trail",
        ],
        &["TFG632"],
    ),
    (
        &[
            "log file validation",
            "validates its log files",
            "enable_log_file_validation",
        ],
        &["TFG631"],
    ),
    (
        &["public ip", "public ips", "associate_public_ip_address"],
        &["TFG660"],
    ),
    (
        &["pitr", "point-in-time", "point in time"],
        &["TFG607", "TFG107"],
    ),
];

/// Whether a text names any keyword, even of checks this build does not have (a tests
/// claim stays a tests claim rather than borrowing codes from its fix's details).
fn names_any_keyword(text: &str) -> bool {
    let lower = without_actions(text).to_lowercase();
    KEYWORDS
        .iter()
        .flat_map(|(words, _)| words.iter())
        .chain(GENERIC_NETWORK)
        .any(|w| find_words(&lower, w).is_some())
}

/// Words of a claim about network exposure in general.
const GENERIC_NETWORK: &[&str] = &[
    "0.0.0.0/0",
    "::/0",
    "open to the internet",
    "from the internet",
    "from anywhere",
    "open to the world",
    "ingress",
    "network access",
    "exposed",
    "exposure",
    "reachable",
];

/// The codes a text names, among the checks that exist.
#[cfg(test)]
fn codes_of(text: &str) -> Vec<&'static str> {
    mapped_codes(text).0
}

/// The codes a text names, and among them those named by a keyword of a single check
/// (`rotation`, `ssh`): specific enough to hold even when the model response did not fail
/// them.
fn mapped_codes(text: &str) -> (Vec<&'static str>, Vec<&'static str>) {
    let lower = without_actions(text).to_lowercase();
    let mut wanted: Vec<&'static str> = Vec::new();
    let mut specific: Vec<&'static str> = Vec::new();
    for (words, mapped) in KEYWORDS {
        if words.iter().any(|w| find_words(&lower, w).is_some()) {
            wanted.extend_from_slice(mapped);
            if let [one] = mapped {
                specific.push(one);
            }
        }
    }
    if !wanted.iter().any(|c| c.starts_with("TFG2"))
        && GENERIC_NETWORK
            .iter()
            .any(|w| find_words(&lower, w).is_some())
    {
        wanted.extend_from_slice(&["TFG201", "TFG202", "TFG203", "TFG204"]);
    }
    // Only checks that exist; `TFG3` stands for every tests check there is.
    let mut codes: Vec<&'static str> = crate::rules::all_checks()
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
    specific.retain(|c| codes.contains(c));
    (codes, specific)
}

/// A claim about every instance ("all buckets", "no policy uses wildcards anymore"): held
/// to every check it names, not only those the model response failed.
fn universal(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["all", "every", "none", "anymore", "wildcards", "no longer"]
        .iter()
        .any(|w| find_words(&lower, w).is_some())
}

/// Codes judged on the bundle as it is (its documents and tests), not per configuration.
fn bundle_level(code: &str) -> bool {
    code.starts_with("TFG3") || code.starts_with("TFG5")
}

/// Reads MODEL_FAILURES.md and judges each claim by the findings of the submission.
pub fn judge(submission: &Submission, findings: &[Finding], markdown: &str) -> Vec<ClaimRow> {
    let line_index = crate::source::LineIndex::new(markdown);
    let counted = |f: &&Finding| f.suppressed.is_none() && f.severity != Severity::Info;
    let config_of = |f: &Finding| submission.unit(f.unit).config;
    let is_model = |config: usize| {
        config != NO_CONFIGURATION
            && submission
                .configs
                .get(config)
                .is_some_and(|c| c.from_response && file_name(&c.name) == "MODEL_RESPONSE.md")
    };
    let is_ideal = |config: usize| {
        config != NO_CONFIGURATION
            && submission
                .configs
                .get(config)
                .is_some_and(|c| !c.from_response || file_name(&c.name) == "IDEAL_RESPONSE.md")
    };
    let has_model = submission
        .configs
        .iter()
        .enumerate()
        .any(|(i, _)| is_model(i));
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
    split(markdown)
        .into_iter()
        .map(|claim| {
            let (mut codes, mut specific) = mapped_codes(&claim.subject);
            if codes.is_empty() && !names_any_keyword(&claim.subject) {
                (codes, specific) = mapped_codes(&claim.text);
            }
            let of = |code: &str, side: &dyn Fn(usize) -> bool| -> Vec<&Finding> {
                findings
                    .iter()
                    .filter(|f| f.code == code && side(config_of(f)))
                    .collect()
            };
            let mut model: Vec<&Finding> = Vec::new();
            let mut model_unknown: Vec<&Finding> = Vec::new();
            let mut ideal: Vec<&Finding> = Vec::new();
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
                    ideal.extend(of(code, &is_ideal).into_iter().filter(counted));
                }
            }
            // A fix claim is about what the model response failed: of a broad group of
            // checks (encryption, IAM), the ideal is held only to those the model failed,
            // plus the ones the claim names specifically, unless it speaks of every case.
            if claim.expectation == Expectation::Fixed && !model.is_empty() && !universal(&claim.text) {
                let failed: Vec<&str> = model.iter().map(|f| f.code).collect();
                ideal.retain(|f| {
                    bundle_level(f.code) || failed.contains(&f.code) || specific.contains(&f.code)
                });
            }
            // Evidence from lib/ first: it is what gets deployed.
            ideal.sort_by_key(|f| submission.configs.get(config_of(f)).is_none_or(|c| c.from_response));
            let only_bundle_level = codes.iter().all(|c| bundle_level(c));
            let list = codes.join(", ");
            let (verdict, evidence) = if codes.is_empty() {
                (Verdict::NotCheckable, "no check maps to this claim".to_owned())
            } else {
                match claim.expectation {
                    Expectation::Fixed | Expectation::Holds | Expectation::Unchanged { .. }
                        if !ideal.is_empty() =>
                    {
                        let more = if ideal.len() > 1 {
                            format!("; {} more finding(s) of {list}", ideal.len() - 1)
                        } else {
                            String::new()
                        };
                        (Verdict::Contradicted, format!("the ideal still has it: {}{more}", describe(ideal[0])))
                    }
                    Expectation::Fixed if !model.is_empty() => (
                        Verdict::Verified,
                        format!(
                            "the model response had it ({}); the ideal has no finding of {list}",
                            describe(model[0])
                        ),
                    ),
                    Expectation::Fixed if only_bundle_level => {
                        (Verdict::Verified, format!("no finding of {list} in the bundle"))
                    }
                    Expectation::Fixed if !model_unknown.is_empty() => (
                        Verdict::NotCheckable,
                        format!(
                            "the model response's value could not be known: {}",
                            describe(model_unknown[0])
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
                    Expectation::Fixed => (
                        Verdict::Contradicted,
                        format!("the model response had no such failure: no finding of {list} in it"),
                    ),
                    Expectation::Unchanged { already: true } if !model.is_empty() => (
                        Verdict::Contradicted,
                        format!("the model response had it: {}", describe(model[0])),
                    ),
                    Expectation::Holds | Expectation::Unchanged { .. } => {
                        (Verdict::Verified, format!("no finding of {list} in the ideal"))
                    }
                    Expectation::StillOpen if !ideal.is_empty() => (
                        Verdict::Verified,
                        format!("the ideal still has it, as the claim says: {}", describe(ideal[0])),
                    ),
                    Expectation::StillOpen => (
                        Verdict::Contradicted,
                        format!("the ideal has no finding of {list}: the gap the claim admits is not there"),
                    ),
                }
            };
            ClaimRow {
                number: claim.number,
                title: claim.title,
                line: line_index.position(markdown, claim.start).line,
                text: claim.text,
                expectation: claim.expectation,
                codes,
                verdict,
                evidence,
            }
        })
        .collect()
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
}
