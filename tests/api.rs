//! The HTTP API through `service::handle`, the same code the Worker runs (minus the Cache
//! API, which the end-to-end test covers in workerd).

mod common;
use common::{call, decode_png, get, ink_pixels, post, text, VECTOR};

use edgeviz::service::IMAGE_CSP;

fn assert_security_headers(resp: &edgeviz::service::HttpResponse) {
    assert_eq!(resp.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(resp.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn get_svg_of_the_vector() {
    let resp = get(&format!("/graphviz/svg/{VECTOR}"));
    assert_eq!(resp.status, 200, "{}", text(&resp));
    assert_eq!(resp.header("content-type"), Some("image/svg+xml"));
    assert_eq!(resp.header("content-security-policy"), Some(IMAGE_CSP));
    assert_eq!(
        resp.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_security_headers(&resp);
    let svg = text(&resp);
    assert!(svg.contains("<svg"));
    assert!(svg.contains(">Hello</text>") && svg.contains(">World</text>"));
    assert!(svg.contains("class=\"edge\""));
}

#[test]
fn dot_is_an_alias_of_graphviz() {
    let a = get(&format!("/graphviz/svg/{VECTOR}"));
    let b = get(&format!("/dot/svg/{VECTOR}"));
    assert_eq!(b.status, 200);
    assert_eq!(a.body, b.body);
    assert_eq!(a.header("etag"), b.header("etag"));
}

#[test]
fn get_png_of_the_vector() {
    let resp = get(&format!("/graphviz/png/{VECTOR}"));
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    assert_eq!(resp.header("content-type"), Some("image/png"));
    let (w, h, rgba) = decode_png(&resp.body);
    // The SVG is 79pt × 116pt; at 96 dpi that is 106 × 155 pixels (rounded up).
    assert_eq!((w, h), (106, 155));
    assert!(ink_pixels(&rgba) > 300, "the PNG is blank");
}

#[test]
fn jpeg_is_the_png_on_white() {
    for background in ["", "?background=transparent", "?theme=dark"] {
        let png = get(&format!("/graphviz/png/{VECTOR}{background}"));
        let (w, h, rgba) = decode_png(&png.body);
        // `jpg` is an alias, as in Graphviz's `-Tjpg`.
        for name in ["jpeg", "jpg"] {
            let resp = get(&format!("/graphviz/{name}/{VECTOR}{background}"));
            assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
            assert_eq!(resp.header("content-type"), Some("image/jpeg"));
            let mut decoder = jpeg_decoder::Decoder::new(resp.body.as_slice());
            let rgb = decoder.decode().expect("a JPEG");
            let info = decoder.info().unwrap();
            assert_eq!((u32::from(info.width), u32::from(info.height)), (w, h));
            assert_eq!(info.pixel_format, jpeg_decoder::PixelFormat::RGB24);
            // Each pixel is the PNG's over white, within JPEG's loss.
            let over_white =
                |c: u8, a: u8| (f64::from(c) * f64::from(a) / 255.0 + 255.0 - f64::from(a)).round();
            let total: f64 = rgba
                .chunks(4)
                .zip(rgb.chunks(3))
                .flat_map(|(p, j)| {
                    (0..3).map(move |i| (over_white(p[i], p[3]) - f64::from(j[i])).abs())
                })
                .sum();
            let mean = total / (rgb.len() as f64);
            assert!(
                mean < 2.0,
                "{background}: mean difference {mean} from the PNG on white"
            );
        }
    }
}

#[test]
fn post_text_body() {
    let resp = post("/graphviz/svg", "digraph { a -> b }");
    assert_eq!(resp.status, 200);
    assert!(text(&resp).contains(">a</text>"));
    // Any non-JSON content type is source text.
    let resp = call(
        "POST",
        "/graphviz/png",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"digraph { a -> b }",
    );
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("content-type"), Some("image/png"));
}

#[test]
fn post_kroki_json_to_root() {
    let body = r#"{"diagram_source":"digraph G {Hello->World}\n","diagram_type":"graphviz","output_format":"svg"}"#;
    let resp = call(
        "POST",
        "/",
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    );
    assert_eq!(resp.status, 200, "{}", text(&resp));
    // Same diagram as the GET vector: same cache key.
    let get = get(&format!("/graphviz/svg/{VECTOR}"));
    assert_eq!(resp.header("etag"), get.header("etag"));
    assert_eq!(resp.body, get.body);
}

#[test]
fn post_json_to_a_typed_endpoint() {
    let body = r#"{"diagram_source":"digraph { x -> y }","diagram_options":{"graph-attribute-rankdir":"LR"}}"#;
    let resp = call(
        "POST",
        "/graphviz/svg",
        &[("Content-Type", "application/json; charset=utf-8")],
        body.as_bytes(),
    );
    assert_eq!(resp.status, 200, "{}", text(&resp));
    let svg = text(&resp);
    // LR: the two nodes side by side, so the drawing is wider than tall.
    let w: f64 = attr(&svg, "width").trim_end_matches("pt").parse().unwrap();
    let h: f64 = attr(&svg, "height").trim_end_matches("pt").parse().unwrap();
    assert!(w > h, "{w} x {h}");
}

fn attr<'a>(svg: &'a str, name: &str) -> &'a str {
    let start = svg
        .find(&format!("<svg {name}=\""))
        .or_else(|| svg.find(&format!(" {name}=\"")))
        .unwrap();
    let rest = &svg[start..];
    let v = &rest[rest.find('"').unwrap() + 1..];
    &v[..v.find('"').unwrap()]
}

#[test]
fn post_without_format_uses_accept() {
    for (accept, content_type) in [
        ("image/png", "image/png"),
        ("image/jpeg", "image/jpeg"),
        ("image/svg+xml", "image/svg+xml"),
        ("text/html, application/json;q=0.9", "application/json"),
        ("application/pdf", "application/pdf"),
    ] {
        let resp = call("POST", "/graphviz", &[("Accept", accept)], b"digraph { a }");
        assert_eq!(resp.status, 200, "{accept}");
        assert_eq!(resp.header("content-type"), Some(content_type), "{accept}");
    }
    let any = call("POST", "/graphviz", &[], b"digraph { a }");
    assert_eq!(any.header("content-type"), Some("image/svg+xml"));
    let bad = call(
        "POST",
        "/graphviz",
        &[("Accept", "image/webp")],
        b"digraph { a }",
    );
    assert_eq!(bad.status, 400);
}

#[test]
fn kroki_health_paths_answer_as_health_does() {
    let health = get("/health");
    for path in ["/healthz", "/v1/health"] {
        let r = get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(
            r.header("content-type"),
            Some("application/health+json"),
            "{path}"
        );
        assert_eq!(r.body, health.body, "{path}");
    }
    assert_eq!(post("/healthz", "").status, 405);
}

#[test]
fn health_and_index() {
    let h = get("/health");
    assert_eq!(h.status, 200);
    assert_eq!(h.header("content-type"), Some("application/health+json"));
    let v: serde_json::Value = serde_json::from_slice(&h.body).unwrap();
    assert_eq!(v["status"], "pass");
    assert_eq!(v["version"]["number"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["version"]["build"], env!("EDGEVIZ_BUILD_ID"));
    // The wasm linear memory's size: a number in the Worker, null natively.
    assert!(v["memory"]["wasm_linear_bytes"].is_null(), "{v}");
    // Each engine's version as Cargo.lock has it.
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock")).unwrap();
    let checks = v["checks"].as_object().unwrap();
    let built: Vec<_> = edgeviz::kinds::built().collect();
    assert_eq!(
        checks.len(),
        built.len(),
        "one check per diagram type built: {checks:?}"
    );
    // An engine named by its crate and version ("merman 0.9.3 (Mermaid 12.1)") is a version
    // Cargo.lock has; an engine of edgeviz's own ("edgeviz erd reader") is not checked.
    let mut checked = 0;
    for kind in &built {
        let reported = v["checks"][kind.name()][0]["version"]
            .as_str()
            .unwrap_or_default();
        assert_eq!(reported, kind.engine(), "{}", kind.name());
        let mut words = reported.split(' ');
        let (krate, version) = (words.next().unwrap(), words.next().unwrap_or(""));
        // (A crate can be locked at several versions, through other dependencies.)
        let locked: Vec<&str> = lock
            .split("[[package]]")
            .filter(|p| p.contains(&format!("name = \"{krate}\"\n")))
            .filter_map(|p| p.split("version = \"").nth(1)?.split('"').next())
            .collect();
        if locked.is_empty() || krate == env!("CARGO_PKG_NAME") {
            continue;
        }
        checked += 1;
        assert!(
            locked.contains(&version),
            "/health says {reported:?} for {}; Cargo.lock has {krate} {locked:?}",
            kind.name()
        );
    }
    assert!(checked > 0, "no engine named by its crate");
    let page = get("/");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let html = text(&page);
    assert!(
        html.contains(&format!("/graphviz/svg/{VECTOR}")),
        "the example is the vector"
    );
    assert_security_headers(&page);
}

#[test]
fn unknown_type_is_404_unknown_format_is_400() {
    let r = get(&format!("/plantuml/svg/{VECTOR}"));
    assert_eq!(r.status, 404);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let r = get(&format!("/graphviz/webp/{VECTOR}"));
    assert_eq!(r.status, 400);
    let msg = text(&r);
    assert!(
        msg.contains("svg") && msg.contains("png") && msg.contains("pdf"),
        "{msg}"
    );
    assert_eq!(get("/graphviz/svg/a/b").status, 404);
}

#[test]
fn wrong_method_is_405_with_allow() {
    let r = call("PUT", &format!("/graphviz/svg/{VECTOR}"), &[], b"");
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("GET, HEAD, OPTIONS"));
    let r = get("/graphviz/svg");
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("POST, OPTIONS"));
    let r = call("DELETE", "/", &[], b"");
    assert_eq!(r.status, 405);
    assert!(r.header("allow").unwrap().contains("POST"));
}

