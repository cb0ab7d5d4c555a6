//! The deck through the real Anki: kioku's `.apkg` and Anki CSV imported into
//! fresh collections with the `anki` package from PyPI (`make test` installs
//! it in `.venv` and sets KIOKU_ANKI_PYTHON), driven by `tests/anki/anki_check.py`.

mod util;

use std::path::{Path, PathBuf};

use serde_json::Value;
use util::*;

fn python() -> PathBuf {
    std::env::var_os("KIOKU_ANKI_PYTHON")
        .map(PathBuf::from)
        .expect("KIOKU_ANKI_PYTHON names a Python with the `anki` package: run the tests with `make test`")
}

/// Runs the checker and parses its JSON.
fn anki(args: &[&Path]) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/anki/anki_check.py");
    let output = std::process::Command::new(python())
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "anki_check failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("anki_check prints JSON")
}

fn import(collection: &Path, file: &Path) -> Value {
    anki(&[Path::new("import"), collection, file])["imports"][0].clone()
}

/// Notes and cards the Anki CSV says the deck has: a term note makes two
/// cards, a cloze note one per cloze, a comparison note one.
fn expected_counts(anki_csv: &Path) -> (usize, usize) {
    let text = std::fs::read_to_string(anki_csv).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let (mut notes, mut cards) = (0, 0);
    for record in reader.records() {
        let record = record.unwrap();
        notes += 1;
        cards += match &record[1] {
            "Term (kioku)" => 2,
            "Comparison (kioku)" => 1,
            "Cloze (kioku)" => {
                let mut numbers: Vec<&str> = record[4]
                    .match_indices("{{c")
                    .map(|(i, _)| &record[4][i + 3..i + 5])
                    .collect();
                numbers.sort();
                numbers.dedup();
                numbers.len()
            }
            other => panic!("unknown note type {other}"),
        };
    }
    (notes, cards)
}

#[test]
fn the_sample_deck_imports_and_reimports_without_duplicates() {
    let out = build_into(&sample());
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("collection.anki2");
    let apkg = out.path().join("aws-saa.apkg");
    let (n_notes, n_cards) = expected_counts(&out.path().join("aws-saa.csv"));
    assert!(n_notes > 200, "{n_notes} notes");

    let first = import(&collection, &apkg);
    assert_eq!(first["new"], n_notes, "{first}");
    let inspected = anki(&[Path::new("inspect"), &collection]);
    assert_eq!(inspected["notes"], n_notes);
    assert_eq!(inspected["cards"], n_cards);

    // Every card asks something and answers something else.
    for card in inspected["cards_list"].as_array().unwrap() {
        let question = card["question_text"].as_str().unwrap();
        let answer = card["answer_text"].as_str().unwrap();
        assert!(!question.trim().is_empty(), "empty question: {card}");
        assert_ne!(question, answer, "question equals answer: {card}");
    }
    // The note types are kioku's own, and cloze notes have clozes.
    let types: Vec<&str> = inspected["notetypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for name in ["Term (kioku)", "Cloze (kioku)", "Comparison (kioku)"] {
        assert!(types.contains(&name), "{types:?}");
    }
    let clozes: Vec<&Value> = inspected["note_list"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["notetype"] == "Cloze (kioku)")
        .collect();
    assert!(!clozes.is_empty());
    assert!(
        clozes
            .iter()
            .all(|n| n["fields"]["Text"].as_str().unwrap().contains("{{c1::"))
    );

    // Importing the same package again, or the CSV, adds nothing.
    let again = import(&collection, &apkg);
    assert_eq!(again["new"], 0, "{again}");
    assert_eq!(again["updated"], 0, "{again}");
    let csv = import(&collection, &out.path().join("aws-saa.csv"));
    assert_eq!(csv["new"], 0, "{csv}");
    assert_eq!(anki(&[Path::new("inspect"), &collection])["notes"], n_notes);
}

#[test]
fn editing_one_definition_updates_exactly_that_note() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("aws-saa.txt");
    let original = std::fs::read_to_string(sample()).unwrap();
    std::fs::write(&notes, &original).unwrap();
    let out = dir.path().join("exports");
    kioku()
        .arg("build")
        .arg(&notes)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let collection = dir.path().join("collection.anki2");
    let apkg = out.join("aws-saa.apkg");
    let first = import(&collection, &apkg);
    assert!(first["new"].as_u64().unwrap() > 200);

    // Rebuilding unchanged notes updates nothing.
    kioku()
        .arg("build")
        .arg(&notes)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let unchanged = import(&collection, &apkg);
    assert_eq!(
        (unchanged["new"].as_u64(), unchanged["updated"].as_u64()),
        (Some(0), Some(0)),
        "{unchanged}"
    );

    // Edit one definition: that note, and only it, is updated.
    let edited = original.replacen(
        "必要な最低限の権限で操作を行うこと",
        "必要な最小限の権限だけで操作を行うこと",
        1,
    );
    assert_ne!(edited, original);
    std::fs::write(&notes, edited).unwrap();
    kioku()
        .arg("build")
        .arg(&notes)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let update = import(&collection, &apkg);
    assert_eq!(update["new"], 0, "{update}");
    assert_eq!(update["updated"], 1, "{update}");
    let inspected = anki(&[Path::new("inspect"), &collection]);
    let term = inspected["note_list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["fields"]["Term"] == "最小権限の原則")
        .expect("the term's note");
    assert!(
        term["fields"]["Definition"]
            .as_str()
            .unwrap()
            .contains("最小限の権限だけ"),
        "{term}"
    );
}

#[test]
fn html_in_notes_stays_inert_text() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("html.txt");
    std::fs::write(&notes, "スクリプト注入\nスクリプト注入とは、<script>alert(1)</script>のようなタグを入力に混ぜる攻撃のこと\n").unwrap();
    let out = dir.path().join("exports");
    kioku()
        .arg("build")
        .arg(&notes)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let collection = dir.path().join("collection.anki2");
    let imported = import(&collection, &out.join("html.apkg"));
    assert!(imported["new"].as_u64().unwrap() >= 1, "{imported}");
    let inspected = anki(&[Path::new("inspect"), &collection]);
    let cards = inspected["cards_list"].as_array().unwrap();
    assert!(!cards.is_empty());
    for card in cards {
        for side in ["question_html", "answer_html"] {
            let html = card[side].as_str().unwrap();
            assert!(
                !html.contains("<script>alert"),
                "a live script tag in {side}: {html}"
            );
        }
    }
    // The tag shows as text on the card.
    assert!(cards.iter().any(|c| {
        c["answer_text"]
            .as_str()
            .unwrap()
            .contains("<script>alert(1)</script>")
    }));
}
