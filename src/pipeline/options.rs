//! The one options type for answering: the `[search]` section of the configuration, read by every stage
//! of the pipeline (and by indexing, for the analyser and its memory). Defaults are the measured ones
//! (`isnad eval`, see the README); `config/default.toml` documents each key.

use serde::{Deserialize, Serialize};

use crate::arabic::Stemmer;

/// `[search]`: ranking, confidence and excerpts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchOptions {
    /// Results per page.
    pub top: usize,
    /// Candidates re-ranked after BM25.
    pub candidates: usize,
    /// Smallest idf-weighted share of question terms in the best passage to answer at all (a floor
    /// under the confidence below).
    pub min_coverage: f32,
    /// Smallest confidence (0 to 1, see [`super::confidence`]) for the corpus to count as answering.
    pub min_confidence: f32,
    /// The confidence's model when the best passage has no cosine (lexical mode, or its vector not yet made).
    pub confidence: super::confidence::ConfidenceModel,
    /// The confidence's model when it has one (semantic mode).
    pub semantic_confidence: super::confidence::ConfidenceModel,
    /// Weight of title matches relative to the passage body.
    pub title_boost: f32,
    /// Weight of the proximity bonus.
    pub proximity_weight: f32,
    /// Weight, times the question's idf, of the idf-weighted share of the question a passage holds within
    /// one stretch of [`crate::rank::TOGETHER_WORDS`] words (or its title); 0 turns it off.
    pub together_weight: f32,
    /// Weight of near spellings of question words missing from the index.
    pub fuzzy_weight: f32,
    /// Weight of near spellings (one edit) of a missing question word whose stem has only four letters;
    /// 0 leaves such words unmatched.
    pub short_fuzzy_weight: f32,
    /// Weight of the share of question terms a passage holds, added to its score.
    pub coverage_weight: f32,
    /// First-stage bonus, times a question term's idf, for a passage holding the term at all.
    pub presence_weight: f32,
    /// Weight of a passage word of similar spelling standing in for a question term.
    pub soft_weight: f32,
    /// Share of its idf kept by a word naming the kind of answer (اسم، معنى، عدد، نوع).
    pub frame_weight: f32,
    /// BM25 k1 when re-scoring candidates; 0 keeps the index's BM25 (k1 1.2, b 0.75).
    pub bm25_k1: f32,
    /// BM25 b when re-scoring candidates.
    pub bm25_b: f32,
    /// Weight of a date (for "متى") or number (for "كم") beside the matched words.
    pub answer_type_weight: f32,
    /// Weight of a question word written in the passage exactly as asked (before stemming).
    pub exact_form_weight: f32,
    /// As `answer_type_weight`, for a name beside a title or role ("من") or a kind of place ("أين").
    pub entity_type_weight: f32,
    /// Weight, times the question's idf, of a passage defining what "ما هو X؟" asks about: opening with
    /// X's first word, or writing a question word before a copula (X هو …); 0 turns it off.
    pub definition_weight: f32,
    /// Weight of a passage word sharing only its root with a question word (يقود ~ القائد), in re-ranking
    /// and, for a question word the corpus lacks, in the first stage; 0 turns root matching off.
    pub root_weight: f32,
    /// Share of their idf the words of the question a follow-up follows (see
    /// [`crate::answer::Question::after`]) keep beside its own words; 0 ignores the earlier question.
    pub context_weight: f32,
    /// Weight of the question-passage cosine in the fused score (semantic mode only; 0: lexical only).
    pub semantic_weight: f32,
    /// Most occurrences counted in a passage's body for a question term its title also holds, when the
    /// question holds a term the title lacks; 0: no cap.
    pub title_term_cap: f32,
    /// Longest excerpt, in characters.
    pub excerpt_chars: usize,
    /// Quote a text found in several passages (a story several outlets ran) once, naming the others.
    pub fold_copies: bool,
    /// Longest question, in characters; longer ones are cut with a note.
    pub max_question_chars: usize,
    /// Stemming: "light" (default), "light10" (Lucene's), "snowball", or "none".
    pub stemmer: Stemmer,
    /// Indexing threads; 0 uses every core.
    pub index_threads: usize,
    /// Indexing memory budget, MiB.
    pub index_memory_mb: usize,
    /// Memory for analysed passages kept between questions, MiB; 0 keeps none.
    pub analysis_cache_mb: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            top: 3,
            candidates: 30,
            min_coverage: 0.0,
            min_confidence: 0.5,
            confidence: super::confidence::ConfidenceModel::default(),
            semantic_confidence: super::confidence::ConfidenceModel::semantic(),
            title_boost: 0.6,
            proximity_weight: 0.6,
            together_weight: 1.0,
            fuzzy_weight: 0.7,
            short_fuzzy_weight: 0.2,
            coverage_weight: 0.5,
            presence_weight: 1.0,
            soft_weight: 0.5,
            frame_weight: 0.5,
            bm25_k1: 1.2,
            bm25_b: 1.0,
            answer_type_weight: 0.3,
            exact_form_weight: 0.4,
            entity_type_weight: 0.1,
            definition_weight: 0.3,
            root_weight: 0.3,
            context_weight: 0.3,
            semantic_weight: 0.4,
            title_term_cap: 2.0,
            excerpt_chars: 600,
            fold_copies: true,
            max_question_chars: 1000,
            stemmer: Stemmer::Light,
            index_threads: 0,
            index_memory_mb: 256,
            analysis_cache_mb: 64,
        }
    }
}
