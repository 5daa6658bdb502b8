//! What a file's path says about it: its name, and whether it names a test.

/// The last component of a `/`-separated path.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Whether a file's name is that of a test: Jest or Mocha (`*.test.ts`, `*.spec.ts`), Go
/// (`*_test.go`), pytest (`test_*.py`, `*_test.py`) or Terraform's own (`*.tftest.hcl`).
pub fn is_test_file(path: &str) -> bool {
    let lower = file_name(path).to_ascii_lowercase();
    let ends = |suffix: &str| lower.ends_with(suffix);
    ends(".test.ts")
        || ends(".test.js")
        || ends(".test.tsx")
        || ends(".spec.ts")
        || ends("_test.go")
        || ends(".tftest.hcl")
        || (lower.starts_with("test_") && ends(".py"))
        || ends("_test.py")
}
