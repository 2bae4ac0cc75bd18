//! The `isnad` binary end to end: `ask` (text and JSON contract), `check`, configuration errors.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn mini() -> PathBuf {
    root().join("tests/fixtures/mini")
}

/// The binary, run from the project root with a clean environment for Isnad's own variables.
fn isnad() -> Command {
    let mut cmd = Command::cargo_bin("isnad").expect("binary built");
    cmd.current_dir(root());
    for var in ["ISNAD_CORPUS_DIR", "ISNAD_ADMINS", "ISNAD_INDEX_DIR", "ISNAD_HTTP_ADDR", "RUST_LOG"] {
        cmd.env_remove(var);
    }
    cmd
}

fn ask_json(corpus: &Path, questions: &[&str]) -> Vec<Value> {
    let input = questions.join("\n") + "\n";
    let output = isnad().args(["ask", "--json", "--corpus"]).arg(corpus).write_stdin(input).assert().success();
    let stdout = String::from_utf8(output.get_output().stdout.clone()).expect("utf-8");
    stdout.lines().map(|l| serde_json::from_str(l).expect("one JSON object a line")).collect()
}

fn top(answer: &Value) -> (&str, &str) {
    let first = &answer["results"][0];
    (first["doc"].as_str().unwrap_or(""), first["excerpt"].as_str().unwrap_or(""))
}

#[test]
fn readme_question_gets_a_sourced_answer_from_the_seeds() {
    let output = isnad().args(["ask", "من يقود قوات حفظ السلام في كازاخستان؟"]).assert().success();
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(text.contains("1. «"), "{text}");
    assert!(text.contains("المصدر: "), "{text}");
    assert!(text.contains("قوات حفظ السلام"), "{text}");
}

#[test]
fn json_contract_has_every_field_and_one_line_per_question_in_order() {
    let questions = ["ما طول نهر النيل؟", "من أسس مكتبة الإسكندرية؟", "ما هي عاصمة أستراليا؟"];
    let answers = ask_json(&mini(), &questions);
    assert_eq!(answers.len(), 3);
    for (answer, question) in answers.iter().zip(questions) {
        assert_eq!(answer["question"], question);
        assert!(answer["answered"].is_boolean());
    }
    let result = &answers[0]["results"][0];
    for key in ["rank", "score", "source", "title", "doc", "excerpt"] {
        assert!(!result[key].is_null(), "missing {key}");
    }
    assert_eq!(result["rank"], 1);
    assert!(result["excerpt"].as_str().unwrap().chars().count() <= 500);
}

#[test]
fn the_right_passage_comes_first_on_our_own_corpus() {
    let cases = [
        ("ما طول نهر النيل؟", "nile.txt", "6650"),
        ("متى اكتمل بناء السد العالي في أسوان؟", "nile.txt", "1970"),
        ("أين ينبع النيل الأزرق؟", "nile.txt", "بحيرة تانا"),
        ("أين انتشر شرب القهوة أول مرة؟", "coffee.md", "اليمن"),
        ("شو اسم الميناء اللي كان يصدر البن اليمني؟", "coffee.md", "المخا"),
        ("من أسس مكتبة الإسكندرية؟", "lib-alexandria", "بطليموس"),
        ("من ألف كتاب الجبر والمقابلة؟", "lib-baghdad", "الخوارزمي"),
        ("متى دمر المغول بيت الحكمة؟", "lib-baghdad", "1258"),
    ];
    let questions: Vec<&str> = cases.iter().map(|c| c.0).collect();
    for (answer, (question, doc, phrase)) in ask_json(&mini(), &questions).iter().zip(cases) {
        assert_eq!(answer["answered"], true, "{question}");
        let (top_doc, excerpt) = top(answer);
        assert_eq!(top_doc, doc, "{question}");
        assert!(excerpt.contains(phrase), "{question}: {excerpt}");
    }
}

