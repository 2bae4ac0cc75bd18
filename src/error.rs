//! The library's error types; the binary wraps them in `anyhow` at its edge.

use std::path::PathBuf;

use crate::corpus::Problem;

/// Loading a corpus failed as a whole (single bad files are [`Problem`]s, not errors).
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The corpus directory does not exist or is not a directory.
    #[error("corpus directory {0} does not exist (set corpus_dir or ISNAD_CORPUS_DIR)")]
    Missing(PathBuf),
    /// The directory exists but cannot be listed.
    #[error("cannot read corpus directory {path}: {source}")]
    Unreadable {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Nothing in the directory could be loaded.
    #[error("no article could be loaded from {dir} ({} problem(s))", problems.len())]
    Empty {
        /// The directory.
        dir: PathBuf,
        /// Why each file was skipped.
        problems: Vec<Problem>,
    },
}

/// Building or querying the search index failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The search engine reported an error.
    #[error("search engine: {0}")]
    Engine(String),
    /// The on-disk index directory could not be used.
    #[error("index directory {path}: {message}")]
    IndexDir {
        /// The directory.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// Configuration could not be read or is invalid.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A file or environment value could not be parsed; the message names the key.
    #[error("configuration: {0}")]
    Invalid(String),
    /// A value parsed but is out of range; names the key.
    #[error("configuration key `{key}`: {message}")]
    BadValue {
        /// The key, dotted.
        key: String,
        /// What is wrong with it.
        message: String,
    },
}

/// Reading an evaluation file failed.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line is not a gold question or a qrel.
    #[error("{path}:{line}: {message}")]
    Line {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}
