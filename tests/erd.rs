//! The `erd` kind against erd itself (BurntSushi/erd 0.2.1.0, what Kroki runs). erd is a
//! Haskell program on no registry here, so its reference is its own text: the examples and
//! README snippets in `tests/erd-examples/` (Unlicense) and the graph its source writes
//! (`app/Main.hs`, `src/Erd/Render.hs`, `src/Erd/ER.hs`). Each example is drawn by edgeviz
//! and must (1) render to SVG, (2) give the DOT erd writes: one table node per entity with a
//! row per attribute in order, keys underlined, foreign keys italic, each option `label` in
//! brackets, one edge per relationship with erd's cardinality text at the right ends, the
//! title at the top left, and erd's graph, node and edge attributes. What each example must
//! hold is read from the `.er` text by a scan written here (lines and patterns), not by the
//! kind's reader. Also: errors with line:column, the size limit, and that nothing from the
//! source becomes markup.

#![cfg(feature = "erd")]

mod common;

use std::path::{Path, PathBuf};

use common::{post, text};

/// What an example declares, as a simple scan of its lines sees it.
#[derive(Debug, Default)]
struct Declared {
    title: Option<String>,
    entities: Vec<(String, Vec<Row>)>,
    relations: Vec<(String, char, char, String, Option<String>)>,
}

#[derive(Debug)]
struct Row {
    name: String,
    key: bool,
    foreign: bool,
    label: Option<String>,
}

/// The text of a line without its comment (a `#` outside double quotes).
fn uncommented(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

/// The example's logical lines: comments dropped, an option block that spans lines joined.
fn logical_lines(source: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in source.lines() {
        let line = uncommented(line).trim();
        if open {
            out.last_mut().unwrap().push_str(line);
        } else if !line.is_empty() {
            out.push(line.to_string());
        }
        let last = out.last().map(String::as_str).unwrap_or("");
        open = last.matches('{').count() > last.matches('}').count();
    }
    out
}

/// A name without its quotes.
fn unquoted(name: &str) -> String {
    let name = name.trim();
    for q in ['`', '\'', '"'] {
        if let Some(inner) = name.strip_prefix(q).and_then(|n| n.strip_suffix(q)) {
            return inner.to_string();
        }
    }
    name.to_string()
}

/// The `label: "…"` of an option block, if any.
fn label_of(options: &str) -> Option<String> {
    let at = options.find("label:")?;
    let rest = &options[at..];
    let open = rest.find('"')? + 1;
    let close = rest[open..].find('"')? + open;
    Some(rest[open..close].to_string())
}

/// A line split at its option block: (before it, the block).
fn split_options(line: &str) -> (&str, &str) {
    match line.find('{') {
        Some(i) => (&line[..i], &line[i..]),
        None => (line, ""),
    }
}

/// `A *--1 B`: (from, card, card, to), if the line is a relationship.
fn relationship(line: &str) -> Option<(String, char, char, String)> {
    let at = line.find("--")?;
    let (left, right) = (&line[..at], &line[at + 2..]);
    let first = left.trim_end().chars().last()?;
    let second = right.chars().next()?;
    let from = left.trim_end();
    let from = &from[..from.len() - first.len_utf8()];
    Some((
        unquoted(from),
        first,
        second,
        unquoted(&right[second.len_utf8()..]),
    ))
}

fn declared(source: &str) -> Declared {
    let mut d = Declared::default();
    let mut started = false;
    for line in logical_lines(source) {
        let (head, options) = split_options(&line);
        if !started && head.trim() == "title" {
            d.title = label_of(options);
            continue;
        }
        if !started && ["header", "entity", "relationship"].contains(&head.trim()) {
            continue;
        }
        started = true;
        if let Some(name) = head
            .trim()
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
        {
            d.entities.push((unquoted(name), Vec::new()));
        } else if let Some((from, a, b, to)) = relationship(head) {
            d.relations.push((from, a, b, to, label_of(options)));
        } else {
            let marks: String = head.chars().take_while(|c| "*+ \t".contains(*c)).collect();
            let row = Row {
                name: unquoted(&head[marks.len()..]),
                key: marks.contains('*'),
                foreign: marks.contains('+'),
                label: label_of(options),
            };
            d.entities
                .last_mut()
                .expect("attribute before entity")
                .1
                .push(row);
        }
    }
    d
}

/// erd's text for a cardinality (`Show Cardinality` in `src/Erd/ER.hs`).
fn card_text(c: char) -> &'static str {
    match c {
        '?' => "{0,1}",
        '1' => "1",
        '*' => "0..N",
        '+' => "1..N",
        _ => panic!("not a cardinality: {c}"),
    }
}

