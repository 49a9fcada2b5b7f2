//! The `wavedrom` kind: WaveDrom's WaveJSON (JSON5). Signal (timing) diagrams are drawn by
//! the crate [wavedrom](https://crates.io/crates/wavedrom) (wavedrom-rs, a pure-Rust
//! WaveDrom), called only here; register (bit-field) diagrams, `{ reg: [...] }`, by edgeviz's
//! own [`reg`] after WaveDrom's bit-field layout. Logic circuits (`assign`) and anything else
//! are a 400 that names what is not supported.
//!
//! The source is read once as JSON5 (the crate's own json5, same version) so that a parse
//! error has its line:column, and so that the limits ([`limits::MAX_WAVEDROM_BYTES`] and the
//! others here) are checked before the crate lays anything out.
//!
//! Theme: `light` only (the crate draws its own black on white; a dark skin is not read).
//! Text: the crate writes `font-family="Helvetica"` and measures with a Helvetica width table
//! (its `embed_font` is off: Apple's Helvetica is not shipped); the PNG draws it with Arimo,
//! Helvetica's metrics. The reg drawing names `sans-serif`, also Arimo in the PNG.

mod hostile;
pub mod limits;
mod reg;

use crate::diagram::{Content, Diagram, Drawing, Example, Kind, Spec, Theme};
use crate::error::{Diagnostic, Error, Lexicon, Position, Result};
use serde_json::Value;

pub struct Wavedrom;

pub static KIND: Wavedrom = Wavedrom;

/// The crate, as pinned in Cargo.toml.
const ENGINE_VERSION: &str = "wavedrom-rs 0.1.0 + edgeviz reg";

pub static SPEC: Spec = Spec {
    name: "wavedrom",
    title: "WaveDrom",
    extensions: &["wavedrom"],
    themes: &["light"],
    engine: ENGINE_VERSION,
    svg_elements: &["line", "pattern", "use"],
    example: GALLERY[0].source,
    gallery: GALLERY,
    families: hostile::FAMILIES,
    hiding_prefixes: hostile::HIDING_PREFIXES,
    ..Spec::BASE
};

impl Kind for Wavedrom {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn draw(&self, diagram: &Diagram) -> Result<Drawing> {
        let source = diagram.source.as_str();
        check_size(source)?;
        check_nesting(source)?;
        let (svg, diagnostics) = crate::error::guard(|| render(source))??;
        Ok(Drawing {
            content: Content::Svg(svg),
            theme: Theme::Light,
            raster_scale: 1.0,
            diagnostics: diagnostics.into_iter().map(Diagnostic::warning).collect(),
        })
    }
}

/// Reads the source and draws the diagram it is, with what was left out.
fn render(source: &str) -> Result<(String, Vec<String>)> {
    let value: Value = json5::from_str(source).map_err(|e| syntax(source, e))?;
    let Value::Object(top) = &value else {
        return Err(Error::BadRequest(
            "a WaveDrom source is an object: { signal: [...] } or { reg: [...] }".into(),
        ));
    };
    if top.contains_key("reg") {
        return reg::render(&value).map(|svg| (svg, Vec::new()));
    }
    if top.contains_key("signal") {
        return signal(source, value);
    }
    let what = if top.contains_key("assign") {
        "logic circuit diagrams (`assign`) are not supported"
    } else {
        "this WaveDrom source has neither `signal` nor `reg`"
    };
    Err(Error::BadRequest(format!(
        "{what}: edgeviz draws WaveDrom timing diagrams ({{ signal: [...] }}) and register \
         diagrams ({{ reg: [...] }})"
    )))
}

/// WaveDrom's default skin: a lane is 20 high and 30 apart, a cycle 40 wide (times
/// `config.hscale`). wavedrom-rs's own defaults (24, 32 and 48) draw a fifth larger than
/// WaveDrom; these keep edgeviz's drawing Kroki's size (tests/wavedrom.rs measures it).
const SIGNAL_HEIGHT: u16 = 20;
const LANE_GAP: u32 = 10;
const CYCLE_WIDTH: u16 = 40;
const HEAD_HEIGHT: u32 = 54;

