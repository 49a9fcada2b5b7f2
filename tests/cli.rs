//! The command-line tool, run as a user runs it: the format from `-o`'s extension or
//! `--format`, the file to `-o` or standard output, errors with their position on standard
//! error and a failing exit status.

use std::io::Write;
use std::process::{Command, Stdio};

fn edgeviz(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_edgeviz"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn pdf_from_the_output_file_name_or_the_format_option() {
    let dir = std::env::temp_dir().join(format!("edgeviz-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("ab.dot");
    std::fs::write(&source, "digraph { alpha -> beta }").unwrap();
    let pdf = dir.join("ab.pdf");
    let out = edgeviz(
        &[
            "render",
            source.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read(&pdf).unwrap();
    assert!(written.starts_with(b"%PDF-1."));
    let piped = edgeviz(&["render", "--format", "pdf"], "digraph { alpha -> beta }");
    assert!(piped.status.success());
    assert_eq!(piped.stdout, written, "the same bytes either way");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_source_fails_with_its_position() {
    let out = edgeviz(&["render", "--format", "pdf"], "digraph {\n  a -> \n");
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3") || err.contains("3:"), "{err}");
}
