//! Stage 1, `request`: from what a client sent (URL, body, JSON, headers) to a [`Diagram`]:
//! the decoded source, its type, the output format and the normalised options. Kroki's rules
//! throughout, so Kroki clients work unchanged.
//!
//! Kroki's URL encoding is the UTF-8 source, compressed as a zlib stream (RFC 1950, any
//! level) and written in URL-safe base64 (RFC 4648 §5), padding optional. [`decode`] checks
//! each step and says which one failed.

use std::collections::BTreeMap;

use base64::Engine as _;

use crate::error::{Error, Result};
use crate::limits;

/// A diagram language edgeviz draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DiagramType {
    /// Graphviz DOT (`/graphviz/...`, alias `/dot/...`).
    Graphviz,
    /// WebAssembly component architecture from WIT (`/wit/...`), drawn through a generated
    /// Graphviz graph ([`crate::wit`]).
    Wit,
    /// Mermaid (`/mermaid/...`), drawn by merman in wasm ([`crate::mermaid`]).
    Mermaid,
}

impl DiagramType {
    /// The type named in a URL path or Kroki's `diagram_type` (case-insensitive).
    pub fn parse(name: &str) -> Result<DiagramType> {
        match name.to_ascii_lowercase().as_str() {
            "graphviz" | "dot" => Ok(DiagramType::Graphviz),
            "wit" => Ok(DiagramType::Wit),
            "mermaid" => Ok(DiagramType::Mermaid),
            _ => Err(Error::NotFound(format!(
                "unknown diagram type '{}'; supported: {}",
                crate::error_excerpt(name),
                Self::supported()
            ))),
        }
    }

