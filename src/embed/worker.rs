//! Embedding in the background: every passage of the engine in service gets its vector, from the store
//! when it was embedded before, else from the server in small batches, retried with backoff when the
//! server fails, resumed where it stopped. Questions never wait for it: until a passage has its vector it
//! is ranked lexically, and a question whose own vector does not come in time is answered lexically.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio_util::sync::CancellationToken;

use super::client::{EmbedError, EmbeddingClient, Kind};
use super::store::{key, Key, VectorStore};
use super::vectors::unit;
use crate::arabic::{in_standard_words, question_span};
use crate::config::Config;
use crate::engine::{Engine, Served};

/// Longest wait between two attempts at a failing batch.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// How often progress is reported while embedding.
const PROGRESS_EVERY: Duration = Duration::from_secs(10);

/// Least time between two warnings about failed question vectors.
const WARN_EVERY: Duration = Duration::from_secs(60);

/// Question vectors kept in RAM (about 1.5 KiB each at 384 dimensions), least recently used dropped
/// first: "more results", an inline page and a question asked again need no new request.
const RECENT_QUESTIONS: usize = 2048;

/// Counters for `/metrics`.
#[derive(Debug, Default)]
pub struct EmbedStats {
    /// Passages of the engine in service with their vectors.
    pub done: AtomicU64,
    /// Passages of the engine in service.
    pub total: AtomicU64,
    /// Passages sent to the server since start.
    pub passages_sent: AtomicU64,
    /// Passage batches that failed (and were retried).
    pub passage_failures: AtomicU64,
    /// Questions whose vector did not come (answered lexically).
    pub query_failures: AtomicU64,
    /// Questions embedded.
    pub queries: AtomicU64,
    /// Questions whose vector was one of the recent ones (no request).
    pub queries_reused: AtomicU64,
}

/// Progress of one fill, for a log line or the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Passages with their vectors.
    pub done: usize,
    /// Passages in all.
    pub total: usize,
    /// Passages embedded per second by the server in this fill.
    pub per_second: f64,
}

impl Progress {
    /// Seconds left at the current pace, when there is one.
    pub fn eta_seconds(&self) -> Option<f64> {
        (self.per_second > 0.0).then(|| (self.total - self.done) as f64 / self.per_second)
    }
}

/// When a fill gives up.
#[derive(Debug, Clone, Copy)]
pub enum Patience {
    /// Never: retry with backoff until done or cancelled (the bot).
    Forever,
    /// After this many failed attempts in a row (the command line, which waits for the vectors).
    Attempts(u32),
}

/// The embedding server, the store of vectors, and their counters.
pub struct Embedder {
    client: EmbeddingClient,
    store: Mutex<VectorStore>,
    batch: usize,
    query_timeout: Duration,
    passage_timeout: Duration,
    /// Counters for `/metrics`.
    pub stats: EmbedStats,
    last_warning: Mutex<Option<Instant>>,
    current: Mutex<Option<CancellationToken>>,
    /// The dimension of the vectors held (0 before the first): a vector of another one is an error.
    dim: AtomicUsize,
    /// The latest questions' unit vectors, by a hash of the text embedded ([`key`]): a reader's
    /// question is not kept in memory for as long as its vector is.
    recent: quick_cache::sync::Cache<Key, Vec<f32>>,
}

impl Embedder {
    /// The embedder `config` asks for; `None` in lexical mode (no url).
    pub fn from_config(config: &Config) -> Option<Arc<Embedder>> {
        let e = &config.embeddings;
        if e.url.is_empty() {
            return None;
        }
        let client = EmbeddingClient::new(e);
        let store = match &config.index_dir {
            Some(dir) => VectorStore::open(&dir.join("vectors.bin"), &e.model),
            None => VectorStore::in_memory(&e.model),
        };
        tracing::info!(endpoint = client.endpoint(), model = client.model(), stored = store.len(), "semantic mode");
        Some(Arc::new(Embedder {
            client,
            store: Mutex::new(store),
            batch: e.batch,
            query_timeout: Duration::from_millis(e.timeout_ms),
            passage_timeout: Duration::from_millis(e.passage_timeout_ms),
            stats: EmbedStats::default(),
            last_warning: Mutex::new(None),
            current: Mutex::new(None),
            dim: AtomicUsize::new(0),
            recent: quick_cache::sync::Cache::new(RECENT_QUESTIONS),
        }))
    }

