//! The findings panel: the summary, then every input error and finding as a list entry;
//! picking one selects its span in the editor.

use std::rc::Rc;

use tfgrade_core::Applicability;
use tfgrade_core::report::{ErrorReport, FindingReport};
use yew::prelude::*;

use crate::components::summary::Summary;
use crate::state::{Graded, Item, severity_class};
use crate::text::backtick_pieces;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub graded: Rc<Graded>,
    pub selected: Option<Item>,
    /// The text changed since this grading; a new one is on its way.
    pub pending: bool,
    pub on_select: Callback<Item>,
}

#[component]
pub fn FindingsPanel(props: &FindingsProps) -> Html {
    let graded = &props.graded;
    let report = &graded.report;
    let empty = report.findings.is_empty() && report.errors.is_empty();
    let entries = graded.items().map(|item| {
        let onclick = {
            let on_select = props.on_select.clone();
            Callback::from(move |_: MouseEvent| on_select.emit(item))
        };
        let selected = props.selected == Some(item);
        match item {
            Item::Error(i) => error_entry(&report.errors[i], selected, onclick),
            Item::Finding(i) => finding_entry(&report.findings[i], selected, onclick),
        }
    });
    html! {
        <section class="pane findings-pane" aria-labelledby="findings-title">
            <div class="pane-head">
                <h2 id="findings-title" class="pane-title">{ "Findings" }</h2>
                <span class={classes!("pending", (!props.pending).then_some("hidden"))}>
                    { "grading…" }
                </span>
            </div>
            <Summary graded={graded.clone()} />
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

fn finding_entry(finding: &FindingReport, selected: bool, onclick: Callback<MouseEvent>) -> Html {
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
