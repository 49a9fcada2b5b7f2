//! The module graph under `src/`: imports flow one way, from the hosts through the service
//! and the pipeline to the kinds and on to the shared stages (the order `src/lib.rs`'s
//! overview gives). Each top-level module has a layer; a module may use modules of its own
//! layer or below, never above, and the graph is acyclic. A new kind's name appears under
//! `src/` only in its own module and in the kinds list.
//!
//! `cargo test --test modules -- --nocapture` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every top-level module and its layer (higher uses lower).
const LAYERS: &[(&str, u8)] = &[
    // hosts
    ("worker", 6),
    ("wasi", 6),
    ("wasm_api", 6),
    ("contained", 6),
    // the service: HTTP in, HTTP out
    ("service", 5),
    // the one render path and its caches' vocabulary
    ("render", 4),
    ("cache", 4),
    ("store", 4),
    // the pipeline
    ("request", 3),
    ("pipeline", 3),
    ("engine", 3),
    ("wire", 3),
    // the kinds
    ("kinds", 2),
    // the shared stages
    ("graph", 1),
    ("svg", 1),
    ("theme", 1),
    ("raster", 1),
    ("pdf", 1),
    ("fonts", 1),
    // the vocabulary under everything
    ("diagram", 0),
    ("encoding", 0),
    ("error", 0),
    ("limits", 0),
    ("fma", 0),
    ("build_id", 0),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`None` for `lib.rs` and the CLI).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs");
    (name != "lib" && name != "bin" && name != "main").then(|| name.to_string())
}

/// `text` without comments (line comments, doc comments, block comments) and string literals,
/// roughly: enough that a `crate::x` in prose or in a message is not taken for a use.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_string = false;
        let mut prev = ' ';
        let mut kept = String::new();
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if !in_string && c == '/' && chars.get(i + 1) == Some(&'/') {
                break;
            }
            if c == '"' && prev != '\\' && prev != '\'' {
                in_string = !in_string;
            } else if !in_string {
                kept.push(c);
            }
            prev = c;
            i += 1;
        }
        out.push_str(&kept);
        out.push('\n');
    }
    out
}

/// The top-level modules `code` uses: `crate::NAME`, and `NAME` in `use crate::{NAME, ...}`.
fn uses(code: &str) -> BTreeSet<String> {
    let known: BTreeSet<&str> = LAYERS.iter().map(|(m, _)| *m).collect();
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let name = item.trim().split("::").next().unwrap_or("").trim();
                if known.contains(name) {
                    out.insert(name.to_string());
                }
            }
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if known.contains(name.as_str()) {
            out.insert(name);
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let Some(module) = module_of(&src, &file) else {
            continue;
        };
        let code = code_only(&std::fs::read_to_string(&file).unwrap());
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(uses(&code).into_iter().filter(|m| *m != module));
    }
    graph
}

#[test]
fn every_module_has_a_layer_and_uses_only_its_layer_or_below() {
    let layer: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let graph = graph();
    let mut wrong = Vec::new();
    for (module, used) in &graph {
        println!(
            "{module} -> {}",
            used.iter().cloned().collect::<Vec<_>>().join(", ")
        );
        let Some(own) = layer.get(module.as_str()) else {
            wrong.push(format!("{module} has no layer in tests/modules.rs"));
            continue;
        };
        for u in used {
            if layer[u.as_str()] > *own {
                wrong.push(format!(
                    "{module} (layer {own}) uses {u} (layer {})",
                    layer[u.as_str()]
                ));
            }
        }
    }
    assert!(graph.len() >= 15, "modules not found: {graph:?}");
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_module_graph_is_acyclic() {
    let graph = graph();
    // Kahn's algorithm: a cycle leaves modules that never reach in-degree 0.
    let mut remaining = graph.clone();
    loop {
        let leaves: Vec<String> = remaining
            .iter()
            .filter(|(_, used)| used.iter().all(|u| !remaining.contains_key(u)))
            .map(|(m, _)| m.clone())
            .collect();
        if leaves.is_empty() {
            break;
        }
        for leaf in leaves {
            remaining.remove(&leaf);
        }
    }
    assert!(remaining.is_empty(), "modules in a cycle: {remaining:#?}");
}

#[test]
fn the_scan_sees_uses_and_skips_prose() {
    let code = code_only(
        "use crate::diagram::{Kind, Format};\nuse crate::{fonts, svg};\n// crate::service in a comment\nlet s = \"crate::worker\";\ncrate::graph::render(x);\n",
    );
    let found = uses(&code);
    let expected: BTreeSet<String> = ["diagram", "fonts", "svg", "graph"]
        .map(String::from)
        .into();
    assert_eq!(found, expected);
}

/// Under `src/`, a kind's name (as a string: `"mermaid"`) is in its own module and the kinds
/// list only — not in routing, `/health`, the CLI, the WASI shells (the `edgeviz:render`
/// interface takes the kind as a string) or the editor page. Unit tests may name kinds.
#[test]
fn a_kind_name_appears_only_in_its_module_and_the_list() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.push(src.join("page.html"));
    files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("wit/edgeviz.wit"));
    let mut found = Vec::new();
    for listed in edgeviz::kinds::LIST {
        let own = src.join("kinds").join(listed.name);
        let list = src.join("kinds/mod.rs");
        let needles = [format!("\"{}\"", listed.name), format!("'{}'", listed.name)];
        for file in files.iter().filter(|f| !f.starts_with(&own) && **f != list) {
            let text = std::fs::read_to_string(file).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for needle in &needles {
                if code.contains(needle.as_str()) {
                    found.push(format!("{} names {needle}", file.display()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "kind names outside their module and the list: {found:#?}"
    );
}

/// The sanitised SVG ([`edgeviz::svg::Clean`]) is made by the sanitiser only: its other two
/// doors are for an SVG this build already sanitised and kept (`Clean::kept`: the render path
/// reading a stored entry, the wire from a contained renderer) and for the theme pass
/// (`recoloured`). Nowhere else under `src/` opens them.
#[test]
fn only_the_sanitiser_makes_a_clean_svg() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let doors: &[(&str, &[&str])] = &[
        ("Clean::kept(", &["render.rs", "wire.rs", "svg.rs"]),
        (".recoloured(", &["theme.rs", "svg.rs"]),
        ("Clean(", &["svg.rs"]),
    ];
    let mut found = Vec::new();
    for file in &files {
        let code = code_only(&std::fs::read_to_string(file).unwrap());
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for (door, allowed) in doors {
            let opened = code.match_indices(door).any(|(at, _)| {
                // `Clean(` as a constructor, not `Clean::` or a word ending in `Clean(`.
                *door != "Clean(" || !code[..at].ends_with(|c: char| c.is_alphanumeric())
            });
            if opened && !allowed.contains(&name.as_str()) {
                found.push(format!("{} opens {door}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}
