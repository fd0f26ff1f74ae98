//! The flash layout (two metadata pages, then the A and B slots) and
//! page-wise writing and reading of a bundle in a slot.
//!
//! A slot is written a page at a time: each page is erased right before it is
//! programmed, so a page torn by a power cut is simply rewritten when the
//! download resumes from the last page recorded as durable.

use alloc::vec;
use alloc::vec::Vec;

use crate::flash::{Flash, FlashError};
use crate::metadata::SLOT_COUNT;

/// Pages reserved for the metadata log.
pub const METADATA_PAGES: usize = 2;

/// Where everything lives in a [`Flash`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// First metadata page (the log uses two).
    pub metadata_page: usize,
    /// First page of slot A; slot B follows it.
    pub first_slot_page: usize,
    /// Pages per slot.
    pub slot_pages: usize,
    /// Bytes per page.
    pub page_size: usize,
}

impl Layout {
    /// Splits a whole flash: metadata first, the rest shared by two slots.
    pub fn for_flash<F: Flash>(flash: &F) -> Layout {
        let slot_pages = flash.page_count().saturating_sub(METADATA_PAGES) / SLOT_COUNT;
        Layout {
            metadata_page: 0,
            first_slot_page: METADATA_PAGES,
            slot_pages,
            page_size: flash.page_size(),
        }
    }

    /// Largest bundle a slot holds.
    pub fn slot_capacity(&self) -> usize {
        self.slot_pages * self.page_size
    }

    /// Byte offset of `slot`'s first byte.
    pub fn slot_offset(&self, slot: u8) -> usize {
        (self.first_slot_page + usize::from(slot) * self.slot_pages) * self.page_size
    }

    /// Reads bytes `offset..offset + buf.len()` of `slot`.
    pub fn read_slot<F: Flash>(
        &self,
        flash: &mut F,
        slot: u8,
        offset: usize,
        buf: &mut [u8],
    ) -> Result<(), FlashError> {
        if offset + buf.len() > self.slot_capacity() {
            return Err(FlashError::OutOfBounds);
        }
        flash.read(self.slot_offset(slot) + offset, buf)
    }
}

/// Writes a bundle into a slot, one whole page at a time.
pub struct SlotWriter {
    layout: Layout,
    slot: u8,
    /// Bytes already programmed (always a page boundary).
    durable: usize,
    /// The page being filled.
    page: Vec<u8>,
}

impl SlotWriter {
    /// Continues writing `slot` after its first `durable` bytes (a page
    /// boundary; 0 for a fresh download).
    pub fn resume(layout: Layout, slot: u8, durable: usize) -> SlotWriter {
        let durable = durable - durable % layout.page_size;
        SlotWriter {
            layout,
            slot,
            durable,
            page: Vec::with_capacity(layout.page_size),
        }
    }

    /// Bytes durable in flash (a page boundary).
    pub fn durable(&self) -> usize {
        self.durable
    }

    /// Bytes accepted so far, durable or buffered.
    pub fn position(&self) -> usize {
        self.durable + self.page.len()
    }

    /// Appends bytes; full pages go to flash. Returns whether a page was
    /// made durable (so the caller may record progress).
    pub fn write<F: Flash>(&mut self, flash: &mut F, mut data: &[u8]) -> Result<bool, FlashError> {
        if self.position() + data.len() > self.layout.slot_capacity() {
            return Err(FlashError::OutOfBounds);
        }
        let mut flushed = false;
        while !data.is_empty() {
            let room = self.layout.page_size - self.page.len();
            let take = room.min(data.len());
            self.page.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.page.len() == self.layout.page_size {
                self.flush_page(flash)?;
                flushed = true;
            }
        }
        Ok(flushed)
    }

    /// Writes the last, partial page.
    pub fn finish<F: Flash>(&mut self, flash: &mut F) -> Result<(), FlashError> {
        if !self.page.is_empty() {
            self.flush_page(flash)?;
        }
        Ok(())
    }

    fn flush_page<F: Flash>(&mut self, flash: &mut F) -> Result<(), FlashError> {
        let page_index = self.layout.first_slot_page
            + usize::from(self.slot) * self.layout.slot_pages
            + self.durable / self.layout.page_size;
        flash.erase_page(page_index)?;
        flash.program(page_index * self.layout.page_size, &self.page)?;
        self.durable += self.page.len();
        self.page.clear();
        Ok(())
    }
}

/// Reads a slot's bytes in pieces, for re-verifying or loading a bundle.
pub fn read_slot_to_vec<F: Flash>(
    layout: &Layout,
    flash: &mut F,
    slot: u8,
    len: usize,
) -> Result<Vec<u8>, FlashError> {
    let mut out = vec![0u8; len];
    layout.read_slot(flash, slot, 0, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flash::RamFlash;

    #[test]
    fn writes_whole_pages_and_resumes_at_a_page_boundary() {
        let mut flash = RamFlash::new(64, 2 + 2 * 8);
        let layout = Layout::for_flash(&flash);
        assert_eq!(layout.slot_capacity(), 512);
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7) as u8).collect();
        let mut w = SlotWriter::resume(layout, 1, 0);
        w.write(&mut flash, &data[..100]).unwrap();
        assert_eq!(w.durable(), 64);
        // A "reboot": the buffered 36 bytes are lost; resume from 64.
        let mut w = SlotWriter::resume(layout, 1, w.durable());
        w.write(&mut flash, &data[64..]).unwrap();
        w.finish(&mut flash).unwrap();
        assert_eq!(read_slot_to_vec(&layout, &mut flash, 1, 300).unwrap(), data);
        // Slot A was not touched.
        assert_eq!(
            read_slot_to_vec(&layout, &mut flash, 0, 4).unwrap(),
            [0xFF; 4]
        );
        assert!(
            SlotWriter::resume(layout, 0, 0)
                .write(&mut flash, &[0; 513])
                .is_err()
        );
    }
}
