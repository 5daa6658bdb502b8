//! JSON configuration syntax (`.tf.json`, `.tfvars.json`), read as HCL.
//!
//! Terraform reads a JSON file as the same blocks and attributes as a native file, under
//! rules of its own (its "JSON configuration syntax"). Rather than teach every check a
//! second syntax, a JSON file is translated into the HCL it stands for, and the unit holds
//! that text with [`Segment`]s that map each translated token back to the bytes the user
//! wrote: every check, the evaluator and the provenance of values then work unchanged, and
//! each finding points into the JSON file. Fixes never edit a JSON file (their edits are
//! HCL); the pipeline makes fixes that would edit JSON display-only.
//!
//! How the JSON is read, following Terraform's rules:
//! - Top-level keys are block types: `resource` and `data` (`{type: {name: body}}`),
//!   `variable`, `output`, `module`, `provider`, `check` (`{name: body}`), `terraform`,
//!   `locals` (`{name: expression}`), `moved`, `import`, `removed`. Wherever a body or a
//!   level of labels is expected, an array of objects stands for several. Keys `"//"` are
//!   comments, kept as HCL comments (the first of a body on its block's line) so that a
//!   `"//": "tfgrade:ignore CODE reason"` suppresses as `# tfgrade:ignore` does.
//! - In expression position a string is a string template (`"${var.x}"`, `%{ if }`); a
//!   string that is one interpolation and nothing else is that expression. Numbers,
//!   booleans and null are literals; arrays are tuples; objects are object constructors.
//! - Except: a variable's `default` and every value of a `.tfvars.json` file are literal
//!   values (no template is evaluated); a variable's `type` is a type expression in a
//!   string; `depends_on`, `provider`, `lifecycle.ignore_changes`, `replace_triggered_by`
//!   and a dynamic block's `iterator` are references in strings.
//! - A key holding an object (or an array of objects) in a resource or data source is a
//!   nested block, unless the provider schema says the argument takes a map or an object
//!   ([`crate::facts::is_object_argument`]: `tags`, `environment.variables`, ...); an
//!   object whose keys are not all names cannot be a block body and is an argument.
//!   `lifecycle`, `dynamic`, `provisioner`, `connection` are the meta blocks; in the
//!   `aws` provider, `assume_role`, `default_tags`, `endpoints` and `ignore_tags` are
//!   blocks; in `terraform`, `backend`, `cloud`, `required_providers`.
//! - A key or value of the wrong shape (`"resource": 3`, a `type` that is no type) is a
//!   located error and is left out; the rest of the file is still read.

pub mod reader;

use std::ops::Range;

use reader::{Kind, Member, Node, Text};

use crate::names::is_valid_name;
use crate::segment::Segment;

/// What a JSON file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `.tf.json`: blocks.
    Configuration,
    /// `.tfvars.json`: literal values of variables.
    Variables,
}

/// HCL text standing for a JSON file, with segments into the JSON text.
#[derive(Debug, Clone, Default)]
pub struct Translation {
    pub text: String,
    /// `unit_start` is an offset of `text`; `file_start` an offset of the JSON text.
    pub segments: Vec<Segment>,
    /// Located problems, as byte ranges of the JSON text.
    pub errors: Vec<(Range<usize>, String)>,
}

/// Translates a JSON configuration or variables file into HCL.
pub fn translate(json: &str, kind: FileKind) -> Translation {
    let mut out = Out::default();
    let root = match reader::read(json) {
        Ok(root) => root,
        Err(e) => {
            out.errors.push((
                e.offset..e.offset,
                format!("JSON syntax error: {}", e.message),
            ));
            return out.finish();
        }
    };
    let Kind::Object(members) = &root.kind else {
        out.error(
            &root.span,
            format!(
                "a Terraform JSON file holds one object, not {}",
                root.kind.describe()
            ),
        );
        return out.finish();
    };
    for member in members.iter().filter(|m| !is_comment(m)) {
        match kind {
            FileKind::Variables => {
                if is_valid_name(&member.key.value) {
                    out.attribute(member, Mode::Literal, 0);
                } else {
                    out.error(
                        &member.key.span,
                        format!("`{}` is not a variable name; ignored", member.key.value),
                    );
                }
            }
            FileKind::Configuration => out.top_level(member),
        }
    }
    out.finish()
}

