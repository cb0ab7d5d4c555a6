//! Command-line arguments (clap) and one function per subcommand.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use kioku::catalog::Catalog;
use kioku::export::{self, ExportOptions, Format};
use kioku::graph::ConceptGraph;
use kioku::tokens::{TokenizerConfig, dictionary};
use kioku::{Pipeline, source};

/// Exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked.
    Success = 0,
    /// Some input or step failed.
    Failure = 1,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// kioku turns Japanese study notes into Anki decks and concept maps.
#[derive(Debug, Parser)]
#[command(name = "kioku", version, about, after_help = EXAMPLES)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
    /// Compiled IPADIC folder (default: $KIOKU_DICT, else the user cache)
    #[arg(long, global = true, value_name = "DIR")]
    dict: Option<PathBuf>,
    /// An extra user dictionary (CSV: surface,part_of_speech,reading); repeatable
    #[arg(long, global = true, value_name = "CSV")]
    userdic: Vec<PathBuf>,
    /// A concept catalog to use instead of the bundled one (TOML, see data/README.md)
    #[arg(long, global = true, value_name = "TOML")]
    catalog: Option<PathBuf>,
    /// Say more (the detected encoding, counts)
    #[arg(short, long, global = true)]
    verbose: bool,
}

const EXAMPLES: &str = "Examples:
  kioku dict build --from /usr/share/mecab/dic/ipadic
  kioku build data/notes --out exports
  kioku extract notes.txt > notes.triples.csv
  kioku terms notes.txt | head";

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert notes files (or folders of them) into exports
    Build {
        /// Notes files or folders (.txt, .md, .markdown, searched recursively)
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output folder
        #[arg(long, short, default_value = "exports")]
        out: PathBuf,
        /// Formats to write (default: all)
        #[arg(long, value_enum, value_delimiter = ',')]
        format: Vec<Format>,
        /// Root deck name
        #[arg(long, default_value = "kioku")]
        deck_name: String,
    },
    /// Print the facts of a notes file as triples CSV
    Extract {
        /// The notes file
        file: PathBuf,
    },
    /// Print the tokens of a notes file: line, surface, part of speech, base form, reading
    Tokenize {
        /// The notes file
        file: PathBuf,
    },
    /// Print the outline of a notes file: line, kind, depth, parent line, text
    Outline {
        /// The notes file
        file: PathBuf,
    },
    /// Print the compound terms of a notes file with their counts
    Terms {
        /// The notes file
        file: PathBuf,
    },
    /// Dictionary maintenance
    Dict {
        #[command(subcommand)]
        command: DictCommand,
    },
}

#[derive(Debug, Subcommand)]
enum DictCommand {
    /// Compile MeCab IPADIC sources (*.csv, *.def; EUC-JP or UTF-8) into the dictionary folder
    Build {
        /// The IPADIC source folder
        #[arg(
            long,
            value_name = "DIR",
            default_value = "/usr/share/mecab/dic/ipadic"
        )]
        from: PathBuf,
        /// Rebuild even when the dictionary is up to date
        #[arg(long)]
        force: bool,
    },
}

/// Runs one command.
pub fn run(args: Args) -> Result<Exit> {
    let dict_dir = args.dict.clone().unwrap_or_else(dictionary::default_dir);
    match &args.command {
        Command::Dict {
            command: DictCommand::Build { from, force },
        } => dict_build(from, &dict_dir, *force),
        Command::Build {
            paths,
            out,
            format,
            deck_name,
        } => build(&args, paths, out, format, deck_name),
        Command::Extract { file } => {
            let pipeline = pipeline(&args)?;
            let processed = process(&pipeline, file, args.verbose)?;
            let graph = ConceptGraph::from_extraction(&processed.extraction, &pipeline.catalog);
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            export::triples::write(&graph, &mut lock)?;
            Ok(Exit::Success)
        }
        Command::Tokenize { file } => {
            let pipeline = pipeline(&args)?;
            let processed = process(&pipeline, file, args.verbose)?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for (node, tokens) in processed.outline.nodes.iter().zip(&processed.tokens.nodes) {
                for token in &tokens.tokens {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}",
                        node.line, token.surface, token.pos, token.base, token.reading
                    )?;
                }
            }
            out.flush()?;
            Ok(Exit::Success)
        }
        Command::Outline { file } => {
            let outline = kioku::outline::parse(&source::read(file)?);
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
        Command::Terms { file } => {
            let pipeline = pipeline(&args)?;
            let processed = process(&pipeline, file, args.verbose)?;
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
    }
}

