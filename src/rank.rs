//! Scoring a candidate passage against the question beyond BM25: which question terms it holds
//! (coverage, the confidence behind "nothing relevant found") and how close together (proximity).
//!
//! Pure functions over analysed terms, so they are tested without an index.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;

/// One distinct question term and the index terms that stand for it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryTerm {
    /// The analysed question term.
    pub term: String,
    /// Its inverse document frequency (the highest possible when the index lacks it).
    pub idf: f32,
    /// Index terms that count as this term, each with a weight in (0, 1]: the term itself at 1, near
    /// spellings below.
    pub alternatives: Vec<(String, f32)>,
    /// The question's own spellings of the term, normalised but not stemmed (الانتخابات for انتخاب).
    pub forms: Vec<String>,
    /// The root of the question word (see [`crate::arabic::root`]), matched at a low weight.
    pub root: Option<String>,
}

impl QueryTerm {
    /// True when the corpus holds the term itself (not only near spellings of it).
    pub fn in_corpus(&self) -> bool {
        self.alternatives.iter().any(|(t, _)| *t == self.term)
    }
}

#[cfg(test)]
impl QueryTerm {
    /// A term that stands only for itself, written as the question wrote it (for queries built by hand).
    pub(crate) fn bare(term: &str, idf: f32) -> QueryTerm {
        QueryTerm {
            term: term.into(),
            idf,
            alternatives: vec![(term.into(), 1.0)],
            forms: vec![term.into()],
            root: None,
        }
    }
}

/// How a passage matches the question.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PassageMatch {
    /// idf-weighted share of question terms found in the passage or its title, in [0, 1].
    pub coverage: f32,
    /// Sum over pairs of found question terms of min(idf) / distance, for pairs within the window.
    pub proximity: f32,
    /// BM25 of the passage's matches, near spellings counted at their weight, title matches added.
    pub bm25: f32,
    /// True when a word that can answer the question (a date for "متى", a number for "كم") stands within
    /// the proximity window of a matched question word.
    pub answer_near: bool,
    /// Summed idf of the question terms the passage writes exactly as the question does (same prefixes
    /// and suffixes): stemming joins الرئيس and رئيسها, but the question's own form says more.
    pub exact_idf: f32,
    /// Share of the question's terms the passage holds, each counted by how well it matched (1 for the
    /// term itself), whatever its idf.
    pub held: f32,
    /// How well the passage holds the question's rarest term (0 to 1).
    pub rarest: f32,
    /// idf-weighted share of the question's terms found together: within one stretch of
    /// [`TOGETHER_WORDS`] words of the passage, or in its title.
    pub window: f32,
}

/// Words apart beyond which two terms no longer count as near.
const PROXIMITY_WINDOW: usize = 8;

/// Words apart within which question terms count as found together (`PassageMatch::window`): about a
/// sentence, the span a question usually restates. 8, 12 and 16 tied on ARCD half A; 12 held on the
/// other checks (README).
pub const TOGETHER_WORDS: usize = 12;

/// Smallest trigram similarity (Dice) for a passage word to stand in for a question term.
const SOFT_MIN_DICE: f32 = 0.5;

/// Shortest question term, in characters, that soft matching applies to.
const SOFT_MIN_CHARS: usize = 4;

/// Sorted, deduplicated character trigrams of a word padded with boundary marks, as packed integers.
pub fn trigrams(word: &str) -> Vec<u64> {
    let mut grams: Vec<u64> = padded_trigrams(word).collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// The word's trigrams in order, boundary marks (1 before, 2 after) included, without allocating.
fn padded_trigrams(word: &str) -> impl Iterator<Item = u64> + '_ {
    let mut chars = std::iter::once(1).chain(word.chars().map(u32::from)).chain(std::iter::once(2));
    let (mut a, mut b) = (chars.next().unwrap_or(1), chars.next().unwrap_or(2));
    chars.map(move |c| {
        let gram = pack(a, b, c);
        (a, b) = (b, c);
        gram
    })
}

