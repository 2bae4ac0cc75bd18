//! The semantic retriever: the passages whose vectors lie nearest the question's.

use crate::embed::PassageVectors;

/// The `k` passages nearest `query` (a unit vector), with their cosines; none lack a vector.
pub fn candidates(vectors: &PassageVectors, query: &[f32], k: usize) -> Vec<(u32, f32)> {
    vectors.nearest(query, k)
}
