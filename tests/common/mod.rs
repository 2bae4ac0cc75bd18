//! Test support: a fake Telegram Bot API on 127.0.0.1 and the real `isnad serve` process against it.
//!
//! The fake answers the methods the bot uses, records every call, and lets a test wait on that log
//! (never on fixed sleeps). Unknown methods get a 404, never a 5xx (teloxide waits 10 s after a 5xx).

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::sync::Notify;

/// The bot's own user.
pub const BOT_ID: i64 = 4242;
/// The bot's username.
pub const BOT_NAME: &str = "isnad_test_bot";
/// The token the bot process gets.
pub const TOKEN: &str = "4242:TEST-secret-token";
/// How long a test waits for an expected call before failing.
pub const WAIT: Duration = Duration::from_secs(30);

/// One recorded API call.
#[derive(Debug, Clone)]
pub struct Call {
    /// Method name, e.g. `sendMessage`.
    pub method: String,
    /// JSON body (or `{}`).
    pub body: Value,
    /// When the call arrived.
    pub at: std::time::Instant,
}

impl Call {
    /// The `text` field of the body.
    pub fn text(&self) -> &str {
        self.body["text"].as_str().unwrap_or("")
    }

    /// The inline keyboard's buttons, row by row: (text, callback data).
    pub fn buttons(&self) -> Vec<(String, String)> {
        self.body["reply_markup"]["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|row| row.as_array().cloned().unwrap_or_default())
            .map(|b| {
                (b["text"].as_str().unwrap_or("").to_string(), b["callback_data"].as_str().unwrap_or("").to_string())
            })
            .collect()
    }
}

/// A scripted response: status, body, and a delay before answering.
#[derive(Debug, Clone)]
pub struct Scripted {
    pub status: u16,
    pub body: Value,
    pub delay: Duration,
}

#[derive(Default)]
struct Shared {
    updates: Mutex<Vec<Value>>,
    next_update: AtomicI64,
    next_message: AtomicI64,
    calls: Mutex<Vec<Call>>,
    call_added: Notify,
    update_added: Notify,
    scripted: Mutex<HashMap<String, VecDeque<Scripted>>>,
    chats: Mutex<HashMap<i64, Value>>,
    files: Mutex<HashMap<String, FakeFile>>,
    /// `sendMessage` calls by chat, so waiting for one chat's reply does not scan every call.
    replies: Mutex<HashMap<i64, Vec<Call>>>,
}

/// A downloadable file: its bytes, the size `getFile` reports, and a delay before its body is served.
#[derive(Clone)]
struct FakeFile {
    bytes: Vec<u8>,
    reported_size: usize,
    delay: Duration,
}

/// The fake Bot API server.
pub struct FakeApi {
    /// Base URL for `TELOXIDE_API_URL`.
    pub url: String,
    shared: Arc<Shared>,
}

fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "إسناد", "username": BOT_NAME})
}

fn ok(result: Value) -> Response {
    Json(json!({"ok": true, "result": result})).into_response()
}

impl FakeApi {
    /// Start the server on a free loopback port.
    pub async fn start() -> FakeApi {
        let shared = Arc::new(Shared {
            next_update: AtomicI64::new(1),
            next_message: AtomicI64::new(1000),
            ..Shared::default()
        });
        let app = Router::new()
            .route("/{bot}/{method}", post(method).get(method))
            .route("/file/{bot}/{*path}", get(file))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeApi { url: format!("http://{addr}"), shared }
    }

    /// Queue an update (its `update_id` is assigned here); returns the id.
    pub fn push(&self, mut update: Value) -> i64 {
        let id = self.shared.next_update.fetch_add(1, Ordering::SeqCst);
        update["update_id"] = json!(id);
        for key in ["message", "channel_post"] {
            if let Some(chat) = update[key].get("chat") {
                if let Some(chat_id) = chat["id"].as_i64() {
                    self.shared.chats.lock().unwrap().insert(chat_id, chat.clone());
                }
            }
        }
        self.shared.updates.lock().unwrap().push(update);
        self.shared.update_added.notify_waiters();
        id
    }

    /// Answer the next call of `method` with this status and body (after `delay`); a 200 with a null
    /// body answers as the method always does, only later.
    pub fn script(&self, method: &str, status: u16, body: Value, delay: Duration) {
        self.shared.scripted.lock().unwrap().entry(method.to_string()).or_default().push_back(Scripted {
            status,
            body,
            delay,
        });
    }

