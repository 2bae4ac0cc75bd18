//! The one question-answering path the CLI and the bot share: question in, quoted passages out.
//!
//! [`crate::pipeline`] ranks the passages for each question the message asks and decides whether the
//! corpus answers it; this module turns a page of those rankings into quoted excerpts with their sources.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use crate::arabic::Courtesy;
use crate::copies::{self, Folded};
use crate::engine::Engine;
use crate::error::SearchError;
use crate::excerpt::make_excerpt;
use crate::pipeline::{self, AnswerCues, Confidence, Ranked, Ranking, SearchOptions};
use crate::rank::alternative_map;

pub use crate::question::Question;

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
    /// Other articles carrying the same text (see [`crate::copies`]), best first.
    pub also: Vec<AlsoIn>,
}

/// An article that carries the quoted text too.
#[derive(Debug, Clone, PartialEq)]
pub struct AlsoIn {
    /// Article id.
    pub doc: String,
    /// Outlet or author name.
    pub source: String,
    /// Article title.
    pub title: String,
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
    /// The questions of a message asking several that the corpus does not answer, while it answers
    /// another (empty for a message asking one).
    pub unanswered: Vec<String>,
    /// For an unanswered question: true when some passage matched it at all, so a reader may ask to
    /// see the nearest anyway ([`nearest`]).
    pub nearest: bool,
    /// True when `hits` are the nearest passages to a question the corpus does not answer, shown
    /// because the reader asked for them ([`nearest`]); `answered` stays false.
    pub tentative: bool,
    /// True when `hits` are the newest articles' opening passages, for a question asking what is new
    /// with no subject (see [`crate::latest`]).
    pub latest: bool,
    /// The courtesy a message is, when it is one and asks nothing (a greeting, thanks, "من أنت؟"): it is
    /// not searched, and gets a reply of its own.
    pub courtesy: Option<Courtesy>,
    /// True when the message held only links or @usernames: nothing was searched.
    pub only_links: bool,
    /// True when the message asked for something to be written (لخص لي …، اكتب …): the passages found
    /// on its subject are quoted, saying that nothing is written.
    pub asked_to_write: bool,
}

impl Answer {
    /// An answer quoting `hits`, at confidence `why`.
    fn answered(question: &Question, why: Confidence, hits: Vec<Hit>, has_more: bool) -> Answer {
        Answer {
            question: question.text().to_string(),
            truncated: question.truncated(),
            answered: true,
            confidence: why.value,
            why,
            hits,
            has_more,
            unanswered: Vec::new(),
            nearest: false,
            tentative: false,
            latest: false,
            courtesy: None,
            only_links: question.only_links(),
            asked_to_write: crate::arabic::asks_to_write(question.text()),
        }
    }

    fn unanswered(question: &Question, why: Confidence, nearest: bool) -> Answer {
        Answer {
            question: question.text().to_string(),
            truncated: question.truncated(),
            answered: false,
            confidence: why.value,
            why,
            hits: Vec::new(),
            has_more: false,
            unanswered: Vec::new(),
            nearest,
            tentative: false,
            latest: false,
            courtesy: None,
            only_links: question.only_links(),
            asked_to_write: false,
        }
    }
}

/// Answer `question` from `engine`: results `offset..offset + options.top` of the ranking. `vectors` are
/// the unit embeddings of the question's parts ([`Question::parts`]), in semantic mode; empty (or `None`
/// for a part) ranks lexically.
///
/// A message asking several questions is answered for each: their rankings take turns (the best passage
/// for each question first), and a question the corpus does not answer adds nothing.
pub fn ask(
    engine: &Engine,
    question: &Question,
    vectors: &[Option<Vec<f32>>],
    options: &SearchOptions,
    offset: usize,
) -> Result<Answer, SearchError> {
    Ok(answer_and_rankings(engine, question, vectors, options, offset)?.0)
}

/// [`ask`]'s answer and the rankings it quotes from (none for a message not searched, whose answer never
/// offers the nearest passages).
fn answer_and_rankings(
    engine: &Engine,
    question: &Question,
    vectors: &[Option<Vec<f32>>],
    options: &SearchOptions,
    offset: usize,
) -> Result<(Answer, Vec<(String, Ranking)>), SearchError> {
    if let Some(answer) = unsearched(engine, question, options, offset) {
        return Ok((answer, Vec::new()));
    }
    let rankings = rank_parts(engine, question, vectors, options, offset)?;
    let answer = quote_answering(engine, question, &rankings, |r| r.confidence.answers(options), options, offset);
    Ok((answer, rankings))
}

