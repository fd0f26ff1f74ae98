//! Ed25519 public and secret keys, their ids and their one-line text forms.
//!
//! - Public key text: `pyrite-ed25519-pub:<base64 of the 32-byte key>` (standard base64 with
//!   padding). In JSON messages a public key is the bare base64 string.
//! - Secret key text: `pyrite-ed25519-key:<base64 of the 32-byte seed>`.
//! - Key id: the first 8 bytes of sha256(public key bytes), written as 16 lowercase hex digits.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::error::ProtocolError;
use crate::limits::MAX_TRUSTED_KEYS;

/// Prefix of a public key's text form.
pub const PUBLIC_KEY_PREFIX: &str = "pyrite-ed25519-pub:";
/// Prefix of a secret key's text form.
pub const SECRET_KEY_PREFIX: &str = "pyrite-ed25519-key:";

/// Short name of a public key: the first 8 bytes of sha256(public key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(pub [u8; 8]);

impl KeyId {
    /// Parses 16 hex digits.
    pub fn from_hex(s: &str) -> Result<Self, ProtocolError> {
        let mut out = [0u8; 8];
        decode_hex(s, &mut out)
            .map_err(|_| ProtocolError::BadKey("key id is not 16 hex digits"))?;
        Ok(KeyId(out))
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl Serialize for KeyId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for KeyId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        KeyId::from_hex(&s).map_err(serde::de::Error::custom)
    }
}

/// An Ed25519 public key that devices may trust. Always a valid curve point.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Wraps 32 key bytes; refuses bytes that are not a valid Ed25519 point.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, ProtocolError> {
        VerifyingKey::from_bytes(bytes)
            .map(PublicKey)
            .map_err(|_| ProtocolError::BadKey("not a valid Ed25519 public key"))
    }

    /// The 32 key bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The key's id.
    pub fn id(&self) -> KeyId {
        key_id_of(&self.0.to_bytes())
    }

    /// The dalek key, for callers that verify directly.
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.0
    }

    /// Verifies `sig` over `msg` (strict verification: rejects small-order and
    /// non-canonical encodings).
    pub fn verify(&self, msg: &[u8], sig: &[u8; 64]) -> bool {
        let sig = Signature::from_bytes(sig);
        self.0.verify_strict(msg, &sig).is_ok()
    }

    /// Bare base64 of the key bytes (the JSON form).
    pub fn to_base64(&self) -> String {
        B64.encode(self.0.to_bytes())
    }

    /// Parses the bare base64 form.
    pub fn from_base64(s: &str) -> Result<Self, ProtocolError> {
        let bytes = decode_b64_32(s.trim())?;
        PublicKey::from_bytes(&bytes)
    }

    /// The one-line text form `pyrite-ed25519-pub:<base64>`.
    pub fn to_text(&self) -> String {
        let mut s = String::from(PUBLIC_KEY_PREFIX);
        s.push_str(&self.to_base64());
        s
    }

    /// Parses the text form. Blank lines and lines starting with `#` are skipped, so a
    /// `.pub` file may carry a comment; the first key line is taken.
    pub fn from_text(text: &str) -> Result<Self, ProtocolError> {
        let line = key_line(text).ok_or(ProtocolError::BadKey("no key line"))?;
        let b64 = line
            .strip_prefix(PUBLIC_KEY_PREFIX)
            .ok_or(ProtocolError::BadKey("missing pyrite-ed25519-pub: prefix"))?;
        PublicKey::from_base64(b64)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.id())
    }
}

impl Serialize for PublicKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_base64())
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PublicKey::from_base64(&s).map_err(serde::de::Error::custom)
    }
}

/// A signing key (Ed25519 seed). Kept offline by careful operators; see `PROTOCOL.md`.
#[derive(Clone)]
pub struct SecretKey(SigningKey);

impl SecretKey {
    /// From a 32-byte seed. The no_std core never generates keys (it has no RNG); the `std`
    /// feature's `keyfile::generate` does.
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        SecretKey(SigningKey::from_bytes(seed))
    }

    /// The 32-byte seed.
    pub fn to_seed(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// Signs `msg` (plain Ed25519, RFC 8032).
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.0.sign(msg).to_bytes()
    }

    /// The one-line text form `pyrite-ed25519-key:<base64 seed>`.
    pub fn to_text(&self) -> String {
        let mut s = String::from(SECRET_KEY_PREFIX);
        s.push_str(&B64.encode(self.0.to_bytes()));
        s
    }

    /// Parses the text form (comments and blank lines skipped, as for public keys).
    pub fn from_text(text: &str) -> Result<Self, ProtocolError> {
        let line = key_line(text).ok_or(ProtocolError::BadKey("no key line"))?;
        let b64 = line
            .strip_prefix(SECRET_KEY_PREFIX)
            .ok_or(ProtocolError::BadKey("missing pyrite-ed25519-key: prefix"))?;
        Ok(SecretKey::from_seed(&decode_b64_32(b64.trim())?))
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the seed.
        write!(f, "SecretKey(for {})", self.public_key().id())
    }
}

