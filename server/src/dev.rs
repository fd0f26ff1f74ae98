//! `serve --dev`: simulated devices in the server's process (the agent's
//! simulator library), and the sample app rolled out to them once they
//! have enrolled, so the dashboard shows a live fleet within a minute.

use crate::app::App;
use crate::services::{bundles, rollouts};
use base64::Engine;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// The sample app (`examples/sensor`), compiled into the binary.
const SAMPLE_MAIN: &str = include_str!("../../examples/sensor/main.py");

/// Starts `count` simulated devices that enroll with this server, then
/// deploys the sample app to them.
pub fn start_simulated_devices(
    app: Arc<App>,
    base: &str,
    enroll_token: &str,
    count: usize,
    mut shutdown: watch::Receiver<bool>,
) {
    if count == 0 {
        return;
    }
    let opts = pyrite_agent::simulate::SimOptions {
        server_url: Some(base.to_string()),
        enroll_token: Some(enroll_token.to_string()),
        count,
        id_prefix: "sim".into(),
        state_dir: Some(app.settings.data_dir.join("devices")),
        ..Default::default()
    };
    println!("simulated devices: {count} (sim-0001 ...), enrolling now");
    let sim = tokio::spawn(async move {
        if let Err(e) = pyrite_agent::simulate::run(opts).await {
            tracing::error!("device simulator stopped: {e:#}");
        }
    });
    tokio::spawn(async move {
        let _ = shutdown.changed().await;
        sim.abort();
    });
    tokio::spawn(async move {
        // Wait for the devices to enroll, then roll the sample app out to them.
        for _ in 0..120 {
            tokio::time::sleep(Duration::from_millis(500)).await;
            if app.store.devices(None).await.map(|d| d.len()).unwrap_or(0) >= count {
                break;
            }
        }
        if let Err(e) = deploy_sample(&app).await {
            tracing::warn!("deploying the sample app: {e}");
        }
    });
}

async fn deploy_sample(app: &App) -> anyhow::Result<()> {
    let req = bundles::BuildRequest {
        app: "sensor".into(),
        version: Some("1.0.0".into()),
        entry: None,
        sequence: None,
        files: vec![bundles::BuildFile {
            path: "main.py".into(),
            content_base64: base64::engine::general_purpose::STANDARD.encode(SAMPLE_MAIN),
        }],
    };
    let (bundle, _) = bundles::build(app, req)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let r = rollouts::create(
        app,
        rollouts::NewRollout {
            bundle: bundle.sha256.clone(),
            target: "all".into(),
            strategy: None,
            failure_threshold: None,
            grace_secs: Some(5),
            step_timeout_secs: None,
            max_attempts: None,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "sample app `sensor` {} rolling out to all devices (rollout {})",
        bundle.version, r.id
    );
    Ok(())
}
