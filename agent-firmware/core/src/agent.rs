//! The agent: a sans-IO state machine.
//!
//! A port feeds it [`Event`]s (connected, disconnected, a message) and calls
//! [`Agent::poll`] whenever time passed or work is due; it takes the
//! resulting [`Action`]s (subscribe, publish, reboot) with
//! [`Agent::next_action`] and performs them. `poll` runs at most one slice
//! of the app and one of the REPL, so the port's loop stays responsive, and
//! returns when it wants to be polled again.

use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use pyrite_protocol::DeviceId;
use pyrite_protocol::PROTOCOL_VERSION;
use pyrite_protocol::chunk::ChunkFrame;
use pyrite_protocol::keys::TrustedKeys;
use pyrite_protocol::limits::{MAX_CHUNK_SIZE, MAX_CHUNK_WINDOW, MAX_REPORT_TEXT};
use pyrite_protocol::messages::{
    self, AppState, Birth, BundleInfo, BundleRef, Command, CommandAck, CommandKind, DesiredState,
    Heartbeat, LogLevel, LogSource, Message, Progress, RefusalReason, ReplIn, ReplOut, Report,
    ReportState,
};
use pyrite_protocol::topics::{self, DeviceTopic, OFFLINE_PAYLOAD, TopicKind};

use crate::engine::{EngineFactory, ReplInput, ScriptEngine, ScriptError, ScriptIo, SliceOutcome};
use crate::flash::{Flash, FlashError};
use crate::logs::{LogBuffer, LogLimits, cut, cut_front};
use crate::metadata::{
    Digest, DownloadProgress, Metadata, MetadataError, MetadataLog, SlotInfo, SlotState,
};
use crate::repl::ReplSession;
use crate::slots::{Layout, SlotWriter};
use crate::telemetry::TelemetryBuffer;
use crate::verify::{BundleStream, LoadedBundle, ManifestSummary, Refusal, digest_hex};

#[cfg(feature = "pyrite-engine")]
const DEFAULT_INTERPRETER_VERSION: &str = pyrite::VERSION;
#[cfg(not(feature = "pyrite-engine"))]
const DEFAULT_INTERPRETER_VERSION: &str = "0.0.0";

/// Settings of an agent; [`AgentConfig::new`] gives sensible defaults.
#[derive(Debug, Clone)]
pub struct AgentConfig {
    /// The device's id.
    pub device_id: DeviceId,
    /// Keys whose bundle signatures are accepted.
    pub trusted_keys: TrustedKeys,
    /// Sequence of that key set.
    pub key_set_sequence: u64,
    /// Platform name for the birth message.
    pub platform: String,
    /// Agent version for the birth message.
    pub agent_version: String,
    /// Version of the interpreter the engine runs, for the birth message and
    /// to refuse bundles that need a newer one (set it when the port supplies
    /// the engine; [`AgentConfig::new`] knows it only with the `pyrite-engine` feature).
    pub interpreter_version: String,
    /// Time between heartbeats.
    pub heartbeat_interval_ms: u64,
    /// How long a new bundle must run without an uncaught exception to be confirmed.
    pub grace_period_ms: u64,
    /// VM steps per slice.
    pub slice_budget: u32,
    /// Starts of an unconfirmed bundle before it is declared crash-looping.
    pub max_boot_attempts: u8,
    /// Bytes per requested chunk.
    pub chunk_size: u32,
    /// Chunks per request window.
    pub chunk_window: u32,
    /// Re-request a window when no chunk came for this long.
    pub chunk_timeout_ms: u64,
    /// Re-requests of one window before the download is given up.
    pub chunk_retries: u32,
    /// Persist download progress at least every this many bytes.
    pub progress_persist_bytes: u32,
    /// What `fleet.config()` returns (JSON text).
    pub app_config_json: String,
    /// Log buffer limits.
    pub log_limits: LogLimits,
    /// Time between log batches.
    pub log_interval_ms: u64,
    /// Time between telemetry batches.
    pub telemetry_interval_ms: u64,
}

impl AgentConfig {
    /// Defaults for `device_id` trusting `trusted_keys`.
    pub fn new(device_id: DeviceId, trusted_keys: TrustedKeys) -> Self {
        AgentConfig {
            device_id,
            trusted_keys,
            key_set_sequence: 0,
            platform: String::from("unknown"),
            agent_version: String::from(env!("CARGO_PKG_VERSION")),
            interpreter_version: String::from(DEFAULT_INTERPRETER_VERSION),
            heartbeat_interval_ms: 30_000,
            grace_period_ms: 10_000,
            slice_budget: 2_000,
            max_boot_attempts: 3,
            chunk_size: pyrite_protocol::limits::DEFAULT_CHUNK_SIZE as u32,
            chunk_window: 8,
            chunk_timeout_ms: 10_000,
            chunk_retries: 5,
            progress_persist_bytes: 16 * 1024,
            app_config_json: String::from("{}"),
            log_limits: LogLimits::default(),
            log_interval_ms: 500,
            telemetry_interval_ms: 5_000,
        }
    }
}

/// Something that happened outside the agent.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// The MQTT session is up (CONNACK received).
    Connected,
    /// The MQTT session is gone.
    Disconnected,
    /// A message arrived on a subscribed topic.
    Message {
        /// Topic name.
        topic: &'a str,
        /// Payload bytes.
        payload: &'a [u8],
    },
}

/// Something the port must do for the agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Subscribe to these topic filters (QoS 1).
    Subscribe {
        /// Topic filters.
        topics: Vec<String>,
    },
    /// Publish a message.
    Publish {
        /// Topic name.
        topic: String,
        /// Payload bytes.
        payload: Vec<u8>,
        /// MQTT QoS (0 or 1).
        qos: u8,
        /// Retain flag.
        retain: bool,
    },
    /// Restart the device (a port may instead rebuild the agent from its flash).
    Reboot,
    /// A verified key rotation replaced the trusted key set: persist it (with
    /// its sequence) and boot with it from now on.
    PersistTrustedKeys {
        /// The new set.
        keys: TrustedKeys,
        /// Its key-set sequence.
        sequence: u64,
    },
}

/// Errors that stop the agent from starting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentError {
    /// The metadata store could not be read or written.
    Metadata(MetadataError),
    /// The flash is too small for two slots.
    FlashTooSmall,
}

impl From<MetadataError> for AgentError {
    fn from(e: MetadataError) -> Self {
        AgentError::Metadata(e)
    }
}

impl core::fmt::Display for AgentError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            AgentError::Metadata(MetadataError::Flash(e)) => write!(f, "metadata store: {e}"),
            AgentError::Metadata(MetadataError::PageTooSmall) => {
                f.write_str("flash pages too small for metadata")
            }
            AgentError::FlashTooSmall => f.write_str("flash too small for two bundle slots"),
        }
    }
}

/// The running (or failed, or stopped) app.
struct App<E> {
    engine: Option<E>,
    state: AppState,
    /// The bundle it runs.
    info: Option<BundleInfo>,
    slot: Option<u8>,
    /// Whether the main program still has work (it did not finish or fail).
    main_alive: bool,
    sleeping_until: Option<u64>,
    started_at_ms: u64,
    /// Interrupt the main program before its next slice (operator's Ctrl-C).
    interrupt: bool,
}

