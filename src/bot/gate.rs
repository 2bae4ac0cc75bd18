//! Admission before the dispatcher's queues: every update is judged as it arrives, and what is not let
//! in never reaches a chat's queue.
//!
//! teloxide hands each chat's updates to one worker through a queue of fixed size and waits when that
//! queue is full, so one chat whose replies are slow (Telegram allows a bot one message a second per
//! chat) could stop the dispatcher, and every other chat with it. Here a sender over the question rate
//! gets at most one polite note a minute, sent beside the queues, and the rest of its updates are
//! dropped; a chat never holds more than [`MAX_PENDING_PER_CHAT`] admitted updates; chatter the bot
//! would ignore is dropped before it costs anything. Senders whose rate has recovered are forgotten once
//! a minute, so the limiters' memory follows the senders active in the last minute, not every sender
//! since the start (governor's keyed store only grows unless swept).

use std::collections::HashMap;
use std::future::ready;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use futures::stream::{BoxStream, StreamExt};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use teloxide::prelude::*;
use teloxide::stop::StopToken;
use teloxide::types::{AllowedUpdate, Me, UpdateKind};
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};

use crate::chat::{route, Action};

/// Admitted updates a chat may have waiting or in progress; past it, its updates are dropped. Well
/// under teloxide's per-chat queue (64), so the dispatcher never waits on a chat.
pub const MAX_PENDING_PER_CHAT: usize = 16;

/// How often the rate limiters forget senders whose rate has recovered.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// What happens to one update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Queued for its handler.
    Admit,
    /// Over the rate: answered with a polite note (beside the queues), not handled.
    Note,
    /// Over the rate with the note already sent: dropped.
    Drop,
    /// Not for the bot (group chatter, kinds of update it does not handle): dropped, counting nothing.
    Ignore,
}

/// The admission rules and their state.
pub struct Gate {
    questions: DefaultKeyedRateLimiter<i64>,
    notes: DefaultKeyedRateLimiter<i64>,
    pending: Mutex<HashMap<i64, usize>>,
    last_sweep: Mutex<Instant>,
}

impl Gate {
    /// A gate letting each sender ask `per_minute` questions a minute.
    pub fn new(per_minute: u32) -> Gate {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        Gate {
            questions: RateLimiter::keyed(Quota::per_minute(per_minute)),
            notes: RateLimiter::keyed(Quota::per_minute(NonZeroU32::MIN)),
            pending: Mutex::new(HashMap::new()),
            last_sweep: Mutex::new(Instant::now()),
        }
    }

    /// Judge `update` for a bot that is `me`; an admitted update counts as pending in its chat until
    /// [`Gate::finished`] is called for it.
    pub fn judge(&self, update: &Update, me: &Me) -> Verdict {
        let Some(sender) = addressed_sender(update, me) else { return Verdict::Ignore };
        let chat = update.chat().map(|c| c.id.0);
        if let Some(chat) = chat {
            if self.pending_in(chat) >= MAX_PENDING_PER_CHAT {
                tracing::info!(chat, "chat has too many updates pending: dropped");
                return Verdict::Drop;
            }
        }
        let verdict = self.rate(sender);
        if verdict == Verdict::Admit {
            if let Some(chat) = chat {
                *self.lock().entry(chat).or_default() += 1;
            }
        }
        self.sweep_if_due();
        verdict
    }

    /// The rate's verdict on one more update from `sender`: admitted, noted or dropped.
    fn rate(&self, sender: i64) -> Verdict {
        if self.questions.check_key(&sender).is_ok() {
            Verdict::Admit
        } else if self.notes.check_key(&sender).is_ok() {
            Verdict::Note
        } else {
            Verdict::Drop
        }
    }

    /// Sweep when the last sweep is [`SWEEP_EVERY`] old.
    fn sweep_if_due(&self) {
        let mut last = self.last_sweep.lock().unwrap_or_else(PoisonError::into_inner);
        if last.elapsed() >= SWEEP_EVERY {
            *last = Instant::now();
            drop(last);
            self.sweep();
        }
    }

