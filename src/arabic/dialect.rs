//! Common dialect verbs and words (Levantine, Gulf, Egyptian, Maghrebi) mapped to their Standard Arabic
//! equivalents at analysis time, so "شو صار" finds "حدث" and "مين بعت الجنود" finds "أرسل". The corpus is
//! written in Standard Arabic; the questions often are not. Dialect question words are stopwords (see
//! [`super::stopwords`]); this covers the content words around them.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use super::normalize::normalize;

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
}