/// A timing diagram, by the crate.
fn signal(source: &str, mut value: Value) -> Result<(String, Vec<String>)> {
    check_signals(&value)?;
    let mut diagnostics = Vec::new();
    plain_texts(&mut value, &mut diagnostics);
    // wavedrom-rs 0.1.0 applies `hscale` twice (to the cycle's width when assembling, then
    // again to the figure's width): edgeviz scales the cycle itself and gives the crate 1.
    let hscale = value
        .get("config")
        .and_then(|c| c.get("hscale"))
        .and_then(Value::as_f64)
        .filter(|h| h.is_finite())
        .map_or(1.0, |h| h.round().max(1.0));
    if let Some(config) = value.get_mut("config").and_then(Value::as_object_mut) {
        config.remove("hscale");
    }
    let json: wavedrom::wavejson::WaveJson = match serde_json::from_value(value) {
        Ok(json) => json,
        Err(e) => {
            let message = e.to_string();
            // The crate's own reading of the source says where, when edgeviz changed nothing
            // on the way (JsonML texts, negative numbering).
            let position = match json5::from_str::<wavedrom::wavejson::WaveJson>(source) {
                Err(json5::Error::Message { location, .. }) if diagnostics.is_empty() => location,
                _ => None,
            };
            return Err(Error::Syntax {
                message,
                position: position.map(|l| Position {
                    line: l.line as u32,
                    column: l.column as u32,
                }),
            });
        }
    };
    let figure = wavedrom::Figure::from(json);
    let assembled = figure.assemble_with_options(wavedrom::PathAssembleOptions {
        signal_height: SIGNAL_HEIGHT,
        cycle_width: CYCLE_WIDTH * hscale as u16,
        ..Default::default()
    });
    let mut options = wavedrom::options::RenderOptions::default();
    options.padding.figure_top = 0;
    options.padding.figure_bottom = 0;
    options.padding.schema_top = 5;
    options.padding.schema_bottom = 5;
    options.padding.figure_right = 24;
    options.spacing.line_to_line = LANE_GAP;
    // WaveDrom gives a `head`/`foot` text 54 px (with its tick numbers, 66).
    options.header.height = HEAD_HEIGHT;
    options.footer.height = HEAD_HEIGHT;
    let mut out = Vec::new();
    assembled
        .write_svg_with_options(&mut out, &options)
        .map_err(|e| Error::Internal(format!("wavedrom: {e}")))?;
    let svg = String::from_utf8(out).map_err(|e| Error::Internal(format!("wavedrom: {e}")))?;
    check_drawn_size(&svg)?;
    Ok((once_each_node(&svg), diagnostics))
}

/// A 400 for a drawing with no area: `{ signal: [] }` (or only empty groups) is drawn 0
/// high, which no PNG, JPEG or PDF can be (they were a 500), and an SVG of it shows
/// nothing.
fn check_drawn_size(svg: &str) -> Result<()> {
    let root = &svg[..svg.find('>').unwrap_or(svg.len())];
    let size = |name: &str| -> f64 {
        let key = format!(" {name}=\"");
        root.find(&key)
            .map(|at| &root[at + key.len()..])
            .and_then(|rest| rest[..rest.find('"').unwrap_or(0)].parse().ok())
            .unwrap_or(0.0)
    };
    let (width, height) = (size("width"), size("height"));
    if width > 0.0 && height > 0.0 {
        return Ok(());
    }
    Err(Error::BadRequest(format!(
        "this timing diagram draws nothing ({width} × {height} px): it needs a signal, \
         e.g. {{ signal: [{{ name: 'clk', wave: 'p...' }}] }}"
    )))
}

