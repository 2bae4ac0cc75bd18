//! What kind of answer a question asks for, read from its question word, and which words of a passage
//! can be such an answer.
//!
//! "متى" and "في أي عام" ask for a time, "كم" and "ما عدد" for a quantity. A passage that matches the
//! question's words and also holds a date or a number beside them is more likely to answer it than one
//! that only repeats the question's words; re-ranking gives such passages a bonus.

use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use super::normalize::normalize_for_match;

/// The kind of answer a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerType {
    /// A date, a year, a month or a century ("متى", "في أي عام").
    Time,
    /// A number or an amount ("كم", "ما عدد", "ما مساحة").
    Quantity,
    /// A person ("من هو", "مين"): a name beside a title or a role.
    Person,
    /// A place ("أين", "وين", "في أي مدينة").
    Place,
}

impl AnswerType {
    /// True when a number written in digits can be an answer of this kind.
    pub fn digits_answer(self) -> bool {
        matches!(self, AnswerType::Time | AnswerType::Quantity)
    }
}

/// Question words that ask for a time on their own (standard and dialect).
const TIME_WORDS: &str = "متى امتى إمتى ايمتى إيمتى وقتاش فوقاش";

/// Nouns that, after "أي" (which), ask for a time: "في أي عام", "بأي سنة".
const TIME_NOUNS: &str = "عام سنة تاريخ يوم شهر قرن عصر فترة وقت زمن العام السنة";

/// Question words that ask for a person on their own (standard and dialect); "من" only when no "أين"
/// or "أي" follows it ("من أين" asks for a place, "من أي" for a kind).
const PERSON_WORDS: &str = "من مين منو منهو شكون اشكون";

/// Question words that ask for a place on their own, and nouns of place that, after "أي", ask for one.
const PLACE_WORDS: &str = "أين اين وين فين منين فاين";
const PLACE_NOUNS: &str = "مدينة بلد دولة مكان منطقة قارة محافظة ولاية إقليم جزيرة قرية عاصمة موقع بلدة";

/// Words that name who someone is: titles, ranks, roles and the parts of an Arabic name (ابن، أبو).
/// A name stands beside them in a passage that answers "who".
const PERSON_CUES: &str = "
رئيس الرئيس زعيم قائد القائد ملك الملك ملكة أمير الأمير سلطان شيخ الشيخ وزير الوزير سفير جنرال
الجنرال لواء عقيد مدير أمين مؤسس كاتب الكاتب كاتبة شاعر الشاعر مؤلف روائي عالم فيلسوف مخرج ممثل
ممثلة مغني لاعب مدرب نبي النبي خليفة الخليفة إمام الإمام قاضي حاكم نائب مستشار خبير خبيرة باحث
باحثة أستاذ الأستاذ دكتور الدكتور السيد السيدة ابن بن أبو أبي بنت الملقب يدعى يلقب المعروف اسمه
";

/// Words that name a place: kinds of place and the directions that locate one.
const PLACE_CUES: &str = "
مدينة المدينة عاصمة العاصمة دولة الدولة بلد منطقة المنطقة محافظة ولاية إقليم جزيرة قرية بلدة حي
شارع ساحل شاطئ نهر جبل صحراء وادي قارة شمال جنوب شرق غرب وسط شمالي جنوبي شرقي غربي قرب بالقرب
حدود ضفة مقاطعة
";

/// Question words that ask for a quantity on their own.
const QUANTITY_WORDS: &str = "كم بكم وكم كام بكام قديش قديه أديش قداش شقد اشقد شحال اشحال";

/// Nouns of measure that, after "ما" (what), ask for a quantity: "ما عدد", "ما هي مساحة".
const QUANTITY_NOUNS: &str = "عدد تعداد مساحة طول ارتفاع عمق عرض نسبة عمر حجم سعر قيمة مقدار وزن مدة كمية";

