//! The tantivy index over passages: schema, build, term statistics and BM25 search.
//!
//! The only module that imports tantivy. It knows passages by their index in the [`Corpus`]; everything
//! about questions, confidence and excerpts lives in [`crate::answer`].

mod cache;
mod fuzzy;
mod tokenizer;

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use cache::AnalysisCache;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

pub use fuzzy::SHORT_STEM_CHARS;
pub use tokenizer::{AnalyzerTokenizer, ROOT_TOKENIZER_NAME, TOKENIZER_NAME};

use crate::arabic::translit::Spellings;
use crate::arabic::{AnalysedText, Analyzer};
use crate::corpus::Corpus;
use crate::error::SearchError;

/// Passage text read to file the corpus's words by consonants (see [`SearchIndex::arabic_spellings`]):
/// a larger corpus gives every n-th passage (titles always), about this much.
const SPELLINGS_TEXT_BYTES: usize = 128 << 20;

/// The most results any one search returns, whatever its caller asks: a page number or an inline offset
/// is written by the client, and tantivy reserves room for every result asked for before it searches.
pub const MAX_RESULTS: usize = 200;

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::Engine(e.to_string())
    }
}

/// How to build an index.
#[derive(Debug, Clone, Copy)]
pub struct IndexOptions {
    /// Indexing threads (0: one per core).
    pub threads: usize,
    /// Indexing memory budget in MiB, shared by the threads.
    pub memory_mb: usize,
    /// Memory for analysed passages kept between questions, MiB (0: none kept).
    pub cache_mb: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions { threads: 0, memory_mb: 256, cache_mb: 64 }
    }
}

/// A question term with its weight in the query.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedTerm {
    /// Which field the term is looked for in.
    pub field: TermField,
    /// The analysed term.
    pub term: String,
    /// Multiplies its BM25 contribution.
    pub weight: f32,
    /// Added once to a passage whose body holds the term, however often: the first stage then
    /// favours passages holding more of the question, as the re-ranker's coverage does. 0 adds nothing.
    pub presence: f32,
}

/// The field a question term is looked for in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TermField {
    /// The passage (and its article's title, source and author): stems.
    #[default]
    Body,
    /// The passage's words as roots.
    Root,
}

/// A passage and its BM25 score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredPassage {
    /// Index of the passage in the corpus.
    pub pid: u32,
    /// BM25 over body and title.
    pub score: f32,
}

#[derive(Clone, Copy)]
struct Fields {
    body: Field,
    title: Field,
    /// The body's words as roots (see [`crate::arabic::root`]).
    root: Field,
    pid: Field,
}

/// A corpus and its search index, immutable once built: a reload builds a new one.
pub struct SearchIndex {
    corpus: Corpus,
    analyzer: Analyzer,
    reader: IndexReader,
    fields: Fields,
    /// For each segment, the passage id of each of its documents.
    pids: Vec<Vec<u32>>,
    avg_body_len: f32,
    avg_title_len: f32,
    num_docs: u64,
    build_time: Duration,
    analysed: AnalysisCache,
    /// The corpus's words by their consonants, made on the first question naming something in Latin
    /// letters (see [`SearchIndex::arabic_spellings`]).
    spellings: OnceLock<(Spellings, u64)>,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |tokenizer, option| {
        TextOptions::default()
            .set_indexing_options(TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(option))
    };
    let body = builder.add_text_field("body", text(TOKENIZER_NAME, IndexRecordOption::WithFreqsAndPositions));
    let title = builder.add_text_field("title", text(TOKENIZER_NAME, IndexRecordOption::WithFreqs));
    let root = builder.add_text_field("root", text(ROOT_TOKENIZER_NAME, IndexRecordOption::WithFreqs));
    let pid = builder.add_u64_field("pid", FAST);
    (builder.build(), Fields { body, title, root, pid })
}

