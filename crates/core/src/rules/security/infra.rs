//! Helpers shared by the infrastructure checks of this family (CloudTrail, log groups,
//! hard-coded secrets, instances, high availability): resource instances, attribute values
//! and where they came from, the evidence of a missing attribute, and edits that add a line
//! to a block in the style of its neighbours.

use super::block_edits::{indent_at, line_start};
use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::structure::{Attribute, Block, Body};

use crate::config::{Config, Resource};
use crate::eval::{Data, Scope, Value};
use crate::finding::{Applicability, Edit, Finding, Fix, Severity};
use crate::rules::common::trace_of;
use crate::submission::UnitId;

/// One instance of a resource, with the scope its attributes are evaluated in.
pub(crate) struct Target<'c, 'a> {
    pub resource: &'c Resource<'a>,
    /// Terraform address with the instance key: `aws_instance.web[0]`.
    pub address: String,
    pub scope: Scope,
}

impl<'a> Target<'_, 'a> {
    pub fn unit(&self) -> UnitId {
        self.resource.unit
    }

    pub fn block(&self) -> &'a Block {
        self.resource.block
    }

    pub fn body(&self) -> &'a Body {
        &self.resource.block.body
    }

    /// The evidence of a missing attribute: the block's first line up to its labels.
    pub fn header(&self) -> Range<usize> {
        header_range(self.resource.block)
    }

    /// The attribute `name` of the resource, evaluated for this instance.
    pub fn setting(&self, config: &Config<'_>, name: &str) -> Option<Setting<'a>> {
        setting(config, self.unit(), self.body(), name, &self.scope)
    }

    /// The attribute `name` read as a flag.
    pub fn flag(&self, config: &Config<'_>, name: &str) -> Flag<'a> {
        flag(config, self.unit(), self.body(), name, &self.scope)
    }
}

/// Every instance of the resources of the given types, in configuration order.
pub(crate) fn targets<'c, 'a>(config: &'c Config<'a>, kinds: &[&str]) -> Vec<Target<'c, 'a>> {
    let mut out = Vec::new();
    for resource in config.resources.iter().filter(|r| kinds.contains(&r.kind)) {
        for instance in config.instances(resource.unit, resource.block) {
            out.push(Target {
                resource,
                address: format!("{}{}", resource.address(), instance.key),
                scope: instance.scope,
            });
        }
    }
    out
}

/// An attribute as written, with its evaluated value.
pub(crate) struct Setting<'b> {
    pub attr: &'b Attribute,
    pub value: Value,
}

impl Setting<'_> {
    /// The range of the attribute's value.
    pub fn value_range(&self) -> Range<usize> {
        self.attr
            .value
            .span()
            .or_else(|| self.attr.span())
            .unwrap_or(0..0)
    }

    /// Whether the value is a literal written in this attribute itself (so that replacing
    /// it changes this attribute only).
    pub fn literal_here(&self, unit: UnitId) -> bool {
        let range = self.value_range();
        self.value.origin.as_ref().is_some_and(|origin| {
            origin.via.is_empty()
                && origin.unit == unit
                && range.start <= origin.span.start
                && origin.span.end <= range.end
        })
    }

    /// The exact evidence: the literal when it is written in this attribute, else the
    /// attribute's value (a reference whose trace says where the literal is).
    pub fn evidence(&self, unit: UnitId) -> Range<usize> {
        match &self.value.origin {
            Some(origin) if self.literal_here(unit) => origin.span.clone(),
            _ => self.value_range(),
        }
    }
}

/// The attribute `name` of `body`, evaluated in `scope`; None when it is not written.
pub(crate) fn setting<'b>(
    config: &Config<'_>,
    unit: UnitId,
    body: &'b Body,
    name: &str,
    scope: &Scope,
) -> Option<Setting<'b>> {
    let attr = body.get_attribute(name)?;
    Some(Setting {
        attr,
        value: config.eval(unit, &attr.value, scope),
    })
}

