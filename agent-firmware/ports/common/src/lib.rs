//! What every Pyrite chip port shares once it has an `embassy-net` stack: enrollment over
//! HTTP, the MQTT v5 link (minimq), the loop that drives the platform-free agent over it, and
//! the store helpers (a window for the agent, a record page for the enrollment answer).
//!
//! A port brings up its network interface (LAN9118, Wi-Fi, ...), its clock and its flash, then
//! calls [`device::run`].
#![no_std]

extern crate alloc;

pub mod device;
pub mod enroll;
pub mod http;
pub mod link;
pub mod mqtt;
pub mod provision;
pub mod record;
pub mod sectored;
pub mod window;
