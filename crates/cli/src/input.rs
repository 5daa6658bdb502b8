//! Reading what the user asked to grade: one file, a directory tree, or standard input.
//!
//! Files are read as bytes and handed to the core, which assigns roles and refuses binary
//! or undecodable text itself. Files above the size limit are not read at all: they are
//! reported as refused, so that nothing the user gave disappears silently.

use std::cmp::Ordering;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use tfgrade_core::InputFile;

/// Directory names never walked into, besides hidden ones.
const SKIPPED_DIRS: &[&str] = &["node_modules", "target"];

/// Where the input came from.
#[derive(Debug, Clone)]
pub enum Source {
    Stdin,
    /// A single file; the report names it by its file name.
    File(PathBuf),
    /// A directory; the report names files relative to it.
    Dir(PathBuf),
    /// A .zip archive (a task bundle); the report names its entries.
    Zip(PathBuf),
}

/// The files read for grading.
#[derive(Debug)]
pub struct Loaded {
    pub source: Source,
    /// Every file found, those refused (too large, unreadable) included with their reason.
    pub files: Vec<InputFile>,
}

impl Loaded {
    /// Where a file named in the report lives on disk; `None` for standard input.
    pub fn disk_path(&self, path: &str) -> Option<PathBuf> {
        match &self.source {
            Source::Stdin | Source::Zip(_) => None,
            Source::File(file) => Some(file.clone()),
            Source::Dir(dir) => Some(dir.join(path)),
        }
    }

    /// The path shown in human output: the way the user would open the file.
    pub fn display_path(&self, path: &str) -> String {
        match &self.source {
            Source::Stdin => path.to_owned(),
            Source::Zip(archive) => format!("{}:{path}", archive.to_string_lossy()),
            Source::File(file) => file.to_string_lossy().replace('\\', "/"),
            Source::Dir(dir) => {
                let dir = dir.to_string_lossy().replace('\\', "/");
                let dir = dir.trim_end_matches('/');
                match dir {
                    "." | "" => path.to_owned(),
                    _ => format!("{dir}/{path}"),
                }
            }
        }
    }
}

