//! The mounting code from the crate docs, as the server uses it: an axum
//! router whose fallback serves the dashboard, checked request by request.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower::ServiceExt;

// Exactly the handler shown in the crate docs and dashboard/README.md.
async fn dashboard(uri: Uri, headers: HeaderMap) -> Response {
    let Some(asset) = pyrite_dashboard::asset(uri.path()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = asset.etag();
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, asset.content_type.to_string()),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, asset.cache_control.to_string()),
        ],
        asset.bytes,
    )
        .into_response()
}

fn app() -> Router {
    Router::new()
        .route("/api/v1/devices", get(|| async { "[]" }))
        .fallback(dashboard)
}

async fn send(path: &str, if_none_match: Option<&str>) -> Response {
    let mut req = Request::builder().uri(path);
    if let Some(tag) = if_none_match {
        req = req.header(header::IF_NONE_MATCH, tag);
    }
    app()
        .oneshot(req.body(Body::empty()).expect("request"))
        .await
        .expect("infallible")
}

async fn body_text(resp: Response) -> String {
    let bytes = axum::body::to_bytes(resp.into_body(), 16 << 20)
        .await
        .expect("body");
    String::from_utf8_lossy(&bytes).into_owned()
}

#[tokio::test]
async fn root_and_client_routes_serve_the_app() {
    for path in ["/", "/devices/sim-1", "/rollouts/r-1"] {
        let resp = send(path, None).await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        assert_eq!(
            resp.headers()[header::CONTENT_TYPE],
            "text/html; charset=utf-8"
        );
        assert_eq!(resp.headers()[header::CACHE_CONTROL], "no-cache");
        assert!(body_text(resp).await.contains("<div id=\"app\">"), "{path}");
    }
}

#[tokio::test]
async fn api_routes_win_and_unknown_api_paths_are_404() {
    let resp = send("/api/v1/devices", None).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(body_text(resp).await, "[]");
    assert_eq!(
        send("/api/v1/nope", None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send("/missing.js", None).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn scripts_are_cached_and_revalidated_by_etag() {
    let script = pyrite_dashboard::all()
        .find(|a| a.path.starts_with("assets/") && a.path.ends_with(".js"))
        .expect("a built script");
    let resp = send(&format!("/{}", script.path), None).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        resp.headers()[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    assert!(
        resp.headers()[header::CACHE_CONTROL]
            .to_str()
            .is_ok_and(|v| v.contains("immutable"))
    );
    let etag = resp.headers()[header::ETAG]
        .to_str()
        .expect("etag")
        .to_string();
    assert_eq!(body_text(resp).await.len(), script.bytes.len());
    let again = send(&format!("/{}", script.path), Some(&etag)).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let stale = send(&format!("/{}", script.path), Some("\"0\"")).await;
    assert_eq!(stale.status(), StatusCode::OK);
}
