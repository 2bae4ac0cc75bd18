//! The passages' embedding vectors for the index in service, filled in the background while questions
//! are answered: a passage without its vector yet is ranked lexically.
//!
//! One contiguous array of unit-length vectors in passage order, each held as signed bytes with its own
//! scale: a quarter of f32's memory, and a full scan (a dot product with every row) reads a quarter of
//! the bytes. Cosines move by under a thousandth; ARCD's hybrid figures did not change (BENCHMARKS.md,
//! `cargo bench --bench nearest`). The store on disk keeps the vectors as the server sent them.

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
    /// Each vector's components over its scale, rounded: `dim` bytes a passage.
    data: Vec<i8>,
    /// What one step of a passage's bytes is worth.
    scales: Vec<f32>,
    present: Vec<bool>,
    count: usize,
    /// Sum of the present vectors (as held, in bytes times scale): the corpus's mean direction.
    sum: Vec<f64>,
}

/// `vector` scaled to unit length; `None` when it has no length or holds a non-number.
pub fn unit(vector: &[f32]) -> Option<Vec<f32>> {
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    (norm.is_finite() && norm > 0.0).then(|| vector.iter().map(|x| x / norm).collect())
}

/// A vector as signed bytes and the scale that maps them back (`x ≈ byte * scale`): its largest
/// component becomes ±127, so the rounding error is at most half a step of 1/127 of it.
fn quantize(vector: &[f32], out: &mut [i8]) -> f32 {
    let largest = vector.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    if largest == 0.0 {
        out.fill(0);
        return 0.0;
    }
    let scale = largest / 127.0;
    for (o, x) in out.iter_mut().zip(vector) {
        *o = (x / scale).round().clamp(-127.0, 127.0) as i8;
    }
    scale
}

/// A question's vector, quantised once for every row it meets.
struct Probe {
    bytes: Vec<i8>,
    scale: f32,
}

impl Probe {
    fn new(query: &[f32]) -> Probe {
        let mut bytes = vec![0; query.len()];
        let scale = quantize(query, &mut bytes);
        Probe { bytes, scale }
    }
}

