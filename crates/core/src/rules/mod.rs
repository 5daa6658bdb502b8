//! The rubric's checks, one per file under a folder per family; [`crate::registry`] lists
//! them.

pub mod documentation;
pub mod naming;
pub mod network_exposure;
pub mod security;
pub mod state_locking;

pub mod test_suites;
#[cfg(test)]
pub(crate) mod testing;
pub mod validity;
