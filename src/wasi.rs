//! edgeviz as a WASI 0.2 component (feature `wasi`, built for wasm32): one component, two
//! thin shells over the same core as the Worker.
//!
//! - [`http`]: `wasi:http/incoming-handler`, so any WASI 0.2 HTTP host (`wasmtime serve`,
//!   the class of Fastly Compute and Fermyon Spin) serves the same HTTP API as the Worker
//!   through [`crate::service::handle`]: same routes, encodings, headers, limits and errors.
//!   There is no Cache API on a plain WASI host: responses carry the same `Cache-Control` and
//!   `ETag`, and `If-None-Match` is answered with 304, so a CDN in front does the caching.
//! - [`library`]: `edgeviz:render/render` (`wit/edgeviz.wit`), a typed interface other
//!   components import: `render(source, kind, format, options) -> result<list<u8>,
//!   render-error>`, through [`crate::pipeline::draw`].
//!
//! Built by `scripts/build-wasi.sh`: `cargo build --lib --target wasm32-unknown-unknown
//! --features wasm-api,wasi`, the Worker's target (so the wasm builds share their dependencies), whose
//! core module imports only what these two shells import; `jco new` makes it a component.

/// The HTTP shell: a `wasi:http` request in, [`crate::service::handle`], the response out.
mod http {
    use std::io::{Read as _, Write as _};

    use wasip2::http::types::{
        Fields, IncomingBody, IncomingRequest, Method, OutgoingBody, OutgoingResponse,
        ResponseOutparam,
    };

    use crate::limits;
    use crate::service::{self, HttpRequest};

    struct Handler;

    wasip2::http::proxy::export!(Handler);

    impl wasip2::exports::http::incoming_handler::Guest for Handler {
        fn handle(request: IncomingRequest, response_out: ResponseOutparam) {
            let method = match request.method() {
                Method::Get => "GET".to_string(),
                Method::Head => "HEAD".to_string(),
                Method::Post => "POST".to_string(),
                Method::Put => "PUT".to_string(),
                Method::Delete => "DELETE".to_string(),
                Method::Connect => "CONNECT".to_string(),
                Method::Options => "OPTIONS".to_string(),
                Method::Trace => "TRACE".to_string(),
                Method::Patch => "PATCH".to_string(),
                Method::Other(m) => m,
            };
            let target = request.path_with_query().unwrap_or_else(|| "/".into());
            let (path, query) = target.split_once('?').unwrap_or((&target, ""));
            let headers: Vec<(String, String)> = request
                .headers()
                .entries()
                .into_iter()
                .map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned()))
                .collect();
            let declared = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.trim().parse::<usize>().ok());
            let body = match declared {
                // Refused from its Content-Length, before it is read (as the Worker does).
                Some(len) if len > limits::MAX_BODY_BYTES => vec![0; limits::MAX_BODY_BYTES + 1],
                _ => read_body(&request),
            };
            let req = HttpRequest {
                method: &method,
                path,
                query,
                headers: &headers,
                body: &body,
            };
            let resp = service::handle_timed(&req, &now);

            let fields = Fields::new();
            for (name, value) in &resp.headers {
                // The service writes only valid header names and values.
                let _ = fields.append(name, value.as_bytes());
            }
            let response = OutgoingResponse::new(fields);
            let _ = response.set_status_code(resp.status);
            let Ok(out_body) = response.body() else {
                return;
            };
            ResponseOutparam::set(response_out, Ok(response));
            if let Ok(mut stream) = out_body.write() {
                // A client that went away is not an error of edgeviz's.
                let _ = stream
                    .write_all(&resp.body)
                    .and_then(|()| std::io::Write::flush(&mut stream));
            }
            let _ = OutgoingBody::finish(out_body, None);
        }
    }

    /// Milliseconds on WASI's monotonic clock, for `Server-Timing`.
    fn now() -> f64 {
        wasip2::clocks::monotonic_clock::now() as f64 / 1e6
    }

    /// The request body, read up to one byte past [`limits::MAX_BODY_BYTES`] (so that the
    /// service says 413), or empty when the request has none.
    fn read_body(request: &IncomingRequest) -> Vec<u8> {
        let Ok(body) = request.consume() else {
            return Vec::new();
        };
        let mut bytes = Vec::new();
        if let Ok(stream) = body.stream() {
            let _ = stream
                .take(limits::MAX_BODY_BYTES as u64 + 1)
                .read_to_end(&mut bytes);
        }
        let _ = IncomingBody::finish(body);
        bytes
    }
}

/// The library shell: `edgeviz:render/render` for other components.
mod library {
    wit_bindgen::generate!({
        path: "wit/edgeviz.wit",
        world: "renderer",
    });

    use exports::edgeviz::render::render::{Guest, OutputFormat, Position, RenderError};

    use crate::diagram::Format;

    struct Component;

    export!(Component);

    impl Guest for Component {
        fn render(
            source: String,
            kind: String,
            format: OutputFormat,
            options: Vec<(String, String)>,
        ) -> Result<Vec<u8>, RenderError> {
            let format = match format {
                OutputFormat::Svg => "svg",
                OutputFormat::Png => "png",
                OutputFormat::Json => "json",
                OutputFormat::Json0 => "json0",
                OutputFormat::Dot => "dot",
                OutputFormat::Xdot => "xdot",
                OutputFormat::Canon => "canon",
                OutputFormat::Plain => "plain",
                OutputFormat::PlainExt => "plain-ext",
                OutputFormat::Jpeg => "jpeg",
                OutputFormat::Pdf => "pdf",
            };
            // The kind is a name, checked here as the HTTP API checks it, so that a new kind
            // needs no new interface (README, "The same renderer as a WASI 0.2 component").
            let diagram = crate::kinds::find(&kind).and_then(|kind| {
                let pairs = options.iter().map(|(k, v)| (k.as_str(), v.as_str()));
                crate::request::diagram(kind, Format::parse(format, kind)?, source, pairs)
            });
            diagram
                .and_then(|d| crate::pipeline::draw(&d))
                .map(|out| out.bytes)
                .map_err(|e| RenderError {
                    status: e.status(),
                    code: e.code().to_string(),
                    message: e.to_string(),
                    position: e.position().map(|p| Position {
                        line: p.line,
                        column: p.column,
                    }),
                })
        }
    }
}
