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

use crate::arabic::{asks_definition, expected_answer, AnswerType};
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

/// The lexical half of a question's ranking: its terms and its re-ranked lexical candidates, made while
/// the question's vector is on its way (the bot asks the embedding server meanwhile).
#[derive(Debug, Clone)]
pub struct LexicalStage {
    query: Vec<QueryTerm>,
    ranked: Vec<Ranked>,
    kind: Option<AnswerType>,
    cues: Option<AnswerCues>,
    defines: bool,
}

/// Rank at least `limit` candidates for `question` (`vector`: its unit embedding, in semantic mode).
pub fn rank(
    engine: &Engine,
    question: &str,
    vector: Option<&[f32]>,
    options: &SearchOptions,
    limit: usize,
) -> Result<Ranking, SearchError> {
    Ok(finish(engine, lexical_stage(engine, question, options, limit)?, vector, options, limit))
}

/// The question's terms and its lexical candidates, re-ranked.
pub fn lexical_stage(
    engine: &Engine,
    question: &str,
    options: &SearchOptions,
    limit: usize,
) -> Result<LexicalStage, SearchError> {
    let index = &engine.index;
    let query = query::query_terms(index, question, options);
    let candidates = lexical::candidates(index, &query, options, limit)?;
    let kind = expected_answer(question);
    let cues = kind.and_then(|kind| AnswerCues::of(index.analyzer(), kind, options));
    let defines = asks_definition(question);
    let ranked = rerank::rerank(index, &query, &alternative_map(&query), cues.as_ref(), defines, candidates, options);
    Ok(LexicalStage { query, ranked, kind, cues, defines })
}

/// The ranking from its lexical half and, in semantic mode, the question's vector: the nearest passages
/// join the candidates (re-ranked like them; re-ranking scores each passage on its own), the cosine is
/// fused in, and the confidence decides.
pub fn finish(
    engine: &Engine,
    stage: LexicalStage,
    vector: Option<&[f32]>,
    options: &SearchOptions,
    limit: usize,
) -> Ranking {
    let index = &engine.index;
    let LexicalStage { query, mut ranked, kind, cues, defines } = stage;
    let semantic = vector.filter(|_| options.semantic_weight > 0.0);
    let nearest = semantic.map(|v| semantic::candidates(&engine.vectors, v, limit)).unwrap_or_default();
    if let Some(vector) = semantic {
        let extra: Vec<ScoredPassage> = nearest
            .iter()
            .filter(|(pid, _)| !ranked.iter().any(|r| r.pid == *pid))
            .map(|&(pid, _)| ScoredPassage { pid, score: 0.0 })
            .collect();
        let alternatives = alternative_map(&query);
        ranked.extend(rerank::rerank(index, &query, &alternatives, cues.as_ref(), defines, extra, options));
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
    Ranking { query, ranked, confidence, cues }
}
