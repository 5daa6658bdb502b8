//! Network exposure (RUBRIC.md 3.2): ingress that admits SSH, RDP, database ports or all
//! ports from the whole internet, in every form AWS offers, judged on evaluated values.
//!
//! The rules of a configuration are collected once into [`IngressRule`]s; each check asks
//! [`report_open`] about its service.

pub mod all_ports_open_to_world;
pub mod database_port_open_to_world;
pub mod rdp_open_to_world;
pub mod ssh_open_to_world;

use crate::analysis::ingress::{
    IngressRule, OPEN_IPV4, OPEN_IPV6, Ports, Protocol, Source, is_open,
};

use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::expr::Expression;

use crate::analysis::Analyzed;
use crate::analysis::provenance::trace_of;
use crate::check::Check;
use crate::configuration::Configuration;
use crate::eval::{Data, Scope, Value, ViaKind};
use crate::finding::{Applicability, Edit, Finding, Fix};
use crate::submission::UnitId;

/// A service whose exposure a check reports.
pub struct Service {
    pub check: &'static Check,
    /// `SSH`, `RDP`, `database`, `all ports`.
    pub label: &'static str,
    /// Ports that identify the service (`None`: the rule must admit every port).
    pub ports: Option<&'static [(u16, &'static str)]>,
    /// Whether a rule open to the world whose protocol or ports cannot be known gets a note
    /// of this check (one check notes it, so that one rule makes one note).
    pub notes_unknown_ports: bool,
    /// Stem of the variable the fix introduces: `ssh` gives `allowed_ssh_cidr`.
    pub variable_stem: &'static str,
}

/// Reports every ingress rule of `config` that admits `service` from the whole internet.
pub fn report_open(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>, service: &Service) {
    for rule in config.ingress_rules() {
        let Some(matched) = admits(rule, service) else {
            continue;
        };
        for source in &rule.sources {
            judge_source(config, out, service, rule, source, &matched);
        }
    }
}

/// What of the service a rule admits, or None when it does not admit it at all.
enum Admitted {
    /// The service, with the ports admitted: "SSH (port 22)".
    Ports(String),
    /// Cannot tell: the protocol or the ports are unknown (reason).
    Unknown(String),
}

fn admits(rule: &IngressRule, service: &Service) -> Option<Admitted> {
    let all_ports = matches!(rule.ports, Ports::All) || matches!(rule.protocol, Protocol::All);
    let Some(ports) = service.ports else {
        return (all_ports && rule.protocol.carries_ports_or_all())
            .then(|| every_port_left(rule, service))
            .flatten();
    };
    // A rule admitting everything is reported once, by the all-ports check; a network
    // ACL's rule for the ephemeral return ports is the path replies come back on, not a
    // way in to a service listening on one of them (RUBRIC.md 3.2).
    if all_ports || rule.is_ephemeral_return_path() {
        return None;
    }
    // Ports a lower-numbered deny of the network ACL stops are never admitted.
    let ports: Vec<_> = ports
        .iter()
        .filter(|(p, _)| !rule.denied_first(&Protocol::Tcp, u32::from(*p)))
        .collect();
    if ports.is_empty() {
        return None;
    }
    let maybe = |reason: &str| {
        service
            .notes_unknown_ports
            .then(|| Admitted::Unknown(reason.to_owned()))
    };
    if let Protocol::Unknown(reason) = &rule.protocol {
        return maybe(reason);
    }
    if !rule.protocol.is_tcp() {
        return None;
    }
    match &rule.ports {
        Ports::Range(from, to) => {
            let hit: Vec<String> = ports
                .iter()
                .filter(|(p, _)| (*from..=*to).contains(&u32::from(*p)))
                .map(|(p, name)| {
                    if name.is_empty() {
                        format!("port {p}")
                    } else {
                        format!("{name} port {p}")
                    }
                })
                .collect();
            (!hit.is_empty())
                .then(|| Admitted::Ports(format!("{} ({})", service.label, hit.join(", "))))
        }
        Ports::Unknown(reason) => maybe(reason),
        Ports::All => None,
    }
}

