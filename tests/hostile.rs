//! Hostile clients against the real `isnad serve` and a fake Bot API on 127.0.0.1: nothing a client can
//! send ends the process, starves other chats or keeps SIGTERM from ending it.

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const USER: i64 = 2001;
const QUESTION: &str = "من يقود قوات حفظ السلام في كازاخستان؟";

fn seeds() -> std::path::PathBuf {
    root().join("seeds")
}

/// The bot still answers a plain question in a fresh chat.
async fn still_serving(api: &FakeApi, chat: i64) {
    api.push(private_text(chat, QUESTION));
    let reply = api.reply_in(chat, 1).await;
    assert!(reply.text().contains("<blockquote>"), "{}", reply.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mention_after_letters_that_change_length_when_lower_cased_is_answered() {
    let (api, mut bot) = start_bot(&seeds(), None, &[]).await;
    let text = format!("{} @{BOT_NAME}", "İ".repeat(20));
    api.push(private_text(USER, &text));
    api.push(private_text(USER, &format!("{}@{} {QUESTION}", "\u{212A}".repeat(9), BOT_NAME.to_uppercase())));
    // Both are answered (with "nothing found": the odd letters are words of their own); neither kills
    // the chat's worker, so a third question there is answered too.
    for n in 1..=2 {
        assert!(!api.reply_in(USER, n).await.text().contains(BOT_NAME), "the mention is stripped");
    }
    api.push(private_text(USER, QUESTION));
    assert!(api.reply_in(USER, 3).await.text().contains("<blockquote>"));
    still_serving(&api, USER + 1).await;
    assert!(bot.child.try_wait().unwrap().is_none(), "the process is alive");
    assert!(!bot.log_text().contains("panicked"), "{}", bot.log_text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_inline_offsets_are_bounded() {
    let (api, bot) = start_bot(&seeds(), None, &[]).await;
    let question = "منظمة معاهدة الأمن الجماعي";
    let first_pages = ["", "0", "10"];
    let out_of_range =
        ["200", "99999999999", "9223372036854775807", "18446744073709551615", "-1", "abc", "1e3", "٣", " 10"];
    let mut asked = Vec::new();
    for offset in first_pages.iter().chain(&out_of_range) {
        let update = inline_query(USER, question, offset);
        asked.push((update["inline_query"]["id"].as_str().unwrap().to_string(), *offset));
        api.push(update);
    }
    let answers = api.wait_count("answerInlineQuery", asked.len()).await;
    for (id, offset) in &asked {
        let call = answers.iter().find(|c| c.body["inline_query_id"] == id.as_str()).expect("every query answered");
        let results = call.body["results"].as_array().cloned().unwrap_or_default();
        let next = call.body["next_offset"].as_str().unwrap_or("").to_string();
        if first_pages.contains(offset) {
            assert!(!results.is_empty() && results.len() <= 10, "{offset:?}: {}", call.body);
            let next: usize = next.parse().expect("a next page");
            assert!(next > 0 && next < 200);
        } else {
            assert!(results.is_empty() && next.is_empty(), "{offset:?}: {}", call.body);
        }
    }
    still_serving(&api, USER + 1).await;
    assert!(!bot.log_text().contains("panicked"), "{}", bot.log_text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_more_results_page_is_answered_as_expired_and_the_bot_lives() {
    let (api, bot) = start_bot(&seeds(), None, &[]).await;
    api.push(private_text(USER, QUESTION));
    let reply = api.reply_in(USER, 1).await;
    let data = reply.body["reply_markup"]["inline_keyboard"][0][0]["callback_data"].as_str().unwrap().to_string();
    let id = data.split(':').nth(1).unwrap().to_string();
    let shown = bot_message(private_chat(USER), 1000, reply.text());
    for page in ["99999999999", "4294967295", "50", "2", "0", "-1", "x"] {
        api.push(callback(USER, &shown, &format!("more:{id}:{page}")));
    }
    let notes = api.wait_count("answerCallbackQuery", 7).await;
    assert!(notes.iter().all(|c| c.text().contains("انتهت صلاحية") || c.body["text"].is_null()), "{notes:#?}");
    assert!(api.calls("editMessageText").is_empty(), "no forged page was searched and shown");
    // The real next page still works.
    api.push(callback(USER, &shown, &data));
    let edit = api.wait_for("editMessageText", |_| true).await;
    assert!(edit.text().contains("4. "), "{}", edit.text());
    still_serving(&api, USER + 1).await;
    assert!(!bot.log_text().contains("panicked"), "{}", bot.log_text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_update_leaves_the_chat_and_others_served_and_logs_no_user_text() {
    let secret = "كلمة-سرية-في-السؤال";
    let env = [("FAILPOINTS", "bot::message=1*panic(boom)"), ("RUST_LOG", "info")];
    let (api, mut bot) = start_bot(&seeds(), None, &env).await;
    api.push(private_text(USER, &format!("{QUESTION} {secret}")));
    let apology = api.reply_in(USER, 1).await;
    assert!(apology.text().contains("عذرًا"), "{}", apology.text());
    api.push(private_text(USER, QUESTION));
    assert!(api.reply_in(USER, 2).await.text().contains("<blockquote>"), "the same chat is served again");
    still_serving(&api, USER + 1).await;
    assert!(bot.child.try_wait().unwrap().is_none(), "the process is alive");
    let log = bot.log_text();
    assert!(log.contains("panic caught"), "{log}");
    assert!(!log.contains(secret) && !log.contains("boom"), "no user text or panic message at info: {log}");
    bot.terminate();
    assert_eq!(bot.wait_exit().await, Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_flooder_does_not_silence_thirty_other_users() {
    let (api, _bot) = start_bot(&seeds(), None, &[]).await;
    let flooder = 3001;
    for i in 0..150 {
        api.push(private_text(flooder, &format!("{QUESTION} {i}")));
    }
    let others: Vec<i64> = (0..30).map(|i| 4000 + i).collect();
    for &user in &others {
        api.push(private_text(user, "لماذا اندلعت الاحتجاجات في كازاخستان؟"));
    }
    let started = Instant::now();
    for &user in &others {
        let reply = api.reply_in(user, 1).await;
        assert!(reply.text().contains("<blockquote>"), "{user}: {}", reply.text());
    }
    assert!(started.elapsed() < WAIT, "every other user answered");
    api.wait_polled().await;
    let flood_replies = api.replies_in(flooder);
    let notes = flood_replies.iter().filter(|r| r.text().contains("انتظر")).count();
    assert!(notes <= 1, "at most one polite note a minute: {notes}");
    assert!(flood_replies.len() <= 21, "{} replies to the flooder", flood_replies.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_ends_the_process_by_the_deadline_even_with_replies_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("deadline.toml");
    std::fs::write(&config, "[bot]\nshutdown_seconds = 2\n").unwrap();
    let api = FakeApi::start().await;
    // Every reply takes the fake 20 s to accept.
    for _ in 0..30 {
        api.script("sendMessage", 200, Value::Null, Duration::from_secs(20));
    }
    let mut bot = BotProcess::start(&api, &seeds(), Some(&config), &[]);
    for user in 0..10 {
        api.push(private_text(5000 + user, QUESTION));
    }
    api.wait_for("sendMessage", |_| true).await;
    let stopped = Instant::now();
    bot.terminate();
    assert_eq!(bot.wait_exit().await, Some(0), "{}", bot.log_text());
    assert!(stopped.elapsed() < Duration::from_secs(8), "exited {:?} after SIGTERM", stopped.elapsed());
    assert!(bot.log_text().contains("shutdown deadline passed"), "{}", bot.log_text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_titles_keep_every_result_within_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let title = "عنوان طويل عن نهر النيل ".repeat(300);
    let mut lines = String::new();
    let facts = [
        "ويمر بدول كثيرة في أفريقيا",
        "وينبع من بحيرة فكتوريا",
        "ويصب في البحر المتوسط عند الدلتا",
        "وتعتمد عليه الزراعة في السودان ومصر",
    ];
    for (i, fact) in facts.iter().enumerate() {
        let row = json!({"id": format!("n{i}"), "title": title, "source": "مصدر ".repeat(700), "url": format!("https://example.org/{}", "x".repeat(1500)),
                         "text": format!("نهر النيل أطول أنهار العالم، {fact}.")});
        lines.push_str(&format!("{row}\n"));
    }
    std::fs::write(dir.path().join("long.jsonl"), lines).unwrap();
    let (api, _bot) = start_bot(dir.path(), None, &[]).await;
    api.push(private_text(USER, "ما أطول أنهار العالم؟"));
    let reply = api.reply_in(USER, 1).await;
    assert!(reply.text().encode_utf16().count() <= 4096, "{}", reply.text().encode_utf16().count());
    for rank in 1..=3 {
        assert!(reply.text().contains(&format!("{rank}. ")), "{}", reply.text());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_problem_lists_fit_one_message() {
    let corpus = seeds_copy();
    let admin = 7101;
    let (api, _bot) = start_bot(corpus.path(), None, &[("ISNAD_ADMINS", &admin.to_string())]).await;
    for i in 0..40 {
        let name = format!("{}-{i}.txt", "اسم-ملف-طويل-جدا".repeat(6));
        std::fs::write(corpus.path().join(name), [0xff, 0xfe, 0x00]).unwrap();
    }
    api.push(private_text(admin, "/reload"));
    let reply = api.reply_in(admin, 1).await;
    assert!(reply.text().encode_utf16().count() <= 4096, "{}", reply.text().encode_utf16().count());
    assert!(reply.text().contains("تمت إعادة التحميل") && reply.text().contains("(40)"), "{}", reply.text());
    assert!(reply.text().contains("وغيرها") || reply.text().matches("• ").count() == 40, "{}", reply.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn downloads_are_capped_timed_out_and_reported_as_downloads() {
    let corpus = seeds_copy();
    let admin = 7201;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("small.toml");
    std::fs::write(&config, "[bot]\nmax_upload_kb = 1\ndownload_timeout_seconds = 1\n").unwrap();
    let (api, _bot) = start_bot(corpus.path(), Some(&config), &[("ISNAD_ADMINS", &admin.to_string())]).await;
    let big = format!("عن النيل\n{}", "نهر النيل طويل. ".repeat(400));
    // The document and getFile both claim 100 bytes; the body is larger than the cap.
    api.add_odd_file("liar", big.as_bytes(), 100, Duration::ZERO);
    api.push(document(admin, "liar", "liar.txt", 100, None));
    assert!(api.reply_in(admin, 1).await.text().contains("الحد المسموح"));
    // A body that never comes in time.
    api.add_odd_file("slow", "عن النيل\nنص قصير.".as_bytes(), 20, Duration::from_secs(5));
    api.push(document(admin, "slow", "slow.txt", 20, None));
    let reply = api.reply_in(admin, 2).await;
    assert!(reply.text().contains("تعذّر تنزيل"), "{}", reply.text());
    // A bidi override in the name.
    api.add_file("ok", "عن النيل\nنص قصير عن النهر.".as_bytes());
    api.push(document(admin, "ok", "evil\u{202E}txt.md", 30, None));
    assert!(api.reply_in(admin, 3).await.text().contains("غير مقبول"));
    for name in ["liar.txt", "slow.txt"] {
        assert!(!corpus.path().join(name).exists(), "{name}");
    }
}
