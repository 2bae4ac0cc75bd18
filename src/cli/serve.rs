//! `isnad serve`: build the index, then run the bot until SIGINT or SIGTERM.

use std::sync::Arc;

use super::args::ServeArgs;
use crate::config::Config;
use crate::search::IndexHandle;
use crate::stats::Stats;

/// Run `isnad serve`.
pub fn run(config: Config, _args: &ServeArgs) -> anyhow::Result<i32> {
    let (index, took) = crate::reload::build_index(&config)?;
    let handle = Arc::new(IndexHandle::new(index, took));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(crate::bot::run(Arc::new(config), handle, Arc::new(Stats::default())))?;
    Ok(0)
}
