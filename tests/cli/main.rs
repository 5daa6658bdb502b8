//! End-to-end tests of the `tfgrade` command line: each case is a command line, the
//! fixture it runs on (under `tests/fixtures/cli/`), the exit code, and what standard output
//! and standard error must hold.

/// Declares one `#[test]` per case of a table.
macro_rules! cases {
    ($($name:ident: $case:expr,)*) => {
        $(
            #[test]
            fn $name() {
                $case.check();
            }
        )*
    };
}

mod harness;

mod check;
mod fix;
mod review;
mod rules;
