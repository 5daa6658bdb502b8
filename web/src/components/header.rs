use yew::prelude::*;

use crate::state::SchemaStatus;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub schema: SchemaStatus,
    pub notice: Option<std::rc::Rc<str>>,
}

#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let dark = use_state(|| {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("data-theme"))
            .as_deref()
            == Some("dark")
    });
    let toggle = {
        let dark = dark.clone();
        Callback::from(move |_: MouseEvent| {
            let next = !*dark;
            crate::set_theme(if next { "dark" } else { "light" }, true);
            dark.set(next);
        })
    };
    let (class, status) = match &props.schema {
        SchemaStatus::Loading => (
            "schema loading",
            "Validity checks: loading the AWS provider schema…".to_string(),
        ),
        SchemaStatus::Loaded(version) => (
            "schema loaded",
            format!("Validity checks: AWS provider {version}"),
        ),
        SchemaStatus::Failed(why) => (
            "schema failed",
            format!("Validity checks are off: the AWS provider schema could not be loaded ({why})"),
        ),
    };
    html! {
        <header class="app-header">
            <h1 class="brand">{ "tfgrade" }</h1>
            <nav class="header-nav" aria-label="Pages">
                <a href="#rules">{ "Rules" }</a>
            </nav>
            <button type="button" class="button small theme-toggle" aria-pressed={dark.to_string()}
                onclick={toggle}>
                { if *dark { "Light theme" } else { "Dark theme" } }
            </button>
            <p class="tagline">
                { "Grades model-written Terraform against the failure rubric as you type. \
                   Everything runs in this browser tab: nothing you paste leaves it." }
            </p>
            <p class={classes!("schema-status", class)} role="status">{ status }</p>
            if let Some(notice) = &props.notice {
                <p class="notice" role="status">{ notice.to_string() }</p>
            }
        </header>
    }
}
