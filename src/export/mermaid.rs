//! The concept map as a Mermaid flowchart (`kioku graph --format mermaid`):
//! the same concepts and edges as the DOT map, for Markdown that renders
//! Mermaid.

use std::io::Write;

use crate::extract::FactKind;
use crate::graph::{ConceptGraph, NodeKind};

/// Escapes a label for a Mermaid node or edge (quotes become `#quot;`).
fn label(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '"' => "#quot;".to_string(),
            '\n' | '\r' => " ".to_string(),
            '<' => "#lt;".to_string(),
            '>' => "#gt;".to_string(),
            '|' => "#124;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Writes relations, comparisons and lists between concepts.
pub fn write(graph: &ConceptGraph, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "flowchart LR")?;
    let mut shown = std::collections::BTreeSet::new();
    let mut lines = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for fact in &graph.facts {
        let (s, o) = (fact.subject_node, fact.object_node);
        let concepts =
            graph.graph[s].kind != NodeKind::Literal && graph.graph[o].kind != NodeKind::Literal;
        let arrow = match fact.fact.kind {
            FactKind::Relation if concepts => format!("-- \"{}\" -->", label(&fact.fact.predicate)),
            FactKind::Enumeration if concepts => "-.->".to_string(),
            _ => continue,
        };
        if seen.insert((s, o)) {
            lines.push(format!("  n{} {arrow} n{}", s.index(), o.index()));
            shown.extend([s, o]);
        }
    }
    for node in shown {
        writeln!(
            out,
            "  n{}[\"{}\"]",
            node.index(),
            label(&graph.graph[node].name)
        )?;
    }
    for line in lines {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
