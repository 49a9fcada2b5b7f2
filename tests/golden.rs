//! Golden cases: `tests/cases/KIND/NAME.EXT` — the folder names the kind, `EXT` is one of the
//! kind's file extensions — is rendered through the service (`POST /KIND/FORMAT`) as SVG and
//! PNG and compared with `NAME.svg` (byte for byte) and `NAME.png` (same size, every channel
//! of every pixel within 1); a kind's other formats are compared too where a reference is
//! there (`NAME.gv` for `dot`, the graph a WIT source becomes). A first line
//! `// options: QUERY` (`%% options: QUERY` in Mermaid) gives the query string.
//!
//! One test per case, named `KIND/NAME`: `cargo test --test golden -- mermaid/flowchart`.
//! A case of a kind this build leaves out (the free-plan build) is ignored.
//!
//! References were looked at before they were committed. After a deliberate change:
//! `EDGEVIZ_BLESS=1 cargo test --test golden`, then look at every changed PNG. On a
//! mismatch the actual output and a diff image go to `tests/out/golden/KIND/`.

mod common;

use std::path::Path;

use common::{cases, options, Case};

use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let args = Arguments::from_args();
    let cases = cases();
    assert!(cases.len() >= 20, "golden cases missing");
    let built: Vec<&str> = edgeviz::kinds::built().map(|k| k.name()).collect();
    let trials = cases
        .into_iter()
        .map(|case| {
            let name = format!("{}/{}", case.kind, case.name);
            let ignored = !built.contains(&case.kind.as_str());
            Trial::test(name, move || check(&case)).with_ignored_flag(ignored)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// The reference file's extension for a format (`dot` is written `.gv`, so that it is never
/// taken for a Graphviz source).
fn reference_extension(format: &str) -> &str {
    if format == "dot" {
        "gv"
    } else {
        format
    }
}

fn check(case: &Case) -> Result<(), Failed> {
    let kind = edgeviz::kinds::find(&case.kind).map_err(|e| e.to_string())?;
    let source = std::fs::read_to_string(&case.source).unwrap();
    let query = options(&source);
    let out = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/out/golden")
        .join(&case.kind);
    std::fs::create_dir_all(&out).unwrap();
    let bless = std::env::var_os("EDGEVIZ_BLESS").is_some();
    // Kana, Hangul and Han are drawn with the CJK fallback face, which the free-plan build
    // leaves out: there its PNGs differ (the SVG does not).
    let needs_cjk = source.chars().any(|c| {
        matches!(u32::from(c), 0x1100..=0x11FF | 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
    });
    let reference = |format: &str| case.source.with_extension(reference_extension(format));
    // SVG and PNG always; another format of the kind where its reference is there.
    let formats: Vec<&str> = kind
        .formats()
        .iter()
        .map(|f| f.name())
        .filter(|f| ["svg", "png"].contains(f) || reference(f).exists())
        .collect();
    let mut failures = Vec::new();
    for format in formats {
        if format == "png" && needs_cjk && !cfg!(feature = "cjk-font") {
            continue;
        }
        let path = format!("/{}/{format}?{query}", case.kind);
        let resp = common::call("POST", &path, &[], source.as_bytes());
        if resp.status != 200 {
            failures.push(format!(
                "{format}: {} {}",
                resp.status,
                String::from_utf8_lossy(&resp.body)
            ));
            continue;
        }
        let reference = reference(format);
        let expected = std::fs::read(&reference).ok();
        let same = expected.as_deref().is_some_and(|expected| match format {
            "png" => png_close(
                expected,
                &resp.body,
                &out.join(format!("{}.diff.png", case.name)),
            ),
            _ => expected == resp.body,
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
            failures.push(format!("{format}: no reference (run with EDGEVIZ_BLESS=1)"));
            continue;
        }
        if !same {
            let actual = out.join(format!("{}.actual.{format}", case.name));
            std::fs::write(&actual, &resp.body).unwrap();
            failures.push(format!(
                "{format} differs from {} (actual: {})",
                reference.display(),
                actual.display()
            ));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n").into())
    }
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
