//! `isnad ask`: the answer as a reader sees it, or the JSON contract the evaluation reads.

use std::io::BufRead;

use serde::Serialize;

use super::args::AskArgs;
use super::semantic::Semantic;
use super::{emit, load_index};
use crate::answer::{ask, nearest, Answer, Question};
use crate::config::Config;
use crate::engine::Engine;
use crate::pipeline::SearchOptions;
use crate::render;

/// One result in the JSON contract.
#[derive(Serialize)]
struct JsonResult<'a> {
    rank: usize,
    score: f32,
    source: &'a str,
    title: &'a str,
    doc: &'a str,
    excerpt: &'a str,
    date: Option<&'a str>,
    url: Option<&'a str>,
    highlights: Vec<[usize; 2]>,
    /// Other articles carrying the same text, folded into this result.
    also: Vec<JsonAlso<'a>>,
}

/// An article folded into a result for carrying its text too.
#[derive(Serialize)]
struct JsonAlso<'a> {
    doc: &'a str,
    source: &'a str,
    title: &'a str,
}

/// The JSON contract: `{"question", "answered", "results": [...]}`.
#[derive(Serialize)]
struct JsonAnswer<'a> {
    question: &'a str,
    answered: bool,
    confidence: f32,
    /// What the confidence is made of.
    why: &'a crate::pipeline::Confidence,
    /// With `--nearest`: the results are the nearest passages to a question the corpus does not answer.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    tentative: bool,
    results: Vec<JsonResult<'a>>,
}

fn to_json(answer: &Answer) -> String {
    let results = answer
        .hits
        .iter()
        .map(|h| JsonResult {
            rank: h.rank,
            score: h.score,
            source: &h.source,
            title: &h.title,
            doc: &h.doc,
            excerpt: &h.excerpt,
            date: h.date.as_deref(),
            url: h.url.as_deref(),
            highlights: h.highlights.iter().map(|r| [r.start, r.end]).collect(),
            also: h.also.iter().map(|a| JsonAlso { doc: &a.doc, source: &a.source, title: &a.title }).collect(),
        })
        .collect();
    let object = JsonAnswer {
        question: &answer.question,
        answered: answer.answered,
        confidence: answer.confidence,
        why: &answer.why,
        tentative: answer.tentative,
        results,
    };
    serde_json::to_string(&object).unwrap_or_else(|_| "{}".to_string())
}

fn answer_one(
    engine: &Engine,
    semantic: Option<&Semantic>,
    options: &SearchOptions,
    raw: &str,
    args: &AskArgs,
) -> anyhow::Result<Answer> {
    let question = Question::parse_after(raw, args.after.as_deref(), options.max_question_chars);
    let vectors = semantic.map(|s| s.queries(&question.part_texts())).unwrap_or_default();
    let answer = if args.nearest { nearest } else { ask };
    Ok(answer(engine, &question, &vectors, options, 0)?)
}

/// The confidence and its parts on one line (a diagnostic, as `--explain` asks).
fn explain(why: &crate::pipeline::Confidence) -> String {
    let mut cosine = why.cosine.map_or(String::new(), |c| format!(", cosine {c:.3}"));
    if let Some(gap) = why.cosine_gap {
        cosine.push_str(&format!(", cosine gap {gap:.3}"));
    }
    if let Some(topic) = why.topic {
        cosine.push_str(&format!(", topic {topic:.3}"));
    }
    format!(
        "confidence {:.3}: coverage {:.3}, held {:.3}, rarest {:.2}, window {:.3}, strength {:.3}, margin {:.3}, known {:.3}, evidence {:.2}, answer kind {}, foreign {}{cosine}",
        why.value, why.coverage, why.held, why.rarest, why.window, why.strength, why.margin, why.known, why.evidence, why.answer_kind, why.foreign
    )
}

/// Run `isnad ask`.
pub fn run(config: &Config, args: &AskArgs) -> anyhow::Result<i32> {
    let engine = Engine::new(load_index(config)?);
    let semantic = Semantic::from_config(config)?;
    if let Some(semantic) = &semantic {
        semantic.fill(&engine)?;
    }
    let mut options = config.search;
    if let Some(top) = args.top {
        anyhow::ensure!((1..=50).contains(&top), "--top must be between 1 and 50");
        options.top = top;
    }
    let max_q = config.search.max_question_chars;
    let format = |answer: &Answer| {
        if args.json {
            format!("{}\n", to_json(answer))
        } else if args.explain {
            format!("{}\n\n{}\n", render::plain(answer, max_q), explain(&answer.why))
        } else {
            format!("{}\n", render::plain(answer, max_q))
        }
    };
    let mut stdout = std::io::stdout().lock();
    if !args.question.is_empty() {
        let answer = answer_one(&engine, semantic.as_ref(), &options, &args.question.join(" "), args)?;
        emit(&mut stdout, &format(&answer))?;
        return Ok(0);
    }
    for line in std::io::stdin().lock().lines() {
        let answer = answer_one(&engine, semantic.as_ref(), &options, &line?, args)?;
        let mut text = format(&answer);
        if !args.json {
            text.push('\n');
        }
        if !emit(&mut stdout, &text)? {
            break;
        }
    }
    Ok(0)
}
