//! The MQTT topic tree. Nobody outside this module writes a topic string by hand.
//!
//! Every topic of a device lives under `pyrite/v1/dev/{device_id}/`, split by direction:
//! `.../up/...` is published by the device (and only it), `.../down/...` is published by the
//! server and subscribed by the device. A broker therefore isolates devices with two prefix
//! rules per device: write `pyrite/v1/dev/{id}/up/#`, read `pyrite/v1/dev/{id}/down/#`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::device_id::{DeviceId, validate_device_id};
use crate::error::ProtocolError;

/// First segments of every Pyrite topic; the `v1` changes only with an incompatible protocol.
pub const ROOT: &str = "pyrite/v1";

/// Prefix of all device topics (followed by `/{device_id}/...`).
pub const DEVICE_PREFIX: &str = "pyrite/v1/dev";

/// Group name the server uses for MQTT shared subscriptions, so several server processes
/// share device traffic without handling a message twice.
pub const SHARED_GROUP: &str = "pyrite-server";

/// Payload of a device's Last Will on its status topic (also published on a clean shutdown).
pub const OFFLINE_PAYLOAD: &[u8] = b"offline";

/// Who publishes on a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The device publishes, the server subscribes (`.../up/...`).
    Up,
    /// The server publishes, the device subscribes (`.../down/...`).
    Down,
}

/// Every kind of device topic. See `PROTOCOL.md` for QoS, retain flag and payload of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TopicKind {
    /// `up/status`: birth message (JSON) or Last Will `offline`. Retained, QoS 1.
    Status,
    /// `up/heartbeat`: periodic health JSON. QoS 0.
    Heartbeat,
    /// `up/report`: deployment progress and outcome. QoS 1.
    Report,
    /// `up/chunk-req`: request for a window of bundle chunks. QoS 1.
    ChunkRequest,
    /// `up/log`: batch of log lines. QoS 0 or 1.
    Log,
    /// `up/telemetry`: batch of numeric series. QoS 0.
    Telemetry,
    /// `up/repl`: REPL output and session events. QoS 1.
    ReplOut,
    /// `up/cmd-ack`: result of a command. QoS 1.
    CommandAck,
    /// `down/desired`: the desired state. Retained, QoS 1.
    Desired,
    /// `down/chunk`: binary chunk frames. QoS 1.
    ChunkData,
    /// `down/repl`: REPL input and session control. QoS 1.
    ReplIn,
    /// `down/cmd`: commands (reboot, stop, start, resend_state). QoS 1.
    Command,
    /// `down/keys`: signed trusted-key-set rotation. Retained, QoS 1.
    Keys,
}

impl TopicKind {
    /// All kinds, in a fixed order.
    pub const ALL: [TopicKind; 13] = [
        TopicKind::Status,
        TopicKind::Heartbeat,
        TopicKind::Report,
        TopicKind::ChunkRequest,
        TopicKind::Log,
        TopicKind::Telemetry,
        TopicKind::ReplOut,
        TopicKind::CommandAck,
        TopicKind::Desired,
        TopicKind::ChunkData,
        TopicKind::ReplIn,
        TopicKind::Command,
        TopicKind::Keys,
    ];

