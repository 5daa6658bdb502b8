//! IAM policies as the IAM checks see them, in every form Terraform code writes them:
//! `jsonencode({...})`, heredoc or string JSON, `data "aws_iam_policy_document"` (with
//! `dynamic "statement"` blocks), through locals, in the policy arguments of IAM, S3, SQS,
//! SNS, KMS, ECR and Secrets Manager resources. Each is read into [`Statement`]s whose
//! values ([`Leaf`]s) remember where they were written, so a finding points at the `"*"`.

use std::ops::Range;
use std::rc::Rc;

use hcl_edit::Span;
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::template::Element;

use super::policy_json::{self, Json, JsonKind};
use super::policy_template;
use crate::analysis::provenance::trace_of;
use crate::analysis::references::referenced_resources;
use crate::analysis::references::resource_address;
use crate::configuration::{Configuration, Resource};
use crate::eval::{Data, Origin, Scope, Value, Via, ViaKind};
use crate::submission::UnitId;

/// What a policy is attached to, which decides what `"*"` means in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Attached to a role, user or group: grants that identity.
    Identity,
    /// A role's `assume_role_policy`: who may assume it.
    Trust,
    /// Attached to a resource (bucket, queue, topic, ...): its `Resource` can only be that
    /// resource, so `"*"` there is not broad.
    ResourceBased,
    /// A KMS key policy: `Resource` must be `"*"`, meaning the key itself.
    KeyPolicy,
    /// A VPC endpoint policy: it limits what may pass through the endpoint, and grants
    /// nothing; callers still need their own permissions, so `"*"` there opens nothing.
    Endpoint,
}

impl Context {
    /// Whether an Allow of a policy in this context grants permissions (an endpoint
    /// policy only filters what other policies grant).
    pub fn grants(self) -> bool {
        self != Context::Endpoint
    }
}

/// Resource arguments holding a policy document, and the kind of policy.
const POLICY_ARGUMENTS: &[(&str, &str, Context)] = &[
    ("aws_iam_policy", "policy", Context::Identity),
    ("aws_iam_role_policy", "policy", Context::Identity),
    ("aws_iam_user_policy", "policy", Context::Identity),
    ("aws_iam_group_policy", "policy", Context::Identity),
    ("aws_iam_role", "inline_policy", Context::Identity),
    ("aws_iam_role", "assume_role_policy", Context::Trust),
    ("aws_s3_bucket_policy", "policy", Context::ResourceBased),
    ("aws_s3_bucket", "policy", Context::ResourceBased),
    ("aws_sqs_queue_policy", "policy", Context::ResourceBased),
    ("aws_sqs_queue", "policy", Context::ResourceBased),
    ("aws_sns_topic_policy", "policy", Context::ResourceBased),
    ("aws_sns_topic", "policy", Context::ResourceBased),
    (
        "aws_ecr_repository_policy",
        "policy",
        Context::ResourceBased,
    ),
    (
        "aws_secretsmanager_secret_policy",
        "policy",
        Context::ResourceBased,
    ),
    (
        "aws_secretsmanager_secret",
        "policy",
        Context::ResourceBased,
    ),
    ("aws_vpc_endpoint", "policy", Context::Endpoint),
    ("aws_vpc_endpoint_policy", "policy", Context::Endpoint),
    ("aws_kms_key", "policy", Context::KeyPolicy),
    ("aws_kms_key_policy", "policy", Context::KeyPolicy),
];

const POLICY_DOCUMENT: &str = "aws_iam_policy_document";

/// How many references (locals, nested expressions) a policy is followed through.
const MAX_DEPTH: usize = 48;

/// A policy of one resource instance (or one policy document data source instance).
#[derive(Debug, Clone)]
pub struct Policy {
    /// Address of the block: `aws_iam_role.app`, `data.aws_iam_policy_document.read`.
    pub block: String,
    /// Instance key: `[0]`, `["a"]`, or empty.
    pub key: String,
    /// How many instances the block has.
    pub instances: usize,
    /// The argument holding the policy: `policy`, `assume_role_policy`, `statement`.
    pub argument: &'static str,
    /// The unit the block is written in.
    pub unit: UnitId,
    /// The policy argument's value: evidence when a value was written elsewhere.
    pub fallback: Range<usize>,
    pub context: Context,
    pub content: Content,
}

impl Policy {
    /// Terraform address with the instance key.
    pub fn address(&self) -> String {
        format!("{}{}", self.block, self.key)
    }

