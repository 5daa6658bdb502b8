//! How MODEL_FAILURES.md is read into claims (RUBRIC.md 2, claims). Reviewers write in
//! every shape: numbered headings (`### 1. Title`, `## Issue 2:`, `## Error 3 —`,
//! `Failure #4`), bold pseudo-headings (`**Flaw 1 — Title**`, `***Flaw 2***`), numbered
//! or bulleted lists with or without headings, category bullets with one flaw per
//! sub-bullet, plain title lines followed by a `Fix:` paragraph, and whole documents
//! inside a code fence. Each failure item is a claim; its parts are told apart by their
//! labels (`**Issue**:`, `MODEL_RESPONSE Issue:`, `Fix Applied:`, `Impact:`, `Root
//! Cause:`): the title and the issue say what the claim is about, the fix what it says
//! was done, and impact, root cause, lessons and the like claim nothing.
//!
//! Sections are told apart by their headings: failures, improvements (statements of the
//! final state), "not changed" (statements that something was already right), and the
//! sections that claim nothing (summaries, impact, lessons, prevention, recommendations,
//! statistics, praise, checklists, test results, limitations, the training value).

use crate::bundle::wording;
use crate::prose::{ProseBlock, ProseKind, find_words, prose_blocks, sentences};

/// What a claim asserts about its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
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

/// A claim as read, before it is judged.
#[derive(Debug, Clone)]
pub struct Claim {
    pub number: String,
    pub title: String,
    /// Byte offset of the claim in the markdown.
    pub start: usize,
    /// The claim's prose, every part (code blocks left out).
    pub text: String,
    /// Title and issue: what the claim is about.
    pub subject: String,
    /// The fix part: what the claim says was done.
    pub fix: String,
    /// The blocks of the issue part, each on its own: the flaws a claim lists one per
    /// bullet ("No encryption", "No versioning").
    pub issue_items: Vec<String>,
    pub expectation: Expectation,
    /// Read from a heading or a bold pseudo-heading, rather than from a list item or a
    /// paragraph: the document's own items, which later lists may restate.
    pub headed: bool,
}

/// The kind of a section, from its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Claims nothing: summaries, impact, lessons, advice, statistics, praise.
    Skip,
    /// Failure items: each claims the ideal fixed it.
    Failures,
    /// Statements of the final state ("Code Quality Improvements").
    Improvements,
    /// Statements that something was already right ("Not changed").
    Unchanged,
    /// A heading that says nothing of its kind ("Security", "Backend"): the enclosing
    /// section's kind holds.
    Neutral,
}

/// Words of headings of sections that claim nothing, whatever else the heading says.
const SKIP_WORDS: &[&str] = &[
    "summary",
    "overview",
    "conclusion",
    "lesson",
    "learning",
    "takeaway",
    "prevention",
    "preventive",
    "recommendation",
    "recommended",
    "advice",
    "suggestion",
    "statistic",
    "metric",
    "benefit",
    "achievement",
    "strength",
    "praise",
    "positive",
    "went well",
    "done well",
    "did well",
    "correctly",
    "successfully",
    "checklist",
    "test result",
    "testing result",
    "reference",
    "appendix",
    "next step",
    "future",
    "requirements coverage",
    "deployment result",
    "limitation",
    "known issue",
    "remaining",
    "not fixed",
    "blind spot",
    "table of contents",
    "introduction",
    "methodology",
    "insight",
    "required fix",
    "impact of",
    "action item",
    "advantage",
    "why ideal",
    "why the ideal",
    "analysis of",
    "testing notes",
    "test notes",
    "testing strategy",
];

/// Words of headings of sections that claim nothing, unless the heading names failures
/// ("Low Impact Failures" holds failures).
const WEAK_SKIP_WORDS: &[&str] = &[
    "impact",
    "root cause",
    "validation",
    "verification",
    "feature",
    "architecture",
    "status",
    "gap",
    "pattern",
    "file",
    "count",
    "key improvement",
    "key change",
    "key feature",
    "key point",
    "key difference",
    "training",
    "assessment",
    "score",
    "rating",
    "context",
    "background",
    "comparison table",
    "compliance",
    "what the model",
    "working",
    "timeline",
    "step",
];

/// Plural nouns of headings of failure sections ("Critical Failures", "Issues Fixed").
const FAILURE_WORDS: &[&str] = &[
    "failures",
    "issues",
    "errors",
    "problems",
    "flaws",
    "mistakes",
    "bugs",
    "defects",
    "fixes",
    "corrections",
    "deviations",
    "findings",
    "changes",
    "discrepancies",
    "shortcomings",
    "weaknesses",
    "blockers",
    "gaps",
];

/// Words of severity: a short heading made of them is a failure section ("High Priority").
const SEVERITY_WORDS: &[&str] = &[
    "critical", "high", "medium", "low", "major", "minor", "severity", "priority", "moderate",
    "severe",
];

fn section_kind(title: &str) -> Section {
    let lower = title.to_lowercase();
    let tokens = wording::tokens(title);
    let has = |w: &str| says(&lower, &tokens, w);
    if has("not changed") || has("unchanged") || has("no change") {
        return Section::Unchanged;
    }
    if SKIP_WORDS.iter().any(|w| has(w)) {
        return Section::Skip;
    }
    let words: Vec<&String> = tokens
        .iter()
        .filter(|t| t.chars().any(char::is_alphabetic))
        .collect();
    if FAILURE_WORDS.iter().any(|w| tokens.iter().any(|t| t == w))
        || words.len() <= 3 && words.iter().any(|t| SEVERITY_WORDS.contains(&t.as_str()))
    {
        return Section::Failures;
    }
    if has("improvement") || has("enhancement") || has("quality") || has("best practice") {
        return Section::Improvements;
    }
    if WEAK_SKIP_WORDS.iter().any(|w| has(w)) {
        return Section::Skip;
    }
    Section::Neutral
}

