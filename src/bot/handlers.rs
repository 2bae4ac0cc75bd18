//! Update handlers: messages, channel posts, "more results" buttons and inline queries.
//!
//! Each handler decides with [`crate::chat::route`], answers through [`AppState::answer`] (the same
//! path as `isnad ask`) and renders with [`crate::render::html`]. A failure is logged with its context
//! and the user gets a short apology; the bot keeps running.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use futures::FutureExt;
use teloxide::payloads::{AnswerCallbackQuerySetters, AnswerInlineQuerySetters};
use teloxide::prelude::*;
use teloxide::types::{
    Chat, ChatAction, ChatMemberUpdated, InlineKeyboardMarkup, InlineQueryResult, InlineQueryResultArticle,
    InlineQueryResultsButton, InlineQueryResultsButtonKind, InputMessageContent, InputMessageContentText, Me,
    MessageId, ParseMode, UpdateKind,
};
use teloxide::RequestError;

use super::admin;
use super::pages::{parse_press, Press, Vote};
use super::send::{
    answer_keyboard, edit_html, edit_inline_html, examples_keyboard, nearest_keyboard, refused_button, reply_text,
    send_html, with_retry, without_share, MAX_EXAMPLE_BUTTONS,
};
use super::state::{AppState, Asked};
use super::{HandlerResult, TgBot};
use crate::answer::Answer;
use crate::chat::{route, Action, ChatKind, Incoming, UserCommand};
use crate::feedback::{FeedbackRecord, ShownResult};
use crate::render::{self, strings};
use crate::search::MAX_RESULTS;

/// The kind of a chat.
fn chat_kind(chat: &Chat) -> ChatKind {
    if chat.is_private() {
        ChatKind::Private
    } else if chat.is_channel() {
        ChatKind::Channel
    } else {
        ChatKind::Group
    }
}

/// Why a handler did not finish.
enum Failure {
    /// It returned an error (its text is ours or the Bot API's, never the user's).
    Error(Box<dyn std::error::Error + Send + Sync>),
    /// It panicked; the panic hook has logged where (the message may quote user text, so only at debug).
    Panic,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Error(error) => error.fmt(f),
            Failure::Panic => f.write_str("the handler panicked"),
        }
    }
}

/// Run a handler to its end, a panic included: a panicking update must not end teloxide's worker for the
/// chat (the next update there would then panic the dispatcher and end the process).
async fn contain(work: impl std::future::Future<Output = HandlerResult>) -> Result<(), Failure> {
    match AssertUnwindSafe(work).catch_unwind().await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => Err(Failure::Error(error)),
        Err(_) => Err(Failure::Panic),
    }
}

/// Log a failed handler and apologise in its chat.
async fn apologise<B: TgBot>(bot: &B, state: &AppState, chat: ChatId, failure: &Failure, apology: &str) {
    state.stats.record_error();
    tracing::error!(chat = chat.0, error = %failure, "handler failed");
    if let Err(e) = send_html(bot, chat, None, render::escape_html(apology), None).await {
        tracing::error!(chat = chat.0, error = %e, "could not send the apology");
    }
}

/// The polite note for a sender over the question rate, sent beside the dispatcher's queues (a channel
/// gets none: it would be posted for every reader to see).
pub(super) async fn rate_note<B: TgBot>(bot: B, update: Update) {
    let sent = match &update.kind {
        UpdateKind::Message(m) | UpdateKind::EditedMessage(m) => {
            send_html(&bot, m.chat.id, Some(m.id), render::escape_html(strings::RATE_LIMITED), None).await.map(drop)
        }
        UpdateKind::CallbackQuery(q) => {
            with_retry(bot.answer_callback_query(q.id.clone()).text(strings::RATE_LIMITED)).await.map(drop)
        }
        UpdateKind::InlineQuery(q) => {
            let html = render::escape_html(strings::RATE_LIMITED);
            let results = vec![article("limit".into(), strings::RATE_LIMITED, "", html).into()];
            with_retry(bot.answer_inline_query(q.id.clone(), results).cache_time(0)).await.map(drop)
        }
        _ => Ok(()),
    };
    if let Err(error) = sent {
        tracing::warn!(error = %error, "rate-limit note not sent");
    }
}

