//! Downloading an uploaded article from the Bot API's file endpoint.
//!
//! The URL is built here rather than by teloxide, which pushes the whole `file_path` as one path
//! segment and so sends `documents%2Ffile.txt`; the Bot API documents
//! `<api>/file/bot<token>/<file_path>` with the path's own slashes, and a server or proxy that does not
//! decode `%2F` answers 404. The size limit is checked before the body is read and again while it is
//! read, and the whole download has a timeout.

use std::time::Duration;

use reqwest::Url;

/// Why a download failed.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    /// Telegram would not say where the file is (`getFile` failed).
    #[error("getFile failed: {0}")]
    Lookup(String),
    /// The file path Telegram gave has empty or dot segments.
    #[error("unusable file path")]
    BadPath,
    /// The file is larger than allowed (as announced, or as read).
    #[error("file larger than {limit} bytes")]
    TooLarge {
        /// The limit, bytes.
        limit: u64,
    },
    /// The request failed, timed out or was answered with an error status.
    #[error("download failed: {0}")]
    Http(#[from] reqwest::Error),
}

/// Fetches files from the Bot API's file endpoint.
pub struct Downloader {
    client: reqwest::Client,
    base: Url,
    token: String,
}

impl Downloader {
    /// A downloader for the Bot API at `base` with `token`, giving up after `timeout`.
    pub fn new(base: Url, token: String, timeout: Duration) -> Downloader {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5).min(timeout))
            .timeout(timeout)
            .build()
            .unwrap_or_default();
        Downloader { client, base, token }
    }

    /// The URL of `file_path`: each of its segments escaped, its slashes kept.
    pub fn file_url(&self, file_path: &str) -> Result<Url, DownloadError> {
        let segments: Vec<&str> = file_path.split('/').collect();
        if segments.iter().any(|s| s.is_empty() || *s == "." || *s == "..") {
            return Err(DownloadError::BadPath);
        }
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|_| DownloadError::BadPath)?
            .pop_if_empty()
            .push("file")
            .push(&format!("bot{}", self.token))
            .extend(segments);
        Ok(url)
    }

    /// The bytes of `file_path`, at most `limit` of them.
    pub async fn fetch(&self, file_path: &str, limit: u64) -> Result<Vec<u8>, DownloadError> {
        let url = self.file_url(file_path)?;
        let response = self.client.get(url).send().await?.error_for_status()?;
        read_capped(response, limit).await?.ok_or(DownloadError::TooLarge { limit })
    }
}

/// The body of `response`, or `None` once it is larger than `limit` bytes (as announced, or as read:
/// an announced length is the server's word).
pub(super) async fn read_capped(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Option<Vec<u8>>, reqwest::Error> {
    if response.content_length().is_some_and(|len| len > limit) {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if (bytes.len() + chunk.len()) as u64 > limit {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn downloader(base: &str) -> Downloader {
        Downloader::new(Url::parse(base).unwrap(), "1:abc".into(), Duration::from_secs(1))
    }

    #[test]
    fn the_file_path_keeps_its_slashes_and_each_segment_is_escaped() {
        let url = downloader("http://127.0.0.1:8081").file_url("documents/file 1.txt").unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:8081/file/bot1:abc/documents/file%201.txt");
        let behind_a_prefix = downloader("https://example.org/tg/").file_url("documents/a.txt").unwrap();
        assert_eq!(behind_a_prefix.as_str(), "https://example.org/tg/file/bot1:abc/documents/a.txt");
    }

    #[test]
    fn dot_and_empty_segments_are_refused() {
        let d = downloader("http://127.0.0.1:8081");
        for path in ["../x", "documents/../../etc", "documents//a", "", "/a", "a/."] {
            assert!(matches!(d.file_url(path), Err(DownloadError::BadPath)), "{path}");
        }
    }
}
