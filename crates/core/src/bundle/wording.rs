//! How a claim's words are read: a text becomes lower-case word tokens, and the terms of
//! the concept table match word stems ("lock" reads "locks", "locked", "locking"), phrases
//! of stems ("state lock" reads "state locking") and stems near each other ("fixed ...
//! name" reads "a fixed security group name" and "every name was fixed"). The table lists,
//! per check family, the words reviewers use for its failure, synonyms included.

/// Suffixes a stem may take: plural, past, gerund, noun and adverb forms.
const SUFFIXES: &[&str] = &[
    "", "s", "es", "e", "ed", "d", "ing", "ion", "ions", "er", "ers", "ly", "ies", "ied",
];

/// The words of a text, lower case. Words are letters and digits; `_`, `-`, `.`, `'` and
/// the rest separate them, so `use_lockfile` is "use lockfile" and `multi-az` is "multi
/// az". `n't` becomes "not" ("didn't" → "did not").
pub fn tokens(text: &str) -> Vec<String> {
    let lower = text
        .to_lowercase()
        .replace("n't", " not")
        .replace("n’t", " not")
        .replace("cannot", "can not");
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether a token is a form of a stem: the stem with a suffix, a doubled last consonant
/// (`tag` → "tagged"), a dropped final `e` (`collide` → "colliding", `rotate` →
/// "rotation") or `y` → `ies` (`dependency` → "dependencies").
pub fn is_form(token: &str, stem: &str) -> bool {
    let with_suffix = |base: &str, suffixes: &[&str]| {
        token
            .strip_prefix(base)
            .is_some_and(|rest| suffixes.contains(&rest))
    };
    if with_suffix(stem, SUFFIXES) {
        return true;
    }
    if let Some(last) = stem.chars().last()
        && !"aeiouy".contains(last)
        && token
            .strip_prefix(stem)
            .and_then(|rest| rest.strip_prefix(last))
            .is_some_and(|rest| ["ed", "ing", "er"].contains(&rest))
    {
        return true;
    }
    if let Some(base) = stem.strip_suffix('e')
        && with_suffix(base, &["ing", "ion", "ions"])
    {
        return true;
    }
    stem.strip_suffix('y')
        .is_some_and(|base| with_suffix(base, &["ies", "ied"]))
}

/// Where a phrase of stems (`"state lock"`) starts in the tokens, every occurrence.
fn phrase_at(tokens: &[String], phrase: &str) -> Vec<usize> {
    let stems: Vec<&str> = phrase.split(' ').collect();
    if stems.is_empty() || tokens.len() < stems.len() {
        return Vec::new();
    }
    (0..=tokens.len() - stems.len())
        .filter(|&i| {
            stems
                .iter()
                .enumerate()
                .all(|(k, s)| is_form(&tokens[i + k], s))
        })
        .collect()
}

/// Whether a phrase of stems occurs in the tokens ("required fix" reads "Required Fixes").
pub fn has_phrase(tokens: &[String], phrase: &str) -> bool {
    !phrase_at(tokens, phrase).is_empty()
}

/// A term of the concept table.
#[derive(Debug, Clone, Copy)]
pub enum Term {
    /// A phrase of stems, one per word.
    Words(&'static str),
    /// A phrase of the first list within `NEAR` words of a phrase of the second, either
    /// order.
    Near(&'static [&'static str], &'static [&'static str]),
    /// Literal text (lower case) on word boundaries: `0.0.0.0/0`, `3389`.
    Literal(&'static str),
    /// A region code (`us-west-2`) within `NEAR` words of a phrase of the list.
    RegionNear(&'static [&'static str]),
}

/// How many words apart the two sides of a [`Term::Near`] may be.
pub const NEAR: usize = 6;

impl Term {
    /// Whether the term occurs in a text (`lower`: the text in lower case; `tokens`: its
    /// words).
    pub fn matches(&self, lower: &str, tokens: &[String]) -> bool {
        match self {
            Term::Words(phrase) => !phrase_at(tokens, phrase).is_empty(),
            Term::Near(a, b) => near(&spans(tokens, a), &spans(tokens, b)),
            Term::Literal(text) => crate::prose::find_words(lower, text).is_some(),
            Term::RegionNear(words) => {
                let regions: Vec<String> = lower
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .filter(|w| super::prompt::is_region_code(w))
                    .map(|w| w.replace('-', " "))
                    .collect();
                let regions: Vec<&str> = regions.iter().map(String::as_str).collect();
                near(&spans(tokens, &regions), &spans(tokens, words))
            }
        }
    }
}

