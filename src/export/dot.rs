//! The concept map in Graphviz DOT: concepts as nodes (shape and colour by
//! kind), relations as labelled edges, lists as thin edges from their topic,
//! compared concepts joined by dashed edges, services clustered by catalog
//! category, a legend, and a CJK font on graph, nodes and edges.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use petgraph::graph::NodeIndex;

use super::ExportOptions;
use crate::extract::FactKind;
use crate::graph::{ConceptGraph, NodeKind};

/// The font every label uses, so Japanese renders.
const FONT: &str = "Noto Sans CJK JP";

/// Quotes and escapes a DOT string: backslashes, quotes and line breaks.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Shortens long labels so the map stays legible.
fn short_label(text: &str) -> String {
    const MAX: usize = 24;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX - 1).collect::<String>())
    }
}

fn style(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Service => {
            "shape=box, style=\"rounded,filled\", fillcolor=\"#dbeafe\", color=\"#1d4ed8\""
        }
        NodeKind::Feature => {
            "shape=box, style=\"filled\", fillcolor=\"#dcfce7\", color=\"#15803d\""
        }
        NodeKind::Concept => {
            "shape=ellipse, style=\"filled\", fillcolor=\"#fef9c3\", color=\"#a16207\""
        }
        NodeKind::Term => {
            "shape=ellipse, style=\"filled\", fillcolor=\"#f3f4f6\", color=\"#6b7280\""
        }
        NodeKind::Topic => "shape=note, style=\"filled\", fillcolor=\"#ffe4e6\", color=\"#be123c\"",
        NodeKind::Literal => "shape=plaintext",
    }
}

/// Writes the map.
pub fn write(
    graph: &ConceptGraph,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut shown: BTreeSet<NodeIndex> = BTreeSet::new();
    let mut edges: Vec<String> = Vec::new();
    let mut compared: BTreeMap<usize, Vec<NodeIndex>> = BTreeMap::new();
    let mut seen_edges = BTreeSet::new();
    for fact in &graph.facts {
        let (s, o) = (fact.subject_node, fact.object_node);
        match fact.fact.kind {
            FactKind::Relation if seen_edges.insert((s, o, fact.fact.predicate.clone())) => {
                edges.push(format!(
                    "  n{} -> n{} [label={}];",
                    s.index(),
                    o.index(),
                    quote(&short_label(&fact.fact.predicate))
                ));
                shown.extend([s, o]);
            }
            FactKind::Enumeration if seen_edges.insert((s, o, String::new())) => {
                edges.push(format!(
                    "  n{} -> n{} [color=\"#9ca3af\", arrowsize=0.6];",
                    s.index(),
                    o.index()
                ));
                shown.extend([s, o]);
            }
            FactKind::Comparison => compared.entry(fact.fact.group).or_default().push(s),
            _ => {}
        }
    }
    for entities in compared.values() {
        let unique: BTreeSet<NodeIndex> = entities.iter().copied().collect();
        let unique: Vec<NodeIndex> = unique.into_iter().collect();
        for pair in unique.windows(2) {
            edges.push(format!(
                "  n{} -> n{} [dir=both, style=dashed, color=\"#7c3aed\", label=\"比較\"];",
                pair[0].index(),
                pair[1].index()
            ));
            shown.extend([pair[0], pair[1]]);
        }
    }

    writeln!(out, "digraph kioku {{")?;
    writeln!(
        out,
        "  graph [fontname={}, label={}, labelloc=t, rankdir=LR, newrank=true, overlap=false, splines=true, nodesep=0.3, ranksep=0.6];",
        quote(FONT),
        quote(&format!("kioku: {}", options.stem))
    )?;
    writeln!(out, "  node [fontname={}, fontsize=11];", quote(FONT))?;
    writeln!(out, "  edge [fontname={}, fontsize=9];", quote(FONT))?;
    let mut by_category: BTreeMap<Option<&str>, Vec<NodeIndex>> = BTreeMap::new();
    for &index in &shown {
        by_category
            .entry(graph.graph[index].category.as_deref())
            .or_default()
            .push(index);
    }
    for (n, (category, nodes)) in by_category.iter().enumerate() {
        let indent = if category.is_some() { "    " } else { "  " };
        if let Some(category) = category {
            writeln!(out, "  subgraph cluster_{n} {{")?;
            writeln!(
                out,
                "    label={}; style=\"rounded\"; color=\"#cbd5e1\";",
                quote(category)
            )?;
        }
        for &index in nodes {
            let concept = &graph.graph[index];
            writeln!(
                out,
                "{indent}n{} [label={}, {}];",
                index.index(),
                quote(&short_label(&concept.name)),
                style(concept.kind)
            )?;
        }
        if category.is_some() {
            writeln!(out, "  }}")?;
        }
    }
    for edge in &edges {
        writeln!(out, "{edge}")?;
    }
    writeln!(out, "  subgraph cluster_legend {{")?;
    writeln!(
        out,
        "    label=\"凡例 legend\"; style=\"rounded\"; color=\"#94a3b8\";"
    )?;
    for (i, (kind, label)) in [
        (NodeKind::Service, "サービス service"),
        (NodeKind::Feature, "機能 feature"),
        (NodeKind::Concept, "概念 concept"),
        (NodeKind::Term, "用語 term"),
        (NodeKind::Topic, "トピック topic"),
    ]
    .iter()
    .enumerate()
    {
        writeln!(
            out,
            "    legend{i} [label={}, {}];",
            quote(label),
            style(*kind)
        )?;
    }
    writeln!(out, "  }}")?;
    writeln!(out, "}}")
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn labels_are_escaped() {
        assert_eq!(quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quote("x\ny"), "\"x\\ny\"");
    }
}
