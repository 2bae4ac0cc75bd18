//! Semantic mode against a deterministic fake embeddings server on 127.0.0.1 (hashed bags of meanings,
//! see `common::FakeEmbeddings`): hybrid ranking, vectors paid for once, and faults that leave the
//! answers lexical. The real model is exercised by `tests/paraphrases.rs` when a server is given.

mod common;

use std::path::Path;
use std::process::Output;

use common::*;
use serde_json::{json, Value};

/// A temporary corpus directory where the passage that answers "who leads the mission" shares no word
/// with that question.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        json!({"id": "answer", "title": "تقرير", "text": "أعلنت المنظمة أن أندريه سيتولى المهمة العسكرية في البلاد خلال الأسابيع المقبلة."}),
        json!({"id": "words", "title": "خبر", "text": "يحضر الوزير اجتماع البعثة التجارية كل أسبوع في مقر الغرفة، ويتحدث عن الأسعار والضرائب."}),
        json!({"id": "weather", "title": "الطقس", "text": "يتوقع أن يكون الجو حارا غدا مع رياح خفيفة في المناطق الساحلية والداخلية."}),
    ];
    let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(dir.path().join("corpus.jsonl"), text).unwrap();
    dir
}

/// `isnad ask --json` on `corpus` with `env`, off the async runtime.
async fn ask(corpus: &Path, config: Option<&Path>, env: Vec<(String, String)>, question: &str) -> Output {
    let (corpus, config, question) = (corpus.to_path_buf(), config.map(Path::to_path_buf), question.to_string());
    tokio::task::spawn_blocking(move || {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_isnad"));
        if let Some(config) = config {
            command.arg("--config").arg(config);
        }
        command.args(["ask", "--json", "--corpus"]).arg(&corpus).arg(&question).env_remove("ISNAD_INDEX_DIR");
        command.env_remove("ISNAD_EMBEDDINGS_URL").envs(env).output().unwrap()
    })
    .await
    .unwrap()
}