/// Where each phrase occurs in the tokens, as token ranges.
fn spans(tokens: &[String], phrases: &[&str]) -> Vec<(usize, usize)> {
    phrases
        .iter()
        .flat_map(|p| {
            let len = p.split(' ').count();
            phrase_at(tokens, p).into_iter().map(move |i| (i, i + len))
        })
        .collect()
}

/// Whether a span of `left` and one of `right` are within `NEAR` words, either order.
fn near(left: &[(usize, usize)], right: &[(usize, usize)]) -> bool {
    left.iter().any(|&(ls, le)| {
        right
            .iter()
            .any(|&(rs, re)| (re <= ls && ls - re < NEAR) || (le <= rs && rs - le < NEAR))
    })
}

/// What a concept is, and so how a claim that names it is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A failure a check reports: its codes judge the claim.
    Failure,
    /// A thing a claim may speak of (IAM, secrets): its codes judge the claim only when no
    /// failure is named ("Password written into the parameter" is about the secret; in
    /// "Secrets not encrypted" the failure is encryption).
    Subject,
    /// Exposure to the network in general ("open to the internet"): every network check,
    /// unless a specific one is named.
    Network,
    /// A requirement of the prompt compared with the configurations.
    Requirement(Requirement),
    /// Something no check reads: the claim is not checkable, and the topic says why. Its
    /// codes, if any, are the checks that may still judge what the claim's issue says
    /// of it ("Insufficient testing: the tests were placeholders").
    Unchecked,
    /// Code that does not parse: judged by the parse errors of each side.
    Syntax,
    /// An aspect no check reads of whatever the claim names: its documentation, the
    /// validation of its inputs, its key policy, the approach taken ("Missing Backend
    /// Bootstrap Documentation" is about documents, not about locking). In a title it
    /// makes the claim not checkable, whatever failure the title also names.
    Aspect,
}

/// The prompt's requirements a claim can be judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Requirement {
    /// Every AWS service the prompt asks for is created.
    Services,
    /// The provider region is the one the prompt requires.
    Region,
}

/// A concept of claims: the words that name it and what judges it.
pub struct Concept {
    /// What the claim speaks of, in the words of a not-checkable reason.
    pub topic: &'static str,
    pub kind: Kind,
    pub terms: &'static [Term],
    /// Check codes; a code shorter than six characters (`TFG3`) is a prefix.
    pub codes: &'static [&'static str],
}

use Term::{Literal, Near, RegionNear, Words};

/// Nouns of IAM permissions, for the terms that need one nearby.
const IAM_NOUNS: &[&str] = &[
    "iam",
    "role",
    "policy",
    "permission",
    "statement",
    "grant",
    "action",
    "user",
];

/// Nouns of network filtering, for the terms that need one nearby.
const NETWORK_NOUNS: &[&str] = &[
    "security group",
    "sg",
    "nacl",
    "network acl",
    "ingress",
    "inbound",
    "port",
    "traffic",
    "firewall",
    "network",
];

/// Nouns of tests: "testing" alone ("for local testing", "test the deployment") names no
/// test suite.
const TEST_NOUNS: &[&str] = &[
    "tests",
    "unit test",
    "integration test",
    "test suite",
    "test case",
    "test file",
    "jest",
    "pytest",
    "terratest",
];

/// Words of an over-grant: "allowed everything", "almost everything", "any action".
const EVERYTHING: &[&str] = &[
    "everything",
    "anything",
    "all action",
    "every action",
    "any action",
];

