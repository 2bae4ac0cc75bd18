//! Isnad (إسناد, "chain of sources"): answers Arabic questions by quoting the most relevant passages of
//! a corpus of articles and naming their sources. It never generates text.
//!
//! Data flows one way: corpus files → [`corpus::Corpus`] (articles, passages) → [`search::SearchIndex`]
//! → [`answer::ask`] → [`answer::Answer`] → [`render`] (plain text for the CLI, HTML for the bot).

pub mod answer;
pub mod arabic;
pub mod bot;
pub mod chat;
pub mod cli;
pub mod config;
pub mod copies;
pub mod corpus;
pub mod embed;
pub mod engine;
pub mod error;
pub mod eval;
pub mod excerpt;
pub mod feedback;
pub mod http;
pub mod latest;
pub mod pipeline;
pub mod question;
pub mod rank;
pub mod reload;
pub mod render;
pub mod search;
pub mod stats;
pub mod text;
