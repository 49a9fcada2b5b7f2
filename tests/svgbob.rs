//! The `svgbob` kind against its reference, `svgbob_cli` 0.7.6 (what Kroki runs): svgbob's own
//! examples (`tests/svgbob-examples/`, from the published crate) and the golden cases, each
//! drawn by edgeviz (`POST /svgbob/svg`) and by the CLI, compared on what a reader sees: the
//! same drawing elements (lines, paths, circles, rects, polygons, texts) in the same numbers,
//! the same texts, the same size. Kroki's options must map as the CLI's flags do. Also the
//! kind's limit, and that nothing active survives in what svgbob copies into the SVG.
//!
//! The CLI is looked up as `svgbob_cli` on PATH (or `$SVGBOB_CLI`); `scripts/test.sh`
//! installs it. Without it the comparison fails, saying so.

#![cfg(feature = "svgbob")]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{call, post, text};

/// What a reader sees of an SVG: each drawing element's count, the texts, the size.
#[derive(Debug, PartialEq)]
struct Seen {
    elements: BTreeMap<String, usize>,
    texts: Vec<String>,
    size: (String, String),
}

fn seen(svg: &str) -> Seen {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
    let mut elements = BTreeMap::new();
    let mut texts = Vec::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        if [
            "line", "path", "circle", "rect", "polygon", "polyline", "text",
        ]
        .contains(&name)
        {
            *elements.entry(name.to_string()).or_default() += 1;
        }
        if name == "text" {
            texts.push(node.descendants().filter_map(|t| t.text()).collect());
        }
    }
    let root = doc.root_element();
    let size = (
        root.attribute("width").unwrap_or("").to_string(),
        root.attribute("height").unwrap_or("").to_string(),
    );
    Seen {
        elements,
        texts,
        size,
    }
}

fn cli() -> PathBuf {
    std::env::var_os("SVGBOB_CLI").map_or_else(|| PathBuf::from("svgbob_cli"), PathBuf::from)
}

/// The CLI's SVG of `file` with `flags`.
fn reference(file: &Path, flags: &[&str]) -> String {
    let out = Command::new(cli())
        .args(flags)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("svgbob_cli (scripts/setup-test-tools.sh installs it): {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn examples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["tests/svgbob-examples", "tests/cases/svgbob"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "bob") {
                files.push(e.path());
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_example_draws_what_svgbob_cli_draws() {
    let files = examples();
    assert!(files.len() >= 10, "{} examples", files.len());
    let (mut matched, mut over_limit, mut differ) = (0, Vec::new(), Vec::new());
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        let resp = post("/svgbob/svg", &source);
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if resp.status == 413 {
            over_limit.push(name);
            continue;
        }
        assert_eq!(resp.status, 200, "{name}: {}", text(&resp));
        let ours = seen(&text(&resp));
        let theirs = seen(&reference(file, &[]));
        if ours == theirs {
            matched += 1;
        } else {
            differ.push(format!("{name}: edgeviz {ours:?}\nsvgbob_cli {theirs:?}"));
        }
    }
    println!(
        "svgbob: {matched} of {} examples match svgbob_cli; over the limit: {over_limit:?}",
        files.len()
    );
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    // svgbob's `long.bob` (22,697 characters) is the one example over the limit.
    assert_eq!(over_limit, ["long.bob"]);
}

#[test]
fn kroki_options_map_as_the_cli_flags_do() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/svgbob-examples/simple.bob");
    let source = std::fs::read_to_string(&file).unwrap();
    let resp = post(
        "/svgbob/svg?scale=2&stroke-width=3&fill-color=red&stroke-color=blue&font-size=16&background=yellow",
        &source,
    );
    assert_eq!(resp.status, 200, "{}", text(&resp));
    let ours = text(&resp);
    let theirs = reference(
        &file,
        &[
            "--scale",
            "2",
            "--stroke-width",
            "3",
            "--fill-color",
            "red",
            "--stroke-color",
            "blue",
            "--font-size",
            "16",
            "--background",
            "yellow",
        ],
    );
    assert_eq!(seen(&ours), seen(&theirs));
    for needle in [
        "stroke: blue",
        "stroke-width: 3",
        "fill: red",
        "font-size: 16px",
        "fill: yellow",
    ] {
        assert!(ours.contains(needle), "{needle} missing");
    }
    // A PNG of the scaled drawing is the drawing's size (not scaled twice).
    let png = call("POST", "/svgbob/png?scale=2", &[], source.as_bytes());
    let (w, _, _) = common::decode_png(&png.body);
    assert_eq!(w.to_string(), seen(&ours).size.0);
    // Bad values are 400 saying what is expected; themes other than light are refused.
    for bad in [
        "stroke-width=x",
        "fill-color=url(x)",
        "font-size=9999",
        "theme=dark",
    ] {
        let r = post(&format!("/svgbob/svg?{bad}"), &source);
        assert_eq!(r.status, 400, "{bad}: {}", text(&r));
    }
}

#[test]
fn art_over_the_limit_is_413() {
    let at = "+".repeat(edgeviz::kinds::svgbob::limits::MAX_SVGBOB_CHARS);
    assert_eq!(post("/svgbob/svg", &at).status, 200);
    let over = format!("{at}+");
    let resp = post("/svgbob/svg", &over);
    assert_eq!(resp.status, 413, "{}", text(&resp));
    assert!(text(&resp).contains("svgbob art"));
}

#[test]
fn copied_text_and_legend_css_stay_inert() {
    let art = "+--------+\n| <script>alert(1)</script> |\n+--------+\n\n# Legend:\nx = { fill: url(http://evil.example/x); }\ny = { background: url(javascript:alert(1)); }\n@import url(http://evil.example/y.css);\n";
    for format in ["svg", "png"] {
        let resp = post(&format!("/svgbob/{format}"), art);
        assert_eq!(resp.status, 200, "{}", text(&resp));
    }
    let svg = text(&post("/svgbob/svg", art));
    let lower = svg.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{svg}");
    assert!(!lower.contains("evil.example"), "{svg}");
    assert!(!lower.contains("javascript:"), "{svg}");
    assert!(
        svg.contains("&lt;script&gt;"),
        "the text is kept, as text: {svg}"
    );
}

/// Text ink inside the engine's boxes, in the PNG: svgbob takes no outside text measurer (it
/// lays text on its character grid), so it is drawn with the embedded face whose metrics match
/// what it assumed (Cousine, monospace), and this checks that the text it draws in a box stays
/// inside it, in the golden cases and svgbob's own examples. 12 drawings, 2,644 texts inside
/// shapes, none out. svgbob draws most boxes as separate lines, not closed shapes, so for most
/// of its texts the shape found is the drawing's background: there the check says only that
/// no text runs off the drawing.
#[test]
fn text_ink_stays_inside_its_boxes() {
    common::text_ink_within(
        "svgbob",
        &["tests/cases/svgbob", "tests/svgbob-examples"],
        &[],
    );
}
