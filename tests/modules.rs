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

/// `text` with comments (line, doc and nested block comments), string literals (plain, byte
/// and raw: `r#"..."#`) and character literals blanked to spaces. Newlines are kept, so a
/// byte of the result is on the same line as in `text`: enough that a `crate::x` in prose or
/// in a message is not taken for a use, and that a brace in a string or comment is not
/// counted. Lifetimes (`'a`) are code and stay.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let end = literal_or_comment_end(&chars, i);
        if end == i {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        for &c in &chars[i..end] {
            out.push(if c == '\n' { '\n' } else { ' ' });
        }
        i = end;
    }
    out
}

/// Where the comment or literal starting at `chars[i]` ends (one past its last char), or `i`
/// when none starts there.
fn literal_or_comment_end(chars: &[char], i: usize) -> usize {
    let at = |k: usize| chars.get(k).copied().unwrap_or('\0');
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    match at(i) {
        '/' if at(i + 1) == '/' => (i..chars.len())
            .find(|&k| at(k) == '\n')
            .unwrap_or(chars.len()),
        '/' if at(i + 1) == '*' => {
            let (mut depth, mut k) = (0usize, i);
            while k < chars.len() {
                if at(k) == '/' && at(k + 1) == '*' {
                    depth += 1;
                    k += 2;
                } else if at(k) == '*' && at(k + 1) == '/' {
                    depth -= 1;
                    k += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    k += 1;
                }
            }
            k
        }
        '"' => {
            let mut k = i + 1;
            while k < chars.len() && at(k) != '"' {
                k += if at(k) == '\\' { 2 } else { 1 };
            }
            k + 1
        }
        'r' | 'b' if i == 0 || !ident(at(i - 1)) => {
            // r"..", r#".."#, br"..", b'x' (the string and char cases are handled from the quote)
            let mut k = i + 1;
            if at(i) == 'b' && at(k) == 'r' {
                k += 1;
            }
            if at(i) == 'b' && k == i + 1 {
                return i;
            }
            let hashes = (k..chars.len()).take_while(|&h| at(h) == '#').count();
            if at(k + hashes) != '"' {
                return i;
            }
            let mut close = k + hashes + 1;
            while close < chars.len() {
                if at(close) == '"' && (1..=hashes).all(|h| at(close + h) == '#') {
                    return close + 1 + hashes;
                }
                close += 1;
            }
            chars.len()
        }
        '\'' if at(i + 1) == '\\' => {
            // past the escaped char, so that `'\''` ends at its last quote
            let k = (i + 3..chars.len())
                .find(|&k| at(k) == '\'')
                .unwrap_or(chars.len());
            k + 1
        }
        '\'' if at(i + 2) == '\'' => i + 3,
        _ => i,
    }
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

// --- kind names in the code around `src/` ----------------------------------------------------

/// The folders of code around the crate whose files must not keep a list of kinds.
const AROUND: &[&str] = &["tests", "bench", "fuzz", "scripts"];

/// Folders that hold data, installed packages or output, not code of ours.
const NOT_CODE: &[&str] = &[
    "node_modules",
    "target",
    "out",
    "corpus",
    "corpus-min",
    "artifacts",
    "regressions",
    "logs",
];

/// The code files (`.rs`, `.mjs`, `.js`, `.sh`, `.py`) under `dir`, skipping [`NOT_CODE`].
fn code_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !NOT_CODE.contains(&name.as_str()) {
                code_files(&path, out);
            }
        } else if ["rs", "mjs", "js", "sh", "py"]
            .iter()
            .any(|e| path.extension().is_some_and(|x| x == *e))
        {
            out.push(path);
        }
    }
}

/// A file's code with its comments taken out, and its string literals apart, read roughly as
/// its language reads them: `//` and `/* */` comments in Rust and JavaScript, `#` comments in
/// shell and Python; `"`, `'` (not a Rust lifetime) and `` ` `` strings. In JavaScript a `"`
/// or `'` string that is not closed on its line ends there.
struct Scanned {
    code: String,
    strings: Vec<String>,
}

