//! Every user-facing sentence, in Arabic, in one place. Counts agree with their numbers through
//! [`super::plural`]; lists that could grow without bound (skipped files, sources) stop within a budget
//! and say how many were left out.

use super::plural::{self, count, ARTICLES, CHARACTERS_GENITIVE, FILES, LINKS, PASSAGES, SOURCES};
use super::{shorten_meta, visible_len};

/// Room a list inside one reply may take, in UTF-16 units (well inside Telegram's 4,096).
pub(super) const LIST_BUDGET: usize = 3000;
/// Longest file name shown in a list, characters.
const MAX_NAME_CHARS: usize = 60;
/// Longest article title shown in a reply to an admin, characters.
const MAX_TITLE_CHARS: usize = 120;

/// Heading above the passages found for a request to write something (لخص لي …، اكتب …): Isnad writes
/// nothing, it quotes.
pub const WRITING_HEADER: &str = "لا أكتب نصوصًا ولا ألخّصها، وإنما أقتبس من المصادر. إليك أقرب ما وجدته فيها:";
/// Heading above the quoted results.
pub const RESULTS_HEADER: &str = "إليك أقرب ما وجدته في المصادر:";
/// Heading above the newest articles' opening passages, for a question asking what is new.
pub const LATEST_HEADER: &str = "إليك أحدث ما نُشر في المصادر، من الأحدث إلى الأقدم:";
/// Heading above a later page of results.
pub const MORE_RESULTS_HEADER: &str = "نتائج إضافية:";
/// Label before a passage's source.
pub const SOURCE_LABEL: &str = "المصدر";
/// Label before the link to the original.
pub const LINK_LABEL: &str = "الرابط";
/// Label before the other outlets that ran the quoted text (see [`crate::copies`]).
pub const ALSO_IN_LABEL: &str = "ونُشر النص نفسه في";
/// Closes a list of outlets cut short.
pub const AND_OTHERS: &str = "وغيرها";
/// Nothing relevant in the corpus.
pub const NO_ANSWER: &str = "لم أجد في المصادر المتاحة ما يجيب عن هذا السؤال.";
/// Heading above the nearest passages to a question the sources do not answer, shown at the reader's
/// request: they are no answer, only what came closest.
pub const NEAREST_HEADER: &str = "لم أجد ما يجيب عن سؤالك بوضوح، وهذه أقرب الفقرات إليه، فتحقّق منها:";
/// The button under "not found" that shows the nearest passages anyway.
pub const NEAREST_BUTTON: &str = "اعرض أقرب ما وجدت";
/// What to try after no answer.
pub const NO_ANSWER_HINT: &str = "جرّب صياغة السؤال بكلمات أخرى، أو اطّلع على المصادر المتاحة عبر الأمر /sources.";
/// What to try after no answer to a question with no Arabic word in it.
pub const NO_ANSWER_HINT_NOT_ARABIC: &str = "المصادر مقالات عربية، فجرّب أن تكتب سؤالك بالعربية.";
/// An empty question.
pub const EMPTY_QUESTION: &str = "اكتب سؤالك بالعربية، وسأبحث لك عنه في المصادر.";
/// A message holding only a link (or an @username): the bot searches its own sources, it opens no page.
pub const LINK_ONLY: &str =
    "لا أفتح الروابط، وإنما أبحث في المصادر المتاحة. اكتب سؤالك عن موضوع الرابط بكلماتك، وسأبحث لك عنه.";

/// Reply to a message that only greets with السلام عليكم.
pub const SALAM_REPLY: &str =
    "وعليكم السلام ورحمة الله! اكتب سؤالك بالعربية، وسأقتبس لك أقرب الفقرات إليه من المصادر مع أسمائها.";