/// The kind of chat a message was written in and what routing needs of it.
pub(super) fn incoming<'m>(message: &'m Message, me: &Me) -> (ChatKind, Incoming<'m>) {
    let replies_to_bot = replied_bot_message(message, me).is_some();
    let replied_text = message.reply_to_message().filter(|_| !replies_to_bot).and_then(|m| m.text().or(m.caption()));
    (chat_kind(&message.chat), Incoming { text: message.text().or(message.caption()), replies_to_bot, replied_text })
}

/// The bot's own message that `message` replies to, if it replies to one.
fn replied_bot_message<'m>(message: &'m Message, me: &Me) -> Option<&'m Message> {
    message.reply_to_message().filter(|m| m.from.as_ref().is_some_and(|user| user.id == me.user.id))
}

/// Who sent `message`: its author, or the chat itself for a channel post.
pub(super) fn sender(message: &Message) -> i64 {
    message.from.as_ref().map_or(message.chat.id.0, |u| u.id.0 as i64)
}

/// Messages in private chats and groups, and channel posts.
pub async fn on_message<B: TgBot>(
    bot: B,
    message: Message,
    me: Me,
    state: Arc<AppState>,
    update: Update,
) -> HandlerResult {
    if let Err(failure) = contain(handle_message(&bot, &message, &me, &state)).await {
        let apology = if message.document().is_some() { strings::UPLOAD_FAILED } else { strings::APOLOGY };
        apologise(&bot, &state, message.chat.id, &failure, apology).await;
    }
    state.gate.finished(&update);
    Ok(())
}

async fn handle_message<B: TgBot>(bot: &B, message: &Message, me: &Me, state: &Arc<AppState>) -> HandlerResult {
    fail::fail_point!("bot::message");
    let (kind, incoming) = incoming(message, me);
    if message.document().is_some() && kind != ChatKind::Channel {
        return admin::on_document(bot, message, state).await;
    }
    match route(kind, &incoming, me.username()) {
        Action::Ask(question) => {
            if admin::offer_add(bot, message, state, &question).await? {
                return Ok(());
            }
            let by_reply = follow_up_of(state, message, me);
            let continued = by_reply.is_none().then(|| continued_in_private(state, message, &question, kind)).flatten();
            if by_reply.is_some() || continued.is_some() {
                state.stats.record_follow_up(by_reply.is_some());
            }
            let asked = Asked { text: question, after: by_reply.or(continued) };
            answer_in_chat(bot, state, message.chat.id, message.id, &asked, kind).await?;
        }
        Action::EmptyAsk => {
            reply_text(bot, message, strings::EMPTY_ASK).await?;
        }
        Action::User(UserCommand::Start) => welcome(bot, message, state).await?,
        // "Open the answer in a private chat", pressed above inline results: the question asked there.
        Action::StartLink(parameter) => match state.links.question(&parameter) {
            Some(question) => {
                state.stats.record_opened_from_inline();
                let asked = Asked::new(&question);
                answer_in_chat(bot, state, message.chat.id, message.id, &asked, kind).await?;
            }
            None => welcome(bot, message, state).await?,
        },
        Action::User(UserCommand::Help) => {
            let admin = message.from.as_ref().is_some_and(|u| state.config.admins.contains(&u.id.0));
            reply_text(bot, message, &strings::help(me.username(), admin)).await?;
        }
        Action::User(UserCommand::Sources) => {
            send_html(bot, message.chat.id, Some(message.id), sources_html(state), None).await?;
        }
        Action::User(UserCommand::About) => {
            reply_text(bot, message, strings::ABOUT).await?;
        }
        Action::User(UserCommand::Privacy) => {
            let text = strings::privacy(state.config.bot.page_ttl_minutes, state.embedder.is_some());
            reply_text(bot, message, &text).await?;
        }
        Action::User(UserCommand::Ask) => {}
        Action::Admin(command, args) => {
            admin::on_command(bot, message, state, command, &args).await?;
        }
        Action::UnknownCommand => {
            reply_text(bot, message, strings::UNKNOWN_COMMAND).await?;
        }
        Action::NotText => {
            reply_text(bot, message, strings::NOT_TEXT).await?;
        }
        Action::Ignore => {}
    }
    Ok(())
}

