//! The HTTP API, independent of any runtime: routing, Kroki's request forms, response
//! headers, error bodies. The Worker (`src/worker.rs`) adds only its caches around [`plan`]
//! and [`render`] (entries of [`crate::store`]); natively, [`handle`] runs the same steps
//! without a cache, which is what the native tests exercise.
//!
//! A bitmap is drawn from an SVG: the SVG of the same diagram and options in the theme the
//! bitmap is drawn in ([`bitmap_source`]: `theme=auto` draws light). A host that has that
//! SVG's entry (with its raster scale) finishes the bitmap from it without laying the diagram
//! out again; a bitmap laid out here hands that SVG back to be stored too.
//!
//! Routes (Kroki-compatible):
//! - `GET /{type}/{format}/{encoded}` — `encoded` is Kroki's URL encoding, or one of the
//!   kind's own ([`request::decode`]);
//! - `POST /{type}/{format}` — the source as the body (or Kroki JSON when the body is JSON);
//! - `POST /{type}` — the format chosen by `Accept`;
//! - `POST /` — Kroki JSON `{diagram_source, diagram_type, output_format, diagram_options}`;
//! - `GET /` — a page saying what this is; `GET /health` (also Kroki's `/healthz` and `/v1/health`) —
//!   `application/health+json`.
//!
//! `{type}` is a kind's name or alias ([`crate::kinds`]). Options come from the query
//! string, `Kroki-Diagram-Options-*` headers and JSON `diagram_options` (JSON > header >
//! query).

use crate::cache;
use crate::diagram::{Content, Diagram, Drawing, Format, Kind, Theme};
use crate::encoding;
use crate::engine::{Engine, InPlace};
use crate::error::{Error, Result};
use crate::kinds;
use crate::limits;
use crate::request::{self, KrokiJson};
use crate::store::{Entry, Timing};

/// A request as the runtime received it. Header names are compared case-insensitively.
pub struct HttpRequest<'a> {
    pub method: &'a str,
    /// The path, still percent-encoded, without the query.
    pub path: &'a str,
    /// The query string without `?`.
    pub query: &'a str,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

impl HttpRequest<'_> {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// How this client wants errors: JSON when `Accept` names it; an image when it asks for
    /// one (an `<img>` sends `Accept: image/...`, or `?error=image`), so a broken diagram in a
    /// README shows why; else plain text.
    pub fn error_style(&self) -> ErrorStyle {
        let accept = self.header("accept").unwrap_or("").to_ascii_lowercase();
        if accept.contains("application/json") {
            return ErrorStyle::Json;
        }
        let asked = request::query_pairs(self.query)
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("error") && v.eq_ignore_ascii_case("image"));
        if !asked && !accept.contains("image/") {
            return ErrorStyle::Text;
        }
        let bitmap_path = self
            .path
            .split('/')
            .nth(2)
            .and_then(Format::named)
            .is_some_and(Format::is_bitmap);
        let png_accept = !accept.contains("image/svg") && accept.contains("image/png");
        ErrorStyle::Image(if bitmap_path || png_accept {
            Format::Png
        } else {
            Format::Svg
        })
    }
}

/// A response to send.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn new(status: u16, content_type: &str, body: Vec<u8>) -> HttpResponse {
        let mut headers = vec![
            ("Content-Type".to_string(), content_type.to_string()),
            ("X-Content-Type-Options".into(), "nosniff".into()),
            ("Access-Control-Allow-Origin".into(), "*".into()),
            (
                "Access-Control-Expose-Headers".into(),
                EXPOSED_HEADERS.into(),
            ),
        ];
        if content_type != PAGE_TYPE {
            headers.push(("Content-Security-Policy".into(), IMAGE_CSP.into()));
        }
        HttpResponse {
            status,
            headers,
            body,
        }
    }

    fn with(mut self, name: &str, value: impl Into<String>) -> HttpResponse {
        self.headers.push((name.to_string(), value.into()));
        self
    }
}

/// Sent with every image and error: an SVG opened directly can run nothing and load nothing.
pub const IMAGE_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'";
/// Sent with the HTML page (the live editor): its one inline script, allowed by hash (checked
/// by `page()` in debug builds), may POST to this origin; images come from this origin or are
/// the blob URLs of its renders.
pub const PAGE_CSP: &str = "default-src 'none'; \
     script-src 'sha256-FuB/+5EoLYVL+6hIGwd0zEcGvgQbxaacPQ3N0+GtEFM='; connect-src 'self'; \
     img-src 'self' data: blob:; style-src 'unsafe-inline'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";
