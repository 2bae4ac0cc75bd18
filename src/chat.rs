//! What a chat message asks of the bot, decided without Telegram types so it is tested as pure logic.
//!
//! Private chats: any text is a question and commands work bare. Groups: only `/ask`, a command
//! addressed to this bot, a mention of the bot or a reply to one of its messages; everything else is
//! chatter and gets silence. Channels: a post starting with `/ask`. A bare `/ask` or mention written as
//! a reply to someone's message asks that message: in a group, one member can put another's question
//! to the bot.

/// Where a message was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatKind {
    /// A one-to-one chat with the bot.
    Private,
    /// A group or supergroup.
    Group,
    /// A channel post.
    Channel,
}

/// The commands users have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserCommand {
    /// `/start`
    Start,
    /// `/help`
    Help,
    /// `/ask QUESTION`
    Ask,
    /// `/sources`
    Sources,
    /// `/about`
    About,
    /// `/privacy`: what the bot keeps of a reader (Telegram clients send it from the bot's profile when no
    /// privacy policy link is set in BotFather).
    Privacy,
}

/// The commands admins have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminCommand {
    /// `/reload`
    Reload,
    /// `/remove NAME`
    Remove,
    /// `/stats`
    Stats,
    /// `/replace` (caption of an uploaded document)
    Replace,
    /// `/add URL [/replace]`: a web page fetched into the corpus
    Add,
}

/// What the bot should do with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Answer this question.
    Ask(String),
    /// `/ask` with nothing after it.
    EmptyAsk,
    /// A user command other than `/ask`.
    User(UserCommand),
    /// `/start` with a deep link's parameter, in a private chat (what follows is the client's: check it).
    StartLink(String),
    /// An admin command with its argument (empty when none).
    Admin(AdminCommand, String),
    /// A command the bot does not know, addressed to it.
    UnknownCommand,
    /// Not text the bot can use (a sticker, a photo, only emoji): a hint in private chats.
    NotText,
    /// Not for the bot: stay silent.
    Ignore,
}

/// A message reduced to what routing needs.
#[derive(Debug, Clone, Default)]
pub struct Incoming<'a> {
    /// The text or caption, if any.
    pub text: Option<&'a str>,
    /// True when it replies to one of the bot's own messages.
    pub replies_to_bot: bool,
    /// The text or caption of the message it replies to, when that is not one of the bot's own.
    pub replied_text: Option<&'a str>,
}

impl Incoming<'_> {
    /// The replied message's text as a question: a bare `/ask` or mention asks it. A command is no
    /// question, nor is text without a letter or digit.
    fn replied_question(&self) -> Option<String> {
        let text = self.replied_text?.trim();
        (has_words(text) && split_command(text).is_none()).then(|| text.to_string())
    }
}

/// Split "/cmd@bot args" into ("cmd", Some("bot"), "args"); `None` when `text` is not a command.
pub fn split_command(text: &str) -> Option<(String, Option<&str>, &str)> {
    let rest = text.trim_start().strip_prefix('/')?;
    let (head, args) = match rest.find(char::is_whitespace) {
        Some(i) => (&rest[..i], rest[i..].trim()),
        None => (rest, ""),
    };
    let (name, target) = match head.split_once('@') {
        Some((name, target)) => (name, Some(target)),
        None => (head, None),
    };
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    Some((name.to_ascii_lowercase(), target, args))
}

fn user_command(name: &str) -> Option<UserCommand> {
    Some(match name {
        "start" => UserCommand::Start,
        "help" => UserCommand::Help,
        "ask" => UserCommand::Ask,
        "sources" => UserCommand::Sources,
        "about" => UserCommand::About,
        "privacy" => UserCommand::Privacy,
        _ => return None,
    })
}

fn admin_command(name: &str) -> Option<AdminCommand> {
    Some(match name {
        "reload" => AdminCommand::Reload,
        "remove" => AdminCommand::Remove,
        "stats" => AdminCommand::Stats,
        "replace" => AdminCommand::Replace,
        "add" => AdminCommand::Add,
        _ => return None,
    })
}

