//! Device ids: the one name of a device, used in topics, credentials and the API.

use alloc::string::String;
use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ProtocolError;
use crate::limits::DEVICE_ID_LEN;

/// A validated device id: 1 to 64 characters of `[A-Za-z0-9_-]`.
///
/// Ids appear inside MQTT topics, so the charset excludes `/`, `+`, `#` and `$`,
/// which would let one device name another's topics or a wildcard.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeviceId(String);

/// Checks a device id without allocating.
pub fn validate_device_id(id: &str) -> Result<(), ProtocolError> {
    if !DEVICE_ID_LEN.contains(&id.len()) {
        return Err(ProtocolError::InvalidDeviceId);
    }
    if id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        Ok(())
    } else {
        Err(ProtocolError::InvalidDeviceId)
    }
}

impl DeviceId {
    /// Validates and wraps an id.
    pub fn new(id: impl Into<String>) -> Result<Self, ProtocolError> {
        let id = id.into();
        validate_device_id(&id)?;
        Ok(DeviceId(id))
    }

    /// Wraps an id that `validate_device_id` already accepted (inside this crate only).
    pub(crate) fn new_prevalidated(id: &str) -> Self {
        DeviceId(String::from(id))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Gives back the inner string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for DeviceId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl core::str::FromStr for DeviceId {
    type Err = ProtocolError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DeviceId::new(s)
    }
}

impl Serialize for DeviceId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DeviceId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        DeviceId::new(s).map_err(|_| serde::de::Error::custom("invalid device id"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_charset_and_lengths() {
        assert!(DeviceId::new("a").is_ok());
        assert!(DeviceId::new("sensor-01_B").is_ok());
        assert!(DeviceId::new("x".repeat(64)).is_ok());
    }

    #[test]
    fn refuses_empty_long_and_topic_characters() {
        for bad in ["", "a/b", "a+", "#", "$SYS", "a b", "é", "a.b"] {
            assert_eq!(
                DeviceId::new(bad),
                Err(ProtocolError::InvalidDeviceId),
                "{bad}"
            );
        }
        assert!(DeviceId::new("x".repeat(65)).is_err());
    }

    #[test]
    fn deserialize_validates() {
        assert!(serde_json::from_str::<DeviceId>("\"ok-1\"").is_ok());
        assert!(serde_json::from_str::<DeviceId>("\"bad/id\"").is_err());
    }
}
