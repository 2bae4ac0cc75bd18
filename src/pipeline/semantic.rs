//! The semantic retriever: the passages whose vectors lie nearest the question's, and how near the
//! question lies to the corpus as a whole.

use crate::embed::PassageVectors;

/// The `k` passages nearest `query` (a unit vector), with their cosines; none lack a vector.
pub fn candidates(vectors: &PassageVectors, query: &[f32], k: usize) -> Vec<(u32, f32)> {
    vectors.nearest(query, k)
}

/// The cosine of `query` (a unit vector) with the corpus's mean passage vector; `None` before any
/// passage has its vector.
pub fn topic(vectors: &PassageVectors, query: &[f32]) -> Option<f32> {
    vectors.centroid_cosine(query)
}