impl SearchIndex {
    /// Index every passage of `corpus` in RAM with `analyzer`.
    pub fn build(corpus: Corpus, analyzer: Analyzer, options: IndexOptions) -> Result<Self, SearchError> {
        let (schema, _) = schema();
        Self::build_into(Index::create_in_ram(schema), corpus, analyzer, options)
    }

    /// Index every passage of `corpus` into the empty directory `dir` (memory-mapped once built).
    pub fn build_in_dir(
        corpus: Corpus,
        analyzer: Analyzer,
        options: IndexOptions,
        dir: &std::path::Path,
    ) -> Result<Self, SearchError> {
        let (schema, _) = schema();
        let index = Index::create_in_dir(dir, schema).map_err(|e| dir_error(dir, e))?;
        Self::build_into(index, corpus, analyzer, options)
    }

    /// Open an index built by [`SearchIndex::build_in_dir`] from this same `corpus` and `analyzer`.
    pub fn open_in_dir(
        corpus: Corpus,
        analyzer: Analyzer,
        options: IndexOptions,
        dir: &std::path::Path,
    ) -> Result<Self, SearchError> {
        let started = Instant::now();
        let index = Index::open_in_dir(dir).map_err(|e| dir_error(dir, e))?;
        let (_, fields) = schema();
        register_analyzer(&index, analyzer);
        let index = Self::serve(index, corpus, analyzer, fields, options, started)?;
        if index.passage_count() != index.corpus.passages.len() as u64 {
            return Err(dir_error(dir, "index and corpus disagree"));
        }
        Ok(index)
    }

