//! Golden files for every reply a person reads, one snapshot file per reply kind (in `tests/snapshots/`),
//! so any change of wording shows up in review. After a deliberate change: `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test --test replies`) and read the diff.

use isnad::answer::{AlsoIn, Answer, Hit};
use isnad::corpus::{Problem, ProblemKind};
use isnad::render::{self, strings};

fn hit(rank: usize, url: Option<&str>) -> Hit {
    Hit {
        rank,
        score: 1.0,
        passage: rank as u32,
        doc: format!("doc-{rank}"),
        source: "ساسة بوست".into(),
        title: "ماذا نعرف عن التحالف الذي تقوده روسيا؟".into(),
        date: Some("2022-01-10".into()),
        url: url.map(String::from),
        excerpt: "قاد الجنرال أندريه سيرديوكوف قوات حفظ السلام التي أرسلتها المنظمة & حلفاؤها إلى كازاخستان.".into(),
        highlights: vec![4..11, 29..37],
        also: Vec::new(),
    }
}

fn answer(hits: Vec<Hit>) -> Answer {
    Answer {
        question: "من يقود قوات حفظ السلام؟".into(),
        truncated: false,
        answered: true,
        confidence: 0.8,
        why: Default::default(),
        hits,
        has_more: true,
        unanswered: Vec::new(),
        nearest: false,
        tentative: false,
        latest: false,
        courtesy: None,
        only_links: false,
        asked_to_write: false,
    }
}

fn problems() -> Vec<Problem> {
    vec![
        Problem::file("broken.txt", ProblemKind::NotUtf8),
        Problem::line("news.jsonl", 12, ProblemKind::BadJson("expected value".into())),
        Problem::file("big.txt", ProblemKind::TooLarge { bytes: 3_000_000, limit: 2_097_152 }),
    ]
}

#[test]
fn answers() {
    let first = answer(vec![hit(1, Some("https://example.org/a?x=1&y=2")), hit(2, None)]);
    insta::assert_snapshot!("answer_html", render::html(&first, 1000));
    insta::assert_snapshot!("answer_plain", render::plain(&first, 1000));
    let mut copied = hit(1, None);
    copied.also = vec![AlsoIn { doc: "doc-9".into(), source: "نون بوست".into(), title: "عنوان".into() }];
    insta::assert_snapshot!("answer_with_copies_html", render::html(&answer(vec![copied]), 1000));
    let written =
        Answer { question: "لخص لي أحداث كازاخستان".into(), asked_to_write: true, ..first.clone() };
    insta::assert_snapshot!("asked_to_write_plain", render::plain(&written, 1000));
    let newest = Answer { question: "ما آخر الأخبار؟".into(), latest: true, ..first.clone() };
    insta::assert_snapshot!("latest_html", render::html(&newest, 1000));
    let later = answer(vec![hit(4, None)]);
    insta::assert_snapshot!("more_results_html", render::html(&later, 1000));
    let none = Answer { answered: false, hits: vec![], has_more: false, ..first.clone() };
    insta::assert_snapshot!("no_answer", render::plain(&none, 1000));
    let nearest = Answer { tentative: true, ..none.clone() };
    insta::assert_snapshot!("nearest_html", render::html(&Answer { hits: first.hits.clone(), ..nearest }, 1000));
    let truncated = Answer { truncated: true, ..none.clone() };
    insta::assert_snapshot!("truncated_no_answer", render::plain(&truncated, 1000));
    let empty = Answer { question: String::new(), ..none.clone() };
    insta::assert_snapshot!("empty_question", render::plain(&empty, 1000));
    let english = Answer { question: "What is the capital of Japan?".into(), ..none.clone() };
    insta::assert_snapshot!("no_answer_not_arabic", render::plain(&english, 1000));
    for (name, message) in
        [("salam", "السلام عليكم"), ("greeting", "مرحبا"), ("thanks", "شكرا جزيلا"), ("about_bot", "من أنت؟")]
    {
        let kind = isnad::arabic::courtesy(message);
        assert!(kind.is_some(), "{message}");
        let courtesy = Answer { question: message.into(), courtesy: kind, ..none.clone() };
        insta::assert_snapshot!(format!("courtesy_{name}"), render::plain(&courtesy, 1000));
    }
}

