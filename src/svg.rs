//! Shared stage `svg`: makes an engine's SVG safe to serve from a public origin.
//!
//! Graphviz copies `URL`/`href` values into the SVG verbatim, `javascript:` included.
//! [`sanitize`] keeps only `http:`, `https:`, `mailto:` and relative links, and drops any
//! event attribute (`on*`) and any `script`/`foreignObject`-like element, whatever produced
//! it; only the elements on [`ALLOWED_ELEMENTS`] and the kind's own
//! ([`crate::diagram::Kind::svg_elements`]) pass. The engine escapes label text itself, so
//! text content passes through unchanged. Colours are [`crate::theme`]'s, afterwards.

/// The elements Graphviz's SVG renderer writes: the only ones kept.
pub const ALLOWED_ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "title",
    "desc",
    "a",
    "defs",
    "linearGradient",
    "radialGradient",
    "stop",
    "polygon",
    "polyline",
    "ellipse",
    "circle",
    "rect",
    "path",
    "text",
    "tspan",
    "style",
];

/// Elements that are dropped with everything inside them.
const DROPPED_ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "iframe",
    "object",
    "embed",
    "handler",
    "listener",
    "set",
    "animate",
];

/// Link schemes that are kept.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// A small SVG that shows an error: what went wrong and where, for clients that asked for
/// an image (a broken diagram in a README then says why instead of showing a broken icon).
pub fn error_image(err: &crate::Error) -> String {
    const CHAR_W: f64 = 7.8; // Courier at 13px: 0.6 em per character
    const LINE_H: f64 = 18.0;
    const WRAP: usize = 72;
    let mut lines = vec![format!(
        "edgeviz: cannot draw this diagram ({})",
        err.status()
    )];
    let message = err.to_string();
    for paragraph in message.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            if !line.is_empty() && line.chars().count() + word.chars().count() + 1 > WRAP {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.extend(word.chars().take(WRAP * 4));
        }
        lines.push(line);
    }
    lines.truncate(12);
    let width = lines
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .min(WRAP * 2) as f64
        * CHAR_W
        + 24.0;
    let height = lines.len() as f64 * LINE_H + 20.0;
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\">\n<rect x=\"0.5\" y=\"0.5\" width=\"{:.0}\" height=\"{:.0}\" rx=\"4\" fill=\"#fff5f5\" stroke=\"#d73a49\"/>\n",
        width - 1.0,
        height - 1.0
    );
    for (i, line) in lines.iter().enumerate() {
        let weight = if i == 0 { " font-weight=\"bold\"" } else { "" };
        out.push_str(&format!(
            "<text x=\"12\" y=\"{:.0}\" font-family=\"Courier,monospace\" font-size=\"13\" fill=\"#86181d\"{weight} xml:space=\"preserve\">",
            24.0 + i as f64 * LINE_H
        ));
        escape_attr(line, &mut out);
        out.push_str("</text>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// A sanitised SVG: only [`clean`] makes one from an engine's text. Every stage after the
/// sanitiser ([`crate::theme`], [`crate::raster`], [`crate::pdf`]) takes this type, so
/// none can be handed an SVG that did not pass through it; the theme pass relies on its
/// form (every tag ends at its first `>`, attributes as `name="value"`, no raw `<` in text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clean(String);

impl Clean {
    /// An SVG this build's sanitiser made and the host kept: a store entry whose body matched
    /// its digest, or a contained renderer's answer ([`crate::wire`]). `tests/modules.rs`
    /// allows it in `src/render.rs` and `src/wire.rs` only.
    pub fn kept(svg: String) -> Clean {
        Clean(svg)
    }

    /// The theme pass: `recolour` rewrites the sanitiser's output into itself recoloured
    /// (colours and a `<style>` of colour rules only, [`crate::theme`]). `tests/modules.rs`
    /// allows it in `src/theme.rs` only.
    pub fn recoloured(self, recolour: impl FnOnce(String) -> String) -> Clean {
        Clean(recolour(self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.0.into_bytes()
    }
}

impl std::ops::Deref for Clean {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<&str> for Clean {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// `svg` sanitised ([`sanitize`]), as the type the later stages take.
pub fn clean(svg: &str, extra: &[&str]) -> Clean {
    Clean(sanitize(svg, extra))
}

/// `svg` with unsafe links, event attributes and active elements removed: only the elements
/// of [`ALLOWED_ELEMENTS`] and `extra` are kept, with exactly one `<svg>` root, balanced
/// tags, and no reference to an element it lacks ([`without_dangling_references`]).
pub fn sanitize(svg: &str, extra: &[&str]) -> String {
    let mut doc = Sanitized {
        out: String::with_capacity(svg.len() + 512),
        open: Vec::new(),
        root_seen: false,
    };
    let mut rest = svg;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if !doc.open.is_empty() || text.chars().all(xml_space) {
            escape_text(text, &mut doc.out);
        }
        rest = &rest[lt..];
        rest = if let Some(body) = rest.strip_prefix("<!--") {
            inert_comment(body, &mut doc.out)
        } else if let Some(body) = rest.strip_prefix("<![CDATA[") {
            cdata_as_text(body, &mut doc.out)
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            plain_declaration(rest, &mut doc.out)
        } else {
            match doc.tag(rest, extra) {
                Some(after) => after,
                None => break,
            }
        };
    }
    doc.finish(rest)
}

/// The output of [`sanitize`] as it is written.
struct Sanitized<'a> {
    /// The sanitised SVG so far.
    out: String,
    /// The kept elements open, innermost last: text outside the root and anything after the
    /// root closes are dropped, end tags that close nothing open are dropped, and what is
    /// still open at the end is closed, so the output has exactly one root element and
    /// balanced tags whatever was removed around them.
    open: Vec<&'a str>,
    /// Whether the `<svg>` root has been written.
    root_seen: bool,
}

impl<'a> Sanitized<'a> {
    /// Writes the tag at the start of `rest` if it is kept (and, for a style sheet, its
    /// inert text), and returns what follows it; `None` once the root is closed.
    fn tag(&mut self, rest: &'a str, extra: &[&str]) -> Option<&'a str> {
        let (tag, mut rest) = split_tag(rest);
        let name = tag_name(tag);
        if !valid_name(name) {
            // Not a tag XML could read (`<a<script>`, `</svg<x>`): dropped whole.
            return Some(rest);
        }
        let local = name.rsplit(':').next().unwrap_or("").to_ascii_lowercase();
        if DROPPED_ELEMENTS.contains(&local.as_str()) {
            return Some(past_dropped_element(tag, name, rest));
        }
        if !ALLOWED_ELEMENTS.contains(&name) && !extra.contains(&name) {
            // Only the elements Graphviz's SVG renderer writes pass; any other tag is dropped
            // (its text content stays, as text).
            return Some(rest);
        }
        let is_start = !tag.starts_with("</");
        if self.open.is_empty() && (!is_start || local != "svg" || self.root_seen) {
            // A second root, or a root that is not an `<svg>`, or the end tag of an element
            // that was dropped: nothing outside the one `<svg>` root is kept.
            return Some(rest);
        }
        let self_closing = tag.ends_with("/>");
        if !is_start && !self.close_inside(name) {
            return Some(rest);
        }
        write_tag(tag, &local, &mut self.out);
        if local == "style" && is_start && !self_closing {
            rest = inert_style_sheet(rest, &mut self.out);
        }
        self.root_seen = true;
        match (is_start, self_closing) {
            (true, false) => self.open.push(name),
            (false, _) => {
                self.open.pop();
            }
            (true, true) => {}
        }
        if self.open.is_empty() {
            // The root is closed: what follows (trailing comments, debris) is dropped but
            // for the line end Graphviz writes after it.
            self.out
                .push_str(&rest[..rest.len() - rest.trim_start_matches(xml_space).len()]);
            return None;
        }
        Some(rest)
    }

    /// Before the end tag of `name`: closes the elements open inside the innermost open
    /// `name`, and says whether there is one (an end tag with no such element open is
    /// dropped).
    fn close_inside(&mut self, name: &str) -> bool {
        let Some(at) = self.open.iter().rposition(|n| *n == name) else {
            return false;
        };
        for inner in self.open.drain(at + 1..).rev() {
            self.out.push_str(&format!("</{inner}>"));
        }
        true
    }

    /// The sanitised SVG, once the input is read up to `rest`: what is still open is closed
    /// (after the text left in `rest`), and an input with no `<svg>` root becomes an empty
    /// drawing.
    fn finish(mut self, rest: &str) -> String {
        if !self.open.is_empty() {
            escape_text(rest, &mut self.out);
            for name in self.open.iter().rev() {
                self.out.push_str(&format!("</{name}>"));
            }
        }
        if !self.root_seen {
            // Not an SVG document (the engine always writes one): an empty drawing, so that
            // what is served is still well-formed.
            return "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_string();
        }
        without_dangling_references(&self.out)
    }
}

/// Writes the comment whose text starts `body` (after its `<!--`) and returns what follows
/// it. Graphviz writes object names in comments; the text is made inert for both XML and
/// HTML parsers: no `<` or `>`, no `--`.
fn inert_comment<'a>(body: &'a str, out: &mut String) -> &'a str {
    let end = body.find("-->").unwrap_or(body.len());
    let text: String = body[..end]
        .chars()
        .filter(|c| xml_char(*c) && *c != '<' && *c != '>')
        .collect();
    out.push_str("<!--");
    out.push_str(text.replace("--", "- -").trim_end_matches('-'));
    out.push_str("-->");
    body.get(end + 3..).unwrap_or("")
}

/// Writes the CDATA section whose text starts `body` (after its `<![CDATA[`) as escaped
/// text (Graphviz writes no CDATA) and returns what follows it.
fn cdata_as_text<'a>(body: &'a str, out: &mut String) -> &'a str {
    let end = body.find("]]>").unwrap_or(body.len());
    for c in body[..end].chars().filter(|c| xml_char(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    body.get(end + 3..).unwrap_or("")
}

/// Writes the `<?...` or `<!...` declaration at the start of `rest` if it is the XML
/// declaration or the DOCTYPE in its plain form (no internal subset, nothing tag-like
/// inside), drops it otherwise, and returns what follows it. A processing instruction ends
/// at `?>` and a DOCTYPE with an internal subset at `]>`, so that nothing inside either is
/// read as markup.
fn plain_declaration<'a>(rest: &'a str, out: &mut String) -> &'a str {
    let end = if rest.starts_with("<?") {
        rest.find("?>").map(|e| e + 2)
    } else {
        let close = rest.find('>');
        match rest.find('[') {
            Some(open) if close.is_none_or(|c| open < c) => rest[open..]
                .find(']')
                .and_then(|b| rest[open + b..].find('>').map(|e| open + b + e + 1)),
            _ => close.map(|e| e + 1),
        }
    }
    .unwrap_or(rest.len());
    let decl = &rest[..end];
    let plain = decl.ends_with('>')
        && !decl[1..].contains(['<', '['])
        && (decl.starts_with("<?xml ")
            || decl.starts_with("<!DOCTYPE svg ")
            || decl == "<!DOCTYPE svg>");
    if plain {
        out.extend(decl.chars().filter(|c| xml_char(*c)));
    }
    &rest[end..]
}

/// What follows the dropped element `name` whose tag `tag` was just read (`rest` follows
/// the tag): a start tag is skipped to its matching close tag, with everything inside
/// (these never nest in Graphviz output).
fn past_dropped_element<'a>(tag: &str, name: &str, rest: &'a str) -> &'a str {
    if tag.starts_with("</") || tag.ends_with("/>") {
        return rest;
    }
    let close = format!("</{name}");
    match find_ascii_ci(rest, &close) {
        Some(pos) => split_tag(&rest[pos..]).1,
        None => "",
    }
}

