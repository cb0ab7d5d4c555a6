//! Command-line arguments (clap) and the `Config` they resolve to.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};

use kioku::Pipeline;
use kioku::catalog::Catalog;
use kioku::export::Format;
use kioku::tokens::{TokenizerConfig, dictionary};

/// Exit codes: 0 success, 1 some input or step failed, 2 usage error (clap's).
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
    pub command: Command,
    /// Compiled IPADIC folder (default: $KIOKU_DICT, else the user cache)
    #[arg(long, global = true, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// An extra user dictionary (CSV: surface,part_of_speech,reading); repeatable
    #[arg(long, global = true, value_name = "CSV")]
    pub userdic: Vec<PathBuf>,
    /// A concept catalog to use instead of the bundled one (TOML, see data/README.md)
    #[arg(long, global = true, value_name = "TOML")]
    pub catalog: Option<PathBuf>,
    /// Say more: -v lists files written and encodings, -vv timings too
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Print errors only
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

const EXAMPLES: &str = "Examples:
  kioku dict build --from /usr/share/mecab/dic/ipadic
  kioku build data/notes --out exports
  kioku build notes/ --merge exam --format apkg,dot
  cat notes.md | kioku build - --name notes.md --out exports
  kioku extract notes.txt > notes.triples.csv
  kioku graph notes/ --format mermaid
  kioku diff old-exports/ exports/";

/// Formats of `kioku graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// The JSON dump.
    Json,
    /// A Mermaid flowchart.
    Mermaid,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert notes files (or folders of them) into exports
    Build {
        /// Notes files, folders (searched recursively) or - for standard input
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
        /// Build one deck and one concept map from all inputs, named NAME
        #[arg(long, value_name = "NAME")]
        merge: Option<String>,
        /// Which files a folder contributes
        #[arg(long, default_value = kioku::batch::DEFAULT_GLOB)]
        glob: String,
        /// File name for standard input (its stem names the exports)
        #[arg(long, default_value = "stdin.txt")]
        name: String,
        /// Rebuild inputs that are unchanged since the last build
        #[arg(long)]
        force: bool,
    },
    /// Print the facts of a notes file as triples CSV
    Extract {
        /// The notes file, or - for standard input
        file: PathBuf,
        /// File name for standard input
        #[arg(long, default_value = "stdin.txt")]
        name: String,
        /// Add a seventh column naming the rule that found each fact
        #[arg(long)]
        explain: bool,
    },
    /// Print the tokens of a notes file: line, surface, part of speech, base form, reading
    Tokenize {
        /// The notes file, or - for standard input
        file: PathBuf,
    },
    /// Print the compound terms of a notes file with their counts
    Terms {
        /// The notes file, or - for standard input
        file: PathBuf,
    },
    /// Print the outline of a notes file: line, kind, depth, parent line, text
    Outline {
        /// The notes file, or - for standard input
        file: PathBuf,
    },
    /// Print the concept graph of the inputs (merged) to standard output
    Graph {
        /// Notes files or folders
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value = "dot")]
        format: GraphFormat,
        /// Which files a folder contributes
        #[arg(long, default_value = kioku::batch::DEFAULT_GLOB)]
        glob: String,
    },
    /// Print how many facts the inputs hold, per kind and per topic
    Stats {
        /// Notes files or folders
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Which files a folder contributes
        #[arg(long, default_value = kioku::batch::DEFAULT_GLOB)]
        glob: String,
    },
    /// List the notes added, changed and removed between two builds
    Diff {
        /// The old export folder or .apkg
        old: PathBuf,
        /// The new export folder or .apkg
        new: PathBuf,
    },
    /// Dictionary maintenance
    Dict {
        #[command(subcommand)]
        command: DictCommand,
    },
    /// Print a shell completion script
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
}

/// `kioku dict …`.
#[derive(Debug, Subcommand)]
pub enum DictCommand {
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

/// The settings every command shares, resolved from the arguments.
#[derive(Debug, Clone)]
pub struct Config {
    /// The compiled dictionary folder.
    pub dict_dir: PathBuf,
    /// The user's own dictionaries.
    pub userdic: Vec<PathBuf>,
    /// The catalog file, if not the bundled one.
    pub catalog: Option<PathBuf>,
    /// 0 normal, 1 `-v`, 2 `-vv`.
    pub verbosity: u8,
    /// Errors only.
    pub quiet: bool,
}

impl Config {
    /// Resolves the global arguments.
    pub fn from_args(args: &Args) -> Config {
        Config {
            dict_dir: args.dict.clone().unwrap_or_else(dictionary::default_dir),
            userdic: args.userdic.clone(),
            catalog: args.catalog.clone(),
            verbosity: args.verbose,
            quiet: args.quiet,
        }
    }

    /// Loads the catalog and the dictionaries.
    pub fn pipeline(&self) -> Result<Pipeline> {
        let catalog = match &self.catalog {
            Some(path) => Catalog::load(path)?,
            None => Catalog::bundled(),
        };
        let config = TokenizerConfig {
            dict_dir: Some(self.dict_dir.clone()),
            user_dictionaries: self.userdic.clone(),
        };
        Ok(Pipeline::new(&config, catalog)?)
    }

    /// What besides an input shapes its exports: the dictionary, the user
    /// dictionaries' and the catalog's contents.
    pub fn settings(&self) -> String {
        let mut settings = format!("{}", self.dict_dir.display());
        for path in self.userdic.iter().chain(self.catalog.iter()) {
            let content = std::fs::read(path).unwrap_or_default();
            settings.push_str(&format!("|{}:{}", path.display(), content.len()));
            settings.push_str(&String::from_utf8_lossy(&content));
        }
        settings
    }
}