/// The `/sources` reply (HTML): a small corpus's articles, a larger one's sources with their counts.
fn sources_html(state: &AppState) -> String {
    let served = state.index.snapshot();
    let corpus = served.engine.index.corpus();
    let listed: Vec<render::Listed<'_>> = corpus
        .articles
        .iter()
        .map(|a| render::Listed { source: &a.source, title: &a.title, date: a.date.as_deref(), url: a.url.as_deref() })
        .collect();
    render::sources_html(&listed, &corpus.sources())
}

/// The question a message follows up: a question in words (not a command) sent in reply to one of the
/// bot's answers follows the question that answer answered, while it is remembered.
fn follow_up_of(state: &AppState, message: &Message, me: &Me) -> Option<String> {
    let replied = replied_bot_message(message, me)?;
    let command = message.text().or(message.caption()).is_some_and(|t| crate::chat::split_command(t).is_some());
    (!command).then(|| state.replies.question_answered_by(message.chat.id.0, replied.id.0)).flatten()
}

/// The question a private chat's message continues without replying: one that reads as a continuation
/// ([`crate::chat::continues_conversation`]), sent within `follow_up_minutes` of the chat's latest answer.
fn continued_in_private(state: &AppState, message: &Message, question: &str, kind: ChatKind) -> Option<String> {
    let minutes = state.config.bot.follow_up_minutes;
    if minutes == 0 || message.reply_to_message().is_some() || !reads_as_continuation(state, question, kind) {
        return None;
    }
    state.replies.latest_question(message.chat.id.0, Duration::from_secs(minutes.saturating_mul(60)))
}

/// True when `question`, written in a chat of `kind`, is a private chat's continuation
/// ([`crate::chat::continues_conversation`], read with the index's analyzer).
fn reads_as_continuation(state: &AppState, question: &str, kind: ChatKind) -> bool {
    kind == ChatKind::Private
        && crate::chat::continues_conversation(question, state.index.snapshot().engine.index.analyzer())
}

/// The results an answer's page shows, as kept for verdicts.
fn shown(answer: &Answer) -> Vec<ShownResult> {
    answer.hits.iter().map(|h| ShownResult { rank: h.rank, doc: h.doc.clone(), passage: h.passage }).collect()
}

/// Answer a question in a chat, as a reply to the asking message, with "more results" when there are.
async fn answer_in_chat<B: TgBot>(
    bot: &B,
    state: &AppState,
    chat: ChatId,
    reply_to: MessageId,
    asked: &Asked,
    kind: ChatKind,
) -> HandlerResult {
    let top = state.config.search.top;
    // "Typing…" goes out while the search runs, not before it.
    let typing = async {
        if let Err(e) = bot.send_chat_action(chat, ChatAction::Typing).await {
            tracing::debug!(error = %e, "typing action not sent");
        }
    };
    let (_, answer) = tokio::join!(typing, state.answer(asked, 0, top, kind));
    let (html, keyboard) = answer_message(state, asked, answer?);
    let sent = deliver(state, keyboard, |k| send_html(bot, chat, Some(reply_to), html.clone(), k)).await?;
    state.replies.remember(chat.0, reply_to.0, sent.id.0, &asked.as_context(), asked.after.as_deref());
    Ok(())
}

