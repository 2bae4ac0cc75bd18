//! Common dialect verbs and words (Levantine, Gulf, Egyptian, Maghrebi) mapped to their Standard Arabic
//! equivalents at analysis time, so "شو صار" finds "حدث" and "مين بعت الجنود" finds "أرسل". The corpus is
//! written in Standard Arabic; the questions often are not. Dialect question words are stopwords (see
//! [`super::stopwords`]); this covers the content words around them.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use super::normalize::normalize;
use super::request::words;

/// Dialect forms → the Standard word, in ordinary spelling (normalised once on first use). Each verb is
/// listed in its common past and present forms (the present with and without the Levantine/Egyptian ب).
const PAIRS: &[(&str, &str)] = &[
    // to see
    ("شاف", "رأى"),
    ("شافت", "رأت"),
    ("شافوا", "رأوا"),
    ("يشوف", "يرى"),
    ("بيشوف", "يرى"),
    ("تشوف", "ترى"),
    ("بتشوف", "ترى"),
    // to go
    ("راح", "ذهب"),
    ("راحت", "ذهبت"),
    ("راحوا", "ذهبوا"),
    ("يروح", "يذهب"),
    ("بيروح", "يذهب"),
    // to come
    ("اجا", "جاء"),
    ("إجا", "جاء"),
    ("اجت", "جاءت"),
    ("إجو", "جاؤوا"),
    ("يجي", "يأتي"),
    ("بيجي", "يأتي"),
    // to send
    ("بعت", "أرسل"),
    ("بعتت", "أرسلت"),
    ("بعتوا", "أرسلوا"),
    ("يبعت", "يرسل"),
    ("بيبعت", "يرسل"),
    // to do, to make
    ("سوى", "فعل"),
    ("سوت", "فعلت"),
    ("سووا", "فعلوا"),
    ("يسوي", "يفعل"),
    ("بيسوي", "يفعل"),
    // to say, to speak
    ("حكى", "قال"),
    ("حكت", "قالت"),
    ("حكوا", "قالوا"),
    ("يحكي", "يقول"),
    ("بيحكي", "يقول"),
    // to happen
    ("صار", "حدث"),
    ("صارت", "حدثت"),
    ("بيصير", "يحدث"),
    ("يصير", "يحدث"),
    // to want
    ("بدو", "يريد"),
    ("بدها", "تريد"),
    ("بدهم", "يريدون"),
    ("يبغى", "يريد"),
    ("يبي", "يريد"),
    // to sit, to stay
    ("قعد", "جلس"),
    ("يقعد", "يجلس"),
    ("بيقعد", "يجلس"),
    // to leave, to get out
    ("طلع", "خرج"),
    ("طلعت", "خرجت"),
    ("طلعوا", "خرجوا"),
    ("يطلع", "يخرج"),
    ("بيطلع", "يخرج"),
    // to finish
    ("خلص", "انتهى"),
    ("خلصت", "انتهت"),
    ("بيخلص", "ينتهي"),
    // to take
    ("خد", "أخذ"),
    ("اخد", "أخذ"),
    ("بياخد", "يأخذ"),
    ("ياخد", "يأخذ"),
    // to begin (Levantine)
    ("بلش", "بدأ"),
    ("بلشت", "بدأت"),
    ("بلشوا", "بدأوا"),
    ("يبلش", "يبدأ"),
    ("بيبلش", "يبدأ"),
    ("بتبلش", "تبدأ"),
    // to know
    ("بيعرف", "يعرف"),
    ("بتعرف", "تعرف"),
    // now, a lot
    ("هلق", "الآن"),
    ("هلأ", "الآن"),
    ("دلوقتي", "الآن"),
    ("هسه", "الآن"),
    ("كتير", "كثير"),
    ("كويس", "جيد"),
    ("منيح", "جيد"),
    ("واجد", "كثير"),
    ("برشا", "كثير"),
    // money, children
    ("مصاري", "أموال"),
    ("فلوس", "أموال"),
    ("ولاد", "أولاد"),
    ("عيال", "أولاد"),
];

