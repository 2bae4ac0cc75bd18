//! Saved web pages (`.html`, `.htm`): the article's text and what the page says of itself.
//!
//! An admin who reads an article on the web has the page, not a text file: "Save page as" gives the
//! HTML. The text is read from the page's `<article>` (the longest, when a page holds several), else
//! its `<main>`, else its `<body>`, leaving out scripts, styles, navigation, headers, footers, asides,
//! forms and figures, one line a block (paragraph, heading, list item …). The page's own metadata
//! fills what `sources.toml` does not give: the title (`og:title`, else the first `<h1>`, else
//! `<title>`), the outlet (`og:site_name`), the author (`<meta name="author">`, `article:author`), the
//! date (`article:published_time` and its kin, cut to the day) and the address (`rel="canonical"`,
//! `og:url`). A page in a legacy encoding (windows-1256 and the like) is read by its declared charset.

use scraper::{ElementRef, Html, Node, Selector};

use super::encoding::{declared_charset, decode_as, decode_text};
use super::lines::{bounded_meta, end_line};
use super::problem::ProblemKind;

/// What a page gives: its text (lines, one a block) and its metadata, each `None` when absent.
#[derive(Debug, Default, PartialEq)]
pub struct Page {
    /// The article's text, one line a block.
    pub text: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Publication date (`YYYY-MM-DD` when the page gives a timestamp).
    pub date: Option<String>,
    /// Address of the page.
    pub url: Option<String>,
}

/// Elements whose text is never the article's.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "select",
    "textarea", "svg", "iframe", "figure", "object", "canvas", "head", "title", "menu", "dialog",
];

/// Words in a `class` or `id` that mark page furniture inside the article's element (comments,
/// related stories, share buttons, advertisements): Readability's "unlikely candidates", the ones
/// that are never an article's own text.
const FURNITURE: &[&str] = &[
    "comment",
    "comments",
    "related",
    "share",
    "sharing",
    "social",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "newsletter",
    "advert",
    "advertisement",
    "ads",
    "promo",
    "subscribe",
    "popup",
    "cookie",
    "cookies",
];

/// Elements that stand on lines of their own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "br",
    "hr",
    "address",
    "details",
    "summary",
    "body",
];

/// Longest address kept from a page.
const MAX_URL_BYTES: usize = 2048;

/// Read a saved page.
pub fn read_page(html: &str) -> Page {
    let document = Html::parse_document(html);
    Page {
        text: page_text(&document),
        title: meta(&document, &["meta[property='og:title']", "meta[name='twitter:title']"])
            .or_else(|| first_text(&document, "h1"))
            .or_else(|| first_text(&document, "title")),
        source: meta(&document, &["meta[property='og:site_name']", "meta[name='application-name']"]),
        author: meta(&document, &["meta[name='author']", "meta[property='article:author']"])
            .filter(|a| !a.starts_with("http")),
        date: meta(
            &document,
            &[
                "meta[property='article:published_time']",
                "meta[name='pubdate']",
                "meta[name='publish-date']",
                "meta[name='date']",
                "meta[itemprop='datePublished']",
            ],
        )
        .or_else(|| attribute(&document, "time[datetime]", "datetime"))
        .map(|d| day_of(&d)),
        url: attribute(&document, "link[rel='canonical']", "href")
            .or_else(|| meta(&document, &["meta[property='og:url']"]))
            .filter(|u| u.len() <= MAX_URL_BYTES && !u.chars().any(char::is_whitespace)),
    }
}

/// The page's bytes as text: by its byte-order mark, as UTF-8, by the charset the page declares in its
/// first kilobytes, or as Arabic windows-1256 (see [`decode_text`]).
pub fn decode_page(bytes: Vec<u8>) -> Result<String, ProblemKind> {
    let plain = encoding_rs::Encoding::for_bom(&bytes).is_some() || std::str::from_utf8(&bytes).is_ok();
    let declared = (!plain)
        .then(|| declared_charset(&bytes[..bytes.len().min(4096)]))
        .flatten()
        .filter(|label| encoding_rs::Encoding::for_label(label.as_bytes()).is_some());
    match declared {
        Some(label) => decode_as(&bytes, &label).ok_or(ProblemKind::NotUtf8),
        None => decode_text(bytes),
    }
}

/// The content of the first of `selectors`' meta elements that has one.
fn meta(document: &Html, selectors: &[&str]) -> Option<String> {
    selectors.iter().find_map(|s| attribute(document, s, "content"))
}

/// The attribute `name` of the first element matching `selector` that has a non-empty one.
fn attribute(document: &Html, selector: &str, name: &str) -> Option<String> {
    let selector = Selector::parse(selector).ok()?;
    document.select(&selector).find_map(|e| bounded_meta(e.value().attr(name)?))
}

