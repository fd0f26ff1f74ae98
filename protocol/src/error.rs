//! Errors of topic parsing and message decoding.

use alloc::string::String;

/// Why a topic, id or message was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    /// A payload larger than the protocol allows for its topic.
    #[error("message of {len} bytes exceeds the limit of {max}")]
    TooLarge {
        /// Size of the refused payload.
        len: usize,
        /// Limit that applies.
        max: usize,
    },
    /// A payload that is not valid JSON of the expected shape.
    #[error("malformed message: {0}")]
    Json(String),
    /// A message that parsed but breaks a rule of the protocol (a limit, a charset...).
    #[error("invalid message: {0}")]
    Invalid(&'static str),
    /// A device id outside `[A-Za-z0-9_-]{1,64}`.
    #[error("invalid device id")]
    InvalidDeviceId,
    /// A topic that is not part of the Pyrite topic tree.
    #[error("unknown topic")]
    UnknownTopic,
    /// A binary chunk frame that is truncated or has a bad header.
    #[error("malformed chunk frame: {0}")]
    BadFrame(&'static str),
    /// A key in text form that could not be read.
    #[error("malformed key: {0}")]
    BadKey(&'static str),
}

impl From<serde_json::Error> for ProtocolError {
    fn from(e: serde_json::Error) -> Self {
        use alloc::string::ToString;
        ProtocolError::Json(e.to_string())
    }
}
