//! Batch conversion and the CLI around it: folders, standard input, merging,
//! incremental builds, a bad file among good ones, and the other commands.

mod util;

use std::path::Path;

use util::*;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

const NOTES_A: &str = "負荷分散\n負荷分散とは、処理を複数のサーバーに振り分けること\nAmazon CloudFrontはAmazon S3をオリジンに指定する。\n";
const NOTES_B: &str = "# 配信\n- Amazon S3\n  - オブジェクトを保存するストレージ\n- Amazon CloudFront\n  - コンテンツを配信するCDN\n";

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_folder_converts_each_file_and_skips_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes");
    write(&notes, "a.txt", NOTES_A);
    write(&notes, "sub/b.md", NOTES_B);
    write(&notes, "bad.txt", "ok\n\0\0binary");
    write(&notes, "ignored.csv", "not,notes\n");
    let out = dir.path().join("out");
    let output = kioku()
        .arg("build")
        .arg(&notes)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "a bad file makes the run fail at the end"
    );
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("bad.txt") && stderr.contains("not a text file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("3 files (2 built, 0 up to date, 1 failed)"),
        "{stderr}"
    );
    let files = files_in(&out);
    for stem in ["a", "b"] {
        for suffix in ["apkg", "csv", "dot", "json", "triples.csv"] {
            assert!(
                files.contains(&format!("{stem}.{suffix}")),
                "{stem}.{suffix} missing: {files:?}"
            );
        }
    }
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("bad.") || f.starts_with("ignored.")),
        "{files:?}"
    );
}

#[test]
fn unchanged_inputs_are_not_rebuilt_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NOTES_A);
    let b = write(dir.path(), "b.md", NOTES_B);
    let out = dir.path().join("out");
    let run = |extra: &[&str]| {
        let output = kioku()
            .arg("build")
            .arg(&a)
            .arg(&b)
            .arg("--out")
            .arg(&out)
            .args(extra)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        stderr_of(&output)
    };
    assert!(run(&[]).contains("(2 built, 0 up to date"));
    assert!(run(&[]).contains("(0 built, 2 up to date"));
    std::fs::write(
        &a,
        format!("{NOTES_A}冗長化とは、同じ構成を複数用意すること\n"),
    )
    .unwrap();
    assert!(run(&[]).contains("(1 built, 1 up to date"));
    assert!(run(&["--force"]).contains("(2 built, 0 up to date"));
}

#[test]
fn merge_makes_one_deck_where_a_shared_concept_is_one_node() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NOTES_A);
    let b = write(dir.path(), "b.md", NOTES_B);
    let out = dir.path().join("out");
    kioku()
        .arg("build")
        .arg(&a)
        .arg(&b)
        .arg("--merge")
        .arg("course")
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        files_in(&out),
        [
            "course.apkg",
            "course.csv",
            "course.dot",
            "course.json",
            "course.triples.csv"
        ]
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("course.json")).unwrap()).unwrap();
    let s3: Vec<&serde_json::Value> = json["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"] == "Amazon S3")
        .collect();
    assert_eq!(s3.len(), 1, "Amazon S3 is one node");
    let sources: std::collections::BTreeSet<&str> = json["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources.into_iter().collect::<Vec<_>>(), ["a.txt", "b.md"]);
}

#[test]
fn standard_input_is_named_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    kioku()
        .args(["build", "-", "--name", "piped.md", "--out"])
        .arg(&out)
        .write_stdin(NOTES_B)
        .assert()
        .success();
    assert!(files_in(&out).contains(&"piped.apkg".to_string()));
    let csv = std::fs::read_to_string(out.join("piped.triples.csv")).unwrap();
    assert!(csv.contains(",piped.md,"), "{csv}");
}

#[test]
fn formats_choose_the_exports() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NOTES_A);
    let out = dir.path().join("out");
    kioku()
        .arg("build")
        .arg(&a)
        .args(["--format", "triples,dot", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(files_in(&out), ["a.dot", "a.triples.csv"]);
}

#[test]
fn diff_lists_what_anki_will_see() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NOTES_A);
    let old = dir.path().join("old");
    let new = dir.path().join("new");
    kioku()
        .arg("build")
        .arg(&a)
        .arg("--out")
        .arg(&old)
        .assert()
        .success();
    std::fs::write(
        &a,
        NOTES_A.replace("振り分けること", "分散させること")
            + "冗長化とは、同じ構成を複数用意すること\n",
    )
    .unwrap();
    kioku()
        .arg("build")
        .arg(&a)
        .arg("--out")
        .arg(&new)
        .assert()
        .success();
    let output = kioku().arg("diff").arg(&old).arg(&new).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("~ changed") && l.contains("負荷分散")),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("+ added") && l.contains("冗長化")),
        "{stdout}"
    );
    assert!(
        stderr_of(&output).contains("1 added, 1 changed, 0 removed"),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn graph_stats_and_completions_print_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NOTES_A);
    for (format, marker) in [
        ("dot", "digraph kioku"),
        ("json", "\"kioku-graph/1\""),
        ("mermaid", "flowchart LR"),
    ] {
        let stdout = kioku()
            .arg("graph")
            .arg(&a)
            .args(["--format", format])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert!(
            String::from_utf8(stdout).unwrap().contains(marker),
            "{format}"
        );
    }
    let stats = kioku()
        .arg("stats")
        .arg(&a)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let stats = String::from_utf8(stats).unwrap();
    assert!(stats.lines().any(|l| l == "kind\tdefinition\t1"), "{stats}");
    let script = kioku()
        .args(["completions", "bash"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(script).unwrap().contains("kioku"));
}

#[test]
fn usage_errors_exit_two() {
    kioku().arg("build").assert().code(2);
    kioku()
        .args(["build", "x.txt", "--format", "pdf"])
        .assert()
        .code(2);
    kioku().arg("no-such-command").assert().code(2);
}

/// A rebuild that makes the same exports leaves the files in place as they
/// are (the package too: its notes and the collection keep their times); a
/// changed note rewrites what it changes.
#[cfg(unix)]
#[test]
fn rebuilding_the_same_exports_leaves_the_files_as_they_are() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NOTES_A);
    let out = dir.path().join("out");
    let build = || {
        kioku()
            .arg("build")
            .arg(&a)
            .arg("--out")
            .arg(&out)
            .arg("--force")
            .assert()
            .success();
        files_in(&out)
            .into_iter()
            .map(|name| {
                let path = out.join(&name);
                let inode = std::fs::metadata(&path).unwrap().ino();
                (name, inode, std::fs::read(&path).unwrap())
            })
            .collect::<Vec<_>>()
    };
    let first = build();
    assert_eq!(
        first.len(),
        5,
        "{:?}",
        first.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    // Past the second the package's times are counted in.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(build(), first);
    std::fs::write(
        &a,
        format!("{NOTES_A}冗長化とは、同じ構成を複数用意すること\n"),
    )
    .unwrap();
    let edited = build();
    for ((name, _, old), (_, _, new)) in first.iter().zip(&edited) {
        if name.ends_with(".apkg") || name.ends_with(".triples.csv") || name.ends_with(".csv") {
            assert_ne!(old, new, "{name}");
        }
    }
}