    /// The topic's segments after `{device_id}/`.
    pub const fn suffix(self) -> &'static str {
        match self {
            TopicKind::Status => "up/status",
            TopicKind::Heartbeat => "up/heartbeat",
            TopicKind::Report => "up/report",
            TopicKind::ChunkRequest => "up/chunk-req",
            TopicKind::Log => "up/log",
            TopicKind::Telemetry => "up/telemetry",
            TopicKind::ReplOut => "up/repl",
            TopicKind::CommandAck => "up/cmd-ack",
            TopicKind::Desired => "down/desired",
            TopicKind::ChunkData => "down/chunk",
            TopicKind::ReplIn => "down/repl",
            TopicKind::Command => "down/cmd",
            TopicKind::Keys => "down/keys",
        }
    }

    /// Who publishes on this topic.
    pub const fn direction(self) -> Direction {
        match self {
            TopicKind::Status
            | TopicKind::Heartbeat
            | TopicKind::Report
            | TopicKind::ChunkRequest
            | TopicKind::Log
            | TopicKind::Telemetry
            | TopicKind::ReplOut
            | TopicKind::CommandAck => Direction::Up,
            TopicKind::Desired
            | TopicKind::ChunkData
            | TopicKind::ReplIn
            | TopicKind::Command
            | TopicKind::Keys => Direction::Down,
        }
    }

    /// MQTT QoS that publishers use on this topic.
    pub const fn qos(self) -> u8 {
        match self {
            TopicKind::Heartbeat | TopicKind::Telemetry => 0,
            _ => 1,
        }
    }

    /// Whether publishers set the retain flag.
    pub const fn retained(self) -> bool {
        matches!(
            self,
            TopicKind::Status | TopicKind::Desired | TopicKind::Keys
        )
    }

    /// Whether the payload is binary (only chunk frames); every other payload is JSON.
    pub const fn is_binary(self) -> bool {
        matches!(self, TopicKind::ChunkData)
    }

    /// Largest payload allowed on this topic.
    pub const fn max_payload(self) -> usize {
        match self {
            TopicKind::ChunkData => crate::chunk::FRAME_HEADER_LEN + crate::limits::MAX_CHUNK_SIZE,
            _ => crate::limits::MAX_JSON_MESSAGE,
        }
    }

    fn from_suffix(s: &str) -> Option<TopicKind> {
        TopicKind::ALL.into_iter().find(|k| k.suffix() == s)
    }
}

/// A parsed device topic: whose it is and which kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceTopic<'a> {
    /// The device id segment, already validated.
    pub device_id: &'a str,
    /// Which topic of that device.
    pub kind: TopicKind,
}

impl<'a> DeviceTopic<'a> {
    /// Parses an incoming topic name. Refuses anything outside the tree, wildcards,
    /// and invalid device ids.
    pub fn parse(topic: &'a str) -> Result<Self, ProtocolError> {
        let rest = topic
            .strip_prefix(DEVICE_PREFIX)
            .and_then(|r| r.strip_prefix('/'))
            .ok_or(ProtocolError::UnknownTopic)?;
        let (id, suffix) = rest.split_once('/').ok_or(ProtocolError::UnknownTopic)?;
        validate_device_id(id)?;
        let kind = TopicKind::from_suffix(suffix).ok_or(ProtocolError::UnknownTopic)?;
        Ok(DeviceTopic {
            device_id: id,
            kind,
        })
    }

    /// The validated id as an owned [`DeviceId`].
    pub fn device_id(&self) -> DeviceId {
        DeviceId::new_prevalidated(self.device_id)
    }
}

/// Parses an incoming topic; same as [`DeviceTopic::parse`].
pub fn parse(topic: &str) -> Result<DeviceTopic<'_>, ProtocolError> {
    DeviceTopic::parse(topic)
}

/// The topic of `kind` for `device`.
pub fn topic(device: &DeviceId, kind: TopicKind) -> String {
    format!("{DEVICE_PREFIX}/{}/{}", device.as_str(), kind.suffix())
}

/// `pyrite/v1/dev/{id}` — the root of one device's topics (given to it at enrollment).
pub fn device_root(device: &DeviceId) -> String {
    format!("{DEVICE_PREFIX}/{}", device.as_str())
}

/// Topics a device subscribes to (all of its `down/` topics; `down/#` works as well).
pub fn device_subscriptions(device: &DeviceId) -> Vec<String> {
    TopicKind::ALL
        .into_iter()
        .filter(|k| k.direction() == Direction::Down)
        .map(|k| topic(device, k))
        .collect()
}

/// Filter matching `kind` for every device: `pyrite/v1/dev/+/{suffix}`.
pub fn all_devices_filter(kind: TopicKind) -> String {
    format!("{DEVICE_PREFIX}/+/{}", kind.suffix())
}

/// Filters the server subscribes to: every `up/` kind of every device, plain (one server).
pub fn server_subscriptions() -> Vec<String> {
    TopicKind::ALL
        .into_iter()
        .filter(|k| k.direction() == Direction::Up)
        .map(all_devices_filter)
        .collect()
}

