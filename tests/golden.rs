//! Golden cases: each `tests/cases/NAME.dot` is rendered through the service as SVG and PNG
//! and compared with `NAME.svg` (byte for byte) and `NAME.png` (same size, every channel of
//! every pixel within 1). Each `NAME.wit` likewise through `/wit/`, and its generated
//! Graphviz source with `NAME.gv` (byte for byte), and each `NAME.mmd` through `/mermaid/`.
//! A first line `// options: QUERY` (`%% options: QUERY` in Mermaid) gives the query string.
//!
//! References were looked at before they were committed. After a deliberate change:
//! `EDGEVIZ_BLESS=1 cargo test --test golden`, then look at every changed PNG. On a
//! mismatch the actual output and a diff image go to `tests/out/golden/`.

mod common;

use std::path::Path;

fn options(source: &str) -> String {
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

#[test]
fn golden_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cases = root.join("tests/cases");
    let out = root.join("tests/out/golden");
    std::fs::create_dir_all(&out).unwrap();
    let bless = std::env::var_os("EDGEVIZ_BLESS").is_some();
    let mut names: Vec<_> = std::fs::read_dir(&cases)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "dot" || e == "wit" || e == "mmd")
        })
        .collect();
    names.sort();
    assert!(names.len() >= 20, "golden cases missing");
    let mut failures = Vec::new();
    for path in &names {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(path).unwrap();
        let query = options(&source);
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let (kind, formats): (_, &[_]) = match extension {
            "wit" => ("wit", &["svg", "png", "dot"]),
            "mmd" => ("mermaid", &["svg", "png"]),
            _ => ("graphviz", &["svg", "png"]),
        };
        // A build without a type's feature (the free-plan build) skips its cases.
        let built: Vec<_> = edgeviz::kinds::built().collect();
        if !built.iter().any(|t| t.name() == kind) {
            continue;
        }
        // Kana, Hangul and Han are drawn with the CJK fallback face, which the free-plan build
        // leaves out: there its PNGs differ (the SVG does not).
        let needs_cjk = source.chars().any(|c| {
            matches!(u32::from(c), 0x1100..=0x11FF | 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
        });
        for &format in formats {
            if format == "png" && needs_cjk && !cfg!(feature = "cjk-font") {
                continue;
            }
            let resp = common::call(
                "POST",
                &format!("/{kind}/{format}?{query}"),
                &[],
                source.as_bytes(),
            );
            assert_eq!(
                resp.status,
                200,
                "{name}.{format}: {}",
                String::from_utf8_lossy(&resp.body)
            );
            let extension = if format == "dot" { "gv" } else { format };
            let reference = cases.join(format!("{name}.{extension}"));
            let expected = std::fs::read(&reference).ok();
            let same = expected.as_deref().is_some_and(|expected| match format {
                "svg" | "dot" => expected == resp.body,
                _ => png_close(expected, &resp.body, &out.join(format!("{name}.diff.png"))),
            });
            // Blessing rewrites only the references that no longer match, so that what
            // changed is what must be looked at.
            if bless {
                if !same {
                    std::fs::write(&reference, &resp.body).unwrap();
                }
                continue;
            }
            if expected.is_none() {
                failures.push(format!(
                    "{name}.{format}: no reference (run with EDGEVIZ_BLESS=1)"
                ));
                continue;
            }
            if !same {
                std::fs::write(out.join(format!("{name}.actual.{format}")), &resp.body).unwrap();
                failures.push(format!("{name}.{format} differs from its reference"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Same size and every channel within 1; otherwise writes a diff image (red where off).
fn png_close(expected: &[u8], actual: &[u8], diff_path: &Path) -> bool {
    let (ew, eh, e) = common::decode_png(expected);
    let (aw, ah, a) = common::decode_png(actual);
    if (ew, eh) != (aw, ah) {
        return false;
    }
    let mut diff = Vec::with_capacity(a.len());
    let mut off = 0usize;
    for (pe, pa) in e.chunks(4).zip(a.chunks(4)) {
        let bad = pe.iter().zip(pa).any(|(x, y)| x.abs_diff(*y) > 1);
        off += usize::from(bad);
        let pixel = if bad {
            [255, 0, 0, 255]
        } else {
            [pa[0] / 3, pa[1] / 3, pa[2] / 3, 255]
        };
        diff.extend_from_slice(&pixel);
    }
    if off > 0 {
        let file = std::fs::File::create(diff_path).unwrap();
        let mut enc = png::Encoder::new(std::io::BufWriter::new(file), aw, ah);
        enc.set_color(png::ColorType::Rgba);
        enc.write_header().unwrap().write_image_data(&diff).unwrap();
    }
    off == 0
}
