//! Ranking behaviour that needs a real index: question terms, the first stage, and re-ranking.

use std::path::Path;

use isnad::answer::{ask, Question};
use isnad::config::Config;
use isnad::engine::Engine;
use isnad::pipeline::query::query_terms;
use isnad::pipeline::SearchOptions;
use isnad::rank::QueryTerm;
use isnad::reload::build_index;
use isnad::search::{SearchIndex, TermField, WeightedTerm};

/// Two passages about the same writer: a short one that says where, a longer one that says when.
const CORPUS: &str = r#"{"id": "where", "title": "سيرة الكاتب", "text": "ولد الكاتب سليم في حي الجمالية بالقاهرة، وفي الحي نفسه ولد أكثر أبطال رواياته."}
{"id": "when", "title": "حياة سليم", "text": "يقول المؤرخون إن الكاتب سليم ولد عام 1911 في أسرة متوسطة الحال، ثم درس الفلسفة وعمل موظفا."}
{"id": "other", "title": "الطقس", "text": "تشهد البلاد موجة حر شديدة هذا الأسبوع مع ارتفاع درجات الحرارة إلى 45 درجة في بعض المدن الداخلية."}
"#;

/// An index of `corpus` (JSONL), written into `dir` as its only file.
fn engine_of(dir: &Path, corpus: &str) -> Engine {
    std::fs::write(dir.join("corpus.jsonl"), corpus).unwrap();
    let config = Config { corpus_dir: dir.to_path_buf(), ..Config::default() };
    Engine::new(build_index(&config).unwrap().0)
}

/// The index term of `word`.
fn analysed(index: &SearchIndex, word: &str) -> String {
    index.analyzer().terms(word).remove(0).term
}

fn first(engine: &Engine, q: &str, options: &SearchOptions) -> String {
    let answer = ask(engine, &Question::parse(q, 1000), &[], options, 0).unwrap();
    answer.hits[0].doc.clone()
}

#[test]
fn a_when_question_prefers_the_passage_with_a_date_beside_its_words() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), CORPUS);
    let without = SearchOptions { answer_type_weight: 0.0, ..SearchOptions::default() };
    assert_eq!(first(&engine, "متى ولد الكاتب سليم؟", &without), "where", "the word counts alone favour 'where'");
    assert_eq!(first(&engine, "متى ولد الكاتب سليم؟", &SearchOptions::default()), "when");
    assert_eq!(first(&engine, "أين ولد الكاتب سليم؟", &SearchOptions::default()), "where", "no kind, no bonus");
}

/// A passage repeating one question word, one holding both question words once, and passages that
/// make the second word commoner (so BM25 alone prefers the rarer word repeated).
const REPEAT_OR_BOTH: &str = r#"{"id": "repeat", "title": "تقرير", "text": "النهر طويل والنهر عميق والنهر واسع والنهر هادئ والنهر جميل والنهر قديم في البلاد."}
{"id": "both", "title": "تقرير", "text": "عبر الناس النهر فوق الجسر الجديد صباح اليوم في موكب كبير حضره سكان البلاد كلهم."}
{"id": "c1", "title": "خبر", "text": "افتتحت البلدية الجسر بعد سنوات من العمل المتواصل في وسط المدينة القديمة."}
{"id": "c2", "title": "خبر", "text": "أغلق الجسر أمام السيارات بسبب أعمال الصيانة الدورية طوال الأسبوع المقبل."}
{"id": "c3", "title": "خبر", "text": "يمتد الطريق بين ضفتي الوادي ويختصر المسافة على المسافرين إلى العاصمة."}
"#;

#[test]
fn the_presence_bonus_hands_re_ranking_the_passages_holding_more_of_the_question() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), REPEAT_OR_BOTH);
    let index = &engine.index;
    let order = |presence_weight: f32| {
        let terms: Vec<WeightedTerm> = ["نهر", "جسر"]
            .iter()
            .map(|&term| {
                let idf = index.idf(index.doc_freq(term));
                WeightedTerm { field: TermField::Body, term: term.into(), weight: 1.0, presence: presence_weight * idf }
            })
            .collect();
        let found = index.search(&terms, 0.0, 2).unwrap();
        found
            .iter()
            .map(|p| index.corpus().article_of(&index.corpus().passages[p.pid as usize]).id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(order(0.0)[0], "repeat", "BM25 alone rewards repeating the rarer word");
    assert_eq!(order(SearchOptions::default().presence_weight)[0], "both");
}

/// Passages for the question-term tests: a writer's name, a word's meaning, and the frame nouns.
const WORDS: &str = r#"{"id": "writer", "title": "أدب", "text": "كتب جبران خليل جبران النبي بالإنجليزية ونشره عام 1923 في نيويورك."}
{"id": "meaning", "title": "لغة", "text": "كلمة أوربا أصلها إغريقي وتعني الوجه العريض في معنى قديم."}
"#;

fn term<'q>(query: &'q [QueryTerm], word: &str, index: &SearchIndex) -> &'q QueryTerm {
    let analysed = analysed(index, word);
    query.iter().find(|q| q.term == analysed).unwrap()
}

