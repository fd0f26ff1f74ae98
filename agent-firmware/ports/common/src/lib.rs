//! What every Pyrite chip port shares once it has an `embassy-net` stack: reaching the MQTT
//! broker (minimq, MQTT v5) and driving the platform-free agent over it.
//!
//! A port only brings up its network interface (LAN9118, Wi-Fi, ...), its clock and its flash,
//! then hands the stack to the functions here.
#![no_std]

pub mod mqtt;
