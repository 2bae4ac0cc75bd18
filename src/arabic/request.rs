//! Request frames and courtesies: the words around a question that ask for the answer (من فضلك، هل يمكنك
//! أن تخبرني، أريد أن أعرف، ودي أعرف), greet (السلام عليكم، مرحبا) or thank (شكرا، جزاك الله خيرا), and
//! say nothing about which passage holds it; so does what the asker says about asking (عندي سؤال، سمعت
//! أن).
//!
//! A corpus rarely writes them, so as terms they would weigh like names and a polite question would read
//! as one the corpus cannot answer. Every form here is a stopword (see [`super::stopwords`]): addressed to
//! the reader or spoken by the asker. A few second- and third-person verbs (تعرف، تقول) are terms
//! elsewhere ("تقول الكاتبة"); they count as part of a frame only inside one at the question's start
//! (هل تعرف). Greetings and thanks are terms elsewhere ("حفظ السلام"): they count only at the question's
//! start (greetings, thanks) or end (thanks, من فضلك). [`question_span`] is the question without them,
//! so the question word after the frame is seen as the question's first; [`courtesy`] tells a message
//! that is nothing but a greeting or thanks, which the bot answers in kind instead of searching, or one
//! that asks the bot about itself (من أنت؟، كيف أستخدمك؟), which it answers with what it does.

use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use super::normalize::{is_word_char, normalize};

/// Request, politeness and wanting-to-know words, standard and dialect, in ordinary spelling.
pub(super) const WORDS: &str = "
فضلك فضلكم سمحت سمحتي سمحتم أرجو ارجو لطفا يمكنك يمكنكي يمكنكم أيمكنك بإمكانك بامكانك أتستطيع
أود اود ممكن يعني أريد اريد أعرف اعرف عرفني أخبرني اخبرني قل تخبرني تخبرنا أخبرنا اخبرنا خبرني
خبرنا أفدني افدني أفيدوني دلني تدلني حدثني تحدثني اشرح اشرحي اشرحلي وضح وضحي وضحلي فهمني قلي
قولي قللي احكيلي أتعرف أتعلم سؤالي ودي حاب حابب حابة بدي بدك بدنا عايز عاوز عايزة ابغى أبغى
ابغا أبغا ابي أبي
";

/// Verbs that open a request after another frame word (هل تعرف، ممكن تقول لي) but stay terms elsewhere
/// ("تقول الكاتبة").
const OPENING_VERBS: &str = "تعرف تعرفين تعرفون تعلم تعلمين تقول تقولي تقولين تقل تذكر تستطيع تستطيعين توضح تشرح تخبر";

/// Imperatives that open a request as the question's first word (اذكر أسباب …، أعطني …، عرّف …) but are
/// corpus words elsewhere: past verbs written alike (عرف، أعطى، قدم) or nouns (شرح). Frame words only
/// where nothing but frame words stands before them.
const OPENING_IMPERATIVES: &str = "
اذكر اذكري اذكرلي أذكر عرف عرفي أعط اعط أعطي اعطي أعطني اعطني أعطيني اعطيني عطني هات ابحث ابحثي لخص
لخصي تحدث تحدثي تكلم تكلمي صف صفي فسر فسري اكتب اعرض أعرض أرني ارني قدم
";

/// Requests to write something: summarise, write, translate, rephrase. Isnad writes nothing, so a reply
/// says it quotes instead (see [`asks_to_write`]).
const WRITING_VERBS: &str = "لخص لخصي لخصلي اختصر اختصري اكتب اكتبي اكتبلي ترجم ترجمي صغ صيغ الف اعد";

/// Nouns naming what a request asks for (أعطني معلومات عن …، نبذة عن …): part of the frame when only
/// frame words stand before them and عن or حول follows.
const REQUEST_NOUNS: &str = "معلومات معلومة نبذة لمحة ملخص تعريف شرح تفاصيل فكرة";

/// Words joining a frame: before a request word (هل يمكنك، لو سمحت، من فضلك، أن تخبرني) ...
const LEADING_GLUE: &str = "هل لو من أن ان";

/// ... or right after one (قل لي، أريد أن، حدثني عن).
const TRAILING_GLUE: &str = "لي لنا أن ان عن حول";

