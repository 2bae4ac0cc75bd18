//! Server-side state of "more results": Telegram's `callback_data` holds 64 bytes, so a button
//! carries a short id and the page, and the question waits here until it expires.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Questions behind "more results" buttons, by short id, expiring after a time.
pub struct PageStore {
    inner: Mutex<Inner>,
    ttl: Duration,
    capacity: usize,
}

struct Inner {
    next: u64,
    entries: HashMap<String, (String, Instant)>,
}

impl PageStore {
    /// A store keeping each question `ttl` and at most `capacity` of them.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        PageStore { inner: Mutex::new(Inner { next: 0, entries: HashMap::new() }), ttl, capacity: capacity.max(1) }
    }

    /// Keep `question` and return its id (a few base-36 characters).
    pub fn put(&self, question: &str) -> String {
        let Ok(mut inner) = self.inner.lock() else { return String::new() };
        let now = Instant::now();
        let ttl = self.ttl;
        inner.entries.retain(|_, (_, at)| now.duration_since(*at) < ttl);
        if inner.entries.len() >= self.capacity {
            if let Some(oldest) = inner.entries.iter().min_by_key(|(_, (_, at))| *at).map(|(k, _)| k.clone()) {
                inner.entries.remove(&oldest);
            }
        }
        inner.next += 1;
        let id = base36(inner.next);
        inner.entries.insert(id.clone(), (question.to_string(), now));
        id
    }

    /// The question kept under `id`, unless it expired.
    pub fn get(&self, id: &str) -> Option<String> {
        let inner = self.inner.lock().ok()?;
        let (question, at) = inner.entries.get(id)?;
        (at.elapsed() < self.ttl).then(|| question.clone())
    }
}

fn base36(mut n: u64) -> String {
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(digits[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// `callback_data` for page `page` of the question kept under `id`.
pub fn more_data(id: &str, page: usize) -> String {
    format!("more:{id}:{page}")
}

/// Parse `callback_data` made by [`more_data`].
pub fn parse_more(data: &str) -> Option<(&str, usize)> {
    let rest = data.strip_prefix("more:")?;
    let (id, page) = rest.split_once(':')?;
    Some((id, page.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_questions_under_short_ids() {
        let store = PageStore::new(Duration::from_secs(60), 10);
        let id = store.put("سؤال طويل جدا");
        assert!(id.len() <= 8);
        assert_eq!(store.get(&id).as_deref(), Some("سؤال طويل جدا"));
        assert_eq!(store.get("nope"), None);
    }

    #[test]
    fn expired_and_evicted_questions_are_gone() {
        let store = PageStore::new(Duration::ZERO, 10);
        let id = store.put("س");
        assert_eq!(store.get(&id), None);
        let store = PageStore::new(Duration::from_secs(60), 2);
        let first = store.put("1");
        store.put("2");
        store.put("3");
        assert_eq!(store.get(&first), None);
    }

    #[test]
    fn callback_data_round_trips_within_64_bytes() {
        let data = more_data("zzzzzz", 123);
        assert!(data.len() <= 64);
        assert_eq!(parse_more(&data), Some(("zzzzzz", 123)));
        assert_eq!(parse_more("other"), None);
    }
}
