//! Shared stage `pdf`: SVG → PDF, from the same usvg tree the PNG is drawn from
//! ([`raster::read`]: the embedded fonts, nothing else), written with `pdf-writer`.
//!
//! One page, the size the SVG declares in points (CSS `px` × 0.75; Graphviz's `pt` are
//! already points), times `scale`. Shapes stay vectors; text stays text: each glyph is drawn
//! from a subset of the embedded face it was laid out with (`subsetter`), with a `ToUnicode`
//! map, so the labels can be searched and copied. What PDF has no vector form for here —
//! filters (Mermaid's drop shadows), masks, patterns, gradients with transparent stops or
//! repeated spreads, clip paths that are not plain shapes, embedded images — is drawn by
//! resvg as a bitmap in its place, with a note.
//!
//! The bytes depend on the SVG and `scale` only: no dates, no random ids, so the cache key
//! and ETag stay content-addressed. There is nothing active: no JavaScript, actions,
//! annotations or embedded files.

use pdf_writer::types::{
    CidFontType, FontFlags, FunctionShadingType, LineCapStyle, LineJoinStyle, SystemInfo,
    TextRenderingMode, UnicodeCmap,
};
use pdf_writer::writers::Resources;
use pdf_writer::{Chunk, Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};
use resvg::tiny_skia::{self, Transform};
use resvg::usvg::{self, fontdb, Node};
use skrifa::raw::TableProvider;
use skrifa::MetadataProvider;

use crate::error::{Error, Result};
use crate::limits;

/// A PDF and what was noted while writing it.
#[derive(Debug, Clone)]
pub struct Document {
    pub bytes: Vec<u8>,
    pub notes: Vec<String>,
}

/// PDF points per CSS pixel (72 per inch over 96).
const POINTS_PER_PX: f32 = 0.75;

/// Pixels per CSS pixel of the bitmaps drawn in place of what has no vector form: twice the
/// PNG's own resolution, so they stay sharp when the page is zoomed or printed at 192 dpi.
const FALLBACK_RESOLUTION: f32 = 2.0;

/// Writes `tree` (an SVG as [`raster::parse`] reads it, the tree the PNG is drawn from) as a
/// one-page PDF at `scale` (1 = the size the SVG declares).
pub fn write(tree: &usvg::Tree, scale: f32) -> Result<Document> {
    let size = tree.size();
    let (points_per_px, fitted) = fit(size.width(), size.height(), scale);
    let (width, height) = (size.width() * points_per_px, size.height() * points_per_px);
    let mut writer = Writer::new(tree.fontdb().clone());
    let mut content = Content::new();
    // Lines where the geometry puts them, as resvg draws them: no stroke adjustment (which
    // some readers turn on unless the document says otherwise).
    let exact = writer.exact_strokes();
    content.set_parameters(Name(exact.as_bytes()));
    // The SVG's y axis points down, PDF's up.
    content.transform([points_per_px, 0.0, 0.0, -points_per_px, 0.0, height]);
    writer.group(tree.root(), Transform::identity(), &mut content);
    writer.note_missing_glyphs();
    let mut notes = writer.notes.clone();
    notes.extend(fitted);
    let bytes = writer.finish(width, height, content.finish().as_slice())?;
    crate::error::within("PDF (bytes)", bytes.len(), limits::MAX_PDF_BYTES)?;
    Ok(Document { bytes, notes })
}

/// Points per CSS pixel for a drawing of `width` × `height` px at `scale`, and a note when
/// the page had to be made smaller to fit [`limits::MAX_PDF_PAGE_SIDE`].
fn fit(width: f32, height: f32, scale: f32) -> (f32, Option<String>) {
    let wanted = POINTS_PER_PX * scale;
    let longest = width.max(height) * wanted;
    let side = limits::MAX_PDF_PAGE_SIDE as f32;
    if longest <= side {
        return (wanted, None);
    }
    let factor = side / longest;
    let note = format!(
        "Scaling by {factor:.3} to fit the PDF page limit of {} points a side",
        limits::MAX_PDF_PAGE_SIDE
    );
    (wanted * factor, Some(note))
}

/// One embedded face as used by the page: its glyphs renumbered for the subset, and the
/// text each glyph stands for (the `ToUnicode` map).
struct FontUse {
    id: fontdb::ID,
    name: String,
    units_per_em: u16,
    glyphs: subsetter::GlyphRemapper,
    texts: Vec<(u16, String)>,
}

/// What a graphics state sets: the fill and stroke opacities (as bits) and the blend mode;
/// `None` for the page's first (stroke adjustment off).
type StateKey = Option<([u32; 2], usvg::BlendMode)>;

/// The objects of the document as they are written, and the one resource dictionary the page
/// and every form share.
struct Writer {
    db: std::sync::Arc<fontdb::Database>,
    chunk: Chunk,
    next: i32,
    resources: Ref,
    /// Graphics states: what each sets, its name and object.
    states: Vec<(StateKey, String, Ref)>,
    x_objects: Vec<(String, Ref)>,
    shadings: Vec<(String, Ref)>,
    fonts: Vec<FontUse>,
    notes: Vec<String>,
    missing_glyphs: usize,
    /// Pixels the bitmaps drawn in place of what has no vector form may still use: all of
    /// them together within the PNG's pixel limit, so a PDF's bitmaps are never larger
    /// than the PNG of the same drawing.
    bitmap_pixels_left: f64,
}

