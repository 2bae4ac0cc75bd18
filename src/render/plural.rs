//! Arabic counts that agree with their number: CLDR's six plural categories (zero, one, two, few,
//! many, other) from ICU4X, each with the noun's own form.
//!
//! "مقال واحد، مقالان، 3 مقالات، 11 مقالًا، 100 مقال": the category comes from the number's last two
//! digits (103 is "few", 111 "many", 200 "other"), which is what hand-written rules kept getting wrong.

use icu_locale_core::locale;
use icu_plurals::{PluralCategory, PluralRules};

/// A counted noun's forms, one per category; `{n}` stands for the number.
#[derive(Debug, Clone, Copy)]
pub struct Noun {
    /// 0.
    pub zero: &'static str,
    /// 1.
    pub one: &'static str,
    /// 2 (the dual, in the case the sentence needs).
    pub two: &'static str,
    /// 3-10 (and 103-110, ...).
    pub few: &'static str,
    /// 11-99 (and 111-199, ...).
    pub many: &'static str,
    /// 100, 101, 102, 200, 1000, ...
    pub other: &'static str,
}

/// Articles, as a subject or in parentheses.
pub const ARTICLES: Noun =
    Noun {
        zero: "لا مقالات", one: "مقال واحد", two: "مقالان", few: "{n} مقالات", many: "{n} مقالًا", other: "{n} مقال"
    };

/// Passages, as a subject or in parentheses.
pub const PASSAGES: Noun =
    Noun {
        zero: "لا فقرات", one: "فقرة واحدة", two: "فقرتان", few: "{n} فقرات", many: "{n} فقرة", other: "{n} فقرة"
    };

/// Files, as a subject or after a colon.
pub const FILES: Noun =
    Noun {
        zero: "لا ملفات", one: "ملف واحد", two: "ملفان", few: "{n} ملفات", many: "{n} ملفًّا", other: "{n} ملف"
    };

/// Links, as a subject or after a colon.
pub const LINKS: Noun =
    Noun {
        zero: "لا روابط", one: "رابط واحد", two: "رابطان", few: "{n} روابط", many: "{n} رابطًا", other: "{n} رابط"
    };

/// Sources (outlets and authors), as a subject or in parentheses.
pub const SOURCES: Noun =
    Noun {
        zero: "لا مصادر", one: "مصدر واحد", two: "مصدران", few: "{n} مصادر", many: "{n} مصدرًا", other: "{n} مصدر"
    };

/// Characters, after a preposition or in construct ("بأول 1000 حرف").
pub const CHARACTERS_GENITIVE: Noun =
    Noun {
        zero: "صفر حرف", one: "حرف واحد", two: "حرفين", few: "{n} أحرف", many: "{n} حرفًا", other: "{n} حرف"
    };

/// Results, after a preposition ("من 12 نتيجة").
pub const RESULTS_GENITIVE: Noun = Noun {
    zero: "لا نتائج",
    one: "نتيجة واحدة",
    two: "نتيجتين",
    few: "{n} نتائج",
    many: "{n} نتيجة",
    other: "{n} نتيجة",
};

/// Time units for durations, nominative ("مدة التشغيل: 3 ساعات") and after "قبل" ("قبل دقيقتين").
pub mod time {
    use super::Noun;