/// Whether a numbered item's title says it claims nothing ("5. Lessons Learned", "Not
/// changed"): only the words that hold whatever else a heading says.
fn claims_nothing(title: &str) -> bool {
    let lower = title.to_lowercase();
    let tokens = wording::tokens(title);
    match section_kind(title) {
        Section::Unchanged => true,
        Section::Skip => SKIP_WORDS.iter().any(|w| says(&lower, &tokens, w)),
        _ => false,
    }
}

/// Whether a heading (`lower`, its `tokens`) says a word or a phrase of stems.
fn says(lower: &str, tokens: &[String], w: &str) -> bool {
    find_words(lower, w).is_some() || wording::has_phrase(tokens, w)
}

/// The kind of the document's title: failures unless it only names what claims nothing
/// ("# Summary"); "# Training Data: Model Failures and Corrections" holds failures.
fn title_kind(title: &str) -> Section {
    let tokens = wording::tokens(title);
    let names_failures = [
        "failure",
        "issue",
        "error",
        "correction",
        "fix",
        "flaw",
        "mistake",
        "problem",
    ]
    .iter()
    .any(|w| tokens.iter().any(|t| wording::is_form(t, w)));
    match section_kind(title) {
        Section::Skip if !names_failures => Section::Skip,
        Section::Unchanged => Section::Unchanged,
        Section::Improvements if !names_failures => Section::Improvements,
        _ => Section::Failures,
    }
}

/// Words of a heading that names a flaw ("Wrong File Structure", "Missing Outputs").
const FLAW_WORDS: &[&str] = &[
    "missing",
    "no",
    "lack",
    "lacks",
    "lacking",
    "without",
    "wrong",
    "incorrect",
    "invalid",
    "insecure",
    "hardcoded",
    "hard",
    "open",
    "overly",
    "excessive",
    "weak",
    "not",
    "unencrypted",
    "inadequate",
    "insufficient",
    "incomplete",
    "broken",
    "failed",
    "failing",
    "exposed",
    "deprecated",
    "misconfigured",
    "improper",
    "undefined",
    "undeclared",
    "unrestricted",
    "public",
    "permissive",
    "error",
    "issue",
    "problem",
    "failure",
    "bug",
    "flaw",
    "conflict",
    "collision",
    "mismatch",
    "absent",
    "poor",
    "unused",
    "duplicate",
    "inconsistent",
    "unsupported",
    "mistake",
    "instead",
];

/// Whether an unnumbered heading names a flaw: a word of [`FLAW_WORDS`] or a concept a
/// claim can be judged by.
fn names_flaw(title: &str) -> bool {
    let tokens = wording::tokens(title);
    tokens.iter().any(|t| FLAW_WORDS.contains(&t.as_str()))
        || !wording::concepts_in(title).is_empty()
}

/// Words a numbered title may start with: `Issue 1`, `Error #2`, `Flaw 3 —`.
const NUMBER_WORDS: &[&str] = &[
    "issue",
    "failure",
    "error",
    "flaw",
    "fix",
    "problem",
    "bug",
    "finding",
    "defect",
    "mistake",
    "gap",
    "item",
    "change",
    "correction",
    "deviation",
];

/// A numbered title: `1. **State Was Never Locked** ❌→✅`, `Issue 2: SSH open`, `Flaw 3 —
/// Names`, `Failure #4`, `1) Tags` → (number, title).
pub fn numbered_title(text: &str) -> Option<(String, String)> {
    let t = text
        .trim()
        .trim_start_matches(|c: char| c == '*' || c == '_' || c == '#' || c.is_whitespace());
    // ASCII lower case keeps byte offsets, so `lower`'s suffixes map back onto `t`.
    let lower = t.to_ascii_lowercase();
    let (rest, worded) = match NUMBER_WORDS.iter().find_map(|w| {
        let after = lower.strip_prefix(w)?;
        let after = after.strip_prefix('s').unwrap_or(after);
        let skipped = after.len() - after.trim_start_matches([' ', '#']).len();
        (skipped > 0 || after.starts_with(|c: char| c.is_ascii_digit()))
            .then(|| &t[t.len() - after.len() + skipped..])
    }) {
        Some(rest) => (rest, true),
        None => (t, false),
    };
    let rest = rest.strip_prefix("No. ").unwrap_or(rest);
    // `A1: Title`, `B3. Title`: a category letter before the number.
    let rest = match rest.as_bytes() {
        [letter, digit, ..] if !worded && letter.is_ascii_uppercase() && digit.is_ascii_digit() => {
            &rest[1..]
        }
        _ => rest,
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let after = &rest[digits.len()..];
    // `1.`, `1)`, `1:`; after a word also `Issue 1 — Title`, `Flaw 1` alone.
    let separated = after.starts_with(['.', ')', ':'])
        && !after[1..].starts_with(|c: char| c.is_ascii_digit())
        || after.starts_with(", ") && after[2..].starts_with(char::is_uppercase)
        || worded
            && (after.trim_start().is_empty()
                || after
                    .trim_start()
                    .starts_with(['—', '–', '-', '*', '_', '(', '['])
                || after.starts_with(' '));
    if !separated {
        return None;
    }
    let title: String = after
        .trim_start_matches(['.', ')', ':', ','])
        .trim()
        .trim_start_matches(['—', '–', '-', ':'])
        .replace("**", "")
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '`' && c != '"' && c != ')')
        .to_owned();
    Some((digits, title))
}