    fn build_into(
        index: Index,
        corpus: Corpus,
        analyzer: Analyzer,
        options: IndexOptions,
    ) -> Result<Self, SearchError> {
        let started = Instant::now();
        let (_, fields) = schema();
        register_analyzer(&index, analyzer);
        let threads = match options.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let budget = (options.memory_mb << 20).max(threads * (16 << 20));
        let mut writer = index.writer_with_num_threads::<TantivyDocument>(threads, budget)?;
        // Passages of an article are consecutive: build its title field text once.
        let mut meta: Option<(u32, String)> = None;
        for (pid, passage) in corpus.passages.iter().enumerate() {
            if meta.as_ref().is_none_or(|(article, _)| *article != passage.article) {
                meta = Some((passage.article, corpus.article_of(passage).meta_text()));
            }
            let mut doc = TantivyDocument::new();
            doc.add_text(fields.body, corpus.passage_text(passage));
            doc.add_text(fields.root, corpus.passage_text(passage));
            doc.add_text(fields.title, meta.as_ref().map_or("", |(_, text)| text.as_str()));
            doc.add_u64(fields.pid, pid as u64);
            writer.add_document(doc)?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        Self::serve(index, corpus, analyzer, fields, options, started)
    }

    fn serve(
        index: Index,
        corpus: Corpus,
        analyzer: Analyzer,
        fields: Fields,
        options: IndexOptions,
        started: Instant,
    ) -> Result<Self, SearchError> {
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let pids = passage_ids(&reader, fields.pid)?;
        let avg_body_len = average_length(&reader, fields.body)?;
        let avg_title_len = average_length(&reader, fields.title)?;
        let num_docs = reader.searcher().num_docs();
        Ok(SearchIndex {
            corpus,
            analyzer,
            reader,
            fields,
            pids,
            avg_body_len,
            avg_title_len,
            num_docs,
            build_time: started.elapsed(),
            analysed: AnalysisCache::new(options.cache_mb),
            spellings: OnceLock::new(),
        })
    }

    /// The analysed terms of passage `pid` (kept between questions within the cache budget).
    pub fn analysed(&self, pid: u32) -> Arc<AnalysedText> {
        self.analysed.get(pid, || {
            let text = self.corpus.passages.get(pid as usize).map_or("", |p| self.corpus.passage_text(p));
            AnalysedText::new(self.analyzer, text)
        })
    }

    /// Bytes of analysed passages kept (see `search.analysis_cache_mb`).
    pub fn analysis_cache_bytes(&self) -> u64 {
        self.analysed.bytes()
    }

    /// The corpus's words that can spell the Latin word `latin` (Tokayev: توكاييف), the likeliest first
    /// (see [`crate::arabic::translit`]), each with about how many passages hold it. The first call reads
    /// every title and about `SPELLINGS_TEXT_BYTES` of passages spread evenly over the corpus, so it
    /// waits about as long over a gigabyte as over a hundred megabytes.
    pub fn arabic_spellings(&self, latin: &str) -> Vec<(&str, u64)> {
        let (spellings, stride) = self.spellings.get_or_init(|| {
            let started = Instant::now();
            let corpus = &self.corpus;
            let bytes: usize = corpus.passages.iter().map(|p| p.range.len()).sum();
            let stride = bytes.div_ceil(SPELLINGS_TEXT_BYTES).max(1);
            let passages = corpus.passages.iter().step_by(stride).map(|p| corpus.passage_text(p));
            let titles = corpus.articles.iter().map(|a| a.title.as_str());
            let spellings = Spellings::of_texts(titles.chain(passages));
            tracing::info!(ms = started.elapsed().as_millis() as u64, stride, "corpus words filed by consonants");
            (spellings, stride as u64)
        });
        spellings.of_latin(latin).into_iter().map(|w| (w, u64::from(spellings.texts_holding(w)) * stride)).collect()
    }

    /// The corpus this index serves.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// The analyser terms were made with; questions must use the same.
    pub fn analyzer(&self) -> Analyzer {
        self.analyzer
    }

    /// Time the index took to build.
    pub fn build_time(&self) -> Duration {
        self.build_time
    }

    /// Average number of terms in a passage body.
    pub fn avg_body_len(&self) -> f32 {
        self.avg_body_len
    }

    /// Bytes the index takes (in RAM or on disk), as tantivy counts them.
    pub fn size_bytes(&self) -> u64 {
        self.reader.searcher().space_usage().map_or(0, |usage| usage.total().get_bytes())
    }

    /// Average number of terms in a passage's title field (title, source, author).
    pub fn avg_title_len(&self) -> f32 {
        self.avg_title_len
    }

    /// Number of indexed passages.
    pub fn passage_count(&self) -> u64 {
        self.num_docs
    }

    /// Number of passages containing `term` in their body or, if more, in their article's title,
    /// source and author (a term only found there is still known to the corpus).
    pub fn doc_freq(&self, term: &str) -> u64 {
        let searcher = self.reader.searcher();
        let in_field = |field| searcher.doc_freq(&Term::from_field_text(field, term)).unwrap_or(0);
        in_field(self.fields.body).max(in_field(self.fields.title))
    }

    /// Number of passages holding a word of root `root`.
    pub fn root_doc_freq(&self, root: &str) -> u64 {
        self.reader.searcher().doc_freq(&Term::from_field_text(self.fields.root, root)).unwrap_or(0)
    }

    /// BM25's inverse document frequency of a term found in `doc_freq` passages.
    pub fn idf(&self, doc_freq: u64) -> f32 {
        let n = self.passage_count() as f32;
        let df = doc_freq as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// Indexed body terms within the allowed edit distance of `term`, most frequent first, at most `max`.
    pub fn similar_terms(&self, term: &str, max: usize) -> Vec<(String, u64)> {
        let distance = fuzzy::allowed_distance(term.chars().count());
        if distance == 0 {
            return Vec::new();
        }
        let mut found: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
        for segment in self.reader.searcher().segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.fields.body) else { continue };
            let Ok(mut stream) = inverted.terms().search(fuzzy::dfa_for(term, distance)).into_stream() else {
                continue;
            };
            while let Some((bytes, info)) = stream.next() {
                if let Ok(text) = std::str::from_utf8(bytes) {
                    *found.entry(text.to_string()).or_default() += u64::from(info.doc_freq);
                }
            }
        }
        let mut out: Vec<(String, u64)> = found.into_iter().filter(|(t, _)| t != term).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out.truncate(max);
        out
    }

