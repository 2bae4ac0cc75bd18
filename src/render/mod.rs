//! An [`Answer`] as text a person reads: plain for the terminal, Telegram HTML for the bot.
//!
//! Both come from one layout, so `isnad ask` prints exactly what the bot sends, less the markup.

pub mod strings;

use std::ops::Range;

use crate::answer::{Answer, Hit};

/// Telegram's longest message, in UTF-16 code units.
pub const TELEGRAM_MAX_CHARS: usize = 4096;

/// How a piece of the layout is marked up.
trait Markup {
    fn text(&self, out: &mut String, s: &str);
    fn excerpt(&self, out: &mut String, excerpt: &str, highlights: &[Range<usize>]);
    fn link(&self, out: &mut String, url: &str);
}

struct Plain;
struct Html;

impl Markup for Plain {
    fn text(&self, out: &mut String, s: &str) {
        out.push_str(s);
    }
    fn excerpt(&self, out: &mut String, excerpt: &str, _: &[Range<usize>]) {
        out.push('«');
        out.push_str(excerpt);
        out.push('»');
    }
    fn link(&self, out: &mut String, url: &str) {
        out.push_str(url);
    }
}

impl Markup for Html {
    fn text(&self, out: &mut String, s: &str) {
        escape_html_into(out, s);
    }
    fn excerpt(&self, out: &mut String, excerpt: &str, highlights: &[Range<usize>]) {
        out.push_str("<blockquote>");
        let chars: Vec<char> = excerpt.chars().collect();
        let mut at = 0;
        for range in highlights {
            if range.start < at || range.end > chars.len() {
                continue;
            }
            escape_html_into(out, &chars[at..range.start].iter().collect::<String>());
            out.push_str("<b>");
            escape_html_into(out, &chars[range.clone()].iter().collect::<String>());
            out.push_str("</b>");
            at = range.end;
        }
        escape_html_into(out, &chars[at..].iter().collect::<String>());
        out.push_str("</blockquote>");
    }
    fn link(&self, out: &mut String, url: &str) {
        out.push_str("<a href=\"");
        escape_html_into(out, url);
        out.push_str("\">");
        escape_html_into(out, url);
        out.push_str("</a>");
    }
}

/// Escape text for Telegram's HTML parse mode (`<`, `>`, `&` and quotes).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_html_into(&mut out, s);
    out
}

fn escape_html_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

/// The source line of a hit: outlet, title, date.
pub fn source_line(hit: &Hit) -> String {
    let mut line = format!("{}: {}", strings::SOURCE_LABEL, hit.source);
    if !hit.title.is_empty() && hit.title != hit.source {
        line.push_str(" — ");
        line.push_str(&hit.title);
    }
    if let Some(date) = &hit.date {
        line.push_str(" — ");
        line.push_str(date);
    }
    line
}

fn hit_block(m: &dyn Markup, out: &mut String, hit: &Hit, excerpt: &str, highlights: &[Range<usize>]) {
    m.text(out, &format!("{}. ", hit.rank));
    m.excerpt(out, excerpt, highlights);
    out.push('\n');
    m.text(out, &source_line(hit));
    if let Some(url) = &hit.url {
        out.push('\n');
        // An Arabic label first keeps the line right to left.
        m.text(out, &format!("{}: ", strings::LINK_LABEL));
        m.link(out, url);
    }
}

fn layout(m: &dyn Markup, answer: &Answer, excerpt_chars: Option<usize>, max_question_chars: usize) -> String {
    let mut out = String::new();
    if answer.truncated {
        m.text(&mut out, &strings::truncated_note(max_question_chars));
        out.push_str("\n\n");
    }
    if !answer.answered || answer.hits.is_empty() {
        let message = if answer.question.is_empty() { strings::EMPTY_QUESTION } else { strings::NO_ANSWER };
        m.text(&mut out, message);
        if !answer.question.is_empty() {
            out.push('\n');
            m.text(&mut out, strings::NO_ANSWER_HINT);
        }
        return out;
    }
    let first_page = answer.hits.first().is_some_and(|h| h.rank == 1);
    m.text(&mut out, if first_page { strings::RESULTS_HEADER } else { strings::MORE_RESULTS_HEADER });
    for hit in &answer.hits {
        out.push_str("\n\n");
        let (excerpt, highlights) = shorten(&hit.excerpt, &hit.highlights, excerpt_chars);
        hit_block(m, &mut out, hit, &excerpt, &highlights);
    }
    out
}