    /// Make a file downloadable under `file_id`.
    pub fn add_file(&self, file_id: &str, bytes: &[u8]) {
        self.add_odd_file(file_id, bytes, bytes.len(), Duration::ZERO);
    }

    /// Make a file downloadable whose `getFile` size is `reported_size` and whose body comes after `delay`.
    pub fn add_odd_file(&self, file_id: &str, bytes: &[u8], reported_size: usize, delay: Duration) {
        let file = FakeFile { bytes: bytes.to_vec(), reported_size, delay };
        self.shared.files.lock().unwrap().insert(file_id.to_string(), file);
    }

    /// Every call so far of `method`.
    pub fn calls(&self, method: &str) -> Vec<Call> {
        self.shared.calls.lock().unwrap().iter().filter(|c| c.method == method).cloned().collect()
    }

    /// All calls so far.
    pub fn all_calls(&self) -> Vec<Call> {
        self.shared.calls.lock().unwrap().clone()
    }

    /// Wait until a call of `method` matching `pred` has been made (counting earlier ones); panics after [`WAIT`].
    pub async fn wait_for(&self, method: &str, pred: impl Fn(&Call) -> bool) -> Call {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let notified = self.shared.call_added.notified();
            if let Some(call) = self.calls(method).into_iter().find(|c| pred(c)) {
                return call;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                let seen: Vec<String> = self.all_calls().iter().map(|c| format!("{} {}", c.method, c.body)).collect();
                panic!("no {method} call matched within {WAIT:?}; calls: {seen:#?}");
            }
        }
    }

    /// Wait until `n` calls of `method` have been made.
    pub async fn wait_count(&self, method: &str, n: usize) -> Vec<Call> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let notified = self.shared.call_added.notified();
            let calls = self.calls(method);
            if calls.len() >= n {
                return calls;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!("only {} {method} calls within {WAIT:?}", calls.len());
            }
        }
    }

    /// Wait for the bot's reply in `chat` (a `sendMessage`), the `nth` one counting from 1.
    pub async fn reply_in(&self, chat: i64, nth: usize) -> Call {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let notified = self.shared.call_added.notified();
            let found = self.shared.replies.lock().unwrap().get(&chat).and_then(|r| r.get(nth - 1).cloned());
            if let Some(reply) = found {
                return reply;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                let seen: Vec<String> = self.all_calls().iter().map(|c| format!("{} {}", c.method, c.body)).collect();
                panic!("no reply #{nth} in chat {chat}; calls: {seen:#?}");
            }
        }
    }

    /// Replies sent so far in `chat`.
    pub fn replies_in(&self, chat: i64) -> Vec<Call> {
        self.shared.replies.lock().unwrap().get(&chat).cloned().unwrap_or_default()
    }

    /// Wait until the bot has polled past every queued update (it has taken them all).
    pub async fn wait_polled(&self) {
        let last = self.shared.next_update.load(Ordering::SeqCst) - 1;
        self.wait_for("getUpdates", |c| c.body["offset"].as_i64().unwrap_or(0) > last).await;
    }
}

fn message_for(shared: &Shared, chat_id: i64, text: &str) -> Value {
    let chat = shared.chats.lock().unwrap().get(&chat_id).cloned().unwrap_or_else(|| {
        if chat_id > 0 {
            json!({"id": chat_id, "type": "private", "first_name": "مستخدم"})
        } else {
            json!({"id": chat_id, "type": "supergroup", "title": "مجموعة"})
        }
    });
    let id = shared.next_message.fetch_add(1, Ordering::SeqCst);
    json!({"message_id": id, "date": 1_700_000_000, "chat": chat, "from": bot_user(), "text": text})
}

/// Fields of a `multipart/form-data` body as JSON values (teloxide sends some methods that way).
fn multipart_fields(content_type: &str, body: &[u8]) -> Value {
    let Some(boundary) = content_type.split("boundary=").nth(1) else { return json!({}) };
    let boundary = format!("--{}", boundary.trim_matches('"'));
    let text = String::from_utf8_lossy(body);
    let mut fields = serde_json::Map::new();
    for part in text.split(&boundary) {
        let Some((head, value)) = part.split_once("\r\n\r\n") else { continue };
        let Some(name) = head.split("name=\"").nth(1).and_then(|r| r.split('"').next()) else { continue };
        let value = value.trim_end_matches("\r\n").to_string();
        fields.insert(name.to_string(), serde_json::from_str(&value).unwrap_or(Value::String(value)));
    }
    Value::Object(fields)
}

