//! The agent's flash-like store on the ESP32-C3's SPI flash: a data partition (see
//! `partitions.csv`, `pyrite` at 0x200000, 2 MiB) accessed through esp-storage.
//!
//! The agent core asks for byte-granular reads and programs; the SPI flash wants 4-byte words.
//! Unaligned edges are padded with 0xFF, which leaves NOR flash bytes unchanged (programming
//! can only clear bits), so the result is exactly the requested write.

use alloc::vec;

use esp_storage::FlashStorage;
use pyrite_agent_core::flash::{ERASED, Flash, FlashError};

/// Where the `pyrite` data partition starts (matches partitions.csv).
pub const PARTITION_OFFSET: u32 = 0x20_0000;
/// Its size.
pub const PARTITION_SIZE: u32 = 0x20_0000;
const PAGE: u32 = FlashStorage::SECTOR_SIZE;
const WORD: usize = FlashStorage::WORD_SIZE as usize;

/// The partition as the agent's [`Flash`].
pub struct SpiFlashStore {
    storage: FlashStorage<'static>,
}

impl SpiFlashStore {
    /// Wraps the chip's flash.
    pub fn new(storage: FlashStorage<'static>) -> Self {
        SpiFlashStore { storage }
    }

    fn check(&self, offset: usize, len: usize) -> Result<u32, FlashError> {
        match offset.checked_add(len) {
            Some(end) if end <= PARTITION_SIZE as usize => Ok(PARTITION_OFFSET + offset as u32),
            _ => Err(FlashError::OutOfBounds),
        }
    }

    /// The word-aligned window around `[offset, offset + len)`: (start, length).
    fn window(offset: usize, len: usize) -> (usize, usize) {
        let start = offset - offset % WORD;
        let end = (offset + len).div_ceil(WORD) * WORD;
        (start, end - start)
    }
}

impl Flash for SpiFlashStore {
    fn page_size(&self) -> usize {
        PAGE as usize
    }

    fn page_count(&self) -> usize {
        (PARTITION_SIZE / PAGE) as usize
    }

    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), FlashError> {
        self.check(offset, buf.len())?;
        if buf.is_empty() {
            return Ok(());
        }
        let (start, len) = Self::window(offset, buf.len());
        let mut words = vec![0u8; len];
        self.storage
            .read_nor(PARTITION_OFFSET + start as u32, &mut words)
            .map_err(|_| FlashError::Io)?;
        let skip = offset - start;
        buf.copy_from_slice(&words[skip..skip + buf.len()]);
        Ok(())
    }

    fn erase_page(&mut self, page: usize) -> Result<(), FlashError> {
        if page >= self.page_count() {
            return Err(FlashError::OutOfBounds);
        }
        let from = PARTITION_OFFSET + page as u32 * PAGE;
        self.storage
            .erase(from, from + PAGE)
            .map_err(|_| FlashError::Io)
    }

    fn program(&mut self, offset: usize, data: &[u8]) -> Result<(), FlashError> {
        self.check(offset, data.len())?;
        if data.is_empty() {
            return Ok(());
        }
        let mut current = vec![0u8; data.len()];
        self.read(offset, &mut current)?;
        if current.iter().any(|&b| b != ERASED) {
            return Err(FlashError::NotErased);
        }
        let (start, len) = Self::window(offset, data.len());
        let mut words = vec![ERASED; len];
        let skip = offset - start;
        words[skip..skip + data.len()].copy_from_slice(data);
        self.storage
            .write_nor(PARTITION_OFFSET + start as u32, &words)
            .map_err(|_| FlashError::Io)
    }
}