fn scan(text: &str, extension: &str) -> Scanned {
    let hash_comments = matches!(extension, "sh" | "py");
    let rust = extension == "rs";
    let javascript = matches!(extension, "mjs" | "js");
    let chars: Vec<char> = text.chars().collect();
    let (mut code, mut strings) = (String::new(), Vec::new());
    let mut quote: Option<char> = None;
    let mut current = String::new();
    let mut i = 0;
    let at = |i: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k) == Some(&c))
    };
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            if c == '\\' {
                current.extend(chars.get(i..i + 2).unwrap_or(&chars[i..]));
                i += 2;
                continue;
            }
            let line_ends = c == '\n' && q != '`' && javascript;
            if c == q || line_ends {
                strings.push(std::mem::take(&mut current));
                quote = None;
                code.push(if line_ends { '\n' } else { ' ' });
            } else {
                current.push(c);
            }
            i += 1;
            continue;
        }
        let comment_end = if !hash_comments && at(i, "//") {
            Some("\n")
        } else if !hash_comments && at(i, "/*") {
            Some("*/")
        } else if hash_comments && c == '#' && (i == 0 || " \t\n;".contains(chars[i - 1])) {
            Some("\n")
        } else {
            None
        };
        if let Some(end) = comment_end {
            while i < chars.len() && !at(i, end) {
                i += 1;
            }
            i += if end == "*/" { 2 } else { 0 };
            continue;
        }
        if rust && c == '\'' {
            // A char literal ('x', '\n') is skipped; otherwise a lifetime's quote is code.
            let len = if chars.get(i + 1) == Some(&'\\') {
                4
            } else {
                3
            };
            if chars.get(i + len - 1) == Some(&'\'') {
                i += len;
                continue;
            }
            code.push(c);
        } else if c == '"' || c == '`' || c == '\'' {
            quote = Some(c);
        } else {
            code.push(c);
        }
        i += 1;
    }
    Scanned { code, strings }
}

/// The kinds of `kinds` that a code file names: as a whole word of its code (an identifier,
/// a path segment of Rust, an object key, a shell word: not a part of `graphviz-pure` or
/// `svgbob_cli`), as a whole string (`"mermaid"`), or as a path segment in a string
/// (`"/mermaid/svg"`, `"tests/cases/mermaid"`, `` `${base}/mermaid?x` ``). Prose — comments,
/// and a name inside the words of a string — is not counted.
fn kind_names<'k>(text: &str, extension: &str, kinds: &[&'k str]) -> BTreeSet<&'k str> {
    let scanned = scan(text, extension);
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let whole_word = |haystack: &str, name: &str| {
        haystack.match_indices(name).any(|(at, _)| {
            let before = haystack[..at].chars().next_back();
            let after = haystack[at + name.len()..].chars().next();
            !before.is_some_and(word) && !after.is_some_and(word)
        })
    };
    let segment = |s: &str, name: &str| {
        s.match_indices(&format!("/{name}")).any(|(at, _)| {
            let after = s[at + 1 + name.len()..].chars().next();
            after.is_none_or(|c| "/?#".contains(c))
        })
    };
    kinds
        .iter()
        .copied()
        .filter(|name| {
            whole_word(&scanned.code, name)
                || scanned
                    .strings
                    .iter()
                    .any(|s| s == name || segment(s, name))
        })
        .collect()
}

/// The kind a file is named after: the first word of its name (`mermaid.rs`, `mermaid_docs.rs`,
/// `pikchr.mjs`), if it is a kind's name.
fn named_after<'k>(file: &Path, kinds: &[&'k str]) -> Option<&'k str> {
    let name = file.file_name()?.to_string_lossy();
    let first = name.split(['.', '_', '-']).next()?;
    kinds.iter().copied().find(|k| *k == first)
}

