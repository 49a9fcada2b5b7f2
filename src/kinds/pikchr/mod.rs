//! The `pikchr` kind: PIC-like diagrams drawn by [pikru](https://crates.io/crates/pikru), a
//! Rust port of D. Richard Hipp's pikchr (the C program Kroki runs), called only here.
//!
//! The source is parsed, its macros expanded and the drawing rendered by pikru's three public
//! steps, so that an error keeps its span: edgeviz reports it as line:column. pikru's parser
//! (pest) reports its own errors as text; their position is read from that text's
//! ` --> LINE:COLUMN`. Size and nesting are bounded before pikru reads the source
//! ([`limits::MAX_PIKCHR_BYTES`], [`limits::MAX_PIKCHR_NESTING`]).
//!
//! Theme: `light` only. pikru's dark mode is CSS `light-dark()`, which a browser applies and
//! resvg does not, so a PNG of it would not be dark; other themes are a 400 naming `light`.
//! pikchr's SVG names no font, so a browser draws its text in its default serif face; the PNG
//! does the same with the embedded serif (Tinos, Times's metrics).

use crate::diagram::{Content, Diagram, Drawing, Example, Format, Kind, Theme};
use crate::error::{Error, Position, Result};
use crate::limits;
use pikru::errors::{EvalError, ParseError, PikruError};

pub struct Pikchr;

pub static KIND: Pikchr = Pikchr;

/// The crate, as pinned in Cargo.toml.
const ENGINE_VERSION: &str = "pikru 1.2.1";

impl Kind for Pikchr {
    fn name(&self) -> &'static str {
        "pikchr"
    }

    fn title(&self) -> &'static str {
        "Pikchr"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["pikchr", "pic"]
    }

    fn formats(&self) -> &'static [Format] {
        &[Format::Svg, Format::Png, Format::Jpeg]
    }

    fn themes(&self) -> &'static [&'static str] {
        &["light"]
    }

    fn engine(&self) -> &'static str {
        ENGINE_VERSION
    }

    fn example(&self) -> &'static str {
        GALLERY[0].source
    }

    fn gallery(&self) -> &'static [Example] {
        GALLERY
    }

    fn draw(&self, diagram: &Diagram) -> Result<Drawing> {
        let source = diagram.source.as_str();
        check_size(source)?;
        check_nesting(source)?;
        let svg = crate::error::guard(|| render(source))??;
        Ok(Drawing {
            content: Content::Svg(svg),
            theme: Theme::Light,
            raster_scale: 1.0,
            diagnostics: Vec::new(),
        })
    }
}

/// pikru's parse, macro expansion and render, each error with its position.
fn render(source: &str) -> Result<String> {
    let program = pikru::parse::parse(source).map_err(|e| error(source, e))?;
    let program = pikru::macros::expand_macros(program).map_err(|e| error(source, e))?;
    let options = pikru::RenderOptions {
        css_variables: false,
        explicit_size: false,
    };
    pikru::render::render_with_options(&program, &options).map_err(|e| error(source, e))
}

/// A pikru error as edgeviz's syntax error (400), at the span it carries.
fn error(source: &str, err: PikruError) -> Error {
    let offset = span_start(&err);
    let mut message = err.to_string();
    let position = match offset {
        Some(offset) => Some(Position::at(source, offset)),
        None => {
            let (text, position) = pest_message(&message);
            message = text;
            position
        }
    };
    Error::Syntax { message, position }
}

/// Where the error starts, for the errors whose span pikru keeps.
fn span_start(err: &PikruError) -> Option<usize> {
    let span = match err {
        PikruError::Parse(p) => match p {
            ParseError::UnexpectedToken { span, .. }
            | ParseError::UnterminatedString { span }
            | ParseError::InvalidNumber { span, .. }
            | ParseError::UnknownKeyword { span, .. } => span,
        },
        PikruError::Eval(e) => match e {
            EvalError::UndefinedVariable { span, .. }
            | EvalError::UnknownObject { span, .. }
            | EvalError::TypeMismatch { span, .. }
            | EvalError::DivisionByZero { span }
            | EvalError::SqrtNegative { span }
            | EvalError::InvalidNumeric { span }
            | EvalError::NoPrevious { span }
            | EvalError::NoThis { span } => span,
            EvalError::CannotAddPositions { lhs, .. } => lhs,
            #[allow(unreachable_patterns)]
            _ => return None,
        },
        PikruError::User(u) => &u.span,
        PikruError::Assertion(a) => &a.span,
        PikruError::Render(_) | PikruError::Generic(_) => return None,
    };
    Some(span.start)
}

/// pest's multi-line error text (`Parse error:  --> 3:7` then the line, a caret and what
/// was expected) as one line, and the position it names.
fn pest_message(text: &str) -> (String, Option<Position>) {
    let mut position = None;
    let mut expected = None;
    for line in text.lines() {
        let line = line.trim();
        if let Some(at) = line.find("-->").map(|i| &line[i + 3..]) {
            let mut parts = at.trim().split(':').map(|n| n.trim().parse::<u32>().ok());
            if let (Some(Some(line)), Some(Some(column))) = (parts.next(), parts.next()) {
                position = Some(Position { line, column });
            }
        } else if let Some(rest) = line.strip_prefix("= ") {
            expected = Some(rest.to_string());
        }
    }
    let message = match expected {
        Some(expected) => format!("parse error: {expected}"),
        None => text
            .lines()
            .next()
            .unwrap_or("parse error")
            .trim()
            .to_string(),
    };
    (message, position)
}

/// Refuses sources over [`limits::MAX_PIKCHR_BYTES`] before pikru reads them (413).
fn check_size(source: &str) -> Result<()> {
    if source.len() > limits::MAX_PIKCHR_BYTES {
        return Err(Error::TooLarge {
            what: "pikchr source (bytes)",
            actual: source.len() as u64,
            limit: limits::MAX_PIKCHR_BYTES as u64,
        });
    }
    Ok(())
}

/// Refuses brackets nested deeper than [`limits::MAX_PIKCHR_NESTING`] (`[` sublists, `(`
/// expressions and `{` macro bodies, outside strings): pikru's parser and evaluator recurse
/// once a level. 413 with the line:column of the first bracket too deep.
fn check_nesting(source: &str) -> Result<()> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, c) in source.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '(' | '{' => {
                depth += 1;
                if depth > limits::MAX_PIKCHR_NESTING {
                    return Err(Error::TooDeep {
                        limit: limits::MAX_PIKCHR_NESTING as u64,
                        position: Position::at(source, offset),
                    });
                }
            }
            ']' | ')' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

const GALLERY: &[Example] = &[Example {
    name: "flow",
    title: "Pikchr: boxes and arrows",
    description: "a PIC-like diagram: pikchr's own first example",
    source: include_str!("examples/flow.pikchr"),
}];
