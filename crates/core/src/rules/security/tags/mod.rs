//! Tags on taggable resources.

pub mod resource_without_tags;
