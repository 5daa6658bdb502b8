//! CIDR arithmetic for IPv4 and IPv6, as Terraform's `cidr*` functions do it.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::args::{Outcome, error, integer_arg, string_arg};
use crate::value::Value;

/// A network: its address with host bits cleared, and its prefix length.
#[derive(Clone, Copy)]
struct Network {
    address: u128,
    prefix: u32,
    /// 32 for IPv4, 128 for IPv6.
    bits: u32,
}

impl Network {
    fn parse(name: &str, text: &str) -> Result<Self, Value> {
        let invalid = || {
            error(format!(
                "`{name}` expects a CIDR prefix such as \"10.0.0.0/16\", got {text:?}"
            ))
        };
        let (address, prefix) = text.split_once('/').ok_or_else(invalid)?;
        if prefix.is_empty() || prefix.len() > 3 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let prefix: u32 = prefix.parse().map_err(|_| invalid())?;
        let (address, bits, prefix) = if let Ok(v4) = address.parse::<Ipv4Addr>() {
            (u128::from(u32::from(v4)), 32, prefix)
        } else if let Ok(v6) = address.parse::<Ipv6Addr>() {
            // An IPv4-mapped prefix is IPv4 in disguise; Terraform prints it as IPv4.
            match v6.to_ipv4_mapped() {
                Some(v4) if prefix >= 96 => (u128::from(u32::from(v4)), 32, prefix - 96),
                _ => (u128::from(v6), 128, prefix),
            }
        } else {
            return Err(invalid());
        };
        if prefix > bits {
            return Err(invalid());
        }
        Ok(Self {
            address: address & mask(bits, prefix),
            prefix,
            bits,
        })
    }

    fn family(self) -> &'static str {
        if self.bits == 32 { "IPv4" } else { "IPv6" }
    }

    /// The last address in the network.
    fn last(self) -> u128 {
        self.address | (ones(self.bits) & !mask(self.bits, self.prefix))
    }

    fn contains(self, address: u128) -> bool {
        address & mask(self.bits, self.prefix) == self.address
    }

    fn render(self) -> String {
        format!(
            "{}/{}",
            render_address(self.address, self.bits),
            self.prefix
        )
    }
}

/// All `bits` low bits set.
fn ones(bits: u32) -> u128 {
    u128::MAX.checked_shr(128 - bits).unwrap_or(0)
}

/// The netmask of a prefix, as an integer of `bits` bits.
fn mask(bits: u32, prefix: u32) -> u128 {
    let host_bits = bits.saturating_sub(prefix);
    ones(bits) & u128::MAX.checked_shl(host_bits).unwrap_or(0)
}

fn render_address(address: u128, bits: u32) -> String {
    if bits == 32 {
        return Ipv4Addr::from(address as u32).to_string();
    }
    let v6 = Ipv6Addr::from(address);
    match v6.to_ipv4_mapped() {
        Some(v4) => v4.to_string(),
        None => v6.to_string(),
    }
}

pub(super) fn cidrsubnet(args: Vec<Value>) -> Outcome {
    let network = Network::parse("cidrsubnet", &string_arg("cidrsubnet", &args, 0)?)?;
    let newbits = integer_arg("cidrsubnet", &args, 1)?;
    let netnum = integer_arg("cidrsubnet", &args, 2)?;
    let newbits = u32::try_from(newbits)
        .map_err(|_| error("`cidrsubnet` expects a non-negative number of new bits"))?;
    let prefix = network.prefix.saturating_add(newbits);
    if prefix > network.bits {
        return Err(error(format!(
            "`cidrsubnet` cannot extend a prefix of {} by {newbits} bits: an {} address has {}",
            network.prefix,
            network.family(),
            network.bits
        )));
    }
    let netnum = u128::try_from(netnum)
        .map_err(|_| error("`cidrsubnet` expects a non-negative subnet number"))?;
    if netnum.checked_shr(newbits).unwrap_or(0) != 0 {
        return Err(error(format!(
            "`cidrsubnet` cannot number a subnet {netnum} with {newbits} new bits"
        )));
    }
    let offset = netnum.checked_shl(network.bits - prefix).unwrap_or(0);
    let subnet = Network {
        address: network.address | offset,
        prefix,
        bits: network.bits,
    };
    Ok(Value::string(subnet.render()))
}

