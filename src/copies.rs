//! Passages that say the same thing: one wire story republished by several outlets, or a paragraph
//! repeated inside a longer one. A page of results quotes each text once and names where else it ran,
//! so three slots are not spent on three copies.
//!
//! Two passages are one text when they share most of the shorter one's word trigrams (after
//! normalisation, so hamza forms and punctuation do not matter) and a good part of the longer one's: a
//! copy is often cut a little shorter or longer than the original.

use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};

use crate::arabic::{is_word_char, normalize};
use crate::rank::shared_count;

/// Words per shingle: three keep word order, so two passages on one subject in their own words differ.
const SHINGLE_WORDS: usize = 3;

/// Share of the shorter passage's shingles the other must hold for the two to be one text. Copies on
/// the news corpus hold 0.88-0.98 of each other's; distinct passages on one story rarely 0.3.
const SAME_TEXT_SHARE: f32 = 0.6;

/// Share of the longer passage's shingles the two must share: a paragraph standing whole inside one
/// more than twice its length is not a copy of it, since the longer says much more. Chosen on ARCD half A
/// (its paragraphs overlap), the answer in the top 3 excerpts: 0.896 unfolded; 0.893 / 0.895 / 0.897 /
/// 0.897 / 0.899 at 0 / 0.3 / 0.4 / 0.5 / 0.6; half B 0.874 unfolded, 0.880 at 0.4. Of 1,000 headline
/// queries over the news corpus, 299 showed two near-identical excerpts in their top 3 unfolded, 40 /
/// 53 / 85 / 115 / 160 folded.
const LONGER_SHARE: f32 = 0.4;

/// A passage with fewer shingles than this is never folded: a short line is held by chance too easily.
const MIN_SHINGLES: usize = 8;

/// A passage's word trigrams, hashed, sorted and without repeats (a merge counts what two share).
#[derive(Debug, Clone, Default)]
pub struct Shingles(Vec<u64>);

impl Shingles {
    /// The shingles of `text`.
    pub fn of(text: &str) -> Shingles {
        let text = normalize(text);
        // Each word is hashed once; a shingle mixes its three words' hashes in order.
        let words: Vec<u64> = text.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).map(hash_word).collect();
        let mut hashes: Vec<u64> = words.windows(SHINGLE_WORDS).map(mix).collect();
        hashes.sort_unstable();
        hashes.dedup();
        Shingles(hashes)
    }

    /// True when the two are one text: they share most of the smaller set and a good part of the larger.
    pub fn same_text(&self, other: &Shingles) -> bool {
        let (small, large) = if self.0.len() <= other.0.len() { (&self.0, &other.0) } else { (&other.0, &self.0) };
        if small.len() < MIN_SHINGLES {
            return false;
        }
        // Neither can reach the shares when one is too much larger than the other.
        if (small.len() as f32) < LONGER_SHARE * large.len() as f32 {
            return false;
        }
        let shared = shared_count(small, large);
        shared as f32 >= SAME_TEXT_SHARE * small.len() as f32 && shared as f32 >= LONGER_SHARE * large.len() as f32
    }
}

fn hash_word(word: &str) -> u64 {
    let mut hasher = FxHasher::default();
    word.hash(&mut hasher);
    hasher.finish()
}

/// One hash for a run of word hashes, in order (a, b, c and c, b, a differ).
fn mix(words: &[u64]) -> u64 {
    let mut hasher = FxHasher::default();
    words.hash(&mut hasher);
    hasher.finish()
}

/// A text kept for the page, with the other items that repeat it.
#[derive(Debug, Clone, PartialEq)]
pub struct Folded<T> {
    /// The best-ranked copy, the one quoted.
    pub kept: T,
    /// The other copies, best first.
    pub copies: Vec<T>,
}

