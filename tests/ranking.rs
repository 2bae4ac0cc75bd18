//! Re-ranking behaviour that needs a real index: what a question's kind adds to the ranking.

use std::path::Path;

use isnad::answer::{ask, AskOptions, Question};
use isnad::config::Config;
use isnad::reload::build_index;
use isnad::search::SearchIndex;

/// Two passages about the same writer: a short one that says where, a longer one that says when.
const CORPUS: &str = r#"{"id": "where", "title": "سيرة الكاتب", "text": "ولد الكاتب سليم في حي الجمالية بالقاهرة، وفي الحي نفسه ولد أكثر أبطال رواياته."}
{"id": "when", "title": "حياة سليم", "text": "يقول المؤرخون إن الكاتب سليم ولد عام 1911 في أسرة متوسطة الحال، ثم درس الفلسفة وعمل موظفا."}
{"id": "other", "title": "الطقس", "text": "تشهد البلاد موجة حر شديدة هذا الأسبوع مع ارتفاع درجات الحرارة إلى 45 درجة في بعض المدن الداخلية."}
"#;

fn index(dir: &Path) -> SearchIndex {
    std::fs::write(dir.join("writers.jsonl"), CORPUS).unwrap();
    let config = Config { corpus_dir: dir.to_path_buf(), ..Config::default() };
    build_index(&config).unwrap().0
}

fn first(index: &SearchIndex, q: &str, options: &AskOptions) -> String {
    let answer = ask(index, &Question::parse(q, 1000), options, 0).unwrap();
    answer.hits[0].doc.clone()
}

#[test]
fn a_when_question_prefers_the_passage_with_a_date_beside_its_words() {
    let dir = tempfile::tempdir().unwrap();
    let index = index(dir.path());
    let without = AskOptions { answer_type_weight: 0.0, ..AskOptions::default() };
    assert_eq!(first(&index, "متى ولد الكاتب سليم؟", &without), "where", "the word counts alone favour 'where'");
    assert_eq!(first(&index, "متى ولد الكاتب سليم؟", &AskOptions::default()), "when");
    assert_eq!(first(&index, "أين ولد الكاتب سليم؟", &AskOptions::default()), "where", "no kind, no bonus");
}