#[test]
fn user_commands() {
    let examples = ["من يقود قوات حفظ السلام في كازاخستان؟".to_string(), "لماذا اندلعت الاحتجاجات؟".to_string()];
    insta::assert_snapshot!("start", strings::welcome(&examples));
    insta::assert_snapshot!("added_to_group", strings::added_to_group("isnad_bot"));
    insta::assert_snapshot!("help", strings::help("isnad_bot", false));
    insta::assert_snapshot!("help_admin", strings::help("isnad_bot", true));
    insta::assert_snapshot!("about", strings::ABOUT);
    insta::assert_snapshot!("privacy", strings::privacy(60, false));
    insta::assert_snapshot!("privacy_semantic", strings::privacy(60, true));
    let sources = vec![("ساسة بوست".to_string(), 2), ("نون بوست".to_string(), 1), ("TRT عربي".to_string(), 12)];
    insta::assert_snapshot!("sources", strings::sources(15, &sources));
    let listed = [
        render::Listed {
            source: "ساسة بوست", title: "ماذا نعرف عن التحالف؟", date: Some("2022-01-10"), url: None
        },
        render::Listed {
            source: "نون بوست",
            title: "كازاخستان ساحة لصراع بارد",
            date: Some("2022-01"),
            url: Some("https://example.org/a?x=1&y=2"),
        },
    ];
    let counts = vec![("ساسة بوست".to_string(), 1), ("نون بوست".to_string(), 1)];
    insta::assert_snapshot!("sources_listed_html", render::sources_html(&listed, &counts));
    let menus: Vec<String> = [strings::COMMANDS_PRIVATE, strings::COMMANDS_GROUP, strings::COMMANDS_ADMIN]
        .iter()
        .map(|list| list.iter().map(|(c, d)| format!("/{c} — {d}")).collect::<Vec<_>>().join("\n"))
        .collect();
    insta::assert_snapshot!("command_menus", menus.join("\n\n"));
    let profile = format!("{}\n\n{}", strings::BOT_DESCRIPTION, strings::BOT_SHORT_DESCRIPTION);
    insta::assert_snapshot!("bot_descriptions", profile);
}

