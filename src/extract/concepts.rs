//! The concepts of one document: catalog entries it mentions and the terms it
//! defines, each under one display name, and their mentions in a line.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::{Fact, FactKind, Input};
use crate::catalog::{self, ConceptKind};
use crate::tokens::{NodeTokens, Term};

/// A concept mentioned in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention<'l> {
    /// The concept's display name in this document (the lexicon's, or the
    /// line's words).
    pub name: &'l str,
    /// Tokens of the mention (the matched part of its term).
    pub token_range: std::ops::Range<usize>,
    /// The end of the whole term the mention starts (「VPC上」 for VPC).
    pub term_end: usize,
    /// Whether the catalog files it as a general concept (DNS, URL) rather
    /// than a service, a feature, or a term the notes define.
    pub generic: bool,
    /// Whether the concept is a catalog entry (a known service, feature or
    /// concept) rather than a term only these notes define or compound.
    pub known: bool,
}

/// Whether a defined term reads as a technical term rather than an ordinary
/// word: Latin letters in it, or five characters and more.
fn is_technical(term: &str) -> bool {
    term.chars().any(|c| c.is_ascii_alphabetic()) || term.chars().count() >= 5
}

/// Whether a compound's first word counts or qualifies what follows rather
/// than naming it: a number (「数百万IOPS」) or a prefix (「各リージョン」).
/// Such a compound is a quantity or a selection of a concept, no concept of
/// its own.
fn counts_or_qualifies(first: &crate::tokens::Token) -> bool {
    first.pos().starts_with("名詞,数") || first.pos().starts_with("接頭詞")
}

/// The document's concept names.
pub struct Lexicon<'a> {
    /// Comparison key (the catalog's, or one of a term the notes define) →
    /// index into `concepts`.
    names: FxHashMap<Cow<'a, str>, usize>,
    /// (display name, generic, from the catalog) of each concept.
    concepts: Vec<(String, bool, bool)>,
    /// The catalog, which knows its hubs (IPアドレス, URL), never concepts of a relation.
    catalog: &'a catalog::Catalog,
    /// Text → its concept in `concepts` (or none), filled as texts are looked up.
    resolved: std::cell::RefCell<FxHashMap<Box<str>, Option<usize>>>,
    /// The leading parts of terms looked up so far.
    parts: std::cell::RefCell<Parts>,
    /// The keys of the parts of the term looked up last.
    keys: std::cell::RefCell<PartKeys>,
}

/// The leading parts of terms looked up so far.
#[derive(Default)]
struct Parts {
    /// A term → where its parts stand in `looked`. A term is keyed by its
    /// interned text, which hashes and compares without reading a byte of
    /// it, and found once for all its parts.
    runs: FxHashMap<Interned, std::ops::Range<usize>>,
    /// Each part, as its length in bytes and its concept in [`Lexicon`]'s
    /// `concepts` (or none): a term's parts in one run.
    looked: Vec<(usize, Option<usize>)>,
}

/// The comparison keys ([`catalog::key`]) of the leading parts of a term,
/// folded once for all of them. A term of ASCII, kana and common kanji folds
/// one character at a time: a part's key is then the start of the term's
/// folded text, less a leading `amazon` / `aws`.
#[derive(Default)]
struct PartKeys {
    /// The term folded last, and whether it folds one character at a time.
    term: Option<(Interned, bool)>,
    /// Its folded text.
    folded: String,
    /// The characters folding drops (spaces, `・`): the byte each ends at
    /// in the term, and how many bytes are dropped up to there.
    dropped: Vec<(usize, usize)>,
}