/// The text of the first element matching `selector` that has some.
fn first_text(document: &Html, selector: &str) -> Option<String> {
    let selector = Selector::parse(selector).ok()?;
    document.select(&selector).find_map(|e| bounded_meta(&e.text().collect::<String>()))
}

/// `2022-01-06T10:00:00+03:00` → `2022-01-06`; any other date as the page wrote it.
fn day_of(date: &str) -> String {
    let day = date.get(..10).unwrap_or(date);
    let is_day = day.len() == 10
        && day.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
    if is_day {
        day.to_string()
    } else {
        date.to_string()
    }
}

/// The article's text: the longest `<article>`, else `<main>`, else `<body>`, else the whole page. An
/// `<article>` holding less than a quarter of the text around it is a teaser (a list of related
/// stories), not the page's own.
fn page_text(document: &Html) -> String {
    let longest = |selector: &str| {
        let selector = Selector::parse(selector).ok()?;
        document.select(&selector).map(block_text).filter(|t| !t.trim().is_empty()).max_by_key(String::len)
    };
    let around = longest("main").or_else(|| longest("body")).unwrap_or_else(|| block_text(document.root_element()));
    match longest("article") {
        Some(article) if article.len() * 4 >= around.len() => article,
        _ => around,
    }
}

/// The text under `root`, one line a block, skipping what is never the article's.
fn block_text(root: ElementRef<'_>) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // Depth-first, with a marker to close a block when its children are done.
    let mut stack = vec![(*root, false)];
    while let Some((node, closing)) = stack.pop() {
        match node.value() {
            Node::Text(text) if !closing => push_words(&mut line, text),
            Node::Element(element) => {
                let name = element.name();
                let is_block = BLOCKS.contains(&name);
                if closing {
                    if is_block {
                        end_line(&mut lines, &mut line);
                    }
                    continue;
                }
                // The element read from is never furniture itself, whatever its class says.
                let furniture = node != *root && is_furniture(element);
                if SKIPPED.contains(&name) || is_hidden(element) || furniture {
                    continue;
                }
                if is_block {
                    end_line(&mut lines, &mut line);
                }
                stack.push((node, true));
                stack.extend(node.children().rev().map(|child| (child, false)));
            }
            Node::Document | Node::Fragment if !closing => stack.extend(node.children().rev().map(|c| (c, false))),
            _ => {}
        }
    }
    end_line(&mut lines, &mut line);
    lines.join("\n")
}

/// True for an element the page does not show.
fn is_hidden(element: &scraper::node::Element) -> bool {
    element.attr("hidden").is_some() || element.attr("aria-hidden") == Some("true")
}

/// Words in a `class` or `id` that mark the article's own container, which a furniture word beside
/// them does not make furniture ("article-content share-wrapper"): Readability's exceptions.
const CONTENT: &[&str] = &["article", "body", "content", "main", "column", "story", "text"];

/// True for an element whose `class` or `id` names page furniture (see [`FURNITURE`]) and not the
/// article's own container (see [`CONTENT`]).
fn is_furniture(element: &scraper::node::Element) -> bool {
    let names = element.attr("class").into_iter().chain(element.attr("id"));
    let words: Vec<String> =
        names.flat_map(|n| n.split(|c: char| !c.is_ascii_alphanumeric())).map(str::to_ascii_lowercase).collect();
    let any = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    any(FURNITURE) && !any(CONTENT)
}

