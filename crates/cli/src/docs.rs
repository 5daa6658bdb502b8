//! `tfgrade rule` and `tfgrade rules`: the checks' documentation, from the registry.

use std::io::{self, Write};

use tfgrade_core::check::Check;

/// Width at which prose is wrapped.
const WIDTH: usize = 88;

/// One check's docs in the order of its sections.
pub fn write_rule(out: &mut dyn Write, check: &Check) -> io::Result<()> {
    writeln!(out, "{} `{}`", check.code, check.name)?;
    writeln!(
        out,
        "severity: {}, family: {}, category: {}, fix: {}",
        check.severity.as_str(),
        check.family.as_str(),
        check.category.as_str(),
        check.fix.as_str(),
    )?;
    let docs = &check.docs;
    write_prose(out, "What it does", docs.what)?;
    write_prose(out, "Why is this bad?", docs.why)?;
    write_code(out, "Example", docs.example)?;
    write_code(out, "Use instead", docs.use_instead)?;
    write_prose(out, "Fix", docs.fix)?;
    if !docs.limitations.is_empty() {
        write_prose(out, "Limitations", docs.limitations)?;
    }
    Ok(())
}

/// A table of every check.
pub fn write_rules(out: &mut dyn Write, checks: &[&Check]) -> io::Result<()> {
    let header = ["CODE", "NAME", "FAMILY", "SEVERITY", "CATEGORY", "FIX"];
    let rows: Vec<[&str; 6]> = checks
        .iter()
        .map(|c| {
            [
                c.code,
                c.name,
                c.family.as_str(),
                c.severity.as_str(),
                c.category.as_str(),
                c.fix.as_str(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.len());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:width$}"))
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}

fn write_prose(out: &mut dyn Write, title: &str, text: &str) -> io::Result<()> {
    writeln!(out, "\n{title}")?;
    for paragraph in text.split("\n\n") {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > WIDTH - 2 {
                writeln!(out, "  {line}")?;
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

fn write_code(out: &mut dyn Write, title: &str, code: &str) -> io::Result<()> {
    writeln!(out, "\n{title}")?;
    for line in code.lines() {
        if line.is_empty() {
            writeln!(out)?;
        } else {
            writeln!(out, "    {line}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::write_rule;

    fn shown(code: &str) -> String {
        let check = tfgrade_core::registry::REGISTRY
            .iter()
            .find(|c| c.code == code)
            .expect("the check exists");
        let mut out = Vec::new();
        write_rule(&mut out, check).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn limitations_follow_the_fix_and_only_when_there_are_some() {
        let ssh = shown("TFG201");
        let fix = ssh.find("\nFix\n").expect("a fix section");
        let limitations = ssh.find("\nLimitations\n").expect("a limitations section");
        assert!(fix < limitations, "{ssh}");
        assert!(!shown("TFG102").contains("Limitations"));
    }
}
