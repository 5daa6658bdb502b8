//! Every form of ingress, normalised: inline `ingress` of security groups and network
//! ACLs (default ones too, `dynamic` blocks expanded), `aws_security_group_rule`,
//! `aws_vpc_security_group_ingress_rule` and `aws_network_acl_rule`, one [`IngressRule`]
//! per resource instance and block.

use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::structure::Body;

use crate::configuration::{Configuration, Resource};
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
    /// Network ACL rules only: the lower-numbered denies of the same ACL that cover this
    /// rule's sources. The traffic they name is stopped before this rule is reached.
    pub denied_first: Vec<AclDeny>,
    /// A network ACL rule (stateless), not a security group rule (stateful).
    pub network_acl: bool,
}

/// A network ACL deny that an allow with a higher rule number never overrides.
#[derive(Debug, Clone)]
pub struct AclDeny {
    /// Terraform address of the deny: an `aws_network_acl_rule`, or the ACL of an inline
    /// `ingress` block.
    pub resource: String,
    pub rule_no: f64,
    pub protocol: Protocol,
    pub ports: Ports,
}

impl AclDeny {
    /// Whether this deny stops every packet of `protocol` (TCP or UDP) on `port`.
    fn stops(&self, protocol: &Protocol, port: u32) -> bool {
        let protocol_covered = matches!(self.protocol, Protocol::All) || self.protocol == *protocol;
        protocol_covered
            && match self.ports {
                Ports::All => true,
                Ports::Range(from, to) => (from..=to).contains(&port),
                Ports::Unknown(_) => matches!(self.protocol, Protocol::All),
            }
    }

    /// Whether this deny stops everything `allow` (protocol and ports) admits.
    fn covers(&self, allow: &IngressRule) -> bool {
        match (&self.protocol, &self.ports) {
            (Protocol::All, _) => true,
            (deny, _) if *deny != allow.protocol => false,
            (_, Ports::All) => true,
            (_, Ports::Range(df, dt)) => {
                matches!(allow.ports, Ports::Range(af, at) if *df <= af && at <= *dt)
            }
            (_, Ports::Unknown(_)) => false,
        }
    }

    /// "TCP 22", "UDP every port", "every protocol".
    pub fn traffic(&self) -> String {
        let protocol = match &self.protocol {
            Protocol::All => return "every protocol".to_owned(),
            Protocol::Tcp => "TCP".to_owned(),
            Protocol::Udp => "UDP".to_owned(),
            Protocol::Other(name) => format!("protocol {name}"),
            Protocol::Unknown(_) => "an unknown protocol".to_owned(),
        };
        match self.ports {
            Ports::Range(from, to) if from == to => format!("{protocol} {from}"),
            Ports::Range(from, to) => format!("{protocol} {from}-{to}"),
            _ => format!("{protocol} every port"),
        }
    }
}

impl IngressRule {
    /// Whether this is a network ACL's rule for the ephemeral ports that the replies to
    /// outbound connections come back on (1024-65535, or a range within it up to 65535).
    /// A network ACL is stateless, so it must admit them; the security groups in front of
    /// the instances, which are stateful, decide what is reachable on those ports.
    pub fn is_ephemeral_return_path(&self) -> bool {
        self.network_acl
            && matches!(self.protocol, Protocol::Tcp | Protocol::Udp)
            && matches!(self.ports, Ports::Range(from, 65535) if from >= 1024)
    }

    /// Whether a lower-numbered deny of the ACL stops `protocol` (TCP or UDP) on `port`
    /// for this rule's sources.
    pub fn denied_first(&self, protocol: &Protocol, port: u32) -> bool {
        self.denied_first.iter().any(|d| d.stops(protocol, port))
    }

