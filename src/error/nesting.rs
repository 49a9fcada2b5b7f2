//! The nesting check the kinds make before a recursive parser reads their source: brackets
//! counted as the language's lexer reads them, so that no comment, string or macro body
//! hides one from the count.
//!
//! A check that reads the text differently from the engine can be walked around: before
//! this reading, a line comment holding a quote (`// "`) made the old check take the rest
//! of the source for a string, and 800 nested brackets behind it overflowed the parser's
//! stack. Each kind now describes its language once, as a [`Lexicon`] (its comments, the
//! characters that end them, its strings, its brackets), and the one scanner below reads
//! every language: iteratively, in one pass, holding at most `limit + 1` open brackets.

use super::{Error, Position, Result};

/// How a language hides brackets from a reader that only counts them: its comments and
/// strings, as its lexer reads them, and the brackets its parser recurses on.
#[derive(Debug, Clone, Copy)]
pub struct Lexicon {
    /// Comments that run to the end of the line, each with the characters that, right
    /// after its opener, make it no comment (a language whose `#fff` is a colour).
    pub line_comments: &'static [(&'static str, &'static str)],
    /// The characters that end a line comment (JSON5's `\r`, U+2028 and U+2029 as well as
    /// `\n`).
    pub line_ends: &'static [char],
    /// Comments between an opener and a closer.
    pub block_comments: &'static [(&'static str, &'static str)],
    /// Whether an opener inside a block comment opens another, one more closer to end it.
    pub nested_comments: bool,
    /// The quotes of strings; inside one, `\` escapes the next character (a line break
    /// too: a line continuation).
    pub quotes: &'static [char],
    /// The brackets the parser recurses on, opener then closer. A closer ends only the
    /// innermost open bracket, and only if it is its pair: any other closer is left to the
    /// parser (which stops there, or reads it as part of a token such as `->`).
    pub brackets: &'static [(char, char)],
    /// A pair read raw: between them no comment and no string is read, and only the pair
    /// itself is counted among the brackets (a macro body matched by its braces alone).
    pub raw: Option<(char, char)>,
}

/// `Ok` unless `source` nests `lexicon`'s brackets deeper than `limit` as its lexer reads
/// it; else the 413 at the first bracket too deep.
pub fn within_nesting(source: &str, lexicon: &Lexicon, limit: usize) -> Result<()> {
    let mut open: Vec<char> = Vec::new();
    for piece in lexicon.code(source) {
        if piece.raw
            && lexicon
                .raw
                .is_some_and(|(o, c)| piece.c != o && piece.c != c)
        {
            continue;
        }
        bracket(lexicon, &mut open, piece.c);
        if open.len() > limit {
            return Err(Error::TooDeep {
                limit: limit as u64,
                position: Position::at(source, piece.at),
            });
        }
    }
    Ok(())
}

/// One character of code: outside comments and strings (or inside a raw pair, where those
/// are not read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Its byte offset in the source.
    pub at: usize,
    pub c: char,
    /// Inside a raw pair (the pair's own characters included).
    pub raw: bool,
}

impl Lexicon {
    /// The characters of `source` that its parser reads as code, in order: what is left
    /// once comments and strings are skipped, as the lexer skips them.
    pub fn code<'a>(&'a self, source: &'a str) -> Code<'a> {
        Code {
            lexicon: self,
            source,
            at: 0,
            raw_depth: 0,
        }
    }
}

/// The iterator of [`Lexicon::code`].
pub struct Code<'a> {
    lexicon: &'a Lexicon,
    source: &'a str,
    at: usize,
    /// Raw pairs open: inside one, comments and strings are not read.
    raw_depth: usize,
}

impl Iterator for Code<'_> {
    type Item = Piece;

    fn next(&mut self) -> Option<Piece> {
        loop {
            let rest = &self.source[self.at..];
            let c = rest.chars().next()?;
            if self.raw_depth == 0 {
                let skipped =
                    comment_len(self.lexicon, rest).or_else(|| string_len(self.lexicon, rest));
                if let Some(len) = skipped {
                    self.at += len;
                    continue;
                }
            }
            let piece = Piece {
                at: self.at,
                c,
                raw: self.raw_depth > 0,
            };
            match self.lexicon.raw {
                Some((o, _)) if c == o => self.raw_depth += 1,
                Some((_, cl)) if c == cl && self.raw_depth > 0 => self.raw_depth -= 1,
                _ => {}
            }
            self.at += c.len_utf8();
            return Some(Piece {
                raw: piece.raw || self.raw_depth > 0,
                ..piece
            });
        }
    }
}

/// Opens or closes a bracket for `c`, if it is one of `lexicon`'s.
fn bracket(lexicon: &Lexicon, open: &mut Vec<char>, c: char) {
    if let Some(&(o, _)) = lexicon.brackets.iter().find(|(o, _)| *o == c) {
        open.push(o);
    } else if let Some(&(o, _)) = lexicon.brackets.iter().find(|(_, cl)| *cl == c) {
        if open.last() == Some(&o) {
            open.pop();
        }
    }
}

