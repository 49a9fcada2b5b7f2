//! Shared stage `graph`: the one place that calls the Graphviz engine (`graphviz-pure`).
//! The `graphviz` kind draws its source with it, and the kinds that become a Graphviz graph
//! (`wit`) draw the graph they wrote: every graph goes this way, with the same options
//! ([`option`]), limits and themes.
//!
//! [`render`] takes a DOT source, the options and the format, and returns the engine's
//! output (SVG for pictures, or the text format asked for) with the engine's diagnostics.
//! Before
//! the engine lays anything out, the source is checked:
//! - nesting depth is bounded ([`limits::MAX_NESTING`]) by a scan that does not recurse and
//!   reads comments and strings as the engine's lexer does ([`scan`]);
//! - the graph is parsed once and its size is checked ([`limits::MAX_NODES`] and friends),
//!   and so is the nesting of record labels ([`limits::MAX_RECORD_NESTING`]);
//! - attributes that would make Graphviz read a file or make a viewer fetch a URL
//!   ([`IGNORED_ATTRIBUTES`], `<IMG>` in HTML labels) are reported as ignored: the graph is
//!   drawn as `dot` draws it when the file is missing, and nothing is read.
//! - the attributes that set sizes are capped ([`limits::SIZE_CAPS`]), in the source and in
//!   the options alike, and the size the SVG declares is checked before it is served or
//!   drawn ([`sizes`]).
//!
//! The engine is pinned exactly (`=1.0.0`): nothing outside this module names it.

use graphviz_pure::{GraphvizError, GraphvizErrorKind};
use graphviz_pure_core::graph::AttrMap;

use std::collections::BTreeMap;

use crate::diagram::{Content, Diagram, Drawing, Format, Options, Theme};
use crate::error::{guard, Diagnostic, Error, Position, Result};

pub mod limits;
mod scan;
mod sizes;

use scan::check_nesting;

/// Version of the engine, part of every cache key.
pub const ENGINE_VERSION: &str = "graphviz-pure 1.0.0 (Graphviz 16.1.0)";

/// Attributes that name a file Graphviz would open (`image`, `shapefile`; `imagepath` and
/// `fontpath` say where to look) or a resource the SVG would make its reader fetch
/// (`stylesheet`). edgeviz draws the graph without them, as `dot` does when the file is
/// missing, and says so in a diagnostic: the engine runs with file loading disabled
/// ([`disable_file_access`]) and the sanitiser drops the `xml-stylesheet` instruction.
/// (`fontnames` names no file, only how SVG font names are written: it keeps its effect.)
pub const IGNORED_ATTRIBUTES: &[&str] =
    &["image", "shapefile", "imagepath", "fontpath", "stylesheet"];

/// The Graphviz layout engines.
pub const ENGINES: &[&str] = &[
    "dot",
    "neato",
    "fdp",
    "sfdp",
    "twopi",
    "circo",
    "osage",
    "patchwork",
];

/// Longest option value accepted (bytes).
const MAX_OPTION_VALUE: usize = 1024;

/// Checks an option of the Graphviz path and returns its normalised value (`None`: not one
/// of its options):
/// - `layout`: the engine, overriding the graph's own `layout` attribute (one of
///   [`ENGINES`]). Default: the graph's attribute, else `dot`.
/// - `graph-attribute-NAME`, `node-attribute-NAME`, `edge-attribute-NAME`: like
///   `dot -GNAME=VALUE`, `-N`, `-E`. Default: none.
/// - `dpi`: Graphviz's `dpi`, 1 to [`limits::MAX_DPI`], like `-Gdpi=N`. Default: none.
///
/// An attribute an option sets meets the same cap as the same attribute in the source
/// ([`limits::SIZE_CAPS`]: `graph-attribute-dpi=5000` is refused as `dpi=601` is).
pub fn option(name: &str, value: &str) -> Result<Option<String>> {
    if value.len() > MAX_OPTION_VALUE {
        return Err(Error::BadRequest(format!(
            "option '{}' is longer than {MAX_OPTION_VALUE} bytes",
            crate::error::excerpt(name)
        )));
    }
    if name == "layout" {
        let engine = value.to_ascii_lowercase();
        if !ENGINES.contains(&engine.as_str()) {
            return Err(Error::BadRequest(format!(
                "unknown layout '{}'; supported: {}",
                crate::error::excerpt(value),
                ENGINES.join(", ")
            )));
        }
        return Ok(Some(engine));
    }
    if name == "dpi" {
        let dpi = value
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|d| (1.0..=limits::MAX_DPI).contains(d))
            .ok_or_else(|| {
                Error::BadRequest(format!(
                    "option dpi='{}': expected a number from 1 to {}",
                    crate::error::excerpt(value),
                    limits::MAX_DPI
                ))
            })?;
        return Ok(Some(dpi.to_string()));
    }
    let Some(attr) = ATTRIBUTE_PREFIXES
        .iter()
        .find_map(|(prefix, _)| name.strip_prefix(prefix))
    else {
        return Ok(None);
    };
    if attr.is_empty() || !attr.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(Error::BadRequest(format!(
            "option '{}': attribute names are letters, digits and '_'",
            crate::error::excerpt(name)
        )));
    }
    sizes::check_option(name, attr, value)?;
    Ok(Some(value.to_string()))
}