/// What may follow a request noun for it to be one.
const ABOUT: &str = "عن حول";

/// Greetings a message may open with (the longest that fits is taken).
const GREETINGS: &[&str] = &[
    "السلام عليكم ورحمة الله وبركاته",
    "السلام عليكم ورحمة الله",
    "السلام عليكم",
    "سلام عليكم",
    "مرحبا بكم",
    "مرحبا بك",
    "مرحبا",
    "مرحبتين",
    "أهلا وسهلا",
    "أهلا",
    "أهلين",
    "هلا والله",
    "هلا",
    "هاي",
    "صباح الخير",
    "صباح النور",
    "مساء الخير",
    "مساء النور",
    "تحية طيبة",
    "hi",
    "hello",
];

/// Thanks a message may open or close with.
const THANKS: &[&str] = &[
    "شكرا جزيلا",
    "شكرا لكم",
    "شكرا لك",
    "شكرا",
    "وشكرا",
    "ألف شكر",
    "مشكور",
    "مشكورين",
    "أشكرك",
    "أشكركم",
    "أشكرك جزيلا",
    "تسلم يدك",
    "جزاك الله خيرا",
    "جزاكم الله خيرا",
    "الله يعطيك العافية",
    "يعطيك العافية",
    "thank you",
    "thanks",
];

/// What an asker may say about asking before the question (عندي سؤال: …، سمعت أن …): their own words,
/// never the corpus's.
const ASKING: &[&str] = &[
    "عندي سؤال بسيط",
    "عندي سؤال سريع",
    "عندي سؤال",
    "لدي سؤال",
    "عندي استفسار",
    "لدي استفسار",
    "سؤال بسيط",
    "سؤال سريع",
    "سؤال",
    "استفسار",
    "سمعت أن",
    "قرأت أن",
    "هل صحيح أن",
    "هل من الصحيح أن",
    "هل حقا أن",
    "صحيح أن",
    "ماذا تعرف عن",
    "ماذا تعرفين عن",
    "ماذا تعرفون عن",
    "ماذا تعلم عن",
    "ما الذي تعرفه عن",
    "ما الذي تعرفينه عن",
    // Asking for the news on a subject: the subject is what to search ("ما آخر الأخبار عن روسيا؟"
    // would otherwise quote a passage for الإخباري). With no subject, see `LATEST`.
    "ما آخر الأخبار عن",
    "ما آخر الأخبار حول",
    "ما هي آخر الأخبار عن",
    "ما هي آخر الأخبار حول",
    "آخر الأخبار عن",
    "آخر الأخبار حول",
    "أحدث الأخبار عن",
    "ما آخر أخبار",
    "آخر أخبار",
    "ما آخر مستجدات",
    "آخر مستجدات",
    "ما الجديد عن",
    "ما الجديد حول",
];

/// What an asker says wanting to know, which may follow what they say about themselves ("أنا طالب وعندي
/// بحث عن كازاخستان وأريد أن أعرف لماذا …"): the question starts after the last of them.
const WANTING_TO_KNOW: &[&str] = &[
    "أريد أن أعرف",
    "أود أن أعرف",
    "أريد معرفة",
    "أود معرفة",
    "بدي أعرف",
    "ودي أعرف",
    "حاب أعرف",
    "أبغى أعرف",
    "عايز أعرف",
    "سؤالي هو",
    "سؤالي",
];

