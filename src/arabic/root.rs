//! Root-level forms: a word's three-letter root, found by stripping affixes and matching the morphological
//! patterns (أوزان) of Arabic, after the ISRI stemmer (Taghva, Elkhoury and Coombs, 2005), extended for
//! hollow and defective roots and for broken plurals.
//!
//! Light stemming keeps يقود، قائد، قاد، قيادة apart, and جنود from جندي; their roots meet (قود، جند). A
//! root is much coarser than a stem (كاتب and مكتوب and كتاب share كتب), so it is a secondary, low-weight
//! signal beside the stems. The rules are a table of patterns over letter positions, never a list of
//! words.
//!
//! Affixes of two letters or more (the article, plural and pronoun endings) come off first; a pattern of
//! five letters or more is tried even before the suffixes (تعاون is تفاعل, not تعا with the plural ون).
//! One-letter affixes come off only when no pattern fits the word with them, as in ISRI: a pronoun ك,
//! a verb's ت or an imperfect prefix is often a radical or part of a pattern (اشتبك is افتعل). Rules
//! and their order were chosen by the share of words whose root a published dictionary names
//! (`scripts/root_accuracy.py`).
//!
//! Input is a normalised word (see `normalize`: ة is ه, ى and ئ are ي, أ إ آ are ا, ؤ is و).
//! Weak radicals are written canonically so every form of a root meets: a weak middle radical (و، ي، ا،
//! or the hamza seat ي of قائل) as و, a weak last radical as ي.

use std::sync::OnceLock;

use super::normalize::is_arabic_letter;

/// Prefixes, longest first: conjunction + preposition + article, the article, future and imperfect
/// markers. One of them is removed, and only while three letters or more remain.
const PREFIXES: &[&str] =
    &["وبال", "وكال", "فبال", "وللا", "وال", "فال", "بال", "كال", "لل", "ال", "وسي", "وست", "وسن", "سي", "ست", "سن"];

/// Suffixes, longest first: pronouns, plural and dual endings, verb endings, the feminine ه (ة).
const SUFFIXES: &[&str] = &[
    "تموها",
    "تهما",
    "تهم",
    "تها",
    "تين",
    "تان",
    "كما",
    "هما",
    "ونه",
    "وها",
    "يها",
    "يهم",
    "ات",
    "ون",
    "ين",
    "ان",
    "ها",
    "هم",
    "هن",
    "كم",
    "كن",
    "نا",
    "وا",
    "تم",
    "تن",
    "يه",
    "ه",
    "ي",
    "ك",
    "ت",
];

/// Letters that are radicals only in weak roots.
fn is_weak(c: char) -> bool {
    matches!(c, 'ا' | 'و' | 'ي')
}

/// A pattern: its length and, per position, either a fixed letter or a radical slot.
struct Pattern {
    /// Letters of the pattern, `*` for a radical.
    shape: &'static str,
}

