//! PDF, read by a real reader: every golden case (`tests/cases/KIND/NAME.EXT`, as
//! tests/golden.rs) is rendered as PDF through the service (`POST /KIND/pdf`) and opened with
//! poppler's tools (Debian `poppler-utils`, installed by `scripts/setup-test-tools.sh`):
//!
//! - `pdfinfo`: one page, the size the SVG declares in points (`pt` as they are, CSS `px` ×
//!   0.75), unencrypted, no JavaScript;
//! - `pdftotext`: every word of the SVG's `<text>` comes back as text (the labels are text,
//!   not outlines);
//! - `pdftoppm`: the page drawn at the PNG's own size is within [`MAX_PIXELS_APART`] of
//!   edgeviz's PNG of the same case, both at [`COMPARE_SCALE`], by the metric of the browser comparison
//!   (tests/e2e/png-matches-browser.browser.test.mjs): the share of pixels with a channel more
//!   than 64 apart, both on white.
//!
//! One test per case, named `KIND/NAME`: `cargo test --test pdf -- mermaid/flowchart`. The
//! PDF, poppler's drawing and a diff image go to `tests/out/pdf/KIND/`; every case's figures
//! to `tests/out/pdf/figures.tsv`.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;

use common::{cases, options, Case};
use libtest_mimic::{Arguments, Failed, Trial};

/// Largest share of pixels apart between poppler's drawing of the PDF and edgeviz's PNG.
/// Measured over the 75 golden cases (tests/out/pdf/figures.tsv, 2026-12-06): median 0.60 %,
/// largest 3.08 % (mermaid/packet, rows of 1 px boxes), then graphviz/fonts 2.92 %.
const MAX_PIXELS_APART: f64 = 0.035;

/// The scale both are drawn at for the comparison. poppler adjusts thin strokes to whole
/// pixels (its renderers ignore the PDF's `SA false`), moving each edge of a line by up to
/// half a pixel where resvg draws it as it lies: at scale 1 that alone put a Mermaid packet
/// diagram of 1 px lines 8 % apart. Drawn larger, lines are a smaller share of the picture.
const COMPARE_SCALE: &str = "scale=3";

/// A pixel is apart when a channel differs by more than this (as the browser comparison).
const CHANNEL_APART: u8 = 64;

fn main() {
    let args = Arguments::from_args();
    let cases = cases();
    assert!(cases.len() >= 20, "golden cases missing");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/out/pdf");
    std::fs::create_dir_all(&out).unwrap();
    let figures = std::fs::File::create(out.join("figures.tsv")).unwrap();
    let figures = std::sync::Arc::new(std::sync::Mutex::new(figures));
    writeln!(
        figures.lock().unwrap(),
        "case\tpdf_bytes\tpng_bytes\tpixels_apart\tnotes"
    )
    .unwrap();
    let built: Vec<&str> = edgeviz::kinds::built().map(|k| k.name()).collect();
    let mut trials: Vec<Trial> = vec![Trial::test(
        "links_and_scripts_in_the_source_are_not_in_the_pdf",
        links_and_scripts_in_the_source_are_not_in_the_pdf,
    )];
    trials.extend(cases.into_iter().map(|case| {
        let name = format!("{}/{}", case.kind, case.name);
        let ignored = !built.contains(&case.kind.as_str());
        let figures = figures.clone();
        Trial::test(name, move || {
            let line = check(&case)?;
            writeln!(figures.lock().unwrap(), "{line}").unwrap();
            Ok(())
        })
        .with_ignored_flag(ignored)
    }));
    libtest_mimic::run(&args, trials).exit();
}

