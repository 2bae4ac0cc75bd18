//! The question as the index sees it: its distinct terms with their idf and the index terms that stand
//! for each (itself, near spellings of a word the corpus lacks, the bare word behind ب/ل, the other
//! reading of a leading و or آل), a dialect's verb marker taken off a word the corpus never writes.

use crate::arabic::normalize::{in_another_alphabet, is_arabic_letter};
use crate::arabic::{
    answer_naming_nouns, asked_event_verb, normalize, other_waw_readings, own_alef_lam_readings, question_span,
    without_dialect_marker, without_preposition, Analyzer, Stemmer,
};
use crate::rank::QueryTerm;
use crate::search::{SearchIndex, SHORT_STEM_CHARS};

use super::SearchOptions;

/// The question's distinct terms, with near spellings for those the index lacks, the bare word for
/// one behind a preposition (لجبران), the other reading of a leading و (وزارة and الوزارة) and of a
/// leading آل (الاف and آلاف), and the corpus's spellings of a name written in Latin letters. Words
/// naming the kind of answer (ما اسم، ما عدد) or only that something happened (ماذا حدث) weigh
/// `frame_weight` of their idf. Request frames and
/// courtesies around the question (هل تعرف، السلام عليكم، شكرا) are left out.
pub fn query_terms(index: &SearchIndex, question: &str, options: &SearchOptions) -> Vec<QueryTerm> {
    let analyzer = index.analyzer();
    let frame_nouns: Vec<String> = analyzer.terms(answer_naming_nouns()).into_iter().map(|t| t.term).collect();
    let mut out: Vec<QueryTerm> = Vec::new();
    let max_idf = index.idf(0);
    let asks = question_span(question);
    let event_verb = asked_event_verb(question);
    // A name in Latin letters inside an Arabic question is looked for as the corpus spells it.
    let asked_in_arabic = question.chars().any(is_arabic_letter);
    for mut analysed in analyzer.terms(question).into_iter().filter(|t| asks.contains(&t.start)) {
        let mut form = normalize(&question[analysed.start..analysed.end]);
        if let Some((term, bare)) = without_unwritten_marker(index, &analysed.term, &form) {
            (analysed.term, form) = (term, bare);
        }
        if let Some(known) = out.iter_mut().find(|q| q.term == analysed.term) {
            if !known.forms.contains(&form) {
                known.forms.push(form);
            }
            continue;
        }
        let df = index.doc_freq(&analysed.term);
        let mut spelled: Vec<String> = Vec::new();
        let mut alternatives = if df > 0 {
            vec![(analysed.term.clone(), 1.0)]
        } else {
            let weight = near_spelling_weight(&analysed.term, options);
            let near = if weight > 0.0 { index.similar_terms(&analysed.term, 3) } else { Vec::new() };
            near.into_iter().map(|(t, _)| (t, weight)).collect()
        };
        if df == 0 && options.fuzzy_weight > 0.0 && asked_in_arabic {
            for (spelling, word) in arabic_spellings(index, &analysed.term) {
                if !alternatives.iter().any(|(t, _)| *t == spelling) {
                    alternatives.push((spelling, options.fuzzy_weight));
                }
                // Written as the corpus spells the name, a word counts as the question's own form: a
                // passage writing لينين outranks one whose word only shares its stem (اللينة).
                spelled.push(word);
            }
        }
        if options.fuzzy_weight > 0.0 {
            let term = &analysed.term;
            let readings = bare_word(index, &form, term)
                .into_iter()
                .chain(waw_readings(index, &form, term))
                .chain(alef_lam_readings(index, &form, term));
            // A reading that is also a short stem's near spelling counts as a reading.
            for other in readings {
                match alternatives.iter_mut().find(|(t, _)| *t == other) {
                    Some((_, weight)) => *weight = weight.max(options.fuzzy_weight),
                    None => alternatives.push((other, options.fuzzy_weight)),
                }
            }
        }
        let idf = if df > 0 { index.idf(df) } else { max_idf };
        let frames =
            frame_nouns.contains(&analysed.term) || event_verb.as_ref().is_some_and(|v| v.contains(&analysed.start));
        let idf = if frames { idf * options.frame_weight } else { idf };
        let root = (options.root_weight > 0.0).then(|| analyzer.root_of(&form)).flatten();
        let forms = std::iter::once(form).chain(spelled).collect();
        out.push(QueryTerm { term: analysed.term, idf, alternatives, forms, root });
    }
    out
}

