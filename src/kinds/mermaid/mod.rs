//! The `mermaid` diagram type: Mermaid rendered in wasm, without a browser.
//!
//! [`to_svg`] is the one place that calls the Mermaid engine (`merman`, a headless Rust port
//! of Mermaid 12, pinned). Its resvg-safe SVG pipeline draws labels as SVG text (never HTML
//! in `foreignObject`), so the same SVG shows in an `<img>`, in every browser and in resvg,
//! which draws the PNG with edgeviz's embedded fonts ([`crate::raster`]). The SVG then goes
//! through edgeviz's own sanitiser like every other picture.
//!
//! Untrusted input: merman's `constrained` resource profile ("untrusted or publicly
//! submitted documents") with edgeviz's tighter caps from [`limits`], and
//! `securityLevel: strict` (no click callbacks, no HTML labels) as the site configuration,
//! which `%%{init}%%` directives cannot lift.

mod hostile;
pub mod limits;

use std::collections::HashMap;
use std::sync::Mutex;

use merman::render::RenderTarget;
use merman::resources::{InputResourceLimitId, InputResourcePolicy, ResourceProfile};
use merman::svg::{
    DeterministicTextMeasurer, MeasurementProfileId, RenderResourcePolicy,
    RootBackgroundPostprocessor, SvgPipeline, SvgRenderOptions, TextMeasurementPolicy,
    TextMeasurementProfile, TextMeasurementProfileIdentity, TextStyle,
};
use merman::{
    Engine, MermaidConfig, OperationControl, RenderError, RenderOutput, RenderRequest, Renderer,
    SvgEnvironment, SvgRequest,
};

use resvg::usvg::fontdb;

use crate::diagram::{Content, Diagram, Drawing, Example, Format, Kind, Spec, Theme};
use crate::encoding;
use crate::error::{Error, Position, Result};
use crate::{fonts, svg};

pub struct Mermaid;

pub static KIND: Mermaid = Mermaid;

pub static SPEC: Spec = Spec {
    name: "mermaid",
    title: "Mermaid",
    extensions: &["mmd", "mermaid"],
    // edgeviz's `light` is Mermaid's `default`; `neutral` and `forest` are Mermaid's own.
    themes: &["light", "dark", "auto", "neutral", "forest"],
    engine: ENGINE_VERSION,
    // The Mermaid Live Editor's and mermaid.ink's links.
    url_prefixes: &["pako:", "base64:"],
    svg_elements: SVG_ELEMENTS,
    example: GALLERY[0].source,
    gallery: GALLERY,
    variants: FAMILIES,
    families: hostile::FAMILIES,
    hiding_prefixes: hostile::HIDING_PREFIXES,
    ..Spec::BASE
};

impl Kind for Mermaid {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn draw(&self, diagram: &Diagram) -> Result<Drawing> {
        draw(diagram)
    }

    fn decode(&self, encoded: &str) -> Result<String> {
        decode_mermaid_ink(encoded)
    }
}

/// Every Mermaid family shipped (Cargo.toml's merman features), with an example each: the
/// editor's Example menu, `/health`'s `variants`.
const FAMILIES: &[Example] = &[
    family("flowchart", "Flowchart", include_str!("examples/families/flowchart.mmd")),
    family("sequence", "Sequence diagram", include_str!("examples/families/sequence.mmd")),
    family("class", "Class diagram", include_str!("examples/families/class.mmd")),
    family("state", "State diagram", include_str!("examples/families/state.mmd")),
    family("er", "Entity relationship", include_str!("examples/families/er.mmd")),
    family("gantt", "Gantt chart", include_str!("examples/families/gantt.mmd")),
    family("pie", "Pie chart", include_str!("examples/families/pie.mmd")),
    family("mindmap", "Mindmap", include_str!("examples/families/mindmap.mmd")),
    family("timeline", "Timeline", include_str!("examples/families/timeline.mmd")),
    family("gitgraph", "Git graph", include_str!("examples/families/gitgraph.mmd")),
    family("c4", "C4", include_str!("examples/families/c4.mmd")),
    family("architecture", "Architecture", include_str!("examples/families/architecture.mmd")),
    family("block", "Block diagram", include_str!("examples/families/block.mmd")),
    family("sankey", "Sankey", include_str!("examples/families/sankey.mmd")),
    family("xychart", "XY chart", include_str!("examples/families/xychart.mmd")),
    family("quadrant", "Quadrant chart", include_str!("examples/families/quadrant.mmd")),
    family("requirement", "Requirement diagram", include_str!("examples/families/requirement.mmd")),
    family("kanban", "Kanban", include_str!("examples/families/kanban.mmd")),
    family("packet", "Packet", include_str!("examples/families/packet.mmd")),
    family("radar", "Radar", include_str!("examples/families/radar.mmd")),
    family("treemap", "Treemap", include_str!("examples/families/treemap.mmd")),
    family("journey", "User journey", include_str!("examples/families/journey.mmd")),
    family("venn", "Venn", include_str!("examples/families/venn.mmd")),
    family("ishikawa", "Ishikawa", include_str!("examples/families/ishikawa.mmd")),
    family("wardley", "Wardley map", include_str!("examples/families/wardley.mmd")),
    family("event-modeling", "Event modeling", include_str!("examples/families/event-modeling.mmd")),
    family("tree-view", "Tree view", include_str!("examples/families/tree-view.mmd")),
    family("agentflow", "Agent flow", include_str!("examples/families/agentflow.mmd")),
    family("cynefin", "Cynefin", include_str!("examples/families/cynefin.mmd")),
    family("info", "Info", include_str!("examples/families/info.mmd")),
    family("railroad", "Railroad", include_str!("examples/families/railroad.mmd")),
    family("swimlane", "Swimlane", include_str!("examples/families/swimlane.mmd")),
    family("usecase", "Use case", include_str!("examples/families/usecase.mmd")),
    family("zenuml", "ZenUML", include_str!("examples/families/zenuml.mmd")),
];

const fn family(name: &'static str, title: &'static str, source: &'static str) -> Example {
    Example {
        name,
        title,
        description: "",
        source,
    }
}