#[test]
fn head_has_headers_and_no_body() {
    let r = call("HEAD", &format!("/graphviz/svg/{VECTOR}"), &[], b"");
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    assert!(r.header("etag").is_some());
}

#[test]
fn cors_preflight() {
    let r = call(
        "OPTIONS",
        "/graphviz/svg",
        &[("Access-Control-Request-Method", "POST")],
        b"",
    );
    assert_eq!(r.status, 204);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert!(r
        .header("access-control-allow-methods")
        .unwrap()
        .contains("POST"));
}

#[test]
fn etag_and_304() {
    let first = get(&format!("/graphviz/svg/{VECTOR}"));
    let etag = first.header("etag").unwrap().to_string();
    assert!(etag.starts_with('"') && etag.len() == 66, "{etag}");
    let again = call(
        "GET",
        &format!("/graphviz/svg/{VECTOR}"),
        &[("If-None-Match", &etag)],
        b"",
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let other = call(
        "GET",
        &format!("/graphviz/svg/{VECTOR}"),
        &[("If-None-Match", "\"something-else\"")],
        b"",
    );
    assert_eq!(other.status, 200);
}

#[test]
fn errors_follow_accept() {
    let plain = post("/graphviz/svg", "digraph {\n  a -> -> b\n}");
    assert_eq!(plain.status, 400);
    assert!(plain
        .header("content-type")
        .unwrap()
        .starts_with("text/plain"));
    assert_eq!(plain.header("cache-control"), Some("no-store"));
    let msg = text(&plain);
    assert!(msg.contains("line 2:8"), "{msg}");
    assert!(msg.contains("near '->'"), "{msg}");

    let json = call(
        "POST",
        "/graphviz/svg",
        &[("Accept", "application/json")],
        b"digraph {\n  a -> -> b\n}",
    );
    assert_eq!(json.status, 400);
    assert_eq!(json.header("content-type"), Some("application/json"));
    let v: serde_json::Value = serde_json::from_slice(&json.body).unwrap();
    assert_eq!(v["error"]["code"], 400);
    assert_eq!(v["error"]["line"], 2);
    assert_eq!(v["error"]["column"], 8);
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("syntax error"));
}

