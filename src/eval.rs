//! Retrieval evaluation built into the product: gold-phrase questions (hit@k, MRR@3, no-answer
//! accuracy) and article-level qrels (R@1, R@5, MRR@10).

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Deserialize;

use crate::answer::{ask, Question};
use crate::arabic::normalize_for_match;
use crate::engine::Engine;
use crate::error::EvalError;
use crate::pipeline::SearchOptions;

/// Longest excerpt that can count as a hit (as in `run_eval.py`).
const MAX_EXCERPT_CHARS: usize = 600;

/// A question whose answer must quote given phrases (`gold: []`: the answer is "nothing found").
#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuestion {
    /// Question id.
    #[serde(default)]
    pub id: String,
    /// Kind, for per-kind figures.
    #[serde(default)]
    pub kind: String,
    /// The question.
    pub q: String,
    /// Alternatives; each a list of phrases that must all stand in one excerpt.
    pub gold: Vec<Vec<String>>,
    /// The question this one follows up, asked as a reply to its answer.
    #[serde(default)]
    pub context: Option<String>,
}

/// A question and the id of the article that answers it (or several that do).
#[derive(Debug, Clone, Deserialize)]
pub struct Qrel {
    /// The question.
    pub q: String,
    /// The relevant article's id.
    #[serde(default)]
    pub doc: String,
    /// More relevant articles (a reader's "useful" verdict covers every result it judged).
    #[serde(default)]
    pub docs: Vec<String>,
    /// The question this one follows up, asked as a reply to its answer.
    #[serde(default)]
    pub context: Option<String>,
}

impl Qrel {
    /// True when `doc` answers the question.
    pub fn is_relevant(&self, doc: &str) -> bool {
        (!self.doc.is_empty() && self.doc == doc) || self.docs.iter().any(|d| d == doc)
    }
}

/// An evaluation file, in one of the two formats.
#[derive(Debug, Clone)]
pub enum EvalSet {
    /// Gold phrases.
    Gold(Vec<GoldQuestion>),
    /// Relevant articles.
    Qrels(Vec<Qrel>),
}

/// True when a verdict was given on the newest articles listed for "ما آخر الأخبار؟", as the answer path
/// decides it ([`crate::answer::asks_latest`]).
fn lists_latest(record: &crate::feedback::FeedbackRecord) -> bool {
    let asked = crate::answer::Question::parse_after(&record.question, record.context.as_deref(), usize::MAX);
    crate::answer::asks_latest(&asked)
}

/// Read an evaluation file; the first line decides the format. A feedback file (readers' verdicts, see
/// [`crate::feedback`]) reads as qrels: each "useful" verdict's question, relevant to the articles it was
/// answered from; but not a verdict on the newest articles listed for "ما آخر الأخبار؟" (see
/// [`crate::latest`]), which judges no ranking.
pub fn read_eval_file(path: &Path) -> Result<EvalSet, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io { path: path.to_path_buf(), source })?;
    let lines: Vec<(usize, &str)> =
        text.lines().enumerate().map(|(i, l)| (i + 1, l)).filter(|(_, l)| !l.trim().is_empty()).collect();
    let is_gold = lines.first().is_some_and(|(_, l)| l.contains("\"gold\""));
    let bad =
        |line: usize, e: serde_json::Error| EvalError::Line { path: path.to_path_buf(), line, message: e.to_string() };
    if lines.first().is_some_and(|(_, l)| l.contains("\"useful\"")) {
        let parsed: Result<Vec<crate::feedback::FeedbackRecord>, _> =
            lines.iter().map(|&(n, l)| serde_json::from_str(l).map_err(|e| bad(n, e))).collect();
        let qrels = parsed?
            .into_iter()
            .filter(|r| r.useful && !lists_latest(r))
            .map(|r| Qrel {
                q: r.question,
                doc: String::new(),
                docs: r.results.into_iter().map(|x| x.doc).collect(),
                context: r.context,
            })
            .collect();
        return Ok(EvalSet::Qrels(qrels));
    }
    if is_gold {
        let parsed: Result<Vec<GoldQuestion>, _> =
            lines.iter().map(|&(n, l)| serde_json::from_str(l).map_err(|e| bad(n, e))).collect();
        parsed.map(EvalSet::Gold)
    } else {
        let parsed: Result<Vec<Qrel>, _> =
            lines.iter().map(|&(n, l)| serde_json::from_str(l).map_err(|e| bad(n, e))).collect();
        parsed.map(EvalSet::Qrels)
    }
}

/// Figures over a group of gold questions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoldStats {
    /// Questions with an answer in the corpus.
    pub answerable: usize,
    /// Answerable questions whose first result quotes the gold.
    pub hit1: usize,
    /// Answerable questions with the gold in the first three results.
    pub hit3: usize,
    /// Sum of reciprocal ranks (within three).
    pub rr: f64,
    /// Questions with no answer in the corpus.
    pub no_answer: usize,
    /// Of those, how many got "nothing found".
    pub no_answer_ok: usize,
}

