//! The `wit` diagram type: a WebAssembly component architecture drawn from WIT.
//!
//! [`to_dot`] parses one or more WIT packages with the Bytecode Alliance's `wit-parser`
//! (from the string, never the filesystem) and writes a readable Graphviz graph, which
//! the shared [`crate::graph`] stage renders with the same engine, options, themes and caching as DOT:
//!
//! - each world is a component (a cluster) with its imports on one side and its exports on
//!   the other as boundary nodes, and a `component` node in the middle that carries the
//!   world's annotations (`/// @language rust`, `/// @size 1.2MB`, or the options
//!   `wit-language-WORLD` and `wit-size-WORLD`);
//! - each interface defined in the source is one HTML-table node listing its functions with
//!   signatures, its resources with their constructors and methods, and its types; exporters
//!   point at it and importers are fed from it, so when one world's export satisfies another's
//!   import the composition reads left to right through the interface;
//! - WASI interfaces (`wasi:*`) are host capabilities on a host box: those imported are
//!   granted to the components, those only exported are entry points the host calls;
//! - packages a source refers to but does not define are stood in for by empty stubs, so a
//!   world that imports `wasi:http/types@0.2.0` draws without the WASI WIT files: only the
//!   names it uses are known, and that is what is drawn.
//!
//! Options: `wit-detail=full|names` (signatures, or only names), `wit-max-items=N` (rows per
//! interface before `… n more`, default [`DEFAULT_MAX_ITEMS`]).

mod hostile;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use wit_parser::{
    AstItem, Function, FunctionKind, Handle, InterfaceId, PackageId, PackageName, Resolve, Type,
    TypeDefKind, TypeId, UnresolvedPackageGroup, WorldItem, WorldKey,
};

use crate::diagram::{Diagram, Drawing, Example, Format, Kind, Spec, Options};
use crate::error::{Error, Lexicon, Position, Result};
use crate::graph;
use crate::svg::escape_markup;

/// Deepest nesting of `<`, `(` and `{` in WIT source: wit-parser recurses on it, so deeper
/// sources are refused (413, with line:column) before it sees them. Measured through the
/// wasm build (`node bench/stack.mjs`): `list<` nested 64 as PNG takes 37 KiB of Rust stack
/// and no more native stack than Node's own need.
pub const MAX_WIT_NESTING: usize = 64;

pub struct Wit;

pub static KIND: Wit = Wit;

pub static SPEC: Spec = Spec {
    name: "wit",
    title: "WIT components",
    extensions: &["wit"],
    formats: Format::GENERATED_GRAPH,
    engine: PARSER_VERSION,
    example: GALLERY[0].source,
    gallery: GALLERY,
    families: hostile::FAMILIES,
    hiding_prefixes: hostile::HIDING_PREFIXES,
    ..Spec::BASE
};

impl Kind for Wit {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    /// WIT becomes a Graphviz graph, then goes the way every graph goes.
    fn draw(&self, diagram: &Diagram) -> Result<Drawing> {
        graph::draw_generated(to_dot(&diagram.source, &diagram.options)?, diagram)
    }

    /// `wit-*`, and every option of the Graphviz path (`layout`, `graph-attribute-*`...).
    fn option(&self, name: &str, value: &str) -> Result<Option<String>> {
        if name.starts_with("wit-") {
            check_option(name, value)?;
            return Ok(Some(value.to_string()));
        }
        graph::option(name, value)
    }
}

const GALLERY: &[Example] = &[
    Example {
        name: "proxy",
        title: "WIT: an HTTP component",
        description: "a wasi:http/proxy-style world and its host capabilities",
        source: include_str!("examples/proxy.wit"),
    },
    Example {
        name: "compose",
        title: "WIT: composition",
        description: "one component's exports satisfy another's imports",
        source: include_str!("examples/compose.wit"),
    },
];

/// The WIT parser, as pinned in Cargo.toml.
pub const PARSER_VERSION: &str = "wit-parser 0.263.0";

/// Rows listed per interface before the rest is summed up as `… n more`.
pub const DEFAULT_MAX_ITEMS: usize = 12;
/// Highest `wit-max-items`.
pub const MAX_ITEMS_LIMIT: usize = 200;
/// Longest signature shown on one line (characters); a longer one is wrapped, an item a line.
const MAX_SIGNATURE: usize = 72;
/// Items (parameters, fields, cases) listed in a wrapped signature before `... n more`.
const MAX_WRAPPED_ITEMS: usize = 10;

/// The path wit-parser is told the source comes from (it appears in nothing served).
const SOURCE_PATH: &str = "diagram.wit";

