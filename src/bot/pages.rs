//! Server-side state of the buttons under an answer ("more results", "useful" / "not useful", and
//! "show the nearest anyway" under "not found"):
//! Telegram's `callback_data` holds 64 bytes, so a button carries a short id and a page, and the
//! question, the pages offered and the results shown wait here until they expire. Button data is
//! written by the client, so nothing in it is trusted beyond what is kept here.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::state::Asked;
use crate::feedback::ShownResult;

/// Verdicts kept per answer at most (one per reader and page).
const MAX_VOTES: usize = 1000;

/// Questions behind "more results" buttons, by short id, expiring after a time.
pub struct PageStore {
    inner: Mutex<Inner>,
    ttl: Duration,
    capacity: usize,
}

/// One kept question, the highest page a "more" button was made for, the results each page showed and
/// the readers who judged them; for a refused question, whether its nearest passages were asked for
/// (its pages then show them).
struct Kept {
    question: Asked,
    offered: u32,
    refused: bool,
    nearest: bool,
    at: Instant,
    shown: Vec<(u32, Vec<ShownResult>)>,
    voted: Vec<(u32, String)>,
}

/// What a verdict press finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Vote {
    /// The first verdict of this reader on this page: the question (with the one it followed up), the
    /// results it judges, and whether they were the nearest passages to a refused question.
    Fresh(Asked, Vec<ShownResult>, bool),
    /// This reader already judged this page.
    Repeated,
    /// Unknown, expired, or a page that was never shown.
    Stale,
}

struct Inner {
    ids: Ids,
    entries: HashMap<String, Kept>,
    /// The ids in the order they were kept, which is their age order (a question's time never
    /// changes): forgetting takes from the front instead of scanning every entry.
    order: VecDeque<String>,
}

impl PageStore {
    /// A store keeping each question `ttl` and at most `capacity` of them.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        PageStore {
            inner: Mutex::new(Inner { ids: Ids::new(), entries: HashMap::new(), order: VecDeque::new() }),
            ttl,
            capacity: capacity.max(1),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keep `question` with the results its first page showed and, when `offered` is 1, a "more" button
    /// for page 1; returns its id (see [`Ids`]).
    pub fn put(&self, question: &Asked, shown: Vec<ShownResult>, offered: u32) -> String {
        self.insert(question, vec![(0, shown)], offered, false)
    }

    /// Keep a question the corpus does not answer, under a "show the nearest" button; returns its id.
    pub fn put_refused(&self, question: &Asked) -> String {
        self.insert(question, Vec::new(), 0, true)
    }

    fn insert(&self, question: &Asked, shown: Vec<(u32, Vec<ShownResult>)>, offered: u32, refused: bool) -> String {
        let mut inner = self.lock();
        let now = Instant::now();
        let Inner { ids, entries, order } = &mut *inner;
        while let Some(oldest) = order.front() {
            let expired = entries.get(oldest).is_none_or(|kept| now.duration_since(kept.at) >= self.ttl);
            if !expired && entries.len() < self.capacity {
                break;
            }
            entries.remove(oldest);
            order.pop_front();
        }
        let id = ids.fresh(|id| entries.contains_key(id));
        let kept =
            Kept { question: question.clone(), offered, refused, nearest: false, at: now, shown, voted: Vec::new() };
        entries.insert(id.clone(), kept);
        order.push_back(id.clone());
        id
    }

    /// The refused question kept under `id`, its pages from now on showing its nearest passages; `None`
    /// when unknown, expired, or not a refused question (the id comes from the client).
    pub fn open_nearest(&self, id: &str) -> Option<Asked> {
        let mut inner = self.lock();
        let ttl = self.ttl;
        let kept = inner.entries.get_mut(id).filter(|k| k.refused && k.at.elapsed() < ttl)?;
        kept.nearest = true;
        Some(kept.question.clone())
    }

    /// Record the results page `page` of `id` showed.
    pub fn show(&self, id: &str, page: u32, results: Vec<ShownResult>) {
        if let Some(kept) = self.lock().entries.get_mut(id) {
            kept.shown.retain(|(p, _)| *p != page);
            kept.shown.push((page, results));
        }
    }

