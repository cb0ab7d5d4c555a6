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
use lindera_dictionary::dictionary::character_definition::CategoryId;
use lindera_dictionary::viterbi::{Lattice, LatticeOptions, WordId};

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::outline::Outline;

use compound::Role;
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

/// An interned piece of token text: one pointer (8 bytes) to text that the
/// process keeps, shared by every token with the same text; cloned without
/// a reference count, compared like a `str`.
///
/// Texts are interned process-wide ([`Sym::from`]) and never freed: the
/// memory they hold grows with the number of *distinct* words read (a
/// language's vocabulary plus the notes' own names and numbers), not with
/// the number of tokens.
#[derive(Debug, Clone)]
pub struct Sym(&'static &'static str);

impl Sym {
    /// The text.
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

/// Every distinct text interned so far (see [`Sym`]).
static SYMS: std::sync::LazyLock<
    std::sync::Mutex<
        std::collections::HashMap<&'static str, &'static &'static str, rustc_hash::FxBuildHasher>,
    >,
> = std::sync::LazyLock::new(Default::default);

impl From<&str> for Sym {
    /// The symbol of `text`: the one interned before, or a new one.
    fn from(text: &str) -> Sym {
        let mut syms = SYMS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(&kept) = syms.get(text) {
            return Sym(kept);
        }
        let text: &'static str = Box::leak(Box::from(text));
        let kept: &'static &'static str = Box::leak(Box::new(text));
        syms.insert(text, kept);
        Sym(kept)
    }
}

// Two symbols of one text are one pointer (texts are interned once), so
// equality compares pointers first.
impl PartialEq for Sym {
    fn eq(&self, other: &Sym) -> bool {
        std::ptr::eq(self.0, other.0) || self.as_str() == other.as_str()
    }
}

impl Eq for Sym {}

impl Default for Sym {
    fn default() -> Sym {
        Sym::from("")
    }
}

// Hashed and ordered as the text is, so maps and sorts keyed on symbols
// behave as they would on strings.
impl std::hash::Hash for Sym {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl PartialOrd for Sym {
    fn partial_cmp(&self, other: &Sym) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Sym {
    fn cmp(&self, other: &Sym) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::ops::Deref for Sym {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Sym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Sym {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Sym {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl serde::Serialize for Sym {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A word of a dictionary as kioku keeps it, decoded once per document.
#[derive(Clone)]
struct Word {
    /// The surface of a dictionary word; none for unknown words, whose
    /// surface varies.
    surface: Option<Sym>,
    /// Part of speech, base form and reading.
    lexeme: &'static Lexeme,
    /// For a dictionary word: its role in compounds and whether it is split
    /// into symbols (both depend on the surface and part of speech alone).
    shape: Option<(Role, bool, bool)>,
}

/// What the tokens of one word share: part of speech, base form, reading.
/// Interned once per process, like [`Sym`]s, so that a token holds one
/// pointer to them.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Lexeme {
    /// Part of speech.
    pos: Sym,
    /// Base form, when it is not the token's surface.
    base: Option<Sym>,
    /// Reading.
    reading: Sym,
}

/// Every distinct [`Lexeme`] interned so far.
static LEXEMES: std::sync::LazyLock<
    std::sync::Mutex<std::collections::HashSet<&'static Lexeme, rustc_hash::FxBuildHasher>>,
> = std::sync::LazyLock::new(Default::default);

impl Lexeme {
    /// The interned lexeme of these parts.
    fn intern(pos: Sym, base: Option<Sym>, reading: Sym) -> &'static Lexeme {
        let lexeme = Lexeme { pos, base, reading };
        let mut lexemes = LEXEMES
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(&kept) = lexemes.get(&lexeme) {
            return kept;
        }
        let kept: &'static Lexeme = Box::leak(Box::new(lexeme));
        lexemes.insert(kept);
        kept
    }
}

/// A thread's cache of [`Sym`]s, so that a word seen before costs no lock
/// on the process-wide table; also keeps lindera's lattice and kioku's
/// scratch buffers between lines.
#[derive(Default)]
pub struct Interner {
    syms: SymCache,
    /// Every word seen, by lindera's word id: a word's details are decoded once.
    words: std::collections::HashMap<(u32, bool, u8), Word, rustc_hash::FxBuildHasher>,
    /// lindera's Viterbi lattice, reused from line to line.
    lattice: Lattice,
    /// The lattice's best path through one sentence: start byte and word.
    offsets: Vec<(usize, WordId)>,
    /// The morphemes of the line being tokenized.
    segments: Vec<Segment>,
    /// The tokens of the line being tokenized, and their roles in compounds.
    tokens: Vec<Token>,
    roles: Vec<Role>,
    /// The terms of the line being chunked.
    terms: Vec<Term>,
}

impl Interner {
    /// The symbol for `text`.
    pub fn sym(&mut self, text: &str) -> Sym {
        intern(&mut self.syms, text)
    }
}

/// A thread's symbols by text, in front of the process-wide table.
type SymCache = std::collections::HashMap<&'static str, Sym, rustc_hash::FxBuildHasher>;

/// The symbol for `text`, from `cache` or else the process-wide table.
fn intern(cache: &mut SymCache, text: &str) -> Sym {
    if let Some(sym) = cache.get(text) {
        return sym.clone();
    }
    let sym = Sym::from(text);
    cache.insert(sym.as_str(), sym.clone());
    sym
}

/// One morpheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The text as it appears (NFKC).
    pub surface: Sym,
    /// Part of speech, base form and reading ([`Token::pos`],
    /// [`Token::base`], [`Token::reading`]), shared with every token of
    /// the word: a token is 40 bytes.
    lexeme: &'static Lexeme,
    /// Byte range in the node's text.
    pub byte_range: Range<usize>,
    /// Whether it is a noun ([`Token::is_nounish`]), worked out once, when
    /// the token is made.
    nounish: bool,
}

impl serde::Serialize for Token {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut token = serializer.serialize_struct("Token", 5)?;
        token.serialize_field("surface", &self.surface)?;
        token.serialize_field("pos", self.pos())?;
        token.serialize_field("base", self.base())?;
        token.serialize_field("reading", self.reading())?;
        token.serialize_field("byte_range", &self.byte_range)?;
        token.end()
    }
}

impl Token {
    /// A token; whether it is a noun follows from its surface and part of speech.
    pub fn new(surface: Sym, pos: Sym, base: Sym, reading: Sym, byte_range: Range<usize>) -> Token {
        let nounish = nounish(&surface, &pos);
        let base = (base != surface).then_some(base);
        Token {
            lexeme: Lexeme::intern(pos, base, reading),
            surface,
            byte_range,
            nounish,
        }
    }

    /// Part of speech, levels joined by `,` without the `*` fillers
    /// (`名詞,固有名詞,組織` = noun, proper noun, organisation).
    pub fn pos(&self) -> &Sym {
        &self.lexeme.pos
    }

    /// Dictionary (base) form; the surface when the dictionary has none.
    pub fn base(&self) -> &Sym {
        self.lexeme.base.as_ref().unwrap_or(&self.surface)
    }

    /// Reading in katakana; empty when unknown.
    pub fn reading(&self) -> &Sym {
        &self.lexeme.reading
    }

    /// Whether the token is a noun (IPADIC 名詞 but for dependent nouns and
    /// pronouns, lindera's カスタム名詞, an unknown word, a Latin letter)
    /// with a letter or digit in it.
    pub fn is_nounish(&self) -> bool {
        self.nounish
    }

    /// The first level of the part of speech (名詞 = noun, 動詞 = verb, 助詞 = particle …).
    pub fn pos_major(&self) -> &str {
        pos_major(self.pos())
    }

    /// The second level of the part of speech, or "".
    pub fn pos_minor(&self) -> &str {
        pos_minor(self.pos())
    }

    /// Whether the word comes from a user dictionary (kioku's domain words,
    /// the catalog's names, or the user's own) rather than from IPADIC.
    pub fn is_domain_word(&self) -> bool {
        self.pos().ends_with(DOMAIN_MARK) || self.pos_major() == dictionary::CUSTOM_NOUN
    }
}

/// [`Token::is_nounish`] of a surface and part of speech.
fn nounish(surface: &str, pos: &str) -> bool {
    let major = pos_major(pos);
    ((major == "名詞" && !matches!(pos_minor(pos), "非自立" | "代名詞"))
        || major == "カスタム名詞"
        || major == "UNK"
        || pos.starts_with("記号,アルファベット"))
        // IPADIC files unknown symbols under 名詞,サ変接続; a symbol is no noun.
        && surface.chars().any(is_alphanumeric)
}

/// Where the first `,` of a part of speech is (a byte scan: parts of speech
/// are a few dozen bytes, too short for `str::find`'s searcher to pay).
#[inline]
fn comma(pos: &[u8]) -> Option<usize> {
    pos.iter().position(|&b| b == b',')
}

/// The first level of a part of speech.
#[inline]
fn pos_major(pos: &str) -> &str {
    comma(pos.as_bytes()).map_or(pos, |at| &pos[..at])
}

/// The second level of a part of speech, or "".
#[inline]
fn pos_minor(pos: &str) -> &str {
    let Some(at) = comma(pos.as_bytes()) else {
        return "";
    };
    let rest = &pos[at + 1..];
    comma(rest.as_bytes()).map_or(rest, |end| &rest[..end])
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

/// One morpheme as lindera's lattice gives it: its byte range in the line
/// and its word.
type Segment = (Range<usize>, WordId);

/// lindera's segmenter over IPADIC and the domain user dictionary.
pub struct Tokenizer {
    segmenter: Segmenter,
    /// The SPACE character class, and which of the first 256 code points are
    /// in it: whitespace morphemes are dropped, as lindera drops them.
    space: Option<(CategoryId, [bool; 256])>,
    /// Tells this tokenizer's cached words from another's (word ids are
    /// those of one dictionary).
    id: u64,
}

thread_local! {
    /// The interner a thread used last, with the id of its tokenizer: the
    /// next document on this thread starts with its words already decoded.
    static INTERNER: std::cell::RefCell<Option<(u64, Interner)>> = const { std::cell::RefCell::new(None) };
}

/// A thread's interner is dropped rather than kept once it holds this many
/// texts, so a long batch of varied notes cannot grow its caches without
/// bound (the texts themselves stay interned: see [`Sym`]).
const MAX_KEPT_SYMS: usize = 1 << 18;

impl Tokenizer {
    /// Loads the compiled dictionary and builds the user dictionary from the
    /// bundled terms, the catalog's names and the user's own files.
    pub fn new(config: &TokenizerConfig, catalog: &Catalog) -> Result<Self> {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
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
        let user = dictionary::build_user_dictionary(&system, &entries, Some(&dict_dir))?;
        let mut segmenter = Segmenter::new(Mode::Normal, system, user);
        // IPADIC ships no left-space penalty; made sure of, since
        // `segment_into` passes none to the lattice.
        segmenter
            .set_space_penalty(None)
            .map_err(|e| Error::DictionaryBroken {
                path: dict_dir.clone(),
                reason: e.to_string(),
            })?;
        let characters = &segmenter.dictionary.character_definition;
        let space = characters.category_id_by_name("SPACE").map(|id| {
            let mut table = [false; 256];
            for (code, is_space) in table.iter_mut().enumerate() {
                if let Some(c) = char::from_u32(code as u32) {
                    *is_space = characters.lookup_categories(c).contains(&id);
                }
            }
            (id, table)
        });
        Ok(Tokenizer {
            segmenter,
            space,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// Segments one line into `segments`, as lindera's
    /// `Segmenter::segment_with_lattice` does (the same sentences, lattice
    /// options and whitespace filter) but without building a lindera `Token`
    /// for every morpheme: a word's details are read from the dictionary
    /// only the first time it is seen (`tokenize_line`).
    /// `segmentation_matches_lindera` holds the two to the same output.
    fn segment_into(
        &self,
        text: &str,
        lattice: &mut Lattice,
        offsets: &mut Vec<(usize, WordId)>,
        segments: &mut Vec<Segment>,
    ) {
        let segmenter = &self.segmenter;
        let dictionary = &segmenter.dictionary;
        let user = segmenter.user_dictionary.as_ref().map(|d| &d.dict);
        let mut options = LatticeOptions::new(&segmenter.mode);
        options.max_grouping_len = segmenter.max_grouping_len;
        options.unknown_word_ladder = segmenter.unknown_word_ladder;
        segments.clear();
        let mut start = 0;
        while start < text.len() {
            let end = sentence_end(text, start);
            let sentence = &text[start..end];
            lattice.set_text_with_options(
                &dictionary.prefix_dictionary,
                &user,
                &dictionary.character_definition,
                &dictionary.unknown_dictionary,
                &dictionary.connection_cost_matrix,
                sentence,
                &options,
            );
            lattice.tokens_offset_into(offsets);
            for (i, &(from, word)) in offsets.iter().enumerate() {
                let to = offsets.get(i + 1).map_or(sentence.len(), |next| next.0);
                if !self.is_space(&sentence[from..to]) {
                    segments.push((start + from..start + to, word));
                }
            }
            start = end;
        }
    }

    /// Whether a morpheme is whitespace alone (lindera leaves such out).
    fn is_space(&self, surface: &str) -> bool {
        let Some((id, table)) = &self.space else {
            return false;
        };
        surface.chars().all(|c| match table.get(c as usize) {
            Some(&is_space) => is_space,
            None => self
                .segmenter
                .dictionary
                .character_definition
                .lookup_categories(c)
                .contains(id),
        })
    }

    /// Segments `text` both with [`Tokenizer::segment_into`] and with
    /// lindera's own `Segmenter::segment`, and describes the first
    /// difference between them (for the tests).
    #[doc(hidden)]
    pub fn compare_with_lindera(&self, text: &str) -> std::result::Result<usize, String> {
        let mut interner = Interner::default();
        self.segment_into(
            text,
            &mut interner.lattice,
            &mut interner.offsets,
            &mut interner.segments,
        );
        let ours: Vec<(Range<usize>, (u32, bool, u8))> = interner
            .segments
            .iter()
            .map(|(range, word)| (range.clone(), word_key(*word)))
            .collect();
        let theirs: Vec<(Range<usize>, (u32, bool, u8))> = self
            .segmenter
            .segment(Cow::Borrowed(text))
            .map_err(|e| e.to_string())?
            .iter()
            .map(|t| (t.byte_start..t.byte_end, word_key(t.word_id)))
            .collect();
        if ours == theirs {
            Ok(ours.len())
        } else {
            let at = ours.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
            Err(format!(
                "{text:?}: morpheme {at} differs: kioku {:?}, lindera {:?}",
                ours.get(at),
                theirs.get(at)
            ))
        }
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
        self.tokenize_line(text, interner)?;
        interner.roles.clear();
        Ok(interner.tokens.drain(..).collect())
    }

    /// Tokenizes one line into the interner's `tokens`, with their `roles`.
    fn tokenize_line(
        &self,
        text: &str,
        interner: &mut Interner,
    ) -> std::result::Result<(), String> {
        let mut segments = std::mem::take(&mut interner.segments);
        self.segment_into(
            text,
            &mut interner.lattice,
            &mut interner.offsets,
            &mut segments,
        );
        interner.tokens.clear();
        interner.roles.clear();
        for (range, id) in segments.drain(..) {
            let key = word_key(id);
            let word = match interner.words.get(&key) {
                Some(word) => word.clone(),
                None => {
                    let word = self.word(&text[range.clone()], id, interner);
                    interner.words.insert(key, word.clone());
                    word
                }
            };
            let surface = match word.surface {
                Some(surface) => surface,
                None => interner.sym(&text[range.clone()]),
            };
            let (role, split, nounish) = word
                .shape
                .unwrap_or_else(|| shape(&surface, &word.lexeme.pos));
            let token = Token {
                surface,
                lexeme: word.lexeme,
                byte_range: range,
                nounish,
            };
            if split {
                split_symbols(&token, interner);
            } else {
                interner.tokens.push(token);
                interner.roles.push(role);
            }
        }
        interner.segments = segments;
        Ok(())
    }

    /// A word of the dictionaries, decoded from its details; `surface` is
    /// the text it was found as.
    fn word(&self, surface: &str, id: WordId, interner: &mut Interner) -> Word {
        // A dictionary word's surface is its entry's; an unknown word's is
        // whatever the text holds.
        let surface = interner.sym(surface);
        let mut token = lindera::token::Token::new(
            Cow::Borrowed(&surface),
            0,
            surface.len(),
            0,
            id,
            &self.segmenter.dictionary,
            self.segmenter.user_dictionary.as_ref(),
        );
        let details = token.details();
        let mut pos = String::new();
        let (pos_sym, base, reading) = word_details(&details, &mut pos, interner);
        // A base form that is the surface is left to the token's surface (an
        // unknown word's varies).
        let base = base.filter(|base| id.is_unknown() || *base != surface);
        Word {
            shape: (!id.is_unknown()).then(|| shape(&surface, &pos_sym)),
            surface: (!id.is_unknown()).then_some(surface.clone()),
            lexeme: Lexeme::intern(pos_sym, base, reading),
        }
    }

    /// Tokenizes every node of an outline and chunks its compound terms.
    pub fn tokenize(&self, outline: &Outline) -> Result<Tokens> {
        let mut interner = INTERNER
            .with(|kept| kept.borrow_mut().take())
            .filter(|(id, interner)| *id == self.id && interner.syms.len() < MAX_KEPT_SYMS)
            .map(|(_, interner)| interner)
            .unwrap_or_default();
        let tokens = self.tokenize_nodes(outline, &mut interner);
        INTERNER.with(|kept| *kept.borrow_mut() = Some((self.id, interner)));
        tokens
    }

    fn tokenize_nodes(&self, outline: &Outline, interner: &mut Interner) -> Result<Tokens> {
        let mut nodes = Vec::with_capacity(outline.nodes.len());
        for node in &outline.nodes {
            self.tokenize_line(&node.text, interner)
                .map_err(|reason| Error::Tokenize {
                    path: PathBuf::from(&outline.source),
                    line: node.line,
                    reason,
                })?;
            interner.terms.clear();
            compound::chunk_into(
                &node.text,
                &interner.tokens,
                &interner.roles,
                &mut interner.terms,
                &mut interner.syms,
            );
            // Collected anew, so each node's vectors are exactly as long as they need.
            nodes.push(NodeTokens {
                tokens: interner.tokens.drain(..).collect(),
                terms: interner.terms.drain(..).collect(),
            });
        }
        Ok(Tokens { nodes })
    }
}

/// The key of a word in [`Interner::words`].
fn word_key(id: WordId) -> (u32, bool, u8) {
    (id.id(), id.is_system(), id.lex_type() as u8)
}

/// Where the sentence that starts at byte `start` ends: after the next
/// `\n`, `\t`, `。` or `、`, or, failing those, once it is 32 KiB long (at
/// a character boundary). lindera's own `find_sentence_end`, which is
/// private; the lattice is filled one such sentence at a time.
fn sentence_end(text: &str, start: usize) -> usize {
    const MAX_SENTENCE_BYTES: usize = 32 * 1024;
    /// The first two bytes of 。 (E3 80 82) and 、 (E3 80 81).
    static PUNCTUATION: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\xE3\x80"));
    let bytes = text.as_bytes();
    // Whether the byte at `at` is the last of a sentence end.
    let ends = |at: usize| match bytes[at] {
        b'\n' | b'\t' => true,
        0x81 | 0x82 => at >= 2 && bytes[at - 2] == 0xE3 && bytes[at - 1] == 0x80,
        _ => false,
    };
    // Up to the cap, only a sentence end ends a sentence.
    let cap = bytes.len().min(start + MAX_SENTENCE_BYTES - 1);
    let head = &bytes[start..cap];
    let mut first = memchr::memchr2(b'\n', b'\t', head).unwrap_or(head.len());
    let mut from = 0;
    while let Some(found) = PUNCTUATION.find(&head[from..first]) {
        let last = from + found + 2;
        if last < first && matches!(head[last], 0x81 | 0x82) {
            first = last;
            break;
        }
        from += found + 1;
    }
    if first < head.len() {
        return start + first + 1;
    }
    // Past it, also the next character boundary.
    (cap..bytes.len())
        .find(|&at| ends(at) || text.is_char_boundary(at + 1))
        .map_or(bytes.len(), |at| at + 1)
}

/// A word's role in compounds, whether [`split_symbols`] splits it, and
/// whether it is a noun ([`Token::is_nounish`]).
fn shape(surface: &str, pos: &str) -> (Role, bool, bool) {
    let mut chars = surface.chars();
    let one_char = chars.next().is_some() && chars.next().is_none();
    let kept = surface.chars().any(is_alphanumeric) || pos.starts_with("記号") && one_char;
    (compound::role(surface, pos), !kept, nounish(surface, pos))
}

/// IPADIC reads a run of unknown symbols (「)、」) as one noun; kioku splits it
/// into one symbol token per character, tagged as the symbol it is.
fn split_symbols(token: &Token, interner: &mut Interner) {
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
        let role = compound::role(&surface, pos);
        let pos = interner.sym(pos);
        let reading = interner.sym("");
        let token = Token::new(surface.clone(), pos, surface, reading, at..end);
        interner.tokens.push(token);
        interner.roles.push(role);
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

    /// lindera's segmenter over the system dictionary and kioku's user
    /// dictionary (the bundled terms, the catalog's names, `config`'s files):
    /// the same lattice kioku's tokenizer fills, still with none of its work
    /// around it.
    pub fn with_user_dictionary(config: &TokenizerConfig, catalog: &Catalog) -> Result<Self> {
        Ok(RawSegmenter {
            segmenter: Tokenizer::new(config, catalog)?.segmenter,
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
    fn tokens_of_one_word_share_its_lexeme() {
        let token = |surface: &str, base: &str| {
            Token::new(
                surface.into(),
                "動詞,自立".into(),
                base.into(),
                "ツカウ".into(),
                0..surface.len(),
            )
        };
        let (a, b) = (token("使う", "使う"), token("使い", "使う"));
        assert_eq!(a.base(), "使う");
        assert_eq!(b.base(), "使う");
        assert_eq!(
            (a.pos().as_str(), a.reading().as_str()),
            ("動詞,自立", "ツカウ")
        );
        // A base form that is the surface is the surface's own.
        assert!(a.lexeme.base.is_none());
        assert!(std::ptr::eq(a.lexeme, token("使う", "使う").lexeme));
        assert!(!std::ptr::eq(a.lexeme, b.lexeme));
        assert_eq!(std::mem::size_of::<Token>(), 40);
    }

    #[test]
    fn a_text_is_interned_once_across_threads() {
        let here = Sym::from("インターネットゲートウェイ");
        let there = std::thread::spawn(|| Sym::from("インターネットゲートウェイ"))
            .join()
            .unwrap();
        assert!(std::ptr::eq(here.0, there.0), "one text, one pointer");
        assert_eq!(here, there);
        assert_ne!(here, Sym::from("インターネット"));
        assert_eq!(std::mem::size_of::<Sym>(), 8);
        // Ordered and hashed as its text.
        let mut syms = vec![Sym::from("b"), Sym::from("a"), Sym::from("")];
        syms.sort();
        assert_eq!(syms, [Sym::default(), Sym::from("a"), Sym::from("b")]);
        let hash = |v: &dyn Fn(&mut std::collections::hash_map::DefaultHasher)| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            v(&mut hasher);
            std::hash::Hasher::finish(&hasher)
        };
        use std::hash::Hash;
        assert_eq!(
            hash(&|h| here.hash(h)),
            hash(&|h| "インターネットゲートウェイ".hash(h))
        );
    }

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
