//! The retrieval pipeline, one stage a module: the question's terms ([`query`]), the retrievers
//! ([`lexical`], and [`semantic`] when the question has a vector), re-ranking ([`rerank`]), the fusion of
//! the two ([`fusion`]), and the confidence that decides whether the corpus answers ([`confidence`]).

pub mod confidence;
pub mod fusion;
pub mod lexical;
pub mod options;
pub mod query;
pub mod rerank;
pub mod semantic;

pub use confidence::Confidence;
pub use options::SearchOptions;
pub use rerank::{AnswerCues, Ranked};

use crate::arabic::{asks_definition, expected_answer};
use crate::engine::Engine;
use crate::error::SearchError;
use crate::rank::{alternative_map, QueryTerm};
use crate::search::ScoredPassage;

/// The pipeline's outcome for one question.
#[derive(Debug, Clone)]
pub struct Ranking {
    /// The question's terms.
    pub query: Vec<QueryTerm>,
    /// Candidates, best first.
    pub ranked: Vec<Ranked>,
    /// Whether the corpus answers, and why.
    pub confidence: Confidence,
    /// What can answer the question's kind, when it asks for one (the excerpts reward it too).
    pub cues: Option<AnswerCues>,
}

/// Rank at least `limit` candidates for `question` (`vector`: its unit embedding, in semantic mode).
pub fn rank(
    engine: &Engine,
    question: &str,
    vector: Option<&[f32]>,
    options: &SearchOptions,
    limit: usize,
) -> Result<Ranking, SearchError> {
    let index = &engine.index;
    let query = query::query_terms(index, question, options);
    let mut candidates = lexical::candidates(index, &query, options, limit)?;
    let semantic = vector.filter(|_| options.semantic_weight > 0.0);
    let nearest = semantic.map(|v| semantic::candidates(&engine.vectors, v, limit)).unwrap_or_default();
    for &(pid, _) in &nearest {
        if !candidates.iter().any(|c| c.pid == pid) {
            candidates.push(ScoredPassage { pid, score: 0.0 });
        }
    }
    let alternatives = alternative_map(&query);
    let kind = expected_answer(question);
    let cues = kind.and_then(|kind| AnswerCues::of(index.analyzer(), kind, options));
    let defines = asks_definition(question);
    let mut ranked = rerank::rerank(index, &query, &alternatives, cues.as_ref(), defines, candidates, options);
    if let Some(vector) = semantic {
        let cosines = engine.vectors.cosines(ranked.iter().map(|r| r.pid), vector);
        let mut scored: Vec<fusion::Scored> =
            ranked.iter().zip(cosines).map(|(&r, cosine)| fusion::Scored { ranked: r, cosine }).collect();
        fusion::fuse(&mut scored, fusion::semantic_weight(&query, options));
        ranked = scored.into_iter().map(|s| Ranked { cosine: s.cosine, ..s.ranked }).collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.pid.cmp(&b.pid)));
    }
    let confidence = confidence::confidence(&query, &ranked, &nearest, kind.is_some(), index.idf(0), options);
    tracing::debug!(
        terms = ?query.iter().map(|q| (q.term.as_str(), q.idf, q.alternatives.len())).collect::<Vec<_>>(),
        confidence = confidence.value,
        candidates = ranked.len(),
        "ranked"
    );
    Ok(Ranking { query, ranked, confidence, cues })
}
