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
use std::borrow::Cow;

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

/// Rank at least `limit` candidates for `question` (`vector`: its unit embedding, in semantic mode),
/// asked as a follow-up of `context` when given.
pub fn rank(
    engine: &Engine,
    question: &str,
    context: Option<&str>,
    vector: Option<&[f32]>,
    options: &SearchOptions,
    limit: usize,
) -> Result<Ranking, SearchError> {
    let index = &engine.index;
    let mut query = query::query_terms(index, question, options);
    // The question's own terms: whether the corpus answers is judged on them alone, so a reply asking
    // something new is not answered on the earlier question's words.
    let own = query.len();
    if let Some(context) = context.filter(|_| options.context_weight > 0.0) {
        query::add_context(&mut query, query::query_terms(index, context, options), options.context_weight);
    }
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
    // A follow-up with no word of its own ("ولماذا؟") asks about the earlier question's words.
    let asked = if own == 0 { &query[..] } else { &query[..own] };
    let judged: Cow<'_, [Ranked]> = if asked.len() < query.len() {
        Cow::Owned(own_terms_match(index, asked, &ranked, cues.as_ref(), defines, options))
    } else {
        Cow::Borrowed(&ranked)
    };
    let near =
        confidence::Nearness { nearest: &nearest, topic: semantic.and_then(|v| semantic::topic(&engine.vectors, v)) };
    let confidence = confidence::confidence(asked, &judged, near, kind.is_some(), index.idf(0), options);
    tracing::debug!(
        terms = ?query.iter().map(|q| (q.term.as_str(), q.idf, q.alternatives.len())).collect::<Vec<_>>(),
        confidence = confidence.value,
        candidates = ranked.len(),
        "ranked"
    );
    Ok(Ranking { query, ranked, confidence, cues })
}

/// The two best passages of `ranked`, in that order and with their cosines, matched against the
/// question's own terms alone (`asked`, without a follow-up's context): what the confidence judges.
fn own_terms_match(
    index: &crate::search::SearchIndex,
    asked: &[QueryTerm],
    ranked: &[Ranked],
    cues: Option<&AnswerCues>,
    defines: bool,
    options: &SearchOptions,
) -> Vec<Ranked> {
    let alternatives = alternative_map(asked);
    let best: Vec<ScoredPassage> =
        ranked.iter().take(2).map(|r| ScoredPassage { pid: r.pid, score: r.lexical }).collect();
    let rescored = rerank::rerank(index, asked, &alternatives, cues, defines, best, options);
    ranked
        .iter()
        .take(2)
        .filter_map(|r| {
            let own = rescored.iter().find(|s| s.pid == r.pid)?;
            Some(Ranked { score: r.score, cosine: r.cosine, ..*own })
        })
        .collect()
}
