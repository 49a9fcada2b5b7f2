//! The wire form of what crosses into a contained renderer and back ([`crate::engine`]): a
//! [`Diagram`] to draw, a [`LaidOut`] drawing or a kept [`Styled`] SVG to finish, and the
//! [`Finished`] output or [`Error`] that comes back. Bytes in, bytes out, so that the renderer can live in a wasm instance of its
//! own, holding nothing of the request but these bytes.
//!
//! Each value is a sequence of fields: `u32` little-endian lengths and counts, UTF-8 strings
//! and byte strings behind a length, `f64` as its bits, one byte for a tag. A value that does
//! not read back whole is [`Error::Internal`]: only edgeviz writes these bytes.

use std::collections::BTreeMap;

use crate::diagram::{Diagram, Format, Options, Output, Theme};
use crate::error::{Diagnostic, Error, Position, Relayed, Result, Severity};
use crate::kinds;
use crate::pipeline::{Finished, LaidOut, Picture, Start, Styled};
use crate::svg::Clean;

/// Builds a value's bytes field by field.
#[derive(Default)]
pub struct Writer(Vec<u8>);

impl Writer {
    pub fn u32(&mut self, n: u32) -> &mut Self {
        self.0.extend_from_slice(&n.to_le_bytes());
        self
    }

    pub fn f64(&mut self, x: f64) -> &mut Self {
        self.0.extend_from_slice(&x.to_bits().to_le_bytes());
        self
    }

    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.u32(b.len() as u32);
        self.0.extend_from_slice(b);
        self
    }

    pub fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    pub fn strs(&mut self, list: &[String]) -> &mut Self {
        self.u32(list.len() as u32);
        for s in list {
            self.str(s);
        }
        self
    }

    pub fn done(self) -> Vec<u8> {
        self.0
    }
}

/// Reads a value's fields back in the order they were written.
pub struct Reader<'a>(&'a [u8]);

