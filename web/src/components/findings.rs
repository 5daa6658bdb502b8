//! The findings panel: the summary, then every input error and finding as a list entry;
//! picking one selects its span in the editor.

use std::rc::Rc;

use tfgrade_core::finding::Family;
use tfgrade_core::report::{ErrorReport, FindingReport};
use tfgrade_core::{Applicability, Severity};
use yew::prelude::*;

use crate::components::summary::Summary;
use crate::fixes::{DiffLine, apply_edits, diff_lines};
use crate::state::{Graded, Item, severity_class};
use crate::text::backtick_pieces;

/// Which fixes a bulk action applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bulk {
    Safe,
    All,
}

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub graded: Rc<Graded>,
    pub selected: Option<Item>,
    /// The text changed since this grading; a new one is on its way.
    pub pending: bool,
    pub on_select: Callback<Item>,
    /// A fix was applied: the editor's new text.
    pub on_fix: Callback<String>,
    /// Apply every safe fix, or every fix.
    pub on_bulk: Callback<Bulk>,
    /// Bring back the text before the last fix; `None` when no fix was applied.
    pub on_undo: Option<Callback<()>>,
}

#[component]
pub fn FindingsPanel(props: &FindingsProps) -> Html {
    let graded = &props.graded;
    let report = &graded.report;
    let empty = report.findings.is_empty() && report.errors.is_empty();
    // The finding whose fix is previewed.
    let preview = use_state(|| None::<usize>);
    // Filters: one family, or all; severities hidden.
    let family = use_state(|| None::<Family>);
    let hidden = use_state(Vec::<Severity>::new);
    let shown = |item: &Item| match item {
        Item::Error(_) => family.is_none(),
        Item::Finding(i) => {
            let f = &report.findings[*i];
            family.is_none_or(|fam| f.family == fam) && !hidden.contains(&f.severity)
        }
    };
    // Families in rubric order, with their findings' counts.
    let mut families: Vec<(Family, usize)> = Vec::new();
    for f in &report.findings {
        match families.iter_mut().find(|(fam, _)| *fam == f.family) {
            Some((_, n)) => *n += 1,
            None => families.push((f.family, 1)),
        }
    }
    families.sort_by_key(|(fam, _)| family_rank(*fam));
    // Entries grouped by family, errors first, each group under its heading.
    let mut ordered: Vec<Item> = graded
        .items()
        .filter(|i| matches!(i, Item::Error(_)))
        .collect();
    for (fam, _) in &families {
        ordered.extend(
            graded
                .items()
                .filter(|i| matches!(i, Item::Finding(n) if report.findings[*n].family == *fam)),
        );
    }
    ordered.retain(|item| shown(item));
    let heading = |item: &Item, previous: Option<&Item>| -> Option<Html> {
        let Item::Finding(i) = item else {
            return None;
        };
        let fam = report.findings[*i].family;
        let same = matches!(previous, Some(Item::Finding(p)) if report.findings[*p].family == fam);
        if same {
            return None;
        }
        let count = ordered
            .iter()
            .filter(|x| matches!(x, Item::Finding(n) if report.findings[*n].family == fam))
            .count();
        Some(html! {
            <li class="family-head" role="presentation">{ format!("{} ({count})", fam.as_str()) }</li>
        })
    };
    let headings: Vec<Option<Html>> = ordered
        .iter()
        .enumerate()
        .map(|(k, item)| heading(item, k.checked_sub(1).map(|p| &ordered[p])))
        .collect();
    let on_family = {
        let family = family.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            family.set(Family::ALL.into_iter().find(|f| f.as_str() == value));
        })
    };
    let severity_toggle = |severity: Severity| {
        let hidden = hidden.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*hidden).clone();
            if let Some(at) = next.iter().position(|s| *s == severity) {
                next.remove(at);
            } else {
                next.push(severity);
            }
            hidden.set(next);
        })
    };
    let entries = ordered.iter().copied().zip(headings).map(|(item, head)| {
        let onclick = {
            let on_select = props.on_select.clone();
            Callback::from(move |_: MouseEvent| on_select.emit(item))
        };
        let selected = props.selected == Some(item);
        let entry = match item {
            Item::Error(i) => error_entry(&report.errors[i], selected, onclick),
            Item::Finding(i) => {
                let finding = &report.findings[i];
                // The fix as it would change the editor's text, when it fits it.
                let fixed = finding
                    .fix
                    .as_ref()
                    .filter(|f| !f.edits.is_empty() && !props.pending)
                    .and_then(|f| apply_edits(&graded.text, &f.edits));
                let actions = fixed.map(|fixed| FixActions {
                    previewing: *preview == Some(i),
                    diff: (*preview == Some(i)).then(|| diff_lines(&graded.text, &fixed, 2)),
                    on_preview: {
                        let preview = preview.clone();
                        Callback::from(move |e: MouseEvent| {
                            e.stop_propagation();
                            preview.set(if *preview == Some(i) { None } else { Some(i) });
                        })
                    },
                    on_apply: {
                        let on_fix = props.on_fix.clone();
                        let preview = preview.clone();
                        Callback::from(move |e: MouseEvent| {
                            e.stop_propagation();
                            preview.set(None);
                            on_fix.emit(fixed.clone());
                        })
                    },
                });
                finding_entry(finding, selected, onclick, actions)
            }
        };
        html! { <>{ for head }{ entry }</> }
    });
    let fixable = |safe_only: bool| {
        report
            .findings
            .iter()
            .filter(|f| f.suppressed.is_none())
            .filter_map(|f| f.fix.as_ref())
            .filter(|fix| !fix.edits.is_empty())
            .filter(|fix| !safe_only || fix.applicability == Applicability::Safe)
            .count()
    };
    let (safe, all) = (fixable(true), fixable(false));
    let bulk = |which: Bulk| {
        let on_bulk = props.on_bulk.clone();
        Callback::from(move |_: MouseEvent| on_bulk.emit(which))
    };
    let undo = props
        .on_undo
        .clone()
        .map(|on_undo| Callback::from(move |_: MouseEvent| on_undo.emit(())));
    html! {
        <section class="pane findings-pane" aria-labelledby="findings-title">
            <div class="pane-head">
                <h2 id="findings-title" class="pane-title">{ "Findings" }</h2>
                <span class={classes!("pending", (!props.pending).then_some("hidden"))}>
                    { "grading…" }
                </span>
            </div>
            <Summary graded={graded.clone()} />
            <div class="toolbar fix-toolbar" role="toolbar" aria-label="Fixes">
                <button type="button" class="button" disabled={safe == 0 || props.pending}
                    onclick={bulk(Bulk::Safe)}>
                    { format!("Apply safe fixes ({safe})") }
                </button>
                <button type="button" class="button" disabled={all == 0 || props.pending}
                    onclick={bulk(Bulk::All)}
                    title="Safe and unsafe fixes: the ideal response; unsafe ones change what gets deployed">
                    { format!("Apply all fixes ({all})") }
                </button>
                <button type="button" class="button undo" disabled={undo.is_none()}
                    onclick={undo.unwrap_or_default()}>
                    { "Undo fix" }
                </button>
                <button type="button" class="button export"
                    title="The report as JSON (the CLI's --format json), saved by the browser"
                    onclick={
                        let graded = graded.clone();
                        Callback::from(move |_: MouseEvent| {
                            if let Ok(json) = serde_json::to_string_pretty(&graded.report) {
                                crate::save_file("tfgrade-report.json", "application/json", &json);
                            }
                        })
                    }>
                    { "Download report" }
                </button>
            </div>
            if !report.findings.is_empty() {
                <div class="filters" role="group" aria-label="Filter the findings">
                    <select class="family-filter" aria-label="Family" onchange={on_family}>
                        <option value="" selected={family.is_none()}>
                            { format!("All families ({})", report.findings.len()) }
                        </option>
                        { for families.iter().map(|(fam, n)| html! {
                            <option value={fam.as_str()} selected={*family == Some(*fam)}>
                                { format!("{} ({n})", fam.as_str()) }
                            </option>
                        }) }
                    </select>
                    { for Severity::ALL.into_iter().map(|severity| {
                        let on = !hidden.contains(&severity);
                        html! {
                            <button type="button"
                                class={classes!("button", "small", "severity-toggle", severity_class(severity), (!on).then_some("off"))}
                                aria-pressed={on.to_string()}
                                data-severity={severity.as_str()}
                                onclick={severity_toggle(severity)}>
                                { severity.as_str() }
                            </button>
                        }
                    }) }
                </div>
            }
            <div class="findings-scroll">
                if empty {
                    <p class="empty">
                        { if graded.text.trim().is_empty() {
                            "Paste a model's answer or some Terraform to grade it."
                        } else {
                            "No findings: nothing here breaks a rubric check."
                        } }
                    </p>
                }
                <ul class="findings" aria-label="Findings and errors" aria-busy={props.pending.to_string()}>
                    { for entries }
                </ul>
            </div>
        </section>
    }
}

