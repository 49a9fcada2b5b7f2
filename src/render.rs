//! One render path: "this diagram, in this format", answered from a host's caches or drawn.
//! The host supplies its [`Tiers`] (the Worker: the location's Cache API and the R2 store;
//! natively and in tests: [`Memory`]) and its [`Engine`]; [`answer`] decides the rest, the
//! same for every host:
//!
//! 1. the entry of the job's key, from the first tier that has it (a store hit is copied into
//!    the location's tier);
//! 2. else, for a bitmap or PDF, the entry of its source SVG ([`service::bitmap_source`]),
//!    finished without laying the diagram out again;
//! 3. else the diagram laid out and finished; a bitmap keeps its source SVG too.
//!
//! What to keep is returned as [`Write`]s, for the host to store after it has answered.
//! Errors are never kept. A store whose read failed is neither asked again nor written to.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;

use crate::engine::Engine;
use crate::service::{self, HttpResponse, Job};
use crate::store::{CacheStatus, CacheStep, Entry, Fault, Timing};

/// A host's caches, looked up in order.
pub trait Tiers {
    /// The entry under `key` in the location's tier, then (when `store`) the store's; and what
    /// each tier did.
    fn find(&self, key: &str, store: bool) -> impl Future<Output = (Option<Entry>, CacheStatus)>;
}

/// What a request's render came to, shared with the requests that waited for it.
#[derive(Debug, Clone)]
pub struct Answer {
    pub response: HttpResponse,
    pub status: CacheStatus,
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

/// Finds `job`'s answer in `tiers` or draws it with `engine`; returns it with what to keep.
/// `now` is the host's clock in milliseconds (`Server-Timing`).
pub async fn answer(
    job: &Job,
    tiers: &impl Tiers,
    engine: &dyn Engine,
    now: &dyn Fn() -> f64,
) -> (Answer, Vec<Write>) {
    let mut writes = Vec::new();
    let (found, mut status) = tiers.find(&job.key, true).await;
    if let Some(entry) = found {
        return (hit(job, entry, status, &mut writes), writes);
    }
    let store_up = !status
        .store
        .as_ref()
        .is_some_and(|s| s.fault.is_some_and(Fault::unavailable));
    let source = match service::bitmap_source(job) {
        Some(src) => stored_source(&src.key, tiers, store_up, &mut writes).await,
        None => None,
    };
    let rendered = service::render(job, source.as_ref(), engine, now);
    let store = status.store.as_mut().filter(|_| store_up);
    let to_store = store.is_some();
    if let Some(entry) = rendered.entry {
        status.edge.stored = true;
        if let Some(store) = store {
            store.stored = true;
        }
        writes.push(Write::new(&job.key, entry, to_store));
    }
    if let Some((key, entry)) = rendered.source {
        writes.push(Write::new(&key, entry, to_store));
    }
    let answer = Answer {
        response: rendered.response,
        status,
        timing: rendered.timing,
    };
    (answer, writes)
}

/// The answer of an entry a tier had; a store hit is kept in the location's tier too.
fn hit(job: &Job, entry: Entry, mut status: CacheStatus, writes: &mut Vec<Write>) -> Answer {
    let from_store = status.store.as_ref().is_some_and(|s| s.hit);
    status.edge.stored = from_store;
    let response = service::from_entry(&entry);
    if from_store {
        writes.push(Write::edge(&job.key, entry));
    }
    Answer {
        response,
        status,
        timing: Timing::default(),
    }
}

/// The entry of a bitmap's source SVG, if a tier has it (a store hit is kept in the
/// location's tier too).
async fn stored_source(
    key: &str,
    tiers: &impl Tiers,
    store_up: bool,
    writes: &mut Vec<Write>,
) -> Option<Entry> {
    let (found, status) = tiers.find(key, store_up).await;
    let entry = found?;
    if status.store.is_some_and(|s| s.hit) {
        writes.push(Write::edge(key, entry.clone()));
    }
    Some(entry)
}

/// Tiers in memory: a location's tier and, optionally, a store, with the store's faults as a
/// switch. For the hosts without caches of their own and for testing the tier logic natively
/// (tests/store.rs).
#[derive(Debug, Default)]
pub struct Memory {
    pub edge: RefCell<HashMap<String, Entry>>,
    /// `None`: no store (the Worker without its R2 binding).
    pub store: Option<RefCell<HashMap<String, Entry>>>,
    /// Every store read fails with this.
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

    /// Keeps `writes` (after the response), as the Worker does.
    pub fn keep(&self, writes: Vec<Write>) {
        for w in writes {
            if let (true, Some(store), None) = (w.store, &self.store, self.fault) {
                store.borrow_mut().insert(w.key.clone(), w.entry.clone());
            }
            self.edge.borrow_mut().insert(w.key, w.entry);
        }
    }

    fn find_now(&self, key: &str, store: bool) -> (Option<Entry>, CacheStatus) {
        let mut status = CacheStatus::default();
        if let Some(entry) = self.edge.borrow().get(key) {
            status.edge = CacheStep::hit();
            return (Some(entry.clone()), status);
        }
        let Some(tier) = self.store.as_ref().filter(|_| store) else {
            return (None, status);
        };
        if let Some(fault) = self.fault {
            status.store = Some(CacheStep::fault(fault));
            return (None, status);
        }
        let found = tier.borrow().get(key).cloned();
        status.store = Some(match found {
            Some(_) => CacheStep::hit(),
            None => CacheStep::default(),
        });
        (found, status)
    }
}

impl Tiers for Memory {
    fn find(&self, key: &str, store: bool) -> impl Future<Output = (Option<Entry>, CacheStatus)> {
        std::future::ready(self.find_now(key, store))
    }
}

/// Runs a future whose every await is ready at once ([`Memory`]'s), to its end.
pub fn now_or_never<T>(future: impl Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => unreachable!("a Memory tier's lookup is always ready"),
    }
}
