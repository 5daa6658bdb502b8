//! Which IAM actions support resource-level permissions: the curated table in
//! `iam_actions.txt` (its header describes the format), read once.

use std::sync::OnceLock;

/// What an action says about its `Resource`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceSupport {
    /// The action names resource types: `"*"` grants it on every one of them.
    ResourceLevel,
    /// The action names no resource type: `"*"` is the only resource it accepts.
    StarOnly,
    /// Scoping is possible but AWS's own managed policies grant it on `"*"`.
    Customary,
    /// The table does not know the action.
    Unknown,
}

struct Entry {
    service: String,
    class: ResourceSupport,
    action: String,
}

const TABLE: &str = include_str!("actions.txt");

fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| parse(TABLE))
}

fn parse(text: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut current: Option<(String, ResourceSupport)> = None;
    for line in text.lines() {
        let content = line.split('#').next().unwrap_or("");
        if content.trim().is_empty() {
            continue;
        }
        let mut words = content.split_whitespace();
        if !line.starts_with(char::is_whitespace) {
            let service = words.next().unwrap_or("").to_ascii_lowercase();
            let class = match words.next() {
                Some("resource:") => ResourceSupport::ResourceLevel,
                Some("star:") => ResourceSupport::StarOnly,
                Some("customary:") => ResourceSupport::Customary,
                _ => ResourceSupport::Unknown,
            };
            current = Some((service, class));
        }
        if let Some((service, class)) = &current {
            for action in words {
                out.push(Entry {
                    service: service.clone(),
                    class: *class,
                    action: action.to_ascii_lowercase(),
                });
            }
        }
    }
    out
}

/// Whether `action` (`s3:GetObject`, `ec2:Describe*`) supports resource-level permissions.
/// An action with wildcards supports them when any action it names does.
pub fn support(action: &str) -> ResourceSupport {
    let Some((service, name)) = action.trim().split_once(':') else {
        return ResourceSupport::Unknown;
    };
    let service = service.to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    let mut found = Vec::new();
    for entry in entries().iter().filter(|e| e.service == service) {
        if glob(&name, &entry.action) || glob(&entry.action, &name) {
            found.push(entry.class);
        }
    }
    [
        ResourceSupport::ResourceLevel,
        ResourceSupport::Customary,
        ResourceSupport::StarOnly,
    ]
    .into_iter()
    .find(|class| found.contains(class))
    .unwrap_or(ResourceSupport::Unknown)
}

/// Whether `text` matches `pattern`, where `*` matches any run and `?` one character.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_well_formed() {
        let all = entries();
        assert!(all.len() > 300, "{} entries", all.len());
        for e in all {
            assert_ne!(
                e.class,
                ResourceSupport::Unknown,
                "{}:{}",
                e.service,
                e.action
            );
            assert!(
                e.action
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '*'),
                "{}:{}",
                e.service,
                e.action
            );
            let classes: Vec<_> = all
                .iter()
                .filter(|o| o.service == e.service && o.action == e.action)
                .map(|o| o.class)
                .collect();
            assert_eq!(classes.len(), 1, "{}:{} listed twice", e.service, e.action);
        }
    }

    #[test]
    fn actions_are_classified() {
        use ResourceSupport::*;
        assert_eq!(support("s3:GetObject"), ResourceLevel);
        assert_eq!(support("S3:getobject"), ResourceLevel);
        assert_eq!(support("s3:Get*"), ResourceLevel);
        assert_eq!(support("s3:ListAllMyBuckets"), StarOnly);
        assert_eq!(support("ec2:Describe*"), StarOnly);
        assert_eq!(support("ec2:DescribeInstances"), StarOnly);
        assert_eq!(support("ec2:CreateNetworkInterface"), Customary);
        assert_eq!(support("cloudwatch:PutMetricData"), StarOnly);
        assert_eq!(support("xray:PutTraceSegments"), StarOnly);
        assert_eq!(support("sts:GetCallerIdentity"), StarOnly);
        assert_eq!(support("logs:CreateLogGroup"), ResourceLevel);
        assert_eq!(support("states:StartExecution"), Unknown);
        assert_eq!(support("nonsense"), Unknown);
    }

    #[test]
    fn globs_match() {
        assert!(glob("describe*", "describeinstances"));
        assert!(glob("*", ""));
        assert!(glob("get*tagging", "getobjecttagging"));
        assert!(!glob("get*", "putobject"));
        assert!(glob("?et", "get"));
    }
}
