//! Word documents (`.docx`): the text of the document's body, one line a paragraph, and its title.
//!
//! A writer's article often exists first as a Word file. A `.docx` is a zip of XML parts: the body is
//! `word/document.xml`, whose paragraphs (`w:p`) hold runs of text (`w:t`), tabs and line breaks;
//! tables hold paragraphs too. Headers, footers, footnotes, comments and deleted revisions live
//! elsewhere or in other elements and are not read. The title is the document's own
//! (`docProps/core.xml`, `dc:title`) when it has one. Every part is read through a bound on its
//! unpacked size, so a small file that unpacks to gigabytes is refused, not read.

use std::io::{Cursor, Read};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, Event};
use quick_xml::Reader;

use super::lines::{bounded_meta, end_line};
use super::problem::ProblemKind;

/// What a Word document gives.
#[derive(Debug, Default, PartialEq)]
pub struct Document {
    /// The body's text, one line a paragraph.
    pub text: String,
    /// The document's title property, when set.
    pub title: Option<String>,
}

/// The part holding the body.
const BODY_PART: &str = "word/document.xml";
/// The part holding the title.
const CORE_PART: &str = "docProps/core.xml";
/// Read a `.docx` whose body part may unpack to at most `max_xml_bytes`.
pub fn read_docx(bytes: &[u8], max_xml_bytes: u64) -> Result<Document, ProblemKind> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ProblemKind::NotDocx)?;
    let body = part(&mut archive, BODY_PART, max_xml_bytes)?.ok_or(ProblemKind::NotDocx)?;
    let text = body_text(&body).ok_or(ProblemKind::NotDocx)?;
    let title = part(&mut archive, CORE_PART, max_xml_bytes)
        .ok()
        .flatten()
        .and_then(|core| element_text(&core, b"title"))
        .and_then(|t| bounded_meta(&t));
    Ok(Document { text, title })
}

/// The part `name` as text: `None` when the archive lacks it; an error when it unpacks past `max`
/// bytes or is not UTF-8.
fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, max: u64) -> Result<Option<String>, ProblemKind> {
    let Ok(file) = archive.by_name(name) else { return Ok(None) };
    let mut xml = Vec::new();
    // The declared size is the archive's word; the bound is enforced on what actually unpacks.
    file.take(max + 1).read_to_end(&mut xml).map_err(|_| ProblemKind::NotDocx)?;
    if xml.len() as u64 > max {
        return Err(ProblemKind::TooLarge { bytes: xml.len() as u64, limit: max });
    }
    String::from_utf8(xml).map(Some).map_err(|_| ProblemKind::NotUtf8)
}

/// The body's paragraphs, one a line; `None` when the XML is malformed.
fn body_text(xml: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let (mut lines, mut line) = (Vec::new(), String::new());
    // Inside a w:t (text) element: only its content is the document's text (not field codes, not
    // deleted text, which Word writes as w:instrText and w:delText).
    let mut in_text = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_text = true,
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => end_line(&mut lines, &mut line),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" => line.push(' '),
                b"br" | b"cr" => end_line(&mut lines, &mut line),
                _ => {}
            },
            Event::Text(t) if in_text => line.push_str(&t.decode().ok()?),
            Event::CData(t) if in_text => line.push_str(&t.decode().ok()?),
            Event::GeneralRef(r) if in_text => push_reference(&mut line, &r)?,
            Event::Eof => break,
            _ => {}
        }
    }
    end_line(&mut lines, &mut line);
    Some(lines.join("\n"))
}

/// The text of the first element named `local` (any namespace).
fn element_text(xml: &str, local: &[u8]) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    let mut text = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == local => inside = true,
            Event::End(e) if inside && e.local_name().as_ref() == local => return Some(text),
            Event::Text(t) if inside => text.push_str(&t.decode().ok()?),
            Event::GeneralRef(r) if inside => push_reference(&mut text, &r)?,
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Append what a character or entity reference (`&#1575;`, `&amp;`) stands for; `None` for one XML
/// does not define (the document is malformed).
fn push_reference(out: &mut String, reference: &BytesRef<'_>) -> Option<()> {
    match reference.resolve_char_ref().ok()? {
        Some(c) => out.push(c),
        None => out.push_str(resolve_predefined_entity(&reference.decode().ok()?)?),
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A `.docx` holding `parts` (name, XML).
    fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, xml) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(xml.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    const BODY: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>نهر النيل</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">يبلغ طول </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>نهر النيل</w:t></w:r><w:r><w:t xml:space="preserve"> نحو 6650 كيلومترا &amp; يصب</w:t></w:r><w:r><w:tab/><w:t>في البحر.</w:t></w:r></w:p>
<w:p><w:r><w:instrText>HYPERLINK "x"</w:instrText></w:r><w:del><w:r><w:delText>نص محذوف</w:delText></w:r></w:del><w:r><w:t>سطر</w:t><w:br/><w:t>ثان</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>خلية</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p/></w:body></w:document>"#;

    const CORE: &str = r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="c" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>فيضان النيل</dc:title><dc:creator>user</dc:creator></cp:coreProperties>"#;

    #[test]
    fn a_document_gives_its_paragraphs_one_a_line_and_its_title() {
        let document = read_docx(&docx(&[(BODY_PART, BODY), (CORE_PART, CORE)]), 1 << 20).unwrap();
        assert_eq!(document.text, "نهر النيل\nيبلغ طول نهر النيل نحو 6650 كيلومترا & يصب في البحر.\nسطر\nثان\nخلية");
        assert_eq!(document.title.as_deref(), Some("فيضان النيل"));
        let untitled = read_docx(&docx(&[(BODY_PART, BODY)]), 1 << 20).unwrap();
        assert_eq!(untitled.title, None);
    }

    #[test]
    fn what_is_not_a_word_document_is_refused() {
        assert_eq!(read_docx(b"not a zip", 1 << 20), Err(ProblemKind::NotDocx));
        assert_eq!(read_docx(&docx(&[("other.xml", "<a/>")]), 1 << 20), Err(ProblemKind::NotDocx));
        let malformed = docx(&[(BODY_PART, "<w:document><w:p><w:t>نص</w:p></w:document>")]);
        assert_eq!(read_docx(&malformed, 1 << 20), Err(ProblemKind::NotDocx));
    }

    #[test]
    fn a_body_that_unpacks_past_the_bound_is_refused() {
        let big = format!("<w:document><w:p><w:t>{}</w:t></w:p></w:document>", "ا".repeat(50_000));
        let packed = docx(&[(BODY_PART, &big)]);
        assert!(packed.len() < 10_000, "text this repetitive packs small: {}", packed.len());
        assert!(matches!(read_docx(&packed, 20_000), Err(ProblemKind::TooLarge { limit: 20_000, .. })));
    }
}