fn location(file: &str, line: usize, column: usize) -> String {
    format!("{file}:{line}:{column}")
}

/// Text whose `identifiers` are set as code.
fn rich(text: &str) -> Html {
    html! {
        { for backtick_pieces(text).map(|(code, piece)| if code {
            html! { <code>{ piece.to_owned() }</code> }
        } else {
            html! { { piece.to_owned() } }
        }) }
    }
}

fn message(text: &str) -> Html {
    html! { <p class="message">{ rich(text) }</p> }
}

fn error_entry(error: &ErrorReport, selected: bool, onclick: Callback<MouseEvent>) -> Html {
    let at = location(&error.file, error.location.line, error.location.column);
    html! {
        <li class={classes!("entry", "entry-error", selected.then_some("selected"))} {onclick}>
            <button type="button" class="entry-head" aria-current={selected.then_some("true")}>
                <span class="badge sev-error">{ "error" }</span>
                <span class="entry-name">{ "does not parse" }</span>
                <span class="entry-location">{ at }</span>
            </button>
            { message(&error.message) }
            if let Some(virtual_file) = &error.virtual_file {
                <p class="entry-meta">{ "in " }<code>{ virtual_file.clone() }</code></p>
            }
        </li>
    }
}

/// The rubric's order of families (RUBRIC.md 3).
fn family_rank(family: Family) -> usize {
    Family::ALL
        .iter()
        .position(|f| *f == family)
        .unwrap_or(usize::MAX)
}

