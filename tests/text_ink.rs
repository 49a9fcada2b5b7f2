//! Text ink inside the engine's boxes, in the PNG: neither svgbob nor the wavedrom crate (nor
//! edgeviz's `reg`) takes an outside text measurer — svgbob lays text on its character grid,
//! WaveDrom measures with a Helvetica width table — so each is drawn with the embedded face
//! whose metrics match what the engine assumed (Cousine, monospace, for svgbob; Arimo,
//! Helvetica's metrics, for WaveDrom), and this checks that the text each draws in a box or
//! field stays inside it. pikchr's scripts are checked in `tests/pikchr.rs`. erd and DBML are
//! not here: Graphviz measures and places their labels with the embedded faces' own metrics,
//! as for every graph, which the browser comparison covers (and the heuristic below misreads
//! Graphviz's underlined and edge-end labels).
//!
//! Each kind's golden cases and the reference project's examples in `tests/`. A kind's count
//! of texts running out may not grow past what was measured (`CEILINGS`, each explained).

mod common;

use std::path::Path;

use common::{post, text, texts_out_of_their_shapes};

/// Per kind: the folders of its sources, the source extension, and how many texts were
/// measured running out of their shapes (with the reason).
const CEILINGS: &[(&str, &[&str], &str, usize)] = &[
    // 12 drawings, 2,644 texts inside shapes, none out. svgbob draws most boxes as separate
    // lines, not closed shapes, so for most of its texts the shape found is the drawing's
    // background: there the check says only that no text runs off the drawing.
    (
        "svgbob",
        &["tests/cases/svgbob", "tests/svgbob-examples"],
        "bob",
        0,
    ),
    // 22 drawings, 173 texts inside shapes; 1 out: the golden `timing` case's tick number 6,
    // above the gap mark (a closed shape) it is not inside of.
    (
        "wavedrom",
        &["tests/cases/wavedrom", "tests/wavedrom-examples"],
        "wavedrom",
        1,
    ),
];

#[test]
fn text_ink_stays_inside_its_boxes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    for &(kind, folders, extension, ceiling) in CEILINGS {
        if edgeviz::kinds::find(kind).is_err() {
            continue; // not in this build
        }
        let (mut drawn, mut inside, mut out) = (0, 0, Vec::new());
        for folder in folders {
            let mut files: Vec<_> = std::fs::read_dir(root.join(folder))
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == extension))
                .collect();
            files.sort();
            for file in files {
                let resp = post(
                    &format!("/{kind}/svg"),
                    &std::fs::read_to_string(&file).unwrap(),
                );
                if resp.status != 200 {
                    continue; // over a limit or refused: the kind's own suite says why
                }
                drawn += 1;
                let (n, bad) = texts_out_of_their_shapes(&text(&resp));
                inside += n;
                let name = file.file_name().unwrap().to_string_lossy().into_owned();
                out.extend(bad.into_iter().map(|b| format!("{name}: {b}")));
            }
        }
        println!(
            "{kind}: {drawn} drawings, {inside} texts inside shapes, {} run out:\n  {}",
            out.len(),
            out.join("\n  ")
        );
        assert!(drawn > 0 && inside > 0, "{kind}: nothing measured");
        if out.len() > ceiling {
            failures.push(format!(
                "{kind}: {} texts run out of their shapes (ceiling {ceiling})",
                out.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
