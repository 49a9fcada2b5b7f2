//! The HTTP API, independent of any runtime: routing, Kroki's request forms, response
//! headers, error bodies. A request becomes a [`Plan`]; a render is answered by
//! [`crate::render`] (one path for every host, given the host's store and engine), and its
//! [`Answer`] becomes a response here ([`served`]). Natively, [`handle`] runs the same steps
//! with no cache ([`render::Nowhere`]).
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
use crate::diagram::{Format, Kind};
use crate::encoding;
use crate::engine::InPlace;
use crate::error::{Error, Result};
use crate::kinds;
use crate::limits;
use crate::render::{self, Answer, Served};
use crate::request::{self, KrokiJson};
use crate::store::{CacheStatus, Entry, Timing};

pub use crate::render::{ErrorStyle, Job};

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
    Ok(Plan::Render(Job::new(diagram, req.error_style())))
}

/// Renders a job into its response, with no cache: the image with its caching headers and
/// `Server-Timing` (milliseconds on the clock `now`), or the error.
pub fn execute(job: &Job, now: &dyn Fn() -> f64) -> HttpResponse {
    let start = now();
    let (answer, _) = render::now_or_never(render::answer(job, &render::Nowhere, &InPlace, now));
    response(&answer, job).with("Server-Timing", answer.timing.header(now() - start))
}

/// Milliseconds on a monotonic clock, [`handle`]'s; 0 in a wasm host without one (the wasm
/// API for Node; the Worker and the WASI component pass their own).
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

/// The response of `answer`: its entry, or its error in the form `job` asks for.
pub fn response(answer: &Answer, job: &Job) -> HttpResponse {
    match &answer.drawn {
        Ok(entry) => from_entry(entry),
        Err(e) => error_response(e, job.errors),
    }
}

/// The response of an answer served by a host with caches: with `Cache-Status`,
/// `Server-Timing` (what this request did, and its `total` in milliseconds) and
/// `X-Edgeviz-Cache` (`HIT` when nothing was rendered).
pub fn served(served: &Served, job: &Job, total: f64) -> HttpResponse {
    with_cache_headers(
        response(&served.answer, job),
        &served.status,
        served.timing,
        total,
    )
}

/// `resp` with the headers of what the caches did and what was rendered.
pub fn with_cache_headers(
    mut resp: HttpResponse,
    status: &CacheStatus,
    timing: Timing,
    total: f64,
) -> HttpResponse {
    let headers = &mut resp.headers;
    headers.push(("Cache-Status".into(), status.header()));
    headers.push(("Server-Timing".into(), timing.header(total)));
    if resp.status == 200 {
        let cached = if timing.rendered() { "MISS" } else { "HIT" };
        headers.push(("X-Edgeviz-Cache".into(), cached.into()));
    }
    resp
}

/// The response that serves a stored entry: the same as when it was rendered.
pub fn from_entry(entry: &Entry) -> HttpResponse {
    let mut resp = HttpResponse::new(200, &entry.content_type, entry.body.clone())
        .with("Cache-Control", cache::IMMUTABLE)
        .with("ETag", entry.etag.clone());
    if entry.count() > 0 {
        resp = resp.with("X-Edgeviz-Diagnostics", entry.count().to_string());
        if let Some(d) = entry.diagnostics.first() {
            resp = resp.with("X-Edgeviz-Diagnostic", header_text(&d.to_string()));
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
                let messages: Vec<String> =
                    err.diagnostics().iter().map(|d| d.to_string()).collect();
                detail["diagnostics"] = messages.into();
            }
            let body = serde_json::json!({ "error": detail }).to_string();
            HttpResponse::new(status, "application/json", body.into_bytes())
        }
        ErrorStyle::Image(format) => {
            let svg = crate::svg::error_image(err);
            match format {
                Format::Png => match error_png(&svg) {
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
    handle_timed(req, &now)
}

/// [`handle`], timing the render on the host's clock `now` (milliseconds).
pub fn handle_timed(req: &HttpRequest, now: &dyn Fn() -> f64) -> HttpResponse {
    let resp = match plan(req) {
        Ok(Plan::Ready(resp)) => resp,
        Ok(Plan::Render(job)) if is_not_modified(req, &job) => not_modified(&job),
        Ok(Plan::Render(job)) => execute(&job, now),
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

/// The PNG of an error picture.
fn error_png(svg: &str) -> Result<crate::raster::Bitmap> {
    crate::raster::rasterize(&crate::raster::read(svg)?, 1.0, Format::Png)
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
