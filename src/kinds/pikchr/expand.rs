//! pikchr's macros expanded as pikru 1.2.1 expands them (`pikru::macros::expand_macros`,
//! whose steps these mirror one for one: the same table, the same argument text, the same
//! depth limit), with what it costs counted as it happens: statements drawn, macro text
//! parsed, parse work, and each expansion's text checked ([`check_text`]) before it is
//! parsed. Expanding stops at the first limit passed, so no source costs more than the
//! limits allow; an estimate made without expanding (what edgeviz did before) missed
//! `define` inside a body, redefinition, and quotes an argument brings into the text.
//!
//! The order and the table are pikru's: a `define` (wherever it is expanded, inside a body
//! too) replaces the macro from then on; a call of an unknown name draws nothing; a call
//! deeper than ten levels is pikru's own error. Macros inside a sublist are neither expanded
//! nor drawn (pikru's renderer skips them), and their statements are counted all the same.

use super::check::check_text;
use super::limits;
use crate::error::Error;
use pikru::ast::{
    BaseType, BinaryOp, Expr, Function, LabeledContent, MacroArg, MacroCall, ObjectStatement,
    Program, Statement, UnaryOp,
};
use pikru::errors::PikruError;
use std::collections::HashMap;

/// pikru's `MAX_EXPANSION_DEPTH`.
const MAX_EXPANSION_DEPTH: usize = 10;

/// Why expanding stopped.
#[derive(Debug)]
pub enum Stop {
    /// pikru's own error (a body that does not parse, recursion too deep).
    Engine(PikruError),
    /// Over one of edgeviz's limits.
    Limit(Error),
}

impl From<PikruError> for Stop {
    fn from(e: PikruError) -> Stop {
        Stop::Engine(e)
    }
}

/// What expansion has cost so far.
#[derive(Debug, Default)]
struct Cost {
    statements: u64,
    bytes: u64,
    work: u64,
}

/// `program` with its macros expanded, as pikru's `expand_macros` returns it; `work` is the
/// source's own parse work, to which every expansion's is added.
pub fn expand(program: Program, work: u64) -> Result<Program, Stop> {
    let mut expander = Expander {
        macros: HashMap::new(),
        output: Vec::new(),
        cost: Cost {
            work,
            ..Cost::default()
        },
    };
    expander.over_limits()?;
    for statement in program.statements {
        expander.statement(statement, 0)?;
    }
    Ok(Program {
        statements: expander.output,
    })
}

struct Expander {
    macros: HashMap<String, String>,
    output: Vec<Statement>,
    cost: Cost,
}

impl Expander {
    /// pikru's `process_statement`.
    fn statement(&mut self, statement: Statement, depth: usize) -> Result<(), Stop> {
        match statement {
            Statement::Define(define) => {
                let body = define.body.trim();
                let body = match body.strip_prefix('{').and_then(|b| b.strip_suffix('}')) {
                    Some(inner) => inner.trim(),
                    None => body,
                };
                self.macros.insert(define.name, body.to_string());
            }
            Statement::MacroCall(call) => self.call(&call, depth)?,
            other => {
                self.cost.statements = self.cost.statements.saturating_add(drawn(&other));
                self.over_limits()?;
                self.output.push(other);
            }
        }
        Ok(())
    }

    /// pikru's `expand_macro_call`, its text checked and counted before it is parsed.
    fn call(&mut self, call: &MacroCall, depth: usize) -> Result<(), Stop> {
        if depth >= MAX_EXPANSION_DEPTH {
            return Err(Stop::Engine(PikruError::Generic(format!(
                "Macro expansion depth exceeded (max {}). Possible infinite recursion in macro '{}'",
                MAX_EXPANSION_DEPTH, call.name
            ))));
        }
        let Some(body) = self.macros.get(&call.name) else {
            return Ok(());
        };
        let mut text = body.clone();
        for (i, arg) in call.args.iter().enumerate() {
            text = text.replace(&format!("${}", i + 1), &argument_text(arg));
        }
        self.cost.bytes = self.cost.bytes.saturating_add(text.len() as u64 + 1);
        let work = check_text(&text).map_err(|e| Stop::Limit(in_expansion(e)))?;
        self.cost.work = self.cost.work.saturating_add(work);
        self.over_limits()?;
        let program = pikru::parse::parse(&text)?;
        for statement in program.statements {
            self.statement(statement, depth + 1)?;
        }
        Ok(())
    }

