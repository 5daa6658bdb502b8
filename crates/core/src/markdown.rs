//! Markdown responses: their fenced Terraform becomes virtual files (RUBRIC.md 1).
//!
//! Blocks tagged `hcl`, `terraform` or `tf` are taken, untagged blocks that parse as HCL
//! with at least one block, and `json` blocks named after a JSON configuration file
//! (`lib/variables.tf.json`), which are read as JSON configuration syntax. Each takes the name of the path that precedes it (a
//! heading, a line of prose, or a comment on its own first line such as `# lib/main.tf`),
//! else `block-N.tf`. Blocks sharing a name are one file, in order. Segments map every
//! byte of a virtual file back to the markdown text the user gave.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::segment::Segment;

/// A virtual file assembled from code blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtualFile {
    pub name: String,
    pub text: String,
    pub segments: Vec<Segment>,
    /// The whole markdown file is raw HCL without fences.
    pub whole_file: bool,
}

struct Block {
    lang: String,
    info_name: Option<String>,
    segments: Vec<std::ops::Range<usize>>,
    /// The test file named in the prose before the block (`## test/main.int.test.ts`).
    preceding_test_name: Option<String>,
}

/// The Terraform code files held by a markdown text. Raw HCL without fences is one file.
pub fn code_files(text: &str) -> Vec<VirtualFile> {
    let blocks = fenced_blocks(text);
    let mut files: Vec<VirtualFile> = Vec::new();
    let mut taken = 0;
    for (block, preceding_name) in blocks {
        let code: String = block.segments.iter().map(|r| &text[r.clone()]).collect();
        let named = first_line_name(&code)
            .or(block.info_name)
            .or(preceding_name);
        // A `json` block is Terraform when it is named after a JSON configuration file.
        let json_config = block.lang == "json" && named.as_deref().is_some_and(is_json_config);
        if !json_config && !is_terraform_block(&block.lang, &code) {
            continue;
        }
        taken += 1;
        // An unnamed block of values only (`region = "us-east-1"`) shows a variables file.
        let name = named.unwrap_or_else(|| {
            let values = block.lang == "tfvars" || holds_only_values(&code);
            format!("block-{taken}.{}", if values { "tfvars" } else { "tf" })
        });
        append_block(&mut files, name, text, block.segments);
    }
    if files.is_empty() && looks_like_raw_hcl(text) {
        files.push(VirtualFile {
            name: String::new(),
            text: text.to_owned(),
            segments: vec![Segment {
                unit_start: 0,
                file_start: 0,
                len: text.len(),
            }],
            whole_file: true,
        });
    }
    files
}

/// Whether a markdown text holds Terraform code (so that it is a response, not a doc).
pub fn holds_code(text: &str) -> bool {
    fenced_blocks(text).into_iter().any(|(block, _)| {
        let code: String = block.segments.iter().map(|r| &text[r.clone()]).collect();
        is_terraform_block(&block.lang, &code)
    })
}

/// Fenced code blocks with the file name mentioned in the prose before each.
fn fenced_blocks(text: &str) -> Vec<(Block, Option<String>)> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    let mut last_name: Option<String> = None;
    let mut last_test_name: Option<String> = None;
    let mut in_prose = false;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let mut words = info.split_whitespace();
                let lang = words.next().unwrap_or("").to_ascii_lowercase();
                let info_name = words.find_map(path_token);
                current = Some(Block {
                    lang,
                    info_name,
                    segments: Vec::new(),
                    preceding_test_name: last_test_name.take(),
                });
            }
            Event::Text(_) if current.is_some() => {
                if let Some(block) = current.as_mut() {
                    block.segments.push(range);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = current.take() {
                    out.push((block, last_name.take()));
                }
            }
            Event::Start(Tag::Heading { .. } | Tag::Paragraph | Tag::Item) => in_prose = true,
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item) => in_prose = false,
            Event::Text(t) | Event::Code(t) if in_prose => {
                if let Some(name) = t.split_whitespace().find_map(path_token) {
                    last_name = Some(name);
                }
                if let Some(name) = t.split_whitespace().find_map(test_path_token) {
                    last_test_name = Some(name);
                }
            }
            _ => {}
        }
    }
    out
}

fn is_terraform_block(lang: &str, code: &str) -> bool {
    match lang {
        "hcl" | "terraform" | "tf" | "tfvars" => true,
        "" => hcl_edit::parser::parse_body(code).is_ok_and(|body| body.blocks().next().is_some()),
        _ => false,
    }
}