    /// The port ranges of `protocol` (TCP or UDP) that still reach this rule, out of all of
    /// them, once the lower-numbered denies have stopped theirs.
    pub fn ports_left(&self, protocol: &Protocol) -> Vec<(u32, u32)> {
        let mut left = vec![(0, 65535)];
        for deny in &self.denied_first {
            if !(matches!(deny.protocol, Protocol::All) || deny.protocol == *protocol) {
                continue;
            }
            let (from, to) = match deny.ports {
                Ports::Range(from, to) => (from, to),
                Ports::All => (0, 65535),
                Ports::Unknown(_) if matches!(deny.protocol, Protocol::All) => (0, 65535),
                Ports::Unknown(_) => continue,
            };
            left = left
                .into_iter()
                .flat_map(|(a, b)| {
                    if b < from || a > to {
                        return vec![(a, b)];
                    }
                    let mut parts = Vec::new();
                    if a < from {
                        parts.push((a, from - 1));
                    }
                    if b > to {
                        parts.push((to + 1, b));
                    }
                    parts
                })
                .collect();
        }
        left
    }
}

/// A network ACL entry before order is applied.
struct AclEntry {
    /// The names the ACL is known by: its address and, for a default ACL, the VPC
    /// attribute it adopts.
    acl: Vec<String>,
    rule_no: Option<f64>,
    allow: bool,
    rule: IngressRule,
}

