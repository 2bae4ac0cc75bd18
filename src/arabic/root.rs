//! Root-level forms: a word's three-letter root, found by stripping affixes and matching the morphological
//! patterns (أوزان) of Arabic, after the ISRI stemmer (Taghva, Elkhoury and Coombs, 2005), extended for
//! hollow and defective roots and for broken plurals.
//!
//! Light stemming keeps يقود، قائد، قاد، قيادة apart, and جنود from جندي; their roots meet (قود، جند). A
//! root is much coarser than a stem (كاتب and مكتوب and كتاب share كتب), so it is a secondary, low-weight
//! signal beside the stems. The rules are a table of patterns over letter positions, never a list of
//! words.
//!
//! Input is a normalised word (see [`super::normalize`]: ة is ه, ى and ئ are ي, أ إ آ are ا, ؤ is و).
//! Weak radicals are written canonically so every form of a root meets: a weak middle radical (و، ي، ا،
//! or the hamza seat ي of قائل) as و, a weak last radical as ي.

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
    // Six letters: استفعل، مستفعل، افتعال، انفعال، تفاعيل، مفاعيل
    Pattern { shape: "است***" },
    Pattern { shape: "مست***" },
    Pattern { shape: "ا*ت*ا*" },
    Pattern { shape: "ان**ا*" },
    Pattern { shape: "ت*ا*ي*" },
    Pattern { shape: "م*ا*ي*" },
    // Five letters: مفعول، مفاعل، تفعيل، أفعال، فواعل، افتعل، تفاعل، مفتعل، انفعل، فعائل، فعاليل
    Pattern { shape: "م**و*" },
    Pattern { shape: "م*ا**" },
    Pattern { shape: "ت**ي*" },
    Pattern { shape: "ا**ا*" },
    Pattern { shape: "*وا**" },
    Pattern { shape: "ا*ت**" },
    Pattern { shape: "ت*ا**" },
    Pattern { shape: "م*ت**" },
    Pattern { shape: "ان***" },
    Pattern { shape: "*ا*ي*" },
    // Four letters: فاعل، يفعل/تفعل/نفعل، فعال، فعول، فعيل، مفعل، أفعل
    Pattern { shape: "*ا**" },
    Pattern { shape: "ي***" },
    Pattern { shape: "ت***" },
    Pattern { shape: "ن***" },
    Pattern { shape: "**ا*" },
    Pattern { shape: "**و*" },
    Pattern { shape: "**ي*" },
    Pattern { shape: "م***" },
    Pattern { shape: "ا***" },
];

/// The radicals of `letters` under `pattern`, when it fits.
fn radicals(letters: &[char], pattern: &Pattern) -> Option<Vec<char>> {
    let shape: Vec<char> = pattern.shape.chars().collect();
    if shape.len() != letters.len() {
        return None;
    }
    let mut out = Vec::with_capacity(3);
    for (&p, &c) in shape.iter().zip(letters) {
        if p == '*' {
            out.push(c);
        } else if p != c {
            return None;
        }
    }
    (out.len() == 3).then_some(out)
}

/// Three radicals written canonically: a weak middle as و, a weak last as ي.
fn canonical(mut radicals: Vec<char>) -> String {
    if is_weak(radicals[1]) {
        radicals[1] = 'و';
    }
    if is_weak(radicals[2]) {
        radicals[2] = 'ي';
    }
    radicals.into_iter().collect()
}

/// A two-letter stem left by a hollow or defective verb (قل from قال's imperative, رم) or a doubled root
/// (مد): its root, by the commonest case, a weak middle radical.
fn from_two(letters: &[char]) -> String {
    [letters[0], 'و', letters[1]].iter().collect()
}

/// `word` without one prefix from `PREFIXES` (three letters or more must remain).
fn strip_prefix(word: &[char]) -> &[char] {
    for prefix in PREFIXES {
        let p: Vec<char> = prefix.chars().collect();
        if word.len() >= p.len() + 3 && word.starts_with(&p) {
            return &word[p.len()..];
        }
    }
    // A conjunction or preposition alone, or an imperfect prefix, before four letters or more.
    match word.first() {
        Some('و' | 'ف' | 'ب' | 'ل' | 'ي' | 'ت' | 'ن') if word.len() >= 5 => &word[1..],
        _ => word,
    }
}

/// `word` without suffixes, longest first, repeatedly (pronoun after a plural ending), while three
/// letters or more remain.
fn strip_suffixes(mut word: &[char]) -> &[char] {
    'again: loop {
        for suffix in SUFFIXES {
            let s: Vec<char> = suffix.chars().collect();
            if word.len() >= s.len() + 3 && word.ends_with(&s) {
                word = &word[..word.len() - s.len()];
                continue 'again;
            }
        }
        return word;
    }
}

/// The root of a normalised word, or `None` for words too short, too long, or not Arabic letters.
pub fn root(word: &str) -> Option<String> {
    let letters: Vec<char> = word.chars().collect();
    if letters.len() < 2 || letters.len() > 12 || !letters.iter().all(|c| ('\u{0621}'..='\u{064A}').contains(c)) {
        return None;
    }
    let stem = strip_suffixes(strip_prefix(&letters));
    Some(root_of_stem(stem))
}

fn root_of_stem(stem: &[char]) -> String {
    match stem.len() {
        2 => from_two(stem),
        3 => canonical(stem.to_vec()),
        _ => {
            if let Some(found) = PATTERNS.iter().find_map(|p| radicals(stem, p)) {
                return canonical(found);
            }
            // A broken plural or pattern whose long vowel sits between radicals (فعائل, فعالى).
            let consonants: Vec<char> = stem.iter().copied().filter(|&c| c != 'ا').collect();
            if consonants.len() == 3 {
                return canonical(consonants);
            }
            // Quadriliteral roots and the unmatched: the stem itself.
            stem.iter().collect()
        }
    }
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
    fn short_foreign_and_non_arabic_words_do_not_break() {
        assert_eq!(root("csto"), None);
        assert_eq!(root("م"), None);
        assert!(root(&normalize("كازاخستان")).is_some());
        assert_eq!(r("من"), "مون", "two letters: the commonest reading, a weak middle");
    }
}