/// What is wrong with one file: more than one kind named, or, in a file named after a kind,
/// another kind named.
fn kind_list_problem(file: &Path, text: &str, kinds: &[&str]) -> Option<String> {
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy())
        .unwrap_or_default();
    let named = kind_names(text, &extension, kinds);
    let wrong = match named_after(file, kinds) {
        Some(own) => named.iter().any(|k| *k != own),
        None => named.len() > 1,
    };
    wrong.then(|| format!("{} names {named:?}", file.display()))
}

/// Outside `src/`, no file keeps a list of kinds: tests, benchmarks, fuzz targets and scripts
/// read the kinds list (`edgeviz::kinds::built()`, `LIST`; in JavaScript `edgeviz kinds` and
/// `/health`, through tests/e2e/kinds.mjs), and take a kind's sample and extension from its
/// spec. A code file names at most one kind — its subject (the generic vehicle of HTTP tests
/// is the always-built `graphviz`) — and a file named after a kind names only that one; what
/// is one kind's own (its reference tool, its fuzz target's decoding) lives in a file named
/// after it. The names are the list's, never a list of this test's.
#[test]
fn code_around_the_crate_names_at_most_one_kind() {
    let kinds: Vec<&str> = edgeviz::kinds::LIST.iter().map(|l| l.name).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in AROUND {
        code_files(&root.join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() > 50, "code files not found: {files:?}");
    let mut wrong = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let rel = file.strip_prefix(root).unwrap();
        wrong.extend(kind_list_problem(rel, &text, &kinds));
    }
    assert!(
        wrong.is_empty(),
        "files that name several kinds (read the kinds list instead, or move what is one \
         kind's into a file named after it): {wrong:#?}"
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

/// The longest a function may be, from its `fn` line to its closing brace.
const MOST_LINES: usize = 80;

/// Every function with a body in `code` (as `code_only` leaves it): its name, the line its
/// `fn` is on (from 1) and its length in lines, the `fn` line and the closing brace's
/// included. Nested functions are listed too (and counted in the function around them).
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let bytes = code.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut out = Vec::new();
    for (at, _) in code.match_indices("fn") {
        let before_ok = at == 0 || !ident(bytes[at - 1]);
        let rest = &code[at + 2..];
        let name_from = rest.len() - rest.trim_start().len();
        if !before_ok || name_from == 0 {
            continue; // `fn` inside a name, or `fn(` as a type
        }
        let name: String = rest[name_from..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            continue;
        }
        let Some(open) = body_start(code, at + 2 + name_from + name.len()) else {
            continue; // a declaration without a body (`fn f();` in a trait)
        };
        let close = matching_brace(code, open);
        out.push((name, line_of(at), line_of(close) - line_of(at) + 1));
    }
    out
}

/// Where the body of a function whose signature goes on from `from` opens: the first `{`
/// outside parentheses and brackets, or `None` when a `;` comes first.
fn body_start(code: &str, from: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (k, c) in code[from..].char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ';' if depth == 0 => return None,
            '{' if depth == 0 => return Some(from + k),
            _ => {}
        }
    }
    None
}

/// Where the brace matching the `{` at `open` is (the end of `code` if none).
fn matching_brace(code: &str, open: usize) -> usize {
    let mut depth = 0usize;
    for (k, c) in code[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + k;
                }
            }
            _ => {}
        }
    }
    code.len()
}

/// Every function under `src/` with a body: `(lines, "file:line name")`, longest first.
fn src_functions() -> Vec<(usize, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let mut all = Vec::new();
    for file in files {
        let code = code_only(&std::fs::read_to_string(&file).unwrap());
        let shown = file.strip_prefix(root).unwrap().display().to_string();
        for (name, line, lines) in functions(&code) {
            all.push((lines, format!("{shown}:{line} {name}")));
        }
    }
    all.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    all
}

