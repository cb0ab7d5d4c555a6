//! Batch: converting many notes files in one run.
//!
//! Paths go in (files, folders searched recursively, `-` for standard input);
//! a [`BuildReport`] comes out, one [`FileReport`] per input in input order,
//! whatever order the worker threads finished in. Inputs are processed in
//! parallel (rayon); a bad input is reported and skipped while the others
//! convert. An input whose content and build settings are unchanged since the
//! last build into the same folder is not rebuilt (the manifest in
//! `export::manifest`).

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::export::{self, ExportOptions, Format, Manifest};
use crate::graph::ConceptGraph;
use crate::{Pipeline, Processed, source};

/// The files a folder is searched for by default.
pub const DEFAULT_GLOB: &str = "*.{txt,md,markdown}";

/// Where one input's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputSource {
    /// A file on disk.
    File(PathBuf),
    /// Standard input, read once.
    Stdin(Vec<u8>),
}

/// One notes file of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where it comes from.
    pub source: InputSource,
    /// The file name shown in provenance (`aws-saa.txt`).
    pub name: String,
    /// The name its exports take, unique within the batch (`aws-saa`).
    pub stem: String,
}

impl Input {
    /// The input's bytes.
    pub fn bytes(&self) -> Result<Vec<u8>> {
        match &self.source {
            InputSource::File(path) => {
                std::fs::read(path).map_err(|e| Error::io("reading", path, e))
            }
            InputSource::Stdin(bytes) => Ok(bytes.clone()),
        }
    }

    /// The path shown in messages.
    pub fn display_path(&self) -> PathBuf {
        match &self.source {
            InputSource::File(path) => path.clone(),
            InputSource::Stdin(_) => PathBuf::from(&self.name),
        }
    }
}

/// Collects the inputs named by `paths`: files as given, folders searched
/// recursively for files matching `glob`, `-` as standard input named
/// `stdin_name`. Folders are walked in sorted order; an input named twice is
/// taken once; stems that collide get `-2`, `-3` … in input order.
pub fn collect_inputs(paths: &[PathBuf], glob: &str, stdin_name: &str) -> Result<Vec<Input>> {
    let matcher: GlobMatcher = Glob::new(glob)
        .map_err(|e| Error::Io {
            action: "reading the pattern",
            path: PathBuf::from(glob),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string()),
        })?
        .compile_matcher();
    let mut inputs: Vec<Input> = Vec::new();
    let mut seen_files = std::collections::HashSet::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io("reading", "<stdin>", e))?;
            inputs.push(Input {
                source: InputSource::Stdin(bytes),
                name: stdin_name.to_string(),
                stem: stem_of(stdin_name),
            });
        } else if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &matcher, &mut found)
                .map_err(|e| Error::io("reading the folder", path, e))?;
            found.sort();
            for file in found {
                if seen_files.insert(file.clone()) {
                    inputs.push(file_input(file));
                }
            }
        } else if seen_files.insert(path.clone()) {
            // A missing or unreadable file is reported when it is read.
            inputs.push(file_input(path.clone()));
        }
    }
    // Two inputs must not write the same exports.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for input in &mut inputs {
        let n = counts.entry(input.stem.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            input.stem = format!("{}-{n}", input.stem);
        }
    }
    Ok(inputs)
}

fn file_input(path: PathBuf) -> Input {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    Input {
        stem: stem_of(&name),
        name,
        source: InputSource::File(path),
    }
}

fn stem_of(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string())
}

fn walk(dir: &Path, matcher: &GlobMatcher, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, matcher, found)?;
        } else if path.file_name().is_some_and(|name| matcher.is_match(name)) {
            found.push(path);
        }
    }
    Ok(())
}