    /// The range that shows a leaf: the literal when it is written in this unit, else the
    /// expression that holds it.
    pub fn evidence(&self, leaf: &Leaf) -> Range<usize> {
        match &leaf.origin {
            Some(origin) if origin.unit == self.unit => origin.span.clone(),
            _ => leaf.at.clone().unwrap_or_else(|| self.fallback.clone()),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Content {
    Statements(Vec<Statement>),
    /// The policy could not be read (the reason).
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
    Unknown(String),
}

/// One statement, its elements flattened to leaves.
#[derive(Debug, Clone)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub action: Option<Vec<Leaf>>,
    pub not_action: Option<Vec<Leaf>>,
    pub resource: Option<Vec<Leaf>>,
    pub not_resource: Option<Vec<Leaf>>,
    pub principal: Option<Vec<Leaf>>,
    pub not_principal: Option<Vec<Leaf>>,
    /// Condition keys, lower-case (`aws:sourcearn`).
    pub condition_keys: Vec<String>,
}

impl Statement {
    /// `statement "ReadData"` or `a statement`, for messages.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(sid) if !sid.is_empty() => format!("statement `{sid}`"),
            _ => "a statement".to_owned(),
        }
    }

    /// Whether the statement applies to every resource: `Resource "*"` or `NotResource`.
    pub fn on_every_resource(&self) -> bool {
        self.not_resource.is_some()
            || self
                .resource
                .iter()
                .flatten()
                .any(|leaf| leaf.text() == Some("*"))
    }
}

/// One string of a statement element (an action, a resource, a principal).
#[derive(Debug, Clone)]
pub struct Leaf {
    pub value: LeafValue,
    pub origin: Option<Rc<Origin>>,
    /// The expression holding it in the policy's unit, when that is narrower than the
    /// policy argument (an `actions` argument of a policy document).
    pub at: Option<Range<usize>>,
}

#[derive(Debug, Clone)]
pub enum LeafValue {
    Text(String),
    Unknown(Opaque),
}

impl Leaf {
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            LeafValue::Text(text) => Some(text.trim()),
            LeafValue::Unknown(_) => None,
        }
    }

    /// The reason, when the value is unknown and could be a wildcard.
    pub fn unknown_reason(&self) -> Option<&str> {
        match &self.value {
            LeafValue::Unknown(opaque) if !opaque.never_wildcard => Some(&opaque.reason),
            _ => None,
        }
    }

    /// What is known of the text: all of it, or a template's text with holes for what
    /// cannot be known (see `policy_template`).
    pub fn known_pattern(&self) -> Option<&str> {
        match &self.value {
            LeafValue::Text(text) => Some(text.trim()),
            LeafValue::Unknown(opaque) => opaque.pattern.as_deref().map(str::trim),
        }
    }

    /// The text for a message, unknown parts written `${…}`.
    pub fn display(&self) -> Option<String> {
        self.known_pattern().map(policy_template::display)
    }

    /// Whether this `Resource` value takes in every resource the actions of `service`
    /// act on: an ARN of that service whose resource part is a wildcard. `"*"` itself is
    /// judged apart.
    pub fn every_resource_of(&self, service: &str) -> bool {
        self.known_pattern()
            .is_some_and(|arn| arn_covers_every_resource(arn, service))
    }

    /// Where the value came from, for a finding's trace.
    pub fn trace(&self, config: &Configuration<'_>) -> Vec<String> {
        let value = Value::string(self.text().unwrap_or_default()).with_origin(self.origin.clone());
        trace_of(config, &value)
    }
}

/// Services whose ARNs name the resource directly after the account, without a type:
/// `arn:aws:s3:::bucket/key`, `arn:aws:sqs:region:account:queue`.
const UNTYPED_ARN_SERVICES: &[&str] = &["s3", "sqs", "sns"];

/// Whether an ARN takes in every resource of `service`: the service (or `*`) in its
/// service part and a wildcard for the name, right at the start of its resource part or
/// after the resource type: `arn:aws:logs:*:*:*`, `arn:aws:s3:::*`, `arn:aws:s3:::*/*`,
/// `arn:aws:dynamodb:*:*:table/*`, `arn:aws:lambda:*:*:function:*`. A name or a prefix of
/// one (`arn:aws:s3:::my-bucket/*`, `table/orders-*`) scopes it, as does a pattern of names
/// (`arn:aws:sns:*:*:*-${var.environment_suffix}`) or a part that cannot be known.
pub fn arn_covers_every_resource(arn: &str, service: &str) -> bool {
    let parts: Vec<&str> = arn.trim().splitn(6, ':').collect();
    let [prefix, _partition, arn_service, _region, _account, resource] = parts[..] else {
        return false;
    };
    if !prefix.eq_ignore_ascii_case("arn")
        || !(arn_service == "*" || arn_service.eq_ignore_ascii_case(service))
    {
        return false;
    }
    // A wildcard alone, or before a path (`*/*`), takes in every name; with more text
    // (`*-${var.environment_suffix}`, `*-prod`) it is a pattern of names.
    let every_name = |name: &str| name == "*" || name.starts_with("*/") || name.starts_with("*:");
    if every_name(resource) {
        return true;
    }
    if UNTYPED_ARN_SERVICES.contains(&service.to_ascii_lowercase().as_str()) {
        return false;
    }
    resource
        .find(['/', ':'])
        .is_some_and(|at| every_name(&resource[at + 1..]))
}

