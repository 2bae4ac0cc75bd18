//! A compact binary copy of a loaded corpus (articles and passages), stored beside an on-disk index so a
//! restart opens both instead of re-reading and re-splitting the corpus.
//!
//! Layout: magic, the articles' metadata (each with its text's place in the text block), the passages,
//! every article's text in one block, then a CRC-32 of everything before it. A restart memory-maps the
//! file, checks the CRC (a damaged or half-written copy is refused, and the index rebuilt), and reads
//! only the metadata and passages; texts stay in the page cache and are read passage by passage when
//! quoted (and checked to be UTF-8 there as well).

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use memmap2::Mmap;

use super::{Article, Corpus, Passage, Text};

const MAGIC: &[u8; 8] = b"ISNADC03";

/// A writer that keeps a CRC-32 of what passes through it.
struct Summed<W: Write> {
    inner: W,
    crc: crc32fast::Hasher,
}

impl<W: Write> Write for Summed<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
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
    let file = io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut out = Summed { inner: file, crc: crc32fast::Hasher::new() };
    out.write_all(MAGIC)?;
    out.write_all(&(corpus.articles.len() as u64).to_le_bytes())?;
    let mut offset = 0u64;
    for a in &corpus.articles {
        for s in [&a.id, &a.file, &a.title, &a.source] {
            put_str(&mut out, s)?;
        }
        for s in [&a.author, &a.date, &a.url] {
            put_opt(&mut out, s.as_deref())?;
        }
        out.write_all(&offset.to_le_bytes())?;
        out.write_all(&(a.text.len() as u64).to_le_bytes())?;
        offset += a.text.len() as u64;
    }
    out.write_all(&(corpus.passages.len() as u64).to_le_bytes())?;
    for p in &corpus.passages {
        out.write_all(&p.article.to_le_bytes())?;
        out.write_all(&p.position.to_le_bytes())?;
        out.write_all(&(p.range.start as u64).to_le_bytes())?;
        out.write_all(&(p.range.end as u64).to_le_bytes())?;
    }
    out.write_all(&offset.to_le_bytes())?;
    for a in &corpus.articles {
        out.write_all(a.text.as_bytes())?;
    }
    let Summed { mut inner, crc } = out;
    inner.write_all(&crc.finalize().to_le_bytes())?;
    inner.into_inner().map_err(|e| e.into_error())?.sync_all()
}

fn corrupt() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "corpus snapshot is corrupt")
}

/// Reads the snapshot's fields from the mapped bytes, checking every length against what is left.
struct Cursor<'m> {
    bytes: &'m [u8],
    at: usize,
}

impl<'m> Cursor<'m> {
    fn take(&mut self, len: usize) -> io::Result<&'m [u8]> {
        let end = self.at.checked_add(len).filter(|&end| end <= self.bytes.len()).ok_or_else(corrupt)?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn array<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        self.take(N)?.try_into().map_err(|_| corrupt())
    }
    fn u32(&mut self) -> io::Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> io::Result<usize> {
        usize::try_from(u64::from_le_bytes(self.array()?)).map_err(|_| corrupt())
    }
    fn str_of_len(&mut self, len: usize) -> io::Result<String> {
        std::str::from_utf8(self.take(len)?).map(String::from).map_err(|_| corrupt())
    }
    fn string(&mut self) -> io::Result<String> {
        let len = self.u32()? as usize;
        self.str_of_len(len)
    }
    fn opt(&mut self) -> io::Result<Option<String>> {
        match self.u32()? {
            NONE => Ok(None),
            len => self.str_of_len(len as usize).map(Some),
        }
    }
    /// A count of records of at least `record` bytes each, checked against the bytes left.
    fn count(&mut self, record: usize) -> io::Result<usize> {
        let n = self.u64()?;
        if n.saturating_mul(record) > self.bytes.len() - self.at {
            return Err(corrupt());
        }
        Ok(n)
    }
}

