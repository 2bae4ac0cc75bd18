//! Admin commands: reload, add and remove articles, statistics. Admins are Telegram user ids from the
//! configuration, checked on the message's `from` (a channel post has none, so it can never pass).
//! Every action is logged with the admin's id and its outcome.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::RequestError;

use super::download::DownloadError;
use super::fetch::{page_file_name, web_link, FetchError};
use super::send::{reply_text, send_html};
use super::state::AppState;
use super::{HandlerResult, TgBot};
use crate::chat::{parse_caption, AdminCommand, UploadCaption};
use crate::corpus::archive::unpack;
use crate::corpus::{
    check_file, move_to_trash, safe_file_name, sidecar, write_atomically, NameError, Problem, ProblemKind,
};
use crate::error::CorpusError;
use crate::reload::{build_index, corpus_state, BuildError};
use crate::render::strings;

/// The admin's id when the message comes from one.
fn admin_id(state: &AppState, message: &Message) -> Option<u64> {
    let user = message.from.as_ref()?;
    state.config.admins.contains(&user.id.0).then_some(user.id.0)
}

async fn reply<B: TgBot>(bot: &B, message: &Message, text: &str) -> HandlerResult {
    reply_text(bot, message, text).await?;
    Ok(())
}

/// An admin command: refused for anyone else.
pub async fn on_command<B: TgBot>(
    bot: &B,
    message: &Message,
    state: &Arc<AppState>,
    command: AdminCommand,
    args: &str,
) -> HandlerResult {
    let Some(admin) = admin_id(state, message) else {
        tracing::warn!(user = ?message.from.as_ref().map(|u| u.id.0), ?command, "admin command refused");
        return reply(bot, message, strings::ADMIN_ONLY).await;
    };
    let text = match command {
        AdminCommand::Reload => reload_reply(state, admin).await,
        AdminCommand::Remove => remove(state, admin, args).await,
        AdminCommand::Stats => stats_text(state),
        AdminCommand::Replace => strings::REPLACE_USAGE.to_string(),
        AdminCommand::Add => add_pages(state, admin, args).await,
    };
    reply(bot, message, &text).await
}

/// Rebuild the index from the corpus directory unless a reload is running; the reply text.
async fn reload_reply(state: &Arc<AppState>, admin: u64) -> String {
    let Ok(_guard) = state.reload_lock.try_lock() else {
        tracing::info!(admin, action = "reload", outcome = "busy");
        return strings::RELOAD_BUSY.to_string();
    };
    rebuild(state, Some(admin), "reload").await
}

/// Build a new index off the request path and swap it in; on failure the old one stays. `by` is the
/// admin who asked (none for SIGHUP or the corpus watch). The caller holds the reload lock.
pub(super) async fn rebuild(state: &Arc<AppState>, by: Option<u64>, action: &str) -> String {
    let config = state.config.clone();
    let built = tokio::task::spawn_blocking(move || {
        // Taken before reading: a file changed during the build differs from it, so the watch reloads again.
        let seen = corpus_state(&config.corpus_dir);
        (seen, build_index(&config))
    })
    .await;
    let built = match built {
        Ok((seen, built)) => {
            // Failed or not, the watch waits for the next change rather than rebuilding the same files.
            state.saw_corpus(seen);
            built
        }
        Err(error) => {
            state.stats.record_reload(false);
            tracing::error!(admin = by, action, outcome = "failed, old index kept", error = %error);
            return strings::RELOAD_ERROR.to_string();
        }
    };
    state.stats.record_reload(built.is_ok());
    match built {
        Ok((index, took)) => {
            let corpus = index.corpus();
            let text = strings::reload_done(
                corpus.articles.len(),
                corpus.passages.len(),
                took.as_secs_f64(),
                &corpus.problems,
            );
            tracing::info!(
                admin = by,
                action,
                outcome = "ok",
                articles = corpus.articles.len(),
                skipped = corpus.problems.len(),
                ms = took.as_millis() as u64
            );
            state.serve(index, took);
            text
        }
        Err(BuildError::Corpus(CorpusError::Empty { problems, .. })) => {
            tracing::warn!(admin = by, action, outcome = "nothing loadable, old index kept", skipped = problems.len());
            strings::reload_failed(state.index.snapshot().engine.index.corpus().articles.len(), &problems)
        }
        Err(error) => {
            tracing::error!(admin = by, action, outcome = "failed, old index kept", error = %error);
            strings::RELOAD_ERROR.to_string()
        }
    }
}

