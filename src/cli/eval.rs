//! `isnad eval`: retrieval figures on a gold or qrels file, optionally beside a plain baseline.

use std::time::Instant;

use super::args::EvalArgs;
use crate::arabic::Analyzer;
use crate::config::Config;
use crate::corpus::Corpus;
use crate::engine::Engine;
use crate::eval::{read_eval_file, run_gold, run_qrels, EvalSet, GoldStats};
use crate::pipeline::SearchOptions;
use crate::search::SearchIndex;

fn gold_line(name: &str, s: &GoldStats) -> String {
    format!(
        "{name:<10} hit@1 {}/{} ({:.2})  hit@3 {}/{} ({:.2})  MRR@3 {:.3}  no-answer {}/{} ({:.2})",
        s.hit1,
        s.answerable,
        s.hit1_rate(),
        s.hit3,
        s.answerable,
        s.hit3_rate(),
        s.mrr(),
        s.no_answer_ok,
        s.no_answer,
        s.no_answer_rate()
    )
}

fn evaluate(config: &Config, analyzer: Analyzer, set: &EvalSet, verbose: bool) -> anyhow::Result<()> {
    let started = Instant::now();
    let corpus = Corpus::load(&config.corpus_dir, config.load_limits(), config.split())?;
    let engine = Engine::new(SearchIndex::build(corpus, analyzer, config.index_options())?);
    let index = &engine.index;
    let ready = started.elapsed();
    let mut options = config.search;
    if analyzer == Analyzer::Plain {
        // Where we started: tantivy's BM25 on the body with no Arabic analysis and no re-ranking.
        options = SearchOptions {
            title_boost: 0.0,
            proximity_weight: 0.0,
            coverage_weight: 0.0,
            presence_weight: 0.0,
            soft_weight: 0.0,
            frame_weight: 1.0,
            fuzzy_weight: 0.0,
            answer_type_weight: 0.0,
            exact_form_weight: 0.0,
            bm25_k1: 0.0,
            min_coverage: 0.0,
            ..options
        };
    }
    let max_q = config.search.max_question_chars;
    let label = if analyzer == Analyzer::Plain { "plain baseline: default tokenizer, BM25 only" } else { "Isnad" };
    println!(
        "== {} [{label}] ({} passages, ready in {} ms)",
        analyzer.name(),
        index.corpus().passages.len(),
        ready.as_millis()
    );
    match set {
        EvalSet::Gold(questions) => {
            let report = run_gold(&engine, &options, max_q, questions);
            if verbose {
                report.misses.iter().for_each(|m| println!("{m}"));
            }
            for (kind, stats) in &report.per_kind {
                println!("{}", gold_line(kind, stats));
            }
            println!("{}", gold_line("overall", &report.overall));
        }
        EvalSet::Qrels(qrels) => {
            let timer = Instant::now();
            let report = run_qrels(&engine, &options, max_q, qrels);
            if verbose {
                report.misses.iter().for_each(|m| println!("{m}"));
            }
            println!(
                "questions {}  R@1 {:.3}  R@5 {:.3}  MRR@10 {:.3}  answered {:.3}  ({} ms)",
                report.questions,
                report.r1_rate(),
                report.r5_rate(),
                report.mrr(),
                report.answered as f64 / report.questions.max(1) as f64,
                timer.elapsed().as_millis()
            );
        }
    }
    Ok(())
}

/// Run `isnad eval`.
pub fn run(config: &Config, args: &EvalArgs) -> anyhow::Result<i32> {
    let set = read_eval_file(&args.file)?;
    if args.compare {
        evaluate(config, Analyzer::Plain, &set, args.verbose)?;
    }
    evaluate(config, config.analyzer(), &set, args.verbose)?;
    Ok(0)
}