    /// The types this build draws: `wit` and `mermaid` are Cargo features (on by default; the
    /// free-plan Worker leaves Mermaid out).
    pub fn built() -> &'static [DiagramType] {
        &[
            DiagramType::Graphviz,
            #[cfg(feature = "wit")]
            DiagramType::Wit,
            #[cfg(feature = "mermaid")]
            DiagramType::Mermaid,
        ]
    }

    /// An error (404, as for an unknown type) when this build leaves the type out.
    pub fn check_built(self) -> Result<()> {
        if Self::built().contains(&self) {
            return Ok(());
        }
        Err(Error::NotFound(format!(
            "diagram type '{}' is not built into this server (it was compiled without the \
             `{}` feature); supported: {}",
            self.name(),
            self.name(),
            Self::supported()
        )))
    }

    /// The types this build draws, for error messages: "graphviz (alias dot), wit, mermaid".
    fn supported() -> String {
        Self::built()
            .iter()
            .map(|t| match t {
                DiagramType::Graphviz => "graphviz (alias dot)",
                t => t.name(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Canonical name, as used in cache keys.
    pub fn name(self) -> &'static str {
        match self {
            DiagramType::Graphviz => "graphviz",
            DiagramType::Wit => "wit",
            DiagramType::Mermaid => "mermaid",
        }
    }

    /// The output formats this type produces.
    pub fn formats(self) -> &'static [&'static str] {
        match self {
            DiagramType::Graphviz => &[
                "svg",
                "png",
                "jpeg",
                "json",
                "json0",
                "dot",
                "xdot",
                "canon",
                "plain",
                "plain-ext",
            ],
            // `dot` is the generated Graphviz source, to tweak and render as graphviz.
            DiagramType::Wit => &["svg", "png", "jpeg", "dot"],
            DiagramType::Mermaid => &["svg", "png", "jpeg"],
        }
    }
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Svg,
    Png,
    /// The PNG's pixels on white (JPEG has no transparency), as Graphviz's `-Tjpeg`.
    Jpeg,
    /// Graphviz `-Tjson` (layout and attributes as JSON), and `json0` (without `_draw_` ops).
    Json,
    Json0,
    /// Graphviz `-Tdot`/`-Tgv` (the input with layout attributes), `xdot`, `canon` (the input
    /// normalised, no layout), `plain` and `plain-ext` (line-oriented layout).
    Dot,
    Xdot,
    Canon,
    Plain,
    PlainExt,
}

const ALL_FORMATS: &[Format] = &[
    Format::Svg,
    Format::Png,
    Format::Jpeg,
    Format::Json,
    Format::Json0,
    Format::Dot,
    Format::Xdot,
    Format::Canon,
    Format::Plain,
    Format::PlainExt,
];

impl Format {
    /// The format named in a URL path or Kroki's `output_format`, if `kind` supports it.
    pub fn parse(name: &str, kind: DiagramType) -> Result<Format> {
        match Format::named(name) {
            Some(f) if kind.formats().contains(&f.name()) => Ok(f),
            _ => Err(Error::UnsupportedFormat {
                format: crate::error_excerpt(name),
                supported: kind.formats(),
            }),
        }
    }

    /// The format `name` names, whatever the diagram type: any case, and the aliases `gv`
    /// (`dot`) and `jpg` (`jpeg`).
    pub fn named(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        let lower = match lower.as_str() {
            "gv" => "dot",
            "jpg" => "jpeg",
            other => other,
        };
        ALL_FORMATS.iter().copied().find(|f| f.name() == lower)
    }

    /// The format a client asks for with `Accept` (for `POST /graphviz`): the first supported
    /// media type listed; SVG when the header is absent or accepts anything.
    pub fn from_accept(accept: Option<&str>, kind: DiagramType) -> Result<Format> {
        let Some(accept) = accept else {
            return Ok(Format::Svg);
        };
        for item in accept.split(',') {
            let media = item.split(';').next().unwrap_or("").trim();
            match media.to_ascii_lowercase().as_str() {
                "image/svg+xml" | "image/*" | "*/*" => return Ok(Format::Svg),
                "image/png" => return Format::parse("png", kind),
                "image/jpeg" => return Format::parse("jpeg", kind),
                "application/json" => return Format::parse("json", kind),
                "text/vnd.graphviz" => return Format::parse("dot", kind),
                _ => {}
            }
        }
        Err(Error::UnsupportedFormat {
            format: format!("Accept: {}", crate::error_excerpt(accept)),
            supported: kind.formats(),
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Jpeg => "jpeg",
            Format::Json => "json",
            Format::Json0 => "json0",
            Format::Dot => "dot",
            Format::Xdot => "xdot",
            Format::Canon => "canon",
            Format::Plain => "plain",
            Format::PlainExt => "plain-ext",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Svg => "image/svg+xml",
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
            Format::Json | Format::Json0 => "application/json",
            Format::Dot | Format::Xdot | Format::Canon => "text/vnd.graphviz; charset=utf-8",
            Format::Plain | Format::PlainExt => "text/plain; charset=utf-8",
        }
    }

    /// Whether the output is a picture (SVG, PNG or JPEG), to which themes and backgrounds
    /// apply.
    pub fn is_image(self) -> bool {
        matches!(self, Format::Svg | Format::Png | Format::Jpeg)
    }

    /// Whether the output is a bitmap drawn from the SVG (PNG or JPEG).
    pub fn is_bitmap(self) -> bool {
        matches!(self, Format::Png | Format::Jpeg)
    }
}

/// The Graphviz layout engines.
pub const ENGINES: &[&str] = &[
    "dot",
    "neato",
    "fdp",
    "sfdp",
    "twopi",
    "circo",
    "osage",
    "patchwork",
];

/// Colour scheme of an SVG or PNG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Graphviz's own black on white.
    #[default]
    Light,
    /// The default black-on-white palette recoloured light-on-dark; explicit colours stay.
    Dark,
    /// One SVG that follows the reader's `prefers-color-scheme` (a `<style>` media query).
    /// PNG has no reader preference: it is drawn light.
    Auto,
    /// Mermaid's `neutral` theme (Mermaid only).
    Neutral,
    /// Mermaid's `forest` theme (Mermaid only).
    Forest,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
            Theme::Neutral => "neutral",
            Theme::Forest => "forest",
        }
    }
}

/// Options that change the output, normalised: only known keys, lower-case names, values
/// checked. Unknown options are ignored, as Kroki does, and so never split the cache.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// `layout`: the engine, overriding the graph's own `layout` attribute. Default: the
    /// graph's attribute, else `dot`.
    pub layout: Option<String>,
    /// `graph-attribute-NAME=VALUE`, like `dot -GNAME=VALUE`. Also where `background`
    /// (`bgcolor`) and `dpi` go. Default: none.
    pub graph_attrs: BTreeMap<String, String>,
    /// `node-attribute-NAME=VALUE`, like `dot -NNAME=VALUE`. Default: none.
    pub node_attrs: BTreeMap<String, String>,
    /// `edge-attribute-NAME=VALUE`, like `dot -ENAME=VALUE`. Default: none.
    pub edge_attrs: BTreeMap<String, String>,
    /// `theme=light|dark|auto`. Default: light.
    pub theme: Theme,
    /// `scale`: PNG device-pixel ratio, from 0.1 to [`limits::MAX_SCALE`]. Default: 1.
    pub scale: f64,
    /// Options of one diagram type, checked by it (`wit-*`, see [`crate::wit`]).
    pub extra: BTreeMap<String, String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            layout: None,
            graph_attrs: BTreeMap::new(),
            node_attrs: BTreeMap::new(),
            edge_attrs: BTreeMap::new(),
            theme: Theme::Light,
            scale: 1.0,
            extra: BTreeMap::new(),
        }
    }
}

