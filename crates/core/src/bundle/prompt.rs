//! What PROMPT.md asks for: the AWS services, by a curated table of names and synonyms
//! matched on whole words of the prose (never in code blocks), and a required region, by
//! region codes or their city names in sentences that require a place. Both are compared
//! with what the model response and the ideal create: each requested service's resources
//! (resource types map to service families by the table the tests coverage map uses), and
//! each configuration's evaluated provider region. The rating's blockers (RUBRIC.md 4.1)
//! use both.

use serde::Serialize;

use super::{ConfigFacts, Side};
use crate::analysis::services::family_of_resource;
use crate::prose::{find_words, prose_blocks, sentences};

/// The requirements read from the prompt, and the configurations they are compared with.
#[derive(Debug, Clone, Serialize)]
pub struct PromptReport {
    pub file: String,
    /// Each service once, with the first sentence that asks for it.
    pub services: Vec<ServiceRequirement>,
    pub region: Option<RegionRequirement>,
    /// The region of the bundle's `provider "aws"` (the ideal's configuration, lib/ first),
    /// when known.
    pub provider_region: Option<String>,
    /// An info note: the provider region differs from the required one, or could not be
    /// known.
    pub note: Option<String>,
    /// The provider region of each configuration of the pair: the model response's and the
    /// ideal's (lib/ and IDEAL_RESPONSE.md).
    pub provider_regions: Vec<ProviderRegion>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceRequirement {
    /// Service key: `s3`, `ec2`, `vpc`, `lambda`, ...
    pub service: &'static str,
    /// The service family its API belongs to, as the coverage map names it (`vpc` is part
    /// of `ec2`).
    pub family: &'static str,
    /// Every family whose resources provide the service (`cloudwatch`: `cloudwatch` and
    /// `logs`).
    pub families: Vec<&'static str>,
    pub sentence: String,
    /// 1-based line of the match in PROMPT.md.
    pub line: usize,
    /// What the model response creates of it; None when the bundle has no model response
    /// configuration.
    pub model: Option<ServicePresence>,
    /// What the ideal creates of it (lib/ first, else IDEAL_RESPONSE.md); None when there
    /// is no ideal configuration.
    pub ideal: Option<ServicePresence>,
}

/// The resources of a requested service in one configuration.
#[derive(Debug, Clone, Serialize)]
pub struct ServicePresence {
    /// The configuration: `lib`, `lib/MODEL_RESPONSE.md`.
    pub configuration: String,
    pub present: bool,
    /// Addresses of its managed resources of the service's families.
    pub resources: Vec<String>,
}

/// The provider region one configuration sets, against the required one.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderRegion {
    pub side: Side,
    pub configuration: String,
    /// The evaluated region; None when it could not be known or no `provider "aws"` sets it.
    pub region: Option<String>,
    /// Where the value came from: `` `var.aws_region` (default) ``.
    pub via: Option<String>,
    /// Why the region is not known.
    pub unknown: Option<String>,
    /// Whether it is the required region; None when none is required or it is not known.
    pub matches: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionRequirement {
    /// The first region the prompt requires.
    pub region: String,
    /// Every region it requires (a multi-region prompt names several; RUBRIC.md 4: a
    /// provider in any of them matches), the first one first.
    pub regions: Vec<String>,
    pub sentence: String,
    pub line: usize,
}

/// A service and the words that name it. `context`: the word counts only when the
/// sentence also holds one of these (a "function" is a Lambda only near serverless words).
struct ServiceWords {
    service: &'static str,
    /// Families of the coverage map's table (`rules::test_suites::services`), the first
    /// one the service's own; a family that table does not list is the word after `aws_`
    /// of the service's resource types (`cognito`).
    families: &'static [&'static str],
    words: &'static [&'static str],
    context: &'static [&'static str],
    /// Words that, in the same sentence, make a generic word mean something else.
    not_with: &'static [&'static str],
}

const fn sw(
    service: &'static str,
    families: &'static [&'static str],
    words: &'static [&'static str],
) -> ServiceWords {
    ServiceWords {
        service,
        families,
        words,
        context: &[],
        not_with: &[],
    }
}