/// Why a node is drawn as a bitmap, when it is.
fn needs_bitmap(node: &Node) -> Option<&'static str> {
    match node {
        Node::Image(_) => Some("an embedded image"),
        Node::Group(g) if !g.filters().is_empty() => Some("a filter (drop shadow)"),
        Node::Group(g) if g.mask().is_some() => Some("a mask"),
        Node::Group(g) if g.clip_path().is_some_and(|c| !plain_clip(c)) => {
            Some("a clip path with text or a clip of its own")
        }
        Node::Path(p) => [
            p.fill().map(usvg::Fill::paint),
            p.stroke().map(usvg::Stroke::paint),
        ]
        .into_iter()
        .flatten()
        .find_map(paint_needs_bitmap),
        Node::Text(t) => t
            .layouted()
            .iter()
            .flat_map(|s| {
                [
                    s.fill.as_ref().map(|f| f.paint()),
                    s.stroke.as_ref().map(|s| s.paint()),
                ]
            })
            .flatten()
            .find_map(|p| match p {
                usvg::Paint::Color(_) => None,
                _ => Some("text painted with a gradient or pattern"),
            }),
        Node::Group(_) => None,
    }
}

fn paint_needs_bitmap(paint: &usvg::Paint) -> Option<&'static str> {
    let base: &usvg::BaseGradient = match paint {
        usvg::Paint::Color(_) => return None,
        usvg::Paint::Pattern(_) => return Some("a pattern"),
        usvg::Paint::LinearGradient(g) => g,
        usvg::Paint::RadialGradient(g) => g,
    };
    if base.spread_method() != usvg::SpreadMethod::Pad {
        return Some("a repeated or reflected gradient");
    }
    if base.stops().iter().any(|s| s.opacity().get() < 1.0) {
        return Some("a gradient with transparent stops");
    }
    None
}

/// A clip path PDF can state as a clipping path: shapes only (in groups that only move
/// them), no clip path of its own.
fn plain_clip(clip: &usvg::ClipPath) -> bool {
    fn shapes_only(group: &usvg::Group) -> bool {
        group.children().iter().all(|n| match n {
            Node::Path(_) => true,
            Node::Group(g) => {
                g.clip_path().is_none()
                    && g.mask().is_none()
                    && g.filters().is_empty()
                    && shapes_only(g)
            }
            _ => false,
        })
    }
    clip.clip_path().is_none() && shapes_only(clip.root())
}

impl Writer {
    fn new(db: std::sync::Arc<fontdb::Database>) -> Writer {
        Writer {
            db,
            chunk: Chunk::new(),
            next: 1,
            resources: Ref::new(1),
            states: Vec::new(),
            x_objects: Vec::new(),
            shadings: Vec::new(),
            fonts: Vec::new(),
            notes: Vec::new(),
            missing_glyphs: 0,
            bitmap_pixels_left: limits::MAX_PNG_PIXELS as f64,
        }
        .with_resources()
    }

    fn with_resources(mut self) -> Writer {
        self.resources = self.alloc();
        self
    }

    fn alloc(&mut self) -> Ref {
        let id = Ref::new(self.next);
        self.next += 1;
        id
    }

    fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// The children of `group`, whose parent's absolute transform is `parent`, in the
    /// content's current space (the parent's).
    fn group(&mut self, group: &usvg::Group, parent: Transform, c: &mut Content) {
        c.save_state();
        c.transform(matrix(group.transform()));
        if let Some(clip) = group.clip_path() {
            self.clip(clip, c);
        }
        let abs = parent.pre_concat(group.transform());
        let isolated = group.opacity().get() < 1.0 || group.blend_mode() != usvg::BlendMode::Normal;
        if isolated {
            let mut inner = Content::new();
            self.children(group, abs, &mut inner);
            let bbox = group.layer_bounding_box();
            let form = self.alloc();
            let data = deflate(inner.finish().as_slice());
            let mut x = self.chunk.form_xobject(form, &data);
            x.filter(Filter::FlateDecode);
            x.bbox(Rect::new(
                bbox.left() - 1.0,
                bbox.top() - 1.0,
                bbox.right() + 1.0,
                bbox.bottom() + 1.0,
            ));
            x.group().transparency().isolated(group.isolate());
            x.pair(Name(b"Resources"), self.resources);
            x.finish();
            let state = self.state(
                group.opacity().get(),
                group.opacity().get(),
                group.blend_mode(),
            );
            c.set_parameters(Name(state.as_bytes()));
            let name = self.x_object(form);
            c.x_object(Name(name.as_bytes()));
        } else {
            self.children(group, abs, c);
        }
        c.restore_state();
    }