/// wavedrom-rs draws a node's letter (`node: '.a..'`) at each end of each of its arrows, the
/// same element again where two arrows meet; WaveDrom draws it once. The second copy (the
/// same bytes: a white box and the letter at the same place) is left out: the picture is
/// the same, and its text is there once, as in WaveDrom's.
fn once_each_node(svg: &str) -> String {
    const START: &str = "<g><rect ";
    const END: &str = "</text></g>";
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(START) {
        out.push_str(&rest[..at]);
        let label = &rest[at..];
        match label.find(END).map(|e| &label[..e + END.len()]) {
            Some(element) if !element[START.len()..].contains("<g") => {
                if seen.insert(element) {
                    out.push_str(element);
                }
                rest = &label[element.len()..];
            }
            _ => {
                out.push_str(START);
                rest = &label[START.len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// WaveDrom draws `head`/`foot` `text` given as JsonML (`['tspan', {...}, 'text', ...]`);
/// the crate takes a string: the JsonML's text, its styling dropped. The crate numbers cycles
/// from 0 up: a negative `tick`/`tock` is left out (said in the diagnostics).
fn plain_texts(value: &mut Value, diagnostics: &mut Vec<String>) {
    if let Some(Value::Array(items)) = value.get_mut("signal") {
        escape_data(items);
    }
    for (part, number) in [("head", "tick"), ("foot", "tock")] {
        let Some(Value::Object(part)) = value.get_mut(part) else {
            continue;
        };
        if let Some(text) = part.get_mut("text") {
            if !text.is_string() && !text.is_null() {
                let mut plain = String::new();
                jsonml_text(text, &mut plain);
                *text = Value::String(plain);
                diagnostics.push("WaveDrom JsonML text is drawn as plain text".into());
            }
        }
        if part
            .get(number)
            .and_then(Value::as_f64)
            .is_some_and(|n| n < 0.0)
        {
            part.remove(number);
            diagnostics.push(format!("negative `{number}` numbering is not drawn"));
        }
    }
}

/// wavedrom-rs 0.1.0 escapes every text it writes but a lane's `data` labels: edgeviz
/// escapes those before the crate sees them (numbers become their text, as WaveDrom draws them).
fn escape_data(items: &mut [Value]) {
    let escape = |v: &mut Value| {
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return,
        };
        *v = Value::String(
            text.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;"),
        );
    };
    for item in items {
        match item {
            Value::Array(group) => escape_data(group),
            Value::Object(o) => match o.get_mut("data") {
                Some(Value::Array(labels)) => labels.iter_mut().for_each(escape),
                Some(one) => escape(one),
                None => {}
            },
            _ => {}
        }
    }
}

/// The text of a JsonML element: its strings, past the tag name and attributes.
fn jsonml_text(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => out.push_str(s),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Array(items) => {
            let skip = usize::from(matches!(items.first(), Some(Value::String(_))));
            for item in items.iter().skip(skip) {
                jsonml_text(item, out);
            }
        }
        _ => {}
    }
}

/// A json5 error as edgeviz's syntax error (400), at the line:column it carries.
fn syntax(source: &str, err: json5::Error) -> Error {
    let json5::Error::Message { msg, location } = err;
    let _ = source;
    // pest's multi-line report (` --> 1:1`, the line, a caret, `= expected ...`): its last line.
    let message = match msg.lines().find_map(|l| l.trim().strip_prefix("= ")) {
        Some(expected) => format!("JSON5 parse error: {expected}"),
        None => msg
            .lines()
            .next()
            .unwrap_or("JSON5 parse error")
            .trim()
            .to_string(),
    };
    Error::Syntax {
        message,
        position: location.map(|l| Position {
            line: l.line as u32,
            column: l.column as u32,
        }),
    }
}

/// Refuses sources over [`limits::MAX_WAVEDROM_BYTES`] before anything reads them (413).
fn check_size(source: &str) -> Result<()> {
    crate::error::within(
        "wavedrom source (bytes)",
        source.len(),
        limits::MAX_WAVEDROM_BYTES,
    )
}

/// JSON5 as json5's grammar (`json5.pest`) reads it: `//` comments, ended by any of its
/// line terminators, `/* */` comments, `"` and `'` strings with `\` escapes (a line
/// continuation among them).
const LEXICON: Lexicon = Lexicon {
    line_comments: &[("//", "")],
    line_ends: &['\n', '\r', '\u{2028}', '\u{2029}'],
    block_comments: &[("/*", "*/")],
    nested_comments: false,
    quotes: &['"', '\''],
    brackets: &[('[', ']'), ('{', '}')],
    raw: None,
};

/// Refuses brackets (`[`, `{`) nested deeper than [`limits::MAX_WAVEDROM_NESTING`] as json5
/// reads them ([`LEXICON`]): its parser recurses once a level. 413 at the first bracket too
/// deep.
fn check_nesting(source: &str) -> Result<()> {
    crate::error::within_nesting(source, &LEXICON, limits::MAX_WAVEDROM_NESTING)
}

/// What a timing diagram draws, counted before the crate lays it out.
#[derive(Debug, Default)]
struct Tally {
    /// Signals, groups' included.
    signals: u64,
    /// The longest signal's cycles (its wave's length times its `period`, or its `phase`).
    cycles: u64,
    /// Texts: names, `data` labels, node letters, `edge` labels.
    texts: u64,
}

impl Tally {
    /// Counts the lanes of `items` (a `signal` list or a group), groups within groups.
    /// Iterative: a list of the groups still to read, not recursion.
    fn lanes(&mut self, items: &[Value]) {
        let mut pending = vec![items];
        while let Some(items) = pending.pop() {
            for item in items {
                match item {
                    Value::Array(group) => {
                        // A group's first item may be its name.
                        self.texts += u64::from(matches!(group.first(), Some(Value::String(_))));
                        pending.push(group);
                    }
                    Value::Object(o) => self.lane(o),
                    _ => {}
                }
            }
        }
    }

    fn lane(&mut self, o: &serde_json::Map<String, Value>) {
        self.signals += 1;
        // wavedrom-rs multiplies the phase's cycles into u32 pixels: bounded as cycles are
        // (it overflowed at 1e300).
        let phase = o.get("phase").and_then(Value::as_f64).unwrap_or(0.0);
        let phase = phase.abs().min(u64::MAX as f64).ceil() as u64;
        let wave = o.get("wave").and_then(Value::as_str).unwrap_or("");
        let period = o.get("period").and_then(Value::as_f64).unwrap_or(1.0);
        let period = if period.is_finite() {
            period.abs().max(1.0)
        } else {
            1.0
        };
        let these = (wave.chars().count() as f64 * period).min(u64::MAX as f64) as u64;
        self.cycles = self.cycles.max(these).max(phase);
        let name = o
            .get("name")
            .and_then(Value::as_str)
            .is_some_and(|n| !n.is_empty());
        let labels = match o.get("data") {
            Some(Value::Array(labels)) => labels.len(),
            Some(Value::String(words)) => words.split_whitespace().count(),
            Some(_) => 1,
            None => 0,
        };
        let nodes = o.get("node").and_then(Value::as_str).unwrap_or("");
        let nodes = nodes.chars().filter(|c| *c != '.').count();
        self.texts += u64::from(name) + labels as u64 + nodes as u64;
    }

    /// The texts of the diagram's own parts: `edge` labels, `head`/`foot` text and their
    /// `tick`/`tock` numbers (one a cycle of the drawing, `width` cycles wide).
    fn parts(&mut self, value: &Value, width: u64) {
        if let Some(Value::Array(edges)) = value.get("edge") {
            self.texts += edges.len() as u64;
        }
        for (part, number) in [("head", "tick"), ("foot", "tock")] {
            let Some(Value::Object(part)) = value.get(part) else {
                continue;
            };
            self.texts += u64::from(part.get("text").is_some_and(|t| !t.is_null()));
            if part.get(number).is_some_and(|n| !n.is_null()) {
                self.texts = self.texts.saturating_add(width);
            }
        }
    }
}

/// Counts what the diagram draws against [`limits::MAX_WAVEDROM_SIGNALS`],
/// [`limits::MAX_WAVEDROM_CYCLES`], [`limits::MAX_WAVEDROM_HSCALE`] and
/// [`limits::MAX_WAVEDROM_TEXTS`] (422): the crate's work, the SVG and the memory of its
/// PNG and PDF grow with them.
fn check_signals(value: &Value) -> Result<()> {
    let mut tally = Tally::default();
    if let Some(Value::Array(items)) = value.get("signal") {
        tally.lanes(items);
    }
    let hscale = value
        .get("config")
        .and_then(|c| c.get("hscale"))
        .and_then(Value::as_f64)
        .unwrap_or(1.0);
    // The drawing is as wide as the longest signal's cycles times `hscale`.
    let width = tally.cycles.saturating_mul(hscale.round().max(1.0) as u64);
    tally.parts(value, tally.cycles);
    let too_large = |what, actual, limit: usize| {
        Err(Error::GraphTooLarge {
            what,
            actual,
            limit: limit as u64,
        })
    };
    if tally.signals > limits::MAX_WAVEDROM_SIGNALS as u64 {
        return too_large(
            "wavedrom signals",
            tally.signals,
            limits::MAX_WAVEDROM_SIGNALS,
        );
    }
    if hscale > limits::MAX_WAVEDROM_HSCALE as f64 {
        let hscale = hscale.min(u64::MAX as f64) as u64;
        return too_large(
            "wavedrom config.hscale",
            hscale,
            limits::MAX_WAVEDROM_HSCALE,
        );
    }
    if width > limits::MAX_WAVEDROM_CYCLES as u64 {
        let what = "wavedrom cycles of the longest signal (times config.hscale)";
        return too_large(what, width, limits::MAX_WAVEDROM_CYCLES);
    }
    if tally.texts > limits::MAX_WAVEDROM_TEXTS as u64 {
        let what = "wavedrom texts (names, data labels, nodes, edges, tick numbers)";
        return too_large(what, tally.texts, limits::MAX_WAVEDROM_TEXTS);
    }
    Ok(())
}

const GALLERY: &[Example] = &[
    Example {
        name: "timing",
        title: "WaveDrom: a timing diagram",
        description: "clock, data bus and request/acknowledge, with an arrow between edges",
        source: include_str!("examples/timing.wavedrom"),
    },
    Example {
        name: "register",
        title: "WaveDrom: a register",
        description: "a 32-bit register's fields, their names, attributes and types",
        source: include_str!("examples/register.wavedrom"),
    },
];
