//! Every user-facing sentence, in Arabic, in one place.

/// Heading above the quoted results.
pub const RESULTS_HEADER: &str = "إليك أقرب ما وجدته في المصادر:";
/// Heading above a later page of results.
pub const MORE_RESULTS_HEADER: &str = "نتائج إضافية:";
/// Label before a passage's source.
pub const SOURCE_LABEL: &str = "المصدر";
/// Label before the link to the original.
pub const LINK_LABEL: &str = "الرابط";
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

/// Reply to `/start` and `/help`; `examples` are sample questions.
pub fn help(examples: &[String]) -> String {
    let mut text = String::from(
        "مرحبًا! أنا «إسناد»، أجيب عن أسئلتك بالعربية باقتباس أقرب الفقرات إليها من مجموعة مقالات، مع ذكر مصدر كل فقرة. لا أكتب إجابات من عندي: كل ما أرسله نص منقول يمكنك الرجوع إلى أصله.\n\nاكتب سؤالك مباشرة، مثل:",
    );
    for example in examples {
        text.push_str("\n• ");
        text.push_str(example);
    }
    text.push_str(
        "\n\nالأوامر:\n/ask سؤالك — للسؤال في المجموعات\n/sources — المصادر المتاحة\n/about — عن البوت\n\nفي أي محادثة يمكنك أيضًا كتابة اسم البوت ثم سؤالك.",
    );
    text
}

/// Reply to `/about`.
pub const ABOUT: &str = "«إسناد» بوت يبحث في مجموعة مقالات عربية ويقتبس منها أقرب الفقرات إلى سؤالك مع مصادرها. لا يولّد نصًّا ولا يؤلف إجابات، فكل ما يعرضه منقول حرفيًّا من المقالات.";
/// `/ask` without a question.
pub const EMPTY_ASK: &str = "اكتب سؤالك بعد الأمر، مثل: /ask من يقود قوات حفظ السلام؟";
/// A message the bot cannot read (a sticker, a photo, only emoji).
pub const NOT_TEXT: &str = "أستطيع البحث في النصوص فقط. اكتب سؤالك بالعربية من فضلك.";
/// A command the bot does not know.
pub const UNKNOWN_COMMAND: &str = "لا أعرف هذا الأمر. اكتب /help لمعرفة ما أستطيع فعله.";
/// Too many questions in a short time.
pub const RATE_LIMITED: &str = "وصلتني منك أسئلة كثيرة في وقت قصير. انتظر قليلًا من فضلك ثم أعد المحاولة.";
/// Something failed inside.
pub const APOLOGY: &str = "عذرًا، حدث خطأ أثناء البحث. حاول مرة أخرى بعد قليل.";
/// The "more results" button.
pub const MORE_BUTTON: &str = "المزيد من النتائج";
/// A "more results" button whose search has expired.
pub const PAGE_EXPIRED: &str = "انتهت صلاحية هذا البحث، أرسل سؤالك من جديد.";
/// Title of the inline result shown for an empty inline query.
pub const INLINE_HELP_TITLE: &str = "اكتب سؤالك بالعربية بعد اسم البوت";
/// Description of that result.
pub const INLINE_HELP_DESCRIPTION: &str = "سأقتبس لك أقرب الفقرات إليه من المصادر مع أسمائها.";
/// Title of the inline result when nothing relevant is found.
pub const INLINE_NO_ANSWER_TITLE: &str = "لم أجد ما يجيب عن هذا السؤال";

/// Header of `/sources`.
pub fn sources_header(articles: usize) -> String {
    format!("المصادر المتاحة ({articles} مقالًا):")
}

/// One line of `/sources`.
pub fn source_line(source: &str, articles: usize) -> String {
    let count = match articles {
        1 => "مقال واحد".to_string(),
        2 => "مقالان".to_string(),
        3..=10 => format!("{articles} مقالات"),
        _ => format!("{articles} مقالًا"),
    };
    format!("• {source}: {count}")
}

