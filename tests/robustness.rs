//! Bad and strange input, one test per row of the README's table: each gets
//! a clear message naming the file (and line), a non-zero exit where it
//! fails, no panic, and no partial output.

mod util;

use std::path::{Path, PathBuf};

use util::*;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Builds one input; returns (exit code, stderr, files written).
fn build(input: &Path, out: &Path) -> (Option<i32>, String, Vec<String>) {
    let output = kioku()
        .arg("build")
        .arg(input)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output.status.code(), stderr, files_in(out))
}

fn refused(name: &str, bytes: &[u8], message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), name, bytes);
    let (code, stderr, files) = build(&input, &dir.path().join("out"));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(name) && stderr.contains(message),
        "{stderr}"
    );
    assert!(files.is_empty(), "{files:?}");
}

fn converted(name: &str, bytes: &[u8]) -> (String, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), name, bytes);
    let out = dir.path().join("out");
    let (code, stderr, files) = build(&input, &out);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(files.len(), 5, "{files:?}");
    (stderr, out, dir)
}

#[test]
fn empty_file() {
    refused("empty.txt", b"", "nothing to convert");
}

#[test]
fn whitespace_only() {
    refused(
        "blank.txt",
        " \n\t\n\u{3000}\n".as_bytes(),
        "nothing to convert",
    );
}

#[test]
fn nul_bytes() {
    refused(
        "nul.txt",
        b"notes\nmore\0notes",
        "not a text file (NUL byte at line 2)",
    );
}

#[test]
fn undecodable_bytes() {
    refused(
        "garbled.txt",
        b"notes\n\xff\xfe\xfd\xfc\xfb",
        "cannot decode line 2",
    );
}

#[test]
fn a_ten_megabyte_line() {
    let mut text = "巨大な行\n".to_string();
    text.push_str(&"長い説明の文章".repeat(1_500_000));
    text.push_str("\n冗長化とは、同じ構成を複数用意すること\n");
    let (stderr, out, _dir) = converted("long.txt", text.as_bytes());
    assert!(
        stderr.contains("long.txt:2") && stderr.contains("passed over"),
        "{stderr}"
    );
    let triples = std::fs::read_to_string(out.join("long.triples.csv")).unwrap();
    assert!(
        triples.contains("冗長化"),
        "the lines around it still convert"
    );
}

#[test]
fn ten_thousand_deep_bullets() {
    let mut text = String::from("# 深い入れ子\n");
    for depth in 0..10_000 {
        text.push_str(&" ".repeat(depth));
        text.push_str(&format!("- 項目{depth}\n"));
    }
    converted("deep.md", text.as_bytes());
}

#[test]
fn a_million_short_lines() {
    let text = "短い行\n・項目\n".repeat(500_000);
    converted("many.txt", text.as_bytes());
}

#[test]
fn unbalanced_brackets_and_quotes() {
    converted(
        "brackets.txt",
        "「閉じない(括弧\n」逆向き)の「引用『\n\"半端な'引用\nAmazon S3とは((ストレージ」のこと\n"
            .as_bytes(),
    );
}

#[test]
fn html_and_script_tags() {
    let (_, out, _dir) = converted(
        "html.txt",
        "タグ\nタグとは、<script>alert(1)</script><b>太字</b>のような記法のこと\n".as_bytes(),
    );
    let anki_csv = std::fs::read_to_string(out.join("html.csv")).unwrap();
    assert!(
        anki_csv.contains("&lt;script&gt;") && !anki_csv.contains("<script>"),
        "{anki_csv}"
    );
}

#[test]
fn dot_and_csv_metacharacters() {
    let (_, out, _dir) = converted(
        "meta.txt",
        "記号\n\"引用\"とは、{波括弧} \\バックスラッシュ\\ <山括弧> ; , = + - @ を含む語のこと\n=SUMとは、数式に見える値のこと\n".as_bytes(),
    );
    let status = std::process::Command::new("dot")
        .arg("-Tsvg")
        .arg(out.join("meta.dot"))
        .arg("-o")
        .arg(out.join("meta.svg"))
        .status()
        .unwrap();
    assert!(status.success());
    let triples = std::fs::read_to_string(out.join("meta.triples.csv")).unwrap();
    assert!(triples.contains("'=SUM"), "{triples}");
}