pub(super) fn cidrhost(args: Vec<Value>) -> Outcome {
    let network = Network::parse("cidrhost", &string_arg("cidrhost", &args, 0)?)?;
    let hostnum = integer_arg("cidrhost", &args, 1)?;
    let host_bits = network.bits - network.prefix;
    let size_minus_one = ones(host_bits);
    // A negative number counts back from the end of the network.
    let host = if hostnum >= 0 {
        u128::from(hostnum.unsigned_abs())
    } else {
        let back = u128::from(hostnum.unsigned_abs()) - 1;
        size_minus_one.checked_sub(back).ok_or_else(|| {
            let size = i128::try_from(size_minus_one)
                .unwrap_or(i128::MAX)
                .saturating_add(1);
            error(format!(
                "`cidrhost` found no host numbered {} in a prefix of {}",
                size.saturating_add(i128::from(hostnum)),
                network.prefix
            ))
        })?
    };
    if host > size_minus_one {
        return Err(error(format!(
            "`cidrhost` found no host numbered {hostnum} in a prefix of {}",
            network.prefix
        )));
    }
    Ok(Value::string(render_address(
        network.address | host,
        network.bits,
    )))
}

pub(super) fn cidrnetmask(args: Vec<Value>) -> Outcome {
    let text = string_arg("cidrnetmask", &args, 0)?;
    let network = Network::parse("cidrnetmask", &text)?;
    if network.bits != 32 {
        return Err(error(format!(
            "`cidrnetmask` has no netmask for the IPv6 prefix {text:?}"
        )));
    }
    Ok(Value::string(render_address(mask(32, network.prefix), 32)))
}

pub(super) fn cidrsubnets(args: Vec<Value>) -> Outcome {
    let network = Network::parse("cidrsubnets", &string_arg("cidrsubnets", &args, 0)?)?;
    let mut prefixes = Vec::with_capacity(args.len().saturating_sub(1));
    for index in 1..args.len() {
        let newbits = integer_arg("cidrsubnets", &args, index)?;
        if newbits < 1 {
            return Err(error(
                "`cidrsubnets` must extend the prefix by at least one bit",
            ));
        }
        let prefix = i64::from(network.prefix).saturating_add(newbits);
        match u32::try_from(prefix) {
            Ok(prefix) if prefix <= network.bits => prefixes.push(prefix),
            _ => {
                return Err(error(format!(
                    "`cidrsubnets` would extend the prefix to {prefix} bits, too long for an {} address",
                    network.family()
                )));
            }
        }
    }
    let Some(&first) = prefixes.first() else {
        return Ok(Value::list(Vec::new()));
    };
    // Subnets are allocated in order, each aligned to its own size right after the
    // previous one; the walk starts from the subnet just before the network.
    let mut current = Network {
        address: network.address.wrapping_sub(1) & mask(network.bits, first),
        prefix: first,
        bits: network.bits,
    };
    let mut out = Vec::with_capacity(prefixes.len());
    for prefix in prefixes {
        let aligned = Network {
            address: current.last() & mask(network.bits, prefix),
            prefix,
            bits: network.bits,
        };
        let next = aligned.last().wrapping_add(1) & ones(network.bits);
        if next == 0 || !network.contains(next) {
            return Err(error(format!(
                "`cidrsubnets` has no room for a /{prefix} subnet after {}",
                current.render()
            )));
        }
        current = Network {
            address: next,
            prefix,
            bits: network.bits,
        };
        out.push(Value::string(current.render()));
    }
    Ok(Value::list(out))
}

#[cfg(test)]
mod tests {
    use crate::eval::functions::test_support::*;

    fn cidrsubnet(prefix: &str, newbits: f64, netnum: f64) -> crate::value::Value {
        eval("cidrsubnet", vec![s(prefix), n(newbits), n(netnum)])
    }

    fn cidrhost(prefix: &str, hostnum: f64) -> crate::value::Value {
        eval("cidrhost", vec![s(prefix), n(hostnum)])
    }

