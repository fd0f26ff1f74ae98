//! Why a bundle was refused. Each variant maps to one [`RefusalReason`] on the wire.

use alloc::string::String;

use crate::keys::KeyId;
use crate::messages::RefusalReason;

/// A refusal of the bundle verifier, builder or parser.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    /// The bundle (or a file, or the manifest) is larger than allowed.
    #[error("bundle too large: {size} bytes, limit {max}")]
    TooLarge {
        /// Size found or announced.
        size: u64,
        /// Limit that applies.
        max: u64,
    },
    /// Not a well-formed bundle: bad magic or version, bad manifest encoding, a path that
    /// breaks the rules, data after the last file...
    #[error("malformed bundle: {0}")]
    Malformed(&'static str),
    /// The bundle ended before the last file did.
    #[error("bundle truncated: {received} of {expected} bytes")]
    Truncated {
        /// Bytes received.
        received: u64,
        /// Bytes the manifest announces (0 if the manifest was not read yet).
        expected: u64,
    },
    /// The manifest is signed by a key that is not trusted.
    #[error("signed by unknown key {key_id}")]
    UnknownKey {
        /// Id of the key named in the bundle.
        key_id: KeyId,
    },
    /// The signature does not verify over the manifest with the named key.
    #[error("bad signature")]
    BadSignature,
    /// The manifest's sequence is not above the installed one (anti-rollback).
    #[error("sequence {got} is not newer than installed {installed}")]
    SequenceNotNewer {
        /// Sequence of this bundle.
        got: u64,
        /// Sequence of the installed bundle.
        installed: u64,
    },
    /// The device's interpreter is older than the manifest requires.
    #[error("needs interpreter {required}, device has {have}")]
    InterpreterTooOld {
        /// The manifest's `min_interpreter`.
        required: String,
        /// The device's interpreter version.
        have: String,
    },
    /// A file's bytes do not hash to the manifest's sha256.
    #[error("file {path} does not match its sha256")]
    FileHashMismatch {
        /// Path of the file.
        path: String,
    },
    /// The whole bundle file's sha256 is not the one expected (from the desired state).
    #[error("bundle sha256 differs from the expected one")]
    BundleHashMismatch,
}

impl BundleError {
    /// The reason a device reports for this refusal.
    pub fn reason(&self) -> RefusalReason {
        match self {
            BundleError::TooLarge { .. } => RefusalReason::TooLarge,
            BundleError::Malformed(_) | BundleError::Truncated { .. } => RefusalReason::Malformed,
            BundleError::UnknownKey { .. } => RefusalReason::UnknownKey,
            BundleError::BadSignature => RefusalReason::BadSignature,
            BundleError::SequenceNotNewer { .. } => RefusalReason::SequenceNotNewer,
            BundleError::InterpreterTooOld { .. } => RefusalReason::InterpreterTooOld,
            BundleError::FileHashMismatch { .. } => RefusalReason::FileHashMismatch,
            BundleError::BundleHashMismatch => RefusalReason::BundleHashMismatch,
        }
    }
}
