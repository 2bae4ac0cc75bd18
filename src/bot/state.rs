//! What every handler shares, passed once to the dispatcher as an `Arc`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::download::Downloader;
use super::fetch::PageFetcher;
use super::gate::Gate;
use super::links::DeepLinks;
use super::pages::PageStore;
use super::replies::SentReplies;
use crate::answer::{ask, nearest, Answer, Question};
use crate::chat::ChatKind;
use crate::config::Config;
use crate::embed::Embedder;
use crate::engine::Engine;
use crate::engine::IndexHandle;
use crate::error::SearchError;
use crate::feedback::{count_verdicts, FeedbackLog};
use crate::pipeline::SearchOptions;
use crate::search::SearchIndex;
use crate::stats::Stats;

/// Shared state of the running bot.
pub struct AppState {
    /// The configuration it started with.
    pub config: Arc<Config>,
    /// The index in service.
    pub index: Arc<IndexHandle>,
    /// Questions behind "more results" buttons.
    pub pages: PageStore,
    /// The reply to each recently answered message (replaced when the message is edited) and the
    /// question each reply answered (what a reply to it follows up).
    pub replies: SentReplies,
    /// Admission of updates before they are queued: rate limits and per-chat bounds.
    pub gate: Gate,
    /// Counters since start.
    pub stats: Arc<Stats>,
    /// Held while the corpus changes or the index is rebuilt: one reload at a time.
    pub reload_lock: tokio::sync::Mutex<()>,
    /// The corpus directory as the latest build read it ([`crate::reload::corpus_state`], taken before
    /// reading): what the corpus watch compares against.
    built_from: std::sync::Mutex<Option<u64>>,
    /// Downloads of uploaded articles.
    pub downloader: Downloader,
    /// Pages named by `/add`.
    pub fetcher: PageFetcher,
    /// Where readers' verdicts go.
    pub feedback: FeedbackLog,
    /// Semantic mode's embedder (`None`: lexical only).
    pub embedder: Option<Arc<Embedder>>,
    /// Inline questions behind the button that opens their answer in a private chat.
    pub links: DeepLinks,
    /// Whether inline mode is on for the bot (Telegram's getMe says so): answers then offer to be sent
    /// to another chat through it.
    pub inline_mode: AtomicBool,
}

/// A question as the bot answers it: its text, and the question it follows up when it was sent in
/// reply to one of the bot's answers (see [`Question::after`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    /// The question as written.
    pub text: String,
    /// The question it follows up, if any.
    pub after: Option<String>,
}

impl Asked {
    /// A question asked on its own.
    pub fn new(text: &str) -> Asked {
        Asked { text: text.to_string(), after: None }
    }

    /// What a follow-up of this question follows: its own text after the question it followed, so
    /// a chain of follow-ups keeps its subject (cut like a question when ranked).
    pub fn as_context(&self) -> String {
        match &self.after {
            Some(after) => format!("{after} {}", self.text),
            None => self.text.clone(),
        }
    }
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
    /// The inline query offering `answer` to `asked` in another chat (see `send::share_query`):
    /// only for an answer the corpus gives (inline mode shows no tentative passages) to a question asked
    /// on its own (inline mode knows no earlier question), and only when inline mode is on and
    /// `[bot] share_button` is.
    pub fn share_query(&self, asked: &Asked, answer: &Answer) -> Option<String> {
        let shareable = answer.answered && !answer.hits.is_empty() && asked.after.is_none();
        let offered = self.config.bot.share_button && self.inline_mode.load(Ordering::Relaxed);
        (shareable && offered).then(|| super::send::share_query(&asked.text)).flatten()
    }

