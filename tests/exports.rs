//! Export formats: snapshots of the Anki CSV, triples and DOT of a small
//! fixture (`cargo insta review` after an intended change), and Graphviz on
//! notes full of DOT and CSV metacharacters.

mod util;

use std::path::Path;

use util::*;

fn fixture(case: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case)
        .join("notes.txt")
}

#[test]
fn small_fixture_exports_are_pinned() {
    let out = build_into(&fixture("plain-security"));
    for (name, suffix) in [
        ("anki_csv", "csv"),
        ("triples", "triples.csv"),
        ("dot", "dot"),
    ] {
        let text = std::fs::read_to_string(out.path().join(format!("notes.{suffix}"))).unwrap();
        insta::assert_snapshot!(format!("plain_security_{name}"), text);
    }
}

#[test]
fn metacharacters_keep_the_dot_valid() {
    let out = build_into(&fixture("metachar"));
    let dot = out.path().join("notes.dot");
    let output = std::process::Command::new("dot")
        .arg("-Tsvg")
        .arg(&dot)
        .output()
        .expect("Graphviz `dot` is installed (make test installs it)");
    assert!(
        output.status.success(),
        "dot failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("<svg"));
    // The triples stay a CSV of six columns, formulas neutralised.
    let mut reader = csv::Reader::from_path(out.path().join("notes.triples.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(!rows.is_empty());
    for row in &rows {
        assert_eq!(row.len(), 6);
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "formula cell {cell:?}"
            );
        }
    }
}

/// Exports are created like any file the user writes (mode 0666 less the
/// umask), not private like the temporary files they are staged in.
#[cfg(unix)]
#[test]
fn exports_get_the_mode_of_an_ordinary_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let out = build_into(&fixture("plain-security"));
    let ordinary = out.path().join("ordinary");
    std::fs::File::create(&ordinary).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let expected = mode(&ordinary);
    for name in files_in(out.path()) {
        if name.starts_with("notes.") {
            assert_eq!(mode(&out.path().join(&name)), expected, "{name}");
        }
    }
}
