//! The Cloudflare Worker: a thin shell over [`crate::service`] (wasm32 only).
//!
//! It converts the runtime's request into a [`HttpRequest`], asks the service for a
//! [`Plan`], and for renders adds what only the edge has: two caches in front of the renderer
//! ([`crate::store`] has everything about them that is not a runtime call).
//!
//! 1. A client's `If-None-Match` is answered with 304 before anything else.
//! 2. The render itself is [`crate::render::serve`]'s, the same path as every host's: a request
//!    for a key another request of this isolate is answering waits for that answer; then the
//!    location's Cache API (`edgeviz-edge`), then, when the R2 bucket `STORE` is bound
//!    (wrangler.toml), the store of the whole network (`edgeviz-store`): a hit is served
//!    (`X-Edgeviz-Cache: HIT`; a store hit is copied into the location's cache); a miss
//!    renders (`X-Edgeviz-Cache: MISS`) in the contained renderer, a bitmap from its source
//!    SVG when either cache holds it. This shell supplies the tiers ([`render::Store`]) and
//!    keeps what was rendered in both after the response is sent (`ctx.wait_until`).
//!
//! A store that fails or does not answer within [`store::READ_TIMEOUT_MS`] does not fail the
//! request: it renders, and `Cache-Status` says why (`detail=`). A stored object whose length
//! or digest is wrong is never served, and is replaced. `Cache-Status` (RFC 9211) and
//! `Server-Timing` say what happened. GET and POST renders of the same diagram share one
//! entry: the storage key is the cache key, not the request URL.
//!
//! The variable `EDGEVIZ_STORE_FAULT` is a switch for tests: `fail` makes every store read
//! and write fail, `hang` makes them never answer.

use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::Poll;
use std::time::Duration;

use worker::{
    console_error, event, Bucket, Cache, Context, Delay, Env, Headers, HttpMetadata, Request,
    Response, Result,
};

use crate::cache;
use crate::contained::{self, Contained};
use crate::limits;
use crate::render::{self, Answer, Write};
use crate::service::{self, HttpRequest, HttpResponse, Job, Plan};
use crate::store::{self, CacheStatus, CacheStep, Entry, Fault, Flights};

/// The R2 bucket binding of the store (wrangler.toml). Without it: the location's cache only.
const BUCKET: &str = "STORE";
/// The test switch (see the module's docs).
const FAULT_VAR: &str = "EDGEVIZ_STORE_FAULT";
/// Test switches of the contained renderer ([`Contained`]): honour trapping test sources, and
/// draw every render in a fresh renderer (then `X-Edgeviz-Renderer-Memory` says how much
/// linear memory that render took). Neither is set in wrangler.toml.
const TRAP_VAR: &str = "EDGEVIZ_TEST_TRAP";
const FRESH_VAR: &str = "EDGEVIZ_FRESH_RENDERER";
/// The prefix of the headers that carry an entry's metadata in the Cache API; never served
/// (a hit is answered by [`service::from_entry`]).
const META: &str = "x-edgeviz-entry-";

thread_local! {
    static FLIGHTS: Flights<Rc<Answer>> = Flights::new();
}

/// The isolate's clock in milliseconds. A deployed Worker's clock advances only on I/O, so
/// a render reads 0 there; `wrangler dev` runs a real one.
fn now() -> f64 {
    worker::js_sys::Date::now()
}

