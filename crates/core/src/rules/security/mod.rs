//! Security and quality (RUBRIC.md 3.6): encryption, IAM, secrets, public exposure, high
//! availability, tags and logging, one folder per area.

pub mod availability;
pub mod cloudtrail;
pub mod dynamodb;
pub mod ec2;
pub mod flag_rule;
pub mod iam;
pub mod kms;
pub mod logs;
pub mod s3;
pub mod secrets;
pub mod tags;

/// Shared test helpers for the checks of this family.
#[cfg(test)]
pub(crate) mod testing {
    pub use crate::rules::testing::*;
}

#[cfg(test)]
mod tests {
    use super::testing::findings;
    use crate::fix::FixSet;
    use crate::{InputFile, Options, grade};

    /// Blocks written on one line, empty bodies, comments and unusual values: the checks of
    /// this family neither panic nor produce a fix that does not parse.
    #[test]
    fn odd_shapes_give_parseable_fixes() {
        let odd = [
            r#"resource "aws_cloudtrail" "t" {}"#,
            r#"resource "aws_cloudtrail" "t" { name = "t" }"#,
            "resource \"aws_cloudtrail\" \"t\" {\n}\n",
            "resource \"aws_cloudtrail\" \"t\" {\n  name = \"t\" # the trail\n}",
            "resource \"aws_cloudwatch_log_group\" \"g\" {\n  name = <<EOT\n/a\nEOT\n}\n",
            "resource \"aws_instance\" \"i\" {\n  metadata_options {}\n}\n",
            "resource \"aws_instance\" \"i\" {\n  metadata_options {\n  }\n}",
            "resource \"aws_db_instance\" \"d\" {\n  password = \"pässwörd-ünïcode\"\n  availability_zone = \"x\"}\n",
            "variable \"db_password\" { default = \"hunter2hunter2\" }",
            "locals { api_token = \"-----BEGIN PRIVATE KEY-----\" }",
            "locals { k = \"AKIAABCDEFGHIJKLMNO\" }",
            "resource \"aws_subnet\" \"s\" {\n  count = -1\n}\n",
            "resource \"aws_instance\" \"i\" {\n  subnet_id = aws_subnet.s[99].id\n}\nresource \"aws_subnet\" \"s\" {\n  for_each = {}\n}\n",
        ];
        for tf in odd {
            let _ = findings(tf);
            let graded = grade(vec![InputFile::new("main.tf", tf)], &Options::default());
            let outcome = graded.fix(FixSet::All);
            for file in outcome.files {
                assert!(
                    hcl_edit::parser::parse_body(&file.fixed).is_ok(),
                    "{tf}\n---\n{}",
                    file.fixed
                );
            }
        }
    }
}