const PAGE_TYPE: &str = "text/html; charset=utf-8";
const EXPOSED_HEADERS: &str = "ETag, X-Edgeviz-Cache, X-Edgeviz-Diagnostics, \
     X-Edgeviz-Diagnostic, Cache-Status, Server-Timing";
/// Methods of the render routes, for `Allow`.
const ALLOW_GET: &str = "GET, HEAD, OPTIONS";
const ALLOW_POST: &str = "POST, OPTIONS";
const ALLOW_ROOT: &str = "GET, HEAD, POST, OPTIONS";

/// The form of error bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorStyle {
    Text,
    Json,
    /// A small SVG or PNG picture of the message (still with the error status).
    Image(Format),
}

/// A render to do, with everything needed to answer it and to cache it.
#[derive(Debug, Clone)]
pub struct Job {
    pub diagram: Diagram,
    /// [`cache::key`] of the diagram.
    pub key: String,
    /// How to write an error body.
    pub errors: ErrorStyle,
}

impl Job {
    pub fn etag(&self) -> String {
        cache::etag(&self.key)
    }
}

/// What a request asks for.
#[derive(Debug)]
pub enum Plan {
    /// An answer that needs no rendering (page, health, CORS preflight).
    Ready(HttpResponse),
    /// A diagram to render (or to find in a cache).
    Render(Job),
}

/// Routes and decodes a request. Cheap: decoding and hashing only, no layout.
pub fn plan(req: &HttpRequest) -> Result<Plan> {
    let method = req.method.to_ascii_uppercase();
    if method == "OPTIONS" {
        return Ok(Plan::Ready(preflight()));
    }
    let mut segments: Vec<&str> = req.path.split('/').filter(|s| !s.is_empty()).collect();
    // A kind's own URL encodings (mermaid.ink's `base64:`) may hold `/` from the standard
    // alphabet: everything after the format is the encoded diagram.
    let own_encoding = |kind: &str, encoded: &str| {
        kinds::find(kind).is_ok_and(|k| {
            let encoded = encoding::percent_decode(encoded);
            k.url_prefixes().iter().any(|p| encoded.starts_with(p))
        })
    };
    if segments.len() > 3 && own_encoding(segments[0], segments[2]) {
        let start = req.path.find(segments[2]).unwrap_or(0);
        segments.truncate(2);
        segments.push(&req.path[start..]);
    }
    let is_get = method == "GET" || method == "HEAD";
    let is_post = method == "POST";
    let not_allowed = |allow| Err(Error::MethodNotAllowed { allow });
    match segments.as_slice() {
        [] if is_get => Ok(Plan::Ready(page())),
        [] if is_post => {
            let json = KrokiJson::parse(body(req)?)?;
            let kind =
                kinds::find(json.diagram_type.as_deref().ok_or_else(|| {
                    Error::BadRequest("JSON body: diagram_type is required".into())
                })?)?;
            let format = Format::parse(json.output_format.as_deref().unwrap_or("svg"), kind)?;
            job_from_json(req, kind, format, json)
        }
        [] => not_allowed(ALLOW_ROOT),
        // Kroki answers health checks on all three paths.
        ["health"] | ["healthz"] | ["v1", "health"] if is_get => Ok(Plan::Ready(health())),
        ["health"] | ["healthz"] | ["v1", "health"] => not_allowed("GET, HEAD"),
        [kind] => {
            let kind = kinds::find(kind)?;
            if !is_post {
                return not_allowed(ALLOW_POST);
            }
            let format = request::format_from_accept(req.header("accept"), kind)?;
            job_from_body(req, kind, format)
        }
        [kind, format] => {
            let kind = kinds::find(kind)?;
            let format = Format::parse(&encoding::percent_decode(format), kind)?;
            if !is_post {
                return not_allowed(ALLOW_POST);
            }
            job_from_body(req, kind, format)
        }
        [kind, format, encoded] => {
            let kind = kinds::find(kind)?;
            let format = Format::parse(&encoding::percent_decode(format), kind)?;
            if !is_get {
                return not_allowed(ALLOW_GET);
            }
            let source = request::decode(kind, encoded)?;
            job(req, kind, format, source, &[])
        }
        [kind, ..] => {
            kinds::find(kind)?;
            Err(Error::NotFound(format!(
                "no route for '{}'",
                crate::error::excerpt(req.path)
            )))
        }
    }
}