/// The options that set attributes, and what they set (graph, node, edge).
const ATTRIBUTE_PREFIXES: &[(&str, usize)] = &[
    ("graph-attribute-", 0),
    ("node-attribute-", 1),
    ("edge-attribute-", 2),
];

/// Lays out and draws the first graph of `source`: SVG for picture formats, else the text
/// format asked for. The SVG is the engine's, not yet sanitised, to be themed as
/// `options.theme` says.
pub fn render(source: &str, options: &Options, format: Format) -> Result<Drawing> {
    check_nesting(source)?;
    let globals = globals(options);
    let graphs = graphviz_pure_parser::parse_dot_all(source, &globals).map_err(engine_error)?;
    let mut ignored = inspect(&graphs, source)?;
    let engine = layout_engine(&graphs, options);
    if let Some(first) = graphs.first() {
        check_layout_cost(&engine, first, options)?;
    }
    let explicit_dpi = has_explicit_dpi(&graphs);
    let picture = format.is_image();
    let format = if picture { "svg" } else { format.name() };
    disable_file_access();
    let (text, diagnostics) = lay_out(source, &engine, format, &globals)?;
    if text.is_empty() {
        return Err(Error::Syntax {
            message: "the source contains no graph".into(),
            position: None,
        });
    }
    if picture {
        sizes::check_svg(&text)?;
    }
    // The engine's own warning about the missing files (C's words, naming `SERVER_NAME`)
    // says less than edgeviz's notes, which come first.
    ignored.extend(
        diagnostics
            .into_iter()
            .filter(|d| !d.contains("file loading is disabled")),
    );
    Ok(Drawing {
        content: if picture {
            Content::Svg(text)
        } else {
            Content::Text(text)
        },
        theme: Theme::named(options.theme).unwrap_or_default(),
        // Graphviz draws bitmaps at 96 dpi, or at one pixel per point of an SVG that it
        // already scaled to the graph's own `dpi`.
        raster_scale: if explicit_dpi { 0.75 } else { 1.0 },
        diagnostics: ignored.into_iter().map(Diagnostic::warning).collect(),
    })
}

/// The layout engine: the `layout` option, else the first graph's `layout` attribute when
/// it names an engine, else dot.
fn layout_engine(graphs: &[graphviz_pure_core::Graph], options: &Options) -> String {
    match options.value("layout") {
        Some(engine) => engine.to_string(),
        None => graphs
            .first()
            .and_then(|g| g.graph_attrs.get("layout"))
            .map(|l| l.to_ascii_lowercase())
            .filter(|l| ENGINES.contains(&l.as_str()))
            .unwrap_or_else(|| "dot".to_string()),
    }
}

/// Whether the first graph sets its own resolution (`dpi` or `resolution` above 0).
fn has_explicit_dpi(graphs: &[graphviz_pure_core::Graph]) -> bool {
    graphs.first().is_some_and(|g| {
        ["dpi", "resolution"].iter().any(|a| {
            g.graph_attrs
                .get(*a)
                .and_then(|v| v.trim().parse::<f64>().ok())
                .is_some_and(|d| d > 0.0)
        })
    })
}