/// What a rule admitting every port still admits once the lower-numbered denies of its
/// network ACL have stopped their traffic: "all ports (every port)", or the ports left
/// and the denies that took the rest; None when the denies stop every port.
fn every_port_left(rule: &IngressRule, service: &Service) -> Option<Admitted> {
    let protocols: &[(Protocol, &str)] = match rule.protocol {
        Protocol::Tcp => &[(Protocol::Tcp, "TCP")],
        Protocol::Udp => &[(Protocol::Udp, "UDP")],
        _ => &[(Protocol::Tcp, "TCP"), (Protocol::Udp, "UDP")],
    };
    let mut left = Vec::new();
    let mut whole = true;
    for (protocol, name) in protocols {
        let ranges = rule.ports_left(protocol);
        match ranges.as_slice() {
            [(0, 65535)] => left.push(format!("every {name} port")),
            [] => whole = false,
            _ => {
                whole = false;
                let ranges: Vec<String> = ranges
                    .iter()
                    .map(|&(from, to)| {
                        if from == to {
                            from.to_string()
                        } else {
                            format!("{from}-{to}")
                        }
                    })
                    .collect();
                left.push(format!("{name} ports {}", ranges.join(", ")));
            }
        }
    }
    if whole {
        return Some(Admitted::Ports(format!("{} (every port)", service.label)));
    }
    if left.is_empty() {
        return None;
    }
    let denies: Vec<String> = rule
        .denied_first
        .iter()
        .map(|deny| {
            format!(
                "`{}` (rule {}) denies {} first",
                deny.resource,
                crate::value::format_number(deny.rule_no),
                deny.traffic()
            )
        })
        .collect();
    Some(Admitted::Ports(format!(
        "{} but what lower-numbered denies stop ({}; {})",
        service.label,
        left.join(" and "),
        denies.join("; ")
    )))
}

fn judge_source(
    config: &Configuration<'_>,
    out: &mut Vec<Finding>,
    service: &Service,
    rule: &IngressRule,
    source: &Source,
    admitted: &Admitted,
) {
    let (range, unit) = evidence_range(source);
    let what = match admitted {
        Admitted::Ports(what) => what.clone(),
        Admitted::Unknown(_) => format!("{} (port 22)", service.label),
    };
    match &source.value.data {
        Data::String(cidr) if is_open(cidr) => {
            let trace = trace_of(config, &source.value);
            // The message names the references; the trace adds where the literal is.
            let via: String = trace
                .iter()
                .filter(|step| step.starts_with("via "))
                .map(|step| format!(" {step}"))
                .collect();
            match admitted {
                Admitted::Ports(_) => out.push(service.check.finding(unit, range, format!("`{}` admits {what} from `{cidr}`{via}", rule.resource)).with_resource(rule.resource.clone()).with_trace(trace).with_fix(open_cidr_fix(config, service, source))),
                Admitted::Unknown(reason) => out.push(note(
                    service,
                    rule,
                    unit,
                    range,
                    format!(
                        "`{}` admits traffic from `{cidr}`{via}, and whether it includes {what} cannot be known: {reason}",
                        rule.resource
                    ),
                )),
            }
        }
        Data::Unknown(unknown) => {
            if matches!(admitted, Admitted::Unknown(_)) {
                return;
            }
            let open = if source.ipv6 { OPEN_IPV6 } else { OPEN_IPV4 };
            match source.value.unknown_variable_name() {
                Some(name) if validation_refuses(config, name, open) => {
                    let mut proven = note(
                        service,
                        rule,
                        unit,
                        range,
                        format!(
                            "`var.{name}` has no default and its validation refuses `{open}`: `{}` does not admit {what} from the whole internet",
                            rule.resource
                        ),
                    );
                    // Unknown, but provably not open: not counted as an unknown value.
                    proven.unknown = false;
                    out.push(proven);
                }
                _ => out.push(note(
                    service,
                    rule,
                    unit,
                    range,
                    format!(
                        "cannot tell whether `{}` admits {what} from the whole internet: {}",
                        rule.resource, unknown.reason
                    ),
                )),
            }
        }
        _ => {}
    }
}

fn note(
    service: &Service,
    rule: &IngressRule,
    unit: UnitId,
    range: Range<usize>,
    message: String,
) -> Finding {
    service
        .check
        .unknown(unit, range, message)
        .with_resource(rule.resource.clone())
}

/// The range that shows the evidence: the open literal when it is written inside the
/// attribute, else the attribute's value.
fn evidence_range(source: &Source) -> (Range<usize>, UnitId) {
    if let Some(origin) = &source.value.origin
        && origin.unit == source.unit
        && source.expr_range.start <= origin.span.start
        && origin.span.end <= source.expr_range.end
    {
        return (origin.span.clone(), source.unit);
    }
    (source.expr_range.clone(), source.unit)
}

