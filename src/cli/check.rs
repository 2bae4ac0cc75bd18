//! `isnad check`: load the corpus and report what is there and what was skipped.

use std::time::Instant;

use crate::config::Config;
use crate::corpus::Corpus;
use crate::error::CorpusError;
use crate::search::SearchIndex;

/// Run `isnad check`; exit code 1 when nothing loadable remains.
pub fn run(config: &Config) -> anyhow::Result<i32> {
    let started = Instant::now();
    let corpus = match Corpus::load(&config.corpus_dir, config.load_limits(), config.split()) {
        Ok(corpus) => corpus,
        Err(CorpusError::Empty { dir, problems }) => {
            for problem in &problems {
                println!("skipped {problem}");
            }
            eprintln!("error: no article could be loaded from {}", dir.display());
            return Ok(1);
        }
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(1);
        }
    };
    let (files, articles, passages, bytes) =
        (corpus.files, corpus.articles.len(), corpus.passages.len(), corpus.text_bytes());
    // What "ما آخر الأخبار؟" can list: the articles whose date reads (see `crate::latest`).
    let dated = crate::latest::Latest::default().of(&corpus).len();
    let problems = corpus.problems.clone();
    let load_time = corpus.load_time;
    let index = SearchIndex::build(corpus, config.analyzer(), config.index_options())?;
    println!("corpus: {}", config.corpus_dir.display());
    println!("files: {files}");
    println!("articles: {articles}");
    println!("dated: {dated}");
    println!("passages: {passages}");
    println!("bytes: {bytes}");
    println!("load: {} ms", load_time.as_millis());
    println!("index: {} ms", index.build_time().as_millis());
    println!("total: {} ms", started.elapsed().as_millis());
    println!("problems: {}", problems.len());
    for problem in &problems {
        println!("skipped {problem}");
    }
    Ok(0)
}