fn answer(output: &Output) -> Value {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn docs(answer: &Value) -> Vec<String> {
    answer["results"].as_array().unwrap().iter().map(|r| r["doc"].as_str().unwrap().to_string()).collect()
}

/// A configuration in `dir` that weighs the cosine heavily and refuses nothing, so the fake's vectors
/// decide the order; `search` adds to its `[search]` table.
fn leaning_on_cosines_with(dir: &Path, search: &str) -> std::path::PathBuf {
    let config = dir.join("semantic.toml");
    let text = format!(
        "[search]\n{search}semantic_weight = 0.8\nmin_confidence = 0.0\nmin_coverage = 0.0\n\n\
         # On a loaded machine a question's vector must not miss its timeout (the answer would be lexical).\n\
         [embeddings]\ntimeout_ms = 10000\n"
    );
    std::fs::write(&config, text).unwrap();
    config
}

fn leaning_on_cosines(dir: &Path) -> std::path::PathBuf {
    leaning_on_cosines_with(dir, "")
}

fn url(fake: &FakeEmbeddings) -> Vec<(String, String)> {
    vec![("ISNAD_EMBEDDINGS_URL".into(), fake.url.clone())]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hybrid_ranking_puts_first_the_paraphrase_lexical_ranking_misses() {
    let dir = corpus();
    let config = leaning_on_cosines(dir.path());
    let fake = FakeEmbeddings::start().await;
    let question = "من يقود البعثة؟";
    let lexical = answer(&ask(dir.path(), Some(&config), vec![], question).await);
    assert_eq!(docs(&lexical)[0], "words", "lexically only the passage sharing the words");
    let hybrid = answer(&ask(dir.path(), Some(&config), url(&fake), question).await);
    assert_eq!(docs(&hybrid)[0], "answer", "{hybrid}");
    assert!(hybrid["why"]["cosine"].as_f64().is_some());
    assert_eq!(fake.passages().len(), 3, "every passage embedded once");
    assert!(fake.passages()[0].starts_with("تقرير\n"), "the title goes with the passage");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_confidence_knows_how_near_a_question_lies_to_the_corpus_as_a_whole() {
    let dir = corpus();
    let config = leaning_on_cosines(dir.path());
    let fake = FakeEmbeddings::start().await;
    let topic = |answer: &Value| answer["why"]["topic"].as_f64().unwrap_or_else(|| panic!("no topic: {answer}"));
    let near = answer(&ask(dir.path(), Some(&config), url(&fake), "متى يحضر الوزير اجتماع البعثة؟").await);
    let far = answer(&ask(dir.path(), Some(&config), url(&fake), "كم تبلغ مساحة آيسلندا؟").await);
    assert!(topic(&near) > topic(&far) + 0.1, "{near} {far}");
    let lexical = answer(&ask(dir.path(), Some(&config), vec![], "متى يحضر الوزير اجتماع البعثة؟").await);
    assert!(lexical["why"]["topic"].is_null(), "no vectors, no topic: {lexical}");

    // `--explain` without --json prints the semantic parts on its line, and only in semantic mode.
    let (config, corpus) = (config.clone(), dir.path().to_path_buf());
    let explained = move |env: Vec<(String, String)>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_isnad"));
        command.arg("--config").arg(&config).args(["ask", "--explain", "--corpus"]).arg(&corpus);
        command.arg("متى يحضر الوزير اجتماع البعثة؟").env_remove("ISNAD_INDEX_DIR").env_remove("ISNAD_EMBEDDINGS_URL");
        let output = command.envs(env).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let text = String::from_utf8_lossy(&output.stdout).to_string();
        text.lines().find(|l| l.starts_with("confidence ")).unwrap_or_default().to_string()
    };
    let with_url = url(&fake);
    let (hybrid, plain) = tokio::task::spawn_blocking(move || (explained(with_url), explained(vec![]))).await.unwrap();
    assert!(["cosine ", "cosine gap ", "topic "].iter().all(|p| hybrid.contains(p)), "{hybrid}");
    assert!(plain.contains("held ") && !plain.contains("topic"), "{plain}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dialect_question_is_embedded_in_standard_words_without_its_frame() {
    let dir = corpus();
    let fake = FakeEmbeddings::start().await;
    let asked = answer(&ask(dir.path(), None, url(&fake), "لو سمحت، مين اللي بعت البعثة؟").await);
    assert!(asked["why"]["cosine"].as_f64().is_some(), "{asked}");
    assert_eq!(fake.query_texts(), ["من الذي ارسل البعثة؟"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_with_a_filled_index_dir_sends_no_passage_and_a_change_only_the_new_one() {
    let dir = corpus();
    let store = tempfile::tempdir().unwrap();
    let fake = FakeEmbeddings::start().await;
    let mut env = url(&fake);
    env.push(("ISNAD_INDEX_DIR".into(), store.path().display().to_string()));
    let ask_here = |env: Vec<(String, String)>| {
        let dir = dir.path().to_path_buf();
        async move {
            let (corpus, question) = (dir, "من يقود البعثة؟");
            tokio::task::spawn_blocking(move || {
                std::process::Command::new(env!("CARGO_BIN_EXE_isnad"))
                    .args(["ask", "--json", "--corpus"])
                    .arg(&corpus)
                    .arg(question)
                    .env_remove("ISNAD_EMBEDDINGS_URL")
                    .envs(env)
                    .output()
                    .unwrap()
            })
            .await
            .unwrap()
        }
    };
    answer(&ask_here(env.clone()).await);
    assert_eq!(fake.passages().len(), 3);
    answer(&ask_here(env.clone()).await);
    assert_eq!(fake.passages().len(), 3, "a restart re-embeds nothing");
    let row = json!({"id": "new", "title": "إضافة", "text": "نص جديد عن المهمة يضاف إلى المجموعة بعد الفهرسة الأولى."});
    std::fs::write(dir.path().join("more.jsonl"), format!("{row}\n")).unwrap();
    answer(&ask_here(env).await);
    let sent = fake.passages();
    assert_eq!(sent.len(), 4, "{sent:#?}");
    assert!(sent[3].contains("نص جديد"), "only the new passage: {sent:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_answers_from_the_server_are_a_clear_error_on_the_command_line() {
    let dir = corpus();
    // Every passage in one request, so that the wrong dimension is the question's alone.
    let settings = tempfile::tempdir().unwrap();
    let one_batch = settings.path().join("one-batch.toml");
    std::fs::write(&one_batch, "[embeddings]\nbatch = 64\n").unwrap();
    for mode in [EmbedMode::Fail, EmbedMode::Malformed, EmbedMode::WrongDimension] {
        let fake = FakeEmbeddings::start().await;
        fake.set_mode(mode);
        let output = ask(dir.path(), Some(&one_batch), url(&fake), "من يقود البعثة؟").await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if mode == EmbedMode::WrongDimension {
            // The passages come in one batch of one size; the question's vector has another: it is
            // refused and the question answered lexically.
            let lexical = answer(&output);
            assert!(lexical["why"]["cosine"].is_null(), "{lexical}");
            assert!(!stderr.contains("panicked"), "{stderr}");
            continue;
        }
        assert!(!output.status.success(), "{mode:?}");
        assert!(stderr.contains("embedding server") && !stderr.contains("panicked"), "{mode:?}: {stderr}");
    }
    let closed = format!("http://127.0.0.1:{}/v1", free_port());
    let output = ask(dir.path(), None, vec![("ISNAD_EMBEDDINGS_URL".into(), closed)], "من يقود البعثة؟").await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success() && stderr.contains("unreachable"), "{stderr}");
}

/// Wait until `/metrics` on `port` holds `line`.
async fn metrics_show(port: u16, line: &str) {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let metrics = get_until(port, "/metrics", 200).await;
        if metrics.contains(line) {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "{metrics}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_answers_lexically_while_the_server_is_down_or_broken() {
    let dir = corpus();
    let fake = FakeEmbeddings::start().await;
    fake.set_mode(EmbedMode::Fail);
    let port = free_port();
    let env = [("ISNAD_EMBEDDINGS_URL", fake.url.clone()), ("ISNAD_HTTP_ADDR", format!("127.0.0.1:{port}"))];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (api, bot) = start_bot(dir.path(), None, &env).await;
    api.push(private_text(1, "متى يحضر الوزير اجتماع البعثة التجارية؟"));
    let reply = api.reply_in(1, 1).await;
    assert!(reply.text().contains("<blockquote>"), "{}\n{}", reply.text(), bot.log_text());
    let metrics = get_until(port, "/metrics", 200).await;
    assert!(metrics.contains("isnad_embedded_passages 0"), "{metrics}");
    let failures = metrics.lines().find(|l| l.starts_with("isnad_embedding_failures_total{kind=\"passage\"}")).unwrap();
    assert!(!failures.ends_with(" 0"), "{failures}");
    // The server comes back: the passages get their vectors (retried with backoff), nothing crashed.
    fake.set_mode(EmbedMode::Ok);
    metrics_show(port, "isnad_embedded_passages 3").await;
    api.push(private_text(1, "من يحضر اجتماع البعثة؟"));
    let reply = api.reply_in(1, 2).await;
    assert!(reply.text().contains("<blockquote>"), "{}", reply.text());
    assert!(fake.queries() > 0, "questions get vectors once the passages have theirs");
    assert!(!bot.log_text().contains("panicked"), "{}", bot.log_text());
    // /privacy says that questions go to the embedding server in semantic mode.
    api.push(private_text(1, "/privacy"));
    let privacy = api.reply_in(1, 3).await;
    assert!(privacy.text().contains("خادم التمثيل الدلالي"), "{}", privacy.text());
}

/// A bot's environment: embedding through `fake`, `/metrics` on `port`, user 77 an admin.
fn admin_env(fake: &FakeEmbeddings, port: u16) -> Vec<(&'static str, String)> {
    vec![
        ("ISNAD_EMBEDDINGS_URL", fake.url.clone()),
        ("ISNAD_HTTP_ADDR", format!("127.0.0.1:{port}")),
        ("ISNAD_ADMINS", "77".to_string()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_embeds_only_its_own_passages() {
    let corpus = seeds_copy();
    let fake = FakeEmbeddings::start().await;
    let port = free_port();
    let env = admin_env(&fake, port);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (api, _bot) = start_bot(corpus.path(), None, &env).await;
    let wait_all = |n: usize| async move {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let metrics = get_until(port, "/metrics", 200).await;
            let done =
                metrics.lines().find_map(|l| l.strip_prefix("isnad_embedded_passages ")).unwrap_or("0").to_string();
            let total = metrics
                .lines()
                .find_map(|l| l.strip_prefix("isnad_embedding_passages_total "))
                .unwrap_or("0")
                .to_string();
            if done == total && done.parse::<usize>().unwrap_or(0) >= n {
                return done.parse::<usize>().unwrap();
            }
            assert!(std::time::Instant::now() < deadline, "{metrics}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    };
    let first = wait_all(1).await;
    assert_eq!(fake.passages().len(), first);
    let text = "عن النيل\nنهر النيل أطول أنهار العالم، ويبلغ طوله نحو 6650 كيلومترا، ويصب في البحر المتوسط.";
    api.add_file("nile", text.as_bytes());
    api.push(document(77, "nile", "nile.txt", text.len(), None));
    assert!(api.reply_in(77, 1).await.text().contains("nile.txt"));
    wait_all(first + 1).await;
    let sent = fake.passages();
    assert_eq!(sent.len(), first + 1, "only the new passage is sent");
    assert!(sent.last().unwrap().contains("6650"));
}

/// The bot on `corpus`'s three passages with `config`, embedding through a fake server, once every
/// passage has its vector; and the port of its `/metrics`.
async fn bot_with_every_vector(corpus: &Path, config: &Path) -> (FakeEmbeddings, FakeApi, BotProcess, u16) {
    let fake = FakeEmbeddings::start().await;
    let port = free_port();
    let env = [("ISNAD_EMBEDDINGS_URL", fake.url.clone()), ("ISNAD_HTTP_ADDR", format!("127.0.0.1:{port}"))];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (api, bot) = start_bot(corpus, Some(config), &env).await;
    metrics_show(port, "isnad_embedded_passages 3").await;
    (fake, api, bot, port)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_embeds_each_question_of_a_message_in_one_request_and_quotes_an_answer_to_each() {
    let dir = corpus();
    let config = leaning_on_cosines(dir.path());
    let (fake, api, bot, _) = bot_with_every_vector(dir.path(), &config).await;
    let requests = fake.requests();
    api.push(private_text(1, "من يقود البعثة؟ وكيف يكون الجو غدا؟"));
    let reply = api.reply_in(1, 1).await;
    let text = reply.text();
    assert!(text.contains("أندريه") && text.contains("رياح خفيفة"), "{text}\n{}", bot.log_text());
    assert!(text.find("أندريه") < text.find("رياح خفيفة"), "the first question's answer first: {text}");
    assert_eq!(fake.requests() - requests, 1, "one request for the message");
    let asked = fake.query_texts();
    assert_eq!(asked.len(), 2, "{asked:?}");
    assert!(asked[0].contains("البعثة") && asked[1].contains("الجو"), "{asked:?}");
}

/// The callback data of the reply's "more results" button.
fn more_button(reply: &Call) -> String {
    let mut data = reply.buttons().into_iter().map(|(_, data)| data);
    data.find(|d| d.starts_with("more:")).unwrap_or_else(|| panic!("no more-results button: {reply:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_further_page_or_the_same_question_again_needs_no_new_vector() {
    let dir = corpus();
    let config = leaning_on_cosines_with(dir.path(), "top = 1\n");
    let (fake, api, bot, port) = bot_with_every_vector(dir.path(), &config).await;
    let requests = fake.requests();
    api.push(private_text(1, "من يقود البعثة؟"));
    let reply = api.reply_in(1, 1).await;
    assert!(reply.text().contains("أندريه"), "{}\n{}", reply.text(), bot.log_text());
    assert_eq!(fake.requests() - requests, 1, "the question's vector is asked for once");
    let shown = bot_message(private_chat(1), 1000, reply.text());
    api.push(callback(1, &shown, &more_button(&reply)));
    let edit = api.wait_for("editMessageText", |_| true).await;
    assert!(edit.text().contains("2. ") && !edit.text().contains("أندريه"), "{}", edit.text());
    api.push(private_text(1, "من يقود البعثة؟"));
    assert!(api.reply_in(1, 2).await.text().contains("أندريه"));
    assert_eq!(fake.requests() - requests, 1, "the second page and the question asked again reuse the vector");
    metrics_show(port, "isnad_question_vectors_reused_total 2").await;
    // Another question is embedded as usual.
    api.push(private_text(1, "كيف يكون الجو غدا؟"));
    assert!(api.reply_in(1, 3).await.text().contains("رياح خفيفة"));
    assert_eq!(fake.requests() - requests, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_article_leaves_no_stored_vector_behind_and_the_rest_survive_a_restart() {
    let dir = corpus();
    let extra: String = (0..6)
        .map(|i| {
            let row = json!({"id": format!("extra-{i}"), "title": "إضافة", "text": format!("نص إضافي رقم {i} عن موضوع آخر في المجموعة.")});
            format!("{row}\n")
        })
        .collect();
    std::fs::write(dir.path().join("extra.jsonl"), extra).unwrap();
    let store = tempfile::tempdir().unwrap();
    let fake = FakeEmbeddings::start().await;
    let port = free_port();
    let mut env = admin_env(&fake, port);
    env.push(("ISNAD_INDEX_DIR", store.path().display().to_string()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (api, bot) = start_bot(dir.path(), None, &env).await;
    metrics_show(port, "isnad_embedded_passages 9").await;
    let file = store.path().join("vectors.bin");
    let full = std::fs::metadata(&file).unwrap().len();

    api.push(private_text(77, "/remove extra.jsonl"));
    assert!(api.reply_in(77, 1).await.text().contains(".trash"));
    let deadline = std::time::Instant::now() + WAIT;
    while !bot.log_text().contains("dropped=6") {
        assert!(std::time::Instant::now() < deadline, "{}", bot.log_text());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let kept = std::fs::metadata(&file).unwrap().len();
    let record = (full - kept) / 6;
    assert!(record > 16 && (full - kept) % 6 == 0, "the six removed passages' records are gone: {full} -> {kept}");
    drop(bot);

    let sent = fake.passages().len();
    assert_eq!(sent, 9);
    let mut env = url(&fake);
    env.push(("ISNAD_INDEX_DIR".into(), store.path().display().to_string()));
    answer(&ask(dir.path(), None, env, "من يقود البعثة؟").await);
    assert_eq!(fake.passages().len(), sent, "the three kept vectors are read back after a restart");
}
