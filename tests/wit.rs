//! The `wit` diagram type through the HTTP API: routes, the generated graph, errors with
//! line:column, options and limits. The pictures themselves are golden cases
//! (`tests/cases/wit/*.wit`).

#![cfg(feature = "wit")]

mod common;

use common::{call, get, post, text};

fn case(name: &str) -> String {
    let path = format!("{}/tests/cases/wit/{name}.wit", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

/// The generated Graphviz source for `source` (with `query`).
fn dot(source: &str, query: &str) -> String {
    let resp = post(&format!("/wit/dot?{query}"), source);
    assert_eq!(resp.status, 200, "{}", text(&resp));
    assert_eq!(
        resp.header("content-type"),
        Some("text/vnd.graphviz; charset=utf-8")
    );
    text(&resp)
}

/// The DOT node whose label contains `needle` (its first line `ID [...`).
fn node_with(dot: &str, needle: &str) -> String {
    dot.lines()
        .find(|l| l.contains(" [") && l.contains(needle) && !l.contains("->"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no node labelled {needle:?} in\n{dot}"))
        .to_string()
}

fn has_edge(dot: &str, from: &str, to: &str) -> bool {
    let prefix = format!("{from} -> {to}");
    dot.lines().any(|l| {
        let l = l.trim();
        l == prefix || l.starts_with(&format!("{prefix} "))
    })
}

/// The DOT text of `subgraph NAME { ... }`.
fn cluster<'a>(dot: &'a str, name: &str) -> &'a str {
    let start = dot
        .find(&format!("subgraph {name} {{"))
        .unwrap_or_else(|| panic!("no {name} in\n{dot}"));
    let end = dot[start..].find("\n  }").unwrap() + start;
    &dot[start..end]
}

#[test]
fn get_post_and_kroki_json_render_wit() {
    let source = case("proxy");
    let get_svg = get(&format!("/wit/svg/{}", edgeviz::encoding::encode(&source)));
    assert_eq!(get_svg.status, 200, "{}", text(&get_svg));
    assert_eq!(get_svg.header("content-type"), Some("image/svg+xml"));
    assert!(get_svg
        .header("cache-control")
        .unwrap()
        .contains("immutable"));
    let svg = text(&get_svg);
    assert!(
        svg.contains("example:edge/edge&#45;renderer@0.1.0")
            || svg.contains("example:edge/edge-renderer@0.1.0"),
        "{svg}"
    );

    // The same picture as rendering the generated graph as Graphviz: by the kind that reads
    // a `.gv` file.
    let generated = dot(&source, "");
    let graph_kind = edgeviz::kinds::for_file("generated.gv").unwrap();
    let via_graphviz = post(&format!("/{}/svg", graph_kind.name()), &generated);
    assert_eq!(text(&via_graphviz), svg);

    let body = serde_json::json!({
        "diagram_source": source,
        "diagram_type": "wit",
        "output_format": "png",
    });
    let png = common::post_json("/", &body);
    assert_eq!(png.status, 200, "{}", text(&png));
    assert_eq!(png.header("content-type"), Some("image/png"));
    let (w, h, _) = common::decode_png(&png.body);
    assert!(w > 600 && h > 200, "{w}x{h}");

    // Formats WIT has not: the list says which it has.
    let json = post("/wit/json", &source);
    assert_eq!(json.status, 400);
    assert!(
        text(&json).contains("svg, png, jpeg, pdf, dot"),
        "{}",
        text(&json)
    );
}

#[test]
fn worlds_are_components_with_imports_and_exports() {
    let d = dot(&case("proxy"), "");
    let world = cluster(&d, "cluster_w0");
    assert!(world.contains("example:edge/edge-renderer@0.1.0"));
    assert!(world.contains("shape=component"));
    assert!(world.contains("language: rust") && world.contains("size: 3.6MB"));
    // Imports feed the component, the component feeds its exports.
    let import = node_with(world, "\"import wasi:io/streams@0.2.0\"");
    let export = node_with(world, "\"export example:edge/render@0.1.0\"");
    assert!(has_edge(&d, &import, "w0"), "{d}");
    assert!(has_edge(&d, "w0", &export), "{d}");
    // WASI: imported ones are capabilities the host grants, exported ones it calls.
    let grants = cluster(&d, "cluster_host");
    for name in [
        "wasi:clocks/monotonic-clock@0.2.0",
        "wasi:random/random@0.2.0",
        "wasi:http/outgoing-handler@0.2.0",
    ] {
        assert!(grants.contains(name), "{name} not on the host box");
    }
    assert!(!grants.contains("incoming-handler"));
    let calls = cluster(&d, "cluster_host_calls");
    assert!(calls.contains("wasi:http/incoming-handler@0.2.0"));
    let capability = node_with(grants, "wasi:io/streams@0.2.0");
    assert!(has_edge(&d, &capability, &import), "{d}");
    // The interface defined here is a table of its functions and types.
    let render = node_with(&d, "<b>example:edge/render@0.1.0</b>");
    assert!(has_edge(&d, &export, &render), "{d}");
    let table = d
        .lines()
        .find(|l| l.starts_with(&format!("  {render} ")))
        .unwrap();
    // A long signature is wrapped, a parameter a line.
    let br = "<br align=\"left\"/>";
    assert!(
        table.contains(&format!(
            "render({br}    source: string,{br}    options: options,"
        )),
        "{table}"
    );
    assert!(table.contains("<i>record</i> <b>options</b>"), "{table}");
    assert!(
        table.contains("<i>variant</i> <b>render-error</b>"),
        "{table}"
    );
}

#[test]
fn composition_runs_through_the_interfaces() {
    let d = dot(&case("composition"), "");
    let prices = node_with(&d, "<b>shop:checkout/prices@0.3.0</b>");
    let orders = node_with(&d, "<b>shop:checkout/orders@0.3.0</b>");
    let worlds: Vec<_> = (0..3)
        .map(|n| cluster(&d, &format!("cluster_w{n}")))
        .collect();
    let (pricing, checkout, storefront) = (worlds[0], worlds[1], worlds[2]);
    assert!(pricing.contains("shop:checkout/pricing@0.3.0"));
    assert!(checkout.contains("language: rust") && checkout.contains("size: 1.1MB"));
    // pricing exports prices → checkout and storefront import it.
    let export = node_with(pricing, "\"export shop:checkout/prices@0.3.0\"");
    assert!(has_edge(&d, &export, &prices));
    for world in [checkout, storefront] {
        let import = node_with(world, "\"import shop:checkout/prices@0.3.0\"");
        assert!(has_edge(&d, &prices, &import), "{d}");
    }
    // checkout exports orders → storefront imports it.
    let export = node_with(checkout, "\"export shop:checkout/orders@0.3.0\"");
    let import = node_with(storefront, "\"import shop:checkout/orders@0.3.0\"");
    assert!(has_edge(&d, &export, &orders) && has_edge(&d, &orders, &import));
    // orders uses a type of prices.
    assert!(d.contains(&format!("{prices} -> {orders} [style=dotted")));
    // A WASI proposal is the host's too; a package not in the source is said to be so.
    assert!(cluster(&d, "cluster_host_calls").contains("wasi:http/incoming-handler"));
}

#[test]
fn included_worlds_are_merged() {
    let source = "package a:b;\n\
        interface log { write: func(s: string); }\n\
        interface api { run: func(); }\n\
        world base { import log; import wasi:random/random@0.2.0; }\n\
        world app { include base; export api; }\n";
    let d = dot(source, "");
    assert!(
        !d.contains("cluster_w1"),
        "the included world is not drawn alone:\n{d}"
    );
    let app = cluster(&d, "cluster_w0");
    assert!(app.contains("a:b/app"));
    node_with(app, "\"import a:b/log\"");
    node_with(app, "\"import wasi:random/random@0.2.0\"");
    node_with(app, "\"export a:b/api\"");
}

#[test]
fn detail_options_and_annotations() {
    let source = case("types");
    let full = dot(&source, "");
    assert!(
        full.contains(
            "parse(<br align=\"left\"/>    text: string,<br align=\"left\"/>    strict: bool,"
        ),
        "{full}"
    );
    assert!(full.contains("... 4 more"), "{full}");
    let names = dot(&source, "wit-detail=names&wit-max-items=50");
    assert!(names.contains("<i>fn</i> parse<"), "{names}");
    assert!(!names.contains("(text: string"));
    assert!(!names.contains("more</i>"));
    let few = dot(&source, "wit-max-items=3");
    let rows = few.matches("<td align=\"left\">").count();
    assert_eq!(rows, 4, "3 rows and the remainder:\n{few}");
    // Annotations from options win over doc comments; graph attributes win over defaults.
    let d = dot(
        &case("proxy"),
        "wit-language-edge-renderer=zig&graph-attribute-rankdir=TB",
    );
    assert!(d.contains("language: zig") && !d.contains("language: rust"));
    assert!(!d.contains("rankdir=\"LR\""));
    // Options change the cache key.
    let a = post("/wit/svg", &source);
    let b = post("/wit/svg?wit-detail=names", &source);
    assert_ne!(a.header("etag"), b.header("etag"));
    for bad in [
        "wit-detail=all",
        "wit-max-items=0",
        "wit-max-items=9999",
        "wit-colour=red",
    ] {
        let resp = post(&format!("/wit/svg?{bad}"), &source);
        assert_eq!(resp.status, 400, "{bad}");
    }
}

#[test]
fn syntax_and_resolution_errors_have_line_and_column() {
    for (source, line, column, says) in [
        (
            "package a:b;\n\ninterface x {\n  f: func(;\n}\n",
            4,
            11,
            "expected",
        ),
        (
            "package a:b;\nworld w {\n  import nowhere;\n}\n",
            3,
            10,
            "nowhere",
        ),
        (
            "package a:b;\ninterface x {\n  f: func() -> missing;\n}\n",
            3,
            16,
            "missing",
        ),
    ] {
        let resp = call(
            "POST",
            "/wit/svg",
            &[("Accept", "application/json")],
            source.as_bytes(),
        );
        assert_eq!(resp.status, 400, "{source}");
        let v: serde_json::Value = serde_json::from_slice(&resp.body).unwrap();
        let message = v["error"]["message"].as_str().unwrap();
        assert_eq!(
            (v["error"]["line"].as_u64(), v["error"]["column"].as_u64()),
            (Some(line), Some(column)),
            "{source}: {message}"
        );
        assert!(message.contains(says), "{message}");
        assert!(!message.contains('\n'));
    }
}

#[test]
fn hostile_wit_is_refused_or_made_inert() {
    // Type nesting past the limit: refused before the recursive parser sees it.
    let deep = format!(
        "package a:b;\ninterface x {{\n  type t = {}u8{};\n}}\n",
        "list<".repeat(1000),
        ">".repeat(1000)
    );
    let resp = post("/wit/svg", &deep);
    assert_eq!(resp.status, 413, "{}", text(&resp));
    assert!(text(&resp).contains("line 3:"), "{}", text(&resp));
    // Markup in doc comments and options stays text.
    let source = "package a:b;\n/// @language <script>alert(1)</script>\"\nworld w { export run: func(); }\n";
    let resp = post(
        "/wit/svg?wit-size-w=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
        source,
    );
    assert_eq!(resp.status, 200, "{}", text(&resp));
    let svg = text(&resp);
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&svg, options).unwrap();
    for node in doc.descendants().filter(|n| n.is_element()) {
        assert!(!["script", "img"].contains(&node.tag_name().name()));
        assert!(node.attributes().all(|a| !a.name().starts_with("on")));
    }
    assert!(svg.contains("language: &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(svg.contains("size: &lt;img src=x onerror=alert(1)&gt;"));
    // Not UTF-8, empty, or a package with nothing in it.
    assert_eq!(
        call("POST", "/wit/svg", &[], b"package a:b;\xff").status,
        400
    );
    let empty = post("/wit/svg", "package a:b;\n");
    assert_eq!(empty.status, 200, "an empty package is an empty picture");
}

/// The README shows `wit/edgeviz.svg`: it must be what edgeviz draws of `wit/edgeviz.wit`
/// today (after a deliberate change: `edgeviz render wit/edgeviz.wit -o wit/edgeviz.svg`).
#[test]
fn readme_picture_of_edgeviz_wit_is_current() {
    let root = env!("CARGO_MANIFEST_DIR");
    let source = std::fs::read_to_string(format!("{root}/wit/edgeviz.wit")).unwrap();
    let picture = std::fs::read_to_string(format!("{root}/wit/edgeviz.svg")).unwrap();
    let resp = post("/wit/svg", &source);
    assert_eq!(resp.status, 200, "{}", text(&resp));
    assert!(
        text(&resp) == picture,
        "wit/edgeviz.svg is stale: run `cargo run --release --bin edgeviz -- render wit/edgeviz.wit -o wit/edgeviz.svg`"
    );
}

/// Every hostile family wit declares (src/kinds/wit/hostile.rs) answers as declared.
#[test]
fn hostile_families_answer_as_declared() {
    common::hostile_cases_answer_as_declared("wit");
}

/// Finding 7 (issue 23): the nesting check reads comments and strings as wit-parser's lexer
/// does. Before, a `"//"` string hid the rest of its line, `//` inside a block comment ended
/// it early, and brackets inside block comments were counted.
#[test]
fn comments_and_strings_are_read_as_the_lexer_reads_them() {
    let deep = |n| format!("{}u8{}", "list<".repeat(n), ">".repeat(n));
    let source = format!(
        "package a:b;\ninterface i {{ @external-id(\"//\") type t = {}; }}\n",
        deep(5_000)
    );
    let resp = post("/wit/svg", &source);
    assert_eq!(resp.status, 413, "{}", text(&resp));
    assert!(text(&resp).contains("line 2:"), "{}", text(&resp));
    // Brackets in comments, nested ones too, are not nesting.
    let commented = format!(
        "package a:b;\n/* {} /* {} */ // no end here\n{} */\n// {}\ninterface i {{ type t = u8; }}\n",
        "<".repeat(100),
        "(".repeat(100),
        "{".repeat(100),
        "<".repeat(100)
    );
    let resp = post("/wit/svg", &commented);
    assert_eq!(resp.status, 200, "{}", text(&resp));
    let behind = format!(
        "package a:b;\n/* /* */ */\ninterface i {{ type t = {}; }}\n",
        deep(100)
    );
    assert_eq!(post("/wit/svg", &behind).status, 413);
}