/// A download in progress.
struct Download {
    deployment: String,
    digest: Digest,
    sequence: u64,
    total: u32,
    slot: u8,
    writer: SlotWriter,
    stream: BundleStream,
    next: u32,
    requested_until: u32,
    last_activity_ms: u64,
    retries: u32,
    persisted: u32,
    last_progress_report_ms: u64,
    last_progress_step: u32,
}

/// A REPL session without input for this long is closed (`idle`).
const REPL_IDLE_MS: u64 = 10 * 60 * 1000;

/// Most reports kept while offline (the newest win).
const MAX_PENDING_REPORTS: usize = 16;

/// The device agent.
pub struct Agent<F: Flash, G: EngineFactory> {
    config: AgentConfig,
    flash: F,
    layout: Layout,
    meta: MetadataLog,
    factory: G,
    boot_ms: u64,
    now_ms: u64,
    connected: bool,
    connects: u32,
    actions: VecDeque<Action>,
    app: App<G::Engine>,
    download: Option<Download>,
    deployment: String,
    pending_reports: VecDeque<Report>,
    last_report: Option<Report>,
    logs: LogBuffer,
    telemetry: TelemetryBuffer,
    next_heartbeat_ms: u64,
    next_log_flush_ms: u64,
    next_telemetry_flush_ms: u64,
    repl: Option<ReplSession>,
    last_command_id: Option<String>,
    /// Last desired state seen, for comparisons on resend.
    desired: Option<DesiredState>,
    /// Signal strength of the network link (dBm), as the port last measured it.
    rssi: Option<i32>,
}

impl<F: Flash, G: EngineFactory> Agent<F, G> {
    /// Boots the agent from `flash`: recovers the metadata, counts a boot
    /// of an unconfirmed bundle (rolling back a crash loop), re-verifies the
    /// active slot and starts its app. `now_ms` is the port's monotonic clock.
    pub fn boot(
        config: AgentConfig,
        mut flash: F,
        factory: G,
        now_ms: u64,
    ) -> Result<Self, AgentError> {
        let layout = Layout::for_flash(&flash);
        if layout.slot_pages == 0 {
            return Err(AgentError::FlashTooSmall);
        }
        let mut meta = MetadataLog::open(&mut flash, layout.metadata_page)?;
        // Count this boot (reported in the birth message). A failed write
        // only loses the count: the previous state stays intact.
        let mut counted = *meta.state();
        counted.boot_count = counted.boot_count.saturating_add(1);
        let count_error = meta.commit(&mut flash, counted).err();
        let logs = LogBuffer::new(config.log_limits);
        let mut agent = Agent {
            config,
            flash,
            layout,
            meta,
            factory,
            boot_ms: now_ms,
            now_ms,
            connected: false,
            connects: 0,
            actions: VecDeque::new(),
            app: App {
                engine: None,
                state: AppState::None,
                info: None,
                slot: None,
                main_alive: false,
                sleeping_until: None,
                started_at_ms: now_ms,
                interrupt: false,
            },
            download: None,
            deployment: String::new(),
            pending_reports: VecDeque::new(),
            last_report: None,
            logs,
            telemetry: TelemetryBuffer::default(),
            next_heartbeat_ms: now_ms,
            next_log_flush_ms: now_ms,
            next_telemetry_flush_ms: now_ms,
            repl: None,
            last_command_id: None,
            desired: None,
            rssi: None,
        };
        agent.agent_log(
            LogLevel::Info,
            &format!("agent booted (boot {})", agent.meta.state().boot_count),
        );
        if let Some(e) = count_error {
            agent.agent_log(LogLevel::Warn, &format!("could not count the boot: {e:?}"));
        }
        agent.start_active_app(true)?;
        Ok(agent)
    }

    /// Reboots in place: a fresh agent on the same flash, engine factory and
    /// configuration (including a rotated key set), as after a power cycle.
    pub fn reboot(self, now_ms: u64) -> Result<Self, AgentError> {
        Agent::boot(self.config, self.flash, self.factory, now_ms)
    }

    /// The configuration in force (trusted keys change with rotations).
    pub fn config(&self) -> &AgentConfig {
        &self.config
    }

    /// The device's id.
    pub fn device_id(&self) -> &DeviceId {
        &self.config.device_id
    }

    /// The flash, for inspection by tests and ports.
    pub fn flash(&self) -> &F {
        &self.flash
    }

    /// The flash, mutably (fault injection in tests, maintenance in ports).
    pub fn flash_mut(&mut self) -> &mut F {
        &mut self.flash
    }

    /// Gives the flash back (a port "reboots" by booting a new agent on it).
    pub fn into_flash(self) -> F {
        self.flash
    }

    /// The persistent metadata as it stands.
    pub fn metadata(&self) -> &Metadata {
        self.meta.state()
    }

    /// What the app is doing.
    pub fn app_state(&self) -> AppState {
        self.app.state
    }

    /// The bundle the app runs (or ran last), if any.
    pub fn running_bundle(&self) -> Option<&BundleInfo> {
        self.app.info.as_ref()
    }

    /// The engine of the app, for ports that need to reach their host state.
    pub fn engine_mut(&mut self) -> Option<&mut G::Engine> {
        self.app.engine.as_mut()
    }

    /// Records the signal strength of the device's network link in dBm (or
    /// `None` for a link without one); the next heartbeat reports it. Ports
    /// call it whenever they measure, e.g. before every [`Agent::poll`].
    pub fn set_rssi(&mut self, rssi: Option<i32>) {
        self.rssi = rssi;
    }

    /// Whether a download is in progress.
    pub fn is_downloading(&self) -> bool {
        self.download.is_some()
    }

    /// Topic and payload of the Last Will the port sets when connecting.
    pub fn last_will(&self) -> (String, Vec<u8>) {
        (
            topics::topic(&self.config.device_id, TopicKind::Status),
            OFFLINE_PAYLOAD.to_vec(),
        )
    }

    /// The next action to perform, if any.
    pub fn next_action(&mut self) -> Option<Action> {
        self.actions.pop_front()
    }

    /// Feeds an event.
    pub fn handle(&mut self, now_ms: u64, event: Event<'_>) {
        self.now_ms = now_ms.max(self.now_ms);
        match event {
            Event::Connected => self.on_connected(),
            Event::Disconnected => {
                if self.connected {
                    self.agent_log(LogLevel::Warn, "disconnected from broker");
                }
                self.connected = false;
            }
            Event::Message { topic, payload } => self.on_message(topic, payload),
        }
    }

    /// Runs due work: at most one slice of the app and of the REPL, timers,
    /// batching. Returns the time (ms) by which it wants to be polled again;
    /// a value `<= now_ms` means "at once".
    pub fn poll(&mut self, now_ms: u64) -> u64 {
        self.now_ms = now_ms.max(self.now_ms);
        let mut busy = false;
        self.close_idle_repl();
        busy |= self.run_repl_slice();
        busy |= self.run_app_slice();
        self.check_grace_period();
        self.check_download_timeout();
        self.flush(false);
        if busy {
            return self.now_ms;
        }
        self.next_deadline()
    }

    // ------------------------------------------------------------------ connection

