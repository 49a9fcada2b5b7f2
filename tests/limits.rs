//! Each documented limit (src/limits.rs, src/graph/limits.rs, README "Limits") is enforced
//! with its status code; a kind's own are in its own tests.

mod common;
use common::{call, decode_png, post, text};

use edgeviz::graph::limits::*;
use edgeviz::limits::*;

#[test]
fn nesting_limit_is_413_with_position() {
    let src = format!(
        "digraph {{\n  {}\n}}",
        "subgraph { ".repeat(MAX_NESTING + 5)
    );
    let r = post("/graphviz/svg", &src);
    assert_eq!(r.status, 413, "{}", text(&r));
    let msg = text(&r);
    assert!(msg.contains("line 2:"), "{msg}");
    // One level below the limit is fine as far as nesting goes.
    let ok = format!(
        "digraph {{ {} a {} }}",
        "subgraph { ".repeat(MAX_NESTING - 2),
        "} ".repeat(MAX_NESTING - 2)
    );
    assert_eq!(post("/graphviz/svg", &ok).status, 200);
}

#[test]
fn html_label_nesting_counts() {
    let deep = format!(
        "digraph {{ a [label=<{}x{}>] }}",
        "<B>".repeat(MAX_NESTING + 1),
        "</B>".repeat(MAX_NESTING + 1)
    );
    assert_eq!(post("/graphviz/svg", &deep).status, 413);
    let fine = "digraph { a [label=<<B><I>x</I></B>>] }";
    assert_eq!(post("/graphviz/svg", fine).status, 200);
}

#[test]
fn node_limit_is_422() {
    let mut src = String::from("digraph {\n");
    for i in 0..=MAX_NODES {
        src.push_str(&format!("n{i};\n"));
    }
    src.push('}');
    let r = post("/graphviz/svg", &src);
    assert_eq!(r.status, 422, "{}", text(&r));
    assert!(text(&r).contains("nodes"));
}

#[test]
fn edge_limit_is_422() {
    let mut src = String::from("digraph {\n");
    for i in 0..=MAX_EDGES {
        src.push_str(&format!("a -> b{};\n", i % 10));
    }
    src.push('}');
    let r = post("/graphviz/svg", &src);
    assert_eq!(r.status, 422);
    assert!(text(&r).contains("edges"));
}

#[test]
fn subgraph_limit_is_422() {
    let mut src = String::from("digraph {\n");
    for i in 0..=MAX_SUBGRAPHS {
        src.push_str(&format!("subgraph s{i} {{ }}\n"));
    }
    src.push('}');
    let r = post("/graphviz/svg", &src);
    assert_eq!(r.status, 422);
    assert!(text(&r).contains("subgraphs"));
}

#[test]
fn graph_count_limit_is_422() {
    let src = "digraph { a }\n".repeat(MAX_GRAPHS + 1);
    let r = post("/graphviz/svg", &src);
    assert_eq!(r.status, 422);
    assert!(text(&r).contains("graphs"));
    // Several graphs within the limit: the first is drawn.
    let two = post("/graphviz/svg", "digraph first { x }\ndigraph second { y }");
    assert_eq!(two.status, 200);
    assert!(text(&two).contains(">x</text>") && !text(&two).contains(">y</text>"));
}

#[test]
fn option_value_limit_is_400() {
    let long = "x".repeat(1025);
    let r = call(
        "POST",
        &format!("/graphviz/svg?graph-attribute-label={long}"),
        &[],
        b"digraph { a }",
    );
    assert_eq!(r.status, 400);
}

#[test]
fn decoded_source_limit_is_413() {
    // A POST body can never exceed it (the body limit is the same size); a zlib stream in
    // the URL can: 1 MiB + 1 of 'a' compresses to about 1 KB.
    let bomb = vec![b'a'; MAX_SOURCE_BYTES + 1];
    let enc = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        miniz_oxide::deflate::compress_to_vec_zlib(&bomb, 10),
    );
    let r = call("GET", &format!("/graphviz/svg/{enc}"), &[], b"");
    assert_eq!(r.status, 413);
    assert!(text(&r).contains("decoded diagram source"));
}

