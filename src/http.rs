//! The operator's HTTP listener: `/healthz` (200 once the index is loaded, 503 before) and `/metrics`
//! in Prometheus text format.

use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};
use std::time::UNIX_EPOCH;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::embed::Embedder;
use crate::engine::IndexHandle;
use crate::stats::{Stats, LATENCY_BUCKETS};

/// What the listener reports on: the index once loaded, and the counters.
#[derive(Clone)]
pub struct Health {
    /// Set when the first index is in service.
    pub index: Arc<OnceLock<Arc<IndexHandle>>>,
    /// Service counters.
    pub stats: Arc<Stats>,
    /// Semantic mode's embedder, for its progress and failures.
    pub embedder: Option<Arc<Embedder>>,
}

impl Health {
    /// Nothing loaded yet.
    pub fn new(stats: Arc<Stats>) -> Self {
        Health { index: Arc::new(OnceLock::new()), stats, embedder: None }
    }
}

/// The routes, to serve alone or merged into the webhook server.
pub fn router(health: Health) -> Router {
    Router::new().route("/healthz", get(healthz)).route("/metrics", get(metrics)).with_state(health)
}

async fn healthz(State(health): State<Health>) -> Response {
    match health.index.get() {
        Some(_) => (StatusCode::OK, "ok\n").into_response(),
        None => (StatusCode::SERVICE_UNAVAILABLE, "loading\n").into_response(),
    }
}

async fn metrics(State(health): State<Health>) -> Response {
    let body = render_metrics(&health);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body).into_response()
}

fn metric(out: &mut String, name: &str, kind: &str, help: &str, value: impl std::fmt::Display) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}");
}

/// A counter with one series per value of its label `label`.
fn labelled_counter(out: &mut String, name: &str, help: &str, label: &str, series: &[(&str, u64)]) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
    for (value, count) in series {
        let _ = writeln!(out, "{name}{{{label}=\"{value}\"}} {count}");
    }
}