const GALLERY: &[Example] = &[
    Example {
        name: "flow",
        title: "Mermaid: flowchart",
        description: "Mermaid rendered in wasm, no browser",
        source: include_str!("examples/flow.mmd"),
    },
    Example {
        name: "seq",
        title: "Mermaid: sequence",
        description: "a request through the edge cache",
        source: include_str!("examples/seq.mmd"),
    },
];

/// The elements Mermaid's resvg-safe SVG (merman) writes besides Graphviz's: lines, markers,
/// clip paths, patterns, symbols, `use` (labels are defined once and used; its `href`
/// must be a reference into the same document, see `crate::svg`'s `keep_attribute`), and the filter
/// primitives of its drop shadows — none that can load anything (never `feImage`, and any
/// `href` on them must stay inside the document).
const SVG_ELEMENTS: &[&str] = &[
    "line",
    "marker",
    "clipPath",
    "pattern",
    "symbol",
    "use",
    "filter",
    "feGaussianBlur",
    "feOffset",
    "feFlood",
    "feComposite",
    "feMerge",
    "feMergeNode",
    "feBlend",
    "feColorMatrix",
    "feDropShadow",
];


/// The Mermaid engine, as pinned in Cargo.toml.
pub const ENGINE_VERSION: &str = "merman 0.9.3 (Mermaid 12.1)";

/// Mermaid's own themes, chosen with `theme=` (edgeviz's `light` is Mermaid's `default`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MermaidTheme {
    Default,
    Neutral,
    Dark,
    Forest,
}

impl MermaidTheme {
    fn name(self) -> &'static str {
        match self {
            MermaidTheme::Default => "default",
            MermaidTheme::Neutral => "neutral",
            MermaidTheme::Dark => "dark",
            MermaidTheme::Forest => "forest",
        }
    }
}

/// Draws a Mermaid diagram as SVG (for SVG and the bitmaps). `theme=auto` is honoured in SVG
/// by drawing the diagram twice, in Mermaid's `default` and `dark` themes, in one document
/// whose style shows the one the reader's `prefers-color-scheme` asks for; a bitmap is drawn
/// `default`.
fn draw(diagram: &Diagram) -> Result<Drawing> {
    let theme = match diagram.options.theme {
        "dark" => MermaidTheme::Dark,
        "neutral" => MermaidTheme::Neutral,
        "forest" => MermaidTheme::Forest,
        _ => MermaidTheme::Default,
    };
    let source = &diagram.source;
    check_words(source)?;
    // `background=` as for Graphviz; Mermaid's dark theme is drawn for a dark page, so
    // without one it gets the theme's own background (#333), else it would be dark on white.
    let background = |t| match &diagram.options.background {
        Some(b) if b.eq_ignore_ascii_case("transparent") => None,
        Some(b) => Some(b.clone()),
        None if t == MermaidTheme::Dark => Some(DARK_BACKGROUND.to_string()),
        None => None,
    };
    let draw = |t, id| to_svg(source, t, id, background(t).as_deref());
    let text = if diagram.options.theme == "auto" && diagram.format == Format::Svg {
        let light = draw(MermaidTheme::Default, "edgeviz-light")?;
        let dark = draw(MermaidTheme::Dark, "edgeviz-dark")?;
        both(&light, &dark)
    } else {
        draw(theme, "edgeviz")?
    };
    Ok(Drawing {
        content: Content::Svg(text),
        // Mermaid's themes are drawn by Mermaid.
        theme: Theme::Light,
        // Mermaid's SVG is in CSS pixels: one pixel each at scale 1.
        raster_scale: 1.0,
        diagnostics: Vec::new(),
    })
}

/// Decodes the forms links from the Mermaid Live Editor and mermaid.ink use: `pako:` then
/// base64 (either alphabet) of a zlib stream of the editor's JSON state (`{"code": ...}`), or
/// `base64:` then base64 of the source (or of that JSON). Called only for an `encoded` with
/// one of those prefixes ([`Kind::url_prefixes`]); without one it is an encoding error.
fn decode_mermaid_ink(encoded: &str) -> Result<String> {
    use base64::Engine as _;
    let encoded = encoding::percent_decode(encoded);
    let (compressed, data) = if let Some(d) = encoded.strip_prefix("pako:") {
        (true, d)
    } else if let Some(d) = encoded.strip_prefix("base64:") {
        (false, d)
    } else {
        return Err(Error::Encoding(
            "expected pako: or base64: (mermaid.ink's links)".into(),
        ));
    };
    if data.len() > crate::limits::MAX_URL_BYTES {
        return Err(Error::TooLarge {
            what: crate::limits::URL_WHAT,
            actual: data.len() as u64,
            limit: crate::limits::MAX_URL_BYTES as u64,
        });
    }
    let normal: String = data
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(normal)
        .map_err(|e| Error::Encoding(format!("not base64 after the mermaid.ink prefix: {e}")))?;
    let text = encoding::utf8(if compressed {
        encoding::inflate_zlib(&bytes)?
    } else {
        bytes
    })?;
    // The Live Editor's state is JSON with the source in `code`; plain text is the source.
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(state)) => match state.get("code") {
            Some(serde_json::Value::String(code)) => Ok(code.clone()),
            _ => Err(Error::Encoding(
                "the Mermaid Live Editor state has no \"code\" string".into(),
            )),
        },
        _ if compressed => Err(Error::Encoding(
            "after pako: the Mermaid Live Editor's JSON state was expected".into(),
        )),
        _ => Ok(text),
    }
}

/// One SVG holding a light and a dark drawing of the same diagram, showing one of them as
/// `prefers-color-scheme` says (each drawing's ids and CSS are scoped to its own id).
fn both(light: &str, dark: &str) -> String {
    let mut out = String::from("<svg xmlns=\"http://www.w3.org/2000/svg\"");
    if let Some((_, root)) = root_tag(light) {
        for attr in ["width", "height", "viewBox"] {
            if let Some(v) = svg::attr_value(root, attr) {
                out.push_str(&format!(" {attr}=\"{v}\""));
            }
        }
    }
    out.push_str(
        "><style>#edgeviz-dark{display:none}@media (prefers-color-scheme: dark){#edgeviz-light{display:none}#edgeviz-dark{display:inline}}</style>",
    );
    for svg in [light, dark] {
        // The inner documents without their XML declarations.
        out.push_str(&svg[svg.find("<svg").unwrap_or(0)..]);
    }
    out.push_str("</svg>");
    out
}