fn body<'a>(req: &HttpRequest<'a>) -> Result<&'a [u8]> {
    if req.body.len() > limits::MAX_BODY_BYTES {
        return Err(Error::TooLarge {
            what: "request body (bytes)",
            actual: req.body.len() as u64,
            limit: limits::MAX_BODY_BYTES as u64,
        });
    }
    Ok(req.body)
}

fn is_json(req: &HttpRequest) -> bool {
    req.header("content-type").is_some_and(|t| {
        t.trim()
            .to_ascii_lowercase()
            .starts_with("application/json")
    })
}

fn job_from_body(req: &HttpRequest, kind: &'static dyn Kind, format: Format) -> Result<Plan> {
    if is_json(req) {
        let json = KrokiJson::parse(body(req)?)?;
        return job_from_json(req, kind, format, json);
    }
    let source = request::source(kind, body(req)?.to_vec())?;
    job(req, kind, format, source, &[])
}

fn job_from_json(
    req: &HttpRequest,
    kind: &'static dyn Kind,
    format: Format,
    json: KrokiJson,
) -> Result<Plan> {
    let pairs = json.option_pairs()?;
    let source = json
        .diagram_source
        .ok_or_else(|| Error::BadRequest("JSON body: diagram_source is required".into()))?;
    job(req, kind, format, source, &pairs)
}

/// Builds the job, merging options: query < `Kroki-Diagram-Options-*` headers < JSON.
fn job(
    req: &HttpRequest,
    kind: &'static dyn Kind,
    format: Format,
    source: String,
    json_options: &[(String, String)],
) -> Result<Plan> {
    let query = request::query_pairs(req.query);
    let headers = req.headers.iter().filter_map(|(k, v)| {
        let lower = k.to_ascii_lowercase();
        lower
            .strip_prefix("kroki-diagram-options-")
            .map(|name| (name.to_string(), v.clone()))
    });
    let headers: Vec<(String, String)> = headers.collect();
    let pairs = query
        .iter()
        .chain(headers.iter())
        .chain(json_options.iter())
        .map(|(k, v)| (k.as_str(), v.as_str()));
    let diagram = request::diagram(kind, format, source, pairs)?;
    let key = cache::key(&diagram);
    Ok(Plan::Render(Job {
        diagram,
        key,
        errors: req.error_style(),
    }))
}

/// Renders a job into its response: the image with its caching headers and `Server-Timing`,
/// or the error.
pub fn execute(job: &Job) -> HttpResponse {
    let start = now();
    let rendered = render(job, None, &InPlace, &now);
    let total = now() - start;
    rendered
        .response
        .with("Server-Timing", rendered.timing.header(total))
}

/// Milliseconds on a monotonic clock for [`execute`]'s `Server-Timing`; 0 in a wasm host
/// without one (the wasm API for Node; the Worker passes its own clock to [`render`]).
fn now() -> f64 {
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        START
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_secs_f64()
            * 1000.0
    }
    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    {
        0.0
    }
}

/// A render's answer and what a host's caches keep of it.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The image (without `Server-Timing`: the host adds it with its total), or the error.
    pub response: HttpResponse,
    /// What to store: the image's entry; `None` for an error, which is never stored.
    pub entry: Option<Entry>,
    /// A bitmap laid out here: the key and entry of the SVG it was drawn from
    /// ([`bitmap_source`]), to store as well.
    pub source: Option<(String, Entry)>,
    /// What was done: `layout` when the diagram was laid out, `raster` when a bitmap drawn.
    pub timing: Timing,
}

