//! Analysed passages kept between questions, within a memory budget: a passage that answers one
//! question is likely a candidate for the next, and analysing it again is most of a question's cost.

use std::convert::Infallible;
use std::sync::Arc;

use quick_cache::sync::Cache;
use quick_cache::Weighter;

use crate::arabic::AnalysedText;

/// Weighs a kept passage by the bytes it holds.
#[derive(Debug, Clone, Copy)]
struct ByBytes;

impl Weighter<u32, Arc<AnalysedText>> for ByBytes {
    fn weight(&self, _: &u32, analysed: &Arc<AnalysedText>) -> u64 {
        analysed.weight() as u64
    }
}

/// Passage id → its analysed terms, least recently used dropped first (quick_cache: sharded, so the
/// bot's concurrent questions do not queue on one lock).
pub struct AnalysisCache {
    cache: Option<Cache<u32, Arc<AnalysedText>, ByBytes>>,
}

/// A typical analysed passage, to size the cache's table.
const TYPICAL_BYTES: usize = 4 << 10;

impl AnalysisCache {
    /// A cache holding at most `budget_mb` MiB of analysed passages; 0 keeps nothing.
    pub fn new(budget_mb: usize) -> AnalysisCache {
        let bytes = budget_mb << 20;
        let cache = (bytes > 0).then(|| Cache::with_weighter((bytes / TYPICAL_BYTES).max(16), bytes as u64, ByBytes));
        AnalysisCache { cache }
    }

    /// The analysed terms of passage `pid`, made with `analyse` when not kept.
    /// Concurrent callers for the same passage wait for one analysis instead of each making their own.
    pub fn get(&self, pid: u32, analyse: impl FnOnce() -> AnalysedText) -> Arc<AnalysedText> {
        let Some(cache) = &self.cache else { return Arc::new(analyse()) };
        match cache.get_or_insert_with(&pid, || Ok::<_, Infallible>(Arc::new(analyse()))) {
            Ok(analysed) => analysed,
            Err(never) => match never {},
        }
    }

    /// Bytes held.
    pub fn bytes(&self) -> u64 {
        self.cache.as_ref().map_or(0, |c| c.weight())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::Analyzer;

    #[test]
    fn a_kept_passage_is_not_analysed_again_and_the_budget_holds() {
        let cache = AnalysisCache::new(1);
        let text = "قوات حفظ السلام ".repeat(200);
        let mut analysed = 0;
        for _ in 0..3 {
            cache.get(7, || {
                analysed += 1;
                AnalysedText::new(Analyzer::default(), &text)
            });
        }
        assert_eq!(analysed, 1);
        for pid in 0..2000 {
            cache.get(pid, || AnalysedText::new(Analyzer::default(), &text));
        }
        assert!(cache.bytes() <= 1 << 20, "{} bytes kept", cache.bytes());
        assert!(cache.bytes() > 0);
    }

    #[test]
    fn a_zero_budget_keeps_nothing() {
        let cache = AnalysisCache::new(0);
        let mut analysed = 0;
        for _ in 0..2 {
            cache.get(1, || {
                analysed += 1;
                AnalysedText::default()
            });
        }
        assert_eq!((analysed, cache.bytes()), (2, 0));
    }
}
