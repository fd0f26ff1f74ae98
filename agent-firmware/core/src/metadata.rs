//! The agent's persistent metadata (which slot runs, boot counter, download
//! progress) and its log-structured, power-cut-safe record store.
//!
//! Records are appended to one of two metadata pages; each carries a
//! sequence number and a CRC-32, so the newest record whose CRC checks is the
//! state. A record torn by a power cut fails its CRC and the previous record
//! stands. When the page is full (or holds a torn record, which cannot be
//! overwritten) the newest state is written to the other page after erasing
//! it; the old page keeps its valid copy until then, so a cut during the
//! erase or the write also leaves a valid state. Every state change is
//! therefore exactly one record write: that is what makes a slot switch
//! atomic.
//!
//! Format 2 added the device's boot counter at the end of the payload; a
//! store written by format 1 (shorter records) still opens, with a boot
//! count of 0, and is rewritten in format 2 by the next commit.

use crate::crc32::crc32;
use crate::flash::{ERASED, Flash, FlashError};

/// Number of A/B slots.
pub const SLOT_COUNT: usize = 2;
/// A bundle's identity: the SHA-256 of its bytes.
pub type Digest = [u8; 32];

const MAGIC: [u8; 4] = *b"PYM1";
const HEADER_LEN: usize = 4 + 4 + 2;
const CRC_LEN: usize = 4;
/// Programming granularity records are padded to (the widest common NOR
/// flash word), so a port never has to program a partial word.
const WRITE_ALIGN: usize = 8;
const FORMAT_VERSION: u8 = 2;
/// The first format: the same payload without the boot counter.
const FORMAT_VERSION_1: u8 = 1;

/// What a slot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SlotState {
    /// Nothing usable.
    #[default]
    Empty,
    /// A download is being written into it: never run it.
    Writing,
    /// A bundle that verified completely (signature, hashes, sequence).
    Verified,
}

/// One slot's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SlotInfo {
    /// What the slot holds.
    pub state: SlotState,
    /// Anti-rollback sequence of the bundle in it.
    pub sequence: u64,
    /// Length of the bundle in bytes.
    pub length: u32,
    /// SHA-256 of the bundle's bytes.
    pub digest: Digest,
}

/// A download in progress, persisted so it resumes after a reboot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadProgress {
    /// Slot being written (always the inactive one).
    pub slot: u8,
    /// Sequence the desired state announced.
    pub sequence: u64,
    /// Digest the desired state announced.
    pub digest: Digest,
    /// Total bundle length.
    pub total: u32,
    /// Bytes already durable in the slot (a page boundary).
    pub written: u32,
}

/// The whole persistent state of the agent. Every change is one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Metadata {
    /// Slot to boot, if any.
    pub active: Option<u8>,
    /// Whether the active slot passed its grace period (else it is on trial).
    pub confirmed: bool,
    /// Starts of the active slot while on trial; too many means a crash loop.
    pub boot_attempts: u8,
    /// Highest bundle sequence ever accepted (anti-rollback floor).
    pub highest_sequence: u64,
    /// The two slots.
    pub slots: [SlotInfo; SLOT_COUNT],
    /// A download to resume.
    pub download: Option<DownloadProgress>,
    /// The last bundle that failed or was refused, so it is not fetched again.
    pub rejected: Option<Digest>,
    /// Whether the operator stopped the app (survives reboots).
    pub app_stopped: bool,
    /// Boots of the device so far (counted by the agent at every boot).
    pub boot_count: u32,
}

/// Encoded size of a format-1 payload (read, never written).
const PAYLOAD_LEN_V1: usize =
    1 + 1 + 1 + 1 + 8 + SLOT_COUNT * (1 + 8 + 4 + 32) + 1 + (1 + 8 + 32 + 4 + 4) + 1 + 32 + 1;

/// Encoded size of a [`Metadata`] payload.
pub const PAYLOAD_LEN: usize = PAYLOAD_LEN_V1 + 4;