#[test]
fn words_that_frame_the_question_keep_part_of_their_idf() {
    // A noun naming the kind of answer (ما معنى كلمة X؟) and a verb saying only that something happened
    // (ماذا حدث في X؟): the answering passage need not write them (a passage writing حدث, or تحدث, which
    // stems alike, is no better for "what happened").
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), WORDS);
    let index = &engine.index;
    let options = SearchOptions::default();
    let full = |word: &str| index.idf(index.doc_freq(&analysed(index, word)));
    for (question, frames) in [("ما معنى كلمة أوربا؟", &["معنى", "كلمة"][..]), ("ماذا حدث في أوربا؟", &["حدث"][..])]
    {
        let query = query_terms(index, question, &options);
        for frame in frames {
            let idf = term(&query, frame, index).idf;
            assert!((idf - options.frame_weight * full(frame)).abs() < 1e-6, "{question}: {frame}");
        }
        assert_eq!(term(&query, "أوربا", index).idf, full("أوربا"), "{question}: the subject keeps all of it");
    }
    let asked = query_terms(index, "متى حدث ذلك في أوربا؟", &options);
    assert_eq!(term(&asked, "حدث", index).idf, full("حدث"), "elsewhere حدث asks about the event");
}

#[test]
fn a_word_behind_a_preposition_also_looks_for_the_bare_word() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), WORDS);
    let index = &engine.index;
    let options = SearchOptions::default();
    let query = query_terms(index, "في أي عام نُشر كتاب النبي لجبران؟", &options);
    let bare = analysed(index, "جبران");
    let asked = term(&query, "لجبران", index);
    assert!(asked.alternatives.contains(&(bare.clone(), options.fuzzy_weight)), "{:?}", asked.alternatives);
    let answer = ask(&engine, &Question::parse("في أي عام نُشر كتاب النبي لجبران؟", 1000), &[], &options, 0).unwrap();
    assert_eq!(answer.hits[0].doc, "writer");
    let plain = SearchOptions { fuzzy_weight: 0.0, short_fuzzy_weight: 0.0, ..options };
    let query = query_terms(index, "في أي عام نُشر كتاب النبي لجبران؟", &plain);
    assert!(!term(&query, "لجبران", index).alternatives.iter().any(|(t, _)| *t == bare), "off with near spellings");
}

/// A school in one passage, a hall opened in another.
const SHORT_STEM: &str = r#"{"id": "school", "title": "خبر", "text": "تستقبل المدرسة الجديدة الطلاب والمعلمين منذ يوم السبت الماضي."}
{"id": "hall", "title": "خبر", "text": "افتتحت القاعة الكبرى أمس بحضور الوزير."}
"#;

#[test]
fn a_slip_in_a_four_letter_stem_finds_its_word_at_a_lower_weight() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), SHORT_STEM);
    let index = &engine.index;
    let options = SearchOptions { min_confidence: 0.0, ..SearchOptions::default() };
    let (slip, right) = (analysed(index, "المدرصة"), analysed(index, "المدرسة"));
    assert_eq!((slip.chars().count(), index.doc_freq(&slip)), (4, 0), "a four-letter stem the corpus lacks");
    let question = "متى افتتحت المدرصة؟";
    let found = |options: &SearchOptions| -> Vec<String> {
        let answer = ask(&engine, &Question::parse(question, 1000), &[], options, 0).unwrap();
        answer.hits.into_iter().map(|h| h.doc).collect()
    };
    let query = query_terms(index, question, &options);
    assert_eq!(term(&query, "المدرصة", index).alternatives, vec![(right, options.short_fuzzy_weight)]);
    assert!(options.short_fuzzy_weight < options.fuzzy_weight);
    assert_eq!(found(&options), ["hall", "school"], "the word asked at full weight still leads");
    let off = SearchOptions { short_fuzzy_weight: 0.0, ..options };
    assert!(term(&query_terms(index, question, &off), "المدرصة", index).alternatives.is_empty());
    assert_eq!(found(&off), ["hall"], "without it nothing leads to the school");
}

/// A ministry written with the article in one passage, a visit (زار, the stem of وزارة read with its و
/// as the conjunction) in another, and a verb in the singular in a third.
const WAW_WORDS: &str = r#"{"id": "ministry", "title": "خبر", "text": "أعلنت الوزارة أمس خطة جديدة لإصلاح المدارس في الأرياف."}
{"id": "arrived", "title": "خبر", "text": "وصل الوفد إلى المطار مساء الخميس بعد رحلة طويلة."}
{"id": "visit", "title": "خبر", "text": "زار المحافظ المدارس في الأرياف أمس واستمع إلى المعلمين."}
{"id": "airport", "title": "خبر", "text": "أغلق المطار أمس بسبب العاصفة وتأخرت الرحلات إلى المطار المجاور."}
"#;

