//! Whether the corpus answers the question at all: one confidence made of what the ranking already
//! knows, so that answerable questions are answered and questions asked of the wrong corpus are refused.
//!
//! The parts are ratios, comparable from a five-article corpus to a million passages: how much of the
//! question the best passage holds (by idf, by count, its rarest term), how strongly (score per unit of
//! the question's idf), how far ahead of the next passage, how much of the question the corpus knows
//! at all, whether an answer of the asked kind stands beside the matched words, and in semantic mode the
//! cosine. A logistic model weighs them (`[search.confidence]`), fitted on ARCD half A with wrong-corpus
//! negatives and checked on half B (see the README); `isnad ask --explain` shows every part.

use serde::{Deserialize, Serialize};

use crate::rank::QueryTerm;

use super::rerank::Ranked;
use super::SearchOptions;

/// The confidence behind "answered", with its parts.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Confidence {
    /// The confidence, 0 to 1.
    pub value: f32,
    /// idf-weighted share of the question's terms the best passage holds.
    pub coverage: f32,
    /// Share of the question's terms (by count) it holds.
    pub held: f32,
    /// How well it holds the question's rarest term.
    pub rarest: f32,
    /// idf-weighted share of the question's terms it holds together, within one window or its title.
    pub window: f32,
    /// Its lexical score per unit of the question's idf.
    pub strength: f32,
    /// How far its lexical score is ahead of the next passage's, as a share of its own.
    pub margin: f32,
    /// idf-weighted share of the question's terms the corpus holds anywhere.
    pub known: f32,
    /// The idf the best passage holds, in units of the corpus's highest idf (a word found once): how much
    /// evidence it is, however long the question. "من أمه؟" matched whole is one common word.
    pub evidence: f32,
    /// 1 when the question asks for a kind of answer (a date, a number, a person, a place) and one stands
    /// beside the matched words; 0 otherwise.
    pub answer_kind: f32,
    /// Its cosine with the question (semantic mode).
    pub cosine: Option<f32>,
    /// How far the nearest passage's cosine stands above the tenth nearest's (semantic mode): a corpus
    /// that does not answer has no passage standing out.
    pub cosine_gap: Option<f32>,
}

/// Weights of the confidence's logistic model (`[search.confidence]`). The defaults are the fitted ones.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConfidenceModel {
    /// Intercept.
    pub bias: f32,
    /// Weight of `coverage`.
    pub coverage: f32,
    /// Weight of `held`.
    pub held: f32,
    /// Weight of `rarest`.
    pub rarest: f32,
    /// Weight of `window`.
    pub window: f32,
    /// Weight of `strength`.
    pub strength: f32,
    /// Weight of `margin`.
    pub margin: f32,
    /// Weight of `known`.
    pub known: f32,
    /// Weight of `evidence`.
    pub evidence: f32,
    /// Weight of `answer_kind`.
    pub answer_kind: f32,
    /// Weight of the cosine, in semantic mode.
    pub cosine: f32,
    /// Intercept added in semantic mode (the cosine's level is not zero).
    pub cosine_bias: f32,
    /// Weight of `cosine_gap`, in semantic mode.
    pub cosine_gap: f32,
}

impl Default for ConfidenceModel {
    fn default() -> Self {
        ConfidenceModel {
            bias: 0.0,
            coverage: 0.0,
            held: 0.0,
            rarest: 0.0,
            window: 0.0,
            strength: 0.0,
            margin: 0.0,
            known: 0.0,
            evidence: 0.0,
            answer_kind: 0.0,
            cosine: 0.0,
            cosine_bias: 0.0,
            cosine_gap: 0.0,
        }
    }
}

impl Confidence {
    /// True when the corpus counts as answering.
    pub fn answers(&self, options: &SearchOptions) -> bool {
        self.value >= options.min_confidence && self.coverage >= options.min_coverage
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// The confidence of a ranking (best first) for the question `query`, which asks for a kind of answer
/// when `asks_kind`.
pub fn confidence(
    query: &[QueryTerm],
    ranked: &[Ranked],
    nearest: &[(u32, f32)],
    asks_kind: bool,
    max_idf: f32,
    options: &SearchOptions,
) -> Confidence {
    let Some(top) = ranked.first() else { return Confidence::default() };
    let total: f32 = query.iter().map(|q| q.idf).sum::<f32>().max(1e-6);
    let known: f32 = query
        .iter()
        .filter(|q| q.alternatives.first().is_some_and(|(t, w)| *t == q.term && *w >= 1.0))
        .map(|q| q.idf)
        .sum::<f32>()
        / total;
    let second = ranked.get(1).map_or(0.0, |r| r.lexical);
    let margin = if top.lexical > 0.0 { ((top.lexical - second) / top.lexical).clamp(0.0, 1.0) } else { 0.0 };
    let m = top.matched;
    let mut parts = Confidence {
        value: 0.0,
        coverage: m.coverage,
        held: m.held,
        rarest: m.rarest,
        window: m.window,
        strength: m.bm25 / total,
        margin,
        known,
        evidence: m.coverage * total / max_idf.max(1e-6),
        answer_kind: f32::from(u8::from(asks_kind && m.answer_near)),
        cosine: top.cosine,
        cosine_gap: nearest
            .first()
            .map(|(_, best)| best - nearest.get(9).or(nearest.last()).map_or(*best, |(_, c)| *c)),
    };
    let w = &options.confidence;
    let mut x = w.bias
        + w.coverage * parts.coverage
        + w.held * parts.held
        + w.rarest * parts.rarest
        + w.window * parts.window
        + w.strength * parts.strength
        + w.margin * parts.margin
        + w.known * parts.known
        + w.evidence * parts.evidence
        + w.answer_kind * parts.answer_kind;
    if let Some(cosine) = parts.cosine {
        x += w.cosine_bias + w.cosine * cosine + w.cosine_gap * parts.cosine_gap.unwrap_or(0.0);
    }
    parts.value = sigmoid(x);
    parts
}
