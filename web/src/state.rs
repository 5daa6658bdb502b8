//! The page's state: the editor's text, the last grading of it, and what the user picked.

use std::rc::Rc;

use tfgrade_core::Severity;
use tfgrade_wasm::{Report, Workspace};
use yew::prelude::*;

use crate::text::{Mark, Utf16Lines};

/// One grading of one text, shared by the editor overlay and the findings panel.
pub struct Graded {
    /// The editor revision this grading belongs to.
    pub revision: u64,
    pub text: Rc<str>,
    pub report: Report,
    pub lines: Utf16Lines,
    /// Time spent grading, in milliseconds.
    pub millis: f64,
}

impl PartialEq for Graded {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision && Rc::ptr_eq(&self.text, &other.text)
    }
}

/// An entry of the findings panel: an input error or a finding, by index in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Error(usize),
    Finding(usize),
}

/// A span of the graded text, in the editor's 1-based lines and UTF-16 columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub line: usize,
    pub column_utf16: usize,
    pub end_line: usize,
    pub end_column_utf16: usize,
}

/// A request to the editor to select a span; `serial` makes a repeated click count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reveal {
    pub span: Span,
    pub serial: u64,
}

impl Graded {
    pub fn new(workspace: &Workspace, revision: u64, text: Rc<str>) -> Self {
        let started = now();
        let report = workspace.check(&text, None);
        let millis = now() - started;
        Self {
            revision,
            lines: Utf16Lines::new(&text),
            text,
            report,
            millis,
        }
    }

    /// Errors first, then findings in report order (by file and position).
    pub fn items(&self) -> impl Iterator<Item = Item> + '_ {
        (0..self.report.errors.len())
            .map(Item::Error)
            .chain((0..self.report.findings.len()).map(Item::Finding))
    }

    pub fn span(&self, item: Item) -> Option<Span> {
        let location = match item {
            Item::Error(i) => &self.report.errors.get(i)?.location,
            Item::Finding(i) => &self.report.findings.get(i)?.location,
        };
        Some(Span {
            line: location.line,
            column_utf16: location.column_utf16,
            end_line: location.end_line,
            end_column_utf16: location.end_column_utf16,
        })
    }

    /// The overlay's marks: every error and every finding that counts.
    pub fn marks(&self) -> Vec<Mark> {
        self.items()
            .filter(|&item| match item {
                Item::Finding(i) => self.report.findings[i].suppressed.is_none(),
                Item::Error(_) => true,
            })
            .filter_map(|item| {
                let span = self.span(item)?;
                let (class, rank) = match item {
                    Item::Error(_) => ("sev-error", u8::MAX),
                    Item::Finding(i) => {
                        let severity = self.report.findings[i].severity;
                        (severity_class(severity), severity as u8)
                    }
                };
                Some(Mark {
                    range: self.lines.offset(span.line, span.column_utf16)
                        ..self.lines.offset(span.end_line, span.end_column_utf16),
                    class,
                    rank,
                })
            })
            .collect()
    }

    /// For each 1-based line, the class of the most serious mark starting on it.
    pub fn line_classes(&self) -> Vec<Option<&'static str>> {
        let mut out: Vec<Option<(&'static str, u8)>> = vec![None; self.lines.line_count() + 1];
        for mark in self.marks() {
            let line = self.lines.line_of(mark.range.start);
            if let Some(slot) = out.get_mut(line)
                && slot.is_none_or(|(_, rank)| rank < mark.rank)
            {
                *slot = Some((mark.class, mark.rank));
            }
        }
        out.into_iter().map(|s| s.map(|(class, _)| class)).collect()
    }
}

pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "sev-critical",
        Severity::High => "sev-high",
        Severity::Medium => "sev-medium",
        Severity::Low => "sev-low",
        Severity::Info => "sev-info",
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Whether the AWS provider schema, which the validity checks (TFG7xx) need, is loaded.
/// The page fetches it once at load, beside the module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaStatus {
    Loading,
    /// Loaded: the provider version.
    Loaded(String),
    /// Could not be fetched or read: why. The other checks still run.
    Failed(String),
}

