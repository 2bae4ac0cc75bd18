//! File names an admin may give an article: plain names in the corpus directory, nothing else.

/// Why a file name is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Empty, too long, hidden, a path, or with control or format characters (bidi overrides, zero-width
    /// marks: they make a name read differently from what it is).
    #[error("not a plain file name")]
    NotPlain,
    /// Not `.txt`, `.md`, `.jsonl`, `.docx` or a saved web page (`.html`, `.htm`).
    #[error("not a .txt, .md, .jsonl, .docx or .html file")]
    WrongType,
}

/// Longest file name accepted, in bytes.
const MAX_NAME_BYTES: usize = 120;

/// `name` if it is a plain, visible `.txt`/`.md`/`.jsonl`/`.docx`/`.html`/`.htm` file name with no path in it.
pub fn safe_file_name(name: &str) -> Result<String, NameError> {
    let name = name.trim();
    let plain = !name.is_empty()
        && name.len() <= MAX_NAME_BYTES
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':', '\0'])
        && !name.contains("..")
        && !name.chars().any(|c| c.is_control() || is_format(c))
        && name != super::sidecar::SIDECAR_FILE;
    if !plain {
        return Err(NameError::NotPlain);
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !matches!(ext.as_str(), "txt" | "md" | "jsonl" | "docx" | "html" | "htm") {
        return Err(NameError::WrongType);
    }
    Ok(name.to_string())
}

/// True for Unicode's format characters (general category Cf): bidi controls such as U+202E, zero-width
/// joiners and spaces, the BOM, the soft hyphen.
fn is_format(c: char) -> bool {
    use icu_properties::props::GeneralCategory;
    icu_properties::CodePointMapData::<GeneralCategory>::new().get(c) == GeneralCategory::Format
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_pass() {
        assert_eq!(safe_file_name("مقال جديد.txt").as_deref(), Ok("مقال جديد.txt"));
        assert_eq!(safe_file_name("news-2022.jsonl").as_deref(), Ok("news-2022.jsonl"));
        assert_eq!(safe_file_name(" notes.md ").as_deref(), Ok("notes.md"));
    }

    #[test]
    fn paths_hidden_files_and_odd_names_are_refused() {
        for name in [
            "../etc/passwd.txt",
            "a/b.txt",
            "..\\b.txt",
            ".hidden.txt",
            "..txt",
            "",
            "c:evil.txt",
            "bad\nname.txt",
            "sources.toml",
            &"a".repeat(200),
            "evil\u{202E}txt.md",
            "\u{200F}مقال.txt",
        ] {
            assert_eq!(safe_file_name(name), Err(NameError::NotPlain), "{name:?}");
        }
    }

    #[test]
    fn other_types_are_refused() {
        assert_eq!(safe_file_name("x.pdf"), Err(NameError::WrongType));
        assert_eq!(safe_file_name("x"), Err(NameError::WrongType));
        assert_eq!(safe_file_name("x.txt.exe"), Err(NameError::WrongType));
    }
}
