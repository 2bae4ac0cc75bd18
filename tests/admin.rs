//! Admin commands end to end: reload, upload, remove, stats, against the fake Bot API.

mod common;

use common::*;
use std::path::Path;

const ADMIN: i64 = 7001;
const ADMIN2: i64 = 7002;
const STRANGER: i64 = 8001;
const NILE: &str = "نهر النيل أطول أنهار العالم، ويبلغ طوله نحو 6650 كيلومترا، ويصب في البحر الأبيض المتوسط بعد أن يجتاز إحدى عشرة دولة.";

fn admins() -> String {
    format!("{ADMIN},{ADMIN2}")
}

async fn bot_on(corpus: &Path) -> (FakeApi, BotProcess) {
    start_bot(corpus, None, &[("ISNAD_ADMINS", &admins())]).await
}

/// The bot on `corpus` with the corpus watch looking every second, once it has started watching (the
/// directory holding its configuration comes back with it).
async fn bot_watching(corpus: &Path) -> (FakeApi, BotProcess, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("watch.toml");
    std::fs::write(&config, "[corpus]\nwatch_seconds = 1\n").unwrap();
    let (api, bot) = start_bot(corpus, Some(&config), &[("ISNAD_ADMINS", &admins())]).await;
    wait_log(&bot, "watching the corpus directory", 1).await;
    (api, bot, dir)
}

