//! Markdown articles (`.md`): the text a reader sees, not its markup.
//!
//! A passage is quoted to readers as it was indexed, so `**نهر النيل**` or `[العالم](https://…)` would
//! reach them with their asterisks and addresses. The file is parsed as CommonMark (with tables,
//! strikethrough, footnotes and a leading YAML block): each paragraph, heading, list item, table row,
//! quote and code block becomes a line; emphasis marks go, a link keeps its text, an image, raw HTML
//! and a YAML front matter block go whole; a table's cells are joined by " | ".

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::lines::end_line;

/// The text of the Markdown `source`, one line a block.
pub fn markdown_text(source: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // Inside an image or a metadata block: their text is not the article's.
    let mut hidden = 0usize;
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Start(Tag::Image { .. } | Tag::MetadataBlock(_)) => hidden += 1,
            Event::End(TagEnd::Image | TagEnd::MetadataBlock(_)) => hidden = hidden.saturating_sub(1),
            _ if hidden > 0 => {}
            Event::Text(text) | Event::Code(text) => line.push_str(&text),
            // A line of the file stays a line, as in a text file: page chrome is removed line by line.
            Event::SoftBreak | Event::HardBreak => close(&mut lines, &mut line),
            Event::End(TagEnd::TableCell) => line.push_str(" | "),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => close(&mut lines, &mut line),
            // A list item's own paragraphs and sublists start on their own lines.
            Event::Start(Tag::Item | Tag::List(_)) => close(&mut lines, &mut line),
            _ => {}
        }
    }
    close(&mut lines, &mut line);
    lines.join("\n")
}

/// Close the current line, a table row's last cell separator dropped.
fn close(lines: &mut Vec<String>, line: &mut String) {
    line.truncate(line.trim_end().trim_end_matches('|').len());
    end_line(lines, line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_sees_the_text_without_its_markup() {
        let source =
            "---\nauthor: س\n---\n# نهر النيل\n\n**نهر النيل** أطول أنهار [العالم](https://ar.wikipedia.org/wiki/x)،\n\
                      ويبلغ طوله نحو *6650* كيلومترا.\n\n- يصب في `البحر`\n- يجتاز ~~عشر~~ إحدى عشرة دولة\n\n\
                      ![صورة النهر](nile.jpg)\n\n> قال الباحث: النيل شريان الحياة.\n\n\
                      | الدولة | الطول |\n|---|---|\n| مصر | 1500 |\n\n<div>إعلان</div>\n";
        assert_eq!(
            markdown_text(source),
            "نهر النيل\nنهر النيل أطول أنهار العالم،\nويبلغ طوله نحو 6650 كيلومترا.\nيصب في البحر\n\
             يجتاز عشر إحدى عشرة دولة\nقال الباحث: النيل شريان الحياة.\nالدولة | الطول\nمصر | 1500"
        );
    }

    #[test]
    fn plain_text_reads_as_itself() {
        assert_eq!(markdown_text("سطر أول\n\nسطر ثان"), "سطر أول\nسطر ثان");
        assert_eq!(markdown_text(""), "");
    }
}
