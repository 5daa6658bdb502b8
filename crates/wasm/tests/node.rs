//! The Wasm API under Node.js, as a script or a bundler would load it.
#![cfg(target_arch = "wasm32")]

mod common;

shared_tests!();
