//! A name written in Latin letters inside an Arabic question ("من هو Tokayev؟") and the corpus's Arabic
//! spelling of it (توكاييف) reduced to one comparable shape, so the question can find it without a
//! dictionary of names.
//!
//! Both spellings become a [`Shape`]: the consonants, each in a class of letters that transliteration
//! confuses (ت/ط and t, ك/ق and c/k/q, ج/غ and g/j …; a doubled one counted once), and which of the gaps
//! around them hold a vowel, of which kind (a; i or e; o or u). Arabic writes only long vowels (ا و ي), so
//! an Arabic word spells a Latin one when their consonants are the same, each of its vowels stands where
//! the Latin word has a vowel of its kind, and it writes at least half of them: توكاييف and Tokayev,
//! بلينكن and Blinken, بوتين and Putin, بايدن and Biden; not تقف (no vowel where Tokayev has three), not
//! قوبل for Kabul (و where Kabul has a). Three consonants at least: shorter shapes say too little. Of the
//! words that spell a name, those writing the most of its vowels are taken (ستالين, not ستعلن too). Some
//! names still meet an Arabic word of the same letters (Gandhi and جندي): like any near spelling, such a
//! match weighs less than the word itself would.

use rustc_hash::FxHashMap as HashMap;

use super::normalize::{is_arabic_letter, normalize};

/// Fewest consonants a shape needs to be compared.
pub const MIN_CONSONANTS: usize = 3;

/// Most vowel gaps tracked (a consonant more is still compared, its gap not).
const MAX_GAPS: usize = 32;

/// A word's consonant classes and the gaps (before the first consonant, between two, after the last)
/// that hold a vowel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    /// One byte a consonant class (an ASCII letter; see `arabic_class`).
    pub consonants: Vec<u8>,
    /// Bit `i`: a vowel stands before consonant `i` (bit `consonants.len()`: after the last).
    pub vowels: u32,
    /// Three bits a gap (the first `KIND_GAPS`): which vowels its letters can be, `A`, `I`, `U`.
    pub kinds: u64,
}

/// A vowel read as a (ا، a).
const A: u8 = 1;
/// A vowel read as i or e (ي، i, e, y).
const I: u8 = 2;
/// A vowel read as u or o (و، o, u, w).
const U: u8 = 4;
/// Gaps whose vowel kinds are kept (three bits each in a `u64`).
const KIND_GAPS: usize = 21;

fn kind_at(kinds: u64, gap: usize) -> u8 {
    if gap < KIND_GAPS {
        ((kinds >> (3 * gap)) & 7) as u8
    } else {
        A | I | U
    }
}

impl Shape {
    /// True when `arabic` (a corpus word's shape) can be a spelling of `latin` (a question word's):
    /// the same consonants, every Arabic vowel where the Latin word has one, and at least half of the
    /// Latin word's vowels written (all of them when it has three consonants).
    pub fn spells(arabic: &Shape, latin: &Shape) -> bool {
        arabic.consonants == latin.consonants && latin.written_by(arabic.vowels, arabic.kinds).is_some()
    }

    /// How many of this (Latin) shape's vowels an Arabic word with its consonants writes, with vowels in
    /// the gaps `vowels` of the kinds `kinds`; `None` when it cannot spell it: a vowel where the Latin
    /// word has none, one of another kind (و for a, ي for o: Kabul is not قوبل), or fewer than half of
    /// the Latin word's vowels written.
    fn written_by(&self, vowels: u32, kinds: u64) -> Option<u32> {
        if vowels & !self.vowels != 0 {
            return None;
        }
        let agrees = (0..32).filter(|g| vowels >> g & 1 == 1).all(|g| kind_at(kinds, g) & kind_at(self.kinds, g) != 0);
        let written = vowels.count_ones();
        (agrees && written >= self.vowels.count_ones().div_ceil(2)).then_some(written)
    }
}

/// Builds a shape one consonant class or vowel at a time.
#[derive(Default)]
struct ShapeBuilder {
    shape: Shape,
    /// The kinds of the vowel letters since the last consonant (0: none).
    pending: u8,
}