/// How much of each interface to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Detail {
    names_only: bool,
    max_items: usize,
}

/// A WIT-only option (`wit-*`), checked.
fn check_option(name: &str, value: &str) -> Result<()> {
    let bad = |expected: &str| {
        Err(Error::BadRequest(format!(
            "option {name}='{}': expected {expected}",
            crate::error::excerpt(value)
        )))
    };
    match name {
        "wit-detail" if matches!(value, "full" | "names") => Ok(()),
        "wit-detail" => bad("full or names"),
        "wit-max-items" => match value.trim().parse::<usize>() {
            Ok(n) if (1..=MAX_ITEMS_LIMIT).contains(&n) => Ok(()),
            _ => bad(&format!("a number from 1 to {MAX_ITEMS_LIMIT}")),
        },
        _ if name.starts_with("wit-language-") || name.starts_with("wit-size-") => {
            if value.chars().count() <= 40 && !value.chars().any(char::is_control) {
                Ok(())
            } else {
                bad("at most 40 printable characters")
            }
        }
        _ => Err(Error::BadRequest(format!(
            "unknown option '{}'; WIT options: wit-detail, wit-max-items, wit-language-WORLD, wit-size-WORLD",
            crate::error::excerpt(name)
        ))),
    }
}

/// The Graphviz graph of the components, interfaces and host capabilities `source` declares.
pub fn to_dot(source: &str, options: &Options) -> Result<String> {
    check_nesting(source)?;
    let model = resolve(source)?;
    let detail = Detail {
        names_only: options.value("wit-detail") == Some("names"),
        max_items: options
            .value("wit-max-items")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(DEFAULT_MAX_ITEMS),
    };
    Ok(Writer::new(&model, options, detail).write())
}

/// Parsed and resolved WIT, with the packages that were only stubbed.
struct Model {
    resolve: Resolve,
    /// The packages written in the source, in source order.
    own: Vec<PackageId>,
    /// `(package, world)` of the worlds another world of the source `include`s (resolution
    /// merges them and forgets the includes, so they are noted before).
    included: BTreeSet<(String, String)>,
}

/// What a stub package must define: its interfaces with the type names used from each, and
/// its worlds.
type Stub = (BTreeMap<String, BTreeSet<String>>, BTreeSet<String>);

fn resolve(source: &str) -> Result<Model> {
    let source = &without_empty_doc_comments(source);
    // wit-parser is young: a panic in it is an error of this request, natively at least (in
    // the Worker a panic aborts; the known one is avoided above).
    crate::error::guard(|| resolve_unguarded(source))
        .map_err(|_| Error::Internal("the WIT parser panicked on this input".into()))?
}

