//! Terms of the index within a small edit distance of a word the index lacks.
//!
//! Transliterated names and misspellings (سيرديكوف for سيرديوكوف, كازخستان for كازاخستان) are one edit
//! away from the indexed form. Only question words missing from the index are expanded, so the common
//! case costs nothing.

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use std::sync::OnceLock;

use tantivy_fst::Automaton;

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

/// The edit distance allowed for a word of `chars` characters: none for short words, where one edit
/// turns a word into another word.
pub fn allowed_distance(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=9 => 1,
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