    /// The `limit` best passages (at most [`MAX_RESULTS`]) for the weighted terms, by BM25 over body
    /// plus `title_boost` × the article's title, source and author, plus each held term's presence bonus.
    pub fn search(
        &self,
        terms: &[WeightedTerm],
        title_boost: f32,
        limit: usize,
    ) -> Result<Vec<ScoredPassage>, SearchError> {
        let limit = limit.min(MAX_RESULTS);
        if terms.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(terms.len() * 2);
        for WeightedTerm { field, term, weight, presence } in terms {
            if *field == TermField::Root {
                let root = TermQuery::new(Term::from_field_text(self.fields.root, term), IndexRecordOption::WithFreqs);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(root), *weight))));
                continue;
            }
            let body = TermQuery::new(Term::from_field_text(self.fields.body, term), IndexRecordOption::WithFreqs);
            clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(body), *weight))));
            if *presence > 0.0 {
                clauses.push((Occur::Should, Box::new(ConstScoreQuery::new(self.holds(term), *presence))));
            }
            if title_boost > 0.0 {
                let title =
                    TermQuery::new(Term::from_field_text(self.fields.title, term), IndexRecordOption::WithFreqs);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(title), weight * title_boost))));
            }
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        // The collector leaves passages of equal score in no set order, and which of them made the cut
        // depended on how the indexing threads split the corpus into segments: collect more, order ties by
        // passage number, then cut, so a rebuilt index gives the same candidates (a tie group longer than
        // the margin still could not; breaking ties inside the collector would cost its block-max pruning).
        let top = searcher.search(&query, &TopDocs::with_limit(limit + tie_margin(limit)))?;
        let mut found: Vec<ScoredPassage> = top
            .into_iter()
            .filter_map(|(score, address)| {
                let pid = *self.pids.get(address.segment_ord as usize)?.get(address.doc_id as usize)?;
                Some(ScoredPassage { pid, score })
            })
            .collect();
        found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.pid.cmp(&b.pid)));
        found.truncate(limit);
        Ok(found)
    }

    /// Passages whose body holds `term`, unscored. (Body or title measured the same on ARCD + news, and a
    /// union per term cost a third more search time on 1 GB.)
    fn holds(&self, term: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(self.fields.body, term), IndexRecordOption::Basic))
    }
}

/// Passages collected past `limit` so that ties at the cut are settled by passage number.
fn tie_margin(limit: usize) -> usize {
    (limit / 2).max(10)
}

/// Make `analyzer` the tokenizer of the index's text fields (and its roots that of the root field).
fn register_analyzer(index: &Index, analyzer: Analyzer) {
    index.tokenizers().register(TOKENIZER_NAME, AnalyzerTokenizer::new(analyzer));
    index.tokenizers().register(ROOT_TOKENIZER_NAME, AnalyzerTokenizer::roots(analyzer));
}

/// A problem with the index directory `dir`.
fn dir_error(dir: &std::path::Path, message: impl ToString) -> SearchError {
    SearchError::IndexDir { path: dir.to_path_buf(), message: message.to_string() }
}

/// Terms per document in `field`, on average.
fn average_length(reader: &IndexReader, field: Field) -> Result<f32, SearchError> {
    let searcher = reader.searcher();
    let mut tokens = 0u64;
    for segment in searcher.segment_readers() {
        tokens += segment.inverted_index(field)?.total_num_tokens();
    }
    Ok(tokens as f32 / searcher.num_docs().max(1) as f32)
}

/// Read the passage id of every document once, so a hit maps to its passage without a column lookup.
fn passage_ids(reader: &IndexReader, field: Field) -> Result<Vec<Vec<u32>>, SearchError> {
    let searcher = reader.searcher();
    let name = searcher.schema().get_field_name(field).to_string();
    let mut out = Vec::with_capacity(searcher.segment_readers().len());
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().u64(&name)?;
        let ids = (0..segment.max_doc()).map(|doc| column.first(doc).unwrap_or(0) as u32).collect();
        out.push(ids);
    }
    Ok(out)
}