/// Command descriptions for Telegram's command menu in private chats.
pub const COMMANDS_PRIVATE: &[(&str, &str)] = &[
    ("ask", "اطرح سؤالًا"),
    ("sources", "المصادر المتاحة"),
    ("help", "طريقة الاستخدام"),
    ("about", "عن البوت"),
    ("start", "البداية"),
];
/// Command descriptions for groups.
pub const COMMANDS_GROUP: &[(&str, &str)] =
    &[("ask", "اطرح سؤالًا"), ("sources", "المصادر المتاحة"), ("help", "طريقة الاستخدام")];

/// A non-admin tried an admin command.
pub const ADMIN_ONLY: &str = "هذا الأمر متاح للمشرفين فقط.";
/// A second reload while one runs.
pub const RELOAD_BUSY: &str = "تجري الآن إعادة تحميل أخرى، انتظر حتى تنتهي ثم أعد المحاولة.";
/// `/replace` sent alone.
pub const REPLACE_USAGE: &str = "لاستبدال مقال موجود أرسل ملفه مستندًا واكتب /replace في تعليقه.";
/// `/remove` without a name.
pub const REMOVE_USAGE: &str = "اكتب اسم الملف بعد الأمر، مثل: /remove article.txt";
/// An uploaded file of the wrong type.
pub const UPLOAD_WRONG_TYPE: &str = "أرسل المقال ملفًّا نصيًّا بامتداد txt أو md أو jsonl.";
/// An unusable file name.
pub const BAD_FILE_NAME: &str =
    "اسم الملف غير مقبول: استخدم اسمًا بسيطًا لا يبدأ بنقطة ولا يحوي مسارًا، بامتداد txt أو md أو jsonl.";
/// The upload could not be read or written.
pub const UPLOAD_FAILED: &str = "تعذّر حفظ الملف، ولم يتغير شيء في المصادر.";

/// A skipped file's reason, in Arabic.
pub fn problem_reason(kind: &crate::corpus::ProblemKind) -> String {
    use crate::corpus::ProblemKind as P;
    match kind {
        P::Unreadable(_) => "تعذّرت قراءته".into(),
        P::NotUtf8 => "ليس نصًّا بترميز UTF-8".into(),
        P::Binary => "ملف ثنائي وليس نصًّا".into(),
        P::Empty => "فارغ".into(),
        P::TooLarge { bytes, limit } => format!("حجمه {bytes} بايت ويتجاوز الحد ({limit} بايت)"),
        P::BadJson(_) => "سطر JSON غير صالح".into(),
        P::MissingText => "سطر بلا حقل text".into(),
        P::DuplicateId { id, .. } => format!("المعرّف «{id}» مكرر"),
        P::Unsupported => "صيغة غير مدعومة".into(),
        P::BadSidecar(_) => "ملف sources.toml غير صالح، فتُجوهلت بياناته".into(),
        P::SidecarMissingFile(name) => format!("يذكر ملفًّا غير موجود: {name}"),
    }
}

/// The list of skipped files, one a line with its reason (empty when none).
pub fn skipped_list(problems: &[crate::corpus::Problem]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let mut text = format!("\nتخطيت {} من الملفات أو الأسطر:", problems.len());
    for problem in problems.iter().take(30) {
        let place = match problem.line {
            Some(line) => format!("{} (السطر {line})", problem.file),
            None => problem.file.clone(),
        };
        text.push_str(&format!("\n• {place}: {}", problem_reason(&problem.kind)));
    }
    if problems.len() > 30 {
        text.push_str(&format!("\n• و{} غيرها في السجل.", problems.len() - 30));
    }
    text
}

/// A reload that went into service.
pub fn reload_done(articles: usize, passages: usize, seconds: f64, problems: &[crate::corpus::Problem]) -> String {
    format!("تمت إعادة التحميل: {articles} مقالًا و{passages} فقرة، في {seconds:.1} ثانية.{}", skipped_list(problems))
}