/// The set of public keys a device accepts bundle and key-rotation signatures from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedKeys {
    keys: Vec<PublicKey>,
}

impl TrustedKeys {
    /// A set from keys; duplicates are dropped. Refuses more than [`MAX_TRUSTED_KEYS`].
    pub fn new(keys: impl IntoIterator<Item = PublicKey>) -> Result<Self, ProtocolError> {
        let mut set = TrustedKeys::default();
        for k in keys {
            set.insert(k)?;
        }
        Ok(set)
    }

    /// Adds a key (no-op if present).
    pub fn insert(&mut self, key: PublicKey) -> Result<(), ProtocolError> {
        if self.keys.contains(&key) {
            return Ok(());
        }
        if self.keys.len() >= MAX_TRUSTED_KEYS {
            return Err(ProtocolError::Invalid("too many trusted keys"));
        }
        self.keys.push(key);
        Ok(())
    }

    /// The key with this id, if trusted.
    pub fn get(&self, id: &KeyId) -> Option<&PublicKey> {
        self.keys.iter().find(|k| k.id() == *id)
    }

    /// All keys.
    pub fn keys(&self) -> &[PublicKey] {
        &self.keys
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the set is empty (a device with no trusted key accepts no bundle).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Key id of raw public key bytes.
pub fn key_id_of(public_key: &[u8; 32]) -> KeyId {
    let digest = Sha256::digest(public_key);
    let mut id = [0u8; 8];
    id.copy_from_slice(&digest[..8]);
    KeyId(id)
}

fn key_line(text: &str) -> Option<&str> {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
}

fn decode_b64_32(s: &str) -> Result<[u8; 32], ProtocolError> {
    if s.len() > 64 {
        return Err(ProtocolError::BadKey("key text too long"));
    }
    let v = B64
        .decode(s)
        .map_err(|_| ProtocolError::BadKey("invalid base64"))?;
    v.try_into()
        .map_err(|_| ProtocolError::BadKey("key is not 32 bytes"))
}

/// Lowercase hex of bytes.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// Decodes exactly `out.len() * 2` hex digits (either case) into `out`.
pub fn decode_hex(s: &str, out: &mut [u8]) -> Result<(), ProtocolError> {
    let b = s.as_bytes();
    if b.len() != out.len() * 2 {
        return Err(ProtocolError::Invalid("hex string of the wrong length"));
    }
    fn nib(c: u8) -> Result<u8, ProtocolError> {
        match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            b'A'..=b'F' => Ok(c - b'A' + 10),
            _ => Err(ProtocolError::Invalid("not a hex digit")),
        }
    }
    for (i, o) in out.iter_mut().enumerate() {
        *o = (nib(b[2 * i])? << 4) | nib(b[2 * i + 1])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn text_forms_round_trip() {
        let sk = SecretKey::from_seed(&[42; 32]);
        let pk = sk.public_key();
        assert_eq!(
            SecretKey::from_text(&sk.to_text()).unwrap().to_seed(),
            [42; 32]
        );
        let text = alloc::format!("# fleet key\n\n{}\n", pk.to_text());
        assert_eq!(PublicKey::from_text(&text).unwrap(), pk);
        assert_eq!(KeyId::from_hex(&pk.id().to_string()).unwrap(), pk.id());
        assert_eq!(pk.id().to_string().len(), 16);
    }

    #[test]
    fn refuses_bad_key_text() {
        assert!(PublicKey::from_text("").is_err());
        assert!(PublicKey::from_text("pyrite-ed25519-pub:!!!").is_err());
        assert!(PublicKey::from_text("pyrite-ed25519-pub:AAAA").is_err());
        let sk = SecretKey::from_seed(&[1; 32]);
        assert!(PublicKey::from_text(&sk.to_text()).is_err());
        assert!(SecretKey::from_text(&sk.public_key().to_text()).is_err());
    }

    #[test]
    fn sign_and_verify() {
        let sk = SecretKey::from_seed(&[3; 32]);
        let sig = sk.sign(b"hello");
        assert!(sk.public_key().verify(b"hello", &sig));
        assert!(!sk.public_key().verify(b"hellO", &sig));
    }

    #[test]
    fn hex_helpers() {
        let mut out = [0u8; 2];
        decode_hex("aBff", &mut out).unwrap();
        assert_eq!(out, [0xab, 0xff]);
        assert_eq!(to_hex(&out), "abff");
        assert!(decode_hex("zz00", &mut out).is_err());
        assert!(decode_hex("abc", &mut out).is_err());
    }
}
