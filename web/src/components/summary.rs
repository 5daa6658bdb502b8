use std::rc::Rc;

use tfgrade_core::Severity;
use tfgrade_core::submission::Role;
use yew::prelude::*;

use crate::state::{Graded, severity_class};

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub graded: Rc<Graded>,
}

/// Counts by severity, errors and fixes, how the text was read, and the time it took.
#[component]
pub fn Summary(props: &SummaryProps) -> Html {
    let report = &props.graded.report;
    let summary = &report.summary;
    let count = |severity: Severity| {
        summary
            .by_severity
            .get(severity.as_str())
            .copied()
            .unwrap_or(0)
    };
    let read_as = report.files.first().map(|file| match file.role {
        Role::Response => format!(
            "read as markdown: {} code file{}",
            file.virtual_files.len().max(1),
            if file.virtual_files.len() == 1 {
                ""
            } else {
                "s"
            }
        ),
        _ => "read as Terraform".to_owned(),
    });
    html! {
        <div class="summary" role="status" aria-live="polite">
            <p class="summary-total">
                <strong>{ summary.findings }</strong>
                { if summary.findings == 1 { " finding" } else { " findings" } }
                if summary.errors > 0 {
                    { " · " }<strong class="summary-errors">{ summary.errors }</strong>
                    { if summary.errors == 1 { " error" } else { " errors" } }
                }
                if summary.fixable > 0 {
                    { format!(" · {} fixable", summary.fixable) }
                }
                if summary.suppressed > 0 {
                    { format!(" · {} suppressed", summary.suppressed) }
                }
            </p>
            <ul class="summary-counts" aria-label="Findings by severity">
                { for Severity::ALL.into_iter().map(|severity| {
                    let n = count(severity);
                    html! {
                        <li class={classes!("count", severity_class(severity), (n == 0).then_some("zero"))}>
                            <span class="count-n">{ n }</span>{ " " }{ severity.as_str() }
                        </li>
                    }
                }) }
            </ul>
            <p class="summary-meta">
                if let Some(read_as) = read_as {
                    { read_as }{ " · " }
                }
                { format!("graded in {:.1} ms", props.graded.millis) }
            </p>
        </div>
    }
}