/// `/remove NAME`: move the file to `.trash/` and rebuild.
async fn remove(state: &Arc<AppState>, admin: u64, args: &str) -> String {
    if args.trim().is_empty() {
        return strings::REMOVE_USAGE.to_string();
    }
    // A page added by its link is removed by the same link.
    let named = web_link(args.trim()).map_or_else(|| args.to_string(), |url| page_file_name(&url));
    let Ok(name) = safe_file_name(&named) else {
        tracing::warn!(admin, action = "remove", outcome = "bad name");
        return strings::BAD_FILE_NAME.to_string();
    };
    let Ok(_guard) = state.reload_lock.try_lock() else { return strings::RELOAD_BUSY.to_string() };
    let dir = &state.config.corpus_dir;
    if !dir.join(&name).is_file() {
        tracing::info!(admin, action = "remove", file = %name, outcome = "no such file");
        return strings::remove_missing(&name);
    }
    match move_to_trash(dir, &name) {
        Ok(to) => {
            tracing::info!(admin, action = "remove", file = %name, to = %to.display(), outcome = "moved");
            let reload = rebuild(state, Some(admin), "remove").await;
            strings::remove_done(&name, &reload)
        }
        Err(error) => {
            tracing::error!(admin, action = "remove", file = %name, error = %error, outcome = "failed");
            strings::UPLOAD_FAILED.to_string()
        }
    }
}

/// `/stats`.
fn stats_text(state: &AppState) -> String {
    let served = state.index.snapshot();
    let corpus = served.engine.index.corpus();
    let counters = state.stats.snapshot();
    strings::stats(&strings::StatsView {
        articles: corpus.articles.len(),
        passages: corpus.passages.len(),
        index_bytes: served.engine.index.size_bytes(),
        since_reload_secs: served.since.elapsed().map_or(0, |d| d.as_secs()),
        reload_secs: served.build_time.as_secs_f64(),
        uptime_secs: counters.uptime.as_secs(),
        questions: counters.questions,
        no_answer_share: if counters.questions == 0 {
            0.0
        } else {
            counters.no_answers as f64 / counters.questions as f64
        },
        nearest: counters.nearest,
        p50_ms: counters.p50.as_secs_f64() * 1000.0,
        p95_ms: counters.p95.as_secs_f64() * 1000.0,
        useful: counters.useful,
        not_useful: counters.not_useful,
        failed_reload_secs: counters.since_failed_reload.map(|d| d.as_secs()),
    })
}

