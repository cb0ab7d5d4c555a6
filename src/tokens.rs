//! Tokens: morphological analysis with lindera over IPADIC plus the domain
//! user dictionary, and compound-term chunking.
//!
//! An [`Outline`] goes in; [`Tokens`] come out: for every outline node, the
//! tokens of its NFKC text (surface, part of speech, base form, reading, byte
//! range) and the compound terms chunked from them (`tokens/compound.rs`).
//! This is the only module that touches lindera.

pub mod compound;
pub mod dictionary;

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};

use lindera::mode::Mode;
use lindera::segmenter::Segmenter;

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::outline::Outline;

pub use compound::Term;
pub use dictionary::UserEntry;

/// The domain user dictionary shipped in `data/userdic/terms.csv`.
const BUNDLED_USERDIC: &str = include_str!("../data/userdic/terms.csv");

/// Part of speech of bundled domain words: 名詞,一般 (common noun), marked
/// ドメイン ("domain") in the last level so the extractor can tell them.
const COMMON_NOUN: &str = "名詞,一般,*,ドメイン";
/// Part of speech of catalog names: 名詞,固有名詞,一般 (proper noun), marked ドメイン.
const PROPER_NOUN: &str = "名詞,固有名詞,一般,ドメイン";
/// The last part-of-speech level of domain words.
const DOMAIN_MARK: &str = ",ドメイン";
/// Word cost of domain words: low enough to beat IPADIC's splits of them.
const USER_WORD_COST: i16 = -2000;

/// An interned piece of token text: cheap to clone, compared like a `str`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Sym(std::sync::Arc<str>);

impl Sym {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Sym {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Sym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Sym {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Sym {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl From<&str> for Sym {
    fn from(text: &str) -> Sym {
        Sym(text.into())
    }
}

impl serde::Serialize for Sym {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// A word's part of speech, base form (when the dictionary gives one) and reading.
type WordDetails = (Sym, Option<Sym>, Sym);

/// A word of a dictionary as kioku keeps it: its surface (none for unknown
/// words, whose surface varies), and its details.
type KnownWord = (Option<Sym>, WordDetails);

/// Hands out one [`Sym`] per distinct text, so a document's repeated words
/// share their storage; also keeps lindera's lattice between lines.
#[derive(Default)]
pub struct Interner {
    syms: std::collections::HashMap<Box<str>, Sym, FastHash>,
    /// Surface (of dictionary words), part of speech, base form (when the
    /// dictionary gives one) and reading of each word seen: a word's details
    /// are decoded once.
    words: std::collections::HashMap<(u32, bool, u8), KnownWord, FastHash>,
    /// lindera's Viterbi lattice, reused from line to line.
    lattice: lindera_dictionary::viterbi::Lattice,
}

/// A fast hash for the interner's short keys (FxHash's mixing): nothing
/// outside the process chooses them, so no flooding resistance is needed.
#[derive(Default, Clone, Copy)]
pub struct FastHash;

impl std::hash::BuildHasher for FastHash {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0)
    }
}

/// The hasher of [`FastHash`].
pub struct FastHasher(u64);

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }
    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(n.into());
    }
    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(n.into());
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Interner {
    /// The symbol for `text`.
    pub fn sym(&mut self, text: &str) -> Sym {
        if let Some(sym) = self.syms.get(text) {
            return sym.clone();
        }
        let sym = Sym::from(text);
        self.syms.insert(text.into(), sym.clone());
        sym
    }
}

/// One morpheme.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Token {
    /// The text as it appears (NFKC).
    pub surface: Sym,
    /// Part of speech, levels joined by `,` without the `*` fillers
    /// (`名詞,固有名詞,組織` = noun, proper noun, organisation).
    pub pos: Sym,
    /// Dictionary (base) form; the surface when the dictionary has none.
    pub base: Sym,
    /// Reading in katakana; empty when unknown.
    pub reading: Sym,
    /// Byte range in the node's text.
    pub byte_range: Range<usize>,
}

impl Token {
    /// The first level of the part of speech (名詞 = noun, 動詞 = verb, 助詞 = particle …).
    pub fn pos_major(&self) -> &str {
        let pos = self.pos.as_str();
        pos.find(',').map_or(pos, |at| &pos[..at])
    }

    /// The second level of the part of speech, or "".
    pub fn pos_minor(&self) -> &str {
        let pos = self.pos.as_str();
        let Some(at) = pos.find(',') else {
            return "";
        };
        let rest = &pos[at + 1..];
        rest.find(',').map_or(rest, |end| &rest[..end])
    }

    /// Whether the word comes from a user dictionary (kioku's domain words,
    /// the catalog's names, or the user's own) rather than from IPADIC.
    pub fn is_domain_word(&self) -> bool {
        self.pos.ends_with(DOMAIN_MARK) || self.pos_major() == dictionary::CUSTOM_NOUN
    }
}

