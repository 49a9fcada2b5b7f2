//! WaveDrom's register (bit-field) diagrams, `{ reg: [fields], config: {...} }`, drawn by
//! edgeviz after the layout of WaveDrom's bit-field renderer (npm `bit-field` 1.9, which
//! WaveDrom 3.6.2 calls): the register's bits split into `lanes` rows of `bits / lanes` bits,
//! most significant bit on the left; each lane a box `hspace` wide with a tick at every bit
//! and a full divider between fields; above it the first and last bit number of each field,
//! inside it the field's name (a number is drawn bit by bit), below it its attributes, one
//! line each; a field without a name, or with a `type`, is shaded (its type's colour).
//!
//! Read: `bits`, `name`, `attr` (text, number or a list of them), `type`, `rotate` per field;
//! `hspace`, `vspace`, `lanes`, `bits`, `fontsize`, `fontfamily`, `fontweight`, `hflip`,
//! `vflip`, `offset`, `trim` in `config`. `compact`, `sparse`, `legend`, `label`, `margin`
//! and `uneven` are a 400 that names them. Names are plain text: bit-field's `tspan` markup
//! (`<b>`, `<sub>`...) is drawn as written.

use super::limits;
use crate::error::{Error, Result};
use crate::svg::escape_markup;
use serde_json::{Map, Value};
use std::fmt::Write;

/// A name or attribute: text, or a number drawn one bit a column.
enum Label {
    Text(String),
    Number(i64),
}

struct Field {
    bits: u64,
    name: Option<Label>,
    attrs: Vec<Option<Label>>,
    /// `type`: the shade's colour.
    kind: Option<i64>,
    rotate: Option<f64>,
    lsb: u64,
    msb: u64,
}

struct Config {
    hspace: f64,
    vspace: f64,
    lanes: u64,
    bits: u64,
    fontsize: f64,
    fontfamily: String,
    fontweight: String,
    hflip: bool,
    vflip: bool,
    offset: i64,
    trim: Option<f64>,
}

/// bit-field's type colours (`type: 2`..`7`); others draw the plain grey of fill-opacity.
fn type_colour(kind: i64) -> Option<&'static str> {
    Some(match kind {
        2 => "#ff0000",
        3 => "#aaff00",
        4 => "#00ffd5",
        5 => "#ffbf00",
        6 => "#00ff19",
        7 => "#006aff",
        _ => return None,
    })
}

fn bad(message: String) -> Error {
    Error::BadRequest(format!("wavedrom reg: {message}"))
}

/// Draws `{ reg: [...], config: {...} }` as SVG.
pub(super) fn render(value: &Value) -> Result<String> {
    let Some(Value::Array(items)) = value.get("reg") else {
        return Err(bad("`reg` is a list of fields".into()));
    };
    let empty = Map::new();
    let config = match value.get("config") {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(o)) => o,
        Some(_) => return Err(bad("`config` is an object".into())),
    };
    let mut fields = Vec::with_capacity(items.len());
    let mut lsb = 0u64;
    for (i, item) in items.iter().enumerate() {
        let field = field(i, item, lsb)?;
        lsb = field.msb + 1;
        fields.push(field);
    }
    let config = read_config(config, lsb, &fields)?;
    check_texts(&fields, &config)?;
    Ok(draw(&fields, &config))
}

fn label(value: &Value, what: &str, i: usize) -> Result<Option<Label>> {
    Ok(match value {
        Value::Null => None,
        Value::String(s) => Some(Label::Text(s.clone())),
        Value::Number(n) => match n.as_i64() {
            Some(n) => Some(Label::Number(n)),
            None => Some(Label::Text(n.to_string())),
        },
        Value::Bool(b) => Some(Label::Text(b.to_string())),
        _ => {
            return Err(bad(format!(
            "field {i}: `{what}` is text or a number (bit-field's JsonML markup is not supported)"
        )))
        }
    })
}

