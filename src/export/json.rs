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

/// A concept with its id first. (Its fields are listed by hand rather than
/// flattened: serde serialises a flattened struct as a map, entry by entry,
/// at twice the cost; `entries_are_the_flattened_structs` holds the two
/// equal.)
struct ConceptEntry<'a> {
    id: usize,
    concept: &'a Concept,
}

impl serde::Serialize for ConceptEntry<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let Concept {
            name,
            kind,
            category,
        } = self.concept;
        let mut entry = serializer.serialize_struct("ConceptEntry", 4)?;
        entry.serialize_field("id", &self.id)?;
        entry.serialize_field("name", name)?;
        entry.serialize_field("kind", kind)?;
        entry.serialize_field("category", category)?;
        entry.end()
    }
}

/// A fact with its source and the ids of its two concepts (fields listed as
/// in [`ConceptEntry`]).
struct FactEntry<'a> {
    fact: &'a GraphFact,
    subject_id: usize,
    object_id: usize,
}

impl serde::Serialize for FactEntry<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // (destructured, so that a new field cannot be left out unnoticed)
        let GraphFact {
            fact,
            source,
            subject_node: _,
            object_node: _,
        } = self.fact;
        let crate::extract::Fact {
            kind,
            subject,
            predicate,
            object,
            line,
            context,
            rule,
            announced,
            group,
            reading,
        } = fact;
        let mut entry = serializer.serialize_struct("FactEntry", 13)?;
        entry.serialize_field("kind", kind)?;
        entry.serialize_field("subject", subject)?;
        entry.serialize_field("predicate", predicate)?;
        entry.serialize_field("object", object)?;
        entry.serialize_field("line", line)?;
        entry.serialize_field("context", context)?;
        entry.serialize_field("rule", rule)?;
        entry.serialize_field("announced", announced)?;
        entry.serialize_field("group", group)?;
        entry.serialize_field("reading", reading)?;
        entry.serialize_field("source", source)?;
        entry.serialize_field("subject_id", &self.subject_id)?;
        entry.serialize_field("object_id", &self.object_id)?;
        entry.end()
    }
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
    // Into a buffer of its own: serde_json writes in small pieces, each a
    // call through `out` otherwise.
    let mut bytes = serde_json::to_vec_pretty(&dump)?;
    bytes.push(b'\n');
    out.write_all(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct FlatConcept<'a> {
        id: usize,
        #[serde(flatten)]
        concept: &'a Concept,
    }

    #[derive(serde::Serialize)]
    struct FlatFact<'a> {
        #[serde(flatten)]
        fact: &'a GraphFact,
        subject_id: usize,
        object_id: usize,
    }

    /// The hand-listed entries write what the flattened structs wrote.
    #[test]
    fn entries_are_the_flattened_structs() {
        let notes = std::fs::read_to_string("data/notes/aws-saa.txt").unwrap();
        let processed = crate::testing::process("aws-saa.txt", &notes);
        let graph = ConceptGraph::from_extraction(
            &processed.extraction,
            &crate::testing::pipeline().catalog,
        );
        assert!(graph.facts.len() > 100);
        for i in graph.graph.node_indices() {
            let concept = &graph.graph[i];
            let ours = ConceptEntry {
                id: i.index(),
                concept,
            };
            let flat = FlatConcept {
                id: i.index(),
                concept,
            };
            assert_eq!(
                serde_json::to_string_pretty(&ours).unwrap(),
                serde_json::to_string_pretty(&flat).unwrap()
            );
        }
        for fact in &graph.facts {
            let (subject_id, object_id) = (fact.subject_node.index(), fact.object_node.index());
            let ours = FactEntry {
                fact,
                subject_id,
                object_id,
            };
            let flat = FlatFact {
                fact,
                subject_id,
                object_id,
            };
            assert_eq!(
                serde_json::to_string_pretty(&ours).unwrap(),
                serde_json::to_string_pretty(&flat).unwrap()
            );
        }
    }
}