/// The length of the comment `rest` starts with, if it starts with one (to the end of the
/// source when it is not closed: the lexer stops there too).
fn comment_len(lexicon: &Lexicon, rest: &str) -> Option<usize> {
    for &(opener, not_before) in lexicon.line_comments {
        let Some(after) = rest.strip_prefix(opener) else {
            continue;
        };
        if after.chars().next().is_some_and(|c| not_before.contains(c)) {
            continue;
        }
        let end = after.find(lexicon.line_ends).unwrap_or(after.len());
        return Some(opener.len() + end);
    }
    let &(opener, closer) = lexicon
        .block_comments
        .iter()
        .find(|(opener, _)| rest.starts_with(opener))?;
    Some(block_comment_len(
        rest,
        opener,
        closer,
        lexicon.nested_comments,
    ))
}

/// The length of the block comment at the start of `rest`, nested ones within it when the
/// language nests them.
fn block_comment_len(rest: &str, opener: &str, closer: &str, nested: bool) -> usize {
    let (mut depth, mut at) = (1usize, opener.len());
    while depth > 0 && at < rest.len() {
        let here = &rest[at..];
        if here.starts_with(closer) {
            depth -= 1;
            at += closer.len();
        } else if nested && here.starts_with(opener) {
            depth += 1;
            at += opener.len();
        } else {
            at += here.chars().next().map_or(1, char::len_utf8);
        }
    }
    at.min(rest.len())
}

/// The length of the string `rest` starts with, if it starts with a quote: to its closing
/// quote, `\` escaping the character after it (to the end of the source when unclosed).
fn string_len(lexicon: &Lexicon, rest: &str) -> Option<usize> {
    let quote = rest.chars().next().filter(|c| lexicon.quotes.contains(c))?;
    let mut chars = rest.char_indices().skip(1);
    while let Some((at, c)) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c == quote {
            return Some(at + c.len_utf8());
        }
    }
    Some(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A language with every feature: `#` comments (but `#0`), `//`, nested `/* */`,
    /// both quotes, `[ ( {` brackets, `{}` raw.
    const ALL: Lexicon = Lexicon {
        line_comments: &[("//", ""), ("#", "0123456789")],
        line_ends: &['\n', '\r'],
        block_comments: &[("/*", "*/")],
        nested_comments: true,
        quotes: &['"', '\''],
        brackets: &[('[', ']'), ('(', ')'), ('{', '}')],
        raw: Some(('{', '}')),
    };

    fn depth_error(source: &str, limit: usize) -> Option<(u32, u32)> {
        match within_nesting(source, &ALL, limit) {
            Ok(()) => None,
            Err(Error::TooDeep { position, .. }) => Some((position.line, position.column)),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn brackets_are_counted_outside_comments_and_strings() {
        assert_eq!(depth_error("[[x]]", 2), None);
        assert_eq!(depth_error("[[[x]]]", 2), Some((1, 3)));
        assert_eq!(depth_error("// [[[\n[[x]]", 2), None);
        assert_eq!(depth_error("// \"\n[[[x]]]", 2), Some((2, 3)));
        assert_eq!(
            depth_error("// x\r[[[", 2),
            Some((1, 8)),
            "\\r ends the comment"
        );
        assert_eq!(depth_error("# \"\n[[[", 2), Some((2, 3)));
        assert_eq!(depth_error("#0 [[[", 2), Some((1, 6)), "#0 is no comment");
        assert_eq!(depth_error("'\\' [[[' [[x]]", 2), None, "an escaped quote");
        assert_eq!(depth_error("\"'\" [[[", 2), Some((1, 7)));
    }

    #[test]
    fn block_comments_nest_when_the_language_nests_them() {
        assert_eq!(depth_error("/* /* */ [[[ */ [[", 2), None);
        let flat = Lexicon {
            nested_comments: false,
            ..ALL
        };
        let err = within_nesting("/* /* */ [[[ */", &flat, 2).unwrap_err();
        assert_eq!(err.position().map(|p| p.column), Some(12));
    }

    #[test]
    fn a_raw_pair_counts_only_itself() {
        assert_eq!(depth_error("{ \" {{ \" }", 2), Some((1, 6)));
        assert_eq!(depth_error("{ // {\n }", 2), None);
        assert_eq!(
            depth_error("{ [[[ }", 2),
            None,
            "only braces count in the body"
        );
        assert_eq!(
            depth_error("{ } \" [[[ \"", 2),
            None,
            "a string after the body"
        );
    }

    #[test]
    fn a_closer_ends_only_its_own_opener() {
        assert_eq!(depth_error("[)[)[)", 2), Some((1, 5)));
        assert_eq!(depth_error("[(])", 2), None);
    }
}