async fn method(
    State(shared): State<Arc<Shared>>,
    UrlPath((bot, method)): UrlPath<(String, String)>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    if bot != format!("bot{TOKEN}") {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"ok": false, "error_code": 401, "description": "Unauthorized"})),
        )
            .into_response();
    }
    // Telegram's method names are case-insensitive; teloxide sends them capitalised.
    let method = match method.chars().next() {
        Some(first) => first.to_lowercase().chain(method.chars().skip(1)).collect::<String>(),
        None => method,
    };
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let body: Value = if content_type.starts_with("multipart/form-data") {
        multipart_fields(&content_type, &body)
    } else {
        serde_json::from_slice(&body).unwrap_or_else(|_| json!({}))
    };
    let scripted = shared.scripted.lock().unwrap().get_mut(&method).and_then(VecDeque::pop_front);
    if method != "getUpdates" {
        let call = Call { method: method.clone(), body: body.clone(), at: std::time::Instant::now() };
        if method == "sendMessage" {
            let chat = body["chat_id"].as_i64().unwrap_or(0);
            shared.replies.lock().unwrap().entry(chat).or_default().push(call.clone());
        }
        shared.calls.lock().unwrap().push(call);
        shared.call_added.notify_waiters();
    }
    if let Some(s) = scripted {
        tokio::time::sleep(s.delay).await;
        if s.status != 200 {
            let status = StatusCode::from_u16(s.status).unwrap_or(StatusCode::BAD_REQUEST);
            return (status, Json(s.body)).into_response();
        }
        // A 200 with a body answers with it as the result; with none, as the method always does.
        if !s.body.is_null() {
            return ok(s.body);
        }
    }
    match method.as_str() {
        "getMe" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "إسناد", "username": BOT_NAME,
            "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": true,
            "can_connect_to_business": false, "has_main_web_app": false
        })),
        "getMyDescription" => ok(json!({"description": ""})),
        "getMyShortDescription" => ok(json!({"short_description": ""})),
        "getWebhookInfo" => ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0})),
        "deleteWebhook"
        | "setWebhook"
        | "setMyCommands"
        | "setMyDescription"
        | "setMyShortDescription"
        | "sendChatAction"
        | "answerCallbackQuery"
        | "answerInlineQuery"
        | "deleteMyCommands" => ok(json!(true)),
        "getUpdates" => get_updates(&shared, &body).await,
        "sendMessage" => {
            let chat = body["chat_id"].as_i64().unwrap_or(0);
            ok(message_for(&shared, chat, body["text"].as_str().unwrap_or("")))
        }
        "editMessageText" => {
            if body.get("inline_message_id").is_some() {
                ok(json!(true))
            } else {
                let chat = body["chat_id"].as_i64().unwrap_or(0);
                let mut message = message_for(&shared, chat, body["text"].as_str().unwrap_or(""));
                message["message_id"] = body["message_id"].clone();
                ok(message)
            }
        }
        "getFile" => {
            let id = body["file_id"].as_str().unwrap_or("").to_string();
            let size = shared.files.lock().unwrap().get(&id).map_or(0, |f| f.reported_size);
            ok(
                json!({"file_id": id, "file_unique_id": format!("u-{id}"), "file_size": size, "file_path": format!("documents/{id}")}),
            )
        }
        _ => (
            StatusCode::NOT_FOUND,
            Json(json!({"ok": false, "error_code": 404, "description": "Not Found: method not found"})),
        )
            .into_response(),
    }
}

async fn get_updates(shared: &Shared, body: &Value) -> Response {
    let offset = body["offset"].as_i64().unwrap_or(0);
    shared.calls.lock().unwrap().push(Call {
        method: "getUpdates".into(),
        body: body.clone(),
        at: std::time::Instant::now(),
    });
    shared.call_added.notify_waiters();
    let wait = Duration::from_secs(body["timeout"].as_u64().unwrap_or(0).min(1));
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let notified = shared.update_added.notified();
        let pending: Vec<Value> = {
            let mut updates = shared.updates.lock().unwrap();
            updates.retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            updates.clone()
        };
        if !pending.is_empty() || tokio::time::timeout_at(deadline, notified).await.is_err() {
            return ok(json!(pending));
        }
    }
}

