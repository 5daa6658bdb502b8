//! A light structural reader of test sources, per language: the test cases (their title,
//! state and body), the assertions in each body (and whether they compare only
//! constants), the places that reach a deployed resource (SDK clients and commands, boto3,
//! terratest helpers, HTTP calls) and the resource types assertions name.

use std::collections::HashMap;
use std::ops::Range;

use crate::analysis::services::{
    family_of_sdk_name, family_of_terratest_helper, resource_types_in,
};
use crate::analysis::test_sources::tokenize::{Kind, Language, Token, matching_brackets, tokenize};

/// Whether a test runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Active,
    /// `test.todo('...')`: a title without a body.
    Todo,
    /// `it.skip`, `xit`, `@pytest.mark.skip`, `t.Skip()`.
    Skipped,
}

/// A test case.
#[derive(Debug, Clone)]
pub struct Case {
    pub title: String,
    /// From the call or `def`/`func` keyword to the end of the title.
    pub head: Range<usize>,
    /// The body's inner byte range; empty for a todo.
    pub body: Range<usize>,
    /// The call that skips the test from inside its body (`t.Skip("...")`), if any.
    pub skip_call: Option<Range<usize>>,
    pub state: State,
    /// The body holds no code (nothing, or only comments, `pass` or a docstring).
    pub empty: bool,
    pub assertions: Vec<Assertion>,
    /// Index into [`Source::suites`] of the innermost enclosing suite.
    pub suite: Option<usize>,
}

impl Case {
    /// Every assertion compares only constants (and there is at least one).
    pub fn only_constant_assertions(&self) -> bool {
        !self.assertions.is_empty() && self.assertions.iter().all(|a| a.constant)
    }
}

/// A `describe` block.
#[derive(Debug, Clone)]
pub struct Suite {
    pub title: String,
    pub head: Range<usize>,
    pub body: Range<usize>,
    pub skipped: bool,
}

/// One assertion in a test body.
#[derive(Debug, Clone)]
pub struct Assertion {
    pub range: Range<usize>,
    /// Only constants are compared: it passes or fails whatever was deployed.
    pub constant: bool,
}

/// Evidence that a test reaches a deployed resource or names a service family.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub range: Range<usize>,
    /// The service family, when the evidence names one (an HTTP call names none).
    pub family: Option<String>,
    pub how: String,
    /// A call to AWS or the deployed endpoint (not a resource type named in an assertion).
    pub reaches: bool,
}

/// What the reader found in one test source.
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub cases: Vec<Case>,
    pub suites: Vec<Suite>,
    pub evidence: Vec<Evidence>,
    /// The outputs of a deployment are read (`flat-outputs.json`, `terraform.Output`).
    pub reads_outputs: bool,
    /// Imports of an AWS SDK module that construct nothing (type-only imports).
    pub type_only_sdk_imports: Vec<Range<usize>>,
}

/// The service family of an AWS CLI command (`aws iam get-role --role-name x`,
/// `s3api get-bucket-encryption ...`): a service the SDK table knows, then an operation
/// of lower-case words joined by hyphens.
fn cli_command_family(text: &str) -> Option<&'static str> {
    let mut words = text.split_whitespace();
    let first = words.next()?;
    let service = if first == "aws" { words.next()? } else { first };
    let operation = words.next()?;
    let operation_like = operation.contains('-')
        && operation.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if !operation_like {
        return None;
    }
    let service = service.strip_suffix("api").unwrap_or(service);
    crate::analysis::services::family_of_sdk_name(service)
}

impl Source {
    /// Whether some active test, outside a skipped suite, asserts something other than
    /// constants: a file without one holds placeholders only.
    pub fn has_real_tests(&self) -> bool {
        self.cases.iter().any(|c| {
            c.state == State::Active
                && !c.empty
                && !c.only_constant_assertions()
                && !self.in_skipped_suite(c.head.start)
        })
    }

    /// The case whose body holds `offset`.
    pub fn case_at(&self, offset: usize) -> Option<&Case> {
        self.cases
            .iter()
            .filter(|c| c.body.start <= offset && offset < c.body.end.max(c.head.end))
            .min_by_key(|c| c.body.len())
    }

    /// Whether `offset` is inside a skipped suite.
    pub fn in_skipped_suite(&self, offset: usize) -> bool {
        self.suites
            .iter()
            .any(|s| s.skipped && s.body.start <= offset && offset < s.body.end)
    }

    /// Whether code at `offset` runs: not inside a skipped or todo test or skipped suite.
    pub fn runs_at(&self, offset: usize) -> bool {
        let in_skipped_suite = self.in_skipped_suite(offset);
        let in_skipped_case = self
            .case_at(offset)
            .is_some_and(|c| c.state != State::Active);
        !in_skipped_suite && !in_skipped_case
    }
}

/// Reads a test source.
pub fn read(text: &str, language: Language) -> Source {
    match language {
        Language::Script => Reader::new(text, language).script(),
        Language::Python => Reader::new(text, language).python(),
        Language::Go => Reader::new(text, language).go(),
        Language::TerraformTest => terraform_test(text),
    }
}

struct Reader<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pair: Vec<Option<usize>>,
    /// Names bound to constant values (`const plan = '...'`); false when any binding of
    /// the name is not constant.
    constants: HashMap<&'a str, bool>,
    out: Source,
}

impl<'a> Reader<'a> {
    fn new(src: &'a str, language: Language) -> Self {
        let toks = tokenize(src, language);
        let pair = matching_brackets(&toks);
        Reader {
            src,
            toks,
            pair,
            constants: HashMap::new(),
            out: Source::default(),
        }
    }

