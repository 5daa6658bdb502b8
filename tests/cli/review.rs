//! `tfgrade review`: a draft MODEL_FAILURES.md from a bundle's pair and rating.

use crate::harness::Case;

cases! {
    // The seed scenario: its fixes numbered, SSH still open through the variable default,
    // and the guide's 10 where the review says 8.
    review_drafts_the_seed_scenario: Case {
        args: &["review", "../bundles/seed-scenario"],
        code: 0,
        stdout: &[
            "# Model Failures Analysis",
            "### 1. **S3 backend without locking** (TFG101, category A)",
            "**Fix Applied**: the ideal no longer has it",
            "## Still Open in the Ideal",
            "`aws_security_group.bastion` admits SSH (port 22) from `0.0.0.0/0`",
            "training value of **10/10** (pass)",
        ],
        ..Case::DEFAULT
    },
    // A loose file holds no pair: a clear error, tfgrade's own exit code.
    review_of_a_loose_file_says_there_is_no_pair: Case {
        args: &["review", "open_literal.tf"],
        code: 2,
        stderr: &["is not a task bundle with a model response"],
        ..Case::DEFAULT
    },
}
