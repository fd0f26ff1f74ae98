//! The script engine the agent image runs apps with: the Pyrite interpreter (through the agent
//! core's engine), with a 64 KiB interpreter heap and this board's hardware.

use pyrite_agent_core::pyrite_engine::PyriteEngineFactory;

use crate::hal::Mps2Hal;

/// The interpreter heap every app gets.
pub const APP_HEAP_BYTES: usize = 64 * 1024;

/// The engine factory the agent boots with.
pub type Factory = PyriteEngineFactory<Mps2Hal>;

/// A fresh factory.
pub fn factory() -> Factory {
    PyriteEngineFactory::new(Mps2Hal, APP_HEAP_BYTES)
}
