//! Compound-term chunking: a run of nouns, katakana and Latin tokens becomes
//! one term, keeping the original spacing.
//!
//! Japanese builds technical terms by stacking nouns (ネットワーク + ACL,
//! 暗号 + 化, Amazon + EFS). IPADIC splits katakana loan words and
//! alphanumerics unevenly (ファイア|ウォール, S|3, EC|2, IPv|6) and lindera tags
//! user-dictionary words `カスタム名詞`, so the chunker works from parts of speech
//! and character classes, not from a word list.

use std::ops::Range;

use super::{Sym, SymCache, Token};

/// A compound term found in one line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Term {
    /// The term as written in the line (spaces between Latin words kept).
    pub text: Sym,
    /// Byte range in the line's text.
    pub byte_range: Range<usize>,
    /// Range of token indices it spans.
    pub token_range: Range<usize>,
}

/// Second levels of 名詞 (noun) that build compounds: 一般 = common,
/// 固有名詞 = proper, サ変接続 = verbal noun, 接尾 = suffix, 数 = number,
/// 形容動詞語幹 = adjectival stem.
const COMPOUNDING_NOUNS: &[&str] = &["一般", "固有名詞", "サ変接続", "接尾", "数", "形容動詞語幹"];
/// Symbols that join two noun tokens written without spaces (Egress-Only, I/O, Node.js).
const JOINING_SYMBOLS: &[&str] = &["-", "/", ".", "_", "+", "&"];

/// How a token takes part in a compound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// A noun-like token: may start, continue and end a term.
    Noun,
    /// A prefix (接頭詞,名詞接続 = prefix before nouns: 高, 全, 各): joins the next noun.
    Prefix,
    /// A joining symbol: only between two nouns with no space.
    Joiner,
    /// Anything else ends a term.
    Other,
}

/// The role of a token of this surface and part of speech; the tokenizer
/// works it out once per dictionary word.
pub(super) fn role(surface: &str, pos: &str) -> Role {
    // IPADIC files unknown symbols (「)」「%」) under 名詞,サ変接続: symbols are never nouns.
    if !surface.chars().any(is_term_char) {
        return if JOINING_SYMBOLS.contains(&surface) {
            Role::Joiner
        } else {
            Role::Other
        };
    }
    let major = super::pos_major(pos);
    let minor = super::pos_minor(pos);
    if major == "カスタム名詞" {
        // lindera's part of speech for user-dictionary words ("custom noun").
        return Role::Noun;
    }
    if major == "名詞" {
        if COMPOUNDING_NOUNS.contains(&minor) {
            // 名詞,接尾,助数詞 (counter) and 名詞,接尾,特殊 are still fine inside terms.
            return Role::Noun;
        }
        if minor == "副詞可能" && pos.contains("接尾") {
            return Role::Noun;
        }
        return Role::Other;
    }
    if major == "接頭詞" && minor == "名詞接続" {
        return Role::Prefix;
    }
    if major == "記号" && minor == "アルファベット" {
        return Role::Noun;
    }
    if JOINING_SYMBOLS.contains(&surface) {
        return Role::Joiner;
    }
    if major == "UNK" && surface.chars().all(is_term_char) {
        return Role::Noun;
    }
    Role::Other
}

fn is_term_char(c: char) -> bool {
    super::is_alphanumeric(c) || matches!(c, 'ー' | '・')
}

fn is_latin_edge(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Chunks the compound terms of one line.
///
/// ```text
/// 「ネットワークACLはサブネット単位で制御する」 → ネットワークACL, サブネット単位
/// ```
pub fn chunk(text: &str, tokens: &[Token]) -> Vec<Term> {
    let roles: Vec<Role> = tokens.iter().map(|t| role(&t.surface, t.pos())).collect();
    let mut terms = Vec::new();
    chunk_into(text, tokens, &roles, &mut terms, &mut SymCache::default());
    terms
}

/// [`chunk`] with the role of every token already known, appending to `terms`.
pub(super) fn chunk_into(
    text: &str,
    tokens: &[Token],
    roles: &[Role],
    terms: &mut Vec<Term>,
    syms: &mut SymCache,
) {
    debug_assert_eq!(tokens.len(), roles.len());
    let mut start: Option<usize> = None;
    let mut end = 0; // exclusive index of the last noun taken
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        let r = roles[i];
        match start {
            None => {
                if r == Role::Noun || (r == Role::Prefix && next_is_noun(tokens, roles, i)) {
                    start = Some(i);
                    end = i + 1;
                }
            }
            Some(_) => {
                let previous = &tokens[end - 1];
                let gap = &text[previous.byte_range.end..token.byte_range.start];
                let adjacent = gap.is_empty();
                let latin_space = !gap.is_empty()
                    && gap.chars().all(|c| c == ' ')
                    && is_latin_edge(previous.surface.chars().last())
                    && is_latin_edge(token.surface.chars().next());
                let joins = match r {
                    Role::Noun => (adjacent || latin_space) && end == i,
                    Role::Prefix => adjacent && end == i && next_is_noun(tokens, roles, i),
                    Role::Joiner => adjacent && end == i && next_is_noun(tokens, roles, i),
                    Role::Other => false,
                };
                if joins {
                    if r == Role::Joiner {
                        i += 1; // take the symbol and the noun after it
                    }
                    end = i + 1;
                } else {
                    push_term(terms, syms, text, tokens, start.take().unwrap()..end);
                    continue; // look at this token again as a possible start
                }
            }
        }
        i += 1;
    }
    if let Some(s) = start {
        push_term(terms, syms, text, tokens, s..end);
    }
}

