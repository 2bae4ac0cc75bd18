//! Terms of the index within a small edit distance of a word the index lacks.
//!
//! Transliterated names and misspellings (سيرديكوف for سيرديوكوف, كازخستان for كازاخستان) are one edit
//! away from the indexed form. Only question words missing from the index are expanded, so the common
//! case costs nothing.

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use std::sync::OnceLock;

use tantivy_fst::Automaton;

/// The length of a short stem, whose near spellings are weak evidence (see `allowed_distance`).
pub const SHORT_STEM_CHARS: usize = 4;

/// A Levenshtein DFA as an FST automaton, to walk a term dictionary.
pub struct LevenshteinDfa(pub DFA);

impl Automaton for LevenshteinDfa {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// The edit distance allowed for a word of `chars` characters: none for words of three letters or fewer,
/// where one edit turns almost any word into another; one up to nine letters, two beyond. A stem of
/// [`SHORT_STEM_CHARS`] letters gets one edit too, but many words lie one letter from it, so its near
/// spellings count less (`search.short_fuzzy_weight`).
pub fn allowed_distance(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4..=9 => 1,
        _ => 2,
    }
}

/// A DFA matching words within `distance` (1 or 2) edits of `term`; a transposition counts as one.
///
/// The automaton builders are costly to make, so one per distance is kept for the process.
pub fn dfa_for(term: &str, distance: u8) -> LevenshteinDfa {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    let builder = match distance {
        0 | 1 => ONE.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true)),
        _ => TWO.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true)),
    };
    LevenshteinDfa(builder.build_dfa(term))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_stems_get_one_edit_and_only_long_words_two() {
        let allowed: Vec<u8> = [3, SHORT_STEM_CHARS, 9, 10].into_iter().map(allowed_distance).collect();
        assert_eq!(allowed, [0, 1, 1, 2]);
    }
}
