//! Reloads nobody typed: SIGHUP, the Unix way to tell a service to read its files again, and with
//! `corpus.watch_seconds` set, a look at the corpus directory every so many seconds. Both rebuild the
//! index as `/reload` does, one reload at a time, while questions keep being answered.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::admin::rebuild;
use super::state::AppState;
use crate::reload::corpus_state;

/// Start the SIGHUP listener and, when `corpus.watch_seconds` is set, the corpus watch; both stop with
/// `stopping`.
pub(super) fn spawn(state: &Arc<AppState>, stopping: &CancellationToken) {
    #[cfg(unix)]
    on_hangup(state.clone(), stopping.clone());
    let every = state.config.corpus.watch_seconds;
    if every > 0 {
        tokio::spawn(watch(state.clone(), Duration::from_secs(every), stopping.clone()));
    }
}

/// Reload on every SIGHUP (several arriving during one reload make one more). The handler is installed
/// before this returns, so a SIGHUP from then on reloads instead of ending the process.
#[cfg(unix)]
fn on_hangup(state: Arc<AppState>, stopping: CancellationToken) {
    use tokio::signal::unix::{signal, SignalKind};
    let mut hangups = match signal(SignalKind::hangup()) {
        Ok(hangups) => hangups,
        Err(error) => {
            tracing::warn!(error = %error, "SIGHUP cannot be caught: the corpus reloads by /reload only");
            return;
        }
    };
    tokio::spawn(async move {
        loop {
            tokio::select! {
                received = hangups.recv() => if received.is_none() { break },
                () = stopping.cancelled() => break,
            }
            tracing::info!("SIGHUP: reloading the corpus");
            let _guard = state.reload_lock.lock().await;
            rebuild(&state, None, "SIGHUP").await;
        }
    });
}

/// Every `every`, look at the corpus directory's files; reload once they differ from what the index in
/// service was built from and have held still since the previous look.
async fn watch(state: Arc<AppState>, every: Duration, stopping: CancellationToken) {
    tracing::info!(seconds = every.as_secs(), "watching the corpus directory for changes");
    let (mut previous, mut readable) = (None, true);
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            () = stopping.cancelled() => break,
        }
        let dir = state.config.corpus_dir.clone();
        let now = tokio::task::spawn_blocking(move || corpus_state(&dir)).await.ok().flatten();
        // Said once when it goes and once when it comes back (an unmounted volume), not at every look.
        if now.is_some() != readable {
            readable = now.is_some();
            let dir = state.config.corpus_dir.display();
            if readable {
                tracing::info!(%dir, "corpus directory readable again");
            } else {
                tracing::warn!(%dir, "corpus directory unreadable: the index in service stays");
            }
        }
        // Busy: a reload already running reads the change, or the next look sees it.
        if should_reload(now, previous, state.built_from()) {
            if let Ok(_guard) = state.reload_lock.try_lock() {
                tracing::info!("corpus files changed: reloading");
                rebuild(&state, None, "watch").await;
            }
        }
        previous = now;
    }
}

/// Reload when the directory could be read, differs from what the index in service was built from, and
/// is as it was at the previous look: a file still being copied changes between looks, and is read only
/// once whole.
fn should_reload(now: Option<u64>, previous: Option<u64>, built_from: Option<u64>) -> bool {
    now.is_some() && now == previous && now != built_from
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_reloads_once_it_holds_still_for_one_look() {
        let (built, changing, settled) = (Some(1), Some(2), Some(3));
        assert!(!should_reload(built, built, built), "nothing changed");
        assert!(!should_reload(changing, built, built), "just changed: wait one look");
        assert!(!should_reload(settled, changing, built), "still changing");
        assert!(should_reload(settled, settled, built), "changed and still");
        assert!(!should_reload(settled, settled, settled), "already reloaded from it");
        assert!(!should_reload(None, None, built), "unreadable: keep the index in service");
    }
}
