//! The corpus's data: articles with their metadata, and passages as byte ranges of them.

use std::ops::Range;

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
    pub text: String,
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