#[test]
fn questions_the_corpus_cannot_answer_get_no_answer() {
    let questions = ["من هو مخترع الهاتف؟", "كيف أطبخ الأرز بالحليب؟", "من فاز بكأس العالم لكرة القدم؟"];
    for answer in ask_json(&mini(), &questions) {
        assert_eq!(answer["answered"], false, "{answer}");
        assert_eq!(answer["results"].as_array().map(Vec::len), Some(0));
    }
}

/// Spelling transforms a reader may use: each must keep the top result of the clean question.
#[test]
fn nearest_shows_the_closest_passages_of_a_refused_question_without_calling_it_answered() {
    let ask = |args: &[&str], question: &str| -> Value {
        let output = isnad().args(["ask", "--json"]).args(args).arg(question).assert().success();
        serde_json::from_slice(&output.get_output().stdout).unwrap()
    };
    let refused = "ما هو أطول نهر في أفريقيا؟";
    let plain = ask(&[], refused);
    assert_eq!(plain["answered"], false);
    assert!(plain["results"].as_array().unwrap().is_empty());
    assert!(plain.get("tentative").is_none(), "{plain}");
    let nearest = ask(&["--nearest"], refused);
    assert_eq!(nearest["answered"], false, "still refused: {nearest}");
    assert_eq!(nearest["tentative"], true);
    assert_eq!(nearest["results"].as_array().unwrap().len(), 3, "{nearest}");
    assert_eq!(nearest["confidence"], plain["confidence"], "the refusal's own confidence");
    // An answered question is answered as without the flag; one no passage matches shows nothing.
    let answered = "من يقود قوات حفظ السلام في كازاخستان؟";
    let with_flag = ask(&["--nearest"], answered);
    assert_eq!(with_flag, ask(&[], answered));
    let text = isnad().args(["ask", "--nearest", refused]).assert().success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).to_string();
    assert!(text.starts_with("لم أجد ما يجيب عن سؤالك بوضوح") && text.contains("1. «"), "{text}");
    let unmatched = ask(&["--nearest"], "زززز ققققق");
    assert!(unmatched["results"].as_array().unwrap().is_empty() && unmatched.get("tentative").is_none());
}

#[test]
fn after_asks_a_follow_up_of_an_earlier_question() {
    let first = |args: &[&str]| -> String {
        let output = isnad().args(["ask", "--json"]).args(args).arg("وما الذي قاده قبل ذلك؟").assert().success();
        let answer: Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
        answer["results"][0]["excerpt"].as_str().unwrap_or("").to_string()
    };
    let follow_up = first(&["--after", "من يقود قوات حفظ السلام في كازاخستان؟"]);
    assert!(follow_up.contains("سيرديوكوف"), "{follow_up}");
    assert!(!first(&[]).contains("سيرديوكوف"), "alone, the question does not name him");
}

fn transforms(question: &str) -> Vec<String> {
    let diacritics: String = question
        .chars()
        .flat_map(|c| if ('\u{0628}'..='\u{064A}').contains(&c) { vec![c, '\u{064E}'] } else { vec![c] })
        .collect();
    let no_hamza: String = question.chars().map(|c| if matches!(c, 'أ' | 'إ' | 'آ') { 'ا' } else { c }).collect();
    let heh: String = question.replace('ة', "ه");
    let indic: String =
        question.chars().map(|c| c.to_digit(10).map_or(c, |d| char::from_u32(0x0660 + d).unwrap_or(c))).collect();
    let tatweel = question.replacen("ا", "ـا", 2);
    vec![diacritics, no_hamza, heh, indic, tatweel]
}

#[test]
fn spelling_variants_keep_the_top_result() {
    let questions = [
        "متى اكتمل بناء السد العالي في أسوان؟",
        "من أسس مكتبة الإسكندرية؟",
        "ما الميناء الذي صدر البن اليمني؟",
        "ماذا حدث لبيت الحكمة عام 1258؟",
    ];
    for question in questions {
        let mut all = vec![question.to_string()];
        all.extend(transforms(question));
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let answers = ask_json(&mini(), &refs);
        let expected = top(&answers[0]);
        assert!(!expected.0.is_empty(), "{question}");
        for (variant, answer) in all.iter().zip(&answers).skip(1) {
            assert_eq!(top(answer), expected, "{variant}");
        }
    }
}