/// No function under `src/` spans more than `MOST_LINES` lines; a longer one does more
/// than one job, and is split into functions named for them.
/// `cargo test --test modules -- --nocapture` prints the ten longest.
#[test]
fn no_function_under_src_is_longer_than_80_lines() {
    let all = src_functions();
    for (lines, function) in all.iter().take(10) {
        println!("{lines:4} {function}");
    }
    assert!(all.len() > 500, "functions not found: {}", all.len());
    let long: Vec<String> = all
        .iter()
        .filter(|(lines, _)| *lines > MOST_LINES)
        .map(|(lines, function)| format!("{function}: {lines} lines"))
        .collect();
    assert!(
        long.is_empty(),
        "functions over {MOST_LINES} lines (split them): {long:#?}"
    );
}

#[test]
fn the_function_scan_measures_a_known_sample() {
    let sample = r##"
/// A doc comment with a brace { that is not code.
pub(crate) fn first<'a>(x: &'a str, f: fn(u8) -> u8) -> &'a str {
    let open = '{';
    let quote = '\'';
    let s = "a } in a string, and an escaped \" }";
    let raw = r#"a raw "} string"#;
    /* a block comment } /* nested } */ still in it } */
    fn inner() -> usize {
        1
    }
    x
}

trait T {
    fn declared(&self) -> u8;
    fn defaulted(&self) -> [u8; 2] { [0; 2] }
}

fn last() {}
"##;
    let found = functions(&code_only(sample));
    let expected: Vec<(String, usize, usize)> = vec![
        ("first".into(), 3, 11),
        ("inner".into(), 9, 3),
        ("defaulted".into(), 17, 1),
        ("last".into(), 20, 1),
    ];
    assert_eq!(found, expected);
}

#[test]
fn the_kind_scan_sees_names_and_skips_prose() {
    // Made-up kinds, so that this file names none of the real ones.
    let kinds = ["dotty", "wat", "siren", "pik", "er", "dbx", "bob"];
    let js = "// siren in a comment, 'er' in one too\n\
              /* and a block: \"dbx\" */\n\
              const a = await fetch(`${base}/pik/svg`);\n\
              const b = { er: 1 };\n\
              const c = 'the wat parser draws it'; // prose in a string\n\
              const d = 'dotty-pure' + 'bob_cli';\n";
    let found: Vec<_> = kind_names(js, "mjs", &kinds).into_iter().collect();
    assert_eq!(found, ["er", "pik"]);
    let rust = "use edgeviz::kinds::dbx; // siren\nfn f<'a>(x: &'a str) { let c = '\"'; post(\"/wat\"); }\n";
    let found: Vec<_> = kind_names(rust, "rs", &kinds).into_iter().collect();
    assert_eq!(found, ["dbx", "wat"]);
    let sh = "# dotty, siren\nnode tests/cases/siren/x.mmd # pik\necho \"a # b\" er\n";
    let found: Vec<_> = kind_names(sh, "sh", &kinds).into_iter().collect();
    assert_eq!(found, ["er", "siren"]);
    // A planted list is caught; one kind, or a file's own, is not.
    let two = "post('/siren/svg'); post('/wat/svg');\n";
    assert!(kind_list_problem(Path::new("tests/e2e/x.test.mjs"), two, &kinds).is_some());
    let one = "post(\"/dotty/svg\", \"digraph {}\");\n";
    assert!(kind_list_problem(Path::new("tests/x.rs"), one, &kinds).is_none());
    let other = "post('/er/svg', src);\n";
    assert!(kind_list_problem(Path::new("bench/kinds/pik.mjs"), other, &kinds).is_some());
    let own = "post('/pik/svg', src);\n";
    assert!(kind_list_problem(Path::new("bench/kinds/pik.mjs"), own, &kinds).is_none());
    assert!(kind_list_problem(Path::new("tests/siren_docs.rs"), two, &kinds).is_some());
}