#[test]
fn short_notes() {
    let notes = [
        ("empty_ask", strings::EMPTY_ASK),
        ("link_only", strings::LINK_ONLY),
        ("not_text", strings::NOT_TEXT),
        ("unknown_command", strings::UNKNOWN_COMMAND),
        ("rate_limited", strings::RATE_LIMITED),
        ("apology", strings::APOLOGY),
        ("page_expired", strings::PAGE_EXPIRED),
        ("inline_help", &format!("{}\n{}", strings::INLINE_HELP_TITLE, strings::INLINE_HELP_DESCRIPTION)),
        ("inline_no_answer", strings::INLINE_NO_ANSWER_TITLE),
        (
            "buttons",
            &[
                strings::MORE_BUTTON,
                strings::USEFUL_BUTTON,
                strings::NOT_USEFUL_BUTTON,
                strings::NEAREST_BUTTON,
                strings::SHARE_BUTTON,
            ]
            .join("\n"),
        ),
        (
            "feedback_acknowledgements",
            &[strings::FEEDBACK_THANKS, strings::FEEDBACK_REPEATED, strings::FEEDBACK_STALE, strings::FEEDBACK_FAILED]
                .join("\n"),
        ),
    ];
    for (name, text) in notes {
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn admin_replies() {
    insta::assert_snapshot!("admin_only", strings::ADMIN_ONLY);
    insta::assert_snapshot!("reload_done", strings::reload_done(6, 41, 0.42, &problems()));
    insta::assert_snapshot!("reload_done_clean", strings::reload_done(1, 2, 12.6, &[]));
    insta::assert_snapshot!("reload_failed", strings::reload_failed(5, &problems()));
    insta::assert_snapshot!("reload_busy", strings::RELOAD_BUSY);
    insta::assert_snapshot!("reload_error", strings::RELOAD_ERROR);
    let reload = strings::reload_done(6, 41, 0.42, &[]);
    insta::assert_snapshot!("upload_done", strings::upload_done("nile.jsonl", 1, None, &reload));
    let heading = ("فيضان النيل".to_string(), "موقع الأخبار".to_string());
    insta::assert_snapshot!("upload_done_page", strings::upload_done("nile.html", 1, Some(&heading), &reload));
    insta::assert_snapshot!("upload_exists", strings::upload_exists("nile.txt"));
    insta::assert_snapshot!("upload_too_large", strings::upload_too_large(10_240));
    insta::assert_snapshot!("upload_invalid", strings::upload_invalid(&ProblemKind::Binary));
    insta::assert_snapshot!("upload_failed", strings::UPLOAD_FAILED);
    insta::assert_snapshot!("upload_download_failed", strings::UPLOAD_DOWNLOAD_FAILED);
    insta::assert_snapshot!("upload_wrong_type", strings::UPLOAD_WRONG_TYPE);
    insta::assert_snapshot!("bad_file_name", strings::BAD_FILE_NAME);
    insta::assert_snapshot!("remove_done", strings::remove_done("nile.txt", &reload));
    insta::assert_snapshot!("remove_missing", strings::remove_missing("nothing.txt"));
    insta::assert_snapshot!("remove_usage", strings::REMOVE_USAGE);
    insta::assert_snapshot!("replace_usage", strings::REPLACE_USAGE);
    let add = [
        ("add_usage", strings::ADD_USAGE.to_string()),
        ("add_link_hint", strings::ADD_LINK_HINT.to_string()),
        ("add_private", strings::ADD_PRIVATE.to_string()),
        ("add_not_page", strings::ADD_NOT_PAGE.to_string()),
        ("add_fetch_failed", strings::ADD_FETCH_FAILED.to_string()),
        ("add_empty_page", strings::ADD_EMPTY_PAGE.to_string()),
        ("add_exists", strings::add_exists("aljazeera.net-كازاخستان-9f2c11ab.html")),
        ("add_too_large", strings::add_too_large(10_240)),
        ("add_too_many", strings::add_too_many(20)),
        (
            "add_many",
            strings::add_many(
                3,
                1,
                &[
                    ("https://example.org/a".to_string(), strings::added_heading("عنوان المقال", "موقع الأخبار")),
                    ("https://example.org/b.pdf".to_string(), strings::ADD_NOT_PAGE.to_string()),
                    ("https://example.org/c".to_string(), strings::add_exists("example.org-c-1a2b3c4d.html")),
                ],
                &reload,
            ),
        ),
        (
            "archive_done",
            strings::archive_done(
                "مقالات.zip",
                12,
                14,
                &["a.txt".to_string(), "b.html".to_string()],
                &problems(),
                &reload,
            ),
        ),
        ("archive_nothing", strings::archive_nothing("مقالات.zip", &["a.txt".to_string()], &[])),
    ];
    for (name, text) in add {
        insta::assert_snapshot!(name, text);
    }
    let stats = strings::StatsView {
        articles: 5,
        passages: 63,
        index_bytes: 2_500_000,
        since_reload_secs: 150,
        reload_secs: 0.3,
        uptime_secs: 7300,
        questions: 12,
        no_answer_share: 0.25,
        nearest: 2,
        p50_ms: 1.2,
        p95_ms: 3.4,
        useful: 3,
        not_useful: 1,
        failed_reload_secs: None,
    };
    insta::assert_snapshot!("stats", strings::stats(&stats));
    let failed = strings::StatsView { failed_reload_secs: Some(90), ..stats };
    insta::assert_snapshot!("stats_failed_reload", strings::stats(&failed));
}
