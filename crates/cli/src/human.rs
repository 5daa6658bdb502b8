//! The human reporter: compiler-style diagnostics with source snippets, then a summary.

use std::collections::HashMap;
use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use tfgrade_core::report::{
    ErrorReport, FindingReport, Location, PromptReport, Report, ServicePresence, Side,
};
use tfgrade_core::{Applicability, Severity};

/// The decoded text of each file, by the path the report names it with.
pub type Sources<'a> = HashMap<&'a str, &'a str>;

/// Writes every finding and error, then the summary line.
pub fn write_report(
    out: &mut dyn Write,
    report: &Report,
    sources: &Sources<'_>,
    display_path: &dyn Fn(&str) -> String,
    color: bool,
) -> io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    if let Some(rating) = &report.rating {
        write_rating(out, rating, report.pair.as_ref())?;
    }
    for finding in &report.findings {
        let path = display_path(&finding.file);
        let source = sources.get(finding.file.as_str()).copied();
        let group = finding_group(finding, source, &path);
        writeln!(out, "{}\n", renderer.render(&[group]))?;
    }
    for error in &report.errors {
        let path = display_path(&error.file);
        let source = sources.get(error.file.as_str()).copied();
        let group = error_group(error, source, &path);
        writeln!(out, "{}\n", renderer.render(&[group]))?;
    }
    write_coverage(out, report, display_path)?;
    write_bundle_sections(out, report)?;
    writeln!(out, "{}", summary_line(report))?;
    if let Some(hint) = fix_hint(report) {
        writeln!(out, "{hint}")?;
    }
    Ok(())
}

fn finding_group<'a>(
    finding: &'a FindingReport,
    source: Option<&'a str>,
    path: &'a str,
) -> Group<'a> {
    let location = &finding.location;
    if let Some(reason) = &finding.suppressed {
        // Suppressed findings are listed briefly: they do not count.
        return Level::NOTE
            .with_name("suppressed")
            .primary_title(finding.message.as_str())
            .id(finding.code)
            .element(origin(path, location))
            .element(Level::NOTE.message(format!("suppressed by `tfgrade:ignore`: {reason}")));
    }
    let level = match finding.severity {
        Severity::Critical | Severity::High => Level::ERROR.with_name(finding.severity.as_str()),
        Severity::Medium | Severity::Low => Level::WARNING.with_name(finding.severity.as_str()),
        Severity::Info => Level::NOTE,
    };
    let label = finding.resource.as_ref().map(|r| format!("in `{r}`"));
    let mut group = level
        .primary_title(finding.message.as_str())
        .id(finding.code)
        .element(located(
            source,
            path,
            location,
            label,
            finding.evidence_is_secret,
        ));
    if let Some(name) = &finding.virtual_file {
        group = group.element(Level::NOTE.message(format!("in the code block named `{name}`")));
    }
    if !finding.instances.is_empty() {
        group = group.element(Level::NOTE.message(format!(
            "in {} instances: {}",
            finding.instances.len(),
            finding.instances.join(", ")
        )));
    }
    for related in &finding.related {
        group = group.element(Level::NOTE.message(format!(
            "also at {}:{}: {}",
            related.file, related.location.line, related.message
        )));
    }
    for step in &finding.trace {
        group = group.element(Level::NOTE.message(step.as_str()));
    }
    if let Some(fix) = &finding.fix {
        let help = match fix.applicability {
            Applicability::Safe => format!("fix (safe): {}", fix.title),
            Applicability::Unsafe => format!("fix (unsafe, with `--unsafe`): {}", fix.title),
            Applicability::DisplayOnly => {
                format!("suggestion (not applied automatically): {}", fix.title)
            }
        };
        group = group.element(Level::HELP.message(help));
        if let Some(note) = &fix.note {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
    }
    for advice in &finding.alternatives {
        group = group.element(
            Level::HELP.message(format!("alternative: {}: {}", advice.title, advice.note)),
        );
    }
    group
}

fn error_group<'a>(error: &'a ErrorReport, source: Option<&'a str>, path: &'a str) -> Group<'a> {
    let mut group = Level::ERROR
        .primary_title(error.message.as_str())
        .element(located(source, path, &error.location, None, false));
    if let Some(name) = &error.virtual_file {
        group = group.element(Level::NOTE.message(format!("in the code block named `{name}`")));
    }
    group
}