fn check(case: &Case) -> Result<String, Failed> {
    let source = std::fs::read_to_string(&case.source).unwrap();
    let query = options(&source);
    let render = |format: &str, query: &str| {
        let resp = common::call(
            "POST",
            &format!("/{}/{format}?{query}", case.kind),
            &[],
            source.as_bytes(),
        );
        if resp.status != 200 {
            return Err(format!("{format}: {} {}", resp.status, common::text(&resp)));
        }
        Ok(resp)
    };
    let pdf = render("pdf", &query)?;
    let svg = common::text(&render("svg", &query)?);
    // Compared at COMPARE_SCALE: the case's own `scale` left out.
    let compared: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("scale="))
        .chain([COMPARE_SCALE])
        .collect();
    let compared = compared.join("&");
    let png = render("png", &compared)?.body;
    let big_pdf = render("pdf", &compared)?.body;
    assert_eq!(pdf.header("Content-Type"), Some("application/pdf"));
    let out = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/out/pdf")
        .join(&case.kind);
    std::fs::create_dir_all(&out).unwrap();
    let file = out.join(format!("{}.pdf", case.name));
    std::fs::write(&file, &pdf.body).unwrap();
    let mut failures = Vec::new();
    failures.extend(active_part(&pdf.body));

    let info = poppler("pdfinfo", &[file.to_str().unwrap()]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .map(str::trim)
            .unwrap_or("")
            .to_string()
    };
    if field("Pages") != "1" {
        failures.push(format!("pages: {}", field("Pages")));
    }
    for (name, want) in [("Encrypted", "no"), ("JavaScript", "no")] {
        if field(name) != want {
            failures.push(format!("{name}: {}", field(name)));
        }
    }
    let scale: f64 = query
        .split('&')
        .find_map(|p| p.strip_prefix("scale="))
        .map_or(1.0, |s| s.parse().unwrap());
    // An SVG that declares no size (Mermaid's `width="100%"` without a `viewBox`) is as
    // large as usvg finds its drawing: the PNG's size at scale 1.
    // (The PNG's sides are whole pixels, rounded up: within 0.75 pt then.)
    let ((width, height), within) = match declared_points(&svg) {
        Some(size) => (size, 0.01),
        None => {
            let (w, h, _) = common::decode_png(&render("png", &query)?.body);
            let size = (f64::from(w) * 0.75 / scale, f64::from(h) * 0.75 / scale);
            (size, 0.75)
        }
    };
    let (width, height) = (width * scale, height * scale);
    let size = field("Page size");
    let got: Vec<f64> = size
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    if got.len() != 2 || (got[0] - width).abs() > within || (got[1] - height).abs() > within {
        failures.push(format!(
            "page size {size}, the SVG declares {width:.3} x {height:.3} pts"
        ));
    }

    let text: String = poppler("pdftotext", &[file.to_str().unwrap(), "-"])
        .split_whitespace()
        .collect::<String>()
        .chars()
        .filter(|c| !matches!(c, '\u{FE00}'..='\u{FE0F}'))
        .collect();
    let missing: Vec<String> = svg_words(&svg)
        .into_iter()
        .filter(|w| !text.contains(w.as_str()))
        .collect();
    if !missing.is_empty() {
        failures.push(format!("words not in the PDF's text: {missing:?}"));
    }

    let (w, h, expected) = common::decode_png(&png);
    let big = out.join(format!("{}.compared.pdf", case.name));
    std::fs::write(&big, &big_pdf).unwrap();
    let drawn = out.join(format!("{}.poppler", case.name));
    poppler(
        "pdftoppm",
        &[
            "-png",
            "-singlefile",
            "-scale-to-x",
            &w.to_string(),
            "-scale-to-y",
            &h.to_string(),
            big.to_str().unwrap(),
            drawn.to_str().unwrap(),
        ],
    );
    let drawn = std::fs::read(drawn.with_extension("poppler.png")).unwrap();
    let (dw, dh, actual) = decode_rgb(&drawn);
    let apart = if (dw, dh) != (w, h) {
        failures.push(format!("poppler drew {dw}×{dh}, the PNG is {w}×{h}"));
        1.0
    } else {
        let (apart, diff) = pixels_apart(&expected, &actual);
        if apart > MAX_PIXELS_APART {
            write_png(&out.join(format!("{}.diff.png", case.name)), w, h, &diff);
            failures.push(format!(
                "poppler's drawing is {:.3} % apart from the PNG (limit {:.3} %)",
                apart * 100.0,
                MAX_PIXELS_APART * 100.0
            ));
        }
        apart
    };
    let notes = pdf.header("X-Edgeviz-Diagnostic").unwrap_or("").to_string();
    if failures.is_empty() {
        Ok(format!(
            "{}/{}\t{}\t{}\t{apart:.5}\t{notes}",
            case.kind,
            case.name,
            pdf.body.len(),
            png.len()
        ))
    } else {
        Err(failures.join("\n").into())
    }
}

