//! The rule reference: every check by family, and one check's docs, the same text the CLI
//! (`tfgrade rule CODE`) and the Wasm API (`rule()`) give.

use tfgrade_core::check::Check;
use tfgrade_wasm::Workspace;
use yew::prelude::*;

use crate::route::Route;
use crate::text::backtick_pieces;

#[derive(Properties, PartialEq)]
pub struct RulesProps {
    /// `Route::Rules` or `Route::Rule(code)`.
    pub route: Route,
}

#[component]
pub fn RulesPanel(props: &RulesProps) -> Html {
    let body = match &props.route {
        Route::Rule(code) => match Workspace::rule(code) {
            Some(check) => rule_docs(check),
            None => html! {
                <p class="empty">{ format!("No check has the code or name `{code}`.") }</p>
            },
        },
        _ => rule_list(),
    };
    html! {
        <section class="pane findings-pane rules-pane" aria-labelledby="rules-title">
            <div class="pane-head">
                <h2 id="rules-title" class="pane-title">{ "Rules" }</h2>
                <nav class="toolbar" aria-label="Views">
                    <a class="button" href={Route::Findings.href()}>{ "Back to findings" }</a>
                    if matches!(props.route, Route::Rule(_)) {
                        <a class="button" href={Route::Rules.href()}>{ "All rules" }</a>
                    }
                </nav>
            </div>
            <div class="findings-scroll rules-scroll">{ body }</div>
        </section>
    }
}

fn rule_list() -> Html {
    let checks = Workspace::rules();
    let mut families: Vec<&str> = checks.iter().map(|c| c.family.as_str()).collect();
    families.dedup();
    html! {
        <div class="rule-list">
            { for families.into_iter().map(|family| html! {
                <section class="rule-family">
                    <h3>{ family }</h3>
                    <ul>
                        { for checks.iter().filter(|c| c.family.as_str() == family).map(|c| html! {
                            <li>
                                <a href={Route::Rule(c.code.to_owned()).href()} class="rule-link">
                                    <span class="entry-code">{ c.code }</span>
                                    { " " }{ c.name }
                                </a>
                                <span class="rule-facts">
                                    { format!(" · {} · category {}", c.severity.as_str(), c.category.as_str()) }
                                </span>
                            </li>
                        }) }
                    </ul>
                </section>
            }) }
        </div>
    }
}

fn rule_docs(check: &Check) -> Html {
    let docs = &check.docs;
    html! {
        <article class="rule-docs" data-code={check.code}>
            <h3><span class="entry-code">{ check.code }</span>{ " " }{ check.name }</h3>
            <p class="rule-facts">
                { format!(
                    "{} · {} · rating category {} · fix: {}",
                    check.family.as_str(),
                    check.severity.as_str(),
                    check.category.as_str(),
                    check.fix.as_str()
                ) }
            </p>
            <h4>{ "What it does" }</h4>
            <p>{ rich(docs.what) }</p>
            <h4>{ "Why it matters" }</h4>
            <p>{ rich(docs.why) }</p>
            <h4>{ "Example" }</h4>
            <pre class="rule-example">{ docs.example }</pre>
            <h4>{ "Use instead" }</h4>
            <pre class="rule-example">{ docs.use_instead }</pre>
            <h4>{ "The fix" }</h4>
            <p>{ rich(docs.fix) }</p>
            if !docs.limitations.is_empty() {
                <h4>{ "Limitations" }</h4>
                <p>{ rich(docs.limitations) }</p>
            }
        </article>
    }
}

fn rich(text: &str) -> Html {
    html! {
        { for backtick_pieces(text).map(|(code, piece)| if code {
            html! { <code>{ piece.to_owned() }</code> }
        } else {
            html! { { piece.to_owned() } }
        }) }
    }
}