    fn on_connected(&mut self) {
        self.connected = true;
        self.connects = self.connects.saturating_add(1);
        if self.connects > 1 {
            self.agent_log(LogLevel::Info, "reconnected to broker");
        }
        self.actions.push_back(Action::Subscribe {
            topics: topics::device_subscriptions(&self.config.device_id),
        });
        self.publish_birth();
        // Reports made while offline, oldest first.
        while let Some(r) = self.pending_reports.pop_front() {
            self.publish_msg(TopicKind::Report, &r);
        }
        // A download waiting for the network asks again where it stopped.
        if self.download.is_some() {
            self.request_window(true);
        }
        self.next_heartbeat_ms = self.now_ms;
    }

    fn publish_birth(&mut self) {
        let free_ram = self.free_heap() as u64;
        let birth = Birth {
            protocol: PROTOCOL_VERSION,
            state: String::from("online"),
            agent_version: self.config.agent_version.clone(),
            interpreter_version: self.config.interpreter_version.clone(),
            platform: self.config.platform.clone(),
            free_ram,
            free_flash: self.layout.slot_capacity() as u64,
            max_bundle_size: Some(self.max_bundle_size()),
            running: self.app.info.clone(),
            app_state: self.app.state,
            key_set_sequence: self.config.key_set_sequence,
            boot_count: self.meta.state().boot_count,
        };
        self.publish_msg(TopicKind::Status, &birth);
    }

    fn max_bundle_size(&self) -> u32 {
        (self.layout.slot_capacity() as u64)
            .min(u64::from(pyrite_protocol::limits::MAX_BUNDLE_SIZE)) as u32
    }

    fn free_heap(&mut self) -> usize {
        self.app.engine.as_mut().map_or(0, |e| e.free_heap())
    }

    fn publish_msg<T: Message>(&mut self, kind: TopicKind, msg: &T) {
        match messages::encode(msg) {
            Ok(payload) => self.actions.push_back(Action::Publish {
                topic: topics::topic(&self.config.device_id, kind),
                payload,
                qos: kind.qos(),
                retain: kind.retained(),
            }),
            // Our own message broke a limit: log it rather than send garbage.
            Err(e) => self.agent_log(LogLevel::Error, &format!("could not encode {kind:?}: {e}")),
        }
    }

    // ------------------------------------------------------------------ messages

    fn on_message(&mut self, topic: &str, payload: &[u8]) {
        let kind = match DeviceTopic::parse(topic) {
            Ok(t) if t.device_id == self.config.device_id.as_str() => t.kind,
            _ => return,
        };
        if payload.len() > kind.max_payload() {
            self.agent_log(
                LogLevel::Warn,
                &format!("dropped oversized message on {}", kind.suffix()),
            );
            return;
        }
        match kind {
            TopicKind::Desired => match messages::decode_desired(payload) {
                Ok(d) => self.on_desired(d),
                Err(e) => self.agent_log(LogLevel::Warn, &format!("bad desired state: {e}")),
            },
            TopicKind::ChunkData => match ChunkFrame::decode(payload) {
                Ok(frame) => self.on_chunk(&frame),
                Err(e) => self.agent_log(LogLevel::Warn, &format!("bad chunk frame: {e}")),
            },
            TopicKind::ReplIn => match messages::decode_repl_in(payload) {
                Ok(m) => self.on_repl(m),
                Err(e) => self.agent_log(LogLevel::Warn, &format!("bad repl message: {e}")),
            },
            TopicKind::Command => match messages::decode_command(payload) {
                Ok(c) => self.on_command(c),
                Err(e) => self.agent_log(LogLevel::Warn, &format!("bad command: {e}")),
            },
            TopicKind::Keys => match messages::decode_key_rotation(payload) {
                Ok(rotation) => self.on_key_rotation(&rotation),
                Err(e) => self.agent_log(LogLevel::Warn, &format!("bad key rotation: {e}")),
            },
            _ => {}
        }
    }

    // ------------------------------------------------------------------ trusted keys

    fn on_key_rotation(&mut self, rotation: &messages::KeyRotation) {
        if rotation.sequence == self.config.key_set_sequence {
            // The retained message we already applied, delivered again on reconnect.
            return;
        }
        match pyrite_protocol::rotation::verify_key_rotation(
            rotation,
            &self.config.trusted_keys,
            self.config.key_set_sequence,
        ) {
            Ok(keys) => {
                self.config.trusted_keys = keys.clone();
                self.config.key_set_sequence = rotation.sequence;
                self.agent_log(
                    LogLevel::Info,
                    &format!(
                        "trusted key set rotated to sequence {} ({} keys)",
                        rotation.sequence,
                        keys.len()
                    ),
                );
                self.actions.push_back(Action::PersistTrustedKeys {
                    keys,
                    sequence: rotation.sequence,
                });
                self.publish_birth();
            }
            Err(e) => self.agent_log(LogLevel::Warn, &format!("key rotation refused: {e}")),
        }
    }

    // ------------------------------------------------------------------ desired state

    fn on_desired(&mut self, desired: DesiredState) {
        self.deployment = desired.deployment.clone();
        self.desired = Some(desired.clone());
        let Some(bundle) = desired.bundle else {
            return;
        };
        let digest = match messages::sha256_from_hex(&bundle.sha256) {
            Ok(d) => d,
            Err(_) => return,
        };
        let meta = *self.meta.state();
        // Already what runs: say so (the server may have missed it).
        if let Some(active) = meta.active
            && meta.slots[usize::from(active)].digest == digest
            && meta.slots[usize::from(active)].state == SlotState::Verified
        {
            let state = match self.app.state {
                AppState::Running if meta.confirmed => ReportState::Healthy,
                AppState::Running => ReportState::Running,
                AppState::Exited => ReportState::Exited,
                AppState::Stopped => ReportState::Stopped,
                AppState::Failed => ReportState::Failed,
                _ => ReportState::Installed,
            };
            let mut r = self.report_for(
                state,
                Some(&digest),
                Some(meta.slots[usize::from(active)].sequence),
            );
            if state == ReportState::Failed
                && let Some(last) = &self.last_report
            {
                r.traceback = last.traceback.clone();
            }
            self.send_report(r);
            return;
        }
        if meta.rejected == Some(digest) {
            let mut r = self.report_for(ReportState::Refused, Some(&digest), Some(bundle.sequence));
            r.reason = Some(RefusalReason::Unknown);
            if let Some(last) = &self.last_report
                && last.sha256.as_deref() == Some(bundle.sha256.as_str())
            {
                r = last.clone();
                r.deployment = self.deployment.clone();
            } else {
                r.detail = Some(String::from(
                    "this bundle failed or was refused before; deploy a newer one",
                ));
                r.reason = Some(RefusalReason::SequenceNotNewer);
            }
            self.send_report(r);
            return;
        }
        if let Some(d) = &self.download
            && d.digest == digest
        {
            // Same bundle still coming: carry on (a reconnect re-sends the desired state).
            self.request_window(true);
            return;
        }
        if bundle.sequence <= meta.highest_sequence {
            self.refuse_before_download(
                &bundle,
                &digest,
                Refusal::new(
                    RefusalReason::SequenceNotNewer,
                    format!(
                        "sequence {} is not above the installed {}",
                        bundle.sequence, meta.highest_sequence
                    ),
                ),
            );
            return;
        }
        if bundle.size > self.max_bundle_size() {
            self.refuse_before_download(
                &bundle,
                &digest,
                Refusal::new(
                    RefusalReason::TooLarge,
                    format!(
                        "{} bytes over this device's limit of {}",
                        bundle.size,
                        self.max_bundle_size()
                    ),
                ),
            );
            return;
        }
        self.start_download(&bundle, digest);
    }

