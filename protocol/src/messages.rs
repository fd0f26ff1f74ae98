//! JSON messages of every MQTT topic (except `down/chunk`, which is binary: see [`crate::chunk`]).
//!
//! Receivers ignore unknown fields, so either side may add optional fields without a new
//! protocol version. Every `decode_*` checks the payload size before parsing and the
//! protocol's limits after, and returns an error for anything malformed, never panics.

use alloc::string::String;
use alloc::vec::Vec;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::ProtocolError;
use crate::keys::{KeyId, PublicKey};
use crate::limits::*;
use crate::topics::OFFLINE_PAYLOAD;

/// A message type of the protocol: serialisable, with its own rule check.
pub trait Message: Serialize + DeserializeOwned {
    /// Checks the protocol's limits and charsets beyond what the JSON shape enforces.
    fn validate(&self) -> Result<(), ProtocolError> {
        Ok(())
    }
}

/// Decodes any [`Message`]: size check, JSON parse, then [`Message::validate`].
pub fn decode<T: Message>(bytes: &[u8]) -> Result<T, ProtocolError> {
    if bytes.len() > MAX_JSON_MESSAGE {
        return Err(ProtocolError::TooLarge {
            len: bytes.len(),
            max: MAX_JSON_MESSAGE,
        });
    }
    let msg: T = serde_json::from_slice(bytes)?;
    msg.validate()?;
    Ok(msg)
}

/// Encodes any [`Message`] as compact JSON, refusing one that breaks the limits (so a
/// sender finds its own bug instead of the receiver dropping the message).
pub fn encode<T: Message>(msg: &T) -> Result<Vec<u8>, ProtocolError> {
    msg.validate()?;
    let bytes = serde_json::to_vec(msg)?;
    if bytes.len() > MAX_JSON_MESSAGE {
        return Err(ProtocolError::TooLarge {
            len: bytes.len(),
            max: MAX_JSON_MESSAGE,
        });
    }
    Ok(bytes)
}

fn check_len(s: &str, max: usize, what: &'static str) -> Result<(), ProtocolError> {
    if s.len() > max {
        Err(ProtocolError::Invalid(what))
    } else {
        Ok(())
    }
}

fn check_sha256_hex(s: &str) -> Result<(), ProtocolError> {
    let mut out = [0u8; 32];
    crate::keys::decode_hex(s, &mut out)
        .map_err(|_| ProtocolError::Invalid("sha256 must be 64 hex digits"))
}

/// Parses a 64-hex-digit sha256 into bytes.
pub fn sha256_from_hex(s: &str) -> Result<[u8; 32], ProtocolError> {
    let mut out = [0u8; 32];
    crate::keys::decode_hex(s, &mut out)
        .map_err(|_| ProtocolError::Invalid("sha256 must be 64 hex digits"))?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// up/status, up/heartbeat

/// Identifies a bundle a device has installed or runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleInfo {
    /// App name from the manifest.
    pub app: String,
    /// Version string from the manifest.
    pub version: String,
    /// Anti-rollback sequence from the manifest.
    pub sequence: u64,
    /// sha256 of the bundle file, 64 lowercase hex digits.
    pub sha256: String,
}

impl BundleInfo {
    fn validate(&self) -> Result<(), ProtocolError> {
        check_len(&self.app, MAX_NAME_LEN, "app name too long")?;
        check_len(&self.version, MAX_NAME_LEN, "version too long")?;
        check_sha256_hex(&self.sha256)
    }
}

/// What the app of a device is doing, in heartbeats and the birth message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppState {
    /// No bundle installed.
    None,
    /// The entry point is running.
    Running,
    /// The entry point returned normally.
    Exited,
    /// The entry point raised; see the last report's traceback.
    Failed,
    /// Stopped by a `stop` command.
    Stopped,
    /// A state this version does not know (sent by a newer peer).
    #[serde(other)]
    Unknown,
}