/// Whether code holds arguments and no block: the values of a `.tfvars` file.
fn holds_only_values(code: &str) -> bool {
    hcl_edit::parser::parse_body(code)
        .is_ok_and(|body| body.blocks().next().is_none() && body.attributes().next().is_some())
}

/// A JSON configuration or variables file name: `lib/variables.tf.json`.
fn is_json_config(name: &str) -> bool {
    name.ends_with(".tf.json") || name.ends_with(".tfvars.json")
}

/// `# lib/main.tf`, `// main.tf` or `# File: main.tf` as the first line of a block.
fn first_line_name(code: &str) -> Option<String> {
    let first = code.lines().next()?.trim();
    let comment = first
        .strip_prefix('#')
        .or_else(|| first.strip_prefix("//"))?;
    let words: Vec<&str> = comment.split_whitespace().collect();
    // A path with a description after a dash: `# main.tf - the network`.
    if let [path, "-" | "–" | "—", ..] = words.as_slice()
        && let Some(name) = path_token(path)
    {
        return Some(name);
    }
    // A short comment that is only a path (optionally after a label), not prose.
    if words.len() > 3 {
        return None;
    }
    words.into_iter().find_map(path_token)
}

/// A word that names a Terraform file, stripped of markdown decoration.
fn path_token(word: &str) -> Option<String> {
    let word = word.trim_matches(|c: char| {
        matches!(
            c,
            '`' | '*' | '_' | '"' | '\'' | ':' | '(' | ')' | ',' | '[' | ']'
        )
    });
    let word = word
        .strip_prefix("title=")
        .or_else(|| word.strip_prefix("file="))
        .unwrap_or(word)
        .trim_matches('"');
    let is_path = [".tf", ".tfvars", ".tf.json", ".tfvars.json", ".tfbackend"]
        .iter()
        .any(|ext| word.len() > ext.len() && word.ends_with(ext));
    let plausible = word
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '_' | '-'));
    (is_path && plausible).then(|| word.trim_start_matches("./").to_owned())
}

/// Appends a code block (its ranges in `text`) to the virtual file `name`, a new one or the
/// one of that name so far: blocks sharing a name are one file, in order.
fn append_block(
    files: &mut Vec<VirtualFile>,
    name: String,
    text: &str,
    segments: Vec<std::ops::Range<usize>>,
) {
    let file = match files.iter_mut().position(|f| f.name == name) {
        Some(i) => &mut files[i],
        None => {
            files.push(VirtualFile {
                name,
                text: String::new(),
                segments: Vec::new(),
                whole_file: false,
            });
            files.last_mut().expect("just pushed")
        }
    };
    if !file.text.is_empty() && !file.text.ends_with('\n') {
        file.text.push('\n');
    }
    for range in segments {
        file.segments.push(Segment {
            unit_start: file.text.len(),
            file_start: range.start,
            len: range.len(),
        });
        file.text.push_str(&text[range]);
    }
}

/// A test file shown in a response: a fenced block in a test language (TypeScript,
/// JavaScript, Python, Go) named after a test file by its first comment line, its info
/// string or the prose before it. Blocks sharing a name are one file, in order.
pub fn test_files(text: &str) -> Vec<VirtualFile> {
    let mut files: Vec<VirtualFile> = Vec::new();
    for (block, _) in fenced_blocks(text) {
        if !matches!(
            block.lang.as_str(),
            "typescript" | "ts" | "javascript" | "js" | "python" | "py" | "go" | "golang"
        ) {
            continue;
        }
        let code: String = block.segments.iter().map(|r| &text[r.clone()]).collect();
        let first_line_test_name = code.lines().next().and_then(|first| {
            let first = first.trim();
            let comment = first
                .strip_prefix("//")
                .or_else(|| first.strip_prefix('#'))?;
            let words: Vec<&str> = comment.split_whitespace().collect();
            (words.len() <= 3)
                .then(|| words.into_iter().find_map(test_path_token))
                .flatten()
        });
        let Some(name) = first_line_test_name
            .or_else(|| block.info_name.as_deref().and_then(test_path_token))
            .or(block.preceding_test_name)
        else {
            continue;
        };
        append_block(&mut files, name, text, block.segments);
    }
    files
}

/// A word that names a test file (`test/terraform.int.test.ts`, `tests/test_stack.py`).
fn test_path_token(word: &str) -> Option<String> {
    let word = word.trim_matches(|c: char| {
        matches!(
            c,
            '`' | '*' | '"' | '\'' | ':' | '(' | ')' | ',' | '[' | ']'
        )
    });
    let plausible = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '_' | '-'));
    (plausible && crate::paths::is_test_file(word))
        .then(|| word.trim_start_matches("./").to_owned())
}

