//! The one question-answering path the CLI and the bot share: question in, quoted passages out.
//!
//! BM25 finds candidates; they are re-ranked with a proximity bonus; the top one's idf-weighted share of
//! question terms (its coverage) decides whether the corpus answers at all.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use crate::arabic::normalize::push_normalized;
use crate::arabic::{answer_naming_nouns, answer_words, expected_answer, is_number, normalize, without_preposition};
use crate::error::SearchError;
use crate::excerpt::make_excerpt;
use crate::rank::{alternative_map, Bm25, PassageMatch, PassageScorer, QueryTerm, SoftMatcher};
use crate::search::{SearchIndex, WeightedTerm};

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

/// Tunable parts of answering; defaults are the measured ones (see `isnad eval`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AskOptions {
    /// Results per page.
    pub top: usize,
    /// Candidates re-ranked after BM25.
    pub candidates: usize,
    /// Smallest coverage of the best passage for the corpus to count as answering.
    pub min_coverage: f32,
    /// Weight of title matches relative to body matches.
    pub title_boost: f32,
    /// Weight of the proximity bonus added to BM25.
    pub proximity_weight: f32,
    /// Weight of near spellings found for question words missing from the index.
    pub fuzzy_weight: f32,
    /// Weight of the passage's coverage of the question (times the question's total idf).
    pub coverage_weight: f32,
    /// First-stage bonus (times a question term's idf) for a passage holding the term at all, so the
    /// candidates are those holding more of the question, as re-ranking prefers.
    pub presence_weight: f32,
    /// Weight of a passage word of similar spelling (trigram similarity) standing in for a question term.
    pub soft_weight: f32,
    /// Share of its idf that a word naming the kind of answer (اسم، معنى، عدد، نوع) keeps.
    pub frame_weight: f32,
    /// BM25 k1 for re-scoring candidates; 0 keeps the index's own BM25 scores.
    pub bm25_k1: f32,
    /// BM25 b for re-scoring candidates.
    pub bm25_b: f32,
    /// Weight (times the question's total idf) of an answer of the asked kind, a date for "متى" or a
    /// number for "كم", beside the matched words.
    pub answer_type_weight: f32,
    /// Weight (times the term's idf) of a question term written in the passage exactly as asked.
    pub exact_form_weight: f32,
    /// Longest excerpt, in characters.
    pub excerpt_chars: usize,
}