/// A value that cannot be known from the code.
#[derive(Debug, Clone)]
pub struct Opaque {
    pub reason: String,
    /// It cannot be `"*"`: an attribute of a resource or data source (an ARN or an id), or
    /// a template with literal text such as `"arn:aws:iam::${local.account}:root"`.
    pub never_wildcard: bool,
    /// The literal text of a template that could not be evaluated, interpolations left out.
    pub literal: String,
    /// The text of a template with what is known of it, each unknown part a hole marker
    /// (see `policy_template`): `arn:aws:dynamodb:*:<hole>:table/*`.
    pub pattern: Option<String>,
    /// The resources and data sources the value refers to (`aws_s3_bucket.state`).
    pub references: Vec<String>,
}

/// A policy value before statements are read from it.
#[derive(Debug, Clone)]
struct Node {
    kind: NodeKind,
    origin: Option<Rc<Origin>>,
}

#[derive(Debug, Clone)]
enum NodeKind {
    Null,
    Scalar(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
    Unknown(Opaque),
}

impl Node {
    fn unknown(reason: impl Into<String>, never_wildcard: bool) -> Node {
        Node {
            kind: NodeKind::Unknown(Opaque {
                reason: reason.into(),
                never_wildcard,
                literal: String::new(),
                pattern: None,
                references: Vec::new(),
            }),
            origin: None,
        }
    }

    fn passed_through(mut self, via: &Via) -> Node {
        if let Some(origin) = &self.origin {
            let mut origin = (**origin).clone();
            origin.via.insert(0, via.clone());
            self.origin = Some(Rc::new(origin));
        }
        match &mut self.kind {
            NodeKind::List(items) => {
                for item in items.iter_mut() {
                    *item = std::mem::replace(item, Node::unknown("", true)).passed_through(via);
                }
            }
            NodeKind::Map(entries) => {
                for (_, value) in entries.iter_mut() {
                    *value = std::mem::replace(value, Node::unknown("", true)).passed_through(via);
                }
            }
            _ => {}
        }
        self
    }

    fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The strings of this value; one without an origin of its own takes that of the
    /// nearest value around it (the list a variable gave, for instance).
    fn leaves(
        &self,
        at: Option<&Range<usize>>,
        inherited: Option<&Rc<Origin>>,
        out: &mut Vec<Leaf>,
    ) {
        let origin = self.origin.as_ref().or(inherited);
        match &self.kind {
            NodeKind::Null => {}
            NodeKind::Scalar(text) => out.push(Leaf {
                value: LeafValue::Text(text.clone()),
                origin: origin.cloned(),
                at: at.cloned(),
            }),
            NodeKind::List(items) => items.iter().for_each(|i| i.leaves(at, origin, out)),
            NodeKind::Map(entries) => entries.iter().for_each(|(_, v)| v.leaves(at, origin, out)),
            NodeKind::Unknown(opaque) => out.push(Leaf {
                value: LeafValue::Unknown(opaque.clone()),
                origin: origin.cloned(),
                at: at.cloned(),
            }),
        }
    }

    /// Gives a value without an origin that of the expression it was read from.
    fn read_from(mut self, unit: UnitId, expr: &Expression) -> Node {
        if self.origin.is_none() {
            self.origin = expr.span().map(|span| {
                Rc::new(Origin {
                    unit,
                    span,
                    via: Vec::new(),
                })
            });
        }
        self
    }

    fn text(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(text) => Some(text),
            _ => None,
        }
    }
}

/// What a policy argument resolves to.
enum Resolved {
    Node(Node),
    Unknown(String),
    /// A policy document data source, or another resource's policy: judged where written.
    Elsewhere,
    /// No policy (`null`).
    Absent,
}