/// The tokens and terms of one outline node.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct NodeTokens {
    /// Morphemes, in order.
    pub tokens: Vec<Token>,
    /// Compound terms chunked from the morphemes, in order.
    pub terms: Vec<Term>,
}

/// Tokens for every node of an outline, parallel to `Outline::nodes`.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Tokens {
    /// One entry per outline node.
    pub nodes: Vec<NodeTokens>,
}

/// Where the dictionaries come from.
#[derive(Debug, Clone, Default)]
pub struct TokenizerConfig {
    /// The compiled IPADIC folder; [`dictionary::default_dir`] when `None`.
    pub dict_dir: Option<PathBuf>,
    /// Extra user dictionaries (simple 3-column CSV) given by the user.
    pub user_dictionaries: Vec<PathBuf>,
}

/// lindera's segmenter over IPADIC and the domain user dictionary.
pub struct Tokenizer {
    segmenter: Segmenter,
}

impl Tokenizer {
    /// Loads the compiled dictionary and builds the user dictionary from the
    /// bundled terms, the catalog's names and the user's own files.
    pub fn new(config: &TokenizerConfig, catalog: &Catalog) -> Result<Self> {
        let dict_dir = config
            .dict_dir
            .clone()
            .unwrap_or_else(dictionary::default_dir);
        let system = dictionary::load(&dict_dir)?;
        let mut entries = Vec::new();
        for path in &config.user_dictionaries {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io("reading", path, e))?;
            entries.extend(dictionary::parse_user_csv(path, &text)?);
        }
        let contexts = dictionary::noun_contexts(&dict_dir);
        let bundled =
            dictionary::parse_user_csv(Path::new("data/userdic/terms.csv"), BUNDLED_USERDIC)?;
        // With the noun classes' context ids known, domain words join the
        // lattice as ordinary nouns; otherwise as lindera's custom nouns.
        entries.extend(bundled.into_iter().map(|mut entry| {
            if let Some(c) = contexts {
                entry.part_of_speech = COMMON_NOUN.to_string();
                entry.context = Some((c.common, USER_WORD_COST));
            }
            entry
        }));
        entries.extend(catalog_entries(catalog).into_iter().map(|mut entry| {
            if let Some(c) = contexts {
                entry.part_of_speech = PROPER_NOUN.to_string();
                entry.context = Some((c.proper, USER_WORD_COST));
            }
            entry
        }));
        let user = dictionary::build_user_dictionary(&system, &entries)?;
        Ok(Tokenizer {
            segmenter: Segmenter::new(Mode::Normal, system, user),
        })
    }

    /// Tokenizes one piece of text (NFKC expected).
    pub fn tokenize_text(&self, text: &str) -> std::result::Result<Vec<Token>, String> {
        self.tokenize_with(text, &mut Interner::default())
    }

    /// Like [`Tokenizer::tokenize_text`], sharing an interner across lines.
    pub fn tokenize_with(
        &self,
        text: &str,
        interner: &mut Interner,
    ) -> std::result::Result<Vec<Token>, String> {
        let mut lattice = std::mem::take(&mut interner.lattice);
        let tokens = self
            .segmenter
            .segment_with_lattice(Cow::Borrowed(text), &mut lattice)
            .map_err(|e| e.to_string());
        let tokens = match tokens {
            Ok(tokens) => tokens,
            Err(e) => {
                interner.lattice = lattice;
                return Err(e);
            }
        };
        let mut out = Vec::with_capacity(tokens.len());
        let mut pos = String::new();
        for mut token in tokens {
            let range = token.byte_start..token.byte_end;
            let id = token.word_id;
            let key = (id.id(), id.is_system(), id.lex_type() as u8);
            let (surface, (pos_sym, base, reading)) = match interner.words.get(&key).cloned() {
                Some((Some(surface), details)) => (surface, details),
                Some((None, details)) => (interner.sym(&token.surface), details),
                None => {
                    // A dictionary word's surface is its entry's; an unknown
                    // word's is whatever the text holds.
                    let surface = interner.sym(&token.surface);
                    let details = token.details();
                    let known = word_details(&details, &mut pos, interner);
                    let kept = (!id.is_unknown()).then(|| surface.clone());
                    interner.words.insert(key, (kept, known.clone()));
                    (surface, known)
                }
            };
            let token = Token {
                base: base.unwrap_or_else(|| surface.clone()),
                surface,
                pos: pos_sym,
                reading,
                byte_range: range,
            };
            split_symbols(token, &mut out, interner);
        }
        interner.lattice = lattice;
        Ok(out)
    }

    /// Tokenizes every node of an outline and chunks its compound terms.
    pub fn tokenize(&self, outline: &Outline) -> Result<Tokens> {
        let mut nodes = Vec::with_capacity(outline.nodes.len());
        let mut interner = Interner::default();
        for node in &outline.nodes {
            let tokens = self
                .tokenize_with(&node.text, &mut interner)
                .map_err(|reason| Error::Tokenize {
                    path: PathBuf::from(&outline.source),
                    line: node.line,
                    reason,
                })?;
            let terms = compound::chunk(&node.text, &tokens);
            nodes.push(NodeTokens { tokens, terms });
        }
        Ok(Tokens { nodes })
    }
}

