//! Request frames: the words around a question that ask for the answer (من فضلك، هل يمكنك أن تخبرني،
//! أريد أن أعرف، ودي أعرف) and say nothing about which passage holds it.
//!
//! A corpus rarely writes them, so as terms they would weigh like names and a polite question would read
//! as one the corpus cannot answer. Every form here is a stopword (see [`super::stopwords`]): addressed to
//! the reader or spoken by the asker. A few second- and third-person verbs (تعرف، تقول) are terms
//! elsewhere ("تقول الكاتبة"); they count as part of a frame only inside one at the question's start
//! (هل تعرف), where [`frame_end`] finds it, so the question word after the frame is seen as the question's first.

use rustc_hash::FxHashSet as HashSet;
use std::sync::OnceLock;

use super::normalize::normalize;

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

/// Words joining a frame: before a request word (هل يمكنك، لو سمحت، من فضلك، أن تخبرني) ...
const LEADING_GLUE: &str = "هل لو من أن ان";

/// ... or right after one (قل لي، أريد أن).
const TRAILING_GLUE: &str = "لي لنا أن ان";

struct Lists {
    request: HashSet<String>,
    opening: HashSet<String>,
    leading: HashSet<String>,
    trailing: HashSet<String>,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    let set = |list: &str| list.split_whitespace().map(normalize).collect::<HashSet<String>>();
    LISTS.get_or_init(|| Lists {
        request: set(WORDS),
        opening: set(OPENING_VERBS),
        leading: set(LEADING_GLUE),
        trailing: set(TRAILING_GLUE),
    })
}

/// Byte offset in `question` where its opening request frame ends (0 when it has none): the longest run
/// of words from its start made of request words (an opening verb not first), with glue words only before
/// a request word or right after one. The rest of the question is never empty: a question that is all frame has none.
pub fn frame_end(question: &str) -> usize {
    let lists = lists();
    let words = word_spans(question);
    let is_request =
        |i: usize| words.get(i).is_some_and(|(w, _)| lists.request.contains(w) || (i > 0 && lists.opening.contains(w)));
    let (mut i, mut end) = (0, 0);
    while let Some((word, _)) = words.get(i) {
        if is_request(i) || (end == i && i > 0 && lists.trailing.contains(word)) {
            end = i + 1;
        } else if !(lists.leading.contains(word) && is_request(i + 1)) {
            break;
        }
        i += 1;
    }
    match end {
        0 => 0,
        n if n >= words.len() => 0,
        n => words[n - 1].1,
    }
}

/// Each word of `text`, normalised, with the byte offset just past it.
fn word_spans(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((normalize(&text[s..i]), i));
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
        question[frame_end(question)..].trim_start_matches(|c: char| !c.is_alphanumeric())
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
    fn a_question_without_a_frame_is_left_whole() {
        for q in ["من يقود القوات؟", "هل من حل للأزمة؟", "تقول الكاتبة إن روسيا تدخلت", "متى بدأت الاحتجاجات؟"]
        {
            assert_eq!(frame_end(q), 0, "{q}");
        }
    }

    #[test]
    fn a_question_that_is_all_frame_keeps_its_words() {
        assert_eq!(frame_end("أريد أن أعرف"), 0);
        assert_eq!(frame_end("من فضلك"), 0);
    }
}
