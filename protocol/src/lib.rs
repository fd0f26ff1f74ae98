//! The Pyrite protocol: MQTT topics, JSON control messages and the signed
//! bundle format shared by devices and the fleet server. `no_std` + `alloc`.
//! The normative text is `PROTOCOL.md` beside this crate.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

/// Protocol version announced by both sides.
pub const PROTOCOL_VERSION: u32 = 1;