#[test]
fn a_word_with_its_own_leading_waw_finds_the_passages_that_write_it_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), WAW_WORDS);
    let index = &engine.index;
    let options = SearchOptions::default();
    // وزارة without the article stems as زار (its و read as the conjunction), which the corpus holds as a
    // verb; the other reading finds الوزارة.
    assert!(index.doc_freq(&analysed(index, "وزارة")) > 0);
    let query = query_terms(index, "ماذا أعلنت وزارة المدارس؟", &options);
    let asked = term(&query, "وزارة", index);
    assert!(
        asked.alternatives.contains(&(analysed(index, "الوزارة"), options.fuzzy_weight)),
        "{:?}",
        asked.alternatives
    );
    assert_eq!(first(&engine, "ماذا أعلنت وزارة المدارس؟", &options), "ministry");
    // وصلوا (they arrived) meets وصل (he arrived): its و is the verb's own.
    let arrived = ask(&engine, &Question::parse("متى وصلوا إلى المطار؟", 1000), &[], &options, 0).unwrap();
    assert_eq!(arrived.hits[0].doc, "arrived");
    assert!(arrived.answered, "{:?}", arrived.confidence);
    let plain = SearchOptions { fuzzy_weight: 0.0, ..options };
    let query = query_terms(index, "ماذا أعلنت وزارة المدارس؟", &plain);
    let alternatives = &term(&query, "وزارة", index).alternatives;
    assert!(!alternatives.iter().any(|(t, _)| *t == analysed(index, "الوزارة")), "off with near spellings");
}

/// A mechanism written with its madda and no article, thousands written without the madda, and passages
/// on other things that share the question's other words.
const ALEF_LAM_WORDS: &str = r#"{"id": "mechanism", "title": "خبر", "text": "أقر المجلس آلية جديدة لتوزيع المساعدات على المدن المتضررة."}
{"id": "thousands", "title": "خبر", "text": "خرج الالاف إلى الشوارع مطالبين بخفض الأسعار."}
{"id": "aid", "title": "خبر", "text": "وصلت المساعدات إلى المدن المتضررة صباح أمس بعد تأخر طويل."}
{"id": "prices", "title": "خبر", "text": "ارتفعت الأسعار في الشوارع التجارية خلال الشهر الماضي."}
{"id": "letter", "title": "خبر", "text": "أرسل المجلس رسالة إليه يطلب فيها التوزيع العادل."}
"#;

#[test]
fn a_word_beginning_with_alef_lam_of_its_own_is_found_with_or_without_the_article_and_the_madda() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), ALEF_LAM_WORDS);
    let options = SearchOptions::default();
    let index = &engine.index;
    // The corpus writes آلية; the question writes the article, or drops the madda.
    assert!(index.doc_freq(&analysed(index, "الآلية")) > 0, "the article's آلية is the corpus's");
    let query = query_terms(index, "ما هي الالية لتوزيع المساعدات؟", &options);
    let asked = term(&query, "الالية", index);
    assert!(asked.alternatives.contains(&(analysed(index, "آلية"), options.fuzzy_weight)), "{:?}", asked.alternatives);
    for question in ["ما هي الآلية لتوزيع المساعدات؟", "ما هي الالية لتوزيع المساعدات؟", "ما الية توزيع المساعدات؟"]
    {
        assert_eq!(first(&engine, question, &options), "mechanism", "{question}");
    }
    // The corpus writes الالاف without the madda; the question writes الآلاف.
    let query = query_terms(index, "هل خرج الآلاف إلى الشوارع؟", &options);
    let asked = term(&query, "الآلاف", index);
    assert!(asked.alternatives.contains(&(analysed(index, "الالاف"), options.fuzzy_weight)), "{:?}", asked.alternatives);
    assert_eq!(first(&engine, "هل خرج الآلاف إلى الشوارع؟", &options), "thousands");
    // A reading of two letters is none: آلية's article reading (يه) is إليه's too.
    assert!(index.doc_freq(&analysed(index, "إليه")) > 0 && analysed(index, "إليه").chars().count() == 2);
    let query = query_terms(index, "ما هي آلية التوزيع؟", &options);
    assert!(term(&query, "آلية", index).alternatives.iter().all(|(t, _)| t.chars().count() >= 3));
}

/// One passage writes القائد, none writes يقود: the root is the only way from the question to it.
const ROOT_ONLY: &str = r#"{"id": "leader", "title": "خبر", "text": "وصل القائد العسكري إلى العاصمة صباح اليوم على رأس قوة صغيرة."}
{"id": "city", "title": "خبر", "text": "العاصمة مدينة كبيرة يسكنها ملايين الناس منذ قرون طويلة."}
{"id": "sea", "title": "خبر", "text": "البحر هادئ اليوم والصيادون يخرجون إلى الشاطئ مبكرا."}
"#;

#[test]
fn a_question_word_the_corpus_never_writes_finds_its_passages_through_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), ROOT_ONLY);
    let options = SearchOptions { min_confidence: 0.0, ..SearchOptions::default() };
    let query = query_terms(&engine.index, "من يقود العاصمة؟", &options);
    assert!(!term(&query, "يقود", &engine.index).in_corpus());
    assert!(term(&query, "العاصمة", &engine.index).in_corpus());
    assert_eq!(first(&engine, "من يقود؟", &options), "leader");
    let no_roots = SearchOptions { root_weight: 0.0, ..options };
    let answer = ask(&engine, &Question::parse("من يقود؟", 1000), &[], &no_roots, 0).unwrap();
    assert!(answer.hits.is_empty(), "without roots nothing holds the question: {:?}", answer.hits);
}