/// How a value in expression position is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Strings are templates.
    Template,
    /// Strings are literal text.
    Literal,
    /// A type expression in a string: `"list(string)"`.
    Type,
    /// A reference in a string: `"aws.west"`.
    Reference,
    /// An array of references (or one).
    References,
    /// An object of references: a module's `providers`.
    ReferenceMap,
}

/// What body a block has, which decides which of its keys are blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ctx {
    /// Every key is an attribute (locals, backend settings, validation, ...).
    Plain,
    /// A resource or data source body; `top` at its top level. `kind` is empty until the
    /// type label is known.
    Resource {
        kind: String,
        is_data: bool,
        top: bool,
    },
    Dynamic {
        kind: String,
        is_data: bool,
    },
    Lifecycle,
    Provisioner,
    Variable,
    Output,
    Module,
    /// A provider; `aws` once the label is known.
    Provider {
        aws: bool,
    },
    Terraform,
    Cloud,
    Check,
    /// `moved`, `import`, `removed`.
    Refactoring,
}

impl Ctx {
    /// The context once a block's labels are known.
    fn with_labels(&self, labels: &[&Text]) -> Ctx {
        match self {
            Ctx::Resource { is_data, .. } if !labels.is_empty() => Ctx::Resource {
                kind: labels[0].value.clone(),
                is_data: *is_data,
                top: true,
            },
            Ctx::Provider { .. } => Ctx::Provider {
                aws: labels.first().is_some_and(|l| l.value == "aws"),
            },
            other => other.clone(),
        }
    }
}

/// What a key of a body is.
enum Entry {
    Attribute(Mode),
    /// A nested block with this many labels.
    Block(usize, Ctx),
}

/// Blocks of the `aws` provider's configuration.
const AWS_PROVIDER_BLOCKS: &[&str] = &[
    "assume_role",
    "assume_role_with_web_identity",
    "default_tags",
    "endpoints",
    "ignore_tags",
];

fn classify(ctx: &Ctx, key: &str, value: &Node) -> Entry {
    use Entry::{Attribute, Block};
    let objects = holds_block_bodies(value);
    match ctx {
        Ctx::Plain => Attribute(Mode::Template),
        Ctx::Resource { kind, is_data, top } => match key {
            "count" | "for_each" if *top => Attribute(Mode::Template),
            "provider" if *top => Attribute(Mode::Reference),
            "depends_on" if *top => Attribute(Mode::References),
            "lifecycle" if *top => Block(0, Ctx::Lifecycle),
            "provisioner" if *top && !is_data => Block(1, Ctx::Provisioner),
            "connection" if *top && !is_data => Block(0, Ctx::Plain),
            "dynamic" => Block(
                1,
                Ctx::Dynamic {
                    kind: kind.clone(),
                    is_data: *is_data,
                },
            ),
            _ if objects && !crate::facts::is_object_argument(kind, *is_data, key, *top) => Block(
                0,
                Ctx::Resource {
                    kind: kind.clone(),
                    is_data: *is_data,
                    top: false,
                },
            ),
            _ => Attribute(Mode::Template),
        },
        Ctx::Dynamic { kind, is_data } => match key {
            "iterator" => Attribute(Mode::Reference),
            "content" => Block(
                0,
                Ctx::Resource {
                    kind: kind.clone(),
                    is_data: *is_data,
                    top: false,
                },
            ),
            _ => Attribute(Mode::Template),
        },
        Ctx::Lifecycle => match key {
            "ignore_changes" | "replace_triggered_by" => Attribute(Mode::References),
            "precondition" | "postcondition" => Block(0, Ctx::Plain),
            _ => Attribute(Mode::Template),
        },
        Ctx::Provisioner => match key {
            "connection" => Block(0, Ctx::Plain),
            "when" | "on_failure" => Attribute(Mode::Reference),
            _ => Attribute(Mode::Template),
        },
        Ctx::Variable => match key {
            "default" => Attribute(Mode::Literal),
            "type" => Attribute(Mode::Type),
            "validation" => Block(0, Ctx::Plain),
            _ => Attribute(Mode::Template),
        },
        Ctx::Output => match key {
            "precondition" => Block(0, Ctx::Plain),
            "depends_on" => Attribute(Mode::References),
            _ => Attribute(Mode::Template),
        },
        Ctx::Module => match key {
            "depends_on" => Attribute(Mode::References),
            "providers" => Attribute(Mode::ReferenceMap),
            _ => Attribute(Mode::Template),
        },
        Ctx::Provider { aws } => {
            if objects && (!aws || AWS_PROVIDER_BLOCKS.contains(&key)) {
                Block(0, Ctx::Plain)
            } else {
                Attribute(Mode::Template)
            }
        }
        Ctx::Terraform => match key {
            "backend" | "provider_meta" => Block(1, Ctx::Plain),
            "cloud" => Block(0, Ctx::Cloud),
            "required_providers" => Block(0, Ctx::Plain),
            "experiments" => Attribute(Mode::References),
            _ => Attribute(Mode::Template),
        },
        Ctx::Cloud => match key {
            "workspaces" => Block(0, Ctx::Plain),
            _ => Attribute(Mode::Template),
        },
        Ctx::Check => match key {
            "data" => Block(
                2,
                Ctx::Resource {
                    kind: String::new(),
                    is_data: true,
                    top: true,
                },
            ),
            "assert" => Block(0, Ctx::Plain),
            _ => Attribute(Mode::Template),
        },
        Ctx::Refactoring => match key {
            "to" | "from" | "provider" => Attribute(Mode::Reference),
            "lifecycle" => Block(0, Ctx::Plain),
            _ => Attribute(Mode::Template),
        },
    }
}

