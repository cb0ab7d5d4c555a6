//! Extraction: facts (triples) read from the outline and its tokens.
//!
//! An [`Outline`] with its [`Tokens`] goes in; an [`Extraction`] comes out: the
//! facts in line order, each with its kind, subject, predicate, object, the
//! rule that found it and its provenance. Each rule lives in
//! `extract/<kind>.rs` and is listed once in [`RULES`]. Extraction never
//! fails: lines no rule understood are simply not facts.

pub mod abbreviation;
pub mod comparison;
pub mod concepts;
pub mod definition;
pub mod enumeration;
pub mod property;
pub mod relation;
mod text;

use crate::catalog::Catalog;
use crate::outline::{Diagnostic, NodeKind, Outline};
use crate::tokens::{NodeTokens, Tokens};

/// The kinds of fact, as named in the triples CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// 「XはYのこと」: subject `is` definition.
    Definition,
    /// 「EFS(Elastic File System)」: short `stands_for` long.
    Abbreviation,
    /// A list: topic `item` each item.
    Enumeration,
    /// Entities contrasted: entity, attribute, value.
    Comparison,
    /// A feature of a concept: concept `has` feature.
    Property,
    /// Two concepts tied by a verb: concept, verb, concept.
    Relation,
}

impl FactKind {
    /// The name used in the triples CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Definition => "definition",
            FactKind::Abbreviation => "abbreviation",
            FactKind::Enumeration => "enumeration",
            FactKind::Comparison => "comparison",
            FactKind::Property => "property",
            FactKind::Relation => "relation",
        }
    }
}

/// One extracted fact.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fact {
    /// What kind of fact.
    pub kind: FactKind,
    /// The subject as written (a term, a topic, an entity).
    pub subject: String,
    /// `is`, `stands_for`, `item`, `has`, an attribute name or a verb.
    pub predicate: String,
    /// The object as written.
    pub object: String,
    /// 1-based line where the evidence starts.
    pub line: usize,
    /// The topic path above the evidence, outermost first.
    pub context: Vec<String>,
    /// The rule that produced the fact.
    pub rule: &'static str,
    /// For enumerations, the count the prose announced («以下の7つ» → 7).
    pub announced: Option<usize>,
    /// Facts that belong together (one list, one comparison table) share a group.
    pub group: usize,
    /// The subject's reading in katakana, when the line's tokens give one.
    pub reading: Option<String>,
}

/// Everything extracted from one notes file.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Extraction {
    /// The source's file name.
    pub source: String,
    /// Facts in line order.
    pub facts: Vec<Fact>,
    /// Notes about what was noticed but not extracted (count mismatches …).
    pub diagnostics: Vec<Diagnostic>,
}

/// What every rule sees.
pub struct Input<'a> {
    /// The document structure.
    pub outline: &'a Outline,
    /// Tokens per outline node.
    pub tokens: &'a Tokens,
    /// Domain knowledge.
    pub catalog: &'a Catalog,
    /// The sentences of each node (byte ranges), split once for every rule.
    pub sentences: Vec<Vec<std::ops::Range<usize>>>,
    /// Which of the words rules key on each node holds ([`text::line_words`]),
    /// found once for every rule.
    line_words: Vec<u32>,
    /// The laid-out comparison tables, found once for the rules that skip them.
    tables: std::cell::OnceCell<Vec<comparison::Table>>,
    /// Their entities whose explanation is all table.
    compared: std::cell::OnceCell<std::collections::HashSet<usize>>,
    /// Whether each node announces a list, found once for the rules that ask.
    announces: std::cell::OnceCell<Vec<bool>>,
}

impl<'a> Input<'a> {
    /// The tokens and terms of node `index`.
    pub fn node_tokens(&self, index: usize) -> &NodeTokens {
        &self.tokens.nodes[index]
    }

    /// The node's kind.
    pub fn kind(&self, index: usize) -> NodeKind {
        self.outline.nodes[index].kind
    }

    /// The byte ranges of the sentences of node `index`.
    pub fn sentences(&self, index: usize) -> &[std::ops::Range<usize>] {
        &self.sentences[index]
    }

    /// Whether node `index` announces a list
    /// ([`enumeration::announces_list`]), found once for every node and
    /// every rule that asks.
    pub fn announces_list(&self, index: usize) -> bool {
        self.announces.get_or_init(|| {
            self.outline
                .nodes
                .iter()
                .map(|n| enumeration::announces_list(&n.text))
                .collect()
        })[index]
    }

    /// Everything a rule reads, with each node's sentences split.
    pub fn new(outline: &'a Outline, tokens: &'a Tokens, catalog: &'a Catalog) -> Input<'a> {
        let sentences = outline
            .nodes
            .iter()
            .map(|n| text::sentences(&n.text))
            .collect();
        let line_words = text::line_words(outline.nodes.iter().map(|n| n.text.as_str()));
        Input {
            outline,
            tokens,
            catalog,
            sentences,
            line_words,
            tables: Default::default(),
            compared: Default::default(),
            announces: Default::default(),
        }
    }
}

/// Collects the facts of the rules.
#[derive(Default)]
pub struct Sink {
    facts: Vec<Fact>,
    diagnostics: Vec<Diagnostic>,
    next_group: usize,
}

impl Sink {
    /// Opens a new group for facts that belong together.
    pub fn group(&mut self) -> usize {
        self.next_group += 1;
        self.next_group
    }