    fn children(&mut self, group: &usvg::Group, abs: Transform, c: &mut Content) {
        for node in group.children() {
            if let Some(why) = needs_bitmap(node) {
                self.bitmap(node, abs, c, why);
                continue;
            }
            match node {
                Node::Group(g) => self.group(g, abs, c),
                Node::Path(p) => self.path(p, c),
                Node::Text(t) => self.text(t, c),
                Node::Image(_) => {}
            }
        }
    }

    /// Intersects the clipping region with `clip`'s shapes (a plain clip: [`plain_clip`]).
    fn clip(&mut self, clip: &usvg::ClipPath, c: &mut Content) {
        fn shapes(
            group: &usvg::Group,
            ts: Transform,
            out: &mut Vec<(tiny_skia::Path, usvg::FillRule)>,
        ) {
            for node in group.children() {
                match node {
                    Node::Path(p) if p.is_visible() => {
                        let rule = p.fill().map_or(usvg::FillRule::NonZero, usvg::Fill::rule);
                        if let Some(path) = p.data().clone().transform(ts) {
                            out.push((path, rule));
                        }
                    }
                    Node::Group(g) => shapes(g, ts.pre_concat(g.transform()), out),
                    _ => {}
                }
            }
        }
        let mut found = Vec::new();
        shapes(clip.root(), clip.transform(), &mut found);
        if found.is_empty() {
            c.rect(0.0, 0.0, 0.0, 0.0).clip_nonzero().end_path();
            return;
        }
        for (path, _) in &found {
            path_data(path, c);
        }
        if found.iter().all(|(_, r)| *r == usvg::FillRule::EvenOdd) {
            c.clip_even_odd();
        } else {
            c.clip_nonzero();
        }
        c.end_path();
    }

    fn path(&mut self, path: &usvg::Path, c: &mut Content) {
        if !path.is_visible() {
            return;
        }
        match path.paint_order() {
            usvg::PaintOrder::FillAndStroke => {
                self.fill_with(path.data(), path.fill(), c);
                self.stroke(path.data(), path.stroke(), c);
            }
            usvg::PaintOrder::StrokeAndFill => {
                self.stroke(path.data(), path.stroke(), c);
                self.fill_with(path.data(), path.fill(), c);
            }
        }
    }

    fn fill_with(&mut self, data: &tiny_skia::Path, fill: Option<&usvg::Fill>, c: &mut Content) {
        if let Some(fill) = fill {
            self.fill(data, fill.paint(), fill.opacity().get(), fill.rule(), c);
        }
    }

    fn fill(
        &mut self,
        data: &tiny_skia::Path,
        paint: &usvg::Paint,
        opacity: f32,
        rule: usvg::FillRule,
        c: &mut Content,
    ) {
        c.save_state();
        if opacity < 1.0 {
            let state = self.state(opacity, 1.0, usvg::BlendMode::Normal);
            c.set_parameters(Name(state.as_bytes()));
        }
        path_data(data, c);
        match paint {
            usvg::Paint::Color(color) => {
                let [r, g, b] = rgb(*color);
                c.set_fill_rgb(r, g, b);
                match rule {
                    usvg::FillRule::NonZero => c.fill_nonzero(),
                    usvg::FillRule::EvenOdd => c.fill_even_odd(),
                };
            }
            paint => {
                match rule {
                    usvg::FillRule::NonZero => c.clip_nonzero(),
                    usvg::FillRule::EvenOdd => c.clip_even_odd(),
                };
                c.end_path();
                self.shade(paint, c);
            }
        }
        c.restore_state();
    }

    fn stroke(&mut self, data: &tiny_skia::Path, stroke: Option<&usvg::Stroke>, c: &mut Content) {
        let Some(stroke) = stroke else { return };
        let usvg::Paint::Color(color) = stroke.paint() else {
            // A gradient stroke: the stroke's outline, filled with the gradient.
            if let Some(outline) = data.stroke(&stroke.to_tiny_skia(), 1.0) {
                let opacity = stroke.opacity().get();
                self.fill(
                    &outline,
                    stroke.paint(),
                    opacity,
                    usvg::FillRule::NonZero,
                    c,
                );
            }
            return;
        };
        c.save_state();
        let opacity = stroke.opacity().get();
        if opacity < 1.0 {
            let state = self.state(1.0, opacity, usvg::BlendMode::Normal);
            c.set_parameters(Name(state.as_bytes()));
        }
        let [r, g, b] = rgb(*color);
        c.set_stroke_rgb(r, g, b);
        line_style(stroke, c);
        path_data(data, c);
        c.stroke();
        c.restore_state();
    }