/// Reply to any other greeting alone.
pub const GREETING_REPLY: &str = "أهلًا بك! اكتب سؤالك بالعربية، وسأقتبس لك أقرب الفقرات إليه من المصادر مع أسمائها.";
/// Reply to thanks alone.
pub const THANKS_REPLY: &str = "العفو، يسعدني ذلك! اكتب سؤالًا آخر متى شئت.";
/// Reply to a message asking the bot what it is or how to use it (من أنت؟، ساعدني).
pub const ABOUT_BOT_REPLY: &str = "أنا «إسناد»، أبحث في مجموعة مقالات عربية وأقتبس منها أقرب الفقرات إلى سؤالك مع ذكر مصادرها، ولا أكتب إجابات من عندي. اكتب سؤالك مباشرة، وأرسل /help لطريقة الاستخدام أو /sources لقائمة المصادر.";

/// A reply cut to fit one Telegram message.
pub const REPLY_SHORTENED: &str = "(اختصرت الرد ليتسع لرسالة واحدة.)";

/// The questions of a message the sources do not answer, while they answer another of its questions.
pub fn not_found_for(questions: &[String]) -> String {
    let quoted: Vec<String> = questions.iter().map(|q| format!("«{q}»")).collect();
    format!("لم أجد في المصادر ما يجيب عن: {}", quoted.join("، "))
}

/// A question cut to the length limit.
pub fn truncated_note(max_chars: usize) -> String {
    format!("سؤالك طويل، فاكتفيت بأول {} منه.", count(max_chars as u64, &CHARACTERS_GENITIVE))
}

/// The note the bot posts in a group that has just added it (`@username`): who it is and how to ask there.
pub fn added_to_group(username: &str) -> String {
    format!(
        "شكرًا لإضافتي! أنا «إسناد»، أجيب عن الأسئلة باقتباس أقرب الفقرات إليها من مجموعة مقالات، مع ذكر مصدر كل فقرة.\n\n\
لتسألوني هنا: اكتبوا ‎/ask‎ ثم السؤال، أو اذكروني ‎@{username}‎ في الرسالة، أو ردّوا على رسالة فيها سؤال بالأمر ‎/ask‎ وحده. ولا أردّ على ما سوى ذلك من الحديث.\n\n\
للمزيد: ‎/help‎"
    )
}

/// Reply to `/start`: who the bot is, and sample questions to try.
pub fn welcome(examples: &[String]) -> String {
    let mut text = String::from(
        "مرحبًا! أنا «إسناد»، أجيب عن أسئلتك بالعربية باقتباس أقرب الفقرات إليها من مجموعة مقالات، مع ذكر مصدر كل فقرة. لا أكتب إجابات من عندي: كل ما أرسله نص منقول يمكنك الرجوع إلى أصله.\n\nاكتب سؤالك مباشرة، مثل:",
    );
    for example in examples {
        text.push_str("\n• ");
        text.push_str(example);
    }
    text.push_str("\n\nلمعرفة طريقة الاستخدام في المجموعات ومن أي محادثة اكتب /help.");
    text
}

