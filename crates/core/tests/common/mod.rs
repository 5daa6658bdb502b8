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

/// Terraform with the AWS provider from the local mirror, for tests that ask it for the
/// truth: a scratch folder and the environment that makes `terraform init` offline.
pub struct Terraform {
    pub dir: PathBuf,
    pub env: Vec<(&'static str, String)>,
}

impl Terraform {
    /// `None`, after saying the test is skipped, when terraform or the provider mirror
    /// (`/opt/tf-plugins`, or `TFGRADE_TF_PLUGINS`) is missing. The registries this
    /// project installs from hold neither, so the set-up finds them or not; when it found
    /// them it sets `TFGRADE_REQUIRE_TERRAFORM=1`, and then their absence is a failure.
    pub fn find(what: &str) -> Option<Terraform> {
        let plugins =
            std::env::var("TFGRADE_TF_PLUGINS").unwrap_or_else(|_| "/opt/tf-plugins".to_owned());
        let has_terraform = std::process::Command::new("terraform")
            .arg("version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !has_terraform || !Path::new(&plugins).is_dir() {
            let why = format!(
                "{what} needs `terraform` on PATH and the AWS provider mirror at {plugins}"
            );
            assert!(
                std::env::var_os("TFGRADE_REQUIRE_TERRAFORM").is_none(),
                "the set-up found Terraform and its provider mirror, but the test cannot use them: {why}"
            );
            eprintln!("SKIPPED: {why}");
            return None;
        }
        let dir = std::env::temp_dir().join(format!(
            "tfgrade-{}-{}",
            what.split_whitespace().next().unwrap_or("terraform"),
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let cache = dir.join("plugin-cache");
        std::fs::create_dir_all(&cache).unwrap();
        let cli_config = dir.join("cli.tfrc");
        std::fs::write(
            &cli_config,
            format!(
                "plugin_cache_dir = \"{}\"\nprovider_installation {{\n  filesystem_mirror {{\n    path    = \"{plugins}\"\n    include = [\"registry.terraform.io/hashicorp/*\"]\n  }}\n  direct {{\n    exclude = [\"registry.terraform.io/hashicorp/*\"]\n  }}\n}}\n",
                cache.display()
            ),
        )
        .unwrap();
        let env = vec![
            (
                "TF_CLI_CONFIG_FILE",
                cli_config.to_string_lossy().into_owned(),
            ),
            ("TF_IN_AUTOMATION", "1".to_owned()),
            ("CHECKPOINT_DISABLE", "1".to_owned()),
        ];
        Some(Terraform { dir, env })
    }

    /// Runs terraform in `dir` with the offline environment.
    pub fn run(&self, dir: &Path, args: &[&str]) -> std::process::Output {
        std::process::Command::new("terraform")
            .args(args)
            .current_dir(dir)
            .envs(self.env.iter().map(|(k, v)| (*k, v.as_str())))
            .output()
            .expect("terraform runs")
    }
}

impl Drop for Terraform {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