/// A snippet of the source with the range underlined, or only the position when the text
/// is not available (undecodable or refused files).
fn located<'a>(
    source: Option<&'a str>,
    path: &'a str,
    location: &Location,
    label: Option<String>,
    mask: bool,
) -> annotate_snippets::Element<'a> {
    match source.and_then(|text| snippet_lines(text, location)) {
        Some((text, from)) => Snippet::source(if mask {
            masked(
                text,
                location.start - from..(location.end - from).min(text.len()),
            )
            .into()
        } else {
            std::borrow::Cow::Borrowed(text)
        })
        .line_start(location.line)
        .path(path)
        .annotation(
            AnnotationKind::Primary
                .span(location.start - from..(location.end - from).min(text.len()))
                .label(label),
        )
        .into(),
        None => origin(path, location).into(),
    }
}

/// The text with every character of `range` but line breaks replaced by `*`, so that a
/// secret is located without being shown (byte offsets are kept for ASCII; other
/// characters become one `*` per byte).
fn masked(text: &str, range: std::ops::Range<usize>) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if range.contains(&i) && c != '\n' && c != '"' {
            out.extend(std::iter::repeat_n('*', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

fn origin<'a>(path: &'a str, location: &Location) -> Origin<'a> {
    Origin::path(path)
        .line(location.line)
        .char_column(location.column)
}

/// The whole lines covering the location, and the byte offset at which they start.
fn snippet_lines<'a>(text: &'a str, location: &Location) -> Option<(&'a str, usize)> {
    let (start, end) = (location.start, location.end);
    if text.is_empty()
        || end < start
        || end > text.len()
        || !text.is_char_boundary(start)
        || !text.is_char_boundary(end)
    {
        return None;
    }
    let from = text[..start].rfind('\n').map_or(0, |i| i + 1);
    // A range ending with a line break ends on that line, not the next.
    let last = if end > start && text.as_bytes()[end - 1] == b'\n' {
        end - 1
    } else {
        end
    };
    let to = text[last..].find('\n').map_or(text.len(), |i| last + i);
    Some((&text[from..to], from))
}

/// The coverage map of a bundle: one line per service family, aligned, naming the first
/// test that covers it and how many more do.
///
/// ```text
/// test coverage:
///   dynamodb  aws_dynamodb_table                    test/terraform.int.test.ts:22 `DescribeTableCommand` in `table is on demand` (+1)
///   iam       aws_iam_role, aws_iam_role_policy     not covered
/// ```
fn write_coverage(
    out: &mut dyn Write,
    report: &Report,
    display_path: &dyn Fn(&str) -> String,
) -> io::Result<()> {
    if report.coverage.is_empty() {
        return Ok(());
    }
    let types: Vec<String> = report
        .coverage
        .iter()
        .map(|row| match row.resource_types.as_slice() {
            [a, b, c, _, ..] => format!("{a}, {b}, {c} +{}", row.resource_types.len() - 3),
            all => all.join(", "),
        })
        .collect();
    let family_width = report
        .coverage
        .iter()
        .map(|r| r.family.len())
        .max()
        .unwrap_or(0);
    let types_width = types
        .iter()
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0)
        .min(48);
    writeln!(out, "test coverage:")?;
    for (row, types) in report.coverage.iter().zip(types) {
        let by = match row.covered_by.first() {
            None => "not covered".to_owned(),
            Some(first) => {
                let more = row.covered_by.len() - 1;
                format!(
                    "{}:{} {}{}",
                    display_path(&first.file),
                    first.line,
                    first.how,
                    if more > 0 {
                        format!(" (+{more})")
                    } else {
                        String::new()
                    }
                )
            }
        };
        writeln!(
            out,
            "  {:family_width$}  {:types_width$}  {by}",
            row.family, types
        )?;
    }
    writeln!(out)
}

