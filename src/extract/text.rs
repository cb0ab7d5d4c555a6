//! Shared helpers for the rules: sentences, topic markers, noun phrases,
//! copula endings.

use std::ops::Range;

use crate::tokens::{Token, is_alphanumeric};

/// Sentence-final copulas and definition endings, longest first:
/// 「…のことをいう」 "what is called …", 「…のこと」 "the thing that …",
/// 「…です」「…である」「…だ」 "is".
const DEFINITION_ENDINGS: &[&str] = &[
    "のことをいいます",
    "のことを言います",
    "のことをいう",
    "のことを言う",
    "のことを指します",
    "のことを指す",
    "のことです",
    "のことである",
    "のことだ",
    "のこと",
    "をいう",
    "を指す",
    "です",
    "である",
];

/// The round-bracket groups of a text with no bracket inside and something
/// in them, left to right: each group's byte range, brackets included, and
/// that of its inside. What the pattern `\(([^()]+)\)` finds, found by a
/// byte scan (both brackets are ASCII, never part of another character).
pub fn round_brackets(text: &str) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let open = at + memchr::memchr(b'(', bytes.get(at..)?)?;
            let next = open + 1 + memchr::memchr2(b'(', b')', &bytes[open + 1..])?;
            if bytes[next] == b'(' {
                // A bracket opens again: a group can start there at the earliest.
                at = next;
            } else if next == open + 1 {
                // 「()」: nothing inside.
                at = next + 1;
            } else {
                at = next + 1;
                return Some((open..next + 1, open + 1..next));
            }
        }
    })
}

/// Brackets and punctuation trimmed from both ends of a phrase.
fn is_edge_punctuation(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{3000}' | '、' | '。' | ',' | '.' | ':' | ';' | '「' | '」' | '『' | '』'
    )
}

/// Trims punctuation and balanced quotes from the ends of a phrase.
pub fn clean_phrase(phrase: &str) -> String {
    trim_phrase(phrase).to_string()
}

/// The part of a phrase [`clean_phrase`] keeps, borrowed.
pub fn trim_phrase(phrase: &str) -> &str {
    // Every step only narrows the phrase.
    let mut text = phrase.trim_matches(is_edge_punctuation);
    // Quotes around the whole phrase go; a quote inside it stays.
    for (open, close) in [('"', '"'), ('“', '”'), ('\'', '\'')] {
        if text.len() > 2
            && text.starts_with(open)
            && text.ends_with(close)
            && text.matches(open).count() <= 2
        {
            text = &text[open.len_utf8()..text.len() - close.len_utf8()];
        }
    }
    // A trailing bracket that has no opening partner is punctuation, not text.
    for (open, close) in [('(', ')'), ('「', '」')] {
        if text.ends_with(close) && !text.contains(open) {
            text = &text[..text.len() - close.len_utf8()];
        }
    }
    text.trim_matches(is_edge_punctuation)
}

/// Removes a definition ending and the final full stop.
///
/// ```text
/// 「障害に備える仕組みのこと。」 → 「障害に備える仕組み」
/// ```
pub fn strip_definition_ending(text: &str) -> &str {
    let mut text = text.trim_end_matches(['。', '.', ' ']);
    for ending in DEFINITION_ENDINGS {
        if let Some(rest) = text.strip_suffix(ending)
            && !rest.is_empty()
        {
            text = rest;
            break;
        }
    }
    text.trim_end_matches(['。', '、', ' '])
}

/// Every word the rules test lines for before reading them (the needles of
/// [`Needles`]): each line is searched for all of them in one pass when the
/// input is made ([`line_words`]), and a rule's test is then a bit mask.
const LINE_WORDS: &[&str] = &[
    "によって",
    "により",
    "ごとに",
    "一方で",
    "一方",
    "対して",
    "これに対して",
    "に対し",
    "反対に",
    "異なり",
    "違い",
    "逆に",
    "ない",
    "なかっ",
    "が、",
    "より",
    "とは",
    "のこと",
    "は",
    "を「",
    "を『",
    "とい",
    "と言",
    "と呼",
    "という",
    "があ",
    "と呼ばれ",
    "と言われ",
];

