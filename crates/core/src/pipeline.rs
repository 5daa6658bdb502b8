//! From files to report: decode, parse, build configurations, run the checks.

use std::collections::HashMap;

use hcl_edit::structure::Body;

use crate::analysis::Analyzed;
use crate::analysis::coverage::{Coverage, coverage_map};
use crate::analysis::test_sources::test_files;
use crate::check::{BundleContext, Run};
use crate::configuration::Configuration;
use crate::finding::{Applicability, Finding, Related, Severity};
use crate::registry;
use crate::report::{
    ConfigReport, CoverageRow, CoveredBy, EditReport, ErrorReport, FileReport, FindingReport,
    FixReport, Location, RelatedReport, Report, SCHEMA_VERSION, Summary, Tool,
};
use crate::submission::{FileId, InputError, InputFile, Limits, Submission, Syntax, UnitId};

/// What to grade and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub limits: Limits,
    /// Checks to run: codes (`TFG201`), code prefixes (`TFG2`), names
    /// (`ssh-open-to-world`) or families (`network-exposure`); empty runs every check.
    pub select: Vec<String>,
    /// Checks not to run, in the same forms; applied after `select`.
    pub ignore: Vec<String>,
    /// The provider schema the validity checks read; without it they do not run. The
    /// default is the schema this build carries ([`crate::schema::bundled`]).
    pub schema: Option<std::sync::Arc<crate::schema::Schema>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limits: Limits::default(),
            select: Vec::new(),
            ignore: Vec::new(),
            schema: crate::schema::bundled(),
        }
    }
}

impl Options {
    /// Whether `check` runs under these options.
    pub fn runs(&self, check: &crate::check::Check) -> bool {
        let matches = |pattern: &String| {
            let p = pattern.trim();
            !p.is_empty()
                && (check.code.eq_ignore_ascii_case(p)
                    || check.name.eq_ignore_ascii_case(p)
                    || check.family.as_str().eq_ignore_ascii_case(p)
                    || check
                        .code
                        .get(..p.len())
                        .is_some_and(|prefix| prefix.eq_ignore_ascii_case(p)))
        };
        (self.select.is_empty() || self.select.iter().any(matches))
            && !self.ignore.iter().any(matches)
    }

    /// Selectors that name no check, so that a typo is an error rather than silence.
    pub fn unknown_selectors(&self) -> Vec<&str> {
        self.select
            .iter()
            .chain(&self.ignore)
            .filter(|p| {
                let only = Options {
                    select: vec![(*p).clone()],
                    ..Options::default()
                };
                !registry::checks().any(|c| only.runs(c))
            })
            .map(String::as_str)
            .collect()
    }
}

/// A graded submission: the parsed inputs and the findings, from which the report and the
/// fixed texts are made.
pub struct Graded {
    pub submission: Submission,
    /// Parsed body of each unit (None when it did not parse or is not HCL).
    pub bodies: Vec<Option<Body>>,
    pub findings: Vec<Finding>,
    /// Which test covers each AWS service family of a bundle's Terraform (empty when the
    /// submission is not a bundle).
    pub coverage: Vec<Coverage>,
    /// The test files whose every case is a placeholder (bundles only): a claim about the
    /// tests is held to them as a whole.
    pub placeholder_tests: Vec<crate::submission::UnitId>,
    /// The options graded with, reused when fixes are re-graded.
    pub options: Options,
}

/// Grades a set of files.
pub fn grade(files: Vec<InputFile>, options: &Options) -> Graded {
    grade_submission(Submission::new(files, options.limits), options)
}

/// Grades a model response against an ideal given as loose inputs (RUBRIC.md 2): the
/// report holds the pair and the rating, as for a bundle.
pub fn grade_pair(model: Vec<InputFile>, ideal: Vec<InputFile>, options: &Options) -> Graded {
    grade_submission(Submission::pair(model, ideal, options.limits), options)
}