/// The curated table: acronyms and product names first, then generic nouns with their
/// conditions.
const SERVICES: &[ServiceWords] = &[
    sw("s3", &["s3"], &["s3", "bucket", "buckets"]),
    ServiceWords {
        service: "ec2",
        families: &["ec2", "autoscaling"],
        words: &[
            "ec2",
            "bastion",
            "instance",
            "instances",
            "ami",
            "launch template",
            "auto scaling",
            "autoscaling",
        ],
        context: &[],
        not_with: &["rds", "database", "db", "aurora", "postgresql", "mysql"],
    },
    sw(
        "vpc",
        &["ec2"],
        &[
            "vpc",
            "subnet",
            "subnets",
            "internet gateway",
            "nat gateway",
            "security group",
            "security groups",
            "network acl",
            "network acls",
            "nacl",
            "nacls",
        ],
    ),
    ServiceWords {
        service: "lambda",
        families: &["lambda"],
        words: &["lambda", "function", "functions"],
        context: &[
            "lambda",
            "serverless",
            "event",
            "events",
            "trigger",
            "triggers",
            "invoke",
            "handler",
            "runtime",
        ],
        not_with: &[],
    },
    ServiceWords {
        service: "dynamodb",
        families: &["dynamodb"],
        words: &["dynamodb", "dynamo", "table", "tables"],
        context: &[],
        not_with: &["route", "routing"],
    },
    sw(
        "cloudtrail",
        &["cloudtrail"],
        &["cloudtrail", "audit trail", "trail"],
    ),
    sw(
        "cloudwatch",
        &["cloudwatch", "logs"],
        &[
            "cloudwatch",
            "log group",
            "log groups",
            "logs",
            "alarm",
            "alarms",
            "metric filter",
            "metric filters",
        ],
    ),
    sw(
        "kms",
        &["kms"],
        &[
            "kms",
            "customer-managed key",
            "customer managed key",
            "encryption key",
            "cmk",
        ],
    ),
    sw(
        "iam",
        &["iam"],
        &[
            "iam",
            "role",
            "roles",
            "instance profile",
            "least privilege",
            "least-privilege",
        ],
    ),
    sw(
        "rds",
        &["rds"],
        &[
            "rds",
            "postgresql",
            "postgres",
            "mysql",
            "aurora",
            "mariadb",
            "relational database",
        ],
    ),
    sw(
        "sqs",
        &["sqs"],
        &["sqs", "queue", "queues", "dead-letter queue"],
    ),
    sw("sns", &["sns"], &["sns", "topic", "topics"]),
    sw(
        "apigateway",
        &["apigateway"],
        &["api gateway", "http api", "rest api"],
    ),
    sw("cloudfront", &["cloudfront"], &["cloudfront", "cdn"]),
    sw("ecs", &["ecs"], &["ecs", "fargate"]),
    sw("eks", &["eks"], &["eks", "kubernetes"]),
    sw(
        "elb",
        &["elbv2", "elb"],
        &[
            "alb",
            "nlb",
            "load balancer",
            "application load balancer",
            "network load balancer",
        ],
    ),
    sw(
        "stepfunctions",
        &["states"],
        &["step functions", "step function", "state machine"],
    ),
    sw("kinesis", &["kinesis"], &["kinesis", "data stream"]),
    sw("firehose", &["firehose"], &["firehose"]),
    sw("secretsmanager", &["secretsmanager"], &["secrets manager"]),
    sw("cognito", &["cognito"], &["cognito", "user pool"]),
    sw(
        "elasticache",
        &["elasticache"],
        &["elasticache", "redis", "memcached"],
    ),
    sw(
        "route53",
        &["route53"],
        &["route 53", "route53", "hosted zone"],
    ),
    sw(
        "ssm",
        &["ssm"],
        &["ssm", "parameter store", "session manager"],
    ),
    sw("eventbridge", &["events"], &["eventbridge", "event bus"]),
    sw("waf", &["wafv2", "waf"], &["waf"]),
    sw("efs", &["efs"], &["efs"]),
];