/// Files, as the Bot API documents them: `/file/bot<token>/<file_path>` with the path's own slashes.
/// A path whose slash arrives escaped (`documents%2Fname`) is refused with 404, as some servers and
/// proxies do.
async fn file(State(shared): State<Arc<Shared>>, uri: axum::http::Uri) -> Response {
    let Some(rest) = uri.path().strip_prefix(&format!("/file/bot{TOKEN}/")) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Some(id) = rest.strip_prefix("documents/") else { return StatusCode::NOT_FOUND.into_response() };
    if id.contains('/') || id.to_ascii_lowercase().contains("%2f") {
        return StatusCode::NOT_FOUND.into_response();
    }
    let found = shared.files.lock().unwrap().get(id).cloned();
    match found {
        Some(file) => {
            tokio::time::sleep(file.delay).await;
            file.bytes.into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

// ---- updates -------------------------------------------------------------------------------------

static NEXT_MESSAGE: AtomicI64 = AtomicI64::new(1);

fn message_id() -> i64 {
    NEXT_MESSAGE.fetch_add(1, Ordering::SeqCst)
}

/// A user.
pub fn user(id: i64) -> Value {
    json!({"id": id, "is_bot": false, "first_name": "مستخدم", "language_code": "ar"})
}

/// A private chat with `user_id`.
pub fn private_chat(user_id: i64) -> Value {
    json!({"id": user_id, "type": "private", "first_name": "مستخدم"})
}

/// A supergroup.
pub fn group_chat(chat_id: i64) -> Value {
    json!({"id": chat_id, "type": "supergroup", "title": "مجموعة نقاش"})
}

/// A message from `from` in `chat` with `text`.
pub fn message(chat: Value, from: i64, text: &str) -> Value {
    json!({"message_id": message_id(), "date": 1_700_000_000, "chat": chat, "from": user(from), "text": text})
}

/// An update carrying `message`.
pub fn update_message(message: Value) -> Value {
    json!({"message": message})
}

/// An update carrying `message` after its author edited it to `text`.
pub fn edited(message: &Value, text: &str) -> Value {
    let mut message = message.clone();
    message["text"] = json!(text);
    message["edit_date"] = json!(1_700_000_100);
    json!({"edited_message": message})
}

/// A text in a private chat.
pub fn private_text(user_id: i64, text: &str) -> Value {
    update_message(message(private_chat(user_id), user_id, text))
}

/// A text in a group.
pub fn group_text(chat_id: i64, user_id: i64, text: &str) -> Value {
    update_message(message(group_chat(chat_id), user_id, text))
}

/// A sticker in a chat.
pub fn sticker(chat: Value, user_id: i64) -> Value {
    json!({"message": {
        "message_id": message_id(), "date": 1_700_000_000, "chat": chat, "from": user(user_id),
        "sticker": {"file_id": "s1", "file_unique_id": "su1", "type": "regular", "width": 512, "height": 512,
                    "is_animated": false, "is_video": false}
    }})
}

/// A channel post.
pub fn channel_post(chat_id: i64, text: &str) -> Value {
    let chat = json!({"id": chat_id, "type": "channel", "title": "قناة الأخبار"});
    json!({"channel_post": {"message_id": message_id(), "date": 1_700_000_000, "chat": chat, "sender_chat": chat, "text": text}})
}

/// The bot's own membership of `chat` changed from status `old` to `new` ("left", "member", "kicked"),
/// by `by`.
pub fn bot_membership(chat: Value, by: i64, old: &str, new: &str) -> Value {
    json!({"my_chat_member": {"chat": chat, "from": user(by), "date": 1_700_000_000,
        "old_chat_member": {"user": bot_user(), "status": old, "until_date": 0},
        "new_chat_member": {"user": bot_user(), "status": new, "until_date": 0}}})
}

/// A press of an inline button under a bot message in a private chat.
pub fn callback(user_id: i64, bot_message: &Value, data: &str) -> Value {
    json!({"callback_query": {"id": format!("cb{}", message_id()), "from": user(user_id), "message": bot_message,
                              "chat_instance": "ci", "data": data}})
}

/// An inline query.
pub fn inline_query(user_id: i64, query: &str, offset: &str) -> Value {
    json!({"inline_query": {"id": format!("iq{}", message_id()), "from": user(user_id), "query": query, "offset": offset}})
}

/// A document sent in a private chat.
pub fn document(user_id: i64, file_id: &str, file_name: &str, size: usize, caption: Option<&str>) -> Value {
    let mut m = json!({
        "message_id": message_id(), "date": 1_700_000_000, "chat": private_chat(user_id), "from": user(user_id),
        "document": {"file_id": file_id, "file_unique_id": format!("u-{file_id}"), "file_name": file_name,
                     "mime_type": "text/plain", "file_size": size}
    });
    if let Some(caption) = caption {
        m["caption"] = json!(caption);
    }
    update_message(m)
}

/// The bot's message as the fake returned it for a `sendMessage` call (for replies and callbacks).
pub fn bot_message(chat: Value, message_id: i64, text: &str) -> Value {
    json!({"message_id": message_id, "date": 1_700_000_000, "chat": chat, "from": bot_user(), "text": text})
}

// ---- the bot process -----------------------------------------------------------------------------

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copy the seed corpus into a fresh temporary directory (tests may change it).
pub fn seeds_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(root().join("seeds")).expect("seeds") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
    }
    dir
}

/// A running `isnad serve`, killed when dropped.
pub struct BotProcess {
    pub child: Child,
    pub log: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl BotProcess {
    /// Start `isnad serve` on `corpus` against `api`, with extra environment and an optional config file.
    pub fn start(api: &FakeApi, corpus: &Path, config: Option<&Path>, env: &[(&str, &str)]) -> BotProcess {
        let log_dir = tempfile::tempdir().expect("log dir");
        let log = log_dir.path().join("bot.log");
        let log_file = std::fs::File::create(&log).expect("log file");
        let mut command = Command::new(env!("CARGO_BIN_EXE_isnad"));
        if let Some(config) = config {
            command.arg("--config").arg(config);
        }
        command
            .arg("serve")
            .current_dir(log_dir.path())
            .env("TELOXIDE_TOKEN", TOKEN)
            .env("TELOXIDE_API_URL", &api.url)
            .env("ISNAD_CORPUS_DIR", corpus)
            .env("RUST_LOG", "isnad=debug,teloxide=info")
            .env_remove("ISNAD_ADMINS")
            .env_remove("ISNAD_INDEX_DIR")
            .env_remove("ISNAD_HTTP_ADDR")
            .stdout(Stdio::null())
            .stderr(log_file);
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command.spawn().expect("spawn isnad serve");
        BotProcess { child, log, _log_dir: log_dir }
    }

    /// Send SIGTERM, as `docker stop` does.
    pub fn terminate(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().expect("kill");
        assert!(status.success());
    }

    /// Wait for the process to exit; its exit code.
    pub async fn wait_exit(&mut self) -> Option<i32> {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status.code();
            }
            assert!(std::time::Instant::now() < deadline, "bot did not exit");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// What the process logged.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start the fake API and the bot on `corpus`; wait until the bot polls.
pub async fn start_bot(corpus: &Path, config: Option<&Path>, env: &[(&str, &str)]) -> (FakeApi, BotProcess) {
    let api = FakeApi::start().await;
    let bot = BotProcess::start(&api, corpus, config, env);
    api.wait_for("getUpdates", |_| true).await;
    (api, bot)
}

// ---- plain HTTP over loopback -------------------------------------------------------------------

/// A free port on 127.0.0.1 (bound, then released for the process under test).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// One HTTP/1.1 request; returns the status code and the body.
pub async fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<(u16, String)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, body))
}