fn field(i: usize, item: &Value, lsb: u64) -> Result<Field> {
    let Value::Object(o) = item else {
        return Err(bad(format!(
            "field {i} is not an object {{ bits: N, ... }}"
        )));
    };
    let bits = match o.get("bits").and_then(Value::as_f64) {
        Some(b) if b.is_finite() && b.round() >= 1.0 => b.round(),
        _ => return Err(bad(format!("field {i}: `bits` is a whole number from 1"))),
    };
    if bits > limits::MAX_WAVEDROM_REG_BITS as f64
        || lsb + bits as u64 > limits::MAX_WAVEDROM_REG_BITS as u64
    {
        return Err(Error::GraphTooLarge {
            what: "wavedrom reg bits",
            actual: (lsb as f64 + bits).min(u64::MAX as f64) as u64,
            limit: limits::MAX_WAVEDROM_REG_BITS as u64,
        });
    }
    let bits = bits as u64;
    let name = match o.get("name") {
        Some(v) => label(v, "name", i)?,
        None => None,
    };
    let attrs = match o.get("attr") {
        None => Vec::new(),
        Some(Value::Array(list)) => list
            .iter()
            .map(|a| label(a, "attr", i))
            .collect::<Result<Vec<_>>>()?,
        Some(v) => vec![label(v, "attr", i)?],
    };
    let kind = match o.get("type") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(n.as_f64().unwrap_or(0.0).round() as i64),
        Some(Value::String(s)) => Some(
            s.trim()
                .parse::<f64>()
                .map(|f| f.round() as i64)
                .unwrap_or(0),
        ),
        Some(_) => Some(0),
    };
    let rotate = o
        .get("rotate")
        .and_then(Value::as_f64)
        .filter(|r| r.is_finite());
    Ok(Field {
        bits,
        name,
        attrs,
        kind,
        rotate,
        lsb,
        msb: lsb + bits - 1,
    })
}

/// bit-field's `config`, with its defaults and minimums.
fn read_config(o: &Map<String, Value>, total: u64, fields: &[Field]) -> Result<Config> {
    refuse_unsupported(o)?;
    let num = |key: &str| config_number(o, key);
    let sizes = config_sizes(o, total)?;
    let vspace = config_vspace(o, sizes.fontsize, fields)?;
    let text = |key: &str, default: &str| {
        o.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .unwrap_or(default)
            .to_string()
    };
    let truthy = |key: &str| {
        o.get(key)
            .is_some_and(|v| matches!(v, Value::Bool(true)) || v.as_f64().is_some_and(|f| f != 0.0))
    };
    Ok(Config {
        hspace: sizes.hspace,
        vspace,
        lanes: sizes.lanes as u64,
        bits: sizes.bits as u64,
        fontsize: sizes.fontsize,
        fontfamily: text("fontfamily", "sans-serif"),
        fontweight: text("fontweight", "normal"),
        hflip: truthy("hflip"),
        vflip: truthy("vflip"),
        offset: num("offset").unwrap_or(0.0).clamp(-1e15, 1e15) as i64,
        trim: num("trim").filter(|t| *t > 0.0),
    })
}

/// A 400 for a bit-field `config` option edgeviz does not draw, set to anything but
/// `null` or `false`.
fn refuse_unsupported(o: &Map<String, Value>) -> Result<()> {
    for key in ["compact", "sparse", "legend", "label", "margin", "uneven"] {
        if o.get(key)
            .is_some_and(|v| !v.is_null() && v != &Value::Bool(false))
        {
            return Err(bad(format!("config.{key} is not supported")));
        }
    }
    Ok(())
}

/// `config.key` as a finite number, rounded to a whole one.
fn config_number(o: &Map<String, Value>, key: &str) -> Option<f64> {
    o.get(key)
        .and_then(Value::as_f64)
        .filter(|f| f.is_finite())
        .map(f64::round)
}

/// The 422 for a `config` size `v` over its `limit`.
fn config_too_large(what: &'static str, v: f64, limit: f64) -> Error {
    Error::GraphTooLarge {
        what,
        actual: v.min(u64::MAX as f64) as u64,
        limit: limit as u64,
    }
}

/// `config`'s sizes that bound the drawing, each at least its minimum (else its default)
/// and at most its limit.
struct ConfigSizes {
    hspace: f64,
    fontsize: f64,
    lanes: f64,
    bits: f64,
}

