//! The one render path: "this diagram, in this format", answered from a host's [`Store`] or
//! drawn by its [`Engine`], the same for every host. The Worker's store is the location's
//! Cache API and the R2 bucket; natively, in WASI, in the CLI and in the tests it is
//! [`Memory`] or [`Nowhere`]. [`serve`] decides the rest:
//!
//! 1. a request for a key that another request of this isolate is already answering waits
//!    for that answer ([`Flights`]: registered before the first `await`);
//! 2. the entry of the job's key, from the first tier that has it (a store hit is copied into
//!    the location's tier);
//! 3. else, for a bitmap or PDF, the entry of its source SVG ([`bitmap_source`]), finished
//!    without laying the diagram out again;
//! 4. else the diagram laid out and finished; a bitmap keeps the SVG it was drawn from too.
//!
//! What to keep comes back as a [`Keeping`], for the host to keep after it has answered.
//! Errors are never kept. A store whose read failed is neither asked again nor written to.
//! The HTTP form of an [`Answer`] is the service's.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;
use std::task::Poll;
use std::thread::LocalKey;

use crate::cache;
use crate::diagram::{Diagram, Format, Theme};
use crate::engine::Engine;
use crate::error::{Diagnostic, Result};
use crate::pipeline::{self, Finished, Start, Styled};
use crate::store::{self, CacheStatus, CacheStep, Entry, Fault, Flight, Flights, Lead, Timing};
use crate::svg::Clean;

/// How long a request waits for another's answer before it answers for itself (longer than
/// any render within the limits).
pub const FOLLOW_TIMEOUT_MS: u32 = 30_000;
/// How often a waiting request looks for the answer.
pub const FOLLOW_POLL_MS: u32 = 5;

/// The form of error bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorStyle {
    Text,
    Json,
    /// A small SVG or PNG picture of the message (still with the error status).
    Image(Format),
}

/// A render to do, with everything needed to answer it and to cache it.
#[derive(Debug, Clone)]
pub struct Job {
    pub diagram: Diagram,
    /// [`cache::key`] of the diagram.
    pub key: String,
    /// How to write an error body.
    pub errors: ErrorStyle,
}

impl Job {
    /// The job of `diagram`, under its cache key.
    pub fn new(diagram: Diagram, errors: ErrorStyle) -> Job {
        let key = cache::key(&diagram);
        Job {
            diagram,
            key,
            errors,
        }
    }

    pub fn etag(&self) -> String {
        cache::etag(&self.key)
    }
}

/// A host's caches, looked up in order, and its timer.
pub trait Store {
    /// The entry under `key` in the location's tier, then (when `store`) the store's; and what
    /// each tier did.
    fn find(&self, key: &str, store: bool) -> impl Future<Output = (Option<Entry>, CacheStatus)>;
    /// Keeps `writes` (after the response has gone).
    fn keep(&self, writes: Vec<Write>) -> impl Future<Output = ()>;
    /// Waits `ms` milliseconds on this request's own timer (a request waiting for another's
    /// answer looks again after it).
    fn pause(&self, ms: u32) -> impl Future<Output = ()>;
}

/// What a request's render came to, shared with the requests that waited for it.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The entry served (found or drawn), or why there is none.
    pub drawn: Result<Entry>,
    pub status: CacheStatus,
    /// What was done: `layout` when the diagram was laid out, `raster` when a bitmap drawn.
    pub timing: Timing,
}

/// An answer as one request serves it.
#[derive(Debug, Clone)]
pub struct Served {
    pub answer: Rc<Answer>,
    /// What the caches did for this request (collapsed, for one that waited).
    pub status: CacheStatus,
    /// What this request rendered (nothing, for one that waited).
    pub timing: Timing,
}

/// An entry to keep after the response: in the location's tier, and in the store when
/// `store`.
#[derive(Debug, Clone)]
pub struct Write {
    pub key: String,
    pub entry: Entry,
    pub store: bool,
}

impl Write {
    fn new(key: &str, entry: Entry, store: bool) -> Write {
        Write {
            key: key.to_string(),
            entry,
            store,
        }
    }

    /// In the location's tier only (a copy of what the store already has).
    fn edge(key: &str, entry: Entry) -> Write {
        Write::new(key, entry, false)
    }
}

