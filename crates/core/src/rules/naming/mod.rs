//! Naming collisions (RUBRIC.md 3.4): names that must be unique in their scope, written as
//! fixed strings, so that a second deployment fails with "already exists".
