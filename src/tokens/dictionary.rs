//! Dictionaries: compiling MeCab IPADIC sources offline, loading the result,
//! and building the domain user dictionary.
//!
//! `build` takes a folder of IPADIC sources (`*.csv`, `*.def`, EUC-JP or UTF-8),
//! decodes them to UTF-8 in a staging folder, runs lindera's own dictionary
//! builder and moves the result into place in one rename, with a stamp that
//! says which sources it came from so an up-to-date dictionary is reused.

use std::io::Write;
use std::path::{Path, PathBuf};

use lindera::dictionary::Dictionary;
use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::UserDictionary;
use lindera_dictionary::dictionary::metadata::Metadata;
use lindera_dictionary::dictionary::schema::Schema;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Environment variable naming the compiled dictionary folder.
pub const DICT_ENV: &str = "KIOKU_DICT";
/// The stamp kioku writes into a compiled dictionary folder.
const STAMP_FILE: &str = "kioku-dictionary.json";
/// Source files every IPADIC source folder has besides its `*.csv` lexicon.
const REQUIRED_DEFS: &[&str] = &["matrix.def", "char.def", "unk.def"];

/// What `build` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildOutcome {
    /// The dictionary was compiled into the folder.
    Built {
        /// Lexicon entries read from the sources.
        n_entries: usize,
    },
    /// The folder already held a dictionary built from the same sources.
    UpToDate,
}

/// The compiled dictionary folder to use: `KIOKU_DICT`, else the user's cache.
pub fn default_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DICT_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("kioku")
        .join(format!("ipadic-lindera-{}", lindera::get_version()))
}

/// The metadata of lindera's IPADIC layout: thirteen columns per lexicon row,
/// three per simple user dictionary row (surface, part of speech, reading).
pub fn ipadic_metadata() -> Metadata {
    let fields = [
        "surface",
        "left_context_id",
        "right_context_id",
        "cost",
        "part_of_speech",
        "part_of_speech_subcategory_1",
        "part_of_speech_subcategory_2",
        "part_of_speech_subcategory_3",
        "conjugation_form",
        "conjugation_type",
        "base_form",
        "reading",
        "pronunciation",
    ];
    Metadata::new(
        "ipadic".to_string(),
        "UTF-8".to_string(),
        -10000,
        0,
        0,
        "*".to_string(),
        true,
        false,
        true,
        Schema::new(fields.iter().map(|s| s.to_string()).collect()),
        Schema::new(vec![
            "surface".to_string(),
            "part_of_speech".to_string(),
            "reading".to_string(),
        ]),
    )
}

/// Compiles IPADIC sources from `from` into `to`, unless `to` already holds a
/// dictionary built from the same sources (and `force` is off).
pub fn build(from: &Path, to: &Path, force: bool) -> Result<BuildOutcome> {
    let sources = source_files(from)?;
    let fingerprint = fingerprint(&sources)?;
    if !force && stamp_matches(to, &fingerprint) {
        return Ok(BuildOutcome::UpToDate);
    }
    let parent = to
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".kioku-dict-")
        .tempdir_in(parent)
        .map_err(|e| Error::io("creating a staging folder in", parent, e))?;
    let utf8_dir = staging.path().join("src");
    let out_dir = staging.path().join("out");
    std::fs::create_dir_all(&utf8_dir).map_err(|e| Error::io("creating", &utf8_dir, e))?;
    let mut n_entries = 0;
    let mut noun_contexts = None;
    for path in &sources {
        let bytes = std::fs::read(path).map_err(|e| Error::io("reading", path, e))?;
        let text = decode_source(path, &bytes)?;
        if path.extension().is_some_and(|e| e == "csv") {
            n_entries += text.lines().filter(|l| !l.is_empty()).count();
        }
        if path.file_name().is_some_and(|n| n == "left-id.def") {
            noun_contexts = read_noun_contexts(&text);
        }
        let target = utf8_dir.join(path.file_name().expect("listed files have names"));
        std::fs::write(&target, text).map_err(|e| Error::io("writing", &target, e))?;
    }
    DictionaryBuilder::new(ipadic_metadata())
        .build_dictionary(&utf8_dir, &out_dir)
        .map_err(|e| Error::DictionarySource {
            path: from.to_path_buf(),
            reason: format!("lindera could not compile these sources: {e}"),
        })?;
    let stamp = serde_json::json!({
        "fingerprint": fingerprint,
        "source": from.display().to_string(),
        "lindera": lindera::get_version(),
        "entries": n_entries,
        "noun_contexts": noun_contexts,
    });
    let stamp_path = out_dir.join(STAMP_FILE);
    std::fs::write(&stamp_path, stamp.to_string())
        .map_err(|e| Error::io("writing", &stamp_path, e))?;
    if to.exists() {
        std::fs::remove_dir_all(to).map_err(|e| Error::io("replacing", to, e))?;
    }
    std::fs::rename(&out_dir, to).map_err(|e| Error::io("moving the dictionary to", to, e))?;
    Ok(BuildOutcome::Built { n_entries })
}

