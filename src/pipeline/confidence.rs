//! Whether the corpus answers the question at all: a confidence made of what the ranking already knows.

use super::rerank::Ranked;
use super::SearchOptions;

/// The confidence behind "answered", with its parts (shown by `isnad ask --explain`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Confidence {
    /// The confidence, 0 to 1.
    pub value: f32,
    /// idf-weighted share of the question's terms the best passage holds.
    pub coverage: f32,
}

impl Confidence {
    /// True when the corpus counts as answering.
    pub fn answers(&self, options: &SearchOptions) -> bool {
        self.value >= options.min_coverage
    }
}

/// The confidence of a ranking (best first).
pub fn confidence(ranked: &[Ranked]) -> Confidence {
    let coverage = ranked.first().map_or(0.0, |r| r.matched.coverage);
    Confidence { value: coverage, coverage }
}