/// `3 findings (1 critical, 2 high), 1 fixable, 1 unknown value, 0 errors in 2 files`.
/// The prompt's requirements against the pair: each requested service in the model
/// response and the ideal (with the ideal's first resource of it), and each
/// configuration's provider region against the required one.
fn write_prompt(out: &mut dyn Write, prompt: &PromptReport) -> io::Result<()> {
    writeln!(out, "prompt requirements ({}):", prompt.file)?;
    let yes_no = |p: &Option<ServicePresence>| match p {
        Some(p) if p.present => "yes",
        Some(_) => "NO",
        None => "-",
    };
    if prompt.services.is_empty() {
        writeln!(out, "  services: none found")?;
    } else {
        let rows: Vec<[String; 5]> = prompt
            .services
            .iter()
            .map(|s| {
                let resources =
                    s.ideal
                        .as_ref()
                        .map_or(String::new(), |p| match p.resources.as_slice() {
                            [] => String::new(),
                            [one] => one.clone(),
                            [first, rest @ ..] => format!("{first} +{}", rest.len()),
                        });
                [
                    s.service.to_owned(),
                    s.line.to_string(),
                    yes_no(&s.model).to_owned(),
                    yes_no(&s.ideal).to_owned(),
                    resources,
                ]
            })
            .collect();
        let ideal_name = prompt
            .services
            .iter()
            .find_map(|s| s.ideal.as_ref().map(|p| p.configuration.clone()))
            .unwrap_or_else(|| "ideal".to_owned());
        let header = [
            "SERVICE".to_owned(),
            "LINE".to_owned(),
            "MODEL".to_owned(),
            "IDEAL".to_owned(),
            format!("RESOURCES IN {ideal_name}"),
        ];
        let mut widths = header.clone().map(|h| h.chars().count());
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row.iter()) {
                *w = (*w).max(cell.chars().count());
            }
        }
        for row in std::iter::once(&header).chain(&rows) {
            let mut line = String::from(" ");
            for (i, cell) in row.iter().enumerate() {
                line.push_str(&format!(" {cell:<width$}", width = widths[i]));
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        let missing = |ideal: bool| {
            prompt
                .services
                .iter()
                .filter(|s| {
                    let side = if ideal { &s.ideal } else { &s.model };
                    side.as_ref().is_some_and(|p| !p.present)
                })
                .count()
        };
        writeln!(
            out,
            "  missing: {} of {} in the model response, {} in the ideal",
            missing(false),
            prompt.services.len(),
            missing(true)
        )?;
    }
    match &prompt.region {
        Some(r) => {
            writeln!(out, "  region: {} required (line {})", r.region, r.line)?;
            for p in &prompt.provider_regions {
                let value = match (&p.region, &p.via) {
                    (Some(region), Some(via)) => format!("{region} via {via}"),
                    (Some(region), None) => region.clone(),
                    (None, _) => format!("unknown: {}", p.unknown.as_deref().unwrap_or("not set")),
                };
                let verdict = match p.matches {
                    Some(true) => "matches",
                    Some(false) => "DIFFERS",
                    None => "-",
                };
                let side = match p.side {
                    Side::Model => "model",
                    Side::Ideal => "ideal",
                    Side::Other => "other",
                };
                writeln!(
                    out,
                    "    {side:<6} {verdict:<8} {value} ({})",
                    p.configuration
                )?;
            }
        }
        None => writeln!(
            out,
            "  region: none required; provider: {}",
            prompt.provider_region.as_deref().unwrap_or("unknown")
        )?,
    }
    if let Some(note) = &prompt.note {
        writeln!(out, "  note: {note}")?;
    }
    writeln!(out)
}

/// The rating card: the score first, as a reviewer's summary, then each step with its
/// reason, the fixes by category and source, what the ideal introduces, the reviewer's
/// score beside it, and what would raise a failing score.
fn write_rating(
    out: &mut dyn Write,
    rating: &tfgrade_core::rating::Rating,
    pair: Option<&tfgrade_core::rating::pair::PairReport>,
) -> io::Result<()> {
    use tfgrade_core::rating::FixSource;
    use tfgrade_core::rating::pair::PairStatus;
    writeln!(
        out,
        "training value: {}/10, {}{}",
        rating.score,
        if rating.pass { "pass" } else { "fail" },
        if rating.estimate {
            " (an estimate: the ideal is the response with every automatic fix applied)"
        } else {
            ""
        }
    )?;
    writeln!(
        out,
        "  gap: {} A, {} B, {} C fix(es); {} check(s) resolved, {} finding(s) gone",
        rating.gap.a,
        rating.gap.b,
        rating.gap.c,
        rating.gap.checks_resolved,
        rating.gap.findings_fixed
    )?;
    for step in &rating.steps {
        writeln!(out, "  {:>3}  {}", step.score, step.reason)?;
        for e in step.evidence.iter().take(3) {
            writeln!(
                out,
                "         {}:{}  {}",
                e.file,
                e.line,
                shorten(&e.text, 90)
            )?;
        }
    }
    if !rating.fixes.is_empty() {
        writeln!(out, "  fixes:")?;
        for fix in &rating.fixes {
            let source = match &fix.source {
                FixSource::Check { code } => format!("check {code}"),
                FixSource::Architecture { service } => format!("architecture: {service}"),
                FixSource::Claim { number } => format!("claim {number}"),
            };
            writeln!(
                out,
                "    {}  {:<22} {}",
                fix.category.as_str(),
                source,
                fix.title
            )?;
        }
    }
    // What the ideal keeps of the model response's findings: a claimed fix that did not
    // happen shows here (an SSH rule still open through a variable default).
    let kept: Vec<_> = pair
        .map(|p| {
            p.findings
                .iter()
                .filter(|f| f.status == PairStatus::Kept)
                .collect()
        })
        .unwrap_or_default();
    if !kept.is_empty() {
        writeln!(out, "  kept by the ideal (not fixed):")?;
        for f in kept.iter().take(10) {
            let at = f
                .ideal
                .as_ref()
                .map(|p| format!("{}:{}", p.file, p.line))
                .unwrap_or_default();
            writeln!(out, "    {at}  {}: {}", f.code, shorten(&f.message, 100))?;
        }
        if kept.len() > 10 {
            writeln!(out, "    and {} more", kept.len() - 10)?;
        }
    }
    if !rating.regressions.is_empty() {
        writeln!(
            out,
            "  introduced by the ideal (need review; the score does not count them):"
        )?;
        for r in rating.regressions.iter().take(10) {
            writeln!(out, "    {}:{}  {}", r.file, r.line, shorten(&r.text, 100))?;
        }
        if rating.regressions.len() > 10 {
            writeln!(out, "    and {} more", rating.regressions.len() - 10)?;
        }
    }
    if let Some(reviewer) = &rating.reviewer {
        writeln!(
            out,
            "  reviewer's score: {} ({:+})",
            reviewer.score, reviewer.difference
        )?;
        writeln!(out, "    {}", reviewer.explanation)?;
    }
    for hint in &rating.to_pass {
        writeln!(out, "  to pass: {hint}")?;
    }
    writeln!(out)
}

