//! The Arabic analyser as a tantivy tokenizer, registered by name on every index.
//!
//! Terms go into one reused arena, so tokenising a passage allocates nothing once warm.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::arabic::Analyzer;

/// The name the analyser is registered under.
pub const TOKENIZER_NAME: &str = "isnad";

/// The name of the analyser giving each word's root instead of its stem (the root field).
pub const ROOT_TOKENIZER_NAME: &str = "isnad-root";

/// A tantivy [`Tokenizer`] running [`Analyzer::analyze`].
#[derive(Clone)]
pub struct AnalyzerTokenizer {
    analyzer: Analyzer,
    roots: bool,
    arena: String,
    spans: Vec<Span>,
    token: Token,
}

#[derive(Clone, Copy)]
struct Span {
    term: (usize, usize),
    offsets: (usize, usize),
    position: usize,
}

impl AnalyzerTokenizer {
    /// A tokenizer for `analyzer`.
    pub fn new(analyzer: Analyzer) -> Self {
        AnalyzerTokenizer { analyzer, roots: false, arena: String::new(), spans: Vec::new(), token: Token::default() }
    }

    /// A tokenizer giving each word's root (words without one give no token).
    pub fn roots(analyzer: Analyzer) -> Self {
        AnalyzerTokenizer { roots: true, ..AnalyzerTokenizer::new(analyzer) }
    }
}

/// The stream of one text's terms.
pub struct AnalyzerTokenStream<'a> {
    arena: &'a str,
    spans: &'a [Span],
    token: &'a mut Token,
    next: usize,
}

impl Tokenizer for AnalyzerTokenizer {
    type TokenStream<'a> = AnalyzerTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AnalyzerTokenStream<'a> {
        self.arena.clear();
        self.spans.clear();
        let (arena, spans) = (&mut self.arena, &mut self.spans);
        let mut keep = |term: &str, start, end, position| {
            let from = arena.len();
            arena.push_str(term);
            spans.push(Span { term: (from, arena.len()), offsets: (start, end), position });
        };
        if self.roots {
            self.analyzer.analyze_with_roots(text, |_, root, start, end, position| {
                if let Some(root) = root {
                    keep(root, start, end, position);
                }
            });
        } else {
            self.analyzer.analyze(text, keep);
        }
        self.token.reset();
        AnalyzerTokenStream { arena: &self.arena, spans: &self.spans, token: &mut self.token, next: 0 }
    }
}

impl TokenStream for AnalyzerTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(span) = self.spans.get(self.next) else { return false };
        self.next += 1;
        self.token.text.clear();
        self.token.text.push_str(&self.arena[span.term.0..span.term.1]);
        self.token.offset_from = span.offsets.0;
        self.token.offset_to = span.offsets.1;
        self.token.position = span.position;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_the_analysers_terms_with_offsets() {
        let mut tokenizer = AnalyzerTokenizer::new(Analyzer::default());
        let text = "ما هي المظاهرات في كازاخستان";
        let mut stream = tokenizer.token_stream(text);
        let mut seen = Vec::new();
        while stream.advance() {
            let t = stream.token();
            seen.push((t.text.clone(), &text[t.offset_from..t.offset_to], t.position));
        }
        let expected: Vec<(String, &str, usize)> =
            Analyzer::default().terms(text).into_iter().map(|t| (t.term, &text[t.start..t.end], t.position)).collect();
        assert_eq!(seen, expected);
        assert_eq!(seen.len(), 2);
    }
}