    /// The unit vectors of one message's questions ([`crate::answer::Question::parts`]): the recent ones
    /// from RAM, the others in one request; `None` (counted, with a warning at most once a minute) when the
    /// server fails or is slower than `timeout_ms`, and for a zero vector. Nothing is stored on disk:
    /// readers' questions do not pile up.
    pub async fn embed_query(&self, parts: &[String]) -> Vec<Option<Vec<f32>>> {
        let inputs: Vec<String> = parts.iter().map(|p| self.client.input(&as_embedded(p), Kind::Query)).collect();
        let keys: Vec<Key> = inputs.iter().map(|i| key(self.client.model(), i)).collect();
        let mut out: Vec<Option<Vec<f32>>> = keys.iter().map(|k| self.recent.get(k)).collect();
        let missing: Vec<usize> = (0..out.len()).filter(|&i| out[i].is_none()).collect();
        self.stats.queries_reused.fetch_add((out.len() - missing.len()) as u64, Ordering::Relaxed);
        if missing.is_empty() {
            return out;
        }
        let asked: Vec<String> = missing.iter().map(|&i| inputs[i].clone()).collect();
        let outcome = self.client.embed(&asked, Kind::Query, self.query_timeout).await.and_then(|v| self.checked(v));
        match outcome {
            Ok(vectors) => {
                let units: Vec<Option<Vec<f32>>> = vectors.iter().map(|v| unit(v)).collect();
                self.stats.queries.fetch_add(units.iter().flatten().count() as u64, Ordering::Relaxed);
                if units.iter().any(Option::is_none) {
                    self.query_failed(&EmbedError::Dimension("zero vector".into()));
                }
                for (&i, vector) in missing.iter().zip(units) {
                    if let Some(v) = &vector {
                        self.recent.insert(keys[i], v.clone());
                    }
                    out[i] = vector;
                }
            }
            Err(error) => self.query_failed(&error),
        }
        out
    }

    /// Unit vectors of several questions at once (for evaluation, where the same questions come back run
    /// after run: they are kept in the store like passages); `None` where one failed.
    pub async fn embed_queries(&self, questions: &[String]) -> Vec<Option<Vec<f32>>> {
        let model = self.client.model().to_string();
        let inputs: Vec<String> = questions.iter().map(|q| self.client.input(&as_embedded(q), Kind::Query)).collect();
        let keys: Vec<Key> = inputs.iter().map(|i| key(&model, &format!("query\0{i}"))).collect();
        let mut out: Vec<Option<Vec<f32>>> = {
            let mut store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
            store.load();
            keys.iter().map(|k| store.get(k).and_then(unit)).collect()
        };
        let missing: Vec<usize> = (0..out.len()).filter(|&i| out[i].is_none()).collect();
        let timeout = self.query_timeout.max(self.passage_timeout);
        for chunk in missing.chunks(32) {
            let batch: Vec<String> = chunk.iter().map(|&i| inputs[i].clone()).collect();
            match self.client.embed(&batch, Kind::Query, timeout).await.and_then(|v| self.checked(v)) {
                Ok(vectors) => {
                    self.stats.queries.fetch_add(chunk.len() as u64, Ordering::Relaxed);
                    let records: Vec<(Key, Vec<f32>)> = chunk.iter().zip(vectors).map(|(&i, v)| (keys[i], v)).collect();
                    for ((_, vector), &i) in records.iter().zip(chunk) {
                        out[i] = unit(vector);
                    }
                    if let Err(error) = self.store.lock().unwrap_or_else(PoisonError::into_inner).put(&records) {
                        tracing::warn!(%error, "question vectors not stored");
                    }
                }
                Err(error) => self.query_failed(&error),
            }
        }
        out
    }

    /// `vectors` when their dimension is the one held (the first vectors set it).
    fn checked(&self, vectors: Vec<Vec<f32>>) -> Result<Vec<Vec<f32>>, EmbedError> {
        let dim = vectors.first().map_or(0, Vec::len);
        match self.dim.compare_exchange(0, dim, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => Ok(vectors),
            Err(held) if held == dim => Ok(vectors),
            Err(held) => Err(EmbedError::Dimension(format!("{dim} where the vectors held have {held}"))),
        }
    }

    fn query_failed(&self, error: &EmbedError) {
        self.stats.query_failures.fetch_add(1, Ordering::Relaxed);
        let mut last = self.last_warning.lock().unwrap_or_else(PoisonError::into_inner);
        if last.is_none_or(|at| at.elapsed() >= WARN_EVERY) {
            *last = Some(Instant::now());
            tracing::warn!(error = %error, kind = error.kind(), "question answered lexically: no vector (warned once a minute)");
        }
    }

    /// The text embedded for passage `pid`: its article's title, then the passage.
    fn passage_input(&self, engine: &Engine, pid: usize) -> String {
        let corpus = engine.index.corpus();
        let passage = &corpus.passages[pid];
        let title = &corpus.article_of(passage).title;
        let text = corpus.passage_text(passage);
        // The title helps find the article (measured on ARCD: hybrid R@1 0.764 with it, 0.752 without).
        let body = if title.is_empty() || text.starts_with(title.as_str()) {
            text.to_string()
        } else {
            format!("{title}\n{text}")
        };
        self.client.input(&body, Kind::Passage)
    }

