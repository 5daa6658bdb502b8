pub mod use_debounced_grading;
pub mod use_provider_schema;
pub mod use_route;
pub mod use_shared_state;