/// Grades an already decoded submission.
pub fn grade_submission(mut submission: Submission, options: &Options) -> Graded {
    let mut bodies = Vec::with_capacity(submission.units.len());
    let mut errors = Vec::new();
    for unit in &submission.units {
        let file = submission.file(unit.file);
        let line_of = |offset: usize| file.line_index.position(&file.text, offset).line;
        bodies.push(parse_unit(unit, &line_of, &mut errors));
    }
    submission.errors.extend(errors);
    submission.errors.sort_by_key(|e| (e.file, e.range.start));
    let mut findings = Vec::new();
    let configs: Vec<Configuration<'_>> = submission
        .configs
        .iter()
        .map(|group| Configuration::new(&submission, group, &bodies))
        .collect();
    let analyzed: Vec<Analyzed<'_, '_>> = configs
        .iter()
        .map(|c| Analyzed::new(c, options.schema.as_deref()))
        .collect();
    let selected: Vec<Run> = registry::checks()
        .filter(|c| options.runs(c))
        .map(|c| c.run)
        .collect();
    for config in &analyzed {
        for run in &selected {
            if let Run::Configuration(run) = run {
                run(config, &mut findings);
            }
        }
    }
    let mut coverage = Vec::new();
    let mut placeholder_tests = Vec::new();
    if submission.is_bundle {
        // Read once: the test checks, the coverage map (which the report shows and the
        // service-coverage check judges) and the claims all use them.
        let tests = test_files(&submission);
        coverage = coverage_map(&analyzed, &tests);
        placeholder_tests = tests
            .iter()
            .filter(|t| t.placeholders_only())
            .map(|t| t.unit.id)
            .collect();
        let context = BundleContext {
            submission: &submission,
            configs: &analyzed,
            coverage: &coverage,
            tests: &tests,
        };
        for run in &selected {
            if let Run::Bundle(run) = run {
                run(&context, &mut findings);
            }
        }
    }
    drop(analyzed);
    drop(configs);
    group_instances(&mut findings);
    crate::suppression::apply(&submission, &mut findings);
    fold_copies(&submission, &mut findings);
    keep_fixes_out_of_json(&submission, &mut findings);
    findings.sort_by(|a, b| {
        let fa = submission.unit(a.unit);
        let fb = submission.unit(b.unit);
        (fa.file, fa.to_file_offset(a.range.start), a.code).cmp(&(
            fb.file,
            fb.to_file_offset(b.range.start),
            b.code,
        ))
    });
    Graded {
        submission,
        bodies,
        findings,
        coverage,
        placeholder_tests,
        options: options.clone(),
    }
}

/// Parses a unit; `line_of` gives the line of an offset in the unit's file.
fn parse_unit(
    unit: &crate::submission::Unit,
    line_of: &dyn Fn(usize) -> usize,
    errors: &mut Vec<InputError>,
) -> Option<Body> {
    match unit.syntax {
        // A JSON unit's text is the HCL it stands for; its JSON problems are already
        // located errors of the submission.
        Syntax::Hcl | Syntax::Tfvars | Syntax::Json => {
            match hcl_edit::parser::parse_body(&unit.text) {
                Ok(body) => {
                    if unit.syntax != Syntax::Tfvars {
                        errors.extend(crate::names::invalid_block_names(&body).into_iter().map(
                            |(range, message)| InputError {
                                file: unit.file,
                                range: unit.to_file_range(&range),
                                unit: Some(unit.id),
                                message,
                            },
                        ));
                    }
                    Some(body)
                }
                Err(e) => {
                    // The parser may point inside a character: at its start instead.
                    let mut offset = e.location().offset().min(unit.text.len());
                    while !unit.text.is_char_boundary(offset) {
                        offset -= 1;
                    }
                    let start = unit.to_file_offset(offset);
                    // A broken top-level block is skipped and the rest graded (HCL
                    // files only: a tfvars or JSON file is one value).
                    let recovered = (unit.syntax == Syntax::Hcl)
                        .then(|| crate::recovery::recover(&unit.text))
                        .flatten();
                    let mut message = syntax_message(e.message());
                    if let Some((_, skipped)) = &recovered {
                        let lines: Vec<String> = skipped
                            .iter()
                            .map(|r| line_of(unit.to_file_offset(r.start)).to_string())
                            .collect();
                        message.push_str(&format!(
                            " (the top-level block{} starting at line {} {} skipped; the rest of the file is graded)",
                            if skipped.len() == 1 { "" } else { "s" },
                            lines.join(", "),
                            if skipped.len() == 1 { "is" } else { "are" },
                        ));
                    }
                    errors.push(InputError {
                        file: unit.file,
                        range: start..start,
                        unit: Some(unit.id),
                        message,
                    });
                    recovered.map(|(body, _)| body)
                }
            }
        }
        Syntax::Text => None,
    }
}