/// Mermaid's dark theme's `background` theme variable.
const DARK_BACKGROUND: &str = "#333";

/// The diagram families shipped (every merman feature, Cargo.toml), by the keyword that
/// starts each (merman's detectors), for the message that lists them.
pub const SHIPPED: &[&str] = &[
    "flowchart",
    "graph",
    "sequenceDiagram",
    "classDiagram",
    "stateDiagram",
    "erDiagram",
    "gantt",
    "pie",
    "mindmap",
    "timeline",
    "gitGraph",
    "C4Context",
    "architecture",
    "block",
    "sankey",
    "xychart",
    "quadrantChart",
    "requirement",
    "kanban",
    "packet",
    "radar-beta",
    "treemap",
    "journey",
    "venn-beta",
    "ishikawa",
    "wardley-beta",
    "eventmodeling",
    "treeView-beta",
    "agentflow-beta",
    "cynefin-beta",
    "info",
    "railroad-beta",
    "swimlane-beta",
    "usecase-beta",
    "zenuml",
];

/// Renders Mermaid `source` to an SVG document in `theme`, labelled with `id` (element ids
/// and CSS are scoped to it, so that two drawings can share one document). [`draw`] has
/// checked the source's words first.
fn to_svg(source: &str, theme: MermaidTheme, id: &str, background: Option<&str>) -> Result<String> {
    match to_svg_in(source, theme, id, background, FONT_FAMILY) {
        // merman 0.9.3's use-case renderer writes the family into a CSS custom property that
        // its own style check then reads as an unclosed string when the family is quoted
        // (every use-case diagram failed with Mermaid's default family). The same family,
        // unquoted (`trebuchet ms` is a valid unquoted family name), draws the same.
        Err(Error::Layout { message, .. }) if message.contains(UNCLOSED_CSS) => {
            to_svg_in(source, theme, id, background, FONT_FAMILY_UNQUOTED)
        }
        other => other,
    }
}

/// Mermaid's default `fontFamily`.
const FONT_FAMILY: &str = "\"trebuchet ms\", verdana, arial, sans-serif";
/// The same, without the quotes (see [`to_svg`]).
const FONT_FAMILY_UNQUOTED: &str = "trebuchet ms, verdana, arial, sans-serif";
/// What merman's SVG check says of the quoted family in a use-case diagram's style.
const UNCLOSED_CSS: &str = "invalid <style> content: unclosed CSS string";

fn to_svg_in(
    source: &str,
    theme: MermaidTheme,
    id: &str,
    background: Option<&str>,
    font_family: &str,
) -> Result<String> {
    let site = MermaidConfig::from_value(serde_json::json!({
        "theme": theme.name(),
        "securityLevel": "strict",
        "htmlLabels": false,
        "flowchart": { "htmlLabels": false },
        "fontFamily": font_family,
    }));
    let input = InputResourcePolicy::for_profile(ResourceProfile::Constrained)
        .with_limit(
            InputResourceLimitId::MaxModelItems,
            limits::MAX_MERMAID_ITEMS,
        )
        .and_then(|p| {
            p.with_limit(
                InputResourceLimitId::MaxModelTextBytes,
                limits::MAX_MERMAID_TEXT_BYTES,
            )
        })
        .and_then(|p| {
            p.with_limit(
                InputResourceLimitId::MaxModelNestingDepth,
                limits::MAX_MERMAID_NESTING,
            )
        })
        .map_err(|e| Error::Internal(format!("merman input limits: {e}")))?;
    // merman's `constrained` render budget as it is: 125,000 layout work units, 125,000 SVG
    // elements, 12 MiB of SVG (the largest allowed chart is measured in bench/RESULTS.md).
    let render_limits = RenderResourcePolicy::constrained()
        .with_limit(
            merman::svg::ResourceLimitId::Render(
                merman::svg::RenderResourceLimitId::MaxLayoutWorkUnits,
            ),
            limits::MAX_MERMAID_LAYOUT_WORK,
        )
        .map_err(|e| Error::Internal(format!("merman render limits: {e}")))?;
    let renderer = Renderer::new()
        .with_engine(Engine::new().with_site_config(site))
        .with_resource_policy(input);
    let request = SvgRequest {
        environment: SvgEnvironment::deterministic()
            .with_text_measurement_policy(embedded_font_measurement()?)
            .with_resource_policy(render_limits),
        pipeline: Some(match background {
            Some(colour) => SvgPipeline::resvg_safe()
                .with_postprocessor(RootBackgroundPostprocessor::new(colour)),
            None => SvgPipeline::resvg_safe(),
        }),
        options: SvgRenderOptions {
            diagram_id: Some(id.to_string()),
            ..Default::default()
        },
        ..Default::default()
    };
    let output = renderer
        .render(RenderRequest::new(
            source,
            RenderTarget::Svg(request),
            OperationControl::new(),
        ))
        .map_err(|e| error(source, e))?;
    match output {
        RenderOutput::Svg(Some(svg)) => {
            let svg = fitted_labels(&sized(svg.into_parts().0));
            Ok(centred_use_case_labels(&centred_edge_labels(&svg)))
        }
        RenderOutput::Svg(None) => Err(no_diagram()),
        _ => Err(Error::Internal("merman answered another target".into())),
    }
}

/// Refuses a word longer than [`limits::MAX_MERMAID_WORD_BYTES`], outside comment and
/// directive lines (`%%`), at the position where it starts.
fn check_words(source: &str) -> Result<()> {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        if !line.trim_start().starts_with("%%") {
            let mut word_start = None;
            for (i, c) in line.char_indices() {
                match (c.is_whitespace(), word_start) {
                    (true, _) => word_start = None,
                    (false, None) => word_start = Some(i),
                    (false, Some(start))
                        if i + c.len_utf8() - start > limits::MAX_MERMAID_WORD_BYTES =>
                    {
                        return Err(Error::WordTooLong {
                            limit: limits::MAX_MERMAID_WORD_BYTES as u64,
                            position: Position::at(source, offset + start),
                            why: "Mermaid wraps labels between words",
                        });
                    }
                    _ => {}
                }
            }
        }
        offset += line.len();
    }
    Ok(())
}

