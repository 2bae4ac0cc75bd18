//! A question as asked: cleaned, cut to a length limit, and split into the questions it holds, since
//! people ask a bot two things in one message ("من يقود القوات؟ وكم عدد الجنود؟").

use std::ops::Range;

/// Most questions answered from one message; the rest of a longer message stays with the last one, so a
/// client cannot make one message cost a ranking per question mark.
pub const MAX_PARTS: usize = 3;

/// Fewest words a stretch ending in a question mark needs to be asked on its own: "ولماذا؟", "ومتى تأسست؟"
/// or "كازاخستان؟" leans on the words beside it (and ARCD's trailing "؟ ال" is no question).
const MIN_PART_WORDS: usize = 3;

/// A question as asked: trimmed, whitespace collapsed, without links and @usernames, cut to a length
/// limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    text: String,
    truncated: bool,
    /// True when the message held links or @usernames and nothing else that could ask.
    only_links: bool,
    /// Byte ranges of the questions `text` asks, in order; one covering it all for a single question.
    parts: Vec<Range<usize>>,
    /// The question this one follows up (a reply to the answer it got), whose words help rank.
    context: Option<String>,
}

impl Question {
    /// Clean `raw` and cut it to `max_chars` characters at a word boundary. A link or an @username
    /// pasted beside the question holds none of its words, and one before it would hide its question
    /// word ("@friend من يقود؟"): both go.
    pub fn parse(raw: &str, max_chars: usize) -> Question {
        let collapsed = crate::text::without_links(raw);
        // Every link and @username holds a letter or digit, so when none is left, what went held them.
        let only_links = !collapsed.chars().any(char::is_alphanumeric) && raw.chars().any(char::is_alphanumeric);
        let cut = crate::text::cut_at_word(&collapsed, max_chars);
        let truncated = cut < collapsed.len();
        let text = collapsed[..cut].to_string();
        let parts = question_parts(&text);
        Question { text, truncated, only_links, parts, context: None }
    }

    /// True when the message held only links or @usernames (nothing to search: the bot opens no page).
    pub fn only_links(&self) -> bool {
        self.only_links
    }

    /// This question as a follow-up of `previous` (cut to `max_chars` like a question): "أين ولد؟" asked
    /// in reply to the answer to "من هو طه حسين؟". An empty `previous` is none.
    pub fn after(mut self, previous: &str, max_chars: usize) -> Question {
        let previous = Question::parse(previous, max_chars).text;
        self.context = (!previous.is_empty()).then_some(previous);
        self
    }

    /// [`Question::parse`], then [`Question::after`] `previous` when there is one.
    pub fn parse_after(raw: &str, previous: Option<&str>, max_chars: usize) -> Question {
        let question = Question::parse(raw, max_chars);
        match previous {
            Some(previous) => question.after(previous, max_chars),
            None => question,
        }
    }

    /// The question this one follows up, if any.
    pub fn context(&self) -> Option<&str> {
        self.context.as_deref()
    }

    /// The question text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when the question was cut to the length limit.
    pub fn truncated(&self) -> bool {
        self.truncated
    }

    /// The questions the message asks, each answered on its own: one, or up to [`MAX_PARTS`].
    pub fn parts(&self) -> Vec<&str> {
        self.parts.iter().map(|r| &self.text[r.clone()]).collect()
    }

    /// [`Question::parts`] as owned strings, as the embedding client takes them.
    pub fn part_texts(&self) -> Vec<String> {
        self.parts().into_iter().map(str::to_string).collect()
    }
}

fn is_question_mark(c: char) -> bool {
    c == '؟' || c == '?'
}

/// Words of `text` holding a letter or digit (a lone dash or emoji is no word, and a conjunction written
/// apart, "و متى", is part of the next one).
fn word_count(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric) && !matches!(*w, "و" | "ف")).count()
}