/// The seed articles' index.
/// Whether `q` is answered from `engine` (default options), and the passages it quotes.
fn answered_passages(engine: &Engine, q: &str) -> (bool, Vec<u32>) {
    let answer = ask(engine, &Question::parse(q, 1000), &[], &SearchOptions::default(), 0).unwrap();
    (answer.answered, answer.hits.iter().map(|h| h.passage).collect())
}

fn seeds_engine() -> Engine {
    let config = Config { corpus_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/seeds").into(), ..Config::default() };
    Engine::new(build_index(&config).unwrap().0)
}

#[test]
fn a_request_frame_or_courtesy_around_a_question_changes_neither_its_passages_nor_its_answer() {
    let engine = seeds_engine();
    let asked = |q: &str| answered_passages(&engine, q);
    let questions = ["من يقود قوات حفظ السلام في كازاخستان؟", "لماذا ارتفعت أسعار الغاز؟", "متى بدأت الاحتجاجات؟"];
    let frames = [
        "لو سمحت،",
        "من فضلك",
        "هل يمكنك أن تخبرني",
        "أريد أن أعرف",
        "ممكن تقول لي",
        "ودي أعرف",
        "هل تعرف",
        "السلام عليكم،",
        "مرحبا، لو سمحت",
        "عندي سؤال بسيط:",
        "مرحبا، لدي سؤال، لو سمحت",
    ];
    for question in questions {
        let plain = asked(question);
        assert!(plain.0, "{question}");
        for frame in frames {
            let framed = format!("{frame} {question}");
            assert_eq!(asked(&framed), plain, "{framed}");
        }
        let thanked = format!("{question} شكرا جزيلا");
        assert_eq!(asked(&thanked), plain, "{thanked}");
    }
}

#[test]
fn a_link_or_username_beside_a_question_changes_neither_its_passages_nor_its_answer() {
    let engine = seeds_engine();
    let asked = |q: &str| answered_passages(&engine, q);
    for question in ["من يقود قوات حفظ السلام في كازاخستان؟", "لماذا ارتفعت أسعار الغاز؟"]
    {
        let plain = asked(question);
        assert!(plain.0, "{question}");
        for pasted in [
            format!("@isnad_bot {question}"),
            format!("{question} https://www.aljazeera.net/news/2022/1/6/kazakhstan-protests"),
            format!("{question} (www.example.com/a?b=c) @some_friend"),
        ] {
            assert_eq!(asked(&pasted), plain, "{pasted}");
        }
    }
    let link = asked("https://www.aljazeera.net/news/2022/1/6/kazakhstan-protests");
    assert_eq!(link, (false, Vec::new()), "a link alone asks nothing");
}

#[test]
fn an_imperative_request_finds_what_its_subject_alone_finds() {
    let engine = seeds_engine();
    let asked = |q: &str| answered_passages(&engine, q);
    let subjects = ["أسباب الاحتجاجات في كازاخستان", "سيرديوكوف", "منظمة معاهدة الأمن الجماعي"];
    let requests = ["اذكر", "أعطني معلومات عن", "عرّف", "تحدث عن", "لو سمحت، لخص", "نبذة عن", "ماذا تعرف عن"];
    for subject in subjects {
        let plain = asked(subject);
        assert!(plain.0, "{subject}");
        for request in requests {
            let framed = format!("{request} {subject}");
            assert_eq!(asked(&framed), plain, "{framed}");
        }
    }
    // "هل صحيح أن" asks about the statement after it.
    let statement = asked("روسيا أرسلت جنودا إلى كازاخستان");
    assert_eq!(asked("هل صحيح أن روسيا أرسلت جنودا إلى كازاخستان؟"), statement);
}

#[test]
fn asking_whether_something_exists_finds_what_the_thing_alone_finds() {
    // يوجد / توجد say only "there is", as كان says only "was": a passage writing them is no answer.
    let engine = seeds_engine();
    let asked = |q: &str| answered_passages(&engine, q);
    for (thing, question) in [("نفط في كازاخستان", "هل يوجد نفط في كازاخستان؟"), ("قوات روسية", "هل توجد قوات روسية؟")]
    {
        let plain = asked(thing);
        assert!(plain.0, "{thing}");
        assert_eq!(asked(question), plain, "{question}");
    }
}

#[test]
fn a_dialect_question_and_a_plural_verb_find_the_passage_a_standard_singular_one_does() {
    let engine = seeds_engine();
    let options = SearchOptions::default();
    let standard = ask(&engine, &Question::parse("كم عدد الجنود الذين وصلوا؟", 1000), &[], &options, 0).unwrap();
    assert!(standard.answered, "{:?}", standard.confidence);
    assert!(standard.hits[0].excerpt.contains("وصل آلاف الجنود"), "{}", standard.hits[0].excerpt);
    for q in ["قديش عدد الجنود اللي وصلوا؟", "شحال عدد الجنود اللي وصلوا؟"]
    {
        let answer = ask(&engine, &Question::parse(q, 1000), &[], &options, 0).unwrap();
        assert!(answer.answered, "{q}: {:?}", answer.confidence);
        assert_eq!(answer.hits[0].passage, standard.hits[0].passage, "{q}");
    }
}

#[test]
fn a_dialect_marker_on_the_verb_finds_what_the_plain_verb_finds() {
    let engine = seeds_engine();
    let options = SearchOptions::default();
    let first = |q: &str| {
        let answer = ask(&engine, &Question::parse(q, 1000), &[], &options, 0).unwrap();
        assert!(answer.answered, "{q}: {:?}", answer.confidence);
        answer.hits[0].passage
    };
    // The seeds never write يقود: only its root (قاد، قائد) meets it, and a marker is no letter of it.
    let plain = first("مين يقود القوات؟");
    for q in ["شكون اللي كيقود القوات؟", "مين حيقود القوات؟", "مين هيقود القوات؟"]
    {
        assert_eq!(first(q), plain, "{q}");
    }
}

#[test]
fn a_question_word_left_at_the_end_asks_for_the_same_kind() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), CORPUS);
    let options = SearchOptions::default();
    assert_eq!(first(&engine, "الكاتب المصري سليم ولد امتى؟", &options), "when");
    assert_eq!(first(&engine, "الكاتب المصري سليم ولد فين؟", &options), "where");
}