/// Patterns, tried in order; among patterns of one length, the order settles ambiguity the way that is
/// right most often: فاعل before the imperfect prefixes (قائد، مالك), the imperfect prefixes before the
/// long-vowel patterns (يقود، تقوم), those before مفعل and أفعل (ملوك before مكتب). Radicals are the `*`s.
const PATTERNS: &[Pattern] = &[
    // Seven letters: استفعال
    Pattern { shape: "است**ا*" },
    // Six letters: استفعل، مستفعل، افتعال، انفعال، تفاعيل، مفاعيل، متفاعل
    Pattern { shape: "است***" },
    Pattern { shape: "مست***" },
    Pattern { shape: "ا*ت*ا*" },
    Pattern { shape: "ان**ا*" },
    Pattern { shape: "ت*ا*ي*" },
    Pattern { shape: "م*ا*ي*" },
    Pattern { shape: "مت*ا**" },
    Pattern { shape: "يست***" },
    Pattern { shape: "تست***" },
    Pattern { shape: "يت*ا**" },
    // Five letters: مفعول، مفاعل، تفعيل، أفعال، تفاعل، فواعل، افتعل، مفتعل، متفعّل، انفعل، فعائل، فعاليل
    Pattern { shape: "م**و*" },
    Pattern { shape: "م*ا**" },
    Pattern { shape: "ت**ي*" },
    Pattern { shape: "ا**ا*" },
    Pattern { shape: "ت*ا**" },
    Pattern { shape: "*وا**" },
    Pattern { shape: "ا*ت**" },
    Pattern { shape: "م*ت**" },
    Pattern { shape: "مت***" },
    Pattern { shape: "يت***" },
    Pattern { shape: "ي*ت**" },
    Pattern { shape: "ي*ا**" },
    Pattern { shape: "ين***" },
    Pattern { shape: "ان***" },
    Pattern { shape: "**اي*" },
    Pattern { shape: "*ا*ي*" },
    // Four letters: فاعل، يفعل/تفعل، أفال/إفالة and مفال/مفيل of a hollow root (two radicals, the weak
    // middle one left out: أيام، إدارة، مجال، مدير), فعال، نفعل، فعول، فعيل، مفعل، أفعل
    Pattern { shape: "*ا**" },
    Pattern { shape: "ي***" },
    Pattern { shape: "ت***" },
    Pattern { shape: "ا*ا*" },
    Pattern { shape: "م*ا*" },
    Pattern { shape: "م*ي*" },
    Pattern { shape: "**ا*" },
    Pattern { shape: "ن***" },
    Pattern { shape: "**و*" },
    Pattern { shape: "**ي*" },
    Pattern { shape: "م***" },
    Pattern { shape: "ا***" },
];

/// The affixes and pattern shapes as letters, decoded once: `root` runs for every word indexed and every
/// candidate passage's word re-ranked, and decoding them there was most of its cost.
struct Letters {
    prefixes: Vec<Vec<char>>,
    suffixes: Vec<Vec<char>>,
    patterns: Vec<Vec<char>>,
}

fn letters() -> &'static Letters {
    static LETTERS: OnceLock<Letters> = OnceLock::new();
    LETTERS.get_or_init(|| Letters {
        prefixes: decoded(PREFIXES.iter().copied()),
        suffixes: decoded(SUFFIXES.iter().copied()),
        patterns: decoded(PATTERNS.iter().map(|p| p.shape)),
    })
}

fn decoded<'a>(words: impl Iterator<Item = &'a str>) -> Vec<Vec<char>> {
    words.map(|w| w.chars().collect()).collect()
}

/// The radicals of `letters` under the pattern `shape`, when it fits.
fn radicals(letters: &[char], shape: &[char]) -> Option<[char; 3]> {
    if shape.len() != letters.len() {
        return None;
    }
    let (mut out, mut found) = (['\0'; 3], 0);
    for (&p, &c) in shape.iter().zip(letters) {
        if p == '*' {
            *out.get_mut(found)? = c;
            found += 1;
        } else if p != c {
            return None;
        }
    }
    match found {
        3 => Some(out),
        // A hollow root's pattern names two radicals; the weak middle one is written canonically.
        2 => Some([out[0], 'و', out[1]]),
        _ => None,
    }
}

/// Three radicals written canonically: a weak middle as و, a weak last as ي.
fn canonical(mut radicals: [char; 3]) -> String {
    if is_weak(radicals[1]) {
        radicals[1] = 'و';
    }
    if is_weak(radicals[2]) {
        radicals[2] = 'ي';
    }
    radicals.iter().collect()
}

/// A two-letter stem left by a hollow or defective verb (قل from قال's imperative, رم) or a doubled root
/// (مد): its root, by the commonest case, a weak middle radical.
fn from_two(letters: &[char]) -> String {
    [letters[0], 'و', letters[1]].iter().collect()
}

/// `word` without one prefix from `PREFIXES`, or else without a one-letter prefix before four letters or
/// more.
fn strip_prefix(word: &[char]) -> &[char] {
    let rest = strip_listed_prefix(word);
    if rest.len() < word.len() {
        return rest;
    }
    without_one_letter_prefix(word).filter(|rest| rest.len() >= 4).unwrap_or(word)
}

/// `word` without suffixes of `shortest` letters or more, longest first, repeatedly (a pronoun after a
/// plural ending), while three letters or more remain.
fn strip_suffixes(mut word: &[char], shortest: usize) -> &[char] {
    'again: loop {
        for suffix in letters().suffixes.iter().filter(|s| s.len() >= shortest) {
            if word.len() >= suffix.len() + 3 && word.ends_with(suffix) {
                word = &word[..word.len() - suffix.len()];
                continue 'again;
            }
        }
        return word;
    }
}

