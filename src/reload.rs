//! Building the index from the configured corpus: at startup, on `/reload`, after an upload.
//!
//! With `index_dir` set, each build is written to a new generation directory (tantivy files, a binary
//! copy of the corpus, and a manifest of the corpus files and index settings), and the `CURRENT` file
//! is switched to it atomically. At startup a generation whose manifest still matches the corpus is
//! opened instead of rebuilt.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::corpus::{manifest, snapshot, write_atomically, Corpus};
use crate::error::{CorpusError, SearchError};
use crate::search::SearchIndex;

/// Building failed as a whole (single bad files are problems inside the corpus, not errors).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The corpus directory is missing or nothing in it loads.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// The index could not be built or stored.
    #[error(transparent)]
    Search(#[from] SearchError),
}

const CURRENT: &str = "CURRENT";
const TANTIVY_DIR: &str = "tantivy";
const CORPUS_FILE: &str = "corpus.bin";
const MANIFEST_FILE: &str = "manifest";

fn dir_error(path: &Path, e: impl std::fmt::Display) -> BuildError {
    BuildError::Search(SearchError::IndexDir { path: path.to_path_buf(), message: e.to_string() })
}

/// Everything that decides what an index holds: the corpus files and the settings that shape passages
/// and terms.
fn fingerprint(config: &Config) -> Result<String, BuildError> {
    let files = manifest(&config.corpus_dir).map_err(|e| dir_error(&config.corpus_dir, e))?;
    let c = &config.corpus;
    Ok(format!(
        "isnad-index v4\nanalyzer {}\npassages {}-{}\nlimits {}MiB {}KiB\n{files}\n",
        config.analyzer().name(),
        c.min_passage_words,
        c.max_passage_words,
        c.max_file_mb,
        c.max_article_kb
    ))
}

/// A digest of the corpus directory's files (names, sizes, modification times; see [`manifest`]): two
/// equal digests mean nothing a reload would read has changed. `None` when the directory cannot be read.
pub fn corpus_state(dir: &Path) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let files = manifest(dir).ok()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    files.hash(&mut hasher);
    Some(hasher.finish())
}

fn log_ready(index: &SearchIndex, took: Duration, how: &str) {
    tracing::info!(
        articles = index.corpus().articles.len(),
        passages = index.corpus().passages.len(),
        ms = took.as_millis() as u64,
        how,
        "index ready"
    );
}

fn load_corpus(config: &Config) -> Result<Corpus, BuildError> {
    let corpus = Corpus::load(&config.corpus_dir, config.load_limits(), config.split())?;
    for problem in &corpus.problems {
        tracing::warn!(%problem, "corpus file skipped");
    }
    Ok(corpus)
}

/// Load the configured corpus and index it (stored in `index_dir` when set); returns the index and
/// the time it took.
pub fn build_index(config: &Config) -> Result<(SearchIndex, Duration), BuildError> {
    let started = Instant::now();
    let index = match &config.index_dir {
        None => SearchIndex::build(load_corpus(config)?, config.analyzer(), config.index_options())?,
        Some(dir) => build_stored(config, dir)?,
    };
    let took = started.elapsed();
    log_ready(&index, took, "built");
    Ok((index, took))
}

/// At startup: open the stored index when it matches the corpus, else build (and store) a new one.
pub fn open_or_build(config: &Config) -> Result<(SearchIndex, Duration), BuildError> {
    let started = Instant::now();
    if let Some(dir) = &config.index_dir {
        remove_stale_generations(dir);
        match open_stored(config, dir) {
            Ok(Some(index)) => {
                let took = started.elapsed();
                log_ready(&index, took, "opened stored index");
                return Ok((index, took));
            }
            Ok(None) => tracing::info!(dir = %dir.display(), "stored index missing or out of date: rebuilding"),
            Err(error) => tracing::warn!(dir = %dir.display(), %error, "stored index unusable: rebuilding"),
        }
    }
    build_index(config)
}

fn current_generation(dir: &Path) -> Option<PathBuf> {
    let name = std::fs::read_to_string(dir.join(CURRENT)).ok()?;
    let name = name.trim();
    (!name.is_empty() && !name.contains(['/', '\\']) && !name.starts_with('.')).then(|| dir.join(name))
}