/// Whether a value can be the body of nested blocks: an object whose keys are names, or
/// a non-empty array of such objects.
fn holds_block_bodies(value: &Node) -> bool {
    let body = |node: &Node| match &node.kind {
        Kind::Object(members) => members
            .iter()
            .all(|m| is_comment(m) || is_valid_name(&m.key.value)),
        _ => false,
    };
    match &value.kind {
        Kind::Object(_) => body(value),
        Kind::Array(items) => !items.is_empty() && items.iter().all(body),
        _ => false,
    }
}

fn is_comment(member: &Member) -> bool {
    member.key.value == "//"
}

/// A block label Terraform accepts and HCL can quote without escapes.
fn is_label(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':'))
}

/// Whether `text` is one HCL expression on one line.
fn parses_as_expression(text: &str) -> bool {
    !text.trim().is_empty()
        && !text.contains(['\n', '\r'])
        && hcl_edit::parser::parse_expr(text).is_ok()
}

#[derive(Default)]
struct Out {
    text: String,
    segments: Vec<Segment>,
    errors: Vec<(Range<usize>, String)>,
}

impl Out {
    fn finish(self) -> Translation {
        Translation {
            text: self.text,
            segments: self.segments,
            errors: self.errors,
        }
    }

    fn error(&mut self, range: &Range<usize>, message: String) {
        self.errors.push((range.clone(), message));
    }

    fn push_segment(&mut self, unit_start: usize, file_start: usize, len: usize) {
        if let Some(last) = self.segments.last_mut() {
            if last.unit_start == unit_start {
                *last = Segment {
                    unit_start,
                    file_start,
                    len,
                };
                return;
            }
            if len > 0
                && last.len > 0
                && last.unit_start + last.len == unit_start
                && last.file_start + last.len == file_start
            {
                last.len += len;
                return;
            }
        }
        self.segments.push(Segment {
            unit_start,
            file_start,
            len,
        });
    }

    /// Text that stands for nothing written, mapped to one point of the JSON.
    fn at(&mut self, s: &str, json_at: usize) {
        if !s.is_empty() {
            self.push_segment(self.text.len(), json_at, 0);
            self.text.push_str(s);
        }
    }

    /// A token standing for the JSON bytes `json`: its first and last bytes map to theirs,
    /// so a range over whole tokens maps to whole JSON tokens.
    fn token(&mut self, s: &str, json: Range<usize>) {
        let (u, n, m) = (self.text.len(), s.len(), json.len());
        if n == 0 {
            return;
        }
        if n == m || m == 0 {
            self.push_segment(u, json.start, n.min(m));
        } else if n == 1 {
            self.push_segment(u, json.start, 1);
        } else {
            self.push_segment(u, json.start, 1);
            if n > 2 {
                self.push_segment(u + 1, json.start + 1, (n - 2).min(m.saturating_sub(2)));
            }
            self.push_segment(u + n - 1, json.end - 1, 1);
        }
        self.text.push_str(s);
    }