/// Dot product of two byte vectors, exact in i32 (384 products of at most 127² stay far from overflow).
fn dot_bytes(a: &[i8], b: &[i8]) -> i32 {
    // Independent sums the compiler keeps in vector registers; one running sum is a chain of dependent
    // additions it may not reorder, several times slower over a large table.
    const LANES: usize = 32;
    let mut sums = [0i32; LANES];
    let (a_chunks, b_chunks) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: i32 = a_chunks.remainder().iter().zip(b_chunks.remainder()).map(|(&x, &y)| x as i32 * y as i32).sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for lane in 0..LANES {
            sums[lane] += x[lane] as i32 * y[lane] as i32;
        }
    }
    sums.iter().sum::<i32>() + tail
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
                table.data = vec![0; self.passages * vector.len()];
                table.scales = vec![0.0; self.passages];
                table.present = vec![false; self.passages];
                table.sum = vec![0.0; vector.len()];
            }
            let dim = table.dim;
            let Some(unit) = unit(vector).filter(|v| v.len() == dim) else { continue };
            if table.present[pid] {
                table.add_to_sum(pid, -1.0);
            }
            table.scales[pid] = quantize(&unit, &mut table.data[pid * dim..(pid + 1) * dim]);
            table.add_to_sum(pid, 1.0);
            if !table.present[pid] {
                table.present[pid] = true;
                table.count += 1;
            }
            stored += 1;
        }
        stored
    }

    /// Cosines of passages `pids` with the unit vector `query` (the question quantised once), `None` for
    /// a passage still without its vector; all `None` when the dimensions differ.
    pub fn cosines(&self, pids: impl IntoIterator<Item = u32>, query: &[f32]) -> Vec<Option<f32>> {
        let table = self.read();
        let probe = (table.dim == query.len()).then(|| Probe::new(query));
        pids.into_iter()
            .map(|pid| {
                let (probe, pid) = (probe.as_ref()?, pid as usize);
                table.present.get(pid).copied().unwrap_or(false).then(|| table.cosine(pid, probe))
            })
            .collect()
    }

    /// Cosine of the unit vector `query` with the mean of the passages' vectors: how near the question is
    /// to what the corpus as a whole is about. `None` before the first vector or when the dimensions
    /// differ.
    pub fn centroid_cosine(&self, query: &[f32]) -> Option<f32> {
        let table = self.read();
        if table.count == 0 || table.dim != query.len() {
            return None;
        }
        let norm = table.sum.iter().map(|x| x * x).sum::<f64>().sqrt();
        let dot: f64 = table.sum.iter().zip(query).map(|(s, &q)| s * f64::from(q)).sum();
        (norm > 0.0).then(|| (dot / norm) as f32)
    }

    /// The `k` passages nearest the unit vector `query` (highest cosine first, ties by passage id);
    /// empty when the dimensions differ. A large table is scanned in blocks on every core.
    pub fn nearest(&self, query: &[f32], k: usize) -> Vec<(u32, f32)> {
        let table = self.read();
        let dim = table.dim;
        if dim != query.len() || k == 0 {
            return Vec::new();
        }
        let probe = Probe::new(query);
        if table.present.len() < 2 * PARALLEL_BLOCK {
            return table.nearest_in(0..table.present.len(), &probe, k);
        }
        let blocks = table.present.len().div_ceil(PARALLEL_BLOCK);
        (0..blocks)
            .into_par_iter()
            .map(|b| {
                table.nearest_in(b * PARALLEL_BLOCK..((b + 1) * PARALLEL_BLOCK).min(table.present.len()), &probe, k)
            })
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

impl Table {
    /// Add passage `pid`'s vector, as held, to the sum `sign` times.
    fn add_to_sum(&mut self, pid: usize, sign: f64) {
        let scale = f64::from(self.scales[pid]) * sign;
        let row = &self.data[pid * self.dim..(pid + 1) * self.dim];
        self.sum.iter_mut().zip(row).for_each(|(s, &b)| *s += f64::from(b) * scale);
    }

    /// Cosine of passage `pid` (present) with the probe.
    fn cosine(&self, pid: usize, probe: &Probe) -> f32 {
        let row = &self.data[pid * self.dim..(pid + 1) * self.dim];
        dot_bytes(row, &probe.bytes) as f32 * self.scales[pid] * probe.scale
    }

    /// The `k` passages of `pids` nearest the probe, best first.
    fn nearest_in(&self, pids: std::ops::Range<usize>, probe: &Probe, k: usize) -> Vec<(u32, f32)> {
        let mut best: Vec<(u32, f32)> = Vec::with_capacity(k + 1);
        for pid in pids {
            if !self.present[pid] {
                continue;
            }
            let score = self.cosine(pid, probe);
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
    fn byte_dot_agrees_with_the_plain_sum_at_every_length() {
        for len in [0, 1, 31, 32, 33, 384, 1000] {
            let a: Vec<i8> = (0..len).map(|i: i32| (i * 37) % 255 - 127).map(|x| x as i8).collect();
            let b: Vec<i8> = (0..len).map(|i: i32| 127 - (i * 11) % 255).map(|x| x as i8).collect();
            let plain: i32 = a.iter().zip(&b).map(|(&x, &y)| x as i32 * y as i32).sum();
            assert_eq!(dot_bytes(&a, &b), plain, "length {len}");
        }
    }

    #[test]
    fn quantised_cosines_stay_within_a_thousandth_of_the_exact_ones() {
        let wave = |phase: f32| unit(&(0..384).map(|i| (i as f32 * 0.37 + phase).sin()).collect::<Vec<_>>());
        let query = wave(0.0).unwrap();
        let vectors = PassageVectors::new(50);
        let rows: Vec<Vec<f32>> = (0..50).map(|p| wave(p as f32 * 0.05).unwrap()).collect();
        vectors.set_many(rows.iter().enumerate().map(|(p, v)| (p as u32, v.as_slice())));
        for (p, row) in rows.iter().enumerate() {
            let exact: f32 = row.iter().zip(&query).map(|(x, y)| x * y).sum();
            let held = vectors.cosines([p as u32], &query)[0].unwrap();
            assert!((held - exact).abs() < 1e-3, "passage {p}: {held} against {exact}");
        }
        let near: Vec<u32> = vectors.nearest(&query, 5).iter().map(|(p, _)| *p).collect();
        assert_eq!(near, [0, 1, 2, 3, 4], "the order of well-separated cosines is kept");
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
        let serial = table.nearest_in(0..n, &Probe::new(&query), 25);
        drop(table);
        assert_eq!(vectors.nearest(&query, 25), serial);
        assert_eq!(serial.len(), 25);
        assert!(serial.iter().all(|(p, _)| p % 3 != 0));
    }

    #[test]
    fn the_centroid_follows_the_vectors_present_and_a_replaced_one_counts_once() {
        let vectors = PassageVectors::new(3);
        assert_eq!(vectors.centroid_cosine(&[1.0, 0.0]), None, "nothing stored yet");
        vectors.set_many([(0, &[1.0, 0.0][..])]);
        assert!((vectors.centroid_cosine(&[1.0, 0.0]).unwrap() - 1.0).abs() < 1e-3);
        vectors.set_many([(1, &[0.0, 3.0][..])]);
        let half = std::f32::consts::FRAC_1_SQRT_2;
        assert!((vectors.centroid_cosine(&[1.0, 0.0]).unwrap() - half).abs() < 1e-3);
        // Passage 0 replaced by the same direction as passage 1: the mean is that direction alone.
        vectors.set_many([(0, &[0.0, 1.0][..])]);
        assert!(vectors.centroid_cosine(&[1.0, 0.0]).unwrap().abs() < 1e-3);
        assert!((vectors.centroid_cosine(&[0.0, 1.0]).unwrap() - 1.0).abs() < 1e-3);
        assert_eq!(vectors.centroid_cosine(&[1.0, 0.0, 0.0]), None, "another dimension");
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
        assert_eq!(vectors.cosines([2, 3], &[1.0, 0.0]), [None, Some(near[1].1)]);
        assert_eq!(vectors.set_many([(2, &[1.0, 0.0, 0.0][..])]), 0, "another dimension is refused");
        assert_eq!(vectors.set_many([(9, &[1.0, 0.0][..]), (2, &[0.0, 0.0][..])]), 0, "out of range or zero");
        assert!(vectors.nearest(&[1.0, 0.0, 0.0], 2).is_empty());
    }
}