/// Three characters as one integer (21 bits each: every Unicode scalar fits).
fn pack(a: u32, b: u32, c: u32) -> u64 {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

/// Dice coefficient of two sorted trigram lists.
pub fn dice(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * shared_count(a, b) as f32 / (a.len() + b.len()) as f32
}

/// How many values two sorted, repeat-free lists share (a merge).
pub fn shared_count(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// Soft matching of question terms to passage words of a similar spelling (يتزوج ~ تزوج), which
/// stemming alone misses; it stands for a character n-gram field at a fraction of the cost, run only on
/// the candidates. Made per question; each distinct passage word is compared once.
#[derive(Debug)]
pub struct SoftMatcher {
    grams: Vec<Option<Vec<u64>>>,
    /// Every trigram of every question term: a word sharing none cannot match (most words).
    any: HashSet<u64>,
    weight: f32,
    seen: RefCell<HashMap<String, Option<(usize, f32)>>>,
}

impl SoftMatcher {
    /// A matcher for `query`; a soft match counts `weight` × its similarity.
    pub fn new(query: &[QueryTerm], weight: f32) -> SoftMatcher {
        let grams: Vec<Option<Vec<u64>>> = query
            .iter()
            .map(|q| (weight > 0.0 && q.term.chars().count() >= SOFT_MIN_CHARS).then(|| trigrams(&q.term)))
            .collect();
        let any = grams.iter().flatten().flatten().copied().collect();
        SoftMatcher { grams, any, weight, seen: RefCell::new(HashMap::default()) }
    }

    /// The best soft match of `term` among question terms still unmatched in `found`: (index, weight).
    fn best(&self, term: &str, found: &[f32]) -> Option<(usize, f32)> {
        let open = self.grams.iter().zip(found).any(|(g, f)| g.is_some() && *f < self.weight);
        if !open || !self.shares_a_trigram(term) {
            return None;
        }
        if let Some(known) = self.seen.borrow().get(term) {
            return *known;
        }
        let best = self.compare(term);
        self.seen.borrow_mut().insert(term.to_string(), best);
        best
    }

    /// True when `term` has a trigram of some question term; made without allocating.
    fn shares_a_trigram(&self, term: &str) -> bool {
        padded_trigrams(term).any(|gram| self.any.contains(&gram))
    }

    fn compare(&self, term: &str) -> Option<(usize, f32)> {
        let chars = term.chars().count();
        if chars < SOFT_MIN_CHARS {
            return None;
        }
        let word = trigrams(term);
        let mut best = None;
        for (i, grams) in self.grams.iter().enumerate() {
            let Some(grams) = grams else { continue };
            // Dice can only reach the bar when the sizes are close enough.
            let (a, b) = (grams.len().min(word.len()), grams.len().max(word.len()));
            if (4 * a) < (a + b) {
                continue;
            }
            let similarity = dice(grams, &word);
            if similarity >= SOFT_MIN_DICE && best.is_none_or(|(_, w)| similarity * self.weight > w) {
                best = Some((i, similarity * self.weight));
            }
        }
        best
    }
}

/// Map every alternative index term to (question term index, weight).
pub fn alternative_map(query: &[QueryTerm]) -> HashMap<&str, (usize, f32)> {
    let mut map = HashMap::default();
    for (i, q) in query.iter().enumerate() {
        for (alt, weight) in &q.alternatives {
            let entry = map.entry(alt.as_str()).or_insert((i, *weight));
            if *weight > entry.1 {
                *entry = (i, *weight);
            }
        }
    }
    map
}

/// BM25 parameters for re-scoring candidates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bm25 {
    /// Term-frequency saturation.
    pub k1: f32,
    /// Length normalisation.
    pub b: f32,
    /// Average passage length in terms.
    pub avg_len: f32,
    /// Average title (title, source, author) length in terms; 0 leaves title matches unnormalised.
    pub avg_title_len: f32,
    /// Most occurrences counted in the body for a question term the title also holds, when the question
    /// holds a term the title lacks (see [`crate::pipeline::SearchOptions::title_term_cap`]); 0: no cap.
    pub title_term_cap: f32,
}

/// Accumulates one passage's matches term by term, then scores it.
pub struct PassageScorer<'q> {
    query: &'q [QueryTerm],
    alternatives: &'q HashMap<&'q str, (usize, f32)>,
    soft: Option<&'q SoftMatcher>,
    found: Vec<f32>,
    tf: Vec<f32>,
    in_title: Vec<f32>,
    positions: Vec<Vec<usize>>,
    answer_cues: Vec<usize>,
    exact: Vec<bool>,
    /// True when the last body word matched a question term (directly or softly).
    last_matched: bool,
    len: usize,
    title_len: usize,
}

