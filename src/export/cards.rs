//! Cards: the Anki notes of a graph, before any packaging.
//!
//! The graph goes in; [`CardNote`]s come out, each with its note type, HTML
//! fields (note text escaped), deck, tags and a stable GUID. The `.apkg` and the
//! Anki CSV are both written from this one list, so they always agree.

use std::collections::{BTreeMap, HashMap};

use sha2::{Digest, Sha256};

use super::{ExportOptions, escape_html};
use crate::catalog;
use crate::extract::FactKind;
use crate::graph::{ConceptGraph, GraphFact};

/// kioku's note types. Their names, fields and templates are frozen once
/// released: Anki re-adds a note type whose fields change, and old notes
/// stop updating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoteType {
    /// A term and its definition, asked both ways.
    Term,
    /// A list, one cloze per item.
    Cloze,
    /// One cell of a comparison table, asked with the table around it.
    Comparison,
}

impl NoteType {
    /// The note type's name in Anki.
    pub fn name(self) -> &'static str {
        match self {
            NoteType::Term => "Term (kioku)",
            NoteType::Cloze => "Cloze (kioku)",
            NoteType::Comparison => "Comparison (kioku)",
        }
    }

    /// The field names, in order.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            NoteType::Term => &["Term", "Reading", "Definition", "Context", "Source"],
            NoteType::Cloze => &["Text", "Back Extra", "Context", "Source"],
            NoteType::Comparison => &[
                "Title",
                "Entity",
                "Attribute",
                "Value",
                "Question Table",
                "Answer Table",
                "Context",
                "Source",
            ],
        }
    }

    /// A fixed ID derived from the name (never random), hashed once per run.
    pub fn id(self) -> i64 {
        static IDS: std::sync::OnceLock<[i64; 3]> = std::sync::OnceLock::new();
        let ids = IDS.get_or_init(|| {
            [NoteType::Term, NoteType::Cloze, NoteType::Comparison].map(|t| stable_id(t.name()))
        });
        ids[self as usize]
    }
}

/// One Anki note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardNote {
    /// Its note type.
    pub note_type: NoteType,
    /// Field values (HTML), in the note type's field order.
    pub fields: Vec<String>,
    /// The deck it goes into (`kioku::aws-saa::Route 53`).
    pub deck: String,
    /// `::`-hierarchical tags without spaces.
    pub tags: Vec<String>,
    /// Stable GUID: from the note type and the canonical subject, never the text.
    pub guid: String,
}

/// A positive ID that fits Anki's integer columns, derived from a name.
pub fn stable_id(name: &str) -> i64 {
    stable_id_of(&[name.as_bytes()])
}

/// [`stable_id`] of the concatenation of `parts`, without building it.
pub fn stable_id_of(parts: &[&[u8]]) -> i64 {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    let digest = hasher.finalize();
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    // 2^40 ≤ id < 2^52: positive, exact in JavaScript, clear of small IDs.
    ((u64::from_be_bytes(bytes) % (1 << 52)) | (1 << 40)) as i64
}

/// A GUID from a note type and a canonical key.
fn guid(note_type: NoteType, key: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [
        b"kioku\x1f",
        note_type.name().as_bytes(),
        b"\x1f",
        key.as_bytes(),
    ] {
        hasher.update(part);
    }
    let digest = hasher.finalize();
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(20);
    for b in &digest[..10] {
        text.push(HEX[usize::from(b >> 4)] as char);
        text.push(HEX[usize::from(b & 15)] as char);
    }
    text
}

