#![no_main]
//! `edgeviz::service::handle`: the whole HTTP API on structured requests built with
//! `arbitrary` (methods, routes, Kroki URL encodings, JSON bodies, option query strings and
//! headers), plus raw paths, queries and bodies. Sources are capped at 4 KiB.
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[path = "check.rs"]
mod check;

use edgeviz::service::{handle, HttpRequest};

const MAX_SOURCE: usize = 4096;

#[derive(Arbitrary, Debug)]
enum Method {
    Get,
    Head,
    Post,
    Options,
    Put,
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Kind {
    Graphviz,
    Dot,
    GraphvizUpper,
    /// One of the kinds on edgeviz's list (built or not), by index.
    Listed(u8),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum FormatName {
    Svg,
    Png,
    Jpeg,
    Json,
    Json0,
    Dot,
    Gv,
    Xdot,
    Canon,
    Plain,
    PlainExt,
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Encoded {
    /// Kroki's encoding of the source, as edgeviz writes it.
    Source(String),
    /// The same, with padding or characters appended / replaced.
    Mangled(String, String),
    /// Arbitrary text as the encoded segment.
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Route {
    Root,
    Health,
    Kind(Kind),
    KindFormat(Kind, FormatName),
    Get(Kind, FormatName, Encoded),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum OptName {
    Layout,
    Theme,
    Background,
    Scale,
    Dpi,
    GraphAttr(String),
    NodeAttr(String),
    EdgeAttr(String),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum OptValue {
    Engine(u8),
    ThemeName(u8),
    Number(f32),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Header {
    Accept(u8),
    ContentType(bool),
    IfNoneMatch(String),
    Option(OptName, OptValue),
    Raw(String, String),
}

#[derive(Arbitrary, Debug)]
enum Body {
    Empty,
    Dot(String),
    Json {
        source: Option<String>,
        kind: Option<Kind>,
        format: Option<FormatName>,
        options: Vec<(OptName, OptValue)>,
        number_option: Option<(OptName, f64)>,
    },
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
struct Request {
    method: Method,
    route: Route,
    query: Vec<(OptName, OptValue)>,
    raw_query: Option<String>,
    headers: Vec<Header>,
    body: Body,
}

fn kind(k: &Kind) -> String {
    match k {
        Kind::Graphviz => "graphviz".into(),
        Kind::Dot => "dot".into(),
        Kind::GraphvizUpper => "GraphViz".into(),
        Kind::Listed(i) => {
            let list = edgeviz::kinds::LIST;
            list[*i as usize % list.len()].name.into()
        }
        Kind::Raw(s) => s.clone(),
    }
}

fn format(f: &FormatName) -> String {
    match f {
        FormatName::Svg => "svg",
        FormatName::Png => "png",
        FormatName::Jpeg => "jpeg",
        FormatName::Json => "json",
        FormatName::Json0 => "json0",
        FormatName::Dot => "dot",
        FormatName::Gv => "gv",
        FormatName::Xdot => "xdot",
        FormatName::Canon => "canon",
        FormatName::Plain => "plain",
        FormatName::PlainExt => "plain-ext",
        FormatName::Raw(s) => return s.clone(),
    }
    .into()
}

fn opt_name(o: &OptName) -> String {
    match o {
        OptName::Layout => "layout".into(),
        OptName::Theme => "theme".into(),
        OptName::Background => "background".into(),
        OptName::Scale => "scale".into(),
        OptName::Dpi => "dpi".into(),
        OptName::GraphAttr(s) => format!("graph-attribute-{s}"),
        OptName::NodeAttr(s) => format!("node-attribute-{s}"),
        OptName::EdgeAttr(s) => format!("edge-attribute-{s}"),
        OptName::Raw(s) => s.clone(),
    }
}

fn opt_value(v: &OptValue) -> String {
    const THEMES: &[&str] = &["light", "dark", "auto", "default", "DARK"];
    match v {
        // Graphviz's engines and one it does not have (`nop`, a 400).
        OptValue::Engine(i) => {
            let engines = edgeviz::graph::ENGINES.len() + 1;
            match *i as usize % engines {
                n if n < engines - 1 => edgeviz::graph::ENGINES[n].into(),
                _ => "nop".into(),
            }
        }
        OptValue::ThemeName(i) => THEMES[*i as usize % THEMES.len()].into(),
        OptValue::Number(n) => n.to_string(),
        OptValue::Raw(s) => s.clone(),
    }
}

fn cap(s: &str) -> &str {
    let mut end = s.len().min(MAX_SOURCE);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn query_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fuzz_target!(|req: Request| {
    let method = match &req.method {
        Method::Get => "GET".to_string(),
        Method::Head => "HEAD".into(),
        Method::Post => "POST".into(),
        Method::Options => "OPTIONS".into(),
        Method::Put => "PUT".into(),
        Method::Raw(s) => s.clone(),
    };
    let path = match &req.route {
        Route::Root => "/".to_string(),
        Route::Health => "/health".into(),
        Route::Kind(k) => format!("/{}", kind(k)),
        Route::KindFormat(k, f) => format!("/{}/{}", kind(k), format(f)),
        Route::Get(k, f, e) => {
            let encoded = match e {
                Encoded::Source(s) => edgeviz::encoding::encode(cap(s)),
                Encoded::Mangled(s, tail) => {
                    let mut enc = edgeviz::encoding::encode(cap(s));
                    let cut = tail.len() % (enc.len() + 1);
                    enc.truncate(cut.max(enc.len().saturating_sub(4)));
                    enc.push_str(tail);
                    enc
                }
                Encoded::Raw(s) => s.clone(),
            };
            format!("/{}/{}/{}", kind(k), format(f), encoded)
        }
        Route::Raw(s) => s.clone(),
    };
    let mut query: Vec<String> = req
        .query
        .iter()
        .map(|(n, v)| {
            format!(
                "{}={}",
                query_escape(&opt_name(n)),
                query_escape(&opt_value(v))
            )
        })
        .collect();
    if let Some(q) = &req.raw_query {
        query.push(q.clone());
    }
    let query = query.join("&");
    let headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|h| match h {
            Header::Accept(i) => {
                const ACCEPT: &[&str] = &[
                    "image/svg+xml",
                    "image/png",
                    "application/json",
                    "text/vnd.graphviz",
                    "*/*",
                    "text/html, application/json;q=0.9",
                    "image/*",
                    "image/jpeg",
                    "image/svg+xml, application/json",
                    "",
                ];
                ("Accept".into(), ACCEPT[*i as usize % ACCEPT.len()].into())
            }
            Header::ContentType(json) => (
                "Content-Type".into(),
                if *json {
                    "application/json"
                } else {
                    "text/plain"
                }
                .into(),
            ),
            Header::IfNoneMatch(s) => ("If-None-Match".into(), s.clone()),
            Header::Option(n, v) => (
                format!("Kroki-Diagram-Options-{}", opt_name(n)),
                opt_value(v),
            ),
            Header::Raw(k, v) => (k.clone(), v.clone()),
        })
        .collect();
    let body: Vec<u8> = match &req.body {
        Body::Empty => Vec::new(),
        Body::Dot(s) => cap(s).as_bytes().to_vec(),
        Body::Json {
            source,
            kind: k,
            format: f,
            options,
            number_option,
        } => {
            let mut map = serde_json_like(
                source.as_deref().map(cap),
                k.as_ref().map(kind),
                f.as_ref().map(format),
            );
            let mut opts: Vec<String> = options
                .iter()
                .map(|(n, v)| {
                    format!(
                        "{}:{}",
                        json_string(&opt_name(n)),
                        json_string(&opt_value(v))
                    )
                })
                .collect();
            if let Some((n, x)) = number_option {
                if x.is_finite() {
                    opts.push(format!("{}:{}", json_string(&opt_name(n)), x));
                }
            }
            map.push(format!("\"diagram_options\":{{{}}}", opts.join(",")));
            format!("{{{}}}", map.join(",")).into_bytes()
        }
        Body::Raw(b) => b[..b.len().min(MAX_SOURCE)].to_vec(),
    };
    let request = HttpRequest {
        method: &method,
        path: &path,
        query: &query,
        headers: &headers,
        body: &body,
    };
    let resp = handle(&request);

    assert!((100..600).contains(&resp.status), "status {}", resp.status);
    if method.eq_ignore_ascii_case("HEAD") {
        assert!(resp.body.is_empty(), "HEAD response with a body");
    }
    let content_type = resp.header("content-type").unwrap_or("").to_string();
    // Images, including the error images sent to clients that accept only images.
    if !resp.body.is_empty() {
        if content_type.starts_with("image/svg+xml") {
            let svg = std::str::from_utf8(&resp.body).expect("SVG is not UTF-8");
            check::assert_inert(svg, "service svg");
            let xml = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            match roxmltree::Document::parse_with_options(svg, xml) {
                Ok(doc) => check::assert_inert_tree(&doc, "service svg"),
                Err(e) => panic!("service: SVG is not well-formed XML: {e}\n{svg}"),
            }
        } else if content_type.starts_with("image/png") {
            assert!(resp.body.starts_with(b"\x89PNG\r\n\x1a\n"), "PNG signature");
        } else if content_type.starts_with("image/jpeg") {
            assert!(
                resp.body.starts_with(&[0xFF, 0xD8, 0xFF]) && resp.body.ends_with(&[0xFF, 0xD9]),
                "a whole JFIF stream"
            );
        }
    }
    if resp.status >= 400 {
        assert_eq!(
            resp.header("cache-control"),
            Some("no-store"),
            "errors are not cached"
        );
    }
    if resp.status != 204 && resp.status != 304 && !content_type.starts_with("text/html") {
        assert!(
            resp.header("content-security-policy").is_some(),
            "no CSP on a {} response",
            resp.status
        );
    }
});

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn serde_json_like(
    source: Option<&str>,
    kind: Option<String>,
    format: Option<String>,
) -> Vec<String> {
    let mut fields = Vec::new();
    if let Some(s) = source {
        fields.push(format!("\"diagram_source\":{}", json_string(s)));
    }
    if let Some(k) = kind {
        fields.push(format!("\"diagram_type\":{}", json_string(&k)));
    }
    if let Some(f) = format {
        fields.push(format!("\"output_format\":{}", json_string(&f)));
    }
    fields
}
