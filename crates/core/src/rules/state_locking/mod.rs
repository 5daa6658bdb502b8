//! State locking (RUBRIC.md 3.1): an S3 backend must lock its state, and a lock table in
//! the configuration must be fit for it.
