//! The device hardware a script may touch, through MicroPython's `machine` module: the
//! interpreter's HAL trait ([`pyrite::machine::Hal`]), re-exported here so ports name one
//! trait. Each port implements it for what its chip has (pins, LEDs, unique id, reset, clock,
//! buses, timers); every method it leaves out fails with `HalError::Unsupported`, which scripts
//! see as MicroPython's `ValueError`.

pub use pyrite::machine::{
    DateTime, Hal, HalError, HalEvent, HalResult, PinMode, Pull, ResetCause, SpiConfig, UartConfig,
    trigger,
};

/// A device with no hardware at all: every `machine` call but the board-level ones raises.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoHal;

impl Hal for NoHal {}