    fn refuse_before_download(&mut self, bundle: &BundleRef, digest: &Digest, refusal: Refusal) {
        self.agent_log(
            LogLevel::Warn,
            &format!("refused bundle {}: {}", bundle.sha256, refusal.detail),
        );
        let mut r = self.report_for(ReportState::Refused, Some(digest), Some(bundle.sequence));
        r.reason = Some(refusal.reason);
        r.detail = Some(String::from(cut(&refusal.detail, MAX_REPORT_TEXT)));
        self.send_report(r);
    }

    fn inactive_slot(&self) -> u8 {
        match self.meta.state().active {
            Some(a) => 1 - a,
            None => 0,
        }
    }

    fn start_download(&mut self, bundle: &BundleRef, digest: Digest) {
        self.download = None;
        let meta = *self.meta.state();
        let min_sequence = meta.highest_sequence;
        // Resume what a previous boot persisted, else start afresh.
        let resume = meta
            .download
            .filter(|p| p.digest == digest && p.total == bundle.size);
        let (slot, written) = match resume {
            Some(p) => (p.slot, p.written),
            None => (self.inactive_slot(), 0),
        };
        let mut stream = BundleStream::new(
            self.config.trusted_keys.clone(),
            min_sequence,
            bundle.size,
            digest,
            &self.config.interpreter_version,
        );
        if written > 0 {
            // Re-feed the durable prefix so the verifier's hashes continue.
            if let Err(refusal) = self.refeed(&mut stream, slot, written) {
                self.abort_download_refused(digest, bundle.sequence, refusal);
                return;
            }
        } else {
            let mut next = meta;
            next.download = Some(DownloadProgress {
                slot,
                sequence: bundle.sequence,
                digest,
                total: bundle.size,
                written: 0,
            });
            next.slots[usize::from(slot)] = SlotInfo {
                state: SlotState::Writing,
                ..SlotInfo::default()
            };
            if let Err(e) = self.meta.commit(&mut self.flash, next) {
                self.report_storage_error(&digest, bundle.sequence, e);
                return;
            }
        }
        self.agent_log(
            LogLevel::Info,
            &format!(
                "downloading bundle {} ({} bytes) from offset {written}",
                bundle.sha256, bundle.size
            ),
        );
        self.download = Some(Download {
            deployment: self.deployment.clone(),
            digest,
            sequence: bundle.sequence,
            total: bundle.size,
            slot,
            writer: SlotWriter::resume(self.layout, slot, written as usize),
            stream,
            next: written,
            requested_until: written,
            last_activity_ms: self.now_ms,
            retries: 0,
            persisted: written,
            last_progress_report_ms: self.now_ms,
            last_progress_step: 0,
        });
        self.report_progress(true);
        self.request_window(true);
    }

    fn refeed(&mut self, stream: &mut BundleStream, slot: u8, written: u32) -> Result<(), Refusal> {
        let mut buf = [0u8; 256];
        let mut at = 0usize;
        while at < written as usize {
            let n = buf.len().min(written as usize - at);
            self.layout
                .read_slot(&mut self.flash, slot, at, &mut buf[..n])
                .map_err(|e| Refusal::new(RefusalReason::Storage, format!("reading slot: {e}")))?;
            stream.feed(&buf[..n])?;
            at += n;
        }
        Ok(())
    }

    fn request_window(&mut self, restart: bool) {
        if !self.connected {
            return;
        }
        let chunk_size = self.config.chunk_size.clamp(1, MAX_CHUNK_SIZE as u32);
        let window = self.config.chunk_window.clamp(1, MAX_CHUNK_WINDOW);
        let Some(d) = &mut self.download else { return };
        if d.next >= d.total {
            return;
        }
        if !restart && d.next < d.requested_until {
            return;
        }
        let remaining = d.total - d.next;
        let count = remaining.div_ceil(chunk_size).min(window);
        d.requested_until = d.next.saturating_add(count * chunk_size).min(d.total);
        d.last_activity_ms = self.now_ms;
        let req = messages::ChunkRequest {
            sha256: digest_hex(&d.digest),
            offset: d.next,
            chunk_size,
            count,
        };
        self.publish_msg(TopicKind::ChunkRequest, &req);
    }

    fn on_chunk(&mut self, frame: &ChunkFrame<'_>) {
        let Some(d) = &mut self.download else { return };
        if frame.bundle_sha256 != d.digest || frame.total_len != d.total || frame.offset != d.next {
            // Another bundle, a repeat, or a gap: the timeout re-requests.
            return;
        }
        d.last_activity_ms = self.now_ms;
        d.retries = 0;
        if let Err(refusal) = d.stream.feed(frame.payload) {
            let (digest, seq) = (d.digest, d.sequence);
            self.abort_download_refused(digest, seq, refusal);
            return;
        }
        let flushed = match d.writer.write(&mut self.flash, frame.payload) {
            Ok(f) => f,
            Err(e) => {
                let (digest, seq) = (d.digest, d.sequence);
                self.abort_download_refused(
                    digest,
                    seq,
                    Refusal::new(RefusalReason::Storage, format!("writing slot: {e}")),
                );
                return;
            }
        };
        d.next += frame.payload.len() as u32;
        let durable = d.writer.durable() as u32;
        if flushed && durable - d.persisted >= self.config.progress_persist_bytes {
            let mut next = *self.meta.state();
            if let Some(p) = &mut next.download {
                p.written = durable;
            }
            d.persisted = durable;
            if let Err(e) = self.meta.commit(&mut self.flash, next) {
                let (digest, seq) = (d.digest, d.sequence);
                self.download = None;
                self.report_storage_error(&digest, seq, e);
                return;
            }
        }
        let done = d.next >= d.total;
        if done {
            self.finish_download();
        } else {
            self.report_progress(false);
            self.request_window(false);
        }
    }

    fn report_progress(&mut self, force: bool) {
        let Some(d) = &mut self.download else { return };
        let step = (d.total / 10).max(1);
        let crossed_step = d.writer.durable() as u32 / step != d.last_progress_step;
        if !force && !crossed_step && self.now_ms < d.last_progress_report_ms + 5_000 {
            return;
        }
        d.last_progress_report_ms = self.now_ms;
        d.last_progress_step = d.writer.durable() as u32 / step;
        let (digest, seq, received, total) =
            (d.digest, d.sequence, d.writer.durable() as u32, d.total);
        let mut r = self.report_for(ReportState::Downloading, Some(&digest), Some(seq));
        r.progress = Some(Progress { received, total });
        self.send_report(r);
    }

