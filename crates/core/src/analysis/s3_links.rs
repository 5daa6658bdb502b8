//! Which resources belong to which S3 bucket: the encryption configuration, public access
//! block or log delivery that names a bucket by reference (`aws_s3_bucket.logs.id`,
//! `.bucket`, through locals or `for_each`), or by a literal equal to its name.

use std::collections::HashMap;

use hcl_edit::expr::Expression;
use hcl_edit::visit::{Visit, visit_expr};

use crate::analysis::references::referenced_names;
use crate::analysis::references::referenced_resources;
use crate::configuration::{Configuration, Resource};
use crate::eval::Scope;
use crate::submission::UnitId;

/// What a `bucket` argument names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// Buckets of this configuration (addresses).
    Buckets(Vec<String>),
    /// A bucket that is not in this configuration.
    External,
    /// Cannot be known from the code (the reason).
    Unknown(String),
}

/// How deep locals are followed when looking for references.
const MAX_LOCAL_DEPTH: usize = 16;

/// The resources a bucket argument refers to, through locals, and through `for_each` or
/// `count` when the argument uses `each` or `count`.
fn references(
    config: &Configuration<'_>,
    expr: &Expression,
    iteration: &[&Expression],
) -> Vec<String> {
    let mut out = referenced_resources(expr);
    let mut pending: Vec<(String, usize)> = referenced_names(expr, "local")
        .into_iter()
        .map(|l| (l, 0))
        .collect();
    let mut seen = Vec::new();
    if uses_iteration(expr) {
        for iterated in iteration {
            out.extend(referenced_resources(iterated));
            pending.extend(
                referenced_names(iterated, "local")
                    .into_iter()
                    .map(|l| (l, 0)),
            );
        }
    }
    while let Some((name, depth)) = pending.pop() {
        if depth > MAX_LOCAL_DEPTH || seen.contains(&name) {
            continue;
        }
        if let Some(local) = config.locals.get(name.as_str()) {
            out.extend(referenced_resources(&local.attr.value));
            pending.extend(
                referenced_names(&local.attr.value, "local")
                    .into_iter()
                    .map(|l| (l, depth + 1)),
            );
        }
        seen.push(name);
    }
    out.sort();
    out.dedup();
    out
}

fn uses_iteration(expr: &Expression) -> bool {
    struct Finder(bool);
    impl Visit for Finder {
        fn visit_traversal(&mut self, traversal: &hcl_edit::expr::Traversal) {
            if let Expression::Variable(root) = &traversal.expr
                && matches!(root.as_str(), "each" | "count")
            {
                self.0 = true;
            }
            hcl_edit::visit::visit_traversal(self, traversal);
        }
    }
    let mut finder = Finder(false);
    visit_expr(&mut finder, expr);
    finder.0
}

/// The names the buckets of the configuration are created with, by address (an empty list
/// when the name is not known: `bucket_prefix`, a random suffix, ...).
pub fn bucket_names(config: &Configuration<'_>) -> Vec<(String, Vec<String>)> {
    config
        .resources_of("aws_s3_bucket")
        .map(|bucket| {
            let names = match bucket.block.body.get_attribute("bucket") {
                Some(attr) => config
                    .instances(bucket.unit, bucket.block)
                    .iter()
                    .filter_map(|i| {
                        config
                            .eval(bucket.unit, &attr.value, &i.scope)
                            .as_str()
                            .map(str::to_owned)
                    })
                    .collect(),
                None => Vec::new(),
            };
            (bucket.address(), names)
        })
        .collect()
}

/// What the bucket argument `expr` of a resource names; `iteration` holds the resource's
/// `for_each` or `count` expression.
pub fn link(
    config: &Configuration<'_>,
    names: &[(String, Vec<String>)],
    unit: UnitId,
    expr: &Expression,
    scope: &Scope,
    iteration: &[&Expression],
) -> Link {
    let buckets: Vec<String> = references(config, expr, iteration)
        .into_iter()
        .filter(|r| names.iter().any(|(address, _)| address == r))
        .collect();
    if !buckets.is_empty() {
        return Link::Buckets(buckets);
    }
    let value = config.eval(unit, expr, scope);
    match (value.as_str(), value.unknown_reason()) {
        (Some(name), _) => {
            let named: Vec<String> = names
                .iter()
                .filter(|(_, n)| n.iter().any(|n| n == name))
                .map(|(address, _)| address.clone())
                .collect();
            if named.is_empty() {
                Link::External
            } else {
                Link::Buckets(named)
            }
        }
        (None, Some(reason)) => Link::Unknown(reason.to_owned()),
        (None, None) => Link::External,
    }
}