/// What a message asks when it asks the bot about itself, as the whole of what it asks (after any
/// greeting or request frame): who or what it is, what it does, how to use it, where its answers come
/// from, help. Addressed to the
/// bot in the second person or naming "this bot", so never a question a corpus answers ("ما هو البوت؟"
/// asks about bots and is searched).
const ABOUT_BOT: &[&str] = &[
    "من أنت",
    "من تكون أنت",
    "ما أنت",
    "مين أنت",
    "شو أنت",
    "إيش أنت",
    "وش أنت",
    "هل أنت بوت",
    "هل أنت روبوت",
    "هل أنت إنسان",
    "هل أنت ذكاء اصطناعي",
    "هل أنت برنامج",
    "أنت بوت",
    "كم عمرك",
    "من صنعك",
    "من برمجك",
    "من طورك",
    "من أنشأك",
    "هل تفهم الإنجليزية",
    "هل تتكلم الإنجليزية",
    "هل تتحدث الإنجليزية",
    "ما اسمك",
    "شو اسمك",
    "إيش اسمك",
    "وش اسمك",
    "ما هذا البوت",
    "ما هو هذا البوت",
    "ما هذا الروبوت",
    "ما فائدة هذا البوت",
    "كيف يعمل هذا البوت",
    "ماذا يمكنك أن تفعل",
    "ما عملك",
    "ما وظيفتك",
    "ما هي وظيفتك",
    "كيف أستخدمك",
    "كيف أستخدم البوت",
    "كيف أستخدم هذا البوت",
    "كيف أسألك",
    "ما مصادرك",
    "ما هي مصادرك",
    "ما المصادر التي لديك",
    "ما هي المصادر التي لديك",
    "من أين معلوماتك",
    "من أين تأتي بمعلوماتك",
    "ساعدني",
    "مساعدتي",
    "مساعدة",
    "المساعدة",
    "help",
    "help me",
    "who are you",
    "what are you",
    "what can you do",
];

/// What a message asks when it asks for what is new, with no subject (ما آخر الأخبار؟، ما الجديد؟), as
/// the whole of what it asks: see [`crate::latest`].
const LATEST: &[&str] = &[
    "آخر الأخبار",
    "ما آخر الأخبار",
    "ما هي آخر الأخبار",
    "أحدث الأخبار",
    "ما أحدث الأخبار",
    "آخر المستجدات",
    "ما آخر المستجدات",
    "ما هي آخر المستجدات",
    "آخر المقالات",
    "ما آخر المقالات",
    "أحدث المقالات",
    "ما أحدث المقالات",
    "ما الجديد",
    "ما هو الجديد",
    "شو الجديد",
    "إيش الجديد",
    "وش الجديد",
    "شو في جديد",
    "هل من جديد",
    "latest news",
];

/// Requests that may close a question (… من فضلك؟).
const CLOSING_REQUESTS: &[&str] = &["من فضلك", "من فضلكم", "لو سمحت", "لو سمحتم", "لطفا", "رجاء"];

/// What a message that is nothing but courtesy says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Courtesy {
    /// السلام عليكم (answered with وعليكم السلام).
    Salam,
    /// Any other greeting.
    Greeting,
    /// Thanks.
    Thanks,
    /// A question to the bot about itself (من أنت؟، كيف أستخدمك؟، ساعدني).
    AboutBot,
}

struct Lists {
    request: HashSet<String>,
    opening: HashSet<String>,
    imperatives: HashSet<String>,
    writing: HashSet<String>,
    nouns: HashSet<String>,
    about: HashSet<String>,
    leading: HashSet<String>,
    trailing: HashSet<String>,
    greetings: Vec<Vec<String>>,
    asking: Vec<Vec<String>>,
    wanting: Vec<Vec<String>>,
    thanks: Vec<Vec<String>>,
    closing: Vec<Vec<String>>,
    about_bot: Vec<Vec<String>>,
    latest: Vec<Vec<String>>,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    let set = |list: &str| list.split_whitespace().map(normalize).collect::<HashSet<String>>();
    let phrases = |list: &[&str]| -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = list.iter().map(|p| p.split_whitespace().map(normalize).collect()).collect();
        out.sort_by_key(|p| std::cmp::Reverse(p.len()));
        out
    };
    LISTS.get_or_init(|| Lists {
        request: set(WORDS),
        opening: set(OPENING_VERBS),
        imperatives: set(OPENING_IMPERATIVES),
        writing: set(WRITING_VERBS),
        nouns: set(REQUEST_NOUNS),
        about: set(ABOUT),
        leading: set(LEADING_GLUE),
        trailing: set(TRAILING_GLUE),
        greetings: phrases(GREETINGS),
        asking: phrases(ASKING),
        wanting: phrases(WANTING_TO_KNOW),
        thanks: phrases(THANKS),
        closing: phrases(CLOSING_REQUESTS),
        about_bot: phrases(ABOUT_BOT),
        latest: phrases(LATEST),
    })
}