    fn check_download_timeout(&mut self) {
        let timeout = self.config.chunk_timeout_ms;
        let give_up_after = self.config.chunk_retries;
        let connected = self.connected;
        let now = self.now_ms;
        let Some(d) = &mut self.download else { return };
        if !connected || now < d.last_activity_ms + timeout {
            return;
        }
        d.retries += 1;
        if d.retries > give_up_after {
            let (digest, seq) = (d.digest, d.sequence);
            self.download = None;
            // Progress stays persisted: a later desired state resumes it.
            let mut r = self.report_for(ReportState::Refused, Some(&digest), Some(seq));
            r.reason = Some(RefusalReason::Download);
            r.detail = Some(String::from("no chunk received after repeated requests"));
            self.send_report(r);
            return;
        }
        self.request_window(true);
    }

    fn finish_download(&mut self) {
        let Some(mut d) = self.download.take() else {
            return;
        };
        if let Err(e) = d.writer.finish(&mut self.flash) {
            self.abort_download_refused(
                d.digest,
                d.sequence,
                Refusal::new(RefusalReason::Storage, format!("writing slot: {e}")),
            );
            return;
        }
        let mut r = self.report_for(ReportState::Verifying, Some(&d.digest), Some(d.sequence));
        r.deployment = d.deployment.clone();
        self.send_report(r);
        let streamed = match d.stream.finish() {
            Ok((m, _)) => m,
            Err(refusal) => {
                self.abort_download_refused(d.digest, d.sequence, refusal);
                return;
            }
        };
        // Read the slot back and verify what flash holds, not what RAM saw.
        let from_flash = self.verify_slot(
            d.slot,
            d.total,
            &d.digest,
            self.meta.state().highest_sequence,
        );
        let manifest = match from_flash {
            Ok(m) if m == streamed => m,
            Ok(_) => {
                let refusal = Refusal::new(
                    RefusalReason::Storage,
                    "slot contents differ from what was received",
                );
                self.abort_download_refused(d.digest, d.sequence, refusal);
                return;
            }
            Err(refusal) => {
                self.abort_download_refused(d.digest, d.sequence, refusal);
                return;
            }
        };
        // The atomic switch: one metadata record makes the new slot active.
        let mut next = *self.meta.state();
        next.slots[usize::from(d.slot)] = SlotInfo {
            state: SlotState::Verified,
            sequence: manifest.sequence,
            length: d.total,
            digest: d.digest,
        };
        next.active = Some(d.slot);
        next.confirmed = false;
        next.boot_attempts = 0;
        next.highest_sequence = next.highest_sequence.max(manifest.sequence);
        next.download = None;
        next.app_stopped = false;
        if let Err(e) = self.meta.commit(&mut self.flash, next) {
            self.report_storage_error(&d.digest, d.sequence, e);
            return;
        }
        self.agent_log(
            LogLevel::Info,
            &format!(
                "installed {} {} (sequence {}) in slot {}",
                manifest.app, manifest.version, manifest.sequence, d.slot
            ),
        );
        let r = self.report_for(
            ReportState::Installed,
            Some(&d.digest),
            Some(manifest.sequence),
        );
        self.send_report(r);
        if let Err(e) = self.start_active_app(false) {
            self.agent_log(LogLevel::Error, &format!("starting the new bundle: {e}"));
        }
    }

    /// Verifies the bundle in `slot` from flash.
    fn verify_slot(
        &mut self,
        slot: u8,
        len: u32,
        digest: &Digest,
        min_sequence: u64,
    ) -> Result<ManifestSummary, Refusal> {
        let mut stream = BundleStream::new(
            self.config.trusted_keys.clone(),
            min_sequence,
            len,
            *digest,
            &self.config.interpreter_version,
        );
        self.refeed(&mut stream, slot, len)?;
        Ok(stream.finish()?.0)
    }

    /// Verifies the bundle in `slot` from flash and keeps its files to run them.
    fn verify_and_load_slot(&mut self, slot: u8, info: &SlotInfo) -> Result<LoadedBundle, Refusal> {
        let min = info.sequence.saturating_sub(1);
        let mut stream = BundleStream::new(
            self.config.trusted_keys.clone(),
            min,
            info.length,
            info.digest,
            &self.config.interpreter_version,
        )
        .collecting_files();
        self.refeed(&mut stream, slot, info.length)?;
        let (manifest, files) = stream.finish()?;
        if manifest.sequence != info.sequence {
            return Err(Refusal::new(
                RefusalReason::Storage,
                "slot holds another bundle than its metadata says",
            ));
        }
        Ok(LoadedBundle {
            manifest,
            files: files.unwrap_or_default(),
        })
    }

    fn abort_download_refused(&mut self, digest: Digest, sequence: u64, refusal: Refusal) {
        self.download = None;
        let mut next = *self.meta.state();
        if let Some(p) = next.download
            && p.digest == digest
        {
            next.slots[usize::from(p.slot)] = SlotInfo::default();
            next.download = None;
        }
        // A storage problem may be transient; anything else is the bundle's fault.
        if refusal.reason != RefusalReason::Storage {
            next.rejected = Some(digest);
        }
        if let Err(e) = self.meta.commit(&mut self.flash, next) {
            self.agent_log(LogLevel::Error, &format!("recording a refusal: {e:?}"));
        }
        self.agent_log(
            LogLevel::Warn,
            &format!("refused bundle {}: {}", digest_hex(&digest), refusal.detail),
        );
        let mut r = self.report_for(ReportState::Refused, Some(&digest), Some(sequence));
        r.reason = Some(refusal.reason);
        r.detail = Some(String::from(cut(&refusal.detail, MAX_REPORT_TEXT)));
        self.send_report(r);
    }

    fn report_storage_error(&mut self, digest: &Digest, sequence: u64, e: MetadataError) {
        self.agent_log(LogLevel::Error, &format!("metadata write failed: {e:?}"));
        let mut r = self.report_for(ReportState::Refused, Some(digest), Some(sequence));
        r.reason = Some(RefusalReason::Storage);
        r.detail = Some(format!("metadata write failed: {e:?}"));
        self.send_report(r);
    }

    // ------------------------------------------------------------------ the app

    /// Starts the active slot's app. At boot (`at_boot`), counts the attempt
    /// of an unconfirmed bundle and rolls back a crash loop first.
    fn start_active_app(&mut self, at_boot: bool) -> Result<(), AgentError> {
        self.stop_app_engine();
        let meta = *self.meta.state();
        let Some(active) = meta.active else {
            self.app.state = AppState::None;
            self.app.info = None;
            return Ok(());
        };
        let slot = meta.slots[usize::from(active)];
        if !meta.confirmed && meta.boot_attempts >= self.config.max_boot_attempts {
            let detail = format!(
                "crash loop: started {} times without reaching the {} ms grace period",
                meta.boot_attempts, self.config.grace_period_ms
            );
            return self.roll_back(&detail, None);
        }
        if slot.state != SlotState::Verified {
            return self.roll_back("active slot does not hold a verified bundle", None);
        }
        // Never run what does not verify now, whatever the metadata says.
        let bundle = match self.verify_and_load_slot(active, &slot) {
            Ok(b) => b,
            Err(refusal) => {
                let detail = format!("installed bundle no longer verifies: {}", refusal.detail);
                return self.roll_back(&detail, None);
            }
        };
        self.app.info = Some(BundleInfo {
            app: bundle.manifest.app.clone(),
            version: bundle.manifest.version.clone(),
            sequence: bundle.manifest.sequence,
            sha256: digest_hex(&slot.digest),
        });
        self.app.slot = Some(active);
        if meta.app_stopped {
            self.app.state = AppState::Stopped;
            return Ok(());
        }
        if !meta.confirmed {
            let mut next = meta;
            next.boot_attempts = meta.boot_attempts.saturating_add(1);
            self.meta.commit(&mut self.flash, next)?;
        }
        let _ = at_boot;
        self.launch(bundle, &slot.digest);
        Ok(())
    }

