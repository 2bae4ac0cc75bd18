//! The bot end to end: the real `isnad serve` against a fake Bot API on 127.0.0.1.

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::Duration;

const USER: i64 = 1001;
const GROUP: i64 = -100_555;
const QUESTION: &str = "من يقود قوات حفظ السلام في كازاخستان؟";

fn seeds() -> std::path::PathBuf {
    root().join("seeds")
}

fn reply_to(call: &Call) -> Option<i64> {
    call.body["reply_parameters"]["message_id"].as_i64()
}

fn keyboard_data(call: &Call) -> Option<String> {
    call.body["reply_markup"]["inline_keyboard"][0][0]["callback_data"].as_str().map(String::from)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn startup_registers_arabic_commands_for_private_chats_and_groups() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    api.wait_for("getMe", |_| true).await;
    let private = api.wait_for("setMyCommands", |c| c.body["scope"]["type"] == "all_private_chats").await;
    let group = api.wait_for("setMyCommands", |c| c.body["scope"]["type"] == "all_group_chats").await;
    let names = |c: &Call| {
        c.body["commands"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["command"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(names(&private).contains(&"sources".to_string()));
    assert!(names(&group).contains(&"ask".to_string()));
    assert!(private.body["commands"][0]["description"]
        .as_str()
        .unwrap()
        .chars()
        .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn startup_describes_the_bot_in_arabic_unless_its_operator_already_did() {
    let arabic = |text: &str| text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    let long = api.wait_for("setMyDescription", |_| true).await;
    let long = long.body["description"].as_str().unwrap_or("").to_string();
    assert!(arabic(&long) && long.chars().count() <= 512, "{long}");
    let short = api.wait_for("setMyShortDescription", |_| true).await;
    let short = short.body["short_description"].as_str().unwrap_or("").to_string();
    assert!(arabic(&short) && short.chars().count() <= 120, "{short}");

    // A description set in BotFather stays; an empty short one is still filled in.
    let api = FakeApi::start().await;
    api.script("getMyDescription", 200, json!({"description": "Operator's own words"}), Duration::ZERO);
    let _bot = BotProcess::start(&api, &seeds(), None, &[]);
    api.wait_for("setMyShortDescription", |_| true).await;
    api.wait_for("getUpdates", |_| true).await;
    assert!(api.calls("setMyDescription").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_question_gets_quoted_sourced_results_with_more() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    let update = private_text(USER, QUESTION);
    let asked = update["message"]["message_id"].as_i64().unwrap();
    api.push(update);
    let reply = api.reply_in(USER, 1).await;
    assert_eq!(reply.body["parse_mode"], "HTML");
    assert_eq!(reply_to(&reply), Some(asked));
    let text = reply.text();
    assert!(text.contains("<blockquote>") && text.contains("<b>"), "{text}");
    assert!(text.contains("1. ") && text.contains("المصدر: "), "{text}");
    assert!(text.chars().count() <= 4096);
    api.wait_for("sendChatAction", |c| c.body["action"] == "typing" && c.body["chat_id"] == USER).await;
    let data = keyboard_data(&reply).expect("a more-results button");
    assert!(data.len() <= 64);

    // "More results" edits the message with the next three.
    let shown = bot_message(private_chat(USER), 1000, text);
    api.push(callback(USER, &shown, &data));
    api.wait_for("answerCallbackQuery", |_| true).await;
    let edit = api.wait_for("editMessageText", |_| true).await;
    assert_eq!(edit.body["message_id"], 1000);
    assert!(edit.text().contains("4. "), "{}", edit.text());
    assert!(!edit.text().contains("\n1. "), "{}", edit.text());

    // An expired or unknown search gets a friendly note.
    api.push(callback(USER, &shown, "more:zzzz:1"));
    let note = api.wait_for("answerCallbackQuery", |c| c.body["text"].is_string()).await;
    assert!(note.text().contains("انتهت صلاحية"), "{}", note.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_explain_list_sources_and_refuse_nothing_relevant_honestly() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    for text in
        ["/start", "/help", "/sources", "/about", "ما هو أطول نهر في أفريقيا؟", "/nosuchcommand", "/ask", "/privacy"]
    {
        api.push(private_text(USER, text));
    }
    let start = api.reply_in(USER, 1).await;
    assert!(start.text().contains("من يقود قوات حفظ السلام في كازاخستان؟"), "{}", start.text());
    let help = api.reply_in(USER, 2).await;
    assert_ne!(help.text(), start.text(), "/help explains more than /start");
    for needle in ["/ask", &format!("@{BOT_NAME}"), "لم أجد", "مفيد"] {
        assert!(help.text().contains(needle), "{needle}: {}", help.text());
    }
    assert!(!help.text().contains("/reload"), "admin commands only for admins: {}", help.text());
    let sources = api.reply_in(USER, 3).await;
    for name in ["ساسة بوست", "نون بوست", "داليا زيادة", "TRT عربي", "بروجيكت سنديكيت"]
    {
        assert!(sources.text().contains(name), "{}", sources.text());
    }
    assert!(sources.text().contains("(5 مقالات، 5 مصادر)"), "{}", sources.text());
    // Five articles are listed one by one, so a reader sees what can be asked.
    for listed in ["ساسة بوست: “فورين بوليسي”: ماذا نعرف", "TRT عربي: توكاييف يستنجد بمنظمة معاهدة الأمن الجماعي"]
    {
        assert!(sources.text().contains(listed), "{listed}: {}", sources.text());
    }
    let about = api.reply_in(USER, 4).await;
    assert!(about.text().contains("إسناد"));
    let none = api.reply_in(USER, 5).await;
    assert!(none.text().contains("لم أجد") && none.text().contains("/sources"), "{}", none.text());
    assert!(!none.text().contains("<blockquote>"));
    let unknown = api.reply_in(USER, 6).await;
    assert!(unknown.text().contains("/help"));
    let empty = api.reply_in(USER, 7).await;
    assert!(empty.text().contains("/ask"));
    // Lexical mode, the default page lifetime: no word of an embedding server.
    let privacy = api.reply_in(USER, 8).await;
    assert!(privacy.text().contains("خلال 60 دقيقة") && privacy.text().contains("لا أحفظ اسمك"), "{}", privacy.text());
    assert!(!privacy.text().contains("خادم"), "{}", privacy.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_welcome_offers_its_examples_as_buttons_that_ask_them() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    api.push(private_text(USER, "/start"));
    let welcome = api.reply_in(USER, 1).await;
    let button = &welcome.body["reply_markup"]["inline_keyboard"][0][0];
    assert_eq!(button["text"], QUESTION, "the first example, as /start lists it");
    let data = button["callback_data"].as_str().unwrap().to_string();
    let shown = bot_message(private_chat(USER), 1000, welcome.text());

    // Forged indexes are acknowledged and ask nothing.
    for forged in ["ex:7", "ex:99", "ex:100", "ex:-1", "ex:"] {
        api.push(callback(USER, &shown, forged));
    }
    api.wait_count("answerCallbackQuery", 5).await;
    api.push(callback(USER, &shown, &data));
    let answer = api.reply_in(USER, 2).await;
    assert_eq!(reply_to(&answer), Some(1000), "a reply to the welcome");
    assert!(answer.text().contains("سيرديوكوف"), "{}", answer.text());
    api.wait_count("answerCallbackQuery", 6).await;
    assert_eq!(api.replies_in(USER).len(), 2, "only the listed example was asked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_answer_only_when_addressed_and_always_as_a_reply() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    api.push(group_text(GROUP, USER, "صباح الخير، من سيحضر الاجتماع؟"));
    api.push(sticker(group_chat(GROUP), USER));
    api.push(group_text(GROUP, USER, "/ask@SomeOtherBot من يقود قوات حفظ السلام؟"));
    api.push(group_text(GROUP, USER, "/unknown"));
    let asked = group_text(GROUP, USER, &format!("/ask@{BOT_NAME} {QUESTION}"));
    let asked_id = asked["message"]["message_id"].as_i64().unwrap();
    api.push(asked);
    let first = api.reply_in(GROUP, 1).await;
    assert_eq!(reply_to(&first), Some(asked_id), "the first reply answers /ask@bot: the chatter before it got none");
    assert!(first.text().contains("<blockquote>"));

    api.push(group_text(GROUP, USER, &format!("@{BOT_NAME} لماذا اندلعت الاحتجاجات في كازاخستان؟")));
    let mention = api.reply_in(GROUP, 2).await;
    assert!(mention.text().contains("<blockquote>"), "{}", mention.text());

    let mut follow_up = message(group_chat(GROUP), USER, "ومن هو رئيس كازاخستان؟");
    follow_up["reply_to_message"] = bot_message(group_chat(GROUP), 1000, "نتيجة سابقة");
    api.push(update_message(follow_up));
    let reply = api.reply_in(GROUP, 3).await;
    assert!(reply.text().contains("<blockquote>"), "{}", reply.text());
    api.push(group_text(GROUP, USER, "/ask ما هو أطول نهر في أفريقيا؟"));
    api.reply_in(GROUP, 4).await;
    assert_eq!(api.replies_in(GROUP).len(), 4);

    // A member's question, put to the bot by another with a bare /ask (or a mention) in reply to it.
    let question = message(group_chat(GROUP), USER + 1, QUESTION);
    let mut put = message(group_chat(GROUP), USER, "/ask");
    put["reply_to_message"] = question.clone();
    let put_id = put["message_id"].as_i64().unwrap();
    api.push(update_message(question.clone()));
    api.push(update_message(put));
    let answer = api.reply_in(GROUP, 5).await;
    assert_eq!(reply_to(&answer), Some(put_id));
    assert!(answer.text().contains("سيرديوكوف"), "{}", answer.text());
    let mut mention = message(group_chat(GROUP), USER, &format!("@{BOT_NAME}"));
    mention["reply_to_message"] = question;
    api.push(update_message(mention));
    assert!(api.reply_in(GROUP, 6).await.text().contains("سيرديوكوف"));
    assert_eq!(api.replies_in(GROUP).len(), 6, "the question itself, unaddressed, got no reply");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_question_replaces_its_answer_and_an_edited_command_runs_nothing() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    let asked = message(private_chat(USER), USER, "ما هو أطول نهر في أفريقيا؟");
    api.push(update_message(asked.clone()));
    let first = api.reply_in(USER, 1).await;
    assert!(first.text().contains("لم أجد"), "{}", first.text());
    let reply_id = api.wait_for("sendMessage", |_| true).await;
    assert_eq!(reply_to(&reply_id), asked["message_id"].as_i64());

    // Fixing the question edits the answer already sent (the fake API numbers replies from 1000).
    api.push(edited(&asked, QUESTION));
    let edit = api.wait_for("editMessageText", |_| true).await;
    assert_eq!(edit.body["message_id"], 1000, "{}", edit.body);
    assert!(edit.text().contains("سيرديوكوف") && edit.text().contains("<blockquote>"), "{}", edit.text());
    assert!(edit.buttons().iter().any(|(_, d)| d.starts_with("more:")), "its buttons come along");

    // An edited command does nothing; chatter edited into a mention in a group gets its own reply.
    let start = message(private_chat(USER), USER, "/start");
    api.push(update_message(start.clone()));
    api.reply_in(USER, 2).await;
    api.push(edited(&start, "/help"));
    let chatter = message(group_chat(GROUP), USER, "صباح الخير");
    api.push(update_message(chatter.clone()));
    api.push(edited(&chatter, &format!("@{BOT_NAME} {QUESTION}")));
    let answered = api.reply_in(GROUP, 1).await;
    assert_eq!(reply_to(&answered), chatter["message_id"].as_i64());
    assert!(answered.text().contains("سيرديوكوف"), "{}", answered.text());
    // A chat's updates are handled in order: the reply after the edit's is the next message's.
    api.push(private_text(USER, "/about"));
    let about = api.reply_in(USER, 3).await;
    assert!(about.text().contains("إسناد") && !about.text().contains("كيف تسألني"), "{}", about.text());
    assert_eq!(api.replies_in(USER).len(), 3, "the edited /start ran nothing");
    assert_eq!(api.calls("editMessageText").len(), 1);

    // An edit whose answer is the one already shown: Telegram's "not modified" is no failure.
    let unchanged = json!({"ok": false, "error_code": 400,
        "description": "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"});
    api.script("editMessageText", 400, unchanged, Duration::ZERO);
    api.push(edited(&asked, &format!("{QUESTION} ")));
    api.wait_count("editMessageText", 2).await;
    api.push(private_text(USER, "/about"));
    let again = api.reply_in(USER, 4).await;
    assert!(again.text().contains("إسناد") && !again.text().contains("عذرًا"), "no apology: {}", again.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joining_a_group_says_how_to_ask_there_once_and_channels_hear_nothing() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    let channel = json!({"id": -100_777, "type": "channel", "title": "قناة"});
    api.push(bot_membership(channel, USER, "left", "member"));
    api.push(bot_membership(group_chat(GROUP), USER, "left", "member"));
    let note = api.reply_in(GROUP, 1).await;
    assert!(note.text().contains("/ask") && note.text().contains(&format!("@{BOT_NAME}")), "{}", note.text());
    assert_eq!(reply_to(&note), None);
    // Removed and added back: a note again; removed: nothing. Then a question shows the order held.
    api.push(bot_membership(group_chat(GROUP), USER, "member", "kicked"));
    api.push(bot_membership(group_chat(GROUP), USER, "kicked", "member"));
    api.reply_in(GROUP, 2).await;
    api.push(group_text(GROUP, USER, &format!("/ask {QUESTION}")));
    assert!(api.reply_in(GROUP, 3).await.text().contains("<blockquote>"));
    assert_eq!(api.replies_in(GROUP).len(), 3);
    assert!(api.replies_in(-100_777).is_empty(), "nothing posted to the channel");
}

/// Two writers, each with where they were born and what they wrote.
const WRITERS: &str = r#"{"id": "taha-born", "title": "طه حسين", "text": "ولد طه حسين في قرية الكيلو بمحافظة المنيا سنة 1889، وفقد بصره صغيرا."}
{"id": "taha-work", "title": "طه حسين", "text": "كتب طه حسين الأيام، وتولى وزارة المعارف، ولقب بعميد الأدب العربي."}
{"id": "naguib-born", "title": "نجيب محفوظ", "text": "ولد نجيب محفوظ في حي الجمالية بالقاهرة سنة 1911، وكان أصغر إخوته."}
{"id": "naguib-work", "title": "نجيب محفوظ", "text": "كتب نجيب محفوظ الثلاثية، ونال جائزة نوبل في الأدب عام 1988."}
"#;

/// The first quoted passage of a reply.
fn first_quote(call: &Call) -> String {
    call.text().split("<blockquote>").nth(1).and_then(|q| q.split("</blockquote>").next()).unwrap_or("").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_to_an_answer_is_a_follow_up_of_its_question() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("writers.jsonl"), WRITERS).unwrap();
    let data = tempfile::tempdir().unwrap();
    let feedback = data.path().join("feedback.jsonl");
    let env = [("ISNAD_FEEDBACK_FILE", feedback.display().to_string())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (api, _bot) = start_bot(dir.path(), None, &env).await;
    let mut answers = Vec::new();
    for (n, writer) in ["من هو طه حسين؟", "ماذا كتب نجيب محفوظ؟"].into_iter().enumerate() {
        api.push(private_text(USER, writer));
        let answer = api.reply_in(USER, 2 * n + 1).await;
        // The fake API numbers the bot's messages from 1000, one per message sent.
        let sent = bot_message(private_chat(USER), 1000 + 2 * n as i64, answer.text());
        let mut follow_up = message(private_chat(USER), USER, "أين ولد؟");
        follow_up["reply_to_message"] = sent;
        api.push(update_message(follow_up));
        let reply = api.reply_in(USER, 2 * n + 2).await;
        answers.push(first_quote(&reply));
        if n == 0 {
            // A verdict on a follow-up's answer keeps the question it followed, for the evaluation.
            let useful = reply.buttons().into_iter().find(|(t, _)| t.contains("👍")).expect("verdicts").1;
            api.push(callback(USER, &bot_message(private_chat(USER), 1001, reply.text()), &useful));
            api.wait_for("answerCallbackQuery", |c| c.text().contains("شكرًا")).await;
            let line: Value = serde_json::from_str(std::fs::read_to_string(&feedback).unwrap().trim()).unwrap();
            assert_eq!(
                (line["question"].as_str(), line["context"].as_str()),
                (Some("أين ولد؟"), Some("من هو طه حسين؟"))
            );
        }
    }
    assert!(answers[0].contains("المنيا"), "{answers:?}");
    assert!(answers[1].contains("القاهرة"), "{answers:?}");
    // A command in reply to an answer asks on its own: /ask is a new question.
    api.push(private_text(USER, "/ask ماذا كتب طه حسين؟"));
    let command = api.reply_in(USER, 5).await;
    let sent = bot_message(private_chat(USER), 1004, command.text());
    let mut new_question = message(private_chat(USER), USER, "/ask أين ولد نجيب محفوظ؟");
    new_question["reply_to_message"] = sent;
    api.push(update_message(new_question));
    assert!(first_quote(&api.reply_in(USER, 6).await).contains("القاهرة"));
}

/// The first quotes of the replies to `messages`, sent one after another in a private chat with a bot
/// on the writers' corpus (`config`: its configuration file, if any).
async fn quotes_in_private(messages: &[&str], config: Option<&std::path::Path>) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("writers.jsonl"), WRITERS).unwrap();
    let (api, _bot) = start_bot(dir.path(), config, &[]).await;
    let mut quotes = Vec::new();
    for (n, text) in messages.iter().enumerate() {
        api.push(private_text(USER, text));
        quotes.push(first_quote(&api.reply_in(USER, n + 1).await));
    }
    quotes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_private_chat_a_continuation_follows_the_latest_answer_without_a_reply() {
    // "ومتى ولد؟" opens with و and a question word: sent just after an answer, it asks about that
    // answer's writer. "أين ولد نجيب محفوظ؟" does not read as a continuation and is asked on its own,
    // and the next continuation follows it.
    let messages = ["ماذا كتب طه حسين؟", "ومتى ولد؟", "أين ولد نجيب محفوظ؟", "ومتى ولد؟"];
    let on = quotes_in_private(&messages, None).await;
    let expected = ["الأيام", "المنيا", "الجمالية", "الجمالية"];
    assert!(on.iter().zip(expected).all(|(quote, word)| quote.contains(word)), "{on:?}");
    // Turned off, each continuation is a question on its own: "ولد" alone finds نجيب محفوظ's birth.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("isnad.toml");
    std::fs::write(&config, "[bot]\nfollow_up_minutes = 0\n").unwrap();
    let off = quotes_in_private(&messages, Some(&config)).await;
    assert!(off[1].contains("الجمالية"), "{off:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_continuation_still_follows_the_question_it_first_followed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("writers.jsonl"), WRITERS).unwrap();
    let port = free_port();
    let address = format!("127.0.0.1:{port}");
    let (api, _bot) = start_bot(dir.path(), None, &[("ISNAD_HTTP_ADDR", address.as_str())]).await;
    api.push(private_text(USER, "ماذا كتب طه حسين؟"));
    api.reply_in(USER, 1).await;
    let continuation = message(private_chat(USER), USER, "ومتى ولد؟");
    api.push(update_message(continuation.clone()));
    assert!(first_quote(&api.reply_in(USER, 2).await).contains("المنيا"));
    api.push(private_text(USER, "أين ولد نجيب محفوظ؟"));
    assert!(first_quote(&api.reply_in(USER, 3).await).contains("الجمالية"));
    // The latest answer is now about نجيب محفوظ; the edited continuation still asks about طه حسين.
    api.push(edited(&continuation, "و متى ولد؟"));
    let edit = api.wait_for("editMessageText", |_| true).await;
    assert_eq!(edit.body["message_id"], 1001, "{}", edit.body);
    assert!(first_quote(&edit).contains("المنيا"), "{}", edit.text());
    // One continuation asked (its edit is the same question again), none by reply.
    let metrics = get_until(port, "/metrics", 200).await;
    assert!(metrics.contains("isnad_follow_ups_total{how=\"continuation\"} 1"), "{metrics}");
    assert!(metrics.contains("isnad_follow_ups_total{how=\"reply\"} 0"), "{metrics}");
}

/// The inline query the reply's share button opens, if it has one.
fn share_button(call: &Call) -> Option<String> {
    let rows = call.body["reply_markup"]["inline_keyboard"].as_array().cloned().unwrap_or_default();
    rows.iter()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .find_map(|b| b["switch_inline_query"].as_str().map(String::from))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_offers_its_question_in_inline_mode_for_another_chat() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    api.push(private_text(USER, "  من يقود قوات حفظ السلام\nفي كازاخستان؟"));
    let answer = api.reply_in(USER, 1).await;
    assert_eq!(share_button(&answer).as_deref(), Some(QUESTION), "one line, as asked");
    // Inline mode answers it, for the reader to pick a passage to send.
    api.push(inline_query(USER, QUESTION, ""));
    let inline = api.wait_for("answerInlineQuery", |_| true).await;
    let results = inline.body["results"].as_array().cloned().unwrap_or_default();
    assert!(!results.is_empty() && results[0]["id"] != "help", "{results:?}");

    // Nothing to share: a refusal, and a follow-up (inline mode would ask it without its question).
    api.push(private_text(USER, "ما هو أطول نهر في أفريقيا؟"));
    assert_eq!(share_button(&api.reply_in(USER, 2).await), None);
    let mut follow_up = message(private_chat(USER), USER, "كم عدد الجنود؟");
    follow_up["reply_to_message"] = bot_message(private_chat(USER), 1000, answer.text());
    api.push(update_message(follow_up));
    let reply = api.reply_in(USER, 3).await;
    assert!(reply.text().contains("<blockquote>"), "answered: {}", reply.text());
    assert_eq!(share_button(&reply), None);
    // "More results" pages keep it.
    let more = keyboard_data(&answer).expect("a more-results button");
    api.push(callback(USER, &bot_message(private_chat(USER), 1000, answer.text()), &more));
    let page = api.wait_for("editMessageText", |_| true).await;
    assert_eq!(share_button(&page).as_deref(), Some(QUESTION));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_results_offer_the_whole_answer_in_a_private_chat() {
    let port = free_port();
    let address = format!("127.0.0.1:{port}");
    let (api, _bot) = start_bot(&seeds(), None, &[("ISNAD_HTTP_ADDR", address.as_str())]).await;
    api.push(inline_query(USER, QUESTION, ""));
    let inline = api.wait_for("answerInlineQuery", |_| true).await;
    let button = &inline.body["button"];
    assert!(button["text"].as_str().is_some_and(|t| t.contains("محادثة خاصة")), "{button}");
    let parameter = button["start_parameter"].as_str().unwrap_or("").to_string();
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    assert!((1..=64).contains(&parameter.len()) && parameter.bytes().all(allowed), "{parameter}");
    // Typed again (Telegram asks on every pause), the question keeps its link.
    api.push(inline_query(USER, QUESTION, ""));
    let again = api.wait_count("answerInlineQuery", 2).await;
    assert_eq!(again[1].body["button"]["start_parameter"], parameter.as_str());

    // Pressed, Telegram opens the private chat with /start PARAMETER: the question is answered there.
    api.push(private_text(USER, &format!("/start {parameter}")));
    let answer = api.reply_in(USER, 1).await;
    assert!(answer.text().contains("<blockquote>") && answer.text().contains("المصدر: "), "{}", answer.text());
    assert!(answer.buttons().iter().any(|(_, data)| data.starts_with("more:")), "the chat's own buttons");
    // A parameter that is not one of ours opens the welcome.
    api.push(private_text(USER, "/start q_zzzz"));
    assert!(api.reply_in(USER, 2).await.text().starts_with("مرحبًا"));
    let metrics = get_until(port, "/metrics", 200).await;
    assert!(metrics.contains("isnad_opened_from_inline_total 1"), "only the real link counts: {metrics}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_inline_mode_or_when_turned_off_an_answer_offers_no_share_button() {
    let api = FakeApi::start().await;
    let me = json!({"id": BOT_ID, "is_bot": true, "first_name": "إسناد", "username": BOT_NAME,
        "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
        "can_connect_to_business": false, "has_main_web_app": false});
    api.script("getMe", 200, me, Duration::ZERO);
    let _bot = BotProcess::start(&api, &seeds(), None, &[]);
    api.wait_for("getUpdates", |_| true).await;
    api.push(private_text(USER, QUESTION));
    let answer = api.reply_in(USER, 1).await;
    assert!(answer.text().contains("<blockquote>") && !answer.buttons().is_empty());
    assert_eq!(share_button(&answer), None);

    // Nor when the operator turns it off.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("isnad.toml");
    std::fs::write(&config, "[bot]\nshare_button = false\n").unwrap();
    let (api, _bot) = start_bot(&seeds(), Some(&config), &[]).await;
    api.push(private_text(USER, QUESTION));
    let answer = api.reply_in(USER, 1).await;
    assert!(answer.text().contains("<blockquote>") && !answer.buttons().is_empty());
    assert_eq!(share_button(&answer), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_share_button_is_dropped_and_the_answer_still_arrives() {
    // Inline mode turned off after the bot read getMe: Telegram refuses the share button.
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    let refused = json!({"ok": false, "error_code": 400, "description": "Bad Request: BUTTON_TYPE_INVALID"});
    api.script("sendMessage", 400, refused, Duration::ZERO);
    api.push(private_text(USER, QUESTION));
    assert!(share_button(&api.reply_in(USER, 1).await).is_some());
    let again = api.reply_in(USER, 2).await;
    assert!(again.text().contains("<blockquote>") && !again.buttons().is_empty(), "{}", again.text());
    assert_eq!(share_button(&again), None);
    api.push(private_text(USER, "ماذا حدث في ألماتي؟"));
    let next = api.reply_in(USER, 3).await;
    assert!(next.text().contains("<blockquote>"));
    assert_eq!(share_button(&next), None, "none from then on");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_text_gets_a_hint_in_private() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    api.push(sticker(private_chat(USER), USER));
    api.push(private_text(USER, "👍🙂"));
    assert!(api.reply_in(USER, 1).await.text().contains("النصوص"));
    assert!(api.reply_in(USER, 2).await.text().contains("النصوص"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_alone_is_told_the_bot_opens_no_page_and_a_question_beside_one_is_answered() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    api.push(private_text(USER, "https://www.aljazeera.net/news/2022/1/6/kazakhstan"));
    let link = api.reply_in(USER, 1).await;
    assert!(link.text().starts_with("لا أفتح الروابط"), "{}", link.text());
    api.push(private_text(USER, &format!("{QUESTION} https://www.aljazeera.net/news/2022/1/6/kazakhstan")));
    let answer = api.reply_in(USER, 2).await;
    assert!(answer.text().contains("<blockquote>") && answer.text().contains("المصدر: "), "{}", answer.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_greeting_or_thanks_alone_is_answered_in_kind_and_a_greeted_question_is_answered() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    api.push(private_text(USER, "السلام عليكم"));
    let salam = api.reply_in(USER, 1).await;
    assert!(salam.text().starts_with("وعليكم السلام"), "{}", salam.text());
    assert!(!salam.text().contains("<blockquote>"), "no quote about peacekeeping: {}", salam.text());
    api.push(private_text(USER, "شكرًا جزيلًا!"));
    let thanks = api.reply_in(USER, 2).await;
    assert!(thanks.text().starts_with("العفو"), "{}", thanks.text());
    api.push(private_text(USER, &format!("السلام عليكم، {QUESTION} شكرا")));
    let answer = api.reply_in(USER, 3).await;
    assert!(answer.text().contains("<blockquote>") && answer.text().contains("المصدر: "), "{}", answer.text());
    // Just after that answer, "من أنت؟" opens with a question word and holds no word of its own, as a
    // continuation would; it asks the bot about itself.
    api.push(private_text(USER, "من أنت؟"));
    let about = api.reply_in(USER, 4).await;
    assert!(about.text().starts_with("أنا «إسناد»") && !about.text().contains("<blockquote>"), "{}", about.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_is_new_quotes_the_newest_articles_and_pages_on_to_older_ones() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    api.push(private_text(USER, "مرحبا، ما آخر الأخبار؟"));
    let reply = api.reply_in(USER, 1).await;
    let text = reply.text();
    assert!(text.starts_with("إليك أحدث ما نُشر في المصادر"), "{text}");
    // The seed article dated 2022-01-10 is the newest; the others give the month alone.
    let first = text.split("\n2. ").next().unwrap_or_default();
    assert!(first.contains("ساسة بوست") && first.contains("2022-01-10"), "{text}");
    let data = keyboard_data(&reply).expect("a more-results button");
    api.push(callback(USER, &bot_message(private_chat(USER), 1000, text), &data));
    let edit = api.wait_for("editMessageText", |_| true).await;
    assert!(edit.text().contains("4. ") && edit.text().contains("5. "), "{}", edit.text());
    assert!(!edit.text().contains("ساسة بوست"), "{}", edit.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_post_with_ask_is_answered_in_the_channel() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    let channel = -100_777;
    api.push(channel_post(channel, "خبر عادي لا يخص البوت"));
    let post = channel_post(channel, &format!("/ask {QUESTION}"));
    let post_id = post["channel_post"]["message_id"].as_i64().unwrap();
    api.push(post);
    let reply = api.reply_in(channel, 1).await;
    assert_eq!(reply_to(&reply), Some(post_id));
    assert!(reply.text().contains("<blockquote>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_mode_lists_articles_pages_and_helps_on_empty_queries() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    api.push(inline_query(USER, "", ""));
    let help = api.wait_count("answerInlineQuery", 1).await.remove(0);
    assert_eq!(help.body["results"].as_array().unwrap().len(), 1);
    assert!(help.body["results"][0]["title"].as_str().unwrap().contains("اكتب"));

    api.push(inline_query(USER, "منظمة معاهدة الأمن الجماعي", ""));
    let first = api.wait_count("answerInlineQuery", 2).await.remove(1);
    let results = first.body["results"].as_array().unwrap();
    assert!(!results.is_empty() && results.len() <= 10);
    for r in results {
        assert_eq!(r["type"], "article");
        assert!(r["title"].as_str().unwrap().contains(" — "));
        assert!(!r["description"].as_str().unwrap().is_empty());
        let message = r["input_message_content"]["message_text"].as_str().unwrap();
        assert!(message.contains("<blockquote>") && message.contains("المصدر: "));
        assert_eq!(r["input_message_content"]["parse_mode"], "HTML");
    }
    assert!(first.body["cache_time"].as_u64().is_some());
    let next = first.body["next_offset"].as_str().unwrap_or("").to_string();
    assert_eq!(next, "10");
    api.push(inline_query(USER, "منظمة معاهدة الأمن الجماعي", &next));
    let second = api.wait_count("answerInlineQuery", 3).await.remove(2);
    let ids: Vec<&str> = second.body["results"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(!ids.is_empty() && !ids.contains(&"1"), "{ids:?}");

    // A greeting alone gets the help card, not quotes about peacekeeping.
    api.push(inline_query(USER, "السلام عليكم", ""));
    let greeted = api.wait_count("answerInlineQuery", 4).await.remove(3);
    assert_eq!(greeted.body["results"][0]["id"], "help");
}

fn hostile_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hostile.txt"),
        "مقال اختبار عن الترميز\nكتب المهاجم في الصفحة <script>alert('x')</script> & \"اقتباس\" ليختبر ترميز الرسائل في تيليغرام، ثم أضاف وسم <b>عريض</b> غير مغلق <i.",
    )
    .unwrap();
    std::fs::write(dir.path().join("sources.toml"), "[[article]]\nfile = \"hostile.txt\"\nsource = \"A & B <News>\"\n")
        .unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corpus_and_user_text_are_escaped_for_telegram_html() {
    let corpus = hostile_corpus();
    let (api, _bot) = start_bot(corpus.path(), None, &[]).await;
    api.push(private_text(USER, "<script> ماذا كتب المهاجم في الصفحة؟ & \"</b>"));
    let reply = api.reply_in(USER, 1).await;
    let text = reply.text();
    assert!(text.contains("alert('x')&lt;/"), "{text}");
    assert!(text.contains("&amp; &quot;اقتباس&quot;"), "{text}");
    assert!(text.contains("A &amp; B &lt;News&gt;"), "{text}");
    assert!(!text.contains("<script>") && !text.contains("<i."), "{text}");
    for (i, _) in text.match_indices('<') {
        let tag = &text[i..];
        assert!(
            ["<b>", "</b>", "<blockquote>", "</blockquote>"].iter().any(|t| tag.starts_with(t)),
            "unexpected tag at {i}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_never_exceed_telegrams_4096_characters() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "تحدث التقرير الطويل عن نهر النيل ومياهه وروافده ودول حوضه بالتفصيل الممل ".repeat(40);
    for i in 0..4 {
        std::fs::write(dir.path().join(format!("long{i}.txt")), format!("عنوان {i}\n{sentence}")).unwrap();
    }
    let config = dir.path().join("big.toml");
    // The four articles are one text: kept apart here, so three long excerpts must share the message.
    let settings = "[search]\nexcerpt_chars = 3000\nfold_copies = false\n[corpus]\nmax_passage_words = 2000\n";
    std::fs::write(&config, settings).unwrap();
    let corpus = dir.path().to_path_buf();
    let (api, _bot) = start_bot(&corpus, Some(&config), &[]).await;
    api.push(private_text(USER, "تحدث التقرير عن نهر النيل وروافده"));
    let reply = api.reply_in(USER, 1).await;
    assert!(reply.text().encode_utf16().count() <= 4096, "{}", reply.text().chars().count());
    assert!(reply.text().contains("3. "), "three results kept, excerpts trimmed: {}", reply.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_is_waited_out_and_the_reply_still_arrives() {
    let api = FakeApi::start().await;
    let body = json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}});
    api.script("sendMessage", 429, body, Duration::ZERO);
    let _bot = BotProcess::start(&api, &seeds(), None, &[]);
    api.push(private_text(USER, QUESTION));
    let retried = api.reply_in(USER, 2).await;
    let first = api.reply_in(USER, 1).await;
    assert_eq!(first.text(), retried.text());
    assert!(retried.text().contains("<blockquote>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_handler_apologises_and_the_bot_keeps_answering() {
    let api = FakeApi::start().await;
    api.script(
        "sendMessage",
        400,
        json!({"ok": false, "error_code": 400, "description": "Bad Request: can't parse entities"}),
        Duration::ZERO,
    );
    let bot = BotProcess::start(&api, &seeds(), None, &[]);
    api.push(private_text(USER, QUESTION));
    let apology = api.reply_in(USER, 2).await;
    assert!(apology.text().contains("عذرًا"), "{}", apology.text());
    api.push(private_text(USER, QUESTION));
    let again = api.reply_in(USER, 3).await;
    assert!(again.text().contains("<blockquote>"));
    assert!(bot.log_text().contains("handler failed"), "{}", bot.log_text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn questions_over_the_rate_limit_get_a_polite_note() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("limit.toml");
    std::fs::write(&config, "[bot]\nquestions_per_minute = 2\n").unwrap();
    let (api, _bot) = start_bot(&seeds(), Some(&config), &[]).await;
    for _ in 0..5 {
        api.push(private_text(USER, QUESTION));
    }
    api.reply_in(USER, 3).await;
    api.push(private_text(USER + 1, QUESTION));
    assert!(api.reply_in(USER + 1, 1).await.text().contains("<blockquote>"), "other users are not limited");
    api.wait_polled().await;
    // Two answers and one note (sent beside the queue, so it may come first); the rest are dropped.
    let replies = api.replies_in(USER);
    let answers = replies.iter().filter(|r| r.text().contains("<blockquote>")).count();
    let notes = replies.iter().filter(|r| r.text().contains("انتظر")).count();
    assert_eq!((answers, notes, replies.len()), (2, 1, 3), "{replies:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_questions_are_cut_with_a_note() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    let long = format!("{QUESTION} {}", "كلمة ".repeat(400));
    api.push(private_text(USER, &long));
    let reply = api.reply_in(USER, 1).await;
    assert!(reply.text().contains("1000"), "{}", reply.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_reply_in_flight_and_exits_zero() {
    let api = FakeApi::start().await;
    api.script("sendMessage", 200, Value::Null, Duration::from_millis(1500));
    let mut bot = BotProcess::start(&api, &seeds(), None, &[]);
    api.push(private_text(USER, QUESTION));
    api.wait_for("sendMessage", |_| true).await;
    bot.terminate();
    assert_eq!(bot.wait_exit().await, Some(0), "{}", bot.log_text());
    assert!(bot.log_text().contains("shutting down"));
    assert_eq!(api.replies_in(USER).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_token_is_a_clear_error() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_isnad"))
        .arg("serve")
        .current_dir(root())
        .env_remove("TELOXIDE_TOKEN")
        .env("ISNAD_CORPUS_DIR", seeds())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("TELOXIDE_TOKEN") && err.contains("BotFather"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
