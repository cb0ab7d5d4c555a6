//! The Anki package (`.apkg`) of the notes of `export/cards.rs`: kioku's own
//! note types with fixed IDs, one deck per topic with IDs derived from their
//! names, every note with its stable GUID.
//!
//! The collection (Anki's schema 11, as genanki writes it) is built directly
//! with rusqlite and zipped: genanki-rs 0.4 recompiles a note type's templates
//! for every note (about a millisecond each), rewrites the whole deck list for
//! every deck (quadratic in the number of decks) and stamps every note with
//! one time, where Anki needs each note's own.
//!
//! Anki updates an existing note on import only when the incoming note's
//! modification time is newer than the one it stored. So a note whose content
//! is what the previous package in the output folder held keeps that
//! package's time, and a changed note gets a newer one; the note types carry
//! a fixed time, raised only when they change. The collection itself keeps
//! the previous package's time when it holds the same notes, unchanged, so
//! that rebuilding unchanged notes writes the very same package.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use super::ExportOptions;
use super::cards::{CardNote, NoteType, stable_id, stable_id_of};

/// Card styling: readable Japanese on desktop and phone, light and dark.
const CSS: &str = include_str!("../../data/anki/style.css");

/// Modification time of kioku's note types (seconds since the epoch). Raise
/// it whenever a template or the CSS changes, so that Anki takes the change.
pub const NOTE_TYPES_MOD: i64 = 1_764_374_400;

/// What a previous package held.
#[derive(Debug, Clone, Default)]
pub struct PreviousNotes {
    /// Note GUID → (content, as [`note_content`] gives it, and modification time).
    pub notes: HashMap<String, (String, i64)>,
    /// The collection's modification and schema times (`col.mod`, `col.scm`).
    pub collection: Option<(i64, i64)>,
}

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

/// The collection's `models` entry: every note type, with `deck_id` as its
/// deck. Only the deck id differs from package to package, so the rest (the
/// templates and the CSS) is serialised once per run, with a placeholder
/// where the id goes.
fn models_json(deck_id: i64) -> String {
    const PLACEHOLDER: i64 = i64::MIN;
    static MODELS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let models = MODELS.get_or_init(|| {
        let models: serde_json::Map<String, serde_json::Value> = NOTE_TYPES
            .into_iter()
            .map(|t| (t.id().to_string(), model_json(t, PLACEHOLDER)))
            .collect();
        let text = serde_json::Value::Object(models).to_string();
        assert_eq!(
            text.matches(&PLACEHOLDER.to_string()).count(),
            NOTE_TYPES.len(),
            "the placeholder stands only for the deck ids"
        );
        text
    });
    models.replace(&PLACEHOLDER.to_string(), &deck_id.to_string())
}

/// Anki's default LaTeX preamble.
const LATEX_PRE: &str = "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n";

/// The note types, in a fixed order.
const NOTE_TYPES: [NoteType; 3] = [NoteType::Term, NoteType::Cloze, NoteType::Comparison];

