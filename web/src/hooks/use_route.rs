use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use yew::prelude::*;

use crate::route::Route;
use crate::state::{Action, State};

/// Follows the URL fragment: the one the page opens with, then each `hashchange` (a link
/// clicked, back and forward) sets the route.
#[hook]
pub fn use_route(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let follow = move || {
            let fragment = crate::hooks::use_shared_state::fragment().unwrap_or_default();
            dispatcher.dispatch(Action::Route(Route::parse(&fragment)));
        };
        // The page may open on a rule's link.
        follow();
        let listener = Closure::<dyn Fn()>::new(follow);
        let window = web_sys::window();
        if let Some(window) = &window {
            let _ = window
                .add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(window) = window {
                let _ = window.remove_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}
