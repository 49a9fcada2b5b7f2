//! One layout per diagram across formats (issue 18): a bitmap finished from the stored SVG of
//! its [`render::bitmap_source`] is the bitmap rendered afresh, byte for byte, for every
//! kind's examples, in every theme, and for the cases the SVG's bytes do not show (a Graphviz
//! `dpi`, a kind that draws at the `scale` asked, a two-drawing `auto`).

use edgeviz::engine::InPlace;
use edgeviz::render::{self, bitmap_source, Drawn};
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

fn draw(job: &Job, source: Option<&edgeviz::store::Entry>) -> Drawn {
    render::draw(job, source.cloned(), &InPlace, &clock)
}

/// Checks one bitmap job; returns whether it rendered (an error is not stored, not shared).
fn check(job: &Job, what: &str) -> bool {
    let fresh = edgeviz::draw(&job.diagram);
    let rendered = draw(job, None);
    let Ok(fresh) = fresh else {
        assert!(
            rendered.entry.is_err(),
            "{what}: an error is never an entry"
        );
        assert!(rendered.source.is_none(), "{what}: nor is its SVG");
        return false;
    };
    let entry = rendered.entry.as_ref().expect("an entry");
    assert_eq!(
        entry.body, fresh.bytes,
        "{what}: the render path's bitmap is draw()'s"
    );
    assert_eq!(entry.diagnostics, fresh.diagnostics, "{what}");
    assert!(rendered.timing.layout.is_some() && rendered.timing.raster.is_some());
    // The SVG handed back to be stored is what the SVG request serves.
    let src_job = bitmap_source(job).expect("a bitmap has a source SVG");
    assert_eq!(src_job.diagram.format, Format::Svg);
    let (src_key, src_entry) = rendered.source.clone().expect("the SVG to store");
    assert_eq!(src_key, src_job.key, "{what}");
    let svg = draw(&src_job, None);
    assert_eq!(
        svg.entry.as_ref().ok(),
        Some(&src_entry),
        "{what}: the SVG request's entry (body, ETag, diagnostics, raster scale)"
    );
    assert!(svg.source.is_none() && svg.timing.raster.is_none());
    // Finished from the stored SVG: no layout, the same bytes and diagnostics.
    let from_svg = draw(job, Some(&src_entry));
    assert_eq!(from_svg.timing.layout, None, "{what}: not laid out again");
    assert!(from_svg.timing.raster.is_some());
    assert!(from_svg.source.is_none());
    assert!(
        from_svg.entry.as_ref().ok() == Some(entry),
        "{what}: the bitmap drawn from the stored SVG differs from a fresh one"
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
            bitmap_source(&auto).unwrap(),
            bitmap_source(&light).unwrap(),
        );
        assert_eq!(a.key, l.key, "{}: one SVG for both", kind.name());
        // And the SVG served for theme=auto (Mermaid's holds two drawings) is never a source.
        let auto_svg = job(kind.name(), Format::Svg, "theme=auto", kind.example());
        assert_ne!(auto_svg.key, a.key);
        assert!(bitmap_source(&auto_svg).is_none());
    }
}

#[test]
fn what_the_svg_does_not_show_travels_beside_it() {
    // A graph that sets its own dpi: raster scale 0.75, in the entry's metadata.
    let dpi = job("graphviz", Format::Png, "", "digraph { dpi=144; a -> b }");
    assert!(check(&dpi, "graphviz dpi=144"));
    let (_, src) = draw(&dpi, None).source.unwrap();
    assert_eq!(src.raster_scale, Some(0.75));
    // A kind may draw its SVG at the scale asked (svgbob does): the source is the SVG of
    // that scale, for every kind.
    for kind in kinds::built() {
        let scaled = job(kind.name(), Format::Png, "scale=2", kind.example());
        assert!(check(&scaled, &format!("{} scale=2", kind.name())));
        assert!(bitmap_source(&scaled).unwrap().diagram.options.scale == 2.0);
    }
    // Diagnostics: kept whole, as the fresh bitmap's headers say.
    let warned = job(
        "graphviz",
        Format::Png,
        "",
        "digraph { a -> b; a [shape=nosuch]; b [shape=another] }",
    );
    assert!(check(&warned, "graphviz with diagnostics"));
    let (_, src) = draw(&warned, None).source.unwrap();
    assert!(src.diagnostics.len() > 1, "{src:?}");
}