    fn new_io(&self, files: alloc::collections::BTreeMap<String, Vec<u8>>) -> ScriptIo {
        ScriptIo {
            now_ms: self.now_ms,
            device_id: self.config.device_id.as_str().to_string(),
            config_json: self.config.app_config_json.clone(),
            files,
            ..ScriptIo::default()
        }
    }

    fn launch(&mut self, bundle: LoadedBundle, digest: &Digest) {
        let entry = bundle.manifest.entry.clone();
        let source = bundle
            .files
            .get(&entry)
            .map(|b| String::from_utf8_lossy(b).into_owned());
        let io = self.new_io(bundle.files);
        let mut engine = self.factory.create(io);
        let sequence = bundle.manifest.sequence;
        self.app.started_at_ms = self.now_ms;
        self.app.sleeping_until = None;
        self.app.interrupt = false;
        let Some(source) = source else {
            self.app.engine = Some(engine);
            let err = ScriptError {
                type_name: String::from("ImportError"),
                message: format!("entry point {entry} is not in the bundle"),
                traceback: format!("ImportError: entry point {entry} is not in the bundle\n"),
            };
            self.app_failed(err, digest, sequence);
            return;
        };
        let started = engine.start(&entry, &source);
        self.app.engine = Some(engine);
        if let Some(repl) = &mut self.repl {
            repl.write("\n[app restarted]\n>>> ");
        }
        match started {
            Ok(()) => {
                self.app.state = AppState::Running;
                self.app.main_alive = true;
                self.agent_log(LogLevel::Info, &format!("started {entry}"));
                let r = self.report_for(ReportState::Running, Some(digest), Some(sequence));
                self.send_report(r);
            }
            Err(err) => self.app_failed(err, digest, sequence),
        }
    }

    fn stop_app_engine(&mut self) {
        self.app.engine = None;
        self.app.main_alive = false;
        self.app.sleeping_until = None;
        if let Some(repl) = &mut self.repl {
            repl.running = false;
            repl.sleeping_until = None;
        }
    }

    fn run_app_slice(&mut self) -> bool {
        if !self.app.main_alive || self.app.state != AppState::Running {
            return false;
        }
        if let Some(until) = self.app.sleeping_until
            && self.now_ms < until
            && !self.app.interrupt
        {
            return false;
        }
        let budget = self.config.slice_budget;
        let now = self.now_ms;
        let interrupt = core::mem::take(&mut self.app.interrupt);
        let Some(engine) = &mut self.app.engine else {
            return false;
        };
        engine.io().now_ms = now;
        if interrupt {
            engine.interrupt();
        }
        let outcome = engine.run(budget);
        self.drain_app_io();
        match outcome {
            SliceOutcome::Yielded => {
                self.app.sleeping_until = None;
                true
            }
            SliceOutcome::Sleeping { until_ms } => {
                let wake = wake_time(until_ms, now, self.app.engine.as_mut());
                self.app.sleeping_until = Some(wake);
                false
            }
            SliceOutcome::Done => {
                self.app.main_alive = false;
                self.app.state = AppState::Exited;
                self.agent_log(LogLevel::Info, "app exited");
                self.confirm_active();
                let (digest, seq) = self.active_identity();
                let r = self.report_for(ReportState::Exited, digest.as_ref(), seq);
                self.send_report(r);
                false
            }
            SliceOutcome::Error(err) => {
                self.app.main_alive = false;
                if interrupt && err.type_name == "KeyboardInterrupt" {
                    self.app.state = AppState::Stopped;
                    self.agent_log(LogLevel::Info, "app interrupted by the operator");
                    let (digest, seq) = self.active_identity();
                    let r = self.report_for(ReportState::Stopped, digest.as_ref(), seq);
                    self.send_report(r);
                    return false;
                }
                let (digest, seq) = self.active_identity();
                if let Some(digest) = digest {
                    self.app_failed(err, &digest, seq.unwrap_or(0));
                }
                false
            }
        }
    }

    fn active_identity(&self) -> (Option<Digest>, Option<u64>) {
        let meta = self.meta.state();
        match meta.active {
            Some(a) => (
                Some(meta.slots[usize::from(a)].digest),
                Some(meta.slots[usize::from(a)].sequence),
            ),
            None => (None, None),
        }
    }

    fn drain_app_io(&mut self) {
        let now = self.now_ms;
        let Some(engine) = &mut self.app.engine else {
            return;
        };
        let io = engine.io();
        let output = core::mem::take(&mut io.output);
        let published = core::mem::take(&mut io.published);
        let logs = core::mem::take(&mut io.logs);
        let dropped = core::mem::take(&mut io.dropped);
        self.logs
            .push_text(now, LogLevel::Info, LogSource::Script, &output);
        for l in logs {
            self.logs.push(now, LogLevel::Info, LogSource::Script, &l);
        }
        for p in published {
            if let Err(e) = self.telemetry.push(&p.name, p.at_ms, p.value) {
                self.logs.push(
                    now,
                    LogLevel::Warn,
                    LogSource::Agent,
                    &format!("fleet.publish({:?}) refused: {e:?}", p.name),
                );
            }
        }
        if dropped > 0 {
            self.logs.push(
                now,
                LogLevel::Warn,
                LogSource::Agent,
                &format!("{dropped} script outputs dropped (buffer full)"),
            );
        }
    }

    fn app_failed(&mut self, err: ScriptError, digest: &Digest, sequence: u64) {
        self.app.main_alive = false;
        self.app.state = AppState::Failed;
        self.logs.push_text(
            self.now_ms,
            LogLevel::Error,
            LogSource::Script,
            &err.traceback,
        );
        let traceback = String::from(cut_front(&err.traceback, MAX_REPORT_TEXT));
        let mut r = self.report_for(ReportState::Failed, Some(digest), Some(sequence));
        r.traceback = Some(traceback.clone());
        r.detail = Some(String::from(cut(
            &format!("{}: {}", err.type_name, err.message),
            MAX_REPORT_TEXT,
        )));
        self.send_report(r);
        if !self.meta.state().confirmed {
            let detail = format!("{}: {}", err.type_name, err.message);
            if let Err(e) = self.roll_back(&detail, Some(traceback)) {
                self.agent_log(LogLevel::Error, &format!("rollback failed: {e}"));
            }
        }
    }