/// Birth message, published retained on `up/status` right after every connect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Birth {
    /// Protocol version the device speaks ([`crate::PROTOCOL_VERSION`]).
    pub protocol: u32,
    /// Always `"online"` in a birth message.
    pub state: String,
    /// Agent version (semver text).
    pub agent_version: String,
    /// Interpreter version (semver text), compared with a manifest's `min_interpreter`.
    pub interpreter_version: String,
    /// Platform name, e.g. `linux-x86_64`, `qemu-cortex-m4`, `esp32c3`, `simulated`.
    #[serde(default)]
    pub platform: String,
    /// Free heap in bytes.
    pub free_ram: u64,
    /// Free bytes of bundle storage (the inactive slot's size on an A/B device).
    pub free_flash: u64,
    /// Largest bundle file this device accepts (at most [`MAX_BUNDLE_SIZE`]).
    #[serde(default)]
    pub max_bundle_size: Option<u32>,
    /// The bundle it runs, if any.
    #[serde(default)]
    pub running: Option<BundleInfo>,
    /// State of the app.
    #[serde(default = "app_state_none")]
    pub app_state: AppState,
    /// Sequence of the trusted key set the device holds (0 = the set from enrollment).
    #[serde(default)]
    pub key_set_sequence: u64,
    /// How many times the device booted since enrollment (diagnostics).
    #[serde(default)]
    pub boot_count: u32,
}

fn app_state_none() -> AppState {
    AppState::None
}

impl Message for Birth {
    fn validate(&self) -> Result<(), ProtocolError> {
        check_len(&self.agent_version, MAX_NAME_LEN, "agent_version too long")?;
        check_len(
            &self.interpreter_version,
            MAX_NAME_LEN,
            "interpreter_version too long",
        )?;
        check_len(&self.platform, MAX_NAME_LEN, "platform too long")?;
        if let Some(b) = &self.running {
            b.validate()?;
        }
        Ok(())
    }
}

/// What a payload on `up/status` says.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// The device connected and describes itself.
    Online(alloc::boxed::Box<Birth>),
    /// The device's Last Will (or its clean goodbye): payload `offline`.
    Offline,
}

/// Decodes an `up/status` payload: the literal `offline`, or a birth message.
pub fn decode_status(bytes: &[u8]) -> Result<Status, ProtocolError> {
    if bytes.trim_ascii() == OFFLINE_PAYLOAD {
        return Ok(Status::Offline);
    }
    let birth: Birth = decode(bytes)?;
    Ok(Status::Online(alloc::boxed::Box::new(birth)))
}

/// Periodic health, published on `up/heartbeat` every `heartbeat_interval_s` seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heartbeat {
    /// Milliseconds since the device booted.
    pub uptime_ms: u64,
    /// Free heap in bytes.
    pub free_ram: u64,
    /// Free bundle storage in bytes.
    #[serde(default)]
    pub free_flash: Option<u64>,
    /// The bundle it runs, if any.
    #[serde(default)]
    pub running: Option<BundleInfo>,
    /// State of the app.
    #[serde(default = "app_state_none")]
    pub app_state: AppState,
    /// Received signal strength in dBm, when the link has one.
    #[serde(default)]
    pub rssi: Option<i32>,
    /// Reconnections since boot (connection quality).
    #[serde(default)]
    pub reconnects: u32,
    /// Log lines dropped since the last heartbeat (rate limit or full buffer).
    #[serde(default)]
    pub logs_dropped: u32,
}

impl Message for Heartbeat {
    fn validate(&self) -> Result<(), ProtocolError> {
        if let Some(b) = &self.running {
            b.validate()?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// down/desired, up/report

/// The bundle the server wants a device to run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleRef {
    /// sha256 of the bundle file (64 lowercase hex digits); also the id chunk requests use.
    pub sha256: String,
    /// Size of the bundle file in bytes.
    pub size: u32,
    /// The manifest's sequence (lets a device refuse an old bundle before downloading it).
    pub sequence: u64,
    /// App name (informational; the signed manifest is authoritative).
    #[serde(default)]
    pub app: String,
    /// Version string (informational).
    #[serde(default)]
    pub version: String,
}

/// Retained on `down/desired`: what the device should run. A device that (re)connects gets
/// the latest one at once; see `PROTOCOL.md` for how it compares it with what it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DesiredState {
    /// Protocol version of the server.
    pub protocol: u32,
    /// Opaque id of the deployment (rollout step); echoed in reports about it.
    pub deployment: String,
    /// The bundle to run; `None` means keep whatever runs (nothing to do).
    #[serde(default)]
    pub bundle: Option<BundleRef>,
}

impl Message for DesiredState {
    fn validate(&self) -> Result<(), ProtocolError> {
        check_len(&self.deployment, MAX_NAME_LEN, "deployment id too long")?;
        if let Some(b) = &self.bundle {
            check_sha256_hex(&b.sha256)?;
            check_len(&b.app, MAX_NAME_LEN, "app name too long")?;
            check_len(&b.version, MAX_NAME_LEN, "version too long")?;
            if b.size == 0 || b.size > MAX_BUNDLE_SIZE {
                return Err(ProtocolError::Invalid("bundle size out of range"));
            }
        }
        Ok(())
    }
}

/// Stage or outcome of a deployment on a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    /// Receiving chunks; `progress` says how far.
    Downloading,
    /// All bytes received; finishing verification.
    Verifying,
    /// Verified and written to the inactive slot, made active; about to start.
    Installed,
    /// The entry point started.
    Running,
    /// Ran for the device's grace period without an uncaught exception: success.
    Healthy,
    /// The entry point returned normally (counts as success, like `healthy`).
    Exited,
    /// Stopped by a `stop` command.
    Stopped,
    /// The entry point raised an uncaught exception; `traceback` says where.
    Failed,
    /// The device went back to its previous bundle; `detail` says why.
    RolledBack,
    /// The bundle was refused before installing; `reason` says why.
    Refused,
    /// A state this version does not know (sent by a newer peer).
    #[serde(other)]
    Unknown,
}