/// Nouns that name the kind of answer, or the question's own words, rather than its subject: "ما اسم ..."،
/// "ما معنى كلمة ..."، "ما عدد ..."، "ما نوع ...". An answering passage need not repeat them, so they count
/// for less than the question's other words.
const ANSWER_NAMING_NOUNS: &str = "اسم معنى كلمة عدد نوع";

/// Words that name a month (Gregorian, Levantine and Hijri) or a century: a time even without digits.
const MONTHS: &str = "
يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس اغسطس سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر
كانون شباط آذار اذار نيسان أيار ايار حزيران تموز آب ايلول أيلول تشرين
محرم صفر ربيع جمادى رجب شعبان رمضان شوال القعدة الحجة القرن قرن
";

/// Words that state an amount without digits.
const AMOUNTS: &str = "
مليون ملايين مليار مليارات ألف آلاف ألفا ألفين مئة مائة مئات مئتين مائتين عشرات
اثنان اثنين ثلاث ثلاثة أربع أربعة خمس خمسة ست ستة سبع سبعة ثمان ثمانية تسع تسعة عشر عشرة
عشرون عشرين ثلاثون ثلاثين أربعون أربعين خمسون خمسين ستون ستين سبعون سبعين ثمانون ثمانين تسعون تسعين
";

/// Words at the question's start looked at for its frame (the question word may come after a
/// preposition or before a pronoun: في أي عام، ما هي مساحة).
const FRAME_WORDS: usize = 4;

fn words(list: &str) -> HashSet<String> {
    list.split_whitespace().map(normalize_for_match).collect()
}

struct Lexicon {
    time_words: HashSet<String>,
    time_nouns: HashSet<String>,
    quantity_words: HashSet<String>,
    quantity_nouns: HashSet<String>,
    person_words: HashSet<String>,
    place_words: HashSet<String>,
    place_nouns: HashSet<String>,
    answer_naming: HashSet<String>,
    what_or_who: HashSet<String>,
    what_happened: HashSet<String>,
    event_verbs: HashSet<String>,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon {
        time_words: words(TIME_WORDS),
        time_nouns: words(TIME_NOUNS),
        quantity_words: words(QUANTITY_WORDS),
        quantity_nouns: words(QUANTITY_NOUNS),
        person_words: words(PERSON_WORDS),
        place_words: words(PLACE_WORDS),
        place_nouns: words(PLACE_NOUNS),
        answer_naming: words(ANSWER_NAMING_NOUNS),
        what_or_who: words(WHAT_OR_WHO),
        what_happened: words(WHAT_HAPPENED),
        event_verbs: words(EVENT_VERBS),
    })
}

/// The words of `question` that ask (within its request frame and courtesies), normalised for matching.
fn asked_words(question: &str) -> String {
    normalize_for_match(&question[super::request::question_span(question)])
}

/// The kind of answer `question` asks for, from the question words at its start (within its request frame
/// and courtesies, see [`super::request`]); `None` when it asks for something else (a name, a place, a reason) or has no
/// question word.
pub fn expected_answer(question: &str) -> Option<AnswerType> {
    let normalized = asked_words(question);
    let frame: Vec<&str> = normalized.split(' ').take(FRAME_WORDS).collect();
    let lex = lexicon();
    for (i, word) in frame.iter().enumerate() {
        let next = frame.get(i + 1).copied().unwrap_or("");
        let after_which = matches!(*word, "اي" | "باي" | "لاي" | "واي" | "فاي");
        if lex.time_words.contains(*word) || (after_which && lex.time_nouns.contains(next)) {
            return Some(AnswerType::Time);
        }
        let after_what = matches!(*word, "ما" | "ماهو" | "ماهي" | "هو" | "هي");
        if lex.quantity_words.contains(*word) || (after_what && lex.quantity_nouns.contains(next)) {
            return Some(AnswerType::Quantity);
        }
        if lex.place_words.contains(*word) || (after_which && lex.place_nouns.contains(next)) {
            return Some(AnswerType::Place);
        }
        // "من" opens the question (elsewhere it is "from"), and is not "من أين" / "من أي".
        let person = lex.person_words.contains(*word) && (i == 0 || *word != "من");
        if person && !matches!(next, "اين" | "اي" | "ايه") {
            return Some(AnswerType::Person);
        }
    }
    normalized.rsplit(' ').next().and_then(|last| asked_in_place(lex, last))
}

