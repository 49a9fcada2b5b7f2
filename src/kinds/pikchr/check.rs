//! pikchr text read as pikru's grammar (`pikchr.pest`) reads it, before pikru parses it: the
//! source, and the text of every macro expansion before pikru parses that
//! ([`super::expand`]). What is counted is what makes pikru's parser recurse or backtrack:
//! brackets and position words ([`limits::MAX_PIKCHR_NESTING`]), and the parse work of each
//! statement ([`limits::MAX_PIKCHR_PARSE_WORK`]).

use super::limits;
use crate::error::{Error, Lexicon, Position, Result};

/// pikchr's comments, strings and macro bodies, as pikru's grammar has them: `//`, `#` and
/// `/* */` comments (a `#` before a hex digit is a colour, `#fff`, not a comment: pest's
/// `"#" ~ !ASCII_HEX_DIGIT`), `"` strings with `\` escapes (any character, a line break
/// too), and macro bodies (`define m { ... }`, pest's atomic `CODEBLOCK`) matched by their
/// braces alone: a quote or a comment in a body is not read until the body is expanded.
pub const LEXICON: Lexicon = Lexicon {
    line_comments: &[("//", ""), ("#", "0123456789abcdefABCDEF")],
    line_ends: &['\n'],
    block_comments: &[("/*", "*/")],
    nested_comments: false,
    quotes: &['"'],
    brackets: &[('[', ']'), ('(', ')'), ('{', '}')],
    raw: Some(('{', '}')),
};

/// Words after which pikru's grammar reads a position (or an object) inside the one being
/// read, without a bracket: `1 above 1 above …`, `1 between A and 1 between …`, `1st box of
/// 1st box of …`, `1 heading 2 from …`. `<` (`x < P, Q >`) is another.
const POSITION_WORDS: &[&str] = &["above", "below", "between", "of", "in", "from"];

/// Checks the source before pikru reads it: its size ([`limits::MAX_PIKCHR_BYTES`], 413),
/// [`check_text`], and its parse work ([`limits::MAX_PIKCHR_PARSE_WORK`], 422), which it
/// returns (macro expansions add theirs).
pub fn check_source(source: &str) -> Result<u64> {
    crate::error::within(
        "pikchr source (bytes)",
        source.len(),
        limits::MAX_PIKCHR_BYTES,
    )?;
    let work = check_text(source)?;
    if work > limits::MAX_PIKCHR_PARSE_WORK {
        return Err(Error::GraphTooLarge {
            what: WORK_WHAT,
            actual: work,
            limit: limits::MAX_PIKCHR_PARSE_WORK,
        });
    }
    Ok(work)
}

/// What the parse-work limit is called in its 422.
pub const WORK_WHAT: &str = "pikchr parse work (units: 2^parentheses × 7^dist a statement)";

/// Checks `text` (a source or a macro expansion) as pikru will parse it: brackets nested
/// at most [`limits::MAX_PIKCHR_NESTING`] deep, and as many position words in one
/// statement (413 at the first one too deep). Returns its parse work (see
/// [`limits::MAX_PIKCHR_PARSE_WORK`]), macro bodies not counted: their text is checked
/// when they are expanded.
pub fn check_text(text: &str) -> Result<u64> {
    let limit = limits::MAX_PIKCHR_NESTING;
    crate::error::within_nesting(text, &LEXICON, limit)?;
    let mut statement = Statement::default();
    let mut work = 0u64;
    let mut word = String::new();
    let mut previous = '\n';
    for piece in LEXICON.code(text).filter(|p| !p.raw) {
        let c = piece.c;
        statement.code |= !c.is_whitespace() && c != ';';
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            statement.word(&word);
            word.clear();
        }
        match c {
            '<' => statement.words += 1,
            '(' => statement.open(),
            ')' => statement.close(),
            ';' => work = work.saturating_add(statement.end()),
            '\n' if previous != '\\' => work = work.saturating_add(statement.end()),
            _ if !c.is_whitespace() => statement.after_dist = false,
            _ => {}
        }
        if statement.words > limit {
            return Err(Error::TooDeep {
                limit: limit as u64,
                position: Position::at(text, piece.at),
            });
        }
        previous = c;
    }
    statement.word(&word);
    statement.code |= !word.is_empty();
    if statement.words > limit {
        return Err(Error::TooDeep {
            limit: limit as u64,
            position: Position::at(text, text.len()),
        });
    }
    Ok(work.saturating_add(statement.end()))
}

