//! The shared vocabulary of the pipeline: what a diagram kind is ([`Spec`]) and does
//! ([`Kind`]), what is asked of it ([`Diagram`]: source, [`Format`], [`Options`]) and what it
//! answers ([`Drawing`], then the pipeline's [`Output`]).
//!
//! Nothing here knows any one kind: a kind's own themes, URL encodings and SVG elements are
//! fields of its [`Spec`]; reading its options and drawing are what its [`Kind`] does. The
//! list of kinds is [`crate::kinds`].

use std::collections::BTreeMap;
use std::fmt;

use crate::error::{Diagnostic, Error, Result};

/// What a kind is: its constant answers, one `pub static SPEC` in its module. A kind states
/// what differs from [`Spec::BASE`] (`Spec { name: "x", ..Spec::BASE }`). Everything that
/// lists kinds (routing, `/health`, the cache key, the editor, the CLI, the WASI shells, the
/// golden tests, the hostile suites) reads these fields, through [`Kind::spec`].
#[derive(Debug)]
pub struct Spec {
    /// The canonical name: URL path segment, Kroki's `diagram_type`, cache key, `/health`;
    /// also its module's name under `src/kinds/` and its line in [`crate::kinds`]'s list.
    pub name: &'static str,
    /// Other names the URL and Kroki's JSON accept (`dot` for `graphviz`). Base: none.
    pub aliases: &'static [&'static str],
    /// What a person calls it, for the editor's menu ("Graphviz DOT").
    pub title: &'static str,
    /// File extensions (without the dot) the CLI reads as this kind; the first is the one
    /// the editor names downloads with, and the golden and corpus cases are named with.
    pub extensions: &'static [&'static str],
    /// The output formats it produces, SVG first. Base: [`Format::PICTURES`].
    pub formats: &'static [Format],
    /// The values `theme=` takes, `light` first (the default; `default` is its alias for
    /// every kind). Base: [`SHARED_THEMES`].
    pub themes: &'static [&'static str],
    /// The engine and its version, as `/health` reports it; part of every cache key.
    pub engine: &'static str,
    /// Prefixes of URL encodings of its own besides Kroki's (mermaid.ink's `pako:`); a path
    /// whose encoded part starts with one is decoded by [`Kind::decode`]. Base: none.
    pub url_prefixes: &'static [&'static str],
    /// Elements its SVG needs past the sanitiser's base list ([`crate::svg::ALLOWED_ELEMENTS`]).
    /// Base: none.
    pub svg_elements: &'static [&'static str],
    /// The editor's starting source when the kind is chosen, and the sample every suite that
    /// needs one source of each kind draws.
    pub example: &'static str,
    /// The editor's gallery entries of this kind. Base: none.
    pub gallery: &'static [Example],
    /// The languages within the kind, where it has several (Mermaid's diagram families), each
    /// with an example: `/health` lists them, the editor offers them in its Example menu.
    /// Base: none.
    pub variants: &'static [Example],
    /// Its hostile families: the sources that grow each of its limits (nesting per bracket,
    /// size, count, expansion, time, memory), each drawn at, just over and far over the limit
    /// by every suite that reads the kinds list (the wasm build in Node, workerd, wasmtime,
    /// the load run). A kind without them fails `kinds::tests`.
    pub families: &'static [Family],
    /// The comment and string forms of its language that may stand before a diagram, each
    /// one holding every bracket and quote its checks might be fooled by (`// "`, `# <`):
    /// every family is drawn again behind each, with the same answers expected.
    pub hiding_prefixes: &'static [&'static str],
}

impl Spec {
    /// What a kind that says nothing else has: the picture formats, the shared themes, and
    /// none of the lists. `name`, `title`, `extensions`, `engine` and `example` are empty
    /// here and must be given (`kinds::tests` checks them).
    pub const BASE: Spec = Spec {
        name: "",
        aliases: &[],
        title: "",
        extensions: &[],
        formats: Format::PICTURES,
        themes: SHARED_THEMES,
        engine: "",
        url_prefixes: &[],
        svg_elements: &[],
        example: "",
        gallery: &[],
        variants: &[],
        families: &[],
        hiding_prefixes: &[],
    };
}

