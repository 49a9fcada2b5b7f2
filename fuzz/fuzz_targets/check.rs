//! Invariants shared by the targets that see SVG produced by edgeviz.

/// Panics when `svg` contains `<script` (any case) as a tag name, or a tag carries an attribute whose
/// (local) name starts with `on`. Tags are read the way an HTML tokenizer reads them:
/// `<` followed by a letter opens a tag, `<!--...-->` is a comment, other `<!...>` and
/// `<?...>` run to the next `>`.
///
/// With `EDGEVIZ_FUZZ_SKIP_KNOWN=1` in the environment, sanitiser bugs already reported
/// (fuzz/README.md, tests/fuzz_regressions.rs) are not reported again, so that a run can
/// look for others: `<script` inside a comment or CDATA section copied verbatim (K1), and
/// `<script` inside a malformed tag name copied verbatim, as in `<a<script>` (K2). Both
/// were fixed in a742469; and an attribute smuggled past the sanitiser with whitespace that
/// HTML does not split on, as in `<a\u{b}x=" onclick=alert(1) ">` (K5). Without the
/// variable they are checked like anything else.
pub fn assert_inert(svg: &str, what: &str) {
    let lower = svg.to_ascii_lowercase();
    let skip_known = std::env::var_os("EDGEVIZ_FUZZ_SKIP_KNOWN").is_some();
    let mut from = 0;
    while let Some(p) = lower[from..].find("<script") {
        let pos = from + p;
        from = pos + 1;
        // `<scriptx>` is another element; a script tag's name ends at whitespace, `/`, `>`
        // or the end of the text (as the HTML tokenizer reads it).
        let after = lower.as_bytes().get(pos + "<script".len());
        if after.is_some_and(|c| !c.is_ascii_whitespace() && *c != b'/' && *c != b'>') {
            continue;
        }
        if skip_known && (in_comment_or_cdata(&lower, pos) || in_tag_name(&lower, pos)) {
            continue;
        }
        panic!(
            "{what}: output contains <script at byte {pos}: {:?}",
            excerpt(svg, pos)
        );
    }
    let b = svg.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if svg[i..].starts_with("<!--") {
            i = svg[i + 4..].find("-->").map_or(b.len(), |e| i + 4 + e + 3);
            continue;
        }
        if svg[i..].starts_with("<!") || svg[i..].starts_with("<?") {
            i = svg[i..].find('>').map_or(b.len(), |e| i + e + 1);
            continue;
        }
        let start = i;
        i += 1;
        if i < b.len() && b[i] == b'/' {
            i += 1;
        }
        if i >= b.len() || !b[i].is_ascii_alphabetic() {
            continue;
        }
        // Tag name.
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        // K5: whitespace that the sanitiser splits on but HTML does not (`\v`, U+00A0...).
        let known_k5 = skip_known && svg[name_start..i].chars().any(char::is_whitespace);
        // Attributes.
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let name_start = i;
            i += 1; // an attribute name may start with '='
            while i < b.len()
                && !b[i].is_ascii_whitespace()
                && b[i] != b'/'
                && b[i] != b'>'
                && b[i] != b'='
            {
                i += 1;
            }
            let name = svg[name_start..i].to_ascii_lowercase();
            let local = name.rsplit(':').next().unwrap_or("");
            if local.starts_with("on") && !known_k5 {
                panic!(
                    "{what}: event attribute {name:?} in tag at byte {start}: {:?}",
                    excerpt(svg, start)
                );
            }
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    i += 1;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    i += 1;
                } else {
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                }
            }
        }
    }
}

/// Panics when the parsed document has a script-like element or an `on*` attribute.
pub fn assert_inert_tree(doc: &roxmltree::Document, what: &str) {
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name().to_ascii_lowercase();
        assert!(
            !matches!(
                name.as_str(),
                "script" | "foreignobject" | "iframe" | "handler"
            ),
            "{what}: element <{name}> survived sanitising"
        );
        for a in node.attributes() {
            let an = a.name().to_ascii_lowercase();
            assert!(!an.starts_with("on"), "{what}: attribute {an} on <{name}>");
            if an == "href" {
                let v: String = a
                    .value()
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                assert!(
                    !v.starts_with("javascript:")
                        && !v.starts_with("data:")
                        && !v.starts_with("vbscript:"),
                    "{what}: unsafe link {:?} on <{name}>",
                    a.value()
                );
            }
        }
    }
}

/// Whether byte `pos` is inside `<!--...-->` or `<![CDATA[...]]>` (or one left open), as
/// `svg::finish` delimits them.
fn in_comment_or_cdata(s: &str, pos: usize) -> bool {
    let mut i = 0;
    while let Some(lt) = s[i..].find('<') {
        let start = i + lt;
        if start >= pos {
            return false;
        }
        let rest = &s[start..];
        let end = if rest.starts_with("<!--") {
            rest.find("-->").map_or(s.len(), |e| start + e + 3)
        } else if rest.starts_with("<![cdata[") {
            rest.find("]]>").map_or(s.len(), |e| start + e + 3)
        } else {
            i = start + 1;
            continue;
        };
        if pos < end {
            return true;
        }
        i = end;
    }
    false
}

/// Whether the `<` at byte `pos` continues a tag name: `<` then non-space, non-`>`
/// characters up to `pos`.
fn in_tag_name(s: &str, pos: usize) -> bool {
    let before = &s[..pos];
    match before.rfind(|c: char| c.is_whitespace() || c == '>' || c == '"' || c == '\'' || c == '<')
    {
        Some(i) => before[i..].starts_with('<') && i + 1 < pos,
        None => false,
    }
}

fn excerpt(s: &str, pos: usize) -> &str {
    let mut a = pos.saturating_sub(60);
    while !s.is_char_boundary(a) {
        a -= 1;
    }
    let mut e = (pos + 120).min(s.len());
    while !s.is_char_boundary(e) {
        e += 1;
    }
    &s[a..e]
}
