//! The one error type of edgeviz's core.
//!
//! Every stage returns [`Error`]. The HTTP status of each variant is decided once, in
//! [`Error::status`]; the Worker and the native service only format it (plain text or JSON,
//! following `Accept`, as Kroki does), and the CLI maps the same variants to exit codes.

use std::fmt;

mod nesting;

pub use nesting::{within_nesting, Code, Lexicon, Piece};

/// Where in the diagram source a problem is (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Position {
    /// The line and column (in characters) of byte `offset` of `source`; an offset past the
    /// end or inside a character counts from the character's start.
    pub fn at(source: &str, offset: usize) -> Position {
        let mut end = offset.min(source.len());
        while !source.is_char_boundary(end) {
            end -= 1;
        }
        let before = &source[..end];
        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
        Position {
            line: before.matches('\n').count() as u32 + 1,
            column: before[line_start..].chars().count() as u32 + 1,
        }
    }
}

/// How much a [`Diagnostic`] matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The engine drew the diagram, but not all of it as asked (an edge it could not route,
    /// an attribute it ignored, an image left out).
    Warning,
    /// A stage changed the drawing to fit a limit (a bitmap scaled down to its pixel limit).
    Note,
}

impl Severity {
    /// Its name in the store's metadata and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }

    /// The severity [`Severity::name`] gives `name` (a warning for any other).
    pub fn named(name: &str) -> Severity {
        match name {
            "note" => Severity::Note,
            _ => Severity::Warning,
        }
    }
}

/// What an engine or a stage reported about a drawing it still made, kept whole from the
/// engine through the store to the response's headers (`X-Edgeviz-Diagnostics`,
/// `X-Edgeviz-Diagnostic`) and a layout error's JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// One line, as the engine wrote it ("Warning: ..." for Graphviz's).
    pub message: String,
    /// Where in the source, when the engine says.
    pub position: Option<Position>,
}

impl Diagnostic {
    /// A warning without a position.
    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            message: message.into(),
            position: None,
        }
    }

    /// A note without a position.
    pub fn note(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Note,
            message: message.into(),
            position: None,
        }
    }
}

/// The message, as served: `line:column: ` before it when there is a position.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(f, "line {}:{}: {}", p.line, p.column, self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Everything that can go wrong between a request and its image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// No such route or diagram type (404).
    NotFound(String),
    /// The route exists but not for this method (405, with `Allow`).
    MethodNotAllowed { allow: &'static str },
    /// An output format the diagram type cannot produce (400); lists the supported ones.
    UnsupportedFormat {
        format: String,
        /// The formats the kind produces, comma-separated.
        supported: String,
    },
    /// The encoded diagram in the URL is not Kroki's encoding (400): says which step failed.
    Encoding(String),
    /// A malformed request: bad JSON, bad option value, missing source (400).
    BadRequest(String),
    /// The diagram source does not parse (400), with the position the engine reported.
    Syntax {
        message: String,
        position: Option<Position>,
    },
    /// The source asks for something edgeviz never does, such as reading a file (400).
    Refused(String),
    /// The engine could not lay out or draw this graph (400, like Kroki), with what it
    /// reported before failing.
    Layout {
        message: String,
        diagnostics: Vec<Diagnostic>,
    },
    /// The request is over a documented limit: 413, or 414 for the URL.
    TooLarge {
        what: &'static str,
        actual: u64,
        limit: u64,
    },
    /// The source nests braces, brackets or HTML labels deeper than the limit (413), at the
    /// position of the first bracket past it.
    TooDeep { limit: u64, position: Position },
    /// The source holds a word (a run without white space) longer than the limit (413), at
    /// the position where the word starts; `why` is the kind's reason for the limit.
    WordTooLong {
        limit: u64,
        position: Position,
        why: &'static str,
    },
    /// The graph is over a size limit that lay-out cost depends on (422).
    GraphTooLarge {
        what: &'static str,
        actual: u64,
        limit: u64,
    },
    /// A bug in edgeviz (500). Never expected; reported so it can be fixed.
    Internal(String),
    /// The render ran out of what a wasm instance has (its stack, its memory) or trapped
    /// (422): the diagram failed alone, in a contained renderer (`crate::engine`), and the
    /// requests beside it were answered as before.
    Exhausted(String),
    /// An error a contained renderer answered, carried back whole ([`crate::wire`]): it is
    /// answered exactly as the error it was.
    Relayed(Box<Relayed>),
}

/// An error as it crossed back from a contained renderer: what the service answers of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relayed {
    pub status: u16,
    pub code: &'static str,
    /// The error's text, as its `Display` wrote it.
    pub message: String,
    pub position: Option<Position>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Every [`Error::code`], for reading one back ([`Error::code_named`]).
const CODES: &[&str] = &[
    "not_found",
    "method_not_allowed",
    "unsupported_format",
    "bad_encoding",
    "bad_request",
    "syntax_error",
    "refused",
    "layout_error",
    "too_large",
    "graph_too_large",
    "engine_exhausted",
    "internal_error",
];

impl Error {
    /// The HTTP status code of this error. The single place where that mapping lives.
    pub fn status(&self) -> u16 {
        match self {
            Error::NotFound(_) => 404,
            Error::MethodNotAllowed { .. } => 405,
            Error::UnsupportedFormat { .. }
            | Error::Encoding(_)
            | Error::BadRequest(_)
            | Error::Syntax { .. }
            | Error::Refused(_)
            | Error::Layout { .. } => 400,
            Error::TooLarge { what, .. } if *what == crate::limits::URL_WHAT => 414,
            Error::TooLarge { .. } | Error::TooDeep { .. } | Error::WordTooLong { .. } => 413,
            Error::GraphTooLarge { .. } | Error::Exhausted(_) => 422,
            Error::Internal(_) => 500,
            Error::Relayed(r) => r.status,
        }
    }

