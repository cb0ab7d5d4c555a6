//! Exports: files written from a [`ConceptGraph`].
//!
//! Each format lives in `export/<format>.rs` and writes to any `io::Write`;
//! this module names the files and writes each one atomically (a temporary
//! file in the output folder, renamed into place), so a failed run never
//! leaves a half-written export. Only `export` writes files.

pub mod anki;
pub mod anki_csv;
pub mod cards;
pub mod dot;
pub mod json;
pub mod mermaid;
pub mod triples;

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::graph::ConceptGraph;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    /// `<stem>.triples.csv`: the facts, as `../shared/gold/SCHEMA.md` fixes them.
    Triples,
    /// `<stem>.apkg`: an Anki package.
    Apkg,
    /// `<stem>.csv`: the same notes in Anki's text-import format.
    Csv,
    /// `<stem>.dot`: the concept map for Graphviz.
    Dot,
    /// `<stem>.json`: the whole graph.
    Json,
}

impl Format {
    /// Every format, in the order they are written.
    pub const ALL: [Format; 5] = [
        Format::Triples,
        Format::Apkg,
        Format::Csv,
        Format::Dot,
        Format::Json,
    ];

    /// The file name suffix.
    pub fn suffix(self) -> &'static str {
        match self {
            Format::Triples => "triples.csv",
            Format::Apkg => "apkg",
            Format::Csv => "csv",
            Format::Dot => "dot",
            Format::Json => "json",
        }
    }
}

/// Options shared by the exporters.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The root deck name (`kioku`).
    pub deck_root: String,
    /// The name of the set of notes, used in deck names and tags (`aws-saa`).
    pub stem: String,
}

/// What [`write_all`] wrote.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// The files, in format order.
    pub paths: Vec<PathBuf>,
    /// How many Anki notes the deck holds.
    pub n_notes: usize,
}

/// The manifest kioku keeps in an output folder, for incremental builds.
pub const MANIFEST_FILE: &str = ".kioku-manifest.json";

/// Which exports in a folder were built from what: stem → fingerprint of the
/// input and the settings.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    /// Stem → fingerprint.
    pub entries: std::collections::BTreeMap<String, String>,
}

impl Manifest {
    /// The folder's manifest (empty when there is none or it is unreadable).
    pub fn load(out_dir: &Path) -> Manifest {
        std::fs::read_to_string(out_dir.join(MANIFEST_FILE))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Whether `stem` was built from `fingerprint` and its exports are all there.
    pub fn is_current(
        &self,
        stem: &str,
        fingerprint: &str,
        out_dir: &Path,
        formats: &[Format],
    ) -> bool {
        self.entries.get(stem).is_some_and(|f| f == fingerprint)
            && formats.iter().all(|format| {
                out_dir
                    .join(format!("{stem}.{}", format.suffix()))
                    .is_file()
            })
    }
}

/// Writes the manifest (atomically).
pub fn write_manifest(out_dir: &Path, manifest: &Manifest) -> Result<()> {
    write_atomic(&out_dir.join(MANIFEST_FILE), |w| {
        serde_json::to_writer_pretty(&mut *w, manifest)?;
        w.write_all(b"\n")
    })
}

/// Makes sure the output folder exists and is a folder.
pub fn prepare_folder(out_dir: &Path) -> Result<()> {
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(Error::Export {
            path: out_dir.to_path_buf(),
            reason: "the output path exists and is not a folder".to_string(),
        });
    }
    std::fs::create_dir_all(out_dir)
        .map_err(|e| Error::io("creating the output folder", out_dir, e))
}

/// Writes the chosen formats into `out_dir` as `<stem>.<suffix>`, durably.
pub fn write_all(
    graph: &ConceptGraph,
    out_dir: &Path,
    options: &ExportOptions,
    formats: &[Format],
) -> Result<Written> {
    let (written, staged) = stage_all(graph, out_dir, options, formats)?;
    commit(out_dir, vec![staged])
        .pop()
        .expect("one set committed")?;
    Ok(written)
}

/// Writes the chosen formats into temporary files in `out_dir`, to be
/// renamed into place as `<stem>.<suffix>` by [`commit`]; an export whose
/// bytes are those of the file already in place is left as it is.
pub fn stage_all(
    graph: &ConceptGraph,
    out_dir: &Path,
    options: &ExportOptions,
    formats: &[Format],
) -> Result<(Written, Staged)> {
    prepare_folder(out_dir)?;
    let notes = cards::notes(graph, options);
    let mut written = Vec::new();
    let mut staged = Staged::default();
    for &format in formats {
        let path = out_dir.join(format!("{}.{}", options.stem, format.suffix()));
        match format {
            Format::Triples => staged.write(&path, |w| triples::write(graph, w))?,
            Format::Apkg => {
                // The package written before keeps unchanged notes' modification times.
                let previous = anki::previous_notes(&path);
                staged.write_file(&path, |file| anki::write(&notes, options, &previous, file))?
            }
            Format::Csv => staged.write(&path, |w| anki_csv::write(&notes, w))?,
            Format::Dot => staged.write(&path, |w| dot::write(graph, options, w))?,
            Format::Json => staged.write(&path, |w| json::write(graph, w))?,
        }
        written.push(path);
    }
    Ok((
        Written {
            paths: written,
            n_notes: notes.len(),
        },
        staged,
    ))
}

/// Files written under temporary names next to where they belong, not yet
/// durable and not yet in place: [`commit`] syncs and renames them. Dropped
/// uncommitted, they are deleted, and the files they were to replace stay as
/// they were.
#[derive(Default)]
pub struct Staged {
    files: Vec<(tempfile::TempPath, PathBuf)>,
}