/// Writes the style sheet that starts `rest` (after a `<style>` start tag; Mermaid writes
/// one), made inert, as text, and returns what follows it (its end tag). `<` is escaped
/// (K8): in an SVG inlined into HTML, `<style>` is foreign content, not raw text, so a tag
/// inside it would be an element.
fn inert_style_sheet<'a>(rest: &'a str, out: &mut String) -> &'a str {
    let end = find_ascii_ci(rest, "</style").unwrap_or(rest.len());
    escape_text(&safe_css(&rest[..end]).replace('<', "&lt;"), out);
    &rest[end..]
}

/// The ids of the elements of a sanitised SVG (in any order: merman writes some `<defs>`
/// after the elements that use them).
fn element_ids(svg: &str) -> std::collections::HashSet<&str> {
    svg.split('<')
        .skip(1)
        .filter(|t| t.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|t| attr_value(&t[..t.find('>').unwrap_or(t.len())], "id"))
        .collect()
}

/// A sanitised SVG without references to elements it lacks (a filter, marker, gradient or
/// clip path the sanitiser removed, or one its writer never defined). A browser ignores
/// such a reference, but resvg, as SVG 1.1 says, does not draw an element whose filter,
/// clip path or mask is missing: the PNG would lose shapes the SVG shows. So, as a browser
/// draws it: `filter`, `clip-path`, `mask` and `marker-*` attributes that dangle are
/// removed, a paint (`fill`, `stroke`, `url(#…)` in a style sheet) that dangles becomes
/// `none`, and an `href="#…"` that dangles is removed.
///
/// Works on the sanitiser's own output: attributes written as `name="value"` with no raw
/// `"` or `<` in values, no raw `<` in text.
pub fn without_dangling_references(svg: &str) -> String {
    if !svg.contains("url(") && !svg.contains("href=\"#") {
        return svg.to_string();
    }
    let ids = element_ids(svg);
    let missing = |id: &str| !ids.contains(id);
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    let mut in_style = false;
    while let Some(lt) = rest.find('<') {
        // A style sheet's dangling paints become `none`; other text is text.
        if in_style {
            out.push_str(&without_dangling_urls(&rest[..lt], &missing));
        } else {
            out.push_str(&rest[..lt]);
        }
        rest = &rest[lt..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        rest = &rest[end..];
        if !tag[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            out.push_str(tag);
            in_style = false;
            continue;
        }
        in_style = tag_name(tag) == "style" && !tag.ends_with("/>");
        out.push_str(&tag_without_dangling(tag, &missing));
    }
    out.push_str(rest);
    out
}

/// One start tag with its dangling references removed (see [`without_dangling_references`]).
fn tag_without_dangling(tag: &str, missing: &dyn Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut rest = tag;
    // Each attribute is ` name="value"`: copy everything up to the next one.
    while let Some(eq) = rest.find("=\"") {
        let name_start = rest[..eq].rfind(xml_space).map_or(0, |s| s + 1);
        let value_end = rest[eq + 2..]
            .find('"')
            .map_or(rest.len(), |e| eq + 2 + e + 1);
        let (name, value) = (
            &rest[name_start..eq],
            &rest[eq + 2..value_end.max(eq + 3) - 1],
        );
        let local = name.rsplit(':').next().unwrap_or(name);
        let paint = local == "fill" || local == "stroke";
        let reference = matches!(
            local,
            "filter" | "clip-path" | "mask" | "marker-start" | "marker-mid" | "marker-end"
        );
        let dangling_href = local == "href" && value.starts_with('#') && missing(&value[1..]);
        let dangling_url = (paint || reference) && url_targets(value).any(missing);
        if dangling_href || (reference && dangling_url) {
            // Drop the attribute with the white space before it.
            let ws_start = rest[..name_start].trim_end_matches(xml_space).len();
            out.push_str(&rest[..ws_start]);
        } else if paint && dangling_url {
            out.push_str(&rest[..eq + 2]);
            out.push_str(&without_dangling_urls(value, missing));
            out.push('"');
        } else {
            out.push_str(&rest[..value_end]);
        }
        rest = &rest[value_end..];
    }
    out.push_str(rest);
    out
}

/// The ids that `url(#id)` references in `text` name.
fn url_targets(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("url(").filter_map(|(i, _)| {
        let inner = &text[i + 4..];
        let inner = inner[..inner.find(')')?].trim().trim_matches(['"', '\'']);
        inner.strip_prefix('#')
    })
}

/// `text` with each `url(#id)` whose target is missing replaced by `none`.
fn without_dangling_urls(text: &str, missing: &dyn Fn(&str) -> bool) -> String {
    if !text.contains("url(") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("url(") {
        out.push_str(&rest[..i]);
        let Some(close) = rest[i..].find(')').map(|c| i + c + 1) else {
            rest = &rest[i..];
            break;
        };
        let call = &rest[i..close];
        let dangling = url_targets(call).any(missing);
        out.push_str(if dangling { "none" } else { call });
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// CSS with nothing that fetches or runs: `@import` and `@font-face` rules and any `url()`
/// that is not a same-document reference (`url(#marker)`) are removed, and a style sheet
/// with CSS escapes (which could spell `url` or `@import` another way) or `expression` is
/// dropped whole. Comments go too (they could hide nothing, but keep the scan simple).
pub fn safe_css(css: &str) -> String {
    let lower = css.to_ascii_lowercase();
    if css.contains('\\') || lower.contains("expression") || lower.contains("javascript:") {
        return String::new();
    }
    let mut out = String::with_capacity(css.len());
    let mut i = 0;
    let b = css.as_bytes();
    while i < b.len() {
        let rest = &lower[i..];
        if rest.starts_with("/*") {
            i = lower[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            continue;
        }
        if rest.starts_with("@import") {
            i = lower[i..].find(';').map_or(b.len(), |e| i + e + 1);
            continue;
        }
        if rest.starts_with("@font-face") {
            i = lower[i..].find('}').map_or(b.len(), |e| i + e + 1);
            continue;
        }
        if rest.starts_with("url(") {
            let close = lower[i..].find(')').map_or(b.len(), |e| i + e + 1);
            let target = css[i + 4..close.saturating_sub(1).max(i + 4)]
                .trim()
                .trim_matches(['"', '\'']);
            if target.starts_with('#') && !target.contains(['(', ')', '"', '\'']) {
                out.push_str(&css[i..close]);
            } else {
                out.push_str("none");
            }
            i = close;
            continue;
        }
        let c = css[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// At most the first `n` bytes of `s`, cut at a character boundary.
fn head(s: &str, n: usize) -> &str {
    let mut end = s.len().min(n);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Whether XML 1.0 allows `c` in a document (no C0 controls but tab, newline, return).
/// Text made safe inside markup a kind writes itself — an SVG text or attribute, or a
/// Graphviz HTML-like label: `& < > " '` as entities, characters XML forbids dropped. For the
/// kinds that write their own markup from the diagram's text (WIT, erd, DBML, WaveDrom's
/// `reg`), so that a name or a note is always text.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|&c| xml_char(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn xml_char(c: char) -> bool {
    (!c.is_control() || matches!(c, '\t' | '\n' | '\r') || !c.is_ascii())
        && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Writes text content: Graphviz passes HTML entity names (`&nbsp;`) through into titles,
/// which XML does not define, so they become character references; an `&` that starts no
/// reference becomes `&amp;`; characters XML forbids are dropped.
fn escape_text(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let mut step = c.len_utf8();
        match c {
            '&' if starts_reference(rest) => out.push('&'),
            '&' => match html_entity_name(rest)
                .and_then(|name| crate::graph::html_entity(name).map(|ch| (name, ch)))
            {
                Some((name, ch)) => {
                    out.push_str(&format!("&#{};", ch as u32));
                    step = name.len() + 2;
                }
                None => out.push_str("&amp;"),
            },
            c if !xml_char(c) => {}
            c => out.push(c),
        }
        rest = &rest[step..];
    }
}

/// The entity name after `&` in `s`, when `s` starts `&name;`.
fn html_entity_name(s: &str) -> Option<&str> {
    let end = head(s, 12).find(';')?;
    let name = &s[1..end];
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())).then_some(name)
}

/// Splits off one tag (`<...>`), honouring quoted attribute values.
fn split_tag(s: &str) -> (&str, &str) {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return (&s[..=i], &s[i + 1..]),
            _ => {}
        }
    }
    (s, "")
}

/// XML's whitespace (`S`): space, tab, newline, return. Tags are split only on these: HTML
/// ends a tag name at the same characters (and form feed, which XML forbids), so a name that
/// holds any other space (`\v`, U+00A0, U+2028) is one invalid name to both, never a short
/// name followed by attributes the browser reads differently.
pub(crate) fn xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

pub(crate) fn tag_name(tag: &str) -> &str {
    let inner = tag.trim_start_matches('<').trim_start_matches('/');
    let end = inner
        .find(|c: char| xml_space(c) || c == '>' || c == '/')
        .unwrap_or(inner.len());
    &inner[..end]
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The value of attribute `name` in a start tag, if present.
pub(crate) fn attr_value<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let pat = format!(" {name}=\"");
    let start = tag.find(&pat)? + pat.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Writes a start or end tag, keeping only safe attributes.
fn write_tag(tag: &str, element: &str, out: &mut String) {
    let name = tag_name(tag);
    let prefix_len = tag.find(name).map_or(1, |p| p + name.len());
    out.push_str(&tag[..prefix_len]);
    let mut rest = &tag[prefix_len..];
    let mut seen: Vec<&str> = Vec::new();
    loop {
        let trimmed = rest.trim_start_matches(xml_space);
        let ws = &rest[..rest.len() - trimmed.len()];
        rest = trimmed;
        if rest.is_empty() || rest == ">" || rest == "/>" {
            out.push_str(ws);
            out.push_str(if rest.is_empty() { ">" } else { rest });
            return;
        }
        if rest.starts_with(['>', '/', '"', '\'', '=']) {
            // Debris of a value Graphviz wrote unescaped: skip it, never copy it.
            rest = &rest[1..];
            continue;
        }
        let name_end = rest
            .find(|c: char| c == '=' || xml_space(c) || c == '>' || c == '/')
            .unwrap_or(rest.len())
            .max(1);
        let attr_name = &rest[..name_end];
        let mut after = &rest[name_end..];
        let mut value = None;
        let eq = after.trim_start_matches(xml_space);
        if let Some(v) = eq.strip_prefix('=') {
            let v = v.trim_start_matches(xml_space);
            let q = v.chars().next().filter(|c| *c == '"' || *c == '\'');
            let (val, tail) = match q {
                Some(q) => match v[1..].find(q) {
                    Some(e) => (&v[1..1 + e], &v[e + 2..]),
                    None => (&v[1..], ""),
                },
                None => {
                    let e = v
                        .find(|c: char| xml_space(c) || c == '>')
                        .unwrap_or(v.len());
                    (&v[..e], &v[e..])
                }
            };
            value = Some(val);
            after = tail;
        }
        rest = after;
        // Each kept attribute is written anew as name="value": a value Graphviz copied
        // unescaped (a `fontname` with `<` or `"`) can never break the markup, a malformed
        // name or a repeated one (which XML forbids) is dropped.
        let Some(value) = value else { continue };
        if !valid_name(attr_name)
            || seen.contains(&attr_name)
            || !keep_attribute(element, attr_name, value)
        {
            continue;
        }
        seen.push(attr_name);
        out.push_str(if ws.is_empty() { " " } else { ws });
        out.push_str(attr_name);
        out.push_str("=\"");
        escape_attr(value, out);
        out.push('"');
    }
}

/// An XML attribute name (ASCII subset: letters, digits, `_`, `-`, `.`, `:`).
fn valid_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.:".contains(c))
}

/// Writes an attribute value for a double-quoted attribute: `<` and `"` escaped, and `&`
/// escaped unless it starts a character or entity reference.
fn escape_attr(value: &str, out: &mut String) {
    for (i, c) in value.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '&' if !starts_reference(&value[i..]) => out.push_str("&amp;"),
            c if !xml_char(c) => {}
            c => out.push(c),
        }
    }
}

/// Whether `s` (starting with `&`) starts `&name;`, `&#digits;` or `&#xhex;`.
fn starts_reference(s: &str) -> bool {
    let Some(end) = head(s, 12).find(';') else {
        return false;
    };
    let body = &s[1..end];
    // A numeric reference must also name a character XML allows (not `&#0;`, a surrogate...).
    let allowed = |n: Option<u32>| {
        n.and_then(char::from_u32)
            .is_some_and(|c| c != '\0' && xml_char(c))
    };
    if let Some(hex) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
        allowed(u32::from_str_radix(hex, 16).ok())
    } else if let Some(dec) = body.strip_prefix('#') {
        allowed(dec.parse().ok())
    } else {
        // The five XML entities only: the SVG declares no others.
        matches!(body, "amp" | "lt" | "gt" | "quot" | "apos")
    }
}

