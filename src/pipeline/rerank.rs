//! Re-ranking the candidates: BM25 re-computed with soft matches, title matches weighted by the title's
//! length, proximity, coverage, the answer's kind and exact forms.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::arabic::normalize::push_normalized;
use crate::arabic::{answer_words, expected_answer, is_number, AnswerType};
use crate::rank::{Bm25, PassageMatch, PassageScorer, QueryTerm, SoftMatcher};
use crate::search::{ScoredPassage, SearchIndex};

use super::SearchOptions;

/// A candidate passage after re-ranking.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    /// The passage.
    pub pid: u32,
    /// Its score: re-ranked lexical, then fused with the cosine in semantic mode.
    pub score: f32,
    /// Its re-ranked lexical score.
    pub lexical: f32,
    /// Its cosine with the question (semantic mode, when it has a vector).
    pub cosine: Option<f32>,
    /// How it matched the question.
    pub matched: PassageMatch,
}

/// Re-score candidates (BM25 with soft matches, proximity, coverage, answer type, exact forms) and sort;
/// ties keep corpus order.
pub fn rerank(
    index: &SearchIndex,
    question: &str,
    query: &[QueryTerm],
    alternatives: &HashMap<&str, (usize, f32)>,
    candidates: Vec<ScoredPassage>,
    options: &SearchOptions,
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
    options: &'a SearchOptions,
    total_idf: f32,
    soft: Option<SoftMatcher>,
    /// Terms that can answer the question's kind (months, number words), when it asks for one.
    answer_cues: Option<(HashSet<String>, bool)>,
    /// Weight (times the question's idf) of an answer cue beside the matched words.
    answer_weight: f32,
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
        options: &'a SearchOptions,
    ) -> Self {
        let analyzer = index.analyzer();
        let kind = expected_answer(question);
        let answer_weight = match kind {
            Some(AnswerType::Person | AnswerType::Place) => options.entity_type_weight,
            _ => options.answer_type_weight,
        };
        let answer_cues = (answer_weight > 0.0).then_some(kind).flatten().map(|kind| {
            let words = analyzer.terms(answer_words(kind)).into_iter().map(|t| t.term).collect();
            (words, kind.digits_answer())
        });
        Reranker {
            index,
            query,
            alternatives,
            options,
            total_idf: query.iter().map(|q| q.idf).sum(),
            soft: (options.soft_weight > 0.0).then(|| SoftMatcher::new(query, options.soft_weight)),
            answer_cues,
            answer_weight,
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
    fn score(&mut self, c: ScoredPassage) -> Ranked {
        let matched = self.match_passage(c.pid);
        let options = self.options;
        let base = if options.bm25_k1 > 0.0 { matched.bm25 } else { c.score };
        let answer_bonus = if matched.answer_near { self.answer_weight * self.total_idf } else { 0.0 };
        let bonus = options.proximity_weight * matched.proximity
            + options.coverage_weight * matched.coverage * self.total_idf
            + answer_bonus
            + options.exact_form_weight * matched.exact_idf;
        Ranked { pid: c.pid, score: base + bonus, lexical: base + bonus, cosine: None, matched }
    }

    fn match_passage(&mut self, pid: u32) -> PassageMatch {
        let corpus = self.index.corpus();
        let passage = &corpus.passages[pid as usize];
        let exact_forms = self.options.exact_form_weight > 0.0;
        // The words as written are read only for exact forms (a mapped text is checked on each read).
        let text = if exact_forms { corpus.passage_text(passage) } else { "" };
        let (cues, form) = (self.answer_cues.as_ref(), &mut self.form);
        let mut scorer = PassageScorer::new(self.query, self.alternatives, self.soft.as_ref());
        let root_weight = self.options.root_weight;
        self.index.analysed(pid).for_each_with_root(|t, root, start, end, p| {
            let direct = scorer.body(t, p);
            if let (Some(root), true) = (root, root_weight > 0.0) {
                scorer.body_root(root, p, root_weight);
            }
            if let Some(i) = direct {
                if exact_forms {
                    form.clear();
                    text.get(start..end).unwrap_or("").chars().for_each(|c| push_normalized(c, form));
                    scorer.body_form(i, form);
                }
            }
            if cues.is_some_and(|(cues, digits)| (*digits && is_number(t)) || cues.contains(t)) {
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
