//! A compact binary copy of a loaded corpus (articles and passages), stored beside an on-disk index so a
//! restart opens both instead of re-reading and re-splitting the corpus.

use std::io::{self, Read, Write};

use rayon::prelude::*;
use std::path::Path;

use super::{Article, Corpus, Passage};

const MAGIC: &[u8; 8] = b"ISNADC01";
const NONE: u32 = u32::MAX;

fn put_str(out: &mut impl Write, s: &str) -> io::Result<()> {
    out.write_all(&(s.len() as u32).to_le_bytes())?;
    out.write_all(s.as_bytes())
}

fn put_opt(out: &mut impl Write, s: Option<&str>) -> io::Result<()> {
    match s {
        Some(s) => put_str(out, s),
        None => out.write_all(&NONE.to_le_bytes()),
    }
}

/// Write `corpus` to `path`, streaming (the corpus is not copied in memory).
pub fn write_snapshot(corpus: &Corpus, path: &Path) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    out.write_all(MAGIC)?;
    out.write_all(&(corpus.articles.len() as u64).to_le_bytes())?;
    for a in &corpus.articles {
        for s in [&a.id, &a.file, &a.title, &a.source] {
            put_str(&mut out, s)?;
        }
        for s in [&a.author, &a.date, &a.url] {
            put_opt(&mut out, s.as_deref())?;
        }
        put_str(&mut out, &a.text)?;
    }
    out.write_all(&(corpus.passages.len() as u64).to_le_bytes())?;
    for p in &corpus.passages {
        out.write_all(&p.article.to_le_bytes())?;
        out.write_all(&p.position.to_le_bytes())?;
        out.write_all(&(p.range.start as u64).to_le_bytes())?;
        out.write_all(&(p.range.end as u64).to_le_bytes())?;
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()
}

/// Reads the snapshot's fields from a buffered file, each string straight into its own allocation.
struct Reader<R> {
    inner: R,
}

fn corrupt() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "corpus snapshot is corrupt")
}

/// Longest string a snapshot may hold (an article is far smaller); guards allocation on a bad length.
const MAX_FIELD: usize = 1 << 31;

impl<R: Read> Reader<R> {
    fn array<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        let mut buf = [0u8; N];
        self.inner.read_exact(&mut buf).map_err(|_| corrupt())?;
        Ok(buf)
    }
    fn u32(&mut self) -> io::Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> io::Result<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn bytes(&mut self, len: usize) -> io::Result<Vec<u8>> {
        if len > MAX_FIELD {
            return Err(corrupt());
        }
        let mut buf = vec![0u8; len];
        self.inner.read_exact(&mut buf).map_err(|_| corrupt())?;
        Ok(buf)
    }
    fn string(&mut self) -> io::Result<String> {
        let len = self.u32()? as usize;
        String::from_utf8(self.bytes(len)?).map_err(|_| corrupt())
    }
    fn opt(&mut self) -> io::Result<Option<String>> {
        match self.u32()? {
            NONE => Ok(None),
            len => String::from_utf8(self.bytes(len as usize)?).map(Some).map_err(|_| corrupt()),
        }
    }
}

/// An article whose text is not yet checked to be UTF-8 (checked in parallel afterwards).
struct RawArticle {
    meta: [String; 4],
    optional: [Option<String>; 3],
    text: Vec<u8>,
}

/// Read a corpus written by [`write_snapshot`]; errors on any inconsistency.
pub fn read_snapshot(path: &Path) -> io::Result<Corpus> {
    let mut r = Reader { inner: io::BufReader::with_capacity(1 << 20, std::fs::File::open(path)?) };
    if &r.array::<8>()? != MAGIC {
        return Err(corrupt());
    }
    let n = r.u64()? as usize;
    let mut raw = Vec::with_capacity(n.min(1 << 24));
    for _ in 0..n {
        let meta = [r.string()?, r.string()?, r.string()?, r.string()?];
        let optional = [r.opt()?, r.opt()?, r.opt()?];
        let len = r.u32()? as usize;
        raw.push(RawArticle { meta, optional, text: r.bytes(len)? });
    }
    let articles: Vec<Article> = raw
        .into_par_iter()
        .map(|a| {
            let [id, file, title, source] = a.meta;
            let [author, date, url] = a.optional;
            let text = String::from_utf8(a.text).map_err(|_| corrupt())?;
            Ok(Article { id, file, title, source, author, date, url, text })
        })
        .collect::<io::Result<_>>()?;
    let m = r.u64()? as usize;
    let mut passages = Vec::with_capacity(m.min(1 << 26));
    for _ in 0..m {
        let (article, position) = (r.u32()?, r.u32()?);
        let (start, end) = (r.u64()? as usize, r.u64()? as usize);
        let text = &articles.get(article as usize).ok_or_else(corrupt)?.text;
        if start > end || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(corrupt());
        }
        passages.push(Passage { article, position, range: start..end });
    }
    Ok(Corpus { articles, passages, ..Corpus::default() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::SplitConfig;

    #[test]
    fn a_snapshot_reads_back_equal() {
        let article = |id: &str, author: Option<&str>| Article {
            id: id.into(),
            file: "f.jsonl".into(),
            title: "عنوان".into(),
            source: "مصدر".into(),
            author: author.map(String::from),
            date: Some("2022-01-07".into()),
            url: None,
            text: "فقرة أولى عن الموضوع.\nفقرة ثانية.".into(),
        };
        let corpus =
            Corpus::from_articles(vec![article("a", None), article("b", Some("كاتب"))], SplitConfig::default());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.bin");
        write_snapshot(&corpus, &path).unwrap();
        let back = read_snapshot(&path).unwrap();
        assert_eq!(back.articles, corpus.articles);
        assert_eq!(back.passages, corpus.passages);
    }

    #[test]
    fn a_truncated_snapshot_is_an_error_not_a_panic() {
        let corpus = Corpus::from_articles(Vec::new(), SplitConfig::default());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.bin");
        write_snapshot(&corpus, &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        assert!(read_snapshot(&path).is_err());
        std::fs::write(&path, b"garbage").unwrap();
        assert!(read_snapshot(&path).is_err());
    }
}
