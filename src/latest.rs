//! "What is new?" ("ما آخر الأخبار؟"، "ما الجديد؟") asks for no subject, so a search has nothing to rank
//! by: the answer is the newest articles' opening passages, newest first, quoted like any answer.
//!
//! Dates are the corpus's own (`date` in the sidecar or a JSONL line), read when they begin with a year
//! (2022، 2022-01، 2022-01-10، 2015-07-21 10:35): an article without one is never listed, and a corpus
//! with none answers such a question by searching, as before.

use rustc_hash::FxHashMap as HashMap;
use std::cmp::Reverse;
use std::hash::Hash;
use std::sync::OnceLock;

use crate::corpus::Corpus;

/// A date as sortable parts: year, month, day (0 when not given), then the rest as written (a time).
type DateKey<'a> = (u32, u32, u32, &'a str);

/// The sortable parts of `date`, when it begins with a four-digit year; month and day may follow after
/// `-`, `/` or `.`.
fn date_key(date: &str) -> Option<DateKey<'_>> {
    let date = date.trim();
    let year: u32 = date.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?.parse().ok()?;
    let mut rest = &date[4..];
    let next = |rest: &mut &str| -> u32 {
        let Some(after) = rest.strip_prefix(['-', '/', '.']) else { return 0 };
        let digits = after.bytes().take(2).take_while(u8::is_ascii_digit).count();
        let value = after[..digits].parse().unwrap_or(0);
        if digits > 0 {
            *rest = &after[digits..];
        }
        value
    };
    let month = next(&mut rest);
    let day = if month > 0 { next(&mut rest) } else { 0 };
    Some((year, month, day, rest.trim()))
}

/// The corpus's dated articles, newest first, each with its first passage. Articles of one date take
/// turns by outlet (in corpus order within each), so a day's news is not one outlet's list.
#[derive(Debug, Default)]
pub struct Latest(OnceLock<Vec<(u32, u32)>>);

impl Latest {
    /// `(article, first passage)` of the dated articles, newest first; worked out on first use.
    pub fn of<'a>(&'a self, corpus: &Corpus) -> &'a [(u32, u32)] {
        self.0.get_or_init(|| newest_first(corpus))
    }
}

fn newest_first(corpus: &Corpus) -> Vec<(u32, u32)> {
    let mut first = vec![None; corpus.articles.len()];
    for (pid, passage) in corpus.passages.iter().enumerate() {
        if let Some(slot @ None) = first.get_mut(passage.article as usize) {
            *slot = u32::try_from(pid).ok();
        }
    }
    let mut dated: Vec<(DateKey<'_>, u32, u32)> = corpus
        .articles
        .iter()
        .zip(first)
        .enumerate()
        .filter_map(|(i, (article, first))| {
            let key = date_key(article.date.as_deref()?)?;
            Some((key, u32::try_from(i).ok()?, first?))
        })
        .collect();
    dated.sort_by_key(|&(key, article, _)| (Reverse(key), article));
    let mut out = Vec::with_capacity(dated.len());
    for day in dated.chunk_by(|a, b| a.0 == b.0) {
        let picks: Vec<(u32, u32)> = day.iter().map(|&(_, article, pid)| (article, pid)).collect();
        out.extend(taking_turns(&picks, |&(article, _)| corpus.articles[article as usize].source.as_str()));
    }
    out
}

/// `items` reordered so that each `group` takes its turn: the first of every group in order of first
/// appearance, then the second of each, and so on.
fn taking_turns<T: Copy, K: Hash + Eq>(items: &[T], group: impl Fn(&T) -> K) -> Vec<T> {
    let mut index: HashMap<K, usize> = HashMap::default();
    let mut groups: Vec<Vec<T>> = Vec::new();
    for &item in items {
        let next = groups.len();
        let at = *index.entry(group(&item)).or_insert(next);
        if at == next {
            groups.push(Vec::new());
        }
        groups[at].push(item);
    }
    in_turns(groups)
}

/// The members of `groups` in turns: the first of each group in order, then the second of each, and so
/// on (a group with none left is skipped). The newest articles' outlets take turns so; so do the
/// rankings of a message's questions ([`crate::answer`]).
pub fn in_turns<T>(groups: Vec<Vec<T>>) -> Vec<T> {
    let mut out = Vec::with_capacity(groups.iter().map(Vec::len).sum());
    let mut active: Vec<std::vec::IntoIter<T>> = groups.into_iter().map(Vec::into_iter).collect();
    // Each turn visits the groups with members left and drops those without: linear in the items.
    while !active.is_empty() {
        active.retain_mut(|members| members.next().map(|item| out.push(item)).is_some());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_group_takes_its_turn_in_order_of_first_appearance() {
        let items = [("a", 1), ("a", 2), ("b", 3), ("a", 4), ("c", 5), ("b", 6)];
        let order: Vec<i32> = taking_turns(&items, |&(outlet, _)| outlet).into_iter().map(|(_, n)| n).collect();
        assert_eq!(order, [1, 3, 5, 2, 6, 4]);
        assert!(taking_turns(&[] as &[(u8, u8)], |&(k, _)| k).is_empty());
    }

    #[test]
    fn a_date_is_read_from_its_year_down_to_what_it_gives() {
        assert_eq!(date_key("2022-01-10"), Some((2022, 1, 10, "")));
        assert_eq!(date_key("2022-01"), Some((2022, 1, 0, "")));
        assert_eq!(date_key(" 2015/7/21 10:35 "), Some((2015, 7, 21, "10:35")));
        assert_eq!(date_key("2022"), Some((2022, 0, 0, "")));
        assert_eq!(date_key("يناير 2022"), None);
        assert_eq!(date_key("20"), None);
        assert!(date_key("2022-01-10") > date_key("2022-01"), "a given day is later than its month alone");
        assert!(date_key("2022-01-10 09:00") > date_key("2022-01-10"));
        assert!(date_key("2021-12-31") < date_key("2022-01"));
    }
}