/// Raw HCL pasted into a response file without fences: its first meaningful line opens a
/// Terraform block.
pub fn looks_like_raw_hcl(text: &str) -> bool {
    const KEYWORDS: [&str; 8] = [
        "terraform",
        "provider",
        "resource",
        "data",
        "variable",
        "locals",
        "module",
        "output",
    ];
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("//"))
        .is_some_and(|line| {
            let word = line
                .split(|c: char| c.is_whitespace() || c == '{' || c == '"')
                .next()
                .unwrap_or("");
            KEYWORDS.contains(&word)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_named_by_the_preceding_heading_or_comment() {
        let md = "# Answer\n\n### `lib/provider.tf`\n\n```hcl\nprovider \"aws\" {}\n```\n\nThen:\n\n```terraform\n# lib/main.tf\nresource \"a\" \"b\" {}\n```\n\n```hcl\nresource \"c\" \"d\" {}\n```\n";
        let files = code_files(md);
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["lib/provider.tf", "lib/main.tf", "block-3.tf"]);
    }

    #[test]
    fn an_unnamed_block_of_values_only_is_a_variables_file() {
        let md = "```hcl\nregion = \"us-east-1\"\nzones  = 2\n```\n\n```hcl\nvariable \"region\" {}\n```\n";
        let names: Vec<String> = code_files(md).into_iter().map(|f| f.name).collect();
        assert_eq!(names, ["block-1.tfvars", "block-2.tf"]);
    }

    #[test]
    fn a_first_line_path_with_a_description_names_its_block() {
        let md = "Uses provider.tf.\n\n```hcl\n# tap_stack.tf - the whole stack\nresource \"a\" \"b\" {}\n```\n\n```hcl\n# this file - and more words here\nresource \"c\" \"d\" {}\n```\n";
        let names: Vec<String> = code_files(md).into_iter().map(|f| f.name).collect();
        assert_eq!(names, ["tap_stack.tf", "block-2.tf"]);
    }

    #[test]
    fn a_backend_configuration_file_names_its_block() {
        let md = "## lib/backend.s3.tfbackend\n\n```hcl\nuse_lockfile = true\n```\n\n```hcl\n# prod.s3.tfbackend\nbucket = \"b\"\n```\n";
        let names: Vec<String> = code_files(md).into_iter().map(|f| f.name).collect();
        assert_eq!(names, ["lib/backend.s3.tfbackend", "prod.s3.tfbackend"]);
    }

    #[test]
    fn blocks_with_the_same_name_are_one_file_and_map_back() {
        let md = "main.tf:\n```hcl\na = 1\n```\nmore of main.tf:\n```hcl\nb = 2\n```\n";
        let files = code_files(md);
        assert_eq!(files.len(), 1);
        let file = &files[0];
        assert_eq!(file.text, "a = 1\nb = 2\n");
        // `b` in the virtual file maps to `b` in the markdown.
        let b_unit = file.text.find('b').unwrap();
        let seg = file
            .segments
            .iter()
            .rev()
            .find(|s| s.unit_start <= b_unit)
            .unwrap();
        assert_eq!(&md[seg.file_start + (b_unit - seg.unit_start)..][..1], "b");
    }

    #[test]
    fn other_languages_are_skipped_and_untagged_hcl_is_taken() {
        let md = "```bash\nterraform init\n```\n\n```\nresource \"x\" \"y\" {}\n```\n\n```\nnot hcl at all {\n```\n";
        let files = code_files(md);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].text, "resource \"x\" \"y\" {}\n");
    }

    #[test]
    fn raw_hcl_without_fences_is_one_file() {
        let text = "terraform {\n  required_version = \">= 1.5\"\n}\n";
        let files = code_files(text);
        assert_eq!(files.len(), 1);
        assert!(files[0].whole_file);
        assert!(code_files("Just some prose about Terraform.").is_empty());
    }

    #[test]
    fn path_tokens_ignore_prose() {
        assert_eq!(path_token("`main.tf`"), Some("main.tf".to_owned()));
        assert_eq!(
            path_token("**lib/tap_stack.tf**:"),
            Some("lib/tap_stack.tf".to_owned())
        );
        assert_eq!(path_token(".tf"), None);
        assert_eq!(path_token("Terraform"), None);
    }
}
