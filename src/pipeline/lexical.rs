//! The lexical retriever: BM25 over passage and title, plus a presence bonus per held question term, and
//! the root field for a question word the corpus never writes as such.

use crate::error::SearchError;
use crate::rank::QueryTerm;
use crate::search::{ScoredPassage, SearchIndex, TermField, WeightedTerm};

use super::SearchOptions;

/// The `limit` passages BM25 ranks best for `query` (at most [`crate::search::MAX_RESULTS`]).
pub fn candidates(
    index: &SearchIndex,
    query: &[QueryTerm],
    options: &SearchOptions,
    limit: usize,
) -> Result<Vec<ScoredPassage>, SearchError> {
    let weighted: Vec<WeightedTerm> = query
        .iter()
        .flat_map(|q| {
            let words = q.alternatives.iter().map(|(t, w)| WeightedTerm {
                field: TermField::Body,
                term: t.clone(),
                weight: *w,
                presence: options.presence_weight * q.idf * w,
            });
            // A word the corpus holds already brings its passages; their root matches count in re-ranking.
            // Root postings are long (a root covers many words), and searching them for every word cost
            // 40% of search time on 97 MB and half on 1 GB for no measured gain (see BENCHMARKS.md).
            let unseen = !q.in_corpus();
            let root = q.root.iter().filter(move |_| unseen).map(|r| WeightedTerm {
                field: TermField::Root,
                term: r.clone(),
                weight: options.root_weight,
                presence: 0.0,
            });
            words.chain(root)
        })
        .collect();
    index.search(&weighted, options.title_boost, limit)
}