/// Text as it appears, escaped, in an HTML-like label.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The rows (`<TR>…</TR>`) of a node's label, in order.
fn rows(label: &str) -> Vec<&str> {
    label
        .split("<TR>")
        .skip(1)
        .map(|r| r.split("</TR>").next().unwrap())
        .collect()
}

/// The text of a row without its markup.
fn plain(row: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in row.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Where the DOT differs from what erd writes for `d`; empty when it is the same.
fn differences(d: &Declared, dot: &str) -> Vec<String> {
    let mut out = Vec::new();
    for expected in [
        "graph {",
        "rankdir=LR",
        "splines=\"spline\"",
        "node [shape=plaintext]",
        "edge [color=gray50, minlen=2, style=dashed]",
    ] {
        if !dot.contains(expected) {
            out.push(format!("no `{expected}`"));
        }
    }
    match &d.title {
        Some(title)
            if !(dot.contains("labeljust=l, labelloc=t")
                && dot.contains(&format!(">{}</FONT>", html(title)))) =>
        {
            out.push(format!("title '{title}' missing"))
        }
        None if dot.contains("labelloc") => out.push("a title that the source has not".into()),
        _ => {}
    }
    let nodes: Vec<&str> = dot
        .lines()
        .filter(|l| l.contains(" [label=<") && !l.contains(" -- "))
        .collect();
    if nodes.len() != d.entities.len() {
        out.push(format!(
            "{} nodes for {} entities",
            nodes.len(),
            d.entities.len()
        ));
    }
    for ((name, attributes), node) in d.entities.iter().zip(&nodes) {
        out.extend(entity_differences(name, attributes, node));
    }
    let edges: Vec<&str> = dot.lines().filter(|l| l.contains(" -- ")).collect();
    if edges.len() != d.relations.len() {
        out.push(format!(
            "{} edges for {} relationships",
            edges.len(),
            d.relations.len()
        ));
    }
    for ((from, a, b, to, label), edge) in d.relations.iter().zip(&edges) {
        let ends = format!("\"{from}\" -- \"{to}\"");
        let tail = format!("taillabel=<{}>", card_text(*a));
        let head = format!("headlabel=<{}>", card_text(*b));
        let middle = label.as_ref().map(|l| format!("label=< {} >", html(l)));
        let want = [Some(ends), Some(tail), Some(head), middle];
        for w in want.iter().flatten() {
            if !edge.contains(w.as_str()) {
                out.push(format!("edge `{edge}` lacks `{w}`"));
            }
        }
    }
    out
}

fn entity_differences(name: &str, attributes: &[Row], node: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !node.trim_start().starts_with(&format!("\"{name}\" ")) {
        out.push(format!("node `{node}` is not entity '{name}'"));
    }
    if !node.contains("<TABLE") || !node.contains("FACE=\"Helvetica\"") {
        out.push(format!("entity '{name}' is not a Helvetica table"));
    }
    let rows = rows(node);
    let header = rows.first().copied().unwrap_or("");
    if !header.contains("<B>") || !plain(header).starts_with(&html(name)) {
        out.push(format!(
            "entity '{name}': header row `{header}` is not the name in bold"
        ));
    }
    if rows.len() != attributes.len() + 1 {
        out.push(format!(
            "entity '{name}': {} rows for {} attributes",
            rows.len() - 1,
            attributes.len()
        ));
    }
    for (row, a) in rows.iter().skip(1).zip(attributes) {
        let mut want = plain(row)
            == match &a.label {
                Some(l) => format!("{} [{}]", html(&a.name), html(l)),
                None => html(&a.name),
            };
        want &= row.contains("<U>") == a.key && row.contains("<I>") == a.foreign;
        want &= row.starts_with("<TD ALIGN=\"LEFT\"");
        if !want {
            out.push(format!(
                "entity '{name}', attribute '{}': row `{row}`",
                a.name
            ));
        }
    }
    out
}

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/erd-examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "er"))
        .collect();
    files.sort();
    files
}

