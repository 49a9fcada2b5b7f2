//! `store`: what the hosts' caches keep of a render and what they say about it, independent of
//! any runtime. The Worker (`src/worker.rs`) has two caches in front of the renderer: the
//! location's Cache API (`edgeviz-edge`) and, when an R2 bucket is bound, one store for the
//! whole network (`edgeviz-store`). Only their calls live in the Worker; here are:
//!
//! - [`object_name`]: an entry's R2 object name, the build id first, so that an old build's
//!   objects can be deleted by prefix (an R2 lifecycle rule: README, "The global tier");
//! - [`Entry`]: a successful render as stored — body, content type, ETag, diagnostics and,
//!   for an SVG, the raster scale a bitmap drawn from it needs ([`Entry::metadata`]), checked
//!   when read back: a truncated or corrupt object (length, SHA-256) is refused, never served;
//! - [`CacheStatus`] and [`Timing`]: the `Cache-Status` (RFC 9211) and `Server-Timing` (W3C)
//!   headers;
//! - [`Flights`]: requests for a key being rendered wait for that render (coalescing within
//!   an isolate).
//!
//! Errors are never entries: only a `200` render becomes one.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::task::Poll;

use sha2::{Digest, Sha256};

use crate::error::{Diagnostic, Position, Severity};

/// The R2 object name of the entry stored under cache key `key`: `BUILD_ID/KEY`. The key
/// already covers the build id; putting it first as well lets a lifecycle rule or
/// `wrangler r2 object delete` remove one build's objects by prefix.
pub fn object_name(key: &str) -> String {
    format!("{}/{key}", env!("EDGEVIZ_BUILD_ID"))
}

/// A successful render as the caches keep it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub content_type: String,
    /// The response's ETag (`"KEY"`).
    pub etag: String,
    pub body: Vec<u8>,
    /// What the render reported, whole (served as `X-Edgeviz-Diagnostics`, their count, and
    /// `X-Edgeviz-Diagnostic`, the first).
    pub diagnostics: Vec<Diagnostic>,
    /// How many more the render reported than [`Entry::diagnostics`] holds: a stored entry
    /// keeps as many whole as fit in [`DIAGNOSTIC_BYTES`] of metadata; 0 in memory.
    pub unkept: usize,
    /// For an SVG a bitmap may be drawn from: the drawing's raster scale (1, or 0.75 for a
    /// Graphviz graph that sets its own `dpi`), which the SVG's bytes do not show.
    pub raster_scale: Option<f64>,
}

/// Why a stored object was not served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The store's read failed.
    ReadError,
    /// The store did not answer within [`READ_TIMEOUT_MS`].
    Timeout,
    /// The object's metadata is missing or unreadable.
    NoMetadata,
    /// The body is not as long as its metadata says (a truncated object).
    Length,
    /// The body's SHA-256 is not the one stored with it.
    Digest,
}

impl Fault {
    /// Whether the store itself failed (rather than one object): a request that saw it does
    /// not write to the store either.
    pub fn unavailable(self) -> bool {
        matches!(self, Fault::ReadError | Fault::Timeout)
    }

    /// The `detail` of `Cache-Status`.
    pub fn detail(self) -> &'static str {
        match self {
            Fault::ReadError => "read-error",
            Fault::Timeout => "read-timeout",
            Fault::NoMetadata => "corrupt-metadata",
            Fault::Length => "corrupt-length",
            Fault::Digest => "corrupt-digest",
        }
    }
}

/// How long a read of the store may take before the request renders instead (an R2 read in
/// the same region takes tens of milliseconds).
pub const READ_TIMEOUT_MS: u32 = 1000;
/// How long a write of the store may take, after the response (`waitUntil`).
pub const WRITE_TIMEOUT_MS: u32 = 5000;

const CONTENT_TYPE: &str = "content-type";
const ETAG: &str = "etag";
const LENGTH: &str = "length";
const SHA256: &str = "sha256";
const DIAGNOSTICS: &str = "diagnostics";
const DIAGNOSTIC_LIST: &str = "diagnostic-list";

/// The metadata a stored entry's diagnostics may take, of R2's 2 KiB of custom metadata
/// (the other fields take under 200 bytes): the diagnostics that do not fit whole are
/// counted ([`Entry::unkept`]) but not kept.
pub const DIAGNOSTIC_BYTES: usize = 1536;

