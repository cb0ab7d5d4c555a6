//! The Anki package (`.apkg`), written with genanki-rs from the notes of
//! `export/cards.rs`: kioku's own note types with fixed IDs, one deck per
//! topic with IDs derived from their names, every note with its stable GUID.
//!
//! Anki updates an existing note on import only when the incoming note's
//! modification time is newer than the one it stored. So a note whose content
//! is what the previous package in the output folder held keeps that
//! package's time, and a changed note gets a newer one; the note types carry
//! a fixed time, raised only when they change.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use genanki_rs::{Deck, Package};
use sha2::{Digest, Sha256};

use super::ExportOptions;
use super::cards::{CardNote, NoteType, stable_id};

/// Card styling: readable Japanese on desktop and phone, light and dark.
const CSS: &str = include_str!("../../data/anki/style.css");

/// Modification time of kioku's note types (seconds since the epoch). Raise
/// it whenever a template or the CSS changes, so that Anki takes the change.
pub const NOTE_TYPES_MOD: i64 = 1_764_374_400;

/// What a previous package held: note GUID → (content checksum, modification time).
pub type PreviousNotes = HashMap<String, (String, i64)>;

/// A note type's card templates: name, question format, answer format.
pub fn templates(note_type: NoteType) -> Vec<(&'static str, String, String)> {
    let footer =
        "<div class=\"meta\">{{Context}}<br><span class=\"source\">{{Source}}</span></div>";
    match note_type {
        NoteType::Term => vec![
            (
                "Term → Definition",
                "<div class=\"term\">{{Term}}</div>".to_string(),
                format!("{{{{FrontSide}}}}<div class=\"reading\">{{{{Reading}}}}</div><hr id=\"answer\"><div class=\"definition\">{{{{Definition}}}}</div>{footer}"),
            ),
            (
                "Definition → Term",
                "<div class=\"definition\">{{Definition}}</div><div class=\"ask\">？</div>".to_string(),
                format!("<div class=\"definition\">{{{{Definition}}}}</div><hr id=\"answer\"><div class=\"term\">{{{{Term}}}}</div><div class=\"reading\">{{{{Reading}}}}</div>{footer}"),
            ),
        ],
        NoteType::Cloze => vec![(
            "Cloze",
            "<div class=\"cloze-text\">{{cloze:Text}}</div>".to_string(),
            format!("<div class=\"cloze-text\">{{{{cloze:Text}}}}</div><div class=\"extra\">{{{{Back Extra}}}}</div>{footer}"),
        )],
        NoteType::Comparison => vec![(
            "Cell",
            "<div class=\"topic\">{{Title}}</div>{{Question Table}}<div class=\"question\">{{Entity}} の {{Attribute}} は？</div>".to_string(),
            format!("<div class=\"topic\">{{{{Title}}}}</div>{{{{Answer Table}}}}<hr id=\"answer\"><div class=\"question\">{{{{Entity}}}} の {{{{Attribute}}}}</div><div class=\"definition\">{{{{Value}}}}</div>{footer}"),
        )],
    }
}

/// The collection's `decks` entry of a deck.
fn deck_json(id: i64, name: &str, description: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id, "name": name, "desc": description, "conf": 1, "dyn": 0, "collapsed": false,
        "extendNew": 0, "extendRev": 50, "mod": NOTE_TYPES_MOD, "usn": -1,
        "lrnToday": [0, 0], "newToday": [0, 0], "revToday": [0, 0], "timeToday": [0, 0],
    })
}

/// Which field each template needs to make a card (Anki's `req`).
fn required_fields(note_type: NoteType) -> serde_json::Value {
    match note_type {
        // Term → Definition needs Term (0); Definition → Term needs Definition (2).
        NoteType::Term => serde_json::json!([[0, "any", [0]], [1, "any", [2]]]),
        NoteType::Cloze | NoteType::Comparison => serde_json::json!([[0, "any", [0]]]),
    }
}

/// The collection's `models` entry of a note type.
pub fn model_json(note_type: NoteType, deck_id: i64) -> serde_json::Value {
    let fields: Vec<serde_json::Value> = note_type
        .fields()
        .iter()
        .enumerate()
        .map(|(ord, name)| {
            serde_json::json!({"name": name, "ord": ord, "sticky": false, "rtl": false, "font": "Arial", "size": 20, "media": []})
        })
        .collect();
    let templates: Vec<serde_json::Value> = templates(note_type)
        .into_iter()
        .enumerate()
        .map(|(ord, (name, qfmt, afmt))| {
            serde_json::json!({"name": name, "ord": ord, "qfmt": qfmt, "afmt": afmt, "bqfmt": "", "bafmt": "", "did": null})
        })
        .collect();
    serde_json::json!({
        "id": note_type.id().to_string(),
        "name": note_type.name(),
        "type": if note_type == NoteType::Cloze { 1 } else { 0 },
        "mod": NOTE_TYPES_MOD,
        "usn": -1,
        "sortf": 0,
        "did": deck_id,
        "tmpls": templates,
        "flds": fields,
        "css": CSS,
        "latexPre": LATEX_PRE,
        "latexPost": "\\end{document}",
        "req": required_fields(note_type),
        "tags": [],
        "vers": [],
    })
}