/// One word of a message: normalised, with its byte range.
pub(super) struct Word {
    pub(super) text: String,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// How a message divides: courtesy and request frame, the question, closing courtesy (in words).
struct Parts {
    words: Vec<Word>,
    /// Words before the question.
    opening: usize,
    /// Words after it.
    closing: usize,
    /// The opening greeting or thanks, if any.
    greeting: Option<Courtesy>,
    /// True when thanks close the message.
    thanked: bool,
}

impl Parts {
    /// True when what the message asks, between its opening and closing courtesies and frames, is one
    /// of `phrases` exactly.
    fn asks_only(&self, phrases: &[Vec<String>]) -> bool {
        // The closing is counted after the opening, so the two never overlap; `get` keeps it so.
        let asked = self.words.get(self.opening..self.words.len().saturating_sub(self.closing)).unwrap_or(&[]);
        !asked.is_empty()
            && phrases.iter().any(|p| p.len() == asked.len() && p.iter().zip(asked).all(|(p, w)| *p == w.text))
    }
}

/// The longest of `phrases` that `words` begin with (`from_end`: end with), in words.
fn phrase_len(words: &[Word], phrases: &[Vec<String>], from_end: bool) -> usize {
    let matches = |phrase: &Vec<String>| {
        phrase.len() <= words.len() && {
            let at = if from_end { words.len() - phrase.len() } else { 0 };
            phrase.iter().zip(&words[at..]).all(|(p, w)| *p == w.text)
        }
    };
    phrases.iter().find(|p| matches(p)).map_or(0, Vec::len)
}

/// Where the question starts when `words` say wanting to know after a first word (see
/// [`WANTING_TO_KNOW`]; the phrase may carry the conjunction و): after the last such phrase, if a word
/// follows it.
fn after_wanting_to_know(words: &[Word], phrases: &[Vec<String>]) -> Option<usize> {
    let starts_phrase =
        |rest: &[Word], phrase: &[String]| {
            phrase.len() < rest.len()
                && phrase.iter().zip(rest).enumerate().all(|(j, (p, w))| {
                    *p == w.text || (j == 0 && w.text.strip_prefix('و').is_some_and(|bare| bare == p))
                })
        };
    (1..words.len()).rev().find_map(|k| phrases.iter().find(|p| starts_phrase(&words[k..], p)).map(|p| k + p.len()))
}

/// Divide `question` into its opening greeting or thanks and request frame, the question, and the
/// thanks or request closing it.
fn parts(question: &str) -> Parts {
    let lists = lists();
    let words = words(question);
    let greeting_len = phrase_len(&words, &lists.greetings, false);
    let (greeting, mut i) = match (greeting_len, phrase_len(&words, &lists.thanks, false)) {
        (0, 0) => (None, 0),
        (0, n) => (Some(Courtesy::Thanks), n),
        (n, _) if words[0].text.ends_with("سلام") => (Some(Courtesy::Salam), n),
        (n, _) => (Some(Courtesy::Greeting), n),
    };
    // "شكرا على المساعدة"، "شكرا لك على ردك": what the thanks are for belongs to them.
    if greeting == Some(Courtesy::Thanks) && words.get(i).is_some_and(|w| w.text == "علي") && words.len() <= i + 3 {
        i = words.len();
    }
    let is_request = |i: usize| {
        words.get(i).is_some_and(|w| lists.request.contains(&w.text) || (i > 0 && lists.opening.contains(&w.text)))
    };
    if let Some(after) = after_wanting_to_know(&words[i..], &lists.wanting) {
        i += after;
    }
    let mut opening = i;
    let frame_start = i;
    while let Some(word) = words.get(i) {
        let asking = if opening == i { phrase_len(&words[i..], &lists.asking, false) } else { 0 };
        if asking > 0 {
            i += asking;
            opening = i;
            continue;
        }
        let first_of_frame = opening == i
            && (lists.imperatives.contains(&word.text)
                || (lists.nouns.contains(&word.text)
                    && words.get(i + 1).is_some_and(|w| lists.about.contains(&w.text))));
        if is_request(i) || first_of_frame || (opening == i && i > frame_start && lists.trailing.contains(&word.text)) {
            opening = i + 1;
        } else if !(lists.leading.contains(&word.text) && is_request(i + 1)) {
            break;
        }
        i += 1;
    }
    let rest = &words[opening.min(words.len())..];
    let thanks = phrase_len(rest, &lists.thanks, true);
    let closing = if thanks > 0 { thanks } else { phrase_len(rest, &lists.closing, true) };
    Parts { greeting, thanked: thanks > 0, opening, closing, words }
}

/// The byte range of `question` that asks: without an opening greeting, thanks or request frame and
/// without closing thanks or a closing request. The whole question when nothing would be left.
pub fn question_span(question: &str) -> Range<usize> {
    let parts = parts(question);
    let n = parts.words.len();
    if parts.opening + parts.closing >= n {
        return 0..question.len();
    }
    let start = if parts.opening == 0 { 0 } else { parts.words[parts.opening - 1].end };
    let end = if parts.closing == 0 { question.len() } else { parts.words[n - parts.closing].start };
    start..end
}

/// What a message says when it holds only courtesy and request words (مرحبا، السلام عليكم، شكرا جزيلا)
/// or asks nothing but what the bot is (من أنت؟، لو سمحت كيف أستخدمك؟): `None` when it asks the corpus
/// something.
pub fn courtesy(question: &str) -> Option<Courtesy> {
    let parts = parts(question);
    let n = parts.words.len();
    let all = parts.opening + parts.closing >= n && n > 0;
    if !all {
        return parts.asks_only(&lists().about_bot).then_some(Courtesy::AboutBot);
    }
    match (parts.greeting, parts.thanked) {
        (Some(kind), _) => Some(kind),
        (None, true) => Some(Courtesy::Thanks),
        (None, false) => None,
    }
}

/// True when a message asks the bot to write something (لخص لي …، اكتب مقالا عن …، ترجم …) rather than
/// to find it: a writing verb opens it, after any greeting or request frame. The bot still quotes what
/// it finds on the subject, and says that it quotes.
pub fn asks_to_write(question: &str) -> bool {
    let parts = parts(question);
    // The frame, and the word after it (ترجم is no frame word: "ترجم" is also a past verb).
    let opening = &parts.words[..(parts.opening + 1).min(parts.words.len())];
    opening.iter().any(|w| lists().writing.contains(&w.text))
}

/// True when a message asks for what is new and names no subject (ما آخر الأخبار؟، لو سمحت ما الجديد؟):
/// see [`crate::latest`]. "ما آخر الأخبار عن روسيا؟" names one, and is searched.
pub fn asks_latest(question: &str) -> bool {
    parts(question).asks_only(&lists().latest)
}

/// Each word of `text`, normalised, with its byte range: split where the analyser splits, so the
/// ranges line up with its terms' offsets.
pub(super) fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Word { text: normalize(&text[s..i]), start: s, end: i });
                start = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rest(question: &str) -> &str {
        question[question_span(question)].trim_matches(|c: char| !c.is_alphanumeric() && c != '؟')
    }

    #[test]
    fn a_polite_opening_is_a_frame() {
        assert_eq!(rest("لو سمحت، من يقود القوات؟"), "من يقود القوات؟");
        assert_eq!(rest("من فضلك من يقود القوات؟"), "من يقود القوات؟");
        assert_eq!(rest("هل يمكنك أن تخبرني متى بدأت الاحتجاجات؟"), "متى بدأت الاحتجاجات؟");
        assert_eq!(rest("أريد أن أعرف كم عدد الجنود"), "كم عدد الجنود");
        assert_eq!(rest("ممكن تقول لي مين رئيس كازاخستان"), "مين رئيس كازاخستان");
        assert_eq!(rest("هل تعرف أين تقع ألماتي؟"), "أين تقع ألماتي؟");
    }

    #[test]
    fn what_the_asker_says_about_asking_is_a_frame() {
        assert_eq!(rest("عندي سؤال بسيط: من يقود القوات؟"), "من يقود القوات؟");
        assert_eq!(rest("سؤال: ما موقف تركيا؟"), "ما موقف تركيا؟");
        assert_eq!(rest("مرحبا، لدي سؤال، لو سمحت متى بدأت الاحتجاجات؟"), "متى بدأت الاحتجاجات؟");
        assert_eq!(rest("سمعت أن روسيا أرسلت جنودا، كم عددهم؟"), "روسيا أرسلت جنودا، كم عددهم؟");
        assert_eq!(rest("ما آخر الأخبار عن روسيا؟"), "روسيا؟");
        assert_eq!(rest("مرحبا، آخر أخبار الاحتجاجات في ألماتي"), "الاحتجاجات في ألماتي");
        assert_eq!(rest("من آخر رئيس للاتحاد السوفيتي؟"), "من آخر رئيس للاتحاد السوفيتي؟", "آخر alone is no frame");
        assert_eq!(rest("ما السؤال الذي طرحه الصحفي؟"), "ما السؤال الذي طرحه الصحفي؟", "only at the start");
    }

    #[test]
    fn an_imperative_or_what_the_request_names_opening_a_question_is_a_frame() {
        assert_eq!(rest("اذكر أسباب الاحتجاجات"), "أسباب الاحتجاجات");
        assert_eq!(rest("عرّف منظمة معاهدة الأمن الجماعي"), "منظمة معاهدة الأمن الجماعي");
        assert_eq!(rest("أعطني معلومات عن سيرديوكوف"), "سيرديوكوف");
        assert_eq!(rest("لو سمحت تحدث عن دور تركيا"), "دور تركيا");
        assert_eq!(rest("نبذة عن توكاييف"), "توكاييف");
        assert_eq!(rest("ماذا تعرف عن نزارباييف؟"), "نزارباييف؟");
        assert_eq!(rest("هل صحيح أن روسيا أرسلت جنودا؟"), "روسيا أرسلت جنودا؟");
        // Only first: the same words inside a question are its own.
        assert_eq!(rest("ما معلومات الاستخبارات عن الهجوم؟"), "ما معلومات الاستخبارات عن الهجوم؟");
        assert_eq!(rest("متى قدم استقالته؟"), "متى قدم استقالته؟");
        assert_eq!(rest("ماذا تقول النظرية؟"), "ماذا تقول النظرية؟", "a verb with its own subject");
    }

    #[test]
    fn what_the_asker_says_of_themselves_before_wanting_to_know_is_left_out() {
        assert_eq!(
            rest("انا طالب وعندي بحث عن كازاخستان وأريد أن أعرف لماذا تدخلت روسيا هناك"),
            "لماذا تدخلت روسيا هناك"
        );
        assert_eq!(rest("قرأت المقال، سؤالي هو: من يقود القوات؟"), "من يقود القوات؟");
        assert_eq!(rest("أنا صحفي وأود معرفة عدد الجنود"), "عدد الجنود");
        assert_eq!(rest("لماذا تدخلت روسيا؟ أريد أن أعرف"), "لماذا تدخلت روسيا؟ أريد أن أعرف", "nothing after it");
    }

    #[test]
    fn greetings_and_thanks_around_a_question_are_left_out() {
        assert_eq!(rest("السلام عليكم، من يقود قوات حفظ السلام؟"), "من يقود قوات حفظ السلام؟");
        assert_eq!(rest("مرحبا، لو سمحت متى بدأت الاحتجاجات؟"), "متى بدأت الاحتجاجات؟");
        assert_eq!(rest("متى بدأت الاحتجاجات؟ شكرا جزيلا"), "متى بدأت الاحتجاجات؟");
        assert_eq!(rest("متى بدأت الاحتجاجات من فضلك؟"), "متى بدأت الاحتجاجات");
    }

    #[test]
    fn a_question_without_a_frame_is_left_whole() {
        for q in [
            "من يقود القوات؟",
            "هل من حل للأزمة؟",
            "تقول الكاتبة إن روسيا تدخلت",
            "متى بدأت الاحتجاجات؟",
            "ما هي قوات حفظ السلام",
            "هل عرف الرئيس بالأمر؟",
            "ما الذي قدم الكرملين؟",
            "عن ماذا تحدث الرئيس؟",
        ] {
            assert_eq!(question_span(q), 0..q.len(), "{q}");
        }
    }

    #[test]
    fn a_question_that_is_all_frame_keeps_its_words() {
        assert_eq!(question_span("أريد أن أعرف"), 0..("أريد أن أعرف".len()));
        assert_eq!(question_span("من فضلك"), 0..("من فضلك".len()));
    }

    #[test]
    fn a_message_asking_the_bot_about_itself_is_told_apart() {
        for q in [
            "من أنت؟",
            "من انت",
            "ما هذا البوت؟",
            "مرحبا، كيف أستخدمك؟",
            "لو سمحت ساعدني",
            "هل يمكنك مساعدتي؟",
            "ماذا يمكنك أن تفعل؟ شكرا",
            "ما المصادر التي لديك؟",
            "Who are you?",
            "هل أنت ذكاء اصطناعي؟",
            "كم عمرك؟",
            "من برمجك؟",
        ] {
            assert_eq!(courtesy(q), Some(Courtesy::AboutBot), "{q}");
        }
        // Only as the whole of what is asked, and never a question about bots or about anyone else.
        for q in [
            "من أنت يا توكاييف؟",
            "ما هو البوت؟",
            "ماذا تفعل روسيا في كازاخستان؟",
            "من يقود القوات؟",
            "ساعدني في فهم الأزمة",
            "كم عمر توكاييف؟",
            "من صنع الأزمة؟",
        ] {
            assert_eq!(courtesy(q), None, "{q}");
        }
    }

    #[test]
    fn a_request_to_write_is_told_apart_from_a_question() {
        for q in ["لخص لي أحداث كازاخستان", "من فضلك اكتب مقالا عن المنظمة", "ترجم: قوات حفظ السلام", "أعد صياغة هذا"]
        {
            assert!(asks_to_write(q), "{q}");
        }
        for q in ["من كتب المقال؟", "متى ترجم الكتاب؟", "ما الدول التي لخصت موقفها؟", "اذكر أسباب الاحتجاجات", ""]
        {
            assert!(!asks_to_write(q), "{q}");
        }
    }

    #[test]
    fn a_message_asking_what_is_new_with_no_subject_is_told_apart() {
        for q in ["ما آخر الأخبار؟", "مرحبا، ما الجديد؟", "لو سمحت أحدث الأخبار", "شو الجديد"]
        {
            assert!(asks_latest(q), "{q}");
        }
        let courtesy_alone = ["شكرا", "من فضلك", "مرحبا شكرا"];
        for q in ["ما آخر الأخبار عن روسيا؟", "من آخر رئيس للاتحاد السوفيتي؟", "ما الجديد في الاتفاقية؟", "آخر", ""]
            .into_iter()
            .chain(courtesy_alone)
        {
            assert!(!asks_latest(q), "{q}");
        }
    }

    #[test]
    fn a_message_of_courtesy_alone_is_told_apart() {
        assert_eq!(courtesy("السلام عليكم"), Some(Courtesy::Salam));
        assert_eq!(courtesy("السلام عليكم ورحمة الله وبركاته!"), Some(Courtesy::Salam));
        assert_eq!(courtesy("مرحبا"), Some(Courtesy::Greeting));
        assert_eq!(courtesy("Hello"), Some(Courtesy::Greeting));
        assert_eq!(courtesy("شكرًا جزيلًا"), Some(Courtesy::Thanks));
        assert_eq!(courtesy("جزاك الله خيرا"), Some(Courtesy::Thanks));
        assert_eq!(courtesy("اشكرك"), Some(Courtesy::Thanks));
        assert_eq!(courtesy("شكراااا"), Some(Courtesy::Thanks), "stretched for emphasis");
        assert_eq!(courtesy("مرحباااا"), Some(Courtesy::Greeting));
        assert_eq!(courtesy("شكرا لك على المساعدة"), Some(Courtesy::Thanks));
        assert_eq!(courtesy("شكرًا على ردك السريع"), Some(Courtesy::Thanks));
        for asks in ["السلام عليكم، من يقود القوات؟", "حفظ السلام", "السلام", "أريد أن أعرف", "", "شكرا، ومن أرسل القوات؟"]
        {
            assert_eq!(courtesy(asks), None, "{asks}");
        }
    }
}
