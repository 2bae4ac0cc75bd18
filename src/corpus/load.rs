//! Reading a corpus directory: `.txt`/`.md` files, Word documents (`.docx`) and saved web pages
//! (`.html`) with `sources.toml` metadata, and `.jsonl` files.
//!
//! Every file is read independently (in parallel); a bad file or line becomes a [`Problem`] and the
//! rest loads. Ids are checked for duplicates in file-name order, so the outcome is deterministic.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use super::chrome::strip_chrome;
use super::docx::read_docx;
use super::encoding::decode_text;
use super::html::{decode_page, read_page, Page};
use super::markdown::markdown_text;
use super::problem::{Problem, ProblemKind};
use super::sidecar::{read_sidecar, SourceMeta, SIDECAR_FILE};
use super::Article;
use crate::error::CorpusError;

/// Size limits applied while loading.
#[derive(Debug, Clone, Copy)]
pub struct LoadLimits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Largest single article (a `.txt`/`.md` file or one JSONL line), in bytes.
    pub max_article_bytes: u64,
}

impl Default for LoadLimits {
    fn default() -> Self {
        LoadLimits { max_file_bytes: 2 << 30, max_article_bytes: 2 << 20 }
    }
}

/// Articles read from a directory, and what was skipped.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Articles in file-name order (JSONL in line order).
    pub articles: Vec<Article>,
    /// Every skipped file or line, with its reason.
    pub problems: Vec<Problem>,
    /// Number of files looked at.
    pub files: usize,
}

/// An article before its id is checked against the others.
struct Candidate {
    article: Article,
    line: Option<usize>,
}

/// Read every article under `dir`.
pub fn load_dir(dir: &Path, limits: LoadLimits) -> Result<Loaded, CorpusError> {
    if !dir.is_dir() {
        return Err(CorpusError::Missing(dir.to_path_buf()));
    }
    let mut problems = Vec::new();
    let sidecar = read_sidecar(dir).unwrap_or_else(|e| {
        problems.push(Problem::file(SIDECAR_FILE, ProblemKind::BadSidecar(e)));
        HashMap::new()
    });
    let files = list_files(dir).map_err(|e| CorpusError::Unreadable { path: dir.to_path_buf(), source: e })?;
    for name in sidecar.keys() {
        if !files.iter().any(|(rel, _)| rel == name) {
            problems.push(Problem::file(SIDECAR_FILE, ProblemKind::SidecarMissingFile(name.clone())));
        }
    }
    let per_file: Vec<(Vec<Candidate>, Vec<Problem>)> =
        files.par_iter().map(|(rel, path)| read_file(rel, path, sidecar.get(rel), limits)).collect();
    let mut loaded = Loaded { files: files.len(), ..Loaded::default() };
    let mut seen: HashMap<String, String> = HashMap::new();
    for (candidates, file_problems) in per_file {
        problems.extend(file_problems);
        for Candidate { article, line } in candidates {
            let place = match line {
                Some(l) => format!("{}:{l}", article.file),
                None => article.file.clone(),
            };
            if let Some(first) = seen.get(&article.id) {
                let kind = ProblemKind::DuplicateId { id: article.id.clone(), first: first.clone() };
                problems.push(Problem { file: article.file.clone(), line, kind });
                continue;
            }
            seen.insert(article.id.clone(), place);
            loaded.articles.push(article);
        }
    }
    loaded.problems = problems;
    Ok(loaded)
}