/// The welcome, with the examples as buttons.
async fn welcome<B: TgBot>(bot: &B, message: &Message, state: &AppState) -> Result<(), RequestError> {
    let examples = &state.config.bot.examples;
    let html = render::escape_html(&render::fit_text(&strings::welcome(examples)));
    send_html(bot, message.chat.id, Some(message.id), html, examples_keyboard(examples)).await.map(drop)
}

/// Send an answer with `keyboard` through `send`; when Telegram refuses its share button (inline mode
/// turned off since the bot read it), share buttons stop and the answer goes again without it.
async fn deliver<T, F, Fut>(
    state: &AppState,
    keyboard: Option<InlineKeyboardMarkup>,
    send: F,
) -> Result<T, RequestError>
where
    F: Fn(Option<InlineKeyboardMarkup>) -> Fut,
    Fut: std::future::Future<Output = Result<T, RequestError>>,
{
    let plain = keyboard.as_ref().and_then(without_share);
    match (send(keyboard).await, plain) {
        (Err(error), Some(plain)) if refused_button(&error) => {
            tracing::warn!(error = %error, "share button refused: inline mode is off; answers go without it");
            state.inline_mode.store(false, std::sync::atomic::Ordering::Relaxed);
            send(plain).await
        }
        (outcome, _) => outcome,
    }
}

/// The reply to `answer` of `question`, with its buttons (kept for their presses).
fn answer_message(state: &AppState, question: &Asked, answer: Answer) -> (String, Option<InlineKeyboardMarkup>) {
    let verdicts = answer.answered;
    let keyboard = if !answer.answered && answer.nearest {
        Some(nearest_keyboard(&state.pages.put_refused(question)))
    } else {
        (answer.has_more || verdicts)
            .then(|| {
                let id = state.pages.put(question, shown(&answer), u32::from(answer.has_more));
                answer_keyboard(&id, 0, answer.has_more, verdicts, state.share_query(question, &answer).as_deref())
            })
            .flatten()
    };
    (render::html(&answer, state.config.search.max_question_chars), keyboard)
}

/// An edited message or channel post: a question asked again in other words. The reply already sent
/// for it is replaced by the new answer; an edit that newly addresses the bot gets a reply of its own.
/// Only questions count: an edited command runs nothing (fixing a typo must not redo a /reload).
pub async fn on_edited<B: TgBot>(
    bot: B,
    message: Message,
    me: Me,
    state: Arc<AppState>,
    update: Update,
) -> HandlerResult {
    if let Err(failure) = contain(handle_edited(&bot, &message, &me, &state)).await {
        apologise(&bot, &state, message.chat.id, &failure, strings::APOLOGY).await;
    }
    state.gate.finished(&update);
    Ok(())
}

async fn handle_edited<B: TgBot>(bot: &B, message: &Message, me: &Me, state: &AppState) -> HandlerResult {
    let (kind, incoming) = incoming(message, me);
    let Action::Ask(question) = route(kind, &incoming, me.username()) else { return Ok(()) };
    if message.document().is_some() {
        return Ok(());
    }
    let chat = message.chat.id;
    let Some(reply) = state.replies.reply_to(chat.0, message.id.0) else {
        let after = follow_up_of(state, message, me).or_else(|| continued_in_private(state, message, &question, kind));
        let asked = Asked { text: question, after };
        return answer_in_chat(bot, state, chat, message.id, &asked, kind).await;
    };
    // An answered continuation, edited, still continues the question it was first asked after (the
    // chat's latest answer is now its own).
    let continued = || {
        reads_as_continuation(state, &question, kind).then(|| state.replies.asked_after(chat.0, message.id.0)).flatten()
    };
    let after = follow_up_of(state, message, me).or_else(continued);
    let asked = Asked { text: question, after };
    let answer = state.answer(&asked, 0, state.config.search.top, kind).await?;
    let (html, keyboard) = answer_message(state, &asked, answer);
    deliver(state, keyboard, |k| edit_html(bot, chat, MessageId(reply), html.clone(), k)).await?;
    state.replies.remember(chat.0, message.id.0, reply, &asked.as_context(), asked.after.as_deref());
    Ok(())
}