/// Everything the page shows. Every field is cheap to clone (shared or small): each action
/// makes the next state from a clone of this one.
#[derive(Clone)]
pub struct State {
    pub workspace: Rc<Workspace>,
    pub schema: SchemaStatus,
    /// The texts before each applied fix, the latest last: what "Undo fix" brings back.
    pub history: Rc<Vec<Rc<str>>>,
    /// What the side pane shows (from the URL fragment).
    pub route: crate::route::Route,
    /// A message for the user about what just happened (a share link made, a link that
    /// could not be read).
    pub notice: Option<Rc<str>>,
    /// The editor's text as last typed.
    pub text: Rc<str>,
    /// Bumped on every change of `text`.
    pub revision: u64,
    pub graded: Rc<Graded>,
    pub selected: Option<Item>,
    pub reveal: Option<Reveal>,
}

impl State {
    /// The page as first shown: `text` graded at once, so the first paint has findings.
    pub fn new(text: &str) -> Self {
        let workspace = Rc::new(Workspace::default());
        let text: Rc<str> = Rc::from(text);
        let graded = Rc::new(Graded::new(&workspace, 0, text.clone()));
        let schema = match workspace.schema_version() {
            Some(version) => SchemaStatus::Loaded(version),
            None => SchemaStatus::Loading,
        };
        Self {
            workspace,
            schema,
            history: Rc::new(Vec::new()),
            notice: None,
            route: crate::route::Route::Findings,
            text,
            revision: 0,
            graded,
            selected: None,
            reveal: None,
        }
    }
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
            && self.graded == other.graded
            && self.selected == other.selected
            && self.reveal == other.reveal
            && self.schema == other.schema
            && Rc::ptr_eq(&self.history, &other.history)
            && self.notice == other.notice
            && self.route == other.route
    }
}

pub enum Action {
    /// The user changed the text (typing, pasting, the toolbar's buttons).
    Edit(String),
    /// A grading finished; ignored when the text changed since.
    Graded(Rc<Graded>),
    /// The user picked a finding or an error: select its span in the editor.
    Select(Item),
    /// The provider schema finished loading (or failed): grade again with it.
    Schema(SchemaStatus),
    /// A fix (or several) produced this text: it replaces the editor's, and the text
    /// before it can come back.
    Fix(String),
    /// Bring back the text before the last fix.
    Undo,
    /// Tell the user something (a share link made or refused).
    Notice(String),
    /// The URL fragment names another view.
    Route(crate::route::Route),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(text) => {
                if *self.text == *text {
                    return self;
                }
                // Typing has the editor's own undo; "Undo fix" is for fixes just applied.
                next.history = Rc::new(Vec::new());
                next.notice = None;
                next.text = Rc::from(text);
                next.revision += 1;
                next.selected = None;
                next.reveal = None;
            }
            Action::Graded(graded) => {
                if graded.revision != self.revision {
                    return self;
                }
                next.graded = graded;
                next.selected = None;
                next.reveal = None;
            }
            Action::Select(item) => {
                let Some(span) = self.graded.span(item) else {
                    return self;
                };
                let serial = self.reveal.map_or(1, |r| r.serial + 1);
                next.selected = Some(item);
                next.reveal = Some(Reveal { span, serial });
            }
            Action::Schema(status) => {
                // A new revision of the same text: the grading hook grades it again.
                if matches!(status, SchemaStatus::Loaded(_)) {
                    next.revision += 1;
                }
                next.schema = status;
                next.reveal = None;
            }
            Action::Fix(text) => {
                if *self.text == *text {
                    return self;
                }
                let mut history = (*self.history).clone();
                history.push(self.text.clone());
                next.history = Rc::new(history);
                next.notice = None;
                next.text = Rc::from(text);
                next.revision += 1;
                next.selected = None;
                next.reveal = None;
            }
            Action::Notice(message) => {
                next.notice = Some(Rc::from(message));
                next.reveal = None;
            }
            Action::Route(route) => {
                if route == self.route {
                    return self;
                }
                next.route = route;
                next.reveal = None;
            }
            Action::Undo => {
                let mut history = (*self.history).clone();
                let Some(text) = history.pop() else {
                    return self;
                };
                next.history = Rc::new(history);
                next.notice = None;
                next.text = text;
                next.revision += 1;
                next.selected = None;
                next.reveal = None;
            }
        }
        Rc::new(next)
    }
}
