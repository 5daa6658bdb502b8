//! References between resources, the way Terraform links them: the resources and module
//! calls an expression refers to, and the resources whose attribute refers to another.

use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::visit::{Visit, visit_expr};

use crate::configuration::{Configuration, Resource};

/// The resources an expression refers to, as `type.name` addresses (`aws_s3_bucket.logs`
/// for `aws_s3_bucket.logs.id`), data sources as `data.type.name`. Used to link resources
/// the way Terraform does: `bucket = aws_s3_bucket.logs.id`.
pub fn referenced_resources(expr: &Expression) -> Vec<String> {
    struct Collector(Vec<String>);
    impl Visit for Collector {
        fn visit_traversal(&mut self, traversal: &hcl_edit::expr::Traversal) {
            if let Expression::Variable(root) = &traversal.expr {
                let names: Vec<&str> = traversal
                    .operators
                    .iter()
                    .map_while(|op| match op.value() {
                        TraversalOperator::GetAttr(name) => Some(name.as_str()),
                        _ => None,
                    })
                    .collect();
                let root = root.as_str();
                match (root, names.as_slice()) {
                    (
                        "var" | "local" | "each" | "count" | "path" | "terraform" | "self"
                        | "module",
                        _,
                    ) => {}
                    ("data", [kind, name, ..]) => self.0.push(format!("data.{kind}.{name}")),
                    (kind, [name, ..]) if kind.contains('_') => {
                        self.0.push(format!("{kind}.{name}"))
                    }
                    _ => {}
                }
            }
            hcl_edit::visit::visit_traversal(self, traversal);
        }
    }
    let mut collector = Collector(Vec::new());
    visit_expr(&mut collector, expr);
    collector.0.dedup();
    collector.0
}

/// The module calls an expression refers to: `vpc` for `module.vpc.vpc_id`.
pub fn referenced_modules(expr: &Expression) -> Vec<String> {
    struct Collector(Vec<String>);
    impl Visit for Collector {
        fn visit_traversal(&mut self, traversal: &hcl_edit::expr::Traversal) {
            if let Expression::Variable(root) = &traversal.expr
                && root.as_str() == "module"
                && let Some(TraversalOperator::GetAttr(name)) =
                    traversal.operators.first().map(|op| op.value())
            {
                self.0.push(name.as_str().to_owned());
            }
            hcl_edit::visit::visit_traversal(self, traversal);
        }
    }
    let mut collector = Collector(Vec::new());
    visit_expr(&mut collector, expr);
    collector.0.dedup();
    collector.0
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