fn docs_of(engine: &Engine, q: &str) -> (bool, Vec<String>) {
    let answer = ask(engine, &Question::parse(q, 1000), &[], &SearchOptions::default(), 0).unwrap();
    (answer.answered, answer.hits.iter().map(|h| h.doc.clone()).collect())
}

#[test]
fn a_message_asking_two_questions_quotes_each_ones_best_passage_first() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), CORPUS);
    let (where_q, weather_q) = ("أين ولد الكاتب سليم؟", "كيف الحرارة في المدن هذا الأسبوع؟");
    let (_, born) = docs_of(&engine, where_q);
    let (_, weather) = docs_of(&engine, weather_q);
    assert_eq!((born[0].as_str(), weather[0].as_str()), ("where", "other"));
    let (answered, both) = docs_of(&engine, &format!("{where_q} و{weather_q}"));
    assert!(answered);
    assert_eq!(both[..2], ["where", "other"], "each question's first passage, in the order asked");
    assert_eq!(both.len(), 3, "then the rest in turns, each passage once");
    assert_eq!(both[2], "when");
    // The same two asked in one sentence, the second joined by و and a question word.
    let (answered, joined) = docs_of(&engine, "أين ولد الكاتب سليم وكيف الحرارة في المدن هذا الأسبوع؟");
    assert!(answered);
    assert_eq!(joined, both);
}

#[test]
fn a_question_of_the_message_the_corpus_does_not_answer_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), CORPUS);
    let alone = docs_of(&engine, "متى ولد الكاتب سليم؟");
    assert!(alone.0);
    let message = "متى ولد الكاتب سليم؟ ومن فاز بكأس العالم لكرة القدم؟";
    assert_eq!(docs_of(&engine, message), alone);
    let answer = ask(&engine, &Question::parse(message, 1000), &[], &SearchOptions::default(), 0).unwrap();
    assert_eq!(answer.unanswered, ["ومن فاز بكأس العالم لكرة القدم؟"], "and the reply names it");
    let one = ask(&engine, &Question::parse("متى ولد الكاتب سليم؟", 1000), &[], &SearchOptions::default(), 0).unwrap();
    assert!(one.unanswered.is_empty());
    let (answered, none) = docs_of(&engine, "من فاز بكأس العالم لكرة القدم؟ وما عاصمة اليابان؟");
    assert!(!answered && none.is_empty());
}

/// Two passages on one disease: one defines it, the other names it more often.
const DEFINED: &str = r#"{"id": "mentions", "title": "أخبار", "text": "انتشر الجرب في عدد من المدارس الابتدائية هذا الشهر، وقالت الوزارة في بيان إن علاج الجرب متوفر مجانا في المستشفيات الحكومية والمراكز الصحية."}
{"id": "defines", "title": "أمراض", "text": "الجرب هو مرض جلدي معد تسببه حشرة صغيرة تحفر تحت الجلد."}
{"id": "other", "title": "الطقس", "text": "تشهد البلاد موجة حر شديدة هذا الأسبوع مع ارتفاع درجات الحرارة في المدن الداخلية."}
"#;

#[test]
fn asking_what_something_is_prefers_the_passage_that_defines_it() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), DEFINED);
    let off = SearchOptions { definition_weight: 0.0, ..SearchOptions::default() };
    assert_eq!(first(&engine, "ما هو الجرب؟", &off), "mentions", "the word counts alone favour 'mentions'");
    assert_eq!(first(&engine, "ما هو الجرب؟", &SearchOptions::default()), "defines");
    assert_eq!(first(&engine, "أين يتوفر علاج الجرب؟", &SearchOptions::default()), "mentions", "no definition asked");
}

