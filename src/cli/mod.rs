//! The command line: argument types and one function per subcommand, all over the library.

pub mod args;
mod ask;
mod check;
mod eval;

use std::io::Write;
use std::time::Instant;

pub use args::{Cli, Command};

use crate::config::Config;
use crate::corpus::Corpus;
use crate::search::SearchIndex;

/// Run a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    let mut config = Config::load(cli.config.as_deref())?;
    if let Some(dir) = &cli.corpus {
        config.corpus_dir = dir.clone();
    }
    match cli.command {
        Command::Ask(args) => ask::run(&config, &args),
        Command::Check => check::run(&config),
        Command::Eval(args) => eval::run(&config, &args),
        Command::Serve(_) | Command::Bench(_) => {
            anyhow::bail!("this command is not available in this build yet")
        }
    }
}

/// Load the configured corpus and index it, logging how long each took.
pub fn load_index(config: &Config) -> anyhow::Result<SearchIndex> {
    let started = Instant::now();
    let corpus = Corpus::load(&config.corpus_dir, config.load_limits(), config.split())?;
    for problem in &corpus.problems {
        tracing::warn!(%problem, "corpus file skipped");
    }
    let index = SearchIndex::build(corpus, config.analyzer(), config.index_options())?;
    tracing::info!(
        articles = index.corpus().articles.len(),
        passages = index.corpus().passages.len(),
        ms = started.elapsed().as_millis() as u64,
        "index ready"
    );
    Ok(index)
}

/// Write to stdout; a closed pipe (`isnad ask ... | head`) is not an error.
pub(crate) fn emit(out: &mut impl Write, text: &str) -> anyhow::Result<bool> {
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e.into()),
    }
}
