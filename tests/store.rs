//! One layout per diagram across formats (issue 18): a bitmap finished from the stored SVG of
//! its [`service::bitmap_source`] is the bitmap rendered afresh, byte for byte, for every
//! kind's examples, in every theme, and for the cases the SVG's bytes do not show (a Graphviz
//! `dpi`, a kind that draws at the `scale` asked, a two-drawing `auto`).

use edgeviz::engine::InPlace;
use edgeviz::service::{self, HttpRequest, Job, Plan};
use edgeviz::{kinds, Format};

fn job(kind: &str, format: Format, query: &str, source: &str) -> Job {
    let path = format!("/{kind}/{}", format.name());
    let req = HttpRequest {
        method: "POST",
        path: &path,
        query,
        headers: &[],
        body: source.as_bytes(),
    };
    match service::plan(&req) {
        Ok(Plan::Render(job)) => job,
        other => panic!("{kind} {path}?{query}: {other:?}"),
    }
}

fn clock() -> f64 {
    0.0
}

/// Checks one bitmap job; returns whether it rendered (an error is not stored, not shared).
fn check(job: &Job, what: &str) -> bool {
    let fresh = edgeviz::draw(&job.diagram);
    let rendered = service::render(job, None, &InPlace, &clock);
    let Ok(fresh) = fresh else {
        assert!(
            rendered.entry.is_none(),
            "{what}: an error is never an entry"
        );
        assert!(rendered.source.is_none(), "{what}: nor is its SVG");
        return false;
    };
    let entry = rendered.entry.as_ref().expect("an entry");
    assert_eq!(
        entry.body, fresh.bytes,
        "{what}: the service's bitmap is draw()'s"
    );
    assert!(rendered.timing.layout.is_some() && rendered.timing.raster.is_some());
    // The SVG handed back to be stored is what the SVG request serves.
    let src_job = service::bitmap_source(job).expect("a bitmap has a source SVG");
    assert_eq!(src_job.diagram.format, Format::Svg);
    let (src_key, src_entry) = rendered.source.clone().expect("the SVG to store");
    assert_eq!(src_key, src_job.key, "{what}");
    let svg = service::render(&src_job, None, &InPlace, &clock);
    assert_eq!(
        svg.entry.as_ref(),
        Some(&src_entry),
        "{what}: the SVG request's entry (body, ETag, diagnostics, raster scale)"
    );
    assert!(svg.source.is_none() && svg.timing.raster.is_none());
    // Finished from the stored SVG: no layout, the same bytes and headers.
    let from_svg = service::render(job, Some(&src_entry), &InPlace, &clock);
    assert_eq!(from_svg.timing.layout, None, "{what}: not laid out again");
    assert!(from_svg.timing.raster.is_some());
    assert!(from_svg.source.is_none());
    assert!(
        from_svg.entry.as_ref() == Some(entry),
        "{what}: the bitmap drawn from the stored SVG differs from a fresh one"
    );
    assert_eq!(
        from_svg.response.headers, rendered.response.headers,
        "{what}"
    );
    true
}

#[test]
fn bitmaps_from_the_stored_svg_are_byte_identical_for_every_kind_and_theme() {
    let mut checked = 0;
    for kind in kinds::built() {
        let examples = std::iter::once(kind.example())
            .chain(kind.gallery().iter().map(|e| e.source))
            .chain(kind.variants().iter().map(|e| e.source).take(6));
        for (i, source) in examples.enumerate() {
            for format in [Format::Png, Format::Jpeg, Format::Pdf] {
                if !kind.formats().contains(&format) {
                    continue;
                }
                // JPEG and PDF draw from the same SVG as PNG: one theme is enough there.
                let themes = if format == Format::Png {
                    kind.themes()
                } else {
                    &kind.themes()[..1]
                };
                for theme in themes {
                    let what = format!("{} #{i} {} theme={theme}", kind.name(), format.name());
                    let job = job(kind.name(), format, &format!("theme={theme}"), source);
                    checked += usize::from(check(&job, &what));
                }
            }
        }
    }
    assert!(checked > 20, "{checked} bitmaps checked");
}

#[test]
fn auto_is_drawn_from_the_light_svg() {
    for kind in kinds::built().filter(|k| k.themes().contains(&"auto")) {
        let auto = job(kind.name(), Format::Png, "theme=auto", kind.example());
        let light = job(kind.name(), Format::Png, "theme=light", kind.example());
        assert_ne!(auto.key, light.key, "the bitmaps' own keys stay apart");
        let (a, l) = (
            service::bitmap_source(&auto).unwrap(),
            service::bitmap_source(&light).unwrap(),
        );
        assert_eq!(a.key, l.key, "{}: one SVG for both", kind.name());
        // And the SVG served for theme=auto (Mermaid's holds two drawings) is never a source.
        let auto_svg = job(kind.name(), Format::Svg, "theme=auto", kind.example());
        assert_ne!(auto_svg.key, a.key);
        assert!(service::bitmap_source(&auto_svg).is_none());
    }
}