/// Region codes' city names, as the console shows them.
const REGION_NAMES: &[(&str, &str)] = &[
    ("n. virginia", "us-east-1"),
    ("northern virginia", "us-east-1"),
    ("ohio", "us-east-2"),
    ("n. california", "us-west-1"),
    ("northern california", "us-west-1"),
    ("oregon", "us-west-2"),
    ("ireland", "eu-west-1"),
    ("london", "eu-west-2"),
    ("paris", "eu-west-3"),
    ("frankfurt", "eu-central-1"),
    ("zurich", "eu-central-2"),
    ("stockholm", "eu-north-1"),
    ("milan", "eu-south-1"),
    ("spain", "eu-south-2"),
    ("tokyo", "ap-northeast-1"),
    ("seoul", "ap-northeast-2"),
    ("osaka", "ap-northeast-3"),
    ("singapore", "ap-southeast-1"),
    ("sydney", "ap-southeast-2"),
    ("jakarta", "ap-southeast-3"),
    ("mumbai", "ap-south-1"),
    ("hyderabad", "ap-south-2"),
    ("hong kong", "ap-east-1"),
    ("são paulo", "sa-east-1"),
    ("sao paulo", "sa-east-1"),
    ("canada central", "ca-central-1"),
    ("montreal", "ca-central-1"),
    ("bahrain", "me-south-1"),
    ("uae", "me-central-1"),
    ("cape town", "af-south-1"),
];

/// Words of a sentence that requires a place.
const REGION_REQUIRING: &[&str] = &[
    "region", "deploy", "deployed", "deploys", "must", "should", "run", "runs", "hosted", "in",
];

/// Reads PROMPT.md and compares it with the configurations of the bundle.
pub fn read(file: &str, markdown: &str, configs: &[ConfigFacts]) -> PromptReport {
    let line_index = crate::source::LineIndex::new(markdown);
    let line_of = |offset: usize| line_index.position(markdown, offset).line;
    let blocks = prose_blocks(markdown);
    let model = ConfigFacts::model(configs);
    let ideal = ConfigFacts::ideal(configs);
    // The ideal's inventory includes its modules (RUBRIC.md 4): every deployed
    // configuration of the ideal side (lib/ and lib/modules/*) when the ideal is lib/.
    let ideal_inventory: Vec<&ConfigFacts> = match ideal {
        Some(i) if !i.from_response => configs
            .iter()
            .filter(|c| c.side == Side::Ideal && !c.from_response)
            .collect(),
        Some(i) => vec![i],
        None => Vec::new(),
    };
    let mut services: Vec<ServiceRequirement> = Vec::new();
    let mut region: Option<RegionRequirement> = None;
    for block in &blocks {
        for range in sentences(&block.text) {
            let sentence = &block.text[range.clone()];
            let lower = sentence.to_lowercase();
            let lower = without_practices(&lower);
            for entry in SERVICES {
                if services.iter().any(|s| s.service == entry.service) {
                    continue;
                }
                if let Some(at) = service_match(entry, &lower)
                    && !not_asked_for(&lower, at)
                {
                    services.push(ServiceRequirement {
                        service: entry.service,
                        family: entry.families[0],
                        families: entry.families.to_vec(),
                        sentence: sentence.to_owned(),
                        line: line_of(block.source_offset(range.start + at)),
                        model: model.map(|c| presence(&[c], entry.families)),
                        ideal: ideal.map(|c| {
                            let mut p = presence(&ideal_inventory, entry.families);
                            p.configuration = c.name.clone();
                            p
                        }),
                    });
                }
            }
            for (code, at) in regions_in(&lower) {
                match &mut region {
                    None => {
                        region = Some(RegionRequirement {
                            regions: vec![code.clone()],
                            region: code,
                            sentence: sentence.to_owned(),
                            line: line_of(block.source_offset(range.start + at)),
                        });
                    }
                    Some(r) if !r.regions.contains(&code) => r.regions.push(code),
                    Some(_) => {}
                }
            }
        }
    }
    let provider_region = ideal.and_then(|c| c.region.clone());
    let note = match (&region, &provider_region) {
        (Some(required), Some(Ok(actual))) if !required.regions.contains(&actual.region) => {
            Some(format!(
                "the prompt requires `{}` (PROMPT.md line {}) but the provider region is `{}`",
                required.regions.join("` or `"),
                required.line,
                actual.region
            ))
        }
        (Some(required), Some(Err(reason))) => Some(format!(
            "the prompt requires `{}` but the provider region could not be known: {reason}",
            required.region
        )),
        _ => None,
    };
    // The model response first, then the ideal's configurations, lib/ first.
    let mut pair: Vec<&ConfigFacts> = configs.iter().filter(|c| c.side != Side::Other).collect();
    pair.sort_by_key(|c| (c.side != Side::Model, c.from_response, c.name.clone()));
    let provider_regions = pair
        .into_iter()
        .map(|c| {
            let (value, via, unknown) = match &c.region {
                Some(Ok(r)) => (Some(r.region.clone()), r.via.clone(), None),
                Some(Err(reason)) => (None, None, Some(reason.clone())),
                None => (
                    None,
                    None,
                    Some("no `provider \"aws\"` block without an alias".to_owned()),
                ),
            };
            ProviderRegion {
                side: c.side,
                configuration: c.name.clone(),
                matches: region
                    .as_ref()
                    .zip(value.as_ref())
                    .map(|(required, actual)| required.regions.contains(actual)),
                region: value,
                via,
                unknown,
            }
        })
        .collect();
    PromptReport {
        file: file.to_owned(),
        services,
        region,
        provider_region: provider_region.and_then(Result::ok).map(|r| r.region),
        note,
        provider_regions,
    }
}