/// Writes the package, keeping the modification time of every note that is
/// unchanged since `previous`: an Anki collection (schema 11) built in
/// memory from [`empty_collection`], zipped with an empty media list.
pub fn write(
    notes: &[CardNote],
    options: &ExportOptions,
    previous: &PreviousNotes,
    file: &mut (impl Write + std::io::Seek),
) -> Result<(), String> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let rows = note_rows(notes, previous, now);
    // The same notes, none changed: the collection keeps its times too.
    let collection_times = match previous.collection {
        Some(times)
            if previous.notes.len() == notes.len() && rows.iter().all(|row| row.unchanged) =>
        {
            times
        }
        _ => (now * 1000, now * 1000),
    };
    let mut connection = open_collection(empty_collection()?)?;
    {
        let transaction = connection
            .unchecked_transaction()
            .map_err(|e| e.to_string())?;
        // Each deck's id, hashed once.
        let mut deck_ids: std::collections::BTreeMap<&str, i64> = Default::default();
        for note in notes {
            if !deck_ids.contains_key(note.deck.as_str()) {
                deck_ids.insert(&note.deck, stable_id(&note.deck));
            }
        }
        let first_deck = deck_ids.values().next().copied().unwrap_or(1);
        let description = format!("kioku: {}", options.stem);
        let mut decks = serde_json::Map::new();
        decks.insert("1".to_string(), deck_json(1, "Default", ""));
        for (name, &id) in &deck_ids {
            decks.insert(id.to_string(), deck_json(id, name, &description));
        }
        let configuration = serde_json::json!({
            "activeDecks": [1], "addToCur": true, "collapseTime": 1200, "curDeck": 1,
            "curModel": NoteType::Term.id().to_string(), "dueCounts": true, "estTimes": true,
            "newBury": true, "newSpread": 0, "nextPos": notes.len() + 1, "sortBackwards": false,
            "sortType": "noteFld", "timeLim": 0,
        });
        transaction
            .execute(
                "INSERT INTO col VALUES (1, ?1, ?2, ?3, 11, 0, 0, 0, ?4, ?5, ?6, ?7, '{}')",
                rusqlite::params![
                    NOTE_TYPES_MOD,
                    collection_times.0,
                    collection_times.1,
                    configuration.to_string(),
                    models_json(first_deck),
                    serde_json::Value::Object(decks).to_string(),
                    DECK_OPTIONS,
                ],
            )
            .map_err(|e| e.to_string())?;
        insert_notes(&transaction, notes, &rows, &deck_ids)?;
        transaction.commit().map_err(|e| e.to_string())?;
    }
    let collection = connection
        .serialize(rusqlite::MAIN_DB)
        .map_err(|e| e.to_string())?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    // Fast deflate: the collection compresses well at level 1, and level 6 costs half the export.
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    zip.start_file("collection.anki2", deflated)
        .map_err(|e| e.to_string())?;
    zip.write_all(&collection).map_err(|e| e.to_string())?;
    // The empty media list is stored: two bytes are not worth a compressor.
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("media", stored).map_err(|e| e.to_string())?;
    zip.write_all(b"{}").map_err(|e| e.to_string())?;
    let mut writer = zip.finish().map_err(|e| e.to_string())?;
    writer.flush().map_err(|e| e.to_string())
}

/// An empty collection (the tables of [`COLLECTION_SCHEMA`], no rows) as
/// SQLite's file image, made once per run: every package starts from a copy
/// of it rather than creating the tables anew.
fn empty_collection() -> Result<&'static [u8], String> {
    static EMPTY: std::sync::OnceLock<Result<Vec<u8>, String>> = std::sync::OnceLock::new();
    EMPTY
        .get_or_init(|| {
            let mut connection =
                rusqlite::Connection::open_in_memory().map_err(|e| e.to_string())?;
            connection
                .execute_batch(COLLECTION_SCHEMA)
                .map_err(|e| e.to_string())?;
            let image = connection
                .serialize(rusqlite::MAIN_DB)
                .map_err(|e| e.to_string())?;
            Ok(image.to_vec())
        })
        .as_deref()
        .map_err(Clone::clone)
}

/// An in-memory database holding a copy of a collection's file image.
fn open_collection(image: &[u8]) -> Result<rusqlite::Connection, String> {
    let mut connection = rusqlite::Connection::open_in_memory().map_err(|e| e.to_string())?;
    connection
        .deserialize_read_exact(rusqlite::MAIN_DB, image, image.len(), false)
        .map_err(|e| e.to_string())?;
    Ok(connection)
}

/// The tables of an Anki collection, schema version 11.
const COLLECTION_SCHEMA: &str = "
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null,
  models text not null, decks text not null, dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null,
  flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null,
  ivl integer not null, factor integer not null, reps integer not null, lapses integer not null,
  left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
";

/// Anki's default deck options group.
const DECK_OPTIONS: &str = r#"{"1": {"id": 1, "name": "Default", "mod": 0, "usn": 0, "maxTaken": 60, "autoplay": true, "timer": 0, "replayq": true, "new": {"bury": true, "delays": [1, 10], "initialFactor": 2500, "ints": [1, 4, 7], "order": 1, "perDay": 20, "separate": true}, "lapse": {"delays": [10], "leechAction": 0, "leechFails": 8, "minInt": 1, "mult": 0}, "rev": {"bury": true, "ease4": 1.3, "fuzz": 0.05, "ivlFct": 1, "maxIvl": 36500, "minSpace": 1, "perDay": 100}}}"#;