/// IPADIC reads a run of unknown symbols (「)、」) as one noun; kioku splits it
/// into one symbol token per character, tagged as the symbol it is.
fn split_symbols(token: Token, out: &mut Vec<Token>, interner: &mut Interner) {
    if token.surface.chars().any(is_alphanumeric)
        || token.pos.starts_with("記号") && token.surface.chars().count() == 1
    {
        out.push(token);
        return;
    }
    let mut at = token.byte_range.start;
    for c in token.surface.chars() {
        let pos = match c {
            '、' | ',' => "記号,読点",                // symbol, comma
            '。' | '.' => "記号,句点",                // symbol, full stop
            '(' | '「' | '『' | '[' => "記号,括弧開", // symbol, opening bracket
            ')' | '」' | '』' | ']' => "記号,括弧閉", // symbol, closing bracket
            _ => "記号,一般",                         // symbol, general
        };
        let end = at + c.len_utf8();
        let mut buffer = [0u8; 4];
        let surface = interner.sym(c.encode_utf8(&mut buffer));
        out.push(Token {
            base: surface.clone(),
            surface,
            pos: interner.sym(pos),
            reading: interner.sym(""),
            byte_range: at..end,
        });
        at = end;
    }
}

/// `char::is_alphanumeric`, answered without a table look-up for ASCII,
/// kana and the common kanji block (all letters), which make up most notes.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    match c {
        '\0'..='\x7f' => c.is_ascii_alphanumeric(),
        '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{4E00}'..='\u{9FBF}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// lindera's segmenter over the system dictionary alone, with none of
/// kioku's work around it: the baseline the benchmark measures kioku against.
pub struct RawSegmenter {
    segmenter: Segmenter,
}

impl RawSegmenter {
    /// Loads the compiled dictionary.
    pub fn new(dict_dir: &Path) -> Result<Self> {
        Ok(RawSegmenter {
            segmenter: Segmenter::new(Mode::Normal, dictionary::load(dict_dir)?, None),
        })
    }

    /// Segments text line by line and counts the tokens.
    pub fn count_tokens(&self, text: &str) -> usize {
        text.lines()
            .map(|line| {
                self.segmenter
                    .segment(Cow::Borrowed(line))
                    .map_or(0, |t| t.len())
            })
            .sum()
    }
}

/// Catalog names and aliases as user dictionary entries (one word each: a
/// name with a space in it is left to the chunker).
fn catalog_entries(catalog: &Catalog) -> Vec<UserEntry> {
    catalog
        .surfaces()
        // A name with a space is left to the chunker; two Latin letters (AD,
        // AZ) would match inside longer words.
        .filter(|s| !s.chars().any(|c| c.is_whitespace() || c == ',' || c == '"'))
        .filter(|s| s.chars().count() >= 3 || !s.is_ascii())
        .map(|surface| UserEntry {
            surface: surface.to_string(),
            part_of_speech: dictionary::CUSTOM_NOUN.to_string(),
            reading: String::new(),
            context: None,
        })
        .collect()
}

/// A word's part of speech, base form and reading from lindera's details
/// (IPADIC: pos ×4, conjugation ×2, base form, reading, pronunciation; user
/// entries: pos, …, reading).
fn word_details(
    details: &[&str],
    pos: &mut String,
    interner: &mut Interner,
) -> (Sym, Option<Sym>, Sym) {
    let field = |i: usize| {
        details
            .get(i)
            .copied()
            .filter(|s| *s != "*" && !s.is_empty())
    };
    pos.clear();
    for part in details
        .iter()
        .take(4)
        .filter(|s| **s != "*" && !s.is_empty())
    {
        if !pos.is_empty() {
            pos.push(',');
        }
        pos.push_str(part);
    }
    (
        interner.sym(if pos.is_empty() { "UNK" } else { pos }),
        field(6).map(|b| interner.sym(b)),
        interner.sym(field(7).unwrap_or("")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_alphanumeric_agrees_with_the_standard_library() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    /// No domain word is typed twice: the catalog's names are added to the
    /// user dictionary by themselves, so `terms.csv` must not repeat them.
    #[test]
    fn bundled_terms_do_not_repeat_the_catalog() {
        let catalog = Catalog::bundled();
        let entries =
            dictionary::parse_user_csv(Path::new("data/userdic/terms.csv"), BUNDLED_USERDIC)
                .unwrap();
        assert!(entries.len() > 100);
        let repeated: Vec<&str> = entries
            .iter()
            .map(|e| e.surface.as_str())
            .filter(|s| catalog.lookup(s).is_some())
            .collect();
        assert!(
            repeated.is_empty(),
            "in both terms.csv and the catalog: {repeated:?}"
        );
    }
}