/// Size on flash of a record with a payload of `payload` bytes, padded.
const fn record_len(payload: usize) -> usize {
    (HEADER_LEN + payload + CRC_LEN).div_ceil(WRITE_ALIGN) * WRITE_ALIGN
}

/// Size of one record on flash, padded.
pub const RECORD_LEN: usize = record_len(PAYLOAD_LEN);

struct Writer<'a> {
    buf: &'a mut [u8],
    at: usize,
}

impl Writer<'_> {
    fn bytes(&mut self, b: &[u8]) {
        self.buf[self.at..self.at + b.len()].copy_from_slice(b);
        self.at += b.len();
    }
    fn u8(&mut self, v: u8) {
        self.bytes(&[v]);
    }
}

struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn bytes<const N: usize>(&mut self) -> Option<[u8; N]> {
        let out = self.buf.get(self.at..self.at + N)?.try_into().ok()?;
        self.at += N;
        Some(out)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.bytes::<1>()?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.bytes()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.bytes()?))
    }
    fn flag(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Metadata {
    /// Encodes the payload into `out` (which is [`PAYLOAD_LEN`] long).
    pub fn encode(&self, out: &mut [u8; PAYLOAD_LEN]) {
        out.fill(0);
        let mut w = Writer { buf: out, at: 0 };
        w.u8(FORMAT_VERSION);
        w.u8(self.active.map_or(0xFF, |s| s));
        w.u8(u8::from(self.confirmed));
        w.u8(self.boot_attempts);
        w.bytes(&self.highest_sequence.to_le_bytes());
        for slot in &self.slots {
            w.u8(match slot.state {
                SlotState::Empty => 0,
                SlotState::Writing => 1,
                SlotState::Verified => 2,
            });
            w.bytes(&slot.sequence.to_le_bytes());
            w.bytes(&slot.length.to_le_bytes());
            w.bytes(&slot.digest);
        }
        match &self.download {
            Some(d) => {
                w.u8(1);
                w.u8(d.slot);
                w.bytes(&d.sequence.to_le_bytes());
                w.bytes(&d.digest);
                w.bytes(&d.total.to_le_bytes());
                w.bytes(&d.written.to_le_bytes());
            }
            None => {
                w.u8(0);
                w.at += 1 + 8 + 32 + 4 + 4;
            }
        }
        match &self.rejected {
            Some(d) => {
                w.u8(1);
                w.bytes(d);
            }
            None => {
                w.u8(0);
                w.at += 32;
            }
        }
        w.u8(u8::from(self.app_stopped));
        w.bytes(&self.boot_count.to_le_bytes());
    }

    /// Decodes a payload; `None` when it is not a valid one of this format.
    pub fn decode(buf: &[u8]) -> Option<Metadata> {
        let mut r = Reader { buf, at: 0 };
        let version = r.u8()?;
        if version != FORMAT_VERSION && version != FORMAT_VERSION_1 {
            return None;
        }
        let active = match r.u8()? {
            0xFF => None,
            s if usize::from(s) < SLOT_COUNT => Some(s),
            _ => return None,
        };
        let confirmed = r.flag()?;
        let boot_attempts = r.u8()?;
        let highest_sequence = r.u64()?;
        let mut slots = [SlotInfo::default(); SLOT_COUNT];
        for slot in &mut slots {
            slot.state = match r.u8()? {
                0 => SlotState::Empty,
                1 => SlotState::Writing,
                2 => SlotState::Verified,
                _ => return None,
            };
            slot.sequence = r.u64()?;
            slot.length = r.u32()?;
            slot.digest = r.bytes()?;
        }
        let has_download = r.flag()?;
        let d_slot = r.u8()?;
        let d_sequence = r.u64()?;
        let d_digest = r.bytes()?;
        let d_total = r.u32()?;
        let d_written = r.u32()?;
        let download = if has_download {
            if usize::from(d_slot) >= SLOT_COUNT {
                return None;
            }
            Some(DownloadProgress {
                slot: d_slot,
                sequence: d_sequence,
                digest: d_digest,
                total: d_total,
                written: d_written,
            })
        } else {
            None
        };
        let has_rejected = r.flag()?;
        let rejected_digest = r.bytes()?;
        let rejected = has_rejected.then_some(rejected_digest);
        let app_stopped = r.flag()?;
        let boot_count = if version == FORMAT_VERSION {
            r.u32()?
        } else {
            0
        };
        Some(Metadata {
            active,
            confirmed,
            boot_attempts,
            highest_sequence,
            slots,
            download,
            rejected,
            app_stopped,
            boot_count,
        })
    }
}

/// Where the metadata log lives and where the next record goes.
pub struct MetadataLog {
    /// First of the two metadata pages.
    first_page: usize,
    /// Page (0 or 1, relative) holding the newest valid record.
    current: usize,
    /// Byte offset within `current` where the next record may be appended,
    /// or `None` when the page cannot take one (full or torn).
    append_at: Option<usize>,
    /// Sequence of the newest valid record (0 when none).
    sequence: u32,
    state: Metadata,
}

/// Errors of the metadata store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetadataError {
    /// The flash failed.
    Flash(FlashError),
    /// The metadata pages are too small for even one record.
    PageTooSmall,
}