    /// A verdict by `reader` on page `page` of `id`: counted once per reader and page.
    pub fn vote(&self, id: &str, page: u32, reader: &str) -> Vote {
        let mut inner = self.lock();
        let ttl = self.ttl;
        let Some(kept) = inner.entries.get_mut(id).filter(|k| k.at.elapsed() < ttl) else { return Vote::Stale };
        let Some(results) = kept.shown.iter().find(|(p, _)| *p == page).map(|(_, r)| r.clone()) else {
            return Vote::Stale;
        };
        if kept.voted.iter().any(|(p, r)| *p == page && r == reader) {
            return Vote::Repeated;
        }
        if kept.voted.len() >= MAX_VOTES {
            return Vote::Repeated;
        }
        kept.voted.push((page, reader.to_string()));
        Vote::Fresh(kept.question.clone(), results, kept.nearest)
    }

    /// Record that a button for `page` of `id` was made.
    pub fn offer(&self, id: &str, page: u32) {
        if let Some(kept) = self.lock().entries.get_mut(id) {
            kept.offered = kept.offered.max(page);
        }
    }

    /// The question kept under `id`, when it has not expired and a button was made for `page`: a
    /// client can write any page into a button's data. True beside it when its pages show the nearest
    /// passages to a refused question.
    pub fn question_for(&self, id: &str, page: u32) -> Option<(Asked, bool)> {
        let inner = self.lock();
        let kept = inner.entries.get(id)?;
        (kept.at.elapsed() < self.ttl && (1..=kept.offered).contains(&page))
            .then(|| (kept.question.clone(), kept.nearest))
    }
}

/// Ids nobody can guess: a counter hashed (SipHash) under keys drawn at random for the store, in base
/// 36, at most 13 characters. Counted ids (1, 2, 3 …) would let a forged button or deep link reach
/// another reader's question.
pub(super) struct Ids {
    keys: std::collections::hash_map::RandomState,
    count: u64,
}

impl Ids {
    pub(super) fn new() -> Ids {
        Ids { keys: std::collections::hash_map::RandomState::new(), count: 0 }
    }

    /// A new id for which `taken` is false.
    pub(super) fn fresh(&mut self, taken: impl Fn(&str) -> bool) -> String {
        use std::hash::BuildHasher;
        loop {
            self.count += 1;
            let id = base36(self.keys.hash_one(self.count));
            if !taken(&id) {
                return id;
            }
        }
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
pub fn more_data(id: &str, page: u32) -> String {
    format!("more:{id}:{page}")
}

/// `callback_data` for a verdict on page `page` of the answer kept under `id`.
pub fn verdict_data(id: &str, page: u32, useful: bool) -> String {
    format!("fb:{id}:{page}:{}", u8::from(useful))
}

/// `callback_data` for the nearest passages to the refused question kept under `id`.
pub fn nearest_data(id: &str) -> String {
    format!("near:{id}")
}

/// `callback_data` for the `index`-th example question under `/start`.
pub fn example_data(index: usize) -> String {
    format!("ex:{index}")
}

/// What a button's `callback_data` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Press<'d> {
    /// The next page of the answer kept under the id.
    More(&'d str, u32),
    /// A verdict on a page of it: (id, page, useful).
    Verdict(&'d str, u32, bool),
    /// The example question at this index of `bot.examples` (not yet checked against the list).
    Example(usize),
    /// The nearest passages to the refused question kept under the id.
    Nearest(&'d str),
}

/// Parse data made by [`more_data`], [`verdict_data`], [`example_data`] or [`nearest_data`]; anything else (a page or index
/// that is not a small number, an id unlike ours, other verbs) is `None`.
pub fn parse_press(data: &str) -> Option<Press<'_>> {
    let plain = |s: &str| !s.is_empty() && s.len() <= 13 && s.bytes().all(|b| b.is_ascii_alphanumeric());
    let page = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit())).then_some(())?;
        s.parse().ok()
    };
    if let Some(index) = data.strip_prefix("ex:") {
        let small = !index.is_empty() && index.len() <= 2 && index.bytes().all(|b| b.is_ascii_digit());
        return small.then(|| index.parse().ok().map(Press::Example)).flatten();
    }
    if let Some(id) = data.strip_prefix("near:") {
        return plain(id).then_some(Press::Nearest(id));
    }
    if let Some(rest) = data.strip_prefix("more:") {
        let (id, p) = rest.split_once(':')?;
        return plain(id).then(|| page(p).map(|p| Press::More(id, p))).flatten();
    }
    let rest = data.strip_prefix("fb:")?;
    let mut parts = rest.split(':');
    let (id, p, verdict) = (parts.next()?, parts.next()?, parts.next()?);
    let useful = match verdict {
        "1" => true,
        "0" => false,
        _ => return None,
    };
    (parts.next().is_none() && plain(id)).then_some(Press::Verdict(id, page(p)?, useful))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_presses_carry_a_small_index_only() {
        let first = example_data(0);
        assert_eq!(parse_press(&first), Some(Press::Example(0)));
        assert_eq!(parse_press("ex:99"), Some(Press::Example(99)));
        for forged in ["ex:", "ex:100", "ex:-1", "ex:1a", "ex: 1", "ex:0:0", "ex:٣"] {
            assert_eq!(parse_press(forged), None, "{forged}");
        }
    }

