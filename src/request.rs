//! Stage 1, `request`: from what a client sent (URL, body, JSON, headers) to a [`Diagram`]:
//! the decoded source, its kind, the output format and the options, checked by the kind.
//! Kroki's rules throughout, so Kroki clients work unchanged. [`diagram`] is the one place a
//! [`Diagram`] is built, for every host.

use std::collections::BTreeMap;

use crate::diagram::{Diagram, Format, Kind, Options, SHARED_THEMES};
use crate::encoding;
use crate::error::{Error, Result};
use crate::limits;

/// The diagram `source` of `kind` in `format`, with its options from `(name, value)` pairs
/// given lowest priority first (query, then `Kroki-Diagram-Options-*` headers, then JSON
/// `diagram_options`): a later pair wins. The source's length and every option are checked
/// here, before anything is drawn or a cache key made.
pub fn diagram<'a>(
    kind: &'static dyn Kind,
    format: Format,
    source: String,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Diagram> {
    check_source_len(&source)?;
    Ok(Diagram {
        kind,
        format,
        options: options(kind, pairs)?,
        source,
    })
}

/// Longest option value accepted (bytes).
const MAX_OPTION_VALUE: usize = 1024;

fn bad_value(name: &str, value: &str, expected: &str) -> Error {
    Error::BadRequest(format!(
        "option {name}='{}': expected {expected}",
        crate::error::excerpt(value)
    ))
}

/// Options for `kind` from `(name, value)` pairs, lowest priority first. Names are
/// case-insensitive. `theme`, `scale` and `background` are every picture kind's; the rest
/// are the kind's own ([`Kind::option`]) or ignored.
pub fn options<'a>(
    kind: &'static dyn Kind,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Options> {
    let mut options = Options::default();
    for (name, value) in pairs {
        let name = name.to_ascii_lowercase();
        if value.len() > MAX_OPTION_VALUE {
            return Err(Error::BadRequest(format!(
                "option '{}' is longer than {MAX_OPTION_VALUE} bytes",
                crate::error::excerpt(&name)
            )));
        }
        match name.as_str() {
            "theme" => options.theme = theme(kind, value)?,
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
                        "a colour (name, #rrggbb[aa]) or transparent",
                    ));
                }
                options.background = Some(value.to_string());
            }
            _ => {
                if let Some(normal) = kind.option(&name, value)? {
                    options.values.insert(name, normal);
                }
            }
        }
    }
    Ok(options)
}

/// The theme `value` names among `kind`'s (`default` is `light` for every kind).
fn theme(kind: &dyn Kind, value: &str) -> Result<&'static str> {
    let lower = value.to_ascii_lowercase();
    let lower = if lower == "default" {
        SHARED_THEMES[0]
    } else {
        &lower
    };
    kind.themes()
        .iter()
        .copied()
        .find(|t| *t == lower)
        .ok_or_else(|| {
            let (last, first) = kind.themes().split_last().unwrap_or((&"light", &[]));
            let first = first.iter().map(|t| match *t {
                "light" => "light (or default)".to_string(),
                t => t.to_string(),
            });
            // Where another kind takes it (`forest` is Mermaid's), say so.
            let elsewhere: Vec<&str> = crate::kinds::built()
                .filter(|k| k.themes().contains(&lower))
                .map(|k| k.name())
                .collect();
            let elsewhere = match elsewhere.as_slice() {
                [] => String::new(),
                names => format!("; {lower} is a theme of {}", names.join(", ")),
            };
            bad_value(
                "theme",
                value,
                &format!(
                    "{} or {last} ({} takes these){elsewhere}",
                    first.collect::<Vec<_>>().join(", "),
                    kind.name()
                ),
            )
        })
}