/// Text measured with the faces edgeviz draws it with. Mermaid sizes every box, edge label
/// and wrap by the width of its text, which a browser measures with its fonts; merman keeps
/// Mermaid's wrapping and line heights and asks [`text_width`] for widths. The PNG is drawn
/// with these very faces, and an SVG reader with Arial or a metric clone sees the same widths
/// (one with Mermaid's own Trebuchet MS draws close to them, not exactly).
fn embedded_font_measurement() -> Result<TextMeasurementPolicy> {
    let identity = MeasurementProfileId::new("edgeviz.embedded-fonts")
        .and_then(|id| {
            TextMeasurementProfileIdentity::new(id, concat!("edgeviz@", env!("CARGO_PKG_VERSION")))
        })
        .map_err(|e| Error::Internal(format!("text measurement profile: {e}")))?;
    let db = fonts::database();
    let measured = Mutex::new(Measured::default());
    let measurer = DeterministicTextMeasurer::default()
        .with_width_callback(move |text, style| text_width(&db, text, style, &measured));
    Ok(TextMeasurementPolicy::uniform(TextMeasurementProfile::new(
        identity, measurer,
    )))
}

/// The advance width of one line of `text` in CSS pixels, shaped (kerning, ligatures) as
/// resvg shapes it, in the face [`crate::raster`] picks for `style` ([`fonts::face`] of the
/// first family of the CSS list, mapped by [`fonts::family_for`]). Characters the face lacks
/// are measured in the first embedded face that has them, as resvg falls back.
fn text_width(
    db: &fontdb::Database,
    text: &str,
    style: &TextStyle,
    measured: &Mutex<Measured>,
) -> f64 {
    let family = style
        .font_family
        .as_deref()
        .and_then(|list| list.split(',').next())
        .map(|f| fonts::family_for(f.trim().trim_matches(['"', '\''])))
        .unwrap_or(fonts::SANS);
    let weight = match style.font_weight.as_deref().map(str::trim) {
        Some("bold" | "bolder") => 700,
        Some(w) => w.parse::<u16>().unwrap_or(400),
        None => 400,
    };
    let italic = style
        .font_style
        .as_deref()
        .is_some_and(|s| s.contains("italic") || s.contains("oblique"));
    let size = if style.font_size.is_finite() && style.font_size > 0.0 {
        style.font_size
    } else {
        16.0
    };
    let Some(face) = fonts::face(db, family, weight, italic) else {
        return 0.6 * size * text.chars().count() as f64;
    };
    // One render measures on one thread: the lock is held throughout.
    let mut m = measured.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(em) = m.known.get(&face).and_then(|k| k.get(text)) {
        return em * size;
    }
    if !m.spend(text.len()) {
        return ESTIMATED_EM_PER_BYTE * text.len() as f64 * size;
    }
    let (mut em, missing) = db
        .with_face_data(face, |data, index| shaped_width_em(data, index, text))
        .flatten()
        .unwrap_or((0.6 * text.chars().count() as f64, Vec::new()));
    for c in missing {
        em += match m.fallback.get(&(face, c)).copied() {
            Some(known) => known,
            // Looking through the faces costs about as much as shaping a kilobyte.
            None if m.spend(FALLBACK_SEARCH_BYTES) => {
                let found = fallback_width_em(db, face, c);
                m.fallback.insert((face, c), found);
                found
            }
            None => ESTIMATED_EM_PER_BYTE * c.len_utf8() as f64,
        };
    }
    let known: usize = m.known.values().map(HashMap::len).sum();
    if text.len() <= MAX_KNOWN_TEXT && known < MAX_KNOWN_WIDTHS {
        m.known.entry(face).or_default().insert(text.to_owned(), em);
    }
    em * size
}

/// What one render has measured. Wrapping probes ask for the same words and prefixes again
/// and again: short texts' widths are kept, in ems of their face (sizes scale), and each
/// character found in a fallback face is looked for once. Shaping costs ~30 ns a byte, and
/// merman re-measures what is left of an unbroken word after each cut, so a huge word costs
/// its length squared: past [`limits::MAX_MERMAID_SHAPED_TEXT_BYTES`] shaped in one render,
/// widths are estimated from the byte count instead (generously: such text still fits).
#[derive(Default)]
struct Measured {
    known: HashMap<fontdb::ID, HashMap<String, f64>>,
    /// Widths in ems of characters a face lacks, measured in a fallback face.
    fallback: HashMap<(fontdb::ID, char), f64>,
    shaped_bytes: usize,
}

impl Measured {
    /// Counts `bytes` of shaping against the budget; false (nothing counted) past it.
    fn spend(&mut self, bytes: usize) -> bool {
        let within = self.shaped_bytes + bytes <= limits::MAX_MERMAID_SHAPED_TEXT_BYTES;
        if within {
            self.shaped_bytes += bytes;
        }
        within
    }
}

const MAX_KNOWN_TEXT: usize = 256;
/// What looking for a character through the fallback faces counts against the budget.
const FALLBACK_SEARCH_BYTES: usize = 1024;
const MAX_KNOWN_WIDTHS: usize = 1 << 14;
/// At least the advance of every Latin letter of the embedded faces (Arimo's `W` is 0.94 em,
/// its lower case ~0.5 em; a CJK character is 1 em in three bytes): estimated text fits.
const ESTIMATED_EM_PER_BYTE: f64 = 1.0;

/// The advance in ems of `c` in the first embedded face other than `face` that has it (0.6
/// when none has).
fn fallback_width_em(db: &fontdb::Database, face: fontdb::ID, c: char) -> f64 {
    let mut buf = [0; 4];
    let one = c.encode_utf8(&mut buf);
    db.faces()
        .filter(|f| f.id != face)
        .find_map(|f| {
            db.with_face_data(f.id, |data, index| {
                shaped_width_em(data, index, one).filter(|(_, missing)| missing.is_empty())
            })
            .flatten()
        })
        .map_or(0.6, |(em, _)| em)
}

