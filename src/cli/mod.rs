//! The command line: argument types and one function per subcommand, all over the library.

pub mod args;
mod ask;
pub mod bench;
mod check;
mod eval;
mod semantic;
mod serve;

pub use args::{Cli, Command};
use std::io::Write;

use crate::config::Config;
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
        Command::Serve(args) => serve::run(config, &args),
        Command::Bench(args) => bench::run(&config, &args),
    }
}

/// Load the configured corpus and index it, or open the stored index when `index_dir` holds a current one.
pub fn load_index(config: &Config) -> anyhow::Result<SearchIndex> {
    Ok(crate::reload::open_or_build(config)?.0)
}

/// Write to stdout; a closed pipe (`isnad ask ... | head`) is not an error.
pub(crate) fn emit(out: &mut impl Write, text: &str) -> anyhow::Result<bool> {
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e.into()),
    }
}
