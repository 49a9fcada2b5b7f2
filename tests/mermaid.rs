//! The `mermaid` diagram type through the HTTP API: routes, mermaid.ink link forms, themes,
//! errors with line, hostile input (issue 5's rules extended to Mermaid) and limits. The
//! pictures themselves are golden cases (`tests/cases/mermaid/*.mmd`).

#![cfg(feature = "mermaid")]

mod common;

use base64::Engine as _;
use common::{call, get, post, text};
use edgeviz::kinds::mermaid::limits::MAX_MERMAID_WORD_BYTES;

const FLOW: &str =
    "flowchart LR\n  A[Rust crate] -->|cargo build| B(wasm32 module)\n  B --> C{Host?}\n";

/// The text an SVG shows, tags removed (Mermaid writes one `<tspan>` a word).
fn shown(svg: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in svg.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn svg_ok(resp: &edgeviz::service::HttpResponse) -> String {
    assert_eq!(resp.status, 200, "{}", text(resp));
    assert_eq!(resp.header("content-type"), Some("image/svg+xml"));
    text(resp)
}

/// Parses `svg` as XML and checks nothing in it can run or fetch: no script or
/// foreignObject, no event attribute, links only http(s)/mailto or same-document, no
/// `@import`, and `url()` only to `#ids`.
fn assert_inert(svg: &str) {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(svg, options)
        .unwrap_or_else(|e| panic!("not well-formed ({e}):\n{svg}"));
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name().to_ascii_lowercase();
        assert!(
            !["script", "foreignobject", "iframe", "image", "object"].contains(&name.as_str()),
            "<{name}> in the output"
        );
        for a in node.attributes() {
            let value = a.value().trim().to_ascii_lowercase();
            assert!(
                !a.name().to_ascii_lowercase().starts_with("on"),
                "{}",
                a.name()
            );
            if a.name() == "href" {
                assert!(
                    value.starts_with('#')
                        || value.starts_with("http://")
                        || value.starts_with("https://"),
                    "href={value}"
                );
                if name == "use" {
                    assert!(value.starts_with('#'), "<use href={value}>");
                }
            }
            assert!(!value.contains("javascript:"), "{}={value}", a.name());
            if value.contains("url(") {
                assert!(value.contains("url(#"), "{}={value}", a.name());
            }
        }
    }
    let lower = svg.to_ascii_lowercase();
    assert!(!lower.contains("@import"));
    for (at, _) in lower.match_indices("url(") {
        let target = lower[at + 4..].trim_start_matches(['"', '\'', ' ']);
        assert!(
            target.starts_with('#'),
            "url({})",
            &target[..target.len().min(40)]
        );
    }
}

#[test]
fn get_post_and_kroki_json_render_mermaid() {
    let encoded = edgeviz::encoding::encode(FLOW);
    let svg = svg_ok(&get(&format!("/mermaid/svg/{encoded}")));
    let words = shown(&svg);
    assert!(
        words.contains("Rust crate") && words.contains("cargo build"),
        "{words}"
    );
    assert_inert(&svg);
    // A size of its own, as an image needs.
    let root = &svg[svg.find("<svg").unwrap()..];
    let root = &root[..root.find('>').unwrap()];
    assert!(
        !root.contains("width=\"100%\"") && root.contains(" height=\""),
        "{root}"
    );

    assert_eq!(svg_ok(&post("/mermaid/svg", FLOW)), svg);
    let body = serde_json::json!({
        "diagram_source": FLOW, "diagram_type": "mermaid", "output_format": "png",
    });
    let png = common::post_json("/", &body);
    assert_eq!(png.status, 200, "{}", text(&png));
    let (w, h, rgba) = common::decode_png(&png.body);
    assert!(w > 300 && h > 80, "{w}x{h}");
    assert!(common::ink_pixels(&rgba) > 500);
    let png2 = post("/mermaid/png?scale=2", FLOW);
    let (w2, h2, _) = common::decode_png(&png2.body);
    assert!(
        w2.abs_diff(2 * w) <= 1 && h2.abs_diff(2 * h) <= 1,
        "{w2}x{h2}"
    );
    assert_eq!(post("/mermaid/dot", FLOW).status, 400);
}