/// The engine's output for the first graph of `source` laid out by `engine` in `format`,
/// and its diagnostics; a panic in the engine is an error of this request.
fn lay_out(
    source: &str,
    engine: &str,
    format: &str,
    globals: &graphviz_pure::GlobalAttrs,
) -> Result<(String, Vec<String>)> {
    let raw = graphviz_pure_core::charset::has_raw(source);
    let no_globals = [&globals.graph, &globals.node, &globals.edge]
        .iter()
        .all(|m| m.is_empty());
    guard(|| {
        if raw {
            return render_raw(source, engine, format, globals);
        }
        let rendered = if no_globals {
            graphviz_pure::render_dot(source, engine, format).map(|r| r.into_parts())
        } else {
            graphviz_pure::render_dot_all(source, engine, format, globals).map(|r| {
                let (outputs, diagnostics) = r.into_parts();
                (outputs.into_iter().next().unwrap_or_default(), diagnostics)
            })
        };
        rendered
            .map(|(text, diagnostics)| (text, messages(&diagnostics)))
            .map_err(engine_error)
    })?
}

/// Refuses a graph whose layout by `engine` would cost more than the limits measured for it
/// (422): the force-directed engines and circo by nodes, dot by its work
/// ([`dot_work`]), and orthogonal edges (`splines=ortho`, in the graph or an option) by
/// nodes and edges, for any engine.
fn check_layout_cost(
    engine: &str,
    first: &graphviz_pure_core::Graph,
    options: &Options,
) -> Result<()> {
    let nodes = first.nodes.len();
    if (engine == "neato" || engine == "fdp") && nodes > limits::MAX_FORCE_NODES {
        return Err(Error::GraphTooLarge {
            what: "nodes for neato or fdp (try layout=sfdp, made for large graphs)",
            actual: nodes as u64,
            limit: limits::MAX_FORCE_NODES as u64,
        });
    }
    if engine == "circo" && nodes > limits::MAX_CIRCO_NODES {
        return Err(Error::GraphTooLarge {
            what: "nodes for circo (its depth-first walk needs stack in proportion)",
            actual: nodes as u64,
            limit: limits::MAX_CIRCO_NODES as u64,
        });
    }
    if is_ortho(first, options) {
        check_count("nodes with splines=ortho", nodes, limits::MAX_ORTHO_NODES)?;
        check_count(
            "edges with splines=ortho",
            first.edges.len(),
            limits::MAX_ORTHO_EDGES,
        )?;
    }
    if engine == "dot" {
        let work = dot_work(first);
        if work > limits::MAX_DOT_WORK {
            return Err(Error::GraphTooLarge {
                what: "nodes and edge segments for dot (long edges count once per rank they cross)",
                actual: work as u64,
                limit: limits::MAX_DOT_WORK as u64,
            });
        }
    }
    Ok(())
}

/// Whether the graph's edges are routed orthogonally: `splines=ortho` in the root graph or
/// the `graph-attribute-splines` option (any case, as a cautious reading).
fn is_ortho(first: &graphviz_pure_core::Graph, options: &Options) -> bool {
    let set = first.graph_attrs.get("splines").map(String::as_str);
    [set, options.value("graph-attribute-splines")]
        .into_iter()
        .flatten()
        .any(|v| v.trim().eq_ignore_ascii_case("ortho"))
}

/// Renders a source that holds bytes that are not UTF-8 (a `charset=latin1` graph), in the
/// engine's decoded form ([`decode_bytes`]): the engine reads those bytes as C Graphviz does
/// and writes UTF-8. The text API would read them as text, so this goes one level down.
fn render_raw(
    source: &str,
    engine: &str,
    format: &str,
    globals: &graphviz_pure::GlobalAttrs,
) -> Result<(String, Vec<String>)> {
    use graphviz_pure_core::charset;
    use graphviz_pure_render::decoded;
    let decoded = charset::Decoded::from_decoded(source.to_string());
    let (result, diagnostics) = graphviz_pure_core::diag::capture(|| {
        decoded::render_dot_all(&decoded, engine, format, globals)
            .map(|outputs| outputs.into_iter().next().unwrap_or_default())
    });
    let diagnostics: Vec<String> = messages(&diagnostics)
        .into_iter()
        .map(|m| charset::to_text(&m).into_owned())
        .collect();
    match result {
        Ok(text) => Ok((charset::to_text(&text).into_owned(), diagnostics)),
        Err(e) => Err(match engine_error(e) {
            Error::Syntax { message, position } => Error::Syntax {
                message: charset::to_text(&message).into_owned(),
                position,
            },
            other => other,
        }),
    }
}