/// `word` without one prefix from `PREFIXES`, all of two letters or more (three letters or more must
/// remain).
fn strip_listed_prefix(word: &[char]) -> &[char] {
    letters()
        .prefixes
        .iter()
        .find(|prefix| word.len() >= prefix.len() + 3 && word.starts_with(prefix))
        .map_or(word, |prefix| &word[prefix.len()..])
}

/// `word` without a one-letter ending (a pronoun ك or ي, a verb's ت), when three letters or more remain.
fn without_one_letter_suffix(word: &[char]) -> Option<&[char]> {
    (word.len() >= 4 && matches!(word.last(), Some('ك' | 'ت' | 'ي'))).then(|| &word[..word.len() - 1])
}

/// `word` without a one-letter prefix (a conjunction or preposition, or an imperfect prefix), when three
/// letters or more remain.
fn without_one_letter_prefix(word: &[char]) -> Option<&[char]> {
    (word.len() >= 4 && matches!(word.first(), Some('و' | 'ف' | 'ب' | 'ل' | 'ي' | 'ت' | 'ن'))).then(|| &word[1..])
}

/// Longest word given a root; longer ones are not Arabic words.
const MAX_LETTERS: usize = 12;

/// The root of a normalised word, or `None` for words too short, too long, or not Arabic letters.
/// Called for every word indexed and every candidate passage's word re-ranked, so it works on the
/// stack with affixes decoded once: the only allocation is the root it returns.
pub fn root(word: &str) -> Option<String> {
    let mut letters = ['\0'; MAX_LETTERS];
    let mut len = 0;
    for c in word.chars() {
        if len == MAX_LETTERS || !is_arabic_letter(c) {
            return None;
        }
        letters[len] = c;
        len += 1;
    }
    if len < 2 {
        return None;
    }
    let word = &letters[..len];
    let unprefixed = strip_listed_prefix(word);
    // A pattern of five letters or more is matched before any suffix comes off: تعاون is تفاعل, not تعا
    // with the plural ون.
    let tried_whole = unprefixed.len() >= 5;
    if tried_whole {
        if let Some(found) = by_pattern(unprefixed) {
            return Some(found);
        }
    }
    let base = strip_suffixes(unprefixed, 2);
    // The feminine ة is an ending nearly always; a pronoun ك or ي or a verb's ت is often a radical or
    // part of the pattern, and so is a one-letter prefix. As ISRI does, patterns are matched before those
    // come off (اشتبك is افتعل, not اشتب with a pronoun).
    let base = match base {
        // فاعل of a defective root (ماضي، ثاني، نادي): the ي is its last radical.
        [a, 'ا', b, 'ي'] => return Some(canonical([*a, *b, 'ي'])),
        // A hollow verb's past with ت (قالت، زادت، قامت), far commoner than فاعل of a root ending in ت.
        [a, 'ا', b, 'ت'] => return Some(canonical([*a, 'و', *b])),
        [rest @ .., 'ه'] if rest.len() >= 3 => rest,
        _ => base,
    };
    let no_suffix = without_one_letter_suffix(base);
    let no_prefix = without_one_letter_prefix(base);
    let neither = no_suffix.and_then(without_one_letter_prefix);
    // The word as it stands, unless the patterns were already tried on it above.
    let whole = Some(base).filter(|b| !(tried_whole && b.len() == unprefixed.len()));
    // A verb's ت comes off before patterns are tried (تركت is ترك, not ركت after an imperfect ت).
    let order = if base.last() == Some(&'ت') { [no_suffix, whole] } else { [whole, no_suffix] };
    for stem in order.into_iter().chain([no_prefix, neither]).flatten() {
        if let Some(found) = by_pattern(stem) {
            return Some(found);
        }
    }
    Some(unpatterned(strip_suffixes(strip_prefix(word), 1)))
}

/// The root of a stem of three letters, or of one a pattern fits.
fn by_pattern(stem: &[char]) -> Option<String> {
    match stem.len() {
        0..=2 => None,
        3 => Some(canonical([stem[0], stem[1], stem[2]])),
        _ => letters().patterns.iter().find_map(|shape| radicals(stem, shape)).map(canonical),
    }
}