/// A note's row in the collection: its fields and tags as Anki stores
/// them, and its modification time.
struct NoteRow {
    fields: String,
    tags: String,
    modified: i64,
    /// Whether the previous package held this note with this content.
    unchanged: bool,
}

/// The notes' rows; a note keeps its previous time when its content is
/// unchanged, and gets a time newer than it otherwise.
fn note_rows(notes: &[CardNote], previous: &PreviousNotes, now: i64) -> Vec<NoteRow> {
    notes
        .iter()
        .map(|note| {
            let fields = note.fields.join("\x1f");
            let tags = if note.tags.is_empty() {
                String::new()
            } else {
                format!(" {} ", note.tags.join(" "))
            };
            let (modified, unchanged) = match previous.notes.get(&note.guid) {
                Some((old, old_mod))
                    if *old == note_content(note.note_type.id(), &fields, &tags) =>
                {
                    (*old_mod, true)
                }
                Some((_, old_mod)) => (now.max(old_mod + 1), false),
                None => (now, false),
            };
            NoteRow {
                fields,
                tags,
                modified,
                unchanged,
            }
        })
        .collect()
}

/// Inserts the notes and their cards.
fn insert_notes(
    transaction: &rusqlite::Transaction,
    notes: &[CardNote],
    rows: &[NoteRow],
    deck_ids: &std::collections::BTreeMap<&str, i64>,
) -> Result<(), String> {
    let mut insert_note = transaction
        .prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, 0, 0, '')")
        .map_err(|e| e.to_string())?;
    let mut insert_card = transaction
        .prepare("INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, -1, 0, 0, ?6, 0, 0, 0, 0, 0, 0, 0, 0, '')")
        .map_err(|e| e.to_string())?;
    for (position, (note, row)) in notes.iter().zip(rows).enumerate() {
        let guid = note.guid.as_bytes();
        let note_id = stable_id_of(&[b"note ", guid]);
        let deck_id = deck_ids[note.deck.as_str()];
        let model_id = note.note_type.id();
        let (fields, tags, modified) = (&row.fields, &row.tags, row.modified);
        let sort_field = strip_html(&note.fields[0]);
        insert_note
            .execute(rusqlite::params![
                note_id, note.guid, model_id, modified, tags, fields, sort_field
            ])
            .map_err(|e| e.to_string())?;
        for ord in card_ords(note) {
            insert_card
                .execute(rusqlite::params![
                    stable_id_of(&[b"card ", guid, b" ", ord.to_string().as_bytes()]),
                    note_id,
                    deck_id,
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

/// Text of an HTML field (tags dropped), for the sort field and for `kioku diff`.
pub fn strip_html(html: &str) -> String {
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
                    let content = note_content(
                        row.get(1)?,
                        &row.get::<_, String>(2)?,
                        &row.get::<_, String>(3)?,
                    );
                    Ok((guid, (content, row.get::<_, i64>(4)?)))
                })
                .map_err(|e| e.to_string())?;
            let notes = rows
                .collect::<Result<HashMap<_, _>, _>>()
                .map_err(|e| e.to_string())?;
            let collection = connection
                .query_row("SELECT mod, scm FROM col", [], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .ok();
            Ok(PreviousNotes { notes, collection })
        })
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
    let notes = with_collection(bytes, |connection| {
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

/// What a note shows, compared between builds: its note type, fields and tags.
fn note_content(model_id: i64, fields: &str, tags: &str) -> String {
    format!("{model_id}\x1f{fields}\x1f{}", tags.trim())
}

/// Opens the `collection.anki2` of a package in memory and runs `f` on it.
fn with_collection<T>(
    package: Vec<u8>,
    f: impl FnOnce(&rusqlite::Connection) -> Result<T, String>,
) -> Result<T, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).map_err(|e| e.to_string())?;
    let mut collection = archive
        .by_name("collection.anki2")
        .map_err(|e| e.to_string())?;
    // Sized as the archive says, within reason (the archive may lie).
    let size = usize::try_from(collection.size()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(size.min(64 << 20));
    collection
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    drop(collection);
    f(&open_collection(&bytes)?)
}