/// Buttons under an answer: "more results" (the next page replaces the message's text) and verdicts.
pub async fn on_callback<B: TgBot>(
    bot: B,
    query: CallbackQuery,
    state: Arc<AppState>,
    update: Update,
) -> HandlerResult {
    if let Err(failure) = contain(handle_callback(&bot, &query, &state)).await {
        state.stats.record_error();
        let chat = query.message.as_ref().map(|m| m.chat().id.0);
        tracing::error!(error = %failure, chat = ?chat, "callback failed");
    }
    state.gate.finished(&update);
    Ok(())
}

async fn handle_callback<B: TgBot>(bot: &B, query: &CallbackQuery, state: &AppState) -> HandlerResult {
    match query.data.as_deref().and_then(parse_press) {
        Some(Press::More(id, page)) => more_results(bot, query, state, id, page).await,
        Some(Press::Verdict(id, page, useful)) => verdict(bot, query, state, id, page, useful).await,
        Some(Press::Example(index)) => ask_example(bot, query, state, index).await,
        Some(Press::Nearest(id)) => show_nearest(bot, query, state, id).await,
        None => {
            with_retry(bot.answer_callback_query(query.id.clone())).await?;
            Ok(())
        }
    }
}

/// An example question pressed under `/start`: answered in that chat as if the reader had typed it. The
/// index comes from the client, so only one the list holds is asked.
async fn ask_example<B: TgBot>(bot: &B, query: &CallbackQuery, state: &AppState, index: usize) -> HandlerResult {
    with_retry(bot.answer_callback_query(query.id.clone())).await?;
    let examples = &state.config.bot.examples;
    let Some(question) = examples.get(index).filter(|_| index < MAX_EXAMPLE_BUTTONS) else {
        return Ok(());
    };
    let Some(message) = &query.message else {
        return Ok(());
    };
    let asked = Asked::new(question);
    answer_in_chat(bot, state, message.chat().id, message.id(), &asked, chat_kind(message.chat())).await
}

async fn more_results<B: TgBot>(
    bot: &B,
    query: &CallbackQuery,
    state: &AppState,
    id: &str,
    page: u32,
) -> HandlerResult {
    // The page must be one a button was made for: the data is written by the client.
    let Some((question, nearest)) = state.pages.question_for(id, page) else {
        with_retry(bot.answer_callback_query(query.id.clone()).text(strings::PAGE_EXPIRED).show_alert(true)).await?;
        return Ok(());
    };
    with_retry(bot.answer_callback_query(query.id.clone())).await?;
    show_page(bot, query, state, id, &question, page, nearest).await
}

/// "Show the nearest" pressed under "not found": the message becomes the passages nearest to the
/// question, headed as no sure answer, with the usual buttons.
async fn show_nearest<B: TgBot>(bot: &B, query: &CallbackQuery, state: &AppState, id: &str) -> HandlerResult {
    let Some(question) = state.pages.open_nearest(id) else {
        with_retry(bot.answer_callback_query(query.id.clone()).text(strings::PAGE_EXPIRED).show_alert(true)).await?;
        return Ok(());
    };
    with_retry(bot.answer_callback_query(query.id.clone())).await?;
    show_page(bot, query, state, id, &question, 0, true).await
}

