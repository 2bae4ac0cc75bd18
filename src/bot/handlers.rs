//! Update handlers: messages, channel posts, "more results" buttons and inline queries.
//!
//! Each handler decides with [`crate::chat::route`], answers through [`AppState::answer`] (the same
//! path as `isnad ask`) and renders with [`crate::render::html`]. A failure is logged with its context
//! and the user gets a short apology; the bot keeps running.

use std::sync::Arc;

use teloxide::payloads::{AnswerCallbackQuerySetters, AnswerInlineQuerySetters};
use teloxide::prelude::*;
use teloxide::types::{
    Chat, ChatAction, InlineQueryResult, InlineQueryResultArticle, InputMessageContent, InputMessageContentText, Me,
    MessageId, ParseMode,
};

use super::admin;
use super::pages::parse_more;
use super::send::{edit_html, edit_inline_html, more_keyboard, reply_text, send_html, with_retry};
use super::state::AppState;
use super::{HandlerResult, TgBot};
use crate::answer::Answer;
use crate::chat::{route, Action, ChatKind, Incoming, UserCommand};
use crate::render::{self, strings};

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

/// Log a failed handler and apologise in its chat.
async fn apologise<B: TgBot>(bot: &B, state: &AppState, chat: ChatId, error: &(dyn std::error::Error + Send + Sync)) {
    state.stats.record_error();
    tracing::error!(chat = chat.0, error = %error, "handler failed");
    if let Err(e) = send_html(bot, chat, None, render::escape_html(strings::APOLOGY), None).await {
        tracing::error!(chat = chat.0, error = %e, "could not send the apology");
    }
}

/// Messages in private chats and groups, and channel posts.
pub async fn on_message<B: TgBot>(bot: B, message: Message, me: Me, state: Arc<AppState>) -> HandlerResult {
    let chat = message.chat.id;
    if let Err(error) = handle_message(&bot, &message, &me, &state).await {
        apologise(&bot, &state, chat, error.as_ref()).await;
    }
    Ok(())
}