    /// The 422 for a cost past a limit.
    fn over_limits(&self) -> Result<(), Stop> {
        let checks = [
            (
                "pikchr statements after macro expansion",
                self.cost.statements,
                limits::MAX_PIKCHR_STATEMENTS as u64,
            ),
            (
                "pikchr macro text expanded (bytes)",
                self.cost.bytes,
                limits::MAX_PIKCHR_MACRO_BYTES as u64,
            ),
            (
                super::check::WORK_WHAT,
                self.cost.work,
                limits::MAX_PIKCHR_PARSE_WORK,
            ),
        ];
        match checks.into_iter().find(|(_, actual, limit)| actual > limit) {
            Some((what, actual, limit)) => Err(Stop::Limit(Error::GraphTooLarge {
                what,
                actual,
                limit,
            })),
            None => Ok(()),
        }
    }
}

/// A nesting error found in an expansion's text: its position is in that text, not in the
/// source, so it is a 413 without one.
fn in_expansion(err: Error) -> Error {
    match err {
        Error::TooDeep { limit, .. } => Error::TooLarge {
            what: "pikchr nesting in a macro's expansion (levels)",
            actual: limit + 1,
            limit,
        },
        other => other,
    }
}

/// The objects a statement draws: one, and each of a sublist's (macros in a sublist are
/// not expanded, and counted as one).
fn drawn(statement: &Statement) -> u64 {
    match statement {
        Statement::Object(object) => drawn_object(object),
        Statement::Labeled(labeled) => match &labeled.content {
            LabeledContent::Object(object) => drawn_object(object),
            LabeledContent::Position(_) => 1,
        },
        _ => 1,
    }
}

fn drawn_object(object: &ObjectStatement) -> u64 {
    match &object.basetype {
        BaseType::Sublist(inner) => inner.iter().map(drawn).fold(1u64, u64::saturating_add),
        _ => 1,
    }
}

/// pikru's `macro_arg_to_string`: what `$N` becomes. A string's `\"` was unescaped by the
/// parser and is not escaped again, so an argument may close its quotes in the body.
fn argument_text(arg: &MacroArg) -> String {
    match arg {
        MacroArg::String(s) => format!("\"{s}\""),
        MacroArg::Expr(e) => expression_text(e),
        MacroArg::Ident(s) => s.clone(),
    }
}

/// pikru's `expr_to_string`.
fn expression_text(expr: &Expr) -> String {
    match expr {
        Expr::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
        Expr::Number(n) => format!("{n}"),
        Expr::Variable(v) | Expr::PlaceName(v) => v.clone(),
        Expr::ParenExpr(e) => format!("({})", expression_text(e)),
        Expr::BinaryOp(l, op, r) => {
            let op = match op {
                BinaryOp::Add => "+",
                BinaryOp::Sub => "-",
                BinaryOp::Mul => "*",
                BinaryOp::Div => "/",
            };
            format!("{}{op}{}", expression_text(l), expression_text(r))
        }
        Expr::UnaryOp(op, e) => {
            let op = match op {
                UnaryOp::Neg => "-",
                UnaryOp::Pos => "+",
            };
            format!("{op}{}", expression_text(e))
        }
        Expr::FuncCall(call) => {
            let name = match call.func {
                Function::Abs => "abs",
                Function::Cos => "cos",
                Function::Sin => "sin",
                Function::Int => "int",
                Function::Sqrt => "sqrt",
                Function::Max => "max",
                Function::Min => "min",
            };
            let args: Vec<String> = call.args.iter().map(expression_text).collect();
            format!("{name}({})", args.join(", "))
        }
        _ => String::new(),
    }
}