fn dict_build(from: &Path, to: &Path, force: bool) -> Result<Exit> {
    let started = std::time::Instant::now();
    match dictionary::build(from, to, force)? {
        dictionary::BuildOutcome::Built { n_entries } => eprintln!(
            "kioku: built the dictionary in {} ({n_entries} entries, {:.1} s)",
            to.display(),
            started.elapsed().as_secs_f64()
        ),
        dictionary::BuildOutcome::UpToDate => {
            eprintln!("kioku: the dictionary in {} is up to date", to.display())
        }
    }
    Ok(Exit::Success)
}

fn pipeline(args: &Args) -> Result<Pipeline> {
    let catalog = match &args.catalog {
        Some(path) => Catalog::load(path)?,
        None => Catalog::bundled(),
    };
    let config = TokenizerConfig {
        dict_dir: args.dict.clone(),
        user_dictionaries: args.userdic.clone(),
    };
    Ok(Pipeline::new(&config, catalog)?)
}

fn process(pipeline: &Pipeline, file: &Path, verbose: bool) -> Result<kioku::Processed> {
    let source = source::read(file)?;
    if verbose {
        eprintln!(
            "kioku: {}: {}, {} lines",
            file.display(),
            source.encoding.name(),
            source.lines.len()
        );
    }
    Ok(pipeline.process(source)?)
}

/// The notes files named by the arguments: files as given, folders searched
/// recursively for .txt, .md and .markdown, in sorted order.
fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found).with_context(|| format!("reading folder {}", path.display()))?;
            found.sort();
            if found.is_empty() {
                bail!(
                    "{}: no .txt, .md or .markdown files in this folder",
                    path.display()
                );
            }
            inputs.extend(found);
        } else if path.exists() {
            inputs.push(path.clone());
        } else {
            bail!("{}: no such file or folder", path.display());
        }
    }
    Ok(inputs)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, found)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "txt" | "md" | "markdown"))
        {
            found.push(path);
        }
    }
    Ok(())
}

fn build(
    args: &Args,
    paths: &[PathBuf],
    out: &Path,
    formats: &[Format],
    deck_name: &str,
) -> Result<Exit> {
    let inputs = collect_inputs(paths)?;
    let pipeline = pipeline(args)?;
    let formats: Vec<Format> = if formats.is_empty() {
        Format::ALL.to_vec()
    } else {
        formats.to_vec()
    };
    let mut failures = 0;
    let (mut n_facts, mut n_files) = (0, 0);
    for input in &inputs {
        let result = (|| -> Result<usize> {
            let processed = process(&pipeline, input, args.verbose)?;
            let graph = ConceptGraph::from_extraction(&processed.extraction, &pipeline.catalog);
            let options = ExportOptions {
                deck_root: deck_name.to_string(),
                stem: processed.source.stem(),
            };
            let written = export::write_all(&graph, out, &options, &formats)?;
            if args.verbose {
                for path in &written {
                    eprintln!("kioku: wrote {}", path.display());
                }
            }
            Ok(graph.facts.len())
        })();
        match result {
            Ok(n) => {
                n_facts += n;
                n_files += 1;
            }
            Err(error) => {
                failures += 1;
                eprintln!("kioku: {error:#}");
            }
        }
    }
    eprintln!(
        "kioku: {n_files} of {} files converted into {}, {n_facts} facts, {failures} errors",
        inputs.len(),
        out.display()
    );
    Ok(if failures > 0 {
        Exit::Failure
    } else {
        Exit::Success
    })
}
