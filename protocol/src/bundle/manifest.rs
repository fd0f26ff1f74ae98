//! The bundle manifest and its canonical binary encoding (see `PROTOCOL.md` §13).
//!
//! The encoding is the only one accepted: fixed field order, big-endian integers, `str` as a
//! u16 length plus UTF-8, files strictly sorted by path bytes, nothing after the last entry.
//! A manifest therefore has exactly one byte form, and the signature covers exactly it.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::Serialize;

use super::error::BundleError;
use crate::keys::KeyId;
use crate::limits::{MAX_BUNDLE_SIZE, MAX_FILES, MAX_MANIFEST_SIZE, MAX_NAME_LEN, MAX_PATH_LEN};

/// Version byte at the start of an encoded manifest.
pub const MANIFEST_VERSION: u8 = 1;

/// One file of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileEntry {
    /// Relative `/`-separated path (see [`validate_path`]).
    pub path: String,
    /// Size in bytes.
    pub size: u32,
    /// sha256 of the file's bytes (hex in JSON).
    #[serde(serialize_with = "ser_hex32")]
    pub sha256: [u8; 32],
}

fn ser_hex32<S: serde::Serializer>(v: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::keys::to_hex(v))
}

/// What a bundle is: signed as a whole by its canonical bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    /// App name, `[A-Za-z0-9_.-]{1,64}`.
    pub app: String,
    /// Version string, 1..=64 printable ASCII characters without spaces.
    pub version: String,
    /// Anti-rollback sequence, ≥ 1; a device only installs a sequence above its installed one.
    pub sequence: u64,
    /// Path of the entry point (one of `files`).
    pub entry: String,
    /// Oldest interpreter that can run it, `MAJOR.MINOR.PATCH`.
    pub min_interpreter: String,
    /// Creation time, Unix seconds.
    pub created_at: u64,
    /// Id of the signing key (must equal the signature block's).
    pub key_id: KeyId,
    /// Files, sorted by path bytes; their bytes follow the signature in this order.
    pub files: Vec<FileEntry>,
}

impl Manifest {
    /// Sum of the file sizes.
    pub fn files_size(&self) -> u64 {
        self.files.iter().map(|f| u64::from(f.size)).sum()
    }

    /// Size of the whole bundle file this manifest describes, given its encoded length.
    pub fn bundle_size(&self, manifest_len: usize) -> u64 {
        (super::format::HEADER_LEN + manifest_len + super::format::SIGNATURE_BLOCK_LEN) as u64
            + self.files_size()
    }

