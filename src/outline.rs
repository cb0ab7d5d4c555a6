//! Outline: the document structure of a notes file.
//!
//! A [`Source`] goes in; an [`Outline`] comes out: a flat list of [`Node`]s in
//! line order, each knowing its kind (heading, topic, bullet, numbered item,
//! footnote, table row, prose), its nesting depth and its parent, so the tree
//! can be walked either way. Plain text and Markdown produce the same type.
//! Parsing never fails: lines it passes over are reported as diagnostics.

use crate::source::Source;

/// What a line is in the document's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A Markdown heading (`## …`) or a `【…】` section header.
    Heading,
    /// A short line without a sentence ending that heads the lines under it.
    Topic,
    /// A bullet item (`・` `•` `-` `*` `●` `■` `◆` `○` …).
    Bullet,
    /// A numbered item (`1.` `①` `(1)` …).
    Numbered,
    /// A `※` footnote.
    Footnote,
    /// A row of a Markdown table (cells in [`Node::cells`]).
    TableRow,
    /// Prose: an explanation line.
    Text,
}

/// One line of the outline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Node {
    /// 1-based line number in the source.
    pub line: usize,
    /// What the line is.
    pub kind: NodeKind,
    /// Heading level for headings (1 = top), nesting depth for list items.
    pub level: usize,
    /// The NFKC text without its list marker or Markdown decoration.
    pub text: String,
    /// Index of the parent node, if any.
    pub parent: Option<usize>,
    /// Table cells, for [`NodeKind::TableRow`].
    pub cells: Vec<String>,
    /// Whether the line starts with white space: in plain text, a line
    /// indented under an unindented one explains it.
    pub indented: bool,
}

/// A line the outline passed over, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// 1-based line number.
    pub line: usize,
    /// Why the line was passed over.
    pub message: String,
    /// Whether the user should hear of it (a line too long to read), or it is
    /// routine (a code block).
    pub warning: bool,
}

/// Lines longer than this are passed over: no notes have them, and the
/// extraction rules are not built for megabyte-long sentences.
pub const MAX_LINE_CHARS: usize = 20_000;

/// The structure of one notes file.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Outline {
    /// The source's file name.
    pub source: String,
    /// Every structural line, in order.
    pub nodes: Vec<Node>,
    /// Lines passed over (code blocks, tables of contents …).
    pub diagnostics: Vec<Diagnostic>,
    /// The children of each node, in order (so walking the tree is linear).
    #[serde(skip)]
    child_lists: Vec<Vec<usize>>,
    /// Labels that open two or more lines (「目的:」 「解説:」): names of
    /// attributes or parts of an entry, never terms ([`recurring_labels`]).
    #[serde(skip)]
    pub labels: std::collections::BTreeSet<String>,
}

impl Outline {
    /// The children of node `index`, in order.
    pub fn children(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        self.child_lists.get(index).into_iter().flatten().copied()
    }

    /// The chain of ancestors of node `index`, nearest first.
    pub fn ancestors(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.nodes[index].parent, move |&i| self.nodes[i].parent)
    }

    /// The topic path of node `index` (headings and topics above it), outermost first.
    pub fn context(&self, index: usize) -> Vec<&str> {
        let mut path: Vec<&str> = self
            .ancestors(index)
            .filter(|&i| matches!(self.nodes[i].kind, NodeKind::Heading | NodeKind::Topic))
            .map(|i| self.nodes[i].text.as_str())
            .collect();
        path.reverse();
        path
    }
}

/// Bullet markers that stand alone (no space needed after them).
const BULLET_MARKS: &[char] = &[
    '・', '•', '●', '■', '◆', '○', '◇', '□', '▪', '►', '▶', '◎', '★', '☆',
];
/// ASCII bullet markers, and the marks notes grade lines with (「× X」
/// 「△ X」), which need a space after them (`- item`; 「×2」 is a product).
const SPACED_BULLET_MARKS: &[char] = &['-', '*', '+', '×', '✕', '✗', '△'];
/// Circled numbers, seen in the original text before NFKC folds them to digits.
const CIRCLED_NUMBERS: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
/// Line endings of a sentence: 「。」 and friends, or a predicate in hiragana
/// (る, た, だ, す, い, う …). A line ending otherwise reads as a noun phrase.
const HEADING_HIRAGANA_ENDINGS: &[&str] = &[
    "もの",     // 「…もの」 "the things that …"
    "について", // 「Xについて」 "about X"
    "とは",     // 「Xとは」 "what X is"
    "違い",     // 「AとBの違い」 "the difference between A and B"
    "方法",
];

