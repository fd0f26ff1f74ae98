//! Pyrite: a lean Python 3 interpreter for microcontrollers.
//!
//! The core is `no_std` + `alloc`; the `std` feature adds host extras and the
//! `pyrite` command. See ARCHITECTURE.md at the repository root for the tour.
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_op_in_unsafe_fn)]

extern crate alloc;

/// The interpreter's version, announced by the agent in its birth message.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
