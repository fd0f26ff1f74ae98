//! Key rotation: a new trusted key set, signed by a key of the current set.
//!
//! Signed bytes: `"pyrite-keyset-v1\0" | sequence (u64 BE) | count (u16 BE) | count × 32-byte
//! public key`, in the order of the message's `keys`.

use alloc::vec::Vec;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

use crate::PROTOCOL_VERSION;
use crate::keys::{KeyId, PublicKey, SecretKey, TrustedKeys};
use crate::limits::MAX_TRUSTED_KEYS;
use crate::messages::KeyRotation;

/// Domain-separation prefix of the key-set signature.
pub const KEYSET_CONTEXT: &[u8] = b"pyrite-keyset-v1\0";

/// Why a key rotation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RotationError {
    /// The signer is not in the current trusted set.
    #[error("key set signed by untrusted key {0}")]
    UnknownSigner(KeyId),
    /// The signature does not verify.
    #[error("bad key set signature")]
    BadSignature,
    /// Not above the current key-set sequence (a replay of an old set).
    #[error("key set sequence {got} is not newer than {current}")]
    SequenceNotNewer {
        /// The message's sequence.
        got: u64,
        /// The device's current key-set sequence.
        current: u64,
    },
    /// Empty or oversized key set, or a malformed signature.
    #[error("invalid key set: {0}")]
    Invalid(&'static str),
}

/// The exact bytes a key-set signature covers.
pub fn keyset_signed_bytes(sequence: u64, keys: &[PublicKey]) -> Vec<u8> {
    let mut m = Vec::with_capacity(KEYSET_CONTEXT.len() + 10 + keys.len() * 32);
    m.extend_from_slice(KEYSET_CONTEXT);
    m.extend_from_slice(&sequence.to_be_bytes());
    m.extend_from_slice(&(keys.len().min(u16::MAX as usize) as u16).to_be_bytes());
    for k in keys {
        m.extend_from_slice(&k.to_bytes());
    }
    m
}

/// Makes a signed rotation message (server or offline tool side).
pub fn sign_key_rotation(
    sequence: u64,
    keys: Vec<PublicKey>,
    signer: &SecretKey,
) -> Result<KeyRotation, RotationError> {
    if keys.is_empty() || keys.len() > MAX_TRUSTED_KEYS {
        return Err(RotationError::Invalid("key set must have 1..=16 keys"));
    }
    let sig = signer.sign(&keyset_signed_bytes(sequence, &keys));
    Ok(KeyRotation {
        protocol: PROTOCOL_VERSION,
        sequence,
        keys,
        signer: signer.public_key().id(),
        signature: B64.encode(sig),
    })
}

/// Checks a rotation against the device's current set and key-set sequence; returns the new
/// set to persist (with `msg.sequence` as the new key-set sequence).
pub fn verify_key_rotation(
    msg: &KeyRotation,
    trusted: &TrustedKeys,
    current_sequence: u64,
) -> Result<TrustedKeys, RotationError> {
    if msg.keys.is_empty() || msg.keys.len() > MAX_TRUSTED_KEYS {
        return Err(RotationError::Invalid("key set must have 1..=16 keys"));
    }
    let signer = trusted
        .get(&msg.signer)
        .ok_or(RotationError::UnknownSigner(msg.signer))?;
    if msg.signature.len() > 128 {
        return Err(RotationError::Invalid("signature too long"));
    }
    let sig: [u8; 64] = B64
        .decode(&msg.signature)
        .ok()
        .and_then(|v| v.try_into().ok())
        .ok_or(RotationError::Invalid(
            "signature is not 64 bytes of base64",
        ))?;
    if !signer.verify(&keyset_signed_bytes(msg.sequence, &msg.keys), &sig) {
        return Err(RotationError::BadSignature);
    }
    if msg.sequence <= current_sequence {
        return Err(RotationError::SequenceNotNewer {
            got: msg.sequence,
            current: current_sequence,
        });
    }
    TrustedKeys::new(msg.keys.iter().copied()).map_err(|_| RotationError::Invalid("too many keys"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn rotation_accepted_and_refused() {
        let old = SecretKey::from_seed(&[1; 32]);
        let new = SecretKey::from_seed(&[2; 32]);
        let stranger = SecretKey::from_seed(&[3; 32]);
        let trusted = TrustedKeys::new([old.public_key()]).unwrap();
        let msg = sign_key_rotation(1, vec![new.public_key()], &old).unwrap();
        let set = verify_key_rotation(&msg, &trusted, 0).unwrap();
        assert_eq!(set.keys(), &[new.public_key()]);

        // Replay of the same set once at sequence 1.
        assert_eq!(
            verify_key_rotation(&msg, &trusted, 1),
            Err(RotationError::SequenceNotNewer { got: 1, current: 1 })
        );
        // Signed by a key the device does not trust.
        let forged = sign_key_rotation(2, vec![stranger.public_key()], &stranger).unwrap();
        assert!(matches!(
            verify_key_rotation(&forged, &trusted, 0),
            Err(RotationError::UnknownSigner(_))
        ));
        // Keys swapped after signing.
        let mut tampered = msg.clone();
        tampered.keys = vec![stranger.public_key()];
        assert_eq!(
            verify_key_rotation(&tampered, &trusted, 0),
            Err(RotationError::BadSignature)
        );
        // Sequence raised after signing.
        let mut bumped = msg.clone();
        bumped.sequence = 9;
        assert_eq!(
            verify_key_rotation(&bumped, &trusted, 0),
            Err(RotationError::BadSignature)
        );
        // Garbage signature.
        let mut junk = msg.clone();
        junk.signature = "AAAA".into();
        assert!(matches!(
            verify_key_rotation(&junk, &trusted, 0),
            Err(RotationError::Invalid(_))
        ));
        // Through JSON.
        let bytes = crate::messages::encode(&msg).unwrap();
        let back = crate::messages::decode_key_rotation(&bytes).unwrap();
        assert!(verify_key_rotation(&back, &trusted, 0).is_ok());
    }
}