/// The first of PDF's active or external parts in `pdf`, if any: JavaScript, actions,
/// links, embedded files. The object dictionaries are plain text; only streams are
/// compressed, so a name in them is found as written.
fn active_part(pdf: &[u8]) -> Option<String> {
    const ACTIVE: &[&str] = &[
        "JavaScript",
        "JS",
        "Launch",
        "URI",
        "SubmitForm",
        "ImportData",
        "EmbeddedFile",
        "EmbeddedFiles",
        "OpenAction",
        "AA",
        "RichMedia",
        "GoToR",
        "GoToE",
        "Annots",
    ];
    let text = String::from_utf8_lossy(pdf);
    ACTIVE.iter().find_map(|name| {
        let key = format!("/{name}");
        text.match_indices(&key)
            .any(|(at, _)| !text[at + key.len()..].starts_with(|c: char| c.is_ascii_alphanumeric()))
            .then(|| format!("has {key}"))
    })
}

/// A graph's links (`URL`, `href`: `javascript:`, `file:`, `https:`) become nothing in the
/// PDF: no annotation, no action, not even the address.
fn links_and_scripts_in_the_source_are_not_in_the_pdf() -> Result<(), Failed> {
    let dot = r#"digraph { a [URL="javascript:alert(1)" label="a"]; b [href="https://example.com/" target="_blank"]; a -> b [URL="file:///etc/passwd"] }"#;
    let resp = common::call("POST", "/graphviz/pdf", &[], dot.as_bytes());
    if resp.status != 200 {
        return Err(format!("{} {}", resp.status, common::text(&resp)).into());
    }
    if let Some(part) = active_part(&resp.body) {
        return Err(part.into());
    }
    let text = String::from_utf8_lossy(&resp.body);
    if text.contains("example.com") || text.contains("passwd") {
        return Err("a link's address is in the PDF".into());
    }
    Ok(())
}

/// Runs a poppler tool, its standard output as text.
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool}: {e} (scripts/setup-test-tools.sh installs poppler-utils)")
    });
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The page size the SVG declares, in points: `width`/`height` in `pt` as they are, in `px`
/// (or no unit) × 0.75; the `viewBox` size × 0.75 where they are relative or absent; `None`
/// when it declares none of these.
fn declared_points(svg: &str) -> Option<(f64, f64)> {
    let doc = roxmltree::Document::parse_with_options(svg, xml()).unwrap();
    let root = doc.root_element();
    let view: Vec<f64> = root
        .attribute("viewBox")
        .unwrap_or("")
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter_map(|v| v.parse().ok())
        .collect();
    let side = |name: &str, index: usize| {
        let value = root.attribute(name).unwrap_or("").trim();
        if let Some(pt) = value.strip_suffix("pt") {
            return pt.parse::<f64>().ok();
        }
        let px = value.strip_suffix("px").unwrap_or(value);
        match px.parse::<f64>() {
            Ok(px) => Some(px * 0.75),
            Err(_) => view.get(index).map(|v| v * 0.75),
        }
    };
    Some((side("width", 2)?, side("height", 3)?))
}

/// The words of the SVG's texts, as their text content (entities decoded), no white space;
/// characters no embedded face has a glyph for left out (usvg lays them out as nothing, in
/// the PNG as in the PDF: a note says so). Not counted: text that is not shown
/// (`display:none`) and diagonal text, which is text in the PDF too but which `pdftotext`
/// reads in only four directions, so that its letters come back in pieces.
fn svg_words(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse_with_options(svg, xml()).unwrap();
    let mut words = Vec::new();
    for text in doc.descendants().filter(|n| n.has_tag_name("text")) {
        if text.ancestors().any(|a| hidden(&a) || diagonal(&a)) {
            continue;
        }
        let content: String = text
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .flat_map(str::chars)
            .filter(|c| c.is_whitespace() || has_glyph(*c))
            .collect();
        words.extend(content.split_whitespace().map(String::from));
    }
    words
}