fn keep_attribute(element: &str, name: &str, value: &str) -> bool {
    let local = name.rsplit(':').next().unwrap_or("").to_ascii_lowercase();
    if local.starts_with("on") {
        return false;
    }
    if element != "a" && local == "href" {
        // Only a link leaves the document: `<use>` draws what it references, a filter or a
        // gradient inherits from what it references, and those must be in this document.
        return decode_entities(value).trim().starts_with('#');
    }
    if local == "href" || local == "src" || local == "action" || local == "formaction" {
        return safe_link(value);
    }
    if local == "style" {
        let v = decode_entities(value).to_ascii_lowercase();
        return !(v.contains("url(") || v.contains("expression") || v.contains("@import"));
    }
    true
}

/// True for `http:`, `https:`, `mailto:` and relative links, after decoding XML entities and
/// removing the characters browsers ignore in URLs (whitespace and controls).
pub fn safe_link(value: &str) -> bool {
    let decoded: String = decode_entities(value)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let scheme_end = decoded.find(':');
    match scheme_end {
        Some(end)
            if decoded[..end]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && decoded[..end].starts_with(|c: char| c.is_ascii_alphabetic()) =>
        {
            SAFE_SCHEMES.contains(&decoded[..end].to_ascii_lowercase().as_str())
        }
        // A colon in the first segment that is not a scheme (e.g. "1:x") — browsers would
        // not treat it as one either, but keep the rule simple and strict: drop it.
        Some(end) if !decoded[..end].contains(['/', '?', '#']) => false,
        _ => true,
    }
}