    fn text(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.text(self.src))
    }

    fn is(&self, i: usize, word: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_ident(self.src, word))
    }

    fn punct(&self, i: usize, c: u8) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_punct(c))
    }

    fn ident(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Ident)
    }

    /// The matching bracket of token `i`, or the last token.
    fn close(&self, i: usize) -> usize {
        self.pair
            .get(i)
            .copied()
            .flatten()
            .unwrap_or(self.toks.len().saturating_sub(1))
    }

    fn start(&self, i: usize) -> usize {
        self.toks.get(i).map_or(self.src.len(), |t| t.range.start)
    }

    fn end(&self, i: usize) -> usize {
        self.toks.get(i).map_or(self.src.len(), |t| t.range.end)
    }

    /// Whether tokens `from..to` compare only constants: literals, literal keywords,
    /// object keys, member names and names bound to constants.
    fn constant(&self, from: usize, to: usize, keywords: &[&str]) -> bool {
        if from >= to {
            return false;
        }
        (from..to).all(|i| {
            let t = &self.toks[i];
            match t.kind {
                Kind::Ident => {
                    let word = t.text(self.src);
                    keywords.contains(&word)
                        || (i > from && self.punct(i - 1, b'.'))
                        || (self.punct(i + 1, b':') && !self.punct(i + 2, b':'))
                        || self.constants.get(word).copied().unwrap_or(false)
                }
                Kind::Template { interpolated } => !interpolated,
                _ => true,
            }
        })
    }

    /// Index of the first token at or after `i` that starts a new line at bracket depth
    /// zero relative to `i`, or that is `;` at that depth.
    fn statement_end(&self, i: usize, limit: usize) -> usize {
        let mut j = i;
        while j < limit {
            // A line that starts with `.` or an operator, or follows one, continues the
            // statement (`const tf = [...]\n  .map(...)`).
            let continues = |k: usize| {
                matches!(
                    self.toks.get(k).map(|t| t.kind),
                    Some(Kind::Punct(
                        b'.' | b'?'
                            | b':'
                            | b'+'
                            | b'-'
                            | b'*'
                            | b'/'
                            | b'&'
                            | b'|'
                            | b'='
                            | b','
                            | b'<'
                            | b'>'
                    ))
                )
            };
            if j > i && self.toks[j].line_start && !continues(j) && !continues(j - 1) {
                return j;
            }
            if self.punct(j, b';') {
                return j;
            }
            match self.toks[j].kind {
                Kind::Punct(b'(' | b'[' | b'{') => j = self.close(j) + 1,
                _ => j += 1,
            }
        }
        limit
    }

    fn literal_text(&self, i: usize) -> Option<String> {
        let t = self.toks.get(i)?;
        matches!(t.kind, Kind::Str | Kind::Template { .. }).then(|| t.inner(self.src).to_owned())
    }

    /// Resource types named by literals in tokens `from..to`, as evidence. Callers keep
    /// it only for assertions that are not constant: a placeholder covers nothing.
    fn resource_mentions(&self, from: usize, to: usize) -> Vec<Evidence> {
        let mut out = Vec::new();
        for i in from..to.min(self.toks.len()) {
            let t = &self.toks[i];
            // A member named like a resource type without its `aws_` (`counts.emr_cluster`,
            // `resources.s3_bucket`): the assertion is about those resources.
            if t.kind == Kind::Ident && i > 0 && self.punct(i - 1, b'.') {
                let name = t.text(self.src);
                let kind = format!("aws_{name}");
                if name.contains('_')
                    && crate::facts::resource(&kind).is_some()
                    && let Some(family) = crate::analysis::services::family_of_resource(&kind)
                {
                    out.push(Evidence {
                        range: t.range.clone(),
                        family: Some(family),
                        how: format!("asserts on `{kind}`"),
                        reaches: false,
                    });
                }
                continue;
            }
            if !matches!(t.kind, Kind::Str | Kind::Regex | Kind::Template { .. }) {
                continue;
            }
            let text = t.text(self.src);
            for (offset, kind) in resource_types_in(text) {
                let Some(family) = crate::analysis::services::family_of_resource(kind) else {
                    continue;
                };
                let start = t.range.start + offset;
                out.push(Evidence {
                    range: start..start + kind.len(),
                    family: Some(family),
                    how: format!("asserts on `{kind}`"),
                    reaches: false,
                });
            }
        }
        out
    }

    // ---------------------------------------------------------------- TypeScript/JS

    fn script(mut self) -> Source {
        self.script_bindings();
        let mut sdk_names: HashMap<&'a str, String> = HashMap::new();
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            let after_dot = i > 0 && self.punct(i - 1, b'.');
            if self.ident(i) && !after_dot {
                match self.text(i) {
                    "import" => self.script_import(i, &mut sdk_names),
                    "describe" | "xdescribe" | "fdescribe" | "context" => {
                        self.script_block(i, true)
                    }
                    "test" | "it" | "xit" | "xtest" | "fit" => self.script_block(i, false),
                    "new" => self.script_new(i, &sdk_names),
                    "fetch" | "axios" if self.punct(i + 1, b'(') || self.punct(i + 1, b'.') => {
                        self.out.evidence.push(Evidence {
                            range: self.toks[i].range.clone(),
                            family: None,
                            how: format!("`{}` of a deployed endpoint", self.text(i)),
                            reaches: true,
                        });
                    }
                    _ => {}
                }
            }
            if let Some(t) = self.toks.get(i)
                && matches!(t.kind, Kind::Str | Kind::Template { .. })
                && (t.inner(self.src).contains("flat-outputs")
                    || t.inner(self.src).contains("cfn-outputs"))
            {
                self.out.reads_outputs = true;
            }
            // An AWS CLI command passed to a call (`execSync(\`aws iam get-role ...\`)`, a
            // helper `awsCommand('s3api get-bucket-encryption ...')`): the service is
            // reached, as by its SDK client. A test title is no call of the CLI.
            if let Some(t) = self.toks.get(i)
                && matches!(t.kind, Kind::Str | Kind::Template { .. })
                && i >= 2
                && (self.punct(i - 1, b'(') || self.punct(i - 1, b','))
                && !(self.punct(i - 1, b'(')
                    && matches!(
                        self.text(i - 2),
                        "test" | "it" | "describe" | "xit" | "xtest" | "fit" | "context"
                    ))
                && let Some(family) = cli_command_family(t.inner(self.src))
            {
                self.out.evidence.push(Evidence {
                    range: t.range.clone(),
                    family: Some(family.to_owned()),
                    how: "an AWS CLI command".to_owned(),
                    reaches: true,
                });
            }
            i += 1;
        }
        self.script_assertions();
        self.out
    }

    /// `const name (: Type)? = init`: name is constant when init is. A later assignment
    /// `name = value` (in a `beforeAll` that reads the deployed outputs, say) counts too:
    /// a name first bound to `{}` and then to what a file holds is not a constant.
    fn script_bindings(&mut self) {
        let n = self.toks.len();
        for i in 0..n {
            // `name = value`, not a declaration (below) nor a member (`a.name = value`).
            let after_binder_or_dot = i > 0
                && (self.is(i - 1, "const")
                    || self.is(i - 1, "let")
                    || self.is(i - 1, "var")
                    || self.punct(i - 1, b'.'));
            if self.ident(i)
                && !after_binder_or_dot
                && self.punct(i + 1, b'=')
                && !self.punct(i + 2, b'=')
                && !self.punct(i + 2, b'>')
            {
                let end = self.statement_end(i + 2, n);
                let constant = self.constant(i + 2, end, SCRIPT_KEYWORDS);
                let name = self.text(i);
                let entry = self.constants.entry(name).or_insert(constant);
                *entry = *entry && constant;
                continue;
            }
            // `name[key] = value`, `name.member = value`: an object filled in later (from
            // files read in a loop) is no more a constant than what is put in it.
            if self.ident(i) && !after_binder_or_dot {
                let target_end = if self.punct(i + 1, b'.') && self.ident(i + 2) {
                    Some(i + 3)
                } else if self.punct(i + 1, b'[') {
                    let mut depth = 0usize;
                    let mut j = i + 1;
                    let mut close = None;
                    while j < n && !self.punct(j, b';') {
                        if self.punct(j, b'[') {
                            depth += 1;
                        } else if self.punct(j, b']') {
                            depth -= 1;
                            if depth == 0 {
                                close = Some(j + 1);
                                break;
                            }
                        }
                        j += 1;
                    }
                    close
                } else {
                    None
                };
                if let Some(k) = target_end
                    && self.punct(k, b'=')
                    && !self.punct(k + 1, b'=')
                    && !self.punct(k + 1, b'>')
                {
                    let end = self.statement_end(k + 1, n);
                    let constant = self.constant(k + 1, end, SCRIPT_KEYWORDS);
                    let name = self.text(i);
                    let entry = self.constants.entry(name).or_insert(constant);
                    *entry = *entry && constant;
                    continue;
                }
            }
            if !(self.is(i, "const") || self.is(i, "let") || self.is(i, "var"))
                || !self.ident(i + 1)
            {
                continue;
            }
            let name = self.text(i + 1);
            let mut j = i + 2;
            if self.punct(j, b':') {
                while j < n && (!self.punct(j, b'=') || self.punct(j + 1, b'>')) {
                    if self.toks[j].line_start || self.punct(j, b';') {
                        break;
                    }
                    j += 1;
                }
            }
            if !self.punct(j, b'=') || self.punct(j + 1, b'=') {
                continue;
            }
            let end = self.statement_end(j + 1, n);
            let constant = self.constant(j + 1, end, SCRIPT_KEYWORDS);
            let entry = self.constants.entry(name).or_insert(constant);
            *entry = *entry && constant;
        }
    }

    fn script_import(&mut self, i: usize, sdk_names: &mut HashMap<&'a str, String>) {
        let type_only = self.is(i + 1, "type");
        let end = self.statement_end(i, self.toks.len());
        let Some(from) = (i..end).find(|&j| self.is(j, "from")) else {
            return;
        };
        let Some(module) = self.literal_text(from + 1) else {
            return;
        };
        let Some(service) = sdk_module_service(&module) else {
            return;
        };
        if type_only {
            self.out
                .type_only_sdk_imports
                .push(self.start(i)..self.end(end.saturating_sub(1)));
            return;
        }
        // `{ A, type B, C as D }`: value names only, under their local names.
        let mut j = i + 1;
        while j < from {
            if self.ident(j) && !self.is(j, "type") && !self.is(j, "as") && !self.is(j - 1, "type")
            {
                if self.is(j + 1, "as") && self.ident(j + 2) {
                    sdk_names.insert(self.text(j + 2), service.clone());
                    j += 3;
                    continue;
                }
                sdk_names.insert(self.text(j), service.clone());
            }
            j += 1;
        }
    }

    /// `new XClient(` or `new XCommand(` of a name imported from the AWS SDK, or
    /// `new AWS.S3(` (SDK v2).
    fn script_new(&mut self, i: usize, sdk_names: &HashMap<&'a str, String>) {
        if !self.ident(i + 1) {
            return;
        }
        let name = self.text(i + 1);
        let (family, shown, at) = if name == "AWS" && self.punct(i + 2, b'.') && self.ident(i + 3) {
            (
                family_of_sdk_name(self.text(i + 3)),
                format!("AWS.{}", self.text(i + 3)),
                i + 3,
            )
        } else if let Some(service) = sdk_names.get(name) {
            (
                family_of_sdk_name(service)
                    .or_else(|| family_of_sdk_name(name.trim_end_matches("Client"))),
                name.to_owned(),
                i + 1,
            )
        } else {
            return;
        };
        self.out.evidence.push(Evidence {
            range: self.start(i + 1)..self.end(at),
            family: family.map(str::to_owned),
            how: format!("`{shown}`"),
            reaches: true,
        });
    }

    /// `describe(...)` / `test(...)` with modifiers, `.each(table)`, a title and a callback.
    fn script_block(&mut self, i: usize, is_suite: bool) {
        let name = self.text(i);
        let mut modifiers = vec![name];
        let mut j = i + 1;
        while self.punct(j, b'.') && self.ident(j + 1) {
            modifiers.push(self.text(j + 1));
            j += 2;
            if modifiers.last() == Some(&"each") && self.punct(j, b'(') {
                j = self.close(j) + 1;
            }
        }
        if !self.punct(j, b'(') {
            return;
        }
        let open = j;
        let close = self.close(open);
        let Some(title) = self.literal_text(open + 1) else {
            return;
        };
        let head = self.start(i)..self.end(open + 1);
        let skipped = name.starts_with('x') || modifiers.contains(&"skip");
        let todo = modifiers.contains(&"todo");
        // The callback: `=> {`, `=> expr`, or `function (...) {`.
        let mut body = self.end(open + 1)..self.end(open + 1);
        let mut empty = !todo;
        let mut k = open + 2;
        while k < close {
            if self.punct(k, b'=') && self.punct(k + 1, b'>') {
                if self.punct(k + 2, b'{') {
                    let end = self.close(k + 2);
                    body = self.end(k + 2)..self.start(end);
                    empty = end == k + 3;
                } else {
                    body = self.start(k + 2)..self.start(close);
                    empty = k + 2 >= close;
                }
                break;
            }
            if self.is(k, "function") {
                if let Some(b) = (k..close).find(|&b| self.punct(b, b'{')) {
                    let end = self.close(b);
                    body = self.end(b)..self.start(end);
                    empty = end == b + 1;
                }
                break;
            }
            k += 1;
        }
        if is_suite {
            self.out.suites.push(Suite {
                title,
                head,
                body,
                skipped,
            });
        } else {
            self.out.cases.push(Case {
                title,
                head,
                body,
                skip_call: None,
                state: if todo {
                    State::Todo
                } else if skipped {
                    State::Skipped
                } else {
                    State::Active
                },
                empty: empty && !todo,
                assertions: Vec::new(),
                suite: None,
            });
        }
    }

    /// `expect(subject).not.toBe(value)` chains and `assert(...)` / `assert.x(...)` calls,
    /// attached to the case whose body holds them.
    fn script_assertions(&mut self) {
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            let after_dot = i > 0 && self.punct(i - 1, b'.');
            if after_dot || !(self.is(i, "expect") || self.is(i, "assert")) {
                i += 1;
                continue;
            }
            let mut constant = true;
            let mut mentions = Vec::new();
            let mut j = i + 1;
            if self.punct(j, b'(') {
                let close = self.close(j);
                constant &= self.constant(j + 1, close, SCRIPT_KEYWORDS);
                mentions.extend(self.resource_mentions(j + 1, close));
                j = close + 1;
            } else if !(self.is(i, "assert") && self.punct(j, b'.')) {
                i += 1;
                continue;
            }
            let mut last = j.saturating_sub(1);
            while self.punct(j, b'.') && self.ident(j + 1) {
                last = j + 1;
                j += 2;
                if self.punct(j, b'(') {
                    let close = self.close(j);
                    if close > j + 1 {
                        constant &= self.constant(j + 1, close, SCRIPT_KEYWORDS);
                        mentions.extend(self.resource_mentions(j + 1, close));
                    }
                    last = close;
                    j = close + 1;
                }
            }
            let range = self.start(i)..self.end(last);
            if !constant {
                self.out.evidence.extend(mentions);
            }
            self.attach(range, constant);
            i = j.max(i + 1);
        }
        self.finish_cases();
    }

    fn attach(&mut self, range: Range<usize>, constant: bool) {
        let at = range.start;
        if let Some(case) = self
            .out
            .cases
            .iter_mut()
            .filter(|c| c.body.start <= at && at < c.body.end)
            .min_by_key(|c| c.body.len())
        {
            case.assertions.push(Assertion { range, constant });
        }
    }

    fn finish_cases(&mut self) {
        let suites = self.out.suites.clone();
        for case in &mut self.out.cases {
            case.suite = suites
                .iter()
                .enumerate()
                .filter(|(_, s)| s.body.start <= case.head.start && case.head.start < s.body.end)
                .min_by_key(|(_, s)| s.body.len())
                .map(|(i, _)| i);
        }
    }

    // ---------------------------------------------------------------- Python

    fn python(mut self) -> Source {
        let n = self.toks.len();
        // Module-level and body assignments `NAME = literal`.
        for i in 0..n {
            if self.toks[i].line_start
                && self.ident(i)
                && self.punct(i + 1, b'=')
                && !self.punct(i + 2, b'=')
            {
                let end = self.statement_end(i + 2, n);
                let constant = self.constant(i + 2, end, PYTHON_KEYWORDS);
                let entry = self.constants.entry(self.text(i)).or_insert(constant);
                *entry = *entry && constant;
            }
        }
        for i in 0..n {
            let t = &self.toks[i];
            if t.kind == Kind::Str
                && (t.inner(self.src).contains("flat-outputs")
                    || t.inner(self.src).contains("cfn-outputs"))
            {
                self.out.reads_outputs = true;
            }
            // boto3.client("s3"), session.resource("dynamodb")
            if (self.is(i, "client") || self.is(i, "resource"))
                && i > 0
                && self.punct(i - 1, b'.')
                && self.punct(i + 1, b'(')
                && let Some(service) = self.literal_text(i + 2)
                && let Some(family) = family_of_sdk_name(&service)
            {
                let receiver = if i >= 2 { self.text(i - 2) } else { "" };
                self.out.evidence.push(Evidence {
                    range: self.start(i.saturating_sub(2))..self.end(self.close(i + 1)),
                    family: Some(family.to_owned()),
                    how: format!("`{receiver}.{}(\"{service}\")`", self.text(i)),
                    reaches: true,
                });
            }
            if self.is(i, "requests") && self.punct(i + 1, b'.') {
                self.out.evidence.push(Evidence {
                    range: t.range.clone(),
                    family: None,
                    how: "`requests` of a deployed endpoint".to_owned(),
                    reaches: true,
                });
            }
            if !(t.line_start || (i > 0 && self.is(i - 1, "async"))) || !self.is(i, "def") {
                continue;
            }
            let name = self.text(i + 1);
            if !name.starts_with("test") || !self.punct(i + 2, b'(') {
                continue;
            }
            let params_close = self.close(i + 2);
            let Some(colon) = (params_close..n).find(|&j| self.punct(j, b':')) else {
                continue;
            };
            let column = self.toks[if i > 0 && self.is(i - 1, "async") {
                i - 1
            } else {
                i
            }]
            .column;
            let mut end = colon + 1;
            while end < n && !(self.toks[end].line_start && self.toks[end].column <= column) {
                end += 1;
            }
            // Decorators on the lines above.
            let mut skipped = false;
            let mut d = i;
            while d > 0 {
                let line_first = (0..d).rev().find(|&k| self.toks[k].line_start).unwrap_or(0);
                if !self.punct(line_first, b'@') {
                    break;
                }
                let words: Vec<&str> = (line_first..d).map(|k| self.text(k)).collect();
                if words.iter().any(|w| w.starts_with("skip")) {
                    skipped = true;
                }
                d = line_first;
            }
            let body_tokens: Vec<usize> = (colon + 1..end).collect();
            let empty = body_tokens.iter().all(|&k| {
                self.is(k, "pass") || self.punct(k, b'.') || self.toks[k].kind == Kind::Str
            });
            let skips_itself = body_tokens.first().is_some_and(|&k| {
                (self.is(k, "pytest") || self.is(k, "self"))
                    && self.punct(k + 1, b'.')
                    && (self.is(k + 2, "skip") || self.is(k + 2, "skipTest"))
            });
            let mut assertions = Vec::new();
            for &k in &body_tokens {
                if self.is(k, "assert") && self.toks[k].line_start {
                    let stop = self.statement_end(k, end);
                    // `assert x, "message"`: the message does not decide.
                    let comma = (k + 1..stop).find(|&c| self.punct(c, b',')).unwrap_or(stop);
                    let constant = self.constant(k + 1, comma, PYTHON_KEYWORDS);
                    if !constant {
                        let mentions = self.resource_mentions(k + 1, comma);
                        self.out.evidence.extend(mentions);
                    }
                    assertions.push(Assertion {
                        range: self.start(k)..self.end(stop.saturating_sub(1)),
                        constant,
                    });
                } else if self.is(k, "self")
                    && self.punct(k + 1, b'.')
                    && self.text(k + 2).starts_with("assert")
                    && self.punct(k + 3, b'(')
                {
                    let close = self.close(k + 3);
                    let constant = self.constant(k + 4, close, PYTHON_KEYWORDS);
                    if !constant {
                        let mentions = self.resource_mentions(k + 4, close);
                        self.out.evidence.extend(mentions);
                    }
                    assertions.push(Assertion {
                        range: self.start(k)..self.end(close),
                        constant,
                    });
                } else if self.is(k, "pytest") && self.punct(k + 1, b'.') && self.is(k + 2, "fail")
                {
                    // Reached only when something else did not happen: not a constant.
                    let close = self.close(k + 3);
                    assertions.push(Assertion {
                        range: self.start(k)..self.end(close),
                        constant: false,
                    });
                }
            }
            self.out.cases.push(Case {
                title: name.to_owned(),
                head: self.start(i)..self.end(i + 1),
                body: self.end(colon)..self.end(end.saturating_sub(1)),
                skip_call: None,
                state: if skipped || skips_itself {
                    State::Skipped
                } else {
                    State::Active
                },
                empty,
                assertions,
                suite: None,
            });
        }
        self.out
    }

    // ---------------------------------------------------------------- Go

    fn go(mut self) -> Source {
        let n = self.toks.len();
        // Import aliases: the SDK's service packages and terratest's modules.
        let mut packages: HashMap<&'a str, GoPackage> = HashMap::new();
        for i in 0..n {
            let Some(path) = (self.toks[i].kind == Kind::Str).then(|| self.toks[i].inner(self.src))
            else {
                continue;
            };
            if path.contains("flat-outputs") || path.contains("cfn-outputs") {
                self.out.reads_outputs = true;
            }
            let package = if let Some(service) = path
                .strip_prefix("github.com/aws/aws-sdk-go-v2/service/")
                .or_else(|| path.strip_prefix("github.com/aws/aws-sdk-go/service/"))
            {
                GoPackage::Sdk(service.split('/').next().unwrap_or(service))
            } else if let Some(module) =
                path.strip_prefix("github.com/gruntwork-io/terratest/modules/")
            {
                match module {
                    "aws" => GoPackage::TerratestAws,
                    "terraform" => GoPackage::Terraform,
                    "http-helper" => GoPackage::Http,
                    _ => continue,
                }
            } else if path == "net/http" {
                GoPackage::Http
            } else {
                continue;
            };
            let alias = if i > 0 && self.ident(i - 1) && !self.is(i - 1, "import") {
                self.text(i - 1)
            } else {
                path.rsplit('/').next().unwrap_or(path)
            };
            let alias: &'a str = if alias == "http-helper" {
                "http_helper"
            } else {
                alias
            };
            packages.insert(alias, package);
        }
        for i in 0..n {
            if !(self.ident(i) && self.punct(i + 1, b'.') && self.ident(i + 2)) {
                continue;
            }
            if i > 0 && self.punct(i - 1, b'.') {
                continue;
            }
            let Some(package) = packages.get(self.text(i)) else {
                continue;
            };
            let function = self.text(i + 2);
            let shown = format!("`{}.{function}`", self.text(i));
            let range = self.start(i)..self.end(i + 2);
            let (family, reaches) = match package {
                GoPackage::Sdk(service) => (family_of_sdk_name(service), true),
                GoPackage::TerratestAws => (family_of_terratest_helper(function), true),
                GoPackage::Http => (None, true),
                GoPackage::Terraform => {
                    if function.starts_with("Output") {
                        self.out.reads_outputs = true;
                    }
                    (None, function.contains("Apply"))
                }
            };
            if reaches {
                self.out.evidence.push(Evidence {
                    range,
                    family: family.map(str::to_owned),
                    how: shown,
                    reaches: true,
                });
            }
        }
        for i in 0..n {
            if !(self.is(i, "func") && self.ident(i + 1) && self.punct(i + 2, b'(')) {
                continue;
            }
            let name = self.text(i + 1);
            let Some(rest) = name.strip_prefix("Test") else {
                continue;
            };
            if rest.starts_with(|c: char| c.is_ascii_lowercase()) {
                continue;
            }
            let params_close = self.close(i + 2);
            let Some(open) = (params_close..n).find(|&j| self.punct(j, b'{')) else {
                continue;
            };
            let close = self.close(open);
            let skipped = self.ident(open + 1)
                && self.punct(open + 2, b'.')
                && self.text(open + 3).starts_with("Skip");
            let skip_call = skipped.then(|| {
                let end = if self.punct(open + 4, b'(') {
                    self.close(open + 4)
                } else {
                    open + 3
                };
                self.start(open + 1)..self.end(end)
            });
            let mut assertions = Vec::new();
            let mut k = open + 1;
            while k < close {
                let package = self.text(k);
                let is_check = (package == "assert" || package == "require")
                    && self.punct(k + 1, b'.')
                    && self.punct(k + 3, b'(');
                let is_report = self.ident(k)
                    && self.punct(k + 1, b'.')
                    && ["Error", "Errorf", "Fatal", "Fatalf", "Fail", "FailNow"]
                        .contains(&self.text(k + 2))
                    && self.punct(k + 3, b'(');
                if (is_check || is_report) && !(k > 0 && self.punct(k - 1, b'.')) {
                    let call_close = self.close(k + 3);
                    // assert.Equal(t, a, b): the first argument is the test's handle.
                    let first_comma = (k + 4..call_close).find(|&c| self.punct(c, b','));
                    let constant = is_check
                        && first_comma
                            .is_some_and(|c| self.constant(c + 1, call_close, GO_KEYWORDS));
                    if !constant {
                        let mentions = self.resource_mentions(k + 4, call_close);
                        self.out.evidence.extend(mentions);
                    }
                    assertions.push(Assertion {
                        range: self.start(k)..self.end(call_close),
                        constant,
                    });
                    k = call_close + 1;
                    continue;
                }
                if self.is(k, "if")
                    && let Some(block) = (k..close).find(|&b| self.punct(b, b'{'))
                {
                    // The condition of an `if` that reports a failure is what is asserted.
                    let block_close = self.close(block);
                    let reports = (block..block_close).any(|b| {
                        ["Error", "Errorf", "Fatal", "Fatalf", "Fail"].contains(&self.text(b))
                    });
                    if reports {
                        let mentions = self.resource_mentions(k + 1, block);
                        self.out.evidence.extend(mentions);
                    }
                }
                k += 1;
            }
            self.out.cases.push(Case {
                title: name.to_owned(),
                head: self.start(i)..self.end(i + 1),
                body: self.end(open)..self.start(close),
                skip_call,
                state: if skipped {
                    State::Skipped
                } else {
                    State::Active
                },
                empty: close == open + 1,
                assertions,
                suite: None,
            });
        }
        self.out
    }
}