/// `config.hspace`, `fontsize`, `lanes` and `bits` (by default the `total` bits of the
/// fields), each checked against its limit.
fn config_sizes(o: &Map<String, Value>, total: u64) -> Result<ConfigSizes> {
    // bit-field: a whole number at least `min`, else the default.
    let at_least = |key: &str, min: f64| config_number(o, key).filter(|v| *v >= min);
    let space = limits::MAX_WAVEDROM_REG_SPACE as f64;
    let hspace = at_least("hspace", 40.0).unwrap_or(800.0);
    let fontsize = at_least("fontsize", 6.0).unwrap_or(14.0);
    let lanes = at_least("lanes", 1.0).unwrap_or(1.0);
    let bits = at_least("bits", 1.0).unwrap_or(total.max(1) as f64);
    if hspace > space {
        return Err(config_too_large("wavedrom reg config.hspace", hspace, space));
    }
    if fontsize > space / 10.0 {
        return Err(config_too_large(
            "wavedrom reg config.fontsize",
            fontsize,
            space / 10.0,
        ));
    }
    if lanes > limits::MAX_WAVEDROM_REG_LANES as f64 {
        return Err(config_too_large(
            "wavedrom reg config.lanes",
            lanes,
            limits::MAX_WAVEDROM_REG_LANES as f64,
        ));
    }
    if bits > limits::MAX_WAVEDROM_REG_BITS as f64 {
        return Err(config_too_large(
            "wavedrom reg config.bits",
            bits,
            limits::MAX_WAVEDROM_REG_BITS as f64,
        ));
    }
    Ok(ConfigSizes {
        hspace,
        fontsize,
        lanes,
        bits,
    })
}

/// `config.vspace`: by default room for the most attributes any field has, and at least 1
/// and at most the space limit.
fn config_vspace(o: &Map<String, Value>, fontsize: f64, fields: &[Field]) -> Result<f64> {
    let space = limits::MAX_WAVEDROM_REG_SPACE as f64;
    let attrs = fields.iter().map(|f| f.attrs.len()).max().unwrap_or(0) as f64;
    let vspace = match config_number(o, "vspace") {
        Some(v) if v != 0.0 => v,
        _ => (attrs + 4.0) * fontsize,
    };
    if vspace < 1.0 {
        return Err(bad(format!("config.vspace is at least 1, not {vspace}")));
    }
    if vspace > space {
        return Err(config_too_large("wavedrom reg config.vspace", vspace, space));
    }
    Ok(vspace)
}

/// Bounds the texts drawn (a number label is one text a bit, per lane it spans) by
/// [`limits::MAX_WAVEDROM_REG_TEXTS`] (422) before drawing any.
fn check_texts(fields: &[Field], config: &Config) -> Result<()> {
    let per = |l: &Option<Label>, bits: u64| match l {
        Some(Label::Number(_)) => bits,
        Some(Label::Text(_)) => 1,
        None => 0,
    };
    let mut texts = 0u64;
    for f in fields {
        let lanes_spanned =
            (f.bits.div_ceil(config.bits.div_ceil(config.lanes).max(1)) + 1).min(config.lanes);
        let one = 2 + per(&f.name, f.bits) + f.attrs.iter().map(|a| per(a, f.bits)).sum::<u64>();
        texts = texts.saturating_add(one.saturating_mul(lanes_spanned));
    }
    if texts > limits::MAX_WAVEDROM_REG_TEXTS as u64 {
        return Err(Error::GraphTooLarge {
            what: "wavedrom reg texts (names, attributes and bit numbers)",
            actual: texts,
            limit: limits::MAX_WAVEDROM_REG_TEXTS as u64,
        });
    }
    Ok(())
}