/// GET `path` until the listener answers `want` (the process may still be starting); panics after [`WAIT`].
pub async fn get_until(port: u16, path: &str, want: u16) -> String {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        if let Ok((status, body)) = http(port, "GET", path, &[], "").await {
            if status == want {
                return body;
            }
        }
        assert!(std::time::Instant::now() < deadline, "GET {path} never answered {want}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

// ---- a fake embeddings server ---------------------------------------------------------------------

/// How the fake embeddings server answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbedMode {
    /// Vectors.
    Ok,
    /// HTTP 500.
    Fail,
    /// 200 with a body that is not the OpenAI format.
    Malformed,
    /// Vectors of a dimension that changes from request to request.
    WrongDimension,
}

/// Dimension of the fake's vectors.
pub const EMBED_DIM: usize = 64;

/// Words the fake treats as one meaning (its whole "model"): a paraphrase shares few words with its
/// passage but the same meanings.
const CONCEPTS: &[&[&str]] = &[
    &["يرأس", "يقود", "يتولى", "سيتولى", "القائد", "قائد", "leads", "leader", "commands"],
    &["البعثة", "المهمة", "البعثه", "المهمه", "mission"],
    &["الطقس", "الجو", "weather"],
];

#[derive(Default)]
struct EmbedShared {
    mode: Mutex<Option<EmbedMode>>,
    requests: AtomicI64,
    passages: Mutex<Vec<String>>,
    queries: AtomicI64,
    query_texts: Mutex<Vec<String>>,
}

/// A deterministic stand-in for an embeddings server: hashed bags of meanings.
pub struct FakeEmbeddings {
    /// Base URL ending in /v1.
    pub url: String,
    shared: Arc<EmbedShared>,
}

fn concept(word: &str) -> String {
    let word: String = word.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    CONCEPTS.iter().find(|group| group.contains(&word.as_str())).map_or(word, |group| group[0].to_string())
}

/// The fake's vector of `text`: one bucket per meaning, by hash.
pub fn fake_vector(text: &str) -> Vec<f32> {
    use std::hash::{Hash, Hasher};
    let mut v = vec![0.0f32; EMBED_DIM];
    for word in text.split_whitespace() {
        let c = concept(word);
        if c.chars().count() < 3 {
            continue;
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        c.hash(&mut h);
        v[(h.finish() % EMBED_DIM as u64) as usize] += 1.0;
    }
    v
}

async fn embeddings(State(shared): State<Arc<EmbedShared>>, Json(body): Json<Value>) -> Response {
    shared.requests.fetch_add(1, Ordering::SeqCst);
    let inputs: Vec<String> = body["input"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
        .unwrap_or_default();
    if body["input_type"] == "passage" {
        shared.passages.lock().unwrap().extend(inputs.iter().cloned());
    } else {
        shared.queries.fetch_add(inputs.len() as i64, Ordering::SeqCst);
        shared.query_texts.lock().unwrap().extend(inputs.iter().cloned());
    }
    let mode = shared.mode.lock().unwrap().unwrap_or(EmbedMode::Ok);
    match mode {
        EmbedMode::Fail => (StatusCode::INTERNAL_SERVER_ERROR, "model crashed").into_response(),
        EmbedMode::Malformed => (StatusCode::OK, "{\"data\": \"nope\"}").into_response(),
        EmbedMode::Ok | EmbedMode::WrongDimension => {
            let n = shared.requests.load(Ordering::SeqCst) as usize;
            let data: Vec<Value> = inputs
                .iter()
                .enumerate()
                .map(|(i, text)| {
                    let mut v = fake_vector(text);
                    if mode == EmbedMode::WrongDimension {
                        v.truncate(8 + n % 7);
                    }
                    json!({"object": "embedding", "index": i, "embedding": v})
                })
                .collect();
            Json(json!({"object": "list", "data": data, "model": "fake"})).into_response()
        }
    }
}

impl FakeEmbeddings {
    /// Start the fake on a free loopback port.
    pub async fn start() -> FakeEmbeddings {
        let shared = Arc::new(EmbedShared::default());
        let app = Router::new().route("/v1/embeddings", post(embeddings)).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeEmbeddings { url: format!("http://{addr}/v1"), shared }
    }

    /// Answer from now on in `mode`.
    pub fn set_mode(&self, mode: EmbedMode) {
        *self.shared.mode.lock().unwrap() = Some(mode);
    }

    /// Passages sent so far.
    pub fn passages(&self) -> Vec<String> {
        self.shared.passages.lock().unwrap().clone()
    }

    /// Questions sent so far.
    pub fn queries(&self) -> i64 {
        self.shared.queries.load(Ordering::SeqCst)
    }

    /// The questions' texts as sent so far.
    pub fn query_texts(&self) -> Vec<String> {
        self.shared.query_texts.lock().unwrap().clone()
    }

    /// Requests so far.
    pub fn requests(&self) -> i64 {
        self.shared.requests.load(Ordering::SeqCst)
    }
}
