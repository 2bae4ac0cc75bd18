//! Re-ranking the candidates: BM25 re-computed with soft matches, title matches weighted by the title's
//! length, proximity, coverage, the answer's kind, a definition for "ما هو X؟" and exact forms.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::arabic::normalize::push_normalized;
use crate::arabic::{answer_words, is_number, normalize, Analyzer, AnswerType, COPULA_PRONOUNS};
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

/// What can answer the question's kind (a date for متى, a number for كم, a title for من, a kind of
/// place for أين), beside the matched words: re-ranking and the excerpt both reward it.
#[derive(Debug, Clone, Default)]
pub struct AnswerCues {
    /// Index terms that can answer (months, number words, titles, kinds of place).
    pub words: HashSet<String>,
    /// True when a number in digits can answer.
    pub digits: bool,
    /// What holding one is worth, as a share of the question's whole weight: `answer_type_weight` for a
    /// date or number, `entity_type_weight` for a title or a kind of place.
    pub weight: f32,
}

impl AnswerCues {
    /// The cues for a question asking for `kind`; `None` when its weight is 0.
    pub fn of(analyzer: Analyzer, kind: AnswerType, options: &SearchOptions) -> Option<AnswerCues> {
        let weight = match kind {
            AnswerType::Person | AnswerType::Place => options.entity_type_weight,
            AnswerType::Time | AnswerType::Quantity => options.answer_type_weight,
        };
        let words = || analyzer.terms(answer_words(kind)).into_iter().map(|t| t.term).collect();
        (weight > 0.0).then(|| AnswerCues { words: words(), digits: kind.digits_answer(), weight })
    }

    /// True when the index term `term` can answer.
    pub fn answers(&self, term: &str) -> bool {
        (self.digits && is_number(term)) || self.words.contains(term)
    }
}

/// Re-score candidates (BM25 with soft matches, proximity, coverage, answer type, a definition when the
/// question `defines` its first term, exact forms) and sort; ties keep corpus order.
pub fn rerank(
    index: &SearchIndex,
    query: &[QueryTerm],
    alternatives: &HashMap<&str, (usize, f32)>,
    cues: Option<&AnswerCues>,
    defines: bool,
    candidates: Vec<ScoredPassage>,
    options: &SearchOptions,
) -> Vec<Ranked> {
    let defines = defines && options.definition_weight > 0.0 && !query.is_empty();
    let mut reranker = Reranker::new(index, query, alternatives, cues, defines, options);
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
    /// What can answer the question's kind, when it asks for one.
    cues: Option<&'a AnswerCues>,
    /// True when the question asks what its first term is (see [`crate::arabic::asks_definition`]).
    defines: bool,
    bm25: Bm25,
    /// Analysed title, source and author per article: candidates often share an article.
    titles: HashMap<u32, Vec<String>>,
    /// Buffer for a matched word's normalised form.
    form: String,
}

impl<'a> Reranker<'a> {
    fn new(
        index: &'a SearchIndex,
        query: &'a [QueryTerm],
        alternatives: &'a HashMap<&'a str, (usize, f32)>,
        cues: Option<&'a AnswerCues>,
        defines: bool,
        options: &'a SearchOptions,
    ) -> Self {
        Reranker {
            index,
            query,
            alternatives,
            options,
            total_idf: query.iter().map(|q| q.idf).sum(),
            soft: (options.soft_weight > 0.0).then(|| SoftMatcher::new(query, options.soft_weight)),
            cues,
            defines,
            bm25: Bm25 {
                k1: options.bm25_k1,
                b: options.bm25_b,
                avg_len: index.avg_body_len(),
                avg_title_len: index.avg_title_len(),
                title_term_cap: options.title_term_cap,
            },
            titles: HashMap::default(),
            form: String::new(),
        }
    }