    /// Paints the current clipping region with a gradient (pad spread, opaque stops:
    /// [`paint_needs_bitmap`]).
    fn shade(&mut self, paint: &usvg::Paint, c: &mut Content) {
        let (base, kind, coords): (&usvg::BaseGradient, _, Vec<f32>) = match paint {
            usvg::Paint::LinearGradient(g) => (
                g,
                FunctionShadingType::Axial,
                vec![g.x1(), g.y1(), g.x2(), g.y2()],
            ),
            usvg::Paint::RadialGradient(g) => (
                g,
                FunctionShadingType::Radial,
                vec![g.fx(), g.fy(), g.fr().get(), g.cx(), g.cy(), g.r().get()],
            ),
            _ => return,
        };
        let stops = base.stops();
        let Some(first) = stops.first() else { return };
        let function = self.stops_function(stops);
        let shading = self.alloc();
        let mut s = self.chunk.function_shading(shading);
        s.shading_type(kind);
        s.color_space().device_rgb();
        s.coords(coords);
        match function {
            Some(f) => s.function(f),
            None => {
                // One stop: the whole area in its colour.
                let [r, g, b] = rgb(first.color());
                drop(s);
                c.set_fill_rgb(r, g, b);
                c.rect(-1e6, -1e6, 2e6, 2e6).fill_nonzero();
                return;
            }
        };
        s.extend([true, true]);
        s.finish();
        let name = format!("Sh{}", self.shadings.len());
        self.shadings.push((name.clone(), shading));
        c.transform(matrix(base.transform()));
        c.shading(Name(name.as_bytes()));
    }

    /// The colour function over a gradient's stops, or `None` for a single stop.
    fn stops_function(&mut self, stops: &[usvg::Stop]) -> Option<Ref> {
        if stops.len() < 2 {
            return None;
        }
        let pieces: Vec<Ref> = stops
            .windows(2)
            .map(|pair| {
                let id = self.alloc();
                self.chunk
                    .exponential_function(id)
                    .domain([0.0, 1.0])
                    .c0(rgb(pair[0].color()))
                    .c1(rgb(pair[1].color()))
                    .n(1.0);
                id
            })
            .collect();
        let stitched = self.alloc();
        let bounds: Vec<f32> = stops[1..stops.len() - 1]
            .iter()
            .map(|s| s.offset().get())
            .collect();
        self.chunk
            .stitching_function(stitched)
            .domain([0.0, 1.0])
            .functions(pieces.iter().copied())
            .bounds(bounds)
            .encode(pieces.iter().flat_map(|_| [0.0, 1.0]));
        Some(stitched)
    }

    fn text(&mut self, text: &usvg::Text, c: &mut Content) {
        self.count_missing(text);
        for span in text.layouted() {
            if !span.visible {
                continue;
            }
            for line in [&span.underline, &span.overline].into_iter().flatten() {
                self.path(line, c);
            }
            self.glyphs(span, None, c);
            if let Some(line) = &span.line_through {
                self.path(line, c);
            }
        }
    }

    /// The glyphs of `span`, painted as it says or in `mode`.
    fn glyphs(
        &mut self,
        span: &usvg::layout::Span,
        mode: Option<TextRenderingMode>,
        c: &mut Content,
    ) {
        let fill = span.fill.as_ref();
        let stroke = span.stroke.as_ref();
        let mode = mode.unwrap_or(match (fill.is_some(), stroke.is_some()) {
            (true, false) => TextRenderingMode::Fill,
            (false, true) => TextRenderingMode::Stroke,
            (true, true) => TextRenderingMode::FillStroke,
            (false, false) => TextRenderingMode::Invisible,
        });
        c.save_state();
        let fill_opacity = fill.map_or(1.0, |f| f.opacity().get());
        let stroke_opacity = stroke.map_or(1.0, |s| s.opacity().get());
        if fill_opacity < 1.0 || stroke_opacity < 1.0 {
            let state = self.state(fill_opacity, stroke_opacity, usvg::BlendMode::Normal);
            c.set_parameters(Name(state.as_bytes()));
        }
        if let Some(usvg::Paint::Color(color)) = fill.map(usvg::Fill::paint) {
            let [r, g, b] = rgb(*color);
            c.set_fill_rgb(r, g, b);
        }
        if let Some(stroke) = stroke {
            if let usvg::Paint::Color(color) = stroke.paint() {
                let [r, g, b] = rgb(*color);
                c.set_stroke_rgb(r, g, b);
            }
            line_style(stroke, c);
        }
        c.begin_text();
        c.set_text_rendering_mode(mode);
        let mut current: Option<(usize, f32)> = None;
        for glyph in &span.positioned_glyphs {
            let (font, cid, units_per_em) = self.glyph(glyph);
            let size = glyph.font_size();
            if current != Some((font, size)) {
                let name = self.fonts[font].name.clone();
                c.set_font(Name(name.as_bytes()), size);
                current = Some((font, size));
            }
            // usvg's glyph transform maps font units to the page; PDF's text space has the
            // em as its unit, scaled by the font size, y up.
            let k = f32::from(units_per_em) / size;
            c.set_text_matrix(matrix(glyph.transform().pre_scale(k, -k)));
            c.show(Str(&cid.to_be_bytes()));
        }
        c.end_text();
        c.restore_state();
    }