#[test]
fn query_syntax_in_a_question_is_just_text() {
    let questions = ["\"السد\" AND (العالي): أسوان [1970] OR -النيل^2 ~ *", "title:النيل", ":", "\"\"\""];
    let answers = ask_json(&mini(), &questions);
    assert_eq!(answers.len(), 4);
    assert_eq!(answers[0]["answered"], true);
    assert_eq!(top(&answers[0]).0, "nile.txt");
    assert_eq!(answers[2]["answered"], false);
}

#[test]
fn metadata_comes_from_the_sidecar_jsonl_or_the_first_line() {
    let answers = ask_json(&mini(), &["ما طول نهر النيل؟", "ميناء المخا والبن", "بيت الحكمة المأمون"]);
    let first = |i: usize, key: &str| answers[i]["results"][0][key].as_str().unwrap_or("").to_string();
    assert_eq!(first(0, "source"), "مجلة الجغرافيا");
    assert_eq!(first(0, "title"), "نهر النيل شريان الحياة");
    assert_eq!(first(1, "source"), "مدونة التاريخ");
    assert_eq!(first(1, "title"), "قصة القهوة من اليمن إلى العالم");
    assert_eq!(first(2, "source"), "موسوعة المكتبات");
    assert_eq!(first(2, "title"), "بيت الحكمة في بغداد");
}

#[test]
fn top_flag_sets_the_number_of_results() {
    let output =
        isnad().args(["ask", "--json", "--top", "5", "--corpus"]).arg(mini()).arg("القرن العالم").assert().success();
    let answer: Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    let results = answer["results"].as_array().unwrap();
    assert!(results.len() > 3 && results.len() <= 5, "{}", results.len());
}

#[test]
fn corpus_dir_comes_from_the_environment() {
    let output = isnad()
        .env("ISNAD_CORPUS_DIR", mini())
        .args(["ask", "--json", "من ألف كتاب الجبر والمقابلة؟"])
        .assert()
        .success();
    let answer: Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
    assert_eq!(top(&answer).0, "lib-baghdad");
}

#[test]
fn check_reports_counts_of_the_seeds() {
    let output = isnad().arg("check").assert().success();
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(text.contains("articles: 5"), "{text}");
    assert!(text.contains("dated: 5"), "every seed article has its date in sources.toml: {text}");
    assert!(text.contains("passages: "), "{text}");
    assert!(text.contains("problems: 0"), "{text}");
}

#[test]
fn check_fails_when_nothing_loads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "   \n").unwrap();
    let output = isnad().args(["check", "--corpus"]).arg(dir.path()).assert().failure();
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(text.contains("empty.txt"), "{text}");
}

#[test]
fn a_missing_corpus_is_a_clear_error() {
    let output = isnad().args(["ask", "--corpus", "no/such/dir", "سؤال"]).assert().failure();
    let err = String::from_utf8(output.get_output().stderr.clone()).unwrap();
    assert!(err.contains("no/such/dir") && err.contains("does not exist"), "{err}");
}

#[test]
fn a_bad_config_value_names_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "[search]\ntop = 0\n").unwrap();
    let output = isnad().arg("--config").arg(&path).args(["ask", "سؤال"]).assert().failure();
    assert!(String::from_utf8_lossy(&output.get_output().stderr).contains("search.top"));
    std::fs::write(&path, "[search]\nmin_coverage = \"high\"\n").unwrap();
    let output = isnad().arg("--config").arg(&path).args(["ask", "سؤال"]).assert().failure();
    assert!(String::from_utf8_lossy(&output.get_output().stderr).contains("min_coverage"));
    let output = isnad().env("ISNAD_ADMINS", "12,x").args(["ask", "سؤال"]).assert().failure();
    assert!(String::from_utf8_lossy(&output.get_output().stderr).contains("admins"));
}

