//! Board support for Pyrite on QEMU's `mps2-an386` (Cortex-M4F, 25 MHz, LAN9118 Ethernet).
//!
//! Everything a firmware image for this board needs besides the agent itself: the console and
//! exit codes over semihosting, the global heap, the embassy time driver, the LAN9118 Ethernet
//! driver and its embassy-net adapter, host files over semihosting, and a flash-like store.
#![no_std]

extern crate alloc;

pub mod console;
pub mod engine;
pub mod eth;
pub mod hal;
pub mod heap;
pub mod host_flash;
pub mod lan9118;
pub mod semihost_fs;
pub mod settings;
pub mod time_driver;

/// The core clock QEMU gives the AN386 image (SysTick counts at this rate).
pub const CORE_CLOCK_HZ: u32 = 25_000_000;