    #[test]
    fn keeps_questions_under_short_ids() {
        let store = PageStore::new(Duration::from_secs(60), 10);
        let asked = Asked { text: "سؤال طويل جدا".into(), after: Some("سؤال قبله".into()) };
        let id = store.put(&asked, Vec::new(), 1);
        assert!(parse_press(&more_data(&id, 1)).is_some(), "{id}");
        assert!(more_data(&id, u32::MAX).len() <= 64 && verdict_data(&id, u32::MAX, true).len() <= 64);
        assert_eq!(store.question_for(&id, 1), Some((asked, false)), "a follow-up keeps what it follows");
        assert_eq!(store.question_for("nope", 1), None);
    }

    #[test]
    fn ids_cannot_be_guessed_from_one_another() {
        let store = PageStore::new(Duration::from_secs(60), 100);
        let ids: Vec<String> = (0..50).map(|i| store.put(&Asked::new(&i.to_string()), Vec::new(), 1)).collect();
        let numbers: Vec<u64> = ids.iter().map(|id| u64::from_str_radix(id, 36).unwrap()).collect();
        assert!(numbers.windows(2).all(|w| w[0].abs_diff(w[1]) > 1_000), "{ids:?}");
        let other = PageStore::new(Duration::from_secs(60), 100);
        assert_ne!(other.put(&Asked::new("0"), Vec::new(), 1), ids[0], "each store draws its own keys");
    }

    #[test]
    fn only_pages_a_button_was_made_for_are_served() {
        let store = PageStore::new(Duration::from_secs(60), 10);
        let id = store.put(&Asked::new("س"), Vec::new(), 1);
        assert_eq!(store.question_for(&id, 2), None, "no button for page 2 yet");
        assert_eq!(store.question_for(&id, 0), None, "page 0 is the first reply, not a button");
        assert_eq!(store.question_for(&id, u32::MAX), None);
        store.offer(&id, 2);
        assert!(store.question_for(&id, 2).is_some());
        store.offer(&id, 1);
        assert!(store.question_for(&id, 2).is_some(), "offering an earlier page never takes one back");
    }

    #[test]
    fn expired_and_evicted_questions_are_gone() {
        let store = PageStore::new(Duration::ZERO, 10);
        let id = store.put(&Asked::new("س"), Vec::new(), 1);
        assert_eq!(store.question_for(&id, 1), None);
        assert_eq!(store.vote(&id, 0, "r"), Vote::Stale);
        let store = PageStore::new(Duration::from_secs(60), 2);
        let first = store.put(&Asked::new("1"), Vec::new(), 1);
        store.put(&Asked::new("2"), Vec::new(), 1);
        store.put(&Asked::new("3"), Vec::new(), 1);
        assert_eq!(store.question_for(&first, 1), None);
        // However many are kept, the store holds at most its capacity, and expired ones go.
        for n in 0..100 {
            store.put(&Asked::new(&n.to_string()), Vec::new(), 1);
        }
        let inner = store.lock();
        assert_eq!((inner.entries.len(), inner.order.len()), (2, 2));
        drop(inner);
        let expiring = PageStore::new(Duration::ZERO, 10);
        for n in 0..100 {
            expiring.put(&Asked::new(&n.to_string()), Vec::new(), 1);
        }
        assert_eq!(expiring.lock().entries.len(), 1, "only the newest, itself already expired");
    }

    #[test]
    fn a_verdict_counts_once_per_reader_and_only_for_a_shown_page() {
        let store = PageStore::new(Duration::from_secs(60), 10);
        let shown = vec![ShownResult { rank: 1, doc: "a".into(), passage: 7 }];
        let id = store.put(&Asked::new("س"), shown.clone(), 1);
        assert_eq!(store.vote(&id, 0, "reader"), Vote::Fresh(Asked::new("س"), shown.clone(), false));
        assert_eq!(store.vote(&id, 0, "reader"), Vote::Repeated);
        assert_eq!(store.vote(&id, 0, "other"), Vote::Fresh(Asked::new("س"), shown, false));
        assert_eq!(store.vote(&id, 1, "reader"), Vote::Stale, "page 1 was never shown");
        let second = vec![ShownResult { rank: 4, doc: "b".into(), passage: 9 }];
        store.show(&id, 1, second.clone());
        assert_eq!(store.vote(&id, 1, "reader"), Vote::Fresh(Asked::new("س"), second, false));
        assert_eq!(store.vote("nope", 0, "reader"), Vote::Stale);
    }