#[test]
fn eval_compare_scores_the_plain_baseline_beside_the_ranking() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        ("sea", "البحر الأحمر ممر مائي بين أفريقيا وآسيا تعبره السفن إلى قناة السويس."),
        ("desert", "الصحراء الكبرى أكبر صحراء حارة في العالم وتمتد عبر شمال أفريقيا."),
        ("river", "نهر النيل أطول أنهار أفريقيا ويصب في البحر المتوسط عند دلتا مصر."),
    ];
    let corpus: String = rows
        .iter()
        .map(|(id, text)| format!("{}\n", serde_json::json!({"id": id, "title": id, "text": text})))
        .collect();
    std::fs::create_dir(dir.path().join("corpus")).unwrap();
    std::fs::write(dir.path().join("corpus/c.jsonl"), corpus).unwrap();
    // Each question holds words its passage lacks (ما، هو): a plain score must still rank, not vanish.
    let qrels = [("ما هو الممر المائي الذي تعبره السفن إلى قناة السويس", "sea"), ("ما هي أكبر صحراء حارة", "desert")];
    let qrels: String = qrels.iter().map(|(q, doc)| format!("{}\n", serde_json::json!({"q": q, "doc": doc}))).collect();
    std::fs::write(dir.path().join("qrels.jsonl"), qrels).unwrap();
    let output = isnad()
        .args(["eval", "--compare", "--corpus"])
        .arg(dir.path().join("corpus"))
        .arg(dir.path().join("qrels.jsonl"))
        .assert()
        .success();
    let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let scores: Vec<&str> = stdout.lines().filter(|l| l.starts_with("questions")).collect();
    assert_eq!(scores.len(), 2, "{stdout}");
    for line in scores {
        assert!(line.contains("R@1 1.000"), "{stdout}");
    }
}