/// The SVG as XML (Graphviz's SVG starts with a DOCTYPE).
fn xml(svg: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(svg, options)
}

/// What erd's example writes, counted in the SVG: a node group per entity, an edge group per
/// relationship, every attribute's name among the texts.
fn svg_differences(d: &Declared, svg: &str) -> Vec<String> {
    let doc = match xml(svg) {
        Ok(doc) => doc,
        Err(e) => return vec![format!("SVG is not XML: {e}")],
    };
    let class = |c: &str| {
        doc.descendants()
            .filter(|n| n.attribute("class") == Some(c))
            .count()
    };
    let texts: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    if class("node") != d.entities.len() {
        out.push(format!("SVG: {} nodes", class("node")));
    }
    if class("edge") != d.relations.len() {
        out.push(format!("SVG: {} edges", class("edge")));
    }
    for (_, rows) in &d.entities {
        for row in rows {
            if !texts.contains(row.name.as_str()) {
                out.push(format!("SVG: no text '{}'", row.name));
            }
        }
    }
    out
}

#[test]
fn every_example_is_drawn_as_erd_draws_it() {
    let files = examples();
    assert!(files.len() >= 9, "examples missing: {files:?}");
    let mut differ = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(file).unwrap();
        let d = declared(&source);
        let svg = post("/erd/svg", &source);
        let dot = post("/erd/dot", &source);
        if svg.status != 200 || dot.status != 200 {
            differ.push(format!("{name}: {} {}", svg.status, text(&svg)));
            continue;
        }
        let mut found = differences(&d, &text(&dot));
        found.extend(svg_differences(&d, &text(&svg)));
        if !found.is_empty() {
            differ.push(format!("{name}: {found:#?}"));
        }
    }
    println!(
        "erd examples drawn as erd draws them: {} of {}",
        files.len() - differ.len(),
        files.len()
    );
    assert!(differ.is_empty(), "{differ:#?}");
}

/// The scan above is checked on one example against the counts erd's own test suite
/// (`test/Test/Text/Parsec/Erd/Parser.hs`) lists for it.
#[test]
fn the_scan_counts_what_erds_tests_count() {
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/erd-examples/nfldb.er"),
    )
    .unwrap();
    let d = declared(&source);
    assert_eq!(d.entities.len(), 7);
    let attributes: usize = d.entities.iter().map(|(_, a)| a.len()).sum();
    assert_eq!(attributes, 5 + 3 + 10 + 8 + 8 + 5 + 4);
    assert_eq!(d.relations.len(), 13);
    let keys = d
        .entities
        .iter()
        .flat_map(|(_, a)| a)
        .filter(|a| a.key && a.foreign)
        .count();
    assert_eq!(keys, 1 + 2 + 4);
    assert_eq!(
        d.title.as_deref(),
        Some("nfldb Entity-Relationship diagram (condensed)")
    );
}