#[test]
fn png_over_the_pixel_limit_is_scaled_to_fit() {
    // A 40,000 pt wide graph: 53,334 px at 96 dpi, over the side limit.
    let src = "digraph { graph [size=\"1000,1000\"]; a [shape=box width=555 height=1] }";
    let r = post("/graphviz/png", src);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let (w, h, _) = decode_png(&r.body);
    assert!(u64::from(w) <= MAX_PNG_SIDE && u64::from(w) * u64::from(h) <= MAX_PNG_PIXELS);
    assert!(w > 10_000, "scaled to fit, not to a thumbnail: {w}x{h}");
    assert!(r
        .header("x-edgeviz-diagnostic")
        .unwrap()
        .contains("scaled by"));
}

#[test]
fn file_attributes_are_ignored_with_a_diagnostic() {
    // Graphviz draws these graphs when the files are missing, warning; edgeviz draws them
    // too, reading nothing, and names nothing they point to in its output.
    for (src, named) in [
        ("digraph { a [image=\"/etc/passwd\"] }", "/etc/passwd"),
        (
            "digraph { a [shape=custom shapefile=\"/etc/hosts\"] }",
            "/etc/hosts",
        ),
        (
            "digraph { imagepath=\"/etc\"; a [image=\"passwd\"] }",
            "passwd",
        ),
        (
            "digraph { fontpath=\"/usr/share/fonts\"; a }",
            "/usr/share/fonts",
        ),
        (
            "digraph { stylesheet=\"https://evil.example/x.css\"; a }",
            "evil.example",
        ),
        ("digraph { node [image=\"x.png\"]; a }", "x.png"),
        (
            "digraph { subgraph cluster_x { graph [image=\"x.png\"]; a } }",
            "x.png",
        ),
        ("digraph { a -> b [image=\"x.png\"] }", "x.png"),
        (
            "digraph { a [label=<<TABLE><TR><TD><IMG SRC=\"/etc/passwd\"/></TD></TR></TABLE>>] }",
            "/etc/passwd",
        ),
    ] {
        let r = post("/graphviz/svg", src);
        assert_eq!(r.status, 200, "{src}: {}", text(&r));
        let svg = text(&r);
        assert!(svg.contains("<title>a</title>"), "{src}: the node is drawn");
        for gone in [named, "<image", "xml-stylesheet"] {
            assert!(!svg.contains(gone), "{src}: the output names {gone:?}");
        }
        let note = r.header("x-edgeviz-diagnostic").unwrap_or_default();
        assert!(note.contains("ignored"), "{src}: diagnostic {note:?}");
        assert!(!note.contains("SERVER_NAME"), "{src}: {note:?}");
        let png = post("/graphviz/png", src);
        assert_eq!(png.status, 200, "{src}");
    }
    // Through options too.
    let r = call(
        "POST",
        "/graphviz/svg?node-attribute-image=x.png",
        &[],
        b"digraph { a }",
    );
    assert_eq!(r.status, 200);
    assert!(r.header("x-edgeviz-diagnostic").unwrap().contains("image"));
}

#[test]
fn record_labels_nested_past_the_limit_are_413_with_their_position() {
    let deep = |n: usize, sep: &str| {
        format!(
            "digraph {{\n  a [shape=record, label=\"{}x{}\"]\n}}",
            format!("{{x{sep}").repeat(n),
            "}".repeat(n)
        )
    };
    for sep in ["", "|"] {
        let at = post("/graphviz/svg", &deep(MAX_RECORD_NESTING, sep));
        assert_eq!(at.status, 200, "{sep:?}: {}", text(&at));
        let over = post("/graphviz/svg", &deep(MAX_RECORD_NESTING + 1, sep));
        assert_eq!(over.status, 413, "{sep:?}");
        let step = 2 + sep.len();
        // The brace past the limit: `  a [shape=record, label="` is 26 characters.
        let column = 27 + MAX_RECORD_NESTING * step;
        assert!(
            text(&over).contains(&format!("line 2:{column}")),
            "{sep:?}: {}",
            text(&over)
        );
    }
    // A shape given by a default counts; braces in a label of a graph without records do not.
    let by_default = format!(
        "digraph {{ node [shape=Mrecord]; a [label=\"{}\"] }}",
        "{".repeat(300)
    );
    assert_eq!(post("/graphviz/svg", &by_default).status, 413);
    let plain = format!("digraph {{ a [label=\"{}\"] }}", "{".repeat(300));
    assert_eq!(post("/graphviz/svg", &plain).status, 200);
    // Escaped braces are text.
    let escaped = format!(
        "digraph {{ a [shape=record label=\"{}\"] }}",
        "\\{".repeat(300)
    );
    assert_eq!(post("/graphviz/svg", &escaped).status, 200);
}