/// Dialect question words and pointers → the Standard ones. They are stopwords, so the lexical search
/// never sees them; an embedding model, trained mostly on Standard Arabic, reads the Standard question
/// better (see [`in_standard_words`]).
const QUESTION_PAIRS: &[(&str, &str)] = &[
    ("شو", "ما"),
    ("شنو", "ما"),
    ("شنهو", "ما"),
    ("ايش", "ما"),
    ("وش", "ما"),
    ("ويش", "ما"),
    ("اش", "ما"),
    ("واش", "هل"),
    ("ايه", "ما"),
    ("ليش", "لماذا"),
    ("ليه", "لماذا"),
    ("علاش", "لماذا"),
    ("وين", "أين"),
    ("فين", "أين"),
    ("فاين", "أين"),
    ("منين", "من أين"),
    ("مين", "من"),
    ("منو", "من"),
    ("منهو", "من"),
    ("شكون", "من"),
    ("اشكون", "من"),
    ("امتى", "متى"),
    ("ايمتى", "متى"),
    ("وقتاش", "متى"),
    ("فوقاش", "متى"),
    ("كام", "كم"),
    ("بكام", "بكم"),
    ("قديش", "كم"),
    ("قديه", "كم"),
    ("اديش", "كم"),
    ("قداش", "كم"),
    ("شقد", "كم"),
    ("اشقد", "كم"),
    ("شحال", "كم"),
    ("اشحال", "كم"),
    ("ازاي", "كيف"),
    ("كيفاش", "كيف"),
    ("شلون", "كيف"),
    ("اللي", "الذي"),
    ("هيك", "هكذا"),
    ("كده", "هكذا"),
    ("كدا", "هكذا"),
];

fn question_table() -> &'static HashMap<String, &'static str> {
    static TABLE: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| QUESTION_PAIRS.iter().map(|(dialect, standard)| (normalize(dialect), *standard)).collect())
}

/// Standard question words, which a question asks with once: after one, a dialect question word's
/// spelling at the end is something else (برنامج أوبرا وينفري شو).
const STANDARD_QUESTION_WORDS: &str = "ما ماذا لماذا من متى أين كيف هل كم أي بماذا لمن ماهو ماهي";

fn standard_question_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| STANDARD_QUESTION_WORDS.split_whitespace().map(normalize).collect())
}

/// `text` with its dialect words written as the Standard ones, everything else as it was: "شنو سبب
/// المظاهرات؟" → "ما سبب المظاهرات؟", "بدأت امتى؟" → "بدأت متى؟". For the question's embedding: lexical
/// analysis maps them itself. The words of `PAIRS` and اللي are mapped anywhere; a question word only
/// where questions put one, first, or last when no question word comes first (شو is also "show").
pub fn in_standard_words(text: &str) -> std::borrow::Cow<'_, str> {
    let words = words(text);
    let asks_first = words
        .first()
        .is_some_and(|w| question_table().contains_key(&w.text) || standard_question_words().contains(&w.text));
    let last = words.len().saturating_sub(1);
    let mut out = String::new();
    let mut copied = 0;
    for (k, word) in words.iter().enumerate() {
        let as_question_word = k == 0 || (k == last && !asks_first) || word.text == "اللي";
        let question_word = question_table().get(&word.text).copied().filter(|_| as_question_word);
        if let Some(standard) = question_word.or_else(|| standard(&word.text)) {
            out.push_str(&text[copied..word.start]);
            out.push_str(standard);
            copied = word.end;
        }
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    std::borrow::Cow::Owned(out)
}

fn table() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| PAIRS.iter().map(|(dialect, standard)| (normalize(dialect), normalize(standard))).collect())
}

/// The Standard word for a normalised dialect word, if it is one.
pub fn standard(normalized: &str) -> Option<&'static str> {
    table().get(normalized).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialect_forms_map_and_standard_words_are_left_alone() {
        assert_eq!(standard(&normalize("بعت")), Some(normalize("أرسل").as_str()));
        assert_eq!(standard(&normalize("أرسل")), None);
        assert_eq!(standard(&normalize("بلشت")), Some(normalize("بدأت").as_str()));
        assert_eq!(standard(&normalize("كازاخستان")), None);
    }

    #[test]
    fn a_dialect_question_is_written_in_standard_words_and_the_rest_is_kept() {
        assert_eq!(in_standard_words("شنو سبب المظاهرات؟"), "ما سبب المظاهرات؟");
        assert_eq!(in_standard_words("مين اللي بعت الجنود؟"), "من الذي ارسل الجنود؟");
        assert_eq!(in_standard_words("قدّيش عدد الجنود"), "كم عدد الجنود");
        assert_eq!(in_standard_words("بدأت الاحتجاجات امتى؟"), "بدأت الاحتجاجات متى؟");
        let named = "لماذا ظهرت في برنامج أوبرا وينفري شو؟";
        assert_eq!(in_standard_words(named), named, "a question word asks once");
        let standard = "من يقود قوات حفظ السلام؟";
        assert!(matches!(in_standard_words(standard), std::borrow::Cow::Borrowed(s) if s == standard));
    }
}
