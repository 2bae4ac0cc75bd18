//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Isnad: answers Arabic questions by quoting a corpus of articles, with sources.
#[derive(Debug, Parser)]
#[command(name = "isnad", version, about)]
pub struct Cli {
    /// A TOML configuration file (see config/default.toml).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Corpus directory, overriding the configuration and ISNAD_CORPUS_DIR.
    #[arg(long, global = true, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Log format: "text" (default) or "json".
    #[arg(long, global = true, value_name = "FORMAT", default_value = "text")]
    pub log_format: String,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer a question (or one question per line of stdin).
    Ask(AskArgs),
    /// Load the corpus, print counts and every problem; non-zero exit when nothing loads.
    Check,
    /// Score retrieval on a gold or qrels JSONL file.
    Eval(EvalArgs),
    /// Run the Telegram bot.
    Serve(ServeArgs),
    /// Measure load, index and search speed.
    Bench(BenchArgs),
}

/// `isnad ask`.
#[derive(Debug, Args)]
pub struct AskArgs {
    /// Print JSON: one object, or one per line when questions come from stdin.
    #[arg(long)]
    pub json: bool,
    /// Number of results.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Show how the confidence was reached (in the JSON: `why`; in text: a last line).
    #[arg(long)]
    pub explain: bool,
    /// When the corpus does not answer, show the nearest passages anyway, headed as no sure answer
    /// (the bot's "show the nearest" button); `answered` stays false, `tentative` is true.
    #[arg(long)]
    pub nearest: bool,
    /// Ask as a follow-up of this earlier question, as the bot does for a message sent in reply to its
    /// answer: "أين ولد؟" after "من هو طه حسين؟".
    #[arg(long, value_name = "QUESTION")]
    pub after: Option<String>,
    /// The question; without it, questions are read from stdin, one per line.
    pub question: Vec<String>,
}

/// `isnad eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold questions (`{"id","kind","q","gold"}`) or qrels (`{"q","doc"}`), JSONL.
    pub file: PathBuf,
    /// Also run the plain baseline (tantivy's default tokenizer and BM25, no re-ranking) and, in
    /// semantic mode, lexical ranking alone, and print them beside the configured ranking.
    #[arg(long)]
    pub compare: bool,
    /// List every miss.
    #[arg(long, short)]
    pub verbose: bool,
    /// A corpus that answers none of the questions (repeatable): print the share of them it refuses.
    #[arg(long, value_name = "DIR")]
    pub negatives: Vec<PathBuf>,
}

/// `isnad serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Receive updates by webhook at this public URL instead of long polling (see `[webhook]`).
    #[arg(long, value_name = "URL")]
    pub webhook: Option<String>,
}

/// `isnad bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Queries: JSONL with "q" (like ../shared/bench/queries.jsonl) or one a line. Default: article titles.
    #[arg(long, value_name = "FILE")]
    pub queries: Option<PathBuf>,
    /// Queries run before timing.
    #[arg(long, default_value_t = 100)]
    pub warmup: usize,
    /// Time at most this many queries.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Also write the figures as JSON to this file.
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,
}