impl Eq for Options {}

/// Longest option value accepted (bytes).
const MAX_OPTION_VALUE: usize = 1024;

fn bad_value(name: &str, value: &str, expected: &str) -> Error {
    Error::BadRequest(format!(
        "option {name}='{}': expected {expected}",
        crate::error_excerpt(value)
    ))
}

impl Options {
    /// Builds options from `(name, value)` pairs given lowest priority first (query, then
    /// `Kroki-Diagram-Options-*` headers, then JSON `diagram_options`): a later pair wins.
    /// Names are case-insensitive.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Options> {
        let mut options = Options::default();
        for (name, value) in pairs {
            let name = name.to_ascii_lowercase();
            if value.len() > MAX_OPTION_VALUE {
                return Err(Error::BadRequest(format!(
                    "option '{}' is longer than {MAX_OPTION_VALUE} bytes",
                    crate::error_excerpt(&name)
                )));
            }
            match name.as_str() {
                "theme" => {
                    options.theme =
                        match value.to_ascii_lowercase().as_str() {
                            "light" | "default" => Theme::Light,
                            "dark" => Theme::Dark,
                            "auto" => Theme::Auto,
                            "neutral" => Theme::Neutral,
                            "forest" => Theme::Forest,
                            _ => return Err(bad_value(
                                "theme",
                                value,
                                "light (or default), dark, auto, or for Mermaid neutral or forest",
                            )),
                        };
                    continue;
                }
                "scale" => {
                    options.scale = value
                        .trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|s| (0.1..=limits::MAX_SCALE).contains(s))
                        .ok_or_else(|| {
                            bad_value(
                                "scale",
                                value,
                                &format!("a number from 0.1 to {}", limits::MAX_SCALE),
                            )
                        })?;
                    continue;
                }
                "dpi" => {
                    let dpi = value
                        .trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|d| (1.0..=limits::MAX_DPI).contains(d))
                        .ok_or_else(|| {
                            bad_value(
                                "dpi",
                                value,
                                &format!("a number from 1 to {}", limits::MAX_DPI),
                            )
                        })?;
                    options.graph_attrs.insert("dpi".into(), dpi.to_string());
                    continue;
                }
                "background" => {
                    let ok = !value.is_empty()
                        && value.len() <= 64
                        && value
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"#._ ,:/".contains(&b));
                    if !ok {
                        return Err(bad_value(
                            "background",
                            value,
                            "a Graphviz colour (name, #rrggbb[aa]) or transparent",
                        ));
                    }
                    options
                        .graph_attrs
                        .insert("bgcolor".into(), value.to_string());
                    continue;
                }
                _ => {}
            }
            if name.starts_with("wit-") {
                #[cfg(feature = "wit")]
                crate::wit::check_option(&name, value)?;
                options.extra.insert(name, value.to_string());
                continue;
            }
            if name == "layout" {
                let engine = value.to_ascii_lowercase();
                if !ENGINES.contains(&engine.as_str()) {
                    return Err(Error::BadRequest(format!(
                        "unknown layout '{}'; supported: {}",
                        crate::error_excerpt(value),
                        ENGINES.join(", ")
                    )));
                }
                options.layout = Some(engine);
                continue;
            }
            let (map, attr) = if let Some(a) = name.strip_prefix("graph-attribute-") {
                (&mut options.graph_attrs, a)
            } else if let Some(a) = name.strip_prefix("node-attribute-") {
                (&mut options.node_attrs, a)
            } else if let Some(a) = name.strip_prefix("edge-attribute-") {
                (&mut options.edge_attrs, a)
            } else {
                continue;
            };
            if attr.is_empty() || !attr.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return Err(Error::BadRequest(format!(
                    "option '{}': attribute names are letters, digits and '_'",
                    crate::error_excerpt(&name)
                )));
            }
            map.insert(attr.to_string(), value.to_string());
        }
        Ok(options)
    }

    /// A canonical text form: equal options give equal text (used in cache keys).
    pub fn canonical(&self) -> String {
        let mut out = format!("theme={}\nscale={}\n", self.theme.name(), self.scale);
        if let Some(layout) = &self.layout {
            out.push_str("layout=");
            out.push_str(layout);
            out.push('\n');
        }
        for (prefix, map) in [
            ("X", &self.extra),
            ("G", &self.graph_attrs),
            ("N", &self.node_attrs),
            ("E", &self.edge_attrs),
        ] {
            for (k, v) in map {
                // Length-prefixed so that no value can forge another entry.
                out.push_str(&format!("{prefix}{k}={}:{v}\n", v.len()));
            }
        }
        out
    }
}

