//! References between resources, the way Terraform links them: the resources and module
//! calls an expression refers to, and the resources whose attribute refers to another.

use hcl_edit::expr::{Expression, Traversal, TraversalOperator};
use hcl_edit::visit::{Visit, visit_expr};

use crate::configuration::{Configuration, Resource};

/// Roots of a traversal that name no resource.
const NOT_RESOURCES: &[&str] = &[
    "var",
    "local",
    "each",
    "count",
    "path",
    "terraform",
    "self",
    "module",
];

/// The resource a traversal is rooted at, as `type.name` (`aws_s3_bucket.logs` for
/// `aws_s3_bucket.logs.id`), or `data.type.name` for a data source.
pub fn resource_address(traversal: &Traversal) -> Option<String> {
    let Expression::Variable(root) = &traversal.expr else {
        return None;
    };
    let root = root.as_str();
    if NOT_RESOURCES.contains(&root) {
        return None;
    }
    let names: Vec<&str> = traversal
        .operators
        .iter()
        .map_while(|op| match op.value() {
            TraversalOperator::GetAttr(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    match (root, names.as_slice()) {
        ("data", [kind, name, ..]) => Some(format!("data.{kind}.{name}")),
        (kind, [name, ..]) if kind.contains('_') => Some(format!("{kind}.{name}")),
        _ => None,
    }
}

/// What `f` makes of each traversal of an expression (nested ones included), in order.
fn from_traversals<T>(expr: &Expression, f: impl Fn(&Traversal) -> Option<T>) -> Vec<T> {
    struct Collector<T, F>(Vec<T>, F);
    impl<T, F: Fn(&Traversal) -> Option<T>> Visit for Collector<T, F> {
        fn visit_traversal(&mut self, traversal: &Traversal) {
            self.0.extend((self.1)(traversal));
            hcl_edit::visit::visit_traversal(self, traversal);
        }
    }
    let mut collector = Collector(Vec::new(), f);
    visit_expr(&mut collector, expr);
    collector.0
}

/// The resources an expression refers to (see [`resource_address`]). Used to link
/// resources the way Terraform does: `bucket = aws_s3_bucket.logs.id`.
pub fn referenced_resources(expr: &Expression) -> Vec<String> {
    let mut out = from_traversals(expr, resource_address);
    out.dedup();
    out
}

/// The names an expression refers to under `root`: `vpc` for `module.vpc.vpc_id` under
/// `module`, `x` for `var.x` under `var`, `cidrs` for `local.cidrs` under `local`.
pub fn referenced_names(expr: &Expression, root: &str) -> Vec<String> {
    let mut out = from_traversals(expr, |traversal| {
        match (&traversal.expr, traversal.operators.first()) {
            (Expression::Variable(r), Some(op)) if r.as_str() == root => match op.value() {
                TraversalOperator::GetAttr(name) => Some(name.as_str().to_owned()),
                _ => None,
            },
            _ => None,
        }
    });
    out.dedup();
    out
}

/// The resources of type `kind` whose attribute `attr` refers to `target` (for example the
/// `aws_s3_bucket_public_access_block` whose `bucket` is `aws_s3_bucket.logs.id`).
pub fn resources_linking_to<'c, 'a>(
    config: &'c Configuration<'a>,
    kind: &'c str,
    attr: &'c str,
    target: &'c Resource<'a>,
) -> impl Iterator<Item = &'c Resource<'a>> + 'c {
    let address = target.address();
    config.resources_of(kind).filter(move |r| {
        r.block
            .body
            .get_attribute(attr)
            .is_some_and(|a| referenced_resources(&a.value).contains(&address))
    })
}

/// A provider configuration named by `provider = aws.west` (or `aws`): the provider's
/// local name and the alias, if any. `None` for any other expression.
pub fn provider_reference(expr: &Expression) -> Option<(&str, Option<&str>)> {
    match expr {
        Expression::Variable(name) => Some((name.as_str(), None)),
        Expression::Traversal(traversal) => {
            let Expression::Variable(root) = &traversal.expr else {
                return None;
            };
            match traversal.operators.as_slice() {
                [op] => match op.value() {
                    TraversalOperator::GetAttr(alias) => {
                        Some((root.as_str(), Some(alias.as_str())))
                    }
                    _ => None,
                },
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_resources_and_data_sources_only() {
        let expr = hcl_edit::parser::parse_expr(
            "concat([aws_s3_bucket.logs.id, data.aws_iam_policy_document.p.json], [var.x, local.y, each.key, module.m.out])",
        )
        .unwrap();
        assert_eq!(
            referenced_resources(&expr),
            ["aws_s3_bucket.logs", "data.aws_iam_policy_document.p"]
        );
    }
}