/// Longest subject of a definition question, in words: "ما هو التقويم الهجري؟" asks what a thing is,
/// "ما هو أول نادٍ لعب فيه رونالدو؟" asks for one fact about it.
const MAX_DEFINED_WORDS: usize = 3;

/// "What" and "who" before هو / هي in a definition question, standard and dialect (شو هي، مين هو).
const WHAT_OR_WHO: &str = "ما من شو شنو ايش إيش وش ويش اش واش إيه ايه مين منو شكون";

/// True when `question` asks what or who something is ("ما هو X؟"، "ما هي X؟"، "من هو X؟"، "ماهي X؟",
/// and in dialect "شو هي X؟"، "مين هو X؟"),
/// X being a few words (within the question's request frame and courtesies, see [`super::request`]): an
/// answer defines X, as a passage opening with it or saying "X هو …" does. "ما هو اسم X؟" asks for a
/// name, not a definition (see `ANSWER_NAMING_NOUNS`).
pub fn asks_definition(question: &str) -> bool {
    let normalized = asked_words(question);
    let words: Vec<&str> = normalized.split(' ').filter(|w| w.chars().any(char::is_alphanumeric)).collect();
    let lex = lexicon();
    let subject = match words.as_slice() {
        [asking, "هو" | "هي" | "هم", rest @ ..] if lex.what_or_who.contains(*asking) => rest,
        ["ماهو" | "ماهي" | "منهو" | "منهي", rest @ ..] => rest,
        _ => return false,
    };
    let names_the_answer = subject.first().is_some_and(|w| lex.answer_naming.contains(&strip_article(w)));
    (1..=MAX_DEFINED_WORDS).contains(&subject.len()) && !names_the_answer
}

/// Verbs saying only that something happened ("ماذا حدث في …؟"، "ما الذي جرى …؟"، "شو صار …؟"): after
/// "what" they frame the question, and an answering passage tells the event without them. حصل، تحدث and
/// تجري are left out: "ماذا حصل عليه" asks what he obtained, "ماذا تحدث" what someone talked about.
const EVENT_VERBS: &str = "حدث يحدث حدثت جرى يجري جرت صار صارت يصير بيصير";

/// "What" before an event verb, standard and dialect; ما needs الذي or اللي after it.
const WHAT_HAPPENED: &str = "ماذا وماذا شو ايش إيش وش شنو اش واش";

/// The byte range of the verb in "ماذا حدث …؟" / "ما الذي جرى …؟" / "شو صار …؟" (within the question's
/// request frame and courtesies): a word that names the question's frame, as اسم does in "ما اسم …؟".
pub fn asked_event_verb(question: &str) -> Option<Range<usize>> {
    let span = super::request::question_span(question);
    let words = super::request::words(&question[span.clone()]);
    let lex = lexicon();
    let is =
        |i: usize, set: &HashSet<String>| words.get(i).is_some_and(|w| set.contains(&normalize_for_match(&w.text)));
    let at =
        |i: usize, list: &[&str]| words.get(i).is_some_and(|w| list.contains(&normalize_for_match(&w.text).as_str()));
    let verb = if is(0, &lex.what_happened) {
        1
    } else if at(0, &["ما", "وما"]) && at(1, &["الذي", "اللي", "الذى"]) {
        2
    } else {
        return None;
    };
    is(verb, &lex.event_verbs).then(|| words[verb].start + span.start..words[verb].end + span.start)
}

/// `word` without a leading article (الاسم → اسم).
fn strip_article(word: &str) -> String {
    word.strip_prefix("ال").filter(|rest| rest.chars().count() >= 2).unwrap_or(word).to_string()
}