impl<'q> PassageScorer<'q> {
    /// A scorer for one passage.
    pub fn new(
        query: &'q [QueryTerm],
        alternatives: &'q HashMap<&'q str, (usize, f32)>,
        soft: Option<&'q SoftMatcher>,
    ) -> Self {
        let n = query.len();
        PassageScorer {
            query,
            alternatives,
            soft,
            found: vec![0.0; n],
            tf: vec![0.0; n],
            in_title: vec![0.0; n],
            positions: vec![Vec::new(); n],
            answer_cues: Vec::new(),
            exact: vec![false; n],
            last_matched: false,
            len: 0,
            title_len: 0,
        }
    }

    /// Record a body term at a word position; the index of the question term it is (not merely
    /// resembles), if any.
    pub fn body(&mut self, term: &str, position: usize) -> Option<usize> {
        self.len += 1;
        let direct = self.alternatives.get(term).copied();
        let matched = direct.or_else(|| self.soft.and_then(|s| s.best(term, &self.found)));
        if let Some((i, weight)) = matched {
            self.found[i] = self.found[i].max(weight);
            self.tf[i] += weight;
            self.positions[i].push(position);
        }
        self.last_matched = matched.is_some();
        direct.map(|(i, _)| i)
    }

    /// Record a body word at `position` that matched no question term but has `root`: it counts for
    /// question terms of the same root (not yet matched better) at `weight`.
    pub fn body_root(&mut self, root: &str, position: usize, weight: f32) {
        if self.last_matched {
            return;
        }
        for (i, q) in self.query.iter().enumerate() {
            if q.root.as_deref() == Some(root) && self.found[i] < weight {
                self.found[i] = weight;
                self.tf[i] += weight;
                self.positions[i].push(position);
            }
        }
    }

    /// Record the normalised, unstemmed `form` of a body word that is question term `i`.
    pub fn body_form(&mut self, i: usize, form: &str) {
        if self.query[i].forms.iter().any(|f| f == form) {
            self.exact[i] = true;
        }
    }

    /// Record a word at `position` that can answer the question (see `pipeline::AnswerCues::answers`).
    pub fn answer_cue(&mut self, position: usize) {
        self.answer_cues.push(position);
    }

    /// Record a title term.
    pub fn title(&mut self, term: &str) {
        self.title_len += 1;
        if let Some(&(i, weight)) = self.alternatives.get(term) {
            self.found[i] = self.found[i].max(weight);
            self.in_title[i] = self.in_title[i].max(weight);
        }
    }

    /// Coverage, proximity and BM25 of what was recorded; `title_boost` weighs title matches.
    pub fn finish(&self, bm25: &Bm25, title_boost: f32) -> PassageMatch {
        let total: f32 = self.query.iter().map(|q| q.idf).sum();
        let matched: f32 = self.query.iter().zip(&self.found).map(|(q, f)| q.idf * f).sum();
        let coverage = if total > 0.0 { matched / total } else { 0.0 };
        let norm = bm25.k1 * (1.0 - bm25.b + bm25.b * self.len as f32 / bm25.avg_len.max(1.0));
        // A match in a short title (a Wikipedia subject) says more than one in a long headline.
        let title_norm = if bm25.avg_title_len > 0.0 {
            (bm25.avg_title_len / self.title_len.max(1) as f32).clamp(0.25, 4.0)
        } else {
            1.0
        };
        // The title names the article's subject, which its paragraphs repeat: when the question asks
        // something the title does not hold, how often a paragraph repeats the subject says nothing of
        // whether it holds the rest.
        let cap = bm25.title_term_cap > 0.0 && self.in_title.contains(&0.0);
        let score = self
            .query
            .iter()
            .zip(self.tf.iter().zip(&self.in_title))
            .map(|(q, (&tf, &title))| {
                // A term the body lacks adds nothing (at k1 = 0 the formula would be 0 / 0).
                let tf = if cap && title > 0.0 { tf.min(bm25.title_term_cap) } else { tf };
                let body = if tf > 0.0 { tf * (bm25.k1 + 1.0) / (tf + norm) } else { 0.0 };
                q.idf * (body + title_boost * title * title_norm)
            })
            .sum();
        let held = self.found.iter().sum::<f32>() / self.found.len().max(1) as f32;
        let rarest =
            self.query.iter().zip(&self.found).max_by(|a, b| a.0.idf.total_cmp(&b.0.idf)).map_or(0.0, |(_, &f)| f);
        PassageMatch {
            coverage,
            held,
            rarest,
            window: self.window_coverage(total),
            proximity: proximity(self.query, &self.positions),
            bm25: score,
            answer_near: self.answer_near(),
            exact_idf: self.query.iter().zip(&self.exact).filter(|(_, &e)| e).map(|(q, _)| q.idf).sum(),
        }
    }

