//! Kroki's URL encoding, both ways: the UTF-8 source, compressed as a zlib stream (RFC
//! 1950, any level) and written in URL-safe base64 (RFC 4648 §5), padding optional.
//! [`decode`] checks each step and says which one failed. Also the pieces other encodings
//! are made of (mermaid.ink's): [`inflate_zlib`], [`percent_decode`].

use base64::Engine as _;

use crate::error::{Error, Result};
use crate::limits;

/// Decodes Kroki's URL encoding (URL-safe base64 of a zlib stream of UTF-8 text).
pub fn decode(encoded: &str) -> Result<String> {
    decode_bytes(encoded).and_then(utf8)
}

/// Kroki's URL encoding decoded to the source's bytes, not yet checked to be UTF-8.
pub fn decode_bytes(encoded: &str) -> Result<Vec<u8>> {
    crate::error::within(limits::URL_WHAT, encoded.len(), limits::MAX_URL_BYTES)?;
    if let Some(pos) = encoded.find(['+', '/']) {
        return Err(Error::Encoding(format!(
            "'{}' at offset {pos} is standard base64; use the URL-safe alphabet ('-' and '_')",
            &encoded[pos..pos + 1]
        )));
    }
    let trimmed = encoded.trim_end_matches('=');
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(trimmed)
        .map_err(|e| Error::Encoding(format!("not URL-safe base64: {e}")))?;
    inflate_zlib(&bytes)
}

/// Inflates a zlib stream, refusing gzip and raw deflate with a message saying which, and
/// stopping at [`limits::MAX_SOURCE_BYTES`] of output.
pub fn inflate_zlib(bytes: &[u8]) -> Result<Vec<u8>> {
    use miniz_oxide::inflate::TINFLStatus;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(Error::Encoding(
            "this is gzip; Kroki's encoding is a zlib stream (RFC 1950)".into(),
        ));
    }
    let zlib_header = bytes.len() >= 2
        && bytes[0] & 0x0f == 8
        && bytes[0] >> 4 <= 7
        && (u16::from(bytes[0]) << 8 | u16::from(bytes[1])) % 31 == 0;
    if !zlib_header {
        return Err(Error::Encoding(
            "no zlib header (raw deflate?); Kroki's encoding is a zlib stream (RFC 1950)".into(),
        ));
    }
    if bytes[1] & 0x20 != 0 {
        return Err(Error::Encoding(
            "zlib stream asks for a preset dictionary, which Kroki's encoding never uses".into(),
        ));
    }
    let out =
        miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(bytes, limits::MAX_SOURCE_BYTES)
            .map_err(|e| match e.status {
                TINFLStatus::HasMoreOutput => Error::TooLarge {
                    what: "decoded diagram source (bytes)",
                    actual: limits::MAX_SOURCE_BYTES as u64 + 1,
                    limit: limits::MAX_SOURCE_BYTES as u64,
                },
                TINFLStatus::Adler32Mismatch => {
                    Error::Encoding("zlib Adler-32 checksum does not match the data".into())
                }
                TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                    Error::Encoding(
                        "zlib stream is truncated (missing data or Adler-32 checksum)".into(),
                    )
                }
                _ => Error::Encoding("invalid deflate data in the zlib stream".into()),
            })?;
    Ok(out)
}

/// `bytes` as text, or the position of the first byte that is not UTF-8.
pub fn utf8(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| not_utf8(e.as_bytes()))
}

/// The error for a source that is not UTF-8, at its first bad byte.
pub fn not_utf8(bytes: &[u8]) -> Error {
    let at = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    Error::Encoding(format!("the diagram source is not valid UTF-8 (byte {at})"))
}

/// Kroki's encoding of `source`: zlib (level 9) in URL-safe base64 without padding.
pub fn encode(source: &str) -> String {
    let z = miniz_oxide::deflate::compress_to_vec_zlib(source.as_bytes(), 9);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(z)
}

/// `%XX` and `+` decoding; invalid escapes stay as they are, invalid UTF-8 becomes U+FFFD.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b+c"), "a b c");
        assert_eq!(percent_decode("%41%4a%"), "AJ%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }
}