#[test]
fn passages_of_equal_score_are_cut_in_passage_order_however_the_index_is_split() {
    // Forty articles alike: which thirty make the cut must not depend on which indexing thread took which
    // (the search settles ties at its cut within a margin of half the limit, or ten passages, past it).
    let dir = tempfile::tempdir().unwrap();
    let corpus: String = (0..40)
        .map(|i| format!("{{\"id\": \"a{i}\", \"title\": \"خبر\", \"text\": \"اجتمع المجلس البلدي أمس لبحث ميزانية المدينة.\"}}\n"))
        .collect();
    std::fs::write(dir.path().join("corpus.jsonl"), corpus).unwrap();
    let mut config = Config { corpus_dir: dir.path().to_path_buf(), ..Config::default() };
    config.search.index_threads = 2;
    let index = build_index(&config).unwrap().0;
    let term = analysed(&index, "ميزانية");
    let terms = [WeightedTerm { field: TermField::Body, term, weight: 1.0, presence: 1.0 }];
    let found: Vec<u32> = index.search(&terms, 0.0, 30).unwrap().iter().map(|p| p.pid).collect();
    assert_eq!(found, (0..30).collect::<Vec<u32>>());
}

/// One wire story run by two outlets, and another passage on the same subject.
const COPIES: &str = r#"{"id": "okaz-1", "title": "افتتاح جسر الملك", "source": "عكاظ", "text": "افتتح أمير المنطقة صباح اليوم جسر الملك الجديد الذي يربط شمال المدينة بجنوبها بطول ثلاثة كيلومترات، بتكلفة بلغت مليار ريال، ويخدم أكثر من مئة ألف مركبة يوميا."}
{"id": "riyadh-1", "title": "أمير المنطقة يفتتح الجسر", "source": "الرياض", "text": "افتتح أمير المنطقة، صباح اليوم، جسر الملك الجديد الذي يربط شمال المدينة بجنوبها بطول ثلاثة كيلومترات بتكلفة بلغت مليار ريال ويخدم أكثر من مئة ألف مركبة يوميا."}
{"id": "watan-1", "title": "زحام قرب الجسر", "source": "الوطن", "text": "شهدت الطرق المؤدية إلى جسر الملك زحاما كبيرا بعد افتتاحه، وطالب السكان بتنظيم حركة المرور عند مداخل الجسر في ساعات الذروة."}
"#;

#[test]
fn a_story_two_outlets_ran_is_quoted_once_naming_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), COPIES);
    let options = SearchOptions::default();
    let answer = ask(&engine, &Question::parse("متى افتتح جسر الملك؟", 1000), &[], &options, 0).unwrap();
    let docs: Vec<&str> = answer.hits.iter().map(|h| h.doc.as_str()).collect();
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert!(docs.contains(&"watan-1"), "{docs:?}");
    let story = answer.hits.iter().find(|h| h.doc != "watan-1").unwrap();
    let other = if story.doc == "okaz-1" { "riyadh-1" } else { "okaz-1" };
    assert_eq!(story.also.iter().map(|a| a.doc.as_str()).collect::<Vec<_>>(), [other]);
    assert!(!answer.has_more);

    let unfolded = SearchOptions { fold_copies: false, ..options };
    let all = ask(&engine, &Question::parse("متى افتتح جسر الملك؟", 1000), &[], &unfolded, 0).unwrap();
    assert_eq!(all.hits.len(), 3, "without folding each copy is a result");
    assert!(all.hits.iter().all(|h| h.also.is_empty()));
}

/// One passage that says it in one sentence, one that holds the same words (one of them twice) in
/// sentences about other things.
const TOGETHER: &str = r#"{"id": "together", "title": "اقتصاد", "text": "قال التجار إن ارتفاع أسعار الوقود في المدينة جاء بعد قرار الحكومة رفع الدعم عن المحروقات منذ بداية الشهر الجاري. وطالبت النقابات بزيادة الرواتب لتعويض العمال عن الغلاء، ودعت الغرفة التجارية إلى حوار مع الوزارة حول الضرائب الجديدة على السلع المستوردة والخدمات."}
{"id": "scattered", "title": "اقتصاد", "text": "شهدت المدينة ازدحاما كبيرا اليوم مع افتتاح المهرجان السنوي في الساحات العامة. وتحدث المنظمون عن الوقود اللازم للمولدات التي تضيء الشوارع. وأعلنت البلدية ارتفاع عدد الزوار مقارنة بالعام الماضي. وأكد التجار أن أسعار الأطعمة في الأسواق بقيت مناسبة، وأن الوقود متوفر. وقالت الشرطة إن أسعار تذاكر الحافلات لم تتغير."}
{"id": "other", "title": "الطقس", "text": "تشهد البلاد موجة حر شديدة هذا الأسبوع مع ارتفاع درجات الحرارة في المدن الداخلية."}
{"id": "other2", "title": "رياضة", "text": "فاز الفريق المحلي في المباراة النهائية أمام جمهور كبير في ملعب المدينة."}
"#;