/// The resources of configurations (one, or an ideal with its modules) that belong to one
/// of the families; named after the first configuration.
fn presence(configs: &[&ConfigFacts], families: &[&str]) -> ServicePresence {
    let resources: Vec<String> = configs
        .iter()
        .flat_map(|c| c.resources.iter())
        .filter(|(kind, _)| {
            family_of_resource(kind).is_some_and(|f| families.contains(&f.as_str()))
        })
        .map(|(kind, name)| format!("{kind}.{name}"))
        .collect();
    ServicePresence {
        configuration: configs.first().map(|c| c.name.clone()).unwrap_or_default(),
        present: !resources.is_empty(),
        resources,
    }
}

/// Phrases that name a practice, not a service asked for: "least-privilege IAM" is how the
/// roles of the services must be written, and "a locked S3 backend" is where the state
/// goes. The rating's blocker counts the services a prompt asks for.
const PRACTICES: &[&str] = &[
    "least-privilege iam",
    "least privilege iam",
    "least-privilege",
    "least privilege",
    "s3 backend",
    "s3 remote state",
];

/// The sentence (in lower case) with its practice phrases blanked out, offsets kept.
fn without_practices(lower: &str) -> String {
    let mut out = lower.to_owned();
    for phrase in PRACTICES {
        while let Some(at) = find_words(&out, phrase) {
            out.replace_range(at..at + phrase.len(), &" ".repeat(phrase.len()));
        }
    }
    out
}

/// The service families a text names by the words of the table (`bucket` is `s3`, `role`
/// is `iam`), each once.
pub fn families_named(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    let mut out: Vec<&'static str> = Vec::new();
    for entry in SERVICES {
        if service_match(entry, &lower).is_some() {
            for family in entry.families {
                if !out.contains(family) {
                    out.push(family);
                }
            }
        }
    }
    out
}

/// Whether the words just before a service's name say it is not asked to be built: a
/// negation ("do not use CloudTrail", "without NAT gateways", "instead of EC2") or existing
/// context ("the existing VPC", "the already deployed RDS database") (RUBRIC.md 4).
fn not_asked_for(lower: &str, at: usize) -> bool {
    const NEGATIONS: &[&str] = &[
        "not",
        "no",
        "without",
        "avoid",
        "never",
        "instead",
        "don't",
        "dont",
        "nor",
        "exclude",
        "excluding",
    ];
    const EXISTING: &[&str] = &[
        "existing",
        "already",
        "current",
        "pre-existing",
        "preexisting",
    ];
    let before: Vec<&str> = lower[..at.min(lower.len())]
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let near = &before[before.len().saturating_sub(3)..];
    near.iter()
        .any(|w| NEGATIONS.contains(w) || EXISTING.contains(w))
}

