//! The prose of a markdown document: headings, paragraphs and list items outside code,
//! cut into blocks and sentences that map back to the markdown, and whole-word search.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// The kind of a block of prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProseKind {
    Heading(u8),
    Paragraph,
    /// A list item; `ordered` when its list is numbered; `depth` 1 for a top-level list,
    /// 2 for a list inside an item.
    Item {
        ordered: bool,
        number: Option<u64>,
        depth: usize,
    },
}

/// A heading, paragraph or list item's own text (code blocks left out, inline code kept),
/// with a map from its text back to the markdown.
#[derive(Debug, Clone)]
pub struct ProseBlock {
    pub kind: ProseKind,
    pub text: String,
    /// (offset in `text`, offset in the markdown) at the start of each piece.
    map: Vec<(usize, usize)>,
    /// Byte offset of the block's start in the markdown.
    pub start: usize,
    /// The length in `text` of a bold or italic span the block starts with (`**Fix
    /// applied**: ...`, `***Flaw 2***`): reviewers' pseudo-headings and part labels.
    pub lead: Option<usize>,
}

impl ProseBlock {
    /// The bold or italic span the block starts with, when it has one.
    pub fn lead_text(&self) -> Option<&str> {
        self.lead.and_then(|end| self.text.get(..end))
    }

    /// The markdown offset of an offset in `text`.
    pub fn source_offset(&self, offset: usize) -> usize {
        let i = self
            .map
            .partition_point(|&(t, _)| t <= offset)
            .saturating_sub(1);
        match self.map.get(i) {
            Some(&(t, s)) => s + (offset - t),
            None => self.start,
        }
    }

    /// Words of prose (inline code counts as a word).
    pub fn words(&self) -> usize {
        self.text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    }
}