async fn handle_message<B: TgBot>(bot: &B, message: &Message, me: &Me, state: &Arc<AppState>) -> HandlerResult {
    let kind = chat_kind(&message.chat);
    if message.document().is_some() && kind != ChatKind::Channel {
        return admin::on_document(bot, message, state).await;
    }
    let replies_to_bot =
        message.reply_to_message().and_then(|m| m.from.as_ref()).is_some_and(|user| user.id == me.user.id);
    let incoming = Incoming { text: message.text().or(message.caption()), replies_to_bot };
    match route(kind, &incoming, me.username()) {
        Action::Ask(question) => {
            let key = message.from.as_ref().map_or(message.chat.id.0, |u| u.id.0 as i64);
            answer_in_chat(bot, state, message.chat.id, message.id, &question, key, kind).await?;
        }
        Action::EmptyAsk => {
            reply_text(bot, message, strings::EMPTY_ASK).await?;
        }
        Action::User(UserCommand::Start | UserCommand::Help) => {
            reply_text(bot, message, &strings::help(&state.config.bot.examples)).await?;
        }
        Action::User(UserCommand::Sources) => {
            reply_text(bot, message, &sources_text(state)).await?;
        }
        Action::User(UserCommand::About) => {
            reply_text(bot, message, strings::ABOUT).await?;
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

/// The `/sources` reply: each source with its article count.
pub fn sources_text(state: &AppState) -> String {
    let served = state.index.snapshot();
    let corpus = served.index.corpus();
    let mut text = strings::sources_header(corpus.articles.len());
    for (source, count) in corpus.sources() {
        text.push('\n');
        text.push_str(&strings::source_line(&source, count));
    }
    text
}

/// Answer a question in a chat, as a reply to the asking message, with "more results" when there are.
async fn answer_in_chat<B: TgBot>(
    bot: &B,
    state: &AppState,
    chat: ChatId,
    reply_to: MessageId,
    question: &str,
    rate_key: i64,
    kind: ChatKind,
) -> HandlerResult {
    if !state.allow_question(rate_key) {
        tracing::info!(chat = chat.0, "rate limited");
        send_html(bot, chat, Some(reply_to), render::escape_html(strings::RATE_LIMITED), None).await?;
        return Ok(());
    }
    let top = state.config.search.top;
    // "Typing…" goes out while the search runs, not before it.
    let typing = async {
        if let Err(e) = bot.send_chat_action(chat, ChatAction::Typing).await {
            tracing::debug!(error = %e, "typing action not sent");
        }
    };
    let (_, answer) = tokio::join!(typing, state.answer(question, 0, top, kind));
    let answer = answer?;
    let keyboard = answer.has_more.then(|| more_keyboard(&state.pages.put(question), 1));
    let html = render::html(&answer, state.config.search.max_question_chars);
    send_html(bot, chat, Some(reply_to), html, keyboard).await?;
    Ok(())
}

/// "More results" buttons: the next page replaces the message's text.
pub async fn on_callback<B: TgBot>(bot: B, query: CallbackQuery, state: Arc<AppState>) -> HandlerResult {
    let chat = query.message.as_ref().map(|m| m.chat().id);
    if let Err(error) = handle_callback(&bot, &query, &state).await {
        state.stats.record_error();
        tracing::error!(error = %error, chat = ?chat.map(|c| c.0), "callback failed");
    }
    Ok(())
}

async fn handle_callback<B: TgBot>(bot: &B, query: &CallbackQuery, state: &AppState) -> HandlerResult {
    let Some((id, page)) = query.data.as_deref().and_then(parse_more) else {
        with_retry(bot.answer_callback_query(query.id.clone())).await?;
        return Ok(());
    };
    let Some(question) = state.pages.get(id) else {
        with_retry(bot.answer_callback_query(query.id.clone()).text(strings::PAGE_EXPIRED).show_alert(true)).await?;
        return Ok(());
    };
    with_retry(bot.answer_callback_query(query.id.clone())).await?;
    let top = state.config.search.top;
    let kind = query.message.as_ref().map_or(ChatKind::Group, |m| chat_kind(m.chat()));
    let answer = state.answer(&question, page * top, top, kind).await?;
    let keyboard = answer.has_more.then(|| more_keyboard(id, page + 1));
    let html = render::html(&answer, state.config.search.max_question_chars);
    if let Some(message) = &query.message {
        edit_html(bot, message.chat().id, message.id(), html, keyboard).await?;
    } else if let Some(inline_id) = &query.inline_message_id {
        edit_inline_html(bot, inline_id, html, keyboard).await?;
    }
    Ok(())
}

/// Inline mode: `@bot QUESTION` in any chat lists article results to pick from.
pub async fn on_inline<B: TgBot>(bot: B, query: InlineQuery, state: Arc<AppState>) -> HandlerResult {
    if let Err(error) = handle_inline(&bot, &query, &state).await {
        state.stats.record_error();
        tracing::error!(error = %error, user = query.from.id.0, "inline query failed");
    }
    Ok(())
}

fn article(id: String, title: &str, description: &str, html: String) -> InlineQueryResult {
    let content = InputMessageContentText::new(html).parse_mode(ParseMode::Html);
    InlineQueryResultArticle::new(id, title, InputMessageContent::Text(content)).description(description).into()
}

/// The first `max` characters of `text`, cut at a word, with "…" when cut.
fn preview(text: &str, max: usize) -> String {
    let cut = crate::text::cut_at_word(text, max);
    if cut < text.len() {
        format!("{}…", &text[..cut])
    } else {
        text.to_string()
    }
}

/// One inline result per passage; its message is the usual answer with that passage alone.
fn inline_results(answer: &Answer, max_question_chars: usize) -> Vec<InlineQueryResult> {
    answer
        .hits
        .iter()
        .map(|hit| {
            let single = Answer { hits: vec![hit.clone()], has_more: false, ..answer.clone() };
            let title = format!("{} — {}", hit.source, hit.title);
            article(
                hit.rank.to_string(),
                &preview(&title, 120),
                &preview(&hit.excerpt, 150),
                render::html(&single, max_question_chars),
            )
        })
        .collect()
}

async fn handle_inline<B: TgBot>(bot: &B, query: &InlineQuery, state: &AppState) -> HandlerResult {
    let cache = state.config.bot.inline_cache_seconds;
    let text = query.query.trim();
    let help = || {
        let html = render::escape_html(&strings::help(&state.config.bot.examples));
        vec![article("help".into(), strings::INLINE_HELP_TITLE, strings::INLINE_HELP_DESCRIPTION, html)]
    };
    if !crate::chat::has_words(text) {
        with_retry(bot.answer_inline_query(query.id.clone(), help()).cache_time(cache)).await?;
        return Ok(());
    }
    if !state.allow_question(query.from.id.0 as i64) {
        let html = render::escape_html(strings::RATE_LIMITED);
        let results = vec![article("limit".into(), strings::RATE_LIMITED, "", html)];
        with_retry(bot.answer_inline_query(query.id.clone(), results).cache_time(0)).await?;
        return Ok(());
    }
    let offset: usize = query.offset.parse().unwrap_or(0);
    let per_page = state.config.bot.inline_results;
    let answer = state.answer(text, offset, per_page, ChatKind::Private).await?;
    let max_q = state.config.search.max_question_chars;
    let results = if answer.answered {
        inline_results(&answer, max_q)
    } else if offset == 0 {
        let html = render::html(&answer, max_q);
        vec![article("none".into(), strings::INLINE_NO_ANSWER_TITLE, strings::NO_ANSWER_HINT, html)]
    } else {
        Vec::new()
    };
    let next = if answer.has_more { (offset + per_page).to_string() } else { String::new() };
    with_retry(bot.answer_inline_query(query.id.clone(), results).cache_time(cache).next_offset(next)).await?;
    Ok(())
}
