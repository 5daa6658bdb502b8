//! What a user hands us (RUBRIC.md 1): named files, each with one role, decoded to text,
//! and the *units* cut from them: each Terraform file is one unit, each markdown response
//! gives one unit per named virtual file made of its fenced code blocks.

use std::ops::Range;

use serde::Serialize;

use crate::markdown;
use crate::paths::{file_name, is_test_file};
use crate::segment::{Segment, compose, map_offset, map_range};
use crate::source::LineIndex;

/// Inputs larger than this are graded only when the caller raises the limit.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 50 * 1024 * 1024;

/// One file as the user gave it.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Path relative to what was checked, with `/` separators (`lib/main.tf`), or a name
    /// for pasted text.
    pub path: String,
    pub bytes: Vec<u8>,
    /// Why the caller did not read this file (too large, unreadable): it is reported as an
    /// error rather than lost.
    pub refused: Option<String>,
}

impl InputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            path: path.into(),
            bytes: bytes.into(),
            refused: None,
        }
    }

    /// A file the caller could not or would not read, with the reason.
    pub fn refused(path: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            bytes: Vec::new(),
            refused: Some(reason.into()),
        }
    }
}

/// Index of a file of the submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub u32);

/// Index of a unit: a parsed HCL text (a file, or the code blocks of a markdown file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct UnitId(pub u32);

/// The single role of a file (RUBRIC.md 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Terraform,
    Response,
    Test,
    Doc,
    Metadata,
    Outputs,
    Other,
}

/// The syntax a unit is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Syntax {
    /// Native HCL configuration (.tf, code blocks).
    Hcl,
    /// Attributes only: variable values (.tfvars) and backend settings (.tfbackend).
    Tfvars,
    /// JSON configuration syntax (.tf.json, .tfvars.json). The unit's text is the HCL it
    /// stands for ([`crate::json_config`]); its segments map into the JSON the user wrote.
    /// Fixes never edit such a unit.
    Json,
    /// Not parsed as configuration; the text is kept for checks that read it (test files).
    Text,
}

/// A decoded file of the submission.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub role: Role,
    /// Decoded text without a byte-order mark; empty when the bytes are not text.
    pub text: String,
    pub line_index: LineIndex,
}

/// A text parsed as one HCL (or JSON) file: a whole file, or a markdown file's code blocks
/// that share a name.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: UnitId,
    pub file: FileId,
    /// The virtual file name (`lib/main.tf`, `block-2.tf`); for a plain file, its path.
    pub name: String,
    /// Whether this unit is cut from a markdown file.
    pub is_virtual: bool,
    pub syntax: Syntax,
    pub text: String,
    pub segments: Vec<Segment>,
    /// The configuration this unit belongs to (index into [`Submission::configs`]);
    /// [`NO_CONFIGURATION`] for text units, which belong to none.
    pub config: usize,
}

impl Unit {
    /// Maps a byte offset of the unit to the byte offset in its file.
    pub fn to_file_offset(&self, offset: usize) -> usize {
        map_offset(&self.segments, offset)
    }

    /// Maps a byte range of the unit to its file.
    pub fn to_file_range(&self, range: &Range<usize>) -> Range<usize> {
        map_range(&self.segments, range)
    }
}

/// The `config` of a unit that belongs to no configuration (a test file).
pub const NO_CONFIGURATION: usize = usize::MAX;

/// A set of units evaluated together, never merged with another (RUBRIC.md 1).
#[derive(Debug, Clone, Serialize)]
pub struct ConfigGroup {
    /// `lib`, `.` or the response file's path.
    pub name: String,
    #[serde(skip)]
    pub units: Vec<UnitId>,
    /// Whether this configuration comes from a markdown response.
    pub from_response: bool,
}

/// An input problem: a file that is not text, too large, or does not parse.
#[derive(Debug, Clone)]
pub struct InputError {
    pub file: FileId,
    /// Byte range in the file.
    pub range: Range<usize>,
    pub unit: Option<UnitId>,
    pub message: String,
}

