//! Helpers shared by the infrastructure checks of this family (CloudTrail, log groups,
//! hard-coded secrets, instances, high availability): resource instances, attribute values
//! and where they came from, the evidence of a missing attribute, and edits that add a line
//! to a block in the style of its neighbours.

use std::ops::Range;

use hcl_edit::structure::{Attribute, Block, Body};

use crate::analysis::provenance::trace_of;
use crate::configuration::{Configuration, Resource};
use crate::edit::header_range;
use crate::eval::{Data, Scope, Value};
use crate::finding::Edit;
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
    pub fn setting(
        &self,
        config: &Configuration<'_>,
        name: &str,
    ) -> Option<EvaluatedAttribute<'a>> {
        setting(config, self.unit(), self.body(), name, &self.scope)
    }

    /// The attribute `name` read as a flag.
    pub fn flag(&self, config: &Configuration<'_>, name: &str) -> Flag<'a> {
        flag(config, self.unit(), self.body(), name, &self.scope)
    }
}

/// Every instance of the resources of the given types, in configuration order.
pub(crate) fn targets<'c, 'a>(
    config: &'c Configuration<'a>,
    kinds: &[&str],
) -> Vec<Target<'c, 'a>> {
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
pub(crate) struct EvaluatedAttribute<'b> {
    pub attr: &'b Attribute,
    pub value: Value,
}

impl EvaluatedAttribute<'_> {
    /// The range of the value.
    pub fn value_range(&self) -> Range<usize> {
        crate::edit::value_range(self.attr)
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

    /// The edit replacing the value with `content`, when the value is a literal written in
    /// this attribute (a value from elsewhere is the author's to change).
    pub fn literal_replacement(&self, unit: UnitId, content: impl Into<String>) -> Option<Edit> {
        self.literal_here(unit)
            .then(|| Edit::replace(unit, self.evidence(unit), content))
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
    config: &Configuration<'_>,
    unit: UnitId,
    body: &'b Body,
    name: &str,
    scope: &Scope,
) -> Option<EvaluatedAttribute<'b>> {
    let attr = body.get_attribute(name)?;
    Some(EvaluatedAttribute {
        attr,
        value: config.eval(unit, &attr.value, scope),
    })
}

/// A boolean attribute as a check sees it.
pub(crate) enum Flag<'b> {
    On,
    /// Not written, or `null`: the provider's default applies.
    Missing,
    Off(EvaluatedAttribute<'b>),
    Unknown(EvaluatedAttribute<'b>),
}

pub(crate) fn flag<'b>(
    config: &Configuration<'_>,
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
pub(crate) fn via_text(config: &Configuration<'_>, value: &Value) -> String {
    trace_of(config, value)
        .iter()
        .filter(|step| step.starts_with("via "))
        .map(|step| format!(" {step}"))
        .collect()
}
