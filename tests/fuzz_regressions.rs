//! Inputs found by the fuzz targets in `fuzz/` (see fuzz/README.md), kept as regression
//! tests. Each test names the target that found it and the invariant it broke.
//!
//! The sanitiser invariants (fuzz target `sanitize`): whatever text `svg::sanitize` or
//! `svg::finish` is given, the output contains no `<script` (in any case) and no `on*`
//! attribute, and is well-formed XML whenever the input is.

use edgeviz::svg::{finish, sanitize};
use edgeviz::Theme;

const THEMES: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Auto];

/// Every output of the sanitiser for `input`, in every theme.
fn outputs(input: &str) -> Vec<(String, String)> {
    let mut all = vec![("sanitize".to_string(), sanitize(input))];
    for theme in THEMES {
        all.push((format!("finish({theme:?})"), finish(input, theme)));
    }
    all
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
    let parses = |s: &str| roxmltree::Document::parse(s).is_ok();
    for input in [
        "<e\u{FFFD}iYl/>",
        "<\u{e9}/>",
        "<x/>",
        "<x>text</x>",
        "<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"><svg:g/></svg:svg>",
    ] {
        assert!(parses(input), "the input {input:?} is well-formed");
        for (what, out) in outputs(input) {
            assert!(
                parses(&out),
                "{what}: well-formed input, output not well-formed\ninput:  {input:?}\noutput: {out:?}"
            );
        }
    }
}
