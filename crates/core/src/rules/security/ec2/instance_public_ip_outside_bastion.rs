//! TFG660 `instance-public-ip-outside-bastion`.

use std::ops::Range;

use hcl_edit::Span;
use hcl_edit::expr::Expression;

use crate::analysis::Analyzed;
use crate::analysis::ingress::{IngressRule, Ports, Protocol};
use crate::analysis::instances::{EvaluatedAttribute, Flag, Target, flag, targets, via_text};
use crate::analysis::provenance::trace_of;
use crate::analysis::references::referenced_resources;
use crate::analysis::references::resources_linking_to;
use crate::check::{Check, CheckDocs, FixAvailability, Run};
use crate::configuration::Configuration;
use crate::finding::{Advice, Category, Family, Finding, Severity};
use crate::submission::UnitId;

pub static CHECK: Check = Check {
    code: "TFG660",
    name: "instance-public-ip-outside-bastion",
    family: Family::Security,
    severity: Severity::Medium,
    category: Category::A,
    fix: FixAvailability::None,
    evidence_is_secret: false,
    docs: CheckDocs {
        what: "Finds EC2 instances that get a public IP address: `aws_instance` with \
               `associate_public_ip_address = true`, in a subnet of this configuration \
               with `map_public_ip_on_launch = true`, or with an Elastic IP; launch \
               templates whose `network_interfaces` associate a public IP; launch \
               configurations that do. A bastion is exempt: an instance whose security \
               groups admit only SSH (port 22), while another instance of the \
               configuration has no public IP.",
        why: "An instance with a public address is one security group mistake away from \
              the internet, and every service it runs is scanned. Application servers \
              belong in private subnets behind a load balancer; people reach them through \
              SSM Session Manager or a single hardened bastion.",
        example: r#"resource "aws_instance" "app" {
  ami                         = "ami-0123456789abcdef0"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.public.id
  associate_public_ip_address = true
}"#,
        use_instead: r#"resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.2.0/24"
}

resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.private.id
}"#,
        fix: "Display-only: moving an instance to a private subnet replaces it and needs a \
              way in (a load balancer, Session Manager, a bastion), which only the author \
              can choose.",
        limitations: "An instance with `source_dest_check = false` forwards traffic for \
                      others (a NAT instance, a router) and needs its public address: it \
                      is not reported. A bastion is recognised from its security groups, \
                      which must be \
                      defined in this configuration: an instance whose groups come from \
                      elsewhere is reported. An instance without `subnet_id` (it launches \
                      in a default subnet), in a subnet this configuration does not \
                      create, or whose public IP setting the code cannot know gets an \
                      info note instead of a finding.",
    },
    run: Run::Configuration(run),
};

/// Whether an instance gets a public IP, and the evidence.
enum PublicIp {
    No,
    Yes {
        unit: UnitId,
        range: Range<usize>,
        /// "`associate_public_ip_address` is true", "its subnet ... maps public IPs".
        how: String,
        trace: Vec<String>,
    },
    Unknown {
        unit: UnitId,
        range: Range<usize>,
        reason: String,
    },
}

impl PublicIp {
    /// A public IP that `setting` turns on; `lead` names the setting, the value follows.
    fn set_by(
        config: &Configuration<'_>,
        unit: UnitId,
        setting: &EvaluatedAttribute<'_>,
        lead: &str,
    ) -> Self {
        PublicIp::Yes {
            unit,
            range: setting.evidence(unit),
            how: format!(
                "{lead}{}{}",
                setting.value,
                via_text(config, &setting.value)
            ),
            trace: trace_of(config, &setting.value),
        }
    }

    /// A public IP that depends on a setting whose value is unknown.
    fn unknown_setting(unit: UnitId, setting: &EvaluatedAttribute<'_>) -> Self {
        PublicIp::Unknown {
            unit,
            range: setting.value_range(),
            reason: setting
                .value
                .unknown_reason()
                .unwrap_or("its value is unknown")
                .to_owned(),
        }
    }
}