/// What a request keeps after its response, and its hold on the key: while the hold lives,
/// later requests for the key get this answer.
pub struct Keeping {
    pub writes: Vec<Write>,
    lead: Option<Lead<Rc<Answer>>>,
}

impl Keeping {
    /// Keeps the writes in `store`, then lets the key go.
    pub async fn keep(self, store: &impl Store) {
        store.keep(self.writes).await;
        drop(self.lead);
    }
}

/// Answers `job`: from a request of this isolate already answering it (`flights`), the
/// store, or `engine`. `now` is the host's clock in milliseconds (`Server-Timing`).
pub async fn serve(
    job: &Job,
    store: &impl Store,
    engine: &dyn Engine,
    flights: &'static LocalKey<Flights<Rc<Answer>>>,
    now: &dyn Fn() -> f64,
) -> (Served, Keeping) {
    // Before the first await: requests that arrive while this one waits on a cache meet it.
    let lead = match store::join(flights, &job.key) {
        Flight::Lead(lead) => Some(lead),
        Flight::Follow(wait) => match follow(&wait, store).await {
            Some(answer) => {
                let served = Served {
                    status: answer.status.collapsed(),
                    timing: Timing::default(),
                    answer,
                };
                let keeping = Keeping {
                    writes: Vec::new(),
                    lead: None,
                };
                return (served, keeping);
            }
            // Its leader gave up, or is too slow: this request answers for itself.
            None => None,
        },
    };
    let (answer, writes) = answer(job, store, engine, now).await;
    let answer = Rc::new(answer);
    if let Some(lead) = &lead {
        lead.land(answer.clone());
    }
    let served = Served {
        status: answer.status.clone(),
        timing: answer.timing,
        answer,
    };
    (served, Keeping { writes, lead })
}

/// Waits for a leader's answer on this request's own timer (see [`store::Wait`]). `None` if
/// the leader gave up or takes longer than [`FOLLOW_TIMEOUT_MS`].
async fn follow(wait: &store::Wait<Rc<Answer>>, store: &impl Store) -> Option<Rc<Answer>> {
    let mut waited = 0;
    while waited < FOLLOW_TIMEOUT_MS {
        if let Poll::Ready(answer) = wait.check() {
            return answer;
        }
        store.pause(FOLLOW_POLL_MS).await;
        waited += FOLLOW_POLL_MS;
    }
    None
}

/// Finds `job`'s answer in `store` or draws it with `engine`; returns it with what to keep.
pub async fn answer(
    job: &Job,
    store: &impl Store,
    engine: &dyn Engine,
    now: &dyn Fn() -> f64,
) -> (Answer, Vec<Write>) {
    let mut writes = Vec::new();
    let (found, mut status) = store.find(&job.key, true).await;
    if let Some(entry) = found {
        return (hit(job, entry, status, &mut writes), writes);
    }
    let store_up = !status
        .store
        .as_ref()
        .is_some_and(|s| s.fault.is_some_and(Fault::unavailable));
    let source = match bitmap_source(job) {
        Some(src) => stored_source(&src.key, store, store_up, &mut writes).await,
        None => None,
    };
    let drawn = draw(job, source, engine, now);
    let kept = status.store.as_mut().filter(|_| store_up);
    let to_store = kept.is_some();
    if let Ok(entry) = &drawn.entry {
        status.edge.stored = true;
        if let Some(kept) = kept {
            kept.stored = true;
        }
        writes.push(Write::new(&job.key, entry.clone(), to_store));
    }
    if let Some((key, entry)) = drawn.source {
        writes.push(Write::new(&key, entry, to_store));
    }
    let answer = Answer {
        drawn: drawn.entry,
        status,
        timing: drawn.timing,
    };
    (answer, writes)
}

/// The answer of an entry a tier had; a store hit is kept in the location's tier too.
fn hit(job: &Job, entry: Entry, mut status: CacheStatus, writes: &mut Vec<Write>) -> Answer {
    let from_store = status.store.as_ref().is_some_and(|s| s.hit);
    status.edge.stored = from_store;
    if from_store {
        writes.push(Write::edge(&job.key, entry.clone()));
    }
    Answer {
        drawn: Ok(entry),
        status,
        timing: Timing::default(),
    }
}