/// The bundle's prompt requirements and its claims table, after the findings.
fn write_bundle_sections(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    if let Some(prompt) = &report.prompt {
        write_prompt(out, prompt)?;
    }
    if !report.claims.is_empty() {
        writeln!(out, "claims of MODEL_FAILURES.md:")?;
        let rows: Vec<[String; 5]> = report
            .claims
            .iter()
            .map(|c| {
                [
                    c.number.clone(),
                    c.line.to_string(),
                    c.verdict.as_str().to_owned(),
                    shorten(&c.title, 48),
                    c.evidence.clone(),
                ]
            })
            .collect();
        let header = ["#", "LINE", "VERDICT", "CLAIM", "EVIDENCE"];
        let mut widths = header.map(str::len);
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row.iter()).take(4) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |cells: [&str; 5]| {
            let mut text = String::from(" ");
            for (i, cell) in cells.iter().enumerate() {
                if i < 4 {
                    text.push_str(&format!(" {cell:<width$}", width = widths[i]));
                } else {
                    text.push_str(&format!(" {cell}"));
                }
            }
            text.trim_end().to_owned()
        };
        writeln!(out, "{}", line(header))?;
        for row in &rows {
            writeln!(
                out,
                "{}",
                line([&row[0], &row[1], &row[2], &row[3], &row[4]])
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let mut line = count(s.findings, "finding", "findings");
    let by_severity: Vec<String> = Severity::ALL
        .iter()
        .filter_map(|sev| {
            let n = s.by_severity.get(sev.as_str()).copied().unwrap_or(0);
            (n > 0).then(|| format!("{n} {}", sev.as_str()))
        })
        .collect();
    if !by_severity.is_empty() {
        line.push_str(&format!(" ({})", by_severity.join(", ")));
    }
    line.push_str(&format!(
        ", {} fixable, {}",
        s.fixable,
        count(s.unknowns, "unknown value", "unknown values")
    ));
    if s.suppressed > 0 {
        line.push_str(&format!(", {} suppressed", s.suppressed));
    }
    line.push_str(&format!(
        ", {} in {}",
        count(s.errors, "error", "errors"),
        count(s.files, "file", "files")
    ));
    line
}

/// Says which `fix` invocation would apply the fixes on offer.
fn fix_hint(report: &Report) -> Option<String> {
    let mut safe = 0;
    let mut unsafe_ = 0;
    for finding in report.findings.iter().filter(|f| f.suppressed.is_none()) {
        match finding.fix.as_ref().map(|f| f.applicability) {
            Some(Applicability::Safe) => safe += 1,
            Some(Applicability::Unsafe) => unsafe_ += 1,
            _ => {}
        }
    }
    match (safe, unsafe_) {
        (0, 0) => None,
        (0, u) => Some(format!(
            "help: {} with `tfgrade fix --unsafe`",
            count(u, "unsafe fix is available", "unsafe fixes are available")
        )),
        (s, 0) => Some(format!(
            "help: {} with `tfgrade fix`",
            count(s, "safe fix is available", "safe fixes are available")
        )),
        (s, u) => Some(format!(
            "help: {} with `tfgrade fix`, and {u} more with `--unsafe`",
            count(s, "safe fix is available", "safe fixes are available")
        )),
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
