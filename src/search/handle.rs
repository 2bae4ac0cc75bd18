//! The index in service, swapped whole when a reload builds a new one.
//!
//! Readers take a snapshot (`Arc`) and keep it for the whole search, so a swap never disturbs a
//! search in flight; the old index is dropped when its last reader finishes.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use arc_swap::ArcSwap;

use super::SearchIndex;

/// An index and when it went into service.
pub struct Served {
    /// The index.
    pub index: SearchIndex,
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
    /// Serve `index`, built in `build_time`.
    pub fn new(index: SearchIndex, build_time: Duration) -> Self {
        IndexHandle { current: ArcSwap::from_pointee(Served { index, since: SystemTime::now(), build_time }) }
    }

    /// The index in service now; keep the `Arc` for the whole search.
    pub fn snapshot(&self) -> Arc<Served> {
        self.current.load_full()
    }

    /// Put `index` in service; searches already running finish on the old one.
    pub fn swap(&self, index: SearchIndex, build_time: Duration) {
        self.current.store(Arc::new(Served { index, since: SystemTime::now(), build_time }));
    }
}