#[test]
fn mermaid_ink_and_live_editor_links() {
    let kroki = svg_ok(&get(&format!(
        "/mermaid/svg/{}",
        edgeviz::encoding::encode(FLOW)
    )));
    // base64: the source, or the editor's JSON state, in either base64 alphabet.
    let b64 = base64::engine::general_purpose::STANDARD.encode(FLOW);
    assert_eq!(svg_ok(&get(&format!("/mermaid/svg/base64:{b64}"))), kroki);
    let state = serde_json::json!({ "code": FLOW, "mermaid": "{\"theme\":\"default\"}" });
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(state.to_string());
    assert_eq!(svg_ok(&get(&format!("/mermaid/svg/base64:{b64}"))), kroki);
    // pako: zlib of the JSON state, as the Live Editor writes it (here percent-encoded too).
    let z = miniz_oxide::deflate::compress_to_vec_zlib(state.to_string().as_bytes(), 9);
    let pako = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(z);
    assert_eq!(svg_ok(&get(&format!("/mermaid/svg/pako:{pako}"))), kroki);
    assert_eq!(svg_ok(&get(&format!("/mermaid/svg/pako%3A{pako}"))), kroki);
    // Broken forms say what is wrong.
    for bad in ["pako:!!!", "base64:@@", "pako:eJwrSS0uAQAEXQHB"] {
        let resp = get(&format!("/mermaid/svg/{bad}"));
        assert_eq!(resp.status, 400, "{bad}: {}", text(&resp));
    }
    // Only for Mermaid: a kind without these prefixes keeps Kroki's encoding alone.
    let others = edgeviz::kinds::built().filter(|k| !k.url_prefixes().contains(&"base64:"));
    for other in others {
        let resp = get(&format!("/{}/svg/base64:ZGlncmFwaHt9", other.name()));
        assert_eq!(resp.status, 400, "{}", other.name());
    }
}

#[test]
fn themes() {
    let light = svg_ok(&post("/mermaid/svg", FLOW));
    let mut seen = vec![light.clone()];
    for theme in ["dark", "neutral", "forest"] {
        let svg = svg_ok(&post(&format!("/mermaid/svg?theme={theme}"), FLOW));
        assert!(
            !seen.contains(&svg),
            "theme={theme} looks like another theme"
        );
        seen.push(svg);
    }
    assert_eq!(svg_ok(&post("/mermaid/svg?theme=default", FLOW)), light);
    // Dark is drawn on Mermaid's dark background; `background` chooses another.
    let dark = svg_ok(&post("/mermaid/svg?theme=dark", FLOW));
    assert!(dark.contains("#333"));
    let clear = svg_ok(&post(
        "/mermaid/svg?theme=dark&background=transparent",
        FLOW,
    ));
    assert_ne!(clear, dark);
    // auto: both drawings in one document, one shown by prefers-color-scheme.
    let auto = svg_ok(&post("/mermaid/svg?theme=auto", FLOW));
    assert_inert(&auto);
    assert!(auto.contains("prefers-color-scheme: dark"));
    assert!(auto.contains("id=\"edgeviz-light\"") && auto.contains("id=\"edgeviz-dark\""));
    assert_eq!(shown(&auto).matches("Rust crate").count(), 2);
    // Mermaid's themes are Mermaid's only.
    for other in edgeviz::kinds::built().filter(|k| !k.themes().contains(&"forest")) {
        let resp = post(
            &format!("/{}/svg?theme=forest", other.name()),
            other.example(),
        );
        assert_eq!(resp.status, 400, "{}", other.name());
        assert!(
            text(&resp).contains("forest is a theme of mermaid"),
            "{}",
            text(&resp)
        );
    }
}

#[test]
fn syntax_errors_have_a_line() {
    let resp = call(
        "POST",
        "/mermaid/svg",
        &[("Accept", "application/json")],
        b"flowchart LR\n  A --> B\n  B --> --> C\n",
    );
    assert_eq!(resp.status, 400, "{}", text(&resp));
    let v: serde_json::Value = serde_json::from_slice(&resp.body).unwrap();
    assert_eq!(v["error"]["line"], 3, "{v}");
    assert!(v["error"]["column"].as_u64().is_some());
    // Not a diagram at all: says which types there are.
    let none = post("/mermaid/svg", "hello there\n");
    assert_eq!(none.status, 400);
    assert!(text(&none).contains("flowchart"), "{}", text(&none));
    // A keyword no Mermaid family has.
    let unknown = post("/mermaid/svg", "sankeyish-beta\n a,b,1\n");
    assert_eq!(unknown.status, 400, "{}", text(&unknown));
}