/// `text` shaped in one face: its advance in ems, and the characters the face has no glyph
/// for (not counted in the advance).
fn shaped_width_em(data: &[u8], index: u32, text: &str) -> Option<(f64, Vec<char>)> {
    let font = harfrust::FontRef::from_index(data, index).ok()?;
    let shaper_data = harfrust::ShaperData::new(&font);
    let shaper = shaper_data.shaper(&font).build();
    let mut buffer = harfrust::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let glyphs = shaper.shape(buffer, harfrust::ShapeOptions::new());
    let mut advance = 0i64;
    let mut missing = Vec::new();
    for (info, position) in glyphs.glyph_infos().iter().zip(glyphs.glyph_positions()) {
        if info.glyph_id == 0 {
            let c = text
                .get(info.cluster as usize..)
                .and_then(|t| t.chars().next());
            missing.extend(c.filter(|c| !c.is_control()));
        } else {
            advance += i64::from(position.x_advance);
        }
    }
    let upem = f64::from(shaper.units_per_em().max(1));
    Some((advance as f64 / upem, missing))
}

/// The drawing with its size: Mermaid writes `width="100%"` (the page's width), which as an
/// image (`<img>`, Markdown) has no size of its own; the viewBox's width and height are
/// written instead, as Graphviz does.
fn sized(svg: String) -> String {
    let Some((start, root)) = root_tag(&svg) else {
        return svg;
    };
    let numbers: Vec<f64> = svg::attr_value(root, "viewBox")
        .map(|v| v.split([' ', ',']).filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_default();
    if svg::attr_value(root, "width") != Some("100%")
        || numbers.len() != 4
        || root.contains(" height=")
    {
        return svg;
    }
    let new_root = root.replacen(
        " width=\"100%\"",
        &format!(" width=\"{}\" height=\"{}\"", numbers[2], numbers[3]),
        1,
    );
    let end = start + root.len();
    format!("{}{}{}", &svg[..start], new_root, &svg[end..])
}

/// merman draws class and ER relationship labels as middle-anchored text in a label group
/// shifted left by half the label's width, as if the text started at its origin: the text
/// lands half its width left of its edge (in class diagrams, beside its own background).
/// Such labels are centred on their edge, as Mermaid draws them: the shift is dropped and the
/// background centred under the text. State diagrams' labels, whose text hangs below its
/// background, get their text centred on it ([`lifted_text`]). Labels drawn consistently are
/// left as they are.
fn centred_edge_labels(svg: &str) -> String {
    const EDGE_LABEL: &str = "<g class=\"edgeLabel\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(EDGE_LABEL) {
        let Some(end) = rest[at..].find('>').map(|e| at + e + 1) else {
            break;
        };
        out.push_str(&rest[..end]);
        rest = &rest[end..];
        if let Some((centred, replaced)) = centred_label(rest).or_else(|| lifted_text(rest)) {
            out.push_str(&centred);
            rest = &rest[replaced..];
        }
    }
    out.push_str(rest);
    out
}

/// merman's use-case diagrams place each label group where Mermaid puts the top left corner
/// of its HTML label (`translate(-W/2, ..)` from a use case's or actor's centre; the
/// boundary's title `W/2` left of the boundary's middle), then draw its text middle-anchored
/// at the group's origin: every label sat half its box's width left of its shape. The text
/// is centred where Mermaid centres it: on the node's centre (the group moved to `x = 0`)
/// and, for the title, on the boundary's middle.
fn centred_use_case_labels(svg: &str) -> String {
    const TEXT: &str = "<text y=\"-10.1\" text-anchor=\"middle\">";
    if !svg.contains("data-usecase-kind=\"") {
        return svg.to_string();
    }
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    // The middle of the last boundary drawn, for its title.
    let mut boundary_middle: Option<f64> = None;
    while let Some(at) = rest.find('<') {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..end];
        out.push_str(&rest[..at]);
        rest = &rest[end..];
        let num = |a| svg::attr_value(tag, a).and_then(|v| v.parse::<f64>().ok());
        let class = svg::attr_value(tag, "class").unwrap_or("");
        if tag.starts_with("<rect") && class.starts_with("boundary-body") {
            boundary_middle = num("x").zip(num("width")).map(|(x, w)| x + w / 2.0);
        }
        let transform = svg::attr_value(tag, "transform").unwrap_or("");
        let translate = transform
            .strip_prefix("translate(")
            .and_then(|t| t.strip_suffix(')')?.split_once(','))
            .and_then(|(x, y)| Some((x.trim().parse::<f64>().ok()?, y.trim())));
        let title = class.split(' ').any(|c| c == "system-boundary-title");
        let label = class.split(' ').any(|c| c == "label");
        let centre = match translate {
            Some(_) if !tag.starts_with("<g ") || !rest.starts_with(TEXT) => None,
            Some(_) if title => boundary_middle,
            Some((x, _)) if label && x < 0.0 => Some(0.0),
            _ => None,
        };
        match (centre, translate) {
            (Some(x), Some((_, y))) => out.push_str(&tag.replacen(
                &format!("transform=\"{transform}\""),
                &format!("transform=\"translate({x},{y})\""),
                1,
            )),
            _ => out.push_str(tag),
        }
    }
    out.push_str(rest);
    out
}