/// Why a device refused a bundle (the `reason` of a `refused` report). Each refusal of the
/// verifier maps to exactly one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// The manifest signature does not verify with the named key.
    BadSignature,
    /// The manifest is signed by a key the device does not trust.
    UnknownKey,
    /// A file's bytes do not match the sha256 in the manifest.
    FileHashMismatch,
    /// The manifest's sequence is not above the installed one (anti-rollback).
    SequenceNotNewer,
    /// The bundle is larger than the device accepts.
    TooLarge,
    /// The bundle file is not a well-formed bundle.
    Malformed,
    /// The device's interpreter is older than the manifest's `min_interpreter`.
    InterpreterTooOld,
    /// The received file's sha256 differs from the desired state's `sha256`.
    BundleHashMismatch,
    /// The device could not store the bundle (flash error, no space).
    Storage,
    /// The download did not complete (timeouts, retries exhausted).
    Download,
    /// A reason this version does not know (sent by a newer peer).
    #[serde(other)]
    Unknown,
}

impl RefusalReason {
    /// The stable snake_case code used on the wire and in the server's API.
    pub const fn code(self) -> &'static str {
        match self {
            RefusalReason::BadSignature => "bad_signature",
            RefusalReason::UnknownKey => "unknown_key",
            RefusalReason::FileHashMismatch => "file_hash_mismatch",
            RefusalReason::SequenceNotNewer => "sequence_not_newer",
            RefusalReason::TooLarge => "too_large",
            RefusalReason::Malformed => "malformed",
            RefusalReason::InterpreterTooOld => "interpreter_too_old",
            RefusalReason::BundleHashMismatch => "bundle_hash_mismatch",
            RefusalReason::Storage => "storage",
            RefusalReason::Download => "download",
            RefusalReason::Unknown => "unknown",
        }
    }
}

/// Download progress in a `downloading` report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Bytes received and verified-so-far (the persisted resume offset).
    pub received: u32,
    /// Size of the bundle file.
    pub total: u32,
}

/// Published on `up/report` at every stage of a deployment and on every app outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Protocol version of the device.
    pub protocol: u32,
    /// The desired state's `deployment` this report is about (empty when none, e.g. the
    /// app of an earlier deployment failing later).
    #[serde(default)]
    pub deployment: String,
    /// sha256 of the bundle concerned.
    #[serde(default)]
    pub sha256: Option<String>,
    /// Sequence of the bundle concerned.
    #[serde(default)]
    pub sequence: Option<u64>,
    /// The stage or outcome.
    pub state: ReportState,
    /// For `refused`: why.
    #[serde(default)]
    pub reason: Option<RefusalReason>,
    /// Human-readable detail (a refusal's message, a rollback's cause), at most
    /// [`MAX_REPORT_TEXT`] bytes.
    #[serde(default)]
    pub detail: Option<String>,
    /// For `failed` (and a `rolled_back` caused by a failure): the Python traceback.
    #[serde(default)]
    pub traceback: Option<String>,
    /// For `downloading`.
    #[serde(default)]
    pub progress: Option<Progress>,
    /// Device uptime when this happened.
    #[serde(default)]
    pub uptime_ms: u64,
}