    /// Counts the characters of `text` that no embedded face has a glyph for: usvg lays them
    /// out as nothing (the PNG leaves them out too).
    fn count_missing(&mut self, text: &usvg::Text) {
        fn drawable(c: &char) -> bool {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{200B}'..='\u{200D}' | '\u{2060}')
        }
        let written = text
            .chunks()
            .iter()
            .flat_map(|chunk| chunk.text().chars())
            .filter(drawable)
            .count();
        let laid_out = text
            .layouted()
            .iter()
            .flat_map(|span| &span.positioned_glyphs)
            .filter(|g| g.id.0 != 0)
            .flat_map(|g| g.text.chars())
            .filter(drawable)
            .count();
        self.missing_glyphs += written.saturating_sub(laid_out);
    }

    /// The font (an index into `fonts`), the CID of `glyph` in its subset, and the face's
    /// units per em.
    fn glyph(&mut self, glyph: &usvg::layout::PositionedGlyph) -> (usize, u16, u16) {
        let index = match self.fonts.iter().position(|f| f.id == glyph.font) {
            Some(i) => i,
            None => {
                let units_per_em = self
                    .db
                    .with_face_data(glyph.font, |data, face| {
                        skrifa::FontRef::from_index(data, face)
                            .ok()
                            .and_then(|f| f.head().ok())
                            .map(|h| h.units_per_em())
                    })
                    .flatten()
                    .unwrap_or(1000);
                self.fonts.push(FontUse {
                    id: glyph.font,
                    name: format!("F{}", self.fonts.len()),
                    units_per_em,
                    glyphs: subsetter::GlyphRemapper::new(),
                    texts: Vec::new(),
                });
                self.fonts.len() - 1
            }
        };
        let gid = u16::try_from(glyph.id.0).unwrap_or(0);
        let font = &mut self.fonts[index];
        let cid = font.glyphs.remap(gid);
        if !font.texts.iter().any(|(c, _)| *c == cid) {
            font.texts.push((cid, glyph.text.clone()));
        }
        (index, cid, font.units_per_em)
    }

    /// `node` (whose parent's absolute transform is `parent`) drawn by resvg as a bitmap in
    /// its place.
    fn bitmap(&mut self, node: &Node, parent: Transform, c: &mut Content, why: &str) {
        let Some(bbox) = node.abs_layer_bounding_box() else {
            return;
        };
        let pixels = f64::from(bbox.width()) * f64::from(bbox.height());
        let left = self.bitmap_pixels_left.max(0.0);
        let res = FALLBACK_RESOLUTION.min((left / pixels.max(1.0)).sqrt() as f32);
        let width = (bbox.width() * res).ceil().max(1.0) as u32;
        let height = (bbox.height() * res).ceil().max(1.0) as u32;
        self.bitmap_pixels_left -= f64::from(width) * f64::from(height);
        let Some(mut pixmap) = tiny_skia::Pixmap::new(width, height) else {
            return;
        };
        // resvg draws the node at its absolute bounding box's corner: undo the parent's
        // transform around it, so the node lands where it is on the page.
        let ts = Transform::from_scale(res, res)
            .pre_translate(-bbox.x(), -bbox.y())
            .pre_concat(parent)
            .pre_translate(bbox.x(), bbox.y());
        resvg::render_node(node, ts, &mut pixmap.as_mut());
        self.note(format!(
            "Drawn as a bitmap at {} dpi: {why}",
            (96.0 * res).round()
        ));
        let (colour, alpha) = unpremultiplied(&pixmap);
        let mask = self.image(&alpha, width, height, None);
        let image = self.image(&colour, width, height, Some(mask));
        let name = self.x_object(image);
        c.save_state();
        if let Some(inverse) = parent.invert() {
            c.transform(matrix(inverse));
        }
        c.transform([
            bbox.width(),
            0.0,
            0.0,
            -bbox.height(),
            bbox.x(),
            bbox.y() + bbox.height(),
        ]);
        c.x_object(Name(name.as_bytes()));
        c.restore_state();
        // Its text drawn again, invisibly, over the bitmap: still searchable and copyable.
        self.invisible_text(node, c);
    }

    /// An 8-bit image of `width` × `height` pixels, compressed: RGB with `mask` as its soft
    /// mask, or without one grey (a soft mask itself).
    fn image(&mut self, samples: &[u8], width: u32, height: u32, mask: Option<Ref>) -> Ref {
        let id = self.alloc();
        let data = deflate(samples);
        let mut x = self.chunk.image_xobject(id, &data);
        x.filter(Filter::FlateDecode);
        x.width(width as i32)
            .height(height as i32)
            .bits_per_component(8);
        match mask {
            Some(mask) => {
                x.s_mask(mask);
                x.color_space().device_rgb();
            }
            None => x.color_space().device_gray(),
        }
        x.finish();
        id
    }

    /// The text in `node`, drawn invisibly (text rendering mode 3) where it lies.
    fn invisible_text(&mut self, node: &Node, c: &mut Content) {
        match node {
            Node::Group(g) => {
                c.save_state();
                c.transform(matrix(g.transform()));
                for child in g.children() {
                    self.invisible_text(child, c);
                }
                c.restore_state();
            }
            Node::Text(t) => {
                for span in t.layouted() {
                    self.glyphs(span, Some(TextRenderingMode::Invisible), c);
                }
            }
            Node::Path(_) | Node::Image(_) => {}
        }
    }

