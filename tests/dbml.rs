//! The `dbml` kind against its references, for every example (`tests/dbml-examples/`:
//! @dbml/core's own test fixtures and dbml-renderer's examples; the golden cases; the
//! gallery):
//!
//! 1. the model edgeviz reads against @dbml/core's (DBML's reference parser), both printed
//!    as the same normalised JSON (`tests/dbml-reference/references.mjs`, `model_json`);
//! 2. the graph edgeviz writes against the one @softwaretechnik/dbml-renderer 1.0.31 (what
//!    Kroki runs) writes: nodes, edges, clusters, and each node's rows as text;
//! 3. the drawing: `POST /dbml/svg` answers an SVG.
//!
//! Each example's result is printed (`-- --nocapture`); the differences that are known and
//! explained are listed in [`KNOWN`], and any other fails the test. The references are Node
//! packages pinned in `tests/dbml-reference/` and installed by `scripts/setup-test-tools.sh`.

#![cfg(feature = "dbml")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use edgeviz::kinds::dbml;

/// Examples whose comparison differs, and why (the README's "DBML" says the same).
/// Each: the example, which reference it differs from, and why.
const KNOWN: &[(&str, &str, &str)] = &[
    (
        "dbml-core/exporter-mssql_exporter-multiple_schema.dbml",
        "dbml-renderer",
        "dbml-renderer's grammar has no `Ref name { ... }` (the long form); edgeviz reads it, as @dbml/core does",
    ),
    (
        "dbml-core/exporter-mysql_exporter-multiple_schema.dbml",
        "dbml-renderer",
        "dbml-renderer's grammar has no `Ref name { ... }` (the long form); edgeviz reads it, as @dbml/core does",
    ),
    (
        "dbml-core/exporter-postgres_exporter-multiple_schema.dbml",
        "dbml-renderer",
        "dbml-renderer's grammar has no `Ref name { ... }` (the long form); edgeviz reads it, as @dbml/core does",
    ),
    (
        "dbml-core/exporter-oracle_exporter-cross_schema_relationship.dbml",
        "dbml-renderer",
        "dbml-renderer takes `public.products` and `products` for two tables and refuses the reference; \
         edgeviz reads `public` as the default schema, as @dbml/core does",
    ),
    (
        "dbml/escaping.dbml",
        "dbml-renderer",
        "dbml-renderer's quoted names cannot hold an escaped quote (`\\\"`); @dbml/core and edgeviz read it",
    ),
    (
        "dbml-renderer/advanced_dbml.dbml",
        "@dbml/core",
        "@dbml/core 3.14.1 refuses the `url` table setting, which dbml-renderer reads (a link on the header); \
         edgeviz reads it as dbml-renderer does (an http(s) link on the header, marked 🔗)",
    ),
    (
        "dbml-renderer/aliases.dbml",
        "@dbml/core",
        "@dbml/core refuses an alias written with its schema (`dates.d`); dbml-renderer and edgeviz read it",
    ),
    (
        "dbml-renderer/learn.dbml",
        "@dbml/core",
        "@dbml/core refuses a line break in a '...' string; dbml-renderer and edgeviz read it",
    ),
    (
        "dbml-renderer/array-type.dbml",
        "@dbml/core",
        "@dbml/core refuses a sized array type (`decimal(3,5)[3]`); dbml-renderer and edgeviz read it",
    ),
    (
        "dbml-renderer/issue-11.dbml",
        "@dbml/core",
        "@dbml/core refuses enum values that are numbers (`1`); dbml-renderer and edgeviz draw them",
    ),
    (
        "dbml-renderer/simple_order.dbml",
        "@dbml/core",
        "@dbml/core refuses a one-column composite reference `t.(id)`; dbml-renderer and edgeviz read it as `t.id`",
    ),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The reference folder, installed: or a failure saying how to install it.
fn reference_dir() -> PathBuf {
    let dir = root().join("tests/dbml-reference");
    let installed = dir.join("node_modules/@dbml/core/package.json").exists()
        && dir
            .join("node_modules/@softwaretechnik/dbml-renderer/package.json")
            .exists();
    let node = Command::new("node").arg("--version").output();
    assert!(
        installed && node.is_ok_and(|o| o.status.success()),
        "the DBML references are not installed: run scripts/setup-test-tools.sh (it needs node \
         and runs `npm ci` in tests/dbml-reference/)"
    );
    dir
}

fn examples() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [
        "tests/dbml-examples/dbml-core",
        "tests/dbml-examples/dbml-renderer",
        "tests/cases/dbml",
        "src/kinds/dbml/examples",
    ] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "dbml") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 50, "examples not found: {files:?}");
    files
}

