//! Fusion of the two rankings: each candidate's re-ranked lexical score and its cosine with the
//! question, both min-max normalised over the candidates, mixed by `search.semantic_weight`.

use super::rerank::Ranked;

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
