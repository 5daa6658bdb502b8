//! A tokenizer for test sources: TypeScript/JavaScript, Python and Go. It knows comments
//! (dropped), strings, template literals with `${...}` nesting, regular expression literals
//! (where the previous token says an expression starts) and Go raw strings, so that a
//! service named in a comment or a string is never mistaken for code.

use std::ops::Range;

/// The languages a test file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// TypeScript or JavaScript (Jest, Vitest, Mocha).
    Script,
    Python,
    Go,
    /// Native `terraform test` files, read with hcl-edit rather than tokens.
    TerraformTest,
}

impl Language {
    /// The language of a test file, from its name.
    pub fn of(path: &str) -> Option<Language> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".tftest.hcl") {
            Some(Language::TerraformTest)
        } else if lower.ends_with(".py") {
            Some(Language::Python)
        } else if lower.ends_with(".go") {
            Some(Language::Go)
        } else if [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        {
            Some(Language::Script)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ident,
    Number,
    /// A quoted string (any quote style); Python f-strings included.
    Str,
    /// A template literal; `interpolated` when it holds `${...}`.
    Template {
        interpolated: bool,
    },
    Regex,
    Punct(u8),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    /// Byte range in the unit's text, quotes and slashes included.
    pub range: Range<usize>,
    /// A line break (or the start of the text) comes between this token and the previous.
    pub line_start: bool,
    /// Byte column of the token on its line (Python indentation).
    pub column: usize,
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.range.clone()).unwrap_or("")
    }

    pub fn is_punct(&self, c: u8) -> bool {
        self.kind == Kind::Punct(c)
    }

    pub fn is_ident(&self, src: &str, name: &str) -> bool {
        self.kind == Kind::Ident && self.text(src) == name
    }

    /// The text between the quotes of a string, template or regex literal.
    pub fn inner<'a>(&self, src: &'a str) -> &'a str {
        let text = self.text(src);
        match self.kind {
            Kind::Str => {
                let body = text.trim_start_matches(|c: char| c.is_ascii_alphabetic());
                let quote = if body.starts_with("\"\"\"") || body.starts_with("'''") {
                    3
                } else {
                    1
                };
                body.get(quote..body.len().saturating_sub(quote))
                    .unwrap_or("")
            }
            Kind::Template { .. } => text.get(1..text.len().saturating_sub(1)).unwrap_or(""),
            Kind::Regex => text
                .get(1..text.rfind('/').unwrap_or(text.len()))
                .unwrap_or(""),
            _ => text,
        }
    }

    pub fn is_literal(&self) -> bool {
        matches!(
            self.kind,
            Kind::Str
                | Kind::Number
                | Kind::Regex
                | Kind::Template {
                    interpolated: false
                }
        )
    }
}

/// Tokens of a test source.
pub fn tokenize(src: &str, language: Language) -> Vec<Token> {
    let mut lexer = Lexer {
        src: src.as_bytes(),
        pos: 0,
        tokens: Vec::new(),
        line_start: true,
        language,
    };
    lexer.run();
    lexer.tokens
}

struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    tokens: Vec<Token>,
    line_start: bool,
    language: Language,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> u8 {
        self.src.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn push(&mut self, kind: Kind, start: usize) {
        let line_begin = self.src[..start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        self.tokens.push(Token {
            kind,
            range: start..self.pos,
            line_start: self.line_start,
            column: start - line_begin,
        });
        self.line_start = false;
    }

    fn run(&mut self) {
        while self.pos < self.src.len() {
            let c = self.peek(0);
            let start = self.pos;
            match c {
                b'\n' => {
                    self.line_start = true;
                    self.pos += 1;
                }
                c if c.is_ascii_whitespace() => self.pos += 1,
                b'#' if self.language == Language::Python => self.skip_line(),
                b'/' if self.peek(1) == b'/' && self.language != Language::Python => {
                    self.skip_line()
                }
                b'/' if self.peek(1) == b'*' && self.language != Language::Python => {
                    self.pos += 2;
                    while self.pos < self.src.len()
                        && !(self.peek(0) == b'*' && self.peek(1) == b'/')
                    {
                        if self.peek(0) == b'\n' {
                            self.line_start = true;
                        }
                        self.pos += 1;
                    }
                    self.pos = (self.pos + 2).min(self.src.len());
                }
                b'"' | b'\'' => {
                    self.string(c);
                    self.push(Kind::Str, start);
                }
                b'`' if self.language == Language::Go => {
                    self.pos += 1;
                    while self.pos < self.src.len() && self.peek(0) != b'`' {
                        self.pos += 1;
                    }
                    self.pos = (self.pos + 1).min(self.src.len());
                    self.push(Kind::Str, start);
                }
                b'`' if self.language == Language::Script => {
                    let interpolated = self.template();
                    self.push(Kind::Template { interpolated }, start);
                }
                b'/' if self.language == Language::Script && self.regex_allowed() => {
                    if self.regex() {
                        self.push(Kind::Regex, start);
                    } else {
                        self.pos = start + 1;
                        self.push(Kind::Punct(b'/'), start);
                    }
                }
                c if c.is_ascii_digit() => {
                    while self.peek(0).is_ascii_alphanumeric()
                        || self.peek(0) == b'.'
                        || self.peek(0) == b'_'
                    {
                        self.pos += 1;
                    }
                    self.push(Kind::Number, start);
                }
                c if c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c >= 0x80 => {
                    while {
                        let c = self.peek(0);
                        c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
                    } {
                        self.pos += 1;
                    }
                    // Python string prefixes: r"..", b'..', f"..", rb"..".
                    let q = self.peek(0);
                    let word = &self.src[start..self.pos];
                    if self.language == Language::Python
                        && (q == b'"' || q == b'\'')
                        && word.len() <= 2
                        && word.iter().all(|b| b"rRbBfFuU".contains(b))
                    {
                        self.string(q);
                        self.push(Kind::Str, start);
                    } else {
                        self.push(Kind::Ident, start);
                    }
                }
                _ => {
                    self.pos += 1;
                    self.push(Kind::Punct(c), start);
                }
            }
        }
    }

    fn skip_line(&mut self) {
        while self.pos < self.src.len() && self.peek(0) != b'\n' {
            self.pos += 1;
        }
    }

    /// A quoted string starting at `pos`; Python triple quotes too.
    fn string(&mut self, quote: u8) {
        let triple =
            self.language == Language::Python && self.peek(1) == quote && self.peek(2) == quote;
        self.pos += if triple { 3 } else { 1 };
        while self.pos < self.src.len() {
            let c = self.peek(0);
            if c == b'\\' {
                self.pos += 2;
                continue;
            }
            if triple {
                if c == quote && self.peek(1) == quote && self.peek(2) == quote {
                    self.pos += 3;
                    return;
                }
            } else if c == quote {
                self.pos += 1;
                return;
            } else if c == b'\n' {
                // An unterminated string ends at the line's end.
                return;
            }
            if c == b'\n' {
                self.line_start = false;
            }
            self.pos += 1;
        }
        self.pos = self.pos.min(self.src.len());
    }

    /// A template literal starting at `pos`; returns whether it holds `${...}`. Nested
    /// braces, strings and templates inside an interpolation are skipped as a whole.
    fn template(&mut self) -> bool {
        self.pos += 1;
        let mut interpolated = false;
        while self.pos < self.src.len() {
            match self.peek(0) {
                b'\\' => self.pos += 2,
                b'`' => {
                    self.pos += 1;
                    return interpolated;
                }
                b'$' if self.peek(1) == b'{' => {
                    interpolated = true;
                    self.pos += 2;
                    let mut depth = 1usize;
                    while self.pos < self.src.len() && depth > 0 {
                        match self.peek(0) {
                            b'{' => {
                                depth += 1;
                                self.pos += 1;
                            }
                            b'}' => {
                                depth -= 1;
                                self.pos += 1;
                            }
                            q @ (b'"' | b'\'') => self.string(q),
                            b'`' => {
                                self.template();
                            }
                            _ => self.pos += 1,
                        }
                    }
                }
                _ => self.pos += 1,
            }
        }
        self.pos = self.pos.min(self.src.len());
        interpolated
    }

    /// Whether a `/` here starts a regular expression: after an operator, an opening
    /// bracket, a comma or a keyword, an expression starts; after a value it divides.
    fn regex_allowed(&self) -> bool {
        let Some(prev) = self.tokens.last() else {
            return true;
        };
        match prev.kind {
            Kind::Punct(c) => !matches!(c, b')' | b']' | b'}'),
            Kind::Ident => {
                let word = &self.src[prev.range.clone()];
                matches!(
                    word,
                    b"return"
                        | b"typeof"
                        | b"case"
                        | b"do"
                        | b"else"
                        | b"in"
                        | b"of"
                        | b"new"
                        | b"delete"
                        | b"void"
                        | b"throw"
                        | b"await"
                        | b"yield"
                )
            }
            _ => false,
        }
    }

    /// A regular expression literal at `pos`: false when none ends on this line.
    fn regex(&mut self) -> bool {
        let mut i = self.pos + 1;
        let mut in_class = false;
        while let Some(&c) = self.src.get(i) {
            match c {
                b'\n' => return false,
                b'\\' => i += 1,
                b'[' => in_class = true,
                b']' => in_class = false,
                b'/' if !in_class => {
                    i += 1;
                    while self.src.get(i).is_some_and(u8::is_ascii_alphabetic) {
                        i += 1;
                    }
                    self.pos = i;
                    return true;
                }
                _ => {}
            }
            i += 1;
        }
        false
    }
}

/// For each token, the index of its matching bracket (`(`/`)`, `[`/`]`, `{`/`}`), if any.
pub fn matching_brackets(tokens: &[Token]) -> Vec<Option<usize>> {
    let mut out = vec![None; tokens.len()];
    let mut stack: Vec<(u8, usize)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if let Kind::Punct(c) = t.kind {
            match c {
                b'(' | b'[' | b'{' => stack.push((c, i)),
                b')' | b']' | b'}' => {
                    let open = match c {
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    };
                    // Unbalanced closers are skipped rather than unwinding everything.
                    if let Some(pos) = stack.iter().rposition(|&(o, _)| o == open) {
                        let (_, j) = stack[pos];
                        stack.truncate(pos);
                        out[i] = Some(j);
                        out[j] = Some(i);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str, language: Language) -> Vec<(Kind, String)> {
        tokenize(src, language)
            .into_iter()
            .map(|t| (t.kind, t.text(src).to_owned()))
            .collect()
    }

    #[test]
    fn script_comments_strings_templates_and_regexes() {
        let src = "// S3Client here\nconst a = `x ${f(`y${1}`)} z`; /* EC2Client */ x = a / 2; expect(m).toMatch(/aws_s3\\/x[/]/g);";
        let toks = kinds(src, Language::Script);
        assert!(!toks.iter().any(|(_, t)| t.contains("S3Client here")));
        assert!(!toks.iter().any(|(_, t)| t.contains("EC2Client")));
        assert!(toks.contains(&(
            Kind::Template { interpolated: true },
            "`x ${f(`y${1}`)} z`".to_owned()
        )));
        assert!(toks.contains(&(Kind::Punct(b'/'), "/".to_owned())));
        assert!(toks.contains(&(Kind::Regex, "/aws_s3\\/x[/]/g".to_owned())));
    }

    #[test]
    fn python_strings_and_comments() {
        let src = "# boto3.client('s3')\nx = f\"a{b}\" + '''q\n'r''' + rb'z'\n";
        let toks = kinds(src, Language::Python);
        assert_eq!(toks[0].1, "x");
        assert_eq!(toks[2], (Kind::Str, "f\"a{b}\"".to_owned()));
        assert_eq!(toks[4], (Kind::Str, "'''q\n'r'''".to_owned()));
        assert_eq!(toks[6], (Kind::Str, "rb'z'".to_owned()));
    }

    #[test]
    fn go_raw_strings() {
        let src = "re := regexp.MustCompile(`a\"b`) // s3\n";
        let toks = kinds(src, Language::Go);
        assert!(toks.contains(&(Kind::Str, "`a\"b`".to_owned())));
        assert!(!toks.iter().any(|(_, t)| t == "s3"));
    }

    #[test]
    fn brackets_match() {
        let src = "f(a[1], { b: 2 })";
        let toks = tokenize(src, Language::Script);
        let m = matching_brackets(&toks);
        assert_eq!(m[1], Some(toks.len() - 1));
    }
}