    /// Seconds, nominative.
    pub const SECONDS: Noun = Noun {
        zero: "0 ثانية",
        one: "ثانية واحدة",
        two: "ثانيتان",
        few: "{n} ثوانٍ",
        many: "{n} ثانية",
        other: "{n} ثانية",
    };
    /// Minutes, nominative.
    pub const MINUTES: Noun = Noun {
        zero: "0 دقيقة",
        one: "دقيقة واحدة",
        two: "دقيقتان",
        few: "{n} دقائق",
        many: "{n} دقيقة",
        other: "{n} دقيقة",
    };
    /// Hours, nominative.
    pub const HOURS: Noun = Noun {
        zero: "0 ساعة",
        one: "ساعة واحدة",
        two: "ساعتان",
        few: "{n} ساعات",
        many: "{n} ساعة",
        other: "{n} ساعة",
    };
    /// Days, nominative.
    pub const DAYS: Noun =
        Noun {
            zero: "0 يوم", one: "يوم واحد", two: "يومان", few: "{n} أيام", many: "{n} يومًا", other: "{n} يوم"
        };
    /// Seconds, genitive.
    pub const SECONDS_GENITIVE: Noun = Noun { two: "ثانيتين", ..SECONDS };
    /// Minutes, genitive.
    pub const MINUTES_GENITIVE: Noun = Noun { two: "دقيقتين", ..MINUTES };
    /// Hours, genitive.
    pub const HOURS_GENITIVE: Noun = Noun { two: "ساعتين", ..HOURS };
    /// Days, genitive.
    pub const DAYS_GENITIVE: Noun = Noun { two: "يومين", ..DAYS };
}

thread_local! {
    /// ICU4X's rules are not `Sync` (without its `sync` feature); one copy per thread is cheap.
    static RULES: Option<PluralRules> = PluralRules::try_new_cardinal(locale!("ar").into()).ok();
}

/// CLDR's category of `n` in Arabic.
pub fn category(n: u64) -> PluralCategory {
    RULES.with(|rules| rules.as_ref().map_or(PluralCategory::Other, |rules| rules.category_for(n)))
}

/// `n` with `noun` in the form its number takes.
pub fn count(n: u64, noun: &Noun) -> String {
    let form = match category(n) {
        PluralCategory::Zero => noun.zero,
        PluralCategory::One => noun.one,
        PluralCategory::Two => noun.two,
        PluralCategory::Few => noun.few,
        PluralCategory::Many => noun.many,
        PluralCategory::Other => noun.other,
    };
    form.replace("{n}", &n.to_string())
}

/// A duration as its largest whole unit (seconds under a minute, minutes under an hour, ...).
pub fn duration(seconds: u64, genitive: bool) -> String {
    use time::*;
    let (n, noun) = match seconds {
        0..=59 => (seconds, if genitive { SECONDS_GENITIVE } else { SECONDS }),
        60..=3599 => (seconds / 60, if genitive { MINUTES_GENITIVE } else { MINUTES }),
        3600..=86_399 => (seconds / 3600, if genitive { HOURS_GENITIVE } else { HOURS }),
        _ => (seconds / 86_400, if genitive { DAYS_GENITIVE } else { DAYS }),
    };
    count(n, &noun)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_counts_agree_with_their_number() {
        let cases = [
            (0, "لا مقالات"),
            (1, "مقال واحد"),
            (2, "مقالان"),
            (3, "3 مقالات"),
            (10, "10 مقالات"),
            (11, "11 مقالًا"),
            (99, "99 مقالًا"),
            (100, "100 مقال"),
            (101, "101 مقال"),
            (103, "103 مقالات"),
            (111, "111 مقالًا"),
            (1000, "1000 مقال"),
        ];
        for (n, want) in cases {
            assert_eq!(count(n, &ARTICLES), want, "{n}");
        }
    }

    #[test]
    fn categories_are_cldrs() {
        use PluralCategory::*;
        let got: Vec<PluralCategory> = [0, 1, 2, 3, 10, 11, 99, 100, 101, 1000].iter().map(|&n| category(n)).collect();
        assert_eq!(got, [Zero, One, Two, Few, Few, Many, Many, Other, Other, Other]);
    }

    #[test]
    fn durations_use_their_largest_unit_and_case() {
        assert_eq!(duration(5, false), "5 ثوانٍ");
        assert_eq!(duration(120, false), "دقيقتان");
        assert_eq!(duration(120, true), "دقيقتين");
        assert_eq!(duration(3 * 3600 + 5, false), "3 ساعات");
        assert_eq!(duration(11 * 86_400, true), "11 يومًا");
    }
}
