//! Every user-facing sentence, in Arabic, in one place.

/// Heading above the quoted results.
pub const RESULTS_HEADER: &str = "إليك أقرب ما وجدته في المصادر:";
/// Heading above a later page of results.
pub const MORE_RESULTS_HEADER: &str = "نتائج إضافية:";
/// Label before a passage's source.
pub const SOURCE_LABEL: &str = "المصدر";
/// Nothing relevant in the corpus.
pub const NO_ANSWER: &str = "لم أجد في المصادر المتاحة ما يجيب عن هذا السؤال.";
/// What to try after no answer.
pub const NO_ANSWER_HINT: &str = "جرّب صياغة السؤال بكلمات أخرى، أو اطّلع على المصادر المتاحة عبر الأمر /sources.";
/// An empty question.
pub const EMPTY_QUESTION: &str = "اكتب سؤالك بالعربية، وسأبحث لك عنه في المصادر.";

/// A question cut to the length limit.
pub fn truncated_note(max_chars: usize) -> String {
    format!("سؤالك طويل، فاكتفيت بأول {max_chars} حرف منه.")
}