    #[test]
    fn only_a_refused_question_opens_its_nearest_passages_and_its_pages_then_show_them() {
        let store = PageStore::new(Duration::from_secs(60), 10);
        let answered = store.put(&Asked::new("س"), Vec::new(), 1);
        assert_eq!(store.open_nearest(&answered), None, "an answered question has no nearest button");
        assert_eq!(store.open_nearest("nope"), None);
        let refused = store.put_refused(&Asked::new("لا جواب"));
        assert_eq!(store.question_for(&refused, 1), None, "no page offered before the press");
        assert_eq!(store.vote(&refused, 0, "r"), Vote::Stale, "nothing shown yet to judge");
        assert_eq!(store.open_nearest(&refused), Some(Asked::new("لا جواب")));
        let shown = vec![ShownResult { rank: 1, doc: "a".into(), passage: 3 }];
        store.show(&refused, 0, shown.clone());
        store.offer(&refused, 1);
        assert_eq!(store.question_for(&refused, 1), Some((Asked::new("لا جواب"), true)));
        assert_eq!(store.vote(&refused, 0, "r"), Vote::Fresh(Asked::new("لا جواب"), shown, true));
        let expired = PageStore::new(Duration::ZERO, 10);
        let id = expired.put_refused(&Asked::new("لا جواب"));
        assert_eq!(expired.open_nearest(&id), None);
    }

    #[test]
    fn callback_data_round_trips_within_64_bytes() {
        let data = more_data("zzzzzz", 123);
        assert!(data.len() <= 64);
        assert_eq!(parse_press(&data), Some(Press::More("zzzzzz", 123)));
        let data = verdict_data("zzzzzzzzzzzz", u32::MAX, false);
        assert!(data.len() <= 64);
        assert_eq!(parse_press(&data), Some(Press::Verdict("zzzzzzzzzzzz", u32::MAX, false)));
        let data = nearest_data("zzzzzzzzzzzzz");
        assert!(data.len() <= 64);
        assert_eq!(parse_press(&data), Some(Press::Nearest("zzzzzzzzzzzzz")));
        assert_eq!(parse_press("other"), None);
    }

    #[test]
    fn forged_callback_data_is_refused() {
        for data in [
            "more:1:99999999999",
            "more:1:18446744073709551615",
            "more:1:9223372036854775807",
            "more:1:-1",
            "more:1:+1",
            "more:1:",
            "more::1",
            "more:a:b:1",
            "more:\u{0130}\u{0130}:1",
            "more:1:1 ",
            "fb:1:0:2",
            "fb:1:0:1:1",
            "fb:1:99999999999:1",
            "fb::0:1",
            "near:",
            "near:a:1",
            "near:zzzzzzzzzzzzzz",
            "near:\u{0660}",
        ] {
            assert_eq!(parse_press(data), None, "{data}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_callback_data_parses_or_is_refused_without_panic(data in "(more:|fb:|ex:|near:)?.{0,70}") {
            match parse_press(&data) {
                Some(Press::More(id, page)) => {
                    proptest::prop_assert!(id.len() <= 13);
                    let again = more_data(id, page);
                    proptest::prop_assert_eq!(parse_press(&again), Some(Press::More(id, page)));
                }
                Some(Press::Verdict(id, page, useful)) => {
                    let again = verdict_data(id, page, useful);
                    proptest::prop_assert_eq!(parse_press(&again), Some(Press::Verdict(id, page, useful)));
                }
                Some(Press::Nearest(id)) => {
                    proptest::prop_assert!(id.len() <= 13);
                    let again = nearest_data(id);
                    proptest::prop_assert_eq!(parse_press(&again), Some(Press::Nearest(id)));
                }
                Some(Press::Example(index)) => {
                    proptest::prop_assert!(index < 100);
                    let again = example_data(index);
                    proptest::prop_assert_eq!(parse_press(&again), Some(Press::Example(index)));
                }
                None => {}
            }
        }
    }
}
