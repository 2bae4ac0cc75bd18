//! Semantic mode on the command line: `isnad ask`, `eval` and `bench` first wait until every passage has
//! its vector (progress on stderr), so what they print is the hybrid answer.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::embed::{Embedder, Patience, Progress};
use crate::engine::Engine;

/// Failed attempts in a row after which the command line gives up on the server.
const ATTEMPTS: u32 = 4;

/// The embedding server and a runtime to talk to it from synchronous commands.
pub struct Semantic {
    runtime: tokio::runtime::Runtime,
    /// The embedder (its counters say how many questions went without a vector).
    pub embedder: Arc<Embedder>,
}

fn print_progress(p: Progress) {
    let pct = 100.0 * p.done as f64 / p.total.max(1) as f64;
    let eta = p.eta_seconds().map_or(String::new(), |s| format!(", about {} s left", s.round()));
    eprintln!("embedding passages: {}/{} ({pct:.0}%), {:.1}/s{eta}", p.done, p.total, p.per_second);
}

impl Semantic {
    /// Semantic mode when `config` sets an embeddings url; `None` otherwise.
    pub fn from_config(config: &Config) -> anyhow::Result<Option<Semantic>> {
        let Some(embedder) = Embedder::from_config(config) else { return Ok(None) };
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        Ok(Some(Semantic { runtime, embedder }))
    }

    /// Give every passage of `engine` its vector, waiting for the server.
    pub fn fill(&self, engine: &Engine) -> anyhow::Result<()> {
        let cancel = CancellationToken::new();
        let fill = self.embedder.fill(engine, &cancel, Patience::Attempts(ATTEMPTS), &print_progress);
        self.runtime.block_on(fill).map_err(|error| {
            anyhow::anyhow!(
                "{error}; is the embeddings server up? (unset ISNAD_EMBEDDINGS_URL or embeddings.url for lexical answers)"
            )
        })
    }

    /// The vectors of each question's parts ([`crate::answer::Question::parts`]), as `isnad ask` would
    /// ask for them, in one pass over the server.
    pub fn per_question(&self, questions: &[String], max_q: usize) -> Vec<crate::eval::QuestionVectors> {
        let parts: Vec<Vec<String>> =
            questions.iter().map(|q| crate::answer::Question::parse(q, max_q).part_texts()).collect();
        let mut vectors = self.queries(&parts.concat()).into_iter();
        parts.iter().map(|p| vectors.by_ref().take(p.len()).collect()).collect()
    }

    /// One message's question vectors as the bot asks for them: one request, nothing kept in the store,
    /// so a benchmark times what a reader waits for.
    pub fn query(&self, parts: &[String]) -> Vec<Option<Vec<f32>>> {
        self.runtime.block_on(self.embedder.embed_query(parts))
    }

    /// Many questions' unit vectors, in order.
    pub fn queries(&self, questions: &[String]) -> Vec<Option<Vec<f32>>> {
        self.runtime.block_on(self.embedder.embed_queries(questions))
    }
}
