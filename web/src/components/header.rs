use yew::prelude::*;

#[component]
pub fn Header() -> Html {
    html! {
        <header class="app-header">
            <h1 class="brand">{ "tfgrade" }</h1>
            <p class="tagline">
                { "Grades model-written Terraform against the failure rubric as you type. \
                   Everything runs in this browser tab: nothing you paste leaves it." }
            </p>
        </header>
    }
}