/// Whether every validation of `var.NAME` together refuses the open CIDR `open`: supposing
/// the variable holds it (or a list holding it), some condition is false or fails.
pub fn validation_refuses(config: &Configuration<'_>, name: &str, open: &str) -> bool {
    let Some(item) = config.variables.get(name) else {
        return false;
    };
    let is_list = item
        .block
        .body
        .get_attribute("type")
        .map(|t| config.source_of(item.unit, &t.value))
        .is_some_and(|t| t.starts_with("list") || t.starts_with("set") || t.starts_with("tuple"));
    let supposed = if is_list {
        Value::list(vec![Value::string(open)])
    } else {
        Value::string(open)
    };
    let scope = Scope::new().with(format!("var.{name}"), supposed);
    item.block.body.get_blocks("validation").any(|validation| {
        validation
            .body
            .get_attribute("condition")
            .is_some_and(|condition| {
                let verdict = config.eval(item.unit, &condition.value, &scope);
                verdict.as_bool() == Some(false)
                    || verdict
                        .unknown_reason()
                        .is_some_and(|r| r.starts_with("error: "))
            })
    })
}

/// The fix for an open CIDR: a required variable with a validation refusing open CIDRs,
/// used in place of the open value (or, when the open value is a variable's default, the
/// default removed and the validation added).
fn open_cidr_fix(config: &Configuration<'_>, service: &Service, source: &Source) -> Option<Fix> {
    let origin = source.value.origin.as_ref()?;
    let literal_unit = origin.unit;
    let text = config.text(literal_unit);
    let innermost = origin.via.last();
    match innermost.map(|v| &v.kind) {
        Some(ViaKind::VariableDefault) => {
            let name = innermost?.address.strip_prefix("var.")?;
            variable_default_fix(config, name, origin)
        }
        Some(ViaKind::VariableFile(file)) => Some(Fix {
            title: format!(
                "set `{}` to the network that needs {} in {file}",
                innermost?.address, service.label
            ),
            applicability: Applicability::DisplayOnly,
            note: Some(
                "the value comes from a variable file, which belongs to whoever deploys".to_owned(),
            ),
            edits: Vec::new(),
        }),
        _ => {
            let ipv6 = source.ipv6;
            let name = format!(
                "allowed_{}_{}cidr",
                service.variable_stem,
                if ipv6 { "ipv6_" } else { "" }
            );
            let mut edits = vec![Edit::replace(
                literal_unit,
                origin.span.clone(),
                format!("var.{name}"),
            )];
            if !config.variables.contains_key(name.as_str()) {
                edits.push(insert_variable(config, literal_unit, &name, service, text));
            }
            Some(Fix {
                title: format!("restrict {} to a required variable `{name}`", service.label),
                applicability: Applicability::Unsafe,
                note: Some(format!(
                    "adds the required variable `{name}`: every plan must now set it to the network allowed to reach {}",
                    service.label
                )),
                edits,
            })
        }
    }
}

