//! Fetching a web page an admin names (`/add URL`), to add it to the corpus as a saved page.
//!
//! The address is the admin's, and so is anything it redirects to: only http(s), at most
//! [`MAX_REDIRECTS`] redirects, a size bound checked as announced and again while reading, a timeout,
//! and an HTML content type. Unless `[bot] allow_private_links` is on, a host that is or resolves to
//! a loopback, private, link-local or otherwise non-public address is refused at every hop (the
//! resolver itself drops such addresses, so a name cannot pass the check and then resolve
//! elsewhere): a bot must not become a way to read the machine's own services, such as a cloud's
//! metadata endpoint.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::{header, Url};

use super::download::read_capped;
use crate::corpus::{declared_charset, decode_as};

/// The most redirects followed.
pub const MAX_REDIRECTS: usize = 5;

/// Why a page could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// Not an http(s) address with a host.
    #[error("not an http(s) address")]
    BadUrl,
    /// The host is, or only resolves to, a non-public address.
    #[error("host is not public")]
    PrivateHost,
    /// Larger than allowed, as announced or as read.
    #[error("page larger than {limit} bytes")]
    TooLarge {
        /// The limit, bytes.
        limit: u64,
    },
    /// The server answered with something other than a web page.
    #[error("not a web page: {0}")]
    NotHtml(String),
    /// The request failed, timed out, was redirected too often or answered with an error status.
    #[error("fetch failed: {0}")]
    Http(#[from] reqwest::Error),
}

/// A fetched page.
#[derive(Debug)]
pub struct Fetched {
    /// Where it was found, after redirects.
    pub url: Url,
    /// Its bytes, as UTF-8 when the server named another charset the page itself does not declare.
    pub bytes: Vec<u8>,
}

/// Fetches web pages for admins.
pub struct PageFetcher {
    client: reqwest::Client,
    allow_private: bool,
}

impl PageFetcher {
    /// A fetcher giving up after `timeout`; `allow_private` lets it reach non-public hosts (an intranet
    /// corpus, tests).
    pub fn new(timeout: Duration, allow_private: bool) -> PageFetcher {
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= MAX_REDIRECTS {
                attempt.error("too many redirects")
            } else if check_url(attempt.url(), allow_private).is_err() {
                attempt.error("redirected to an address that is not allowed")
            } else {
                attempt.follow()
            }
        });
        let mut builder = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5).min(timeout))
            .timeout(timeout)
            .redirect(redirects)
            .user_agent(concat!("isnad/", env!("CARGO_PKG_VERSION")));
        if !allow_private {
            builder = builder.dns_resolver(Arc::new(PublicOnly));
        }
        PageFetcher { client: builder.build().unwrap_or_default(), allow_private }
    }

    /// The page at `url`, at most `limit` bytes of it.
    pub async fn fetch(&self, url: &Url, limit: u64) -> Result<Fetched, FetchError> {
        check_url(url, self.allow_private)?;
        let response = self.client.get(url.clone()).send().await?.error_for_status()?;
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let mime = content_type.split(';').next().unwrap_or("").trim().to_string();
        if !mime.is_empty() && mime != "text/html" && mime != "application/xhtml+xml" {
            return Err(FetchError::NotHtml(mime));
        }
        let url = response.url().clone();
        let bytes = read_capped(response, limit).await?.ok_or(FetchError::TooLarge { limit })?;
        Ok(Fetched { url, bytes: as_utf8(bytes, &content_type) })
    }
}

/// An http(s) address with a host, which must be public unless `allow_private`.
fn check_url(url: &Url, allow_private: bool) -> Result<(), FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::BadUrl);
    }
    let public = match url.host() {
        None => return Err(FetchError::BadUrl),
        Some(url::Host::Ipv4(ip)) => is_public(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => is_public(IpAddr::V6(ip)),
        Some(url::Host::Domain(name)) => !name.eq_ignore_ascii_case("localhost") && !name.ends_with(".localhost"),
    };
    if public || allow_private {
        Ok(())
    } else {
        Err(FetchError::PrivateHost)
    }
}

/// True for an address on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_unspecified()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b)) // shared address space (carrier NAT)
                || (a == 192 && b == 0) // IETF protocol assignments
                || (a == 198 && (18..20).contains(&b)) // benchmarking
                || a >= 240) // reserved
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80 // link-local
                || first == 0x2001 && v6.segments()[1] == 0xdb8) // documentation
        }
    }
}

/// A resolver that answers only with public addresses.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let public: Vec<SocketAddr> = found.filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                return Err(Box::new(FetchError::PrivateHost) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// `bytes` as UTF-8 when they are not and the server's Content-Type names a charset that decodes them
/// (a page that declares its charset only in the HTTP header would otherwise be unreadable once saved).
fn as_utf8(bytes: Vec<u8>, content_type: &str) -> Vec<u8> {
    if std::str::from_utf8(&bytes).is_ok() {
        return bytes;
    }
    let decoded = declared_charset(content_type.as_bytes()).and_then(|label| decode_as(&bytes, &label));
    decoded.map_or(bytes, String::into_bytes)
}