/// What a kind does: one module under `src/kinds/`, one line in [`crate::kinds`]'s list. Its
/// constant answers are its [`Spec`]; the methods here are what runs.
pub trait Kind: Sync {
    /// Its constant answers (its module's `SPEC`).
    fn spec(&self) -> &'static Spec;
    /// Draws `diagram` (of this kind): the SVG of a picture format, before the sanitiser and
    /// the shared theme pass, or the text of a text format.
    fn draw(&self, diagram: &Diagram) -> Result<Drawing>;
    /// Checks an option this kind reads (`name` is lower case) and returns its normalised
    /// value, `None` for an option it does not read (ignored, as Kroki ignores unknown
    /// options), or an error for a bad value. The shared options (`theme`, `scale`,
    /// `background`) never reach it. Default: reads none.
    fn option(&self, name: &str, value: &str) -> Result<Option<String>> {
        let _ = (name, value);
        Ok(None)
    }
    /// Decodes an encoded diagram that starts with one of [`Spec::url_prefixes`].
    fn decode(&self, encoded: &str) -> Result<String> {
        Err(Error::Encoding(format!(
            "'{}' is not an encoding {} reads",
            crate::error::excerpt(encoded),
            self.spec().name
        )))
    }
    /// A source that is not UTF-8, where the language defines how to read it (a Graphviz
    /// graph that declares `charset=latin1`). Default: refused, at the first bad byte.
    fn source_from_bytes(&self, bytes: &[u8]) -> Result<String> {
        Err(crate::encoding::not_utf8(bytes))
    }
}

/// Each field of a kind's [`Spec`] as a method of the kind (`kind.name()`, `kind.formats()`),
/// which is how callers ask.
macro_rules! spec_fields {
    ($($field:ident: $ty:ty),* $(,)?) => {
        impl<'a> dyn Kind + 'a {
            $(
                #[doc = concat!("[`Spec::", stringify!($field), "`].")]
                pub fn $field(&self) -> $ty {
                    self.spec().$field
                }
            )*
        }
    };
}

spec_fields! {
    name: &'static str,
    aliases: &'static [&'static str],
    title: &'static str,
    extensions: &'static [&'static str],
    formats: &'static [Format],
    themes: &'static [&'static str],
    engine: &'static str,
    url_prefixes: &'static [&'static str],
    svg_elements: &'static [&'static str],
    example: &'static str,
    gallery: &'static [Example],
    variants: &'static [Example],
    families: &'static [Family],
    hiding_prefixes: &'static [&'static str],
}

/// A hostile family: sources made by `make(n)` that grow one of a kind's limits with `n`.
/// Drawn with `POST /{kind}/{format}?{query}`: at `at` it must draw (200), at `over` and `far`
/// be refused with a 4xx (`over_status` just over, when the family knows it) — never a 5xx or
/// a trap, in any host.
#[derive(Debug, Clone, Copy)]
pub struct Family {
    pub name: &'static str,
    pub format: Format,
    /// The query string (options), without `?`; may be empty.
    pub query: &'static str,
    pub make: fn(usize) -> String,
    /// The largest `n` accepted, if any is.
    pub at: Option<usize>,
    /// The smallest `n` refused (usually `at + 1`), if the family has one.
    pub over: Option<usize>,
    /// Far over the limit (another limit, or the parser, may refuse first).
    pub far: Option<usize>,
    /// The status just over the limit, where it is the limit's own.
    pub over_status: Option<u16>,
    /// Drawn again as PDF at its limit (the largest drawings of each kind).
    pub as_pdf: bool,
    /// A source that Kroki's JSON carries rather than the kind's text (the request's own
    /// families); `false` for every kind's.
    pub json: bool,
}

impl Family {
    /// A family with its limit at `at`, refused from `at + 1`, far over at `far`.
    pub const fn new(name: &'static str, format: Format, make: fn(usize) -> String) -> Family {
        Family {
            name,
            format,
            query: "",
            make,
            at: None,
            over: None,
            far: None,
            over_status: None,
            as_pdf: false,
            json: false,
        }
    }

    /// Accepted up to `at`, refused from `at + 1` with `status`, and at `far`.
    pub const fn limit(self, at: usize, status: u16, far: usize) -> Family {
        Family {
            at: Some(at),
            over: Some(at + 1),
            over_status: Some(status),
            far: Some(far),
            ..self
        }
    }

    pub const fn query(self, query: &'static str) -> Family {
        Family { query, ..self }
    }

    /// Refused from `over` (not `at + 1`).
    pub const fn over(self, over: Option<usize>) -> Family {
        Family { over, ..self }
    }

