//! Passage vectors paid for once: kept by a key made of the model and the exact text embedded, in memory
//! and, with `index_dir`, in one append-only file there, so a restart, a reload or an upload embeds only
//! passages that are new or changed.
//!
//! File layout: magic, the model's name, the dimension, then records of a 16-byte key and `dim` f32s
//! (little-endian), appended as they arrive. A record cut short by a crash is cut off the file when it is
//! opened, so later records line up. Another model or dimension makes a fresh file (one log line says so).
//!
//! A service runs for months while its corpus changes: once every passage of the index in service has its
//! vector, the store keeps only those ([`VectorStore::retain`]), rewriting the file when a quarter of it
//! is stale, and a file-backed store then lets go of its copy in RAM ([`VectorStore::release`]) until the
//! next index needs it: the index's own table holds the vectors it searches.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use ring::digest;

const MAGIC: &[u8; 8] = b"ISNADE01";

/// A stored vector's key: SHA-256 of the model and the text embedded, first 16 bytes.
pub type Key = [u8; 16];

/// The key of `input` embedded by `model`.
pub fn key(model: &str, input: &str) -> Key {
    let mut context = digest::Context::new(&digest::SHA256);
    context.update(model.as_bytes());
    context.update(&[0]);
    context.update(input.as_bytes());
    let mut key = [0u8; 16];
    key.copy_from_slice(&context.finish().as_ref()[..16]);
    key
}

/// Vectors of one dimension in one block, found by key: two allocations however many there are, so
/// letting go of them gives the memory back to the system.
#[derive(Default)]
struct Rows {
    dim: usize,
    index: HashMap<Key, usize>,
    data: Vec<f32>,
}

impl Rows {
    fn new(dim: usize, capacity: usize) -> Rows {
        Rows { dim, index: HashMap::with_capacity(capacity), data: Vec::with_capacity(capacity * dim) }
    }

    fn len(&self) -> usize {
        self.index.len()
    }

    /// Where row `row` lies in `data`.
    fn span(&self, row: usize) -> std::ops::Range<usize> {
        row * self.dim..(row + 1) * self.dim
    }

    fn get(&self, key: &Key) -> Option<&[f32]> {
        let row = *self.index.get(key)?;
        self.data.get(self.span(row))
    }

