//! Every file of the public corpus (`tests/corpus/`, copied from `../shared/corpus/public`
//! with its licences) through edgeviz's pipeline, natively, with a time limit per file.
//!
//! The outcome of each file (rendered, or refused with a 4xx and why) must match
//! `tests/corpus/expected.tsv`; a file that renders must give well-formed SVG and a PNG that
//! is not blank. No file may panic, fail with a 5xx or run past the limit. The run writes
//! `tests/out/corpus-report.tsv` (file, status, milliseconds) to show which files are slow.
//!
//! After a deliberate change: `EDGEVIZ_UPDATE_EXPECTED=1 cargo test --test corpus`, then
//! review the diff of expected.tsv.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use edgeviz::{kinds, Diagram, Format, Options};

const PER_FILE: Duration = Duration::from_secs(60);

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "gv") {
            out.push(p);
        }
    }
}

fn draw(source: &str, format: Format) -> (Result<edgeviz::Output, edgeviz::Error>, Duration) {
    let diagram = Diagram {
        kind: kinds::find("graphviz").unwrap(),
        format,
        source: source.to_string(),
        options: Options::default(),
    };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let start = Instant::now();
        let r = edgeviz::draw(&diagram);
        let _ = tx.send((r, start.elapsed()));
    });
    rx.recv_timeout(PER_FILE)
        .unwrap_or_else(|_| panic!("over the {PER_FILE:?} limit"))
}

#[test]
fn corpus_outcomes_match_expected() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut all = Vec::new();
    files(&root, &mut all);
    all.sort();
    assert!(all.len() >= 90, "corpus missing: {} files", all.len());

    let mut outcomes = BTreeMap::new();
    let mut report = String::from("file\tstatus\tsvg_ms\n");
    for path in &all {
        let name = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // Read as the service reads a body: UTF-8 or a 400.
        let source = match edgeviz::request::source(
            kinds::find("graphviz").unwrap(),
            std::fs::read(path).unwrap(),
        ) {
            Ok(s) => s,
            Err(e) => {
                let outcome = format!("{} {}", e.status(), e.code());
                report.push_str(&format!("{name}\t{outcome}\t0\n"));
                outcomes.insert(name, outcome);
                continue;
            }
        };
        let (result, took) = draw(&source, Format::Svg);
        let outcome = match &result {
            Ok(out) => {
                let svg = std::str::from_utf8(&out.bytes).unwrap();
                assert!(
                    svg.contains("<svg") && svg.trim_end().ends_with("</svg>"),
                    "{name}"
                );
                let (png, _) = draw(&source, Format::Png);
                let png = png.unwrap_or_else(|e| panic!("{name}: SVG ok but PNG failed: {e}"));
                let (w, h, rgba) = common::decode_png(&png.bytes);
                assert!(w > 0 && h > 0, "{name}");
                assert!(common::ink_pixels(&rgba) > 0, "{name}: blank PNG");
                "ok".to_string()
            }
            Err(e) => {
                assert!(
                    (400..500).contains(&e.status()),
                    "{name}: {} {e}",
                    e.status()
                );
                format!("{} {}", e.status(), e.code())
            }
        };
        report.push_str(&format!("{name}\t{outcome}\t{}\n", took.as_millis()));
        outcomes.insert(name, outcome);
    }
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/out");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("corpus-report.tsv"), &report).unwrap();

    let actual: String = outcomes
        .iter()
        .map(|(k, v)| format!("{k}\t{v}\n"))
        .collect();
    let expected_path = root.join("expected.tsv");
    if std::env::var_os("EDGEVIZ_UPDATE_EXPECTED").is_some() {
        std::fs::write(&expected_path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert_eq!(
        actual, expected,
        "corpus outcomes changed (see tests/out/corpus-report.tsv)"
    );
}
