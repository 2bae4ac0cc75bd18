//! The passages' embedding vectors for the index in service, filled in the background while questions
//! are answered: a passage without its vector yet is ranked lexically.
//!
//! One contiguous array of unit-length vectors in passage order, so the nearest neighbours of a question
//! are an exact dot product over it (measured in BENCHMARKS.md, `cargo bench --bench nearest`: a few ms
//! up to ~100k passages, tens of ms at a million).

use std::sync::{PoisonError, RwLock, RwLockReadGuard};

use rayon::prelude::*;

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
    // Sixteen independent sums the compiler keeps in vector registers; one running sum is a chain of
    // dependent additions it may not reorder, four to eight times slower over a large table.
    const LANES: usize = 16;
    let mut sums = [0.0f32; LANES];
    let (a_chunks, b_chunks) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f32 = a_chunks.remainder().iter().zip(b_chunks.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for lane in 0..LANES {
            sums[lane] += x[lane] * y[lane];
        }
    }
    sums.iter().sum::<f32>() + tail
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
    /// empty when the dimensions differ. A large table is scanned in blocks on every core.
    pub fn nearest(&self, query: &[f32], k: usize) -> Vec<(u32, f32)> {
        let table = self.read();
        let dim = table.dim;
        if dim != query.len() || k == 0 {
            return Vec::new();
        }
        if table.present.len() < 2 * PARALLEL_BLOCK {
            return nearest_in(&table.data, &table.present, 0, dim, query, k);
        }
        table
            .data
            .par_chunks(PARALLEL_BLOCK * dim)
            .zip(table.present.par_chunks(PARALLEL_BLOCK))
            .enumerate()
            .map(|(block, (rows, present))| nearest_in(rows, present, block * PARALLEL_BLOCK, dim, query, k))
            .reduce(Vec::new, |mut a, b| {
                a.extend(b);
                a.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                a.truncate(k);
                a
            })
    }
}

/// Rows scanned by one thread at a time: below two blocks the table is scanned on one.
const PARALLEL_BLOCK: usize = 16_384;

/// The `k` rows of `rows` (`dim` wide, passage ids from `first`) nearest `query`, best first.
fn nearest_in(rows: &[f32], present: &[bool], first: usize, dim: usize, query: &[f32], k: usize) -> Vec<(u32, f32)> {
    let mut best: Vec<(u32, f32)> = Vec::with_capacity(k + 1);
    for (i, row) in rows.chunks_exact(dim).enumerate() {
        if !present[i] {
            continue;
        }
        let score = dot(row, query);
        if best.len() == k && best.last().is_some_and(|&(_, worst)| score <= worst) {
            continue;
        }
        let at = best.partition_point(|&(_, s)| s >= score);
        best.insert(at, ((first + i) as u32, score));
        best.truncate(k);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_agrees_with_the_plain_sum_at_every_length() {
        for len in [0, 1, 15, 16, 17, 384, 1000] {
            let a: Vec<f32> = (0..len).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..len).map(|i| (i as f32 * 0.11).cos()).collect();
            let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((dot(&a, &b) - plain).abs() < 1e-3, "length {len}");
        }
    }

    #[test]
    fn a_table_scanned_in_parallel_blocks_finds_what_one_scan_finds() {
        let n = 5 * PARALLEL_BLOCK + 7;
        let vectors = PassageVectors::new(n);
        let rows: Vec<(u32, Vec<f32>)> = (0..n)
            .filter(|p| p % 3 != 0)
            .map(|p| (p as u32, vec![(p as f32 * 0.01).sin(), (p as f32 * 0.01).cos()]))
            .collect();
        vectors.set_many(rows.iter().map(|(p, v)| (*p, v.as_slice())));
        let query = [0.6, 0.8];
        let table = vectors.read();
        let serial = nearest_in(&table.data, &table.present, 0, 2, &query, 25);
        drop(table);
        assert_eq!(vectors.nearest(&query, 25), serial);
        assert_eq!(serial.len(), 25);
        assert!(serial.iter().all(|(p, _)| p % 3 != 0));
    }

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
