//! One small blob kept in the last page of a store (the enrollment answer): a header with its
//! length and CRC-32, then the bytes. Written once per enrollment; a torn write fails the CRC
//! and reads as "no record", so the device simply enrolls again.

use alloc::vec;
use alloc::vec::Vec;

use pyrite_agent_core::crc32::crc32;
use pyrite_agent_core::flash::{Flash, FlashError};

const MAGIC: [u8; 4] = *b"PyR1";
const HEADER: usize = 12;

/// The page index the record lives in.
pub fn record_page<F: Flash>(flash: &F) -> usize {
    flash.page_count().saturating_sub(1)
}

/// Reads the record; `None` when absent, torn or corrupt.
pub fn read<F: Flash>(flash: &mut F) -> Option<Vec<u8>> {
    let base = record_page(flash) * flash.page_size();
    let mut header = [0u8; HEADER];
    flash.read(base, &mut header).ok()?;
    if header[..4] != MAGIC {
        return None;
    }
    let len = u32::from_be_bytes([header[4], header[5], header[6], header[7]]) as usize;
    let crc = u32::from_be_bytes([header[8], header[9], header[10], header[11]]);
    if len > flash.page_size() - HEADER {
        return None;
    }
    let mut data = vec![0u8; len];
    flash.read(base + HEADER, &mut data).ok()?;
    (crc32(&data) == crc).then_some(data)
}

/// Replaces the record with `data`.
pub fn write<F: Flash>(flash: &mut F, data: &[u8]) -> Result<(), FlashError> {
    if data.len() > flash.page_size() - HEADER {
        return Err(FlashError::OutOfBounds);
    }
    let page = record_page(flash);
    let base = page * flash.page_size();
    flash.erase_page(page)?;
    // Body first, header last: the header only becomes valid once the body is durable.
    flash.program(base + HEADER, data)?;
    let mut header = [0u8; HEADER];
    header[..4].copy_from_slice(&MAGIC);
    header[4..8].copy_from_slice(&(data.len() as u32).to_be_bytes());
    header[8..].copy_from_slice(&crc32(data).to_be_bytes());
    flash.program(base, &header)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyrite_agent_core::flash::RamFlash;

    #[test]
    fn absent_then_written_then_replaced() {
        let mut flash = RamFlash::new(256, 8);
        assert_eq!(read(&mut flash), None);
        write(&mut flash, b"{\"first\":1}").unwrap();
        assert_eq!(
            read(&mut flash).as_deref(),
            Some(b"{\"first\":1}".as_slice())
        );
        write(&mut flash, b"second").unwrap();
        assert_eq!(read(&mut flash).as_deref(), Some(b"second".as_slice()));
    }

    #[test]
    fn corrupt_or_oversized_records_read_as_absent() {
        let mut flash = RamFlash::new(256, 8);
        write(&mut flash, b"payload").unwrap();
        // Flip bits of the body: the CRC no longer matches.
        let base = record_page(&flash) * 256 + HEADER;
        flash.erase_page(record_page(&flash)).unwrap();
        flash.program(base, b"paYload").unwrap();
        assert_eq!(read(&mut flash), None);
        assert_eq!(write(&mut flash, &[0u8; 250]), Err(FlashError::OutOfBounds));
    }

    #[test]
    fn a_torn_write_reads_as_absent() {
        let mut flash = RamFlash::new(256, 8);
        flash.cut_power_after(3);
        assert!(write(&mut flash, b"will be torn").is_err());
        flash.power_on();
        assert_eq!(read(&mut flash), None);
    }
}
