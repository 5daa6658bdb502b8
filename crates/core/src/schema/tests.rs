use super::*;

const SMALL: &str = "\
# a comment
V 1.0.0
P aws
 region o s
R aws_thing
 arn c s
 name r s
 tags o m(s)
 rule l 1 0 #0
  port r n
  cidrs o l(s)
 other s 0 2 @0
 settings o o(a:s,b:l(n))
D aws_thing
 name o s
";

#[test]
fn a_small_schema_reads_with_shared_bodies_and_types() {
    let schema = Schema::parse(SMALL).expect("parses");
    assert_eq!(schema.version, "1.0.0");
    assert_eq!(schema.type_counts(), (1, 1));
    assert!(schema.provider().attribute("region").is_some());
    let thing = schema.type_body(Kind::Resource, "aws_thing").expect("type");
    let name = thing.attribute("name").expect("name");
    assert!(name.required && !name.computed);
    assert!(!thing.attribute("arn").expect("arn").settable());
    assert_eq!(
        thing.attribute("tags").expect("tags").ty,
        Type::Map(Box::new(Type::String))
    );
    let rule = thing.block("rule").expect("rule");
    assert_eq!(
        (rule.nesting, rule.min_items, rule.max_items),
        (Nesting::List, 1, 0)
    );
    let other = thing.block("other").expect("other");
    assert_eq!(other.body, rule.body, "`@0` reuses the body `#0` defined");
    assert_eq!(other.nesting, Nesting::Set);
    let body = schema.body(rule.body);
    assert_eq!(
        body.attribute("cidrs").expect("cidrs").ty.to_string(),
        "list(string)"
    );
    assert_eq!(
        thing.attribute("settings").expect("settings").ty,
        Type::Object(vec![
            ("a".into(), Type::String),
            ("b".into(), Type::List(Box::new(Type::Number)))
        ])
    );
    let writable: Vec<&str> = thing.writable_names().collect();
    assert_eq!(writable, ["name", "settings", "tags", "other", "rule"]);
    assert!(schema.type_body(Kind::DataSource, "aws_thing").is_some());
    assert!(schema.type_body(Kind::DataSource, "aws_other").is_none());
}

#[test]
fn broken_schema_text_is_a_located_error() {
    for (text, line, needle) in [
        ("P aws\nR x\n  deep o s\n", 3, "indentation"),
        ("P aws\nR x\n a o q\n", 3, "unreadable type"),
        ("P aws\nR x\n b l 0 0 @4\n", 3, "not defined"),
        ("Q aws\n", 1, "unknown tag"),
        ("R x\n a o s\n", 2, "no provider"),
        ("P aws\nR x\n b z 0 0\n", 3, "nesting"),
    ] {
        let error = Schema::parse(text).expect_err(text);
        assert_eq!(error.line, line, "{text}");
        assert!(error.message.contains(needle), "{error}");
    }
}

#[cfg(feature = "aws-schema")]
#[test]
fn the_bundled_aws_schema_reads_and_knows_common_types() {
    let schema = bundled().expect("bundled");
    let (resources, data_sources) = schema.type_counts();
    assert!(
        resources > 1000 && data_sources > 400,
        "{resources} {data_sources}"
    );
    let instance = schema
        .type_body(Kind::Resource, "aws_instance")
        .expect("aws_instance");
    assert!(instance.attribute("ami").is_some_and(Attribute::settable));
    assert!(instance.block("ebs_block_device").is_some());
    let bucket = schema
        .type_body(Kind::Resource, "aws_s3_bucket")
        .expect("bucket");
    assert!(bucket.attribute("arn").is_some_and(|a| !a.settable()));
    assert!(schema.type_body(Kind::DataSource, "aws_ami").is_some());
    assert!(schema.provider().attribute("region").is_some());
}

#[test]
fn closest_names_a_single_likely_typo() {
    let names = [
        "instance_type",
        "instance_tags",
        "ami",
        "subnet_id",
        "vpc_id",
    ];
    assert_eq!(closest("instance_typ", names), Some("instance_type"));
    assert_eq!(closest("subnetid", names), Some("subnet_id"));
    assert_eq!(closest("ami", names), None, "an exact name is no typo");
    assert_eq!(closest("colour", names), None);
    // Equally close to two names: no suggestion.
    assert_eq!(
        closest("instance_tagz", ["instance_tags", "instance_tage"]),
        None
    );
}