    /// Leaves the active (unconfirmed, failed) bundle for the other slot's
    /// bundle when that one verifies, else for nothing.
    fn roll_back(&mut self, why: &str, traceback: Option<String>) -> Result<(), AgentError> {
        self.stop_app_engine();
        let meta = *self.meta.state();
        let Some(failed) = meta.active else {
            return Ok(());
        };
        let failed_slot = meta.slots[usize::from(failed)];
        let other = 1 - failed;
        let candidate = meta.slots[usize::from(other)];
        let usable = candidate.state == SlotState::Verified
            && candidate.digest != failed_slot.digest
            && self
                .verify_slot(
                    other,
                    candidate.length,
                    &candidate.digest,
                    candidate.sequence.saturating_sub(1),
                )
                .is_ok();
        let mut next = meta;
        next.rejected = Some(failed_slot.digest);
        next.boot_attempts = 0;
        next.download = None;
        if usable {
            next.active = Some(other);
            next.confirmed = true;
        } else {
            next.active = None;
            next.confirmed = false;
        }
        self.meta.commit(&mut self.flash, next)?;
        let message = if usable {
            format!(
                "rolled back from {} to {}: {why}",
                digest_hex(&failed_slot.digest),
                digest_hex(&candidate.digest)
            )
        } else {
            format!("no previous bundle to roll back to; app stopped: {why}")
        };
        self.agent_log(LogLevel::Error, &message);
        let mut r = self.report_for(
            ReportState::RolledBack,
            Some(&failed_slot.digest),
            Some(failed_slot.sequence),
        );
        r.detail = Some(String::from(cut(&message, MAX_REPORT_TEXT)));
        r.traceback = traceback;
        self.send_report(r);
        if usable {
            return self.start_active_app(false);
        }
        self.app.state = AppState::Failed;
        Ok(())
    }

    fn confirm_active(&mut self) {
        let meta = *self.meta.state();
        if meta.active.is_none() || meta.confirmed {
            return;
        }
        let mut next = meta;
        next.confirmed = true;
        next.boot_attempts = 0;
        if let Err(e) = self.meta.commit(&mut self.flash, next) {
            self.agent_log(LogLevel::Error, &format!("confirming the bundle: {e:?}"));
        }
    }

    fn check_grace_period(&mut self) {
        if self.app.state != AppState::Running || self.meta.state().confirmed {
            return;
        }
        if self.now_ms >= self.app.started_at_ms + self.config.grace_period_ms {
            self.confirm_active();
            self.agent_log(LogLevel::Info, "bundle confirmed after its grace period");
            let (digest, seq) = self.active_identity();
            let r = self.report_for(ReportState::Healthy, digest.as_ref(), seq);
            self.send_report(r);
        }
    }

    // ------------------------------------------------------------------ REPL

    fn on_repl(&mut self, msg: ReplIn) {
        match msg {
            ReplIn::Open { session } => {
                if let Some(old) = self.repl.take() {
                    let closed = ReplOut::Closed {
                        session: old.id,
                        reason: String::from("replaced"),
                    };
                    self.publish_msg(TopicKind::ReplOut, &closed);
                }
                if self.app.engine.is_none() {
                    // No app: the REPL still needs an interpreter.
                    let io = self.new_io(Default::default());
                    self.app.engine = Some(self.factory.create(io));
                }
                let banner = format!(
                    "Pyrite {} on {} ({})\n>>> ",
                    self.config.interpreter_version, self.config.device_id, self.config.platform
                );
                self.publish_msg(
                    TopicKind::ReplOut,
                    &ReplOut::Opened {
                        session: session.clone(),
                        banner,
                    },
                );
                let mut repl = ReplSession::new(session);
                repl.last_input_ms = self.now_ms;
                self.repl = Some(repl);
            }
            ReplIn::Input { session, seq, data } => {
                if let Some(r) = &mut self.repl
                    && r.id == session
                {
                    r.accept_input(seq, &data);
                    r.last_input_ms = self.now_ms;
                }
            }
            ReplIn::Interrupt { session, app } => {
                let Some(r) = &mut self.repl else { return };
                if r.id != session {
                    return;
                }
                if app {
                    if self.app.main_alive {
                        self.app.interrupt = true;
                    }
                } else if r.running {
                    r.interrupt = true;
                    r.clear_input();
                } else {
                    r.clear_input();
                    r.write("\nKeyboardInterrupt\n>>> ");
                }
            }
            ReplIn::Ack { session, seq } => {
                if let Some(r) = &mut self.repl
                    && r.id == session
                {
                    r.ack(seq);
                }
            }
            ReplIn::Close { session } => {
                if self.repl.as_ref().is_some_and(|r| r.id == session) {
                    self.repl = None;
                    self.publish_msg(
                        TopicKind::ReplOut,
                        &ReplOut::Closed {
                            session,
                            reason: String::from("closed"),
                        },
                    );
                }
            }
        }
    }

    fn close_idle_repl(&mut self) {
        let idle = self
            .repl
            .as_ref()
            .is_some_and(|r| !r.running && self.now_ms >= r.last_input_ms + REPL_IDLE_MS);
        if idle && let Some(r) = self.repl.take() {
            self.publish_msg(
                TopicKind::ReplOut,
                &ReplOut::Closed {
                    session: r.id,
                    reason: String::from("idle"),
                },
            );
        }
    }

    /// Publishes `offline` on the status topic (the Last Will's payload) before
    /// a clean disconnect, as the protocol asks; the port sends it, then disconnects.
    pub fn going_offline(&mut self) {
        self.flush(true);
        self.actions.push_back(Action::Publish {
            topic: topics::topic(&self.config.device_id, TopicKind::Status),
            payload: OFFLINE_PAYLOAD.to_vec(),
            qos: TopicKind::Status.qos(),
            retain: TopicKind::Status.retained(),
        });
    }

    /// Runs one REPL slice (or compiles the next input). Returns whether
    /// more REPL work is ready at once.
    fn run_repl_slice(&mut self) -> bool {
        let now = self.now_ms;
        let budget = self.config.slice_budget;
        let Some(r) = &mut self.repl else {
            return false;
        };
        let Some(engine) = &mut self.app.engine else {
            return false;
        };
        engine.io().now_ms = now;
        if !r.running {
            let Some(line) = r.lines.pop_front() else {
                return false;
            };
            if !r.statement.is_empty() {
                r.statement.push('\n');
            }
            r.statement.push_str(&line);
            // An empty line ends an open block.
            let source = if line.is_empty() && !r.statement.trim().is_empty() {
                format!("{}\n", r.statement)
            } else {
                r.statement.clone()
            };
            if r.statement.trim().is_empty() {
                r.statement.clear();
                r.write(">>> ");
                return !r.lines.is_empty();
            }
            match engine.start_repl(&source) {
                Ok(ReplInput::Incomplete) if !line.is_empty() => {
                    r.write("... ");
                    return !r.lines.is_empty();
                }
                Ok(ReplInput::Incomplete) => {
                    r.statement.clear();
                    r.write("SyntaxError: incomplete input\n>>> ");
                    return !r.lines.is_empty();
                }
                Ok(ReplInput::Complete) => {
                    r.statement.clear();
                    r.running = true;
                }
                Err(err) => {
                    r.statement.clear();
                    let out = core::mem::take(&mut engine.io().output);
                    r.write(&out);
                    r.write(&err.traceback);
                    r.write(">>> ");
                    return !r.lines.is_empty();
                }
            }
        }
        if let Some(until) = r.sleeping_until
            && now < until
            && !r.interrupt
        {
            return false;
        }
        if core::mem::take(&mut r.interrupt) {
            engine.interrupt();
        }
        let outcome = engine.run_repl(budget);
        let out = core::mem::take(&mut engine.io().output);
        r.write(&out);
        // Values the REPL publishes go out like the app's.
        let published = core::mem::take(&mut engine.io().published);
        for p in published {
            let _ = self.telemetry.push(&p.name, p.at_ms, p.value);
        }
        match outcome {
            SliceOutcome::Yielded => {
                r.sleeping_until = None;
                true
            }
            SliceOutcome::Sleeping { until_ms } => {
                r.sleeping_until = Some(wake_time(until_ms, now, Some(engine)));
                false
            }
            SliceOutcome::Done => {
                r.running = false;
                r.sleeping_until = None;
                r.write(">>> ");
                !r.lines.is_empty()
            }
            SliceOutcome::Error(err) => {
                r.running = false;
                r.sleeping_until = None;
                r.write(&err.traceback);
                r.write(">>> ");
                !r.lines.is_empty()
            }
        }
    }

