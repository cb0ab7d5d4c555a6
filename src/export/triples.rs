//! The triples CSV: `kind,subject,predicate,object,source,line`, one row per
//! fact, in the graph's order (the contract of `../shared/gold/SCHEMA.md`).

use std::io::Write;

use crate::graph::ConceptGraph;

/// Writes the header and one row per fact.
pub fn write(graph: &ConceptGraph, out: &mut dyn Write) -> std::io::Result<()> {
    write_rows(graph, out, false)
}

/// Like [`write`], with a seventh column `rule` naming the rule behind each
/// fact (`kioku extract --explain`).
pub fn write_explained(graph: &ConceptGraph, out: &mut dyn Write) -> std::io::Result<()> {
    write_rows(graph, out, true)
}

fn write_rows(graph: &ConceptGraph, out: &mut dyn Write, explain: bool) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let header = [
        "kind",
        "subject",
        "predicate",
        "object",
        "source",
        "line",
        "rule",
    ];
    writer.write_record(&header[..if explain { 7 } else { 6 }])?;
    for fact in &graph.facts {
        let f = &fact.fact;
        let line = f.line.to_string();
        let row = [
            f.kind.as_str(),
            &neutralise(&f.subject),
            &neutralise(&f.predicate),
            &neutralise(&f.object),
            &neutralise(&fact.source),
            &line,
            f.rule,
        ];
        writer.write_record(&row[..if explain { 7 } else { 6 }])?;
    }
    writer.flush()
}

/// A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`
/// first) gets a leading apostrophe.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("S3"), "S3");
    }
}
