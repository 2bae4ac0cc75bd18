//! Page chrome: the navigation, share buttons and bylines a saved web page carries around its article.
//!
//! Removed line by line before indexing, so a passage never quotes "تابعنا" or a breadcrumb trail.
//! The rules are generic (any outlet's pages), never keyed to a particular article.

use crate::arabic::normalize_for_match;

/// Lines that are page furniture whole.
const CHROME_LINES: &[&str] = &[
    "تابعنا",
    "تابعونا",
    "مقالات ذات صلة",
    "مواضيع ذات صلة",
    "أخبار ذات صلة",
    "زر الذهاب إلى الأعلى",
    "اقرأ أيضا",
    "اقرأ أيضًا",
    "إقرأ أيضا",
    "شارك",
    "شارك المقال",
    "شارك هذا المقال",
    "مشاركة",
    "الأكثر قراءة",
    "الأكثر مشاهدة",
    "اشترك في النشرة البريدية",
    "إعلان",
    "المصدر",
];

/// Section labels that pages glue to a byline ("داليا زيادةمقالات رأي").
const SECTION_LABELS: &[&str] = &["مقالات رأي", "مقالات الرأي", "آراء", "مقالات"];

/// Openings of a link to another story ("اقرأ أيضا: عنوان خبر آخر") or of the outlet's credit line
/// ("المصدر: وكالات"): furniture when the line is short, as a headline or a credit is.
const TEASER_PREFIXES: &[&str] = &["اقرأ أيضا", "اقرأ أيضًا", "إقرأ أيضا", "اقرأ المزيد", "طالع أيضا", "المصدر:"];

/// Most words in a teaser or credit line (a headline's length); a longer line is the article's.
const MAX_TEASER_WORDS: usize = 20;

/// Lines that start a copyright notice.
const COPYRIGHT_PREFIXES: &[&str] = &["حقوق النشر", "جميع الحقوق محفوظة", "©", "Copyright"];

/// True when the trimmed line is page chrome. `names` are the article's source and author, whose
/// byline on a line of its own carries no content.
pub fn is_chrome_line(line: &str, names: &[&str]) -> bool {
    let norm = normalize_for_match(line);
    if norm.is_empty() {
        return true;
    }
    let words = norm.split(' ').count();
    let same = |s: &str| normalize_for_match(s) == norm;
    CHROME_LINES.iter().any(|c| same(c))
        || names.iter().any(|n| !n.trim().is_empty() && same(n))
        || (words <= 6 && SECTION_LABELS.iter().any(|l| norm.ends_with(&normalize_for_match(l))))
        || COPYRIGHT_PREFIXES.iter().any(|p| line.trim_start().starts_with(p))
        || (words <= MAX_TEASER_WORDS && TEASER_PREFIXES.iter().any(|p| norm.starts_with(&normalize_for_match(p))))
        || is_breadcrumb(line)
        || is_bare_date(line)
}

/// "الرئيسة \\ تقارير \\ عنوان": a path of three steps or more, every step before the last a few words.
/// A line that opens a quotation with « uses » to close it, not as a path separator: Arabic news
/// writes «...» around every name and quote, and such lines are the article's own.
fn is_breadcrumb(line: &str) -> bool {
    if line.contains("http") {
        return false;
    }
    let quotes = line.contains('«');
    let mut path = line.replace(" > ", "\u{1}").replace(" / ", "\u{1}").replace(['\\', '›'], "\u{1}");
    if !quotes {
        path = path.replace('»', "\u{1}");
    }
    let steps: Vec<&str> = path.split('\u{1}').map(str::trim).filter(|s| !s.is_empty()).collect();
    steps.len() >= 3 && steps[..steps.len() - 1].iter().all(|s| s.split_whitespace().count() <= MAX_STEP_WORDS)
}

/// Most words in a breadcrumb's step before the last (a section's name, not a sentence).
const MAX_STEP_WORDS: usize = 4;

/// A line holding only a date and perhaps a weekday ("10.01.2022", "الاحد 9/1/2022").
fn is_bare_date(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty() || words.len() > 3 {
        return false;
    }
    let is_date = |w: &str| {
        let digits = w.chars().filter(|c| c.is_numeric()).count();
        digits >= 4 && w.contains(['.', '/', '-']) && w.chars().all(|c| c.is_numeric() || matches!(c, '.' | '/' | '-'))
    };
    words.iter().any(|w| is_date(w)) && words.iter().all(|w| is_date(w) || w.chars().all(|c| !c.is_numeric()))
}

/// Remove chrome lines from `text`, keeping every other line as it was.
pub fn strip_chrome(text: &str, names: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || is_chrome_line(trimmed, names) {
            continue;
        }
        out.push_str(trimmed);
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_navigation_lines() {
        for line in ["تابعنا", "مقالات ذات صلة", "زر الذهاب إلى الأعلى", "حقوق النشر: بروجيكت سنديكيت."]
        {
            assert!(is_chrome_line(line, &[]), "{line}");
        }
    }

    #[test]
    fn removes_breadcrumbs_bylines_and_dates() {
        assert!(is_chrome_line("الرئيسة \\  تقارير  \\  عنوان المقال", &[]));
        assert!(is_chrome_line("الرئيسية » أخبار العالم » آسيا » احتجاجات في كازاخستان", &[]));
        assert!(is_chrome_line("الرئيسية > سياسة > عنوان الخبر كاملا هنا", &[]));
        assert!(is_chrome_line("داليا زيادةمقالات رأي", &[]));
        assert!(is_chrome_line("ساسة بوست", &["ساسة بوست"]));
        assert!(is_chrome_line("10.01.2022", &[]));
        assert!(is_chrome_line("الاحد 9/1/2022", &[]));
        assert!(is_chrome_line("اقرأ أيضاً: روسيا ترسل قوات إلى كازاخستان", &[]));
        assert!(is_chrome_line("المصدر: الجزيرة + وكالات", &[]));
    }

    #[test]
    fn keeps_article_text() {
        for line in [
            "احتجاجات غير مسبوقة",
            "وفي عام 2009 أسس التكتل قوة رد سريع قوامها 20 ألف عنصر.",
            "مشاهد من الانفلات الأمني",
            "عام 2002",
            "طوّق «جيش الإسلام» و«جبهة النصرة» في الغوطة الشرقية «الإشكالات» بينهما.",
            "قال إن الخيار ظل بين التفاوض / التصعيد / الانتظار طوال أشهر من المحادثات التي لم تنته بعد إلى شيء.",
        ] {
            assert!(!is_chrome_line(line, &["ساسة بوست"]), "{line}");
        }
    }

    #[test]
    fn strip_keeps_order_and_drops_blank_lines() {
        let page = "تابعنا\n\nالفقرة الأولى.\nمقالات ذات صلة\nالفقرة الثانية.\n";
        assert_eq!(strip_chrome(page, &[]), "الفقرة الأولى.\nالفقرة الثانية.");
    }
}