/// Replace the pressed message with page `page` of the answer to `question` kept under `id` (the nearest
/// passages when `nearest`).
async fn show_page<B: TgBot>(
    bot: &B,
    query: &CallbackQuery,
    state: &AppState,
    id: &str,
    question: &Asked,
    page: u32,
    nearest: bool,
) -> HandlerResult {
    let top = state.config.search.top;
    let kind = query.message.as_ref().map_or(ChatKind::Group, |m| chat_kind(m.chat()));
    let offset = (page as usize).saturating_mul(top);
    let answer = if nearest {
        state.nearest(question, offset, top, kind).await?
    } else {
        state.answer(question, offset, top, kind).await?
    };
    state.pages.show(id, page, shown(&answer));
    if answer.has_more {
        state.pages.offer(id, page + 1);
    }
    let verdicts = (answer.answered || answer.tentative) && !answer.hits.is_empty();
    let share = state.share_query(question, &answer);
    let keyboard = answer_keyboard(id, page, answer.has_more, verdicts, share.as_deref());
    let html = render::html(&answer, state.config.search.max_question_chars);
    if let Some(message) = &query.message {
        deliver(state, keyboard, |k| edit_html(bot, message.chat().id, message.id(), html.clone(), k)).await?;
    } else if let Some(inline_id) = &query.inline_message_id {
        deliver(state, keyboard, |k| edit_inline_html(bot, inline_id, html.clone(), k)).await?;
    }
    Ok(())
}

/// A reader's verdict on a page of an answer: recorded once per reader, acknowledged always; a forged or
/// stale press is answered but records nothing.
async fn verdict<B: TgBot>(
    bot: &B,
    query: &CallbackQuery,
    state: &AppState,
    id: &str,
    page: u32,
    useful: bool,
) -> HandlerResult {
    let log = &state.feedback;
    let reader = match log.reader_hash(query.from.id.0) {
        Ok(reader) => reader,
        Err(error) => {
            tracing::error!(error = %error, file = %log.path().display(), "feedback key unusable");
            with_retry(bot.answer_callback_query(query.id.clone()).text(strings::FEEDBACK_FAILED)).await?;
            return Ok(());
        }
    };
    let reply = match state.pages.vote(id, page, &reader) {
        Vote::Fresh(asked, results, nearest) => {
            let at = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let (question, context) = (asked.text, asked.after);
            let record = FeedbackRecord { at, question, context, useful, page, results, reader, refused: nearest };
            match log.record(&record) {
                Ok(()) => {
                    state.stats.record_feedback(useful);
                    tracing::info!(useful, page, "verdict recorded");
                    strings::FEEDBACK_THANKS
                }
                Err(error) => {
                    tracing::error!(error = %error, file = %log.path().display(), "verdict not recorded");
                    strings::FEEDBACK_FAILED
                }
            }
        }
        Vote::Repeated => strings::FEEDBACK_REPEATED,
        Vote::Stale => strings::FEEDBACK_STALE,
    };
    with_retry(bot.answer_callback_query(query.id.clone()).text(reply)).await?;
    Ok(())
}

/// True when the change is the bot's arrival in a group (not a channel, where a note would reach every
/// subscriber; not a change of its rights in a group it was already in).
pub(super) fn added_to_group(change: &ChatMemberUpdated) -> bool {
    let group = change.chat.is_group() || change.chat.is_supergroup();
    group && !change.old_chat_member.is_present() && change.new_chat_member.is_present()
}

/// The bot's own membership changed: on arriving in a group it says how to ask there, once.
pub async fn on_membership<B: TgBot>(
    bot: B,
    change: ChatMemberUpdated,
    me: Me,
    state: Arc<AppState>,
    update: Update,
) -> HandlerResult {
    if added_to_group(&change) {
        let html = render::escape_html(&render::fit_text(&strings::added_to_group(me.username())));
        match send_html(&bot, change.chat.id, None, html, None).await {
            Ok(_) => tracing::info!(chat = change.chat.id.0, "added to a group"),
            Err(error) => tracing::warn!(error = %error, chat = change.chat.id.0, "group note not sent"),
        }
    }
    state.gate.finished(&update);
    Ok(())
}

