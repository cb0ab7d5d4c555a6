//! The Anki package (`.apkg`), written with genanki-rs from the notes of
//! `export/cards.rs`: kioku's own note types with fixed IDs, one deck per
//! topic with IDs derived from their names, every note with its stable GUID.

use std::collections::BTreeMap;

use genanki_rs::{Deck, Field, Model, ModelType, Note, Package, Template};

use super::ExportOptions;
use super::cards::{CardNote, NoteType, stable_id};

/// Card styling: readable Japanese on desktop and phone, light and dark.
const CSS: &str = include_str!("../../data/anki/style.css");

/// The genanki model of a note type.
pub fn model(note_type: NoteType) -> Model {
    let fields = note_type.fields().iter().map(|f| Field::new(f)).collect();
    let footer =
        "<div class=\"meta\">{{Context}}<br><span class=\"source\">{{Source}}</span></div>";
    match note_type {
        NoteType::Term => Model::new(
            note_type.id(),
            note_type.name(),
            fields,
            vec![
                Template::new("Term → Definition")
                    .qfmt("<div class=\"term\">{{Term}}</div>")
                    .afmt(&format!("{{{{FrontSide}}}}<div class=\"reading\">{{{{Reading}}}}</div><hr id=\"answer\"><div class=\"definition\">{{{{Definition}}}}</div>{footer}")),
                Template::new("Definition → Term")
                    .qfmt("<div class=\"definition\">{{Definition}}</div><div class=\"ask\">？</div>")
                    .afmt(&format!("<div class=\"definition\">{{{{Definition}}}}</div><hr id=\"answer\"><div class=\"term\">{{{{Term}}}}</div><div class=\"reading\">{{{{Reading}}}}</div>{footer}")),
            ],
        )
        .css(CSS),
        NoteType::Cloze => Model::new(
            note_type.id(),
            note_type.name(),
            fields,
            vec![Template::new("Cloze")
                .qfmt("<div class=\"cloze-text\">{{cloze:Text}}</div>")
                .afmt(&format!("<div class=\"cloze-text\">{{{{cloze:Text}}}}</div><div class=\"extra\">{{{{Back Extra}}}}</div>{footer}"))],
        )
        .css(CSS)
        .model_type(ModelType::Cloze),
    }
}

/// Writes the package.
pub fn write(
    notes: &[CardNote],
    options: &ExportOptions,
    file: &mut std::fs::File,
) -> Result<(), String> {
    let models: BTreeMap<NoteType, Model> = [NoteType::Term, NoteType::Cloze]
        .into_iter()
        .map(|t| (t, model(t)))
        .collect();
    let mut decks: BTreeMap<String, Deck> = BTreeMap::new();
    for note in notes {
        let fields: Vec<&str> = note.fields.iter().map(String::as_str).collect();
        let tags: Vec<&str> = note.tags.iter().map(String::as_str).collect();
        let anki_note = Note::new_with_options(
            models[&note.note_type].clone(),
            fields,
            None,
            Some(tags),
            Some(&note.guid),
        )
        .map_err(|e| format!("note {}: {e}", note.guid))?;
        decks
            .entry(note.deck.clone())
            .or_insert_with(|| {
                Deck::new(
                    stable_id(&note.deck),
                    &note.deck,
                    &format!("kioku: {}", options.stem),
                )
            })
            .add_note(anki_note);
    }
    let mut package =
        Package::new(decks.into_values().collect(), vec![]).map_err(|e| e.to_string())?;
    package.write(file).map_err(|e| e.to_string())
}