    /// The name of a graphics state with these opacities and blend mode.
    fn state(&mut self, fill: f32, stroke: f32, blend: usvg::BlendMode) -> String {
        let key = Some(([fill.to_bits(), stroke.to_bits()], blend));
        if let Some((_, name, _)) = self.states.iter().find(|(k, _, _)| *k == key) {
            return name.clone();
        }
        let id = self.alloc();
        let mut gs = self.chunk.ext_graphics(id);
        gs.non_stroking_alpha(fill).stroking_alpha(stroke);
        if blend != usvg::BlendMode::Normal {
            gs.blend_mode(blend_mode(blend));
        }
        gs.finish();
        let name = format!("G{}", self.states.len());
        self.states.push((key, name.clone(), id));
        name
    }

    /// The name of a graphics state that turns stroke adjustment off.
    fn exact_strokes(&mut self) -> String {
        let id = self.alloc();
        self.chunk.ext_graphics(id).stroke_adjustment(false);
        let name = format!("G{}", self.states.len());
        self.states.push((None, name.clone(), id));
        name
    }

    fn x_object(&mut self, id: Ref) -> String {
        let name = format!("X{}", self.x_objects.len());
        self.x_objects.push((name.clone(), id));
        name
    }

    /// Notes the characters [`Writer::count_missing`] counted, if any.
    fn note_missing_glyphs(&mut self) {
        if self.missing_glyphs > 0 {
            let n = self.missing_glyphs;
            self.note(format!(
                "{n} character{} no glyph in the embedded fonts: drawn as the face's missing glyph, as in the PNG",
                if n == 1 { " has" } else { "s have" }
            ));
        }
    }

    /// The document: fonts, resources, the page with `content`, `width` × `height` points.
    fn finish(mut self, width: f32, height: f32, content: &[u8]) -> Result<Vec<u8>> {
        let fonts = std::mem::take(&mut self.fonts);
        let mut font_refs = Vec::new();
        for (i, font) in fonts.iter().enumerate() {
            font_refs.push((font.name.clone(), self.font(font, i)?));
        }
        let mut res = self.chunk.indirect(self.resources).start::<Resources>();
        let mut dict = res.fonts();
        for (name, id) in &font_refs {
            dict.pair(Name(name.as_bytes()), *id);
        }
        dict.finish();
        let mut dict = res.ext_g_states();
        for (_, name, id) in &self.states {
            dict.pair(Name(name.as_bytes()), *id);
        }
        dict.finish();
        let mut dict = res.x_objects();
        for (name, id) in &self.x_objects {
            dict.pair(Name(name.as_bytes()), *id);
        }
        dict.finish();
        let mut dict = res.shadings();
        for (name, id) in &self.shadings {
            dict.pair(Name(name.as_bytes()), *id);
        }
        dict.finish();
        res.finish();

        let catalog = self.alloc();
        let pages = self.alloc();
        let page = self.alloc();
        let contents = self.alloc();
        let mut pdf = Pdf::new();
        pdf.catalog(catalog).pages(pages);
        pdf.pages(pages).kids([page]).count(1);
        let mut p = pdf.page(page);
        p.parent(pages)
            .media_box(Rect::new(0.0, 0.0, width, height))
            .contents(contents);
        p.pair(Name(b"Resources"), self.resources);
        p.finish();
        pdf.stream(contents, &deflate(content))
            .filter(Filter::FlateDecode);
        pdf.extend(&self.chunk);
        Ok(pdf.finish())
    }

