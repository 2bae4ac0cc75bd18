//! Questions asked in inline mode, kept under short ids for the button above their results that opens
//! the answer in a private chat with the bot (a deep link, `/start q_ID`). Telegram's start parameter
//! holds at most 64 characters of `A-Z a-z 0-9 _ -`, not an Arabic question, so the question waits here.
//! One question keeps one id however often it is typed; the store is bounded and its entries expire.
//! The parameter comes from the client: an unknown or expired one opens the welcome.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::pages::Ids;

/// What a kept question's start parameter begins with.
const PREFIX: &str = "q_";

/// Inline questions by id, expiring after a time.
pub struct DeepLinks {
    inner: Mutex<Inner>,
    ttl: Duration,
    capacity: usize,
}

struct Inner {
    ids: Ids,
    /// Question and when it was last asked, by id.
    by_id: HashMap<String, (String, Instant)>,
    /// Id, by question.
    by_text: HashMap<String, String>,
}

impl DeepLinks {
    /// A store keeping each question `ttl` after it was last asked, and at most `capacity` of them.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        let inner = Inner { ids: Ids::new(), by_id: HashMap::new(), by_text: HashMap::new() };
        DeepLinks { inner: Mutex::new(inner), ttl, capacity: capacity.max(1) }
    }

    /// The start parameter for `question`: its id, kept (or refreshed) from now.
    pub fn put(&self, question: &str) -> String {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let ttl = self.ttl;
        inner.by_id.retain(|_, (_, at)| now.duration_since(*at) < ttl);
        let Inner { by_id, by_text, .. } = &mut *inner;
        by_text.retain(|_, id| by_id.contains_key(id));
        if let Some(id) = inner.by_text.get(question).cloned() {
            if let Some((_, at)) = inner.by_id.get_mut(&id) {
                *at = now;
            }
            return format!("{PREFIX}{id}");
        }
        if inner.by_id.len() >= self.capacity {
            let oldest =
                inner.by_id.iter().min_by_key(|(_, (_, at))| *at).map(|(id, (text, _))| (id.clone(), text.clone()));
            if let Some((id, text)) = oldest {
                inner.by_id.remove(&id);
                inner.by_text.remove(&text);
            }
        }
        let Inner { ids, by_id, .. } = &mut *inner;
        let id = ids.fresh(|id| by_id.contains_key(id));
        inner.by_id.insert(id.clone(), (question.to_string(), now));
        inner.by_text.insert(question.to_string(), id.clone());
        format!("{PREFIX}{id}")
    }

    /// The question behind start parameter `parameter`, if it is one of ours and still kept.
    pub fn question(&self, parameter: &str) -> Option<String> {
        let id = parameter.strip_prefix(PREFIX)?;
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let (question, at) = inner.by_id.get(id)?;
        (at.elapsed() < self.ttl).then(|| question.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_parameter(p: &str) -> bool {
        (1..=64).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    }

    #[test]
    fn a_question_keeps_one_id_that_telegram_accepts_as_a_start_parameter() {
        let links = DeepLinks::new(Duration::from_secs(60), 10);
        let first = links.put("من يقود القوات؟");
        assert!(valid_parameter(&first), "{first}");
        assert_eq!(links.put("من يقود القوات؟"), first, "typed again");
        let other = links.put("متى بدأت الاحتجاجات؟");
        assert_ne!(other, first);
        assert_eq!(links.question(&first).as_deref(), Some("من يقود القوات؟"));
        assert_eq!(links.question(&other).as_deref(), Some("متى بدأت الاحتجاجات؟"));
    }

    #[test]
    fn forged_expired_and_evicted_parameters_find_nothing() {
        let links = DeepLinks::new(Duration::from_secs(60), 2);
        let first = links.put("سؤال أول");
        for forged in ["", "q_", "q_zzzz", "first", &first[2..], "q_1 ", "x_1"] {
            assert_eq!(links.question(forged), None, "{forged:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
        links.put("سؤال ثان");
        std::thread::sleep(Duration::from_millis(5));
        links.put("سؤال ثالث");
        assert_eq!(links.question(&first), None, "the oldest goes when full");
        let gone = DeepLinks::new(Duration::ZERO, 10);
        let id = gone.put("سؤال");
        assert_eq!(gone.question(&id), None, "expired");
    }
}