impl ShapeBuilder {
    fn consonant(&mut self, class: u8) {
        // A doubled letter is one (Russell's ss, مدّ written مدد); a vowel between two keeps them apart.
        if self.shape.consonants.last() == Some(&class) && self.pending == 0 {
            return;
        }
        self.close_gap();
        self.shape.consonants.push(class);
    }

    fn vowel(&mut self, kinds: u8) {
        self.pending |= kinds;
    }

    fn close_gap(&mut self) {
        let gap = self.shape.consonants.len();
        if self.pending != 0 && gap < MAX_GAPS {
            self.shape.vowels |= 1 << gap;
            if gap < KIND_GAPS {
                self.shape.kinds |= u64::from(self.pending) << (3 * gap);
            }
        }
        self.pending = 0;
    }

    fn finish(mut self) -> Option<Shape> {
        self.close_gap();
        (self.shape.consonants.len() >= MIN_CONSONANTS).then_some(self.shape)
    }
}

/// The class of a letter of normalised Arabic text (every alef is ا, ى and ئ are ي, ؤ is و, ة is ه, and
/// the letters added for foreign sounds, پ ڤ گ چ ژ, are the letter they are drawn on), `Some(0)` for a long
/// vowel or a glottal stop, `None` for a character that is not an Arabic letter. ع is a class no Latin
/// letter has: names from other languages do not hold it, and read as a vowel it let Arabic words
/// (بعيدين، المعكرونة) spell them (Biden, Macron).
fn arabic_class(c: char) -> Option<u8> {
    Some(match c {
        'ا' | 'و' | 'ي' | 'ء' => 0,
        'ع' => b'e',
        'ب' => b'b',
        'ت' | 'ط' | 'ث' => b't',
        'ج' | 'غ' => b'g',
        'ح' | 'ه' => b'h',
        'خ' => b'x',
        'د' | 'ض' | 'ذ' => b'd',
        'ر' => b'r',
        'ز' | 'ظ' => b'z',
        'س' | 'ص' => b's',
        'ش' => b'c',
        'ف' => b'f',
        'ق' | 'ك' => b'k',
        'ل' => b'l',
        'م' => b'm',
        'ن' => b'n',
        _ => return None,
    })
}

/// The shape of a normalised Arabic word; `None` when it holds another character or too few
/// consonants. A final ه (ة or the pronoun) is left out: Latin names rarely write it.
pub fn arabic_shape(word: &str) -> Option<Shape> {
    let word = word.strip_suffix('ه').unwrap_or(word);
    let mut shape = ShapeBuilder::default();
    for (i, c) in word.chars().enumerate() {
        match arabic_class(c)? {
            // A word's first alef carries whatever vowel it opens with (إسطنبول، أوباما، أردوغان).
            0 if i == 0 => shape.vowel(A | I | U),
            0 => shape.vowel(match c {
                'ا' | 'ء' => A,
                'ي' => I,
                _ => U,
            }),
            class => shape.consonant(class),
        }
    }
    shape.finish()
}