impl PartKeys {
    /// The key of the first `length` bytes of a term's text (`length` at a
    /// character boundary), or none when the text has a character that does
    /// not fold alone.
    fn key(&mut self, text: &'static str, length: usize) -> Option<&str> {
        let plain = match self.term {
            Some((folded, plain)) if folded == Interned(text) => plain,
            _ => {
                let plain = self.fold(text);
                self.term = Some((Interned(text), plain));
                plain
            }
        };
        if !plain {
            return None;
        }
        // (Every character kept folds to as many bytes as it has.)
        let dropped = self
            .dropped
            .iter()
            .take_while(|(end, _)| *end <= length)
            .last()
            .map_or(0, |(_, bytes)| *bytes);
        let folded = &self.folded[..length - dropped];
        // (as `catalog::key` strips them)
        for prefix in ["amazon", "aws"] {
            if folded.len() > prefix.len() && folded.starts_with(prefix) {
                return Some(&folded[prefix.len()..]);
            }
        }
        Some(folded)
    }

    /// Folds a text as [`catalog::key`] folds NFKC-stable characters:
    /// whether all of its characters are.
    fn fold(&mut self, text: &str) -> bool {
        self.folded.clear();
        self.dropped.clear();
        let mut dropped = 0;
        for (at, c) in text.char_indices() {
            if c.is_ascii() {
                if !c.is_whitespace() {
                    self.folded.push(c.to_ascii_lowercase());
                    continue;
                }
            } else if !crate::source::is_nfkc_stable(c) {
                return false;
            } else if c != '・' {
                self.folded.push(c);
                continue;
            }
            dropped += c.len_utf8();
            self.dropped.push((at + c.len_utf8(), dropped));
        }
        true
    }
}