    /// Writes `font` (the `index`th used) as a Type 0 font over a CIDFontType2 subset.
    fn font(&mut self, font: &FontUse, index: usize) -> Result<Ref> {
        let face = self.db.face(font.id).map(|f| {
            (
                f.post_script_name.clone(),
                f.style != fontdb::Style::Normal,
                f.monospaced,
            )
        });
        let (ps_name, italic, mono) = face.unwrap_or_default();
        let Some(subset) = self.subset(font) else {
            return Err(Error::Internal(format!(
                "cannot subset the embedded face {ps_name}"
            )));
        };
        let base = format!("{}+{ps_name}", subset_tag(index));
        let system = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };
        let (type0, cid, descriptor, file, cmap) = (
            self.alloc(),
            self.alloc(),
            self.alloc(),
            self.alloc(),
            self.alloc(),
        );
        self.chunk
            .type0_font(type0)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(cmap);
        let mut cid_font = self.chunk.cid_font(cid);
        cid_font
            .subtype(CidFontType::Type2)
            .base_font(Name(base.as_bytes()))
            .system_info(system)
            .font_descriptor(descriptor)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        cid_font
            .widths()
            .consecutive(0, subset.widths.iter().copied());
        cid_font.finish();
        let mut flags = FontFlags::SYMBOLIC;
        if italic {
            flags |= FontFlags::ITALIC;
        }
        if mono {
            flags |= FontFlags::FIXED_PITCH;
        }
        self.font_descriptor(descriptor, &base, flags, &subset, file);
        let mut map = UnicodeCmap::new(Name(b"Custom"), system);
        for (cid, text) in &font.texts {
            map.pair_with_multiple(*cid, text.chars());
        }
        self.chunk.cmap(cmap, map.finish().as_slice());
        Ok(type0)
    }

    /// The subset of `font`'s face holding the glyphs it uses, with the face's metrics and
    /// those glyphs' widths; `None` when the face cannot be read or subset.
    fn subset(&self, font: &FontUse) -> Option<Subset> {
        let measured = self.db.with_face_data(font.id, |data, face| {
            let subset = subsetter::subset(data, face, &font.glyphs);
            let f = skrifa::FontRef::from_index(data, face).ok()?;
            let metrics = f.metrics(
                skrifa::instance::Size::unscaled(),
                skrifa::instance::LocationRef::default(),
            );
            let advances = f.glyph_metrics(
                skrifa::instance::Size::unscaled(),
                skrifa::instance::LocationRef::default(),
            );
            let per_unit = 1000.0 / f32::from(metrics.units_per_em.max(1));
            let widths: Vec<f32> = font
                .glyphs
                .remapped_gids()
                .map(|gid| {
                    advances
                        .advance_width(skrifa::GlyphId::new(u32::from(gid)))
                        .unwrap_or(0.0)
                        * per_unit
                })
                .collect();
            Some(Subset {
                data: subset.ok()?,
                metrics,
                per_unit,
                widths,
            })
        });
        measured.flatten()
    }

    /// Writes the font descriptor `descriptor` of the subset font `base` (its flags, box
    /// and metrics, in thousandths of an em) and the subset itself as its font file `file`.
    fn font_descriptor(
        &mut self,
        descriptor: Ref,
        base: &str,
        flags: FontFlags,
        subset: &Subset,
        file: Ref,
    ) {
        let (metrics, per_unit) = (&subset.metrics, subset.per_unit);
        let bounds = metrics.bounds.unwrap_or_default();
        self.chunk
            .font_descriptor(descriptor)
            .name(Name(base.as_bytes()))
            .flags(flags)
            .bbox(Rect::new(
                bounds.x_min * per_unit,
                bounds.y_min * per_unit,
                bounds.x_max * per_unit,
                bounds.y_max * per_unit,
            ))
            .italic_angle(metrics.italic_angle)
            .ascent(metrics.ascent * per_unit)
            .descent(metrics.descent * per_unit)
            .cap_height(metrics.cap_height.unwrap_or(metrics.ascent) * per_unit)
            .stem_v(80.0)
            .font_file2(file);
        self.chunk
            .stream(file, &deflate(&subset.data))
            .filter(Filter::FlateDecode);
    }
}

/// A font face's subset, as [`Writer::font`] embeds it.
struct Subset {
    /// The subset font file.
    data: Vec<u8>,
    /// The face's metrics, in font units.
    metrics: skrifa::metrics::Metrics,
    /// Thousandths of an em per font unit.
    per_unit: f32,
    /// The widths of the subset's glyphs, in thousandths of an em, in glyph order.
    widths: Vec<f32>,
}

/// Six capital letters naming the `index`th subset (PDF 32000-1 §9.6.4).
fn subset_tag(index: usize) -> String {
    let mut n = index;
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (n % 26) as u8);
            n /= 26;
            c
        })
        .collect()
}

fn line_style(stroke: &usvg::Stroke, c: &mut Content) {
    c.set_line_width(stroke.width().get());
    c.set_miter_limit(stroke.miterlimit().get());
    c.set_line_cap(match stroke.linecap() {
        usvg::LineCap::Butt => LineCapStyle::ButtCap,
        usvg::LineCap::Round => LineCapStyle::RoundCap,
        usvg::LineCap::Square => LineCapStyle::ProjectingSquareCap,
    });
    c.set_line_join(match stroke.linejoin() {
        usvg::LineJoin::Miter | usvg::LineJoin::MiterClip => LineJoinStyle::MiterJoin,
        usvg::LineJoin::Round => LineJoinStyle::RoundJoin,
        usvg::LineJoin::Bevel => LineJoinStyle::BevelJoin,
    });
    if let Some(dashes) = stroke.dasharray() {
        c.set_dash_pattern(dashes.iter().copied(), stroke.dashoffset());
    }
}

fn path_data(path: &tiny_skia::Path, c: &mut Content) {
    let mut last = (0.0, 0.0);
    for segment in path.segments() {
        match segment {
            tiny_skia::PathSegment::MoveTo(p) => {
                c.move_to(p.x, p.y);
                last = (p.x, p.y);
            }
            tiny_skia::PathSegment::LineTo(p) => {
                c.line_to(p.x, p.y);
                last = (p.x, p.y);
            }
            tiny_skia::PathSegment::QuadTo(q, p) => {
                // The quadratic as the cubic it is.
                let (x0, y0) = last;
                c.cubic_to(
                    x0 + 2.0 / 3.0 * (q.x - x0),
                    y0 + 2.0 / 3.0 * (q.y - y0),
                    p.x + 2.0 / 3.0 * (q.x - p.x),
                    p.y + 2.0 / 3.0 * (q.y - p.y),
                    p.x,
                    p.y,
                );
                last = (p.x, p.y);
            }
            tiny_skia::PathSegment::CubicTo(a, b, p) => {
                c.cubic_to(a.x, a.y, b.x, b.y, p.x, p.y);
                last = (p.x, p.y);
            }
            tiny_skia::PathSegment::Close => {
                c.close_path();
            }
        }
    }
}