/// Byte ranges of the questions in `text` (whitespace already collapsed): it splits after each question
/// mark followed by a space (one inside a quotation, `؟"`, ends no question of the message), and before
/// و with a question word that only asks ("متى بدأت الاحتجاجات وكم عدد القتلى؟", see
/// [`crate::arabic::opens_joined_question`]). A stretch
/// of fewer than `MIN_PART_WORDS` words joins the question before it (or, first, the one after), as
/// do the words after the last question mark unless they open with a question word ("… ؟ أرجو الرد
/// بسرعة" asks nothing, "… ؟ وكم عدد الجنود" does); past [`MAX_PARTS`] the rest joins the last. Never
/// empty; one range covering `text` when it asks one question.
pub fn question_parts(text: &str) -> Vec<Range<usize>> {
    let mut stretches: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let asked = is_question_mark(c) && text[end..].starts_with(' ');
        let joined = c == ' '
            && start < i
            && text[end..].starts_with('و')
            && crate::arabic::opens_joined_question(text[end..].split_whitespace());
        if asked || joined {
            stretches.push(start..end);
            start = end;
        }
    }
    if start < text.len() {
        stretches.push(start..text.len());
    }
    let mut parts: Vec<Range<usize>> = Vec::new();
    let mut pending: Option<usize> = None;
    for stretch in stretches {
        let from = pending.take().unwrap_or(stretch.start);
        let said = &text[stretch.clone()];
        let asks = said.trim_end().ends_with(is_question_mark) || crate::arabic::opens_with_question_word(said);
        // Too short to ask alone, or asking nothing: it goes with a question beside it.
        let leans = word_count(said) < MIN_PART_WORDS || !asks;
        let full = parts.len() == MAX_PARTS;
        match parts.last_mut() {
            Some(last) if leans || full => last.end = stretch.end,
            None if leans => pending = Some(from),
            _ => parts.push(from..stretch.end),
        }
    }
    if let Some(from) = pending {
        parts.push(from..text.len());
    }
    let trimmed: Vec<Range<usize>> = parts.into_iter().filter_map(|r| crate::text::trim_range(text, r)).collect();
    if trimmed.is_empty() {
        std::iter::once(0..text.len()).collect()
    } else {
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<String> {
        Question::parse(text, 1000).part_texts()
    }

    #[test]
    fn links_and_usernames_leave_the_question_and_a_message_of_nothing_else_says_so() {
        let q = Question::parse("@friend من يقود القوات؟ https://example.org/a", 1000);
        assert_eq!((q.text(), q.only_links()), ("من يقود القوات؟", false));
        let link = Question::parse(" https://example.org/a  @friend ", 1000);
        assert_eq!((link.text(), link.only_links()), ("", true));
        let empty = Question::parse("؟؟", 1000);
        assert!(!empty.only_links(), "no link");
    }

    #[test]
    fn parse_collapses_whitespace_and_cuts_at_a_word() {
        let q = Question::parse("  من   يقود\nالقوات؟ ", 1000);
        assert_eq!(q.text(), "من يقود القوات؟");
        assert!(!q.truncated());
        let cut = Question::parse("كلمة أولى ثانية", 10);
        assert_eq!(cut.text(), "كلمة أولى");
        assert!(cut.truncated());
    }

    #[test]
    fn a_follow_up_keeps_the_question_it_follows_cleaned_and_cut_and_an_empty_one_is_none() {
        let alone = Question::parse("أين ولد؟", 100);
        assert_eq!(alone.context(), None);
        let follow_up = Question::parse("أين ولد؟", 100).after("  من هو\nطه حسين؟ ", 100);
        assert_eq!(follow_up.context(), Some("من هو طه حسين؟"));
        assert_eq!(follow_up.parts(), alone.parts(), "the follow-up's own questions are unchanged");
        let long = "كلمة ".repeat(50);
        let cut = Question::parse("لماذا؟", 20).after(&long, 20);
        assert!(cut.context().is_some_and(|c| c.chars().count() <= 20));
        assert_eq!(Question::parse("لماذا؟", 20).after("   ", 20).context(), None);
    }

    #[test]
    fn one_question_is_one_part() {
        assert_eq!(parts("من يقود القوات في كازاخستان؟"), ["من يقود القوات في كازاخستان؟"]);
        assert_eq!(parts("من يقود القوات"), ["من يقود القوات"]);
        assert_eq!(parts(""), [""]);
    }

    #[test]
    fn two_questions_in_one_message_are_two_parts() {
        assert_eq!(parts("من يقود القوات؟ وكم عدد الجنود؟"), ["من يقود القوات؟", "وكم عدد الجنود؟"]);
        assert_eq!(
            parts("Who leads the mission? How many soldiers came?"),
            ["Who leads the mission?", "How many soldiers came?"]
        );
        assert_eq!(parts("من يقود القوات؟ وكم عدد الجنود"), ["من يقود القوات؟", "وكم عدد الجنود"]);
    }

    #[test]
    fn a_stretch_too_short_to_ask_alone_stays_with_its_neighbour() {
        // ARCD writes a stray "ال" after some question marks; "ولماذا؟" leans on the question before it.
        assert_eq!(parts("متى ولد خاشقجي وتوفي؟ ال"), ["متى ولد خاشقجي وتوفي؟ ال"]);
        assert_eq!(parts("من يقود القوات؟ ولماذا؟"), ["من يقود القوات؟ ولماذا؟"]);
        assert_eq!(parts("ما هي المنظمة؟ ومتى تأسست؟"), ["ما هي المنظمة؟ ومتى تأسست؟"]);
        // Words after the last question mark ask only when they open with a question word.
        assert_eq!(parts("من يقود القوات؟ أرجو الرد بسرعة"), ["من يقود القوات؟ أرجو الرد بسرعة"]);
        assert_eq!(parts("من يقود القوات؟ شكرا جزيلا"), ["من يقود القوات؟ شكرا جزيلا"]);
        assert_eq!(parts("كازاخستان؟ من يقود القوات هناك؟"), ["كازاخستان؟ من يقود القوات هناك؟"]);
        assert_eq!(parts("؟ ؟ من يقود القوات؟ !"), ["؟ ؟ من يقود القوات؟ !"]);
        // A question mark inside a quotation ends none of the message's questions.
        let quoted = "ما معنى عنوان \"ماذا نعرف عن التحالف؟\" في المقال؟";
        assert_eq!(parts(quoted), [quoted]);
    }

    #[test]
    fn a_second_question_joined_by_waw_is_a_part_of_its_own() {
        assert_eq!(
            parts("متى بدأت الاحتجاجات في كازاخستان وكم عدد القتلى؟"),
            ["متى بدأت الاحتجاجات في كازاخستان", "وكم عدد القتلى؟"]
        );
        assert_eq!(parts("ما سبب الاحتجاجات و لماذا تدخلت روسيا؟"), ["ما سبب الاحتجاجات", "و لماذا تدخلت روسيا؟"]);
        // Too short to ask alone, it stays: "when and where", "how long and where buried".
        assert_eq!(parts("متى وأين ولد سليمان خان الأول؟"), ["متى وأين ولد سليمان خان الأول؟"]);
        assert_eq!(parts("كم عاش ابن خلدون وأين دفن؟"), ["كم عاش ابن خلدون وأين دفن؟"]);
        assert_eq!(parts("متى بدأت الثورة , و متى انتهت؟"), ["متى بدأت الثورة , و متى انتهت؟"], "a lone و is no word");
        // و before ما or من, or before a word that does not ask, joins no second question.
        for one in ["ما موقف تركيا ومن يدعمها؟", "من يقود القوات وما عددها؟", "ما سبب الاحتجاجات والمظاهرات؟"]
        {
            assert_eq!(parts(one), [one]);
        }
        // A stretch before it that asks nothing on its own leans on it.
        let framed = "أريد أن أعرف شيئا عن الاحتجاجات وكيف انتهت في البلاد؟";
        assert_eq!(parts(framed), [framed]);
    }

    #[test]
    fn a_message_asks_at_most_max_parts_questions() {
        let many = "من يقود القوات؟ كم عدد الجنود؟ متى وصلوا البلاد؟ أين هم الآن؟ لماذا جاؤوا إليها؟";
        let got = parts(many);
        assert_eq!(got.len(), MAX_PARTS);
        assert_eq!(got[2], "متى وصلوا البلاد؟ أين هم الآن؟ لماذا جاؤوا إليها؟");
        let forged = "ما هذا السؤال؟ ".repeat(200);
        assert_eq!(Question::parse(&forged, 1000).parts().len(), MAX_PARTS);
    }

    #[test]
    fn parts_are_slices_of_the_text() {
        let q = Question::parse("ما سبب الاحتجاجات؟ وما موقف تركيا منها؟", 1000);
        for part in q.parts() {
            assert!(q.text().contains(part));
        }
    }
}
