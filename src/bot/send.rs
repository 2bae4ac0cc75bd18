//! Sending replies: HTML parse mode, no link previews, the "more results" keyboard, and retries with
//! backoff on network errors (Throttle already retries 429s after `retry_after`).

use std::time::Duration;

use teloxide::payloads::{EditMessageTextInlineSetters, EditMessageTextSetters, SendMessageSetters};
use teloxide::prelude::*;
use teloxide::requests::{Output, Request};
use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardButtonKind, InlineKeyboardMarkup, LinkPreviewOptions, MessageId, ParseMode,
    ReplyParameters,
};
use teloxide::{ApiError, RequestError};

use super::pages::{example_data, more_data, nearest_data, verdict_data};
use super::TgBot;
use crate::render::strings;

/// Attempts for a request that fails on the network.
const ATTEMPTS: u32 = 4;

/// Send `request`, retrying network and I/O failures with exponential backoff.
pub async fn with_retry<R>(request: R) -> Result<Output<R>, RequestError>
where
    R: Request<Err = RequestError>,
{
    let mut delay = Duration::from_millis(250);
    let mut attempt = 1;
    loop {
        match request.send_ref().await {
            Err(RequestError::Network(e)) if attempt < ATTEMPTS => {
                tracing::warn!(error = %e, attempt, "network error, retrying");
            }
            Err(RequestError::Io(e)) if attempt < ATTEMPTS => {
                tracing::warn!(error = %e, attempt, "I/O error, retrying");
            }
            // Throttle waits these out itself; without it (flood control off) wait here.
            Err(RequestError::RetryAfter(after)) if attempt < ATTEMPTS => {
                tracing::warn!(seconds = after.seconds(), attempt, "flood limit, waiting");
                tokio::time::sleep(after.duration()).await;
                attempt += 1;
                continue;
            }
            result => return result,
        }
        tokio::time::sleep(delay).await;
        delay *= 2;
        attempt += 1;
    }
}

fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

/// The buttons under page `page` of the answer kept under `id`: "more results" (for page + 1) when
/// `more`, the two verdict buttons when `verdicts`, and one that opens `share` (the question, see
/// [`share_query`]) in inline mode in a chat the reader picks; `None` when there are none.
pub fn answer_keyboard(
    id: &str,
    page: u32,
    more: bool,
    verdicts: bool,
    share: Option<&str>,
) -> Option<InlineKeyboardMarkup> {
    let mut rows = Vec::new();
    if more {
        rows.push(vec![InlineKeyboardButton::callback(strings::MORE_BUTTON, more_data(id, page + 1))]);
    }
    if verdicts {
        rows.push(vec![
            InlineKeyboardButton::callback(strings::USEFUL_BUTTON, verdict_data(id, page, true)),
            InlineKeyboardButton::callback(strings::NOT_USEFUL_BUTTON, verdict_data(id, page, false)),
        ]);
    }
    if let Some(query) = share {
        rows.push(vec![InlineKeyboardButton::switch_inline_query(strings::SHARE_BUTTON, query)]);
    }
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

/// Whether Telegram refused a message for one of its buttons ("Bad Request: BUTTON_TYPE_INVALID", as
/// for a share button once inline mode is turned off).
pub fn refused_button(error: &RequestError) -> bool {
    matches!(error, RequestError::Api(api) if api.to_string().to_ascii_uppercase().contains("BUTTON"))
}

/// `keyboard` without its share button, when it has one (`None` when it has none); the inner `None` when
/// no button is left.
pub fn without_share(keyboard: &InlineKeyboardMarkup) -> Option<Option<InlineKeyboardMarkup>> {
    let shares = |b: &InlineKeyboardButton| matches!(b.kind, InlineKeyboardButtonKind::SwitchInlineQuery(_));
    if !keyboard.inline_keyboard.iter().flatten().any(shares) {
        return None;
    }
    let rows: Vec<Vec<InlineKeyboardButton>> = keyboard
        .inline_keyboard
        .iter()
        .map(|row| row.iter().filter(|b| !shares(b)).cloned().collect::<Vec<_>>())
        .filter(|row| !row.is_empty())
        .collect();
    Some((!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows)))
}

/// Longest inline query Telegram takes, in UTF-16 code units.
const MAX_INLINE_QUERY: usize = 256;

/// The inline query that asks `question` again in another chat, its whitespace collapsed; `None` when
/// it is longer than an inline query may be (cut, it would ask something else).
pub fn share_query(question: &str) -> Option<String> {
    let query = question.split_whitespace().collect::<Vec<_>>().join(" ");
    (!query.is_empty() && query.encode_utf16().count() <= MAX_INLINE_QUERY).then_some(query)
}

/// The button under "not found" showing the nearest passages to the question kept under `id`.
pub fn nearest_keyboard(id: &str) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::callback(strings::NEAREST_BUTTON, nearest_data(id))]])
}

