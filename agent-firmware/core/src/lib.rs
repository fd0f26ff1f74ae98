//! The Pyrite device agent as a sans-IO state machine: fed events (connected,
//! message received, time passed), it returns actions (publish, subscribe,
//! wait). Storage, clock and HAL sit behind traits; ports supply them.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;