/// How a batch is built.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The output folder.
    pub out_dir: PathBuf,
    /// The formats to write.
    pub formats: Vec<Format>,
    /// The root deck name.
    pub deck_root: String,
    /// Build one deck and one map from all inputs, under this name.
    pub merge: Option<String>,
    /// Rebuild inputs the manifest says are up to date.
    pub force: bool,
    /// What else shapes the exports (dictionary, catalog, user dictionaries),
    /// so a change there rebuilds everything.
    pub settings: String,
    /// The process ends with the build: a lone input's tokens and facts (a
    /// great many small allocations) are left for the operating system to
    /// reclaim at exit, all at once, instead of being freed one by one.
    /// Inputs of a group are freed as each is done either way.
    pub exit_after: bool,
}

/// What became of one input (or of the merged set).
#[derive(Debug)]
pub enum Outcome {
    /// Exports written.
    Built {
        /// Things the user should hear of (lines passed over).
        warnings: Vec<String>,
        /// Anki notes written.
        n_notes: usize,
        /// Facts extracted.
        n_facts: usize,
        /// The files written.
        written: Vec<PathBuf>,
    },
    /// Unchanged since the last build into the folder: not rebuilt.
    UpToDate,
    /// Reading, processing or writing failed.
    Failed(Error),
}

/// One input's report.
#[derive(Debug)]
pub struct FileReport {
    /// The input's path as given (or its name, for standard input).
    pub path: PathBuf,
    /// What became of it.
    pub outcome: Outcome,
}

/// The whole batch's report.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// One entry per input, in input order (one for the merged set with `--merge`).
    pub files: Vec<FileReport>,
}

impl BuildReport {
    /// How many inputs failed.
    pub fn n_failed(&self) -> usize {
        self.files
            .iter()
            .filter(|f| matches!(f.outcome, Outcome::Failed(_)))
            .count()
    }

    /// One line that counts files, notes, facts and errors.
    pub fn summary(&self) -> String {
        let (mut built, mut current, mut notes, mut facts) = (0, 0, 0, 0);
        for file in &self.files {
            match &file.outcome {
                Outcome::Built {
                    n_notes, n_facts, ..
                } => {
                    built += 1;
                    notes += n_notes;
                    facts += n_facts;
                }
                Outcome::UpToDate => current += 1,
                Outcome::Failed(_) => {}
            }
        }
        let failed = self.n_failed();
        format!(
            "{} file{} ({built} built, {current} up to date, {failed} failed), {notes} notes, {facts} facts, {failed} error{}",
            self.files.len(),
            if self.files.len() == 1 { "" } else { "s" },
            if failed == 1 { "" } else { "s" },
        )
    }
}

/// Builds every input (or their merge), in parallel; `progress` is called
/// with each input's path as it finishes.
pub fn build(
    pipeline: &Pipeline,
    inputs: &[Input],
    options: &BuildOptions,
    progress: &(dyn Fn(&Path) + Sync),
) -> BuildReport {
    if let Err(error) = export::prepare_folder(&options.out_dir) {
        return BuildReport {
            files: vec![FileReport {
                path: options.out_dir.clone(),
                outcome: Outcome::Failed(error),
            }],
        };
    }
    let manifest = Manifest::load(&options.out_dir);
    let report = match &options.merge {
        None => build_each(pipeline, inputs, options, &manifest, progress),
        Some(name) => build_merged(pipeline, inputs, options, name, &manifest, progress),
    };
    // Record what was built (and keep what is still current).
    let mut next = Manifest::default();
    for (key, fingerprint) in report.1 {
        next.entries.insert(key, fingerprint);
    }
    if let Err(error) = export::write_manifest(&options.out_dir, &next) {
        let mut files = report.0.files;
        files.push(FileReport {
            path: options.out_dir.join(export::MANIFEST_FILE),
            outcome: Outcome::Failed(error),
        });
        return BuildReport { files };
    }
    report.0
}

type Fingerprints = Vec<(String, String)>;
/// An input's bytes and what the pipeline made of them.
type ReadInput = (Vec<u8>, Processed);

/// How many inputs' exports are made durable together (one file-system sync
/// per group, rather than one per file): large enough that the syncs cost
/// little, small enough that an interrupted run has committed most of its work.
const COMMIT_GROUP: usize = 128;

