//! Source: reading, decoding and normalising one notes file.
//!
//! Bytes go in; a [`Source`] comes out: the file's name, the encoding that was
//! detected, and its lines, each with its 1-based number, the original text and
//! an NFKC-normalised copy used for matching and keys (ＡＷＳ → AWS, ｶﾅ → カナ).
//! The original stays at hand because NFKC also folds markers the outline needs
//! to see (① → 1).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use encoding_rs::{EUC_JP, Encoding, SHIFT_JIS, UTF_16BE, UTF_16LE};
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

/// The text encoding a notes file was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum TextEncoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 with a byte order mark.
    Utf8Bom,
    /// UTF-16 (either byte order) with a byte order mark.
    Utf16,
    /// Shift_JIS, read as its Windows superset CP932.
    ShiftJis,
    /// EUC-JP.
    EucJp,
}

impl TextEncoding {
    /// The encoding's usual name.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Utf16 => "UTF-16",
            TextEncoding::ShiftJis => "Shift_JIS (CP932)",
            TextEncoding::EucJp => "EUC-JP",
        }
    }
}

/// One line of a notes file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the file.
    pub number: usize,
    /// The line as written (decoded, without its line end).
    pub original: String,
    /// The line after NFKC normalisation, used for matching and keys.
    pub text: String,
}

/// A decoded notes file.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file name shown in provenance (`aws-saa.txt`).
    pub name: String,
    /// The path the file was read from (or a pseudo path such as `-`).
    pub path: PathBuf,
    /// The encoding that was detected.
    pub encoding: TextEncoding,
    /// Every line, in order, blank lines included.
    pub lines: Vec<Line>,
}

impl Source {
    /// The file name without its extension, used to name exports.
    pub fn stem(&self) -> String {
        Path::new(&self.name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.name.clone())
    }
}

/// Reads and decodes a notes file.
pub fn read(path: &Path) -> Result<Source> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("reading", path, e))?;
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    decode(&name, path, &bytes)
}

/// Decodes the bytes of a notes file named `name`.
///
/// ```
/// let source = kioku::source::decode("n.txt", "n.txt".as_ref(), "ＡＷＳ\r\nｶﾅ".as_bytes()).unwrap();
/// assert_eq!(source.lines[0].text, "AWS");
/// assert_eq!(source.lines[1].text, "カナ");
/// ```
pub fn decode(name: &str, path: &Path, bytes: &[u8]) -> Result<Source> {
    let (text, encoding) = decode_bytes(path, bytes)?;
    Ok(Source {
        name: name.to_string(),
        path: path.to_path_buf(),
        encoding,
        lines: split_lines(&text),
    })
}

/// Characters that NFKC leaves as they are, whatever surrounds them, and
/// that have no lower case: ASCII, Japanese punctuation and brackets
/// (、。「」【】〜), kana and the common kanji.
pub fn is_nfkc_stable(c: char) -> bool {
    matches!(c, '\0'..='\x7f' | '\u{3001}'..='\u{3029}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FC}' | '\u{4E00}'..='\u{9FBF}')
}

/// NFKC-normalises a piece of text.
pub fn nfkc(text: &str) -> String {
    // Most lines are NFKC already (ASCII, kana, kanji): copied as they are.
    if text.chars().all(is_nfkc_stable)
        || unicode_normalization::is_nfkc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        return text.to_string();
    }
    text.nfkc().collect()
}

/// The text of a file's bytes (borrowed when they are UTF-8 already) and
/// the encoding they were in.
fn decode_bytes<'b>(path: &Path, bytes: &'b [u8]) -> Result<(Cow<'b, str>, TextEncoding)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = utf8(rest).map_err(|e| Error::Undecodable {
            path: path.to_path_buf(),
            line: line_of(rest, e.valid_up_to()),
        })?;
        check_nul(path, text.as_bytes())?;
        return Ok((Cow::Borrowed(text), TextEncoding::Utf8Bom));
    }
    for (bom, encoding) in [(&b"\xFF\xFE"[..], UTF_16LE), (&b"\xFE\xFF"[..], UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let text = decode_strict(encoding, rest).ok_or_else(|| Error::Undecodable {
                path: path.to_path_buf(),
                line: 1,
            })?;
            check_nul(path, text.as_bytes())?;
            return Ok((Cow::Owned(text), TextEncoding::Utf16));
        }
    }
    check_nul(path, bytes)?;
    match utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), TextEncoding::Utf8)),
        Err(utf8_error) => {
            let candidates = [
                (SHIFT_JIS, TextEncoding::ShiftJis),
                (EUC_JP, TextEncoding::EucJp),
            ];
            candidates
                .into_iter()
                .filter_map(|(encoding, kind)| {
                    decode_strict(encoding, bytes).map(|text| (japanese_score(&text), text, kind))
                })
                // Both legacy encodings may accept the same bytes; the one that
                // yields more kana and kanji is the one the writer used.
                .max_by_key(|(score, _, _)| *score)
                .map(|(_, text, kind)| (Cow::Owned(text), kind))
                .ok_or_else(|| Error::Undecodable {
                    path: path.to_path_buf(),
                    line: line_of(bytes, utf8_error.valid_up_to()),
                })
        }
    }
}

