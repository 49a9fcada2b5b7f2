//! Helpers shared by the native integration tests.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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

/// Texts whose ink runs out of the closed shape around them, as the PNG draws them (the SVG
/// read by `edgeviz::raster::read`: the embedded faces, as the engine's font names map to
/// them). A text counts as inside the smallest closed shape (box, circle, table cell...) that
/// holds its ink's centre; texts on lines and arrows have none and are not counted. Returns
/// how many texts are inside a shape, and a line for each that runs out of its shape.
pub fn texts_out_of_their_shapes(svg: &str) -> (usize, Vec<String>) {
    /// The least width and height (px) of a shape that holds text: a line of 16 px text.
    const MIN_SHAPE: f32 = 16.0;
    use resvg::usvg::{tiny_skia_path::PathSegment, Node, Rect};
    let tree = edgeviz::raster::read(svg).unwrap();
    let (mut shapes, mut texts) = (Vec::<Rect>::new(), Vec::<(String, Rect)>::new());
    let mut stack = vec![tree.root()];
    while let Some(group) = stack.pop() {
        for child in group.children() {
            match child {
                Node::Group(g) => stack.push(g),
                // Closed shapes that can hold a line of text: not arrowheads or dots.
                Node::Path(p)
                    if p.data().segments().any(|s| s == PathSegment::Close)
                        && p.abs_bounding_box().width() >= MIN_SHAPE
                        && p.abs_bounding_box().height() >= MIN_SHAPE =>
                {
                    shapes.push(p.abs_bounding_box())
                }
                Node::Text(t) => texts.push((
                    t.chunks().iter().map(|c| c.text()).collect(),
                    t.flattened().abs_bounding_box(),
                )),
                _ => {}
            }
        }
    }
    let mut inside = 0;
    let mut out = Vec::new();
    for (content, ink) in texts {
        let (cx, cy) = (
            (ink.left() + ink.right()) / 2.0,
            (ink.top() + ink.bottom()) / 2.0,
        );
        let holder = shapes
            .iter()
            .filter(|s| s.left() <= cx && cx <= s.right() && s.top() <= cy && cy <= s.bottom())
            .min_by(|a, b| (a.width() * a.height()).total_cmp(&(b.width() * b.height())));
        let Some(shape) = holder else { continue };
        inside += 1;
        const SLACK: f32 = 0.5;
        if ink.left() < shape.left() - SLACK
            || ink.right() > shape.right() + SLACK
            || ink.top() < shape.top() - SLACK
            || ink.bottom() > shape.bottom() + SLACK
        {
            out.push(format!("{content:?} {ink:?} in {shape:?}"));
        }
    }
    (inside, out)
}

/// Draws every source of `kind` (a file with one of its extensions) in `folders` (relative to
/// the crate) as SVG and measures [`texts_out_of_their_shapes`]: fails unless the sources
/// with a text running out are exactly `expected` (file names, as measured and explained
/// where the list is written: a fix that mends one case cannot hide a new break), or when
/// nothing was measured. A source refused (over a limit) is skipped: the kind's own tests say
/// why.
pub fn text_ink_within(kind: &str, folders: &[&str], expected: &[&str]) {
    let extensions = edgeviz::kinds::find(kind).unwrap().extensions();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut drawn, mut inside, mut out, mut cases) = (0, 0, Vec::new(), BTreeSet::new());
    for folder in folders {
        let mut files: Vec<_> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
                extensions.contains(&ext)
            })
            .collect();
        files.sort();
        for file in files {
            let resp = post(
                &format!("/{kind}/svg"),
                &std::fs::read_to_string(&file).unwrap(),
            );
            if resp.status != 200 {
                continue;
            }
            drawn += 1;
            let (n, bad) = texts_out_of_their_shapes(&text(&resp));
            inside += n;
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            if !bad.is_empty() {
                cases.insert(name.clone());
            }
            out.extend(bad.into_iter().map(|b| format!("{name}: {b}")));
        }
    }
    println!(
        "{kind}: {drawn} drawings, {inside} texts inside shapes, {} run out:\n  {}",
        out.len(),
        out.join("\n  ")
    );
    assert!(drawn > 0 && inside > 0, "{kind}: nothing measured");
    let expected: BTreeSet<String> = expected.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        cases, expected,
        "{kind}: the sources with a text out of its shape (left) are not those expected"
    );
}

// The golden cases, shared by tests/golden.rs and tests/pdf.rs.

/// One case: its kind, name and source file.
pub struct Case {
    pub kind: String,
    pub name: String,
    pub source: PathBuf,
}

/// Every case under `tests/cases/`: in each kind's folder, the files with one of the kind's
/// extensions (every kind on the list, built or not, so that none is silently dropped).
pub fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut out = Vec::new();
    let mut folders: Vec<_> = std::fs::read_dir(&root).unwrap().flatten().collect();
    folders.sort_by_key(|e| e.file_name());
    for folder in folders {
        let kind = folder.file_name().to_string_lossy().into_owned();
        let listed = edgeviz::kinds::LIST.iter().find(|l| l.name == kind);
        assert!(listed.is_some(), "tests/cases/{kind}/ is not a kind");
        let mut files: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for source in files {
            let ext = source.extension().and_then(|e| e.to_str()).unwrap_or("");
            if is_source(&kind, ext) {
                let name = source.file_stem().unwrap().to_string_lossy().into_owned();
                out.push(Case {
                    kind: kind.clone(),
                    name,
                    source,
                });
            }
        }
    }
    out
}

/// Whether a case file with extension `ext` is a source of `kind`: one of the built kind's
/// extensions; for a kind this build leaves out, any file but a reference (a format's
/// output, `.gv` for `dot`) or a note (`.md`).
fn is_source(kind: &str, ext: &str) -> bool {
    match edgeviz::kinds::find(kind) {
        Ok(k) => k.extensions().contains(&ext),
        Err(_) => {
            let reference = edgeviz::Format::ALL
                .iter()
                .any(|f| f.name() == ext && *f != edgeviz::Format::Dot);
            !reference && !["gv", "md"].contains(&ext)
        }
    }
}

/// The query string a case gives on its first line (`// options: QUERY`, `%% options: QUERY`).
pub fn options(source: &str) -> String {
    source
        .lines()
        .next()
        .and_then(|l| {
            l.strip_prefix("// options:")
                .or_else(|| l.strip_prefix("%% options:"))
        })
        .map(|o| o.trim().to_string())
        .unwrap_or_default()
}

/// Draws every hostile case of `kind` (`kinds::hostile_cases`: each family at, just over and
/// far over its limit, just over again behind each hiding prefix) natively and checks each
/// answers as declared: 200 at the limit, the family's status just over, a 4xx far over.
pub fn hostile_cases_answer_as_declared(kind: &str) {
    let mut wrong = Vec::new();
    for case in edgeviz::kinds::hostile_cases()
        .into_iter()
        .filter(|c| c.kind == kind)
    {
        let started = std::time::Instant::now();
        let resp = post(&case.path, &case.source);
        let ok = match (case.ok, case.status) {
            (true, _) => resp.status == 200,
            (false, Some(status)) => resp.status == status,
            (false, None) => (400..500).contains(&resp.status),
        };
        if !ok {
            let body = String::from_utf8_lossy(&resp.body);
            let body: String = body.chars().take(160).collect();
            wrong.push(format!(
                "{} {} (n = {}): {} {body}",
                case.family, case.label, case.n, resp.status
            ));
        }
        eprintln!(
            "{} {} ({}): {} in {:?}",
            case.family,
            case.label,
            case.n,
            resp.status,
            started.elapsed()
        );
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