/// What the references make of one example (`tests/dbml-reference/references.mjs`):
/// @dbml/core's model as JSON, and dbml-renderer's graph or its error.
struct Reference {
    model: serde_json::Value,
    dot: Result<String, String>,
}

/// The references' reading of every file, from one Node process.
fn references(dir: &Path, files: &[PathBuf]) -> Vec<Reference> {
    let out = Command::new("node")
        .current_dir(dir)
        .arg("references.mjs")
        .args(files)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "references.mjs: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect();
    assert_eq!(lines.len(), files.len(), "one line a file");
    lines
        .into_iter()
        .zip(files)
        .map(|(mut line, file)| {
            assert_eq!(line["file"].as_str(), file.to_str(), "in the files' order");
            let dot = match (line["dot"]["ok"].as_str(), line["dot"]["error"].as_str()) {
                (Some(dot), _) => Ok(dot.to_string()),
                (None, error) => Err(error.unwrap_or("no graph, no error").to_string()),
            };
            Reference {
                model: line["model"].take(),
                dot,
            }
        })
        .collect()
}

/// What the graph shows: per node (by id) its rows' text, the number of edges and clusters.
#[derive(Debug, PartialEq)]
struct Shape {
    nodes: Vec<(String, Vec<String>)>,
    edges: usize,
    clusters: usize,
}

fn shape(dot: &str) -> Shape {
    let mut nodes = Vec::new();
    let mut rest = dot;
    while let Some(at) = rest.find("[id=\"") {
        rest = &rest[at + 5..];
        let id = quoted_until(rest);
        let label_end = rest.find("</TABLE>>]").unwrap_or(rest.len());
        let rows = rest[..label_end]
            .split("PORT=\"")
            .skip(1)
            .map(row_text)
            .collect();
        nodes.push((id, rows));
        rest = &rest[label_end..];
    }
    nodes.sort();
    Shape {
        nodes,
        edges: dot.matches(" -> ").count(),
        clusters: dot.matches("subgraph cluster").count()
            + dot.matches("subgraph \"cluster").count(),
    }
}

/// A DOT quoted string's text, up to its closing quote.
fn quoted_until(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '"' => break,
            c => out.push(c),
        }
    }
    out
}