    /// Any 4xx just over (the limit's own status is not known).
    pub const fn any_status(self) -> Family {
        Family {
            over_status: None,
            ..self
        }
    }

    /// Its cases: `(label, n, whether it must draw)`, at, just over and far over the limit.
    pub fn cases(&self) -> Vec<(&'static str, usize, bool)> {
        let mut out = Vec::new();
        out.extend(self.at.map(|n| ("at the limit", n, true)));
        out.extend(self.over.map(|n| ("just over", n, false)));
        out.extend(self.far.map(|n| ("far over", n, false)));
        out
    }

    pub const fn as_pdf(self) -> Family {
        Family {
            as_pdf: true,
            ..self
        }
    }
}

impl fmt::Debug for dyn Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl PartialEq for dyn Kind {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Eq for dyn Kind {}

/// `light`, `dark` and `auto`: the themes of the shared theme pass ([`crate::theme`]).
pub const SHARED_THEMES: &[&str] = &["light", "dark", "auto"];

/// Colour scheme of an SVG or bitmap, as the shared theme pass ([`crate::theme`])
/// draws it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// As drawn: Graphviz's own black on white.
    #[default]
    Light,
    /// The default black-on-white palette recoloured light-on-dark; explicit colours stay.
    Dark,
    /// One SVG that follows the reader's `prefers-color-scheme` (a `<style>` media query).
    /// A bitmap has no reader preference: it is drawn light.
    Auto,
}

impl Theme {
    /// The theme of one of [`SHARED_THEMES`].
    pub fn named(name: &str) -> Option<Theme> {
        match name {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            "auto" => Some(Theme::Auto),
            _ => None,
        }
    }

    /// What a bitmap is drawn in: `auto` draws light.
    pub fn for_bitmap(self) -> Theme {
        match self {
            Theme::Auto => Theme::Light,
            t => t,
        }
    }
}

/// One example of the editor's gallery.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// Unique within its kind (the editor names it `KIND-NAME`).
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub source: &'static str,
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Svg,
    Png,
    /// The PNG's pixels on white (JPEG has no transparency), as Graphviz's `-Tjpeg`.
    Jpeg,
    /// One page of vectors and text, drawn from the same SVG as the PNG ([`crate::pdf`]).
    Pdf,
    /// Graphviz `-Tjson` (layout and attributes as JSON), and `json0` (without `_draw_` ops).
    Json,
    Json0,
    /// Graphviz `-Tdot`/`-Tgv` (the input with layout attributes), `xdot`, `canon` (the input
    /// normalised, no layout), `plain` and `plain-ext` (line-oriented layout).
    Dot,
    Xdot,
    Canon,
    Plain,
    PlainExt,
}

impl Format {
    /// Every format, in the order error messages list them.
    pub const ALL: &'static [Format] = &[
        Format::Svg,
        Format::Png,
        Format::Jpeg,
        Format::Pdf,
        Format::Json,
        Format::Json0,
        Format::Dot,
        Format::Xdot,
        Format::Canon,
        Format::Plain,
        Format::PlainExt,
    ];
}

impl Format {
    /// The format named in a URL path or Kroki's `output_format`, if `kind` produces it.
    pub fn parse(name: &str, kind: &dyn Kind) -> Result<Format> {
        match Format::named(name) {
            Some(f) if kind.formats().contains(&f) => Ok(f),
            _ => Err(Format::unsupported(crate::error::excerpt(name), kind)),
        }
    }

