//! The on-disk index: opened when it matches the corpus, rebuilt and switched atomically otherwise.

use std::path::Path;

use isnad::answer::{ask, Question};
use isnad::config::Config;
use isnad::engine::Engine;
use isnad::reload::{build_index, open_or_build};
use isnad::search::SearchIndex;

fn config(corpus: &Path, index: &Path) -> Config {
    Config { corpus_dir: corpus.to_path_buf(), index_dir: Some(index.to_path_buf()), ..Config::default() }
}

fn copy_seeds(to: &Path) {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for entry in std::fs::read_dir(seeds).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn current(index: &Path) -> String {
    std::fs::read_to_string(index.join("CURRENT")).unwrap()
}

fn top(index: SearchIndex, q: &str) -> (String, String) {
    let engine = Engine::new(index);
    let answer = ask(&engine, &Question::parse(q, 1000), &[], &Default::default(), 0).unwrap();
    (answer.hits[0].doc.clone(), answer.hits[0].excerpt.clone())
}

#[test]
fn a_stored_index_is_reopened_while_the_corpus_is_unchanged() {
    let corpus = tempfile::tempdir().unwrap();
    let store = tempfile::tempdir().unwrap();
    copy_seeds(corpus.path());
    let config = config(corpus.path(), store.path());
    let (built, _) = open_or_build(&config).unwrap();
    let generation = current(store.path());
    let (opened, _) = open_or_build(&config).unwrap();
    assert_eq!(current(store.path()), generation, "no rebuild");
    assert_eq!(opened.corpus().articles, built.corpus().articles);
    assert_eq!(opened.corpus().passages, built.corpus().passages);
    let q = "من يقود قوات حفظ السلام في كازاخستان؟";
    assert_eq!(top(opened, q), top(built, q));
}

#[test]
fn a_changed_corpus_or_setting_rebuilds_and_replaces_the_old_generation() {
    let corpus = tempfile::tempdir().unwrap();
    let store = tempfile::tempdir().unwrap();
    copy_seeds(corpus.path());
    let mut config = config(corpus.path(), store.path());
    open_or_build(&config).unwrap();
    let first = current(store.path());
    std::fs::write(corpus.path().join("nile.txt"), "عن النيل\nنهر النيل أطول أنهار العالم ويبلغ طوله 6650 كيلومترا.")
        .unwrap();
    let (index, _) = open_or_build(&config).unwrap();
    let second = current(store.path());
    assert_ne!(first, second);
    assert_eq!(index.corpus().articles.len(), 6);
    assert!(!store.path().join(&first).exists(), "the old generation is removed");
    config.corpus.max_passage_words = 120;
    open_or_build(&config).unwrap();
    assert_ne!(current(store.path()), second, "a setting that shapes passages rebuilds too");
}

#[test]
fn a_damaged_store_is_rebuilt_not_trusted() {
    let corpus = tempfile::tempdir().unwrap();
    let store = tempfile::tempdir().unwrap();
    copy_seeds(corpus.path());
    let config = config(corpus.path(), store.path());
    open_or_build(&config).unwrap();
    let generation = store.path().join(current(store.path()));
    std::fs::write(generation.join("corpus.bin"), b"ISNADC01 broken").unwrap();
    let (index, _) = open_or_build(&config).unwrap();
    assert_eq!(index.corpus().articles.len(), 5);
    assert_ne!(store.path().join(current(store.path())), generation);
}

#[test]
fn reload_always_rebuilds_even_when_the_store_is_current() {
    let corpus = tempfile::tempdir().unwrap();
    let store = tempfile::tempdir().unwrap();
    copy_seeds(corpus.path());
    let config = config(corpus.path(), store.path());
    open_or_build(&config).unwrap();
    let first = current(store.path());
    std::fs::write(corpus.path().join("broken.txt"), [0xff, 0xfe]).unwrap();
    let (index, _) = build_index(&config).unwrap();
    assert_ne!(current(store.path()), first);
    assert_eq!(index.corpus().problems.len(), 1);
}

#[test]
fn a_first_build_serves_from_the_stored_copy_and_keeps_the_load_problems() {
    let corpus = tempfile::tempdir().unwrap();
    let store = tempfile::tempdir().unwrap();
    copy_seeds(corpus.path());
    std::fs::write(corpus.path().join("broken.jsonl"), "{not json\n").unwrap();
    let (stored, _) = open_or_build(&config(corpus.path(), store.path())).unwrap();
    let (in_memory, _) = build_index(&Config { index_dir: None, ..config(corpus.path(), store.path()) }).unwrap();
    assert!(!stored.corpus().problems.is_empty(), "the broken file is still reported");
    assert_eq!(stored.corpus().problems, in_memory.corpus().problems);
    for passage in &in_memory.corpus().passages {
        assert_eq!(stored.corpus().passage_text(passage), in_memory.corpus().passage_text(passage));
    }
    let q = "ما موقف الصين من الأحداث في كازاخستان؟";
    assert_eq!(top(stored, q), top(in_memory, q));
}

#[test]
fn a_half_built_generation_left_by_a_killed_reload_is_cleared_at_start() {
    let corpus = tempfile::tempdir().unwrap();
    let store = tempfile::tempdir().unwrap();
    copy_seeds(corpus.path());
    let config = config(corpus.path(), store.path());
    open_or_build(&config).unwrap();
    let served = current(store.path());
    // What kill -9 during a rebuild leaves: a generation CURRENT never pointed at, by a process gone.
    let dead = store.path().join("gen-1700000000000-999999999");
    std::fs::create_dir_all(dead.join("tantivy")).unwrap();
    std::fs::write(dead.join("corpus.bin"), b"half").unwrap();
    // One being built right now by a live process (this one stands for it) is left alone.
    let live = store.path().join(format!("gen-1700000000001-{}", std::process::id()));
    std::fs::create_dir_all(&live).unwrap();
    let (index, _) = open_or_build(&config).unwrap();
    assert_eq!(index.corpus().articles.len(), 5);
    assert_eq!(current(store.path()), served, "the served generation is opened, not rebuilt");
    assert!(!dead.exists(), "the dead builder's generation is gone");
    assert!(live.exists(), "a live builder's generation is kept");
}

#[test]
fn a_flipped_byte_in_the_stored_corpus_is_caught_and_rebuilt() {
    let corpus = tempfile::tempdir().unwrap();
    let store = tempfile::tempdir().unwrap();
    copy_seeds(corpus.path());
    let config = config(corpus.path(), store.path());
    open_or_build(&config).unwrap();
    let generation = store.path().join(current(store.path()));
    let path = generation.join("corpus.bin");
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&path, &bytes).unwrap();
    let (index, _) = open_or_build(&config).unwrap();
    assert_ne!(store.path().join(current(store.path())), generation, "rebuilt into a new generation");
    let q = "ما موقف الصين من الأحداث في كازاخستان؟";
    let (fresh, _) = build_index(&Config { index_dir: None, ..config.clone() }).unwrap();
    assert_eq!(top(index, q), top(fresh, q));
}