/// Parses the structure of a source.
///
/// ```
/// let source = kioku::source::decode("n.txt", "n.txt".as_ref(),
///     "冗長化の方法\n・マルチAZ配置\n複数のAZに配置する".as_bytes()).unwrap();
/// let outline = kioku::outline::parse(&source);
/// assert_eq!(outline.nodes[1].kind, kioku::outline::NodeKind::Bullet);
/// assert_eq!(outline.nodes[2].parent, Some(1));
/// ```
pub fn parse(source: &Source) -> Outline {
    let markdown = is_markdown(source);
    let mut builder = Builder {
        markdown,
        ..Builder::default()
    };
    let mut in_code = false;
    // (line, indent, item) of every structural line; None for a blank line.
    let mut lines: Vec<Option<(&crate::source::Line, usize, Item)>> = Vec::new();
    for line in &source.lines {
        let trimmed = line.text.trim_matches(|c: char| c.is_whitespace());
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            builder.diagnose(line.number, "code fence");
            continue;
        }
        if in_code {
            builder.diagnose(line.number, "inside a code block");
            continue;
        }
        // A line has no more characters than bytes: most are counted at a glance.
        let n_chars = if line.text.len() > MAX_LINE_CHARS {
            line.text.chars().count()
        } else {
            0
        };
        if n_chars > MAX_LINE_CHARS {
            builder.warn(
                line.number,
                format!(
                    "a line of {n_chars} characters (more than {MAX_LINE_CHARS}) was passed over"
                ),
            );
            continue;
        }
        if trimmed.is_empty() {
            lines.push(None);
            continue;
        }
        if markdown && is_toc_entry(trimmed) {
            builder.diagnose(line.number, "table of contents");
            continue;
        }
        let item = classify(&line.original, trimmed, markdown);
        lines.push(Some((line, indentation(&line.text), item)));
    }
    number_sections(&mut lines, markdown);
    let labels = recurring_labels(&mut lines);
    builder.label_prefixes = labels.clone();
    // Short prose lines that recur (用途, 接続先 under each of several items)
    // are labels of values, not topics.
    let mut counts: rustc_hash::FxHashMap<&str, (usize, bool)> = rustc_hash::FxHashMap::default();
    for (at, (_, _, item)) in lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.as_ref().map(|l| (i, l)))
    {
        if let Item::Prose(text) = item
            && text.chars().count() <= LABEL_CHARS
        {
            // A label always has its value on the next line.
            let valued = matches!(lines.get(at + 1), Some(Some((_, _, Item::Prose(_)))));
            let entry = counts.entry(text.as_str()).or_insert((0, true));
            entry.0 += 1;
            entry.1 &= valued;
        }
    }
    builder.labels = counts
        .into_iter()
        .filter(|&(_, (n, valued))| n >= 2 && valued)
        .map(|(t, _)| t.to_string())
        .collect();
    for at in 0..lines.len() {
        let Some((line, indent, item)) = lines[at].clone() else {
            builder.blank();
            continue;
        };
        let next = match lines.get(at + 1) {
            Some(Some((_, _, Item::Bullet(_) | Item::Numbered(_)))) => Next::Item,
            Some(Some((_, _, Item::Prose(text)))) if !reads_as_heading(text, HEADING_CHARS) => {
                Next::Sentence
            }
            _ => Next::Other,
        };
        builder.push(line.number, &line.original, indent, item, next);
    }
    let (nodes, diagnostics) = builder.finish();
    let mut child_lists = vec![Vec::new(); nodes.len()];
    for (index, node) in nodes.iter().enumerate() {
        if let Some(parent) = node.parent {
            child_lists[parent].push(index);
        }
    }
    Outline {
        source: source.name.clone(),
        nodes,
        diagnostics,
        child_lists,
        labels,
    }
}

/// The label that opens `text` (「目的:」 → 目的) and the value after it: a
/// short word without spaces or punctuation before the first colon.
pub fn label_prefix(text: &str) -> Option<(&str, &str)> {
    let (label, value) = text.split_once(':')?;
    let value = value.trim();
    let n_chars = label.chars().count();
    let plain = label.chars().all(|c| {
        !c.is_whitespace() && !matches!(c, '、' | '。' | ',' | '(' | ')' | '「' | '」' | '=' | '・')
    });
    ((1..=LABEL_PREFIX_CHARS).contains(&n_chars)
        && plain
        && !label.chars().all(|c| c.is_ascii_digit())
        && !value.is_empty())
    .then_some((label, value))
}

/// Whether a sentence opens with its own topic (「XとはY」, 「XはYである」):
/// its first clause names it.
fn opens_with_topic(sentence: &str) -> bool {
    let first = sentence.split(['、', '。']).next().unwrap_or("");
    first.contains("とは")
        || first
            .find('は')
            .and_then(|at| first[..at].chars().last())
            .is_some_and(|before| !is_hiragana(before))
}

/// Labels that open two or more lines with different values: the parts of
/// a repeated layout (「目的:」 「特徴:」 under each item, 「解説:」 in each
/// entry), not terms being defined. A labelled line whose value is a
/// sentence with its own topic (「解説: XとはYのこと」) reads as that sentence.
fn recurring_labels(
    lines: &mut [Option<(&crate::source::Line, usize, Item)>],
) -> std::collections::BTreeSet<String> {
    let mut values: rustc_hash::FxHashMap<&str, Vec<&str>> = rustc_hash::FxHashMap::default();
    // (position, label) of every labelled line.
    let mut found: Vec<(usize, &str)> = Vec::new();
    for (at, (_, _, item)) in lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.as_ref().map(|l| (i, l)))
    {
        if let Item::Prose(text) | Item::Bullet(text) | Item::Numbered(text) = item
            && let Some((label, value)) = label_prefix(text)
        {
            values.entry(label).or_default().push(value);
            found.push((at, label));
        }
    }
    let recurring = |label: &str| {
        values
            .get(label)
            .is_some_and(|v| v.len() >= 2 && v.iter().any(|x| *x != v[0]))
    };
    // A label of a layout comes with others (目的 with 特徴, 問題 with
    // 解説) in at least two places; one that recurs alone (「RAID1:ミラー型」
    // 「RAID1:三重化型」) names variants of a term.
    let mut accompanied: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for (i, &(at, label)) in found.iter().enumerate() {
        // (the lines are in order: only neighbours can be near)
        let before = found[..i]
            .iter()
            .rev()
            .take_while(|&&(other_at, _)| at - other_at <= LABEL_BLOCK_LINES);
        let after = found[i + 1..]
            .iter()
            .take_while(|&&(other_at, _)| other_at - at <= LABEL_BLOCK_LINES);
        if recurring(label)
            && before
                .chain(after)
                .any(|&(_, other)| other != label && recurring(other))
        {
            *accompanied.entry(label).or_default() += 1;
        }
    }
    let labels: std::collections::BTreeSet<String> = accompanied
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(label, _)| label.to_string())
        .collect();
    if labels.is_empty() {
        return labels;
    }
    for (_, _, item) in lines.iter_mut().flatten() {
        if let Item::Prose(text) | Item::Bullet(text) | Item::Numbered(text) = item
            && let Some((label, value)) = label_prefix(text)
            && labels.contains(label)
            && opens_with_topic(value)
        {
            *text = value.to_string();
        }
    }
    labels
}