/// Add the terms of the question `question` follows up (`context`) that it does not ask itself, at
/// `weight` of their idf: "أين ولد؟" in reply to the answer to "من هو طه حسين؟" is ranked as a question
/// about طه حسين's birthplace, without his name outweighing its own words. Measured on ARCD asked as a
/// conversation (each question after the one before it on the same article): R@1 0.764 / 0.760 →
/// 0.803 / 0.797 at 0.3 (halves A / B; 0.2: 0.791 / 0.791, 0.5: 0.792 / 0.792). After a question on
/// another subject it costs (0.734 / 0.733), which is why only a reply to an answer counts as a
/// follow-up.
/// A question with no term of its own ("ولماذا؟") takes the earlier question's terms whole.
pub fn add_context(query: &mut Vec<QueryTerm>, context: Vec<QueryTerm>, weight: f32) {
    let weight = if query.is_empty() { 1.0 } else { weight };
    for mut term in context {
        if !query.iter().any(|q| q.term == term.term) {
            term.idf *= weight;
            query.push(term);
        }
    }
}

/// What a near spelling of the missing index term `term` counts for: less for a short stem, which many
/// other words lie one letter from (ARCD's questions with one slip in their longest word, R@1 0.721 /
/// 0.701 → 0.731 / 0.713 on halves A / B when four-letter stems got near spellings at 0.2; at the full
/// weight the seed articles refused 0.795 of half A's questions instead of 0.852).
fn near_spelling_weight(term: &str, options: &SearchOptions) -> f32 {
    if term.chars().count() <= SHORT_STEM_CHARS {
        options.short_fuzzy_weight
    } else {
        options.fuzzy_weight
    }
}

/// Most Arabic spellings looked for in the place of a word in Latin letters.
const MAX_SPELLINGS: usize = 3;

/// A spelling's index term is left out when more than this many times as many passages hold it as hold
/// the spelling itself: the stem is mostly other words'.
const SHARED_STEM: u64 = 2;

/// The index terms of the corpus's words that can spell `latin`, a word in Latin letters the corpus
/// never writes (Tokayev: توكاييف; see [`crate::arabic::translit`]), each with the word as written: at
/// most [`MAX_SPELLINGS`] terms.
fn arabic_spellings(index: &SearchIndex, latin: &str) -> Vec<(String, String)> {
    if index.analyzer() == Analyzer::Plain || !latin.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Vec::new();
    }
    let (mut found, mut terms): (Vec<(String, String)>, usize) = (Vec::new(), 0);
    for (word, passages) in index.arabic_spellings(latin) {
        let Some(term) = index.analyzer().terms(word).into_iter().next().map(|t| t.term) else { continue };
        // A stem most of whose passages hold other words (لينين's لين: اللين، لينة) would quote them.
        let df = index.doc_freq(&term);
        if df == 0 || df > SHARED_STEM * passages.max(1) {
            continue;
        }
        if !found.iter().any(|(t, _)| *t == term) {
            if terms == MAX_SPELLINGS {
                break;
            }
            terms += 1;
        }
        found.push((term, word.to_string()));
    }
    tracing::debug!(latin, ?found, "arabic spellings");
    found
}