    /// The code of [`Error::code`] that `name` is (`internal_error` for none).
    pub fn code_named(name: &str) -> &'static str {
        CODES
            .iter()
            .find(|c| **c == name)
            .copied()
            .unwrap_or("internal_error")
    }

    /// A short machine-readable code, used in JSON error bodies.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound(_) => "not_found",
            Error::MethodNotAllowed { .. } => "method_not_allowed",
            Error::UnsupportedFormat { .. } => "unsupported_format",
            Error::Encoding(_) => "bad_encoding",
            Error::BadRequest(_) => "bad_request",
            Error::Syntax { .. } => "syntax_error",
            Error::Refused(_) => "refused",
            Error::Layout { .. } => "layout_error",
            Error::TooLarge { .. } | Error::TooDeep { .. } | Error::WordTooLong { .. } => {
                "too_large"
            }
            Error::GraphTooLarge { .. } => "graph_too_large",
            Error::Exhausted(_) => "engine_exhausted",
            Error::Internal(_) => "internal_error",
            Error::Relayed(r) => r.code,
        }
    }

    /// What the engine reported before it failed (warnings), for JSON error bodies.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Layout { diagnostics, .. } => diagnostics,
            Error::Relayed(r) => &r.diagnostics,
            _ => &[],
        }
    }

    /// The source position, for syntax errors.
    pub fn position(&self) -> Option<Position> {
        match self {
            Error::Syntax { position, .. } => *position,
            Error::TooDeep { position, .. } | Error::WordTooLong { position, .. } => {
                Some(*position)
            }
            Error::Relayed(r) => r.position,
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotFound(what) => write!(f, "not found: {what}"),
            Error::MethodNotAllowed { allow } => {
                write!(f, "method not allowed; this route accepts {allow}")
            }
            Error::UnsupportedFormat { format, supported } => write!(
                f,
                "unsupported output format '{format}'; supported formats: {supported}"
            ),
            Error::Encoding(msg) => write!(f, "cannot decode the diagram: {msg}"),
            Error::BadRequest(msg) => write!(f, "bad request: {msg}"),
            Error::Syntax {
                message,
                position: Some(p),
            } => write!(f, "line {}:{}: {message}", p.line, p.column),
            Error::Syntax {
                message,
                position: None,
            } => write!(f, "syntax error: {message}"),
            Error::Refused(msg) => write!(f, "refused: {msg}"),
            Error::Layout { message, .. } => write!(f, "cannot lay out this graph: {message}"),
            Error::TooLarge {
                what,
                actual,
                limit,
            } => write!(f, "{what} is {actual}, over the limit of {limit}"),
            Error::TooDeep { limit, position } => write!(
                f,
                "nesting deeper than {limit} levels at line {}:{}",
                position.line, position.column
            ),
            Error::WordTooLong {
                limit,
                position,
                why,
            } => write!(
                f,
                "a word longer than {limit} bytes at line {}:{} ({why})",
                position.line, position.column
            ),
            Error::GraphTooLarge {
                what,
                actual,
                limit,
            } => write!(
                f,
                "graph too large to lay out: {actual} {what}, over the limit of {limit}"
            ),
            Error::Internal(msg) => write!(f, "internal error: {msg}"),
            Error::Exhausted(msg) => write!(
                f,
                "this diagram exhausted the renderer ({msg}); it failed alone and nothing else was affected"
            ),
            Error::Relayed(r) => f.write_str(&r.message),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// A short, printable excerpt of user input for error messages (at most 80 characters,
/// control characters shown as `?`).
pub(crate) fn excerpt(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(80)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

/// `Ok` when `actual` is within `limit`, else the 413 for `what` ("DOT source (bytes)"):
/// the size checks every kind makes before its engine reads the source.
pub(crate) fn within(what: &'static str, actual: usize, limit: usize) -> Result<()> {
    if actual > limit {
        return Err(Error::TooLarge {
            what,
            actual: actual as u64,
            limit: limit as u64,
        });
    }
    Ok(())
}

/// Runs an engine; natively a panic becomes [`Error::Internal`] instead of unwinding
/// through the service. (In the Worker a panic aborts the instance: none must be reachable,
/// which the tests and fuzzing check.)
pub(crate) fn guard<T>(f: impl FnOnce() -> T) -> Result<T> {
    #[cfg(panic = "unwind")]
    {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
            .map_err(|_| Error::Internal("the layout engine panicked on this input".into()))
    }
    #[cfg(not(panic = "unwind"))]
    {
        Ok(f())
    }
}

#[cfg(test)]
mod tests {
    use super::Position;

    #[test]
    fn position_of_a_byte_offset() {
        let at = |s, o| {
            let p = Position::at(s, o);
            (p.line, p.column)
        };
        assert_eq!(at("abc", 0), (1, 1));
        assert_eq!(at("ab\ncd", 3), (2, 1));
        assert_eq!(at("ab\ncd", 4), (2, 2));
        // Columns count characters, not bytes; an offset inside a character is its start.
        assert_eq!(at("é{", 2), (1, 2));
        assert_eq!(at("é{", 1), (1, 1));
        // Past the end: the end.
        assert_eq!(at("a\nb", 99), (2, 2));
    }
}