#[test]
fn dot_work_limit_refuses_a_complete_dag() {
    // 77 nodes, 2,926 edges: within the node and edge limits, but about 76,000 segments
    // for dot (it ran for minutes before this limit).
    let mut src = String::from("digraph {\n");
    for i in 0..77 {
        for j in i + 1..77 {
            src.push_str(&format!("n{i} -> n{j};\n"));
        }
    }
    src.push('}');
    let r = post("/graphviz/svg", &src);
    assert_eq!(r.status, 422, "{}", text(&r));
    assert!(text(&r).contains("segments"), "{}", text(&r));
}

#[test]
fn force_directed_node_limit() {
    let mut src = String::from("graph {\n");
    for i in 1..=MAX_FORCE_NODES {
        src.push_str(&format!("n{} -- n{i};\n", (i - 1) / 2));
    }
    src.push('}');
    assert_eq!(post("/graphviz/svg?layout=neato", &src).status, 422);
    assert_eq!(post("/graphviz/svg?layout=fdp", &src).status, 422);
    assert_eq!(post("/graphviz/svg?layout=sfdp", &src).status, 200);
}

#[test]
fn circo_node_limit() {
    let chain = |n: usize| {
        let names: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
        format!("graph {{ layout=circo; {} }}", names.join(" -- "))
    };
    assert_eq!(post("/graphviz/svg", &chain(MAX_CIRCO_NODES)).status, 200);
    let over = post("/graphviz/svg", &chain(MAX_CIRCO_NODES + 1));
    assert_eq!(over.status, 422);
    assert!(text(&over).contains("circo"), "{}", text(&over));
    assert_eq!(
        post("/graphviz/svg?layout=twopi", &chain(MAX_CIRCO_NODES + 1)).status,
        200
    );
}

#[test]
fn iteration_knobs_are_capped() {
    for (attr, cap) in ITERATION_CAPS {
        let over = post(
            "/graphviz/svg",
            &format!("digraph {{ {attr}={}; a -> b }}", cap * 10.0),
        );
        assert_eq!(over.status, 422, "{attr}");
        assert!(text(&over).contains(attr));
        let under = post(
            "/graphviz/svg",
            &format!("digraph {{ {attr}={}; a -> b }}", cap / 2.0),
        );
        assert_eq!(under.status, 200, "{attr}: {}", text(&under));
    }
    // Also through options (-G).
    let r = call(
        "POST",
        "/graphviz/svg?graph-attribute-mclimit=1000",
        &[],
        b"digraph { a }",
    );
    assert_eq!(r.status, 422);
}

#[test]
fn label_length_limit_is_413() {
    let long = "x".repeat(MAX_LABEL_BYTES + 1);
    let r = post(
        "/graphviz/svg",
        &format!("digraph {{ a [label=\"{long}\"] }}"),
    );
    assert_eq!(r.status, 413);
    assert!(text(&r).contains("label"));
    let r = post(
        "/graphviz/svg",
        &format!("digraph {{ a -> b [xlabel=\"{long}\"] }}"),
    );
    assert_eq!(r.status, 413);
}

#[test]
fn html_cell_limit_is_422() {
    let row = "<TR><TD>x</TD></TR>".repeat(500);
    let mut src = String::from("digraph {\n");
    for i in 0..=(MAX_HTML_CELLS / 500) {
        src.push_str(&format!(
            "n{i} [shape=plaintext label=<<TABLE>{row}</TABLE>>];\n"
        ));
    }
    src.push('}');
    let r = post("/graphviz/svg", &src);
    assert_eq!(r.status, 422, "{}", text(&r));
    assert!(text(&r).contains("HTML table cells"));
}