/// Fold `items` (best first) into distinct texts, each kept where its best copy ranks, at most `wanted`
/// of them; `text_of` gives an item's passage text. Once `wanted` texts are kept the rest of `items` is
/// still read for their copies, so an outlet whose copy ranks below the page is named too.
pub fn fold<'t, T: Copy>(items: &[T], text_of: impl Fn(T) -> &'t str, wanted: usize) -> Vec<Folded<T>> {
    let mut kept: Vec<(Folded<T>, Shingles)> = Vec::new();
    for &item in items {
        let shingles = Shingles::of(text_of(item));
        if let Some((folded, _)) = kept.iter_mut().find(|(_, other)| other.same_text(&shingles)) {
            // The best-ranked copy is quoted. Quoting the longest instead (it says all the others say)
            // cost ARCD's answer in the first excerpt 0.799 -> 0.789: its excerpt must choose more.
            folded.copies.push(item);
        } else if kept.len() < wanted {
            kept.push((Folded { kept: item, copies: Vec::new() }, shingles));
        }
    }
    kept.into_iter().map(|(folded, _)| folded).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "وجه صاحب السمو الملكي ولي العهد بمعاملة الشهيد الرقيب أول معاملة الشهيد السعودي في جميع \
                         الحقوق والمزايا، تقديرا لتضحيته في سبيل الواجب مع قوات التحالف.";

    #[test]
    fn a_republished_story_is_one_text_however_punctuated_or_cut() {
        let copy = "وجّه صاحب السمو الملكي ولي العهد بمعاملة الشهيد الرقيب أول، معاملة الشهيد السعودي في جميع \
                    الحقوق والمزايا";
        assert!(Shingles::of(STORY).same_text(&Shingles::of(copy)));
        assert!(Shingles::of(copy).same_text(&Shingles::of(STORY)), "either way round");
    }

    #[test]
    fn passages_on_one_subject_in_their_own_words_are_two_texts() {
        let other = "قرر ولي العهد منح أسرة الرقيب الراحل الحقوق ذاتها التي تمنح لأسر الشهداء السعوديين، وذلك \
                     تقديرا لما قدمه خلال مشاركته مع قوات التحالف في اليمن.";
        assert!(!Shingles::of(STORY).same_text(&Shingles::of(other)));
        assert!(!Shingles::of("ولي العهد").same_text(&Shingles::of(STORY)), "a short line is never folded");
    }

    #[test]
    fn fold_keeps_the_best_copy_in_place_and_at_most_the_wanted_count() {
        let longer = format!("{STORY} وأكد أن القرار يشمل أسرته كلها.");
        let other = "نص آخر مختلف تماما عن الخبر الأول يتحدث عن الطقس وموجة الحر في المدن الداخلية هذا الأسبوع";
        let texts = [STORY, other, STORY, "ثالث", longer.as_str()];
        let folded = fold(&[0, 1, 2, 3], |i: usize| texts[i], 2);
        assert_eq!(folded, vec![Folded { kept: 0, copies: vec![2] }, Folded { kept: 1, copies: vec![] }]);
        assert_eq!(fold(&[0, 1, 2, 3], |i: usize| texts[i], 10).len(), 3);
        let folded = fold(&[0, 1, 4], |i: usize| texts[i], 10);
        assert_eq!(folded[0], Folded { kept: 0, copies: vec![4] }, "a longer copy folds into the better-ranked");
    }

    #[test]
    fn a_copy_ranked_below_the_page_is_still_named() {
        let other = "نص آخر مختلف تماما عن الخبر الأول يتحدث عن الطقس وموجة الحر في المدن الداخلية هذا الأسبوع";
        let third = "خبر ثالث عن نتائج مباريات الدوري السعودي لكرة القدم في الجولة الأخيرة من الموسم الحالي";
        let texts = [STORY, other, third, STORY];
        let folded = fold(&[0, 1, 2, 3], |i: usize| texts[i], 2);
        assert_eq!(folded, vec![Folded { kept: 0, copies: vec![3] }, Folded { kept: 1, copies: vec![] }]);
    }
}
