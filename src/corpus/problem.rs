//! What can be wrong with one corpus file or line; each is skipped, the rest loads.

use std::fmt;

/// Why a file or a JSONL line was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file could not be read at all.
    Unreadable(String),
    /// The bytes are not text in an encoding the loader reads (UTF-8, UTF-16 with its byte-order mark,
    /// Arabic windows-1256, a page's declared charset).
    NotUtf8,
    /// The file holds binary data (a NUL byte).
    Binary,
    /// Nothing but whitespace and page chrome.
    Empty,
    /// Over the size limit.
    TooLarge { bytes: u64, limit: u64 },
    /// A JSONL line that is not a JSON object of the expected shape.
    BadJson(String),
    /// A JSONL line without a `text`.
    MissingText,
    /// An id already used by an earlier article.
    DuplicateId { id: String, first: String },
    /// A file of a type the corpus does not read.
    Unsupported,
    /// A `.docx` that is not a readable Word document (not a zip, no body, malformed XML).
    NotDocx,
    /// A `.zip` (or one of its members) that cannot be read.
    NotArchive,
    /// A zip holding more members than are taken from one archive.
    TooManyFiles { limit: usize },
    /// `sources.toml` could not be parsed; articles load with fallback metadata.
    BadSidecar(String),
    /// `sources.toml` describes a file that is not there.
    SidecarMissingFile(String),
}

/// A problem with its place: file name relative to the corpus directory and line for JSONL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File name, relative to the corpus directory.
    pub file: String,
    /// 1-based line, for JSONL.
    pub line: Option<usize>,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::Unreadable(e) => write!(f, "cannot read: {e}"),
            ProblemKind::NotUtf8 => write!(f, "not text in UTF-8, UTF-16 or Arabic windows-1256"),
            ProblemKind::Binary => write!(f, "binary file"),
            ProblemKind::Empty => write!(f, "empty (no text once page chrome is removed)"),
            ProblemKind::TooLarge { bytes, limit } => write!(f, "too large: {bytes} bytes, limit {limit}"),
            ProblemKind::BadJson(e) => write!(f, "malformed JSON: {e}"),
            ProblemKind::MissingText => write!(f, "no \"text\" field"),
            ProblemKind::DuplicateId { id, first } => write!(f, "duplicate id {id:?} (first in {first})"),
            ProblemKind::Unsupported => write!(f, "unsupported file type (use .txt, .md, .jsonl, .html or .docx)"),
            ProblemKind::NotDocx => write!(f, "not a readable Word document"),
            ProblemKind::NotArchive => write!(f, "not a readable zip archive"),
            ProblemKind::TooManyFiles { limit } => {
                write!(f, "more than {limit} files in one archive; the rest not read")
            }
            ProblemKind::BadSidecar(e) => write!(f, "bad sources.toml, metadata ignored: {e}"),
            ProblemKind::SidecarMissingFile(name) => write!(f, "sources.toml names a missing file {name:?}"),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.kind),
            None => write!(f, "{}: {}", self.file, self.kind),
        }
    }
}

impl Problem {
    /// A problem with a whole file.
    pub fn file(file: &str, kind: ProblemKind) -> Self {
        Problem { file: file.to_string(), line: None, kind }
    }

    /// A problem with one line of a file.
    pub fn line(file: &str, line: usize, kind: ProblemKind) -> Self {
        Problem { file: file.to_string(), line: Some(line), kind }
    }
}