/// A kept message is cut to this many bytes (a header shows its first 300).
const MESSAGE_BYTES: usize = 600;
const RASTER_SCALE: &str = "raster-scale";

impl Entry {
    /// What is stored beside the body: R2 custom metadata, or headers of a Cache API entry
    /// (prefixed by the Worker). Every value is printable ASCII, and the whole stays well
    /// inside R2's 2 KiB of custom metadata (the diagnostic is at most 300 bytes).
    pub fn metadata(&self) -> Vec<(&'static str, String)> {
        let mut meta = vec![
            (CONTENT_TYPE, self.content_type.clone()),
            (ETAG, self.etag.clone()),
            (LENGTH, self.body.len().to_string()),
            (SHA256, digest(&self.body)),
        ];
        if self.count() > 0 {
            meta.push((DIAGNOSTICS, self.count().to_string()));
            meta.push((DIAGNOSTIC_LIST, encode_diagnostics(&self.diagnostics)));
        }
        if let Some(s) = self.raster_scale {
            meta.push((RASTER_SCALE, s.to_string()));
        }
        meta
    }

    /// How many diagnostics the render reported, kept or not.
    pub fn count(&self) -> usize {
        self.diagnostics.len() + self.unkept
    }

    /// The entry whose [`Entry::metadata`] `meta` answers, with `body`, if the body is whole:
    /// as long as stored and with the stored SHA-256.
    pub fn read(meta: impl Fn(&str) -> Option<String>, body: Vec<u8>) -> Result<Entry, Fault> {
        let (Some(content_type), Some(etag), Some(length), Some(sha256)) =
            (meta(CONTENT_TYPE), meta(ETAG), meta(LENGTH), meta(SHA256))
        else {
            return Err(Fault::NoMetadata);
        };
        if length.parse::<usize>() != Ok(body.len()) {
            return Err(Fault::Length);
        }
        if digest(&body) != sha256 {
            return Err(Fault::Digest);
        }
        let count: usize = parse(meta(DIAGNOSTICS))?.unwrap_or(0);
        let diagnostics = match meta(DIAGNOSTIC_LIST) {
            Some(list) => decode_diagnostics(&list).ok_or(Fault::NoMetadata)?,
            None => Vec::new(),
        };
        Ok(Entry {
            content_type,
            etag,
            body,
            unkept: count.saturating_sub(diagnostics.len()),
            diagnostics,
            raster_scale: parse(meta(RASTER_SCALE))?,
        })
    }
}

/// `list` as metadata: a JSON array of `[severity, line, column, message]` (line 0: no
/// position), every character past ASCII escaped, as many whole diagnostics as fit in
/// [`DIAGNOSTIC_BYTES`], each message cut to [`MESSAGE_BYTES`].
fn encode_diagnostics(list: &[Diagnostic]) -> String {
    let mut out = String::from("[");
    for d in list {
        let p = d.position.unwrap_or(Position { line: 0, column: 0 });
        let mut end = d.message.len().min(MESSAGE_BYTES);
        while !d.message.is_char_boundary(end) {
            end -= 1;
        }
        let item = serde_json::json!([d.severity.name(), p.line, p.column, &d.message[..end]]);
        let item = ascii_json(&item.to_string());
        if out.len() + item.len() + 2 > DIAGNOSTIC_BYTES {
            break;
        }
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str(&item);
    }
    out.push(']');
    out
}

/// JSON text with every non-ASCII character written as `\uXXXX` (UTF-16 units).
fn ascii_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            out.push_str(&format!("\\u{unit:04x}"));
        }
    }
    out
}

fn decode_diagnostics(list: &str) -> Option<Vec<Diagnostic>> {
    let items: Vec<(String, u32, u32, String)> = serde_json::from_str(list).ok()?;
    let list = items
        .into_iter()
        .map(|(severity, line, column, message)| Diagnostic {
            severity: Severity::named(&severity),
            message,
            position: (line > 0).then_some(Position { line, column }),
        })
        .collect();
    Some(list)
}

fn parse<T: std::str::FromStr>(value: Option<String>) -> Result<Option<T>, Fault> {
    value
        .map(|v| v.parse().map_err(|_| Fault::NoMetadata))
        .transpose()
}

/// SHA-256 of `bytes` as 64 hex digits.
pub fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `Cache-Status` name of the location's Cache API.
pub const EDGE: &str = "edgeviz-edge";
/// The `Cache-Status` name of the R2 store.
pub const STORE: &str = "edgeviz-store";