/// For `<g class="label" transform="translate(-W/2, DY)"><g><rect class="background" x=".."
/// width="W"/><text text-anchor="middle"` at the start of `s`: the label and background
/// tags centred, and how many bytes of `s` they replace.
fn centred_label(s: &str) -> Option<(String, usize)> {
    let label = &s[..s.find('>')? + 1];
    if !label.starts_with("<g class=\"label\"") {
        return None;
    }
    let transform = svg::attr_value(label, "transform")?;
    let (dx, dy) = transform
        .strip_prefix("translate(")?
        .strip_suffix(')')?
        .split_once(',')?;
    let dx: f64 = dx.trim().parse().ok()?;
    let inner = s[label.len()..].strip_prefix("<g>")?;
    let rect = &inner[..inner.find('>')? + 1];
    let text = &inner[rect.len()..];
    let text_tag = &text[..text.find('>')?];
    let width: f64 = svg::attr_value(rect, "width")?.parse().ok()?;
    let shifted_by_half = dx != 0.0 && (dx + width / 2.0).abs() < 0.01;
    if !rect.starts_with("<rect class=\"background\"")
        || !text_tag.starts_with("<text ")
        || svg::attr_value(text_tag, "text-anchor") != Some("middle")
        || !shifted_by_half
    {
        return None;
    }
    let x = svg::attr_value(rect, "x")?;
    let label_centred = label.replacen(
        &format!(" transform=\"{transform}\""),
        &format!(" transform=\"translate(0, {})\"", dy.trim()),
        1,
    );
    let rect_centred = rect.replacen(
        &format!(" x=\"{x}\""),
        &format!(" x=\"{}\"", -width / 2.0),
        1,
    );
    let replaced = label.len() + "<g>".len() + rect.len();
    Some((format!("{label_centred}<g>{rect_centred}"), replaced))
}

/// merman draws a state diagram's edge label as a background `H` high (`y` 0 to `H`) and a
/// text group moved to its centre (`translate(W/2, H/2)`), but the text in it hangs below the
/// group's origin (its rows at `y="(1.1i - 0.1)em" dy="1.1em"`: the first baseline 1em down):
/// the text sat half the background's height (about half a line) below it. For
/// `<g class="label" ..><g><rect class="background" .. height="H"/><g
/// transform="translate(W/2, H/2)"><text ..>` at the start of `s`, the text is centred on the
/// group's origin instead: each row moved up by 1em plus half of the rows after the first,
/// its baseline `central` (the middle of the face's ascent and descent, in browsers and resvg
/// alike, so whatever the font size). Returns the tags up to `</text>` and how many bytes of
/// `s` they replace.
fn lifted_text(s: &str) -> Option<(String, usize)> {
    const ROW: &str = "<tspan class=\"text-outer-tspan row\"";
    let label = &s[..s.find('>')? + 1];
    if !label.starts_with("<g class=\"label\"") {
        return None;
    }
    let inner = s[label.len()..].strip_prefix("<g>")?;
    let rect = &inner[..inner.find('>')? + 1];
    let height: f64 = svg::attr_value(rect, "height")?.parse().ok()?;
    if !rect.starts_with("<rect class=\"background\"") || svg::attr_value(rect, "y") != Some("0") {
        return None;
    }
    let group = &inner[rect.len()..];
    let group = &group[..group.find('>')? + 1];
    let (_, dy) = svg::attr_value(group, "transform")?
        .strip_prefix("translate(")?
        .strip_suffix(')')?
        .split_once(',')?;
    let dy: f64 = dy.trim().parse().ok()?;
    if !group.starts_with("<g transform=") || (dy - height / 2.0).abs() > 0.01 {
        return None;
    }
    let text_at = label.len() + "<g>".len() + rect.len() + group.len();
    let text = &s[text_at..];
    let text = &text[..text.find("</text>")?];
    let text_tag = &text[..text.find('>')? + 1];
    if !text_tag.starts_with("<text ")
        || svg::attr_value(text_tag, "text-anchor") != Some("middle")
        || text_tag.contains("dominant-baseline")
    {
        return None;
    }
    let rows = text.matches(ROW).count();
    if rows == 0 {
        return None;
    }
    let lift = 1.0 + 0.55 * (rows - 1) as f64;
    let mut out = String::with_capacity(text_at + text.len() + 64);
    out.push_str(&s[..text_at]);
    out.push_str(&text_tag.replacen("<text ", "<text dominant-baseline=\"central\" ", 1));
    let mut rest = &text[text_tag.len()..];
    while let Some(at) = rest.find(ROW) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let tag = &rest[..rest.find('>')? + 1];
        let y = svg::attr_value(tag, "y")?;
        let em: f64 = y.strip_suffix("em")?.parse().ok()?;
        let moved = format!("{:.4}", em - lift);
        let moved = moved.trim_end_matches('0').trim_end_matches('.');
        out.push_str(&tag.replacen(&format!(" y=\"{y}\""), &format!(" y=\"{moved}em\""), 1));
        rest = &rest[tag.len()..];
    }
    out.push_str(rest);
    Some((out, text_at + text.len()))
}

/// The root `<svg ...` start tag of `svg` (without its `>`) and where it starts.
fn root_tag(svg: &str) -> Option<(usize, &str)> {
    let start = svg.find("<svg")?;
    let len = svg[start..].find('>')?;
    Some((start, &svg[start..start + len]))
}