    fn indent(&mut self, depth: usize, json_at: usize) {
        self.at(&"  ".repeat(depth), json_at);
    }

    fn top_level(&mut self, member: &Member) {
        let key = member.key.value.as_str();
        let (labels, ctx) = match key {
            "resource" | "ephemeral" => (
                2,
                Ctx::Resource {
                    kind: String::new(),
                    is_data: false,
                    top: true,
                },
            ),
            "data" => (
                2,
                Ctx::Resource {
                    kind: String::new(),
                    is_data: true,
                    top: true,
                },
            ),
            "variable" => (1, Ctx::Variable),
            "output" => (1, Ctx::Output),
            "module" => (1, Ctx::Module),
            "provider" => (1, Ctx::Provider { aws: false }),
            "check" => (1, Ctx::Check),
            "locals" => (0, Ctx::Plain),
            "terraform" => (0, Ctx::Terraform),
            "moved" | "import" | "removed" => (0, Ctx::Refactoring),
            _ => {
                self.error(
                    &member.key.span,
                    format!("`{key}` is not a block type of Terraform configuration; ignored"),
                );
                return;
            }
        };
        self.labelled(&member.key, &member.value, labels, &mut Vec::new(), &ctx, 0);
    }

    /// Blocks named by `ident` whose `remaining` labels are still keys of `node`.
    fn labelled<'n>(
        &mut self,
        ident: &Text,
        node: &'n Node,
        remaining: usize,
        labels: &mut Vec<&'n Text>,
        ctx: &Ctx,
        depth: usize,
    ) {
        if remaining == 0 {
            let ctx = ctx.with_labels(labels);
            match &node.kind {
                Kind::Object(members) => self.block(ident, labels, node, members, &ctx, depth),
                Kind::Array(items) => {
                    for item in items {
                        match &item.kind {
                            Kind::Object(members) => {
                                self.block(ident, labels, item, members, &ctx, depth);
                            }
                            other => self.error(
                                &item.span,
                                format!(
                                    "a `{}` block is an object, not {}; ignored",
                                    ident.value,
                                    other.describe()
                                ),
                            ),
                        }
                    }
                }
                other => self.error(
                    &node.span,
                    format!(
                        "a `{}` block is an object (or an array of objects), not {}; ignored",
                        ident.value,
                        other.describe()
                    ),
                ),
            }
            return;
        }
        match &node.kind {
            Kind::Object(members) => {
                for member in members.iter().filter(|m| !is_comment(m)) {
                    if !is_label(&member.key.value) {
                        self.error(
                            &member.key.span,
                            format!(
                                "`{}` is not a valid label of a `{}` block; ignored",
                                member.key.value, ident.value
                            ),
                        );
                        continue;
                    }
                    labels.push(&member.key);
                    self.labelled(ident, &member.value, remaining - 1, labels, ctx, depth);
                    labels.pop();
                }
            }
            Kind::Array(items) => {
                for item in items {
                    self.labelled(ident, item, remaining, labels, ctx, depth);
                }
            }
            other => {
                let what = if remaining == 2 {
                    "an object of types, each an object of names"
                } else {
                    "an object of names"
                };
                self.error(
                    &node.span,
                    format!(
                        "`{}` expects {what} here, not {}; ignored",
                        ident.value,
                        other.describe()
                    ),
                );
            }
        }
    }

    fn block(
        &mut self,
        ident: &Text,
        labels: &[&Text],
        body: &Node,
        members: &[Member],
        ctx: &Ctx,
        depth: usize,
    ) {
        // The block starts where its innermost name is written.
        let anchor = labels.last().copied().unwrap_or(ident);
        self.indent(depth, anchor.span.start);
        self.token(&ident.value, anchor.span.clone());
        for label in labels {
            self.at(" ", label.span.start);
            self.token(&format!("\"{}\"", label.value), label.span.clone());
        }
        self.at(" ", body.span.start);
        self.token("{", body.span.start..body.span.start + 1);
        // A `"//"` comment first in the body stands on the block's line, as a comment
        // above a native block would: `# tfgrade:ignore CODE reason` covers the block.
        let members = match members.split_first() {
            Some((first, rest)) if is_comment(first) => {
                self.comment(first, " ");
                rest
            }
            _ => members,
        };
        self.at("\n", body.span.start);
        self.body(members, ctx, depth + 1);
        self.indent(depth, body.span.end - 1);
        self.token("}", body.span.end - 1..body.span.end);
        self.at("\n", body.span.end - 1);
    }

    /// A `"//"` member as an HCL comment, its text mapped to the JSON string: comments are
    /// where suppressions are read.
    fn comment(&mut self, member: &Member, before: &str) {
        if let Kind::String(text) = &member.value.kind {
            self.at(&format!("{before}# "), member.key.span.start);
            let one_line = text.value.replace(['\n', '\r'], " ");
            self.token(&one_line, text.span.clone());
        }
    }

    fn body(&mut self, members: &[Member], ctx: &Ctx, depth: usize) {
        for member in members {
            if is_comment(member) {
                if matches!(member.value.kind, Kind::String(_)) {
                    self.indent(depth, member.key.span.start);
                    self.comment(member, "");
                    self.at("\n", member.value.span.end - 1);
                }
                continue;
            }
            let key = member.key.value.as_str();
            match classify(ctx, key, &member.value) {
                Entry::Attribute(mode) => {
                    if is_valid_name(key) {
                        self.attribute(member, mode, depth);
                    } else {
                        self.error(
                            &member.key.span,
                            format!("`{key}` is not a valid argument name; ignored"),
                        );
                    }
                }
                Entry::Block(labels, inner) => {
                    self.labelled(
                        &member.key,
                        &member.value,
                        labels,
                        &mut Vec::new(),
                        &inner,
                        depth,
                    );
                }
            }
        }
    }

    /// `key = value` on its own line; nothing when the value cannot be read.
    fn attribute(&mut self, member: &Member, mode: Mode, depth: usize) {
        let (text_len, segments_len) = (self.text.len(), self.segments.len());
        self.indent(depth, member.key.span.start);
        self.token(&member.key.value, member.key.span.clone());
        self.at(" = ", member.value.span.start);
        if self.expression(&member.value, mode, &member.key.value) {
            self.at("\n", member.value.span.end - 1);
        } else {
            self.text.truncate(text_len);
            self.segments.truncate(segments_len);
        }
    }

    /// Writes a value in expression position; false (with a located error) when it cannot
    /// be read in this mode.
    fn expression(&mut self, node: &Node, mode: Mode, key: &str) -> bool {
        match (&node.kind, mode) {
            (Kind::String(text), Mode::Template) => {
                self.template(text, true);
                true
            }
            (Kind::String(text), Mode::Literal) => {
                self.literal(text);
                true
            }
            (Kind::String(text), Mode::Type) => {
                self.raw_expression(text, "a type expression, such as \"list(string)\"", key)
            }
            (Kind::String(text), Mode::Reference | Mode::References) => {
                self.raw_expression(text, "a reference, such as \"aws_s3_bucket.logs\"", key)
            }
            (Kind::Null | Kind::Bool(_) | Kind::Number(_), Mode::Template | Mode::Literal) => {
                self.token(&self_text(node), node.span.clone());
                true
            }
            (Kind::Array(items), Mode::Template | Mode::Literal | Mode::References) => {
                let item_mode = if mode == Mode::References {
                    Mode::Reference
                } else {
                    mode
                };
                self.token("[", node.span.start..node.span.start + 1);
                let mut ok = true;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.at(", ", item.span.start);
                    }
                    ok &= self.expression(item, item_mode, key);
                }
                self.token("]", node.span.end - 1..node.span.end);
                ok
            }
            (Kind::Object(members), Mode::Template | Mode::Literal | Mode::ReferenceMap) => {
                self.object(node, members, mode, key)
            }
            (other, _) => {
                let wanted = match mode {
                    Mode::Type => "a type expression in a string",
                    Mode::Reference => "a reference in a string",
                    Mode::References => "an array of references in strings",
                    Mode::ReferenceMap => "an object of references in strings",
                    Mode::Template | Mode::Literal => "a value",
                };
                self.error(
                    &node.span,
                    format!("`{key}` takes {wanted}, not {}; ignored", other.describe()),
                );
                false
            }
        }
    }

    fn object(&mut self, node: &Node, members: &[Member], mode: Mode, key: &str) -> bool {
        // A repeated key keeps its last value, as JSON readers do (HCL refuses the repeat).
        let kept: Vec<&Member> = members
            .iter()
            .enumerate()
            .filter(|(i, m)| {
                !members[i + 1..]
                    .iter()
                    .any(|later| later.key.value == m.key.value)
            })
            .map(|(_, m)| m)
            .collect();
        self.token("{", node.span.start..node.span.start + 1);
        let mut ok = true;
        for (i, member) in kept.iter().enumerate() {
            self.at(if i == 0 { " " } else { ", " }, member.key.span.start);
            match mode {
                Mode::Literal => self.literal(&member.key),
                Mode::ReferenceMap if is_valid_name(&member.key.value) => {
                    self.token(&member.key.value, member.key.span.clone());
                }
                _ => self.template(&member.key, false),
            }
            self.at(" = ", member.value.span.start);
            let value_mode = if mode == Mode::ReferenceMap {
                Mode::Reference
            } else {
                mode
            };
            ok &= self.expression(&member.value, value_mode, key);
        }
        if !kept.is_empty() {
            self.at(" ", node.span.end - 1);
        }
        self.token("}", node.span.end - 1..node.span.end);
        ok
    }

    /// A string read as HCL expression syntax (a type, a reference), or an error.
    fn raw_expression(&mut self, text: &Text, wanted: &str, key: &str) -> bool {
        if !parses_as_expression(&text.value) {
            self.error(
                &text.span,
                format!(
                    "`{key}` takes {wanted} in a string, not {:?}; ignored",
                    text.value
                ),
            );
            return false;
        }
        self.chars(text, 0..text.value.len(), true);
        true
    }

    /// The characters `range` of a string's value, each mapped to where it was written;
    /// `verbatim` writes them as they are (expression syntax), else escaped for a quoted
    /// HCL string.
    fn chars(&mut self, text: &Text, range: Range<usize>, verbatim: bool) {
        let mut buf = [0u8; 4];
        for (i, c) in text.value[range.clone()].char_indices() {
            let at = range.start + i;
            let source = text.source_of(at);
            if verbatim {
                self.token(c.encode_utf8(&mut buf), source);
            } else {
                self.token(&escape_char(c), source);
            }
        }
    }

    /// A literal string: no template sequence is evaluated.
    fn literal(&mut self, text: &Text) {
        self.token("\"", text.span.start..text.span.start + 1);
        let value = &text.value;
        let mut buf = [0u8; 4];
        for (i, c) in value.char_indices() {
            let source = text.source_of(i);
            // `${` and `%{` are doubled so that HCL reads them as text.
            let doubled = matches!(c, '$' | '%') && value[i + 1..].starts_with('{');
            if doubled {
                let s = c.encode_utf8(&mut buf);
                self.token(&format!("{s}{s}"), source);
            } else {
                self.token(&escape_char(c), source);
            }
        }
        self.token("\"", text.span.end - 1..text.span.end);
    }

    /// A string template. With `unwrap`, a string that is one interpolation and nothing
    /// else becomes that expression (Terraform gives its value unchanged either way).
    /// A template HCL cannot read is a located error and is kept as literal text.
    fn template(&mut self, text: &Text, unwrap: bool) {
        let value = &text.value;
        let Some(parts) = template_parts(value) else {
            self.error(
                &text.span,
                "a template sequence (`${` or `%{`) is not closed; read as literal text".to_owned(),
            );
            self.literal(text);
            return;
        };
        if parts.iter().all(|(code, _)| !code) {
            self.quoted(text, &parts);
            return;
        }
        if unwrap
            && let [(true, whole)] = parts.as_slice()
            && value.starts_with("${")
        {
            let inner = &value[whole.start + 2..whole.end - 1];
            let trimmed = inner.trim();
            let lead = inner.len() - inner.trim_start().len();
            if !trimmed.starts_with('~') && !trimmed.ends_with('~') && parses_as_expression(trimmed)
            {
                let start = whole.start + 2 + lead;
                self.unwrapped(text, start..start + trimmed.len());
                return;
            }
        }
        let rendered = render_quoted(value, &parts);
        if hcl_edit::parser::parse_expr(&rendered).is_err() {
            self.error(
                &text.span,
                "this string template is not valid HCL template syntax; read as literal text"
                    .to_owned(),
            );
            self.literal(text);
            return;
        }
        self.quoted(text, &parts);
    }

    fn quoted(&mut self, text: &Text, parts: &[(bool, Range<usize>)]) {
        self.token("\"", text.span.start..text.span.start + 1);
        for (code, range) in parts {
            self.chars(text, range.clone(), *code);
        }
        self.token("\"", text.span.end - 1..text.span.end);
    }

    /// The expression of a one-interpolation string: its first and last bytes map to the
    /// string's quotes, so that a finding on the value covers the whole JSON string.
    fn unwrapped(&mut self, text: &Text, range: Range<usize>) {
        let expr = &text.value[range.clone()];
        let n = expr.len();
        if !text.is_verbatim() || n < 3 {
            self.chars(text, range, true);
            return;
        }
        let u = self.text.len();
        self.push_segment(u, text.span.start, 1);
        self.push_segment(u + 1, text.span.start + 1 + range.start + 1, n - 2);
        self.push_segment(u + n - 1, text.span.end - 1, 1);
        self.text.push_str(expr);
    }
}