/// Which of [`LINE_WORDS`] each text holds, one bit per word: all words in
/// one pass over each text (an Aho–Corasick automaton, walked byte by byte:
/// a state that ends words ends every word that ends there).
pub fn line_words<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<u32> {
    use aho_corasick::Anchored;
    use aho_corasick::automaton::Automaton;
    const _: () = assert!(LINE_WORDS.len() <= 32);
    // (the DFA itself, not behind `AhoCorasick`, so that each step is a
    // table lookup rather than a call)
    static AUTOMATON: std::sync::LazyLock<aho_corasick::dfa::DFA> =
        std::sync::LazyLock::new(|| {
            aho_corasick::dfa::DFA::new(LINE_WORDS).expect("the line words build an automaton")
        });
    let dfa = &*AUTOMATON;
    let start = dfa
        .start_state(Anchored::No)
        .expect("the automaton searches unanchored");
    texts
        .map(|text| {
            let mut mask = 0u32;
            let mut state = start;
            for &byte in text.as_bytes() {
                state = dfa.next_state(Anchored::No, state, byte);
                if dfa.is_special(state) && dfa.is_match(state) {
                    for i in 0..dfa.match_len(state) {
                        mask |= 1 << dfa.match_pattern(state, i).as_u32();
                    }
                }
            }
            mask
        })
        .collect()
}

/// Substring tests for a few words, prepared once to test many lines: words
/// of [`LINE_WORDS`] by the bits [`line_words`] set, any other by a searcher
/// built once (cheaper than `str::contains`, which prepares its search on
/// every call).
pub struct Needles {
    mask: u32,
    others: Vec<memchr::memmem::Finder<'static>>,
}

impl Needles {
    /// Tests for each of `words`.
    pub fn new(words: &[&str]) -> Needles {
        let mut mask = 0;
        let mut others = Vec::new();
        for word in words {
            match LINE_WORDS.iter().position(|w| w == word) {
                Some(bit) => mask |= 1 << bit,
                None => others.push(memchr::memmem::Finder::new(word.as_bytes()).into_owned()),
            }
        }
        Needles { mask, others }
    }

    /// Whether the text of node `index` holds any of the words.
    pub fn any_in_node(&self, input: &super::Input, index: usize) -> bool {
        input.line_words[index] & self.mask != 0
            || self.any_other_in(&input.outline.nodes[index].text)
    }

    fn any_other_in(&self, text: &str) -> bool {
        self.others
            .iter()
            .any(|f| f.find(text.as_bytes()).is_some())
    }
}

/// A searcher for 「。」, built once (`str::find('。')` stops at every
/// character whose last byte is that of 「。」).
static FULL_STOP: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("。"));

/// The byte offset of the first 「。」 in a text.
pub fn find_full_stop(text: &str) -> Option<usize> {
    FULL_STOP.find(text.as_bytes())
}

/// Where `needle` first stands in `haystack`, as `str::find` says, for the
/// short needles of one call each: each place its first byte stands is
/// compared, no searcher built (`str::find` and `memmem::find` build one per
/// call, which costs more than a short search).
pub fn find_short(haystack: &str, needle: &str) -> Option<usize> {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else {
        return Some(0);
    };
    memchr::memchr_iter(first, haystack).find(|&at| haystack[at..].starts_with(needle))
}

/// Byte ranges of the sentences of a line (split after 「。」).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for at in FULL_STOP.find_iter(text.as_bytes()) {
        let end = at + "。".len();
        if !text[start..at].trim().is_empty() {
            ranges.push(start..end);
        }
        start = end;
    }
    if !text[start..].trim().is_empty() {
        ranges.push(start..text.len());
    }
    ranges
}

/// The tokens that lie inside a byte range.
pub fn tokens_in(tokens: &[Token], range: &Range<usize>) -> Range<usize> {
    // Tokens are in text order. A line's tokens are found by a walk from the
    // first: the first rule to read a line finds its tokens far from the
    // cache, and the processor fetches tokens read in order well ahead, the
    // probes of a binary search one at a time. A long line is searched.
    const WALKED: usize = 64;
    let (first, last) = if tokens.len() <= WALKED {
        let first = tokens
            .iter()
            .position(|t| t.byte_range.start >= range.start)
            .unwrap_or(tokens.len());
        let last = tokens[first..]
            .iter()
            .position(|t| t.byte_range.end > range.end)
            .map_or(tokens.len(), |k| first + k);
        (first, last)
    } else {
        (
            tokens.partition_point(|t| t.byte_range.start < range.start),
            tokens.partition_point(|t| t.byte_range.end <= range.end),
        )
    };
    let last = if last == 0 { first } else { last };
    first..last.max(first)
}

