//! Every form of ingress, normalised: inline `ingress` of security groups and network
//! ACLs (default ones too, `dynamic` blocks expanded), `aws_security_group_rule`,
//! `aws_vpc_security_group_ingress_rule` and `aws_network_acl_rule`, one [`IngressRule`]
//! per resource instance and block.

use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::structure::Body;

use crate::config::{Config, Resource};
use crate::eval::{Data, Scope, Value, data_eq};
use crate::submission::UnitId;

/// Which transport a rule admits.
#[derive(Debug, Clone, PartialEq)]
pub enum Protocol {
    Tcp,
    Udp,
    /// `-1` or `all`: every protocol and port.
    All,
    /// ICMP and others, whose rules carry no ports.
    Other(String),
    Unknown(String),
}

impl Protocol {
    fn from_value(value: &Value) -> Protocol {
        if let Some(reason) = value.unknown_reason() {
            return Protocol::Unknown(reason.to_owned());
        }
        let text = value
            .to_template_string()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match text.as_str() {
            "tcp" | "6" => Protocol::Tcp,
            "udp" | "17" => Protocol::Udp,
            "-1" | "all" => Protocol::All,
            "" => Protocol::Unknown("no protocol given".to_owned()),
            other => Protocol::Other(other.to_owned()),
        }
    }

    pub fn is_tcp(&self) -> bool {
        matches!(self, Protocol::Tcp)
    }

    /// Whether the rule's ports mean anything, or it admits every protocol.
    pub fn carries_ports_or_all(&self) -> bool {
        matches!(self, Protocol::Tcp | Protocol::Udp | Protocol::All)
    }
}

/// Which ports a rule admits.
#[derive(Debug, Clone, PartialEq)]
pub enum Ports {
    Range(u32, u32),
    All,
    Unknown(String),
}

/// One CIDR source of a rule.
#[derive(Debug, Clone)]
pub struct Source {
    pub value: Value,
    pub unit: UnitId,
    /// The attribute value the CIDR is written in.
    pub expr_range: Range<usize>,
    pub ipv6: bool,
}

/// An ingress rule of one resource instance.
#[derive(Debug, Clone)]
pub struct IngressRule {
    /// Terraform address with instance key: `aws_security_group.web`, `aws_network_acl_rule.x["ssh"]`.
    pub resource: String,
    pub protocol: Protocol,
    pub ports: Ports,
    pub sources: Vec<Source>,
    /// A network ACL denies the same traffic from the same sources in a lower-numbered rule.
    pub shadowed_by_deny: bool,
}

/// A network ACL entry before order is applied.
struct AclEntry {
    acl: String,
    rule_no: Option<f64>,
    allow: bool,
    rule: IngressRule,
}

/// Collects the ingress rules of a configuration.
pub fn collect(config: &Config<'_>) -> Vec<IngressRule> {
    let mut rules = Vec::new();
    let mut acl_entries = Vec::new();
    for resource in &config.resources {
        match resource.kind {
            "aws_security_group" | "aws_default_security_group" => {
                for_instances(config, resource, |address, scope| {
                    for block in
                        config.blocks(resource.unit, &resource.block.body, "ingress", scope)
                    {
                        rules.push(read_rule(
                            config,
                            resource.unit,
                            block.body,
                            &block.scope,
                            address.clone(),
                            RuleShape::SecurityGroup,
                        ));
                    }
                });
            }
            "aws_security_group_rule" => for_instances(config, resource, |address, scope| {
                let body = &resource.block.body;
                let kind = attr(config, resource.unit, body, "type", scope);
                if kind.as_str() == Some("ingress") {
                    rules.push(read_rule(
                        config,
                        resource.unit,
                        body,
                        scope,
                        address,
                        RuleShape::SecurityGroup,
                    ));
                }
            }),
            "aws_vpc_security_group_ingress_rule" => {
                for_instances(config, resource, |address, scope| {
                    rules.push(read_rule(
                        config,
                        resource.unit,
                        &resource.block.body,
                        scope,
                        address,
                        RuleShape::VpcRule,
                    ));
                })
            }
            "aws_network_acl" | "aws_default_network_acl" => {
                for_instances(config, resource, |address, scope| {
                    for block in
                        config.blocks(resource.unit, &resource.block.body, "ingress", scope)
                    {
                        let body = block.body;
                        acl_entries.push(AclEntry {
                            acl: address.clone(),
                            rule_no: attr(config, resource.unit, body, "rule_no", &block.scope)
                                .as_number(),
                            allow: is_allow(&attr(
                                config,
                                resource.unit,
                                body,
                                "action",
                                &block.scope,
                            )),
                            rule: read_rule(
                                config,
                                resource.unit,
                                body,
                                &block.scope,
                                address.clone(),
                                RuleShape::Acl,
                            ),
                        });
                    }
                })
            }
            "aws_network_acl_rule" => for_instances(config, resource, |address, scope| {
                let body = &resource.block.body;
                let egress = attr(config, resource.unit, body, "egress", scope);
                if egress.as_bool() == Some(true) {
                    return;
                }
                let acl = body
                    .get_attribute("network_acl_id")
                    .map(|a| config.source_of(resource.unit, &a.value).to_owned())
                    .unwrap_or_default();
                acl_entries.push(AclEntry {
                    acl,
                    rule_no: attr(config, resource.unit, body, "rule_number", scope).as_number(),
                    allow: is_allow(&attr(config, resource.unit, body, "rule_action", scope)),
                    rule: read_rule(config, resource.unit, body, scope, address, RuleShape::Acl),
                });
            }),
            _ => {}
        }
    }
    rules.extend(order_acl_entries(acl_entries));
    rules
}