/// The parts of a failure item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// What was wrong: what the claim is about.
    Issue,
    /// What was done.
    Fix,
    /// Impact, root cause, lessons, references: claims nothing.
    Other,
}

/// The part a label names (`Fix Applied`, `MODEL_RESPONSE Issue`, `Impact Level`).
fn part_of_label(label: &str) -> Option<Part> {
    let lower = label.to_lowercase().replace(['_', '*'], " ");
    let has = |w: &str| find_words(&lower, w).is_some();
    const FIX: &[&str] = &[
        "fix",
        "fixes",
        "fixed",
        "fix applied",
        "resolution",
        "resolved",
        "solution",
        "solutions",
        "correction",
        "corrected",
        "corrected code",
        "ideal response",
        "ideal",
        "correct approach",
        "correct implementation",
        "after",
        "changes made",
        "change made",
        "what was changed",
        "remediation",
        "how it was fixed",
        "what was fixed",
    ];
    const OTHER: &[&str] = &[
        "impact",
        "severity",
        "priority",
        "root cause",
        "why",
        "lesson",
        "lessons learned",
        "prevention",
        "note",
        "notes",
        "cost",
        "files",
        "file",
        "location",
        "evidence",
        "error message",
        "error output",
        "documentation",
        "aws documentation",
        "reference",
        "training value",
        "result",
        "validation",
        "testing",
        "status",
        "category",
        "effect",
        "consequence",
        "risk",
        "security risk",
        "learning",
        "takeaway",
        "recommendation",
        "best practice",
    ];
    const ISSUE: &[&str] = &[
        "issue",
        "problem",
        "failure",
        "flaw",
        "model response",
        "model",
        "what the model did",
        "original",
        "before",
        "symptom",
        "missing",
        "requirement",
        "expected",
        "what was wrong",
        "bug",
        "gap",
        "error",
        "wrong",
    ];
    if has("ideal") || FIX.iter().any(|w| has(w)) {
        Some(Part::Fix)
    } else if OTHER.iter().any(|w| has(w)) {
        Some(Part::Other)
    } else if ISSUE.iter().any(|w| has(w)) {
        Some(Part::Issue)
    } else {
        None
    }
}

/// The label a block starts with and the text after it: a bold lead followed by a colon
/// or alone (`**Fix Applied**: ...`, `**Impact**`), or a few words before a colon
/// (`Root Cause: ...`, `MODEL_RESPONSE Issue:`).
fn label(block: &ProseBlock) -> Option<(Part, &str)> {
    let text = block.text.trim_start();
    if let Some(lead) = block.lead_text() {
        let lead = lead.trim();
        let (name, rest) = match lead.strip_suffix(':') {
            Some(name) => (name, &block.text[block.lead.unwrap_or(0)..]),
            None => {
                let rest = block.text[block.lead.unwrap_or(0)..].trim_start();
                match rest.strip_prefix(':') {
                    Some(rest) => (lead, rest),
                    None if rest.is_empty() => (lead, rest),
                    None => return None,
                }
            }
        };
        return part_of_label(name).map(|p| (p, rest.trim()));
    }
    let by_colon = text.find(':').and_then(|colon| {
        let name = &text[..colon];
        if name.split_whitespace().count() > 5 || name.contains(['.', '`', '(']) {
            return None;
        }
        part_of_label(name).map(|p| (p, text[colon + 1..].trim()))
    });
    if by_colon.is_some() {
        return by_colon;
    }
    // A one-word label on a line of its own, without a colon ("Reason", "Fix"): the
    // paragraph reads "Reason The bucket ...", the next line starting with a capital.
    let bare = text.trim();
    if let Some((word, rest)) = bare.split_once(char::is_whitespace).or(Some((bare, "")))
        && ["reason", "issue", "problem", "fix", "solution", "resolution", "impact"]
            .contains(&word.to_lowercase().as_str())
        && (rest.is_empty() || rest.trim_start().starts_with(|c: char| c.is_uppercase()))
        // "Reason" on its own line, before the fix, says what was wrong.
        && let Some(part) = part_of_label(word).or((word.eq_ignore_ascii_case("reason")).then_some(Part::Issue))
    {
        return Some((part, rest.trim()));
    }
    None
}

/// Where an item came from, for what continues it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// A heading of this level; `tentative` for an unnumbered heading in a failure
    /// section, which is a section instead when a list follows it directly.
    Heading { level: u8, tentative: bool },
    /// A bold pseudo-heading or bold-lead paragraph.
    Lead,
    /// A list item at this depth.
    Item { depth: usize },
    /// Paragraphs ended by a `Fix:` paragraph.
    Plain,
}

/// An item being read.
struct Open {
    number: Option<String>,
    title: String,
    start: usize,
    origin: Origin,
    expectation: Expectation,
    /// (part, text) in order.
    parts: Vec<(Part, String)>,
    part: Part,
    /// Blocks read into it after its title.
    body: usize,
}

impl Open {
    fn new(
        title: String,
        number: Option<String>,
        start: usize,
        origin: Origin,
        expectation: Expectation,
    ) -> Open {
        Open {
            number,
            title,
            start,
            origin,
            expectation,
            parts: Vec::new(),
            part: Part::Issue,
            body: 0,
        }
    }

    fn push(&mut self, block: &ProseBlock) {
        self.body += 1;
        let (part, text) = match label(block) {
            Some((part, rest)) => (part, rest),
            None => (self.part, block.text.trim()),
        };
        self.part = part;
        self.add(part, text);
    }