    /// The error for a format `kind` does not produce, listing those it does.
    pub fn unsupported(asked: String, kind: &dyn Kind) -> Error {
        Error::UnsupportedFormat {
            format: asked,
            supported: kind
                .formats()
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The format `name` names, whatever the diagram kind: any case, and the aliases `gv`
    /// (`dot`) and `jpg` (`jpeg`).
    pub fn named(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        let lower = match lower.as_str() {
            "gv" => "dot",
            "jpg" => "jpeg",
            other => other,
        };
        Format::ALL.iter().copied().find(|f| f.name() == lower)
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Jpeg => "jpeg",
            Format::Pdf => "pdf",
            Format::Json => "json",
            Format::Json0 => "json0",
            Format::Dot => "dot",
            Format::Xdot => "xdot",
            Format::Canon => "canon",
            Format::Plain => "plain",
            Format::PlainExt => "plain-ext",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Svg => "image/svg+xml",
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
            Format::Pdf => "application/pdf",
            Format::Json | Format::Json0 => "application/json",
            Format::Dot | Format::Xdot | Format::Canon => "text/vnd.graphviz; charset=utf-8",
            Format::Plain | Format::PlainExt => "text/plain; charset=utf-8",
        }
    }

    /// Whether the output is a picture (SVG, PNG, JPEG or PDF), to which themes and
    /// backgrounds apply.
    pub fn is_image(self) -> bool {
        matches!(self, Format::Svg | Format::Png | Format::Jpeg | Format::Pdf)
    }

    /// The formats every kind that draws an SVG serves: the SVG and what is drawn from it.
    pub const PICTURES: &'static [Format] = &[Format::Svg, Format::Png, Format::Jpeg, Format::Pdf];

    /// The formats of a kind that becomes a Graphviz graph: the pictures, and the generated
    /// Graphviz source (`dot`), to tweak and render as `graphviz`.
    pub const GENERATED_GRAPH: &'static [Format] = &[
        Format::Svg,
        Format::Png,
        Format::Jpeg,
        Format::Pdf,
        Format::Dot,
    ];

    /// Whether the output is a bitmap drawn from the SVG (PNG or JPEG).
    pub fn is_bitmap(self) -> bool {
        matches!(self, Format::Png | Format::Jpeg)
    }
}

/// Options that change the output, normalised: only options the kind reads, values checked.
/// Unknown options are ignored, as Kroki does, and so never split the cache.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// `theme`: one of the kind's [`Spec::themes`]. Default: `light`.
    pub theme: &'static str,
    /// `scale`: bitmap device-pixel ratio, from 0.1 to [`crate::limits::MAX_SCALE`].
    /// Default: 1.
    pub scale: f64,
    /// `background`: a colour or `transparent` (checked to be harmless, not to be a colour
    /// the kind knows). Default: the kind's own.
    pub background: Option<String>,
    /// The kind's own options (`layout`, `graph-attribute-rankdir`, `wit-detail`...), by
    /// lower-case name, as [`Kind::option`] normalised them. Default: none.
    pub values: BTreeMap<String, String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            theme: SHARED_THEMES[0],
            scale: 1.0,
            background: None,
            values: BTreeMap::new(),
        }
    }
}

impl Eq for Options {}

impl Options {
    /// A kind's option, if given.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// A canonical text form: equal options give equal text (used in cache keys).
    pub fn canonical(&self) -> String {
        let mut out = format!("theme={}\nscale={}\n", self.theme, self.scale);
        let background = self.background.iter().map(|b| ("background", b));
        for (k, v) in background.chain(self.values.iter().map(|(k, v)| (k.as_str(), v))) {
            // Length-prefixed so that no value can forge another entry.
            out.push_str(&format!("{k}={}:{v}\n", v.len()));
        }
        out
    }
}

/// One diagram to draw: everything the output depends on. Built, checked, in one place for
/// every host: [`crate::request::diagram`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagram {
    pub kind: &'static dyn Kind,
    pub format: Format,
    pub source: String,
    pub options: Options,
}

/// What a kind drew, before the shared stages.
#[derive(Debug, Clone)]
pub struct Drawing {
    pub content: Content,
    /// The shared recolouring still to apply to the SVG ([`crate::theme`]): a kind that
    /// themes its own drawing answers [`Theme::Light`].
    pub theme: Theme,
    /// The bitmap's size over the SVG's own size in CSS pixels, at `scale=1`: 1 (Graphviz's
    /// 96 dpi, Mermaid's CSS pixels), or 0.75 for a Graphviz graph that sets its own `dpi`
    /// (its SVG is already scaled to it: one pixel per point). Not visible in the SVG bytes.
    pub raster_scale: f64,
    /// What the engine reported while still drawing (lost edges, unknown attributes...),
    /// one line each.
    pub diagnostics: Vec<Diagnostic>,
}

/// The body of a [`Drawing`].
#[derive(Debug, Clone)]
pub enum Content {
    /// An SVG document as the kind wrote it (unsafe until [`crate::pipeline::lay_out`] has
    /// sanitised it).
    Svg(String),
    /// A text format (Graphviz's `json`, `dot`...), served as it is.
    Text(String),
}

/// A finished drawing, as served.
#[derive(Debug, Clone)]
pub struct Output {
    pub bytes: Vec<u8>,
    /// What the engine reported while still drawing (lost edges, unknown attributes...).
    pub diagnostics: Vec<Diagnostic>,
}