    /// Start filling the vectors of the engine `served` (in the background), stopping the fill of the
    /// engine it replaces.
    pub fn start(self: &Arc<Self>, served: Arc<Served>) {
        let token = CancellationToken::new();
        if let Some(previous) = self.current.lock().unwrap_or_else(PoisonError::into_inner).replace(token.clone()) {
            previous.cancel();
        }
        let me = self.clone();
        tokio::spawn(async move {
            let report = |p: Progress| {
                tracing::info!(
                    done = p.done,
                    total = p.total,
                    per_second = format!("{:.1}", p.per_second),
                    eta_s = p.eta_seconds().map(|s| s.round() as u64),
                    "embedding passages"
                );
            };
            match me.fill_keys(&served.engine, &token, Patience::Forever, &report).await {
                Ok(keys) => {
                    tracing::info!(passages = served.engine.vectors.passages(), "every passage has its vector");
                    me.keep_only(&keys, &token);
                }
                Err(error) => tracing::info!(%error, "embedding stopped"),
            }
        });
    }

    /// Give every passage of `engine` its vector: stored ones first, then the rest from the server.
    /// `report` hears of progress every few seconds and at the end.
    pub async fn fill(
        &self,
        engine: &Engine,
        cancel: &CancellationToken,
        patience: Patience,
        report: &(dyn Fn(Progress) + Sync),
    ) -> Result<(), FillError> {
        self.fill_keys(engine, cancel, patience, report).await.map(|_| ())
    }

    /// The store keeps only the vectors under `keys` (the index in service's, when all are there) and,
    /// backed by a file, lets go of its copy in RAM: a corpus that changes for months leaves neither
    /// stale vectors nor a second copy of the index's own behind. Not once `cancel` is cancelled: another
    /// index has come, whose fill may already be using the store (checked under the store's lock).
    fn keep_only(&self, keys: &[Key], cancel: &CancellationToken) {
        let in_use: HashSet<Key> = keys.iter().copied().collect();
        let mut store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        if cancel.is_cancelled() {
            return;
        }
        match store.retain(&in_use) {
            Ok(0) => {}
            Ok(dropped) => {
                tracing::info!(dropped, kept = store.len(), "stored vectors of passages no longer served dropped")
            }
            Err(error) => tracing::warn!(%error, "stored vectors not compacted"),
        }
        store.release();
    }

    /// [`Embedder::fill`], returning each passage's key.
    async fn fill_keys(
        &self,
        engine: &Engine,
        cancel: &CancellationToken,
        patience: Patience,
        report: &(dyn Fn(Progress) + Sync),
    ) -> Result<Vec<Key>, FillError> {
        let total = engine.vectors.passages();
        self.stats.total.store(total as u64, Ordering::Relaxed);
        let stored_dim = self.store.lock().unwrap_or_else(PoisonError::into_inner).dim();
        if stored_dim > 0 {
            let _ = self.dim.compare_exchange(0, stored_dim, Ordering::Relaxed, Ordering::Relaxed);
        }
        let model = self.client.model().to_string();
        let keys: Vec<Key> = (0..total).map(|pid| key(&model, &self.passage_input(engine, pid))).collect();
        let missing: Vec<usize> = {
            let mut store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
            store.load();
            engine
                .vectors
                .set_many(keys.iter().enumerate().filter_map(|(pid, k)| store.get(k).map(|v| (pid as u32, v))));
            let mut missing: Vec<usize> = (0..total).filter(|&pid| !engine.vectors.has(pid as u32)).collect();
            spread(&mut missing);
            missing
        };
        self.stats.done.store(engine.vectors.present() as u64, Ordering::Relaxed);
        if !missing.is_empty() {
            tracing::info!(
                reused = total - missing.len(),
                to_embed = missing.len(),
                "embedding passages in the background"
            );
        }
        let started = Instant::now();
        let mut last_report = Instant::now();
        let mut sent = 0usize;
        for chunk in missing.chunks(self.batch) {
            let inputs: Vec<String> = chunk.iter().map(|&pid| self.passage_input(engine, pid)).collect();
            let vectors = self.embed_with_retry(&inputs, cancel, patience).await?;
            let records: Vec<(Key, Vec<f32>)> = chunk.iter().zip(vectors).map(|(&pid, v)| (keys[pid], v)).collect();
            engine.vectors.set_many(records.iter().zip(chunk).map(|((_, v), &pid)| (pid as u32, v.as_slice())));
            if let Err(error) = self.store.lock().unwrap_or_else(PoisonError::into_inner).put(&records) {
                tracing::warn!(%error, "vectors not stored on disk: they will be embedded again after a restart");
            }
            sent += chunk.len();
            self.stats.passages_sent.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            self.stats.done.store(engine.vectors.present() as u64, Ordering::Relaxed);
            if last_report.elapsed() >= PROGRESS_EVERY {
                last_report = Instant::now();
                report(self.progress(engine, sent, started));
            }
        }
        if !missing.is_empty() {
            report(self.progress(engine, sent, started));
        }
        Ok(keys)
    }