    /// Adds text to a part, cut where a label starts inside it ("Issue: ... Fix Applied:
    /// ..." written as one paragraph).
    fn add(&mut self, part: Part, text: &str) {
        let mut part = part;
        for (next, piece) in split_labels(text) {
            if let Some(next) = next {
                part = next;
            }
            self.part = part;
            if !piece.is_empty() {
                self.parts.push((part, piece.to_owned()));
            }
        }
    }
}

/// A text cut at the labels inside it: (the label's part, the text after it up to the
/// next label); the first piece has no label. A label is one to four words after the
/// start or a sentence's end, before a colon ("... forever. Fix Applied: ...").
fn split_labels(text: &str) -> Vec<(Option<Part>, &str)> {
    let mut cuts: Vec<(usize, usize, Part)> = Vec::new();
    for (colon, _) in text.match_indices(':') {
        let before = &text[..colon];
        let start = before.rfind(['.', '!', '?', ';', ')']).map_or(0, |i| i + 1);
        let words = before[start..].trim();
        let count = words.split_whitespace().count();
        if count == 0 || count > 4 || words.contains('`') {
            continue;
        }
        if words.chars().next().is_some_and(char::is_lowercase) && start > 0 {
            continue;
        }
        if let Some(part) = part_of_label(words) {
            let label_start = start + (before[start..].len() - before[start..].trim_start().len());
            cuts.push((label_start, colon + 1, part));
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    let mut part = None;
    for (label_start, after, next) in cuts {
        if label_start < at {
            continue;
        }
        out.push((part, text[at..label_start].trim()));
        part = Some(next);
        at = after;
    }
    out.push((part, text[at..].trim()));
    out
}

/// The inside of a document that is one code fence (```` ```markdown ... ``` ````), with
/// its offset; the document itself otherwise.
fn unfenced(markdown: &str) -> (&str, usize) {
    let trimmed = markdown.trim();
    let lead = markdown.len() - markdown.trim_start().len();
    // A fence around a markdown document that holds fences of its own (```` ```hcl ````
    // inside, which a renderer reads as closing the outer one): the document starts
    // with a heading on the line after the opening fence.
    if let Some(rest) = trimmed.strip_prefix("```")
        && let Some(newline) = rest.find('\n')
        && ["", "markdown", "md", "text"].contains(&rest[..newline].trim())
        && rest[newline + 1..].trim_start().starts_with('#')
    {
        let inner = &rest[newline + 1..];
        let inner = inner.trim_end().strip_suffix("```").unwrap_or(inner);
        return (inner, lead + 3 + newline + 1);
    }
    for fence in ["```", "~~~"] {
        if trimmed.starts_with(fence)
            && trimmed.ends_with(fence)
            && trimmed.len() > 2 * fence.len()
            && let Some(newline) = trimmed.find('\n')
        {
            let inner = &trimmed[newline + 1..trimmed.len() - fence.len()];
            // One fence only: no other fence line inside.
            if !inner.lines().any(|l| l.trim_start().starts_with(fence)) {
                return (inner, lead + newline + 1);
            }
        }
    }
    (markdown, 0)
}

/// A document that, before its first item, says it lists failure patterns of models in
/// general ("This document outlines common failure patterns that models encounter"): it
/// reviews no response, so it claims nothing about this one.
fn describes_patterns_in_general(blocks: &[ProseBlock]) -> bool {
    blocks
        .iter()
        .take_while(|b| !matches!(b.kind, ProseKind::Item { .. }))
        .filter(|b| b.kind == ProseKind::Paragraph)
        .take(2)
        .any(|b| {
            let text = b.text.to_lowercase();
            GENERAL_CATALOGUE.iter().any(|p| text.contains(p))
                && ![
                    "model response",
                    "model_response",
                    "this model",
                    "the response",
                ]
                .iter()
                .any(|p| text.contains(p))
        })
}

/// Words of an introduction that says the document lists failures in general, not this
/// response's ("This document catalogs common failures ... that models often make").
/// "Common failures that models encounter" alone is not enough: reviews of this response
/// open that way too.
const GENERAL_CATALOGUE: &[&str] = &[
    "common failure patterns",
    "catalogs common",
    "catalog of common",
    "catalogues common",
    "catalogue of common",
];

/// Splits MODEL_FAILURES.md into claims.
pub fn split(markdown: &str) -> Vec<Claim> {
    let (inner, offset) = unfenced(markdown);
    let blocks = prose_blocks(inner);
    if describes_patterns_in_general(&blocks) {
        return Vec::new();
    }
    let has_headings = blocks
        .iter()
        .any(|b| matches!(b.kind, ProseKind::Heading(_)));
    let mut reader = Reader {
        claims: Vec::new(),
        open: None,
        sections: Vec::new(),
        counter: 0,
        letter: 'C',
        category: None,
        pending: None,
        has_headings,
    };
    for (i, block) in blocks.iter().enumerate() {
        let next = blocks.get(i + 1);
        reader.read(block, next);
    }
    reader.close();
    let mut claims = reader.claims;
    for claim in &mut claims {
        claim.start += offset;
    }
    claims
}

struct Reader {
    claims: Vec<Claim>,
    open: Option<Open>,
    /// Enclosing headings: (level, kind).
    sections: Vec<(u8, Section)>,
    /// Unnumbered claims so far in the section, for their numbers (`N1`, `N2` under "Not
    /// changed").
    counter: usize,
    /// The first letter of the section's heading.
    letter: char,
    /// The depth of a category bullet whose sub-bullets are the items.
    category: Option<usize>,
    /// The first paragraph since the last item: a plain title line, when a `Fix:`
    /// paragraph follows.
    pending: Option<(usize, String)>,
    has_headings: bool,
}

impl Reader {
    /// The section the reader is in: the innermost heading that says its kind; failures
    /// before any (the document is MODEL_FAILURES.md).
    fn section(&self) -> Section {
        self.sections
            .iter()
            .rev()
            .map(|(_, k)| *k)
            .find(|k| *k != Section::Neutral)
            .unwrap_or(Section::Failures)
    }

    fn expectation(&self) -> Expectation {
        match self.section() {
            Section::Improvements => Expectation::Holds,
            Section::Unchanged => Expectation::Unchanged { already: false },
            _ => Expectation::Fixed,
        }
    }

    fn close(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        let issue: Vec<&str> = open
            .parts
            .iter()
            .filter(|(p, _)| *p == Part::Issue)
            .map(|(_, t)| t.as_str())
            .collect();
        let fix: Vec<&str> = open
            .parts
            .iter()
            .filter(|(p, _)| *p == Part::Fix)
            .map(|(_, t)| t.as_str())
            .collect();
        let text = open
            .parts
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        // An item numbered on a line of its own ("1." then "Reason" and a paragraph) is
        // titled by the first sentence of its issue.
        let title = match open.title.trim() {
            "" => issue
                .first()
                .map(|t| {
                    let end = t.find(". ").map_or(t.len(), |i| i + 1);
                    t[..end].trim().to_owned()
                })
                .unwrap_or_default(),
            title => title.to_owned(),
        };
        if title.is_empty() && text.is_empty() || says_nothing_failed(&title) {
            return;
        }
        let number = open.number.unwrap_or_else(|| {
            self.counter += 1;
            format!("{}{}", self.letter, self.counter)
        });
        let mut expectation = open.expectation;
        let fix = fix.join(" ");
        // "We did not add locking, since ..." in a fix, or an item that is all negation.
        let negation_source = if fix.is_empty() {
            if issue.is_empty() {
                title.clone()
            } else {
                issue.join(" ")
            }
        } else {
            fix.clone()
        };
        if let Some(e) = negated(&negation_source) {
            // A failure item with a fix that says nothing changed describes a flaw left
            // as it was; an item whose issue is phrased as a negation ("No tags were
            // added") is still a failure item.
            if !fix.is_empty() || expectation != Expectation::Fixed {
                expectation = e;
            }
        }
        let headed = matches!(open.origin, Origin::Heading { .. } | Origin::Lead);
        self.claims.push(Claim {
            headed,
            number,
            subject: format!("{title} {}", issue.join(" ")).trim().to_owned(),
            issue_items: issue.iter().map(|t| (*t).to_owned()).collect(),
            title,
            start: open.start,
            text,
            fix,
            expectation,
        });
    }

    fn open(&mut self, title: String, number: Option<String>, start: usize, origin: Origin) {
        self.close();
        self.pending = None;
        // A numbered item names a flaw even in a list of improvements ("### 1.
        // variables.tf / MODEL Issues: ..."); plain bullets there state the final state.
        let expectation = match self.expectation() {
            Expectation::Holds if number.is_some() => Expectation::Fixed,
            e => e,
        };
        self.open = Some(Open::new(title, number, start, origin, expectation));
    }

    fn read(&mut self, block: &ProseBlock, next: Option<&ProseBlock>) {
        match block.kind {
            ProseKind::Heading(level) => self.heading(block, level),
            ProseKind::Paragraph => self.paragraph(block),
            ProseKind::Item {
                ordered,
                depth,
                number,
            } => {
                self.item(block, ordered, depth, number, next);
            }
        }
    }

    fn heading(&mut self, block: &ProseBlock, level: u8) {
        // A heading inside an item below its level labels a part (`#### Fix Applied`).
        if let Some(open) = &mut self.open
            && let Origin::Heading { level: l, .. } = open.origin
            && level > l
        {
            if let Some(part) = part_of_label(&block.text) {
                open.part = part;
                open.body += 1;
                return;
            }
            if numbered_title(&block.text).is_none() {
                open.push(block);
                return;
            }
        }
        self.close();
        self.pending = None;
        self.category = None;
        self.counter = 0;
        self.letter = block
            .text
            .chars()
            .find(|c| c.is_alphabetic())
            .map_or('C', |c| c.to_ascii_uppercase());
        while self.sections.last().is_some_and(|(l, _)| *l >= level) {
            self.sections.pop();
        }
        // A document title that claims nothing ("# Overview") used as a section: the
        // numbered headings after it are still items.
        let skipped_below_title = self
            .sections
            .iter()
            .rev()
            .find(|(_, k)| *k != Section::Neutral)
            .is_some_and(|(l, k)| *k == Section::Skip && *l > 1);
        let numbered = numbered_title(&block.text);
        if skipped_below_title || self.section() == Section::Skip && numbered.is_none() {
            self.sections.push((level, Section::Skip));
            return;
        }
        if let Some((number, title)) = numbered {
            if claims_nothing(&title) {
                self.sections.push((level, section_kind(&title)));
                return;
            }
            let title = if title.is_empty() {
                clean_title(&block.text)
            } else {
                title
            };
            self.open(
                title,
                Some(number),
                block.start,
                Origin::Heading {
                    level,
                    tentative: false,
                },
            );
            self.sections.push((level, Section::Neutral));
            return;
        }
        let kind = if level == 1 {
            title_kind(&block.text)
        } else {
            section_kind(&block.text)
        };
        let parent = self.section();
        self.sections.push((level, kind));
        if kind == Section::Neutral
            && level > 1
            && parent == Section::Failures
            && names_flaw(&block.text)
        {
            self.open(
                clean_title(&block.text),
                None,
                block.start,
                Origin::Heading {
                    level,
                    tentative: true,
                },
            );
        }
    }

    fn paragraph(&mut self, block: &ProseBlock) {
        let pseudo = block.lead_text().and_then(numbered_title);
        // After its fix, a plain item ends at the next unlabelled paragraph: the next
        // title line.
        if let Some(open) = &self.open
            && open.origin == Origin::Plain
            && open.part == Part::Fix
            && label(block).is_none()
            && pseudo.is_none()
        {
            self.close();
            self.open = None;
            self.pending = Some((block.start, first_sentence(block.text.trim())));
            return;
        }
        if let Some(open) = &mut self.open {
            let restarts = match open.origin {
                Origin::Heading { tentative, .. } => tentative && pseudo.is_some(),
                Origin::Lead | Origin::Item { .. } | Origin::Plain => pseudo.is_some(),
            };
            if !restarts {
                open.push(block);
                return;
            }
        }
        if self.section() == Section::Skip || self.section() == Section::Unchanged {
            return;
        }
        if let Some((number, title)) = pseudo {
            if claims_nothing(&title) {
                return;
            }
            let title = if title.is_empty() {
                clean_title(block.lead_text().unwrap_or_default())
            } else {
                title
            };
            let rest = block.text[block.lead.unwrap_or(0)..].trim();
            self.open(title, Some(number), block.start, Origin::Lead);
            if let Some(open) = &mut self.open
                && !rest.is_empty()
            {
                open.add(Part::Issue, rest.trim_start_matches([':', '—', '-', ' ']));
            }
            return;
        }
        if self.section() != Section::Failures {
            return;
        }
        // A plain numbered paragraph (`1. Title` with no list, as some renderers leave it).
        if let Some((number, title)) = numbered_title(&block.text)
            && (block
                .text
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit())
                || block
                    .text
                    .trim_start_matches(['*', '_', ' '])
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| {
                        NUMBER_WORDS.contains(&w.to_lowercase().trim_end_matches('s'))
                    }))
        {
            let first = first_sentence(&title);
            self.open(first.clone(), Some(number), block.start, Origin::Plain);
            if let Some(open) = &mut self.open
                && let Some(rest) = title.get(first.len()..)
            {
                open.add(Part::Issue, rest.trim());
            }
            return;
        }
        match label(block) {
            // A `Fix:` paragraph after plain title lines: they were an item.
            Some((Part::Fix, _)) => {
                if let Some((start, title)) = self.pending.take() {
                    self.open(title, None, start, Origin::Plain);
                    if let Some(open) = &mut self.open {
                        open.push(block);
                    }
                }
            }
            Some(_) => {}
            None => {
                // A bold-lead paragraph names a flaw: `**Missing locking**: ...`.
                if let Some(lead) = block.lead_text()
                    && self.has_headings
                    && lead.split_whitespace().count() <= 12
                    && section_kind(lead) != Section::Skip
                {
                    let rest = block.text[block.lead.unwrap_or(0)..]
                        .trim()
                        .trim_start_matches([':', '—', '-', ' '])
                        .to_owned();
                    self.open(clean_title(lead), None, block.start, Origin::Lead);
                    if let Some(open) = &mut self.open {
                        open.add(Part::Issue, &rest);
                    }
                } else if self.pending.is_none() {
                    self.pending = Some((block.start, first_sentence(block.text.trim())));
                }
            }
        }
    }

    fn item(
        &mut self,
        block: &ProseBlock,
        ordered: bool,
        depth: usize,
        number: Option<u64>,
        next: Option<&ProseBlock>,
    ) {
        if let Some(open) = &mut self.open {
            let continues = match open.origin {
                Origin::Item { depth: d } => depth > d,
                // A list right under an unnumbered heading: the heading was a section.
                Origin::Heading {
                    tentative: true, ..
                } if open.body == 0 => false,
                Origin::Heading { .. } | Origin::Lead | Origin::Plain => true,
            };
            if continues {
                open.push(block);
                return;
            }
            if let Origin::Heading {
                tentative: true,
                level,
            } = open.origin
            {
                self.open = None;
                if let Some(last) = self.sections.last_mut()
                    && last.0 == level
                {
                    last.1 = Section::Failures;
                }
            }
        }
        self.close();
        self.pending = None;
        let section = self.section();
        if section == Section::Skip {
            return;
        }
        if self.category.is_some_and(|d| depth <= d) {
            self.category = None;
        }
        // A short bullet with sub-bullets is a category ("Security:"), its sub-bullets
        // the items.
        let text = block.text.trim();
        let short = text.ends_with(':') || text.split_whitespace().count() <= 4;
        let parent =
            next.is_some_and(|n| matches!(n.kind, ProseKind::Item { depth: d, .. } if d > depth));
        if short && parent && !ordered && self.category.is_none() {
            self.category = Some(depth);
            return;
        }
        let top = self.category.map_or(1, |d| d + 1);
        if depth != top || text.starts_with("[ ]") {
            return;
        }
        let number = match (ordered, number) {
            (true, Some(n)) => Some(n.to_string()),
            _ => None,
        };
        let (title, rest) = match block.lead_text() {
            Some(lead) if label(block).is_none() => (
                clean_title(lead),
                block.text[block.lead.unwrap_or(0)..]
                    .trim()
                    .trim_start_matches([':', '—', '-', ' '])
                    .to_owned(),
            ),
            _ => {
                let first = first_sentence(text);
                let rest = text
                    .get(first.len()..)
                    .unwrap_or_default()
                    .trim()
                    .to_owned();
                (first, rest)
            }
        };
        self.open(title, number, block.start, Origin::Item { depth });
        // A plain bullet under a heading that does not name failures states the final
        // state ("## Security / - No IAM policy uses wildcards anymore"); in a document
        // of bullets alone, the bullets are the failures.
        if !ordered
            && self.section() == Section::Failures
            && self.sections.iter().any(|(l, _)| *l > 1)
            && !self
                .sections
                .iter()
                .any(|(l, k)| *k == Section::Failures && *l > 1)
            && let Some(open) = &mut self.open
        {
            open.expectation = Expectation::Holds;
        }
        if let Some(open) = &mut self.open {
            open.add(Part::Issue, &rest);
        }
    }
}