/// Reply to `/help` for a bot called `@username`; admins also read their commands.
pub fn help(username: &str, admin: bool) -> String {
    let mut text = format!(
        "كيف تسألني:\n\
• في المحادثة الخاصة: اكتب سؤالك مباشرة.\n\
• في المجموعات: اكتب ‎/ask‎ ثم سؤالك، أو اذكرني ‎@{username}‎ في رسالتك، أو ردّ على إحدى رسائلي. ولتسألني سؤالًا كتبه غيرك، ردّ على رسالته بالأمر ‎/ask‎ وحده.\n\
• من أي محادثة: اكتب ‎@{username}‎ ثم سؤالك، واختر الفقرة التي تريد إرسالها.\n\
• يمكنك أن تسأل حتى ثلاثة أسئلة في رسالة واحدة، ينتهي كلٌّ منها بعلامة استفهام، فأبدأ بأقرب فقرة إلى كل سؤال.\n\
• إن عدّلت سؤالك بعد إرساله، عدّلتُ إجابتي عليه.\n\
• لأحدث ما نُشر في المصادر اكتب: «ما آخر الأخبار؟».\n\
• لسؤال يكمل سؤالًا سابقًا (مثل: «أين ولد؟» بعد «من هو طه حسين؟»)، ردّ به على إجابتي عن السؤال السابق. وفي المحادثة الخاصة يكفي أن تبدأه بالواو بعد إجابتي بقليل (مثل: «ومتى ولد؟»).\n\n\
ما أرسله اقتباسات من المقالات مع مصادرها. إذا قلت «لم أجد» فلم أجد في المقالات ما يجيب عن سؤالك بوضوح: جرّب كلمات أخرى، أو اسمًا أو مكانًا أو تاريخًا بعينه، وانظر ما تغطيه المصادر عبر ‎/sources‎، أو اضغط «{NEAREST_BUTTON}» لترى أقرب الفقرات إليه وتحكم عليها بنفسك.\n\n\
تحت كل إجابة زرّان: «مفيد» و«غير مفيد». رأيك يساعد على تحسين البحث. وزرّ «{SHARE_BUTTON}» يفتح سؤالك في محادثة تختارها لترسل إليها الفقرة التي تريد.\n\n\
‎/sources‎ المصادر المتاحة • ‎/about‎ عن البوت • ‎/privacy‎ الخصوصية"
    );
    if admin {
        text.push_str(
            "\n\nللمشرفين:\n\
• ‎/reload‎ لإعادة تحميل المصادر من مجلدها.\n\
• أرسل ملف txt أو md أو jsonl أو docx، أو صفحة ويب محفوظة (html)، أو عدة مقالات في ملف zip، مستندًا لإضافة مقال؛ في التعليق عنوانه، و«source: المصدر»، و‎/replace‎ لاستبدال ملف بالاسم نفسه.\n\
• ‎/add‎ الرابط (أو عدة روابط) لإضافة مقال من صفحته على الويب.\n\
• ‎/remove‎ اسم_الملف (أو رابط الصفحة المضافة) لنقل مقال إلى سلة المحذوفات.\n\
• ‎/stats‎ لإحصاءات الخدمة.",
        );
    }
    text
}

