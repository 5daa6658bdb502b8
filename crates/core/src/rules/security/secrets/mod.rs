//! Secrets written into the configuration.

pub mod hard_coded_secret;
mod secret_values;
