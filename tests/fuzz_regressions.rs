//! Inputs found by the fuzz targets in `fuzz/` (see fuzz/README.md), kept as regression
//! tests. Each test names the target that found it and the invariant it broke.
//!
//! The sanitiser invariants (fuzz target `sanitize`): whatever text `svg::sanitize` is given,
//! and whatever `theme::apply` then makes of it, the output contains no `<script` (in any case) and no `on*`
//! attribute, and is well-formed XML whenever the input is.

// The fuzz targets' invariants (an HTML-tokenizer reading of tags, among others).
#[allow(dead_code)]
#[path = "../fuzz/fuzz_targets/check.rs"]
mod check;

use edgeviz::Theme;

const THEMES: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Auto];

fn sanitize(input: &str) -> edgeviz::svg::Clean {
    edgeviz::svg::clean(input, &[])
}

/// Every output of the sanitiser for `input`, in every theme.
fn outputs(input: &str) -> Vec<(String, String)> {
    let clean = sanitize(input);
    let mut all = vec![("sanitize".to_string(), clean.to_string())];
    for theme in THEMES {
        let themed = edgeviz::theme::apply(clean.clone(), theme);
        all.push((
            format!("sanitize, then theme {theme:?}"),
            themed.to_string(),
        ));
    }
    all
}

/// Each input is well-formed XML, and so is every output of the sanitiser for it.
fn assert_well_formed_stays_well_formed(inputs: &[&str]) {
    let parses = |s: &str| roxmltree::Document::parse(s).is_ok();
    for input in inputs {
        assert!(parses(input), "the input {input:?} is well-formed");
        for (what, out) in outputs(input) {
            assert!(
                parses(&out),
                "{what}: well-formed input, output not well-formed\ninput:  {input:?}\noutput: {out:?}"
            );
        }
    }
}

fn assert_no_script(input: &str) {
    for (what, out) in outputs(input) {
        assert!(
            !out.to_ascii_lowercase().contains("<script"),
            "{what}: <script survives sanitising\ninput:  {input:?}\noutput: {out:?}"
        );
    }
}

/// Found by `sanitize` (fuzz/README.md, finding K1). Comments are copied verbatim up to the
/// first `-->`, but an HTML parser also ends a comment at `--!>`: an SVG inlined into an
/// HTML page (asciidoctor-kroki's `inline`, innerHTML) runs this script. XML forbids `--`
/// inside a comment, so the input is not even well-formed; the sanitiser must not pass
/// script text through a comment either way.
#[test]
fn sanitize_comment_closed_the_html_way_hides_no_script() {
    assert_no_script("<svg><!-- --!><script>alert(1)</script> --></svg>");
}

/// Found by `sanitize` (K1): a plain comment holding a script tag is copied as it is.
#[test]
fn sanitize_comment_keeps_no_script_text() {
    assert_no_script("<svg><!-- <script>alert(1)</script> --></svg>");
}

/// Found by `sanitize` (K1): a CDATA section before the root is copied verbatim up to
/// `]]>`; outside foreign content an HTML parser ends `<![CDATA[` at the first `>`, so the
/// script that follows runs.
#[test]
fn sanitize_cdata_hides_no_script() {
    assert_no_script("<![CDATA[><script>alert(1)</script>]]><svg/>");
}

/// Found by `sanitize` (K2; first crash input `</svg<script>alert(1)</script>`): a tag whose
/// name is not an XML name is written back with its name verbatim (`svg.rs`, `write_tag`,
/// `out.push_str(&tag[..prefix_len])`), so `<a<script>` comes out as `<a<script>`.
#[test]
fn sanitize_malformed_tag_name_keeps_no_script() {
    assert_no_script("<svg><a<script>x</a></svg>");
    assert_no_script("<svg><g></g></svg<script>alert(1)</script>");
}

/// Found by `sanitize` (K3; crash input `<e\u{FFFD}iYl/>`, found after the K1/K2 fix in
/// a742469): well-formed XML whose root element the sanitiser drops comes out with no root
/// element, which no XML parser reads. Before 2b927d7 that was any root with a non-ASCII
/// name (`valid_name` is ASCII-only); since the allow-list of Graphviz's elements, it is
/// any root Graphviz does not write, `svg:svg` with a prefix included (`svg.rs`, `finish`:
/// `if !valid_name(name) { continue; }` and `if !ALLOWED_ELEMENTS.contains(&name)`).
#[test]
fn sanitize_keeps_well_formed_xml_well_formed() {
    assert_well_formed_stays_well_formed(&[
        "<e\u{FFFD}iYl/>",
        "<\u{e9}/>",
        "<x/>",
        "<x>text</x>",
        "<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"><svg:g/></svg:svg>",
    ]);
}

/// K3 after f4b71b9 (a document left without an `<svg>` becomes an empty SVG): a dropped
/// root that holds an `<svg>` still leaves text or a second root beside it, which no XML
/// parser reads (`<x><svg/><svg/></x>` becomes `<svg/><svg/>`, `<x>text<svg/></x>` becomes
/// `text<svg/>`). Found by `sanitize` with its well-formedness invariant.
#[test]
fn sanitize_dropped_root_leaves_one_root() {
    assert_well_formed_stays_well_formed(&[
        "<x><svg/><svg/></x>",
        "<x>text<svg/></x>",
        "<x><svg/>\u{e9}</x>",
    ]);
}