#[test]
fn a_passage_holding_the_question_within_one_sentence_outranks_one_holding_it_scattered() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), TOGETHER);
    let q = "ارتفاع أسعار الوقود في المدينة";
    // Proximity off, so only the new bonus sees where the words stand.
    let near_off = SearchOptions { proximity_weight: 0.0, ..SearchOptions::default() };
    let both_off = SearchOptions { together_weight: 0.0, ..near_off };
    assert_eq!(first(&engine, q, &both_off), "scattered", "word counts alone favour 'scattered'");
    assert_eq!(first(&engine, q, &near_off), "together");
    assert_eq!(first(&engine, q, &SearchOptions::default()), "together");
}

/// Two writers, each with a passage on where they were born and one on their work.
const WRITERS: &str = r#"{"id": "taha-born", "title": "طه حسين", "text": "ولد طه حسين في قرية الكيلو بمحافظة المنيا سنة 1889، وفقد بصره صغيرا."}
{"id": "taha-work", "title": "طه حسين", "text": "كتب طه حسين الأيام، وتولى وزارة المعارف، ولقب بعميد الأدب العربي."}
{"id": "naguib-born", "title": "نجيب محفوظ", "text": "ولد نجيب محفوظ في حي الجمالية بالقاهرة سنة 1911، وكان أصغر إخوته."}
{"id": "naguib-work", "title": "نجيب محفوظ", "text": "كتب نجيب محفوظ الثلاثية، ونال جائزة نوبل في الأدب عام 1988."}
"#;

#[test]
fn a_follow_up_is_ranked_with_the_words_of_the_question_it_follows() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), WRITERS);
    let options = SearchOptions::default();
    let follow_up = |previous: &str| {
        let question = Question::parse("أين ولد؟", 1000).after(previous, 1000);
        let answer = ask(&engine, &question, &[], &options, 0).unwrap();
        assert!(answer.answered, "{previous}: {answer:?}");
        answer.hits[0].doc.clone()
    };
    assert_eq!(follow_up("من هو طه حسين؟"), "taha-born");
    assert_eq!(follow_up("ماذا كتب نجيب محفوظ؟"), "naguib-born");
    // Its own words still lead: the birthplace passage, not the one the earlier question asked about.
    assert_ne!(follow_up("ماذا كتب طه حسين؟"), "taha-work");
    // Without the earlier question the two birthplaces tie on the question's words.
    let alone = ask(&engine, &Question::parse("أين ولد؟", 1000), &[], &options, 0).unwrap();
    let born: Vec<&str> = alone.hits.iter().take(2).map(|h| h.doc.as_str()).collect();
    assert!(born.contains(&"taha-born") && born.contains(&"naguib-born"), "{born:?}");
    // A follow-up with no word of its own asks about the earlier question's words.
    let why = Question::parse("ولماذا؟", 1000).after("من نال جائزة نوبل في الأدب؟", 1000);
    assert_eq!(ask(&engine, &why, &[], &options, 0).unwrap().hits[0].doc, "naguib-work");
    // Off, the earlier question counts for nothing.
    let off = SearchOptions { context_weight: 0.0, ..options };
    let question = Question::parse("أين ولد؟", 1000).after("من هو طه حسين؟", 1000);
    let plain = ask(&engine, &Question::parse("أين ولد؟", 1000), &[], &off, 0).unwrap();
    assert_eq!(ask(&engine, &question, &[], &off, 0).unwrap().hits, plain.hits);
}

#[test]
fn what_is_new_pages_through_the_dated_articles_and_a_forged_page_costs_nothing() {
    let engine = seeds_engine();
    let options = SearchOptions::default();
    let page = |offset: usize| ask(&engine, &Question::parse("ما آخر الأخبار؟", 1000), &[], &options, offset).unwrap();
    let first = page(0);
    assert!(first.answered && first.latest && first.has_more, "{first:?}");
    assert_eq!(first.hits.iter().map(|h| h.rank).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(first.hits[0].date.as_deref(), Some("2022-01-10"));
    let second = page(3);
    assert_eq!(second.hits.iter().map(|h| h.rank).collect::<Vec<_>>(), [4, 5], "five seed articles");
    assert!(!second.has_more);
    for forged in [200, usize::MAX] {
        let beyond = page(forged);
        assert!(beyond.hits.is_empty() && !beyond.has_more, "{forged}");
    }
}

/// A president and a minister named in Arabic letters only, and a passage whose verb has the president's
/// consonants without his vowels (تقف: t, k, f as in Tokayev).
const NAMES: &str = r#"{"id": "president", "title": "خبر", "text": "قال الرئيس توكاييف إن قوات المنظمة ستغادر البلاد خلال أيام."}
{"id": "minister", "title": "خبر", "text": "حذر الوزير بلينكن من الخلط بين الأزمتين في حديث للصحفيين."}
{"id": "verb", "title": "خبر", "text": "تقف الحكومة أمام أزمة اقتصادية وقرارات صعبة هذا العام."}
"#;

#[test]
fn a_name_in_latin_letters_in_an_arabic_question_finds_the_corpus_spelling_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), NAMES);
    let index = &engine.index;
    let options = SearchOptions::default();
    let query = query_terms(index, "ماذا قال Tokayev؟", &options);
    assert_eq!(
        term(&query, "Tokayev", index).alternatives,
        vec![(analysed(index, "توكاييف"), options.fuzzy_weight)],
        "not تقف"
    );
    let answer = |q: &str| ask(&engine, &Question::parse(q, 1000), &[], &options, 0).unwrap();
    for (question, doc) in [("ماذا قال Tokayev؟", "president"), ("بماذا حذر Blinken؟", "minister")] {
        let found = answer(question);
        assert!(found.answered, "{question}");
        assert_eq!(found.hits[0].doc, doc, "{question}");
    }
    // A question wholly in another language is not read this way: its words would meet any corpus.
    let english = query_terms(index, "What did Tokayev say?", &options);
    assert!(term(&english, "Tokayev", index).alternatives.is_empty());
    let off = SearchOptions { fuzzy_weight: 0.0, ..options };
    assert!(term(&query_terms(index, "ماذا قال Tokayev؟", &off), "Tokayev", index).alternatives.is_empty());
}