/// What one cache did for a request (one member of `Cache-Status`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheStep {
    pub hit: bool,
    /// The response was stored in this cache (after it was sent).
    pub stored: bool,
    /// The request waited for another one's render (RFC 9211 `collapsed`).
    pub collapsed: bool,
    /// Why a lookup failed (its `detail`).
    pub fault: Option<Fault>,
}

impl CacheStep {
    pub fn hit() -> CacheStep {
        CacheStep {
            hit: true,
            ..CacheStep::default()
        }
    }

    pub fn fault(fault: Fault) -> CacheStep {
        CacheStep {
            fault: Some(fault),
            ..CacheStep::default()
        }
    }

    fn write(&self, name: &str, out: &mut String) {
        out.push_str(name);
        out.push_str(if self.hit { "; hit" } else { "; fwd=miss" });
        if let Some(f) = self.fault {
            out.push_str("; detail=");
            out.push_str(f.detail());
        }
        if self.stored {
            out.push_str("; stored");
        }
        if self.collapsed {
            out.push_str("; collapsed");
        }
    }
}

/// What the caches did: the `Cache-Status` header. A cache that was not asked (the store
/// after a location hit, or with no bucket bound) is not listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheStatus {
    pub edge: CacheStep,
    pub store: Option<CacheStep>,
}

impl CacheStatus {
    /// The header's value: the cache closest to the origin first (RFC 9211 §2), so the store
    /// before the location's cache.
    pub fn header(&self) -> String {
        let mut out = String::new();
        if let Some(store) = &self.store {
            store.write(STORE, &mut out);
            out.push_str(", ");
        }
        self.edge.write(EDGE, &mut out);
        out
    }

    /// As seen by a request that waited for this one's answer: nothing stored by it,
    /// collapsed at the location.
    pub fn collapsed(&self) -> CacheStatus {
        let mut status = self.clone();
        status.edge.stored = false;
        status.edge.collapsed = true;
        if let Some(store) = &mut status.store {
            store.stored = false;
        }
        status
    }
}

/// What a request spent its time on, in milliseconds: the `Server-Timing` header. `layout`
/// is there only when the engine laid the diagram out, `raster` only when a bitmap was drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timing {
    pub layout: Option<f64>,
    pub raster: Option<f64>,
}

impl Timing {
    /// Whether anything was rendered (`X-Edgeviz-Cache: MISS`).
    pub fn rendered(&self) -> bool {
        self.layout.is_some() || self.raster.is_some()
    }

    /// The header's value, with the request's `total`.
    pub fn header(&self, total: f64) -> String {
        let mut parts: Vec<String> = Vec::new();
        for (name, dur) in [("layout", self.layout), ("raster", self.raster)] {
            if let Some(d) = dur {
                parts.push(format!("{name};dur={d:.1}"));
            }
        }
        parts.push(format!("total;dur={total:.1}"));
        parts.join(", ")
    }
}

/// Renders in flight within one isolate, by key: the first request for a key leads (renders,
/// or finds the render in a cache), the others wait for its answer. The leader registers
/// before its first `await`, so requests that arrive while it waits on a cache meet it.
pub struct Flights<T> {
    map: RefCell<HashMap<String, Rc<Slot<T>>>>,
}

struct Slot<T> {
    value: RefCell<Option<T>>,
    closed: RefCell<bool>,
}

/// What [`Flights::join`] makes of a request.
pub enum Flight<T: 'static> {
    /// No render of the key is in flight: this request's. Land its answer with
    /// [`Lead::land`]; dropping it ends the flight.
    Lead(Lead<T>),
    /// A render is in flight: its answer, or `None` if its leader gave up.
    Follow(Wait<T>),
}

/// The leader's hold on a key. While it lives, later requests for the key get its answer;
/// dropped (after the answer is stored, or on failure), the key is free again.
pub struct Lead<T: 'static> {
    flights: &'static std::thread::LocalKey<Flights<T>>,
    key: String,
    slot: Rc<Slot<T>>,
}

impl<T: 'static> Lead<T> {
    /// The answer, for the requests waiting and those that come until this is dropped.
    pub fn land(&self, value: T) {
        *self.slot.value.borrow_mut() = Some(value);
    }
}