/// Reply to `/about`.
pub const ABOUT: &str = "«إسناد» بوت يبحث في مجموعة مقالات عربية ويقتبس منها أقرب الفقرات إلى سؤالك مع مصادرها. لا يولّد نصًّا ولا يؤلف إجابات، فكل ما يعرضه منقول حرفيًّا من المقالات.";
/// Reply to `/privacy`: what the bot keeps of a reader, as this program does it. `ttl_minutes` is how
/// long a question stays in memory for its buttons, edits and follow-ups (`bot.page_ttl_minutes`);
/// `semantic` says whether questions go to an embedding server (semantic mode).
pub fn privacy(ttl_minutes: u64, semantic: bool) -> String {
    let mut text = format!(
        "ما يحفظه «إسناد» من بياناتك:\n\
• سؤالك: أبحث به في المقالات، وأبقيه في الذاكرة لا على القرص ليعمل زرّ «{MORE_BUTTON}» وتعديل السؤال والأسئلة المتابِعة خلال {ttl_minutes} دقيقة، ولا يُكتب في سجلات الخدمة إلا إن شغّلها مديرها في وضع التشخيص.\n\
• اسمك ومعرّفك في تيليغرام: لا أحفظ اسمك، وأستعمل معرّفك في الذاكرة لأحدّ عدد الأسئلة في الدقيقة، ولا يُكتب في السجلات إلا مع خطأ في البحث من خارج المحادثة أو محاولةٍ لاستعمال أوامر المشرفين.\n\
• تقييمك: إذا ضغطت «{USEFUL_BUTTON}» أو «{NOT_USEFUL_BUTTON}» حفظتُ السؤال والفقرات المعروضة وتقييمك، ومعها رمزًا مشتقًّا من معرّفك لا يُعرف منه، ليُحسب لكل قارئ صوت واحد. يستعمل مدير الخدمة هذه التقييمات لتحسين البحث."
    );
    if semantic {
        text.push_str(
            "\n• البحث بالمعنى: يُرسَل نص سؤالك إلى خادم التمثيل الدلالي الذي اختاره مدير الخدمة ليحسب متّجه معناه، وأبقي المتّجه في الذاكرة فقط.",
        );
    }
    text.push_str("\n\nلا أطلب منك أي بيانات أخرى، ولا أرسل إليك رسائل لم تطلبها.");
    text
}
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
/// The button that offers the question in inline mode in another chat, to send a passage there.
pub const SHARE_BUTTON: &str = "↗️ أرسل الإجابة إلى محادثة أخرى";
/// The button above inline results that opens the answer in a private chat with the bot.
pub const INLINE_OPEN_PRIVATE: &str = "افتح الإجابة في محادثة خاصة";
/// The button saying an answer helped.
pub const USEFUL_BUTTON: &str = "👍 مفيد";
/// The button saying it did not.
pub const NOT_USEFUL_BUTTON: &str = "👎 غير مفيد";
/// A verdict recorded.
pub const FEEDBACK_THANKS: &str = "شكرًا لك، سجّلت رأيك.";
/// A second verdict on the same answer by the same reader.
pub const FEEDBACK_REPEATED: &str = "سجّلت رأيك في هذه الإجابة من قبل، شكرًا لك.";
/// A verdict that could not be written.
pub const FEEDBACK_FAILED: &str = "تعذّر تسجيل رأيك الآن، حاول مرة أخرى بعد قليل.";
/// A verdict on an answer no longer kept (or never shown).
pub const FEEDBACK_STALE: &str = "انتهت صلاحية هذه الإجابة، فلم أسجّل التقييم.";
/// A "more results" button whose search has expired.
pub const PAGE_EXPIRED: &str = "انتهت صلاحية هذا البحث، أرسل سؤالك من جديد.";
/// Title of the inline result shown for an empty inline query.
pub const INLINE_HELP_TITLE: &str = "اكتب سؤالك بالعربية بعد اسم البوت";
/// Description of that result.
pub const INLINE_HELP_DESCRIPTION: &str = "سأقتبس لك أقرب الفقرات إليه من المصادر مع أسمائها.";
/// Title of the inline result when nothing relevant is found.
pub const INLINE_NO_ANSWER_TITLE: &str = "لم أجد ما يجيب عن هذا السؤال";

/// `/sources`: each source with its article count, most articles first, within one message.
pub fn sources(articles: usize, sources: &[(String, usize)]) -> String {
    let mut text = sources_header(articles, sources.len());
    let lines = sources.iter().map(|(source, n)| {
        format!("• {}: {}", shorten_meta(source, super::MAX_META_CHARS), count(*n as u64, &ARTICLES))
    });
    let (kept, left) = bounded(lines, LIST_BUDGET);
    for line in kept {
        text.push('\n');
        text.push_str(&line);
    }
    if left > 0 {
        text.push_str(&format!("\n• وغيرها: {}.", count(left as u64, &SOURCES)));
    }
    text
}

/// The first line of the `/sources` reply: how many articles and sources.
pub fn sources_header(articles: usize, sources: usize) -> String {
    format!("المصادر المتاحة ({}، {}):", count(articles as u64, &ARTICLES), count(sources as u64, &SOURCES))
}

/// Most articles `/sources` lists one by one; a larger corpus is listed by source.
pub const TITLES_LISTED: usize = 20;

/// The first of `lines` that fit `budget` UTF-16 units (a line break each), and how many did not.
pub(super) fn bounded(lines: impl ExactSizeIterator<Item = String>, budget: usize) -> (Vec<String>, usize) {
    let total = lines.len();
    let mut used = 0;
    let mut kept = Vec::new();
    for line in lines {
        let cost = visible_len(&super::escape_html(&line)) + 1;
        if used + cost > budget {
            break;
        }
        used += cost;
        kept.push(line);
    }
    let left = total - kept.len();
    (kept, left)
}