/// Anki's default LaTeX preamble.
const LATEX_PRE: &str = "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n";

/// The note types, in a fixed order.
const NOTE_TYPES: [NoteType; 3] = [NoteType::Term, NoteType::Cloze, NoteType::Comparison];

/// Writes the package, keeping the modification time of every note that is
/// unchanged since `previous`.
///
/// genanki-rs lays out the collection and its decks; kioku's note types, notes
/// and cards are then written directly: genanki-rs recompiles a note type's
/// templates for every note (about a millisecond each) and stamps every note
/// with one time, where Anki needs each note's own.
pub fn write(
    notes: &[CardNote],
    options: &ExportOptions,
    previous: &PreviousNotes,
    file: &mut std::fs::File,
) -> Result<(), String> {
    let deck_names: std::collections::BTreeSet<&str> =
        notes.iter().map(|n| n.deck.as_str()).collect();
    let first_deck = deck_names.iter().next().map_or(1, |name| stable_id(name));
    // genanki-rs lays out the collection with Anki's default deck; kioku's
    // decks go into the deck list below in one write (genanki-rs rewrites
    // the whole list for every deck, which grows with the square of their number).
    let mut package =
        Package::new(vec![Deck::new(1, "Default", "")], vec![]).map_err(|e| e.to_string())?;
    let mut buffer = Cursor::new(Vec::new());
    package.write(&mut buffer).map_err(|e| e.to_string())?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let package = buffer.into_inner();
    let (_, collection) = with_collection(package.clone(), |connection| {
        let transaction = connection
            .unchecked_transaction()
            .map_err(|e| e.to_string())?;
        insert_notes(&transaction, notes, previous, now)?;
        let description = format!("kioku: {}", options.stem);
        let mut decks: serde_json::Map<String, serde_json::Value> = serde_json::Map::new();
        decks.insert("1".to_string(), deck_json(1, "Default", ""));
        for name in &deck_names {
            let id = stable_id(name);
            decks.insert(id.to_string(), deck_json(id, name, &description));
        }
        transaction
            .execute(
                "UPDATE col SET decks = ?1",
                [serde_json::Value::Object(decks).to_string()],
            )
            .map_err(|e| e.to_string())?;
        let models: serde_json::Map<String, serde_json::Value> = NOTE_TYPES
            .into_iter()
            .map(|t| (t.id().to_string(), model_json(t, first_deck)))
            .collect();
        transaction
            .execute(
                "UPDATE col SET models = ?1",
                [serde_json::Value::Object(models).to_string()],
            )
            .map_err(|e| e.to_string())?;
        transaction.commit().map_err(|e| e.to_string())
    })?;
    let package = replace_entry(package, "collection.anki2", &collection)?;
    file.write_all(&package).map_err(|e| e.to_string())
}