/// A decoded submission, ready to parse.
#[derive(Debug, Clone)]
pub struct Submission {
    pub files: Vec<SourceFile>,
    pub units: Vec<Unit>,
    pub configs: Vec<ConfigGroup>,
    pub errors: Vec<InputError>,
    /// A task bundle (metadata.json, PROMPT.md, tests or lib/): the tests and documentation
    /// families apply.
    pub is_bundle: bool,
    /// Two loose inputs graded as a pair ([`Submission::pair`]): configurations under
    /// `model/` are the model response, under `ideal/` the ideal.
    pub pair: bool,
    /// The pair is one response against itself with every automatic fix applied
    /// ([`crate::grade_estimate`]): its rating is an estimate.
    pub estimate: bool,
}

/// Limits on what is graded.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_input_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
        }
    }
}

impl Submission {
    /// The file of a bundle with this name: `lib/<name>` first, else the shallowest file of
    /// that name.
    pub fn find_document(&self, name: &str) -> Option<(FileId, &SourceFile)> {
        let mut candidates: Vec<(usize, &SourceFile)> = self
            .files
            .iter()
            .enumerate()
            .filter(|(_, f)| file_name(&f.path) == name)
            .collect();
        candidates
            .sort_by_key(|(_, f)| (f.path != format!("lib/{name}"), f.path.matches('/').count()));
        candidates.first().map(|&(i, f)| (FileId(i as u32), f))
    }

    /// Whether the submission is a task bundle that should carry its documents: it has a
    /// prompt, metadata or a model response (a folder with only `lib/*.tf` is not one).
    pub fn expects_documents(&self) -> bool {
        self.is_bundle
            && self.files.iter().any(|f| {
                f.role == Role::Metadata
                    || matches!(file_name(&f.path), "PROMPT.md" | "MODEL_RESPONSE.md")
            })
    }

    pub fn new(inputs: Vec<InputFile>, limits: Limits) -> Self {
        let mut submission = Submission {
            files: Vec::with_capacity(inputs.len()),
            units: Vec::new(),
            configs: Vec::new(),
            errors: Vec::new(),
            is_bundle: false,
            pair: false,
            estimate: false,
        };
        let mut total = 0usize;
        // A lone text may be any pasted markdown response; among several files (a folder,
        // a bundle) markdown is a response only when its name says so.
        let alone = inputs.len() == 1;
        // A bundle's EXPECTED.md is the reviewer's verdict on it, never part of it.
        let inputs: Vec<InputFile> = if alone {
            inputs
        } else {
            inputs
                .into_iter()
                .filter(|input| normalize_path(&input.path) != "EXPECTED.md")
                .collect()
        };
        for input in inputs {
            let id = FileId(submission.files.len() as u32);
            total = total.saturating_add(input.bytes.len());
            let path = normalize_path(&input.path);
            let text = if let Some(reason) = &input.refused {
                submission.errors.push(InputError {
                    file: id,
                    range: 0..0,
                    unit: None,
                    message: reason.clone(),
                });
                String::new()
            } else if total > limits.max_input_bytes {
                submission.errors.push(InputError {
                    file: id,
                    range: 0..0,
                    unit: None,
                    message: format!(
                        "input is larger than the limit of {}; not graded",
                        human_size(limits.max_input_bytes)
                    ),
                });
                String::new()
            } else {
                match decode(&input.bytes) {
                    Ok(text) => text,
                    // Files of no role (archives, images) need no text: not an error.
                    Err(_) if role_of(&path, "", alone) == Role::Other => String::new(),
                    Err(DecodeError { offset, message }) => {
                        submission.errors.push(InputError {
                            file: id,
                            range: offset..offset,
                            unit: None,
                            message,
                        });
                        // Kept only to locate the error: the bytes before `offset` are
                        // valid, so its line and column are right.
                        String::from_utf8_lossy(&input.bytes[..offset.min(input.bytes.len())])
                            .into_owned()
                    }
                }
            };
            let role = role_of(&path, &text, alone);
            submission.files.push(SourceFile {
                line_index: LineIndex::new(&text),
                path,
                role,
                text,
            });
        }
        submission.is_bundle = submission.files.iter().any(|f| {
            matches!(f.role, Role::Metadata | Role::Test)
                || file_name(&f.path) == "PROMPT.md"
                || f.path.starts_with("lib/")
                || f.path.contains("/lib/")
        });
        submission.cut_units();
        submission
    }

