//! Benchmark (not a test): renders every DOT file of the public corpus natively through
//! edgeviz's pipeline (`edgeviz::draw`, limits included) and prints, per file, the time for
//! SVG, PNG and PDF (median of several runs) and the PNG's and PDF's bytes, plus the Worker's
//! wasm size raw and gzipped.
//!
//!     cargo bench --bench corpus                # every file
//!     cargo bench --bench corpus -- b100 root   # files whose path contains a pattern
//!     EDGEVIZ_BENCH_RUNS=1 cargo bench --bench corpus
//!
//! A file that takes longer than 30 s is reported as a timeout and skipped.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use edgeviz::{kinds, Diagram, Format, Options};

const TIMEOUT: Duration = Duration::from_secs(30);

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let patterns: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let runs: usize = std::env::var("EDGEVIZ_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let mut files = Vec::new();
    collect(&root.join("tests/corpus"), &mut files);
    files.sort();
    files.retain(|f| {
        let s = f.to_string_lossy();
        patterns.is_empty() || patterns.iter().any(|p| s.contains(p.as_str()))
    });

    println!(
        "{:<58} {:>7} {:>10} {:>10} {:>9} {:>10} {:>9}  status",
        "file", "bytes", "svg ms", "png ms", "png KB", "pdf ms", "pdf KB"
    );
    let (mut svg_total, mut png_total, mut png_bytes, mut ok, mut failed) =
        (0.0, 0.0, 0usize, 0, 0);
    let (mut pdf_total, mut pdf_bytes) = (0.0, 0usize);
    for file in &files {
        let name = file.strip_prefix(root.join("tests/corpus")).unwrap_or(file);
        // Read as the service reads a body: UTF-8, or refused.
        let source = edgeviz::request::source(
            kinds::find("graphviz").unwrap(),
            std::fs::read(file).unwrap(),
        );
        let svg = match &source {
            Ok(source) => time(source, Format::Svg, runs),
            Err(e) => Err(format!("{} {}", e.status(), short(&e.to_string()))),
        };
        let source = source.unwrap_or_default();
        let png = match &svg {
            Ok(_) => time(&source, Format::Png, runs),
            Err(e) => Err(e.clone()),
        };
        let pdf = match &svg {
            Ok(_) => time(&source, Format::Pdf, runs),
            Err(e) => Err(e.clone()),
        };
        let svg = svg.map(|(ms, _)| ms);
        let (s, p) = (
            fmt_ms(&svg),
            fmt_ms(&png.as_ref().map(|(ms, _)| *ms).map_err(Clone::clone)),
        );
        let kb = |r: &Result<(f64, usize), String>| {
            r.as_ref()
                .map_or("-".into(), |(_, n)| format!("{:.1}", *n as f64 / 1024.0))
        };
        let d = fmt_ms(&pdf.as_ref().map(|(ms, _)| *ms).map_err(Clone::clone));
        let status = match (&svg, &png, &pdf) {
            (Ok(_), Ok(_), Ok(_)) => "ok".to_string(),
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => e.clone(),
        };
        if let (Ok(a), Ok((b, n)), Ok((c, m))) = (&svg, &png, &pdf) {
            svg_total += a;
            png_total += b;
            png_bytes += n;
            pdf_total += c;
            pdf_bytes += m;
            ok += 1;
        } else {
            failed += 1;
        }
        println!(
            "{:<58} {:>7} {:>10} {:>10} {:>9} {:>10} {:>9}  {}",
            name.display(),
            source.len(),
            s,
            p,
            kb(&png),
            d,
            kb(&pdf),
            status
        );
    }
    println!();
    println!("files: {} rendered, {} refused or failed", ok, failed);
    println!(
        "total over rendered files: svg {svg_total:.1} ms, png {png_total:.1} ms, png {:.1} KB, \
         pdf {pdf_total:.1} ms, pdf {:.1} KB",
        png_bytes as f64 / 1024.0,
        pdf_bytes as f64 / 1024.0
    );
    let wasm = root.join("build/index_bg.wasm");
    match std::fs::read(&wasm) {
        Ok(bytes) => {
            let gz = gzip_len(&bytes);
            println!(
                "worker wasm: {} bytes raw, {} bytes gzipped ({:.2} MB / {:.2} MB)",
                bytes.len(),
                gz,
                bytes.len() as f64 / 1e6,
                gz as f64 / 1e6
            );
        }
        Err(_) => println!("worker wasm: not built (run scripts/build-worker.sh)"),
    }
    std::process::exit(0);
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "gv") {
            out.push(path);
        }
    }
}

/// Median milliseconds of `runs` renders and the output size, or the error / timeout.
fn time(source: &str, format: Format, runs: usize) -> Result<(f64, usize), String> {
    let (mut samples, mut size) = (Vec::new(), 0);
    for _ in 0..runs.max(1) {
        let (tx, rx) = mpsc::channel();
        let diagram = Diagram {
            kind: kinds::find("graphviz").unwrap(),
            format,
            source: source.to_string(),
            options: Options::default(),
        };
        std::thread::spawn(move || {
            let start = Instant::now();
            let result = edgeviz::draw(&diagram).map(|o| (start.elapsed(), o.bytes.len()));
            let _ = tx.send(result);
        });
        match rx.recv_timeout(TIMEOUT) {
            Ok(Ok((d, n))) => {
                samples.push(d.as_secs_f64() * 1000.0);
                size = n;
            }
            Ok(Err(e)) => return Err(format!("{} {}", e.status(), short(&e.to_string()))),
            Err(_) => return Err(format!("timeout > {} s", TIMEOUT.as_secs())),
        }
        if samples.last().copied().unwrap_or(0.0) > 2000.0 {
            break; // slow file: one sample is enough
        }
    }
    samples.sort_by(f64::total_cmp);
    Ok((samples[samples.len() / 2], size))
}

fn fmt_ms(r: &Result<f64, String>) -> String {
    match r {
        Ok(ms) => format!("{ms:.2}"),
        Err(_) => "-".into(),
    }
}

fn short(s: &str) -> String {
    s.chars().take(70).collect()
}

fn gzip_len(bytes: &[u8]) -> usize {
    // zlib at level 9 differs from gzip -9 by a few header bytes only.
    miniz_oxide::deflate::compress_to_vec_zlib(bytes, 9).len()
}
