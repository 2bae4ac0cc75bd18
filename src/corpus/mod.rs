//! The corpus: articles loaded from a directory, cleaned, and split into passages.

pub mod archive;
mod article;
pub mod chrome;
mod docx;
mod encoding;
mod html;
mod lines;
mod load;
mod markdown;
mod names;
mod problem;
pub mod sidecar;
pub mod snapshot;
pub mod split;

use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use article::{Article, Passage, Text};
pub use encoding::{declared_charset, decode_as};
pub use load::{check_file, load_dir, Checked, LoadLimits, Loaded};
pub use names::{safe_file_name, NameError};
pub use problem::{Problem, ProblemKind};
pub use split::{split_passages, SplitConfig};

use crate::error::CorpusError;

/// A description of the corpus directory's files (names, sizes, modification times), in name order:
/// when it and the index settings are unchanged, a stored index is still valid.
pub fn manifest(dir: &Path) -> std::io::Result<String> {
    let mut entries = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current)? {
            let entry = entry?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let meta = entry.metadata()?;
            if meta.is_dir() {
                stack.push(entry.path());
                continue;
            }
            let modified = meta.modified()?.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
            let rel = entry.path().strip_prefix(dir).map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
            entries.push(format!("{rel}\t{}\t{modified}", meta.len()));
        }
    }
    entries.sort();
    Ok(entries.join("\n"))
}

/// Write `bytes` to `dir/name` through a hidden temporary file and a rename, so readers never see a
/// half-written file.
pub fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, dir.join(name))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Move `dir/name` into `dir/.trash/`, never overwriting an earlier removal; returns the new path.
pub fn move_to_trash(dir: &Path, name: &str) -> std::io::Result<std::path::PathBuf> {
    let trash = dir.join(".trash");
    std::fs::create_dir_all(&trash)?;
    let mut target = trash.join(name);
    let mut n = 1;
    while target.exists() {
        target = trash.join(format!("{name}.{n}"));
        n += 1;
    }
    std::fs::rename(dir.join(name), &target)?;
    Ok(target)
}

/// A loaded corpus: articles, their passages, and every problem met on the way.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Articles in load order.
    pub articles: Vec<Article>,
    /// Passages of all articles, article by article.
    pub passages: Vec<Passage>,
    /// Skipped files and lines.
    pub problems: Vec<Problem>,
    /// Files looked at.
    pub files: usize,
    /// Time spent reading and splitting.
    pub load_time: Duration,
}

impl Corpus {
    /// Load and split the corpus in `dir`. Fails when the directory is missing or nothing loads.
    pub fn load(dir: &Path, limits: LoadLimits, split: SplitConfig) -> Result<Corpus, CorpusError> {
        let started = Instant::now();
        let Loaded { articles, problems, files } = load_dir(dir, limits)?;
        if articles.is_empty() {
            return Err(CorpusError::Empty { dir: dir.to_path_buf(), problems });
        }
        let mut corpus = Corpus::from_articles(articles, split);
        corpus.problems = problems;
        corpus.files = files;
        corpus.load_time = started.elapsed();
        Ok(corpus)
    }

    /// Split already-loaded articles into passages.
    pub fn from_articles(articles: Vec<Article>, split: SplitConfig) -> Corpus {
        let per_article: Vec<Vec<std::ops::Range<usize>>> =
            articles.par_iter().map(|a| split_passages(a.text.as_str(), split)).collect();
        let total = per_article.iter().map(Vec::len).sum();
        let mut passages = Vec::with_capacity(total);
        for (i, ranges) in per_article.into_iter().enumerate() {
            for (position, range) in ranges.into_iter().enumerate() {
                passages.push(Passage { article: i as u32, position: position as u32, range });
            }
        }
        Corpus { articles, passages, ..Corpus::default() }
    }

    /// The text of a passage.
    pub fn passage_text(&self, passage: &Passage) -> &str {
        self.articles[passage.article as usize].text.slice(passage.range.clone())
    }

    /// The article a passage belongs to.
    pub fn article_of(&self, passage: &Passage) -> &Article {
        &self.articles[passage.article as usize]
    }

    /// Bytes of article text held.
    pub fn text_bytes(&self) -> usize {
        self.articles.iter().map(|a| a.text.len()).sum()
    }

    /// Sources with their article counts, most articles first, then by name.
    pub fn sources(&self) -> Vec<(String, usize)> {
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for article in &self.articles {
            *counts.entry(article.source.as_str()).or_default() += 1;
        }
        let mut out: Vec<(String, usize)> = counts.into_iter().map(|(s, n)| (s.to_string(), n)).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }
}