    /// The best idf-weighted share of question terms within one stretch of the body (title matches count
    /// in every window).
    fn window_coverage(&self, total: f32) -> f32 {
        if total <= 0.0 {
            return 0.0;
        }
        let title: f32 = self.query.iter().zip(&self.in_title).map(|(q, t)| q.idf * t).sum();
        let mut hits: Vec<(usize, usize)> =
            self.positions.iter().enumerate().flat_map(|(i, ps)| ps.iter().map(move |&p| (p, i))).collect();
        hits.sort_unstable();
        let mut counts = vec![0usize; self.query.len()];
        let (mut inside, mut best, mut from) = (0.0f32, 0.0f32, 0);
        for &(position, i) in &hits {
            if counts[i] == 0 && self.in_title[i] == 0.0 {
                inside += self.query[i].idf * self.found[i];
            }
            counts[i] += 1;
            while position - hits[from].0 > TOGETHER_WORDS {
                let j = hits[from].1;
                counts[j] -= 1;
                if counts[j] == 0 && self.in_title[j] == 0.0 {
                    inside -= self.query[j].idf * self.found[j];
                }
                from += 1;
            }
            best = best.max(inside);
        }
        ((best + title) / total).min(1.0)
    }

    /// True when an answer cue lies within the proximity window of a matched word other than itself.
    fn answer_near(&self) -> bool {
        self.answer_cues
            .iter()
            .any(|&cue| self.positions.iter().flatten().any(|&m| m != cue && m.abs_diff(cue) <= PROXIMITY_WINDOW))
    }
}

fn proximity(query: &[QueryTerm], positions: &[Vec<usize>]) -> f32 {
    let mut score = 0.0;
    for i in 0..query.len() {
        for j in i + 1..query.len() {
            if let Some(d) = min_distance(&positions[i], &positions[j]) {
                if d <= PROXIMITY_WINDOW {
                    score += query[i].idf.min(query[j].idf) / d.max(1) as f32;
                }
            }
        }
    }
    score
}

