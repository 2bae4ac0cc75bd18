//! Which reply answered which message, both ways: a question edited after it was answered gets its
//! answer replaced rather than a second reply, and a message sent in reply to an answer is a follow-up
//! of the question it answered, as is, in a private chat, a message that reads as a continuation sent
//! soon after the chat's latest answer. Kept for a while and for a bounded number of messages, oldest
//! forgotten first: an edit after that gets a reply of its own, and a reply after that is a question on
//! its own.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// A message, by chat and message id.
type Key = (i64, i32);

/// The bot's reply to each recently answered message, and the question each reply answered.
pub struct SentReplies {
    inner: Mutex<Inner>,
    ttl: Duration,
    capacity: usize,
}

#[derive(Default)]
struct Inner {
    /// The reply to each asking message, and the earlier question it was asked after, if any.
    replies: HashMap<Key, (i32, Option<String>, Instant)>,
    /// The question each reply answered (with the question it followed up, if any).
    questions: HashMap<Key, (String, Instant)>,
    /// Each chat's latest reply, and when.
    latest: HashMap<i64, (i32, Instant)>,
    /// (asking message, reply) in the order they were remembered. A message remembered again appears
    /// twice; the maps hold the newer time, so the older entry is skipped when it comes up.
    order: VecDeque<(Key, Key, Instant)>,
}

impl SentReplies {
    /// Replies kept `ttl`, at most `capacity` of them.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        SentReplies { inner: Mutex::new(Inner::default()), ttl, capacity: capacity.max(1) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Remember that message `asked` in `chat` was answered by message `reply`, answering `question`
    /// (with the earlier question it was asked after, `after`, if any).
    pub fn remember(&self, chat: i64, asked: i32, reply: i32, question: &str, after: Option<&str>) {
        let now = Instant::now();
        let mut inner = self.lock();
        inner.replies.insert((chat, asked), (reply, after.map(str::to_string), now));
        inner.questions.insert((chat, reply), (question.to_string(), now));
        inner.latest.insert(chat, (reply, now));
        inner.order.push_back(((chat, asked), (chat, reply), now));
        self.forget_old(&mut inner, now);
    }

    /// The reply to message `asked` in `chat`, when it is still remembered.
    pub fn reply_to(&self, chat: i64, asked: i32) -> Option<i32> {
        let now = Instant::now();
        let mut inner = self.lock();
        self.forget_old(&mut inner, now);
        inner.replies.get(&(chat, asked)).map(|(reply, _, _)| *reply)
    }

    /// The earlier question message `asked` in `chat` was asked after, when it was a follow-up and is
    /// still remembered: an edit of it keeps asking after the same question.
    pub fn asked_after(&self, chat: i64, asked: i32) -> Option<String> {
        let now = Instant::now();
        let mut inner = self.lock();
        self.forget_old(&mut inner, now);
        inner.replies.get(&(chat, asked)).and_then(|(_, after, _)| after.clone())
    }

    /// The question the bot's message `reply` in `chat` answered, when it is still remembered.
    pub fn question_answered_by(&self, chat: i64, reply: i32) -> Option<String> {
        let now = Instant::now();
        let mut inner = self.lock();
        self.forget_old(&mut inner, now);
        inner.questions.get(&(chat, reply)).map(|(question, _)| question.clone())
    }

    /// The question the latest reply in `chat` answered, when it was sent less than `within` ago and is
    /// still remembered.
    pub fn latest_question(&self, chat: i64, within: Duration) -> Option<String> {
        let now = Instant::now();
        let mut inner = self.lock();
        self.forget_old(&mut inner, now);
        let &(reply, at) = inner.latest.get(&chat)?;
        if now.duration_since(at) >= within {
            return None;
        }
        inner.questions.get(&(chat, reply)).map(|(question, _)| question.clone())
    }