/// Loads a compiled dictionary (memory-mapped).
pub fn load(dir: &Path) -> Result<Dictionary> {
    if !dir.join(STAMP_FILE).is_file() && !dir.join("metadata.json").is_file() {
        return Err(Error::DictionaryMissing {
            path: dir.to_path_buf(),
        });
    }
    // lindera can panic on truncated files; a broken cache must not crash kioku.
    let loaded = std::panic::catch_unwind(|| lindera::dictionary::load_fs_dictionary(dir));
    match loaded {
        Ok(Ok(dictionary)) => Ok(dictionary),
        Ok(Err(e)) => Err(Error::DictionaryBroken {
            path: dir.to_path_buf(),
            reason: e.to_string(),
        }),
        Err(_) => Err(Error::DictionaryBroken {
            path: dir.to_path_buf(),
            reason: "lindera failed while reading it".to_string(),
        }),
    }
}

/// One row of a user dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserEntry {
    /// The word as it appears in text.
    pub surface: String,
    /// Its part of speech: `カスタム名詞` (custom noun) in a simple row, or the
    /// four IPADIC levels joined by `,` in a detailed row.
    pub part_of_speech: String,
    /// Its reading in katakana (may be empty).
    pub reading: String,
    /// For a detailed row: the IPADIC context id (left = right) and word cost.
    pub context: Option<(u16, i16)>,
}

/// Context ids of the IPADIC noun classes kioku files its user words under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NounContexts {
    /// 名詞,一般 (common noun).
    pub common: u16,
    /// 名詞,固有名詞,一般 (proper noun).
    pub proper: u16,
}

/// The noun context ids recorded when the dictionary at `dir` was built.
pub fn noun_contexts(dir: &Path) -> Option<NounContexts> {
    let text = std::fs::read_to_string(dir.join(STAMP_FILE)).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    serde_json::from_value(value.get("noun_contexts")?.clone()).ok()
}

/// Finds the noun classes' ids in IPADIC's `left-id.def` (`1285 名詞,一般,*,*,*,*,*`).
fn read_noun_contexts(left_id_def: &str) -> Option<NounContexts> {
    let find = |pos: &str| {
        left_id_def.lines().find_map(|line| {
            let (id, rest) = line.split_once(' ')?;
            rest.starts_with(pos).then(|| id.parse().ok()).flatten()
        })
    };
    Some(NounContexts {
        common: find("名詞,一般,*,*,*,*,*")?,        // common noun
        proper: find("名詞,固有名詞,一般,*,*,*,*")?, // proper noun
    })
}

/// Part of speech given to catalog names: lindera's custom noun.
pub const CUSTOM_NOUN: &str = "カスタム名詞"; // custom noun