/// A heading or lead as a title: markup, marks and emoji trimmed.
fn clean_title(text: &str) -> String {
    text.replace("**", "")
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '`' && c != '"' && c != ')')
        .to_owned()
}

/// The first sentence of a text (up to a colon that ends a short title).
fn first_sentence(text: &str) -> String {
    let sentence = sentences(text)
        .first()
        .map_or(text, |r| &text[r.clone()])
        .trim();
    match sentence.find(": ") {
        Some(i) if sentence[..i].split_whitespace().count() <= 10 => sentence[..i].to_owned(),
        _ => sentence.to_owned(),
    }
}

/// "No further failures", "None identified": an item that says nothing failed.
fn says_nothing_failed(title: &str) -> bool {
    const WORDS: &[&str] = &[
        "further",
        "critical",
        "major",
        "significant",
        "other",
        "additional",
        "more",
        "failure",
        "failures",
        "issue",
        "issues",
        "error",
        "errors",
        "problem",
        "problems",
        "found",
        "identified",
        "detected",
        "were",
        "was",
        "remaining",
    ];
    let tokens = wording::tokens(title);
    match tokens.split_first() {
        Some((first, rest)) if first == "none" || first == "n" && rest == ["a"] => {
            rest.iter().all(|t| WORDS.contains(&t.as_str()) || t == "a")
        }
        Some((first, rest)) if first == "no" || first == "zero" => {
            !rest.is_empty() && rest.iter().all(|t| WORDS.contains(&t.as_str()))
        }
        _ => false,
    }
}

