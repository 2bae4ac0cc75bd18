//! `isnad bench`: time to ready, indexing throughput, peak memory, index size, and search latency over
//! a query file, as one table (and JSON with `--json`).

use std::time::{Duration, Instant};

use serde::Serialize;

use super::args::BenchArgs;
use super::semantic::Semantic;
use crate::answer::{ask, Question};
use crate::config::Config;
use crate::engine::Engine;
use crate::pipeline::SearchOptions;
use crate::reload::{build_index, open_or_build};
use crate::search::SearchIndex;
use crate::stats::percentile;

/// The figures `isnad bench` reports.
#[derive(Debug, Serialize)]
pub struct BenchReport {
    /// Corpus directory.
    pub corpus: String,
    /// Articles loaded.
    pub articles: usize,
    /// Passages indexed.
    pub passages: usize,
    /// Article text, MB (10^6 bytes).
    pub text_mb: f64,
    /// Load + analyse + index, seconds.
    pub ready_s: f64,
    /// Text MB indexed per second.
    pub mb_per_s: f64,
    /// Passages indexed per second.
    pub passages_per_s: f64,
    /// Opening the stored index again (only with index_dir), seconds.
    pub reopen_s: Option<f64>,
    /// Index size, MB.
    pub index_mb: f64,
    /// Queries timed (after warm-up).
    pub queries: usize,
    /// Share of them answered.
    pub answered: f64,
    /// Search latency including excerpts and highlighting, ms.
    pub p50_ms: f64,
    /// 95th percentile, ms.
    pub p95_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// Single-thread queries per second.
    pub qps: f64,
    /// Peak resident memory of this process, MB.
    pub peak_rss_mb: f64,
    /// Semantic mode only: what hybrid ranking costs.
    pub hybrid: Option<HybridReport>,
}

/// Semantic mode's figures: embedding throughput and what hybrid ranking adds per question.
#[derive(Debug, Serialize)]
pub struct HybridReport {
    /// Passages the server embedded for this run (the rest came from the store).
    pub embedded: usize,
    /// Their rate, passages per second (0 when none were needed).
    pub passages_per_s: f64,
    /// Hybrid latency (question vector from the server + fused ranking), ms.
    pub p50_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// Of it, the question's vector alone, median ms.
    pub embed_p50_ms: f64,
    /// Questions that got no vector (ranked lexically).
    pub without_vector: usize,
}

/// Peak resident set size (VmHWM) in MB, from /proc; 0 where unavailable.
pub fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Questions from a file: JSONL objects with "q", or one question a line.
fn read_queries(path: &std::path::Path) -> anyhow::Result<Vec<String>> {
    let text = std::fs::read_to_string(path)?;
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match serde_json::from_str::<serde_json::Value>(l) {
            Ok(v) if v["q"].is_string() => v["q"].as_str().unwrap_or_default().to_string(),
            _ => l.trim().to_string(),
        })
        .collect())
}

/// Article titles as questions, when no query file is given.
fn title_queries(index: &SearchIndex, max: usize) -> Vec<String> {
    index.corpus().articles.iter().map(|a| a.title.clone()).filter(|t| !t.is_empty()).take(max).collect()
}