/// Section numbers (「1-1. 構成要素」, 「2.3 料金」, 「第3章 監視」) head the
/// lines under them, like Markdown headings, and their numbers are not
/// part of their text. In plain text a line opening with two or more
/// numbers is a section heading, and so is 「1. 名前」 at the margin once the
/// notes number their sections that way; a 章 or 部 opens the outermost
/// level. A Markdown heading just loses its number.
fn number_sections(lines: &mut [Option<(&crate::source::Line, usize, Item)>], markdown: bool) {
    if markdown {
        for (_, _, item) in lines.iter_mut().flatten() {
            if let Item::Heading(level, text) = item
                && *level > 0
                && let Some((_, rest)) = section_number(text)
            {
                *text = rest.to_string();
            }
        }
        return;
    }
    /// The section number of a heading-like line at the margin, and its text.
    fn at_margin(indent: usize, text: &str) -> Option<(usize, &str)> {
        section_number(text)
            .filter(|&(_, rest)| indent == 0 && reads_as_heading(rest, HEADING_CHARS))
    }
    let mut chapters = false;
    let mut nested = false;
    for (line, indent, _) in lines.iter().flatten() {
        match at_margin(*indent, line.text.trim()) {
            Some((0, _)) => chapters = true,
            Some((depth, _)) if depth >= 2 => nested = true,
            _ => {}
        }
    }
    if !chapters && !nested {
        return;
    }
    for (line, indent, item) in lines.iter_mut().flatten() {
        if matches!(item, Item::Heading(..) | Item::TableRow(_)) {
            continue;
        }
        let Some((depth, rest)) = at_margin(*indent, line.text.trim()) else {
            continue;
        };
        // 「1. 名前」 alone stays a list item unless sections are numbered.
        if depth == 1 && !nested {
            continue;
        }
        *item = Item::Heading(depth + usize::from(chapters), inline_text(rest));
    }
}

/// A section number at the start of `text` and the text after it: how
/// deep it is (「1.」 1, 「1-1.」 and 「1.1」 2 …; 「第3章」 0, the outermost)
/// and the rest. The number must be followed by a space, so 「1.5倍」 and
/// 「3つ」 are none.
fn section_number(text: &str) -> Option<(usize, &str)> {
    if let Some(after) = text.strip_prefix('第') {
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &after[digits..];
        let unit = rest.chars().next()?;
        if (1..=3).contains(&digits) && matches!(unit, '章' | '部' | '編') {
            let rest = rest[unit.len_utf8()..].trim_start_matches([' ', ':', '.']);
            return (!rest.is_empty()).then_some((0, rest));
        }
        return None;
    }
    let mut depth = 0;
    let mut at = 0;
    let bytes = text.as_bytes();
    loop {
        let digits = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if !(1..=3).contains(&digits) {
            return None;
        }
        depth += 1;
        at += digits;
        match bytes.get(at) {
            Some(b'-' | b'.') if bytes.get(at + 1).is_some_and(u8::is_ascii_digit) => at += 1,
            Some(b'.') => {
                at += 1;
                break;
            }
            _ => break,
        }
    }
    let rest = &text[at..];
    let trimmed = rest.trim_start_matches(' ');
    if trimmed.len() == rest.len() || trimmed.is_empty() {
        return None;
    }
    Some((depth, trimmed))
}

/// A table-of-contents line: a list item that is only a link to an anchor
/// in the same file (`- [はじめに](#はじめに)`).
fn is_toc_entry(trimmed: &str) -> bool {
    let item = trimmed
        .trim_start_matches(['-', '*', '+', ' '])
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
        .trim();
    item.starts_with('[')
        && item.ends_with(')')
        && item.contains("](#")
        && item.matches("](").count() == 1
}

fn is_markdown(source: &Source) -> bool {
    let by_name = source.name.ends_with(".md") || source.name.ends_with(".markdown");
    by_name
        || source
            .lines
            .iter()
            .any(|l| l.text.starts_with("# ") || l.text.starts_with("## "))
}

/// Width of the leading white space, tabs counting 4, full-width spaces 2.
fn indentation(text: &str) -> usize {
    text.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| match c {
            '\t' => 4,
            '\u{3000}' => 2,
            _ => 1,
        })
        .sum()
}

/// A line's kind before its place in the tree is known.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Heading(usize, String),
    Bullet(String),
    Numbered(String),
    Footnote(String),
    TableRow(Vec<String>),
    TableRule,
    Prose(String),
}

fn classify(original: &str, trimmed: &str, markdown: bool) -> Item {
    // A Markdown block quote reads as the prose it quotes.
    if markdown && let Some(quoted) = trimmed.strip_prefix('>') {
        let quoted = quoted.trim();
        if quoted.is_empty() {
            return Item::TableRule;
        }
        return Item::Prose(inline_text(quoted));
    }
    if markdown {
        let hashes = trimmed.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
            return Item::Heading(hashes, inline_text(trimmed[hashes..].trim()));
        }
    }
    if trimmed.starts_with('|') {
        let cells: Vec<String> = trimmed
            .trim_matches('|')
            .split('|')
            .map(|c| inline_text(c.trim()))
            .collect();
        if cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
        {
            return Item::TableRule;
        }
        return Item::TableRow(cells);
    }
    if let Some(inner) = trimmed
        .strip_prefix('【')
        .and_then(|rest| rest.strip_suffix('】'))
    {
        return Item::Heading(0, inline_text(inner.trim()));
    }
    let original_trimmed = original.trim_start();
    if let Some(first) = original_trimmed.chars().next()
        && CIRCLED_NUMBERS.contains(first)
    {
        // The rest folds like every other line (「：」 → 「:」), the number
        // alone is read from the original.
        let rest = crate::source::nfkc(&original_trimmed[first.len_utf8()..]);
        return Item::Numbered(inline_text(rest.trim()));
    }
    if let Some(rest) = trimmed.strip_prefix('※') {
        return Item::Footnote(inline_text(rest.trim()));
    }
    let mut chars = trimmed.chars();
    if let Some(first) = chars.next() {
        let rest = chars.as_str();
        if BULLET_MARKS.contains(&first) && !rest.trim().is_empty() {
            return Item::Bullet(inline_text(rest.trim()));
        }
        if SPACED_BULLET_MARKS.contains(&first) && rest.starts_with(' ') && !rest.trim().is_empty()
        {
            return Item::Bullet(inline_text(strip_task_box(rest.trim())));
        }
    }
    if let Some(rest) = numbered_rest(trimmed) {
        return Item::Numbered(inline_text(rest));
    }
    Item::Prose(inline_text(trimmed))
}

fn strip_task_box(text: &str) -> &str {
    ["[ ] ", "[x] ", "[X] "]
        .iter()
        .find_map(|b| text.strip_prefix(b))
        .unwrap_or(text)
}