/// A reload whose corpus had nothing loadable: the old index stays.
pub fn reload_failed(kept_articles: usize, problems: &[crate::corpus::Problem]) -> String {
    format!(
        "تعذّرت إعادة التحميل: لم أجد في المصادر ما يمكن تحميله، فبقي الفهرس السابق في الخدمة ({kept_articles} مقالًا).{}",
        skipped_list(problems)
    )
}

/// A reload that failed for another reason: the old index stays.
pub const RELOAD_ERROR: &str = "تعذّرت إعادة التحميل بسبب خطأ داخلي، فبقي الفهرس السابق في الخدمة. التفاصيل في السجل.";

/// An upload refused because its file exists.
pub fn upload_exists(name: &str) -> String {
    format!("يوجد ملف بالاسم «{name}». لاستبداله أرسله مرة أخرى واكتب /replace في التعليق.")
}

/// An upload over the size limit.
pub fn upload_too_large(limit_kb: u64) -> String {
    format!("الملف أكبر من الحد المسموح ({limit_kb} كيلوبايت).")
}

/// An upload that would be skipped by the loader.
pub fn upload_invalid(kind: &crate::corpus::ProblemKind) -> String {
    format!("لم أحفظ الملف: {}.", problem_reason(kind))
}

/// An upload saved and indexed.
pub fn upload_done(name: &str, articles: usize, reload: &str) -> String {
    format!("حفظت «{name}» ({articles} مقالًا)، وصار قابلًا للبحث الآن.\n{reload}")
}

/// `/remove` of a file that is not there.
pub fn remove_missing(name: &str) -> String {
    format!("لا يوجد في المصادر ملف بالاسم «{name}».")
}

/// A file moved to `.trash/` and the index rebuilt.
pub fn remove_done(name: &str, reload: &str) -> String {
    format!("نقلت «{name}» إلى مجلد ‎.trash داخل المصادر.\n{reload}")
}

/// `/stats`.
pub struct StatsView {
    /// Articles in service.
    pub articles: usize,
    /// Passages in service.
    pub passages: usize,
    /// Index size, bytes.
    pub index_bytes: u64,
    /// Seconds since the index went into service.
    pub since_reload_secs: u64,
    /// Seconds the last build took.
    pub reload_secs: f64,
    /// Seconds since start.
    pub uptime_secs: u64,
    /// Questions answered.
    pub questions: u64,
    /// No-answer share, 0-1.
    pub no_answer_share: f64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 95th percentile latency, ms.
    pub p95_ms: f64,
}

/// `/stats` as text.
pub fn stats(v: &StatsView) -> String {
    format!(
        "الإحصاءات:\n• المقالات: {}\n• الفقرات: {}\n• حجم الفهرس: {:.1} ميغابايت\n• آخر إعادة تحميل: قبل {} ثانية، واستغرقت {:.1} ثانية\n• مدة التشغيل: {} ثانية\n• الأسئلة: {}\n• نسبة «لم أجد»: {:.0}%\n• زمن البحث: الوسيط {:.1} مللي ثانية، والمئين 95 {:.1} مللي ثانية",
        v.articles,
        v.passages,
        v.index_bytes as f64 / 1_048_576.0,
        v.since_reload_secs,
        v.reload_secs,
        v.uptime_secs,
        v.questions,
        v.no_answer_share * 100.0,
        v.p50_ms,
        v.p95_ms
    )
}
/// Admin command descriptions, added to the menu in admins' private chats.
pub const COMMANDS_ADMIN: &[(&str, &str)] = &[
    ("reload", "إعادة تحميل المصادر"),
    ("remove", "حذف مقال (نقله إلى سلة المحذوفات)"),
    ("stats", "إحصاءات الخدمة"),
    ("replace", "استبدال مقال موجود (في تعليق الملف)"),
];