#[test]
fn syntax_errors_are_400_with_line_and_column() {
    for (source, at) in [
        ("[Person]\nname {colour: \"red\"}\n", "line 2:7:"),
        ("[A]\n[B]\nA 2--1 B\n", "line 3:3:"),
        ("[A]\n\nA *--1 Nobody\n", "line 3:8:"),
        ("[A\n", "line 1:3:"),
        ("name\n[A]\n", "line 1:1:"),
        ("[A] {bgcolor: \"not a colour\"}\n", "line 1:15:"),
    ] {
        let resp = post("/erd/svg", source);
        assert_eq!(resp.status, 400, "{source:?}: {}", text(&resp));
        assert!(text(&resp).contains(at), "{source:?}: {}", text(&resp));
    }
}

#[test]
fn the_size_limit_is_413() {
    let limit = edgeviz::kinds::erd::MAX_ERD_BYTES;
    let over = format!("[A]\n{}", "# padding\n".repeat(limit / 10 + 1));
    let resp = post("/erd/svg", &over);
    assert_eq!(resp.status, 413, "{}", text(&resp));
    assert_eq!(post("/erd/dot", &over[..limit - 10]).status, 200);
}

#[test]
fn the_graphviz_limits_apply_to_the_graph() {
    let entities: String = (0..edgeviz::graph::limits::MAX_NODES + 1)
        .map(|i| format!("[e{i}]\n"))
        .collect();
    let resp = post("/erd/svg", &entities);
    assert_eq!(resp.status, 422, "{}", text(&resp));
}

#[test]
fn copied_text_stays_inert() {
    let source = "title {label: \"<script>alert(1)</script> & \\\"}\n\
                  [`<img src=x onerror=alert(1)>`] {label: \"</TABLE>&amp;\"}\n\
                  `\"><script>` {label: \"'\"}\n\
                  [B]\n`<img src=x onerror=alert(1)>` 1--* B {label: \"<b>&\"}\n";
    for format in ["svg", "dot"] {
        let resp = post(&format!("/erd/{format}"), source);
        assert_eq!(resp.status, 200, "{}", text(&resp));
        let body = text(&resp);
        assert!(!body.contains("<script"), "{body}");
        // The DOT names nodes by their entity's name (a quoted ID, never markup).
        assert_eq!(
            body.matches("<img").count(),
            body.matches("\"<img").count(),
            "{body}"
        );
        assert!(!body.contains("</TABLE>&amp;"), "{body}");
    }
    let svg = text(&post("/erd/svg", source));
    xml(&svg).unwrap();
    assert!(
        svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\"),
        "{svg}"
    );
    for value in ["red\" x=\"1", "#fff><b", "red;fill:url(x)"] {
        let resp = post("/erd/svg", &format!("[A] {{color: \"{value}\"}}\n"));
        assert_eq!(resp.status, 400, "{value}: {}", text(&resp));
    }
}

#[test]
fn themes_and_bitmaps_come_from_the_graphviz_path() {
    let source = "[A]\n*id\n[B]\nA 1--+ B\n";
    assert_eq!(post("/erd/png", source).status, 200);
    assert_eq!(post("/erd/jpeg", source).status, 200);
    assert_eq!(post("/erd/svg?theme=dark", source).status, 200);
    // As erd: a source without entities is an empty graph, not an error.
    assert_eq!(post("/erd/svg", "# nothing yet\n").status, 200);
    assert_eq!(post("/erd/svg", "").status, 200);
    let resp = post("/erd/svg?erd-notation=sideways", source);
    assert_eq!(resp.status, 400, "{}", text(&resp));
}

#[test]
fn names_with_quotes_and_backslashes_stay_one_node_each() {
    let source = "[`a\"b\\`]\n[`c\\`]\n`a\"b\\` 1--* `c\\`\n`c\\` ?--+ `a\"b\\`\n";
    let resp = post("/erd/svg", source);
    assert_eq!(resp.status, 200, "{}", text(&resp));
    let svg = text(&resp);
    let doc = xml(&svg).unwrap();
    let class = |c: &str| {
        doc.descendants()
            .filter(|n| n.attribute("class") == Some(c))
            .count()
    };
    assert_eq!((class("node"), class("edge")), (2, 2), "{svg}");
}