/// One diagram to draw: everything the output depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagram {
    pub kind: DiagramType,
    pub format: Format,
    pub source: String,
    pub options: Options,
}

/// Refuses a diagram source over [`limits::MAX_SOURCE_BYTES`] (413), however it arrived.
pub fn check_source_len(source: &str) -> Result<()> {
    if source.len() > limits::MAX_SOURCE_BYTES {
        return Err(Error::TooLarge {
            what: "diagram source (bytes)",
            actual: source.len() as u64,
            limit: limits::MAX_SOURCE_BYTES as u64,
        });
    }
    Ok(())
}

/// Decodes the forms links from the Mermaid Live Editor and mermaid.ink use: `pako:` then
/// base64 (either alphabet) of a zlib stream of the editor's JSON state (`{"code": ...}`), or
/// `base64:` then base64 of the source (or of that JSON). `None` when `encoded` has neither
/// prefix (then it is Kroki's encoding).
pub fn decode_mermaid_ink(encoded: &str) -> Option<Result<String>> {
    let encoded = percent_decode(encoded);
    let (compressed, data) = if let Some(d) = encoded.strip_prefix("pako:") {
        (true, d.to_string())
    } else if let Some(d) = encoded.strip_prefix("base64:") {
        (false, d.to_string())
    } else {
        return None;
    };
    if data.len() > limits::MAX_URL_BYTES {
        return Some(Err(Error::TooLarge {
            what: limits::URL_WHAT,
            actual: data.len() as u64,
            limit: limits::MAX_URL_BYTES as u64,
        }));
    }
    let normal: String = data
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    let decoded = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(normal)
        .map_err(|e| Error::Encoding(format!("not base64 after the mermaid.ink prefix: {e}")));
    Some(decoded.and_then(|bytes| {
        let text = if compressed {
            inflate_zlib(&bytes)?
        } else {
            String::from_utf8(bytes).map_err(|e| {
                Error::Encoding(format!(
                    "the diagram source is not valid UTF-8 (byte {})",
                    e.utf8_error().valid_up_to()
                ))
            })?
        };
        // The Live Editor's state is JSON with the source in `code`; plain text is the source.
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(serde_json::Value::Object(state)) => match state.get("code") {
                Some(serde_json::Value::String(code)) => Ok(code.clone()),
                _ => Err(Error::Encoding(
                    "the Mermaid Live Editor state has no \"code\" string".into(),
                )),
            },
            _ if compressed => Err(Error::Encoding(
                "after pako: the Mermaid Live Editor's JSON state was expected".into(),
            )),
            _ => Ok(text),
        }
    }))
}

/// Decodes Kroki's URL encoding (URL-safe base64 of a zlib stream of UTF-8 text).
pub fn decode(encoded: &str) -> Result<String> {
    if encoded.len() > limits::MAX_URL_BYTES {
        return Err(Error::TooLarge {
            what: limits::URL_WHAT,
            actual: encoded.len() as u64,
            limit: limits::MAX_URL_BYTES as u64,
        });
    }
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
fn inflate_zlib(bytes: &[u8]) -> Result<String> {
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
    // miniz stops at the end of the deflate data; the 4-byte Adler-32 must follow it. A
    // stream with the checksum cut off is reported as truncated above, except when the
    // last block ends exactly at the end of the input: check the trailer length here.
    into_source(out)
}

/// Checks decoded bytes are UTF-8 (with the position of the first bad byte). Other bytes
/// are accepted only where Graphviz reads them: in a graph that declares a Latin-1
/// `charset`; they then reach the engine as the bytes they are.
pub fn into_source(bytes: Vec<u8>) -> Result<String> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if crate::render::declares_latin1(e.as_bytes()) => {
            Ok(crate::render::decode_bytes(e.into_bytes()))
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Err(Error::Encoding(format!(
                "the diagram source is not valid UTF-8 (byte {at}); Graphviz reads other bytes only in a graph with charset=latin1"
            )))
        }
    }
}