/// The answer to a message that is not searched: a greeting or thanks alone (searching "السلام عليكم"
/// would quote "حفظ السلام"), or a request for what is new in a dated corpus.
fn unsearched(engine: &Engine, question: &Question, options: &SearchOptions, offset: usize) -> Option<Answer> {
    if let Some(kind) = crate::arabic::courtesy(question.text()) {
        return Some(Answer { courtesy: Some(kind), ..Answer::unanswered(question, Confidence::default(), false) });
    }
    if asks_latest(question) {
        return latest(engine, question, options, offset);
    }
    None
}

/// One ranking for each question the message asks ([`Question::parts`]), deep enough for the page at
/// `offset`.
fn rank_parts(
    engine: &Engine,
    question: &Question,
    vectors: &[Option<Vec<f32>>],
    options: &SearchOptions,
    offset: usize,
) -> Result<Vec<(String, Ranking)>, SearchError> {
    // Client-written offsets can be anything: the search caps what it returns (MAX_RESULTS).
    let limit = options.candidates.max(offset.saturating_add(options.top).saturating_add(1));
    question
        .parts()
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let vector = vectors.get(i).and_then(|v| v.as_deref());
            let ranking = pipeline::rank(engine, part, question.context(), vector, options, limit)?;
            Ok((part.to_string(), ranking))
        })
        .collect()
}

/// The page at `offset` quoting the rankings `answers` accepts (each must have a passage); the others
/// are the message's unanswered questions. None accepted: the answer is "not found" ([`refusal`]).
fn quote_answering(
    engine: &Engine,
    question: &Question,
    rankings: &[(String, Ranking)],
    answers: impl Fn(&Ranking) -> bool,
    options: &SearchOptions,
    offset: usize,
) -> Answer {
    let (mut answering, mut unanswered) = (Vec::new(), Vec::new());
    for (part, ranking) in rankings {
        if !ranking.ranked.is_empty() && answers(ranking) {
            answering.push(ranking);
        } else {
            unanswered.push(part.clone());
        }
    }
    if answering.is_empty() {
        return refusal(question, rankings);
    }
    // The confidence shown is the surest answered question's.
    let why = answering.iter().map(|r| r.confidence).max_by(|a, b| a.value.total_cmp(&b.value)).unwrap_or_default();
    let turns = taking_turns(&answering);
    let shown = fold_copies(engine, &turns, offset.saturating_add(options.top).saturating_add(1), options);
    let excerpt_weights: Vec<HashMap<&str, (usize, f32)>> = answering
        .iter()
        .map(|r| alternative_map(&r.query).iter().map(|(t, &(i, w))| (*t, (i, w * r.query[i].idf))).collect())
        .collect();
    let hits = shown
        .iter()
        .enumerate()
        .skip(offset)
        .take(options.top)
        .map(|(i, folded)| {
            let (part, _) = folded.kept;
            quote(engine, folded, i + 1, &excerpt_weights[part], answering[part].cues.as_ref(), options)
        })
        .collect();
    let has_more = shown.len() > offset.saturating_add(options.top);
    Answer { unanswered, ..Answer::answered(question, why, hits, has_more) }
}

/// "Not found" for a message none of whose questions is answered: at the confidence of the surest (the
/// first question's when none is surer), and offering the nearest passages when any passage matched.
fn refusal(question: &Question, rankings: &[(String, Ranking)]) -> Answer {
    let mut refused = Confidence::default();
    for (i, (_, ranking)) in rankings.iter().enumerate() {
        if ranking.confidence.value > refused.value || i == 0 {
            refused = ranking.confidence;
        }
    }
    let matched = rankings.iter().any(|(_, r)| !r.ranked.is_empty());
    Answer::unanswered(question, refused, matched)
}

/// `items` (best first) as the texts a page quotes, at most `wanted`: the same text found in several
/// passages is one, naming the others (`search.fold_copies`).
fn fold_copies(
    engine: &Engine,
    items: &[(usize, Ranked)],
    wanted: usize,
    options: &SearchOptions,
) -> Vec<Folded<(usize, Ranked)>> {
    let corpus = engine.index.corpus();
    let text_of = |(_, r): (usize, Ranked)| corpus.passage_text(&corpus.passages[r.pid as usize]);
    if options.fold_copies {
        copies::fold(items, text_of, wanted)
    } else {
        items.iter().take(wanted).map(|&kept| Folded { kept, copies: Vec::new() }).collect()
    }
}

/// True when `question` asks what is new and names no subject ("ما آخر الأخبار؟"), and follows up no
/// earlier question (in reply to an answer, "ما الجديد؟" asks what is new about its subject).
pub fn asks_latest(question: &Question) -> bool {
    question.context().is_none() && crate::arabic::asks_latest(question.text())
}