/// `n` entities, each related to the next and to the one after it: 2n - 3 relationships.
fn related(n: usize) -> String {
    let mut s: String = (0..n).map(|i| format!("[e{i}]\n*id\nname\n")).collect();
    for i in 1..n {
        s.push_str(&format!("e{} 1--* e{i}\n", i - 1));
        if i >= 2 {
            s.push_str(&format!("e{} ?--+ e{i}\n", i - 2));
        }
    }
    s
}

/// Issue 23, finding 4: 1,500 entities and 2,999 relationships with `erd-edge=ortho` took
/// 13-25 s in workerd. Orthogonal routing now has its own limits (`MAX_ORTHO_NODES`).
#[test]
fn ortho_edges_are_limited_by_the_ortho_limits() {
    let limit = edgeviz::graph::limits::MAX_ORTHO_NODES;
    let resp = post("/erd/svg?erd-edge=ortho", &related(1_500));
    assert_eq!(resp.status, 422, "{}", text(&resp));
    assert!(text(&resp).contains("ortho"), "{}", text(&resp));
    assert_eq!(
        post("/erd/svg?erd-edge=ortho", &related(limit + 1)).status,
        422
    );
    let start = std::time::Instant::now();
    let resp = post("/erd/svg?erd-edge=ortho", &related(limit));
    assert_eq!(resp.status, 200, "{}", text(&resp));
    eprintln!(
        "erd ortho at the limit ({limit} entities): {:?}",
        start.elapsed()
    );
    // Without ortho the general limits apply.
    assert_eq!(post("/erd/dot", &related(1_500)).status, 200);
}

/// Issue 23, findings 2 and 3: the Graphviz options of an erd diagram meet the caps a DOT
/// source's attributes meet (`/erd/png?node-attribute-fontsize=1e300` was a 500).
#[test]
fn graphviz_options_meet_the_size_caps() {
    let source = "[A]\n*id\n[B]\nA 1--* B\n";
    for query in [
        "node-attribute-fontsize=1e300",
        "graph-attribute-dpi=1e9",
        "graph-attribute-pad=1e300",
        "edge-attribute-labelfontsize=inf",
    ] {
        for format in ["svg", "png", "pdf"] {
            let resp = post(&format!("/erd/{format}?{query}"), source);
            assert_eq!(resp.status, 400, "{query} {format}: {}", text(&resp));
        }
    }
    assert_eq!(
        post("/erd/png?node-attribute-fontsize=100", source).status,
        200
    );
}

/// Issue 23, finding 5: erd's `#` comments and its strings hide nothing from its counts,
/// which are taken in its own reading: entities in a comment or a string are not counted,
/// and a comment or string before the entities does not lift the node limit.
#[test]
fn comments_and_strings_hide_nothing_from_the_counts() {
    let limit = edgeviz::graph::limits::MAX_NODES;
    let entities = |n: usize| -> String { (0..n).map(|i| format!("[e{i}]\n")).collect() };
    for prefix in ["# \" [ { `\n", "title {label: \"# [x] ` '\"}\n"] {
        let over = post("/erd/svg", &format!("{prefix}{}", entities(limit + 1)));
        assert_eq!(over.status, 422, "{prefix:?}: {}", text(&over));
    }
    // What a comment or a string holds is not an entity.
    let hidden = format!(
        "{}# [x1]\n[last] {{label: \"\n[x2]\"}}\n",
        entities(limit - 1)
    );
    let resp = post("/erd/dot", &hidden);
    assert_eq!(resp.status, 200, "{}", text(&resp));
    assert!(
        !text(&resp).contains("\"x1\""),
        "a comment became an entity"
    );
}