/// Same as [`server_subscriptions`] as MQTT shared subscriptions (`$share/pyrite-server/...`),
/// for several server processes on one broker. `up/status` is also needed unshared by each
/// process that keeps its own view of presence; see `PROTOCOL.md`.
pub fn server_shared_subscriptions() -> Vec<String> {
    server_subscriptions()
        .into_iter()
        .map(|f| format!("$share/{SHARED_GROUP}/{f}"))
        .collect()
}

/// Topic-pattern a broker ACL grants a device for writing: `pyrite/v1/dev/{id}/up/#`.
pub fn device_write_pattern(device: &DeviceId) -> String {
    format!("{DEVICE_PREFIX}/{}/up/#", device.as_str())
}

/// Topic-pattern a broker ACL grants a device for reading: `pyrite/v1/dev/{id}/down/#`.
pub fn device_read_pattern(device: &DeviceId) -> String {
    format!("{DEVICE_PREFIX}/{}/down/#", device.as_str())
}

/// Whether `device` may publish on `topic` (its own `up/` topics only). For a broker-side
/// authorization hook.
pub fn device_may_publish(device: &str, topic: &str) -> bool {
    matches!(DeviceTopic::parse(topic), Ok(t) if t.device_id == device && t.kind.direction() == Direction::Up)
}

/// Whether `device` may subscribe to `filter`: exactly one of its `down/` topics or its
/// `down/#`. Wildcards elsewhere are refused.
pub fn device_may_subscribe(device: &str, filter: &str) -> bool {
    if validate_device_id(device).is_err() {
        return false;
    }
    if filter == format!("{DEVICE_PREFIX}/{device}/down/#") {
        return true;
    }
    matches!(DeviceTopic::parse(filter), Ok(t) if t.device_id == device && t.kind.direction() == Direction::Down)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> DeviceId {
        DeviceId::new(s).unwrap()
    }

    #[test]
    fn every_kind_round_trips() {
        let d = id("dev-1");
        for k in TopicKind::ALL {
            let t = topic(&d, k);
            let p = DeviceTopic::parse(&t).unwrap();
            assert_eq!(p.device_id, "dev-1");
            assert_eq!(p.kind, k);
        }
    }

    #[test]
    fn suffixes_are_unique_and_split_by_direction() {
        for a in TopicKind::ALL {
            for b in TopicKind::ALL {
                if a != b {
                    assert_ne!(a.suffix(), b.suffix());
                }
            }
            let up = a.suffix().starts_with("up/");
            assert_eq!(up, a.direction() == Direction::Up);
        }
    }

    #[test]
    fn refuses_foreign_and_malformed_topics() {
        for bad in [
            "",
            "pyrite/v1/dev",
            "pyrite/v1/dev/",
            "pyrite/v1/dev/a",
            "pyrite/v1/dev/a/",
            "pyrite/v1/dev/a/up/nope",
            "pyrite/v1/dev/+/up/status",
            "pyrite/v1/dev/#",
            "pyrite/v2/dev/a/up/status",
            "pyrite/v1/devx/a/up/status",
            "pyrite/v1/dev/a/up/status/extra",
            "pyrite/v1/dev/a b/up/status",
        ] {
            assert!(DeviceTopic::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn acl_helpers() {
        assert!(device_may_publish("a", "pyrite/v1/dev/a/up/report"));
        assert!(!device_may_publish("a", "pyrite/v1/dev/b/up/report"));
        assert!(!device_may_publish("a", "pyrite/v1/dev/a/down/desired"));
        assert!(device_may_subscribe("a", "pyrite/v1/dev/a/down/#"));
        assert!(device_may_subscribe("a", "pyrite/v1/dev/a/down/cmd"));
        assert!(!device_may_subscribe("a", "pyrite/v1/dev/+/down/cmd"));
        assert!(!device_may_subscribe("a", "pyrite/v1/dev/b/down/#"));
        assert!(!device_may_subscribe("a", "#"));
        assert_eq!(server_subscriptions().len(), 8);
        assert_eq!(
            server_shared_subscriptions()[0],
            "$share/pyrite-server/pyrite/v1/dev/+/up/status"
        );
        assert_eq!(device_subscriptions(&id("a")).len(), 5);
    }
}