/// Every policy of a configuration, one per resource instance and policy argument (and per
/// instance of each policy document data source).
pub fn collect(config: &Configuration<'_>) -> Vec<Policy> {
    let mut out = Vec::new();
    let mut uses: Vec<(String, Context)> = Vec::new();
    for resource in &config.resources {
        for &(_, argument, context) in POLICY_ARGUMENTS
            .iter()
            .filter(|(kind, _, _)| *kind == resource.kind)
        {
            let instances = config.instances(resource.unit, resource.block);
            for instance in &instances {
                let body = &resource.block.body;
                let exprs: Vec<(&Expression, Scope)> = if argument == "inline_policy" {
                    config
                        .blocks(resource.unit, body, "inline_policy", &instance.scope)
                        .into_iter()
                        .filter_map(|b| b.body.get_attribute("policy").map(|a| (&a.value, b.scope)))
                        .collect()
                } else {
                    body.get_attribute(argument)
                        .map(|a| (&a.value, instance.scope.clone()))
                        .into_iter()
                        .collect()
                };
                for (expr, scope) in exprs {
                    let content =
                        match resolve(config, resource.unit, expr, &scope, 0, context, &mut uses) {
                            Resolved::Node(node) => match statements_of(&node) {
                                Ok(statements) => Content::Statements(statements),
                                Err(reason) => Content::Unknown(reason),
                            },
                            Resolved::Unknown(reason) => Content::Unknown(reason),
                            Resolved::Elsewhere | Resolved::Absent => continue,
                        };
                    out.push(Policy {
                        block: resource.address(),
                        key: instance.key.clone(),
                        instances: instances.len(),
                        argument: if argument == "inline_policy" {
                            "policy"
                        } else {
                            argument
                        },
                        unit: resource.unit,
                        fallback: expr.span().unwrap_or(0..0),
                        context,
                        content,
                    });
                }
            }
        }
    }
    let documents: Vec<&Resource<'_>> = config
        .data
        .iter()
        .filter(|d| d.kind == POLICY_DOCUMENT)
        .collect();
    // A document composed into another (`source_policy_documents`) is used where that one is.
    for _ in 0..4 {
        for document in &documents {
            let contexts: Vec<Context> = uses
                .iter()
                .filter(|(address, _)| *address == document.address())
                .map(|(_, c)| *c)
                .collect();
            for argument in ["source_policy_documents", "override_policy_documents"] {
                let Some(attr) = document.block.body.get_attribute(argument) else {
                    continue;
                };
                for inner in referenced_resources(&attr.value) {
                    for context in &contexts {
                        if !uses.contains(&(inner.clone(), *context)) {
                            uses.push((inner.clone(), *context));
                        }
                    }
                }
            }
        }
    }
    for document in documents {
        let contexts: Vec<Context> = uses
            .iter()
            .filter(|(address, _)| *address == document.address())
            .map(|(_, c)| *c)
            .collect();
        // Where a document is used decides what its `"*"` means; used in several kinds of
        // policy, or nowhere, it is read as an identity policy (the strictest).
        let context = match contexts.first() {
            Some(first) if contexts.iter().all(|c| c == first) => *first,
            _ => Context::Identity,
        };
        let instances = config.instances(document.unit, document.block);
        for instance in &instances {
            let mut statements = document_statements(config, document, &instance.scope);
            let mut unknown = None;
            for argument in ["source_policy_documents", "override_policy_documents"] {
                let Some(attr) = document.block.body.get_attribute(argument) else {
                    continue;
                };
                if let Expression::Array(array) = &attr.value {
                    for element in array.iter() {
                        match resolve(
                            config,
                            document.unit,
                            element,
                            &instance.scope,
                            0,
                            context,
                            &mut Vec::new(),
                        ) {
                            Resolved::Node(node) => match statements_of(&node) {
                                Ok(more) => statements.extend(more),
                                Err(reason) => unknown = Some(reason),
                            },
                            Resolved::Unknown(reason) => unknown = Some(reason),
                            Resolved::Elsewhere | Resolved::Absent => {}
                        }
                    }
                }
            }
            let header = crate::edit::header_range(document.block);
            let policy = |content| Policy {
                block: document.address(),
                key: instance.key.clone(),
                instances: instances.len(),
                argument: "statement",
                unit: document.unit,
                fallback: header.clone(),
                context,
                content,
            };
            out.push(policy(Content::Statements(statements)));
            if let Some(reason) = unknown {
                out.push(policy(Content::Unknown(reason)));
            }
        }
    }
    out
}

/// Follows a policy argument to the document it holds.
fn resolve(
    config: &Configuration<'_>,
    unit: UnitId,
    expr: &Expression,
    scope: &Scope,
    depth: usize,
    context: Context,
    uses: &mut Vec<(String, Context)>,
) -> Resolved {
    if depth > MAX_DEPTH {
        return Resolved::Unknown("the policy is reached through too many references".to_owned());
    }
    let documents: Vec<String> = referenced_resources(expr)
        .into_iter()
        .filter(|r| r.starts_with(&format!("data.{POLICY_DOCUMENT}.")))
        .collect();
    if !documents.is_empty() {
        for document in documents {
            uses.push((document, context));
        }
        return Resolved::Elsewhere;
    }
    match expr {
        Expression::Parenthesis(inner) => {
            return resolve(config, unit, inner.inner(), scope, depth + 1, context, uses);
        }
        Expression::FuncCall(call)
            if call.name.name.as_str() == "jsonencode"
                && !call.name.is_namespaced()
                && call.args.len() == 1 =>
        {
            if let Some(arg) = call.args.get(0) {
                return Resolved::Node(read_node(config, unit, arg, scope, depth + 1));
            }
        }
        Expression::Traversal(traversal) => {
            if let Some(name) = local_name(traversal, scope) {
                if let Some(local) = config.locals.get(name) {
                    let via = Via {
                        address: format!("local.{name}"),
                        kind: ViaKind::Local,
                    };
                    return match resolve(
                        config,
                        local.unit,
                        &local.attr.value,
                        &Scope::new(),
                        depth + 1,
                        context,
                        uses,
                    ) {
                        Resolved::Node(node) => Resolved::Node(node.passed_through(&via)),
                        other => other,
                    };
                }
            } else if let Some(target) =
                resource_address(traversal).filter(|_| !in_scope(traversal, scope))
                && config.resources.iter().any(|r| r.address() == target)
            {
                // Another resource's policy (`aws_iam_policy.x.policy`) is judged there.
                return Resolved::Elsewhere;
            }
        }
        _ => {}
    }
    let value = config.eval(unit, expr, scope);
    match &value.data {
        Data::String(text) => {
            let base = literal_base(config, unit, expr, text);
            match policy_json::parse(text) {
                Some(json) => Resolved::Node(from_json(&json, unit, &Placement::Literal(base))),
                None => Resolved::Unknown("the policy is not valid JSON".to_owned()),
            }
        }
        Data::Map(_) => Resolved::Node(from_value(&value)),
        Data::Null => Resolved::Absent,
        Data::Unknown(unknown) => match policy_template::render(config, unit, expr, scope, true) {
            // A JSON template with values known only at plan time: what is known is read,
            // the rest stays unknown where it stands.
            Some(rendered) if !rendered.holes.is_empty() => {
                match policy_json::parse(&rendered.text) {
                    Some(json) => {
                        Resolved::Node(from_json(&json, unit, &Placement::Template(&rendered)))
                    }
                    None => Resolved::Unknown(unknown.reason.clone()),
                }
            }
            _ => Resolved::Unknown(unknown.reason.clone()),
        },
        _ => Resolved::Unknown(format!("the policy is a {}", value.type_name())),
    }
}

