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

/// Verbs too light to label an edge: する "do", できる "can", ある "be",
/// なる "become", いる "be", 行う "carry out".
const LIGHT_VERBS: &[&str] = &["する", "できる", "ある", "なる", "いる", "行う"];

/// How an edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EdgeStyle {
    /// A relation, labelled with its verb.
    Relation,
    /// A list's topic to an item.
    Item,
    /// Two compared concepts.
    Compared,
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

/// The most concepts a map shows; the rest stay in the JSON. Beyond about a
/// hundred densely linked nodes a map stops being readable (and `dot` slow).
pub const MAX_NODES: usize = 90;

/// Writes the map: relations between concepts, compared concepts, and lists
/// whose topic and items are all known concepts; the best linked concepts
/// first, at most [`MAX_NODES`] of them.
pub fn write(
    graph: &ConceptGraph,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let is_concept = |n: NodeIndex| graph.graph[n].kind != NodeKind::Literal;
    let is_known = |n: NodeIndex| {
        matches!(
            graph.graph[n].kind,
            NodeKind::Service | NodeKind::Feature | NodeKind::Concept
        )
    };
    // (from, to) → (label, style); one edge per pair, the first label kept.
    let mut edges: BTreeMap<(NodeIndex, NodeIndex), (String, EdgeStyle)> = BTreeMap::new();
    let mut compared: BTreeMap<usize, BTreeSet<NodeIndex>> = BTreeMap::new();
    for fact in &graph.facts {
        let (s, o) = (fact.subject_node, fact.object_node);
        if s == o {
            continue;
        }
        match fact.fact.kind {
            FactKind::Relation
                if is_concept(s) && is_concept(o) && !edges.contains_key(&(o, s)) =>
            {
                let verb = &fact.fact.predicate;
                let label = if LIGHT_VERBS.contains(&verb.as_str()) {
                    String::new()
                } else {
                    short_label(verb)
                };
                edges.entry((s, o)).or_insert((label, EdgeStyle::Relation));
            }
            FactKind::Enumeration if is_known(s) && is_known(o) => {
                edges
                    .entry((s, o))
                    .or_insert((String::new(), EdgeStyle::Item));
            }
            FactKind::Comparison if is_concept(s) => {
                compared.entry(fact.fact.group).or_default().insert(s);
            }
            _ => {}
        }
    }
    for entities in compared.values() {
        let entities: Vec<NodeIndex> = entities.iter().copied().collect();
        for pair in entities.windows(2) {
            edges
                .entry((pair[0], pair[1]))
                .or_insert(("比較".to_string(), EdgeStyle::Compared));
        }
    }
    // Keep the best linked concepts.
    let mut degree: BTreeMap<NodeIndex, usize> = BTreeMap::new();
    for &(s, o) in edges.keys() {
        *degree.entry(s).or_default() += 1;
        *degree.entry(o).or_default() += 1;
    }
    let mut ranked: Vec<(NodeIndex, usize)> = degree.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let n_concepts = ranked.len();
    let shown: BTreeSet<NodeIndex> = ranked.into_iter().take(MAX_NODES).map(|(n, _)| n).collect();
    edges.retain(|(s, o), _| shown.contains(s) && shown.contains(o));
    let shown: BTreeSet<NodeIndex> = edges.keys().flat_map(|&(s, o)| [s, o]).collect();
    let title = if n_concepts > shown.len() {
        format!(
            "kioku: {} ({} of {} linked concepts; all in {}.json)",
            options.stem,
            shown.len(),
            n_concepts,
            options.stem
        )
    } else {
        format!("kioku: {}", options.stem)
    };

    writeln!(out, "digraph kioku {{")?;
    writeln!(
        out,
        "  graph [fontname={}, label={}, labelloc=t, rankdir=LR, newrank=true, overlap=false, splines=true, nodesep=0.3, ranksep=0.6];",
        quote(FONT),
        quote(&title)
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
    for ((s, o), (label, style)) in &edges {
        let attributes = match style {
            EdgeStyle::Relation => format!("label={}", quote(label)),
            EdgeStyle::Item => "color=\"#9ca3af\", arrowsize=0.6".to_string(),
            EdgeStyle::Compared => {
                "dir=both, style=dashed, color=\"#7c3aed\", label=\"比較\"".to_string()
            }
        };
        writeln!(out, "  n{} -> n{} [{attributes}];", s.index(), o.index())?;
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
