//! Loading corpora from disk: every kind of bad input is skipped with its file (and line) named.

use std::path::Path;

use isnad::corpus::{Corpus, LoadLimits, ProblemKind, SplitConfig};
use isnad::error::CorpusError;

const ARTICLE: &str = "عنوان المقال\nهذه فقرة عربية سليمة عن نهر النيل وطوله وروافده ودول حوضه.";

fn load(dir: &Path) -> Result<Corpus, CorpusError> {
    Corpus::load(dir, LoadLimits { max_file_bytes: 1 << 20, max_article_bytes: 4096 }, SplitConfig::default())
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn problem_for<'c>(corpus: &'c Corpus, file: &str) -> Vec<&'c ProblemKind> {
    corpus.problems.iter().filter(|p| p.file == file).map(|p| &p.kind).collect()
}

#[test]
fn bad_files_are_skipped_and_named_while_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "good.txt", ARTICLE.as_bytes());
    write(d, "latin1.txt", &[0xe1, 0xe4, 0x20, 0xff, 0xfe, 0x41]);
    write(d, "empty.txt", b"  \n\n ");
    write(d, "chrome-only.md", "تابعنا\nمقالات ذات صلة\n".as_bytes());
    write(d, "image.txt", &[0x89, b'P', b'N', b'G', 0, 0, 0, 13]);
    write(d, "huge.txt", "كلمة ".repeat(2000).as_bytes());
    write(d, "notes.pdf", b"%PDF-1.4");
    let corpus = load(d).expect("the good file loads");
    assert_eq!(corpus.articles.len(), 1);
    assert_eq!(corpus.articles[0].id, "good.txt");
    assert_eq!(problem_for(&corpus, "latin1.txt"), [&ProblemKind::NotUtf8]);
    assert_eq!(problem_for(&corpus, "empty.txt"), [&ProblemKind::Empty]);
    assert_eq!(problem_for(&corpus, "chrome-only.md"), [&ProblemKind::Empty]);
    assert_eq!(problem_for(&corpus, "image.txt"), [&ProblemKind::Binary]);
    assert!(matches!(problem_for(&corpus, "huge.txt")[..], [ProblemKind::TooLarge { .. }]));
    assert_eq!(problem_for(&corpus, "notes.pdf"), [&ProblemKind::Unsupported]);
    let shown: Vec<String> = corpus.problems.iter().map(ToString::to_string).collect();
    assert!(shown.iter().any(|p| p.starts_with("huge.txt: too large")), "{shown:?}");
}

#[test]
fn jsonl_problems_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines = [
        r#"{"id": "a", "title": "أ", "text": "نص المقال الأول عن القهوة اليمنية."}"#,
        r#"{"id": "b", "text": "نص مقطوع"#,
        r#"{"id": "c", "title": "بلا نص"}"#,
        r#"{"id": "a", "text": "نص يكرر معرفا سابقا."}"#,
        "",
        r#"{"id": 7, "text": "معرف رقمي لمقال عن بيت الحكمة."}"#,
        r#"{"text": "مقال بلا معرف ولا عنوان."}"#,
        r#"["not", "an", "object"]"#,
    ];
    write(d, "many.jsonl", lines.join("\n").as_bytes());
    let corpus = load(d).unwrap();
    let ids: Vec<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a", "7", "many:7"]);
    let by_line: Vec<(Option<usize>, String)> = corpus.problems.iter().map(|p| (p.line, p.to_string())).collect();
    assert!(by_line.iter().any(|(l, s)| *l == Some(2) && s.contains("malformed JSON")), "{by_line:?}");
    assert!(by_line.iter().any(|(l, s)| *l == Some(3) && s.contains("no \"text\"")), "{by_line:?}");
    assert!(by_line.iter().any(|(l, s)| *l == Some(4) && s.contains("duplicate id \"a\" (first in many.jsonl:1)")));
    assert!(by_line.iter().any(|(l, s)| *l == Some(8) && s.starts_with("many.jsonl:8:")), "{by_line:?}");
    assert_eq!(corpus.articles[2].title, "مقال بلا معرف ولا عنوان.");
}

#[test]
fn a_duplicate_id_across_files_keeps_the_first() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.jsonl", r#"{"id": "x.txt", "text": "النص الأول."}"#.as_bytes());
    write(dir.path(), "x.txt", ARTICLE.as_bytes());
    let corpus = load(dir.path()).unwrap();
    assert_eq!(corpus.articles.len(), 1);
    assert_eq!(corpus.articles[0].file, "a.jsonl");
    assert!(matches!(problem_for(&corpus, "x.txt")[..], [ProblemKind::DuplicateId { .. }]));
}

