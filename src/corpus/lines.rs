//! Text read out of markup (saved pages, Word documents, Markdown): lines built a piece at a time, and
//! the file's own metadata, which it can make as long as it likes, bounded.

/// Longest title, outlet or author kept from a file's own metadata, in characters.
pub const MAX_META_CHARS: usize = 300;

/// Close the line being built: kept in `lines`, its whitespace collapsed, when it holds any text.
pub fn end_line(lines: &mut Vec<String>, line: &mut String) {
    let text = line.split_whitespace().collect::<Vec<_>>().join(" ");
    if !text.is_empty() {
        lines.push(text);
    }
    line.clear();
}

/// `value` with its whitespace collapsed, cut at a word to [`MAX_META_CHARS`]; `None` when empty.
pub fn bounded_meta(value: &str) -> Option<String> {
    let joined = value.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut = crate::text::cut_at_word(&joined, MAX_META_CHARS);
    let kept = joined[..cut].trim();
    (!kept.is_empty()).then(|| kept.to_string())
}
