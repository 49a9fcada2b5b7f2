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