/// Leave in `corpus` only an empty file: nothing in it loads.
fn empty(corpus: &Path) {
    for entry in std::fs::read_dir(corpus).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    std::fs::write(corpus.join("empty.txt"), "").unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_picks_up_new_files_and_names_broken_ones() {
    let corpus = seeds_copy();
    let (api, bot) = bot_on(corpus.path()).await;
    std::fs::write(corpus.path().join("nile.txt"), format!("عن النيل\n{NILE}")).unwrap();
    std::fs::write(corpus.path().join("broken.txt"), [0x41, 0x00, 0xff, 0xfe]).unwrap();
    api.push(private_text(ADMIN, "/reload"));
    let reply = api.reply_in(ADMIN, 1).await;
    assert!(reply.text().contains("6 مقالات"), "{}", reply.text());
    assert!(reply.text().contains("broken.txt"), "{}", reply.text());
    api.push(private_text(STRANGER, "كم يبلغ طول نهر النيل؟"));
    assert!(api.reply_in(STRANGER, 1).await.text().contains("6650"));
    api.push(private_text(STRANGER, "من يقود قوات حفظ السلام في كازاخستان؟"));
    assert!(api.reply_in(STRANGER, 2).await.text().contains("<blockquote>"));
    assert!(
        bot.log_text().contains("admin=7001") && bot.log_text().contains("action=\"reload\""),
        "{}",
        bot.log_text()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_emptied_corpus_keeps_the_old_index_in_service() {
    let corpus = seeds_copy();
    let (api, _bot) = bot_on(corpus.path()).await;
    empty(corpus.path());
    api.push(private_text(ADMIN, "/reload"));
    let reply = api.reply_in(ADMIN, 1).await;
    assert!(reply.text().contains("بقي الفهرس السابق") && reply.text().contains("5 مقالات"), "{}", reply.text());
    assert!(reply.text().contains("empty.txt"), "{}", reply.text());
    api.push(private_text(STRANGER, "من يقود قوات حفظ السلام في كازاخستان؟"));
    assert!(api.reply_in(STRANGER, 1).await.text().contains("<blockquote>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_admins_may_run_admin_commands() {
    let corpus = seeds_copy();
    let (api, _bot) = bot_on(corpus.path()).await;
    std::fs::write(corpus.path().join("nile.txt"), format!("عن النيل\n{NILE}")).unwrap();
    for command in ["/reload", "/stats", "/remove 000_71bdb18b926f31b9.txt"] {
        api.push(private_text(STRANGER, command));
    }
    for n in 1..=3 {
        assert!(api.reply_in(STRANGER, n).await.text().contains("للمشرفين فقط"));
    }
    assert!(corpus.path().join("000_71bdb18b926f31b9.txt").exists());
    api.push(private_text(STRANGER, "كم يبلغ طول نهر النيل؟"));
    assert!(!api.reply_in(STRANGER, 4).await.text().contains("6650"), "no reload happened");
    api.push(channel_post(-100_999, "/reload"));
    api.push(channel_post(-100_999, "/ask من يقود قوات حفظ السلام؟"));
    let answer = api.reply_in(-100_999, 1).await;
    assert!(answer.text().contains("<blockquote>"), "a channel's /reload is ignored: {}", answer.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_upload_is_saved_atomically_and_answerable_at_once() {
    let corpus = seeds_copy();
    let (api, bot) = bot_on(corpus.path()).await;
    let text = format!("عن النيل\n{NILE}");
    api.add_file("f-nile", text.as_bytes());
    api.push(document(ADMIN, "f-nile", "nile.txt", text.len(), Some("source: مجلة الجغرافيا\nالعنوان: نهر النيل")));
    let reply = api.reply_in(ADMIN, 1).await;
    assert!(reply.text().contains("nile.txt") && reply.text().contains("6 مقالات"), "{}", reply.text());
    assert!(reply.text().contains("«نهر النيل» من مجلة الجغرافيا"), "the caption's title and source: {}", reply.text());
    assert_eq!(std::fs::read_to_string(corpus.path().join("nile.txt")).unwrap(), text);
    let leftovers: Vec<_> = std::fs::read_dir(corpus.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    api.push(private_text(STRANGER, "كم يبلغ طول نهر النيل؟"));
    let answer = api.reply_in(STRANGER, 1).await;
    assert!(
        answer.text().contains("6650") && answer.text().contains("مجلة الجغرافيا — نهر النيل"),
        "{}",
        answer.text()
    );

    // The same name again needs /replace.
    api.push(document(ADMIN, "f-nile", "nile.txt", text.len(), None));
    assert!(api.reply_in(ADMIN, 2).await.text().contains("/replace"));
    let newer = format!("عن النيل\n{NILE} وقد تغير النص.");
    api.add_file("f-nile2", newer.as_bytes());
    api.push(document(ADMIN, "f-nile2", "nile.txt", newer.len(), Some("/replace")));
    assert!(api.reply_in(ADMIN, 3).await.text().contains("nile.txt"));
    assert_eq!(std::fs::read_to_string(corpus.path().join("nile.txt")).unwrap(), newer);
    assert!(!bot.log_text().contains("TEST-secret-token"), "the token never reaches the log");
}

/// A saved web page with its furniture around the article, in the encoding an older Arabic site uses.
fn nile_page() -> Vec<u8> {
    let html = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">\
         <title>نهر النيل | مجلة الأنهار</title><meta property=\"og:title\" content=\"نهر النيل\">\
         <meta property=\"og:site_name\" content=\"مجلة الأنهار\">\
         <meta property=\"article:published_time\" content=\"2023-05-01T08:00:00Z\">\
         <link rel=\"canonical\" href=\"https://example.org/nile\"></head>\
         <body><nav>الرئيسية - علوم - أنهار</nav><article><h1>نهر النيل</h1><p>{NILE}</p>\
         <aside>اقرأ أيضا: نهر الأمازون أطول من النيل</aside></article><footer>جميع الحقوق محفوظة</footer></body></html>"
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&html);
    bytes.into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_web_page_is_read_with_its_own_title_source_date_and_link() {
    let corpus = seeds_copy();
    let (api, _bot) = bot_on(corpus.path()).await;
    let page = nile_page();
    api.add_file("f-page", &page);
    api.push(document(ADMIN, "f-page", "nile.html", page.len(), None));
    let reply = api.reply_in(ADMIN, 1).await;
    assert!(reply.text().contains("«نهر النيل» من مجلة الأنهار"), "{}", reply.text());
    assert_eq!(std::fs::read(corpus.path().join("nile.html")).unwrap(), page, "the page is kept as sent");
    api.push(private_text(STRANGER, "كم يبلغ طول نهر النيل؟"));
    let answer = api.reply_in(STRANGER, 1).await;
    let text = answer.text();
    assert!(text.contains("6650"), "{text}");
    assert!(text.contains("href=\"https://example.org/nile\">مجلة الأنهار — نهر النيل</a> — 2023-05-01"), "{text}");
    assert!(!text.contains("الأمازون") && !text.contains("الرئيسية"), "the page's furniture is not quoted: {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zip_of_articles_adds_the_new_ones_and_names_the_rest() {
    use std::io::Write;
    let corpus = seeds_copy();
    let (api, _bot) = bot_on(corpus.path()).await;
    let seed = "000_71bdb18b926f31b9.txt";
    let original = std::fs::read(corpus.path().join(seed)).unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let page = format!("<html><head><meta property=\"og:site_name\" content=\"مجلة الأنهار\"></head><article><p>{NILE}</p></article></html>");
    let members: [(&str, &[u8]); 5] = [
        ("articles/nile.html", page.as_bytes()),
        (
            "articles/dam.txt",
            "عن السد العالي\nبني السد العالي في أسوان بين عامي 1960 و1970 ويحجز بحيرة ناصر.".as_bytes(),
        ),
        (seed, b"\xd9\x86\xd8\xb5 \xd8\xa2\xd8\xae\xd8\xb1"),
        ("photo.png", b"\x89PNG"),
        ("../../outside.txt", "نص خارج المجلد بقصد الهروب منه إلى مجلد آخر.".as_bytes()),
    ];
    for (name, bytes) in members {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(bytes).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    api.add_file("f-zip", &bytes);
    api.push(document(ADMIN, "f-zip", "nile.zip", bytes.len(), None));
    let reply = api.reply_in(ADMIN, 1).await;
    let text = reply.text();
    assert!(text.contains("حفظت من «nile.zip»: 3 ملفات (3 مقالات)"), "{text}");
    assert!(text.contains(seed) && text.contains("photo.png"), "the existing and the unsupported are named: {text}");
    assert_eq!(std::fs::read(corpus.path().join(seed)).unwrap(), original, "not replaced without /replace");
    assert!(corpus.path().join("outside.txt").is_file() && !corpus.path().join("articles").exists(), "flattened");
    assert!(!corpus.path().parent().unwrap().join("outside.txt").exists());
    api.push(private_text(STRANGER, "كم يبلغ طول نهر النيل؟"));
    let answer = api.reply_in(STRANGER, 1).await;
    assert!(answer.text().contains("6650") && answer.text().contains("مجلة الأنهار"), "{}", answer.text());

    api.push(document(ADMIN, "f-zip", "nile.zip", bytes.len(), None));
    assert!(api.reply_in(ADMIN, 2).await.text().contains("لم أجد في «nile.zip» مقالًا جديدًا"));
    api.push(document(ADMIN, "f-zip", "nile.zip", bytes.len(), Some("/replace")));
    assert!(api.reply_in(ADMIN, 3).await.text().contains("4 ملفات"));
    assert_ne!(std::fs::read(corpus.path().join(seed)).unwrap(), original, "replaced with /replace");
}

/// A web site on a loopback port: the Nile page (in windows-1256, named only by the HTTP header), a
/// redirect to it, a PDF, a page a script would draw, a page over 64 KiB and a missing page. Its address and how many requests it
/// has had.
async fn web_site() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use axum::http::header::{CONTENT_TYPE, LOCATION};
    use axum::http::StatusCode;
    use axum::routing::get;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let hits = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let page = format!(
        "<html><head><meta property=\"og:title\" content=\"نهر النيل\"><meta property=\"og:site_name\" content=\"مجلة الأنهار\">\
         </head><body><nav>الرئيسية</nav><article><p>{NILE}</p></article></body></html>"
    );
    let legacy = encoding_rs::WINDOWS_1256.encode(&page).0.into_owned();
    let app = axum::Router::new()
        .route("/nile", get(move || async move { ([(CONTENT_TYPE, "text/html; charset=windows-1256")], legacy) }))
        .route("/moved", get(|| async { (StatusCode::MOVED_PERMANENTLY, [(LOCATION, "/nile")]) }))
        .route("/file.pdf", get(|| async { ([(CONTENT_TYPE, "application/pdf")], "%PDF-1.4") }))
        .route(
            "/app",
            get(|| async {
                (
                    [(CONTENT_TYPE, "text/html")],
                    "<html><body><div id=\"root\"></div><script>render()</script></body></html>",
                )
            }),
        )
        .route("/big", get(|| async { ([(CONTENT_TYPE, "text/html")], "<p>كبير</p>".repeat(10_000)) }))
        .layer(axum::middleware::from_fn(move |request, next: axum::middleware::Next| {
            counted.fetch_add(1, Ordering::SeqCst);
            async move { next.run(request).await }
        }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (address, hits)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_fetches_a_named_page_into_the_corpus_and_refuses_what_is_not_one() {
    let (site, hits) = web_site().await;
    let corpus = seeds_copy();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("links.toml");
    std::fs::write(&config, "[bot]\nallow_private_links = true\nmax_upload_kb = 64\n").unwrap();
    let (api, _bot) = start_bot(corpus.path(), Some(&config), &[("ISNAD_ADMINS", &admins())]).await;

    api.push(private_text(STRANGER, &format!("/add {site}/moved")));
    assert!(api.reply_in(STRANGER, 1).await.text().contains("للمشرفين فقط"), "only admins add pages");
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0, "a stranger's link is never fetched");

    api.push(private_text(ADMIN, &format!("/add {site}/moved")));
    let reply = api.reply_in(ADMIN, 1).await;
    assert!(reply.text().contains("«نهر النيل» من مجلة الأنهار"), "{}", reply.text());
    api.push(private_text(STRANGER, "كم يبلغ طول نهر النيل؟"));
    let answer = api.reply_in(STRANGER, 2).await;
    assert!(answer.text().contains("6650") && !answer.text().contains("الرئيسية"), "{}", answer.text());
    assert!(answer.text().contains(&format!("href=\"{site}/nile\"")), "linked where it was found: {}", answer.text());

    api.push(private_text(ADMIN, &format!("/add {site}/moved")));
    assert!(api.reply_in(ADMIN, 2).await.text().contains("/replace"), "the same page again needs /replace");
    api.push(private_text(ADMIN, &format!("/add {site}/moved /replace")));
    assert!(api.reply_in(ADMIN, 3).await.text().contains("«نهر النيل»"));

    let refusals = [
        (format!("/add {site}/file.pdf"), "لا يؤدي إلى صفحة ويب"),
        (format!("/add {site}/app"), "احفظ الصفحة من المتصفح"),
        (format!("/add {site}/big"), "أكبر من الحد"),
        (format!("/add {site}/gone"), "تعذّر جلب الصفحة"),
        ("/add ftp://example.org/a".to_string(), "اكتب رابط صفحة المقال"),
        ("/add".to_string(), "اكتب رابط صفحة المقال"),
    ];
    for (i, (command, expected)) in refusals.iter().enumerate() {
        api.push(private_text(ADMIN, command));
        let reply = api.reply_in(ADMIN, 4 + i).await;
        assert!(reply.text().contains(expected), "{command}: {}", reply.text());
    }
    let pages = || -> Vec<String> {
        std::fs::read_dir(corpus.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".html"))
            .collect()
    };
    assert_eq!(pages().len(), 1, "only the page was saved: {:?}", pages());

    // Removed by the link it was added with.
    api.push(private_text(ADMIN, &format!("/remove {site}/moved")));
    let removed = api.reply_in(ADMIN, 4 + refusals.len()).await;
    assert!(removed.text().contains(".trash"), "{}", removed.text());
    assert!(pages().is_empty());

    // Several links in one message: each fetched and reported, one reload.
    api.push(private_text(ADMIN, &format!("/add {site}/nile {site}/file.pdf")));
    let many = api.reply_in(ADMIN, 5 + refusals.len()).await;
    let text = many.text();
    assert!(text.contains("الروابط: رابطان، حفظت منها 1."), "{text}");
    assert!(text.contains("حفظتها: «نهر النيل» من مجلة الأنهار.") && text.contains("لا يؤدي إلى صفحة ويب"), "{text}");
    assert!(text.contains("تمت إعادة التحميل"), "{text}");
    assert_eq!(pages().len(), 1);
    let too_many: Vec<String> = (0..21).map(|i| format!("{site}/p{i}")).collect();
    api.push(private_text(ADMIN, &format!("/add {}", too_many.join(" "))));
    assert!(api.reply_in(ADMIN, 6 + refusals.len()).await.text().contains("20 رابطًا على الأكثر"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_does_not_fetch_from_the_machine_s_own_network_by_default() {
    let (site, hits) = web_site().await;
    let corpus = seeds_copy();
    let (api, _bot) = bot_on(corpus.path()).await;
    for (i, address) in
        [format!("{site}/nile"), "http://localhost:9/".to_string(), "http://169.254.169.254/".to_string()]
            .iter()
            .enumerate()
    {
        api.push(private_text(ADMIN, &format!("/add {address}")));
        let reply = api.reply_in(ADMIN, i + 1).await;
        assert!(reply.text().contains("الشبكة المحلية"), "{address}: {}", reply.text());
    }
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0);

    // A link alone: an admin is offered the /add that would add it, anyone else is told the bot opens
    // no page; nothing is fetched either way.
    let link = "https://example.org/news/kz?a=1&b=2";
    api.push(private_text(ADMIN, link));
    let offer = api.reply_in(ADMIN, 4).await;
    assert!(offer.text().contains("<code>/add https://example.org/news/kz?a=1&amp;b=2</code>"), "{}", offer.text());
    api.push(private_text(STRANGER, link));
    let told = api.reply_in(STRANGER, 1).await;
    assert!(told.text().contains("لا أفتح الروابط") && !told.text().contains("/add"), "{}", told.text());
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_from_others_hostile_names_bad_files_and_oversize_files_are_not_saved() {
    let corpus = seeds_copy();
    let (api, _bot) = bot_on(corpus.path()).await;
    let text = format!("عن النيل\n{NILE}");
    api.add_file("f1", text.as_bytes());
    api.add_file("bin", &[0u8, 1, 2, 3, 0xff]);
    api.push(document(STRANGER, "f1", "nile.txt", text.len(), None));
    assert!(api.reply_in(STRANGER, 1).await.text().contains("للمشرفين فقط"));
    let cases = [
        ("../evil.txt", "f1", text.len()),
        (".hidden.txt", "f1", text.len()),
        ("a/b.txt", "f1", text.len()),
        ("sources.toml", "f1", text.len()),
        ("photo.png", "f1", text.len()),
        ("big.txt", "f1", 50 << 20),
        ("binary.txt", "bin", 5),
    ];
    for (n, (name, file, size)) in cases.iter().enumerate() {
        api.push(document(ADMIN, file, name, *size, None));
        let reply = api.reply_in(ADMIN, n + 1).await;
        assert!(!reply.text().contains("حفظت"), "{name}: {}", reply.text());
    }
    let names: Vec<String> = std::fs::read_dir(corpus.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 6, "{names:?}");
    assert!(!corpus.path().parent().unwrap().join("evil.txt").exists());
    assert!(api.reply_in(ADMIN, 6).await.text().contains("الحد المسموح"));
    assert!(api.reply_in(ADMIN, 7).await.text().contains("ثنائي"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remove_moves_the_article_to_trash_and_stats_report_the_service() {
    let corpus = seeds_copy();
    let (api, _bot) = bot_on(corpus.path()).await;
    api.push(private_text(STRANGER, "من يقود قوات حفظ السلام في كازاخستان؟"));
    api.reply_in(STRANGER, 1).await;
    api.push(private_text(ADMIN, "/remove 003_98464331fc3c8a1d.txt"));
    let reply = api.reply_in(ADMIN, 1).await;
    assert!(reply.text().contains(".trash") && reply.text().contains("4 مقالات"), "{}", reply.text());
    assert!(corpus.path().join(".trash/003_98464331fc3c8a1d.txt").exists());
    assert!(!corpus.path().join("003_98464331fc3c8a1d.txt").exists());
    api.push(private_text(ADMIN, "/remove ../seeds/x.txt"));
    assert!(api.reply_in(ADMIN, 2).await.text().contains("غير مقبول"));
    api.push(private_text(ADMIN, "/remove nothing.txt"));
    assert!(api.reply_in(ADMIN, 3).await.text().contains("لا يوجد"));
    api.push(private_text(ADMIN, "/sources"));
    assert!(!api.reply_in(ADMIN, 4).await.text().contains("TRT"));
    api.push(private_text(ADMIN, "/stats"));
    let stats = api.reply_in(ADMIN, 5).await;
    for needle in ["المقالات: 4", "الفقرات:", "حجم الفهرس", "آخر إعادة تحميل", "مدة التشغيل", "الأسئلة: 1", "الوسيط"]
    {
        assert!(stats.text().contains(needle), "{needle}: {}", stats.text());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn questions_are_answered_while_a_reload_runs_and_a_second_reload_waits_its_turn() {
    let corpus = seeds_copy();
    // A corpus large enough that rebuilding it takes a while in a debug build.
    let mut lines = String::new();
    for i in 0..6000 {
        lines.push_str(&format!(
            "{{\"id\": \"n{i}\", \"title\": \"خبر {i}\", \"text\": \"{} رقم {i} عن الاقتصاد والطقس والرياضة في المدن العربية.\"}}\n",
            "نص تجريبي طويل يتكرر لملء المجموعة بكلمات كثيرة متنوعة ".repeat(12)
        ));
    }
    std::fs::write(corpus.path().join("bulk.jsonl"), lines).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("one-thread.toml");
    std::fs::write(&config, "[search]\nindex_threads = 1\n").unwrap();
    let (api, _bot) = start_bot(corpus.path(), Some(&config), &[("ISNAD_ADMINS", &admins())]).await;
    api.push(private_text(ADMIN, "/reload"));
    api.push(private_text(ADMIN2, "/reload"));
    api.push(private_text(STRANGER, "من يقود قوات حفظ السلام في كازاخستان؟"));
    let answer = api.reply_in(STRANGER, 1).await;
    assert!(answer.text().contains("<blockquote>"));
    let first = api.reply_in(ADMIN, 1).await;
    let second = api.reply_in(ADMIN2, 1).await;
    let busy = [&first, &second].iter().filter(|r| r.text().contains("تجري الآن")).count();
    let done = [&first, &second].iter().filter(|r| r.text().contains("تمت إعادة التحميل")).count();
    assert_eq!((busy, done), (1, 1), "{} / {}", first.text(), second.text());
    let calls = api.all_calls();
    let position = |chat: i64| calls.iter().position(|c| c.method == "sendMessage" && c.body["chat_id"] == chat);
    let done_chat = if first.text().contains("تمت") { ADMIN } else { ADMIN2 };
    assert!(position(STRANGER) < position(done_chat), "the question was answered before the reload finished");
}

/// Wait until the bot's log holds `needle` `times` times; the log.
async fn wait_log(bot: &BotProcess, needle: &str, times: usize) -> String {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let log = bot.log_text();
        if log.matches(needle).count() >= times {
            return log;
        }
        assert!(std::time::Instant::now() < deadline, "no {needle:?} ×{times} in the log:\n{log}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_reloads_the_corpus_and_the_bot_keeps_running() {
    let corpus = seeds_copy();
    let (api, mut bot) = bot_on(corpus.path()).await;
    std::fs::write(corpus.path().join("nile.txt"), format!("عن النيل\n{NILE}")).unwrap();
    api.push(private_text(STRANGER, "كم يبلغ طول نهر النيل؟"));
    assert!(!api.reply_in(STRANGER, 1).await.text().contains("6650"), "not read before the signal");
    let status = std::process::Command::new("kill").args(["-HUP", &bot.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let log = wait_log(&bot, "action=\"SIGHUP\" outcome=\"ok\" articles=6", 1).await;
    assert!(!log.contains("admin="), "no admin asked for it: {log}");
    api.push(private_text(STRANGER, "كم يبلغ طول نهر النيل؟"));
    assert!(api.reply_in(STRANGER, 2).await.text().contains("6650"));
    assert!(bot.child.try_wait().unwrap().is_none(), "SIGHUP does not end the process");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_corpus_watch_reloads_a_changed_directory_once_and_ignores_hidden_files() {
    let corpus = seeds_copy();
    let (api, bot, _config) = bot_watching(corpus.path()).await;
    std::fs::write(corpus.path().join("nile.txt"), format!("عن النيل\n{NILE}")).unwrap();
    wait_log(&bot, "action=\"watch\" outcome=\"ok\" articles=6", 1).await;
    api.push(private_text(STRANGER, "كم يبلغ طول نهر النيل؟"));
    assert!(api.reply_in(STRANGER, 1).await.text().contains("6650"));
    // A hidden file (the feedback log kept beside the corpus, a partial upload) is not the corpus.
    std::fs::write(corpus.path().join(".notes.txt"), NILE).unwrap();
    std::fs::remove_file(corpus.path().join("nile.txt")).unwrap();
    let log = wait_log(&bot, "action=\"watch\" outcome=\"ok\" articles=5", 1).await;
    assert_eq!(log.matches("action=\"watch\"").count(), 2, "one reload for each change: {log}");
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    std::fs::write(corpus.path().join(".notes.txt"), "تغيير").unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let log = bot.log_text();
    assert_eq!(log.matches("action=\"watch\"").count(), 2, "nothing changed since, nothing reloaded: {log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_corpus_watch_does_not_retry_a_corpus_that_loads_nothing_until_it_changes_again() {
    let corpus = seeds_copy();
    let (api, bot, _config) = bot_watching(corpus.path()).await;
    empty(corpus.path());
    wait_log(&bot, "action=\"watch\" outcome=\"nothing loadable, old index kept\"", 1).await;
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    let log = bot.log_text();
    assert_eq!(log.matches("action=\"watch\"").count(), 1, "the same files are not rebuilt at every look: {log}");
    api.push(private_text(STRANGER, "من يقود قوات حفظ السلام في كازاخستان؟"));
    assert!(api.reply_in(STRANGER, 1).await.text().contains("<blockquote>"), "the old index answers");
    // An admin learns of it from /stats, until a reload succeeds.
    api.push(private_text(ADMIN, "/stats"));
    let stats = api.reply_in(ADMIN, 1).await;
    assert!(stats.text().contains("فشلت") && stats.text().contains("المقالات: 5"), "{}", stats.text());
    std::fs::write(corpus.path().join("nile.txt"), format!("عن النيل\n{NILE}")).unwrap();
    wait_log(&bot, "action=\"watch\" outcome=\"ok\" articles=1", 1).await;
    api.push(private_text(ADMIN, "/stats"));
    let stats = api.reply_in(ADMIN, 2).await;
    assert!(!stats.text().contains("فشلت") && stats.text().contains("المقالات: 1"), "{}", stats.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sighup_while_the_index_is_first_built_does_not_end_the_process() {
    // A corpus large enough that the first build is still running when the signal comes.
    let corpus = tempfile::tempdir().unwrap();
    let article = |i: usize| {
        let text = format!("{NILE} ").repeat(20);
        format!("{{\"id\": \"a{i}\", \"title\": \"مقال {i}\", \"text\": \"{text}\"}}\n")
    };
    std::fs::write(corpus.path().join("many.jsonl"), (0..3000).map(article).collect::<String>()).unwrap();
    let api = FakeApi::start().await;
    let mut bot = BotProcess::start(&api, corpus.path(), None, &[]);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let status = std::process::Command::new("kill").args(["-HUP", &bot.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    api.wait_for("getUpdates", |_| true).await;
    assert!(bot.child.try_wait().unwrap().is_none(), "still running: {}", bot.log_text());
    api.push(private_text(STRANGER, "كم يبلغ طول نهر النيل؟"));
    assert!(api.reply_in(STRANGER, 1).await.text().contains("6650"));
}
