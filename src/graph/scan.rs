//! The nesting check of DOT source, reading it as the engine's lexer does
//! (graphviz-pure-parser 1.0.0's `lexer.rs`, which follows Graphviz's `scan.l`):
//! - `//` to the end of the line, and `#` to the end of the line anywhere outside a string
//!   (at a line's start it is a preprocessor line, elsewhere a shell-like comment: both are
//!   skipped), are comments; so is `/* ... */` (unclosed: the rest of the source);
//! - `"..."` is a string: `\` followed by `"` or `\` escapes it, `\` before a newline
//!   continues the string on the next line, any other `\` is kept and the byte after it
//!   read on its own (so skipping the byte after every `\` reads the same string);
//! - `<...>` outside a string is an HTML string, ended by the `>` that balances its `<`
//!   (quotes, `#` and `//` mean nothing inside it); its elements nest within it.
//!
//! Everything else is structure: `{` and `[` open a level, `}` and `]` close one. Reading
//! the same comments and strings as the lexer, no comment or string can hide a bracket
//! from the check or show it one the parser will not see. The check is one loop, with no
//! recursion, so that its own depth is not the input's. The lexer's other rules (a NUL or
//! `@` ends its input) only end the parser's reading early: the scan reads on, which can
//! refuse a source whose excess nesting the engine would never read, never the other way.

use super::limits;
use crate::error::{Error, Position, Result};

/// Rejects sources nested deeper than [`limits::MAX_NESTING`] (`{`, `[`, an HTML string and
/// the elements inside it), with the position of the first bracket past the limit.
pub fn check_nesting(source: &str) -> Result<()> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        if let Some(end) = skipped(bytes, i) {
            i = end;
            continue;
        }
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'<' => {
                let (end, past) = html_string(bytes, i, depth);
                if let Some(at) = past {
                    return Err(too_deep(source, at));
                }
                i = end;
                continue;
            }
            _ => {}
        }
        if depth > limits::MAX_NESTING {
            return Err(too_deep(source, i));
        }
        i += 1;
    }
    Ok(())
}

fn too_deep(source: &str, at: usize) -> Error {
    Error::TooDeep {
        limit: limits::MAX_NESTING as u64,
        position: Position::at(source, at),
    }
}

/// Where the comment or string that starts at `i` ends (the offset after it), if one does:
/// what the lexer reads without a bracket token.
fn skipped(bytes: &[u8], i: usize) -> Option<usize> {
    match (bytes[i], bytes.get(i + 1)) {
        (b'#', _) | (b'/', Some(b'/')) => Some(line_end(bytes, i)),
        (b'/', Some(b'*')) => Some(find(bytes, i + 2, b"*/").map_or(bytes.len(), |at| at + 2)),
        (b'"', _) => Some((i + 1 + super::string_end(&bytes[i + 1..]) + 1).min(bytes.len())),
        _ => None,
    }
}

/// The offset of the newline ending the line `i` is on (or the end).
fn line_end(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |n| i + n)
}

/// The first offset of `needle` in `bytes` from `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|n| from + n)
}

/// Reads the HTML string opening at `start` (a `<`) at structure depth `depth`: returns the
/// offset after the `>` that closes it (or the end), and the offset of the first `<` that
/// nests past [`limits::MAX_NESTING`], counting the string as one level and each element
/// open inside it as one more.
fn html_string(bytes: &[u8], start: usize, depth: usize) -> (usize, Option<usize>) {
    let (mut angles, mut elements) = (1usize, 0usize);
    if depth + 1 > limits::MAX_NESTING {
        return (start + 1, Some(start));
    }
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                angles += 1;
                match bytes.get(i + 1) {
                    Some(b'/') => elements = elements.saturating_sub(1),
                    Some(c) if c.is_ascii_alphabetic() => elements += 1,
                    _ => {}
                }
                if depth + 1 + elements > limits::MAX_NESTING {
                    return (i + 1, Some(i));
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'>') => elements = elements.saturating_sub(1),
            b'>' => {
                angles -= 1;
                if angles == 0 {
                    return (i + 1, None);
                }
            }
            _ => {}
        }
        i += 1;
    }
    (i, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn braces(n: usize) -> String {
        format!("digraph {{{} a{} }}", " {".repeat(n), " }".repeat(n))
    }

    #[test]
    fn structure_counts_and_strings_and_comments_do_not() {
        let deep = format!("digraph {{ {} }}", "subgraph { ".repeat(150));
        let err = check_nesting(&deep).unwrap_err();
        assert_eq!(err.position().map(|p| p.line), Some(1));
        let quoted = format!(
            "digraph {{ a [label=\"{}\"] /* {} */ }} # {}\n// {}",
            "{".repeat(500),
            "[".repeat(500),
            "{".repeat(500),
            "{".repeat(500)
        );
        check_nesting(&quoted).unwrap();
        let html = format!(
            "digraph {{ a [label=<{}x{}>] }}",
            "<b>".repeat(150),
            "</b>".repeat(150)
        );
        assert!(check_nesting(&html).is_err());
    }

    /// The hostile tester's finding: a `#` line holding a quote or a `<` opened a string or
    /// an HTML string in the old scan, which then never saw the braces after it.
    #[test]
    fn a_hash_line_holding_a_quote_or_an_angle_hides_nothing() {
        for prefix in ["# \"\n", "# <\n", "#line 1 \"x\n", "digraph { # \" < \n"] {
            let src = format!("{prefix}{}", braces(1_000));
            let err = check_nesting(&src).unwrap_err();
            assert_eq!(err.status(), 413, "{prefix:?}");
        }
        // `#` in the middle of a line is a comment too, as in scan.l.
        assert!(check_nesting(&format!("digraph {{ a # \"\n{} }}", braces(200))).is_err());
        // At the limit, behind the same lines: accepted.
        check_nesting(&format!("# \" <\n{}", braces(limits::MAX_NESTING - 1))).unwrap();
    }

    #[test]
    fn strings_end_as_the_lexer_ends_them() {
        // `\"` and `\\` inside a string, and a `\` newline continuation.
        for body in ["a\\\"b", "a\\\\", "a\\\nb", "\\x"] {
            let src = format!("digraph {{ a [label=\"{body}\"] {} }}", braces(200));
            assert!(check_nesting(&src).is_err(), "{body:?}");
        }
        // A `#`, `//` or `<` inside a string is text.
        let src = format!("digraph {{ a [label=\"# // <\"] {} }}", braces(200));
        assert!(check_nesting(&src).is_err());
        // Quotes and `#` inside an HTML string are text; its `>` balances its `<`.
        let src = format!("digraph {{ a [label=<<b>\" # //</b>>] {} }}", braces(200));
        assert!(check_nesting(&src).is_err());
    }

    #[test]
    fn an_unclosed_comment_or_string_ends_the_scan() {
        check_nesting(&format!("digraph {{ /* {}", "{".repeat(500))).unwrap();
        check_nesting(&format!("digraph {{ a [label=\"{}", "{".repeat(500))).unwrap();
    }
}
