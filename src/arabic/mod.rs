//! Arabic text analysis: normalisation, stopwords and light stemming, as pure functions.
//!
//! [`Analyzer::analyze`] turns text into index terms with their byte offsets and word positions. The
//! search index, the query builder and the excerpt highlighter all call it, so a word is matched the
//! same way wherever it is seen.

pub mod analysed;
pub mod answer_type;
pub mod dialect;
pub mod normalize;
pub mod request;
pub mod root;
pub mod stem;
pub mod stopwords;
pub mod translit;

pub use analysed::AnalysedText;
pub use answer_type::{
    answer_naming_nouns, answer_words, asked_event_verb, asks_definition, expected_answer, is_number, AnswerType,
    COPULA_PRONOUNS,
};
pub use dialect::in_standard_words;
pub use normalize::{is_word_char, normalize, normalize_for_match};
pub use request::{asks_latest, asks_to_write, courtesy, question_span, Courtesy};
pub use stem::{other_waw_readings, own_alef_lam_readings, without_dialect_marker, without_preposition, Stemmer};
pub use stopwords::{opens_joined_question, opens_with_question_word};

/// Longest word kept, in bytes; longer runs are URLs or noise.
const MAX_WORD_BYTES: usize = 80;

/// How text becomes terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Analyzer {
    /// Full Arabic analysis: normalise, drop stopwords, stem.
    Arabic(Stemmer),
    /// Plain baseline (what tantivy's default tokenizer does): split on non-alphanumerics, lower-case,
    /// drop tokens over 40 bytes. No Arabic knowledge at all.
    Plain,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::Arabic(Stemmer::default())
    }
}

/// One analysed word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedTerm {
    /// The index term.
    pub term: String,
    /// Byte offset of the word's first byte in the text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// Word position, counting stopwords too, so distances are true distances.
    pub position: usize,
}

impl Analyzer {
    /// Call `sink(term, start, end, position)` for every term of `text`, in order.
    ///
    /// `term` borrows a buffer reused between calls: copy it if you keep it.
    pub fn analyze(&self, text: &str, mut sink: impl FnMut(&str, usize, usize, usize)) {
        self.analyze_words(text, false, |term, _, start, end, position| sink(term, start, end, position));
    }

    /// As [`Analyzer::analyze`], with each term's root (see [`root::root`]) beside it: `None` for the
    /// plain baseline and for words with no Arabic root.
    pub fn analyze_with_roots(&self, text: &str, sink: impl FnMut(&str, Option<&str>, usize, usize, usize)) {
        self.analyze_words(text, true, sink);
    }

    fn analyze_words(
        &self,
        text: &str,
        with_roots: bool,
        mut sink: impl FnMut(&str, Option<&str>, usize, usize, usize),
    ) {
        let mut buffer = String::with_capacity(32);
        let mut position = 0;
        for_each_word(text, *self, |raw, start, end| {
            buffer.clear();
            let (kept, word_root) = match self {
                Analyzer::Arabic(stemmer) => arabic_term(raw, *stemmer, with_roots, &mut buffer),
                Analyzer::Plain => (plain_term(raw, &mut buffer), None),
            };
            if let Some(term) = kept {
                sink(term, word_root.as_deref(), start, end, position);
            }
            position += 1;
        });
    }

    /// The root of one word as written (normalised first), when it is not a stopword; `None` for the
    /// plain baseline.
    pub fn root_of(&self, word: &str) -> Option<String> {
        let mut found = None;
        self.analyze_with_roots(word, |_, r, _, _, _| {
            if found.is_none() {
                found = r.map(String::from);
            }
        });
        found
    }

    /// The terms of `text` as owned values.
    pub fn terms(&self, text: &str) -> Vec<AnalyzedTerm> {
        let mut out = Vec::new();
        self.analyze(text, |term, start, end, position| {
            out.push(AnalyzedTerm { term: term.to_string(), start, end, position })
        });
        out
    }

    /// A short stable name, part of the on-disk index fingerprint.
    pub fn name(&self) -> &'static str {
        match self {
            Analyzer::Arabic(Stemmer::Light) => "arabic-light-v12",
            Analyzer::Arabic(Stemmer::Light10) => "arabic-light10-v5",
            Analyzer::Arabic(Stemmer::None) => "arabic-nostem-v5",
            Analyzer::Arabic(Stemmer::Snowball) => "arabic-snowball-v5",
            Analyzer::Plain => "plain-v1",
        }
    }
}

/// Split `text` into words and call `sink(word, start, end)` for each.
fn for_each_word(text: &str, analyzer: Analyzer, mut sink: impl FnMut(&str, usize, usize)) {
    let is_word: fn(char) -> bool = match analyzer {
        Analyzer::Arabic(_) => normalize::is_word_char,
        Analyzer::Plain => char::is_alphanumeric,
    };
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                sink(&text[s..i], s, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        sink(&text[s..], s, text.len());
    }
}