/// A row's text: tags dropped, entities decoded, white space collapsed.
fn row_text(row: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in row.chars().skip_while(|c| *c != '>') {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An example @dbml/core and edgeviz both refuse.
const REFUSED: &str = "refused by @dbml/core and edgeviz";

/// One example against each reference: `Ok(note)` when it matches, `Err(why)` when not.
struct Compared {
    model: Result<String, String>,
    graph: Result<String, String>,
}

fn compare(reference: Reference, file: &Path) -> Compared {
    let source = std::fs::read_to_string(file).unwrap();
    Compared {
        model: compare_model(reference.model, &source),
        graph: compare_graph(reference.dot, &source),
    }
}

/// The model against @dbml/core's.
fn compare_model(theirs: serde_json::Value, source: &str) -> Result<String, String> {
    let ours = dbml::model_json(source);
    match (theirs.get("error"), ours.get("error")) {
        (Some(a), Some(b)) => Ok(format!("{REFUSED}: @dbml/core {a} / edgeviz {b}")),
        (None, None) if theirs == ours => Ok("same model".into()),
        (None, None) => Err(format!(
            "model differs: {}",
            first_difference(&theirs, &ours)
        )),
        _ => Err(format!(
            "@dbml/core {} / edgeviz {}",
            short(&theirs),
            short(&ours)
        )),
    }
}

/// The graph against dbml-renderer's, and edgeviz's SVG of it.
fn compare_graph(theirs: Result<String, String>, source: &str) -> Result<String, String> {
    let ours = dbml::to_dot(source);
    let (theirs, ours) = match (theirs, ours) {
        (Err(_), Err(_)) => return Ok("refused by dbml-renderer and edgeviz".into()),
        (Err(e), Ok(_)) => {
            return Err(format!(
                "dbml-renderer refuses it: {}",
                e.lines().next().unwrap_or("")
            ))
        }
        (Ok(_), Err(e)) => return Err(format!("edgeviz refuses it: {e}")),
        (Ok(a), Ok(b)) => (a, b),
    };
    let (a, b) = (shape(&theirs), shape(&ours));
    if a != b {
        return Err(format!("graph differs: {}", shape_difference(&a, &b)));
    }
    let resp = common::post("/dbml/svg", source);
    if resp.status != 200 {
        return Err(format!("render: {} {}", resp.status, common::text(&resp)));
    }
    Ok(format!(
        "{} nodes, {} edges, {} clusters",
        b.nodes.len(),
        b.edges,
        b.clusters
    ))
}

fn short(v: &serde_json::Value) -> String {
    match v.get("error") {
        Some(e) => e.to_string(),
        None => "reads it".into(),
    }
}

/// Where two JSON values first differ, as a path and both values.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value) -> String {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                if y.get(k) != Some(v) {
                    return format!(
                        ".{k}{}",
                        first_difference(v, y.get(k).unwrap_or(&Value::Null))
                    );
                }
            }
            format!(
                ": extra keys {:?}",
                y.keys().filter(|k| !x.contains_key(*k)).collect::<Vec<_>>()
            )
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            let i = x.iter().zip(y).position(|(p, q)| p != q).unwrap_or(0);
            format!("[{i}]{}", first_difference(&x[i], &y[i]))
        }
        _ => format!(": @dbml/core {} / edgeviz {}", cut(a), cut(b)),
    }
}

fn cut(v: &serde_json::Value) -> String {
    let s = v.to_string();
    s.chars().take(160).collect()
}

fn shape_difference(a: &Shape, b: &Shape) -> String {
    if a.nodes.len() != b.nodes.len() {
        return format!("{} nodes / {}", a.nodes.len(), b.nodes.len());
    }
    if let Some((x, y)) = a.nodes.iter().zip(&b.nodes).find(|(x, y)| x != y) {
        return format!("node {:?} / {:?}", x, y);
    }
    format!(
        "{} edges, {} clusters / {} edges, {} clusters",
        a.edges, a.clusters, b.edges, b.clusters
    )
}

#[test]
fn every_example_reads_as_dbml_core_reads_it_and_draws_as_dbml_renderer_draws_it() {
    let files = examples();
    let references = references(&reference_dir(), &files);
    let mut unexplained = Vec::new();
    let (mut matched, mut refused, mut known) = (0, 0, 0);
    for (file, reference) in files.into_iter().zip(references) {
        let name = format!(
            "{}/{}",
            file.parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy(),
            file.file_name().unwrap().to_string_lossy()
        );
        let c = compare(reference, &file);
        let expected = KNOWN.iter().find(|(n, _, _)| *n == name);
        match (&c.model, &c.graph, expected) {
            (Ok(m), Ok(g), None) => {
                if m.starts_with(REFUSED) {
                    refused += 1;
                } else {
                    matched += 1;
                }
                println!("match   {name}: {m}; {g}");
            }
            (Err(why), Ok(g), Some((_, "@dbml/core", reason)))
            | (Ok(g), Err(why), Some((_, "dbml-renderer", reason))) => {
                known += 1;
                println!("differs {name}: {reason}\n        {why}; {g}");
            }
            _ => {
                println!("DIFFERS {name}: {:?} / {:?}", c.model, c.graph);
                unexplained.push(format!("{name}: {:?} / {:?}", c.model, c.graph));
            }
        }
    }
    println!(
        "{matched} match, {refused} {REFUSED}, {known} differ as known, {} unexplained",
        unexplained.len()
    );
    assert!(unexplained.is_empty(), "{unexplained:#?}");
}

