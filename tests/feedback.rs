//! Replies a reader can act on, end to end: verdict buttons recorded once per reader (never with the
//! reader's id in clear), counted in /stats and /metrics and read back by `isnad eval`; links to the
//! source in answers and inline results.

mod common;

use common::*;
use serde_json::json;

const USER: i64 = 6001;
const OTHER: i64 = 6002;
const ADMIN: i64 = 6009;
const QUESTION: &str = "من يقود قوات حفظ السلام في كازاخستان؟";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verdicts_are_recorded_once_per_reader_counted_and_read_by_eval() {
    let corpus = seeds_copy();
    let data = tempfile::tempdir().unwrap();
    let feedback = data.path().join("feedback.jsonl");
    let port = free_port();
    let env = [
        ("ISNAD_ADMINS", ADMIN.to_string()),
        ("ISNAD_FEEDBACK_FILE", feedback.display().to_string()),
        ("ISNAD_HTTP_ADDR", format!("127.0.0.1:{port}")),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (api, _bot) = start_bot(corpus.path(), None, &env).await;
    api.push(private_text(USER, QUESTION));
    let reply = api.reply_in(USER, 1).await;
    let keys = reply.buttons();
    let useful =
        keys.iter().find(|(t, _)| t.contains("مفيد") && !t.contains("غير")).expect("a useful button").1.clone();
    let not_useful = keys.iter().find(|(t, _)| t.contains("غير مفيد")).expect("a not-useful button").1.clone();
    assert!(useful.len() <= 64 && not_useful.len() <= 64);

    let shown = bot_message(private_chat(USER), 1000, reply.text());
    let id = useful.split(':').nth(1).unwrap().to_string();
    let presses = [
        (USER, useful.clone()),
        (USER, useful.clone()),
        (OTHER, not_useful.clone()),
        (USER, format!("fb:{id}:5:1")),
        (USER, "fb:nosuchid:0:1".to_string()),
        (USER, format!("fb:{id}:0:7")),
    ];
    for (who, data) in &presses {
        api.push(callback(*who, &shown, data));
    }
    let answered = api.wait_count("answerCallbackQuery", presses.len()).await;
    let texts: Vec<&str> = answered.iter().map(|c| c.body["text"].as_str().unwrap_or("")).collect();
    assert_eq!(texts.iter().filter(|t| t.contains("شكرًا لك، سجّلت")).count(), 2, "{texts:?}");
    assert_eq!(texts.iter().filter(|t| t.contains("من قبل")).count(), 1, "{texts:?}");
    assert_eq!(texts.iter().filter(|t| t.contains("انتهت صلاحية")).count(), 2, "{texts:?}");

    let lines: Vec<serde_json::Value> =
        std::fs::read_to_string(&feedback).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["question"], QUESTION);
    assert_eq!(lines[0]["useful"], true);
    assert_eq!(lines[0]["results"].as_array().unwrap().len(), 3);
    assert_ne!(lines[0]["reader"], lines[1]["reader"]);
    let text = std::fs::read_to_string(&feedback).unwrap();
    assert!(!text.contains(&USER.to_string()) && !text.contains("مستخدم"), "no id or name in clear: {text}");

    api.push(private_text(ADMIN, "/stats"));
    let stats = api.reply_in(ADMIN, 1).await;
    assert!(stats.text().contains("مفيد 1، غير مفيد 1"), "{}", stats.text());
    let metrics = get_until(port, "/metrics", 200).await;
    assert!(metrics.contains("isnad_feedback_total{verdict=\"useful\"} 1"), "{metrics}");
    assert!(metrics.contains("isnad_feedback_total{verdict=\"not_useful\"} 1"), "{metrics}");

    // The useful verdict is gold for the evaluation: the question, relevant to the articles shown.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_isnad"))
        .args(["eval"])
        .arg(&feedback)
        .arg("--corpus")
        .arg(corpus.path())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(report.contains("questions 1") && report.contains("R@1 1.000"), "{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_question_shows_its_nearest_passages_on_request_and_their_verdicts_say_so() {
    let data = tempfile::tempdir().unwrap();
    let feedback = data.path().join("feedback.jsonl");
    let port = free_port();
    let env =
        [("ISNAD_FEEDBACK_FILE", feedback.display().to_string()), ("ISNAD_HTTP_ADDR", format!("127.0.0.1:{port}"))];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let corpus = seeds_copy();
    let (api, _bot) = start_bot(corpus.path(), None, &env).await;
    // Refused, though some passages share a word with it; and a question no passage matches at all.
    api.push(private_text(USER, "ما هو أطول نهر في أفريقيا؟"));
    api.push(private_text(USER, "زززز ققققق"));
    let refused = api.reply_in(USER, 1).await;
    assert!(refused.text().starts_with("لم أجد في المصادر") && !refused.text().contains("<blockquote>"));
    let keys = refused.buttons();
    assert_eq!(keys.len(), 1, "{keys:?}");
    let (label, data) = keys[0].clone();
    assert_eq!(label, "اعرض أقرب ما وجدت");
    assert!(data.starts_with("near:") && data.len() <= 64, "{data}");
    let unmatched = api.reply_in(USER, 2).await;
    assert!(unmatched.buttons().is_empty(), "nothing near to show: {:?}", unmatched.buttons());

    // A forged or unknown id is answered with a note and changes nothing.
    let shown = bot_message(private_chat(USER), 1000, refused.text());
    for forged in ["near:zzzz", "near:", "near:a b"] {
        api.push(callback(USER, &shown, forged));
    }
    api.wait_count("answerCallbackQuery", 3).await;
    assert!(api.calls("editMessageText").is_empty());

    // The press turns "not found" into the nearest passages, headed as no sure answer.
    api.push(callback(USER, &shown, &data));
    let edit = api.wait_for("editMessageText", |_| true).await;
    assert_eq!(edit.body["message_id"], 1000);
    let text = edit.text();
    assert!(text.starts_with("لم أجد ما يجيب عن سؤالك بوضوح") && text.contains("<blockquote>"), "{text}");
    assert!(text.contains("1. ") && text.contains("المصدر: "), "{text}");
    let buttons = edit.buttons();

    // A second press before the first edit shows: Telegram finds nothing to change, and that is no failure.
    let unchanged = json!({"ok": false, "error_code": 400,
        "description": "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"});
    api.script("editMessageText", 400, unchanged, std::time::Duration::ZERO);
    api.push(callback(USER, &shown, &data));
    api.wait_count("editMessageText", 2).await;
    let useful = buttons.iter().find(|(t, _)| t.contains("مفيد") && !t.contains("غير")).expect("verdicts").1.clone();
    let more = buttons.iter().find(|(_, d)| d.starts_with("more:")).expect("more results").1.clone();

    // Their next page is the next nearest passages, not a refusal.
    let edited = bot_message(private_chat(USER), 1000, text);
    api.push(callback(USER, &edited, &more));
    let next = api.wait_for("editMessageText", |c| c.text().contains("4. ")).await;
    assert!(next.text().contains("<blockquote>") && !next.text().contains("\n1. "), "{}", next.text());

    // A verdict on them is recorded as one on a refused question's nearest passages.
    api.push(callback(USER, &edited, &useful));
    api.wait_for("answerCallbackQuery", |c| c.text().contains("شكرًا لك، سجّلت")).await;
    let line: serde_json::Value = serde_json::from_str(std::fs::read_to_string(&feedback).unwrap().trim()).unwrap();
    assert_eq!(line["refused"], true, "{line}");
    assert_eq!(line["question"], "ما هو أطول نهر في أفريقيا؟");
    let metrics = get_until(port, "/metrics", 200).await;
    assert!(metrics.contains("isnad_nearest_shown_total 2"), "each press counts: {metrics}");
    assert!(metrics.contains("isnad_questions_total 2"), "a press is no new question: {metrics}");
    assert!(metrics.contains("isnad_errors_total 0"), "{metrics}");
    assert_eq!(api.replies_in(USER).len(), 2, "no apology was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_source_links_to_the_article_in_answers_and_inline_results() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        json!({"id": "nile", "title": "نهر النيل", "source": "مجلة الجغرافيا", "url": "https://example.org/nile?a=1&b=2",
               "text": "نهر النيل أطول أنهار العالم، ويبلغ طوله نحو 6650 كيلومترا، ويصب في البحر المتوسط."}),
        json!({"id": "bad", "title": "نهر آخر", "source": "مدونة", "url": "javascript:alert(1)",
               "text": "نهر الأمازون ثاني أطول أنهار العالم بعد نهر النيل، وأغزرها ماء."}),
    ];
    let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(dir.path().join("rivers.jsonl"), text).unwrap();
    let (api, _bot) = start_bot(dir.path(), None, &[]).await;
    api.push(private_text(USER, "كم يبلغ طول نهر النيل؟"));
    let reply = api.reply_in(USER, 1).await;
    assert!(
        reply.text().contains("<a href=\"https://example.org/nile?a=1&amp;b=2\">مجلة الجغرافيا — نهر النيل</a>"),
        "{}",
        reply.text()
    );
    assert!(!reply.text().contains("javascript"), "{}", reply.text());
    api.push(inline_query(USER, "طول نهر النيل", ""));
    let inline = api.wait_count("answerInlineQuery", 1).await.remove(0);
    let results = inline.body["results"].as_array().unwrap();
    let nile = results.iter().find(|r| r["title"].as_str().unwrap_or("").contains("نهر النيل")).unwrap();
    assert_eq!(nile["url"], "https://example.org/nile?a=1&b=2");
    assert!(results.iter().all(|r| r["url"] != "javascript:alert(1)"));
}