    /// A model response and an ideal given as loose inputs (each a file or a folder): their
    /// files go under `model/` and `ideal/`. A lone markdown file of either side is its
    /// response (`model/MODEL_RESPONSE.md`, `ideal/IDEAL_RESPONSE.md`), whatever its name.
    pub fn pair(model: Vec<InputFile>, ideal: Vec<InputFile>, limits: Limits) -> Self {
        fn side(files: Vec<InputFile>, prefix: &str, response: &str) -> Vec<InputFile> {
            let lone = files.len() == 1;
            files
                .into_iter()
                .map(|mut f| {
                    let markdown = f.path.to_ascii_lowercase().ends_with(".md");
                    f.path = if lone && markdown {
                        format!("{prefix}/{response}")
                    } else {
                        format!("{prefix}/{}", f.path)
                    };
                    f
                })
                .collect()
        }
        let mut files = side(model, "model", "MODEL_RESPONSE.md");
        files.extend(side(ideal, "ideal", "IDEAL_RESPONSE.md"));
        let mut submission = Self::new(files, limits);
        submission.pair = true;
        submission
    }

    /// One pasted text: raw HCL or markdown holding code.
    pub fn from_text(name: &str, text: &str) -> Self {
        Self::new(
            vec![InputFile::new(name, text.as_bytes())],
            Limits::default(),
        )
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn unit(&self, id: UnitId) -> &Unit {
        &self.units[id.0 as usize]
    }

    fn cut_units(&mut self) {
        // Terraform files: one configuration per directory.
        for (index, file) in self.files.iter().enumerate() {
            let unreadable = self.errors.iter().any(|e| e.file.0 as usize == index);
            if file.role != Role::Terraform || unreadable {
                continue;
            }
            let dir = parent_dir(&file.path);
            let existing = self
                .configs
                .iter()
                .position(|c| !c.from_response && c.name == dir);
            let config = existing.unwrap_or_else(|| {
                self.configs.push(ConfigGroup {
                    name: dir,
                    units: Vec::new(),
                    from_response: false,
                });
                self.configs.len() - 1
            });
            let syntax = syntax_of(&file.path);
            let id = UnitId(self.units.len() as u32);
            let whole = vec![Segment {
                unit_start: 0,
                file_start: 0,
                len: file.text.len(),
            }];
            let (text, segments) = unit_source(
                &mut self.errors,
                (FileId(index as u32), id),
                &file.path,
                syntax,
                file.text.clone(),
                whole,
            );
            let unit = Unit {
                id,
                file: FileId(index as u32),
                name: file.path.clone(),
                is_virtual: false,
                syntax,
                text,
                segments,
                config,
            };
            self.configs[config].units.push(unit.id);
            self.units.push(unit);
        }
        // Backend configuration files complete the backend of a configuration
        // (`terraform init -backend-config=FILE`): read with it, role `other`.
        for (index, file) in self.files.iter().enumerate() {
            let unreadable = self.errors.iter().any(|e| e.file.0 as usize == index);
            if file.role != Role::Other || !is_backend_config(&file.path) || unreadable {
                continue;
            }
            let dir = parent_dir(&file.path);
            let mut from_files = self
                .configs
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.from_response);
            let only = match (from_files.next(), from_files.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            };
            // Its directory's configuration, else the submission's only one (a bundle's
            // backend file kept beside `lib/`).
            let Some(config) = self
                .configs
                .iter()
                .position(|c| !c.from_response && c.name == dir)
                .or(only)
            else {
                continue;
            };
            let unit = Unit {
                id: UnitId(self.units.len() as u32),
                file: FileId(index as u32),
                name: file.path.clone(),
                is_virtual: false,
                syntax: Syntax::Tfvars,
                text: file.text.clone(),
                segments: vec![Segment {
                    unit_start: 0,
                    file_start: 0,
                    len: file.text.len(),
                }],
                config,
            };
            self.configs[config].units.push(unit.id);
            self.units.push(unit);
        }
        // Files read as text by the bundle checks, each a unit of no configuration so that
        // findings on them map the usual way: test files, and the test files a response
        // shows (a fenced block named after a test file); documents and metadata; a
        // response without code (a template left in place), which is a document too.
        for index in 0..self.files.len() {
            if self.errors.iter().any(|e| e.file.0 as usize == index) {
                continue;
            }
            let file = &self.files[index];
            let whole = || markdown::VirtualFile {
                name: file.path.clone(),
                text: file.text.clone(),
                segments: vec![Segment {
                    unit_start: 0,
                    file_start: 0,
                    len: file.text.len(),
                }],
                whole_file: true,
            };
            let pieces = match file.role {
                Role::Test | Role::Doc | Role::Metadata => vec![whole()],
                Role::Response => {
                    let mut pieces = markdown::test_files(&file.text);
                    if markdown::code_files(&file.text).is_empty() {
                        pieces.push(whole());
                    }
                    pieces
                }
                _ => continue,
            };
            // A metadata.json that is not JSON is a located error; the bundle is still
            // graded.
            if file.role == Role::Metadata
                && let Err(e) = serde_json::from_str::<serde_json::Value>(&file.text)
            {
                let offset = file.line_index.offset(&file.text, e.line(), e.column());
                self.errors.push(InputError {
                    file: FileId(index as u32),
                    range: offset..offset,
                    unit: None,
                    message: format!(
                        "metadata.json is not valid JSON: {e}; its fields are not read"
                    ),
                });
            }
            for piece in pieces {
                self.units.push(Unit {
                    id: UnitId(self.units.len() as u32),
                    file: FileId(index as u32),
                    name: piece.name,
                    is_virtual: !piece.whole_file,
                    syntax: Syntax::Text,
                    text: piece.text,
                    segments: piece.segments,
                    config: NO_CONFIGURATION,
                });
            }
        }
        // Responses: each file's code is a configuration of its own.
        for index in 0..self.files.len() {
            let file = &self.files[index];
            // A response that could not be decoded is not graded: its text is only the
            // valid part before the error, kept to locate it.
            let unreadable = self.errors.iter().any(|e| e.file.0 as usize == index);
            if file.role != Role::Response || unreadable {
                continue;
            }
            let virtual_files = markdown::code_files(&file.text);
            if virtual_files.is_empty() {
                continue;
            }
            let path = file.path.clone();
            let config = self.configs.len();
            self.configs.push(ConfigGroup {
                name: path.clone(),
                units: Vec::new(),
                from_response: true,
            });
            for vf in virtual_files {
                let id = UnitId(self.units.len() as u32);
                let syntax = syntax_of(&vf.name);
                let (text, segments) = unit_source(
                    &mut self.errors,
                    (FileId(index as u32), id),
                    &vf.name,
                    syntax,
                    vf.text,
                    vf.segments,
                );
                let unit = Unit {
                    id,
                    file: FileId(index as u32),
                    syntax,
                    name: if vf.whole_file { path.clone() } else { vf.name },
                    is_virtual: !vf.whole_file,
                    text,
                    segments,
                    config,
                };
                self.configs[config].units.push(unit.id);
                self.units.push(unit);
            }
        }
    }
}

