//! Random tokens and password hashing.
//!
//! API tokens and the enrollment token are 128-bit random values; a SHA-256
//! of them is enough to store (nothing to brute-force). Device MQTT passwords
//! are hashed in Mosquitto's `$7$` PBKDF2-SHA512 format so that the same hash
//! can be written into a Mosquitto password file for an external broker.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::Digest;

/// PBKDF2 rounds Mosquitto's `mosquitto_passwd` uses by default.
const PBKDF2_ROUNDS: u32 = 101;
/// Salt length Mosquitto uses.
const SALT_LEN: usize = 12;

/// `n` random bytes from the OS, as lowercase hex.
pub fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n];
    // The OS random source failing is not recoverable: nothing secret could be made.
    getrandom::fill(&mut buf).expect("OS random source");
    hex::encode(buf)
}

/// A new secret token with a readable prefix (`pyr_admin_...`).
pub fn new_token(prefix: &str) -> String {
    format!("{prefix}_{}", random_hex(16))
}

/// SHA-256 of a token, hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

/// Hashes a password into Mosquitto's `$7$ROUNDS$SALT$HASH` format.
pub fn mosquitto_hash(password: &str) -> String {
    let mut salt = [0u8; SALT_LEN];
    getrandom::fill(&mut salt).expect("OS random source");
    mosquitto_hash_with_salt(password, &salt, PBKDF2_ROUNDS)
}

fn mosquitto_hash_with_salt(password: &str, salt: &[u8], rounds: u32) -> String {
    let mut out = [0u8; 64];
    pbkdf2::pbkdf2_hmac::<sha2_010::Sha512>(password.as_bytes(), salt, rounds, &mut out);
    format!(
        "$7${rounds}${}${}",
        STANDARD.encode(salt),
        STANDARD.encode(out)
    )
}

/// Checks a password against a `$7$` hash in constant time over the hash bytes.
pub fn mosquitto_verify(password: &str, hash: &str) -> bool {
    let mut parts = hash.split('$');
    let (Some(""), Some("7"), Some(rounds), Some(salt), Some(expected), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return false;
    };
    let (Ok(rounds), Ok(salt), Ok(expected)) = (
        rounds.parse::<u32>(),
        STANDARD.decode(salt),
        STANDARD.decode(expected),
    ) else {
        return false;
    };
    if rounds == 0 || rounds > 1_000_000 || expected.len() != 64 {
        return false;
    }
    let mut out = [0u8; 64];
    pbkdf2::pbkdf2_hmac::<sha2_010::Sha512>(password.as_bytes(), &salt, rounds, &mut out);
    constant_time_eq(&out, &expected)
}

/// Compares two byte strings without an early exit on the first difference.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mosquitto_hash_round_trip() {
        let h = mosquitto_hash("s3cret");
        assert!(h.starts_with("$7$101$"));
        assert!(mosquitto_verify("s3cret", &h));
        assert!(!mosquitto_verify("s3cret!", &h));
        assert!(!mosquitto_verify("s3cret", "garbage"));
        assert!(!mosquitto_verify("s3cret", "$7$0$AAAA$AAAA"));
    }

    #[test]
    fn verifies_a_hash_made_by_mosquitto_passwd() {
        // `mosquitto_passwd -b -c FILE dev1 s3cret` (Mosquitto 2.0.11).
        let h = "$7$101$opz6rhahXNb4ipgh$INxO+HpUvW9aOhjmipVrIC+o2oUJihml88dVW0S/zTZZPFIZTEmpXy/Svx2s3U0Zik3MHMGCqAtv244hguE81g==";
        assert!(mosquitto_verify("s3cret", h));
        assert!(!mosquitto_verify("s3creT", h));
    }

    #[test]
    fn tokens_are_random_and_hash_stably() {
        let a = new_token("pyr_admin");
        let b = new_token("pyr_admin");
        assert_ne!(a, b);
        assert!(a.starts_with("pyr_admin_") && a.len() == "pyr_admin_".len() + 32);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), token_hash(&b));
    }
}