fn arabic_term<'b>(
    raw: &str,
    stemmer: Stemmer,
    with_root: bool,
    buffer: &'b mut String,
) -> (Option<&'b str>, Option<String>) {
    if raw.len() > MAX_WORD_BYTES {
        return (None, None);
    }
    for c in raw.chars() {
        normalize::push_normalized(c, buffer);
    }
    normalize::collapse_stretched_letters(buffer);
    // A word whose own first letters are آل (آلية، الآلية، آل) is no function word, and its آل is not
    // the article: it is kept, and stemmed with its آ written اا.
    let own_alef_lam = (stemmer == Stemmer::Light)
        .then(|| stem::before_own_alef_lam(raw))
        .flatten()
        .filter(|&before| buffer.get(before..).is_some_and(|rest| rest.starts_with("ال")));
    if buffer.is_empty() || (own_alef_lam.is_none() && stopwords::is_stopword(buffer)) {
        return (None, None);
    }
    if own_alef_lam.is_none() {
        if let Some(standard) = dialect::standard(buffer) {
            buffer.clear();
            buffer.push_str(standard);
        }
    }
    let word_root = if with_root { root::root(buffer) } else { None };
    if let Some(before) = own_alef_lam {
        buffer.replace_range(..before, "ا");
    }
    (stemmed(stemmer, buffer, own_alef_lam.is_some()), word_root)
}

/// The stem of the normalised word in `buffer`, made in place (`unprefixed`: the word has no prefix to
/// lose, see [`Stemmer::stem_unprefixed`]).
fn stemmed(stemmer: Stemmer, buffer: &mut String, unprefixed: bool) -> Option<&str> {
    let stem = if unprefixed { stemmer.stem_unprefixed(buffer) } else { stemmer.stem(buffer) };
    let (from, to) = match stem {
        std::borrow::Cow::Borrowed(stem) => (stem.as_ptr() as usize - buffer.as_ptr() as usize, stem.len()),
        std::borrow::Cow::Owned(stem) => {
            buffer.clear();
            buffer.push_str(&stem);
            (0, stem.len())
        }
    };
    if to == 0 {
        return None;
    }
    buffer.truncate(from + to);
    Some(&buffer[from..])
}

fn plain_term<'b>(raw: &str, buffer: &'b mut String) -> Option<&'b str> {
    if raw.len() > 40 {
        return None;
    }
    buffer.extend(raw.chars().flat_map(char::to_lowercase));
    Some(buffer.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        Analyzer::default().terms(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn question_words_vanish_and_content_stays() {
        assert_eq!(terms("لماذا اندلعت المظاهرات في كازاخستان؟"), terms("اندلعت مظاهرات كازاخستان"));
        assert_eq!(terms("شو صار بكازاخستان").len(), 2);
    }

    #[test]
    fn dialect_verbs_analyse_as_their_standard_equivalents() {
        assert_eq!(terms("مين بعت الجنود"), terms("من أرسل الجنود"));
        assert_eq!(terms("شو صار بكازاخستان"), terms("ماذا حدث بكازاخستان"));
        assert_eq!(terms("بيحكي عن الأزمة"), terms("يقول عن الأزمة"));
    }

    #[test]
    fn spelling_variants_give_the_same_terms() {
        let clean = terms("كم عدد سكان كازاخستان؟");
        assert_eq!(terms("كَمْ عَدَدُ سُكَّانِ كَازَاخِسْتَانَ؟"), clean);
        assert_eq!(terms("منظمه معاهده الامن"), terms("منظمة معاهدة الأمن"));
        assert_eq!(terms("عام ١٩٩٢"), terms("عام 1992"));
    }

    #[test]
    fn a_word_beginning_with_alef_madda_lam_keeps_its_letters_with_or_without_the_article() {
        // Normalised, آلية is اليه: its آل used to come off as the article (آلية as يه, الآلية as ال).
        assert_eq!(terms("الآلية"), terms("آلية"));
        assert_eq!(terms("بالآليات"), terms("آلية"));
        assert_eq!(terms("الآلاف"), terms("آلاف"));
        assert_eq!(terms("لآلاف"), terms("آلاف"));
        assert_ne!(terms("آلاف"), terms("آلية"));
        assert_ne!(terms("آلية"), terms("إليه"), "إليه is the article's look-alike, not the word");
        assert_eq!(terms("آل سعود").len(), 2, "آل (a family) is a word, not the article");
        assert!(terms("ال").is_empty());
        assert_eq!(terms("الآن"), terms("الان"), "the madda of آن is no word's own آل");
        let light10 = Analyzer::Arabic(Stemmer::Light10);
        assert_eq!(light10.terms("آلية")[0].term, light10.terms("الية")[0].term, "Lucene's stemmer as it is");
    }

    #[test]
    fn offsets_point_at_the_original_words() {
        let text = "قال «توكاييف»: نعم";
        let found = Analyzer::default().terms(text);
        let names: Vec<&str> = found.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(names, ["قال", "توكاييف", "نعم"]);
        assert_eq!(found.iter().map(|t| t.position).collect::<Vec<_>>(), [0, 1, 2]);
    }

    #[test]
    fn positions_count_stopwords() {
        let found = Analyzer::default().terms("روسيا في كازاخستان");
        assert_eq!(found[1].position, 2);
    }

    #[test]
    fn tatweel_only_word_makes_no_term() {
        assert!(terms("ـــ").is_empty());
    }

    #[test]
    fn plain_baseline_only_lowercases() {
        let plain: Vec<String> = Analyzer::Plain.terms("الأمن CSTO").into_iter().map(|t| t.term).collect();
        assert_eq!(plain, ["الأمن", "csto"]);
    }
}