/// `word` as a web address (http or https), when it is one.
pub fn web_link(word: &str) -> Option<Url> {
    Url::parse(word).ok().filter(|u| matches!(u.scheme(), "http" | "https"))
}

/// The corpus file name for the page at `url`: its host, its last path segment and a hash of the whole
/// address, so that the same address always gives the same name and two addresses never share one.
pub fn page_file_name(url: &Url) -> String {
    let host = url.host_str().unwrap_or("page").trim_start_matches("www.");
    let segment = url.path_segments().and_then(|mut s| s.rfind(|s| !s.is_empty())).unwrap_or("");
    let decoded = percent_decode(segment);
    let stem = decoded.rsplit_once('.').map_or(decoded.as_str(), |(stem, _)| stem);
    let mut slug = String::new();
    for c in stem.chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() > MAX_SLUG_BYTES {
            break;
        }
    }
    let slug = slug.trim_matches('-');
    let mut address = url.clone();
    address.set_fragment(None);
    let digest = ring::digest::digest(&ring::digest::SHA256, address.as_str().as_bytes());
    let hash: String = digest.as_ref()[..4].iter().map(|b| format!("{b:02x}")).collect();
    let host: String =
        host.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-')).take(MAX_HOST_CHARS).collect();
    if slug.is_empty() {
        format!("{host}-{hash}.html")
    } else {
        format!("{host}-{slug}-{hash}.html")
    }
}

/// Most bytes of a page's path kept in its file name (a file name has at most 120).
const MAX_SLUG_BYTES: usize = 50;
/// Most characters of a page's host kept in its file name.
const MAX_HOST_CHARS: usize = 40;

/// `%XX` escapes decoded as UTF-8 (lossily); the rest as is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::safe_file_name;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn only_public_http_addresses_pass_unless_private_ones_are_allowed() {
        for bad in ["ftp://example.org/a", "file:///etc/passwd", "data:text/html,x"] {
            assert!(matches!(check_url(&url(bad), true), Err(FetchError::BadUrl)), "{bad}");
        }
        for private in [
            "http://127.0.0.1/",
            "http://localhost:8080/",
            "http://10.0.0.5/",
            "http://169.254.169.254/latest/meta-data/",
            "http://192.168.1.1/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[fd00::1]/",
            "http://0.0.0.0/",
            "http://100.64.0.1/",
        ] {
            assert!(matches!(check_url(&url(private), false), Err(FetchError::PrivateHost)), "{private}");
            assert!(check_url(&url(private), true).is_ok(), "{private}");
        }
        for public in ["https://example.org/a", "http://93.184.216.34/", "https://[2606:4700::1111]/"] {
            assert!(check_url(&url(public), false).is_ok(), "{public}");
        }
    }

    #[test]
    fn a_page_s_file_name_is_its_address_s_readable_part_and_a_hash() {
        let arabic = url("https://www.aljazeera.net/news/2022/1/6/%D9%83%D8%A7%D8%B2%D8%A7%D8%AE%D8%B3%D8%AA%D8%A7%D9%86-%D8%A7%D8%AD%D8%AA%D8%AC%D8%A7%D8%AC%D8%A7%D8%AA");
        let name = page_file_name(&arabic);
        assert!(name.starts_with("aljazeera.net-كازاخستان-احتجاجات-") && name.ends_with(".html"), "{name}");
        assert_eq!(page_file_name(&arabic), name, "the same address, the same name");
        let (a, b) = (url("https://example.org/article.php?id=1"), url("https://example.org/article.php?id=2"));
        assert_ne!(page_file_name(&a), page_file_name(&b));
        assert!(page_file_name(&a).starts_with("example.org-article-"));
        assert_eq!(page_file_name(&url("https://example.org/a#x")), page_file_name(&url("https://example.org/a")));
        assert!(page_file_name(&url("https://example.org/")).starts_with("example.org-"));
        let odd = url("https://example.org/%E2%80%AEevil%00name%2F..%2Fx.html");
        for address in [arabic, a, odd, url(&format!("https://example.org/{}", "ب".repeat(400)))] {
            let name = page_file_name(&address);
            assert_eq!(safe_file_name(&name).as_deref(), Ok(name.as_str()), "{address}");
        }
    }

    #[test]
    fn a_page_in_a_charset_named_only_by_the_server_is_kept_as_utf8() {
        let (legacy, _, _) = encoding_rs::WINDOWS_1256.encode("<p>كازاخستان</p>");
        let kept = as_utf8(legacy.to_vec(), "text/html; charset=windows-1256");
        assert_eq!(String::from_utf8(kept).as_deref(), Ok("<p>كازاخستان</p>"));
        assert_eq!(as_utf8(legacy.to_vec(), "text/html"), legacy.to_vec(), "no charset: left for the page's own");
        assert_eq!(as_utf8(b"<p>x</p>".to_vec(), "text/html; charset=windows-1256"), b"<p>x</p>".to_vec());
    }
}
