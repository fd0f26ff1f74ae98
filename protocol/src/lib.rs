//! The Pyrite protocol: MQTT topics, JSON control messages and the signed
//! bundle format shared by devices and the fleet server. `no_std` + `alloc`.
//! The normative text is `PROTOCOL.md` beside this crate.
//!
//! - [`topics`]: build and parse every topic string.
//! - [`messages`]: JSON message types, `decode_*` / [`messages::encode`].
//! - [`chunk`]: the binary bundle-chunk frame.
//! - [`enroll`]: the HTTP enrollment request and response.
//! - [`keys`]: Ed25519 keys, key ids, text forms, trusted key sets.
//! - [`bundle`]: the signed bundle format, builder and streaming verifier.
//! - [`rotation`]: signed trusted-key-set rotation.
//! - `keyfile` (feature `std`): key files, key generation, building a bundle from a folder.
//! - [`limits`]: every size limit.
#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

pub mod bundle;
pub mod chunk;
pub mod device_id;
pub mod enroll;
pub mod error;
#[cfg(feature = "std")]
pub mod keyfile;
pub mod keys;
pub mod limits;
pub mod messages;
pub mod rotation;
pub mod topics;

pub use device_id::DeviceId;
pub use error::ProtocolError;

/// Protocol version announced by both sides.
pub const PROTOCOL_VERSION: u32 = 1;
