//! The Telegram bot: the only module that imports teloxide.
//!
//! `run` loads the index, registers the commands, and runs the dispatcher (long polling) until SIGINT
//! or SIGTERM, then lets in-flight replies finish; SIGHUP and the corpus watch reload (the `watch`
//! module). The handler tree is built in [`schema`].

mod admin;
mod download;
mod fetch;
mod gate;
mod handlers;
mod links;
mod pages;
mod replies;
mod send;
mod state;
mod watch;

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use teloxide::adaptors::throttle::Limits;
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Me, Recipient};
use teloxide::update_listeners::{Polling, UpdateListener};

pub use download::{DownloadError, Downloader};
pub use gate::{Gate, Verdict, MAX_PENDING_PER_CHAT};
pub use handlers::inline_offset;
pub use state::AppState;

use crate::config::Config;
use crate::engine::IndexHandle;
use crate::render::strings;
use crate::stats::Stats;

/// Declare a trait standing for a list of bounds, and implement it for every type meeting them.
macro_rules! bound_alias {
    ($(#[$meta:meta])* $name:ident = $($bounds:tt)+) => {
        $(#[$meta])*
        pub trait $name: $($bounds)+ {}
        impl<T> $name for T where T: $($bounds)+ {}
    };
}

bound_alias! {
    /// What handlers need of a bot: the requests they make, sendable across threads. Met by
    /// `Throttle<Bot>` (Telegram flood control, the default) and by a plain `Bot` when
    /// `bot.flood_control` is off (benchmarks against a fake API: Throttle's worker ticks every 250 ms,
    /// which would dominate the latency measured there).
    TgBot = Requester<
        Err = teloxide::RequestError,
        GetMe: Send,
        GetUpdates: Send,
        SetWebhook: Send,
        DeleteWebhook: Send,
        SendMessage: Send,
        EditMessageText: Send,
        EditMessageTextInline: Send,
        AnswerCallbackQuery: Send,
        AnswerInlineQuery: Send,
        SendChatAction: Send,
        SetMyCommands: Send,
        GetMyDescription: Send,
        SetMyDescription: Send,
        GetMyShortDescription: Send,
        SetMyShortDescription: Send,
        GetFile: Send,
    > + Clone + Send + Sync + 'static
}

/// What handlers return; failures are logged by the handlers themselves.
pub type HandlerResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// Starting the bot failed.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    /// No token in the environment.
    #[error(
        "TELOXIDE_TOKEN is not set: create a bot with @BotFather and put its token in the environment \
         (export TELOXIDE_TOKEN=123456:ABC...) or in a .env file"
    )]
    MissingToken,
    /// `TELOXIDE_API_URL` is not a URL.
    #[error("TELOXIDE_API_URL is not a valid URL: {0}")]
    BadApiUrl(String),
}

/// The handler tree: messages, channel posts (and their edits), button presses and inline queries.
pub fn schema<B: TgBot>() -> UpdateHandler<Box<dyn std::error::Error + Send + Sync + 'static>> {
    dptree::entry()
        .branch(Update::filter_message().endpoint(handlers::on_message::<B>))
        .branch(Update::filter_channel_post().endpoint(handlers::on_message::<B>))
        .branch(Update::filter_edited_message().endpoint(handlers::on_edited::<B>))
        .branch(Update::filter_edited_channel_post().endpoint(handlers::on_edited::<B>))
        .branch(Update::filter_callback_query().endpoint(handlers::on_callback::<B>))
        .branch(Update::filter_inline_query().endpoint(handlers::on_inline::<B>))
        .branch(Update::filter_my_chat_member().endpoint(handlers::on_membership::<B>))
}

fn commands(list: &[(&str, &str)]) -> Vec<BotCommand> {
    list.iter().map(|(name, description)| BotCommand::new(*name, *description)).collect()
}

/// Register the command menus (private chats, groups, and each admin's private chat).
async fn set_commands<B: TgBot>(bot: &B, admins: &[u64]) {
    let scopes = [
        (BotCommandScope::AllPrivateChats, commands(strings::COMMANDS_PRIVATE)),
        (BotCommandScope::AllGroupChats, commands(strings::COMMANDS_GROUP)),
    ];
    for (scope, list) in scopes {
        if let Err(e) = send::with_retry(bot.set_my_commands(list).scope(scope)).await {
            tracing::warn!(error = %e, "setMyCommands failed");
        }
    }
    let mut admin_list = commands(strings::COMMANDS_PRIVATE);
    admin_list.extend(commands(strings::COMMANDS_ADMIN));
    for admin in admins {
        let scope = BotCommandScope::Chat { chat_id: Recipient::Id(ChatId(*admin as i64)) };
        if let Err(e) = send::with_retry(bot.set_my_commands(admin_list.clone()).scope(scope)).await {
            tracing::warn!(error = %e, admin, "setMyCommands for an admin failed");
        }
    }
}

