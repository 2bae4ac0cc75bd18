//! The corpus's data: articles with their metadata, and passages as byte ranges of them.

use std::ops::Range;
use std::sync::Arc;

use memmap2::Mmap;

/// One article, cleaned of page chrome.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Stable id: the JSONL `id`, or the file name.
    pub id: String,
    /// File it came from, relative to the corpus directory.
    pub file: String,
    /// Headline.
    pub title: String,
    /// Outlet or author name a reader sees.
    pub source: String,
    /// Author, where known.
    pub author: Option<String>,
    /// Publication date as given.
    pub date: Option<String>,
    /// Address of the original, where known.
    pub url: Option<String>,
    /// Article text as indexed.
    pub text: Text,
}

impl Article {
    /// Title, source and author on separate lines: the text of the index's title field, so a
    /// question naming the outlet or the author finds its articles.
    pub fn meta_text(&self) -> String {
        let mut meta = self.title.clone();
        for name in std::iter::once(&self.source).chain(self.author.as_ref()) {
            if !meta.contains(name.as_str()) {
                meta.push('\n');
                meta.push_str(name);
            }
        }
        meta
    }
}

/// A passage: a byte range of one article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Index of the article in the corpus.
    pub article: u32,
    /// Position of the passage within its article, from 0.
    pub position: u32,
    /// Byte range in the article's text.
    pub range: Range<usize>,
}

/// An article's text: owned when read from the corpus files, or a byte range of the memory-mapped corpus
/// copy a restart opens (so a restart does not read the whole corpus).
///
/// A mapped text is checked to be UTF-8 where it is read, passage by passage; a damaged copy reads as
/// empty text there, never as invalid `str`.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Owned(String),
    Mapped { map: Arc<Mmap>, range: Range<usize> },
}

impl Text {
    /// The bytes `range` of `map`; `None` when the range is not inside it.
    pub fn mapped(map: Arc<Mmap>, range: Range<usize>) -> Option<Text> {
        (range.start <= range.end && range.end <= map.len()).then_some(Text(Repr::Mapped { map, range }))
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Owned(s) => s.as_bytes(),
            Repr::Mapped { map, range } => &map[range.clone()],
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }

    /// True when the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The whole text (empty if a mapped copy is damaged).
    pub fn as_str(&self) -> &str {
        self.slice(0..self.len())
    }

    /// The bytes `range` as text; empty when the range is out of bounds or cuts a character.
    pub fn slice(&self, range: Range<usize>) -> &str {
        match &self.0 {
            Repr::Owned(s) => s.get(range).unwrap_or(""),
            Repr::Mapped { .. } => self.as_bytes().get(range).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or(""),
        }
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(Repr::Owned(text))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text(Repr::Owned(text.to_string()))
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(bytes: &[u8]) -> (tempfile::NamedTempFile, Arc<Mmap>) {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, bytes).unwrap();
        // SAFETY: the temporary file is private to this test and not changed while mapped.
        let map = unsafe { Mmap::map(file.as_file()) }.unwrap();
        (file, Arc::new(map))
    }

    #[test]
    fn a_mapped_text_reads_like_the_owned_one() {
        let words = "كازاخستان والمنظمة";
        let (_file, map) = mapped(format!("xx{words}yy").as_bytes());
        let text = Text::mapped(map, 2..2 + words.len()).unwrap();
        assert_eq!(text, Text::from(words));
        assert_eq!(text.as_str(), words);
        assert_eq!(text.slice(0.."كازاخستان".len()), "كازاخستان");
    }

    #[test]
    fn bad_ranges_and_bytes_read_as_empty_not_a_panic() {
        let (_file, map) = mapped("نص".as_bytes());
        assert!(Text::mapped(map.clone(), 0..99).is_none());
        let text = Text::mapped(map, 0..4).unwrap();
        assert_eq!(text.slice(0..1), "", "cuts a character");
        assert_eq!(text.slice(2..9), "", "out of bounds");
        let (_file, broken) = mapped(&[0xd9, 0xff, 0x41]);
        assert_eq!(Text::mapped(broken, 0..3).unwrap().as_str(), "");
        assert_eq!(Text::from("نص").slice(1..3), "");
    }
}