/// Whether the token after `i` is a noun that touches it.
fn next_is_noun(tokens: &[Token], roles: &[Role], i: usize) -> bool {
    roles.get(i + 1) == Some(&Role::Noun)
        && tokens[i + 1].byte_range.start == tokens[i].byte_range.end
}

fn push_term(
    terms: &mut Vec<Term>,
    syms: &mut SymCache,
    text: &str,
    tokens: &[Token],
    token_range: Range<usize>,
) {
    let first = &tokens[token_range.start];
    let last = &tokens[token_range.end - 1];
    let byte_range = first.byte_range.start..last.byte_range.end;
    let term_text = &text[byte_range.clone()];
    // A bare number or a lone suffix is not a term.
    if term_text.chars().all(|c| c.is_ascii_digit() || c == '.')
        || (token_range.len() == 1 && first.pos().starts_with("名詞,接尾"))
    {
        return;
    }
    terms.push(Term {
        text: super::intern(syms, term_text),
        byte_range,
        token_range,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds tokens from `surface/pos` pairs laid out in `text`.
    fn tokens(text: &str, parts: &[(&str, &str)]) -> Vec<Token> {
        let mut at = 0;
        parts
            .iter()
            .map(|(surface, pos)| {
                let start = at + text[at..].find(surface).unwrap();
                at = start + surface.len();
                Token::new(
                    (*surface).into(),
                    (*pos).into(),
                    (*surface).into(),
                    "".into(),
                    start..at,
                )
            })
            .collect()
    }

    fn check(text: &str, parts: &[(&str, &str)], expected: &[&str]) {
        let got: Vec<String> = chunk(text, &tokens(text, parts))
            .into_iter()
            .map(|t| t.text.to_string())
            .collect();
        assert_eq!(got, expected, "{text}");
    }

    const NOUN: &str = "名詞,一般";
    const PROPER: &str = "名詞,固有名詞,組織";
    const NUM: &str = "名詞,数";
    const PARTICLE: &str = "助詞,係助詞";

    #[test]
    fn katakana_and_latin_join() {
        check(
            "ネットワークACLは",
            &[("ネットワーク", NOUN), ("ACL", PROPER), ("は", PARTICLE)],
            &["ネットワークACL"],
        );
        check(
            "ファイアウォール",
            &[("ファイア", NOUN), ("ウォール", NOUN)],
            &["ファイアウォール"],
        );
    }

    #[test]
    fn split_alphanumerics_join() {
        check(
            "S3とEC2",
            &[
                ("S", "記号,アルファベット"),
                ("3", NUM),
                ("と", PARTICLE),
                ("EC", PROPER),
                ("2", NUM),
            ],
            &["S3", "EC2"],
        );
        check(
            "IPv6専用",
            &[("IPv", PROPER), ("6", NUM), ("専用", NOUN)],
            &["IPv6専用"],
        );
    }

    #[test]
    fn spaces_join_only_latin() {
        check(
            "Amazon EFSは",
            &[("Amazon", PROPER), ("EFS", PROPER), ("は", PARTICLE)],
            &["Amazon EFS"],
        );
        check(
            "型と PrivateLink",
            &[
                ("型", "名詞,接尾,一般"),
                ("と", PARTICLE),
                ("PrivateLink", PROPER),
            ],
            &["PrivateLink"],
        );
    }

    #[test]
    fn suffix_prefix_and_joiners() {
        check(
            "暗号化する",
            &[
                ("暗号", NOUN),
                ("化", "名詞,接尾,サ変接続"),
                ("する", "動詞,自立"),
            ],
            &["暗号化"],
        );
        check(
            "高パフォーマンス",
            &[("高", "接頭詞,名詞接続"), ("パフォーマンス", NOUN)],
            &["高パフォーマンス"],
        );
        check(
            "Egress-Onlyゲートウェイ",
            &[
                ("Egress", PROPER),
                ("-", "記号,一般"),
                ("Only", PROPER),
                ("ゲートウェイ", NOUN),
            ],
            &["Egress-Onlyゲートウェイ"],
        );
        check(
            "セキュリティグループ",
            &[("セキュリティグループ", "カスタム名詞")],
            &["セキュリティグループ"],
        );
    }

    #[test]
    fn numbers_and_function_words_stop() {
        check(
            "以下の7つ",
            &[
                ("以下", "名詞,副詞可能"),
                ("の", "助詞,連体化"),
                ("7", NUM),
                ("つ", "名詞,接尾,助数詞"),
            ],
            &["7つ"],
        );
        check("35", &[("35", NUM)], &[]);
    }
}