/// A document: an admin adding an article. Anyone else's document is not saved.
pub async fn on_document<B: TgBot>(bot: &B, message: &Message, state: &Arc<AppState>) -> HandlerResult {
    let Some(document) = message.document() else { return Ok(()) };
    let Some(admin) = admin_id(state, message) else {
        tracing::warn!(user = ?message.from.as_ref().map(|u| u.id.0), "document from a non-admin ignored");
        if message.chat.is_private() {
            reply(bot, message, strings::ADMIN_ONLY).await?;
        }
        return Ok(());
    };
    let raw_name = document.file_name.clone().unwrap_or_default();
    if raw_name.to_ascii_lowercase().ends_with(".zip") {
        return upload_archive(bot, message, state, admin, &raw_name).await;
    }
    let name = match safe_file_name(&raw_name) {
        Ok(name) => name,
        Err(error) => {
            tracing::warn!(admin, action = "upload", file = %raw_name, outcome = %error);
            let text = if error == NameError::WrongType { strings::UPLOAD_WRONG_TYPE } else { strings::BAD_FILE_NAME };
            return reply(bot, message, text).await;
        }
    };
    let limit = state.config.bot.max_upload_kb << 10;
    if u64::from(document.file.size) > limit {
        tracing::warn!(admin, action = "upload", file = %name, bytes = document.file.size, outcome = "too large");
        return reply(bot, message, &strings::upload_too_large(state.config.bot.max_upload_kb)).await;
    }
    let caption = parse_caption(message.caption().unwrap_or(""));
    let Ok(_guard) = state.reload_lock.try_lock() else {
        return reply(bot, message, strings::RELOAD_BUSY).await;
    };
    let dir = state.config.corpus_dir.clone();
    if dir.join(&name).exists() && !caption.replace {
        tracing::info!(admin, action = "upload", file = %name, outcome = "exists, not replaced");
        return reply(bot, message, &strings::upload_exists(&name)).await;
    }
    let bytes = match download(bot, state, admin, &name, &document.file.id).await {
        Ok(bytes) => bytes,
        Err(text) => return reply(bot, message, &text).await,
    };
    let meta = caption_meta(&name, &caption);
    let checked = match check_file(&name, bytes.clone(), meta.as_ref(), state.config.load_limits()) {
        Ok(checked) => checked,
        Err(problem) => {
            tracing::warn!(admin, action = "upload", file = %name, outcome = %problem);
            return reply(bot, message, &strings::upload_invalid(&problem.kind)).await;
        }
    };
    if let Err(error) = save(&dir, &name, &bytes, meta.as_ref()) {
        tracing::error!(admin, action = "upload", file = %name, error = %error, outcome = "write failed");
        return reply(bot, message, strings::UPLOAD_FAILED).await;
    }
    let articles = checked.articles;
    tracing::info!(admin, action = "upload", file = %name, bytes = bytes.len(), articles, outcome = "saved");
    let reload = rebuild(state, Some(admin), "upload").await;
    reply(bot, message, &strings::upload_done(&name, articles, checked.heading.as_ref(), &reload)).await
}

/// A message from an admin in a private chat that holds only a page's link: the `/add` that would add
/// it, ready to copy (anyone else's link gets the usual answer: the bot opens no page). False when the
/// message is not that.
pub async fn offer_add<B: TgBot>(
    bot: &B,
    message: &Message,
    state: &AppState,
    text: &str,
) -> Result<bool, RequestError> {
    if !message.chat.is_private() || admin_id(state, message).is_none() {
        return Ok(false);
    }
    let link = text.split_whitespace().find_map(web_link);
    let Some(link) = link.filter(|_| crate::question::Question::parse(text, usize::MAX).only_links()) else {
        return Ok(false);
    };
    let html = format!(
        "{}\n<code>/add {}</code>",
        crate::render::escape_html(strings::ADD_LINK_HINT),
        crate::render::escape_html(link.as_str())
    );
    send_html(bot, message.chat.id, Some(message.id), html, None).await?;
    Ok(true)
}

/// Most links one `/add` takes.
const MAX_LINKS: usize = 20;

/// What became of one link of `/add`.
enum Added {
    /// Saved under this name, with what a reader will see of it.
    Saved { name: String, articles: usize, heading: Option<(String, String)> },
    /// Not saved: the reply's sentence saying why.
    Refused(String),
}

/// `/add URL... [/replace]`: fetch each page, check it as an upload, save it with its address in the
/// sidecar, then reload once; the reply text.
async fn add_pages(state: &Arc<AppState>, admin: u64, args: &str) -> String {
    let replace = args.split_whitespace().any(|w| w == "/replace");
    let links: Vec<reqwest::Url> = args.split_whitespace().filter_map(web_link).collect();
    if links.is_empty() {
        return strings::ADD_USAGE.to_string();
    }
    if links.len() > MAX_LINKS {
        return strings::add_too_many(MAX_LINKS);
    }
    let Ok(_guard) = state.reload_lock.try_lock() else { return strings::RELOAD_BUSY.to_string() };
    let mut outcomes = Vec::with_capacity(links.len());
    for link in &links {
        outcomes.push(add_page(state, admin, link, replace).await);
    }
    let saved = outcomes.iter().filter(|o| matches!(o, Added::Saved { .. })).count();
    let reload = if saved > 0 { rebuild(state, Some(admin), "add").await } else { String::new() };
    if let [outcome] = outcomes.as_slice() {
        return match outcome {
            Added::Saved { name, articles, heading } => {
                strings::upload_done(name, *articles, heading.as_ref(), &reload)
            }
            Added::Refused(why) => why.clone(),
        };
    }
    let lines: Vec<(String, String)> = links
        .iter()
        .zip(outcomes)
        .map(|(link, outcome)| {
            let said = match outcome {
                Added::Saved { heading: Some((title, source)), .. } => strings::added_heading(&title, &source),
                Added::Saved { name, .. } => strings::added_heading(&name, ""),
                Added::Refused(why) => why,
            };
            (link.to_string(), said)
        })
        .collect();
    strings::add_many(links.len(), saved, &lines, &reload)
}

