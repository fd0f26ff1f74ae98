//! `serve --dev`: simulated devices in the server's process.

use crate::app::App;
use std::sync::Arc;
use tokio::sync::watch;

/// Starts `count` simulated devices that enroll with this server.
pub fn start_simulated_devices(
    app: Arc<App>,
    _base: &str,
    _enroll_token: &str,
    count: usize,
    _shutdown: watch::Receiver<bool>,
) {
    let _state_dir = app.settings.data_dir.join("devices");
    if count > 0 {
        println!(
            "simulated devices: unavailable in this build (the agent simulator is not linked)"
        );
    }
}
