//! ConceptGraph: the facts of one or more notes files as a petgraph graph.
//!
//! An [`Extraction`] goes in; a [`ConceptGraph`] comes out. Nodes are
//! concepts (services, features, terms, topics) and literal texts
//! (definitions, feature descriptions, values); every fact is one edge from its
//! subject to its object carrying the fact. A concept is one node however the
//! notes spell it: names meet through the catalog and [`catalog::key`]. Every
//! export reads this graph; the triples CSV and the JSON dump its facts in
//! order.

use petgraph::graph::{DiGraph, NodeIndex};

use crate::catalog::{self, Catalog, ConceptKind};
use crate::extract::{Extraction, Fact, FactKind};

/// What a graph node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A cloud service known to the catalog.
    Service,
    /// A named feature or component known to the catalog.
    Feature,
    /// A general concept known to the catalog (DNS, TLS).
    Concept,
    /// A term the notes define or list, unknown to the catalog.
    Term,
    /// A list's or comparison's topic.
    Topic,
    /// A piece of text: a definition, a feature, a value.
    Literal,
}

/// A graph node.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Concept {
    /// Display name: the catalog's canonical name, else the name as first written.
    pub name: String,
    /// What it stands for.
    pub kind: NodeKind,
    /// The catalog category, for known concepts.
    pub category: Option<String>,
}

/// A graph edge: the fact it carries, by index into [`ConceptGraph::facts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactEdge {
    /// Index of the fact.
    pub fact: usize,
}

/// A fact placed in the graph, with its source file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GraphFact {
    /// The fact as extracted.
    #[serde(flatten)]
    pub fact: Fact,
    /// The notes file it came from.
    pub source: String,
    /// The subject's node.
    #[serde(skip)]
    pub subject_node: NodeIndex,
    /// The object's node.
    #[serde(skip)]
    pub object_node: NodeIndex,
}

/// The concept graph.
#[derive(Debug, Clone, Default)]
pub struct ConceptGraph {
    /// Nodes and fact edges.
    pub graph: DiGraph<Concept, FactEdge>,
    /// Every fact in the order the extractions gave them.
    pub facts: Vec<GraphFact>,
    index: rustc_hash::FxHashMap<String, NodeIndex>,
}

impl ConceptGraph {
    /// Builds the graph of one extraction.
    pub fn from_extraction(extraction: &Extraction, catalog: &Catalog) -> ConceptGraph {
        let mut graph = ConceptGraph::default();
        graph.add_extraction(extraction, catalog);
        graph
    }

    /// Adds an extraction's facts; concepts already present are shared.
    pub fn add_extraction(&mut self, extraction: &Extraction, catalog: &Catalog) {
        for fact in &extraction.facts {
            let (subject_kind, object_kind) = match fact.kind {
                FactKind::Definition | FactKind::Property => (NodeKind::Term, NodeKind::Literal),
                FactKind::Abbreviation => (NodeKind::Term, NodeKind::Term),
                FactKind::Enumeration => (NodeKind::Topic, NodeKind::Term),
                FactKind::Comparison => (NodeKind::Term, NodeKind::Literal),
                FactKind::Relation => (NodeKind::Term, NodeKind::Term),
            };
            let subject_node = self.node(&fact.subject, subject_kind, catalog);
            let object_node = self.node(&fact.object, object_kind, catalog);
            let at = self.facts.len();
            self.graph
                .add_edge(subject_node, object_node, FactEdge { fact: at });
            self.facts.push(GraphFact {
                fact: fact.clone(),
                source: extraction.source.clone(),
                subject_node,
                object_node,
            });
        }
    }

    /// The node for a name, created on first sight.
    fn node(&mut self, name: &str, kind: NodeKind, catalog: &Catalog) -> NodeIndex {
        let known = (kind != NodeKind::Literal)
            .then(|| catalog.lookup_index(name))
            .flatten()
            .map(|i| (&catalog.entries()[i], i));
        let key = match (known, kind) {
            // (the catalog keeps the key of each entry's name, first of its keys)
            (Some((_, i)), _) => format!("concept:{}", catalog.keys_of(i)[0]),
            (None, NodeKind::Literal) => format!("literal:{name}"),
            (None, _) => format!("concept:{}", catalog::key(name)),
        };
        if let Some(&index) = self.index.get(&key) {
            // A topic that is also defined or related is a term.
            if self.graph[index].kind == NodeKind::Topic && kind == NodeKind::Term {
                self.graph[index].kind = NodeKind::Term;
            }
            return index;
        }
        let concept = match known {
            Some((entry, _)) => Concept {
                name: entry.name.clone(),
                kind: match entry.kind {
                    ConceptKind::Service => NodeKind::Service,
                    ConceptKind::Feature => NodeKind::Feature,
                    ConceptKind::Concept => NodeKind::Concept,
                },
                category: Some(entry.category.clone()),
            },
            None => Concept {
                name: name.to_string(),
                kind,
                category: None,
            },
        };
        let index = self.graph.add_node(concept);
        self.index.insert(key, index);
        index
    }

    /// The facts of one kind, in order.
    pub fn facts_of(&self, kind: FactKind) -> impl Iterator<Item = &GraphFact> {
        self.facts.iter().filter(move |f| f.fact.kind == kind)
    }
}