/// Inline mode: `@bot QUESTION` in any chat lists article results to pick from.
pub async fn on_inline<B: TgBot>(bot: B, query: InlineQuery, state: Arc<AppState>, update: Update) -> HandlerResult {
    if let Err(failure) = contain(handle_inline(&bot, &query, &state)).await {
        state.stats.record_error();
        tracing::error!(error = %failure, user = query.from.id.0, "inline query failed");
    }
    state.gate.finished(&update);
    Ok(())
}

/// The result offset an inline query asks for: empty for the first page, else one we sent as
/// `next_offset`. The client writes it, so anything else (garbage, or past the most results a search
/// gives) is `None`: there is nothing more to show.
pub fn inline_offset(offset: &str) -> Option<usize> {
    if offset.is_empty() {
        return Some(0);
    }
    let offset: usize = offset.parse().ok()?;
    (offset < MAX_RESULTS).then_some(offset)
}

fn article(id: String, title: &str, description: &str, html: String) -> InlineQueryResultArticle {
    let content = InputMessageContentText::new(html).parse_mode(ParseMode::Html);
    InlineQueryResultArticle::new(id, title, InputMessageContent::Text(content)).description(description)
}

/// One inline result per passage; its message is the usual answer with that passage alone, and it
/// links to the article when the article has a URL.
fn inline_results(answer: &Answer, max_question_chars: usize) -> Vec<InlineQueryResult> {
    answer
        .hits
        .iter()
        .map(|hit| {
            let single = Answer { hits: vec![hit.clone()], has_more: false, unanswered: Vec::new(), ..answer.clone() };
            let title = format!("{} — {}", hit.source, hit.title);
            let result = article(
                hit.rank.to_string(),
                &render::shorten_meta(&title, 120),
                &render::shorten_meta(&hit.excerpt, 150),
                render::html(&single, max_question_chars),
            );
            let link = hit.url.as_deref().and_then(render::safe_link).and_then(|u| url::Url::parse(&u).ok());
            match link {
                Some(url) => result.url(url).into(),
                None => result.into(),
            }
        })
        .collect()
}

async fn handle_inline<B: TgBot>(bot: &B, query: &InlineQuery, state: &AppState) -> HandlerResult {
    let cache = state.config.bot.inline_cache_seconds;
    let text = query.query.trim();
    let help = || {
        let html = render::escape_html(&strings::welcome(&state.config.bot.examples));
        vec![article("help".into(), strings::INLINE_HELP_TITLE, strings::INLINE_HELP_DESCRIPTION, html).into()]
    };
    if !crate::chat::has_words(text) || crate::arabic::courtesy(text).is_some() {
        with_retry(bot.answer_inline_query(query.id.clone(), help()).cache_time(cache)).await?;
        return Ok(());
    }
    let per_page = state.config.bot.inline_results;
    let Some(offset) = inline_offset(&query.offset) else {
        with_retry(bot.answer_inline_query(query.id.clone(), Vec::new()).cache_time(cache)).await?;
        return Ok(());
    };
    let answer = state.answer(&Asked::new(text), offset, per_page, ChatKind::Private).await?;
    let max_q = state.config.search.max_question_chars;
    let results = if answer.answered {
        inline_results(&answer, max_q)
    } else if offset == 0 {
        let html = render::html(&answer, max_q);
        vec![article("none".into(), strings::INLINE_NO_ANSWER_TITLE, strings::NO_ANSWER_HINT, html).into()]
    } else {
        Vec::new()
    };
    let next = match offset.checked_add(per_page) {
        Some(next) if answer.has_more && next < MAX_RESULTS => next.to_string(),
        _ => String::new(),
    };
    // Above the results: the whole answer in a private chat, with its pages, verdicts and follow-ups.
    let private = InlineQueryResultsButton {
        text: strings::INLINE_OPEN_PRIVATE.to_string(),
        kind: InlineQueryResultsButtonKind::StartParameter(state.links.put(text)),
    };
    let reply = bot.answer_inline_query(query.id.clone(), results).cache_time(cache).next_offset(next).button(private);
    with_retry(reply).await?;
    Ok(())
}
