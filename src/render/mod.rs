//! An [`Answer`] as text a person reads: plain for the terminal, Telegram HTML for the bot.
//!
//! Both come from one layout, so `isnad ask` prints exactly what the bot sends, less the markup. Every
//! reply fits Telegram's limit, measured in UTF-16 units on the HTML itself (an over-estimate of what
//! Telegram counts), and is shortened only between pieces of markup: excerpts first, then whole results.

pub mod plural;
pub mod strings;

use std::ops::Range;

use crate::answer::{Answer, Hit};
use crate::arabic::normalize::in_another_alphabet;
use crate::arabic::Courtesy;
use crate::excerpt::ELLIPSIS;

/// Telegram's longest message, in UTF-16 code units.
pub const TELEGRAM_MAX_CHARS: usize = 4096;

/// Longest source name or title shown in a reply, in characters (longer ones end in "…").
pub const MAX_META_CHARS: usize = 120;

/// Longest link kept, in bytes; a longer one is not shown.
const MAX_URL_BYTES: usize = 2048;

/// Shortest excerpt the fitting goes down to before it drops whole results.
const MIN_EXCERPT_CHARS: usize = 40;

/// How a piece of the layout is marked up.
trait Markup {
    fn text(&self, out: &mut String, s: &str);
    fn excerpt(&self, out: &mut String, excerpt: &str, highlights: &[Range<usize>]);
    /// `label` linking to `url` (already checked by [`safe_link`]).
    fn linked(&self, out: &mut String, label: &str, url: &str);
    /// True when a link cannot be followed under its label (a terminal), so its address is printed.
    fn prints_addresses(&self) -> bool;
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
    fn linked(&self, out: &mut String, label: &str, _: &str) {
        out.push_str(label);
    }
    fn prints_addresses(&self) -> bool {
        true
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
            if range.start < at || range.start > range.end || range.end > chars.len() {
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
    fn linked(&self, out: &mut String, label: &str, url: &str) {
        out.push_str("<a href=\"");
        escape_html_into(out, url);
        out.push_str("\">");
        escape_html_into(out, label);
        out.push_str("</a>");
    }
    fn prints_addresses(&self) -> bool {
        false
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

/// `url`, normalised (quotes and brackets percent-encoded), when it is a plain http(s) link a reader
/// can open: parsed, with a host, not too long. Any other scheme (`javascript:`, `tg:`, `file:`) or a
/// malformed address is not shown.
pub fn safe_link(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.len() > MAX_URL_BYTES || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let parsed = url::Url::parse(url).ok()?;
    let web = matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_some_and(|h| !h.is_empty());
    (web && parsed.as_str().len() <= MAX_URL_BYTES).then(|| parsed.as_str().to_string())
}

/// `text` cut to `max` characters at a word, ending in "…" when cut.
pub fn shorten_meta(text: &str, max: usize) -> String {
    let cut = crate::text::cut_at_word(text, max.saturating_sub(1));
    if cut < text.len() {
        format!("{}{ELLIPSIS}", &text[..cut])
    } else {
        text.to_string()
    }
}

/// What names a hit's article: its source and, when it says more, its title, each shortened.
fn article_label(hit: &Hit) -> String {
    let mut label = shorten_meta(&hit.source, MAX_META_CHARS);
    if !hit.title.is_empty() && hit.title != hit.source {
        label.push_str(" — ");
        label.push_str(&shorten_meta(&hit.title, MAX_META_CHARS));
    }
    label
}

/// An article as `/sources` lists it.
#[derive(Debug, Clone, Copy)]
pub struct Listed<'a> {
    /// Outlet or author name.
    pub source: &'a str,
    /// Title.
    pub title: &'a str,
    /// Publication date, where known.
    pub date: Option<&'a str>,
    /// Link to the original, where known.
    pub url: Option<&'a str>,
}

/// The `/sources` reply as Telegram HTML. A corpus of at most [`strings::TITLES_LISTED`] articles lists
/// each (newest first, its title linked to the original), so a reader sees what can be asked; a larger
/// one, or a list too long for a message, its sources with their article counts.
pub fn sources_html(articles: &[Listed<'_>], counts: &[(String, usize)]) -> String {
    let by_source = || escape_html(&strings::sources(articles.len(), counts));
    if articles.len() > strings::TITLES_LISTED {
        return by_source();
    }
    let mut sorted: Vec<&Listed<'_>> = articles.iter().collect();
    // Newest first (ISO dates sort as text), undated last; the corpus's order otherwise.
    sorted.sort_by(|a, b| b.date.is_some().cmp(&a.date.is_some()).then_with(|| b.date.cmp(&a.date)));
    let lines: Vec<(String, String, String)> = sorted
        .iter()
        .map(|article| {
            let date = article.date.map(|d| format!(" — {}", shorten_meta(d, 40))).unwrap_or_default();
            (shorten_meta(article.source, MAX_META_CHARS), shorten_meta(article.title, MAX_META_CHARS), date)
        })
        .collect();
    // Measured as any list of a reply is; a list that does not fit whole is given by source.
    let plain = lines.iter().map(|(source, title, date)| format!("• {source}: {title}{date}"));
    if strings::bounded(plain, strings::LIST_BUDGET).1 > 0 {
        return by_source();
    }
    let mut out = escape_html(&strings::sources_header(articles.len(), counts.len()));
    for ((source, title, date), article) in lines.iter().zip(sorted) {
        out.push_str("\n• ");
        escape_html_into(&mut out, source);
        out.push_str(": ");
        match article.url.and_then(safe_link) {
            Some(url) => Html.linked(&mut out, title, &url),
            None => escape_html_into(&mut out, title),
        }
        escape_html_into(&mut out, date);
    }
    out
}

/// The source line of a hit as plain text: outlet, title, date.
pub fn source_line(hit: &Hit) -> String {
    let mut line = format!("{}: {}", strings::SOURCE_LABEL, article_label(hit));
    if let Some(date) = &hit.date {
        line.push_str(" — ");
        line.push_str(&shorten_meta(date, 40));
    }
    line
}

fn hit_block(m: &dyn Markup, out: &mut String, hit: &Hit, excerpt: &str, highlights: &[Range<usize>], fit: Fit) {
    m.text(out, &format!("{}. ", hit.rank));
    m.excerpt(out, excerpt, highlights);
    out.push('\n');
    m.text(out, &format!("{}: ", strings::SOURCE_LABEL));
    let link = hit.url.as_deref().filter(|_| fit.links).and_then(safe_link);
    match &link {
        Some(url) => m.linked(out, &article_label(hit), url),
        None => m.text(out, &article_label(hit)),
    }
    if let Some(date) = &hit.date {
        m.text(out, &format!(" — {}", shorten_meta(date, 40)));
    }
    // The terminal cannot follow a link under a name: it prints the address on its own line, behind an
    // Arabic label so the line still reads right to left.
    if let (Some(url), true) = (&link, m.prints_addresses()) {
        out.push('\n');
        m.text(out, &format!("{}: {url}", strings::LINK_LABEL));
    }
    if let Some(others) = also_in(hit) {
        out.push('\n');
        m.text(out, &format!("{}: {others}", strings::ALSO_IN_LABEL));
    }
}

/// Outlets named for the copies of a hit's text.
const MAX_ALSO_NAMES: usize = 3;

/// The other outlets that ran a hit's text, each once and not its own ("عكاظ، الرياض"), at most
/// [`MAX_ALSO_NAMES`] and then "وغيرها"; `None` when no other outlet did.
fn also_in(hit: &Hit) -> Option<String> {
    let mut names: Vec<&str> = Vec::new();
    for copy in &hit.also {
        let name = if copy.source.is_empty() { copy.title.as_str() } else { copy.source.as_str() };
        if !name.is_empty() && name != hit.source && !names.contains(&name) {
            names.push(name);
        }
    }
    if names.is_empty() {
        return None;
    }
    let mut list: Vec<String> = names.iter().take(MAX_ALSO_NAMES).map(|n| shorten_meta(n, MAX_META_CHARS)).collect();
    if names.len() > MAX_ALSO_NAMES {
        list.push(strings::AND_OTHERS.to_string());
    }
    Some(list.join("، "))
}

/// How much of an answer a layout shows.
#[derive(Debug, Clone, Copy)]
struct Fit {
    /// Longest excerpt, characters (`None`: as made).
    excerpt_chars: Option<usize>,
    /// Links to the articles shown.
    links: bool,
    /// Results shown, from the first.
    hits: usize,
}

impl Fit {
    /// The whole answer.
    fn all(answer: &Answer) -> Fit {
        Fit { excerpt_chars: None, links: true, hits: answer.hits.len() }
    }

    /// The next smaller layout: shorter excerpts down to the shortest, then no links, then one result
    /// fewer; `None` when nothing is left to take away.
    fn smaller(self, longest_excerpt: usize) -> Option<Fit> {
        let excerpt = self.excerpt_chars.unwrap_or(longest_excerpt);
        if excerpt > MIN_EXCERPT_CHARS {
            return Some(Fit { excerpt_chars: Some((excerpt * 3 / 4).max(MIN_EXCERPT_CHARS)), ..self });
        }
        if self.links {
            return Some(Fit { links: false, ..self });
        }
        (self.hits > 1).then(|| Fit { hits: self.hits - 1, ..self })
    }
}

fn layout(m: &dyn Markup, answer: &Answer, fit: Fit, max_question_chars: usize) -> String {
    let mut out = String::new();
    if answer.truncated {
        m.text(&mut out, &strings::truncated_note(max_question_chars));
        out.push_str("\n\n");
    }
    let quotes = (answer.answered || answer.tentative) && !answer.hits.is_empty();
    if !quotes {
        if let Some(kind) = answer.courtesy {
            m.text(&mut out, courtesy_reply(kind));
            return out;
        }
        // A link alone asks about a page the bot does not open.
        if answer.only_links {
            m.text(&mut out, strings::LINK_ONLY);
            return out;
        }
        // Only punctuation or emoji ("؟؟؟"، "👍") asks nothing: say so rather than "not found".
        let asks = answer.question.chars().any(char::is_alphanumeric);
        m.text(&mut out, if asks { strings::NO_ANSWER } else { strings::EMPTY_QUESTION });
        if asks {
            out.push('\n');
            // A number or a date alone is no language: only another alphabet gets the Arabic hint.
            let foreign = in_another_alphabet(answer.question.chars());
            m.text(&mut out, if foreign { strings::NO_ANSWER_HINT_NOT_ARABIC } else { strings::NO_ANSWER_HINT });
        }
        return out;
    }
    let first_page = answer.hits.first().is_some_and(|h| h.rank == 1);
    let header = match (first_page, answer.tentative, answer.latest) {
        (true, true, _) => strings::NEAREST_HEADER,
        (true, false, true) => strings::LATEST_HEADER,
        (true, false, false) if answer.asked_to_write => strings::WRITING_HEADER,
        (true, false, false) => strings::RESULTS_HEADER,
        (false, _, _) => strings::MORE_RESULTS_HEADER,
    };
    m.text(&mut out, header);
    for hit in answer.hits.iter().take(fit.hits) {
        out.push_str("\n\n");
        let (excerpt, highlights) = shorten(&hit.excerpt, &hit.highlights, fit.excerpt_chars);
        hit_block(m, &mut out, hit, &excerpt, &highlights, fit);
    }
    if first_page && !answer.unanswered.is_empty() {
        out.push_str("\n\n");
        let asked: Vec<String> = answer.unanswered.iter().map(|q| shorten_meta(q, MAX_META_CHARS)).collect();
        m.text(&mut out, &strings::not_found_for(&asked));
    }
    if fit.hits < answer.hits.len() {
        out.push_str("\n\n");
        m.text(&mut out, strings::REPLY_SHORTENED);
    }
    out
}

/// The reply in kind to a message that only greets or thanks, or asks what the bot is.
fn courtesy_reply(kind: Courtesy) -> &'static str {
    match kind {
        Courtesy::Salam => strings::SALAM_REPLY,
        Courtesy::Greeting => strings::GREETING_REPLY,
        Courtesy::Thanks => strings::THANKS_REPLY,
        Courtesy::AboutBot => strings::ABOUT_BOT_REPLY,
    }
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
    (format!("{kept} {ELLIPSIS}"), highlights)
}

/// The answer as plain text, for the terminal.
pub fn plain(answer: &Answer, max_question_chars: usize) -> String {
    layout(&Plain, answer, Fit::all(answer), max_question_chars)
}

/// The answer as Telegram HTML within [`TELEGRAM_MAX_CHARS`]: excerpts are shortened first, then links
/// dropped, then results left out from the last (with a note saying so); markup is never cut. One
/// result at the shortest always fits: names are capped at [`MAX_META_CHARS`].
pub fn html(answer: &Answer, max_question_chars: usize) -> String {
    let longest = answer.hits.iter().map(|h| h.excerpt.chars().count()).max().unwrap_or(0);
    let mut fit = Fit::all(answer);
    loop {
        let out = layout(&Html, answer, fit, max_question_chars);
        match fit.smaller(longest) {
            Some(smaller) if visible_len(&out) > TELEGRAM_MAX_CHARS => fit = smaller,
            _ => return out,
        }
    }
}

/// Plain `text` cut to fit one Telegram message once escaped: at the last whole line that fits, with a
/// line saying the rest was left out. Replies built from lists bound their lists themselves; this is
/// the last guard for any other text.
pub fn fit_text(text: &str) -> String {
    if visible_len(&escape_html(text)) <= TELEGRAM_MAX_CHARS {
        return text.to_string();
    }
    let budget = TELEGRAM_MAX_CHARS - visible_len(strings::REPLY_SHORTENED) - 2;
    let mut out = String::new();
    let mut used = 0;
    for line in text.lines() {
        let cost = visible_len(&escape_html(line)) + 1;
        if used + cost > budget {
            if out.is_empty() {
                // One huge line: keep its first words.
                out.push_str(&shorten_meta(line, budget / 6));
            }
            break;
        }
        out.push_str(line);
        out.push('\n');
        used += cost;
    }
    out.push('\n');
    out.push_str(strings::REPLY_SHORTENED);
    out
}

/// Length of HTML as Telegram counts it, in UTF-16 units: over-estimates (tags and entities count).
pub fn visible_len(html: &str) -> usize {
    html.encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::AlsoIn;

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
            also: Vec::new(),
        }
    }

    fn answer(hits: Vec<Hit>) -> Answer {
        Answer {
            question: "س".into(),
            truncated: false,
            answered: true,
            confidence: 1.0,
            why: Default::default(),
            hits,
            has_more: false,
            unanswered: Vec::new(),
            nearest: false,
            tentative: false,
            latest: false,
            courtesy: None,
            only_links: false,
            asked_to_write: false,
        }
    }

    #[test]
    fn the_nearest_passages_shown_on_request_say_they_may_not_answer() {
        let refused = Answer { answered: false, nearest: true, ..answer(Vec::new()) };
        assert!(plain(&refused, 1000).starts_with(strings::NO_ANSWER));
        let shown = Answer { answered: false, tentative: true, ..answer(vec![hit(1, "نص قريب")]) };
        let text = plain(&shown, 1000);
        assert!(text.starts_with(strings::NEAREST_HEADER) && text.contains("نص قريب"), "{text}");
        assert!(!text.contains(strings::RESULTS_HEADER), "{text}");
        let later = Answer { hits: vec![hit(4, "نص أبعد")], ..shown.clone() };
        assert!(plain(&later, 1000).starts_with(strings::MORE_RESULTS_HEADER));
        let empty = Answer { hits: Vec::new(), ..shown };
        assert!(plain(&empty, 1000).starts_with(strings::NO_ANSWER), "nothing to show is still not found");
    }

    #[test]
    fn a_question_of_the_message_left_unanswered_is_named_after_the_answers_escaped() {
        let asked = Answer { unanswered: vec!["وما <b>الطقس</b>؟".into()], ..answer(vec![hit(1, "نص")]) };
        let text = plain(&asked, 1000);
        assert!(text.ends_with("لم أجد في المصادر ما يجيب عن: «وما <b>الطقس</b>؟»"), "{text}");
        let html = html(&asked, 1000);
        assert!(html.contains("«وما &lt;b&gt;الطقس&lt;/b&gt;؟»") && !html.contains("<b>الطقس"), "{html}");
        let later = Answer { hits: vec![hit(4, "نص")], ..asked };
        assert!(!plain(&later, 1000).contains("لم أجد"), "named on the first page only");
    }

    #[test]
    fn a_message_of_punctuation_or_emoji_is_asked_for_a_question_not_told_nothing_was_found() {
        for asked in ["", "؟؟؟", "👍", " !! "] {
            let none = Answer { question: asked.into(), answered: false, ..answer(Vec::new()) };
            assert_eq!(plain(&none, 1000), strings::EMPTY_QUESTION, "{asked:?}");
        }
        let english = Answer { question: "What?".into(), answered: false, ..answer(Vec::new()) };
        assert_eq!(plain(&english, 1000), format!("{}\n{}", strings::NO_ANSWER, strings::NO_ANSWER_HINT_NOT_ARABIC));
        // A number or a date alone is no other language: the usual hint.
        let year = Answer { question: "2022".into(), answered: false, ..answer(Vec::new()) };
        assert_eq!(plain(&year, 1000), format!("{}\n{}", strings::NO_ANSWER, strings::NO_ANSWER_HINT));
    }

    fn listed<'a>(source: &'a str, title: &'a str, date: Option<&'a str>, url: Option<&'a str>) -> Listed<'a> {
        Listed { source, title, date, url }
    }

    #[test]
    fn sources_lists_a_small_corpus_article_by_article_newest_first_and_a_large_one_by_source() {
        let articles = [
            listed(
                "ساسة بوست",
                "التحالف <الذي> تقوده روسيا",
                Some("2022-01-07"),
                Some("https://example.org/a?x=1&y=2"),
            ),
            listed("نون بوست", "بلا تاريخ", None, None),
            listed("TRT عربي", "توكاييف يستنجد", Some("2022-01-10"), Some("javascript:alert(1)")),
        ];
        let counts = [("ساسة بوست".to_string(), 1), ("نون بوست".to_string(), 1), ("TRT عربي".to_string(), 1)];
        let html = sources_html(&articles, &counts);
        let lines: Vec<&str> = html.lines().collect();
        assert_eq!(lines[0], "المصادر المتاحة (3 مقالات، 3 مصادر):");
        assert_eq!(lines[1], "• TRT عربي: توكاييف يستنجد — 2022-01-10", "newest first; no unsafe link");
        assert_eq!(
            lines[2],
            "• ساسة بوست: <a href=\"https://example.org/a?x=1&amp;y=2\">التحالف &lt;الذي&gt; تقوده روسيا</a> — 2022-01-07"
        );
        assert_eq!(lines[3], "• نون بوست: بلا تاريخ", "undated last");
        let many: Vec<Listed<'_>> = (0..=strings::TITLES_LISTED).map(|_| articles[1]).collect();
        let by_source = sources_html(&many, &counts[1..2]);
        assert_eq!(by_source, escape_html(&strings::sources(many.len(), &counts[1..2])));
        assert!(!by_source.contains("بلا تاريخ"));
        // Twenty articles whose names fill a line each do not fit one list: given by source.
        let long = "ع".repeat(MAX_META_CHARS);
        let crowded: Vec<Listed<'_>> = (0..strings::TITLES_LISTED).map(|_| listed(&long, &long, None, None)).collect();
        let counts = [(long.clone(), crowded.len())];
        assert_eq!(sources_html(&crowded, &counts), escape_html(&strings::sources(crowded.len(), &counts)));
    }

    #[test]
    fn a_request_to_write_is_told_the_passages_are_quoted_not_written() {
        let asked = Answer { asked_to_write: true, ..answer(vec![hit(1, "نص")]) };
        assert!(plain(&asked, 1000).starts_with(strings::WRITING_HEADER));
        let later = Answer { hits: vec![hit(4, "نص")], ..asked.clone() };
        assert!(plain(&later, 1000).starts_with(strings::MORE_RESULTS_HEADER), "said on the first page only");
        let refused = Answer { answered: false, hits: Vec::new(), ..asked };
        assert!(plain(&refused, 1000).starts_with(strings::NO_ANSWER));
    }

    #[test]
    fn a_link_alone_is_told_the_bot_searches_its_sources_and_opens_no_page() {
        let link = Answer { question: String::new(), answered: false, only_links: true, ..answer(Vec::new()) };
        assert_eq!(plain(&link, 1000), strings::LINK_ONLY);
        let empty = Answer { question: String::new(), answered: false, ..answer(Vec::new()) };
        assert_eq!(plain(&empty, 1000), strings::EMPTY_QUESTION, "nothing at all is still asked for a question");
    }

    #[test]
    fn a_courtesy_gets_its_own_reply_and_a_question_refused_never_does() {
        let reply = |kind| {
            let said = Answer { answered: false, courtesy: Some(kind), ..answer(Vec::new()) };
            plain(&said, 1000)
        };
        assert_eq!(reply(Courtesy::AboutBot), strings::ABOUT_BOT_REPLY);
        assert_eq!(reply(Courtesy::Thanks), strings::THANKS_REPLY);
        assert_eq!(reply(Courtesy::Salam), strings::SALAM_REPLY);
        // The reply follows what the answer says it is, not its words: "شكرا" searched is not thanked.
        let searched = Answer { question: "شكرا".into(), answered: false, ..answer(Vec::new()) };
        assert!(plain(&searched, 1000).starts_with(strings::NO_ANSWER));
    }

    #[test]
    fn a_text_other_outlets_ran_names_each_once_and_not_its_own() {
        let copy = |source: &str| AlsoIn { doc: "b".into(), source: source.into(), title: "عنوان آخر".into() };
        let mut h = hit(1, "نص");
        h.also = vec![copy("عكاظ"), copy("نون بوست"), copy("عكاظ"), copy("")];
        let text = plain(&answer(vec![h.clone()]), 1000);
        assert!(text.ends_with("\nونُشر النص نفسه في: عكاظ، عنوان آخر"), "{text}");
        h.also = ["الرياض", "الوطن", "المدينة", "الجزيرة"].into_iter().map(copy).collect();
        assert!(plain(&answer(vec![h.clone()]), 1000).ends_with("في: الرياض، الوطن، المدينة، وغيرها"));
        h.also = vec![copy("نون بوست")];
        assert!(!plain(&answer(vec![h]), 1000).contains("ونُشر"), "a copy in the same outlet names nothing");
    }

    #[test]
    fn plain_numbers_quotes_and_names_the_source() {
        let text = plain(&answer(vec![hit(1, "نص المقتطف")]), 1000);
        assert!(text.contains("1. «نص المقتطف»\nالمصدر: نون بوست — عنوان — 2022-01-07"), "{text}");
    }

    #[test]
    fn the_source_links_to_the_article_and_every_line_starts_in_arabic() {
        let mut h = hit(1, "نص المقتطف");
        h.url = Some("https://example.org/a?b=1&c=2".into());
        let text = plain(&answer(vec![h.clone()]), 1000);
        assert!(
            text.ends_with("\nالمصدر: نون بوست — عنوان — 2022-01-07\nالرابط: https://example.org/a?b=1&c=2"),
            "{text}"
        );
        let out = html(&answer(vec![h]), 1000);
        assert!(
            out.contains("المصدر: <a href=\"https://example.org/a?b=1&amp;c=2\">نون بوست — عنوان</a> — 2022-01-07"),
            "{out}"
        );
        assert!(!out.contains("الرابط"), "the name is the link: {out}");
    }

    #[test]
    fn only_plain_web_links_are_shown() {
        for bad in ["javascript:alert(1)", "tg://resolve?domain=x", "file:///etc/passwd", "http://", "not a url", ""] {
            let mut h = hit(1, "نص");
            h.url = Some(bad.into());
            let out = html(&answer(vec![h]), 1000);
            assert!(!out.contains("<a "), "{bad}: {out}");
            assert!(out.contains("المصدر: نون بوست — عنوان"), "{out}");
        }
        assert_eq!(safe_link(" https://example.org/x ").as_deref(), Some("https://example.org/x"));
        assert_eq!(safe_link("https://example.org/a\"b<c").as_deref(), Some("https://example.org/a%22b%3Cc"));
        assert_eq!(safe_link(&format!("https://example.org/{}", "a".repeat(3000))), None);
    }

    #[test]
    fn long_titles_and_sources_are_shortened_and_every_result_kept() {
        let mut hits: Vec<Hit> = (1..=3).map(|rank| hit(rank, "نص المقتطف")).collect();
        for h in &mut hits {
            h.title = "عنوان طويل جدا ".repeat(500);
            h.source = "مصدر ".repeat(800);
        }
        let out = html(&answer(hits), 1000);
        assert!(visible_len(&out) <= TELEGRAM_MAX_CHARS);
        for rank in 1..=3 {
            assert!(out.contains(&format!("{rank}. ")), "{out}");
        }
        assert!(out.contains(ELLIPSIS));
        assert!(!out.contains(strings::REPLY_SHORTENED));
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

    /// True when every tag is one we write and is closed, and every `&` starts a whole entity.
    fn well_formed(html: &str) -> bool {
        let pairs = [("<blockquote>", "</blockquote>"), ("<b>", "</b>"), ("<a href=", "</a>")];
        let balanced = pairs.iter().all(|(open, close)| html.matches(open).count() == html.matches(close).count());
        let tags_known = html.match_indices('<').all(|(i, _)| {
            ["<blockquote>", "</blockquote>", "<b>", "</b>", "<a href=\"", "</a>"]
                .iter()
                .any(|t| html[i..].starts_with(t))
        });
        let entities = html
            .match_indices('&')
            .all(|(i, _)| ["&lt;", "&gt;", "&amp;", "&quot;"].iter().any(|e| html[i..].starts_with(e)));
        balanced && tags_known && entities
    }

    proptest::proptest! {
        #[test]
        fn any_answer_fits_one_message_and_keeps_its_markup_whole(
            excerpts in proptest::collection::vec("[<>&\"a-z\u{0627}-\u{064A} ]{0,2500}", 1..=10),
            title in "[<>&\"\u{0627}-\u{064A} \u{1F600}]{0,3000}",
            url in "(https://example.org/[a-z&\"<]{0,3000})?",
        ) {
            let hits = excerpts
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let chars = e.chars().count();
                    Hit {
                        title: title.clone(),
                        source: title.clone(),
                        url: Some(url.clone()),
                        highlights: vec![0..chars.min(3), chars / 2..chars],
                        ..hit(i + 1, e)
                    }
                })
                .collect();
            let out = html(&answer(hits), 1000);
            proptest::prop_assert!(visible_len(&out) <= TELEGRAM_MAX_CHARS, "{}", visible_len(&out));
            proptest::prop_assert!(well_formed(&out), "{out}");
            proptest::prop_assert!(out.contains("1. "));
        }

        #[test]
        fn any_plain_reply_fits_one_message(text in "[\\PC\n]{0,6000}") {
            let fitted = fit_text(&text);
            proptest::prop_assert!(visible_len(&escape_html(&fitted)) <= TELEGRAM_MAX_CHARS);
        }
    }

    #[test]
    fn no_answer_is_honest_and_hints() {
        let mut a = answer(vec![]);
        a.answered = false;
        let text = plain(&a, 1000);
        assert!(text.starts_with(strings::NO_ANSWER) && text.contains("/sources"));
    }
}