#[test]
fn hostile_mermaid_is_made_inert() {
    let cases = [
        // Click callbacks and javascript: links.
        "flowchart LR\n  A --> B\n  click A callback \"tip\"\n  click B call alert(1)\n  B --> C\n  click C href \"javascript:alert(2)\"\n",
        // Directives that try to lift the security level, load CSS, fonts or images.
        "%%{init: {\"securityLevel\": \"loose\", \"themeCSS\": \"@import url(http://evil.example/x.css); .node rect { fill: url(http://evil.example/y.png) }\", \"fontFamily\": \"x; src:url(http://evil.example/f.woff)\"}}%%\nflowchart LR\n  A --> B\n",
        "---\nconfig:\n  securityLevel: loose\n  themeCSS: \"@import 'http://evil.example/a.css';\"\n---\nflowchart LR\n  A --> B\n",
        // HTML in labels.
        "flowchart LR\n  A[\"<img src=x onerror=alert(1)>\"] --> B[\"<script>alert(2)</script>\"]\n  B --> C[\"<a href='javascript:alert(3)'>x</a>\"]\n",
        "sequenceDiagram\n  A->>B: <img src=x onerror=alert(1)>\n  Note over A: <script>alert(2)</script>\n",
        "classDiagram\n  class A{\n    +<script>alert(1)</script>()\n  }\n  click A href \"javascript:alert(2)\"\n",
    ];
    for source in cases {
        for theme in ["light", "auto"] {
            let resp = post(&format!("/mermaid/svg?theme={theme}"), source);
            if resp.status != 200 {
                assert!(
                    (400..500).contains(&resp.status),
                    "{source}: {}",
                    resp.status
                );
                continue;
            }
            let svg = text(&resp);
            assert_inert(&svg);
            assert!(!svg.to_ascii_lowercase().contains("<script"), "{svg}");
        }
        let png = post("/mermaid/png", source);
        assert!(png.status == 200 || (400..500).contains(&png.status));
    }
}

#[test]
fn limits_are_422_or_413_never_a_panic() {
    // Over the item cap: a 2,500-node chain.
    let mut big = String::from("flowchart LR\n");
    for i in 0..2_500 {
        big.push_str(&format!("  n{i} --> n{}\n", i + 1));
    }
    let resp = post("/mermaid/svg", &big);
    assert_eq!(resp.status, 422, "{}", text(&resp));
    // Label text over its cap.
    let long = format!("flowchart LR\n  A[\"{}\"] --> B\n", "x".repeat(300 * 1024));
    let resp = post("/mermaid/svg", &long);
    assert!(resp.status == 422 || resp.status == 413, "{}", resp.status);
    // Deep nesting of subgraphs.
    let mut deep = String::from("flowchart LR\n");
    for i in 0..300 {
        deep.push_str(&format!("subgraph s{i}\n"));
    }
    deep.push_str("a --> b\n");
    for _ in 0..300 {
        deep.push_str("end\n");
    }
    let resp = post("/mermaid/svg", &deep);
    assert!((400..500).contains(&resp.status), "{}", resp.status);
    // After all that, a small chart still renders.
    svg_ok(&post("/mermaid/svg", FLOW));
}

/// The ink box of the text `content` in `group` (as resvg lays it out for the PNG, with the
/// embedded faces) and the box of the filled shape drawn last before it: a label's
/// background.
fn text_and_background(
    group: &resvg::usvg::Group,
    content: &str,
    before: &mut Option<resvg::usvg::Rect>,
) -> Option<(resvg::usvg::Rect, Option<resvg::usvg::Rect>)> {
    use resvg::usvg::Node;
    for child in group.children() {
        match child {
            Node::Group(inner) => {
                if let Some(found) = text_and_background(inner, content, before) {
                    return Some(found);
                }
            }
            Node::Path(path) if path.fill().is_some() => *before = Some(path.abs_bounding_box()),
            Node::Text(text)
                if text.chunks().iter().map(|c| c.text()).collect::<String>() == content =>
            {
                return Some((text.flattened().abs_bounding_box(), *before));
            }
            _ => {}
        }
    }
    None
}

