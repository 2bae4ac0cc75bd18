//! What a chat message asks of the bot, decided without Telegram types so it is tested as pure logic.
//!
//! Private chats: any text is a question and commands work bare. Groups: only `/ask`, a command
//! addressed to this bot, a mention of the bot or a reply to one of its messages; everything else is
//! chatter and gets silence. Channels: a post starting with `/ask`.

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
        _ => return None,
    })
}

fn admin_command(name: &str) -> Option<AdminCommand> {
    Some(match name {
        "reload" => AdminCommand::Reload,
        "remove" => AdminCommand::Remove,
        "stats" => AdminCommand::Stats,
        "replace" => AdminCommand::Replace,
        _ => return None,
    })
}

/// True when `text` holds at least one letter or digit (not only emoji and punctuation).
pub fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// Remove every `@bot` mention (case-insensitive) from `text`.
pub fn strip_mention(text: &str, bot_username: &str) -> String {
    let mention = format!("@{}", bot_username.to_lowercase());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.to_lowercase().find(&mention) {
        // Lower-casing ASCII usernames keeps byte offsets.
        out.push_str(&rest[..i]);
        rest = &rest[i + mention.len()..];
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when `text` mentions `@bot_username`.
pub fn mentions(text: &str, bot_username: &str) -> bool {
    !bot_username.is_empty() && text.to_lowercase().contains(&format!("@{}", bot_username.to_lowercase()))
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
        return command_action(kind, &name, target.is_some(), args);
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
            if word.eq_ignore_ascii_case("/replace") || word.to_ascii_lowercase().starts_with("/replace@") {
                out.replace = true;
            } else {
                rest.push(word);
            }
        }
        let line = rest.join(" ");
        let field = |keys: &[&str]| {
            keys.iter().find_map(|k| {
                let lower = line.to_lowercase();
                lower.starts_with(k).then(|| line[k.len()..].trim_start_matches([':', ' ']).trim().to_string())
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
        Incoming { text: Some(t), replies_to_bot: false }
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
        assert_eq!(route(ChatKind::Private, &text("/ask"), BOT), Action::EmptyAsk);
        assert_eq!(route(ChatKind::Private, &text("/reload"), BOT), Action::Admin(AdminCommand::Reload, String::new()));
        assert_eq!(
            route(ChatKind::Private, &text("/remove a.txt"), BOT),
            Action::Admin(AdminCommand::Remove, "a.txt".into())
        );
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
        let reply = Incoming { text: Some("ومتى حدث ذلك؟"), replies_to_bot: true };
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
}