/// The engine's decoded form of `bytes`: UTF-8 as it is, any other byte as a private code
/// point the engine reads back as that byte.
pub fn decode_bytes(bytes: Vec<u8>) -> String {
    graphviz_pure_core::charset::decode(bytes)
}

/// Whether DOT source declares a Latin-1 `charset` (`charset=latin1`, `"ISO-8859-1"`, ...),
/// the one case in which Graphviz reads bytes that are not UTF-8.
pub fn declares_latin1(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
    text.match_indices("charset").any(|(i, _)| {
        let rest = text[i + "charset".len()..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            return false;
        };
        let value: String = rest
            .trim_start()
            .trim_start_matches('"')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        matches!(
            value.as_str(),
            "latin1" | "latin-1" | "l1" | "iso-8859-1" | "iso_8859-1" | "iso8859-1" | "iso-ir-100"
        )
    })
}

/// The engine's diagnostics as lines of text.
fn messages(diagnostics: &[graphviz_pure::Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .flat_map(|d| d.message().lines().map(str::to_string).collect::<Vec<_>>())
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// A DOT double-quoted string of `text`, for the kinds that write Graphviz graphs: `"` and
/// `\` escaped (so no Graphviz escape such as `\N` is read from a name, and a name ending
/// in `\` cannot escape its closing quote), a line break as DOT's `\n`, other control
/// characters dropped.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What a kind that becomes a Graphviz graph (WIT, erd, DBML) answers for `diagram`, given
/// the graph it wrote: the graph itself for `dot`, else the graph drawn by [`render`].
pub fn draw_generated(dot: String, diagram: &Diagram) -> Result<Drawing> {
    if diagram.format == Format::Dot {
        return Ok(Drawing {
            content: Content::Text(dot),
            theme: Theme::default(),
            raster_scale: 1.0,
            diagnostics: Vec::new(),
        });
    }
    render(&dot, &diagram.options, diagram.format)
}

/// The character an HTML entity name stands for in Graphviz's entity table (`nbsp`,
/// `copy`, ...), which Graphviz passes through into SVG titles and comments.
pub fn html_entity(name: &str) -> Option<char> {
    graphviz_pure_core::font::html_entity_value(name.as_bytes()).and_then(char::from_u32)
}

/// Whether Graphviz knows `spec` as a colour (`#rgb`, `#rrggbb[aa]`, `h,s,v`, or an X11, SVG
/// or Brewer name): for kinds that write colours from their own source into a graph, so that
/// an unknown one is refused with its position rather than drawn black with a warning.
pub fn is_color(spec: &str) -> bool {
    graphviz_pure_core::color::resolve_color(spec).is_some()
}

/// The attributes the options set: `graph-attribute-*` and the like, `dpi`, and
/// `background` as the default `bgcolor` (an attribute the graph sets itself wins, as with
/// `-G`; so does an explicit `graph-attribute-bgcolor`).
fn globals(options: &Options) -> graphviz_pure::GlobalAttrs {
    let mut maps: [BTreeMap<String, String>; 3] = Default::default();
    if let Some(background) = &options.background {
        maps[0].insert("bgcolor".into(), background.clone());
    }
    if let Some(dpi) = options.value("dpi") {
        maps[0].insert("dpi".into(), dpi.to_string());
    }
    for (name, value) in &options.values {
        for (prefix, map) in ATTRIBUTE_PREFIXES {
            if let Some(attr) = name.strip_prefix(prefix) {
                maps[*map].insert(attr.to_string(), value.clone());
            }
        }
    }
    let [graph, node, edge] = maps.map(AttrMap::from_plain);
    graphviz_pure::GlobalAttrs { graph, node, edge }
}

/// Natively the engine opens files named by `image`, `shapefile` and `<IMG SRC>`, unless a
/// server name is set, as C's `$SERVER_NAME` does. Those attributes are refused before this
/// point anyway; this is the second lock on the same door. (On wasm32 there is no filesystem.)
fn disable_file_access() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| graphviz_pure_core::usershape::set_server_name(Some("edgeviz")));
}

