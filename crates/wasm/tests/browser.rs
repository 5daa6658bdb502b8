//! The Wasm API in headless Chrome, as the page loads it, and its UTF-16 columns used the
//! way the page uses them: to select a finding's span in a textarea.
#![cfg(target_arch = "wasm32")]

mod common;

use js_sys::JsString;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlTextAreaElement;

wasm_bindgen_test_configure!(run_in_browser);

shared_tests!();

#[wasm_bindgen_test]
fn utf16_columns_select_the_span_in_a_textarea() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let textarea: HtmlTextAreaElement = document
        .create_element("textarea")
        .expect("create")
        .dyn_into()
        .expect("a textarea");
    document
        .body()
        .expect("a body")
        .append_child(&textarea)
        .expect("append");
    textarea.set_value(common::OPEN_SSH);

    let report = common::workspace()
        .check(common::OPEN_SSH.into(), JsValue::UNDEFINED)
        .expect("check");
    let finding = &common::findings_with_code(&report, "TFG201")[0];
    // Offsets of the textarea count UTF-16 code units from the start of its value.
    let value = JsString::from(textarea.value());
    let line_start = |line: usize| -> u32 {
        common::OPEN_SSH
            .split_inclusive('\n')
            .take(line - 1)
            .map(|l| JsString::from(l).length())
            .sum()
    };
    let start = line_start(common::number(finding, "line"))
        + common::number(finding, "column_utf16") as u32
        - 1;
    let end = line_start(common::number(finding, "end_line"))
        + common::number(finding, "end_column_utf16") as u32
        - 1;
    textarea
        .set_selection_range(start, end)
        .expect("select the span");
    let selected_start = textarea.selection_start().expect("start").expect("start");
    let selected_end = textarea.selection_end().expect("end").expect("end");
    let selected = String::from(value.substring(selected_start, selected_end));
    let by_bytes =
        &common::OPEN_SSH[common::number(finding, "start")..common::number(finding, "end")];
    assert_eq!(selected, by_bytes);
    assert!(selected.contains("0.0.0.0/0"), "{selected:?}");
    textarea.remove();
}