impl Message for Report {
    fn validate(&self) -> Result<(), ProtocolError> {
        check_len(&self.deployment, MAX_NAME_LEN, "deployment id too long")?;
        if let Some(s) = &self.sha256 {
            check_sha256_hex(s)?;
        }
        if let Some(d) = &self.detail {
            check_len(d, MAX_REPORT_TEXT, "detail too long")?;
        }
        if let Some(t) = &self.traceback {
            check_len(t, MAX_REPORT_TEXT, "traceback too long")?;
        }
        if self.state == ReportState::Refused && self.reason.is_none() {
            return Err(ProtocolError::Invalid("a refused report needs a reason"));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// up/chunk-req

/// Published on `up/chunk-req`: "send me `count` chunks of `chunk_size` bytes starting at
/// `offset` of bundle `sha256`". The server answers with frames on `down/chunk`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkRequest {
    /// sha256 of the bundle file (from the desired state).
    pub sha256: String,
    /// First byte wanted. Must be a multiple of `chunk_size` only by convention; any offset
    /// below the bundle size is valid (resume from the persisted offset).
    pub offset: u32,
    /// Payload bytes per chunk, 1..=[`MAX_CHUNK_SIZE`].
    pub chunk_size: u32,
    /// Chunks wanted, 1..=[`MAX_CHUNK_WINDOW`] (the window).
    pub count: u32,
}

impl Message for ChunkRequest {
    fn validate(&self) -> Result<(), ProtocolError> {
        check_sha256_hex(&self.sha256)?;
        if self.chunk_size == 0 || self.chunk_size as usize > MAX_CHUNK_SIZE {
            return Err(ProtocolError::Invalid("chunk_size out of range"));
        }
        if self.count == 0 || self.count > MAX_CHUNK_WINDOW {
            return Err(ProtocolError::Invalid("count out of range"));
        }
        if self.offset >= MAX_BUNDLE_SIZE {
            return Err(ProtocolError::Invalid("offset out of range"));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// up/log, up/telemetry

/// Severity of a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogLevel {
    /// Debugging detail.
    Debug,
    /// Normal output (script `print` goes here).
    Info,
    /// Something unusual.
    Warn,
    /// A failure (tracebacks go here).
    Error,
    /// A level this version does not know.
    #[serde(other)]
    Unknown,
}

/// Who wrote a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogSource {
    /// The script's `print` output or `fleet.log`.
    Script,
    /// The agent itself (connections, downloads, rollbacks).
    Agent,
    /// A source this version does not know.
    #[serde(other)]
    Unknown,
}

/// One log line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    /// Device uptime in ms when written (see the time rule in `PROTOCOL.md`).
    pub t: u64,
    /// Severity.
    pub level: LogLevel,
    /// Writer.
    pub source: LogSource,
    /// The text, at most [`MAX_LOG_LINE`] bytes, without trailing newline.
    pub msg: String,
}

/// Published on `up/log`: lines in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogBatch {
    /// Device uptime in ms when the batch was sent.
    pub sent_at: u64,
    /// 1..=[`MAX_LOG_BATCH`] lines.
    pub lines: Vec<LogLine>,
    /// Lines dropped before this batch (rate limit or full offline buffer).
    #[serde(default)]
    pub dropped: u32,
}

impl Message for LogBatch {
    fn validate(&self) -> Result<(), ProtocolError> {
        if self.lines.len() > MAX_LOG_BATCH {
            return Err(ProtocolError::Invalid("too many log lines"));
        }
        for l in &self.lines {
            check_len(&l.msg, MAX_LOG_LINE, "log line too long")?;
        }
        Ok(())
    }
}

/// One named numeric series in a telemetry batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// Metric name, 1..=[`MAX_METRIC_NAME`] bytes of `[A-Za-z0-9_.-]`.
    pub name: String,
    /// `[t, value]` pairs: device uptime ms and a finite number.
    pub points: Vec<(u64, f64)>,
}

/// Published on `up/telemetry`: batched series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TelemetryBatch {
    /// Device uptime in ms when the batch was sent.
    pub sent_at: u64,
    /// The series; at most [`MAX_TELEMETRY_POINTS`] points in total.
    pub series: Vec<Series>,
}

/// Whether `name` is a valid metric name.
pub fn valid_metric_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_METRIC_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

