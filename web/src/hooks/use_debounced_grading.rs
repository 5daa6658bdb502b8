use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::state::{Action, Graded, State};

/// Quiet time after the last keystroke before the text is graded again.
pub const DEBOUNCE_MS: u32 = 150;

/// Grades the editor's text once typing pauses for [`DEBOUNCE_MS`]. Each edit cancels
/// the pending grading (dropping a `Timeout` clears it), so a burst of keystrokes costs
/// one grading.
#[hook]
pub fn use_debounced_grading(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    let workspace = state.workspace.clone();
    let text = state.text.clone();
    use_effect_with(state.revision, move |&revision| {
        // The first text was graded when the state was made.
        let pending = (revision > 0).then(|| {
            Timeout::new(DEBOUNCE_MS, move || {
                let graded = Graded::new(&workspace, revision, text);
                dispatcher.dispatch(Action::Graded(Rc::new(graded)));
            })
        });
        move || drop(pending)
    });
}
