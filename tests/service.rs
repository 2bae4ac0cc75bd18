//! Running as a service: health and metrics over loopback, webhook mode, JSON logs, deploy files.

mod common;

use std::sync::Arc;

use common::*;
use isnad::engine::{Engine, IndexHandle};
use isnad::http::{router, serve, Health};
use isnad::stats::Stats;

const USER: i64 = 1001;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_is_503_until_the_index_is_loaded_then_200() {
    let health = Health::new(Arc::new(Stats::default()));
    let port = free_port();
    let app = router(health.clone());
    tokio::spawn(serve(([127, 0, 0, 1], port).into(), app, std::future::pending()));
    get_until(port, "/healthz", 503).await;
    let metrics = get_until(port, "/metrics", 200).await;
    assert!(metrics.contains("isnad_ready 0"));
    let config = isnad::config::Config { corpus_dir: root().join("seeds"), ..Default::default() };
    let (index, took) = isnad::reload::build_index(&config).unwrap();
    let _ = health.index.set(Arc::new(IndexHandle::new(Engine::new(index), took)));
    get_until(port, "/healthz", 200).await;
    let metrics = get_until(port, "/metrics", 200).await;
    assert!(metrics.contains("isnad_ready 1") && metrics.contains("isnad_index_articles 5"), "{metrics}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_questions_over_loopback_while_polling() {
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let (api, _bot) = start_bot(&root().join("seeds"), None, &[("ISNAD_HTTP_ADDR", &addr)]).await;
    get_until(port, "/healthz", 200).await;
    api.push(private_text(USER, "من يقود قوات حفظ السلام في كازاخستان؟"));
    api.push(private_text(USER, "ما هو أطول نهر في أفريقيا؟"));
    api.reply_in(USER, 2).await;
    let metrics = get_until(port, "/metrics", 200).await;
    for line in [
        "isnad_questions_total 2",
        "isnad_no_answers_total 1",
        "isnad_errors_total 0",
        "isnad_reload_failures_total 0",
        "isnad_search_latency_seconds_count 2",
        "isnad_index_articles 5",
        "isnad_index_passages ",
        "isnad_last_reload_timestamp_seconds ",
        "# TYPE isnad_search_latency_seconds histogram",
    ] {
        assert!(metrics.contains(line), "{line} missing in:\n{metrics}");
    }
    let cached = metrics.lines().find_map(|l| l.strip_prefix("isnad_analysis_cache_bytes ")).unwrap_or("0");
    assert!(cached.parse::<u64>().unwrap_or(0) > 0, "passages of the answers are kept: {cached}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_mode_registers_checks_the_secret_and_answers() {
    let api = FakeApi::start().await;
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("webhook.toml");
    std::fs::write(
        &config,
        format!("[webhook]\nurl = \"http://127.0.0.1:{port}/hook\"\nlisten = \"127.0.0.1:{port}\"\n"),
    )
    .unwrap();
    let mut bot =
        BotProcess::start(&api, &root().join("seeds"), Some(&config), &[("ISNAD_WEBHOOK_SECRET", "s3cret-token")]);
    let set = api.wait_for("setWebhook", |_| true).await;
    assert_eq!(set.body["url"], format!("http://127.0.0.1:{port}/hook"));
    assert_eq!(set.body["secret_token"], "s3cret-token");
    get_until(port, "/healthz", 200).await;

    let update = serde_json::json!({"update_id": 1, "message": message(private_chat(USER), USER, "من يقود قوات حفظ السلام في كازاخستان؟")});
    let json = [("Content-Type", "application/json")];
    let (status, _) =
        http(port, "POST", "/hook", &[json[0], ("X-Telegram-Bot-Api-Secret-Token", "wrong")], &update.to_string())
            .await
            .unwrap();
    assert_eq!(status, 401);
    let (status, _) = http(
        port,
        "POST",
        "/hook",
        &[json[0], ("X-Telegram-Bot-Api-Secret-Token", "s3cret-token")],
        &update.to_string(),
    )
    .await
    .unwrap();
    assert_eq!(status, 200);
    let reply = api.reply_in(USER, 1).await;
    assert!(reply.text().contains("<blockquote>"));
    assert_eq!(api.replies_in(USER).len(), 1, "the update with a wrong secret was not processed");
    assert!(api.calls("getUpdates").is_empty(), "no long polling in webhook mode");

    bot.terminate();
    assert_eq!(bot.wait_exit().await, Some(0), "{}", bot.log_text());
    api.wait_for("deleteWebhook", |_| true).await;
    assert!(!bot.log_text().contains("s3cret-token"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_have_one_line_per_question_without_its_text() {
    let api = FakeApi::start().await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.jsonl");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_isnad"))
        .args(["--log-format", "json", "serve"])
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", &api.url)
        .env("ISNAD_CORPUS_DIR", root().join("seeds"))
        .env("RUST_LOG", "info")
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    api.push(private_text(USER, "من يقود قوات حفظ السلام في كازاخستان؟"));
    api.reply_in(USER, 1).await;
    let _ = child.kill();
    let _ = child.wait();
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).expect("JSON log line")).collect();
    let question = lines.iter().find(|l| l["fields"]["message"] == "question").expect("a question line");
    assert_eq!(question["fields"]["chat"], "Private");
    assert!(question["fields"]["latency_ms"].as_f64().is_some());
    assert!(question["fields"]["results"].as_u64().is_some());
    assert!(!text.contains("حفظ السلام"), "the question text is logged at debug level only");
    assert!(!text.contains("TEST-secret-token"));
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_dockerfile_matches_the_repository_and_the_cli() {
    let docker = read("Dockerfile");
    for line in docker.lines().filter(|l| l.starts_with("COPY ") && !l.contains("--from=")) {
        let parts: Vec<&str> = line.split_whitespace().filter(|p| !p.starts_with("--")).collect();
        for source in &parts[1..parts.len() - 1] {
            assert!(root().join(source).exists(), "Dockerfile copies {source}, which is not in the repo");
        }
    }
    for needed in ["STOPSIGNAL SIGTERM", "HEALTHCHECK", "USER isnad", "VOLUME", "/healthz"] {
        assert!(docker.contains(needed), "Dockerfile lacks {needed}");
    }
    assert!(!docker.contains("TELOXIDE_TOKEN="), "the token is never baked in");
    // The entrypoint and command are a valid command line.
    let entry = docker.lines().find(|l| l.starts_with("ENTRYPOINT")).unwrap();
    assert!(entry.contains("\"--config\", \"/app/config/default.toml\""));
    assert!(docker.contains("COPY --chown=isnad:isnad config ./config"));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_isnad"))
        .args(["--config", "config/default.toml", "serve", "--help"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(output.status.success());
    let health_port = docker
        .lines()
        .find(|l| l.contains("ISNAD_HTTP_ADDR="))
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap()
        .trim_end_matches(" \\")
        .to_string();
    assert!(docker.contains(&format!("127.0.0.1:{health_port}/healthz")), "HEALTHCHECK uses the listener's port");
}

#[test]
fn compose_and_env_example_cover_every_variable_the_program_reads() {
    let compose = read("compose.yaml");
    assert!(compose.contains("env_file") && compose.contains(".env") && compose.contains("/app/seeds"));
    let example = read(".env.example");
    let mut sources = String::new();
    for dir in ["src", "src/bot", "src/cli", "src/search", "src/corpus"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                sources.push_str(&std::fs::read_to_string(path).unwrap());
            }
        }
    }
    let mut read_vars: Vec<String> = Vec::new();
    for prefix in ["ISNAD_", "TELOXIDE_"] {
        for (i, _) in sources.match_indices(prefix) {
            let name: String = sources[i..].chars().take_while(|c| c.is_ascii_uppercase() || *c == '_').collect();
            if name.len() > prefix.len() && !read_vars.contains(&name) {
                read_vars.push(name);
            }
        }
    }
    read_vars.push("RUST_LOG".into());
    for var in
        ["ISNAD_CORPUS_DIR", "ISNAD_ADMINS", "ISNAD_HTTP_ADDR", "ISNAD_INDEX_DIR", "TELOXIDE_TOKEN", "TELOXIDE_API_URL"]
    {
        assert!(read_vars.iter().any(|v| v == var), "{var} is not read anywhere");
    }
    for var in &read_vars {
        assert!(example.contains(&format!("{var}=")), ".env.example lacks {var}");
    }
}