/// Reads the input named on the command line. Fails (exit code 2) when the path itself
/// cannot be read; problems with files inside a directory become refused files instead.
pub fn load(path: &Path, is_stdin: bool, stdin_name: &str, max_bytes: usize) -> Result<Loaded> {
    let mut loaded = Loaded {
        source: Source::Stdin,
        files: Vec::new(),
    };
    if is_stdin {
        if stdin_name.is_empty() {
            bail!("`--stdin-name` must not be empty");
        }
        let stdin = io::stdin();
        match read_limited(stdin.lock(), max_bytes).context("cannot read standard input")? {
            Some(bytes) => loaded.files.push(InputFile::new(stdin_name, bytes)),
            None => loaded
                .files
                .push(InputFile::refused(stdin_name, too_large(None, max_bytes))),
        }
        return Ok(loaded);
    }
    let metadata =
        fs::metadata(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    if metadata.is_dir() {
        loaded.source = Source::Dir(path.to_owned());
        walk(path, "", max_bytes, &mut loaded)
            .with_context(|| format!("cannot read directory `{}`", path.display()))?;
        loaded.files.sort_by(|a, b| compare_paths(&a.path, &b.path));
        return Ok(loaded);
    }
    loaded.source = Source::File(path.to_owned());
    let name = path
        .file_name()
        .map_or_else(|| path.to_string_lossy(), |n| n.to_string_lossy())
        .into_owned();
    match read_file(path, &metadata, max_bytes)
        .with_context(|| format!("cannot read `{}`", path.display()))?
    {
        Some(bytes) if name.to_ascii_lowercase().ends_with(".zip") => {
            loaded.source = Source::Zip(path.to_owned());
            unzip(&name, &bytes, max_bytes, &mut loaded.files);
            loaded.files.sort_by(|a, b| compare_paths(&a.path, &b.path));
        }
        Some(bytes) => loaded.files.push(InputFile::new(name, bytes)),
        None => loaded.files.push(InputFile::refused(
            name,
            too_large(Some(metadata.len()), max_bytes),
        )),
    }
    Ok(loaded)
}

/// The files of a .zip archive (a task bundle): every entry read within the size limit
/// (all entries together, so that an archive that inflates enormously is refused), paths
/// with `/`, one folder that holds everything removed. A broken archive or entry becomes a
/// refused file with the reason, never a lost one.
fn unzip(name: &str, bytes: &[u8], max_bytes: usize, files: &mut Vec<InputFile>) {
    let mut archive = match zip::ZipArchive::new(io::Cursor::new(bytes)) {
        Ok(archive) => archive,
        Err(e) => {
            files.push(InputFile::refused(
                name,
                format!("not a readable zip archive: {e}"),
            ));
            return;
        }
    };
    let mut entries: Vec<InputFile> = Vec::new();
    let mut budget = max_bytes;
    for index in 0..archive.len() {
        let mut entry = match archive.by_index(index) {
            Ok(entry) => entry,
            Err(e) => {
                files.push(InputFile::refused(
                    format!("{name}#{index}"),
                    format!("unreadable zip entry: {e}"),
                ));
                continue;
            }
        };
        if entry.is_dir() {
            continue;
        }
        let raw_name = entry
            .name()
            .map_or_else(|_| format!("{name}#{index}"), |n| n.replace('\\', "/"));
        // Entries that would leave the archive's folder (`../x`, `/etc/x`) are refused.
        let Some(path) = entry.enclosed_name() else {
            files.push(InputFile::refused(
                raw_name,
                "unsafe path in the zip archive: not read",
            ));
            continue;
        };
        let path = path.to_string_lossy().replace('\\', "/");
        if path.starts_with("__MACOSX/") || path.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let mut content = Vec::new();
        match (&mut entry)
            .take(budget as u64 + 1)
            .read_to_end(&mut content)
        {
            Ok(_) if content.len() > budget => {
                entries.push(InputFile::refused(
                    path,
                    too_large(Some(entry.size()), max_bytes),
                ));
                budget = 0;
            }
            Ok(_) => {
                budget -= content.len();
                entries.push(InputFile::new(path, content));
            }
            Err(e) => entries.push(InputFile::refused(
                path,
                format!("unreadable zip entry: {e}"),
            )),
        }
    }
    // `bundle/lib/main.tf` ... becomes `lib/main.tf` when one folder holds everything.
    let first = |p: &str| p.split_once('/').map(|(head, _)| head.to_owned());
    let common = entries.first().and_then(|f| first(&f.path));
    if let Some(common) = common
        && entries
            .iter()
            .all(|f| first(&f.path).as_deref() == Some(common.as_str()))
    {
        for file in &mut entries {
            file.path = file.path[common.len() + 1..].to_owned();
        }
    }
    files.extend(entries);
}

/// Collects the files under `dir`; `prefix` is `dir` relative to the root, with `/`.
fn walk(dir: &Path, prefix: &str, max_bytes: usize, loaded: &mut Loaded) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let relative = format!("{prefix}{name}");
        let path = entry.path();
        let refuse = |loaded: &mut Loaded, message: String| {
            loaded
                .files
                .push(InputFile::refused(relative.clone(), message));
        };
        let file_type = match entry.file_type() {
            Ok(t) => t,
            Err(e) => {
                refuse(loaded, format!("cannot read: {e}"));
                continue;
            }
        };
        if file_type.is_dir() {
            if SKIPPED_DIRS.contains(&name.as_str()) {
                continue;
            }
            if let Err(e) = walk(&path, &format!("{relative}/"), max_bytes, loaded) {
                refuse(loaded, format!("cannot read directory: {e}"));
            }
            continue;
        }
        // Links are followed to files only: a link to a directory could make a cycle.
        let metadata = match fs::metadata(&path) {
            Ok(m) if m.is_file() => m,
            Ok(_) => continue,
            Err(e) => {
                refuse(loaded, format!("cannot read: {e}"));
                continue;
            }
        };
        match read_file(&path, &metadata, max_bytes) {
            Ok(Some(bytes)) => loaded.files.push(InputFile::new(relative, bytes)),
            Ok(None) => refuse(loaded, too_large(Some(metadata.len()), max_bytes)),
            Err(e) => refuse(loaded, format!("cannot read: {e}")),
        }
    }
    Ok(())
}

/// The file's bytes, or `None` when it is larger than `max_bytes` (then it is not read).
fn read_file(
    path: &Path,
    metadata: &fs::Metadata,
    max_bytes: usize,
) -> io::Result<Option<Vec<u8>>> {
    if metadata.is_file() && metadata.len() > max_bytes as u64 {
        return Ok(None);
    }
    read_limited(fs::File::open(path)?, max_bytes)
}

/// Reads at most `max_bytes`; `None` when there is more.
fn read_limited(reader: impl Read, max_bytes: usize) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader.take(max_bytes as u64 + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() <= max_bytes).then_some(bytes))
}

fn too_large(size: Option<u64>, max_bytes: usize) -> String {
    let limit = max_bytes / (1024 * 1024);
    match size {
        Some(size) => format!(
            "file is {:.1} MB, larger than the limit of {limit} MB (`--max-size`); not graded",
            size as f64 / (1024.0 * 1024.0)
        ),
        None => format!("input is larger than the limit of {limit} MB (`--max-size`); not graded"),
    }
}

/// Orders paths component by component, so `a/x` comes before `a-b/x`.
pub fn compare_paths(a: &str, b: &str) -> Ordering {
    a.split('/').cmp(b.split('/'))
}