/// Negations that change what a claim asserts, read on the first clause of the text: "we
/// did not add locking", "we never enabled it", "no tags were added" (a gap, unless a
/// reason follows: then nothing was wrong), "no change was needed", "was already
/// enabled", "still has no retention". Verbs are read by their stems ("add" reads
/// "added"). "No IAM policy uses wildcards anymore" is not a negation of a fix: it states
/// one.
pub fn negated(text: &str) -> Option<Expectation> {
    let first = sentences(text)
        .first()
        .map_or(String::new(), |r| first_clause(&text[r.clone()]));
    if first.is_empty() {
        return None;
    }
    const NEGATORS: [&str; 3] = ["not", "never", "no"];
    /// Words between a negator and its verb: "did not yet add", "was not ever enabled".
    const FILLERS: [&str; 8] = ["yet", "be", "been", "ever", "bother", "to", "any", "the"];
    const VERBS: [&str; 16] = [
        "add",
        "change",
        "restrict",
        "fix",
        "modify",
        "touch",
        "enable",
        "configure",
        "set",
        "introduce",
        "implement",
        "create",
        "include",
        "update",
        "turn",
        "address",
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
    let words = wording::tokens(&first);
    let negated_verb = words.iter().enumerate().any(|(i, w)| {
        if !NEGATORS.contains(&w.as_str()) {
            return false;
        }
        // "no" negates a verb a few words on ("no tags were added"); "not" and "never" the
        // next verb ("did not add", "never enabled").
        let reach = if w == "no" { 4 } else { 1 };
        words[i + 1..]
            .iter()
            .filter(|w| !FILLERS.contains(&w.as_str()))
            .take(reach)
            .any(|w| VERBS.iter().any(|v| wording::is_form(w, v)))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(markdown: &str) -> Vec<(String, String)> {
        split(markdown)
            .into_iter()
            .map(|c| (c.number, c.title))
            .collect()
    }

    fn pairs(rows: &[(&str, &str)]) -> Vec<(String, String)> {
        rows.iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect()
    }

    #[test]
    fn items_numbered_on_their_own_line_with_bare_labels_are_claims() {
        let md = "1.\n\nReason\nThe bucket has no policy for log delivery. The load balancer cannot write.\n\nFix\nAdd a bucket policy.\n\n2.\n\nReason\nThe ACL is refused.\n\nFix\nRemove the ACL.\n";
        let claims = split(md);
        assert_eq!(claims.len(), 2, "{claims:#?}");
        assert_eq!(
            claims[0].title,
            "The bucket has no policy for log delivery."
        );
        assert_eq!(claims[0].fix, "Add a bucket policy.");
        assert_eq!(claims[1].number, "2");
    }

    #[test]
    fn numbered_titles_in_every_spelling() {
        for (text, number, title) in [
            (
                "1. **State Was Never Locked** ❌→✅",
                "1",
                "State Was Never Locked",
            ),
            ("Issue 2: SSH open", "2", "SSH open"),
            ("Error 3 — Names collide", "3", "Names collide"),
            ("Failure #4", "4", ""),
            ("Flaw 5 — Tags", "5", "Tags"),
            (
                "A1: Missing suffix variable",
                "1",
                "Missing suffix variable",
            ),
            ("Fix 6: Retention", "6", "Retention"),
            // Letters whose lower case is longer do not shift the title.
            ("Issue 3: İİİ title", "3", "İİİ title"),
        ] {
            assert_eq!(
                numbered_title(text),
                Some((number.to_owned(), title.to_owned())),
                "{text}"
            );
        }
        assert_eq!(numbered_title("2024 was a year"), None);
        assert_eq!(numbered_title("Issues found"), None);
        assert_eq!(numbered_title("1.5 GB of logs"), None);
    }

    #[test]
    fn a_plain_numbered_list_after_an_intro_line_is_read() {
        let md = "The model made these mistakes:\n\n1. The bucket name was hard-coded.\n2. SSH was open to the world.\n";
        assert_eq!(
            titles(md),
            pairs(&[
                ("1", "The bucket name was hard-coded."),
                ("2", "SSH was open to the world.")
            ])
        );
    }

    #[test]
    fn bold_pseudo_headings_are_items() {
        let md = "**Flaw 1 — Bucket names collide**\nThe bucket had a literal name.\n\n---\n\n***Flaw 2***\n\n```\nError: already exists\n```\n";
        assert_eq!(
            titles(md),
            pairs(&[("1", "Bucket names collide"), ("2", "Flaw 2")])
        );
        let claims = split(md);
        assert_eq!(
            claims[0].subject,
            "Bucket names collide The bucket had a literal name."
        );
    }

    #[test]
    fn a_document_inside_one_fence_is_read_and_located() {
        let md = "```markdown\n# Failures\n\n## 1. SSH open\nPort 22 from anywhere.\n```\n";
        let claims = split(md);
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].title, "SSH open");
        assert!(md[claims[0].start..].starts_with("## 1. SSH open"));
    }

    #[test]
    fn category_bullets_hold_the_items() {
        let md = "# Model failures\n\n- Security\n  - SSH open to the world\n  - No encryption on the bucket\n- Naming\n  - Literal bucket names\n";
        let got: Vec<String> = split(md).into_iter().map(|c| c.title).collect();
        assert_eq!(
            got,
            [
                "SSH open to the world",
                "No encryption on the bucket",
                "Literal bucket names"
            ]
        );
    }

    #[test]
    fn plain_title_lines_with_a_fix_paragraph_are_items() {
        let md = "Undeclared variable in outputs\n\n```\nError: Reference to undeclared input variable\n```\n\nFix: declared `var.env`.\n\nWrong engine version\n\nFix: used 15.4.\n";
        let claims = split(md);
        let got: Vec<(&str, &str)> = claims
            .iter()
            .map(|c| (c.title.as_str(), c.fix.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Undeclared variable in outputs", "declared var.env."),
                ("Wrong engine version", "used 15.4.")
            ]
        );
    }

    #[test]
    fn sections_that_claim_nothing_are_not_read() {
        let md = "# Model Failures and Lessons Learned\n\n## Summary\n- 3 critical issues\n\n## Low Impact Failures\n\n### 1. Wrong File Structure\n**Impact Level**: Low\n**MODEL_RESPONSE Issue**: one file.\n**IDEAL_RESPONSE Fix**: split.\n\n## Lessons Learned\n1. Always validate.\n\n## What the model did well\n- Encryption everywhere\n\n## Deployment Readiness Checklist\n- [x] SSH fixed\n\n## Training Value\n8/10\n";
        let claims = split(md);
        assert_eq!(claims.len(), 1, "{claims:?}");
        assert_eq!(claims[0].title, "Wrong File Structure");
        assert_eq!(claims[0].subject, "Wrong File Structure one file.");
        assert_eq!(claims[0].fix, "split.");
    }

    #[test]
    fn labels_written_in_one_paragraph_are_told_apart() {
        let md = "## 1. Log group without retention\n**Issue**: events kept forever.\n**Root Cause**: no default.\n**Fix Applied**: `retention_in_days = 90`. Key rotation is enabled.\n";
        let claims = split(md);
        assert_eq!(
            claims[0].subject,
            "Log group without retention events kept forever."
        );
        assert_eq!(
            claims[0].fix,
            "retention_in_days = 90. Key rotation is enabled."
        );
        assert!(claims[0].text.contains("no default."));
    }

    #[test]
    fn an_unnumbered_heading_is_an_item_unless_a_list_follows_it() {
        let md = "# Failures\n\n## Missing DynamoDB locking\nThe backend had no lock table.\n\n## Networking problems found\n\n## Open security groups\n- SSH from anywhere\n- RDP from anywhere\n";
        let got: Vec<String> = split(md).into_iter().map(|c| c.title).collect();
        assert_eq!(
            got,
            [
                "Missing DynamoDB locking",
                "SSH from anywhere",
                "RDP from anywhere"
            ]
        );
    }

    #[test]
    fn every_prefix_of_an_odd_document_reads_without_panic() {
        let md = "\u{feff}# İstanbul Fehler ß\n\n## İssue 1: ÇAĞ — naïve 🚫 **bold\n\n### Issue 3: İİİ title\n\n**İmpact**: x\n\n1, Ünïcode: fix: ẞ\n\n```markdown\n# inner\n```\n\n- ***Flaw 2*** — ü\n  - Fix: ok\n\n***\n\n| a | b |\n|---|---|\n";
        for (at, _) in md.char_indices() {
            let _ = split(&md[..at]);
        }
        assert!(!split(md).is_empty());
    }

    #[test]
    fn a_review_that_found_nothing_yields_no_claim() {
        assert!(split("The code deployed on the first attempt; no further failures.\n").is_empty());
        assert!(split("# Model Failures\n\n## No critical failures\n\nNone.\n").is_empty());
    }
}