    /// Drop expired entries and, past the capacity, the oldest.
    fn forget_old(&self, inner: &mut Inner, now: Instant) {
        while let Some(&(asked, reply, at)) = inner.order.front() {
            let expired = now.duration_since(at) >= self.ttl;
            if !expired && inner.replies.len() <= self.capacity && inner.order.len() <= 2 * self.capacity {
                break;
            }
            inner.order.pop_front();
            // Only an entry's latest remembering removes it.
            if inner.replies.get(&asked).is_some_and(|&(_, _, latest)| latest == at) {
                inner.replies.remove(&asked);
            }
            if inner.questions.get(&reply).is_some_and(|(_, latest)| *latest == at) {
                inner.questions.remove(&reply);
            }
            let (chat, reply_id) = reply;
            if inner.latest.get(&chat) == Some(&(reply_id, at)) {
                inner.latest.remove(&chat);
            }
        }
    }

    /// Messages remembered.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().replies.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_is_found_by_chat_and_message_and_its_question_by_the_reply() {
        let replies = SentReplies::new(Duration::from_secs(60), 10);
        replies.remember(-5, 7, 100, "من هو طه حسين؟", None);
        assert_eq!(replies.reply_to(-5, 7), Some(100));
        assert_eq!(replies.question_answered_by(-5, 100).as_deref(), Some("من هو طه حسين؟"));
        assert_eq!(replies.reply_to(-5, 8), None);
        assert_eq!(replies.reply_to(5, 7), None, "another chat's message 7");
        assert_eq!(replies.question_answered_by(5, 100), None);
        replies.remember(-5, 7, 101, "من هو نجيب محفوظ؟", None);
        assert_eq!(replies.reply_to(-5, 7), Some(101), "the latest reply");
        assert_eq!(replies.question_answered_by(-5, 101).as_deref(), Some("من هو نجيب محفوظ؟"));
    }

    #[test]
    fn the_latest_answer_of_a_chat_is_found_within_its_window() {
        let replies = SentReplies::new(Duration::from_secs(60), 10);
        assert_eq!(replies.latest_question(3, Duration::from_secs(60)), None);
        replies.remember(3, 1, 10, "من هو طه حسين؟", None);
        replies.remember(4, 1, 11, "ما هي المنظمة؟", None);
        replies.remember(3, 2, 12, "من هو طه حسين؟ أين ولد؟", Some("من هو طه حسين؟"));
        let within = Duration::from_secs(60);
        assert_eq!(replies.latest_question(3, within).as_deref(), Some("من هو طه حسين؟ أين ولد؟"));
        assert_eq!(replies.asked_after(3, 2).as_deref(), Some("من هو طه حسين؟"), "asked after");
        assert_eq!(replies.asked_after(3, 1), None, "asked on its own");
        assert_eq!(replies.latest_question(4, within).as_deref(), Some("ما هي المنظمة؟"));
        assert_eq!(replies.latest_question(3, Duration::ZERO), None, "outside the window");
        // Forgotten with the reply it names, past the capacity.
        let small = SentReplies::new(Duration::from_secs(60), 1);
        small.remember(3, 1, 10, "س", None);
        small.remember(4, 1, 11, "ص", None);
        assert_eq!(small.latest_question(3, within), None);
        assert_eq!(small.lock().latest.len(), 1);
    }

    #[test]
    fn the_oldest_are_forgotten_past_the_capacity_and_all_after_the_time() {
        let replies = SentReplies::new(Duration::from_secs(60), 3);
        for message in 0..5 {
            replies.remember(1, message, 100 + message, "س", None);
        }
        assert_eq!(replies.len(), 3);
        assert_eq!(replies.reply_to(1, 0), None);
        assert_eq!(replies.question_answered_by(1, 100), None);
        assert_eq!(replies.reply_to(1, 4), Some(104));
        assert!(replies.question_answered_by(1, 104).is_some());
        // The same message answered over and over stays one entry, and its order never grows unbounded.
        for _ in 0..100 {
            replies.remember(1, 4, 104, "س", None);
        }
        assert!(replies.lock().order.len() <= 6, "{}", replies.lock().order.len());
        assert_eq!(replies.reply_to(1, 4), Some(104));
        assert!(replies.lock().questions.len() <= 3);
        let expired = SentReplies::new(Duration::ZERO, 3);
        expired.remember(1, 1, 2, "س", None);
        assert_eq!(expired.reply_to(1, 1), None);
        assert_eq!(expired.question_answered_by(1, 2), None);
        assert_eq!(expired.len(), 0);
    }
}