/// For a bitmap job, the job of the SVG it is drawn from: the same diagram and options as
/// SVG, in the theme the bitmap is drawn in (`auto` draws light, [`Theme::for_bitmap`]).
/// A bitmap drawn from that SVG's entry is the bitmap drawn afresh, byte for byte
/// (`tests/store.rs`).
pub fn bitmap_source(job: &Job) -> Option<Job> {
    let diagram = &job.diagram;
    if !drawn_from_svg(diagram.format) || !diagram.kind.formats().contains(&Format::Svg) {
        return None;
    }
    let mut options = diagram.options.clone();
    if Theme::named(options.theme) == Some(Theme::Auto) {
        options.theme = crate::diagram::SHARED_THEMES[0];
    }
    let diagram = Diagram {
        format: Format::Svg,
        options,
        ..diagram.clone()
    };
    let key = cache::key(&diagram);
    Some(Job {
        diagram,
        key,
        errors: job.errors,
    })
}

/// Whether `format` is drawn from the SVG themed as a bitmap is ([`crate::pipeline::finish`]:
/// PNG, JPEG and PDF; a format added there that is drawn from that SVG belongs here too), so
/// from its [`bitmap_source`]'s entry; its drawing is `raster` in `Server-Timing`.
fn drawn_from_svg(format: Format) -> bool {
    format.is_bitmap() || format == Format::Pdf
}

/// Renders `job` with `engine`: laid out by its kind and finished, or — for a bitmap given the
/// entry of its [`bitmap_source`] — finished from that SVG alone. `now` is the host's clock in
/// milliseconds, for [`Rendered::timing`].
pub fn render(
    job: &Job,
    source: Option<&Entry>,
    engine: &dyn Engine,
    now: &dyn Fn() -> f64,
) -> Rendered {
    let diagram = &job.diagram;
    let mut timing = Timing::default();
    let stored_svg = source.and_then(|e| Some((String::from_utf8(e.body.clone()).ok()?, e)));
    let mut stored_source = None;
    // The diagnostics the laid-out drawing already had, when it comes from an entry.
    let mut earlier: (usize, Option<String>) = (0, None);
    let start = now();
    let drawing = match stored_svg {
        Some((svg, entry)) if drawn_from_svg(diagram.format) => {
            earlier = (entry.diagnostics, entry.diagnostic.clone());
            Ok(Drawing {
                content: Content::Svg(svg),
                theme: Theme::Light,
                raster_scale: entry.raster_scale.unwrap_or(1.0),
                diagnostics: Vec::new(),
            })
        }
        _ => {
            let laid_out = engine.lay_out(diagram);
            timing.layout = Some(now() - start);
            match (laid_out, bitmap_source(job)) {
                (
                    Ok(Drawing {
                        content: Content::Svg(clean),
                        theme,
                        raster_scale,
                        diagnostics,
                    }),
                    Some(src),
                ) => {
                    // The SVG a bitmap is drawn from, themed as the bitmap is drawn: served as
                    // the source job's SVG, and finished here in the bitmap's format.
                    let svg = crate::theme::apply(clean, theme.for_bitmap());
                    let entry = entry(
                        &src,
                        svg.clone().into_bytes(),
                        &diagnostics,
                        Some(raster_scale),
                    );
                    stored_source = Some((src.key, entry));
                    Ok(Drawing {
                        content: Content::Svg(svg),
                        theme: Theme::Light,
                        raster_scale,
                        diagnostics,
                    })
                }
                (laid_out, _) => laid_out,
            }
        }
    };
    let finishing = now();
    let finished = drawing.and_then(|d| {
        let raster_scale = matches!(d.content, Content::Svg(_)).then_some(d.raster_scale);
        engine.finish(diagram, d).map(|out| (out, raster_scale))
    });
    if drawn_from_svg(diagram.format) {
        timing.raster = Some(now() - finishing);
    }
    match finished {
        Ok((out, raster_scale)) => {
            let mut diagnostics = out.diagnostics;
            if earlier.0 > 0 {
                // Only the count and the first are served: the stored SVG's first stays first.
                let first = earlier.1.unwrap_or_default();
                diagnostics.splice(
                    0..0,
                    std::iter::once(first).chain(std::iter::repeat_n(String::new(), earlier.0 - 1)),
                );
            }
            let raster_scale = raster_scale.filter(|_| diagram.format == Format::Svg);
            let entry = entry(job, out.bytes, &diagnostics, raster_scale);
            Rendered {
                response: from_entry(&entry),
                entry: Some(entry),
                source: stored_source,
                timing,
            }
        }
        Err(e) => Rendered {
            response: error_response(&e, job.errors),
            entry: None,
            source: None,
            timing,
        },
    }
}

