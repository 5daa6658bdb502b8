pub mod use_debounced_grading;
