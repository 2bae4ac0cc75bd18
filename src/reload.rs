//! Building an index from the configured corpus: at startup, on `/reload`, after an upload.

use std::time::{Duration, Instant};

use crate::config::Config;
use crate::corpus::Corpus;
use crate::error::{CorpusError, SearchError};
use crate::search::SearchIndex;

/// Building failed as a whole (single bad files are problems inside the corpus, not errors).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The corpus directory is missing or nothing in it loads.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// The index could not be built.
    #[error(transparent)]
    Search(#[from] SearchError),
}

/// Load the configured corpus and index it; returns the index and the time both took.
pub fn build_index(config: &Config) -> Result<(SearchIndex, Duration), BuildError> {
    let started = Instant::now();
    let corpus = Corpus::load(&config.corpus_dir, config.load_limits(), config.split())?;
    for problem in &corpus.problems {
        tracing::warn!(%problem, "corpus file skipped");
    }
    let index = SearchIndex::build(corpus, config.analyzer(), config.index_options())?;
    let took = started.elapsed();
    tracing::info!(
        articles = index.corpus().articles.len(),
        passages = index.corpus().passages.len(),
        ms = took.as_millis() as u64,
        "index ready"
    );
    Ok((index, took))
}