enum GoPackage<'a> {
    Sdk(&'a str),
    TerratestAws,
    Terraform,
    Http,
}

const SCRIPT_KEYWORDS: &[&str] = &[
    "true",
    "false",
    "null",
    "undefined",
    "NaN",
    "Infinity",
    "as",
];
const PYTHON_KEYWORDS: &[&str] = &["True", "False", "None", "not", "is", "in", "and", "or"];
const GO_KEYWORDS: &[&str] = &["true", "false", "nil"];

/// The service of an AWS SDK module: `@aws-sdk/client-s3` is `s3`; `aws-sdk` (v2) names
/// none (its clients are `new AWS.S3()`).
fn sdk_module_service(module: &str) -> Option<String> {
    if let Some(service) = module.strip_prefix("@aws-sdk/client-") {
        Some(service.to_owned())
    } else if module == "aws-sdk" || module.starts_with("aws-sdk/") {
        Some(String::new())
    } else {
        None
    }
}

// ---------------------------------------------------------------- terraform test

/// `run` blocks of a native test file, their `assert` conditions and the resources the
/// conditions reference.
fn terraform_test(text: &str) -> Source {
    use hcl_edit::Span;
    let mut out = Source::default();
    let Ok(body) = hcl_edit::parser::parse_body(text) else {
        return out;
    };
    for block in body.get_blocks("run") {
        let Some(span) = block.span() else { continue };
        let title = block
            .labels
            .first()
            .map(|l| l.as_str().to_owned())
            .unwrap_or_default();
        let head_end = crate::edit::header_range(block).end;
        let mut assertions = Vec::new();
        for assert in block.body.get_blocks("assert") {
            let Some(condition) = assert.body.get_attribute("condition") else {
                continue;
            };
            let Some(range) = condition.value.span() else {
                continue;
            };
            let source = text.get(range.clone()).unwrap_or("");
            let toks = tokenize(source, Language::Go);
            let constant = !toks.is_empty()
                && toks
                    .iter()
                    .all(|t| t.kind != Kind::Ident || GO_KEYWORDS.contains(&t.text(source)));
            for (k, t) in toks.iter().enumerate() {
                let word = t.text(source);
                if t.kind == Kind::Ident
                    && word.starts_with("aws_")
                    && toks.get(k + 1).is_some_and(|n| n.is_punct(b'.'))
                    && let Some(family) = crate::analysis::services::family_of_resource(word)
                {
                    let start = range.start + t.range.start;
                    out.evidence.push(Evidence {
                        range: start..start + word.len(),
                        family: Some(family),
                        how: format!("asserts on `{word}`"),
                        reaches: false,
                    });
                }
            }
            assertions.push(Assertion { range, constant });
        }
        let expects_failures = block.body.get_attribute("expect_failures").is_some();
        out.cases.push(Case {
            title,
            head: span.start..head_end,
            body: span.clone(),
            skip_call: None,
            state: State::Active,
            empty: assertions.is_empty() && !expects_failures && block.body.is_empty(),
            assertions,
            suite: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jest_cases_states_and_constant_assertions() {
        let src = "const plan = 'x';\nconst out = JSON.parse(f());\ndescribe.skip('s', () => {\n  it.skip('a', () => { expect(out.x).toBe(1); });\n  test.todo('b');\n  test('c', () => {});\n  test('d', async () => {\n    expect(plan).toContain('S3Client');\n    expect(false).not.toBe(true);\n  });\n  test.each([1, 2])('e %s', (n) => { expect(n).toBe(n); });\n});\n";
        let source = read(src, Language::Script);
        let states: Vec<(&str, State, bool)> = source
            .cases
            .iter()
            .map(|c| (c.title.as_str(), c.state, c.empty))
            .collect();
        assert_eq!(
            states,
            [
                ("a", State::Skipped, false),
                ("b", State::Todo, false),
                ("c", State::Active, true),
                ("d", State::Active, false),
                ("e %s", State::Active, false),
            ]
        );
        assert!(!source.cases[0].assertions[0].constant);
        assert!(source.cases[3].assertions.iter().all(|a| a.constant));
        assert!(!source.cases[4].assertions[0].constant);
        assert!(source.suites[0].skipped);
        assert_eq!(source.cases[0].suite, Some(0));
    }

    #[test]
    fn a_name_assigned_what_a_file_holds_is_no_constant() {
        // Bound to `{}`, then to the deployed outputs in `beforeAll`.
        let src = "let outputs: any = {};\nlet count = 0;\nbeforeAll(() => {\n  outputs = JSON.parse(readFileSync('cfn-outputs/flat-outputs.json', 'utf8'));\n  count = 2;\n});\ntest('bucket', () => {\n  expect(outputs.bucket).toBeDefined();\n});\ntest('count', () => {\n  expect(count).toBe(2);\n});\n";
        let source = read(src, Language::Script);
        assert!(!source.cases[0].assertions[0].constant);
        // A name only ever bound to literals stays a constant.
        assert!(source.cases[1].assertions[0].constant);
    }

    #[test]
    fn aws_cli_commands_reach_their_service() {
        let src = "const aws = (c: string) => JSON.parse(execSync(`aws ${c} --output json`).toString());\ntest('iam get-role names the role', () => {\n  const role = aws(`iam get-role --role-name ${name}`);\n  expect(role.Role.RoleName).toBe(name);\n  execSync('aws s3api get-bucket-encryption --bucket b');\n});\n";
        let source = read(src, Language::Script);
        let reached: Vec<&str> = source
            .evidence
            .iter()
            .filter(|e| e.reaches)
            .filter_map(|e| e.family.as_deref())
            .collect();
        assert_eq!(reached, ["iam", "s3"], "{:?}", source.evidence);
    }

    #[test]
    fn a_member_named_like_a_resource_type_is_asserted_on() {
        let src = "const tf = fs.readFileSync('lib/main.tf', 'utf8');\nconst counts = count(tf);\ntest('emr', () => {\n  expect(counts.emr_cluster).toBe(1);\n  expect(counts.total).toBe(3);\n});\n";
        let source = read(src, Language::Script);
        let families: Vec<&str> = source
            .evidence
            .iter()
            .filter_map(|e| e.family.as_deref())
            .collect();
        assert_eq!(families, ["emr"], "{:?}", source.evidence);
    }

    #[test]
    fn an_object_filled_with_file_contents_is_no_constant() {
        // Filled by key in a loop; a member set from a literal keeps its object constant.
        let src = "const files: { [k: string]: string } = {};\nconst flags = {};\nfor (const f of names) {\n  files[f] = fs.readFileSync(f, 'utf8');\n}\nflags.on = true;\ntest('locals', () => {\n  expect(files['locals.tf']).toContain('resource \"aws_s3_bucket\"');\n});\ntest('flags', () => {\n  expect(flags.on).toBe(true);\n});\n";
        let source = read(src, Language::Script);
        assert!(!source.cases[0].assertions[0].constant);
        assert!(source.cases[1].assertions[0].constant);
    }

    #[test]
    fn sdk_clients_are_calls_not_type_imports() {
        let src = "import type { SQSClient } from '@aws-sdk/client-sqs';\nimport { S3Client, GetBucketEncryptionCommand } from '@aws-sdk/client-s3';\n// new SQSClient({})\nconst s = 'new SQSClient()';\nconst s3 = new S3Client({});\ns3.send(new GetBucketEncryptionCommand({}));\n";
        let source = read(src, Language::Script);
        let families: Vec<Option<&str>> = source
            .evidence
            .iter()
            .map(|e| e.family.as_deref())
            .collect();
        assert_eq!(families, [Some("s3"), Some("s3")]);
        assert_eq!(source.type_only_sdk_imports.len(), 1);
    }

    #[test]
    fn python_cases() {
        let src = "import boto3\n\n@pytest.mark.skip(reason='x')\ndef test_a():\n    assert client.get() == 1\n\ndef test_b():\n    assert True\n\ndef test_c():\n    pass\n\ndef test_d(tf):\n    assert 'aws_s3_bucket' in tf\n    boto3.client('sqs')\n";
        let source = read(src, Language::Python);
        let got: Vec<(&str, State, bool, bool)> = source
            .cases
            .iter()
            .map(|c| {
                (
                    c.title.as_str(),
                    c.state,
                    c.empty,
                    c.assertions.iter().all(|a| a.constant) && !c.assertions.is_empty(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("test_a", State::Skipped, false, false),
                ("test_b", State::Active, false, true),
                ("test_c", State::Active, true, false),
                ("test_d", State::Active, false, false),
            ]
        );
        let families: Vec<&str> = source
            .evidence
            .iter()
            .filter_map(|e| e.family.as_deref())
            .collect();
        assert_eq!(families, ["s3", "sqs"]);
    }

    #[test]
    fn go_cases() {
        let src = "package test\nimport (\n  \"testing\"\n  \"github.com/gruntwork-io/terratest/modules/aws\"\n)\nfunc TestA(t *testing.T) {\n  t.Skip(\"later\")\n}\nfunc TestB(t *testing.T) {\n  assert.True(t, true)\n}\nfunc TestC(t *testing.T) {\n  v := aws.GetS3BucketVersioning(t, r, b)\n  if v != \"Enabled\" { t.Error(\"x\") }\n}\n";
        let source = read(src, Language::Go);
        let states: Vec<State> = source.cases.iter().map(|c| c.state).collect();
        assert_eq!(states, [State::Skipped, State::Active, State::Active]);
        assert!(source.cases[1].assertions[0].constant);
        assert!(!source.cases[2].assertions[0].constant);
        assert_eq!(source.evidence[0].family.as_deref(), Some("s3"));
    }

    #[test]
    fn terraform_test_runs() {
        let src = "run \"a\" {\n  assert {\n    condition     = aws_s3_bucket.b.bucket != \"\"\n    error_message = \"x\"\n  }\n}\nrun \"b\" {\n  assert {\n    condition     = true\n    error_message = \"x\"\n  }\n}\n";
        let source = read(src, Language::TerraformTest);
        assert_eq!(source.cases.len(), 2);
        assert!(!source.cases[0].assertions[0].constant);
        assert!(source.cases[1].assertions[0].constant);
        assert_eq!(source.evidence[0].family.as_deref(), Some("s3"));
    }
    #[test]
    fn every_prefix_reads_without_panic() {
        let samples = [
            (
                Language::Script,
                "import type { A } from '@aws-sdk/client-s3';\nconst a = `x${`y${'z'}`}` / 2;\ndescribe.each([1])('s', () => { it.skip('t \\'', function () { expect(/re[/]/.test(a)).not.toBe(\u{e9}); }); });\n",
            ),
            (
                Language::Python,
                "@pytest.mark.skip\ndef test_a(x):\n    '''doc\n    \u{e9}'''\n    assert f\"{x}\" == 'a', 'm'\n",
            ),
            (
                Language::Go,
                "import aws \"github.com/aws/aws-sdk-go-v2/service/s3\"\nfunc TestA(t *testing.T) { t.Skip(); assert.True(t, `raw\n`) }\n",
            ),
            (
                Language::TerraformTest,
                "run \"a\" {\n  assert {\n    condition = true\n  }\n}\n",
            ),
        ];
        for (language, src) in samples {
            for (i, _) in src.char_indices() {
                let _ = read(&src[..i], language);
            }
        }
    }
}