/// Open a corpus written by [`write_snapshot`]; errors on any inconsistency in its structure.
pub fn read_snapshot(path: &Path) -> io::Result<Corpus> {
    let file = std::fs::File::open(path)?;
    // SAFETY: a generation's files are written once, before it becomes current, and never changed
    // afterwards (a rebuild writes a new generation); tantivy maps its own files the same way.
    let map = Arc::new(unsafe { Mmap::map(&file)? });
    let body_len = map.len().checked_sub(4).ok_or_else(corrupt)?;
    let (body, sum) = map.split_at(body_len);
    if crc32fast::hash(body).to_le_bytes() != sum {
        return Err(corrupt());
    }
    let mut r = Cursor { bytes: body, at: 0 };
    if &r.array::<8>()? != MAGIC {
        return Err(corrupt());
    }
    let n = r.count(4 * 4 + 3 * 4 + 16)?;
    let mut meta = Vec::with_capacity(n);
    for _ in 0..n {
        let [id, file, title, source] = [r.string()?, r.string()?, r.string()?, r.string()?];
        let [author, date, url] = [r.opt()?, r.opt()?, r.opt()?];
        let (offset, len) = (r.u64()?, r.u64()?);
        meta.push((Article { id, file, title, source, author, date, url, text: Text::from("") }, offset, len));
    }
    let m = r.count(24)?;
    let mut passages = Vec::with_capacity(m);
    for _ in 0..m {
        let (article, position) = (r.u32()?, r.u32()?);
        let (start, end) = (r.u64()?, r.u64()?);
        let text_len = meta.get(article as usize).ok_or_else(corrupt)?.2;
        if start > end || end > text_len {
            return Err(corrupt());
        }
        passages.push(Passage { article, position, range: start..end });
    }
    let block_len = r.u64()?;
    let block = r.at;
    if r.bytes.len() - block != block_len {
        return Err(corrupt());
    }
    let articles = meta
        .into_iter()
        .map(|(mut article, offset, len)| {
            let end = offset.checked_add(len).filter(|&end| end <= block_len).ok_or_else(corrupt)?;
            article.text = Text::mapped(map.clone(), block + offset..block + end).ok_or_else(corrupt)?;
            Ok(article)
        })
        .collect::<io::Result<Vec<_>>>()?;
    Ok(Corpus { articles, passages, ..Corpus::default() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::SplitConfig;

    fn article(id: &str, author: Option<&str>) -> Article {
        Article {
            id: id.into(),
            file: "f.jsonl".into(),
            title: "عنوان".into(),
            source: "مصدر".into(),
            author: author.map(String::from),
            date: Some("2022-01-07".into()),
            url: None,
            text: "فقرة أولى عن الموضوع.\nفقرة ثانية.".into(),
        }
    }

    /// `corpus` written to a snapshot in a fresh temporary directory (kept alive by the returned guard).
    fn written(corpus: &Corpus) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.bin");
        write_snapshot(corpus, &path).unwrap();
        (dir, path)
    }

    #[test]
    fn a_snapshot_reads_back_equal() {
        let corpus =
            Corpus::from_articles(vec![article("a", None), article("b", Some("كاتب"))], SplitConfig::default());
        let (_dir, path) = written(&corpus);
        let back = read_snapshot(&path).unwrap();
        assert_eq!(back.articles, corpus.articles);
        assert_eq!(back.passages, corpus.passages);
        for p in &corpus.passages {
            assert_eq!(back.passage_text(p), corpus.passage_text(p));
        }
    }

    #[test]
    fn a_truncated_or_damaged_snapshot_is_an_error_not_a_panic() {
        let corpus = Corpus::from_articles(vec![article("a", None)], SplitConfig::default());
        let (_dir, path) = written(&corpus);
        let bytes = std::fs::read(&path).unwrap();
        for cut in [3, 20, bytes.len() / 2] {
            std::fs::write(&path, &bytes[..bytes.len() - cut]).unwrap();
            assert!(read_snapshot(&path).is_err(), "cut {cut}");
        }
        std::fs::write(&path, b"garbage").unwrap();
        assert!(read_snapshot(&path).is_err());
        // A huge article count must be refused before anything is allocated for it, even with a
        // checksum that agrees.
        let mut huge = bytes[..bytes.len() - 4].to_vec();
        huge[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
        let sum = crc32fast::hash(&huge).to_le_bytes();
        huge.extend_from_slice(&sum);
        std::fs::write(&path, &huge).unwrap();
        assert!(read_snapshot(&path).is_err());
    }

    #[test]
    fn any_damaged_byte_is_caught_by_the_checksum() {
        let corpus = Corpus::from_articles(vec![article("a", None)], SplitConfig::default());
        let (_dir, path) = written(&corpus);
        let bytes = std::fs::read(&path).unwrap();
        // The last text byte (a damaged text used to read as an empty passage), a metadata byte, the
        // checksum itself.
        for at in [bytes.len() - 5, 20, bytes.len() - 1] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x40;
            std::fs::write(&path, &damaged).unwrap();
            assert!(read_snapshot(&path).is_err(), "byte {at}");
        }
    }
}