impl Staged {
    /// Writes a file's contents in memory, then, unless the file in place
    /// holds just these bytes, into a temporary file next to `path`.
    pub fn write(
        &mut self,
        path: &Path,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| Error::Export {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        self.put(path, &bytes)
    }

    /// Like [`Staged::write`], handing the writer a seekable buffer.
    pub fn write_file(
        &mut self,
        path: &Path,
        write: impl FnOnce(&mut Cursor<Vec<u8>>) -> std::result::Result<(), String>,
    ) -> Result<()> {
        let mut buffer = Cursor::new(Vec::new());
        write(&mut buffer).map_err(|reason| Error::Export {
            path: path.to_path_buf(),
            reason,
        })?;
        self.put(path, buffer.get_ref())
    }

    /// Stages `bytes` as the new contents of `path`, unless they are its
    /// contents already: a file left as it is costs no temporary file, no
    /// sync and no rename.
    fn put(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        if holds(path, bytes) {
            return Ok(());
        }
        let mut temp = temp_beside(path)?;
        temp.write_all(bytes).map_err(|e| Error::Export {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        // Closed now: a large batch must not hold a descriptor per file.
        self.files.push((temp.into_temp_path(), path.to_path_buf()));
        Ok(())
    }
}

/// Whether `path` is a regular file holding exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    std::fs::symlink_metadata(path)
        .is_ok_and(|meta| meta.is_file() && meta.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// A temporary file in the folder of `path`, to be renamed onto it. It is
/// created as any new file would be (read-write for all, less the umask), not
/// private as temporary files are by default: the export it becomes is
/// shared like any other file the user writes.
fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = parent(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".kioku-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
        .tempfile_in(dir)
        .map_err(|e| Error::io("creating a temporary file in", dir, e))
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Makes every staged file durable (a sync per file for a few files; for
/// more, one flush of the file system that holds them, `syncfs`, on Linux),
/// then renames each into place and syncs the folder, so that no file is
/// ever seen half written, even after a crash. One result per set, in order: a set whose
/// renames failed reports it, the others are in place.
pub fn commit(dir: &Path, sets: Vec<Staged>) -> Vec<Result<()>> {
    if sets.iter().all(|s| s.files.is_empty()) {
        return sets.iter().map(|_| Ok(())).collect();
    }
    if let Err(error) = sync_staged(&sets) {
        return sets
            .iter()
            .map(|_| Err(Error::io("writing", dir, clone_error(&error))))
            .collect();
    }
    let mut folders = std::collections::BTreeSet::new();
    let results = sets
        .into_iter()
        .map(|set| {
            for (temp, path) in set.files {
                folders.insert(parent(&path).to_path_buf());
                temp.persist(&path)
                    .map_err(|e| Error::io("renaming into", &path, e.error))?;
            }
            Ok(())
        })
        .collect();
    // The renames themselves: best effort, as a folder cannot be synced everywhere.
    for folder in folders {
        if let Ok(handle) = std::fs::File::open(&folder) {
            let _ = handle.sync_all();
        }
    }
    results
}

fn clone_error(error: &std::io::Error) -> std::io::Error {
    std::io::Error::new(error.kind(), error.to_string())
}

/// Up to this many staged files are synced one by one; more, with one flush
/// of their file system. A sync of the whole file system also writes out
/// every other program's unsaved data on it, which a single notes file's
/// five exports should not wait for.
const SYNC_EACH_UP_TO: usize = 16;

#[cfg(target_os = "linux")]
fn sync_staged(sets: &[Staged]) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    if sets.iter().map(|s| s.files.len()).sum::<usize>() <= SYNC_EACH_UP_TO {
        return sync_each(sets);
    }
    let mut synced = std::collections::BTreeSet::new();
    for set in sets {
        for (temp, _) in &set.files {
            let folder = parent(temp);
            if synced.insert(folder.to_path_buf()) {
                let handle = std::fs::File::open(folder)?;
                // SAFETY: syncfs only reads the descriptor, which `handle` keeps open.
                if unsafe { libc::syncfs(handle.as_raw_fd()) } != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
        }
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn sync_staged(sets: &[Staged]) -> std::io::Result<()> {
    sync_each(sets)
}

/// Syncs each staged file's data on its own.
fn sync_each(sets: &[Staged]) -> std::io::Result<()> {
    for set in sets {
        for (temp, _) in &set.files {
            std::fs::OpenOptions::new()
                .write(true)
                .open(temp)?
                .sync_data()?;
        }
    }
    Ok(())
}

/// Writes a file's contents in memory, then, unless the file in place holds
/// them already, into a temporary file next to `path`, syncs it and renames
/// it into place: a [`Staged`] set of one, committed.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let mut staged = Staged::default();
    staged.write(path, write)?;
    commit_one(path, staged)
}

/// Like [`write_atomic`], handing the writer a seekable buffer.
pub fn write_atomic_file(
    path: &Path,
    write: impl FnOnce(&mut Cursor<Vec<u8>>) -> std::result::Result<(), String>,
) -> Result<()> {
    let mut staged = Staged::default();
    staged.write_file(path, write)?;
    commit_one(path, staged)
}

fn commit_one(path: &Path, staged: Staged) -> Result<()> {
    commit(parent(path), vec![staged]).pop().unwrap_or(Ok(()))
}

/// Escapes text for HTML fields and labels.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
