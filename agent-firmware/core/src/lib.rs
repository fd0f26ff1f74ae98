//! The Pyrite device agent as a sans-IO state machine: fed events (connected,
//! message received, time passed), it returns actions (publish, subscribe,
//! wait). Storage, clock and HAL sit behind traits; ports supply them.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod crc32;
pub mod engine;
pub mod fake_engine;
pub mod flash;
pub mod hal;
pub mod logs;
pub mod metadata;
pub mod repl;
pub mod slots;
pub mod telemetry;


