use yew::prelude::*;

use crate::share::{STORAGE_KEY, state_in};
use crate::state::{Action, State};
use crate::streams::inflate_bytes;

/// Opens a share link's state once the page loads (the fragment is unpacked
/// asynchronously), and keeps the editor's text in local storage as it changes.
#[hook]
pub fn use_shared_state(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        if let Some(found) = fragment().as_deref().and_then(state_in) {
            wasm_bindgen_futures::spawn_local(async move {
                let text = match found {
                    Ok(bytes) => inflate_bytes(&bytes).await,
                    Err(e) => Err(e),
                };
                match text {
                    Ok(text) => dispatcher.dispatch(Action::Edit(text)),
                    Err(e) => dispatcher.dispatch(Action::Notice(format!(
                        "The link's state could not be read: {e}"
                    ))),
                }
            });
        }
    });
    let text = state.text.clone();
    use_effect_with(state.revision, move |_| {
        if let Some(storage) = storage() {
            // Full or refused storage only loses the restore, never the text.
            let _ = storage.set_item(STORAGE_KEY, &text);
        }
    });
}

/// The URL fragment, with its `#`.
pub fn fragment() -> Option<String> {
    web_sys::window()?.location().hash().ok()
}

pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}
