//! Readers' verdicts on answers ("مفيد" / "غير مفيد"), kept in an append-only JSONL file beside the
//! index, so that `isnad eval` can read the useful ones as extra gold (the question and the articles it
//! was answered from).
//!
//! A record holds the question, the results shown (rank, article, passage), the verdict and the time;
//! never the reader's name or id, only a keyed hash of the id (HMAC-SHA256 with a key from
//! `ISNAD_FEEDBACK_KEY`, or one made once and kept beside the file), enough to count one vote per reader
//! and answer without being able to tell who voted.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use ring::hmac;
use serde::{Deserialize, Serialize};

/// Environment variable holding the key for readers' hashes (any text; kept secret).
pub const KEY_ENV: &str = "ISNAD_FEEDBACK_KEY";

/// One result as it was shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownResult {
    /// 1-based rank.
    pub rank: usize,
    /// Article id.
    pub doc: String,
    /// Passage index in the corpus then in service.
    pub passage: u32,
}

/// One verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackRecord {
    /// Seconds since the Unix epoch.
    pub at: u64,
    /// The question as answered.
    pub question: String,
    /// The question it followed up (a reply to an earlier answer), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// True for "useful".
    pub useful: bool,
    /// The page of results judged (0: the first reply).
    pub page: u32,
    /// The results on that page.
    pub results: Vec<ShownResult>,
    /// Keyed hash of the reader's id (hex).
    pub reader: String,
    /// True when the results were the nearest passages to a question the corpus was judged not to
    /// answer, shown at the reader's request: a "useful" here is a refusal that was wrong.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub refused: bool,
}

/// The feedback file, opened for appending at the first verdict (nothing is written before one).
pub struct FeedbackLog {
    path: PathBuf,
    key: OnceLock<hmac::Key>,
    file: Mutex<Option<File>>,
}

/// Verdicts already in a file: (useful, not useful).
pub fn count_verdicts(path: &Path) -> (u64, u64) {
    let Ok(file) = File::open(path) else { return (0, 0) };
    let mut counts = (0, 0);
    for line in io::BufReader::new(file).lines().map_while(Result::ok) {
        match serde_json::from_str::<FeedbackRecord>(&line) {
            Ok(record) if record.useful => counts.0 += 1,
            Ok(_) => counts.1 += 1,
            Err(_) => {}
        }
    }
    counts
}

impl FeedbackLog {
    /// Feedback kept in `path` (created on the first verdict, with its directory); the hashing key comes
    /// from [`KEY_ENV`] or from `<path>.key`, made at random the first time it is needed.
    pub fn open(path: PathBuf) -> FeedbackLog {
        FeedbackLog { path, key: OnceLock::new(), file: Mutex::new(None) }
    }

    fn key(&self) -> io::Result<&hmac::Key> {
        if let Some(key) = self.key.get() {
            return Ok(key);
        }
        let secret = match std::env::var(KEY_ENV) {
            Ok(key) if !key.is_empty() => key.into_bytes(),
            _ => stored_key(&key_path(&self.path))?,
        };
        Ok(self.key.get_or_init(|| hmac::Key::new(hmac::HMAC_SHA256, &secret)))
    }

    /// Where the verdicts go.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The keyed hash standing for a reader's id in the file.
    pub fn reader_hash(&self, reader: u64) -> io::Result<String> {
        let tag = hmac::sign(self.key()?, &reader.to_le_bytes());
        Ok(tag.as_ref()[..16].iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Append one verdict as one line (a single write, so concurrent appends never interleave).
    pub fn record(&self, record: &FeedbackRecord) -> io::Result<()> {
        let mut line = serde_json::to_string(record).map_err(io::Error::other)?;
        line.push('\n');
        let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        if file.is_none() {
            if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            *file = Some(OpenOptions::new().create(true).append(true).open(&self.path)?);
        }
        let Some(handle) = file.as_mut() else { return Err(io::Error::other("feedback file not open")) };
        handle.write_all(line.as_bytes())?;
        handle.flush()
    }
}

fn key_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".key");
    path.with_file_name(name)
}

/// The key kept at `path`, made (32 random bytes, owner-only) when there is none.
fn stored_key(path: &Path) -> io::Result<Vec<u8>> {
    if let Ok(key) = std::fs::read(path) {
        if key.len() >= 16 {
            return Ok(key);
        }
    }
    let mut key = [0u8; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut key)
        .map_err(|_| io::Error::other("no randomness for the feedback key"))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(&key)?;
    Ok(key.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(useful: bool, reader: String) -> FeedbackRecord {
        FeedbackRecord {
            at: 1,
            question: "من يقود القوات؟".into(),
            context: None,
            useful,
            page: 0,
            results: vec![ShownResult { rank: 1, doc: "a.txt".into(), passage: 3 }],
            reader,
            refused: false,
        }
    }

    #[test]
    fn a_verdict_on_a_refused_question_s_nearest_passages_says_so_and_older_lines_still_read() {
        let plain = serde_json::to_string(&record(true, "r".into())).unwrap();
        assert!(!plain.contains("refused"), "{plain}");
        let read: FeedbackRecord = serde_json::from_str(&plain).unwrap();
        assert!(!read.refused);
        let follow_up =
            FeedbackRecord { context: Some("من هو طه حسين؟".into()), ..record(true, "r".into()) };
        let line = serde_json::to_string(&follow_up).unwrap();
        assert!(line.contains("\"context\":\"من هو طه حسين؟\""), "{line}");
        assert_eq!(serde_json::from_str::<FeedbackRecord>(&line).unwrap(), follow_up);
        assert!(!plain.contains("context"), "{plain}");
        let nearest = FeedbackRecord { refused: true, ..record(true, "r".into()) };
        let line = serde_json::to_string(&nearest).unwrap();
        assert!(line.contains("\"refused\":true"), "{line}");
        assert_eq!(serde_json::from_str::<FeedbackRecord>(&line).unwrap(), nearest);
    }

    #[test]
    fn verdicts_are_appended_and_counted_and_readers_are_hashed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/feedback.jsonl");
        let log = FeedbackLog::open(path.clone());
        assert!(!dir.path().join("sub").exists(), "nothing is written before a verdict");
        let hash = log.reader_hash(123_456_789).unwrap();
        assert_eq!(hash.len(), 32);
        assert!(!hash.contains("123456789"));
        assert_eq!(hash, log.reader_hash(123_456_789).unwrap(), "stable for one key");
        assert_ne!(hash, log.reader_hash(123_456_790).unwrap());
        log.record(&record(true, hash.clone())).unwrap();
        log.record(&record(false, hash.clone())).unwrap();
        assert_eq!(count_verdicts(&path), (1, 1));
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(!text.contains("123456789"));
        // A restart keeps the key, so the same reader hashes the same.
        let again = FeedbackLog::open(path);
        assert_eq!(again.reader_hash(123_456_789).unwrap(), hash);
    }
}