/// `local.NAME` exactly, unless `local` is bound in the scope.
fn local_name<'t>(traversal: &'t hcl_edit::expr::Traversal, scope: &Scope) -> Option<&'t str> {
    let Expression::Variable(root) = &traversal.expr else {
        return None;
    };
    if root.as_str() != "local" || scope.get("local").is_some() || traversal.operators.len() != 1 {
        return None;
    }
    match traversal.operators.first().map(|o| o.value()) {
        Some(TraversalOperator::GetAttr(name)) => Some(name.as_str()),
        _ => None,
    }
}

/// Whether a traversal's root is an iteration variable of `scope` (`statement.value`), not
/// a resource.
fn in_scope(traversal: &hcl_edit::expr::Traversal, scope: &Scope) -> bool {
    matches!(&traversal.expr, Expression::Variable(root) if scope.get(root.as_str()).is_some())
}

/// Where the text of a string or heredoc literal starts in the unit, when the evaluated
/// string is exactly the source text (no escapes, no interpolation, no indent stripped).
fn literal_base(
    config: &Configuration<'_>,
    unit: UnitId,
    expr: &Expression,
    value: &str,
) -> Option<usize> {
    let span = expr.span()?;
    let source = config.text(unit).get(span.clone())?;
    let offset = match expr {
        Expression::HeredocTemplate(_) => source.find('\n')? + 1,
        Expression::String(_) | Expression::StringTemplate(_) => 1,
        _ => return None,
    };
    let base = span.start + offset;
    (config.text(unit).get(base..base + value.len()) == Some(value)).then_some(base)
}

/// Reads an expression into a policy value, keeping literals' origins: objects and lists
/// structurally, locals followed, templates that cannot be evaluated kept as opaque text.
fn read_node(
    config: &Configuration<'_>,
    unit: UnitId,
    expr: &Expression,
    scope: &Scope,
    depth: usize,
) -> Node {
    if depth > MAX_DEPTH {
        return Node::unknown("the policy is nested too deeply", false);
    }
    match expr {
        Expression::Object(object) => {
            let mut entries = Vec::new();
            for (key, value) in object.iter() {
                let key = match key {
                    ObjectKey::Ident(ident) => ident.as_str().to_owned(),
                    ObjectKey::Expression(key_expr) => {
                        match config.eval(unit, key_expr, scope).to_template_string() {
                            Some(key) => key,
                            None => continue,
                        }
                    }
                };
                entries.push((key, read_node(config, unit, value.expr(), scope, depth + 1)));
            }
            Node {
                kind: NodeKind::Map(entries),
                origin: None,
            }
        }
        Expression::Array(array) => Node {
            kind: NodeKind::List(
                array
                    .iter()
                    .map(|e| read_node(config, unit, e, scope, depth + 1))
                    .collect(),
            ),
            origin: None,
        },
        Expression::Parenthesis(inner) => read_node(config, unit, inner.inner(), scope, depth + 1),
        Expression::Traversal(traversal) => {
            if let Some(name) = local_name(traversal, scope)
                && let Some(local) = config.locals.get(name)
            {
                let via = Via {
                    address: format!("local.{name}"),
                    kind: ViaKind::Local,
                };
                return read_node(
                    config,
                    local.unit,
                    &local.attr.value,
                    &Scope::new(),
                    depth + 1,
                )
                .passed_through(&via);
            }
            let value = config.eval(unit, expr, scope);
            if let Some(reason) = value.unknown_reason()
                && let Some(target) =
                    resource_address(traversal).filter(|_| !in_scope(traversal, scope))
            {
                // An attribute of a resource or data source: an ARN, an id, an account.
                let mut node = Node::unknown(reason, true);
                if let NodeKind::Unknown(opaque) = &mut node.kind {
                    opaque.references = vec![target];
                }
                return node.read_from(unit, expr);
            }
            from_value(&value).read_from(unit, expr)
        }
        Expression::StringTemplate(_) | Expression::HeredocTemplate(_) => {
            let value = config.eval(unit, expr, scope);
            if let Some(reason) = value.unknown_reason() {
                let literal: String = template_literals(expr);
                let never_wildcard = literal.chars().any(|c| c != '*' && !c.is_whitespace());
                let mut node = Node::unknown(reason, never_wildcard);
                if let NodeKind::Unknown(opaque) = &mut node.kind {
                    opaque.literal = literal;
                    opaque.pattern =
                        policy_template::render(config, unit, expr, scope, false).map(|r| r.text);
                    opaque.references = referenced_resources(expr);
                }
                return node.read_from(unit, expr);
            }
            let origin = value.origin.clone().or_else(|| {
                expr.span().map(|span| {
                    Rc::new(Origin {
                        unit,
                        span,
                        via: Vec::new(),
                    })
                })
            });
            from_value(&value.with_origin(origin))
        }
        _ => from_value(&config.eval(unit, expr, scope)).read_from(unit, expr),
    }
}