/// `1. item`, `1) item`, `(1) item`, `1、item`: the text after the number;
/// also the kana that number items in Japanese (`ア. item`, `(イ) item`,
/// `a) item` is left alone: Latin letters open answers, 「A. …」).
fn numbered_rest(text: &str) -> Option<&str> {
    if let Some(rest) = kana_item_rest(text) {
        return Some(rest);
    }
    let (body, closing): (&str, &[&str]) = match text.strip_prefix('(') {
        Some(inner) => (inner, &[")"]),
        None => (text, &[". ", ") ", "、", ".", ")"]),
    };
    let digits = body.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let after = &body[digits..];
    let closer = closing.iter().find(|c| after.starts_with(**c))?;
    let rest = after[closer.len()..].trim();
    // 「1.5倍」 or 「3.」 alone are not list items.
    if rest.is_empty() || (closer == &"." && rest.starts_with(|c: char| c.is_ascii_digit())) {
        return None;
    }
    Some(rest)
}

/// The katakana that count items in Japanese documents, in their order
/// (アイウエオ … and イロハ …).
const KANA_NUMBERS: &str = "アイウエオカキクケコサシスセソタチツテトロハニホヘ";

/// `ア. item`, `イ) item`, `(ウ) item`: the text after the kana.
fn kana_item_rest(text: &str) -> Option<&str> {
    let (inner, bracketed) = match text.strip_prefix('(') {
        Some(inner) => (inner, true),
        None => (text, false),
    };
    let kana = inner.chars().next()?;
    if !KANA_NUMBERS.contains(kana) {
        return None;
    }
    let after = &inner[kana.len_utf8()..];
    let rest = if bracketed {
        after.strip_prefix(')')?
    } else {
        // A space must follow: 「ア.」 is an item, 「アクセス」 a word.
        after
            .strip_prefix(". ")
            .or_else(|| after.strip_prefix(") "))?
    };
    let rest = rest.trim();
    (!rest.is_empty()).then_some(rest)
}

/// Removes Markdown inline decoration: emphasis, code, links, images, tags.
pub fn inline_text(text: &str) -> String {
    // Every markup starts with one of these ASCII bytes: text before the
    // first of them is copied as it is (most lines hold none).
    let plain = text
        .bytes()
        .position(|b| matches!(b, b'!' | b'[' | b'*' | b'_' | b'`' | b'$' | b'<'))
        .unwrap_or(text.len());
    if plain == text.len() {
        return text.trim().to_string();
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..plain]);
    let mut rest = &text[plain..];
    while let Some(c) = rest.chars().next() {
        if c == '!' && rest[1..].starts_with('[') {
            rest = &rest[1..];
            continue;
        }
        if c == '['
            && let Some(close) = rest.find("](")
            && let Some(end) = rest[close..].find(')')
        {
            out.push_str(&rest[1..close]);
            rest = &rest[close + end + 1..];
            continue;
        }
        if rest.starts_with("**") || rest.starts_with("__") {
            rest = &rest[2..];
            continue;
        }
        // Inline code and inline LaTeX keep their content, not their delimiters.
        if c == '`' || c == '$' {
            rest = &rest[1..];
            continue;
        }
        if c == '<'
            && let Some(end) = rest.find('>')
            && is_html_tag(&rest[1..end])
        {
            rest = &rest[end + 1..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.trim().to_string()
}

fn is_html_tag(inner: &str) -> bool {
    let name = inner.trim_start_matches('/').trim_end_matches('/').trim();
    matches!(
        name.to_ascii_lowercase().as_str(),
        "br" | "b" | "strong" | "em" | "i" | "u" | "p" | "span" | "mark" | "sup" | "sub"
    )
}

/// Whether a prose line reads as a heading: short, one phrase, ending in a
/// noun, a bracket, or one of the heading endings, not in a predicate.
/// The longest line that reads as a heading, and the longest when bullets follow it.
const HEADING_CHARS: usize = 60;
const LONG_HEADING_CHARS: usize = 90;
/// Beyond this length a line after a bullet is not the bullet's value.
const ITEM_VALUE_CHARS: usize = 30;
/// Recurring lines up to this length are labels.
const LABEL_CHARS: usize = 8;
/// Labels of one layout are at most this many lines apart.
const LABEL_BLOCK_LINES: usize = 4;
/// A label before a colon has at most this many characters.
const LABEL_PREFIX_CHARS: usize = 6;
/// Beyond this length a noun phrase followed by sentences heads them.
const SHORT_VALUE_CHARS: usize = 12;

fn reads_as_heading(text: &str, max_chars: usize) -> bool {
    let n_chars = text.chars().count();
    if n_chars > max_chars || text.contains('。') {
        return false;
    }
    // 「「X」はYする方法」 says what X is, though it ends like a heading.
    if states_about_topic(text) {
        return false;
    }
    if HEADING_HIRAGANA_ENDINGS.iter().any(|e| text.ends_with(e)) {
        return true;
    }
    match text.chars().last() {
        Some(c) => !is_hiragana(c) && !matches!(c, '、' | ',' | '.' | '!' | '?' | ':' | '…'),
        None => false,
    }
}

/// A line that says something about a named topic, 「XはYする機能」: a
/// は right after a name, with a long predicate after it. It reads as a
/// sentence ending in a noun (体言止め), not as a heading.
fn states_about_topic(text: &str) -> bool {
    let n_chars = text.chars().count();
    if n_chars < TOPIC_STATEMENT_CHARS {
        return false;
    }
    // The two characters before the current one.
    let (mut second_last, mut last) = (None, None);
    for (i, c) in text.chars().enumerate() {
        // 「Xは」, or 「Xとは」 (what X is): the name's last character.
        let name_last = if i > 1 && last == Some('と') {
            second_last
        } else {
            last
        };
        if c == 'は'
            && n_chars - i > TOPIC_STATEMENT_CHARS / 2
            && name_last.is_some_and(|p| !is_hiragana(p) && p != '、')
        {
            return true;
        }
        (second_last, last) = (last, Some(c));
    }
    false
}

/// How long a 「XはY」 line must be to read as a statement.
const TOPIC_STATEMENT_CHARS: usize = 20;

/// A line naming things to be listed, 「Xで実現可能なこと」「覚えておくこと」:
/// it ends in こと (not 「…のこと」, which defines) and is no sentence.
fn announces_things(text: &str) -> bool {
    // 「特徴:」 over bullets: a label whose values are the items.
    if let Some(label) = text.strip_suffix(':') {
        return (1..=LABEL_CHARS).contains(&label.chars().count())
            && !label.contains(':')
            && !label.chars().any(is_hiragana);
    }
    text.ends_with("こと")
        && !text.ends_with("のこと")
        && !text.contains('。')
        && text.chars().count() <= HEADING_CHARS
        && !states_about_topic(text)
}

/// Two spellings of one line: equal but for letter case and spaces.
fn same_words(a: &str, b: &str) -> bool {
    fn squeeze(t: &str) -> impl Iterator<Item = char> + '_ {
        t.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
    }
    squeeze(a).eq(squeeze(b))
}

/// A name rather than a description: no hiragana but 「の」 (no verbs, no
/// particles that build a clause).
fn is_name_like(text: &str) -> bool {
    text.chars().all(|c| !is_hiragana(c) || c == 'の')
}

/// Whether a character is hiragana (the script of particles and endings).
pub fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
}