/// Found by `sanitize` (K4; minimised by `cargo fuzz tmin` to `<svg><?x><g>?></svg>`): a
/// processing instruction ends at `?>`, but the sanitiser cuts every `<?...` at its first `>`
/// (`svg.rs`, `finish`: `let end = rest.find('>')` for `<?` and `<!`), so the rest of the
/// instruction is read as markup: here an unclosed `<g>`, and in general tags that were inert
/// text inside the instruction.
#[test]
fn sanitize_processing_instruction_ends_at_question_gt() {
    assert_well_formed_stays_well_formed(&["<svg><?x><g>?></svg>", "<svg><?x a=\"1>\"<g>?></svg>"]);
}

/// Found by `sanitize` (K5; crash input with `<a\u{b}I="... on">`): the sanitiser splits tags
/// on every Unicode whitespace (`char::is_whitespace`: `\v`, U+00A0, U+2028...) and copies
/// that whitespace back (`svg.rs`: `tag_name`, and `write_tag`'s
/// `out.push_str(if ws.is_empty() { " " } else { ws })`), but HTML ends a tag name only at
/// `[\t\n\f\r />]`. So `<a\u{b}x=" onclick=alert(1) ">` is, to the sanitiser, an `<a>` with a
/// harmless `x`, and to an HTML parser (an SVG inlined into a page) an element named
/// `a\u{b}x="` with `onclick=alert(1)`.
#[test]
fn sanitize_smuggles_no_event_attribute_past_non_html_whitespace() {
    for input in [
        "<svg><a\u{b}x=\" onclick=alert(1) \">t</a></svg>",
        "<svg><a\u{a0}x=\" onclick=alert(1) \">t</a></svg>",
        "<svg><g\u{2028}x=\" onload=alert(1) \"/></svg>",
    ] {
        for (what, out) in outputs(input) {
            // The fuzz targets' check: tags read as an HTML tokenizer reads them.
            check::assert_inert(&out, &format!("{what} of {input:?}"));
        }
    }
}

/// Found by `sanitize` after the K3–K5 fixes (a 10-minute run, Dark theme): the root's end
/// tag written `</:svg>` (an empty prefix, which roxmltree reads as `</svg>`) is not a name
/// the sanitiser keeps, so the root was left open. Now end tags close only what is open and
/// whatever is still open at the end is closed.
#[test]
fn sanitize_closes_what_it_left_open() {
    let parses = |s: &str| roxmltree::Document::parse(s).is_ok();
    let input = "<svg><g>,ellips,nt</g><path fill=\"#d3d3d3\" d=\"M0,0C1,1 2,2 3,3\"/></:svg>";
    assert!(parses(input), "roxmltree reads {input:?}");
    for input in [input, "<svg><g><text>x</g></svg>", "<svg><g><g></svg>"] {
        for (what, out) in outputs(input) {
            assert!(
                parses(&out),
                "{what}: output not well-formed\ninput:  {input:?}\noutput: {out:?}"
            );
        }
    }
}

/// Found by `wit` (K7, fuzz/README.md): wit-parser 0.263 reads every comment opening with
/// `/**` as documentation and panics (`Option::unwrap` in `Resolver::docs`) on the empty one,
/// `/**/`. A panic aborts a Worker instance; edgeviz now blanks `/**/` outside comments before
/// parsing (a comment is whitespace to the parser) and guards the parser natively.
/// Found by `sanitize` (K8): a style sheet's text was copied with its `<` as it was, so
/// markup inside `<style>` stayed markup (in an SVG inlined into HTML, `<style>` is foreign
/// content, not raw text: `<script>` there is an element).
#[test]
fn sanitize_style_sheet_keeps_no_markup() {
    for input in [
        "<svg><style><script>",
        "<svg><style><g on",
        "<svg><style><script>e</script></style></svg>",
        "<svg id=\"i2\"><style><script>e\"",
    ] {
        assert_no_script(input);
        for (what, out) in outputs(input) {
            check::assert_inert(&out, &format!("{what} of {input:?}"));
            let style = out.split("<style>").nth(1).unwrap_or("");
            let sheet = style.split("</style>").next().unwrap_or("");
            assert!(
                !sheet.contains('<'),
                "{what}: markup in the style sheet: {out:?}"
            );
        }
    }
    // A well-formed one stays well-formed, its script made text.
    assert_well_formed_stays_well_formed(&["<svg><style><script>e</script></style></svg>"]);
}

#[test]
#[cfg(feature = "wit")]
fn wit_empty_doc_comment_is_not_a_panic() {
    use edgeviz::{kinds, Format};
    let draw = |source: &str| {
        let wit = kinds::find("wit").unwrap();
        edgeviz::request::diagram(wit, Format::Dot, source.to_string(), [])
            .and_then(|d| edgeviz::draw(&d))
    };
    for source in [
        "/**/package a:b;",
        "package a:b;\n/**/\ninterface i {}",
        "package a:b;\n/* outer /**/ still outer */\ninterface i {}",
        "package a:b; //**/ a line comment\ninterface i {}",
        "package a:b;\n/// docs /**/ in a doc comment\ninterface i { /**/ f: func(); }",
    ] {
        let out = draw(source).unwrap_or_else(|e| panic!("{source:?}: {e}"));
        assert!(String::from_utf8(out.bytes)
            .unwrap()
            .starts_with("digraph wit {"));
    }
    // Positions after a blanked comment are where they were.
    let err = draw("/**/package a:b;\ninterface i { f: func(; }").unwrap_err();
    assert_eq!(
        err.position().map(|p| (p.line, p.column)),
        Some((2, 23)),
        "{err}"
    );
}
