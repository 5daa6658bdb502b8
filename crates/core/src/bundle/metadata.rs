//! metadata.json, read leniently: fields may be missing, of another type than usual, or
//! unknown (kept in `raw`). A file that is not JSON is a located error of the submission
//! (see `Submission::cut_units`) and gives no report.

use serde::Serialize;
use serde_json::Value;

/// The fields of metadata.json the rating uses, and the whole file.
#[derive(Debug, Clone, Serialize)]
pub struct MetadataReport {
    /// The file read (`metadata.json`).
    pub file: String,
    pub platform: Option<String>,
    pub language: Option<String>,
    pub complexity: Option<String>,
    /// The reviewer's score: a number, a numeric string (`"9"`, `"8/10"`) or an object
    /// with a score-like field (`{"score": 7}`); None when absent or unreadable.
    pub training_quality: Option<f64>,
    /// Every field as written, unknown ones included.
    pub raw: Value,
}

/// Reads metadata.json; None when it is not JSON.
pub fn read(file: &str, text: &str) -> Option<MetadataReport> {
    let raw: Value = serde_json::from_str(text).ok()?;
    let field = |name: &str| raw.get(name).and_then(scalar_text);
    Some(MetadataReport {
        file: file.to_owned(),
        platform: field("platform"),
        language: field("language"),
        complexity: field("complexity"),
        training_quality: raw.get("training_quality").and_then(score),
        raw,
    })
}

/// A string, number or boolean as text.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A score in any of the forms reviewers write it.
fn score(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let s = s.trim();
            let s = s.split('/').next().unwrap_or(s).trim();
            s.parse::<f64>().ok().filter(|n| n.is_finite())
        }
        Value::Object(map) => {
            const KEYS: [&str; 6] = [
                "score",
                "value",
                "rating",
                "overall",
                "training_quality",
                "quality",
            ];
            KEYS.iter()
                .find_map(|k| map.get(*k).and_then(score))
                .or_else(|| {
                    map.iter()
                        .find(|(k, _)| k.to_ascii_lowercase().contains("score"))
                        .and_then(|(_, v)| score(v))
                })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quality(json: &str) -> Option<f64> {
        read("metadata.json", json).and_then(|m| m.training_quality)
    }

    #[test]
    fn scores_in_every_form() {
        assert_eq!(quality(r#"{"training_quality": 9}"#), Some(9.0));
        assert_eq!(quality(r#"{"training_quality": 8.5}"#), Some(8.5));
        assert_eq!(quality(r#"{"training_quality": " 9 "}"#), Some(9.0));
        assert_eq!(quality(r#"{"training_quality": "7/10"}"#), Some(7.0));
        assert_eq!(
            quality(r#"{"training_quality": {"score": 7, "by": "x"}}"#),
            Some(7.0)
        );
        assert_eq!(
            quality(r#"{"training_quality": {"finalScore": 6}}"#),
            Some(6.0)
        );
        assert_eq!(quality(r#"{"training_quality": "high"}"#), None);
        assert_eq!(quality(r#"{}"#), None);
        assert!(read("metadata.json", "{ not json").is_none());
    }

    #[test]
    fn unknown_fields_are_kept() {
        let m = read(
            "metadata.json",
            r#"{"platform": "tf", "language": "hcl", "team": 3}"#,
        )
        .unwrap();
        assert_eq!(m.platform.as_deref(), Some("tf"));
        assert_eq!(m.raw["team"], 3);
        assert_eq!(m.complexity, None);
    }
}