/// Issue 23, finding 1: a `#` line (a preprocessor line at a line's start, a comment
/// elsewhere) holding a quote or a `<` hid the braces after it from the nesting check.
#[test]
fn a_hash_line_hides_no_braces_from_the_nesting_limit() {
    let braces = |n: usize| format!("digraph {{{} a{} }}", " {".repeat(n), " }".repeat(n));
    for prefix in [
        "# \"\n",
        "# <\n",
        "#line 2 \"f.gv\n",
        "// \" <\n",
        "/* \" < */\n",
    ] {
        for deep in [1_000, 5_000] {
            let r = post("/graphviz/svg", &format!("{prefix}{}", braces(deep)));
            assert_eq!(r.status, 413, "{prefix:?} {deep}: {}", text(&r));
        }
        let ok = post(
            "/graphviz/svg",
            &format!("{prefix}{}", braces(MAX_NESTING - 1)),
        );
        assert_eq!(ok.status, 200, "{prefix:?}: {}", text(&ok));
    }
}

/// Issue 23, finding 2: sizes that overflow or vanish were a 500 as PNG, JPEG and PDF (and
/// an SVG declared `width="-1389934584pt"`). Each is now a 4xx in every format, naming
/// the attribute.
#[test]
fn sizes_that_overflow_are_4xx_naming_the_attribute() {
    let cases = [
        ("digraph { a [width=\"1e8\"] }", "width"),
        ("digraph { pad=\"1e300\"; a }", "pad"),
        ("digraph { nodesep=\"1e300\"; a b }", "nodesep"),
        ("digraph { ranksep=\"1e300\"; a -> b }", "ranksep"),
        ("digraph { a [fontsize=\"1e300\"] }", "fontsize"),
        ("digraph { a [fontsize=inf] }", "fontsize"),
        ("digraph { a [height=nan] }", "height"),
        ("digraph { size=\"1e9,1e9!\"; a }", "size"),
        (
            "digraph { a [label=<<FONT POINT-SIZE=\"1e300\">x</FONT>>] }",
            "fontsize",
        ),
    ];
    for (source, attribute) in cases {
        for format in ["svg", "png", "jpeg", "pdf"] {
            let r = post(&format!("/graphviz/{format}"), source);
            assert!(
                (400..500).contains(&r.status),
                "{source} as {format}: {} {}",
                r.status,
                text(&r)
            );
            assert!(text(&r).contains(attribute), "{source}: {}", text(&r));
        }
    }
    // At the caps, drawn in every format.
    for format in ["svg", "png", "pdf"] {
        let r = post(
            &format!("/graphviz/{format}"),
            "digraph { pad=1000; a [width=1000, fontsize=1000] }",
        );
        assert_eq!(r.status, 200, "{format}: {}", text(&r));
    }
}

/// Many attributes within their caps add up: the SVG's own size is checked before it is
/// served or drawn ([`MAX_DRAWING_SIDE`]).
#[test]
fn a_drawing_that_adds_up_past_the_side_limit_is_422() {
    let wide = |n: usize| {
        let names: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
        format!(
            "digraph {{ node [width=1000, fixedsize=true] {} }}",
            names.join(" ")
        )
    };
    let r = post("/graphviz/svg", &wide(1_389));
    assert_eq!(r.status, 422, "{}", text(&r));
    assert!(text(&r).contains("width or height"), "{}", text(&r));
    assert_eq!(post("/graphviz/png", &wide(1_389)).status, 422);
    let ok = post("/graphviz/png", &wide(1_388));
    assert_eq!(ok.status, 200, "{}", text(&ok));
    // A negative size within the caps: the SVG's check, 400.
    let r = post("/graphviz/png", "digraph { pad=-500; a }");
    assert!((400..500).contains(&r.status), "{} {}", r.status, text(&r));
}

