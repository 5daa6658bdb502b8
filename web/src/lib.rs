//! tfgrade's page: an editor holding a model's answer, graded as the user types, and the
//! findings beside it. All grading goes through the Wasm crate's Rust API, in the tab.

mod components;
pub mod fixes;
mod hooks;
pub mod state;
pub mod text;

use yew::prelude::*;

use components::editor::Editor;
use components::findings::{Bulk, FindingsPanel};
use components::header::Header;
use hooks::use_debounced_grading::use_debounced_grading;
use hooks::use_provider_schema::use_provider_schema;
use state::{Action, Item, State};
use tfgrade_wasm::FixSet;

/// The answer the page opens with: a model's markdown response showing the failures
/// the rubric was written from.
pub const EXAMPLE: &str = include_str!("../examples/model_response.md");

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| State::new(EXAMPLE));
    use_debounced_grading(&state);
    use_provider_schema(&state);

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
    let on_undo = (!state.history.is_empty()).then(|| {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::Undo))
    });
    html! {
        <div class="app">
            <Header schema={state.schema.clone()} />
            <main class="workspace">
                <Editor
                    text={state.text.clone()}
                    graded={state.graded.clone()}
                    reveal={state.reveal}
                    {on_edit}
                />
                <FindingsPanel
                    graded={state.graded.clone()}
                    selected={state.selected}
                    pending={state.revision != state.graded.revision}
                    {on_select}
                    {on_fix}
                    {on_bulk}
                    {on_undo}
                />
            </main>
        </div>
    }
}

/// Mounts the page on the document's body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