/// The entry of a successful render of `job`.
fn entry(job: &Job, body: Vec<u8>, diagnostics: &[String], raster_scale: Option<f64>) -> Entry {
    Entry {
        content_type: job.diagram.format.content_type().to_string(),
        etag: job.etag(),
        body,
        diagnostics: diagnostics.len(),
        diagnostic: diagnostics.first().map(|d| header_text(d)),
        raster_scale,
    }
}

/// The response that serves a stored entry: the same as when it was rendered.
pub fn from_entry(entry: &Entry) -> HttpResponse {
    let mut resp = HttpResponse::new(200, &entry.content_type, entry.body.clone())
        .with("Cache-Control", cache::IMMUTABLE)
        .with("ETag", entry.etag.clone());
    if entry.diagnostics > 0 {
        resp = resp.with("X-Edgeviz-Diagnostics", entry.diagnostics.to_string());
        if let Some(d) = &entry.diagnostic {
            resp = resp.with("X-Edgeviz-Diagnostic", d.clone());
        }
    }
    resp
}

/// `304 Not Modified` for a job whose ETag the client already has.
pub fn not_modified(job: &Job) -> HttpResponse {
    let mut resp = HttpResponse::new(304, job.diagram.format.content_type(), Vec::new())
        .with("Cache-Control", cache::IMMUTABLE)
        .with("ETag", job.etag());
    resp.headers.retain(|(k, _)| k != "Content-Type");
    resp
}

/// Whether the request's `If-None-Match` matches the job's ETag.
pub fn is_not_modified(req: &HttpRequest, job: &Job) -> bool {
    req.header("if-none-match")
        .is_some_and(|h| cache::if_none_match(h, &job.etag()))
}

/// The response for an error: JSON `{"error":{...}}`, plain text or a picture, as the client
/// asked (see [`HttpRequest::error_style`]). Never cached.
pub fn error_response(err: &Error, style: ErrorStyle) -> HttpResponse {
    let status = err.status();
    let resp = match style {
        ErrorStyle::Json => {
            let mut detail = serde_json::json!({
                "code": status,
                "type": err.code(),
                "message": err.to_string(),
            });
            if let Some(p) = err.position() {
                detail["line"] = p.line.into();
                detail["column"] = p.column.into();
            }
            if !err.diagnostics().is_empty() {
                detail["diagnostics"] = err.diagnostics().into();
            }
            let body = serde_json::json!({ "error": detail }).to_string();
            HttpResponse::new(status, "application/json", body.into_bytes())
        }
        ErrorStyle::Image(format) => {
            let svg = crate::svg::error_image(err);
            match format {
                Format::Png => match crate::raster::rasterize(&svg, 1.0, Format::Png) {
                    Ok(png) => HttpResponse::new(status, "image/png", png.bytes),
                    Err(_) => HttpResponse::new(status, "image/svg+xml", svg.into_bytes()),
                },
                _ => HttpResponse::new(status, "image/svg+xml", svg.into_bytes()),
            }
        }
        ErrorStyle::Text => HttpResponse::new(
            status,
            "text/plain; charset=utf-8",
            format!("{err}\n").into_bytes(),
        ),
    };
    let resp = resp.with("Cache-Control", cache::NO_STORE);
    match err {
        Error::MethodNotAllowed { allow } => resp.with("Allow", *allow),
        _ => resp,
    }
}

/// Runs a request to completion without a cache (native service, tests).
pub fn handle(req: &HttpRequest) -> HttpResponse {
    let resp = match plan(req) {
        Ok(Plan::Ready(resp)) => resp,
        Ok(Plan::Render(job)) if is_not_modified(req, &job) => not_modified(&job),
        Ok(Plan::Render(job)) => execute(&job),
        Err(e) => error_response(&e, req.error_style()),
    };
    finish(req, resp)
}

/// Last touches that depend on the request: no body for HEAD.
pub fn finish(req: &HttpRequest, mut resp: HttpResponse) -> HttpResponse {
    if req.method.eq_ignore_ascii_case("HEAD") {
        resp.body.clear();
    }
    resp
}

/// A header-safe one-line version of a diagnostic (printable ASCII, at most 300 bytes).
fn header_text(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .take(300)
        .collect()
}

