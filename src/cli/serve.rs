//! `isnad serve`: start the health listener, build the index, then run the bot until SIGINT or SIGTERM.

use std::sync::Arc;

use super::args::ServeArgs;
use crate::bot::UpdateSource;
use crate::config::Config;
use crate::engine::IndexHandle;
use crate::http::{self, Health};
use crate::stats::Stats;

/// Run `isnad serve`.
pub fn run(mut config: Config, args: &ServeArgs) -> anyhow::Result<i32> {
    if let Some(url) = &args.webhook {
        config.webhook.url = url.clone();
        config.validate()?;
    }
    crate::bot::check_environment()?;
    log_panics_without_their_text();
    // Fault injection for the tests (compiled in only by the dev-dependency's `failpoints` feature).
    let _faults = fail::has_failpoints().then(fail::FailScenario::setup);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let result = runtime.block_on(serve(Arc::new(config)));
    // Replies the shutdown deadline gave up on must not hold the process.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    result?;
    Ok(0)
}

/// Log a panic's place at error level and its message only at debug: a message may quote the text that
/// caused it (a string slice out of bounds prints the string), and question texts are logged only at
/// debug level.
fn log_panics_without_their_text() {
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        tracing::error!(%location, "panic caught; the update was dropped (message at debug level)");
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        tracing::debug!(%location, message, "panic message");
    }));
}

async fn serve(config: Arc<Config>) -> anyhow::Result<()> {
    let stats = Arc::new(Stats::default());
    let embedder = crate::embed::Embedder::from_config(&config);
    let health = Health { embedder: embedder.clone(), ..Health::new(stats.clone()) };
    let (stop_http, stopped) = tokio::sync::oneshot::channel::<()>();
    let webhook = !config.webhook.url.is_empty();
    if let Some(addr) = &config.http_addr {
        let addr: std::net::SocketAddr = addr.parse()?;
        let router = http::router(health.clone());
        tokio::spawn(async move {
            if let Err(error) = http::serve(addr, router, async move {
                let _ = stopped.await;
            })
            .await
            {
                tracing::error!(%addr, error = %error, "HTTP listener failed");
            }
        });
    }
    // SIGHUP reloads once the bot runs (see `bot::run`); caught from now on, so that one arriving while the
    // index is first built is ignored instead of ending the process.
    #[cfg(unix)]
    let _hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup());
    let build_config = config.clone();
    // Taken before reading, as every reload does (see `bot::run`).
    let (built_from, built) = tokio::task::spawn_blocking(move || {
        (crate::reload::corpus_state(&build_config.corpus_dir), crate::reload::open_or_build(&build_config))
    })
    .await?;
    let (index, took) = built?;
    let handle = Arc::new(IndexHandle::new(crate::engine::Engine::new(index), took));
    let _ = health.index.set(handle.clone());
    // Answers never wait for the vectors: until a passage has its own it is ranked lexically.
    if let Some(embedder) = &embedder {
        embedder.start(handle.snapshot());
    }
    let source = if webhook { UpdateSource::Webhook { extra: http::router(health) } } else { UpdateSource::Polling };
    let result = crate::bot::run(config, handle, built_from, stats, embedder, source).await;
    let _ = stop_http.send(());
    result
}
