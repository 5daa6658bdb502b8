//! Inline suppression: `# tfgrade:ignore CODE reason` (or `//`) on the finding's first
//! line or the line above. Suppressed findings stay in the report, marked, and do not count.

use crate::finding::Finding;
use crate::submission::Submission;

const MARKER: &str = "tfgrade:ignore";

/// Marks the findings that a suppression comment covers.
pub fn apply(submission: &Submission, findings: &mut [Finding]) {
    for finding in findings {
        let unit = submission.unit(finding.unit);
        let text = &unit.text;
        let start = finding.range.start.min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let previous = if line_start == 0 {
            ""
        } else {
            let prev_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
            &text[prev_start..line_start - 1]
        };
        let previous_is_comment = {
            let t = previous.trim_start();
            t.starts_with('#') || t.starts_with("//")
        };
        let candidates = [
            Some(&text[line_start..line_end]),
            previous_is_comment.then_some(previous),
        ];
        for line in candidates.into_iter().flatten() {
            if let Some(reason) = suppression_reason(line, finding.code) {
                finding.suppressed = Some(reason);
            }
        }
    }
}

/// The reason given in a suppression comment on `line` for `code`, if there is one.
fn suppression_reason(line: &str, code: &str) -> Option<String> {
    let comment = comment_of(line)?;
    let rest = comment.trim_start().strip_prefix(MARKER)?;
    let mut words = rest.split_whitespace();
    let codes = words.next()?;
    if !codes.split(',').any(|c| c.eq_ignore_ascii_case(code)) {
        return None;
    }
    let reason: Vec<&str> = words.collect();
    Some(if reason.is_empty() {
        "no reason given".to_owned()
    } else {
        reason.join(" ")
    })
}

/// The text after a line's comment marker (`#` or `//`) that is outside a string.
fn comment_of(line: &str) -> Option<&str> {
    let mut in_string = false;
    let mut escaped = false;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'#' if !in_string => return Some(&line[i + 1..]),
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return Some(&line[i + 2..]),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_and_reason_outside_strings() {
        assert_eq!(
            suppression_reason("  # tfgrade:ignore TFG201 bastion for the VPN", "TFG201"),
            Some("bastion for the VPN".to_owned())
        );
        assert_eq!(
            suppression_reason("x = 1 // tfgrade:ignore TFG202,TFG201", "TFG201"),
            Some("no reason given".to_owned())
        );
        assert_eq!(
            suppression_reason("# tfgrade:ignore TFG202 x", "TFG201"),
            None
        );
        assert_eq!(
            suppression_reason("description = \"# tfgrade:ignore TFG201 no\"", "TFG201"),
            None
        );
    }
}