/// Smallest distance between two sorted position lists.
fn min_distance(a: &[usize], b: &[usize]) -> Option<usize> {
    let (mut i, mut j, mut best) = (0, 0, None::<usize>);
    while i < a.len() && j < b.len() {
        let d = a[i].abs_diff(b[j]);
        best = Some(best.map_or(d, |x| x.min(d)));
        if a[i] < b[j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Score a passage (BM25 at k1 1.2, b 0.75, average length 100) given its analysed body terms `(term, position)` and its title's terms.
    fn match_passage<'t>(
        query: &[QueryTerm],
        alternatives: &HashMap<&str, (usize, f32)>,
        soft: Option<&SoftMatcher>,
        body: impl IntoIterator<Item = (&'t str, usize)>,
        title: impl IntoIterator<Item = &'t str>,
    ) -> PassageMatch {
        let mut scorer = PassageScorer::new(query, alternatives, soft);
        body.into_iter().for_each(|(t, p)| {
            scorer.body(t, p);
        });
        title.into_iter().for_each(|t| scorer.title(t));
        scorer.finish(&Bm25 { k1: 1.2, b: 0.75, avg_len: 100.0, avg_title_len: 0.0, title_term_cap: 0.0 }, 0.0)
    }

    #[test]
    fn without_saturation_a_missing_term_adds_nothing_rather_than_nan() {
        let query = [QueryTerm::bare("امن", 2.0), QueryTerm::bare("منظم", 3.0)];
        let alternatives = alternative_map(&query);
        let mut scorer = PassageScorer::new(&query, &alternatives, None);
        scorer.body("امن", 0);
        let flat =
            scorer.finish(&Bm25 { k1: 0.0, b: 1.0, avg_len: 100.0, avg_title_len: 0.0, title_term_cap: 0.0 }, 0.0);
        assert_eq!(flat.bm25, 2.0, "{flat:?}");
    }

    #[test]
    fn a_title_term_counts_at_most_the_cap_in_the_body_unless_the_title_holds_the_whole_question() {
        // "ما مساحة أوروبا؟" among the paragraphs of the article أوروبا.
        let query = [QueryTerm::bare("اوروب", 2.0), QueryTerm::bare("مساح", 2.0)];
        let alts = alternative_map(&query);
        let bm25 = |cap, times: usize, title: &[&str]| {
            let mut scorer = PassageScorer::new(&query, &alts, None);
            // Ten words, `times` of them the subject: every passage is as long.
            for p in 0..10 {
                scorer.body(if p < times { "اوروب" } else { "قار" }, p);
            }
            title.iter().for_each(|t| scorer.title(t));
            let bm25 = Bm25 { k1: 1.2, b: 0.75, avg_len: 10.0, avg_title_len: 0.0, title_term_cap: cap };
            scorer.finish(&bm25, 0.0).bm25
        };
        let subject = ["اوروب"];
        assert!(bm25(0.0, 5, &subject) > bm25(0.0, 2, &subject), "uncapped, repetition counts");
        assert_eq!(bm25(2.0, 5, &subject), bm25(2.0, 2, &subject), "capped at two occurrences");
        assert!(bm25(2.0, 2, &subject) > bm25(2.0, 1, &subject), "up to the cap, each counts");
        assert!(bm25(2.0, 5, &[]) > bm25(2.0, 2, &[]), "not in the title: no cap");
        let whole = ["اوروب", "مساح"];
        assert!(bm25(2.0, 5, &whole) > bm25(2.0, 2, &whole), "the title holds the whole question: no cap");
    }

    #[test]
    fn coverage_weighs_rare_terms_more() {
        let query = [QueryTerm::bare("نهر", 3.0), QueryTerm::bare("عام", 1.0)];
        let alts = alternative_map(&query);
        let only_common = match_passage(&query, &alts, None, [("عام", 0)], []);
        let only_rare = match_passage(&query, &alts, None, [("نهر", 0)], []);
        assert!((only_common.coverage - 0.25).abs() < 1e-6);
        assert!((only_rare.coverage - 0.75).abs() < 1e-6);
    }

    #[test]
    fn title_terms_count_for_coverage_not_proximity() {
        let query = [QueryTerm::bare("نهر", 1.0), QueryTerm::bare("نيل", 1.0)];
        let alts = alternative_map(&query);
        let m = match_passage(&query, &alts, None, [("نهر", 3)], ["نيل"]);
        assert_eq!(m.coverage, 1.0);
        assert_eq!(m.proximity, 0.0);
    }

    #[test]
    fn a_match_in_a_short_title_counts_more_than_in_a_long_one() {
        let query = [QueryTerm::bare("نيل", 2.0)];
        let alts = alternative_map(&query);
        let bm25 = Bm25 { k1: 1.2, b: 1.0, avg_len: 100.0, avg_title_len: 4.0, title_term_cap: 0.0 };
        let score = |title: &[&str]| {
            let mut scorer = PassageScorer::new(&query, &alts, None);
            scorer.body("ماء", 0);
            title.iter().for_each(|t| scorer.title(t));
            scorer.finish(&bm25, 1.0).bm25
        };
        let short = score(&["نيل"]);
        let long = score(&["نيل", "خبر", "عاجل", "اليوم", "عن", "المياه", "والسدود", "في", "افريقيا"]);
        assert!(short > 2.0 * long, "{short} vs {long}");
        assert_eq!(score(&["نهر"]), 0.0);
    }

    #[test]
    fn an_answer_counts_only_beside_a_matched_word() {
        let query = [QueryTerm::bare("ولد", 2.0)];
        let alts = alternative_map(&query);
        let with_cue = |cue: usize| {
            let mut scorer = PassageScorer::new(&query, &alts, None);
            scorer.body("ولد", 3);
            scorer.answer_cue(cue);
            scorer
                .finish(&Bm25 { k1: 1.2, b: 0.75, avg_len: 100.0, avg_title_len: 0.0, title_term_cap: 0.0 }, 0.0)
                .answer_near
        };
        assert!(with_cue(5));
        assert!(!with_cue(40));
        assert!(!with_cue(3), "the matched word itself is no answer");
        assert!(!match_passage(&query, &alts, None, [("ولد", 3)], []).answer_near);
    }

    #[test]
    fn a_word_written_as_the_question_writes_it_counts_as_exact() {
        let query = [
            QueryTerm { forms: vec!["الانتخابات".into()], ..QueryTerm::bare("انتخاب", 2.0) },
            QueryTerm { forms: vec!["رييس".into()], ..QueryTerm::bare("رييس", 3.0) },
        ];
        let alts = alternative_map(&query);
        let mut scorer = PassageScorer::new(&query, &alts, None);
        assert_eq!(scorer.body("انتخاب", 0), Some(0));
        scorer.body_form(0, "انتخابات");
        assert_eq!(scorer.body("رييس", 1), Some(1));
        scorer.body_form(1, "رييس");
        assert_eq!(scorer.body("حكومه", 2), None);
        let matched =
            scorer.finish(&Bm25 { k1: 1.2, b: 0.75, avg_len: 100.0, avg_title_len: 0.0, title_term_cap: 0.0 }, 0.0);
        assert_eq!(matched.exact_idf, 3.0, "only رييس is written as asked");
    }

    #[test]
    fn nearer_terms_score_higher() {
        let query = [QueryTerm::bare("اسعار", 2.0), QueryTerm::bare("وقود", 2.0)];
        let alts = alternative_map(&query);
        let near = match_passage(&query, &alts, None, [("اسعار", 4), ("وقود", 5)], []);
        let far = match_passage(&query, &alts, None, [("اسعار", 4), ("وقود", 10)], []);
        let apart = match_passage(&query, &alts, None, [("اسعار", 4), ("وقود", 40)], []);
        assert!(near.proximity > far.proximity && far.proximity > apart.proximity);
        assert_eq!(apart.proximity, 0.0);
    }

    #[test]
    fn terms_count_as_together_within_a_sentence_span_or_the_title() {
        let query = [QueryTerm::bare("اسعار", 1.0), QueryTerm::bare("وقود", 3.0)];
        let alts = alternative_map(&query);
        let at = |gap: usize| match_passage(&query, &alts, None, [("اسعار", 4), ("وقود", 4 + gap)], []).window;
        assert_eq!(at(TOGETHER_WORDS), 1.0, "beyond the proximity window, still one stretch");
        assert_eq!(at(TOGETHER_WORDS + 1), 0.75, "apart: only the rarer term's share");
        let in_title = match_passage(&query, &alts, None, [("اسعار", 40)], ["وقود"]);
        assert_eq!(in_title.window, 1.0);
    }

    #[test]
    fn similar_spellings_match_softly() {
        let query = [QueryTerm::bare("يتزوج", 2.0)];
        let alts = alternative_map(&query);
        let soft = SoftMatcher::new(&query, 0.5);
        let m = match_passage(&query, &alts, Some(&soft), [("تزوج", 0)], []);
        assert!(m.coverage > 0.25 && m.coverage < 0.5, "{}", m.coverage);
        let unrelated = match_passage(&query, &alts, Some(&soft), [("سافر", 0)], []);
        assert_eq!(unrelated.coverage, 0.0);
    }

    #[test]
    fn the_trigram_prefilter_agrees_with_the_trigram_lists() {
        let query = [QueryTerm::bare("كازاخستان", 1.0), QueryTerm::bare("سيرديوكوف", 1.0)];
        let soft = SoftMatcher::new(&query, 0.5);
        for word in ["كازخستان", "سيرديكوف", "قازاقستان", "موسكو", "ك", "نان", "فوف"]
        {
            let shares = query.iter().any(|q| trigrams(&q.term).iter().any(|g| trigrams(word).contains(g)));
            assert_eq!(soft.shares_a_trigram(word), shares, "{word}");
        }
    }

    #[test]
    fn trigram_dice_is_one_for_equal_words() {
        assert_eq!(dice(&trigrams("كازاخستان"), &trigrams("كازاخستان")), 1.0);
        assert!(dice(&trigrams("كازاخستان"), &trigrams("كازخستان")) > 0.6);
    }

    #[test]
    fn near_spellings_count_with_their_weight() {
        let mut name = QueryTerm::bare("كازخستان", 4.0);
        name.alternatives = vec![("كازاخستان".into(), 0.5)];
        let query = [name];
        let alts = alternative_map(&query);
        assert_eq!(match_passage(&query, &alts, None, [("كازاخستان", 0)], []).coverage, 0.5);
    }
}