/// Decodes XML character references and the five named entities.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = head(rest, 12).find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .map(|h| u32::from_str_radix(h, 16).ok())
                .unwrap_or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangling_references_go_and_resolved_ones_stay() {
        let extra = &["filter", "feDropShadow", "use", "marker"];
        // The filter is kept (with its primitives); the second one was never defined.
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg"><rect filter="url(#shadow)" width="1"/><rect filter="url(#gone)" clip-path="url(#gone2)" fill="url(#nogradient)" stroke="red" width="2"/><path marker-end="url(#arrow)" d="M0 0"/><use href="#label"/><use href="#nolabel"/><style>.a{fill:url(#gone3)}.b{stroke:url(#g)}</style><text>url(#keep-this-text)</text><defs><filter id="shadow"><feDropShadow dx="1" dy="1"/></filter><linearGradient id="g"/><feImage href="#g"/><g id="label"/></defs></svg>"##;
        let out = sanitize(svg, extra);
        assert!(
            out.contains(r#"<rect filter="url(#shadow)" width="1"/>"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<rect fill="none" stroke="red" width="2"/>"#),
            "{out}"
        );
        assert!(out.contains(r#"<path d="M0 0"/>"#), "{out}");
        assert!(out.contains(r##"<use href="#label"/><use/>"##), "{out}");
        assert!(out.contains(".a{fill:none}.b{stroke:url(#g)}"), "{out}");
        assert!(out.contains("<text>url(#keep-this-text)</text>"), "{out}");
        assert!(out.contains("<feDropShadow"), "{out}");
        assert!(!out.contains("feImage"), "{out}");
        // An outside reference on anything but a link is dropped, whatever its scheme.
        let out = sanitize(
            r#"<svg><filter id="f" href="https://evil.example/f.svg#x"/><linearGradient id="l" xlink:href="http://evil.example/"/><a href="https://ok.example/">x</a></svg>"#,
            extra,
        );
        assert!(!out.contains("evil"), "{out}");
        assert!(out.contains("https://ok.example/"), "{out}");
    }

    #[test]
    fn links() {
        assert!(safe_link("https://example.com/a?b=c"));
        assert!(safe_link("mailto:x@example.com"));
        assert!(safe_link("docs/page.html#x:y"));
        assert!(safe_link("#anchor"));
        assert!(!safe_link("javascript:alert(1)"));
        assert!(!safe_link(" JaVaScRiPt:alert(1)"));
        assert!(!safe_link("java&#115;cript:alert(1)"));
        assert!(!safe_link("java&#x09;script:alert(1)"));
        assert!(!safe_link("data:text/html,<script>"));
        assert!(!safe_link("vbscript:x"));
    }

    #[test]
    fn drops_unsafe_attributes_and_elements() {
        let svg = r#"<svg><a xlink:href="javascript:alert(1)" xlink:title="t"><g onclick="x()" id="a"><text>a &lt; b</text></g></a><script>alert(1)</script><a href="https://ok">k</a></svg>"#;
        let clean = sanitize(svg, &[]);
        assert_eq!(
            clean,
            r#"<svg><a xlink:title="t"><g id="a"><text>a &lt; b</text></g></a><a href="https://ok">k</a></svg>"#
        );
    }

    #[test]
    fn text_entities_become_xml() {
        let svg = "<svg><title>x&e;y&amp;z&#65;&nbsp;&copy;\u{1}</title></svg>";
        assert_eq!(
            sanitize(svg, &[]),
            "<svg><title>x&amp;e;y&amp;z&#65;&#160;&#169;</title></svg>"
        );
        let attr =
            "<svg><text font-family=\"<script>&x\" fill=\"red\" fill=\"blue\">t</text></svg>";
        assert_eq!(
            sanitize(attr, &[]),
            "<svg><text font-family=\"&lt;script&gt;&amp;x\" fill=\"red\">t</text></svg>"
        );
    }

    #[test]
    fn ampersands_before_multibyte_text() {
        // A reference scan must not cut a character in two.
        let svg = "<svg><title>&日本語日本語日本語</title><text a=\"&ééééééé\">&x</text></svg>";
        assert_eq!(
            sanitize(svg, &[]),
            "<svg><title>&amp;日本語日本語日本語</title><text a=\"&amp;ééééééé\">&amp;x</text></svg>"
        );
        assert!(!safe_link("&ééééééé:x"));
    }

    #[test]
    fn only_graphviz_elements_pass() {
        let svg = "<svg><scriptipt>x</scriptipt><g><madeup a=\"1\"/><text>t</text></g></svg>";
        assert_eq!(sanitize(svg, &[]), "<svg>x<g><text>t</text></g></svg>");
    }

    #[test]
    fn keeps_comments_and_declarations() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<!-- a&#45;&gt;b -->\n<svg width=\"8pt\"></svg>";
        assert_eq!(sanitize(svg, &[]), svg);
    }
}