/// The literal text of a template, without its interpolations.
pub fn template_literals(expr: &Expression) -> String {
    let elements: Vec<&Element> = match expr {
        Expression::StringTemplate(template) => template.iter().collect(),
        Expression::HeredocTemplate(heredoc) => heredoc.template.iter().collect(),
        _ => Vec::new(),
    };
    elements
        .into_iter()
        .filter_map(|e| match e {
            Element::Literal(literal) => Some(literal.value().as_str()),
            _ => None,
        })
        .collect()
}

fn from_value(value: &Value) -> Node {
    let kind = match &value.data {
        Data::Null => NodeKind::Null,
        Data::Bool(b) => NodeKind::Scalar(b.to_string()),
        Data::Number(_) | Data::String(_) => {
            NodeKind::Scalar(value.to_template_string().unwrap_or_default())
        }
        Data::List(items) => NodeKind::List(items.iter().map(from_value).collect()),
        Data::Map(entries) => NodeKind::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), from_value(v)))
                .collect(),
        ),
        Data::Unknown(unknown) => NodeKind::Unknown(Opaque {
            reason: unknown.reason.clone(),
            // Values of resources and data sources are ARNs and ids, never a wildcard.
            never_wildcard: unknown.reason.ends_with("is known only after apply")
                || unknown
                    .reason
                    .ends_with("is read from the provider at plan time"),
            literal: String::new(),
            pattern: None,
            references: unknown
                .reference
                .as_deref()
                .map(resource_of_reference)
                .into_iter()
                .collect(),
        }),
    };
    Node {
        kind,
        origin: value.origin.clone(),
    }
}

/// Where the text of a JSON policy was written.
enum Placement<'r> {
    /// A literal whose text starts at this offset of the unit, when it is the source itself.
    Literal(Option<usize>),
    /// A template rendered with holes.
    Template(&'r policy_template::Rendered),
}

impl Placement<'_> {
    fn source_of(&self, range: &Range<usize>) -> Option<Range<usize>> {
        match self {
            Placement::Literal(base) => base.map(|base| base + range.start..base + range.end),
            Placement::Template(rendered) => rendered.source_of(range),
        }
    }
}

fn from_json(json: &Json, unit: UnitId, placement: &Placement<'_>) -> Node {
    let kind = match &json.kind {
        JsonKind::Null => NodeKind::Null,
        JsonKind::Bool(b) => NodeKind::Scalar(b.to_string()),
        JsonKind::Number(n) => NodeKind::Scalar(crate::value::format_number(*n)),
        JsonKind::String(s) => match placement {
            Placement::Template(rendered) if !rendered.holes.is_empty() => {
                template_string(s, rendered)
            }
            _ => NodeKind::Scalar(s.clone()),
        },
        JsonKind::Array(items) => NodeKind::List(
            items
                .iter()
                .map(|i| from_json(i, unit, placement))
                .collect(),
        ),
        JsonKind::Object(members) => NodeKind::Map(
            members
                .iter()
                .map(|(k, v)| (k.clone(), from_json(v, unit, placement)))
                .collect(),
        ),
    };
    Node {
        kind,
        origin: placement.source_of(&json.span).map(|span| {
            Rc::new(Origin {
                unit,
                span,
                via: Vec::new(),
            })
        }),
    }
}