fn matrix(ts: Transform) -> [f32; 6] {
    [ts.sx, ts.ky, ts.kx, ts.sy, ts.tx, ts.ty]
}

fn rgb(color: usvg::Color) -> [f32; 3] {
    [color.red, color.green, color.blue].map(|v| f32::from(v) / 255.0)
}

fn blend_mode(mode: usvg::BlendMode) -> pdf_writer::types::BlendMode {
    use pdf_writer::types::BlendMode as B;
    use usvg::BlendMode as U;
    match mode {
        U::Normal | U::PlusLighter => B::Normal,
        U::Multiply => B::Multiply,
        U::Screen => B::Screen,
        U::Overlay => B::Overlay,
        U::Darken => B::Darken,
        U::Lighten => B::Lighten,
        U::ColorDodge => B::ColorDodge,
        U::ColorBurn => B::ColorBurn,
        U::HardLight => B::HardLight,
        U::SoftLight => B::SoftLight,
        U::Difference => B::Difference,
        U::Exclusion => B::Exclusion,
        U::Hue => B::Hue,
        U::Saturation => B::Saturation,
        U::Color => B::Color,
        U::Luminosity => B::Luminosity,
    }
}

/// A premultiplied pixmap as RGB samples and an alpha channel.
fn unpremultiplied(pixmap: &tiny_skia::Pixmap) -> (Vec<u8>, Vec<u8>) {
    let mut colour = Vec::with_capacity(pixmap.pixels().len() * 3);
    let mut alpha = Vec::with_capacity(pixmap.pixels().len());
    for pixel in pixmap.pixels() {
        let c = pixel.demultiply();
        colour.extend([c.red(), c.green(), c.blue()]);
        alpha.push(c.alpha());
    }
    (colour, alpha)
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(bytes, 6)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raster;

    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200pt" height="100pt" viewBox="0 0 200 100"><rect x="10" y="10" width="80" height="40" fill="#fc0" stroke="black"/><text x="20" y="35" font-family="Helvetica" font-size="14">Hello</text></svg>"##;

    #[test]
    fn the_same_svg_gives_the_same_bytes() {
        let a = write(&raster::read(SVG).unwrap(), 1.0).unwrap();
        let b = write(&raster::read(SVG).unwrap(), 1.0).unwrap();
        assert_eq!(a.bytes, b.bytes);
        assert!(a.bytes.starts_with(b"%PDF-1.7"));
        assert!(a.notes.is_empty(), "{:?}", a.notes);
        let text = String::from_utf8_lossy(&a.bytes);
        assert!(!text.contains("/CreationDate") && !text.contains("/ID"));
        assert_eq!(text.matches("/FontFile2").count(), 1, "one subset of Arimo");
    }

    #[test]
    fn the_page_is_the_declared_size_times_scale_in_points() {
        assert_eq!(fit(800.0, 400.0, 1.0), (0.75, None));
        assert_eq!(fit(800.0, 400.0, 2.0), (1.5, None));
        let side = limits::MAX_PDF_PAGE_SIDE as f32;
        let (k, note) = fit(side * 2.0, 10.0, 1.0);
        assert!((side * 2.0 * k - side).abs() < 0.01, "{k}");
        assert!(note.unwrap().starts_with("Scaling by 0.667"));
        let doc = write(&raster::read(SVG).unwrap(), 2.0).unwrap();
        assert!(String::from_utf8_lossy(&doc.bytes).contains("/MediaBox [0 0 400 200]"));
    }

    #[test]
    fn a_filter_is_drawn_as_a_bitmap_with_its_text_kept() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><filter id="s"><feGaussianBlur stdDeviation="2"/></filter><g filter="url(#s)"><rect x="10" y="10" width="80" height="40" fill="blue"/><text x="20" y="35" font-size="14">Shadowed</text></g></svg>"##;
        let doc = write(&raster::read(svg).unwrap(), 1.0).unwrap();
        assert_eq!(doc.notes.len(), 1, "{:?}", doc.notes);
        assert!(doc.notes[0].contains("a filter"), "{:?}", doc.notes);
        let text = String::from_utf8_lossy(&doc.bytes);
        assert!(text.contains("/Subtype /Image"));
        assert!(text.contains("/ToUnicode"), "the text is still text");
    }

    #[test]
    fn characters_without_a_glyph_are_noted() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><text x="20" y="35">a &#x2836; b</text></svg>"##;
        let doc = write(&raster::read(svg).unwrap(), 1.0).unwrap();
        assert_eq!(
            doc.notes,
            ["1 character has no glyph in the embedded fonts: drawn as the face's missing glyph, as in the PNG"]
        );
    }
}
