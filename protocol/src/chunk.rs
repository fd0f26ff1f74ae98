//! The binary frame that carries one piece of a bundle on `down/chunk`.
//!
//! Layout (all integers big-endian), [`FRAME_HEADER_LEN`] = 45 bytes of header:
//! ```text
//! 0   4  magic "PYRC"
//! 4   1  frame version = 1
//! 5  32  sha256 of the whole bundle file (which bundle this chunk belongs to)
//! 37  4  offset of the payload in the bundle file (u32)
//! 41  4  total length of the bundle file (u32)
//! 45  n  payload, 1..=MAX_CHUNK_SIZE bytes; offset + n <= total
//! ```

use alloc::vec::Vec;

use crate::error::ProtocolError;
use crate::limits::{MAX_BUNDLE_SIZE, MAX_CHUNK_SIZE};

/// First four bytes of every chunk frame.
pub const FRAME_MAGIC: [u8; 4] = *b"PYRC";
/// Frame format version this crate writes and reads.
pub const FRAME_VERSION: u8 = 1;
/// Bytes before the payload.
pub const FRAME_HEADER_LEN: usize = 45;

/// One decoded chunk frame, borrowing its payload from the received bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkFrame<'a> {
    /// sha256 of the bundle file this chunk belongs to.
    pub bundle_sha256: [u8; 32],
    /// Offset of `payload` within the bundle file.
    pub offset: u32,
    /// Total size of the bundle file.
    pub total_len: u32,
    /// The bundle bytes `offset .. offset + payload.len()`.
    pub payload: &'a [u8],
}

impl<'a> ChunkFrame<'a> {
    /// Encodes the frame. Refuses a payload that is empty, over [`MAX_CHUNK_SIZE`], or past
    /// `total_len`.
    pub fn encode(&self) -> Result<Vec<u8>, ProtocolError> {
        check_ranges(self.offset, self.total_len, self.payload.len())?;
        let mut out = Vec::with_capacity(FRAME_HEADER_LEN + self.payload.len());
        out.extend_from_slice(&FRAME_MAGIC);
        out.push(FRAME_VERSION);
        out.extend_from_slice(&self.bundle_sha256);
        out.extend_from_slice(&self.offset.to_be_bytes());
        out.extend_from_slice(&self.total_len.to_be_bytes());
        out.extend_from_slice(self.payload);
        Ok(out)
    }

    /// Decodes a frame received on `down/chunk`.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, ProtocolError> {
        if bytes.len() > FRAME_HEADER_LEN + MAX_CHUNK_SIZE {
            return Err(ProtocolError::TooLarge {
                len: bytes.len(),
                max: FRAME_HEADER_LEN + MAX_CHUNK_SIZE,
            });
        }
        if bytes.len() < FRAME_HEADER_LEN {
            return Err(ProtocolError::BadFrame("shorter than the header"));
        }
        let (header, payload) = bytes.split_at(FRAME_HEADER_LEN);
        if header[0..4] != FRAME_MAGIC {
            return Err(ProtocolError::BadFrame("bad magic"));
        }
        if header[4] != FRAME_VERSION {
            return Err(ProtocolError::BadFrame("unsupported frame version"));
        }
        let mut bundle_sha256 = [0u8; 32];
        bundle_sha256.copy_from_slice(&header[5..37]);
        let offset = be_u32(&header[37..41]);
        let total_len = be_u32(&header[41..45]);
        check_ranges(offset, total_len, payload.len())?;
        Ok(ChunkFrame {
            bundle_sha256,
            offset,
            total_len,
            payload,
        })
    }
}

fn be_u32(b: &[u8]) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(b);
    u32::from_be_bytes(a)
}

fn check_ranges(offset: u32, total_len: u32, len: usize) -> Result<(), ProtocolError> {
    if len == 0 {
        return Err(ProtocolError::BadFrame("empty payload"));
    }
    if len > MAX_CHUNK_SIZE {
        return Err(ProtocolError::TooLarge {
            len,
            max: MAX_CHUNK_SIZE,
        });
    }
    if total_len > MAX_BUNDLE_SIZE {
        return Err(ProtocolError::BadFrame(
            "total length over the bundle limit",
        ));
    }
    match (offset as u64).checked_add(len as u64) {
        Some(end) if end <= total_len as u64 => Ok(()),
        _ => Err(ProtocolError::BadFrame(
            "payload runs past the total length",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let f = ChunkFrame {
            bundle_sha256: [7; 32],
            offset: 4096,
            total_len: 5000,
            payload: &[1, 2, 3],
        };
        let bytes = f.encode().unwrap();
        assert_eq!(bytes.len(), FRAME_HEADER_LEN + 3);
        assert_eq!(ChunkFrame::decode(&bytes).unwrap(), f);
    }

    #[test]
    fn refuses_bad_frames() {
        let good = ChunkFrame {
            bundle_sha256: [0; 32],
            offset: 0,
            total_len: 10,
            payload: &[9; 10],
        }
        .encode()
        .unwrap();
        assert!(ChunkFrame::decode(&good[..FRAME_HEADER_LEN]).is_err());
        assert!(ChunkFrame::decode(&good[..10]).is_err());
        let mut m = good.clone();
        m[0] = b'X';
        assert!(ChunkFrame::decode(&m).is_err());
        let mut v = good.clone();
        v[4] = 2;
        assert!(ChunkFrame::decode(&v).is_err());
        let mut past = good.clone();
        past[40] = 1; // offset 1 + 10 bytes > total 10
        assert!(ChunkFrame::decode(&past).is_err());
        let big = ChunkFrame {
            bundle_sha256: [0; 32],
            offset: 0,
            total_len: 100_000,
            payload: &[0; MAX_CHUNK_SIZE + 1],
        };
        assert!(big.encode().is_err());
    }
}