impl<T: 'static> Drop for Lead<T> {
    fn drop(&mut self) {
        *self.slot.closed.borrow_mut() = true;
        let _ = self.flights.try_with(|f| {
            let mut map = f.map.borrow_mut();
            if map
                .get(&self.key)
                .is_some_and(|s| Rc::ptr_eq(s, &self.slot))
            {
                map.remove(&self.key);
            }
        });
    }
}

/// A follower's wait for the leader's answer. It is not a future the leader wakes: workerd
/// runs a woken task in the request that woke it, and a response made there belongs to the
/// wrong request ("Cannot perform I/O on behalf of a different request"). The follower
/// looks again on its own timer instead ([`Wait::check`]).
pub struct Wait<T>(Rc<Slot<T>>);

impl<T: Clone> Wait<T> {
    /// The leader's answer; `Ready(None)` if it gave up; `Pending` while it works.
    pub fn check(&self) -> Poll<Option<T>> {
        if let Some(v) = self.0.value.borrow().as_ref() {
            return Poll::Ready(Some(v.clone()));
        }
        if *self.0.closed.borrow() {
            return Poll::Ready(None);
        }
        Poll::Pending
    }
}

impl<T> Flights<T> {
    pub fn new() -> Flights<T> {
        Flights {
            map: RefCell::new(HashMap::new()),
        }
    }

