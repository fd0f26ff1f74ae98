//! The script engine the agent image runs apps with: the Pyrite interpreter (through the agent
//! core's engine), with a 64 KiB interpreter heap and this board's hardware.

use pyrite_agent_core::pyrite_engine::PyriteEngineFactory;

use crate::hal::Mps2Hal;

/// The interpreter heap every app gets, as on the ESP32-C3 and STM32F7 ports: the sample
/// sensor app runs in it with `machine` imported (a native module: well under 1 KiB of it).
pub const APP_HEAP_BYTES: usize = 64 * 1024;

/// The engine factory the agent boots with.
pub type Factory = PyriteEngineFactory<Mps2Hal>;

/// A fresh factory.
pub fn factory() -> Factory {
    PyriteEngineFactory::new(Mps2Hal::default(), APP_HEAP_BYTES)
}