/// A term's interned text ([`crate::tokens::Sym`]), hashed and compared by
/// its address: interning keeps one copy of each text, so equal texts share
/// an address (and a text seen at two would only be looked up twice).
#[derive(Clone, Copy)]
struct Interned(&'static str);

impl PartialEq for Interned {
    fn eq(&self, other: &Interned) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Interned {}

impl std::hash::Hash for Interned {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.as_ptr().hash(state);
    }
}

impl<'a> Lexicon<'a> {
    /// Collects the catalog concepts the document mentions (named as the notes
    /// name them most often) and the terms its facts define or abbreviate.
    pub fn build(input: &Input<'a>, facts: &[Fact]) -> Lexicon<'a> {
        // Catalog entry (by index) → surface → count.
        let mut surfaces: FxHashMap<usize, FxHashMap<&str, usize>> = FxHashMap::default();
        // Each distinct term is looked up once.
        let mut term_counts: FxHashMap<Interned, usize> = FxHashMap::default();
        for node in &input.tokens.nodes {
            for term in &node.terms {
                *term_counts.entry(Interned(term.text.as_str())).or_default() += 1;
            }
        }
        // (Every term the rules ask about is one of these.)
        let terms = term_counts.len();
        for (Interned(text), count) in term_counts {
            if let Some(entry) = input.catalog.lookup_index(text) {
                *surfaces.entry(entry).or_default().entry(text).or_default() += count;
            }
        }
        let mut names: FxHashMap<Cow<'a, str>, usize> = FxHashMap::default();
        let mut concepts: Vec<(String, bool, bool)> = Vec::new();
        for (index, entry) in input.catalog.entries().iter().enumerate() {
            let Some(seen) = surfaces.get(&index) else {
                continue;
            };
            if entry.hub {
                continue;
            }
            // The most used spelling; among equals the longest, then the first in order.
            let mut ranked: Vec<(&&str, &usize)> = seen.iter().collect();
            ranked.sort_by(|a, b| {
                b.1.cmp(a.1)
                    .then(b.0.chars().count().cmp(&a.0.chars().count()))
                    .then(a.0.cmp(b.0))
            });
            concepts.push((
                ranked[0].0.to_string(),
                entry.kind == ConceptKind::Concept,
                true,
            ));
            let concept = concepts.len() - 1;
            // (The catalog keeps its names' keys; the spellings seen were
            // found by them.)
            for key in input.catalog.keys_of(index) {
                names.entry(Cow::Borrowed(key)).or_insert(concept);
            }
        }
        for fact in facts {
            match fact.kind {
                // Terms defined by a sentence (not glossed in brackets, which
                // also translates ordinary words), long enough to be technical.
                FactKind::Definition
                    if fact.rule != super::definition::BRACKET_GLOSS.name
                        && is_technical(&fact.subject) =>
                {
                    names
                        .entry(catalog::key(&fact.subject).into())
                        .or_insert_with(|| {
                            concepts.push((fact.subject.clone(), false, false));
                            concepts.len() - 1
                        });
                }
                FactKind::Abbreviation => {
                    let (subject, object) =
                        (catalog::key(&fact.subject), catalog::key(&fact.object));
                    let concept = match names
                        .get(subject.as_str())
                        .or_else(|| names.get(object.as_str()))
                    {
                        Some(&concept) => concept,
                        None => {
                            concepts.push((fact.subject.clone(), false, false));
                            concepts.len() - 1
                        }
                    };
                    names.entry(subject.into()).or_insert(concept);
                    names.entry(object.into()).or_insert(concept);
                }
                _ => {}
            }
        }
        Lexicon {
            names,
            concepts,
            catalog: input.catalog,
            resolved: Default::default(),
            parts: std::cell::RefCell::new(Parts {
                runs: FxHashMap::with_capacity_and_hasher(terms, Default::default()),
                looked: Vec::new(),
            }),
            keys: Default::default(),
        }
    }

    /// The display name of a name, if it is a concept of this document.
    pub fn resolve(&self, name: &str) -> Option<(&str, bool, bool)> {
        // Notes repeat their terms: each text is keyed and looked up once.
        let found = {
            let mut resolved = self.resolved.borrow_mut();
            match resolved.get(name) {
                Some(found) => *found,
                None => {
                    let found = self.lookup(name);
                    resolved.insert(name.into(), found);
                    found
                }
            }
        };
        found.map(|i| self.concept(i))
    }

    /// The concept a kind's short name stands for: the one concept of the
    /// document whose name starts with it and goes on (「ゲートウェイ型」
    /// for 「ゲートウェイ型エンドポイント」). Short names of two characters
    /// or fewer stand for nothing.
    pub fn shortened(&self, short: &str) -> Option<(&str, bool, bool)> {
        let short = catalog::key(short);
        if short.chars().count() < 3 {
            return None;
        }
        let mut found: Option<usize> = None;
        for (index, (name, _, _)) in self.concepts.iter().enumerate() {
            let key = catalog::key(name);
            if key.len() > short.len() && key.starts_with(short.as_str()) {
                if found.is_some_and(|f| self.concepts[f].0 != *name) {
                    return None;
                }
                found = Some(index);
            }
        }
        found.map(|index| self.concept(index))
    }

    /// Where a name's concept stands in `concepts`.
    fn lookup(&self, name: &str) -> Option<usize> {
        self.names.get(catalog::key(name).as_str()).copied()
    }

    /// Where the concept of a term's leading `length` bytes stands in
    /// `concepts`, `run` holding where the term's parts looked up before
    /// stand in `looked`.
    fn part(
        &self,
        run: &mut std::ops::Range<usize>,
        looked: &mut Vec<(usize, Option<usize>)>,
        keys: &mut PartKeys,
        term: &Term,
        length: usize,
    ) -> Option<usize> {
        if let Some(&(_, index)) = looked[run.clone()].iter().find(|(l, _)| *l == length) {
            return index;
        }
        let index = match keys.key(term.text.as_str(), length) {
            Some(key) => self.names.get(key).copied(),
            None => self.lookup(&term.text[..length]),
        };
        // (A run grows at the end of `looked`: one that ends before moves
        // there.)
        if run.end != looked.len() {
            looked.extend_from_within(run.clone());
            *run = looked.len() - run.len()..looked.len();
        }
        looked.push((length, index));
        run.end += 1;
        index
    }

    /// The display name, generic and known flags of the `index`th concept.
    fn concept(&self, index: usize) -> (&str, bool, bool) {
        let (name, generic, known) = &self.concepts[index];
        (name.as_str(), *generic, *known)
    }

    /// The concepts mentioned in a token range of a line, in order, each once:
    /// a whole term, or the longest leading part of it that names a concept
    /// (「S3バケット内」 → S3バケット, 「Lambda関数」).
    pub fn mentions<'s>(
        &'s self,
        text: &'s str,
        node: &NodeTokens,
        token_range: &std::ops::Range<usize>,
    ) -> Vec<Mention<'s>> {
        let mut found = Vec::new();
        self.mentions_into(text, node, token_range, &mut found);
        found
    }

    /// [`Lexicon::mentions`], written into `found` (cleared first).
    pub fn mentions_into<'s>(
        &'s self,
        text: &'s str,
        node: &NodeTokens,
        token_range: &std::ops::Range<usize>,
        found: &mut Vec<Mention<'s>>,
    ) {
        found.clear();
        let mut parts = self.parts.borrow_mut();
        let Parts { runs, looked } = &mut *parts;
        let mut keys = self.keys.borrow_mut();
        // (Terms come in order: those that start in the range are a run.)
        let first = node
            .terms
            .partition_point(|t| t.token_range.start < token_range.start);
        for term in node.terms[first..]
            .iter()
            .take_while(|t| t.token_range.start < token_range.end)
        {
            let range = term.token_range.clone();
            // (A leading part of the term is the start of its text, `text`
            // being the line the term was chunked from: its length names it.)
            debug_assert_eq!(&text[term.byte_range.clone()], term.text.as_str());
            let run = runs
                .entry(Interned(term.text.as_str()))
                .or_insert(looked.len()..looked.len());
            // A concept's name followed by a domain word names a part of its
            // own (「Direct Connectエンドポイント」), not the concept.
            let mut part_of_own = false;
            let mut hit = None;
            for end in (range.start + 1..=range.end).rev() {
                let length = node.tokens[end - 1].byte_range.end - term.byte_range.start;
                let Some(index) = self.part(run, looked, &mut keys, term, length) else {
                    continue;
                };
                let (name, generic, known) = self.concept(index);
                let own_tail = end < range.end
                    && node.tokens[end..range.end]
                        .iter()
                        .any(|t| t.is_domain_word() && t.surface.chars().count() >= 4);
                // A general concept followed by a loanword names a kind of
                // its own (「オンプレミスネットワーク」), not the concept.
                let kind_of_generic = generic
                    && end < range.end
                    && node.tokens[end..range.end].iter().any(|t| {
                        t.pos().starts_with("名詞")
                            && t.surface.chars().count() >= 3
                            && t.surface
                                .chars()
                                .all(|c| ('\u{30A1}'..='\u{30FC}').contains(&c))
                    });
                if own_tail || kind_of_generic {
                    part_of_own = true;
                    continue;
                }
                // A leading part must carry most of the term.
                if end == range.end
                    || term.text[..length].chars().count() * 2 >= term.text.chars().count()
                {
                    hit = Some((name, generic, known, range.start..end));
                    break;
                }
            }
            // A domain word, or a compound built on one, names a concept of its
            // own (プライベートサブネット, Auto Scalingグループ).
            let hit = hit.or_else(|| {
                part_of_own.then(|| {
                    let tokens = &node.tokens[range.clone()];
                    let name =
                        &text[tokens[0].byte_range.start..tokens[tokens.len() - 1].byte_range.end];
                    (name, true, false, range.clone())
                })
            });
            let hit = hit.or_else(|| {
                // (Most terms hold no proper noun of the domain: that is
                // asked first, of the whole term, as no suffix is one.)
                if counts_or_qualifies(&node.tokens[range.start])
                    || !node.tokens[range.clone()].iter().any(|t| {
                        t.pos().starts_with("名詞,固有名詞")
                            && t.is_domain_word()
                            && !self.catalog.is_hub_key(&catalog::key(&t.surface))
                    })
                {
                    return None;
                }
                // Without trailing suffixes (「サブネット内」 → サブネット).
                let mut end = range.end;
                while end > range.start + 1 && node.tokens[end - 1].pos().starts_with("名詞,接尾")
                {
                    end -= 1;
                }
                let tokens = &node.tokens[range.start..end];
                let name =
                    &text[tokens[0].byte_range.start..tokens[tokens.len() - 1].byte_range.end];
                let loanword = name
                    .chars()
                    .any(|c| c.is_ascii_alphabetic() || ('\u{30A1}'..='\u{30FA}').contains(&c));
                (loanword
                    && name.chars().count() >= 4
                    && !self.catalog.is_hub_key(&catalog::key(name)))
                .then_some((name, true, false, range.start..end))
            });
            if let Some((name, generic, known, token_range)) = hit
                && !found.iter().any(|m| m.name == name)
            {
                // A quoted term's particle follows the closing quote: 「X」を.
                let mut term_end = range.end;
                if node
                    .tokens
                    .get(term_end)
                    .is_some_and(|t| matches!(t.surface.as_str(), "」" | "』"))
                {
                    term_end += 1;
                }
                // A bracket right after the term glosses it: 「S3(ストレージ)、…」.
                if node.tokens.get(term_end).is_some_and(|t| t.surface == "(")
                    && let Some(close) = node.tokens[term_end..]
                        .iter()
                        .position(|t| t.surface == ")")
                {
                    term_end += close + 1;
                }
                found.push(Mention {
                    name,
                    token_range,
                    term_end,
                    generic,
                    known,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every leading part of every term of the sample notes, at every token
    /// boundary, resolves through the term's interned text and the part's
    /// length (parts shared by all the term's occurrences) as through the
    /// part's own text in its line.
    #[test]
    fn term_parts_resolve_as_their_texts() {
        let notes = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/notes/aws-saa.txt"
        ))
        .expect("the sample notes");
        let processed = crate::testing::process("aws-saa.txt", &notes);
        let catalog = &crate::testing::pipeline().catalog;
        let input = Input::new(&processed.outline, &processed.tokens, catalog);
        let lexicon = Lexicon::build(&input, &processed.extraction.facts);
        let mut parts = lexicon.parts.borrow_mut();
        let Parts { runs, looked } = &mut *parts;
        let mut keys = PartKeys::default();
        let mut resolving = 0;
        for (node, tokens) in processed.outline.nodes.iter().zip(&processed.tokens.nodes) {
            for term in &tokens.terms {
                let run = runs
                    .entry(Interned(term.text.as_str()))
                    .or_insert(looked.len()..looked.len());
                for end in term.token_range.start + 1..=term.token_range.end {
                    let start = tokens.tokens[term.token_range.start].byte_range.start;
                    let part = &node.text[start..tokens.tokens[end - 1].byte_range.end];
                    let found = lexicon.part(run, looked, &mut keys, term, part.len());
                    assert_eq!(found, lexicon.lookup(part), "{part} in {}", node.text);
                    resolving += usize::from(found.is_some());
                }
            }
        }
        assert!(resolving > 100, "{resolving}");
    }

    /// Every leading part of a text keys as [`catalog::key`] keys it, when
    /// the text folds one character at a time; else the key is left to it.
    #[test]
    fn part_keys_are_catalog_keys() {
        let alphabet = [
            'A', 'w', 's', 'm', 'z', 'o', 'n', ' ', '・', 'ア', '３', 'é',
        ];
        let mut keys = PartKeys::default();
        for text in crate::testing::sample_lines_and_texts_over(&alphabet, 4) {
            let text = crate::tokens::Sym::from(text.as_str()).as_str();
            let plain = text
                .chars()
                .all(|c| c.is_ascii() || crate::source::is_nfkc_stable(c));
            for (length, _) in text.char_indices().skip(1).chain([(text.len(), ' ')]) {
                match keys.key(text, length) {
                    Some(key) => assert_eq!(key, catalog::key(&text[..length]), "{text:?}"),
                    None => assert!(!plain, "{text:?}"),
                }
            }
        }
    }
}