/// The first topic particle 「は」 outside brackets in a token slice.
pub fn topic_particle(text: &str, tokens: &[Token]) -> Option<usize> {
    // The brackets before each 「は」 are counted on from the previous one's.
    let (mut depth, mut counted) = (0, 0);
    tokens.iter().position(|t| {
        if t.surface != "は" || !t.pos().starts_with("助詞,係助詞") {
            return false;
        }
        depth = bracket_depth_after(depth, &text[counted..t.byte_range.start]);
        counted = t.byte_range.start;
        depth == 0
    })
}

/// The noun phrase a clause is about: the tokens before its topic particle
/// は, less a case particle right before it (「Xには」 → X). Returns the
/// phrase's byte range and the index of は.
pub fn topic_phrase(text: &str, tokens: &[Token]) -> Option<(Range<usize>, usize)> {
    let at = topic_particle(text, tokens)?;
    let mut end = at;
    while end > 0 && tokens[end - 1].pos().starts_with("助詞") {
        end -= 1;
    }
    let phrase = &tokens[..end];
    is_noun_phrase(phrase).then(|| {
        (
            phrase[0].byte_range.start..phrase[end - 1].byte_range.end,
            at,
        )
    })
}

/// How many brackets are open at the end of `prefix`.
pub fn bracket_depth(prefix: &str) -> i32 {
    bracket_depth_after(0, prefix)
}

/// How many brackets are open at the end of `text` when `depth` were open
/// at its start: `(`, `[`, 「, 『 and 【 open one, their partners close one.
fn bracket_depth_after(depth: i32, text: &str) -> i32 {
    // (the Japanese brackets are U+300C–U+3011, E3 80 8C–91 in UTF-8)
    static CJK_PUNCTUATION: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\xE3\x80"));
    let bytes = text.as_bytes();
    // Most texts open no bracket: two quick searches tell.
    let opens = || {
        memchr::memchr2(b'(', b'[', bytes).is_some()
            || CJK_PUNCTUATION
                .find_iter(bytes)
                .any(|at| matches!(bytes.get(at + 2), Some(0x8C | 0x8E | 0x90)))
    };
    if depth == 0 && !opens() {
        return 0;
    }
    // Else character by character, by lead bytes.
    let mut depth = depth;
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        if lead < 0x80 {
            match lead {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = (depth - 1).max(0),
                _ => {}
            }
            i += 1;
        } else if lead < 0xE0 {
            i += 2;
        } else if lead < 0xF0 {
            if lead == 0xE3 && bytes[i + 1] == 0x80 {
                match bytes[i + 2] {
                    0x8C | 0x8E | 0x90 => depth += 1,
                    0x8D | 0x8F | 0x91 => depth = (depth - 1).max(0),
                    _ => {}
                }
            }
            i += 3;
        } else {
            i += 4;
        }
    }
    depth
}

/// Whether tokens form a noun phrase: nouns, prefixes, symbols, brackets and
/// the attributive particle 「の」 only — the shape of a term being defined
/// (最小権限の原則, Amazon EFS(Elastic File System)).
pub fn is_noun_phrase(tokens: &[Token]) -> bool {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return false;
    };
    if first.surface == "の" || last.surface == "の" {
        return false;
    }
    // One pass: some token a noun, every other one a joiner.
    let mut noun = false;
    for t in tokens {
        if is_nounish(t) {
            noun = true;
        } else if !joins_noun_phrase(t) {
            return false;
        }
    }
    noun
}

/// Whether a token other than a noun may stand in a noun phrase: a symbol,
/// a prefix, the attributive 「の」, 「・」.
pub fn joins_noun_phrase(t: &Token) -> bool {
    t.pos().starts_with("記号")
        || !t.surface.chars().any(is_alphanumeric)
        || t.pos().starts_with("接頭詞")
        || (t.surface == "の" && t.pos().starts_with("助詞,連体化"))
        || (t.surface == "・")
}

/// Whether a token is a noun (IPADIC 名詞, lindera's カスタム名詞, or an unknown word).
/// (Worked out once per token, when it is made: [`Token::is_nounish`].)
pub fn is_nounish(token: &Token) -> bool {
    token.is_nounish()
}

/// Whether a phrase ends in a noun (体言止め), i.e. reads as "is a …".
pub fn ends_in_noun(tokens: &[Token]) -> bool {
    tokens
        .iter()
        .rev()
        .find(|t| !t.pos().starts_with("記号") && t.surface.chars().any(is_alphanumeric))
        .is_some_and(|t| {
            // 「…もの」「…こと」 (名詞,非自立 = dependent nouns) end a noun phrase too.
            (is_nounish(t) || matches!(t.surface.as_str(), "もの" | "こと")) && t.surface != "など"
        })
}