/// The notes of a graph, in a deterministic order (by first line).
pub fn notes(graph: &ConceptGraph, options: &ExportOptions) -> Vec<CardNote> {
    let fixed = Fixed::new(options);
    let mut notes = Vec::new();
    let mut keys_seen: HashMap<String, usize> = HashMap::new();
    let mut unique_key = |base: String| -> String {
        let n = keys_seen.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { base } else { format!("{base}#{n}") }
    };

    // Terms: one note per defined subject, all its definitions together.
    let mut terms: BTreeMap<usize, (String, Vec<&GraphFact>)> = BTreeMap::new();
    let mut term_at: HashMap<String, usize> = HashMap::new();
    for fact in graph
        .facts
        .iter()
        .filter(|f| matches!(f.fact.kind, FactKind::Definition | FactKind::Abbreviation))
    {
        let key = format!(
            "{}:{}",
            fact.fact.kind.as_str(),
            catalog::key(&fact.fact.subject)
        );
        let first = *term_at
            .entry(key.clone())
            .or_insert(fact.fact.line * 1000 + terms.len());
        terms
            .entry(first)
            .or_insert_with(|| (key, Vec::new()))
            .1
            .push(fact);
    }
    for (_, (key, facts)) in terms {
        let head = facts[0];
        let definition = facts
            .iter()
            .map(|f| escape_html(&f.fact.object))
            .collect::<Vec<_>>()
            .join("<br>");
        notes.push((
            head.fact.line,
            CardNote {
                note_type: NoteType::Term,
                fields: vec![
                    escape_html(&head.fact.subject),
                    String::new(),
                    definition,
                    escape_html(&head.fact.context.join(" › ")),
                    escape_html(&format!("{}:{}", head.source, head.fact.line)),
                ],
                deck: deck_name(&fixed, head),
                tags: tags(&fixed, head),
                guid: guid(NoteType::Term, &unique_key(key)),
            },
        ));
    }

    // Lists: one cloze note per enumeration group.
    let mut groups: BTreeMap<(usize, usize), Vec<&GraphFact>> = BTreeMap::new();
    for fact in graph.facts_of(FactKind::Enumeration) {
        groups
            .entry((fact.fact.line, fact.fact.group))
            .or_default()
            .push(fact);
    }
    for ((line, _), items) in groups {
        let head = items[0];
        let count = head.fact.announced.unwrap_or(items.len());
        let list: String = items
            .iter()
            .enumerate()
            .map(|(i, f)| {
                format!(
                    "<li>{{{{c{}::{}}}}}</li>",
                    i + 1,
                    escape_html(&f.fact.object)
                )
            })
            .collect();
        let text = format!(
            "<div class=\"topic\">{}（{}）</div><ol>{}</ol>",
            escape_html(&head.fact.subject),
            count,
            list
        );
        notes.push((
            line,
            CardNote {
                note_type: NoteType::Cloze,
                fields: vec![
                    text,
                    String::new(),
                    escape_html(&head.fact.context.join(" › ")),
                    escape_html(&format!("{}:{}", head.source, line)),
                ],
                deck: deck_name(&fixed, head),
                tags: tags(&fixed, head),
                guid: guid(
                    NoteType::Cloze,
                    &unique_key(format!("enumeration:{}", catalog::key(&head.fact.subject))),
                ),
            },
        ));
    }
    // Comparisons: one note per cell, the table around it.
    let mut tables: BTreeMap<(usize, usize), Vec<&GraphFact>> = BTreeMap::new();
    for fact in graph.facts_of(FactKind::Comparison) {
        tables.entry((fact.fact.group, 0)).or_default().push(fact);
    }
    for cells in tables.values() {
        let mut entities: Vec<&str> = Vec::new();
        let mut attributes: Vec<&str> = Vec::new();
        for cell in cells {
            if !entities.contains(&cell.fact.subject.as_str()) {
                entities.push(&cell.fact.subject);
            }
            if !attributes.contains(&cell.fact.predicate.as_str()) {
                attributes.push(&cell.fact.predicate);
            }
        }
        if entities.len() < 2 {
            continue;
        }
        let title = entities.join(" / ");
        let entity_keys: Vec<String> = entities.iter().map(|e| catalog::key(e)).collect();
        for cell in cells {
            let table = |masked: bool| {
                comparison_table(&entities, &attributes, cells, masked.then_some(*cell))
            };
            let key = format!(
                "comparison:{}:{}:{}",
                entity_keys.join("|"),
                catalog::key(&cell.fact.subject),
                catalog::key(&cell.fact.predicate)
            );
            notes.push((
                cell.fact.line,
                CardNote {
                    note_type: NoteType::Comparison,
                    fields: vec![
                        escape_html(&title),
                        escape_html(&cell.fact.subject),
                        escape_html(&cell.fact.predicate),
                        escape_html(&cell.fact.object),
                        table(true),
                        table(false),
                        escape_html(&cell.fact.context.join(" › ")),
                        escape_html(&format!("{}:{}", cell.source, cell.fact.line)),
                    ],
                    deck: deck_name(&fixed, cell),
                    tags: tags(&fixed, cell),
                    guid: guid(NoteType::Comparison, &unique_key(key)),
                },
            ));
        }
    }
    notes.sort_by_key(|(line, n)| (*line, n.note_type));
    notes.into_iter().map(|(_, n)| n).collect()
}