/// A JSON string of a template rendered with holes: known text, or what is known of it.
fn template_string(text: &str, rendered: &policy_template::Rendered) -> NodeKind {
    let pieces = policy_template::pieces(text);
    let holes: Vec<&policy_template::Hole> = pieces
        .iter()
        .filter_map(|p| match p {
            policy_template::Piece::Hole(i) => rendered.holes.get(*i),
            policy_template::Piece::Text(_) => None,
        })
        .collect();
    let Some(first) = holes.first() else {
        return NodeKind::Scalar(text.to_owned());
    };
    if let [policy_template::Piece::Hole(_)] = pieces.as_slice() {
        // The whole string is one value that cannot be known: judged as that value.
        return from_value(&first.value).kind;
    }
    let literal: String = pieces
        .iter()
        .filter_map(|p| match p {
            policy_template::Piece::Text(t) => Some(*t),
            policy_template::Piece::Hole(_) => None,
        })
        .collect();
    NodeKind::Unknown(Opaque {
        reason: first.value.unknown_reason().unwrap_or_default().to_owned(),
        never_wildcard: literal.chars().any(|c| c != '*' && !c.is_whitespace()),
        literal,
        pattern: Some(text.to_owned()),
        references: holes
            .iter()
            .filter_map(|h| h.value.unknown_reference_name())
            .map(resource_of_reference)
            .collect(),
    })
}

/// `aws_s3_bucket.state` for the reference `aws_s3_bucket.state[0].arn`, and
/// `data.aws_caller_identity.current` for one to a data source.
fn resource_of_reference(reference: &str) -> String {
    let names = if reference.starts_with("data.") { 3 } else { 2 };
    reference
        .split('.')
        .take(names)
        .map(|part| part.split('[').next().unwrap_or(part))
        .collect::<Vec<_>>()
        .join(".")
}

/// The statements of a JSON-shaped policy; `Err` says why they cannot be read.
fn statements_of(node: &Node) -> Result<Vec<Statement>, String> {
    match &node.kind {
        NodeKind::Map(_) => {}
        NodeKind::Unknown(opaque) => return Err(opaque.reason.clone()),
        _ => return Err("the policy is not a JSON object".to_owned()),
    }
    let Some(statement) = node.get("Statement") else {
        return Ok(Vec::new());
    };
    let items: Vec<&Node> = match &statement.kind {
        NodeKind::List(items) => items.iter().collect(),
        NodeKind::Map(_) => vec![statement],
        NodeKind::Unknown(opaque) => return Err(opaque.reason.clone()),
        _ => return Err("`Statement` is neither an object nor a list".to_owned()),
    };
    let mut out = Vec::new();
    for item in items {
        if let NodeKind::Unknown(opaque) = &item.kind {
            return Err(opaque.reason.clone());
        }
        let leaves = |key: &str| {
            item.get(key).map(|node| {
                let mut leaves = Vec::new();
                node.leaves(None, None, &mut leaves);
                leaves
            })
        };
        let effect = match item.get("Effect").map(|e| &e.kind) {
            Some(NodeKind::Scalar(text)) if text.eq_ignore_ascii_case("deny") => Effect::Deny,
            Some(NodeKind::Unknown(opaque)) => Effect::Unknown(opaque.reason.clone()),
            _ => Effect::Allow,
        };
        let mut condition_keys = Vec::new();
        if let Some(NodeKind::Map(operators)) = item.get("Condition").map(|c| &c.kind) {
            for (_, tests) in operators {
                if let NodeKind::Map(keys) = &tests.kind {
                    condition_keys.extend(keys.iter().map(|(k, _)| k.to_ascii_lowercase()));
                }
            }
        }
        out.push(Statement {
            sid: item.get("Sid").and_then(Node::text).map(str::to_owned),
            effect,
            action: leaves("Action"),
            not_action: leaves("NotAction"),
            resource: leaves("Resource"),
            not_resource: leaves("NotResource"),
            principal: leaves("Principal"),
            not_principal: leaves("NotPrincipal"),
            condition_keys,
        });
    }
    Ok(out)
}