/// Pronouns that follow a subject being defined: "التقويم الهجري هو تقويم قمري".
pub const COPULA_PRONOUNS: [&str; 4] = ["هو", "هي", "هم", "هما"];

/// The kind asked by a question word standing last, where dialects leave it: "بدأت امتى؟"، "يقودها
/// مين؟"، "راحوا فين؟"، "عددهم كام؟".
fn asked_in_place(lex: &Lexicon, last: &str) -> Option<AnswerType> {
    if lex.time_words.contains(last) {
        Some(AnswerType::Time)
    } else if lex.quantity_words.contains(last) {
        Some(AnswerType::Quantity)
    } else if lex.place_words.contains(last) {
        Some(AnswerType::Place)
    } else if lex.person_words.contains(last) {
        Some(AnswerType::Person)
    } else {
        None
    }
}

/// Words that can be an answer of `kind` without digits, in ordinary spelling: months and centuries for a
/// time, number words for a quantity. Callers analyse them as they analyse passages, so the match is the
/// same whatever the stemmer; digits count for either kind (see [`is_number`]).
pub fn answer_words(kind: AnswerType) -> &'static str {
    match kind {
        AnswerType::Time => MONTHS,
        AnswerType::Quantity => AMOUNTS,
        AnswerType::Person => PERSON_CUES,
        AnswerType::Place => PLACE_CUES,
    }
}

/// Nouns that name the kind of answer (see `ANSWER_NAMING_NOUNS`), in ordinary spelling: callers
/// analyse them as they analyse the question.
pub fn answer_naming_nouns() -> &'static str {
    ANSWER_NAMING_NOUNS
}