impl From<FlashError> for MetadataError {
    fn from(e: FlashError) -> Self {
        MetadataError::Flash(e)
    }
}

impl MetadataLog {
    /// Scans the two pages starting at `first_page` and recovers the newest
    /// valid state (the default state on a blank store).
    pub fn open<F: Flash>(flash: &mut F, first_page: usize) -> Result<Self, MetadataError> {
        let page_size = flash.page_size();
        if page_size < RECORD_LEN {
            return Err(MetadataError::PageTooSmall);
        }
        let mut best: Option<(u32, usize, Metadata)> = None;
        let mut append = [None, None];
        for (rel, append_at) in append.iter_mut().enumerate() {
            let base = (first_page + rel) * page_size;
            let mut at = 0;
            let mut record = [0u8; RECORD_LEN];
            *append_at = loop {
                if at + HEADER_LEN > page_size {
                    break None;
                }
                let avail = (page_size - at).min(RECORD_LEN);
                let record = &mut record[..avail];
                flash.read(base + at, record)?;
                if record.iter().all(|&b| b == ERASED) {
                    break Some(at);
                }
                match parse_record(record) {
                    Some((seq, meta, len)) => {
                        if best.as_ref().is_none_or(|(s, _, _)| seq > *s) {
                            best = Some((seq, rel, meta));
                        }
                        at += len;
                    }
                    // A torn or foreign record: nothing after it is trusted
                    // and the page cannot be appended to any more.
                    None => break None,
                }
            };
        }
        let (sequence, current, state) = best.unwrap_or((0, 0, Metadata::default()));
        Ok(MetadataLog {
            first_page,
            current,
            append_at: append[current],
            sequence,
            state,
        })
    }

    /// The current state.
    pub fn state(&self) -> &Metadata {
        &self.state
    }

    /// Makes `next` the persistent state with one record write. On error the
    /// previous state stays current (in RAM and, after a reboot, on flash)
    /// unless the error was a power loss that happened to complete the write.
    pub fn commit<F: Flash>(&mut self, flash: &mut F, next: Metadata) -> Result<(), MetadataError> {
        let page_size = flash.page_size();
        let sequence = self.sequence.wrapping_add(1);
        let mut record = [0u8; RECORD_LEN];
        build_record(sequence, &next, &mut record);
        let (page, at) = match self.append_at {
            Some(at) if at + RECORD_LEN <= page_size && self.region_is_erased(flash, at)? => {
                (self.current, at)
            }
            _ => {
                // Compact into the other page: erase it, then write the state.
                let other = 1 - self.current;
                flash.erase_page(self.first_page + other)?;
                (other, 0)
            }
        };
        let offset = (self.first_page + page) * page_size + at;
        if let Err(e) = flash.program(offset, &record) {
            // The region may now hold a torn record: never append after it.
            if page == self.current {
                self.append_at = None;
            }
            return Err(e.into());
        }
        self.current = page;
        self.append_at = Some(at + RECORD_LEN);
        self.sequence = sequence;
        self.state = next;
        Ok(())
    }