/// The concept table, failures first.
pub const CONCEPTS: &[Concept] = &[
    Concept {
        topic: "state locking",
        kind: Kind::Failure,
        terms: &[
            // A lock of the state, not S3 Object Lock or a vendor lock-in.
            Near(
                &["lock"],
                &[
                    "state",
                    "backend",
                    "terraform",
                    "dynamodb",
                    "table",
                    "concurrent",
                    "lockid",
                ],
            ),
            Words("state lock"),
            Near(
                &["without", "no", "missing", "lack", "never", "enable", "add"],
                &["locking"],
            ),
            Words("lockfile"),
            Words("use lockfile"),
            Words("local state"),
            Words("no backend"),
            Near(
                &["missing", "no", "without", "lack", "absent"],
                &["backend"],
            ),
            Words("concurrent"),
            Near(&["state"], &["corrupt", "corruption"]),
        ],
        codes: &[
            "TFG101", "TFG103", "TFG104", "TFG105", "TFG106", "TFG107", "TFG108",
        ],
    },
    Concept {
        topic: "SSH exposure",
        kind: Kind::Failure,
        terms: &[
            Words("ssh"),
            Words("openssh"),
            Words("sshd"),
            Words("secure shell"),
            Words("port 22"),
        ],
        codes: &["TFG201"],
    },
    Concept {
        topic: "RDP exposure",
        kind: Kind::Failure,
        terms: &[Words("rdp"), Words("remote desktop"), Literal("3389")],
        codes: &["TFG202"],
    },
    Concept {
        topic: "database ports",
        kind: Kind::Failure,
        terms: &[
            Words("database port"),
            Words("db port"),
            Words("redis"),
            Literal("5432"),
            Literal("3306"),
            Literal("6379"),
            Literal("1433"),
        ],
        codes: &["TFG203"],
    },
    Concept {
        topic: "all ports open",
        kind: Kind::Failure,
        terms: &[
            Words("all port"),
            Words("every port"),
            Words("any port"),
            Words("all traffic"),
            Words("all protocol"),
            Words("allow all"),
            Near(EVERYTHING, NETWORK_NOUNS),
        ],
        codes: &["TFG204"],
    },
    Concept {
        topic: "missing tests",
        kind: Kind::Failure,
        terms: &[Near(
            &["missing", "no", "without", "lack", "lacked", "absent"],
            TEST_NOUNS,
        )],
        codes: &["TFG301"],
    },
    Concept {
        topic: "placeholder tests",
        kind: Kind::Failure,
        terms: &[
            Words("placeholder test"),
            Near(
                &[
                    "placeholder",
                    "dummy",
                    "trivial",
                    "todo",
                    "stub",
                    "fake",
                    "always pass",
                    "meaningless",
                    "tautological",
                    "hardcoded",
                    "hard coded",
                    "constant",
                ],
                TEST_NOUNS,
            ),
        ],
        codes: &["TFG302"],
    },
    Concept {
        topic: "tests of the deployed stack",
        kind: Kind::Failure,
        terms: &[
            Near(
                &[
                    "deployed",
                    "live",
                    "real",
                    "actual",
                    "sdk",
                    "end to end",
                    "aws resource",
                ],
                TEST_NOUNS,
            ),
            Near(
                &["exercise", "verify", "call", "query", "against"],
                &["deployed stack", "deployed resource", "live stack"],
            ),
        ],
        // A placeholder test reaches nothing either.
        codes: &["TFG302", "TFG303"],
    },
    Concept {
        topic: "test coverage",
        kind: Kind::Failure,
        terms: &[Near(&["coverage", "cover"], TEST_NOUNS)],
        codes: &["TFG304"],
    },
    Concept {
        topic: "name collisions",
        kind: Kind::Failure,
        terms: &[
            Words("already exist"),
            Words("collide"),
            Words("collision"),
            Words("clash"),
            Words("unique"),
            Words("suffix"),
            Words("random id"),
            Words("name prefix"),
            Near(&["conflict"], &["name", "naming"]),
            Near(
                &[
                    "fixed",
                    "literal",
                    "hard coded",
                    "hardcoded",
                    "static",
                    "same",
                ],
                &["name", "naming"],
            ),
        ],
        codes: &["TFG401"],
    },
    Concept {
        topic: "documentation",
        kind: Kind::Failure,
        terms: &[
            // The review's own documents: placeholders left in them, or the files named.
            Near(
                &["documentation", "docs"],
                &["placeholder", "template", "stub"],
            ),
            Words("model failures md"),
            Words("ideal response md"),
            Words("template text"),
            Words("template placeholder"),
        ],
        codes: &["TFG501", "TFG502", "TFG503"],
    },
    Concept {
        topic: "KMS encryption",
        kind: Kind::Failure,
        terms: &[
            Words("kms"),
            Words("customer managed key"),
            Words("customer key"),
            Words("cmk"),
            Words("sse kms"),
        ],
        codes: &["TFG601", "TFG606", "TFG630", "TFG641", "TFG608"],
    },
    Concept {
        // Encryption without KMS named ("AES256", "encrypted at rest"): the KMS checks
        // are a stricter standard than the claim states, so they can show it holds but
        // not contradict it.
        topic: "encryption",
        kind: Kind::Subject,
        terms: &[
            Words("encrypt"),
            Words("unencrypt"),
            Words("aes256"),
            Words("sse s3"),
        ],
        codes: &["TFG601", "TFG606", "TFG630", "TFG641", "TFG608"],
    },
    Concept {
        topic: "key rotation",
        kind: Kind::Failure,
        terms: &[Words("rotate"), Words("rotation")],
        codes: &["TFG606"],
    },
    Concept {
        topic: "public access to buckets",
        kind: Kind::Failure,
        terms: &[
            Words("public access block"),
            Words("block public"),
            Near(&["public", "private"], &["bucket", "object"]),
        ],
        codes: &["TFG602"],
    },
    Concept {
        topic: "IAM permissions",
        kind: Kind::Failure,
        terms: &[
            Words("least privilege"),
            Words("wildcard"),
            Words("over broad"),
            Words("overly broad"),
            Words("too broad"),
            Words("notaction"),
            Words("not action"),
            Near(EVERYTHING, IAM_NOUNS),
            Near(&["permissive", "broad"], IAM_NOUNS),
            Near(
                &["may only", "only allow", "scoped", "limited to"],
                IAM_NOUNS,
            ),
        ],
        codes: &["TFG603", "TFG604", "TFG605"],
    },
    Concept {
        topic: "wildcard principals",
        kind: Kind::Failure,
        terms: &[Words("principal")],
        codes: &["TFG604"],
    },
    Concept {
        topic: "tags",
        kind: Kind::Failure,
        terms: &[Words("tag"), Words("untagged")],
        codes: &["TFG690"],
    },
    Concept {
        topic: "availability zones",
        kind: Kind::Failure,
        terms: &[
            Words("multi az"),
            Words("single az"),
            Words("az"),
            Words("availability zone"),
            Words("high availability"),
            Words("failover"),
            Words("standby"),
        ],
        codes: &["TFG680", "TFG681"],
    },
    Concept {
        topic: "log retention",
        kind: Kind::Failure,
        terms: &[
            Words("retention"),
            Words("retain"),
            Words("forever"),
            Words("indefinitely"),
        ],
        codes: &["TFG640"],
    },
    Concept {
        topic: "hard-coded secrets",
        kind: Kind::Failure,
        terms: &[Near(
            &[
                "hard coded",
                "hardcoded",
                "literal",
                "plaintext",
                "plain text",
                "written",
                "in code",
                "committed",
                "leak",
            ],
            &["secret", "password", "api key", "credential"],
        )],
        codes: &["TFG650"],
    },
    Concept {
        topic: "instance metadata",
        kind: Kind::Failure,
        terms: &[
            Words("imds"),
            Words("imdsv1"),
            Words("imdsv2"),
            Words("http tokens"),
            Words("metadata option"),
            Words("instance metadata"),
            Words("metadata service"),
        ],
        codes: &["TFG670"],
    },
    Concept {
        topic: "multi-region trails",
        kind: Kind::Failure,
        terms: &[
            Words("multi region"),
            Words("one region"),
            Words("single region"),
            Words("home region"),
            Words("all region"),
        ],
        codes: &["TFG632"],
    },
    Concept {
        topic: "log file validation",
        kind: Kind::Failure,
        terms: &[
            Words("log file validation"),
            Near(&["validate", "validation"], &["log file", "digest"]),
        ],
        codes: &["TFG631"],
    },
    Concept {
        topic: "public IPs",
        kind: Kind::Failure,
        terms: &[Words("public ip"), Words("associate public ip address")],
        codes: &["TFG660"],
    },
    Concept {
        topic: "point-in-time recovery",
        kind: Kind::Failure,
        terms: &[Words("pitr"), Words("point in time")],
        codes: &["TFG607", "TFG107"],
    },
    Concept {
        topic: "IAM",
        kind: Kind::Subject,
        terms: &[Words("iam"), Words("permission")],
        codes: &["TFG603", "TFG604", "TFG605"],
    },
    Concept {
        topic: "secrets",
        kind: Kind::Subject,
        terms: &[
            Words("secret"),
            Words("password"),
            Words("api key"),
            Words("credential"),
        ],
        codes: &["TFG650"],
    },
    Concept {
        topic: "network exposure",
        kind: Kind::Network,
        terms: &[
            Literal("0.0.0.0/0"),
            Literal("::/0"),
            Words("open to the internet"),
            Words("from the internet"),
            Words("from anywhere"),
            Words("open to the world"),
            Words("ingress"),
            Words("inbound"),
            Words("network access"),
            Words("exposed"),
            Words("exposure"),
            Words("reachable"),
            Words("permissive"),
        ],
        codes: &["TFG201", "TFG202", "TFG203", "TFG204"],
    },
    Concept {
        topic: "the requested services",
        kind: Kind::Requirement(Requirement::Services),
        terms: &[Near(
            &["request", "required", "requires", "asked", "prompt"],
            &["service"],
        )],
        codes: &[],
    },
    Concept {
        topic: "the required region",
        kind: Kind::Requirement(Requirement::Region),
        terms: &[
            Near(
                &[
                    "request", "required", "requires", "asked", "prompt", "wrong", "correct",
                    "deploy",
                ],
                &["region"],
            ),
            // "Deployed in us-west-2", "the provider points at eu-central-1".
            RegionNear(&["deploy", "provider", "stack", "run", "launch"]),
        ],
        codes: &[],
    },
    Concept {
        topic: "code that does not parse",
        kind: Kind::Syntax,
        terms: &[
            Words("parse"),
            Words("syntax error"),
            Near(
                &["syntax"],
                &["hcl", "terraform", "brace", "bracket", "block"],
            ),
            Words("unclosed"),
            Words("invalid hcl"),
            Words("truncated"),
            Words("cut off"),
            Words("cuts off"),
            Near(
                &["incomplete"],
                &["terraform script", "terraform code", "hcl"],
            ),
        ],
        codes: &[],
    },
    Concept {
        topic: "what the tests do beyond existing, placeholders and reaching the stack",
        kind: Kind::Unchecked,
        terms: &[
            Words("tests"),
            Words("unit test"),
            Words("integration test"),
            Words("test suite"),
        ],
        codes: &["TFG3"],
    },
    Concept {
        topic: "backend settings other than locking",
        kind: Kind::Unchecked,
        terms: &[Words("backend")],
        // What the issue says of locking settings (a bootstrap configuration's local
        // state is not what a claim about backend settings means).
        codes: &["TFG101", "TFG104"],
    },
    Concept {
        topic: "inline rules and separate rule resources",
        kind: Kind::Unchecked,
        terms: &[
            Words("inline"),
            Near(&["separate", "standalone"], &["rule", "resource"]),
        ],
        codes: &[],
    },
    Concept {
        topic: "name lengths and characters",
        kind: Kind::Unchecked,
        terms: &[Near(
            &[
                "length",
                "long",
                "character",
                "limit",
                "exceed",
                "reserved",
                "uppercase",
                "lowercase",
                "invalid",
            ],
            &["name", "naming", "identifier"],
        )],
        codes: &[],
    },
    Concept {
        topic: "naming conventions",
        kind: Kind::Unchecked,
        terms: &[Near(
            &[
                "consistent",
                "inconsistent",
                "consistency",
                "inconsistency",
                "convention",
                "pattern",
                "standard",
            ],
            &["name", "naming"],
        )],
        codes: &[],
    },
    Concept {
        topic: "deletion settings",
        kind: Kind::Unchecked,
        terms: &[
            Words("force destroy"),
            Words("deletion protection"),
            Words("skip final snapshot"),
            Words("teardown"),
            Words("destroyability"),
        ],
        codes: &[],
    },
    Concept {
        topic: "outputs",
        kind: Kind::Unchecked,
        terms: &[Words("output")],
        codes: &[],
    },
    Concept {
        topic: "comments",
        kind: Kind::Unchecked,
        terms: &[Words("comment")],
        codes: &[],
    },
    Concept {
        topic: "file layout",
        kind: Kind::Unchecked,
        terms: &[
            Words("file layout"),
            Words("single file"),
            Words("one file"),
            Near(&["split", "layout", "organization"], &["file"]),
        ],
        codes: &[],
    },
    Concept {
        topic: "dead-letter queues",
        kind: Kind::Unchecked,
        terms: &[Words("dead letter queue"), Words("dlq"), Words("redrive")],
        codes: &[],
    },
    Concept {
        topic: "dependencies between resources",
        kind: Kind::Unchecked,
        terms: &[
            Words("depends on"),
            Words("dependency"),
            Words("dependencies"),
            Words("lifecycle"),
        ],
        codes: &[],
    },
    Concept {
        topic: "alarms and metric filters",
        kind: Kind::Unchecked,
        terms: &[Words("alarm"), Words("metric filter")],
        codes: &[],
    },
    Concept {
        topic: "routing and NAT",
        kind: Kind::Unchecked,
        terms: &[Words("nat gateway"), Words("route table"), Words("routing")],
        codes: &[],
    },
    Concept {
        topic: "CloudFront and TLS settings",
        kind: Kind::Unchecked,
        terms: &[
            Words("origin access"),
            Words("https"),
            Words("tls"),
            Words("ssl"),
            Words("in transit"),
            Words("prefix list"),
        ],
        codes: &[],
    },
    Concept {
        topic: "documentation and instructions",
        kind: Kind::Aspect,
        terms: &[
            Words("documentation"),
            Words("documented"),
            Words("instruction"),
            Words("readme"),
            Words("runbook"),
            Words("walkthrough"),
        ],
        codes: &[],
    },
    Concept {
        topic: "validation of inputs and settings",
        kind: Kind::Aspect,
        terms: &[Near(
            &["validation", "validate", "validating"],
            &[
                "variable",
                "input",
                "configuration",
                "value",
                "setting",
                "parameter",
            ],
        )],
        codes: &[],
    },
    Concept {
        topic: "the approach taken",
        kind: Kind::Aspect,
        terms: &[Words("approach"), Words("methodology")],
        codes: &[],
    },
    Concept {
        topic: "key policies",
        kind: Kind::Aspect,
        terms: &[Words("key policy"), Words("key policies")],
        codes: &[],
    },
    Concept {
        topic: "variable declarations",
        kind: Kind::Aspect,
        terms: &[Near(
            &[
                "handling",
                "declaration",
                "declare",
                "redeclare",
                "redeclared",
                "undeclared",
                "duplicate",
                "duplicated",
            ],
            &["variable", "local", "locals"],
        )],
        codes: &[],
    },
    Concept {
        topic: "sizes and settings the prompt requires",
        kind: Kind::Unchecked,
        terms: &[
            Words("requirement"),
            Words("desired count"),
            Words("container insight"),
        ],
        codes: &[],
    },
];