fn run(config: &Analyzed<'_, '_>, out: &mut Vec<Finding>) {
    let rules = config.ingress_rules();
    let instances: Vec<(Target<'_, '_>, PublicIp)> = targets(config, &["aws_instance"])
        .into_iter()
        .map(|t| {
            let verdict = instance_public_ip(config, &t);
            (t, verdict)
        })
        .collect();
    for (target, verdict) in &instances {
        // Another instance (not of the same block) without a public IP: a private tier.
        let private_neighbour = instances.iter().any(|(other, v)| {
            matches!(v, PublicIp::No) && !std::ptr::eq(other.block(), target.block())
        });
        let groups: Vec<&Expression> = ["vpc_security_group_ids", "security_groups"]
            .iter()
            .filter_map(|a| target.body().get_attribute(a).map(|a| &a.value))
            .collect();
        report(
            config,
            out,
            target,
            verdict,
            &groups,
            rules,
            private_neighbour,
        );
    }
    let private_neighbour = instances.iter().any(|(_, v)| matches!(v, PublicIp::No));
    for target in targets(config, &["aws_launch_template"]) {
        let unit = target.unit();
        for interface in config.blocks(unit, target.body(), "network_interfaces", &target.scope) {
            let verdict = match flag(
                config,
                unit,
                interface.body,
                "associate_public_ip_address",
                &interface.scope,
            ) {
                Flag::On => {
                    let setting = crate::analysis::instances::setting(
                        config,
                        unit,
                        interface.body,
                        "associate_public_ip_address",
                        &interface.scope,
                    );
                    match setting {
                        Some(setting) => PublicIp::set_by(
                            config,
                            unit,
                            &setting,
                            "its `network_interfaces` set `associate_public_ip_address` to ",
                        ),
                        None => PublicIp::No,
                    }
                }
                Flag::Unknown(setting) => PublicIp::unknown_setting(unit, &setting),
                Flag::Missing | Flag::Off(_) => PublicIp::No,
            };
            let groups: Vec<&Expression> = [
                interface.body.get_attribute("security_groups"),
                target.body().get_attribute("vpc_security_group_ids"),
            ]
            .into_iter()
            .flatten()
            .map(|a| &a.value)
            .collect();
            report(
                config,
                out,
                &target,
                &verdict,
                &groups,
                rules,
                private_neighbour,
            );
        }
    }
    for target in targets(config, &["aws_launch_configuration"]) {
        let unit = target.unit();
        let verdict = match target.flag(config, "associate_public_ip_address") {
            Flag::On => match target.setting(config, "associate_public_ip_address") {
                Some(setting) => {
                    PublicIp::set_by(config, unit, &setting, "`associate_public_ip_address` is ")
                }
                None => PublicIp::No,
            },
            Flag::Unknown(setting) => PublicIp::unknown_setting(unit, &setting),
            Flag::Missing | Flag::Off(_) => PublicIp::No,
        };
        let groups: Vec<&Expression> = target
            .body()
            .get_attribute("security_groups")
            .map(|a| &a.value)
            .into_iter()
            .collect();
        report(
            config,
            out,
            &target,
            &verdict,
            &groups,
            rules,
            private_neighbour,
        );
    }
}

fn report(
    config: &Configuration<'_>,
    out: &mut Vec<Finding>,
    target: &Target<'_, '_>,
    verdict: &PublicIp,
    groups: &[&Expression],
    rules: &[IngressRule],
    private_neighbour: bool,
) {
    match verdict {
        PublicIp::No => {}
        PublicIp::Unknown {
            unit,
            range,
            reason,
        } => out.push(
            CHECK
                .unknown(
                    *unit,
                    range.clone(),
                    format!(
                        "cannot tell whether `{}` gets a public IP: {reason}",
                        target.address
                    ),
                )
                .with_resource(target.address.clone()),
        ),
        PublicIp::Yes {
            unit,
            range,
            how,
            trace,
        } => {
            // `source_dest_check = false`: the instance forwards others' traffic (a NAT
            // instance, a router), which it cannot do without a public address.
            if matches!(target.flag(config, "source_dest_check"), Flag::Off(_)) {
                return;
            }
            let Err(not_bastion) = bastion(config, groups, rules, private_neighbour) else {
                return;
            };
            let mut finding = CHECK
                .finding(
                    *unit,
                    range.clone(),
                    format!(
                        "`{}` gets a public IP ({how}) and is not a bastion: {not_bastion}",
                        target.address
                    ),
                )
                .with_resource(target.address.clone());
            finding.trace = trace.clone();
            finding.alternatives.push(Advice {
                title: "keep the instance private".to_owned(),
                note: "put it in a private subnet (behind a load balancer for web traffic) and \
                       reach it with SSM Session Manager or through one bastion; moving it \
                       replaces the instance"
                    .to_owned(),
                snippet: Some(
                    "  subnet_id                   = aws_subnet.private.id\n  associate_public_ip_address = false"
                        .to_owned(),
                ),
            });
            out.push(finding);
        }
    }
}