#[test]
fn text_formats_and_svg_have_no_source() {
    let svg = job("graphviz", Format::Svg, "", "digraph { a }");
    assert!(bitmap_source(&svg).is_none());
    let rendered = draw(&svg, None);
    assert_eq!(rendered.entry.unwrap().raster_scale, Some(1.0));
    assert!(rendered.timing.layout.is_some() && rendered.timing.raster.is_none());
    let json = job("graphviz", Format::Json, "", "digraph { a }");
    assert!(bitmap_source(&json).is_none());
    assert_eq!(draw(&json, None).entry.unwrap().raster_scale, None);
}

// --- the tier logic (src/render.rs) in memory: what the Worker does with its Cache API and R2
// store, natively, without workerd. The end-to-end suite (tests/e2e/store.test.mjs) proves
// only that the Worker's bindings behave as these tiers do.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use edgeviz::engine::Engine;
use edgeviz::pipeline::{Finished, LaidOut, Start};
use edgeviz::render::{Answer, Memory, Store, Write};
use edgeviz::store::{CacheStatus, Entry, Fault, Flights};

fn answer(tiers: &Memory, job: &Job) -> Answer {
    let (answer, writes) = render::now_or_never(render::answer(job, tiers, &InPlace, &clock));
    render::now_or_never(tiers.keep(writes));
    answer
}

/// The store behind a location's tier (of a `Memory::with_store`).
fn store_of(tiers: &Memory) -> &RefCell<HashMap<String, render::Object>> {
    tiers.store.as_ref().expect("a Memory with a store")
}

fn body(answer: &Answer) -> &[u8] {
    &answer.drawn.as_ref().expect("an entry").body
}

#[test]
fn a_miss_is_drawn_and_kept_in_both_tiers_then_served_from_the_first() {
    let tiers = Memory::with_store();
    let svg = job("graphviz", Format::Svg, "", "digraph { a -> b }");
    let first = answer(&tiers, &svg);
    assert!(first.timing.rendered());
    assert_eq!(
        first.status.header(),
        "edgeviz-store; fwd=miss; stored, edgeviz-edge; fwd=miss; stored"
    );
    assert!(store_of(&tiers).borrow().contains_key(&svg.key));
    let second = answer(&tiers, &svg);
    assert!(!second.timing.rendered(), "served from the location's tier");
    assert_eq!(body(&second), body(&first));
    assert_eq!(second.status.header(), "edgeviz-edge; hit");
    // Another location: its own tier is empty, the store has it.
    tiers.edge.borrow_mut().clear();
    let elsewhere = answer(&tiers, &svg);
    assert!(!elsewhere.timing.rendered(), "served from the store");
    assert_eq!(
        elsewhere.status.header(),
        "edgeviz-store; hit, edgeviz-edge; fwd=miss; stored"
    );
    assert!(
        tiers.edge.borrow().contains_key(&svg.key),
        "copied into the location's tier"
    );
    // The response a hit makes is the one the render made.
    assert_eq!(
        service::response(&elsewhere, &svg).headers,
        service::response(&first, &svg).headers
    );
}

#[test]
fn a_bitmap_is_finished_from_a_kept_svg_without_a_layout() {
    let tiers = Memory::with_store();
    let png = job("graphviz", Format::Png, "", "digraph { x -> y -> z }");
    let svg = bitmap_source(&png).unwrap();
    answer(&tiers, &svg);
    tiers.edge.borrow_mut().clear();
    let drawn = answer(&tiers, &png);
    assert!(drawn.timing.layout.is_none() && drawn.timing.raster.is_some());
    assert_eq!(body(&drawn), edgeviz::draw(&png.diagram).unwrap().bytes);
    // A cold bitmap keeps its source SVG as well, in both tiers.
    let tiers = Memory::with_store();
    answer(&tiers, &png);
    assert!(tiers.edge.borrow().contains_key(&svg.key));
    assert!(store_of(&tiers).borrow().contains_key(&svg.key));
}