impl GoldStats {
    fn add(&mut self, outcome: &GoldOutcome) {
        match outcome.rank {
            RankOutcome::NoAnswerExpected(ok) => {
                self.no_answer += 1;
                self.no_answer_ok += usize::from(ok);
            }
            RankOutcome::Ranked(rank) => {
                self.answerable += 1;
                self.hit1 += usize::from(rank == Some(1));
                self.hit3 += usize::from(rank.is_some());
                self.rr += rank.map_or(0.0, |r| 1.0 / r as f64);
            }
        }
    }

    fn ratio(n: usize, d: usize) -> f64 {
        if d == 0 {
            0.0
        } else {
            n as f64 / d as f64
        }
    }

    /// hit@1.
    pub fn hit1_rate(&self) -> f64 {
        Self::ratio(self.hit1, self.answerable)
    }
    /// hit@3.
    pub fn hit3_rate(&self) -> f64 {
        Self::ratio(self.hit3, self.answerable)
    }
    /// MRR@3.
    pub fn mrr(&self) -> f64 {
        if self.answerable == 0 {
            0.0
        } else {
            self.rr / self.answerable as f64
        }
    }
    /// No-answer accuracy.
    pub fn no_answer_rate(&self) -> f64 {
        Self::ratio(self.no_answer_ok, self.no_answer)
    }
}

#[derive(Debug, Clone, Copy)]
enum RankOutcome {
    NoAnswerExpected(bool),
    Ranked(Option<usize>),
}

/// What happened to one gold question.
#[derive(Debug, Clone)]
struct GoldOutcome {
    rank: RankOutcome,
    top: String,
}

/// Gold figures per kind and overall, with the misses.
#[derive(Debug, Clone, Default)]
pub struct GoldReport {
    /// Figures per `kind`.
    pub per_kind: BTreeMap<String, GoldStats>,
    /// Figures over all questions.
    pub overall: GoldStats,
    /// One line per question not answered at rank 1 (or wrongly answered).
    pub misses: Vec<String>,
}

fn gold_outcome(
    engine: &Engine,
    options: &SearchOptions,
    max_q: usize,
    g: &GoldQuestion,
    vectors: &[Option<Vec<f32>>],
) -> GoldOutcome {
    let question = Question::parse_after(&g.q, g.context.as_deref(), max_q);
    let answer = ask(engine, &question, vectors, options, 0).ok();
    let answered = answer.as_ref().is_some_and(|a| a.answered);
    let hits = answer.map(|a| a.hits).unwrap_or_default();
    let top = hits.first().map(|h| h.excerpt.chars().take(100).collect()).unwrap_or_default();
    if g.gold.is_empty() {
        return GoldOutcome { rank: RankOutcome::NoAnswerExpected(!answered), top };
    }
    let alternatives: Vec<Vec<String>> =
        g.gold.iter().map(|alt| alt.iter().map(|p| normalize_for_match(p)).collect()).collect();
    let rank = hits.iter().take(3).position(|h| {
        let excerpt = normalize_for_match(&h.excerpt);
        h.excerpt.chars().count() <= MAX_EXCERPT_CHARS
            && alternatives.iter().any(|alt| alt.iter().all(|p| excerpt.contains(p.as_str())))
    });
    GoldOutcome { rank: RankOutcome::Ranked(if answered { rank.map(|r| r + 1) } else { None }), top }
}

/// The vectors of question `i`'s parts (see [`QuestionVectors`]; none in lexical mode).
pub fn vectors_of(vectors: &[QuestionVectors], i: usize) -> &[Option<Vec<f32>>] {
    vectors.get(i).map_or(&[], Vec::as_slice)
}

/// The unit embeddings of one question's parts ([`Question::parts`]), in order; empty ranks lexically.
pub type QuestionVectors = Vec<Option<Vec<f32>>>;

/// Run gold questions (top 3 each) and score them; `vectors` are the questions' embeddings (one entry per
/// question, or none at all for lexical ranking).
pub fn run_gold(
    engine: &Engine,
    options: &SearchOptions,
    max_q: usize,
    questions: &[GoldQuestion],
    vectors: &[QuestionVectors],
) -> GoldReport {
    let options = SearchOptions { top: 3, ..*options };
    let outcomes: Vec<GoldOutcome> = questions
        .par_iter()
        .enumerate()
        .map(|(i, g)| gold_outcome(engine, &options, max_q, g, vectors_of(vectors, i)))
        .collect();
    let mut report = GoldReport::default();
    for (g, outcome) in questions.iter().zip(&outcomes) {
        report.overall.add(outcome);
        report.per_kind.entry(g.kind.clone()).or_default().add(outcome);
        let miss = match outcome.rank {
            RankOutcome::NoAnswerExpected(false) => Some("should say no answer".to_string()),
            RankOutcome::Ranked(r) if r != Some(1) => Some(format!("rank={}", r.map_or("-".into(), |r| r.to_string()))),
            _ => None,
        };
        if let Some(why) = miss {
            report.misses.push(format!("MISS {} ({why}) {} -> {}", g.id, g.q, outcome.top));
        }
    }
    report
}