/// The statements of an `aws_iam_policy_document` data source instance.
fn document_statements(
    config: &Configuration<'_>,
    document: &Resource<'_>,
    scope: &Scope,
) -> Vec<Statement> {
    let unit = document.unit;
    let mut out = Vec::new();
    for block in config.blocks(unit, &document.block.body, "statement", scope) {
        let body = block.body;
        let scope = &block.scope;
        let leaves = |name: &str| {
            body.get_attribute(name).map(|attr| {
                let node = read_node(config, unit, &attr.value, scope, 0);
                let mut leaves = Vec::new();
                node.leaves(attr.value.span().as_ref(), None, &mut leaves);
                leaves
            })
        };
        let principals = |name: &str| {
            let blocks = config.blocks(unit, body, name, scope);
            if blocks.is_empty() {
                return None;
            }
            let mut leaves = Vec::new();
            for principal in blocks {
                if let Some(attr) = principal.body.get_attribute("identifiers") {
                    read_node(config, unit, &attr.value, &principal.scope, 0).leaves(
                        attr.value.span().as_ref(),
                        None,
                        &mut leaves,
                    );
                }
            }
            Some(leaves)
        };
        let effect = match body.get_attribute("effect") {
            None => Effect::Allow,
            Some(attr) => {
                let value = config.eval(unit, &attr.value, scope);
                match (value.as_str(), value.unknown_reason()) {
                    (Some(text), _) if text.eq_ignore_ascii_case("deny") => Effect::Deny,
                    (_, Some(reason)) => Effect::Unknown(reason.to_owned()),
                    _ => Effect::Allow,
                }
            }
        };
        let condition_keys = config
            .blocks(unit, body, "condition", scope)
            .into_iter()
            .filter_map(|c| {
                let attr = c.body.get_attribute("variable")?;
                config
                    .eval(unit, &attr.value, &c.scope)
                    .as_str()
                    .map(str::to_ascii_lowercase)
            })
            .collect();
        out.push(Statement {
            sid: body.get_attribute("sid").and_then(|a| {
                config
                    .eval(unit, &a.value, scope)
                    .as_str()
                    .map(str::to_owned)
            }),
            effect,
            action: leaves("actions"),
            not_action: leaves("not_actions"),
            resource: leaves("resources"),
            not_resource: leaves("not_resources"),
            principal: principals("principals"),
            not_principal: principals("not_principals"),
            condition_keys,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{InputFile, grade};

    /// Messages of the IAM checks (TFG603-TFG605) only.
    fn messages(tf: &str) -> Vec<String> {
        grade(vec![InputFile::new("main.tf", tf)], &Default::default())
            .findings
            .iter()
            .filter(|f| matches!(f.code, "TFG603" | "TFG604" | "TFG605"))
            .map(|f| format!("{} {}", f.code, f.message))
            .collect()
    }

    #[test]
    fn odd_shapes_are_notes_or_nothing_never_a_panic() {
        for policy in [
            r#"jsonencode("text")"#,
            r#"jsonencode({ Statement = 5 })"#,
            r#"jsonencode({ Statement = [5, "x", null] })"#,
            r#"jsonencode({ Statement = [{ Effect = "Allow", Action = { a = 1 }, Resource = [[["*"]]] }] })"#,
            r#"jsonencode([for i in range(3) : i])"#,
            r#""not json""#,
            r#""[1, 2]""#,
            r#"null"#,
            r#"42"#,
            r#"local.nowhere"#,
            r#"aws_iam_policy.other.policy"#,
        ] {
            let tf = format!("resource \"aws_iam_policy\" \"p\" {{\n  policy = {policy}\n}}\n");
            let found = messages(&tf);
            assert!(found.len() <= 2, "{policy}: {found:?}");
        }
    }

    #[test]
    fn arns_with_a_wildcard_resource_part_take_in_the_whole_service() {
        use super::arn_covers_every_resource as every;
        for (arn, service) in [
            ("arn:aws:logs:*:*:*", "logs"),
            ("arn:aws:s3:::*", "s3"),
            ("arn:aws:s3:::*/*", "s3"),
            ("arn:aws:dynamodb:*:*:table/*", "dynamodb"),
            ("arn:aws:dynamodb:*:*:table/*/index/*", "DynamoDB"),
            ("arn:aws:lambda:us-east-1:111122223333:function:*", "lambda"),
            ("arn:aws:logs:*:*:log-group:*", "logs"),
            ("arn:aws:logs:*:*:log-group:*:*", "logs"),
            ("arn:aws:*:*:*:*", "sqs"),
        ] {
            assert!(every(arn, service), "{arn}");
        }
        for (arn, service) in [
            ("arn:aws:s3:::my-bucket/*", "s3"),
            ("arn:aws:s3:::logs/*", "s3"),
            ("arn:aws:sqs:*:*:orders-*", "sqs"),
            // A pattern of names: the topics of one environment.
            ("arn:aws:sns:*:*:*-dev", "sns"),
            ("arn:aws:dynamodb:*:*:table/*-orders", "dynamodb"),
            ("arn:aws:dynamodb:*:*:table/orders", "dynamodb"),
            ("arn:aws:logs:*:*:log-group:/aws/lambda/*", "logs"),
            ("arn:aws:logs:*:*:*", "s3"),
            ("*", "s3"),
            ("arn:aws:s3", "s3"),
        ] {
            assert!(!every(arn, service), "{arn}");
        }
    }

    #[test]
    fn a_local_referring_to_itself_ends() {
        let tf = r#"locals {
  a = local.b
  b = local.a
}
resource "aws_iam_policy" "p" {
  policy = local.a
}"#;
        let found = messages(tf);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("TFG603 cannot read"), "{found:?}");
    }

    #[test]
    fn another_resources_policy_is_judged_there() {
        let tf = r#"resource "aws_iam_policy" "a" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
resource "aws_iam_policy" "b" {
  policy = aws_iam_policy.a.policy
}"#;
        let found = messages(tf);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("`aws_iam_policy.a`"), "{found:?}");
    }
}