#[test]
fn what_the_svg_does_not_show_travels_beside_it() {
    // A graph that sets its own dpi: raster scale 0.75, in the entry's metadata.
    let dpi = job("graphviz", Format::Png, "", "digraph { dpi=144; a -> b }");
    assert!(check(&dpi, "graphviz dpi=144"));
    let (_, src) = service::render(&dpi, None, &InPlace, &clock)
        .source
        .unwrap();
    assert_eq!(src.raster_scale, Some(0.75));
    // A kind may draw its SVG at the scale asked (svgbob does): the source is the SVG of
    // that scale, for every kind.
    for kind in kinds::built() {
        let scaled = job(kind.name(), Format::Png, "scale=2", kind.example());
        assert!(check(&scaled, &format!("{} scale=2", kind.name())));
        assert!(service::bitmap_source(&scaled).unwrap().diagram.options.scale == 2.0);
    }
    // Diagnostics: the count and the first, as the fresh bitmap's headers say.
    let warned = job(
        "graphviz",
        Format::Png,
        "",
        "digraph { a -> b [colour=red] ; a [shape=nosuch] }",
    );
    assert!(check(&warned, "graphviz with diagnostics"));
    let (_, src) = service::render(&warned, None, &InPlace, &clock)
        .source
        .unwrap();
    assert!(src.diagnostics > 0, "{src:?}");
}

#[test]
fn text_formats_and_svg_have_no_source() {
    let svg = job("graphviz", Format::Svg, "", "digraph { a }");
    assert!(service::bitmap_source(&svg).is_none());
    let rendered = service::render(&svg, None, &InPlace, &clock);
    assert_eq!(rendered.entry.unwrap().raster_scale, Some(1.0));
    assert!(rendered.timing.layout.is_some() && rendered.timing.raster.is_none());
    let json = job("graphviz", Format::Json, "", "digraph { a }");
    assert!(service::bitmap_source(&json).is_none());
    assert_eq!(
        service::render(&json, None, &InPlace, &clock)
            .entry
            .unwrap()
            .raster_scale,
        None
    );
}

// --- the tier logic (src/render.rs) in memory: what the Worker does with its Cache API and R2
// store, natively, without workerd.

use edgeviz::render::{self, Memory};
use edgeviz::store::Fault;

fn answer(tiers: &Memory, job: &Job) -> render::Answer {
    let (answer, writes) = render::now_or_never(render::answer(job, tiers, &InPlace, &clock));
    tiers.keep(writes);
    answer
}

#[test]
fn a_miss_is_drawn_and_kept_in_both_tiers_then_served_from_the_first() {
    let tiers = Memory::with_store();
    let svg = job("graphviz", Format::Svg, "", "digraph { a -> b }");
    let first = answer(&tiers, &svg);
    assert_eq!(first.response.status, 200);
    assert!(first.timing.rendered());
    assert_eq!(
        first.status.header(),
        "edgeviz-store; fwd=miss; stored, edgeviz-edge; fwd=miss; stored"
    );
    assert!(tiers
        .store
        .as_ref()
        .unwrap()
        .borrow()
        .contains_key(&svg.key));
    let second = answer(&tiers, &svg);
    assert!(!second.timing.rendered(), "served from the location's tier");
    assert_eq!(second.response.body, first.response.body);
    // Another location: its own tier is empty, the store has it.
    tiers.edge.borrow_mut().clear();
    let elsewhere = answer(&tiers, &svg);
    assert!(!elsewhere.timing.rendered(), "served from the store");
    assert!(elsewhere.status.header().starts_with("edgeviz-store; hit"));
    assert!(
        tiers.edge.borrow().contains_key(&svg.key),
        "copied into the location's tier"
    );
}

#[test]
fn a_bitmap_is_finished_from_a_kept_svg_without_a_layout() {
    let tiers = Memory::with_store();
    let png = job("graphviz", Format::Png, "", "digraph { x -> y -> z }");
    let svg = service::bitmap_source(&png).unwrap();
    answer(&tiers, &svg);
    tiers.edge.borrow_mut().clear();
    let drawn = answer(&tiers, &png);
    assert_eq!(drawn.response.status, 200);
    assert!(drawn.timing.layout.is_none() && drawn.timing.raster.is_some());
    assert_eq!(
        drawn.response.body,
        edgeviz::draw(&png.diagram).unwrap().bytes
    );
    // A cold bitmap keeps its source SVG as well.
    let tiers = Memory::with_store();
    answer(&tiers, &png);
    assert!(tiers.edge.borrow().contains_key(&svg.key));
    assert!(tiers
        .store
        .as_ref()
        .unwrap()
        .borrow()
        .contains_key(&svg.key));
}

#[test]
fn a_failing_store_is_drawn_around_and_not_written() {
    let tiers = Memory {
        fault: Some(Fault::ReadError),
        ..Memory::with_store()
    };
    let svg = job("graphviz", Format::Svg, "", "digraph { f -> g }");
    let drawn = answer(&tiers, &svg);
    assert_eq!(drawn.response.status, 200);
    assert!(drawn.status.header().contains("detail=read-error"));
    assert!(!drawn
        .status
        .header()
        .starts_with("edgeviz-store; fwd=miss; stored"));
    assert!(tiers.store.as_ref().unwrap().borrow().is_empty());
    assert!(tiers.edge.borrow().contains_key(&svg.key));
}

#[test]
fn errors_are_never_kept() {
    let tiers = Memory::with_store();
    let bad = job("graphviz", Format::Png, "", "digraph { a -> }");
    let answered = answer(&tiers, &bad);
    assert_eq!(answered.response.status, 400);
    assert!(tiers.edge.borrow().is_empty());
    assert!(tiers.store.as_ref().unwrap().borrow().is_empty());
}