#[test]
fn errors_are_400_with_line_and_column_and_oversize_is_413() {
    let resp = common::post("/dbml/svg", "Table a {\n  id int\n}\nRef: a.id > b.id\n");
    assert_eq!(resp.status, 400);
    let body = common::text(&resp);
    assert!(
        body.contains("Can not find Table 'b'") && body.contains("4:13"),
        "{body}"
    );
    let big = "Table t { id int }\n".repeat(edgeviz::kinds::dbml::MAX_DBML_BYTES / 18 + 1);
    assert_eq!(common::post("/dbml/svg", &big).status, 413);
    let many: String = (0..=edgeviz::kinds::dbml::MAX_DBML_REFS)
        .map(|_| "Ref: t.id > t.id\n")
        .collect();
    assert_eq!(
        common::post("/dbml/svg", &format!("Table t {{ id int }}\n{many}")).status,
        413
    );
}

#[test]
fn the_graph_is_served_as_dot() {
    let resp = common::post("/dbml/dot", "Table a { id int [pk] }\n");
    assert_eq!(resp.status, 200);
    assert!(common::text(&resp).starts_with("digraph dbml {"));
}

/// Issue 23, finding 2 and 3: the Graphviz options of a DBML diagram meet the caps a DOT
/// source's attributes meet (`/dbml/png?graph-attribute-dpi=1e9` was a 500).
#[test]
fn graphviz_options_meet_the_size_caps() {
    let source = "Table a {\n  id int [pk]\n}\n";
    for query in [
        "graph-attribute-dpi=1e9",
        "node-attribute-fontsize=1e300",
        "graph-attribute-nodesep=inf",
    ] {
        for format in ["svg", "png", "jpeg", "pdf"] {
            let resp = common::post(&format!("/dbml/{format}?{query}"), source);
            assert_eq!(
                resp.status,
                400,
                "{query} {format}: {}",
                common::text(&resp)
            );
        }
    }
    assert_eq!(
        common::post("/dbml/png?graph-attribute-dpi=600", source).status,
        200
    );
}

/// Issue 23, finding 5: DBML's comments and strings (`//`, `/* */`, `'...'`, `"..."`,
/// `'''...'''`) hide nothing from its counts, which are taken in its own reading: a table
/// inside one is not counted, and one before the tables does not lift the table limit.
#[test]
fn comments_and_strings_hide_nothing_from_the_counts() {
    let limit = edgeviz::kinds::dbml::MAX_DBML_TABLES;
    let tables = |n: usize| -> String {
        (0..n)
            .map(|i| format!("Table t{i} {{\n  id int\n}}\n"))
            .collect()
    };
    let prefixes = [
        "// \" ' [ { Table x {\n",
        "/* \" ' [ { */\n",
        "Note n {\n  ''' \" ' [ { Table y { id int } '''\n}\n",
        "Project p {\n  database_type: 'x \" [ {'\n  owner: \"y ' [ {\"\n}\n",
    ];
    for prefix in prefixes {
        let over = common::post("/dbml/svg", &format!("{prefix}{}", tables(limit + 1)));
        assert_eq!(over.status, 413, "{prefix:?}: {}", common::text(&over));
        let at = common::post("/dbml/dot", &format!("{prefix}{}", tables(limit)));
        assert_eq!(at.status, 200, "{prefix:?}: {}", common::text(&at));
    }
    // Tables written inside comments and strings are not tables.
    let hidden = format!(
        "{}// Table c1 {{ id int }}\n/* Table c2 {{ id int }} */\nNote n {{ ''' Table c3 {{ id int }} ''' }}\nTable last {{\n  id int [note: 'Table c4 {{ id int }}']\n}}\n",
        tables(limit - 1)
    );
    let resp = common::post("/dbml/dot", &hidden);
    assert_eq!(resp.status, 200, "{}", common::text(&resp));
    for name in ["c1", "c2", "c3", "c4"] {
        assert!(
            !common::text(&resp).contains(&format!("\"{name}\"")),
            "{name} became a table"
        );
    }
}