/// A boolean attribute as a check sees it.
pub(crate) enum Flag<'b> {
    On,
    /// Not written, or `null`: the provider's default applies.
    Missing,
    Off(Setting<'b>),
    Unknown(Setting<'b>),
}

pub(crate) fn flag<'b>(
    config: &Config<'_>,
    unit: UnitId,
    body: &'b Body,
    name: &str,
    scope: &Scope,
) -> Flag<'b> {
    let Some(setting) = setting(config, unit, body, name, scope) else {
        return Flag::Missing;
    };
    match (&setting.value.data, setting.value.as_bool()) {
        (Data::Null, _) => Flag::Missing,
        (_, Some(true)) => Flag::On,
        (Data::Unknown(_), _) => Flag::Unknown(setting),
        _ => Flag::Off(setting),
    }
}

/// " via `var.x`, default false": the references a value passed through, for messages.
pub(crate) fn via_text(config: &Config<'_>, value: &Value) -> String {
    trace_of(config, value)
        .iter()
        .filter(|step| step.starts_with("via "))
        .map(|step| format!(" {step}"))
        .collect()
}

/// A boolean argument that should be `true`, and how to say so.
pub(crate) struct FlagRule {
    pub code: &'static str,
    pub severity: Severity,
    pub attribute: &'static str,
    /// What the resource does when the flag is on: "validates its log files".
    pub does: &'static str,
    /// What it fails to do when off: "does not validate its log files".
    pub lacks: &'static str,
    /// Where the added line goes (see [`Slot`]).
    pub slot: Slot,
    pub fix_title: &'static str,
    pub applicability: Applicability,
    pub fix_note: &'static str,
}

/// The finding (or unknown note) for a flag that is not on, with a fix when the flag is
/// missing or written as a literal in the attribute itself.
pub(crate) fn judge_flag(
    config: &Config<'_>,
    target: &Target<'_, '_>,
    rule: &FlagRule,
) -> Option<Finding> {
    let unit = target.unit();
    let attribute = rule.attribute;
    let text = config.text(unit);
    let fix = |edits: Vec<Edit>| Fix {
        title: rule.fix_title.to_owned(),
        applicability: rule.applicability,
        note: Some(rule.fix_note.to_owned()),
        edits,
    };
    match target.flag(config, attribute) {
        Flag::On => None,
        Flag::Missing => {
            let mut finding = finding(
                rule.code,
                unit,
                target.header(),
                rule.severity,
                target.address.clone(),
                format!(
                    "`{}` {}: `{attribute}` is not set and defaults to false",
                    target.address, rule.lacks
                ),
            );
            finding.fix = add_to_body(
                text,
                unit,
                target.block(),
                rule.slot,
                &[format!("{attribute} = true")],
            )
            .map(|edit| fix(vec![edit]));
            Some(finding)
        }
        Flag::Off(setting) => {
            let value = &setting.value;
            let mut source = via_text(config, value);
            if source.is_empty() && !setting.literal_here(unit) {
                source = format!(" (`{}`)", config.source_of(unit, &setting.attr.value));
            }
            let mut finding = finding(
                rule.code,
                unit,
                setting.evidence(unit),
                rule.severity,
                target.address.clone(),
                format!(
                    "`{}` {}: `{attribute}` is {value}{source}",
                    target.address, rule.lacks
                ),
            );
            finding.trace = trace_of(config, value);
            if setting.literal_here(unit) {
                finding.fix = Some(fix(vec![Edit::replace(
                    unit,
                    setting.evidence(unit),
                    "true",
                )]));
            }
            Some(finding)
        }
        Flag::Unknown(setting) => Some(unknown_note(
            rule.code,
            unit,
            setting.value_range(),
            target.address.clone(),
            format!(
                "cannot tell whether `{}` {}: {}",
                target.address,
                rule.does,
                setting
                    .value
                    .unknown_reason()
                    .unwrap_or("its value is unknown")
            ),
        )),
    }
}

/// The range of a block's first line up to the end of its labels: `resource "x" "y"`.
pub(crate) fn header_range(block: &Block) -> Range<usize> {
    let start = block.span().map_or(0, |s| s.start);
    let end = block
        .labels
        .last()
        .and_then(|l| l.span())
        .or_else(|| block.ident.span())
        .map_or(start, |s| s.end);
    start..end.max(start)
}

/// A counted finding without fix.
pub(crate) fn finding(
    code: &'static str,
    unit: UnitId,
    range: Range<usize>,
    severity: Severity,
    resource: impl Into<String>,
    message: String,
) -> Finding {
    Finding {
        code,
        unit,
        range,
        severity,
        resource: Some(resource.into()),
        message,
        trace: Vec::new(),
        unknown: false,
        fix: None,
        alternatives: Vec::new(),
        suppressed: None,
    }
}