/// The HTML table of a comparison: entities as columns, attributes as rows;
/// the asked cell shown as 「？」 when `asked` is given.
fn comparison_table(
    entities: &[&str],
    attributes: &[&str],
    cells: &[&GraphFact],
    asked: Option<&GraphFact>,
) -> String {
    let mut html = String::from("<table class=\"compare\"><tr><th></th>");
    for entity in entities {
        html.push_str(&format!("<th>{}</th>", escape_html(entity)));
    }
    html.push_str("</tr>");
    for attribute in attributes {
        html.push_str(&format!("<tr><th>{}</th>", escape_html(attribute)));
        for entity in entities {
            let cell = cells
                .iter()
                .find(|c| c.fact.subject == *entity && c.fact.predicate == *attribute);
            let is_asked = match (cell, asked) {
                (Some(c), Some(a)) => std::ptr::eq(*c, a),
                _ => false,
            };
            let value = match cell {
                Some(_) if is_asked => "<span class=\"ask\">？</span>".to_string(),
                Some(c) => escape_html(&c.fact.object),
                None => "—".to_string(),
            };
            html.push_str(&format!("<td>{value}</td>"));
        }
        html.push_str("</tr>");
    }
    html.push_str("</table>");
    html
}

/// What every note's deck and tags share: the deck path above the topic
/// (`kioku::aws-saa`) and the source tag, made once per set of notes.
struct Fixed {
    deck_prefix: String,
    source_tag: String,
}

impl Fixed {
    fn new(options: &ExportOptions) -> Fixed {
        Fixed {
            deck_prefix: format!(
                "{}::{}",
                clean_deck_part(&options.deck_root),
                clean_deck_part(&options.stem)
            ),
            source_tag: format!("kioku::source::{}", tag_text(&options.stem)),
        }
    }
}

/// A part of a deck path: no `::` of its own, trimmed.
fn clean_deck_part(s: &str) -> String {
    if s.contains("::") {
        s.replace("::", ":").trim().to_string()
    } else {
        s.trim().to_string()
    }
}

/// `kioku::<stem>::<topic>`: one subdeck per top-level topic.
fn deck_name(fixed: &Fixed, fact: &GraphFact) -> String {
    let topic = fact.fact.context.first().unwrap_or(&fact.fact.subject);
    format!("{}::{}", fixed.deck_prefix, clean_deck_part(topic))
}

/// Text as a tag: no spaces or quotes, no `::` of its own.
fn tag_text(s: &str) -> String {
    let tag: String = s
        .chars()
        .map(|c| {
            if c.is_whitespace() || c == '"' {
                '_'
            } else {
                c
            }
        })
        .collect();
    if tag.contains("::") {
        tag.replace("::", ":")
    } else {
        tag
    }
}

/// `kioku::kind::definition`, `kioku::source::aws-saa`, `kioku::topic::…`.
fn tags(fixed: &Fixed, fact: &GraphFact) -> Vec<String> {
    let mut tags = vec![
        format!("kioku::kind::{}", fact.fact.kind.as_str()),
        fixed.source_tag.clone(),
    ];
    if let Some(topic) = fact.fact.context.first() {
        tags.push(format!("kioku::topic::{}", tag_text(topic)));
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_positive() {
        assert_eq!(stable_id("Term (kioku)"), stable_id("Term (kioku)"));
        assert_ne!(NoteType::Term.id(), NoteType::Cloze.id());
        assert!(NoteType::Term.id() > 0 && NoteType::Term.id() < (1 << 53));
        assert_eq!(guid(NoteType::Term, "x"), guid(NoteType::Term, "x"));
        assert_ne!(guid(NoteType::Term, "x"), guid(NoteType::Cloze, "x"));
    }
}