/// Inserts the notes and their cards; a note keeps its previous time when
/// its content is unchanged.
fn insert_notes(
    transaction: &rusqlite::Transaction,
    notes: &[CardNote],
    previous: &PreviousNotes,
    now: i64,
) -> Result<(), String> {
    let mut insert_note = transaction
        .prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, 0, 0, '')")
        .map_err(|e| e.to_string())?;
    let mut insert_card = transaction
        .prepare("INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, -1, 0, 0, ?6, 0, 0, 0, 0, 0, 0, 0, 0, '')")
        .map_err(|e| e.to_string())?;
    for (position, note) in notes.iter().enumerate() {
        let note_id = stable_id(&format!("note {}", note.guid));
        let model_id = note.note_type.id();
        let fields = note.fields.join("\x1f");
        let tags = if note.tags.is_empty() {
            String::new()
        } else {
            format!(" {} ", note.tags.join(" "))
        };
        let checksum = note_checksum(model_id, &fields, &tags);
        let modified = match previous.get(&note.guid) {
            Some((old, old_mod)) if *old == checksum => *old_mod,
            Some((_, old_mod)) => now.max(old_mod + 1),
            None => now,
        };
        let sort_field = strip_html(&note.fields[0]);
        insert_note
            .execute(rusqlite::params![
                note_id, note.guid, model_id, modified, tags, fields, sort_field
            ])
            .map_err(|e| e.to_string())?;
        for ord in card_ords(note) {
            insert_card
                .execute(rusqlite::params![
                    stable_id(&format!("card {} {ord}", note.guid)),
                    note_id,
                    stable_id(&note.deck),
                    ord,
                    modified,
                    position as i64 + 1
                ])
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// The card ordinals a note makes: both directions of a term, one per
/// cloze number, one per comparison cell.
fn card_ords(note: &CardNote) -> Vec<i64> {
    match note.note_type {
        NoteType::Term => vec![0, 1],
        NoteType::Comparison => vec![0],
        NoteType::Cloze => {
            let text = &note.fields[0];
            let mut ords: Vec<i64> = text
                .match_indices("{{c")
                .filter_map(|(at, _)| {
                    let digits: String = text[at + 3..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect();
                    digits.parse::<i64>().ok().filter(|n| *n > 0).map(|n| n - 1)
                })
                .collect();
            ords.sort_unstable();
            ords.dedup();
            ords
        }
    }
}

/// Text of an HTML field, for the sort field.
fn strip_html(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// The notes of a package written before (empty when there is none or it
/// cannot be read: then every note counts as new).
pub fn previous_notes(path: &Path) -> PreviousNotes {
    let read = || -> Result<PreviousNotes, String> {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        with_collection(bytes, |connection| {
            let mut statement = connection
                .prepare("SELECT guid, mid, flds, tags, mod FROM notes")
                .map_err(|e| e.to_string())?;
            let rows = statement
                .query_map([], |row| {
                    let guid: String = row.get(0)?;
                    let checksum = note_checksum(
                        row.get(1)?,
                        &row.get::<_, String>(2)?,
                        &row.get::<_, String>(3)?,
                    );
                    Ok((guid, (checksum, row.get::<_, i64>(4)?)))
                })
                .map_err(|e| e.to_string())?;
            rows.collect::<Result<PreviousNotes, _>>()
                .map_err(|e| e.to_string())
        })
        .map(|(notes, _)| notes)
    };
    read().unwrap_or_default()
}

/// A note as a package holds it, for comparing two packages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackagedNote {
    /// The note's GUID.
    pub guid: String,
    /// Its note type's name.
    pub note_type: String,
    /// Its fields, in order.
    pub fields: Vec<String>,
    /// Its tags.
    pub tags: String,
}

/// The notes of a package, sorted by GUID.
pub fn read_package(path: &Path) -> Result<Vec<PackagedNote>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (notes, _) = with_collection(bytes, |connection| {
        let models: String = connection
            .query_row("SELECT models FROM col", [], |row| row.get(0))
            .map_err(|e| e.to_string())?;
        let models: serde_json::Value = serde_json::from_str(&models).map_err(|e| e.to_string())?;
        let name_of = |id: i64| {
            models
                .get(id.to_string())
                .and_then(|m| m.get("name"))
                .and_then(|n| n.as_str())
                .unwrap_or("?")
                .to_string()
        };
        let mut statement = connection
            .prepare("SELECT guid, mid, flds, tags FROM notes ORDER BY guid")
            .map_err(|e| e.to_string())?;
        let rows = statement
            .query_map([], |row| {
                Ok(PackagedNote {
                    guid: row.get(0)?,
                    note_type: name_of(row.get(1)?),
                    fields: row
                        .get::<_, String>(2)?
                        .split('\x1f')
                        .map(str::to_string)
                        .collect(),
                    tags: row.get::<_, String>(3)?.trim().to_string(),
                })
            })
            .map_err(|e| e.to_string())?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())
    })
    .map_err(|e| format!("{}: not an Anki package ({e})", path.display()))?;
    Ok(notes)
}

/// A checksum of what a note shows: its note type, fields and tags.
fn note_checksum(model_id: i64, fields: &str, tags: &str) -> String {
    let digest = Sha256::digest(format!("{model_id}\x1f{fields}\x1f{}", tags.trim()).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Opens the `collection.anki2` of a package in a temporary file, runs `f`
/// on it, and returns `f`'s result with the collection's bytes afterwards.
fn with_collection<T>(
    package: Vec<u8>,
    f: impl FnOnce(&rusqlite::Connection) -> Result<T, String>,
) -> Result<(T, Vec<u8>), String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    archive
        .by_name("collection.anki2")
        .map_err(|e| e.to_string())?
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    let file = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
    std::fs::write(file.path(), &bytes).map_err(|e| e.to_string())?;
    let connection = rusqlite::Connection::open(file.path()).map_err(|e| e.to_string())?;
    let value = f(&connection)?;
    connection.close().map_err(|(_, e)| e.to_string())?;
    let bytes = std::fs::read(file.path()).map_err(|e| e.to_string())?;
    Ok((value, bytes))
}

/// The package with one entry's content replaced, other entries as they were.
fn replace_entry(package: Vec<u8>, name: &str, content: &[u8]) -> Result<Vec<u8>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).map_err(|e| e.to_string())?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::FileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| e.to_string())?;
        let entry_name = entry.name().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
        out.start_file(entry_name.as_str(), options)
            .map_err(|e| e.to_string())?;
        out.write_all(if entry_name == name { content } else { &bytes })
            .map_err(|e| e.to_string())?;
    }
    out.finish()
        .map(|c| c.into_inner())
        .map_err(|e| e.to_string())
}
