//! `isnad eval`: retrieval figures on a gold or qrels file, optionally beside a plain baseline.

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use super::args::EvalArgs;
use super::semantic::Semantic;
use crate::answer::{ask, Question};
use crate::arabic::Analyzer;
use crate::config::Config;
use crate::corpus::Corpus;
use crate::engine::Engine;
use crate::eval::{read_eval_file, run_gold, run_qrels, vectors_of, EvalSet, GoldStats, QuestionVectors};
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

/// Which ranking an evaluation runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// tantivy's default tokenizer and BM25 only: where we started.
    Plain,
    /// Isnad's lexical ranking.
    Lexical,
    /// Lexical and semantic, fused.
    Hybrid,
}

impl Mode {
    fn label(self) -> &'static str {
        match self {
            Mode::Plain => "plain baseline: default tokenizer, BM25 only",
            Mode::Lexical => "Isnad, lexical",
            Mode::Hybrid => "Isnad, hybrid",
        }
    }
}

/// The options of `mode`.
fn options_for(config: &Config, mode: Mode) -> SearchOptions {
    let options = config.search;
    match mode {
        Mode::Plain => SearchOptions {
            title_boost: 0.0,
            proximity_weight: 0.0,
            together_weight: 0.0,
            coverage_weight: 0.0,
            presence_weight: 0.0,
            soft_weight: 0.0,
            frame_weight: 1.0,
            fuzzy_weight: 0.0,
            short_fuzzy_weight: 0.0,
            answer_type_weight: 0.0,
            entity_type_weight: 0.0,
            root_weight: 0.0,
            exact_form_weight: 0.0,
            bm25_k1: 0.0,
            min_coverage: 0.0,
            min_confidence: 0.0,
            ..options
        },
        Mode::Lexical | Mode::Hybrid => options,
    }
}

/// An engine over the corpus in `dir`, its vectors filled in hybrid mode.
fn engine_for(config: &Config, dir: &Path, mode: Mode, semantic: Option<&Semantic>) -> anyhow::Result<(Engine, u128)> {
    let started = Instant::now();
    let analyzer = if mode == Mode::Plain { Analyzer::Plain } else { config.analyzer() };
    let corpus = Corpus::load(dir, config.load_limits(), config.split())?;
    let engine = Engine::new(SearchIndex::build(corpus, analyzer, config.index_options())?);
    if let (Mode::Hybrid, Some(semantic)) = (mode, semantic) {
        semantic.fill(&engine)?;
    }
    Ok((engine, started.elapsed().as_millis()))
}

/// The questions of an evaluation set.
fn questions(set: &EvalSet) -> Vec<String> {
    match set {
        EvalSet::Gold(questions) => questions.iter().map(|g| g.q.clone()).collect(),
        EvalSet::Qrels(qrels) => qrels.iter().map(|q| q.q.clone()).collect(),
    }
}

/// Share of `questions` the corpus of `engine` refuses (for a corpus that answers none of them).
fn refused_share(engine: &Engine, options: &SearchOptions, questions: &[String], vectors: &[QuestionVectors]) -> f64 {
    let refused = questions
        .par_iter()
        .enumerate()
        .filter(|(i, q)| {
            let question = Question::parse(q, options.max_question_chars);
            ask(engine, &question, vectors_of(vectors, *i), options, 0).is_ok_and(|a| !a.answered)
        })
        .count();
    refused as f64 / questions.len().max(1) as f64
}

fn evaluate(
    config: &Config,
    mode: Mode,
    set: &EvalSet,
    args: &EvalArgs,
    semantic: Option<&Semantic>,
) -> anyhow::Result<()> {
    let (engine, ready) = engine_for(config, &config.corpus_dir, mode, semantic)?;
    let options = options_for(config, mode);
    let vectors = match (mode, semantic) {
        (Mode::Hybrid, Some(semantic)) => semantic.per_question(&questions(set), config.search.max_question_chars),
        _ => Vec::new(),
    };
    let max_q = config.search.max_question_chars;
    let name = engine.index.analyzer().name();
    println!("== {name} [{}] ({} passages, ready in {ready} ms)", mode.label(), engine.index.corpus().passages.len());
    match set {
        EvalSet::Gold(questions) => {
            let report = run_gold(&engine, &options, max_q, questions, &vectors);
            if args.verbose {
                report.misses.iter().for_each(|m| println!("{m}"));
            }
            for (kind, stats) in &report.per_kind {
                println!("{}", gold_line(kind, stats));
            }
            println!("{}", gold_line("overall", &report.overall));
        }
        EvalSet::Qrels(qrels) => {
            let timer = Instant::now();
            let report = run_qrels(&engine, &options, max_q, qrels, &vectors);
            if args.verbose {
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
    if mode != Mode::Plain {
        for dir in &args.negatives {
            let (other, _) = engine_for(config, dir, mode, semantic)?;
            let share = refused_share(&other, &options, &questions(set), &vectors);
            println!("refused when asked of {}: {share:.3}", dir.display());
        }
    }
    if let (Mode::Hybrid, Some(semantic)) = (mode, semantic) {
        let lexical = semantic.embedder.stats.query_failures.load(std::sync::atomic::Ordering::Relaxed);
        if lexical > 0 {
            println!("(questions ranked without a vector: {lexical})");
        }
    }
    Ok(())
}

/// Run `isnad eval`.
pub fn run(config: &Config, args: &EvalArgs) -> anyhow::Result<i32> {
    let set = read_eval_file(&args.file)?;
    let semantic = Semantic::from_config(config)?;
    if args.compare {
        evaluate(config, Mode::Plain, &set, args, None)?;
        if semantic.is_some() {
            evaluate(config, Mode::Lexical, &set, args, None)?;
        }
    }
    let mode = if semantic.is_some() { Mode::Hybrid } else { Mode::Lexical };
    evaluate(config, mode, &set, args, semantic.as_ref())?;
    Ok(0)
}