/// What the next structural line is, for decisions that look ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// A bullet or numbered item.
    Item,
    /// Prose that reads as a sentence, not a heading.
    Sentence,
    /// Anything else, or nothing.
    Other,
}

/// Plain-text bullet markers by rank: a heavier marker heads the lighter
/// ones after it (●項目 then ・細目), as indentation does in Markdown.
fn marker_rank(marker: char) -> usize {
    match marker {
        '■' | '◆' | '●' | '★' | '▶' | '►' => 0,
        '□' | '◇' | '○' | '☆' | '◎' => 1,
        _ => 2,
    }
}

#[derive(Default)]
struct Builder {
    /// Markdown nests by indentation only.
    markdown: bool,
    /// Short lines that recur: labels, never topics.
    labels: rustc_hash::FxHashSet<String>,
    /// Labels that open lines and recur ([`recurring_labels`]): such lines
    /// are never topics either.
    label_prefixes: std::collections::BTreeSet<String>,
    nodes: Vec<Node>,
    diagnostics: Vec<Diagnostic>,
    /// Open headings, outermost first: (level, node index).
    headings: Vec<(usize, usize)>,
    /// The current topic, if any.
    topic: Option<usize>,
    /// The indentation of the current topic's line.
    topic_indent: usize,
    /// The current 【…】 section, if any.
    section: Option<usize>,
    /// Open list items: (indent, node index).
    items: Vec<(usize, usize)>,
    /// The last node pushed.
    last: Option<usize>,
    /// A blank line since the last node.
    after_blank: bool,
    /// The width of each node's leading white space.
    indents: Vec<usize>,
}

impl Builder {
    fn diagnose(&mut self, line: usize, message: &str) {
        self.diagnostics.push(Diagnostic {
            line,
            message: message.to_string(),
            warning: false,
        });
    }

    fn warn(&mut self, line: usize, message: String) {
        self.diagnostics.push(Diagnostic {
            line,
            message,
            warning: true,
        });
    }

    fn blank(&mut self) {
        self.after_blank = true;
    }

    /// The innermost heading or topic that new items hang under.
    fn container(&self) -> Option<usize> {
        if self.section.is_some() {
            return self.section;
        }
        let heading = self.headings.last().map(|&(_, i)| i);
        match (heading, self.topic) {
            (Some(h), Some(t)) => Some(h.max(t)),
            (h, t) => t.or(h),
        }
    }

