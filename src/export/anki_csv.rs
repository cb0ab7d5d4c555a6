//! The Anki CSV: the deck's notes in Anki's text-import format, with the
//! header lines that name the separator and the GUID, note type, deck and
//! tags columns, so that importing it updates the same notes as the `.apkg`.

use std::io::Write;

use super::cards::CardNote;

/// Writes the header lines and one tab-separated row per note:
/// GUID, note type, deck, tags, then the note's fields.
pub fn write(notes: &[CardNote], out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(
        b"#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:4\n",
    )?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .flexible(true)
        .from_writer(out);
    for note in notes {
        let mut row = vec![
            note.guid.clone(),
            note.note_type.name().to_string(),
            note.deck.clone(),
            note.tags.join(" "),
        ];
        row.extend(note.fields.iter().cloned());
        writer.write_record(&row)?;
    }
    writer.flush()
}