/// The metrics in Prometheus text exposition format.
pub fn render_metrics(health: &Health) -> String {
    let s = health.stats.snapshot();
    let mut out = String::new();
    metric(&mut out, "isnad_questions_total", "counter", "Questions answered since start.", s.questions);
    metric(&mut out, "isnad_no_answers_total", "counter", "Questions with nothing relevant found.", s.no_answers);
    let nearest = "Refused questions whose nearest passages a reader asked to see anyway.";
    metric(&mut out, "isnad_nearest_shown_total", "counter", nearest, s.nearest);
    let opened = "Inline questions opened in a private chat through the button above inline results.";
    metric(&mut out, "isnad_opened_from_inline_total", "counter", opened, s.opened_from_inline);
    let follow_ups =
        "Questions asked after an earlier one: in reply to its answer, or read as a continuation in a private chat.";
    let by_how = [("reply", s.follow_ups_by_reply), ("continuation", s.follow_ups_by_continuation)];
    labelled_counter(&mut out, "isnad_follow_ups_total", follow_ups, "how", &by_how);
    metric(&mut out, "isnad_errors_total", "counter", "Handlers that failed.", s.errors);
    let limited = "Updates refused for going over the question rate (noted once a minute, else dropped).";
    metric(&mut out, "isnad_rate_limited_total", "counter", limited, s.limited);
    let failures = "Reloads that failed (the index before them stayed in service).";
    metric(&mut out, "isnad_reload_failures_total", "counter", failures, s.reload_failures);
    let verdicts = [("useful", s.useful), ("not_useful", s.not_useful)];
    labelled_counter(&mut out, "isnad_feedback_total", "Readers' verdicts on answers.", "verdict", &verdicts);
    let _ = writeln!(out, "# HELP isnad_search_latency_seconds Time to answer a question.");
    let _ = writeln!(out, "# TYPE isnad_search_latency_seconds histogram");
    for (bound, count) in LATENCY_BUCKETS.iter().zip(&s.buckets) {
        let _ = writeln!(out, "isnad_search_latency_seconds_bucket{{le=\"{bound}\"}} {count}");
    }
    let _ = writeln!(out, "isnad_search_latency_seconds_bucket{{le=\"+Inf\"}} {}", s.questions);
    let _ = writeln!(out, "isnad_search_latency_seconds_sum {}", s.latency_sum);
    let _ = writeln!(out, "isnad_search_latency_seconds_count {}", s.questions);
    let ready = health.index.get().map(|handle| handle.snapshot());
    metric(&mut out, "isnad_ready", "gauge", "1 once the index is in service.", u8::from(ready.is_some()));
    if let Some(served) = ready {
        let corpus = served.engine.index.corpus();
        metric(&mut out, "isnad_index_articles", "gauge", "Articles in service.", corpus.articles.len());
        metric(&mut out, "isnad_index_passages", "gauge", "Passages in service.", corpus.passages.len());
        let cached = served.engine.index.analysis_cache_bytes();
        metric(&mut out, "isnad_analysis_cache_bytes", "gauge", "Analysed passages kept between questions.", cached);
        let at = served.since.duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64());
        metric(&mut out, "isnad_last_reload_timestamp_seconds", "gauge", "When the index in service was loaded.", at);
        let took = served.build_time.as_secs_f64();
        metric(&mut out, "isnad_last_reload_duration_seconds", "gauge", "How long that load took.", took);
    }
    if let Some(embedder) = &health.embedder {
        let e = &embedder.stats;
        let get = |c: &std::sync::atomic::AtomicU64| c.load(std::sync::atomic::Ordering::Relaxed);
        metric(&mut out, "isnad_embedded_passages", "gauge", "Passages in service with their vectors.", get(&e.done));
        metric(&mut out, "isnad_embedding_passages_total", "gauge", "Passages in service.", get(&e.total));
        metric(
            &mut out,
            "isnad_embedding_sent_total",
            "counter",
            "Passages sent to the embedding server.",
            get(&e.passages_sent),
        );
        let failures = "Embedding requests that failed (passage batches are retried; questions go lexical).";
        let _ = writeln!(
            out,
            "# HELP isnad_embedding_failures_total {failures}\n# TYPE isnad_embedding_failures_total counter"
        );
        let _ = writeln!(out, "isnad_embedding_failures_total{{kind=\"passage\"}} {}", get(&e.passage_failures));
        let _ = writeln!(out, "isnad_embedding_failures_total{{kind=\"query\"}} {}", get(&e.query_failures));
        metric(&mut out, "isnad_embedded_questions_total", "counter", "Questions given a vector.", get(&e.queries));
        metric(
            &mut out,
            "isnad_question_vectors_reused_total",
            "counter",
            "Questions whose vector was a recent one (a further page, a question asked again): no request.",
            get(&e.queries_reused),
        );
    }
    metric(&mut out, "isnad_uptime_seconds", "gauge", "Seconds since start.", s.uptime.as_secs());
    out
}

/// Serve `router` on `addr` until `stop` resolves.
pub async fn serve(
    addr: std::net::SocketAddr,
    router: Router,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "HTTP listener up");
    axum::serve(listener, router).with_graceful_shutdown(stop).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_before_the_index_is_loaded_say_not_ready() {
        let health = Health::new(Arc::new(Stats::default()));
        health.stats.record_question(true, std::time::Duration::from_millis(3));
        let text = render_metrics(&health);
        assert!(text.contains("isnad_ready 0"));
        assert!(text.contains("isnad_questions_total 1"));
        assert!(text.contains("isnad_search_latency_seconds_bucket{le=\"0.005\"} 1"));
        assert!(text.contains("isnad_search_latency_seconds_bucket{le=\"+Inf\"} 1"));
        assert!(!text.contains("isnad_index_articles"));
    }
}
