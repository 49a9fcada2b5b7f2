//! Every example of Mermaid's own documentation (`tests/mermaid-docs/*.mmd`, extracted from
//! mermaid-js/mermaid's docs as `tests/mermaid-docs/SOURCES.md` says) POSTed to
//! `/mermaid/svg`, natively, one at a time, with a time limit per file.
//!
//! The test prints how many render, and every failure with its status and the first line of
//! the error body, grouped by diagram type (the source's first keyword). Each file's status
//! must match `tests/mermaid-docs/expected.tsv`: a file that rendered and now fails, a status
//! that changed, and a file that now renders where it did not all fail the test (so the file
//! cannot drift). A changed reason with the same status is only printed. The run writes
//! `tests/out/mermaid-docs-report.tsv` (file, type, status, milliseconds, reason).
//!
//! After a deliberate change: `EDGEVIZ_BLESS=1 cargo test --test mermaid_docs`, then review
//! the diff of expected.tsv.

#![cfg(feature = "mermaid")]

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A file still rendering after this is recorded as `timeout` (its thread is left behind).
const PER_FILE: Duration = Duration::from_secs(60);
/// Files slower than this are listed.
const SLOW: Duration = Duration::from_secs(2);
/// Reasons are cut to this many characters in expected.tsv and the table.
const REASON_CHARS: usize = 120;

struct Outcome {
    kind: String,
    /// The HTTP status, or `panic` / `timeout`.
    status: String,
    /// The first line of the error body; empty when it rendered.
    reason: String,
    took: Duration,
}

/// The diagram type: the first word of the source after front matter, `%%{...}%%`
/// directives (one or more lines) and `%%` comments.
fn diagram_kind(source: &str) -> String {
    let mut lines = source.lines().map(str::trim).peekable();
    while lines.peek().is_some_and(|l| l.is_empty()) {
        lines.next();
    }
    if lines.peek() == Some(&"---") {
        lines.next();
        for l in lines.by_ref() {
            if l == "---" {
                break;
            }
        }
    }
    let mut in_directive = false;
    for l in lines {
        if in_directive {
            in_directive = !l.contains("}%%");
            continue;
        }
        if l.starts_with("%%{") {
            in_directive = !l.contains("}%%");
            continue;
        }
        if l.is_empty() || l.starts_with("%%") {
            continue;
        }
        let word: String = l
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        return if word.is_empty() { "?".into() } else { word };
    }
    "(none)".into()
}

fn one_line(s: &str) -> String {
    let line = s
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let clean: String = line
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if clean.chars().count() > REASON_CHARS {
        clean.chars().take(REASON_CHARS - 1).collect::<String>() + "…"
    } else {
        clean
    }
}

fn render(source: String) -> (String, String, Duration) {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let start = Instant::now();
        let r = std::panic::catch_unwind(|| {
            common::call(
                "POST",
                "/mermaid/svg",
                &[("Content-Type", "text/plain")],
                source.as_bytes(),
            )
        });
        let _ = tx.send((r, start.elapsed()));
    });
    match rx.recv_timeout(PER_FILE) {
        Ok((Ok(resp), took)) => {
            if resp.status == 200 {
                let body = String::from_utf8_lossy(&resp.body);
                let svg = resp
                    .header("content-type")
                    .is_some_and(|t| t.starts_with("image/svg+xml"))
                    && body.contains("<svg")
                    && body.trim_end().ends_with("</svg>");
                if svg {
                    ("200".into(), String::new(), took)
                } else {
                    ("200-not-svg".into(), one_line(&body), took)
                }
            } else {
                let body = String::from_utf8_lossy(&resp.body);
                (resp.status.to_string(), one_line(&body), took)
            }
        }
        Ok((Err(payload), took)) => {
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            ("panic".into(), one_line(&msg), took)
        }
        Err(_) => ("timeout".into(), format!("over {PER_FILE:?}"), PER_FILE),
    }
}

/// expected.tsv: `file<TAB>status<TAB>reason`, `#` lines are comments.
fn read_expected(path: &Path) -> BTreeMap<String, (String, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut f = l.splitn(3, '\t');
            let file = f.next().unwrap_or("").to_string();
            let status = f.next().unwrap_or("").to_string();
            let reason = f.next().unwrap_or("").to_string();
            (file, (status, reason))
        })
        .collect()
}

