//! kioku turns Japanese study notes into Anki decks and concept maps.
//!
//! The pipeline, one module per stage, each taking plain data and returning
//! plain data:
//!
//! 1. [`source::read`]: bytes → [`source::Source`] (decoded, NFKC, line numbers);
//! 2. [`outline::parse`]: → [`outline::Outline`] (topics, bullets, headings …);
//! 3. [`tokens::Tokenizer::tokenize`]: → [`tokens::Tokens`] (lindera + compound terms);
//! 4. [`extract::run`]: → [`extract::Extraction`] (facts as triples);
//! 5. [`graph::ConceptGraph::from_extraction`]: → the concept graph;
//! 6. [`export::write_all`]: → `.triples.csv`, `.apkg`, `.csv`, `.dot`, `.json`.
//!
//! ```
//! let source = kioku::source::decode("n.txt", "n.txt".as_ref(), "Amazon S3の特徴\n・容量無制限".as_bytes()).unwrap();
//! let outline = kioku::outline::parse(&source);
//! assert_eq!(outline.nodes[1].text, "容量無制限");
//! ```

#![deny(missing_docs)]

pub mod batch;
pub mod catalog;
pub mod error;
pub mod export;
pub mod extract;
pub mod graph;
pub mod outline;
pub mod source;
pub mod tokens;

pub use error::{Error, Result};

use catalog::Catalog;
use tokens::{Tokenizer, TokenizerConfig};

/// A notes file taken through reading, outline, tokens and extraction.
#[derive(Debug)]
pub struct Processed {
    /// The decoded file.
    pub source: source::Source,
    /// Its structure.
    pub outline: outline::Outline,
    /// Its tokens and terms.
    pub tokens: tokens::Tokens,
    /// Its facts.
    pub extraction: extract::Extraction,
}

/// The loaded dictionaries and catalog, shared by every input.
pub struct Pipeline {
    /// Domain knowledge.
    pub catalog: Catalog,
    /// The tokenizer.
    pub tokenizer: Tokenizer,
}

impl Pipeline {
    /// Loads the dictionary and builds the user dictionary.
    pub fn new(config: &TokenizerConfig, catalog: Catalog) -> Result<Pipeline> {
        let tokenizer = Tokenizer::new(config, &catalog)?;
        Ok(Pipeline { catalog, tokenizer })
    }

    /// Runs outline, tokens and extraction over a decoded source.
    pub fn process(&self, source: source::Source) -> Result<Processed> {
        let outline = outline::parse(&source);
        let tokens = self.tokenizer.tokenize(&outline)?;
        let extraction = extract::run(&outline, &tokens, &self.catalog);
        Ok(Processed {
            source,
            outline,
            tokens,
            extraction,
        })
    }
}

/// Test support: one pipeline over the compiled dictionary, shared by tests.
#[doc(hidden)]
pub mod testing {
    use std::sync::OnceLock;

    use super::*;

    /// The pipeline over the default dictionary (`make dict` builds it).
    pub fn pipeline() -> &'static Pipeline {
        static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
        PIPELINE.get_or_init(|| {
            Pipeline::new(&TokenizerConfig::default(), Catalog::bundled())
                .unwrap_or_else(|e| panic!("{e}\n(run `make dict` before the tests)"))
        })
    }

    /// Runs a piece of notes through the pipeline.
    pub fn process(name: &str, text: &str) -> Processed {
        let source =
            source::decode(name, name.as_ref(), text.as_bytes()).expect("test text decodes");
        pipeline().process(source).expect("test text processes")
    }

    /// Every text of up to `max_chars` characters (the empty one too) drawn
    /// from `alphabet`: what a fast check is held to its slow path on.
    pub fn texts_over(alphabet: &[char], max_chars: usize) -> Vec<String> {
        let pieces: Vec<String> = alphabet.iter().map(char::to_string).collect();
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        texts_of(&pieces, max_chars)
    }

    /// Every text of up to `max_pieces` pieces (the empty one too), each
    /// drawn from `pieces` (characters or whole words).
    pub fn texts_of(pieces: &[&str], max_pieces: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = all.clone();
        for _ in 0..max_pieces {
            last = last
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    /// The lines of the sample notes, then [`texts_over`] `alphabet`.
    pub fn sample_lines_and_texts_over(alphabet: &[char], max_chars: usize) -> Vec<String> {
        let notes = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/notes/aws-saa.txt"
        ))
        .expect("the sample notes");
        let mut texts: Vec<String> = notes.lines().map(str::to_string).collect();
        texts.extend(texts_over(alphabet, max_chars));
        texts
    }
}