/// The HCL that a JSON configuration or variables file stands for (see
/// [`crate::json_config`]), with segments into the user's file, and its problems located
/// in that file (segments and error ranges are file offsets). `segments` map the JSON text
/// (`text`) into the file.
/// The text and segments of a unit: as written, or for JSON syntax the HCL it stands for,
/// whose problems become located errors of `file`.
fn unit_source(
    errors: &mut Vec<InputError>,
    (file, unit): (FileId, UnitId),
    name: &str,
    syntax: Syntax,
    text: String,
    segments: Vec<Segment>,
) -> (String, Vec<Segment>) {
    if syntax != Syntax::Json {
        return (text, segments);
    }
    let t = translate_json(name, &text, &segments);
    errors.extend(t.errors.into_iter().map(|(range, message)| InputError {
        file,
        range,
        unit: Some(unit),
        message,
    }));
    (t.text, t.segments)
}

fn translate_json(name: &str, text: &str, segments: &[Segment]) -> crate::json_config::Translation {
    let kind = if is_json_variables_file(name) {
        crate::json_config::FileKind::Variables
    } else {
        crate::json_config::FileKind::Configuration
    };
    let translation = crate::json_config::translate(text, kind);
    let errors = translation
        .errors
        .into_iter()
        .map(|(range, message)| (map_range(segments, &range), message))
        .collect();
    crate::json_config::Translation {
        segments: compose(&translation.segments, segments),
        text: translation.text,
        errors,
    }
}

