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

mod hostile;

use crate::diagram::{Content, Diagram, Drawing, Example, Format, Kind, Theme};
use crate::error::{Error, Position, Result};
use crate::limits;
use pikru::ast::{MacroArg, MacroCall, Program, Statement};
use pikru::errors::{EvalError, ParseError, PikruError};
use std::collections::HashMap;

pub struct Pikchr;

pub static KIND: Pikchr = Pikchr;

/// The crate, as pinned in Cargo.toml.
const ENGINE_VERSION: &str = "pikru 1.2.1";

impl Kind for Pikchr {
    fn families(&self) -> &'static [crate::diagram::Family] {
        hostile::FAMILIES
    }

    fn hiding_prefixes(&self) -> &'static [&'static str] {
        hostile::HIDING_PREFIXES
    }

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
        Format::PICTURES
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
    check_expansion(&program)?;
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
    crate::error::within("pikchr source (bytes)", source.len(), limits::MAX_PIKCHR_BYTES)
}

/// Refuses brackets nested deeper than [`limits::MAX_PIKCHR_NESTING`] (`[` sublists, `(`
/// expressions and `{` macro bodies, outside strings): pikru's parser and evaluator recurse
/// once a level. 413 with the line:column of the first bracket too deep.
fn check_nesting(source: &str) -> Result<()> {
    crate::error::within_nesting(
        source,
        &['"'],
        &['[', '(', '{'],
        &[']', ')', '}'],
        limits::MAX_PIKCHR_NESTING,
    )
}

/// What expanding macros costs: the statements a drawing ends with, and the bytes of macro
/// text parsed on the way (pikru parses a macro's body again at every call).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Cost {
    statements: u64,
    bytes: u64,
}

impl Cost {
    fn add(self, other: Cost) -> Cost {
        Cost {
            statements: self.statements.saturating_add(other.statements),
            bytes: self.bytes.saturating_add(other.bytes),
        }
    }
}

/// Refuses a drawing whose macros expand past [`limits::MAX_PIKCHR_STATEMENTS`] statements or
/// [`limits::MAX_PIKCHR_MACRO_BYTES`] of macro text (422), before pikru expands them: a macro
/// that calls another ten times, nine deep, is 300 bytes of source and a billion boxes
/// (pikru stops recursion at ten levels, not breadth). The cost is an upper bound found
/// without expanding: each macro's cost is computed once per state of the macro table.
fn check_expansion(program: &Program) -> Result<()> {
    let argument = longest_argument(&program.statements);
    let mut table = MacroTable::new(argument);
    let mut total = Cost::default();
    for statement in &program.statements {
        let cost = match statement {
            Statement::Define(define) => {
                table.define(&define.name, &define.body);
                Cost::default()
            }
            Statement::MacroCall(call) => table.call_cost(call),
            _ => Cost {
                statements: 1,
                bytes: 0,
            },
        };
        total = total.add(cost);
        over_expansion_limits(total)?;
    }
    Ok(())
}

/// The 422 for a cost past either limit.
fn over_expansion_limits(cost: Cost) -> Result<()> {
    let over = |what, actual, limit: usize| Error::GraphTooLarge {
        what,
        actual,
        limit: limit as u64,
    };
    if cost.statements > limits::MAX_PIKCHR_STATEMENTS as u64 {
        return Err(over(
            "pikchr statements after macro expansion",
            cost.statements,
            limits::MAX_PIKCHR_STATEMENTS,
        ));
    }
    if cost.bytes > limits::MAX_PIKCHR_MACRO_BYTES as u64 {
        return Err(over(
            "pikchr macro text expanded (bytes)",
            cost.bytes,
            limits::MAX_PIKCHR_MACRO_BYTES,
        ));
    }
    Ok(())
}