fn variable_default_fix(
    config: &Configuration<'_>,
    name: &str,
    origin: &crate::eval::Origin,
) -> Option<Fix> {
    let item = config.variables.get(name)?;
    let default = item.block.body.get_attribute("default")?;
    let unit = item.unit;
    let text = config.text(unit);
    let default_span = default.value.span()?;
    // The open value inside a longer list default: drop just that element.
    if let Expression::Array(array) = &default.value
        && array.len() > 1
        && default_span.start < origin.span.start
    {
        let elements: Vec<&Expression> = array.iter().collect();
        // Only an element that is the open literal itself; deeper values have no fix.
        let index = elements
            .iter()
            .position(|e| e.span().is_some_and(|s| s == origin.span))?;
        let span = elements[index].span()?;
        let range = if index + 1 < elements.len() {
            span.start..elements[index + 1].span()?.start
        } else {
            elements[index - 1].span()?.end..span.end
        };
        return Some(Fix {
            title: format!(
                "remove `{}` from the default of `var.{name}`",
                &text[span.clone()]
            ),
            applicability: Applicability::Unsafe,
            note: Some(
                "changes the rule on the next apply: the open network no longer has access"
                    .to_owned(),
            ),
            edits: vec![Edit::delete(unit, range)],
        });
    }
    if default_span != origin.span && !matches!(default.value, Expression::Array(_)) {
        // The open value sits deep inside a structured default; variables cannot refer to
        // other variables, so there is no mechanical fix.
        return None;
    }
    let attr_span = default.span()?;
    let line_start = text[..attr_span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[attr_span.end..]
        .find('\n')
        .map_or(text.len(), |i| attr_span.end + i + 1);
    let delete = if text[line_start..attr_span.start].trim().is_empty() {
        line_start..line_end
    } else {
        attr_span
    };
    let mut edits = vec![Edit::delete(unit, delete)];
    if !validation_refuses(config, name, OPEN_IPV4) || !validation_refuses(config, name, OPEN_IPV6)
    {
        let block_span = item.block.span()?;
        let close = text[..block_span.end].rfind('}')?;
        let indent = "  ";
        let is_list = item
            .block
            .body
            .get_attribute("type")
            .map(|t| config.source_of(unit, &t.value))
            .is_some_and(|t| t.starts_with("list") || t.starts_with("set"));
        let body_ends_with_newline = text[..close].trim_end_matches([' ', '\t']).ends_with('\n');
        edits.push(Edit::insert(
            unit,
            close,
            format!(
                "{}{}",
                if body_ends_with_newline { "" } else { "\n" },
                validation_block(name, is_list, indent)
            ),
        ));
    }
    Some(Fix {
        title: format!("make `var.{name}` required and refuse open CIDRs"),
        applicability: Applicability::Unsafe,
        note: Some(format!(
            "`var.{name}` becomes required: every plan must now set it to the network that may connect"
        )),
        edits,
    })
}

fn validation_block(name: &str, is_list: bool, indent: &str) -> String {
    let condition = if is_list {
        format!(
            "alltrue([for cidr in var.{name} : !contains([\"{OPEN_IPV4}\", \"{OPEN_IPV6}\"], cidr)])"
        )
    } else {
        format!("!contains([\"{OPEN_IPV4}\", \"{OPEN_IPV6}\"], var.{name})")
    };
    format!(
        "\n{indent}validation {{\n{indent}  condition     = {condition}\n{indent}  error_message = \"{name} must not be open to the whole internet ({OPEN_IPV4} or {OPEN_IPV6}).\"\n{indent}}}\n"
    )
}

fn insert_variable(
    config: &Configuration<'_>,
    unit: UnitId,
    name: &str,
    service: &Service,
    text: &str,
) -> Edit {
    let block = format!(
        "variable \"{name}\" {{\n  description = \"CIDR block allowed to reach {}; never the whole internet\"\n  type        = string\n{}}}\n",
        service.label,
        validation_block(name, false, "  ")
    );
    // After the last variable block of the unit, else at its end.
    let last_variable_end = config
        .variables
        .values()
        .filter(|v| v.unit == unit)
        .filter_map(|v| v.block.span())
        .map(|s| s.end)
        .max();
    match last_variable_end {
        Some(end) => Edit::insert(unit, end, format!("\n\n{}", block.trim_end())),
        None => {
            let sep = if text.is_empty() || text.ends_with("\n\n") {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            Edit::insert(unit, text.len(), format!("{sep}{block}"))
        }
    }
}

/// Shared test helpers for the checks of this family.
#[cfg(test)]
pub(crate) mod testing {
    pub use crate::rules::testing::*;
}

#[cfg(test)]
mod tests {
    use super::testing::codes;

    /// A network ACL as the real bundles write it: HTTPS in, and the ephemeral ports for
    /// the replies to the instances' own connections.
    fn acl(from: u16, to: u16) -> String {
        format!(
            r#"resource "aws_network_acl" "public" {{
  vpc_id = aws_vpc.main.id
  ingress {{
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 443
    to_port    = 443
    cidr_block = "0.0.0.0/0"
  }}
  ingress {{
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    from_port  = {from}
    to_port    = {to}
    cidr_block = "0.0.0.0/0"
  }}
}}"#
        )
    }

    #[test]
    fn acl_return_ports_are_no_service_exposure() {
        for (from, to) in [(1024, 65535), (32768, 65535), (49152, 65535)] {
            let found = codes(&acl(from, to));
            assert!(
                !found.iter().any(|c| c.starts_with("TFG2")),
                "{from}-{to}: {found:?}"
            );
        }
        // The same rule as a separate resource.
        let rule = r#"resource "aws_network_acl_rule" "return" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 120
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 1024
  to_port        = 65535
}"#;
        assert!(!codes(rule).iter().any(|c| c.starts_with("TFG2")));
    }

    #[test]
    fn acl_rules_that_open_a_service_port_are_still_exposures() {
        // Ranges that are not the return path: a database port, or ports below 1024.
        assert!(codes(&acl(3306, 3306)).contains(&"TFG203"));
        assert!(codes(&acl(1000, 65535)).contains(&"TFG203"));
        assert!(codes(&acl(3389, 3389)).contains(&"TFG202"));
        // A security group admitting the same range is stateful: a real exposure.
        let sg = r#"resource "aws_security_group" "wide" {
  ingress {
    from_port   = 1024
    to_port     = 65535
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}"#;
        let found = codes(sg);
        assert!(
            found.contains(&"TFG202") && found.contains(&"TFG203"),
            "{found:?}"
        );
    }
}
