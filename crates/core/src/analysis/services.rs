//! AWS service families: which resource types belong to each, and the names its SDK
//! clients, boto3 service names, Go SDK packages and terratest helpers use. One table.

/// A service family as the coverage map counts it.
pub struct ServiceFamily {
    /// The short name shown in the report: `s3`, `ec2`, `logs`.
    pub name: &'static str,
    /// Resource types: an entry ending in `_` is a prefix, any other is a type and every
    /// type that extends it with `_...`.
    pub resource_types: &'static [&'static str],
    /// SDK service names, lower-case without separators: `@aws-sdk/client-cloudwatch-logs`
    /// gives `cloudwatchlogs`, `ElasticLoadBalancingV2Client` gives `elasticloadbalancingv2`,
    /// `boto3.client("logs")` gives `logs`.
    pub sdk_names: &'static [&'static str],
    /// Words of terratest `aws.` helper names (lower-case): `GetS3BucketVersioning`.
    pub terratest_words: &'static [&'static str],
}

/// The families, in the order terratest helper names are matched (specific words first).
pub static FAMILIES: &[ServiceFamily] = &[
    family(
        "s3",
        &["aws_s3_", "aws_s3control_"],
        &["s3", "s3control"],
        &["s3"],
    ),
    family("rds", &["aws_db_", "aws_rds_"], &["rds"], &["rds"]),
    family("dynamodb", &["aws_dynamodb_"], &["dynamodb"], &["dynamodb"]),
    family("iam", &["aws_iam_"], &["iam"], &["iam"]),
    family("kms", &["aws_kms_"], &["kms"], &["kms", "cmk"]),
    family(
        "cloudtrail",
        &["aws_cloudtrail"],
        &["cloudtrail"],
        &["cloudtrail"],
    ),
    family(
        "logs",
        &["aws_cloudwatch_log_"],
        &["cloudwatchlogs", "logs"],
        &["cloudwatchlog"],
    ),
    family(
        "events",
        &["aws_cloudwatch_event_", "aws_scheduler_"],
        &["eventbridge", "events", "cloudwatchevents", "scheduler"],
        &[],
    ),
    family("cloudwatch", &["aws_cloudwatch_"], &["cloudwatch"], &[]),
    family("lambda", &["aws_lambda_"], &["lambda"], &["lambda"]),
    family("sqs", &["aws_sqs_"], &["sqs"], &["sqs"]),
    family("sns", &["aws_sns_"], &["sns"], &["sns"]),
    family(
        "elbv2",
        &["aws_lb", "aws_alb"],
        &["elasticloadbalancingv2", "elbv2"],
        &["loadbalancer", "alb"],
    ),
    family("elb", &["aws_elb"], &["elasticloadbalancing", "elb"], &[]),
    family("ecs", &["aws_ecs_"], &["ecs"], &["ecs"]),
    family("ecr", &["aws_ecr_"], &["ecr"], &["ecr"]),
    family("eks", &["aws_eks_"], &["eks"], &["eks"]),
    family(
        "apigateway",
        &["aws_api_gateway_", "aws_apigatewayv2_"],
        &["apigateway", "apigatewayv2"],
        &[],
    ),
    family("cloudfront", &["aws_cloudfront_"], &["cloudfront"], &[]),
    family("firehose", &["aws_kinesis_firehose_"], &["firehose"], &[]),
    family("kinesis", &["aws_kinesis_"], &["kinesis"], &["kinesis"]),
    family(
        "states",
        &["aws_sfn_"],
        &["sfn", "states", "stepfunctions"],
        &[],
    ),
    family(
        "secretsmanager",
        &["aws_secretsmanager_"],
        &["secretsmanager"],
        &["secret"],
    ),
    family("ssm", &["aws_ssm_"], &["ssm"], &["ssm", "parameter"]),
    family(
        "autoscaling",
        &["aws_autoscaling_", "aws_launch_configuration"],
        &["autoscaling"],
        &["asg", "autoscaling"],
    ),
    family("route53", &["aws_route53_"], &["route53"], &["route53"]),
    family("acm", &["aws_acm_"], &["acm"], &["acm", "cert"]),
    family("elasticache", &["aws_elasticache_"], &["elasticache"], &[]),
    family("wafv2", &["aws_wafv2_"], &["wafv2"], &[]),
    family(
        "ec2",
        &[
            "aws_instance",
            "aws_security_group",
            "aws_vpc",
            "aws_subnet",
            "aws_internet_gateway",
            "aws_nat_gateway",
            "aws_eip",
            "aws_route",
            "aws_route_table",
            "aws_main_route_table_association",
            "aws_network_acl",
            "aws_network_interface",
            "aws_launch_template",
            "aws_key_pair",
            "aws_ami",
            "aws_ebs_",
            "aws_volume_attachment",
            "aws_flow_log",
            "aws_placement_group",
            "aws_ec2_",
            "aws_egress_only_internet_gateway",
            "aws_default_security_group",
            "aws_default_network_acl",
            "aws_default_vpc",
            "aws_default_subnet",
            "aws_default_route_table",
        ],
        &["ec2"],
        &[
            "ec2",
            "vpc",
            "subnet",
            "securitygroup",
            "ami",
            "ebs",
            "instance",
            "keypair",
        ],
    ),
];