    /// Add or replace the vector under `key` (of this dimension).
    fn insert(&mut self, key: Key, vector: &[f32]) {
        match self.index.get(&key) {
            Some(&row) => {
                let span = self.span(row);
                self.data[span].copy_from_slice(vector);
            }
            None => {
                self.index.insert(key, self.data.len() / self.dim.max(1));
                self.data.extend_from_slice(vector);
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = (&Key, &[f32])> {
        self.index.iter().map(|(key, &row)| (key, &self.data[self.span(row)]))
    }

    /// Keep only the rows under `keys`, moved down in place (no second copy at any moment).
    fn retain(&mut self, keys: &HashSet<Key>) {
        self.index.retain(|key, _| keys.contains(key));
        let mut rows: Vec<(usize, Key)> = self.index.iter().map(|(key, &row)| (row, *key)).collect();
        rows.sort_unstable_by_key(|&(row, _)| row);
        // Rows move only down, in order, so none is overwritten before it is moved.
        for (new, (old, key)) in rows.into_iter().enumerate() {
            if new != old {
                let from = self.span(old);
                self.data.copy_within(from, new * self.dim);
            }
            self.index.insert(key, new);
        }
        self.data.truncate(self.index.len() * self.dim);
        self.data.shrink_to_fit();
        self.index.shrink_to_fit();
    }
}

/// Vectors by key, with the file they are appended to (if any).
pub struct VectorStore {
    model: String,
    /// The vectors held, of the store's dimension (kept when they are released).
    vectors: Rows,
    /// False after [`VectorStore::release`]: the file holds what RAM let go of.
    loaded: bool,
    /// Records in the file, stale and repeated ones included.
    records: usize,
    /// True when a vector held in RAM failed to reach the file (RAM is then the only copy).
    unsaved: bool,
    file: Option<(PathBuf, Option<File>)>,
}

/// What a store file holds.
struct Stored {
    model: String,
    vectors: Rows,
    /// Whole records read.
    records: usize,
    /// Bytes up to the end of the last whole record.
    whole_len: u64,
    /// Bytes in the file.
    file_len: u64,
}

impl VectorStore {
    /// A store kept in memory only.
    pub fn in_memory(model: &str) -> VectorStore {
        VectorStore {
            model: model.to_string(),
            vectors: Rows::default(),
            loaded: true,
            records: 0,
            unsaved: false,
            file: None,
        }
    }

    /// The store in `path` for `model`: its vectors read back, or a fresh one when the file is missing,
    /// unreadable, or made with another model.
    pub fn open(path: &Path, model: &str) -> VectorStore {
        let mut store = VectorStore::in_memory(model);
        store.file = Some((path.to_path_buf(), None));
        match read_file(path) {
            Ok(Some(stored)) if stored.model == model => {
                if stored.whole_len < stored.file_len {
                    tracing::warn!(file = %path.display(), "stored vectors: a record cut short is cut off");
                    if let Err(error) = truncate(path, stored.whole_len) {
                        tracing::warn!(%error, "stored vectors: cannot cut the file; starting afresh");
                        return store;
                    }
                }
                store.records = stored.records;
                store.vectors = stored.vectors;
            }
            Ok(Some(stored)) => {
                tracing::warn!(
                    old = %stored.model,
                    new = %model,
                    stored = stored.vectors.len(),
                    "embedding model changed: every passage will be embedded again"
                );
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(file = %path.display(), %error, "stored vectors unreadable: starting afresh"),
        }
        store
    }

    /// Vectors held.
    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    /// True when none are held.
    pub fn is_empty(&self) -> bool {
        self.vectors.len() == 0
    }

    /// The vectors' dimension (0 before the first).
    pub fn dim(&self) -> usize {
        self.vectors.dim
    }

    /// The vector stored under `key`.
    pub fn get(&self, key: &Key) -> Option<&[f32]> {
        self.vectors.get(key)
    }

    /// Keep `vectors` (and append them to the file). A dimension other than the stored one means the
    /// server's model changed under the same name: everything stored before is dropped first.
    pub fn put(&mut self, vectors: &[(Key, Vec<f32>)]) -> io::Result<()> {
        let Some(dim) = vectors.first().map(|(_, v)| v.len()) else { return Ok(()) };
        if self.dim() != dim {
            if self.dim() != 0 {
                tracing::warn!(
                    old = self.dim(),
                    new = dim,
                    "embedding dimension changed: every passage will be embedded again"
                );
            }
            self.vectors = Rows::new(dim, vectors.len());
            self.loaded = true;
            self.records = 0;
            self.start_file()?;
        }
        let mut bytes = Vec::with_capacity(vectors.len() * (16 + 4 * dim));
        let mut written = 0;
        for (key, vector) in vectors.iter().filter(|(_, v)| v.len() == dim) {
            append_record(&mut bytes, key, vector);
            self.vectors.insert(*key, vector);
            written += 1;
        }
        let appended = self.append(&bytes);
        match &appended {
            Ok(true) => self.records += written,
            Ok(false) => {}
            Err(_) => self.unsaved = true,
        }
        appended.map(|_| ())
    }

    /// Append `bytes` to the file; false when the store has none.
    fn append(&mut self, bytes: &[u8]) -> io::Result<bool> {
        let Some((path, file)) = &mut self.file else { return Ok(false) };
        let file = match file {
            Some(file) => file,
            None => file.insert(OpenOptions::new().append(true).open(&*path)?),
        };
        file.write_all(bytes)?;
        Ok(true)
    }

    /// Read back what [`VectorStore::release`] let go of.
    pub fn load(&mut self) {
        if self.loaded {
            return;
        }
        self.loaded = true;
        let Some((path, _)) = &self.file else { return };
        match read_file(path) {
            Ok(Some(stored)) if stored.model == self.model && stored.vectors.dim == self.dim() => {
                self.records = stored.records;
                // Vectors put since the release are in the file too, under the same keys.
                self.vectors = stored.vectors;
            }
            Ok(_) => {
                tracing::warn!(file = %path.display(), "stored vectors changed under the service: embedding again")
            }
            Err(error) => tracing::warn!(file = %path.display(), %error, "stored vectors unreadable: embedding again"),
        }
    }

    /// Keep only the vectors under `keys` (those of the index in service), and rewrite the file when a
    /// quarter or more of its records are stale. Returns how many were dropped.
    pub fn retain(&mut self, keys: &HashSet<Key>) -> io::Result<usize> {
        self.load();
        let before = self.vectors.len();
        self.vectors.retain(keys);
        let stale = self.records.saturating_sub(self.vectors.len());
        if self.file.is_some() && stale > 0 && stale * 4 >= self.records {
            self.rewrite()?;
        }
        Ok(before - self.vectors.len())
    }

    /// Let go of the vectors in RAM when the file holds every one of them; [`VectorStore::load`] reads
    /// them back.
    pub fn release(&mut self) {
        if self.file.is_some() && self.loaded && !self.unsaved {
            self.vectors = Rows::new(self.dim(), 0);
            self.loaded = false;
        }
    }

    /// Write the file afresh with the vectors held, then swap it in.
    fn rewrite(&mut self) -> io::Result<()> {
        let dim = self.dim();
        let mut bytes = header(&self.model, dim);
        bytes.reserve(self.vectors.len() * (16 + 4 * dim));
        for (key, vector) in self.vectors.iter() {
            append_record(&mut bytes, key, vector);
        }
        self.replace_file(&bytes)?;
        self.records = self.vectors.len();
        self.unsaved = false;
        Ok(())
    }

    /// Write a fresh file: header only.
    fn start_file(&mut self) -> io::Result<()> {
        self.replace_file(&header(&self.model, self.dim()))
    }

    /// Make `bytes` the file's whole content (written beside it, then renamed over it), and append to it
    /// from then on.
    fn replace_file(&mut self, bytes: &[u8]) -> io::Result<()> {
        let Some((path, file)) = &mut self.file else { return Ok(()) };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let temp = path.with_extension("tmp");
        {
            let mut out = File::create(&temp)?;
            out.write_all(bytes)?;
            out.sync_all()?;
        }
        std::fs::rename(&temp, &*path)?;
        *file = Some(OpenOptions::new().append(true).open(&*path)?);
        Ok(())
    }
}

/// The file's header for `model` and `dim`.
fn header(model: &str, dim: usize) -> Vec<u8> {
    let mut header = Vec::new();
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&(model.len() as u32).to_le_bytes());
    header.extend_from_slice(model.as_bytes());
    header.extend_from_slice(&(dim as u32).to_le_bytes());
    header
}

/// One record: the key, then the vector's components.
fn append_record(bytes: &mut Vec<u8>, key: &Key, vector: &[f32]) {
    bytes.extend_from_slice(key);
    vector.iter().for_each(|x| bytes.extend_from_slice(&x.to_le_bytes()));
}

/// Cut the file at `path` to `len` bytes.
fn truncate(path: &Path, len: u64) -> io::Result<()> {
    OpenOptions::new().write(true).open(path)?.set_len(len)
}

/// What the file at `path` holds; `None` when there is no file. Read record by record, so a large
/// store never sits in memory twice.
fn read_file(path: &Path) -> io::Result<Option<Stored>> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let file_len = file.metadata()?.len();
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let bad = || io::Error::new(io::ErrorKind::InvalidData, "not a vector store");
    let mut magic = [0u8; 8];
    read_or(&mut reader, &mut magic, bad)?;
    if &magic != MAGIC {
        return Err(bad());
    }
    let len = read_u32(&mut reader, bad)? as usize;
    if len > 4096 {
        return Err(bad());
    }
    let mut model = vec![0u8; len];
    read_or(&mut reader, &mut model, bad)?;
    let model = String::from_utf8(model).map_err(|_| bad())?;
    let dim = read_u32(&mut reader, bad)? as usize;
    if dim > 1 << 16 {
        return Err(bad());
    }
    let header_len = (MAGIC.len() + 4 + len + 4) as u64;
    let record = 16 + 4 * dim;
    let room = file_len.saturating_sub(header_len) / record as u64;
    let mut vectors = Rows::new(dim, usize::try_from(room).unwrap_or(0));
    let mut records = 0u64;
    let mut bytes = vec![0u8; record];
    let mut vector = vec![0.0f32; dim];
    // A record cut short at the end (a crash while appending) is left out.
    while dim > 0 && records < room {
        reader.read_exact(&mut bytes)?;
        let mut key = [0u8; 16];
        key.copy_from_slice(&bytes[..16]);
        for (x, b) in vector.iter_mut().zip(bytes[16..].chunks_exact(4)) {
            *x = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
        vectors.insert(key, &vector);
        records += 1;
    }
    let whole_len = if dim > 0 { header_len + records * record as u64 } else { file_len };
    Ok(Some(Stored { model, vectors, records: records as usize, whole_len, file_len }))
}

/// Fill `buf` from `reader`; a file too short for it is `bad`.
fn read_or(reader: &mut impl Read, buf: &mut [u8], bad: impl Fn() -> io::Error) -> io::Result<()> {
    reader.read_exact(buf).map_err(|e| if e.kind() == io::ErrorKind::UnexpectedEof { bad() } else { e })
}

fn read_u32(reader: &mut impl Read, bad: impl Fn() -> io::Error) -> io::Result<u32> {
    let mut word = [0u8; 4];
    read_or(reader, &mut word, bad)?;
    Ok(u32::from_le_bytes(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_survive_a_reopen_and_a_torn_last_record_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vectors.bin");
        let mut store = VectorStore::open(&path, "m");
        let (a, b) = (key("m", "نص أول"), key("m", "نص ثان"));
        assert_ne!(a, b);
        assert_ne!(a, key("other", "نص أول"), "the model is part of the key");
        store.put(&[(a, vec![1.0, 2.0])]).unwrap();
        store.put(&[(b, vec![3.0, 4.0])]).unwrap();
        let again = VectorStore::open(&path, "m");
        assert_eq!((again.len(), again.dim()), (2, 2));
        assert_eq!(again.get(&b), Some(&[3.0, 4.0][..]));
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.truncate(bytes.len() - 3);
        std::fs::write(&path, &bytes).unwrap();
        let torn = VectorStore::open(&path, "m");
        assert_eq!((torn.len(), torn.get(&a).is_some()), (1, true));
    }

    #[test]
    fn another_model_or_dimension_starts_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vectors.bin");
        let mut store = VectorStore::open(&path, "m");
        store.put(&[(key("m", "x"), vec![1.0, 2.0])]).unwrap();
        assert!(VectorStore::open(&path, "n").is_empty(), "another model");
        let mut store = VectorStore::open(&path, "m");
        store.put(&[(key("m", "y"), vec![1.0, 2.0, 3.0])]).unwrap();
        assert_eq!((store.len(), store.dim()), (1, 3));
        let reopened = VectorStore::open(&path, "m");
        assert_eq!((reopened.len(), reopened.dim()), (1, 3));
        std::fs::write(&path, b"garbage").unwrap();
        assert!(VectorStore::open(&path, "m").is_empty());
    }

    #[test]
    fn records_appended_after_a_torn_one_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vectors.bin");
        let (a, b) = (key("m", "أ"), key("m", "ب"));
        VectorStore::open(&path, "m").put(&[(a, vec![1.0, 2.0])]).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(&[7, 7, 7]);
        std::fs::write(&path, &bytes).unwrap();
        let mut reopened = VectorStore::open(&path, "m");
        reopened.put(&[(b, vec![3.0, 4.0])]).unwrap();
        let again = VectorStore::open(&path, "m");
        assert_eq!(again.get(&a), Some(&[1.0, 2.0][..]));
        assert_eq!(again.get(&b), Some(&[3.0, 4.0][..]), "the record after the torn bytes lines up");
    }

    #[test]
    fn retain_keeps_the_vectors_in_use_and_rewrites_a_mostly_stale_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vectors.bin");
        let mut store = VectorStore::open(&path, "m");
        let keys: Vec<Key> = (0..8).map(|i| key("m", &format!("نص {i}"))).collect();
        let vector = |i: usize| vec![i as f32, 0.5];
        store.put(&keys.iter().enumerate().map(|(i, k)| (*k, vector(i))).collect::<Vec<_>>()).unwrap();
        let size = std::fs::metadata(&path).unwrap().len();
        let holds = |store: &VectorStore, kept: &[usize]| {
            store.len() == kept.len() && kept.iter().all(|&i| store.get(&keys[i]) == Some(&vector(i)[..]))
        };

        // One of eight stale: under a quarter, the file stays as it is.
        let seven: HashSet<Key> = [0, 1, 2, 4, 5, 6, 7].map(|i| keys[i]).into();
        assert_eq!(store.retain(&seven).unwrap(), 1);
        assert!(holds(&store, &[0, 1, 2, 4, 5, 6, 7]));
        assert_eq!(std::fs::metadata(&path).unwrap().len(), size);

        // Five of eight stale: the file is written afresh with the three in use.
        let three: HashSet<Key> = [1, 5, 7].map(|i| keys[i]).into();
        assert_eq!(store.retain(&three).unwrap(), 4);
        assert!(holds(&store, &[1, 5, 7]));
        assert!(std::fs::metadata(&path).unwrap().len() < size);
        assert!(holds(&VectorStore::open(&path, "m"), &[1, 5, 7]));

        // Appends go on after the rewrite.
        store.put(&[(keys[3], vector(3))]).unwrap();
        assert!(holds(&VectorStore::open(&path, "m"), &[1, 3, 5, 7]));
    }

    #[test]
    fn a_released_store_holds_nothing_in_ram_and_loads_its_file_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vectors.bin");
        let mut store = VectorStore::open(&path, "m");
        let (a, b) = (key("m", "أ"), key("m", "ب"));
        store.put(&[(a, vec![1.0, 2.0])]).unwrap();
        store.release();
        assert_eq!((store.len(), store.get(&a)), (0, None));
        store.put(&[(b, vec![3.0, 4.0])]).unwrap();
        store.load();
        assert_eq!((store.len(), store.get(&a), store.get(&b)), (2, Some(&[1.0, 2.0][..]), Some(&[3.0, 4.0][..])));

        let mut memory = VectorStore::in_memory("m");
        memory.put(&[(a, vec![1.0, 2.0])]).unwrap();
        memory.release();
        assert_eq!(memory.get(&a), Some(&[1.0, 2.0][..]), "without a file RAM is the only copy");
    }

    #[test]
    fn a_key_put_again_holds_its_latest_vector_once() {
        let mut store = VectorStore::in_memory("m");
        let (a, b) = (key("m", "أ"), key("m", "ب"));
        store.put(&[(a, vec![1.0, 2.0]), (b, vec![5.0, 6.0])]).unwrap();
        store.put(&[(a, vec![3.0, 4.0])]).unwrap();
        assert_eq!((store.len(), store.get(&a), store.get(&b)), (2, Some(&[3.0, 4.0][..]), Some(&[5.0, 6.0][..])));
    }
}
