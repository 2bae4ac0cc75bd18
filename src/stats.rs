//! Counters since start: questions, no-answers, errors, and search latency (for `/stats` and metrics).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Upper bounds of the latency histogram's buckets, in seconds (as Prometheus wants them).
pub const LATENCY_BUCKETS: &[f64] = &[0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0];

/// Most recent latencies kept for percentiles.
const WINDOW: usize = 10_000;

/// Service counters, shared by every handler.
#[derive(Debug)]
pub struct Stats {
    started: Instant,
    questions: AtomicU64,
    no_answers: AtomicU64,
    errors: AtomicU64,
    limited: AtomicU64,
    useful: AtomicU64,
    not_useful: AtomicU64,
    nearest: AtomicU64,
    opened_from_inline: AtomicU64,
    follow_ups_by_reply: AtomicU64,
    follow_ups_by_continuation: AtomicU64,
    reload_failures: AtomicU64,
    /// When the latest reload failed, unless one has succeeded since.
    failed_reload: Mutex<Option<Instant>>,
    latencies: Mutex<Latencies>,
}

#[derive(Debug, Default)]
struct Latencies {
    recent: Vec<f64>,
    next: usize,
    buckets: Vec<u64>,
    sum: f64,
    count: u64,
}

/// A copy of the counters at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Time since start.
    pub uptime: Duration,
    /// Questions answered (with or without a result).
    pub questions: u64,
    /// Of those, "nothing relevant found".
    pub no_answers: u64,
    /// Failed handlers.
    pub errors: u64,
    /// Updates refused at admission for going over the question rate.
    pub limited: u64,
    /// Answers readers marked useful (the feedback file's, then since start).
    pub useful: u64,
    /// Answers readers marked not useful.
    pub not_useful: u64,
    /// Refused questions whose nearest passages a reader asked to see anyway.
    pub nearest: u64,
    /// Inline questions opened in a private chat through the button above inline results.
    pub opened_from_inline: u64,
    /// Questions asked as follow-ups because they were sent in reply to an answer.
    pub follow_ups_by_reply: u64,
    /// Questions asked as follow-ups because they read as a continuation in a private chat.
    pub follow_ups_by_continuation: u64,
    /// Reloads that failed (the index before them stayed in service).
    pub reload_failures: u64,
    /// Time since the latest reload failed, unless one has succeeded since.
    pub since_failed_reload: Option<Duration>,
    /// Median search latency over the recent window.
    pub p50: Duration,
    /// 95th percentile over the recent window.
    pub p95: Duration,
    /// Cumulative histogram counts per bucket of [`LATENCY_BUCKETS`].
    pub buckets: Vec<u64>,
    /// Sum of all latencies, seconds.
    pub latency_sum: f64,
}

impl Default for Stats {
    fn default() -> Self {
        Stats {
            started: Instant::now(),
            questions: AtomicU64::new(0),
            no_answers: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            limited: AtomicU64::new(0),
            useful: AtomicU64::new(0),
            not_useful: AtomicU64::new(0),
            nearest: AtomicU64::new(0),
            opened_from_inline: AtomicU64::new(0),
            follow_ups_by_reply: AtomicU64::new(0),
            follow_ups_by_continuation: AtomicU64::new(0),
            reload_failures: AtomicU64::new(0),
            failed_reload: Mutex::new(None),
            latencies: Mutex::new(Latencies { buckets: vec![0; LATENCY_BUCKETS.len()], ..Latencies::default() }),
        }
    }
}

impl Stats {
    /// Record one answered question.
    pub fn record_question(&self, answered: bool, latency: Duration) {
        self.questions.fetch_add(1, Ordering::Relaxed);
        if !answered {
            self.no_answers.fetch_add(1, Ordering::Relaxed);
        }
        let seconds = latency.as_secs_f64();
        let Ok(mut l) = self.latencies.lock() else { return };
        if l.recent.len() < WINDOW {
            l.recent.push(seconds);
        } else {
            let at = l.next;
            l.recent[at] = seconds;
        }
        l.next = (l.next + 1) % WINDOW;
        for (bucket, bound) in l.buckets.iter_mut().zip(LATENCY_BUCKETS) {
            if seconds <= *bound {
                *bucket += 1;
            }
        }
        l.sum += seconds;
        l.count += 1;
    }

    /// Record a failed handler.
    pub fn record_error(&self) {
        self.errors.fetch_add(1, Ordering::Relaxed);
    }

    /// Record an update refused for going over the question rate.
    pub fn record_limited(&self) {
        self.limited.fetch_add(1, Ordering::Relaxed);
    }