/// The shape of a word in Latin letters (any case); `None` when it holds another character or too few
/// consonants. Digraphs count as the one Arabic letter they stand for (kh خ, sh ش, th ث, gh غ, ph ف);
/// c is س before e, i, y and ك elsewhere; w and y are read as vowels, as Arabic writes them (و، ي), a as
/// `A`, e, i and y as `I`, o, u and w as `U`.
pub fn latin_shape(word: &str) -> Option<Shape> {
    if !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let word = word.to_ascii_lowercase();
    let letters = word.as_bytes();
    let mut shape = ShapeBuilder::default();
    let mut i = 0;
    while i < letters.len() {
        let next = letters.get(i + 1).copied();
        let (class, width) = match (letters[i], next) {
            (b'k', Some(b'h')) => (b'x', 2),
            (b's' | b'c', Some(b'h')) => (b'c', 2),
            (b't' | b'd', Some(b'h')) => (letters[i], 2),
            (b'g', Some(b'h')) => (b'g', 2),
            (b'p', Some(b'h')) => (b'f', 2),
            (b'z', Some(b'h')) => (b'g', 2),
            (b'a', _) => (A, 1),
            (b'e' | b'i' | b'y', _) => (I, 1),
            (b'o' | b'u' | b'w', _) => (U, 1),
            (b'b' | b'p', _) => (b'b', 1),
            (b't', _) => (b't', 1),
            (b'g' | b'j', _) => (b'g', 1),
            (b'h', _) => (b'h', 1),
            (b'd', _) => (b'd', 1),
            (b'r', _) => (b'r', 1),
            (b'z', _) => (b'z', 1),
            (b's', _) => (b's', 1),
            (b'c', Some(b'e' | b'i' | b'y')) => (b's', 1),
            (b'c' | b'k' | b'q', _) => (b'k', 1),
            (b'f' | b'v', _) => (b'f', 1),
            (b'l', _) => (b'l', 1),
            (b'm', _) => (b'm', 1),
            (b'n', _) => (b'n', 1),
            (b'x', _) => {
                shape.consonant(b'k');
                (b's', 1)
            }
            _ => return None,
        };
        // The vowel kinds (1, 2, 4) lie below every consonant class, an ASCII letter.
        if class <= U {
            shape.vowel(class);
        } else {
            shape.consonant(class);
        }
        i += width;
    }
    shape.finish()
}

/// A corpus word filed under its consonants: its shape's vowel gaps and kinds, and the word.
type Filed = (u32, u64, Box<str>);

/// A corpus's Arabic words by their consonants, to find the ones that spell a Latin word.
#[derive(Debug, Default)]
pub struct Spellings {
    by_consonants: HashMap<Box<[u8]>, Vec<Filed>>,
    /// How many of the texts read hold each word.
    texts_holding: HashMap<Box<str>, u32>,
}

impl Spellings {
    /// The distinct words of `texts` (normalised) with a shape; a word opening with the article is
    /// filed under its shape without it too (الكرملين under Kremlin's), keeping the word itself.
    pub fn of_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Spellings {
        let mut spellings = Spellings::default();
        for text in texts {
            let text = normalize(text);
            // Each word once a text: counted by the texts holding it, as an index counts passages.
            let mut words: Vec<&str> = text
                .split(|c: char| !is_arabic_letter(c))
                .filter(|w| w.chars().nth(MIN_CONSONANTS - 1).is_some())
                .collect();
            words.sort_unstable();
            words.dedup();
            for word in words {
                if let Some(n) = spellings.texts_holding.get_mut(word) {
                    *n += 1;
                    continue;
                }
                spellings.texts_holding.insert(word.into(), 1);
                let bare = word.strip_prefix("ال").filter(|rest| rest.chars().nth(MIN_CONSONANTS - 1).is_some());
                for shape in [Some(word), bare].into_iter().flatten().filter_map(arabic_shape) {
                    spellings.by_consonants.entry(shape.consonants.into()).or_default().push((
                        shape.vowels,
                        shape.kinds,
                        word.into(),
                    ));
                }
            }
        }
        spellings
    }

    /// How many of the texts read hold `word` (0 for a word never seen).
    pub fn texts_holding(&self, word: &str) -> u32 {
        self.texts_holding.get(word).copied().unwrap_or(0)
    }