/// Parses a simple user dictionary CSV (3 fields per row), naming the file
/// and line of the first malformed row.
pub fn parse_user_csv(path: &Path, text: &str) -> Result<Vec<UserEntry>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut entries = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::UserDictionary {
            path: path.to_path_buf(),
            line: e.position().map_or(0, |p| p.line() as usize),
            reason: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let bad = |reason: String| Error::UserDictionary {
            path: path.to_path_buf(),
            line,
            reason,
        };
        if record.len() != 3 {
            return Err(bad(format!(
                "expected 3 fields (surface,part_of_speech,reading), found {}",
                record.len()
            )));
        }
        let surface = record[0].trim();
        if surface.is_empty() {
            return Err(bad("empty surface".to_string()));
        }
        if surface.chars().any(char::is_whitespace) {
            return Err(bad(format!("surface {surface:?} contains white space")));
        }
        entries.push(UserEntry {
            surface: surface.to_string(),
            part_of_speech: record[1].trim().to_string(),
            reading: record[2].trim().to_string(),
            context: None,
        });
    }
    Ok(entries)
}

/// Compiles user entries (first occurrence of a surface wins) against a
/// system dictionary's metadata.
///
/// With a `cache` folder (the compiled dictionary's), the built dictionary is
/// kept there in a file named after a hash of everything it is built from
/// (the rows, the system dictionary's stamp and metadata, lindera's
/// version), and the next start loads that file instead of building again:
/// building takes about 7 ms for the bundled words, loading a fraction of
/// one. The cache is best effort: a folder that cannot be written to, or a
/// file that does not load, means building as if there were none.
pub fn build_user_dictionary(
    dictionary: &Dictionary,
    entries: &[UserEntry],
    cache: Option<&Path>,
) -> Result<Option<UserDictionary>> {
    let mut seen = std::collections::HashSet::new();
    let mut csv_text = Vec::new();
    {
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut csv_text);
        for entry in entries {
            if !seen.insert(entry.surface.as_str()) {
                continue;
            }
            match entry.context {
                None => {
                    writer.write_record([&entry.surface, &entry.part_of_speech, &entry.reading])
                }
                Some((id, cost)) => {
                    let mut pos: Vec<&str> = entry.part_of_speech.split(',').collect();
                    pos.resize(4, "*");
                    let reading = if entry.reading.is_empty() {
                        "*"
                    } else {
                        &entry.reading
                    };
                    let (id, cost) = (id.to_string(), cost.to_string());
                    let mut row = vec![entry.surface.as_str(), &id, &id, &cost];
                    row.extend(pos);
                    row.extend(["*", "*", &entry.surface, reading, reading]);
                    writer.write_record(row)
                }
            }
            .expect("writing to memory");
        }
        writer.flush().expect("writing to memory");
    }
    if seen.is_empty() {
        return Ok(None);
    }
    let metadata: Metadata = (*dictionary.metadata).clone();
    let cached = cache.map(|dir| {
        let name = format!(
            "{USER_CACHE_PREFIX}{}.bin",
            user_key(dir, &metadata, &csv_text)
        );
        dir.join(name)
    });
    if let Some(user) = cached.as_deref().and_then(load_cached_user) {
        return Ok(Some(user));
    }
    let user = DictionaryBuilder::new(metadata)
        .build_user_dict_from_reader(csv_text.as_slice())
        .map_err(|e| Error::UserDictionary {
            path: PathBuf::from("<user dictionary>"),
            line: 0,
            reason: e.to_string(),
        })?;
    if let Some(path) = &cached {
        keep_user(path, &user);
    }
    Ok(Some(user))
}

/// How the files of kept user dictionaries are named (a hash follows).
const USER_CACHE_PREFIX: &str = "kioku-user-";