struct DecodeError {
    offset: usize,
    message: String,
}

/// The text of a file as grading reads it (after a byte-order mark, UTF-16 made UTF-8), or
/// None when it is not text: what report offsets count in.
pub fn decoded_text(bytes: &[u8]) -> Option<String> {
    decode(bytes).ok()
}

/// Decodes UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark.
/// Binary files and invalid UTF-8 are errors located at the first offending byte.
fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_utf8(rest).map_err(|e| DecodeError {
            offset: e.offset + 3,
            ..e
        });
    }
    let utf16 = |le: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| DecodeError {
            offset: 0,
            message: "file starts with a UTF-16 byte-order mark but is not valid UTF-16".to_owned(),
        })
    };
    match bytes {
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        _ => decode_utf8(bytes),
    }
}

fn decode_utf8(bytes: &[u8]) -> Result<String, DecodeError> {
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError {
            offset: nul,
            message: "binary file (a NUL byte): not graded".to_owned(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => Err(DecodeError {
            offset: e.valid_up_to(),
            message: format!(
                "not UTF-8 text: invalid byte 0x{:02X}; save the file as UTF-8",
                bytes[e.valid_up_to()]
            ),
        }),
    }
}

/// `50 MB`, `512 KB`, `100 bytes`.
fn human_size(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else if bytes >= 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

fn normalize_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    path.trim_start_matches("./").to_owned()
}

fn parent_dir(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => path[..i].to_owned(),
        None => ".".to_owned(),
    }
}

/// A backend configuration file: `prod.s3.tfbackend`, `backend.tfbackend`.
pub fn is_backend_config(path: &str) -> bool {
    file_name(path).to_ascii_lowercase().ends_with(".tfbackend")
}

/// A variables file in JSON syntax (`terraform.tfvars.json`, `prod.tfvars.json`).
pub fn is_json_variables_file(path: &str) -> bool {
    file_name(path)
        .to_ascii_lowercase()
        .ends_with(".tfvars.json")
}

fn syntax_of(path: &str) -> Syntax {
    if path.ends_with(".json") {
        Syntax::Json
    } else if path.ends_with(".tfvars") || is_backend_config(path) {
        Syntax::Tfvars
    } else {
        Syntax::Hcl
    }
}

