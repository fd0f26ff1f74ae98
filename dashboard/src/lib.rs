//! The Pyrite dashboard's built assets, embedded in the binary that serves them.
//!
//! `build.rs` builds the TypeScript dashboard with Vite (`npm ci` when needed,
//! then `npm run build`) and embeds every output file. This crate knows nothing
//! of HTTP frameworks: it answers "which bytes, which content type, which ETag"
//! for a request path, and the server wraps that in a response.
//!
//! # Mounting it in `pyrite-fleet` (axum 0.8)
//!
//! The dashboard is a single-page app: unknown paths that are not files get
//! `index.html`, so client-side routes such as `/devices/sim-1` survive a reload.
//! Add it as the router's fallback, after the API routes:
//!
//! ```ignore
//! use axum::{http::{header, HeaderMap, StatusCode, Uri}, response::{IntoResponse, Response}};
//!
//! async fn dashboard(uri: Uri, headers: HeaderMap) -> Response {
//!     let Some(asset) = pyrite_dashboard::asset(uri.path()) else {
//!         return StatusCode::NOT_FOUND.into_response();
//!     };
//!     let etag = asset.etag();
//!     if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
//!         return StatusCode::NOT_MODIFIED.into_response();
//!     }
//!     (
//!         [
//!             (header::CONTENT_TYPE, asset.content_type.to_string()),
//!             (header::ETAG, etag),
//!             (header::CACHE_CONTROL, asset.cache_control.to_string()),
//!         ],
//!         asset.bytes,
//!     )
//!         .into_response()
//! }
//!
//! let app = api_router.fallback(dashboard);
//! ```
//!
//! `asset` returns `None` for paths under `/api/`, `/healthz` and `/metrics`,
//! so a mistyped API URL is a 404 and never the dashboard's HTML.
//! `tests/axum_mount.rs` runs exactly this handler in an axum router.

// `ASSETS`: (path relative to the site root, bytes, FNV-1a fingerprint), sorted by path.
include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// One built dashboard file, ready to be sent as an HTTP response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asset {
    /// Path of the file inside the built site, without a leading slash (`index.html`).
    pub path: &'static str,
    /// The file's content.
    pub bytes: &'static [u8],
    /// MIME type for the `Content-Type` header, chosen from the file extension.
    pub content_type: &'static str,
    /// Value for the `Cache-Control` header: Vite's hashed files under `assets/`
    /// never change, so they are cached for a year; everything else is revalidated.
    pub cache_control: &'static str,
    fingerprint: u64,
}

impl Asset {
    /// A strong ETag (quoted) derived from the file's content.
    pub fn etag(&self) -> String {
        format!("\"{:016x}\"", self.fingerprint)
    }
}

/// Path prefixes that belong to the server, never to the single-page app.
const SERVER_PREFIXES: &[&str] = &["api/", "api", "healthz", "metrics"];

/// The asset to serve for a request path (the URI path, e.g. `/`, `/assets/app-1a2b.js`,
/// `/devices/sim-1`).
///
/// Exact files win; a path that names no file and has no extension gets
/// `index.html` (a client-side route); anything else — a missing `.js`, or a
/// server path such as `/api/v1/...` — is `None`.
pub fn asset(request_path: &str) -> Option<Asset> {
    let path = request_path.split(['?', '#']).next().unwrap_or_default();
    let path = path.trim_start_matches('/');
    if SERVER_PREFIXES
        .iter()
        .any(|p| path == *p || (p.ends_with('/') && path.starts_with(p)))
    {
        return None;
    }
    if path.split('/').any(|segment| segment == "..") {
        return None;
    }
    let wanted = if path.is_empty() { "index.html" } else { path };
    if let Some(found) = lookup(wanted) {
        return Some(found);
    }
    let last = wanted.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return None;
    }
    lookup("index.html")
}

/// Every embedded file, for listings and tests.
pub fn all() -> impl Iterator<Item = Asset> {
    ASSETS
        .iter()
        .map(|&(path, bytes, fp)| make(path, bytes, fp))
}

fn lookup(path: &str) -> Option<Asset> {
    ASSETS
        .binary_search_by(|(p, _, _)| (*p).cmp(path))
        .ok()
        .map(|i| {
            let (path, bytes, fp) = ASSETS[i];
            make(path, bytes, fp)
        })
}

fn make(path: &'static str, bytes: &'static [u8], fingerprint: u64) -> Asset {
    Asset {
        path,
        bytes,
        content_type: content_type(path),
        cache_control: if path.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        },
        fingerprint,
    }
}

/// MIME type by file extension, for the kinds of files Vite emits.
fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_is_index_html() {
        let a = asset("/").expect("index.html is embedded");
        assert_eq!(a.path, "index.html");
        assert_eq!(a.content_type, "text/html; charset=utf-8");
        assert_eq!(a.cache_control, "no-cache");
        assert!(std::str::from_utf8(a.bytes).is_ok_and(|s| s.contains("<html")));
    }

    #[test]
    fn client_routes_fall_back_to_index() {
        for route in ["/devices", "/devices/sim-1", "/rollouts/r-1?x=1", "/login"] {
            assert_eq!(asset(route).map(|a| a.path), Some("index.html"), "{route}");
        }
    }

    #[test]
    fn server_paths_and_missing_files_are_none() {
        for path in [
            "/api/v1/devices",
            "/api",
            "/healthz",
            "/metrics",
            "/missing.js",
            "/../Cargo.toml",
        ] {
            assert_eq!(asset(path), None, "{path}");
        }
    }

    #[test]
    fn hashed_assets_have_types_and_long_cache() {
        let scripts: Vec<Asset> = all().filter(|a| a.path.ends_with(".js")).collect();
        assert!(!scripts.is_empty(), "the build emits JavaScript");
        for a in scripts {
            let served = asset(&format!("/{}", a.path)).expect("served by path");
            assert_eq!(served, a);
            assert_eq!(a.content_type, "text/javascript; charset=utf-8");
            if a.path.starts_with("assets/") {
                assert!(a.cache_control.contains("immutable"));
            }
        }
    }

    #[test]
    fn etag_is_quoted_and_depends_on_content() {
        let assets: Vec<Asset> = all().collect();
        for a in &assets {
            let tag = a.etag();
            assert!(tag.starts_with('"') && tag.ends_with('"') && tag.len() == 18);
        }
        let distinct: std::collections::HashSet<String> = assets
            .iter()
            .filter(|a| !a.bytes.is_empty())
            .map(|a| a.etag())
            .collect();
        assert!(distinct.len() > 1 || assets.len() == 1);
    }
}