    fn push(&mut self, line: usize, original: &str, indent: usize, item: Item, next: Next) {
        let next_is_item = next == Next::Item;
        let indented = indent > 0;
        let width = indent;
        let indent = if self.markdown
            || !matches!(
                item,
                Item::Bullet(_) | Item::Numbered(_) | Item::Footnote(_)
            ) {
            indent
        } else {
            let marker = crate::source::nfkc(original.trim_start())
                .chars()
                .next()
                .unwrap_or('・');
            indent * 4 + marker_rank(marker)
        };
        let (kind, level, text, cells, parent) = match item {
            Item::TableRule => return,
            Item::Heading(0, text) => {
                // A 【…】 section sits under the current topic (or heading) until
                // the next section or topic.
                let parent = self.topic.or(self.headings.last().map(|&(_, i)| i));
                self.items.clear();
                let level = self.headings.last().map_or(1, |&(l, _)| l + 1);
                self.section = Some(self.nodes.len());
                (NodeKind::Heading, level, text, vec![], parent)
            }
            Item::Heading(level, text) => {
                while self.headings.last().is_some_and(|&(l, _)| l >= level) {
                    self.headings.pop();
                }
                let parent = self.headings.last().map(|&(_, i)| i);
                self.items.clear();
                self.topic = None;
                self.section = None;
                (NodeKind::Heading, level, text, vec![], parent)
            }
            Item::Bullet(text) | Item::Numbered(text) | Item::Footnote(text) => {
                let kind = match self.classify_again(original) {
                    Some(k) => k,
                    None => NodeKind::Bullet,
                };
                while self.items.last().is_some_and(|&(i, _)| i >= indent) {
                    self.items.pop();
                }
                let parent = self.items.last().map(|&(_, i)| i).or(self.container());
                (kind, self.items.len() + 1, text, vec![], parent)
            }
            Item::TableRow(cells) => {
                self.items.clear();
                let text = cells.join(" | ");
                (NodeKind::TableRow, 0, text, cells, self.container())
            }
            Item::Prose(text) => {
                let last_kind = self.last.map(|i| self.nodes[i].kind);
                let continues = self.last.is_some_and(|i| {
                    let t = &self.nodes[i].text;
                    t.ends_with('、') || t.ends_with(',')
                });
                // A noun-phrase line heads what follows unless it explains the
                // item or topic just above it; one with its own bullets always heads.
                // After an item, a line is its value unless it is long or the
                // item is a sentence of its own and bullets follow the line.
                let after_item = matches!(
                    last_kind,
                    Some(NodeKind::Bullet | NodeKind::Numbered | NodeKind::Footnote)
                );
                let item_is_sentence = self.last.is_some_and(|i| {
                    let t = &self.nodes[i].text;
                    t.ends_with('。') || t.chars().count() > ITEM_VALUE_CHARS
                });
                let after_label = self
                    .last
                    .is_some_and(|i| self.labels.contains(&self.nodes[i].text));
                // Plain text: a line indented deeper than the topic just above
                // it (and its explanation so far) explains that topic.
                let indented_under_topic = !self.markdown
                    && !self.after_blank
                    && indent > self.topic_indent
                    && self.topic.is_some_and(|t| {
                        self.last
                            .is_some_and(|l| l == t || self.nodes[l].parent == Some(t))
                    });
                // 「見出し\n見出し」: the topic written again (a corrected spelling)
                // is the same topic; what follows explains it.
                let repeats_topic = last_kind == Some(NodeKind::Topic)
                    && self
                        .last
                        .is_some_and(|i| same_words(&self.nodes[i].text, &text));
                let heads = repeats_topic
                    || !indented_under_topic
                        && !self.labels.contains(&text)
                        && !label_prefix(&text)
                            .is_some_and(|(l, _)| self.label_prefixes.contains(l))
                        && !after_label
                        && (reads_as_heading(
                            &text,
                            if next_is_item {
                                LONG_HEADING_CHARS
                            } else {
                                HEADING_CHARS
                            },
                        ) || (next_is_item && announces_things(&text)))
                        && !continues
                        && (self.after_blank
                        || (next_is_item
                            && (!after_item || item_is_sentence || text.chars().count() > ITEM_VALUE_CHARS))
                        // 「・箇条\n見出し\n説明文」: a longer noun phrase followed by
                        // sentences opens a new topic rather than giving the item's value.
                        // 「見出し\n名前\n説明文」: a name under a topic, with its own
                        // explanation, is a sub-topic.
                        || (last_kind == Some(NodeKind::Topic) && next == Next::Sentence && is_name_like(&text))
                        || (after_item
                            && next == Next::Sentence
                            && text.chars().count() > SHORT_VALUE_CHARS
                            && is_name_like(&text))
                        || !matches!(
                            last_kind,
                            Some(
                                NodeKind::Topic
                                    | NodeKind::Heading
                                    | NodeKind::Bullet
                                    | NodeKind::Numbered
                                    | NodeKind::Footnote
                            )
                        ));
                if heads {
                    self.items.clear();
                    self.section = None;
                    let parent = self.headings.last().map(|&(_, i)| i);
                    (NodeKind::Topic, 0, text, vec![], parent)
                } else {
                    // Prose explains the item above it, or else the current topic.
                    // A footnote explains its term in one line; prose after that
                    // goes back to the topic.
                    let footnote_done = self.items.last().is_some_and(|&(_, i)| {
                        self.nodes[i].kind == NodeKind::Footnote && self.last != Some(i)
                    });
                    // An indented line less indented than the items above it
                    // explains what they hang under, not the last of them.
                    if !self.markdown && width > 0 {
                        while self
                            .items
                            .last()
                            .is_some_and(|&(_, i)| self.indents[i] > width)
                        {
                            self.items.pop();
                        }
                    }
                    let indented_under_item = if self.after_blank || footnote_done {
                        None
                    } else {
                        self.items.last().map(|&(_, i)| i)
                    };
                    if footnote_done || self.after_blank {
                        self.items.clear();
                    }
                    let parent = indented_under_item.or(self.container());
                    (NodeKind::Text, 0, text, vec![], parent)
                }
            }
        };
        let index = self.nodes.len();
        self.indents.push(width);
        self.nodes.push(Node {
            line,
            kind,
            level,
            text,
            parent,
            cells,
            indented,
        });
        match kind {
            NodeKind::Heading if self.section != Some(index) => self.headings.push((level, index)),
            NodeKind::Topic => {
                self.topic = Some(index);
                self.topic_indent = indent;
            }
            NodeKind::Bullet | NodeKind::Numbered | NodeKind::Footnote => {
                self.items.push((indent, index))
            }
            _ => {}
        }
        self.last = Some(index);
        self.after_blank = false;
    }

    /// Bullet, numbered item or footnote, read again from the original text.
    fn classify_again(&self, original: &str) -> Option<NodeKind> {
        let trimmed = original.trim_start();
        let first = trimmed.chars().next()?;
        if CIRCLED_NUMBERS.contains(first) {
            return Some(NodeKind::Numbered);
        }
        let normalized = crate::source::nfkc(trimmed);
        if normalized.starts_with('※') {
            Some(NodeKind::Footnote)
        } else if numbered_rest(&normalized).is_some()
            && !BULLET_MARKS.contains(&normalized.chars().next()?)
        {
            Some(NodeKind::Numbered)
        } else {
            Some(NodeKind::Bullet)
        }
    }

