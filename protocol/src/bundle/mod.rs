//! Signed code bundles: the manifest, the container layout, the builder and the streaming
//! verifier. `PROTOCOL.md` §13 is the normative layout.

pub mod builder;
pub mod error;
pub mod format;
pub mod manifest;
pub mod verifier;
pub mod view;

pub use builder::BundleBuilder;
pub use error::BundleError;
pub use manifest::{FileEntry, Manifest};
pub use verifier::{StreamingVerifier, VerifiedBundle, VerifyEvent};
pub use view::{BundleView, inspect, verify};