/// The verb (or adjective) that governs a position: the first 動詞 (verb),
/// 形容詞 (adjective) or サ変 noun + する after `from`, as its base form,
/// with a following 「できる」「られる」 kept out.
pub fn governing_verb_at(tokens: &[Token], from: usize) -> Option<(usize, String)> {
    for i in from..tokens.len() {
        let t = &tokens[i];
        // The verb of the clause: a comma or full stop ends the search (a
        // comma right after the word co-ordinates it instead; a comma after
        // a case particle (not 「で」, which may be 「だ」) only sets off an argument: 「Xから Yへ、…接続する」).
        if t.surface == "。"
            || ((t.surface == "、" || t.surface == ",")
                && i > from
                && !(tokens[i - 1].pos().starts_with("助詞,格助詞,一般")
                    && tokens[i - 1].surface != "で")
                && !matches!(tokens[i - 1].surface.as_str(), "から" | "まで" | "より"))
        {
            return None;
        }
        if t.pos().starts_with("動詞,自立") || t.pos().starts_with("形容詞,自立") {
            // 「暗号化する」: a noun made a verb by する keeps the noun.
            if (t.base() == "する" || t.base() == "できる")
                && i > from
                && let Some(noun) = tokens
                    .get(i - 1)
                    .filter(|p| is_nounish(p) && p.byte_range.end == t.byte_range.start)
            {
                return Some((i, format!("{}する", noun.surface)));
            }
            return Some((i, t.base().to_string()));
        }
    }
    None
}

/// Whether the verb at token `at` is negated: 「持たない」 「経由せず」
/// 「設定できない」 「使いません」 — a negative auxiliary (ない, ぬ: ず,
/// ん) among the auxiliaries and suffixes right after it.
pub fn negated(tokens: &[Token], at: usize) -> bool {
    for t in tokens.iter().skip(at + 1) {
        let pos = t.pos();
        let auxiliary = pos.starts_with("助動詞")
            || pos.starts_with("動詞,接尾")
            || pos.starts_with("動詞,非自立")
            || pos.starts_with("形容詞,非自立")
            || (pos.starts_with("動詞,自立") && t.base() == "できる");
        if !auxiliary {
            return false;
        }
        if matches!(t.base().as_str(), "ない" | "ぬ" | "ん") {
            return true;
        }
    }
    false
}

/// The longest noun phrase (terms joined by 「の」) that ends at byte `end`.
pub fn noun_phrase_before(tokens: &[Token], end: usize) -> Option<std::ops::Range<usize>> {
    let last = tokens.iter().rposition(|t| t.byte_range.end == end)?;
    let mut first = last + 1;
    while first > 0 {
        let t = &tokens[first - 1];
        let joins = is_nounish(t)
            || t.pos().starts_with("接頭詞")
            || (t.surface == "の" && t.pos().starts_with("助詞,連体化") && first <= last)
            || (matches!(t.surface.as_str(), "-" | "/" | "・") && first <= last);
        if !joins
            || (first <= last
                && t.byte_range.end != tokens[first].byte_range.start
                && !is_latin_gap(t, &tokens[first]))
        {
            break;
        }
        first -= 1;
    }
    // A phrase never starts with 「の」 or a symbol.
    while first <= last && !is_nounish(&tokens[first]) && !tokens[first].pos().starts_with("接頭詞")
    {
        first += 1;
    }
    (first <= last).then(|| tokens[first].byte_range.start..tokens[last].byte_range.end)
}

fn is_latin_gap(left: &Token, right: &Token) -> bool {
    left.surface
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && right
            .surface
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
}

/// The clause that ends at byte `end`: back to the previous 「、」, bracket,
/// full stop or the start of the line.
pub fn clause_before(text: &str, end: usize) -> &str {
    let start = text[..end]
        .rfind(['、', '。', '「', '(', ','])
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    text[start..end].trim()
}

/// Whether a phrase is a single term in katakana or Latin letters
/// (レイテンシー, provisioned, Scale out).
pub fn is_loanword_term(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| {
            ('\u{30A0}'..='\u{30FF}').contains(&c)
                || c.is_ascii_alphanumeric()
                || matches!(c, ' ' | '-' | '/' | '・')
        })
}