fn engine_error(e: GraphvizError) -> Error {
    match e.kind() {
        GraphvizErrorKind::Syntax => Error::Syntax {
            message: e.message().trim_end().to_string(),
            position: e.line().map(|line| Position {
                line,
                // The engine's column is already 1-based (the token's first character).
                column: e.column().unwrap_or(1),
            }),
        },
        GraphvizErrorKind::UnsupportedEngine => {
            Error::BadRequest(format!("unsupported layout engine: {}", e.message()))
        }
        GraphvizErrorKind::UnsupportedFormat => {
            Error::Internal(format!("engine refused a format: {}", e.message()))
        }
        _ => Error::Layout {
            message: e.to_string().trim_end().to_string(),
            diagnostics: messages(e.diagnostics())
                .into_iter()
                .map(Diagnostic::warning)
                .collect(),
        },
    }
}

/// Checks the parsed graphs against the size and nesting limits; returns a diagnostic for
/// each ignored attribute (see [`IGNORED_ATTRIBUTES`]).
fn inspect(graphs: &[graphviz_pure_core::Graph], source: &str) -> Result<Vec<String>> {
    let count = |f: fn(&graphviz_pure_core::Graph) -> usize| graphs.iter().map(f).sum::<usize>();
    check_count("graphs", graphs.len(), limits::MAX_GRAPHS)?;
    check_count("nodes", count(|g| g.nodes.len()), limits::MAX_NODES)?;
    check_count("edges", count(|g| g.edges.len()), limits::MAX_EDGES)?;
    check_count(
        "subgraphs",
        count(|g| g.subgraphs.len()),
        limits::MAX_SUBGRAPHS,
    )?;
    let mut cells = 0;
    let mut ignored = Vec::new();
    for g in graphs {
        let mut maps: Vec<&AttrMap> = vec![&g.graph_attrs, &g.node_defaults, &g.edge_defaults];
        maps.extend(g.nodes.iter().map(|n| &n.attrs));
        maps.extend(g.edges.iter().map(|e| &e.attrs));
        for s in &g.subgraphs {
            maps.extend([&s.graph_attrs, &s.node_defaults, &s.edge_defaults]);
        }
        for map in &maps {
            check_attrs(map, &mut cells)?;
            for note in ignored_in(map) {
                if !ignored.contains(&note) {
                    ignored.push(note);
                }
            }
        }
        if maps
            .iter()
            .any(|m| m.get("shape").is_some_and(|v| is_record(v)))
        {
            check_record_nesting(&maps, source)?;
        }
    }
    Ok(ignored)
}

fn is_record(shape: &str) -> bool {
    shape.trim().eq_ignore_ascii_case("record") || shape.trim().eq_ignore_ascii_case("mrecord")
}

/// The notes for the attributes of `map` that edgeviz ignores (one per attribute name and
/// value, so a node default set on 500 nodes is one note).
fn ignored_in(map: &AttrMap) -> Vec<String> {
    let mut notes = Vec::new();
    for (name, value) in map.iter() {
        let lower = name.to_ascii_lowercase();
        if value.is_empty() {
            continue;
        }
        if IGNORED_ATTRIBUTES.contains(&lower.as_str()) {
            notes.push(format!(
                "Warning: {lower}=\"{}\" ignored: edgeviz never reads files or fetches resources",
                crate::error::excerpt(value)
            ));
        }
        if map.is_html(name) && contains_img_tag(value) {
            notes.push(
                "Warning: <IMG> in an HTML-like label ignored: edgeviz never reads files".into(),
            );
        }
    }
    notes
}