/// The longest macro argument written in the source, as text: what one `$N` can become.
fn longest_argument(statements: &[Statement]) -> u64 {
    let arguments = statements.iter().filter_map(|s| match s {
        Statement::MacroCall(call) => Some(call.args.iter()),
        _ => None,
    });
    arguments
        .flatten()
        .map(|a| match a {
            MacroArg::String(s) => s.len() + 2,
            MacroArg::Ident(s) => s.len(),
            // Debug text is longer than the expression's source form: an upper bound.
            MacroArg::Expr(e) => format!("{e:?}").len(),
        })
        .max()
        .unwrap_or(0) as u64
}

/// The name a `$N` placeholder is read as when a body is parsed for its cost.
const PLACEHOLDER: &str = "edgeviz_macro_argument";

/// The macros defined so far, and the cost of calling each, as pikru would expand them.
struct MacroTable<'a> {
    bodies: HashMap<&'a str, &'a str>,
    costs: HashMap<String, Cost>,
    /// Macros whose cost is being computed: a call back into one is recursion, which pikru
    /// refuses ten levels down, so it adds nothing.
    open: Vec<String>,
    argument: u64,
}

impl<'a> MacroTable<'a> {
    fn new(argument: u64) -> MacroTable<'a> {
        MacroTable {
            bodies: HashMap::new(),
            costs: HashMap::new(),
            open: Vec::new(),
            argument,
        }
    }

    /// `define NAME { BODY }`: as pikru stores it, the outer braces stripped.
    fn define(&mut self, name: &'a str, body: &'a str) {
        let body = body.trim();
        let body = body
            .strip_prefix('{')
            .and_then(|b| b.strip_suffix('}'))
            .unwrap_or(body)
            .trim();
        self.bodies.insert(name, body);
        self.costs.clear();
    }

    /// The cost of one call: nothing for an unknown name (pikru drops it).
    fn call_cost(&mut self, call: &MacroCall) -> Cost {
        if call.name == PLACEHOLDER {
            // An argument used as a statement may name any macro: the dearest.
            let names: Vec<&'a str> = self.bodies.keys().copied().collect();
            return names
                .into_iter()
                .map(|name| self.macro_cost(name))
                .fold(Cost::default(), |a, b| Cost {
                    statements: a.statements.max(b.statements),
                    bytes: a.bytes.max(b.bytes),
                });
        }
        match self.bodies.get(call.name.as_str()).copied() {
            Some(_) => self.macro_cost(&call.name.clone()),
            None => Cost::default(),
        }
    }

    /// What expanding macro `name` once costs, computed once per state of the table.
    fn macro_cost(&mut self, name: &str) -> Cost {
        if let Some(cost) = self.costs.get(name) {
            return *cost;
        }
        if self.open.iter().any(|n| n == name) {
            return Cost::default();
        }
        let Some(body) = self.bodies.get(name).copied() else {
            return Cost::default();
        };
        self.open.push(name.to_string());
        let placeholders = body.matches('$').count() as u64;
        let own = Cost {
            statements: 0,
            bytes: (body.len() as u64).saturating_add(placeholders.saturating_mul(self.argument)),
        };
        let cost = match pikru::parse::parse(&with_placeholders(body)) {
            Ok(program) => program.statements.iter().fold(own, |total, s| {
                let cost = match s {
                    Statement::MacroCall(call) => self.call_cost(call),
                    Statement::Define(_) => Cost::default(),
                    _ => Cost {
                        statements: 1,
                        bytes: 0,
                    },
                };
                total.add(cost)
            }),
            // pikru parses the body with its arguments in place and would most likely fail
            // the same way; count the body as one statement.
            Err(_) => own.add(Cost {
                statements: 1,
                bytes: 0,
            }),
        };
        self.open.pop();
        self.costs.insert(name.to_string(), cost);
        cost
    }
}

/// `body` with each `$N` read as [`PLACEHOLDER`], so that it parses as pikru will parse it.
fn with_placeholders(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
            out.push_str(PLACEHOLDER);
        } else {
            out.push(c);
        }
    }
    out
}

const GALLERY: &[Example] = &[Example {
    name: "flow",
    title: "Pikchr: boxes and arrows",
    description: "a PIC-like diagram: pikchr's own first example",
    source: include_str!("examples/flow.pikchr"),
}];
