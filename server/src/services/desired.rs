//! Desired state: what each device should run, stored and published retained
//! on its `down/desired` topic (a device that was offline converges from it).

use crate::app::App;
use pyrite_protocol::messages::{BundleRef, DesiredState, encode};
use pyrite_protocol::topics::TopicKind;
use pyrite_protocol::{DeviceId, PROTOCOL_VERSION};

/// Stores and publishes a device's desired bundle (`None` = keep what runs).
pub async fn set(
    app: &App,
    device: &str,
    bundle: Option<&str>,
    rollout: Option<&str>,
) -> anyhow::Result<()> {
    app.store.set_desired_state(device, bundle, rollout).await?;
    publish(app, device).await
}

/// Publishes what the store says a device should run.
pub async fn publish(app: &App, device: &str) -> anyhow::Result<()> {
    let id = DeviceId::new(device).map_err(|e| anyhow::anyhow!("device id {device:?}: {e}"))?;
    let desired = app.store.desired_state(device).await?;
    let msg = match desired {
        Some((sha, rollout)) => {
            let b = app
                .store
                .bundle(&sha)
                .await?
                .ok_or_else(|| anyhow::anyhow!("desired bundle {sha} is not stored"))?;
            DesiredState {
                protocol: PROTOCOL_VERSION,
                deployment: rollout.unwrap_or_else(|| format!("set-{}", &sha[..12])),
                bundle: Some(BundleRef {
                    sha256: sha,
                    size: u32::try_from(b.size)?,
                    sequence: u64::try_from(b.sequence)?,
                    app: b.app,
                    version: b.version,
                }),
            }
        }
        None => DesiredState {
            protocol: PROTOCOL_VERSION,
            deployment: "none".into(),
            bundle: None,
        },
    };
    app.mqtt
        .publish_to(&id, TopicKind::Desired, encode(&msg)?)
        .await
}

/// Publishes every stored desired state (at start: the embedded broker
/// keeps retained messages only in memory).
pub async fn publish_all(app: &App) -> anyhow::Result<usize> {
    let all = app.store.desired_states().await?;
    for (device, _, _) in &all {
        if let Err(e) = publish(app, device).await {
            tracing::warn!(device = %device, "publishing desired state: {e}");
        }
    }
    Ok(all.len())
}