fn short() -> Error {
    Error::Internal("a contained render's message ended early".into())
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader(bytes)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.0.len() < n {
            return Err(short());
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    pub fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn f64(&mut self) -> Result<f64> {
        let b = self.take(8)?;
        let mut bits = [0; 8];
        bits.copy_from_slice(b);
        Ok(f64::from_bits(u64::from_le_bytes(bits)))
    }

    pub fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    pub fn str(&mut self) -> Result<String> {
        String::from_utf8(self.bytes()?.to_vec()).map_err(|_| short())
    }

    pub fn strs(&mut self) -> Result<Vec<String>> {
        (0..self.u32()?).map(|_| self.str()).collect()
    }
}

/// A diagram: its kind by name, format by name, source and options.
pub fn put_diagram(w: &mut Writer, d: &Diagram) {
    w.str(d.kind.name()).str(d.format.name()).str(&d.source);
    w.str(d.options.theme).f64(d.options.scale);
    w.str(d.options.background.as_deref().unwrap_or("\0"));
    w.u32(d.options.values.len() as u32);
    for (k, v) in &d.options.values {
        w.str(k).str(v);
    }
}

pub fn diagram(r: &mut Reader) -> Result<Diagram> {
    let kind = kinds::find(&r.str()?)?;
    let format = Format::named(&r.str()?).ok_or_else(short)?;
    let source = r.str()?;
    let theme_name = r.str()?;
    // The theme as the kind lists it: options hold the kind's own static names.
    let theme = kind
        .themes()
        .iter()
        .copied()
        .find(|t| *t == theme_name)
        .ok_or_else(short)?;
    let scale = r.f64()?;
    let background = Some(r.str()?).filter(|b| b != "\0");
    let mut values = BTreeMap::new();
    for _ in 0..r.u32()? {
        values.insert(r.str()?, r.str()?);
    }
    let options = Options {
        theme,
        scale,
        background,
        values,
    };
    Ok(Diagram {
        kind,
        format,
        source,
        options,
    })
}

fn theme_tag(t: Theme) -> u32 {
    match t {
        Theme::Light => 0,
        Theme::Dark => 1,
        Theme::Auto => 2,
    }
}

fn theme(r: &mut Reader) -> Result<Theme> {
    Ok(match r.u32()? {
        1 => Theme::Dark,
        2 => Theme::Auto,
        _ => Theme::Light,
    })
}

/// Diagnostics: a count, then each one's severity, message and position (line 0: none).
pub fn put_diagnostics(w: &mut Writer, list: &[Diagnostic]) {
    w.u32(list.len() as u32);
    for d in list {
        let p = d.position.unwrap_or(Position { line: 0, column: 0 });
        w.str(d.severity.name())
            .str(&d.message)
            .u32(p.line)
            .u32(p.column);
    }
}

pub fn diagnostics(r: &mut Reader) -> Result<Vec<Diagnostic>> {
    let n = r.u32()?;
    let mut list = Vec::new();
    for _ in 0..n {
        let severity = Severity::named(&r.str()?);
        let message = r.str()?;
        let (line, column) = (r.u32()?, r.u32()?);
        let position = (line > 0).then_some(Position { line, column });
        list.push(Diagnostic {
            severity,
            message,
            position,
        });
    }
    Ok(list)
}

/// A laid-out drawing. Its SVG is the sanitiser's output of this same module in the other
/// instance: it crosses as [`Clean::kept`].
pub fn put_laid_out(w: &mut Writer, d: &LaidOut) {
    match &d.picture {
        Picture::Svg(s) => w.u32(0).str(s),
        Picture::Text(s) => w.u32(1).str(s),
    };
    w.u32(theme_tag(d.theme)).f64(d.raster_scale);
    put_diagnostics(w, &d.diagnostics);
}

pub fn laid_out(r: &mut Reader) -> Result<LaidOut> {
    let picture = match r.u32()? {
        0 => Picture::Svg(Clean::kept(r.str()?)),
        _ => Picture::Text(r.str()?),
    };
    Ok(LaidOut {
        picture,
        theme: theme(r)?,
        raster_scale: r.f64()?,
        diagnostics: diagnostics(r)?,
    })
}

pub fn put_styled(w: &mut Writer, s: &Styled) {
    w.str(&s.svg).f64(s.raster_scale);
    put_diagnostics(w, &s.diagnostics);
}

pub fn styled(r: &mut Reader) -> Result<Styled> {
    Ok(Styled {
        svg: Clean::kept(r.str()?),
        raster_scale: r.f64()?,
        diagnostics: diagnostics(r)?,
    })
}

pub fn put_start(w: &mut Writer, s: &Start) {
    match s {
        Start::LaidOut(d) => put_laid_out(w.u32(0), d),
        Start::Styled(d) => put_styled(w.u32(1), d),
    }
}

pub fn start(r: &mut Reader) -> Result<Start> {
    match r.u32()? {
        0 => Ok(Start::LaidOut(laid_out(r)?)),
        _ => Ok(Start::Styled(styled(r)?)),
    }
}

pub fn put_output(w: &mut Writer, o: &Output) {
    w.bytes(&o.bytes);
    put_diagnostics(w, &o.diagnostics);
}

pub fn output(r: &mut Reader) -> Result<Output> {
    Ok(Output {
        bytes: r.bytes()?.to_vec(),
        diagnostics: diagnostics(r)?,
    })
}

pub fn put_finished(w: &mut Writer, f: &Finished) {
    put_output(w, &f.output);
    w.f64(f.raster_scale.unwrap_or(f64::NAN));
    match &f.source {
        Some(s) => put_styled(w.u32(1), s),
        None => {
            w.u32(0);
        }
    }
}

pub fn finished(r: &mut Reader) -> Result<Finished> {
    let output = output(r)?;
    let raster_scale = Some(r.f64()?).filter(|s| !s.is_nan());
    let source = match r.u32()? {
        1 => Some(styled(r)?),
        _ => None,
    };
    Ok(Finished {
        output,
        source,
        raster_scale,
    })
}

/// An error as the service answers it: status, code, message, position, diagnostics.
pub fn put_error(w: &mut Writer, e: &Error) {
    w.u32(u32::from(e.status()))
        .str(e.code())
        .str(&e.to_string());
    let p = e.position().unwrap_or(Position { line: 0, column: 0 });
    w.u32(p.line).u32(p.column);
    put_diagnostics(w, e.diagnostics());
}

/// The error [`put_error`] wrote, answered the same way ([`Error::Relayed`]).
pub fn error(r: &mut Reader) -> Result<Error> {
    let status = r.u32()? as u16;
    let code = r.str()?;
    let message = r.str()?;
    let (line, column) = (r.u32()?, r.u32()?);
    let position = (line > 0).then_some(Position { line, column });
    Ok(Error::Relayed(Box::new(Relayed {
        status,
        code: Error::code_named(&code),
        message,
        position,
        diagnostics: diagnostics(r)?,
    })))
}

/// A result: a tag (0 ok, 1 error), then the value or the error.
pub fn put_result<T>(w: &mut Writer, result: &Result<T>, put: impl Fn(&mut Writer, &T)) {
    match result {
        Ok(v) => {
            w.u32(0);
            put(w, v);
        }
        Err(e) => {
            w.u32(1);
            put_error(w, e);
        }
    }
}

pub fn result<T>(r: &mut Reader, read: impl Fn(&mut Reader) -> Result<T>) -> Result<T> {
    match r.u32()? {
        0 => read(r),
        _ => Err(error(r)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip_error(e: Error) {
        let mut w = Writer::default();
        put_error(&mut w, &e);
        let back = error(&mut Reader::new(&w.done())).unwrap();
        assert_eq!(back.status(), e.status());
        assert_eq!(back.code(), e.code());
        assert_eq!(back.to_string(), e.to_string());
        assert_eq!(back.position(), e.position());
        assert_eq!(back.diagnostics(), e.diagnostics());
    }

    #[test]
    fn errors_are_answered_the_same_after_the_trip() {
        round_trip_error(Error::Syntax {
            message: "x".into(),
            position: Some(Position { line: 3, column: 4 }),
        });
        round_trip_error(Error::Layout {
            message: "m".into(),
            diagnostics: vec![
                Diagnostic::warning("a"),
                Diagnostic {
                    position: Some(Position { line: 2, column: 5 }),
                    ..Diagnostic::note("b")
                },
            ],
        });
        round_trip_error(Error::TooLarge {
            what: "DOT source (bytes)",
            actual: 9,
            limit: 8,
        });
        round_trip_error(Error::Internal("bug".into()));
    }

    #[test]
    fn diagrams_and_drawings_round_trip() {
        let kind = kinds::built().next().unwrap();
        let d = crate::request::diagram(kind, Format::Png, "digraph{a}".into(), [("scale", "2")])
            .unwrap();
        let mut w = Writer::default();
        put_diagram(&mut w, &d);
        assert_eq!(diagram(&mut Reader::new(&w.done())).unwrap(), d);
        let laid = crate::pipeline::lay_out(&d).unwrap();
        let start = Start::LaidOut(laid);
        let mut w = Writer::default();
        put_start(&mut w, &start);
        assert_eq!(super::start(&mut Reader::new(&w.done())).unwrap(), start);
        let finished = crate::pipeline::finish(&d, start).unwrap();
        assert!(
            finished.source.is_some(),
            "a PNG keeps the SVG it was drawn from"
        );
        let mut w = Writer::default();
        put_finished(&mut w, &finished);
        let back = super::finished(&mut Reader::new(&w.done())).unwrap();
        assert_eq!(back.output.bytes, finished.output.bytes);
        assert_eq!(back.output.diagnostics, finished.output.diagnostics);
        assert_eq!(back.source, finished.source);
        assert!(Reader::new(&[1, 0]).u32().is_err());
    }
}