    /// The file with this path.
    pub fn file(&self, path: &str) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.path == path)
    }

    /// Checks every rule a manifest obeys.
    pub fn validate(&self) -> Result<(), BundleError> {
        if self.app.is_empty()
            || self.app.len() > MAX_NAME_LEN
            || !self
                .app
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        {
            return Err(BundleError::Malformed(
                "app name must be [A-Za-z0-9_.-]{1,64}",
            ));
        }
        if self.version.is_empty()
            || self.version.len() > MAX_NAME_LEN
            || !self.version.bytes().all(|b| b.is_ascii_graphic())
        {
            return Err(BundleError::Malformed(
                "version must be 1..=64 printable ASCII characters",
            ));
        }
        if self.sequence == 0 {
            return Err(BundleError::Malformed("sequence must be at least 1"));
        }
        if parse_version(&self.min_interpreter).is_none()
            || self.min_interpreter.len() > MAX_NAME_LEN
        {
            return Err(BundleError::Malformed(
                "min_interpreter must be MAJOR.MINOR.PATCH",
            ));
        }
        if self.files.is_empty() {
            return Err(BundleError::Malformed("a bundle has at least one file"));
        }
        if self.files.len() > MAX_FILES {
            return Err(BundleError::Malformed("too many files"));
        }
        for f in &self.files {
            validate_path(&f.path)?;
        }
        for w in self.files.windows(2) {
            if w[0].path.as_bytes() >= w[1].path.as_bytes() {
                return Err(BundleError::Malformed(
                    "files must be sorted by path, without duplicates",
                ));
            }
        }
        if self.file(&self.entry).is_none() {
            return Err(BundleError::Malformed(
                "entry point is not one of the files",
            ));
        }
        if self.files_size() > u64::from(MAX_BUNDLE_SIZE) {
            return Err(BundleError::TooLarge {
                size: self.files_size(),
                max: u64::from(MAX_BUNDLE_SIZE),
            });
        }
        Ok(())
    }

    /// The canonical bytes (validates first).
    pub fn encode(&self) -> Result<Vec<u8>, BundleError> {
        self.validate()?;
        let mut out = Vec::new();
        out.push(MANIFEST_VERSION);
        put_str(&mut out, &self.app);
        put_str(&mut out, &self.version);
        out.extend_from_slice(&self.sequence.to_be_bytes());
        put_str(&mut out, &self.entry);
        put_str(&mut out, &self.min_interpreter);
        out.extend_from_slice(&self.created_at.to_be_bytes());
        out.extend_from_slice(&self.key_id.0);
        // `validate` bounded the count by MAX_FILES (< u16::MAX).
        out.extend_from_slice(&(self.files.len() as u16).to_be_bytes());
        for f in &self.files {
            put_str(&mut out, &f.path);
            out.extend_from_slice(&f.size.to_be_bytes());
            out.extend_from_slice(&f.sha256);
        }
        if out.len() > MAX_MANIFEST_SIZE {
            return Err(BundleError::TooLarge {
                size: out.len() as u64,
                max: MAX_MANIFEST_SIZE as u64,
            });
        }
        Ok(out)
    }

    /// Parses canonical bytes; refuses anything else (including trailing bytes).
    pub fn decode(bytes: &[u8]) -> Result<Manifest, BundleError> {
        if bytes.len() > MAX_MANIFEST_SIZE {
            return Err(BundleError::TooLarge {
                size: bytes.len() as u64,
                max: MAX_MANIFEST_SIZE as u64,
            });
        }
        let mut r = Reader { bytes, pos: 0 };
        if r.u8()? != MANIFEST_VERSION {
            return Err(BundleError::Malformed("unsupported manifest version"));
        }
        let app = r.str(MAX_NAME_LEN)?;
        let version = r.str(MAX_NAME_LEN)?;
        let sequence = r.u64()?;
        let entry = r.str(MAX_PATH_LEN)?;
        let min_interpreter = r.str(MAX_NAME_LEN)?;
        let created_at = r.u64()?;
        let mut key_id = [0u8; 8];
        key_id.copy_from_slice(r.take(8)?);
        let count = r.u16()? as usize;
        if count > MAX_FILES {
            return Err(BundleError::Malformed("too many files"));
        }
        let mut files = Vec::with_capacity(count);
        for _ in 0..count {
            let path = r.str(MAX_PATH_LEN)?;
            let size = r.u32()?;
            let mut sha256 = [0u8; 32];
            sha256.copy_from_slice(r.take(32)?);
            files.push(FileEntry { path, size, sha256 });
        }
        if r.pos != bytes.len() {
            return Err(BundleError::Malformed(
                "bytes after the manifest's last file",
            ));
        }
        let m = Manifest {
            app,
            version,
            sequence,
            entry,
            min_interpreter,
            created_at,
            key_id: KeyId(key_id),
            files,
        };
        m.validate()?;
        Ok(m)
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    // Every string was length-checked by `validate` (all limits are far below u16::MAX).
    out.extend_from_slice(&(s.len() as u16).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], BundleError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(BundleError::Malformed("manifest truncated"))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, BundleError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, BundleError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32, BundleError> {
        let mut a = [0u8; 4];
        a.copy_from_slice(self.take(4)?);
        Ok(u32::from_be_bytes(a))
    }
    fn u64(&mut self) -> Result<u64, BundleError> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_be_bytes(a))
    }
    fn str(&mut self, max: usize) -> Result<String, BundleError> {
        let len = self.u16()? as usize;
        if len > max {
            return Err(BundleError::Malformed("manifest string too long"));
        }
        let b = self.take(len)?;
        core::str::from_utf8(b)
            .map(String::from)
            .map_err(|_| BundleError::Malformed("manifest string is not UTF-8"))
    }
}

/// Checks a file path: 1..=200 bytes, relative, `/`-separated, no empty, `.` or `..`
/// segment, no `\`, no control characters.
pub fn validate_path(path: &str) -> Result<(), BundleError> {
    if path.is_empty() || path.len() > MAX_PATH_LEN {
        return Err(BundleError::Malformed("path length must be 1..=200 bytes"));
    }
    if path.starts_with('/') {
        return Err(BundleError::Malformed("absolute path"));
    }
    if path.chars().any(|c| c.is_control() || c == '\\') {
        return Err(BundleError::Malformed(
            "path contains a control character or backslash",
        ));
    }
    for seg in path.split('/') {
        if seg.is_empty() || seg == "." || seg == ".." {
            return Err(BundleError::Malformed(
                "path has an empty, '.' or '..' segment",
            ));
        }
    }
    Ok(())
}

