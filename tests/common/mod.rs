//! Helpers shared by the native integration tests.
#![allow(dead_code)]

use edgeviz::service::{self, HttpRequest, HttpResponse};

/// The Kroki test vector: `digraph G {Hello->World}` and a newline.
pub const VECTOR: &str = "eNpLyUwvSizIUHBXqPZIzcnJ17ULzy_KSanlAgB1EAjQ";

pub fn call(method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    service::handle(&HttpRequest {
        method,
        path,
        query,
        headers: &headers,
        body,
    })
}

pub fn get(target: &str) -> HttpResponse {
    call("GET", target, &[], b"")
}

pub fn post(target: &str, body: &str) -> HttpResponse {
    call(
        "POST",
        target,
        &[("Content-Type", "text/plain")],
        body.as_bytes(),
    )
}

/// POSTs `body` as JSON (Kroki's JSON request) to `target`.
pub fn post_json(target: &str, body: &serde_json::Value) -> HttpResponse {
    call(
        "POST",
        target,
        &[("Content-Type", "application/json")],
        body.to_string().as_bytes(),
    )
}

pub fn text(resp: &HttpResponse) -> String {
    String::from_utf8(resp.body.clone()).expect("UTF-8 body")
}

/// Decodes a PNG: (width, height, RGBA pixels).
pub fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("PNG frame");
    assert_eq!(info.color_type, png::ColorType::Rgba, "edgeviz writes RGBA");
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// Counts pixels that are neither transparent nor near-white.
pub fn ink_pixels(rgba: &[u8]) -> usize {
    rgba.chunks(4)
        .filter(|p| p[3] > 0 && (p[0] < 200 || p[1] < 200 || p[2] < 200))
        .count()
}