#[test]
fn a_missing_or_empty_corpus_is_an_error() {
    assert!(matches!(load(Path::new("/no/such/corpus")), Err(CorpusError::Missing(_))));
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(load(dir.path()), Err(CorpusError::Empty { .. })));
    write(dir.path(), "bad.txt", &[0xff, 0xfe]);
    match load(dir.path()) {
        Err(CorpusError::Empty { problems, .. }) => assert_eq!(problems.len(), 1),
        other => panic!("expected Empty, got {other:?}"),
    }
}

#[test]
fn a_broken_sidecar_is_reported_and_articles_still_load() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE.as_bytes());
    write(dir.path(), "sources.toml", b"[[article]\nfile = ");
    let corpus = load(dir.path()).unwrap();
    assert_eq!(corpus.articles[0].title, "عنوان المقال");
    assert_eq!(corpus.articles[0].source, "a");
    assert!(matches!(problem_for(&corpus, "sources.toml")[..], [ProblemKind::BadSidecar(_)]));
}

#[test]
fn hidden_files_and_folders_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE.as_bytes());
    std::fs::create_dir(dir.path().join(".trash")).unwrap();
    write(&dir.path().join(".trash"), "old.txt", ARTICLE.as_bytes());
    write(dir.path(), ".draft.txt", ARTICLE.as_bytes());
    let corpus = load(dir.path()).unwrap();
    assert_eq!(corpus.articles.len(), 1);
    assert!(corpus.problems.is_empty());
}

#[test]
fn seeds_load_with_their_metadata_and_without_page_chrome() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let corpus = Corpus::load(&seeds, LoadLimits::default(), SplitConfig::default()).unwrap();
    assert_eq!(corpus.articles.len(), 5);
    assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
    let sources: Vec<&str> = corpus.articles.iter().map(|a| a.source.as_str()).collect();
    assert_eq!(sources, ["ساسة بوست", "نون بوست", "داليا زيادة", "TRT عربي", "بروجيكت سنديكيت"]);
    for chrome in ["تابعنا", "زر الذهاب إلى الأعلى", "مقالات ذات صلة", "الرئيسة \\", "حقوق النشر"]
    {
        assert!(corpus.articles.iter().all(|a| !a.text.as_str().contains(chrome)), "{chrome}");
    }
    for (i, passage) in corpus.passages.iter().enumerate() {
        let article = corpus.article_of(passage);
        assert_eq!(corpus.passage_text(passage), &article.text.as_str()[passage.range.clone()]);
        let words = corpus.passage_text(passage).split_whitespace().count();
        assert!(words <= 160, "passage {i} has {words} words");
        if i > 0 && corpus.passages[i - 1].article == passage.article {
            assert_eq!(corpus.passages[i - 1].position + 1, passage.position);
            assert!(corpus.passages[i - 1].range.end <= passage.range.start);
        }
    }
}

#[test]
fn arabic_files_from_windows_load_in_their_own_encodings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (legacy, _, _) = encoding_rs::WINDOWS_1256.encode(ARTICLE);
    write(d, "ansi.txt", &legacy);
    let utf16: Vec<u8> = [0xff, 0xfe].into_iter().chain(ARTICLE.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    write(d, "notepad.txt", &utf16);
    write(d, "utf8.txt", ARTICLE.as_bytes());
    let corpus = load(d).expect("loads");
    assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
    let texts: Vec<String> =
        corpus.articles.iter().map(|a| String::from_utf8_lossy(a.text.as_bytes()).into_owned()).collect();
    assert_eq!(texts.len(), 3);
    assert!(texts.iter().all(|t| *t == texts[0]), "{texts:?}");
}

#[test]
fn a_page_saved_complete_loads_without_its_assets_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let page = "<html><head><title>النيل</title></head><body><article><p>نهر النيل أطول أنهار العالم ويصب في البحر المتوسط.</p></article></body></html>";
    write(d, "النيل.html", page.as_bytes());
    std::fs::create_dir(d.join("النيل_files")).unwrap();
    write(&d.join("النيل_files"), "ad.html", "<p>اشترك الآن في عرضنا الخاص للأخبار العاجلة</p>".as_bytes());
    write(&d.join("النيل_files"), "style.css", b"p { color: red }");
    std::fs::create_dir(d.join("notes")).unwrap();
    write(&d.join("notes"), "own.txt", ARTICLE.as_bytes());
    let corpus = load(d).expect("loads");
    let ids: Vec<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["notes/own.txt", "النيل.html"], "a folder of one's own is still read");
    assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
}