/// The concepts a text names.
pub fn concepts_in(text: &str) -> Vec<&'static Concept> {
    let lower = text.to_lowercase();
    let tokens = tokens(text);
    CONCEPTS
        .iter()
        .filter(|c| c.terms.iter().any(|t| t.matches(&lower, &tokens)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topics(text: &str) -> Vec<&'static str> {
        concepts_in(text).into_iter().map(|c| c.topic).collect()
    }

    #[test]
    fn stems_read_word_forms() {
        assert!(is_form("locking", "lock"));
        assert!(is_form("locked", "lock"));
        assert!(is_form("tagged", "tag"));
        assert!(is_form("colliding", "collide"));
        assert!(is_form("rotation", "rotate"));
        assert!(is_form("dependencies", "dependency"));
        assert!(!is_form("target", "tag"));
        assert!(!is_form("block", "lock"));
        assert_eq!(
            tokens("didn't use_lockfile"),
            ["did", "not", "use", "lockfile"]
        );
    }

    #[test]
    fn reworded_claims_name_their_concepts() {
        assert_eq!(topics("Role allowed everything"), ["IAM permissions"]);
        assert_eq!(topics("Missing OpenSSH access"), ["SSH exposure"]);
        assert_eq!(
            topics("Default security group allowed everything"),
            ["all ports open"]
        );
        assert_eq!(
            topics("IMDSv1 and a fixed security group name"),
            ["name collisions", "instance metadata"]
        );
        assert_eq!(topics("Every name was fixed"), ["name collisions"]);
        assert_eq!(
            topics("The stack is now deployed in us-west-2"),
            ["the required region"]
        );
        assert_eq!(
            topics("The provider pointed at eu-central-1."),
            ["the required region"]
        );
        // A region code beside no word of deploying is not about the region.
        assert!(!topics("The bucket in us-east-1 was public").contains(&"the required region"));
        assert_eq!(topics("Resource Naming Conflicts"), ["name collisions"]);
        assert_eq!(topics("The state was never locked"), ["state locking"]);
        assert_eq!(topics("Buckets were left untagged"), ["tags"]);
        assert_eq!(topics("Resources were tagged"), ["tags"]);
        assert_eq!(
            topics("No hardcoded secrets or overly permissive access"),
            ["hard-coded secrets", "secrets", "network exposure"]
        );
        assert_eq!(
            topics("The delivery role may only write to its own log group"),
            ["IAM permissions"]
        );
        assert_eq!(
            topics("All requested services are present"),
            ["the requested services"]
        );
        assert_eq!(topics("Output descriptions"), ["outputs"]);
    }
}
