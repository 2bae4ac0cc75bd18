//! The whole bot under load: 60 users asking at once through the fake Bot API on 127.0.0.1, flood
//! control relaxed. Reply latency is from the update being queued at the fake API to the reply arriving
//! there. Two patterns:
//! - bursts: every user asks at the same moment, then all wait for their replies; repeated;
//! - closed loop: every user asks again as soon as the reply arrives (saturation: answers/s).
//!
//! cargo bench --bench bot [-- USERS QUESTIONS_EACH]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use common::*;
use isnad::stats::percentile;

const QUESTIONS: &[&str] = &[
    "من يقود قوات حفظ السلام في كازاخستان؟",
    "لماذا اندلعت المظاهرات في كازاخستان؟",
    "متى تأسست منظمة معاهدة الأمن الجماعي؟",
    "ما موقف تركيا من التدخل الروسي؟",
    "كم جنديا أرسلت روسيا؟",
    "ما هو أطول نهر في أفريقيا؟",
    "بوتين والناتو",
    "من هو توكاييف؟",
];

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let users = args.first().copied().unwrap_or(60);
    let each = args.get(1).copied().unwrap_or(10);
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("bench.toml");
    std::fs::write(&config, "[bot]\nflood_control = false\nquestions_per_minute = 100000\n").expect("config");
    let (api, _bot) = start_bot(&root().join("seeds"), Some(&config), &[("RUST_LOG", "warn")]).await;
    let api = std::sync::Arc::new(api);
    // Bursts: all users at once, `each` rounds.
    let mut burst = Vec::new();
    for round in 0..each {
        let asked = Instant::now();
        for u in 0..users {
            api.push(private_text(20_000 + u as i64, QUESTIONS[(u + round) % QUESTIONS.len()]));
        }
        for u in 0..users {
            let reply = api.reply_in(20_000 + u as i64, round + 1).await;
            burst.push(reply.at.saturating_duration_since(asked).as_secs_f64() * 1000.0);
        }
    }
    burst.sort_by(f64::total_cmp);
    println!("bursts: {users} users asking at once, {each} rounds");
    println!(
        "  reply latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&burst, 0.5),
        percentile(&burst, 0.99),
        burst.last().copied().unwrap_or(0.0)
    );
    let started = Instant::now();
    let mut tasks = Vec::new();
    for u in 0..users {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            let user = 10_000 + u as i64;
            let mut latencies = Vec::new();
            for n in 0..each {
                let asked = Instant::now();
                api.push(private_text(user, QUESTIONS[(u + n) % QUESTIONS.len()]));
                let reply = api.reply_in(user, n + 1).await;
                latencies.push(reply.at.saturating_duration_since(asked).as_secs_f64() * 1000.0);
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("user task"));
    }
    let wall = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    println!(
        "closed loop: {users} users, {} questions ({each} each, the next as soon as the reply arrives)",
        all.len()
    );
    println!("  answers/s {:.0}", all.len() as f64 / wall);
    println!(
        "  reply latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&all, 0.50),
        percentile(&all, 0.99),
        all.last().copied().unwrap_or(0.0)
    );
}
