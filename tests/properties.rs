//! Property tests over everything that takes text or bytes from outside: the loaders, `sources.toml`,
//! the Arabic analyser, questions, cutting and splitting, and file names. No input panics, and what comes
//! out stays within bounds set by what went in.
//!
//! CI runs the default number of cases; a longer run: `PROPTEST_CASES=20000 cargo test --release --test
//! properties` (and the unit-level properties in `src/`: `PROPTEST_CASES=20000 cargo test --release`).

use isnad::answer::Question;
use isnad::arabic::{Analyzer, Stemmer};
use isnad::corpus::sidecar::parse_sidecar;
use isnad::corpus::{check_file, safe_file_name, split_passages, LoadLimits, SplitConfig};
use isnad::question::MAX_PARTS;
use isnad::text::{cut_at_word, cut_from_word, sentences};
use proptest::prelude::*;

/// Arabic letters, diacritics, tatweel, digits of three scripts, Latin, punctuation, odd Unicode.
const MIXED: &str =
    "[\u{0621}-\u{064A}\u{064B}-\u{0652}\u{0640}\u{0660}-\u{0669}\u{06F0}-\u{06F9}a-zA-Z0-9 .،؟?!\n\u{200C}\u{202E}\u{FEFB}\u{0130}\u{212A}😀]{0,400}";

fn limits() -> LoadLimits {
    LoadLimits { max_file_bytes: 1 << 20, max_article_bytes: 64 << 10 }
}

proptest! {
    #[test]
    fn the_analyser_gives_terms_inside_their_words(text in MIXED) {
        for analyzer in [Analyzer::default(), Analyzer::Arabic(Stemmer::Light10), Analyzer::Arabic(Stemmer::Snowball), Analyzer::Plain] {
            let terms = analyzer.terms(&text);
            prop_assert!(terms.len() <= text.chars().count());
            let mut last = None;
            for t in &terms {
                prop_assert!(t.start < t.end && t.end <= text.len());
                prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                prop_assert!(!t.term.is_empty() && t.term.len() <= 4 * (t.end - t.start));
                prop_assert!(last.is_none_or(|p| p < t.position));
                last = Some(t.position);
            }
        }
    }

    #[test]
    fn questions_are_cut_within_their_limit(text in MIXED, max in 1usize..300) {
        let q = Question::parse(&text, max);
        prop_assert!(q.text().chars().count() <= max);
        prop_assert!(!q.text().starts_with(' ') && !q.text().ends_with(' '));
        // The questions it asks are slices of it, in order, covering all of it but the spaces between.
        let parts = q.parts();
        prop_assert!((1..=MAX_PARTS).contains(&parts.len()));
        prop_assert_eq!(parts.concat().replace(' ', ""), q.text().replace(' ', ""));
    }

    #[test]
    fn cuts_land_on_character_boundaries(text in MIXED, max in 0usize..500) {
        let at = cut_at_word(&text, max);
        prop_assert!(text.is_char_boundary(at) && text[..at].chars().count() <= max);
        let from = cut_from_word(&text, max);
        prop_assert!(text.is_char_boundary(from) && text[from..].chars().count() <= max);
        for range in sentences(&text) {
            prop_assert!(range.start < range.end && text.get(range).is_some());
        }
    }

    #[test]
    fn passages_cover_the_text_in_order(text in MIXED, min in 1usize..30, extra in 0usize..60) {
        let config = SplitConfig { min_words: min, max_words: min + extra };
        let mut end = 0;
        for range in split_passages(&text, config) {
            prop_assert!(range.start >= end && range.start < range.end && text.get(range.clone()).is_some());
            end = range.end;
        }
    }

    #[test]
    fn any_bytes_load_or_are_refused_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000), kind in 0usize..5) {
        let name = ["a.txt", "a.md", "a.jsonl", "a.html", "a.docx"][kind];
        if let Ok(checked) = check_file(name, bytes.clone(), None, limits()) {
            prop_assert!(checked.articles >= 1 && checked.articles <= bytes.len());
            prop_assert!(checked.problems.len() <= bytes.iter().filter(|&&b| b == b'\n').count() + 1);
        }
    }

    #[test]
    fn markup_like_pages_documents_and_markdown_load_or_are_refused_without_panic(
        pieces in proptest::collection::vec(
            prop_oneof![
                "<(p|div|article|main|script|nav|br|h1|li|table|td|meta property=\"og:title\" content=\"[^\"]{0,20}\"|a href=\"[^\"]{0,20}\")( hidden| class=\"[a-z -]{0,12}\")?/?>",
                "</(p|div|article|main|script|nav|h1|li|table|td|a)>",
                "<w:(p|t|r|tab|br|tbl|tc)( xml:space=\"preserve\")?/?>",
                "</w:(p|t|r|tbl|tc)>",
                "(\\*\\*|#|- |> |\\||!\\[|\\]\\(|\\)|`|---\n|&amp;|&#[0-9]{1,7};|&[a-z]{1,5};)",
                MIXED,
            ],
            0..40,
        ),
    ) {
        let text: String = pieces.concat();
        for name in ["a.html", "a.md"] {
            if let Ok(checked) = check_file(name, text.clone().into_bytes(), None, limits()) {
                prop_assert_eq!(checked.articles, 1);
            }
        }
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
        let docx = zip.finish().unwrap().into_inner();
        if let Ok(checked) = check_file("a.docx", docx, None, limits()) {
            prop_assert_eq!(checked.articles, 1);
        }
    }

    #[test]
    fn jsonl_like_lines_load_or_are_refused_without_panic(
        lines in proptest::collection::vec(
            ("[a-z0-9]{0,5}", MIXED, "(https?://[a-z.]{1,20}|javascript:x|)?", proptest::bool::ANY),
            0..20,
        )
    ) {
        let mut bytes = Vec::new();
        for (id, body, url, broken) in &lines {
            let row = serde_json::json!({"id": id, "title": body.chars().take(30).collect::<String>(), "url": url, "text": body});
            let mut line = row.to_string().into_bytes();
            if *broken {
                line.truncate(line.len() / 2); // may cut a character: not UTF-8 any more
            }
            bytes.extend(line);
            bytes.push(b'\n');
        }
        let _ = check_file("x.jsonl", bytes, None, limits());
    }

    #[test]
    fn any_sidecar_text_parses_or_is_an_error(text in "(\\[\\[article\\]\\]\n(file|source|title|url|date|author) = \"[^\"\\\\]{0,40}\"\n){0,6}\\PC{0,60}") {
        if let Ok(map) = parse_sidecar(&text) {
            prop_assert!(map.len() <= 6);
        }
    }

    #[test]
    fn file_names_with_format_characters_are_refused(
        head in "[a-z\u{0627}-\u{064A}]{1,10}",
        format in "[\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FEFF}\u{061C}\u{00AD}]",
        tail in "[a-z]{0,5}",
    ) {
        let hidden = format!("{head}{format}{tail}.txt");
        let plain = format!("{head}{tail}.txt");
        prop_assert!(safe_file_name(&hidden).is_err());
        prop_assert!(safe_file_name(&plain).is_ok());
    }
}