/// The root of a stem stripped of every affix when no pattern fitted it sooner.
fn unpatterned(stem: &[char]) -> String {
    if let Some(found) = by_pattern(stem) {
        return found;
    }
    if stem.len() == 2 {
        return from_two(stem);
    }
    // A broken plural or pattern whose long vowel sits between radicals (فعائل, فعالى).
    let mut consonants = stem.iter().copied().filter(|&c| c != 'ا');
    if let (Some(a), Some(b), Some(c), None) =
        (consonants.next(), consonants.next(), consonants.next(), consonants.next())
    {
        return canonical([a, b, c]);
    }
    // Quadriliteral roots and the unmatched: the stem itself.
    stem.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::normalize::normalize;

    fn r(word: &str) -> String {
        root(&normalize(word)).unwrap_or_default()
    }

    #[test]
    fn verb_agent_noun_and_verbal_noun_of_a_hollow_root_meet() {
        for word in ["يقود", "قائد", "قاد", "قيادة", "القائد", "قادة"] {
            assert_eq!(r(word), "قود", "{word}");
        }
        for word in ["قال", "يقول", "قائل", "القول"] {
            assert_eq!(r(word), "قول", "{word}");
        }
    }

    #[test]
    fn broken_plurals_meet_their_singulars() {
        assert_eq!(r("جنود"), r("جندي"));
        assert_eq!(r("الجنود"), "جند");
        assert_eq!(r("دول"), r("دولة"));
        assert_eq!(r("أعمال"), r("عمل"));
        assert_eq!(r("مجالس"), r("مجلس"));
        assert_eq!(r("كتب"), r("كتاب"));
    }

    #[test]
    fn derived_forms_reduce_to_their_radicals() {
        assert_eq!(r("مكتوب"), "كتب");
        assert_eq!(r("الكاتب"), "كتب");
        assert_eq!(r("مكتب"), "كتب");
        assert_eq!(r("اجتمع"), "جمع");
        assert_eq!(r("اجتماع"), "جمع");
        assert_eq!(r("استخدام"), "خدم");
        assert_eq!(r("مستخدم"), "خدم");
        assert_eq!(r("تدريب"), "درب");
        assert_eq!(r("انسحاب"), "سحب");
    }

    #[test]
    fn a_one_letter_ending_or_prefix_that_belongs_to_the_pattern_is_kept() {
        assert_eq!(r("اشتبك"), "شبك", "افتعل, not a pronoun ك");
        assert_eq!(r("الاشتباكات"), "شبك");
        assert_eq!(r("التعاون"), "عون", "تفاعل, not the plural ون");
        assert_eq!(r("تنظيم"), "نظم", "تفعيل, not an imperfect ت");
        assert_eq!(r("النظام"), "نظم");
        assert_eq!(r("التواصل"), "وصل");
    }

    #[test]
    fn a_verb_with_its_ending_or_prefix_meets_its_root() {
        assert_eq!(r("تركت"), "ترك");
        assert_eq!(r("تدخلت"), "دخل");
        assert_eq!(r("قالت"), "قول");
        assert_eq!(r("يستخدم"), "خدم");
        assert_eq!(r("يتعاون"), "عون");
        assert_eq!(r("يرتبط"), r("ارتباط"));
        assert_eq!(r("المتحدث"), "حدث");
    }

    #[test]
    fn hollow_and_defective_roots_meet_across_their_patterns() {
        for word in ["إدارة", "مدير", "يدير"] {
            assert_eq!(r(word), "دور", "{word}");
        }
        assert_eq!(r("إصابة"), r("مصاب"));
        assert_eq!(r("أيام"), r("يوم"));
        assert_eq!(r("الماضي"), "مضي");
        assert_eq!(r("الثاني"), "ثني");
    }

    #[test]
    fn short_foreign_and_non_arabic_words_do_not_break() {
        assert_eq!(root("csto"), None);
        assert_eq!(root("م"), None);
        assert!(root(&normalize("كازاخستان")).is_some());
        assert_eq!(r("من"), "مون", "two letters: the commonest reading, a weak middle");
    }
}