/// Give the bot its description (shown in an empty chat with it) and short description (on its profile
/// and where it is shared) when it has none: what BotFather's `/setdescription` set is the operator's
/// and stays.
async fn set_descriptions<B: TgBot>(bot: &B) {
    match send::with_retry(bot.get_my_description()).await {
        Ok(current) if current.description.trim().is_empty() => {
            if let Err(e) = send::with_retry(bot.set_my_description().description(strings::BOT_DESCRIPTION)).await {
                tracing::warn!(error = %e, "setMyDescription failed");
            }
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "getMyDescription failed"),
    }
    match send::with_retry(bot.get_my_short_description()).await {
        Ok(current) if current.short_description.trim().is_empty() => {
            let short = bot.set_my_short_description().short_description(strings::BOT_SHORT_DESCRIPTION);
            if let Err(e) = send::with_retry(short).await {
                tracing::warn!(error = %e, "setMyShortDescription failed");
            }
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "getMyShortDescription failed"),
    }
}

/// Check the token is there before teloxide would panic on its absence.
pub fn check_environment() -> Result<(), BotError> {
    match std::env::var("TELOXIDE_TOKEN") {
        Ok(token) if !token.trim().is_empty() => {}
        _ => return Err(BotError::MissingToken),
    }
    if let Ok(url) = std::env::var("TELOXIDE_API_URL") {
        if reqwest_url_ok(&url).is_none() {
            return Err(BotError::BadApiUrl(url));
        }
    }
    Ok(())
}

fn reqwest_url_ok(url: &str) -> Option<()> {
    let rest = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://"))?;
    (!rest.is_empty()).then_some(())
}

/// Register the webhook with Telegram and serve it (with `extra` routes) at `config.webhook.listen`.
async fn webhook_listener<B: TgBot>(
    bot: &B,
    config: &Config,
    extra: axum::Router,
) -> Result<impl teloxide::update_listeners::UpdateListener<Err = std::convert::Infallible>, teloxide::RequestError> {
    use teloxide::update_listeners::webhooks;
    let address: std::net::SocketAddr = config.webhook.listen.parse().unwrap_or(([0, 0, 0, 0], 8443).into());
    let url = url::Url::parse(&config.webhook.url)
        .map_err(|e| teloxide::RequestError::Io(Arc::new(std::io::Error::other(e))))?;
    let mut options = webhooks::Options::new(address, url);
    if !config.webhook.secret.0.is_empty() {
        options = options.secret_token(config.webhook.secret.0.clone());
    }
    let (listener, stop, router) = webhooks::axum_to_router(bot.clone(), options).await?;
    let app = router.merge(extra);
    tokio::spawn(async move {
        if let Err(error) = crate::http::serve(address, app, stop).await {
            tracing::error!(%address, error = %error, "webhook server failed");
        }
    });
    tracing::info!(%address, "receiving updates by webhook");
    Ok(listener)
}

/// Wait for SIGINT or SIGTERM.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// How updates arrive.
pub enum UpdateSource {
    /// Long polling (the default).
    Polling,
    /// A webhook server at `config.webhook`, also serving `extra` routes (health and metrics).
    Webhook {
        /// Routes served beside the webhook path.
        extra: axum::Router,
    },
}

/// Run the bot until SIGINT or SIGTERM; replies in flight get `bot.shutdown_seconds` to finish. SIGHUP
/// reloads the corpus, as `/reload` does; `built_from` is the corpus directory's state the index in
/// service was built from ([`crate::reload::corpus_state`]), what the corpus watch compares against.
pub async fn run(
    config: Arc<Config>,
    index: Arc<IndexHandle>,
    built_from: Option<u64>,
    stats: Arc<Stats>,
    embedder: Option<Arc<crate::embed::Embedder>>,
    source: UpdateSource,
) -> anyhow::Result<()> {
    check_environment()?;
    let raw = Bot::from_env();
    let timeout = Duration::from_secs(config.bot.download_timeout_seconds);
    let downloader = Downloader::new(raw.api_url(), raw.token().to_string(), timeout);
    let state = Arc::new(AppState::new(config.clone(), index, stats, downloader, embedder));
    state.saw_corpus(built_from);
    if config.bot.flood_control {
        run_with(raw.throttle(Limits::default()), config, state, source).await
    } else {
        tracing::warn!("flood control is off: only for benchmarks against a fake Bot API");
        run_with(raw, config, state, source).await
    }
}

