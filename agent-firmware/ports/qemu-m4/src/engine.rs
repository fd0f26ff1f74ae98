//! The script engine the agent image runs apps with: the Pyrite interpreter (through the agent
//! core's engine), with a 192 KiB interpreter heap and this board's hardware.

use pyrite_agent_core::pyrite_engine::PyriteEngineFactory;

use crate::hal::Mps2Hal;

/// The interpreter heap every app gets: `import machine` alone takes ~105 KiB of it (every
/// function and code object of the frozen `machine.py` is charged), so 64 KiB no longer fits
/// an app that touches the hardware. The board's 4 MiB of RAM and the agent image's 512 KiB
/// global heap have room.
pub const APP_HEAP_BYTES: usize = 192 * 1024;

/// The engine factory the agent boots with.
pub type Factory = PyriteEngineFactory<Mps2Hal>;

/// A fresh factory.
pub fn factory() -> Factory {
    PyriteEngineFactory::new(Mps2Hal::default(), APP_HEAP_BYTES)
}