/// The index term of `form` without a leading ب or ل (see [`without_preposition`]), when it differs from
/// `term`, keeps three letters or more, and the corpus holds it.
fn bare_word(index: &SearchIndex, form: &str, term: &str) -> Option<String> {
    let rest = without_preposition(form)?;
    let bare = index.analyzer().terms(rest).into_iter().next()?.term;
    (bare != term && bare.chars().count() >= 3 && index.doc_freq(&bare) > 0).then_some(bare)
}

/// A word the corpus never writes, read without a dialect's verb marker (كيقود as يقود, see
/// [`without_dialect_marker`]): its index term and normalised form, so near spellings and the root are
/// those of the verb itself.
fn without_unwritten_marker(index: &SearchIndex, term: &str, form: &str) -> Option<(String, String)> {
    // The marker's letters are checked first: a second lookup of every question word's frequency is
    // paid only by the few that carry one.
    let bare = without_dialect_marker(form).filter(|_| index.doc_freq(term) == 0)?;
    let term = index.analyzer().terms(bare).into_iter().next()?.term;
    Some((term, bare.to_string()))
}

/// The index terms of the other readings of `form`'s leading و (see [`other_waw_readings`]) that the
/// corpus holds; none when the term is not the light stem of the form (a dialect word mapped to another).
fn waw_readings(index: &SearchIndex, form: &str, term: &str) -> Vec<String> {
    if index.analyzer() != Analyzer::Arabic(Stemmer::Light) || Stemmer::Light.stem(form) != term {
        return Vec::new();
    }
    other_waw_readings(form, term).into_iter().filter(|r| index.doc_freq(r) > 0).collect()
}

/// The index terms of `form` read both ways at a leading آل the corpus holds: as a word whose own first
/// letters they are (الاف written for آلاف), and, for a question that wrote the madda (its term begins
/// with اا), as the article (a corpus that writes الالاف for الآلاف).
fn alef_lam_readings(index: &SearchIndex, form: &str, term: &str) -> Vec<String> {
    if index.analyzer() != Analyzer::Arabic(Stemmer::Light) || !form.contains("ال") {
        return Vec::new();
    }
    let mut readings = own_alef_lam_readings(form);
    if term.starts_with("اا") {
        readings.push(Stemmer::Light.stem(form).into_owned());
    }
    readings.sort_unstable();
    readings.dedup();
    // Two letters are too few to tell: the article's reading of آلية is يه, which إليه gives too.
    readings.retain(|r| r != term && r.chars().nth(2).is_some() && index.doc_freq(r) > 0);
    readings
}

/// True when no term of the question is in Arabic letters and one is in another alphabet (Latin,
/// Cyrillic, Greek …; digits are no language): the multilingual model reads it, the analyser cannot.
pub fn in_another_language(query: &[QueryTerm]) -> bool {
    in_another_alphabet(query.iter().flat_map(|q| q.term.chars()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earlier_question_s_own_words_join_at_a_share_of_their_idf_and_its_shared_words_once() {
        let mut query = vec![QueryTerm::bare("ولد", 2.0)];
        let context = vec![QueryTerm::bare("طه", 6.0), QueryTerm::bare("ولد", 2.0), QueryTerm::bare("حسين", 5.0)];
        add_context(&mut query, context, 0.3);
        let terms: Vec<(&str, f32)> = query.iter().map(|q| (q.term.as_str(), q.idf)).collect();
        assert_eq!(terms.len(), 3, "{terms:?}");
        assert_eq!(terms[0], ("ولد", 2.0), "the question's own word keeps its idf");
        assert!((terms[1].1 - 1.8).abs() < 1e-6 && (terms[2].1 - 1.5).abs() < 1e-6, "{terms:?}");
        // A question with no word of its own takes the earlier one's whole.
        let mut empty = Vec::new();
        add_context(&mut empty, vec![QueryTerm::bare("نوبل", 4.0)], 0.3);
        assert_eq!(empty[0].idf, 4.0);
    }
}