/// Time each query; in semantic mode the question's vector is fetched inside the timing, as the bot
/// fetches it (one request a question, never from the store). Returns the
/// latencies (ms), the answered count, and the vector fetch times (ms; empty in lexical mode).
fn time_queries(
    engine: &Engine,
    semantic: Option<&Semantic>,
    queries: &[String],
    options: &SearchOptions,
    max_q: usize,
) -> (Vec<f64>, usize, Vec<f64>) {
    let mut latencies = Vec::with_capacity(queries.len());
    let mut embedding = Vec::new();
    let mut answered = 0;
    for q in queries {
        let question = Question::parse(q, max_q);
        let started = Instant::now();
        let vectors = semantic.map(|s| s.query(&question.part_texts())).unwrap_or_default();
        if semantic.is_some() {
            embedding.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        let result = ask(engine, &question, &vectors, options, 0);
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        answered += usize::from(result.is_ok_and(|a| a.answered));
    }
    (latencies, answered, embedding)
}

/// Fill the vectors, then time the queries hybrid.
fn time_hybrid(
    engine: &Engine,
    semantic: &Semantic,
    queries: &[String],
    options: &SearchOptions,
    max_q: usize,
) -> anyhow::Result<HybridReport> {
    let sent_before = semantic.embedder.stats.passages_sent.load(std::sync::atomic::Ordering::Relaxed);
    let started = Instant::now();
    semantic.fill(engine)?;
    let took = started.elapsed().as_secs_f64();
    let embedded =
        (semantic.embedder.stats.passages_sent.load(std::sync::atomic::Ordering::Relaxed) - sent_before) as usize;
    let (mut latencies, _, mut embedding) = time_queries(engine, Some(semantic), queries, options, max_q);
    latencies.sort_by(f64::total_cmp);
    embedding.sort_by(f64::total_cmp);
    Ok(HybridReport {
        embedded,
        passages_per_s: if embedded > 0 { embedded as f64 / took.max(1e-9) } else { 0.0 },
        p50_ms: percentile(&latencies, 0.50),
        p99_ms: percentile(&latencies, 0.99),
        embed_p50_ms: percentile(&embedding, 0.50),
        without_vector: semantic.embedder.stats.query_failures.load(std::sync::atomic::Ordering::Relaxed) as usize,
    })
}

/// Run `isnad bench`.
pub fn run(config: &Config, args: &BenchArgs) -> anyhow::Result<i32> {
    let (built, ready) = build_index(config)?;
    // With index_dir, time a restart: drop the built index, open the stored one, and search on it.
    let (index, reopen) = match &config.index_dir {
        Some(_) => {
            drop(built);
            let started = Instant::now();
            let (reopened, _) = open_or_build(config)?;
            (reopened, Some(started.elapsed()))
        }
        None => (built, None),
    };
    let mut queries = match &args.queries {
        Some(path) => read_queries(path)?,
        None => title_queries(&index, 1000),
    };
    anyhow::ensure!(!queries.is_empty(), "no queries to time");
    if let Some(n) = args.limit {
        queries.truncate(n);
    }
    let options = config.search;
    let max_q = config.search.max_question_chars;
    let engine = Engine::new(index);
    let index = &engine.index;
    let corpus = index.corpus();
    let warmup: Vec<String> = queries.iter().take(args.warmup).cloned().collect();
    time_queries(&engine, None, &warmup, &options, max_q);
    let started = Instant::now();
    let (mut latencies, answered, _) = time_queries(&engine, None, &queries, &options, max_q);
    let total = started.elapsed();
    let hybrid = match Semantic::from_config(config)? {
        Some(semantic) => Some(time_hybrid(&engine, &semantic, &queries, &options, max_q)?),
        None => None,
    };
    latencies.sort_by(f64::total_cmp);
    let text_mb = corpus.text_bytes() as f64 / 1e6;
    let secs = |d: Duration| d.as_secs_f64();
    let report = BenchReport {
        corpus: config.corpus_dir.display().to_string(),
        articles: corpus.articles.len(),
        passages: corpus.passages.len(),
        text_mb,
        ready_s: secs(ready),
        mb_per_s: text_mb / secs(ready).max(1e-9),
        passages_per_s: corpus.passages.len() as f64 / secs(ready).max(1e-9),
        reopen_s: reopen.map(secs),
        index_mb: index.size_bytes() as f64 / 1e6,
        queries: queries.len(),
        answered: answered as f64 / queries.len() as f64,
        p50_ms: percentile(&latencies, 0.50),
        p95_ms: percentile(&latencies, 0.95),
        p99_ms: percentile(&latencies, 0.99),
        qps: queries.len() as f64 / secs(total).max(1e-9),
        peak_rss_mb: peak_rss_mb(),
        hybrid,
    };
    print_table(&report);
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_string_pretty(&report)? + "\n")?;
    }
    Ok(0)
}

fn print_table(r: &BenchReport) {
    let reopen = r.reopen_s.map_or("-".to_string(), |s| format!("{s:.2} s"));
    let rows = [
        ("corpus", r.corpus.clone()),
        ("articles / passages", format!("{} / {}", r.articles, r.passages)),
        ("text", format!("{:.1} MB", r.text_mb)),
        ("ready (load+analyse+index)", format!("{:.2} s", r.ready_s)),
        ("throughput", format!("{:.1} MB/s, {:.0} passages/s", r.mb_per_s, r.passages_per_s)),
        ("reopen stored index", reopen),
        ("index size", format!("{:.1} MB", r.index_mb)),
        ("queries (answered)", format!("{} ({:.0}%)", r.queries, r.answered * 100.0)),
        ("search p50 / p95 / p99", format!("{:.2} / {:.2} / {:.2} ms", r.p50_ms, r.p95_ms, r.p99_ms)),
        ("single-thread throughput", format!("{:.0} queries/s", r.qps)),
        ("peak RSS", format!("{:.0} MB", r.peak_rss_mb)),
    ];
    for (name, value) in rows {
        println!("{name:<28} {value}");
    }
    if let Some(h) = &r.hybrid {
        let rows = [
            ("passages embedded", format!("{} ({:.1} passages/s)", h.embedded, h.passages_per_s)),
            ("hybrid p50 / p99", format!("{:.2} / {:.2} ms", h.p50_ms, h.p99_ms)),
            (
                "hybrid overhead p50",
                format!("{:.2} ms (question vector {:.2} ms)", h.p50_ms - r.p50_ms, h.embed_p50_ms),
            ),
            ("questions without a vector", h.without_vector.to_string()),
        ];
        for (name, value) in rows {
            println!("{name:<28} {value}");
        }
    }
}
