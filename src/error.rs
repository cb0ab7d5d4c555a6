//! Errors of the kioku library.
//!
//! Every variant names what failed and carries the path (and line, where one
//! applies) so that a message printed to the user points at the culprit.
//! `outline` and `extract` never fail: they return data plus diagnostics.

use std::path::PathBuf;

/// Everything that can go wrong while reading notes, loading dictionaries and
/// writing exports.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done ("reading", "writing", …).
        action: &'static str,
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },

    /// The input holds bytes that no text has (NUL bytes).
    #[error("{path}: not a text file (NUL byte at line {line})")]
    Binary {
        /// The input file.
        path: PathBuf,
        /// The 1-based line of the first NUL byte.
        line: usize,
    },

    /// The input is neither UTF-8, Shift_JIS/CP932 nor EUC-JP.
    #[error(
        "{path}: cannot decode line {line} as UTF-8, Shift_JIS or EUC-JP (save the notes as UTF-8)"
    )]
    Undecodable {
        /// The input file.
        path: PathBuf,
        /// The 1-based line of the first byte sequence that UTF-8 rejects.
        line: usize,
    },

    /// The input holds no text.
    #[error("{path}: nothing to convert (the file is empty or white space only)")]
    Empty {
        /// The input file.
        path: PathBuf,
    },

    /// No compiled dictionary where one was expected.
    #[error(
        "no IPADIC dictionary at {path}: build it with `kioku dict build --from /usr/share/mecab/dic/ipadic` (or `make dict`), or point --dict / KIOKU_DICT at one"
    )]
    DictionaryMissing {
        /// Where the dictionary was looked for.
        path: PathBuf,
    },

    /// A dictionary exists but cannot be loaded.
    #[error(
        "the dictionary at {path} is unusable ({reason}): rebuild it with `kioku dict build --force --from /usr/share/mecab/dic/ipadic` (or `make dict`)"
    )]
    DictionaryBroken {
        /// The dictionary folder.
        path: PathBuf,
        /// What lindera or kioku said about it.
        reason: String,
    },

    /// The dictionary sources given to `dict build` are not MeCab IPADIC sources.
    #[error("{path}: {reason}")]
    DictionarySource {
        /// The source folder or file.
        path: PathBuf,
        /// What is missing or wrong.
        reason: String,
    },

    /// A user dictionary row is malformed.
    #[error("{path}:{line}: {reason}")]
    UserDictionary {
        /// The user dictionary CSV.
        path: PathBuf,
        /// The 1-based line of the bad row.
        line: usize,
        /// What is wrong with the row.
        reason: String,
    },

    /// The concept catalog cannot be parsed.
    #[error("{path}: {reason}")]
    Catalog {
        /// The catalog file.
        path: PathBuf,
        /// The parser's message.
        reason: String,
    },

    /// lindera failed while segmenting text.
    #[error("tokenizing {path} line {line}: {reason}")]
    Tokenize {
        /// The input file.
        path: PathBuf,
        /// The 1-based line being tokenized.
        line: usize,
        /// lindera's message.
        reason: String,
    },

    /// An export could not be produced.
    #[error("writing {path}: {reason}")]
    Export {
        /// The export file.
        path: PathBuf,
        /// What failed.
        reason: String,
    },
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with what was being done and where.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