/// A name written once, whose light stem (لين) three other passages hold as other words (اللين، لينة).
const SHARED_STEM: &str = r#"{"id": "name", "title": "خبر", "text": "كتب لينين مقالات كثيرة عن الثورة في بلاده."}
{"id": "soft1", "title": "خبر", "text": "يفضل الخباز العجين اللين في الصباح الباكر."}
{"id": "soft2", "title": "خبر", "text": "وجد الطفل الوسادة لينة ومريحة في الليل."}
{"id": "soft3", "title": "خبر", "text": "تحدث المدرب بلين مع اللاعبين بعد المباراة."}
"#;

#[test]
fn a_spelling_whose_stem_is_mostly_other_words_is_not_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), SHARED_STEM);
    let index = &engine.index;
    let stem = analysed(index, "لينين");
    assert!(index.doc_freq(&stem) > 2, "the stem is shared: {stem}");
    let options = SearchOptions::default();
    assert!(term(&query_terms(index, "ماذا كتب Lenin؟", &options), "Lenin", index).alternatives.is_empty());
}

/// Two paragraphs of one article (as ARCD gives them, each a record with the article's title): one
/// repeats the subject, the other says what is asked.
const EUROPE: &str = r#"{"id": "history", "title": "أوروبا", "text": "تختلف مساحة دول أوروبا كثيرا، فأكبر دول أوروبا روسيا، وأصغر دول أوروبا الفاتيكان، وفي أوروبا نحو خمسين دولة."}
{"id": "area", "title": "أوروبا", "text": "تبلغ مساحة أوروبا نحو عشرة ملايين كيلومتر مربع، فهي ثاني أصغر القارات بعد أستراليا."}
{"id": "asia", "title": "آسيا", "text": "آسيا أكبر القارات سكانا، وتقع معظم أراضيها في نصف الكرة الشمالي."}
{"id": "nile", "title": "النيل", "text": "نهر النيل أطول أنهار العالم، ويصب في البحر الأبيض المتوسط بعد أن يجتاز دولا كثيرة."}
{"id": "tea", "title": "الشاي", "text": "الشاي مشروب شائع في بلدان كثيرة، ويزرع في المرتفعات ذات الأمطار الغزيرة."}
"#;

#[test]
fn a_subject_the_title_names_counts_at_most_twice_so_the_paragraph_saying_what_is_asked_comes_first() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_of(dir.path(), EUROPE);
    let question = "ما مساحة أوروبا؟";
    assert_eq!(first(&engine, question, &SearchOptions::default()), "area");
    let uncapped = SearchOptions { title_term_cap: 0.0, ..SearchOptions::default() };
    assert_eq!(first(&engine, question, &uncapped), "history", "the subject's repetitions outweigh it");
    // A question the title holds whole keeps every occurrence: the paragraph about the subject first.
    assert_eq!(first(&engine, "أوروبا", &SearchOptions::default()), "history");
}

#[test]
fn a_name_written_with_letters_added_for_foreign_sounds_meets_its_arabic_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = r#"{"id": "vitamin", "title": "التغذية", "text": "يحتاج الجسم إلى ڤيتامين د لامتصاص الكالسيوم، ويصنعه الجلد عند التعرض لأشعة الشمس."}
{"id": "other", "title": "الرياضة", "text": "يحتاج الجسم إلى الحركة اليومية، والمشي نصف ساعة يكفي لمعظم الناس."}
"#;
    let engine = engine_of(dir.path(), corpus);
    let question = "ما فائدة فيتامين د للجسم؟";
    let query = query_terms(&engine.index, question, &SearchOptions::default());
    assert!(term(&query, "فيتامين", &engine.index).in_corpus(), "the same index term, not a near spelling");
    let answer = ask(&engine, &Question::parse(question, 1000), &[], &SearchOptions::default(), 0).unwrap();
    let hit = &answer.hits[0];
    assert_eq!(hit.doc, "vitamin");
    let highlighted: Vec<String> =
        hit.highlights.iter().map(|r| hit.excerpt.chars().skip(r.start).take(r.len()).collect()).collect();
    assert!(highlighted.iter().any(|w| w == "ڤيتامين"), "{highlighted:?}");
}