fn preflight() -> HttpResponse {
    let mut resp = HttpResponse::new(204, "text/plain", Vec::new())
        .with("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS")
        .with("Access-Control-Allow-Headers", "*")
        .with("Access-Control-Max-Age", "86400");
    resp.headers.retain(|(k, _)| k != "Content-Type");
    resp
}

/// The size of this instance's wasm linear memory in bytes (`None` natively). Linear memory
/// grows and never shrinks, so in a Worker isolate this is the high-water mark of every
/// render the isolate has served (see `limits`, "Memory"). `/health` reports it.
pub fn wasm_linear_bytes() -> Option<u64> {
    #[cfg(target_arch = "wasm32")]
    {
        Some(core::arch::wasm32::memory_size(0) as u64 * 65_536)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

fn health() -> HttpResponse {
    let version = env!("CARGO_PKG_VERSION");
    let mut parts = version.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    // Kroki's form: one check per diagram type with its engine's version.
    let checks: serde_json::Map<String, serde_json::Value> = kinds::built()
        .map(|k| {
            let check = serde_json::json!([{ "status": "pass", "version": k.engine() }]);
            (k.name().to_string(), check)
        })
        .collect();
    let body = serde_json::json!({
        "status": "pass",
        "version": {
            "number": version,
            "major": parts.next(),
            "minor": parts.next(),
            "patch": parts.next(),
            "build": env!("EDGEVIZ_BUILD_ID"),
        },
        "description": "edgeviz: diagrams rendered at the edge (Kroki-compatible API)",
        "checks": checks,
        "kinds": kinds::built().map(kind_json).collect::<Vec<_>>(),
        "memory": { "wasm_linear_bytes": wasm_linear_bytes() },
    });
    HttpResponse::new(
        200,
        "application/health+json",
        body.to_string().into_bytes(),
    )
    .with("Cache-Control", "no-store")
}

/// What the editor needs of a kind: its menu entry, formats, themes, starting example,
/// gallery and variants.
fn kind_json(kind: &dyn Kind) -> serde_json::Value {
    serde_json::json!({
        "name": kind.name(),
        "aliases": kind.aliases(),
        "title": kind.title(),
        "extensions": kind.extensions(),
        "formats": kind.formats().iter().map(|f| f.name()).collect::<Vec<_>>(),
        "themes": kind.themes(),
        "engine": kind.engine(),
        "url_prefixes": kind.url_prefixes(),
        "example": kind.example(),
        "gallery": kind.gallery().iter().map(example_json).collect::<Vec<_>>(),
        "variants": kind.variants().iter().map(example_json).collect::<Vec<_>>(),
    })
}

fn example_json(e: &crate::diagram::Example) -> serde_json::Value {
    serde_json::json!({
        "name": e.name,
        "title": e.title,
        "description": e.description,
        "source": e.source,
    })
}

/// `text` escaped for HTML text and attribute values.
fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page() -> HttpResponse {
    // Served showing the first kind's example; the script then reads every kind from /health.
    let first = kinds::built().next();
    let (name, title, extension, example) = first.map_or(("", "", "", ""), |k| {
        (k.name(), k.title(), k.extensions()[0], k.example())
    });
    let html = include_str!("page.html")
        .replace("{{VERSION}}", env!("CARGO_PKG_VERSION"))
        .replace("{{EXAMPLE}}", &encoding::encode(example))
        .replace("{{EXAMPLE_SOURCE}}", &html_text(example))
        .replace("{{KIND_TITLE}}", &html_text(title))
        .replace("{{KIND_EXTENSION}}", &html_text(extension))
        .replace("{{KIND}}", &html_text(name));
    // The page's one script must be the one PAGE_CSP allows by hash: after editing it, put
    // the hash printed here there.
    #[cfg(debug_assertions)]
    {
        use base64::Engine as _;
        use sha2::Digest as _;
        let script = html
            .split_once("<script>")
            .and_then(|(_, rest)| rest.split_once("</script>"))
            .map(|(script, _)| script)
            .expect("page.html has an inline <script>");
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script));
        assert!(
            PAGE_CSP.contains(&format!("'sha256-{hash}'")),
            "PAGE_CSP must allow the page's script: script-src 'sha256-{hash}'"
        );
    }
    HttpResponse::new(200, PAGE_TYPE, html.into_bytes())
        .with("Content-Security-Policy", PAGE_CSP)
        .with("Cache-Control", cache::SHORT)
}
