//! What answering reads (the search index and the passages' vectors), and the one in service, swapped
//! whole when a reload builds a new one.
//!
//! Readers take a snapshot (`Arc`) and keep it for the whole search, so a swap never disturbs a
//! search in flight; the old index is dropped when its last reader finishes.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use arc_swap::ArcSwap;

use crate::embed::PassageVectors;
use crate::latest::Latest;
use crate::search::SearchIndex;

/// A corpus's search index and its passages' embedding vectors (empty in lexical mode, filled in the
/// background in semantic mode).
pub struct Engine {
    /// The lexical index (and the corpus it holds).
    pub index: SearchIndex,
    /// One vector slot per passage of `index`.
    pub vectors: Arc<PassageVectors>,
    /// The dated articles, newest first, worked out when first asked for.
    pub latest: Latest,
}

impl Engine {
    /// `index` with no vectors yet.
    pub fn new(index: SearchIndex) -> Engine {
        let vectors = Arc::new(PassageVectors::new(index.corpus().passages.len()));
        Engine { index, vectors, latest: Latest::default() }
    }
}

/// An engine and when it went into service.
pub struct Served {
    /// The index and vectors.
    pub engine: Engine,
    /// When it was swapped in.
    pub since: SystemTime,
    /// How long loading and indexing took.
    pub build_time: Duration,
}

/// The current index, replaceable atomically.
pub struct IndexHandle {
    current: ArcSwap<Served>,
}

impl IndexHandle {
    /// Serve `engine`, built in `build_time`.
    pub fn new(engine: Engine, build_time: Duration) -> Self {
        IndexHandle { current: ArcSwap::from_pointee(Served { engine, since: SystemTime::now(), build_time }) }
    }

    /// The index in service now; keep the `Arc` for the whole search.
    pub fn snapshot(&self) -> Arc<Served> {
        self.current.load_full()
    }

    /// Put `engine` in service; searches already running finish on the old one.
    pub fn swap(&self, engine: Engine, build_time: Duration) {
        self.current.store(Arc::new(Served { engine, since: SystemTime::now(), build_time }));
    }
}