    /// Record a reader's verdict.
    pub fn record_feedback(&self, useful: bool) {
        let counter = if useful { &self.useful } else { &self.not_useful };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Record a reader asking for the nearest passages to a refused question.
    pub fn record_nearest(&self) {
        self.nearest.fetch_add(1, Ordering::Relaxed);
    }

    /// Record an inline question opened in a private chat (the button above inline results).
    pub fn record_opened_from_inline(&self) {
        self.opened_from_inline.fetch_add(1, Ordering::Relaxed);
    }

    /// Record a question asked as a follow-up: sent in reply to an answer, or read as a continuation.
    pub fn record_follow_up(&self, by_reply: bool) {
        let counter = if by_reply { &self.follow_ups_by_reply } else { &self.follow_ups_by_continuation };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Count a reload: a failure is remembered until a reload succeeds.
    pub fn record_reload(&self, ok: bool) {
        if !ok {
            self.reload_failures.fetch_add(1, Ordering::Relaxed);
        }
        let mut failed = self.failed_reload.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *failed = (!ok).then(Instant::now);
    }

    /// Add verdicts recorded before this start.
    pub fn add_feedback(&self, useful: u64, not_useful: u64) {
        self.useful.fetch_add(useful, Ordering::Relaxed);
        self.not_useful.fetch_add(not_useful, Ordering::Relaxed);
    }

    /// The counters now.
    pub fn snapshot(&self) -> Snapshot {
        let (p50, p95, buckets, sum) = match self.latencies.lock() {
            Ok(l) => {
                let mut sorted = l.recent.clone();
                sorted.sort_by(f64::total_cmp);
                (percentile(&sorted, 0.50), percentile(&sorted, 0.95), l.buckets.clone(), l.sum)
            }
            Err(_) => (0.0, 0.0, vec![0; LATENCY_BUCKETS.len()], 0.0),
        };
        Snapshot {
            uptime: self.started.elapsed(),
            questions: self.questions.load(Ordering::Relaxed),
            no_answers: self.no_answers.load(Ordering::Relaxed),
            errors: self.errors.load(Ordering::Relaxed),
            limited: self.limited.load(Ordering::Relaxed),
            useful: self.useful.load(Ordering::Relaxed),
            not_useful: self.not_useful.load(Ordering::Relaxed),
            nearest: self.nearest.load(Ordering::Relaxed),
            opened_from_inline: self.opened_from_inline.load(Ordering::Relaxed),
            follow_ups_by_reply: self.follow_ups_by_reply.load(Ordering::Relaxed),
            follow_ups_by_continuation: self.follow_ups_by_continuation.load(Ordering::Relaxed),
            reload_failures: self.reload_failures.load(Ordering::Relaxed),
            since_failed_reload: self
                .failed_reload
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .map(|at| at.elapsed()),
            p50: Duration::from_secs_f64(p50),
            p95: Duration::from_secs_f64(p95),
            buckets,
            latency_sum: sum,
        }
    }
}

/// The `q` quantile of sorted values (nearest rank); 0 when empty.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_failed_reload_is_remembered_until_one_succeeds() {
        let stats = Stats::default();
        assert_eq!(stats.snapshot().since_failed_reload, None);
        stats.record_reload(false);
        stats.record_reload(false);
        let failed = stats.snapshot();
        assert_eq!(failed.reload_failures, 2);
        assert!(failed.since_failed_reload.is_some());
        stats.record_reload(true);
        let ok = stats.snapshot();
        assert_eq!((ok.reload_failures, ok.since_failed_reload), (2, None), "the count stays, the failure is over");
    }

    use super::*;

    #[test]
    fn follow_ups_are_counted_by_how_they_came() {
        let stats = Stats::default();
        stats.record_follow_up(true);
        stats.record_follow_up(true);
        stats.record_follow_up(false);
        let s = stats.snapshot();
        assert_eq!((s.follow_ups_by_reply, s.follow_ups_by_continuation), (2, 1));
    }

    #[test]
    fn counts_questions_and_no_answers() {
        let stats = Stats::default();
        stats.record_question(true, Duration::from_millis(2));
        stats.record_question(false, Duration::from_millis(4));
        stats.record_error();
        let s = stats.snapshot();
        assert_eq!((s.questions, s.no_answers, s.errors), (2, 1, 1));
        assert_eq!(s.p50, Duration::from_millis(2));
        assert_eq!(s.p95, Duration::from_millis(4));
        assert_eq!(s.buckets[1], 1, "2 ms falls in the 2 ms bucket");
        assert_eq!(s.buckets[2], 2, "both fall in the 5 ms bucket");
    }

    #[test]
    fn percentiles_use_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 0.5), 50.0);
        assert_eq!(percentile(&values, 0.95), 95.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }
}