/// The format a client asks for with `Accept` (for `POST /{kind}`): the first supported
/// media type listed; SVG when the header is absent or accepts anything.
pub fn format_from_accept(accept: Option<&str>, kind: &dyn Kind) -> Result<Format> {
    let Some(accept) = accept else {
        return Ok(Format::Svg);
    };
    for item in accept.split(',') {
        let media = item.split(';').next().unwrap_or("").trim();
        match media.to_ascii_lowercase().as_str() {
            "image/svg+xml" | "image/*" | "*/*" => return Ok(Format::Svg),
            "image/png" => return Format::parse("png", kind),
            "image/jpeg" => return Format::parse("jpeg", kind),
            "application/pdf" => return Format::parse("pdf", kind),
            "application/json" => return Format::parse("json", kind),
            "text/vnd.graphviz" => return Format::parse("dot", kind),
            _ => {}
        }
    }
    Err(Format::unsupported(
        format!("Accept: {}", crate::error::excerpt(accept)),
        kind,
    ))
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

/// The source of `kind` in `bytes`: UTF-8, or what the kind reads in other bytes
/// ([`Kind::source_from_bytes`]).
pub fn source(kind: &dyn Kind, bytes: Vec<u8>) -> Result<String> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => kind.source_from_bytes(e.as_bytes()),
    }
}

/// The source of `kind` in the encoded part of a URL: one of the kind's own encodings
/// ([`Kind::url_prefixes`]), else Kroki's.
pub fn decode(kind: &dyn Kind, encoded: &str) -> Result<String> {
    let own = kind
        .url_prefixes()
        .iter()
        .any(|p| encoded.starts_with(p) || encoding::percent_decode(encoded).starts_with(p));
    if own {
        return kind.decode(encoded);
    }
    source(kind, encoding::decode_bytes(encoded)?)
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
                    crate::error::excerpt(k)
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
            (encoding::percent_decode(k), encoding::percent_decode(v))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds;

    #[test]
    fn options_are_normalised_and_checked() {
        let graphviz = kinds::find("graphviz").unwrap();
        let o = options(
            graphviz,
            [
                ("LAYOUT", "Neato"),
                ("graph-attribute-rankdir", "TB"),
                ("Graph-Attribute-rankdir", "LR"),
                ("edge-attribute-color", "red"),
                ("unknown", "ignored"),
            ],
        )
        .unwrap();
        assert_eq!(o.value("layout"), Some("neato"));
        assert_eq!(o.value("graph-attribute-rankdir"), Some("LR"));
        assert_eq!(o.value("edge-attribute-color"), Some("red"));
        assert_eq!(o.values.len(), 3, "{o:?}");
        for bad in [
            ("layout", "circo2"),
            ("node-attribute-", "x"),
            ("node-attribute-a b", "x"),
            ("node-attribute-a;b", "x"),
            ("theme", "forest"),
            ("scale", "9"),
        ] {
            assert!(options(graphviz, [bad]).is_err(), "{bad:?}");
        }
        let e = options(graphviz, [("theme", "neutral")]).unwrap_err();
        assert!(
            e.to_string()
                .contains("expected light (or default), dark or auto (graphviz takes these)"),
            "{e}"
        );
        assert_eq!(
            options(graphviz, [("theme", "Default")]).unwrap().theme,
            "light"
        );
    }

    #[test]
    fn formats() {
        let g = kinds::find("graphviz").unwrap();
        assert_eq!(Format::parse("PNG", g).unwrap(), Format::Png);
        assert_eq!(Format::parse("Pdf", g).unwrap(), Format::Pdf);
        let e = Format::parse("webp", g).unwrap_err();
        assert_eq!(e.status(), 400);
        assert!(e.to_string().contains("svg, png, jpeg, pdf, json"));
        assert_eq!(Format::parse("JPG", g).unwrap(), Format::Jpeg);
        assert_eq!(Format::parse("gv", g).unwrap(), Format::Dot);
        assert_eq!(Format::parse("plain-ext", g).unwrap(), Format::PlainExt);
        assert_eq!(
            format_from_accept(Some("image/png;q=1, */*"), g).unwrap(),
            Format::Png
        );
        assert_eq!(
            format_from_accept(Some("text/html, */*;q=0.8"), g).unwrap(),
            Format::Svg
        );
        assert_eq!(
            format_from_accept(Some("application/pdf"), g).unwrap(),
            Format::Pdf
        );
        assert!(format_from_accept(Some("text/html"), g).is_err());
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