    // ------------------------------------------------------------------ commands

    fn on_command(&mut self, cmd: Command) {
        if self.last_command_id.as_deref() == Some(cmd.id.as_str()) {
            return;
        }
        self.last_command_id = Some(cmd.id.clone());
        let result: Result<(), String> = match cmd.command {
            CommandKind::Reboot => Ok(()),
            CommandKind::Stop => {
                let mut next = *self.meta.state();
                next.app_stopped = true;
                match self.meta.commit(&mut self.flash, next) {
                    Ok(()) => {
                        self.stop_app_engine();
                        if self.app.info.is_some() {
                            self.app.state = AppState::Stopped;
                        }
                        let (digest, seq) = self.active_identity();
                        let r = self.report_for(ReportState::Stopped, digest.as_ref(), seq);
                        self.send_report(r);
                        Ok(())
                    }
                    Err(e) => Err(format!("{e:?}")),
                }
            }
            CommandKind::Start => {
                let mut next = *self.meta.state();
                next.app_stopped = false;
                match self.meta.commit(&mut self.flash, next) {
                    Ok(()) if next.active.is_some() => {
                        self.start_active_app(false).map_err(|e| e.to_string())
                    }
                    Ok(()) => Err(String::from("no bundle installed")),
                    Err(e) => Err(format!("{e:?}")),
                }
            }
            CommandKind::ResendState => {
                self.publish_birth();
                if let Some(r) = self.last_report.clone() {
                    self.publish_msg(TopicKind::Report, &r);
                }
                Ok(())
            }
            CommandKind::Unknown => Err(String::from("unknown command")),
        };
        let ack = CommandAck {
            id: cmd.id,
            ok: result.is_ok(),
            error: result.err(),
        };
        self.publish_msg(TopicKind::CommandAck, &ack);
        if cmd.command == CommandKind::Reboot {
            // Send what is buffered before going down.
            self.flush(true);
            self.actions.push_back(Action::Reboot);
        }
    }

    // ------------------------------------------------------------------ reports, logs, telemetry

    fn report_for(
        &self,
        state: ReportState,
        digest: Option<&Digest>,
        sequence: Option<u64>,
    ) -> Report {
        Report {
            protocol: PROTOCOL_VERSION,
            deployment: self.deployment.clone(),
            sha256: digest.map(digest_hex),
            sequence,
            state,
            reason: None,
            detail: None,
            traceback: None,
            progress: None,
            uptime_ms: self.uptime_ms(),
        }
    }

    fn send_report(&mut self, report: Report) {
        self.last_report = Some(report.clone());
        if self.connected {
            self.publish_msg(TopicKind::Report, &report);
        } else {
            if self.pending_reports.len() >= MAX_PENDING_REPORTS {
                self.pending_reports.pop_front();
            }
            self.pending_reports.push_back(report);
        }
    }

    fn uptime_ms(&self) -> u64 {
        self.now_ms.saturating_sub(self.boot_ms)
    }

    /// Records an agent event in the log.
    fn agent_log(&mut self, level: LogLevel, msg: &str) {
        self.logs.push(self.now_ms, level, LogSource::Agent, msg);
    }

    fn flush(&mut self, force: bool) {
        if !self.connected {
            return;
        }
        let now = self.now_ms;
        if let Some(r) = &mut self.repl {
            let outs = r.take_output();
            for o in outs {
                self.publish_msg(TopicKind::ReplOut, &o);
            }
        }
        if force || now >= self.next_log_flush_ms {
            self.next_log_flush_ms = now + self.config.log_interval_ms;
            while let Some(batch) = self.logs.take_batch(self.uptime_ms()) {
                self.publish_msg(TopicKind::Log, &batch);
            }
        }
        if force || now >= self.next_telemetry_flush_ms || self.telemetry.is_full() {
            self.next_telemetry_flush_ms = now + self.config.telemetry_interval_ms;
            if let Some(batch) = self.telemetry.take_batch(self.uptime_ms()) {
                self.publish_msg(TopicKind::Telemetry, &batch);
            }
        }
        if now >= self.next_heartbeat_ms {
            self.next_heartbeat_ms = now + self.config.heartbeat_interval_ms;
            let free_ram = self.free_heap() as u64;
            let hb = Heartbeat {
                uptime_ms: self.uptime_ms(),
                free_ram,
                free_flash: Some(self.layout.slot_capacity() as u64),
                running: self.app.info.clone(),
                app_state: self.app.state,
                rssi: self.rssi,
                reconnects: self.connects.saturating_sub(1),
                logs_dropped: self.logs.take_dropped_for_heartbeat(),
            };
            self.publish_msg(TopicKind::Heartbeat, &hb);
        }
    }

    fn next_deadline(&self) -> u64 {
        let mut t = u64::MAX;
        if let Some(r) = &self.repl {
            t = t.min(r.last_input_ms + REPL_IDLE_MS);
        }
        if self.connected {
            t = t.min(self.next_heartbeat_ms);
            if !self.logs.is_empty() {
                t = t.min(self.next_log_flush_ms);
            }
            if !self.telemetry.is_empty() {
                t = t.min(self.next_telemetry_flush_ms);
            }
            if let Some(d) = &self.download {
                t = t.min(d.last_activity_ms + self.config.chunk_timeout_ms);
            }
        }
        if self.app.main_alive && self.app.state == AppState::Running {
            if let Some(until) = self.app.sleeping_until {
                t = t.min(until);
            }
            if !self.meta.state().confirmed {
                t = t.min(self.app.started_at_ms + self.config.grace_period_ms);
            }
        }
        if let Some(r) = &self.repl
            && let Some(until) = r.sleeping_until
        {
            t = t.min(until);
        }
        t
    }
}

/// When to run a sleeping script again: at its sleep deadline `until_ms`, or earlier when the
/// hardware has an event for it (a `machine.Timer` expiry, a pin edge), so IRQ handlers run
/// while it sleeps. An event already due wakes it on the next millisecond, not at once: the
/// slice that just ended had its chance to take it, and an event nobody takes must not spin.
fn wake_time<E: ScriptEngine>(until_ms: u64, now_ms: u64, engine: Option<&mut E>) -> u64 {
    match engine.and_then(|e| e.next_event_ms()) {
        Some(event) => event.max(now_ms.saturating_add(1)).min(until_ms),
        None => until_ms,
    }
}

/// Maps a flash error to a refusal (used by ports that write slots themselves).
pub fn storage_refusal(e: FlashError) -> Refusal {
    Refusal::new(RefusalReason::Storage, format!("{e}"))
}
