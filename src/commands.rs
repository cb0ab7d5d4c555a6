//! One function per subcommand: each takes the resolved [`Config`] and its
//! own arguments, writes results to standard output and messages to
//! standard error, and returns the exit code.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cli::{Config, Exit, GraphFormat};
use kioku::batch::{self, BuildOptions, Input, Outcome};
use kioku::export::{self, Format, anki::PackagedNote};
use kioku::graph::ConceptGraph;
use kioku::tokens::dictionary;
use kioku::{Pipeline, Processed};

/// `kioku build`.
#[allow(clippy::too_many_arguments)]
pub fn build(
    config: &Config,
    paths: &[PathBuf],
    out: &Path,
    formats: &[Format],
    deck_name: &str,
    merge: Option<&str>,
    glob: &str,
    name: &str,
    force: bool,
) -> Result<Exit> {
    let started = std::time::Instant::now();
    let inputs = batch::collect_inputs(paths, glob, name)?;
    if inputs.is_empty() {
        bail!(
            "no notes files found in {} (matching {glob})",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let pipeline = config.pipeline()?;
    let options = BuildOptions {
        out_dir: out.to_path_buf(),
        formats: if formats.is_empty() {
            Format::ALL.to_vec()
        } else {
            formats.to_vec()
        },
        deck_root: deck_name.to_string(),
        merge: merge.map(str::to_string),
        force,
        settings: config.settings(),
        // `kioku build` exits once the batch is built.
        exit_after: true,
    };
    // A progress bar on a terminal for several files; nothing on a pipe.
    let bar = (std::io::stderr().is_terminal() && !config.quiet && inputs.len() > 1).then(|| {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                .expect("valid template"),
        );
        bar
    });
    let progress = |path: &Path| {
        if let Some(bar) = &bar {
            bar.set_message(path.display().to_string());
            bar.inc(1);
        }
    };
    let report = batch::build(&pipeline, &inputs, &options, &progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    for file in &report.files {
        if let Outcome::Built { warnings, .. } = &file.outcome
            && !config.quiet
        {
            for warning in warnings {
                eprintln!("kioku: warning: {warning}");
            }
        }
        match &file.outcome {
            Outcome::Failed(error) => eprintln!("kioku: {error}"),
            Outcome::Built { written, .. } if config.verbosity >= 1 => {
                for path in written {
                    eprintln!("kioku: wrote {}", path.display());
                }
            }
            Outcome::UpToDate if config.verbosity >= 1 => {
                eprintln!("kioku: {} is up to date", file.path.display())
            }
            _ => {}
        }
    }
    if !config.quiet {
        eprintln!("kioku: {} into {}", report.summary(), out.display());
    }
    if config.verbosity >= 2 {
        eprintln!("kioku: {:.2} s", started.elapsed().as_secs_f64());
    }
    Ok(if report.n_failed() > 0 {
        Exit::Failure
    } else {
        Exit::Success
    })
}

/// Reads and processes one input named on the command line (`-` is stdin).
fn process_one(config: &Config, pipeline: &Pipeline, file: &Path, name: &str) -> Result<Processed> {
    let inputs = batch::collect_inputs(&[file.to_path_buf()], batch::DEFAULT_GLOB, name)?;
    let input = single(inputs, file)?;
    let bytes = input.bytes()?;
    let processed = batch::process(pipeline, &input, &bytes)?;
    if config.verbosity >= 1 {
        eprintln!(
            "kioku: {}: {}, {} lines",
            input.display_path().display(),
            processed.source.encoding.name(),
            processed.source.lines.len()
        );
    }
    Ok(processed)
}

fn single(mut inputs: Vec<Input>, file: &Path) -> Result<Input> {
    if inputs.len() != 1 {
        bail!(
            "{}: expected one notes file, found {}",
            file.display(),
            inputs.len()
        );
    }
    Ok(inputs.remove(0))
}

/// `kioku extract`: the triples on stdout.
pub fn extract(config: &Config, file: &Path, name: &str, explain: bool) -> Result<Exit> {
    let pipeline = config.pipeline()?;
    let processed = process_one(config, &pipeline, file, name)?;
    let graph = ConceptGraph::from_extraction(&processed.extraction, &pipeline.catalog);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if explain {
        export::triples::write_explained(&graph, &mut out)?;
    } else {
        export::triples::write(&graph, &mut out)?;
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// `kioku tokenize`: one token per line.
pub fn tokenize(config: &Config, file: &Path) -> Result<Exit> {
    let pipeline = config.pipeline()?;
    let processed = process_one(config, &pipeline, file, "stdin.txt")?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (node, tokens) in processed.outline.nodes.iter().zip(&processed.tokens.nodes) {
        for token in &tokens.tokens {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                node.line,
                token.surface,
                token.pos(),
                token.base(),
                token.reading()
            )?;
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// `kioku terms`: compound terms, most frequent first.
pub fn terms(config: &Config, file: &Path) -> Result<Exit> {
    let pipeline = config.pipeline()?;
    let processed = process_one(config, &pipeline, file, "stdin.txt")?;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for tokens in &processed.tokens.nodes {
        for term in &tokens.terms {
            *counts.entry(term.text.as_str()).or_default() += 1;
        }
    }
    let mut sorted: Vec<(&str, usize)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (term, count) in sorted {
        writeln!(out, "{count}\t{term}")?;
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// `kioku outline`: the structure, one node per line.
pub fn outline(file: &Path) -> Result<Exit> {
    let input = single(
        batch::collect_inputs(&[file.to_path_buf()], batch::DEFAULT_GLOB, "stdin.txt")?,
        file,
    )?;
    let source = kioku::source::decode(&input.name, &input.display_path(), &input.bytes()?)?;
    let outline = kioku::outline::parse(&source);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for node in &outline.nodes {
        let parent = node
            .parent
            .map_or(String::from("-"), |p| outline.nodes[p].line.to_string());
        writeln!(
            out,
            "{}\t{:?}\t{}\t{}\t{}",
            node.line, node.kind, node.level, parent, node.text
        )?;
    }
    out.flush()?;
    Ok(Exit::Success)
}

/// The merged graph of several inputs; failures reported, the rest kept.
fn merged_graph(config: &Config, paths: &[PathBuf], glob: &str) -> Result<(ConceptGraph, usize)> {
    let inputs = batch::collect_inputs(paths, glob, "stdin.txt")?;
    let pipeline = config.pipeline()?;
    let mut graph = ConceptGraph::default();
    let mut failures = 0;
    for input in &inputs {
        match input
            .bytes()
            .and_then(|bytes| batch::process(&pipeline, input, &bytes))
        {
            Ok(processed) => graph.add_extraction(&processed.extraction, &pipeline.catalog),
            Err(error) => {
                failures += 1;
                eprintln!("kioku: {error}");
            }
        }
    }
    Ok((graph, failures))
}

/// `kioku graph`: DOT, JSON or Mermaid on stdout.
pub fn graph(config: &Config, paths: &[PathBuf], format: GraphFormat, glob: &str) -> Result<Exit> {
    let (graph, failures) = merged_graph(config, paths, glob)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let options = export::ExportOptions {
        deck_root: "kioku".to_string(),
        stem: "graph".to_string(),
    };
    match format {
        GraphFormat::Dot => export::dot::write(&graph, &options, &mut out)?,
        GraphFormat::Json => export::json::write(&graph, &mut out)?,
        GraphFormat::Mermaid => export::mermaid::write(&graph, &mut out)?,
    }
    out.flush()?;
    Ok(if failures > 0 {
        Exit::Failure
    } else {
        Exit::Success
    })
}

/// `kioku stats`: facts per kind, then per top-level topic.
pub fn stats(config: &Config, paths: &[PathBuf], glob: &str) -> Result<Exit> {
    let (graph, failures) = merged_graph(config, paths, glob)?;
    let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_topic: BTreeMap<String, usize> = BTreeMap::new();
    for fact in &graph.facts {
        *per_kind.entry(fact.fact.kind.as_str()).or_default() += 1;
        let topic = fact
            .fact
            .context
            .first()
            .cloned()
            .unwrap_or_else(|| "(no topic)".to_string());
        *per_topic.entry(topic).or_default() += 1;
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(out, "facts\t{}", graph.facts.len())?;
    for (kind, n) in &per_kind {
        writeln!(out, "kind\t{kind}\t{n}")?;
    }
    let mut topics: Vec<(String, usize)> = per_topic.into_iter().collect();
    topics.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (topic, n) in topics {
        writeln!(out, "topic\t{topic}\t{n}")?;
    }
    out.flush()?;
    Ok(if failures > 0 {
        Exit::Failure
    } else {
        Exit::Success
    })
}

/// The notes of an export folder (all its .apkg files) or of one .apkg.
fn packaged_notes(path: &Path) -> Result<BTreeMap<String, PackagedNote>> {
    let packages: Vec<PathBuf> = if path.is_dir() {
        let mut found: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("reading {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "apkg"))
            .collect();
        found.sort();
        found
    } else {
        vec![path.to_path_buf()]
    };
    let mut notes = BTreeMap::new();
    for package in packages {
        for note in export::anki::read_package(&package).map_err(anyhow::Error::msg)? {
            notes.insert(note.guid.clone(), note);
        }
    }
    Ok(notes)
}

/// `kioku diff`: what importing NEW over OLD does in Anki.
pub fn diff(old: &Path, new: &Path) -> Result<Exit> {
    let before = packaged_notes(old)?;
    let after = packaged_notes(new)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut added, mut changed, mut removed) = (0, 0, 0);
    let title = |note: &PackagedNote| {
        let first = note.fields.first().map(String::as_str).unwrap_or("");
        let text: String = strip_tags(first).chars().take(60).collect();
        format!("{}\t{}", note.note_type, text)
    };
    for (guid, note) in &after {
        match before.get(guid) {
            None => {
                added += 1;
                writeln!(out, "+ added\t{}", title(note))?;
            }
            Some(old_note) if old_note != note => {
                changed += 1;
                writeln!(out, "~ changed\t{}", title(note))?;
            }
            _ => {}
        }
    }
    for (guid, note) in &before {
        if !after.contains_key(guid) {
            removed += 1;
            writeln!(out, "- removed\t{}", title(note))?;
        }
    }
    out.flush()?;
    eprintln!("kioku: {added} added, {changed} changed, {removed} removed");
    Ok(Exit::Success)
}

fn strip_tags(html: &str) -> String {
    export::anki::strip_html(html)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// `kioku dict build`.
pub fn dict_build(config: &Config, from: &Path, force: bool) -> Result<Exit> {
    let started = std::time::Instant::now();
    match dictionary::build(from, &config.dict_dir, force)? {
        dictionary::BuildOutcome::Built { n_entries } => eprintln!(
            "kioku: built the dictionary in {} ({n_entries} entries, {:.1} s)",
            config.dict_dir.display(),
            started.elapsed().as_secs_f64()
        ),
        dictionary::BuildOutcome::UpToDate => {
            eprintln!(
                "kioku: the dictionary in {} is up to date",
                config.dict_dir.display()
            )
        }
    }
    Ok(Exit::Success)
}

/// `kioku completions`.
pub fn completions(shell: clap_complete::Shell) -> Result<Exit> {
    let mut command = <crate::cli::Args as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut command, "kioku", &mut std::io::stdout());
    Ok(Exit::Success)
}
