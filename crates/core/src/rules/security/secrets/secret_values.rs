//! Recognising secrets and hiding them: names that say a value is a secret, AWS access
//! key ids and PEM private keys inside strings, and the mask every message uses.

/// `"hu****"`: at most the first two characters of a secret, and only of a long one.
pub(super) fn mask(secret: &str) -> String {
    let shown: String = if secret.chars().count() >= 8 {
        secret.chars().take(2).collect()
    } else {
        String::new()
    };
    format!("\"{shown}****\"")
}

/// A value worth reporting: not empty, not an ARN, a URL or a dynamic reference, and not
/// a setting's keyword (`imds_tokens = "optional"`).
pub(super) fn looks_like_a_value(value: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "optional", "required", "enabled", "disabled", "true", "false", "none", "auto", "default",
    ];
    let v = value.trim();
    !v.is_empty()
        && !KEYWORDS.iter().any(|k| v.eq_ignore_ascii_case(k))
        && !["arn:", "http://", "https://", "{{resolve:"]
            .iter()
            .any(|p| v.starts_with(p))
}

/// The words of an identifier: `dbPassword`, `DB_PASSWORD` and `db-password` give
/// `["db", "password"]`.
pub(super) fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether a name says it holds a secret: `db_password`, `API_KEY`, `githubToken`, but
/// not `secret_arn`, `password_length` or `manage_master_user_password`.
pub(super) fn names_a_secret(name: &str) -> bool {
    const SECRET: &[&str] = &[
        "password",
        "passwd",
        "passphrase",
        "secret",
        "token",
        "apikey",
        "privatekey",
    ];
    /// Last words that name something about a secret rather than the secret.
    const ABOUT: &[&str] = &[
        "name",
        "names",
        "arn",
        "arns",
        "id",
        "ids",
        "length",
        "len",
        "ttl",
        "days",
        "hours",
        "minutes",
        "seconds",
        "count",
        "policy",
        "rotation",
        "path",
        "prefix",
        "suffix",
        "version",
        "versions",
        "type",
        "enabled",
        "required",
        "expiry",
        "expiration",
        "duration",
        "period",
        "parameter",
        "param",
        "location",
        "file",
        "bucket",
        "header",
        "field",
        "format",
        "endpoint",
        "url",
        "uri",
        "user",
        "username",
        "description",
        "rule",
        "role",
        "group",
        "size",
        "age",
        "window",
        "schedule",
        "mode",
        "algorithm",
        "store",
        "kms",
        "region",
        "lambda",
        "function",
        "topic",
        "queue",
    ];
    /// First words of flags and settings: `enable_token_auth`, `min_password_length`.
    const FLAG: &[&str] = &[
        "enable", "enabled", "use", "manage", "create", "rotate", "generate", "min", "max", "is",
        "has", "require", "allow", "skip", "random",
    ];
    let words = words(name);
    let joined: String = words.concat();
    if !SECRET.iter().any(|s| joined.contains(s)) {
        return false;
    }
    // `path_to_private_key`, `key_file`: where a secret is kept, not the secret.
    const WHERE: &[&str] = &["path", "file", "filename", "dir", "directory"];
    if words.iter().any(|w| WHERE.contains(&w.as_str())) {
        return false;
    }
    let first = words.first().map_or("", String::as_str);
    let last = words.last().map_or("", String::as_str);
    !ABOUT.contains(&last) && !FLAG.contains(&first)
}

/// Whether a secret name says password (replaced by a generated one).
pub(super) fn names_a_password(name: &str) -> bool {
    let joined: String = words(name).concat();
    ["password", "passwd", "passphrase"]
        .iter()
        .any(|w| joined.contains(w))
}

/// An AWS access key id (`AKIA` or `ASIA` and 16 upper-case letters or digits, standing
/// alone), not the documentation's `…EXAMPLE` keys.
pub(super) fn access_key_id(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let boundary = |i: usize| bytes.get(i).is_none_or(|b| !b.is_ascii_alphanumeric());
    (0..bytes.len().saturating_sub(19))
        .filter(|&i| {
            (bytes[i..].starts_with(b"AKIA") || bytes[i..].starts_with(b"ASIA"))
                && (i == 0 || boundary(i - 1))
                && boundary(i + 20)
                && bytes[i + 4..i + 20]
                    .iter()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
        .map(|i| &text[i..i + 20])
        .find(|key| !key.contains("EXAMPLE"))
}

/// A PEM private key block (RSA, EC, OpenSSH, PKCS #8, encrypted or not).
pub(super) fn private_key(text: &str) -> Option<&str> {
    let start = text.find("-----BEGIN ")?;
    let label_start = start + "-----BEGIN ".len();
    let label_end = label_start + text[label_start..].find("-----")?;
    if !text[label_start..label_end]
        .trim_end()
        .ends_with("PRIVATE KEY")
    {
        return None;
    }
    let body = label_end + "-----".len();
    let end = text[body..]
        .find("-----END ")
        .and_then(|e| {
            let footer = body + e + "-----END ".len();
            text[footer..]
                .find("-----")
                .map(|f| footer + f + "-----".len())
        })
        .unwrap_or(text.len());
    Some(&text[start..end])
}

#[cfg(test)]
mod tests {
    use super::{access_key_id, mask, names_a_secret, private_key};

    #[test]
    fn where_a_secret_is_kept_is_not_a_secret() {
        for name in [
            "PATH_TO_PRIVATE_KEY",
            "private_key_file",
            "token_filename",
            "secret_dir",
        ] {
            assert!(!names_a_secret(name), "{name}");
        }
    }

    #[test]
    fn secret_names() {
        for name in [
            "db_password",
            "DB_PASSWORD",
            "dbPassword",
            "api_key_secret",
            "githubToken",
            "master_password",
            "private_key",
            "STRIPE_API_KEY",
            "jwt_secret",
        ] {
            assert!(names_a_secret(name), "{name}");
        }
        for name in [
            "db_secret_name",
            "secret_arn",
            "password_length",
            "manage_master_user_password",
            "token_ttl",
            "kms_key_id",
            "username",
            "enable_token_auth",
        ] {
            assert!(!names_a_secret(name), "{name}");
        }
    }

    #[test]
    fn key_patterns() {
        assert_eq!(
            access_key_id("id=AKIAABCDEFGHIJKLMNOP;"),
            Some("AKIAABCDEFGHIJKLMNOP")
        );
        assert_eq!(access_key_id("AKIAIOSFODNN7EXAMPLE"), None);
        assert_eq!(access_key_id("XAKIAABCDEFGHIJKLMNOP"), None);
        assert_eq!(access_key_id("AKIAABCDEFGHIJKLMNOPQ"), None);
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(private_key(pem), Some(pem.trim_end()));
        assert_eq!(
            private_key("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"),
            None
        );
        assert_eq!(mask("hunter2hunter2"), "\"hu****\"");
        assert_eq!(mask("short"), "\"****\"");
    }
}