#[event(fetch)]
async fn fetch(mut req: Request, env: Env, ctx: Context) -> Result<Response> {
    let start = now();
    let url = req.url()?;
    let method = req.method().to_string();
    let headers: Vec<(String, String)> = req.headers().entries().collect();
    let declared_len = req
        .headers()
        .get("content-length")?
        .and_then(|l| l.parse::<usize>().ok());
    // An oversized body is refused from its Content-Length, before it is read.
    let body = match declared_len {
        Some(len) if len > limits::MAX_BODY_BYTES => vec![0; limits::MAX_BODY_BYTES + 1],
        _ if method == "POST" => req.bytes().await.unwrap_or_default(),
        _ => Vec::new(),
    };
    let hreq = HttpRequest {
        method: &method,
        path: url.path(),
        query: url.query().unwrap_or(""),
        headers: &headers,
        body: &body,
    };
    let resp = match service::plan(&hreq) {
        Ok(Plan::Ready(resp)) => resp,
        Ok(Plan::Render(job)) if service::is_not_modified(&hreq, &job) => {
            service::not_modified(&job)
        }
        Ok(Plan::Render(job)) => {
            let tiers = Tiers::new(&env, &url.origin().ascii_serialization());
            let engine = Contained {
                test_trap: env.var(TRAP_VAR).is_ok(),
                fresh: env.var(FRESH_VAR).is_ok(),
            };
            serve(job, tiers, &engine, &ctx, start).await
        }
        Err(e) => service::error_response(&e, hreq.error_style()),
    };
    to_worker(&service::finish(&hreq, resp))
}

/// Answers a render through the one render path, with this isolate's requests in flight,
/// the caches and the contained renderer; keeps what it drew after the response is sent.
async fn serve(
    job: Job,
    tiers: Tiers,
    engine: &Contained,
    ctx: &Context,
    start: f64,
) -> HttpResponse {
    let (served, keeping) = render::serve(&job, &tiers, engine, &FLIGHTS, &now).await;
    // The key stays in flight (later requests get this answer) until it is kept.
    ctx.wait_until(async move { keeping.keep(&tiers).await });
    let resp = service::served(&served, &job, now() - start);
    with_memory(resp, engine)
}

/// In the measuring mode ([`FRESH_VAR`]): the response with the linear memory its renderer
/// took.
fn with_memory(mut resp: HttpResponse, engine: &Contained) -> HttpResponse {
    if engine.fresh {
        let memory = contained::take_peak().to_string();
        resp.headers
            .push(("X-Edgeviz-Renderer-Memory".to_string(), memory));
    }
    resp
}

/// The caches: the location's Cache API and, when bound, the R2 store.
struct Tiers {
    origin: String,
    store: Option<Bucket>,
    /// The test switch's value.
    fault: Option<String>,
}

impl Tiers {
    fn new(env: &Env, origin: &str) -> Tiers {
        Tiers {
            origin: origin.to_string(),
            store: env.bucket(BUCKET).ok(),
            fault: env.var(FAULT_VAR).ok().map(|v| v.to_string()),
        }
    }
}

impl render::Store for Tiers {
    /// Looks `key` up in the location's cache, then (if `store`) in the store; says what each
    /// did.
    async fn find(&self, key: &str, store: bool) -> (Option<Entry>, CacheStatus) {
        let mut status = CacheStatus::default();
        match self.edge_get(key).await {
            Ok(Some(entry)) => {
                status.edge = CacheStep::hit();
                return (Some(entry), status);
            }
            Ok(None) => {}
            Err(fault) => status.edge = CacheStep::fault(fault),
        }
        let Some(bucket) = self.store.as_ref().filter(|_| store) else {
            return (None, status);
        };
        let read = within(store::READ_TIMEOUT_MS, self.store_get(bucket, key)).await;
        match read.unwrap_or(Err(Fault::Timeout)) {
            Ok(Some(entry)) => {
                status.store = Some(CacheStep::hit());
                return (Some(entry), status);
            }
            Ok(None) => status.store = Some(CacheStep::default()),
            Err(fault) => {
                console_error!("edgeviz-store: {} reading {key}", fault.detail());
                status.store = Some(CacheStep::fault(fault));
            }
        }
        (None, status)
    }

    async fn keep(&self, writes: Vec<Write>) {
        self.write(writes).await;
    }

    async fn pause(&self, ms: u32) {
        Delay::from(Duration::from_millis(u64::from(ms))).await;
    }
}

impl Tiers {
    fn edge_url(&self, key: &str) -> String {
        cache::storage_url(&self.origin, key)
    }

    async fn edge_get(&self, key: &str) -> std::result::Result<Option<Entry>, Fault> {
        let hit = Cache::default()
            .get(self.edge_url(key).as_str(), false)
            .await;
        let Some(mut hit) = hit.map_err(|_| Fault::ReadError)? else {
            return Ok(None);
        };
        let headers = hit.headers().clone();
        let body = hit.bytes().await.map_err(|_| Fault::ReadError)?;
        Entry::read(|n| headers.get(&format!("{META}{n}")).ok().flatten(), body).map(Some)
    }