    #[test]
    fn cidrsubnet_matches_terraform() {
        assert_eq!(cidrsubnet("10.0.0.0/16", 8.0, 2.0), s("10.0.2.0/24"));
        assert_eq!(cidrsubnet("10.1.2.3/16", 8.0, 2.0), s("10.1.2.0/24"));
        assert_eq!(cidrsubnet("10.0.0.0/16", 0.0, 0.0), s("10.0.0.0/16"));
        assert_eq!(cidrsubnet("10.0.0.0/8", 8.0, 255.0), s("10.255.0.0/16"));
        assert_eq!(cidrsubnet("0.0.0.0/0", 32.0, 1.0), s("0.0.0.1/32"));
        assert_eq!(cidrsubnet("fd00::/56", 8.0, 3.0), s("fd00:0:0:3::/64"));
        assert_eq!(
            cidrsubnet("2001:db8::/32", 32.0, 65536.0),
            s("2001:db8:1::/64")
        );
        assert_eq!(cidrsubnet("::/0", 128.0, 1.0), s("::1/128"));
        assert_eq!(
            cidrsubnet("::ffff:10.0.0.0/112", 8.0, 1.0),
            s("10.0.1.0/24")
        );
        assert_eq!(
            eval("cidrsubnet", vec![s("10.0.0.0/16"), s("8"), n(2.0)]),
            s("10.0.2.0/24")
        );
        assert_error(
            &cidrsubnet("10.0.0.0/16", 8.0, 256.0),
            "subnet 256 with 8 new bits",
        );
        assert_error(
            &cidrsubnet("10.0.0.0/30", 3.0, 0.0),
            "cannot extend a prefix of 30 by 3",
        );
        assert_error(&cidrsubnet("10.0.0.0/16", 8.0, -1.0), "non-negative");
        assert_error(&cidrsubnet("10.0.0.0/16", -1.0, 0.0), "non-negative");
        assert_error(&cidrsubnet("10.0.0.0", 8.0, 0.0), "CIDR prefix");
        assert_error(&cidrsubnet("10.0.0.0/33", 1.0, 0.0), "CIDR prefix");
        assert_error(&cidrsubnet("10.0.0.256/8", 1.0, 0.0), "CIDR prefix");
        assert_error(&cidrsubnet("fd00::/129", 1.0, 0.0), "CIDR prefix");
    }

    #[test]
    fn cidrhost_matches_terraform() {
        assert_eq!(cidrhost("10.0.0.0/24", 5.0), s("10.0.0.5"));
        assert_eq!(cidrhost("10.0.0.1/24", 0.0), s("10.0.0.0"));
        assert_eq!(cidrhost("10.0.0.0/24", -1.0), s("10.0.0.255"));
        assert_eq!(cidrhost("10.0.0.0/24", -256.0), s("10.0.0.0"));
        assert_eq!(cidrhost("10.0.0.0/32", 0.0), s("10.0.0.0"));
        assert_eq!(cidrhost("fd00::/64", 5.0), s("fd00::5"));
        assert_eq!(cidrhost("fd00::/64", -1.0), s("fd00::ffff:ffff:ffff:ffff"));
        assert_eq!(
            cidrhost("::/0", -1.0),
            s("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
        );
        assert_error(&cidrhost("10.0.0.0/24", 256.0), "no host numbered 256");
        assert_error(&cidrhost("10.0.0.0/24", -257.0), "no host numbered -1");
        assert_error(&cidrhost("10.0.0.0/24", 1.5), "whole number");
    }

    #[test]
    fn cidrnetmask_matches_terraform() {
        assert_eq!(
            eval("cidrnetmask", vec![s("10.0.0.0/16")]),
            s("255.255.0.0")
        );
        assert_eq!(eval("cidrnetmask", vec![s("10.0.0.0/0")]), s("0.0.0.0"));
        assert_eq!(
            eval("cidrnetmask", vec![s("10.0.0.0/27")]),
            s("255.255.255.224")
        );
        assert_error(&eval("cidrnetmask", vec![s("fd00::/64")]), "IPv6");
    }

    #[test]
    fn cidrsubnets_matches_terraform() {
        let subnets = |prefix: &str, newbits: &[f64]| {
            let mut args = vec![s(prefix)];
            args.extend(newbits.iter().map(|b| n(*b)));
            eval("cidrsubnets", args)
        };
        assert_eq!(
            subnets("10.0.0.0/16", &[4.0, 4.0, 8.0, 4.0]),
            strings(&[
                "10.0.0.0/20",
                "10.0.16.0/20",
                "10.0.32.0/24",
                "10.0.48.0/20"
            ])
        );
        assert_eq!(subnets("10.0.0.0/16", &[]), strings(&[]));
        assert_eq!(
            subnets("10.0.0.0/16", &[16.0, 16.0]),
            strings(&["10.0.0.0/32", "10.0.0.1/32"])
        );
        assert_eq!(
            subnets("fd00::/56", &[8.0, 16.0]),
            strings(&["fd00::/64", "fd00:0:0:1::/72"])
        );
        assert_error(
            &subnets("10.0.0.0/30", &[4.0]),
            "34 bits, too long for an IPv4",
        );
        assert_error(&subnets("10.0.0.0/16", &[8.0, 0.0]), "at least one bit");
        assert_error(
            &subnets("10.0.0.0/24", &[1.0, 1.0, 1.0]),
            "no room for a /25 subnet after 10.0.0.128/25",
        );
        assert_error(&subnets("0.0.0.0/0", &[8.0]), "after 255.0.0.0/8");
    }
}