/// Assigns the single role of a file from its path (and, for markdown, whether it holds code).
///
/// `alone` says whether the file is the whole submission (one pasted text): then any
/// markdown holding Terraform is a response, and a text without extension is read by its
/// content; among several files only `*RESPONSE*.md` are responses, and files without
/// extension (LICENSE, Dockerfile) are Terraform only when they read as raw HCL.
pub fn role_of(path: &str, text: &str, alone: bool) -> Role {
    let name = file_name(path);
    let lower = name.to_ascii_lowercase();
    let ends = |suffix: &str| lower.ends_with(suffix);
    if lower == ".terraform.lock.hcl" {
        Role::Other
    } else if ends(".tf") || ends(".tf.json") || ends(".tfvars") || ends(".tfvars.json") {
        Role::Terraform
    } else if is_test_file(name) {
        Role::Test
    } else if lower == "metadata.json" {
        Role::Metadata
    } else if lower == "flat-outputs.json" || path.contains("cfn-outputs/") {
        Role::Outputs
    } else if name == "MODEL_RESPONSE.md" || name == "IDEAL_RESPONSE.md" {
        Role::Response
    } else if ends(".md") || ends(".markdown") {
        let is_doc = matches!(name, "PROMPT.md" | "MODEL_FAILURES.md" | "README.md");
        let may_respond = alone || lower.contains("response");
        if !is_doc && may_respond && markdown::holds_code(text) {
            Role::Response
        } else {
            Role::Doc
        }
    } else if !lower.contains('.') || ends(".hcl") || ends(".txt") {
        // Text with no extension: markdown if it holds fences, else raw HCL; among several
        // files only what reads as HCL.
        if alone && markdown::holds_code(text) {
            Role::Response
        } else if alone && !text.trim().is_empty() || markdown::looks_like_raw_hcl(text) {
            Role::Terraform
        } else {
            Role::Other
        }
    } else {
        Role::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(paths: &[&str]) -> Vec<Role> {
        paths.iter().map(|p| role_of(p, "", false)).collect()
    }

    #[test]
    fn roles_follow_the_rubric() {
        assert_eq!(
            roles(&[
                "lib/main.tf",
                "lib/terraform.tfvars",
                "lib/x.tf.json",
                "test/terraform.unit.test.ts",
                "test/main_test.go",
                "tests/test_stack.py",
                "tests/basic.tftest.hcl",
                "metadata.json",
                "cfn-outputs/flat-outputs.json",
                "lib/MODEL_RESPONSE.md",
                "lib/PROMPT.md",
                "lib/MODEL_FAILURES.md",
                "package.json",
            ]),
            vec![
                Role::Terraform,
                Role::Terraform,
                Role::Terraform,
                Role::Test,
                Role::Test,
                Role::Test,
                Role::Test,
                Role::Metadata,
                Role::Outputs,
                Role::Response,
                Role::Doc,
                Role::Doc,
                Role::Other,
            ]
        );
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let s = Submission::new(
            vec![InputFile::new("main.tf", b"\xEF\xBB\xBFa = 1\n".to_vec())],
            Limits::default(),
        );
        assert_eq!(s.files[0].text, "a = 1\n");
        assert!(s.errors.is_empty());
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "a = 1".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let s = Submission::new(vec![InputFile::new("main.tf", bytes)], Limits::default());
        assert_eq!(s.files[0].text, "a = 1");
    }

    #[test]
    fn binary_and_invalid_utf8_are_located_errors() {
        let s = Submission::new(
            vec![
                InputFile::new("a.tf", b"abc\0def".to_vec()),
                InputFile::new("b.tf", b"ok\n\xC3(".to_vec()),
                InputFile::new("c.tf", b"x = 1".to_vec()),
            ],
            Limits::default(),
        );
        assert_eq!(s.errors.len(), 2);
        assert_eq!(s.errors[0].range.start, 3);
        assert!(s.errors[0].message.contains("binary"));
        assert_eq!(s.errors[1].range.start, 3);
        assert!(s.errors[1].message.contains("0xC3"));
        // The good file is still a unit.
        assert_eq!(s.units.len(), 1);
        assert_eq!(s.units[0].name, "c.tf");
    }

    #[test]
    fn oversized_input_is_refused_not_dropped() {
        let s = Submission::new(
            vec![InputFile::new("big.tf", vec![b'#'; 2048])],
            Limits {
                max_input_bytes: 1024,
            },
        );
        assert_eq!(s.errors.len(), 1);
        assert!(s.errors[0].message.contains("larger than the limit"));
    }

    #[test]
    fn backend_config_files_join_their_configuration() {
        let s = Submission::new(
            vec![
                InputFile::new("lib/main.tf", b"terraform {}".to_vec()),
                InputFile::new("lib/prod.s3.tfbackend", b"bucket = \"b\"".to_vec()),
            ],
            Limits::default(),
        );
        assert_eq!(s.files[1].role, Role::Other);
        assert_eq!(s.configs.len(), 1);
        assert_eq!(s.configs[0].units.len(), 2);
        let unit = s.unit(s.configs[0].units[1]);
        assert_eq!(unit.name, "lib/prod.s3.tfbackend");
        assert_eq!(unit.syntax, Syntax::Tfvars);
        // Another directory's file does not join when there are several configurations.
        let s = Submission::new(
            vec![
                InputFile::new("lib/main.tf", b"terraform {}".to_vec()),
                InputFile::new("modules/x/main.tf", b"terraform {}".to_vec()),
                InputFile::new("other/dev.s3.tfbackend", b"bucket = \"c\"".to_vec()),
            ],
            Limits::default(),
        );
        assert_eq!(s.units.len(), 2);
        // With a single configuration, a backend file elsewhere in the bundle is its own.
        let s = Submission::new(
            vec![
                InputFile::new("lib/main.tf", b"terraform {}".to_vec()),
                InputFile::new("backend.tfbackend", b"bucket = \"c\"".to_vec()),
            ],
            Limits::default(),
        );
        assert_eq!(s.configs[0].units.len(), 2);
    }

    #[test]
    fn terraform_files_group_by_directory() {
        let s = Submission::new(
            vec![
                InputFile::new("lib/main.tf", b"a = 1".to_vec()),
                InputFile::new("lib/vars.tf", b"b = 1".to_vec()),
                InputFile::new("modules/x/main.tf", b"c = 1".to_vec()),
            ],
            Limits::default(),
        );
        assert_eq!(s.configs.len(), 2);
        assert_eq!(s.configs[0].units.len(), 2);
        assert_eq!(s.configs[1].name, "modules/x");
        assert!(s.is_bundle);
    }

    #[test]
    fn among_several_files_only_what_reads_as_terraform_is_graded() {
        let s = Submission::new(
            vec![
                InputFile::new("LICENSE", b"Apache License\nVersion 2.0\n".to_vec()),
                InputFile::new("Dockerfile", b"FROM scratch\n".to_vec()),
                InputFile::new("fixtures/app.zip", b"PK\x03\x04\0\0".to_vec()),
                InputFile::new(
                    "docs/UPGRADE.md",
                    b"```hcl\nresource \"a\" \"b\" {}\n```\n".to_vec(),
                ),
                InputFile::new(
                    ".terraform.lock.hcl",
                    b"provider \"registry.terraform.io/hashicorp/aws\" {}\n".to_vec(),
                ),
                InputFile::new("main.tf", b"resource \"a\" \"b\" {}\n".to_vec()),
            ],
            Limits::default(),
        );
        let roles: Vec<Role> = s.files.iter().map(|f| f.role).collect();
        assert_eq!(
            roles,
            [
                Role::Other,
                Role::Other,
                Role::Other,
                Role::Doc,
                Role::Other,
                Role::Terraform
            ]
        );
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        // The markdown is a document: a text unit, not graded as Terraform.
        let syntaxes: Vec<Syntax> = s.units.iter().map(|u| u.syntax).collect();
        assert_eq!(syntaxes, [Syntax::Hcl, Syntax::Text]);
    }

    #[test]
    fn expected_md_at_a_bundle_root_is_not_part_of_it() {
        let s = Submission::new(
            vec![
                InputFile::new("EXPECTED.md", b"# verdict".to_vec()),
                InputFile::new("docs/EXPECTED.md", b"# kept".to_vec()),
                InputFile::new("lib/main.tf", b"a = 1".to_vec()),
            ],
            Limits::default(),
        );
        let paths: Vec<&str> = s.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["docs/EXPECTED.md", "lib/main.tf"]);
        // Pasted alone, it is graded like any text.
        assert_eq!(Submission::from_text("EXPECTED.md", "x").files.len(), 1);
    }

    #[test]
    fn documents_are_text_units_and_bad_metadata_is_a_located_error() {
        let s = Submission::new(
            vec![
                InputFile::new("metadata.json", b"{\n  \"platform\": tf\n}".to_vec()),
                InputFile::new("lib/PROMPT.md", b"Build it.".to_vec()),
                InputFile::new(
                    "lib/IDEAL_RESPONSE.md",
                    b"Insert here the ideal response".to_vec(),
                ),
                InputFile::new("lib/main.tf", b"a = 1".to_vec()),
            ],
            Limits::default(),
        );
        let text_units: Vec<&str> = s
            .units
            .iter()
            .filter(|u| u.syntax == Syntax::Text)
            .map(|u| u.name.as_str())
            .collect();
        assert_eq!(
            text_units,
            ["metadata.json", "lib/PROMPT.md", "lib/IDEAL_RESPONSE.md"]
        );
        assert_eq!(s.errors.len(), 1);
        assert!(
            s.errors[0]
                .message
                .contains("metadata.json is not valid JSON")
        );
        let position = s.files[0]
            .line_index
            .position(&s.files[0].text, s.errors[0].range.start);
        assert_eq!(position.line, 2);
    }

    #[test]
    fn a_lone_paste_is_read_by_its_content() {
        let md = Submission::from_text("pasted", "Here:\n```hcl\nresource \"a\" \"b\" {}\n```\n");
        assert_eq!(md.files[0].role, Role::Response);
        let hcl = Submission::from_text("pasted", "locals {\n  a = 1\n}\n");
        assert_eq!(hcl.files[0].role, Role::Terraform);
        let notes = Submission::from_text("notes.md", "```hcl\nresource \"a\" \"b\" {}\n```\n");
        assert_eq!(notes.files[0].role, Role::Response);
    }
}