/// Append a text node's words to the line, one space between words (markup splits words nowhere).
fn push_words(line: &mut String, text: &str) {
    if text.starts_with(char::is_whitespace) && !line.ends_with(' ') && !line.is_empty() {
        line.push(' ');
    }
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        line.push_str(word);
        if words.peek().is_some() {
            line.push(' ');
        }
    }
    if text.ends_with(char::is_whitespace) && !line.is_empty() && !line.ends_with(' ') {
        line.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::lines::MAX_META_CHARS;

    const PAGE: &str = r#"<!doctype html><html lang="ar"><head><meta charset="utf-8">
<title>الاحتجاجات في كازاخستان | موقع الأخبار</title>
<meta property="og:title" content="  الاحتجاجات   في كازاخستان ">
<meta property="og:site_name" content="موقع الأخبار">
<meta name="author" content="سارة أحمد">
<meta property="article:published_time" content="2022-01-06T10:00:00+03:00">
<link rel="canonical" href="https://example.org/kz">
<script>var x = "لا تقرأني";</script><style>p { color: red }</style></head>
<body><nav><a href="/">الرئيسية</a> <a href="/world">العالم</a></nav>
<header><h1>عنوان الموقع</h1></header>
<article><h1>الاحتجاجات في كازاخستان</h1>
<p>اندلعت الاحتجاجات في <b>الثاني</b> من يناير
بعد ارتفاع أسعار الوقود.</p>
<figure><img src="a.jpg"><figcaption>صورة أرشيفية</figcaption></figure>
<p>وأرسلت المنظمة<br>2500 جندي.</p><aside>اقرأ أيضا: خبر آخر</aside>
<ul><li>ألماتي</li><li>نور سلطان</li></ul>
<div hidden>نص مخفي</div><div class="post-share social-links">شارك على فيسبوك</div>
<section id="comments"><p>تعليق قارئ</p></section><div class="shared-memory">ذاكرة</div>
<div class="article-text share-wrapper">خاتمة</div></article>
<footer>جميع الحقوق محفوظة</footer></body></html>"#;

    #[test]
    fn a_page_gives_its_article_one_line_a_block_without_its_furniture() {
        let page = read_page(PAGE);
        assert_eq!(
            page.text,
            "الاحتجاجات في كازاخستان\nاندلعت الاحتجاجات في الثاني من يناير بعد ارتفاع أسعار الوقود.\n\
             وأرسلت المنظمة\n2500 جندي.\nألماتي\nنور سلطان\nذاكرة\nخاتمة"
        );
    }

    #[test]
    fn a_page_gives_its_metadata() {
        let page = read_page(PAGE);
        assert_eq!(page.title.as_deref(), Some("الاحتجاجات في كازاخستان"));
        assert_eq!(page.source.as_deref(), Some("موقع الأخبار"));
        assert_eq!(page.author.as_deref(), Some("سارة أحمد"));
        assert_eq!(page.date.as_deref(), Some("2022-01-06"));
        assert_eq!(page.url.as_deref(), Some("https://example.org/kz"));
    }

    #[test]
    fn without_an_article_the_main_or_the_body_is_read_and_the_title_falls_back() {
        let page = read_page("<html><head><title>عنوان الصفحة</title></head><body><nav>قائمة</nav><main><p>نص المقال.</p></main><p>خارج</p></body></html>");
        assert_eq!(page.text, "نص المقال.");
        assert_eq!(page.title.as_deref(), Some("عنوان الصفحة"));
        assert_eq!((page.source, page.author, page.date, page.url), (None, None, None, None));
        let body = read_page("<p>فقرة أولى</p><p>فقرة <i>ثانية</i></p>");
        assert_eq!(body.text, "فقرة أولى\nفقرة ثانية");
    }

    #[test]
    fn the_element_read_from_is_never_furniture_itself() {
        let page = read_page("<body><article class=\"post social\"><p>نص المقال.</p></article></body>");
        assert_eq!(page.text, "نص المقال.");
    }

    #[test]
    fn the_longest_article_is_the_page_s_own() {
        let page = read_page(
            "<body><article><p>خبر ذو صلة</p></article><article><p>نص المقال الطويل هنا كله.</p></article></body>",
        );
        assert_eq!(page.text, "نص المقال الطويل هنا كله.");
    }

    #[test]
    fn teasers_in_article_elements_do_not_hide_the_text_around_them() {
        let text = "نص المقال الطويل الذي لا يقع في عنصر مقال. ".repeat(5);
        let page = read_page(&format!(
            "<body><div class=\"content\"><p>{text}</p></div><div><article><p>خبر ذو صلة</p></article></div></body>"
        ));
        assert!(page.text.starts_with(text.trim()), "{}", page.text);
    }

    #[test]
    fn metadata_a_page_can_forge_is_bounded() {
        let long = "ب".repeat(5000);
        let page = read_page(&format!(
            "<head><meta property=\"og:title\" content=\"{long}\"><meta name=\"author\" content=\"https://x.org/me\">\
             <link rel=\"canonical\" href=\"javascript: alert(1)\"><meta name=\"date\" content=\"أمس\"></head><p>نص</p>"
        ));
        assert!(page.title.is_some_and(|t| t.chars().count() <= MAX_META_CHARS));
        assert_eq!(page.author, None);
        assert_eq!(page.url, None);
        assert_eq!(page.date.as_deref(), Some("أمس"));
    }

    #[test]
    fn a_legacy_arabic_page_is_read_by_its_declared_charset() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("<meta charset=\"windows-1256\"><p>كازاخستان</p>");
        assert!(std::str::from_utf8(&bytes).is_err());
        let text = decode_page(bytes.into_owned()).map(|t| read_page(&t).text);
        assert_eq!(text, Ok("كازاخستان".to_string()));
        let (undeclared, _, _) = encoding_rs::WINDOWS_1252.encode("<p>Le Nil, à côté du désert</p>");
        assert_eq!(decode_page(undeclared.into_owned()), Err(ProblemKind::NotUtf8));
        let http_equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>caf\xe9</p>";
        assert_eq!(decode_page(http_equiv.to_vec()).map(|t| read_page(&t).text), Ok("café".to_string()));
    }
}