/// Whether an `aws_instance` gets a public IP.
fn instance_public_ip(config: &Configuration<'_>, target: &Target<'_, '_>) -> PublicIp {
    let unit = target.unit();
    let address = target.resource.address();
    for (kind, attr) in [
        ("aws_eip", "instance"),
        ("aws_eip_association", "instance_id"),
    ] {
        if let Some(eip) = resources_linking_to(config, kind, attr, target.resource).next() {
            let range = eip
                .block
                .body
                .get_attribute(attr)
                .and_then(|a| a.value.span())
                .unwrap_or(0..0);
            return PublicIp::Yes {
                unit: eip.unit,
                range,
                how: format!("`{}` gives it an Elastic IP", eip.address()),
                trace: Vec::new(),
            };
        }
    }
    match target.flag(config, "associate_public_ip_address") {
        Flag::On => {
            if let Some(setting) = target.setting(config, "associate_public_ip_address") {
                return PublicIp::set_by(
                    config,
                    unit,
                    &setting,
                    "`associate_public_ip_address` is ",
                );
            }
        }
        Flag::Off(_) => return PublicIp::No,
        Flag::Unknown(setting) => {
            return PublicIp::unknown_setting(unit, &setting);
        }
        Flag::Missing => {}
    }
    // An existing network interface decides for itself; it gets no public IP at launch.
    if target
        .body()
        .get_blocks("network_interface")
        .next()
        .is_some()
    {
        return PublicIp::No;
    }
    let Some(subnet_id) = target.body().get_attribute("subnet_id") else {
        return PublicIp::Unknown {
            unit,
            range: target.header(),
            reason: format!(
                "`{address}` has no `subnet_id`, so it launches in a default subnet, which gives public IPs unless the account's default VPC was changed"
            ),
        };
    };
    let range = subnet_id.value.span().unwrap_or(0..0);
    let subnets: Vec<_> = referenced_resources(&subnet_id.value)
        .into_iter()
        .filter_map(|r| config.resources_of("aws_subnet").find(|s| s.address() == r))
        .collect();
    let Some(subnet) = subnets.first() else {
        let value = config.eval(unit, &subnet_id.value, &target.scope);
        return PublicIp::Unknown {
            unit,
            range,
            reason: format!(
                "its subnet is not in this configuration ({})",
                value
                    .unknown_reason()
                    .unwrap_or("`subnet_id` is not a reference to an `aws_subnet`")
            ),
        };
    };
    let mut public = 0;
    let mut private = 0;
    for instance in config.instances(subnet.unit, subnet.block) {
        match flag(
            config,
            subnet.unit,
            &subnet.block.body,
            "map_public_ip_on_launch",
            &instance.scope,
        ) {
            Flag::On => public += 1,
            Flag::Off(_) | Flag::Missing => private += 1,
            Flag::Unknown(setting) => {
                return PublicIp::Unknown {
                    unit,
                    range,
                    reason: format!(
                        "whether `{}` maps public IPs on launch is unknown: {}",
                        subnet.address(),
                        setting.value.unknown_reason().unwrap_or("unknown")
                    ),
                };
            }
        }
    }
    match (public, private) {
        (0, _) => PublicIp::No,
        (_, 0) => PublicIp::Yes {
            unit,
            range,
            how: format!(
                "its subnet `{}` has `map_public_ip_on_launch = true`",
                subnet.address()
            ),
            trace: Vec::new(),
        },
        _ => PublicIp::Unknown {
            unit,
            range,
            reason: format!(
                "only some instances of `{}` map public IPs on launch",
                subnet.address()
            ),
        },
    }
}

