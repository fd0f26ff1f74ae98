//! The Pyrite protocol: MQTT topics, JSON control messages and the signed
//! bundle format shared by devices and the fleet server. `no_std` + `alloc`.
//! The normative text is `PROTOCOL.md` beside this crate.
//!
//! - [`topics`]: build and parse every topic string.
//! - [`messages`]: JSON message types, `decode_*` / [`messages::encode`].
//! - [`chunk`]: the binary bundle-chunk frame.
//! - [`enroll`]: the HTTP enrollment request and response.
//! - [`keys`]: Ed25519 keys, key ids, text forms, trusted key sets.
//! - [`limits`]: every size limit.
#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

pub mod chunk;
pub mod device_id;
pub mod enroll;
pub mod error;
pub mod keys;
pub mod limits;
pub mod messages;
pub mod topics;

pub use device_id::DeviceId;
pub use error::ProtocolError;

/// Protocol version announced by both sides.
pub const PROTOCOL_VERSION: u32 = 1;
