//! Splitting an article into passages: paragraph and sentence aware, roughly 40 to 150 words.
//!
//! Paragraphs are the units; a short one (a heading, a one-line lead) joins the next so a fact stays with
//! its subject, and a long one is cut between sentences. Passages are byte ranges of the article text.

use std::ops::Range;

use crate::text::{lines, sentences, word_count};

/// Passage size bounds, in words.
#[derive(Debug, Clone, Copy)]
pub struct SplitConfig {
    /// A passage shorter than this takes in the next paragraph.
    pub min_words: usize,
    /// A passage never grows past this by joining; longer paragraphs are cut between sentences.
    pub max_words: usize,
}

impl Default for SplitConfig {
    fn default() -> Self {
        SplitConfig { min_words: 40, max_words: 150 }
    }
}

/// A unit of text with its word count.
#[derive(Debug, Clone)]
struct Unit {
    range: Range<usize>,
    words: usize,
    heading: bool,
}

/// Byte ranges of the passages of `text`, in order.
pub fn split_passages(text: &str, config: SplitConfig) -> Vec<Range<usize>> {
    let units = units(text, config);
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut current: Option<(Range<usize>, usize, bool)> = None;
    for unit in units {
        current = match current {
            None => Some((unit.range, unit.words, unit.heading)),
            Some((range, words, ends_in_heading)) => {
                let fits = words + unit.words <= config.max_words;
                if ends_in_heading || (words < config.min_words && fits) {
                    Some((range.start..unit.range.end, words + unit.words, unit.heading))
                } else {
                    out.push(range);
                    Some((unit.range, unit.words, unit.heading))
                }
            }
        };
    }
    if let Some((range, words, _)) = current {
        // A short tail joins the passage before it when that keeps the bound.
        match out.last_mut() {
            Some(last) if words < config.min_words && word_count(&text[last.clone()]) + words <= config.max_words => {
                last.end = range.end;
            }
            _ => out.push(range),
        }
    }
    out
}

/// Paragraphs, with over-long ones cut into sentence groups.
fn units(text: &str, config: SplitConfig) -> Vec<Unit> {
    let mut out = Vec::new();
    for line in lines(text) {
        let words = word_count(&text[line.clone()]);
        if words <= config.max_words {
            out.push(Unit { heading: is_heading(&text[line.clone()], words), range: line, words });
            continue;
        }
        cut_paragraph(text, line, config, &mut out);
    }
    out
}

/// A short line without closing punctuation reads as a heading: it belongs to what follows.
fn is_heading(line: &str, words: usize) -> bool {
    words <= 10 && !line.trim_end().ends_with(['.', '؟', '?', '!', ':', '"', '”', '»'])
}

/// Cut a long paragraph into groups of whole sentences of about `max_words` at most.
fn cut_paragraph(text: &str, paragraph: Range<usize>, config: SplitConfig, out: &mut Vec<Unit>) {
    let base = paragraph.start;
    let body = &text[paragraph];
    let target = (config.max_words * 2 / 3).max(config.min_words);
    let mut group: Option<(Range<usize>, usize)> = None;
    for sentence in sentences(body) {
        let words = word_count(&body[sentence.clone()]);
        let sentence = base + sentence.start..base + sentence.end;
        if words > config.max_words {
            if let Some((range, words)) = group.take() {
                out.push(Unit { range, words, heading: false });
            }
            cut_words(text, sentence, config.max_words, out);
            continue;
        }
        group = match group {
            Some((range, total))
                if total + words <= target || (total < config.min_words && total + words <= config.max_words) =>
            {
                Some((range.start..sentence.end, total + words))
            }
            Some((range, total)) => {
                out.push(Unit { range, words: total, heading: false });
                Some((sentence, words))
            }
            None => Some((sentence, words)),
        };
    }
    if let Some((range, words)) = group {
        out.push(Unit { range, words, heading: false });
    }
}

/// Last resort for a sentence longer than a passage: cut it every `max_words` words.
fn cut_words(text: &str, sentence: Range<usize>, max_words: usize, out: &mut Vec<Unit>) {
    let body = &text[sentence.clone()];
    let mut start = None;
    let mut words = 0;
    let mut last_end = 0;
    for (i, word) in body.split_whitespace().map(|w| (w.as_ptr() as usize - body.as_ptr() as usize, w)) {
        let s = *start.get_or_insert(i);
        words += 1;
        last_end = i + word.len();
        if words == max_words {
            out.push(Unit { range: sentence.start + s..sentence.start + last_end, words, heading: false });
            start = None;
            words = 0;
        }
    }
    if let Some(s) = start {
        out.push(Unit { range: sentence.start + s..sentence.start + last_end, words, heading: false });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(words: usize, word: &str) -> String {
        let mut p = vec![word; words].join(" ");
        p.push('.');
        p
    }

    fn sizes(text: &str) -> Vec<usize> {
        split_passages(text, SplitConfig::default()).into_iter().map(|r| word_count(&text[r])).collect()
    }

    #[test]
    fn short_paragraphs_join_until_the_minimum() {
        let text = [para(20, "أ"), para(25, "ب"), para(60, "ج")].join("\n");
        assert_eq!(sizes(&text), [45, 60]);
    }

    #[test]
    fn a_heading_stays_with_its_paragraph() {
        let text = format!("{}\nمنظمة معاهدة الأمن الجماعي\n{}", para(60, "أ"), para(60, "ب"));
        let parts = split_passages(&text, SplitConfig::default());
        assert_eq!(parts.len(), 2);
        assert!(text[parts[1].clone()].starts_with("منظمة معاهدة الأمن الجماعي\n"));
    }

    #[test]
    fn long_paragraphs_are_cut_between_sentences() {
        let sentence = |w| para(w, "كلمة");
        let paragraph = (0..10).map(|_| sentence(30)).collect::<Vec<_>>().join(" ");
        let parts = split_passages(&paragraph, SplitConfig::default());
        assert!(parts.len() >= 2);
        for part in &parts {
            let piece = &paragraph[part.clone()];
            assert!(word_count(piece) <= 150, "{}", word_count(piece));
            assert!(piece.ends_with('.'));
        }
    }

    #[test]
    fn a_sentence_longer_than_a_passage_is_cut_by_words() {
        let text = vec!["كلمة"; 400].join(" ");
        assert!(sizes(&text).iter().all(|&n| n <= 150));
        assert_eq!(sizes(&text).iter().sum::<usize>(), 400);
    }

    #[test]
    fn passages_cover_every_word_once() {
        let text = [para(10, "أ"), para(200, "ب"), "عنوان".to_string(), para(30, "ج")].join("\n");
        assert_eq!(sizes(&text).iter().sum::<usize>(), word_count(&text));
        let parts = split_passages(&text, SplitConfig::default());
        assert!(parts.windows(2).all(|w| w[0].end <= w[1].start));
    }
}