#[test]
fn a_file_that_vanishes() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    write(
        &notes,
        "kept.txt",
        "冗長化とは、同じ構成を複数用意すること\n".as_bytes(),
    );
    // Listed by the folder walk, gone when read (a dangling link).
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), notes.join("gone.txt")).unwrap();
    let (code, stderr, files) = build(&notes, &dir.path().join("out"));
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("gone.txt") && stderr.contains("No such file"),
        "{stderr}"
    );
    assert!(files.contains(&"kept.apkg".to_string()), "{files:?}");
}

#[test]
fn an_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    // Reading /proc/self/mem fails (EIO) even for root, as a file without
    // read permission does for other users.
    let locked = dir.path().join("locked.txt");
    std::os::unix::fs::symlink("/proc/self/mem", &locked).unwrap();
    let (code, stderr, files) = build(&locked, &dir.path().join("out"));
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("locked.txt") && stderr.contains("reading"),
        "{stderr}"
    );
    assert!(files.is_empty());
}

#[test]
fn an_output_folder_that_is_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "a.txt",
        "冗長化とは、同じ構成を複数用意すること\n".as_bytes(),
    );
    let out = write(dir.path(), "exports", b"I am a file");
    let (code, stderr, _) = build(&input, &out);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("exports") && stderr.contains("not a folder"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"I am a file");
}

#[test]
fn an_output_folder_that_cannot_be_created() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "a.txt",
        "冗長化とは、同じ構成を複数用意すること\n".as_bytes(),
    );
    write(dir.path(), "file", b"");
    let out = dir.path().join("file").join("exports");
    let (code, stderr, _) = build(&input, &out);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("creating the output folder") && stderr.contains("exports"),
        "{stderr}"
    );
}

#[test]
fn two_inputs_with_the_same_stem() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::create_dir_all(dir.path().join("b")).unwrap();
    let first = write(
        &dir.path().join("a"),
        "notes.txt",
        "冗長化とは、同じ構成を複数用意すること\n".as_bytes(),
    );
    let second = write(
        &dir.path().join("b"),
        "notes.md",
        "# 負荷分散\n負荷分散とは、処理を振り分けること\n".as_bytes(),
    );
    let out = dir.path().join("out");
    kioku()
        .arg("build")
        .arg(&first)
        .arg(&second)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let files = files_in(&out);
    assert!(
        files.contains(&"notes.apkg".to_string()) && files.contains(&"notes-2.apkg".to_string()),
        "{files:?}"
    );
}

#[test]
fn a_user_dictionary_with_a_malformed_row() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "a.txt",
        "冗長化とは、同じ構成を複数用意すること\n".as_bytes(),
    );
    let userdic = write(
        dir.path(),
        "mine.csv",
        "冗長構成,カスタム名詞,ジョウチョウコウセイ\n\"壊れた,カスタム名詞\n".as_bytes(),
    );
    let out = dir.path().join("out");
    let output = kioku()
        .arg("build")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--userdic")
        .arg(&userdic)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("mine.csv:2"), "{stderr}");
    assert!(files_in(&out).is_empty());
}

#[test]
fn a_failed_run_keeps_the_previous_exports() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "a.txt",
        "冗長化とは、同じ構成を複数用意すること\n".as_bytes(),
    );
    let out = dir.path().join("out");
    kioku()
        .arg("build")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let before = std::fs::read(out.join("a.triples.csv")).unwrap();
    // The same input, now broken: the old exports stay as they were.
    std::fs::write(&input, b"\0\0").unwrap();
    kioku()
        .arg("build")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1);
    assert_eq!(std::fs::read(out.join("a.triples.csv")).unwrap(), before);
    assert!(
        !std::fs::read_dir(&out).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp"))
    );
}
