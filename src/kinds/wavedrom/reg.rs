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
    for key in ["compact", "sparse", "legend", "label", "margin", "uneven"] {
        if o.get(key)
            .is_some_and(|v| !v.is_null() && v != &Value::Bool(false))
        {
            return Err(bad(format!("config.{key} is not supported")));
        }
    }
    let num = |key: &str| {
        o.get(key)
            .and_then(Value::as_f64)
            .filter(|f| f.is_finite())
            .map(f64::round)
    };
    // bit-field: a whole number at least `min`, else the default.
    let at_least = |key: &str, min: f64| num(key).filter(|v| *v >= min);
    let space = limits::MAX_WAVEDROM_REG_SPACE as f64;
    let over = |what: &'static str, v: f64, limit: f64| Error::GraphTooLarge {
        what,
        actual: v.min(u64::MAX as f64) as u64,
        limit: limit as u64,
    };
    let hspace = at_least("hspace", 40.0).unwrap_or(800.0);
    let fontsize = at_least("fontsize", 6.0).unwrap_or(14.0);
    let lanes = at_least("lanes", 1.0).unwrap_or(1.0);
    let bits = at_least("bits", 1.0).unwrap_or(total.max(1) as f64);
    if hspace > space {
        return Err(over("wavedrom reg config.hspace", hspace, space));
    }
    if fontsize > space / 10.0 {
        return Err(over("wavedrom reg config.fontsize", fontsize, space / 10.0));
    }
    if lanes > limits::MAX_WAVEDROM_REG_LANES as f64 {
        return Err(over(
            "wavedrom reg config.lanes",
            lanes,
            limits::MAX_WAVEDROM_REG_LANES as f64,
        ));
    }
    if bits > limits::MAX_WAVEDROM_REG_BITS as f64 {
        return Err(over(
            "wavedrom reg config.bits",
            bits,
            limits::MAX_WAVEDROM_REG_BITS as f64,
        ));
    }
    let attrs = fields.iter().map(|f| f.attrs.len()).max().unwrap_or(0) as f64;
    let vspace = match num("vspace") {
        Some(v) if v != 0.0 => v,
        _ => (attrs + 4.0) * fontsize,
    };
    if vspace < 1.0 {
        return Err(bad(format!("config.vspace is at least 1, not {vspace}")));
    }
    if vspace > space {
        return Err(over("wavedrom reg config.vspace", vspace, space));
    }
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
        hspace,
        vspace,
        lanes: lanes as u64,
        bits: bits as u64,
        fontsize,
        fontfamily: text("fontfamily", "sans-serif"),
        fontweight: text("fontweight", "normal"),
        hflip: truthy("hflip"),
        vflip: truthy("vflip"),
        offset: num("offset").unwrap_or(0.0).clamp(-1e15, 1e15) as i64,
        trim: num("trim").filter(|t| *t > 0.0),
    })
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

