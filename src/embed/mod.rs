//! Semantic mode: passage and question vectors from an OpenAI-compatible `/v1/embeddings` server,
//! paid for once (stored beside the index, keyed by model and text) and filled in the background.

pub mod client;
pub mod store;
pub mod vectors;
pub mod worker;

pub use client::{EmbedError, EmbeddingClient, Kind};
pub use vectors::PassageVectors;
pub use worker::{Embedder, FillError, Patience, Progress};
