use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;
use yew::prelude::*;

use crate::streams::{describe, inflate_text};

use crate::state::{Action, SchemaStatus, State};

/// The provider schema, gzip-compressed, served beside the page (Trunk writes it).
pub const SCHEMA_URL: &str = "aws_schema.txt.gz";

/// Fetches the AWS provider schema once when the page loads and hands it to the grader,
/// unless the build carries one. The page grades at once without it; the validity checks
/// join when it arrives.
#[hook]
pub fn use_provider_schema(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    let needed = state.schema == SchemaStatus::Loading;
    use_effect_with((), move |_| {
        if needed {
            wasm_bindgen_futures::spawn_local(async move {
                let status = match fetch_schema().await {
                    Ok(text) => match tfgrade_wasm::load_schema(&text) {
                        Ok(info) => SchemaStatus::Loaded(info.version),
                        Err(e) => SchemaStatus::Failed(e.to_string()),
                    },
                    Err(e) => SchemaStatus::Failed(e),
                };
                dispatcher.dispatch(Action::Schema(status));
            });
        }
    });
}

async fn fetch_schema() -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_str(SCHEMA_URL))
        .await
        .map_err(describe)?
        .dyn_into()
        .map_err(describe)?;
    if !response.ok() {
        return Err(format!("{SCHEMA_URL}: HTTP {}", response.status()));
    }
    let body = response
        .body()
        .ok_or_else(|| format!("{SCHEMA_URL}: empty response"))?;
    inflate_text(&body, "gzip")
        .await
        .map_err(|e| format!("{SCHEMA_URL}: {e}"))
}