/// Kroki's encoding of `source`: zlib (level 9) in URL-safe base64 without padding.
pub fn encode(source: &str) -> String {
    let z = miniz_oxide::deflate::compress_to_vec_zlib(source.as_bytes(), 9);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(z)
}

/// Kroki's JSON request body (`POST /`, or JSON to a typed endpoint).
#[derive(Debug, serde::Deserialize)]
pub struct KrokiJson {
    pub diagram_source: Option<String>,
    pub diagram_type: Option<String>,
    pub output_format: Option<String>,
    #[serde(default)]
    pub diagram_options: BTreeMap<String, serde_json::Value>,
}

impl KrokiJson {
    pub fn parse(body: &[u8]) -> Result<KrokiJson> {
        serde_json::from_slice(body).map_err(|e| {
            Error::BadRequest(format!(
                "invalid JSON body at line {} column {}: {e}",
                e.line(),
                e.column()
            ))
        })
    }

    /// `diagram_options` as text pairs (numbers and booleans written as JSON writes them).
    pub fn option_pairs(&self) -> Result<Vec<(String, String)>> {
        self.diagram_options
            .iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => Ok((k.clone(), s.clone())),
                serde_json::Value::Number(n) => Ok((k.clone(), n.to_string())),
                serde_json::Value::Bool(b) => Ok((k.clone(), b.to_string())),
                _ => Err(Error::BadRequest(format!(
                    "diagram_options.{}: expected a string, number or boolean",
                    crate::error_excerpt(k)
                ))),
            })
            .collect()
    }
}

/// Splits a query string into decoded `(name, value)` pairs (`+` is a space, `%XX` bytes).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
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

    #[test]
    fn options_are_normalised_and_checked() {
        let o = Options::from_pairs([
            ("LAYOUT", "Neato"),
            ("graph-attribute-rankdir", "TB"),
            ("Graph-Attribute-rankdir", "LR"),
            ("edge-attribute-color", "red"),
            ("unknown", "ignored"),
        ])
        .unwrap();
        assert_eq!(o.layout.as_deref(), Some("neato"));
        assert_eq!(o.graph_attrs.get("rankdir").map(String::as_str), Some("LR"));
        assert_eq!(o.edge_attrs.get("color").map(String::as_str), Some("red"));
        assert!(o.node_attrs.is_empty());
        assert!(Options::from_pairs([("layout", "circo2")]).is_err());
        assert!(Options::from_pairs([("node-attribute-", "x")]).is_err());
        assert!(Options::from_pairs([("node-attribute-a b", "x")]).is_err());
        assert!(Options::from_pairs([("node-attribute-a;b", "x")]).is_err());
    }

    #[test]
    fn formats_and_types() {
        assert_eq!(DiagramType::parse("DOT").unwrap(), DiagramType::Graphviz);
        assert_eq!(DiagramType::parse("x").unwrap_err().status(), 404);
        assert_eq!(
            Format::parse("PNG", DiagramType::Graphviz).unwrap(),
            Format::Png
        );
        let e = Format::parse("pdf", DiagramType::Graphviz).unwrap_err();
        assert_eq!(e.status(), 400);
        assert!(e.to_string().contains("svg, png, jpeg, json"));
        assert_eq!(
            Format::parse("JPG", DiagramType::Graphviz).unwrap(),
            Format::Jpeg
        );
        assert_eq!(
            Format::parse("gv", DiagramType::Graphviz).unwrap(),
            Format::Dot
        );
        assert_eq!(
            Format::parse("plain-ext", DiagramType::Graphviz).unwrap(),
            Format::PlainExt
        );
        let g = DiagramType::Graphviz;
        assert_eq!(
            Format::from_accept(Some("image/png;q=1, */*"), g).unwrap(),
            Format::Png
        );
        assert_eq!(
            Format::from_accept(Some("text/html, */*;q=0.8"), g).unwrap(),
            Format::Svg
        );
        assert!(Format::from_accept(Some("text/html"), g).is_err());
    }

    #[test]
    fn query_pairs_split() {
        assert_eq!(
            query_pairs("layout=neato&&x&graph-attribute-rankdir=LR"),
            vec![
                ("layout".into(), "neato".into()),
                ("x".into(), "".into()),
                ("graph-attribute-rankdir".into(), "LR".into())
            ]
        );
    }
}