    /// Forget the senders whose rate has recovered (their state is that of a sender never seen).
    fn sweep(&self) {
        for limiter in [&self.questions, &self.notes] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// Senders the rate limiters remember.
    #[cfg(test)]
    fn remembered_senders(&self) -> usize {
        self.questions.len().max(self.notes.len())
    }

    /// An admitted update's handler has finished (whatever its outcome).
    pub fn finished(&self, update: &Update) {
        let Some(chat) = update.chat().map(|c| c.id.0) else { return };
        let mut pending = self.lock();
        if let Some(count) = pending.get_mut(&chat) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                pending.remove(&chat);
            }
        }
    }

    fn pending_in(&self, chat: i64) -> usize {
        self.lock().get(&chat).copied().unwrap_or(0)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, usize>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The sender an update counts against, when the update is something the bot answers: an addressed
/// message or channel post (see [`route`]), an admin's document, a button press or an inline query.
fn addressed_sender(update: &Update, me: &Me) -> Option<i64> {
    match &update.kind {
        // An edit asks again only as a question; an edited document or command does nothing.
        UpdateKind::EditedMessage(message) | UpdateKind::EditedChannelPost(message) => {
            let (kind, incoming) = super::handlers::incoming(message, me);
            let asks = matches!(route(kind, &incoming, me.username()), Action::Ask(_));
            (asks && message.document().is_none()).then(|| super::handlers::sender(message))
        }
        UpdateKind::Message(message) | UpdateKind::ChannelPost(message) => {
            let (kind, incoming) = super::handlers::incoming(message, me);
            let document = message.document().is_some() && kind != crate::chat::ChatKind::Channel;
            if !document && route(kind, &incoming, me.username()) == Action::Ignore {
                return None;
            }
            Some(super::handlers::sender(message))
        }
        UpdateKind::MyChatMember(change) => super::handlers::added_to_group(change).then_some(change.from.id.0 as i64),
        UpdateKind::CallbackQuery(query) => Some(query.from.id.0 as i64),
        UpdateKind::InlineQuery(query) => Some(query.from.id.0 as i64),
        _ => None,
    }
}

/// An update listener that lets through only what `keep` admits: dropped updates never enter the
/// dispatcher's queues.
pub struct Gated<L> {
    inner: L,
    keep: Arc<dyn Fn(&Update) -> bool + Send + Sync>,
}

impl<L> Gated<L> {
    /// Wrap `inner`, keeping the updates for which `keep` is true.
    pub fn new(inner: L, keep: Arc<dyn Fn(&Update) -> bool + Send + Sync>) -> Gated<L> {
        Gated { inner, keep }
    }
}

impl<'a, L> AsUpdateStream<'a> for Gated<L>
where
    L: UpdateListener + 'a,
    L::Err: Send + 'a,
{
    type StreamErr = L::Err;
    type Stream = BoxStream<'a, Result<Update, L::Err>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        let keep = self.keep.clone();
        self.inner.as_stream().filter(move |update| ready(update.as_ref().map_or(true, |u| keep(u)))).boxed()
    }
}

impl<L> UpdateListener for Gated<L>
where
    L: UpdateListener + 'static,
    L::Err: Send + 'static,
{
    type Err = L::Err;

    fn stop_token(&mut self) -> StopToken {
        self.inner.stop_token()
    }

    fn hint_allowed_updates(&mut self, hint: &mut dyn Iterator<Item = AllowedUpdate>) {
        self.inner.hint_allowed_updates(hint);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sweep_forgets_senders_whose_rate_has_recovered_and_keeps_the_rest() {
        // 6,000 a minute: a sender of one question is forgotten 20 ms later (two emission intervals).
        let fast = Gate::new(6_000);
        for sender in 0..1_000 {
            assert_eq!(fast.rate(sender), Verdict::Admit);
        }
        assert_eq!(fast.remembered_senders(), 1_000);
        std::thread::sleep(Duration::from_millis(50));
        fast.sweep();
        assert_eq!(fast.remembered_senders(), 0);

        // One a minute: a sender who just asked, or was just noted, is still limited after a sweep.
        let slow = Gate::new(1);
        assert_eq!(slow.rate(7), Verdict::Admit);
        assert_eq!(slow.rate(8), Verdict::Admit);
        assert_eq!(slow.rate(8), Verdict::Note);
        slow.sweep();
        assert_eq!(slow.remembered_senders(), 2);
        assert_eq!(slow.rate(7), Verdict::Note);
        assert_eq!(slow.rate(8), Verdict::Drop);
    }
}