impl Message for TelemetryBatch {
    fn validate(&self) -> Result<(), ProtocolError> {
        let mut total = 0usize;
        for s in &self.series {
            if !valid_metric_name(&s.name) {
                return Err(ProtocolError::Invalid("invalid metric name"));
            }
            total = total.saturating_add(s.points.len());
            if s.points.iter().any(|(_, v)| !v.is_finite()) {
                return Err(ProtocolError::Invalid("telemetry value not finite"));
            }
        }
        if total > MAX_TELEMETRY_POINTS {
            return Err(ProtocolError::Invalid("too many telemetry points"));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// down/repl, up/repl

/// Output messages a device may have in flight without an ack (the initial credit).
pub const REPL_WINDOW: u32 = 8;

/// Published by the server on `down/repl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReplIn {
    /// Opens session `session` (replaces any open one).
    Open {
        /// Session id chosen by the server, 1..=64 bytes.
        session: String,
    },
    /// Text typed by the operator; the device evaluates each complete line.
    Input {
        /// Session id.
        session: String,
        /// Input sequence number, from 0, +1 per input message; the device drops repeats.
        seq: u32,
        /// The text (UTF-8), at most [`MAX_REPL_DATA`] bytes.
        data: String,
    },
    /// Ctrl-C: interrupt what the REPL runs (or, with `app`, the app).
    Interrupt {
        /// Session id.
        session: String,
        /// Interrupt the running app instead of the REPL's code.
        #[serde(default)]
        app: bool,
    },
    /// Acknowledges output messages up to and including `seq`.
    Ack {
        /// Session id.
        session: String,
        /// Highest output `seq` received.
        seq: u32,
    },
    /// Ends the session.
    Close {
        /// Session id.
        session: String,
    },
}

/// `ReplIn`'s JSON read as one flat object: serde's internally tagged enums buffer the
/// message in a generic `Content` tree first, which cost 6 KB of device flash for this one
/// small message. Same JSON accepted; a field another variant has must have its type.
#[derive(Deserialize)]
struct ReplInWire {
    #[serde(rename = "type")]
    kind: ReplInKind,
    session: String,
    seq: Option<u32>,
    data: Option<String>,
    #[serde(default)]
    app: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ReplInKind {
    Open,
    Input,
    Interrupt,
    Ack,
    Close,
}

impl<'de> Deserialize<'de> for ReplIn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let w = ReplInWire::deserialize(d)?;
        let seq = || w.seq.ok_or_else(|| D::Error::missing_field("seq"));
        Ok(match w.kind {
            ReplInKind::Open => ReplIn::Open { session: w.session },
            ReplInKind::Input => ReplIn::Input {
                seq: seq()?,
                data: w.data.ok_or_else(|| D::Error::missing_field("data"))?,
                session: w.session,
            },
            ReplInKind::Interrupt => ReplIn::Interrupt {
                session: w.session,
                app: w.app,
            },
            ReplInKind::Ack => ReplIn::Ack {
                seq: seq()?,
                session: w.session,
            },
            ReplInKind::Close => ReplIn::Close { session: w.session },
        })
    }
}

/// Published by the device on `up/repl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReplOut {
    /// The session is open; `banner` is the greeting and prompt.
    Opened {
        /// Session id.
        session: String,
        /// Greeting text, e.g. the interpreter version and `>>> `.
        #[serde(default)]
        banner: String,
    },
    /// Output text (echo-free: the device does not echo input).
    Output {
        /// Session id.
        session: String,
        /// Output sequence number, from 0, +1 per output message.
        seq: u32,
        /// The text, at most [`MAX_REPL_DATA`] bytes.
        data: String,
    },
    /// The session ended (closed by the server, replaced, timed out, or the device restarted).
    Closed {
        /// Session id.
        session: String,
        /// Why, e.g. `closed`, `replaced`, `idle`, `reboot`.
        #[serde(default)]
        reason: String,
    },
}

fn check_session(s: &str) -> Result<(), ProtocolError> {
    if s.is_empty() {
        return Err(ProtocolError::Invalid("empty session id"));
    }
    check_len(s, MAX_NAME_LEN, "session id too long")
}

