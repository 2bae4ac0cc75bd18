//! Excerpts: at most a few hundred characters of a passage around its best-matching sentences, cut at
//! word boundaries with "…", and the character ranges of the matched words for highlighting.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use crate::arabic::AnalysedText;
use crate::pipeline::AnswerCues;
use crate::text::{cut_at_word, cut_from_word, sentences};

/// The ellipsis marking text left out.
pub const ELLIPSIS: &str = "…";

/// A quoted piece of a passage.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Excerpt {
    /// Plain text, at most the requested characters, "…" where text was left out.
    pub text: String,
    /// Character (not byte) ranges of matched words in `text`, in order, not overlapping.
    pub highlights: Vec<Range<usize>>,
}

/// A matched word in the passage: byte range and weight of the question term it stands for.
#[derive(Debug, Clone)]
struct Hit {
    range: Range<usize>,
    term: usize,
    weight: f32,
}

/// Make the excerpt of `passage`, whose analysed terms are `terms`, for the index terms in `weights`
/// (term → (question term id, weight)), preferring sentences with an answer of the kind `cues` name.
pub fn make_excerpt(
    passage: &str,
    terms: &AnalysedText,
    weights: &HashMap<&str, (usize, f32)>,
    cues: Option<&AnswerCues>,
    max_chars: usize,
) -> Excerpt {
    let mut hits = Vec::new();
    let mut answers = Vec::new();
    terms.for_each(|term, start, end, _| {
        if let Some(&(id, weight)) = weights.get(term) {
            hits.push(Hit { range: start..end, term: id, weight });
        } else if cues.is_some_and(|c| c.answers(term)) {
            answers.push(start);
        }
    });
    let sentences = sentences(passage);
    if sentences.is_empty() {
        return Excerpt::default();
    }
    let bonus = cues.map_or(0.0, |c| c.weight * question_weight(weights));
    let scores: Vec<f32> = sentences
        .iter()
        .map(|s| {
            let score = sentence_score(s, &hits);
            let answered = score > 0.0 && answers.iter().any(|a| s.contains(a));
            score + if answered { bonus } else { 0.0 }
        })
        .collect();
    let best = scores.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0))).map_or(0, |(i, _)| i);
    let window = grow_window(passage, &sentences, &scores, best, max_chars);
    let range = sentences[window.start].start..sentences[window.end - 1].end;
    let cut = fit(passage, range, &hits, max_chars);
    render(passage, cut, &hits)
}

/// The weight of a sentence holding every question term once: each term's heaviest index term.
fn question_weight(weights: &HashMap<&str, (usize, f32)>) -> f32 {
    let mut best: HashMap<usize, f32> = HashMap::default();
    for &(id, weight) in weights.values() {
        let slot = best.entry(id).or_insert(0.0);
        *slot = slot.max(weight);
    }
    best.values().sum()
}

/// Sum of the weights of the distinct question terms a sentence holds, plus a little for repeats.
fn sentence_score(sentence: &Range<usize>, hits: &[Hit]) -> f32 {
    let mut best: HashMap<usize, f32> = HashMap::default();
    let mut repeats = 0.0;
    for hit in hits.iter().filter(|h| h.range.start >= sentence.start && h.range.end <= sentence.end) {
        let slot = best.entry(hit.term).or_insert(0.0);
        if *slot > 0.0 {
            repeats += hit.weight * 0.1;
        }
        *slot = slot.max(hit.weight);
    }
    best.values().sum::<f32>() + repeats
}

/// Characters of the excerpt for sentences `window` joined by single spaces, with ellipses.
fn window_chars(passage: &str, sentences: &[Range<usize>], window: &Range<usize>) -> usize {
    let body = passage[sentences[window.start].start..sentences[window.end - 1].end].chars().count();
    let lead = usize::from(window.start > 0) * 2;
    let tail = usize::from(window.end < sentences.len()) * 2;
    body + lead + tail
}

/// Add neighbouring sentences, the better-scoring side first, while the excerpt still fits.
fn grow_window(
    passage: &str,
    sentences: &[Range<usize>],
    scores: &[f32],
    best: usize,
    max_chars: usize,
) -> Range<usize> {
    let mut window = best..best + 1;
    loop {
        let before = (window.start > 0).then(|| window.start - 1..window.end);
        let after = (window.end < sentences.len()).then(|| window.start..window.end + 1);
        let prefer_after = match (&before, &after) {
            (Some(_), Some(_)) => scores[window.end] >= scores[window.start - 1],
            (None, Some(_)) => true,
            _ => false,
        };
        let order = if prefer_after { [after, before] } else { [before, after] };
        match order.into_iter().flatten().find(|w| window_chars(passage, sentences, w) <= max_chars) {
            Some(w) => window = w,
            None => return with_a_short_window_filled(passage, sentences, window, max_chars),
        }
    }
}