/// The hash a kept user dictionary is filed under: of lindera's version,
/// the stamp of the compiled dictionary in `dir`, its metadata and the rows.
fn user_key(dir: &Path, metadata: &Metadata, csv_text: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(lindera::get_version().as_bytes());
    hasher.update([0]);
    hasher.update(std::fs::read(dir.join(STAMP_FILE)).unwrap_or_default());
    hasher.update([0]);
    hasher.update(serde_json::to_vec(metadata).unwrap_or_default());
    hasher.update([0]);
    hasher.update(csv_text);
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A kept user dictionary, if `path` holds one that loads.
fn load_cached_user(path: &Path) -> Option<UserDictionary> {
    let bytes = std::fs::read(path).ok()?;
    // rkyv checks the archive; lindera's loader is still kept from
    // crashing kioku on a file it does not expect.
    std::panic::catch_unwind(|| UserDictionary::load(&bytes))
        .ok()?
        .ok()
}

/// Keeps a built user dictionary at `path`, written under a temporary name
/// and renamed, so a process starting meanwhile reads all of it or none;
/// the files of other rows are removed. Failures are ignored (see
/// [`build_user_dictionary`]).
fn keep_user(path: &Path, user: &UserDictionary) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let temporary = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = lindera_dictionary::builder::user_dictionary::build_user_dictionary(
        user.clone(),
        &temporary,
    )
    .is_ok()
        && std::fs::rename(&temporary, path).is_ok();
    if !written {
        let _ = std::fs::remove_file(&temporary);
        return;
    }
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in listing.flatten() {
        let other = entry.file_name();
        let other = other.to_string_lossy();
        if other.starts_with(USER_CACHE_PREFIX) && other.ends_with(".bin") && *other != *name {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn source_files(from: &Path) -> Result<Vec<PathBuf>> {
    let read_dir = std::fs::read_dir(from).map_err(|e| Error::DictionarySource {
        path: from.to_path_buf(),
        reason: format!("cannot read the IPADIC source folder ({e}); install Debian's mecab-ipadic or run `make dict`"),
    })?;
    let mut files: Vec<PathBuf> = read_dir
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "csv" || e == "def"))
        .collect();
    files.sort();
    for required in REQUIRED_DEFS {
        if !files
            .iter()
            .any(|p| p.file_name().is_some_and(|n| n == *required))
        {
            return Err(Error::DictionarySource {
                path: from.to_path_buf(),
                reason: format!("not an IPADIC source folder: {required} is missing"),
            });
        }
    }
    if !files
        .iter()
        .any(|p| p.extension().is_some_and(|e| e == "csv"))
    {
        return Err(Error::DictionarySource {
            path: from.to_path_buf(),
            reason: "not an IPADIC source folder: no *.csv lexicon files".to_string(),
        });
    }
    Ok(files)
}

/// Decodes one source file: UTF-8 if it is valid UTF-8, else EUC-JP (as
/// Debian ships IPADIC).
fn decode_source(path: &Path, bytes: &[u8]) -> Result<String> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    encoding_rs::EUC_JP
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| t.into_owned())
        .ok_or_else(|| Error::DictionarySource {
            path: path.to_path_buf(),
            reason: "neither UTF-8 nor EUC-JP".to_string(),
        })
}

