//! The passages' embedding vectors for the index in service, filled in the background while questions
//! are answered: a passage without its vector yet is ranked lexically.
//!
//! One contiguous array of unit-length vectors in passage order, so the nearest neighbours of a question
//! are an exact dot product over it (measured in BENCHMARKS.md: fine at this project's sizes).

use std::sync::{PoisonError, RwLock, RwLockReadGuard};

/// Vectors by passage id; empty until the first one arrives (its length fixes the dimension).
pub struct PassageVectors {
    passages: usize,
    table: RwLock<Table>,
}

#[derive(Default)]
struct Table {
    dim: usize,
    data: Vec<f32>,
    present: Vec<bool>,
    count: usize,
}

/// `vector` scaled to unit length; `None` when it has no length or holds a non-number.
pub fn unit(vector: &[f32]) -> Option<Vec<f32>> {
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    (norm.is_finite() && norm > 0.0).then(|| vector.iter().map(|x| x / norm).collect())
}

/// Dot product (the cosine of two unit vectors).
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

impl PassageVectors {
    /// Room for the vectors of `passages` passages, none present.
    pub fn new(passages: usize) -> PassageVectors {
        PassageVectors { passages, table: RwLock::new(Table::default()) }
    }

    fn read(&self) -> RwLockReadGuard<'_, Table> {
        self.table.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Passages in the index.
    pub fn passages(&self) -> usize {
        self.passages
    }

    /// Vectors present.
    pub fn present(&self) -> usize {
        self.read().count
    }

    /// The vectors' dimension (0 before the first).
    pub fn dim(&self) -> usize {
        self.read().dim
    }

    /// True when every passage has its vector.
    pub fn complete(&self) -> bool {
        self.present() == self.passages
    }

    /// True when passage `pid` has its vector.
    pub fn has(&self, pid: u32) -> bool {
        self.read().present.get(pid as usize).copied().unwrap_or(false)
    }

    /// Store the unit vectors of several passages at once (one write lock). A vector whose dimension
    /// differs from the first one stored is refused; returns how many were stored.
    pub fn set_many<'v>(&self, vectors: impl IntoIterator<Item = (u32, &'v [f32])>) -> usize {
        let mut table = self.table.write().unwrap_or_else(PoisonError::into_inner);
        let mut stored = 0;
        for (pid, vector) in vectors {
            let pid = pid as usize;
            if pid >= self.passages || vector.is_empty() {
                continue;
            }
            if table.dim == 0 {
                table.dim = vector.len();
                table.data = vec![0.0; self.passages * vector.len()];
                table.present = vec![false; self.passages];
            }
            let dim = table.dim;
            let Some(unit) = unit(vector).filter(|v| v.len() == dim) else { continue };
            table.data[pid * dim..(pid + 1) * dim].copy_from_slice(&unit);
            if !table.present[pid] {
                table.present[pid] = true;
                table.count += 1;
            }
            stored += 1;
        }
        stored
    }

    /// Cosine of passage `pid` with the unit vector `query`, when the passage has its vector.
    pub fn cosine(&self, pid: u32, query: &[f32]) -> Option<f32> {
        let table = self.read();
        let pid = pid as usize;
        (table.dim == query.len() && table.present.get(pid).copied().unwrap_or(false))
            .then(|| dot(&table.data[pid * table.dim..(pid + 1) * table.dim], query))
    }

    /// The `k` passages nearest the unit vector `query` (highest cosine first, ties by passage id);
    /// empty when the dimensions differ.
    pub fn nearest(&self, query: &[f32], k: usize) -> Vec<(u32, f32)> {
        let table = self.read();
        if table.dim != query.len() || k == 0 {
            return Vec::new();
        }
        let mut best: Vec<(u32, f32)> = Vec::with_capacity(k + 1);
        for (pid, row) in table.data.chunks_exact(table.dim).enumerate() {
            if !table.present[pid] {
                continue;
            }
            let score = dot(row, query);
            if best.len() == k && best.last().is_some_and(|&(_, worst)| score <= worst) {
                continue;
            }
            let at = best.partition_point(|&(_, s)| s >= score);
            best.insert(at, (pid as u32, score));
            best.truncate(k);
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_passages_come_by_cosine_and_missing_ones_are_skipped() {
        let vectors = PassageVectors::new(4);
        assert!(vectors.nearest(&[1.0, 0.0], 2).is_empty(), "nothing stored yet");
        let stored = vectors.set_many([(0, &[1.0, 0.0][..]), (1, &[0.0, 2.0][..]), (3, &[1.0, 1.0][..])]);
        assert_eq!((stored, vectors.present(), vectors.complete()), (3, 3, false));
        let near = vectors.nearest(&[1.0, 0.0], 2);
        assert_eq!(near.iter().map(|(p, _)| *p).collect::<Vec<_>>(), [0, 3]);
        assert!((near[1].1 - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
        assert_eq!(vectors.cosine(2, &[1.0, 0.0]), None);
        assert_eq!(vectors.set_many([(2, &[1.0, 0.0, 0.0][..])]), 0, "another dimension is refused");
        assert_eq!(vectors.set_many([(9, &[1.0, 0.0][..]), (2, &[0.0, 0.0][..])]), 0, "out of range or zero");
        assert!(vectors.nearest(&[1.0, 0.0, 0.0], 2).is_empty());
    }
}
