//! Stage 3, `svg`: makes the engine's SVG safe to serve from a public origin.
//!
//! Graphviz copies `URL`/`href` values into the SVG verbatim, `javascript:` included.
//! [`sanitize`] keeps only `http:`, `https:`, `mailto:` and relative links, and drops any
//! event attribute (`on*`) and any `script`/`foreignObject`-like element, whatever produced
//! it. The engine escapes label text itself, so text content passes through unchanged.

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

/// Returns `svg` with unsafe links, event attributes and active elements removed.
pub fn sanitize(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let (end_marker, verbatim) = if rest.starts_with("<!--") {
            ("-->", true)
        } else if rest.starts_with("<![CDATA[") {
            ("]]>", true)
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            (">", true)
        } else {
            ("", false)
        };
        if verbatim {
            let end = rest
                .find(end_marker)
                .map_or(rest.len(), |e| e + end_marker.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let (tag, after) = split_tag(rest);
        rest = after;
        let name = tag_name(tag);
        let local = name.rsplit(':').next().unwrap_or("").to_ascii_lowercase();
        if DROPPED_ELEMENTS.contains(&local.as_str()) {
            if !tag.starts_with("</") && !tag.ends_with("/>") {
                // Skip to the matching close tag (these never nest in Graphviz output).
                let close = format!("</{name}");
                rest = match find_ascii_ci(rest, &close) {
                    Some(pos) => split_tag(&rest[pos..]).1,
                    None => "",
                };
            }
            continue;
        }
        write_tag(tag, &mut out);
    }
    out.push_str(rest);
    out
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

fn tag_name(tag: &str) -> &str {
    let inner = tag.trim_start_matches('<').trim_start_matches('/');
    let end = inner
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(inner.len());
    &inner[..end]
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Writes a start or end tag, keeping only safe attributes.
fn write_tag(tag: &str, out: &mut String) {
    let name = tag_name(tag);
    let prefix_len = tag.find(name).map_or(1, |p| p + name.len());
    out.push_str(&tag[..prefix_len]);
    let mut rest = &tag[prefix_len..];
    loop {
        let trimmed = rest.trim_start();
        let ws = &rest[..rest.len() - trimmed.len()];
        rest = trimmed;
        if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
            out.push_str(ws);
            out.push_str(rest);
            return;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len())
            .max(1);
        let attr_name = &rest[..name_end];
        let mut after = &rest[name_end..];
        let mut value = None;
        let eq = after.trim_start();
        if let Some(v) = eq.strip_prefix('=') {
            let v = v.trim_start();
            let q = v.chars().next().filter(|c| *c == '"' || *c == '\'');
            let (val, tail) = match q {
                Some(q) => match v[1..].find(q) {
                    Some(e) => (&v[1..1 + e], &v[e + 2..]),
                    None => (&v[1..], ""),
                },
                None => {
                    let e = v
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(v.len());
                    (&v[..e], &v[e..])
                }
            };
            value = Some(val);
            after = tail;
        }
        let whole = &rest[..rest.len() - after.len()];
        rest = after;
        if keep_attribute(attr_name, value.unwrap_or("")) {
            out.push_str(ws);
            out.push_str(whole);
        }
    }
}

fn keep_attribute(name: &str, value: &str) -> bool {
    let local = name.rsplit(':').next().unwrap_or("").to_ascii_lowercase();
    if local.starts_with("on") {
        return false;
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
        let Some(semi) = rest[..rest.len().min(12)].find(';') else {
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
        let clean = sanitize(svg);
        assert_eq!(
            clean,
            r#"<svg><a xlink:title="t"><g id="a"><text>a &lt; b</text></g></a><a href="https://ok">k</a></svg>"#
        );
    }

    #[test]
    fn keeps_comments_and_declarations() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<!-- a&#45;&gt;b -->\n<svg width=\"8pt\"></svg>";
        assert_eq!(sanitize(svg), svg);
    }
}
