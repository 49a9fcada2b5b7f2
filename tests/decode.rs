//! Kroki's URL encoding: the accepted forms and each rejected one, with its message.

use base64::Engine as _;
use edgeviz::encoding::{decode, encode};
use edgeviz::Error;

mod common;

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn zlib(src: &str, level: u8) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(src.as_bytes(), level)
}

fn encoding_error(encoded: &str) -> String {
    match decode(encoded) {
        Err(Error::Encoding(msg)) => msg,
        other => panic!("expected an encoding error for {encoded:?}, got {other:?}"),
    }
}

#[test]
fn the_kroki_test_vector() {
    assert_eq!(
        decode(common::VECTOR).unwrap(),
        "digraph G {Hello->World}\n"
    );
}

#[test]
fn padding_is_optional() {
    let raw = zlib("digraph { a -> b }", 6);
    let unpadded = b64url(&raw);
    let padded = base64::engine::general_purpose::URL_SAFE.encode(&raw);
    assert_ne!(unpadded, padded, "this vector needs padding");
    assert_eq!(decode(&unpadded).unwrap(), "digraph { a -> b }");
    assert_eq!(decode(&padded).unwrap(), "digraph { a -> b }");
}

#[test]
fn every_compression_level_decodes() {
    let src = "digraph { rankdir=LR; a -> b -> c; c -> a [color=red] }";
    for level in 0..=10 {
        assert_eq!(
            decode(&b64url(&zlib(src, level))).unwrap(),
            src,
            "level {level}"
        );
    }
}

#[test]
fn encode_round_trips_unicode() {
    let src = "digraph { \"日本語\" -> \"Ελληνικά\" -> \"кириллица\" }";
    assert_eq!(decode(&encode(src)).unwrap(), src);
}

#[test]
fn standard_base64_is_rejected_with_its_character() {
    // Find a source whose standard encoding has '+' or '/'.
    let (std, _) = (0..200)
        .map(|i| {
            let raw = zlib(&format!("digraph {{ n{i} -> m{i} }}"), 9);
            (base64::engine::general_purpose::STANDARD.encode(&raw), raw)
        })
        .find(|(s, _)| s.contains(['+', '/']))
        .expect("some vector uses + or /");
    let msg = encoding_error(&std);
    assert!(msg.contains("URL-safe"), "{msg}");
}

#[test]
fn gzip_is_rejected_as_gzip() {
    // A minimal gzip member header followed by data.
    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
    gz.extend(miniz_oxide::deflate::compress_to_vec(b"digraph{}", 6));
    gz.extend([0; 8]);
    let msg = encoding_error(&b64url(&gz));
    assert!(msg.contains("gzip"), "{msg}");
}

#[test]
fn raw_deflate_is_rejected() {
    let raw = miniz_oxide::deflate::compress_to_vec(b"digraph { a -> b }", 6);
    let msg = encoding_error(&b64url(&raw));
    assert!(msg.contains("raw deflate"), "{msg}");
}

#[test]
fn wrong_adler32_is_rejected() {
    let mut raw = zlib("digraph { a -> b }", 6);
    let n = raw.len();
    raw[n - 1] ^= 0xff;
    let msg = encoding_error(&b64url(&raw));
    assert!(msg.contains("Adler-32"), "{msg}");
}

#[test]
fn missing_adler32_is_rejected() {
    let mut raw = zlib("digraph { a -> b }", 6);
    raw.truncate(raw.len() - 4);
    let msg = encoding_error(&b64url(&raw));
    assert!(msg.contains("truncated"), "{msg}");
}

#[test]
fn truncated_stream_is_rejected() {
    let raw = zlib("digraph { a -> b -> c -> d -> e }", 6);
    let msg = encoding_error(&b64url(&raw[..raw.len() / 2]));
    assert!(msg.contains("truncated"), "{msg}");
}

#[test]
fn garbage_is_rejected() {
    assert!(encoding_error("!!!!").contains("base64"));
    assert!(encoding_error("").contains("zlib"));
    assert!(encoding_error("AAAA").contains("zlib"));
}

#[test]
fn invalid_utf8_is_rejected_with_offset() {
    let raw = miniz_oxide::deflate::compress_to_vec_zlib(b"digraph { a -> \xff }", 6);
    let msg = encoding_error(&b64url(&raw));
    assert!(msg.contains("UTF-8") && msg.contains("byte 15"), "{msg}");
}

#[test]
fn a_zlib_bomb_stops_at_the_limit() {
    // 8 MiB of spaces fits in ~11 KB of URL: under the URL limit, 8x over the source limit.
    let bomb = vec![b' '; 8 * 1024 * 1024];
    let raw = miniz_oxide::deflate::compress_to_vec_zlib(&bomb, 10);
    let encoded = b64url(&raw);
    assert!(
        encoded.len() <= edgeviz::limits::MAX_URL_BYTES,
        "{}",
        encoded.len()
    );
    match decode(&encoded) {
        Err(e @ Error::TooLarge { .. }) => {
            assert_eq!(e.status(), 413);
            assert!(e.to_string().contains("decoded diagram source"), "{e}");
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

#[test]
fn an_overlong_url_is_414() {
    let long = "A".repeat(edgeviz::limits::MAX_URL_BYTES + 1);
    let err = decode(&long).unwrap_err();
    assert_eq!(err.status(), 414);
}