/// `Ok` when the security groups make a bastion, else why not.
fn bastion(
    config: &Configuration<'_>,
    groups: &[&Expression],
    rules: &[IngressRule],
    private_neighbour: bool,
) -> Result<(), String> {
    if groups.is_empty() {
        return Err("it has the VPC's default security group".to_owned());
    }
    let addresses: Vec<String> = groups
        .iter()
        .flat_map(|g| referenced_resources(g))
        .filter(|a| a.starts_with("aws_security_group."))
        .collect();
    if addresses.is_empty() {
        return Err("its security groups are not defined in this configuration".to_owned());
    }
    // Standalone rules, by the security group they attach to.
    let standalone: Vec<(String, Vec<String>)> = config
        .resources
        .iter()
        .filter(|r| {
            matches!(
                r.kind,
                "aws_security_group_rule" | "aws_vpc_security_group_ingress_rule"
            )
        })
        .map(|r| {
            let groups = r
                .block
                .body
                .get_attribute("security_group_id")
                .map(|a| referenced_resources(&a.value))
                .unwrap_or_default();
            (r.address(), groups)
        })
        .collect();
    let mut ssh = false;
    for group in &addresses {
        for rule in rules {
            let owner = rule.resource.split('[').next().unwrap_or("");
            let belongs = owner == group
                || standalone
                    .iter()
                    .any(|(rule_address, groups)| rule_address == owner && groups.contains(group));
            if !belongs {
                continue;
            }
            let ssh_only =
                rule.protocol == Protocol::Tcp && matches!(rule.ports, Ports::Range(22, 22));
            if !ssh_only {
                return Err(format!("`{group}` admits more than SSH"));
            }
            ssh = true;
        }
    }
    if !ssh {
        return Err("its security groups admit no SSH".to_owned());
    }
    if !private_neighbour {
        return Err("no other instance of this configuration sits in a private subnet".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::assert_reports;

    use crate::rules::security::testing::{codes, findings_of};

    const CODE: &str = super::CHECK.code;

    const NETWORK: &str = r#"
resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}
resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.2.0/24"
}
resource "aws_security_group" "bastion" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["203.0.113.0/24"]
  }
}
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_instance" "app" {
  ami                    = "ami-1"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.private.id
  vpc_security_group_ids = [aws_security_group.web.id]
}
"#;

    fn with_network(tf: &str) -> String {
        format!("{NETWORK}{tf}")
    }

    const FAIL: &[&str] = &[
        // A web server in the public subnet.
        r#"resource "aws_instance" "web" {
  ami                    = "ami-1"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.public.id
  vpc_security_group_ids = [aws_security_group.web.id]
}"#,
        r#"resource "aws_instance" "web" {
  ami                         = "ami-1"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.private.id
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.web.id]
}"#,
        // Admits only SSH, but uses the default security group too.
        r#"resource "aws_instance" "jump" {
  ami           = "ami-1"
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.public.id
}"#,
        r#"resource "aws_eip" "web" {
  instance = aws_instance.web.id
}
resource "aws_instance" "web" {
  ami                    = "ami-1"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.private.id
  vpc_security_group_ids = [aws_security_group.web.id]
}"#,
        r#"resource "aws_launch_template" "web" {
  image_id = "ami-1"
  network_interfaces {
    associate_public_ip_address = true
    security_groups             = [aws_security_group.web.id]
  }
}"#,
    ];

    const PASS: &[&str] = &[
        // The bastion pattern: SSH only, public subnet, next to a private instance.
        r#"resource "aws_instance" "bastion" {
  ami                    = "ami-1"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.public.id
  vpc_security_group_ids = [aws_security_group.bastion.id]
}"#,
        r#"resource "aws_instance" "worker" {
  ami                         = "ami-1"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.public.id
  associate_public_ip_address = false
  vpc_security_group_ids      = [aws_security_group.web.id]
}"#,
    ];

    #[test]
    fn fails() {
        let cases: Vec<String> = FAIL.iter().map(|tf| with_network(tf)).collect();
        let cases: Vec<&str> = cases.iter().map(String::as_str).collect();
        assert_reports(CODE, &cases);
    }

    #[test]
    fn passes() {
        for tf in PASS {
            let tf = with_network(tf);
            assert!(!codes(&tf).contains(&CODE), "{tf}");
        }
        // The network alone: the app instance is private.
        assert!(!codes(NETWORK).contains(&CODE));
    }

    #[test]
    fn a_nat_instance_needs_its_public_address() {
        let web = FAIL[0];
        let nat = web.replacen(
            "instance_type          = \"t3.micro\"",
            "instance_type          = \"t3.micro\"\n  source_dest_check      = false",
            1,
        );
        assert_ne!(nat, web);
        assert!(codes(&with_network(web)).contains(&CODE));
        assert!(!codes(&with_network(&nat)).contains(&CODE), "{nat}");
    }

    #[test]
    fn a_bastion_needs_private_neighbours() {
        let alone = r#"
resource "aws_subnet" "public" {
  map_public_ip_on_launch = true
}
resource "aws_security_group" "bastion" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["203.0.113.0/24"]
  }
}
resource "aws_instance" "bastion" {
  subnet_id              = aws_subnet.public.id
  vpc_security_group_ids = [aws_security_group.bastion.id]
}"#;
        let findings = findings_of(alone, CODE);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0].message.contains("no other instance"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn an_instance_without_subnet_is_a_note() {
        let findings = findings_of(
            r#"resource "aws_instance" "a" {
  ami           = "ami-1"
  instance_type = "t3.micro"
}"#,
            CODE,
        );
        assert_eq!(findings.len(), 1);
        assert!(findings[0].unknown);
    }

    #[test]
    fn message_names_the_evidence_and_the_reason() {
        let findings = findings_of(&with_network(FAIL[0]), CODE);
        insta::assert_snapshot!(findings[0].message);
    }
}
