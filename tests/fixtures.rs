//! Extraction on notes in other layouts than the sample: every row of each
//! fixture's `expected.csv` must be extracted, and the whole output is pinned
//! by an insta snapshot (`cargo insta review` after an intended change).

use std::path::Path;

mod util;

fn extract(case: &str) -> (String, Vec<[String; 4]>) {
    let notes = util::case_notes("tests/fixtures", case);
    let output = assert_cmd::Command::cargo_bin("kioku")
        .unwrap()
        .arg("extract")
        .arg(&notes)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let csv_text = String::from_utf8(output).unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            [
                r[0].to_string(),
                r[1].to_string(),
                r[2].to_string(),
                r[3].to_string(),
            ]
        })
        .collect();
    (csv_text, rows)
}

fn check(case: &str) {
    let (csv_text, rows) = extract(case);
    let expected_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case)
        .join("expected.csv");
    let mut reader = csv::Reader::from_path(expected_path).unwrap();
    let missing: Vec<String> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|want| {
            !rows
                .iter()
                .any(|got| got.iter().zip(want.iter()).all(|(a, b)| a == b))
        })
        .map(|want| want.iter().collect::<Vec<_>>().join(" | "))
        .collect();
    assert!(
        missing.is_empty(),
        "{case}: not extracted:\n{}\n\ngot:\n{csv_text}",
        missing.join("\n")
    );
    insta::assert_snapshot!(case, csv_text);
}

#[test]
fn markdown_with_headings_lists_and_a_table() {
    check("markdown-network");
}

#[test]
fn numbered_lists_and_footnotes() {
    check("numbered-database");
}

#[test]
fn plain_text_sections_and_contrasts() {
    check("plain-security");
}

#[test]
fn markdown_with_a_table_of_contents_bold_terms_and_a_quote() {
    check("markdown-storage");
}

#[test]
fn prose_contrasts_of_several_shapes() {
    check("prose-os");
}

#[test]
fn markdown_subheadings_compared_and_glossed_labels() {
    check("markdown-cloud");
}

#[test]
fn labelled_entities_under_a_difference_heading() {
    check("labels-network");
}