fn open_stored(config: &Config, dir: &Path) -> Result<Option<SearchIndex>, BuildError> {
    let Some(generation) = current_generation(dir) else { return Ok(None) };
    let stored = std::fs::read_to_string(generation.join(MANIFEST_FILE)).unwrap_or_default();
    if stored != fingerprint(config)? {
        return Ok(None);
    }
    let started = Instant::now();
    let corpus = snapshot::read_snapshot(&generation.join(CORPUS_FILE)).map_err(|e| dir_error(&generation, e))?;
    tracing::debug!(ms = started.elapsed().as_millis() as u64, "stored corpus read");
    let index =
        SearchIndex::open_in_dir(corpus, config.analyzer(), config.index_options(), &generation.join(TANTIVY_DIR))?;
    tracing::debug!(ms = started.elapsed().as_millis() as u64, "stored index opened");
    Ok(Some(index))
}

fn build_stored(config: &Config, dir: &Path) -> Result<SearchIndex, BuildError> {
    let fingerprint = fingerprint(config)?;
    let mut corpus = load_corpus(config)?;
    let (problems, files, load_time) = (std::mem::take(&mut corpus.problems), corpus.files, corpus.load_time);
    std::fs::create_dir_all(dir).map_err(|e| dir_error(dir, e))?;
    let millis = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let name = format!("gen-{millis}-{}", std::process::id());
    let generation = dir.join(&name);
    let tantivy_dir = generation.join(TANTIVY_DIR);
    std::fs::create_dir_all(&tantivy_dir).map_err(|e| dir_error(&generation, e))?;
    let corpus_file = generation.join(CORPUS_FILE);
    snapshot::write_snapshot(&corpus, &corpus_file).map_err(|e| dir_error(&generation, e))?;
    let built = SearchIndex::build_in_dir(corpus, config.analyzer(), config.index_options(), &tantivy_dir)?;
    // Serve from the stored copy, as a restart would: the texts stay on disk (memory-mapped) instead of
    // in the process's memory.
    drop(built);
    let stored = snapshot::read_snapshot(&corpus_file).map_err(|e| dir_error(&generation, e))?;
    let corpus = Corpus { problems, files, load_time, ..stored };
    let index = SearchIndex::open_in_dir(corpus, config.analyzer(), config.index_options(), &tantivy_dir)?;
    write_atomically(&generation, MANIFEST_FILE, fingerprint.as_bytes()).map_err(|e| dir_error(&generation, e))?;
    write_atomically(dir, CURRENT, name.as_bytes()).map_err(|e| dir_error(dir, e))?;
    remove_old_generations(dir, &name);
    Ok(index)
}

/// Delete generations left half-built by a process that died while building (a kill during a reload):
/// every generation but the current one whose builder is no longer running.
fn remove_stale_generations(dir: &Path) {
    let current = current_generation(dir).and_then(|g| g.file_name().map(|n| n.to_string_lossy().into_owned()));
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("gen-") || current.as_deref() == Some(name.as_str()) || builder_alive(&name) {
            continue;
        }
        match std::fs::remove_dir_all(entry.path()) {
            Ok(()) => tracing::info!(generation = %name, "removed a half-built index generation"),
            Err(error) => tracing::warn!(generation = %name, %error, "stale index generation not removed"),
        }
    }
}

/// True when the process that named generation `name` (`gen-<millis>-<pid>`) may still be building it:
/// it is this process, or (on Linux) a running one. Elsewhere, generations younger than an hour count.
fn builder_alive(name: &str) -> bool {
    let mut parts = name.trim_start_matches("gen-").splitn(2, '-');
    let millis: Option<u128> = parts.next().and_then(|m| m.parse().ok());
    let Some(pid) = parts.next().and_then(|p| p.parse::<u32>().ok()) else { return false };
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    millis.is_some_and(|m| now.saturating_sub(m) < 3_600_000)
}

/// Delete generations other than `keep` (an index still open on one keeps its mapped files until dropped).
fn remove_old_generations(dir: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("gen-") && name != keep {
            if let Err(error) = std::fs::remove_dir_all(entry.path()) {
                tracing::warn!(generation = %name, %error, "old index generation not removed");
            }
        }
    }
}