/// True when `text` holds at least one letter or digit (not only emoji and punctuation).
pub fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// True when a question in a private chat reads as the continuation of the one answered just before:
/// it opens with the conjunction و or ف on a question word ("ومتى حدث ذلك؟"، "وما عاصمتها؟"، "و كم
/// عددهم؟"، "فمن قادها؟"; not "وين ولد؟", where و belongs to the word), or it opens with a question word
/// and has no word of its own ("لماذا؟"). Read with `analyzer`, the index's own.
pub fn continues_conversation(question: &str, analyzer: crate::arabic::Analyzer) -> bool {
    let mut words = question.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    let first = words.find(|w| !w.is_empty()).unwrap_or("");
    let asks = crate::arabic::opens_with_question_word;
    let behind_conjunction = first.strip_prefix('و').or_else(|| first.strip_prefix('ف'));
    let joined = behind_conjunction.is_some_and(|rest| !rest.is_empty() && asks(rest));
    let apart = matches!(first, "و" | "ف") && words.find(|w| !w.is_empty()).is_some_and(asks);
    // "من أنت؟" opens with a question word and has no word of its own, but asks the bot about itself.
    let to_the_bot = crate::arabic::courtesy(question).is_some();
    !to_the_bot && (joined || apart || (asks(first) && analyzer.terms(question).is_empty()))
}

/// Byte ranges of every `@bot_username` mention in `text`, compared case-insensitively on the original
/// text (usernames are ASCII, so a match never splits a character). A longer name that merely starts
/// with the bot's (`@bot_username2`) is not a mention.
fn mention_ranges<'t>(text: &'t str, bot_username: &'t str) -> impl Iterator<Item = std::ops::Range<usize>> + 't {
    let name = bot_username.as_bytes();
    let bytes = text.as_bytes();
    let is_name_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    text.match_indices('@').filter_map(move |(at, _)| {
        let end = at + 1 + name.len();
        let matches = !name.is_empty()
            && bytes.get(at + 1..end).is_some_and(|candidate| candidate.eq_ignore_ascii_case(name))
            && !bytes.get(end).is_some_and(|&b| is_name_byte(b));
        matches.then_some(at..end)
    })
}