/// The link of a resource's own `attr` argument (`bucket`), over all its instances.
pub fn link_of(
    config: &Configuration<'_>,
    names: &[(String, Vec<String>)],
    resource: &Resource<'_>,
    attr: &str,
) -> Link {
    let Some(value) = resource.block.body.get_attribute(attr) else {
        return Link::External;
    };
    let body = &resource.block.body;
    let iteration: Vec<&Expression> = ["for_each", "count"]
        .iter()
        .filter_map(|a| body.get_attribute(a).map(|a| &a.value))
        .collect();
    let mut buckets = Vec::new();
    let mut unknown = None;
    for instance in config.instances(resource.unit, resource.block) {
        match link(
            config,
            names,
            resource.unit,
            &value.value,
            &instance.scope,
            &iteration,
        ) {
            Link::Buckets(found) => buckets.extend(found),
            Link::Unknown(reason) => unknown = Some(reason),
            Link::External => {}
        }
    }
    buckets.sort();
    buckets.dedup();
    match (buckets.is_empty(), unknown) {
        (false, _) => Link::Buckets(buckets),
        (true, Some(reason)) => Link::Unknown(reason),
        (true, None) => Link::External,
    }
}

/// The resources of one type that name buckets through one argument (the encryption
/// configurations by their `bucket`), read once for all buckets.
pub struct Companions<'c, 'a> {
    /// By bucket address: those that refer to it directly, in configuration order.
    direct: HashMap<String, Vec<&'c Resource<'a>>>,
    /// By bucket address: those that name it otherwise (through locals, `for_each`,
    /// `count` or its literal name), in configuration order.
    linked: HashMap<String, Vec<&'c Resource<'a>>>,
}

impl<'c, 'a> Companions<'c, 'a> {
    pub fn read(
        config: &'c Configuration<'a>,
        names: &[(String, Vec<String>)],
        kind: &'c str,
        attr: &'c str,
    ) -> Self {
        let mut direct: HashMap<String, Vec<&'c Resource<'a>>> = HashMap::new();
        let mut linked: HashMap<String, Vec<&'c Resource<'a>>> = HashMap::new();
        for resource in config.resources_of(kind) {
            if let Some(value) = resource.block.body.get_attribute(attr) {
                let mut refs = referenced_resources(&value.value);
                refs.sort();
                refs.dedup();
                for address in refs {
                    direct.entry(address).or_default().push(resource);
                }
            }
            if let Link::Buckets(buckets) = link_of(config, names, resource, attr) {
                for address in buckets {
                    linked.entry(address).or_default().push(resource);
                }
            }
        }
        Self { direct, linked }
    }

    /// The resources that name `bucket`: by a direct reference, else through locals,
    /// `for_each` or `count`, or by the bucket's literal name.
    pub fn of(&self, bucket: &Resource<'_>) -> Vec<&'c Resource<'a>> {
        let address = bucket.address();
        let mut found: Vec<&'c Resource<'a>> =
            self.direct.get(&address).cloned().unwrap_or_default();
        for resource in self.linked.get(&address).into_iter().flatten() {
            if !found.iter().any(|f| std::ptr::eq(f.block, resource.block)) {
                found.push(resource);
            }
        }
        found
    }
}

/// The resources of type `kind` whose bucket cannot be known, with the reason.
pub fn unresolved<'c, 'a>(
    config: &'c Configuration<'a>,
    names: &[(String, Vec<String>)],
    kind: &'c str,
    attr: &str,
) -> Vec<(&'c Resource<'a>, String)> {
    config
        .resources_of(kind)
        .filter_map(|r| match link_of(config, names, r, attr) {
            Link::Unknown(reason) => Some((r, reason)),
            _ => None,
        })
        .collect()
}

/// For each bucket that receives logs from a service supporting only SSE-S3 (`AES256`) on
/// its target (load balancer access logs, S3 server access logging), the first such
/// delivery: bucket address, then what delivers (`` `aws_lb.web` access logs ``). Read in
/// one pass over the configuration, whatever the number of buckets.
pub fn sse_s3_only_deliveries(
    config: &Configuration<'_>,
    names: &[(String, Vec<String>)],
) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    let mut record = |link: Link, what: String| {
        if let Link::Buckets(buckets) = link {
            for bucket in buckets {
                out.entry(bucket).or_insert_with(|| what.clone());
            }
        }
    };
    for resource in &config.resources {
        let (block, attr, what) = match resource.kind {
            "aws_lb" | "aws_alb" | "aws_elb" => ("access_logs", "bucket", "access logs"),
            "aws_s3_bucket" => ("logging", "target_bucket", "server access logs"),
            "aws_s3_bucket_logging" => {
                record(
                    link_of(config, names, resource, "target_bucket"),
                    format!("`{}` server access logs", resource.address()),
                );
                continue;
            }
            _ => continue,
        };
        for instance in config.instances(resource.unit, resource.block) {
            for nested in config.blocks(resource.unit, &resource.block.body, block, &instance.scope)
            {
                if let Some(value) = nested.body.get_attribute(attr) {
                    record(
                        link(
                            config,
                            names,
                            resource.unit,
                            &value.value,
                            &nested.scope,
                            &[],
                        ),
                        format!("`{}` {what}", resource.address()),
                    );
                }
            }
        }
    }
    out
}