    async fn store_get(
        &self,
        bucket: &Bucket,
        key: &str,
    ) -> std::result::Result<Option<Entry>, Fault> {
        self.injected_fault().await?;
        let object = bucket.get(store::object_name(key)).execute().await;
        let Some(object) = object.map_err(|_| Fault::ReadError)? else {
            return Ok(None);
        };
        let meta = object.custom_metadata().map_err(|_| Fault::NoMetadata)?;
        let body = object.body().ok_or(Fault::ReadError)?;
        let body = body.bytes().await.map_err(|_| Fault::ReadError)?;
        Entry::read(|n| meta.get(n).cloned(), body).map(Some)
    }

    /// The test switch: `fail` fails, `hang` never answers.
    async fn injected_fault(&self) -> std::result::Result<(), Fault> {
        match self.fault.as_deref() {
            Some("fail") => Err(Fault::ReadError),
            Some("hang") => {
                Delay::from(Duration::from_secs(3600)).await;
                Err(Fault::Timeout)
            }
            _ => Ok(()),
        }
    }

    /// Stores `writes` (after the response); a failure is logged, never answered.
    async fn write(&self, writes: Vec<Write>) {
        for w in writes {
            let put = match edge_response(&w.entry) {
                Ok(resp) => {
                    let url = self.edge_url(&w.key);
                    Cache::default().put(url.as_str(), resp).await
                }
                Err(e) => Err(e),
            };
            if let Err(e) = put {
                console_error!("edgeviz-edge: write of {} failed: {e}", w.key);
            }
            let Some(bucket) = self.store.as_ref().filter(|_| w.store) else {
                continue;
            };
            let put = within(
                store::WRITE_TIMEOUT_MS,
                self.store_put(bucket, &w.key, w.entry),
            )
            .await;
            match put {
                Some(Ok(())) => {}
                Some(Err(e)) => console_error!("edgeviz-store: write of {} failed: {e}", w.key),
                None => console_error!("edgeviz-store: write of {} timed out", w.key),
            }
        }
    }

    async fn store_put(&self, bucket: &Bucket, key: &str, entry: Entry) -> Result<()> {
        if self.injected_fault().await.is_err() {
            return Err("the store fails (EDGEVIZ_STORE_FAULT)".into());
        }
        let meta: std::collections::HashMap<String, String> = entry
            .metadata()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let http = HttpMetadata {
            content_type: Some(entry.content_type.clone()),
            ..HttpMetadata::default()
        };
        bucket
            .put(store::object_name(key), entry.body)
            .http_metadata(http)
            .custom_metadata(meta)
            .execute()
            .await?;
        Ok(())
    }
}

/// `fut`'s output, or `None` after `ms` milliseconds.
async fn within<T>(ms: u32, fut: impl Future<Output = T>) -> Option<T> {
    let mut fut = pin!(fut);
    let mut delay = pin!(Delay::from(Duration::from_millis(u64::from(ms))));
    std::future::poll_fn(|cx| {
        if let Poll::Ready(v) = fut.as_mut().poll(cx) {
            return Poll::Ready(Some(v));
        }
        delay.as_mut().poll(cx).map(|()| None)
    })
    .await
}

/// A Cache API entry: the response as served, with the entry's metadata as headers.
fn edge_response(entry: &Entry) -> Result<Response> {
    let mut resp = service::from_entry(entry);
    for (name, value) in entry.metadata() {
        resp.headers.push((format!("{META}{name}"), value));
    }
    to_worker(&resp)
}

fn to_worker(resp: &HttpResponse) -> Result<Response> {
    let headers = Headers::new();
    for (k, v) in &resp.headers {
        headers.append(k, v)?;
    }
    let out = if resp.body.is_empty() {
        Response::empty()?
    } else {
        Response::from_bytes(resp.body.clone())?
    };
    Ok(out.with_status(resp.status).with_headers(headers))
}
