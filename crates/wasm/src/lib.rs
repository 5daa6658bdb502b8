//! tfgrade's WebAssembly API: one small [`Workspace`] object that grades Terraform and
//! answers with the core's report.
//!
//! Two faces over the same methods:
//! - the Rust API below, returning the core's typed values ([`Report`], [`FixOutcome`],
//!   [`Check`]); the page links this one directly;
//! - with the `js` feature (on by default), a JavaScript class `Workspace` (see `js.rs`)
//!   returning plain objects whose shapes are declared in `tfgrade.d.ts`.
//!
//! Grading never fails: input that cannot be read or parsed comes back as located errors
//! in the report. Only misuse of the JavaScript API (an argument of the wrong type) throws.

#[cfg(feature = "js")]
mod js;

use std::cell::RefCell;
use std::sync::Arc;

use tfgrade_core::check::Check;
use tfgrade_core::markdown;
use tfgrade_core::schema::{Schema, SchemaError};
use tfgrade_core::{InputFile, Limits, Options, grade, registry};

pub use tfgrade_core::Report;
pub use tfgrade_core::fix::{FixOutcome, FixSet, FixedFile};

#[cfg(feature = "js")]
pub use js::{JsWorkspace, load_schema as load_schema_js};

/// Name given to pasted text that holds fenced Terraform (a model's markdown answer).
pub const MARKDOWN_NAME: &str = "response.md";
/// Name given to pasted text without fenced Terraform: raw HCL.
pub const HCL_NAME: &str = "main.tf";

/// Settings of a [`Workspace`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkspaceOptions {
    /// Inputs larger than this (all files together, in bytes) are refused with an error
    /// in the report; `None` keeps the core's default of 50 MB.
    pub max_input_bytes: Option<usize>,
    /// Checks to run: codes (`TFG201`), code prefixes (`TFG2`), names or families; empty
    /// runs every check.
    pub select: Vec<String>,
    /// Checks not to run, in the same forms; applied after `select`.
    pub ignore: Vec<String>,
}

/// Grades pasted text or named files with fixed options.
#[derive(Debug, Clone)]
pub struct Workspace {
    options: Options,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new(WorkspaceOptions::default())
    }
}

impl Workspace {
    pub fn new(options: WorkspaceOptions) -> Self {
        let mut limits = Limits::default();
        if let Some(max) = options.max_input_bytes {
            limits.max_input_bytes = max;
        }
        Self {
            options: Options {
                limits,
                select: options.select,
                ignore: options.ignore,
                ..Options::default()
            },
        }
    }

    /// Grades one pasted text. Without a `name`, the text is called [`MARKDOWN_NAME`] when
    /// it holds fenced Terraform and [`HCL_NAME`] otherwise (see [`default_name`]).
    pub fn check(&self, text: &str, name: Option<&str>) -> Report {
        self.check_files(vec![pasted(text, name)])
    }

    /// Grades a set of named files (a bundle, a folder, several .tf files).
    pub fn check_files(&self, files: Vec<InputFile>) -> Report {
        grade(files, &self.options()).report()
    }

    /// Grades one response alone and rates it as an estimate (RUBRIC.md 4, single mode):
    /// the ideal is the response with every automatic fix applied.
    pub fn estimate_files(&self, files: Vec<InputFile>) -> Report {
        tfgrade_core::report_with_estimate(files, &self.options())
    }

    /// A draft MODEL_FAILURES.md for a task bundle given as named files; None when the
    /// files hold no pair (a model response and an ideal).
    pub fn review_files(&self, files: Vec<InputFile>) -> Option<String> {
        tfgrade_core::review::draft(&grade(files, &self.options()).report())
    }

    /// Applies fixes to one pasted text until none applies; named as in [`Workspace::check`].
    pub fn fix(&self, text: &str, name: Option<&str>, set: FixSet) -> FixOutcome {
        self.fix_files(vec![pasted(text, name)], set)
    }

    /// Applies fixes to named files until none applies: [`FixSet::Safe`] for the fixes
    /// that do not change what gets deployed, [`FixSet::All`] for the ideal response.
    pub fn fix_files(&self, files: Vec<InputFile>, set: FixSet) -> FixOutcome {
        grade(files, &self.options()).fix(set)
    }

    /// The options graded with: the workspace's own, and the provider schema of
    /// [`load_schema`] when the build carries none.
    fn options(&self) -> Options {
        let mut options = self.options.clone();
        if options.schema.is_none() {
            options.schema = LOADED.with(|loaded| loaded.borrow().clone());
        }
        options
    }

    /// The version of the provider schema the validity checks use, if any: the build's own
    /// or the one [`load_schema`] read. Without one, the validity checks do not run.
    pub fn schema_version(&self) -> Option<String> {
        self.options().schema.map(|s| s.version.clone())
    }

    /// Every check of the rubric, in code order.
    pub fn rules() -> &'static [&'static Check] {
        registry::REGISTRY
    }

    /// The check with this code (`TFG201`, any case) or name (`ssh-open-to-world`).
    pub fn rule(code_or_name: &str) -> Option<&'static Check> {
        registry::find(code_or_name)
    }

    /// The version of tfgrade, which is also the version in every report.
    pub fn version() -> &'static str {
        env!("CARGO_PKG_VERSION")
    }
}

thread_local! {
    /// The provider schema read by [`load_schema`], shared by every workspace.
    static LOADED: RefCell<Option<Arc<Schema>>> = const { RefCell::new(None) };
}

/// What [`load_schema`] read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaInfo {
    pub version: String,
    pub resource_types: usize,
    pub data_source_types: usize,
}

/// Reads the AWS provider schema in tfgrade's compact text form (the page's
/// `aws_schema.txt` asset) and lets every workspace's validity checks use it. The Wasm
/// build carries no schema of its own, to keep the module small; loading again replaces it.
pub fn load_schema(text: &str) -> Result<SchemaInfo, SchemaError> {
    let schema = Schema::parse(text)?;
    let (resource_types, data_source_types) = schema.type_counts();
    let info = SchemaInfo {
        version: schema.version.clone(),
        resource_types,
        data_source_types,
    };
    LOADED.with(|loaded| *loaded.borrow_mut() = Some(Arc::new(schema)));
    Ok(info)
}

/// The file name pasted text gets when the caller gives none: [`MARKDOWN_NAME`] when the
/// text holds a fenced Terraform block (the core's own test), else [`HCL_NAME`]. A text
/// with neither fenced Terraform nor valid HCL is thus graded as HCL and answered with a
/// located syntax error rather than silently ignored.
pub fn default_name(text: &str) -> &'static str {
    if markdown::holds_code(text) {
        MARKDOWN_NAME
    } else {
        HCL_NAME
    }
}

fn pasted(text: &str, name: Option<&str>) -> InputFile {
    let name = match name {
        Some(name) if !name.trim().is_empty() => name,
        _ => default_name(text),
    };
    InputFile::new(name, text.as_bytes())
}
