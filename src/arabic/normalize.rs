//! Character-level Arabic normalisation, as Lucene's `ArabicNormalizer` plus digits and Persian letters.
//!
//! Diacritics and tatweel are dropped; alef/hamza forms, alef maqsura, taa marbuta and the hamza seats
//! are unified; Arabic-Indic and Persian digits become ASCII; Latin is lower-cased. The same function
//! serves indexing, queries and gold-phrase comparison, so all three agree.

/// What one input character becomes once normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mapped {
    /// The character is dropped (a diacritic, tatweel, a zero-width joiner).
    Drop,
    /// The character becomes this one.
    Char(char),
}

/// True for Arabic diacritics (harakat, Quranic marks, superscript alef) and tatweel.
pub fn is_diacritic_or_tatweel(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{0640}')
}

/// True for a letter of the Arabic alphabet proper (hamza to yeh), as normalised text writes it.
pub fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

/// True when `text` holds no Arabic letter and a letter of another alphabet (Latin, Cyrillic, Greek …;
/// digits and punctuation are no alphabet): a question in another language than the corpus's.
pub fn in_another_alphabet(text: impl IntoIterator<Item = char>) -> bool {
    let (mut arabic, mut other) = (false, false);
    for c in text {
        if is_arabic_letter(c) {
            arabic = true;
        } else if c.is_alphabetic() {
            other = true;
        }
    }
    other && !arabic
}

/// True when `c` belongs inside a word: letters, digits, and the marks normalisation drops.
///
/// ASCII and the Arabic block are decided by range (the general Unicode lookup is the analyser's
/// hottest path otherwise).
pub fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        _ if c.is_ascii() => false,
        // Arabic punctuation and signs: ، ؍ ؎ ؏ ؛ ؞ ؟ ٪ ٫ ٬ ٭ ۔ and the number signs.
        '\u{0600}'..='\u{060F}' | '\u{061B}'..='\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}' => false,
        '\u{0610}'..='\u{061A}'
        | '\u{0620}'..='\u{0669}'
        | '\u{066E}'..='\u{06D3}'
        | '\u{06D5}'..='\u{06FC}'
        | '\u{06FF}' => true,
        _ => c.is_alphanumeric() || is_diacritic_or_tatweel(c) || matches!(c, '\u{200C}' | '\u{200D}'),
    }
}

/// Normalise one character.
pub fn map_char(c: char) -> Mapped {
    if c.is_ascii() {
        return Mapped::Char(c.to_ascii_lowercase());
    }
    if is_diacritic_or_tatweel(c) || matches!(c, '\u{200C}' | '\u{200D}' | '\u{200F}' | '\u{200E}') {
        return Mapped::Drop;
    }
    let mapped = match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ی' | 'ې' | 'ئ' => 'ي',
        'ة' | 'ۀ' | 'ە' | 'ھ' => 'ه',
        'ؤ' => 'و',
        'ک' | 'گ' | 'ڭ' => 'ك',
        // Letters of Persian, Kurdish and Maghrebi writing that Arabic text uses for p, v, g, ch and zh
        // in foreign names, read as the letter they are drawn on: one writer's الپيشمرگة or ڤيتامين is
        // another's البيشمركة or فيتامين.
        'پ' => 'ب',
        'ڤ' | 'ڥ' => 'ف',
        'چ' => 'ج',
        'ژ' => 'ز',
        'ڨ' => 'ق',
        '\u{0660}'..='\u{0669}' => digit(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => digit(c as u32 - 0x06F0),
        '\u{0600}'..='\u{06FF}' => c,
        _ if c.is_uppercase() => return lower(c),
        _ => c,
    };
    Mapped::Char(mapped)
}

fn digit(value: u32) -> char {
    char::from_digit(value, 10).unwrap_or('0')
}

fn lower(c: char) -> Mapped {
    let mut lowered = c.to_lowercase();
    match (lowered.next(), lowered.next()) {
        (Some(l), None) => Mapped::Char(l),
        _ => Mapped::Char(c),
    }
}

/// Arabic presentation forms (ligatures and contextual shapes) that NFKC turns back into letters.
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Push the normalised form of `c` onto `out`.
pub fn push_normalized(c: char, out: &mut String) {
    if is_presentation_form(c) {
        use unicode_normalization::char::decompose_compatible;
        decompose_compatible(c, |d| push_mapped(d, out));
    } else {
        push_mapped(c, out);
    }
}

fn push_mapped(c: char, out: &mut String) {
    if let Mapped::Char(m) = map_char(c) {
        out.push(m);
    }
}

/// Normalise a whole text, keeping everything but dropped marks (punctuation and spaces stay), letters
/// stretched for emphasis written once (see [`collapse_stretched_letters`]).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_normalized(c, &mut out);
    }
    collapse_stretched_letters(&mut out);
    out
}