/// Parses `MAJOR.MINOR.PATCH` (decimal). A suffix after the patch number starting with `-`
/// or `+` (e.g. `0.2.0-dev`) is ignored, so device versions compare by their numbers.
pub fn parse_version(v: &str) -> Option<(u32, u32, u32)> {
    let core = v.split(['-', '+']).next()?;
    let mut it = core.split('.');
    let mut num = || -> Option<u32> {
        let s = it.next()?;
        if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let v3 = (num()?, num()?, num()?);
    if it.next().is_some() {
        return None;
    }
    Some(v3)
}

impl fmt::Display for Manifest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "app:             {}", self.app)?;
        writeln!(f, "version:         {}", self.version)?;
        writeln!(f, "sequence:        {}", self.sequence)?;
        writeln!(f, "entry:           {}", self.entry)?;
        writeln!(f, "min interpreter: {}", self.min_interpreter)?;
        writeln!(f, "created:         {}", UnixTime(self.created_at))?;
        writeln!(f, "signing key:     {}", self.key_id)?;
        writeln!(f, "files:           {}", self.files.len())?;
        for file in &self.files {
            writeln!(
                f,
                "  {:>9}  {}  {}",
                file.size,
                crate::keys::to_hex(&file.sha256),
                file.path
            )?;
        }
        Ok(())
    }
}

/// Unix seconds shown as `YYYY-MM-DD HH:MM:SS UTC`.
pub struct UnixTime(pub u64);

impl fmt::Display for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0;
        let days = (secs / 86_400) as i64;
        let rem = secs % 86_400;
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = if m <= 2 { y + 1 } else { y };
        write!(
            f,
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn sample() -> Manifest {
        Manifest {
            app: "sensor".into(),
            version: "1.0.0".into(),
            sequence: 7,
            entry: "main.py".into(),
            min_interpreter: "0.1.0".into(),
            created_at: 1_764_000_000,
            key_id: KeyId([1, 2, 3, 4, 5, 6, 7, 8]),
            files: vec![
                FileEntry {
                    path: "lib/util.py".into(),
                    size: 3,
                    sha256: [9; 32],
                },
                FileEntry {
                    path: "main.py".into(),
                    size: 10,
                    sha256: [8; 32],
                },
            ],
        }
    }

    #[test]
    fn round_trip_and_exact_bytes() {
        let m = sample();
        let b = m.encode().unwrap();
        assert_eq!(Manifest::decode(&b).unwrap(), m);
        // version, "sensor", "1.0.0", seq, "main.py", "0.1.0", created, key id, count, 2 files
        let expected_len = 1
            + (2 + 6)
            + (2 + 5)
            + 8
            + (2 + 7)
            + (2 + 5)
            + 8
            + 8
            + 2
            + (2 + 11 + 4 + 32)
            + (2 + 7 + 4 + 32);
        assert_eq!(b.len(), expected_len);
        assert_eq!(&b[..3], &[1, 0, 6]);
    }

    #[test]
    fn refuses_trailing_and_truncated() {
        let mut b = sample().encode().unwrap();
        b.push(0);
        assert!(Manifest::decode(&b).is_err());
        b.pop();
        for n in 0..b.len() {
            assert!(Manifest::decode(&b[..n]).is_err());
        }
    }

    #[test]
    fn path_rules() {
        for ok in ["main.py", "a/b/c.py", "data.bin", ".hidden/x"] {
            assert!(validate_path(ok).is_ok(), "{ok}");
        }
        let long = "a".repeat(201);
        for bad in [
            "",
            "/abs",
            "a//b",
            "a/",
            "./a",
            "a/../b",
            "..",
            "a\\b",
            "a\nb",
            long.as_str(),
        ] {
            assert!(validate_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn manifest_rules() {
        let mut m = sample();
        m.files.swap(0, 1);
        assert!(m.encode().is_err(), "unsorted");
        let mut m = sample();
        m.files[1].path = "lib/util.py".into();
        assert!(m.encode().is_err(), "duplicate");
        let mut m = sample();
        m.entry = "nope.py".into();
        assert!(m.encode().is_err(), "entry");
        let mut m = sample();
        m.sequence = 0;
        assert!(m.encode().is_err());
        let mut m = sample();
        m.app = "a b".into();
        assert!(m.encode().is_err());
        let mut m = sample();
        m.min_interpreter = "1.2".into();
        assert!(m.encode().is_err());
        let mut m = sample();
        m.files.clear();
        assert!(m.encode().is_err());
    }

    #[test]
    fn versions() {
        assert_eq!(parse_version("0.1.0"), Some((0, 1, 0)));
        assert_eq!(parse_version("10.20.30-dev"), Some((10, 20, 30)));
        assert_eq!(parse_version("1.2"), None);
        assert_eq!(parse_version("1.2.3.4"), None);
        assert_eq!(parse_version("a.b.c"), None);
        assert_eq!(parse_version(""), None);
    }

    #[test]
    fn unix_time_display() {
        assert_eq!(UnixTime(0).to_string(), "1970-01-01 00:00:00 UTC");
        assert_eq!(
            UnixTime(1_764_072_000).to_string(),
            "2025-11-25 12:00:00 UTC"
        );
    }

    #[test]
    fn serializes_to_json_with_hex() {
        let j = serde_json::to_string(&sample()).unwrap();
        assert!(j.contains("\"key_id\":\"0102030405060708\""));
        assert!(j.contains(&"09".repeat(32)));
    }
}