/// Article-level figures.
#[derive(Debug, Clone, Default)]
pub struct QrelReport {
    /// Questions.
    pub questions: usize,
    /// Relevant article first.
    pub r1: usize,
    /// Relevant article in the first five.
    pub r5: usize,
    /// Sum of reciprocal ranks within ten.
    pub rr: f64,
    /// Questions the confidence rule would answer.
    pub answered: usize,
    /// Questions whose relevant article is not first.
    pub misses: Vec<String>,
}

impl QrelReport {
    /// R@1.
    pub fn r1_rate(&self) -> f64 {
        self.r1 as f64 / self.questions.max(1) as f64
    }
    /// R@5.
    pub fn r5_rate(&self) -> f64 {
        self.r5 as f64 / self.questions.max(1) as f64
    }
    /// MRR@10.
    pub fn mrr(&self) -> f64 {
        self.rr / self.questions.max(1) as f64
    }
}

/// Rank the first ten results of each question regardless of confidence, and find the relevant article;
/// `vectors` as for [`run_gold`].
pub fn run_qrels(
    engine: &Engine,
    options: &SearchOptions,
    max_q: usize,
    qrels: &[Qrel],
    vectors: &[QuestionVectors],
) -> QrelReport {
    // Every passage counts, copies of one text included: the labels name one of them.
    let ranking = SearchOptions {
        top: 10,
        min_coverage: 0.0,
        min_confidence: 0.0,
        excerpt_chars: 50,
        fold_copies: false,
        ..*options
    };
    let outcomes: Vec<(Option<usize>, bool)> = qrels
        .par_iter()
        .enumerate()
        .map(|(i, qrel)| {
            let question = Question::parse_after(&qrel.q, qrel.context.as_deref(), max_q);
            let Ok(answer) = ask(engine, &question, vectors_of(vectors, i), &ranking, 0) else { return (None, false) };
            let rank = answer.hits.iter().position(|h| qrel.is_relevant(&h.doc)).map(|r| r + 1);
            (rank, answer.why.answers(options) && !answer.hits.is_empty())
        })
        .collect();
    let mut report = QrelReport { questions: qrels.len(), ..QrelReport::default() };
    for (qrel, (rank, answered)) in qrels.iter().zip(outcomes) {
        report.r1 += usize::from(rank == Some(1));
        report.r5 += usize::from(rank.is_some_and(|r| r <= 5));
        report.rr += rank.map_or(0.0, |r| 1.0 / r as f64);
        report.answered += usize::from(answered);
        if rank != Some(1) {
            let relevant = if qrel.docs.is_empty() { qrel.doc.clone() } else { qrel.docs.join(", ") };
            report.misses.push(format!(
                "MISS rank={} {} (doc {relevant})",
                rank.map_or("-".into(), |r| r.to_string()),
                qrel.q,
            ));
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_useful_verdict_on_a_follow_up_reads_as_a_qrel_asked_after_its_question() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feedback.jsonl");
        let lines = [
            r#"{"at":1,"question":"أين ولد؟","context":"من هو طه حسين؟","useful":true,"page":0,"results":[{"rank":1,"doc":"taha-born","passage":0}],"reader":"r"}"#,
            r#"{"at":2,"question":"من هو طه حسين؟","useful":true,"page":0,"results":[{"rank":1,"doc":"taha-work","passage":1}],"reader":"r"}"#,
            r#"{"at":3,"question":"ما هذا؟","useful":false,"page":0,"results":[],"reader":"r"}"#,
            r#"{"at":4,"question":"ما آخر الأخبار؟","useful":true,"page":0,"results":[{"rank":1,"doc":"newest","passage":7}],"reader":"r"}"#,
        ];
        std::fs::write(&path, lines.join("\n")).unwrap();
        let EvalSet::Qrels(qrels) = read_eval_file(&path).unwrap() else { panic!("qrels") };
        assert_eq!(qrels.len(), 2, "only useful verdicts, and none on the newest articles");
        assert_eq!(qrels[0].context.as_deref(), Some("من هو طه حسين؟"));
        assert!(qrels[0].is_relevant("taha-born"));
        assert_eq!(qrels[1].context, None);
        let follow_up = Question::parse_after(&qrels[0].q, qrels[0].context.as_deref(), 1000);
        assert_eq!(follow_up.context(), Some("من هو طه حسين؟"));
    }
}