    /// The candidate's final score and how it matched.
    fn score(&mut self, c: ScoredPassage) -> Ranked {
        let (matched, defined) = self.match_passage(c.pid);
        let options = self.options;
        let base = if options.bm25_k1 > 0.0 { matched.bm25 } else { c.score };
        let answer_bonus = match self.cues {
            Some(cues) if matched.answer_near => cues.weight * self.total_idf,
            _ => 0.0,
        };
        let definition_bonus = if defined { options.definition_weight * self.total_idf } else { 0.0 };
        let bonus = options.proximity_weight * matched.proximity
            + options.together_weight * matched.window * self.total_idf
            + options.coverage_weight * matched.coverage * self.total_idf
            + answer_bonus
            + definition_bonus
            + options.exact_form_weight * matched.exact_idf;
        Ranked { pid: c.pid, score: base + bonus, lexical: base + bonus, cosine: None, matched }
    }

    /// How the passage matched, and whether it defines the question's subject: its first word is the
    /// question's first term ("كان X …" does not count), or a question word in it is followed by a
    /// copula (X هو …).
    fn match_passage(&mut self, pid: u32) -> (PassageMatch, bool) {
        let corpus = self.index.corpus();
        let passage = &corpus.passages[pid as usize];
        let exact_forms = self.options.exact_form_weight > 0.0;
        let defines = self.defines;
        // The words as written are read only for exact forms and definitions (a mapped text is checked
        // on each read).
        let text = if exact_forms || defines { corpus.passage_text(passage) } else { "" };
        let (cues, form) = (self.cues, &mut self.form);
        let mut scorer = PassageScorer::new(self.query, self.alternatives, self.soft.as_ref());
        let root_weight = self.options.root_weight;
        let mut defined = false;
        self.index.analysed(pid).for_each_with_root(|t, root, start, end, p| {
            let direct = scorer.body(t, p);
            if defines && !defined {
                defined = (p == 0 && direct == Some(0)) || (direct.is_some() && before_copula(text, end));
            }
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
            if cues.is_some_and(|c| c.answers(t)) {
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
        (scorer.finish(&self.bm25, self.options.title_boost), defined)
    }
}

/// Longest parenthesis skipped between a subject and its copula, in bytes: Wikipedia's "X (بالإنجليزية:
/// …) هو".
const MAX_ASIDE_BYTES: usize = 300;

fn without_separators(s: &str) -> &str {
    s.trim_start_matches(|c: char| c.is_whitespace() || c == '،' || c == ',')
}

/// True when the word ending at byte `end` of `text` is followed by a copula pronoun (هو، هي، هم، هما),
/// past a comma or one parenthesis.
fn before_copula(text: &str, end: usize) -> bool {
    let mut rest = without_separators(text.get(end..).unwrap_or(""));
    if let Some(inner) = rest.strip_prefix('(') {
        match inner.find(')').filter(|&close| close <= MAX_ASIDE_BYTES) {
            Some(close) => rest = without_separators(&inner[close + 1..]),
            None => return false,
        }
    }
    let word = rest.split(|c: char| c.is_whitespace() || c.is_ascii_punctuation() || c == '،').next().unwrap_or("");
    !word.is_empty() && word.len() <= 12 && COPULA_PRONOUNS.contains(&normalize(word).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(text: &str, word: &str) -> bool {
        before_copula(text, text.find(word).unwrap() + word.len())
    }

    #[test]
    fn a_copula_after_the_subject_is_found_past_a_comma_or_a_parenthesis() {
        assert!(after("التقويم الهجري هو تقويم قمري", "الهجري"));
        assert!(after("منظمة معاهدة الأمن الجماعي، هي تحالف عسكري", "الجماعي"));
        assert!(after("السرطان (بالإنجليزية: Cancer) هُوَ مجموعة من الأمراض", "السرطان"));
        assert!(!after("التقويم الهجري يعتمد على القمر", "الهجري"));
        assert!(!after("قال هوفمان إن التقويم هوية", "التقويم"));
        assert!(!after("السرطان (بلا إغلاق هو", "السرطان"));
        assert!(!after("آخر كلمة الهجري", "الهجري"));
    }
}