#[test]
fn state_edge_labels_sit_on_their_backgrounds() {
    // merman hung each transition label's text half its background's height (about half a
    // line) below the background, in the SVG and the PNG alike.
    let source = "stateDiagram-v2\n  Queued --> Rendering : worker free\n  Rendering --> Failed : two<br/>lines\n";
    let svg = svg_ok(&post("/mermaid/svg", source));
    let options = resvg::usvg::Options {
        fontdb: edgeviz::fonts::database(),
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_str(&svg, &options).unwrap();
    let centre = |r: resvg::usvg::Rect| (r.top() + r.bottom()) / 2.0;
    for label in ["worker free", "twolines"] {
        let (ink, background) = text_and_background(tree.root(), label, &mut None)
            .unwrap_or_else(|| panic!("no label {label:?} in\n{svg}"));
        let background = background.unwrap_or_else(|| panic!("{label:?} has no background"));
        let off = centre(ink) - centre(background);
        assert!(
            off.abs() < 1.5,
            "{label:?}: its text {ink:?} is {off:.1} below the middle of its background {background:?}"
        );
        assert!(
            ink.top() >= background.top() && ink.bottom() <= background.bottom(),
            "{label:?}: text {ink:?} outside its background {background:?}"
        );
    }
}

/// `/health` lists Mermaid's families with an example each (the editor's Example menu), one
/// for every merman diagram feature Cargo.toml builds, and every example renders in every
/// theme the kind lists (light, dark, auto, neutral, forest): dark and auto differ from light
/// for every family but info (a version number); neutral and forest are merman's own, and for
/// packet, tree view and ZenUML merman draws them as the default theme.
#[test]
fn health_lists_every_family_and_each_renders() {
    let health = call("GET", "/health", &[], b"");
    let v: serde_json::Value = serde_json::from_slice(&health.body).unwrap();
    let kinds = v["kinds"].as_array().unwrap();
    let mermaid = kinds.iter().find(|k| k["name"] == "mermaid").unwrap();
    let variants = mermaid["variants"].as_array().unwrap();
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let features = manifest.matches("    \"diagram-").count();
    assert_eq!(
        variants.len(),
        features,
        "one variant per merman diagram feature"
    );
    let themes: Vec<&str> = mermaid["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(themes, ["light", "dark", "auto", "neutral", "forest"]);
    for variant in variants {
        let source = variant["source"].as_str().unwrap();
        let mut drawn = Vec::new();
        for theme in &themes {
            let resp = post(&format!("/mermaid/svg?theme={theme}"), source);
            assert_eq!(
                resp.status,
                200,
                "{} {theme}: {}",
                variant["name"],
                text(&resp)
            );
            drawn.push(resp.body);
        }
        if variant["name"] != "info" {
            assert_ne!(drawn[0], drawn[1], "{}: dark looks light", variant["name"]);
            assert_ne!(drawn[0], drawn[2], "{}: auto looks light", variant["name"]);
        }
    }
}

#[test]
fn mermaid_word_limit_is_413_with_position() {
    // A word is a run without white space in the source, brackets included: the longest
    // allowed is drawn (cut across lines inside its box).
    let longest = format!("A[{}]", "W".repeat(MAX_MERMAID_WORD_BYTES - 3));
    let ok = post("/mermaid/svg", &format!("flowchart LR\n  {longest} --> B"));
    assert_eq!(ok.status, 200, "{}", text(&ok));
    // One byte more is refused, at the line and column where the word starts.
    let over = format!("C[{}]", "W".repeat(MAX_MERMAID_WORD_BYTES - 2));
    let r = post(
        "/mermaid/svg",
        &format!("flowchart LR\n  A --> B\n  {over} --> B"),
    );
    assert_eq!(r.status, 413, "{}", text(&r));
    let msg = text(&r);
    assert!(msg.contains("line 3:3") && msg.contains("word"), "{msg}");
    // Bytes, not characters: 683 three-byte characters are over.
    let wide = "界".repeat(MAX_MERMAID_WORD_BYTES / 3 + 1);
    let r = post("/mermaid/svg", &format!("flowchart LR\n  {wide}"));
    assert_eq!(r.status, 413, "{}", text(&r));
    // Comment and directive lines hold no label text.
    let comment = format!(
        "%% {}\nflowchart LR\n  A --> B",
        "c".repeat(MAX_MERMAID_WORD_BYTES * 2)
    );
    let r = post("/mermaid/svg", &comment);
    assert_eq!(r.status, 200, "{}", text(&r));
}
