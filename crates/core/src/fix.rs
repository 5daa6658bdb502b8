//! Applying fixes to the files the user gave.
//!
//! Edits are mapped from units to files, identical edits from several fixes are applied
//! once (two findings that both add the same variable), and a fix whose edits overlap an
//! edit already taken is left for the next pass.

use std::ops::Range;

use crate::finding::{Applicability, Finding};
use crate::pipeline::{Graded, grade_submission};
use crate::submission::{FileId, InputFile, Submission, Syntax};

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixSet {
    /// Only fixes that do not change what gets deployed.
    Safe,
    /// Safe and unsafe fixes: the *ideal* response.
    All,
}

/// A file changed by fixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedFile {
    pub path: String,
    pub original: String,
    pub fixed: String,
}

/// The result of applying fixes until no more apply.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    pub files: Vec<FixedFile>,
    /// Fixes applied, by finding code, over all passes.
    pub applied: Vec<&'static str>,
    pub passes: usize,
    /// Files whose fixes were withheld because the fixed text would not parse (the ideal
    /// must parse): a defect of a fix, said rather than written.
    pub withheld: Vec<String>,
}

/// An edit mapped to the file the user gave: file, byte range, replacement.
type FileEdit = (FileId, Range<usize>, String);

/// How many times fixes are applied and the result re-graded before giving up.
pub const MAX_PASSES: usize = 4;

impl Graded {
    /// Applies the fixes of `set` once; returns the new text of each changed file and the
    /// codes of the fixes applied.
    pub fn apply_fixes_once(&self, set: FixSet) -> (Vec<(FileId, String)>, Vec<&'static str>) {
        self.apply_fixes_once_where(set, &|_| true)
    }

    /// Applies, once, the fixes of `set` whose finding `select` accepts.
    pub fn apply_fixes_once_where(
        &self,
        set: FixSet,
        select: &dyn Fn(&Finding) -> bool,
    ) -> (Vec<(FileId, String)>, Vec<&'static str>) {
        let s = &self.submission;
        let mut taken: Vec<FileEdit> = Vec::new();
        let mut applied = Vec::new();
        for finding in &self.findings {
            let Some(fix) = &finding.fix else { continue };
            // A JSON file is never edited (the pipeline makes such fixes display-only), whatever reaches here.
            let edits_json = fix
                .edits
                .iter()
                .any(|e| s.unit(e.unit).syntax == Syntax::Json);
            if finding.suppressed.is_some()
                || !select(finding)
                || edits_json
                || fix.edits.is_empty()
                || fix.applicability == Applicability::DisplayOnly
                || (set == FixSet::Safe && fix.applicability == Applicability::Unsafe)
            {
                continue;
            }
            let edits: Vec<FileEdit> = fix
                .edits
                .iter()
                .map(|e| {
                    let unit = s.unit(e.unit);
                    let start = unit.to_file_offset(e.range.start);
                    let end = if e.range.is_empty() {
                        start
                    } else {
                        unit.to_file_offset(e.range.end - 1) + 1
                    };
                    (unit.file, start..end, e.content.clone())
                })
                .collect();
            let conflicts = edits.iter().any(|(file, range, content)| {
                taken.iter().any(|(f, r, c)| {
                    f == file && !(r == range && c == content) && overlaps(r, range)
                })
            });
            if conflicts {
                continue;
            }
            for edit in edits {
                if !taken.contains(&edit) {
                    taken.push(edit);
                }
            }
            applied.push(finding.code);
        }
        let mut by_file: Vec<(FileId, String)> = Vec::new();
        // Applied from the end of each file backwards so earlier offsets stay valid. At one
        // offset a replacement goes first, then insertions in reverse order of acceptance,
        // so that in the text they read in the order the fixes were taken.
        let mut ordered: Vec<(usize, FileEdit)> = taken.into_iter().enumerate().collect();
        ordered.sort_by(|(ia, a), (ib, b)| {
            (
                a.0,
                std::cmp::Reverse(a.1.start),
                a.1.is_empty(),
                std::cmp::Reverse(*ia),
            )
                .cmp(&(
                    b.0,
                    std::cmp::Reverse(b.1.start),
                    b.1.is_empty(),
                    std::cmp::Reverse(*ib),
                ))
        });
        for (_, (file, range, content)) in ordered {
            let entry = match by_file.iter().position(|(f, _)| *f == file) {
                Some(i) => &mut by_file[i],
                None => {
                    by_file.push((file, s.file(file).text.clone()));
                    by_file.last_mut().expect("just pushed")
                }
            };
            if range.end <= entry.1.len()
                && entry.1.is_char_boundary(range.start)
                && entry.1.is_char_boundary(range.end)
            {
                entry.1.replace_range(range, &content);
            }
        }
        (by_file, applied)
    }

    /// Applies fixes and re-grades until nothing more applies (at most a few passes).
    pub fn fix(&self, set: FixSet) -> FixOutcome {
        self.fix_where(set, &|_| true)
    }