/// The bot's description, shown in an empty chat with it (Telegram allows 512 characters).
pub const BOT_DESCRIPTION: &str = "أجيب عن أسئلتك بالعربية باقتباس أقرب الفقرات إليها من مجموعة مقالات، مع اسم كل مصدر، فتتحقق من الإجابة بنفسك. لا أؤلف نصًّا: كل ما أعرضه منقول حرفيًّا من المقالات، وإن لم أجد ما يجيب عن سؤالك قلت ذلك.\n\nاكتب سؤالك مباشرة، أو اضغط «ابدأ» لترى أمثلة.";
/// The bot's short description, on its profile and where it is shared (120 characters).
pub const BOT_SHORT_DESCRIPTION: &str = "أسئلتك بالعربية، وإجاباتها اقتباسات من المقالات مع مصادرها.";

/// Command descriptions for Telegram's command menu in private chats.
pub const COMMANDS_PRIVATE: &[(&str, &str)] = &[
    ("ask", "اطرح سؤالًا"),
    ("sources", "المصادر المتاحة"),
    ("help", "طريقة الاستخدام"),
    ("about", "عن البوت"),
    ("privacy", "الخصوصية"),
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
pub const UPLOAD_WRONG_TYPE: &str =
    "أرسل المقال ملفًّا بامتداد txt أو md أو jsonl أو docx، أو صفحة ويب محفوظة بامتداد html، أو عدة مقالات في ملف zip.";
/// An unusable file name.
pub const BAD_FILE_NAME: &str =
    "اسم الملف غير مقبول: استخدم اسمًا بسيطًا لا يبدأ بنقطة ولا يحوي مسارًا، بامتداد txt أو md أو jsonl أو docx أو html.";
/// The upload could not be read or written.
pub const UPLOAD_FAILED: &str = "تعذّر حفظ الملف، ولم يتغير شيء في المصادر.";
/// The uploaded file could not be fetched from Telegram.
pub const UPLOAD_DOWNLOAD_FAILED: &str = "تعذّر تنزيل الملف من تيليغرام، ولم يتغير شيء في المصادر. أعد إرساله بعد قليل.";

/// A skipped file's reason, in Arabic.
pub fn problem_reason(kind: &crate::corpus::ProblemKind) -> String {
    use crate::corpus::ProblemKind as P;
    match kind {
        P::Unreadable(_) => "تعذّرت قراءته".into(),
        P::NotUtf8 => "ليس نصًّا بترميز مقروء (UTF-8 أو UTF-16 أو windows-1256)".into(),
        P::Binary => "ملف ثنائي وليس نصًّا".into(),
        P::Empty => "فارغ".into(),
        P::TooLarge { bytes, limit } => format!("حجمه {bytes} بايت ويتجاوز الحد ({limit} بايت)"),
        P::BadJson(_) => "سطر JSON غير صالح".into(),
        P::MissingText => "سطر بلا حقل text".into(),
        P::DuplicateId { id, .. } => format!("المعرّف «{id}» مكرر"),
        P::Unsupported => "صيغة غير مدعومة".into(),
        P::NotDocx => "ليس مستند Word صالحًا".into(),
        P::NotArchive => "ليس ملف zip مقروءًا".into(),
        P::TooManyFiles { limit } => format!("في الأرشيف أكثر من {limit} ملف، فلم أقرأ الباقي"),
        P::BadSidecar(_) => "ملف sources.toml غير صالح، فتُجوهلت بياناته".into(),
        P::SidecarMissingFile(name) => format!("يذكر ملفًّا غير موجود: {name}"),
    }
}

/// Skipped files and lines, at most as many as fit one message (the log has them all), each with its
/// file name shortened and its reason; empty when none.
pub fn skipped_list(problems: &[crate::corpus::Problem]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let mut text = format!("\nملفات أو أسطر تخطيتها ({}):", problems.len());
    let lines = problems.iter().map(|problem| {
        let name = shorten_meta(&problem.file, MAX_NAME_CHARS);
        let place = match problem.line {
            Some(line) => format!("{name} (السطر {line})"),
            None => name,
        };
        let reason = shorten_meta(&problem_reason(&problem.kind), MAX_NAME_CHARS * 2);
        format!("• {place}: {reason}")
    });
    push_logged_list(&mut text, lines);
    text
}

/// Append `lines`, one a line, as many as fit one message, and how many more the log holds.
fn push_logged_list(text: &mut String, lines: impl ExactSizeIterator<Item = String>) {
    let (kept, left) = bounded(lines, LIST_BUDGET);
    for line in kept {
        text.push('\n');
        text.push_str(&line);
    }
    if left > 0 {
        text.push_str(&format!("\n• وغيرها ({left}) في السجل."));
    }
}

/// "6 مقالات و40 فقرة".
fn articles_and_passages(articles: usize, passages: usize) -> String {
    format!("{} و{}", count(articles as u64, &ARTICLES), count(passages as u64, &PASSAGES))
}

/// A duration in seconds as a reader says it: "0.4 ثانية" (a fraction takes the singular).
fn seconds_taken(seconds: f64) -> String {
    if seconds < 10.0 {
        format!("{seconds:.1} ثانية")
    } else {
        plural::duration(seconds.round() as u64, true)
    }
}

/// A reload that went into service.
pub fn reload_done(articles: usize, passages: usize, seconds: f64, problems: &[crate::corpus::Problem]) -> String {
    format!(
        "تمت إعادة التحميل: {}، في {}.{}",
        articles_and_passages(articles, passages),
        seconds_taken(seconds),
        skipped_list(problems)
    )
}

/// A reload whose corpus had nothing loadable: the old index stays.
pub fn reload_failed(kept_articles: usize, problems: &[crate::corpus::Problem]) -> String {
    format!(
        "تعذّرت إعادة التحميل: لم أجد في المصادر ما يمكن تحميله، فبقي الفهرس السابق في الخدمة ({}).{}",
        count(kept_articles as u64, &ARTICLES),
        skipped_list(problems)
    )
}

/// A reload that failed for another reason: the old index stays.
pub const RELOAD_ERROR: &str = "تعذّرت إعادة التحميل بسبب خطأ داخلي، فبقي الفهرس السابق في الخدمة. التفاصيل في السجل.";

/// An upload refused because its file exists.
pub fn upload_exists(name: &str) -> String {
    let name = shorten_meta(name, MAX_NAME_CHARS);
    format!("يوجد ملف بالاسم «{name}». لاستبداله أرسله مرة أخرى واكتب /replace في التعليق.")
}

/// An upload over the size limit.
pub fn upload_too_large(limit_kb: u64) -> String {
    format!("الملف أكبر من الحد المسموح ({limit_kb} كيلوبايت).")
}

/// An admin's message holding only a link, above the `/add` that would add the page.
pub const ADD_LINK_HINT: &str = "لا أفتح الروابط للبحث فيها. لإضافة هذه الصفحة إلى المصادر أرسل:";
/// `/add` without a usable address.
pub const ADD_USAGE: &str = "اكتب رابط صفحة المقال بعد الأمر، مثل: /add https://example.org/article";
/// `/add` of an address on the machine's own network, with private links not allowed.
pub const ADD_PRIVATE: &str = "لا أجلب الصفحات من عناوين الشبكة المحلية. يمكن لمدير الخدمة السماح بذلك في الإعدادات.";
/// `/add` of an address that is not a web page (a PDF, an image).
pub const ADD_NOT_PAGE: &str = "الرابط لا يؤدي إلى صفحة ويب، فلم أحفظ شيئًا.";
/// `/add` of a page with no article text in its HTML (one a script draws in the browser).
pub const ADD_EMPTY_PAGE: &str = "لم أجد في الصفحة نص مقال أقرؤه، فقد يكون نصّها مما يرسمه المتصفح ببرنامج. احفظ الصفحة من المتصفح كاملة وأرسل ملف html مستندًا.";
/// `/add` of a page that could not be fetched.
pub const ADD_FETCH_FAILED: &str = "تعذّر جلب الصفحة (لم يستجب الموقع أو ردّ بخطأ)، ولم يتغير شيء في المصادر.";

/// `/add` of a page already in the corpus.
pub fn add_exists(name: &str) -> String {
    let name = shorten_meta(name, MAX_NAME_CHARS);
    format!("هذه الصفحة محفوظة من قبل في «{name}». لتحديثها أرسل الأمر نفسه وبعد الرابط /replace.")
}

/// An archive's members saved and indexed: how many, what was already there, what was passed over.
pub fn archive_done(
    archive: &str,
    files: usize,
    articles: usize,
    existing: &[String],
    problems: &[crate::corpus::Problem],
    reload: &str,
) -> String {
    let archive = shorten_meta(archive, MAX_NAME_CHARS);
    let saved = format!("{} ({})", count(files as u64, &FILES), count(articles as u64, &ARTICLES));
    let mut text = format!("حفظت من «{archive}»: {saved}، وصارت قابلة للبحث الآن.");
    text.push_str(&archive_leftovers(existing, problems));
    text.push('\n');
    text.push_str(reload);
    text
}

/// An archive none of whose members was saved.
pub fn archive_nothing(archive: &str, existing: &[String], problems: &[crate::corpus::Problem]) -> String {
    let archive = shorten_meta(archive, MAX_NAME_CHARS);
    format!(
        "لم أجد في «{archive}» مقالًا جديدًا أحفظه، ولم يتغير شيء في المصادر.{}",
        archive_leftovers(existing, problems)
    )
}

/// The members already in the corpus (not replaced without /replace) and those passed over.
fn archive_leftovers(existing: &[String], problems: &[crate::corpus::Problem]) -> String {
    let mut text = String::new();
    if !existing.is_empty() {
        let names = existing.iter().map(|n| shorten_meta(n, MAX_NAME_CHARS));
        let (kept, left) = bounded(names, LIST_BUDGET / 2);
        text.push_str(&format!("\nملفات موجودة من قبل لم أستبدلها ({}): {}", existing.len(), kept.join("، ")));
        if left > 0 {
            text.push_str(&format!(" وغيرها ({left})"));
        }
        text.push_str(".\nلاستبدالها أرسل الأرشيف مرة أخرى واكتب /replace في التعليق.");
    }
    text.push_str(&skipped_list(problems));
    text
}

/// `/add` with more links than one message may carry.
pub fn add_too_many(limit: usize) -> String {
    format!("أرسل {limit} رابطًا على الأكثر في الرسالة الواحدة.")
}

/// A page saved by `/add`, as one line of a reply about several: its title and source.
pub fn added_heading(title: &str, source: &str) -> String {
    let title = shorten_meta(title, MAX_TITLE_CHARS);
    if source.is_empty() {
        format!("حفظتها: «{title}».")
    } else {
        format!("حفظتها: «{title}» من {}.", shorten_meta(source, MAX_NAME_CHARS))
    }
}

/// `/add` of several links: how many were saved, then each link with what became of it.
pub fn add_many(links: usize, saved: usize, lines: &[(String, String)], reload: &str) -> String {
    let mut text = format!("الروابط: {}، حفظت منها {saved}.", count(links as u64, &LINKS));
    let lines = lines.iter().map(|(link, said)| format!("• {}: {said}", shorten_meta(link, MAX_NAME_CHARS)));
    push_logged_list(&mut text, lines);
    if !reload.is_empty() {
        text.push('\n');
        text.push_str(reload);
    }
    text
}

/// A page named by `/add` larger than allowed.
pub fn add_too_large(limit_kb: u64) -> String {
    format!("الصفحة أكبر من الحد المسموح ({limit_kb} كيلوبايت)، فلم أحفظها.")
}

/// An upload that would be skipped by the loader.
pub fn upload_invalid(kind: &crate::corpus::ProblemKind) -> String {
    format!("لم أحفظ الملف: {}.", problem_reason(kind))
}

/// An upload saved and indexed.
pub fn upload_done(name: &str, articles: usize, heading: Option<&(String, String)>, reload: &str) -> String {
    let name = shorten_meta(name, MAX_NAME_CHARS);
    match heading {
        Some((title, source)) => {
            let (title, source) = (shorten_meta(title, MAX_TITLE_CHARS), shorten_meta(source, MAX_NAME_CHARS));
            format!("حفظت «{name}»: «{title}» من {source}، وصار قابلًا للبحث الآن.\n{reload}")
        }
        None => format!("حفظت «{name}» ({})، وصار قابلًا للبحث الآن.\n{reload}", count(articles as u64, &ARTICLES)),
    }
}

/// `/remove` of a file that is not there.
pub fn remove_missing(name: &str) -> String {
    let name = shorten_meta(name, MAX_NAME_CHARS);
    format!("لا يوجد في المصادر ملف بالاسم «{name}».")
}

/// A file moved to `.trash/` and the index rebuilt.
pub fn remove_done(name: &str, reload: &str) -> String {
    let name = shorten_meta(name, MAX_NAME_CHARS);
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
    /// Presses of «اعرض أقرب ما وجدت» under a "not found".
    pub nearest: u64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 95th percentile latency, ms.
    pub p95_ms: f64,
    /// Answers readers marked useful.
    pub useful: u64,
    /// Answers readers marked not useful.
    pub not_useful: u64,
    /// Seconds since the latest reload failed, unless one has succeeded since.
    pub failed_reload_secs: Option<u64>,
}

/// `/stats` as text.
pub fn stats(v: &StatsView) -> String {
    let mut text = format!(
        "الإحصاءات:\n• المقالات: {}\n• الفقرات: {}\n• حجم الفهرس: {:.1} ميغابايت\n• آخر إعادة تحميل: قبل {}، واستغرقت {}\n• مدة التشغيل: {}\n• الأسئلة: {}\n• نسبة «لم أجد»: {:.0}%\n• طلبات «{}»: {}\n• زمن البحث: الوسيط {:.1} مللي ثانية، والمئين 95 {:.1} مللي ثانية\n• تقييم القرّاء: مفيد {}، غير مفيد {}",
        v.articles,
        v.passages,
        v.index_bytes as f64 / 1_048_576.0,
        plural::duration(v.since_reload_secs, true),
        seconds_taken(v.reload_secs),
        plural::duration(v.uptime_secs, false),
        v.questions,
        v.no_answer_share * 100.0,
        NEAREST_BUTTON,
        v.nearest,
        v.p50_ms,
        v.p95_ms,
        v.useful,
        v.not_useful
    );
    if let Some(secs) = v.failed_reload_secs {
        text.push_str(&format!(
            "\n• آخر محاولة لإعادة التحميل فشلت قبل {}، فبقي الفهرس السابق في الخدمة (التفاصيل في السجل)",
            plural::duration(secs, true)
        ));
    }
    text
}

/// Admin command descriptions, added to the menu in admins' private chats.
pub const COMMANDS_ADMIN: &[(&str, &str)] = &[
    ("reload", "إعادة تحميل المصادر"),
    ("remove", "حذف مقال (نقله إلى سلة المحذوفات)"),
    ("stats", "إحصاءات الخدمة"),
    ("add", "إضافة مقال من رابط صفحته"),
    ("replace", "استبدال مقال موجود (في تعليق الملف)"),
];