/// Files under `dir` as (relative name, path), sorted, skipping hidden entries and the sidecar.
fn list_files(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let mut entries: Vec<(String, PathBuf, bool)> = Vec::new();
        for entry in std::fs::read_dir(&current)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') {
                entries.push((name, entry.path(), entry.file_type()?.is_dir()));
            }
        }
        let pages: Vec<&str> = entries
            .iter()
            .filter(|(name, _, is_dir)| !is_dir && format_of(name) == Some(Format::Html))
            .filter_map(|(name, _, _)| name.rsplit_once('.').map(|(stem, _)| stem))
            .collect();
        for (name, path, is_dir) in &entries {
            if *is_dir {
                if !is_page_assets(name, &pages) {
                    stack.push(path.clone());
                }
                continue;
            }
            let rel = path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
            if rel != SIDECAR_FILE {
                out.push((rel, path.clone()));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// True for the folder a browser's "Save page as (complete)" writes beside a page for its scripts,
/// styles, images and frames: named after a page in the same folder, `Page_files` (or a localised
/// suffix after `_` or `-`, such as `Page-Dateien`). Its files are not articles.
fn is_page_assets(dir_name: &str, page_stems: &[&str]) -> bool {
    page_stems
        .iter()
        .any(|stem| dir_name.strip_prefix(stem).is_some_and(|rest| rest.len() > 1 && rest.starts_with(['_', '-'])))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    Text,
    Markdown,
    Jsonl,
    Html,
    Docx,
}

fn format_of(rel: &str) -> Option<Format> {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    match ext.as_str() {
        "txt" => Some(Format::Text),
        "md" | "markdown" => Some(Format::Markdown),
        "jsonl" => Some(Format::Jsonl),
        "html" | "htm" => Some(Format::Html),
        "docx" => Some(Format::Docx),
        _ => None,
    }
}

/// How many times an article's largest size a saved page or a document's body XML may weigh.
const MARKUP_FACTOR: u64 = 8;

/// The most a saved page, or a document's unpacked body, may weigh.
pub(super) fn markup_limit(limits: LoadLimits) -> u64 {
    limits.max_article_bytes.saturating_mul(MARKUP_FACTOR).min(limits.max_file_bytes)
}

fn size_limit(format: Format, limits: LoadLimits) -> u64 {
    match format {
        Format::Jsonl => limits.max_file_bytes,
        // Markup (a page's scripts, styles and navigation; a document's XML) is several times its text.
        Format::Html | Format::Docx => markup_limit(limits),
        _ => limits.max_article_bytes.min(limits.max_file_bytes),
    }
}

fn read_file(rel: &str, path: &Path, meta: Option<&SourceMeta>, limits: LoadLimits) -> (Vec<Candidate>, Vec<Problem>) {
    let fail = |kind| (Vec::new(), vec![Problem::file(rel, kind)]);
    let Some(format) = format_of(rel) else { return fail(ProblemKind::Unsupported) };
    let limit = size_limit(format, limits);
    let bytes = match std::fs::metadata(path) {
        Ok(m) if m.len() > limit => return fail(ProblemKind::TooLarge { bytes: m.len(), limit }),
        Ok(_) => match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => return fail(ProblemKind::Unreadable(e.to_string())),
        },
        Err(e) => return fail(ProblemKind::Unreadable(e.to_string())),
    };
    parse_file(rel, format, bytes, meta, limits)
}

/// What a file would add to the corpus.
#[derive(Debug)]
pub struct Checked {
    /// Number of articles it holds.
    pub articles: usize,
    /// The title and source a reader would see, when it holds one article: what an admin checks of a
    /// saved page.
    pub heading: Option<(String, String)>,
    /// JSONL lines that would be skipped.
    pub problems: Vec<Problem>,
}

/// Check a file before it joins the corpus (an upload), with the metadata `sources.toml` would give
/// it: what it adds, or why it would be skipped.
pub fn check_file(
    name: &str,
    bytes: Vec<u8>,
    meta: Option<&SourceMeta>,
    limits: LoadLimits,
) -> Result<Checked, Problem> {
    let Some(format) = format_of(name) else { return Err(Problem::file(name, ProblemKind::Unsupported)) };
    let limit = size_limit(format, limits);
    if bytes.len() as u64 > limit {
        return Err(Problem::file(name, ProblemKind::TooLarge { bytes: bytes.len() as u64, limit }));
    }
    let (candidates, mut problems) = parse_file(name, format, bytes, meta, limits);
    let heading = match candidates.as_slice() {
        [only] => Some((only.article.title.clone(), only.article.source.clone())),
        _ => None,
    };
    if candidates.is_empty() {
        return Err(problems.pop().unwrap_or_else(|| Problem::file(name, ProblemKind::Empty)));
    }
    Ok(Checked { articles: candidates.len(), heading, problems })
}

fn parse_file(
    rel: &str,
    format: Format,
    bytes: Vec<u8>,
    meta: Option<&SourceMeta>,
    limits: LoadLimits,
) -> (Vec<Candidate>, Vec<Problem>) {
    let fail = |kind| (Vec::new(), vec![Problem::file(rel, kind)]);
    let one = |article: Result<Article, ProblemKind>| match article {
        Ok(article) => (vec![Candidate { article, line: None }], Vec::new()),
        Err(kind) => fail(kind),
    };
    match format {
        Format::Html => {
            let page = decode_page(bytes);
            return one(page.and_then(|html| page_article(rel, read_page(&html), meta, limits)));
        }
        Format::Docx => {
            let document = read_docx(&bytes, markup_limit(limits));
            let page = document.map(|d| Page { text: d.text, title: d.title, ..Page::default() });
            return one(page.and_then(|page| page_article(rel, page, meta, limits)));
        }
        Format::Text | Format::Markdown | Format::Jsonl => {}
    }
    let text = match decode(bytes) {
        Ok(text) => text,
        Err(kind) => return fail(kind),
    };
    if format == Format::Jsonl {
        return read_jsonl(rel, &text, limits);
    }
    one(text_article(rel, &text, meta, format == Format::Markdown).ok_or(ProblemKind::Empty))
}

/// Bytes to text (see [`decode_text`]), with Windows' and old Macs' line ends read as newlines.
fn decode(bytes: Vec<u8>) -> Result<String, ProblemKind> {
    let mut text = decode_text(bytes)?;
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    Ok(text)
}

/// The file name without directories and extension, a fallback title and source.
fn stem_of(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

fn clean_opt(value: Option<&String>) -> Option<String> {
    value.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn text_article(rel: &str, raw: &str, meta: Option<&SourceMeta>, markdown: bool) -> Option<Article> {
    let text = if markdown { markdown_text(raw) } else { raw.to_string() };
    described(rel, Page { text, ..Page::default() }, meta, false).ok()
}

/// A saved page or a document as an article: `sources.toml` first, then what it says of itself. Its
/// text, once read out of the markup, must fit the article size limit.
fn page_article(rel: &str, page: Page, meta: Option<&SourceMeta>, limits: LoadLimits) -> Result<Article, ProblemKind> {
    let article = described(rel, page, meta, true)?;
    let bytes = article.text.as_bytes().len() as u64;
    if bytes > limits.max_article_bytes {
        return Err(ProblemKind::TooLarge { bytes, limit: limits.max_article_bytes });
    }
    Ok(article)
}

/// An article from a file's text and what the file says of itself, `sources.toml` first: page chrome
/// removed (the outlet's and author's names on a line of their own with it), the title the first line
/// when nothing names one, the source the author's name or else the file name. With `repeats_title`,
/// a first line that is the title (the headline a page or a document sets above its text) is the
/// title's, not a passage of its own.
fn described(rel: &str, page: Page, meta: Option<&SourceMeta>, repeats_title: bool) -> Result<Article, ProblemKind> {
    let given = |field: fn(&SourceMeta) -> Option<&String>| meta.and_then(|m| clean_opt(field(m)));
    let source = given(|m| m.source.as_ref()).or(page.source);
    let author = given(|m| m.author.as_ref()).or(page.author);
    let names: Vec<&str> = source.iter().chain(author.iter()).map(String::as_str).collect();
    let text = strip_chrome(&page.text, &names);
    let title = given(|m| m.title.as_ref()).or(page.title);
    let text = match (&title, text.split_once('\n')) {
        (Some(title), Some((first, rest))) if repeats_title && first.trim() == title => rest.to_string(),
        _ => text,
    };
    if text.trim().is_empty() {
        return Err(ProblemKind::Empty);
    }
    Ok(Article {
        id: rel.to_string(),
        file: rel.to_string(),
        title: title.unwrap_or_else(|| first_line_title(&text)),
        source: source.or_else(|| author.clone()).unwrap_or_else(|| stem_of(rel).to_string()),
        author,
        date: given(|m| m.date.as_ref()).or(page.date),
        url: given(|m| m.url.as_ref()).or(page.url),
        text: text.into(),
    })
}

/// The first line, cut to a readable length at a word boundary.
fn first_line_title(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    let cut = crate::text::cut_at_word(line, 100);
    if cut < line.len() {
        format!("{}…", &line[..cut])
    } else {
        line.to_string()
    }
}

/// A JSONL id may be a string or a number.
#[derive(Deserialize)]
#[serde(untagged)]
enum JsonId {
    Text(String),
    Number(serde_json::Number),
}

#[derive(Deserialize)]
struct JsonArticle {
    id: Option<JsonId>,
    title: Option<String>,
    source: Option<String>,
    author: Option<String>,
    date: Option<String>,
    url: Option<String>,
    text: Option<String>,
}

fn read_jsonl(rel: &str, text: &str, limits: LoadLimits) -> (Vec<Candidate>, Vec<Problem>) {
    let lines: Vec<(usize, &str)> =
        text.split('\n').enumerate().map(|(i, l)| (i + 1, l)).filter(|(_, l)| !l.trim().is_empty()).collect();
    let results: Vec<Result<Candidate, Problem>> =
        lines.par_iter().map(|&(n, line)| jsonl_article(rel, n, line, limits)).collect();
    let mut candidates = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(c) => candidates.push(c),
            Err(p) => problems.push(p),
        }
    }
    if candidates.is_empty() && problems.is_empty() {
        problems.push(Problem::file(rel, ProblemKind::Empty));
    }
    (candidates, problems)
}

fn jsonl_article(rel: &str, n: usize, line: &str, limits: LoadLimits) -> Result<Candidate, Problem> {
    let fail = |kind| Problem::line(rel, n, kind);
    if line.len() as u64 > limits.max_article_bytes {
        return Err(fail(ProblemKind::TooLarge { bytes: line.len() as u64, limit: limits.max_article_bytes }));
    }
    let parsed: JsonArticle = serde_json::from_str(line).map_err(|e| fail(ProblemKind::BadJson(e.to_string())))?;
    let text = parsed.text.ok_or_else(|| fail(ProblemKind::MissingText))?;
    let text = text.trim().replace("\r\n", "\n");
    if text.is_empty() {
        return Err(fail(ProblemKind::Empty));
    }
    let id = match parsed.id {
        Some(JsonId::Text(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(JsonId::Number(num)) => num.to_string(),
        _ => format!("{}:{n}", stem_of(rel)),
    };
    let author = clean_opt(parsed.author.as_ref());
    let article = Article {
        title: clean_opt(parsed.title.as_ref()).unwrap_or_else(|| first_line_title(&text)),
        source: clean_opt(parsed.source.as_ref())
            .or_else(|| author.clone())
            .unwrap_or_else(|| stem_of(rel).to_string()),
        author,
        date: clean_opt(parsed.date.as_ref()),
        url: clean_opt(parsed.url.as_ref()),
        file: rel.to_string(),
        id,
        text: text.into(),
    };
    Ok(Candidate { article, line: Some(n) })
}