/// One root cause is one finding (RUBRIC.md 3): a finding of IDEAL_RESPONSE.md that the
/// deployed configuration (lib/) has too (same check, resource, message and suppression)
/// is the same code shown twice. It becomes a related location of the lib/ finding.
fn fold_copies(submission: &Submission, findings: &mut Vec<Finding>) {
    use crate::bundle::Side;
    // For a finding of the ideal: whether its configuration is a response's copy (true)
    // or deployed code (false); None for other findings.
    let ideal_copy = |f: &Finding| {
        let config = submission.unit(f.unit).config;
        (Side::of(submission, config) == Side::Ideal)
            .then(|| submission.configs.get(config).map(|c| c.from_response))
            .flatten()
    };
    /// Check, resource, message, suppression, whether an info note.
    type Identity = (&'static str, Option<String>, String, Option<String>, bool);
    let identity = |f: &Finding| -> Identity {
        (
            f.code,
            f.resource.clone(),
            f.message.clone(),
            f.suppressed.clone(),
            f.severity == Severity::Info,
        )
    };
    // Most submissions show no copy (a pasted file, a folder): nothing to index.
    if !findings.iter().any(|f| ideal_copy(f) == Some(true)) {
        return;
    }
    let mut deployed: HashMap<Identity, usize> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        if ideal_copy(f) == Some(false) {
            deployed.entry(identity(f)).or_insert(i);
        }
    }
    if deployed.is_empty() {
        return;
    }
    let mut folded: Vec<(usize, Related)> = Vec::new();
    let mut keep = vec![true; findings.len()];
    for (i, f) in findings.iter().enumerate() {
        if ideal_copy(f) != Some(true) {
            continue;
        }
        if let Some(&target) = deployed.get(&identity(f)) {
            let unit = submission.unit(f.unit);
            folded.push((
                target,
                Related {
                    unit: f.unit,
                    range: f.range.clone(),
                    note: format!("the same code shown in {}", submission.file(unit.file).path),
                },
            ));
            keep[i] = false;
        }
    }
    for (target, related) in folded {
        findings[target].related.push(related);
    }
    let mut index = 0;
    findings.retain(|_| {
        index += 1;
        keep[index - 1]
    });
}

/// Fixes are edits of HCL text; a JSON configuration unit holds HCL translated from the
/// user's JSON, so such edits would write HCL into a JSON file. A fix with an edit in a
/// JSON unit keeps its title and becomes display-only, without edits, and says why: the
/// finding is reported as usual, and the change is left to the author.
fn keep_fixes_out_of_json(submission: &Submission, findings: &mut [Finding]) {
    for finding in findings {
        let Some(fix) = finding.fix.as_mut() else {
            continue;
        };
        let Some(json) = fix
            .edits
            .iter()
            .map(|e| submission.unit(e.unit))
            .find(|u| u.syntax == Syntax::Json)
        else {
            continue;
        };
        let why = format!(
            "`{}` is JSON configuration syntax, which fixes do not edit: make the change there by hand",
            json.name
        );
        fix.note = Some(match fix.note.take() {
            Some(note) => format!("{why}. {note}"),
            None => why,
        });
        fix.applicability = Applicability::DisplayOnly;
        fix.edits.clear();
    }
}