#[derive(Clone, Copy, PartialEq)]
enum RuleShape {
    /// `from_port`, `to_port`, `protocol`, `cidr_blocks`, `ipv6_cidr_blocks`.
    SecurityGroup,
    /// `from_port`, `to_port`, `ip_protocol`, `cidr_ipv4`, `cidr_ipv6`.
    VpcRule,
    /// `from_port`, `to_port`, `protocol`, `cidr_block`, `ipv6_cidr_block`.
    Acl,
}

fn for_instances(config: &Config<'_>, resource: &Resource<'_>, mut f: impl FnMut(String, &Scope)) {
    for instance in config.instances(resource.unit, resource.block) {
        f(
            format!("{}{}", resource.address(), instance.key),
            &instance.scope,
        );
    }
}

fn attr(config: &Config<'_>, unit: UnitId, body: &Body, name: &str, scope: &Scope) -> Value {
    match body.get_attribute(name) {
        Some(a) => config.eval(unit, &a.value, scope),
        None => Value::null(),
    }
}

fn is_allow(action: &Value) -> bool {
    action
        .as_str()
        .is_some_and(|a| a.eq_ignore_ascii_case("allow"))
}

fn read_rule(
    config: &Config<'_>,
    unit: UnitId,
    body: &Body,
    scope: &Scope,
    resource: String,
    shape: RuleShape,
) -> IngressRule {
    let protocol_attr = if shape == RuleShape::VpcRule {
        "ip_protocol"
    } else {
        "protocol"
    };
    let protocol = Protocol::from_value(&attr(config, unit, body, protocol_attr, scope));
    let from = attr(config, unit, body, "from_port", scope);
    let to = attr(config, unit, body, "to_port", scope);
    let ports = match (&protocol, from.as_number(), to.as_number()) {
        (Protocol::All, _, _) => Ports::All,
        (_, Some(from), Some(to)) => {
            let (from, to) = (
                from.clamp(0.0, 65535.0) as u32,
                to.clamp(0.0, 65535.0) as u32,
            );
            if from == 0 && to >= 65535 {
                Ports::All
            } else {
                Ports::Range(from, to)
            }
        }
        // A VPC ingress rule may omit ports only for protocols without ports.
        (_, None, None) if from.is_null() && to.is_null() && shape == RuleShape::VpcRule => {
            Ports::All
        }
        _ => Ports::Unknown(
            from.unknown_reason()
                .or(to.unknown_reason())
                .unwrap_or("the ports are not numbers")
                .to_owned(),
        ),
    };
    let (v4, v6) = match shape {
        RuleShape::SecurityGroup => ("cidr_blocks", "ipv6_cidr_blocks"),
        RuleShape::VpcRule => ("cidr_ipv4", "cidr_ipv6"),
        RuleShape::Acl => ("cidr_block", "ipv6_cidr_block"),
    };
    let mut sources = Vec::new();
    for (name, ipv6) in [(v4, false), (v6, true)] {
        let Some(attribute) = body.get_attribute(name) else {
            continue;
        };
        let expr_range = attribute.value.span().unwrap_or(0..0);
        let value = config.eval(unit, &attribute.value, scope);
        let values = match &value.data {
            Data::List(items) => items.clone(),
            _ => vec![value],
        };
        for value in values {
            // `"${...}/32"`: whatever the address, a prefix longer than 0 is never the
            // whole internet.
            if value.known_suffix().is_some_and(ends_with_narrow_prefix) {
                continue;
            }
            sources.push(Source {
                value,
                unit,
                expr_range: expr_range.clone(),
                ipv6,
            });
        }
    }
    IngressRule {
        resource,
        protocol,
        ports,
        sources,
        shadowed_by_deny: false,
    }
}

/// The literal end of a CIDR template gives a prefix length of 1 or more (`/32`), so the
/// CIDR never means the whole internet.
fn ends_with_narrow_prefix(tail: &str) -> bool {
    tail.rsplit_once('/')
        .and_then(|(_, bits)| bits.trim().parse::<u8>().ok())
        .is_some_and(|bits| (1..=128).contains(&bits))
}

/// Network ACL rules are evaluated by number: an allow is not an exposure when a
/// lower-numbered deny of the same ACL covers the same traffic from the same sources.
fn order_acl_entries(entries: Vec<AclEntry>) -> Vec<IngressRule> {
    let mut out = Vec::new();
    for entry in &entries {
        if !entry.allow {
            continue;
        }
        let mut rule = entry.rule.clone();
        rule.shadowed_by_deny = entries.iter().any(|deny| {
            !deny.allow
                && deny.acl == entry.acl
                && matches!((deny.rule_no, entry.rule_no), (Some(d), Some(a)) if d < a)
                && covers_protocol(&deny.rule.protocol, &rule.protocol)
                && covers_ports(&deny.rule.ports, &rule.ports)
                && rule.sources.iter().all(|s| {
                    deny.rule.sources.iter().any(|d| {
                        d.ipv6 == s.ipv6
                            && (data_eq(&d.value, &s.value)
                                || d.value.as_str().is_some_and(super::is_open))
                    })
                })
        });
        out.push(rule);
    }
    out
}

fn covers_protocol(deny: &Protocol, allow: &Protocol) -> bool {
    matches!(deny, Protocol::All) || deny == allow
}

fn covers_ports(deny: &Ports, allow: &Ports) -> bool {
    match (deny, allow) {
        (Ports::All, _) => true,
        (Ports::Range(df, dt), Ports::Range(af, at)) => df <= af && at <= dt,
        _ => false,
    }
}
