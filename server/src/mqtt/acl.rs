//! Which topics a device may use: only its own `up/` topics for writing and
//! its own `down/` topics for reading (rules from `pyrite_protocol::topics`).
//! The one rule for the embedded broker's proxy and the Mosquitto ACL file.

use pyrite_protocol::device_id::validate_device_id;
use pyrite_protocol::topics;

/// Whether `id` is a valid device id (charset excludes MQTT separators and wildcards).
pub fn valid_device_id(id: &str) -> bool {
    validate_device_id(id).is_ok()
}

/// Whether `device` may publish to `topic`.
pub fn may_publish(device: &str, topic: &str) -> bool {
    topics::device_may_publish(device, topic)
}

/// Whether `device` may subscribe to `filter`.
pub fn may_subscribe(device: &str, filter: &str) -> bool {
    topics::device_may_subscribe(device, filter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_stay_in_their_topics() {
        assert!(may_publish("d1", "pyrite/v1/dev/d1/up/status"));
        assert!(!may_publish("d1", "pyrite/v1/dev/d2/up/status"));
        assert!(!may_publish("d1", "pyrite/v1/dev/d1/down/desired"));
        assert!(may_subscribe("d1", "pyrite/v1/dev/d1/down/#"));
        assert!(!may_subscribe("d1", "pyrite/v1/dev/d2/down/#"));
        assert!(!may_subscribe("d1", "#"));
        assert!(!may_subscribe("d1", "$share/g/pyrite/v1/dev/+/up/status"));
        assert!(!valid_device_id("a/b"));
    }
}