/// A number as bit-field's SVG writes it (integers without a point).
fn n(v: f64) -> String {
    let r = (v * 1000.0).round() / 1000.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// One text, centred at (x, y) of its group (bit-field's `text`: baseline 6 below).
fn text(out: &mut String, body: &str, x: f64, y: f64, rotate: Option<f64>) {
    let _ = write!(
        out,
        r#"<g transform="translate({},{})"><text y="6""#,
        n(x.round()),
        n(y.round())
    );
    if let Some(r) = rotate {
        let _ = write!(out, r#" transform="rotate({})""#, n(r));
    }
    let _ = write!(out, ">{}</text></g>", escape_markup(body));
}

/// A label: text at (x, y), or a number one bit a column, its least significant bit right.
fn label_at(
    out: &mut String,
    l: &Label,
    x: f64,
    y: f64,
    step: f64,
    bits: u64,
    rotate: Option<f64>,
) {
    match l {
        Label::Text(s) => text(out, s, x, y, rotate),
        Label::Number(v) => {
            out.push_str("<g>");
            for i in 0..bits {
                let bit = if i < 64 {
                    (v >> i) & 1
                } else {
                    i64::from(*v < 0)
                };
                let dx = step * (bits as f64 / 2.0 - i as f64 - 0.5);
                text(out, &bit.to_string(), x + dx, y, None);
            }
            out.push_str("</g>");
        }
    }
}

/// bit-field's `trimText`: a name wider than its field (at `char_width` a character) cut
/// and ended with `...`.
fn trimmed(name: &str, space: f64, char_width: f64) -> String {
    let len = name.chars().count() as f64;
    if len * char_width <= space {
        return name.to_string();
    }
    let end = len - (len * char_width - space) / char_width - 3.0;
    let keep = if end > 0.0 { end.round() as usize } else { 1 };
    let mut s: String = name.chars().take(keep).collect();
    s.push_str("...");
    s
}

fn line(out: &mut String, x1: f64, y1: f64, x2: f64, y2: f64) {
    let _ = write!(
        out,
        r#"<line x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
        n(x1.round()),
        n(y1.round()),
        n(x2.round()),
        n(y2.round())
    );
}

/// The register drawn: the SVG root and its text defaults, then one lane after another.
fn draw(fields: &[Field], c: &Config) -> String {
    let g = Geometry::new(fields, c);
    let mut out = String::with_capacity(4096 + fields.len() * 512);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#,
        w = n(c.hspace),
        h = n(c.vspace * c.lanes as f64)
    );
    let _ = write!(
        out,
        r#"<g transform="translate(0.5,0.5)" text-anchor="middle" font-size="{}" font-family="{}" font-weight="{}">"#,
        n(c.fontsize),
        escape_markup(&c.fontfamily),
        escape_markup(&c.fontweight)
    );
    for index in 0..c.lanes {
        lane(&mut out, fields, c, &g, index);
    }
    out.push_str("</g></svg>");
    out
}

/// The sizes every lane shares (bit-field's `render`, before its lanes).
struct Geometry {
    /// The lane's box's offset from the left edge.
    left: f64,
    /// The space above the box, for the bit numbers.
    top: f64,
    /// The box's width and height.
    width: f64,
    height: f64,
    /// The bits in a lane, and the width of one.
    per_lane: u64,
    step: f64,
    /// The length of a bit's tick.
    tick: f64,
    /// The bits a field starts at (a full divider is drawn there).
    lsbs: std::collections::HashSet<u64>,
}

impl Geometry {
    /// The sizes for `fields` drawn as `c` says.
    fn new(fields: &[Field], c: &Config) -> Geometry {
        let max_attrs = fields.iter().map(|f| f.attrs.len()).max().unwrap_or(0) as f64;
        let (left, right) = (4.0, 4.0);
        let top = 1.5 * c.fontsize;
        let bottom = c.fontsize * max_attrs + 4.0;
        let width = c.hspace - left - right - 1.0;
        let height = c.vspace - top - bottom;
        let per_lane = c.bits.div_ceil(c.lanes).max(1);
        let tick = if height > 0.0 {
            ((height as u64) >> 3) as f64
        } else {
            0.0
        };
        Geometry {
            left,
            top,
            width,
            height,
            per_lane,
            step: width / per_lane as f64,
            tick,
            lsbs: fields.iter().map(|f| f.lsb).collect(),
        }
    }
}

/// Lane `index` (0 holds the least significant bits): its cage, then its fields' texts.
fn lane(out: &mut String, fields: &[Field], c: &Config, g: &Geometry, index: u64) {
    let row = if c.hflip { index } else { c.lanes - index - 1 };
    let ty = (row as f64 * c.vspace + g.top).round();
    let _ = write!(out, r#"<g transform="translate({},{})">"#, n(g.left), n(ty));
    cage(out, c, g, index);
    let mut texts = LaneTexts::default();
    for f in fields {
        if let Some(span) = span_in_lane(f, g.per_lane, index) {
            field_texts(&mut texts, f, c, g, span);
        }
    }
    let half = (g.step / 2.0).round();
    let LaneTexts {
        blanks,
        bits,
        names,
        attrs,
    } = texts;
    let _ = write!(
        out,
        r#"<g><g>{blanks}</g><g transform="translate({},{})">{bits}</g><g transform="translate({},{})">{names}</g><g transform="translate({},{})">{attrs}</g></g>"#,
        n(half),
        n(-(0.5 * c.fontsize + 4.0).round()),
        n(half),
        n((0.5 * g.height + 0.4 * c.fontsize - 6.0).round()),
        n(half),
        n((g.height + 0.7 * c.fontsize - 2.0).round()),
    );
    out.push_str("</g>");
}

/// The cage of lane `index`: the lane's box, a tick at each bit, a full line where a field
/// starts.
fn cage(out: &mut String, c: &Config, g: &Geometry, index: u64) {
    let (width, height, m) = (g.width, g.height, g.per_lane as f64);
    out.push_str(r#"<g stroke="black" stroke-width="1" stroke-linecap="round">"#);
    line(out, 0.0, 0.0, width, 0.0);
    let side = if c.vflip { width } else { 0.0 };
    line(out, side, 0.0, side, height);
    line(out, 0.0, height, width, height);
    for k in 0..g.per_lane {
        let i = index * g.per_lane + k;
        let j = if c.vflip { k } else { g.per_lane - k } as f64;
        let x = j * width / m;
        if k == 0 || g.lsbs.contains(&i) {
            line(out, x, 0.0, x, height);
        } else {
            line(out, x, 0.0, x, g.tick);
            line(out, x, height, x, height - g.tick);
        }
    }
    out.push_str("</g>");
}

/// A lane's texts, gathered field by field and written group by group: shades, bit
/// numbers, names, attributes.
#[derive(Default)]
struct LaneTexts {
    blanks: String,
    bits: String,
    names: String,
    attrs: String,
}

/// The part of a field in one lane: its first and last bit's column in the lane, and the
/// bits themselves.
#[derive(Clone, Copy)]
struct Span {
    lsbm: u64,
    msbm: u64,
    lsb: u64,
    msb: u64,
}

/// The part of `f` in lane `index` (of `per_lane` bits), `None` when it has no bit there.
fn span_in_lane(f: &Field, per_lane: u64, index: u64) -> Option<Span> {
    let (lsbm_f, msbm_f) = (f.lsb % per_lane, f.msb % per_lane);
    let mut s = Span {
        lsbm: 0,
        msbm: per_lane - 1,
        lsb: index * per_lane,
        msb: (index + 1) * per_lane - 1,
    };
    if f.lsb / per_lane == index {
        s.lsbm = lsbm_f;
        s.lsb = f.lsb;
        if f.msb / per_lane == index {
            s.msb = f.msb;
            s.msbm = msbm_f;
        }
    } else if f.msb / per_lane == index {
        s.msb = f.msb;
        s.msbm = msbm_f;
    } else if !(s.lsb > f.lsb && s.msb < f.msb) {
        return None;
    }
    Some(s)
}

/// Field `f`'s texts in the lane where it spans `s`: its first and last bit number, its
/// name, its shade and its attributes.
fn field_texts(texts: &mut LaneTexts, f: &Field, c: &Config, g: &Geometry, s: Span) {
    let m = g.per_lane as f64;
    let at = |b: u64| g.step * if c.vflip { b as f64 } else { m - b as f64 - 1.0 };
    let number = |b: u64| (b as i64).saturating_add(c.offset).to_string();
    text(&mut texts.bits, &number(s.lsb), at(s.lsbm), 0.0, None);
    if s.lsbm != s.msbm {
        text(&mut texts.bits, &number(s.msb), at(s.msbm), 0.0, None);
    }
    let mid = (s.msbm + s.lsbm) as f64 / 2.0;
    let x = g.step * if c.vflip { mid } else { m - mid - 1.0 };
    if let Some(name) = &f.name {
        match (name, c.trim) {
            (Label::Text(t), Some(trim)) => text(
                &mut texts.names,
                &trimmed(t, g.step * f.bits as f64, trim),
                x,
                0.0,
                f.rotate,
            ),
            _ => label_at(&mut texts.names, name, x, 0.0, g.step, f.bits, f.rotate),
        }
    }
    if f.name.is_none() || f.kind.is_some() {
        shade(&mut texts.blanks, f, c, g, s);
    }
    if !f.attrs.is_empty() {
        texts.attrs.push_str("<g>");
        for (row, a) in f.attrs.iter().enumerate() {
            if let Some(a) = a {
                let y = c.fontsize * row as f64;
                label_at(&mut texts.attrs, a, x, y, g.step, f.bits, None);
            }
        }
        texts.attrs.push_str("</g>");
    }
}

/// The shade over the bits `s` of field `f` (one without a name, or with a `type`, whose
/// colour it is).
fn shade(out: &mut String, f: &Field, c: &Config, g: &Geometry, s: Span) {
    let m = g.per_lane as f64;
    let rx = g.step
        * if c.vflip {
            s.lsbm as f64
        } else {
            m - s.msbm as f64 - 1.0
        };
    let rw = g.step * (s.msbm - s.lsbm + 1) as f64;
    let fill = f
        .kind
        .and_then(type_colour)
        .map(|c| format!(";fill:{c}"))
        .unwrap_or_default();
    let _ = write!(
        out,
        r#"<rect x="{}" y="0" width="{}" height="{}" style="fill-opacity:0.1{fill}"/>"#,
        n(rx.round()),
        n(rw.round()),
        n(g.height.round())
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(src: &str) -> Result<String> {
        render(&json5::from_str::<Value>(src).unwrap())
    }

    #[test]
    fn draws_names_bits_and_attributes() {
        let s = svg(r#"{reg:[{bits:8,name:"IPO",attr:"RO"},{bits:7},{bits:5,name:"BRK",attr:"RW",type:4}]}"#)
            .unwrap();
        assert!(
            s.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="70""#),
            "{s}"
        );
        for t in [
            ">IPO<", ">RO<", ">BRK<", ">RW<", ">0<", ">7<", ">8<", ">14<", ">15<", ">19<",
        ] {
            assert!(s.contains(t), "{t} missing: {s}");
        }
        assert!(s.contains("fill:#00ffd5"), "{s}");
    }

    #[test]
    fn a_number_name_is_drawn_bit_by_bit() {
        let s = svg("{reg:[{bits:3,name:5}]}").unwrap();
        assert_eq!(s.matches(r#"<text y="6">1</text>"#).count(), 2, "{s}");
    }

    #[test]
    fn lanes_split_the_bits() {
        let s = svg("{reg:[{bits:16,name:'a'},{bits:16,name:'b'}],config:{lanes:2}}").unwrap();
        assert!(
            s.contains(">31<") && s.contains(">16<") && s.contains(">15<"),
            "{s}"
        );
        assert!(s.contains(r#"height="112""#), "{s}");
    }

    #[test]
    fn refusals_say_what() {
        let e = svg("{reg:[{bits:8}],config:{compact:true}}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("compact"), "{e}");
        let e = svg("{reg:[{name:'x'}]}").unwrap_err().to_string();
        assert!(e.contains("bits"), "{e}");
        assert!(svg("{reg:[{bits:100000}]}").is_err());
        assert!(svg("{reg:[{bits:8}],config:{lanes:1e9}}").is_err());
        assert!(svg("{reg:[{bits:4096,name:1,attr:[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}]}").is_err());
    }

    #[test]
    fn text_is_escaped() {
        let s = svg(r#"{reg:[{bits:8,name:"<script>alert(1)</script>",attr:"\" onload=\"x"}],config:{fontfamily:"a\" onload=\"y"}}"#)
            .unwrap();
        assert!(!s.contains("<script") && !s.contains("\" onload"), "{s}");
    }
}