    /// Applies the fixes of `set` whose finding `select` accepts, re-grading until nothing
    /// more applies.
    pub fn fix_where(&self, set: FixSet, select: &dyn Fn(&Finding) -> bool) -> FixOutcome {
        let original: Vec<InputFile> = self
            .submission
            .files
            .iter()
            .map(|f| InputFile::new(f.path.clone(), f.text.clone()))
            .collect();
        let mut current = original.clone();
        let mut applied = Vec::new();
        let mut passes = 0;
        let mut graded: Option<Graded> = None;
        // Files whose fixes would break their syntax: their fixes are no longer taken.
        let mut withheld: Vec<FileId> = Vec::new();
        while passes < MAX_PASSES {
            let g = graded.as_ref().unwrap_or(self);
            let file_of = |f: &Finding| g.submission.unit(f.unit).file;
            let (changed, codes) =
                g.apply_fixes_once_where(set, &|f| select(f) && !withheld.contains(&file_of(f)));
            if changed.is_empty() {
                break;
            }
            let mut candidate = current.clone();
            for (file, text) in &changed {
                candidate[file.0 as usize].bytes = text.clone().into_bytes();
            }
            let next = grade_submission(
                Submission::new(candidate.clone(), self.options.limits),
                &self.options,
            );
            let errors_in = |graded: &Graded, file: FileId| {
                graded
                    .submission
                    .errors
                    .iter()
                    .filter(|e| e.file == file)
                    .count()
            };
            let broken: Vec<FileId> = changed
                .iter()
                .map(|(file, _)| *file)
                .filter(|file| errors_in(&next, *file) > errors_in(g, *file))
                .collect();
            if !broken.is_empty() {
                // Each round withholds at least one more file, so this ends.
                withheld.extend(broken);
                continue;
            }
            passes += 1;
            applied.extend(codes);
            current = candidate;
            graded = Some(next);
        }
        let files = original
            .iter()
            .zip(&current)
            .filter(|(a, b)| a.bytes != b.bytes)
            .map(|(a, b)| FixedFile {
                path: a.path.clone(),
                original: String::from_utf8_lossy(&a.bytes).into_owned(),
                fixed: String::from_utf8_lossy(&b.bytes).into_owned(),
            })
            .collect();
        FixOutcome {
            files,
            applied,
            passes,
            withheld: withheld
                .iter()
                .map(|f| self.submission.file(*f).path.clone())
                .collect(),
        }
    }
}

/// Whether two edits touch the same text: overlapping replacements, or an insertion
/// strictly inside a replaced range. Insertions at one point do not conflict: they are
/// applied in the order their fixes were taken.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => false,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
        (false, false) => a.start < b.end && b.start < a.end,
    }
}

/// The report of one response alone, with the estimated pair and rating of
/// [`grade_estimate`]: its findings are the response's own.
pub fn report_with_estimate(
    files: Vec<InputFile>,
    options: &crate::Options,
) -> crate::report::Report {
    let mut report = crate::grade(files.clone(), options).report();
    let estimate = grade_estimate(files, options).report();
    report.pair = estimate.pair;
    report.rating = estimate.rating;
    report
}

/// Grades one response alone in single mode (RUBRIC.md 4): its ideal is the response with
/// every automatic fix applied (safe and unsafe), and the rating is labelled an estimate.
/// The report names the response's files under `model/` and the fixed ones under `ideal/`.
pub fn grade_estimate(files: Vec<InputFile>, options: &crate::Options) -> Graded {
    let fixed = crate::grade(files.clone(), options).fix(FixSet::All);
    let ideal: Vec<InputFile> = files
        .iter()
        .map(|f| match fixed.files.iter().find(|x| x.path == f.path) {
            Some(x) => InputFile::new(f.path.clone(), x.fixed.clone()),
            None => f.clone(),
        })
        .collect();
    let mut submission = crate::submission::Submission::pair(files, ideal, options.limits);
    submission.estimate = true;
    crate::pipeline::grade_submission(submission, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insertions_at_one_point_keep_their_order_and_replacements_conflict() {
        assert!(!overlaps(&(5..5), &(5..5)));
        assert!(!overlaps(&(5..5), &(5..9)));
        assert!(overlaps(&(6..6), &(5..9)));
        assert!(overlaps(&(5..8), &(7..9)));
        assert!(!overlaps(&(5..7), &(7..9)));
    }

    #[test]
    fn fixes_that_would_not_parse_are_withheld_and_named() {
        use crate::finding::{Edit, Fix};
        use crate::{Options, grade};
        let open = |name: &str| {
            format!(
                "resource \"aws_security_group\" \"{name}\" {{\n  ingress {{\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }}\n}}\n"
            )
        };
        let files = vec![
            InputFile::new("a/main.tf", open("a")),
            InputFile::new("b/main.tf", open("b")),
        ];
        let mut graded = grade(files, &Options::default());
        let unit = graded
            .submission
            .units
            .iter()
            .find(|u| u.name == "a/main.tf")
            .map(|u| u.id)
            .expect("unit");
        // A fix that breaks the file, as a defective check would write it.
        let ssh = crate::registry::by_code("TFG201").expect("a check");
        graded
            .findings
            .push(ssh.finding(unit, 0..8, "broken").with_fix(Some(Fix {
                title: "break it".to_owned(),
                applicability: Applicability::Safe,
                note: None,
                edits: vec![Edit::insert(unit, 0, "{{{\n")],
            })));
        let outcome = graded.fix(FixSet::All);
        assert_eq!(outcome.withheld, ["a/main.tf"]);
        let changed: Vec<&str> = outcome.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(changed, ["b/main.tf"]);
        assert!(outcome.files[0].fixed.contains("allowed_ssh_cidr"));
    }
}
