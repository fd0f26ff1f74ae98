//! The Pyrite device agent as a sans-IO state machine: fed events (connected,
//! message received, time passed), it returns actions (publish, subscribe,
//! wait). Storage, clock and HAL sit behind traits; ports supply them.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod agent;
pub mod crc32;
pub mod engine;
pub mod factory;
pub mod fake_engine;
pub mod flash;
#[cfg(feature = "pyrite-engine")]
pub mod hal;
pub mod logs;
pub mod metadata;
#[cfg(feature = "pyrite-engine")]
pub mod pyrite_engine;
pub mod repl;
pub mod slots;
pub mod telemetry;
pub mod verify;

pub use agent::{Action, Agent, AgentConfig, AgentError, Event};

#[cfg(test)]
mod agent_tests;
#[cfg(test)]
mod test_support;
