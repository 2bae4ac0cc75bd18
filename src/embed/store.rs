//! Passage vectors paid for once: kept by a key made of the model and the exact text embedded, in memory
//! and, with `index_dir`, in one append-only file there, so a restart, a reload or an upload embeds only
//! passages that are new or changed.
//!
//! File layout: magic, the model's name, the dimension, then records of a 16-byte key and `dim` f32s
//! (little-endian), appended as they arrive. A record cut short by a crash is dropped when the file is
//! opened. Another model or dimension makes a fresh file (one log line says so).

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
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

/// Vectors by key, with the file they are appended to (if any).
pub struct VectorStore {
    model: String,
    dim: usize,
    vectors: HashMap<Key, Vec<f32>>,
    file: Option<(PathBuf, Option<File>)>,
}

impl VectorStore {
    /// A store kept in memory only.
    pub fn in_memory(model: &str) -> VectorStore {
        VectorStore { model: model.to_string(), dim: 0, vectors: HashMap::new(), file: None }
    }

    /// The store in `path` for `model`: its vectors read back, or a fresh one when the file is missing,
    /// unreadable, or made with another model.
    pub fn open(path: &Path, model: &str) -> VectorStore {
        let mut store = VectorStore::in_memory(model);
        store.file = Some((path.to_path_buf(), None));
        match read_file(path) {
            Ok(Some((stored_model, dim, vectors))) if stored_model == model => {
                store.dim = dim;
                store.vectors = vectors;
            }
            Ok(Some((stored_model, _, vectors))) => {
                tracing::warn!(
                    old = %stored_model,
                    new = %model,
                    stored = vectors.len(),
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
        self.vectors.is_empty()
    }

    /// The vectors' dimension (0 before the first).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The vector stored under `key`.
    pub fn get(&self, key: &Key) -> Option<&[f32]> {
        self.vectors.get(key).map(Vec::as_slice)
    }

    /// Keep `vectors` (and append them to the file). A dimension other than the stored one means the
    /// server's model changed under the same name: everything stored before is dropped first.
    pub fn put(&mut self, vectors: &[(Key, Vec<f32>)]) -> io::Result<()> {
        let Some(dim) = vectors.first().map(|(_, v)| v.len()) else { return Ok(()) };
        if self.dim != dim {
            if self.dim != 0 {
                tracing::warn!(
                    old = self.dim,
                    new = dim,
                    "embedding dimension changed: every passage will be embedded again"
                );
            }
            self.dim = dim;
            self.vectors.clear();
            self.start_file()?;
        }
        let mut bytes = Vec::with_capacity(vectors.len() * (16 + 4 * dim));
        for (key, vector) in vectors.iter().filter(|(_, v)| v.len() == dim) {
            bytes.extend_from_slice(key);
            vector.iter().for_each(|x| bytes.extend_from_slice(&x.to_le_bytes()));
            self.vectors.insert(*key, vector.clone());
        }
        if let Some((path, file)) = &mut self.file {
            if file.is_none() {
                *file = Some(OpenOptions::new().append(true).open(path)?);
            }
            if let Some(file) = file {
                file.write_all(&bytes)?;
            }
        }
        Ok(())
    }

    /// Write a fresh file: header only.
    fn start_file(&mut self) -> io::Result<()> {
        let Some((path, file)) = &mut self.file else { return Ok(()) };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut header = Vec::new();
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&(self.model.len() as u32).to_le_bytes());
        header.extend_from_slice(self.model.as_bytes());
        header.extend_from_slice(&(self.dim as u32).to_le_bytes());
        let temp = path.with_extension("tmp");
        std::fs::write(&temp, &header)?;
        std::fs::rename(&temp, &*path)?;
        *file = Some(OpenOptions::new().append(true).open(&*path)?);
        Ok(())
    }
}

type Stored = (String, usize, HashMap<Key, Vec<f32>>);

/// The model, dimension and vectors in `path`; `None` when there is no file.
fn read_file(path: &Path) -> io::Result<Option<Stored>> {
    let mut bytes = Vec::new();
    match File::open(path) {
        Ok(mut file) => file.read_to_end(&mut bytes)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let bad = || io::Error::new(io::ErrorKind::InvalidData, "not a vector store");
    let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or_else(bad)?;
    let (len, rest) = rest.split_first_chunk::<4>().ok_or_else(bad)?;
    let len = u32::from_le_bytes(*len) as usize;
    let model = rest.get(..len).ok_or_else(bad)?;
    let model = String::from_utf8(model.to_vec()).map_err(|_| bad())?;
    let (dim, mut rest) = rest[len..].split_first_chunk::<4>().ok_or_else(bad)?;
    let dim = u32::from_le_bytes(*dim) as usize;
    if dim > 1 << 16 {
        return Err(bad());
    }
    let record = 16 + 4 * dim;
    let mut vectors = HashMap::with_capacity(rest.len() / record.max(1));
    // A record cut short at the end (a crash while appending) is left out.
    while dim > 0 && rest.len() >= record {
        let (head, tail) = rest.split_at(record);
        let mut key = [0u8; 16];
        key.copy_from_slice(&head[..16]);
        let vector = head[16..].chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        vectors.insert(key, vector);
        rest = tail;
    }
    Ok(Some((model, dim, vectors)))
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
}
