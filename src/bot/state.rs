//! What every handler shares, passed once to the dispatcher as an `Arc`.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::pages::PageStore;
use crate::answer::{ask, Answer, AskOptions, Question};
use crate::chat::ChatKind;
use crate::config::Config;
use crate::error::SearchError;
use crate::search::IndexHandle;
use crate::stats::Stats;

/// Shared state of the running bot.
pub struct AppState {
    /// The configuration it started with.
    pub config: Arc<Config>,
    /// The index in service.
    pub index: Arc<IndexHandle>,
    /// Questions behind "more results" buttons.
    pub pages: PageStore,
    /// Per-user question rate limit.
    limiter: DefaultKeyedRateLimiter<i64>,
    /// Counters since start.
    pub stats: Arc<Stats>,
    /// Held while the corpus changes or the index is rebuilt: one reload at a time.
    pub reload_lock: tokio::sync::Mutex<()>,
    /// The plain bot, for file downloads (the erased requester cannot download).
    pub downloader: teloxide::Bot,
}

/// Searching failed.
#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    /// The index reported an error.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// The search task panicked or was cancelled.
    #[error("search task: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl AppState {
    /// State for `config`, serving `index`.
    pub fn new(config: Arc<Config>, index: Arc<IndexHandle>, stats: Arc<Stats>, downloader: teloxide::Bot) -> Self {
        let per_minute = NonZeroU32::new(config.bot.questions_per_minute).unwrap_or(NonZeroU32::MIN);
        let pages = PageStore::new(Duration::from_secs(config.bot.page_ttl_minutes * 60), config.bot.pages_kept);
        let limiter = RateLimiter::keyed(Quota::per_minute(per_minute));
        AppState { pages, limiter, config, index, stats, reload_lock: tokio::sync::Mutex::new(()), downloader }
    }

    /// True when `key` (a user, or a channel) may ask one more question now.
    pub fn allow_question(&self, key: i64) -> bool {
        self.limiter.check_key(&key).is_ok()
    }

    /// Answer `question` off the async executor: `top` results from `offset`, on the index in service
    /// when the search starts (a reload meanwhile does not disturb it).
    pub async fn answer(
        &self,
        question: &str,
        offset: usize,
        top: usize,
        kind: ChatKind,
    ) -> Result<Answer, AnswerError> {
        let served = self.index.snapshot();
        let options = AskOptions { top, ..self.config.ask_options() };
        let question = Question::parse(question, self.config.search.max_question_chars);
        tracing::debug!(question = question.text(), "question text");
        let started = Instant::now();
        let answer = tokio::task::spawn_blocking(move || ask(&served.index, &question, &options, offset)).await??;
        let latency = started.elapsed();
        self.stats.record_question(answer.answered, latency);
        tracing::info!(
            chat = ?kind,
            latency_ms = latency.as_secs_f64() * 1000.0,
            results = answer.hits.len(),
            answered = answer.answered,
            "question"
        );
        Ok(answer)
    }
}