/// `str::from_utf8`, checked with SIMD (a notes file is mostly multi-byte
/// Japanese, where the standard library's check takes ten instructions a
/// byte); the standard check runs again only to locate an error.
fn utf8(bytes: &[u8]) -> std::result::Result<&str, std::str::Utf8Error> {
    simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes))
}

fn check_nul(path: &Path, bytes: &[u8]) -> Result<()> {
    match memchr::memchr(0, bytes) {
        Some(at) => Err(Error::Binary {
            path: path.to_path_buf(),
            line: line_of(bytes, at),
        }),
        None => Ok(()),
    }
}

fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}

/// Counts hiragana, katakana and common kanji: real Japanese text scores high
/// in its own encoding and low (rare kanji, half-width kana) in the other.
fn japanese_score(text: &str) -> usize {
    text.chars()
        .filter(|&c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{3000}'..='\u{303F}'))
        .count()
}

fn line_of(bytes: &[u8], byte_offset: usize) -> usize {
    let before = &bytes[..byte_offset.min(bytes.len())];
    let mut line = 1;
    for (i, &b) in before.iter().enumerate() {
        // CRLF counts once (at its LF), a lone CR or LF counts as a line end.
        if b == b'\n' || (b == b'\r' && before.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

/// Splits text on CRLF, CR and LF, keeping 1-based numbers.
fn split_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        // (both ASCII: a byte search finds them, never inside a character)
        let end = memchr::memchr2(b'\r', b'\n', rest.as_bytes()).unwrap_or(rest.len());
        let line = &rest[..end];
        lines.push(Line {
            number: lines.len() + 1,
            original: line.to_string(),
            text: nfkc(line),
        });
        rest = &rest[end..];
        if let Some(after) = rest.strip_prefix("\r\n") {
            rest = after;
        } else if !rest.is_empty() {
            rest = &rest[1..];
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simd_utf8_check_agrees_with_the_standard_library() {
        let text = "セキュリティグループ\n・Amazon S3の特徴\n".repeat(40);
        let mut cases: Vec<Vec<u8>> = vec![text.clone().into_bytes(), Vec::new()];
        for cut in [1, 2, 100, 301, text.len() - 1] {
            let mut bytes = text.as_bytes()[..cut].to_vec();
            cases.push(bytes.clone());
            bytes.extend_from_slice(b"\xff tail");
            cases.push(bytes);
        }
        for bytes in &cases {
            match (utf8(bytes), std::str::from_utf8(bytes)) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(a), Err(b)) => assert_eq!(a.valid_up_to(), b.valid_up_to()),
                (a, b) => panic!("{a:?} / {b:?}"),
            }
        }
    }

    fn decode_ok(bytes: &[u8]) -> Source {
        decode("t.txt", Path::new("t.txt"), bytes).unwrap()
    }

    const SAMPLE: &str = "セキュリティグループの特徴\n・拒否ルールは設定できない\n";

    #[test]
    fn utf8_plain_and_bom() {
        let plain = decode_ok(SAMPLE.as_bytes());
        assert_eq!(plain.encoding, TextEncoding::Utf8);
        assert_eq!(plain.lines.len(), 2);
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(SAMPLE.as_bytes());
        let bom = decode_ok(&with_bom);
        assert_eq!(bom.encoding, TextEncoding::Utf8Bom);
        assert_eq!(bom.lines[0].original, "セキュリティグループの特徴");
    }

    #[test]
    fn shift_jis_and_euc_jp() {
        let (sjis, _, _) = SHIFT_JIS.encode(SAMPLE);
        let source = decode_ok(&sjis);
        assert_eq!(source.encoding, TextEncoding::ShiftJis);
        assert_eq!(source.lines[1].original, "・拒否ルールは設定できない");
        let (euc, _, _) = EUC_JP.encode(SAMPLE);
        let source = decode_ok(&euc);
        assert_eq!(source.encoding, TextEncoding::EucJp);
        assert_eq!(source.lines[0].original, "セキュリティグループの特徴");
    }

    #[test]
    fn line_ends_keep_numbers() {
        let source = decode_ok("a\r\nb\rc\n\nd".as_bytes());
        let numbered: Vec<_> = source
            .lines
            .iter()
            .map(|l| (l.number, l.original.as_str()))
            .collect();
        assert_eq!(numbered, [(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d")]);
    }

    #[test]
    fn nfkc_folds_width_but_original_stays() {
        let source = decode_ok("①ＡＷＳのｻｰﾋﾞｽ（EC2）".as_bytes());
        assert_eq!(source.lines[0].text, "1AWSのサービス(EC2)");
        assert_eq!(source.lines[0].original, "①ＡＷＳのｻｰﾋﾞｽ（EC2）");
    }

    #[test]
    fn binary_is_refused_with_line() {
        let err = decode("b.bin", Path::new("b.bin"), b"ok\nstill ok\n\x00\x01\x02").unwrap_err();
        assert!(matches!(err, Error::Binary { line: 3, .. }), "{err}");
        assert!(err.to_string().contains("b.bin"));
    }

    #[test]
    fn undecodable_is_refused() {
        let err = decode("u.txt", Path::new("u.txt"), b"abc\n\xff\xfe\xfd\xff").unwrap_err();
        assert!(matches!(err, Error::Undecodable { line: 2, .. }), "{err}");
    }
}