/// The entry of a bitmap's source SVG, if a tier has it (a store hit is kept in the
/// location's tier too).
async fn stored_source(
    key: &str,
    store: &impl Store,
    store_up: bool,
    writes: &mut Vec<Write>,
) -> Option<Entry> {
    let (found, status) = store.find(key, store_up).await;
    let entry = found?;
    if status.store.is_some_and(|s| s.hit) {
        writes.push(Write::edge(key, entry.clone()));
    }
    Some(entry)
}

/// For a bitmap or PDF job, the job of the SVG it is drawn from: the same diagram and
/// options as SVG, in the theme the bitmap is drawn in (`auto` draws light,
/// [`Theme::for_bitmap`]). A bitmap drawn from that SVG's entry is the bitmap drawn afresh,
/// byte for byte (`tests/store.rs`).
pub fn bitmap_source(job: &Job) -> Option<Job> {
    let diagram = &job.diagram;
    if !pipeline::drawn_from_svg(diagram.format) || !diagram.kind.formats().contains(&Format::Svg) {
        return None;
    }
    let mut options = diagram.options.clone();
    if Theme::named(options.theme) == Some(Theme::Auto) {
        options.theme = crate::diagram::SHARED_THEMES[0];
    }
    let diagram = Diagram {
        format: Format::Svg,
        options,
        ..diagram.clone()
    };
    Some(Job::new(diagram, job.errors))
}

/// A render's entry, and the entry of the SVG a bitmap was drawn from when it was drawn here.
#[derive(Debug, Clone)]
pub struct Drawn {
    pub entry: Result<Entry>,
    /// The key and entry of the job's [`bitmap_source`], to keep as well.
    pub source: Option<(String, Entry)>,
    pub timing: Timing,
}

/// Draws `job` with `engine`: laid out by its kind and finished, or — for a bitmap given the
/// entry of its [`bitmap_source`] — finished from that SVG alone.
pub fn draw(job: &Job, source: Option<Entry>, engine: &dyn Engine, now: &dyn Fn() -> f64) -> Drawn {
    let diagram = &job.diagram;
    let mut timing = Timing::default();
    let start = match source.and_then(styled) {
        Some(styled) => Ok(Start::Styled(styled)),
        None => {
            let start = now();
            let laid_out = engine.lay_out(diagram);
            timing.layout = Some(now() - start);
            laid_out.map(Start::LaidOut)
        }
    };
    let finishing = now();
    let finished = start.and_then(|start| engine.finish(diagram, start));
    if pipeline::drawn_from_svg(diagram.format) {
        timing.raster = Some(now() - finishing);
    }
    let (entry, source) = match finished {
        Ok(finished) => entries(job, finished),
        Err(e) => (Err(e), None),
    };
    Drawn {
        entry,
        source,
        timing,
    }
}

/// The styled SVG a stored source entry holds (the sanitiser's output of this build: the
/// entry's body matched its digest, and the key covers the build).
fn styled(entry: Entry) -> Option<Styled> {
    let svg = String::from_utf8(entry.body).ok()?;
    Some(Styled {
        svg: Clean::kept(svg),
        raster_scale: entry.raster_scale.unwrap_or(1.0),
        diagnostics: entry.diagnostics,
    })
}

/// The entries of a finished render: the job's, and its source SVG's when it has one. An
/// SVG's entry keeps its raster scale, for the bitmaps drawn from it.
fn entries(job: &Job, finished: Finished) -> (Result<Entry>, Option<(String, Entry)>) {
    let Finished {
        output,
        source,
        raster_scale,
    } = finished;
    let raster_scale = raster_scale.filter(|_| job.diagram.format == Format::Svg);
    let source = source.and_then(|styled| {
        let src = bitmap_source(job)?;
        let scale = Some(styled.raster_scale);
        let entry = entry(&src, styled.svg.into_bytes(), styled.diagnostics, scale);
        Some((src.key, entry))
    });
    let own = entry(job, output.bytes, output.diagnostics, raster_scale);
    (Ok(own), source)
}