#[test]
fn mermaid_docs_examples_match_expected() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mermaid-docs");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".mmd"))
        .collect();
    names.sort();
    assert!(names.len() >= 400, "corpus missing: {} files", names.len());

    let started = Instant::now();
    let mut outcomes: BTreeMap<String, Outcome> = BTreeMap::new();
    for name in &names {
        let source = std::fs::read_to_string(root.join(name)).unwrap();
        let kind = diagram_kind(&source);
        let (status, reason, took) = render(source);
        outcomes.insert(
            name.clone(),
            Outcome {
                kind,
                status,
                reason,
                took,
            },
        );
    }
    let total_time = started.elapsed();

    // The table: per type, then every failure grouped by type.
    let mut by_kind: BTreeMap<&str, Vec<(&String, &Outcome)>> = BTreeMap::new();
    for (name, o) in &outcomes {
        by_kind.entry(o.kind.as_str()).or_default().push((name, o));
    }
    let rendered = outcomes.values().filter(|o| o.status == "200").count();
    let mut table = String::new();
    writeln!(
        table,
        "\nMermaid docs examples: {rendered} / {} rendered ({:.1} s)",
        outcomes.len(),
        total_time.as_secs_f64()
    )
    .unwrap();
    writeln!(table, "\n{:<28} {:>6} {:>6}", "type", "ok", "total").unwrap();
    for (kind, list) in &by_kind {
        let ok = list.iter().filter(|(_, o)| o.status == "200").count();
        writeln!(table, "{kind:<28} {ok:>6} {:>6}", list.len()).unwrap();
    }
    for (kind, list) in &by_kind {
        let failed: Vec<_> = list.iter().filter(|(_, o)| o.status != "200").collect();
        if failed.is_empty() {
            continue;
        }
        writeln!(table, "\n[{kind}] {} failing", failed.len()).unwrap();
        for (name, o) in failed {
            writeln!(table, "  {name:<36} {:<7} {}", o.status, o.reason).unwrap();
        }
    }
    let mut slow: Vec<_> = outcomes.iter().filter(|(_, o)| o.took > SLOW).collect();
    slow.sort_by_key(|(_, o)| std::cmp::Reverse(o.took));
    if !slow.is_empty() {
        writeln!(table, "\nslower than {SLOW:?}:").unwrap();
        for (name, o) in slow {
            writeln!(
                table,
                "  {name:<36} {:>8.2} s  {}",
                o.took.as_secs_f64(),
                o.status
            )
            .unwrap();
        }
    }
    println!("{table}");

    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let mut report = String::from("file\ttype\tstatus\tms\treason\n");
    for (name, o) in &outcomes {
        writeln!(
            report,
            "{name}\t{}\t{}\t{}\t{}",
            o.kind,
            o.status,
            o.took.as_millis(),
            o.reason
        )
        .unwrap();
    }
    std::fs::write(out_dir.join("mermaid-docs-report.tsv"), &report).unwrap();

    let expected_path = root.join("expected.tsv");
    if std::env::var("EDGEVIZ_BLESS").is_ok_and(|v| v == "1") {
        let mut text = String::from(
            "# file\tstatus\treason: EDGEVIZ_BLESS=1 cargo test --test mermaid_docs rewrites this\n",
        );
        for (name, o) in &outcomes {
            writeln!(text, "{name}\t{}\t{}", o.status, o.reason).unwrap();
        }
        std::fs::write(&expected_path, text).unwrap();
        println!("blessed {}", expected_path.display());
        return;
    }

    let expected = read_expected(&expected_path);
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    for (name, o) in &outcomes {
        match expected.get(name) {
            None => problems.push(format!("{name}: not in expected.tsv (now {})", o.status)),
            Some((status, _)) if status == "200" && o.status != "200" => problems.push(format!(
                "{name}: rendered before, now {} {}",
                o.status, o.reason
            )),
            Some((status, _)) if status != "200" && o.status == "200" => problems.push(format!(
                "{name}: now renders (was {status}): update expected.tsv"
            )),
            Some((status, reason)) if *status != o.status => problems.push(format!(
                "{name}: status {status} -> {} ({reason} -> {})",
                o.status, o.reason
            )),
            Some((_, reason)) if *reason != o.reason => {
                notes.push(format!("{name}: reason now {}", o.reason))
            }
            Some(_) => {}
        }
    }
    for name in expected.keys() {
        if !outcomes.contains_key(name) {
            problems.push(format!("{name}: in expected.tsv but no such file"));
        }
    }
    if !notes.is_empty() {
        println!(
            "same status, other reason ({}):\n  {}",
            notes.len(),
            notes.join("\n  ")
        );
    }
    assert!(
        problems.is_empty(),
        "{} outcomes differ from tests/mermaid-docs/expected.tsv:\n  {}\n\
         If these changes are intended: EDGEVIZ_BLESS=1 cargo test --test mermaid_docs, \
         then review the diff of expected.tsv.",
        problems.len(),
        problems.join("\n  ")
    );
}