    /// Adds a fact found at node `index` by `rule`.
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        input: &Input,
        index: usize,
        kind: FactKind,
        subject: &str,
        predicate: &str,
        object: &str,
        rule: &'static str,
        group: usize,
    ) {
        let object = match kind {
            // 「Aと異なり、…」: the frame sets the term against A; it is no
            // part of the definition.
            FactKind::Definition => text::clean_phrase(text::without_contrast_frame(object)),
            _ => text::clean_phrase(object),
        };
        if object.is_empty() {
            return;
        }
        let first = self.facts.len();
        let line = input.outline.nodes[index].line;
        let mut add = |subject: &str| {
            if subject.is_empty() || subject == object {
                return;
            }
            self.facts.push(Fact {
                kind,
                subject: subject.to_string(),
                predicate: predicate.to_string(),
                // (object and context: below, made once for all the subjects)
                object: String::new(),
                line,
                context: Vec::new(),
                rule,
                announced: None,
                group,
                reading: reading_of(input, index, subject),
            });
        };
        match kind {
            FactKind::Definition => for_each_definition_subject(input, subject, add),
            _ => add(text::trim_phrase(subject)),
        }
        // The last fact takes the object and the context, the others copies.
        if let Some((last, others)) = self.facts[first..].split_last_mut() {
            let context: Vec<String> = input
                .outline
                .context(index)
                .into_iter()
                .map(str::to_string)
                .collect();
            for fact in others {
                fact.object = object.clone();
                fact.context = context.clone();
            }
            last.object = object;
            last.context = context;
        }
    }

    /// Sets the announced count on the facts of a group, which are the last
    /// facts pushed: a rule announces a group right after pushing it (a scan
    /// of every fact for each list made long notes quadratic).
    pub fn announce(&mut self, group: usize, count: usize) {
        for fact in self.facts.iter_mut().rev().take_while(|f| f.group == group) {
            fact.announced = Some(count);
        }
    }

    /// Records something noticed at a line.
    pub fn diagnose(&mut self, line: usize, message: String) {
        self.diagnostics.push(Diagnostic {
            line,
            message,
            warning: false,
        });
    }
}

/// The reading of a term written with kanji, from the tokens of the line
/// where it stands (「冗長化」 → ジョウチョウカ); none for kana and Latin terms.
fn reading_of(input: &Input, index: usize, term: &str) -> Option<String> {
    if !term.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
        return None;
    }
    let node = &input.outline.nodes[index];
    let tokens = &input.node_tokens(index).tokens;
    let start = text::find_short(&node.text, term)?;
    // The tokens that lie within the term (in text order: one run).
    let covered = &tokens[text::tokens_in(tokens, &(start..start + term.len()))];
    // (compared and joined without building strings; a space is one byte)
    let joined = covered.iter().flat_map(|t| t.surface.bytes());
    if !joined.eq(term.bytes().filter(|&b| b != b' '))
        || covered
            .iter()
            .any(|t| t.reading().is_empty() && !t.surface.is_ascii())
    {
        return None;
    }
    Some(
        covered
            .iter()
            .map(|t| {
                if t.reading().is_empty() {
                    t.surface.as_str()
                } else {
                    t.reading().as_str()
                }
            })
            .collect(),
    )
}