/// The admission check the update listener applies (see [`gate`]): a sender over the rate gets its
/// polite note here, beside the queues.
fn admission<B: TgBot>(bot: B, state: Arc<AppState>, me: Me) -> Arc<dyn Fn(&Update) -> bool + Send + Sync> {
    Arc::new(move |update: &Update| match state.gate.judge(update, &me) {
        Verdict::Admit => true,
        Verdict::Ignore => false,
        Verdict::Note => {
            state.stats.record_limited();
            tracing::info!(update = update.id.0, "rate limited: polite note");
            tokio::spawn(handlers::rate_note(bot.clone(), update.clone()));
            false
        }
        Verdict::Drop => {
            state.stats.record_limited();
            tracing::debug!(update = update.id.0, "rate limited: dropped");
            false
        }
    })
}

async fn run_with<B: TgBot>(
    bot: B,
    config: Arc<Config>,
    state: Arc<AppState>,
    source: UpdateSource,
) -> anyhow::Result<()> {
    tokio::join!(set_commands(&bot, &config.admins), set_descriptions(&bot));
    let mut dispatcher = Dispatcher::builder(bot.clone(), schema::<B>())
        .dependencies(dptree::deps![state.clone()])
        .default_handler(|update| async move {
            tracing::debug!(update = ?update.id, "update not handled");
        })
        .error_handler(LoggingErrorHandler::with_custom_text("handler error"))
        .build();
    let token = dispatcher.shutdown_token();
    let stopping = CancellationToken::new();
    let stop = stopping.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing replies in flight");
        stop.cancel();
        // The dispatcher may be between attempts to reach Telegram; then there is nothing to stop.
        for _ in 0..100 {
            if let Ok(done) = token.shutdown() {
                done.await;
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    watch::spawn(&state, &stopping);
    let deadline = Duration::from_secs(config.bot.shutdown_seconds);
    let dispatching = dispatch(&mut dispatcher, &bot, &config, &state, &source, &stopping);
    tokio::select! {
        () = dispatching => {}
        () = async {
            stopping.cancelled().await;
            tokio::time::sleep(deadline).await;
        } => {
            tracing::warn!(seconds = deadline.as_secs(), "shutdown deadline passed: replies still waiting are dropped");
        }
    }
    tracing::info!("stopped");
    Ok(())
}

/// Receive and dispatch updates until shut down, reconnecting with backoff while Telegram is out of reach.
async fn dispatch<B: TgBot>(
    dispatcher: &mut Dispatcher<B, Box<dyn std::error::Error + Send + Sync>, teloxide::dispatching::DefaultKey>,
    bot: &B,
    config: &Config,
    state: &Arc<AppState>,
    source: &UpdateSource,
    stopping: &CancellationToken,
) {
    let mut delay = Duration::from_secs(1);
    loop {
        let outcome = match bot.get_me().await {
            Ok(me) => {
                state.inline_mode.store(me.supports_inline_queries, std::sync::atomic::Ordering::Relaxed);
                let keep = admission(bot.clone(), state.clone(), me);
                match source {
                    UpdateSource::Polling => {
                        let listener = Polling::builder(bot.clone())
                            .timeout(Duration::from_secs(10))
                            .delete_webhook()
                            .await
                            .build();
                        listen(dispatcher, gate::Gated::new(listener, keep)).await
                    }
                    UpdateSource::Webhook { extra } => match webhook_listener(bot, config, extra.clone()).await {
                        Ok(listener) => listen(dispatcher, gate::Gated::new(listener, keep)).await,
                        Err(error) => Err(error),
                    },
                }
            }
            Err(error) => Err(error),
        };
        match outcome {
            Ok(()) => break,
            Err(error) => {
                tracing::error!(error = %error, retry_in_s = delay.as_secs(), "cannot reach Telegram (getMe)");
                tokio::select! {
                    _ = tokio::time::sleep(delay) => {}
                    _ = stopping.cancelled() => break,
                }
                delay = (delay * 2).min(Duration::from_secs(60));
            }
        }
    }
}

async fn listen<B: TgBot, L>(
    dispatcher: &mut Dispatcher<B, Box<dyn std::error::Error + Send + Sync>, teloxide::dispatching::DefaultKey>,
    listener: L,
) -> Result<(), teloxide::RequestError>
where
    L: UpdateListener + Send,
    L::Err: std::fmt::Debug,
{
    let errors = LoggingErrorHandler::with_custom_text("update listener error");
    dispatcher.try_dispatch_with_listener(listener, errors).await
}