/// Labels that Mermaid draws as HTML (mindmap nodes, kanban cards, blocks) come, in the
/// resvg-safe SVG, as one line of text in a clipping viewport exactly as wide as it was
/// measured (with the embedded faces) and one line high. A reader whose fonts draw wider
/// glyphs would see them cut: each such single-line text is given that width (`textLength`),
/// so it always fits. A viewport taller than the text's line is a whole box the label sits
/// in (event modeling's), wider than the text: its text is left as it is, not stretched.
fn fitted_labels(svg: &str) -> String {
    const VIEWPORT: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" x=\"0\" y=\"0\" width=\"";
    const TEXT: &str = "<text ";
    let mut out = String::with_capacity(svg.len() + 1024);
    let mut rest = svg;
    while let Some(at) = rest.find(VIEWPORT) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let width = rest[VIEWPORT.len()..]
            .split('"')
            .next()
            .and_then(|w| w.parse::<f64>().ok());
        let end = rest.find("</svg>").unwrap_or(rest.len());
        let inner = &rest[..end];
        let viewport = &inner[..inner.find('>').unwrap_or(inner.len())];
        let height = svg::attr_value(viewport, "height").and_then(|h| h.parse::<f64>().ok());
        let text = inner.find(TEXT).filter(|t| {
            let body = &inner[*t..];
            // One line: the text's content holds no element.
            let content = body.find('>').map(|gt| &body[gt + 1..]);
            let one_line = content.is_some_and(|c| c.find('<') == c.find("</text>"));
            let tag = &body[..body.find('>').unwrap_or(body.len())];
            let line_high = match (height, css_px(tag, "line-height")) {
                (Some(h), Some(line)) => h <= line + 0.5,
                _ => true,
            };
            one_line && line_high && tag.contains("merman-foreignobject-fallback-text")
        });
        match (width, text) {
            (Some(w), Some(t)) if w > 0.0 => {
                out.push_str(&inner[..t + TEXT.len()]);
                out.push_str(&format!(
                    "textLength=\"{w}\" lengthAdjust=\"spacingAndGlyphs\" "
                ));
                out.push_str(&inner[t + TEXT.len()..]);
            }
            _ => out.push_str(inner),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The pixels of a `NAME:Npx` declaration in the `style` attribute of `tag`.
fn css_px(tag: &str, name: &str) -> Option<f64> {
    let style = svg::attr_value(tag, "style")?;
    style.split(';').find_map(|d| {
        let (k, v) = d.split_once(':')?;
        (k.trim() == name).then(|| v.trim().strip_suffix("px")?.parse().ok())?
    })
}

fn no_diagram() -> Error {
    Error::Syntax {
        message: format!(
            "no Mermaid diagram detected; supported: {}",
            SHIPPED.join(", ")
        ),
        position: Some(Position { line: 1, column: 1 }),
    }
}

fn error(source: &str, e: RenderError) -> Error {
    match e {
        RenderError::NoDiagram => no_diagram(),
        RenderError::Parse(d)
            if d.terminal_diagnostic_details().code == "merman.parse.no_diagram_detected" =>
        {
            no_diagram()
        }
        RenderError::Parse(d) => {
            let details = d.terminal_diagnostic_details();
            Error::Syntax {
                message: d.terminal_safe_message(),
                position: details.span.map(|s| Position::at(source, s.start)),
            }
        }
        RenderError::ResourceLimitExceeded(r) => Error::GraphTooLarge {
            what: r.id,
            actual: r.actual,
            limit: r.maximum,
        },
        RenderError::RuntimePolicy(p) => Error::Refused(p.terminal_safe_message()),
        other => Error::Layout {
            message: other.to_string(),
            diagnostics: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::usvg;

    /// Draws `source` and, for every node (flowchart, class, state, ER entity), checks that
    /// the ink of each of its texts, laid out and shaped by resvg as in the PNG, lies within
    /// the node's own filled shapes. Returns how many texts were checked.
    fn texts_stay_in_their_nodes(source: &str) -> usize {
        let tree = drawn(source);
        let mut checked = 0;
        let mut outside = Vec::new();
        let mut groups = vec![tree.root()];
        while let Some(group) = groups.pop() {
            let node = ["-flowchart-", "-classId-", "-state-", "-entity-"]
                .iter()
                .any(|m| group.id().starts_with("t-") && group.id().contains(m));
            if node {
                let (shapes, texts) = shapes_and_texts(group);
                let Some(shape) = shapes.into_iter().reduce(|a, b| {
                    usvg::Rect::from_ltrb(
                        a.left().min(b.left()),
                        a.top().min(b.top()),
                        a.right().max(b.right()),
                        a.bottom().max(b.bottom()),
                    )
                    .unwrap()
                }) else {
                    continue;
                };
                for (text, ink) in texts {
                    checked += 1;
                    // Half a pixel for anti-aliasing.
                    if ink.left() < shape.left() - 0.5 || ink.right() > shape.right() + 0.5 {
                        outside.push(format!("{text:?} ink {ink:?} in {} {shape:?}", group.id()));
                    }
                }
            }
            groups.extend(group.children().iter().filter_map(|n| match n {
                usvg::Node::Group(g) => Some(g.as_ref()),
                _ => None,
            }));
        }
        assert!(
            outside.is_empty(),
            "texts drawn outside their nodes: {outside:#?}"
        );
        checked
    }

    /// `source` drawn (ids prefixed `t-`) and read as resvg lays it out for the PNG.
    fn drawn(source: &str) -> usvg::Tree {
        let svg = to_svg(source, MermaidTheme::Default, "t", None).unwrap();
        crate::raster::read(&svg).unwrap()
    }

    /// The filled shapes' boxes and the texts' ink boxes under `group`.
    fn shapes_and_texts(group: &usvg::Group) -> (Vec<usvg::Rect>, Vec<(String, usvg::Rect)>) {
        let mut shapes = Vec::new();
        let mut texts = Vec::new();
        let mut stack = vec![group];
        while let Some(g) = stack.pop() {
            for child in g.children() {
                match child {
                    usvg::Node::Group(inner) => stack.push(inner),
                    usvg::Node::Path(path) if path.fill().is_some() => {
                        shapes.push(path.abs_bounding_box());
                    }
                    usvg::Node::Text(text) => {
                        let content: String = text.chunks().iter().map(|c| c.text()).collect();
                        if let Some(ink) = text.flattened().abs_bounding_box().to_non_zero_rect() {
                            texts.push((content, ink.to_rect()));
                        }
                    }
                    _ => {}
                }
            }
        }
        (shapes, texts)
    }

    #[test]
    fn labels_fit_their_boxes_as_drawn() {
        // Names and members wider than merman's font-less guess: they ran past their boxes.
        let class = "classDiagram\n  class GraphvizRenderer {\n    +renderWithEveryEngine(source) Result\n  }\n  class MermaidRenderer\n  class WWWWMMMM\n  GraphvizRenderer <|-- MermaidRenderer";
        assert!(texts_stay_in_their_nodes(class) >= 4);
        let flowchart = "flowchart LR\n  A[WebAssembly component host] --> B(Outgoing request handler)\n  B --> C{{Is the capability granted?}}\n  C --> D[MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM]";
        assert!(texts_stay_in_their_nodes(flowchart) >= 4);
        let er =
            "erDiagram\n  CACHE_ENTRY_WITH_A_LONG_NAME {\n    string content_addressed_key\n  }";
        assert!(texts_stay_in_their_nodes(er) >= 3);
        let state = "stateDiagram-v2\n  [*] --> WaitingForTheEdgeCache\n  WaitingForTheEdgeCache --> Rendered";
        assert!(texts_stay_in_their_nodes(state) >= 2);
    }

    /// The ink box of the text `content` under `group`, with the box of the filled shape drawn
    /// just before it (a label's background).
    fn text_and_background(
        group: &usvg::Group,
        content: &str,
    ) -> Option<(usvg::Rect, Option<usvg::Rect>)> {
        let mut before = None;
        for child in group.children() {
            match child {
                usvg::Node::Group(inner) => {
                    if let Some(found) = text_and_background(inner, content) {
                        return Some(found);
                    }
                }
                usvg::Node::Path(path) if path.fill().is_some() => {
                    before = Some(path.abs_bounding_box());
                }
                usvg::Node::Text(text)
                    if text.chunks().iter().map(|c| c.text()).collect::<String>() == content =>
                {
                    let ink = text.flattened().abs_bounding_box();
                    return Some((ink, before));
                }
                _ => {}
            }
        }
        None
    }

    fn centre_x(r: usvg::Rect) -> f32 {
        (r.left() + r.right()) / 2.0
    }

    #[test]
    fn relationship_labels_are_centred_on_their_backgrounds_and_edges() {
        // Class: the label's text sat half its width left of its own background.
        let tree = drawn("classDiagram\n  Cache <-- Renderer : uses the cache");
        let (ink, background) = text_and_background(tree.root(), "uses the cache").unwrap();
        let background = background.expect("a background before the label");
        assert!(
            (centre_x(ink) - centre_x(background)).abs() < 1.0,
            "label {ink:?} off its background {background:?}"
        );
        // ER, drawn top to bottom: the label sat half its width left of the straight edge
        // that joins the entities' centres.
        let tree = drawn("erDiagram\n  CUSTOMER ||--o{ ORDER : places");
        let (ink, _) = text_and_background(tree.root(), "places").unwrap();
        let (entity, _) = text_and_background(tree.root(), "CUSTOMER").unwrap();
        assert!(
            (centre_x(ink) - centre_x(entity)).abs() < 1.0,
            "label {ink:?} beside the edge under {entity:?}"
        );
    }

    #[test]
    fn use_case_labels_are_centred_in_their_shapes() {
        // merman drew each label half its box's width left of its use case.
        let tree = drawn("usecase-beta\nactor Author\nWrite(\"Write a diagram\")\nAuthor --> Write\n");
        let mut groups = vec![tree.root()];
        let mut checked = 0;
        while let Some(group) = groups.pop() {
            if group.id().starts_with("t-usecase-Write") {
                let (shapes, texts) = shapes_and_texts(group);
                let (shape, (_, ink)) = (shapes[0], texts[0].clone());
                assert!(
                    (centre_x(ink) - centre_x(shape)).abs() < 1.0,
                    "label {ink:?} off its use case {shape:?}"
                );
                checked += 1;
            }
            groups.extend(group.children().iter().filter_map(|n| match n {
                usvg::Node::Group(g) => Some(g.as_ref()),
                _ => None,
            }));
        }
        assert_eq!(checked, 1);
    }

    /// The sanitiser keeps every element merman writes for every family: the element list
    /// ([`SVG_ELEMENTS`] beside the base list) was extended exactly as far as the families
    /// need, and nothing they draw is dropped. Over every golden case and every example of
    /// Mermaid's documentation; merman never writes `foreignObject` (its resvg-safe pipeline
    /// draws labels as SVG text).
    #[test]
    fn the_sanitiser_keeps_every_element_merman_writes() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut files = Vec::new();
        for dir in ["tests/cases/mermaid", "tests/mermaid-docs"] {
            for e in std::fs::read_dir(format!("{root}/{dir}")).unwrap().flatten() {
                if e.path().extension().is_some_and(|x| x == "mmd") {
                    files.push(e.path());
                }
            }
        }
        assert!(files.len() > 400, "{} sources", files.len());
        let mut seen = std::collections::BTreeSet::new();
        for file in &files {
            let source = std::fs::read_to_string(file).unwrap();
            let Ok(svg) = to_svg(&source, MermaidTheme::Default, "t", None) else {
                continue;
            };
            // Element names: a `<` followed by a name, outside style sheets.
            for part in svg.split("</style>").map(|p| p.split("<style").next().unwrap_or("")) {
                for tag in part.split('<').skip(1) {
                    let name: String = tag
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-')
                        .collect();
                    if !name.is_empty() {
                        seen.insert(name);
                    }
                }
            }
        }
        let kept = |n: &str| svg::ALLOWED_ELEMENTS.contains(&n) || SVG_ELEMENTS.contains(&n);
        // Dropped on purpose: `<image>`, which a flowchart's image shape (`img: "https://…"`)
        // writes; edgeviz fetches nothing, so the shape is drawn without its picture, as a
        // Graphviz `image=` is.
        let on_purpose = ["style", "image"];
        let dropped: Vec<_> = seen
            .iter()
            .filter(|n| !kept(n) && !on_purpose.contains(&n.as_str()))
            .collect();
        assert!(dropped.is_empty(), "merman writes elements the sanitiser drops: {dropped:?}");
        assert!(!seen.contains("foreignObject"));
    }

    #[test]
    fn labels_fit_past_the_shaping_budget() {
        // Each 2,000-letter word is cut into lines; merman measures what is left of it after
        // every cut (~290 KB shaped a word): past the budget, widths are estimated. Each word
        // has its own letters ("WAWA…", "WBWB…"), so its lines are not widths already known.
        let source: String = (0..8u8).fold("flowchart TD\n".into(), |s, i| {
            let word = format!("W{}", char::from(b'A' + i)).repeat(1_000);
            s + &format!("  n{i}[{word}] --> n{}\n", i + 1)
        });
        assert!(texts_stay_in_their_nodes(&source) >= 8);
    }

    /// Characters the sans face lacks are measured in the face resvg falls back to.
    #[cfg(feature = "cjk-font")]
    #[test]
    fn fallback_text_fits_its_box() {
        assert!(
            texts_stay_in_their_nodes("flowchart LR\n  A[渲染器服务在边缘运行] --> B[图表]") >= 2
        );
    }
}
