//! tfgrade's core: reads a submission (Terraform, markdown responses, task bundles),
//! evaluates its configurations, checks them against the failure rubric and produces a
//! report with exact source ranges and fixes. Pure: no I/O, no terminal, no wasm-bindgen.
//!
//! ```
//! use tfgrade_core::{InputFile, Options, grade};
//! let tf = r#"resource "aws_security_group" "web" {
//!   ingress {
//!     from_port   = 22
//!     to_port     = 22
//!     protocol    = "tcp"
//!     cidr_blocks = ["0.0.0.0/0"]
//!   }
//! }"#;
//! let report = grade(vec![InputFile::new("main.tf", tf)], &Options::default()).report();
//! let ssh = report.findings.iter().find(|f| f.code == "TFG201").unwrap();
//! assert_eq!(ssh.location.line, 6);
//! ```

pub mod analysis;
pub mod bundle;
pub mod check;
pub mod configuration;
pub mod edit;
pub mod eval;
pub mod facts;
pub mod finding;
pub mod fix;
pub mod json_config;
pub mod markdown;
mod names;
mod paths;
mod pipeline;
pub mod prose;
pub mod rating;
mod recovery;
pub mod registry;
pub mod report;
pub mod review;
pub mod rules;
pub mod schema;
pub mod segment;
pub mod source;
pub mod submission;
mod suppression;
pub mod value;

pub use finding::{Applicability, Severity};
pub use fix::{grade_estimate, report_with_estimate};
pub use pipeline::{Graded, Options, grade, grade_pair};
pub use report::Report;
pub use submission::{InputFile, Limits, Submission};