fn self_text(node: &Node) -> String {
    match &node.kind {
        Kind::Null => "null".to_owned(),
        Kind::Bool(b) => b.to_string(),
        Kind::Number(n) => n.clone(),
        _ => String::new(),
    }
}

/// A character as written inside a quoted HCL string.
fn escape_char(c: char) -> String {
    match c {
        '"' => "\\\"".to_owned(),
        '\\' => "\\\\".to_owned(),
        '\n' => "\\n".to_owned(),
        '\r' => "\\r".to_owned(),
        '\t' => "\\t".to_owned(),
        c if c.is_control() => format!("\\u{:04X}", c as u32),
        c => c.to_string(),
    }
}

/// The quoted HCL string of a template, for checking that HCL reads it.
fn render_quoted(value: &str, parts: &[(bool, Range<usize>)]) -> String {
    let mut out = String::from("\"");
    for (code, range) in parts {
        if *code {
            out.push_str(&value[range.clone()]);
        } else {
            out.extend(value[range.clone()].chars().map(escape_char));
        }
    }
    out.push('"');
    out
}

/// A template cut into literal text (false) and template sequences (true): `${ ... }` and
/// `%{ ... }` up to their closing brace. `$${` and `%%{` are escapes and stay text. None
/// when a sequence is not closed.
fn template_parts(value: &str) -> Option<Vec<(bool, Range<usize>)>> {
    let b = value.as_bytes();
    let mut parts = Vec::new();
    let (mut i, mut text_start) = (0, 0);
    while i < b.len() {
        if b[i..].starts_with(b"$${") || b[i..].starts_with(b"%%{") {
            i += 3;
        } else if b[i..].starts_with(b"${") || b[i..].starts_with(b"%{") {
            let end = sequence_end(b, i + 2, 0)?;
            if text_start < i {
                parts.push((false, text_start..i));
            }
            parts.push((true, i..end));
            i = end;
            text_start = end;
        } else {
            i += 1;
        }
    }
    if text_start < b.len() {
        parts.push((false, text_start..b.len()));
    }
    Some(parts)
}

/// The offset after the `}` closing a template sequence whose expression starts at `i`.
/// Quoted strings inside it (which may hold sequences of their own) are skipped; sequences
/// nested deeper than the HCL parser accepts count as not closed.
fn sequence_end(b: &[u8], mut i: usize, depth: usize) -> Option<usize> {
    if depth > reader::MAX_DEPTH {
        return None;
    }
    let mut braces = 0usize;
    while i < b.len() {
        match b[i] {
            b'{' => braces += 1,
            b'}' if braces == 0 => return Some(i + 1),
            b'}' => braces -= 1,
            b'"' => {
                i = string_end(b, i + 1, depth)?;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset after the `"` closing a quoted string of expression syntax whose content
/// starts at `i`.
fn string_end(b: &[u8], mut i: usize, depth: usize) -> Option<usize> {
    while i < b.len() {
        if b[i..].starts_with(b"$${") || b[i..].starts_with(b"%%{") {
            i += 3;
        } else if b[i..].starts_with(b"${") || b[i..].starts_with(b"%{") {
            i = sequence_end(b, i + 2, depth + 1)?;
        } else if b[i] == b'\\' {
            i += 2;
        } else if b[i] == b'"' {
            return Some(i + 1);
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests;