/// Fetch the page at `address`, check it as an upload and save it with its address in the sidecar;
/// the caller holds the reload lock and reloads.
async fn add_page(state: &Arc<AppState>, admin: u64, address: &reqwest::Url, replace: bool) -> Added {
    let name = page_file_name(address);
    let dir = state.config.corpus_dir.clone();
    if dir.join(&name).exists() && !replace {
        tracing::info!(admin, action = "add", file = %name, outcome = "exists, not replaced");
        return Added::Refused(strings::add_exists(&name));
    }
    let limit_kb = state.config.bot.max_upload_kb;
    let page = match state.fetcher.fetch(address, limit_kb << 10).await {
        Ok(page) => page,
        Err(error) => {
            tracing::warn!(admin, action = "add", file = %name, error = %error, outcome = "fetch failed");
            return Added::Refused(match error {
                FetchError::BadUrl => strings::ADD_USAGE.to_string(),
                FetchError::PrivateHost => strings::ADD_PRIVATE.to_string(),
                FetchError::NotHtml(_) => strings::ADD_NOT_PAGE.to_string(),
                FetchError::TooLarge { .. } => strings::add_too_large(limit_kb),
                FetchError::Http(_) => strings::ADD_FETCH_FAILED.to_string(),
            });
        }
    };
    // Where the page was found is its address, whatever it says of itself.
    let meta = sidecar::SourceMeta { file: name.clone(), url: Some(page.url.to_string()), ..Default::default() };
    let checked = match check_file(&name, page.bytes.clone(), Some(&meta), state.config.load_limits()) {
        Ok(checked) => checked,
        Err(problem) => {
            tracing::warn!(admin, action = "add", file = %name, outcome = %problem);
            return Added::Refused(match problem.kind {
                ProblemKind::Empty => strings::ADD_EMPTY_PAGE.to_string(),
                kind => strings::upload_invalid(&kind),
            });
        }
    };
    if let Err(error) = save(&dir, &name, &page.bytes, Some(&meta)) {
        tracing::error!(admin, action = "add", file = %name, error = %error, outcome = "write failed");
        return Added::Refused(strings::UPLOAD_FAILED.to_string());
    }
    tracing::info!(admin, action = "add", file = %name, bytes = page.bytes.len(), outcome = "saved");
    Added::Saved { name, articles: checked.articles, heading: checked.heading }
}

