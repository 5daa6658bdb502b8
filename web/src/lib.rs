//! tfgrade's page: an editor holding a model's answer, graded as the user types, and the
//! findings beside it. All grading goes through the Wasm crate's Rust API, in the tab.

mod components;
mod hooks;
pub mod state;
pub mod text;

use yew::prelude::*;

use components::editor::Editor;
use components::findings::FindingsPanel;
use components::header::Header;
use hooks::use_debounced_grading::use_debounced_grading;
use hooks::use_provider_schema::use_provider_schema;
use state::{Action, Item, State};

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
                />
            </main>
        </div>
    }
}

/// Mounts the page on the document's body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
