//! `cache`: keys, ETags and caching headers, for the service and the hosts' caches.
//!
//! The cache key is a SHA-256 over everything the output depends on: edgeviz's version, the
//! kind's engine and its version, the diagram kind, the format, the normalised options and the decoded
//! source. The same diagram reached through different encodings (zlib level, padding, GET or
//! POST) shares one key; a new build never serves an image cached by another (the build id
//! changes with any change to the code, fonts, dependencies or features, whatever the version
//! number says).

use sha2::{Digest, Sha256};

use crate::diagram::Diagram;

/// edgeviz's own version and build id (a digest of its code, fonts, locked dependencies and
/// features: `src/build_id.rs`), part of every key.
pub const RENDERER_VERSION: &str = concat!(
    "edgeviz ",
    env!("CARGO_PKG_VERSION"),
    "+",
    env!("EDGEVIZ_BUILD_ID")
);

/// `Cache-Control` of a successful render: its URL names its content, so it never changes.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `Cache-Control` of every error: image proxies would otherwise keep an error for a year.
pub const NO_STORE: &str = "no-store";

/// `Cache-Control` of the pages that change with a release (index, health).
pub const SHORT: &str = "public, max-age=300";

/// The cache key of `diagram`, as 64 hex digits.
pub fn key(diagram: &Diagram) -> String {
    let mut h = Sha256::new();
    for part in [
        RENDERER_VERSION,
        diagram.kind.engine(),
        diagram.kind.name(),
        diagram.format.name(),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.update(diagram.options.canonical().as_bytes());
    h.update([0]);
    h.update(Sha256::digest(diagram.source.as_bytes()));
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The strong ETag of a key.
pub fn etag(key: &str) -> String {
    format!("\"{key}\"")
}

/// Whether an `If-None-Match` header value matches `etag` (RFC 9110 §13.1.2: a list of
/// tags or `*`, compared weakly, so `W/"x"` matches `"x"`).
pub fn if_none_match(header: &str, etag: &str) -> bool {
    header
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

/// The URL under which a render is stored in the Workers Cache API. The Cache API stores
/// GET requests only, so POST renders are stored under this synthetic GET as well; both
/// reach the same entry.
pub fn storage_url(origin: &str, key: &str) -> String {
    format!("{}/__edgeviz/cache/{key}", origin.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::Format;

    fn diagram(source: &str, format: Format, options: &[(&str, &str)]) -> Diagram {
        let graphviz = crate::kinds::find("graphviz").unwrap();
        crate::request::diagram(graphviz, format, source.into(), options.iter().copied()).unwrap()
    }

    #[test]
    fn key_is_stable_and_sensitive_to_every_input() {
        let base = diagram("digraph { a -> b }", Format::Svg, &[("layout", "dot")]);
        let k = key(&base);
        assert_eq!(k.len(), 64);
        assert!(k.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(key(&base.clone()), k, "same input, same key");
        // Option names are case-insensitive and their order does not matter.
        let a = diagram(
            "x",
            Format::Svg,
            &[
                ("Graph-Attribute-rankdir", "LR"),
                ("node-attribute-shape", "box"),
            ],
        );
        let b = diagram(
            "x",
            Format::Svg,
            &[
                ("node-attribute-shape", "box"),
                ("graph-attribute-rankdir", "LR"),
            ],
        );
        assert_eq!(key(&a), key(&b));
        // Each input changes the key.
        assert_ne!(
            key(&diagram(
                "digraph { a -> c }",
                Format::Svg,
                &[("layout", "dot")]
            )),
            k
        );
        assert_ne!(
            key(&diagram(
                "digraph { a -> b }",
                Format::Png,
                &[("layout", "dot")]
            )),
            k
        );
        assert_ne!(
            key(&diagram(
                "digraph { a -> b }",
                Format::Svg,
                &[("layout", "neato")]
            )),
            k
        );
        assert_ne!(key(&diagram("digraph { a -> b }", Format::Svg, &[])), k);
        // A value cannot forge a second option.
        let forged = diagram(
            "x",
            Format::Svg,
            &[("graph-attribute-a", "1\ngraph-attribute-b=2")],
        );
        let real = diagram(
            "x",
            Format::Svg,
            &[("graph-attribute-a", "1"), ("graph-attribute-b", "2")],
        );
        assert_ne!(key(&forged), key(&real));
    }

    #[test]
    fn if_none_match_forms() {
        let e = etag("abc");
        assert!(if_none_match("\"abc\"", &e));
        assert!(if_none_match("W/\"abc\"", &e));
        assert!(if_none_match("\"x\", \"abc\"", &e));
        assert!(if_none_match("*", &e));
        assert!(!if_none_match("\"abd\"", &e));
        assert!(!if_none_match("abc", &e));
    }
}