/// The entry of a successful render of `job`.
fn entry(
    job: &Job,
    body: Vec<u8>,
    diagnostics: Vec<Diagnostic>,
    raster_scale: Option<f64>,
) -> Entry {
    Entry {
        content_type: job.diagram.format.content_type().to_string(),
        etag: job.etag(),
        body,
        diagnostics,
        unkept: 0,
        raster_scale,
    }
}

/// The store of a host without caches: finds nothing, keeps nothing (the native service,
/// `wasmtime serve`, the wasm API).
pub struct Nowhere;

impl Store for Nowhere {
    fn find(&self, _: &str, _: bool) -> impl Future<Output = (Option<Entry>, CacheStatus)> {
        std::future::ready((None, CacheStatus::default()))
    }

    fn keep(&self, _: Vec<Write>) -> impl Future<Output = ()> {
        std::future::ready(())
    }

    fn pause(&self, _: u32) -> impl Future<Output = ()> {
        std::future::ready(())
    }
}

/// A stored object as a host's tier holds it: the entry's metadata and its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    pub meta: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Object {
    pub fn of(entry: &Entry) -> Object {
        Object {
            meta: entry.metadata(),
            body: entry.body.clone(),
        }
    }

    /// The entry, read back as the Worker reads its tiers' objects ([`Entry::read`]).
    pub fn read(&self) -> std::result::Result<Entry, Fault> {
        let meta = |name: &str| {
            let found = self.meta.iter().find(|(k, _)| *k == name);
            found.map(|(_, v)| v.clone())
        };
        Entry::read(meta, self.body.clone())
    }
}

/// Tiers in memory, holding objects as the Worker's do (metadata beside the body, read back
/// through [`Entry::read`], so a corrupt object is refused the same way): a location's tier
/// and, optionally, a store, with the store's faults as a switch. For testing the tier logic
/// natively (tests/store.rs).
#[derive(Debug, Default)]
pub struct Memory {
    pub edge: RefCell<HashMap<String, Object>>,
    /// `None`: no store (the Worker without its R2 binding).
    pub store: Option<RefCell<HashMap<String, Object>>>,
    /// Every store read and write fails with this.
    pub fault: Option<Fault>,
}

impl Memory {
    /// A location's tier in front of a store.
    pub fn with_store() -> Memory {
        Memory {
            store: Some(RefCell::default()),
            ..Memory::default()
        }
    }

    fn keep_now(&self, writes: Vec<Write>) {
        for w in writes {
            let object = Object::of(&w.entry);
            if let (true, Some(store), None) = (w.store, &self.store, self.fault) {
                store.borrow_mut().insert(w.key.clone(), object.clone());
            }
            self.edge.borrow_mut().insert(w.key, object);
        }
    }

    fn find_now(&self, key: &str, store: bool) -> (Option<Entry>, CacheStatus) {
        let mut status = CacheStatus::default();
        match self.edge.borrow().get(key).map(Object::read) {
            Some(Ok(entry)) => {
                status.edge = CacheStep::hit();
                return (Some(entry), status);
            }
            Some(Err(fault)) => status.edge = CacheStep::fault(fault),
            None => {}
        }
        let Some(tier) = self.store.as_ref().filter(|_| store) else {
            return (None, status);
        };
        if let Some(fault) = self.fault {
            status.store = Some(CacheStep::fault(fault));
            return (None, status);
        }
        let (found, step) = match tier.borrow().get(key).map(Object::read) {
            Some(Ok(entry)) => (Some(entry), CacheStep::hit()),
            Some(Err(fault)) => (None, CacheStep::fault(fault)),
            None => (None, CacheStep::default()),
        };
        status.store = Some(step);
        (found, status)
    }
}

impl Store for Memory {
    fn find(&self, key: &str, store: bool) -> impl Future<Output = (Option<Entry>, CacheStatus)> {
        std::future::ready(self.find_now(key, store))
    }

    fn keep(&self, writes: Vec<Write>) -> impl Future<Output = ()> {
        self.keep_now(writes);
        std::future::ready(())
    }

    fn pause(&self, _: u32) -> impl Future<Output = ()> {
        std::future::ready(())
    }
}

/// Runs a future whose every await is ready at once ([`Memory`]'s, [`Nowhere`]'s) to its end.
pub fn now_or_never<T>(future: impl Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => unreachable!("a Memory tier's lookup is always ready"),
    }
}