/// A hash of the sources' names, sizes and contents' first and last bytes
/// with their modification times: cheap, and changes when a source does.
fn fingerprint(sources: &[PathBuf]) -> Result<String> {
    let mut hasher = Sha256::new();
    hasher.update(lindera::get_version().as_bytes());
    for path in sources {
        let meta = std::fs::metadata(path).map_err(|e| Error::io("reading", path, e))?;
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs());
        let mut line = Vec::new();
        writeln!(
            line,
            "{}	{}	{}",
            path.file_name().unwrap().to_string_lossy(),
            meta.len(),
            modified
        )
        .expect("writing to memory");
        hasher.update(&line);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn stamp_matches(to: &Path, fingerprint: &str) -> bool {
    let Ok(text) = std::fs::read_to_string(to.join(STAMP_FILE)) else {
        return false;
    };
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            v.get("fingerprint")
                .and_then(|f| f.as_str())
                .map(|f| f == fingerprint)
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_csv_rows_are_checked_with_line_numbers() {
        let ok =
            parse_user_csv(Path::new("u.csv"), "冗長化,カスタム名詞,ジョウチョウカ\n").unwrap();
        assert_eq!(ok[0].surface, "冗長化");
        let err = parse_user_csv(
            Path::new("u.csv"),
            "冗長化,カスタム名詞,ジョウチョウカ\n壊れた行\n",
        )
        .unwrap_err();
        assert!(
            matches!(err, Error::UserDictionary { line: 2, .. }),
            "{err}"
        );
        assert!(err.to_string().starts_with("u.csv:2:"), "{err}");
    }

    /// The parts of a user dictionary, as bytes: what a kept one must give back.
    fn user_parts(user: &UserDictionary) -> Vec<Vec<u8>> {
        let dict = &user.dict;
        vec![
            dict.da.serialize(),
            dict.vals_data.to_vec(),
            dict.words_idx_data.to_vec(),
            dict.words_data.to_vec(),
        ]
    }

    /// The `kioku-user-*.bin` files in `dir`.
    fn kept(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(USER_CACHE_PREFIX))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_kept_user_dictionary_is_the_one_built() {
        let system = &crate::testing::pipeline().tokenizer.segmenter.dictionary;
        let entries = parse_user_csv(
            Path::new("u.csv"),
            "冗長化,カスタム名詞,ジョウチョウカ\n疎結合,カスタム名詞,ソケツゴウ\n",
        )
        .unwrap();
        let cache = tempfile::tempdir().unwrap();
        let built = build_user_dictionary(system, &entries, None)
            .unwrap()
            .unwrap();
        let first = build_user_dictionary(system, &entries, Some(cache.path()))
            .unwrap()
            .unwrap();
        let names = kept(cache.path());
        assert_eq!(names.len(), 1, "{names:?}");
        assert_eq!(user_parts(&first), user_parts(&built));
        // The second start loads the kept file: the same dictionary.
        let path = cache.path().join(&names[0]);
        let loaded = load_cached_user(&path).expect("the kept file loads");
        assert_eq!(user_parts(&loaded), user_parts(&built));
        let second = build_user_dictionary(system, &entries, Some(cache.path()))
            .unwrap()
            .unwrap();
        assert_eq!(user_parts(&second), user_parts(&built));
        // A damaged file is built anew and replaced.
        std::fs::write(&path, b"not a dictionary").unwrap();
        assert!(load_cached_user(&path).is_none());
        let third = build_user_dictionary(system, &entries, Some(cache.path()))
            .unwrap()
            .unwrap();
        assert_eq!(user_parts(&third), user_parts(&built));
        assert!(load_cached_user(&path).is_some());
        // Other rows are kept under another name; the old file goes.
        let fewer = &entries[..1];
        let other = build_user_dictionary(system, fewer, Some(cache.path()))
            .unwrap()
            .unwrap();
        assert_eq!(
            user_parts(&other),
            user_parts(&build_user_dictionary(system, fewer, None).unwrap().unwrap())
        );
        let now = kept(cache.path());
        assert_eq!(now.len(), 1, "{now:?}");
        assert_ne!(now, names);
    }

    #[test]
    fn missing_sources_are_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("char.def"), "").unwrap();
        let err = build(dir.path(), &dir.path().join("out"), false).unwrap_err();
        assert!(err.to_string().contains("matrix.def is missing"), "{err}");
    }

    #[test]
    fn missing_dictionary_names_the_command() {
        let dir = tempfile::tempdir().unwrap();
        let Err(err) = load(&dir.path().join("nowhere")) else {
            panic!("loaded a dictionary from nowhere");
        };
        assert!(matches!(err, Error::DictionaryMissing { .. }));
        assert!(err.to_string().contains("kioku dict build"));
    }
}