/// Calls `f` with each term a definition's subject names: 「Chef,Puppet」
/// names two; a qualifier naming a known service is dropped
/// (「Route53のヘルスチェック」 → ヘルスチェック), as notes define the term, not
/// its owner.
fn for_each_definition_subject(input: &Input, subject: &str, mut f: impl FnMut(&str)) {
    let subject = text::trim_phrase(subject);
    let parts = || {
        subject
            .split([',', '，', '、'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
    };
    let several =
        parts().nth(1).is_some() && parts().all(|p| p.chars().count() <= 30 && !p.contains('の'));
    let mut named = |part: &str| match part.split_once('の') {
        // 「Route53のヘルスチェック」 defines ヘルスチェック; 「RDSのAuto
        // Scaling」 is not the service Auto Scaling names.
        Some((owner, term))
            if input.catalog.lookup(owner).is_some()
                && term.chars().count() >= 2
                && input
                    .catalog
                    .lookup(term)
                    .is_none_or(|e| e.kind != crate::catalog::ConceptKind::Service) =>
        {
            f(term)
        }
        _ => f(part),
    };
    if several {
        parts().for_each(&mut named);
    } else {
        named(subject);
    }
}

/// An extraction rule: a name, the fact kind it yields, example lines with
/// the row they yield (`kind|subject|predicate|object`), and the function.
pub struct Rule {
    /// Unique name, also written into each fact's `rule`.
    pub name: &'static str,
    /// The kind of facts it yields.
    pub kind: FactKind,
    /// Example notes (lines separated by `\n`) and one row each must yield.
    pub examples: &'static [(&'static str, &'static str)],
    /// Runs the rule over the whole input.
    pub run: fn(&Input, &mut Sink),
}

/// Every rule, in the order they run.
pub const RULES: &[&Rule] = &[
    &abbreviation::PARENTHESISED,
    &definition::TOWA,
    &definition::NO_KOTO,
    &definition::WA_NOUN_PHRASE,
    &definition::WO_TO_IU,
    &definition::FOOTNOTE,
    &definition::HEADING_EXPLANATION,
    &definition::LABEL_VALUE,
    &definition::BRACKET_GLOSS,
    &definition::NAMING_PLAIN,
    &definition::APPOSITIVE,
    &definition::NAMED_MEANS,
    &definition::EXISTENTIAL,
    &definition::QUOTED_TOPIC,
    &definition::LIST_MEMBERS,
    &definition::FIRST_BULLET,
    &definition::CALLED,
    &definition::QUESTION,
    &enumeration::ANNOUNCED,
    &enumeration::BULLET_RUN,
    &enumeration::INLINE,
    &enumeration::NAMED_KIND,
    &enumeration::BRACKETED,
    &comparison::LAID_OUT,
    &comparison::TABLE,
    &comparison::CONTRAST,
    &comparison::PARALLEL,
    &comparison::DIFFERS_BY,
    &comparison::AGAINST,
    &comparison::DESCRIBED_PAIR,
    &comparison::UNLIKE,
    &comparison::OPPOSED,
    &comparison::PARAGRAPHS,
    &comparison::THAN,
    &comparison::LABELLED,
    &comparison::STATED_DIFFERENCE,
    &property::FEATURE_BULLETS,
    &relation::SENTENCE,
];

/// Runs every rule and orders the facts by line, then kind, keeping the
/// first of identical rows.
pub fn run(outline: &Outline, tokens: &Tokens, catalog: &Catalog) -> Extraction {
    let input = Input::new(outline, tokens, catalog);
    let mut sink = Sink::default();
    let timed = std::env::var_os("KIOKU_RULE_TIMES").is_some();
    for rule in RULES {
        let start = std::time::Instant::now();
        (rule.run)(&input, &mut sink);
        if timed {
            eprintln!(
                "{:>8.1} ms  {}",
                start.elapsed().as_secs_f64() * 1000.0,
                rule.name
            );
        }
    }
    let mut facts = sink.facts;
    // The first of identical rows is kept (rows borrowed, not copied).
    let mut seen = rustc_hash::FxHashSet::default();
    let first: Vec<bool> = facts
        .iter()
        .map(|f| {
            seen.insert((
                f.kind,
                f.subject.as_str(),
                f.predicate.as_str(),
                f.object.as_str(),
            ))
        })
        .collect();
    drop(seen);
    let mut first = first.into_iter();
    facts.retain(|_| first.next().unwrap_or(true));
    facts.sort_by_key(|f| (f.line, f.kind, f.group));
    Extraction {
        source: outline.source.clone(),
        facts,
        diagnostics: sink.diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn row(fact: &Fact) -> String {
        format!(
            "{}|{}|{}|{}",
            fact.kind.as_str(),
            fact.subject,
            fact.predicate,
            fact.object
        )
    }

    /// Every rule yields, on each of its examples, the row the example names
    /// (after the rules listed before it, whose facts it may read).
    #[test]
    fn every_rule_reads_its_examples() {
        let mut failures = Vec::new();
        for rule in RULES {
            assert!(rule.examples.len() >= 2, "{} needs two examples", rule.name);
            for (notes, expected) in rule.examples {
                let name = if notes.starts_with('#') || notes.starts_with('|') {
                    "example.md"
                } else {
                    "example.txt"
                };
                let processed = testing::process(name, notes);
                let input = Input::new(
                    &processed.outline,
                    &processed.tokens,
                    &testing::pipeline().catalog,
                );
                // The rules before it run too: a rule may read their facts.
                let mut sink = Sink::default();
                for earlier in RULES.iter().take_while(|r| r.name != rule.name) {
                    (earlier.run)(&input, &mut sink);
                }
                let before = sink.facts.len();
                (rule.run)(&input, &mut sink);
                sink.facts.drain(..before);
                let rows: Vec<String> = sink.facts.iter().map(row).collect();
                if !rows.iter().any(|r| r == expected) {
                    failures.push(format!(
                        "{}: {notes:?}\n  expected {expected}\n  got {rows:?}",
                        rule.name
                    ));
                }
                assert!(
                    sink.facts.iter().all(|f| f.kind == rule.kind),
                    "{} yields other kinds",
                    rule.name
                );
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }
}
