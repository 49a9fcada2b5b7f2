//! Hostile DOT cannot make edgeviz serve active content: whatever labels, IDs, tooltips,
//! URLs and HTML-like labels contain, the SVG is well-formed XML with no script, no event
//! attribute, no `javascript:`/`data:` link and no foreignObject — in every theme.

mod common;
use common::{call, text};

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#115;cript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "\" onload=\"alert(1)",
    "' onmouseover='alert(1)",
    "x\" onclick=\"alert(1)\" y=\"",
    "]]><script>alert(1)</script><![CDATA[",
    "<![CDATA[<script>alert(1)</script>]]>",
    "</text></g></svg><script>alert(1)</script><svg>",
    "<foreignObject><body onload=alert(1)></foreignObject>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>&e;",
    "\u{1}\u{2}\u{7}\u{8}\u{b}\u{c}\u{1b}\u{7f}",
    "<svg onload=alert(1)>",
    "--><script>alert(1)</script><!--",
    "&日本語&é;&#x1F600;&nbsp;&zwj;&#0;&#xD800;",
    "é\u{FFFE}\u{FFFF}\u{85}",
];

fn graphs(payload: &str) -> Vec<String> {
    let q = payload.replace('\\', "\\\\").replace('"', "\\\"");
    vec![
        format!("digraph {{ a [label=\"{q}\"] }}"),
        format!("digraph {{ \"{q}\" -> b }}"),
        format!("digraph {{ a [id=\"{q}\" class=\"{q}\"] }}"),
        format!("digraph {{ a [tooltip=\"{q}\" URL=\"{q}\"] }}"),
        format!("digraph {{ a [href=\"{q}\" target=\"{q}\"] }}"),
        format!("digraph {{ a -> b [URL=\"{q}\" label=\"{q}\" labelURL=\"{q}\" headURL=\"{q}\" tailURL=\"{q}\" edgetooltip=\"{q}\"] }}"),
        format!("digraph {{ graph [URL=\"{q}\" label=\"{q}\" id=\"{q}\"]; a }}"),
        format!("digraph {{ subgraph cluster_x {{ URL=\"{q}\" label=\"{q}\" a }} }}"),
        format!("digraph {{ a [shape=record label=\"<p> {q} | b\"] }}"),
        format!("digraph {{ a [xlabel=\"{q}\" comment=\"{q}\"] }}"),
        format!("digraph {{ a [fontname=\"{q}\" fontcolor=\"{q}\" color=\"{q}\" fillcolor=\"{q}\" style=filled] }}"),
        format!(
            "digraph {{ a [label=<<TABLE HREF=\"{q}\" TITLE=\"{q}\" ID=\"{q}\"><TR><TD HREF=\"{q}\" TOOLTIP=\"{q}\">x</TD></TR></TABLE>>] }}"
        ),
        format!("digraph {{ a [label=<<B>{}</B>>] }}", xml_escape(payload)),
    ]
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn assert_safe(svg: &str, context: &str) {
    let doc = roxmltree::Document::parse_with_options(
        svg,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{context}: not well-formed XML: {e}\n{svg}"));
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name().to_ascii_lowercase();
        assert!(
            !["script", "foreignobject", "iframe", "object", "embed"].contains(&name.as_str()),
            "{context}: <{name}> in output"
        );
        for attr in node.attributes() {
            let an = attr.name().to_ascii_lowercase();
            assert!(!an.starts_with("on"), "{context}: event attribute {an}");
            if an == "href" {
                let v: String = attr
                    .value()
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                assert!(
                    !v.starts_with("javascript:")
                        && !v.starts_with("data:")
                        && !v.starts_with("vbscript:"),
                    "{context}: link {v}"
                );
            }
        }
    }
    // Entities in the DTD would be a way to smuggle content: Graphviz declares none.
    assert!(!svg.contains("<!ENTITY"), "{context}: entity declaration");
}

#[test]
fn hostile_input_never_yields_active_svg() {
    let mut rendered = 0;
    for payload in PAYLOADS {
        for src in graphs(payload) {
            for theme in ["light", "dark", "auto"] {
                let r = call(
                    "POST",
                    &format!("/graphviz/svg?theme={theme}"),
                    &[],
                    src.as_bytes(),
                );
                match r.status {
                    200 => {
                        assert_safe(&text(&r), &format!("{src} ({theme})"));
                        rendered += 1;
                    }
                    400..=499 => {}
                    s => panic!("{src}: status {s}: {}", text(&r)),
                }
            }
        }
    }
    assert!(rendered > 500, "only {rendered} hostile graphs rendered");
}

#[test]
fn safe_links_survive() {
    let r = call(
        "POST",
        "/graphviz/svg",
        &[],
        br#"digraph { a [URL="https://example.com/a?b=1&c=2"] b [URL="mailto:x@example.com"] c [URL="docs/c.html"] d [URL="javascript:alert(1)"] }"#,
    );
    let svg = text(&r);
    assert!(
        svg.contains(r#"xlink:href="https://example.com/a?b=1&amp;c=2""#),
        "{svg}"
    );
    assert!(svg.contains(r#"xlink:href="mailto:x@example.com""#));
    assert!(svg.contains(r#"xlink:href="docs/c.html""#));
    assert!(!svg.contains("javascript"));
}

/// Every reference in every golden SVG of every kind resolves: a dangling filter, clip path
/// or mask makes resvg leave the element out of the PNG (a browser ignores it).
#[test]
fn no_golden_svg_has_a_dangling_reference() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases");
    let mut checked = 0;
    let kinds = std::fs::read_dir(dir).unwrap().flatten();
    for entry in kinds.flat_map(|k| std::fs::read_dir(k.path()).unwrap().flatten()) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "svg") {
            continue;
        }
        let svg = std::fs::read_to_string(&path).unwrap();
        let doc = roxmltree::Document::parse_with_options(
            &svg,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap();
        let ids: std::collections::HashSet<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("id"))
            .collect();
        for node in doc.descendants().filter(|n| n.is_element()) {
            for attr in node.attributes() {
                let targets: Vec<&str> = if attr.name() == "href" {
                    attr.value().strip_prefix('#').into_iter().collect()
                } else {
                    attr.value()
                        .split("url(")
                        .skip(1)
                        .filter_map(|u| u.split(')').next()?.trim().strip_prefix('#'))
                        .collect()
                };
                for id in targets {
                    assert!(
                        ids.contains(id),
                        "{}: {}=\"{}\" names a missing #{id}",
                        path.display(),
                        attr.name(),
                        attr.value()
                    );
                }
            }
            if node.has_tag_name("style") {
                let css = node.text().unwrap_or("");
                for u in css.split("url(").skip(1) {
                    let id = u.split(')').next().unwrap().trim().trim_start_matches('#');
                    assert!(ids.contains(id), "{}: style url(#{id})", path.display());
                }
            }
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} golden SVGs found");
}