/// An Arabic letter written three times or more in a row, as chat stretches a word for emphasis
/// (السلاااام، كتيييير، بيقوووود), written once: no Arabic word repeats a letter three times running
/// (a doubled letter is written once with a shadda, or twice: ممكن، طاووس). Digits and Latin stay.
pub fn collapse_stretched_letters(text: &mut String) {
    if !has_stretched_letter(text) {
        return;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let mut run = 1;
        while chars.peek() == Some(&c) {
            chars.next();
            run += 1;
        }
        let kept = if run >= 3 && is_arabic_letter(c) { 1 } else { run };
        out.extend(std::iter::repeat_n(c, kept));
    }
    *text = out;
}

fn has_stretched_letter(text: &str) -> bool {
    let mut run = (None, 0);
    for c in text.chars() {
        run = if run.0 == Some(c) { (run.0, run.1 + 1) } else { (Some(c), 1) };
        if run.1 >= 3 && is_arabic_letter(c) {
            return true;
        }
    }
    false
}

/// Normalise for comparing phrases: normalised words joined by single spaces, punctuation dropped.
///
/// This is what the evaluation compares gold phrases with, as `arnorm.py` does.
pub fn normalize_for_match(text: &str) -> String {
    let normalized = normalize(text);
    let mut out = String::with_capacity(normalized.len());
    for word in normalized.split(|c: char| !(c.is_alphanumeric() || c == '%' || c == '_')) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_alphabet_needs_its_letters_and_no_arabic_one() {
        for text in ["What?", "миротворцы", "https://example.com"] {
            assert!(in_another_alphabet(text.chars()), "{text}");
        }
        for text in ["2022", "؟؟", "من هو Tokayev؟", "ما هي CSTO؟", ""] {
            assert!(!in_another_alphabet(text.chars()), "{text}");
        }
    }

    #[test]
    fn a_letter_stretched_for_emphasis_is_written_once() {
        assert_eq!(normalize("السلاااام"), normalize("السلام"));
        assert_eq!(normalize("بيقوووود"), "بيقود");
        assert_eq!(normalize("ممكن طاووس"), "ممكن طاووس", "a letter written twice stays twice");
        assert_eq!(normalize("2000 جندي"), "2000 جندي", "digits stay");
        assert_eq!(normalize("zzz"), "zzz", "Latin stays");
    }

    #[test]
    fn strips_diacritics_and_tatweel() {
        assert_eq!(normalize("كَمْ عَدَدُ سُكَّانِ"), "كم عدد سكان");
        assert_eq!(normalize("يُـظـهِـر"), "يظهر");
    }

    #[test]
    fn unifies_alef_hamza_yaa_and_taa_marbuta() {
        assert_eq!(normalize("أسعار إلى آسيا"), "اسعار الي اسيا");
        assert_eq!(normalize("منظمة معاهدة"), "منظمه معاهده");
        assert_eq!(normalize("مسؤول رئيس"), "مسوول رييس");
    }

    #[test]
    fn letters_added_for_foreign_sounds_read_as_their_base_letter() {
        assert_eq!(normalize("الپيشمرگة"), normalize("البيشمركة"));
        assert_eq!(normalize("ڤيتامين ديڤيد"), "فيتامين ديفيد");
        assert_eq!(normalize("چ ژ ڨ ڥ ڭ"), "ج ز ق ف ك");
    }

    #[test]
    fn maps_arabic_indic_and_persian_digits_to_ascii() {
        assert_eq!(normalize("٢٥٠٠ جندي"), "2500 جندي");
        assert_eq!(normalize("۱۹۹۲"), "1992");
    }

    #[test]
    fn lowercases_latin_and_unfolds_presentation_forms() {
        assert_eq!(normalize("CSTO Krytyka"), "csto krytyka");
        assert_eq!(normalize("\u{FEFB}"), "لا");
    }

    #[test]
    fn word_characters_by_range_agree_with_unicode() {
        for c in ('\u{0600}'..='\u{06FF}').chain('\u{0020}'..='\u{007F}') {
            let general = c.is_alphanumeric() || is_diacritic_or_tatweel(c);
            let unassigned_or_sign =
                matches!(c, '\u{0600}'..='\u{060F}' | '\u{061B}'..='\u{061F}' | '\u{06DD}' | '\u{06DE}' | '\u{06E9}');
            if !unassigned_or_sign {
                assert_eq!(is_word_char(c), general, "{c:?} U+{:04X}", c as u32);
            }
        }
        assert!(!is_word_char('،') && !is_word_char('؟') && !is_word_char('٪'));
    }

    #[test]
    fn match_form_drops_punctuation() {
        assert_eq!(normalize_for_match("«أسعار الوقود»، و(الغاز)!"), "اسعار الوقود و الغاز");
    }
}
