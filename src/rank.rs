//! Scoring a candidate passage against the question beyond BM25: which question terms it holds
//! (coverage, the confidence behind "nothing relevant found") and how close together (proximity).
//!
//! Pure functions over analysed terms, so they are tested without an index.

use std::collections::HashMap;

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
}

/// How a passage matches the question.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PassageMatch {
    /// idf-weighted share of question terms found in the passage or its title, in [0, 1].
    pub coverage: f32,
    /// Sum over pairs of found question terms of min(idf) / distance, for pairs within the window.
    pub proximity: f32,
}

/// Words apart beyond which two terms no longer count as near.
const PROXIMITY_WINDOW: usize = 8;

/// Map every alternative index term to (question term index, weight).
pub fn alternative_map(query: &[QueryTerm]) -> HashMap<&str, (usize, f32)> {
    let mut map = HashMap::new();
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

/// Score a passage given its analysed body terms `(term, position)` and its title's terms.
pub fn match_passage<'t>(
    query: &[QueryTerm],
    alternatives: &HashMap<&str, (usize, f32)>,
    body: impl IntoIterator<Item = (&'t str, usize)>,
    title: impl IntoIterator<Item = &'t str>,
) -> PassageMatch {
    let mut found = vec![0f32; query.len()];
    let mut positions: Vec<Vec<usize>> = vec![Vec::new(); query.len()];
    for (term, position) in body {
        if let Some(&(i, weight)) = alternatives.get(term) {
            found[i] = found[i].max(weight);
            positions[i].push(position);
        }
    }
    for term in title {
        if let Some(&(i, weight)) = alternatives.get(term) {
            found[i] = found[i].max(weight);
        }
    }
    let total: f32 = query.iter().map(|q| q.idf).sum();
    let matched: f32 = query.iter().zip(&found).map(|(q, f)| q.idf * f).sum();
    let coverage = if total > 0.0 { matched / total } else { 0.0 };
    PassageMatch { coverage, proximity: proximity(query, &positions) }
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

    fn q(term: &str, idf: f32) -> QueryTerm {
        QueryTerm { term: term.into(), idf, alternatives: vec![(term.into(), 1.0)] }
    }

    #[test]
    fn coverage_weighs_rare_terms_more() {
        let query = [q("نهر", 3.0), q("عام", 1.0)];
        let alts = alternative_map(&query);
        let only_common = match_passage(&query, &alts, [("عام", 0)], []);
        let only_rare = match_passage(&query, &alts, [("نهر", 0)], []);
        assert!((only_common.coverage - 0.25).abs() < 1e-6);
        assert!((only_rare.coverage - 0.75).abs() < 1e-6);
    }

    #[test]
    fn title_terms_count_for_coverage_not_proximity() {
        let query = [q("نهر", 1.0), q("نيل", 1.0)];
        let alts = alternative_map(&query);
        let m = match_passage(&query, &alts, [("نهر", 3)], ["نيل"]);
        assert_eq!(m.coverage, 1.0);
        assert_eq!(m.proximity, 0.0);
    }

    #[test]
    fn nearer_terms_score_higher() {
        let query = [q("اسعار", 2.0), q("وقود", 2.0)];
        let alts = alternative_map(&query);
        let near = match_passage(&query, &alts, [("اسعار", 4), ("وقود", 5)], []);
        let far = match_passage(&query, &alts, [("اسعار", 4), ("وقود", 10)], []);
        let apart = match_passage(&query, &alts, [("اسعار", 4), ("وقود", 40)], []);
        assert!(near.proximity > far.proximity && far.proximity > apart.proximity);
        assert_eq!(apart.proximity, 0.0);
    }

    #[test]
    fn near_spellings_count_with_their_weight() {
        let mut name = q("كازخستان", 4.0);
        name.alternatives = vec![("كازاخستان".into(), 0.5)];
        let query = [name];
        let alts = alternative_map(&query);
        assert_eq!(match_passage(&query, &alts, [("كازاخستان", 0)], []).coverage, 0.5);
    }
}