    fn region_is_erased<F: Flash>(&self, flash: &mut F, at: usize) -> Result<bool, MetadataError> {
        let mut buf = [0u8; RECORD_LEN];
        flash.read(
            (self.first_page + self.current) * flash.page_size() + at,
            &mut buf,
        )?;
        Ok(buf.iter().all(|&b| b == ERASED))
    }
}

fn build_record(sequence: u32, meta: &Metadata, out: &mut [u8; RECORD_LEN]) {
    let mut payload = [0u8; PAYLOAD_LEN];
    meta.encode(&mut payload);
    out.fill(0);
    out[..4].copy_from_slice(&MAGIC);
    out[4..8].copy_from_slice(&sequence.to_le_bytes());
    out[8..10].copy_from_slice(&(PAYLOAD_LEN as u16).to_le_bytes());
    out[HEADER_LEN..HEADER_LEN + PAYLOAD_LEN].copy_from_slice(&payload);
    let crc = crc32(&out[4..HEADER_LEN + PAYLOAD_LEN]);
    out[HEADER_LEN + PAYLOAD_LEN..HEADER_LEN + PAYLOAD_LEN + CRC_LEN]
        .copy_from_slice(&crc.to_le_bytes());
}

/// Parses the record at the start of `record` (format 1 or 2); returns its
/// sequence, state and length on flash.
fn parse_record(record: &[u8]) -> Option<(u32, Metadata, usize)> {
    if record.get(..4)? != MAGIC {
        return None;
    }
    let len = usize::from(u16::from_le_bytes([*record.get(8)?, *record.get(9)?]));
    if len != PAYLOAD_LEN && len != PAYLOAD_LEN_V1 {
        return None;
    }
    let crc_at = HEADER_LEN + len;
    let stored = u32::from_le_bytes(record.get(crc_at..crc_at + CRC_LEN)?.try_into().ok()?);
    if crc32(&record[4..crc_at]) != stored {
        return None;
    }
    let sequence = u32::from_le_bytes(record[4..8].try_into().ok()?);
    let meta = Metadata::decode(&record[HEADER_LEN..crc_at])?;
    // The payload's own version must match its length.
    let expected = if record[HEADER_LEN] == FORMAT_VERSION_1 {
        PAYLOAD_LEN_V1
    } else {
        PAYLOAD_LEN
    };
    (len == expected).then_some((sequence, meta, record_len(len)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flash::RamFlash;

    fn sample(n: u64) -> Metadata {
        let mut m = Metadata {
            active: Some((n % 2) as u8),
            highest_sequence: n,
            boot_attempts: (n % 7) as u8,
            boot_count: n as u32 * 3,
            ..Default::default()
        };
        m.slots[1] = SlotInfo {
            state: SlotState::Verified,
            sequence: n,
            length: 77,
            digest: [n as u8; 32],
        };
        if n.is_multiple_of(3) {
            m.download = Some(DownloadProgress {
                slot: 0,
                sequence: n + 1,
                digest: [9; 32],
                total: 1000,
                written: (n * 10) as u32,
            });
        }
        if n.is_multiple_of(5) {
            m.rejected = Some([5; 32]);
        }
        m
    }

    #[test]
    fn encode_decode_round_trip() {
        for n in 0..20 {
            let m = sample(n);
            let mut buf = [0u8; PAYLOAD_LEN];
            m.encode(&mut buf);
            assert_eq!(Metadata::decode(&buf), Some(m));
        }
    }

    /// A format-1 record as the agent wrote it before the boot counter.
    fn v1_record(sequence: u32, meta: &Metadata) -> [u8; record_len(PAYLOAD_LEN_V1)] {
        let mut payload = [0u8; PAYLOAD_LEN];
        meta.encode(&mut payload);
        payload[0] = FORMAT_VERSION_1;
        let mut out = [0u8; record_len(PAYLOAD_LEN_V1)];
        out[..4].copy_from_slice(&MAGIC);
        out[4..8].copy_from_slice(&sequence.to_le_bytes());
        out[8..10].copy_from_slice(&(PAYLOAD_LEN_V1 as u16).to_le_bytes());
        out[HEADER_LEN..HEADER_LEN + PAYLOAD_LEN_V1].copy_from_slice(&payload[..PAYLOAD_LEN_V1]);
        let crc = crc32(&out[4..HEADER_LEN + PAYLOAD_LEN_V1]);
        out[HEADER_LEN + PAYLOAD_LEN_V1..HEADER_LEN + PAYLOAD_LEN_V1 + CRC_LEN]
            .copy_from_slice(&crc.to_le_bytes());
        out
    }

    #[test]
    fn a_format_1_store_opens_and_is_upgraded_by_the_next_commit() {
        let mut flash = RamFlash::new(1024, 4);
        let old = Metadata {
            boot_count: 0,
            ..sample(4)
        };
        let first = v1_record(1, &sample(3));
        let second = v1_record(2, &old);
        flash.program(0, &first).unwrap();
        flash.program(first.len(), &second).unwrap();
        let mut log = MetadataLog::open(&mut flash, 0).unwrap();
        assert_eq!(*log.state(), old, "the newest format-1 record wins");
        let next = Metadata {
            boot_count: 1,
            ..old
        };
        log.commit(&mut flash, next).unwrap();
        assert_eq!(*MetadataLog::open(&mut flash, 0).unwrap().state(), next);
        // Appended after the two short records, in the longer format.
        let mut header = [0u8; HEADER_LEN];
        flash.read(2 * first.len(), &mut header).unwrap();
        assert_eq!(header[..4], MAGIC);
        assert_eq!(
            usize::from(u16::from_le_bytes([header[8], header[9]])),
            PAYLOAD_LEN
        );
    }

    #[test]
    fn blank_store_gives_default_state_and_commits_survive_reopen() {
        let mut flash = RamFlash::new(256, 4);
        let mut log = MetadataLog::open(&mut flash, 1).unwrap();
        assert_eq!(*log.state(), Metadata::default());
        // Enough commits to wrap both pages several times.
        for n in 1..40 {
            log.commit(&mut flash, sample(n)).unwrap();
            let reopened = MetadataLog::open(&mut flash, 1).unwrap();
            assert_eq!(*reopened.state(), sample(n), "after commit {n}");
        }
    }

    /// A power cut at every write unit of a run of commits: after each cut
    /// the recovered state is either the one before the interrupted commit
    /// or the one it was writing, and commits continue to work afterwards.
    #[test]
    fn every_torn_write_leaves_the_previous_or_the_new_state() {
        let commits = 12u64;
        let mut total_units = 0;
        {
            let mut flash = RamFlash::new(256, 2);
            let mut log = MetadataLog::open(&mut flash, 0).unwrap();
            for n in 1..=commits {
                log.commit(&mut flash, sample(n)).unwrap();
            }
            total_units = total_units.max(flash.units_done());
        }
        for cut in 0..total_units {
            let mut flash = RamFlash::new(256, 2);
            flash.cut_power_after(cut);
            let mut log = MetadataLog::open(&mut flash, 0).unwrap();
            let mut last_ok = 0;
            let mut interrupted = None;
            for n in 1..=commits {
                match log.commit(&mut flash, sample(n)) {
                    Ok(()) => last_ok = n,
                    Err(_) => {
                        interrupted = Some(n);
                        break;
                    }
                }
            }
            flash.power_on();
            let mut log = MetadataLog::open(&mut flash, 0).unwrap();
            let got = *log.state();
            let before = if last_ok == 0 {
                Metadata::default()
            } else {
                sample(last_ok)
            };
            let ok = got == before || interrupted.is_some_and(|n| got == sample(n));
            assert!(ok, "cut at unit {cut}: recovered {got:?}");
            // The store keeps working after the cut.
            for n in 100..110 {
                log.commit(&mut flash, sample(n)).unwrap();
                assert_eq!(
                    *MetadataLog::open(&mut flash, 0).unwrap().state(),
                    sample(n)
                );
            }
        }
    }
}
