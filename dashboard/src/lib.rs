//! The Pyrite dashboard's built assets, embedded in the binary that serves them.