impl Message for ReplIn {
    fn validate(&self) -> Result<(), ProtocolError> {
        match self {
            ReplIn::Open { session }
            | ReplIn::Interrupt { session, .. }
            | ReplIn::Ack { session, .. }
            | ReplIn::Close { session } => check_session(session),
            ReplIn::Input { session, data, .. } => {
                check_session(session)?;
                check_len(data, MAX_REPL_DATA, "repl input too long")
            }
        }
    }
}

impl Message for ReplOut {
    fn validate(&self) -> Result<(), ProtocolError> {
        match self {
            ReplOut::Opened { session, banner } => {
                check_session(session)?;
                check_len(banner, MAX_REPL_DATA, "banner too long")
            }
            ReplOut::Output { session, data, .. } => {
                check_session(session)?;
                check_len(data, MAX_REPL_DATA, "repl output too long")
            }
            ReplOut::Closed { session, reason } => {
                check_session(session)?;
                check_len(reason, MAX_NAME_LEN, "reason too long")
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// down/cmd, up/cmd-ack

/// What a command asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandKind {
    /// Restart the device (the agent acks first, then reboots).
    Reboot,
    /// Stop the app (stays stopped until `start` or a new deployment; survives reboot).
    Stop,
    /// Start the app again from its entry point.
    Start,
    /// Publish birth and a report of the current state again.
    ResendState,
    /// A command this version does not know: the device acks with `ok: false`.
    #[serde(other)]
    Unknown,
}

/// Published by the server on `down/cmd` (not retained: a command for an offline device is
/// lost, by design; the server re-sends if it still matters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Command {
    /// Id chosen by the server, echoed in the ack; the device ignores an id it just handled.
    pub id: String,
    /// What to do.
    pub command: CommandKind,
}

impl Message for Command {
    fn validate(&self) -> Result<(), ProtocolError> {
        check_len(&self.id, MAX_NAME_LEN, "command id too long")
    }
}

/// Published by the device on `up/cmd-ack` after handling (or refusing) a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandAck {
    /// The command's id.
    pub id: String,
    /// Whether it was carried out.
    pub ok: bool,
    /// Why not, when `ok` is false.
    #[serde(default)]
    pub error: Option<String>,
}

impl Message for CommandAck {
    fn validate(&self) -> Result<(), ProtocolError> {
        check_len(&self.id, MAX_NAME_LEN, "command id too long")?;
        if let Some(e) = &self.error {
            check_len(e, MAX_REPORT_TEXT, "error too long")?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// down/keys

/// Retained on `down/keys`: a new trusted key set, signed by a key of the current set.
/// Verify with [`crate::rotation::verify_key_rotation`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRotation {
    /// Protocol version.
    pub protocol: u32,
    /// Sequence of this key set; must be above the device's current one.
    pub sequence: u64,
    /// The complete new set (1..=[`MAX_TRUSTED_KEYS`] keys, base64).
    pub keys: Vec<PublicKey>,
    /// Id of the currently trusted key that signed it.
    pub signer: KeyId,
    /// Base64 Ed25519 signature over the canonical key-set bytes (see `PROTOCOL.md`).
    pub signature: String,
}

impl Message for KeyRotation {
    fn validate(&self) -> Result<(), ProtocolError> {
        if self.keys.is_empty() || self.keys.len() > MAX_TRUSTED_KEYS {
            return Err(ProtocolError::Invalid("key set size out of range"));
        }
        check_len(&self.signature, 128, "signature too long")
    }
}

impl Message for crate::enroll::EnrollRequest {
    fn validate(&self) -> Result<(), ProtocolError> {
        check_len(&self.enroll_token, 256, "enroll token too long")?;
        check_len(&self.agent_version, MAX_NAME_LEN, "agent_version too long")?;
        check_len(
            &self.interpreter_version,
            MAX_NAME_LEN,
            "interpreter_version too long",
        )
    }
}

impl Message for crate::enroll::EnrollResponse {
    fn validate(&self) -> Result<(), ProtocolError> {
        if self.trusted_keys.len() > MAX_TRUSTED_KEYS {
            return Err(ProtocolError::Invalid("too many trusted keys"));
        }
        check_len(&self.mqtt.username, 256, "username too long")?;
        check_len(&self.mqtt.password, 256, "password too long")
    }
}

// ---------------------------------------------------------------------------------------------
// Named decoders, so call sites read as what they decode.

/// Decodes `up/heartbeat`.
pub fn decode_heartbeat(b: &[u8]) -> Result<Heartbeat, ProtocolError> {
    decode(b)
}
/// Decodes `down/desired`.
pub fn decode_desired(b: &[u8]) -> Result<DesiredState, ProtocolError> {
    decode(b)
}
/// Decodes `up/report`.
pub fn decode_report(b: &[u8]) -> Result<Report, ProtocolError> {
    decode(b)
}
/// Decodes `up/chunk-req`.
pub fn decode_chunk_request(b: &[u8]) -> Result<ChunkRequest, ProtocolError> {
    decode(b)
}
/// Decodes `up/log`.
pub fn decode_log_batch(b: &[u8]) -> Result<LogBatch, ProtocolError> {
    decode(b)
}
/// Decodes `up/telemetry`.
pub fn decode_telemetry(b: &[u8]) -> Result<TelemetryBatch, ProtocolError> {
    decode(b)
}
/// Decodes `down/repl`.
pub fn decode_repl_in(b: &[u8]) -> Result<ReplIn, ProtocolError> {
    decode(b)
}
/// Decodes `up/repl`.
pub fn decode_repl_out(b: &[u8]) -> Result<ReplOut, ProtocolError> {
    decode(b)
}
/// Decodes `down/cmd`.
pub fn decode_command(b: &[u8]) -> Result<Command, ProtocolError> {
    decode(b)
}
/// Decodes `up/cmd-ack`.
pub fn decode_command_ack(b: &[u8]) -> Result<CommandAck, ProtocolError> {
    decode(b)
}
/// Decodes `down/keys`.
pub fn decode_key_rotation(b: &[u8]) -> Result<KeyRotation, ProtocolError> {
    decode(b)
}
/// Decodes the body of `POST /api/v1/enroll`.
pub fn decode_enroll_request(b: &[u8]) -> Result<crate::enroll::EnrollRequest, ProtocolError> {
    decode(b)
}
/// Decodes the enrollment response.
pub fn decode_enroll_response(b: &[u8]) -> Result<crate::enroll::EnrollResponse, ProtocolError> {
    decode(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::boxed::Box;
    use alloc::vec;

    fn sha() -> String {
        "0f".repeat(32)
    }

    #[test]
    fn status_offline_and_birth() {
        assert_eq!(decode_status(b"offline").unwrap(), Status::Offline);
        assert_eq!(decode_status(b" offline\n").unwrap(), Status::Offline);
        let birth = Birth {
            protocol: 1,
            state: "online".into(),
            agent_version: "0.1.0".into(),
            interpreter_version: "0.1.0".into(),
            platform: "linux".into(),
            free_ram: 1,
            free_flash: 2,
            max_bundle_size: Some(1000),
            running: None,
            app_state: AppState::None,
            key_set_sequence: 0,
            boot_count: 1,
        };
        let b = encode(&birth).unwrap();
        assert_eq!(decode_status(&b).unwrap(), Status::Online(Box::new(birth)));
        assert!(decode_status(b"online").is_err());
    }

    #[test]
    fn unknown_fields_and_values_are_tolerated() {
        let r =
            decode_report(br#"{"protocol":2,"state":"teleported","future":{"x":1},"uptime_ms":3}"#)
                .unwrap();
        assert_eq!(r.state, ReportState::Unknown);
        let c = decode_command(br#"{"id":"1","command":"self_destruct","extra":true}"#).unwrap();
        assert_eq!(c.command, CommandKind::Unknown);
    }

    #[test]
    fn size_limit_is_checked_before_parsing() {
        let big = vec![b' '; MAX_JSON_MESSAGE + 1];
        assert!(matches!(
            decode_heartbeat(&big),
            Err(ProtocolError::TooLarge { .. })
        ));
    }

    #[test]
    fn limits_are_enforced_both_ways() {
        let refused_without_reason = Report {
            protocol: 1,
            deployment: "d".into(),
            sha256: Some(sha()),
            sequence: Some(1),
            state: ReportState::Refused,
            reason: None,
            detail: None,
            traceback: None,
            progress: None,
            uptime_ms: 0,
        };
        assert!(encode(&refused_without_reason).is_err());
        let ok = Report {
            reason: Some(RefusalReason::UnknownKey),
            ..refused_without_reason.clone()
        };
        let bytes = encode(&ok).unwrap();
        assert!(
            core::str::from_utf8(&bytes)
                .unwrap()
                .contains("\"unknown_key\"")
        );
        assert_eq!(decode_report(&bytes).unwrap(), ok);

        let req = ChunkRequest {
            sha256: sha(),
            offset: 0,
            chunk_size: MAX_CHUNK_SIZE as u32 + 1,
            count: 1,
        };
        assert!(encode(&req).is_err());
        assert!(
            decode_chunk_request(br#"{"sha256":"xyz","offset":0,"chunk_size":1,"count":1}"#)
                .is_err()
        );
        assert!(
            decode_chunk_request(
                alloc::format!(
                    r#"{{"sha256":"{}","offset":0,"chunk_size":10,"count":17}}"#,
                    sha()
                )
                .as_bytes()
            )
            .is_err()
        );

        let t = TelemetryBatch {
            sent_at: 1,
            series: vec![Series {
                name: "bad name".into(),
                points: vec![(1, 1.0)],
            }],
        };
        assert!(encode(&t).is_err());
        let t = TelemetryBatch {
            sent_at: 1,
            series: vec![Series {
                name: "temp".into(),
                points: vec![(1, f64::NAN)],
            }],
        };
        assert!(encode(&t).is_err());
        let t = TelemetryBatch {
            sent_at: 1,
            series: vec![Series {
                name: "temp".into(),
                points: vec![(1, 1.5); MAX_TELEMETRY_POINTS + 1],
            }],
        };
        assert!(encode(&t).is_err());

        let log = LogBatch {
            sent_at: 0,
            lines: vec![LogLine {
                t: 0,
                level: LogLevel::Info,
                source: LogSource::Script,
                msg: "x".repeat(MAX_LOG_LINE + 1),
            }],
            dropped: 0,
        };
        assert!(encode(&log).is_err());
        assert!(
            decode_repl_in(br#"{"type":"open","session":""}"#).is_err(),
            "empty session"
        );
        assert!(decode_desired(
            alloc::format!(r#"{{"protocol":1,"deployment":"d","bundle":{{"sha256":"{}","size":0,"sequence":1}}}}"#, sha()).as_bytes()
        )
        .is_err());
    }

    #[test]
    fn repl_and_command_shapes() {
        let m = ReplIn::Interrupt {
            session: "s".into(),
            app: false,
        };
        let b = encode(&m).unwrap();
        assert_eq!(
            core::str::from_utf8(&b).unwrap(),
            r#"{"type":"interrupt","session":"s","app":false}"#
        );
        assert_eq!(
            decode_repl_in(br#"{"type":"interrupt","session":"s"}"#).unwrap(),
            m
        );
        // Every variant round-trips, the tag may come anywhere, unknown fields are ignored.
        for m in [
            ReplIn::Open {
                session: "s".into(),
            },
            ReplIn::Input {
                session: "s".into(),
                seq: 3,
                data: "x = 1\n".into(),
            },
            ReplIn::Interrupt {
                session: "s".into(),
                app: true,
            },
            ReplIn::Ack {
                session: "s".into(),
                seq: 7,
            },
            ReplIn::Close {
                session: "s".into(),
            },
        ] {
            assert_eq!(decode_repl_in(&encode(&m).unwrap()).unwrap(), m);
        }
        assert_eq!(
            decode_repl_in(br#"{"session":"s","seq":2,"later":[1],"type":"ack"}"#).unwrap(),
            ReplIn::Ack {
                session: "s".into(),
                seq: 2
            }
        );
        for bad in [
            &br#"{"type":"input","session":"s","data":"x"}"#[..],
            br#"{"type":"ack","session":"s"}"#,
            br#"{"type":"open"}"#,
            br#"{"type":"opened","session":"s"}"#,
            br#"{"session":"s"}"#,
            br#"{"type":"ack","session":"s","seq":1,"seq":2}"#,
            br#"{"type":"interrupt","session":"s","app":null}"#,
        ] {
            assert!(decode_repl_in(bad).is_err());
        }
        let c = Command {
            id: "c1".into(),
            command: CommandKind::ResendState,
        };
        assert_eq!(
            core::str::from_utf8(&encode(&c).unwrap()).unwrap(),
            r#"{"id":"c1","command":"resend_state"}"#
        );
        assert_eq!(RefusalReason::SequenceNotNewer.code(), "sequence_not_newer");
        assert_eq!(
            serde_json::to_string(&RefusalReason::SequenceNotNewer).unwrap(),
            "\"sequence_not_newer\""
        );
    }
}