fn draw(fields: &[Field], c: &Config) -> String {
    let max_attrs = fields.iter().map(|f| f.attrs.len()).max().unwrap_or(0) as f64;
    let (left, right) = (4.0, 4.0);
    let top = 1.5 * c.fontsize;
    let bottom = c.fontsize * max_attrs + 4.0;
    let width = c.hspace - left - right - 1.0;
    let height = c.vspace - top - bottom;
    let mod_ = c.bits.div_ceil(c.lanes).max(1);
    let m = mod_ as f64;
    let step = width / m;
    let total_w = c.hspace;
    let total_h = c.vspace * c.lanes as f64;
    let lsbs: std::collections::HashSet<u64> = fields.iter().map(|f| f.lsb).collect();
    let tick = if height > 0.0 {
        ((height as u64) >> 3) as f64
    } else {
        0.0
    };

    let mut out = String::with_capacity(4096 + fields.len() * 512);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#,
        w = n(total_w),
        h = n(total_h)
    );
    let _ = write!(
        out,
        r#"<g transform="translate(0.5,0.5)" text-anchor="middle" font-size="{}" font-family="{}" font-weight="{}">"#,
        n(c.fontsize),
        escape_markup(&c.fontfamily),
        escape_markup(&c.fontweight)
    );
    for index in 0..c.lanes {
        let row = if c.hflip { index } else { c.lanes - index - 1 };
        let ty = (row as f64 * c.vspace + top).round();
        let _ = write!(out, r#"<g transform="translate({},{})">"#, n(left), n(ty));

        // The cage: the lane's box, a tick at each bit, a full line where a field starts.
        out.push_str(r#"<g stroke="black" stroke-width="1" stroke-linecap="round">"#);
        line(&mut out, 0.0, 0.0, width, 0.0);
        let side = if c.vflip { width } else { 0.0 };
        line(&mut out, side, 0.0, side, height);
        line(&mut out, 0.0, height, width, height);
        for k in 0..mod_ {
            let i = index * mod_ + k;
            let j = if c.vflip { k } else { mod_ - k } as f64;
            let x = j * width / m;
            if k == 0 || lsbs.contains(&i) {
                line(&mut out, x, 0.0, x, height);
            } else {
                line(&mut out, x, 0.0, x, tick);
                line(&mut out, x, height, x, height - tick);
            }
        }
        out.push_str("</g>");

        // Shades, bit numbers, names, attributes.
        let (mut blanks, mut bits, mut names, mut attrs) =
            (String::new(), String::new(), String::new(), String::new());
        let lane_lsb = index * mod_;
        let lane_msb = (index + 1) * mod_ - 1;
        for f in fields {
            let (lsbm_f, msbm_f) = (f.lsb % mod_, f.msb % mod_);
            let (mut lsbm, mut msbm, mut lsb, mut msb) = (0, mod_ - 1, lane_lsb, lane_msb);
            if f.lsb / mod_ == index {
                lsbm = lsbm_f;
                lsb = f.lsb;
                if f.msb / mod_ == index {
                    msb = f.msb;
                    msbm = msbm_f;
                }
            } else if f.msb / mod_ == index {
                msb = f.msb;
                msbm = msbm_f;
            } else if !(lsb > f.lsb && msb < f.msb) {
                continue;
            }
            let at = |b: u64| {
                step * if c.vflip {
                    b as f64
                } else {
                    m - b as f64 - 1.0
                }
            };
            text(
                &mut bits,
                &(lsb as i64).saturating_add(c.offset).to_string(),
                at(lsbm),
                0.0,
                None,
            );
            if lsbm != msbm {
                text(
                    &mut bits,
                    &(msb as i64).saturating_add(c.offset).to_string(),
                    at(msbm),
                    0.0,
                    None,
                );
            }
            let mid = (msbm + lsbm) as f64 / 2.0;
            let x = step * if c.vflip { mid } else { m - mid - 1.0 };
            if let Some(name) = &f.name {
                match (name, c.trim) {
                    (Label::Text(s), Some(t)) => text(
                        &mut names,
                        &trimmed(s, step * f.bits as f64, t),
                        x,
                        0.0,
                        f.rotate,
                    ),
                    _ => label_at(&mut names, name, x, 0.0, step, f.bits, f.rotate),
                }
            }
            if f.name.is_none() || f.kind.is_some() {
                let rx = step
                    * if c.vflip {
                        lsbm as f64
                    } else {
                        m - msbm as f64 - 1.0
                    };
                let rw = step * (msbm - lsbm + 1) as f64;
                let fill = f
                    .kind
                    .and_then(type_colour)
                    .map(|c| format!(";fill:{c}"))
                    .unwrap_or_default();
                let _ = write!(
                    blanks,
                    r#"<rect x="{}" y="0" width="{}" height="{}" style="fill-opacity:0.1{fill}"/>"#,
                    n(rx.round()),
                    n(rw.round()),
                    n(height.round())
                );
            }
            if !f.attrs.is_empty() {
                attrs.push_str("<g>");
                for (row, a) in f.attrs.iter().enumerate() {
                    if let Some(a) = a {
                        label_at(
                            &mut attrs,
                            a,
                            x,
                            c.fontsize * row as f64,
                            step,
                            f.bits,
                            None,
                        );
                    }
                }
                attrs.push_str("</g>");
            }
        }
        let half = (step / 2.0).round();
        let _ = write!(
            out,
            r#"<g><g>{blanks}</g><g transform="translate({},{})">{bits}</g><g transform="translate({},{})">{names}</g><g transform="translate({},{})">{attrs}</g></g>"#,
            n(half),
            n(-(0.5 * c.fontsize + 4.0).round()),
            n(half),
            n((0.5 * height + 0.4 * c.fontsize - 6.0).round()),
            n(half),
            n((height + 0.7 * c.fontsize - 2.0).round()),
        );
        out.push_str("</g>");
    }
    out.push_str("</g></svg>");
    out
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
