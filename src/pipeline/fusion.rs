//! Fusion of the two rankings: each candidate's re-ranked lexical score and its cosine with the
//! question, both min-max normalised over the candidates, mixed by `search.semantic_weight` (the cosine
//! alone for a question in another language).

use super::query::in_another_language;
use super::rerank::Ranked;
use super::SearchOptions;
use crate::rank::QueryTerm;

/// A candidate with its cosine, when it has a vector.
#[derive(Debug, Clone, Copy)]
pub struct Scored {
    /// The re-ranked candidate.
    pub ranked: Ranked,
    /// Its cosine with the question.
    pub cosine: Option<f32>,
}

/// The range of `values`, for min-max normalisation.
#[derive(Debug, Clone, Copy)]
struct Range {
    min: f32,
    max: f32,
}

impl Range {
    fn of(values: impl Iterator<Item = f32>) -> Range {
        values.fold(Range { min: f32::INFINITY, max: f32::NEG_INFINITY }, |r, x| Range {
            min: r.min.min(x),
            max: r.max.max(x),
        })
    }

    /// `x` scaled to [0, 1] over the range (all values equal: 1).
    fn scale(self, x: f32) -> f32 {
        if self.max > self.min {
            (x - self.min) / (self.max - self.min)
        } else {
            1.0
        }
    }
}

/// The cosine's weight for `query`: `search.semantic_weight`, or all of it for a question in another
/// language than the corpus (no word in Arabic letters, one in another alphabet), whose words the
/// lexical ranking cannot read: on ARCD asked in English, R@1 0.300 / 0.150 (halves A / B) at 0.5,
/// 0.525 / 0.475 at 1.
pub fn semantic_weight(query: &[QueryTerm], options: &SearchOptions) -> f32 {
    if in_another_language(query) {
        1.0
    } else {
        options.semantic_weight
    }
}

/// Give each candidate its fused score `(1 - weight) * lexical + weight * cosine`, both normalised over
/// the candidates. A candidate still without a vector stands on its lexical score alone (its lexical
/// standing counts for its semantic one), as it would in lexical mode.
pub fn fuse(candidates: &mut [Scored], weight: f32) {
    let lexical = Range::of(candidates.iter().map(|c| c.ranked.score));
    let cosine = Range::of(candidates.iter().filter_map(|c| c.cosine));
    for c in candidates.iter_mut() {
        let lex = lexical.scale(c.ranked.score);
        let sem = c.cosine.map_or(lex, |x| cosine.scale(x));
        c.ranked.score = (1.0 - weight) * lex + weight * sem;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_in_another_language_is_ranked_by_its_cosine_alone() {
        let options = SearchOptions { semantic_weight: 0.4, ..SearchOptions::default() };
        let english = [QueryTerm::bare("peacekeepers", 2.0), QueryTerm::bare("kazakhstan", 3.0)];
        let arabic = [QueryTerm::bare("قوات", 1.0), QueryTerm::bare("nato", 3.0)];
        assert_eq!(semantic_weight(&english, &options), 1.0);
        let russian = [QueryTerm::bare("миротворцы", 2.0)];
        assert_eq!(semantic_weight(&russian, &options), 1.0);
        assert_eq!(semantic_weight(&arabic, &options), 0.4, "one Arabic word: the lexical ranking can read it");
        assert_eq!(semantic_weight(&[QueryTerm::bare("2022", 1.0)], &options), 0.4, "digits are no language");
    }

    #[test]
    fn fusion_mixes_both_scores_over_their_ranges_and_a_missing_vector_stands_on_its_lexical_score() {
        let ranked = |pid: u32, score: f32| Ranked {
            pid,
            score,
            lexical: score,
            cosine: None,
            matched: crate::rank::PassageMatch::default(),
        };
        let mut c = [
            Scored { ranked: ranked(0, 10.0), cosine: Some(0.70) },
            Scored { ranked: ranked(1, 6.0), cosine: Some(0.90) },
            Scored { ranked: ranked(2, 2.0), cosine: None },
        ];
        fuse(&mut c, 0.4);
        let scores: Vec<f32> = c.iter().map(|s| s.ranked.score).collect();
        assert!((scores[0] - 0.6).abs() < 1e-6, "{scores:?}");
        assert!((scores[1] - (0.6 * 0.5 + 0.4)).abs() < 1e-6, "{scores:?}");
        assert_eq!(scores[2], 0.0, "its lexical standing for both");
    }
}