impl Default for AskOptions {
    fn default() -> Self {
        AskOptions {
            top: 3,
            candidates: 30,
            min_coverage: 0.35,
            title_boost: 0.6,
            proximity_weight: 0.6,
            fuzzy_weight: 0.7,
            coverage_weight: 0.5,
            presence_weight: 1.0,
            soft_weight: 0.5,
            frame_weight: 0.5,
            bm25_k1: 1.2,
            bm25_b: 1.0,
            answer_type_weight: 0.3,
            exact_form_weight: 0.4,
            excerpt_chars: 500,
        }
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
    /// Coverage of the best passage, the confidence behind `answered`.
    pub confidence: f32,
    /// This page of results.
    pub hits: Vec<Hit>,
    /// True when more results follow this page.
    pub has_more: bool,
}

impl Answer {
    fn unanswered(question: &Question, confidence: f32) -> Answer {
        Answer {
            question: question.text.clone(),
            truncated: question.truncated,
            answered: false,
            confidence,
            hits: Vec::new(),
            has_more: false,
        }
    }
}

/// The question's distinct terms, with near spellings for those the index lacks and the bare word for
/// one behind a preposition (لجبران). Words naming the kind of answer (ما اسم، ما عدد) weigh
/// `frame_weight` of their idf.
pub fn query_terms(index: &SearchIndex, question: &str, options: &AskOptions) -> Vec<QueryTerm> {
    let analyzer = index.analyzer();
    let frame_nouns: Vec<String> = analyzer.terms(answer_naming_nouns()).into_iter().map(|t| t.term).collect();
    let mut out: Vec<QueryTerm> = Vec::new();
    let max_idf = index.idf(0);
    for analysed in analyzer.terms(question) {
        let form = normalize(&question[analysed.start..analysed.end]);
        if let Some(known) = out.iter_mut().find(|q| q.term == analysed.term) {
            if !known.forms.contains(&form) {
                known.forms.push(form);
            }
            continue;
        }
        let df = index.doc_freq(&analysed.term);
        let mut alternatives = if df > 0 {
            vec![(analysed.term.clone(), 1.0)]
        } else {
            index.similar_terms(&analysed.term, 3).into_iter().map(|(t, _)| (t, options.fuzzy_weight)).collect()
        };
        if options.fuzzy_weight > 0.0 {
            if let Some(bare) = bare_word(index, &form, &analysed.term) {
                if !alternatives.iter().any(|(t, _)| *t == bare) {
                    alternatives.push((bare, options.fuzzy_weight));
                }
            }
        }
        let idf = if df > 0 { index.idf(df) } else { max_idf };
        let idf = if frame_nouns.contains(&analysed.term) { idf * options.frame_weight } else { idf };
        out.push(QueryTerm { term: analysed.term, idf, alternatives, forms: vec![form] });
    }
    out
}

/// The index term of `form` without a leading ب or ل (see [`without_preposition`]), when it differs from
/// `term`, keeps three letters or more, and the corpus holds it.
fn bare_word(index: &SearchIndex, form: &str, term: &str) -> Option<String> {
    let rest = without_preposition(form)?;
    let bare = index.analyzer().terms(rest).into_iter().next()?.term;
    (bare != term && bare.chars().count() >= 3 && index.doc_freq(&bare) > 0).then_some(bare)
}

/// A candidate passage after re-ranking.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    pid: u32,
    score: f32,
    matched: PassageMatch,
}

/// Answer `question` from `index`: results `offset..offset + options.top` of the ranking.
pub fn ask(
    index: &SearchIndex,
    question: &Question,
    options: &AskOptions,
    offset: usize,
) -> Result<Answer, SearchError> {
    let query = query_terms(index, question.text(), options);
    let weighted: Vec<WeightedTerm> = query
        .iter()
        .flat_map(|q| {
            q.alternatives.iter().map(|(t, w)| WeightedTerm {
                term: t.clone(),
                weight: *w,
                presence: options.presence_weight * q.idf * w,
            })
        })
        .collect();
    // Client-written offsets can be anything: the search caps what it returns (MAX_RESULTS).
    let limit = options.candidates.max(offset.saturating_add(options.top).saturating_add(1));
    let candidates = index.search(&weighted, options.title_boost, limit)?;
    let alternatives = alternative_map(&query);
    let ranked = rerank(index, question.text(), &query, &alternatives, candidates, options);
    let confidence = ranked.first().map_or(0.0, |r| r.matched.coverage);
    tracing::debug!(
        terms = ?query.iter().map(|q| (q.term.as_str(), q.idf, q.alternatives.len())).collect::<Vec<_>>(),
        confidence,
        candidates = ranked.len(),
        "ranked"
    );
    if ranked.is_empty() || confidence < options.min_coverage {
        return Ok(Answer::unanswered(question, confidence));
    }
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
        confidence,
        hits,
        has_more: ranked.len() > offset.saturating_add(options.top),
    })
}

/// Re-score candidates (BM25 with soft matches, proximity, coverage, answer type, exact forms) and sort;
/// ties keep corpus order.
fn rerank(
    index: &SearchIndex,
    question: &str,
    query: &[QueryTerm],
    alternatives: &HashMap<&str, (usize, f32)>,
    candidates: Vec<crate::search::ScoredPassage>,
    options: &AskOptions,
) -> Vec<Ranked> {
    let mut reranker = Reranker::new(index, question, query, alternatives, options);
    let mut ranked: Vec<Ranked> = candidates.into_iter().map(|c| reranker.score(c)).collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.pid.cmp(&b.pid)));
    ranked
}