    fn finish(self) -> (Vec<Node>, Vec<Diagnostic>) {
        (self.nodes, self.diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`states_about_topic`] as first written, over a vector of characters.
    fn states_about_topic_by_vector(text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        chars.len() >= TOPIC_STATEMENT_CHARS
            && chars.iter().enumerate().any(|(i, &c)| {
                let name_end = if i > 1 && chars[i - 1] == 'と' {
                    i - 1
                } else {
                    i
                };
                c == 'は'
                    && name_end > 0
                    && !is_hiragana(chars[name_end - 1])
                    && chars[name_end - 1] != '、'
                    && chars.len() - i > TOPIC_STATEMENT_CHARS / 2
            })
    }

    #[test]
    fn topic_statements_are_found_without_a_vector_of_characters() {
        let notes = std::fs::read_to_string("data/notes/aws-saa.txt").unwrap();
        let mut lines: Vec<String> = notes.lines().map(str::to_string).collect();
        // Every string of up to 24 characters over an alphabet of the
        // characters the test turns on, built from a counter.
        let alphabet = ['は', 'と', 'S', '3', 'の', '、', '機'];
        for n in 0..200_000u64 {
            let mut rest = n;
            let mut line = String::new();
            while rest > 0 || line.is_empty() {
                line.push(alphabet[(rest % 7) as usize]);
                rest /= 7;
            }
            lines.push(line.repeat(1 + (n % 4) as usize));
        }
        for line in &lines {
            assert_eq!(
                states_about_topic(line),
                states_about_topic_by_vector(line),
                "{line}"
            );
        }
        assert!(states_about_topic(
            "Amazon S3はオブジェクトを保存するストレージのサービス"
        ));
    }

    #[test]
    fn same_words_ignores_case_and_spaces_only() {
        assert!(same_words("RedShift Spectrum", "Redshift Spectrum"));
        assert!(same_words("Amazon S3", "amazonS3"));
        assert!(!same_words("Redshift", "Redshift Spectrum"));
        assert!(!same_words("S3", "S4"));
        assert!(same_words("", " "));
    }
    use crate::source;

    fn outline(text: &str) -> Outline {
        parse(&source::decode("t.txt", "t.txt".as_ref(), text.as_bytes()).unwrap())
    }

    fn kinds(o: &Outline) -> Vec<(NodeKind, Option<usize>)> {
        o.nodes.iter().map(|n| (n.kind, n.parent)).collect()
    }

    #[test]
    fn topic_bullets_and_explanations() {
        let o = outline(
            "負荷分散の種類\n・レイヤー7\nHTTPを見て振り分ける\n・レイヤー4\nTCPで振り分ける",
        );
        use NodeKind::*;
        assert_eq!(
            kinds(&o),
            [
                (Topic, None),
                (Bullet, Some(0)),
                (Text, Some(1)),
                (Bullet, Some(0)),
                (Text, Some(3))
            ]
        );
    }

    #[test]
    fn a_topic_written_again_is_the_same_topic() {
        let o = outline(
            "Load Balancer\nload balancer\n通信を複数のサーバーに振り分ける仕組み\n負荷を分散する。",
        );
        let got: Vec<_> = o.nodes.iter().map(|n| (n.kind, n.parent)).collect();
        assert_eq!(
            got,
            [
                (NodeKind::Topic, None),
                (NodeKind::Topic, None),
                (NodeKind::Text, Some(1)),
                (NodeKind::Text, Some(1))
            ]
        );
    }

    #[test]
    fn a_line_saying_what_a_term_is_is_no_topic() {
        let o = outline(
            "冗長化\n障害に備える。\nフェイルオーバーとは障害時に待機系へ自動で切り替える構成\n切り替えは数秒で終わる。",
        );
        assert_eq!(o.nodes[2].kind, NodeKind::Text);
    }

    #[test]
    fn a_line_naming_things_to_list_heads_its_bullets() {
        let o = outline("Ansibleで自動化できること\n・パッケージの導入\n・設定ファイルの配布");
        assert_eq!(o.nodes[0].kind, NodeKind::Topic);
        assert_eq!(o.nodes[1].parent, Some(0));
        let o = outline(
            "冗長化\n障害時は待機系に切り替える。\nOSを最新に保つことで防げること\n・脆弱性を突く攻撃\n・既知の不具合",
        );
        assert_eq!(o.nodes[2].kind, NodeKind::Topic);
        assert_eq!(o.nodes[3].parent, Some(2));
    }

    #[test]
    fn explanation_under_topic_is_not_a_topic() {
        let o = outline("冗長化\n同じ構成を複数用意しておく仕組み\n障害に備える。");
        assert_eq!(o.nodes[0].kind, NodeKind::Topic);
        assert_eq!(o.nodes[1].kind, NodeKind::Text);
        assert_eq!(o.nodes[1].parent, Some(0));
    }

    #[test]
    fn section_numbers_are_read() {
        assert_eq!(section_number("1-1. 構成要素"), Some((2, "構成要素")));
        assert_eq!(section_number("2.3 料金"), Some((2, "料金")));
        assert_eq!(section_number("1.2.3. 詳細"), Some((3, "詳細")));
        assert_eq!(section_number("1. IAM"), Some((1, "IAM")));
        assert_eq!(section_number("第3章 監視"), Some((0, "監視")));
        for none in [
            "1.5倍になる",
            "3つのタイプ",
            "2024/05/12 模試",
            "1-1.",
            "第3回 模試",
            "IAM 1-1",
        ] {
            assert_eq!(section_number(none), None, "{none}");
        }
    }

    #[test]
    fn numbered_sections_are_headings_without_their_numbers() {
        let o = outline(
            "学習ノート\n第3章 セキュリティ\n\n1. IAM\n IAMとは認証の仕組みである。\n\n1-1. 構成要素\n (1) ユーザー\n (2) グループ\n\n2. KMS\n KMSとはキー管理のサービスである。",
        );
        let got: Vec<_> = o
            .nodes
            .iter()
            .map(|n| {
                (
                    n.kind,
                    n.level,
                    n.text.as_str(),
                    n.parent.map(|p| o.nodes[p].text.as_str()),
                )
            })
            .collect();
        use NodeKind::*;
        assert_eq!(
            got,
            [
                (Topic, 0, "学習ノート", None),
                (Heading, 1, "セキュリティ", None),
                (Heading, 2, "IAM", Some("セキュリティ")),
                (Text, 0, "IAMとは認証の仕組みである。", Some("IAM")),
                (Heading, 3, "構成要素", Some("IAM")),
                (Numbered, 1, "ユーザー", Some("構成要素")),
                (Numbered, 1, "グループ", Some("構成要素")),
                (Heading, 2, "KMS", Some("セキュリティ")),
                (Text, 0, "KMSとはキー管理のサービスである。", Some("KMS")),
            ]
        );
        // Without nested numbers, 「1.」 lines stay list items.
        let o = outline("手順\n1. 準備する\n2. 実行する");
        assert!(o.nodes[1..].iter().all(|n| n.kind == NodeKind::Numbered));
        // A Markdown heading loses its number only.
        let o = outline("## 1-2. S3の料金\n容量で課金される。");
        assert_eq!(
            (o.nodes[0].kind, o.nodes[0].text.as_str()),
            (Heading, "S3の料金")
        );
    }

    #[test]
    fn kana_items_are_numbered() {
        let o = outline(
            "種類\nア. 管理ポリシー\n(イ) インラインポリシー\nアクセスキー. 長期の認証情報",
        );
        let got: Vec<_> = o.nodes.iter().map(|n| (n.kind, n.text.as_str())).collect();
        use NodeKind::*;
        assert_eq!(
            got[..3],
            [
                (Topic, "種類"),
                (Numbered, "管理ポリシー"),
                (Numbered, "インラインポリシー"),
            ]
        );
        assert_ne!(got[3].0, Numbered);
    }

    #[test]
    fn a_line_less_indented_than_the_items_above_is_not_theirs() {
        let o =
            outline("KMS\n 特徴:\n  ・キーを保護する\n  ・監査できる\n 種類は以下の3つである。");
        let last = o.nodes.last().unwrap();
        assert_eq!(last.kind, NodeKind::Text);
        assert_eq!(last.parent, Some(0));
    }

    #[test]
    fn recurring_labels_are_parts_of_entries() {
        let o = outline(
            "No.1\n問題: どれが適切か?\n解説: マルチAZ配置とは、スタンバイを別のAZに置く構成のこと。\n\nNo.2\n問題: 何を使うか?\n解説: DynamoDBはフルマネージドのNoSQLデータベースである。\nポイント: 可用性\n× Snowballは一回限りの移行向け",
        );
        let labels: Vec<&str> = o.labels.iter().map(String::as_str).collect();
        assert_eq!(labels, ["問題", "解説"]);
        let texts: Vec<&str> = o.nodes.iter().map(|n| n.text.as_str()).collect();
        // A labelled sentence with its own topic reads as that sentence.
        assert!(texts.contains(&"マルチAZ配置とは、スタンバイを別のAZに置く構成のこと。"));
        assert!(texts.contains(&"DynamoDBはフルマネージドのNoSQLデータベースである。"));
        // Other labelled lines keep their labels, and head nothing.
        assert!(texts.contains(&"問題: 何を使うか?"));
        assert!(
            o.nodes
                .iter()
                .all(|n| n.kind != NodeKind::Topic || !n.text.starts_with("問題"))
        );
        // A label seen once is not one of them; a graded line is an item.
        assert!(texts.contains(&"ポイント: 可用性"));
        let graded = o.nodes.last().unwrap();
        assert_eq!(
            (graded.kind, graded.text.as_str()),
            (NodeKind::Bullet, "Snowballは一回限りの移行向け")
        );
        assert_eq!(label_prefix("10:30に開始"), None);
        assert_eq!(
            label_prefix("目的:暗号化する"),
            Some(("目的", "暗号化する"))
        );
        assert_eq!(label_prefix("アクセス許可の境界:上限"), None);
    }

    #[test]
    fn markers_are_recognised() {
        let o = outline("手順\n① 準備する\n(2) 実行する\n3. 確認する\n※補足のこと\n【まとめ】");
        let got: Vec<_> = o.nodes.iter().map(|n| (n.kind, n.text.as_str())).collect();
        use NodeKind::*;
        assert_eq!(
            got,
            [
                (Topic, "手順"),
                (Numbered, "準備する"),
                (Numbered, "実行する"),
                (Numbered, "確認する"),
                (Footnote, "補足のこと"),
                (Heading, "まとめ")
            ]
        );
    }

    #[test]
    fn a_line_indented_under_a_topic_explains_it() {
        let o = outline(
            "プロセス\n  実行中のプログラム\n  psで確認、killで終了\n\nスレッド\n  プロセス内の実行単位",
        );
        let got: Vec<_> = o.nodes.iter().map(|n| (n.kind, n.parent)).collect();
        use NodeKind::*;
        assert_eq!(
            got,
            [
                (Topic, None),
                (Text, Some(0)),
                (Text, Some(0)),
                (Topic, None),
                (Text, Some(3))
            ]
        );
        assert!(o.nodes[1].indented && !o.nodes[0].indented);
    }

    #[test]
    fn circled_number_items_fold_like_other_lines() {
        let o = outline("段階\n①第１正規形：繰返しを除く\n②第２正規形（２NF）：部分従属を除く");
        assert_eq!(o.nodes[1].kind, NodeKind::Numbered);
        assert_eq!(o.nodes[1].text, "第1正規形:繰返しを除く");
        assert_eq!(o.nodes[2].text, "第2正規形(2NF):部分従属を除く");
    }

    #[test]
    fn markdown_headings_lists_tables_and_code() {
        let text = "# DB\n## 正規化\n- 第1正規形\n  - 繰り返しを除く\n- **第2正規形**\n\n| 項目 | A |\n|---|---|\n| 速度 | 速い |\n```\ncode\n```\n[索引](x.md)は検索を速くする";
        let o = parse(&source::decode("t.md", "t.md".as_ref(), text.as_bytes()).unwrap());
        let got: Vec<_> = o
            .nodes
            .iter()
            .map(|n| (n.kind, n.level, n.text.as_str(), n.parent))
            .collect();
        use NodeKind::*;
        assert_eq!(
            got,
            [
                (Heading, 1, "DB", None),
                (Heading, 2, "正規化", Some(0)),
                (Bullet, 1, "第1正規形", Some(1)),
                (Bullet, 2, "繰り返しを除く", Some(2)),
                (Bullet, 1, "第2正規形", Some(1)),
                (TableRow, 0, "項目 | A", Some(1)),
                (TableRow, 0, "速度 | 速い", Some(1)),
                (Text, 0, "索引は検索を速くする", Some(1)),
            ]
        );
        assert_eq!(o.diagnostics.len(), 3);
    }

    #[test]
    fn tables_of_contents_are_skipped_and_latex_kept() {
        let text =
            "# 目次\n- [正規化](#正規化)\n- [索引](#索引)\n## 正規化\n計算量は $O(n)$ になる";
        let o = parse(&source::decode("t.md", "t.md".as_ref(), text.as_bytes()).unwrap());
        let texts: Vec<&str> = o.nodes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["目次", "正規化", "計算量は O(n) になる"]);
        assert_eq!(
            o.diagnostics
                .iter()
                .filter(|d| d.message == "table of contents")
                .count(),
            2
        );
    }

    #[test]
    fn context_is_the_topic_path() {
        let o = outline("ストレージ\n・ブロック\nディスク単位で扱う");
        assert_eq!(o.context(2), ["ストレージ"]);
    }
}