/// Collects the ingress rules of a configuration.
pub fn collect(config: &Configuration<'_>) -> Vec<IngressRule> {
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
                    let mut acl = vec![address.clone()];
                    // A default ACL is also the VPC's `default_network_acl_id`.
                    acl.extend(acl_reference(
                        config,
                        resource.unit,
                        &resource.block.body,
                        "default_network_acl_id",
                        scope,
                    ));
                    for block in
                        config.blocks(resource.unit, &resource.block.body, "ingress", scope)
                    {
                        let body = block.body;
                        acl_entries.push(AclEntry {
                            acl: acl.clone(),
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
                let acl = acl_reference(config, resource.unit, body, "network_acl_id", scope)
                    .into_iter()
                    .collect();
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

fn for_instances(
    config: &Configuration<'_>,
    resource: &Resource<'_>,
    mut f: impl FnMut(String, &Scope),
) {
    for instance in config.instances(resource.unit, resource.block) {
        f(
            format!("{}{}", resource.address(), instance.key),
            &instance.scope,
        );
    }
}

fn attr(config: &Configuration<'_>, unit: UnitId, body: &Body, name: &str, scope: &Scope) -> Value {
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
    config: &Configuration<'_>,
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
        denied_first: Vec::new(),
        network_acl: shape == RuleShape::Acl,
    }
}

/// The literal end of a CIDR template gives a prefix length of 1 or more (`/32`), so the
/// CIDR never means the whole internet.
fn ends_with_narrow_prefix(tail: &str) -> bool {
    tail.rsplit_once('/')
        .and_then(|(_, bits)| bits.trim().parse::<u8>().ok())
        .is_some_and(|bits| (1..=128).contains(&bits))
}

/// Which network ACL the argument `name` points at: the ACL's id as written
/// (`"acl-0123"`), or the address of the ACL resource it refers to, through locals and
/// variables too (`aws_network_acl.main.id` gives `aws_network_acl.main`); None when that
/// cannot be known, so the entry is matched with no other.
fn acl_reference(
    config: &Configuration<'_>,
    unit: UnitId,
    body: &Body,
    name: &str,
    scope: &Scope,
) -> Option<String> {
    let value = attr(config, unit, body, name, scope);
    if let Some(id) = value.as_str() {
        return Some(id.to_owned());
    }
    let reference = value.unknown_reference_name()?;
    let acl = ["aws_network_acl.", "aws_default_network_acl."]
        .iter()
        .any(|kind| reference.starts_with(kind))
        .then(|| reference.strip_suffix(".id"))
        .flatten();
    Some(acl.unwrap_or(reference).to_owned())
}

/// Network ACL rules are evaluated by number: the traffic a lower-numbered deny of the
/// same ACL stops for an allow's source never reaches the allow. An allow the denies
/// cover entirely is dropped; one they cover in part keeps them, so that only the rest
/// counts. Each source of an allow is judged apart.
fn order_acl_entries(entries: Vec<AclEntry>) -> Vec<IngressRule> {
    let mut out = Vec::new();
    for entry in &entries {
        if !entry.allow {
            continue;
        }
        for source in &entry.rule.sources {
            let mut rule = entry.rule.clone();
            rule.sources = vec![source.clone()];
            rule.denied_first = entries
                .iter()
                .filter_map(|deny| {
                    let rule_no = deny.rule_no?;
                    let earlier = !deny.allow
                        && deny.acl.iter().any(|name| entry.acl.contains(name))
                        && entry.rule_no.is_some_and(|allow_no| rule_no < allow_no)
                        && deny.rule.sources.iter().any(|d| covers_source(d, source));
                    earlier.then(|| AclDeny {
                        resource: deny.rule.resource.clone(),
                        rule_no,
                        protocol: deny.rule.protocol.clone(),
                        ports: deny.rule.ports.clone(),
                    })
                })
                .collect();
            if rule.denied_first.iter().any(|deny| deny.covers(&rule)) {
                continue;
            }
            out.push(rule);
        }
        if entry.rule.sources.is_empty() {
            out.push(entry.rule.clone());
        }
    }
    out
}

/// Whether a deny's CIDR takes in every address of the allow's: the same value, or the
/// whole internet of the same family.
fn covers_source(deny: &Source, allow: &Source) -> bool {
    deny.ipv6 == allow.ipv6
        && (data_eq(&deny.value, &allow.value) || deny.value.as_str().is_some_and(is_open))
}

/// The whole IPv4 internet.
pub const OPEN_IPV4: &str = "0.0.0.0/0";
/// The whole IPv6 internet.
pub const OPEN_IPV6: &str = "::/0";

/// Whether a CIDR admits the whole internet.
pub fn is_open(cidr: &str) -> bool {
    matches!(cidr.trim(), OPEN_IPV4 | OPEN_IPV6 | "0.0.0.0/00")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deny(protocol: Protocol, ports: Ports) -> AclDeny {
        AclDeny {
            resource: "aws_network_acl_rule.deny".to_owned(),
            rule_no: 10.0,
            protocol,
            ports,
        }
    }

    fn allow_all(denied_first: Vec<AclDeny>) -> IngressRule {
        IngressRule {
            resource: "aws_network_acl_rule.allow".to_owned(),
            protocol: Protocol::All,
            ports: Ports::All,
            sources: Vec::new(),
            denied_first,
            network_acl: true,
        }
    }

    #[test]
    fn ports_left_subtract_each_deny_of_the_protocol() {
        let rule = allow_all(vec![
            deny(Protocol::Tcp, Ports::Range(22, 22)),
            deny(Protocol::Tcp, Ports::Range(0, 10)),
            deny(Protocol::Udp, Ports::All),
            deny(Protocol::Tcp, Ports::Range(65000, 65535)),
        ]);
        assert_eq!(rule.ports_left(&Protocol::Tcp), [(11, 21), (23, 64999)]);
        assert_eq!(rule.ports_left(&Protocol::Udp), []);
        assert!(rule.denied_first(&Protocol::Tcp, 22));
        assert!(!rule.denied_first(&Protocol::Tcp, 23));
    }

    #[test]
    fn a_deny_covers_an_allow_only_within_its_range_and_protocol() {
        let mut allow = allow_all(Vec::new());
        allow.protocol = Protocol::Tcp;
        allow.ports = Ports::Range(20, 25);
        assert!(deny(Protocol::Tcp, Ports::Range(20, 25)).covers(&allow));
        assert!(deny(Protocol::All, Ports::All).covers(&allow));
        assert!(!deny(Protocol::Tcp, Ports::Range(22, 22)).covers(&allow));
        assert!(!deny(Protocol::Udp, Ports::All).covers(&allow));
    }
}