/// What a finding's entry offers for its fix, when the fix fits the editor's text.
struct FixActions {
    previewing: bool,
    diff: Option<Vec<DiffLine>>,
    on_preview: Callback<MouseEvent>,
    on_apply: Callback<MouseEvent>,
}

fn finding_entry(
    finding: &FindingReport,
    selected: bool,
    onclick: Callback<MouseEvent>,
    actions: Option<FixActions>,
) -> Html {
    let at = location(
        &finding.file,
        finding.location.line,
        finding.location.column,
    );
    let severity = finding.severity.as_str();
    let suppressed = finding.suppressed.is_some();
    html! {
        <li class={classes!(
            "entry",
            selected.then_some("selected"),
            suppressed.then_some("suppressed"),
        )} {onclick} data-code={finding.code}>
            <button type="button" class="entry-head" aria-current={selected.then_some("true")}>
                <span class={classes!("badge", severity_class(finding.severity))}>{ severity }</span>
                <span class="entry-code">{ finding.code }</span>
                <span class="entry-name">{ finding.name }</span>
                <span class="entry-location">{ at }</span>
            </button>
            { message(&finding.message) }
            <a class="rule-link docs-link" href={crate::route::Route::Rule(finding.code.to_owned()).href()}
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                { format!("What {} checks, and why", finding.code) }
            </a>
            if finding.virtual_file.is_some() || finding.resource.is_some() {
                <p class="entry-meta">
                    if let Some(virtual_file) = &finding.virtual_file {
                        { "in " }<code>{ virtual_file.clone() }</code>
                    }
                    if let (Some(_), Some(_)) = (&finding.virtual_file, &finding.resource) {
                        { " · " }
                    }
                    if let Some(resource) = &finding.resource {
                        <code>{ resource.clone() }</code>
                    }
                </p>
            }
            if !finding.instances.is_empty() {
                <p class="entry-meta">
                    { format!("in {} instances: ", finding.instances.len()) }
                    <code>{ finding.instances.join(", ") }</code>
                </p>
            }
            { for finding.related.iter().map(|related| html! {
                <p class="entry-meta related">
                    { "also at " }
                    <code>{ location(&related.file, related.location.line, related.location.column) }</code>
                    { format!(": {}", related.message) }
                </p>
            }) }
            if !finding.trace.is_empty() {
                <ul class="trace" aria-label="Where the value came from">
                    { for finding.trace.iter().map(|step| html! { <li>{ rich(step) }</li> }) }
                </ul>
            }
            if let Some(fix) = &finding.fix {
                <p class="fix">
                    <span class={classes!("badge", "fix-badge", applicability_class(fix.applicability))}>
                        { applicability_label(fix.applicability) }
                    </span>
                    <span class="fix-title">{ rich(&fix.title) }</span>
                </p>
                if let Some(note) = &fix.note {
                    <p class="fix-note">{ rich(note) }</p>
                }
                if let Some(actions) = actions {
                    <p class="fix-actions">
                        <button type="button" class="button small preview"
                            aria-expanded={actions.previewing.to_string()}
                            onclick={actions.on_preview}>
                            { if actions.previewing { "Hide diff" } else { "Preview" } }
                        </button>
                        <button type="button" class="button small apply" onclick={actions.on_apply}>
                            { "Apply" }
                        </button>
                    </p>
                    if let Some(diff) = actions.diff {
                        { diff_view(&diff) }
                    }
                }
            }
            { for finding.alternatives.iter().map(|advice| html! {
                <p class="fix">
                    <span class="badge fix-badge fix-advice">{ "alternative" }</span>
                    <span class="fix-title">{ rich(&advice.title) }</span>
                </p>
            }) }
            if let Some(reason) = &finding.suppressed {
                <p class="entry-meta">{ "suppressed: " }{ reason.clone() }</p>
            }
        </li>
    }
}

/// A fix's diff against the editor's text, lines numbered as after the fix.
fn diff_view(lines: &[DiffLine]) -> Html {
    html! {
        <pre class="diff" aria-label="The fix as a diff">
            { for lines.iter().map(|line| match line {
                DiffLine::Same(n, text) => html! {
                    <span class="diff-line same"><span class="diff-no">{ n }</span>{ format!("  {text}") }</span>
                },
                DiffLine::Removed(text) => html! {
                    <span class="diff-line removed"><span class="diff-no"></span>{ format!("- {text}") }</span>
                },
                DiffLine::Added(n, text) => html! {
                    <span class="diff-line added"><span class="diff-no">{ n }</span>{ format!("+ {text}") }</span>
                },
                DiffLine::Gap => html! { <span class="diff-line gap">{ "…" }</span> },
            }) }
        </pre>
    }
}

fn applicability_label(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::Safe => "safe fix",
        Applicability::Unsafe => "unsafe fix",
        Applicability::DisplayOnly => "advice",
    }
}

fn applicability_class(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::Safe => "fix-safe",
        Applicability::Unsafe => "fix-unsafe",
        Applicability::DisplayOnly => "fix-advice",
    }
}
