pub mod editor;
pub mod findings;
pub mod header;
pub mod rules;
pub mod summary;