/// Whether a phrase holds no katakana and no Latin letters (plain Japanese).
pub fn is_native_japanese(text: &str) -> bool {
    !text
        .chars()
        .any(|c| ('\u{30A1}'..='\u{30FA}').contains(&c) || c.is_ascii_alphabetic())
}

/// What follows 「Aと(は)」 when A is set against another term: 反対に
/// "contrary to", 異なり/違い "unlike", 逆に "conversely".
pub const CONTRAST_FRAME_WORDS: &[&str] = &["反対に", "異なり", "違い", "逆に"];

/// A description without a leading contrast frame 「Aと異なり、」「Aとは反対に、」.
pub fn without_contrast_frame(text: &str) -> &str {
    static COMMA: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("、"));
    let Some(comma) = COMMA.find(text.as_bytes()) else {
        return text;
    };
    let head = &text[..comma];
    let framed = CONTRAST_FRAME_WORDS.iter().any(|w| head.ends_with(w))
        && head.chars().count() <= 40
        && head.contains('と');
    if framed {
        &text[comma + '、'.len_utf8()..]
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`tokens_in`] by two binary searches, as first written.
    fn tokens_in_by_search(tokens: &[Token], range: &Range<usize>) -> Range<usize> {
        let first = tokens.partition_point(|t| t.byte_range.start < range.start);
        let last = match tokens.partition_point(|t| t.byte_range.end <= range.end) {
            0 => first,
            n => n,
        };
        first..last.max(first)
    }

    #[test]
    fn tokens_in_walks_to_what_the_binary_search_finds() {
        let notes = std::fs::read_to_string("data/notes/aws-saa.txt").unwrap();
        // Long lines too, which are searched rather than walked.
        let text = format!(
            "{notes}\n{}\n",
            notes.lines().take(40).collect::<Vec<_>>().join("、")
        );
        let processed = crate::testing::process("t.txt", &text);
        let mut checked = 0;
        for (node, tokens) in processed.outline.nodes.iter().zip(&processed.tokens.nodes) {
            let ends: Vec<usize> = (0..=node.text.len())
                .filter(|&i| node.text.is_char_boundary(i))
                .collect();
            for (k, &start) in ends.iter().enumerate().step_by(3) {
                for &end in ends[k..].iter().step_by(5) {
                    let range = start..end;
                    assert_eq!(
                        tokens_in(&tokens.tokens, &range),
                        tokens_in_by_search(&tokens.tokens, &range),
                        "{:?} {range:?}",
                        node.text
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000);
    }

    #[test]
    fn definition_endings() {
        assert_eq!(
            strip_definition_ending("障害に備える仕組みのこと。"),
            "障害に備える仕組み"
        );
        assert_eq!(strip_definition_ending("通信規約のことをいう"), "通信規約");
        assert_eq!(strip_definition_ending("仮想サーバー"), "仮想サーバー");
    }

    #[test]
    fn sentences_split_after_full_stops() {
        let text = "AはBである。CはD。E";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["AはBである。", "CはD。", "E"]);
    }

    #[test]
    fn phrases_lose_edge_punctuation() {
        assert_eq!(clean_phrase("「冗長化」、"), "冗長化");
        assert_eq!(clean_phrase("Web ACL"), "Web ACL");
        assert_eq!(clean_phrase("単位)"), "単位");
    }
}

#[cfg(test)]
mod scan_tests {
    use super::*;

    /// Every text of up to four characters drawn from brackets, their
    /// neighbours in U+3000–U+3012 and other text.
    fn texts() -> Vec<String> {
        let chars = [
            '(', ')', '[', ']', '「', '」', '『', '』', '【', '】', '〒', '、', 'あ', 'a',
        ];
        crate::testing::texts_over(&chars, 4)
    }

    /// The byte scan counts as a fold over the characters does, and goes on
    /// from any depth as over the whole text.
    #[test]
    fn bracket_depth_counts_characters() {
        let by_chars = |text: &str| {
            text.chars().fold(0, |depth, c| match c {
                '(' | '「' | '『' | '[' | '【' => depth + 1,
                ')' | '」' | '』' | ']' | '】' => (depth - 1).max(0),
                _ => depth,
            })
        };
        let texts = texts();
        for text in &texts {
            assert_eq!(bracket_depth(text), by_chars(text), "{text:?}");
        }
        for a in texts.iter().step_by(97) {
            for b in texts.iter().step_by(13) {
                assert_eq!(
                    bracket_depth_after(bracket_depth(a), b),
                    by_chars(&format!("{a}{b}")),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    /// `find_short` finds what `str::find` finds.
    #[test]
    fn short_needles_are_found_as_by_str_find() {
        let texts = texts();
        for haystack in texts.iter().step_by(7) {
            for needle in texts.iter().take(15 * 15) {
                assert_eq!(
                    find_short(haystack, needle),
                    haystack.find(needle.as_str()),
                    "{haystack:?} {needle:?}"
                );
            }
        }
    }
}

#[cfg(test)]
mod round_bracket_tests {
    use super::round_brackets;

    #[test]
    fn round_brackets_find_what_the_pattern_finds() {
        let pattern = regex::Regex::new(r"\(([^()]+)\)").unwrap();
        let texts = [
            "",
            "()",
            "(a)",
            "((a)",
            "(a))",
            "x()y(z)",
            "EFS(Elastic File System)とS3(Simple Storage Service)",
            "((()))(",
            "(改\n行)(",
            "a(b(c)d)e(f)",
            "((",
            "))((",
            "(全角（括弧）)",
        ];
        // Every text of up to six characters over brackets, ASCII and kana.
        let mut all: Vec<String> = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = all
                .iter()
                .filter(|t| t.chars().count() == all.last().map_or(0, |l| l.chars().count()))
                .flat_map(|t| ['(', ')', 'a', 'あ'].map(|c| format!("{t}{c}")))
                .collect();
            all.extend(longer);
        }
        assert_eq!(all.len(), 5461);
        for text in texts.iter().copied().chain(all.iter().map(String::as_str)) {
            let expected: Vec<_> = pattern
                .captures_iter(text)
                .map(|c| (c.get(0).unwrap().range(), c.get(1).unwrap().range()))
                .collect();
            let found: Vec<_> = round_brackets(text).collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }
}

#[cfg(test)]
mod needle_tests {
    use super::*;

    #[test]
    fn negated_verbs_are_found() {
        let verb_of = |text: &str, base: &str| {
            let processed = crate::testing::process("n.txt", text);
            let tokens = processed.tokens.nodes[0].tokens.clone();
            let at = tokens
                .iter()
                .position(|t| t.base() == base || t.surface == base)
                .expect("the verb");
            negated(&tokens, at)
        };
        assert!(verb_of("ルートを持たない", "持つ"));
        assert!(verb_of("NATを経由せずに接続する", "する"));
        assert!(verb_of("Zone Apexには設定できない", "できる"));
        assert!(verb_of("EC2は使いません", "使う"));
        assert!(!verb_of("ルートを持つ", "持つ"));
        assert!(!verb_of("暗号化できる", "できる"));
        assert!(!verb_of("保存されている", "する"));
        assert!(!verb_of("ないものを持つ", "持つ"));
    }

    /// A line's word bits say what `str::contains` says, word by word.
    #[test]
    fn line_words_are_the_words_a_line_contains() {
        let texts = [
            "",
            "は",
            "とは",
            "という",
            "と言われる",
            "これに対して、一方でBはAより速い",
            "AとBの違いは、環境によって異なり、逆に言えばない",
            "データを「X」と呼ばれる形式があり、なかった",
            "ログをグループごとに集約する。違いがある",
            "Aの場合はBにより、Cが、Dのことを指す",
            "ASCII only line",
        ];
        // And every text of up to three characters drawn from the words.
        let mut chars: Vec<char> = LINE_WORDS.iter().flat_map(|w| w.chars()).collect();
        chars.sort_unstable();
        chars.dedup();
        chars.push('x');
        let mut all: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        for a in &chars {
            for b in &chars {
                for c in &chars {
                    all.push(format!("{a}{b}{c}"));
                }
            }
        }
        all.extend(LINE_WORDS.iter().map(|w| format!("x{w}{w}")));
        let masks = line_words(all.iter().map(String::as_str));
        for (text, mask) in all.iter().zip(masks) {
            for (bit, word) in LINE_WORDS.iter().enumerate() {
                assert_eq!(
                    mask >> bit & 1 == 1,
                    text.contains(word),
                    "{text:?} {word:?}"
                );
            }
        }
        // A word no line is searched for is searched for by itself.
        let needles = Needles::new(&["ごとに", "として"]);
        assert_eq!(needles.mask.count_ones(), 1);
        assert!(needles.any_other_in("目的として"));
        assert!(!needles.any_other_in("グループごとに"));
    }
}
