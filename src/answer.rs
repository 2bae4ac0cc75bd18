//! The one question-answering path the CLI and the bot share: question in, quoted passages out.
//!
//! [`crate::pipeline`] ranks the passages and decides whether the corpus answers at all; this module
//! turns a page of that ranking into quoted excerpts with their sources.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use crate::engine::Engine;
use crate::error::SearchError;
use crate::excerpt::make_excerpt;
use crate::pipeline::{self, Confidence, SearchOptions};
use crate::rank::alternative_map;

/// A question as asked: trimmed, whitespace collapsed, cut to a length limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    text: String,
    truncated: bool,
}

impl Question {
    /// Clean `raw` and cut it to `max_chars` characters at a word boundary.
    pub fn parse(raw: &str, max_chars: usize) -> Question {
        let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let cut = crate::text::cut_at_word(&collapsed, max_chars);
        let truncated = cut < collapsed.len();
        Question { text: collapsed[..cut].to_string(), truncated }
    }

    /// The question text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when the question was cut to the length limit.
    pub fn truncated(&self) -> bool {
        self.truncated
    }
}

/// One quoted passage.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// 1-based rank across all pages.
    pub rank: usize,
    /// Final score (BM25 plus proximity).
    pub score: f32,
    /// Passage index in the corpus.
    pub passage: u32,
    /// Article id.
    pub doc: String,
    /// Outlet or author name.
    pub source: String,
    /// Article title.
    pub title: String,
    /// Publication date, where known.
    pub date: Option<String>,
    /// Link to the original, where known.
    pub url: Option<String>,
    /// The quoted text.
    pub excerpt: String,
    /// Character ranges of matched words in `excerpt`.
    pub highlights: Vec<Range<usize>>,
}

/// The answer to a question: quoted passages, or none when the corpus holds no real evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The question as answered (after cleaning and cutting).
    pub question: String,
    /// True when the question was cut to the length limit.
    pub truncated: bool,
    /// False when nothing relevant was found.
    pub answered: bool,
    /// The confidence behind `answered`, 0 to 1.
    pub confidence: f32,
    /// What the confidence is made of.
    pub why: Confidence,
    /// This page of results.
    pub hits: Vec<Hit>,
    /// True when more results follow this page.
    pub has_more: bool,
}

impl Answer {
    fn unanswered(question: &Question, why: Confidence) -> Answer {
        Answer {
            question: question.text.clone(),
            truncated: question.truncated,
            answered: false,
            confidence: why.value,
            why,
            hits: Vec::new(),
            has_more: false,
        }
    }
}

/// Answer `question` from `engine`: results `offset..offset + options.top` of the ranking. `vector` is
/// the question's unit embedding in semantic mode (`None`: lexical ranking only).
pub fn ask(
    engine: &Engine,
    question: &Question,
    vector: Option<&[f32]>,
    options: &SearchOptions,
    offset: usize,
) -> Result<Answer, SearchError> {
    // A greeting or thanks alone asks nothing: searching "السلام عليكم" would quote "حفظ السلام".
    if crate::arabic::courtesy(question.text()).is_some() {
        return Ok(Answer::unanswered(question, Confidence::default()));
    }
    // Client-written offsets can be anything: the search caps what it returns (MAX_RESULTS).
    let limit = options.candidates.max(offset.saturating_add(options.top).saturating_add(1));
    let pipeline::Ranking { query, ranked, confidence, cues } =
        pipeline::rank(engine, question.text(), vector, options, limit)?;
    if ranked.is_empty() || !confidence.answers(options) {
        return Ok(Answer::unanswered(question, confidence));
    }
    let alternatives = alternative_map(&query);
    let index = &engine.index;
    let excerpt_weights: HashMap<&str, (usize, f32)> =
        alternatives.iter().map(|(t, &(i, w))| (*t, (i, w * query[i].idf))).collect();
    let corpus = index.corpus();
    let hits = ranked
        .iter()
        .enumerate()
        .skip(offset)
        .take(options.top)
        .map(|(i, r)| {
            let passage = &corpus.passages[r.pid as usize];
            let article = corpus.article_of(passage);
            let excerpt = make_excerpt(
                corpus.passage_text(passage),
                &index.analysed(r.pid),
                &excerpt_weights,
                cues.as_ref(),
                options.excerpt_chars,
            );
            Hit {
                rank: i + 1,
                score: r.score,
                passage: r.pid,
                doc: article.id.clone(),
                source: article.source.clone(),
                title: article.title.clone(),
                date: article.date.clone(),
                url: article.url.clone(),
                excerpt: excerpt.text,
                highlights: excerpt.highlights,
            }
        })
        .collect();
    Ok(Answer {
        question: question.text.clone(),
        truncated: question.truncated,
        answered: true,
        confidence: confidence.value,
        why: confidence,
        hits,
        has_more: ranked.len() > offset.saturating_add(options.top),
    })
}