fn service_match(entry: &ServiceWords, lower: &str) -> Option<usize> {
    if !entry.context.is_empty() && !entry.context.iter().any(|c| find_words(lower, c).is_some()) {
        return None;
    }
    entry.words.iter().find_map(|word| {
        let at = find_words(lower, word)?;
        // Product names always count; generic nouns not beside words that change them.
        let generic = !matches!(*word, w if w == entry.service || w.contains(entry.service));
        if generic
            && entry
                .not_with
                .iter()
                .any(|n| find_words(lower, n).is_some())
        {
            return None;
        }
        Some(at)
    })
}

/// A region code (`us-west-2`) in a sentence that requires a place, else a region's city
/// name in a sentence that says "region".
/// The regions a sentence requires, each with its offset: region codes in a sentence
/// with a word of requiring ("deploy to us-east-1 and eu-west-1"), else region names
/// beside the word "region" ("the N. Virginia region").
fn regions_in(lower: &str) -> Vec<(String, usize)> {
    let requires = REGION_REQUIRING
        .iter()
        .any(|w| find_words(lower, w).is_some());
    let mut out: Vec<(String, usize)> = Vec::new();
    if requires {
        let mut offset = 0;
        for word in lower.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
            let at = offset;
            offset += word.len() + 1;
            if is_region_code(word) && !out.iter().any(|(c, _)| c == word) {
                out.push((word.to_owned(), at));
            }
        }
    }
    if out.is_empty() && find_words(lower, "region").is_some() {
        for (name, code) in REGION_NAMES {
            if let Some(at) = find_words(lower, name)
                && !out.iter().any(|(c, _)| c == code)
            {
                out.push(((*code).to_owned(), at));
            }
        }
    }
    out
}

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-3`.
pub fn is_region_code(word: &str) -> bool {
    let parts: Vec<&str> = word.split('-').collect();
    let (geo, direction, number) = match parts.as_slice() {
        [geo, direction, number] => (*geo, *direction, *number),
        [geo, "gov", direction, number] => (*geo, *direction, *number),
        _ => return false,
    };
    geo.len() == 2
        && geo.chars().all(|c| c.is_ascii_lowercase())
        && matches!(
            direction,
            "east"
                | "west"
                | "north"
                | "south"
                | "central"
                | "northeast"
                | "northwest"
                | "southeast"
                | "southwest"
        )
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn services(md: &str) -> Vec<&'static str> {
        read("PROMPT.md", md, &[])
            .services
            .iter()
            .map(|s| s.service)
            .collect()
    }

    #[test]
    fn practices_are_not_services_asked_for() {
        assert_eq!(
            services("Random suffixes on names, least-privilege IAM, a locked S3 backend."),
            Vec::<&str>::new()
        );
        assert_eq!(
            services("Give the function an IAM role; store uploads in S3."),
            ["s3", "iam"]
        );
    }

    #[test]
    fn a_multi_region_prompt_requires_each_region_it_names() {
        let r = read(
            "PROMPT.md",
            "Deploy the primary stack in us-east-1 and the standby in us-west-2.",
            &[],
        )
        .region
        .expect("a region is required");
        assert_eq!(r.region, "us-east-1");
        assert_eq!(r.regions, ["us-east-1", "us-west-2"]);
    }

    #[test]
    fn negated_and_existing_services_are_not_asked_for() {
        assert_eq!(
            services("Create an S3 bucket for reports. Do not use CloudTrail for this."),
            ["s3"]
        );
        assert_eq!(
            services("Deploy the Lambda function into the existing VPC."),
            ["lambda"]
        );
        // Asked for in another sentence: asked for.
        assert_eq!(
            services("Do not use SQS yet. Later, add an SQS queue for the jobs."),
            ["sqs"]
        );
    }

    #[test]
    fn services_come_from_prose_not_code() {
        assert_eq!(
            services(
                "Create an S3 bucket and a VPC with two subnets.\n\n```hcl\nresource \"aws_sqs_queue\" \"q\" {}\n```\n"
            ),
            ["s3", "vpc"]
        );
        // A function is a Lambda only near serverless words; route tables are not DynamoDB.
        assert_eq!(
            services("Write a function that adds route tables."),
            Vec::<&str>::new()
        );
        assert_eq!(
            services("A serverless function triggered by events."),
            ["lambda"]
        );
        // An RDS instance is not EC2.
        assert_eq!(services("A PostgreSQL RDS instance."), ["rds"]);
    }

    #[test]
    fn service_families_are_those_of_the_coverage_map() {
        use crate::analysis::services::FAMILIES;
        // Families the coverage map's table does not list come from the type's name.
        let by_type = [
            "aws_cognito_user_pool",
            "aws_efs_file_system",
            "aws_waf_web_acl",
        ]
        .map(|t| family_of_resource(t).unwrap_or_default());
        for entry in SERVICES {
            for family in entry.families {
                assert!(
                    FAMILIES.iter().any(|f| f.name == *family)
                        || by_type.contains(&(*family).to_owned()),
                    "{}: `{family}` is no family of the coverage map",
                    entry.service
                );
            }
        }
    }

    #[test]
    fn requested_services_and_regions_are_compared_with_each_configuration() {
        let graded = crate::rules::testing::grade_files(&[
            (
                "lib/PROMPT.md",
                "Deploy in eu-west-1: an S3 bucket and a Step Functions state machine.",
            ),
            (
                "lib/MODEL_RESPONSE.md",
                "```hcl\nprovider \"aws\" {\n  region = \"us-east-1\"\n}\nresource \"aws_s3_bucket\" \"b\" {}\n```\n",
            ),
            (
                "lib/main.tf",
                "variable \"region\" {\n  default = \"eu-west-1\"\n}\nprovider \"aws\" {\n  region = var.region\n}\nresource \"aws_s3_bucket\" \"b\" {}\nresource \"aws_sfn_state_machine\" \"m\" {}\n",
            ),
        ]);
        let prompt = graded.report().prompt.unwrap();
        let rows: Vec<(&str, bool, bool)> = prompt
            .services
            .iter()
            .map(|s| {
                (
                    s.family,
                    s.model.as_ref().unwrap().present,
                    s.ideal.as_ref().unwrap().present,
                )
            })
            .collect();
        assert_eq!(rows, [("s3", true, true), ("states", false, true)]);
        assert_eq!(
            prompt.services[1].ideal.as_ref().unwrap().resources,
            ["aws_sfn_state_machine.m"]
        );
        let regions: Vec<(Side, Option<&str>, Option<bool>)> = prompt
            .provider_regions
            .iter()
            .map(|r| (r.side, r.region.as_deref(), r.matches))
            .collect();
        assert_eq!(
            regions,
            [
                (Side::Model, Some("us-east-1"), Some(false)),
                (Side::Ideal, Some("eu-west-1"), Some(true)),
            ]
        );
        assert_eq!(
            prompt.provider_regions[1].via.as_deref(),
            Some("`var.region` (default)")
        );
    }

    #[test]
    fn region_by_code_or_name_with_its_line() {
        let r = read(
            "PROMPT.md",
            "# Task\n\nDeploy everything in **us-west-2**.\n",
            &[],
        );
        let region = r.region.unwrap();
        assert_eq!(region.region, "us-west-2");
        assert_eq!(region.line, 3);
        let r = read(
            "PROMPT.md",
            "The stack must run in the Ireland region.",
            &[],
        );
        assert_eq!(r.region.unwrap().region, "eu-west-1");
        // A region code in passing (an example ARN) is not a requirement without a verb.
        let r = read("PROMPT.md", "Example: arn:aws:s3:us-east-1.", &[]);
        assert!(r.region.is_none());
        assert!(is_region_code("us-gov-west-1"));
        assert!(!is_region_code("us-west"));
    }
}
