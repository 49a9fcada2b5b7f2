//! The `pikchr` kind: PIC-like diagrams drawn by [pikru](https://crates.io/crates/pikru), a
//! Rust port of D. Richard Hipp's pikchr (the C program Kroki runs), called only here.
//!
//! The source is parsed, its macros expanded and the drawing rendered by pikru's three public
//! steps, so that an error keeps its span: edgeviz reports it as line:column. pikru's parser
//! (pest) reports its own errors as text; their position is read from that text's
//! ` --> LINE:COLUMN`. The source is read first as pikru's grammar reads it ([`check`]:
//! comments, strings, macro bodies), its size, nesting and parse work bounded
//! ([`limits`]); macros are expanded by edgeviz's copy of pikru's expansion, which counts
//! what it expands and checks each expansion's text the same way before pikru parses it
//! ([`expand`]).
//!
//! Theme: `light` only. pikru's dark mode is CSS `light-dark()`, which a browser applies and
//! resvg does not, so a PNG of it would not be dark; other themes are a 400 naming `light`.
//! pikchr's SVG names no font, so a browser draws its text in its default serif face; the PNG
//! does the same with the embedded serif (Tinos, Times's metrics).

mod check;
mod expand;
mod hostile;
pub mod limits;

use crate::diagram::{Content, Diagram, Drawing, Example, Kind, Spec, Theme};
use crate::error::{Error, Position, Result};
use pikru::errors::{EvalError, ParseError, PikruError};

pub struct Pikchr;

pub static KIND: Pikchr = Pikchr;

/// The crate, as pinned in Cargo.toml.
const ENGINE_VERSION: &str = "pikru 1.2.1";

pub static SPEC: Spec = Spec {
    name: "pikchr",
    title: "Pikchr",
    extensions: &["pikchr", "pic"],
    themes: &["light"],
    engine: ENGINE_VERSION,
    example: GALLERY[0].source,
    gallery: GALLERY,
    families: hostile::FAMILIES,
    hiding_prefixes: hostile::HIDING_PREFIXES,
    ..Spec::BASE
};

impl Kind for Pikchr {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn draw(&self, diagram: &Diagram) -> Result<Drawing> {
        let source = diagram.source.as_str();
        let work = check::check_source(source)?;
        let svg = crate::error::guard(|| render(source, work))??;
        Ok(Drawing {
            content: Content::Svg(svg),
            theme: Theme::Light,
            raster_scale: 1.0,
            diagnostics: Vec::new(),
        })
    }
}

/// pikru's parse, macro expansion (edgeviz's copy of pikru's, counted: [`expand`]) and
/// render, each error with its position; `work` is the source's parse work.
fn render(source: &str, work: u64) -> Result<String> {
    let program = pikru::parse::parse(source).map_err(|e| error(source, e))?;
    let program = expand::expand(program, work).map_err(|stop| match stop {
        expand::Stop::Engine(e) => error(source, e),
        expand::Stop::Limit(e) => e,
    })?;
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

const GALLERY: &[Example] = &[Example {
    name: "flow",
    title: "Pikchr: boxes and arrows",
    description: "a PIC-like diagram: pikchr's own first example",
    source: include_str!("examples/flow.pikchr"),
}];
