//! The semantic retriever's nearest-neighbour search (a dot product over one contiguous array of
//! byte-quantised vectors) at growing corpus sizes, to say where it stops being fine, and how many of the
//! exact f32 top 30 it finds. Vectors are pseudo-random unit vectors of e5-small's dimension (384): the
//! cost does not depend on their values, and their cosines crowd closer together than real text's, so
//! the recall is a pessimistic figure.
//!
//! cargo bench --bench nearest [-- PASSAGES...]   (default 20000 100000 200000 1000000)

use std::time::Instant;

use isnad::embed::PassageVectors;
use isnad::stats::percentile;

const DIM: usize = 384;
const QUERIES: usize = 200;
const K: usize = 30;
/// Questions whose exact f32 top K is computed for the recall figure.
const EXACT: usize = 20;

/// xorshift64*: data for a benchmark, not randomness anything relies on.
struct Numbers(u64);

impl Numbers {
    fn unit_vector(&mut self) -> Vec<f32> {
        let mut v: Vec<f32> = (0..DIM)
            .map(|_| {
                self.0 ^= self.0 >> 12;
                self.0 ^= self.0 << 25;
                self.0 ^= self.0 >> 27;
                (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40) as f32 / (1u64 << 24) as f32 - 0.5
            })
            .collect();
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter_mut().for_each(|x| *x /= norm);
        v
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![20_000, 100_000, 200_000, 1_000_000] } else { sizes };
    let mut numbers = Numbers(0x9E37_79B9_7F4A_7C15);
    println!("{:>10} {:>10} {:>10} {:>10} {:>10}", "passages", "MB", "p50 ms", "p99 ms", "recall@30");
    for n in sizes {
        let vectors = PassageVectors::new(n);
        let queries: Vec<Vec<f32>> = (0..QUERIES).map(|_| numbers.unit_vector()).collect();
        let mut exact: Vec<Vec<(f32, u32)>> = vec![Vec::new(); EXACT];
        for start in (0..n).step_by(10_000) {
            let batch: Vec<(u32, Vec<f32>)> =
                (start..(start + 10_000).min(n)).map(|p| (p as u32, numbers.unit_vector())).collect();
            vectors.set_many(batch.iter().map(|(p, v)| (*p, v.as_slice())));
            for (best, q) in exact.iter_mut().zip(&queries) {
                best.extend(batch.iter().map(|(p, v)| (v.iter().zip(q).map(|(x, y)| x * y).sum::<f32>(), *p)));
                best.sort_by(|a, b| b.0.total_cmp(&a.0));
                best.truncate(K);
            }
        }
        let found: usize = exact
            .iter()
            .zip(&queries)
            .map(|(best, q)| {
                let near = vectors.nearest(q, K);
                best.iter().filter(|(_, p)| near.iter().any(|(n, _)| n == p)).count()
            })
            .sum();
        let recall = found as f64 / (EXACT * K) as f64;
        let mut times: Vec<f64> = queries
            .iter()
            .map(|q| {
                let started = Instant::now();
                std::hint::black_box(vectors.nearest(q, K));
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let mb = (n * (DIM + 4)) as f64 / 1e6;
        let (p50, p99) = (percentile(&times, 0.5), percentile(&times, 0.99));
        println!("{n:>10} {mb:>10.0} {p50:>10.2} {p99:>10.2} {recall:>10.3}");
    }
}