#[test]
fn what_is_new_lists_the_newest_dated_articles_first_and_an_undated_corpus_searches() {
    let dir = tempfile::tempdir().expect("temp dir");
    let line = |id: &str, date: Option<&str>, text: &str| {
        let mut article =
            serde_json::json!({"id": id, "title": format!("عنوان {id}"), "source": "وكالة", "text": text});
        if let Some(date) = date {
            article["date"] = date.into();
        }
        article.to_string()
    };
    let lines = [
        line("old", Some("2021-12-30"), "افتتح المتحف الوطني أبوابه للزوار بعد ترميم دام عامين."),
        line("newest", Some("2022-01-10"), "أعلنت الحكومة خطة جديدة لدعم المزارعين في الجنوب."),
        line("undated", None, "وصلت الأخبار الأخيرة عن المهرجان إلى كل المدن."),
        line("mid", Some("2022-01"), "سجلت الأسواق ارتفاعا في أسعار القمح هذا الشهر."),
    ];
    std::fs::write(dir.path().join("news.jsonl"), lines.join("\n") + "\n").expect("corpus written");
    let answers = ask_json(dir.path(), &["ما آخر الأخبار؟", "ما آخر الأخبار عن المهرجان؟"]);
    let docs = |answer: &Value| -> Vec<String> {
        answer["results"].as_array().unwrap().iter().map(|r| r["doc"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(answers[0]["answered"], true);
    assert_eq!(docs(&answers[0]), ["newest", "mid", "old"], "newest first, the undated one not listed");
    assert!(answers[0]["results"][0]["excerpt"].as_str().unwrap().starts_with("أعلنت الحكومة"));
    assert_eq!(docs(&answers[1])[0], "undated", "a subject is searched");

    let output = isnad().args(["ask", "--corpus"]).arg(dir.path()).arg("ما الجديد؟").assert().success();
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("إليك أحدث ما نُشر في المصادر"), "{text}");

    // Articles without a date (as ARCD's): the question is searched like any other.
    let undated = tempfile::tempdir().expect("temp dir");
    std::fs::write(undated.path().join("news.jsonl"), lines[2].clone() + "\n").expect("corpus written");
    let answer = &ask_json(undated.path(), &["ما آخر الأخبار؟"])[0];
    let output = isnad().args(["ask", "--corpus"]).arg(undated.path()).arg("ما آخر الأخبار؟").assert().success();
    let text = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    assert!(!text.starts_with("إليك أحدث"), "{text}");
    assert_eq!(docs(answer), ["undated"], "found by its words");
}

#[test]
fn a_corpus_directory_reads_saved_web_pages_and_sources_toml_names_them_first() {
    let dir = tempfile::tempdir().unwrap();
    let page = |title: &str, body: &str| {
        format!(
            "<html><head><meta charset=\"utf-8\"><meta property=\"og:title\" content=\"{title}\">\
             <meta property=\"og:site_name\" content=\"موقع العلوم\"><link rel=\"canonical\" href=\"https://example.org/{title}\">\
             </head><body><nav>الرئيسية</nav><article><p>{body}</p></article></body></html>"
        )
    };
    let nile = "نهر النيل أطول أنهار العالم، ويبلغ طوله نحو 6650 كيلومترا، ويصب في البحر الأبيض المتوسط.";
    let library = "أسس بطليموس الأول مكتبة الإسكندرية في القرن الثالث قبل الميلاد، وكانت أكبر مكتبات العالم القديم.";
    std::fs::write(dir.path().join("nile.html"), page("nile", nile)).unwrap();
    std::fs::write(dir.path().join("library.htm"), page("library", library)).unwrap();
    std::fs::write(
        dir.path().join("sources.toml"),
        "[[article]]\nfile = \"library.htm\"\nsource = \"مجلة التاريخ\"\ntitle = \"مكتبة الإسكندرية\"\n",
    )
    .unwrap();
    let answers = ask_json(dir.path(), &["كم يبلغ طول نهر النيل؟", "من أسس مكتبة الإسكندرية؟"]);
    assert_eq!(answers.len(), 2);
    let first = |i: usize| &answers[i]["results"][0];
    assert_eq!(top(&answers[0]).0, "nile.html");
    assert!(top(&answers[0]).1.contains("6650") && !top(&answers[0]).1.contains("الرئيسية"));
    assert_eq!((first(0)["source"].as_str(), first(0)["title"].as_str()), (Some("موقع العلوم"), Some("nile")));
    assert_eq!(top(&answers[1]).0, "library.htm");
    assert_eq!(
        (first(1)["source"].as_str(), first(1)["title"].as_str()),
        (Some("مجلة التاريخ"), Some("مكتبة الإسكندرية")),
        "sources.toml wins over the page"
    );
}

#[test]
fn a_corpus_directory_reads_word_documents() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let body = "<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>عن السد العالي</w:t></w:r></w:p>\
                <w:p><w:r><w:t xml:space=\"preserve\">بُني السد العالي في أسوان بين عامي 1960 و1970، </w:t></w:r>\
                <w:r><w:t>ويحجز خلفه بحيرة ناصر.</w:t></w:r></w:p></w:body></w:document>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(body.as_bytes()).unwrap();
    std::fs::write(dir.path().join("dam.docx"), zip.finish().unwrap().into_inner()).unwrap();
    std::fs::write(dir.path().join("broken.docx"), "not a zip").unwrap();
    let answers = ask_json(dir.path(), &["متى بني السد العالي؟"]);
    let first = &answers[0]["results"][0];
    assert_eq!(top(&answers[0]).0, "dam.docx");
    assert!(top(&answers[0]).1.contains("1960 و1970"), "{}", top(&answers[0]).1);
    assert_eq!(first["title"].as_str(), Some("عن السد العالي"), "untitled: its first line, as a text file's");
    let check = isnad().args(["check", "--corpus"]).arg(dir.path()).assert();
    let out = String::from_utf8(check.get_output().stdout.clone()).unwrap()
        + &String::from_utf8(check.get_output().stderr.clone()).unwrap();
    assert!(out.contains("broken.docx") && out.contains("not a readable Word document"), "{out}");
}
