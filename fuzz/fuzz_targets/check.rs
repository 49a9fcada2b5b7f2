//! Invariants shared by the targets that see SVG produced by edgeviz.

/// Panics when `svg` contains `<script` (any case) as a tag name, or a tag carries an attribute whose
/// (local) name starts with `on`. Tags are read the way an HTML tokenizer reads them:
/// `<` followed by a letter opens a tag, `<!--...-->` is a comment, other `<!...>` and
/// `<?...>` run to the next `>`.
pub fn assert_inert(svg: &str, what: &str) {
    let lower = svg.to_ascii_lowercase();
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
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
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
            if local.starts_with("on") {
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

/// The longest source the drawing targets try (4 KiB): longer ones only slow iterations.
pub const MAX_SOURCE: usize = 4096;

/// Splits a drawing target's input into its first `N` bytes (which pick format, theme,
/// options) and the source after them, read as UTF-8 with replacement characters; `None` for
/// an input shorter than `N` bytes or with a source over [`MAX_SOURCE`].
#[allow(dead_code)]
pub fn selectors_and_source<const N: usize>(data: &[u8]) -> Option<([u8; N], String)> {
    if data.len() < N || data.len() > MAX_SOURCE + N {
        return None;
    }
    let (selectors, source) = data.split_at(N);
    Some((
        selectors.try_into().expect("N bytes"),
        String::from_utf8_lossy(source).into_owned(),
    ))
}

/// Draws `source` as `kind` in SVG and checks the SVG (no script or event attribute, well-formed,
/// nothing active in the tree); with `png`, also draws a PNG of a small enough drawing and
/// checks its signature. Errors are fine; a panic is the finding. `EDGEVIZ_FUZZ_VERBOSE=1`
/// says what each input did (for checking seeds).
#[allow(dead_code)]
pub fn draw_and_check(
    kind: &'static dyn edgeviz::Kind,
    source: String,
    options: edgeviz::Options,
    png: bool,
    what: &str,
) {
    const MAX_SVG_FOR_PNG: usize = 50_000;
    let diagram = |format| edgeviz::Diagram {
        kind,
        format,
        source: source.clone(),
        options: options.clone(),
    };
    let out = edgeviz::draw(&diagram(edgeviz::Format::Svg));
    if std::env::var_os("EDGEVIZ_FUZZ_VERBOSE").is_some() {
        match &out {
            Ok(o) => eprintln!("{what}: ok, {} bytes of SVG", o.bytes.len()),
            Err(e) => eprintln!("{what}: error: {e}"),
        }
    }
    let Ok(out) = out else {
        return;
    };
    let svg = std::str::from_utf8(&out.bytes).expect("SVG is not UTF-8");
    assert_inert(svg, what);
    let xml = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    match roxmltree::Document::parse_with_options(svg, xml) {
        Ok(doc) => assert_inert_tree(&doc, what),
        Err(e) => panic!("{what}: the SVG is not well-formed XML: {e}\n--- svg ---\n{svg}"),
    }
    if png && out.bytes.len() < MAX_SVG_FOR_PNG {
        if let Ok(png) = edgeviz::draw(&diagram(edgeviz::Format::Png)) {
            assert!(
                png.bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
                "{what}: PNG signature"
            );
        }
    }
}