/// What re-ranking one question needs, made once and used for each candidate.
struct Reranker<'a> {
    index: &'a SearchIndex,
    query: &'a [QueryTerm],
    alternatives: &'a HashMap<&'a str, (usize, f32)>,
    options: &'a AskOptions,
    total_idf: f32,
    soft: Option<SoftMatcher>,
    /// Terms that can answer the question's kind (months, number words), when it asks for one.
    answer_cues: Option<HashSet<String>>,
    bm25: Bm25,
    /// Analysed title, source and author per article: candidates often share an article.
    titles: HashMap<u32, Vec<String>>,
    /// Buffer for a matched word's normalised form.
    form: String,
}

impl<'a> Reranker<'a> {
    fn new(
        index: &'a SearchIndex,
        question: &str,
        query: &'a [QueryTerm],
        alternatives: &'a HashMap<&'a str, (usize, f32)>,
        options: &'a AskOptions,
    ) -> Self {
        let analyzer = index.analyzer();
        let answer_cues = (options.answer_type_weight > 0.0)
            .then(|| expected_answer(question))
            .flatten()
            .map(|kind| analyzer.terms(answer_words(kind)).into_iter().map(|t| t.term).collect());
        Reranker {
            index,
            query,
            alternatives,
            options,
            total_idf: query.iter().map(|q| q.idf).sum(),
            soft: (options.soft_weight > 0.0).then(|| SoftMatcher::new(query, options.soft_weight)),
            answer_cues,
            bm25: Bm25 {
                k1: options.bm25_k1,
                b: options.bm25_b,
                avg_len: index.avg_body_len(),
                avg_title_len: index.avg_title_len(),
            },
            titles: HashMap::default(),
            form: String::new(),
        }
    }

    /// The candidate's final score and how it matched.
    fn score(&mut self, c: crate::search::ScoredPassage) -> Ranked {
        let matched = self.match_passage(c.pid);
        let options = self.options;
        let base = if options.bm25_k1 > 0.0 { matched.bm25 } else { c.score };
        let answer_bonus = if matched.answer_near { options.answer_type_weight * self.total_idf } else { 0.0 };
        let bonus = options.proximity_weight * matched.proximity
            + options.coverage_weight * matched.coverage * self.total_idf
            + answer_bonus
            + options.exact_form_weight * matched.exact_idf;
        Ranked { pid: c.pid, score: base + bonus, matched }
    }

    fn match_passage(&mut self, pid: u32) -> PassageMatch {
        let corpus = self.index.corpus();
        let passage = &corpus.passages[pid as usize];
        let exact_forms = self.options.exact_form_weight > 0.0;
        // The words as written are read only for exact forms (a mapped text is checked on each read).
        let text = if exact_forms { corpus.passage_text(passage) } else { "" };
        let (cues, form) = (self.answer_cues.as_ref(), &mut self.form);
        let mut scorer = PassageScorer::new(self.query, self.alternatives, self.soft.as_ref());
        self.index.analysed(pid).for_each(|t, start, end, p| {
            if let Some(i) = scorer.body(t, p) {
                if exact_forms {
                    form.clear();
                    text.get(start..end).unwrap_or("").chars().for_each(|c| push_normalized(c, form));
                    scorer.body_form(i, form);
                }
            }
            if cues.is_some_and(|cues| is_number(t) || cues.contains(t)) {
                scorer.answer_cue(p);
            }
        });
        let analyzer = self.index.analyzer();
        let title = self.titles.entry(passage.article).or_insert_with(|| {
            let mut terms = Vec::new();
            analyzer.analyze(&corpus.article_of(passage).meta_text(), |t, _, _, _| terms.push(t.to_string()));
            terms
        });
        title.iter().for_each(|t| scorer.title(t));
        scorer.finish(&self.bm25, self.options.title_boost)
    }
}
