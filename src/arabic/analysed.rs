//! A text's analysed terms, kept: re-ranking and excerpts read a passage's terms many times (every
//! question that finds it), and analysing is most of what answering costs.

use super::Analyzer;

/// One term: where its text and its root end in their buffers, its byte range in the source text, and
/// its word position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    term_end: u32,
    root_end: u32,
    start: u32,
    end: u32,
    position: u32,
}

/// The terms of a text, in order, as [`Analyzer::analyze`] gives them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnalysedText {
    terms: String,
    roots: String,
    spans: Vec<Span>,
}

impl AnalysedText {
    /// Analyse `text` (a passage: offsets must fit in 32 bits, which a passage's always do).
    pub fn new(analyzer: Analyzer, text: &str) -> AnalysedText {
        let mut out = AnalysedText::default();
        analyzer.analyze_with_roots(text, |term, root, start, end, position| {
            out.terms.push_str(term);
            out.roots.push_str(root.unwrap_or(""));
            out.spans.push(Span {
                term_end: out.terms.len() as u32,
                root_end: out.roots.len() as u32,
                start: start as u32,
                end: end as u32,
                position: position as u32,
            });
        });
        out.terms.shrink_to_fit();
        out.roots.shrink_to_fit();
        out.spans.shrink_to_fit();
        out
    }

    /// Call `sink(term, start, end, position)` for every term, as [`Analyzer::analyze`] would.
    pub fn for_each(&self, mut sink: impl FnMut(&str, usize, usize, usize)) {
        self.for_each_with_root(|term, _, start, end, position| sink(term, start, end, position));
    }

    /// Call `sink(term, root, start, end, position)` for every term, as
    /// [`Analyzer::analyze_with_roots`] would.
    pub fn for_each_with_root(&self, mut sink: impl FnMut(&str, Option<&str>, usize, usize, usize)) {
        let (mut from, mut root_from) = (0, 0);
        for span in &self.spans {
            let (to, root_to) = (span.term_end as usize, span.root_end as usize);
            let root = (root_to > root_from).then(|| &self.roots[root_from..root_to]);
            sink(&self.terms[from..to], root, span.start as usize, span.end as usize, span.position as usize);
            (from, root_from) = (to, root_to);
        }
    }

    /// Bytes held, for a cache's budget.
    pub fn weight(&self) -> usize {
        self.terms.len()
            + self.roots.len()
            + self.spans.len() * std::mem::size_of::<Span>()
            + std::mem::size_of::<Self>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_terms_replay_the_analysis() {
        let analyzer = Analyzer::default();
        let text = "تدخلت قوات منظمة معاهدة الأمن الجماعي في كازاخستان عام 2022.";
        let mut direct = Vec::new();
        analyzer.analyze(text, |t, s, e, p| direct.push((t.to_string(), s, e, p)));
        let mut kept = Vec::new();
        AnalysedText::new(analyzer, text).for_each(|t, s, e, p| kept.push((t.to_string(), s, e, p)));
        assert!(!direct.is_empty());
        assert_eq!(kept, direct);
        let mut roots = Vec::new();
        AnalysedText::new(analyzer, text).for_each_with_root(|_, r, _, _, _| roots.push(r.map(String::from)));
        let expected: Vec<Option<String>> =
            analyzer.terms(text).iter().map(|t| analyzer.root_of(&text[t.start..t.end])).collect();
        assert_eq!(roots, expected);
        assert_eq!(AnalysedText::new(analyzer, "").weight(), std::mem::size_of::<AnalysedText>());
    }
}