#[test]
fn bad_json_and_missing_fields() {
    let r = call(
        "POST",
        "/",
        &[("Content-Type", "application/json")],
        b"{not json",
    );
    assert_eq!(r.status, 400);
    assert!(text(&r).contains("JSON"));
    let r = call("POST", "/", &[], br#"{"diagram_source":"digraph{}"}"#);
    assert_eq!(r.status, 400);
    assert!(text(&r).contains("diagram_type"));
    let r = call("POST", "/", &[], br#"{"diagram_type":"graphviz"}"#);
    assert_eq!(r.status, 400);
    assert!(text(&r).contains("diagram_source"));
    let r = call(
        "POST",
        "/",
        &[],
        br#"{"diagram_source":"digraph{}","diagram_type":"nope"}"#,
    );
    assert_eq!(r.status, 404);
}

#[test]
fn oversized_body_is_413() {
    let big = vec![b' '; edgeviz::limits::MAX_BODY_BYTES + 1];
    let r = call("POST", "/graphviz/svg", &[], &big);
    assert_eq!(r.status, 413);
    assert!(text(&r).contains("request body"));
}

#[test]
fn oversized_url_is_414() {
    let r = get(&format!(
        "/graphviz/svg/{}",
        "A".repeat(edgeviz::limits::MAX_URL_BYTES + 1)
    ));
    assert_eq!(r.status, 414);
    assert_eq!(r.header("cache-control"), Some("no-store"));
}

#[test]
fn bad_encoding_is_400_naming_the_step() {
    let r = get("/graphviz/svg/abc+def");
    assert_eq!(r.status, 400);
    assert!(text(&r).contains("URL-safe"));
}

#[test]
fn invalid_utf8_body_is_400() {
    let r = call("POST", "/graphviz/svg", &[], b"digraph { \"\xc3\x28\" }");
    assert_eq!(r.status, 400);
    assert!(text(&r).contains("UTF-8"));
}

#[test]
fn options_from_query_headers_and_json_in_priority_order() {
    let src = "digraph { a -> b }";
    let q = call(
        "POST",
        "/graphviz/svg?graph-attribute-rankdir=LR",
        &[],
        src.as_bytes(),
    );
    let h = call(
        "POST",
        "/graphviz/svg?graph-attribute-rankdir=TB",
        &[("Kroki-Diagram-Options-Graph-Attribute-Rankdir", "LR")],
        src.as_bytes(),
    );
    // Header beats query: both are LR, so the same key and body.
    assert_eq!(q.header("etag"), h.header("etag"));
    assert_eq!(q.body, h.body);
    let plain = post("/graphviz/svg", src);
    assert_ne!(q.header("etag"), plain.header("etag"));
    // JSON beats header.
    let j = call(
        "POST",
        "/graphviz/svg",
        &[
            ("Content-Type", "application/json"),
            ("Kroki-Diagram-Options-graph-attribute-rankdir", "TB"),
        ],
        br#"{"diagram_source":"digraph { a -> b }","diagram_options":{"GRAPH-ATTRIBUTE-RANKDIR":"LR"}}"#,
    );
    assert_eq!(j.header("etag"), q.header("etag"));
    // Unknown options are ignored and do not change the key.
    let u = call("POST", "/graphviz/svg?foo=bar", &[], src.as_bytes());
    assert_eq!(u.header("etag"), plain.header("etag"));
}

#[test]
fn layout_option_selects_the_engine() {
    let src = "graph { a -- b -- c -- a }";
    let dot = post("/graphviz/svg", src);
    let neato = post("/graphviz/svg?layout=neato", src);
    assert_eq!(neato.status, 200);
    assert_ne!(dot.body, neato.body);
    let bad = post("/graphviz/svg?layout=nope", src);
    assert_eq!(bad.status, 400);
    assert!(text(&bad).contains("neato"));
}

#[test]
fn engine_diagnostics_are_surfaced() {
    let r = post("/graphviz/svg", "digraph { a [label=<<b>x</i>>] }");
    assert_eq!(r.status, 200);
    let n: usize = r.header("x-edgeviz-diagnostics").unwrap().parse().unwrap();
    assert!(n >= 1);
    assert!(r
        .header("x-edgeviz-diagnostic")
        .unwrap()
        .contains("mismatched tag"));
}

#[test]
fn errors_as_images_for_img_tags() {
    // What a browser's <img> sends.
    let accept = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
    let bad = edgeviz::encoding::encode("digraph {\n  a -> -> b\n}");
    let r = call(
        "GET",
        &format!("/graphviz/svg/{bad}"),
        &[("Accept", accept)],
        b"",
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.header("content-type"), Some("image/svg+xml"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let svg = text(&r);
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert!(svg.contains("line 2:8"), "{svg}");
    assert!(
        svg.contains("near &apos;-&gt;&apos;") || svg.contains("near '-&gt;'"),
        "{svg}"
    );

    let r = call("GET", &format!("/graphviz/png/{bad}?error=image"), &[], b"");
    assert_eq!(r.status, 400);
    assert_eq!(r.header("content-type"), Some("image/png"));
    let (w, h, rgba) = decode_png(&r.body);
    assert!(w > 200 && h > 30, "{w}x{h}");
    assert!(ink_pixels(&rgba) > 200, "the message is drawn");

    // curl's default Accept (*/*) still gets text.
    let r = call(
        "GET",
        &format!("/graphviz/svg/{bad}"),
        &[("Accept", "*/*")],
        b"",
    );
    assert!(r.header("content-type").unwrap().starts_with("text/plain"));
    // Errors before the format is known are pictures too.
    let r = call(
        "GET",
        &format!("/graphviz/svg/{}", "A+B"),
        &[("Accept", accept)],
        b"",
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.header("content-type"), Some("image/svg+xml"));
}

#[test]
fn latin1_bytes_only_with_a_latin1_charset() {
    // As Graphviz: raw Latin-1 bytes are read in a graph that says charset=latin1.
    let r = call(
        "POST",
        "/graphviz/svg",
        &[],
        b"digraph { graph [charset=\"ISO-8859-1\"]; a [label=\"caf\xe9 \xfc\"] }",
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert!(text(&r).contains(">café ü</text>"), "{}", text(&r));
    // Without it, such bytes are an encoding error.
    let r = call(
        "POST",
        "/graphviz/svg",
        &[],
        b"digraph { a [label=\"caf\xe9\"] }",
    );
    assert_eq!(r.status, 400);
    assert!(text(&r).contains("charset=latin1"));
}

/// A kind this build leaves out (the free plan's `--no-default-features` leaves out all but
/// one): its routes, URL and Kroki JSON alike, answer 404 as an unknown type does, saying
/// why, and a Graphviz render still works beside them.
#[test]
fn a_kind_left_out_of_the_build_is_404_with_the_reason() {
    let source = "any source\n";
    let encoded = edgeviz::encoding::encode(source);
    for listed in edgeviz::kinds::LIST.iter().filter(|l| l.kind.is_none()) {
        let name = listed.name;
        for resp in [
            post(&format!("/{name}/svg"), source),
            get(&format!("/{name}/png/{encoded}")),
            common::post_json(
                "/",
                &serde_json::json!({"diagram_source": source, "diagram_type": name, "output_format": "svg"}),
            ),
        ] {
            assert_eq!(resp.status, 404, "{}", text(&resp));
            let message = text(&resp);
            assert!(message.contains("not built into this server"), "{message}");
            let feature = format!("`{}` feature", listed.feature.unwrap());
            assert!(message.contains(&feature), "{message}");
            assert_security_headers(&resp);
        }
    }
    assert_eq!(post("/graphviz/svg", "digraph { a -> b }").status, 200);
}