fn hidden(node: &roxmltree::Node) -> bool {
    let style: String = node
        .attribute("style")
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    style.contains("display:none") || node.attribute("display") == Some("none")
}

fn diagonal(node: &roxmltree::Node) -> bool {
    let transform = node.attribute("transform").unwrap_or("");
    transform.split("rotate(").skip(1).any(|rest| {
        let angle: f64 = rest
            .split(|c: char| c == ')' || c == ',' || c.is_whitespace())
            .next()
            .and_then(|a| a.parse().ok())
            .unwrap_or(0.0);
        angle % 90.0 != 0.0
    })
}

/// Whether an embedded face has a glyph for `c` (variation selectors and joiners never
/// come back as text).
fn has_glyph(c: char) -> bool {
    use skrifa::MetadataProvider;
    if matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{200B}'..='\u{200D}' | '\u{2060}') {
        return false;
    }
    let db = edgeviz::fonts::database();
    let found = db.faces().any(|face| {
        db.with_face_data(face.id, |data, index| {
            skrifa::FontRef::from_index(data, index).is_ok_and(|f| f.charmap().map(c).is_some())
        })
        .unwrap_or(false)
    });
    found
}

/// Graphviz's SVG has a DOCTYPE.
fn xml<'a>() -> roxmltree::ParsingOptions<'a> {
    roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    }
}

/// A PNG decoded to RGB on white, whatever its colour type. (Plain loops: the test runs
/// unoptimised, and these see millions of pixels a case.)
fn decode_rgb(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let channels = info.color_type.samples();
    let mut rgb = Vec::with_capacity(buf.len() / channels * 3);
    for p in buf.chunks_exact(channels) {
        let (r, g, b, a) = match channels {
            1 => (p[0], p[0], p[0], 255),
            2 => (p[0], p[0], p[0], p[1]),
            3 => (p[0], p[1], p[2], 255),
            _ => (p[0], p[1], p[2], p[3]),
        };
        rgb.push(over_white(r, a));
        rgb.push(over_white(g, a));
        rgb.push(over_white(b, a));
    }
    (info.width, info.height, rgb)
}

/// A channel of alpha `a` over white.
fn over_white(c: u8, a: u8) -> u8 {
    let (c, a) = (u32::from(c), u32::from(a));
    ((c * a + 255 * (255 - a) + 127) / 255) as u8
}

/// The share of pixels of `expected` (RGBA) and `actual` (RGB on white) with a channel more
/// than [`CHANNEL_APART`] apart, and a diff image (red where apart).
fn pixels_apart(expected: &[u8], actual: &[u8]) -> (f64, Vec<u8>) {
    let mut diff = Vec::with_capacity(actual.len());
    let mut apart = 0usize;
    let pixels = actual.len() / 3;
    for i in 0..pixels {
        let (e, a) = (&expected[i * 4..i * 4 + 4], &actual[i * 3..i * 3 + 3]);
        let mut off = false;
        for c in 0..3 {
            off |= over_white(e[c], e[3]).abs_diff(a[c]) > CHANNEL_APART;
        }
        apart += usize::from(off);
        if off {
            diff.extend_from_slice(&[255, 0, 0]);
        } else {
            diff.extend_from_slice(&[a[0] / 3 + 170, a[1] / 3 + 170, a[2] / 3 + 170]);
        }
    }
    (apart as f64 / pixels.max(1) as f64, diff)
}

fn write_png(path: &Path, width: u32, height: u32, rgb: &[u8]) {
    let file = std::fs::File::create(path).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), width, height);
    enc.set_color(png::ColorType::Rgb);
    enc.write_header().unwrap().write_image_data(rgb).unwrap();
}