/// Issue 23, finding 3: `?dpi=601` was 400 but `?graph-attribute-dpi=5000` drew a
/// 17,081 × 12,812 pt SVG. Every spelling meets the same cap.
#[test]
fn every_spelling_of_an_attribute_meets_the_same_cap() {
    let graph = b"digraph { a -> b }";
    for query in [
        "dpi=601",
        "graph-attribute-dpi=5000",
        "graph-attribute-resolution=601",
        "graph-attribute-size=1e9,1e9",
        "graph-attribute-pad=1e300",
        "node-attribute-width=1e8",
        "node-attribute-fontsize=1e300",
        "edge-attribute-fontsize=1e300",
        "edge-attribute-penwidth=inf",
    ] {
        let r = call("POST", &format!("/graphviz/svg?{query}"), &[], graph);
        assert_eq!(r.status, 400, "{query}: {}", text(&r));
        let name = query.split('=').next().unwrap();
        assert!(text(&r).contains(name), "{query}: {}", text(&r));
    }
    for query in [
        "dpi=600",
        "graph-attribute-dpi=600",
        "node-attribute-fontsize=1000",
    ] {
        let r = call("POST", &format!("/graphviz/png?{query}"), &[], graph);
        assert_eq!(r.status, 200, "{query}: {}", text(&r));
    }
    // In the source: the graph's attribute, a `graph [ ]` statement, `resolution`.
    for source in [
        "digraph { dpi=5000; a }",
        "digraph { graph [dpi=601] a }",
        "digraph { resolution=601; a }",
        "digraph { subgraph s { graph [dpi=601] } a }",
    ] {
        let r = post("/graphviz/svg", source);
        assert_eq!(r.status, 422, "{source}: {}", text(&r));
        assert!(text(&r).contains("dpi") || text(&r).contains("resolution"));
    }
    assert_eq!(post("/graphviz/svg", "digraph { dpi=600; a }").status, 200);
    // Kroki's header spelling of an option.
    let r = call(
        "POST",
        "/graphviz/svg",
        &[("Kroki-Diagram-Options-Graph-Attribute-Dpi", "5000")],
        graph,
    );
    assert_eq!(r.status, 400, "{}", text(&r));
}

/// Issue 23, finding 4: orthogonal routing is limited by nodes and edges, for every kind
/// that draws a Graphviz graph (the DOT source's `splines=ortho` and the option alike).
#[test]
fn orthogonal_routing_has_its_own_limits() {
    let chain = |n: usize| {
        let edges: Vec<String> = (1..n).map(|i| format!("n{} -> n{i}", i - 1)).collect();
        format!("digraph {{ splines=ortho; {} }}", edges.join("; "))
    };
    let r = post("/graphviz/svg", &chain(MAX_ORTHO_NODES + 1));
    assert_eq!(r.status, 422, "{}", text(&r));
    assert!(text(&r).contains("ortho"), "{}", text(&r));
    let plain = chain(MAX_ORTHO_NODES + 1).replace("splines=ortho; ", "");
    let r = call(
        "POST",
        "/graphviz/svg?graph-attribute-splines=ortho",
        &[],
        plain.as_bytes(),
    );
    assert_eq!(r.status, 422, "{}", text(&r));
    assert_eq!(post("/graphviz/svg", &plain).status, 200);
    assert_eq!(post("/graphviz/svg", &chain(MAX_ORTHO_NODES)).status, 200);
}

/// The hostile families of the kinds drawn by the Graphviz stage (those that serve its `dot`
/// output: the generated graph), as the e2e suites draw them, natively: each answers as its
/// family declares, never a 5xx. `HOSTILE_KINDS=NAME,...` (a comma-separated list of kinds)
/// narrows it.
#[test]
fn graph_kinds_hostile_families_answer_as_declared() {
    let graph_kinds: Vec<&str> = edgeviz::kinds::built()
        .filter(|k| k.formats().contains(&edgeviz::Format::Dot))
        .map(|k| k.name())
        .collect();
    let chosen = std::env::var("HOSTILE_KINDS").ok();
    let mut failures = Vec::new();
    for case in edgeviz::kinds::hostile_cases() {
        let wanted = match &chosen {
            Some(list) => list.split(',').any(|k| k == case.kind),
            None => graph_kinds.contains(&case.kind),
        };
        if !wanted {
            continue;
        }
        let start = std::time::Instant::now();
        let r = call("POST", &case.path, &[], case.source.as_bytes());
        let expected = if case.ok { Some(200) } else { case.status };
        let fine = match expected {
            Some(status) => r.status == status,
            None => (400..500).contains(&r.status),
        };
        if !fine {
            let body: String = text(&r).chars().take(200).collect();
            failures.push(format!(
                "{} {} (n={}): {} {body}",
                case.family, case.label, case.n, r.status
            ));
        }
        eprintln!(
            "{:.2} s\t{}\t{} {}",
            start.elapsed().as_secs_f64(),
            r.status,
            case.family,
            case.label
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
