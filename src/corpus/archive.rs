//! A zip of articles (an admin's upload of many files at once): each member checked as an upload of
//! its own.
//!
//! Members are flattened to their file names (a member named `../../etc/x.txt` or `a/b.txt` gives
//! `x.txt` and `b.txt`: nothing is written outside the corpus directory), hidden files and the
//! resource forks macOS adds (`__MACOSX/`) are passed over, and every member is read through a bound
//! on what it unpacks to, with one bound on the whole archive, so a small zip that unpacks to
//! gigabytes is refused part way, not read.

use std::io::{Cursor, Read};

use super::load::{check_file, markup_limit, Checked, LoadLimits};
use super::names::safe_file_name;
use super::problem::{Problem, ProblemKind};

/// Most members taken from one archive.
pub const MAX_MEMBERS: usize = 1000;

/// Most bytes one archive may unpack to in all.
pub const MAX_UNPACKED_BYTES: u64 = 256 << 20;

/// A member ready to join the corpus.
#[derive(Debug)]
pub struct Member {
    /// Its file name in the corpus directory.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// What it adds.
    pub checked: Checked,
}

/// What an archive holds: the members that would load, and why the others would not.
#[derive(Debug, Default)]
pub struct Unpacked {
    /// Members that load, in the archive's order.
    pub members: Vec<Member>,
    /// Members passed over, each under its name in the archive.
    pub problems: Vec<Problem>,
}

/// The members of the zip `bytes`, each checked with `limits`.
pub fn unpack(bytes: &[u8], limits: LoadLimits) -> Result<Unpacked, ProblemKind> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ProblemKind::NotArchive)?;
    let mut unpacked = Unpacked::default();
    let mut budget = MAX_UNPACKED_BYTES;
    let mut taken = 0;
    for i in 0..archive.len() {
        let Ok(member) = archive.by_index(i) else {
            unpacked.problems.push(Problem::file(&format!("#{}", i + 1), ProblemKind::NotArchive));
            continue;
        };
        let path = member.name().replace('\\', "/");
        let file_name = path.rsplit('/').next().unwrap_or("").to_string();
        if member.is_dir() || file_name.is_empty() || file_name.starts_with('.') || path.starts_with("__MACOSX/") {
            continue;
        }
        if taken == MAX_MEMBERS {
            unpacked.problems.push(Problem::file(&path, ProblemKind::TooManyFiles { limit: MAX_MEMBERS }));
            break;
        }
        taken += 1;
        let Ok(name) = safe_file_name(&file_name) else {
            unpacked.problems.push(Problem::file(&path, ProblemKind::Unsupported));
            continue;
        };
        let limit = markup_limit(limits).max(limits.max_article_bytes).min(budget);
        let mut content = Vec::new();
        if member.take(limit + 1).read_to_end(&mut content).is_err() {
            unpacked.problems.push(Problem::file(&path, ProblemKind::NotArchive));
            continue;
        }
        if content.len() as u64 > limit {
            let kind = ProblemKind::TooLarge { bytes: content.len() as u64, limit };
            unpacked.problems.push(Problem::file(&path, kind));
            if limit == budget {
                break;
            }
            continue;
        }
        budget -= content.len() as u64;
        match check_file(&name, content.clone(), None, limits) {
            Ok(checked) => unpacked.members.push(Member { name, bytes: content, checked }),
            Err(problem) => unpacked.problems.push(Problem { file: path, ..problem }),
        }
    }
    Ok(unpacked)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in members {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn limits() -> LoadLimits {
        LoadLimits { max_file_bytes: 1 << 20, max_article_bytes: 8 << 10 }
    }

    const NILE: &str = "نهر النيل أطول أنهار العالم، ويبلغ طوله نحو 6650 كيلومترا.";

    #[test]
    fn members_are_flattened_checked_and_the_rest_named() {
        let zip = zip_of(&[
            ("articles/nile.txt", NILE.as_bytes()),
            ("../../escape.txt", NILE.as_bytes()),
            ("page.html", format!("<article><p>{NILE}</p></article>").as_bytes()),
            (".hidden.txt", NILE.as_bytes()),
            ("__MACOSX/articles/._nile.txt", b"\0\x05\x16\x07"),
            ("photo.png", b"\x89PNG"),
            ("empty.txt", b"   "),
        ]);
        let unpacked = unpack(&zip, limits()).unwrap();
        let names: Vec<&str> = unpacked.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["nile.txt", "escape.txt", "page.html"]);
        let problems: Vec<(&str, &ProblemKind)> =
            unpacked.problems.iter().map(|p| (p.file.as_str(), &p.kind)).collect();
        assert_eq!(problems, [("photo.png", &ProblemKind::Unsupported), ("empty.txt", &ProblemKind::Empty)]);
    }

    #[test]
    fn a_member_that_unpacks_past_its_bound_is_refused_unread() {
        let big = "ا".repeat(200_000);
        let zip = zip_of(&[("big.txt", big.as_bytes()), ("nile.txt", NILE.as_bytes())]);
        assert!(zip.len() < 10_000, "{}", zip.len());
        let unpacked = unpack(&zip, limits()).unwrap();
        assert!(matches!(unpacked.problems[..], [Problem { kind: ProblemKind::TooLarge { .. }, .. }]));
        assert_eq!(unpacked.members.len(), 1);
    }

    #[test]
    fn what_is_not_a_zip_is_refused() {
        assert_eq!(unpack(b"not a zip", limits()).err(), Some(ProblemKind::NotArchive));
    }
}
