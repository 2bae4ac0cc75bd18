//! Questions asked in inline mode, kept under short ids for the button above their results that opens
//! the answer in a private chat with the bot (a deep link, `/start q_ID`). Telegram's start parameter
//! holds at most 64 characters of `A-Z a-z 0-9 _ -`, not an Arabic question, so the question waits here.
//! One question keeps one id however often it is typed; the store is bounded and its entries expire.
//! The parameter comes from the client: an unknown or expired one opens the welcome.

use std::collections::{HashMap, VecDeque};
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
    /// Id, by question (the same questions as `by_id`).
    by_text: HashMap<String, String>,
    /// (id, when it was asked) in the order of asking, as [`super::replies`] keeps its order: a question
    /// asked again appears twice, and only its latest asking removes it. Inline queries come on every
    /// pause in typing, so forgetting is amortised O(1) instead of a scan of the store each time.
    order: VecDeque<(String, Instant)>,
}

impl DeepLinks {
    /// A store keeping each question `ttl` after it was last asked, and at most `capacity` of them.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        let inner = Inner { ids: Ids::new(), by_id: HashMap::new(), by_text: HashMap::new(), order: VecDeque::new() };
        DeepLinks { inner: Mutex::new(inner), ttl, capacity: capacity.max(1) }
    }

    /// The start parameter for `question`: its id, kept (or refreshed) from now.
    pub fn put(&self, question: &str) -> String {
        let mut guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        // An expired question asked again gets a new id, as a new one does.
        self.forget_old(&mut guard, now);
        let Inner { ids, by_id, by_text, order } = &mut *guard;
        let id = match by_text.get(question) {
            Some(id) => id.clone(),
            None => {
                let id = ids.fresh(|id| by_id.contains_key(id));
                by_text.insert(question.to_string(), id.clone());
                id
            }
        };
        by_id.insert(id.clone(), (question.to_string(), now));
        order.push_back((id.clone(), now));
        self.forget_old(&mut guard, now);
        format!("{PREFIX}{id}")
    }

    /// The question behind start parameter `parameter`, if it is one of ours and still kept.
    pub fn question(&self, parameter: &str) -> Option<String> {
        let id = parameter.strip_prefix(PREFIX)?;
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let (question, at) = inner.by_id.get(id)?;
        (at.elapsed() < self.ttl).then(|| question.clone())
    }

    /// Drop the questions last asked `ttl` ago and, past the capacity, the least recently asked. When
    /// askings again have grown the order to twice the capacity, it is rebuilt from the questions kept.
    fn forget_old(&self, inner: &mut Inner, now: Instant) {
        while let Some((id, at)) = inner.order.front() {
            let expired = now.duration_since(*at) >= self.ttl;
            if !expired && inner.by_id.len() <= self.capacity {
                break;
            }
            if inner.by_id.get(id).is_some_and(|(_, latest)| latest == at) {
                if let Some((question, _)) = inner.by_id.remove(id) {
                    inner.by_text.remove(&question);
                }
            }
            inner.order.pop_front();
        }
        if inner.order.len() > 2 * self.capacity {
            let mut kept: Vec<(String, Instant)> = inner.by_id.iter().map(|(id, (_, at))| (id.clone(), *at)).collect();
            kept.sort_by_key(|(_, at)| *at);
            inner.order = kept.into();
        }
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
        // Asked again, a question is the newest: the one asked after it goes first.
        let again = DeepLinks::new(Duration::from_secs(60), 2);
        let (a, b) = (again.put("أ"), again.put("ب"));
        again.put("أ");
        again.put("ج");
        assert_eq!(again.question(&a).as_deref(), Some("أ"));
        assert_eq!(again.question(&b), None);
        for _ in 0..10 {
            again.put("ج");
        }
        assert_eq!(again.question(&a).as_deref(), Some("أ"), "askings again never push out another");
        let gone = DeepLinks::new(Duration::ZERO, 10);
        let id = gone.put("سؤال");
        assert_eq!(gone.question(&id), None, "expired");
        assert_ne!(gone.put("سؤال"), id, "asked again after it expired, a new id");
    }
}
