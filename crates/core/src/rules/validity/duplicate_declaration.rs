//! TFG702 `duplicate-declaration`.

use std::collections::HashMap;
use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::expr::Expression;

use crate::analysis::Analyzed;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::edit::header_range;
use crate::finding::{Category, Family, Finding, Related, Severity};
use crate::submission::UnitId;

pub static CHECK: Check = Check {
    code: "TFG702",
    name: "duplicate-declaration",
    family: Family::Validity,
    severity: Severity::High,
    category: Category::C,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds addresses declared twice in one configuration: two resources or data \
               sources of one type and name, two variables, outputs, locals or module calls \
               of one name, two default (or equally aliased) configurations of one \
               provider, and two `required_providers` blocks or two backends in one \
               configuration. (An argument set twice in one block is a syntax error.)",
        why: "`terraform validate` rejects the configuration (\"Duplicate resource \
              configuration\", \"Duplicate provider configuration\"). It happens when a response repeats a block in two files, or \
              adds a `provider \"aws\"` block that the task's template already has.",
        example: r#"# provider.tf
provider "aws" {
  region = var.aws_region
}

# main.tf
provider "aws" {
  region = "us-east-1"
}"#,
        use_instead: r#"# provider.tf
provider "aws" {
  region = var.aws_region
}"#,
        fix: "None: which of the two to keep is a judgement. The finding names both places.",
        limitations: "In a markdown response, a file shown twice under the same name is \
                      read as a revision, not a duplicate; files under `modules/` are their \
                      own module.",
    },
    run: Run::Configuration(run),
};