/// Rejects record labels (`shape=record`/`Mrecord`) whose `{ }` fields nest deeper than
/// [`limits::MAX_RECORD_NESTING`]: the engine parses, sizes and places them recursively, and
/// the DOT nesting scan cannot see inside a quoted label. Any label is checked once a record
/// shape appears anywhere in the graph (a default can give the shape to any node).
fn check_record_nesting(maps: &[&AttrMap], source: &str) -> Result<()> {
    let too_deep = maps.iter().any(|m| {
        m.get("label")
            .is_some_and(|l| !m.is_html("label") && brace_past_limit(l).is_some())
    });
    if !too_deep {
        return Ok(());
    }
    // Where: the first quoted string of the source that nests too deep on its own (a label
    // made of `+`-joined strings may not; then its first line).
    let mut offset = None;
    let mut from = 0;
    while let (Some(quote), None) = (source[from..].find('"'), offset) {
        let start = from + quote + 1;
        let end = start + string_end(&source.as_bytes()[start..]);
        offset = brace_past_limit(&source[start..end]).map(|at| start + at);
        from = (end + 1).min(source.len());
    }
    Err(Error::TooDeep {
        limit: limits::MAX_RECORD_NESTING as u64,
        position: Position::at(source, offset.unwrap_or(0)),
    })
}

/// The length of a DOT string's body (the bytes after its opening quote) up to its closing
/// quote, or all of it when unclosed; a backslash escapes the byte after it.
fn string_end(body: &[u8]) -> usize {
    let mut i = 0;
    while i < body.len() && body[i] != b'"' {
        i += if body[i] == b'\\' { 2 } else { 1 };
    }
    i.min(body.len())
}

/// The offset of the first `{` of a record label nested past [`limits::MAX_RECORD_NESTING`]
/// (a backslash escapes the next character), if any.
fn brace_past_limit(label: &str) -> Option<usize> {
    let bytes = label.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'{' => {
                depth += 1;
                if depth > limits::MAX_RECORD_NESTING {
                    return Some(i);
                }
            }
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// An upper bound on the size of the graph dot lays out: nodes, plus one segment per rank
/// each edge crosses. dot splits every edge into a chain of virtual nodes, one per rank it
/// spans, and mincross and x-positioning work on all of them: a complete DAG of 77 nodes
/// has 2,926 edges but about 76,000 virtual nodes, and runs for minutes.
///
/// Ranks are estimated by longest path after reversing the edges a depth-first search
/// finds closing cycles (as dot breaks cycles). dot's network simplex minimises the total
/// edge length over all feasible rankings, and the longest-path ranking is one of them, so
/// the true total is at most this estimate.
pub fn dot_work(g: &graphviz_pure_core::Graph) -> usize {
    let n = g.nodes.len();
    let edges = rank_edges(g);
    let reversed = cycle_closing(n, &edges);
    let oriented: Vec<(usize, usize, usize)> = edges
        .iter()
        .zip(&reversed)
        .map(|(&(t, h, m), &r)| if r { (h, t, m) } else { (t, h, m) })
        .collect();
    let rank = longest_path_ranks(n, &oriented);
    let segments: usize = oriented
        .iter()
        .map(|&(t, h, _)| rank[h].saturating_sub(rank[t]).max(1))
        .fold(0usize, usize::saturating_add);
    // With any edge label, dot doubles every rank (labels sit on a rank of their own).
    let labels = g
        .edges
        .iter()
        .any(|e| e.attrs.get("label").is_some_and(|l| !l.is_empty()));
    n.saturating_add(if labels {
        segments.saturating_mul(2)
    } else {
        segments
    })
}

/// The edges of `g` that constrain ranks, as (tail, head, minlen) by node index: not
/// `constraint=false`, not loops.
fn rank_edges(g: &graphviz_pure_core::Graph) -> Vec<(usize, usize, usize)> {
    let index: std::collections::HashMap<u32, usize> = g
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| (node.id.0, i))
        .collect();
    let mut edges: Vec<(usize, usize, usize)> = Vec::with_capacity(g.edges.len());
    for e in &g.edges {
        let constraint = e.attrs.get("constraint").is_none_or(|c| {
            !matches!(c.trim().to_ascii_lowercase().as_str(), "false" | "no" | "0")
        });
        let minlen = e
            .attrs
            .get("minlen")
            .and_then(|m| m.trim().parse::<f64>().ok())
            .map_or(1, |m| m.clamp(0.0, 1000.0) as usize);
        if let (Some(&t), Some(&h), true) = (index.get(&e.tail.0), index.get(&e.head.0), constraint)
        {
            if t != h {
                edges.push((t, h, minlen));
            }
        }
    }
    edges
}