    /// The words that can spell the Latin word `latin` (see [`Shape::spells`]) and write the most of its
    /// vowels: a corpus that writes ستالين gives that, not ستعلن too.
    pub fn of_latin(&self, latin: &str) -> Vec<&str> {
        let mut found: Vec<(u32, &str)> = Vec::new();
        let Some(shape) = latin_shape(latin) else { return Vec::new() };
        for (vowels, kinds, word) in self.by_consonants.get(shape.consonants.as_slice()).into_iter().flatten() {
            if let Some(written) = shape.written_by(*vowels, *kinds) {
                found.push((written, word));
            }
        }
        let best = found.iter().map(|(written, _)| *written).max().unwrap_or(0);
        let mut words: Vec<&str> = found.into_iter().filter(|(w, _)| *w == best).map(|(_, word)| word).collect();
        words.sort_unstable();
        words.dedup();
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::normalize;

    fn spells(arabic: &str, latin: &str) -> bool {
        match (arabic_shape(&normalize(arabic)), latin_shape(latin)) {
            (Some(a), Some(l)) => Shape::spells(&a, &l),
            _ => false,
        }
    }

    #[test]
    fn a_name_meets_its_arabic_spelling() {
        for (arabic, latin) in [
            ("توكاييف", "Tokayev"),
            ("نزارباييف", "Nazarbayev"),
            ("بلينكن", "Blinken"),
            ("سيرديوكوف", "Serdyukov"),
            ("بوتين", "Putin"),
            ("كازاخستان", "Kazakhstan"),
            ("ألماتي", "Almaty"),
            ("موسكو", "Moscow"),
            ("كرملين", "Kremlin"),
            ("أردوغان", "Erdogan"),
            ("لوكاشينكو", "Lukashenko"),
            ("بيسكوف", "Peskov"),
            ("باشينيان", "Pashinyan"),
            ("سبوتنيك", "Sputnik"),
            ("سامسونج", "Samsung"),
            ("بايدن", "Biden"),
            ("نيوتن", "Newton"),
            ("تسلا", "Tesla"),
            ("ستالين", "Stalin"),
            ("روحاني", "Rouhani"),
            ("إسطنبول", "Istanbul"),
            ("سامسونغ", "Samsung"),
        ] {
            assert!(spells(arabic, latin), "{arabic} / {latin}");
        }
    }

    #[test]
    fn a_word_with_the_same_letters_but_no_vowels_where_the_name_has_them_does_not() {
        for (arabic, latin) in [
            ("تقف", "Tokayev"),
            ("يتوقف", "Tokayev"),
            ("بطن", "Putin"),
            ("كتب", "Kitab"),
            ("قوبل", "Kabul"),
            ("تريد", "Trudeau"),
            ("تواصل", "Tesla"),
            ("ريحاني", "Rouhani"),
            ("لونين", "Lenin"),
            ("دوران", "Darwin"),
            ("بعيدين", "Biden"),
            ("معكرون", "Macron"),
        ] {
            assert!(!spells(arabic, latin), "{arabic} / {latin}");
        }
        assert!(!spells("روسيا", "Tokayev"), "other consonants");
    }

    #[test]
    fn a_corpus_gives_the_words_that_spell_a_latin_name() {
        let corpus = ["قال توكاييف إن الكرملين لم يتوقف", "وصل بوتين، ثم توكاييف، إلى ألماتي"];
        let spellings = Spellings::of_texts(corpus);
        assert_eq!(spellings.of_latin("Tokayev"), vec!["توكاييف"]);
        assert_eq!((spellings.texts_holding("توكاييف"), spellings.texts_holding("بوتين")), (2, 1));
        assert_eq!(spellings.of_latin("Kremlin"), vec!["الكرملين"], "under its shape without the article");
        assert_eq!(spellings.of_latin("Almaty"), vec!["الماتي"], "and with it");
        assert_eq!(spellings.of_latin("Putin"), vec!["بوتين"]);
        assert!(spellings.of_latin("Biden").is_empty());
        assert!(spellings.of_latin("كازاخستان").is_empty(), "Latin only");
    }

    #[test]
    fn short_or_foreign_words_have_no_shape() {
        let csto = latin_shape("CSTO").expect("three consonants");
        assert_eq!((csto.consonants.as_slice(), csto.vowels), (&b"kst"[..], 1 << 3));
        assert_eq!(latin_shape("UN"), None, "one consonant");
        assert_eq!(latin_shape("covid19"), None, "a digit");
        assert_eq!(latin_shape("Путин"), None, "Cyrillic");
        assert_eq!(arabic_shape("روس"), None, "two consonants");
        assert_eq!(arabic_shape("abc"), None);
    }
}