/// Remove every `@bot` mention (case-insensitive) from `text` and collapse the whitespace left.
pub fn strip_mention(text: &str, bot_username: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for range in mention_ranges(text, bot_username) {
        out.push_str(&text[from..range.start]);
        out.push(' ');
        from = range.end;
    }
    out.push_str(&text[from..]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when `text` mentions `@bot_username`.
pub fn mentions(text: &str, bot_username: &str) -> bool {
    mention_ranges(text, bot_username).next().is_some()
}

/// Decide what to do with a message in a chat of `kind`, for a bot called `bot_username`.
pub fn route(kind: ChatKind, message: &Incoming<'_>, bot_username: &str) -> Action {
    let Some(text) = message.text.map(str::trim).filter(|t| !t.is_empty()) else {
        return match kind {
            ChatKind::Private => Action::NotText,
            _ => Action::Ignore,
        };
    };
    if let Some((name, target, args)) = split_command(text) {
        if target.is_some_and(|t| !t.eq_ignore_ascii_case(bot_username)) {
            return Action::Ignore;
        }
        return match command_action(kind, &name, target.is_some(), args) {
            Action::EmptyAsk => message.replied_question().map_or(Action::EmptyAsk, Action::Ask),
            action => action,
        };
    }
    let addressed = match kind {
        ChatKind::Private => true,
        ChatKind::Group => message.replies_to_bot || mentions(text, bot_username),
        ChatKind::Channel => false,
    };
    if !addressed {
        return Action::Ignore;
    }
    let question = strip_mention(text, bot_username);
    if !has_words(&question) {
        if let Some(replied) = mentions(text, bot_username).then(|| message.replied_question()).flatten() {
            return Action::Ask(replied);
        }
        return match kind {
            ChatKind::Private => Action::NotText,
            _ => Action::Ignore,
        };
    }
    Action::Ask(question)
}

fn command_action(kind: ChatKind, name: &str, addressed: bool, args: &str) -> Action {
    let in_group = kind != ChatKind::Private;
    match (user_command(name), admin_command(name)) {
        (Some(UserCommand::Ask), _) if has_words(args) => Action::Ask(args.to_string()),
        (Some(UserCommand::Ask), _) => Action::EmptyAsk,
        (Some(UserCommand::Start), _) if kind == ChatKind::Private && !args.trim().is_empty() => {
            Action::StartLink(args.trim().to_string())
        }
        (Some(_), _) if kind == ChatKind::Channel => Action::Ignore,
        (Some(command), _) => Action::User(command),
        (None, Some(_)) if kind == ChatKind::Channel => Action::Ignore,
        (None, Some(command)) => Action::Admin(command, args.to_string()),
        (None, None) if in_group && !addressed => Action::Ignore,
        (None, None) if kind == ChatKind::Channel => Action::Ignore,
        (None, None) => Action::UnknownCommand,
    }
}

/// What an admin wrote in the caption of an uploaded article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UploadCaption {
    /// `/replace` was written: an existing file of that name may be overwritten.
    pub replace: bool,
    /// A title (a `title:` line, or any other text).
    pub title: Option<String>,
    /// A `source:` line.
    pub source: Option<String>,
}

/// Read a caption: `/replace`, `source: ...` / `المصدر: ...`, `title: ...` / `العنوان: ...`, or a bare title.
pub fn parse_caption(caption: &str) -> UploadCaption {
    let mut out = UploadCaption::default();
    let mut bare = Vec::new();
    for line in caption.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut rest = Vec::new();
        for word in line.split_whitespace() {
            if word.eq_ignore_ascii_case("/replace")
                || word.get(..9).is_some_and(|head| head.eq_ignore_ascii_case("/replace@"))
            {
                out.replace = true;
            } else {
                rest.push(word);
            }
        }
        let line = rest.join(" ");
        // Keys are compared on the original line (ASCII case aside), never on a lower-cased copy whose
        // byte offsets may differ from the line's.
        let field = |keys: &[&str]| {
            keys.iter().find_map(|k| {
                let head = line.get(..k.len())?;
                head.eq_ignore_ascii_case(k).then(|| line[k.len()..].trim_start_matches([':', ' ']).trim().to_string())
            })
        };
        if let Some(source) = field(&["source:", "source :", "المصدر:", "المصدر :"]) {
            out.source = Some(source).filter(|s| !s.is_empty());
        } else if let Some(title) = field(&["title:", "title :", "العنوان:", "العنوان :"]) {
            out.title = Some(title).filter(|s| !s.is_empty());
        } else if !line.is_empty() {
            bare.push(line);
        }
    }
    if out.title.is_none() && !bare.is_empty() {
        out.title = Some(bare.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOT: &str = "IsnadBot";

    fn text(t: &str) -> Incoming<'_> {
        Incoming { text: Some(t), replies_to_bot: false, replied_text: None }
    }

    fn replying<'a>(t: &'a str, to: &'a str) -> Incoming<'a> {
        Incoming { text: Some(t), replies_to_bot: false, replied_text: Some(to) }
    }

    #[test]
    fn a_question_opening_with_wa_and_a_question_word_or_a_bare_question_word_continues() {
        let analyzer = crate::arabic::Analyzer::default();
        let continuing = [
            "ومتى حدث ذلك؟",
            "و متى؟",
            "وكم عدد الجنود؟",
            "ولماذا؟",
            "لماذا؟",
            "وكيف",
            "متى؟",
            "وما عاصمتها؟",
            "فمن قادها؟",
        ];
        for continuing in continuing {
            assert!(continues_conversation(continuing, analyzer), "{continuing}");
        }
        for new in [
            "من يقود القوات؟",
            "متى بدأت الاحتجاجات؟",
            "وين ولد طه حسين؟",
            "وزير الدفاع؟",
            "شكرا",
            "حسنا",
            "و",
            "",
            "من أنت؟",
        ] {
            assert!(!continues_conversation(new, analyzer), "{new}");
        }
    }

    #[test]
    fn a_bare_ask_or_mention_replying_to_a_message_asks_that_message() {
        let question = "متى بدأت الاحتجاجات؟";
        for kind in [ChatKind::Group, ChatKind::Private, ChatKind::Channel] {
            assert_eq!(route(kind, &replying("/ask", question), BOT), Action::Ask(question.into()), "{kind:?}");
        }
        assert_eq!(route(ChatKind::Group, &replying("/ask@isnadbot", question), BOT), Action::Ask(question.into()));
        assert_eq!(route(ChatKind::Group, &replying("@IsnadBot", question), BOT), Action::Ask(question.into()));
        assert_eq!(route(ChatKind::Group, &replying(" @isnadbot ؟ ", question), BOT), Action::Ask(question.into()));
        // The message's own question comes first.
        assert_eq!(
            route(ChatKind::Group, &replying("/ask من هو توكاييف؟", question), BOT),
            Action::Ask("من هو توكاييف؟".into())
        );
        // Nothing to ask in the replied message: as before.
        for empty in ["", "  ", "👍", "/start", "/ask@isnadbot"] {
            assert_eq!(route(ChatKind::Group, &replying("/ask", empty), BOT), Action::EmptyAsk, "{empty:?}");
            assert_eq!(route(ChatKind::Group, &replying("@isnadbot", empty), BOT), Action::Ignore, "{empty:?}");
        }
        // Chatter replying to a message is still chatter, and a command for another bot stays theirs.
        assert_eq!(route(ChatKind::Group, &replying("أوافقك", question), BOT), Action::Ignore);
        assert_eq!(route(ChatKind::Group, &replying("/ask@OtherBot", question), BOT), Action::Ignore);
        assert_eq!(route(ChatKind::Channel, &replying("@isnadbot", question), BOT), Action::Ignore);
    }

    #[test]
    fn private_text_is_a_question() {
        assert_eq!(
            route(ChatKind::Private, &text("ما منظمة معاهدة الأمن الجماعي؟"), BOT),
            Action::Ask("ما منظمة معاهدة الأمن الجماعي؟".into())
        );
    }

    #[test]
    fn commands_parse_with_or_without_the_bot_name() {
        assert_eq!(
            route(ChatKind::Group, &text("/ask@isnadbot من هو توكاييف"), BOT),
            Action::Ask("من هو توكاييف".into())
        );
        assert_eq!(route(ChatKind::Group, &text("/ask من هو توكاييف"), BOT), Action::Ask("من هو توكاييف".into()));
        assert_eq!(route(ChatKind::Private, &text("/start"), BOT), Action::User(UserCommand::Start));
        assert_eq!(route(ChatKind::Private, &text("/privacy"), BOT), Action::User(UserCommand::Privacy));
        assert_eq!(route(ChatKind::Private, &text("/ask"), BOT), Action::EmptyAsk);
        assert_eq!(route(ChatKind::Private, &text("/reload"), BOT), Action::Admin(AdminCommand::Reload, String::new()));
        assert_eq!(
            route(ChatKind::Private, &text("/remove a.txt"), BOT),
            Action::Admin(AdminCommand::Remove, "a.txt".into())
        );
        assert_eq!(
            route(ChatKind::Private, &text("/add https://example.org/a /replace"), BOT),
            Action::Admin(AdminCommand::Add, "https://example.org/a /replace".into())
        );
    }

    #[test]
    fn a_deep_link_start_carries_its_parameter_in_private_chats_only() {
        assert_eq!(route(ChatKind::Private, &text("/start q_1a"), BOT), Action::StartLink("q_1a".into()));
        assert_eq!(route(ChatKind::Private, &text("/start   "), BOT), Action::User(UserCommand::Start));
        assert_eq!(route(ChatKind::Group, &text("/start@isnadbot q_1a"), BOT), Action::User(UserCommand::Start));
    }

    #[test]
    fn commands_for_another_bot_are_ignored() {
        assert_eq!(route(ChatKind::Group, &text("/ask@OtherBot سؤال"), BOT), Action::Ignore);
        assert_eq!(route(ChatKind::Private, &text("/help@OtherBot"), BOT), Action::Ignore);
    }

    #[test]
    fn group_chatter_is_ignored_but_mentions_and_replies_are_answered() {
        assert_eq!(route(ChatKind::Group, &text("صباح الخير يا جماعة"), BOT), Action::Ignore);
        assert_eq!(route(ChatKind::Group, &text("/unknown"), BOT), Action::Ignore);
        assert_eq!(
            route(ChatKind::Group, &text("@isnadbot من هو توكاييف؟"), BOT),
            Action::Ask("من هو توكاييف؟".into())
        );
        let reply = Incoming { text: Some("ومتى حدث ذلك؟"), replies_to_bot: true, replied_text: None };
        assert_eq!(route(ChatKind::Group, &reply, BOT), Action::Ask("ومتى حدث ذلك؟".into()));
    }

    #[test]
    fn channels_answer_only_ask() {
        assert_eq!(route(ChatKind::Channel, &text("/ask ما هي المنظمة؟"), BOT), Action::Ask("ما هي المنظمة؟".into()));
        assert_eq!(route(ChatKind::Channel, &text("خبر عاجل"), BOT), Action::Ignore);
        assert_eq!(route(ChatKind::Channel, &text("/reload"), BOT), Action::Ignore);
    }

    #[test]
    fn non_text_gets_a_hint_in_private_and_silence_in_groups() {
        let sticker = Incoming::default();
        assert_eq!(route(ChatKind::Private, &sticker, BOT), Action::NotText);
        assert_eq!(route(ChatKind::Group, &sticker, BOT), Action::Ignore);
        assert_eq!(route(ChatKind::Private, &text("😀👍"), BOT), Action::NotText);
        assert_eq!(route(ChatKind::Group, &text("@isnadbot 😀"), BOT), Action::Ignore);
    }

    #[test]
    fn unknown_commands_in_private_get_a_hint() {
        assert_eq!(route(ChatKind::Private, &text("/foo"), BOT), Action::UnknownCommand);
        assert_eq!(route(ChatKind::Group, &text("/foo@isnadbot"), BOT), Action::UnknownCommand);
    }

    #[test]
    fn captions_give_replace_title_and_source() {
        let c = parse_caption("/replace\nsource: نون بوست\nالعنوان: عنوان جديد");
        assert_eq!(
            c,
            UploadCaption {
                replace: true, title: Some("عنوان جديد".into()), source: Some("نون بوست".into())
            }
        );
        let c = parse_caption("مقال عن النيل");
        assert_eq!(c.title.as_deref(), Some("مقال عن النيل"));
        assert!(!c.replace);
        assert_eq!(parse_caption(""), UploadCaption::default());
    }

    #[test]
    fn a_slash_in_ordinary_text_is_not_a_command() {
        assert_eq!(route(ChatKind::Private, &text("1/2 من السكان"), BOT), Action::Ask("1/2 من السكان".into()));
        assert!(split_command("/ سؤال").is_none());
    }

    #[test]
    fn mentions_are_found_on_the_original_text_whatever_case_folding_does() {
        // Lower-casing İ and the Kelvin sign changes their byte length: offsets of a lower-cased copy
        // must never be used on the original.
        let text = format!("{} @{BOT} سؤال", "İ".repeat(20));
        assert_eq!(strip_mention(&text, BOT), format!("{} سؤال", "İ".repeat(20)));
        assert!(mentions(&text, BOT));
        assert_eq!(strip_mention("\u{212A}\u{212A} @ISNADBOT كلمة", BOT), "\u{212A}\u{212A} كلمة");
        assert!(!mentions("@IsnadBot2 سؤال", BOT), "a longer name is someone else");
        assert!(!mentions("@Isnad", BOT));
        assert!(!mentions("سؤال", ""));
    }

    #[test]
    fn caption_keys_are_compared_on_the_original_line() {
        let c = parse_caption("İİİ title: x\nTITLE: عنوان\nSource : مصدر");
        assert_eq!(c.title.as_deref(), Some("عنوان"));
        assert_eq!(c.source.as_deref(), Some("مصدر"));
        assert!(parse_caption("/REPLACE@IsnadBot").replace);
    }

    proptest::proptest! {
        #[test]
        fn routing_never_panics_and_never_keeps_a_mention(
            before in "\\PC{0,40}",
            after in "\\PC{0,40}",
            case in 0usize..3,
            reply in proptest::bool::ANY,
        ) {
            let name = [BOT.to_string(), BOT.to_lowercase(), BOT.to_uppercase()][case].clone();
            let text = format!("{before}@{name}{after}");
            let stripped = strip_mention(&text, BOT);
            let tail_continues_name = after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
            if !tail_continues_name {
                proptest::prop_assert!(mentions(&text, BOT));
            }
            proptest::prop_assert!(!mentions(&stripped, BOT), "{stripped}");
            for kind in [ChatKind::Private, ChatKind::Group, ChatKind::Channel] {
                let incoming = Incoming { text: Some(&text), replies_to_bot: reply, replied_text: Some(&after) };
                let _ = route(kind, &incoming, BOT);
            }
            let _ = parse_caption(&text);
            let _ = split_command(&text);
        }

        #[test]
        fn any_text_routes_without_panic(text in "\\PC{0,200}", reply in proptest::bool::ANY) {
            for kind in [ChatKind::Private, ChatKind::Group, ChatKind::Channel] {
                let incoming = Incoming { text: Some(&text), replies_to_bot: reply, replied_text: Some(&text) };
                let _ = route(kind, &incoming, BOT);
            }
            let _ = parse_caption(&text);
        }
    }
}