/// True when an analysed term is written in digits (years, dates, amounts).
pub fn is_number(term: &str) -> bool {
    term.starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_happened_frames_its_event_verb_only() {
        let verb = |q: &str| asked_event_verb(q).map(|r| q[r].to_string());
        assert_eq!(verb("ماذا حدث في كازاخستان؟").as_deref(), Some("حدث"));
        assert_eq!(verb("ما الذي جرى في ألماتي؟").as_deref(), Some("جرى"));
        assert_eq!(verb("شو صار بكازاخستان؟").as_deref(), Some("صار"));
        assert_eq!(verb("لو سمحت، ماذا يحدث في البلاد؟").as_deref(), Some("يحدث"));
        for q in [
            "ما هو أهم حدث في الثورة؟",
            "متى حدث الانقلاب؟",
            "ماذا حصل عليه الفائز؟",
            "ماذا تحدث الرئيس؟",
            "ماذا أعلن الوزير؟",
        ] {
            assert_eq!(verb(q), None, "{q}");
        }
    }

    #[test]
    fn a_question_asking_what_or_who_something_is_asks_for_a_definition() {
        for q in [
            "ما هو التقويم الهجري؟",
            "ماهي البيتكوين",
            "من هو العربي بن مهيدي؟",
            "لو سمحت، ما هي منظمة شنغهاي للتعاون؟",
            "شو هي منظمة شنغهاي؟",
            "مين هو العربي بن مهيدي",
            "من هم الشيعة؟",
        ] {
            assert!(asks_definition(q), "{q}");
        }
        for q in [
            "ما هو أول نادٍ لكرة القدم لعب فيه رونالدو؟",
            "ما هو اسم الشيوعية بالانجليزية؟",
            "ما عاصمة المغرب؟",
            "من يقود القوات؟",
            "ما هو؟",
            "متى ولد العربي بن مهيدي؟",
            "متى هي الانتخابات؟",
        ] {
            assert!(!asks_definition(q), "{q}");
        }
    }

    #[test]
    fn time_questions_are_recognised() {
        for q in ["متى ولد نجيب محفوظ؟", "في أي عام سقط الاتحاد السوفياتي؟", "بأيّ سنة تأسست المدينة", "امتى بدأت الحرب"]
        {
            assert_eq!(expected_answer(q), Some(AnswerType::Time), "{q}");
        }
    }

    #[test]
    fn quantity_questions_are_recognised() {
        for q in ["كم عدد سكان الصين؟", "ما عدد المسلمين في بدر؟", "ما هي مساحة أوروبا؟", "بكم يقدر السكان"]
        {
            assert_eq!(expected_answer(q), Some(AnswerType::Quantity), "{q}");
        }
    }

    #[test]
    fn levantine_and_maghrebi_question_words_ask_for_their_kind() {
        assert_eq!(expected_answer("قديش عدد الجنود؟"), Some(AnswerType::Quantity));
        assert_eq!(expected_answer("قديه عدد الجنود؟"), Some(AnswerType::Quantity));
        assert_eq!(expected_answer("شحال من جندي وصل؟"), Some(AnswerType::Quantity));
        assert_eq!(expected_answer("وقتاش بدات الاحتجاجات؟"), Some(AnswerType::Time));
        assert_eq!(expected_answer("شكون اللي طلب المساعدة؟"), Some(AnswerType::Person));
        assert_eq!(expected_answer("فاين وقعت الاحتجاجات؟"), Some(AnswerType::Place));
    }

    #[test]
    fn a_question_word_left_at_the_end_is_read_too() {
        assert_eq!(expected_answer("الاحتجاجات بدأت امتى؟"), Some(AnswerType::Time));
        assert_eq!(expected_answer("عدد الجنود كام؟"), Some(AnswerType::Quantity));
        assert_eq!(expected_answer("الجنود راحوا فين؟"), Some(AnswerType::Place));
        assert_eq!(expected_answer("قوات حفظ السلام يقودها مين؟"), Some(AnswerType::Person));
        assert_eq!(expected_answer("الرئيس طلب المساعدة ليه؟"), None);
    }

    #[test]
    fn the_kind_is_read_after_a_request_frame() {
        assert_eq!(expected_answer("لو سمحت، من يقود قوات حفظ السلام؟"), Some(AnswerType::Person));
        assert_eq!(expected_answer("هل يمكنك أن تخبرني متى بدأت الاحتجاجات؟"), Some(AnswerType::Time));
        assert_eq!(expected_answer("أريد أن أعرف كم عدد الجنود"), Some(AnswerType::Quantity));
        assert_eq!(expected_answer("هل تعرف أين تقع ألماتي؟"), Some(AnswerType::Place));
    }

    #[test]
    fn other_questions_ask_for_no_particular_kind() {
        for q in ["لماذا سمي العلويون بهذا الاسم؟", "ما هو عيد الأم؟", "من أي نوع هذا الحيوان؟", "كيف تعمل الخلية؟", ""]
        {
            assert_eq!(expected_answer(q), None, "{q}");
        }
    }

    #[test]
    fn person_and_place_questions_are_recognised() {
        for q in ["من هو حاكم دبي؟", "مين اللي بنى الهرم", "من يقود قوات حفظ السلام؟", "منو مؤسس الشركة؟"]
        {
            assert_eq!(expected_answer(q), Some(AnswerType::Person), "{q}");
        }
        for q in ["أين ولد أينشتاين؟", "وين صارت المظاهرات؟", "في أي مدينة ولد؟", "من أين جاء الاسم؟"]
        {
            assert_eq!(expected_answer(q), Some(AnswerType::Place), "{q}");
        }
        assert!(!AnswerType::Person.digits_answer() && AnswerType::Time.digits_answer());
    }

    #[test]
    fn numbers_are_terms_in_digits() {
        let analyzer = crate::arabic::Analyzer::default();
        let terms: Vec<bool> = analyzer.terms("ولد عام ١٩١١ في 11 ديسمبر").iter().map(|t| is_number(&t.term)).collect();
        assert_eq!(terms, [false, false, true, true, false]);
    }

    #[test]
    fn months_and_amounts_are_their_own_kinds() {
        assert!(answer_words(AnswerType::Time).contains("رمضان"));
        assert!(!answer_words(AnswerType::Time).contains("مليون"));
        assert!(answer_words(AnswerType::Quantity).contains("مليون"));
    }
}