/// What one statement (between two of pikchr's `;` or line ends) has shown so far.
#[derive(Debug, Default)]
struct Statement {
    /// Position words and `<`.
    words: usize,
    /// The parentheses open, each `true` when it is a `dist(`.
    open: Vec<bool>,
    /// Whether the last thing read (white space aside) was the word `dist`.
    after_dist: bool,
    /// The most units any point of the statement costs.
    work: u64,
    /// Whether it has any code (an empty line costs nothing).
    code: bool,
}

impl Statement {
    fn word(&mut self, word: &str) {
        if POSITION_WORDS.contains(&word) {
            self.words += 1;
        }
        self.after_dist = word == "dist";
    }

    fn open(&mut self) {
        self.open.push(self.after_dist);
        self.after_dist = false;
        let dist = self.open.iter().filter(|d| **d).count() as u32;
        let plain = self.open.len() as u32 - dist;
        let units = 2u64
            .saturating_pow(plain)
            .saturating_mul(7u64.saturating_pow(dist));
        self.work = self.work.max(units);
    }

    fn close(&mut self) {
        self.open.pop();
        self.after_dist = false;
    }

    /// The statement's units (one at least, when it has code), and a fresh statement.
    fn end(&mut self) -> u64 {
        let units = if self.code { self.work.max(1) } else { 0 };
        *self = Statement::default();
        units
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_strings_and_bodies_are_read_as_pikru_reads_them() {
        let deep = |n| format!("{}box{}", "[".repeat(n), "]".repeat(n));
        let over = deep(limits::MAX_PIKCHR_NESTING + 1);
        for prefix in [
            "// \"\n",
            "# \"\n",
            "/* \" */",
            "\"[[\" ",
            "box fill #abc; ",
        ] {
            let err = check_text(&format!("{prefix}{over}")).unwrap_err();
            assert_eq!(err.status(), 413, "{prefix:?}");
        }
        // `#abc` is a colour, not a comment: the rest of its line is read.
        assert!(check_text(&format!("box fill #abc; {over}")).is_err());
        // A body's quote is not read: the braces after it count.
        let body = format!("define a {{ \"{}\" }}", "{".repeat(100));
        assert_eq!(check_text(&body).unwrap_err().status(), 413);
        assert!(check_text("define a { \" [[[[ }").is_ok());
    }

    #[test]
    fn position_words_nest() {
        let n = limits::MAX_PIKCHR_NESTING;
        let chain = |n| format!("box at {}(1,1)\n", "1 above ".repeat(n));
        assert!(check_text(&chain(n)).is_ok());
        assert!(check_text(&chain(n + 1)).is_err());
        // One statement a line: each line starts again.
        assert!(check_text(&chain(n).repeat(3)).is_ok());
        assert!(check_text(&format!("box at {}(1,1),(1,1)>\n", "1<".repeat(n + 1))).is_err());
    }

    #[test]
    fn parse_work_counts_nested_positions() {
        assert_eq!(check_text("box\nbox; box").unwrap(), 3);
        assert_eq!(
            check_text("\n\n;\nbox\n\n").unwrap(),
            1,
            "empty statements are free"
        );
        assert_eq!(check_text("box at ((1,1))").unwrap(), 4);
        assert_eq!(check_text("box at dist(dist(A,B),B), 1").unwrap(), 49);
        assert_eq!(check_text("box wid (1) + (2)\n").unwrap(), 2);
        assert_eq!(check_text("define m { box at ((((1,1)))) }\nm").unwrap(), 2);
    }
}