/// One root cause is one finding (RUBRIC.md 3): the findings that the instances of one
/// `count` / `for_each` block share (same check, same evidence, same message but for the
/// instance key) become one finding about the block that lists the instance keys. A
/// finding only some instances have is grouped over those. Instances whose messages
/// differ (each names its own port or value) stay apart: they say different things.
fn group_instances(findings: &mut Vec<Finding>) {
    /// A finding as the check wrote it, and what its group says when it has company.
    struct Group {
        first: Finding,
        block: String,
        /// The first instance's message with its address made the block's.
        message: String,
        keys: Vec<String>,
    }
    type Identity = (&'static str, UnitId, usize, usize, String, String);
    let mut groups: Vec<Group> = Vec::with_capacity(findings.len());
    let mut index: HashMap<Identity, usize> = HashMap::new();
    for finding in findings.drain(..) {
        // `aws_x.y["a"]`: the block address `aws_x.y` and the key `["a"]`.
        let split = finding.resource.as_deref().and_then(|address| {
            let open = address.find('[')?;
            address.ends_with(']').then(|| address.split_at(open))
        });
        let Some((block, key)) = split.map(|(b, k)| (b.to_owned(), k.to_owned())) else {
            groups.push(Group {
                message: finding.message.clone(),
                first: finding,
                block: String::new(),
                keys: Vec::new(),
            });
            continue;
        };
        let message = finding
            .message
            .replace(&format!("`{block}{key}`"), &format!("`{block}`"));
        let identity = (
            finding.code,
            finding.unit,
            finding.range.start,
            finding.range.end,
            block.clone(),
            format!("{:?} {} {message}", finding.severity, finding.unknown),
        );
        match index.get(&identity) {
            Some(&i) => groups[i].keys.push(key),
            None => {
                index.insert(identity, groups.len());
                groups.push(Group {
                    first: finding,
                    block,
                    message,
                    keys: vec![key],
                });
            }
        }
    }
    findings.extend(groups.into_iter().map(|group| {
        let mut finding = group.first;
        if group.keys.len() > 1 {
            finding.message = group.message;
            finding.resource = Some(group.block);
            finding.instances = group.keys;
        }
        finding
    }));
}

/// The parser's message, with a word where tfgrade's parser is stricter than Terraform.
fn syntax_message(message: &str) -> String {
    if message.contains("redefined object key") {
        format!(
            "syntax error: {message} (Terraform accepts a repeated key in an object and keeps the last; tfgrade's parser refuses it, so this file is not graded)"
        )
    } else {
        format!("syntax error: {message}")
    }
}

impl Graded {
    /// The report: the JSON contract.
    pub fn report(&self) -> Report {
        let s = &self.submission;
        // The configurations' facts, read once for the documents, the pair and the rating.
        let facts = if s.is_bundle || s.pair {
            crate::bundle::ConfigFacts::of_submission(s, &self.bodies)
        } else {
            Vec::new()
        };
        let (prompt, claims) = self.bundle_documents(&facts);
        let metadata = self.metadata();
        let (pair, rating) =
            self.pair_and_rating(&facts, prompt.as_ref(), &claims, metadata.as_ref());
        let location = |file: FileId, range: &std::ops::Range<usize>| {
            let f = s.file(file);
            let start = f.line_index.position(&f.text, range.start);
            let end = f.line_index.position(&f.text, range.end);
            Location {
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                column_utf16: start.column_utf16,
                end_column_utf16: end.column_utf16,
                start: range.start,
                end: range.end,
            }
        };
        let virtual_name = |unit: UnitId| {
            let u = s.unit(unit);
            u.is_virtual.then(|| u.name.clone())
        };
        let findings: Vec<FindingReport> = self
            .findings
            .iter()
            .map(|f| {
                let unit = s.unit(f.unit);
                let check = registry::by_code(f.code);
                FindingReport {
                    code: f.code,
                    name: check.map_or("", |c| c.name),
                    family: check.map_or(crate::finding::Family::Security, |c| c.family),
                    severity: f.severity,
                    category: check.map_or(crate::finding::Category::C, |c| c.category),
                    file: s.file(unit.file).path.clone(),
                    virtual_file: virtual_name(f.unit),
                    location: location(unit.file, &unit.to_file_range(&f.range)),
                    resource: f.resource.clone(),
                    message: f.message.clone(),
                    evidence_is_secret: check.is_some_and(|c| c.evidence_is_secret),
                    trace: f.trace.clone(),
                    unknown: f.unknown,
                    fix: f.fix.as_ref().map(|fix| FixReport {
                        title: fix.title.clone(),
                        applicability: fix.applicability,
                        note: fix.note.clone(),
                        edits: fix
                            .edits
                            .iter()
                            .map(|edit| {
                                let u = s.unit(edit.unit);
                                EditReport {
                                    file: s.file(u.file).path.clone(),
                                    location: location(u.file, &u.to_file_range(&edit.range)),
                                    replacement: edit.content.clone(),
                                }
                            })
                            .collect(),
                    }),
                    alternatives: f.alternatives.clone(),
                    suppressed: f.suppressed.clone(),
                    instances: f.instances.clone(),
                    related: f
                        .related
                        .iter()
                        .map(|r| {
                            let u = s.unit(r.unit);
                            RelatedReport {
                                file: s.file(u.file).path.clone(),
                                virtual_file: virtual_name(r.unit),
                                location: location(u.file, &u.to_file_range(&r.range)),
                                message: r.note.clone(),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        let errors: Vec<ErrorReport> = s
            .errors
            .iter()
            .map(|e| ErrorReport {
                file: s.file(e.file).path.clone(),
                virtual_file: e.unit.and_then(virtual_name),
                location: location(e.file, &e.range),
                message: e.message.clone(),
            })
            .collect();
        let mut summary = Summary {
            files: s.files.len(),
            errors: errors.len(),
            ..Summary::default()
        };
        for severity in Severity::ALL {
            summary.by_severity.insert(severity.as_str(), 0);
        }
        for f in &findings {
            if f.suppressed.is_some() {
                summary.suppressed += 1;
                continue;
            }
            summary.findings += 1;
            *summary.by_severity.entry(f.severity.as_str()).or_default() += 1;
            summary.unknowns += usize::from(f.unknown);
            summary.fixable += usize::from(f.fix.as_ref().is_some_and(|fix| {
                fix.applicability != crate::finding::Applicability::DisplayOnly
            }));
        }
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: "tfgrade",
                version: env!("CARGO_PKG_VERSION"),
                provider_schema: self.options.schema.as_ref().map(|s| s.version.clone()),
            },
            files: s
                .files
                .iter()
                .enumerate()
                .map(|(i, f)| FileReport {
                    path: f.path.clone(),
                    role: f.role,
                    lines: if f.text.is_empty() {
                        0
                    } else {
                        f.line_index.line_count()
                    },
                    virtual_files: s
                        .units
                        .iter()
                        .filter(|u| u.file.0 as usize == i && u.is_virtual)
                        .map(|u| u.name.clone())
                        .collect(),
                })
                .collect(),
            configurations: s
                .configs
                .iter()
                .map(|c| ConfigReport {
                    name: c.name.clone(),
                    files: c.units.iter().map(|&u| s.unit(u).name.clone()).collect(),
                    resources: c
                        .units
                        .iter()
                        .filter_map(|u| self.bodies[u.0 as usize].as_ref())
                        .flat_map(|b| b.get_blocks("resource"))
                        .count(),
                })
                .collect(),
            findings,
            errors,
            summary,
            coverage: self
                .coverage
                .iter()
                .map(|row| CoverageRow {
                    family: row.family.clone(),
                    resource_types: row.resource_types.clone(),
                    covered_by: row
                        .covered_by
                        .iter()
                        .map(|c| {
                            let u = s.unit(c.unit);
                            let at = location(u.file, &u.to_file_range(&c.range));
                            CoveredBy {
                                file: s.file(u.file).path.clone(),
                                virtual_file: virtual_name(c.unit),
                                line: at.line,
                                how: c.how.clone(),
                            }
                        })
                        .collect(),
                })
                .collect(),
            claims,
            prompt,
            metadata,
            pair,
            rating,
        }
    }

    /// PROMPT.md's requirements compared with the configurations, and the claims of
    /// MODEL_FAILURES.md judged by the findings and that comparison (bundles only).
    fn bundle_documents(
        &self,
        facts: &[crate::bundle::ConfigFacts],
    ) -> (
        Option<crate::report::PromptReport>,
        Vec<crate::report::ClaimRow>,
    ) {
        let s = &self.submission;
        if !s.is_bundle {
            return (None, Vec::new());
        }
        let prompt = s
            .find_document("PROMPT.md")
            .map(|(_, file)| crate::bundle::prompt::read(&file.path, &file.text, facts));
        let claims = s
            .find_document("MODEL_FAILURES.md")
            .map_or_else(Vec::new, |(_, file)| {
                crate::bundle::claims::judge(
                    s,
                    &self.findings,
                    &file.text,
                    &crate::bundle::claims::Context {
                        configs: facts,
                        prompt: prompt.as_ref(),
                        placeholder_tests: &self.placeholder_tests,
                    },
                )
            });
        (prompt, claims)
    }

    /// The pair of a bundle with a model response and an ideal, and its rating
    /// (RUBRIC.md 4).
    fn pair_and_rating(
        &self,
        facts: &[crate::bundle::ConfigFacts],
        prompt: Option<&crate::report::PromptReport>,
        claims: &[crate::report::ClaimRow],
        metadata: Option<&crate::report::MetadataReport>,
    ) -> (
        Option<crate::rating::pair::PairReport>,
        Option<crate::rating::Rating>,
    ) {
        let s = &self.submission;
        if !s.is_bundle && !s.pair {
            return (None, None);
        }
        let Some(pair) = crate::rating::pair::grade_pair(s, &self.findings, facts) else {
            return (None, None);
        };
        let failures = s
            .find_document("MODEL_FAILURES.md")
            .map(|(_, f)| f.path.clone());
        let mut input = crate::rating::pair::rating_input(
            s,
            &self.findings,
            facts,
            &pair,
            prompt,
            claims,
            metadata,
            failures.as_deref(),
        );
        input.estimate = s.estimate;
        let rating = crate::rating::rate(&input);
        (Some(pair), Some(rating))
    }

    /// metadata.json, read leniently.
    fn metadata(&self) -> Option<crate::report::MetadataReport> {
        let s = &self.submission;
        let file = s
            .files
            .iter()
            .filter(|f| f.role == crate::submission::Role::Metadata)
            .min_by_key(|f| f.path.matches('/').count())?;
        crate::bundle::metadata::read(&file.path, &file.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selected(select: &[&str], ignore: &[&str]) -> Vec<&'static str> {
        let options = Options {
            select: select.iter().map(|s| (*s).to_owned()).collect(),
            ignore: ignore.iter().map(|s| (*s).to_owned()).collect(),
            ..Options::default()
        };
        registry::checks()
            .filter(|c| options.runs(c))
            .map(|c| c.code)
            .collect()
    }

    #[test]
    fn checks_are_selected_by_code_prefix_name_or_family() {
        assert_eq!(selected(&["TFG201"], &[]), ["TFG201"]);
        assert_eq!(
            selected(&["tfg20"], &["rdp-open-to-world"]),
            ["TFG201", "TFG203", "TFG204"]
        );
        assert_eq!(
            selected(&["network-exposure"], &[]),
            ["TFG201", "TFG202", "TFG203", "TFG204"]
        );
        assert_eq!(selected(&[], &[]).len(), registry::checks().count());
        let options = Options {
            select: vec!["TFG9".into(), "TFG201".into()],
            ..Options::default()
        };
        assert_eq!(options.unknown_selectors(), ["TFG9"]);
    }

    #[test]
    fn instances_that_say_the_same_are_one_finding_about_their_block() {
        let tf = r#"resource "aws_cloudwatch_log_group" "apps" {
  for_each = toset(["api", "worker"])
  name     = "/app/${each.key}"
}
resource "aws_cloudwatch_log_group" "one" {
  count = 1
  name  = "/one"
}"#;
        let report = grade(vec![InputFile::new("main.tf", tf)], &Options::default()).report();
        let retention: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code == "TFG640")
            .collect();
        assert_eq!(retention.len(), 2, "{retention:?}");
        assert_eq!(
            retention[0].resource.as_deref(),
            Some("aws_cloudwatch_log_group.apps")
        );
        assert_eq!(retention[0].instances, [r#"["api"]"#, r#"["worker"]"#]);
        assert!(
            retention[0]
                .message
                .starts_with("`aws_cloudwatch_log_group.apps` ")
        );
        // A block with one instance keeps its address as the check wrote it.
        assert_eq!(
            retention[1].resource.as_deref(),
            Some("aws_cloudwatch_log_group.one[0]")
        );
        assert!(retention[1].instances.is_empty());
        // Each instance names its own log group: the names stay apart.
        let names: Vec<_> = report
            .findings
            .iter()
            .filter(|f| {
                f.code == "TFG401" && f.resource.as_deref().is_some_and(|r| r.contains("apps"))
            })
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn the_same_code_shown_in_the_ideal_response_is_one_finding_with_a_related_location() {
        let tf = "resource \"aws_cloudwatch_log_group\" \"app\" {\n  name_prefix = \"/app/\"\n}\n";
        // IDEAL_RESPONSE.md shows lib/main.tf, and a second log group lib/ does not have.
        let ideal = format!(
            "# Ideal\n\n## lib/main.tf\n\n```hcl\n{tf}```\n\n```hcl\nresource \"aws_cloudwatch_log_group\" \"extra\" {{\n  name_prefix = \"/x/\"\n}}\n```\n"
        );
        let files = vec![
            InputFile::new("lib/main.tf", tf),
            InputFile::new("lib/IDEAL_RESPONSE.md", ideal.as_str()),
        ];
        let report = grade(files, &Options::default()).report();
        let retention: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code == "TFG640")
            .collect();
        assert_eq!(retention.len(), 2, "{retention:?}");
        let app = retention
            .iter()
            .find(|f| f.resource.as_deref() == Some("aws_cloudwatch_log_group.app"))
            .expect("the lib/ finding stays");
        assert_eq!(app.file, "lib/main.tf");
        assert_eq!(app.related.len(), 1, "{app:?}");
        assert_eq!(app.related[0].file, "lib/IDEAL_RESPONSE.md");
        assert_eq!(app.related[0].location.line, 6);
        // What only IDEAL_RESPONSE.md shows stays a finding of its own.
        assert!(retention.iter().any(|f| f.file == "lib/IDEAL_RESPONSE.md"
            && f.resource.as_deref() == Some("aws_cloudwatch_log_group.extra")));
    }
}
