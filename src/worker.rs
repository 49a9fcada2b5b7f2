//! The Cloudflare Worker: a thin shell over [`crate::service`] (wasm32 only).
//!
//! It converts the runtime's request into a [`HttpRequest`], asks the service for a
//! [`Plan`], and for renders adds what only the edge has: the Workers Cache API. A client's
//! `If-None-Match` is answered with 304 before anything else; then the cache is asked
//! (`X-Edgeviz-Cache: HIT`); a miss renders and stores the response after it is sent
//! (`ctx.wait_until`, `X-Edgeviz-Cache: MISS`). GET and POST renders of the same diagram
//! share one entry: the storage key is the cache key, not the request URL.

use worker::{event, Cache, Context, Env, Headers, Request, Response, Result};

use crate::cache;
use crate::limits;
use crate::service::{self, HttpRequest, HttpResponse, Plan};

#[event(fetch)]
async fn fetch(mut req: Request, _env: Env, ctx: Context) -> Result<Response> {
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
            let cache = Cache::default();
            let key = cache::storage_url(&url.origin().ascii_serialization(), &job.key);
            match cache.get(key.as_str(), false).await {
                Ok(Some(mut hit)) => {
                    let mut resp = from_cache(&mut hit).await?;
                    resp.headers.push(("X-Edgeviz-Cache".into(), "HIT".into()));
                    resp
                }
                _ => {
                    let mut resp = service::execute(&job);
                    if resp.status == 200 {
                        let stored = to_worker(&resp)?;
                        ctx.wait_until(async move {
                            let _ = Cache::default().put(key.as_str(), stored).await;
                        });
                        resp.headers.push(("X-Edgeviz-Cache".into(), "MISS".into()));
                    }
                    resp
                }
            }
        }
        Err(e) => service::error_response(&e, hreq.error_style()),
    };
    to_worker(&service::finish(&hreq, resp))
}

async fn from_cache(hit: &mut Response) -> Result<HttpResponse> {
    let headers = hit.headers().entries().collect();
    Ok(HttpResponse {
        status: hit.status_code(),
        headers,
        body: hit.bytes().await?,
    })
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