/// The figures behind `limits::MAX_ORTHO_NODES` (run with `cargo test --test erd
/// ortho_time_by_size -- --ignored --nocapture`): erd's graph of `n` related entities
/// (2n - 3 relationships) and a DOT chain with as many edges, routed with `splines=ortho`
/// and without, laid out by the engine itself (past the limits, which the service applies).
#[test]
#[ignore]
fn ortho_time_by_size() {
    let sizes: Vec<usize> = std::env::var("ORTHO_SIZES")
        .unwrap_or_else(|_| "100,200,300,400,500,750,1000,1500".into())
        .split(',')
        .map(|s| s.parse().unwrap())
        .collect();
    let mut options = edgeviz::diagram::Options::default();
    options.values.insert("erd-edge".into(), "ortho".into());
    // `ORTHO_SHAPE=scattered`: each entity related to the next and to one far away (a fixed
    // pseudo-random walk), so edges cross many ranks, as an unordered schema's do.
    let scattered = std::env::var("ORTHO_SHAPE").is_ok_and(|s| s == "scattered");
    for n in sizes {
        let source = if scattered {
            scattered_relations(n)
        } else {
            related(n)
        };
        let erd = edgeviz::kinds::erd::to_dot(&source, &options).unwrap();
        let plain = erd.replace("splines=\"ortho\"", "splines=\"spline\"");
        let mut chain = String::from("digraph { splines=ortho; ");
        for i in 1..n {
            chain.push_str(&format!("n{} -> n{i}; ", i - 1));
            if i >= 2 {
                chain.push_str(&format!("n{} -> n{i}; ", i - 2));
            }
        }
        chain.push('}');
        for (what, dot) in [
            ("erd ortho", &erd),
            ("erd spline", &plain),
            ("dot ortho", &chain),
        ] {
            let start = std::time::Instant::now();
            let svg = graphviz_pure::render_dot(dot, "dot", "svg").map(|r| r.into_parts().0);
            let layout = start.elapsed();
            let pdf = svg.as_ref().ok().map(|svg| {
                let start = std::time::Instant::now();
                let _ = edgeviz::raster::read(svg).and_then(|t| edgeviz::pdf::write(&t, 1.0));
                start.elapsed()
            });
            println!(
                "{what}\tn={n}\tedges={}\tsvg {:.2} s\tpdf after it {:.2} s\t{}",
                2 * n - 3,
                layout.as_secs_f64(),
                pdf.map_or(f64::NAN, |d| d.as_secs_f64()),
                if svg.is_ok() { "ok" } else { "error" }
            );
        }
    }
}

/// `n` entities and 2n - 1 relationships: each entity related to the next, and to one
/// chosen by a fixed multiplicative walk (no randomness: the same graph every run).
fn scattered_relations(n: usize) -> String {
    let mut s: String = (0..n).map(|i| format!("[e{i}]\n*id\nname\n")).collect();
    for i in 1..n {
        s.push_str(&format!("e{} 1--* e{i}\n", i - 1));
    }
    for i in 0..n {
        s.push_str(&format!("e{i} ?--+ e{}\n", (i * 7_919 + 13) % n));
    }
    s
}

/// Relationships that cross many ranks cost dot far more than a chain of the same size
/// (the engine alone: 200 entities with 399 scattered relationships took 126 s natively);
/// the Graphviz stage's work limit (`limits::MAX_DOT_WORK`) refuses them before layout.
#[test]
fn scattered_relationships_are_refused_before_layout() {
    for n in [200, 300, 1_500] {
        let start = std::time::Instant::now();
        let resp = post("/erd/svg", &scattered_relations(n));
        assert_eq!(resp.status, 422, "{n}: {}", text(&resp));
        assert!(start.elapsed().as_secs() < 5, "{n}: {:?}", start.elapsed());
    }
}
