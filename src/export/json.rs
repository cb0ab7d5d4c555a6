//! The JSON dump of the whole graph: `{"format", "concepts": [...], "facts": [...]}`.
//! Concepts are `{id, name, kind, category}`; facts are the triples with their
//! provenance (`source`, `line`, `context`, `rule`), list data (`announced`,
//! `group`) and the ids of their subject and object concepts.

use std::io::Write;

use crate::graph::{Concept, ConceptGraph, GraphFact};

#[derive(serde::Serialize)]
struct Dump<'a> {
    format: &'static str,
    concepts: Vec<ConceptEntry<'a>>,
    facts: Vec<FactEntry<'a>>,
}

#[derive(serde::Serialize)]
struct ConceptEntry<'a> {
    id: usize,
    #[serde(flatten)]
    concept: &'a Concept,
}

#[derive(serde::Serialize)]
struct FactEntry<'a> {
    #[serde(flatten)]
    fact: &'a GraphFact,
    subject_id: usize,
    object_id: usize,
}

/// The format tag written into every dump.
pub const FORMAT: &str = "kioku-graph/1";

/// Writes the dump, pretty-printed.
pub fn write(graph: &ConceptGraph, out: &mut dyn Write) -> std::io::Result<()> {
    let dump = Dump {
        format: FORMAT,
        concepts: graph
            .graph
            .node_indices()
            .map(|i| ConceptEntry {
                id: i.index(),
                concept: &graph.graph[i],
            })
            .collect(),
        facts: graph
            .facts
            .iter()
            .map(|f| FactEntry {
                fact: f,
                subject_id: f.subject_node.index(),
                object_id: f.object_node.index(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &dump)?;
    out.write_all(b"\n")
}