/// A zip of articles from an admin: each member checked as an upload of its own, the new ones (and,
/// with `/replace` in the caption, the existing ones) saved, then one reload.
async fn upload_archive<B: TgBot>(
    bot: &B,
    message: &Message,
    state: &Arc<AppState>,
    admin: u64,
    archive: &str,
) -> HandlerResult {
    let Some(document) = message.document() else { return Ok(()) };
    let limit = state.config.bot.max_upload_kb << 10;
    if u64::from(document.file.size) > limit {
        return reply(bot, message, &strings::upload_too_large(state.config.bot.max_upload_kb)).await;
    }
    let replace = parse_caption(message.caption().unwrap_or("")).replace;
    let Ok(_guard) = state.reload_lock.try_lock() else {
        return reply(bot, message, strings::RELOAD_BUSY).await;
    };
    let bytes = match download(bot, state, admin, archive, &document.file.id).await {
        Ok(bytes) => bytes,
        Err(text) => return reply(bot, message, &text).await,
    };
    let limits = state.config.load_limits();
    let unpacked = match tokio::task::spawn_blocking(move || unpack(&bytes, limits)).await {
        Ok(Ok(unpacked)) => unpacked,
        Ok(Err(kind)) => {
            tracing::warn!(admin, action = "upload", file = %archive, outcome = %kind);
            return reply(bot, message, &strings::upload_invalid(&kind)).await;
        }
        Err(error) => {
            tracing::error!(admin, action = "upload", file = %archive, error = %error, outcome = "unpack failed");
            return reply(bot, message, strings::UPLOAD_FAILED).await;
        }
    };
    let dir = state.config.corpus_dir.clone();
    let (mut saved, mut articles, mut existing) = (Vec::<String>::new(), 0, Vec::new());
    let mut problems = unpacked.problems;
    for member in unpacked.members {
        // Two members of one name (a/x.txt and b/x.txt): the first is kept.
        if saved.contains(&member.name) || (dir.join(&member.name).exists() && !replace) {
            existing.push(member.name);
            continue;
        }
        if let Err(error) = write_atomically(&dir, &member.name, &member.bytes) {
            tracing::error!(admin, action = "upload", file = %member.name, error = %error, outcome = "write failed");
            problems.push(Problem::file(&member.name, ProblemKind::Unreadable(error.to_string())));
            continue;
        }
        articles += member.checked.articles;
        saved.push(member.name);
    }
    tracing::info!(
        admin,
        action = "upload",
        file = %archive,
        saved = saved.len(),
        existing = existing.len(),
        skipped = problems.len(),
        outcome = "archive"
    );
    if saved.is_empty() {
        return reply(bot, message, &strings::archive_nothing(archive, &existing, &problems)).await;
    }
    let reload = rebuild(state, Some(admin), "upload").await;
    reply(bot, message, &strings::archive_done(archive, saved.len(), articles, &existing, &problems, &reload)).await
}

/// The uploaded file `name` from Telegram, at most `max_upload_kb` of it; on failure (too large once
/// looked up or read, the lookup or the download failed), logged, the reply saying so.
async fn download<B: TgBot>(
    bot: &B,
    state: &AppState,
    admin: u64,
    name: &str,
    file_id: &teloxide::types::FileId,
) -> Result<Vec<u8>, String> {
    let limit_kb = state.config.bot.max_upload_kb;
    let limit = limit_kb << 10;
    let fetched = match bot.get_file(file_id.clone()).await {
        Ok(file) if u64::from(file.size) > limit => Err(DownloadError::TooLarge { limit }),
        Ok(file) => state.downloader.fetch(&file.path, limit).await,
        Err(error) => Err(DownloadError::Lookup(error.to_string())),
    };
    fetched.map_err(|error| match error {
        DownloadError::TooLarge { .. } => {
            tracing::warn!(admin, action = "upload", file = %name, outcome = "too large when downloaded");
            strings::upload_too_large(limit_kb)
        }
        error => {
            tracing::error!(admin, action = "upload", file = %name, error = %error, outcome = "download failed");
            strings::UPLOAD_DOWNLOAD_FAILED.to_string()
        }
    })
}

/// The sidecar entry a caption gives a one-article file (a JSONL file carries its own metadata).
fn caption_meta(name: &str, caption: &UploadCaption) -> Option<sidecar::SourceMeta> {
    let one_article = !name.to_ascii_lowercase().ends_with(".jsonl");
    (one_article && (caption.title.is_some() || caption.source.is_some())).then(|| sidecar::SourceMeta {
        file: name.to_string(),
        title: caption.title.clone(),
        source: caption.source.clone(),
        ..sidecar::SourceMeta::default()
    })
}

/// Write the file atomically and its caption's metadata, if any, to the sidecar.
fn save(dir: &std::path::Path, name: &str, bytes: &[u8], meta: Option<&sidecar::SourceMeta>) -> std::io::Result<()> {
    write_atomically(dir, name, bytes)?;
    if let Some(meta) = meta {
        sidecar::append_entry(dir, meta)?;
    }
    Ok(())
}