/// `source` with every `/**/` outside comments made spaces (the same length, so positions
/// stay). wit-parser 0.263 reads any comment opening with `/**` as documentation and panics
/// on the empty one (fuzz finding K7: `/**/package a:b;`); to the parser a comment is
/// whitespace anyway.
fn without_empty_doc_comments(source: &str) -> std::borrow::Cow<'_, str> {
    if !source.contains("/**/") {
        return source.into();
    }
    let b = source.as_bytes();
    let mut out = b.to_vec();
    let (mut i, mut depth) = (0, 0usize);
    while i < b.len() {
        if depth == 0 && b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if depth == 0 && b[i..].starts_with(b"/**/") {
            out[i..i + 4].copy_from_slice(b"    ");
            i += 4;
        } else if b[i..].starts_with(b"/*") {
            depth += 1;
            i += 2;
        } else if depth > 0 && b[i..].starts_with(b"*/") {
            depth -= 1;
            i += 2;
        } else {
            i += 1;
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    String::from_utf8(out).map_or_else(|_| source.into(), Into::into)
}

/// `source` parsed and resolved, with a stub for each package it refers to but does not
/// define.
fn resolve_unguarded(source: &str) -> Result<Model> {
    let group = UnresolvedPackageGroup::parse(SOURCE_PATH, source)
        .map_err(|(map, e)| syntax(e.to_string(), &map.render_location(e.kind().span())))?;
    let stubs = stubs_needed(&group);
    let included = included_worlds(&group);
    let mut resolve = Resolve::new();
    push_stubs(&mut resolve, &stubs)?;
    let first_own = resolve.packages.len();
    resolve.push_group(group).map_err(|e| {
        let at = resolve.render_location(e.kind().span());
        syntax(e.to_string(), &at)
    })?;
    let own = resolve
        .packages
        .iter()
        .map(|(id, _)| id)
        .skip(first_own)
        .collect();
    Ok(Model {
        resolve,
        own,
        included,
    })
}

/// The packages `group` refers to but does not define, each with a stub defining just the
/// names used from it.
fn stubs_needed(group: &UnresolvedPackageGroup) -> BTreeMap<String, Stub> {
    let defined: BTreeSet<String> = std::iter::once(&group.main)
        .chain(&group.nested)
        .map(|p| p.name.to_string())
        .collect();
    let mut stubs: BTreeMap<String, Stub> = BTreeMap::new();
    for package in std::iter::once(&group.main).chain(&group.nested) {
        for (name, items) in &package.foreign_deps {
            let key = name.to_string();
            if defined.contains(&key) {
                continue;
            }
            let (interfaces, worlds) = stubs.entry(key).or_default();
            for (item, (ast, _)) in items {
                match ast {
                    AstItem::Interface(id) => {
                        let types = package.interfaces[*id].types.keys().cloned();
                        interfaces.entry(item.clone()).or_default().extend(types);
                    }
                    AstItem::World(_) => {
                        worlds.insert(item.clone());
                    }
                }
            }
        }
    }
    stubs
}

/// `(package, world)` of the worlds of `group` that another of its worlds `include`s
/// (resolution merges them and forgets the includes, so they are noted before).
fn included_worlds(group: &UnresolvedPackageGroup) -> BTreeSet<(String, String)> {
    let mut included = BTreeSet::new();
    for package in std::iter::once(&group.main).chain(&group.nested) {
        let foreign: BTreeSet<_> = package
            .foreign_deps
            .values()
            .flat_map(|items| items.values())
            .filter_map(|(ast, _)| match ast {
                AstItem::World(w) => Some(*w),
                AstItem::Interface(_) => None,
            })
            .collect();
        for (_, world) in package.worlds.iter() {
            for include in &world.includes {
                if !foreign.contains(&include.id) {
                    let name = package.worlds[include.id].name.clone();
                    included.insert((package.name.to_string(), name));
                }
            }
        }
    }
    included
}

/// Writes each stub package as WIT (an empty resource for each type name used) and adds it
/// to `resolve`.
fn push_stubs(resolve: &mut Resolve, stubs: &BTreeMap<String, Stub>) -> Result<()> {
    for (name, (interfaces, worlds)) in stubs {
        let mut text = format!("package {name};\n");
        for (interface, types) in interfaces {
            let _ = write!(text, "interface %{interface} {{");
            for t in types {
                let _ = write!(text, " resource %{t};");
            }
            text.push_str(" }\n");
        }
        for world in worlds {
            let _ = writeln!(text, "world %{world} {{}}");
        }
        let stub = UnresolvedPackageGroup::parse("external.wit", &text)
            .map_err(|(_, e)| Error::Internal(format!("WIT stub for {name}: {e}")))?;
        resolve
            .push_group(stub)
            .map_err(|e| Error::Internal(format!("WIT stub for {name}: {e}")))?;
    }
    Ok(())
}

/// A syntax or resolution error at wit-parser's `path:line:column` (when it is in the source).
fn syntax(message: String, location: &str) -> Error {
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next().and_then(|c| c.parse().ok());
    let line = parts.next().and_then(|l| l.parse().ok());
    let position = match (parts.next(), line, column) {
        (Some(SOURCE_PATH), Some(line), Some(column)) => Some(Position { line, column }),
        _ => None,
    };
    // wit-parser's messages can span lines (a hint, the known packages): one line here.
    let message = message
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("; ");
    Error::Syntax { message, position }
}

/// WIT as wit-parser's lexer (`ast/lex.rs`) reads it: `//` comments to the line's end,
/// `/* */` comments that nest (the lexer counts them in a loop, no recursion), and `"`
/// string literals with `\` escapes (`@external-id("...")`): before this reading a `"//"`
/// string hid the rest of its line from the check. `->` is no bracket: its `>` closes no
/// `<` (a closer ends only its own opener).
const LEXICON: Lexicon = Lexicon {
    line_comments: &[("//", "")],
    line_ends: &['\n'],
    block_comments: &[("/*", "*/")],
    nested_comments: true,
    quotes: &['"'],
    brackets: &[('<', '>'), ('(', ')'), ('{', '}')],
    raw: None,
};

/// Refuses sources that nest `<`, `(` or `{` deeper than [`MAX_WIT_NESTING`] as the lexer
/// reads them ([`LEXICON`]), before the recursive parser sees them (413 at the first
/// bracket too deep).
fn check_nesting(source: &str) -> Result<()> {
    crate::error::within_nesting(source, &LEXICON, MAX_WIT_NESTING)
}

/// Text for an HTML-like label, its lines (`\n`) left-aligned.
fn html_lines(s: &str) -> String {
    if !s.contains('\n') {
        return escape_markup(s);
    }
    let mut out = String::new();
    for line in s.lines() {
        out.push_str(&escape_markup(line));
        out.push_str("<br align=\"left\"/>");
    }
    out
}

/// `s` with its line breaks and their indentation made single spaces.
fn one_line(s: &str) -> String {
    s.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

/// `open` + `items` joined with `, ` + `close` on one line when that fits in
/// [`MAX_SIGNATURE`] characters; otherwise one item a line, indented, at most
/// [`MAX_WRAPPED_ITEMS`] of them and a count of the rest.
fn wrap(open: &str, items: &[String], close: &str) -> String {
    let line = format!("{open}{}{close}", items.join(", "));
    if line.chars().count() <= MAX_SIGNATURE {
        return line;
    }
    let mut out = open.trim_end().to_string();
    for item in items.iter().take(MAX_WRAPPED_ITEMS) {
        out.push_str("\n    ");
        out.push_str(&cut(format!("{item},"), MAX_SIGNATURE));
    }
    if items.len() > MAX_WRAPPED_ITEMS {
        let _ = write!(out, "\n    ... {} more", items.len() - MAX_WRAPPED_ITEMS);
    }
    out.push('\n');
    out.push_str(close.trim_start());
    out
}

fn cut(s: String, max: usize) -> String {
    if s.chars().count() <= max {
        return s;
    }
    // Three dots, not U+2026: Graphviz's font metrics for Helvetica cover ASCII only.
    let mut out: String = s.chars().take(max - 3).collect();
    out.push_str("...");
    out
}

/// Fill colours (light pastels: themes keep author fills and draw black text on them).
const WORLD_FILL: &str = "#eef3fb";
const COMPONENT_FILL: &str = "#c9dcf5";
const PORT_FILL: &str = "#ffffff";
const INTERFACE_HEAD: &str = "#fde9c4";
const HOST_FILL: &str = "#eaf6ea";
const CAPABILITY_FILL: &str = "#c8e8c8";

struct Writer<'a> {
    resolve: &'a Resolve,
    own: &'a [PackageId],
    included: &'a BTreeSet<(String, String)>,
    options: &'a Options,
    detail: Detail,
    out: String,
    /// Interfaces drawn as nodes: id → node name.
    interfaces: HashMap<InterfaceId, String>,
}

impl<'a> Writer<'a> {
    fn new(model: &'a Model, options: &'a Options, detail: Detail) -> Writer<'a> {
        Writer {
            resolve: &model.resolve,
            own: &model.own,
            included: &model.included,
            options,
            detail,
            out: String::new(),
            interfaces: HashMap::new(),
        }
    }

    fn package_name(&self, id: PackageId) -> &PackageName {
        &self.resolve.packages[id].name
    }

    /// `ns:pkg/name@version` for a named interface, or `name` for an inline one.
    fn interface_label(&self, key: Option<&WorldKey>, id: InterfaceId) -> String {
        if let Some(WorldKey::Name(name)) = key {
            return name.clone();
        }
        self.resolve
            .id_of(id)
            .unwrap_or_else(|| "interface".to_string())
    }

    fn is_wasi(&self, id: InterfaceId) -> bool {
        let iface = &self.resolve.interfaces[id];
        iface.package.is_some_and(|p| {
            // Every `wasi:` package (http, io, cli, filesystem, sockets, clocks, random and
            // the proposals: keyvalue, config...) is the host's to provide.
            self.package_name(p).namespace == "wasi"
        })
    }

    fn is_own(&self, id: InterfaceId) -> bool {
        self.resolve.interfaces[id]
            .package
            .is_some_and(|p| self.own.contains(&p))
    }

    /// The whole Graphviz graph: its defaults, the interfaces (host capabilities in their
    /// clusters), the worlds, and the `use` edges between interfaces.
    fn write(mut self) -> String {
        let worlds = self.drawn_worlds();
        self.graph_defaults();
        let used = self.used_interfaces(&worlds);
        self.interface_nodes(&worlds, &used);
        for (n, w) in worlds.iter().enumerate() {
            self.world(n, *w);
        }
        self.use_edges(&used);
        self.out.push_str("}\n");
        self.out
    }

    /// The source's worlds drawn as components: all but those merged into another by
    /// `include`, which are drawn as part of it, not alone.
    fn drawn_worlds(&self) -> Vec<wit_parser::WorldId> {
        let resolve = self.resolve;
        self.own
            .iter()
            .flat_map(|p| {
                let package = &resolve.packages[*p];
                package
                    .worlds
                    .iter()
                    .filter(|(name, _)| {
                        let key = (package.name.to_string(), name.to_string());
                        !self.included.contains(&key)
                    })
                    .map(|(_, w)| *w)
            })
            .collect()
    }

    /// Opens the graph with its attributes (those the options do not set) and the node and
    /// edge defaults.
    fn graph_defaults(&mut self) {
        let _ = writeln!(self.out, "digraph wit {{");
        let defaults: [(&str, &str); 7] = [
            ("rankdir", "LR"),
            ("fontname", "Helvetica"),
            ("fontsize", "12"),
            ("nodesep", "0.25"),
            ("ranksep", "0.6"),
            ("compound", "true"),
            ("newrank", "true"),
        ];
        for (name, value) in defaults {
            if self
                .options
                .value(&format!("graph-attribute-{name}"))
                .is_none()
            {
                let _ = writeln!(self.out, "  {name}={}", graph::quoted(value));
            }
        }
        let _ = writeln!(
            self.out,
            "  node [fontname=\"Helvetica\" fontsize=11 shape=box style=\"rounded,filled\" fillcolor=\"{PORT_FILL}\"]\n  edge [fontname=\"Helvetica\" fontsize=9 color=\"#555555\"]"
        );
    }

    /// The interfaces drawn: every one the worlds use, and those defined in the source that
    /// no world uses (drawn alone, so a package of interfaces is still a picture).
    fn used_interfaces(&self, worlds: &[wit_parser::WorldId]) -> Vec<InterfaceId> {
        let resolve = self.resolve;
        let mut used: Vec<InterfaceId> = Vec::new();
        for w in worlds {
            let world = &resolve.worlds[*w];
            for item in world.imports.values().chain(world.exports.values()) {
                if let WorldItem::Interface { id, .. } = item {
                    if !used.contains(id) {
                        used.push(*id);
                    }
                }
            }
        }
        for p in self.own {
            for id in resolve.packages[*p].interfaces.values() {
                if !used.contains(id) {
                    used.push(*id);
                }
            }
        }
        used
    }

    /// Writes the `used` interfaces' nodes. WASI interfaces some world imports are
    /// capabilities the host grants (left of the components); those only exported are entry
    /// points the host calls (right); each set is in a host cluster.
    fn interface_nodes(&mut self, worlds: &[wit_parser::WorldId], used: &[InterfaceId]) {
        let resolve = self.resolve;
        let imported: BTreeSet<InterfaceId> = worlds
            .iter()
            .flat_map(|w| resolve.worlds[*w].imports.values())
            .filter_map(|item| match item {
                WorldItem::Interface { id, .. } => Some(*id),
                _ => None,
            })
            .collect();
        let (host, others): (Vec<InterfaceId>, Vec<InterfaceId>) =
            used.iter().copied().partition(|id| self.is_wasi(*id));
        let (grants, calls): (Vec<InterfaceId>, Vec<InterfaceId>) =
            host.iter().copied().partition(|id| imported.contains(id));
        for (cluster, label, ids) in [
            ("host", "<b>host</b> (WASI capabilities granted)", grants),
            ("host_calls", "<b>host</b> (calls these exports)", calls),
        ] {
            if ids.is_empty() {
                continue;
            }
            let _ = writeln!(
                self.out,
                "  subgraph cluster_{cluster} {{\n    label=<{label}>\n    style=\"rounded,filled\" fillcolor=\"{HOST_FILL}\" color=\"#5a9a5a\""
            );
            for id in ids {
                self.interface_node(id, CAPABILITY_FILL, "    ");
            }
            let _ = writeln!(self.out, "  }}");
        }
        for id in others {
            self.interface_node(id, INTERFACE_HEAD, "  ");
        }
    }

    /// Writes the edges from each interface to those of the `used` that take types from it
    /// (`use`): they depend on it.
    fn use_edges(&mut self, used: &[InterfaceId]) {
        for id in used {
            for dep in self.interface_deps(*id) {
                if let (Some(from), Some(to)) = (self.interfaces.get(&dep), self.interfaces.get(id))
                {
                    let _ = writeln!(
                        self.out,
                        "  {from} -> {to} [style=dotted arrowhead=empty label=\"use\" constraint=false]"
                    );
                }
            }
        }
    }

    /// Writes interface `id` as a table node (its name heading on `head`), and notes its node.
    fn interface_node(&mut self, id: InterfaceId, head: &str, indent: &str) {
        let node = format!("i{}", self.interfaces.len());
        let label = self.interface_table(id, head);
        let _ = writeln!(self.out, "{indent}{node} [shape=plain label=<{label}>]");
        self.interfaces.insert(id, node);
    }

    /// The interfaces `id` takes types from (`use`).
    fn interface_deps(&self, id: InterfaceId) -> Vec<InterfaceId> {
        let mut deps = Vec::new();
        for t in self.resolve.interfaces[id].types.values() {
            if let TypeDefKind::Type(Type::Id(other)) = self.resolve.types[*t].kind {
                if let wit_parser::TypeOwner::Interface(from) = self.resolve.types[other].owner {
                    if from != id && !deps.contains(&from) {
                        deps.push(from);
                    }
                }
            }
        }
        deps
    }

    fn annotation(&self, world: &wit_parser::World, what: &str) -> Option<String> {
        if let Some(v) = self.options.value(&format!("wit-{what}-{}", world.name)) {
            return Some(v.to_string());
        }
        let docs = world.docs.contents.as_deref()?;
        docs.lines().find_map(|l| {
            let rest = l.trim().strip_prefix('@')?.strip_prefix(what)?;
            rest.starts_with(char::is_whitespace)
                .then(|| cut(rest.trim().to_string(), 40))
        })
    }

    /// Writes world `id` (the `n`th drawn) as a cluster: its component node, a port for
    /// each import and export, and the edges through them.
    fn world(&mut self, n: usize, id: wit_parser::WorldId) {
        let resolve = self.resolve;
        let world = &resolve.worlds[id];
        let _ = writeln!(
            self.out,
            "  subgraph cluster_w{n} {{\n    label=<<b>{}</b>>\n    style=\"rounded,filled\" fillcolor=\"{WORLD_FILL}\" color=\"#4a6fa5\"",
            escape_markup(&self.world_title(world))
        );
        let core = self.component_label(world);
        let _ = writeln!(
            self.out,
            "    w{n} [shape=component style=filled fillcolor=\"{COMPONENT_FILL}\" label=<{core}>]"
        );
        let edges = self.ports(n, world);
        let _ = writeln!(self.out, "  }}");
        for e in edges {
            let _ = writeln!(self.out, "  {e}");
        }
    }

    /// `ns:pkg/world@version`, or the world's name when it is in no package.
    fn world_title(&self, world: &wit_parser::World) -> String {
        world
            .package
            .map(|p| self.package_name(p).clone())
            .map(|p| {
                let mut s = format!("{}:{}/{}", p.namespace, p.name, world.name);
                if let Some(v) = &p.version {
                    let _ = write!(s, "@{v}");
                }
                s
            })
            .unwrap_or_else(|| world.name.clone())
    }

    /// The label of a world's component node: its name, its annotations (language, size)
    /// and the types it imports.
    fn component_label(&self, world: &wit_parser::World) -> String {
        let mut core = format!("<b>{}</b>", escape_markup(&world.name));
        for what in ["language", "size"] {
            if let Some(v) = self.annotation(world, what) {
                let _ = write!(
                    core,
                    "<br/><font point-size=\"9\">{what}: {}</font>",
                    escape_markup(&v)
                );
            }
        }
        let types: Vec<_> = world
            .imports
            .iter()
            .filter_map(|(k, item)| match item {
                WorldItem::Type { .. } => Some(self.resolve.name_world_key(k)),
                _ => None,
            })
            .collect();
        if !types.is_empty() {
            let _ = write!(
                core,
                "<br/><font point-size=\"9\">types: {}</font>",
                escape_markup(&cut(types.join(", "), MAX_SIGNATURE))
            );
        }
        core
    }

    /// Writes a port node for each import and export of `world` (the `n`th drawn), and
    /// returns the edges to write after its cluster: import port to component, component to
    /// export port, and each port to or from its interface's node.
    fn ports(&mut self, n: usize, world: &wit_parser::World) -> Vec<String> {
        let mut edges = Vec::new();
        for (side, items) in [("import", &world.imports), ("export", &world.exports)] {
            for (p, (key, item)) in items.iter().enumerate() {
                let port = format!("w{n}_{}{p}", &side[..1]);
                let (label, interface) = match item {
                    WorldItem::Interface { id, .. } => {
                        (self.interface_label(Some(key), *id), Some(*id))
                    }
                    WorldItem::Function(f) => (one_line(&self.signature(f)), None),
                    WorldItem::Type { .. } => continue,
                };
                let _ = writeln!(
                    self.out,
                    "    {port} [label={} tooltip={}]",
                    graph::quoted(&cut(label.clone(), MAX_SIGNATURE)),
                    graph::quoted(&format!("{side} {label}"))
                );
                let contract = interface.and_then(|i| self.interfaces.get(&i).cloned());
                if side == "import" {
                    edges.push(format!("{port} -> w{n}"));
                    if let Some(c) = contract {
                        edges.push(format!("{c} -> {port}"));
                    }
                } else {
                    edges.push(format!("w{n} -> {port}"));
                    if let Some(c) = contract {
                        edges.push(format!("{port} -> {c} [style=bold color=\"#4a6fa5\"]"));
                    }
                }
            }
        }
        edges
    }

    /// An interface as an HTML table: its name, then functions, resources and types.
    fn interface_table(&self, id: InterfaceId, head: &str) -> String {
        let resolve = self.resolve;
        let iface = &resolve.interfaces[id];
        let name = self.interface_label(None, id);
        let mut rows: Vec<String> = Vec::new();
        // Resources, with the functions that belong to them.
        let mut resources: Vec<(TypeId, String)> = Vec::new();
        // Types `use`d from elsewhere: named in one `use` row.
        let mut used: Vec<String> = Vec::new();
        for (tname, t) in &iface.types {
            let def = &resolve.types[*t];
            match &def.kind {
                TypeDefKind::Resource => resources.push((*t, tname.clone())),
                TypeDefKind::Type(Type::Id(other)) if def.owner != resolve.types[*other].owner => {
                    used.push(tname.clone())
                }
                kind => rows.push(self.type_row(tname, kind)),
            }
        }
        let mut functions = Vec::new();
        for f in iface.functions.values() {
            match resource_of(&f.kind) {
                Some(_) => {}
                None => functions.push(format!("<i>fn</i> {}", html_lines(&self.signature(f)))),
            }
        }
        let mut resource_rows = Vec::new();
        for (t, rname) in &resources {
            resource_rows.push(format!("<i>resource</i> <b>{}</b>", escape_markup(rname)));
            if self.detail.names_only {
                continue;
            }
            for f in iface.functions.values() {
                if resource_of(&f.kind) == Some(*t) {
                    resource_rows.push(format!("    {}", html_lines(&self.signature(f))));
                }
            }
        }
        let mut all: Vec<String> = functions;
        all.extend(resource_rows);
        all.extend(rows);
        if !used.is_empty() {
            all.push(format!(
                "<i>use</i> {}",
                escape_markup(&cut(used.join(", "), MAX_SIGNATURE))
            ));
        }
        let total = all.len();
        let mut table = format!(
            "<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"3\" bgcolor=\"#ffffff\"><tr><td bgcolor=\"{head}\"><b>{}</b></td></tr>",
            escape_markup(&name)
        );
        let external = !self.is_own(id);
        if external && total == 0 {
            let note = if self.is_wasi(id) {
                "standard interface"
            } else {
                "not defined in this source"
            };
            let _ = write!(
                table,
                "<tr><td><font point-size=\"9\"><i>{note}</i></font></td></tr>"
            );
        }
        for row in all.iter().take(self.detail.max_items) {
            let _ = write!(table, "<tr><td align=\"left\">{row}</td></tr>");
        }
        if total > self.detail.max_items {
            let _ = write!(
                table,
                "<tr><td align=\"left\"><i>... {} more</i></td></tr>",
                total - self.detail.max_items
            );
        }
        table.push_str("</table>");
        table
    }

    fn type_row(&self, name: &str, kind: &TypeDefKind) -> String {
        let keyword = match kind {
            TypeDefKind::Type(_) => "type",
            k => k.as_str(),
        };
        let mut row = format!("<i>{keyword}</i> <b>{}</b>", escape_markup(name));
        if self.detail.names_only {
            return row;
        }
        let body = match kind {
            TypeDefKind::Record(r) => {
                let fields: Vec<_> = r
                    .fields
                    .iter()
                    .map(|f| format!("{}: {}", f.name, self.ty(f.ty)))
                    .collect();
                wrap(" { ", &fields, " }")
            }
            TypeDefKind::Variant(v) => {
                let cases: Vec<_> = v
                    .cases
                    .iter()
                    .map(|c| match c.ty {
                        Some(t) => format!("{}({})", c.name, self.ty(t)),
                        None => c.name.clone(),
                    })
                    .collect();
                wrap(" { ", &cases, " }")
            }
            TypeDefKind::Enum(e) => {
                let cases: Vec<_> = e.cases.iter().map(|c| c.name.clone()).collect();
                wrap(" { ", &cases, " }")
            }
            TypeDefKind::Flags(f) => {
                let flags: Vec<_> = f.flags.iter().map(|c| c.name.clone()).collect();
                wrap(" { ", &flags, " }")
            }
            TypeDefKind::Type(t) => format!(" = {}", self.ty(*t)),
            other => format!(" = {}", self.kind_name(other)),
        };
        row.push_str(&html_lines(&body));
        row
    }

    /// `name(a: t, b: u) -> r`, or the bare name with `wit-detail=names`.
    fn signature(&self, f: &Function) -> String {
        let name = f.item_name();
        let prefix = match f.kind {
            FunctionKind::AsyncFreestanding
            | FunctionKind::AsyncMethod(_)
            | FunctionKind::AsyncStatic(_) => "async ",
            FunctionKind::Static(_) => "static ",
            _ => "",
        };
        if self.detail.names_only {
            return format!("{prefix}{name}");
        }
        let skip_self = matches!(
            f.kind,
            FunctionKind::Method(_) | FunctionKind::AsyncMethod(_)
        );
        let params: Vec<_> = f
            .params
            .iter()
            .skip(usize::from(skip_self))
            .map(|p| format!("{}: {}", p.name, self.ty(p.ty)))
            .collect();
        let mut close = ")".to_string();
        if let Some(r) = f.result {
            if !matches!(f.kind, FunctionKind::Constructor(_)) {
                let _ = write!(close, " -> {}", self.ty(r));
            }
        }
        wrap(&format!("{prefix}{name}("), &params, &close)
    }

    fn ty(&self, t: Type) -> String {
        match t {
            Type::Bool => "bool".into(),
            Type::U8 => "u8".into(),
            Type::U16 => "u16".into(),
            Type::U32 => "u32".into(),
            Type::U64 => "u64".into(),
            Type::S8 => "s8".into(),
            Type::S16 => "s16".into(),
            Type::S32 => "s32".into(),
            Type::S64 => "s64".into(),
            Type::F32 => "f32".into(),
            Type::F64 => "f64".into(),
            Type::Char => "char".into(),
            Type::String => "string".into(),
            Type::ErrorContext => "error-context".into(),
            Type::Id(id) => {
                let def = &self.resolve.types[id];
                match &def.name {
                    Some(name) => name.clone(),
                    None => self.kind_name(&def.kind),
                }
            }
        }
    }

    fn kind_name(&self, kind: &TypeDefKind) -> String {
        let opt = |t: &Option<Type>| t.map_or("_".to_string(), |t| self.ty(t));
        match kind {
            TypeDefKind::List(t) => format!("list<{}>", self.ty(*t)),
            TypeDefKind::FixedLengthList(t, n) => format!("list<{}, {n}>", self.ty(*t)),
            TypeDefKind::Map(k, v) => format!("map<{}, {}>", self.ty(*k), self.ty(*v)),
            TypeDefKind::Option(t) => format!("option<{}>", self.ty(*t)),
            TypeDefKind::Result(r) => match (r.ok, r.err) {
                (None, None) => "result".into(),
                (ok, err) => format!("result<{}, {}>", opt(&ok), opt(&err)),
            },
            TypeDefKind::Tuple(t) => {
                let parts: Vec<_> = t.types.iter().map(|t| self.ty(*t)).collect();
                format!("tuple<{}>", parts.join(", "))
            }
            TypeDefKind::Handle(Handle::Own(r)) => self.ty(Type::Id(*r)),
            TypeDefKind::Handle(Handle::Borrow(r)) => format!("borrow<{}>", self.ty(Type::Id(*r))),
            TypeDefKind::Future(t) => match t {
                Some(t) => format!("future<{}>", self.ty(*t)),
                None => "future".into(),
            },
            TypeDefKind::Stream(t) => match t {
                Some(t) => format!("stream<{}>", self.ty(*t)),
                None => "stream".into(),
            },
            TypeDefKind::Type(t) => self.ty(*t),
            other => other.as_str().to_string(),
        }
    }
}

/// The resource a function belongs to (constructor, method or static function).
fn resource_of(kind: &FunctionKind) -> Option<TypeId> {
    match kind {
        FunctionKind::Method(t)
        | FunctionKind::AsyncMethod(t)
        | FunctionKind::Static(t)
        | FunctionKind::AsyncStatic(t)
        | FunctionKind::Constructor(t)
        | FunctionKind::MethodGetter(t)
        | FunctionKind::MethodSetter(t)
        | FunctionKind::StaticGetter(t)
        | FunctionKind::StaticSetter(t) => Some(*t),
        _ => None,
    }
}
