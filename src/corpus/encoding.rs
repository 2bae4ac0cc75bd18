//! Text files' encodings: UTF-8; UTF-16 with its byte-order mark (what Windows Notepad saves as
//! "Unicode"); and Arabic in Windows' legacy code page 1256, which older Arabic archives are written in.
//!
//! A file without a byte-order mark that is not UTF-8 is read as windows-1256 only when that reading is
//! mostly Arabic letters and the bytes are not UTF-8 with a few damaged bytes (whose 1256 reading would
//! be Arabic-looking mojibake): anything else stays a problem for the admin to see.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1256};

use super::problem::ProblemKind;

/// How many Arabic letters a 1256 reading needs for each other non-ASCII letter.
const ARABIC_PER_OTHER: usize = 4;
/// The fewest Arabic letters a 1256 reading must hold: a few bytes read as anything.
const MIN_ARABIC_LETTERS: usize = 20;

/// The text of a file's bytes (a byte-order mark dropped). UTF-8 is taken as it is, without a copy: a
/// JSONL corpus file may be gigabytes.
pub fn decode_text(mut bytes: Vec<u8>) -> Result<String, ProblemKind> {
    match Encoding::for_bom(&bytes) {
        Some((encoding, bom)) if encoding == UTF_8 => {
            bytes.drain(..bom);
            String::from_utf8(bytes).map_err(|_| ProblemKind::NotUtf8)
        }
        Some((encoding, bom)) => {
            let (text, malformed) = encoding.decode_without_bom_handling(&bytes[bom..]);
            if malformed {
                Err(ProblemKind::NotUtf8)
            } else {
                Ok(text.into_owned())
            }
        }
        None if bytes[..bytes.len().min(8192)].contains(&0) => Err(ProblemKind::Binary),
        None => String::from_utf8(bytes).or_else(|e| legacy_arabic(e.as_bytes()).ok_or(ProblemKind::NotUtf8)),
    }
}

/// The `charset=` a text declares, lower-cased: a page's `<meta charset="windows-1256">` or its
/// http-equiv form, or an HTTP Content-Type header.
pub fn declared_charset(text: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(text).to_ascii_lowercase();
    let at = text.find("charset=")? + "charset=".len();
    let value: String = text[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!value.is_empty()).then_some(value)
}

/// `bytes` decoded in the charset `label` names; `None` for a label no encoding has, or bytes that
/// are not text in it.
pub fn decode_as(bytes: &[u8], label: &str) -> Option<String> {
    let encoding = Encoding::for_label(label.as_bytes())?;
    let (text, _, malformed) = encoding.decode(bytes);
    (!malformed).then(|| text.into_owned())
}

/// `bytes` read as windows-1256, when that is what they are.
fn legacy_arabic(bytes: &[u8]) -> Option<String> {
    let lossy = String::from_utf8_lossy(bytes);
    let damaged = lossy.chars().filter(|&c| c == char::REPLACEMENT_CHARACTER).count();
    let valid = lossy.chars().filter(|&c| !c.is_ascii() && c != char::REPLACEMENT_CHARACTER).count();
    if valid > damaged {
        return None;
    }
    let (text, _, _) = WINDOWS_1256.decode(bytes);
    let (mut arabic, mut other, mut latin) = (0, 0, 0);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        match c {
            c if c.is_ascii() => latin += 1,
            c if is_arabic(c) => arabic += 1,
            _ => other += 1,
        }
    }
    // A Latin-script legacy file reads in 1256 as Latin words with a few Arabic letters where its
    // accented ones stood: Arabic text is mostly Arabic letters.
    let mostly_arabic = arabic >= MIN_ARABIC_LETTERS && arabic >= ARABIC_PER_OTHER * other && arabic >= latin;
    mostly_arabic.then(|| text.into_owned())
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "نهر النيل أطول أنهار العالم، ويبلغ طوله نحو 6650 كيلومترا.";

    #[test]
    fn utf8_utf16_with_its_mark_and_arabic_windows_text_read_alike() {
        assert_eq!(decode_text(ARTICLE.as_bytes().to_vec()).as_deref(), Ok(ARTICLE));
        let with_bom = [b"\xef\xbb\xbf".as_slice(), ARTICLE.as_bytes()].concat();
        assert_eq!(decode_text(with_bom).as_deref(), Ok(ARTICLE));
        let utf16: Vec<u8> =
            [0xff, 0xfe].into_iter().chain(ARTICLE.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode_text(utf16).as_deref(), Ok(ARTICLE));
        let legacy = WINDOWS_1256.encode(ARTICLE).0;
        assert!(std::str::from_utf8(&legacy).is_err());
        assert_eq!(decode_text(legacy.to_vec()).as_deref(), Ok(ARTICLE));
    }

    #[test]
    fn other_legacy_text_damaged_utf8_and_binary_stay_problems() {
        let french = encoding_rs::WINDOWS_1252.encode("Le Nil est le fleuve le plus long, à côté du désert.").0;
        assert_eq!(decode_text(french.to_vec()), Err(ProblemKind::NotUtf8));
        let spanish = "El río más largo está allá, según él. ".repeat(20);
        let spanish = encoding_rs::WINDOWS_1252.encode(&spanish).0;
        assert_eq!(decode_text(spanish.to_vec()), Err(ProblemKind::NotUtf8));
        assert_eq!(decode_text(vec![0xe1, 0xe4, 0x20, 0xff]), Err(ProblemKind::NotUtf8), "too few bytes to tell");
        let mut damaged = ARTICLE.as_bytes().to_vec();
        damaged[5] = 0xff;
        assert_eq!(decode_text(damaged), Err(ProblemKind::NotUtf8), "a damaged UTF-8 file is not read as 1256");
        assert_eq!(decode_text(b"\x89PNG\r\n\x1a\n\0\0\0".to_vec()), Err(ProblemKind::Binary));
    }
}