/// One button per example question (at most [`MAX_EXAMPLE_BUTTONS`]), labelled with it, asking it when
/// pressed; `None` without examples.
pub fn examples_keyboard(examples: &[String]) -> Option<InlineKeyboardMarkup> {
    let rows: Vec<Vec<InlineKeyboardButton>> = examples
        .iter()
        .take(MAX_EXAMPLE_BUTTONS)
        .enumerate()
        .map(|(i, example)| vec![InlineKeyboardButton::callback(button_label(example), example_data(i))])
        .collect();
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

/// Example questions offered as buttons: the callback index has two digits at most.
pub const MAX_EXAMPLE_BUTTONS: usize = 10;

/// Longest button label, in characters; a longer example is cut with "…".
const MAX_LABEL_CHARS: usize = 60;

fn button_label(text: &str) -> String {
    if text.chars().count() <= MAX_LABEL_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX_LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Send `html` to `chat`, as a reply to `reply_to` when given.
pub async fn send_html<B: TgBot>(
    bot: &B,
    chat: ChatId,
    reply_to: Option<MessageId>,
    html: String,
    keyboard: Option<InlineKeyboardMarkup>,
) -> Result<Message, RequestError> {
    let mut request = bot.send_message(chat, html).parse_mode(ParseMode::Html).link_preview_options(no_preview());
    if let Some(id) = reply_to {
        request = request.reply_parameters(ReplyParameters::new(id).allow_sending_without_reply());
    }
    if let Some(keyboard) = keyboard {
        request = request.reply_markup(keyboard);
    }
    with_retry(request).await
}

/// Reply to `message` with plain `text`, escaped for HTML and cut to one message if it must be.
pub async fn reply_text<B: TgBot>(bot: &B, message: &Message, text: &str) -> Result<Message, RequestError> {
    let html = crate::render::escape_html(&crate::render::fit_text(text));
    send_html(bot, message.chat.id, Some(message.id), html, None).await
}

/// An edit's outcome, with Telegram's "message is not modified" counted as done: the message already
/// reads so (a button pressed twice before the first edit landed, an edited question whose answer is
/// the same).
fn edited<T>(result: Result<T, RequestError>) -> Result<(), RequestError> {
    match result {
        Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => Ok(()),
        Err(error) => Err(error),
    }
}

/// Replace the text of a message the bot sent.
pub async fn edit_html<B: TgBot>(
    bot: &B,
    chat: ChatId,
    message: MessageId,
    html: String,
    keyboard: Option<InlineKeyboardMarkup>,
) -> Result<(), RequestError> {
    let mut request =
        bot.edit_message_text(chat, message, html).parse_mode(ParseMode::Html).link_preview_options(no_preview());
    if let Some(keyboard) = keyboard {
        request = request.reply_markup(keyboard);
    }
    edited(with_retry(request).await)
}

/// Replace the text of a message sent through inline mode.
pub async fn edit_inline_html<B: TgBot>(
    bot: &B,
    inline_message_id: &str,
    html: String,
    keyboard: Option<InlineKeyboardMarkup>,
) -> Result<(), RequestError> {
    let mut request = bot.edit_message_text_inline(inline_message_id, html).parse_mode(ParseMode::Html);
    if let Some(keyboard) = keyboard {
        request = request.reply_markup(keyboard);
    }
    edited(with_retry(request).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_become_one_button_each_with_short_labels_and_small_indexes() {
        let examples: Vec<String> = (0..12).map(|i| format!("سؤال رقم {i} {}", "طويل ".repeat(i * 3))).collect();
        let keyboard = examples_keyboard(&examples).unwrap();
        assert_eq!(keyboard.inline_keyboard.len(), MAX_EXAMPLE_BUTTONS);
        for (i, row) in keyboard.inline_keyboard.iter().enumerate() {
            let [button] = row.as_slice() else { panic!("one button a row") };
            assert!(button.text.chars().count() <= MAX_LABEL_CHARS, "{}", button.text);
            assert!(examples[i].starts_with(button.text.trim_end_matches('…')), "{}", button.text);
            assert!(matches!(&button.kind, InlineKeyboardButtonKind::CallbackData(d) if *d == example_data(i)));
        }
        assert!(keyboard.inline_keyboard[9][0].text.ends_with('…'));
        assert!(examples_keyboard(&[]).is_none());
    }

    #[test]
    fn a_shared_question_is_one_line_and_never_longer_than_an_inline_query() {
        assert_eq!(share_query("  من يقود\nالقوات؟ ").as_deref(), Some("من يقود القوات؟"));
        let longest = "س".repeat(MAX_INLINE_QUERY);
        assert_eq!(share_query(&longest).as_deref(), Some(longest.as_str()));
        assert_eq!(share_query(&format!("{longest}س")), None, "cut, it would ask something else");
        // Counted as Telegram counts: an emoji outside the BMP is two UTF-16 units.
        assert_eq!(share_query(&format!("{}😀", "س".repeat(MAX_INLINE_QUERY - 1))), None);
        assert_eq!(share_query(" \n "), None);
    }

    #[test]
    fn the_share_button_comes_last_and_opens_the_question_in_inline_mode() {
        let keyboard = answer_keyboard("abc", 0, true, true, Some("من يقود القوات؟")).unwrap();
        let rows = &keyboard.inline_keyboard;
        assert_eq!(rows.len(), 3);
        assert!(matches!(&rows[0][0].kind, InlineKeyboardButtonKind::CallbackData(d) if d.starts_with("more:")));
        let [share] = rows[2].as_slice() else { panic!("one share button") };
        assert_eq!(share.text, strings::SHARE_BUTTON);
        assert!(matches!(&share.kind, InlineKeyboardButtonKind::SwitchInlineQuery(q) if q == "من يقود القوات؟"));
        let plain = without_share(&keyboard).expect("it had one").expect("more and verdicts stay");
        assert_eq!(plain.inline_keyboard, rows[..2].to_vec());
        let alone = answer_keyboard("abc", 0, false, false, Some("سؤال")).unwrap();
        assert_eq!(without_share(&alone), Some(None), "nothing left");
        let without = answer_keyboard("abc", 0, false, true, None).unwrap();
        assert_eq!(without_share(&without), None, "nothing to take off");
        assert_eq!(without.inline_keyboard.len(), 1, "the verdicts alone");
        assert!(answer_keyboard("abc", 0, false, false, None).is_none());
    }
}
