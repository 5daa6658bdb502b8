//! The fixture corpora, read once for every test that grades them: the check fixtures of
//! `tests/fixtures/core/<family>/` (a file, or a folder of files) and the task bundles of
//! `tests/fixtures/bundles/` with their reviewer's EXPECTED.md.

#![allow(clippy::unwrap_used, dead_code)]

use std::path::{Path, PathBuf};

use tfgrade_core::InputFile;

/// A check fixture: `family/name` and its files.
pub struct Fixture {
    /// `network-exposure/ssh-via-locals-nacl`.
    pub name: String,
    pub files: Vec<InputFile>,
}

/// A task bundle of the corpus, without its EXPECTED.md, which is `expected`.
pub struct Bundle {
    pub name: String,
    pub files: Vec<InputFile>,
    pub expected: String,
}

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    entries
}

/// Every file under `dir` but those named in `skip`, named by its path relative to `root`
/// (a fixture shaped like a bundle has `lib/` and `test/` folders).
pub fn read_folder(root: &Path, dir: &Path, skip: &[&str], out: &mut Vec<InputFile>) {
    for path in sorted_entries(dir) {
        if path.is_dir() {
            read_folder(root, &path, skip, out);
            continue;
        }
        let name = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !skip.contains(&name.as_str()) {
            out.push(InputFile::new(name, std::fs::read(&path).unwrap()));
        }
    }
}

/// Every check fixture, in name order.
pub fn core_fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    for family in sorted_entries(&fixtures_root().join("core")) {
        for entry in sorted_entries(&family) {
            let name = format!(
                "{}/{}",
                family.file_name().unwrap().to_string_lossy(),
                entry.file_name().unwrap().to_string_lossy()
            );
            let mut files = Vec::new();
            if entry.is_dir() {
                read_folder(&entry, &entry, &[], &mut files);
            } else {
                files.push(InputFile::new(
                    entry.file_name().unwrap().to_string_lossy(),
                    std::fs::read(&entry).unwrap(),
                ));
            }
            out.push(Fixture { name, files });
        }
    }
    out
}

/// Every task bundle of the corpus, in name order.
pub fn bundles() -> Vec<Bundle> {
    sorted_entries(&fixtures_root().join("bundles"))
        .into_iter()
        .filter(|p| p.is_dir())
        .map(|dir| {
            let mut files = Vec::new();
            read_folder(&dir, &dir, &["EXPECTED.md"], &mut files);
            Bundle {
                name: dir.file_name().unwrap().to_string_lossy().into_owned(),
                files,
                expected: std::fs::read_to_string(dir.join("EXPECTED.md")).unwrap(),
            }
        })
        .collect()
}
