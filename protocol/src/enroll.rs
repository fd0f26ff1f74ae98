//! Enrollment over HTTP: how a device gets its MQTT credentials and trusted keys.
//!
//! The device sends `POST {server}/api/v1/enroll` with an [`EnrollRequest`] JSON body; the
//! server answers `200` with an [`EnrollResponse`], or an error (`401` bad token, `409` id
//! taken by an enrolled device with other credentials, `400` invalid request).

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::device_id::DeviceId;
use crate::keys::PublicKey;

/// Path of the enrollment endpoint, relative to the server's base URL.
pub const ENROLL_PATH: &str = "/api/v1/enroll";

/// Body of `POST /api/v1/enroll`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollRequest {
    /// The id the device wants (its name, e.g. from `--id`).
    pub device_id: DeviceId,
    /// The fleet's enrollment token.
    pub enroll_token: String,
    /// Agent version (semver text).
    pub agent_version: String,
    /// Interpreter version (semver text).
    pub interpreter_version: String,
    /// Protocol version the device speaks.
    pub protocol: u32,
}

/// How to reach the broker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MqttSettings {
    /// Broker host; `None` means the host of the enrollment URL.
    #[serde(default)]
    pub host: Option<String>,
    /// Broker TCP port.
    pub port: u16,
    /// Whether to use TLS.
    #[serde(default)]
    pub tls: bool,
    /// MQTT username; equals the device id.
    pub username: String,
    /// MQTT password, unique to this device (revocable on the server).
    pub password: String,
    /// MQTT client id to use; equals the device id.
    pub client_id: String,
    /// Keep-alive the device should use, seconds.
    #[serde(default = "default_keep_alive")]
    pub keep_alive_s: u16,
}

fn default_keep_alive() -> u16 {
    30
}

fn default_heartbeat() -> u32 {
    30
}

/// Answer to a successful enrollment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollResponse {
    /// Protocol version of the server.
    pub protocol: u32,
    /// The device's id (as requested).
    pub device_id: DeviceId,
    /// Broker and credentials.
    pub mqtt: MqttSettings,
    /// Public keys whose signatures the device accepts (base64 Ed25519 keys).
    pub trusted_keys: Vec<PublicKey>,
    /// Sequence of that key set (for later rotations); 0 if none happened.
    #[serde(default)]
    pub key_set_sequence: u64,
    /// The device's topic root, `pyrite/v1/dev/{id}` (informational: build topics with
    /// [`crate::topics`]).
    pub topic_root: String,
    /// Seconds between heartbeats.
    #[serde(default = "default_heartbeat")]
    pub heartbeat_interval_s: u32,
}