/// An info note saying that a value the check needs could not be known.
pub(crate) fn unknown_note(
    code: &'static str,
    unit: UnitId,
    range: Range<usize>,
    resource: impl Into<String>,
    message: String,
) -> Finding {
    let mut note = finding(code, unit, range, Severity::Info, resource, message);
    note.unknown = true;
    note
}

/// Where in a block's body a new line goes. Two checks that add to the same block use
/// different slots, so that their edits never start at the same offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// After the line of the body's last attribute (after the opening brace's line when
    /// there is none): where attributes belong.
    AfterLastAttribute,
    /// On its own line before the closing brace: where nested blocks belong.
    EndOfBody,
}

/// An edit that adds `lines` to the body of `block`, indented like the body's other
/// lines (`lines` carry their indentation relative to the body). An attribute line
/// `key = value` added after another attribute aligns its `=` with it when it can. None
/// when the block is written on one line.
pub(crate) fn add_to_body(
    text: &str,
    unit: UnitId,
    block: &Block,
    slot: Slot,
    lines: &[String],
) -> Option<Edit> {
    let span = block.span()?;
    let block_text = text.get(span.clone())?;
    // The body's brace follows the labels (which may hold braces of their own).
    let header_end = header_range(block).end.max(span.start);
    let open = header_end + text.get(header_end..span.end)?.find('{')?;
    let close = span.start + block_text.rfind('}')?;
    if close <= open || !text.get(open..close)?.contains('\n') {
        return None;
    }
    let close_line = line_start(text, close);
    if !text.get(close_line..close)?.trim().is_empty() {
        return None;
    }
    let indent = block
        .body
        .iter()
        .filter_map(|s| s.span())
        .next()
        .map(|s| indent_at(text, s.start).to_owned())
        .unwrap_or_else(|| format!("{}  ", indent_at(text, close)));
    match slot {
        Slot::AfterLastAttribute => {
            let last = block
                .body
                .attributes()
                .filter_map(|a| a.span().map(|s| (a, s)))
                .max_by_key(|(_, s)| s.end);
            let anchor_end = last.as_ref().map_or(open, |(_, s)| s.end);
            let at = anchor_end + text.get(anchor_end..)?.find('\n')?;
            if at >= close {
                return None;
            }
            let equals_column = last.and_then(|(a, s)| {
                let line = text.get(line_start(text, s.start)..a.value.span()?.start)?;
                line.find('=')
            });
            let mut content = String::new();
            for (i, line) in lines.iter().enumerate() {
                content.push('\n');
                content.push_str(&indent);
                match (i, equals_column, line.split_once(" = ")) {
                    (0, Some(column), Some((key, value)))
                        if indent.len() + key.len() < column && !key.contains(' ') =>
                    {
                        let pad = column - indent.len() - key.len();
                        content.push_str(&format!("{key}{} = {value}", " ".repeat(pad - 1)));
                    }
                    _ => content.push_str(line),
                }
            }
            Some(Edit::insert(unit, at, content))
        }
        Slot::EndOfBody => {
            let previous_blank = text
                .get(..close_line.saturating_sub(1))
                .map(|before| &before[line_start(before, before.len())..])
                .is_some_and(|line| line.trim().is_empty() || line.trim_end().ends_with('{'));
            let is_block = lines.first().is_some_and(|l| l.trim_end().ends_with('{'));
            let mut content = String::new();
            if is_block && !previous_blank {
                content.push('\n');
            }
            for line in lines {
                content.push_str(&indent);
                content.push_str(line);
                content.push('\n');
            }
            Some(Edit::insert(unit, close_line, content))
        }
    }
}

/// The range that removes an attribute: its whole line when it stands alone on it.
pub(crate) fn attribute_line(text: &str, attr: &Attribute) -> Option<Range<usize>> {
    let span = attr.span()?;
    let start = line_start(text, span.start);
    let end = text
        .get(span.end..)?
        .find('\n')
        .map_or(text.len(), |i| span.end + i + 1);
    let alone = text.get(start..span.start)?.trim().is_empty()
        && text.get(span.end..end)?.trim().is_empty();
    Some(if alone { start..end } else { span })
}

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