#[test]
fn a_failing_store_is_drawn_around_and_not_written() {
    for fault in [Fault::ReadError, Fault::Timeout] {
        let tiers = Memory {
            fault: Some(fault),
            ..Memory::with_store()
        };
        let svg = job("graphviz", Format::Svg, "", "digraph { f -> g }");
        let drawn = answer(&tiers, &svg);
        assert!(drawn.drawn.is_ok());
        assert_eq!(
            drawn.status.header(),
            format!(
                "edgeviz-store; fwd=miss; detail={}, edgeviz-edge; fwd=miss; stored",
                fault.detail()
            )
        );
        assert!(store_of(&tiers).borrow().is_empty());
        assert!(tiers.edge.borrow().contains_key(&svg.key));
    }
}

#[test]
fn a_corrupt_object_is_never_served_and_is_replaced() {
    let svg = job("graphviz", Format::Svg, "", "digraph { c -> d }");
    for (detail, corrupt) in [
        (
            "corrupt-digest",
            (|o: &mut render::Object| o.body[10] ^= 1) as fn(&mut _),
        ),
        ("corrupt-length", |o| {
            o.body.pop();
        }),
        ("corrupt-metadata", |o| {
            o.meta.retain(|(k, _)| *k != "sha256")
        }),
    ] {
        let tiers = Memory::with_store();
        let good = answer(&tiers, &svg);
        corrupt(store_of(&tiers).borrow_mut().get_mut(&svg.key).unwrap());
        tiers.edge.borrow_mut().clear();
        let redrawn = answer(&tiers, &svg);
        assert!(redrawn.timing.rendered(), "{detail}: drawn again");
        assert_eq!(body(&redrawn), body(&good), "{detail}");
        assert_eq!(
            redrawn.status.header(),
            format!(
                "edgeviz-store; fwd=miss; detail={detail}; stored, edgeviz-edge; fwd=miss; stored"
            )
        );
        // Replaced: the next location is served from the store again.
        tiers.edge.borrow_mut().clear();
        assert!(
            !answer(&tiers, &svg).timing.rendered(),
            "{detail}: replaced"
        );
        // A corrupt object in the location's tier is passed over too.
        corrupt(tiers.edge.borrow_mut().get_mut(&svg.key).unwrap());
        let over = answer(&tiers, &svg);
        assert!(
            over.status.header().starts_with("edgeviz-store; hit"),
            "{detail}"
        );
        assert!(over
            .status
            .header()
            .ends_with(&format!("edgeviz-edge; fwd=miss; detail={detail}; stored")));
    }
}

#[test]
fn diagnostics_survive_the_store_whole() {
    let tiers = Memory::with_store();
    let warned = job(
        "graphviz",
        Format::Png,
        "",
        "digraph { a [shape=nosuch]; b [shape=alsono] }",
    );
    let fresh = edgeviz::draw(&warned.diagram).unwrap();
    assert!(fresh.diagnostics.len() >= 2, "{:?}", fresh.diagnostics);
    answer(&tiers, &warned);
    // Another location, from the store: the bitmap's entry, then a JPEG from the stored SVG.
    tiers.edge.borrow_mut().clear();
    let stored = answer(&tiers, &warned);
    assert_eq!(
        stored.drawn.as_ref().unwrap().diagnostics,
        fresh.diagnostics
    );
    let jpeg = job("graphviz", Format::Jpeg, "", &warned.diagram.source);
    let from_svg = answer(&tiers, &jpeg);
    assert!(from_svg.timing.layout.is_none());
    assert_eq!(
        from_svg.drawn.as_ref().unwrap().diagnostics,
        edgeviz::draw(&jpeg.diagram).unwrap().diagnostics
    );
}

#[test]
fn errors_are_never_kept() {
    let tiers = Memory::with_store();
    let bad = job("graphviz", Format::Png, "", "digraph { a -> }");
    let answered = answer(&tiers, &bad);
    assert_eq!(answered.drawn.as_ref().unwrap_err().status(), 400);
    assert!(tiers.edge.borrow().is_empty());
    assert!(store_of(&tiers).borrow().is_empty());
}

// --- coalescing: requests of one isolate for one key, driven by hand.

thread_local! {
    static FLIGHTS: Flights<Rc<Answer>> = Flights::new();
}

/// A store whose lookups wait until the test opens its gate, and whose timer yields once.
struct Gated {
    tiers: Memory,
    open: Cell<bool>,
}