const fn family(
    name: &'static str,
    resource_types: &'static [&'static str],
    sdk_names: &'static [&'static str],
    terratest_words: &'static [&'static str],
) -> ServiceFamily {
    ServiceFamily {
        name,
        resource_types,
        sdk_names,
        terratest_words,
    }
}

/// The family of an AWS resource type: the entry with the longest matching prefix, else
/// the word after `aws_` (`aws_glue_job` is `glue`). None for other providers.
pub fn family_of_resource(kind: &str) -> Option<String> {
    let rest = kind.strip_prefix("aws_")?;
    let matches = |entry: &str| {
        if entry.ends_with('_') {
            kind.starts_with(entry)
        } else {
            kind == entry
                || kind
                    .strip_prefix(entry)
                    .is_some_and(|tail| tail.starts_with('_'))
        }
    };
    FAMILIES
        .iter()
        .flat_map(|f| f.resource_types.iter().map(move |e| (f.name, *e)))
        .filter(|(_, e)| matches(e))
        .max_by_key(|(_, e)| e.len())
        .map(|(name, _)| name.to_owned())
        .or_else(|| Some(rest.split('_').next().unwrap_or(rest).to_owned()))
}

/// The family of an SDK service name (`cloudwatch-logs`, `CloudWatchLogs`, `logs`).
pub fn family_of_sdk_name(name: &str) -> Option<&'static str> {
    let key: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    FAMILIES
        .iter()
        .find(|f| f.sdk_names.contains(&key.as_str()))
        .map(|f| f.name)
}

/// The family of a terratest `aws.` helper (`GetRdsInstanceDetailsE` is `rds`).
pub fn family_of_terratest_helper(function: &str) -> Option<&'static str> {
    let lower = function.to_ascii_lowercase();
    FAMILIES
        .iter()
        .find(|f| f.terratest_words.iter().any(|w| lower.contains(w)))
        .map(|f| f.name)
}

/// Resource types named in a literal's text (`resource "aws_s3_bucket"`,
/// `aws_sqs_queue\.dlq`), each with its byte offset in the text.
pub fn resource_types_in(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(found) = text.get(i..).and_then(|rest| rest.find("aws_")) {
        let start = i + found;
        let boundary =
            start == 0 || !(bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
        let mut end = start + 4;
        while end < bytes.len()
            && (bytes[end].is_ascii_lowercase()
                || bytes[end].is_ascii_digit()
                || bytes[end] == b'_')
        {
            end += 1;
        }
        let kind = text[start..end].trim_end_matches('_');
        if boundary && kind.len() > 4 {
            out.push((start, kind));
        }
        i = end.max(start + 4);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_types_map_to_families() {
        assert_eq!(family_of_resource("aws_s3_bucket"), Some("s3".into()));
        assert_eq!(
            family_of_resource("aws_kinesis_firehose_delivery_stream"),
            Some("firehose".into())
        );
        assert_eq!(
            family_of_resource("aws_kinesis_stream"),
            Some("kinesis".into())
        );
        assert_eq!(
            family_of_resource("aws_cloudwatch_log_group"),
            Some("logs".into())
        );
        assert_eq!(
            family_of_resource("aws_cloudwatch_metric_alarm"),
            Some("cloudwatch".into())
        );
        assert_eq!(
            family_of_resource("aws_lb_target_group"),
            Some("elbv2".into())
        );
        assert_eq!(
            family_of_resource("aws_lambda_function"),
            Some("lambda".into())
        );
        assert_eq!(
            family_of_resource("aws_route53_record"),
            Some("route53".into())
        );
        assert_eq!(
            family_of_resource("aws_route_table_association"),
            Some("ec2".into())
        );
        assert_eq!(
            family_of_resource("aws_vpc_security_group_ingress_rule"),
            Some("ec2".into())
        );
        assert_eq!(family_of_resource("random_id"), None);
    }

    #[test]
    fn sdk_and_helper_names_map_to_families() {
        assert_eq!(family_of_sdk_name("cloudwatch-logs"), Some("logs"));
        assert_eq!(family_of_sdk_name("ElasticLoadBalancingV2"), Some("elbv2"));
        assert_eq!(family_of_sdk_name("SFN"), Some("states"));
        assert_eq!(
            family_of_terratest_helper("GetRdsInstanceDetailsE"),
            Some("rds")
        );
        assert_eq!(
            family_of_terratest_helper("GetS3BucketVersioning"),
            Some("s3")
        );
        assert_eq!(
            family_of_terratest_helper("GetSecurityGroupById"),
            Some("ec2")
        );
    }

    #[test]
    fn resource_types_are_found_in_regex_text() {
        let found: Vec<&str> =
            resource_types_in(r#"resource\s+"aws_s3_bucket"\s+=\s*aws_sqs_queue\.dlq"#)
                .into_iter()
                .map(|(_, k)| k)
                .collect();
        assert_eq!(found, ["aws_s3_bucket", "aws_sqs_queue"]);
    }
}