/// A window of a quarter of the excerpt or less (a heading, a one-line sentence) says little alone: it
/// takes the next sentence as well (the previous one at the passage's end) even though that one does not
/// fit whole; [`fit`] cuts it at a word.
fn with_a_short_window_filled(
    passage: &str,
    sentences: &[Range<usize>],
    window: Range<usize>,
    max_chars: usize,
) -> Range<usize> {
    if window_chars(passage, sentences, &window) > max_chars / 4 {
        window
    } else if window.end < sentences.len() {
        window.start..window.end + 1
    } else if window.start > 0 {
        window.start - 1..window.end
    } else {
        window
    }
}

/// Cut `range` of `passage` to at most `max_chars` (ellipses included), keeping the heaviest matches.
fn fit(passage: &str, range: Range<usize>, hits: &[Hit], max_chars: usize) -> Range<usize> {
    let slice = &passage[range.clone()];
    let lead = usize::from(range.start > 0) * 2;
    let tail = usize::from(range.end < passage.trim_end().len()) * 2;
    if slice.chars().count() + lead + tail <= max_chars {
        return range;
    }
    let budget = max_chars.saturating_sub(4);
    // Centre the window on the weighted middle of the matches inside the range.
    let inside: Vec<&Hit> = hits.iter().filter(|h| h.range.start >= range.start && h.range.end <= range.end).collect();
    let total: f32 = inside.iter().map(|h| h.weight).sum();
    let centre = if total > 0.0 {
        (inside.iter().map(|h| h.weight * h.range.start as f32).sum::<f32>() / total) as usize
    } else {
        range.start
    };
    let centre = floor_char_boundary(passage, centre.clamp(range.start, range.end));
    let before = &passage[range.start..centre];
    let start = range.start + cut_from_word(before, budget / 2);
    let used = passage[start..centre].chars().count();
    let end = centre + cut_at_word(&passage[centre..range.end], budget - used);
    start..end.max(start)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Join the chosen text with ellipses and place the highlights in character offsets.
fn render(passage: &str, range: Range<usize>, hits: &[Hit]) -> Excerpt {
    let mut text = String::new();
    let mut char_pos = 0;
    if range.start > 0 {
        text.push_str(ELLIPSIS);
        text.push(' ');
        char_pos = 2;
    }
    let mut highlights = Vec::new();
    let mut last = range.start;
    for hit in hits.iter().filter(|h| h.range.start >= range.start && h.range.end <= range.end) {
        char_pos += push_flat(&mut text, &passage[last..hit.range.start]);
        let len = push_flat(&mut text, &passage[hit.range.clone()]);
        highlights.push(char_pos..char_pos + len);
        char_pos += len;
        last = hit.range.end;
    }
    push_flat(&mut text, &passage[last..range.end]);
    if range.end < passage.trim_end().len() {
        text.push(' ');
        text.push_str(ELLIPSIS);
    }
    Excerpt { text, highlights }
}

/// Push `s` with line breaks turned into spaces; returns the characters pushed.
fn push_flat(out: &mut String, s: &str) -> usize {
    let mut n = 0;
    for c in s.chars() {
        out.push(if c == '\n' || c == '\r' { ' ' } else { c });
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::Analyzer;

    fn excerpt_of(passage: &str, weights: &HashMap<&str, (usize, f32)>, max_chars: usize) -> Excerpt {
        make_excerpt(passage, &AnalysedText::new(Analyzer::default(), passage), weights, None, max_chars)
    }

    fn weights(terms: &[&'static str]) -> HashMap<&'static str, (usize, f32)> {
        terms.iter().enumerate().map(|(i, t)| (*t, (i, 1.0))).collect()
    }

    fn analysed(words: &[&str]) -> Vec<String> {
        words.iter().flat_map(|w| Analyzer::default().terms(w)).map(|t| t.term).collect()
    }

    #[test]
    fn picks_the_sentence_with_the_question_terms() {
        let passage = "جملة أولى عن الطقس. ارتفعت أسعار الوقود فجأة. جملة ثالثة عن الرياضة.";
        let terms = analysed(&["أسعار", "الوقود"]);
        let w: HashMap<&str, (usize, f32)> = terms.iter().enumerate().map(|(i, t)| (t.as_str(), (i, 1.0))).collect();
        let excerpt = excerpt_of(passage, &w, 30);
        assert!(excerpt.text.contains("أسعار الوقود"), "{}", excerpt.text);
        assert!(excerpt.text.chars().count() <= 30);
    }

    #[test]
    fn highlights_are_character_ranges_of_matched_words() {
        let passage = "قال توكاييف إن البلاد تتعرض للعدوان.";
        let excerpt = excerpt_of(passage, &weights(&["توكاييف"]), 500);
        assert_eq!(excerpt.text, passage);
        let chars: Vec<char> = excerpt.text.chars().collect();
        let marked: Vec<String> = excerpt.highlights.iter().map(|r| chars[r.clone()].iter().collect()).collect();
        assert_eq!(marked, ["توكاييف"]);
    }

    #[test]
    fn long_sentences_are_cut_at_words_with_ellipses() {
        let mut passage = vec!["كلمة"; 150].join(" ");
        passage.push_str(" هدف ");
        passage.push_str(&vec!["نص"; 150].join(" "));
        let excerpt = excerpt_of(&passage, &weights(&["هدف"]), 200);
        assert!(excerpt.text.chars().count() <= 200, "{}", excerpt.text.chars().count());
        assert!(excerpt.text.starts_with(ELLIPSIS) && excerpt.text.ends_with(ELLIPSIS));
        assert!(excerpt.text.contains(" هدف "));
        assert!(!excerpt.text.contains("كلم …") && !excerpt.text.contains("… لمة"));
    }

    #[test]
    fn a_heading_alone_takes_the_start_of_the_long_sentence_after_it() {
        let long = ["نص"; 200].join(" ");
        let passage = format!("ما هي المنظمة؟\n{long}.");
        let excerpt = excerpt_of(&passage, &weights(&["منظم"]), 200);
        assert!(excerpt.text.starts_with("ما هي المنظمة؟ نص نص"), "{}", excerpt.text);
        assert!(excerpt.text.ends_with(ELLIPSIS) && excerpt.text.chars().count() <= 200, "{}", excerpt.text);
        // A sentence long enough to say something stays alone rather than taking a cut neighbour.
        let said = format!("{}.\n{long}.", ["المنظمة تحالف عسكري"; 8].join(" و"));
        let excerpt = excerpt_of(&said, &weights(&["منظم"]), 200);
        assert!(!excerpt.text.contains("نص"), "{}", excerpt.text);
    }

    #[test]
    fn a_sentence_with_an_answer_of_the_asked_kind_is_preferred() {
        // "متى عرض صراع العروش في الولايات المتحدة؟": the first sentence holds the rarer words, the
        // second the commoner ones and the date.
        let passage = "صراع العروش مسلسل ملحمي أمريكي. عرض في الولايات المتحدة أول مرة في 17 أبريل 2011.";
        let terms = analysed(&["صراع", "العروش", "عرض", "الولايات", "المتحدة"]);
        let weights = [2.0, 2.0, 1.0, 1.0, 1.0];
        let w: HashMap<&str, (usize, f32)> =
            terms.iter().zip(weights).enumerate().map(|(i, (t, w))| (t.as_str(), (i, w))).collect();
        let with = |text: &str, cues: Option<&AnswerCues>, max: usize| {
            make_excerpt(text, &AnalysedText::new(Analyzer::default(), text), &w, cues, max).text
        };
        let cues = AnswerCues { digits: true, weight: 0.3, ..AnswerCues::default() };
        assert!(with(passage, None, 70).starts_with("صراع العروش"));
        assert!(with(passage, Some(&cues), 70).contains("2011"), "{}", with(passage, Some(&cues), 70));
        // A number with none of the question's words beside it earns nothing.
        let elsewhere = "صراع العروش مسلسل ملحمي أمريكي. صدر أول مرة في 17 أبريل 2011.";
        assert!(with(elsewhere, Some(&cues), 40).starts_with("صراع العروش"), "{}", with(elsewhere, Some(&cues), 40));
    }

    #[test]
    fn neighbouring_sentences_fill_the_space() {
        let passage = "سبق ذلك تمهيد. ارتفعت الأسعار. ثم جاء الرد.";
        let excerpt = excerpt_of(passage, &weights(&["اسعار"]), 500);
        assert_eq!(excerpt.text, passage);
    }
}