/// Which of `edges` (over `n` nodes) close a cycle, found by an iterative depth-first
/// search: an edge to a node still on the stack closes one (dot reverses those).
fn cycle_closing(n: usize, edges: &[(usize, usize, usize)]) -> Vec<bool> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &(t, _, _)) in edges.iter().enumerate() {
        out[t].push(k);
    }
    let (mut state, mut reversed) = (vec![0u8; n], vec![false; edges.len()]);
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&k) = out[v].get(*next) {
                *next += 1;
                let h = edges[k].1;
                match state[h] {
                    0 => {
                        state[h] = 1;
                        stack.push((h, 0));
                    }
                    1 => reversed[k] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    reversed
}

/// Longest-path ranks of `n` nodes over the acyclic `oriented` edges (tail, head, minlen),
/// in Kahn's order.
fn longest_path_ranks(n: usize, oriented: &[(usize, usize, usize)]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &(t, h, _)) in oriented.iter().enumerate() {
        indegree[h] += 1;
        succ[t].push(k);
    }
    let mut rank = vec![0usize; n];
    let mut queue: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    while let Some(v) = queue.pop() {
        for &k in &succ[v] {
            let (_, h, m) = oriented[k];
            rank[h] = rank[h].max(rank[v] + m);
            indegree[h] -= 1;
            if indegree[h] == 0 {
                queue.push(h);
            }
        }
    }
    rank
}

fn check_count(what: &'static str, actual: usize, limit: usize) -> Result<()> {
    if actual > limit {
        return Err(Error::GraphTooLarge {
            what,
            actual: actual as u64,
            limit: limit as u64,
        });
    }
    Ok(())
}

fn check_attrs(map: &AttrMap, cells: &mut usize) -> Result<()> {
    for (name, value) in map.iter() {
        if value.len() > limits::MAX_LABEL_BYTES && name.to_ascii_lowercase().ends_with("label") {
            return Err(Error::TooLarge {
                what: "label (bytes)",
                actual: value.len() as u64,
                limit: limits::MAX_LABEL_BYTES as u64,
            });
        }
        sizes::check_attribute(name, value, map.is_html(name))?;
        if map.is_html(name) {
            *cells += count_ci(value, "<td");
            if *cells > limits::MAX_HTML_CELLS {
                return Err(Error::GraphTooLarge {
                    what: "HTML table cells",
                    actual: *cells as u64,
                    limit: limits::MAX_HTML_CELLS as u64,
                });
            }
        }
        if let Some((_, cap)) = limits::ITERATION_CAPS
            .iter()
            .find(|(a, _)| name.eq_ignore_ascii_case(a))
        {
            let v = value.trim().parse::<f64>().unwrap_or(0.0);
            if v > *cap {
                return Err(Error::GraphTooLarge {
                    what: limits::ITERATION_CAPS
                        .iter()
                        .find(|(a, _)| name.eq_ignore_ascii_case(a))
                        .map_or("", |(a, _)| *a),
                    actual: v.min(u64::MAX as f64) as u64,
                    limit: *cap as u64,
                });
            }
        }
    }
    Ok(())
}

/// Occurrences of `needle` (ASCII) in `haystack`, ignoring case.
fn count_ci(haystack: &str, needle: &str) -> usize {
    haystack
        .as_bytes()
        .windows(needle.len())
        .filter(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
        .count()
}

fn contains_img_tag(html: &str) -> bool {
    let bytes = html.as_bytes();
    bytes.windows(4).enumerate().any(|(i, w)| {
        w[0] == b'<'
            && w[1..].eq_ignore_ascii_case(b"img")
            && bytes
                .get(i + 4)
                .is_none_or(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn img_tags_are_found_in_any_case() {
        assert!(contains_img_tag(
            "<TABLE><TR><TD><IMG SRC=\"x.png\"/></TD></TR></TABLE>"
        ));
        assert!(contains_img_tag("<img src='a'>"));
        assert!(!contains_img_tag("<imgx>"));
    }
}