fn build_each(
    pipeline: &Pipeline,
    inputs: &[Input],
    options: &BuildOptions,
    manifest: &Manifest,
    progress: &(dyn Fn(&Path) + Sync),
) -> (BuildReport, Fingerprints) {
    let mut fingerprints = Vec::new();
    let mut files = Vec::new();
    let mut settle = |(results, committed): Committed| {
        for ((mut report, entry), done) in results.into_iter().zip(committed) {
            match done {
                Ok(()) => fingerprints.extend(entry),
                Err(error) => report.outcome = Outcome::Failed(error),
            }
            files.push(report);
        }
    };
    // A group is committed (synced and renamed, mostly waiting on the disk)
    // on its own thread while the next group is processed.
    std::thread::scope(|scope| {
        let mut committing: Option<std::thread::ScopedJoinHandle<Committed>> = None;
        for group in inputs.chunks(COMMIT_GROUP) {
            // A lone input's tokens and facts (a great many small allocations)
            // are freed while its exports are synced; a group's inputs free
            // theirs as each is done, so that memory holds one input a thread.
            let lone = group.len() == 1;
            let results: Vec<(BuiltOne, Option<Processed>)> = group
                .par_iter()
                .map(|input| {
                    let (built, processed) = build_one(pipeline, input, options, manifest);
                    progress(&input.display_path());
                    (built, processed.filter(|_| lone))
                })
                .collect();
            let mut processed = Vec::with_capacity(results.len());
            let (results, staged): (Vec<_>, Vec<_>) = results
                .into_iter()
                .map(|((report, entry, staged), done)| {
                    processed.push(done);
                    ((report, entry), staged)
                })
                .unzip();
            if let Some(previous) = committing.take() {
                settle(
                    previous
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                );
            }
            let out_dir = &options.out_dir;
            committing = Some(scope.spawn(move || {
                let committed = export::commit(out_dir, staged);
                (results, committed)
            }));
            if options.exit_after {
                // Only a lone input's are left here (see `BuildOptions::exit_after`).
                std::mem::forget(processed);
            } else {
                processed.into_par_iter().for_each(drop);
            }
        }
        if let Some(last) = committing {
            settle(
                last.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
    });
    (BuildReport { files }, fingerprints)
}

/// The reports and manifest entries of a group of inputs, with the outcome
/// of committing each one's exports.
type Committed = (
    Vec<(FileReport, Option<(String, String)>)>,
    Vec<crate::Result<()>>,
);

/// One input's report, manifest entry and staged exports.
type BuiltOne = (FileReport, Option<(String, String)>, export::Staged);

/// Builds one input into staged (not yet committed) exports; also hands back
/// what the pipeline made of it, for the caller to free.
fn build_one(
    pipeline: &Pipeline,
    input: &Input,
    options: &BuildOptions,
    manifest: &Manifest,
) -> (BuiltOne, Option<Processed>) {
    let mut kept = None;
    let result = (|| -> Result<(Outcome, String, export::Staged)> {
        let bytes = input.bytes()?;
        let fingerprint = fingerprint(&[&bytes], options);
        if !options.force
            && manifest.is_current(
                &input.stem,
                &fingerprint,
                &options.out_dir,
                &options.formats,
            )
        {
            return Ok((Outcome::UpToDate, fingerprint, export::Staged::default()));
        }
        let processed = process(pipeline, input, &bytes)?;
        let mut graph = ConceptGraph::default();
        graph.add_extraction(&processed.extraction, &pipeline.catalog);
        let (written, staged) = export::stage_all(
            &graph,
            &options.out_dir,
            &export_options(options, &input.stem),
            &options.formats,
        )?;
        let outcome = Outcome::Built {
            warnings: warnings(&processed),
            n_notes: written.n_notes,
            n_facts: graph.facts.len(),
            written: written.paths,
        };
        kept = Some(processed);
        Ok((outcome, fingerprint, staged))
    })();
    let built = match result {
        Ok((outcome, fingerprint, staged)) => (
            FileReport {
                path: input.display_path(),
                outcome,
            },
            Some((input.stem.clone(), fingerprint)),
            staged,
        ),
        Err(error) => (
            FileReport {
                path: input.display_path(),
                outcome: Outcome::Failed(error),
            },
            None,
            export::Staged::default(),
        ),
    };
    (built, kept)
}

fn build_merged(
    pipeline: &Pipeline,
    inputs: &[Input],
    options: &BuildOptions,
    name: &str,
    manifest: &Manifest,
    progress: &(dyn Fn(&Path) + Sync),
) -> (BuildReport, Fingerprints) {
    let processed: Vec<(PathBuf, Result<ReadInput>)> = inputs
        .par_iter()
        .map(|input| {
            let result = input
                .bytes()
                .and_then(|bytes| process(pipeline, input, &bytes).map(|p| (bytes, p)));
            progress(&input.display_path());
            (input.display_path(), result)
        })
        .collect();
    let mut files = Vec::new();
    let mut graph = ConceptGraph::default();
    let mut contents: Vec<Vec<u8>> = Vec::new();
    let mut all_warnings = Vec::new();
    for (path, result) in processed {
        match result {
            Ok((bytes, processed)) => {
                all_warnings.extend(warnings(&processed));
                graph.add_extraction(&processed.extraction, &pipeline.catalog);
                contents.push(bytes);
            }
            Err(error) => files.push(FileReport {
                path,
                outcome: Outcome::Failed(error),
            }),
        }
    }
    let parts: Vec<&[u8]> = contents.iter().map(Vec::as_slice).collect();
    let fingerprint = fingerprint(&parts, options);
    let stem = name.to_string();
    let outcome = if !options.force
        && manifest.is_current(&stem, &fingerprint, &options.out_dir, &options.formats)
    {
        Outcome::UpToDate
    } else {
        match export::write_all(
            &graph,
            &options.out_dir,
            &export_options(options, &stem),
            &options.formats,
        ) {
            Ok(written) => Outcome::Built {
                warnings: all_warnings,
                n_notes: written.n_notes,
                n_facts: graph.facts.len(),
                written: written.paths,
            },
            Err(error) => Outcome::Failed(error),
        }
    };
    let ok = !matches!(outcome, Outcome::Failed(_));
    files.push(FileReport {
        path: options.out_dir.join(&stem),
        outcome,
    });
    (
        BuildReport { files },
        if ok {
            vec![(stem, fingerprint)]
        } else {
            Vec::new()
        },
    )
}

fn export_options(options: &BuildOptions, stem: &str) -> ExportOptions {
    ExportOptions {
        deck_root: options.deck_root.clone(),
        stem: stem.to_string(),
    }
}

/// The warnings of a processed input, as `name:line: message`.
fn warnings(processed: &Processed) -> Vec<String> {
    processed
        .outline
        .diagnostics
        .iter()
        .filter(|d| d.warning)
        .map(|d| format!("{}:{}: {}", processed.source.name, d.line, d.message))
        .collect()
}

/// Reads, outlines, tokenizes and extracts one input.
pub fn process(pipeline: &Pipeline, input: &Input, bytes: &[u8]) -> Result<Processed> {
    let source = source::decode(&input.name, &input.display_path(), bytes)?;
    if source.lines.iter().all(|l| l.text.trim().is_empty()) {
        return Err(Error::Empty {
            path: input.display_path(),
        });
    }
    pipeline.process(source)
}

/// A hash of the input bytes and everything else that shapes the exports.
fn fingerprint(parts: &[&[u8]], options: &BuildOptions) -> String {
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    // Another build of the same version may read notes differently.
    hasher.update(env!("KIOKU_BUILD_ID").as_bytes());
    hasher.update(options.settings.as_bytes());
    hasher.update(options.deck_root.as_bytes());
    let formats: BTreeMap<_, _> = options.formats.iter().map(|f| (f.suffix(), ())).collect();
    for format in formats.keys() {
        hasher.update(format.as_bytes());
    }
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