    fn progress(&self, engine: &Engine, sent: usize, started: Instant) -> Progress {
        let per_second = sent as f64 / started.elapsed().as_secs_f64().max(1e-3);
        Progress { done: engine.vectors.present(), total: engine.vectors.passages(), per_second }
    }

    async fn embed_with_retry(
        &self,
        inputs: &[String],
        cancel: &CancellationToken,
        patience: Patience,
    ) -> Result<Vec<Vec<f32>>, FillError> {
        let mut delay = Duration::from_secs(1);
        let mut failures = 0u32;
        loop {
            if cancel.is_cancelled() {
                return Err(FillError::Cancelled);
            }
            let attempt = tokio::select! {
                outcome = self.client.embed(inputs, Kind::Passage, self.passage_timeout) => outcome.and_then(|v| self.checked(v)),
                () = cancel.cancelled() => return Err(FillError::Cancelled),
            };
            match attempt {
                Ok(vectors) => return Ok(vectors),
                Err(error) => {
                    failures += 1;
                    self.stats.passage_failures.fetch_add(1, Ordering::Relaxed);
                    if let Patience::Attempts(most) = patience {
                        if failures >= most {
                            return Err(FillError::Server(error));
                        }
                    }
                    tracing::warn!(error = %error, kind = error.kind(), retry_in_s = delay.as_secs(), "embedding a batch failed");
                    tokio::select! {
                        () = tokio::time::sleep(delay) => {}
                        () = cancel.cancelled() => return Err(FillError::Cancelled),
                    }
                    delay = (delay * 2).min(MAX_BACKOFF);
                }
            }
        }
    }
}

/// Why a fill stopped before every passage had its vector.
#[derive(Debug, thiserror::Error)]
pub enum FillError {
    /// A newer engine replaced this one, or the process is stopping.
    #[error("cancelled")]
    Cancelled,
    /// The server kept failing.
    #[error(transparent)]
    Server(#[from] EmbedError),
}

/// The question as embedded: without its request frame (see [`without_request_frame`]) and with its
/// dialect words in Standard Arabic (شنو → ما، بعت → أرسل), which the corpus and the model read.
fn as_embedded(question: &str) -> String {
    in_standard_words(without_request_frame(question)).into_owned()
}

/// The question without the request frame and courtesies around it (لو سمحت، هل يمكنك أن تخبرني، شكرا),
/// which say nothing about the passage that answers and would pull the vector towards polite text.
fn without_request_frame(question: &str) -> &str {
    let asks = question_span(question);
    if asks == (0..question.len()) {
        return question;
    }
    question[asks].trim_matches(|c: char| !c.is_alphanumeric() && c != '؟' && c != '?')
}

/// Order passages so that every stretch of the embedding covers the whole corpus (by their ids'
/// bits reversed: 0, n/2, n/4, 3n/4 …), not its first articles: while vectors are still arriving, the
/// nearest passages and the corpus's mean vector (the confidence's `topic`) then speak for all of it.
fn spread(pids: &mut [usize]) {
    pids.sort_by_key(|pid| pid.reverse_bits());
}

#[cfg(test)]
mod tests {
    use super::{as_embedded, spread, without_request_frame};

    #[test]
    fn passages_are_embedded_across_the_corpus_from_the_start() {
        let mut pids: Vec<usize> = (0..1000).collect();
        spread(&mut pids);
        let mut sorted = pids.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..1000).collect::<Vec<_>>(), "each passage once");
        assert_eq!(pids[0], 0);
        // Every first stretch holds passages from every part of the corpus.
        for (first, parts) in [(8, 8), (64, 16), (200, 100)] {
            let mut seen = vec![false; parts];
            pids[..first].iter().for_each(|&pid| seen[pid * parts / 1000] = true);
            assert!(seen.iter().all(|&s| s), "the first {first} miss a part of {parts}");
        }
    }

    #[test]
    fn a_question_is_embedded_without_its_request_frame() {
        assert_eq!(without_request_frame("لو سمحت، من يقود القوات؟"), "من يقود القوات؟");
        assert_eq!(without_request_frame("من يقود القوات؟"), "من يقود القوات؟");
        assert_eq!(without_request_frame("؟؟"), "؟؟");
        assert_eq!(as_embedded("لو سمحت، شنو سبب المظاهرات؟"), "ما سبب المظاهرات؟");
    }
}
