//! `isnad serve`: start the health listener, build the index, then run the bot until SIGINT or SIGTERM.

use std::sync::Arc;

use super::args::ServeArgs;
use crate::bot::UpdateSource;
use crate::config::Config;
use crate::http::{self, Health};
use crate::search::IndexHandle;
use crate::stats::Stats;

/// Run `isnad serve`.
pub fn run(mut config: Config, args: &ServeArgs) -> anyhow::Result<i32> {
    if let Some(url) = &args.webhook {
        config.webhook.url = url.clone();
        config.validate()?;
    }
    crate::bot::check_environment()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(serve(Arc::new(config)))?;
    Ok(0)
}

async fn serve(config: Arc<Config>) -> anyhow::Result<()> {
    let stats = Arc::new(Stats::default());
    let health = Health::new(stats.clone());
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
    let build_config = config.clone();
    let (index, took) = tokio::task::spawn_blocking(move || crate::reload::open_or_build(&build_config)).await??;
    let handle = Arc::new(IndexHandle::new(index, took));
    let _ = health.index.set(handle.clone());
    let source = if webhook { UpdateSource::Webhook { extra: http::router(health) } } else { UpdateSource::Polling };
    let result = crate::bot::run(config, handle, stats, source).await;
    let _ = stop_http.send(());
    result
}
