//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The kioku binary, run from the repository root.
pub fn kioku() -> Command {
    let mut cmd = Command::cargo_bin("kioku").expect("the kioku binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Runs a command that must fail with exit code 1 (and no panic); returns its stderr.
pub fn fails(command: &mut Command) -> String {
    let output = command.assert().code(1).get_output().clone();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// The sample notes.
pub fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/notes/aws-saa.txt")
}

/// The IPADIC source folder (`make test` sets KIOKU_IPADIC_SRC).
pub fn ipadic_sources() -> PathBuf {
    std::env::var_os("KIOKU_IPADIC_SRC")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/mecab/dic/ipadic"))
}

/// The names of the files in a folder, sorted, without hidden ones (the manifest).
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !name.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Runs `kioku build` on one file into a fresh folder and returns the folder.
pub fn build_into(input: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    kioku()
        .arg("build")
        .arg(input)
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    out
}

/// The notes file of a case folder under `tests/` (`notes.txt` or `notes.md`).
pub fn case_notes(folder: &str, case: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(folder)
        .join(case);
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_stem().is_some_and(|s| s == "notes"))
        .expect("a notes file")
}