    /// State for `config`, serving `index`.
    pub fn new(
        config: Arc<Config>,
        index: Arc<IndexHandle>,
        stats: Arc<Stats>,
        downloader: Downloader,
        embedder: Option<Arc<Embedder>>,
    ) -> Self {
        let ttl = Duration::from_secs(config.bot.page_ttl_minutes.saturating_mul(60));
        let pages = PageStore::new(ttl, config.bot.pages_kept);
        let replies = SentReplies::new(ttl, config.bot.pages_kept);
        let gate = Gate::new(config.bot.questions_per_minute);
        let path = config.feedback_path();
        let (useful, not_useful) = count_verdicts(&path);
        stats.add_feedback(useful, not_useful);
        let feedback = FeedbackLog::open(path);
        let reload_lock = tokio::sync::Mutex::new(());
        let links = DeepLinks::new(ttl, config.bot.pages_kept);
        let inline_mode = AtomicBool::new(false);
        let fetcher =
            PageFetcher::new(Duration::from_secs(config.bot.download_timeout_seconds), config.bot.allow_private_links);
        AppState {
            pages,
            replies,
            gate,
            config,
            index,
            stats,
            reload_lock,
            built_from: std::sync::Mutex::new(None),
            downloader,
            fetcher,
            feedback,
            embedder,
            links,
            inline_mode,
        }
    }

    /// Put a rebuilt index in service; in semantic mode its passages start getting their vectors (those
    /// embedded before are reused).
    pub fn serve(&self, index: SearchIndex, took: Duration) {
        self.index.swap(Engine::new(index), took);
        if let Some(embedder) = &self.embedder {
            embedder.start(self.index.snapshot());
        }
    }

    /// Record the corpus directory as a build read it (see [`AppState::built_from`]).
    pub fn saw_corpus(&self, state: Option<u64>) {
        *self.built_from.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = state;
    }

    /// The corpus directory as the latest build read it.
    pub fn built_from(&self) -> Option<u64> {
        *self.built_from.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Answer `question` off the async executor: `top` results from `offset`, on the index in service
    /// when the search starts (a reload meanwhile does not disturb it).
    pub async fn answer(
        &self,
        asked: &Asked,
        offset: usize,
        top: usize,
        kind: ChatKind,
    ) -> Result<Answer, AnswerError> {
        self.search(asked, offset, top, kind, false).await
    }

    /// As [`AppState::answer`], with the nearest passages shown for a question the corpus does not
    /// answer (see [`nearest`]): a reader's press after "not found", counted apart from questions.
    pub async fn nearest(
        &self,
        asked: &Asked,
        offset: usize,
        top: usize,
        kind: ChatKind,
    ) -> Result<Answer, AnswerError> {
        self.search(asked, offset, top, kind, true).await
    }

    async fn search(
        &self,
        asked: &Asked,
        offset: usize,
        top: usize,
        kind: ChatKind,
        show_nearest: bool,
    ) -> Result<Answer, AnswerError> {
        let served = self.index.snapshot();
        let options = SearchOptions { top, ..self.config.search };
        let question =
            Question::parse_after(&asked.text, asked.after.as_deref(), self.config.search.max_question_chars);
        tracing::debug!(question = question.text(), "question text");
        let started = Instant::now();
        // A courtesy or a link alone asks nothing: no vector, and not counted as a question.
        let asks = crate::arabic::courtesy(question.text()).is_none() && !question.only_links();
        // "ما آخر الأخبار؟" is answered by date, not by meaning.
        let searches = asks && !crate::answer::asks_latest(&question);
        // A question's vector is worth asking for once some passage has one; without it (server down or
        // slow) the answer is lexical.
        let vectors = match &self.embedder {
            Some(embedder) if searches && served.engine.vectors.present() > 0 => {
                embedder.embed_query(&question.part_texts()).await
            }
            _ => Vec::new(),
        };
        let answer = tokio::task::spawn_blocking(move || {
            let answer = if show_nearest { nearest } else { ask };
            answer(&served.engine, &question, &vectors, &options, offset)
        })
        .await??;
        let latency = started.elapsed();
        if show_nearest {
            if offset == 0 && answer.tentative {
                self.stats.record_nearest();
            }
        } else if asks {
            self.stats.record_question(answer.answered, latency);
        }
        tracing::info!(
            chat = ?kind,
            latency_ms = latency.as_secs_f64() * 1000.0,
            results = answer.hits.len(),
            answered = answer.answered,
            nearest = show_nearest,
            follow_up = asked.after.is_some(),
            "question"
        );
        Ok(answer)
    }
}
