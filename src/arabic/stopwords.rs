//! Arabic stopwords: function words, pronouns, question words in standard and dialect forms, and the
//! request frames around a question.
//!
//! The list is written in ordinary spelling and normalised once on first use, so it always agrees with
//! the analyser. Question words matter most: a question's frame (ما، ماذا، شو، ليش ...) says nothing
//! about which passage answers it.

use rustc_hash::FxHashSet as HashSet;
use std::sync::OnceLock;

use super::normalize::normalize;

/// Function words of Modern Standard Arabic (after Lucene's Arabic list, extended).
const FUNCTION_WORDS: &str = "
من ومن منها منه منهم منذ في وفي فيها فيه فيهم و ف ثم او أو ب بها به بهم ل لها له لهم ك
ا أ اى اي أي أى لا ولا الا ألا إلا لكن ولكن لكنه ما وما كما فما عن مع اذا إذا ان أن إن انها أنها
إنها انه أنه إنه بان بأن فان فأن وان وأن وإن التى التي الذى الذي الذين اللذين اللتين اللاتي اللواتي
الى الي إلى إلي على عليها عليه عليهم اما أما إما ايضا أيضا كل وكل لم ولم لن ولن هى هي هو وهى وهي
وهو فهى فهي فهو هم هن هما انت أنت انتم أنتم انا أنا نحن لك لكم لنا هذه هذا هذان هاتان هؤلاء تلك ذلك
أولئك هناك هنا كانت كان يكون تكون وكانت وكان غير بعض قد وقد لقد نحو بين بينما ضمن حيث الان الآن
خلال بعد قبل حتى عند عندما لدى لذلك كذلك إذ اذ أي ايّ ليس ليست سوف سـ ثمة قط بل أم او إذن لو لولا
كي لكي لأن لان حين حينما مثل عبر أمام وراء فوق تحت دون سوى عدة جدا فقط أيضاً مما فيما بما عما
ممن لما كلما ذات ذو ذي تم يتم وهذا وهذه وذلك وتلك ال اللتي اللتى الذى اللذي يوجد توجد
";

/// Question words, standard and dialect (Levantine, Gulf, Iraqi, Egyptian, Maghrebi).
const QUESTION_WORDS: &str = "
ما ماذا لماذا لم من متى أين اين كيف هل أهل كم أي ايش إيش أيش شو شنو شنهو وش ويش ليش ليه لية
فين وين منين امتى إمتى ايمتى إيمتى ازاي إزاي كيفاش علاش شلون مين منو اش آش واش إيه ايه
قديش قديه أديش قداش شقد اشقد شحال اشحال وقتاش فوقاش شكون اشكون فاين ماهو ماهي ماهى
";

/// Words that frame a question without asking (dialect demonstratives, pronouns, relatives).
const QUESTION_FRAME_WORDS: &str = "
هيك كده كدا ده دي دا اللي هاد هادا هادي هذي
عن وش هو هي الذي التي لي
";

fn build() -> HashSet<String> {
    FUNCTION_WORDS
        .split_whitespace()
        .chain(QUESTION_WORDS.split_whitespace())
        .chain(QUESTION_FRAME_WORDS.split_whitespace())
        .chain(super::request::WORDS.split_whitespace())
        .map(normalize)
        .filter(|w| !w.is_empty())
        .collect()
}

fn set() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(build)
}

/// True when the normalised word is a stopword, alone or behind a conjunction or preposition
/// (وما، فهل، بماذا، لمن).
pub fn is_stopword(normalized: &str) -> bool {
    holds(set(), normalized, &['و', 'ف', 'ب', 'ل', 'ك'])
}

/// True when `words` holds `word`, alone or behind one of the one-letter `prefixes` with two letters or
/// more left.
fn holds(words: &HashSet<String>, word: &str, prefixes: &[char]) -> bool {
    words.contains(word)
        || word.strip_prefix(prefixes).is_some_and(|rest| rest.chars().nth(1).is_some() && words.contains(rest))
}

/// Question words that, behind و inside a sentence, open a second question ("متى بدأت الاحتجاجات وكم عدد
/// القتلى"): those that only ask. ما and من are left out: behind و they as often mean "and what" or
/// "and from" (ومن ثم، وما زال).
const JOINING_QUESTION_WORDS: &str = "كم متى أين اين لماذا كيف هل ماذا وين ليش امتى إمتى مين";

/// True when the words at `words` (as written) open a second question inside a sentence: و joined to a
/// question word that only asks (وكم، ومتى، وهل), or a lone و before one (و متى).
pub fn opens_joined_question<'a>(mut words: impl Iterator<Item = &'a str>) -> bool {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    let asks = WORDS.get_or_init(|| JOINING_QUESTION_WORDS.split_whitespace().map(normalize).collect());
    let Some(first) = words.next().map(normalize) else { return false };
    match first.strip_prefix('و') {
        Some("") => words.next().is_some_and(|next| asks.contains(&normalize(next))),
        Some(rest) => asks.contains(rest),
        None => false,
    }
}

/// True when `text` opens with a question word, alone or behind و or ف ("وكم عدد الجنود").
pub fn opens_with_question_word(text: &str) -> bool {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    let words = WORDS.get_or_init(|| QUESTION_WORDS.split_whitespace().map(normalize).collect());
    text.split_whitespace().next().is_some_and(|first| holds(words, &normalize(first), &['و', 'ف']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::normalize::normalize;

    fn stop(word: &str) -> bool {
        is_stopword(&normalize(word))
    }

    #[test]
    fn standard_question_words_are_stopwords() {
        for w in ["ما", "ماذا", "من", "متى", "أين", "كيف", "لماذا", "هل", "كم", "أي"] {
            assert!(stop(w), "{w}");
        }
    }

    #[test]
    fn dialect_question_words_are_stopwords() {
        for w in [
            "شو",
            "ليش",
            "وش",
            "ايش",
            "فين",
            "امتى",
            "مين",
            "ازاي",
            "بدي",
            "هيك",
            "قديش",
            "قدّاش",
            "شحال",
            "وقتاش",
            "شكون",
        ] {
            assert!(stop(w), "{w}");
        }
    }

    #[test]
    fn request_and_politeness_frames_are_stopwords() {
        for w in ["فضلك", "سمحت", "يمكنك", "بإمكانك", "تخبرني", "اشرح", "ودي", "حاب", "أتعرف"]
        {
            assert!(stop(w), "{w}");
        }
    }

    #[test]
    fn reporting_verbs_stay_terms() {
        for w in ["تقول", "توضح", "يقول", "قال", "أخبر", "تعرف"] {
            assert!(!stop(w), "{w}");
        }
    }

    #[test]
    fn conjunction_before_a_stopword_is_still_a_stopword() {
        assert!(stop("وما"));
        assert!(stop("فهل"));
        assert!(stop("والتي"));
        assert!(stop("بماذا"));
        assert!(stop("لمن"));
    }

    #[test]
    fn content_words_are_kept() {
        for w in ["كازاخستان", "الوقود", "روسيا", "جندي", "وزير", "مورتازاشفيلي", "بيت", "لب", "كهف"]
        {
            assert!(!stop(w), "{w}");
        }
    }
}