/// Cut an excerpt to `max` characters (ending in "…") and keep the highlights that still fit.
fn shorten(excerpt: &str, highlights: &[Range<usize>], max: Option<usize>) -> (String, Vec<Range<usize>>) {
    let Some(max) = max else { return (excerpt.to_string(), highlights.to_vec()) };
    if excerpt.chars().count() <= max {
        return (excerpt.to_string(), highlights.to_vec());
    }
    let cut = crate::text::cut_at_word(excerpt, max.saturating_sub(2));
    let kept = excerpt[..cut].to_string();
    let kept_chars = kept.chars().count();
    let highlights = highlights.iter().filter(|r| r.end <= kept_chars).cloned().collect();
    (format!("{kept} …"), highlights)
}

/// The answer as plain text, for the terminal.
pub fn plain(answer: &Answer, max_question_chars: usize) -> String {
    layout(&Plain, answer, None, max_question_chars)
}

/// The answer as Telegram HTML, never over [`TELEGRAM_MAX_CHARS`]: excerpts are shortened to fit.
pub fn html(answer: &Answer, max_question_chars: usize) -> String {
    let mut limit: Option<usize> = None;
    loop {
        let out = layout(&Html, answer, limit, max_question_chars);
        if visible_len(&out) <= TELEGRAM_MAX_CHARS {
            return out;
        }
        let longest = answer.hits.iter().map(|h| h.excerpt.chars().count()).max().unwrap_or(0);
        let next = limit.unwrap_or(longest) * 3 / 4;
        if next < 20 {
            return out.chars().take(TELEGRAM_MAX_CHARS).collect();
        }
        limit = Some(next);
    }
}

/// Length of HTML as Telegram counts it, in UTF-16 units: over-estimates (tags and entities count).
pub fn visible_len(html: &str) -> usize {
    html.encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(rank: usize, excerpt: &str) -> Hit {
        Hit {
            rank,
            score: 1.0,
            passage: 0,
            doc: "a.txt".into(),
            source: "نون بوست".into(),
            title: "عنوان".into(),
            date: Some("2022-01-07".into()),
            url: None,
            excerpt: excerpt.into(),
            highlights: vec![std::ops::Range { start: 0, end: 4 }],
        }
    }

    fn answer(hits: Vec<Hit>) -> Answer {
        Answer { question: "س".into(), truncated: false, answered: true, confidence: 1.0, hits, has_more: false }
    }

    #[test]
    fn plain_numbers_quotes_and_names_the_source() {
        let text = plain(&answer(vec![hit(1, "نص المقتطف")]), 1000);
        assert!(text.contains("1. «نص المقتطف»\nالمصدر: نون بوست — عنوان — 2022-01-07"), "{text}");
    }

    #[test]
    fn every_line_starts_in_arabic_even_a_link() {
        let mut h = hit(1, "نص المقتطف");
        h.url = Some("https://example.org/a?b=1&c=2".into());
        let text = plain(&answer(vec![h.clone()]), 1000);
        assert!(text.ends_with("\nالرابط: https://example.org/a?b=1&c=2"), "{text}");
        let out = html(&answer(vec![h]), 1000);
        assert!(out.contains("الرابط: <a href=\"https://example.org/a?b=1&amp;c=2\">"), "{out}");
    }

    #[test]
    fn html_escapes_and_bolds_highlights() {
        let mut h = hit(1, "<scr & \"x\">");
        h.highlights = vec![std::ops::Range { start: 1, end: 4 }];
        let out = html(&answer(vec![h]), 1000);
        assert!(out.contains("<blockquote>&lt;<b>scr</b> &amp; &quot;x&quot;&gt;</blockquote>"), "{out}");
        assert!(!out.contains("<scr"));
    }

    #[test]
    fn html_stays_under_telegrams_limit() {
        let long = "كلمة ".repeat(1500);
        let out = html(&answer(vec![hit(1, &long), hit(2, &long), hit(3, &long)]), 1000);
        assert!(visible_len(&out) <= TELEGRAM_MAX_CHARS);
        assert!(out.contains("المصدر: نون بوست"));
    }

    #[test]
    fn no_answer_is_honest_and_hints() {
        let mut a = answer(vec![]);
        a.answered = false;
        let text = plain(&a, 1000);
        assert!(text.starts_with(strings::NO_ANSWER) && text.contains("/sources"));
    }
}
