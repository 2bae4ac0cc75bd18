//! Semantic mode: passage and question vectors from an OpenAI-compatible `/v1/embeddings` server,
//! paid for once (stored beside the index, keyed by model and text) and filled in the background.

pub mod vectors;

pub use vectors::PassageVectors;
