//! The code editor: a plain textarea over a highlight overlay that marks the findings'
//! spans, beside a line-number gutter. The overlay and the gutter follow the textarea's
//! scrolling; all positions are UTF-16 offsets, as the textarea counts them.

use std::rc::Rc;

use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::EXAMPLES;
use crate::state::{Graded, Reveal, Span};
use crate::text::{Utf16Lines, pieces};

/// Line height used when the computed style cannot be read; matches the stylesheet.
const FALLBACK_LINE_HEIGHT_PX: f64 = 20.0;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: Rc<str>,
    pub graded: Rc<Graded>,
    pub reveal: Option<Reveal>,
    pub on_edit: Callback<String>,
    /// Make a share link of the text.
    pub on_share: Callback<()>,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let textarea = use_node_ref();
    let overlay = use_node_ref();
    let gutter = use_node_ref();

    let sync = {
        let (textarea, overlay, gutter) = (textarea.clone(), overlay.clone(), gutter.clone());
        move || sync_scroll(&textarea, &overlay, &gutter)
    };
    // The overlay's content changes after a grading: keep it aligned after every render.
    {
        let sync = sync.clone();
        use_effect(sync);
    }
    {
        let textarea = textarea.clone();
        use_effect_with(props.reveal, move |reveal| {
            if let (Some(reveal), Some(element)) = (reveal, textarea.cast::<HtmlTextAreaElement>())
            {
                select_span(&element, reveal.span);
            }
        });
    }

    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let element: HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit(element.value());
        })
    };
    let onscroll = Callback::from(move |_: Event| sync());
    let replace_with = |text: &'static str| {
        let on_edit = props.on_edit.clone();
        let textarea = textarea.clone();
        Callback::from(move |_: MouseEvent| {
            on_edit.emit(text.to_owned());
            if let Some(element) = textarea.cast::<HtmlElement>() {
                let _ = element.focus();
            }
        })
    };

    let on_example = {
        let on_edit = props.on_edit.clone();
        let textarea = textarea.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some((_, text)) = select
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| EXAMPLES.get(i))
            {
                on_edit.emit((*text).to_owned());
                if let Some(element) = textarea.cast::<HtmlElement>() {
                    let _ = element.focus();
                }
            }
            // The menu stays a menu: it shows its title again.
            select.set_value("");
        })
    };
    let line_count = Utf16Lines::new(&props.text).line_count();
    html! {
        <section class="pane editor-pane" aria-labelledby="editor-label">
            <div class="pane-head">
                <div class="pane-title-group">
                    <label id="editor-label" class="pane-title" for="editor">{ "Model response" }</label>
                    <span id="editor-help" class="pane-hint">
                        { "Markdown with fenced hcl blocks, or raw Terraform" }
                    </span>
                </div>
                <div class="toolbar">
                    <select class="button examples" aria-label="Load an example" onchange={on_example}>
                        <option value="" selected=true>{ "Load example" }</option>
                        { for EXAMPLES.iter().enumerate().map(|(i, (title, _))| html! {
                            <option value={i.to_string()}>{ *title }</option>
                        }) }
                    </select>
                    <button type="button" class="button" onclick={replace_with("")}>
                        { "Clear" }
                    </button>
                    <button type="button" class="button share"
                        title="Put the text in the address bar's link, compressed; it is never sent anywhere"
                        onclick={props.on_share.reform(|_: MouseEvent| ())}>
                        { "Share" }
                    </button>
                </div>
            </div>
            <div class="editor">
                <Gutter {line_count} graded={props.graded.clone()} node={gutter} />
                <div class="code">
                    <Highlights graded={props.graded.clone()} node={overlay} />
                    <textarea
                        id="editor"
                        ref={textarea}
                        class="code-input"
                        aria-describedby="editor-help"
                        wrap="off"
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        value={props.text.to_string()}
                        {oninput}
                        {onscroll}
                    />
                </div>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct GutterProps {
    line_count: usize,
    graded: Rc<Graded>,
    node: NodeRef,
}

/// Line numbers; a line where a finding or error starts carries its severity's colour.
#[component]
fn Gutter(props: &GutterProps) -> Html {
    let classes = props.graded.line_classes();
    html! {
        <div class="gutter" aria-hidden="true">
            <div class="gutter-lines" ref={props.node.clone()}>
                { for (1..=props.line_count).map(|line| {
                    let class = classes.get(line).copied().flatten();
                    html! {
                        <div class={classes!("gutter-line", class)}>{ line }</div>
                    }
                }) }
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct HighlightsProps {
    graded: Rc<Graded>,
    node: NodeRef,
}

/// The graded text, transparent, with its findings' spans marked; drawn under the
/// textarea, whose own glyphs stay visible. Re-rendered only when a grading lands.
#[component]
fn Highlights(props: &HighlightsProps) -> Html {
    let graded = &props.graded;
    let marks = graded.marks();
    html! {
        <pre class="highlights" aria-hidden="true" ref={props.node.clone()}>
            { for pieces(&graded.text, &marks).into_iter().map(|piece| match piece.class {
                None => html! { { piece.text } },
                Some(class) if piece.point => html! { <mark class={classes!("point", class)} /> },
                Some(class) => html! { <mark class={class}>{ piece.text }</mark> },
            }) }
            // A trailing newline makes the textarea one line taller; so must the overlay.
            { " " }
        </pre>
    }
}

fn sync_scroll(textarea: &NodeRef, overlay: &NodeRef, gutter: &NodeRef) {
    let Some(textarea) = textarea.cast::<HtmlElement>() else {
        return;
    };
    let (top, left) = (textarea.scroll_top(), textarea.scroll_left());
    if let Some(overlay) = overlay.cast::<HtmlElement>() {
        let _ = overlay
            .style()
            .set_property("transform", &format!("translate({}px, {}px)", -left, -top));
    }
    if let Some(gutter) = gutter.cast::<HtmlElement>() {
        let _ = gutter
            .style()
            .set_property("transform", &format!("translateY({}px)", -top));
    }
}

/// Focuses the textarea, selects the span and scrolls its line into the upper third.
fn select_span(textarea: &HtmlTextAreaElement, span: Span) {
    let lines = Utf16Lines::new(&textarea.value());
    let start = lines.offset(span.line, span.column_utf16);
    let end = lines
        .offset(span.end_line, span.end_column_utf16)
        .max(start);
    let _ = textarea.focus();
    let _ = textarea.set_selection_range(start, end);
    let line_height = web_sys::window()
        .and_then(|w| w.get_computed_style(textarea).ok().flatten())
        .and_then(|style| style.get_property_value("line-height").ok())
        .and_then(|value| value.trim_end_matches("px").parse::<f64>().ok())
        .unwrap_or(FALLBACK_LINE_HEIGHT_PX);
    let line_top = (span.line.saturating_sub(1)) as f64 * line_height;
    let visible = f64::from(textarea.client_height());
    let top = f64::from(textarea.scroll_top());
    if line_top < top || line_top + line_height > top + visible {
        textarea.set_scroll_top((line_top - visible / 3.0).max(0.0) as i32);
    }
}
