//! tfgrade's page: an editor holding a model's answer, graded as the user types, and the
//! findings beside it. All grading goes through the Wasm crate's Rust API, in the tab.

mod components;
pub mod fixes;
mod hooks;
pub mod route;
pub mod share;
pub mod state;
mod streams;
pub mod text;

use yew::prelude::*;

use components::editor::Editor;
use components::findings::{Bulk, FindingsPanel};
use components::header::Header;
use components::rules::RulesPanel;
use hooks::use_debounced_grading::use_debounced_grading;
use hooks::use_provider_schema::use_provider_schema;
use hooks::use_route::use_route;
use hooks::use_shared_state::use_shared_state;
use state::{Action, Item, State};
use tfgrade_wasm::FixSet;

/// The answer the page opens with: a model's markdown response showing the failures
/// the rubric was written from.
pub const EXAMPLE: &str = include_str!("../examples/model_response.md");

/// The examples menu: a title and the text it loads, the first being [`EXAMPLE`].
pub const EXAMPLES: &[(&str, &str)] = &[
    ("A model's answer: SSH open through a default", EXAMPLE),
    (
        "A shared state without locking",
        include_str!("../examples/state_without_locking.tf"),
    ),
    (
        "Names that collide on a second deployment",
        include_str!("../examples/fixed_names.tf"),
    ),
    (
        "Code that terraform validate rejects",
        include_str!("../examples/does_not_validate.tf"),
    ),
];

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| State::new(&first_text()));
    use_debounced_grading(&state);
    use_provider_schema(&state);
    use_shared_state(&state);
    use_route(&state);

    let on_edit = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(Action::Edit(text)))
    };
    let on_select = {
        let dispatcher = state.dispatcher();
        Callback::from(move |item: Item| dispatcher.dispatch(Action::Select(item)))
    };
    let on_fix = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(Action::Fix(text)))
    };
    let on_bulk = {
        let dispatcher = state.dispatcher();
        let workspace = state.workspace.clone();
        let text = state.text.clone();
        Callback::from(move |which: Bulk| {
            let set = match which {
                Bulk::Safe => FixSet::Safe,
                Bulk::All => FixSet::All,
            };
            let outcome = workspace.fix(&text, None, set);
            if let Some(file) = outcome.files.into_iter().next() {
                dispatcher.dispatch(Action::Fix(file.fixed));
            }
        })
    };
    let on_share = {
        let dispatcher = state.dispatcher();
        let text = state.text.clone();
        Callback::from(move |()| {
            let dispatcher = dispatcher.clone();
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let notice = match share_link(&text).await {
                    Ok(length) => format!(
                        "The address bar now holds this text ({length} characters of link): copy it to share. The part after # never leaves the browser."
                    ),
                    Err(e) => format!("No share link: {e}"),
                };
                dispatcher.dispatch(Action::Notice(notice));
            });
        })
    };
    let on_undo = (!state.history.is_empty()).then(|| {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::Undo))
    });
    html! {
        <div class="app">
            <Header schema={state.schema.clone()} notice={state.notice.clone()} />
            <main class="workspace">
                <Editor
                    text={state.text.clone()}
                    graded={state.graded.clone()}
                    reveal={state.reveal}
                    {on_edit}
                    {on_share}
                />
                if state.route == route::Route::Findings {
                    <FindingsPanel
                        graded={state.graded.clone()}
                        selected={state.selected}
                        pending={state.revision != state.graded.revision}
                        {on_select}
                        {on_fix}
                        {on_bulk}
                        {on_undo}
                    />
                } else {
                    <RulesPanel route={state.route.clone()} />
                }
            </main>
        </div>
    }
}

/// The text the page opens with: none while a share link's state is unpacked, else the
/// last text of this browser, else the example.
fn first_text() -> String {
    use hooks::use_shared_state::{fragment, storage};
    if fragment().as_deref().and_then(share::state_in).is_some() {
        return String::new();
    }
    storage()
        .and_then(|s| s.get_item(share::STORAGE_KEY).ok().flatten())
        .unwrap_or_else(|| EXAMPLE.to_owned())
}

/// Puts the text into the address bar's fragment; the link's length, or why not.
async fn share_link(text: &str) -> Result<usize, String> {
    let compressed = streams::deflate_text(text).await?;
    let fragment = format!("#{}", share::fragment(&compressed));
    let window = web_sys::window().ok_or("no window")?;
    window
        .history()
        .and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&fragment)))
        .map_err(streams::describe)?;
    Ok(window.location().href().map_err(streams::describe)?.len())
}

/// The local-storage key of the chosen theme.
const THEME_KEY: &str = "tfgrade.theme";

/// The theme the page shows: the one chosen here before, else the system's preference.
fn initial_theme() -> &'static str {
    let window = web_sys::window();
    let stored =
        hooks::use_shared_state::storage().and_then(|s| s.get_item(THEME_KEY).ok().flatten());
    match stored.as_deref() {
        Some("dark") => "dark",
        Some("light") => "light",
        _ => {
            let dark = window
                .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
                .is_some_and(|m| m.matches());
            if dark { "dark" } else { "light" }
        }
    }
}

/// Shows a theme and remembers the choice.
pub fn set_theme(theme: &str, remember: bool) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", theme);
    }
    if remember && let Some(storage) = hooks::use_shared_state::storage() {
        let _ = storage.set_item(THEME_KEY, theme);
    }
}

/// Hands a text to the browser as a file download; nothing leaves the machine.
pub fn save_file(name: &str, mime: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(link) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    // Revoked once the browser has surely read it.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// Mounts the page on the document's body.
pub fn start() {
    set_theme(initial_theme(), false);
    yew::Renderer::<App>::new().render();
}
