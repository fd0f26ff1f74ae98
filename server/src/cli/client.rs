//! The operator CLI's HTTP client: finds the server and token, sends
//! requests, and turns API errors into one-line messages.

use anyhow::{Context, bail};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Where the CLI talks to.
#[derive(Debug, Clone)]
pub struct Client {
    /// Base URL (`http://host:port`).
    pub base: String,
    /// Operator token.
    pub token: String,
    http: reqwest::Client,
}

impl Client {
    /// `--server`/`--token`, else `PYRITE_SERVER`/`PYRITE_TOKEN` (clap reads
    /// both), else the `./pyrite-data` of a server on this machine.
    pub fn discover(
        server: Option<String>,
        token: Option<String>,
        data: &Path,
    ) -> anyhow::Result<Client> {
        let read = |name: &str| {
            std::fs::read_to_string(data.join(name))
                .ok()
                .map(|s| s.trim().to_string())
        };
        let base = server.or_else(|| read("server-url")).context(
            "no server: pass --server URL, set PYRITE_SERVER, or run where ./pyrite-data is",
        )?;
        let token = token.or_else(|| read("admin-token")).context(
            "no token: pass --token T, set PYRITE_TOKEN, or run where ./pyrite-data/admin-token is",
        )?;
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()?;
        Ok(Client {
            base: base.trim_end_matches('/').to_string(),
            token,
            http,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn finish<T: DeserializeOwned>(resp: reqwest::Response) -> anyhow::Result<T> {
        let status = resp.status();
        let bytes = resp.bytes().await?;
        if !status.is_success() {
            let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
            let code = v["error"]["code"].as_str().unwrap_or("error");
            let msg = v["error"]["message"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| String::from_utf8_lossy(&bytes).into_owned());
            bail!("{msg} ({code}, HTTP {})", status.as_u16());
        }
        if bytes.is_empty() {
            return Ok(serde_json::from_str("null")?);
        }
        serde_json::from_slice(&bytes).context("the server's answer is not the expected JSON")
    }

    /// GET returning JSON.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> anyhow::Result<T> {
        self.send(self.http.get(self.url(path))).await
    }

    /// POST a JSON body.
    pub async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> anyhow::Result<T> {
        self.send(self.http.post(self.url(path)).json(body)).await
    }

    /// PUT a JSON body.
    pub async fn put<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> anyhow::Result<T> {
        self.send(self.http.put(self.url(path)).json(body)).await
    }

    /// POST raw bytes.
    pub async fn post_bytes<T: DeserializeOwned>(
        &self,
        path: &str,
        body: Vec<u8>,
    ) -> anyhow::Result<T> {
        let request = self
            .http
            .post(self.url(path))
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(body);
        self.send(request).await
    }

    /// DELETE.
    pub async fn delete(&self, path: &str) -> anyhow::Result<()> {
        self.send::<serde_json::Value>(self.http.delete(self.url(path)))
            .await
            .map(|_| ())
    }

    /// Sends a request with the operator token and decodes the answer.
    async fn send<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> anyhow::Result<T> {
        let resp = request
            .bearer_auth(&self.token)
            .send()
            .await
            .with_context(|| format!("connecting to {}", self.base))?;
        Self::finish(resp).await
    }

    /// The WebSocket URL of a path (with the token as a query parameter).
    pub fn ws_url(&self, path: &str) -> String {
        let base = self
            .base
            .replacen("http://", "ws://", 1)
            .replacen("https://", "wss://", 1);
        format!("{base}{path}?token={}", self.token)
    }
}