/// The prose of a markdown text, block by block, in order.
pub fn prose_blocks(markdown: &str) -> Vec<ProseBlock> {
    let mut out = Vec::new();
    let mut current: Option<ProseBlock> = None;
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut item_numbers: Vec<Option<u64>> = Vec::new();
    let mut in_code = false;
    // Nesting of emphasis that opened at the very start of the current block.
    let mut lead_depth = 0usize;
    let flush = |current: &mut Option<ProseBlock>, out: &mut Vec<ProseBlock>| {
        // An empty numbered item ("1." on a line of its own, its text in the paragraphs
        // after it) is kept: it numbers what follows.
        if let Some(block) = current.take()
            && (!block.text.trim().is_empty()
                || matches!(block.kind, ProseKind::Item { ordered: true, .. }))
        {
            out.push(block);
        }
    };
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::List(first)) => {
                lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Strong | Tag::Emphasis) if !in_code => {
                let at_start = current
                    .as_ref()
                    .is_none_or(|b| b.lead.is_none() && b.text.trim().is_empty());
                if lead_depth > 0 || at_start {
                    lead_depth += 1;
                }
            }
            Event::End(TagEnd::Strong | TagEnd::Emphasis) if !in_code && lead_depth > 0 => {
                lead_depth -= 1;
                if lead_depth == 0
                    && let Some(block) = current.as_mut()
                    && block.lead.is_none()
                {
                    block.lead = Some(block.text.len());
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut out);
                current = Some(new_block(
                    ProseKind::Heading(heading_level(level)),
                    range.start,
                ));
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut out);
                let number = match lists.last_mut() {
                    Some(Some(n)) => {
                        let this = *n;
                        *n += 1;
                        Some(this)
                    }
                    _ => None,
                };
                item_numbers.push(number);
                let ordered = matches!(lists.last(), Some(Some(_)));
                let depth = lists.len();
                current = Some(new_block(
                    ProseKind::Item {
                        ordered,
                        number,
                        depth,
                    },
                    range.start,
                ));
            }
            Event::End(TagEnd::Item) => {
                item_numbers.pop();
                flush(&mut current, &mut out);
            }
            Event::Start(Tag::Paragraph) => {
                // A paragraph inside a list item continues the item's text.
                if current
                    .as_ref()
                    .is_some_and(|b| matches!(b.kind, ProseKind::Item { .. }))
                {
                    if let Some(block) = current.as_mut()
                        && !block.text.is_empty()
                    {
                        block.text.push(' ');
                    }
                } else {
                    flush(&mut current, &mut out);
                    current = Some(new_block(ProseKind::Paragraph, range.start));
                }
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph)
                if current
                    .as_ref()
                    .is_some_and(|b| !matches!(b.kind, ProseKind::Item { .. })) =>
            {
                flush(&mut current, &mut out);
            }
            Event::Text(text) | Event::Code(text) if !in_code => {
                let block =
                    current.get_or_insert_with(|| new_block(ProseKind::Paragraph, range.start));
                // Inline code: its text starts after the opening backticks.
                let source = if markdown[range.clone()].starts_with('`') {
                    markdown[range.clone()]
                        .find(|c| c != '`')
                        .map_or(range.start, |i| range.start + i)
                } else {
                    range.start
                };
                let source = if markdown[source..].starts_with(text.as_ref()) {
                    source
                } else {
                    markdown[range.clone()]
                        .find(text.as_ref())
                        .map_or(source, |i| range.start + i)
                };
                block.map.push((block.text.len(), source));
                block.text.push_str(&text);
            }
            Event::SoftBreak | Event::HardBreak if !in_code => {
                if let Some(block) = current.as_mut() {
                    block.map.push((block.text.len(), range.start));
                    block.text.push(' ');
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    out
}

fn new_block(kind: ProseKind, start: usize) -> ProseBlock {
    ProseBlock {
        kind,
        text: String::new(),
        map: Vec::new(),
        start,
        lead: None,
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Byte ranges of the sentences of a text: split after `.`, `!` or `?` followed by a space
/// and a capital or a digit, except after an abbreviation (`N. Virginia`, `e.g.`).
pub fn sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next_is_space = chars.get(k + 1).is_some_and(|&(_, n)| n.is_whitespace());
        let after = chars[k + 1..]
            .iter()
            .find(|(_, n)| !n.is_whitespace())
            .map(|&(_, n)| n);
        let starts_sentence =
            after.is_none_or(|n| n.is_uppercase() || n.is_ascii_digit() || n == '`');
        let word_before = text[start..i]
            .rsplit(|ch: char| ch.is_whitespace())
            .next()
            .unwrap_or("");
        let abbreviation = (word_before.chars().count() == 1
            && word_before.chars().all(char::is_uppercase))
            || matches!(
                word_before.to_ascii_lowercase().as_str(),
                "e.g" | "i.e" | "etc" | "vs"
            );
        if next_is_space && starts_sentence && !abbreviation {
            let end = i + c.len_utf8();
            if !text[start..end].trim().is_empty() {
                out.push(trim_range(text, start..end));
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(trim_range(text, start..text.len()));
    }
    out
}

fn trim_range(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    range.start + lead..range.end - trail
}

/// Whether `needle` (lower-case) occurs in `haystack` (lower-case) as whole words; returns
/// the byte offset of the first such occurrence.
pub fn find_words(haystack: &str, needle: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(i) = haystack[from..].find(needle) {
        let at = from + i;
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        let starts =
            needle.chars().next().is_none_or(|c| !is_word(c)) || before.is_none_or(|c| !is_word(c));
        let ends = needle.chars().next_back().is_none_or(|c| !is_word(c))
            || after.is_none_or(|c| !is_word(c));
        if starts && ends {
            return Some(at);
        }
        from = at + needle.len().max(1);
        while !haystack.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_leaves_code_out_and_maps_back() {
        let md = "# Title\n\nDeploy in `us-west-2`.\n\n```hcl\nregion = \"eu-west-1\"\n```\n\n- one\n- two\n";
        let blocks = prose_blocks(md);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Title", "Deploy in us-west-2.", "one", "two"]);
        let b = &blocks[1];
        let at = b.text.find("us-west-2").unwrap();
        assert_eq!(&md[b.source_offset(at)..][..9], "us-west-2");
    }

    #[test]
    fn sentences_keep_abbreviations() {
        let text = "Use N. Virginia for the stack. Then add a bucket! Done";
        let parts: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            parts,
            [
                "Use N. Virginia for the stack.",
                "Then add a bucket!",
                "Done"
            ]
        );
    }

    #[test]
    fn words_match_on_boundaries() {
        assert_eq!(find_words("an s3 bucket", "s3"), Some(3));
        assert_eq!(find_words("uses3 x", "s3"), None);
        assert_eq!(find_words("route tables", "table"), None);
        assert_eq!(find_words("0.0.0.0/0 open", "0.0.0.0/0"), Some(0));
    }
}