    /// How many keys are in flight.
    pub fn len(&self) -> usize {
        self.map.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T> Default for Flights<T> {
    fn default() -> Self {
        Flights::new()
    }
}

/// Joins the flight of `key` in the isolate's `flights` (a `thread_local!`).
pub fn join<T: Clone + 'static>(
    flights: &'static std::thread::LocalKey<Flights<T>>,
    key: &str,
) -> Flight<T> {
    flights.with(|f| {
        let mut map = f.map.borrow_mut();
        if let Some(slot) = map.get(key) {
            return Flight::Follow(Wait(slot.clone()));
        }
        let slot = Rc::new(Slot {
            value: RefCell::new(None),
            closed: RefCell::new(false),
        });
        map.insert(key.to_string(), slot.clone());
        Flight::Lead(Lead {
            flights,
            key: key.to_string(),
            slot,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry {
            content_type: "image/svg+xml".into(),
            etag: "\"abc\"".into(),
            body: b"<svg/>".to_vec(),
            diagnostics: vec![
                Diagnostic::warning("Warning: x"),
                Diagnostic {
                    position: Some(Position { line: 3, column: 7 }),
                    ..Diagnostic::note("naïve \"quoted\" 🦀")
                },
            ],
            unkept: 0,
            raster_scale: Some(0.75),
        }
    }

    fn read(meta: &[(&'static str, String)], body: Vec<u8>) -> Result<Entry, Fault> {
        Entry::read(
            |n| meta.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone()),
            body,
        )
    }

    #[test]
    fn object_names_start_with_the_build_id() {
        let name = object_name("k");
        assert_eq!(name, format!("{}/k", env!("EDGEVIZ_BUILD_ID")));
    }

    #[test]
    fn entries_read_back_whole_or_not_at_all() {
        let e = entry();
        let meta = e.metadata();
        assert_eq!(read(&meta, e.body.clone()), Ok(e.clone()));
        let mut truncated = e.body.clone();
        truncated.pop();
        assert_eq!(read(&meta, truncated), Err(Fault::Length));
        let mut flipped = e.body.clone();
        flipped[1] ^= 1;
        assert_eq!(read(&meta, flipped), Err(Fault::Digest));
        assert_eq!(read(&meta[1..], e.body.clone()), Err(Fault::NoMetadata));
        let mut bad = meta.clone();
        bad.retain(|(k, _)| *k != RASTER_SCALE);
        bad.push((RASTER_SCALE, "x".into()));
        assert_eq!(read(&bad, e.body.clone()), Err(Fault::NoMetadata));
        // A bitmap has no raster scale, and no diagnostics is no metadata.
        let plain = Entry {
            diagnostics: Vec::new(),
            raster_scale: None,
            ..entry()
        };
        assert_eq!(plain.metadata().len(), 4);
        assert_eq!(read(&plain.metadata(), plain.body.clone()), Ok(plain));
    }

    #[test]
    fn diagnostics_are_kept_whole_in_printable_ascii_and_counted_past_the_budget() {
        let e = entry();
        let meta = e.metadata();
        let list = &meta.iter().find(|(k, _)| *k == DIAGNOSTIC_LIST).unwrap().1;
        assert!(list.bytes().all(|b| (b' '..=b'~').contains(&b)), "{list}");
        assert_eq!(
            read(&meta, e.body.clone()).unwrap().diagnostics,
            e.diagnostics
        );
        let many = Entry {
            diagnostics: (0..100)
                .map(|i| Diagnostic::warning(format!("Warning: edge {i} not routed")))
                .collect(),
            ..entry()
        };
        let back = read(&many.metadata(), many.body.clone()).unwrap();
        assert!(
            back.unkept > 0 && back.diagnostics.len() > 10,
            "{}",
            back.unkept
        );
        assert_eq!(back.count(), 100);
        assert_eq!(
            back.diagnostics[..],
            many.diagnostics[..back.diagnostics.len()]
        );
        let total: usize = many.metadata().iter().map(|(k, v)| k.len() + v.len()).sum();
        assert!(total < 2048, "R2 keeps 2 KiB of custom metadata: {total}");
    }

    #[test]
    fn cache_status_lists_the_store_first() {
        let edge_hit = CacheStatus {
            edge: CacheStep::hit(),
            store: None,
        };
        assert_eq!(edge_hit.header(), "edgeviz-edge; hit");
        let store_hit = CacheStatus {
            edge: CacheStep {
                stored: true,
                ..CacheStep::default()
            },
            store: Some(CacheStep::hit()),
        };
        assert_eq!(
            store_hit.header(),
            "edgeviz-store; hit, edgeviz-edge; fwd=miss; stored"
        );
        let stored = CacheStep {
            stored: true,
            ..CacheStep::default()
        };
        let render = CacheStatus {
            edge: stored.clone(),
            store: Some(stored),
        };
        assert_eq!(
            render.header(),
            "edgeviz-store; fwd=miss; stored, edgeviz-edge; fwd=miss; stored"
        );
        assert_eq!(
            render.collapsed().header(),
            "edgeviz-store; fwd=miss, edgeviz-edge; fwd=miss; collapsed"
        );
        let fault = CacheStatus {
            edge: CacheStep::default(),
            store: Some(CacheStep::fault(Fault::Timeout)),
        };
        assert_eq!(
            fault.header(),
            "edgeviz-store; fwd=miss; detail=read-timeout, edgeviz-edge; fwd=miss"
        );
    }

    #[test]
    fn server_timing_names_only_what_was_done() {
        let none = Timing::default();
        assert!(!none.rendered());
        assert_eq!(none.header(0.0), "total;dur=0.0");
        let raster = Timing {
            layout: None,
            raster: Some(2.34),
        };
        assert!(raster.rendered());
        assert_eq!(raster.header(3.0), "raster;dur=2.3, total;dur=3.0");
        let both = Timing {
            layout: Some(10.0),
            raster: Some(1.0),
        };
        assert_eq!(
            both.header(12.04),
            "layout;dur=10.0, raster;dur=1.0, total;dur=12.0"
        );
    }

    thread_local! {
        static FLIGHTS: Flights<u32> = Flights::new();
    }

    /// A leader of `key` and its first follower.
    fn flight(key: &str) -> (Lead<u32>, Wait<u32>) {
        let Flight::Lead(lead) = join(&FLIGHTS, key) else {
            panic!("the first request leads");
        };
        let Flight::Follow(wait) = join(&FLIGHTS, key) else {
            panic!("the second follows");
        };
        (lead, wait)
    }

    #[test]
    fn followers_get_the_leaders_answer() {
        let (lead, early) = flight("k");
        assert!(matches!(join(&FLIGHTS, "other"), Flight::Lead(_)));
        assert_eq!(early.check(), Poll::Pending);
        lead.land(7);
        assert_eq!(early.check(), Poll::Ready(Some(7)));
        // Until the leader is dropped (its answer stored), later requests get it too.
        let Flight::Follow(late) = join(&FLIGHTS, "k") else {
            panic!("still in flight");
        };
        assert_eq!(late.check(), Poll::Ready(Some(7)));
        drop(lead);
        assert!(FLIGHTS.with(Flights::is_empty));
        assert!(matches!(join(&FLIGHTS, "k"), Flight::Lead(_)));
    }

    #[test]
    fn a_leader_that_gives_up_frees_its_followers() {
        let (lead, wait) = flight("gone");
        drop(lead);
        assert_eq!(wait.check(), Poll::Ready(None));
        assert!(FLIGHTS.with(Flights::is_empty));
    }
}