struct Until<'a>(&'a Cell<bool>);

impl Future for Until<'_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0.get() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if std::mem::replace(&mut self.0, true) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

impl Store for Gated {
    async fn find(&self, key: &str, store: bool) -> (Option<Entry>, CacheStatus) {
        Until(&self.open).await;
        self.tiers.find(key, store).await
    }

    async fn keep(&self, writes: Vec<Write>) {
        self.tiers.keep(writes).await;
    }

    async fn pause(&self, _: u32) {
        YieldOnce(false).await;
    }
}

/// The pipeline in place, counting its layouts.
#[derive(Default)]
struct Counting(Cell<usize>);

impl Engine for Counting {
    fn lay_out(&self, diagram: &edgeviz::Diagram) -> edgeviz::Result<LaidOut> {
        self.0.set(self.0.get() + 1);
        InPlace.lay_out(diagram)
    }

    fn finish(&self, diagram: &edgeviz::Diagram, start: Start) -> edgeviz::Result<Finished> {
        InPlace.finish(diagram, start)
    }
}

type Request<'a> = Pin<Box<dyn Future<Output = (render::Served, render::Keeping)> + 'a>>;

fn poll(request: &mut Request) -> Option<(render::Served, render::Keeping)> {
    match request
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(done) => Some(done),
        Poll::Pending => None,
    }
}

#[test]
fn concurrent_first_requests_are_drawn_once_and_share_the_answer() {
    let store = Gated {
        tiers: Memory::with_store(),
        open: Cell::new(false),
    };
    let engine = Counting::default();
    let png = job(
        "graphviz",
        Format::Png,
        "",
        "digraph { many -> at -> once }",
    );
    let mut requests: Vec<Option<Request>> = (0..20)
        .map(|_| Some(Box::pin(render::serve(&png, &store, &engine, &FLIGHTS, &clock)) as Request))
        .collect();
    // Every request starts: the first leads and waits on the store, the others follow it.
    assert!(requests
        .iter_mut()
        .all(|r| poll(r.as_mut().unwrap()).is_none()));
    store.open.set(true);
    let mut done = Vec::new();
    while done.len() < 20 {
        for slot in requests.iter_mut() {
            if let Some(d) = slot.as_mut().and_then(poll) {
                done.push(d);
                *slot = None;
            }
        }
    }
    assert_eq!(engine.0.get(), 1, "one layout for twenty requests");
    let leader = &done[0].0;
    assert!(leader.timing.rendered());
    for (follower, _) in &done[1..] {
        assert!(Rc::ptr_eq(&follower.answer, &leader.answer));
        assert!(
            !follower.timing.rendered(),
            "the followers rendered nothing"
        );
        assert!(follower.status.header().contains("collapsed"));
    }
    // The key stays in flight until the leader has kept what it drew.
    assert_eq!(FLIGHTS.with(|f| f.len()), 1);
    for (_, keeping) in done {
        render::now_or_never(keeping.keep(&store.tiers));
    }
    assert_eq!(FLIGHTS.with(|f| f.len()), 0);
    assert!(store_of(&store.tiers).borrow().contains_key(&png.key));
}

#[test]
fn when_the_leader_gives_up_a_follower_answers_for_itself() {
    let store = Gated {
        tiers: Memory::with_store(),
        open: Cell::new(false),
    };
    let engine = Counting::default();
    let svg = job("graphviz", Format::Svg, "", "digraph { given -> up }");
    let mut leader: Request = Box::pin(render::serve(&svg, &store, &engine, &FLIGHTS, &clock));
    let mut follower: Request = Box::pin(render::serve(&svg, &store, &engine, &FLIGHTS, &clock));
    assert!(poll(&mut leader).is_none() && poll(&mut follower).is_none());
    drop(leader); // the leader's request was cancelled
    store.open.set(true);
    let (served, keeping) = loop {
        if let Some(done) = poll(&mut follower) {
            break done;
        }
    };
    assert_eq!(engine.0.get(), 1, "the follower drew it itself");
    assert!(served.timing.rendered() && served.answer.drawn.is_ok());
    render::now_or_never(keeping.keep(&store.tiers));
    assert_eq!(FLIGHTS.with(|f| f.len()), 0);
}