/// Where something was declared first.
struct Declaration {
    unit: UnitId,
    range: Range<usize>,
}

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    if !super::judged(config) {
        return;
    }
    let mut seen: HashMap<(String, String), Declaration> = HashMap::new();
    for &(unit, body) in &config.bodies {
        let name = &config.submission.unit(unit).name;
        let scope = module_scope(name, config.from_response());
        for block in body.blocks() {
            let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
            let mut declare = |what: String, range: Range<usize>, address: String| {
                let key = (scope.clone(), what.clone());
                match seen.get(&key) {
                    Some(first) if revision(config, (first.unit, &first.range), (unit, &range)) => {
                    }
                    Some(first) => out.push(
                        CHECK
                            .finding(unit, range, format!("{what} is declared twice"))
                            .with_resource(address)
                            .with_related(Related {
                                unit: first.unit,
                                range: first.range.clone(),
                                note: "declared first here".into(),
                            }),
                    ),
                    None => {
                        seen.insert(key, Declaration { unit, range });
                    }
                }
            };
            let header = header_range(block);
            match (block.ident.as_str(), labels.as_slice()) {
                ("resource", [t, n]) => {
                    declare(format!("resource `{t}.{n}`"), header, format!("{t}.{n}"))
                }
                ("data", [t, n]) => declare(
                    format!("data source `data.{t}.{n}`"),
                    header,
                    format!("data.{t}.{n}"),
                ),
                ("variable", [n]) => declare(format!("variable `{n}`"), header, format!("var.{n}")),
                ("output", [n]) => declare(format!("output `{n}`"), header, format!("output.{n}")),
                ("module", [n]) => {
                    declare(format!("module call `{n}`"), header, format!("module.{n}"))
                }
                ("provider", [n]) => {
                    let alias = match block.body.get_attribute("alias").map(|a| &a.value) {
                        Some(Expression::String(s)) => Some(s.value().to_string()),
                        Some(_) => continue,
                        None => None,
                    };
                    let what = match &alias {
                        Some(a) => format!("provider configuration `{n}.{a}`"),
                        None => format!("default configuration of provider `{n}`"),
                    };
                    let address = match &alias {
                        Some(a) => format!("provider.{n}.{a}"),
                        None => format!("provider.{n}"),
                    };
                    declare(what, header, address);
                }
                ("terraform", []) => {
                    for nested in block.body.blocks() {
                        let what = match nested.ident.as_str() {
                            "required_providers" => "the `required_providers` block".to_owned(),
                            "backend" | "cloud" => {
                                "the backend (`backend` or `cloud` block)".to_owned()
                            }
                            _ => continue,
                        };
                        let address = format!("terraform.{}", nested.ident.as_str());
                        declare(what, header_range(nested), address);
                    }
                }
                ("locals", []) => {
                    for attr in block.body.attributes() {
                        let key = attr.key.as_str();
                        declare(
                            format!("local value `{key}`"),
                            attr.key.span().unwrap_or(0..0),
                            format!("local.{key}"),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

/// The configuration a unit's declarations belong to. Plain files: their configuration is
/// their directory, so one scope. A response's virtual files: their directory, a leading
/// `lib/` aside (a response names `lib/main.tf` and `provider.tf` for one configuration),
/// so that `modules/vpc/` and `environments/dev/` are scopes of their own.
fn module_scope(name: &str, from_response: bool) -> String {
    if !from_response {
        return String::new();
    }
    let name = name.strip_prefix("lib/").unwrap_or(name);
    name.rfind('/')
        .map_or_else(String::new, |i| name[..i].to_owned())
}

/// Two code blocks of a response that declare the same thing are one declaration shown
/// twice, not two, unless both are named as different files (`provider.tf` and `main.tf`,
/// which a reader copies into two files). Blocks of one name are one unit, each block a
/// revision of the one before (a fence between the two places tells them apart); an
/// unnamed block restates code shown elsewhere (a draft in the reasoning, then the answer).
fn revision(
    config: &Analyzed<'_, '_>,
    (first, at): (UnitId, &Range<usize>),
    (second, range): (UnitId, &Range<usize>),
) -> bool {
    if !config.from_response() {
        return false;
    }
    let submission = config.submission;
    if first != second {
        let unnamed = |u: UnitId| {
            let name = crate::paths::file_name(&submission.unit(u).name);
            name.starts_with("block-") || name.is_empty()
        };
        return unnamed(first) || unnamed(second);
    }
    let unit = submission.unit(first);
    let file = submission.file(unit.file);
    let (a, b) = (
        unit.to_file_offset(at.start),
        unit.to_file_offset(range.start),
    );
    file.text
        .get(a.min(b)..a.max(b))
        .is_some_and(|between| between.contains("```") || between.contains("~~~"))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{assert_reports, assert_silent, codes_of};

    #[test]
    fn reports_declarations_made_twice() {
        assert_reports(
            "TFG702",
            &[
                "resource \"aws_s3_bucket\" \"r\" {}\nresource \"aws_s3_bucket\" \"r\" {}\n",
                "provider \"aws\" {\n  region = \"us-east-1\"\n}\nprovider \"aws\" {\n  region = \"us-west-2\"\n}\n",
                "variable \"a\" {}\nvariable \"a\" {}\noutput \"o\" {\n  value = 1\n}\noutput \"o\" {\n  value = 2\n}\n",
                "locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\n",
                "terraform {\n  required_providers {}\n  backend \"s3\" {}\n}\nterraform {\n  required_providers {}\n  backend \"local\" {}\n}\n",
            ],
        );
    }

    #[test]
    fn distinct_declarations_pass() {
        assert_silent(
            "TFG702",
            &[
                "resource \"aws_s3_bucket\" \"r\" {}\nresource \"aws_s3_object\" \"r\" {}\ndata \"aws_s3_bucket\" \"r\" {}\n",
                "provider \"aws\" {}\nprovider \"aws\" {\n  alias = \"west\"\n}\n",
            ],
        );
    }

    #[test]
    fn duplicates_across_files_of_a_directory_count_and_a_response_revision_does_not() {
        let twice = "resource \"aws_s3_bucket\" \"r\" {}\n";
        assert!(codes_of(&[("a.tf", twice), ("b.tf", twice)]).contains(&"TFG702"));
        assert!(!codes_of(&[("a/main.tf", twice), ("b/main.tf", twice)]).contains(&"TFG702"));
        let response = format!(
            "## main.tf\n```hcl\n{twice}```\n\nRevised:\n\n## main.tf\n```hcl\n{twice}```\n\n## modules/a/main.tf\n```hcl\n{twice}```\n"
        );
        assert!(
            !codes_of(&[("MODEL_RESPONSE.md", &response)]).contains(&"TFG702"),
            "a revision and a module's own block are not duplicates"
        );
        // Code restated in an unnamed block, and two environments' roots.
        let restated = format!(
            "Draft:\n```hcl\n{twice}```\n\nFinal answer:\n```hcl\n{twice}```\n\n## lib/environments/dev/main.tf\n```hcl\n{twice}```\n\n## lib/environments/prod/main.tf\n```hcl\n{twice}```\n"
        );
        assert!(!codes_of(&[("MODEL_RESPONSE.md", &restated)]).contains(&"TFG702"));
        // Two named files of one configuration: a duplicate.
        let two_files =
            format!("## provider.tf\n```hcl\n{twice}```\n\n## lib/main.tf\n```hcl\n{twice}```\n");
        assert!(codes_of(&[("MODEL_RESPONSE.md", &two_files)]).contains(&"TFG702"));
    }
}
