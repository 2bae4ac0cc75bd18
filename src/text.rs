//! Plain-text helpers shared by passage splitting and excerpts: sentences, words, safe cuts.

use std::ops::Range;

/// True for characters that end a sentence in Arabic or Latin text.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '؛' | '…' | '\n')
}

/// Byte ranges of the sentences of `text`, trimmed, covering every non-space character.
///
/// A sentence ends at `.`, `!`, `?`, `؟`, `؛`, `…` or a line break followed by whitespace (so "3.5" and
/// "U.S." inside a word do not split).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !ends_sentence(c) {
            continue;
        }
        // Closing quotes and brackets right after the mark belong to the sentence.
        let mut end = i + c.len_utf8();
        while let Some(&(j, n)) = chars.peek() {
            if !matches!(n, '"' | '”' | '»' | ')' | '’' | '\'') {
                break;
            }
            end = j + n.len_utf8();
            chars.next();
        }
        let next_is_space = chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
        if c == '\n' || next_is_space {
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// Push `range` of `text` without its surrounding whitespace, if anything is left.
pub fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    if let Some(trimmed) = trim_range(text, range) {
        out.push(trimmed);
    }
}

/// `range` of `text` without surrounding whitespace; `None` when only whitespace.
pub fn trim_range(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    (lead < slice.len()).then(|| range.start + lead..range.end - trail)
}

/// Number of whitespace-separated words.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Byte ranges of the lines of `text`, trimmed, without empty lines.
pub fn lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            push_trimmed(text, start..i, &mut out);
            start = i + 1;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// The byte offset of the end of the last whole word within the first `max_chars` characters of `text`.
pub fn cut_at_word(text: &str, max_chars: usize) -> usize {
    match text.char_indices().nth(max_chars) {
        None => text.len(),
        Some((limit, c)) => {
            if c.is_whitespace() {
                return text[..limit].trim_end().len();
            }
            match text[..limit].rfind(char::is_whitespace) {
                Some(space) if space > 0 => text[..space].trim_end().len(),
                _ => limit,
            }
        }
    }
}

/// The byte offset of the start of the first whole word that keeps at most `max_chars` characters after it.
pub fn cut_from_word(text: &str, max_chars: usize) -> usize {
    let total = text.chars().count();
    if total <= max_chars {
        return 0;
    }
    let skip = total - max_chars;
    let Some((limit, _)) = text.char_indices().nth(skip) else { return text.len() };
    if text[..limit].ends_with(char::is_whitespace) {
        return limit;
    }
    match text[limit..].find(char::is_whitespace) {
        Some(space) => {
            let after = limit + space;
            after + (text[after..].len() - text[after..].trim_start().len())
        }
        None => limit,
    }
}

/// Byte ranges of the links (http://, https://, www., t.me/) and @usernames in `text`, each a whole
/// whitespace-delimited word: a question's words are not in them, and no corpus writes them.
pub fn link_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                if is_link(&text[s..i]) {
                    spans.push(s..i);
                }
                start = None;
            }
            _ => {}
        }
    }
    spans
}

/// True for a word that is a link or an @username (opening punctuation such as « or ( aside).
fn is_link(word: &str) -> bool {
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@');
    let lower = word.get(..8).unwrap_or(word).to_ascii_lowercase();
    let mention = word.strip_prefix('@').is_some_and(|name| {
        let name = name.trim_end_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_');
        name.len() >= 3 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    });
    mention || ["http://", "https://", "www.", "t.me/"].iter().any(|p| lower.starts_with(p))
}

/// `text` without its links and @usernames (see [`link_spans`]), whitespace collapsed.
pub fn without_links(text: &str) -> String {
    let spans = link_spans(text);
    let mut kept = String::with_capacity(text.len());
    let mut from = 0;
    for span in spans {
        kept.push_str(&text[from..span.start]);
        from = span.end;
    }
    kept.push_str(&text[from..]);
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence_texts(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_arabic_sentences_and_keeps_decimals() {
        let text = "وصل الجنود. هل انتهى الأمر؟ نعم، بنسبة 3.5 بالمئة؛ ثم عادوا";
        assert_eq!(sentence_texts(text), ["وصل الجنود.", "هل انتهى الأمر؟", "نعم، بنسبة 3.5 بالمئة؛", "ثم عادوا"]);
    }

    #[test]
    fn closing_quote_stays_with_its_sentence() {
        assert_eq!(sentence_texts("قال: “انتهى.” ثم مضى"), ["قال: “انتهى.”", "ثم مضى"]);
    }

    #[test]
    fn line_breaks_end_sentences() {
        assert_eq!(sentence_texts("عنوان\nنص الفقرة."), ["عنوان", "نص الفقرة."]);
    }

    #[test]
    fn cuts_fall_between_words() {
        let text = "كلمة أولى ثانية ثالثة";
        assert_eq!(&text[..cut_at_word(text, 12)], "كلمة أولى");
        assert_eq!(&text[cut_from_word(text, 12)..], "ثانية ثالثة");
        assert_eq!(&text[cut_from_word(text, 6)..], "ثالثة");
        assert_eq!(cut_at_word(text, 100), text.len());
    }

    #[test]
    fn links_and_usernames_are_found_whole_and_words_are_not() {
        let text = "انظر (https://example.org/a?b=1) و www.site.com و t.me/channel يا @some_user: من يقود؟";
        let found: Vec<&str> = link_spans(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["(https://example.org/a?b=1)", "www.site.com", "t.me/channel", "@some_user:"]);
        assert_eq!(without_links(text), "انظر و و يا من يقود؟");
        for plain in ["من يقود القوات؟", "email: a@b.c", "@ب", "@ab", "HTTP"] {
            assert!(link_spans(plain).is_empty(), "{plain}");
        }
        assert_eq!(without_links("من يقود؟"), "من يقود؟");
    }
}
