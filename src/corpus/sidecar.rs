//! `sources.toml`: the corpus directory's own record of where each article comes from.
//!
//! Kept inside the corpus directory so copying the directory copies the sources' names.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The sidecar's file name inside a corpus directory.
pub const SIDECAR_FILE: &str = "sources.toml";

/// Metadata of one article file, every field optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SourceMeta {
    /// File name inside the corpus directory.
    pub file: String,
    /// Outlet name a reader sees.
    pub source: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Author, where known.
    pub author: Option<String>,
    /// Publication date as the outlet gives it (ISO `YYYY-MM-DD` preferred).
    pub date: Option<String>,
    /// Address of the original, where known.
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SidecarFile {
    #[serde(default)]
    article: Vec<SourceMeta>,
}

/// The sidecar's entries keyed by file name; an absent sidecar is empty.
pub fn read_sidecar(dir: &Path) -> Result<HashMap<String, SourceMeta>, String> {
    let path = dir.join(SIDECAR_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => return Err(e.to_string()),
    };
    parse_sidecar(&text)
}

/// Add an entry for one file at the end of the sidecar (a later entry for the same file wins),
/// keeping the rest of the file, comments included, and replacing it atomically.
pub fn append_entry(dir: &Path, meta: &SourceMeta) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct One<'a> {
        article: [&'a SourceMeta; 1],
    }
    let path = dir.join(SIDECAR_FILE);
    let mut text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let block = toml::to_string(&One { article: [meta] }).map_err(std::io::Error::other)?;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&block);
    crate::corpus::write_atomically(dir, SIDECAR_FILE, text.as_bytes())
}

/// Parse sidecar text.
pub fn parse_sidecar(text: &str) -> Result<HashMap<String, SourceMeta>, String> {
    let parsed: SidecarFile = toml::from_str(text).map_err(|e| e.to_string())?;
    Ok(parsed.article.into_iter().map(|m| (m.file.clone(), m)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries_by_file_name() {
        let text = "[[article]]\nfile = \"a.txt\"\nsource = \"نون بوست\"\n";
        let map = parse_sidecar(text).unwrap();
        assert_eq!(map["a.txt"].source.as_deref(), Some("نون بوست"));
        assert_eq!(map["a.txt"].title, None);
    }

    #[test]
    fn appended_entries_win_and_keep_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SIDECAR_FILE), "# comment\n[[article]]\nfile = \"a.txt\"\nsource = \"old\"\n")
            .unwrap();
        let meta = SourceMeta { file: "a.txt".into(), source: Some("new".into()), ..SourceMeta::default() };
        append_entry(dir.path(), &meta).unwrap();
        let text = std::fs::read_to_string(dir.path().join(SIDECAR_FILE)).unwrap();
        assert!(text.starts_with("# comment"));
        assert_eq!(read_sidecar(dir.path()).unwrap()["a.txt"].source.as_deref(), Some("new"));
    }

    #[test]
    fn unknown_keys_are_an_error() {
        assert!(parse_sidecar("[[article]]\nfile = \"a.txt\"\nsorce = \"x\"\n").is_err());
    }
}