/// The answer to a question asking what is new: the newest articles' opening passages, newest first,
/// `options.top` from `offset`; `None` when no article has a date (the question is then searched).
fn latest(engine: &Engine, question: &Question, options: &SearchOptions, offset: usize) -> Option<Answer> {
    let newest = engine.latest.of(engine.index.corpus());
    if newest.is_empty() {
        return None;
    }
    // A client-written offset can be anything: like a search, the list goes no further than
    // MAX_RESULTS.
    let wanted = offset.saturating_add(options.top).saturating_add(1).min(crate::search::MAX_RESULTS + 1);
    // The same story from several outlets is quoted once, naming them, as in any answer; copies are
    // looked for among the next few articles (they run the same day).
    let window = &newest[..newest.len().min(wanted.saturating_mul(4))];
    let leads: Vec<(usize, Ranked)> = window
        .iter()
        .map(|&(_, pid)| (0, Ranked { pid, score: 0.0, lexical: 0.0, cosine: None, matched: Default::default() }))
        .collect();
    let shown = fold_copies(engine, &leads, wanted, options);
    let no_terms = HashMap::default();
    let hits = shown
        .iter()
        .enumerate()
        .skip(offset)
        .take(options.top)
        .map(|(i, folded)| quote(engine, folded, i + 1, &no_terms, None, options))
        .collect();
    let why = Confidence { value: 1.0, ..Confidence::default() };
    let has_more = shown.len() > offset.saturating_add(options.top);
    Some(Answer { latest: true, ..Answer::answered(question, why, hits, has_more) })
}

/// As [`ask`], but a question the corpus does not answer gets its nearest passages anyway, marked
/// `tentative` (`answered` stays false): what a reader sees on asking for them after "not found". The
/// no-answer rule errs towards refusing, and a reader can judge a quoted passage; the default reply
/// never shows one it does not trust.
pub fn nearest(
    engine: &Engine,
    question: &Question,
    vectors: &[Option<Vec<f32>>],
    options: &SearchOptions,
    offset: usize,
) -> Result<Answer, SearchError> {
    let (answer, rankings) = answer_and_rankings(engine, question, vectors, options, offset)?;
    if answer.answered || !answer.nearest {
        return Ok(answer);
    }
    // Every question refused: the passages every ranking found, at the refusal's confidence.
    let shown = quote_answering(engine, question, &rankings, |_| true, options, offset);
    Ok(Answer {
        answered: false,
        tentative: !shown.hits.is_empty(),
        confidence: answer.confidence,
        why: answer.why,
        ..shown
    })
}

/// The hit at `rank` for a folded text: its best copy's excerpt and source, and the other copies' articles.
fn quote(
    engine: &Engine,
    folded: &Folded<(usize, Ranked)>,
    rank: usize,
    weights: &HashMap<&str, (usize, f32)>,
    cues: Option<&AnswerCues>,
    options: &SearchOptions,
) -> Hit {
    let index = &engine.index;
    let corpus = index.corpus();
    let (_, r) = folded.kept;
    let passage = &corpus.passages[r.pid as usize];
    let article = corpus.article_of(passage);
    let excerpt =
        make_excerpt(corpus.passage_text(passage), &index.analysed(r.pid), weights, cues, options.excerpt_chars);
    let also = folded
        .copies
        .iter()
        .map(|&(_, copy)| {
            let article = corpus.article_of(&corpus.passages[copy.pid as usize]);
            AlsoIn { doc: article.id.clone(), source: article.source.clone(), title: article.title.clone() }
        })
        .collect();
    Hit {
        rank,
        score: r.score,
        passage: r.pid,
        doc: article.id.clone(),
        source: article.source.clone(),
        title: article.title.clone(),
        date: article.date.clone(),
        url: article.url.clone(),
        excerpt: excerpt.text,
        highlights: excerpt.highlights,
        also,
    }
}

/// The rankings' passages in turns, each with the index of its ranking: the first of each, then the
/// second of each, ...; a passage already taken is skipped. One ranking comes back as it is.
fn taking_turns(rankings: &[&Ranking]) -> Vec<(usize, Ranked)> {
    let each = rankings.iter().enumerate().map(|(part, ranking)| ranking.ranked.iter().map(|&r| (part, r)).collect());
    let mut turns = crate::latest::in_turns(each.collect());
    let mut seen = rustc_hash::FxHashSet::default();
    turns.retain(|(_, r)| seen.insert(r.pid));
    turns
}
